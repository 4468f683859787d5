/* view_draw_dots: a finished deposit as the view shows it, and the marks
 * of fresh faults.
 *
 * A deposit is drawn once, into the scene's cached picture: an ellipse of
 * its simulated diameter, stretched by its skew along the skew's angle,
 * with a radial gradient beyond it for its blur (the colour fading to
 * nothing over blur_mm). In practice it takes its depth class's colour
 * (view_scene.h: Okabe and Ito's palette); in exam mode the colour of
 * healed pigment, a shallow dot faint (it fades with the epidermis) and
 * the blur of a deep one bluish (blowout heals blue), as skin would show.
 * A dot smaller than a pixel is drawn a pixel wide, so none vanishes.
 *
 * A fault is marked for VIEW_FAULT_MARK_US of session time where it was
 * raised: a ring, and the fault's name beside it.
 */
#include "view_scene_internal.h"

#include <math.h>
#include <string.h>

#define VIEW_COLOUR_BLOWOUT 0x3C4E86u
#define VIEW_COLOUR_FAULT_TEXT 0x6B1F4Au  /* the mark's purple, dark enough to read */
#define VIEW_COLOUR_LABEL_BOX 0xFFFFFFu
#define VIEW_MARK_RADIUS_PX 9

uint32_t view_depth_colour(enum deposit_depth_class depth_class)
{
	switch (depth_class) {
	case DEPOSIT_SHALLOW:
		return VIEW_COLOUR_SHALLOW;
	case DEPOSIT_IN_BAND:
		return VIEW_COLOUR_IN_BAND;
	case DEPOSIT_DEEP:
		return VIEW_COLOUR_DEEP;
	case DEPOSIT_OVERDEEP:
		return VIEW_COLOUR_OVERDEEP;
	}
	return VIEW_COLOUR_PIGMENT;
}

static void set_colour(cairo_pattern_t *p, double offset, uint32_t rgb, double alpha)
{
	cairo_pattern_add_color_stop_rgba(p, offset, ((rgb >> 16) & 0xff) / 255.0,
					  ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0,
					  alpha);
}

void view_draw_deposit(const struct view_scene *scene, cairo_t *cr,
		       const struct deposit *d)
{
	double min_r = 0.5 / scene->layout.ppm;
	double r = fmax(d->diameter_mm / 2, min_r);
	double stretch = d->skew_ratio > 1 && isfinite(d->skew_ratio) ? d->skew_ratio : 1;
	double blur = d->blur_mm > 0 && isfinite(d->blur_mm) ? d->blur_mm : 0;
	uint32_t colour = view_depth_colour(d->depth_class);
	uint32_t halo = colour;
	double alpha = 1;

	if (!isfinite(d->x_mm) || !isfinite(d->y_mm) || !isfinite(r))
		return;
	if (scene->exam) {
		colour = VIEW_COLOUR_PIGMENT;
		halo = d->depth_class >= DEPOSIT_DEEP ? VIEW_COLOUR_BLOWOUT : VIEW_COLOUR_PIGMENT;
		alpha = d->depth_class == DEPOSIT_SHALLOW ? 0.35 : 0.9;
	}
	cairo_save(cr);
	cairo_translate(cr, d->x_mm, d->y_mm);
	cairo_rotate(cr, d->skew_angle_deg * M_PI / 180);
	cairo_scale(cr, stretch, 1);
	if (blur > 0) {
		cairo_pattern_t *p = cairo_pattern_create_radial(0, 0, r, 0, 0, r + blur);

		set_colour(p, 0, halo, 0.6 * alpha);
		set_colour(p, 1, halo, 0);
		cairo_set_source(cr, p);
		cairo_arc(cr, 0, 0, r + blur, 0, 2 * M_PI);
		cairo_fill(cr);
		cairo_pattern_destroy(p);
	}
	view_rgba(cr, colour, alpha);
	cairo_arc(cr, 0, 0, r, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_restore(cr);
}

/* "too-close" -> "too close" */
static void fault_label(uint32_t fault, char *out, size_t size)
{
	const char *name = deposit_fault_name(fault);
	size_t i;

	if (!name)
		name = "fault";
	for (i = 0; name[i] && i + 1 < size; i++)
		out[i] = name[i] == '-' ? ' ' : name[i];
	out[i] = '\0';
}

void view_draw_marks(const struct view_scene *scene, cairo_t *cr, int64_t now_us)
{
	for (size_t i = 0; i < VIEW_MARKS_MAX; i++) {
		const struct view_mark *m = &scene->marks[i];
		double px, py;
		char label[32];

		if (!m->fault || m->time_us > now_us || now_us - m->time_us >= VIEW_FAULT_MARK_US)
			continue;
		view_mm_to_px(scene, m->x_mm, m->y_mm, &px, &py);
		cairo_new_path(cr);
		cairo_arc(cr, px, py, VIEW_MARK_RADIUS_PX, 0, 2 * M_PI);
		view_rgb(cr, VIEW_COLOUR_FAULT);
		cairo_set_line_width(cr, 2);
		cairo_stroke(cr);
		fault_label(m->fault, label, sizeof(label));
		view_label(scene, cr, px + VIEW_MARK_RADIUS_PX + 4, py - 8, label,
			   VIEW_COLOUR_FAULT_TEXT, VIEW_COLOUR_LABEL_BOX);
	}
}
