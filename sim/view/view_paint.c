/* view_paint: what every part of the view's drawing shares, below all of
 * them: colours as 0xRRGGBB, scalp mm to the layout's pixels and back, a
 * line of text set by pango (DejaVu Sans, the scene's size) with or
 * without a box behind it, and the writer that hands cairo's PNG, SVG and
 * PDF streams to a file descriptor. It calls nothing else of sim/view.
 */
#include "view_scene_internal.h"

#include <errno.h>
#include <unistd.h>

void view_rgb(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
			     ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

void view_rgba(cairo_t *cr, uint32_t rgb, double alpha)
{
	cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0,
			      ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha);
}

void view_mm_space(const struct view_scene *scene, cairo_t *cr)
{
	cairo_translate(cr, scene->layout.origin_x, scene->layout.origin_y);
	cairo_scale(cr, scene->layout.ppm, scene->layout.ppm);
}

void view_polygon_path(cairo_t *cr, const struct scalp_polygon *p)
{
	for (size_t i = 0; i < p->count; i++)
		cairo_line_to(cr, p->points[i].x, p->points[i].y);
	cairo_close_path(cr);
}

void view_mm_to_px(const struct view_scene *scene, double x_mm, double y_mm,
		   double *px, double *py)
{
	*px = scene->layout.origin_x + x_mm * scene->layout.ppm;
	*py = scene->layout.origin_y + y_mm * scene->layout.ppm;
}

void view_px_to_mm(const struct view_scene *scene, double px, double py,
		   double *x_mm, double *y_mm)
{
	double ppm = scene->layout.ppm > 0 ? scene->layout.ppm : 1;

	*x_mm = (px - scene->layout.origin_x) / ppm;
	*y_mm = (py - scene->layout.origin_y) / ppm;
}

int view_label(const struct view_scene *scene, cairo_t *cr, double x, double y,
	       const char *text, uint32_t rgb, uint32_t background)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	int w, h;

	pango_layout_set_font_description(layout, scene->font);
	pango_layout_set_text(layout, text, -1);
	if (background != VIEW_NO_BACKGROUND) {
		pango_layout_get_pixel_size(layout, &w, &h);
		view_rgba(cr, background, 0.85);
		cairo_rectangle(cr, x - 2, y, w + 4, h);
		cairo_fill(cr);
	}
	view_rgb(cr, rgb);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	cairo_new_path(cr);
	pango_layout_get_pixel_size(layout, &w, &h);
	g_object_unref(layout);
	return w;
}

int view_text(const struct view_scene *scene, cairo_t *cr, double x, double y,
	      const char *text, uint32_t rgb)
{
	return view_label(scene, cr, x, y, text, rgb, VIEW_NO_BACKGROUND);
}

cairo_status_t view_fd_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct view_fd_sink *sink = closure;

	while (length > 0) {
		ssize_t n = write(sink->fd, data, length);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			sink->err = errno;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += n;
		length -= (unsigned int)n;
	}
	return CAIRO_STATUS_SUCCESS;
}

void view_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
}
