/* umockdev_libinput: libinput 1.22's path backend on a umockdev_pen node.
 *
 * umockdev 0.17 lacks two things libinput checks before it takes a node:
 *  - a udev database: libinput refuses a device for which
 *    udev_device_get_is_initialized() is false, and libudev answers from
 *    /run/udev/data, which umockdev does not emulate;
 *  - fstat() of an open node: libinput compares the device number of the
 *    fd it opened with udev's, and umockdev's node is a pseudo-terminal.
 * This file supplies both by defining udev_device_get_is_initialized() and
 * fstat64() in the test program: the dynamic linker binds libinput's calls
 * to a program's own definitions before libudev's and libc's (symbol
 * interposition). Only the node libinput opened through us is treated so;
 * every other call goes on to the next definition (umockdev's or libc's).
 * read() is interposed the same way, to count the bytes libinput has taken
 * from that node: the writer never has more unread than the node's buffer
 * holds, so no read can end inside an event (umockdev_pen_bed_writer_fd()).
 */
#define _GNU_SOURCE 1

#include "umockdev_libinput.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libinput.h>
#include <libudev.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What may wait unread in the node: under its 4095-byte buffer, in whole
 * events. */
#define ROOM_BYTES (168 * sizeof(struct input_event))
#define LOG_MAX (256 * 1024)
/* How far ahead of the monotonic clock events are stamped. */
#define AHEAD_US (3600 * 1000000LL)

/* The node libinput opened through open_restricted(), for the interposed
 * functions (one instance per process). */
static struct {
	int fd;
	char path[64];
	unsigned long long consumed; /* bytes libinput read from it */
} tracked = { -1, "", 0 };

struct umockdev_libinput {
	struct libinput *li;
	struct libinput_device *device;
	int writer;
	unsigned long long written;
	char *log;
	size_t log_len;
};

/* ---- interposed functions ---- */

int udev_device_get_is_initialized(struct udev_device *device)
{
	/* Every udev device this program sees is the testbed's: umockdev
	 * redirects /sys. */
	(void)device;
	return 1;
}

int fstat64(int fd, struct stat64 *buf)
{
	static int (*next)(int, struct stat64 *);

	if (fd >= 0 && fd == tracked.fd)
		return stat64(tracked.path, buf); /* umockdev maps the path */
	if (!next)
		*(void **)&next = dlsym(RTLD_NEXT, "fstat64");
	return next(fd, buf);
}

ssize_t read(int fd, void *buf, size_t count)
{
	static ssize_t (*next)(int, void *, size_t);
	ssize_t n;

	if (!next)
		*(void **)&next = dlsym(RTLD_NEXT, "read");
	n = next(fd, buf, count);
	if (n > 0 && fd >= 0 && fd == tracked.fd)
		tracked.consumed += (unsigned long long)n;
	return n;
}

/* ---- the context ---- */

static int open_restricted(const char *path, int flags, void *data)
{
	int fd = open(path, flags);

	(void)data;
	if (fd < 0)
		return -errno;
	tracked.fd = fd;
	snprintf(tracked.path, sizeof(tracked.path), "%s", path);
	tracked.consumed = 0;
	return fd;
}

static void close_restricted(int fd, void *data)
{
	(void)data;
	if (fd == tracked.fd)
		tracked.fd = -1;
	close(fd);
}

static const struct libinput_interface interface = {
	.open_restricted = open_restricted,
	.close_restricted = close_restricted,
};

static void log_handler(struct libinput *libinput,
			enum libinput_log_priority priority, const char *format,
			va_list args) __attribute__((format(printf, 3, 0)));

static void log_handler(struct libinput *libinput,
			enum libinput_log_priority priority, const char *format,
			va_list args)
{
	struct umockdev_libinput *li = libinput_get_user_data(libinput);
	int n;

	(void)priority;
	if (!li->log || li->log_len >= LOG_MAX - 1)
		return;
	n = vsnprintf(li->log + li->log_len, LOG_MAX - li->log_len, format, args);
	if (n > 0)
		li->log_len += (size_t)n < LOG_MAX - li->log_len ? (size_t)n :
			       LOG_MAX - 1 - li->log_len;
}

static void set_error(char *err, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_error(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!err || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

int umockdev_libinput_new(struct umockdev_pen_bed *bed,
			  struct umockdev_libinput **out, char *err,
			  size_t err_size)
{
	struct umockdev_libinput *li;

	*out = NULL;
	li = calloc(1, sizeof(*li));
	if (!li)
		return -ENOMEM;
	li->log = calloc(1, LOG_MAX);
	li->writer = umockdev_pen_bed_writer_fd(bed);
	li->li = libinput_path_create_context(&interface, li);
	if (!li->log || !li->li) {
		set_error(err, err_size, "%s", "cannot make a libinput context");
		umockdev_libinput_free(li);
		return -ENOMEM;
	}
	if (li->writer < 0) {
		set_error(err, err_size, "%s: umockdev has no writer for it",
			  umockdev_pen_bed_devnode(bed));
		umockdev_libinput_free(li);
		return -ENODEV;
	}
	libinput_log_set_handler(li->li, log_handler);
	libinput_log_set_priority(li->li, LIBINPUT_LOG_PRIORITY_DEBUG);
	li->device = libinput_path_add_device(li->li, umockdev_pen_bed_devnode(bed));
	if (li->device)
		libinput_device_ref(li->device);
	*out = li;
	return 0;
}

void umockdev_libinput_free(struct umockdev_libinput *li)
{
	if (!li)
		return;
	if (li->device) {
		libinput_path_remove_device(li->device);
		libinput_device_unref(li->device);
	}
	if (li->li)
		libinput_unref(li->li);
	free(li->log);
	free(li);
}

bool umockdev_libinput_accepted(const struct umockdev_libinput *li)
{
	return li->device != NULL;
}

const char *umockdev_libinput_log(const struct umockdev_libinput *li)
{
	return li->log ? li->log : "";
}

/* ---- events ---- */

static void count_event(struct libinput_event *ev,
			struct umockdev_libinput_counts *counts)
{
	enum libinput_event_type type = libinput_event_get_type(ev);
	struct libinput_event_tablet_tool *t;
	unsigned int tool;

	if (type != LIBINPUT_EVENT_TABLET_TOOL_TIP &&
	    type != LIBINPUT_EVENT_TABLET_TOOL_PROXIMITY)
		return;
	t = libinput_event_get_tablet_tool_event(ev);
	tool = (unsigned int)libinput_tablet_tool_get_type(
		libinput_event_tablet_tool_get_tool(t));
	if (tool >= UMOCKDEV_LIBINPUT_TOOL_TYPES)
		return;
	if (type == LIBINPUT_EVENT_TABLET_TOOL_PROXIMITY) {
		if (libinput_event_tablet_tool_get_proximity_state(t) ==
		    LIBINPUT_TABLET_TOOL_PROXIMITY_STATE_IN)
			counts->proximity_in[tool]++;
	} else if (libinput_event_tablet_tool_get_tip_state(t) ==
		   LIBINPUT_TABLET_TOOL_TIP_DOWN) {
		counts->tip_down[tool]++;
	} else {
		counts->tip_up[tool]++;
	}
}

static void dispatch(struct umockdev_libinput *li,
		     struct umockdev_libinput_counts *counts)
{
	struct libinput_event *ev;

	libinput_dispatch(li->li);
	while ((ev = libinput_get_event(li->li))) {
		count_event(ev, counts);
		libinput_event_destroy(ev);
	}
}

static long long event_us(const struct input_event *ev)
{
	return (long long)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

/* Index one past the SYN_REPORT that ends the frame starting at @p i. */
static size_t frame_end(const struct input_event *events, size_t count, size_t i)
{
	while (i < count && !(events[i].type == EV_SYN && events[i].code == SYN_REPORT))
		i++;
	return i < count ? i + 1 : count;
}

static int write_event(int fd, const struct input_event *ev, long long us)
{
	struct input_event out = *ev;

	out.input_event_sec = (time_t)(us / 1000000);
	out.input_event_usec = (suseconds_t)(us % 1000000);
	for (;;) {
		ssize_t n = write(fd, &out, sizeof(out));

		if (n == (ssize_t)sizeof(out))
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -errno : -EIO;
	}
}

int umockdev_libinput_feed(struct umockdev_libinput *li,
			   const struct input_event *events, size_t count,
			   int stall_ms, struct umockdev_libinput_counts *counts,
			   char *err, size_t err_size)
{
	struct pollfd pfd = { .fd = libinput_get_fd(li->li), .events = POLLIN };
	struct timespec now;
	long long base, origin = count ? event_us(&events[0]) : 0;
	size_t next = 0;
	int rc;

	if (!li->device) {
		set_error(err, err_size, "%s", "libinput refused the device");
		return -ENODEV;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	base = (long long)now.tv_sec * 1000000 + now.tv_nsec / 1000 + AHEAD_US;
	while (next < count || tracked.consumed < li->written) {
		unsigned long long before = tracked.consumed;

		while (next < count) {
			size_t end = frame_end(events, count, next);
			unsigned long long bytes = (end - next) * sizeof(struct input_event);

			if (bytes > ROOM_BYTES) {
				set_error(err, err_size, "%s", "a frame larger than the node's buffer");
				return -E2BIG;
			}
			if (li->written - tracked.consumed + bytes > ROOM_BYTES)
				break;
			for (; next < end; next++) {
				rc = write_event(li->writer, &events[next],
						 base + event_us(&events[next]) - origin);
				if (rc < 0) {
					set_error(err, err_size, "writing to the node: %s",
						  strerror(-rc));
					return rc;
				}
			}
			li->written += bytes;
		}
		rc = poll(&pfd, 1, stall_ms);
		if (rc < 0 && errno != EINTR) {
			rc = -errno;
			set_error(err, err_size, "poll: %s", strerror(-rc));
			return rc;
		}
		dispatch(li, counts);
		if (rc == 0 && tracked.consumed == before) {
			set_error(err, err_size, "%s", "libinput took nothing from the node "
				  "in the time allowed (see its log)");
			return -ETIMEDOUT;
		}
	}
	dispatch(li, counts);
	return 0;
}
