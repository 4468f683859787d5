/* bench-store: how long storing 100 000 deposits takes (issue 6's goal:
 * at most 150 ms), through store.h as a session stores them.
 *
 *   build/tests/bench-store [DEPOSITS] [RUNS] [bulk|live|raw]   (100000, 7, all)
 *
 * Each run makes a fresh database in $TMPDIR (or /tmp), adds a trainee,
 * begins a session, adds every deposit with store_session_add_deposit()
 * and ends the session (store_session_end(), which commits the rest);
 * the clock runs from the first add to the end's return. Two cadences:
 *
 *   bulk      every deposit added as fast as it can be: the store commits
 *             by the wall clock, so this is one commit at the end (a
 *             replay, or a session stored after the fact)
 *   1 h live  the deposits of an hour (36 ms apart for 100 000) with a
 *             flush after every 1/3600th of them, as a live session's
 *             ticker asks for one about every second: 3600 commits
 *
 * and, as the reference in the same run, the plain way: the same rows
 * inserted into the same table one INSERT per row, one prepared statement,
 * one transaction, on a bare connection with the store's pragmas and no
 * store around it (store.h inserts 16 rows a statement). Prints the
 * median and the range of RUNS runs of each, wall clock and CPU time,
 * then what the store_close() after each run took: the last close copies
 * the WAL into the database (a checkpoint, with an fsync), after the
 * session is stored; and what the session's ledger entry costs on its own
 * (store_ledger_append(), issue 14: every deposit read and hashed once
 * more, as store_session_end() does inside the times above), and
 * store_ledger_verify() of the whole record.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"
#include "store_ledger.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process, user and system: what the work cost whatever
 * else the machine was doing. */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct timing {
	double wall, cpu;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct deposit *make_deposits(size_t n, int64_t spacing_us)
{
	struct deposit *d = calloc(n, sizeof(*d));
	unsigned int seed = 12345;

	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		double r = (double)rand_r(&seed) / RAND_MAX;

		d[i].id = (uint32_t)i;
		d[i].down_us = (int64_t)i * spacing_us;
		d[i].up_us = d[i].down_us + 30000;
		d[i].x_mm = 80 * r;
		d[i].y_mm = 60 * (1 - r);
		d[i].region = i % 3;
		d[i].depth_mm = 0.5 + 0.3 * r;
		d[i].force_n = 1 + r;
		d[i].diameter_mm = 0.3 + 0.1 * r;
		d[i].blur_mm = r > 0.9 ? 0.05 : 0;
		d[i].tail_mm = 0.02 * r;
		d[i].tilt_deg = 10 * r;
		d[i].skew_ratio = 1 + 0.2 * r;
		d[i].skew_angle_deg = 360 * r - 180;
		d[i].nearest_mm = 0.8 + r;
		d[i].kind = DEPOSIT_DOT;
		d[i].depth_class = DEPOSIT_IN_BAND;
		d[i].faults = r > 0.8 ? DEPOSIT_TOO_CLOSE : 0;
	}
	return d;
}

static const char *const regions[] = { "frontal", "temporal-left", "temporal-right" };

static void fresh_path(char *path, size_t size, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	static const char *const ext[] = { "", "-wal", "-shm", "-live" };
	char f[4200];

	snprintf(path, size, "%s/bench-store-%ld-%s.db", dir && *dir ? dir : "/tmp",
		 (long)getpid(), tag);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(f, sizeof(f), "%s%s", path, ext[i]);
		unlink(f);
	}
}

/* One run through store.h. @return wall seconds (and CPU seconds in
 * *cpu), or a negative number. */
static double close_ms[2][64];    /* store_close() after each run, ms */
static double ledger_ms[2][64];   /* one more ledger entry of the session, ms */
static double verify_ms[2][64];   /* store_ledger_verify(), ms */
static double ledger_cpu_ms[2][64], verify_cpu_ms[2][64];   /* their CPU time */

static double run_store(const struct deposit *d, size_t n, const char *tag, double *cpu,
			int run, size_t flush_every)
{
	struct store_session_info info = {
		.lesson_id = "bench", .lesson_title = "Bench",
		.lesson_text = "x", .lesson_text_size = 1,
	};
	char path[4096], err[STORE_ERROR_MAX];
	struct store *store;
	int64_t trainee, session;
	double t0, t1, t2, c2;

	fresh_path(path, sizeof(path), tag);
	if (store_open(path, &store, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (store_trainee_add(store, "Bench", &trainee) < 0 ||
	    (info.trainee = trainee, store_session_begin(store, &info, &session)) < 0)
		goto fail;
	*cpu = cpu_s();
	t0 = now_s();
	for (size_t i = 0; i < n; i++)
		if (store_session_add_deposit(store, session, &d[i], regions[d[i].region]) < 0 ||
		    (flush_every && (i + 1) % flush_every == 0 &&
		     store_session_flush(store, session) < 0))
			goto fail;
	if (store_session_end(store, session, (double)d[n - 1].up_us / 1e6, NULL, NULL) < 0)
		goto fail;
	t1 = now_s();
	*cpu = cpu_s() - *cpu;
	if (run < 64) {
		int rc = store_begin_write(store);

		int k = strcmp(tag, "bulk") != 0;

		t2 = now_s();
		c2 = cpu_s();
		if (rc == 0)
			rc = store_ledger_append(store, STORE_LEDGER_SESSION, session);
		store_rollback(store);
		ledger_ms[k][run] = (now_s() - t2) * 1e3;
		ledger_cpu_ms[k][run] = (cpu_s() - c2) * 1e3;
		t2 = now_s();
		c2 = cpu_s();
		if (rc < 0 || store_ledger_verify(store, NULL, NULL, NULL) < 0)
			goto fail;
		verify_ms[k][run] = (now_s() - t2) * 1e3;
		verify_cpu_ms[k][run] = (cpu_s() - c2) * 1e3;
	}
	/* The last close checkpoints the WAL into the database: timed apart. */
	t2 = now_s();
	store_close(store);
	if (run < 64)
		close_ms[strcmp(tag, "bulk") != 0][run] = (now_s() - t2) * 1e3;
	fresh_path(path, sizeof(path), tag);
	return t1 - t0;
fail:
	fprintf(stderr, "%s\n", store_error(store));
	store_close(store);
	return -1;
}

/* The same rows on a bare connection: one INSERT per row, one transaction. */
static double run_raw(const struct deposit *d, size_t n, double *cpu)
{
	char path[4096], err[STORE_ERROR_MAX];
	struct store *store;
	sqlite3_stmt *stmt;
	sqlite3 *db;
	double t0, t1;

	/* The schema through store_open(), then a connection of our own. */
	fresh_path(path, sizeof(path), "raw");
	if (store_open(path, &store, NULL, err, sizeof(err)) < 0)
		return -1;
	store_close(store);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
		     "PRAGMA wal_autocheckpoint = 10000;"
		     "INSERT INTO trainees (name, name_key, created) VALUES ('b', 'b', '');"
		     "INSERT INTO lessons (lesson_id, title, sha256, content, first_used) "
		     "VALUES ('b', 'b', printf('%064d', 0), x'00', '');"
		     "INSERT INTO sessions (trainee, lesson, started) VALUES (1, 1, '');",
		     NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db,
		"INSERT INTO deposits (session, seq, down_us, up_us, x_mm, y_mm, region, "
		"region_id, depth_mm, force_n, diameter_mm, blur_mm, tail_mm, tilt_deg, "
		"skew_ratio, skew_angle_deg, nearest_mm, kind, depth_class, faults) "
		"VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
		"?15, ?16, ?17, ?18, ?19)", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	*cpu = cpu_s();
	t0 = now_s();
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(stmt, 1, d[i].id);
		sqlite3_bind_int64(stmt, 2, d[i].down_us);
		sqlite3_bind_int64(stmt, 3, d[i].up_us);
		sqlite3_bind_double(stmt, 4, d[i].x_mm);
		sqlite3_bind_double(stmt, 5, d[i].y_mm);
		sqlite3_bind_int64(stmt, 6, (sqlite3_int64)d[i].region);
		sqlite3_bind_text(stmt, 7, regions[d[i].region], -1, SQLITE_STATIC);
		sqlite3_bind_double(stmt, 8, d[i].depth_mm);
		sqlite3_bind_double(stmt, 9, d[i].force_n);
		sqlite3_bind_double(stmt, 10, d[i].diameter_mm);
		sqlite3_bind_double(stmt, 11, d[i].blur_mm);
		sqlite3_bind_double(stmt, 12, d[i].tail_mm);
		sqlite3_bind_double(stmt, 13, d[i].tilt_deg);
		sqlite3_bind_double(stmt, 14, d[i].skew_ratio);
		sqlite3_bind_double(stmt, 15, d[i].skew_angle_deg);
		sqlite3_bind_double(stmt, 16, d[i].nearest_mm);
		sqlite3_bind_int(stmt, 17, (int)d[i].kind);
		sqlite3_bind_int(stmt, 18, (int)d[i].depth_class);
		sqlite3_bind_int64(stmt, 19, d[i].faults);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			return -1;
		sqlite3_reset(stmt);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t1 = now_s();
	*cpu = cpu_s() - *cpu;
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	fresh_path(path, sizeof(path), "raw");
	return t1 - t0;
}

static void report(const char *what, double *t, double *cpu, int runs, size_t n)
{
	if (t[0] == 0)
		return;          /* not run */
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	qsort(cpu, (size_t)runs, sizeof(*cpu), cmp_double);
	printf("%-40s %7.1f ms (%6.1f .. %6.1f)  %5.2f us/deposit;  CPU %7.1f ms\n", what,
	       t[runs / 2] * 1e3, t[0] * 1e3, t[runs - 1] * 1e3, t[runs / 2] * 1e6 / (double)n,
	       cpu[runs / 2] * 1e3);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
	int runs = argc > 2 ? atoi(argv[2]) : 7;
	const char *only = argc > 3 ? argv[3] : "";   /* one cadence, for profiling */
	struct deposit *bulk, *live;
	double *t_bulk, *t_live, *t_raw, *c_bulk, *c_live, *c_raw;

	if (n < 2 || runs < 1) {
		fprintf(stderr, "usage: bench-store [DEPOSITS] [RUNS]\n");
		return 2;
	}
	bulk = make_deposits(n, 1);                         /* all in one second */
	live = make_deposits(n, (int64_t)(3600e6 / (double)n));   /* over an hour */
	t_bulk = calloc((size_t)runs, sizeof(double));
	t_live = calloc((size_t)runs, sizeof(double));
	t_raw = calloc((size_t)runs, sizeof(double));
	c_bulk = calloc((size_t)runs, sizeof(double));
	c_live = calloc((size_t)runs, sizeof(double));
	c_raw = calloc((size_t)runs, sizeof(double));
	if (!bulk || !live || !t_bulk || !t_live || !t_raw || !c_bulk || !c_live || !c_raw)
		return 1;
	printf("storing %zu deposits, %d runs each, SQLite %s\n", n, runs, sqlite3_libversion());
	/* Interleaved, so a noisy moment hurts all three alike. */
	for (int r = 0; r < runs; r++) {
		t_bulk[r] = *only && strcmp(only, "bulk") ? 0 :
			    run_store(bulk, n, "bulk", &c_bulk[r], r, 0);
		t_live[r] = *only && strcmp(only, "live") ? 0 :
			    run_store(live, n, "live", &c_live[r], r, n / 3600 ? n / 3600 : 1);
		t_raw[r] = *only && strcmp(only, "raw") ? 0 : run_raw(bulk, n, &c_raw[r]);
		if (t_bulk[r] < 0 || t_live[r] < 0 || t_raw[r] < 0) {
			fprintf(stderr, "bench-store: a run failed\n");
			return 1;
		}
	}
	printf("%-40s %7s    (range of %d)\n", "", "median", runs);
	report("store.h, bulk (one commit)", t_bulk, c_bulk, runs, n);
	report("store.h, 1 h live (a commit a second)", t_live, c_live, runs, n);
	report("reference: one INSERT a row, bare SQLite", t_raw, c_raw, runs, n);
	if (runs <= 64 && !*only) {
		qsort(close_ms[0], (size_t)runs, sizeof(double), cmp_double);
		qsort(close_ms[1], (size_t)runs, sizeof(double), cmp_double);
		printf("then store_close() (checkpoints the WAL into the database): "
		       "median %.1f ms after bulk, %.1f ms after live\n",
		       close_ms[0][runs / 2], close_ms[1][runs / 2]);
		for (int k = 0; k < 2; k++) {
			qsort(ledger_ms[k], (size_t)runs, sizeof(double), cmp_double);
			qsort(verify_ms[k], (size_t)runs, sizeof(double), cmp_double);
			qsort(ledger_cpu_ms[k], (size_t)runs, sizeof(double), cmp_double);
			qsort(verify_cpu_ms[k], (size_t)runs, sizeof(double), cmp_double);
		}
		printf("of the end, the session's ledger entry (store_ledger_append()): "
		       "median %.1f ms (%.1f .. %.1f) after bulk, %.1f ms after live; "
		       "CPU %.1f, %.1f ms\n",
		       ledger_ms[0][runs / 2], ledger_ms[0][0], ledger_ms[0][runs - 1],
		       ledger_ms[1][runs / 2], ledger_cpu_ms[0][runs / 2],
		       ledger_cpu_ms[1][runs / 2]);
		printf("store_ledger_verify() of the record: median %.1f ms after bulk, "
		       "%.1f ms after live; CPU %.1f, %.1f ms\n", verify_ms[0][runs / 2],
		       verify_ms[1][runs / 2], verify_cpu_ms[0][runs / 2],
		       verify_cpu_ms[1][runs / 2]);
	}
	printf("goal: storing 100000 deposits <= 150 ms\n");
	free(bulk);
	free(live);
	free(t_bulk);
	free(t_live);
	free(t_raw);
	free(c_bulk);
	free(c_live);
	free(c_raw);
	return 0;
}
