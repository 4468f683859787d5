/* bench-view: the live view's cost, under a private Xvfb (software
 * rendering, no vsync), in one run.
 *
 * 1. Pen sample to the frame that shows it: the window of the soft-hairline
 *    lesson (the module's own code, sim/view/view_window.c, linked here
 *    for its figures) with 0 (the reference), 1 000 and 10 000 deposits on
 *    screen; 1 000 pen samples posted at 200 Hz, each stamped with the
 *    monotonic clock as it is posted (as an evdev event is stamped by the
 *    kernel); for each, the time until SDL_RenderPresent() returns from the
 *    first frame that shows it. Median, p99, and their ratio to the
 *    reference.
 * 2. The session loop with the view on and off: the first SEGMENT_S of the
 *    shipped recording hairline-careful.evemu, paced at its own times, each
 *    sample through the simulator, the feedback and the audio queue (the
 *    session loop's own work: sim_session_step, feedback_commands, a push
 *    to a single-producer ring as audio_stream does), and with the view on,
 *    the pen and each event posted to an open window as practice does.
 *    Timed per sample that sends a cue: from the sample given to the loop
 *    to its cue pushed (event to cue). Rounds alternate off, on, off, on...
 *    so the machine's drift falls on both alike.
 *
 * Usage: bench-view [ROUNDS]   (default 4)
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feedback.h"
#include "lesson_fixture.h"
#include "pen_source.h"
#include "spsc_queue.h"
#include "view_window.h"
#include "x_display.h"

#define LESSON "soft-hairline"
#define RECORDING SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu"
#define PEN_SAMPLES 1000
#define PEN_GAP_US 5000
#define SEGMENT_S 8.0

static int64_t now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void sleep_until(int64_t when_us)
{
	int64_t left = when_us - now_us();

	if (left > 0) {
		struct timespec d = { left / 1000000, (long)(left % 1000000) * 1000 };

		nanosleep(&d, NULL);
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sorts @p v and gives its median and p99 in ms. */
static void quantiles(int64_t *v, size_t n, double *median, double *p99)
{
	qsort(v, n, sizeof(*v), cmp_i64);
	*median = n ? v[n / 2] / 1000.0 : NAN;
	*p99 = n ? v[(size_t)((double)(n - 1) * 0.99)] / 1000.0 : NAN;
}

struct fixture {
	struct lesson lesson;
	struct lesson_session ls;
	struct sim_setup sim;
	struct lesson_area area;
};

static void setup_of(struct fixture *f, struct view_setup *vs)
{
	memset(vs, 0, sizeof(*vs));
	vs->lesson = &f->lesson;
	vs->scalp = &f->ls.scalp;
	vs->sim = f->sim;
	vs->pad_width_mm = 224;
	vs->pad_height_mm = 148;
	vs->time_limit_s = f->lesson.time_limit_s;
	vs->target_dots = 700;
	vs->guide_ring = true;
	vs->title = "bench-view";
}

/* A view of @p vs. SDL's second and later connections to a busy Xvfb in
 * one process are sometimes refused: tried three times. */
static int open_view(const struct view_setup *vs, struct view **v)
{
	char why[512];
	int rc = -ENODEV;

	for (int i = 0; i < 3 && rc < 0; i++)
		if ((rc = view_window_open(vs, v, why, sizeof(why))) < 0)
			fprintf(stderr, "bench-view: %s\n", why);
	return rc;
}

static void wait_drained(struct view *v)
{
	while (!view_window_drained(v))
		sleep_until(now_us() + 1000);
}

/* Part 1 for @p deposits on screen: median and p99 of pen to present. */
static int pen_to_present(struct fixture *f, size_t deposits, double *median, double *p99,
			  unsigned long *frames)
{
	struct view_setup vs;
	struct view_window_stats st;
	struct view *v;
	char why[512];
	unsigned int seed = 12345;
	int rc;

	setup_of(f, &vs);
	if ((rc = open_view(&vs, &v)) < 0)
		return rc;
	for (size_t i = 0; i < deposits; i++) {
		struct deposit d = {
			.id = (uint32_t)i, .x_mm = f->area.x_mm + f->area.width_mm *
				(rand_r(&seed) / (double)RAND_MAX),
			.y_mm = f->area.y_mm + f->area.height_mm * (rand_r(&seed) / (double)RAND_MAX),
			.depth_mm = 0.8, .diameter_mm = 0.35, .blur_mm = 0.05, .skew_ratio = 1,
			.nearest_mm = -1, .depth_class = DEPOSIT_IN_BAND,
		};
		struct sim_event e = { .kind = SIM_DEPOSIT_FINISHED, .deposit = d.id,
				       .x_mm = d.x_mm, .y_mm = d.y_mm };

		d.region = scalp_region_at(&f->ls.scalp, d.x_mm, d.y_mm);
		view_window_post_event(v, &e, &d);
		if (i % 2000 == 1999)
			wait_drained(v);
	}
	wait_drained(v);
	for (size_t i = 0; i < PEN_SAMPLES; i++) {
		int64_t t = now_us();
		struct pen_sample s = { .time_us = (int64_t)i * PEN_GAP_US,
					.flags = PEN_IN_PROXIMITY };
		double a = (double)i / 50;

		view_window_post_pen(v, &s, f->area.x_mm + f->area.width_mm * (0.5 + 0.3 * cos(a)),
				     f->area.y_mm + f->area.height_mm * (0.5 + 0.3 * sin(a)));
		sleep_until(t + PEN_GAP_US);
	}
	view_window_stats(v, &st);
	quantiles(st.latency_us, st.latency_count, median, p99);
	*frames = st.frames;
	if (st.dropped || st.latency_count < PEN_SAMPLES * 9 / 10)
		fprintf(stderr, "bench-view: %lu dropped, %zu of %d pen samples timed\n",
			st.dropped, st.latency_count, PEN_SAMPLES);
	view_window_close(v, why, sizeof(why));
	return 0;
}

struct samples {
	struct pen_sample *s;
	size_t n;
};

static int read_segment(struct fixture *f, struct samples *out)
{
	struct pen_source_options o;
	struct pen_source *src;
	char err[PEN_SOURCE_ERROR_MAX];
	size_t room = 4096;
	int rc;

	memset(&o, 0, sizeof(o));
	(void)f;
	if ((rc = pen_source_open_recording(RECORDING, NULL, &o, &src, err, sizeof(err))) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		return rc;
	}
	out->n = 0;
	out->s = malloc(room * sizeof(*out->s));
	while (out->s && pen_source_next(src, &out->s[out->n], -1) == 1) {
		if (out->s[out->n].time_us > (int64_t)(SEGMENT_S * 1e6))
			break;
		if (++out->n == room)
			out->s = realloc(out->s, (room *= 2) * sizeof(*out->s));
	}
	pen_source_free(src);
	return out->s ? 0 : -ENOMEM;
}

/* Part 2, one round: event-to-cue times of the samples that sent a cue,
 * appended to @p t (room for n). */
static int loop_round(struct fixture *f, const struct samples *in, bool view_on,
		      int64_t *t, size_t *nt)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct audio_command cmd[FEEDBACK_MAX_COMMANDS];
	struct spsc_queue *audio;
	struct sim_session *sim;
	struct view_setup vs;
	struct view *v = NULL;
	struct feedback fb;
	char why[512];
	int64_t start;

	if (sim_session_new(&f->sim, &sim, why, sizeof(why)) < 0 ||
	    spsc_queue_new((size_t)1 << 20, sizeof(struct audio_command), &audio) < 0)
		return -ENOMEM;
	if (view_on) {
		setup_of(f, &vs);
		if (open_view(&vs, &v) < 0)
			return -ENODEV;
	}
	feedback_init(&fb, f->sim.scalp);
	start = now_us();
	for (size_t i = 0; i < in->n; i++) {
		const struct pen_sample *s = &in->s[i];
		int64_t t0;
		bool cue = false;
		int n;

		sleep_until(start + s->time_us);
		t0 = now_us();
		if (v)   /* the mapping is 1:1 at the origin in this lesson's set-up */
			view_window_post_pen(v, s, s->x_mm, s->y_mm);
		n = sim_session_step(sim, s, ev);
		for (int k = 0; k < n; k++) {
			if (v)
				view_window_post_event(v, &ev[k], ev[k].kind == SIM_DEPOSIT_FINISHED ?
						       sim_session_deposit(sim, ev[k].deposit) : NULL);
			for (size_t j = feedback_commands(&fb, &ev[k], cmd); j > 0; j--) {
				spsc_queue_push(audio, &cmd[j - 1]);
				cue = true;
			}
		}
		if (cue)
			t[(*nt)++] = now_us() - t0;
	}
	if (v)
		view_window_close(v, why, sizeof(why));
	spsc_queue_free(audio);
	sim_session_free(sim);
	return 0;
}

int main(int argc, char **argv)
{
	static const size_t counts[] = { 0, 1000, 10000 };
	int rounds = argc > 1 ? atoi(argv[1]) : 4;
	struct x_display x;
	struct fixture f;
	struct samples in;
	double med[3], p99[3];
	unsigned long frames;
	char err[1024];
	int64_t *off, *on;
	size_t n_off = 0, n_on = 0;

	if (lesson_fixture_load(SMPSIM_DATA_DIR, LESSON, NULL, 0, &f.lesson, &f.ls, err,
				sizeof(err)) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		return 1;
	}
	lesson_sim_setup(&f.lesson, &f.ls, 4.0, &f.lesson.mapping, &f.sim);
	lesson_work_area(&f.lesson, &f.ls.scalp, &f.area);
	if (x_display_start(&x, 1280, 1024) < 0) {
		fprintf(stderr, "bench-view: cannot start Xvfb\n");
		return 1;
	}
	setenv("DISPLAY", x.name, 1);
	unsetenv("WAYLAND_DISPLAY");
	printf("pen sample to present, 1024x768 window, %d samples at 200 Hz "
	       "(Xvfb, software rendering, no vsync)\n", PEN_SAMPLES);
	for (size_t i = 0; i < 3; i++) {
		if (pen_to_present(&f, counts[i], &med[i], &p99[i], &frames) < 0)
			goto fail;
		printf("  %6zu deposits: median %6.2f ms  p99 %6.2f ms  (%lu frames)", counts[i],
		       med[i], p99[i], frames);
		if (i)
			printf("  ratio to 0: median %.2f, p99 %.2f", med[i] / med[0],
			       p99[i] / p99[0]);
		printf("\n");
	}

	if (read_segment(&f, &in) < 0)
		goto fail;
	off = malloc(in.n * (size_t)rounds * sizeof(*off));
	on = malloc(in.n * (size_t)rounds * sizeof(*on));
	if (!off || !on)
		goto fail;
	for (int r = 0; r < rounds; r++)
		if (loop_round(&f, &in, false, off, &n_off) < 0 ||
		    loop_round(&f, &in, true, on, &n_on) < 0)
			goto fail;
	quantiles(off, n_off, &med[0], &p99[0]);
	quantiles(on, n_on, &med[1], &p99[1]);
	printf("session loop, event to cue pushed: the first %.0f s of %s at its own pace, "
	       "%d rounds each, interleaved\n", SEGMENT_S, "hairline-careful.evemu", rounds);
	printf("  view off: median %6.1f us  p99 %6.1f us  (%zu cues)\n", med[0] * 1000,
	       p99[0] * 1000, n_off);
	printf("  view on:  median %6.1f us  p99 %6.1f us  (%zu cues)  ratio on/off: "
	       "median %.2f, p99 %.2f\n", med[1] * 1000, p99[1] * 1000, n_on, med[1] / med[0],
	       p99[1] / p99[0]);
	x_display_stop(&x);
	return 0;
fail:
	x_display_stop(&x);
	return 1;
}
