/* scalp: region lookup and the coherence checks of a scalp model, and the
 * plane geometry they rest on (segments crossing, polygon area), which
 * lesson loading uses for its zones and hairline too.
 *
 * Regions are few (a dozen at most) and small, so a point is placed by
 * testing polygons, last drawn first, with the even-odd rule; this runs once per
 * contact, not per pen sample. Self-intersection is checked edge against
 * edge when a model is loaded, where O(n^2) on 64 points costs nothing.
 */
#include "scalp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

bool scalp_polygon_contains(const struct scalp_polygon *poly, double x, double y)
{
	bool inside = false;

	for (size_t i = 0, j = poly->count - 1; i < poly->count; j = i++) {
		const struct scalp_point *a = &poly->points[i], *b = &poly->points[j];

		if ((a->y > y) != (b->y > y) &&
		    x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
			inside = !inside;
	}
	return inside;
}

static double cross(const struct scalp_point *o, const struct scalp_point *a,
		    const struct scalp_point *b)
{
	return (a->x - o->x) * (b->y - o->y) - (a->y - o->y) * (b->x - o->x);
}

static bool on_segment(const struct scalp_point *p, const struct scalp_point *q,
		       const struct scalp_point *r)
{
	return q->x <= (p->x > r->x ? p->x : r->x) && q->x >= (p->x < r->x ? p->x : r->x) &&
	       q->y <= (p->y > r->y ? p->y : r->y) && q->y >= (p->y < r->y ? p->y : r->y);
}

static int sign(double v)
{
	return (v > 0) - (v < 0);
}

bool scalp_segments_cross(const struct scalp_point *p1, const struct scalp_point *p2,
			  const struct scalp_point *q1, const struct scalp_point *q2)
{
	int d1 = sign(cross(p1, p2, q1)), d2 = sign(cross(p1, p2, q2));
	int d3 = sign(cross(q1, q2, p1)), d4 = sign(cross(q1, q2, p2));

	if (d1 != d2 && d3 != d4)
		return true;
	return (d1 == 0 && on_segment(p1, q1, p2)) || (d2 == 0 && on_segment(p1, q2, p2)) ||
	       (d3 == 0 && on_segment(q1, p1, q2)) || (d4 == 0 && on_segment(q1, p2, q2));
}

bool scalp_polygon_self_intersects(const struct scalp_polygon *poly)
{
	size_t n = poly->count;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			/* Neighbouring edges share a point; that is no crossing. */
			if (j == i + 1 || (i == 0 && j == n - 1))
				continue;
			if (scalp_segments_cross(&poly->points[i], &poly->points[(i + 1) % n],
						 &poly->points[j], &poly->points[(j + 1) % n]))
				return true;
		}
	}
	return false;
}

bool scalp_polyline_self_intersects(const struct scalp_point *points, size_t count)
{
	/* Neighbouring segments share a point; only the others can cross. */
	for (size_t i = 0; i + 1 < count; i++)
		for (size_t j = i + 2; j + 1 < count; j++)
			if (scalp_segments_cross(&points[i], &points[i + 1], &points[j],
						 &points[j + 1]))
				return true;
	return false;
}

double scalp_polygon_area(const struct scalp_polygon *poly, struct scalp_point *centroid)
{
	double a = 0, cx = 0, cy = 0;

	for (size_t i = 0, j = poly->count - 1; i < poly->count; j = i++) {
		double c = poly->points[j].x * poly->points[i].y -
			   poly->points[i].x * poly->points[j].y;

		a += c;
		cx += (poly->points[j].x + poly->points[i].x) * c;
		cy += (poly->points[j].y + poly->points[i].y) * c;
	}
	a /= 2;
	if (centroid && a != 0)
		*centroid = (struct scalp_point){ cx / (6 * a), cy / (6 * a) };
	return a;
}

size_t scalp_region_at(const struct scalp_model *model, double x, double y)
{
	for (size_t i = model->region_count; i-- > 0;)
		if (scalp_polygon_contains(&model->regions[i].polygon, x, y))
			return i;
	return SCALP_NO_REGION;
}

int scalp_region_check(const struct scalp_model *m, const struct scalp_region *r,
		       char *why, size_t size)
{
	const struct scalp_spacing *s = &r->spacing;

	if (r->polygon.count < 3) {
		snprintf(why, size, "region '%s': a polygon needs at least 3 points", r->id);
		return -EINVAL;
	}
	for (size_t i = 0; i < r->polygon.count; i++) {
		const struct scalp_point *p = &r->polygon.points[i];

		if (p->x < 0 || p->y < 0 || p->x > m->width_mm || p->y > m->height_mm) {
			snprintf(why, size, "region '%s': point %zu (%g, %g) lies outside "
				 "the %g x %g mm area", r->id, i + 1, p->x, p->y,
				 m->width_mm, m->height_mm);
			return -EINVAL;
		}
	}
	if (scalp_polygon_self_intersects(&r->polygon)) {
		snprintf(why, size, "region '%s': the polygon crosses itself", r->id);
		return -EINVAL;
	}
	if (!(r->epidermis_mm > 0 && r->epidermis_mm <= r->band_min_mm &&
	      r->band_min_mm < r->band_max_mm && r->band_max_mm < r->overdeep_mm)) {
		snprintf(why, size, "region '%s': depths must satisfy 0 < epidermis (%g) "
			 "<= band min (%g) < band max (%g) < overdeep (%g)", r->id,
			 r->epidermis_mm, r->band_min_mm, r->band_max_mm, r->overdeep_mm);
		return -EINVAL;
	}
	if (!(s->too_close_mm > 0 && s->too_close_mm < s->gap_mm &&
	      s->gap_mm < s->neighbourhood_mm)) {
		snprintf(why, size, "region '%s': spacing must satisfy 0 < too close (%g) "
			 "< gap (%g) < neighbourhood (%g)", r->id, s->too_close_mm,
			 s->gap_mm, s->neighbourhood_mm);
		return -EINVAL;
	}
	if (!(r->technique.tail_max_mm > 0 &&
	      r->technique.tail_max_mm < r->technique.drag_line_mm &&
	      r->technique.oblique_max_deg > 0 && r->technique.oblique_max_deg < 90)) {
		snprintf(why, size, "region '%s': technique must satisfy 0 < tail max (%g) "
			 "< drag line (%g) and 0 < oblique max (%g) < 90 degrees", r->id,
			 r->technique.tail_max_mm, r->technique.drag_line_mm,
			 r->technique.oblique_max_deg);
		return -EINVAL;
	}
	if (r->tissue >= m->tissue_count) {
		snprintf(why, size, "region '%s': unknown tissue", r->id);
		return -EINVAL;
	}
	if (r->hair_per_mm2 < 0) {
		snprintf(why, size, "region '%s': negative hair density", r->id);
		return -EINVAL;
	}
	return 0;
}

int scalp_model_check(const struct scalp_model *m, char *why, size_t size)
{
	if (!(m->width_mm > 0 && m->height_mm > 0)) {
		snprintf(why, size, "the area must be wider and taller than 0 mm");
		return -EINVAL;
	}
	if (m->region_count == 0) {
		snprintf(why, size, "a scalp model needs at least one region");
		return -EINVAL;
	}
	for (size_t i = 0; i < m->tissue_count; i++) {
		const struct scalp_tissue *t = &m->tissues[i];

		if (!(t->force_scale_n > 0 && t->spread_factor > 0 &&
		      t->blowout_mm_per_mm >= 0)) {
			snprintf(why, size, "tissue '%s': force scale and spread must be "
				 "> 0, blowout >= 0", t->id);
			return -EINVAL;
		}
	}
	for (size_t i = 0; i < m->region_count; i++) {
		int rc = scalp_region_check(m, &m->regions[i], why, size);

		if (rc < 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(m->regions[i].id, m->regions[j].id)) {
				snprintf(why, size, "region '%s' is defined twice",
					 m->regions[i].id);
				return -EINVAL;
			}
	}
	return 0;
}
