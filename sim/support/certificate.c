/* certificate: a certificate's facts from the record. The judging is
 * course_judge()'s (course.h), so a certificate says what `smpsim
 * progress` says; this file picks the lessons asked for, refuses when one
 * is not proficient, and reads what each proficiency rests on: the
 * sessions (store.h), their sign-offs (store_signoff.h) and the
 * benchmarks they were judged against (store_benchmark.h). Issuing, the
 * lessons' titles and files are the data folder's; checking
 * (certificate_ask.stated), they are the certificate's own, so a check
 * reads no data file.
 */
#include "certificate.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course.h"
#include "lesson_load.h"
#include "store_benchmark.h"
#include "store_signoff.h"

#define SHIPPED_LEVELS "the lesson's shipped levels"

/* Appends printf text to @p buf (size @p size) after what it holds. */
static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strnlen(buf, size);
	va_list ap;

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

static void sha256_hex(const char *data, size_t len, char out[CERT_SHA_MAX])
{
	gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);

	snprintf(out, CERT_SHA_MAX, "%s", hex ? hex : "");
	g_free(hex);
}

/* The bytes of the data folder's curriculum file now, in *text (to
 * g_free()). */
static int curriculum_file(struct data_library *lib, gchar **text, gsize *len, char *why,
			   size_t why_size)
{
	gchar *path = g_strdup_printf("%s/lessons/%s.yaml", data_library_dir(lib),
				      LESSON_CURRICULUM_ID);
	GError *error = NULL;
	int rc = 0;

	*text = NULL;
	if (!g_file_get_contents(path, text, len, &error)) {
		snprintf(why, why_size, "cannot read the curriculum %s: %s", path,
			 error->message);
		g_error_free(error);
		rc = -EIO;
	}
	g_free(path);
	return rc;
}

/* The curriculum file's SHA-256: the loaded curriculum's when it has one,
 * else of the file's bytes now. */
static int curriculum_sha(struct data_library *lib, const struct curriculum *cur,
			  char out[CERT_SHA_MAX], char *why, size_t why_size)
{
	gchar *text;
	gsize len = 0;
	int rc;

	if (cur->sha256[0]) {
		snprintf(out, CERT_SHA_MAX, "%s", cur->sha256);
		return 0;
	}
	if ((rc = curriculum_file(lib, &text, &len, why, why_size)) < 0)
		return rc;
	sha256_hex(text, len, out);
	g_free(text);
	return 0;
}

int certificate_curriculum_text(struct data_library *lib, const struct curriculum *cur,
				char **text, size_t *len, char *why, size_t why_size)
{
	char sha[CERT_SHA_MAX];
	gchar *bytes;
	gsize n = 0;
	int rc;

	*text = NULL;
	*len = 0;
	if ((rc = curriculum_file(lib, &bytes, &n, why, why_size)) < 0)
		return rc;
	/* The bytes kept must be the ones judged under: a file edited since
	 * it was loaded would be kept under another curriculum's hash. */
	sha256_hex(bytes, n, sha);
	if (strcmp(sha, cur->sha256)) {
		snprintf(why, why_size, "the curriculum %s/lessons/%s.yaml was changed while the "
			 "certificate was being made: issue it again", data_library_dir(lib),
			 LESSON_CURRICULUM_ID);
		g_free(bytes);
		return -ESTALE;
	}
	if (!(*text = malloc(n + 1))) {
		snprintf(why, why_size, "out of memory");
		g_free(bytes);
		return -ENOMEM;
	}
	memcpy(*text, bytes, n);
	(*text)[n] = '\0';
	*len = n;
	g_free(bytes);
	return 0;
}

/* Lesson @p id's file in the data folder: its title and SHA-256. */
static int lesson_file(struct data_library *lib, const char *id, struct cert_lesson *l,
		       char *why, size_t why_size)
{
	char path[4200];
	const struct lesson *lesson;
	const char *text;
	size_t len;
	int rc;

	if ((rc = data_library_find(lib, DATA_LESSON, id, path, sizeof(path), NULL, why,
				     why_size)) < 0 ||
	    (rc = lesson_load_once(path, lib, &lesson, why, why_size)) < 0)
		return rc;
	if (!data_library_lesson(lib, path, &text, &len)) {
		snprintf(why, why_size, "%s: the lesson file was not kept", path);
		return -EIO;
	}
	snprintf(l->title, sizeof(l->title), "%s", lesson->title);
	sha256_hex(text, len, l->file_sha256);
	return 0;
}

/* The lessons asked for: indexes into @p course, in curriculum order. */
static int pick_lessons(const struct course *course, const char *list, bool *want,
			char *why, size_t why_size)
{
	char *copy, *save = NULL;

	if (!list || !*list) {
		for (size_t i = 0; i < course->count; i++)
			want[i] = true;
		return 0;
	}
	if (!(copy = strdup(list))) {
		snprintf(why, why_size, "out of memory");
		return -ENOMEM;
	}
	for (char *id = strtok_r(copy, ", ", &save); id; id = strtok_r(NULL, ", ", &save)) {
		const struct course_lesson *l = course_lesson_find(course, id);

		if (!l) {
			snprintf(why, why_size, "lesson '%s' is not in the curriculum (it has: ", id);
			for (size_t i = 0; i < course->count; i++)
				append(why, why_size, "%s%s", i ? ", " : "", course->lessons[i].id);
			append(why, why_size, ")");
			free(copy);
			return -EINVAL;
		}
		want[l - course->lessons] = true;
	}
	free(copy);
	return 0;
}

static int read_signoffs(struct store *store, struct cert_session *cs, char *why,
			 size_t why_size)
{
	struct store_signoff *so = NULL;
	size_t n = 0;
	int rc = store_signoff_list(store, cs->id, &so, &n);

	if (rc < 0) {
		snprintf(why, why_size, "%s", store_error(store));
		return rc;
	}
	if (n && !(cs->signoffs = calloc(n, sizeof(*cs->signoffs)))) {
		free(so);
		snprintf(why, why_size, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct cert_signoff *c = &cs->signoffs[i];

		c->id = so[i].id;
		snprintf(c->instructor, sizeof(c->instructor), "%s", so[i].instructor);
		snprintf(c->made, sizeof(c->made), "%s", so[i].made);
		c->lowest = so[i].lowest > 0 ? (unsigned int)so[i].lowest : 0;
	}
	cs->signoff_count = n;
	free(so);
	return 0;
}

/* Adds benchmark @p id (0: the shipped levels) to @p l once, in id order. */
static int add_benchmark(struct store *store, struct cert_lesson *l, int64_t id, char *why,
			 size_t why_size)
{
	struct cert_benchmark b = { .id = id };
	size_t at = 0;

	while (at < l->benchmark_count && l->benchmarks[at].id < id)
		at++;
	if (at < l->benchmark_count && l->benchmarks[at].id == id)
		return 0;
	if (id == 0) {
		snprintf(b.rule, sizeof(b.rule), SHIPPED_LEVELS);
	} else {
		struct store_benchmark sb;
		int rc = store_benchmark_get(store, id, &sb);

		if (rc < 0) {
			snprintf(why, why_size, "benchmark %lld: %s", (long long)id,
				 store_error(store));
			return rc;
		}
		snprintf(b.made, sizeof(b.made), "%s", sb.made);
		snprintf(b.rule, sizeof(b.rule), "%s", sb.rule);
		store_benchmark_release(&sb);
	}
	/* Every session brings one at most: the array has room (see caller). */
	memmove(&l->benchmarks[at + 1], &l->benchmarks[at],
		(l->benchmark_count - at) * sizeof(*l->benchmarks));
	l->benchmarks[at] = b;
	l->benchmark_count++;
	return 0;
}

static int read_session(struct store *store, int64_t id, struct cert_session *cs,
			char *why, size_t why_size)
{
	struct store_session s;
	int rc = store_session_get(store, id, &s);

	if (rc < 0) {
		snprintf(why, why_size, "session %lld: %s", (long long)id, store_error(store));
		return rc;
	}
	cs->id = id;
	snprintf(cs->started, sizeof(cs->started), "%s", s.started);
	snprintf(cs->ended, sizeof(cs->ended), "%s", s.ended);
	snprintf(cs->lesson_sha256, sizeof(cs->lesson_sha256), "%s", s.lesson_sha256);
	cs->exam = s.view_mode == STORE_VIEW_EXAM;
	cs->score = s.judged_scored ? s.judged_score : NAN;
	cs->passed = s.judged_passed;
	cs->benchmark = s.judged_benchmark;
	return read_signoffs(store, cs, why, why_size);
}

static int fill_lesson(struct store *store, struct data_library *lib, const char *stated,
		       const struct course_lesson *cl, struct cert_lesson *l, char *why,
		       size_t why_size)
{
	const struct prof_status *st = &cl->status;
	int rc;

	snprintf(l->id, sizeof(l->id), "%s", cl->id);
	l->rule = cl->rule;
	l->proficient_at = st->proficient_at;
	/* Checking: as the certificate states them (a lesson it does not
	 * state gets none, and the facts then differ). */
	if (stated)
		cert_facts_json_lesson(stated, cl->id, l->title, sizeof(l->title),
				       l->file_sha256);
	else if ((rc = lesson_file(lib, cl->id, l, why, why_size)) < 0)
		return rc;
	l->sessions = calloc(st->rests_count ? st->rests_count : 1, sizeof(*l->sessions));
	l->benchmarks = calloc(st->rests_count ? st->rests_count : 1, sizeof(*l->benchmarks));
	if (!l->sessions || !l->benchmarks) {
		snprintf(why, why_size, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < st->rests_count; i++) {
		struct cert_session *cs = &l->sessions[i];

		l->session_count = i + 1;
		if ((rc = read_session(store, st->rests_on[i], cs, why, why_size)) < 0 ||
		    (rc = add_benchmark(store, l, cs->benchmark, why, why_size)) < 0)
			return rc;
	}
	/* The day it became proficient, as progress says it: the end of the
	 * session it came at, or the sign-off it needed, if later. */
	snprintf(l->proficient_on, sizeof(l->proficient_on), "%s", cl->proficient_time);
	return 0;
}

int certificate_facts(struct store *store, struct data_library *lib,
		      const struct curriculum *cur, const struct certificate_ask *ask,
		      struct cert_facts *out, char *why, size_t why_size)
{
	struct cert_facts f = { 0 };
	struct course *course = NULL;
	bool want[LESSON_CURRICULUM_MAX] = { false };
	size_t missing = 0, asked = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	/* The course's titles are not the facts' (fill_lesson()): checking,
	 * no lesson file is read for them. */
	rc = course_judge(store, cur, ask->stated ? NULL : lib, ask->trainee, &course, why,
			  why_size);
	if (rc < 0)
		return rc;
	if ((rc = pick_lessons(course, ask->lessons, want, why, why_size)) < 0)
		goto out;
	for (size_t i = 0; i < course->count; i++) {
		const struct course_lesson *l = &course->lessons[i];
		char left[COURSE_LEFT_TEXT_MAX];

		if (!want[i])
			continue;
		asked++;
		if (l->status.state == PROF_PROFICIENT)
			continue;
		course_left_text(l, left, sizeof(left));
		append(why, why_size, "%s  %s: %s%s%s", missing++ ? "\n" : "", l->id,
		       prof_state_name(l->status.state), left[0] ? "; left: " : "", left);
	}
	if (missing) {
		rc = -EPERM;
		goto out;
	}
	if (!(f.lessons = calloc(asked ? asked : 1, sizeof(*f.lessons)))) {
		snprintf(why, why_size, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < course->count; i++) {
		if (!want[i])
			continue;
		rc = fill_lesson(store, lib, ask->stated, &course->lessons[i],
				 &f.lessons[f.lesson_count++], why, why_size);
		if (rc < 0)
			goto out;
	}
	f.trainee_id = course->trainee;
	snprintf(f.trainee, sizeof(f.trainee), "%s", course->trainee_name);
	snprintf(f.academy, sizeof(f.academy), "%s", ask->academy ? ask->academy : "");
	snprintf(f.issued_by, sizeof(f.issued_by), "%s", ask->by ? ask->by : "");
	rc = curriculum_sha(lib, cur, f.curriculum_sha256, why, why_size);
out:
	course_free(course);
	if (rc < 0) {
		cert_facts_clear(&f);
		return rc;
	}
	*out = f;
	return 0;
}

char *certificate_lesson_list(const struct cert_facts *facts)
{
	size_t size = 1;
	char *s;

	for (size_t i = 0; i < facts->lesson_count; i++)
		size += strlen(facts->lessons[i].id) + 1;
	if (!(s = calloc(1, size)))
		return NULL;
	for (size_t i = 0; i < facts->lesson_count; i++)
		append(s, size, "%s%s", i ? " " : "", facts->lessons[i].id);
	return s;
}
