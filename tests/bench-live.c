/* bench-live: how long reading and assembling one pen frame takes on the
 * live path, libevdev on /dev/input/eventN, with the node emulated by
 * umockdev (tests/umockdev_pen.c).
 *
 * The Wacom Cintiq fixture's frames are played REPEATS times, one frame
 * every GAP microseconds. For each frame the benchmark waits, untimed,
 * until the node is readable (polling a descriptor of its own: the node is
 * a pseudo-terminal, whose descriptors share one buffer) and a little
 * more, so that the whole frame is there (the bed's player writes a frame
 * at once, as a kernel hands it over). Then it times, from the first read
 * call of the frame to the sample pen_assembler_push() gives at its
 * SYN_REPORT. A frame found incomplete once timing began is left out and
 * counted. Two readers, one after the other, each on a fresh node:
 *   evdev_source    the production reader (evdev_source_next()). Under
 *                   umockdev every read() on the node is first offered to
 *                   umockdev's ioctl thread over a socket, a round trip
 *                   whose cost is measured and shown;
 *   libevdev, pty   the same libevdev calls evdev_source makes, on a second
 *                   descriptor of the node's pseudo-terminal that umockdev
 *                   does not intercept (libevdev_change_fd() after the
 *                   ioctls): what the path costs without the emulator.
 * The reference, in the same run: the same frames pushed into an assembler
 * from memory. Each line gives median, p99 and count, and the median of
 * the frame's first event alone (the read() that brings the frame in);
 * the last line is the one to quote.
 *
 * Usage: bench-live [REPEATS [GAP_US]]   (defaults 20 and 3000)
 * Needs libumockdev-preload; started without it, it runs itself again with.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libevdev/libevdev.h>

#include "bench_machine.h"
#include "evdev_source.h"
#include "evemu_reader.h"
#include "pen_assembler.h"
#include "quirks_load.h"
#include "umockdev_pen.h"

#define FIXTURE_NAME "wacom-cintiq-13hd-pen.evemu"
#define FIXTURE SMPSIM_FIXTURES_DIR "/" FIXTURE_NAME
#define QUIRKS SMPSIM_DATA_DIR "/devices/quirks.yaml"
/* After the node turns readable, this long for the rest of the frame (a
 * margin: the player writes up to 42 events at once, frames are shorter). */
#define SETTLE_US 1200
#define READ_SAMPLES 200

struct frame {
	size_t first, count;  /* events[first .. first + count) */
};

struct bench {
	struct pen_device dev;
	struct pen_geometry geo;
	struct device_settings settings;
	struct input_event *events;
	size_t n_events;
	struct frame *frames;
	size_t n_frames;
	long gap_us;
};

enum reader_kind { VIA_EVDEV_SOURCE, LIBEVDEV_PTY };

struct reader {
	enum reader_kind kind;
	struct evdev_source *src;
	struct libevdev *evdev;
	int node_fd;  /* umockdev's descriptor; answers libevdev's ioctls */
	int pty_fd;   /* the pseudo-terminal, not intercepted */
};

struct result {
	int64_t *ns;        /* each timed frame, whole */
	int64_t *first_ns;  /* its first event: the read() that brings it in */
	size_t timed, incomplete;
	double median_us, p99_us, first_median_us;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sorts @p v; the value at quantile @p q (nearest rank), in µs. */
static double quantile_us(int64_t *v, size_t n, double q)
{
	size_t rank;

	qsort(v, n, sizeof(*v), cmp_i64);
	rank = (size_t)(q * (double)n + 0.999999);
	if (rank == 0)
		rank = 1;
	return v[(rank > n ? n : rank) - 1] / 1000.0;
}

static void summarize(struct result *r)
{
	r->median_us = quantile_us(r->ns, r->timed, 0.5);
	r->p99_us = quantile_us(r->ns, r->timed, 0.99);
	if (r->first_ns)
		r->first_median_us = quantile_us(r->first_ns, r->timed, 0.5);
}

static int load_fixture(struct pen_device *dev, struct input_event **events,
			size_t *count)
{
	struct evemu_reader *r;
	struct input_event ev;
	size_t cap = 0;
	int rc;

	*events = NULL;
	*count = 0;
	if ((rc = evemu_reader_new_from_file(FIXTURE, &r)) < 0) {
		fprintf(stderr, "bench-live: %s: %s\n", FIXTURE, strerror(-rc));
		return rc;
	}
	rc = evemu_reader_read_description(r, dev);
	while (rc == 0 && (rc = evemu_reader_next_event(r, &ev)) == 1) {
		if (*count == cap) {
			void *p = realloc(*events, (cap = cap ? cap * 2 : 1024) * sizeof(ev));

			if (!p) {
				rc = -ENOMEM;
				break;
			}
			*events = p;
		}
		(*events)[(*count)++] = ev;
		rc = 0;
	}
	if (rc < 0)
		fprintf(stderr, "bench-live: %s\n", evemu_reader_error(r) ?
			evemu_reader_error(r) : strerror(-rc));
	evemu_reader_free(r);
	return rc < 0 ? rc : 0;
}

/* The fixture's events @p repeats times over, cut into frames. */
static int repeat_frames(struct bench *b, const struct input_event *one,
			 size_t n_one, int repeats)
{
	size_t per = 0, k = 0, start = 0;

	for (size_t i = 0; i < n_one; i++)
		per += one[i].type == EV_SYN && one[i].code == SYN_REPORT;
	b->n_events = n_one * (size_t)repeats;
	b->n_frames = per * (size_t)repeats;
	b->events = malloc(b->n_events * sizeof(*b->events));
	b->frames = malloc(b->n_frames * sizeof(*b->frames));
	if (!b->events || !b->frames)
		return -ENOMEM;
	for (int r = 0; r < repeats; r++)
		memcpy(b->events + (size_t)r * n_one, one, n_one * sizeof(*one));
	for (size_t i = 0; i < b->n_events; i++) {
		const struct input_event *ev = &b->events[i];

		if (ev->type == EV_SYN && ev->code == SYN_REPORT) {
			b->frames[k].first = start;
			b->frames[k++].count = i + 1 - start;
			start = i + 1;
		}
	}
	return 0;
}

static int new_assembler(const struct bench *b, struct pen_assembler **pa)
{
	int rc = pen_assembler_new(&b->dev, &b->geo, &b->settings.assembler, pa);

	if (rc < 0)
		fprintf(stderr, "bench-live: assembler: %s\n", strerror(-rc));
	return rc;
}

/* The reference: every frame pushed from memory, timed one by one. */
static int bench_memory(const struct bench *b, struct result *r)
{
	struct pen_sample out[PEN_ASSEMBLER_MAX_SAMPLES];
	struct pen_assembler *pa;
	size_t samples = 0;

	for (int pass = 0; pass < 2; pass++) {  /* the first one warms up */
		if (new_assembler(b, &pa) < 0)
			return -1;
		for (size_t f = 0; f < b->n_frames; f++) {
			const struct input_event *ev = &b->events[b->frames[f].first];
			int64_t t0 = now_ns();

			for (size_t i = 0; i < b->frames[f].count; i++)
				samples += pen_assembler_push(pa, &ev[i], out);
			r->ns[f] = now_ns() - t0;
		}
		pen_assembler_free(pa);
	}
	r->timed = b->n_frames;
	summarize(r);
	return samples > 0 ? 0 : -1;
}

/* The pseudo-terminal behind the emulated node, opened so that umockdev
 * does not intercept its reads. */
static int open_pty(const char *node)
{
	char target[PATH_MAX];
	ssize_t n = readlink(node, target, sizeof(target) - 1);

	if (n < 0)
		return -1;
	target[n] = '\0';
	return open(target, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

static int reader_open(struct reader *r, enum reader_kind kind, const char *node)
{
	char why[256];
	int rc;

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->node_fd = r->pty_fd = -1;
	if (kind == VIA_EVDEV_SOURCE) {
		if ((rc = evdev_source_open(node, &r->src, why, sizeof(why))) < 0)
			fprintf(stderr, "bench-live: %s\n", why);
		return rc;
	}
	r->node_fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r->node_fd < 0 || (rc = libevdev_new_from_fd(r->node_fd, &r->evdev)) < 0 ||
	    (r->pty_fd = open_pty(node)) < 0 ||
	    (rc = libevdev_change_fd(r->evdev, r->pty_fd)) < 0) {
		fprintf(stderr, "bench-live: %s: cannot read its pseudo-terminal\n", node);
		return -EIO;
	}
	return 0;
}

static void reader_close(struct reader *r)
{
	evdev_source_free(r->src);
	libevdev_free(r->evdev);
	if (r->pty_fd >= 0)
		close(r->pty_fd);
	if (r->node_fd >= 0)
		close(r->node_fd);
}

/* @return 1 and *ev, 0 when nothing is there now, or a negative errno.
 * Without a SYN_DROPPED, evdev_source_next() makes exactly this call. */
static int reader_next(struct reader *r, struct input_event *ev)
{
	int rc;

	if (r->kind == VIA_EVDEV_SOURCE)
		return evdev_source_next(r->src, ev, 0);
	rc = libevdev_next_event(r->evdev, LIBEVDEV_READ_FLAG_NORMAL, ev);
	if (rc == LIBEVDEV_READ_STATUS_SUCCESS)
		return 1;
	if (rc == -EAGAIN)
		return 0;
	return rc == LIBEVDEV_READ_STATUS_SYNC ? -EPROTO : rc;
}

/* What one read() returning EAGAIN costs on @p fd, median in µs. */
static double read_cost_us(int fd)
{
	int64_t ns[READ_SAMPLES];
	struct input_event ev;

	for (size_t i = 0; i < READ_SAMPLES; i++) {
		int64_t t0 = now_ns();

		if (read(fd, &ev, sizeof(ev)) > 0)
			return -1;
		ns[i] = now_ns() - t0;
	}
	return quantile_us(ns, READ_SAMPLES, 0.5);
}

/* Plays the frames on a fresh node and times @p kind reading them.
 * @p read_us receives what one intercepted and one plain read() cost. */
static int bench_node(const struct bench *b, enum reader_kind kind,
		      struct result *res, double read_us[2])
{
	struct pen_sample out[PEN_ASSEMBLER_MAX_SAMPLES];
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed = NULL;
	struct pen_assembler *pa = NULL;
	struct reader r = { .node_fd = -1, .pty_fd = -1 };
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	char err[UMOCKDEV_PEN_ERROR_MAX];
	const char *node;
	int rc = -1;

	res->timed = res->incomplete = 0;
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&b->dev, &idle, 1, &bed, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench-live: %s\n", err);
		goto out;
	}
	node = umockdev_pen_bed_devnode(bed);
	if (reader_open(&r, kind, node) < 0 || new_assembler(b, &pa) < 0)
		goto out;
	if ((pfd.fd = open_pty(node)) < 0) {
		fprintf(stderr, "bench-live: %s: no pseudo-terminal to poll\n", node);
		goto out;
	}
	if (read_us && r.node_fd >= 0) {
		read_us[0] = read_cost_us(r.node_fd);
		read_us[1] = read_cost_us(r.pty_fd);
	}
	if (umockdev_pen_bed_play(bed, b->events, b->n_events, b->gap_us, err,
				  sizeof(err)) < 0) {
		fprintf(stderr, "bench-live: %s\n", err);
		goto out;
	}
	for (size_t f = 0; f < b->n_frames; f++) {
		struct input_event ev;
		bool whole = true;
		size_t got = 0, read = 0;
		int64_t t0, t1, first = 0;

		poll(&pfd, 1, 200);     /* untimed: the frame's first event */
		sleep_us(SETTLE_US);   /* untimed: the rest of it */
		t0 = now_ns();
		do {
			while ((rc = reader_next(&r, &ev)) == 0) {
				whole = false;  /* not all there: left out */
				if (poll(&pfd, 1, 500) <= 0)
					break;
			}
			if (rc != 1) {
				fprintf(stderr, "bench-live: frame %zu: %s\n", f,
					rc == 0 ? "nothing came" : strerror(-rc));
				rc = -1;
				goto out;
			}
			got = pen_assembler_push(pa, &ev, out);
			if (read++ == 0)
				first = now_ns() - t0;
		} while (!(ev.type == EV_SYN && ev.code == SYN_REPORT));
		t1 = now_ns();
		if (read != b->frames[f].count || got == 0) {
			fprintf(stderr, "bench-live: frame %zu: %zu events read, %zu "
				"played, %zu samples\n", f, read, b->frames[f].count, got);
			rc = -1;
			goto out;
		}
		if (whole) {
			res->first_ns[res->timed] = first;
			res->ns[res->timed++] = t1 - t0;
		} else
			res->incomplete++;
	}
	rc = res->timed ? 0 : -1;
	if (rc == 0)
		summarize(res);
out:
	if (pfd.fd >= 0)
		close(pfd.fd);
	pen_assembler_free(pa);
	reader_close(&r);
	umockdev_pen_bed_free(bed);
	return rc;
}

static void print_result(const char *label, const struct result *r,
			 const struct result *mem)
{
	printf("%-16s median %7.2f us, p99 %7.2f us, %5zu frames (%zu left out), "
	       "%6.1fx memory; first event %.2f us\n", label, r->median_us,
	       r->p99_us, r->timed, r->incomplete, r->median_us / mem->median_us,
	       r->first_median_us);
}

int main(int argc, char **argv)
{
	int repeats = argc > 1 ? atoi(argv[1]) : 20;
	struct bench b = { .gap_us = argc > 2 ? atol(argv[2]) : 3000 };
	struct device_quirk *quirks = NULL;
	struct input_event *one = NULL;
	size_t n_quirks = 0, n_one;
	struct result mem = { 0 }, live = { 0 }, pty = { 0 };
	int64_t clock_ns[1001];
	double read_us[2] = { 0, 0 };
	char err[UMOCKDEV_PEN_ERROR_MAX], where[192];
	int status = 1;

	if (!umockdev_pen_preloaded()) {
		int rc = umockdev_pen_exec_preloaded(argv);

		fprintf(stderr, "bench-live: cannot run under libumockdev-preload: %s\n",
			strerror(-rc));
		return 1;
	}
	if (repeats < 1 || repeats > 1000 || b.gap_us < 2 * SETTLE_US ||
	    b.gap_us > 1000000) {
		fprintf(stderr, "usage: bench-live [REPEATS (1..1000) [GAP_US (%d..1000000)]]\n",
			2 * SETTLE_US);
		return 2;
	}
	if (load_fixture(&b.dev, &one, &n_one) < 0)
		goto out;
	if (quirks_load(QUIRKS, &quirks, &n_quirks, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench-live: %s\n", err);
		goto out;
	}
	device_settings_default(&b.settings);
	if (device_quirks_apply(quirks, n_quirks, &b.dev, &b.settings, err, sizeof(err)) < 0 ||
	    pen_geometry_resolve(&b.dev, NULL, NULL, &b.geo, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench-live: %s\n", err);
		goto out;
	}
	if (repeat_frames(&b, one, n_one, repeats) < 0 ||
	    !(mem.ns = calloc(b.n_frames, sizeof(int64_t))) ||
	    !(live.ns = calloc(b.n_frames, sizeof(int64_t))) ||
	    !(live.first_ns = calloc(b.n_frames, sizeof(int64_t))) ||
	    !(pty.ns = calloc(b.n_frames, sizeof(int64_t))) ||
	    !(pty.first_ns = calloc(b.n_frames, sizeof(int64_t)))) {
		fprintf(stderr, "bench-live: out of memory\n");
		goto out;
	}

	/* What one clock reading costs: it is inside every figure below. */
	for (size_t i = 0; i < sizeof(clock_ns) / sizeof(clock_ns[0]); i++) {
		int64_t t0 = now_ns();

		clock_ns[i] = now_ns() - t0;
	}
	if (bench_memory(&b, &mem) < 0 ||
	    bench_node(&b, VIA_EVDEV_SOURCE, &live, NULL) < 0 ||
	    bench_node(&b, LIBEVDEV_PTY, &pty, read_us) < 0)
		goto out;

	bench_machine(where, sizeof(where), false);
	printf("machine          %s\n", where);
	printf("frames           %zu (%s x%d, %.2f events a frame, one every %ld us)\n",
	       b.n_frames, FIXTURE_NAME, repeats,
	       (double)b.n_events / (double)b.n_frames, b.gap_us);
	print_result("evdev_source", &live, &mem);
	print_result("libevdev, pty", &pty, &mem);
	printf("%-16s median %7.3f us, p99 %7.3f us, %5zu frames\n", "from memory",
	       mem.median_us, mem.p99_us, mem.timed);
	printf("read() EAGAIN    %.2f us on umockdev's descriptor, %.2f us on the "
	       "pseudo-terminal; clock reading %.3f us\n", read_us[0], read_us[1],
	       quantile_us(clock_ns, sizeof(clock_ns) / sizeof(clock_ns[0]), 0.5));
	printf("bench-live: one %.1f-event frame read through libevdev and assembled: "
	       "median %.2f us (p99 %.2f; %.2f of it the read() that brings the "
	       "frame) without umockdev's read interception, %.0fx assembly from "
	       "memory (%.3f us); %.0f us (p99 %.0f) on umockdev's node, where an "
	       "idle read() costs %.0f us; %zu frames, %s\n",
	       (double)b.n_events / (double)b.n_frames, pty.median_us, pty.p99_us,
	       pty.first_median_us, pty.median_us / mem.median_us, mem.median_us,
	       live.median_us, live.p99_us, read_us[0], pty.timed, where);
	status = 0;
out:
	free(quirks);
	free(one);
	free(b.events);
	free(b.frames);
	free(mem.ns);
	free(live.ns);
	free(live.first_ns);
	free(pty.ns);
	free(pty.first_ns);
	return status;
}
