/* test-umockdev-pen: the emulated node itself (tests/umockdev_pen.c and
 * tests/pty_player.c), read through libevdev as the live path reads it.
 *
 * umockdev emulates the node with a pseudo-terminal, whose input buffer
 * holds 4095 bytes: a reader that lags must still get every event whole
 * and in order (a kernel node never splits one), later rather than
 * broken. The reader here lags on purpose, by not reading until the node
 * is as full as whole frames make it, so the case does not depend on the
 * machine's speed or load. Cases:
 *  - 1000 events played at once into a node nobody reads yet: then every
 *    one arrives whole, in order, stamped as played, and after the last
 *    the node is silent (no EOF, no hang-up);
 *  - an unplug stops the play: what was delivered before it stays
 *    readable, nothing after it comes;
 *  - stamps: a frame gap stamps frame k at k * gap; events' own times
 *    count from the first event, earlier ones as 0, in the played order;
 *  - stamped play (for the benchmarks): each event carries the monotonic
 *    clock's time of its write, no earlier than its frame's time in the
 *    play and no later than its reading, one stamp a frame;
 *  - a second play of one bed is refused.
 * The program must run with libumockdev-preload (ctest's umockdev-wrapper);
 * started bare, it runs itself again that way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "umockdev_pen.h"

#define CINTIQ SMPSIM_FIXTURES_DIR "/wacom-cintiq-13hd-pen.evemu"

/* The node's input buffer, and one frame of ours: ABS_X, SYN_REPORT. */
#define NODE_ROOM 4095
#define FRAME_EVENTS 2
#define FRAME_BYTES (FRAME_EVENTS * sizeof(struct input_event))
/* The most whole frames the node holds unread: 85 (4080 bytes). */
#define FULL_FRAMES (NODE_ROOM / FRAME_BYTES)
#define FRAMES 500
/* A bound on every wait for a condition, to fail rather than hang: not a
 * pace. */
#define STALL_MS 60000

struct node {
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	int fd;
	struct libevdev *evdev;
};

/* A bed holding the Cintiq's device, its node open through libevdev. */
static void node_open(struct node *n)
{
	struct umockdev_pen_state idle;
	struct input_event *events;
	size_t count;
	char err[UMOCKDEV_PEN_ERROR_MAX];

	if (umockdev_pen_read_recording(CINTIQ, &n->dev, &events, &count, err,
					sizeof(err)) < 0)
		fail_msg("%s", err);
	free(events);
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&n->dev, &idle, 1, &n->bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	n->fd = open(umockdev_pen_bed_devnode(n->bed), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	assert_true(n->fd >= 0);
	assert_int_equal(libevdev_new_from_fd(n->fd, &n->evdev), 0);
}

static void node_close(struct node *n)
{
	libevdev_free(n->evdev);
	close(n->fd);
	umockdev_pen_bed_free(n->bed);
}

/* @p frames frames of ABS_X = 1, 2, ... and SYN_REPORT; free them. */
static struct input_event *x_frames(size_t frames)
{
	struct input_event *ev = calloc(frames * FRAME_EVENTS, sizeof(*ev));

	assert_non_null(ev);
	for (size_t i = 0; i < frames; i++) {
		ev[2 * i].type = EV_ABS;
		ev[2 * i].code = ABS_X;
		ev[2 * i].value = (int)i + 1;
		ev[2 * i + 1].type = EV_SYN;
		ev[2 * i + 1].code = SYN_REPORT;
	}
	return ev;
}

static void play(struct node *n, const struct input_event *events, size_t count,
		 int64_t frame_gap_us)
{
	char err[UMOCKDEV_PEN_ERROR_MAX];

	if (umockdev_pen_bed_play(n->bed, events, count, frame_gap_us, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

/* Waits until the node holds as many whole frames as fit, unread. */
static void wait_full(const struct node *n)
{
	struct timespec nap = { 0, 1000000 };
	int unread = 0;

	for (int waited = 0; waited < STALL_MS; waited++) {
		unread = umockdev_pen_node_unread(n->fd);
		assert_true(unread >= 0);
		if ((size_t)unread + FRAME_BYTES > NODE_ROOM)
			return;
		nanosleep(&nap, NULL);
	}
	fail_msg("the node filled to %d bytes only, in %d s", unread, STALL_MS / 1000);
}

/* Reads @p count events through libevdev, each whole (no -EINVAL) and
 * equal to @p want[i] (type, code, value, and the stamp @p stamp_us[i]
 * when given). */
static void read_events(struct node *n, const struct input_event *want, size_t count,
			const int64_t *stamp_us)
{
	struct input_event ev;
	size_t i = 0;

	while (i < count) {
		int rc = libevdev_next_event(n->evdev, LIBEVDEV_READ_FLAG_NORMAL, &ev);

		if (rc == -EAGAIN) {
			struct pollfd pfd = { .fd = n->fd, .events = POLLIN };

			if (poll(&pfd, 1, STALL_MS) != 1)
				fail_msg("event %zu of %zu did not come in %d s", i, count,
					 STALL_MS / 1000);
			continue;
		}
		if (rc != LIBEVDEV_READ_STATUS_SUCCESS)
			fail_msg("event %zu of %zu: libevdev: %s", i, count,
				 rc < 0 ? strerror(-rc) : "a SYN_DROPPED");
		if (ev.type != want[i].type || ev.code != want[i].code ||
		    ev.value != want[i].value)
			fail_msg("event %zu: %04x %04x %d, played %04x %04x %d", i, ev.type,
				 ev.code, ev.value, want[i].type, want[i].code, want[i].value);
		if (stamp_us) {
			int64_t t = (int64_t)ev.input_event_sec * 1000000 + ev.input_event_usec;

			if (t != stamp_us[i])
				fail_msg("event %zu: stamped %lld us, not %lld", i, (long long)t,
					 (long long)stamp_us[i]);
		}
		i++;
	}
}

/* Nothing more to read, and neither an end of file nor a hang-up. */
static void assert_silent(struct node *n)
{
	struct pollfd pfd = { .fd = n->fd, .events = POLLIN };
	struct input_event ev;

	assert_int_equal(libevdev_next_event(n->evdev, LIBEVDEV_READ_FLAG_NORMAL, &ev),
			 -EAGAIN);
	assert_int_equal(poll(&pfd, 1, 0), 0);
}

/* umockdev's own player failed this: once the 4095-byte buffer was full,
 * libevdev's read ended inside an event ("Invalid argument"). */
static void lagging_reader_gets_every_event_whole(void **state)
{
	struct input_event *events = x_frames(FRAMES);
	struct node n;

	(void)state;
	node_open(&n);
	play(&n, events, FRAMES * FRAME_EVENTS, 0);
	wait_full(&n);
	assert_int_equal(umockdev_pen_node_unread(n.fd), FULL_FRAMES * FRAME_BYTES);
	read_events(&n, events, FRAMES * FRAME_EVENTS, NULL);
	assert_silent(&n);
	node_close(&n);
	free(events);
}

static void unplug_stops_the_play(void **state)
{
	struct input_event *events = x_frames(FRAMES);
	struct node n;
	struct stat st;

	(void)state;
	node_open(&n);
	play(&n, events, FRAMES * FRAME_EVENTS, 0);
	wait_full(&n);
	umockdev_pen_bed_unplug(n.bed);
	assert_int_equal(stat(umockdev_pen_bed_devnode(n.bed), &st), -1);
	assert_int_equal(errno, ENOENT);
	/* The frames delivered before the unplug, and not one more. */
	read_events(&n, events, FULL_FRAMES * FRAME_EVENTS, NULL);
	assert_silent(&n);
	node_close(&n);
	free(events);
}

static void stamps(void **state)
{
	struct input_event *events = x_frames(4);
	int64_t want[8];
	struct node n;

	(void)state;
	/* A frame gap: frame k at k * gap, whatever the events' own times. */
	events[3].input_event_sec = 7;
	for (size_t i = 0; i < 8; i++)
		want[i] = (int64_t)(i / 2) * 2500;
	node_open(&n);
	play(&n, events, 8, 2500);
	read_events(&n, events, 8, want);
	assert_silent(&n);
	node_close(&n);

	/* Their own times, from the first event's: one running backwards
	 * keeps its place, one before the first counts as 0. */
	{
		const int64_t own[8] = { 5000100, 5000100, 5000300, 5000300,
					 5000200, 5000200, 4900000, 4900000 };

		for (size_t i = 0; i < 8; i++) {
			events[i].input_event_sec = own[i] / 1000000;
			events[i].input_event_usec = own[i] % 1000000;
			want[i] = own[i] > own[0] ? own[i] - own[0] : 0;
		}
	}
	node_open(&n);
	play(&n, events, 8, -1);
	read_events(&n, events, 8, want);
	assert_silent(&n);
	node_close(&n);
	free(events);
}

static int64_t monotonic_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* The time the events were written, as a kernel stamps them, bounded by
 * the clock before the play (plus the frame's time in it) and after the
 * read: no bound on the machine's speed. */
static void stamped_as_written(void **state)
{
	struct input_event *events = x_frames(4);
	int64_t stamp[8], before, after;
	char err[UMOCKDEV_PEN_ERROR_MAX];
	struct node n;
	size_t i = 0;

	(void)state;
	events[3].input_event_sec = 7;   /* not copied: the write's time is */
	node_open(&n);
	before = monotonic_us();
	if (umockdev_pen_bed_play_stamped(n.bed, events, 8, 2500, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	while (i < 8) {
		struct input_event ev;
		int rc = libevdev_next_event(n.evdev, LIBEVDEV_READ_FLAG_NORMAL, &ev);

		if (rc == -EAGAIN) {
			struct pollfd pfd = { .fd = n.fd, .events = POLLIN };

			assert_int_equal(poll(&pfd, 1, STALL_MS), 1);
			continue;
		}
		assert_int_equal(rc, LIBEVDEV_READ_STATUS_SUCCESS);
		assert_int_equal(ev.type, events[i].type);
		assert_int_equal(ev.value, events[i].value);
		stamp[i++] = (int64_t)ev.input_event_sec * 1000000 + ev.input_event_usec;
	}
	after = monotonic_us();
	for (i = 0; i < 8; i++) {
		if (stamp[i] < before + (int64_t)(i / 2) * 2500 || stamp[i] > after)
			fail_msg("event %zu: stamped %lld us, outside %lld + %zu to %lld", i,
				 (long long)stamp[i], (long long)before, (i / 2) * 2500,
				 (long long)after);
		if (i % 2)
			assert_int_equal(stamp[i], stamp[i - 1]);
	}
	assert_silent(&n);
	node_close(&n);
	free(events);
}

static void second_play_refused(void **state)
{
	struct input_event *events = x_frames(1);
	char err[UMOCKDEV_PEN_ERROR_MAX], want[128];
	struct node n;

	(void)state;
	node_open(&n);
	play(&n, events, FRAME_EVENTS, 0);
	assert_int_equal(umockdev_pen_bed_play(n.bed, events, FRAME_EVENTS, 0, err,
					       sizeof(err)), -EBUSY);
	snprintf(want, sizeof(want), "umockdev: %s: events were already played",
		 umockdev_pen_bed_devnode(n.bed));
	assert_string_equal(err, want);
	read_events(&n, events, FRAME_EVENTS, NULL);
	assert_silent(&n);
	node_close(&n);
	free(events);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lagging_reader_gets_every_event_whole),
		cmocka_unit_test(unplug_stops_the_play),
		cmocka_unit_test(stamps),
		cmocka_unit_test(stamped_as_written),
		cmocka_unit_test(second_play_refused),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-umockdev-pen: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
