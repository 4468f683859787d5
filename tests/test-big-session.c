/* test-big-session: a session of 100 000 deposits through the program end
 * to end, as child processes of build/smpsim: `practice --replay` stores
 * it, `inspect` lists it, `score` scores it, `export` writes it out and
 * `report` draws it. The recording (tests/session_gen.c, written here) is
 * made so that every
 * growth of every array on the way is crossed with a merged, too-close dot
 * exactly at the growth: the simulator's deposit array and the store's
 * kept deposits at each power of two, the grid's cells by a crowded cell
 * that a dot joins every 16 taps, the readers' arrays at theirs.
 *
 * Every stored deposit is then checked against a computation of its own
 * from the taps: its place, and its merged flag, its nearest earlier
 * neighbour and its too-close flag by brute force over every earlier
 * deposit (all pairs for the first 17 000 deposits, past the growth at
 * 16 384; for the whole session, every pair closer in x than the largest
 * reach, found by a sweep over the deposits sorted by x, which cannot miss
 * a pair that counts). inspect must list the very same deposits and
 * flags, score must count the same merged dots, export must write the
 * stored values exactly, the report must keep every one (in its data:
 * its dots are one image), in under 5 MB. The taps cover
 * the whole scalp, more than the lesson's work area: practice and score
 * place the pad with --mapping 0,0,1,0 (scalp = pad, inspect's default).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "child_process.h"
#include "deposit.h"
#include "session_gen.h"
#include "tmp_files.h"

#define TAPS 100000
#define ALL_PAIRS 17000      /* brute force over all pairs up to here */
#define LESSON "frontal-layout"
#define TRAINEE "Bea Big"
#define HOT_X 100.2          /* the crowded cell's corner */
#define HOT_Y 60.2

/* The frontal-temporal scalp's spacing by region (data/scalps): the
 * lesson overrides none. Outside every region a dot is judged by the
 * first region's. */
static const struct { const char *id; double too_close, neighbourhood; } regions[] = {
	{ "mid-scalp", 0.6, 3.0 },
	{ "frontal", 0.8, 4.0 },
	{ "temporal-left", 0.7, 3.5 },
	{ "temporal-right", 0.7, 3.5 },
};

struct stored {
	double x, y, diameter, nearest;
	uint32_t faults;
	int region;          /* index in regions[], 0 outside every region */
	bool merged;         /* by brute force */
	double nearest_bf;   /* by brute force: -1 when none in reach */
};

static struct session_gen_tap taps[TAPS];
static struct stored dots[TAPS];
static char recording[PATH_MAX], db[PATH_MAX];
static size_t merged_count;

static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static bool power_of_two(size_t i)
{
	return i >= 4 && (i & (i - 1)) == 0;
}

/* Where tap @p i goes, in whole 0.01 mm: on a power of two 0.1 mm beside
 * the tap before; every 16th into the crowded cell; one in ten off the
 * scalp (still on the pad); the rest anywhere on the scalp. */
static void place(size_t i, uint64_t *rng, double *x, double *y)
{
	if (power_of_two(i)) {
		*x = taps[i - 1].x_mm + 0.1;
		*y = taps[i - 1].y_mm;
	} else if (i % 16 == 5) {
		*x = HOT_X + (double)(next_random(rng) % 30) / 100;
		*y = HOT_Y + (double)(next_random(rng) % 30) / 100;
	} else if (i % 10 == 7) {
		*x = (double)(next_random(rng) % 3800 + 16100) / 100; /* 161 .. 199 mm */
		*y = (double)(next_random(rng) % 11800 + 100) / 100;
	} else {
		*x = (double)(next_random(rng) % 15800 + 100) / 100;  /* 1 .. 159 mm */
		*y = (double)(next_random(rng) % 9800 + 100) / 100;
	}
}

static void check_status(struct child_result *r, int want, const char *what)
{
	if (r->status == want)
		return;
	print_error("%s: exit %d, not %d\n%.2000s%.2000s", what, r->status, want, r->out,
		    r->err);
	child_result_free(r);
	fail();
}

static void run(const char *const argv[], int want, struct child_result *r)
{
	assert_int_equal(child_run(argv, NULL, r), 0);
	check_status(r, want, argv[1]);
}

static int region_index(const char *id)
{
	for (size_t i = 0; id && i < sizeof(regions) / sizeof(regions[0]); i++)
		if (!strcmp(regions[i].id, id))
			return (int)i;
	return 0;
}

/* Deposit @p i against earlier deposit @p j, as the simulator judges a
 * pair (the same arithmetic, so distances agree to the bit). */
static void judge_pair(size_t i, size_t j)
{
	struct stored *d = &dots[i];
	const struct stored *e = &dots[j];
	double dx = e->x - d->x, dy = e->y - d->y;
	double dist = sqrt(dx * dx + dy * dy);

	if (dist < (d->diameter + e->diameter) / 2)
		d->merged = true;
	if (dist <= regions[d->region].neighbourhood && (d->nearest_bf < 0 || dist < d->nearest_bf))
		d->nearest_bf = dist;
}

static void clear_judgement(size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dots[i].merged = false;
		dots[i].nearest_bf = -1;
	}
}

static const double *sort_x;

static int by_x(const void *a, const void *b)
{
	double u = sort_x[*(const uint32_t *)a], v = sort_x[*(const uint32_t *)b];

	return (u > v) - (u < v);
}

/* Every pair closer in x than @p reach, each judged from its later dot. */
static void judge_by_sweep(size_t n, double reach)
{
	uint32_t *order = malloc(n * sizeof(*order));
	double *xs = malloc(n * sizeof(*xs));

	assert_non_null(order);
	assert_non_null(xs);
	for (size_t i = 0; i < n; i++) {
		order[i] = (uint32_t)i;
		xs[i] = dots[i].x;
	}
	sort_x = xs;
	qsort(order, n, sizeof(*order), by_x);
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n && xs[order[b]] - xs[order[a]] <= reach; b++) {
			uint32_t i = order[a], j = order[b];

			if (i > j)
				judge_pair(i, j);
			else
				judge_pair(j, i);
		}
	free(order);
	free(xs);
}

static void check_judgement(size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct stored *d = &dots[i];
		bool merged = d->faults & DEPOSIT_MERGED, close = d->faults & DEPOSIT_TOO_CLOSE;

		if (d->merged != merged || d->nearest_bf != d->nearest ||
		    close != (d->nearest_bf >= 0 && d->nearest_bf < regions[d->region].too_close))
			fail_msg("deposit %zu at (%.2f, %.2f): merged %d nearest %.17g by brute "
				 "force; stored merged %d nearest %.17g too-close %d", i, d->x,
				 d->y, d->merged, d->nearest_bf, merged, d->nearest, close);
		if (power_of_two(i) && !(merged && close))
			fail_msg("deposit %zu, at a growth, is not merged and too close", i);
	}
}

static int group_setup(void **state)
{
	struct session_gen_hand hand = {
		.report_us = 1000, .approach_us = 1000, .approach_mm = 0, .rise_us = 1000,
		.fall_us = 1000, .leave_us = 1000, .contact_pressure = 0.06,
	};
	struct session_gen_session session = { "big", taps, TAPS };
	uint64_t rng = 100000;
	int rc;

	tmp_files_setup(state);
	for (size_t i = 0; i < TAPS; i++) {
		struct session_gen_tap *t = &taps[i];

		place(i, &rng, &t->x_mm, &t->y_mm);
		/* Three pressures and two dwells: six dot sizes. */
		t->pressure = 0.15 + 0.05 * (double)(i % 3);
		t->dwell_ms = (int)(i / 3 % 2);
		t->t_ms = i ? taps[i - 1].t_ms + taps[i - 1].dwell_ms + 6 : 2;
		t->cue = AUDIO_CUE_COUNT;
	}
	snprintf(recording, sizeof(recording), "%s/big.evemu", tmp_files_dir());
	snprintf(db, sizeof(db), "%s/big.db", tmp_files_dir());
	rc = session_gen_write_file(recording, &hand, &session);
	if (rc < 0) {
		fprintf(stderr, "cannot write %s: %d\n", recording, rc);
		return -1;
	}
	return 0;
}

/* practice --replay stores every deposit; each is checked by brute force. */
static void test_practice_stores_every_deposit(void **state)
{
	struct child_result r;
	sqlite3 *s;
	sqlite3_stmt *st;
	size_t n = 0;
	double reach = 0;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", TRAINEE, "--db", db, NULL },
	    0, &r);
	child_result_free(&r);
	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", TRAINEE, "--lesson",
				   LESSON, "--replay", recording, "--db", db, "--audio", "none",
				   "--mapping", "0,0,1,0", NULL }, 0, &r);
	assert_non_null(strstr(r.err, "Session 1 started"));
	child_result_free(&r);

	assert_int_equal(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT seq, x_mm, y_mm, diameter_mm, nearest_mm, "
					    "faults, region_id FROM deposits WHERE session = 1 "
					    "ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct stored *d = &dots[n];

		assert_true(n < TAPS);
		assert_int_equal(sqlite3_column_int64(st, 0), n);
		d->x = sqlite3_column_double(st, 1);
		d->y = sqlite3_column_double(st, 2);
		d->diameter = sqlite3_column_double(st, 3);
		d->nearest = sqlite3_column_double(st, 4);
		d->faults = (uint32_t)sqlite3_column_int64(st, 5);
		d->region = region_index((const char *)sqlite3_column_text(st, 6));
		/* Where the tap was put: whole 0.01 mm on a pad of 100 units/mm. */
		if (fabs(d->x - taps[n].x_mm) > 1e-9 || fabs(d->y - taps[n].y_mm) > 1e-9)
			fail_msg("deposit %zu at (%.17g, %.17g), tapped at (%.2f, %.2f)", n, d->x,
				 d->y, taps[n].x_mm, taps[n].y_mm);
		if (d->diameter > reach)
			reach = d->diameter;
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, TAPS);
	/* Counters agree with the rows; the session is complete and scored. */
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT deposit_count, status, score IS NOT NULL "
					    "FROM sessions WHERE id = 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), TAPS);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_column_int(st, 2), 1);
	sqlite3_finalize(st);
	sqlite3_close(s);

	/* All pairs, as plainly as it can be done, for a prefix past 16 384
	 * (a deposit is judged against earlier ones only, so a prefix's flags
	 * are the session's). */
	clear_judgement(ALL_PAIRS);
	for (size_t i = 0; i < ALL_PAIRS; i++)
		for (size_t j = 0; j < i; j++)
			judge_pair(i, j);
	check_judgement(ALL_PAIRS);
	/* The whole session by the sweep: reach covers the largest
	 * neighbourhood and the largest merge distance. */
	clear_judgement(TAPS);
	judge_by_sweep(TAPS, reach > 4.0 ? reach : 4.0);
	check_judgement(TAPS);
	merged_count = 0;
	for (size_t i = 0; i < TAPS; i++)
		merged_count += dots[i].merged;
	/* Both kinds of dot are plentiful, so a flag stuck at one value fails. */
	assert_true(merged_count > TAPS / 10 && merged_count < TAPS * 9 / 10);
}

static const char *json_field(const char *line, const char *key)
{
	const char *at = strstr(line, key);

	if (!at)
		fail_msg("no %s in %.300s", key, line);
	return at + strlen(key);
}

/* The text of @p key's value in @p line, up to one of @p stop, into @p out. */
static void json_value(const char *line, const char *key, const char *stop, char *out,
		       size_t size)
{
	const char *v = json_field(line, key);

	snprintf(out, size, "%.*s", (int)strcspn(v, stop), v);
}

/* inspect lists the same deposits with the same flags. */
static void test_inspect_lists_the_same(void **state)
{
	struct child_result r;
	char *line, *end;
	size_t n = 0;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "inspect", recording, "--scalp",
				   "frontal-temporal", "--needle", "0603rl", "--json", NULL },
	    0, &r);
	line = strstr(r.out, "\"deposits\": [\n");
	assert_non_null(line);
	for (line = strchr(line, '\n') + 1; !strncmp(line, "    {\"id\": ", 11); line = end + 1) {
		const struct stored *d = &dots[n];
		char want[160], got[160], x[32], y[32], diameter[32], nearest[32], faults[256];
		unsigned id;

		/* One deposit a line: each line searched on its own. */
		end = strchr(line, '\n');
		assert_non_null(end);
		*end = '\0';
		assert_int_equal(sscanf(line, "    {\"id\": %u", &id), 1);
		assert_int_equal(id, n);
		/* Printed to 4 places: the stored double, printed alike. */
		json_value(line, "\"x_mm\": ", ",", x, sizeof(x));
		json_value(line, "\"y_mm\": ", ",", y, sizeof(y));
		json_value(line, "\"diameter_mm\": ", ",", diameter, sizeof(diameter));
		json_value(line, "\"nearest_mm\": ", ",", nearest, sizeof(nearest));
		snprintf(got, sizeof(got), "%s, %s, %s, %s", x, y, diameter, nearest);
		snprintf(want, sizeof(want), "%.4f, %.4f, %.4f, %.4f", d->x, d->y, d->diameter,
			 d->nearest);
		if (strcmp(want, got))
			fail_msg("deposit %zu: inspect says %s, practice stored %s", n, got, want);
		json_value(line, "\"faults\": [", "]", faults, sizeof(faults));
		assert_int_equal(strstr(faults, "\"merged\"") != NULL, d->merged);
		assert_int_equal(strstr(faults, "\"too-close\"") != NULL,
				 (d->faults & DEPOSIT_TOO_CLOSE) != 0);
		n++;
	}
	assert_int_equal(n, TAPS);
	child_result_free(&r);
}

/* score counts the same dots and the same merged share. */
static void test_score_counts_the_same(void **state)
{
	struct child_result r;
	char want[64];
	const char *at;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "score", recording, "--lesson", LESSON,
				   "--mapping", "0,0,1,0", "--json", NULL }, 0, &r);
	assert_non_null(strstr(r.out, "\n  \"dots\": 100000,\n"));
	at = strstr(r.out, "\n    \"merged\": ");
	assert_non_null(at);
	snprintf(want, sizeof(want), "\n    \"merged\": %g,", (double)merged_count / TAPS);
	if (strncmp(at, want, strlen(want)))
		fail_msg("score says %.40s, brute force %s", at, want);
	child_result_free(&r);
}

/* export writes every deposit with the stored values, exactly. */
static void test_export_lists_every_deposit(void **state)
{
	struct child_result r;
	char *line, *end;
	size_t n = 0;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "export", "--session", "1", "--format", "csv",
				   "--db", db, NULL }, 0, &r);
	line = strchr(r.out, '\n');
	assert_non_null(line);
	for (line++; *line; line = end + 1) {
		const struct stored *d = &dots[n];
		char *field[23], *at = line;
		size_t k = 0;

		end = strchr(line, '\n');
		assert_non_null(end);
		*end = '\0';
		while (k < 23 && at) {
			field[k++] = at;
			at = strchr(at, ',');
			if (at)
				*at++ = '\0';
		}
		assert_int_equal(k, 23);
		assert_true(n < TAPS);
		/* session, trainee, lesson, then the deposit's id */
		assert_int_equal(strtoul(field[3], NULL, 10), n);
		/* The shortest text that reads back: the stored doubles, exactly. */
		if (strtod(field[6], NULL) != d->x || strtod(field[7], NULL) != d->y ||
		    strtod(field[12], NULL) != d->diameter || strtod(field[18], NULL) != d->nearest ||
		    strtoul(field[21], NULL, 10) != d->faults)
			fail_msg("deposit %zu exported as x %s y %s diameter %s nearest %s faults %s",
				 n, field[6], field[7], field[12], field[18], field[21]);
		n++;
	}
	assert_int_equal(n, TAPS);
	child_result_free(&r);
}

/* The report keeps every dot, each merged one as merged: drawn as one
 * image (a page of 100 000 SVG circles was 33.8 MB, issue 16), the
 * page under 5 MB, and every deposit a line of its data, in order, the
 * merged ones with fault bit 1 (DEPOSIT_MERGED). */
static void test_report_draws_every_dot(void **state)
{
	struct child_result r;
	char out[PATH_MAX], *page, *data, *end;
	size_t size, lines = 0, merged = 0;
	struct timespec t0, t1;

	(void)state;
	snprintf(out, sizeof(out), "%s/big.html", tmp_files_dir());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run((const char *const[]){ SMPSIM_BINARY, "report", "--session", "1", "--db", db, "-o",
				   out, NULL }, 0, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	child_result_free(&r);
	page = tmp_files_read(out, &size);
	/* Said, not asserted: the time depends on the machine. */
	print_message("report of %d deposits: %zu bytes in %.2f s\n", TAPS, size,
		      (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	assert_true(size < 5u * 1000 * 1000);
	assert_non_null(strstr(page, "<image class=\"dots-raster\" "));
	assert_null(strstr(page, " data-id=\""));
	data = strstr(page, "<template class=\"deposit-data\" data-columns=\"time_ms,");
	assert_non_null(data);
	data = strchr(data, '\n') + 1;
	end = strstr(data, "</template>");
	assert_non_null(end);
	*end = '\0';
	for (char *line = data, *nl; *line; line = nl + 1) {
		const char *faults;

		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		faults = strrchr(line, ',');
		assert_non_null(faults);
		merged += strtoul(faults + 1, NULL, 10) & 1u;
		lines++;
	}
	assert_int_equal(lines, TAPS);
	assert_int_equal(merged, merged_count);
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_practice_stores_every_deposit),
		cmocka_unit_test(test_inspect_lists_the_same),
		cmocka_unit_test(test_score_counts_the_same),
		cmocka_unit_test(test_export_lists_every_deposit),
		cmocka_unit_test(test_report_draws_every_dot),
	};

	return cmocka_run_group_tests(tests, group_setup, tmp_files_teardown);
}
