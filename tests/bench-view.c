/* bench-view: the live view's cost, under a private Xvfb (software
 * rendering, no vsync), in one run.
 *
 * 1. Pen sample to the frame that shows it, the whole live path: the
 *    first LIVE_S of the shipped recording hairline-careful.evemu played
 *    at its own pace into an evdev node umockdev emulates
 *    (tests/umockdev_pen.c), each frame stamped with the monotonic clock
 *    as it is written (as the kernel stamps an event once libevdev asked
 *    for CLOCK_MONOTONIC: umockdev cannot answer that ioctl and passes the
 *    bytes written, times and all); read by pen_source (libevdev,
 *    rig/input/evdev_source.c) and assembled, stepped through the
 *    simulator by the session loop (sim/session/session_loop.c) and
 *    posted to the view by view_link as practice posts (through the
 *    module's table, sim/view/view_module.c, linked in with the window's
 *    code for its figures). For each pen sample, from its SYN_REPORT's
 *    timestamp to SDL_RenderPresent() returning from the first frame that
 *    shows it; and, for the break-down, from its post. With 0 (the
 *    reference), 1 000 and 10 000 deposits on screen (posted and drawn
 *    before the pen comes); median, p99, their ratio to the reference,
 *    and the budget: one frame interval of the display plus 4 ms.
 * 2. The session loop with the view on and off: the first SEGMENT_S of
 *    the same recording, paced at its own times, each sample through the
 *    simulator, the feedback and the audio queue (the session loop's own
 *    work: sim_session_step, feedback_commands, a push to a
 *    single-producer ring as audio_stream does), and with the view on,
 *    the pen and each event posted to an open window as practice does.
 *    Timed per sample that sends a cue: from the sample given to the loop
 *    to its cue pushed (event to cue). Rounds alternate off, on, off,
 *    on... so the machine's drift falls on both alike.
 *
 * Usage: bench-view [ROUNDS]   (default 4)
 * Needs libumockdev-preload; started without it, it runs itself again with.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_machine.h"
#include "feedback.h"
#include "lesson_fixture.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "session_loop.h"
#include "spsc_queue.h"
#include "umockdev_pen.h"
#include "view_link.h"
#include "view_window.h"
#include "x_display.h"

#define LESSON "soft-hairline"
#define RECORDING SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu"
#define QUIRKS SMPSIM_DATA_DIR "/devices/quirks.yaml"
#define LIVE_S 8.0
#define SEGMENT_S 8.0
/* smpsim's own share of the budget, on top of one frame interval. */
#define BUDGET_OWN_US 4000

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

/* @p n deposits at random places of the work area, posted and drawn. */
static void post_deposits(struct fixture *f, struct view *v, size_t n)
{
	unsigned int seed = 12345;

	for (size_t i = 0; i < n; i++) {
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
}

/* The recording's events, its first LIVE_S (whole frames). */
struct recording {
	struct pen_device dev;
	struct input_event *events;
	size_t count;
};

static int64_t event_us(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

static int read_recording(struct recording *r)
{
	char err[UMOCKDEV_PEN_ERROR_MAX];
	size_t keep = 0;

	if (umockdev_pen_read_recording(RECORDING, &r->dev, &r->events, &r->count, err,
					sizeof(err)) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		return -EIO;
	}
	for (size_t i = 0; i < r->count; i++) {
		if (event_us(&r->events[i]) - event_us(&r->events[0]) > (int64_t)(LIVE_S * 1e6))
			break;
		if (r->events[i].type == EV_SYN && r->events[i].code == SYN_REPORT)
			keep = i + 1;
	}
	r->count = keep;
	return keep ? 0 : -EINVAL;
}

/* A pen sample made at a SYN_REPORT: its session time (as the view is
 * given it) and the report's timestamp. */
struct stamp {
	int64_t session_us, event_us;
};

/* One live session with the view, the loop's hooks' context. */
struct live {
	struct view_link link;
	struct sim_session *sim;
	int64_t first_us;       /* the first event's timestamp: the assembler's origin */
	int64_t syn_us;         /* the last SYN_REPORT's */
	bool have_first;
	struct stamp *stamps;   /* in session time order */
	size_t n_stamps, room;
	size_t not_stamped;     /* samples of the assembler's idle timer */
};

static void on_raw_event(void *data, const struct input_event *ev)
{
	struct live *l = data;

	if (!l->have_first) {
		l->have_first = true;
		l->first_us = event_us(ev);
	}
	if (ev->type == EV_SYN && ev->code == SYN_REPORT)
		l->syn_us = event_us(ev);
}

/* As practice: the view is given session time, from the first sample. */
static void on_start(void *ctx, int64_t time_us)
{
	struct live *l = ctx;

	l->link.start_us = time_us;
}

static void on_sample(void *ctx, const struct pen_sample *s)
{
	struct live *l = ctx;

	if (l->first_us + s->time_us != l->syn_us)
		l->not_stamped++;
	else if (l->n_stamps < l->room)
		l->stamps[l->n_stamps++] = (struct stamp){ s->time_us - l->link.start_us,
							   l->syn_us };
	view_link_post_sample(&l->link, s);
}

static void on_event(void *ctx, const struct sim_event *e)
{
	struct live *l = ctx;

	view_link_post_event(&l->link, e, e->kind == SIM_DEPOSIT_FINISHED ?
			     sim_session_deposit(l->sim, e->deposit) : NULL);
}

/* The stamp of the sample at session time @p t, or NULL. */
static const struct stamp *stamp_at(const struct live *l, int64_t t)
{
	size_t lo = 0, hi = l->n_stamps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->stamps[mid].session_us < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n_stamps && l->stamps[lo].session_us == t ? &l->stamps[lo] : NULL;
}

struct live_result {
	double median, p99;           /* event timestamp to present, ms */
	double post_median, post_p99; /* post to present, ms */
	double read_median, read_p99; /* event timestamp to post, ms */
	double wake_median, wake_p99; /* post to the view's thread taking it, ms */
	double wait_median, wait_p99; /* post to its frame's start, ms */
	double draw_median, draw_p99; /* its frame's start to present, ms */
	size_t timed, samples, made;  /* samples timed, read, deposits made */
	unsigned long frames;
	int64_t frame_us;
	bool frame_told;
};

/* Part 1 for @p deposits on screen, the pen's quirks (its force) from
 * @p o as practice has them. */
static int pen_to_present(struct fixture *f, const struct recording *rec,
			  const struct pen_source_options *o, size_t deposits,
			  struct live_result *out)
{
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed = NULL;
	struct pen_source *src = NULL;
	struct session_loop loop;
	struct sim_setup setup;
	struct view_setup vs;
	struct view_window_stats st;
	struct live l;
	const struct session_loop_hooks hooks = { .sample = on_sample, .event = on_event,
						  .start = on_start, .ctx = &l };
	char err[UMOCKDEV_PEN_ERROR_MAX + PEN_SOURCE_ERROR_MAX];
	int64_t *lat = NULL, *post = NULL, *read = NULL, *wait = NULL, *draw = NULL;
	int64_t *wake = NULL;
	int rc = -1;

	memset(&l, 0, sizeof(l));
	memset(out, 0, sizeof(*out));
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&rec->dev, &idle, 1, &bed, err, sizeof(err)) < 0 ||
	    pen_source_open_device(umockdev_pen_bed_devnode(bed), o, &src, err,
				   sizeof(err)) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		goto out;
	}
	if (lesson_fixture_sim_setup(&f->lesson, &f->ls, src, &setup, NULL) < 0) {
		fprintf(stderr, "bench-view: the recording's pad cannot hold %s\n", LESSON);
		goto out;
	}
	setup_of(f, &vs);
	vs.sim = setup;
	vs.pad_width_mm = pen_source_geometry(src)->width_mm;
	vs.pad_height_mm = pen_source_geometry(src)->height_mm;
	l.room = rec->count;
	snprintf(err, sizeof(err), "out of memory");
	if (!(l.stamps = malloc(l.room * sizeof(*l.stamps))) ||
	    sim_session_new(&setup, &l.sim, err, sizeof(err)) < 0 ||
	    pen_source_add_event_hook(src, on_raw_event, &l) < 0) {
		fprintf(stderr, "bench-view: the session: %s\n", err);
		goto out;
	}
	for (int i = 0; i < 3; i++)   /* as open_view(): a busy Xvfb may refuse one */
		if ((rc = view_link_open_with(&l.link, smpsim_view_plugin(), &vs, err,
					      sizeof(err))) == 0)
			break;
	if (rc < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		goto out;
	}
	rc = -1;
	post_deposits(f, l.link.view, deposits);
	/* The window's first frames (llvmpipe compiling its shaders, pango
	 * loading the fonts) before the pen comes: a second of the clock's. */
	sleep_until(now_us() + 1000000);
	memset(&loop, 0, sizeof(loop));
	loop.pen = src;
	loop.sim = l.sim;
	loop.wait_pen = true;
	/* Ends at the idle tick after the last frame played. */
	loop.end_us = (int64_t)(LIVE_S * 1e6);
	if (umockdev_pen_bed_play_stamped(bed, rec->events, rec->count, -1, err,
					  sizeof(err)) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		goto out;
	}
	if (session_loop_run(&loop, &hooks) < 0) {
		fprintf(stderr, "bench-view: %s\n", pen_source_error(src) ?
			pen_source_error(src) : "the session loop failed");
		goto out;
	}
	view_window_stats(l.link.view, &st);
	lat = malloc((st.shown_count + 1) * sizeof(*lat));
	post = malloc((st.shown_count + 1) * sizeof(*post));
	read = malloc((st.shown_count + 1) * sizeof(*read));
	wait = malloc((st.shown_count + 1) * sizeof(*wait));
	draw = malloc((st.shown_count + 1) * sizeof(*draw));
	wake = malloc((st.shown_count + 1) * sizeof(*wake));
	if (!lat || !post || !read || !wait || !draw || !wake)
		goto out;
	for (size_t i = 0; i < st.shown_count; i++) {
		const struct view_window_shown *w = &st.shown[i];
		const struct stamp *at = stamp_at(&l, w->sample_us);

		if (!at)
			continue;
		lat[out->timed] = w->shown_us - at->event_us;
		post[out->timed] = w->shown_us - w->posted_us;
		wake[out->timed] = w->taken_us - w->posted_us;
		wait[out->timed] = w->begun_us - w->posted_us;
		draw[out->timed] = w->shown_us - w->begun_us;
		read[out->timed++] = w->posted_us - at->event_us;
	}
	quantiles(lat, out->timed, &out->median, &out->p99);
	quantiles(post, out->timed, &out->post_median, &out->post_p99);
	quantiles(read, out->timed, &out->read_median, &out->read_p99);
	quantiles(wake, out->timed, &out->wake_median, &out->wake_p99);
	quantiles(wait, out->timed, &out->wait_median, &out->wait_p99);
	quantiles(draw, out->timed, &out->draw_median, &out->draw_p99);
	out->samples = l.n_stamps + l.not_stamped;
	out->made = sim_session_deposit_count(l.sim);
	out->frames = st.frames;
	out->frame_us = st.frame_us;
	out->frame_told = st.frame_told;
	if (st.dropped || out->timed < l.n_stamps * 9 / 10)
		fprintf(stderr, "bench-view: %lu dropped, %zu of %zu pen samples timed\n",
			st.dropped, out->timed, l.n_stamps);
	rc = out->timed ? 0 : -1;
out:
	free(lat);
	free(post);
	free(read);
	free(wait);
	free(draw);
	free(wake);
	view_link_close(&l.link, NULL, 0);
	sim_session_free(l.sim);
	free(l.stamps);
	pen_source_free(src);
	umockdev_pen_bed_free(bed);
	return rc;
}

struct samples {
	struct pen_sample *s;
	size_t n;
};

static int read_segment(struct fixture *f, struct samples *out)
{
	struct pen_source_options o = { 0 };
	struct pen_source *src;
	char err[PEN_SOURCE_ERROR_MAX];
	size_t room = 4096;
	int rc;

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
	/* The reference again at the end: the machine's drift meanwhile. */
	static const size_t counts[] = { 0, 1000, 10000, 0 };
	const size_t runs = sizeof(counts) / sizeof(counts[0]);
	bool met = true;
	int rounds = argc > 1 ? atoi(argv[1]) : 4;
	struct x_display x;
	struct fixture f;
	struct recording rec = { .events = NULL };
	struct pen_source_options o;
	struct device_quirk *quirks = NULL;
	struct samples in = { NULL, 0 };
	struct live_result res[4];
	double med[2], p99[2], budget_ms;
	char err[1024], where[256];
	int64_t *off = NULL, *on = NULL;
	size_t n_off = 0, n_on = 0;
	int status = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!umockdev_pen_preloaded()) {
		int rc = umockdev_pen_exec_preloaded(argv);

		fprintf(stderr, "bench-view: cannot run under libumockdev-preload: %s\n",
			strerror(-rc));
		return 1;
	}
	if (rounds < 1 || rounds > 100) {
		fprintf(stderr, "usage: bench-view [ROUNDS (1..100)]\n");
		return 2;
	}
	if (lesson_fixture_load(SMPSIM_DATA_DIR, LESSON, NULL, 0, &f.lesson, &f.ls, err,
				sizeof(err)) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		return 1;
	}
	lesson_sim_setup(&f.lesson, &f.ls, 4.0, &f.lesson.mapping, &f.sim);
	lesson_work_area(&f.lesson, &f.ls.scalp, &f.area);
	memset(&o, 0, sizeof(o));
	if (quirks_load(QUIRKS, &quirks, &o.quirk_count, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench-view: %s\n", err);
		return 1;
	}
	o.quirks = quirks;
	if (read_recording(&rec) < 0)
		return 1;
	if (x_display_start(&x, 1280, 1024) < 0) {
		fprintf(stderr, "bench-view: cannot start Xvfb\n");
		return 1;
	}
	setenv("DISPLAY", x.name, 1);
	unsetenv("WAYLAND_DISPLAY");
	bench_machine(where, sizeof(where), true);
	printf("machine: %s\n", where);
	printf("pen sample to present: the first %.0f s of %s on an emulated evdev node, "
	       "1024x768 window (Xvfb, software rendering, no vsync)\n", LIVE_S,
	       "hairline-careful.evemu");
	for (size_t i = 0; i < runs; i++) {
		if (pen_to_present(&f, &rec, &o, counts[i], &res[i]) < 0)
			goto out;
		printf("  %5zu deposits%s: event to present median %6.2f ms  p99 %6.2f ms", counts[i],
		       i == runs - 1 ? " (again)" : "", res[i].median, res[i].p99);
		met &= res[i].p99 <= (res[i].frame_us + BUDGET_OWN_US) / 1000.0;
		if (i)
			printf("  (ratio to 0: median %.2f, p99 %.2f)", res[i].median / res[0].median,
			       res[i].p99 / res[0].p99);
		printf("\n    of it: event to post     median %5.2f ms  p99 %6.2f ms\n"
		       "           post to present   median %5.2f ms  p99 %6.2f ms\n"
		       "           (post to taken    median %5.2f ms  p99 %6.2f ms;\n"
		       "            post to frame    median %5.2f ms  p99 %6.2f ms;\n"
		       "            frame to present median %5.2f ms  p99 %6.2f ms)\n"
		       "    %zu of %zu samples timed, %zu deposits made, %lu frames\n",
		       res[i].read_median, res[i].read_p99, res[i].post_median, res[i].post_p99,
		       res[i].wake_median, res[i].wake_p99,
		       res[i].wait_median, res[i].wait_p99, res[i].draw_median, res[i].draw_p99,
		       res[i].timed, res[i].samples, res[i].made, res[i].frames);
	}
	budget_ms = (res[0].frame_us + BUDGET_OWN_US) / 1000.0;
	printf("  budget at p99: one frame interval %.1f ms (%s) + %.0f ms = %.1f ms: %s\n",
	       res[0].frame_us / 1000.0, res[0].frame_told ? "the display's refresh rate" :
	       "60 Hz assumed: the display tells no refresh rate", BUDGET_OWN_US / 1000.0,
	       budget_ms, met ? "met" : "NOT met");

	if (read_segment(&f, &in) < 0)
		goto out;
	off = malloc(in.n * (size_t)rounds * sizeof(*off));
	on = malloc(in.n * (size_t)rounds * sizeof(*on));
	if (!off || !on)
		goto out;
	for (int r = 0; r < rounds; r++)
		if (loop_round(&f, &in, false, off, &n_off) < 0 ||
		    loop_round(&f, &in, true, on, &n_on) < 0)
			goto out;
	quantiles(off, n_off, &med[0], &p99[0]);
	quantiles(on, n_on, &med[1], &p99[1]);
	printf("session loop, event to cue pushed: the first %.0f s of %s at its own pace, "
	       "%d rounds each, interleaved\n", SEGMENT_S, "hairline-careful.evemu", rounds);
	printf("  view off: median %6.1f us  p99 %6.1f us  (%zu cues)\n", med[0] * 1000,
	       p99[0] * 1000, n_off);
	printf("  view on:  median %6.1f us  p99 %6.1f us  (%zu cues)  ratio on/off: "
	       "median %.2f, p99 %.2f\n", med[1] * 1000, p99[1] * 1000, n_on, med[1] / med[0],
	       p99[1] / p99[0]);
	bench_machine(where, sizeof(where), true);
	printf("machine at the end: %s\n", where);
	status = 0;
out:
	free(off);
	free(on);
	free(in.s);
	free(rec.events);
	free(quirks);
	x_display_stop(&x);
	return status;
}
