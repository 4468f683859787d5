/* test-evdev-live: the live input path (libevdev on /dev/input/eventN,
 * evdev_source, pen_source, `smpsim record` and `smpsim devices`) on nodes
 * emulated by umockdev, with exact expected values.
 *
 * Each case builds a testbed with umockdev_pen from a pen_device (read from
 * a real recording, or written here as a table), opens the node through
 * the unmodified code, then starts the events. Cases:
 *  - the three real recordings give, live, exactly the samples their replay
 *    gives (every field, times relative to the first event in both);
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
#include <pthread.h>
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
#include "umockdev_pen.h"

#define QUIRKS SMPSIM_DATA_DIR "/devices/quirks.yaml"
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name
#define CINTIQ FIX("wacom-cintiq-13hd-pen.evemu")
#define UCLOGIC FIX("uc-logic-wp5540u-pen.evemu")
#define GENIUS_DESC FIX("genius-easypen-i405x.desc")
#define GENIUS_EVENTS FIX("genius-easypen-i405x.events")

/* How long one pen_source_next() may wait on the live node. */
#define LIVE_TIMEOUT_MS 10
/* Silence that proves the stream is over: longer than the assembler's
 * 50 ms proximity timeout plus a live idle tick. */
#define QUIET_MS 300
/* Runs of one recording before umockdev's lateness (see late_frames())
 * counts against the test. */
#define LIVE_ATTEMPTS 3

/* The shipped quirks, as the program uses them (loaded in main). */
static struct device_quirk *shipped;
static size_t shipped_count;

/* ---- recordings and samples ---- */

struct recording {
	struct pen_device dev;
	struct input_event *events;
	size_t count;
};

/* Reads a recording whole, as pen_source_open_recording() would see it. */
static void load_recording(const char *path, const char *desc,
			   struct recording *rec)
{
	struct evemu_reader *r = NULL, *d = NULL;
	struct input_event ev;
	size_t cap = 0;
	int rc;

	memset(rec, 0, sizeof(*rec));
	if (desc) {
		assert_int_equal(evemu_reader_new_from_file(desc, &d), 0);
		assert_int_equal(evemu_reader_read_description(d, &rec->dev), 0);
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		evemu_reader_expect_device(r, &rec->dev);
	} else {
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		assert_int_equal(evemu_reader_read_description(r, &rec->dev), 0);
	}
	while ((rc = evemu_reader_next_event(r, &ev)) == 1) {
		if (rec->count == cap) {
			cap = cap ? cap * 2 : 1024;
			rec->events = realloc(rec->events, cap * sizeof(ev));
			assert_non_null(rec->events);
		}
		rec->events[rec->count++] = ev;
	}
	assert_int_equal(rc, 0);
	evemu_reader_free(r);
	evemu_reader_free(d);
}

static void free_recording(struct recording *rec)
{
	free(rec->events);
	rec->events = NULL;
}

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
};

static void log_event(void *data, const struct input_event *ev)
{
	struct delivery_log *log = data;

	if (log->count == log->cap)
		return; /* more events than played: the comparison fails anyway */
	log->read_us[log->count] = now_us();
	log->event_us[log->count] = event_us(ev);
	log->frame_end[log->count] = ev->type == EV_SYN && ev->code == SYN_REPORT;
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

/* Reads the live source until @p want samples came (or @p deadline_ms
 * passed), then checks that QUIET_MS more bring nothing. */
static void collect_live(struct pen_source *src, size_t want,
			 int64_t deadline_ms, int timeout_ms, struct samples *out)
{
	struct pen_sample s;
	int64_t end = now_us() + deadline_ms * 1000, quiet_end;
	int rc;

	memset(out, 0, sizeof(*out));
	while (out->count < want && now_us() < end) {
		rc = pen_source_next(src, &s, timeout_ms);
		if (rc < 0)
			fail_msg("pen_source_next: %s (%s)", strerror(-rc),
				 pen_source_error(src) ? pen_source_error(src) : "");
		if (rc == 1)
			add_sample(out, &s);
	}
	quiet_end = now_us() + QUIET_MS * 1000;
	while (now_us() < quiet_end) {
		rc = pen_source_next(src, &s, timeout_ms);
		assert_true(rc >= 0);
		if (rc == 1)
			add_sample(out, &s);
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

/* @return the index of the first sample that differs, or SIZE_MAX when
 * both lists are the same. */
static size_t first_difference(const struct samples *a, const struct samples *b)
{
	size_t n = a->count < b->count ? a->count : b->count;

	for (size_t i = 0; i < n; i++)
		if (!same_sample(&a->s[i], &b->s[i]))
			return i;
	return a->count == b->count ? SIZE_MAX : n;
}

/* pen_assembler's rule: a proximity-out can be forced unless the device
 * sends its own and has the tool keys to send it with. */
static bool may_force_out(const struct pen_device *dev,
			  const struct pen_assembler_config *cfg)
{
	bool tool_keys = pen_device_has(dev, EV_KEY, BTN_TOOL_PEN) ||
			 pen_device_has(dev, EV_KEY, BTN_TOOL_RUBBER);

	return cfg->proximity_out != PEN_PROXIMITY_OUT_SENT || !tool_keys;
}

static void check_live_equals_replay(const struct fixture_case *c)
{
	struct recording rec;
	struct pen_source_options options;
	struct samples want, got;
	unsigned long want_events;
	struct umockdev_pen_state st = idle_state();
	int64_t duration_ms;

	load_recording(c->path, c->desc, &rec);
	init_options(&options, c->pad_w, c->pad_h);
	replay(c->path, c->desc, &options, &want, &want_events);
	assert_int_equal(want.count, c->samples);
	assert_int_equal(want.down_edges, c->down_edges);
	assert_int_equal(want.forced, c->forced);
	assert_int_equal(want_events, c->events);
	assert_int_equal(rec.count, c->events);
	duration_ms = (event_us(&rec.events[rec.count - 1]) -
		       event_us(&rec.events[0])) / 1000 + 2000;

	for (int attempt = 1;; attempt++) {
		struct umockdev_pen_bed *bed = new_bed(&rec.dev, &st, 1);
		struct pen_source *src = open_live(umockdev_pen_bed_devnode(bed),
						   &options);
		bool may_force = may_force_out(&rec.dev,
					       &pen_source_settings(src)->assembler);
		int64_t timeout_us =
			pen_source_settings(src)->assembler.proximity_timeout_us;
		struct delivery_log log;
		unsigned long events;
		size_t late, diff;
		char what[160] = "";

		init_log(&log, rec.count);
		pen_source_set_event_hook(src, log_event, &log);
		play(bed, rec.events, rec.count, -1);
		collect_live(src, want.count, duration_ms, LIVE_TIMEOUT_MS, &got);
		events = pen_source_event_count(src);
		late = late_frames(&log, timeout_us, what, sizeof(what));
		pen_source_free(src);
		umockdev_pen_bed_free(bed);
		free_log(&log);

		diff = first_difference(&want, &got);
		/* A run proves nothing when umockdev delivered a frame later
		 * than the proximity timeout after the one before, while its
		 * stamps say it came in time, and the live path, rightly,
		 * forced a proximity-out there: a kernel stamps an event when
		 * it becomes readable, so this cannot happen on hardware. */
		if (diff != SIZE_MAX && late && may_force && diff < got.count &&
		    (got.s[diff].flags & PEN_SYNTHESIZED) && attempt < LIVE_ATTEMPTS) {
			print_message("%s: attempt %d inconclusive: %zu frames "
				      "delivered late (first: %s); the live path "
				      "forced a proximity-out there; again\n",
				      c->path, attempt, late, what);
			free_samples(&got);
			continue;
		}
		if (diff != SIZE_MAX && late)
			print_message("%s: %zu frames delivered late (first: %s)\n",
				      c->path, late, what);
		assert_same_samples(&want, &got, c->path);
		assert_int_equal(events, c->events);
		break;
	}
	free_samples(&want);
	free_samples(&got);
	free_recording(&rec);
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
	struct samples want = { 0 }, got;

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
	play(bed, events, n_events, -1);
	collect_live(src, n_expected, 3000, LIVE_TIMEOUT_MS, &got);

	assert_same_samples(&want, &got, "SYN_DROPPED stream");
	assert_int_equal(got.down_edges, 2); /* contacts: no phantom, none lost */
	assert_int_equal(got.up_edges, 2);
	assert_int_equal(got.forced, 0);
	/* The stream's 40 events, and libevdev's resync events: 3 + SYN,
	 * then BTN_TOUCH + 3 + SYN twice. */
	assert_int_equal(pen_source_event_count(src), n_events + 4 + 5 + 5);

	pen_source_free(src);
	umockdev_pen_bed_free(bed);
	free_samples(&want);
	free_samples(&got);
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
	struct samples all, want = { 0 }, got;
	struct umockdev_pen_state st = idle_state();
	struct umockdev_pen_bed *bed;
	struct pen_source *src;
	struct pen_sample s;
	size_t n_events = 0, frames = 0;
	char message[256];

	(void)state;
	load_recording(CINTIQ, NULL, &rec);
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
	play(bed, rec.events, n_events, -1);
	collect_live(src, n_frames, 3000, LIVE_TIMEOUT_MS, &got);
	assert_same_samples(&want, &got, "first 20 frames");
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
	free_samples(&all);
	free_samples(&want);
	free_samples(&got);
	free_recording(&rec);
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

/* A child process run from a thread, so the test can act meanwhile. */
struct child_job {
	const char *const *argv;
	struct child_result res;
	int rc;
};

static void *child_job_run(void *data)
{
	struct child_job *job = data;

	job->rc = child_run(job->argv, NULL, &job->res);
	return NULL;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	return buf;
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

static void test_record_devices_under_umockdev(void **state)
{
	struct recording fixture, recorded;
	struct pen_source_options options;
	struct samples want, got;
	struct umockdev_pen_state st = idle_state();
	struct umockdev_pen_bed *bed;
	struct child_result res;
	char dir[] = "/tmp/smpsim-record-XXXXXX", out[64], kept[64];
	char expected_list[512], expected_err[256], *text, *want_text, *got_text;
	const char *node;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/take.evemu", dir);
	snprintf(kept, sizeof(kept), "%s/kept.evemu", dir);
	load_recording(CINTIQ, NULL, &fixture);
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
	text = read_file(kept);
	assert_string_equal(text, "not a recording; keep me\n");
	free(text);

	/* record: what the child reads through libevdev is what was played.
	 * The events start once the child has the node open (it creates the
	 * output file only then): the node, a pseudo-terminal, holds 4 KiB,
	 * and a fuller one hands libevdev part of an event (see
	 * umockdev_pen_bed_play()). */
	{
		const char *argv[] = { SMPSIM_BINARY, "record", "--device", node,
				       "-o", out, "--duration", "1.5", NULL };
		struct child_job job = { argv, { 0, NULL, NULL }, -1 };
		pthread_t thread;
		int64_t give_up = now_us() + 10 * 1000000LL;

		assert_int_equal(pthread_create(&thread, NULL, child_job_run, &job), 0);
		while (access(out, F_OK) < 0 && now_us() < give_up)
			sleep_ms(5);
		if (access(out, F_OK) == 0)
			play(bed, fixture.events, fixture.count, -1);
		assert_int_equal(pthread_join(thread, NULL), 0);
		assert_int_equal(job.rc, 0);
		snprintf(expected_err, sizeof(expected_err),
			 "Recording Wacom Cintiq 13HD touch Pen to %s; Ctrl-C stops.\n"
			 "425 events, 79 samples, 2 tip contacts written to %s\n",
			 out, out);
		assert_string_equal(job.res.err, expected_err);
		assert_int_equal(job.res.status, 0);
		child_result_free(&job.res);
	}
	umockdev_pen_bed_free(bed);

	load_recording(out, NULL, &recorded);
	assert_same_device(&fixture.dev, &recorded.dev);
	assert_int_equal(recorded.count, fixture.count);
	for (size_t i = 0; i < fixture.count; i++) {
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

	/* The take replays to the fixture's samples, in process and through
	 * `smpsim inspect`. */
	init_options(&options, 0, 0);
	replay(CINTIQ, NULL, &options, &want, NULL);
	replay(out, NULL, &options, &got, NULL);
	assert_int_equal(want.count, 79);
	assert_same_samples(&want, &got, out);
	want_text = inspect_samples(CINTIQ);
	got_text = inspect_samples(out);
	assert_string_equal(got_text, want_text);

	free(want_text);
	free(got_text);
	free_samples(&want);
	free_samples(&got);
	free_recording(&fixture);
	free_recording(&recorded);
	unlink(out);
	unlink(kept);
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
