/* practice_ticker: the status line, the keys (the terminal's and the
 * view's window's) and the commit clock of a practice session, on a
 * thread of their own so that the pen loop does no
 * more than store a few counters. The thread never touches the store or
 * the simulator: it reads the counters and sets flags.
 *
 * The status line is rewritten in place (\r, the text, \033[K) and so
 * must never wrap: it is cut to the terminal's width, asked at each
 * redraw, by leaving out its least important fields first (the last
 * fault, then the share in band, then the count), whole.
 */
#include "practice.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "deposit.h"
#include "view_link.h"

#define DRAW_EVERY_US 100000
#define FLUSH_EVERY_US 500000

static int64_t monotonic_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void clock_text(double s, char *buf, size_t size)
{
	long whole = s > 0 ? (long)s : 0;

	snprintf(buf, size, "%ld:%02ld", whole / 60, whole % 60);
}

/* The terminal's width in columns, asked at every redraw (a resized
 * window is followed within a tenth of a second, no SIGWINCH handler
 * needed); 80 when it does not say. */
static size_t terminal_columns(FILE *f)
{
	struct winsize ws;

	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

size_t practice_status_text(const char *const fields[], size_t count, size_t columns,
			    char *out, size_t size)
{
	/* One column short of the width: a character in the last column
	 * leaves some terminals waiting to wrap, and the next \r or \033[K
	 * would then land on a new line. */
	size_t room = columns > 1 ? columns - 1 : 0, len = 0;

	if (size == 0)
		return 0;
	if (room >= size)
		room = size - 1;
	out[0] = '\0';
	/* Whole fields, most important first: the ones that do not fit are
	 * left out from the last; the first is cut if even it does not fit.
	 * The texts are ASCII (clock, counts, fault names): a byte is a
	 * column. */
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(fields[i]);

		if (len + n > room) {
			if (i == 0) {
				memcpy(out, fields[0], room);
				len = room;
			}
			break;
		}
		memcpy(out + len, fields[i], n);
		len += n;
	}
	out[len] = '\0';
	return len;
}

static void draw(struct practice_ticker *t)
{
	const struct practice_counters *c = t->counters;
	unsigned int deposits, in_band, fault;
	char now[32], limit[32], at[32], head[80], count[48], band[48], last[96], line[512];
	const char *fields[4] = { head, count, band, last };
	size_t n = 1;

	if (!atomic_load_explicit(&c->started, memory_order_acquire))
		return;
	deposits = atomic_load_explicit(&c->deposits, memory_order_relaxed);
	in_band = atomic_load_explicit(&c->in_band, memory_order_relaxed);
	fault = atomic_load_explicit(&c->last_fault, memory_order_relaxed);
	clock_text(atomic_load_explicit(&c->now_us, memory_order_relaxed) / 1e6, now,
		   sizeof(now));
	clock_text(t->limit_s, limit, sizeof(limit));
	snprintf(head, sizeof(head), "  %s / %s", now, limit);
	if (t->exam) {
		/* An exam's terminal tells no more than its view: the time. */
		snprintf(count, sizeof(count), "   exam");
		n = 2;
	} else {
		snprintf(count, sizeof(count), "   deposits %u", deposits);
		n = 2;
		if (deposits) {
			snprintf(band, sizeof(band), "   in band %.0f%%",
				 100.0 * in_band / deposits);
			fields[n++] = band;
		}
		if (fault) {
			clock_text(atomic_load_explicit(&c->last_fault_us,
							memory_order_relaxed) / 1e6,
				   at, sizeof(at));
			snprintf(last, sizeof(last), "   last fault: %s at %s",
				 deposit_fault_name(fault), at);
			fields[n++] = last;
		}
	}
	practice_status_text(fields, n, terminal_columns(t->status), line, sizeof(line));
	fprintf(t->status, "\r%s\033[K", line);
	fflush(t->status);
	t->drawn = true;
}

/* Reads what was typed; Enter or q ends the session. */
static void read_keys(struct practice_ticker *t)
{
	char buf[64];
	ssize_t n = read(t->key_fd, buf, sizeof(buf));

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			t->key_fd = -1;   /* closed: no more keys */
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == 'q' || buf[i] == 'Q')
			*t->stop = PRACTICE_STOP_KEY;
}

static void *tick(void *arg)
{
	struct practice_ticker *t = arg;
	int64_t drawn_at = 0, flushed_at = monotonic_us();

	while (!atomic_load_explicit(&t->quit, memory_order_acquire)) {
		int64_t now;

		if (t->key_fd >= 0) {
			struct pollfd p = { .fd = t->key_fd, .events = POLLIN };

			if (poll(&p, 1, DRAW_EVERY_US / 1000) > 0) {
				if (p.revents & POLLIN)
					read_keys(t);
				else
					t->key_fd = -1;
			}
		} else {
			struct timespec d = { 0, DRAW_EVERY_US * 1000L };

			nanosleep(&d, NULL);
		}
		/* The window's keys: the view's thread hands them over; this
		 * thread is the only one that takes them. */
		for (enum view_key k; t->view && (k = view_link_next_key(t->view)) != VIEW_KEY_NONE;)
			if (k == VIEW_KEY_QUIT)
				*t->stop = PRACTICE_STOP_KEY;
		now = monotonic_us();
		if (now - flushed_at >= FLUSH_EVERY_US) {
			atomic_store_explicit(&t->flush_due, 1, memory_order_relaxed);
			flushed_at = now;
		}
		if (t->status && now - drawn_at >= DRAW_EVERY_US) {
			draw(t);
			drawn_at = now;
		}
	}
	return NULL;
}

int practice_ticker_start(struct practice_ticker *t)
{
	sigset_t block, old;
	int rc;

	atomic_init(&t->quit, false);
	atomic_init(&t->flush_due, 0);
	t->drawn = t->running = t->have_termios = false;
	t->key_fd = -1;
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &t->saved) == 0) {
		struct termios raw = t->saved;

		/* Keys without Enter and without echo; Ctrl-C still signals. */
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
			t->have_termios = true;
			t->key_fd = STDIN_FILENO;
		}
	}
	/* Signals go to the pen loop's thread, whose wait they cut short. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);   /* the terminal closed: practice.c ends the session */
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(&t->thread, NULL, tick, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		if (t->have_termios)
			tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
		t->have_termios = false;
		return -rc;
	}
	t->running = true;
	return 0;
}

void practice_ticker_stop(struct practice_ticker *t)
{
	if (!t->running)
		return;
	atomic_store_explicit(&t->quit, true, memory_order_release);
	pthread_join(t->thread, NULL);
	t->running = false;
	if (t->drawn) {
		fputs("\r\033[K", t->status);
		fflush(t->status);
	}
	if (t->have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
	t->have_termios = false;
}
