/* report_store: fills the report's plain data (report_html.h) from the
 * trainee record (store.h, and the sign-offs of store_signoff.h) and the
 * data folder, and writes the page into the caller's out_file.
 */
#include "report_store.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchmark_levels.h"
#include "cli.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "report_html.h"
#include "store_signoff.h"

/* "2025-03-01T14:02:07.250Z" (UTC) as Unix time; 0 when it is not one. */
static int64_t iso_time(const char *s)
{
	struct tm tm = { 0 };
	int n = 0;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n == 0)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/* Today's lesson @p id of the library's data folder. */
static int load_current_lesson(const char *id, struct data_library *lib,
			       const struct lesson **lesson, char *err, size_t err_size)
{
	char path[4096];
	int rc = data_library_find(lib, DATA_LESSON, id, path, sizeof(path), NULL, err,
				   err_size);

	return rc < 0 ? rc : lesson_load_once(path, lib, lesson, err, err_size);
}

/* A session's sign-offs as the page takes them (report_signoff), pointing
 * into list, which outlives them. */
struct page_signoffs {
	struct store_signoff *list;
	size_t count;
	struct report_signoff *pages;
	struct report_rating *ratings;
};

static int page_signoffs_read(struct store *store, int64_t session, struct page_signoffs *g)
{
	size_t n = 0;
	int rc = store_signoff_list(store, session, &g->list, &g->count);

	if (rc < 0)
		return rc;
	g->pages = calloc(g->count ? g->count : 1, sizeof(*g->pages));
	g->ratings = calloc(g->count ? g->count * STORE_SIGNOFF_DOMAINS_MAX : 1,
			    sizeof(*g->ratings));
	if (!g->pages || !g->ratings)
		return -ENOMEM;
	for (size_t i = 0; i < g->count; i++) {
		const struct store_signoff *s = &g->list[i];

		g->pages[i] = (struct report_signoff){
			.instructor = s->instructor, .made = iso_time(s->made),
			.ratings = &g->ratings[n], .rating_count = s->rating_count,
			.lowest = s->lowest, .note = s->note,
		};
		for (size_t k = 0; k < s->rating_count; k++)
			g->ratings[n++] = (struct report_rating){
				.domain = s->ratings[k].domain, .rating = s->ratings[k].rating,
			};
	}
	return 0;
}

static void page_signoffs_free(struct page_signoffs *g)
{
	free(g->list);
	free(g->pages);
	free(g->ratings);
}

/* What the session page needs, on the heap (a lesson and its models are
 * tens of kilobytes). */
struct session_page {
	struct store_session ss;
	struct lesson lesson;
	struct lesson_session ls;
	struct score_metrics metrics;
	struct score_result result;
	struct deposit *deposits;
	size_t count;
	char note[1024];
	char device[2 * STORE_NAME_MAX + 4];
	char mapping[STORE_MAPPING_TEXT_MAX];
	char levels[160];
};

/* Where a stored session's pen came from, as the page's header says it:
 * a replayed one is flagged, since it never counts towards proficiency. */
static const char *origin_text(int origin)
{
	switch (origin) {
	case STORE_ORIGIN_LIVE:
		return "live";
	case STORE_ORIGIN_REPLAYED:
		return "replayed from a recording (does not count towards proficiency)";
	default:
		return "origin not kept (stored before smpsim kept it; does not count "
		       "towards proficiency)";
	}
}

/* The session's lesson: the exact file it ran on when the record has it
 * and it still loads (read from the record's copy in memory, its scalp
 * model and needle from the data folder; nothing is written anywhere),
 * else the data folder's, said in the note. */
static int page_lesson(struct session_page *p, struct data_library *lib, struct store *store,
		       char *err, size_t err_size)
{
	char why[512] = "";
	char *text = NULL;
	size_t size = 0;
	int rc = store_session_lesson_text(store, p->ss.id, &text, &size);

	if (rc == 0 && size > 0) {
		char name[STORE_NAME_MAX + 64];

		snprintf(name, sizeof(name), "lesson %s as stored with session %lld",
			 p->ss.lesson_id, (long long)p->ss.id);
		rc = lesson_load_text(name, p->ss.lesson_id, text, size, lib, &p->lesson,
				      why, sizeof(why));
	} else if (rc == 0)
		snprintf(why, sizeof(why), "the record holds no copy of it");
	else
		snprintf(why, sizeof(why), "%s", store_error(store));
	free(text);
	if (rc < 0 || size == 0) {
		const struct lesson *today;

		rc = load_current_lesson(p->ss.lesson_id, lib, &today, err, err_size);
		if (rc < 0)
			return rc;
		p->lesson = *today;
		snprintf(p->note, sizeof(p->note), "The lesson file this session ran on "
			 "could not be used (%s): it is drawn on today's %s.yaml.", why,
			 p->ss.lesson_id);
	}
	return lesson_session_prepare(&p->lesson, lib, &p->ls, err, err_size);
}

/* Measures and scores stored deposits, for a session the record has no
 * score of. @return true when it could. */
static bool score_now(struct session_page *p, double duration_s)
{
	struct score_dot *dots = malloc((p->count ? p->count : 1) * sizeof(*dots));
	struct score_frame frame;
	bool ok;

	if (!dots)
		return false;
	lesson_score_deposits(&p->ls, p->deposits, p->count, dots);
	lesson_score_frame(&p->lesson, &p->ls, duration_s, &frame);
	ok = score_metrics_compute(dots, p->count, &frame, &p->metrics) == 0 &&
	     score_rubric_apply(&p->lesson.rubric, &p->metrics, &p->result) == 0;
	free(dots);
	return ok;
}

static void add_note(struct session_page *p, const char *text)
{
	size_t n = strlen(p->note);

	snprintf(p->note + n, sizeof(p->note) - n, "%s%s", n ? " " : "", text);
}

/* Which levels judged the session, when not only the lesson file's own:
 * a benchmark's (smpsim benchmark), or a rescore's (smpsim rescore). A
 * session judged by its lesson file alone gets no note, as before. */
static void levels_note(struct store *store, struct session_page *p)
{
	char levels[160], text[400];

	if (p->ss.benchmark > 0) {
		benchmark_levels_name(store, p->ss.benchmark, levels, sizeof(levels));
		snprintf(text, sizeof(text), "Judged by the required levels of %s, not the "
			 "lesson file's own.", levels);
		add_note(p, text);
	}
	if (p->ss.rescored) {
		benchmark_levels_name(store, p->ss.judged_benchmark, levels, sizeof(levels));
		if (p->ss.judged_scored && isfinite(p->ss.judged_score))
			snprintf(text, sizeof(text), "Rescored since by %s: %.1f, %s (its "
				 "judgement now; the score shown is its own).", levels,
				 p->ss.judged_score, p->ss.status == STORE_INTERRUPTED ?
				 "interrupted, not a pass or fail" :
				 p->ss.judged_passed ? "PASS" : "FAIL");
		else
			snprintf(text, sizeof(text), "Rescored since by %s: not scored.", levels);
		add_note(p, text);
	}
}

/* Says what a renderer's failure means. */
static int render_failed(int rc, const struct out_file *file, char *err, size_t err_size)
{
	/* A write that failed before the last flush: its own errno. */
	if (rc == -EIO && out_file_write_errno(file))
		rc = -out_file_write_errno(file);
	if (rc == -EINVAL)
		snprintf(err, err_size, "%s: incomplete session data", out_file_path(file));
	else if (rc < 0)
		snprintf(err, err_size, "%s: %s", out_file_path(file), strerror(-rc));
	return rc;
}

int report_store_session(struct store *store, int64_t session, struct data_library *lib,
			 struct out_file *file, char *err, size_t err_size)
{
	struct session_page *p = calloc(1, sizeof(*p));
	struct page_signoffs signoffs = { .list = NULL };
	struct report_session rs;
	bool measured, scored;
	double duration;
	int rc;

	if (!p) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	if (!lib)
		lib = cli_library();
	rc = store_session_get(store, session, &p->ss);
	if (rc == -ENOENT)
		snprintf(err, err_size, "there is no session %lld in %s", (long long)session,
			 store_path(store));
	else if (rc < 0)
		snprintf(err, err_size, "%s", store_error(store));
	if (rc == 0)
		rc = page_lesson(p, lib, store, err, err_size);
	if (rc == 0 && (rc = store_session_deposit_array(store, session, &p->deposits,
							 &p->count)) < 0)
		snprintf(err, err_size, "%s", store_error(store));
	if (rc == 0 && (rc = store_session_result(store, session, &p->metrics, &p->result)) < 0)
		snprintf(err, err_size, "%s", store_error(store));
	if (rc == 0 && (rc = page_signoffs_read(store, session, &signoffs)) < 0)
		snprintf(err, err_size, "%s", rc == -ENOMEM ? "out of memory" :
			 store_error(store));
	if (rc < 0)
		goto out;

	duration = p->ss.duration_s;
	if (!isfinite(duration) && p->count > 0)
		duration = (p->deposits[p->count - 1].up_us - p->ss.start_us) / 1e6;
	measured = p->ss.measured;
	scored = p->ss.scored;
	if (!scored && p->ss.status == STORE_IN_PROGRESS) {
		add_note(p, "This session is still in progress: what it has done so far, "
			 "not scored yet.");
	} else if (!scored && p->ss.status == STORE_INTERRUPTED &&
		   p->lesson.rubric.before_proficiency) {
		/* score_rubric_apply() refuses it: no required item to pass by. */
		add_note(p, "This session was interrupted and the record holds no score; "
			 "the lesson file it ran on was scored by a pass mark (before "
			 "proficiency), so it is not scored here.");
	} else if (!scored && p->ss.status == STORE_INTERRUPTED && p->count > 0) {
		measured = scored = score_now(p, isfinite(duration) ? duration : 0);
		add_note(p, scored ? "This session was interrupted. It is measured and scored "
			 "here from its stored deposits; the record holds no score." :
			 p->metrics.dots == 0 ? "This session was interrupted. Not scored: "
			 "no dots were made." :
			 "This session was interrupted, too early to score.");
	} else if (!scored && p->ss.status == STORE_COMPLETE && measured &&
		   p->metrics.dots == 0) {
		add_note(p, "Not scored: no dots were made. The session is kept, with what "
			 "the pen did, and never counts towards proficiency.");
	}
	/* A replay's page looks like anyone's pass or fail: it says it was
	 * the recording's pen, as review's origin column does. */
	if (p->ss.origin == STORE_ORIGIN_REPLAYED)
		add_note(p, "Replayed from a recording, not practised live: it does not "
			 "count towards proficiency.");
	levels_note(store, p);
	if (p->ss.scored)
		benchmark_levels_name(store, p->ss.benchmark, p->levels, sizeof(p->levels));
	store_session_mapping_text(&p->ss, p->mapping, sizeof(p->mapping));
	snprintf(p->device, sizeof(p->device), "%s%s%s%s", p->ss.device_name,
		 *p->ss.device_id ? " (" : "", p->ss.device_id, *p->ss.device_id ? ")" : "");
	rs = (struct report_session){
		.id = p->ss.id,
		.trainee = p->ss.trainee_name,
		.lesson = &p->lesson,
		.ls = &p->ls,
		.deposits = p->deposits,
		.deposit_count = p->count,
		.metrics = measured ? &p->metrics : NULL,
		.result = measured && scored ? &p->result : NULL,
		.uncapped = scored ? p->ss.uncapped : 0,
		.started = iso_time(p->ss.started),
		.duration_s = isfinite(duration) ? duration : 0,
		.status = store_session_status_name(p->ss.status),
		.device = *p->device ? p->device : NULL,
		.view = p->ss.view_mode == STORE_VIEW_SHOWN ? "the live view" :
			p->ss.view_mode == STORE_VIEW_EXAM ? "exam mode" :
			p->ss.view_mode == STORE_VIEW_NONE ? "no view" : NULL,
		.mapping = p->mapping,
		.origin = origin_text(p->ss.origin),
		.levels = *p->levels ? p->levels : NULL,
		.note = *p->note ? p->note : NULL,
		.signoffs_shown = true,
		.signoffs = signoffs.pages,
		.signoff_count = signoffs.count,
	};
	rc = render_failed(report_html_session(out_file_stream(file), &rs), file, err,
			   err_size);
out:
	page_signoffs_free(&signoffs);
	free(p->deposits);
	free(p);
	return rc;
}

/* ---- a trainee ---- */

struct lesson_group {
	char id[STORE_NAME_MAX];
	char title[STORE_NAME_MAX];
	struct report_attempt *attempts;
	size_t count;
};

/* The lessons' places in the curriculum, for the order of the page. */
static size_t curriculum_rank(const struct curriculum *c, const char *id)
{
	for (size_t i = 0; c && i < c->count; i++)
		if (!strcmp(c->ids[i], id))
			return i;
	return SIZE_MAX;
}

static int group_sessions(const struct store_session *ss, size_t n, struct lesson_group **out,
			  size_t *count)
{
	struct lesson_group *g = calloc(n ? n : 1, sizeof(*g));
	size_t groups = 0;

	if (!g)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < groups && strcmp(g[k].id, ss[i].lesson_id); k++)
			;
		if (k == groups) {
			snprintf(g[k].id, sizeof(g[k].id), "%s", ss[i].lesson_id);
			snprintf(g[k].title, sizeof(g[k].title), "%s", ss[i].lesson_title);
			g[k].attempts = calloc(n, sizeof(*g[k].attempts));
			groups++;
			if (!g[k].attempts)
				goto fail;
		}
		g[k].attempts[g[k].count++] = (struct report_attempt){
			.session = ss[i].id,
			.started = iso_time(ss[i].started),
			.scored = ss[i].scored && isfinite(ss[i].score),
			.score = ss[i].score,
			.passed = ss[i].passed,
			.status = store_session_status_name(ss[i].status),
			.deposits = ss[i].deposits,
			.signoffs = ss[i].signoffs,
			.not_counted = ss[i].origin == STORE_ORIGIN_LIVE ? NULL :
				       ss[i].origin == STORE_ORIGIN_REPLAYED ?
				       "replayed from a recording" : "origin not kept",
		};
	}
	*out = g;
	*count = groups;
	return 0;
fail:
	for (size_t k = 0; k < groups; k++)
		free(g[k].attempts);
	free(g);
	return -ENOMEM;
}

/* The lowest rating of each signed-off attempt's best sign-off. */
static int attempts_signoffs(struct store *store, struct lesson_group *g, size_t count)
{
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < g[i].count; k++) {
			struct report_attempt *a = &g[i].attempts[k];
			unsigned int lowest;
			int rc;

			if (a->signoffs == 0)
				continue;
			if ((rc = store_signoff_best(store, a->session, &lowest)) < 0)
				return rc;
			a->signoff_lowest = (int)lowest;
		}
	return 0;
}

int report_store_trainee(struct store *store, const char *name, struct data_library *lib,
			 struct out_file *file, char *err, size_t err_size)
{
	struct store_filter filter = { .trainee = name };
	struct store_session *ss = NULL;
	struct lesson_group *groups = NULL;
	struct report_lesson_trend *trends = NULL;
	struct curriculum *cur = calloc(1, sizeof(*cur));
	const struct lesson *lesson;
	char cpath[4096], why[512];
	size_t n = 0, count = 0;
	int64_t id;
	int rc;

	if (!cur) {
		rc = -ENOMEM;
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	if (!lib)
		lib = cli_library();
	rc = store_trainee_find(store, name, &id);
	if (rc == -ENOENT)
		/* As review and every command that takes a trainee say it. */
		snprintf(err, err_size, "%s (see 'smpsim trainee list')", store_error(store));
	else if (rc < 0)
		snprintf(err, err_size, "%s", store_error(store));
	if (rc == 0 && (rc = store_session_list(store, &filter, &ss, &n)) < 0)
		snprintf(err, err_size, "%s", store_error(store));
	if (rc == 0 && (rc = group_sessions(ss, n, &groups, &count)) < 0)
		snprintf(err, err_size, "out of memory");
	if (rc == 0 && (rc = attempts_signoffs(store, groups, count)) < 0)
		snprintf(err, err_size, "%s", store_error(store));
	if (rc < 0)
		goto out;

	/* Teaching order; lessons not in the curriculum after, as first met. */
	data_library_curriculum(lib, cpath, sizeof(cpath));
	if (curriculum_load(cpath, lib, cur, why, sizeof(why)) < 0)
		cur->count = 0;
	for (size_t i = 1; i < count; i++) {
		struct lesson_group g = groups[i];
		size_t j = i, rank = curriculum_rank(cur, g.id);

		while (j > 0 && curriculum_rank(cur, groups[j - 1].id) > rank) {
			groups[j] = groups[j - 1];
			j--;
		}
		groups[j] = g;
	}
	trends = calloc(count ? count : 1, sizeof(*trends));
	if (!trends) {
		rc = -ENOMEM;
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		/* Today's lesson file for the title, if it is there. */
		if (load_current_lesson(groups[i].id, lib, &lesson, why, sizeof(why)) == 0) {
			snprintf(groups[i].title, sizeof(groups[i].title), "%s", lesson->title);
		}
		trends[i] = (struct report_lesson_trend){
			.lesson_id = groups[i].id,
			.title = *groups[i].title ? groups[i].title : NULL,
			.attempts = groups[i].attempts,
			.count = groups[i].count,
		};
	}
	{
		struct report_trainee t = {
			/* As the record has it (names match in NFC form). */
			.name = n > 0 ? ss[0].trainee_name : name,
			.lessons = trends, .lesson_count = count,
			.generated = (int64_t)time(NULL),
		};

		rc = render_failed(report_html_trainee(out_file_stream(file), &t), file, err,
				   err_size);
	}
out:
	for (size_t i = 0; groups && i < count; i++)
		free(groups[i].attempts);
	free(groups);
	free(trends);
	free(ss);
	free(cur);
	return rc;
}
