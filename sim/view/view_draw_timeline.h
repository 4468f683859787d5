/* view_draw_timeline: the replay's timeline, drawn with cairo: a bar for
 * the whole session, filled up to the playback clock, each fault marked
 * where it happened (VIEW_COLOUR_FAULT), the dots as fine ticks, and the
 * clock's place as a dark line. The window draws it along the bottom of
 * the scene, above the status bar.
 */
#ifndef SMPSIM_VIEW_DRAW_TIMELINE_H
#define SMPSIM_VIEW_DRAW_TIMELINE_H

#include <cairo.h>

#include "view_replay.h"

/** The timeline's height, px, and its colours (0xRRGGBB). */
#define VIEW_TIMELINE_HEIGHT_PX 14
#define VIEW_TIMELINE_TRACK  0xD9D9D9u   /**< still to play */
#define VIEW_TIMELINE_PLAYED 0x8C8C99u   /**< played */
#define VIEW_TIMELINE_DOT    0x4D4D4Du   /**< a finished deposit */
#define VIEW_TIMELINE_CLOCK  0x000000u   /**< the playback clock */

/** @return the x (px) of session time @p time_us on a timeline drawn at
 * @p x, @p width px wide. */
double view_timeline_x(const struct view_replay *r, int64_t time_us, double x, double width);

/** Draws @p r's timeline into @p cr in the rectangle at (@p x, @p y),
 * @p width by @p height px. */
void view_timeline_draw(const struct view_replay *r, cairo_t *cr, double x, double y,
			double width, double height);

#endif
