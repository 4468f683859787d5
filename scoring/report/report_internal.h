/* report_internal: what report_html.c, report_svg.c, report_legend.c,
 * report_raster.c, report_signoff.c and report_text.c share. Not an API.
 * report_html.c draws the page and calls report_svg.c for its pictures,
 * which calls report_legend.c for the work area's legend and, for a dense
 * session, report_raster.c for its dots; all write text through
 * report_text.c. */
#ifndef SMPSIM_REPORT_INTERNAL_H
#define SMPSIM_REPORT_INTERNAL_H

#include <stdio.h>

#include "report_html.h"

/** Formats like printf, then writes the result as escaped HTML text. */
void report_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Unix time @p t as local "YYYY-MM-DD HH:MM" into @p buf ("" for 0). */
void report_time_text(int64_t t, char *buf, size_t size);

/** The work area to scale: the picture, its legend and the overview.
 * @return 0, or -ENOMEM. */
int report_svg_scalp(FILE *f, const struct report_session *s);

/** The density map against the target, with its legend.
 * @return 0, or -ENOMEM. */
int report_svg_density(FILE *f, const struct report_session *s);

/** One lesson's scores over the attempts, as a line chart. */
void report_svg_trend(FILE *f, const struct report_lesson_trend *t);

/* The scalp regions' fills, in the picture and the legend
 * (report_legend.c). */
#define REPORT_REGION_FILLS 8
extern const char *const report_region_fill[REPORT_REGION_FILLS];

/* What the work area's picture holds, counted as it is drawn
 * (report_svg.c): the legend lists these and nothing else. */
struct report_drawn {
	bool raster;                 /**< the dots as one PNG layer */
	size_t by_class[4], merged, outside, lines, reach, blurred;
	size_t too_close, gaps;      /**< their marks */
	bool region[64];             /**< each region seen in the picture */
	bool zone, hairline;
	bool off_scalp;               /**< the picture reaches past the scalp model */
};

/** The work area's legend: exactly what @p dr says was drawn
 * (report_legend.c). */
void report_legend(FILE *f, const struct report_session *s, const struct report_drawn *dr);

/** Writes @p s's "Sign-offs" section (nothing unless s->signoffs_shown)
 * (report_signoff.c). */
void report_signoffs(FILE *f, const struct report_session *s);

/** Writes an attempt's sign-off cell: "lowest 3" (and how many), or a dash
 * (report_signoff.c). */
void report_attempt_signoff(FILE *f, const struct report_attempt *a);

/* The picture's scale: at most this many CSS pixels each way. */
#define REPORT_PICTURE_PX 900

/* Above this many deposits the work area's dots are one PNG layer
 * (report_raster.c) and their data a compact list, not an SVG element
 * each: 100 000 circles with titles made a 33.8 MB page. */
#define REPORT_VECTOR_DOTS_MAX 5000

/** @return the most deposits @p s draws a circle each for. */
static inline size_t report_vector_dots_max(const struct report_session *s)
{
	return s->vector_dots_max ? s->vector_dots_max : REPORT_VECTOR_DOTS_MAX;
}
/* The raster's pixels per CSS pixel. */
#define REPORT_RASTER_SCALE 2

/* The deposits' colours, from Okabe & Ito's palette for colour-blind
 * readers (https://jfly.uni-koeln.de/color/): the stylesheet (report_html.c) and
 * the raster use the same. The rings differ by width too, and the faults
 * of spacing by shape (a line, a square). */
#define REPORT_IN_BAND_RGB 0x009e73u    /* bluish green */
#define REPORT_SHALLOW_RGB 0xf0e442u    /* yellow */
#define REPORT_DEEP_RGB 0xd55e00u       /* vermillion */
#define REPORT_OVERDEEP_RGB 0x990000u   /* dark red, not Okabe & Ito's: the
					 * darkest fill, told from deep by
					 * lightness, not hue alone */
#define REPORT_MERGED_RGB 0x7b1fa2u     /* dark purple ring: Okabe & Ito's
					 * reddish purple #cc79a7 came within
					 * a CIE76 delta E of 18 of the in-band green under
					 * deuteranopia; this keeps delta E 40 or
					 * more from every fill under
					 * deuteranopia and protanopia
					 * (test-report checks) */
#define REPORT_LINE_RGB 0x56b4e9u       /* sky-blue ring (blue came too near
					 * the in-band green: issue 16) */
#define REPORT_OUTSIDE_RGB 0x000000u    /* black ring, apart from the dot */
#define REPORT_BLUR_RGB 0x0072b2u       /* a translucent blue halo */
#define REPORT_BLUR_ALPHA 0.3
#define REPORT_RING_PX 1.5              /* the merged ring, CSS px */
#define REPORT_LINE_PX 2.0              /* the drag-line ring, CSS px */
#define REPORT_OUTSIDE_PX 1.5           /* the outside ring, CSS px, drawn */
#define REPORT_OUTSIDE_GAP_PX 1.5       /* outside the dot with this gap: a
					 * 3 px ring on the edge of a 0.27 mm
					 * dot left a black blob, its depth
					 * class lost */
#define REPORT_MIN_FILL_PX 1.0          /* in the raster, the least radius a
					 * dot's fill keeps inside its ring */

/** @return the fill of depth class @p c as 0xRRGGBB. */
static inline unsigned report_depth_rgb(enum deposit_depth_class c)
{
	switch (c) {
	case DEPOSIT_SHALLOW: return REPORT_SHALLOW_RGB;
	case DEPOSIT_IN_BAND: return REPORT_IN_BAND_RGB;
	case DEPOSIT_DEEP: return REPORT_DEEP_RGB;
	default: return REPORT_OVERDEEP_RGB;
	}
}

/** Paints @p s's deposits into a PNG of @p wpx by @p hpx CSS pixels
 * covering [x0, x0 + w] by [y0, y0 + h] mm, and writes it as an SVG
 * <image> with a data: URI (report_raster.c). @return 0, or -ENOMEM. */
int report_raster_dots(FILE *f, const struct report_session *s, double x0, double y0,
		       double w, double h, int wpx, int hpx);

/* The columns of report_deposit_data()'s lines (after "id," when the
 * deposits are not numbered 0, 1, 2 ... in order). */
#define REPORT_DATA_COLUMNS \
	"time_ms,x_mm,y_mm,depth_mm,diameter_mm,blur_mm,depth_class,kind,faults"

/** Writes every deposit of @p s as a line of comma-separated values in an
 * inert <template class="deposit-data">: line N is deposit N, its depth
 * class a letter (s, i, d, o), kind 0 a dot and 1 a drag line, faults
 * the deposit's bits (report_raster.c). */
void report_deposit_data(FILE *f, const struct report_session *s);

#endif
