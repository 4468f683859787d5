/* test-certificate: `smpsim certificate` and `smpsim verify --certificate`
 * end to end, on real SQLite files (issue 14, item 6).
 *
 * A data folder in a temporary folder has a curriculum of two lessons
 * (depth-taps, then even-spacing; the built-in rule, 2 passes in a row and
 * 2 in all) beside the shipped scalps, needles and lessons. A record is
 * made through the store's API: Ada proficient in both (a failed session
 * between her passes in even-spacing, the last pass in exam mode and
 * signed off), Bo proficient in depth-taps only. The built program is run
 * on it as a child process. Checked: a certificate only when every lesson
 * asked for is proficient (the refusal's text exact, no file written,
 * nothing stored), and refused on a copy where a session or sign-off it
 * would rest on was edited with SQL; the certificate's facts exact (its
 * JSON in the record, times read back from it); a stored content's fields
 * read back, a cut or malformed escape refused; the code's form and its
 * round trip
 * typed in lower case with spaces; verify valid on the untouched record,
 * and naming the session after one raw SQL edit of a deposit, a score or
 * a sign-off of a session it rests on (and a deleted session, a failed
 * one made a pass, a benchmark, a rescore, the ledger entry it was issued
 * at, its own row, the curriculum file it keeps), on copies of the
 * record; the same facts issued again get another code and both verify;
 * the record keeps the curriculum file's bytes with the certificate, and
 * verify judges under them: a data folder whose curriculum differs (a
 * comment, other rules, the shipped one) leaves it valid and is said once
 * with both hashes, and a data folder with no curriculum, or no lessons,
 * checks it all the same. A stored content's text fields read back
 * (cert_facts_json_text()), edited ones refused without reading past
 * their end.
 * With the argument "chromium": the page printed to PDF by headless
 * Chromium is two A4 pages, and its screenshot shows the code box.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <png.h>
#include <regex.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certificate_facts.h"
#include "child_process.h"
#include "db_query.h"
#include "store.h"
#include "store_benchmark.h"
#include "store_certificate.h"
#include "store_signoff.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char data_dir[4096], db[4096], page[4096], code[STORE_CERT_CODE_MAX];

/* ---- helpers ---- */

/* Runs "smpsim ARGS..." with the data folder @p data, TZ=UTC. */
static void smpsim_in(const char *data, const char *const args[], struct child_result *res)
{
	char env_data[4200];
	const char *argv[24] = { SMPSIM_BINARY };
	const char *env[] = { "TZ=UTC", "SMPSIM_DB=", env_data, NULL };
	size_t n = 1;

	snprintf(env_data, sizeof(env_data), "SMPSIM_DATA_DIR=%s", data);
	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

/* Runs "smpsim ARGS..." with the test's data folder, TZ=UTC. */
static void smpsim(const char *const args[], struct child_result *res)
{
	smpsim_in(data_dir, args, res);
}

/* Runs @p sql on the record @p path, as sqlite3 would. */
static void db_exec(const char *path, const char *sql)
{
	sqlite3 *d;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &d), SQLITE_OK);
	if (sqlite3_exec(d, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(d);
}

/* ---- the record ---- */

static void score(struct score_metrics *m, struct score_result *r, double value, bool passed)
{
	memset(m, 0, sizeof(*m));
	memset(r, 0, sizeof(*r));
	m->dots = 3;
	m->value[SCORE_DEPTH_IN_BAND] = passed ? 0.9 : 0.5;
	m->valid[SCORE_DEPTH_IN_BAND] = true;
	r->marks[SCORE_DEPTH_IN_BAND] = value;
	r->rated[SCORE_DEPTH_IN_BAND] = true;
	r->score = value;
	r->work_factor = 1;
	r->passed = passed;
	r->by_proficiency = true;
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		r->need_min[i] = r->need_max[i] = NAN;
	r->required[SCORE_DEPTH_IN_BAND] = true;
	r->need_min[SCORE_DEPTH_IN_BAND] = 0.8;
	r->met[SCORE_DEPTH_IN_BAND] = passed;
}

/* Stores one complete, live session of @p lesson (run on the shipped
 * lesson file) with three deposits and its score. @return its id. */
static int64_t add_session(struct store *st, int64_t trainee, const char *lesson,
			   double value, bool passed, bool exam)
{
	char path[4200];
	size_t size;
	char *text;
	struct store_session_info info = {
		.trainee = trainee, .lesson_id = lesson, .lesson_title = lesson,
		.device_name = "Test pen", .device_id = "056a:0001",
		.origin = STORE_ORIGIN_LIVE, .view_mode = exam ? STORE_VIEW_EXAM : STORE_VIEW_SHOWN,
	};
	struct score_metrics m;
	struct score_result r;
	int64_t id;

	snprintf(path, sizeof(path), "%s/lessons/%s.yaml", SMPSIM_DATA_DIR, lesson);
	text = tmp_files_read(path, &size);
	info.lesson_text = text;
	info.lesson_text_size = size;
	assert_int_equal(store_session_begin(st, &info, &id), 0);
	for (uint32_t i = 0; i < 3; i++) {
		struct deposit d = { .id = i, .down_us = 100000 * (i + 1),
				     .up_us = 100000 * (i + 1) + 50000, .x_mm = 10 + i,
				     .y_mm = 20, .depth_mm = 0.8, .diameter_mm = 0.4,
				     .kind = DEPOSIT_DOT };

		assert_int_equal(store_session_add_deposit(st, id, &d, NULL), 0);
	}
	score(&m, &r, value, passed);
	assert_int_equal(store_session_end(st, id, 60, &m, &r), 0);
	free(text);
	/* The next session begins in a later millisecond: a lesson opens at
	 * the start of the session the one before became proficient at. */
	usleep(5000);
	return id;
}

static void make_data_dir(void)
{
	static const char curriculum[] = "lessons:\n  - depth-taps\n  - even-spacing\n";
	static const char *const linked[] = { "scalps", "needles", "devices", "recordings" };
	static const char *const lessons[] = { "depth-taps", "even-spacing" };
	char from[4200], to[4200];
	FILE *f;

	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	snprintf(to, sizeof(to), "%s/lessons", data_dir);
	assert_int_equal(mkdir(data_dir, 0700), 0);
	assert_int_equal(mkdir(to, 0700), 0);
	for (size_t i = 0; i < ARRAY_SIZE(linked); i++) {
		snprintf(from, sizeof(from), "%s/%s", SMPSIM_DATA_DIR, linked[i]);
		snprintf(to, sizeof(to), "%s/%s", data_dir, linked[i]);
		assert_int_equal(symlink(from, to), 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(lessons); i++) {
		snprintf(from, sizeof(from), "%s/lessons/%s.yaml", SMPSIM_DATA_DIR, lessons[i]);
		snprintf(to, sizeof(to), "%s/lessons/%s.yaml", data_dir, lessons[i]);
		tmp_files_copy(from, to);
	}
	snprintf(to, sizeof(to), "%s/lessons/curriculum.yaml", data_dir);
	assert_non_null(f = fopen(to, "w"));
	fputs(curriculum, f);
	fclose(f);
}

/* An expert benchmark of even-spacing (1), and session 4 scored again
 * against it: 79.5, passed. */
static int add_benchmark(struct store *st)
{
	struct store_benchmark b = { .rule = "mean-2sd", .min_sessions = 3, .min_experts = 2,
				     .level_count = 1 };
	struct score_metrics m;
	struct score_result r;
	char path[4200];
	size_t size;
	char *text;
	int64_t id;
	int rc;

	snprintf(b.lesson_id, sizeof(b.lesson_id), "even-spacing");
	b.levels[0] = (struct store_benchmark_level){
		.metric = SCORE_DEPTH_IN_BAND, .need_min = 0.85, .need_max = NAN,
		.shipped_min = 0.8, .shipped_max = NAN, .sessions = 3, .experts = 2,
		.mean = 0.93, .sd = 0.04, .worst = 0.88 };
	snprintf(path, sizeof(path), "%s/lessons/even-spacing.yaml", SMPSIM_DATA_DIR);
	text = tmp_files_read(path, &size);
	rc = store_benchmark_add(st, &b, "Even spacing in a square", text, size, &id);
	free(text);
	if (rc < 0 || id != 1)
		return -1;
	score(&m, &r, 79.5, true);
	return store_rescore_add(st, 4, id, &m, &r, NULL);
}

static int setup(void **state)
{
	static const struct store_rating ratings[] = {
		{ .domain = "needle depth", .rating = 4 }, { .domain = "spacing", .rating = 3 },
	};
	struct store_signoff_new so = { .session = 5, .instructor = "Mo Instructor",
					.note = "steady hand", .ratings = ratings,
					.rating_count = ARRAY_SIZE(ratings) };
	struct store *st;
	int64_t ada, bo;
	char err[512];

	if (tmp_files_setup(state) != 0)
		return -1;
	make_data_dir();
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	snprintf(page, sizeof(page), "%s/ada.html", tmp_files_dir());
	if (store_open(db, &st, NULL, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (store_trainee_add(st, "Ada Lovelace", &ada) || store_trainee_add(st, "Bo", &bo))
		return -1;
	add_session(st, ada, "depth-taps", 80, true, false);          /* 1 */
	add_session(st, ada, "depth-taps", 85.5, true, false);        /* 2: proficient */
	add_session(st, ada, "even-spacing", 60, false, false);       /* 3: failed */
	add_session(st, ada, "even-spacing", 78, true, false);        /* 4 */
	add_session(st, ada, "even-spacing", 91.25, true, true);      /* 5: proficient */
	add_session(st, bo, "depth-taps", 70, true, false);           /* 6 */
	add_session(st, bo, "depth-taps", 72, true, false);           /* 7: proficient */
	add_session(st, bo, "even-spacing", 75, true, false);         /* 8 */
	if (store_signoff_add(st, &so, NULL) != 0 || add_benchmark(st) != 0) {
		fprintf(stderr, "%s\n", store_error(st));
		return -1;
	}
	store_close(st);
	return 0;
}

/* Issues Ada's certificate once (the first test that needs it). */
static void issue_ada(void)
{
	const char *args[] = { "certificate", "--trainee", "Ada Lovelace", "-o", page,
			       "--academy", "Academy of Fine Lines", "--by", "Mo Instructor",
			       "--db", db, NULL };
	struct child_result res;
	char *stored;

	if (code[0])
		return;
	smpsim(args, &res);
	if (res.status != 0)
		fail_msg("certificate failed (%d): %s", res.status, res.err);
	child_result_free(&res);
	stored = db_query_text(db, "SELECT code FROM certificates WHERE trainee = 1");
	snprintf(code, sizeof(code), "%s", stored);
	free(stored);
}

/* ---- refused ---- */

static void test_refused(void **state)
{
	static const struct {
		const char *lessons;   /* NULL: the whole curriculum */
		const char *err;
	} cases[] = {
		{ NULL, "smpsim certificate: Bo is not proficient in every lesson asked for; "
			"no certificate was issued:\n"
			"  even-spacing: in progress; left: 1 pass in a row\n" },
		{ "even-spacing", "smpsim certificate: Bo is not proficient in every lesson "
				  "asked for; no certificate was issued:\n"
				  "  even-spacing: in progress; left: 1 pass in a row\n" },
	};
	char out[4200];

	(void)state;
	snprintf(out, sizeof(out), "%s/bo.html", tmp_files_dir());
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *args[] = { "certificate", "--trainee", "Bo", "-o", out, "--db", db,
				       cases[i].lessons ? "--lessons" : NULL, cases[i].lessons,
				       NULL };
		struct child_result res;

		smpsim(args, &res);
		child_expect(&res, 1, "", cases[i].err);
		child_result_free(&res);
		assert_int_equal(access(out, F_OK), -1);
		assert_int_equal(db_query_int(db, "SELECT count(*) FROM certificates"), 0);
	}
	{
		const char *args[] = { "certificate", "--trainee", "Nobody", "-o", out, "--db",
				       db, NULL };
		struct child_result res;

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim certificate: no trainee named 'Nobody' (see "
			     "'smpsim trainee list')\n");
		child_result_free(&res);
		assert_int_equal(access(out, F_OK), -1);
	}
}

/* --help says every option, -h among them, on lines of at most 80. */
static void test_help(void **state)
{
	const char *args[] = { "certificate", "--help", NULL };
	struct child_result res;

	(void)state;
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	assert_string_equal(res.err, "");
	assert_non_null(strstr(res.out, "\n  -h, --help       print this help\n"));
	for (const char *line = res.out; *line; ) {
		const char *end = strchr(line, '\n');

		assert_non_null(end);
		assert_in_range(end - line, 0, 80);
		line = end + 1;
	}
	child_result_free(&res);
}

/* On copies of the record before any certificate, one SQL edit each: a
 * certificate that would rest on what was changed is refused (it could
 * never verify), each change named; one elsewhere is not its business. */
static void test_refused_after_edit(void **state)
{
	static const struct {
		const char *sql;
		int status;
		const char *err;
	} cases[] = {
		{ "UPDATE deposits SET x_mm = x_mm + 0.5 WHERE session = 4 AND seq = 1", 1,
		  "smpsim certificate: the record was changed outside smpsim where the "
		  "certificate would rest; no certificate was issued:\n"
		  "  session 4 was changed after it was stored (its deposits differ from the "
		  "ledger)\n"
		  "('smpsim verify' lists every change in the record.)\n" },
		{ "UPDATE signoff_ratings SET rating = 5 WHERE signoff = 1", 1,
		  "smpsim certificate: the record was changed outside smpsim where the "
		  "certificate would rest; no certificate was issued:\n"
		  "  sign-off 1 of session 5 was changed after it was stored (its ratings "
		  "differ from the ledger)\n"
		  "('smpsim verify' lists every change in the record.)\n" },
		{ "UPDATE deposits SET x_mm = x_mm + 0.5 WHERE session = 6 AND seq = 1", 0, "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char copy[4200], out[4200];
		const char *args[] = { "certificate", "--trainee", "Ada Lovelace", "-o", out,
				       "--db", copy, NULL };
		struct child_result res;

		snprintf(copy, sizeof(copy), "%s/before-%zu.db", tmp_files_dir(), i);
		snprintf(out, sizeof(out), "%s/before-%zu.html", tmp_files_dir(), i);
		tmp_files_copy(db, copy);
		db_exec(copy, cases[i].sql);
		smpsim(args, &res);
		assert_int_equal(res.status, cases[i].status);
		assert_string_equal(res.err, cases[i].err);
		child_result_free(&res);
		assert_int_equal(access(out, F_OK), cases[i].status ? -1 : 0);
		assert_int_equal(db_query_int(copy, "SELECT count(*) FROM certificates"),
				 cases[i].status ? 0 : 1);
	}
}

/* ---- issued ---- */

static void test_partial_and_unknown_lesson(void **state)
{
	char out[4200];
	const char *args[] = { "certificate", "--trainee", "Bo", "-o", out, "--db", db,
			       "--lessons", "depth-taps", NULL };
	const char *bad[] = { "certificate", "--trainee", "Bo", "-o", out, "--db", db,
			      "--lessons", "depth-taps,crown", NULL };
	struct child_result res;

	(void)state;
	snprintf(out, sizeof(out), "%s/bo-depth.html", tmp_files_dir());
	smpsim(bad, &res);
	child_expect(&res, 2, "", "smpsim certificate: lesson 'crown' is not in the curriculum "
		     "(it has: depth-taps, even-spacing)\n");
	child_result_free(&res);
	assert_int_equal(access(out, F_OK), -1);

	{
		const char *same[] = { "certificate", "--trainee", "Bo", "-o", out, "--pdf", out,
				       "--db", db, "--lessons", "depth-taps", NULL };
		char want[8600];

		snprintf(want, sizeof(want), "smpsim certificate: --pdf and -o name the same "
			 "file, %s\n", out);
		smpsim(same, &res);
		child_expect(&res, 2, "", want);
		child_result_free(&res);
	}
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "issued to Bo for 1 lesson: "));
	child_result_free(&res);
	assert_int_equal(access(out, F_OK), 0);
	/* Its page says it is for a part of the curriculum, not the whole. */
	{
		size_t size;
		char *html = tmp_files_read(out, &size);

		assert_non_null(html);
		assert_non_null(strstr(html, "<p>has shown proficiency, on the smpsim simulator "
				       "for scalp micropigmentation, in 1 of the 2 lessons of the "
				       "curriculum (a part of it):</p>"));
		free(html);
	}
}

/* The facts, exact: the JSON stored with the certificate. */
static void test_facts(void **state)
{
	char cur_sha[65], expected[8192], *content, *t[6], *sha[2], *made, *lessons;
	char path[4200];
	int64_t seq;

	(void)state;
	issue_ada();
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	tmp_files_sha256(path, cur_sha);
	t[0] = db_query_text(db, "SELECT started FROM sessions WHERE id = 1");
	t[1] = db_query_text(db, "SELECT ended FROM sessions WHERE id = 1");
	t[2] = db_query_text(db, "SELECT started FROM sessions WHERE id = 2");
	t[3] = db_query_text(db, "SELECT ended FROM sessions WHERE id = 2");
	t[4] = db_query_text(db, "SELECT started FROM sessions WHERE id = 4");
	t[5] = db_query_text(db, "SELECT ended FROM sessions WHERE id = 4");
	sha[0] = db_query_text(db, "SELECT sha256 FROM lessons WHERE lesson_id = 'depth-taps'");
	sha[1] = db_query_text(db, "SELECT sha256 FROM lessons WHERE lesson_id = 'even-spacing'");
	{
		char *s5 = db_query_text(db, "SELECT started FROM sessions WHERE id = 5");
		char *e5 = db_query_text(db, "SELECT ended FROM sessions WHERE id = 5");
		char *so = db_query_text(db, "SELECT made FROM signoffs WHERE id = 1");
		char *bm = db_query_text(db, "SELECT made FROM benchmarks WHERE id = 1");

		snprintf(expected, sizeof(expected),
			 "{\"certificate\":1,\"trainee\":{\"id\":1,\"name\":\"Ada Lovelace\"},"
			 "\"academy\":\"Academy of Fine Lines\",\"issued_by\":\"Mo Instructor\","
			 "\"curriculum_sha256\":\"%s\",\"lessons\":["
			 "{\"lesson\":\"depth-taps\",\"title\":\"Depth control with single taps\","
			 "\"file_sha256\":\"%s\",\"rule\":{\"consecutive\":2,\"total\":2,"
			 "\"exam_last\":0,\"signoff_min\":0},\"proficient_at\":2,"
			 "\"proficient_on\":\"%s\",\"benchmarks\":[{\"benchmark\":0,\"made\":null,"
			 "\"rule\":\"the lesson's shipped levels\"}],\"sessions\":["
			 "{\"session\":1,\"lesson\":\"depth-taps\",\"started\":\"%s\",\"ended\":\"%s\","
			 "\"lesson_sha256\":\"%s\",\"exam\":false,\"score\":80,\"passed\":true,"
			 "\"benchmark\":0,\"signoffs\":[]},"
			 "{\"session\":2,\"lesson\":\"depth-taps\",\"started\":\"%s\",\"ended\":\"%s\","
			 "\"lesson_sha256\":\"%s\",\"exam\":false,\"score\":85.5,\"passed\":true,"
			 "\"benchmark\":0,\"signoffs\":[]}]},"
			 "{\"lesson\":\"even-spacing\",\"title\":\"Even spacing in a square\","
			 "\"file_sha256\":\"%s\",\"rule\":{\"consecutive\":2,\"total\":2,"
			 "\"exam_last\":0,\"signoff_min\":0},\"proficient_at\":5,"
			 "\"proficient_on\":\"%s\",\"benchmarks\":[{\"benchmark\":0,\"made\":null,"
			 "\"rule\":\"the lesson's shipped levels\"},{\"benchmark\":1,\"made\":"
			 "\"%s\",\"rule\":\"mean-2sd\"}],\"sessions\":["
			 "{\"session\":4,\"lesson\":\"even-spacing\",\"started\":\"%s\",\"ended\":\"%s\","
			 "\"lesson_sha256\":\"%s\",\"exam\":false,\"score\":79.5,\"passed\":true,"
			 "\"benchmark\":1,\"signoffs\":[]},"
			 "{\"session\":5,\"lesson\":\"even-spacing\",\"started\":\"%s\",\"ended\":\"%s\","
			 "\"lesson_sha256\":\"%s\",\"exam\":true,\"score\":91.25,\"passed\":true,"
			 "\"benchmark\":0,\"signoffs\":[{\"signoff\":1,\"instructor\":\"Mo Instructor\","
			 "\"made\":\"%s\",\"lowest\":3}]}]}]}",
			 cur_sha, sha[0], t[3], t[0], t[1], sha[0], t[2], t[3], sha[0], sha[1], e5,
			 bm, t[4], t[5], sha[1], s5, e5, sha[1], so);
		free(bm);
		free(s5);
		free(e5);
		free(so);
	}
	content = db_query_text(db, "SELECT content FROM certificates WHERE trainee = 1");
	assert_string_equal(content, expected);
	/* The curriculum file it was issued under, byte for byte, as a blob. */
	{
		size_t size;
		char *file = tmp_files_read(path, &size), *kept;

		assert_int_equal(db_query_int(db, "SELECT CASE typeof(curriculum) WHEN 'blob' "
					      "THEN length(curriculum) ELSE -1 END FROM certificates "
					      "WHERE trainee = 1"), (int64_t)size);
		kept = db_query_text(db, "SELECT curriculum FROM certificates WHERE trainee = 1");
		assert_string_equal(kept, file);
		assert_string_equal(file, "lessons:\n  - depth-taps\n  - even-spacing\n");
		free(kept);
		free(file);
	}
	lessons = db_query_text(db, "SELECT lessons FROM certificates WHERE trainee = 1");
	assert_string_equal(lessons, "depth-taps even-spacing");
	/* The code: content, time and the ledger's head before its own entry. */
	made = db_query_text(db, "SELECT made FROM certificates WHERE trainee = 1");
	seq = db_query_int(db, "SELECT ledger_seq FROM certificates WHERE trainee = 1");
	assert_int_equal(seq + 1, db_query_int(db, "SELECT l.seq FROM ledger l JOIN certificates c "
					      "ON l.kind = 'certificate' AND l.ref = c.id WHERE c.trainee = 1"));
	{
		char sql[128], *chain, again[STORE_CERT_CODE_MAX];

		snprintf(sql, sizeof(sql), "SELECT chain_sha256 FROM ledger WHERE seq = %lld",
			 (long long)seq);
		chain = db_query_text(db, sql);
		store_certificate_code(content, made, chain, again);
		assert_string_equal(again, code);
		free(chain);
	}
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		free(t[i]);
	free(sha[0]);
	free(sha[1]);
	free(content);
	free(lessons);
	free(made);
}

/* ---- reading a stored content back ---- */

/* cert_facts_json_text() on contents as a record may hold them, edited
 * too: a \u escape is four hex digits or the content is refused, the
 * reading never steps past the text's end (the third case has text after
 * its NUL that a reader going past it would take), and the field read is
 * always a string, "" when refused (verify uses it whatever it returns). */
static void test_content_text(void **state)
{
	static const char past_end[] = "{\"certificate\":1,\"academy\":\"\\u1\0XY\"";
	static const struct {
		const char *json;
		int rc;
		const char *academy;
	} cases[] = {
		{ "{\"certificate\":1,\"academy\":\"a\\u0009b\\\"c\"}", 0, "a\tb\"c" },
		{ "{\"certificate\":1,\"academy\":\"\\u007F\"}", 0, "\x7f" },
		{ past_end, -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":\"\\u+041\"}", -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":\"\\u 41x\"}", -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":\"\\u41\"}", -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":\"\\", -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":null}", 0, "" },
		{ "{\"certificate\":1,\"lessons\":[],\"academy\":\"x\"}", -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":\"ab\\u00zz\"}", -EINVAL, "" },
		{ "{\"certificate\":1,\"academy\":\"ab", -EINVAL, "" },
		{ "{\"certificate\":1,\"issued_by\":null}", -EINVAL, "" },
	};
	char out[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		/* What the caller had is replaced: by "" when refused. */
		memset(out, 'x', sizeof(out) - 1);
		out[sizeof(out) - 1] = '\0';
		assert_int_equal(cert_facts_json_text(cases[i].json, "academy", out, sizeof(out)),
				 cases[i].rc);
		assert_string_equal(out, cases[i].academy);
	}
}

/* ---- the code ---- */

static void test_code_form(void **state)
{
	static const struct {
		const char *typed, *code;   /* code NULL: refused */
	} cases[] = {
		{ "7KQ2-9XMC-0000-ABCD-EFGH", "7KQ29XMC0000ABCDEFGH" },
		{ "7kq2 9xmc 0000 abcd efgh", "7KQ29XMC0000ABCDEFGH" },
		{ "7kq29xmc-oOiI-lLab-cdef", "7KQ29XMC001111ABCDEF" },
		{ "7KQ2-9XMC-0000-ABCD-EFG", NULL },          /* 19 */
		{ "7KQ2-9XMC-0000-ABCD-EFGHJ", NULL },        /* 21 */
		{ "7KQ2-9XMC-0000-ABCD-EFGU", NULL },         /* U is not Crockford's */
		{ "7KQ2_9XMC_0000_ABCD_EFGH", NULL },
		{ "", NULL },
	};
	char got[STORE_CERT_CODE_MAX], text[STORE_CERT_CODE_TEXT_MAX], typed[64];
	regex_t re;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!cases[i].code) {
			/* Refused, and what the caller had is left as it was. */
			memset(got, '#', sizeof(got) - 1);
			got[sizeof(got) - 1] = '\0';
			assert_int_equal(store_certificate_code_parse(cases[i].typed, got), -EINVAL);
			assert_string_equal(got, "####################");
			continue;
		}
		assert_int_equal(store_certificate_code_parse(cases[i].typed, got), 0);
		assert_string_equal(got, cases[i].code);
	}
	store_certificate_code_text("7KQ29XMC0000ABCDEFGH", text);
	assert_string_equal(text, "7KQ2-9XMC-0000-ABCD-EFGH");

	/* The issued code: 20 of Crockford's characters; on the page in groups. */
	issue_ada();
	assert_int_equal(regcomp(&re, "^[0-9A-HJKMNP-TV-Z]{20}$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, code, 0, NULL, 0), 0);
	regfree(&re);
	store_certificate_code_text(code, text);
	{
		size_t size;
		char *html = tmp_files_read(page, &size), want[64];

		snprintf(want, sizeof(want), "<p class=\"code\">%s</p>", text);
		assert_non_null(strstr(html, want));
		/* What it shows, as text, and no markup escaped into text. */
		assert_non_null(strstr(html, "<p class=\"trainee\"><bdi>Ada Lovelace</bdi></p>"));
		assert_non_null(strstr(html, "<p class=\"academy\">Academy of Fine Lines</p>"));
		assert_non_null(strstr(html, "<tr class=\"session\" data-session=\"5\">"));
		/* Its mode said as exam or not: a session without the view is not
		 * "view". */
		assert_non_null(strstr(html, "<td class=\"pass\">pass</td><td>not exam</td>"));
		assert_non_null(strstr(html, "Mo Instructor</bdi>, lowest rating 3 of 5"));
		assert_non_null(strstr(html, "Levels: the lesson's shipped levels."));
		assert_non_null(strstr(html, "Levels: the lesson's shipped levels; expert "
					 "benchmark 1 of 20"));
		assert_non_null(strstr(html, " (mean-2sd)."));
		assert_null(strstr(html, "&lt;"));
		/* The ledger's head it was issued at, in full. */
		{
			char *chain = db_query_text(db, "SELECT l.chain_sha256 FROM ledger l JOIN "
					      "certificates c ON l.seq = c.ledger_seq WHERE "
					      "c.trainee = 1");
			char line[256];

			snprintf(line, sizeof(line), "entry %lld, chain head</td><td "
				 "class=\"sha\"><code>%s</code>",
				 (long long)db_query_int(db, "SELECT ledger_seq FROM certificates "
							 "WHERE trainee = 1"), chain);
			assert_non_null(strstr(html, line));
			free(chain);
		}
		free(html);
	}
	/* Typed back in lower case with spaces, it finds the certificate. */
	for (size_t i = 0, o = 0; i <= strlen(text); i++)
		typed[o++] = text[i] == '-' ? ' ' : (char)(text[i] >= 'A' && text[i] <= 'Z' ?
							   text[i] + 32 : text[i]);
	{
		const char *args[] = { "verify", "--certificate", typed, "--db", db, NULL };
		struct child_result res;
		char *made = db_query_text(db, "SELECT made FROM certificates WHERE trainee = 1");
		char want[512];

		snprintf(want, sizeof(want), "Certificate %s is valid: Ada Lovelace, proficient "
			 "in 2 lessons, issued %.10s; the record it rests on is intact\n", text,
			 made);
		smpsim(args, &res);
		child_expect(&res, 0, want, "");
		child_result_free(&res);
		free(made);
	}
	/* --json is the whole record's, as its help says: refused here. */
	{
		const char *args[] = { "verify", "--certificate", text, "--json", "--db", db,
				       NULL };
		const char *help[] = { "verify", "--help", NULL };
		struct child_result res;

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim verify: --json is for the whole record, not "
			     "--certificate\n");
		child_result_free(&res);
		smpsim(help, &res);
		assert_non_null(strstr(res.out, "  --json           print JSON instead of text "
				       "(the whole record's check,\n                   not "
				       "--certificate's)\n"));
		child_result_free(&res);
	}
}

/* ---- verify ---- */

/* Each case on a copy of the record: one edit made with SQL, what verify
 * --certificate prints before its last line (@ for the ledger entry it
 * was issued at), and its exit status. */
static void test_verify_edits(void **state)
{
	static const struct {
		const char *what, *sql, *lines;
		int status;
		size_t problems;
	} cases[] = {
		{ "a deposit it rests on",
		  "UPDATE deposits SET x_mm = x_mm + 0.5 WHERE session = 4 AND seq = 1",
		  "  session 4, on which lesson even-spacing rests, was changed after the "
		  "certificate was issued (deposits)\n", 1, 1 },
		{ "a score it rests on", "UPDATE sessions SET score = 99 WHERE id = 5",
		  "  session 5, on which lesson even-spacing rests, was changed after the "
		  "certificate was issued (score)\n", 1, 1 },
		{ "a sign-off", "UPDATE signoff_ratings SET rating = 5 WHERE signoff = 1",
		  "  session 5, on which lesson even-spacing rests, was changed after the "
		  "certificate was issued: its sign-off 1 was edited\n", 1, 1 },
		{ "a session it rests on deleted", "PRAGMA foreign_keys = OFF; DELETE FROM "
		  "deposits WHERE session = 1; DELETE FROM sessions WHERE id = 1",
		  "  session 1, on which lesson depth-taps rests, was deleted from the record "
		  "after the certificate was issued\n"
		  "  the record no longer shows the trainee proficient in every lesson it "
		  "covers:\n"
		  "    depth-taps: in progress; left: 1 pass in a row\n"
		  "    even-spacing: locked; left: 2 passes in a row\n", 1, 2 },
		{ "a failed session made a pass",
		  "UPDATE sessions SET passed = 1 WHERE id = 3",
		  "  session 5, on which lesson even-spacing rests, no longer counts towards it "
		  "in the record\n"
		  "  lesson even-spacing now rests on session 3, which the certificate does not "
		  "name\n", 1, 2 },
		{ "a benchmark it used", "UPDATE benchmarks SET rule = 'worst' WHERE id = 1",
		  "  benchmark 1, which lesson even-spacing's sessions were judged against, was "
		  "changed after the certificate was issued (row)\n", 1, 1 },
		{ "a rescore it rests on", "UPDATE rescores SET score = 95 WHERE id = 1",
		  "  session 4, on which lesson even-spacing rests, was changed after the "
		  "certificate was issued\n", 1, 1 },
		{ "the ledger entry it was issued at", "UPDATE ledger SET chain_sha256 = "
		  "'0000000000000000000000000000000000000000000000000000000000000000' WHERE seq = "
		  "(SELECT ledger_seq FROM certificates WHERE trainee = 1)",
		  "  its stored facts, time or ledger entry @ were changed: they no longer give "
		  "its code\n"
		  "  the ledger it was issued on was changed: ledger entry @ was changed: the "
		  "chain breaks there\n", 1, 2 },
		{ "its own row", "UPDATE certificates SET content = replace(content, '85.5', "
		  "'95.5') WHERE trainee = 1",
		  "  its stored facts, time or ledger entry @ were changed: they no longer give "
		  "its code\n"
		  "  the certificate's own row was changed after the certificate was issued "
		  "(row)\n", 1, 2 },
		{ "the curriculum it keeps (a rule added)",
		  "UPDATE certificates SET curriculum = CAST('proficiency: { consecutive: 1, "
		  "total: 1 }' || char(10) || CAST(curriculum AS TEXT) AS BLOB) WHERE trainee = 1",
		  "  the curriculum file kept with it was changed (its SHA-256 is now #, not the $ "
		  "it was issued under)\n"
		  "  the certificate's own row was changed after the certificate was issued "
		  "(curriculum file)\n", 1, 2 },
		{ "the curriculum it keeps (a lesson renamed)",
		  "UPDATE certificates SET curriculum = CAST(replace(CAST(curriculum AS TEXT), "
		  "'even', 'odd') AS BLOB) WHERE trainee = 1",
		  "  the curriculum file kept with it was changed (its SHA-256 is now #, not the $ "
		  "it was issued under)\n"
		  "  the certificate's own row was changed after the certificate was issued "
		  "(curriculum file)\n", 1, 2 },
		{ "a deposit of a session it does not rest on",
		  "UPDATE deposits SET x_mm = x_mm + 0.5 WHERE session = 3 AND seq = 0",
		  NULL, 0, 0 },
	};
	char text[STORE_CERT_CODE_TEXT_MAX], *made, seq[24], issued[65], path[4200];

	(void)state;
	issue_ada();
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	tmp_files_sha256(path, issued);
	store_certificate_code_text(code, text);
	made = db_query_text(db, "SELECT made FROM certificates WHERE trainee = 1");
	snprintf(seq, sizeof(seq), "%lld", (long long)db_query_int(db, "SELECT ledger_seq FROM "
								  "certificates WHERE trainee = 1"));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char copy[4200], want[2048], lines[1024] = "", kept[65] = "", kept_path[4300];
		const char *args[] = { "verify", "--certificate", code, "--db", copy, NULL };
		struct child_result res;

		snprintf(copy, sizeof(copy), "%s/edit-%zu.db", tmp_files_dir(), i);
		tmp_files_copy(db, copy);
		db_exec(copy, cases[i].sql);
		/* The SHA-256 of the curriculum the copy keeps now, as sha256sum
		 * gives it for its bytes written to a file. */
		if (cases[i].lines && strchr(cases[i].lines, '#')) {
			char *now = db_query_text(copy, "SELECT curriculum FROM certificates "
						  "WHERE trainee = 1");
			FILE *f;

			snprintf(kept_path, sizeof(kept_path), "%s.curriculum", copy);
			assert_non_null(f = fopen(kept_path, "w"));
			fputs(now, f);
			fclose(f);
			tmp_files_sha256(kept_path, kept);
			assert_string_not_equal(kept, issued);
			free(now);
		}
		/* @ the ledger entry it was issued at; # the curriculum's hash
		 * now, $ as issued. */
		for (const char *p = cases[i].lines; p && *p; p++)
			if (*p == '@')
				strcat(lines, seq);
			else if (*p == '#')
				strcat(lines, kept);
			else if (*p == '$')
				strcat(lines, issued);
			else
				strncat(lines, p, 1);
		if (cases[i].lines)
			snprintf(want, sizeof(want), "%sCertificate %s, issued to Ada Lovelace on "
				 "%.10s, does not hold: %zu problem%s above\n", lines,
				 text, made, cases[i].problems, cases[i].problems == 1 ? "" : "s");
		else
			snprintf(want, sizeof(want), "Certificate %s is valid: Ada Lovelace, "
				 "proficient in 2 lessons, issued %.10s; the record it rests on is "
				 "intact\n(1 other change in the record does not touch it: 'smpsim "
				 "verify' lists it)\n", text, made);
		print_message("%s\n", cases[i].what);
		smpsim(args, &res);
		child_expect(&res, cases[i].status, want, "");
		child_result_free(&res);
	}
	/* The curriculum it keeps, edited: `verify` of the whole record names
	 * the certificate and the part. */
	{
		char copy[4200], want[1024], printed[STORE_CERT_CODE_TEXT_MAX];
		const char *args[] = { "verify", "--db", copy, NULL };
		struct child_result res;

		store_certificate_code_text(code, printed);
		snprintf(copy, sizeof(copy), "%s/kept-curriculum.db", tmp_files_dir());
		tmp_files_copy(db, copy);
		db_exec(copy, "UPDATE certificates SET curriculum = CAST('lessons: [depth-taps]' "
			"AS BLOB) WHERE trainee = 1");
		snprintf(want, sizeof(want), "certificate %lld (%s) was changed after it was "
			 "stored (its curriculum file differs from the ledger)\n"
			 "The record was changed outside smpsim: 1 problem (%lld entries, 8 sessions "
			 "checked)\n", (long long)db_query_int(copy, "SELECT id FROM certificates "
								"WHERE trainee = 1"), printed,
			 (long long)db_query_int(copy, "SELECT count(*) FROM ledger"));
		smpsim(args, &res);
		child_expect(&res, 1, want, "");
		child_result_free(&res);
	}
	/* Work stored by smpsim after it was issued (a failed session of a
	 * lesson it covers) leaves it valid, and the record intact. */
	{
		char copy[4200], want[1024], err[512];
		const char *args[] = { "verify", "--certificate", code, "--db", copy, NULL };
		struct child_result res;
		struct store *st;

		snprintf(copy, sizeof(copy), "%s/later.db", tmp_files_dir());
		tmp_files_copy(db, copy);
		if (store_open(copy, &st, NULL, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		add_session(st, 1, "even-spacing", 40, false, false);
		store_close(st);
		snprintf(want, sizeof(want), "Certificate %s is valid: Ada Lovelace, proficient "
			 "in 2 lessons, issued %.10s; the record it rests on is intact\n", text,
			 made);
		smpsim(args, &res);
		child_expect(&res, 0, want, "");
		child_result_free(&res);
	}
	free(made);
	{
		const char *args[] = { "verify", "--certificate", "0000-0000-0000-0000-0000",
				       "--db", db, NULL };
		const char *bad[] = { "verify", "--certificate", "0000-0000", "--db", db, NULL };
		struct child_result res;
		char want[4300];

		snprintf(want, sizeof(want), "There is no certificate 0000-0000-0000-0000-0000 "
			 "in this record (%s)\n", db);
		smpsim(args, &res);
		child_expect(&res, 1, want, "");
		child_result_free(&res);
		smpsim(bad, &res);
		child_expect(&res, 2, "", "smpsim verify: '0000-0000' is not a verification "
			     "code: 20 letters and digits (0-9, A-Z but I, L, O, U), as printed "
			     "on the certificate\n");
		child_result_free(&res);
	}
}

/* The same facts issued again: a second certificate with its own code;
 * both verify. Then data folders whose curriculum differs, or that have
 * none. */
static void test_reissue_and_curriculum(void **state)
{
	char out[4200], path[4200], codes[2][STORE_CERT_CODE_MAX], *content[2], *cur, *old;
	char empty[4200];
	const char *args[] = { "certificate", "--trainee", "Ada Lovelace", "-o", out,
			       "--academy", "Academy of Fine Lines", "--by", "Mo Instructor",
			       "--db", db, NULL };
	struct child_result res;
	size_t size;
	FILE *f;

	(void)state;
	issue_ada();
	snprintf(out, sizeof(out), "%s/ada-again.html", tmp_files_dir());
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM certificates WHERE trainee = 1"),
			 2);
	for (int i = 0; i < 2; i++) {
		char sql[160], *c;

		snprintf(sql, sizeof(sql), "SELECT code FROM certificates WHERE trainee = 1 "
			 "ORDER BY id LIMIT 1 OFFSET %d", i);
		c = db_query_text(db, sql);
		snprintf(codes[i], sizeof(codes[i]), "%s", c);
		free(c);
		snprintf(sql, sizeof(sql), "SELECT content FROM certificates WHERE trainee = 1 "
			 "ORDER BY id LIMIT 1 OFFSET %d", i);
		content[i] = db_query_text(db, sql);
	}
	assert_string_equal(content[0], content[1]);
	assert_string_not_equal(codes[0], codes[1]);
	for (int i = 0; i < 2; i++) {
		const char *verify[] = { "verify", "--certificate", codes[i], "--db", db, NULL };

		smpsim(verify, &res);
		assert_int_equal(res.status, 0);
		assert_non_null(strstr(res.out, " is valid: Ada Lovelace, proficient in 2 lessons"));
		child_result_free(&res);
	}

	/* A data folder whose curriculum differs, by a comment or by its
	 * rules (a third party's), or the shipped one: the certificate is
	 * checked under the curriculum the record keeps, valid, and the
	 * difference said once, with both hashes. A data folder with no
	 * curriculum and no lessons at all: valid, nothing more said. */
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	old = tmp_files_read(path, &size);
	cur = strstr(content[0], "\"curriculum_sha256\":\"") + 21;
	static const struct {
		const char *what, *text;
		bool append;
	} curricula[] = {
		{ "a comment", "# a comment\n", true },
		{ "other rules", "proficiency: { consecutive: 2, total: 12 }\n"
		  "lessons:\n  - depth-taps\n  - even-spacing\n", false },
		{ "the shipped curriculum", NULL, false },
		{ "no curriculum, no lessons", NULL, false },
	};
	snprintf(empty, sizeof(empty), "%s/empty-data", tmp_files_dir());
	assert_int_equal(mkdir(empty, 0700), 0);
	for (size_t i = 0; i < ARRAY_SIZE(curricula); i++) {
		const char *verify[] = { "verify", "--certificate", codes[0], "--db", db, NULL };
		const char *data = i < 2 ? data_dir : i == 2 ? SMPSIM_DATA_DIR : empty;
		char sha[65] = "", want[1024], text[STORE_CERT_CODE_TEXT_MAX], note[400] = "";
		char *made = db_query_text(db, "SELECT made FROM certificates WHERE trainee = 1 "
				     "ORDER BY id LIMIT 1");

		if (curricula[i].text) {
			assert_non_null(f = fopen(path, curricula[i].append ? "a" : "w"));
			fputs(curricula[i].text, f);
			fclose(f);
			tmp_files_sha256(path, sha);
		} else if (i == 2) {
			tmp_files_sha256(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", sha);
		}
		if (sha[0]) {
			assert_string_not_equal(sha, cur);
			snprintf(note, sizeof(note), "This data folder's curriculum differs from the "
				 "one it was issued under (SHA-256 %s vs %.64s); it was checked under "
				 "the one it was issued under, kept in the record\n", sha, cur);
		}
		store_certificate_code_text(codes[0], text);
		snprintf(want, sizeof(want), "Certificate %s is valid: Ada Lovelace, proficient in "
			 "2 lessons, issued %.10s; the record it rests on is intact\n%s", text, made,
			 note);
		print_message("%s\n", curricula[i].what);
		smpsim_in(data, verify, &res);
		child_expect(&res, 0, want, "");
		child_result_free(&res);
		free(made);
		assert_non_null(f = fopen(path, "w"));
		fwrite(old, 1, size, f);
		fclose(f);
	}
	/* A change the certificate rests on is still named with the shipped
	 * data folder, and the difference still said. */
	{
		char copy[4200], want[2048], sha[65], text[STORE_CERT_CODE_TEXT_MAX];
		const char *verify[] = { "verify", "--certificate", codes[0], "--db", copy, NULL };
		char *made = db_query_text(db, "SELECT made FROM certificates WHERE trainee = 1 "
				     "ORDER BY id LIMIT 1");

		snprintf(copy, sizeof(copy), "%s/shipped-edit.db", tmp_files_dir());
		tmp_files_copy(db, copy);
		db_exec(copy, "UPDATE sessions SET score = 99 WHERE id = 2");
		tmp_files_sha256(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", sha);
		store_certificate_code_text(codes[0], text);
		snprintf(want, sizeof(want), "  session 2, on which lesson depth-taps rests, was "
			 "changed after the certificate was issued (score)\n"
			 "Certificate %s, issued to Ada Lovelace on %.10s, does not hold: 1 problem "
			 "above\n"
			 "This data folder's curriculum differs from the one it was issued under "
			 "(SHA-256 %s vs %.64s); it was checked under the one it was issued under, "
			 "kept in the record\n", text, made, sha, cur);
		smpsim_in(SMPSIM_DATA_DIR, verify, &res);
		child_expect(&res, 1, want, "");
		child_result_free(&res);
		free(made);
	}
	free(old);
	free(content[0]);
	free(content[1]);
}

/* ---- chromium ---- */

/* Runs headless Chromium on the page with @p option (--print-to-pdf=...,
 * --screenshot=...) and @p size (NULL: none). */
static void chromium(const char *option, const char *size)
{
	char profile[4200], url[4300], home[4300], dir[4300];
	const char *argv[] = { "/usr/bin/timeout", "-k", "5", "240", "chromium", "--headless",
			       "--no-sandbox", "--disable-gpu", "--no-first-run",
			       "--disable-background-networking", "--no-pdf-header-footer",
			       "--hide-scrollbars", "--force-device-scale-factor=1",
			       "--force-color-profile=srgb", dir, option, url, size, NULL };
	const char *env[] = { home, NULL };
	struct child_result res;

	snprintf(profile, sizeof(profile), "%s/chromium", tmp_files_dir());
	mkdir(profile, 0700);
	snprintf(home, sizeof(home), "HOME=%s", profile);
	snprintf(dir, sizeof(dir), "--user-data-dir=%s", profile);
	snprintf(url, sizeof(url), "file://%s", page);
	assert_int_equal(child_run(argv, env, &res), 0);
	if (res.status != 0)
		fail_msg("chromium failed (%d): %s", res.status, res.err);
	child_result_free(&res);
}

static bool colour_at(const unsigned char *px, png_uint_32 w, png_uint_32 x, png_uint_32 y,
		      unsigned int rgb)
{
	const unsigned char *p = px + ((size_t)y * w + x) * 3;

	return abs(p[0] - (int)(rgb >> 16)) <= 10 && abs(p[1] - (int)((rgb >> 8) & 255)) <= 10 &&
	       abs(p[2] - (int)(rgb & 255)) <= 10;
}

/* Printed: two A4 pages, the summary and the evidence. On screen: the
 * page's background, and the code's box, a 2 px frame in #0b3c5d at least
 * 400 px wide, below the double frame of the summary. */
static void test_chromium_print(void **state)
{
	char pdf[4200], png[4200], opt[4300];
	const char *keep = getenv("SMPSIM_CERTIFICATE_SCREENSHOT");
	size_t size, pages = 0, frames = 0;
	png_image im = { .version = PNG_IMAGE_VERSION };
	unsigned char *px;
	char *data;

	(void)state;
	issue_ada();
	snprintf(pdf, sizeof(pdf), "%s/ada.pdf", tmp_files_dir());
	snprintf(opt, sizeof(opt), "--print-to-pdf=%s", pdf);
	chromium(opt, NULL);
	data = tmp_files_read(pdf, &size);
	for (size_t i = 0; i + 11 < size; i++)
		if (!memcmp(data + i, "/Type /Page", 11) && data[i + 11] != 's')
			pages++;
	free(data);
	print_message("the certificate prints on %zu pages\n", pages);
	assert_int_equal(pages, 2);

	snprintf(png, sizeof(png), "%s/ada.png", keep && *keep ? keep : tmp_files_dir());
	if (!keep || !*keep)
		snprintf(png, sizeof(png), "%s/ada.png", tmp_files_dir());
	else
		snprintf(png, sizeof(png), "%s", keep);
	snprintf(opt, sizeof(opt), "--screenshot=%s", png);
	chromium(opt, "--window-size=1000,1900");
	if (!png_image_begin_read_from_file(&im, png))
		fail_msg("%s: %s", png, im.message);
	im.format = PNG_FORMAT_RGB;
	assert_non_null(px = malloc(PNG_IMAGE_SIZE(im)));
	assert_true(png_image_finish_read(&im, NULL, px, 0, NULL));
	assert_true(colour_at(px, im.width, 5, 5, 0xf4f1ea));
	for (png_uint_32 y = 0; y < im.height; y++) {
		png_uint_32 run = 0, best = 0;

		for (png_uint_32 x = 0; x < im.width; x++) {
			run = colour_at(px, im.width, x, y, 0x0b3c5d) ? run + 1 : 0;
			best = run > best ? run : best;
		}
		if (best >= 400)
			frames++;
	}
	print_message("%zu rows of frame at least 400 px wide\n", frames);
	/* The summary's double frame (3 px: two lines) and the code's box
	 * (2 px), top and bottom: at least 2 + 2 + 2 + 2 rows. */
	assert_true(frames >= 8);
	free(px);
	png_image_free(&im);
}

/* --pdf: the page printed by the command itself, beside its HTML. */
static void test_pdf_option(void **state)
{
	char html[4200], pdf[4200], want[8600];
	const char *args[] = { "certificate", "--trainee", "Bo", "--lessons", "depth-taps",
			       "-o", html, "--pdf", pdf, "--db", db, NULL };
	struct child_result res;
	size_t size;
	char *data;

	(void)state;
	snprintf(html, sizeof(html), "%s/bo.html", tmp_files_dir());
	snprintf(pdf, sizeof(pdf), "%s/bo.pdf", tmp_files_dir());
	smpsim(args, &res);
	if (res.status != 0)
		fail_msg("certificate --pdf failed (%d): %s", res.status, res.err);
	snprintf(want, sizeof(want), "Printed to PDF: %s\n", pdf);
	assert_non_null(strstr(res.out, want));
	child_result_free(&res);
	data = tmp_files_read(pdf, &size);
	assert_true(size > 1000 && !memcmp(data, "%PDF-", 5));
	free(data);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_refused_after_edit),
		cmocka_unit_test(test_partial_and_unknown_lesson),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_content_text),
		cmocka_unit_test(test_code_form),
		cmocka_unit_test(test_verify_edits),
		cmocka_unit_test(test_reissue_and_curriculum),
	};
	const struct CMUnitTest chromium[] = {
		cmocka_unit_test(test_chromium_print),
		cmocka_unit_test(test_pdf_option),
	};

	if (argc > 1 && !strcmp(argv[1], "chromium"))
		return cmocka_run_group_tests_name("chromium", chromium, setup, tmp_files_teardown);
	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
