/* test-view-draw: the live view's scene drawn off-screen (a cairo image
 * surface, no display) on the shipped lessons, its pixels read back: a
 * deposit of each depth class at the pixel its scalp coordinates map to,
 * in its class's colour; the zone's edges and the designed hairline at
 * their pixels; exam mode without guides or class colours; a fault's mark
 * there for its moment and gone after; the pen's cursor and its ring at
 * the pen's pixel; the depth gauge while the needle is in; scar tissue
 * shaded as scar, hair only where the scalp has it; the layout's scale
 * for every lesson in a small, a medium and a large window; the status
 * bar's text; the pen-check overlay (key p): its text the model's figures
 * for the pen's sample, its panel shown and hidden, never in exam mode;
 * the PNG written to a file descriptor.
 *
 * Pixels are compared exactly where the geometry makes them exact: a
 * stroke at least 2 px wide always covers the whole pixel its centre line
 * passes through (for the slopes used here), a dot 7 px wide the pixel of
 * its centre.
 *
 * SMPSIM_VIEW_DUMP=FOLDER writes each picture drawn as a PNG there, to
 * look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson_fixture.h"
#include "tmp_files.h"
#include "view_scene.h"

#define W 1280
#define H 800

static const char *const lesson_ids[] = {
	"depth-taps", "even-spacing", "soft-hairline", "frontal-layout",
	"temple-points", "crown-vertex", "densification", "scar-camouflage",
};
#define LESSON_COUNT (sizeof(lesson_ids) / sizeof(lesson_ids[0]))

struct fixture {
	struct lesson lesson;
	struct lesson_session ls;
	struct view_setup setup;
	struct view_scene *scene;
	cairo_surface_t *surface;
};

static struct fixture *fixture_new(const char *id, bool exam)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[512], why[256];
	int rc;

	assert_non_null(f);
	rc = lesson_fixture_load(SMPSIM_DATA_DIR, id, NULL, 0, &f->lesson, &f->ls, err,
				 sizeof(err));
	if (rc < 0)
		fail_msg("%s: %s", id, err);
	f->setup.lesson = &f->lesson;
	f->setup.scalp = &f->ls.scalp;
	lesson_sim_setup(&f->lesson, &f->ls, 10.0, &f->lesson.mapping, &f->setup.sim);
	f->setup.time_limit_s = f->lesson.time_limit_s;
	f->setup.target_dots = 690;
	f->setup.exam = exam;
	f->setup.guide_ring = true;
	rc = view_scene_new(&f->setup, &f->scene, why, sizeof(why));
	if (rc < 0)
		fail_msg("view_scene_new: %s", why);
	assert_int_equal(view_scene_layout(f->scene, W, H, 0), 0);
	f->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	return f;
}

static void fixture_free(struct fixture *f)
{
	view_scene_free(f->scene);
	cairo_surface_destroy(f->surface);
	free(f);
}

static void draw(struct fixture *f, int64_t now_us)
{
	static int n;
	const char *dump = getenv("SMPSIM_VIEW_DUMP");
	cairo_t *cr = cairo_create(f->surface);

	view_scene_draw(f->scene, cr, now_us);
	cairo_destroy(cr);
	cairo_surface_flush(f->surface);
	if (dump) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/view-%02d-%s.png", dump, n++, f->lesson.id);
		cairo_surface_write_to_png(f->surface, path);
	}
}

/* The colour (0xRRGGBB) of pixel (x, y) of @p surface. */
static uint32_t pixel_of(cairo_surface_t *surface, int x, int y)
{
	const unsigned char *data = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);

	assert_true(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(surface) &&
		    y < cairo_image_surface_get_height(surface));
	return *(const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride +
						   (size_t)x * 4) & 0xFFFFFFu;
}

/* The colour of the pixel scalp point (x, y) mm falls in. */
static uint32_t pixel_at_mm(struct fixture *f, double x, double y)
{
	double px, py;

	view_scene_to_px(f->scene, x, y, &px, &py);
	return pixel_of(f->surface, (int)floor(px), (int)floor(py));
}

/* The largest channel difference between two colours. */
static int colour_distance(uint32_t a, uint32_t b)
{
	int d = 0;

	for (int s = 0; s <= 16; s += 8) {
		int k = abs((int)((a >> s) & 0xff) - (int)((b >> s) & 0xff));

		d = k > d ? k : d;
	}
	return d;
}

static const uint32_t class_colours[4] = { VIEW_COLOUR_SHALLOW, VIEW_COLOUR_IN_BAND,
					   VIEW_COLOUR_DEEP, VIEW_COLOUR_OVERDEEP };

static struct deposit make_deposit(uint32_t id, double x, double y,
				   enum deposit_depth_class depth_class)
{
	return (struct deposit){ .id = id, .x_mm = x, .y_mm = y, .depth_mm = 0.8,
				 .diameter_mm = 0.6, .skew_ratio = 1, .nearest_mm = -1,
				 .depth_class = depth_class, .region = 0 };
}

static void finish(struct fixture *f, const struct deposit *d)
{
	struct sim_event e = { .kind = SIM_DEPOSIT_FINISHED, .time_us = d->up_us,
			       .deposit = d->id, .x_mm = d->x_mm, .y_mm = d->y_mm };

	assert_int_equal(view_scene_event(f->scene, &e, d), 0);
}

/* ---- layout ---- */

/* The scale each shipped lesson's work area is shown at, fitted into a
 * small (800x600), medium (1280x800) and large (2560x1440) window: the
 * largest tenth of a pixel per mm at which the area fits with 12 px round
 * it above the 28 px status bar. Work areas (lesson_work_area(): the
 * zones' and hairline's bounds with 5 mm round them, cut to the scalp),
 * computed apart from the C code from the YAML files: width x height mm. */
static void test_layout_every_lesson(void **state)
{
	static const int sizes[3][2] = { { 800, 600 }, { 1280, 800 }, { 2560, 1440 } };
	static const struct {
		double w_mm, h_mm, ppm[3];
	} expect[LESSON_COUNT] = {
		{ 30, 30, { 18.2, 24.9, 46.2 } },   /* depth-taps */
		{ 30, 30, { 18.2, 24.9, 46.2 } },   /* even-spacing */
		{ 70, 31, { 11.0, 17.9, 36.2 } },   /* soft-hairline */
		{ 90, 45, { 8.6, 13.9, 28.1 } },    /* frontal-layout */
		{ 160, 37, { 4.8, 7.8, 15.8 } },    /* temple-points: the whole scalp's width */
		{ 58, 58, { 9.4, 12.8, 23.9 } },    /* crown-vertex */
		{ 50, 32, { 15.5, 23.3, 43.3 } },   /* densification */
		{ 90, 22.5, { 8.6, 13.9, 28.1 } },  /* scar-camouflage */
	};

	(void)state;
	for (size_t l = 0; l < LESSON_COUNT; l++) {
		struct fixture *f = fixture_new(lesson_ids[l], false);
		struct lesson_area a;

		lesson_work_area(&f->lesson, &f->ls.scalp, &a);
		assert_float_equal(a.width_mm, expect[l].w_mm, 1e-9);
		assert_float_equal(a.height_mm, expect[l].h_mm, 1e-9);
		for (int s = 0; s < 3; s++) {
			int w = sizes[s][0], h = sizes[s][1];
			double x0, y0, x1, y1;

			assert_int_equal(view_scene_layout(f->scene, w, h, 0), 0);
			if (fabs(view_scene_px_per_mm(f->scene) - expect[l].ppm[s]) > 1e-9)
				fail_msg("%s in %dx%d: %.2f px/mm, expected %.1f", lesson_ids[l], w,
					 h, view_scene_px_per_mm(f->scene), expect[l].ppm[s]);
			view_scene_to_px(f->scene, a.x_mm, a.y_mm, &x0, &y0);
			view_scene_to_px(f->scene, a.x_mm + a.width_mm, a.y_mm + a.height_mm, &x1,
					 &y1);
			/* inside the margins, centred to the pixel */
			assert_true(x0 >= VIEW_MARGIN_PX - 1e-9 && x1 <= w - VIEW_MARGIN_PX + 1e-9);
			assert_true(y0 >= VIEW_MARGIN_PX - 1e-9 &&
				    y1 <= h - VIEW_STATUS_HEIGHT_PX - VIEW_MARGIN_PX + 1e-9);
			assert_float_equal(x0, floor((w - a.width_mm * expect[l].ppm[s]) / 2), 1e-9);
			assert_float_equal(y0,
					   floor((h - VIEW_STATUS_HEIGHT_PX -
						  a.height_mm * expect[l].ppm[s]) / 2),
					   1e-9);
		}
		/* a pen display: the scale it is given, whatever the window */
		assert_int_equal(view_scene_layout(f->scene, 1920, 1080, 3.78), 0);
		assert_float_equal(view_scene_px_per_mm(f->scene), 3.78, 1e-12);
		fixture_free(f);
	}
}

static void test_layout_too_small(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);

	(void)state;
	assert_int_equal(view_scene_layout(f->scene, 20, 600, 0), -EINVAL);
	assert_int_equal(view_scene_layout(f->scene, 800, 50, 0), -EINVAL);
	assert_int_equal(view_scene_layout(f->scene, 800, 600, -1), -EINVAL);
	assert_float_equal(view_scene_px_per_mm(f->scene), 0, 0);
	fixture_free(f);
}

/* ---- the deposits ---- */

/* soft-hairline at 1280x800: 17.9 px/mm, the work area (45, 0) to
 * (115, 31) mm with its top-left at pixel (13, 108): the dot at (65, 15) mm
 * is at pixel (13 + 20 * 17.9, 108 + 15 * 17.9) = (371, 376.5). */
static void test_deposit_colours(void **state)
{
	const uint32_t *colours = class_colours;
	struct fixture *f = fixture_new("soft-hairline", false);
	double px, py;

	(void)state;
	view_scene_to_px(f->scene, 65, 15, &px, &py);
	assert_float_equal(px, 371, 1e-9);
	assert_float_equal(py, 376.5, 1e-9);
	for (int c = 0; c < 4; c++) {
		struct deposit d = make_deposit((uint32_t)c, 65 + 5 * c, 15, c);

		finish(f, &d);
	}
	draw(f, 1000000);
	for (int c = 0; c < 4; c++) {
		assert_int_equal(pixel_at_mm(f, 65 + 5 * c, 15), colours[c]);
		assert_int_equal(pixel_of(f->surface, 371 + (int)(5 * c * 17.9), 376),
				 colours[c]);
		/* its diameter: 0.6 mm, 10.7 px: 0.25 mm off the centre it is the
		 * dot, 0.4 mm off it is not */
		assert_int_equal(pixel_at_mm(f, 65 + 5 * c + 0.25, 15), colours[c]);
		assert_int_not_equal(pixel_at_mm(f, 65 + 5 * c + 0.4, 15), colours[c]);
	}
	/* the four colours differ: by more than 60 in some channel */
	for (int a = 0; a < 4; a++)
		for (int b = a + 1; b < 4; b++)
			assert_true(colour_distance(colours[a], colours[b]) > 60);
	assert_int_equal(view_scene_deposit_count(f->scene), 4);
	fixture_free(f);
}

/* A blurred deposit: its colour fades over blur_mm beyond its edge. */
static void test_deposit_blur(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	struct deposit d = make_deposit(0, 80, 20, DEPOSIT_OVERDEEP);
	uint32_t skin, near, far;

	(void)state;
	draw(f, 0);
	skin = pixel_at_mm(f, 80 + 0.6, 20);
	d.blur_mm = 0.8;
	finish(f, &d);
	draw(f, 0);
	near = pixel_at_mm(f, 80 + 0.3 + 0.15, 20);
	far = pixel_at_mm(f, 80 + 0.3 + 0.6, 20);
	assert_int_equal(pixel_at_mm(f, 80, 20), VIEW_COLOUR_OVERDEEP);
	/* nearer the dot, nearer its colour; neither is the dot or the skin */
	assert_true(colour_distance(near, VIEW_COLOUR_OVERDEEP) <
		    colour_distance(far, VIEW_COLOUR_OVERDEEP));
	assert_true(colour_distance(far, skin) > 0);
	assert_int_equal(pixel_at_mm(f, 80 + 0.3 + 0.8 + 0.2, 20), skin);
	fixture_free(f);
}

/* ---- the guides ---- */

static void test_zone_and_hairline(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);

	(void)state;
	draw(f, 0);
	/* the zone's bottom edge (y = 26 from x = 60 to 100) and left edge */
	assert_int_equal(pixel_at_mm(f, 80, 26), VIEW_COLOUR_ZONE);
	assert_int_equal(pixel_at_mm(f, 70, 26), VIEW_COLOUR_ZONE);
	assert_int_equal(pixel_at_mm(f, 60, 15), VIEW_COLOUR_ZONE);
	assert_int_equal(pixel_at_mm(f, 100, 20), VIEW_COLOUR_ZONE);
	/* 0.3 mm (5 px) off the edge: the skin outside, the shaded zone inside */
	assert_int_equal(pixel_at_mm(f, 80, 26.3), 0xE8C3A4u);
	assert_int_not_equal(pixel_at_mm(f, 80, 25.7), VIEW_COLOUR_ZONE);
	assert_int_not_equal(pixel_at_mm(f, 80, 25.7), 0xE8C3A4u);
	/* the designed hairline through (80, 5) and (60, 6.5) */
	assert_int_equal(pixel_at_mm(f, 80, 5), VIEW_COLOUR_HAIRLINE);
	assert_int_equal(pixel_at_mm(f, 60, 6.5), VIEW_COLOUR_HAIRLINE);
	assert_int_not_equal(pixel_at_mm(f, 80, 5.3), VIEW_COLOUR_HAIRLINE);
	assert_int_not_equal(pixel_at_mm(f, 80, 4.7), VIEW_COLOUR_HAIRLINE);
	fixture_free(f);
}

/* Exam mode: the skin where the guides were, the dots in pigment. */
static void test_exam_mode(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", true);
	char text[256];

	(void)state;
	for (int c = 0; c < 4; c++) {
		struct deposit d = make_deposit((uint32_t)c, 65 + 5 * c, 15, c);

		finish(f, &d);
	}
	view_scene_pen(f->scene, 1000000, 80, 20, PEN_IN_PROXIMITY);
	draw(f, 1000000);
	assert_int_equal(pixel_at_mm(f, 80, 26), 0xE8C3A4u);
	assert_int_equal(pixel_at_mm(f, 60, 15), 0xE8C3A4u);
	assert_int_equal(pixel_at_mm(f, 80, 5), 0xE8C3A4u);
	/* no cursor */
	assert_int_equal(pixel_at_mm(f, 80, 20), 0xE8C3A4u);
	for (int c = 0; c < 4; c++) {
		uint32_t p = pixel_at_mm(f, 65 + 5 * c, 15);

		for (int k = 0; k < 4; k++)
			assert_true(colour_distance(p, class_colours[k]) > 40);
		/* grey (a shallow dot faint on the skin): no channel 20 off */
		if (c != DEPOSIT_SHALLOW)
			assert_true(colour_distance(p, (p & 0xff) * 0x010101u) <= 20);
	}
	/* in band dark, shallow faint */
	assert_true(colour_distance(pixel_at_mm(f, 70, 15), VIEW_COLOUR_PIGMENT) <= 25);
	assert_true(colour_distance(pixel_at_mm(f, 65, 15), VIEW_COLOUR_PIGMENT) > 60);
	view_scene_status_text(f->scene, 60500000, text, sizeof(text));
	assert_string_equal(text, "time left 17:00   exam");
	fixture_free(f);
}

/* ---- what moves ---- */

static void test_fault_mark(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	struct sim_event e = { .kind = SIM_FAULT, .time_us = 2000000, .x_mm = 80,
			       .y_mm = 20, .fault = DEPOSIT_TOO_CLOSE };
	cairo_surface_t *before = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	double px, py;
	int changed = 0;

	(void)state;
	draw(f, 2000000);
	cairo_t *cr = cairo_create(before);
	cairo_set_source_surface(cr, f->surface, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(before);

	assert_int_equal(view_scene_event(f->scene, &e, NULL), 0);
	view_scene_to_px(f->scene, 80, 20, &px, &py);
	/* its moment: the ring of 9 px round the place, its name to the right */
	for (int64_t t = 2000000; t < 2000000 + VIEW_FAULT_MARK_US; t += 700000) {
		draw(f, t);
		assert_true(colour_distance(pixel_of(f->surface, (int)floor(px + 9),
						     (int)floor(py)),
					    VIEW_COLOUR_FAULT) <= 8);
		assert_true(colour_distance(pixel_of(f->surface, (int)floor(px - 9),
						     (int)floor(py)),
					    VIEW_COLOUR_FAULT) <= 8);
	}
	/* the name, "too close", in the box right of the ring */
	for (int y = (int)py - 8; y < (int)py + 12; y++)
		for (int x = (int)px + 12; x < (int)px + 90; x++)
			changed += colour_distance(pixel_of(f->surface, x, y),
						   pixel_of(before, x, y)) > 60;
	assert_true(changed > 40);
	/* gone after: the picture as it was */
	draw(f, 2000000 + VIEW_FAULT_MARK_US);
	assert_memory_equal(cairo_image_surface_get_data(f->surface),
			    cairo_image_surface_get_data(before),
			    (size_t)cairo_image_surface_get_stride(before) * (H - VIEW_STATUS_HEIGHT_PX));
	cairo_surface_destroy(before);
	fixture_free(f);
}

/* soft-hairline at (80, 15) mm: the frontal region, too close 0.8 mm, gap
 * 2.5 mm: rings of 14.3 and 44.8 px round the cursor. */
static void test_cursor_and_ring(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	uint32_t skin;
	double px, py;

	(void)state;
	view_scene_to_px(f->scene, 80, 15, &px, &py);
	draw(f, 0);
	skin = pixel_of(f->surface, (int)floor(px), (int)floor(py));
	assert_true(colour_distance(skin, 0xE8C3A4u) <= 16); /* skin under the zone's tint */

	view_scene_pen(f->scene, 0, 80, 15, PEN_IN_PROXIMITY);
	draw(f, 0);
	assert_int_equal(pixel_of(f->surface, (int)floor(px), (int)floor(py)), VIEW_COLOUR_CURSOR);
	assert_int_equal(pixel_of(f->surface, (int)floor(px + 6), (int)floor(py)),
			 VIEW_COLOUR_CURSOR);
	assert_true(colour_distance(pixel_of(f->surface, (int)floor(px + 0.8 * 17.9), (int)floor(py)),
				    0xD55E00u) <= 8);
	assert_true(colour_distance(pixel_of(f->surface, (int)floor(px - 2.5 * 17.9), (int)floor(py)),
				    0x0072B2u) <= 8);
	/* the lesson's override: too close at 1.5 mm */
	f->setup.sim.spacing.too_close_mm = 1.5;
	view_scene_free(f->scene);
	assert_int_equal(view_scene_new(&f->setup, &f->scene, NULL, 0), 0);
	assert_int_equal(view_scene_layout(f->scene, W, H, 0), 0);
	view_scene_pen(f->scene, 0, 80, 15, PEN_IN_PROXIMITY);
	draw(f, 0);
	assert_true(colour_distance(pixel_of(f->surface, (int)floor(px + 1.5 * 17.9), (int)floor(py)),
				    0xD55E00u) <= 8);
	assert_int_equal(pixel_of(f->surface, (int)floor(px + 0.8 * 17.9), (int)floor(py)), skin);
	/* the ring turned off: the cursor alone */
	f->setup.guide_ring = false;
	view_scene_free(f->scene);
	assert_int_equal(view_scene_new(&f->setup, &f->scene, NULL, 0), 0);
	assert_int_equal(view_scene_layout(f->scene, W, H, 0), 0);
	view_scene_pen(f->scene, 0, 80, 15, PEN_IN_PROXIMITY);
	draw(f, 0);
	assert_int_equal(pixel_of(f->surface, (int)floor(px), (int)floor(py)), VIEW_COLOUR_CURSOR);
	assert_int_equal(pixel_of(f->surface, (int)floor(px + 1.5 * 17.9), (int)floor(py)), skin);
	assert_int_equal(pixel_of(f->surface, (int)floor(px - 2.5 * 17.9), (int)floor(py)), skin);
	/* out of proximity: no cursor */
	view_scene_pen(f->scene, 0, 80, 15, 0);
	draw(f, 0);
	assert_int_equal(pixel_of(f->surface, (int)floor(px), (int)floor(py)), skin);
	fixture_free(f);
}

/* The gauge, top right, while the needle is in: the frontal region's band
 * 0.5 to 1.2 mm and overdeep 1.5 mm on a bar of 160 px for 1.875 mm;
 * below a replay's banner when there is one. */
static void test_depth_gauge(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	size_t frontal = scalp_region_at(&f->ls.scalp, 80, 10);
	struct sim_event e = { .kind = SIM_CONTACT_BEGAN, .time_us = 1000000, .x_mm = 80,
			       .y_mm = 10, .region = frontal };
	struct deposit d = make_deposit(0, 80, 10, DEPOSIT_IN_BAND);
	int x = W - VIEW_MARGIN_PX - 22 + 2, y_band, y_over, y_top = VIEW_MARGIN_PX + 20;
	double k = 160 / (1.5 * 1.25);

	(void)state;
	assert_string_equal(f->ls.scalp.regions[frontal].id, "frontal");
	y_band = y_top + (int)((0.5 + 1.2) / 2 * k);
	y_over = y_top + (int)(1.5 * k);
	draw(f, 1000000);
	assert_int_not_equal(pixel_of(f->surface, x, y_band), VIEW_COLOUR_IN_BAND);
	assert_int_equal(view_scene_event(f->scene, &e, NULL), 0);
	e.kind = SIM_NEEDLE_DEPTH;
	e.depth_mm = 0.3;
	assert_int_equal(view_scene_event(f->scene, &e, NULL), 0);
	draw(f, 1000000);
	assert_int_equal(pixel_of(f->surface, x, y_band), VIEW_COLOUR_IN_BAND);
	assert_int_equal(pixel_of(f->surface, x, y_over), VIEW_COLOUR_OVERDEEP);
	/* the needle at 0.3 mm: the bar's middle dark above, not below */
	assert_int_equal(pixel_of(f->surface, x - 2 + 11, y_top + (int)(0.2 * k)), 0x303030u);
	assert_int_equal(pixel_of(f->surface, x - 2 + 11, y_top + (int)(0.4 * k)), 0xF4F4F4u);
	e.depth_mm = 1.0;
	assert_int_equal(view_scene_event(f->scene, &e, NULL), 0);
	draw(f, 1000000);
	assert_int_equal(pixel_of(f->surface, x - 2 + 11, y_top + (int)(0.9 * k)), 0x303030u);
	/* under a replay's banner (24 px across the top) the gauge moves
	 * down by it, its depth label in sight */
	view_scene_set_banner(f->scene, "fault 1 of 3: too-close, dot 1 at 0:01");
	draw(f, 1000000);
	assert_int_equal(pixel_of(f->surface, x, y_over + 24), VIEW_COLOUR_OVERDEEP);
	assert_int_equal(pixel_of(f->surface, x, y_band + 24), VIEW_COLOUR_IN_BAND);
	view_scene_set_banner(f->scene, "");
	finish(f, &d);
	draw(f, 1100000);
	assert_int_not_equal(pixel_of(f->surface, x, y_band), VIEW_COLOUR_IN_BAND);
	fixture_free(f);
}

/* strip-scar under scar-camouflage: the scar paler and pinker than skin
 * and hairless; hair round it (0.6 per mm^2), the same every time. */
static void test_scar_and_hair(void **state)
{
	struct fixture *f = fixture_new("scar-camouflage", false);
	struct fixture *g = fixture_new("scar-camouflage", false);
	int hair_scar = 0, hair_around = 0;
	double px, py, qx, qy;
	uint32_t scar;

	(void)state;
	draw(f, 0);
	draw(g, 0);
	scar = pixel_at_mm(f, 112, 39); /* right of the zone: no tint */
	assert_true(((scar & 0xff) - (0xE8C3A4u & 0xff)) >= 40);  /* bluer: pinker */
	assert_true((scar >> 16) > (0xE8C3A4u >> 16));            /* and paler */
	/* the scar from x 35 to 105 mm lies within y 37.4 to 41; hair above it
	 * grows 0.6 mm towards +y */
	view_scene_to_px(f->scene, 35, 38.1, &px, &py);
	view_scene_to_px(f->scene, 105, 40.9, &qx, &qy);
	for (int y = (int)py; y < (int)qy; y++)
		for (int x = (int)px; x < (int)qx; x++)
			hair_scar += (pixel_of(f->surface, x, y) & 0xff) < 0x80;
	assert_int_equal(hair_scar, 0);
	view_scene_to_px(f->scene, 35, 31, &px, &py);
	view_scene_to_px(f->scene, 105, 35, &qx, &qy);
	for (int y = (int)py; y < (int)qy; y++)
		for (int x = (int)px; x < (int)qx; x++)
			hair_around += (pixel_of(f->surface, x, y) & 0xff) < 0x80;
	/* 280 mm^2 of 0.6 hairs a mm^2: about 170, each several dark pixels */
	if (hair_around < 170 * 3)
		fail_msg("%d dark pixels of hair", hair_around);
	assert_memory_equal(cairo_image_surface_get_data(f->surface),
			    cairo_image_surface_get_data(g->surface),
			    (size_t)cairo_image_surface_get_stride(f->surface) * H);
	fixture_free(f);
	fixture_free(g);
}

static void test_status_text(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	struct sim_event e = { .kind = SIM_FAULT, .time_us = 1, .fault = DEPOSIT_GAP };
	char text[256];

	(void)state;
	view_scene_status_text(f->scene, 0, text, sizeof(text));
	assert_string_equal(text, "time left 18:00   dots 0 / 690   in band 0%   faults 0   "
				  "1 mm = 17.9 px   i: instructions");
	for (int c = 0; c < 4; c++) {
		struct deposit d = make_deposit((uint32_t)c, 65 + 5 * c, 15,
						c == 3 ? DEPOSIT_SHALLOW : DEPOSIT_IN_BAND);

		finish(f, &d);
	}
	assert_int_equal(view_scene_event(f->scene, &e, NULL), 0);
	assert_int_equal(view_scene_event(f->scene, &e, NULL), 0);
	view_scene_status_text(f->scene, 125400000, text, sizeof(text));
	assert_string_equal(text, "time left 15:55   dots 4 / 690   in band 75%   faults 2   "
				  "1 mm = 17.9 px   i: instructions");
	/* past the limit: no time left; cut short to the room given */
	view_scene_status_text(f->scene, 2000000000, text, sizeof(text));
	assert_memory_equal(text, "time left 0:00   dots 4", 23);
	assert_int_equal(view_scene_status_text(f->scene, 0, text, 10), 9);
	assert_string_equal(text, "time left");
	/* reset: nothing placed, nothing at the dot's pixel */
	draw(f, 0);
	assert_int_equal(pixel_at_mm(f, 70, 15), VIEW_COLOUR_IN_BAND);
	view_scene_reset(f->scene);
	draw(f, 0);
	assert_int_not_equal(pixel_at_mm(f, 70, 15), VIEW_COLOUR_IN_BAND);
	view_scene_status_text(f->scene, 0, text, sizeof(text));
	assert_string_equal(text, "time left 18:00   dots 0 / 690   in band 0%   faults 0   "
				  "1 mm = 17.9 px   i: instructions");
	/* a deposit kept across a new layout, at its new pixel */
	{
		struct deposit d = make_deposit(9, 70, 15, DEPOSIT_DEEP);

		finish(f, &d);
	}
	assert_int_equal(view_scene_layout(f->scene, W, H, 10), 0);
	draw(f, 0);
	assert_int_equal(pixel_at_mm(f, 70, 15), VIEW_COLOUR_DEEP);
	fixture_free(f);
}

static void test_instructions(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	uint32_t before;

	(void)state;
	draw(f, 0);
	before = pixel_of(f->surface, W / 2, VIEW_MARGIN_PX + 4);
	assert_true(view_scene_toggle_instructions(f->scene));
	draw(f, 0);
	/* the panel, nearly white, over the off-scalp grey */
	assert_int_equal(before, 0x8E8E8Eu);
	assert_true(colour_distance(pixel_of(f->surface, W / 2, VIEW_MARGIN_PX + 4), 0xFBFAF7u) <= 12);
	assert_false(view_scene_toggle_instructions(f->scene));
	draw(f, 0);
	assert_int_equal(pixel_of(f->surface, W / 2, VIEW_MARGIN_PX + 4), before);
	fixture_free(f);
}

/* Key p: the pen-check overlay shows the live pen's figures, the model's
 * own (sim_setup_force_n(), deposit_depth_mm()) as smpsim pen-check
 * prints them, in a panel at the top left; never in exam mode. */
static void test_pen_check_overlay(void **state)
{
	static const struct { double pressure, tilt_x, tilt_y; } samples[] = {
		{ 0.3, 10, -5 }, { 0.05, 0, 0 }, { 1.0, -30, 20 },
	};
	struct fixture *f = fixture_new("depth-taps", false), *exam;
	const struct scalp_model *m = &f->ls.scalp;
	char text[4096], want[4096];
	uint32_t before;

	(void)state;
	draw(f, 0);
	before = pixel_of(f->surface, VIEW_MARGIN_PX + 4, VIEW_MARGIN_PX + 4);
	assert_true(colour_distance(before, 0xFBFAF7u) > 12);
	/* no sample yet: the pen away, no force */
	assert_int_equal(view_scene_pen_check_text(f->scene, text, sizeof(text)),
			 1 + m->region_count);
	assert_non_null(strstr(text, "  pressure 0.000   force 0.00 N   tilt -   pen away\n"));
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct pen_sample s = { .pressure = samples[i].pressure,
					.tilt_x_deg = samples[i].tilt_x,
					.tilt_y_deg = samples[i].tilt_y,
					.flags = PEN_IN_PROXIMITY | PEN_TIP_DOWN | PEN_HAS_TILT };
		double force = sim_setup_force_n(&f->setup.sim, s.pressure), tilt, dir;
		size_t len;

		deposit_tilt(s.tilt_x_deg, s.tilt_y_deg, &tilt, &dir);
		len = (size_t)snprintf(want, sizeof(want), "  pressure %.3f   force %.2f N   tilt "
				       "x %.1f y %.1f deg (%.1f from upright)   tip down\n",
				       s.pressure, force, s.tilt_x_deg, s.tilt_y_deg, tilt);
		for (size_t r = 0; r < m->region_count; r++) {
			const struct scalp_region *g = &m->regions[r];
			double d = deposit_depth_mm(&f->ls.needle, &m->tissues[g->tissue], force);

			len += (size_t)snprintf(want + len, sizeof(want) - len,
						"  %-14s %.2f mm   band %.2f-%.2f   overdeep "
						"%.2f   %s\n", g->id, d, g->band_min_mm,
						g->band_max_mm, g->overdeep_mm,
						deposit_depth_class_name(deposit_classify_depth(g, d)));
		}
		view_scene_pen_sample(f->scene, &s);
		view_scene_pen_check_text(f->scene, text, sizeof(text));
		assert_string_equal(text, want);
	}
	assert_true(view_scene_toggle_pen_check(f->scene));
	draw(f, 0);
	assert_true(colour_distance(pixel_of(f->surface, VIEW_MARGIN_PX + 4, VIEW_MARGIN_PX + 4),
				    0xFBFAF7u) <= 12);
	assert_false(view_scene_toggle_pen_check(f->scene));
	draw(f, 0);
	assert_int_equal(pixel_of(f->surface, VIEW_MARGIN_PX + 4, VIEW_MARGIN_PX + 4), before);
	fixture_free(f);
	exam = fixture_new("depth-taps", true);
	assert_false(view_scene_toggle_pen_check(exam->scene));
	fixture_free(exam);
}

/* The PNG written into a file descriptor reads back at its size, with the
 * dot at its pixel, at the scale the scene was laid out at. */
static void test_write_png(void **state)
{
	struct fixture *f = fixture_new("soft-hairline", false);
	struct deposit d = make_deposit(0, 65, 15, DEPOSIT_IN_BAND);
	char path[4096], why[256];
	cairo_surface_t *back;
	double x, y;
	int fd;

	(void)state;
	finish(f, &d);
	snprintf(path, sizeof(path), "%s/view.png", tmp_files_dir());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(view_scene_write_png(f->scene, fd, W, H, 0, why, sizeof(why)), 0);
	close(fd);
	back = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(back), W);
	assert_int_equal(cairo_image_surface_get_height(back), H);
	assert_int_equal(pixel_of(back, 371, 376), VIEW_COLOUR_IN_BAND);
	cairo_surface_destroy(back);
	/* Laid out at a given scale (a full screen's real 3.72 px per mm),
	 * the PNG is that frame, not one fitted anew: the dot where 3.72
	 * puts it. */
	assert_int_equal(view_scene_layout(f->scene, W, H, 3.72), 0);
	view_scene_to_px(f->scene, 65, 15, &x, &y);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(view_scene_write_png(f->scene, fd, W, H, 0, why, sizeof(why)), 0);
	close(fd);
	assert_true(view_scene_px_per_mm(f->scene) == 3.72);
	back = cairo_image_surface_create_from_png(path);
	assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	assert_int_equal(pixel_of(back, (int)x, (int)y), VIEW_COLOUR_IN_BAND);
	cairo_surface_destroy(back);
	/* a file descriptor it cannot write */
	fd = open(path, O_RDONLY);
	assert_int_equal(view_scene_write_png(f->scene, fd, W, H, 0, why, sizeof(why)), -EBADF);
	assert_string_equal(why, "cannot write the PNG: Bad file descriptor");
	close(fd);
	fixture_free(f);
}

static void test_new_refuses(void **state)
{
	struct view_setup setup = { 0 };
	struct view_scene *scene = (void *)1;
	char why[256];

	(void)state;
	assert_int_equal(view_scene_new(&setup, &scene, why, sizeof(why)), -EINVAL);
	assert_null(scene);
	assert_string_equal(why, "the view needs a lesson and its scalp model");
	view_scene_free(NULL);
}

/* The folder, and the font caches pango and fontconfig keep for the
 * process (LeakSanitizer would report them). */
static int teardown(void **state)
{
	view_release_fonts();
	return tmp_files_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_every_lesson),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_deposit_colours),
		cmocka_unit_test(test_deposit_blur),
		cmocka_unit_test(test_zone_and_hairline),
		cmocka_unit_test(test_exam_mode),
		cmocka_unit_test(test_fault_mark),
		cmocka_unit_test(test_cursor_and_ring),
		cmocka_unit_test(test_depth_gauge),
		cmocka_unit_test(test_scar_and_hair),
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_pen_check_overlay),
		cmocka_unit_test(test_instructions),
		cmocka_unit_test(test_write_png),
		cmocka_unit_test(test_new_refuses),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, teardown);
}
