/* course: a trainee's standing in the curriculum, read from the record and
 * judged lesson by lesson (course.h says the rules).
 *
 * One read of the trainee's sessions (oldest first), openings and best
 * sign-offs; the sessions of the curriculum's lessons are copied into one
 * array grouped by lesson, in the curriculum's order, each group oldest
 * first; then each lesson in turn gets its opening time (from the lesson
 * before it, judged just before) and its sessions are weighed and judged
 * with prof_judge(). Times are ISO 8601 UTC texts of one form
 * (store_now()), so comparing them as strings compares the times.
 */
#include "course.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_load.h"
#include "store_cli.h"
#include "store_signoff.h"

int course_curriculum_load(struct data_library *lib, struct curriculum *cur, char *err,
			   size_t err_size)
{
	char path[4200];
	FILE *f;

	/* The first on the search path: an academy's own, else the shipped. */
	data_library_curriculum(lib, path, sizeof(path));
	/* Say "no curriculum" plainly rather than as a parse error. */
	if (!(f = fopen(path, "r"))) {
		int rc = -errno;

		/* A path too long for @p err is cut; the message still says it. */
		if (snprintf(err, err_size, "cannot read the curriculum %s: %s", path,
			     strerror(-rc)) < 0 && err_size)
			err[0] = '\0';
		return rc;
	}
	fclose(f);
	return curriculum_load(path, lib, cur, err, err_size);
}

void course_free(struct course *course)
{
	if (!course)
		return;
	free(course->lessons);
	free(course->all_sessions);
	free(course);
}

/* @return the index of @p id in @p cur, or cur->count. */
static size_t lesson_index(const struct curriculum *cur, const char *id)
{
	size_t i;

	for (i = 0; i < cur->count; i++)
		if (!strcmp(cur->ids[i], id))
			break;
	return i;
}

/* How session @p s of a lesson opened at @p opened_time ("" from the
 * start; NULL not open) weighs. Where the pen came from is judged first:
 * a replay never counts, so "before the lesson opened" would wrongly
 * suggest that opening it would have made it count. */
static enum prof_kind weigh(const struct store_session *s, const char *opened_time)
{
	if (s->origin == STORE_ORIGIN_REPLAYED)
		return PROF_REPLAYED;
	if (s->origin != STORE_ORIGIN_LIVE)
		return PROF_ORIGIN_UNKNOWN;
	if (!opened_time || strcmp(s->started, opened_time) < 0)
		return PROF_BEFORE_OPENING;
	if (s->status == STORE_INTERRUPTED)
		return PROF_INTERRUPTED;
	if (s->status != STORE_COMPLETE || !s->judged_scored)
		return PROF_NOT_SCORED;
	return PROF_COUNTS;
}

static unsigned int signoff_of(const struct store_signoff_best *b, size_t n, int64_t session)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].session == session)
			return b[i].best_min;
	return 0;
}

/* Sets lesson @p i's opening from the lesson before it (judged already)
 * and the instructor's earliest opening of it in @p o. */
static void set_opening(struct course *c, const struct curriculum *cur, size_t i,
			const struct store_opening *o, size_t on)
{
	struct course_lesson *l = &c->lessons[i];
	const struct course_lesson *prev = i ? &c->lessons[i - 1] : NULL;
	bool after = prev && prev->status.state == PROF_PROFICIENT;

	for (size_t k = 0; k < on; k++)
		if (!strcmp(o[k].lesson_id, cur->ids[i])) {
			l->has_opening = true;
			l->opening = o[k];  /* the list is oldest first */
			break;
		}
	if (!prev) {
		l->opened = COURSE_FROM_START;
	} else if (l->has_opening &&
		   (!after || strcmp(l->opening.made, prev->proficient_time) < 0)) {
		l->opened = COURSE_BY_INSTRUCTOR;
		snprintf(l->opened_time, sizeof(l->opened_time), "%s", l->opening.made);
	} else if (after) {
		l->opened = COURSE_AFTER_PREVIOUS;
		snprintf(l->opened_time, sizeof(l->opened_time), "%s", prev->proficient_time);
		snprintf(l->opened_after, sizeof(l->opened_after), "%s", prev->id);
		l->opened_after_session = prev->status.proficient_at;
	}
}

/* Weighs and judges lesson @p i, whose sessions are @p ss[first ..
 * first + n) of the trainee's store list, by index @p idx. */
static int judge_lesson(struct course *c, const struct curriculum *cur, size_t i,
			const struct store_session *ss, const size_t *idx,
			const struct store_signoff_best *best, size_t best_count,
			struct course_session *out, char *err, size_t err_size)
{
	struct course_lesson *l = &c->lessons[i];
	const char *opened = l->opened == COURSE_NOT_OPEN ? NULL : l->opened_time;
	struct prof_session *ps = NULL;
	int rc;

	if (l->session_count && !(ps = calloc(l->session_count, sizeof(*ps)))) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	for (size_t k = 0; k < l->session_count; k++) {
		const struct store_session *s = &ss[idx[k]];
		struct course_session *x = &out[k];

		x->id = s->id;
		snprintf(x->started, sizeof(x->started), "%s", s->started);
		snprintf(x->ended, sizeof(x->ended), "%s", s->ended);
		x->kind = weigh(s, opened);
		x->origin = s->origin;
		x->view_mode = s->view_mode;
		x->scored = s->judged_scored;
		x->score = s->judged_scored ? s->judged_score : NAN;
		x->passed = s->judged_scored && s->judged_passed;
		x->interrupted = s->status == STORE_INTERRUPTED;
		x->exam = s->view_mode == STORE_VIEW_EXAM;
		x->rescored = s->rescored;
		x->signoff_min = signoff_of(best, best_count, s->id);
		ps[k] = (struct prof_session){ .id = x->id, .kind = x->kind,
			.passed = x->passed, .exam = x->exam, .score = x->score,
			.signoff_min = x->signoff_min };
		c->by_kind[x->kind]++;
		if (x->kind == PROF_COUNTS) {
			if (isnan(l->best) || x->score > l->best)
				l->best = x->score;
			l->last = x->score;
		}
	}
	/* The newest session's title, when the library gives none. */
	if (!l->title[0] && l->session_count)
		snprintf(l->title, sizeof(l->title), "%s",
			 ss[idx[l->session_count - 1]].lesson_title);
	rc = prof_judge(&l->rule, opened != NULL, ps, l->session_count, &l->status);
	free(ps);
	if (rc < 0) {
		char why[128];

		prof_rule_check(&l->rule, why, sizeof(why));
		snprintf(err, err_size, "lesson %s's proficiency rule is not one: %s",
			 cur->ids[i], why);
		return rc;
	}
	if (l->status.state == PROF_PROFICIENT) {
		const struct course_session *at = course_session_find(l, l->status.proficient_at);

		c->proficient++;
		snprintf(l->proficient_time, sizeof(l->proficient_time), "%s",
			 !at ? "" : at->ended[0] ? at->ended : at->started);
	}
	return 0;
}

/* A lesson whose rule asks for a sign-off became proficient no earlier
 * than the first sign-off that meets the rule, on one of the sessions it
 * rests on: its passes alone did not make it so, and the next lesson must
 * not open before. @return 0, or a negative errno with @p err set. */
static int signoff_time(struct store *store, struct course_lesson *l, char *err,
			size_t err_size)
{
	char first[STORE_TIME_MAX] = "";

	for (size_t k = 0; k < l->status.rests_count; k++) {
		struct store_signoff *so = NULL;
		size_t n = 0;
		int rc = store_signoff_list(store, l->status.rests_on[k], &so, &n);

		if (rc < 0) {
			snprintf(err, err_size, "%s", store_error(store));
			return rc;
		}
		for (size_t j = 0; j < n; j++)
			if (so[j].lowest >= (int)l->rule.signoff_min &&
			    (!first[0] || strcmp(so[j].made, first) < 0))
				snprintf(first, sizeof(first), "%s", so[j].made);
		free(so);
	}
	if (strcmp(first, l->proficient_time) > 0)
		snprintf(l->proficient_time, sizeof(l->proficient_time), "%s", first);
	return 0;
}

/* The lesson's title from the data folder's file, if it loads. */
static void library_title(struct data_library *lib, const char *id, char *title,
			  size_t size)
{
	char path[4200], err[1024];
	const struct lesson *lesson;

	if (lib && data_library_find(lib, DATA_LESSON, id, path, sizeof(path), NULL,
				     err, sizeof(err)) == 0 &&
	    lesson_load_once(path, lib, &lesson, err, sizeof(err)) == 0)
		snprintf(title, size, "%s", lesson->title);
}

int course_judge(struct store *store, const struct curriculum *cur,
		 struct data_library *lib, const char *trainee, struct course **out,
		 char *err, size_t err_size)
{
	struct store_filter filter = { .trainee = trainee };
	struct store_session *ss = NULL;
	struct store_opening *op = NULL;
	struct store_signoff_best *best = NULL;
	size_t n = 0, on = 0, bn = 0, used = 0, *idx = NULL, *at = NULL;
	struct course *c;
	int rc;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))) ||
	    !(c->lessons = calloc(cur->count ? cur->count : 1, sizeof(*c->lessons)))) {
		free(c);
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	rc = store_trainee_find(store, trainee, &c->trainee);
	if (rc == -ENOENT) {
		/* As review and every command that takes a trainee say it. */
		snprintf(err, err_size, "%s (see 'smpsim trainee list')", store_error(store));
		goto out;
	}
	if (rc == 0)
		rc = store_session_list(store, &filter, &ss, &n);
	if (rc == 0)
		rc = store_opening_list(store, c->trainee, &op, &on);
	if (rc == 0)
		rc = store_signoff_best_list(store, c->trainee, &best, &bn);
	if (rc < 0) {
		snprintf(err, err_size, "%s", store_error(store));
		goto out;
	}
	if (store_trainee_name(trainee, c->trainee_name, NULL, 0) < 0 || n)
		snprintf(c->trainee_name, sizeof(c->trainee_name), "%s",
			 n ? ss[0].trainee_name : trainee);

	/* Group the curriculum's sessions by lesson, each oldest first. */
	idx = calloc(n ? n : 1, sizeof(*idx));
	at = calloc(cur->count + 1, sizeof(*at));
	c->all_sessions = calloc(n ? n : 1, sizeof(*c->all_sessions));
	if (!idx || !at || !c->all_sessions) {
		rc = -ENOMEM;
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		at[lesson_index(cur, ss[k].lesson_id)]++;
	for (size_t i = 0, sum = 0; i <= cur->count; i++) {
		size_t m = at[i];

		at[i] = sum;
		sum += m;
	}
	for (size_t k = 0; k < n; k++)
		idx[at[lesson_index(cur, ss[k].lesson_id)]++] = k;
	/* at[i] is now the end of lesson i's group. */

	c->count = cur->count;
	for (size_t i = 0; i < cur->count; i++) {
		struct course_lesson *l = &c->lessons[i];
		size_t first = i ? at[i - 1] : 0;

		snprintf(l->id, sizeof(l->id), "%s", cur->ids[i]);
		library_title(lib, l->id, l->title, sizeof(l->title));
		l->rule = cur->rules[i];
		l->best = l->last = NAN;
		l->sessions = c->all_sessions + used;
		l->session_count = at[i] - first;
		set_opening(c, cur, i, op, on);
		rc = judge_lesson(c, cur, i, ss, idx + first, best, bn,
				  c->all_sessions + used, err, err_size);
		if (rc == 0 && l->status.state == PROF_PROFICIENT && l->rule.signoff_min)
			rc = signoff_time(store, l, err, err_size);
		if (rc < 0)
			goto out;
		if (!l->title[0])
			snprintf(l->title, sizeof(l->title), "%s", l->id);
		used += l->session_count;
	}
	*out = c;
	c = NULL;
	rc = 0;
out:
	course_free(c);
	free(ss);
	free(op);
	free(best);
	free(idx);
	free(at);
	return rc;
}

const struct course_lesson *course_lesson_find(const struct course *course, const char *id)
{
	for (size_t i = 0; i < course->count; i++)
		if (!strcmp(course->lessons[i].id, id))
			return &course->lessons[i];
	return NULL;
}

const struct course_session *course_session_find(const struct course_lesson *lesson,
						 int64_t id)
{
	for (size_t k = 0; k < lesson->session_count; k++)
		if (lesson->sessions[k].id == id)
			return &lesson->sessions[k];
	return NULL;
}

/* Appends the printf-style text to @p buf, cut at @p size. */
static void append(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void append(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t used = strlen(buf);

	if (used + 1 < size)
		vsnprintf(buf + used, size - used, fmt, ap);
}

/* Appends ", " (after a part before it) and the printf-style text. */
static void part(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void part(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used && used + 2 < size)
		memcpy(buf + used, ", ", 3);
	va_start(ap, fmt);
	append(buf, size, fmt, ap);
	va_end(ap);
}

/* Appends the printf-style text to the part before it. */
static void part_more(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void part_more(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(buf, size, fmt, ap);
	va_end(ap);
}

void course_rule_text(const struct prof_rule *r, char *buf, size_t size)
{
	buf[0] = '\0';
	part(buf, size, "%u pass%s in a row", r->consecutive, r->consecutive == 1 ? "" : "es");
	if (r->total > r->consecutive)
		part(buf, size, "%u in all", r->total);
	if (r->exam_last == 1)
		part(buf, size, "the last in exam mode");
	else if (r->exam_last)
		part(buf, size, "the last %u in exam mode", r->exam_last);
	if (r->signoff_min)
		part(buf, size, "a sign-off rated %u or more", r->signoff_min);
}

void course_left_text(const struct course_lesson *l, char *buf, size_t size)
{
	const struct prof_status *st = &l->status;

	buf[0] = '\0';
	if (st->state == PROF_PROFICIENT)
		return;
	if (st->left_in_row)
		part(buf, size, "%zu pass%s in a row", st->left_in_row,
		     st->left_in_row == 1 ? "" : "es");
	if (st->left_total > st->left_in_row)
		part(buf, size, st->left_in_row ? "%zu in all" : "%zu pass%s in all",
		     st->left_total, st->left_total == 1 ? "" : "es");
	if (st->left_exam)
		part(buf, size, "%zu of them in exam mode", st->left_exam);
	if (st->needs_signoff)
		part(buf, size, "a sign-off rated %u or more", l->rule.signoff_min);
	/* All else done: name the passes it can be on, and how. */
	if (st->signoff_on_count == 1)
		part_more(buf, size, " on session %lld (smpsim signoff --session %lld)",
			  (long long)st->signoff_on[0], (long long)st->signoff_on[0]);
	else if (st->signoff_on_count) {
		part_more(buf, size, " on one of sessions");
		for (size_t k = 0; k < st->signoff_on_count; k++)
			part_more(buf, size, "%s %lld", k ? "," : "",
				  (long long)st->signoff_on[k]);
		part_more(buf, size, " (smpsim signoff --session N)");
	}
}

void course_opened_text(const struct course *course, const struct course_lesson *l,
			char *buf, size_t size)
{
	char when[STORE_TIME_MAX + 16];
	size_t i = (size_t)(l - course->lessons);

	switch (l->opened) {
	case COURSE_FROM_START:
		snprintf(buf, size, "from the start");
		return;
	case COURSE_AFTER_PREVIOUS:
		store_cli_local_time(l->opened_time, STORE_CLI_MINUTE, when, sizeof(when));
		snprintf(buf, size, "after %s was proficient (session %lld, %s)",
			 l->opened_after, (long long)l->opened_after_session, when);
		return;
	case COURSE_BY_INSTRUCTOR:
		store_cli_local_time(l->opening.made, STORE_CLI_MINUTE, when, sizeof(when));
		snprintf(buf, size, "by instructor %s on %s: %s", l->opening.by, when,
			 l->opening.why);
		return;
	case COURSE_NOT_OPEN:
		break;
	}
	snprintf(buf, size, "not open yet (finish %s first, or an instructor opens it)",
		 i ? course->lessons[i - 1].id : "?");
}

int course_locked_note(struct store *store, struct data_library *lib, const char *trainee,
		       const char *lesson_id, char *buf, size_t size)
{
	struct curriculum *cur = malloc(sizeof(*cur));
	const struct course_lesson *l = NULL;
	struct course *course = NULL;
	char err[1024];
	size_t i;

	buf[0] = '\0';
	if (cur && course_curriculum_load(lib, cur, err, sizeof(err)) == 0 &&
	    course_judge(store, cur, lib, trainee, &course, err, sizeof(err)) == 0)
		l = course_lesson_find(course, lesson_id);
	if (l && l->status.state == PROF_LOCKED) {
		i = (size_t)(l - course->lessons);
		snprintf(buf, size, "%s is not open for you yet (finish %s first, or an "
			 "instructor opens it: smpsim trainee open NAME %s --by WHO --why "
			 "TEXT): this session is stored but will not count towards "
			 "proficiency.", l->id, course->lessons[i - 1].id, l->id);
	}
	course_free(course);
	free(cur);
	return buf[0] != '\0';
}
