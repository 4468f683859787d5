/* test-view-live: `smpsim practice --view` end to end under a private X
 * server (Xvfb, tests/x_display.c), on a pen emulated by umockdev
 * (tests/umockdev_pen.c) with taps at known places on the pad. The
 * window's last frame (--screenshot) must show each dot the model made
 * where the record says it is: its x_mm, y_mm turned to pixels by the
 * scale and origin the view states as it opens, in its depth class's
 * colour (the pigment's in exam mode). Keys are real X key events
 * (XTEST) into the window: q and Escape end the session and i shows the
 * instructions, as the help says, and the record keeps the view's mode;
 * `smpsim pen-check` opens the view too, and q there ends it. CI has no display: the test
 * starts its own. Run under umockdev's preload (ctest's wrapper, or it
 * runs itself under it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "session_gen.h"
#include "store.h"
#include "tmp_files.h"
#include "umockdev_pen.h"
#include "view_scene.h"
#include "x_display.h"

/* A bound on each wait for a condition, to fail rather than hang. */
#define WAIT_BOUND_S 60
#define TAPS 8
#define TRAINEE "View Trainee"
#define SCREEN_W 1280
#define SCREEN_H 1024

static struct x_display xvfb;

/* A record at @p db holding the test's trainee. */
static void make_record(const char *db)
{
	struct store *store;
	char err[STORE_ERROR_MAX];
	int64_t id;

	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, TRAINEE, &id), 0);
	store_close(store);
}

struct dot { double x_mm, y_mm; int depth_class; };

/* The deposits of session 1 of @p db, in order, and its view_mode.
 * @return how many (at most @p max). */
static size_t stored_dots(const char *db, struct dot *dots, size_t max, int *view_mode)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT x_mm, y_mm, depth_class FROM deposits "
					    "WHERE session = 1 ORDER BY seq", -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < max) {
		dots[n].x_mm = sqlite3_column_double(st, 0);
		dots[n].y_mm = sqlite3_column_double(st, 1);
		dots[n].depth_class = sqlite3_column_int(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(s);
	*view_mode = (int)db_query_int(db, "SELECT view_mode FROM sessions WHERE id = 1");
	return n;
}

/* The deposits the running session has committed so far (-1 while its
 * writer holds the record for a moment). */
static int64_t count_deposits(const char *db)
{
	return db_query_int_try(db, "SELECT count(*) FROM deposits");
}

static void wait_deposits(const char *db, int64_t n)
{
	int64_t have = count_deposits(db);

	for (int i = 0; i < WAIT_BOUND_S * 20 && have < n; i++) {
		usleep(50000);
		have = count_deposits(db);
	}
	assert_int_equal(have, n);
}

/* TAPS taps 4 mm apart in a row across depth-taps' square (scalp x from
 * 62 mm, where the lesson's fit puts it on the synthetic pad), then the
 * pen away. */
static size_t taps(const char *stem, struct pen_device *dev, struct input_event **events)
{
	struct session_gen_tap t[TAPS];
	struct session_gen_hand hand;
	const struct session_gen_session session = { stem, t, TAPS };
	char rec[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX];
	size_t count;

	for (size_t i = 0; i < TAPS; i++)
		t[i] = (struct session_gen_tap){
			.t_ms = 100 + 120 * (int)i,
			.x_mm = SESSION_GEN_SQUARE_PAD_DX_MM + 62 + 4.0 * (double)i,
			.y_mm = SESSION_GEN_SQUARE_PAD_DY_MM + 48 + 1.5 * (double)i,
			.pressure = 0.2, .dwell_ms = 20,
			.cue = AUDIO_CUE_COUNT,
		};
	session_gen_hand_default(&hand);
	snprintf(rec, sizeof(rec), "%s/%s.evemu", tmp_files_dir(), stem);
	assert_int_equal(session_gen_write_file(rec, &hand, &session), 0);
	if (umockdev_pen_read_recording(rec, dev, events, &count, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return count;
}

/* What the view said as it opened: its scale and where scalp (0, 0) is. */
static void stated_scale(const char *err, double *ppm, double *x0, double *y0)
{
	const char *line = strstr(err, "view: 1024x768 px at ");
	int w, h;

	assert_non_null(line);
	assert_int_equal(sscanf(line, "view: %dx%d px at %lf px per mm (scalp (0, 0) mm at "
				"pixel (%lf, %lf))", &w, &h, ppm, x0, y0), 5);
}

/* The colour of pixel (@p x, @p y) of @p png, 0xRRGGBB. */
static uint32_t pixel(cairo_surface_t *png, int x, int y)
{
	const unsigned char *data = cairo_image_surface_get_data(png);
	int stride = cairo_image_surface_get_stride(png);

	assert_true(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(png) &&
		    y < cairo_image_surface_get_height(png));
	return *(const uint32_t *)(data + (size_t)y * (size_t)stride + (size_t)x * 4) & 0xFFFFFF;
}

/* Exam mode's dots: healed pigment, a little of the skin through it
 * (sim/view/view_draw_dots.c). */
#define EXAM_ALPHA 0.9

/* @p top at @p alpha over @p under. */
static uint32_t blend(uint32_t top, uint32_t under, double alpha)
{
	uint32_t out = 0;

	for (int shift = 0; shift <= 16; shift += 8) {
		double c = alpha * ((top >> shift) & 0xff) + (1 - alpha) * ((under >> shift) & 0xff);

		out |= (uint32_t)(c + 0.5) << shift;
	}
	return out;
}

/* The same colour to within rounding (2 of 255 a channel). */
static bool near(uint32_t a, uint32_t b)
{
	for (int shift = 0; shift <= 16; shift += 8)
		if (abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff)) > 2)
			return false;
	return true;
}

static uint32_t class_colour(int depth_class)
{
	static const uint32_t colours[] = { VIEW_COLOUR_SHALLOW, VIEW_COLOUR_IN_BAND,
					    VIEW_COLOUR_DEEP, VIEW_COLOUR_OVERDEEP };

	assert_true(depth_class >= 0 && depth_class < 4);
	return colours[depth_class];
}

/* A practice session with the view: taps played, the session ended by
 * @p key in the window; then each stored dot is checked in the
 * screenshot. @p extra: more options (NULL-terminated; may be NULL). */
static void session_with_view(const char *stem, const char *const keys[],
			      const char *const extra[], int view_mode, bool pigment,
			      bool check_dots)
{
	struct pen_device dev;
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	struct child_process c;
	struct child_result r;
	struct dot dots[TAPS + 4];
	char db[PATH_MAX], shot[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX], *said;
	const char *argv[24] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE, "--lesson",
				 "depth-taps", "--db", db, "--audio", "none", "--view",
				 "--screenshot", shot };
	const char *const env[] = { xvfb.env, "WAYLAND_DISPLAY=", NULL };
	double ppm, x0, y0;
	cairo_surface_t *png;
	size_t count, n = 13;
	int mode;

	count = taps(stem, &dev, &events);
	snprintf(db, sizeof(db), "%s/%s.db", tmp_files_dir(), stem);
	snprintf(shot, sizeof(shot), "%s/%s.png", tmp_files_dir(), stem);
	make_record(db);
	for (size_t i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(child_start(argv, env, &c), 0);
	/* The window is up once it says its scale; then the pen comes. */
	assert_true(child_wait_err(&c, "view: 1024x768 px at ", WAIT_BOUND_S));
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	wait_deposits(db, TAPS);
	/* Real key presses in the window (it is centred on the screen); with
	 * none, Ctrl-C at the terminal. */
	for (size_t i = 0; keys && keys[i]; i++)
		assert_int_equal(x_display_key(&xvfb, SCREEN_W / 2, SCREEN_H / 2, keys[i]), 0);
	if (!keys)
		kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("practice: exit %d\n%s%s", r.status, r.out, r.err);
	assert_non_null(strstr(r.out, keys ? "ended by a key." : "ended by Ctrl-C."));
	said = strstr(r.out, "The view's last frame: ");
	assert_non_null(said);
	stated_scale(r.err, &ppm, &x0, &y0);
	assert_true(ppm > 1);

	assert_int_equal(stored_dots(db, dots, TAPS + 4, &mode), TAPS);
	assert_int_equal(mode, view_mode);
	png = cairo_image_surface_create_from_png(shot);
	assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(png), 1024);
	assert_int_equal(cairo_image_surface_get_height(png), 768);
	for (size_t i = 0; check_dots && i + 1 < TAPS; i++) {
		int px = (int)(x0 + dots[i].x_mm * ppm), py = (int)(y0 + dots[i].y_mm * ppm);
		/* Half way to the next dot (over 2 mm away) is skin. */
		int mx = (int)(x0 + (dots[i].x_mm + dots[i + 1].x_mm) / 2 * ppm);
		int my = (int)(y0 + (dots[i].y_mm + dots[i + 1].y_mm) / 2 * ppm);
		uint32_t skin = pixel(png, mx, my), got = pixel(png, px, py);
		uint32_t want = pigment ? blend(VIEW_COLOUR_PIGMENT, skin, EXAM_ALPHA) :
				class_colour(dots[i].depth_class);

		if (!near(got, want))
			fail_msg("dot %zu at %.2f, %.2f mm: pixel (%d, %d) is %06x, not %06x", i,
				 dots[i].x_mm, dots[i].y_mm, px, py, got, want);
		assert_false(near(skin, want));
	}
	cairo_surface_destroy(png);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* q ends the session; each dot is where the model put it, in its class's
 * colour; the record says the view was shown. */
static void q_ends_and_dots_are_in_place(void **state)
{
	(void)state;
	session_with_view("view-q", (const char *const[]){ "q", NULL }, NULL, STORE_VIEW_SHOWN,
			  false, true);
}

/* i shows the lesson's instructions over the view: the same session as
 * above with i pressed before q differs across the panel's top band
 * (sim/view/view_draw_hud.c: 640 px wide, centred, from 12 px down; it
 * covers some of the dots, which are not looked for). */
static void i_shows_the_instructions(void **state)
{
	char plain[PATH_MAX], shown[PATH_MAX];
	cairo_surface_t *a, *b;
	int differ = 0, n = 0;

	(void)state;
	session_with_view("view-i", (const char *const[]){ "i", "q", NULL }, NULL,
			  STORE_VIEW_SHOWN, false, false);
	snprintf(plain, sizeof(plain), "%s/view-q.png", tmp_files_dir());
	snprintf(shown, sizeof(shown), "%s/view-i.png", tmp_files_dir());
	a = cairo_image_surface_create_from_png(plain);
	b = cairo_image_surface_create_from_png(shown);
	assert_int_equal(cairo_surface_status(a), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_surface_status(b), CAIRO_STATUS_SUCCESS);
	for (int y = 16; y < 40; y += 4)
		for (int x = 200; x < 820; x += 10, n++)
			differ += !near(pixel(a, x, y), pixel(b, x, y));
	if (differ < n * 9 / 10)
		fail_msg("with i pressed, %d of %d pixels of the panel's band differ", differ, n);
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
}

/* Ctrl-C ends a session with the view as one without: scored, stored,
 * and the last frame written. */
static void ctrl_c_ends_it(void **state)
{
	(void)state;
	session_with_view("view-int", NULL, NULL, STORE_VIEW_SHOWN, false, true);
}

/* Escape ends it too; in exam mode every dot is pigment, and the record
 * says exam. */
static void escape_ends_exam_mode(void **state)
{
	(void)state;
	session_with_view("view-exam", (const char *const[]){ "Escape", NULL },
			  (const char *const[]){ "--exam", NULL }, STORE_VIEW_EXAM, true, true);
}

/* Full screen on a pen display at real scale: the display's size from
 * --display-size (Xvfb's 1280 px over 344 mm), stated with the pen's
 * mapping; without it Xvfb tells no DPI, and the view asked for is
 * refused before anything is stored. */
static void fullscreen_real_scale(void **state)
{
	const char *const env[] = { xvfb.env, "WAYLAND_DISPLAY=", NULL };
	struct child_result r;
	char db[PATH_MAX];
	const char *argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE, "--lesson",
			       "depth-taps", "--replay",
			       SMPSIM_FIXTURES_DIR "/wacom-cintiq-13hd-pen.evemu", "--db", db,
			       "--audio", "none", "--fullscreen", "--display-size", "344x194",
			       NULL };

	(void)state;
	snprintf(db, sizeof(db), "%s/fullscreen.db", tmp_files_dir());
	make_record(db);
	assert_int_equal(child_run(argv, env, &r), 0);
	/* The recording's two drag lines make no dot: stored, not scored. */
	if (r.status != 1 || !strstr(r.err, "not scored: no dots were made"))
		fail_msg("practice --fullscreen: exit %d\n%s", r.status, r.err);
	assert_non_null(strstr(r.err, "view: full screen on display 0, 1280x1024 px, 344.0 x "
			       "194.0 mm (--display-size): 3.72 px per mm, real scale; the pen's "
			       "293.8 x 165.2 mm active area is mapped to the whole screen by the "
			       "desktop, at 4.36 px per mm of the pad\n"));
	assert_non_null(strstr(r.err, "view: 1280x1024 px at 3.72 px per mm"));
	/* said once: the window's size did not change */
	assert_null(strstr(strstr(r.err, "view: 1280x1024 px at ") + 1, "view: 1280x1024 px"));
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions"), 1);

	argv[13] = NULL;
	assert_int_equal(child_run(argv, env, &r), 0);
	child_expect(&r, 2, "", "audio: none\nsmpsim practice: the display does not tell its "
		     "size in mm (no DPI in its EDID): give it as --display-size WxH (mm)\n");
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions"), 1);
}

/* pen-check with a display opens the view (with its pen-check overlay)
 * beside the terminal; p in the window hides the overlay, q ends the check
 * with exit 0 after the pen's figures were printed. */
static void pen_check_in_the_view(void **state)
{
	const char *const env[] = { xvfb.env, "WAYLAND_DISPLAY=", NULL };
	char err[UMOCKDEV_PEN_ERROR_MAX];
	struct child_process c;
	struct child_result r;
	struct pen_device dev;
	struct input_event *events;
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	size_t count;

	(void)state;
	count = taps("pen-check", &dev, &events);
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	{
		const char *const argv[] = { SMPSIM_BINARY, "pen-check", "--device",
					     umockdev_pen_bed_devnode(bed), NULL };

		assert_int_equal(child_start(argv, env, &c), 0);
	}
	assert_true(child_wait_err(&c, "view: 1024x768 px at ", WAIT_BOUND_S));
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(x_display_key(&xvfb, SCREEN_W / 2, SCREEN_H / 2, "p"), 0);
	assert_int_equal(x_display_key(&xvfb, SCREEN_W / 2, SCREEN_H / 2, "q"), 0);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0 || !strstr(r.out, "Pen check of ") ||
	    !strstr(r.out, "   force ") || !strstr(r.out, "  mid-scalp "))
		fail_msg("pen-check: exit %d\n%s%s", r.status, r.out, r.err);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

static int setup(void **state)
{
	int rc = tmp_files_setup(state);

	if (rc == 0 && x_display_start(&xvfb, SCREEN_W, SCREEN_H) < 0) {
		fprintf(stderr, "test-view-live: cannot start Xvfb (Debian's xvfb)\n");
		return -1;
	}
	return rc;
}

static int teardown(void **state)
{
	x_display_stop(&xvfb);
	return tmp_files_teardown(state);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(q_ends_and_dots_are_in_place),
		cmocka_unit_test(i_shows_the_instructions),
		cmocka_unit_test(ctrl_c_ends_it),
		cmocka_unit_test(escape_ends_exam_mode),
		cmocka_unit_test(fullscreen_real_scale),
		cmocka_unit_test(pen_check_in_the_view),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-view-live: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
