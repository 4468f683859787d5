/* bench-score: the cost of the session measures (score_metrics.h) on
 * 100 000 deposits, and of the nearest-neighbour pass on 1 000 000 points
 * against SciPy's cKDTree.
 *
 * The session: a whole scalp unrolled, an ellipse 340 x 300 mm (a 32-gon
 * of 791 cm^2) cut into a frontal zone and the rest along a shared edge,
 * a curved
 * 13-point hairline 10 mm behind the front, a target ramping from 0.2 to
 * 1.24 dots/mm^2 over 8 mm behind it. 99 000 dots by dart throwing (no two
 * nearer than 0.65 of the hexagonal spacing: blue noise, 1.24 per mm^2),
 * thinned in front of the hairline by a logistic ramp, plus 500 drag lines
 * and 500 dots outside the zones. Times, median of 7 runs each: every
 * measure through score_metrics_compute, then each measure alone.
 *
 * The neighbours: 1 000 000 dart-thrown points in a 1 x 1 m square; our
 * pass (bucket, query, back to the caller's order) against nanoflann's
 * k-d tree queried in our order (the fair peer; knn_nanoflann.cpp, when
 * CMake found libnanoflann-dev) and in the points' own, and against
 * cKDTree(points).query(points, k=2) on the same points, written to a
 * file for tests/knn-reference.py; all one thread, 7 repetitions
 * interleaved after one untimed (bench_neighbours says how), each peer's
 * time over ours pair by pair and the median of those ratios. Their mean
 * distances must agree.
 * Usage: bench-score [--measures]   (--measures: the session's measures only)
 */
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef SMPSIM_HAVE_NANOFLANN
#include "knn_nanoflann.h"
#endif
#include "score_internal.h"
#include "score_metrics.h"

#define RUNS 7
#define DOTS 99000
#define LINES 500
#define OUTSIDE 500
#define NN_POINTS 1000000

static uint64_t rng = 42;

static double frand(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "bench-score: %s\n", what);
	exit(1);
}

/* Dart throwing into [0,w] x [0,h]: keeps a candidate no nearer than r to
 * the kept ones and accepted by keep(); stops at n points. */
static size_t darts(double w, double h, double r, size_t n, double *x, double *y,
		    int (*keep)(void *, double, double), void *ctx)
{
	double cell = r / sqrt(2.0);
	size_t cols = (size_t)ceil(w / cell), rows = (size_t)ceil(h / cell), count = 0;
	int32_t *grid = malloc(cols * rows * sizeof(*grid));

	if (!grid)
		die("out of memory");
	memset(grid, 0xff, cols * rows * sizeof(*grid));
	for (size_t a = 0; count < n && a < 100 * n; a++) {
		double px = w * frand(), py = h * frand();
		long cx = (long)(px / cell), cy = (long)(py / cell);
		int ok = 1;

		for (long dy = -2; dy <= 2 && ok; dy++) {
			for (long dx = -2; dx <= 2 && ok; dx++) {
				long gx = cx + dx, gy = cy + dy;
				int32_t k;

				if (gx < 0 || gy < 0 || gx >= (long)cols || gy >= (long)rows)
					continue;
				k = grid[(size_t)gy * cols + (size_t)gx];
				ok = k < 0 || hypot(x[k] - px, y[k] - py) >= r;
			}
		}
		if (ok && (!keep || keep(ctx, px, py))) {
			grid[(size_t)cy * cols + (size_t)cx] = (int32_t)count;
			x[count] = px;
			y[count++] = py;
		}
	}
	free(grid);
	return count;
}

struct scalp_session {
	struct scalp_polygon zones[2];
	struct scalp_point hairline[13];
	struct score_frame frame;
	struct score_zones z;
	struct score_hairline *field;
};

static int keep_in_zone(void *ctx, double x, double y)
{
	struct scalp_session *s = ctx;
	double d;

	if (!score_zones_contain(&s->z, x, y))
		return 0;
	d = score_hairline_distance(s->field, x, y);
	return frand() < 1 / (1 + exp(-(d - 3) / 1.5));
}

static struct scalp_point ellipse(double deg)
{
	double t = deg * M_PI / 180;

	return (struct scalp_point){ 170 + 170 * cos(t), 150 + 150 * sin(t) };
}

/* The scalp: front zone below y = 60 (angles 216.87 to 323.13 degrees),
 * the rest above, sharing the chord. */
static void make_session(struct scalp_session *s)
{
	double cut = asin(0.6) * 180 / M_PI;   /* y = 60 where sin = -0.6 */
	struct scalp_polygon *front = &s->zones[0], *back = &s->zones[1];

	memset(s, 0, sizeof(*s));
	front->points[front->count++] = ellipse(180 + cut);
	for (double a = 225; a < 360 - cut; a += 11.25)
		front->points[front->count++] = ellipse(a);
	front->points[front->count++] = ellipse(360 - cut);
	back->points[back->count++] = ellipse(-cut);
	for (double a = 0; a < 180 + cut; a += 11.25)
		back->points[back->count++] = ellipse(a);
	back->points[back->count++] = ellipse(180 + cut);
	for (int i = 0; i < 13; i++) {
		double t = (200 + 140.0 * i / 12) * M_PI / 180;

		s->hairline[i] = (struct scalp_point){ 170 + 150 * cos(t), 150 + 140 * sin(t) };
	}
	s->frame = (struct score_frame){ .zones = s->zones, .zone_count = 2,
					 .density = { 0.2, 1.24, 8 }, .hairline = s->hairline,
					 .hairline_count = 13, .duration_s = 3600 };
	if (score_zones_prepare(s->zones, 2, &s->z) ||
	    score_hairline_new(s->hairline, 13, s->z.min_x, s->z.min_y, s->z.max_x, s->z.max_y,
			       &s->field))
		die("bad session frame");
}

static struct score_dot *make_dots(struct scalp_session *s, size_t *count)
{
	size_t total = DOTS + LINES + OUTSIDE, n;
	double dmax = sqrt(2 * s->z.area_mm2 / (sqrt(3.0) * DOTS));
	double *x = malloc(DOTS * sizeof(*x)), *y = malloc(DOTS * sizeof(*y));
	struct score_dot *d = calloc(total, sizeof(*d));

	if (!x || !y || !d)
		die("out of memory");
	n = darts(s->z.max_x, s->z.max_y, 0.65 * dmax, DOTS, x, y, keep_in_zone, s);
	if (n < DOTS)
		die("dart throwing fell short");
	for (size_t i = 0; i < total; i++) {
		struct score_dot *p = &d[i];
		double depth = 0.85 + 0.45 * (frand() + frand() + frand() - 1.5);

		*p = (struct score_dot){ .depth_mm = depth, .band_min_mm = 0.5,
					 .band_max_mm = 1.2, .diameter_mm = 0.22 + 0.06 * frand(),
					 .time_us = (int64_t)i * 36000, .overdeep = depth > 1.5,
					 .merged = frand() < 0.02 };
		if (i < DOTS) {
			p->x_mm = x[i];
			p->y_mm = y[i];
		} else if (i < DOTS + LINES) {
			p->x_mm = 100 + 140 * frand();
			p->y_mm = 100 + 100 * frand();
			p->line = true;
		} else {
			p->x_mm = 340 * frand();
			p->y_mm = -5 * frand();
			p->outside = true;
		}
	}
	free(x);
	free(y);
	*count = total;
	return d;
}

typedef int (*measure_fn)(const struct score_pattern *, struct score_metrics *);

static double time_measure(measure_fn fn, const struct score_pattern *p)
{
	double t[RUNS];

	for (int r = 0; r < RUNS; r++) {
		struct score_metrics m;
		double t0 = now_s();

		memset(&m, 0, sizeof(m));
		if (fn(p, &m))
			die("a measure failed");
		t[r] = now_s() - t0;
	}
	return median(t, RUNS);
}

static void bench_measures(void)
{
	struct scalp_session s;
	struct score_metrics m;
	struct score_dot *dots;
	struct score_pattern pat;
	double t[RUNS], *px, *py, total;
	size_t count, n = 0;

	make_session(&s);
	dots = make_dots(&s, &count);
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_s();

		if (score_metrics_compute(dots, count, &s.frame, &m))
			die("score_metrics_compute failed");
		t[r] = now_s() - t0;
	}
	total = median(t, RUNS);
	printf("session: %zu deposits (%zu dots measured, %zu in the zones), zones %.0f mm^2, "
	       "perimeter %.0f mm\n", count, m.dots, (size_t)DOTS, s.z.area_mm2,
	       s.z.perimeter_mm);
	printf("values:");
	for (int k = 0; k < SCORE_METRIC_COUNT; k++)
		if (m.valid[k])
			printf(" %s=%.4g", score_metric_name((enum score_metric)k), m.value[k]);
	printf("\n\nall measures, score_metrics_compute: median %.1f ms of %d (goal <= 100 ms)\n",
	       total * 1e3, RUNS);

	px = malloc(DOTS * sizeof(*px));
	py = malloc(DOTS * sizeof(*py));
	if (!px || !py)
		die("out of memory");
	for (size_t i = 0; i < count; i++) {
		if (dots[i].line || dots[i].outside)
			continue;
		px[n] = dots[i].x_mm;
		py[n++] = dots[i].y_mm;
	}
	pat = (struct score_pattern){ .frame = &s.frame, .zones = &s.z, .n = n, .x = px,
				      .y = py, .hairline = s.field };
	printf("  spacing (NN mean, CV, rho, Clark-Evans):  %6.1f ms\n",
	       time_measure(score_measure_spacing, &pat) * 1e3);
	printf("  periodogram peak (zone by zone):         %6.1f ms\n",
	       time_measure(score_measure_spectrum, &pat) * 1e3);
	printf("  density L1, coverage, gaps, dispersion:  %6.1f ms\n",
	       time_measure(score_measure_density, &pat) * 1e3);
	printf("  hairline width, residual, front:         %6.1f ms\n",
	       time_measure(score_measure_hairline, &pat) * 1e3);
	{
		double tf[RUNS];

		for (int r = 0; r < RUNS; r++) {
			struct score_zones z;
			struct score_hairline *h;
			double t0 = now_s();

			if (score_zones_prepare(s.zones, 2, &z) ||
			    score_hairline_new(s.hairline, 13, z.min_x, z.min_y, z.max_x, z.max_y, &h))
				die("frame failed");
			tf[r] = now_s() - t0;
			score_hairline_free(h);
		}
		printf("  frame (zones checked, hairline field):   %6.2f ms\n", median(tf, RUNS) * 1e3);
	}
	free(px);
	free(py);
	free(dots);
	score_hairline_free(s.field);
}

/* SciPy's side, a python3 child (tests/knn-reference.py) kept for the
 * whole run so that numpy and scipy load once: each line written to it
 * asks for one timed cKDTree pass, each line read back is its result. */
struct ckdtree {
	pid_t pid;
	FILE *ask, *answer;
};

static bool ckdtree_start(struct ckdtree *c, const char *points)
{
	int to[2], from[2];

	c->pid = -1;
	/* A child that could not start (no SciPy) closes its end: the write
	 * then fails with EPIPE, said as "not run", instead of killing us. */
	signal(SIGPIPE, SIG_IGN);
	if (pipe(to) || pipe(from))
		return false;
	c->pid = fork();
	if (c->pid == 0) {
		dup2(to[0], STDIN_FILENO);
		dup2(from[1], STDOUT_FILENO);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		execl(SMPSIM_PYTHON3, SMPSIM_PYTHON3, SMPSIM_KNN_SCRIPT, points, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->ask = fdopen(to[1], "w");
	c->answer = fdopen(from[0], "r");
	return c->pid > 0 && c->ask && c->answer;
}

/* One pass: its seconds, mean distance and SciPy's version; false when
 * the child failed (no python3-scipy). */
static bool ckdtree_run(struct ckdtree *c, double *seconds, double *mean, char version[64])
{
	char line[256];

	return c->pid > 0 && fputs("run\n", c->ask) >= 0 && fflush(c->ask) == 0 &&
	       fgets(line, sizeof(line), c->answer) &&
	       sscanf(line, "%lf %lf %63s", seconds, mean, version) == 3;
}

static void ckdtree_stop(struct ckdtree *c)
{
	if (c->ask)
		fclose(c->ask);
	if (c->answer)
		fclose(c->answer);
	if (c->pid > 0)
		waitpid(c->pid, NULL, 0);
}

static double mean_of(const double *v, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i] / (double)n;
	return sum;
}

/* A peer's times against ours, pair by pair: each ratio, their median. */
static void print_ratios(const char *peer, const double *theirs, const double *ours, int runs)
{
	double ratio[RUNS];

	printf("  %s / smpsim, pair by pair:", peer);
	for (int r = 0; r < runs; r++) {
		ratio[r] = theirs[r] / ours[r];
		printf(" %.1f", ratio[r]);
	}
	printf("; median %.1fx\n", median(ratio, runs));
}

static void check_mean(const char *peer, double theirs, double ours)
{
	if (fabs(theirs - ours) > 1e-9 * ours) {
		fprintf(stderr, "bench-score: %s's mean distance %.15g, ours %.15g\n", peer,
			theirs, ours);
		die("the nearest-neighbour distances disagree");
	}
}

/* Interleaved: each repetition times smpsim and every peer one after the
 * other, smpsim first in even repetitions and last in odd ones, so that
 * a change in the machine's load (it is shared) falls on both sides of a
 * pair and the pair's ratio holds; the peers' medians are of those
 * ratios. nanoflann queries the points in the order smpsim's grid
 * queries them (cell by cell: the fair peer, with the same cache
 * behaviour) and, apart, in the order given. */
static void bench_neighbours(void)
{
	double *x = malloc(NN_POINTS * sizeof(*x)), *y = malloc(NN_POINTS * sizeof(*y));
	double *nn = malloc(NN_POINTS * sizeof(*nn)), *xy = malloc(2 * NN_POINTS * sizeof(*xy));
	double ours[RUNS], scipy[RUNS], mean = 0, scipy_mean = 0, t[RUNS];
	const char *tmp = getenv("TMPDIR");
	char path[4096], version[64] = "";
	bool have_scipy;
	struct ckdtree c = { 0 };
	size_t n;
	FILE *f;
	int fd;
#ifdef SMPSIM_HAVE_NANOFLANN
	double flann[RUNS], flann_given[RUNS], flann_build[RUNS], flann_mean = 0;
	struct score_points cells;
#endif

	if (!x || !y || !nn || !xy)
		die("out of memory");
	n = darts(1000, 1000, 0.65 * sqrt(2e6 / (sqrt(3.0) * NN_POINTS)), NN_POINTS, x, y,
		  NULL, NULL);
	if (n < NN_POINTS)
		die("dart throwing fell short");
	for (size_t i = 0; i < n; i++) {
		xy[2 * i] = x[i];
		xy[2 * i + 1] = y[i];
	}
	/* The points for the cKDTree child, in $TMPDIR as the tests' files. */
	snprintf(path, sizeof(path), "%s/bench-score-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "wb")))
		die("cannot write the points file");
	if (fwrite(xy, sizeof(*xy), 2 * n, f) != 2 * n || fclose(f))
		die("cannot write the points file");
	have_scipy = ckdtree_start(&c, path);
#ifdef SMPSIM_HAVE_NANOFLANN
	/* smpsim's query order, its grid's cells in turn (untimed here; our
	 * own times include making it). */
	if (score_points_build(x, y, n, &cells))
		die("score_points_build failed");
#endif

	printf("\nnearest neighbours of %zu points (blue noise, 1 per mm^2), one thread, "
	       "%d repetitions, interleaved, after one untimed:\n", n, RUNS);
	/* A round first, untimed (written over by the first timed one), so
	 * that no side pays alone for the first touch of its memory and code. */
	for (int round = -1; round < RUNS; round++) {
		int r = round < 0 ? 0 : round;

		for (int side = 0; side < 2; side++) {
			if (side == r % 2) {
				double t0 = now_s();

				if (score_nn_distances(x, y, n, nn))
					die("score_nn_distances failed");
				ours[r] = now_s() - t0;
				mean = mean_of(nn, n);
				continue;
			}
			if (have_scipy)
				have_scipy = ckdtree_run(&c, &scipy[r], &scipy_mean, version);
#ifdef SMPSIM_HAVE_NANOFLANN
			{
				double t0 = now_s(), m;

				if (knn_nanoflann_nn(x, y, n, cells.index, nn, &flann_build[r]))
					die("nanoflann failed");
				flann[r] = now_s() - t0;
				flann_mean = mean_of(nn, n);
				t0 = now_s();
				if (knn_nanoflann_nn(x, y, n, NULL, nn, &m))
					die("nanoflann failed");
				flann_given[r] = now_s() - t0;
				check_mean("nanoflann", mean_of(nn, n), flann_mean);
			}
#endif
		}
	}
	memcpy(t, ours, sizeof(t));
	printf("  smpsim grid (bucket + query + reorder): median %7.1f ms, mean distance "
	       "%.15g mm\n", median(t, RUNS) * 1e3, mean);
#ifdef SMPSIM_HAVE_NANOFLANN
	check_mean("nanoflann", flann_mean, mean);
	memcpy(t, flann, sizeof(t));
	printf("  nanoflann %s k-d tree (build + knnSearch k=2), smpsim's query order: "
	       "median %7.1f ms", knn_nanoflann_version(), median(t, RUNS) * 1e3);
	memcpy(t, flann_build, sizeof(t));
	printf(" (the build: %.1f ms)\n", median(t, RUNS) * 1e3);
	memcpy(t, flann_given, sizeof(t));
	printf("  nanoflann, the same, the points' own order:  median %7.1f ms\n",
	       median(t, RUNS) * 1e3);
	print_ratios("nanoflann (smpsim's order)", flann, ours, RUNS);
	print_ratios("nanoflann (own order)", flann_given, ours, RUNS);
	score_points_free(&cells);
#else
	printf("  nanoflann: not built (libnanoflann-dev was not found when CMake ran)\n");
#endif
	if (!have_scipy) {
		printf("  cKDTree: not run (%s %s failed: is python3-scipy installed?)\n",
		       SMPSIM_PYTHON3, SMPSIM_KNN_SCRIPT);
	} else {
		check_mean("cKDTree", scipy_mean, mean);
		memcpy(t, scipy, sizeof(t));
		printf("  scipy %s cKDTree(points).query(points, k=2): median %7.1f ms, mean "
		       "distances differ by %.1e (relative)\n", version, median(t, RUNS) * 1e3,
		       fabs(scipy_mean - mean) / mean);
		print_ratios("cKDTree", scipy, ours, RUNS);
	}
	ckdtree_stop(&c);
	unlink(path);
	free(x);
	free(y);
	free(nn);
	free(xy);
}

static void print_machine(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], model[256] = "unknown";

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *c = strchr(line, ':');

			if (c) {
				snprintf(model, sizeof(model), "%s", c + 2);
				model[strcspn(model, "\n")] = 0;
			}
			break;
		}
	}
	if (f)
		fclose(f);
	printf("machine: %ld CPUs online, %s\n\n", sysconf(_SC_NPROCESSORS_ONLN), model);
}

int main(int argc, char **argv)
{
	bool measures_only = argc == 2 && strcmp(argv[1], "--measures") == 0;

	if (argc > 1 && !measures_only) {
		fprintf(stderr, "usage: bench-score [--measures]\n");
		return 2;
	}
	print_machine();
	bench_measures();
	if (!measures_only)
		bench_neighbours();
	return 0;
}
