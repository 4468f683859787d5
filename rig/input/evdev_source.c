/* evdev_source: the live input path, libevdev on a real (or umockdev) node.
 *
 * libevdev_next_event() is called in NORMAL mode until it reports
 * LIBEVDEV_READ_STATUS_SYNC with a SYN_DROPPED; from then on in SYNC mode,
 * handing out libevdev's resync events, until -EAGAIN says the device state
 * is current again. poll() waits between events so the caller can run the
 * assembler's idle timer; POLLHUP / POLLERR / -ENODEV mean the device left.
 * A practice session grabs the device (EVIOCGRAB) so its taps reach no
 * other reader; the grab dies with the file descriptor.
 */
#include "evdev_source.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct evdev_source {
	char path[PATH_MAX];
	clockid_t clock;   /* the clock the kernel stamps events with */
	int fd;
	struct libevdev *evdev;
	bool syncing;
	bool grabbed;
	struct pen_device dev;
};

void pen_device_from_libevdev(struct pen_device *dev, const struct libevdev *evdev)
{
	const char *name = libevdev_get_name(evdev);

	pen_device_init(dev);
	snprintf(dev->name, sizeof(dev->name), "%s", name ? name : "");
	dev->id.bustype = (uint16_t)libevdev_get_id_bustype(evdev);
	dev->id.vendor = (uint16_t)libevdev_get_id_vendor(evdev);
	dev->id.product = (uint16_t)libevdev_get_id_product(evdev);
	dev->id.version = (uint16_t)libevdev_get_id_version(evdev);
	for (unsigned int p = 0; p < INPUT_PROP_CNT; p++)
		if (libevdev_has_property(evdev, p))
			dev->props[p / 8] |= (uint8_t)(1u << (p % 8));
	for (unsigned int type = 0; type < EV_CNT; type++) {
		int max = pen_device_code_max(type);

		if (max < 0 || !libevdev_has_event_type(evdev, type))
			continue;
		dev->types[type / 8] |= (uint8_t)(1u << (type % 8));
		for (unsigned int code = 0; code <= (unsigned int)max; code++)
			if (libevdev_has_event_code(evdev, type, code))
				pen_device_enable(dev, type, code);
	}
	for (unsigned int code = 0; code < ABS_CNT; code++) {
		const struct input_absinfo *a = libevdev_get_abs_info(evdev, code);

		if (a)
			dev->abs[code] = *a;
	}
}

int evdev_source_open(const char *path, struct evdev_source **out,
		      char *why, size_t why_size)
{
	struct evdev_source *src;
	int rc;

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return -ENOMEM;
	src->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (src->fd < 0) {
		rc = -errno;
		if (why && why_size)
			snprintf(why, why_size,
				 rc == -EACCES ?
				 "%s: permission denied; add yourself to the input "
				 "group (sudo usermod -aG input $USER) and log in again" :
				 "%s: %s", path, strerror(-rc));
		free(src);
		return rc;
	}
	rc = libevdev_new_from_fd(src->fd, &src->evdev);
	if (rc < 0) {
		if (why && why_size)
			snprintf(why, why_size, "%s: not an evdev device: %s",
				 path, strerror(-rc));
		close(src->fd);
		free(src);
		return rc;
	}
	/* Kernels since 3.4 honour this. Where it fails (emulated nodes), events
	 * keep the kernel's default, the real-time clock; the opening state
	 * frame is stamped on the same clock, and pen_source times its idle
	 * timer by the gaps between reads, so nothing else depends on it. */
	src->clock = libevdev_set_clock_id(src->evdev, CLOCK_MONOTONIC) == 0 ?
		     CLOCK_MONOTONIC : CLOCK_REALTIME;
	snprintf(src->path, sizeof(src->path), "%s", path);
	pen_device_from_libevdev(&src->dev, src->evdev);
	*out = src;
	return 0;
}

void evdev_source_free(struct evdev_source *src)
{
	if (!src)
		return;
	if (src->grabbed)
		evdev_source_grab(src, false);
	libevdev_free(src->evdev);
	if (src->fd >= 0)
		close(src->fd);
	free(src);
}

const struct pen_device *evdev_source_device(const struct evdev_source *src)
{
	return &src->dev;
}

int evdev_source_grab(struct evdev_source *src, bool grab)
{
	int rc = libevdev_grab(src->evdev, grab ? LIBEVDEV_GRAB : LIBEVDEV_UNGRAB);

	if (rc == 0)
		src->grabbed = grab;
	return rc;
}

size_t evdev_source_state(const struct evdev_source *src,
			  struct input_event *evs, size_t max)
{
	/* The tool keys first: any of them held means a pen in proximity. */
	static const unsigned int keys[] = {
		BTN_TOOL_PEN, BTN_TOOL_RUBBER, BTN_TOOL_BRUSH, BTN_TOOL_PENCIL,
		BTN_TOOL_AIRBRUSH, BTN_TOUCH, BTN_STYLUS, BTN_STYLUS2,
	};
	const size_t n_tools = 5, n_keys = sizeof(keys) / sizeof(keys[0]);
	struct timespec ts;
	struct input_event ev = { 0 };
	size_t n = 0;
	bool tool = false;

	for (size_t i = 0; i < n_tools; i++)
		tool |= libevdev_get_event_value(src->evdev, EV_KEY, keys[i]) != 0;
	if (!tool || max == 0)
		return 0;
	clock_gettime(src->clock, &ts);
	ev.input_event_sec = ts.tv_sec;
	ev.input_event_usec = ts.tv_nsec / 1000;
	for (unsigned int code = 0; code < ABS_CNT && n + 1 < max; code++) {
		if (!libevdev_has_event_code(src->evdev, EV_ABS, code) ||
		    code >= ABS_MT_SLOT)
			continue;
		ev.type = EV_ABS;
		ev.code = (uint16_t)code;
		ev.value = libevdev_get_event_value(src->evdev, EV_ABS, code);
		evs[n++] = ev;
	}
	for (size_t i = 0; i < n_keys; i++) {
		unsigned int code = keys[i];

		if (n + 1 >= max || !libevdev_has_event_code(src->evdev, EV_KEY, code) ||
		    !libevdev_get_event_value(src->evdev, EV_KEY, code))
			continue;
		ev.type = EV_KEY;
		ev.code = (uint16_t)code;
		ev.value = 1;
		evs[n++] = ev;
	}
	ev.type = EV_SYN;
	ev.code = SYN_REPORT;
	ev.value = 0;
	evs[n++] = ev;
	return n;
}

int evdev_source_next(struct evdev_source *src, struct input_event *ev,
		      int timeout_ms)
{
	bool hung_up = false;

	for (;;) {
		unsigned int flags = src->syncing ? LIBEVDEV_READ_FLAG_SYNC :
						    LIBEVDEV_READ_FLAG_NORMAL;
		int rc = libevdev_next_event(src->evdev, flags, ev);
		struct pollfd pfd = { .fd = src->fd, .events = POLLIN };

		if (rc == LIBEVDEV_READ_STATUS_SUCCESS)
			return 1;
		if (rc == LIBEVDEV_READ_STATUS_SYNC) {
			/* The SYN_DROPPED itself, then the resync events. */
			src->syncing = true;
			return 1;
		}
		if (rc == -EAGAIN && src->syncing) {
			src->syncing = false;
			continue;
		}
		if (rc != -EAGAIN)
			return rc == -ENODEV || rc == -EIO ? -ENODEV : rc;
		if (hung_up)
			return -ENODEV; /* drained what was left, then gone */

		rc = poll(&pfd, 1, timeout_ms);
		if (rc < 0)
			return errno == EINTR ? 0 : -errno;
		if (rc == 0) {
			struct stat st;

			/* The kernel reports an unplug through POLLHUP/ENODEV;
			 * a node that vanished without that (emulated devices,
			 * a revoked fd) is caught here, at the idle tick. */
			if (stat(src->path, &st) < 0 && errno == ENOENT)
				return -ENODEV;
			return 0;
		}
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
			if (!(pfd.revents & POLLIN))
				return -ENODEV;
			hung_up = true;
		}
	}
}
