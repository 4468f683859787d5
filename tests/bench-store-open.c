/* bench-store-open: what opening the trainee record costs, and most of all
 * the PRAGMA quick_check every writer runs before it writes
 * (scoring/store/store_open.c), on a record of many deposits.
 *
 *   build/tests/bench-store-open [DEPOSITS] [RUNS]      (100000, 7)
 *
 * Makes one record in $TMPDIR (or /tmp): a trainee and one session of
 * DEPOSITS deposits stored through store.h, closed (the WAL folded into the
 * file). Then RUNS rounds, interleaved so a noisy moment hurts all alike:
 *
 *   store_open() + store_close()   a writer's open: the file read, its
 *                                  application id, quick_check, the writing
 *                                  connection, the schema looked at
 *   store_open_readonly() + close  a reader's open
 *   PRAGMA quick_check alone       on a read-only connection of its own
 *   the reference: every deposit   store_session_deposits() through a
 *                                  reader, as `smpsim export` reads them
 *
 * and prints each one's median and range (wall clock, and CPU time), the
 * record's size, and quick_check against the reference read. The page
 * cache is warm after the first round: these are the costs of a record
 * the machine has read lately, not of a cold disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_internal.h"

struct clock_pair {
	double wall, cpu;
};

static struct clock_pair now(void)
{
	struct timespec w, c;

	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (struct clock_pair){ (double)w.tv_sec + (double)w.tv_nsec / 1e9,
				    (double)c.tv_sec + (double)c.tv_nsec / 1e9 };
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const char *const ext[] = { "", "-wal", "-shm", "-live" };

static void remove_record(const char *path)
{
	char f[4200];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(f, sizeof(f), "%s%s", path, ext[i]);
		unlink(f);
	}
}

/* One session of @p n deposits, as a replay stores them. */
static int make_record(const char *path, size_t n)
{
	struct store_session_info info = {
		.lesson_id = "bench", .lesson_title = "Bench",
		.lesson_text = "x", .lesson_text_size = 1,
	};
	static const char *const regions[] = { "frontal", "temporal-left", "temporal-right" };
	char err[STORE_ERROR_MAX];
	struct store *store;
	int64_t trainee, session;
	unsigned int seed = 12345;

	if (store_open(path, &store, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (store_trainee_add(store, "Bench", &trainee) < 0 ||
	    (info.trainee = trainee, store_session_begin(store, &info, &session)) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		double r = (double)rand_r(&seed) / RAND_MAX;
		struct deposit d = {
			.id = (uint32_t)i, .down_us = (int64_t)i * 36000,
			.up_us = (int64_t)i * 36000 + 30000, .x_mm = 80 * r,
			.y_mm = 60 * (1 - r), .region = i % 3, .depth_mm = 0.5 + 0.3 * r,
			.force_n = 1 + r, .diameter_mm = 0.3 + 0.1 * r, .tail_mm = 0.02 * r,
			.tilt_deg = 10 * r, .skew_ratio = 1 + 0.2 * r,
			.skew_angle_deg = 360 * r - 180, .nearest_mm = 0.8 + r,
			.kind = DEPOSIT_DOT, .depth_class = DEPOSIT_IN_BAND,
			.faults = r > 0.8 ? DEPOSIT_TOO_CLOSE : 0,
		};

		if (store_session_add_deposit(store, session, &d, regions[i % 3]) < 0)
			goto fail;
	}
	if (store_session_end(store, session, (double)n * 0.036, NULL, NULL) < 0)
		goto fail;
	store_close(store);
	return 0;
fail:
	fprintf(stderr, "%s\n", store_error(store));
	store_close(store);
	return -1;
}

static int count(void *data, const struct deposit *d, const char *region_id)
{
	(void)d;
	(void)region_id;
	++*(size_t *)data;
	return 0;
}

/* The four measurements; each @return 0 or -1. */
static int time_writer(const char *path)
{
	char err[STORE_ERROR_MAX];
	struct store *store;

	if (store_open(path, &store, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	store_close(store);
	return 0;
}

static int time_reader(const char *path)
{
	char err[STORE_ERROR_MAX];
	struct store *store;

	if (store_open_readonly(path, &store, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	store_close(store);
	return 0;
}

static int time_quick_check(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt) == SQLITE_ROW &&
		     !strcmp((const char *)sqlite3_column_text(stmt, 0), "ok") ? 0 : -1;
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return rc == 0 ? 0 : -1;
}

static size_t deposits_expected;

static int time_full_read(const char *path)
{
	char err[STORE_ERROR_MAX];
	struct store *store;
	size_t n = 0;
	int rc;

	if (store_open_readonly(path, &store, err, sizeof(err)) < 0)
		return -1;
	rc = store_session_deposits(store, 1, count, &n);
	store_close(store);
	return rc == 0 && n == deposits_expected ? 0 : -1;
}

struct measure {
	const char *what;
	int (*fn)(const char *path);
	double *wall, *cpu;
};

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
	int runs = argc > 2 ? atoi(argv[2]) : 7;
	const char *dir = getenv("TMPDIR");
	struct measure m[] = {
		{ "store_open() + store_close() (a writer)", time_writer, NULL, NULL },
		{ "store_open_readonly() + store_close()", time_reader, NULL, NULL },
		{ "PRAGMA quick_check alone", time_quick_check, NULL, NULL },
		{ "reference: every deposit read once", time_full_read, NULL, NULL },
	};
	const size_t count_m = sizeof(m) / sizeof(m[0]);
	char path[4096];
	struct stat st;

	if (n < 1 || runs < 1) {
		fprintf(stderr, "usage: bench-store-open [DEPOSITS] [RUNS]\n");
		return 2;
	}
	deposits_expected = n;
	snprintf(path, sizeof(path), "%s/bench-store-open-%ld.db", dir && *dir ? dir : "/tmp",
		 (long)getpid());
	remove_record(path);
	if (make_record(path, n) < 0 || stat(path, &st) < 0)
		return 1;
	for (size_t k = 0; k < count_m; k++) {
		m[k].wall = calloc((size_t)runs, sizeof(double));
		m[k].cpu = calloc((size_t)runs, sizeof(double));
		if (!m[k].wall || !m[k].cpu)
			return 1;
	}
	printf("opening a record of %zu deposits (%.1f MB), %d runs each, SQLite %s\n", n,
	       (double)st.st_size / 1e6, runs, sqlite3_libversion());
	for (int r = 0; r < runs; r++) {
		for (size_t k = 0; k < count_m; k++) {
			struct clock_pair t0 = now(), t1;

			if (m[k].fn(path) < 0) {
				fprintf(stderr, "bench-store-open: %s failed\n", m[k].what);
				remove_record(path);
				return 1;
			}
			t1 = now();
			m[k].wall[r] = t1.wall - t0.wall;
			m[k].cpu[r] = t1.cpu - t0.cpu;
		}
	}
	printf("%-42s %9s  %-19s %9s\n", "", "median", "(range)", "CPU");
	for (size_t k = 0; k < count_m; k++) {
		qsort(m[k].wall, (size_t)runs, sizeof(double), cmp_double);
		qsort(m[k].cpu, (size_t)runs, sizeof(double), cmp_double);
		printf("%-42s %6.1f ms  (%6.1f .. %6.1f)  %6.1f ms\n", m[k].what,
		       m[k].wall[runs / 2] * 1e3, m[k].wall[0] * 1e3, m[k].wall[runs - 1] * 1e3,
		       m[k].cpu[runs / 2] * 1e3);
	}
	printf("quick_check / reading every deposit: %.2f; writer's open / reader's: %.1f;"
	       " quick_check %.1f ms per MB\n", m[2].wall[runs / 2] / m[3].wall[runs / 2],
	       m[0].wall[runs / 2] / m[1].wall[runs / 2],
	       m[2].wall[runs / 2] * 1e3 / ((double)st.st_size / 1e6));
	for (size_t k = 0; k < count_m; k++) {
		free(m[k].wall);
		free(m[k].cpu);
	}
	remove_record(path);
	return 0;
}
