/* view_scene: the scene's state and its frame. The pen and the simulator's
 * events come in (view_scene_pen(), view_scene_event()); the layout maps
 * scalp mm to the window's pixels; a frame is the cached picture (the
 * background of view_draw_scalp.c with every finished deposit of
 * view_draw_dots.c added to it once) copied in one blit, then what moves:
 * fault marks, the pen and its ring, the depth gauge, the banner, the
 * status bar and the instructions (view_draw_hud.c).
 *
 * Two surfaces: "background" holds the scalp and its guides, drawn once a
 * layout; "picture" is the background with the deposits on it. A reset (a
 * replay's seek) copies the background back into the picture instead of
 * drawing the scalp again; a new layout draws both again.
 */
#include "view_scene_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pen_figures.h"

#define VIEW_FONT "DejaVu Sans"
#define VIEW_FONT_PX 13

int view_scene_new(const struct view_setup *setup, struct view_scene **out,
		   char *why, size_t why_size)
{
	struct view_scene *scene;

	*out = NULL;
	if (!setup || !setup->lesson || !setup->scalp) {
		snprintf(why, why_size, "the view needs a lesson and its scalp model");
		return -EINVAL;
	}
	scene = calloc(1, sizeof(*scene));
	if (!scene) {
		snprintf(why, why_size, "out of memory");
		return -ENOMEM;
	}
	scene->lesson = setup->lesson;
	scene->scalp = setup->scalp;
	scene->sim = setup->sim;
	scene->time_limit_s = setup->time_limit_s;
	scene->target_dots = setup->target_dots;
	scene->exam = setup->exam;
	scene->guide_ring = setup->guide_ring;
	scene->show_pen_check = setup->pen_check && !setup->exam;
	lesson_work_area(setup->lesson, setup->scalp, &scene->area);
	if (!(scene->area.width_mm > 0) || !(scene->area.height_mm > 0)) {
		snprintf(why, why_size, "lesson %s has an empty work area on scalp %s",
			 setup->lesson->id, setup->scalp->id);
		free(scene);
		return -EINVAL;
	}
	scene->font = pango_font_description_from_string(VIEW_FONT);
	if (!scene->font) {
		snprintf(why, why_size, "out of memory");
		free(scene);
		return -ENOMEM;
	}
	pango_font_description_set_absolute_size(scene->font, VIEW_FONT_PX * PANGO_SCALE);
	*out = scene;
	return 0;
}

static void drop_surfaces(struct view_scene *scene)
{
	if (scene->background)
		cairo_surface_destroy(scene->background);
	if (scene->picture)
		cairo_surface_destroy(scene->picture);
	scene->background = NULL;
	scene->picture = NULL;
	scene->layout.valid = false;
}

void view_scene_free(struct view_scene *scene)
{
	if (!scene)
		return;
	drop_surfaces(scene);
	if (scene->font)
		pango_font_description_free(scene->font);
	free(scene->deposits);
	free(scene);
}

void view_scene_pen(struct view_scene *scene, int64_t time_us, double x_mm,
		    double y_mm, uint32_t pen_flags)
{
	scene->pen_time_us = time_us;
	scene->pen_x = x_mm;
	scene->pen_y = y_mm;
	scene->pen_flags = pen_flags;
}

/* Paints @p deposit onto the picture, in scalp mm. */
static void add_to_picture(struct view_scene *scene, const struct deposit *deposit)
{
	cairo_t *cr;

	if (!scene->layout.valid)
		return;
	cr = cairo_create(scene->picture);
	cairo_rectangle(cr, 0, 0, scene->layout.width_px,
			scene->layout.height_px - VIEW_STATUS_HEIGHT_PX);
	cairo_clip(cr);
	view_mm_space(scene, cr);
	view_draw_deposit(scene, cr, deposit);
	cairo_destroy(cr);
}

static int keep_deposit(struct view_scene *scene, const struct deposit *deposit)
{
	if (scene->deposit_count == scene->deposit_room) {
		size_t room = scene->deposit_room ? 2 * scene->deposit_room : 1024;
		struct deposit *d = realloc(scene->deposits, room * sizeof(*d));

		if (!d)
			return -ENOMEM;
		scene->deposits = d;
		scene->deposit_room = room;
	}
	scene->deposits[scene->deposit_count++] = *deposit;
	if (deposit->depth_class == DEPOSIT_IN_BAND)
		scene->in_band++;
	add_to_picture(scene, deposit);
	return 0;
}

int view_scene_event(struct view_scene *scene, const struct sim_event *event,
		     const struct deposit *deposit)
{
	struct view_mark *mark;

	switch (event->kind) {
	case SIM_CONTACT_BEGAN:
		scene->needle_in = true;
		scene->needle_region = event->region;
		scene->needle_depth_mm = event->depth_mm;
		scene->needle_deepest_mm = event->depth_mm;
		break;
	case SIM_NEEDLE_DEPTH:
	case SIM_DEPTH_CROSSED:
		scene->needle_region = event->region;
		scene->needle_depth_mm = event->depth_mm;
		scene->needle_deepest_mm = fmax(scene->needle_deepest_mm, event->depth_mm);
		break;
	case SIM_FAULT:
		mark = &scene->marks[scene->mark_next];
		scene->mark_next = (scene->mark_next + 1) % VIEW_MARKS_MAX;
		mark->time_us = event->time_us;
		mark->x_mm = event->x_mm;
		mark->y_mm = event->y_mm;
		mark->fault = event->fault;
		scene->fault_count++;
		break;
	case SIM_DEPOSIT_FINISHED:
		if (!deposit)
			return -EINVAL;
		scene->needle_in = false;
		return keep_deposit(scene, deposit);
	}
	return 0;
}

/* Copies the background into the picture: the scalp without deposits. */
static void clear_picture(struct view_scene *scene)
{
	cairo_t *cr = cairo_create(scene->picture);

	cairo_set_source_surface(cr, scene->background, 0, 0);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_paint(cr);
	cairo_destroy(cr);
}

void view_scene_reset(struct view_scene *scene)
{
	scene->deposit_count = 0;
	scene->in_band = 0;
	scene->fault_count = 0;
	memset(scene->marks, 0, sizeof(scene->marks));
	scene->mark_next = 0;
	scene->pen_flags = 0;
	scene->pen_time_us = 0;
	scene->needle_in = false;
	if (scene->layout.valid)
		clear_picture(scene);
}

int view_scene_layout(struct view_scene *scene, int width_px, int height_px,
		      double px_per_mm)
{
	struct view_layout *l = &scene->layout;
	int scene_h = height_px - VIEW_STATUS_HEIGHT_PX;
	double ppm = px_per_mm;
	cairo_t *cr;

	drop_surfaces(scene);
	if (width_px <= 2 * VIEW_MARGIN_PX || scene_h <= 2 * VIEW_MARGIN_PX ||
	    !(px_per_mm >= 0) || !isfinite(px_per_mm))
		return -EINVAL;
	if (ppm == 0) {
		ppm = fmin((width_px - 2 * VIEW_MARGIN_PX) / scene->area.width_mm,
			   (scene_h - 2 * VIEW_MARGIN_PX) / scene->area.height_mm);
		/* Tenths, so the scale the status bar states is exact. */
		ppm = floor(ppm * 10 + 1e-9) / 10;
		if (ppm < 0.1)
			return -EINVAL;
	}
	l->width_px = width_px;
	l->height_px = height_px;
	l->ppm = ppm;
	l->origin_x = floor((width_px - scene->area.width_mm * ppm) / 2) - scene->area.x_mm * ppm;
	l->origin_y = floor((scene_h - scene->area.height_mm * ppm) / 2) - scene->area.y_mm * ppm;

	scene->background = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
	scene->picture = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
	if (cairo_surface_status(scene->background) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_status(scene->picture) != CAIRO_STATUS_SUCCESS) {
		drop_surfaces(scene);
		return -ENOMEM;
	}
	l->valid = true;
	cr = cairo_create(scene->background);
	view_draw_background(scene, cr);
	cairo_destroy(cr);
	clear_picture(scene);
	for (size_t i = 0; i < scene->deposit_count; i++)
		add_to_picture(scene, &scene->deposits[i]);
	return 0;
}

double view_scene_px_per_mm(const struct view_scene *scene)
{
	return scene->layout.valid ? scene->layout.ppm : 0;
}

void view_scene_to_px(const struct view_scene *scene, double x_mm, double y_mm,
		      double *px, double *py)
{
	view_mm_to_px(scene, x_mm, y_mm, px, py);
}

void view_scene_to_mm(const struct view_scene *scene, double px, double py,
		      double *x_mm, double *y_mm)
{
	view_px_to_mm(scene, px, py, x_mm, y_mm);
}

bool view_scene_toggle_instructions(struct view_scene *scene)
{
	scene->show_instructions = !scene->show_instructions;
	return scene->show_instructions;
}

void view_scene_pen_sample(struct view_scene *scene, const struct pen_sample *sample)
{
	scene->sample = *sample;
	scene->have_sample = true;
}

bool view_scene_toggle_pen_check(struct view_scene *scene)
{
	/* An exam shows no depth before the dot: no figures either. */
	if (!scene->exam)
		scene->show_pen_check = !scene->show_pen_check;
	return scene->show_pen_check;
}

size_t view_scene_pen_check_text(const struct view_scene *scene, char *buf, size_t size)
{
	return pen_figures_text(&scene->sim, scene->have_sample ? &scene->sample : NULL, 0, 0,
				buf, size);
}

bool view_scene_toggle_ring(struct view_scene *scene)
{
	if (!scene->exam)
		scene->guide_ring = !scene->guide_ring;
	return scene->guide_ring;
}

void view_scene_set_banner(struct view_scene *scene, const char *text)
{
	snprintf(scene->banner, sizeof(scene->banner), "%s", text ? text : "");
}

size_t view_scene_deposit_count(const struct view_scene *scene)
{
	return scene->deposit_count;
}

void view_scene_draw(struct view_scene *scene, cairo_t *cr, int64_t now_us)
{
	cairo_save(cr);
	if (!scene->layout.valid) {
		cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
		cairo_paint(cr);
		cairo_restore(cr);
		return;
	}
	cairo_set_source_surface(cr, scene->picture, 0, 0);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_paint(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, scene->layout.width_px,
			scene->layout.height_px - VIEW_STATUS_HEIGHT_PX);
	cairo_clip(cr);
	if (!scene->exam) {
		view_draw_marks(scene, cr, now_us);
		view_draw_pen(scene, cr);
		view_draw_gauge(scene, cr);
	}
	view_draw_banner(scene, cr);
	cairo_restore(cr);
	view_draw_status(scene, cr, now_us);
	if (scene->show_pen_check && !scene->exam) {
		char text[4096];

		view_scene_pen_check_text(scene, text, sizeof(text));
		view_draw_pen_check(scene, cr, text);
	}
	if (scene->show_instructions)
		view_draw_instructions(scene, cr);
	cairo_restore(cr);
}

int view_scene_write_png(struct view_scene *scene, int fd, int width_px,
			 int height_px, int64_t now_us, char *why, size_t why_size)
{
	struct view_fd_sink sink = { fd, 0 };
	cairo_surface_t *surface;
	cairo_status_t status;
	cairo_t *cr;
	const struct view_layout *l = &scene->layout;
	/* The frame as the window showed it: its scale kept (a full screen's
	 * real scale is not the fitted one); another size is fitted. */
	int rc = l->valid && l->width_px == width_px && l->height_px == height_px ? 0 :
		 view_scene_layout(scene, width_px, height_px, 0);

	if (rc < 0) {
		snprintf(why, why_size, "cannot lay the view out at %dx%d px: %s",
			 width_px, height_px, strerror(-rc));
		return rc;
	}
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
	cr = cairo_create(surface);
	view_scene_draw(scene, cr, now_us);
	cairo_destroy(cr);
	status = cairo_surface_write_to_png_stream(surface, view_fd_write, &sink);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		rc = sink.err ? -sink.err : -ENOMEM;
		snprintf(why, why_size, "cannot write the PNG: %s",
			 sink.err ? strerror(sink.err) : cairo_status_to_string(status));
		return rc;
	}
	return 0;
}
