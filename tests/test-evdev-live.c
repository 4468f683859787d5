/* test-evdev-live: the live input path (libevdev on /dev/input/eventN,
 * evdev_source, pen_source, `smpsim record` and `smpsim devices`) on nodes
 * emulated by umockdev, with exact expected values.
 *
 * Each case builds a testbed with umockdev_pen from a pen_device (read from
 * a real recording, or written here as a table), opens the node through
 * the unmodified code, then starts the events: a feeder thread writes them
 * into the node, never more than its buffer holds unread (a fuller one
 * splits events), paced by their times or in lockstep with the reader.
 * Nothing here depends on the machine's speed: every wait is for a
 * condition, bounded only to fail instead of hanging. Cases:
 *  - the three real recordings give, live, exactly the samples their replay
 *    gives (every field, times relative to the first event in both); where
 *    a loaded machine delivered a frame later than the proximity timeout
 *    (the live path then rightly forces a proximity-out a kernel's stamps
 *    would not have caused), the samples equal those of the same events
 *    with that silence in them, and each such out followed real silence;
 *  - SYN_DROPPED in contact and while hovering, with libevdev's resync
 *    answered by ioctl states that differ from the stream: no phantom
 *    contact, none lost, the exact samples around each resync;
 *  - an unplug after N frames: exactly those frames' samples, then -ENODEV;
 *  - `smpsim record` in a child process under the same testbed writes what
 *    was played, `record` keeps an existing file, `devices` lists the node.
 * The program must run with libumockdev-preload (ctest's umockdev-wrapper);
 * started bare, it runs itself again that way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "evemu_reader.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "recording_file.h"
#include "tmp_files.h"
#include "umockdev_pen.h"

#define QUIRKS SMPSIM_DATA_DIR "/devices/quirks.yaml"
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name
#define CINTIQ FIX("wacom-cintiq-13hd-pen.evemu")
#define UCLOGIC FIX("uc-logic-wp5540u-pen.evemu")
#define GENIUS_DESC FIX("genius-easypen-i405x.desc")
#define GENIUS_EVENTS FIX("genius-easypen-i405x.events")

/* How long one pen_source_next() may wait on the live node. */
#define LIVE_TIMEOUT_MS 10
/* Silence after the last sample that shows no more come: longer than the
 * assembler's 50 ms proximity timeout plus a live idle tick. Only a check
 * for extra samples; the expected ones are waited for. */
#define QUIET_MS 300
/* A bound on any wait for a condition, to fail instead of hanging: not a
 * pace (the slowest case takes 11 s at the recorded speed). */
#define STALL_US (120 * 1000000LL)
/* What may wait unread in the emulated node: under its 4095-byte buffer,
 * in whole events (see umockdev_pen_bed_writer_fd()). */
#define NODE_ROOM_EVENTS 168

/* The shipped quirks, as the program uses them (loaded in main). */
static struct device_quirk *shipped;
static size_t shipped_count;

/* ---- recordings and samples ---- */

struct samples {
	struct pen_sample *s;
	size_t count, cap;
	size_t down_edges, up_edges, forced;
};

static void add_sample(struct samples *list, const struct pen_sample *s)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 256;
		list->s = realloc(list->s, list->cap * sizeof(*s));
		assert_non_null(list->s);
	}
	list->s[list->count++] = *s;
	list->down_edges += (s->flags & PEN_TIP_DOWN_EDGE) != 0;
	list->up_edges += (s->flags & PEN_TIP_UP_EDGE) != 0;
	list->forced += (s->flags & PEN_SYNTHESIZED) != 0;
}

static void free_samples(struct samples *list)
{
	free(list->s);
	memset(list, 0, sizeof(*list));
}

static void init_options(struct pen_source_options *o, double pad_w, double pad_h)
{
	memset(o, 0, sizeof(*o));
	o->quirks = shipped;
	o->quirk_count = shipped_count;
	o->pad_size.width_mm = pad_w;
	o->pad_size.height_mm = pad_h;
}

/* Every sample of a replay, and its raw event count. */
static void replay(const char *path, const char *desc,
		   const struct pen_source_options *options,
		   struct samples *out, unsigned long *events)
{
	struct pen_source *src;
	struct pen_sample s;
	char err[PEN_SOURCE_ERROR_MAX];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = pen_source_open_recording(path, desc, options, &src, err, sizeof(err));
	if (rc < 0)
		fail_msg("%s", err);
	while ((rc = pen_source_next(src, &s, -1)) == 1)
		add_sample(out, &s);
	assert_int_equal(rc, -ENODATA);
	if (events)
		*events = pen_source_event_count(src);
	pen_source_free(src);
}

static void print_sample(const char *label, size_t i, const struct pen_sample *s)
{
	print_message("%s[%zu]: t=%lld x=%.17g y=%.17g p=%.17g tilt=%.17g,%.17g "
		      "tool=%d flags=%#x\n", label, i, (long long)s->time_us,
		      s->x_mm, s->y_mm, s->pressure, s->tilt_x_deg, s->tilt_y_deg,
		      (int)s->tool, (unsigned int)s->flags);
}

/* Every field is compared: a new field must be added here (and this
 * size updated) or the build stops. */
_Static_assert(sizeof(struct pen_sample) == 8 + 5 * sizeof(double) + 4 + 4,
	       "struct pen_sample changed: compare its new fields in same_sample()");

static bool same_sample(const struct pen_sample *a, const struct pen_sample *b)
{
	return a->time_us == b->time_us && a->x_mm == b->x_mm &&
	       a->y_mm == b->y_mm && a->pressure == b->pressure &&
	       a->tilt_x_deg == b->tilt_x_deg && a->tilt_y_deg == b->tilt_y_deg &&
	       a->tool == b->tool && a->flags == b->flags;
}

/* Fails at the first sample that differs in any field, showing both. */
static void assert_same_samples(const struct samples *want,
				const struct samples *got, const char *what)
{
	size_t n = want->count < got->count ? want->count : got->count;

	for (size_t i = 0; i < n; i++) {
		if (same_sample(&want->s[i], &got->s[i]))
			continue;
		if (i > 0)
			print_sample("expected", i - 1, &want->s[i - 1]);
		print_sample("expected", i, &want->s[i]);
		print_sample("got     ", i, &got->s[i]);
		fail_msg("%s: sample %zu of %zu differs", what, i, want->count);
	}
	if (want->count != got->count)
		fail_msg("%s: %zu samples, expected %zu", what, got->count, want->count);
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int64_t event_us(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

/* When each raw event was read (our clock) and its own time, to tell
 * afterwards whether the emulated device kept to its timestamps. */
struct delivery_log {
	int64_t *read_us, *event_us;
	bool *frame_end;
	size_t count, cap;
	/* For the feeder thread: events and SYN_REPORTs read so far. */
	atomic_size_t read, reports;
};

static void log_event(void *data, const struct input_event *ev)
{
	struct delivery_log *log = data;
	bool report = ev->type == EV_SYN && ev->code == SYN_REPORT;

	atomic_fetch_add(&log->read, 1);
	if (report)
		atomic_fetch_add(&log->reports, 1);
	if (log->count == log->cap)
		return; /* more events than played: the comparison fails anyway */
	log->read_us[log->count] = now_us();
	log->event_us[log->count] = event_us(ev);
	log->frame_end[log->count] = report;
	log->count++;
}

static void init_log(struct delivery_log *log, size_t cap)
{
	log->read_us = calloc(cap, sizeof(*log->read_us));
	log->event_us = calloc(cap, sizeof(*log->event_us));
	log->frame_end = calloc(cap, sizeof(*log->frame_end));
	assert_true(log->read_us && log->event_us && log->frame_end);
	log->count = 0;
	log->cap = cap;
	atomic_init(&log->read, 0);
	atomic_init(&log->reports, 0);
}

static void free_log(struct delivery_log *log)
{
	free(log->read_us);
	free(log->event_us);
	free(log->frame_end);
	memset(log, 0, sizeof(*log));
}

/*
 * Frames umockdev delivered so late that a live idle tick was entitled to
 * force a proximity-out the recording does not have: the gap before them
 * is at most @p timeout_us by their timestamps, but more on our clock.
 * A real kernel cannot do this (it stamps an event when the event becomes
 * readable); umockdev's writer thread, delayed by a busy machine, can.
 * @return how many; the first one is described in @p what.
 */
static size_t late_frames(const struct delivery_log *log, int64_t timeout_us,
			  char *what, size_t what_size)
{
	size_t late = 0;

	for (size_t i = 1; i < log->count; i++) {
		int64_t recorded, delivered;

		if (!log->frame_end[i - 1])
			continue;
		recorded = log->event_us[i] - log->event_us[i - 1];
		delivered = log->read_us[i] - log->read_us[i - 1];
		if (recorded > timeout_us || delivered <= timeout_us)
			continue;
		if (late++ == 0)
			snprintf(what, what_size, "the frame stamped %.3f ms came "
				 "%.3f ms after the one before, by its stamps %.3f ms",
				 (log->event_us[i] - log->event_us[0]) / 1000.0,
				 delivered / 1000.0, recorded / 1000.0);
	}
	return late;
}

static void sleep_us(int64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- the feeder: events into the node ---- */

enum feed_pace {
	FEED_PACED,    /* at the events' own times (the live path's idle
			* timer sees the recorded silences) */
	FEED_LOCKSTEP, /* a frame once the reader has read everything before
			* it, and after a SYN_DROPPED also libevdev's resync */
};

struct feeder {
	struct umockdev_pen_bed *bed;
	const struct input_event *events;
	size_t count;
	enum feed_pace pace;
	struct delivery_log *log;
	pthread_t thread;
	char error[160];
};

/* Waits until @p done says so; false after STALL_US without it. */
static bool wait_for(bool (*done)(const struct feeder *f, size_t arg),
		     const struct feeder *f, size_t arg)
{
	int64_t give_up = now_us() + STALL_US;

	while (!done(f, arg)) {
		if (now_us() > give_up)
			return false;
		sleep_us(500);
	}
	return true;
}

/* Room in the node for @p arg more events beside what is unread. */
static bool node_has_room(const struct feeder *f, size_t arg)
{
	return atomic_load(&f->log->read) + NODE_ROOM_EVENTS >= arg;
}

/* The reader has read every SYN_REPORT written, and one more per
 * SYN_DROPPED (the resync's frame): @p arg is that count. */
static bool reader_caught_up(const struct feeder *f, size_t arg)
{
	return atomic_load(&f->log->reports) >= arg;
}

static void *feed(void *data)
{
	struct feeder *f = data;
	int fd = umockdev_pen_bed_writer_fd(f->bed);
	int64_t start = now_us(), origin = f->count ? event_us(&f->events[0]) : 0;
	size_t written = 0, reports = 0;

	while (written < f->count) {
		size_t end = written;

		while (end < f->count &&
		       !(f->events[end].type == EV_SYN &&
			 (f->events[end].code == SYN_REPORT || f->events[end].code == SYN_DROPPED)))
			end++;
		end = end < f->count ? end + 1 : end;
		if (f->pace == FEED_PACED) {
			int64_t due = start + event_us(&f->events[written]) - origin;

			if (now_us() < due)
				sleep_us(due - now_us());
		} else if (!wait_for(reader_caught_up, f, reports)) {
			snprintf(f->error, sizeof(f->error), "the reader stopped at "
				 "%zu SYN_REPORTs of %zu", atomic_load(&f->log->reports), reports);
			return NULL;
		}
		if (!wait_for(node_has_room, f, end)) {
			snprintf(f->error, sizeof(f->error), "the reader stopped at "
				 "event %zu of %zu", atomic_load(&f->log->read), f->count);
			return NULL;
		}
		for (; written < end; written++) {
			const struct input_event *ev = &f->events[written];

			if (write(fd, ev, sizeof(*ev)) != (ssize_t)sizeof(*ev)) {
				snprintf(f->error, sizeof(f->error), "writing to the node: %s",
					 strerror(errno));
				return NULL;
			}
			if (ev->type == EV_SYN)
				reports += ev->code == SYN_REPORT ? 1 :
					   ev->code == SYN_DROPPED ? 1 : 0;
		}
	}
	return NULL;
}

static void feeder_start(struct feeder *f, struct umockdev_pen_bed *bed,
			 const struct input_event *events, size_t count,
			 enum feed_pace pace, struct delivery_log *log)
{
	f->bed = bed;
	f->events = events;
	f->count = count;
	f->pace = pace;
	f->log = log;
	f->error[0] = '\0';
	assert_int_equal(pthread_create(&f->thread, NULL, feed, f), 0);
}

static void feeder_join(struct feeder *f)
{
	assert_int_equal(pthread_join(f->thread, NULL), 0);
	if (f->error[0])
		fail_msg("feeding the node: %s", f->error);
}

/* ---- the reader ---- */

/* A sample the live path made at an idle tick: after how many events, and
 * how long after the last one was read (our clock). */
struct idle_out {
	size_t after_events;
	int64_t silence_us;
};

struct live_run {
	struct samples got;
	struct idle_out idle[256];
	size_t n_idle;
};

/* Reads @p src until every one of @p events has been read and, when
 * @p trailing_out, a proximity-out came after the last; then QUIET_MS more
 * (nothing may come). Fails after STALL_US without progress. */
static void collect_live(struct pen_source *src, struct delivery_log *log,
			 unsigned long events, bool trailing_out, struct live_run *run)
{
	int64_t give_up = now_us() + STALL_US, quiet_end;
	struct pen_sample s;
	int rc;

	memset(run, 0, sizeof(*run));
	for (;;) {
		unsigned long before = pen_source_event_count(src);
		bool all = before >= events;

		if (all && (!trailing_out ||
			    (run->got.count &&
			     (run->got.s[run->got.count - 1].flags & PEN_PROXIMITY_OUT))))
			break;
		if (now_us() > give_up)
			fail_msg("live: %lu of %lu events read, %zu samples, in %lld s",
				 before, events, run->got.count, STALL_US / 1000000);
		rc = pen_source_next(src, &s, LIVE_TIMEOUT_MS);
		if (rc < 0)
			fail_msg("pen_source_next: %s (%s)", strerror(-rc),
				 pen_source_error(src) ? pen_source_error(src) : "");
		if (rc == 0)
			continue;
		give_up = now_us() + STALL_US;
		add_sample(&run->got, &s);
		if (pen_source_event_count(src) == before && (s.flags & PEN_SYNTHESIZED) &&
		    run->n_idle < sizeof(run->idle) / sizeof(run->idle[0])) {
			run->idle[run->n_idle].after_events = before;
			run->idle[run->n_idle].silence_us =
				before ? now_us() - log->read_us[before - 1] : 0;
			run->n_idle++;
		}
	}
	quiet_end = now_us() + QUIET_MS * 1000;
	while (now_us() < quiet_end) {
		rc = pen_source_next(src, &s, LIVE_TIMEOUT_MS);
		assert_true(rc >= 0);
		if (rc == 1)
			add_sample(&run->got, &s);
	}
}

/* A state with nothing held: what every node reports when opened here, so
 * that pen_source_open_device() seeds no frame of its own. */
static struct umockdev_pen_state idle_state(void)
{
	struct umockdev_pen_state st;

	umockdev_pen_state_init(&st);
	return st;
}

static struct umockdev_pen_bed *new_bed(const struct pen_device *dev,
					const struct umockdev_pen_state *states,
					size_t n_states)
{
	struct umockdev_pen_bed *bed;
	char err[UMOCKDEV_PEN_ERROR_MAX];

	if (umockdev_pen_bed_new(dev, states, n_states, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return bed;
}

static void play(struct umockdev_pen_bed *bed, const struct input_event *evs,
		 size_t count, int64_t frame_gap_us)
{
	char err[UMOCKDEV_PEN_ERROR_MAX];

	if (umockdev_pen_bed_play(bed, evs, count, frame_gap_us, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

static struct pen_source *open_live(const char *node,
				    const struct pen_source_options *options)
{
	struct pen_source *src;
	char err[PEN_SOURCE_ERROR_MAX];

	if (pen_source_open_device(node, options, &src, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return src;
}

/* ---- (a) live and replay give the same samples ---- */

struct fixture_case {
	const char *path, *desc;
	double pad_w, pad_h;
	/* What the replay gives (checked too, so a change in the assembler
	 * shows here as well as in test-pen-assembler). */
	size_t samples, down_edges, forced;
	unsigned long events;
};

/* The samples of @p events through a fresh assembler with @p src's
 * settings, with the idle ticks at which the live run forced a
 * proximity-out put in at the same places: what the live path must give
 * for the silences it actually saw. */
static void reference(struct pen_source *src, const struct input_event *events,
		      size_t count, const struct live_run *run, struct samples *out)
{
	struct pen_assembler *pa;
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	size_t idle = 0, n;
	struct timeval far = { (time_t)1 << 40, 0 };

	memset(out, 0, sizeof(*out));
	assert_int_equal(pen_assembler_new(pen_source_device(src), pen_source_geometry(src),
					   &pen_source_settings(src)->assembler, &pa), 0);
	for (size_t i = 0; i <= count; i++) {
		for (; idle < run->n_idle && run->idle[idle].after_events == i; idle++) {
			assert_int_equal(pen_assembler_idle(pa, &far, s), 1);
			add_sample(out, &s[0]);
		}
		if (i == count)
			break;
		n = pen_assembler_push(pa, &events[i], s);
		for (size_t k = 0; k < n; k++)
			add_sample(out, &s[k]);
	}
	n = pen_assembler_finish(pa, s);
	for (size_t k = 0; k < n; k++)
		add_sample(out, &s[k]);
	pen_assembler_free(pa);
}

static void check_live_equals_replay(const struct fixture_case *c)
{
	struct recording rec;
	struct pen_source_options options;
	struct samples want, ref;
	unsigned long want_events;
	struct umockdev_pen_state st = idle_state();
	struct umockdev_pen_bed *bed;
	struct pen_source *src;
	struct delivery_log log;
	struct feeder feeder;
	struct live_run run;
	int64_t timeout_us;
	size_t late;
	char what[160] = "";

	recording_load(c->path, c->desc, &rec);
	init_options(&options, c->pad_w, c->pad_h);
	replay(c->path, c->desc, &options, &want, &want_events);
	assert_int_equal(want.count, c->samples);
	assert_int_equal(want.down_edges, c->down_edges);
	assert_int_equal(want.forced, c->forced);
	assert_int_equal(want_events, c->events);
	assert_int_equal(rec.count, c->events);

	bed = new_bed(&rec.dev, &st, 1);
	src = open_live(umockdev_pen_bed_devnode(bed), &options);
	timeout_us = pen_source_settings(src)->assembler.proximity_timeout_us;
	init_log(&log, rec.count);
	pen_source_add_event_hook(src, log_event, &log);
	feeder_start(&feeder, bed, rec.events, rec.count, FEED_PACED, &log);
	collect_live(src, &log, rec.count,
		     (want.s[want.count - 1].flags & PEN_SYNTHESIZED) != 0, &run);
	feeder_join(&feeder);
	assert_int_equal(pen_source_event_count(src), c->events);
	late = late_frames(&log, timeout_us, what, sizeof(what));

	/* Each out the live path forced at an idle tick followed at least the
	 * proximity timeout of silence on our clock. */
	for (size_t i = 0; i < run.n_idle; i++)
		/* (1 ms for the two clock readings being a little apart) */
		if (run.idle[i].silence_us < timeout_us - 1000)
			fail_msg("%s: an idle proximity-out after %lld us of silence "
				 "(timeout %lld us)", c->path,
				 (long long)run.idle[i].silence_us, (long long)timeout_us);
	/* The live samples are exactly those of the events with the silences
	 * the live path saw; with no frame delivered late (a kernel stamps an
	 * event when it becomes readable, so on hardware none is), exactly
	 * the replay's. */
	reference(src, rec.events, rec.count, &run, &ref);
	assert_same_samples(&ref, &run.got, c->path);
	if (late)
		print_message("%s: %zu frames delivered late by the loaded machine "
			      "(first: %s); compared with the same silences\n",
			      c->path, late, what);
	else
		assert_same_samples(&want, &run.got, c->path);

	pen_source_free(src);
	umockdev_pen_bed_free(bed);
	free_log(&log);
	free_samples(&want);
	free_samples(&ref);
	free_samples(&run.got);
	recording_free(&rec);
}

static void test_live_equals_replay_cintiq(void **state)
{
	/* Wacom: proximity-out is sent, never forced. */
	static const struct fixture_case c = {
		CINTIQ, NULL, 0, 0, 79, 2, 0, 425,
	};

	(void)state;
	check_live_equals_replay(&c);
}

static void test_live_equals_replay_uclogic(void **state)
{
	/* UC-Logic: no proximity events at all; every out is forced. */
	static const struct fixture_case c = {
		UCLOGIC, NULL, 0, 0, 520, 1, 14, 1458,
	};

	(void)state;
	check_live_equals_replay(&c);
}

static void test_live_equals_replay_genius(void **state)
{
	/* Genius: no resolution (pad size given), forced outs until its one
	 * real proximity-out is seen. */
	static const struct fixture_case c = {
		GENIUS_EVENTS, GENIUS_DESC, 139.7, 101.6, 1125, 0, 13, 2421,
	};

	(void)state;
	check_live_equals_replay(&c);
}

/* ---- (b) SYN_DROPPED and libevdev's resync ---- */

/* A pen written as a table: Wacom's vendor id (the quirks file says it
 * sends proximity-out, so no out is ever forced and the long gaps after
 * each drop change nothing), 200 x 125 mm at 100 units/mm, pressure
 * 0..1023 (tip down at 52, up at 10), no tilt. */
static void crafted_device(struct pen_device *dev)
{
	static const struct {
		unsigned int code;
		int32_t min, max, res;
	} axes[] = {
		{ ABS_X, 0, 20000, 100 },
		{ ABS_Y, 0, 12500, 100 },
		{ ABS_PRESSURE, 0, 1023, 0 },
	};
	static const unsigned int keys[] = { BTN_TOOL_PEN, BTN_TOUCH, BTN_STYLUS };

	pen_device_init(dev);
	snprintf(dev->name, sizeof(dev->name), "smpsim crafted pen");
	dev->id.bustype = BUS_USB;
	dev->id.vendor = 0x056a;
	dev->id.product = 0x5350;
	dev->id.version = 1;
	for (size_t i = 0; i < sizeof(axes) / sizeof(axes[0]); i++) {
		assert_int_equal(pen_device_enable(dev, EV_ABS, axes[i].code), 0);
		dev->abs[axes[i].code].minimum = axes[i].min;
		dev->abs[axes[i].code].maximum = axes[i].max;
		dev->abs[axes[i].code].resolution = axes[i].res;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_int_equal(pen_device_enable(dev, EV_KEY, keys[i]), 0);
}

struct timed_event {
	int64_t us;
	uint16_t type, code;
	int32_t value;
};

#define DROP(ms) { (ms) * 1000, EV_SYN, SYN_DROPPED, 0 }
#define SYN(ms) { (ms) * 1000, EV_SYN, SYN_REPORT, 0 }
#define ABS(ms, code, v) { (ms) * 1000, EV_ABS, ABS_##code, (v) }
#define KEY(ms, code, v) { (ms) * 1000, EV_KEY, code, (v) }

/* Frames 5 ms apart; each SYN_DROPPED stands where the kernel puts it,
 * between two frames, and is followed by 100 ms of silence, so that
 * libevdev's resync (it discards whatever is already readable) finds
 * nothing to discard whatever the scheduling. */
static const struct timed_event drop_stream[] = {
	ABS(0, X, 1000), ABS(0, Y, 1000), KEY(0, BTN_TOOL_PEN, 1), SYN(0),
	ABS(5, X, 1010), SYN(5),
	ABS(10, X, 1020), ABS(10, PRESSURE, 200), KEY(10, BTN_TOUCH, 1), SYN(10),
	ABS(15, X, 1030), ABS(15, PRESSURE, 300), SYN(15),
	DROP(20),                 /* in contact; the resync says: still pressed */
	ABS(120, X, 1210), ABS(120, PRESSURE, 340), SYN(120),
	ABS(125, PRESSURE, 5), KEY(125, BTN_TOUCH, 0), SYN(125),
	ABS(130, X, 1300), SYN(130),
	DROP(135),                /* hovering; the resync says BTN_TOUCH, pressure 30 */
	ABS(235, X, 1410), ABS(235, PRESSURE, 0), KEY(235, BTN_TOUCH, 0), SYN(235),
	DROP(240),                /* hovering; the resync says pressed, pressure 500 */
	ABS(340, X, 1510), ABS(340, PRESSURE, 480), SYN(340),
	ABS(345, PRESSURE, 0), KEY(345, BTN_TOUCH, 0), SYN(345),
	KEY(350, BTN_TOOL_PEN, 0), SYN(350),
};

static void to_input_events(const struct timed_event *t, size_t n,
			    struct input_event *out)
{
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].input_event_sec = (time_t)(t[i].us / 1000000);
		out[i].input_event_usec = (suseconds_t)(t[i].us % 1000000);
		out[i].type = t[i].type;
		out[i].code = t[i].code;
		out[i].value = t[i].value;
	}
}

static struct umockdev_pen_state pen_state(bool tool, bool touch, int32_t x,
					   int32_t y, int32_t pressure)
{
	struct umockdev_pen_state st;

	umockdev_pen_state_init(&st);
	umockdev_pen_state_set_key(&st, BTN_TOOL_PEN, tool);
	umockdev_pen_state_set_key(&st, BTN_TOUCH, touch);
	umockdev_pen_state_set_abs(&st, ABS_X, x);
	umockdev_pen_state_set_abs(&st, ABS_Y, y);
	umockdev_pen_state_set_abs(&st, ABS_PRESSURE, pressure);
	return st;
}

#define IN PEN_IN_PROXIMITY
#define DOWN PEN_TIP_DOWN
#define S(ms, x, y, p, flags) { (ms) * 1000LL, x, y, p, 0, 0, PEN_TOOL_PEN, flags }

static void test_syn_dropped_resync(void **state)
{
	/* What EVIOCGKEY/EVIOCGABS say: at open (nothing), then at each of
	 * the three resyncs, in order. */
	const struct umockdev_pen_state states[] = {
		idle_state(),
		pen_state(true, true, 1200, 1100, 350),
		pen_state(true, true, 1400, 1150, 30),
		pen_state(true, true, 1500, 1200, 500),
	};
	/* Every sample, resyncs marked. Pressure is value / 1023. */
	const struct pen_sample expected[] = {
		S(0, 10.0, 10.0, 0.0, IN | PEN_PROXIMITY_IN),
		S(5, 10.1, 10.0, 0.0, IN),
		S(10, 10.2, 10.0, 200 / 1023.0, IN | DOWN | PEN_TIP_DOWN_EDGE),
		S(15, 10.3, 10.0, 300 / 1023.0, IN | DOWN),
		/* resync 1 at the drop's time: same contact, moved, no edge */
		S(20, 12.0, 11.0, 350 / 1023.0, IN | DOWN),
		S(120, 12.1, 11.0, 340 / 1023.0, IN | DOWN),
		S(125, 12.1, 11.0, 5 / 1023.0, IN | PEN_TIP_UP_EDGE),
		S(130, 13.0, 11.0, 5 / 1023.0, IN),
		/* resync 2: BTN_TOUCH pressed but 30 < 52: no phantom contact */
		S(135, 14.0, 11.5, 30 / 1023.0, IN),
		S(235, 14.1, 11.5, 0.0, IN),
		/* resync 3: the pen touched while events were lost: the
		 * contact starts here and is not lost */
		S(240, 15.0, 12.0, 500 / 1023.0, IN | DOWN | PEN_TIP_DOWN_EDGE),
		S(340, 15.1, 12.0, 480 / 1023.0, IN | DOWN),
		S(345, 15.1, 12.0, 0.0, IN | PEN_TIP_UP_EDGE),
		S(350, 15.1, 12.0, 0.0, PEN_PROXIMITY_OUT),
	};
	const size_t n_events = sizeof(drop_stream) / sizeof(drop_stream[0]);
	const size_t n_expected = sizeof(expected) / sizeof(expected[0]);
	struct input_event events[sizeof(drop_stream) / sizeof(drop_stream[0])];
	struct pen_device dev;
	struct pen_source_options options;
	struct umockdev_pen_bed *bed;
	struct pen_source *src;
	struct samples want = { 0 };
	struct delivery_log log;
	struct feeder feeder;
	struct live_run run;

	(void)state;
	crafted_device(&dev);
	to_input_events(drop_stream, n_events, events);
	for (size_t i = 0; i < n_expected; i++)
		add_sample(&want, &expected[i]);
	assert_int_equal(want.down_edges, 2);
	assert_int_equal(want.up_edges, 2);

	init_options(&options, 0, 0);
	bed = new_bed(&dev, states, sizeof(states) / sizeof(states[0]));
	src = open_live(umockdev_pen_bed_devnode(bed), &options);
	/* In lockstep: each frame once the reader has read the one before and,
	 * after a drop, libevdev's resync (which discards whatever is already
	 * readable, so a frame written during it would be lost). */
	init_log(&log, n_events + 4 + 5 + 5);
	pen_source_add_event_hook(src, log_event, &log);
	feeder_start(&feeder, bed, events, n_events, FEED_LOCKSTEP, &log);
	collect_live(src, &log, n_events + 4 + 5 + 5, true, &run);
	feeder_join(&feeder);

	assert_same_samples(&want, &run.got, "SYN_DROPPED stream");
	assert_int_equal(run.got.down_edges, 2); /* contacts: no phantom, none lost */
	assert_int_equal(run.got.up_edges, 2);
	assert_int_equal(run.got.forced, 0);
	/* The stream's 40 events, and libevdev's resync events: 3 + SYN,
	 * then BTN_TOUCH + 3 + SYN twice. */
	assert_int_equal(pen_source_event_count(src), n_events + 4 + 5 + 5);

	pen_source_free(src);
	umockdev_pen_bed_free(bed);
	free_log(&log);
	free_samples(&want);
	free_samples(&run.got);
}

/* A device whose X axis spans more than an int holds is refused when it
 * is opened, named by its name and node, before any event is read. */
static void test_wide_axis_refused(void **state)
{
	struct pen_device dev;
	struct pen_source_options options;
	struct umockdev_pen_state st = idle_state();
	struct umockdev_pen_bed *bed;
	struct pen_source *src;
	char err[PEN_SOURCE_ERROR_MAX], expected[PEN_SOURCE_ERROR_MAX];

	(void)state;
	crafted_device(&dev);
	dev.abs[ABS_X].minimum = INT32_MIN;
	dev.abs[ABS_X].maximum = INT32_MAX;
	init_options(&options, 0, 0);
	bed = new_bed(&dev, &st, 1);
	assert_int_equal(pen_source_open_device(umockdev_pen_bed_devnode(bed), &options,
						&src, err, sizeof(err)), -ENOTSUP);
	assert_null(src);
	snprintf(expected, sizeof(expected), "smpsim crafted pen (%s): cannot drive the "
		 "simulator: axis 00 spans 4294967295 units (-2147483648 to 2147483647), "
		 "more than the 2147483647 an axis can have",
		 umockdev_pen_bed_devnode(bed));
	assert_string_equal(err, expected);
	umockdev_pen_bed_free(bed);
}

/* ---- (c) unplug ---- */

static void test_unplug_after_n_frames(void **state)
{
	const size_t n_frames = 20;
	struct recording rec;
	struct pen_source_options options;
	struct samples all, want = { 0 };
	struct umockdev_pen_state st = idle_state();
	struct umockdev_pen_bed *bed;
	struct pen_source *src;
	struct pen_sample s;
	struct delivery_log log;
	struct feeder feeder;
	struct live_run run;
	size_t n_events = 0, frames = 0;
	char message[256];

	(void)state;
	recording_load(CINTIQ, NULL, &rec);
	init_options(&options, 0, 0);
	/* The Cintiq gives one sample per frame (79 of each), never a forced
	 * one, so the first N frames' samples are the replay's first N. */
	replay(CINTIQ, NULL, &options, &all, NULL);
	assert_int_equal(all.count, 79);
	for (size_t i = 0; i < n_frames; i++)
		add_sample(&want, &all.s[i]);
	while (frames < n_frames) {
		const struct input_event *ev = &rec.events[n_events++];

		frames += ev->type == EV_SYN && ev->code == SYN_REPORT;
	}
	assert_int_equal(n_events, 115);

	bed = new_bed(&rec.dev, &st, 1);
	src = open_live(umockdev_pen_bed_devnode(bed), &options);
	init_log(&log, n_events);
	pen_source_add_event_hook(src, log_event, &log);
	feeder_start(&feeder, bed, rec.events, n_events, FEED_LOCKSTEP, &log);
	collect_live(src, &log, n_events, false, &run);
	feeder_join(&feeder);
	assert_same_samples(&want, &run.got, "first 20 frames");
	assert_int_equal(pen_source_event_count(src), n_events);
	/* Still plugged in: silence is not an unplug. */
	assert_int_equal(pen_source_next(src, &s, 50), 0);
	assert_null(pen_source_error(src));

	umockdev_pen_bed_unplug(bed);
	assert_int_equal(pen_source_next(src, &s, 50), -ENODEV);
	snprintf(message, sizeof(message),
		 "Wacom Cintiq 13HD touch Pen (%s): the device went away",
		 umockdev_pen_bed_devnode(bed));
	assert_string_equal(pen_source_error(src), message);
	/* And it stays gone, with nothing more delivered. */
	assert_int_equal(pen_source_next(src, &s, 50), -ENODEV);
	assert_int_equal(pen_source_event_count(src), n_events);

	pen_source_free(src);
	umockdev_pen_bed_free(bed);
	free_log(&log);
	free_samples(&all);
	free_samples(&want);
	free_samples(&run.got);
	recording_free(&rec);
}

/* ---- (d) smpsim record, devices ---- */

static void run_smpsim(const char *const *args, struct child_result *res)
{
	const char *argv[16] = { SMPSIM_BINARY };
	size_t n = 1;

	for (; *args && n + 1 < sizeof(argv) / sizeof(argv[0]); args++)
		argv[n++] = *args;
	argv[n] = NULL;
	assert_int_equal(child_run(argv, NULL, res), 0);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The output of `smpsim inspect --samples` past its first line (which
 * names the file). */
static char *inspect_samples(const char *path)
{
	const char *args[] = { "inspect", path, "--samples", NULL };
	struct child_result res;
	char *body;

	run_smpsim(args, &res);
	assert_int_equal(res.status, 0);
	assert_non_null(strchr(res.out, '\n'));
	body = strdup(strchr(res.out, '\n') + 1);
	assert_non_null(body);
	child_result_free(&res);
	return body;
}

static void assert_same_device(const struct pen_device *want,
			       const struct pen_device *got)
{
	assert_string_equal(got->name, want->name);
	assert_memory_equal(&got->id, &want->id, sizeof(want->id));
	assert_memory_equal(got->props, want->props, sizeof(want->props));
	assert_memory_equal(got->types, want->types, sizeof(want->types));
	for (unsigned int type = 1; type < EV_CNT; type++)
		assert_memory_equal(got->codes[type], want->codes[type],
				    sizeof(want->codes[type]));
	for (unsigned int code = 0; code < ABS_CNT; code++) {
		const struct input_absinfo *a = &want->abs[code], *b = &got->abs[code];

		if (!pen_device_has(want, EV_ABS, code))
			continue;
		assert_int_equal(b->minimum, a->minimum);
		assert_int_equal(b->maximum, a->maximum);
		assert_int_equal(b->fuzz, a->fuzz);
		assert_int_equal(b->flat, a->flat);
		assert_int_equal(b->resolution, a->resolution);
	}
}

/* The E: lines in @p path so far (0 when it cannot be read). */
static size_t count_event_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strncmp(line, "E: ", 3) == 0;
	fclose(f);
	return n;
}

/* The first @p count events of @p rec as an evemu file by our writer. */
static void write_prefix(const struct recording *rec, size_t count, const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	recording_write(rec, count, f);
	assert_int_equal(fclose(f), 0);
}

static void test_record_devices_under_umockdev(void **state)
{
	struct recording fixture, recorded;
	struct pen_source_options options;
	struct samples all, want = { 0 }, got;
	struct umockdev_pen_state st = idle_state();
	struct umockdev_pen_bed *bed;
	struct child_result res;
	size_t n_events = 0, frames = 0;
	char dir[] = "/tmp/smpsim-record-XXXXXX", out[64], kept[64], prefix[64];
	char expected_list[512], expected_err[1024], *text, *want_text, *got_text;
	const char *node;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/take.evemu", dir);
	snprintf(kept, sizeof(kept), "%s/kept.evemu", dir);
	snprintf(prefix, sizeof(prefix), "%s/prefix.evemu", dir);
	recording_load(CINTIQ, NULL, &fixture);
	bed = new_bed(&fixture.dev, &st, 1);
	node = umockdev_pen_bed_devnode(bed);

	/* devices: umockdev redirects opendir("/dev/input") to the testbed,
	 * so the list holds the emulated node alone, area in mm included. */
	{
		const char *args[] = { "devices", NULL };

		run_smpsim(args, &res);
		snprintf(expected_list, sizeof(expected_list),
			 "%s  Wacom Cintiq 13HD touch Pen  056a:0333\n"
			 "    area      293.8 x 165.2 mm (from resolution)\n"
			 "    pressure  2048 levels\n"
			 "    tilt      yes\n", node);
		assert_string_equal(res.out, expected_list);
		assert_string_equal(res.err, "");
		assert_int_equal(res.status, 0);
		child_result_free(&res);
	}

	/* record never overwrites without --force. */
	f = fopen(kept, "w");
	assert_non_null(f);
	fputs("not a recording; keep me\n", f);
	assert_int_equal(fclose(f), 0);
	{
		const char *args[] = { "record", "--device", node, "-o", kept,
				       "--duration", "0.2", NULL };

		run_smpsim(args, &res);
		assert_int_equal(res.status, 1);
		snprintf(expected_err, sizeof(expected_err),
			 "smpsim record: %s: File exists (--force overwrites it)\n", kept);
		assert_string_equal(res.err, expected_err);
		child_result_free(&res);
	}
	text = tmp_files_read(kept, NULL);
	assert_string_equal(text, "not a recording; keep me\n");
	free(text);

	/* record: what the child reads through libevdev is what was played:
	 * the Cintiq's first 20 frames (115 events; however late the child
	 * reads, each arrives whole, see umockdev_pen_bed_play()). They start
	 * once the child has the node open and says it records; until it
	 * stops the recording is OUT.XXXXXX.part, named on that line. Once
	 * that file holds them all (it is flushed at every SYN_REPORT),
	 * Ctrl-C: it is renamed to OUT. */
	{
		const char *argv[] = { SMPSIM_BINARY, "record", "--device", node,
				       "-o", out, "--duration", "3600", NULL };
		struct child_process child;
		int64_t give_up = now_us() + STALL_US;
		char head[160], part[96], *said;
		const char *at;

		while (n_events < fixture.count && frames < 20) {
			const struct input_event *ev = &fixture.events[n_events++];

			frames += ev->type == EV_SYN && ev->code == SYN_REPORT;
		}
		assert_int_equal(n_events, 115);
		assert_int_equal(child_start(argv, NULL, &child), 0);
		assert_true(child_wait_err(&child, "Ctrl-C stops.\n", STALL_US / 1e6));
		said = child_peek_err(&child);
		snprintf(head, sizeof(head), "Recording Wacom Cintiq 13HD touch Pen to %s (as ",
			 out);
		assert_int_equal(strncmp(said, head, strlen(head)), 0);
		at = said + strlen(head);
		snprintf(part, sizeof(part), "%.*s", (int)(strlen(out) + 12), at);
		assert_int_equal(strncmp(part, out, strlen(out)), 0);
		assert_string_equal(part + strlen(out) + 7, ".part");
		free(said);
		assert_int_equal(access(out, F_OK), -1);
		play(bed, fixture.events, n_events, -1);
		while (count_event_lines(part) < n_events && now_us() < give_up)
			sleep_ms(5);
		assert_int_equal(count_event_lines(part), n_events);
		assert_int_equal(kill(child.pid, SIGINT), 0);
		assert_int_equal(child_wait(&child, &res), 0);
		init_options(&options, 0, 0);
		replay(CINTIQ, NULL, &options, &all, NULL);
		for (size_t i = 0; i < 20; i++) {
			add_sample(&want, &all.s[i]);
		}
		snprintf(expected_err, sizeof(expected_err),
			 "Recording Wacom Cintiq 13HD touch Pen to %s (as %s until it stops); "
			 "Ctrl-C stops.\n"
			 "115 events, 20 samples, %zu tip contacts written to %s\n",
			 out, part, want.down_edges, out);
		assert_string_equal(res.err, expected_err);
		assert_int_equal(res.status, 0);
		/* Renamed when it stopped: no .part left. */
		assert_int_equal(access(part, F_OK), -1);
		child_result_free(&res);
	}
	umockdev_pen_bed_free(bed);

	recording_load(out, NULL, &recorded);
	assert_same_device(&fixture.dev, &recorded.dev);
	assert_int_equal(recorded.count, n_events);
	for (size_t i = 0; i < n_events; i++) {
		const struct input_event *a = &fixture.events[i], *b = &recorded.events[i];

		if (a->type != b->type || a->code != b->code || a->value != b->value ||
		    event_us(a) - event_us(&fixture.events[0]) !=
		    event_us(b) - event_us(&recorded.events[0]))
			fail_msg("event %zu: recorded %lld %04x %04x %d, played "
				 "%lld %04x %04x %d", i,
				 (long long)(event_us(b) - event_us(&recorded.events[0])),
				 b->type, b->code, b->value,
				 (long long)(event_us(a) - event_us(&fixture.events[0])),
				 a->type, a->code, a->value);
	}

	/* The take replays to the fixture's first 20 samples, in process, and
	 * through `smpsim inspect` as the same events written by our writer. */
	replay(out, NULL, &options, &got, NULL);
	assert_same_samples(&want, &got, out);
	write_prefix(&fixture, n_events, prefix);
	want_text = inspect_samples(prefix);
	got_text = inspect_samples(out);
	assert_string_equal(got_text, want_text);

	free(want_text);
	free(got_text);
	free_samples(&all);
	free_samples(&want);
	free_samples(&got);
	recording_free(&fixture);
	recording_free(&recorded);
	unlink(out);
	unlink(kept);
	unlink(prefix);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_equals_replay_cintiq),
		cmocka_unit_test(test_live_equals_replay_uclogic),
		cmocka_unit_test(test_live_equals_replay_genius),
		cmocka_unit_test(test_syn_dropped_resync),
		cmocka_unit_test(test_wide_axis_refused),
		cmocka_unit_test(test_unplug_after_n_frames),
		cmocka_unit_test(test_record_devices_under_umockdev),
	};

	char err[512];
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-evdev-live: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	if (quirks_load(QUIRKS, &shipped, &shipped_count, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(shipped);
	return rc;
}
