/* pty_player: input events into a pseudo-terminal from a thread, never
 * splitting one (see pty_player.h for why).
 *
 * How it works: the player opens the slave side itself (TIOCGPTPEER, no
 * path for umockdev's preload to redirect) only to look at its input
 * buffer. A write into the master goes first to the terminal's flip
 * buffers, and a kernel worker moves it from there into N_TTY's input
 * buffer (4096 bytes, of which raw mode fills 4095), taking what fits and
 * leaving the rest for later: so the bytes of an event split only where
 * that buffer runs out of room. The player therefore writes a unit of
 * events only when what waits unread (FIONREAD), what may still be on its
 * way and the unit together fit in 4095 bytes. FIONREAD does not count
 * bytes still on their way, so the player keeps a bound on them: each
 * write adds to it, growth of the unread count (only arrivals make it
 * grow) takes from it, and it drops to zero when the buffer is empty and
 * poll() still finds it empty, because n_tty's poll() on an empty buffer
 * first waits for the worker to deliver what is pending.
 *
 * A unit is whole events of one time and at most one frame, at most 42
 * events (1008 bytes): the worker hands the ldisc each flip buffer's
 * committed bytes at once, and one write of up to 1792 bytes lands in one
 * flip buffer, so a unit arrives whole. A write the kernel takes in part
 * is completed (a safety net; with the bound above it does not happen).
 */
#include "pty_player.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* What N_TTY's input buffer holds in raw mode (measured: 4095 of 4096;
 * test-umockdev-pen fills it). */
#define PTY_ROOM 4095
/* The most events one write carries (see above). */
#define UNIT_MAX_EVENTS 42
/* How long the thread naps before looking for room again. */
#define ROOM_NAP_US 500

struct pty_player {
	int master;
	int peer;                   /* the slave, opened to look at its buffer */
	struct input_event *events;
	size_t count;
	int64_t frame_gap_us;
	bool stamp_now;             /* stamped as written, not as planned */
	int64_t start_us;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;        /* on the monotonic clock */
	bool stop;                  /* under lock */
	/* the thread's own */
	size_t on_the_way;          /* bytes written that may not be in the buffer yet */
	int last_unread;
};

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t event_us(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

static bool ends_frame(const struct input_event *ev)
{
	return ev->type == EV_SYN && (ev->code == SYN_REPORT || ev->code == SYN_DROPPED);
}

/* The time event @p i is played at, relative to the start; @p frame is
 * the number of frames before it. */
static int64_t play_time(const struct pty_player *p, size_t i, size_t frame)
{
	int64_t t;

	if (p->frame_gap_us >= 0)
		return (int64_t)frame * p->frame_gap_us;
	t = event_us(&p->events[i]) - event_us(&p->events[0]);
	return t < 0 ? 0 : t;
}

/* Waits until @p when_us (monotonic) or until asked to stop.
 * @return false when asked to stop. */
static bool wait_until(struct pty_player *p, int64_t when_us)
{
	struct timespec deadline = { (time_t)(when_us / 1000000),
				     (long)(when_us % 1000000) * 1000 };
	bool go_on;

	pthread_mutex_lock(&p->lock);
	while (!p->stop && now_us() < when_us)
		pthread_cond_timedwait(&p->wake, &p->lock, &deadline);
	go_on = !p->stop;
	pthread_mutex_unlock(&p->lock);
	return go_on;
}

int pty_player_unread(int fd)
{
	int n = 0;

	/* Around the preload's ioctl(), straight to the kernel. */
	if (syscall(SYS_ioctl, fd, FIONREAD, &n) < 0)
		return -errno;
	return n;
}

/* @return 1 when @p bytes more cannot split an event, 0 when not yet, or
 * a negative errno. */
static int has_room(struct pty_player *p, size_t bytes)
{
	int unread = pty_player_unread(p->peer);

	if (unread < 0)
		return unread;
	if (unread > p->last_unread) {
		size_t arrived = (size_t)(unread - p->last_unread);

		p->on_the_way = arrived < p->on_the_way ? p->on_the_way - arrived : 0;
	}
	p->last_unread = unread;
	if (unread == 0 && p->on_the_way > 0) {
		struct pollfd pfd = { .fd = p->peer, .events = POLLIN };
		int ready = poll(&pfd, 1, 0);

		if (ready < 0 && errno != EINTR)
			return -errno;
		if (ready == 0)
			p->on_the_way = 0;
	}
	return (size_t)unread + p->on_the_way + bytes <= PTY_ROOM;
}

/* Writes all of @p buf, over short writes. */
static int write_whole(int fd, const void *buf, size_t len)
{
	const char *at = buf;

	while (len > 0) {
		ssize_t n = write(fd, at, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		at += n;
		len -= (size_t)n;
	}
	return 0;
}

static void *play(void *data)
{
	struct pty_player *p = data;
	struct input_event unit[UNIT_MAX_EVENTS];
	size_t i = 0, frame = 0;
	int rc = 0;

	while (i < p->count) {
		int64_t t = play_time(p, i, frame);
		size_t n = 0;

		while (i + n < p->count && n < UNIT_MAX_EVENTS &&
		       play_time(p, i + n, frame) == t) {
			unit[n] = p->events[i + n];
			unit[n].input_event_sec = (time_t)(t / 1000000);
			unit[n].input_event_usec = (suseconds_t)(t % 1000000);
			if (ends_frame(&unit[n++]))
				break;
		}
		if (!wait_until(p, p->start_us + t))
			return NULL;
		while ((rc = has_room(p, n * sizeof(*unit))) == 0)
			if (!wait_until(p, now_us() + ROOM_NAP_US))
				return NULL;
		if (p->stamp_now) {
			int64_t now = now_us();

			for (size_t k = 0; k < n; k++) {
				unit[k].input_event_sec = (time_t)(now / 1000000);
				unit[k].input_event_usec = (suseconds_t)(now % 1000000);
			}
		}
		if (rc < 0 || (rc = write_whole(p->master, unit, n * sizeof(*unit))) < 0)
			break;
		p->on_the_way += n * sizeof(*unit);
		frame += ends_frame(&unit[n - 1]);
		i += n;
	}
	if (rc < 0)
		fprintf(stderr, "pty_player: stopped after %zu of %zu events: %s\n",
			i, p->count, strerror(-rc));
	return NULL;
}

static int start(int master, const struct input_event *events, size_t count,
		 int64_t frame_gap_us, bool stamp_now, struct pty_player **out)
{
	struct pty_player *p;
	pthread_condattr_t attr;
	int rc;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->events = malloc((count ? count : 1) * sizeof(*events));
	if (!p->events) {
		free(p);
		return -ENOMEM;
	}
	if (count)
		memcpy(p->events, events, count * sizeof(*events));
	p->count = count;
	p->frame_gap_us = frame_gap_us;
	p->stamp_now = stamp_now;
	p->master = master;
	p->peer = (int)syscall(SYS_ioctl, master, TIOCGPTPEER,
			       O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (p->peer < 0) {
		rc = -errno;
		free(p->events);
		free(p);
		return rc;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->wake, &attr);
	pthread_condattr_destroy(&attr);
	p->start_us = now_us();
	rc = pthread_create(&p->thread, NULL, play, p);
	if (rc != 0) {
		pthread_cond_destroy(&p->wake);
		pthread_mutex_destroy(&p->lock);
		close(p->peer);
		free(p->events);
		free(p);
		return -rc;
	}
	*out = p;
	return 0;
}

int pty_player_start(int master, const struct input_event *events, size_t count,
		     int64_t frame_gap_us, struct pty_player **out)
{
	return start(master, events, count, frame_gap_us, false, out);
}

int pty_player_start_stamped(int master, const struct input_event *events, size_t count,
			     int64_t frame_gap_us, struct pty_player **out)
{
	return start(master, events, count, frame_gap_us, true, out);
}

void pty_player_free(struct pty_player *player)
{
	if (!player)
		return;
	pthread_mutex_lock(&player->lock);
	player->stop = true;
	pthread_cond_signal(&player->wake);
	pthread_mutex_unlock(&player->lock);
	pthread_join(player->thread, NULL);
	pthread_cond_destroy(&player->wake);
	pthread_mutex_destroy(&player->lock);
	close(player->peer);
	free(player->events);
	free(player);
}
