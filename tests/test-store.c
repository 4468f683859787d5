/* test-store: the trainee record (scoring/store/store.h) on real SQLite files in
 * a temporary folder (tests/tmp_files.c).
 *
 * The schema: made on first open (every table, WAL, foreign keys, the
 * version; an empty -wal and the -shm left beside it at the close), an
 * empty file and a version-0 database brought up to date, the migration
 * machinery run through a two-version schema of the test's own (data
 * kept, a broken section rolled back), a database from a newer smpsim,
 * other programs' files and a damaged header refused with their exact
 * sentence, byte for byte as they were, by writers and readers alike.
 * Opening to read: no record yet, writes refused, a WAL whose index is
 * gone refused, and a read of the bare database file that puts off the
 * checkpoint of a writer that comes and goes meanwhile.
 * Trainees: duplicates, names that look like SQL injection, non-ASCII
 * names (composed and decomposed accents are one trainee), bad names.
 * Sessions: every deposit field round-trips exactly (NaN and
 * SCALP_NO_REGION included) through a second connection, as do the
 * measures, the score and the advice; deposits are committed at least
 * every second of session time without any flush; a session whose
 * program was killed (a forked child that SIGKILLs itself) is marked
 * interrupted on the next open, its deposits kept and scorable, while a
 * session whose program still runs (another store, another process) is
 * left alone; the database passes PRAGMA integrity_check after all that;
 * a reader opens and reads while another connection holds the write lock
 * with uncommitted deposits, well within the busy timeout, shows the dead
 * session interrupted without marking it, and a writer marks it once the
 * lock is free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "name_cases.h"
#include "store_child.h"
#include "store_internal.h"
#include "store_ledger.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char injection[] = "Robert'); DROP TABLE sessions;--";
/* Zoë Ångström, with a CJK name beside it. */
static const char unicode_name[] = "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d";
static const char jose_nfc[] = "Jos\xc3\xa9";          /* é as one code point */
static const char jose_nfd[] = "Jose\xcc\x81";         /* e + combining acute */

/* A fresh database path in the test folder. */
static void db_path(const char *stem, char *path, size_t size)
{
	static unsigned int serial;
	int n = snprintf(path, size, "%s/%s-%u.db", tmp_files_dir(), stem, serial++);

	assert_true(n > 0 && (size_t)n < size);
}

static struct store *open_ok(const char *path, unsigned int *interrupted)
{
	struct store *store;
	char err[STORE_ERROR_MAX];
	int rc = store_open(path, &store, interrupted, err, sizeof(err));

	if (rc != 0)
		fail_msg("store_open(%s): %d %s", path, rc, err);
	return store;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One integer from a raw connection (a constant query, one row). */
static int64_t raw_int(sqlite3 *db, const char *sql, int64_t bind)
{
	sqlite3_stmt *stmt;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_bind_parameter_count(stmt) > 0)
		sqlite3_bind_int64(stmt, 1, bind);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
					 SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* @p path holds @p data, and nothing was made beside it. */
static void assert_untouched(const char *path, const char *data, size_t size)
{
	static const char *const beside[] = { "-wal", "-shm", "-journal", "-live" };
	size_t now_size;
	char *now = tmp_files_read(path, &now_size);

	assert_int_equal(now_size, size);
	assert_memory_equal(now, data, size);
	free(now);
	for (size_t i = 0; i < ARRAY_SIZE(beside); i++) {
		char f[STORE_PATH_MAX + 16];

		snprintf(f, sizeof(f), "%s%s", path, beside[i]);
		if (access(f, F_OK) == 0)
			fail_msg("%s was made", f);
	}
}

static void assert_integrity(const char *path)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "ok");
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);   /* no row: no orphan */
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static const char lesson_text[] = "abc";
/* SHA-256("abc"), FIPS 180-2 appendix B.1. */
static const char lesson_sha[] =
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

static int64_t begin(struct store *store, int64_t trainee)
{
	struct store_session_info info = {
		.trainee = trainee,
		.lesson_id = "hairline-basics",
		.lesson_title = "The hairline, first pass",
		.lesson_text = lesson_text,
		.lesson_text_size = strlen(lesson_text),
		.device_name = "Wacom Intuos Pro M Pen",
		.device_id = "056a:0357",
		.audio_latency_ms = 12.5,
		.recording = "/tmp/take-1.evemu",
		.start_us = 250000,
	};
	int64_t session = 0;

	assert_int_equal(store_session_begin(store, &info, &session), 0);
	assert_true(session > 0);
	return session;
}

/* Deposit @p i, finished at @p up_us, with every field set to something
 * that tells it apart. */
static struct deposit deposit_at(uint32_t i, int64_t up_us)
{
	struct deposit d;

	memset(&d, 0, sizeof(d));
	d.id = i;
	d.down_us = up_us - 30000 - i;
	d.up_us = up_us;
	d.x_mm = 10.0 / 3.0 + i * 0.1;
	d.y_mm = -1e-300 * (i + 1);
	d.region = i % 3 == 2 ? SCALP_NO_REGION : i % 3;
	d.depth_mm = 0.6 + 1e-12 * i;
	d.force_n = 1.2345678901234567;
	d.diameter_mm = 0.35 + i * 1e-6;
	d.blur_mm = i % 5 ? 0 : 0.125;
	d.tail_mm = 1e308;
	d.tilt_deg = 12.75;
	d.skew_ratio = 1.0 / (1.0 + i);
	d.skew_angle_deg = -179.99;
	d.nearest_mm = i == 0 ? -1 : 0.8;
	d.kind = i % 7 == 6 ? DEPOSIT_LINE : DEPOSIT_DOT;
	d.depth_class = (enum deposit_depth_class)(i % 4);
	d.faults = i % 11 == 0 ? 0 : (1u << (i % DEPOSIT_FAULT_COUNT)) | DEPOSIT_MERGED;
	return d;
}

static const char *region_of(const struct deposit *d)
{
	static const char *const ids[] = { "frontal", "temporal-left" };

	return d->region == SCALP_NO_REGION ? NULL : ids[d->region];
}

static void assert_same_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		assert_true(isnan(a) && isnan(b));
	else
		assert_memory_equal(&a, &b, sizeof(a));   /* bit for bit */
}

static void assert_same_deposit(const struct deposit *a, const struct deposit *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->down_us, b->down_us);
	assert_int_equal(a->up_us, b->up_us);
	assert_same_double(a->x_mm, b->x_mm);
	assert_same_double(a->y_mm, b->y_mm);
	assert_int_equal(a->region, b->region);
	assert_same_double(a->depth_mm, b->depth_mm);
	assert_same_double(a->force_n, b->force_n);
	assert_same_double(a->diameter_mm, b->diameter_mm);
	assert_same_double(a->blur_mm, b->blur_mm);
	assert_same_double(a->tail_mm, b->tail_mm);
	assert_same_double(a->tilt_deg, b->tilt_deg);
	assert_same_double(a->skew_ratio, b->skew_ratio);
	assert_same_double(a->skew_angle_deg, b->skew_angle_deg);
	assert_same_double(a->nearest_mm, b->nearest_mm);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->depth_class, b->depth_class);
	assert_int_equal(a->faults, b->faults);
}

static void some_score(struct score_metrics *m, struct score_result *r, double score)
{
	memset(m, 0, sizeof(*m));
	memset(r, 0, sizeof(*r));
	m->dots = 42;
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		m->value[i] = NAN;
	m->value[SCORE_DEPTH_IN_BAND] = 0.9123456789012345;
	m->valid[SCORE_DEPTH_IN_BAND] = true;
	m->value[SCORE_NN_CV] = 0.31;
	m->valid[SCORE_NN_CV] = true;
	m->value[SCORE_OVERDEEP] = 2;
	m->valid[SCORE_OVERDEEP] = true;
	r->score = score;
	/* Required: depth (met, at least 0.9) and nn-cv (missed, at most
	 * 0.3); the rest not required (their levels NaN). */
	r->by_proficiency = true;
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		r->need_min[i] = r->need_max[i] = NAN;
	r->required[SCORE_DEPTH_IN_BAND] = r->met[SCORE_DEPTH_IN_BAND] = true;
	r->need_min[SCORE_DEPTH_IN_BAND] = 0.9;
	r->required[SCORE_NN_CV] = true;
	r->need_max[SCORE_NN_CV] = 0.3;
	r->passed = score >= 70;
	r->marks[SCORE_DEPTH_IN_BAND] = 100;
	r->rated[SCORE_DEPTH_IN_BAND] = true;
	r->marks[SCORE_NN_CV] = 37.5;
	r->rated[SCORE_NN_CV] = true;
	r->never_triggered = 1;
	snprintf(r->advice[0], SCORE_ADVICE_MAX, "Too deep: never go past the band.");
	snprintf(r->advice[1], SCORE_ADVICE_MAX, "Space the dots evenly \xe2\x80\x94 'like rain'.");
	r->advice_count = 2;
}

/* ---- the schema ---- */

static void test_default_path(void **state)
{
	char buf[STORE_PATH_MAX];

	(void)state;
	setenv("SMPSIM_DB", "/srv/smp/record.db", 1);
	setenv("XDG_DATA_HOME", "/home/a/.data", 1);
	setenv("HOME", "/home/a", 1);
	assert_string_equal(store_default_path(buf, sizeof(buf)), "/srv/smp/record.db");
	/* The data folder (the demo's record's) is not $SMPSIM_DB's. */
	assert_string_equal(store_default_dir(buf, sizeof(buf)), "/home/a/.data/smpsim");
	setenv("SMPSIM_DB", "", 1);
	assert_string_equal(store_default_path(buf, sizeof(buf)),
			    "/home/a/.data/smpsim/smpsim.db");
	setenv("XDG_DATA_HOME", "relative/data", 1);   /* XDG: ignored */
	assert_string_equal(store_default_path(buf, sizeof(buf)),
			    "/home/a/.local/share/smpsim/smpsim.db");
	assert_string_equal(store_default_dir(buf, sizeof(buf)), "/home/a/.local/share/smpsim");
	/* The folder fits, the record's name after it does not. */
	assert_null(store_default_path(buf, sizeof("/home/a/.local/share/smpsim/smpsim")));
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_null(store_default_path(buf, sizeof(buf)));
	assert_null(store_default_dir(buf, sizeof(buf)));
	setenv("HOME", "/home/a", 1);
	assert_null(store_default_path(buf, 8));        /* does not fit */
	unsetenv("SMPSIM_DB");
}

static void test_schema_created(void **state)
{
	char dir[STORE_PATH_MAX], path[STORE_PATH_MAX + 32], err[STORE_ERROR_MAX];
	static const char *const tables[] = {
		"trainees", "lessons", "sessions", "deposits", "measures", "advice", "pen_chunks",
	};
	struct store *store;
	unsigned int marked = 99;
	struct stat st;
	int64_t v;

	(void)state;
	/* The folder is made on first use (XDG: mode 0700). */
	snprintf(dir, sizeof(dir), "%s/made", tmp_files_dir());
	snprintf(path, sizeof(path), "%s/smpsim/smpsim.db", dir);
	assert_int_equal(store_open(path, &store, &marked, err, sizeof(err)), 0);
	assert_int_equal(marked, 0);
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/smpsim", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	assert_int_equal(store_schema_latest(store_schema_sql, store_schema_sql_size, err,
					     sizeof(err)), 6);
	assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
	assert_int_equal(raw_int(store->db, "PRAGMA application_id", 0), STORE_APPLICATION_ID);
	assert_int_equal(raw_int(store->db, "PRAGMA foreign_keys", 0), 1);
	assert_int_equal(raw_int(store->db, "PRAGMA busy_timeout", 0), STORE_BUSY_TIMEOUT_MS);
	assert_int_equal(raw_int(store->db, "PRAGMA synchronous", 0), 1);   /* NORMAL */
	assert_int_equal(raw_int(store->db, "PRAGMA page_size", 0), 4096);
	assert_int_equal(raw_int(store->db, "PRAGMA journal_size_limit", 0), 67108864);
	{
		sqlite3_stmt *stmt;

		assert_int_equal(sqlite3_prepare_v2(store->db, "PRAGMA journal_mode", -1,
						    &stmt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
		sqlite3_finalize(stmt);
	}
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
		sqlite3_stmt *stmt;

		assert_int_equal(sqlite3_prepare_v2(store->db,
			"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
			-1, &stmt, NULL), SQLITE_OK);
		sqlite3_bind_text(stmt, 1, tables[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		v = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
		if (v != 1)
			fail_msg("no table %s", tables[i]);
	}
	snprintf(path, sizeof(path), "%s/smpsim/smpsim.db", dir);
	assert_string_equal(store_path(store), path);
	store_close(store);
	/* The WAL kept, empty, and its index, for readers that cannot make them. */
	snprintf(path, sizeof(path), "%s/smpsim/smpsim.db-wal", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	snprintf(path, sizeof(path), "%s/smpsim/smpsim.db-shm", dir);
	assert_int_equal(stat(path, &st), 0);

	/* Opened again: nothing to do, same version. */
	snprintf(path, sizeof(path), "%s/smpsim/smpsim.db", dir);
	store = open_ok(path, NULL);
	assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
	store_close(store);
	assert_integrity(path);

	/* Leave the test folder as tmp_files_teardown() can remove it. */
	for (const char *const *ext = (const char *const[]){ "", "-wal", "-shm", "-live", NULL };
	     *ext; ext++) {
		char f[STORE_PATH_MAX + 64];

		snprintf(f, sizeof(f), "%s/smpsim/smpsim.db%s", dir, *ext);
		unlink(f);
	}
	snprintf(path, sizeof(path), "%s/smpsim", dir);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_migrate_from_v0(void **state)
{
	char path[STORE_PATH_MAX];
	struct store *store;
	sqlite3 *db;

	(void)state;
	/* An empty file is a database with nothing in it. */
	tmp_files_write("empty", "db", "", 0, path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
	store_close(store);

	/* A version-0 SQLite database with no tables, as an older tool might
	 * leave it (a page size set, nothing else). */
	db_path("v0", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "PRAGMA page_size = 8192; VACUUM;");
	assert_int_equal(raw_int(db, "PRAGMA user_version", 0), 0);
	sqlite3_close(db);
	store = open_ok(path, NULL);
	assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM trainees", 0), 0);
	store_close(store);
	assert_integrity(path);
}

/* The runner on a schema of the test's own: version 1, data, then a
 * version 2 that changes the table; a broken section rolls back whole. */
static void test_migrate_sections(void **state)
{
	static const char v1[] =
		"-- a schema for the test\n"
		"-- @version 1\n"
		"PRAGMA application_id = 1397575795;\n"
		"CREATE TABLE t (a INTEGER);\n"
		"PRAGMA user_version = 1;\n";
	static const char v2[] =
		"-- a schema for the test\n"
		"-- @version 1\n"
		"PRAGMA application_id = 1397575795;\n"
		"CREATE TABLE t (a INTEGER);\n"
		"PRAGMA user_version = 1;\n"
		"-- @version 2\n"
		"ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7;\n"
		"CREATE TABLE u (c TEXT);\n"
		"PRAGMA user_version = 2;\n";
	static const char v3_broken[] =
		"-- @version 1\n"
		"PRAGMA user_version = 1;\n"
		"-- @version 2\n"
		"PRAGMA user_version = 2;\n"
		"-- @version 3\n"
		"CREATE TABLE w (d);\n"
		"INSERT INTO nowhere VALUES (1);\n"
		"PRAGMA user_version = 3;\n";
	static const char v3_no_pragma[] =
		"-- @version 1\n-- @version 2\n-- @version 3\nCREATE TABLE w (d);\n";
	static const char gap[] = "-- @version 1\n-- @version 3\n";
	char path[STORE_PATH_MAX], err[256];
	int from = -1, to = -1;
	sqlite3 *db;

	(void)state;
	db_path("sections", path, sizeof(path));
	db = raw_open(path);
	assert_int_equal(store_schema_apply(db, v1, strlen(v1), &from, &to, err,
					    sizeof(err)), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, 1);
	raw_exec(db, "INSERT INTO t (a) VALUES (41), (42)");
	assert_int_equal(store_schema_apply(db, v2, strlen(v2), &from, &to, err,
					    sizeof(err)), 0);
	assert_int_equal(from, 1);
	assert_int_equal(to, 2);
	assert_int_equal(raw_int(db, "SELECT sum(a + b) FROM t", 0), 41 + 42 + 14);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM u", 0), 0);
	/* Up to date: nothing runs. */
	assert_int_equal(store_schema_apply(db, v2, strlen(v2), &from, &to, err,
					    sizeof(err)), 0);
	assert_int_equal(from, 2);
	assert_int_equal(to, 2);

	/* A section that fails half-way leaves nothing of itself. */
	assert_int_not_equal(store_schema_apply(db, v3_broken, strlen(v3_broken), NULL,
						NULL, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "nowhere"));
	assert_int_equal(raw_int(db, "PRAGMA user_version", 0), 2);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'w'",
				 0), 0);
	assert_int_equal(store_schema_apply(db, v3_no_pragma, strlen(v3_no_pragma), NULL,
					    NULL, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "PRAGMA user_version = 3"));
	assert_int_equal(raw_int(db, "PRAGMA user_version", 0), 2);
	assert_int_equal(store_schema_apply(db, gap, strlen(gap), NULL, NULL, err,
					    sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "from version 1 to 3"));
	/* The newer database against the older schema: refused. */
	assert_int_equal(store_schema_apply(db, v1, strlen(v1), NULL, NULL, err,
					    sizeof(err)), -ENOTSUP);
	sqlite3_close(db);
}

/* Opens @p path to write and to read: both refused with -@p rc and
 * "PATH: @p what", the file as it was. */
static void refused(const char *path, int rc, const char *what)
{
	char err[STORE_ERROR_MAX], want[STORE_ERROR_MAX + STORE_PATH_MAX];
	struct store *store = (struct store *)1;
	size_t size;
	char *before = tmp_files_read(path, &size);

	snprintf(want, sizeof(want), "%s: %s", path, what);
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), rc);
	assert_null(store);
	assert_string_equal(err, want);
	assert_untouched(path, before, size);
	store = (struct store *)1;
	assert_int_equal(store_open_readonly(path, &store, err, sizeof(err)), rc);
	assert_null(store);
	assert_string_equal(err, want);
	assert_untouched(path, before, size);
	free(before);
}

static void test_future_version_refused(void **state)
{
	char path[STORE_PATH_MAX];
	sqlite3 *db;

	(void)state;
	db_path("future", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "PRAGMA application_id = 1397575795; CREATE TABLE later (x);"
		 "PRAGMA user_version = 99;");
	sqlite3_close(db);
	/* A rollback-journal file, as raw_open() makes it: switching it to
	 * WAL would change bytes 18 and 19; nothing may. */
	refused(path, -ENOTSUP, "made by a newer smpsim: its schema is version 99, this "
		"smpsim knows versions up to 6; use a newer smpsim or another database");
}

static void test_foreign_files_refused(void **state)
{
	static const char tables[] = "not an smpsim record but another program's SQLite "
				     "database (tables of its own, no application id); left "
				     "as it was";
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	static const char text[] = "name,score\nAnna,90\n";
	struct store *store = NULL;
	sqlite3 *db;

	(void)state;
	/* Another program's database: tables, no version. */
	db_path("other", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "CREATE TABLE contacts (name TEXT)");
	sqlite3_close(db);
	refused(path, -EINVAL, tables);

	/* The same in WAL mode, closed: no -wal or -shm may appear. */
	db_path("other-wal", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "PRAGMA journal_mode = WAL; CREATE TABLE contacts (name TEXT)");
	sqlite3_close(db);
	refused(path, -EINVAL, tables);

	/* Another program's, with its own application id. */
	db_path("other-id", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "PRAGMA application_id = 42; PRAGMA user_version = 1;"
		 "CREATE TABLE x (y)");
	sqlite3_close(db);
	refused(path, -EINVAL, "not an smpsim record but another program's SQLite database "
		"(application id 0x0000002a); left as it was");

	/* A version of ours but no application id: another program's. */
	db_path("other-version", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "PRAGMA user_version = 1; CREATE TABLE sessions (id)");
	sqlite3_close(db);
	refused(path, -EINVAL, tables);

	/* Not SQLite at all, and a file shorter than a header. */
	tmp_files_write("scores", "csv", text, strlen(text), path, sizeof(path));
	refused(path, -EINVAL, "not an SQLite database");
	tmp_files_write("short", "db", "SQLite", 6, path, sizeof(path));
	refused(path, -EINVAL, "not an SQLite database");

	/* A folder. */
	assert_int_equal(store_open(tmp_files_dir(), &store, NULL, err, sizeof(err)),
			 -EISDIR);
	assert_int_equal(store_open_readonly(tmp_files_dir(), &store, err, sizeof(err)),
			 -EISDIR);

	/* Only existing: a missing file is an error, and is not made. */
	db_path("missing", path, sizeof(path));
	assert_int_equal(store_open_readonly(path, &store, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "no such database"));
	assert_int_equal(access(path, F_OK), -1);
}

/* A header SQLite cannot read (page size 3), the magic intact: damaged. */
static void test_damaged_header(void **state)
{
	char path[STORE_PATH_MAX], what[STORE_ERROR_MAX];
	struct store *store;
	FILE *f;

	(void)state;
	db_path("bad-header", path, sizeof(path));
	store = open_ok(path, NULL);
	store_close(store);
	for (const char *const *ext = (const char *const[]){ "-wal", "-shm", "-live", NULL };
	     *ext; ext++) {
		char companion[STORE_PATH_MAX + 8];

		snprintf(companion, sizeof(companion), "%s%s", path, *ext);
		unlink(companion);
	}
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 16, SEEK_SET), 0);
	assert_int_equal(fwrite("\x00\x03", 1, 2, f), 2);
	assert_int_equal(fclose(f), 0);
	snprintf(what, sizeof(what), "the record is damaged (file is not a database); "
		 "nothing was written to it; %s", STORE_SALVAGE_HINT);
	refused(path, -EUCLEAN, what);
}

/* ---- trainees ---- */

static void test_trainees(void **state)
{
	char path[STORE_PATH_MAX], long_name[STORE_NAME_MAX + 1];
	struct store_trainee *list;
	struct store *store, *other;
	int64_t anna, bobby, zoe, jose, id;
	size_t count;

	(void)state;
	db_path("trainees", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &anna), 0);
	assert_int_equal(store_trainee_add(store, "Anna", &id), -EEXIST);
	assert_string_equal(store_error(store), "a trainee named 'Anna' already exists");
	assert_int_equal(store_trainee_add(store, "anna", &id), 0);  /* case counts */

	assert_int_equal(store_trainee_add(store, injection, &bobby), 0);
	assert_int_equal(store_trainee_add(store, unicode_name, &zoe), 0);
	assert_int_equal(store_trainee_add(store, jose_nfc, &jose), 0);
	/* The same name with the accent decomposed is the same trainee. */
	assert_int_equal(store_trainee_add(store, jose_nfd, &id), -EEXIST);
	assert_non_null(strstr(store_error(store), jose_nfc));
	assert_int_equal(store_trainee_find(store, jose_nfd, &id), 0);
	assert_int_equal(id, jose);

	/* Not names. */
	assert_int_equal(store_trainee_add(store, "", &id), -EINVAL);
	assert_int_equal(store_trainee_add(store, "two\nlines", &id), -EINVAL);
	assert_int_equal(store_trainee_add(store, "tab\there", &id), -EINVAL);
	assert_int_equal(store_trainee_add(store, "bad \xff byte", &id), -EINVAL);
	assert_int_equal(store_trainee_add(store, "overlong \xc0\xaf", &id), -EINVAL);
	assert_int_equal(store_trainee_add(store, "c1 \xc2\x85 control", &id), -EINVAL);
	memset(long_name, 'x', STORE_NAME_MAX);
	long_name[STORE_NAME_MAX] = '\0';
	assert_int_equal(store_trainee_add(store, long_name, &id), -ENAMETOOLONG);
	long_name[STORE_NAME_MAX - 1] = '\0';
	assert_int_equal(store_trainee_add(store, long_name, &id), 0);
	store_close(store);

	/* Another connection finds them, byte for byte. */
	other = open_ok(path, NULL);
	assert_int_equal(store_trainee_find(other, injection, &id), 0);
	assert_int_equal(id, bobby);
	assert_int_equal(store_trainee_find(other, unicode_name, &id), 0);
	assert_int_equal(id, zoe);
	assert_int_equal(store_trainee_find(other, "Nobody", &id), -ENOENT);
	assert_string_equal(store_error(other), "no trainee named 'Nobody'");
	assert_int_equal(store_trainee_list(other, &list, &count), 0);
	assert_int_equal(count, 6);
	/* By name, letters without regard to case, then bytes. */
	assert_string_equal(list[0].name, "Anna");
	assert_string_equal(list[1].name, "anna");
	assert_string_equal(list[2].name, jose_nfc);
	assert_string_equal(list[3].name, injection);
	assert_string_equal(list[4].name, long_name);
	assert_string_equal(list[5].name, unicode_name);
	assert_int_equal(list[3].sessions, 0);
	assert_int_equal(strlen(list[0].created), 24);
	free(list);
	/* The table the name talks of is still there, and nothing else is. */
	assert_int_equal(raw_int(other->db, "SELECT count(*) FROM sessions", 0), 0);
	assert_int_equal(raw_int(other->db, "SELECT count(*) FROM sqlite_master "
				 "WHERE type = 'table'", 0), 20);
	store_close(other);
	assert_integrity(path);
}

/* ---- the rule for names ---- */

static void raw_text(sqlite3 *db, const char *sql, int64_t bind, char *out, size_t size)
{
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, bind);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

/* Through the store: what is stored (name and key), that the name as
 * typed and as stored find it, that it is then taken; or the refusal,
 * with nothing stored. */
static void test_name_table(void **state)
{
	char path[STORE_PATH_MAX], got[STORE_NAME_MAX], taken[STORE_ERROR_MAX];
	char long_name[STORE_NAME_MAX + 8];
	struct store *store;
	int64_t id, found, rows = 0;

	(void)state;
	db_path("names", path, sizeof(path));
	store = open_ok(path, NULL);
	for (size_t i = 0; i < name_case_count; i++) {
		const struct name_case *c = &name_cases[i];
		int rc = store_trainee_add(store, c->given, &id);

		if (rc != c->rc)
			fail_msg("row %zu: store_trainee_add: %d, not %d (%s)", i, rc, c->rc,
				 store_error(store));
		if (!c->stored) {
			assert_string_equal(store_error(store), c->why);
			assert_int_equal(store_trainee_find(store, c->given, &found), c->rc);
			assert_string_equal(store_error(store), c->why);
			assert_int_equal(raw_int(store->db, "SELECT count(*) FROM trainees", 0), rows);
			continue;
		}
		rows++;
		raw_text(store->db, "SELECT name FROM trainees WHERE id = ?1", id, got, sizeof(got));
		assert_string_equal(got, c->stored);
		raw_text(store->db, "SELECT name_key FROM trainees WHERE id = ?1", id, got,
			 sizeof(got));
		assert_string_equal(got, c->stored);
		found = 0;
		assert_int_equal(store_trainee_find(store, c->given, &found), 0);
		assert_int_equal(found, id);
		found = 0;
		assert_int_equal(store_trainee_find(store, c->stored, &found), 0);
		assert_int_equal(found, id);
		assert_int_equal(store_trainee_add(store, c->stored, NULL), -EEXIST);
		snprintf(taken, sizeof(taken), "a trainee named '%s' already exists", c->stored);
		assert_string_equal(store_error(store), taken);
	}
	/* The limit is on the name as stored: 255 bytes and spaces fit. */
	memset(long_name, 'x', STORE_NAME_MAX - 1);
	memcpy(long_name + STORE_NAME_MAX - 1, "   ", 4);
	assert_int_equal(store_trainee_add(store, long_name, &id), 0);
	raw_text(store->db, "SELECT name FROM trainees WHERE id = ?1", id, got, sizeof(got));
	assert_int_equal(strlen(got), STORE_NAME_MAX - 1);
	memset(long_name, 'y', STORE_NAME_MAX);
	long_name[STORE_NAME_MAX] = '\0';
	assert_int_equal(store_trainee_add(store, long_name, &id), -ENAMETOOLONG);
	assert_string_equal(store_error(store), "a name is at most 255 bytes");
	store_close(store);
	assert_integrity(path);
}

/* store_trainee_name() alone gives what the store stores, with no store. */
static void test_name_rule(void **state)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];

	(void)state;
	for (size_t i = 0; i < name_case_count; i++) {
		const struct name_case *c = &name_cases[i];

		why[0] = '\0';
		assert_int_equal(store_trainee_name(c->given, clean, why, sizeof(why)), c->rc);
		if (c->stored)
			assert_string_equal(clean, c->stored);
		else
			assert_string_equal(why, c->why);
	}
	assert_int_equal(store_trainee_name(NULL, clean, NULL, 0), -EINVAL);
}

/* A record written before the rule holds names as they were typed, keyed
 * by their NFC form. They are found, and taken, by their cleaned form;
 * nothing is rewritten. */
static void test_names_stored_before_the_rule(void **state)
{
	static const char *const old[][2] = {
		{ "Ana  Souza", "Ana  Souza" },
		{ "Bo\xc2\xa0Li", "Bo\xc2\xa0Li" },
		{ " Cy", " Cy" },
		{ "Zero\xe2\x80\x8bWidth", "Zero\xe2\x80\x8bWidth" },
	};
	char path[STORE_PATH_MAX], sql[256];
	struct store_filter filter = { .trainee = " Ana   Souza " };
	struct store_session *sessions;
	struct store_progress *progress;
	struct store_trainee *list;
	struct store *store;
	int64_t id;
	size_t n;
	sqlite3 *db;

	(void)state;
	db_path("old-names", path, sizeof(path));
	store_close(open_ok(path, NULL));
	db = raw_open(path);
	for (size_t i = 0; i < ARRAY_SIZE(old); i++) {
		sqlite3_stmt *stmt;

		snprintf(sql, sizeof(sql), "INSERT INTO trainees (id, name, name_key, created) "
			 "VALUES (%zu, ?1, ?2, '2024-01-01T00:00:00.000Z')", i + 1);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
		sqlite3_bind_text(stmt, 1, old[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, old[i][1], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);

	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_find(store, "Ana Souza", &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(store_trainee_find(store, "  Ana \xc2\xa0 Souza", &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(store_trainee_find(store, "Bo Li", &id), 0);
	assert_int_equal(id, 2);
	assert_int_equal(store_trainee_find(store, "Cy", &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(store_trainee_add(store, "Ana Souza", &id), -EEXIST);
	assert_string_equal(store_error(store), "a trainee named 'Ana  Souza' already exists");
	assert_int_equal(store_trainee_add(store, "Bo Li", &id), -EEXIST);
	/* A name the rule refuses cannot be asked for; its look-alike is
	 * someone else. */
	assert_int_equal(store_trainee_find(store, "Zero\xe2\x80\x8bWidth", &id), -EINVAL);
	assert_int_equal(store_trainee_find(store, "ZeroWidth", &id), -ENOENT);
	assert_string_equal(store_error(store), "no trainee named 'ZeroWidth'");

	/* Review's and the report's filters find the same trainee. */
	begin(store, 1);
	begin(store, 2);
	assert_int_equal(store_session_list(store, &filter, &sessions, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(sessions[0].trainee, 1);
	assert_string_equal(sessions[0].trainee_name, "Ana  Souza");
	free(sessions);
	assert_int_equal(store_progress_list(store, &filter, &progress, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(progress[0].trainee, 1);
	free(progress);
	filter.trainee = "Nobody";
	assert_int_equal(store_session_list(store, &filter, &sessions, &n), 0);
	assert_int_equal(n, 0);
	filter.trainee = "esc\x1b";
	assert_int_equal(store_session_list(store, &filter, &sessions, &n), 0);
	assert_int_equal(n, 0);

	/* Nothing was rewritten. */
	assert_int_equal(store_trainee_list(store, &list, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].name, " Cy");
	assert_string_equal(list[1].name, "Ana  Souza");
	assert_string_equal(list[2].name, "Bo\xc2\xa0Li");
	assert_string_equal(list[3].name, "Zero\xe2\x80\x8bWidth");
	free(list);
	store_close(store);
}

/* ---- sessions ---- */

struct collected {
	struct deposit d[64];
	char region[64][SCALP_ID_MAX];
	bool has_region[64];
	size_t n;
};

static int collect(void *data, const struct deposit *d, const char *region_id)
{
	struct collected *c = data;

	assert_true(c->n < ARRAY_SIZE(c->d));
	c->d[c->n] = *d;
	c->has_region[c->n] = region_id != NULL;
	snprintf(c->region[c->n], SCALP_ID_MAX, "%s", region_id ? region_id : "");
	c->n++;
	return 0;
}

static void test_deposits_round_trip(void **state)
{
	char path[STORE_PATH_MAX], *text;
	struct deposit in[40];
	struct score_metrics m, m2;
	struct score_result r, r2;
	struct store_session s;
	struct collected *got = calloc(1, sizeof(*got));
	struct store *store, *reader;
	size_t counts[DEPOSIT_FAULT_COUNT], size, expect_faults = 0;
	int64_t trainee, session;

	(void)state;
	assert_non_null(got);
	db_path("round-trip", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, unicode_name, &trainee), 0);
	session = begin(store, trainee);
	for (uint32_t i = 0; i < ARRAY_SIZE(in); i++) {
		in[i] = deposit_at(i, 1000000 + (int64_t)i * 20000);
		if (i == 5)
			in[i].x_mm = NAN;                  /* stored as NULL, read as NaN */
		if (i == 6)
			in[i].depth_mm = -INFINITY;
		if (i == 39)
			in[i].down_us = INT64_C(1) << 40;  /* far beyond 32 bits */
		if (i == 39)
			in[i].up_us = (INT64_C(1) << 40) + 1;
		assert_int_equal(store_session_add_deposit(store, session, &in[i],
							   region_of(&in[i])), 0);
		expect_faults += (size_t)__builtin_popcount(in[i].faults);
	}
	/* Ids out of order are refused. */
	assert_int_equal(store_session_add_deposit(store, session, &in[3], NULL), -EINVAL);
	some_score(&m, &r, 64.25);
	assert_int_equal(store_session_end(store, session, 61.5, &m, &r), 0);
	/* Ended: no more deposits. */
	assert_int_equal(store_session_add_deposit(store, session, &in[0], NULL), -EINVAL);

	/* A second connection reads every field back exactly. */
	reader = open_ok(path, NULL);
	assert_int_equal(store_session_deposits(reader, session, collect, got), 0);
	assert_int_equal(got->n, ARRAY_SIZE(in));
	for (size_t i = 0; i < got->n; i++) {
		assert_same_deposit(&in[i], &got->d[i]);
		assert_int_equal(got->has_region[i], region_of(&in[i]) != NULL);
		if (region_of(&in[i]))
			assert_string_equal(got->region[i], region_of(&in[i]));
	}
	assert_int_equal(store_session_get(reader, session, &s), 0);
	assert_int_equal(s.trainee, trainee);
	assert_string_equal(s.trainee_name, unicode_name);
	assert_string_equal(s.lesson_id, "hairline-basics");
	assert_string_equal(s.lesson_title, "The hairline, first pass");
	assert_string_equal(s.lesson_sha256, lesson_sha);
	assert_string_equal(s.device_name, "Wacom Intuos Pro M Pen");
	assert_string_equal(s.device_id, "056a:0357");
	assert_float_equal(s.audio_latency_ms, 12.5, 0);
	assert_string_equal(s.recording, "/tmp/take-1.evemu");
	assert_int_equal(s.start_us, 250000);
	assert_int_equal(s.status, STORE_COMPLETE);
	assert_int_equal(strlen(s.started), 24);
	assert_int_equal(strlen(s.ended), 24);
	assert_true(strcmp(s.started, s.ended) <= 0);
	assert_float_equal(s.duration_s, 61.5, 0);
	assert_int_equal(s.deposits, ARRAY_SIZE(in));
	assert_int_equal(s.faults, expect_faults);
	assert_true(s.measured && s.scored);
	assert_float_equal(s.score, 64.25, 0);
	assert_int_equal(s.dots, 42);

	assert_int_equal(store_session_result(reader, session, &m2, &r2), 0);
	assert_int_equal(m2.dots, 42);
	for (int i = 0; i < SCORE_METRIC_COUNT; i++) {
		assert_int_equal(m2.valid[i], m.valid[i]);
		if (m.valid[i])
			assert_same_double(m2.value[i], m.value[i]);
		assert_int_equal(r2.rated[i], r.rated[i]);
		if (r.rated[i])
			assert_same_double(r2.marks[i], r.marks[i]);
	}
	assert_same_double(r2.score, r.score);
	assert_true(r2.by_proficiency);
	for (int i = 0; i < SCORE_METRIC_COUNT; i++) {
		assert_int_equal(r2.required[i], r.required[i]);
		assert_int_equal(r2.met[i], r.met[i]);
		assert_same_double(r2.need_min[i], r.need_min[i]);
		assert_same_double(r2.need_max[i], r.need_max[i]);
	}
	assert_true(isnan(s.uncapped));   /* no cap from version 4 on */
	assert_int_equal(r2.passed, r.passed);
	assert_int_equal(r2.never_triggered, r.never_triggered);
	assert_int_equal(r2.advice_count, 2);
	assert_string_equal(r2.advice[0], r.advice[0]);
	assert_string_equal(r2.advice[1], r.advice[1]);

	assert_int_equal(store_session_fault_counts(reader, session, counts), 0);
	for (int b = 0; b < DEPOSIT_FAULT_COUNT; b++) {
		size_t expect = 0;

		for (size_t i = 0; i < ARRAY_SIZE(in); i++)
			expect += (in[i].faults >> b) & 1;
		assert_int_equal(counts[b], expect);
	}
	assert_int_equal(store_session_lesson_text(reader, session, &text, &size), 0);
	assert_int_equal(size, strlen(lesson_text));
	assert_string_equal(text, lesson_text);
	free(text);

	{
		struct deposit *array;
		size_t n;

		assert_int_equal(store_session_deposit_array(reader, session, &array, &n), 0);
		assert_int_equal(n, ARRAY_SIZE(in));
		assert_same_deposit(&array[39], &in[39]);
		free(array);
	}
	/* Reads of what is not there. */
	assert_int_equal(store_session_get(reader, 999, &s), -ENOENT);
	assert_int_equal(store_session_deposits(reader, 999, collect, got), -ENOENT);
	assert_int_equal(store_session_result(reader, 999, &m2, &r2), -ENOENT);
	store_close(reader);
	store_close(store);
	assert_integrity(path);
	free(got);
}

static void test_lessons_and_progress(void **state)
{
	char path[STORE_PATH_MAX];
	struct store_session_info info = {
		.lesson_id = "density", .lesson_title = "Density",
		.lesson_text = "v1", .lesson_text_size = 2,
	};
	struct score_metrics m;
	struct score_result r;
	struct store_progress *p;
	struct store_session *list;
	struct store_filter filter = { 0 };
	struct store *store;
	int64_t anna, bob, id, next;
	size_t n;
	double scores[] = { 40, 75, 62, NAN };

	(void)state;
	db_path("progress", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Bob", &bob), 0);
	assert_int_equal(store_trainee_add(store, "anna", &anna), 0);
	info.trainee = bob;
	for (size_t i = 0; i < ARRAY_SIZE(scores); i++) {
		if (i == 2)
			info.lesson_text = "v2 of the file";     /* the lesson changed */
		info.lesson_text_size = strlen(info.lesson_text);
		/* The number a file can be named by before the session is. */
		assert_int_equal(store_session_next_id(store, &next), 0);
		assert_int_equal(next, (int64_t)i + 1);
		assert_int_equal(store_session_begin(store, &info, &id), 0);
		assert_int_equal(id, next);
		some_score(&m, &r, scores[i]);
		assert_int_equal(store_session_end(store, id, 10, isnan(scores[i]) ? NULL : &m,
						   isnan(scores[i]) ? NULL : &r), 0);
	}
	info.trainee = anna;
	assert_int_equal(store_session_begin(store, &info, &id), 0);
	some_score(&m, &r, 90);
	assert_int_equal(store_session_end(store, id, 10, &m, &r), 0);
	/* Unknown trainee. */
	info.trainee = 12345;
	assert_int_equal(store_session_begin(store, &info, &id), -ENOENT);

	/* One lesson row per distinct file. */
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM lessons", 0), 2);

	assert_int_equal(store_progress_list(store, NULL, &p, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].trainee_name, "anna");
	assert_int_equal(p[0].sessions, 1);
	assert_string_equal(p[1].trainee_name, "Bob");
	assert_string_equal(p[1].lesson_id, "density");
	assert_int_equal(p[1].sessions, 4);
	assert_int_equal(p[1].scored, 3);
	assert_int_equal(p[1].passed, 1);
	assert_float_equal(p[1].first, 40, 0);
	assert_float_equal(p[1].last, 62, 0);
	assert_float_equal(p[1].best, 75, 0);
	assert_float_equal(p[1].mean, (40 + 75 + 62) / 3.0, 1e-12);
	free(p);

	filter.trainee = "Bob";
	assert_int_equal(store_session_list(store, &filter, &list, &n), 0);
	assert_int_equal(n, 4);
	assert_true(list[0].scored && !list[3].scored && !list[3].measured);
	assert_true(isnan(list[3].score));
	assert_string_not_equal(list[0].lesson_sha256, list[2].lesson_sha256);
	free(list);
	filter.trainee = "Nobody";
	assert_int_equal(store_session_list(store, &filter, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_null(list);
	filter.trainee = NULL;
	filter.lesson_id = "no-such-lesson";
	assert_int_equal(store_progress_list(store, &filter, &p, &n), 0);
	assert_int_equal(n, 0);
	store_close(store);
}

static void sleep_s(double s)
{
	struct timespec d = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&d, &d) < 0 && errno == EINTR)
		;
}

static double monotonic_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Commits go by the wall clock, not by session time: deposits spanning
 * 3.5 s of session time added in a burst (a replay) stay kept while less
 * than a second of wall time has passed since the session began; the
 * first deposit added a second or more later commits every one, as a
 * prefix of the session; a flush commits the rest. */
static void test_commit_cadence(void **state)
{
	char path[STORE_PATH_MAX];
	struct store *store;
	sqlite3 *watcher;
	int64_t trainee, session;
	uint32_t n = 0;
	double began;

	(void)state;
	db_path("cadence", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &trainee), 0);
	began = monotonic_s();
	session = begin(store, trainee);
	watcher = raw_open(path);
	for (int64_t t = 50000; t <= 3500000; t += 50000) {
		struct deposit d = deposit_at(n++, t);

		assert_int_equal(store_session_add_deposit(store, session, &d, NULL), 0);
	}
	/* Asserted only when the burst took under a second, as it does
	 * unless the machine stalls: then no commit was due. */
	if (monotonic_s() - began < 0.9)
		assert_int_equal(raw_int(watcher, "SELECT count(*) FROM deposits "
					 "WHERE session = ?1", session), 0);
	sleep_s(1.05);
	{
		struct deposit d = deposit_at(n++, 3550000);

		assert_int_equal(store_session_add_deposit(store, session, &d, NULL), 0);
	}
	assert_int_equal(raw_int(watcher, "SELECT count(*) FROM deposits WHERE session = ?1",
				 session), 71);
	assert_int_equal(raw_int(watcher, "SELECT max(seq) FROM deposits WHERE session = ?1",
				 session), 70);
	assert_int_equal(raw_int(watcher, "SELECT deposit_count FROM sessions WHERE id = ?1",
				 session), 71);
	{
		struct deposit d = deposit_at(n++, 3600000);

		assert_int_equal(store_session_add_deposit(store, session, &d, NULL), 0);
	}
	assert_int_equal(store_session_flush(store, session), 0);
	assert_int_equal(raw_int(watcher, "SELECT count(*) FROM deposits WHERE session = ?1",
				 session), 72);
	assert_int_equal(store_session_flush(store, session), 0);   /* nothing to do */
	sqlite3_close(watcher);
	store_close(store);
	assert_integrity(path);
}

static void test_interrupted_on_reopen(void **state)
{
	char path[STORE_PATH_MAX];
	struct score_metrics m;
	struct score_result r;
	struct store_session s;
	struct store *store, *live;
	unsigned int marked = 99;
	int64_t trainee, session;
	int status;
	pid_t pid;

	(void)state;
	db_path("crash", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &trainee), 0);
	assert_int_equal(trainee, 1);
	store_close(store);

	/* A program killed in the middle of a session. */
	assert_int_equal(store_child_dead(path, 30), 0);
	assert_integrity(path);

	store = open_ok(path, &marked);
	assert_int_equal(marked, 1);
	assert_int_equal(store_session_get(store, 1, &s), 0);
	assert_int_equal(s.status, STORE_INTERRUPTED);
	assert_int_equal(s.deposits, 30);            /* flushed before the kill */
	assert_float_equal(s.duration_s, (200000 + 29 * 100000 - 100000) / 1e6, 1e-9);
	assert_string_equal(s.ended, "");
	assert_false(s.scored);
	/* Its deposits can still be scored. */
	some_score(&m, &r, 55);
	assert_int_equal(store_session_set_score(store, 1, 3.0, &m, &r), 0);
	assert_int_equal(store_session_get(store, 1, &s), 0);
	assert_true(s.scored);
	assert_int_equal(s.status, STORE_INTERRUPTED);
	assert_float_equal(s.score, 55, 0);
	assert_int_equal(store_session_set_score(store, 77, 3.0, &m, &r), -ENOENT);
	store_close(store);
	store = open_ok(path, &marked);
	assert_int_equal(marked, 0);                 /* marked once only */
	store_close(store);

	/* A session still running in another process is left alone ... */
	pid = store_child_live(path, 30);
	assert_true(pid > 0);
	store = open_ok(path, &marked);
	assert_int_equal(marked, 0);
	assert_int_equal(store_session_get(store, 2, &s), 0);
	assert_int_equal(s.status, STORE_IN_PROGRESS);
	assert_int_equal(store_session_set_score(store, 2, 1, &m, &r), -EBUSY);
	store_close(store);
	/* ... until its program dies. */
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	store = open_ok(path, &marked);
	assert_int_equal(marked, 1);
	assert_int_equal(store_session_get(store, 2, &s), 0);
	assert_int_equal(s.status, STORE_INTERRUPTED);
	assert_int_equal(s.deposits, 30);

	/* In one process: a session of another store is alive too. */
	live = open_ok(path, NULL);
	session = begin(live, trainee);
	store_close(store);
	store = open_ok(path, &marked);
	assert_int_equal(marked, 0);
	assert_int_equal(store_session_get(store, session, &s), 0);
	assert_int_equal(s.status, STORE_IN_PROGRESS);
	/* Closed without an end: its deposits kept, interrupted at once. */
	{
		struct deposit d = deposit_at(0, 400000);

		assert_int_equal(store_session_add_deposit(live, session, &d, NULL), 0);
	}
	store_close(live);
	assert_int_equal(store_session_get(store, session, &s), 0);
	assert_int_equal(s.status, STORE_INTERRUPTED);
	assert_int_equal(s.deposits, 1);
	store_close(store);
	assert_integrity(path);
}

/* An instructor's read while another connection holds the write lock with
 * deposits not yet committed, and a dead session waits to be marked. */
static void test_read_during_write(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX], want[STORE_PATH_MAX + 32];
	struct store *store, *reader;
	struct store_session *list;
	struct store_trainee *trainees;
	struct collected *got = calloc(1, sizeof(*got));
	struct deposit d;
	unsigned int marked = 99;
	int64_t trainee, session, crashed;
	double t0, took;
	size_t n;
	sqlite3 *writer;
	sqlite3_stmt *stmt;

	(void)state;
	assert_non_null(got);
	db_path("concurrent", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &trainee), 0);
	session = begin(store, trainee);
	for (uint32_t i = 0; i < 10; i++) {
		d = deposit_at(i, 100000 * (i + 1));
		assert_int_equal(store_session_add_deposit(store, session, &d, "frontal"), 0);
	}
	assert_int_equal(store_session_flush(store, session), 0);
	store_close(store);                 /* session 1: interrupted now */
	assert_int_equal(store_child_dead(path, 30), 0);   /* session 2 */
	crashed = 2;

	/* The writer: a transaction with the write lock and rows in it. */
	writer = raw_open(path);
	raw_exec(writer, "BEGIN IMMEDIATE");
	assert_int_equal(sqlite3_prepare_v2(writer,
		"INSERT INTO deposits (session, seq, down_us, up_us, kind, depth_class, faults) "
		"VALUES (?1, ?2, 0, 0, 0, 1, 0)", -1, &stmt, NULL), SQLITE_OK);
	for (int i = 100; i < 200; i++) {
		sqlite3_bind_int64(stmt, 1, session);
		sqlite3_bind_int(stmt, 2, i);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);

	t0 = seconds_now();
	assert_int_equal(store_open_readonly(path, &reader, err, sizeof(err)), 0);
	assert_int_equal(store_session_list(reader, NULL, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].deposits, 10);
	/* Its program is gone: shown interrupted, by the live lock's test ... */
	assert_int_equal(list[1].status, STORE_INTERRUPTED);
	free(list);
	/* ... and not marked: a reader writes nothing. */
	assert_int_equal(raw_int(writer, "SELECT status FROM sessions WHERE id = ?1", crashed),
			 STORE_IN_PROGRESS);
	assert_int_equal(store_trainee_list(reader, &trainees, &n), 0);
	assert_int_equal(n, 1);
	free(trainees);
	assert_int_equal(store_session_deposits(reader, session, collect, got), 0);
	assert_int_equal(got->n, 10);       /* none of the writer's uncommitted rows */
	took = seconds_now() - t0;
	if (took > 1.0)
		fail_msg("the reader took %.3f s beside an open write transaction", took);
	/* A write through it is refused at once. */
	assert_int_equal(store_trainee_add(reader, "Bea", &trainee), -EROFS);
	snprintf(want, sizeof(want), "%s: opened to read only", path);
	assert_string_equal(store_error(reader), want);
	store_close(reader);

	/* A writer opens beside the lock, leaves the marking for later, and
	 * its write waits the busy timeout, then says so. */
	reader = open_ok(path, &marked);
	assert_int_equal(marked, 0);
	t0 = seconds_now();
	assert_int_equal(store_trainee_add(reader, "Bea", &trainee), -EBUSY);
	took = seconds_now() - t0;
	assert_true(took >= STORE_BUSY_TIMEOUT_MS / 1000.0 - 0.1);
	assert_true(took < STORE_BUSY_TIMEOUT_MS / 1000.0 + 2.0);
	store_close(reader);

	raw_exec(writer, "COMMIT");
	sqlite3_close(writer);
	reader = open_ok(path, &marked);
	assert_int_equal(marked, 1);        /* now it can */
	{
		struct store_session s;

		assert_int_equal(store_session_get(reader, crashed, &s), 0);
		assert_int_equal(s.status, STORE_INTERRUPTED);
	}
	store_close(reader);
	assert_integrity(path);
	free(got);
}

/* ---- opening to read ---- */

static void remove_companions(const char *path)
{
	for (const char *const *ext = (const char *const[]){ "-wal", "-shm", NULL }; *ext;
	     ext++) {
		char companion[STORE_PATH_MAX + 8];

		snprintf(companion, sizeof(companion), "%s%s", path, *ext);
		unlink(companion);
	}
}

static void test_readonly_store(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX], want[STORE_PATH_MAX + 64];
	struct store_session_info info = { .trainee = 1, .lesson_id = "l",
					   .lesson_title = "L" };
	struct store *store;
	char *before;
	size_t size;
	int64_t id;
	sqlite3 *db;

	(void)state;
	/* An empty file, and an SQLite database with nothing in it: no record
	 * yet, and neither is made one. */
	tmp_files_write("empty", "db", "", 0, path, sizeof(path));
	assert_int_equal(store_open_readonly(path, &store, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s: an empty file, no record in it yet", path);
	assert_string_equal(err, want);
	db_path("nothing", path, sizeof(path));
	db = raw_open(path);
	raw_exec(db, "PRAGMA page_size = 8192; VACUUM;");
	sqlite3_close(db);
	before = tmp_files_read(path, &size);
	assert_int_equal(store_open_readonly(path, &store, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s: an empty database, no record in it yet", path);
	assert_string_equal(err, want);
	assert_untouched(path, before, size);
	free(before);

	/* A record: read, and every write refused. */
	db_path("readonly", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &id), 0);
	store_close(store);
	assert_int_equal(store_open_readonly(path, &store, err, sizeof(err)), 0);
	assert_string_equal(store_path(store), path);
	assert_int_equal(store_trainee_find(store, "Anna", &id), 0);
	assert_int_equal(id, 1);
	snprintf(want, sizeof(want), "%s: opened to read only", path);
	assert_int_equal(store_trainee_add(store, "Bea", &id), -EROFS);
	assert_string_equal(store_error(store), want);
	assert_int_equal(store_session_begin(store, &info, &id), -EROFS);
	assert_string_equal(store_error(store), want);
	store_close(store);
}

/* A WAL with changes in it and its index gone: a reader would have to
 * write to read it, so it says so; a writer makes the index again. */
static void test_wal_without_index(void **state)
{
	char path[STORE_PATH_MAX], wal[STORE_PATH_MAX + 8], shm[STORE_PATH_MAX + 8];
	char err[STORE_ERROR_MAX], want[4 * STORE_PATH_MAX];
	struct store *store;
	char *db_before, *wal_before;
	size_t db_size, wal_size, now_size;
	int64_t id;
	int status;
	pid_t pid;

	(void)state;
	db_path("lost-index", path, sizeof(path));
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &id), 0);
	store_close(store);
	pid = fork();                       /* commits Bea to the WAL, and dies */
	assert_true(pid >= 0);
	if (pid == 0) {
		if (store_open(path, &store, NULL, err, sizeof(err)) < 0 ||
		    store_trainee_add(store, "Bea", &id) < 0)
			_exit(3);
		raise(SIGKILL);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(unlink(shm), 0);
	db_before = tmp_files_read(path, &db_size);
	wal_before = tmp_files_read(wal, &wal_size);
	assert_true(wal_size > 0);

	assert_int_equal(store_open_readonly(path, &store, err, sizeof(err)), -EIO);
	snprintf(want, sizeof(want), "%s: %s-wal holds changes that need its index %s-shm, "
		 "which is missing, and only a command that writes (smpsim trainee add, "
		 "practice) can make it again", path, path, path);
	assert_string_equal(err, want);
	{
		char *now = tmp_files_read(path, &now_size);

		assert_int_equal(now_size, db_size);
		assert_memory_equal(now, db_before, db_size);
		free(now);
		now = tmp_files_read(wal, &now_size);
		assert_int_equal(now_size, wal_size);
		assert_memory_equal(now, wal_before, wal_size);
		free(now);
	}
	assert_int_equal(access(shm, F_OK), -1);
	free(db_before);
	free(wal_before);

	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_find(store, "Bea", &id), 0);
	assert_int_equal(id, 2);
	store_close(store);
	assert_integrity(path);
}

/* The database file alone (the sqlite3 shell deletes -wal and -shm as it
 * closes) is read immutable, under SQLite's shared lock: a writer that
 * comes and goes meanwhile cannot checkpoint into the file under the
 * reader; its change waits in the WAL until the reader is done. */
static void test_bare_file_read(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX], wal[STORE_PATH_MAX + 8];
	struct store_trainee *list;
	struct store *reader, *store;
	char *before, *now;
	size_t size, now_size, n;
	struct stat st;
	int64_t id;
	int status;
	pid_t pid;

	(void)state;
	db_path("bare", path, sizeof(path));
	snprintf(wal, sizeof(wal), "%s-wal", path);
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &id), 0);
	store_close(store);
	remove_companions(path);
	before = tmp_files_read(path, &size);

	assert_int_equal(store_open_readonly(path, &reader, err, sizeof(err)), 0);
	assert_int_equal(access(wal, F_OK), -1);     /* nothing made to read it */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (store_open(path, &store, NULL, err, sizeof(err)) < 0 ||
		    store_trainee_add(store, "Bea", &id) < 0)
			_exit(3);
		store_close(store);                  /* would checkpoint */
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	now = tmp_files_read(path, &now_size);
	assert_int_equal(now_size, size);
	assert_memory_equal(now, before, size);      /* Bea waits in the WAL */
	free(now);
	assert_int_equal(stat(wal, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(store_trainee_list(reader, &list, &n), 0);
	assert_int_equal(n, 1);                      /* what the reader began with */
	assert_string_equal(list[0].name, "Anna");
	free(list);
	store_close(reader);

	/* The next close, with no reader, folds Bea into the file. */
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_list(store, &list, &n), 0);
	assert_int_equal(n, 2);
	free(list);
	store_close(store);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_size, 0);
	now = tmp_files_read(path, &now_size);
	assert_false(now_size == size && !memcmp(now, before, size));
	free(now);
	free(before);
	assert_integrity(path);
}

/* Why a session ended is stored with it: complete with its reason, or
 * interrupted when the device went away; a session whose program is gone
 * is marked with STORE_REASON_GONE by the next writer. */
static void test_end_reasons(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	struct store *store;
	struct store_session got;
	int64_t trainee, done, unplugged, dead;
	sqlite3 *db;

	(void)state;
	db_path("reasons", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &trainee), 0);
	done = begin(store, trainee);
	assert_int_equal(store_session_set_ending(store, done, false, "ended at the time limit"),
			 0);
	assert_int_equal(store_session_end(store, done, 10, NULL, NULL), 0);
	unplugged = begin(store, trainee);
	assert_int_equal(store_session_set_ending(store, unplugged, true,
						  "the pen device went away"), 0);
	assert_int_equal(store_session_end(store, unplugged, 4, NULL, NULL), 0);
	/* Not a session in progress here: refused, nothing kept. */
	assert_int_equal(store_session_set_ending(store, done, true, "x"), -EINVAL);
	store_close(store);
	/* One left in progress by a program that died. */
	assert_int_equal(store_child_dead(path, 3), 0);
	dead = unplugged + 1;

	db = raw_open(path);
	assert_int_equal(raw_int(db, "SELECT status FROM sessions WHERE id = ?1", done),
			 STORE_COMPLETE);
	assert_int_equal(raw_int(db, "SELECT status FROM sessions WHERE id = ?1", unplugged),
			 STORE_INTERRUPTED);
	assert_int_equal(raw_int(db, "SELECT end_reason IS NULL FROM sessions WHERE id = ?1",
				 dead), 1);
	sqlite3_close(db);
	/* A reader shows the dead one interrupted, with the reason; a writer
	 * marks it so. */
	if (store_open_readonly(path, &store, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_get(store, dead, &got), 0);
	assert_int_equal(got.status, STORE_INTERRUPTED);
	assert_string_equal(got.end_reason, STORE_REASON_GONE);
	assert_int_equal(store_session_get(store, done, &got), 0);
	assert_int_equal(got.status, STORE_COMPLETE);
	assert_string_equal(got.end_reason, "ended at the time limit");
	assert_int_equal(store_session_get(store, unplugged, &got), 0);
	assert_int_equal(got.status, STORE_INTERRUPTED);
	assert_string_equal(got.end_reason, "the pen device went away");
	store_close(store);
	store = open_ok(path, NULL);
	store_close(store);
	db = raw_open(path);
	assert_int_equal(raw_int(db, "SELECT status FROM sessions WHERE id = ?1", dead),
			 STORE_INTERRUPTED);
	assert_int_equal(raw_int(db, "SELECT end_reason = '" STORE_REASON_GONE "' "
				 "FROM sessions WHERE id = ?1", dead), 1);
	sqlite3_close(db);
}

/* What schema version 6 added, taken away again. */
#define DROP_VERSION_6 "ALTER TABLE sessions DROP COLUMN calibration;" \
	"ALTER TABLE sessions DROP COLUMN calibration_file;"

/* What schema versions 6 and 5 added, taken away again. */
#define DROP_VERSION_5 \
	DROP_VERSION_6 \
	"DROP TABLE ledger; DROP TABLE certificates; DROP TABLE lesson_openings;" \
	"DROP TABLE signoff_ratings; DROP TABLE signoffs; DROP TABLE rescore_measures;" \
	"DROP TABLE rescores; DROP TABLE benchmark_sessions; DROP TABLE benchmark_levels;" \
	"DROP TABLE benchmarks; DROP TABLE group_members; DROP TABLE trainee_groups;" \
	"DROP TABLE trainee_changes;" \
	"ALTER TABLE sessions DROP COLUMN origin; ALTER TABLE sessions DROP COLUMN benchmark;" \
	"ALTER TABLE trainees DROP COLUMN expert; ALTER TABLE trainees DROP COLUMN merged_into;"

/* What schema versions 4 and 5 added, taken away again: the record as
 * version 3 left it. */
static const char drop_version_4[] =
	DROP_VERSION_5
	"ALTER TABLE measures DROP COLUMN required;"
	"ALTER TABLE measures DROP COLUMN need_min;"
	"ALTER TABLE measures DROP COLUMN need_max;"
	"ALTER TABLE measures DROP COLUMN met;";

/* What schema versions 3, 4 and 5 added, taken away again: the record as
 * version 2 left it (version 1 had no end_reason either). */
static const char drop_to_version_2[] =
	DROP_VERSION_5
	"ALTER TABLE measures DROP COLUMN required;"
	"ALTER TABLE measures DROP COLUMN need_min;"
	"ALTER TABLE measures DROP COLUMN need_max;"
	"ALTER TABLE measures DROP COLUMN met;"
	"DROP TABLE pen_chunks;"
	"ALTER TABLE sessions DROP COLUMN mapping_offset_x_mm;"
	"ALTER TABLE sessions DROP COLUMN mapping_offset_y_mm;"
	"ALTER TABLE sessions DROP COLUMN mapping_scale;"
	"ALTER TABLE sessions DROP COLUMN mapping_rotation_deg;"
	"ALTER TABLE sessions DROP COLUMN mapping_source;"
	"ALTER TABLE sessions DROP COLUMN view_mode;"
	"ALTER TABLE sessions DROP COLUMN pen_device;";

/* A new record at @p stem's path with trainee Anna and one session of
 * hers ended (*a), left open for more. */
static struct store *anna_with_a_session(const char *stem, char *path, size_t size,
					 int64_t *trainee, int64_t *a)
{
	struct store *store;

	db_path(stem, path, size);
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", trainee), 0);
	*a = begin(store, *trainee);
	assert_int_equal(store_session_end(store, *a, 10, NULL, NULL), 0);
	return store;
}

/* A record of schema version 5 (no calibration kept): read as it is, its
 * ledger intact; a writer brings it to version 6 with every session's
 * calibration NULL (the shipped default) and the ledger still intact (an
 * optional part that none of them has changes no content). A session
 * begun with a calibration keeps it, sealed: changing it afterwards shows
 * as its pen calibration differing. */
static void test_version_5_record(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	struct store *store;
	struct store_session got;
	struct store_ledger_summary sum;
	int64_t trainee, a, b;
	sqlite3 *db;

	(void)state;
	store = anna_with_a_session("v5", path, sizeof(path), &trainee, &a);
	store_close(store);
	db = raw_open(path);
	raw_exec(db, DROP_VERSION_6 "PRAGMA user_version = 5;");
	sqlite3_close(db);

	if (store_open_readonly(path, &store, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_get(store, a, &got), 0);
	assert_string_equal(got.calibration, "");
	assert_int_equal(store_ledger_verify(store, NULL, NULL, &sum), 0);
	assert_int_equal(sum.problems, 0);
	store_close(store);

	store = open_ok(path, NULL);
	assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM sessions "
				 "WHERE calibration IS NULL", 0), 1);
	assert_int_equal(store_ledger_verify(store, NULL, NULL, &sum), 0);
	assert_int_equal(sum.problems, 0);
	{
		struct store_session_info info = {
			.trainee = trainee, .lesson_id = "hairline-basics",
			.lesson_title = "The hairline, first pass", .lesson_text = lesson_text,
			.lesson_text_size = strlen(lesson_text), .device_name = "Pen",
			.device_id = "056a:0357",
			.calibration = "056a-0357-Pen.yaml sha256:"
				       "00112233445566778899aabbccddeeff"
				       "00112233445566778899aabbccddeeff",
		};

		assert_int_equal(store_session_begin(store, &info, &b), 0);
		assert_int_equal(store_session_end(store, b, 5, NULL, NULL), 0);
		assert_int_equal(store_session_get(store, b, &got), 0);
		assert_string_equal(got.calibration, info.calibration);
	}
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM ledger WHERE kind = "
				 "'session' AND ref = ?1 AND parts LIKE '% calibration=%'", b), 1);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM ledger WHERE kind = "
				 "'session' AND ref = ?1 AND parts LIKE '%calibration%'", a), 0);
	assert_int_equal(store_ledger_verify(store, NULL, NULL, &sum), 0);
	assert_int_equal(sum.problems, 0);
	store_close(store);
	db = raw_open(path);
	raw_exec(db, "UPDATE sessions SET calibration = 'other.yaml' WHERE id = 2;");
	sqlite3_close(db);
	store = open_ok(path, NULL);
	assert_int_equal(store_ledger_verify(store, NULL, NULL, &sum), 0);
	assert_int_equal(sum.problems, 1);
	store_close(store);
	assert_integrity(path);
}

/* A record of schema version 1 (no end reasons): read as it is, without a
 * byte written; a writer brings it to version 2, every row kept. */
static void test_version_1_record(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	struct store *store;
	struct store_session *list;
	size_t n, size;
	int64_t trainee, a, b;
	char *before;
	sqlite3 *db;

	(void)state;
	store = anna_with_a_session("v1", path, sizeof(path), &trainee, &a);
	b = begin(store, trainee);
	assert_int_equal(store_session_set_ending(store, b, true, "the pen device failed"), 0);
	assert_int_equal(store_session_end(store, b, 3, NULL, NULL), 0);
	store_close(store);
	/* Back to version 1 as an older smpsim left it. */
	db = raw_open(path);
	raw_exec(db, drop_to_version_2);
	raw_exec(db, "ALTER TABLE sessions DROP COLUMN end_reason; PRAGMA user_version = 1;");
	sqlite3_close(db);

	before = tmp_files_read(path, &size);
	if (store_open_readonly(path, &store, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_list(store, NULL, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].status, STORE_COMPLETE);
	assert_string_equal(list[0].end_reason, "");
	/* Interrupted before reasons were kept: what that meant then. */
	assert_int_equal(list[1].status, STORE_INTERRUPTED);
	assert_string_equal(list[1].end_reason, STORE_REASON_GONE);
	free(list);
	store_close(store);
	{
		size_t now_size;
		char *now = tmp_files_read(path, &now_size);

		assert_int_equal(now_size, size);
		assert_memory_equal(now, before, size);
		free(now);
	}
	free(before);

	store = open_ok(path, NULL);
	assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM sessions "
				 "WHERE end_reason IS NULL", 0), 2);
	store_close(store);
	assert_integrity(path);
}

/* A record of schema version 3, its sessions scored by a pass mark with
 * never-events capping: read as they were scored (no requirements, the
 * uncapped mean kept) without a byte written; a writer brings it to
 * version 4 and they stay so, their new columns NULL. */
static void test_version_3_record(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	struct store *store;
	struct store_session got;
	struct score_metrics m, m2;
	struct score_result r, r2;
	int64_t trainee, a;
	sqlite3 *db;

	(void)state;
	db_path("v3", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Vera", &trainee), 0);
	a = begin(store, trainee);
	some_score(&m, &r, 40);
	r.passed = false;
	assert_int_equal(store_session_end(store, a, 10, &m, &r), 0);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM measures WHERE "
				 "required = 1 AND met = 0 AND need_max = 0.3", 0), 1);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM measures WHERE "
				 "required = 0 AND met IS NULL AND need_min IS NULL", 0), 1);
	store_close(store);
	db = raw_open(path);
	raw_exec(db, drop_version_4);
	raw_exec(db, "UPDATE sessions SET uncapped = 74.75; PRAGMA user_version = 3;");
	sqlite3_close(db);

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0 && store_open_readonly(path, &store, err, sizeof(err)) < 0)
			fail_msg("%s", err);
		if (pass == 1)
			store = open_ok(path, NULL);
		assert_int_equal(store_session_get(store, a, &got), 0);
		assert_float_equal(got.score, 40, 0);
		assert_float_equal(got.uncapped, 74.75, 0);
		assert_false(got.passed);
		assert_int_equal(store_session_result(store, a, &m2, &r2), 0);
		assert_false(r2.by_proficiency);
		assert_float_equal(r2.score, 40, 0);
		assert_false(r2.passed);
		assert_true(r2.rated[SCORE_DEPTH_IN_BAND]);
		assert_float_equal(r2.marks[SCORE_NN_CV], 37.5, 0);
		for (int i = 0; i < SCORE_METRIC_COUNT; i++) {
			assert_false(r2.required[i]);
			assert_false(r2.met[i]);
		}
		if (pass == 1) {
			assert_int_equal(raw_int(store->db, "PRAGMA user_version", 0), 6);
			assert_int_equal(raw_int(store->db, "SELECT count(*) FROM measures WHERE "
						 "required IS NULL AND met IS NULL", 0),
					 raw_int(store->db, "SELECT count(*) FROM measures", 0));
		}
		store_close(store);
	}
	assert_integrity(path);
}

/* The pen stream's chunks: kept with the deposits and written in their
 * commit (none before it), numbered from 0, read back in order with the
 * device and the mapping; committed at close for a session not ended; a
 * gap is an error naming the chunk; a version-2 record has none. */
struct chunk_walk {
	int64_t seq[8];
	char data[8][16];
	size_t count;
};

static int walk_chunk(void *data, const struct store_pen_chunk *c)
{
	struct chunk_walk *w = data;

	assert_true(w->count < 8 && c->size < 16);
	w->seq[w->count] = c->seq;
	memcpy(w->data[w->count], c->data, c->size);
	w->data[w->count][c->size] = '\0';
	assert_int_equal(c->events, c->size * 10);
	assert_int_equal(c->last_us - c->first_us, (int64_t)c->size);
	w->count++;
	return 0;
}

static int stop_walk(void *data, const struct store_pen_chunk *c)
{
	(void)data;
	(void)c;
	return -ECANCELED;
}

static void test_pen_chunks(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	static const char *const texts[] = { "one", "second", "3rd" };
	struct store *store, *reader;
	struct store_replay_info info;
	struct chunk_walk walk = { .count = 0 };
	struct store_session_info si = {
		.lesson_id = "hairline-basics", .lesson_title = "t",
		.pen_device = "# EVEMU 1.3\nN: Pen\n",
	};
	struct deposit d = deposit_at(0, 1000000);
	int64_t trainee, session, other;
	sqlite3 *db;

	(void)state;
	db_path("pen", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Pia", &trainee), 0);
	si.trainee = trainee;
	assert_int_equal(store_session_begin(store, &si, &session), 0);
	for (size_t i = 0; i < 3; i++) {
		struct store_pen_chunk c = {
			.first_us = 100 * (int64_t)i, .last_us = 100 * (int64_t)i +
			(int64_t)strlen(texts[i]), .events = strlen(texts[i]) * 10,
			.data = texts[i], .size = strlen(texts[i]),
		};

		assert_int_equal(store_session_add_pen_chunk(store, session, &c), 0);
		if (i == 0) {
			/* Nothing is written before the commit. */
			assert_int_equal(raw_int(store->db, "SELECT count(*) FROM pen_chunks", 0), 0);
			assert_int_equal(store_session_add_deposit(store, session, &d, NULL), 0);
			assert_int_equal(store_session_flush(store, session), 0);
			assert_int_equal(raw_int(store->db, "SELECT count(*) FROM pen_chunks", 0), 1);
		}
	}
	/* A flush with chunks and no deposit writes them too. */
	assert_int_equal(store_session_flush(store, session), 0);
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM pen_chunks", 0), 3);
	{
		struct store_pen_chunk bad = { .first_us = 5, .last_us = 4, .events = 1,
					       .data = "x", .size = 1 };

		assert_int_equal(store_session_add_pen_chunk(store, session, &bad), -EINVAL);
		bad.last_us = 5;
		bad.events = 0;
		assert_int_equal(store_session_add_pen_chunk(store, session, &bad), -EINVAL);
		bad.events = 1;
		assert_int_equal(store_session_add_pen_chunk(store, session + 1, &bad), -EINVAL);
	}
	assert_int_equal(store_session_end(store, session, 1, NULL, NULL), 0);
	/* A session the program did not end keeps its last chunk at close. */
	si.pen_device = NULL;
	assert_int_equal(store_session_begin(store, &si, &other), 0);
	{
		struct store_pen_chunk c = { .first_us = 0, .last_us = 4, .events = 40,
					     .data = "last", .size = 4 };

		assert_int_equal(store_session_add_pen_chunk(store, other, &c), 0);
	}
	store_close(store);

	if (store_open_readonly(path, &reader, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_replay_info(reader, session, &info), 0);
	assert_int_equal(info.pen_chunks, 3);
	assert_int_equal(info.pen_events, 120);
	assert_string_equal(info.pen_device, "# EVEMU 1.3\nN: Pen\n");
	free(info.pen_device);
	assert_int_equal(store_session_pen_chunks(reader, session, walk_chunk, &walk), 0);
	assert_int_equal(walk.count, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(walk.seq[i], (int64_t)i);
		assert_string_equal(walk.data[i], texts[i]);
	}
	assert_int_equal(store_session_pen_chunks(reader, session, stop_walk, NULL), -ECANCELED);
	assert_int_equal(store_session_replay_info(reader, other, &info), 0);
	assert_int_equal(info.pen_chunks, 1);
	assert_null(info.pen_device);
	assert_int_equal(store_session_replay_info(reader, 99, &info), -ENOENT);
	assert_int_equal(store_session_pen_chunks(reader, 99, walk_chunk, &walk), -ENOENT);
	store_close(reader);

	/* A chunk lost: named. (The mapping is read with the session's row:
	 * test_session_mapping.) */
	db = raw_open(path);
	raw_exec(db, "DELETE FROM pen_chunks WHERE seq = 1");
	sqlite3_close(db);
	if (store_open_readonly(path, &reader, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	walk.count = 0;
	assert_int_equal(store_session_pen_chunks(reader, session, walk_chunk, &walk), -EUCLEAN);
	assert_string_equal(store_error(reader), "session 1: pen stream chunk 1 is missing "
			    "(the next stored is 2)");
	assert_int_equal(walk.count, 1);
	store_close(reader);
	assert_integrity(path);
}

/* The mapping a session began with, and who chose it, read back as
 * written; a session begun without one reads as stored before version 3
 * (source "", the old default said for it); a record of version 2, read
 * as it is, has no mapping and reads the same. */
static void test_session_mapping(void **state)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX], text[STORE_MAPPING_TEXT_MAX];
	struct store_session_info info = {
		.lesson_id = "l", .lesson_title = "L",
		.mapping = { -20, -44.5, 1, 0 }, .mapping_source = "fit",
	};
	struct store_session got, *list;
	struct store *store;
	int64_t trainee, a, b;
	size_t n;
	sqlite3 *db;

	(void)state;
	db_path("mapping", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &trainee), 0);
	info.trainee = trainee;
	assert_int_equal(store_session_begin(store, &info, &a), 0);
	info.mapping_source = NULL;
	assert_int_equal(store_session_begin(store, &info, &b), 0);
	assert_int_equal(store_session_end(store, a, 1, NULL, NULL), 0);
	assert_int_equal(store_session_end(store, b, 1, NULL, NULL), 0);
	assert_int_equal(store_session_get(store, a, &got), 0);
	assert_string_equal(got.mapping_source, "fit");
	assert_true(got.mapping.offset_x_mm == -20 && got.mapping.offset_y_mm == -44.5 &&
		    got.mapping.scale == 1 && got.mapping.rotation_deg == 0);
	store_session_mapping_text(&got, text, sizeof(text));
	assert_string_equal(text, "centred at 1:1 (--mapping -20,-44.5,1,0)");
	assert_int_equal(store_session_get(store, b, &got), 0);
	assert_string_equal(got.mapping_source, "");
	assert_true(isnan(got.mapping.offset_x_mm) && isnan(got.mapping.scale));
	store_session_mapping_text(&got, text, sizeof(text));
	assert_string_equal(text, "pad corner on the scalp's origin, 1:1 (stored before the "
			    "record kept the mapping)");
	/* What the schema allows as its source, and nothing else. */
	assert_int_equal(raw_int(store->db, "SELECT count(*) FROM sessions WHERE "
				 "mapping_source IS NULL AND mapping_scale IS NULL", 0), 1);
	store_close(store);

	/* Back to version 2, as smpsim 0.1 left it. */
	db = raw_open(path);
	raw_exec(db, drop_to_version_2);
	raw_exec(db, "PRAGMA user_version = 2;");
	sqlite3_close(db);
	if (store_open_readonly(path, &store, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_list(store, NULL, &list, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(list[i].mapping_source, "");
		assert_string_equal(list[i].end_reason, "");
	}
	free(list);
	store_close(store);
}

/* PATH-live is the record's own lock file: a link planted there is not
 * followed (its target is not made), a FIFO there does not hang a reader
 * or a writer, and the session is refused with the reason. */
static void test_live_file_planted(void **state)
{
	char path[STORE_PATH_MAX], live[STORE_PATH_MAX + 8], victim[STORE_PATH_MAX + 16];
	char err[STORE_ERROR_MAX], want[2 * STORE_PATH_MAX];
	struct store_session_info info = { .trainee = 1, .lesson_id = "l",
					   .lesson_title = "L" };
	struct store_session got;
	struct store *store;
	int64_t trainee, id;

	(void)state;
	db_path("planted", path, sizeof(path));
	snprintf(live, sizeof(live), "%s-live", path);
	snprintf(victim, sizeof(victim), "%s-victim", path);
	store = open_ok(path, NULL);
	assert_int_equal(store_trainee_add(store, "Anna", &trainee), 0);
	store_close(store);
	/* A session left in progress, then its lock file swapped for a link. */
	assert_int_equal(store_child_dead(path, 2), 0);
	assert_int_equal(unlink(live), 0);
	assert_int_equal(symlink(victim, live), 0);
	store = open_ok(path, NULL);
	assert_int_equal(store_session_begin(store, &info, &id), -ELOOP);
	snprintf(want, sizeof(want), "%s: is a symbolic link, not the record's own lock file",
		 live);
	assert_string_equal(store_error(store), want);
	store_close(store);
	assert_int_equal(access(victim, F_OK), -1);
	/* A FIFO: read and written beside without waiting on it. */
	assert_int_equal(unlink(live), 0);
	assert_int_equal(mkfifo(live, 0644), 0);
	if (store_open_readonly(path, &store, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_get(store, 1, &got), 0);
	assert_int_equal(got.status, STORE_IN_PROGRESS);   /* cannot tell: not said dead */
	store_close(store);
	store = open_ok(path, NULL);
	assert_int_equal(store_session_begin(store, &info, &id), -EINVAL);
	snprintf(want, sizeof(want), "%s: is not a regular file, not the record's own lock "
		 "file", live);
	assert_string_equal(store_error(store), want);
	store_close(store);
	unlink(live);
}

static void test_misuse(void **state)
{
	char path[STORE_PATH_MAX];
	struct store_session_info info = { .trainee = 1 };
	struct store *store;
	struct deposit d = deposit_at(0, 1);
	int64_t id;

	(void)state;
	db_path("misuse", path, sizeof(path));
	store = open_ok(path, NULL);
	assert_int_equal(store_session_add_deposit(store, 5, &d, NULL), -EINVAL);
	assert_non_null(strstr(store_error(store), "not in progress"));
	assert_int_equal(store_session_flush(store, 5), -EINVAL);
	assert_int_equal(store_session_end(store, 5, 1, NULL, NULL), -EINVAL);
	assert_int_equal(store_session_begin(store, &info, &id), -EINVAL);  /* no lesson */
	assert_int_equal(store_trainee_add(store, "A", &id), 0);
	info.lesson_id = "l";
	info.lesson_title = "L";
	assert_int_equal(store_session_begin(store, &info, &id), 0);   /* NULL text: "" */
	{
		char too_long[SCALP_ID_MAX + 1];

		memset(too_long, 'r', SCALP_ID_MAX);
		too_long[SCALP_ID_MAX] = '\0';
		assert_int_equal(store_session_add_deposit(store, id, &d, too_long), -EINVAL);
	}
	assert_int_equal(store_session_end(store, id, NAN, NULL, NULL), 0);
	{
		struct store_session s;
		struct score_result r;

		assert_int_equal(store_session_get(store, id, &s), 0);
		assert_int_equal(s.status, STORE_COMPLETE);
		assert_false(s.scored);
		assert_true(isnan(s.duration_s));
		/* SHA-256 of nothing. */
		assert_string_equal(s.lesson_sha256, "e3b0c44298fc1c149afbf4c8996fb924"
				    "27ae41e4649b934ca495991b7852b855");
		assert_int_equal(store_session_result(store, id, NULL, &r), 0);
		assert_true(isnan(r.score));
		assert_int_equal(r.advice_count, 0);
	}
	assert_string_equal(store_session_status_name(STORE_INTERRUPTED), "interrupted");
	store_close(store);
	store_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_pen_chunks),
		cmocka_unit_test(test_schema_created),
		cmocka_unit_test(test_migrate_from_v0),
		cmocka_unit_test(test_migrate_sections),
		cmocka_unit_test(test_future_version_refused),
		cmocka_unit_test(test_foreign_files_refused),
		cmocka_unit_test(test_damaged_header),
		cmocka_unit_test(test_trainees),
		cmocka_unit_test(test_name_table),
		cmocka_unit_test(test_name_rule),
		cmocka_unit_test(test_names_stored_before_the_rule),
		cmocka_unit_test(test_deposits_round_trip),
		cmocka_unit_test(test_lessons_and_progress),
		cmocka_unit_test(test_commit_cadence),
		cmocka_unit_test(test_interrupted_on_reopen),
		cmocka_unit_test(test_read_during_write),
		cmocka_unit_test(test_readonly_store),
		cmocka_unit_test(test_wal_without_index),
		cmocka_unit_test(test_bare_file_read),
		cmocka_unit_test(test_end_reasons),
		cmocka_unit_test(test_version_1_record),
		cmocka_unit_test(test_version_5_record),
		cmocka_unit_test(test_version_3_record),
		cmocka_unit_test(test_session_mapping),
		cmocka_unit_test(test_live_file_planted),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
