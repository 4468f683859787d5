/* test-verify: the record's ledger (scoring/store/store_ledger.c,
 * store_verify.c) and `smpsim verify`, on real SQLite files.
 *
 * A record is made through store.h: two trainees, three sessions ended
 * (deposits, a pen chunk, a score), a sign-off written the way a writer
 * of sign-offs does (its rows and store_ledger_append() in one
 * transaction), and a fourth session left open when the store closes
 * (interrupted, sealed by store_close()). `smpsim verify` must call it
 * intact, with the chain head recomputed here from the documented bytes.
 * Then each case of a table copies the record, makes one edit with the
 * sqlite3 API as someone outside smpsim would (a deposit's depth, a score,
 * a trainee's name, a sign-off's rating, the pen stream, a lesson's stored
 * copy, a session deleted
 * with its rows, one added, a ledger entry changed or deleted), and expects
 * verify's exact lines and exit 1. A record of version 4 is refused by
 * verify (read-only: it stays version 4), then sealed by a writer's open
 * and verified. Who marked an expert or renamed a trainee is checked as
 * the trainee's content. The content's encoding is checked on its own: NULL, 0 and
 * '' differ, equal rows hash equal, and one part's hash is the SHA-256 of
 * the bytes store_ledger.c documents. No parser is added: no fuzzer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "store_class.h"
#include "store_expert.h"
#include "store_internal.h"
#include "store_ledger_content.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char pristine[4096];

static void raw_exec_on(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* Copies the record (its WAL is empty once closed) to a new file. */
static void copy_record(const char *stem, char *path, size_t size)
{
	size_t n;
	char *data = tmp_files_read(pristine, &n);

	assert_non_null(data);
	tmp_files_write(stem, "db", data, n, path, size);
	free(data);
}

static void verify(const char *path, const char *const extra[], struct child_result *res)
{
	const char *argv[8] = { SMPSIM_BINARY, "verify", "--db", path };
	const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", NULL };
	size_t n = 4;

	for (size_t i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

static struct deposit dep(uint32_t id, int64_t down_us, double x, double depth)
{
	struct deposit d;

	memset(&d, 0, sizeof(d));
	d.id = id;
	d.down_us = down_us;
	d.up_us = down_us + 62500;
	d.x_mm = x;
	d.y_mm = 20.25;
	d.region = 0;
	d.depth_mm = depth;
	d.force_n = 1.5;
	d.diameter_mm = 0.375;
	d.tail_mm = 0.125;
	d.tilt_deg = 4.5;
	d.skew_ratio = 1.25;
	d.skew_angle_deg = -90;
	d.nearest_mm = 1.5;
	d.kind = DEPOSIT_DOT;
	d.depth_class = DEPOSIT_IN_BAND;
	return d;
}

static void score(struct score_metrics *m, struct score_result *r, double value)
{
	memset(m, 0, sizeof(*m));
	memset(r, 0, sizeof(*r));
	m->dots = 3;
	m->value[SCORE_DEPTH_IN_BAND] = 0.75;
	m->valid[SCORE_DEPTH_IN_BAND] = true;
	r->marks[SCORE_DEPTH_IN_BAND] = 80;
	r->rated[SCORE_DEPTH_IN_BAND] = true;
	r->score = value;
	r->passed = value >= 70;
	snprintf(r->advice[0], SCORE_ADVICE_MAX, "Keep every dot in the band.");
	r->advice_count = 1;
}

/* Session of @p trainee with @p deposits deposits and one pen chunk,
 * scored @p value (NaN: not scored). */
static int64_t session(struct store *store, int64_t trainee, int deposits, double value)
{
	static const char text[] = "id: hairline-basics\n";
	static const unsigned char pen[] = { 1, 2, 3, 4, 5 };
	struct store_session_info info = {
		.trainee = trainee, .lesson_id = "hairline-basics",
		.lesson_title = "The hairline", .lesson_text = text,
		.lesson_text_size = sizeof(text) - 1, .device_name = "Pen",
		.start_us = 1000000, .view_mode = STORE_VIEW_SHOWN,
	};
	struct store_pen_chunk chunk = { 0, 1000000, 2000000, 5, pen, sizeof(pen) };
	struct score_metrics m;
	struct score_result r;
	int64_t s;

	assert_int_equal(store_session_begin(store, &info, &s), 0);
	for (int i = 0; i < deposits; i++) {
		struct deposit d = dep((uint32_t)i, 1500000 + i * 250000, 10 + i, 0.75);

		assert_int_equal(store_session_add_deposit(store, s, &d, "frontal"), 0);
	}
	assert_int_equal(store_session_add_pen_chunk(store, s, &chunk), 0);
	if (isnan(value)) {
		assert_int_equal(store_session_end(store, s, 2.5, NULL, NULL), 0);
	} else {
		score(&m, &r, value);
		assert_int_equal(store_session_end(store, s, 2.5, &m, &r), 0);
	}
	return s;
}

static int setup(void **state)
{
	char err[STORE_ERROR_MAX];
	struct store *store;
	int64_t ana, bo, open;
	struct deposit d;

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(pristine, sizeof(pristine), "%s/record.db", tmp_files_dir());
	if (store_open(pristine, &store, NULL, err, sizeof(err)) < 0)
		return -1;
	if (store_trainee_add(store, "Ana", &ana) < 0 || store_trainee_add(store, "Bo", &bo) < 0)
		return -1;
	session(store, ana, 3, 82.5);          /* 1 */
	session(store, bo, 2, 55);             /* 2 */
	session(store, ana, 1, NAN);           /* 3 */
	/* A sign-off as its writer makes one: its rows and its entry in one
	 * transaction. */
	if (store_begin_write(store) < 0 ||
	    sqlite3_exec(store->db,
			 "INSERT INTO signoffs (session, instructor, made, note) VALUES "
			 "(1, 'Dr Reyes', '2026-01-01T10:00:00.000Z', 'steady hand');"
			 "INSERT INTO signoff_ratings (signoff, domain, rating, seq) "
			 "VALUES (1, 'depth', 4, 0), (1, 'spacing', 3, 1);",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    store_ledger_append(store, STORE_LEDGER_SIGNOFF, 1) < 0 || store_commit(store) < 0)
		return -1;
	/* 4: left open; closing the store marks it interrupted and seals it. */
	{
		static const char text[] = "id: hairline-basics\n";
		struct store_session_info info = {
			.trainee = bo, .lesson_id = "hairline-basics",
			.lesson_title = "The hairline", .lesson_text = text,
			.lesson_text_size = sizeof(text) - 1,
		};

		if (store_session_begin(store, &info, &open) < 0)
			return -1;
		d = dep(0, 1500000, 1, 0.5);
		if (store_session_add_deposit(store, open, &d, NULL) < 0)
			return -1;
	}
	store_close(store);
	return 0;
}

static int teardown(void **state)
{
	return tmp_files_teardown(state);
}

/* The ledger's head, recomputed here from its rows by the text
 * store_ledger.c documents: SHA-256("PREV KIND REF CONTENT"). */
static void recompute_head(const char *path, char head[STORE_LEDGER_HEX], int *entries)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;

	memset(head, '0', 64);
	head[64] = '\0';
	*entries = 0;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT kind, ref, content_sha256, "
					    "chain_sha256 FROM ledger ORDER BY seq", -1,
					    &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		gchar *text = g_strdup_printf("%s %s %lld %s", head,
					      (const char *)sqlite3_column_text(stmt, 0),
					      (long long)sqlite3_column_int64(stmt, 1),
					      (const char *)sqlite3_column_text(stmt, 2));
		gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);

		assert_string_equal(sum, (const char *)sqlite3_column_text(stmt, 3));
		memcpy(head, sum, 65);
		g_free(sum);
		g_free(text);
		(*entries)++;
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* verify calls the record at @p path intact: @p entries entries, the
 * chain head recomputed here, @p sessions sessions checked, then @p more
 * (the line on sessions in progress, or ""). */
static void expect_intact(const char *path, int entries, int sessions, const char *more)
{
	char head[STORE_LEDGER_HEX], out[512];
	struct child_result res;
	int n;

	recompute_head(path, head, &n);
	assert_int_equal(n, entries);
	snprintf(out, sizeof(out), "The record is intact: %d %s, %d session%s checked, "
		 "chain head %s\n%s", entries, entries == 1 ? "entry" : "entries", sessions,
		 sessions == 1 ? "" : "s", head, more);
	verify(path, NULL, &res);
	child_expect(&res, 0, out, "");
	child_result_free(&res);
}

static void test_intact(void **state)
{
	char head[STORE_LEDGER_HEX], out[256];
	struct child_result res;
	int entries;

	(void)state;
	expect_intact(pristine, 7, 4, "");
	recompute_head(pristine, head, &entries);
	snprintf(out, sizeof(out), "{\n  \"problems\": [],\n  \"intact\": true, \"entries\": 7, "
		 "\"things\": 7, \"sessions\": 4, \"in_progress\": 0, \"head_entry\": 7, "
		 "\"chain_head\": \"%s\"\n}\n", head);
	verify(pristine, (const char *const[]){ "--json", NULL }, &res);
	child_expect(&res, 0, out, "");
	child_result_free(&res);
	/* Session 4 was sealed as interrupted by store_close(). */
	{
		sqlite3 *db;
		sqlite3_stmt *stmt;

		assert_int_equal(sqlite3_open(pristine, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT s.status, l.kind, l.ref FROM "
						    "sessions s, ledger l WHERE s.id = 4 AND "
						    "l.seq = 7", -1, &stmt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(stmt, 0), STORE_INTERRUPTED);
		assert_string_equal((const char *)sqlite3_column_text(stmt, 1), "session");
		assert_int_equal(sqlite3_column_int(stmt, 2), 4);
		sqlite3_finalize(stmt);
		sqlite3_close(db);
	}
}

#define TAIL_1(entries, sessions) \
	"The record was changed outside smpsim: 1 problem (" #entries " entries, " \
	#sessions " sessions checked)\n"

static const struct edit_case {
	const char *name;
	const char *sql;
	const char *out;
} edit_cases[] = {
	{ "deposit",
	  "UPDATE deposits SET depth_mm = 0.5 WHERE session = 2 AND seq = 1",
	  "session 2 was changed after it was stored (its deposits differ from the ledger)\n"
	  TAIL_1(7, 4) },
	{ "score",
	  "UPDATE sessions SET score = 99 WHERE id = 1",
	  "session 1 was changed after it was stored (its score differs from the ledger)\n"
	  TAIL_1(7, 4) },
	{ "trainee",
	  "UPDATE trainees SET name = 'Anna' WHERE id = 1",
	  "trainee 1 (Anna) was changed after it was stored (its entry differs from the "
	  "ledger)\n" TAIL_1(7, 4) },
	{ "signoff",
	  "UPDATE signoff_ratings SET rating = 5 WHERE signoff = 1 AND domain = 'depth'",
	  "sign-off 1 of session 1 was changed after it was stored (its ratings differ from "
	  "the ledger)\n" TAIL_1(7, 4) },
	{ "pen",
	  "UPDATE pen_chunks SET data = x'0102030406' WHERE session = 3",
	  "session 3 was changed after it was stored (its pen stream differs from the "
	  "ledger)\n" TAIL_1(7, 4) },
	{ "measures-and-row",
	  "UPDATE measures SET value = 0.9 WHERE session = 2;"
	  "UPDATE sessions SET device_name = NULL WHERE id = 2",
	  "session 2 was changed after it was stored (its row and measures differ from the "
	  "ledger)\n" TAIL_1(7, 4) },
	{ "lesson",
	  "UPDATE lessons SET content = CAST('id: hairline-basics \n' AS BLOB)",
	  "the copy of lesson hairline-basics kept as lesson 1 was changed (its text no "
	  "longer matches its SHA-256)\n" TAIL_1(7, 4) },
	{ "deleted",
	  "DELETE FROM deposits WHERE session = 3; DELETE FROM pen_chunks WHERE session = 3;"
	  "DELETE FROM sessions WHERE id = 3",
	  "session 3 was deleted (the ledger has it, the record does not)\n" TAIL_1(7, 3) },
	{ "added",
	  "INSERT INTO sessions (trainee, lesson, started, status) "
	  "VALUES (1, 1, '2026-01-01T10:00:00.000Z', 1)",
	  "session 5 is not in the ledger (added outside smpsim)\n" TAIL_1(7, 4) },
	{ "ledger-chain",
	  "UPDATE ledger SET chain_sha256 = "
	  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' WHERE seq = 4",
	  "ledger entry 4 was changed: the chain breaks there\n" TAIL_1(7, 4) },
	{ "ledger-deleted",
	  "DELETE FROM ledger WHERE seq = 6",
	  "ledger entry 6 was deleted: the chain breaks at entry 7\n"
	  "sign-off 1 of session 1 is not in the ledger (added outside smpsim)\n"
	  "The record was changed outside smpsim: 2 problems (6 entries, 4 sessions "
	  "checked)\n" },
	{ "ledger-two-deleted",
	  "DELETE FROM ledger WHERE seq IN (4, 5)",
	  "ledger entries 4 to 5 were deleted: the chain breaks at entry 6\n"
	  "session 2 is not in the ledger (added outside smpsim)\n"
	  "session 3 is not in the ledger (added outside smpsim)\n"
	  "The record was changed outside smpsim: 3 problems (5 entries, 2 sessions "
	  "checked)\n" },
};

static void test_single_edits(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(edit_cases); i++) {
		const struct edit_case *c = &edit_cases[i];
		struct child_result res;
		char path[4096];

		print_message("case %s\n", c->name);
		copy_record(c->name, path, sizeof(path));
		raw_exec_on(path, c->sql);
		verify(path, NULL, &res);
		child_expect(&res, 1, c->out, "");
		child_result_free(&res);
	}
}

/* --json: the problem's fields, and the counts. */
static void test_json_problem(void **state)
{
	char path[4096], head[STORE_LEDGER_HEX], out[1024];
	struct child_result res;
	int entries;

	(void)state;
	copy_record("json", path, sizeof(path));
	raw_exec_on(path, "UPDATE sessions SET score = 99, status = 2 WHERE id = 1");
	recompute_head(path, head, &entries);
	snprintf(out, sizeof(out), "{\n  \"problems\": [\n    {\"fault\": \"changed\", "
		 "\"kind\": \"session\", \"id\": 1, \"entry\": 3, \"parts\": \"row and "
		 "score\", \"text\": \"session 1 was changed after it was stored (its row and "
		 "score differ from the ledger)\"}\n  ],\n  \"intact\": false, \"entries\": 7, "
		 "\"things\": 7, \"sessions\": 4, \"in_progress\": 0, \"head_entry\": 7, "
		 "\"chain_head\": \"%s\"\n}\n", head);
	verify(path, (const char *const[]){ "--json", NULL }, &res);
	child_expect(&res, 1, out, "");
	child_result_free(&res);
}

/* Who renamed a trainee or marked an expert, and when (trainee_changes),
 * is the record's only account of it: an edit of it shows as the trainee
 * changed, as an edit of their row does. */
static void test_trainee_changes(void **state)
{
	static const struct {
		const char *name, *sql;
	} cases[] = {
		{ "changes-by", "UPDATE trainee_changes SET by = 'Someone Else' WHERE kind = 'expert'" },
		{ "changes-deleted", "DELETE FROM trainee_changes WHERE kind = 'rename'" },
		{ "changes-added", "INSERT INTO trainee_changes (trainee, made, kind, by) VALUES "
				   "(1, '2026-01-01T10:00:00.000Z', 'not-expert', 'Mia Chen')" },
	};
	char base[4096], path[4096], err[STORE_ERROR_MAX];
	struct child_result res;
	struct store *store;
	size_t n;
	char *data;

	(void)state;
	copy_record("changes", base, sizeof(base));
	assert_int_equal(store_open(base, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_set_expert(store, 1, true, "Mia Chen"), 0);
	assert_int_equal(store_trainee_rename(store, "Ana", "Ana Souza", "Mia Chen"), 0);
	store_close(store);
	expect_intact(base, 9, 4, "");
	data = tmp_files_read(base, &n);
	assert_non_null(data);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		print_message("case %s\n", cases[i].name);
		tmp_files_write(cases[i].name, "db", data, n, path, sizeof(path));
		raw_exec_on(path, cases[i].sql);
		verify(path, NULL, &res);
		child_expect(&res, 1, "trainee 1 (Ana Souza) was changed after it was stored "
			     "(its changes differ from the ledger)\n" TAIL_1(9, 4), "");
		child_result_free(&res);
	}
	free(data);
}

/* A session in progress has no entry yet and is not checked; ended, it
 * is. */
static void test_in_progress(void **state)
{
	static const char text[] = "id: hairline-basics\n";
	struct store_session_info info = {
		.trainee = 1, .lesson_id = "hairline-basics", .lesson_title = "The hairline",
		.lesson_text = text, .lesson_text_size = sizeof(text) - 1,
	};
	char path[4096], err[STORE_ERROR_MAX];
	struct store *store;
	struct deposit d = dep(0, 1500000, 1, 0.75);
	int64_t s;

	(void)state;
	copy_record("in-progress", path, sizeof(path));
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_begin(store, &info, &s), 0);
	assert_int_equal(s, 5);
	assert_int_equal(store_session_add_deposit(store, s, &d, NULL), 0);
	assert_int_equal(store_session_flush(store, s), 0);
	expect_intact(path, 7, 4, "1 session in progress not checked: sealed when it ends\n");
	assert_int_equal(store_session_end(store, s, 1, NULL, NULL), 0);
	expect_intact(path, 8, 5, "");
	store_close(store);
}

/* The first four sections of the built-in schema: a record of version 4. */
static void make_v4(const char *path)
{
	const char *v5 = strstr(store_schema_sql, "-- @version 5");
	char err[256];
	sqlite3 *db;
	int from, to;

	assert_non_null(v5);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(store_schema_apply(db, store_schema_sql,
					    (size_t)(v5 - store_schema_sql), &from, &to,
					    err, sizeof(err)), 0);
	assert_int_equal(to, 4);
	if (sqlite3_exec(db,
		"INSERT INTO trainees (name, name_key, created) VALUES "
		"('Ana', 'Ana', '2025-01-01T00:00:00.000Z'), ('Bo', 'Bo', '2025-01-01T00:00:00.000Z');"
		"INSERT INTO lessons (lesson_id, title, sha256, content, first_used) VALUES "
		/* The SHA-256 of its (empty) bytes. */
		"('l', 'L', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', "
		"x'', '2025-01-01T00:00:00.000Z');"
		"INSERT INTO sessions (trainee, lesson, started, status, score) VALUES "
		"(1, 1, '2025-01-02T00:00:00.000Z', 1, 75), (2, 1, '2025-01-03T00:00:00.000Z', 0, NULL);"
		"INSERT INTO deposits (session, seq, down_us, up_us, depth_mm, kind, depth_class, "
		"faults) VALUES (1, 0, 10, 20, 0.75, 0, 1, 0), (2, 0, 10, 20, NULL, 0, 1, 0);",
		NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void test_migrated_v4(void **state)
{
	char path[4096], err[STORE_ERROR_MAX], out[4096 + 512];
	struct child_result res;
	struct store *store;
	unsigned int marked;

	(void)state;
	snprintf(path, sizeof(path), "%s/v4.db", tmp_files_dir());
	make_v4(path);
	/* verify only reads: a version-4 record has no ledger to check. */
	snprintf(out, sizeof(out), "smpsim verify: %s is a record of version 4, made before "
		 "the ledger: open it once with a command that writes (smpsim trainee add, "
		 "practice) to bring it to version 5, which seals it as it is then\n", path);
	verify(path, NULL, &res);
	child_expect(&res, 1, "", out);
	child_result_free(&res);

	/* A writer's open migrates it, seals the trainees and the ended
	 * session, then marks session 2, whose program is gone, and seals it. */
	assert_int_equal(store_open(path, &store, &marked, err, sizeof(err)), 0);
	assert_int_equal(marked, 1);
	store_close(store);
	{
		static const char *const want[] = {
			"1 trainee 1", "2 trainee 2", "3 session 1", "4 session 2",
		};
		sqlite3 *db;
		sqlite3_stmt *stmt;
		size_t n = 0;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq || ' ' || kind || ' ' || ref "
						    "FROM ledger ORDER BY seq", -1, &stmt, NULL),
				 SQLITE_OK);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			assert_true(n < ARRAY_SIZE(want));
			assert_string_equal((const char *)sqlite3_column_text(stmt, 0), want[n++]);
		}
		assert_int_equal(n, ARRAY_SIZE(want));
		sqlite3_finalize(stmt);
		sqlite3_close(db);
	}
	expect_intact(path, 4, 2, "");

	/* Sealed: an edit from now on shows. */
	raw_exec_on(path, "UPDATE deposits SET depth_mm = 0.5 WHERE session = 1");
	verify(path, NULL, &res);
	child_expect(&res, 1, "session 1 was changed after it was stored (its deposits differ "
		     "from the ledger)\n" TAIL_1(4, 2), "");
	child_result_free(&res);
}

/* One of each is said as one: "1 entry", "1 session checked". */
static void test_one_in_words(void **state)
{
	char path[PATH_MAX], err[256];
	struct child_result res;
	struct store *store;
	int64_t ana;

	(void)state;
	snprintf(path, sizeof(path), "%s/one.db", tmp_files_dir());
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, "Ana", &ana), 0);
	store_close(store);
	expect_intact(path, 1, 0, "");
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), 0);
	session(store, ana, 2, 60);
	store_close(store);
	expect_intact(path, 2, 1, "");
	raw_exec_on(path, "UPDATE deposits SET depth_mm = 0.5 WHERE session = 1");
	verify(path, NULL, &res);
	child_expect(&res, 1, "session 1 was changed after it was stored (its deposits differ "
		     "from the ledger)\nThe record was changed outside smpsim: 1 problem "
		     "(2 entries, 1 session checked)\n", "");
	child_result_free(&res);
}

/* The content of session @p id, its parts' text in @p parts. */
static void content_of(struct store *store, int64_t id, char parts[STORE_LEDGER_PARTS_MAX],
		       char content[STORE_LEDGER_HEX])
{
	assert_int_equal(store_ledger_content(store, store_ledger_kind_find(STORE_LEDGER_SESSION),
					      id, parts, content), 0);
}

/* The hash of part @p name in @p parts. */
static const char *part_of(const char *parts, const char *name, char out[STORE_LEDGER_HEX])
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), "%s=", name);
	p = strstr(parts, key);
	assert_non_null(p);
	memcpy(out, p + strlen(key), 64);
	out[64] = '\0';
	return out;
}

static void test_encoding(void **state)
{
	char path[4096], err[STORE_ERROR_MAX];
	char p1[STORE_LEDGER_PARTS_MAX], p2[STORE_LEDGER_PARTS_MAX];
	char c1[STORE_LEDGER_HEX], c2[STORE_LEDGER_HEX];
	char h1[STORE_LEDGER_HEX], h2[STORE_LEDGER_HEX];
	struct store *store;
	static const struct {
		const char *name;
		const char *sql;    /* sets session 1 and 2 apart by one value */
		const char *part;   /* the part that differs, NULL: none */
	} cases[] = {
		{ "equal", "SELECT 1", NULL },
		{ "NULL vs 0", "UPDATE sessions SET dots = CASE id WHEN 1 THEN NULL ELSE 0 END",
		  "score" },
		{ "NULL vs ''", "UPDATE sessions SET device_name = CASE id WHEN 1 THEN NULL "
		  "ELSE '' END", "row" },
		{ "0 vs ''", "UPDATE sessions SET device_name = CASE id WHEN 1 THEN 0 ELSE '' END",
		  "row" },
		{ "'1' vs x'31'", "UPDATE advice SET text = CASE session WHEN 1 THEN '1' "
		  "ELSE CAST(x'31' AS BLOB) END", "advice" },
		/* Every bit of a REAL: the next double after 0.75. */
		{ "0.75 vs its next double", "UPDATE deposits SET depth_mm = CASE session "
		  "WHEN 1 THEN 0.75 ELSE 0.75000000000000011 END", "deposits" },
		{ "one row of two columns vs two rows", "DELETE FROM advice WHERE session = 2 AND "
		  "rank = 2", "advice" },
	};
	int64_t ana;

	(void)state;
	snprintf(path, sizeof(path), "%s/encoding.db", tmp_files_dir());
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, "Ana", &ana), 0);
	session(store, ana, 2, 60);
	session(store, ana, 2, 60);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		print_message("case %s\n", cases[i].name);
		/* The two sessions alike but for the case's value. */
		assert_int_equal(sqlite3_exec(store->db,
			"UPDATE sessions SET started = '2026-01-01T00:00:00.000Z', "
			"ended = '2026-01-01T00:01:00.000Z', device_name = 'Pen', dots = 3;"
			"UPDATE deposits SET depth_mm = 0.75;"
			"DELETE FROM advice; INSERT INTO advice VALUES (1, 1, 'a'), (2, 1, 'a');"
			"INSERT INTO advice VALUES (2, 2, 'b')", NULL, NULL, NULL), SQLITE_OK);
		if (strcmp(cases[i].name, "one row of two columns vs two rows"))
			assert_int_equal(sqlite3_exec(store->db, "DELETE FROM advice WHERE rank = 2",
						      NULL, NULL, NULL), SQLITE_OK);
		else
			assert_int_equal(sqlite3_exec(store->db, "UPDATE advice SET text = 'ab' "
						      "WHERE session = 1", NULL, NULL, NULL),
					 SQLITE_OK);
		assert_int_equal(sqlite3_exec(store->db, cases[i].sql, NULL, NULL, NULL), SQLITE_OK);
		content_of(store, 1, p1, c1);
		content_of(store, 2, p2, c2);
		if (!cases[i].part) {
			assert_string_equal(p1, p2);
			assert_string_equal(c1, c2);
			continue;
		}
		assert_string_not_equal(c1, c2);
		for (const char *const *name = (const char *const[]){ "row", "score", "deposits",
			"pen", "measures", "advice", NULL }; *name; name++)
			if (!strcmp(*name, cases[i].part))
				assert_string_not_equal(part_of(p1, *name, h1), part_of(p2, *name, h2));
			else
				assert_string_equal(part_of(p1, *name, h1), part_of(p2, *name, h2));
	}

	/* The documented bytes: advice (rank 1, 'ab') is 'r', 'i' + 8 bytes
	 * big-endian, 't' + length 8 bytes big-endian + the text; the content
	 * hash is the SHA-256 of the parts' text. */
	{
		static const unsigned char bytes[] = {
			'r', 'i', 0, 0, 0, 0, 0, 0, 0, 1, 't', 0, 0, 0, 0, 0, 0, 0, 2, 'a', 'b',
		};
		gchar *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, bytes, sizeof(bytes));
		gchar *whole;

		content_of(store, 1, p1, c1);
		assert_string_equal(part_of(p1, "advice", h1), want);
		whole = g_compute_checksum_for_string(G_CHECKSUM_SHA256, p1, -1);
		assert_string_equal(whole, c1);
		g_free(want);
		g_free(whole);
	}
	/* The head, and the chain at an entry, as certificates keep them. */
	{
		char head[STORE_LEDGER_HEX], at[STORE_LEDGER_HEX];
		int64_t seq;

		assert_int_equal(store_ledger_head(store, &seq, head), 0);
		assert_int_equal(seq, 3);          /* Ana, then two sessions */
		assert_int_equal(store_ledger_chain_at(store, seq, at), 0);
		assert_string_equal(at, head);
		assert_int_equal(store_ledger_chain_at(store, 4, at), -ENOENT);
	}
	/* Only inside a transaction, only known kinds. */
	assert_int_equal(store_ledger_append(store, STORE_LEDGER_SESSION, 1), -EINVAL);
	assert_int_equal(store_begin_write(store), 0);
	assert_int_equal(store_ledger_append(store, "lesson", 1), -EINVAL);
	store_rollback(store);
	store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact),
		cmocka_unit_test(test_single_edits),
		cmocka_unit_test(test_json_problem),
		cmocka_unit_test(test_in_progress),
		cmocka_unit_test(test_trainee_changes),
		cmocka_unit_test(test_migrated_v4),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_one_in_words),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
