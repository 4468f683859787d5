/* report_svg: the report's pictures as inline SVG. The work area and the
 * density map are drawn to scale, their viewBox in scalp mm (x to the
 * trainee's right, y from the front towards the crown, as the scalp files
 * have it, so the forehead is at the top); outlines keep a fixed width in
 * pixels whatever the scale (vector-effect: non-scaling-stroke). The work
 * area counts what it draws (struct report_drawn) for its legend
 * (report_legend.c), marks the faults of spacing a dot's fill cannot show,
 * and hands a dense session's dots to report_raster.c. The trend chart is
 * in pixels.
 */
#include "report_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the view ---- */

struct view {
	double x0, y0, w, h;   /* mm */
	double ppm;            /* CSS pixels per mm */
	int wpx, hpx;
};

struct box {
	double x0, y0, x1, y1;
};

static void box_add(struct box *b, double x, double y, double r)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	b->x0 = fmin(b->x0, x - r);
	b->y0 = fmin(b->y0, y - r);
	b->x1 = fmax(b->x1, x + r);
	b->y1 = fmax(b->y1, y + r);
}

/* A view of @p b padded by @p pad mm, at most REPORT_PICTURE_PX each way,
 * widened to whole pixels so the scale is the same on both axes. */
static void view_fit(struct view *v, const struct box *b, double pad)
{
	double w = fmax(b->x1 - b->x0, 5) + 2 * pad, h = fmax(b->y1 - b->y0, 5) + 2 * pad;
	double cx = (b->x0 + b->x1) / 2, cy = (b->y0 + b->y1) / 2;

	v->ppm = fmin(REPORT_PICTURE_PX / w, REPORT_PICTURE_PX / h);
	v->wpx = (int)ceil(w * v->ppm);
	v->hpx = (int)ceil(h * v->ppm);
	v->w = v->wpx / v->ppm;
	v->h = v->hpx / v->ppm;
	v->x0 = cx - v->w / 2;
	v->y0 = cy - v->h / 2;
}

static void svg_open(FILE *f, const char *cls, const struct view *v, const char *label)
{
	fprintf(f, "<svg class=\"%s\" width=\"%d\" height=\"%d\" "
		"viewBox=\"%.5f %.5f %.5f %.5f\" role=\"img\" aria-label=\"", cls, v->wpx,
		v->hpx, v->x0, v->y0, v->w, v->h);
	report_html_text(f, label);
	fputs("\">\n", f);
}

static void points_attr(FILE *f, const struct scalp_point *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%.3f,%.3f", i ? " " : "", p[i].x, p[i].y);
}

static void polygon(FILE *f, const char *cls, const struct scalp_polygon *p, const char *fill)
{
	fprintf(f, "<polygon class=\"%s\" points=\"", cls);
	points_attr(f, p->points, p->count);
	fputs("\"", f);
	if (fill)
		fprintf(f, " fill=\"%s\"", fill);
	fputs("/>\n", f);
}

static void hairline(FILE *f, const struct lesson *l)
{
	if (l->hairline_count < 2)
		return;
	fputs("<polyline class=\"hairline\" points=\"", f);
	points_attr(f, l->hairline, l->hairline_count);
	fputs("\"/>\n", f);
}

/* @p v, with -0 (ceil(-0.4) * 10 is -0: a "-0" tick) and whatever rounds
 * to it as 0. */
static double no_minus_zero(double v)
{
	return fabs(v) < 0.5 ? 0.0 : v;
}

/* A light grid: lines every 5 mm, a label every 10. */
static void grid(FILE *f, const struct view *v)
{
	double font = 11 / v->ppm, step = v->w > 200 || v->h > 200 ? 10 : 5;

	fputs("<g class=\"grid\">\n", f);
	for (double x = ceil(v->x0 / step) * step; x <= v->x0 + v->w; x += step)
		fprintf(f, "<line class=\"%s\" x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\"/>\n",
			fmod(fabs(x), 2 * step) < 1e-9 ? "major" : "minor", x, v->y0, x,
			v->y0 + v->h);
	for (double y = ceil(v->y0 / step) * step; y <= v->y0 + v->h; y += step)
		fprintf(f, "<line class=\"%s\" x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\"/>\n",
			fmod(fabs(y), 2 * step) < 1e-9 ? "major" : "minor", v->x0, y,
			v->x0 + v->w, y);
	fprintf(f, "<g class=\"axis\" font-size=\"%.4f\">\n", font);
	for (double x = ceil(v->x0 / (2 * step)) * 2 * step; x <= v->x0 + v->w - 3 * font;
	     x += 2 * step)
		fprintf(f, "<text x=\"%.3f\" y=\"%.3f\">%.0f</text>\n", x + font * 0.3,
			v->y0 + font * 1.1, no_minus_zero(x));
	for (double y = ceil(v->y0 / (2 * step)) * 2 * step; y <= v->y0 + v->h - font;
	     y += 2 * step)
		if (y > v->y0 + 2 * font)
			fprintf(f, "<text x=\"%.3f\" y=\"%.3f\">%.0f</text>\n",
				v->x0 + font * 0.3, y - font * 0.3, no_minus_zero(y));
	fputs("</g>\n</g>\n", f);
}

/* A scale bar in the bottom right corner: 1, 2, 5, 10 ... mm.
 * @return its length, mm. */
static double scale_bar(FILE *f, const struct view *v)
{
	static const double steps[] = { 1, 2, 5, 10, 20, 50, 100 };
	double len = steps[0], font = 11 / v->ppm, x, y;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * v->ppm <= 160)
			len = steps[i];
	x = v->x0 + v->w - len - 12 / v->ppm;
	y = v->y0 + v->h - 12 / v->ppm;
	/* A pale backing: the corner may be full of dots (a dense session)
	 * or cells (the density map), and the bar over them was lost. */
	fprintf(f, "<rect class=\"scalebar-back\" x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" "
		"height=\"%.3f\"/>\n", x - 6 / v->ppm, y - 8 / v->ppm - font, len + 12 / v->ppm,
		font + 12 / v->ppm);
	fprintf(f, "<g class=\"scalebar\"><rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" "
		"height=\"%.4f\"/><text x=\"%.3f\" y=\"%.3f\" font-size=\"%.4f\" "
		"text-anchor=\"middle\">%g mm</text></g>\n", x, y - 3 / v->ppm, len,
		3 / v->ppm, x + len / 2, y - 6 / v->ppm, font, len);
	return len;
}

/* ---- the work area ---- */

/* Whether the segment (ax, ay)-(bx, by) crosses the view (Liang-Barsky). */
static bool segment_meets(const struct view *v, double ax, double ay, double bx, double by)
{
	double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
	const double p[4] = { -dx, dx, -dy, dy };
	const double q[4] = { ax - v->x0, v->x0 + v->w - ax, ay - v->y0, v->y0 + v->h - ay };

	for (int i = 0; i < 4; i++) {
		double t;

		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		t = q[i] / p[i];
		if (p[i] < 0)
			t0 = fmax(t0, t);
		else
			t1 = fmin(t1, t);
		if (t0 > t1)
			return false;
	}
	return true;
}

/* Whether any of polygon @p p shows in the view: an edge crosses it, or
 * the view lies wholly inside the polygon. */
static bool polygon_seen(const struct view *v, const struct scalp_polygon *p)
{
	bool inside = false;
	double cx = v->x0 + v->w / 2, cy = v->y0 + v->h / 2;

	for (size_t i = 0, j = p->count - 1; i < p->count; j = i++) {
		const struct scalp_point *a = &p->points[i], *b = &p->points[j];

		if (segment_meets(v, a->x, a->y, b->x, b->y))
			return true;
		if ((a->y > cy) != (b->y > cy) &&
		    cx < (b->x - a->x) * (cy - a->y) / (b->y - a->y) + a->x)
			inside = !inside;
	}
	return inside;
}

static const char *dot_class(const struct deposit *d)
{
	return deposit_depth_class_name(d->depth_class);
}

static void dot_title(FILE *f, const struct report_session *s, const struct deposit *d)
{
	size_t r = scalp_region_at(&s->ls->scalp, d->x_mm, d->y_mm);
	bool first = true;

	fprintf(f, "<title>#%u at (%.1f, %.1f) mm, %.2f s: depth %.2f mm (%s), "
		"\u00d8 %.2f mm", d->id, d->x_mm, d->y_mm, d->down_us / 1e6, d->depth_mm,
		deposit_depth_class_name(d->depth_class), d->diameter_mm);
	if (d->blur_mm > 0)
		fprintf(f, ", blur %.2f mm", d->blur_mm);
	if (r != SCALP_NO_REGION) {
		fputs(", ", f);
		report_html_text(f, s->ls->scalp.regions[r].name);
	}
	for (uint32_t bit = 1; bit < (1u << DEPOSIT_FAULT_COUNT); bit <<= 1) {
		const char *name = deposit_fault_name(bit);

		if (!(d->faults & bit) || !name)
			continue;
		fprintf(f, "%s%s", first ? "; faults: " : ", ", name);
		first = false;
	}
	fputs("</title>", f);
}

/* The earlier deposit nearest to deposit @p i, the one its too-close
 * fault was raised against (sim_session.c measures it so when the needle
 * goes in); -1 when none has a place. */
static long nearest_earlier(const struct report_session *s, size_t i)
{
	const struct deposit *d = &s->deposits[i];
	double best = INFINITY;
	long at = -1;

	for (size_t k = 0; k < i; k++) {
		double dx = s->deposits[k].x_mm - d->x_mm, dy = s->deposits[k].y_mm - d->y_mm;
		double d2 = dx * dx + dy * dy;

		if (d2 < best) {
			best = d2;
			at = (long)k;
		}
	}
	return at;
}

/* The faults of spacing, which a dot's fill cannot show: a black line from
 * each dot made too close to the earlier dot it crowds, and a black square
 * round each dot that left a gap (its nearest earlier neighbour farther
 * than the region's gap distance). */
static void spacing_marks(FILE *f, const struct report_session *s, struct report_drawn *dr)
{
	fputs("<g class=\"spacing\">\n", f);
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];
		long k;

		if (!isfinite(d->x_mm) || !isfinite(d->y_mm))
			continue;
		if ((d->faults & DEPOSIT_TOO_CLOSE) && (k = nearest_earlier(s, i)) >= 0) {
			const struct deposit *n = &s->deposits[k];

			fprintf(f, "<line class=\"too-close\" data-dot=\"%u\" data-to=\"%u\" "
				"x1=\"%.4f\" y1=\"%.4f\" x2=\"%.4f\" y2=\"%.4f\"/>\n", d->id, n->id,
				d->x_mm, d->y_mm, n->x_mm, n->y_mm);
			dr->too_close++;
		}
		if (d->faults & DEPOSIT_GAP) {
			double h = d->diameter_mm / 2 + 0.35;

			fprintf(f, "<rect class=\"gap\" data-dot=\"%u\" x=\"%.4f\" y=\"%.4f\" "
				"width=\"%.4f\" height=\"%.4f\"/>\n", d->id, d->x_mm - h,
				d->y_mm - h, 2 * h, 2 * h);
			dr->gaps++;
		}
	}
	fputs("</g>\n", f);
}

static void count_dots(const struct report_session *s, struct report_drawn *dr)
{
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];

		if (!isfinite(d->x_mm) || !isfinite(d->y_mm))
			continue;
		if ((unsigned)d->depth_class < 4)
			dr->by_class[d->depth_class]++;
		dr->merged += (d->faults & DEPOSIT_MERGED) != 0;
		dr->outside += (d->faults & DEPOSIT_OUTSIDE_ZONE) != 0;
		dr->lines += d->kind == DEPOSIT_LINE;
		dr->blurred += d->blur_mm > 0;
		dr->reach += !dr->raster && d->kind == DEPOSIT_LINE &&
			     d->tail_mm > d->diameter_mm / 2;
	}
}

/* Outside the zone: a thin black ring apart from the dot, its centre
 * REPORT_OUTSIDE_GAP_PX clear of the dot's edge (and of a ring on it),
 * in pixels at the picture's own scale. A thick ring on the dot's edge
 * covered a 0.27 mm dot whole: a black blob, its depth class lost. */
static void outside_ring(FILE *f, const struct deposit *d, const struct view *v)
{
	double on_edge = d->kind == DEPOSIT_LINE ? REPORT_LINE_PX / 2 :
			 d->faults & DEPOSIT_MERGED ? REPORT_RING_PX / 2 : 0;

	fprintf(f, "<circle class=\"outside-ring\" data-dot=\"%u\" cx=\"%.4f\" cy=\"%.4f\" "
		"r=\"%.4f\"/>\n", d->id, d->x_mm, d->y_mm, d->diameter_mm / 2 +
		(on_edge + REPORT_OUTSIDE_GAP_PX + REPORT_OUTSIDE_PX / 2) / v->ppm);
}

static int deposits(FILE *f, const struct report_session *s, const struct view *v,
		    struct report_drawn *dr)
{
	count_dots(s, dr);
	if (dr->raster)
		return report_raster_dots(f, s, v->x0, v->y0, v->w, v->h, v->wpx, v->hpx);
	fputs("<g class=\"halos\">\n", f);
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];

		if (d->blur_mm > 0)
			fprintf(f, "<circle class=\"blur\" cx=\"%.4f\" cy=\"%.4f\" r=\"%.4f\"/>\n",
				d->x_mm, d->y_mm, d->diameter_mm / 2 + d->blur_mm);
		if (d->kind == DEPOSIT_LINE && d->tail_mm > d->diameter_mm / 2)
			fprintf(f, "<circle class=\"reach\" cx=\"%.4f\" cy=\"%.4f\" r=\"%.4f\"/>\n",
				d->x_mm, d->y_mm, d->tail_mm);
	}
	fputs("</g>\n", f);
	spacing_marks(f, s, dr);
	/* Under every dot, as the raster has them: crowded, a ring drawn
	 * with its dot covered the dots before it. */
	fputs("<g class=\"outside-rings\">\n", f);
	for (size_t i = 0; i < s->deposit_count; i++)
		if (s->deposits[i].faults & DEPOSIT_OUTSIDE_ZONE)
			outside_ring(f, &s->deposits[i], v);
	fputs("</g>\n<g class=\"dots\">\n", f);
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];

		fprintf(f, "<circle class=\"dot %s%s%s%s\" data-id=\"%u\" cx=\"%.4f\" "
			"cy=\"%.4f\" r=\"%.4f\">", dot_class(d),
			d->faults & DEPOSIT_MERGED ? " merged" : "",
			d->faults & DEPOSIT_OUTSIDE_ZONE ? " outside" : "",
			d->kind == DEPOSIT_LINE ? " line" : "", d->id, d->x_mm, d->y_mm,
			d->diameter_mm / 2);
		dot_title(f, s, d);
		fputs("</circle>\n", f);
	}
	fputs("</g>\n", f);
	return 0;
}

/* @return the scale bar's length, mm, or a negative errno. */
static double picture(FILE *f, const struct report_session *s, const struct view *v,
		      struct report_drawn *dr)
{
	const struct scalp_model *m = &s->ls->scalp;
	char label[256];
	double bar;
	int rc;

	snprintf(label, sizeof(label), "The work area to scale, %.0f by %.0f mm, with %zu "
		 "deposit%s", v->w, v->h, s->deposit_count, s->deposit_count == 1 ? "" : "s");
	svg_open(f, "scalp", v, label);
	fprintf(f, "<rect class=\"off-scalp\" x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" "
		"height=\"%.3f\"/>\n", v->x0, v->y0, v->w, v->h);
	/* The grey shows where the picture reaches past the scalp model (a
	 * dot made off it widens the picture): the legend says what it is. */
	dr->off_scalp = v->x0 < 0 || v->y0 < 0 || v->x0 + v->w > m->width_mm ||
			v->y0 + v->h > m->height_mm;
	fputs("<g class=\"regions\">\n", f);
	for (size_t i = 0; i < m->region_count && i < 64; i++) {
		if (!polygon_seen(v, &m->regions[i].polygon))
			continue;
		dr->region[i] = true;
		polygon(f, "region", &m->regions[i].polygon, report_region_fill[i % REPORT_REGION_FILLS]);
	}
	fputs("</g>\n", f);
	grid(f, v);
	fputs("<g class=\"zones\">\n", f);
	for (size_t i = 0; i < s->ls->zone_count; i++) {
		dr->zone = true;
		polygon(f, "zone", &s->ls->zones[i], NULL);
	}
	fputs("</g>\n", f);
	if (s->lesson->hairline_count >= 2) {
		for (size_t i = 1; i < s->lesson->hairline_count; i++)
			dr->hairline |= segment_meets(v, s->lesson->hairline[i - 1].x,
						      s->lesson->hairline[i - 1].y,
						      s->lesson->hairline[i].x,
						      s->lesson->hairline[i].y);
		hairline(f, s->lesson);
	}
	rc = deposits(f, s, v, dr);
	bar = scale_bar(f, v);
	fputs("</svg>\n", f);
	return rc < 0 ? rc : bar;
}

/* The whole scalp area, small, with the picture's frame on it. */
static void overview(FILE *f, const struct report_session *s, const struct view *detail)
{
	const struct scalp_model *m = &s->ls->scalp;
	struct box b = { 0, 0, m->width_mm, m->height_mm };
	struct view v;

	for (size_t i = 0; i < s->ls->zone_count; i++)
		for (size_t k = 0; k < s->ls->zones[i].count; k++)
			box_add(&b, s->ls->zones[i].points[k].x, s->ls->zones[i].points[k].y, 0);
	view_fit(&v, &b, 2);
	/* Smaller: the overview is a thumbnail. */
	v.ppm *= 280.0 / REPORT_PICTURE_PX;
	v.wpx = (int)ceil(v.w * v.ppm);
	v.hpx = (int)ceil(v.h * v.ppm);
	svg_open(f, "overview", &v, "The whole scalp area; the frame is the picture above");
	fputs("<g class=\"regions\">\n", f);
	for (size_t i = 0; i < m->region_count; i++)
		polygon(f, "region", &m->regions[i].polygon, report_region_fill[i % REPORT_REGION_FILLS]);
	fputs("</g>\n<g class=\"zones\">\n", f);
	for (size_t i = 0; i < s->ls->zone_count; i++)
		polygon(f, "zone", &s->ls->zones[i], NULL);
	fputs("</g>\n", f);
	hairline(f, s->lesson);
	fprintf(f, "<rect class=\"frame\" x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\"/>\n",
		detail->x0, detail->y0, detail->w, detail->h);
	fputs("</svg>\n", f);
}

int report_svg_scalp(FILE *f, const struct report_session *s)
{
	const struct lesson_session *ls = s->ls;
	struct box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
	struct view v;
	struct report_drawn dr = { .raster = s->deposit_count > report_vector_dots_max(s) };
	double bar;

	for (size_t i = 0; i < ls->zone_count; i++)
		for (size_t k = 0; k < ls->zones[i].count; k++)
			box_add(&b, ls->zones[i].points[k].x, ls->zones[i].points[k].y, 0);
	/* The zones and the deposits; the hairline may run on past the view. */
	for (size_t i = 0; i < s->deposit_count; i++)
		box_add(&b, s->deposits[i].x_mm, s->deposits[i].y_mm,
			s->deposits[i].diameter_mm / 2 + fmax(0, s->deposits[i].blur_mm));
	if (!(b.x1 >= b.x0))
		b = (struct box){ 0, 0, ls->scalp.width_mm, ls->scalp.height_mm };
	view_fit(&v, &b, 2 + 0.02 * fmax(b.x1 - b.x0, b.y1 - b.y0));
	fputs("<figure class=\"picture\">\n", f);
	bar = picture(f, s, &v, &dr);
	if (bar < 0)
		return (int)bar;
	fputs("<figcaption>", f);
	/* In the drawing's own units: the browser may shrink the picture to
	 * the window, so a count of pixels to the mm would not hold. */
	report_textf(f, "Drawn to scale: the bar is %g mm, the grid lines %g mm apart; the "
		     "forehead is at the top, x runs to the trainee's right.", bar,
		     v.w > 200 || v.h > 200 ? 10.0 : 5.0);
	if (dr.raster)
		report_textf(f, " Its %zu deposits are drawn as one image (over %zu, "
			     "a picture element each would make the page too big to open "
			     "quickly); every deposit is kept in the page's source, a line of "
			     "comma-separated values each (<template class=\"deposit-data\">).",
			     s->deposit_count, report_vector_dots_max(s));
	else
		fputs(" Point at a dot for its details.", f);
	fputs("</figcaption>\n", f);
	if (dr.raster)
		report_deposit_data(f, s);
	fputs("</figure>\n<div class=\"beside\">\n", f);
	report_legend(f, s, &dr);
	fputs("<figure class=\"overview\">\n", f);
	overview(f, s, &v);
	fputs("<figcaption>The whole scalp area; the frame is the picture above.</figcaption>\n"
	      "</figure>\n</div>\n", f);
	return 0;
}

/* ---- density against the target ---- */

/* Diverging: empty (0) blue, on target (1) near white, twice or more red. */
static void ratio_colour(double ratio, char *buf, size_t size)
{
	static const double stops[5][3] = {
		{ 0x21, 0x66, 0xac }, { 0x67, 0xa9, 0xcf }, { 0xf7, 0xf7, 0xf7 },
		{ 0xef, 0x8a, 0x62 }, { 0xb2, 0x18, 0x2b },
	};
	double t = fmin(fmax(ratio, 0), 2) * 2;
	int i = (int)fmin(floor(t), 3);
	double u = t - i;

	snprintf(buf, size, "#%02x%02x%02x",
		 (int)lround(stops[i][0] + (stops[i + 1][0] - stops[i][0]) * u),
		 (int)lround(stops[i][1] + (stops[i + 1][1] - stops[i][1]) * u),
		 (int)lround(stops[i][2] + (stops[i + 1][2] - stops[i][2]) * u));
}

/* Cells with less than this due are edge slivers: too little to judge by. */
#define DUE_MIN 1.0

static void density_legend(FILE *f)
{
	char c[16];

	fputs("<div class=\"ramp\"><svg width=\"372\" height=\"34\" viewBox=\"-6 0 372 34\" "
	      "role=\"img\" aria-label=\"Colour scale of dots counted over dots due\">\n", f);
	for (int i = 0; i < 60; i++) {
		ratio_colour((i + 0.5) / 30.0, c, sizeof(c));
		fprintf(f, "<rect x=\"%d\" y=\"0\" width=\"6.3\" height=\"14\" fill=\"%s\"/>\n",
			i * 6, c);
	}
	fputs("<g class=\"ticks\" font-size=\"11\">"
	      "<text x=\"0\" y=\"28\">empty</text>"
	      "<text x=\"90\" y=\"28\" text-anchor=\"middle\">half</text>"
	      "<text x=\"180\" y=\"28\" text-anchor=\"middle\">on target</text>"
	      "<text x=\"270\" y=\"28\" text-anchor=\"middle\">1.5\u00d7</text>"
	      "<text x=\"360\" y=\"28\" text-anchor=\"end\">2\u00d7 or more</text></g>"
	      "</svg>\n<span class=\"sliver\"></span> edge cell with under 1 dot due</div>\n",
	      f);
}

int report_svg_density(FILE *f, const struct report_session *s)
{
	const struct lesson_session *ls = s->ls;
	struct score_dot *dots = calloc(s->deposit_count ? s->deposit_count : 1, sizeof(*dots));
	struct score_density_map map;
	struct score_frame frame;
	struct box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
	struct view v;
	char colour[16], label[256];
	int rc;

	if (!dots)
		return -ENOMEM;
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];

		dots[i] = (struct score_dot){
			.x_mm = d->x_mm, .y_mm = d->y_mm, .depth_mm = 0,
			.diameter_mm = d->diameter_mm, .time_us = d->down_us,
			.line = d->kind == DEPOSIT_LINE,
			.outside = (d->faults & DEPOSIT_OUTSIDE_ZONE) != 0,
		};
		if (!isfinite(d->x_mm) || !isfinite(d->y_mm) || !isfinite(d->diameter_mm)) {
			/* Not a place: left out of the map like a line. */
			dots[i] = (struct score_dot){ .line = true };
		}
	}
	lesson_score_frame(s->lesson, ls, s->duration_s, &frame);
	rc = score_density_map(dots, s->deposit_count, &frame, &map);
	if (rc < 0 || map.cols == 0) {
		free(dots);
		if (rc == -ENOMEM)
			return rc;
		fputs(rc < 0 ? "<p class=\"none\">The density cannot be measured on this "
		      "lesson's zones.</p>\n" : "<p class=\"none\">This lesson sets no target "
		      "density to compare with.</p>\n", f);
		return 0;
	}
	for (size_t i = 0; i < ls->zone_count; i++)
		for (size_t k = 0; k < ls->zones[i].count; k++)
			box_add(&b, ls->zones[i].points[k].x, ls->zones[i].points[k].y, 0);
	view_fit(&v, &b, 1.5);
	snprintf(label, sizeof(label), "Density against the target in cells of %.1f mm",
		 map.cell_mm);
	fputs("<figure class=\"density\">\n", f);
	svg_open(f, "density", &v, label);
	fputs("<defs><clipPath id=\"zone-clip\">", f);
	for (size_t i = 0; i < ls->zone_count; i++) {
		fputs("<polygon points=\"", f);
		points_attr(f, ls->zones[i].points, ls->zones[i].count);
		fputs("\"/>", f);
	}
	fputs("</clipPath></defs>\n<g class=\"cells\" clip-path=\"url(#zone-clip)\">\n", f);
	for (int r = 0; r < map.rows; r++) {
		for (int c = 0; c < map.cols; c++) {
			size_t k = (size_t)r * (size_t)map.cols + (size_t)c;
			double due = map.due[k];

			if (!(map.area_mm2[k] > 0))
				continue;
			if (due >= DUE_MIN)
				ratio_colour(map.count[k] / due, colour, sizeof(colour));
			fprintf(f, "<rect x=\"%.4f\" y=\"%.4f\" width=\"%.4f\" height=\"%.4f\" "
				"fill=\"%s\"><title>%u dot%s, %.1f due (%.2f\u00d7)</title></rect>\n",
				map.x0 + c * map.cell_mm, map.y0 + r * map.cell_mm, map.cell_mm,
				map.cell_mm, due >= DUE_MIN ? colour : "#d9d9d9", map.count[k],
				map.count[k] == 1 ? "" : "s", due,
				due > 0 ? map.count[k] / due : 0);
		}
	}
	fputs("</g>\n<g class=\"points\">\n", f);
	/* A dense session's dots would hide the cells (and weigh megabytes). */
	for (size_t i = 0; i < s->deposit_count && s->deposit_count <= report_vector_dots_max(s);
	     i++)
		if (!dots[i].line && !dots[i].outside)
			fprintf(f, "<circle cx=\"%.3f\" cy=\"%.3f\" r=\"%.3f\"/>\n", dots[i].x_mm,
				dots[i].y_mm, fmax(dots[i].diameter_mm / 2, 0.12));
	fputs("</g>\n<g class=\"zones\">\n", f);
	for (size_t i = 0; i < ls->zone_count; i++)
		polygon(f, "zone", &ls->zones[i], NULL);
	fputs("</g>\n", f);
	hairline(f, s->lesson);
	scale_bar(f, &v);
	fputs("</svg>\n", f);
	fputs("<figcaption>", f);
	report_textf(f, "Each cell (%.1f mm square, about 8 dots due where the target is "
		     "densest) coloured by the dots in it over the dots the target asks for "
		     "there. Dots outside the zone and drag lines are not counted.%s",
		     map.cell_mm, s->deposit_count > report_vector_dots_max(s) ? " The dots "
		     "themselves are not drawn over the cells: there are too many." : "");
	fputs("</figcaption>\n", f);
	fputs("</figure>\n", f);
	density_legend(f);
	score_density_map_free(&map);
	free(dots);
	return 0;
}

/* ---- a lesson's trend ---- */

/* What the chart's marks mean, those it holds (bit 0 passed, 1 failed,
 * 2 interrupted, 3 not scored): a hollow circle on the 0 line read as a
 * score of 0 when nothing said it was an attempt not scored. */
static void trend_key(FILE *f, unsigned kinds)
{
	static const struct {
		const char *cls, *text;
	} key[] = {
		{ "pass", "passed" },
		{ "fail", "failed" },
		{ "interrupted", "interrupted, not a pass or fail" },
		{ "unscored", "not scored (no score: drawn on the 0 line)" },
	};

	fputs("<p class=\"trend-key\">", f);
	for (size_t i = 0; i < sizeof(key) / sizeof(key[0]); i++)
		if (kinds & (1u << i))
			fprintf(f, "<span data-kind=\"%s\"><svg class=\"swatch\" width=\"14\" "
				"height=\"14\" viewBox=\"-7 -7 14 14\"><circle class=\"attempt %s\" "
				"r=\"%d\"/></svg>%s</span>", key[i].cls, key[i].cls,
				i == 3 ? 4 : 5, key[i].text);
	fputs("</p>\n", f);
}

void report_svg_trend(FILE *f, const struct report_lesson_trend *t)
{
	unsigned kinds = 0;
	const double W = 640, H = 210, L = 44, R = 58, T = 14, B = 34, INSET = 14;
	double pw = W - L - R - 2 * INSET, ph = H - T - B;
	size_t n = t->count, every = n > 20 ? (n + 19) / 20 : 1;
	bool first = true;
	char when[32];

#define XAT(i) (L + INSET + (n > 1 ? pw * (double)(i) / (double)(n - 1) : pw / 2))
#define YAT(v) (T + ph * (100 - (v)) / 100)
	fputs("<svg class=\"trend\" width=\"640\" height=\"210\" viewBox=\"0 0 640 210\" "
	      "role=\"img\" aria-label=\"", f);
	report_html_text(f, t->title ? t->title : t->lesson_id);
	fputs(": score of each attempt\">\n<g class=\"yaxis\" font-size=\"11\">\n", f);
	for (int v = 0; v <= 100; v += 25)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", L,
			YAT(v), W - R, YAT(v), L - 6, YAT(v) + 4, v);
	fputs("</g>\n<g class=\"xaxis\" font-size=\"11\">\n", f);
	for (size_t i = 0; i < n; i += every)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n",
			XAT(i), H - B + 15, i + 1);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">attempt</text>\n",
		L + INSET + pw / 2, H - 4);
	fputs("</g>\n", f);
	fputs("<polyline class=\"scores\" points=\"", f);
	for (size_t i = 0; i < n; i++) {
		if (!t->attempts[i].scored)
			continue;
		fprintf(f, "%s%.1f,%.1f", first ? "" : " ", XAT(i), YAT(t->attempts[i].score));
		first = false;
	}
	fputs("\"/>\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct report_attempt *a = &t->attempts[i];
		/* Interrupted: not a failed attempt, so not marked as one. */
		bool stopped = a->status && !strcmp(a->status, "interrupted");

		kinds |= !a->scored ? 8u : stopped ? 4u : a->passed ? 1u : 2u;

		report_time_text(a->started, when, sizeof(when));
		if (a->scored)
			fprintf(f, "<circle class=\"attempt %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\">"
				"<title>Attempt %zu, session %lld, %s: %.0f, %s</title></circle>\n",
				stopped ? "interrupted" : a->passed ? "pass" : "fail", XAT(i),
				YAT(a->score), i + 1, (long long)a->session, when, a->score,
				stopped ? "interrupted, not a pass or fail" : a->passed ? "pass" :
				"fail");
		else
			fprintf(f, "<circle class=\"attempt unscored\" cx=\"%.1f\" cy=\"%.1f\" "
				"r=\"4\"><title>Attempt %zu, session %lld, %s: not scored"
				"</title></circle>\n", XAT(i), YAT(0), i + 1,
				(long long)a->session, when);
	}
	fputs("</svg>\n", f);
	trend_key(f, kinds);
#undef XAT
#undef YAT
}
