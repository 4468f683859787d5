/* bench-view-draw: the cost of one frame of the live view, drawn by
 * view_scene_draw() into a 1280x800 cairo image surface (as the window
 * draws into its texture's pixels), with 0, 1 000 and 10 000 deposits on
 * the scalp.
 *
 * The scene is the shipped soft-hairline lesson (the frontal-temporal
 * scalp fitted at 17.9 px/mm). Deposits are placed at random in its work
 * area with random depth classes, diameters 0.4 to 0.8 mm and a blur on
 * one in five. Each frame moves the pen (cursor and ring), keeps the
 * needle in (depth gauge) and three fault marks fresh, and draws the
 * status bar: all a practice frame can show but the instructions. Timed:
 * FRAMES frames each, one clock pair per frame on the monotonic clock and
 * one on the thread's CPU clock (the frame's own work, without the time
 * the machine's other jobs took the core); reported the median and the
 * 99th percentile of each, and their ratio to the run with no deposits
 * (the cached picture keeps it near 1). Also timed: adding one deposit (drawn
 * once into the picture) and a new layout with 10 000 deposits (the
 * scalp and every deposit drawn again: what a resize costs).
 * Usage: bench-view-draw [FRAMES]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lesson_fixture.h"
#include "view_scene.h"

#define W 1280
#define H 800

static int64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double frand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return ((*seed >> 8) & 0xffffff) / (double)0x1000000;
}

struct stats {
	double median_ms, p99_ms;
	double cpu_median_ms, cpu_p99_ms; /* the thread's CPU time: what the
					   * frame costs, without preemption */
};

static struct stats summarise(int64_t *t, size_t n)
{
	qsort(t, n, sizeof(*t), cmp_i64);
	return (struct stats){ t[n / 2] / 1e6, t[n * 99 / 100] / 1e6, 0, 0 };
}

static int add_deposits(struct view_scene *scene, const struct lesson_area *a, size_t from,
			size_t to, unsigned *seed)
{
	for (size_t i = from; i < to; i++) {
		struct deposit d = { .id = (uint32_t)i, .skew_ratio = 1, .nearest_mm = -1 };
		struct sim_event e = { .kind = SIM_DEPOSIT_FINISHED, .deposit = (uint32_t)i };

		d.x_mm = a->x_mm + a->width_mm * frand(seed);
		d.y_mm = a->y_mm + a->height_mm * frand(seed);
		d.diameter_mm = 0.4 + 0.4 * frand(seed);
		d.depth_class = (enum deposit_depth_class)(frand(seed) * 4);
		d.blur_mm = frand(seed) < 0.2 ? 0.3 : 0;
		if (view_scene_event(scene, &e, &d) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* FRAMES frames of @p scene with the pen moving; times in @p t, CPU
 * times in @p cpu. */
static struct stats frames(struct view_scene *scene, cairo_t *cr, const struct lesson_area *a,
			   int64_t *t, int64_t *cpu, size_t n)
{
	struct stats s, c;

	for (size_t f = 0; f < n; f++) {
		int64_t now_us = 1000000 + (int64_t)f * 16667, t0;
		double x = a->x_mm + a->width_mm * (double)(f % 100) / 100;
		struct sim_event depth = { .kind = SIM_NEEDLE_DEPTH, .time_us = now_us,
					   .x_mm = x, .y_mm = 15, .region = 1,
					   .depth_mm = 0.2 + 0.01 * (double)(f % 100) };
		struct sim_event fault = { .kind = SIM_FAULT, .time_us = now_us, .x_mm = x,
					   .y_mm = 15, .fault = DEPOSIT_TOO_CLOSE };

		view_scene_pen(scene, now_us, x, 15, PEN_IN_PROXIMITY | PEN_TIP_DOWN);
		view_scene_event(scene, &depth, NULL);
		if (f % 30 == 0)
			view_scene_event(scene, &fault, NULL);
		int64_t c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);

		t0 = now_ns();
		view_scene_draw(scene, cr, now_us);
		cairo_surface_flush(cairo_get_target(cr));
		t[f] = now_ns() - t0;
		cpu[f] = clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
	}
	s = summarise(t, n);
	c = summarise(cpu, n);
	s.cpu_median_ms = c.median_ms;
	s.cpu_p99_ms = c.p99_ms;
	return s;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 600;
	static const size_t counts[] = { 0, 1000, 10000 };
	struct lesson lesson;
	struct lesson_session ls;
	struct view_setup setup = { 0 };
	struct view_scene *scene;
	struct lesson_area a;
	struct stats s[3], again, add, layout;
	char err[512];
	unsigned seed = 12;
	int64_t *t, *cpu;
	cairo_surface_t *surface;
	cairo_t *cr;
	size_t have = 0;

	if (n < 100)
		n = 100;
	t = calloc(n, sizeof(*t));
	cpu = calloc(n, sizeof(*cpu));
	if (!t || !cpu || lesson_fixture_load(SMPSIM_DATA_DIR, "soft-hairline", NULL, 0, &lesson, &ls,
				      err, sizeof(err)) < 0) {
		fprintf(stderr, "bench-view-draw: %s\n", t ? err : "out of memory");
		return 1;
	}
	setup.lesson = &lesson;
	setup.scalp = &ls.scalp;
	lesson_sim_setup(&lesson, &ls, 10, &lesson.mapping, &setup.sim);
	setup.time_limit_s = lesson.time_limit_s;
	setup.target_dots = 690;
	setup.guide_ring = true;
	if (view_scene_new(&setup, &scene, err, sizeof(err)) < 0 ||
	    view_scene_layout(scene, W, H, 0) < 0) {
		fprintf(stderr, "bench-view-draw: cannot make the scene\n");
		return 1;
	}
	lesson_work_area(&lesson, &ls.scalp, &a);
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cr = cairo_create(surface);
	{
		struct sim_event began = { .kind = SIM_CONTACT_BEGAN, .region = 1 };

		view_scene_event(scene, &began, NULL);
	}
	frames(scene, cr, &a, t, cpu, n / 10 + 1); /* warm the caches and fonts */
	for (size_t c = 0; c < 3; c++) {
		if (add_deposits(scene, &a, have, counts[c], &seed) < 0)
			return 1;
		have = counts[c];
		s[c] = frames(scene, cr, &a, t, cpu, n);
	}
	/* the reference again, after them: how much is the machine drifting */
	view_scene_reset(scene);
	again = frames(scene, cr, &a, t, cpu, n);
	add_deposits(scene, &a, 0, have, &seed);
	for (size_t i = 0; i < n; i++) {
		int64_t t0 = now_ns();

		add_deposits(scene, &a, have + i, have + i + 1, &seed);
		t[i] = now_ns() - t0;
	}
	add = summarise(t, n);
	for (size_t i = 0; i < 20; i++) {
		int64_t t0 = now_ns();

		view_scene_layout(scene, W, H, 0);
		t[i] = now_ns() - t0;
	}
	layout = summarise(t, 20);

	printf("bench-view-draw: %zu frames each at %dx%d, %.1f px/mm\n", n, W, H,
	       view_scene_px_per_mm(scene));
	printf("%-28s %10s %10s %12s %10s %10s %12s\n", "deposits", "median ms", "p99 ms",
	       "p99 / empty", "cpu median", "cpu p99", "median/empty");
	for (size_t c = 0; c < 3; c++)
		printf("%-28zu %10.3f %10.3f %11.2fx %10.3f %10.3f %11.2fx\n", counts[c],
		       s[c].median_ms, s[c].p99_ms, s[c].p99_ms / s[0].p99_ms, s[c].cpu_median_ms,
		       s[c].cpu_p99_ms, s[c].median_ms / s[0].median_ms);
	printf("%-28s %10.3f %10.3f %11.2fx %10.3f %10.3f %11.2fx\n", "0 again (reset)",
	       again.median_ms, again.p99_ms, again.p99_ms / s[0].p99_ms, again.cpu_median_ms,
	       again.cpu_p99_ms, again.median_ms / s[0].median_ms);
	printf("%-28s %10.3f %10.3f\n", "one deposit added", add.median_ms, add.p99_ms);
	printf("%-28s %10.3f %10.3f\n", "new layout, 10 000+ deposits", layout.median_ms,
	       layout.p99_ms);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	view_scene_free(scene);
	free(t);
	free(cpu);
	return 0;
}
