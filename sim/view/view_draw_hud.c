/* view_draw_hud: what a frame draws over the cached picture, in pixels:
 * the pen's cursor and the ring of the too-close and gap distances round
 * it, the depth gauge while the needle is in, the replay's banner, the
 * status bar and the lesson's instructions. Text is set by pango in
 * DejaVu Sans (crisp at any scale, no font code of ours).
 *
 * The gauge is the depth tone's visual twin: a vertical bar from the skin's
 * surface (top) down past the region's overdeep depth, the target band in
 * the in-band colour, the overdeep line in the overdeep colour, the
 * needle's depth now as a dark fill and its deepest point as a tick.
 */
#include "view_scene_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VIEW_COLOUR_HALO        0xFFFFFFu
#define VIEW_COLOUR_RING_CLOSE  0xD55E00u
#define VIEW_COLOUR_RING_GAP    0x0072B2u
#define VIEW_COLOUR_STATUS_BG   0x202124u
/* The replay's banner across the top, px. */
#define BANNER_HEIGHT_PX 24
#define VIEW_COLOUR_STATUS_TEXT 0xF1F1F1u
#define VIEW_COLOUR_PANEL       0xFBFAF7u
#define VIEW_COLOUR_TEXT        0x1D1D1Fu
#define VIEW_COLOUR_GAUGE_BG    0xF4F4F4u
#define VIEW_COLOUR_NEEDLE      0x303030u

#define VIEW_CURSOR_ARM_PX 8
#define VIEW_GAUGE_W_PX 22
#define VIEW_GAUGE_H_PX 160

void view_spacing_at(const struct view_scene *scene, double x_mm, double y_mm,
		     struct scalp_spacing *spacing)
{
	size_t r = scalp_region_at(scene->scalp, x_mm, y_mm);

	if (r == SCALP_NO_REGION)
		r = 0;
	*spacing = scene->scalp->regions[r].spacing;
	if (scene->sim.spacing.too_close_mm > 0)
		spacing->too_close_mm = scene->sim.spacing.too_close_mm;
	if (scene->sim.spacing.gap_mm > 0)
		spacing->gap_mm = scene->sim.spacing.gap_mm;
	if (scene->sim.spacing.neighbourhood_mm > 0)
		spacing->neighbourhood_mm = scene->sim.spacing.neighbourhood_mm;
}

static void circle(cairo_t *cr, double x, double y, double r, uint32_t rgb)
{
	cairo_new_path(cr);
	cairo_arc(cr, x, y, r, 0, 2 * M_PI);
	view_rgb(cr, rgb);
	cairo_set_line_width(cr, 2);
	cairo_stroke(cr);
}

void view_draw_pen(const struct view_scene *scene, cairo_t *cr)
{
	double px, py;

	if (!(scene->pen_flags & PEN_IN_PROXIMITY))
		return;
	view_mm_to_px(scene, scene->pen_x, scene->pen_y, &px, &py);
	if (scene->guide_ring) {
		struct scalp_spacing s;

		view_spacing_at(scene, scene->pen_x, scene->pen_y, &s);
		circle(cr, px, py, s.too_close_mm * scene->layout.ppm, VIEW_COLOUR_RING_CLOSE);
		circle(cr, px, py, s.gap_mm * scene->layout.ppm, VIEW_COLOUR_RING_GAP);
	}
	/* a cross, white under black so it shows on dark dots too */
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
	for (int pass = 0; pass < 2; pass++) {
		cairo_new_path(cr);
		cairo_move_to(cr, px - VIEW_CURSOR_ARM_PX, py);
		cairo_line_to(cr, px + VIEW_CURSOR_ARM_PX, py);
		cairo_move_to(cr, px, py - VIEW_CURSOR_ARM_PX);
		cairo_line_to(cr, px, py + VIEW_CURSOR_ARM_PX);
		view_rgb(cr, pass ? VIEW_COLOUR_CURSOR : VIEW_COLOUR_HALO);
		cairo_set_line_width(cr, pass ? 2 : 4);
		cairo_stroke(cr);
	}
}

void view_draw_gauge(const struct view_scene *scene, cairo_t *cr)
{
	const struct scalp_region *region = NULL;
	double x = scene->layout.width_px - VIEW_MARGIN_PX - VIEW_GAUGE_W_PX;
	/* below a replay's banner, whose band would hide its label */
	double y = VIEW_MARGIN_PX + 20 + (scene->banner[0] ? BANNER_HEIGHT_PX : 0);
	double full_mm, k;
	char label[48];

	if (!scene->needle_in)
		return;
	if (scene->needle_region < scene->scalp->region_count)
		region = &scene->scalp->regions[scene->needle_region];
	full_mm = fmax(region ? region->overdeep_mm * 1.25 : 2, scene->needle_deepest_mm);
	k = VIEW_GAUGE_H_PX / full_mm;

	view_rgb(cr, VIEW_COLOUR_GAUGE_BG);
	cairo_rectangle(cr, x, y, VIEW_GAUGE_W_PX, VIEW_GAUGE_H_PX);
	cairo_fill(cr);
	if (region) {
		view_rgb(cr, VIEW_COLOUR_IN_BAND);
		cairo_rectangle(cr, x, y + region->band_min_mm * k, VIEW_GAUGE_W_PX,
				(region->band_max_mm - region->band_min_mm) * k);
		cairo_fill(cr);
		view_rgb(cr, VIEW_COLOUR_OVERDEEP);
		cairo_rectangle(cr, x - 4, y + region->overdeep_mm * k - 1, VIEW_GAUGE_W_PX + 8, 2);
		cairo_fill(cr);
	}
	/* the needle: a bar down the middle to its depth now */
	view_rgb(cr, VIEW_COLOUR_NEEDLE);
	cairo_rectangle(cr, x + VIEW_GAUGE_W_PX / 2.0 - 3, y, 6,
			fmin(scene->needle_depth_mm, full_mm) * k);
	cairo_fill(cr);
	cairo_rectangle(cr, x - 6, y + scene->needle_deepest_mm * k - 1, VIEW_GAUGE_W_PX + 12, 2);
	cairo_fill(cr);
	view_rgb(cr, VIEW_COLOUR_TEXT);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, x + 0.5, y + 0.5, VIEW_GAUGE_W_PX - 1, VIEW_GAUGE_H_PX - 1);
	cairo_stroke(cr);
	snprintf(label, sizeof(label), "%.2f mm", scene->needle_depth_mm);
	view_text(scene, cr, x - 40, y - 20, label, VIEW_COLOUR_TEXT);
}

void view_draw_banner(const struct view_scene *scene, cairo_t *cr)
{
	if (!scene->banner[0])
		return;
	view_rgba(cr, VIEW_COLOUR_STATUS_BG, 0.85);
	cairo_rectangle(cr, 0, 0, scene->layout.width_px, BANNER_HEIGHT_PX);
	cairo_fill(cr);
	view_text(scene, cr, VIEW_MARGIN_PX, 4, scene->banner, VIEW_COLOUR_STATUS_TEXT);
}

/* Appends to @p text, never past @p size; *n stays the length written. */
__attribute__((format(printf, 4, 5)))
static void add(char *text, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*n + 1 >= size)
		return;
	va_start(ap, fmt);
	k = vsnprintf(text + *n, size - *n, fmt, ap);
	va_end(ap);
	if (k > 0)
		*n = *n + (size_t)k < size ? *n + (size_t)k : size - 1;
}

/* m:ss of @p s seconds, whole seconds up (a count-down reads 0:00 only
 * when the time is over) or down. */
static void clock_text(char *out, size_t size, double s, bool up)
{
	long t = (long)(up ? ceil(fmax(s, 0)) : floor(fmax(s, 0)));

	snprintf(out, size, "%ld:%02ld", t / 60, t % 60);
}

size_t view_scene_status_text(const struct view_scene *scene, int64_t now_us,
			      char *text, size_t size)
{
	double elapsed = now_us / 1e6;
	char clock[32];
	size_t n = 0;

	if (size == 0)
		return 0;
	if (scene->time_limit_s > 0) {
		clock_text(clock, sizeof(clock), scene->time_limit_s - elapsed, true);
		add(text, size, &n, "time left %s", clock);
	} else {
		clock_text(clock, sizeof(clock), elapsed, false);
		add(text, size, &n, "time %s", clock);
	}
	if (scene->exam) {
		add(text, size, &n, "   exam");
		return n;
	}
	add(text, size, &n, "   dots %zu", scene->deposit_count);
	if (scene->target_dots)
		add(text, size, &n, " / %u", scene->target_dots);
	add(text, size, &n, "   in band %.0f%%   faults %zu   1 mm = %.1f px   i: instructions",
	    scene->deposit_count ? 100.0 * (double)scene->in_band / (double)scene->deposit_count : 0,
	    scene->fault_count, scene->layout.valid ? scene->layout.ppm : 0);
	return n;
}

void view_draw_status(const struct view_scene *scene, cairo_t *cr, int64_t now_us)
{
	double y = scene->layout.height_px - VIEW_STATUS_HEIGHT_PX;
	char text[256];

	view_rgb(cr, VIEW_COLOUR_STATUS_BG);
	cairo_rectangle(cr, 0, y, scene->layout.width_px, VIEW_STATUS_HEIGHT_PX);
	cairo_fill(cr);
	view_scene_status_text(scene, now_us, text, sizeof(text));
	view_text(scene, cr, VIEW_MARGIN_PX, y + 6, text, VIEW_COLOUR_STATUS_TEXT);
}

void view_draw_instructions(const struct view_scene *scene, cairo_t *cr)
{
	double w = fmin(scene->layout.width_px - 2 * VIEW_MARGIN_PX, 640);
	double x = (scene->layout.width_px - w) / 2, y = VIEW_MARGIN_PX;
	PangoLayout *layout = pango_cairo_create_layout(cr);
	char text[LESSON_TEXT_MAX], *markup;
	const char *in = scene->lesson->instructions;
	size_t n = 0;
	int tw, th;

	/* the YAML's lines joined into paragraphs, for pango to wrap */
	for (size_t i = 0; in[i] && n + 1 < sizeof(text); i++)
		text[n++] = in[i] == '\n' && in[i + 1] != '\n' && (i == 0 || in[i - 1] != '\n')
				    ? ' '
				    : in[i];
	text[n] = '\0';
	markup = g_markup_printf_escaped("<b>%s</b>\n\n%s\n\n<i>i: hide</i>",
					 scene->lesson->title, text);
	pango_layout_set_font_description(layout, scene->font);
	pango_layout_set_width(layout, (int)((w - 24) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
	pango_layout_set_markup(layout, markup, -1);
	g_free(markup);
	pango_layout_get_pixel_size(layout, &tw, &th);
	view_rgba(cr, VIEW_COLOUR_PANEL, 0.94);
	cairo_rectangle(cr, x, y, w, th + 24);
	cairo_fill(cr);
	view_rgb(cr, VIEW_COLOUR_TEXT);
	cairo_move_to(cr, x + 12, y + 12);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
}

void view_draw_pen_check(const struct view_scene *scene, cairo_t *cr, const char *text)
{
	char *markup;
	PangoLayout *layout = pango_cairo_create_layout(cr);
	/* The HUD's font and size, monospaced so the figures line up. */
	PangoFontDescription *mono = pango_font_description_copy(scene->font);
	int tw, th;
	double x = VIEW_MARGIN_PX, y = VIEW_MARGIN_PX;

	markup = g_markup_printf_escaped("<b>Pen check</b>\n%s<i>p: hide</i>", text);
	if (mono)
		pango_font_description_set_family(mono, "DejaVu Sans Mono");
	pango_layout_set_font_description(layout, mono ? mono : scene->font);
	pango_layout_set_markup(layout, markup, -1);
	g_free(markup);
	pango_layout_get_pixel_size(layout, &tw, &th);
	view_rgba(cr, VIEW_COLOUR_PANEL, 0.94);
	cairo_rectangle(cr, x, y, tw + 24, th + 24);
	cairo_fill(cr);
	view_rgb(cr, VIEW_COLOUR_TEXT);
	cairo_move_to(cr, x + 12, y + 12);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
	if (mono)
		pango_font_description_free(mono);
}
