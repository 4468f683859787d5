/* view_draw_timeline: the replay's timeline (view_draw_timeline.h).
 *
 * Time runs left to right over the bar, from the tape's first moment to
 * its last. The dots are drawn as ticks in the lower half and the faults
 * over the whole height, after them, so a fault is never hidden by a dot;
 * the clock's line goes last. Marks are snapped to the pixel grid (half
 * pixels for one-pixel lines) so they stay crisp.
 */
#include "view_draw_timeline.h"

#include <math.h>

#include "view_scene.h"
#include "view_scene_internal.h"

double view_timeline_x(const struct view_replay *r, int64_t time_us, double x, double width)
{
	double span = (double)(r->end_us - r->start_us);

	if (span <= 0)
		return x;
	return x + width * (double)(time_us - r->start_us) / span;
}

/* A vertical line one or two px wide at @p at, from @p top to @p bottom. */
static void tick(cairo_t *cr, double at, double top, double bottom, double width)
{
	double snapped = width == 1 ? floor(at) + 0.5 : floor(at + 0.5);

	cairo_set_line_width(cr, width);
	cairo_move_to(cr, snapped, top);
	cairo_line_to(cr, snapped, bottom);
	cairo_stroke(cr);
}

void view_timeline_draw(const struct view_replay *r, cairo_t *cr, double x, double y,
			double width, double height)
{
	const struct view_tape *t = r->tape;
	double now = view_timeline_x(r, r->now_us, x, width);

	cairo_save(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	view_rgb(cr, VIEW_TIMELINE_TRACK);
	cairo_rectangle(cr, x, y, width, height);
	cairo_fill(cr);
	view_rgb(cr, VIEW_TIMELINE_PLAYED);
	cairo_rectangle(cr, x, y, floor(now - x + 0.5), height);
	cairo_fill(cr);
	view_rgb(cr, VIEW_TIMELINE_DOT);
	for (size_t i = 0; i < r->dot_count; i++)
		tick(cr, view_timeline_x(r, t->entries[r->dots[i]].time_us, x, width),
		     y + height / 2, y + height, 1);
	view_rgb(cr, VIEW_COLOUR_FAULT);
	for (size_t i = 0; i < r->fault_count; i++)
		tick(cr, view_timeline_x(r, t->entries[r->faults[i]].time_us, x, width), y,
		     y + height, 2);
	view_rgb(cr, VIEW_TIMELINE_CLOCK);
	tick(cr, now, y - 2, y + height + 2, 2);
	cairo_restore(cr);
}
