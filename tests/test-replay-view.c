/* test-replay-view: the instructor's replay in the live view's window,
 * end to end, under a private Xvfb (tests/x_display.c) with real X key
 * presses (XTEST).
 *
 * The careless demo recording is practised into a real SQLite record
 * (`practice --replay --no-view`); `smpsim replay --session 1 --view` is
 * started as a child process on the private display. Its keys are pressed
 * as a keyboard would press them, and what each shows is read from what
 * the replay says of it on standard error: n jumps to the first fault (of
 * as many as the record's fault count), on the first deposit the record
 * says has one (named by its number in the record, as review names it);
 * n again to the second; p back to the first; the right
 * arrow steps to that fault's dot, finished (the timeline, read off the
 * screen, in a band of its own below the status bar, the scale bar in
 * sight above it); + makes it 2x, - 1x again; q
 * ends the replay, whose check (on standard output) is exact, exit 0.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "child_process.h"
#include "db_query.h"
#include "tmp_files.h"
#include "x_display.h"

#define RECORDING SMPSIM_DATA_DIR "/recordings/hairline-careless.evemu"
/* A bound on each wait, for a hung child, not a pace. */
#define WAIT_BOUND_S 60
/* The window is centred on the 1280x1024 screen: its middle. */
#define MID_X 640
#define MID_Y 512
/* The view's scale bar and status bar (sim/view/view_draw_*.c). */
#define SCALE_BAR_RGB 0x1D1D1Fu
#define STATUS_BG_RGB 0x202124u

static size_t occurrences(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* Waits until the child's standard error holds @p what @p n times. */
static void wait_err(struct child_process *c, const char *what, size_t n)
{
	struct timespec step = { 0, 5000000 };

	for (int i = 0; i < WAIT_BOUND_S * 200; i++) {
		char *err = child_peek_err(c);
		size_t k = err ? occurrences(err, what) : 0;

		free(err);
		if (k >= n)
			return;
		nanosleep(&step, NULL);
	}
	{
		char *err = child_peek_err(c);

		fail_msg("waited for '%s' %zu times; stderr:\n%s", what, n, err ? err : "");
	}
}

static void press(const struct x_display *x, const char *key)
{
	assert_int_equal(x_display_key(x, MID_X, MID_Y, key), 0);
}

/* Waits until the screen's pixel (@p px, @p py) is @p want (0xRRGGBB). */
static void wait_pixel(const struct x_display *x, int px, int py, unsigned int want)
{
	struct timespec step = { 0, 5000000 };
	unsigned int rgb = 0;

	for (int i = 0; i < WAIT_BOUND_S * 200; i++) {
		assert_int_equal(x_display_pixel(x, px, py, &rgb), 0);
		if (rgb == want)
			return;
		nanosleep(&step, NULL);
	}
	fail_msg("pixel (%d, %d) is %06x, not %06x", px, py, rgb, want);
}

static void test_replay_keys(void **state)
{
	struct x_display x = { 0 };
	struct child_process c;
	struct child_result r;
	char db[PATH_MAX], want[256], dot[64];
	int64_t faults, deposits, first, first_faults;

	(void)state;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	{
		const char *const add[] = { SMPSIM_BINARY, "trainee", "add", "Vi View", "--db", db,
					    NULL };
		const char *const practice[] = { SMPSIM_BINARY, "practice", "--trainee", "Vi View",
						 "--lesson", "soft-hairline", "--replay", RECORDING,
						 "--audio", "none", "--no-view", "--db", db, NULL };

		assert_int_equal(child_run(add, NULL, &r), 0);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
		assert_int_equal(child_run(practice, NULL, &r), 0);
		if (r.status != 0)
			fail_msg("practice: %s", r.err);
		child_result_free(&r);
	}
	faults = db_query_int(db, "SELECT fault_count FROM sessions WHERE id = 1");
	deposits = db_query_int(db, "SELECT deposit_count FROM sessions WHERE id = 1");
	first = db_query_int(db, "SELECT min(seq) FROM deposits WHERE session = 1 AND faults != 0");
	first_faults = db_query_int(db, "SELECT faults FROM deposits WHERE session = 1 AND seq = "
				    "(SELECT min(seq) FROM deposits WHERE session = 1 AND faults != 0)");
	assert_true(faults >= 3);

	if (x_display_start(&x, 1280, 1024) < 0)
		fail_msg("cannot start Xvfb");
	{
		const char *const argv[] = { SMPSIM_BINARY, "replay", "--session", "1", "--view",
					     "--db", db, NULL };
		/* In the sanitized build the window's child is not checked for
		 * leaks: SDL 2.26 leaves libdbus's process-wide state (it has no
		 * way to call dbus_shutdown()) and what the X libraries it loads
		 * and unloads allocated, which LeakSanitizer cannot even name.
		 * The replay's own code is leak-checked by test-replay and
		 * test-view-replay. */
		const char *const env[] = { x.env, "ASAN_OPTIONS=detect_leaks=0", NULL };

		assert_int_equal(child_start(argv, env, &c), 0);
	}
	wait_err(&c, "Replaying session 1 in the window", 1);

	press(&x, "n");
	snprintf(want, sizeof(want), "replay: fault 1 of %" PRId64 ": ", faults);
	wait_err(&c, want, 1);
	snprintf(dot, sizeof(dot), ", dot %" PRId64 " at ", first);
	{
		char *err = child_peek_err(&c);
		char *line = strstr(err, want);

		assert_non_null(line);
		*strchr(line, '\n') = '\0';
		if (!strstr(line, dot))
			fail_msg("'%s' is not on dot %" PRId64 " (review's number)", line, first);
		/* A deposit with one fault: that fault is named. */
		if (__builtin_popcountll((unsigned long long)first_faults) == 1) {
			static const char *const names[] = {
				"merged", "too-close", "gap", "outside-zone", "tail", "oblique",
				"drag-line", "shallow", "overdeep",
			};

			assert_non_null(strstr(line, names[__builtin_ctzll(
				(unsigned long long)first_faults)]));
		}
		free(err);
	}
	/* The timeline has a band of its own under the status bar, so the
	 * scale bar stays in sight: the 1024x768 window is centred on the
	 * screen at (128, 128); the scene above the 22 px band is 746 px
	 * tall, its scale bar's 2 px line on its rows 709 and 710 from x 12
	 * (the status bar's 28 px and 8 above them); the timeline on the
	 * band's rows 750 to 763, across the window but its 12 px margins. */
	wait_pixel(&x, 128 + 12 + 40, 128 + 709, SCALE_BAR_RGB);
	{
		int on_band = 0;

		for (int px = 12; px < 1012; px += 10) {
			unsigned int rgb;

			assert_int_equal(x_display_pixel(&x, 128 + px, 128 + 757, &rgb), 0);
			on_band += rgb == STATUS_BG_RGB;
		}
		if (on_band > 0)
			fail_msg("%d of 100 points of the timeline's row are the band's colour",
				 on_band);
	}

	press(&x, "n");
	snprintf(want, sizeof(want), "replay: fault 2 of %" PRId64 ": ", faults);
	wait_err(&c, want, 1);
	press(&x, "p");
	snprintf(want, sizeof(want), "replay: fault 1 of %" PRId64 ": ", faults);
	wait_err(&c, want, 2);
	/* The fault's dot is in the making: the next step finishes it. */
	press(&x, "Right");
	snprintf(want, sizeof(want), "replay: dot %" PRId64 " at ", first);
	wait_err(&c, want, 1);
	snprintf(want, sizeof(want), " (%" PRId64 " of %" PRId64 ")\n", first + 1, deposits);
	wait_err(&c, want, 1);
	press(&x, "plus");
	wait_err(&c, "replay: 2x\n", 1);
	press(&x, "minus");
	wait_err(&c, "replay: 1x\n", 1);
	press(&x, "q");
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0 || !strstr(r.out, "The replay reproduces the session exactly.\n"))
		fail_msg("replay: %d\n%s%s", r.status, r.out, r.err);
	child_result_free(&r);
	x_display_stop(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_keys),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
