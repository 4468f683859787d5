/* view_template: the lesson's work area at 1:1 as SVG or PDF, through
 * cairo's vector surfaces, with text by pango. Everything is drawn in mm:
 * the SVG surface is made in mm with mm as its document unit (its width
 * and height read "NNmm"), the PDF surface in points with the context
 * scaled by 72/25.4, so one mm of scalp prints as one mm whatever the
 * viewer, as long as it prints at 100% ("actual size"): the 50 mm bar is
 * there to check that.
 *
 * Page, top to bottom: the title and the work area's size and place; the
 * work area (its edge dashed, the scalp's region borders faint, the
 * zones, the designed hairline); the bar with a tick each mm, longer each
 * 5 and numbered each 10.
 */
#include "view_template.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "view_scene_internal.h"

#define MM_PER_PT (25.4 / 72.0)

void view_template_page(const struct lesson *lesson, const struct scalp_model *scalp,
			double *width_mm, double *height_mm, double *area_x,
			double *area_y)
{
	struct lesson_area a;

	lesson_work_area(lesson, scalp, &a);
	*width_mm = fmax(a.width_mm, VIEW_TEMPLATE_MIN_WIDTH_MM) + 2 * VIEW_TEMPLATE_MARGIN_MM;
	*height_mm = a.height_mm + VIEW_TEMPLATE_HEADER_MM + VIEW_TEMPLATE_FOOTER_MM +
		     2 * VIEW_TEMPLATE_MARGIN_MM;
	*area_x = VIEW_TEMPLATE_MARGIN_MM;
	*area_y = VIEW_TEMPLATE_MARGIN_MM + VIEW_TEMPLATE_HEADER_MM;
}

/* @p markup at (@p x, @p y) mm, @p size_mm high, wrapped to @p width_mm.
 * Set in units of 0.1 mm with hinting off: glyph outlines are kept to
 * FreeType's 1/64 of a unit, and hinting is for pixels, not paper. */
static void text_mm(cairo_t *cr, double x, double y, double size_mm, double width_mm,
		    const char *markup)
{
	PangoLayout *layout;
	PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
	cairo_font_options_t *options = cairo_font_options_create();

	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, 0.1, 0.1);
	layout = pango_cairo_create_layout(cr);
	cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pango_layout_get_context(layout), options);
	pango_layout_context_changed(layout);
	pango_font_description_set_absolute_size(font, size_mm * 10 * PANGO_SCALE);
	pango_layout_set_font_description(layout, font);
	pango_layout_set_width(layout, (int)(width_mm * 10 * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
	pango_layout_set_markup(layout, markup, -1);
	cairo_move_to(cr, 0, 0);
	pango_cairo_show_layout(cr, layout);
	cairo_new_path(cr);
	cairo_restore(cr);
	cairo_font_options_destroy(options);
	pango_font_description_free(font);
	g_object_unref(layout);
}

static void draw_area(cairo_t *cr, const struct lesson *lesson,
		      const struct scalp_model *scalp, const struct lesson_area *a)
{
	static const double dash[] = { 2, 1 };

	cairo_save(cr);
	cairo_rectangle(cr, a->x_mm, a->y_mm, a->width_mm, a->height_mm);
	cairo_clip_preserve(cr);
	view_rgb(cr, 0x808080);
	cairo_set_line_width(cr, 0.25);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	view_rgb(cr, 0xB59D86);
	cairo_set_line_width(cr, 0.15);
	for (size_t r = 1; r < scalp->region_count; r++) {
		view_polygon_path(cr, &scalp->regions[r].polygon);
		cairo_stroke(cr);
	}
	view_rgb(cr, VIEW_COLOUR_ZONE);
	cairo_set_line_width(cr, 0.35);
	for (size_t z = 0; z < lesson->zone_count; z++) {
		view_polygon_path(cr, &lesson->zones[z].polygon);
		cairo_stroke(cr);
	}
	if (lesson->hairline_count >= 2) {
		for (size_t i = 0; i < lesson->hairline_count; i++)
			cairo_line_to(cr, lesson->hairline[i].x, lesson->hairline[i].y);
		view_rgb(cr, VIEW_COLOUR_HAIRLINE);
		cairo_set_line_width(cr, 0.5);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

/* The check bar with its left end at (@p x, @p y) mm. */
static void draw_bar(cairo_t *cr, double x, double y)
{
	char number[8];

	view_rgb(cr, 0x000000);
	cairo_set_line_width(cr, 0.2);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + VIEW_TEMPLATE_BAR_MM, y);
	for (int mm = 0; mm <= VIEW_TEMPLATE_BAR_MM; mm++) {
		double len = mm % 10 == 0 ? 4 : mm % 5 == 0 ? 3 : 1.5;

		cairo_move_to(cr, x + mm, y);
		cairo_line_to(cr, x + mm, y - len);
	}
	cairo_stroke(cr);
	for (int mm = 0; mm <= VIEW_TEMPLATE_BAR_MM; mm += 10) {
		snprintf(number, sizeof(number), "%d", mm);
		text_mm(cr, x + mm - 1, y + 1, 2.5, 10, number);
	}
	text_mm(cr, x, y + 5, 3, 80,
		"check: this bar measures 50 mm (print at 100%, \"actual size\")");
}

static void draw_page(cairo_t *cr, const struct lesson *lesson, const struct scalp_model *scalp)
{
	struct lesson_area a;
	double w, h, ax, ay;
	char *header;

	lesson_work_area(lesson, scalp, &a);
	view_template_page(lesson, scalp, &w, &h, &ax, &ay);
	view_rgb(cr, 0x1D1D1F);
	header = g_markup_printf_escaped("<b>%s</b>", lesson->title);
	text_mm(cr, VIEW_TEMPLATE_MARGIN_MM, VIEW_TEMPLATE_MARGIN_MM, 4.5,
		w - 2 * VIEW_TEMPLATE_MARGIN_MM, header);
	g_free(header);
	header = g_markup_printf_escaped("lesson %s: work area %g x %g mm at 1:1 "
					 "(scalp %s, x %g to %g mm, y %g to %g mm)",
					 lesson->id, a.width_mm, a.height_mm, scalp->id, a.x_mm,
					 a.x_mm + a.width_mm, a.y_mm, a.y_mm + a.height_mm);
	text_mm(cr, VIEW_TEMPLATE_MARGIN_MM, VIEW_TEMPLATE_MARGIN_MM + 6.5, 2.8,
		w - 2 * VIEW_TEMPLATE_MARGIN_MM, header);
	g_free(header);

	cairo_save(cr);
	cairo_translate(cr, ax - a.x_mm, ay - a.y_mm);
	draw_area(cr, lesson, scalp, &a);
	cairo_restore(cr);

	draw_bar(cr, VIEW_TEMPLATE_MARGIN_MM, ay + a.height_mm + 10);
}

int view_template_write(const struct lesson *lesson, const struct scalp_model *scalp,
			int fd, bool pdf, char *why, size_t why_size)
{
	struct view_fd_sink sink = { fd, 0 };
	cairo_surface_t *surface;
	cairo_status_t status;
	double w, h, ax, ay;
	cairo_t *cr;

	view_template_page(lesson, scalp, &w, &h, &ax, &ay);
	if (pdf) {
		surface = cairo_pdf_surface_create_for_stream(view_fd_write, &sink,
							      w / MM_PER_PT, h / MM_PER_PT);
	} else {
		surface = cairo_svg_surface_create_for_stream(view_fd_write, &sink, w, h);
		cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_MM);
	}
	cr = cairo_create(surface);
	if (pdf)
		cairo_scale(cr, 1 / MM_PER_PT, 1 / MM_PER_PT);
	view_rgb(cr, 0xFFFFFF);
	cairo_paint(cr);
	draw_page(cr, lesson, scalp);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		snprintf(why, why_size, "cannot write the template: %s",
			 sink.err ? strerror(sink.err) : cairo_status_to_string(status));
		return sink.err ? -sink.err : -EIO;
	}
	return 0;
}
