/* view_scene_internal: the scene's state, shared by view_scene.c (the
 * state and the frame) and the files that draw its parts:
 * view_draw_scalp.c (the cached background), view_draw_dots.c (the cached
 * deposits and the fault marks), view_draw_hud.c (the pen, its ring, the
 * depth gauge, the status bar, the instructions) and view_template.c, all
 * over view_paint.c (colours, coordinates, text). Not installed.
 */
#ifndef SMPSIM_VIEW_SCENE_INTERNAL_H
#define SMPSIM_VIEW_SCENE_INTERNAL_H

#include <pango/pangocairo.h>

#include "lesson_apply.h"
#include "view_scene.h"

/** Fault marks kept at once; older ones give way (they fade anyway). */
#define VIEW_MARKS_MAX 64
#define VIEW_BANNER_MAX 256

struct view_mark {
	int64_t time_us;
	double x_mm, y_mm;
	uint32_t fault;          /**< one enum deposit_fault bit */
};

struct view_layout {
	int width_px, height_px;
	double ppm;              /**< px per mm */
	double origin_x, origin_y; /**< px of scalp (0, 0) */
	bool valid;
};

struct view_scene {
	const struct lesson *lesson;
	const struct scalp_model *scalp;
	struct sim_setup sim;
	double time_limit_s;
	unsigned int target_dots;
	bool exam, guide_ring;
	struct lesson_area area;

	struct view_layout layout;
	cairo_surface_t *background; /**< scalp, regions, hair, guides */
	cairo_surface_t *picture;    /**< the background with every finished
				      *   deposit added to it once */

	struct deposit *deposits;
	size_t deposit_count, deposit_room;
	size_t in_band;
	size_t fault_count;          /**< SIM_FAULT events so far */

	struct view_mark marks[VIEW_MARKS_MAX];
	size_t mark_next;            /**< ring: where the next goes */

	/* the pen */
	int64_t pen_time_us;
	double pen_x, pen_y;
	uint32_t pen_flags;
	/* the needle, between contact began and deposit finished */
	bool needle_in;
	size_t needle_region;
	double needle_depth_mm, needle_deepest_mm;

	bool show_instructions;
	/* the pen-check overlay ('p'): the last live sample's figures */
	bool show_pen_check;
	bool have_sample;
	struct pen_sample sample;
	char banner[VIEW_BANNER_MAX];

	PangoFontDescription *font;  /**< DejaVu Sans at the HUD's size */
};

/* view_paint.c: shared by all the files below, calling none of them */
/** Where cairo's stream writers write: an open file descriptor, and the
 * errno of the write that failed. */
struct view_fd_sink {
	int fd;
	int err;
};
/** A cairo_write_func_t writing all of @p data to a struct view_fd_sink. */
cairo_status_t view_fd_write(void *closure, const unsigned char *data, unsigned int length);
void view_rgb(cairo_t *cr, uint32_t rgb);
void view_rgba(cairo_t *cr, uint32_t rgb, double alpha);
/** Sets @p cr to draw in scalp mm on the layout. */
void view_mm_space(const struct view_scene *scene, cairo_t *cr);
/** Adds @p p to @p cr's path, closed (in its units: mm). */
void view_polygon_path(cairo_t *cr, const struct scalp_polygon *p);
/** view_scene_to_px(), view_scene_to_mm() */
void view_mm_to_px(const struct view_scene *scene, double x_mm, double y_mm,
		   double *px, double *py);
void view_px_to_mm(const struct view_scene *scene, double px, double py,
		   double *x_mm, double *y_mm);

/** Draws @p text with its top-left at (@p x, @p y) in px, in @p rgb;
 * @return its width in px. */
int view_text(const struct view_scene *scene, cairo_t *cr, double x, double y,
	      const char *text, uint32_t rgb);
/** No box behind a label. */
#define VIEW_NO_BACKGROUND 0xFFFFFFFFu
/** view_text() on a box of @p background (0xRRGGBB, drawn at 85%), or
 * none with VIEW_NO_BACKGROUND. */
int view_label(const struct view_scene *scene, cairo_t *cr, double x, double y,
	       const char *text, uint32_t rgb, uint32_t background);

/* view_draw_scalp.c: the background surface, the whole window's size. */
void view_draw_background(const struct view_scene *scene, cairo_t *cr);
/** @return a scale bar's length in mm: 1, 2, 5 times a power of ten, about
 * @p target_px long at @p ppm. */
double view_scale_bar_mm(double ppm, double target_px);

/* view_draw_dots.c */
/** Adds one deposit to @p cr (in scalp mm). */
void view_draw_deposit(const struct view_scene *scene, cairo_t *cr,
		       const struct deposit *deposit);
/** @return the colour of a depth class (practice). */
uint32_t view_depth_colour(enum deposit_depth_class depth_class);
/** The fault marks younger than VIEW_FAULT_MARK_US at @p now_us. */
void view_draw_marks(const struct view_scene *scene, cairo_t *cr, int64_t now_us);

/* view_draw_hud.c */
void view_draw_pen(const struct view_scene *scene, cairo_t *cr);
void view_draw_gauge(const struct view_scene *scene, cairo_t *cr);
void view_draw_status(const struct view_scene *scene, cairo_t *cr, int64_t now_us);
void view_draw_instructions(const struct view_scene *scene, cairo_t *cr);
/** The pen-check overlay: @p text (view_scene_pen_check_text()'s) in a
 * panel. */
void view_draw_pen_check(const struct view_scene *scene, cairo_t *cr, const char *text);
void view_draw_banner(const struct view_scene *scene, cairo_t *cr);
/** The spacing that judges a dot at (@p x, @p y): the lesson's overrides,
 * else the region's, else the first region's. */
void view_spacing_at(const struct view_scene *scene, double x_mm, double y_mm,
		     struct scalp_spacing *spacing);

#endif
