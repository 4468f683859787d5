/* score_zones: the geometry of a lesson's zones for the measures: checking
 * them, the area and perimeter of their union, the area of a zone inside
 * a rectangle, and a raster of square cells with each cell's area in the
 * zones.
 *
 * Zones must not overlap (the area would count twice and a dot would sit
 * in two of them). Each pair is checked exactly: one polygon is cut into
 * triangles by ear clipping and the other clipped against each triangle
 * (Sutherland-Hodgman, which gives the right area for any simple subject
 * polygon against a convex window). Zones may touch and share edges: a
 * shared stretch of boundary lies inside the union, so it is taken out of
 * the perimeter twice (once for each zone that has it).
 *
 * The raster marks the cells each edge passes through (walking the edge
 * column by column) and clips the zone to those cells exactly; a cell no
 * edge touches lies wholly inside or outside, which its centre decides, by
 * a scanline fill of the rows.
 */
#include "score_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RASTER_CELLS_MAX (16u * 1024 * 1024)

static double cross3(struct scalp_point o, struct scalp_point a, struct scalp_point b)
{
	return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

static double signed_area(const struct scalp_point *p, size_t n)
{
	double s = 0;

	for (size_t i = 0, j = n - 1; i < n; j = i++)
		s += p[j].x * p[i].y - p[i].x * p[j].y;
	return s / 2;
}

size_t score_clip_halfplane(const struct scalp_point *in, size_t n, double nx, double ny,
			    double c, struct scalp_point *out)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		struct scalp_point p = in[i], q = in[(i + 1) % n];
		double fp = nx * p.x + ny * p.y + c, fq = nx * q.x + ny * q.y + c;

		if (fp <= 0)
			out[m++] = p;
		if ((fp <= 0) != (fq <= 0)) {
			double t = fp / (fp - fq);

			out[m++] = (struct scalp_point){ p.x + t * (q.x - p.x),
							 p.y + t * (q.y - p.y) };
		}
	}
	return m;
}

/* Keeps the part left of the directed line a -> b (on it counts as left). */
static size_t clip_left(const struct scalp_point *in, size_t n, struct scalp_point a,
			struct scalp_point b, struct scalp_point *out)
{
	double nx = b.y - a.y, ny = a.x - b.x;

	return score_clip_halfplane(in, n, nx, ny, -(nx * a.x + ny * a.y), out);
}

/* Area of polygon p inside the convex counter-clockwise polygon w. */
static double clip_area(const struct scalp_point *p, size_t n,
			const struct scalp_point *w, size_t wn)
{
	struct scalp_point buf[2][SCORE_CLIP_MAX];
	const struct scalp_point *cur = p;
	size_t m = n;

	for (size_t i = 0; i < wn && m > 0; i++) {
		struct scalp_point *next = buf[i % 2];

		m = clip_left(cur, m, w[i], w[(i + 1) % wn], next);
		cur = next;
	}
	return m >= 3 ? fabs(signed_area(cur, m)) : 0;
}

size_t score_polygon_clip_rect(const struct scalp_polygon *poly, double x0, double y0,
			       double x1, double y1, struct scalp_point *out)
{
	struct scalp_point r[4] = { { x0, y0 }, { x1, y0 }, { x1, y1 }, { x0, y1 } };
	struct scalp_point buf[2][SCORE_CLIP_MAX];
	const struct scalp_point *cur = poly->points;
	size_t m = poly->count;

	for (size_t i = 0; i < 4 && m > 0; i++) {
		struct scalp_point *next = i == 3 ? out : buf[i % 2];

		m = clip_left(cur, m, r[i], r[(i + 1) % 4], next);
		cur = next;
	}
	return m >= 3 ? m : 0;
}

double score_polygon_area(const struct scalp_point *p, size_t n)
{
	return n >= 3 ? fabs(signed_area(p, n)) : 0;
}

double score_polygon_rect_area(const struct scalp_polygon *poly, double x0, double y0,
			       double x1, double y1)
{
	struct scalp_point r[4] = { { x0, y0 }, { x1, y0 }, { x1, y1 }, { x0, y1 } };

	return clip_area(poly->points, poly->count, r, 4);
}

static bool inside_triangle(struct scalp_point a, struct scalp_point b,
			    struct scalp_point c, struct scalp_point p)
{
	return cross3(a, b, p) >= 0 && cross3(b, c, p) >= 0 && cross3(c, a, p) >= 0;
}

/*
 * Cuts a simple polygon into counter-clockwise triangles (ear clipping).
 * Points on a straight line with their neighbours are dropped first: they
 * add no area. Returns the number of triangles.
 */
static size_t triangulate(const struct scalp_polygon *poly, struct scalp_point tri[][3])
{
	struct scalp_point v[SCALP_POLYGON_MAX];
	size_t n = poly->count, count = 0;

	memcpy(v, poly->points, n * sizeof(v[0]));
	if (signed_area(v, n) < 0) {
		for (size_t i = 0; i < n / 2; i++) {
			struct scalp_point t = v[i];

			v[i] = v[n - 1 - i];
			v[n - 1 - i] = t;
		}
	}
	while (n >= 3) {
		bool cut = false;

		for (size_t i = 0; i < n && !cut; i++) {
			struct scalp_point a = v[(i + n - 1) % n], b = v[i], c = v[(i + 1) % n];
			double turn = cross3(a, b, c);
			bool ear = turn > 0;

			if (turn == 0) {
				cut = true;  /* no area: drop the point */
			} else {
				for (size_t j = 0; j < n && ear; j++) {
					if (j == i || j == (i + 1) % n || j == (i + n - 1) % n)
						continue;
					ear = !inside_triangle(a, b, c, v[j]);
				}
				if (ear) {
					tri[count][0] = a;
					tri[count][1] = b;
					tri[count][2] = c;
					count++;
					cut = true;
				}
			}
			if (cut) {
				memmove(&v[i], &v[i + 1], (n - i - 1) * sizeof(v[0]));
				n--;
			}
		}
		if (!cut)
			break;  /* only for a polygon that crosses itself */
	}
	return count;
}

static double overlap_area(const struct scalp_polygon *a, const struct scalp_polygon *b)
{
	struct scalp_point tri[SCALP_POLYGON_MAX][3];
	size_t count = triangulate(b, tri);
	double area = 0;

	for (size_t i = 0; i < count; i++)
		area += clip_area(a->points, a->count, tri[i], 3);
	return area;
}

/* Length along which two edges lie on one line, one over the other. */
static double shared_length(struct scalp_point a, struct scalp_point b,
			    struct scalp_point c, struct scalp_point d, double tol)
{
	double ux = b.x - a.x, uy = b.y - a.y, len = hypot(ux, uy), tc, td, lo, hi;

	if (len == 0)
		return 0;
	ux /= len;
	uy /= len;
	if (fabs((c.x - a.x) * uy - (c.y - a.y) * ux) > tol ||
	    fabs((d.x - a.x) * uy - (d.y - a.y) * ux) > tol)
		return 0;
	tc = (c.x - a.x) * ux + (c.y - a.y) * uy;
	td = (d.x - a.x) * ux + (d.y - a.y) * uy;
	lo = fmax(0, fmin(tc, td));
	hi = fmin(len, fmax(tc, td));
	return hi > lo ? hi - lo : 0;
}

static bool polygon_ok(const struct scalp_polygon *p)
{
	if (p->count < 3 || p->count > SCALP_POLYGON_MAX)
		return false;
	for (size_t i = 0; i < p->count; i++)
		if (!isfinite(p->points[i].x) || !isfinite(p->points[i].y))
			return false;
	return signed_area(p->points, p->count) != 0 && !scalp_polygon_self_intersects(p);
}

int score_zones_prepare(const struct scalp_polygon *polygons, size_t count,
			struct score_zones *out)
{
	double area = 0, perimeter = 0, tol;

	if (!polygons || count == 0)
		return -EINVAL;
	*out = (struct score_zones){ .polygons = polygons, .count = count,
				     .min_x = INFINITY, .min_y = INFINITY,
				     .max_x = -INFINITY, .max_y = -INFINITY };
	for (size_t z = 0; z < count; z++) {
		const struct scalp_polygon *p = &polygons[z];

		if (!polygon_ok(p))
			return -EINVAL;
		area += fabs(signed_area(p->points, p->count));
		for (size_t i = 0; i < p->count; i++) {
			struct scalp_point a = p->points[i], b = p->points[(i + 1) % p->count];

			perimeter += hypot(b.x - a.x, b.y - a.y);
			out->min_x = fmin(out->min_x, a.x);
			out->min_y = fmin(out->min_y, a.y);
			out->max_x = fmax(out->max_x, a.x);
			out->max_y = fmax(out->max_y, a.y);
		}
	}
	tol = 1e-9 * hypot(out->max_x - out->min_x, out->max_y - out->min_y);
	for (size_t z = 0; z < count; z++) {
		for (size_t w = z + 1; w < count; w++) {
			const struct scalp_polygon *p = &polygons[z], *q = &polygons[w];
			double ap = fabs(signed_area(p->points, p->count));
			double aq = fabs(signed_area(q->points, q->count));

			if (overlap_area(p, q) > 1e-9 * fmin(ap, aq))
				return -EINVAL;
			for (size_t i = 0; i < p->count; i++)
				for (size_t j = 0; j < q->count; j++)
					perimeter -= 2 * shared_length(
						p->points[i], p->points[(i + 1) % p->count],
						q->points[j], q->points[(j + 1) % q->count], tol);
		}
	}
	out->area_mm2 = area;
	out->perimeter_mm = perimeter;
	return 0;
}

bool score_zones_contain(const struct score_zones *zones, double x, double y)
{
	for (size_t z = 0; z < zones->count; z++)
		if (scalp_polygon_contains(&zones->polygons[z], x, y))
			return true;
	return false;
}

void score_raster_free(struct score_raster *r)
{
	free(r->area);
	free(r->partial);
	r->area = NULL;
	r->partial = NULL;
}

static int clamp_cell(double v, int n)
{
	double f = floor(v);

	return f < 0 ? 0 : f >= n ? n - 1 : (int)f;
}

/* Marks the cells edge a -> b passes through; lists those new for this zone. */
static void mark_edge(const struct score_raster *r, struct scalp_point a,
		      struct scalp_point b, int32_t *stamp, int32_t mark,
		      uint32_t *list, size_t *listed)
{
	const double slack = 1e-7;
	double xa = fmin(a.x, b.x), xb = fmax(a.x, b.x);
	int c0 = clamp_cell((xa - r->x0) / r->cell - slack, r->cols);
	int c1 = clamp_cell((xb - r->x0) / r->cell + slack, r->cols);

	for (int c = c0; c <= c1; c++) {
		double lo = fmax(xa, r->x0 + c * r->cell), hi = fmin(xb, r->x0 + (c + 1) * r->cell);
		double ylo, yhi;

		if (b.x == a.x || hi < lo) {
			ylo = fmin(a.y, b.y);
			yhi = fmax(a.y, b.y);
		} else {
			double y1 = a.y + (b.y - a.y) * (lo - a.x) / (b.x - a.x);
			double y2 = a.y + (b.y - a.y) * (hi - a.x) / (b.x - a.x);

			ylo = fmin(y1, y2);
			yhi = fmax(y1, y2);
		}
		for (int row = clamp_cell((ylo - r->y0) / r->cell - slack, r->rows),
			 end = clamp_cell((yhi - r->y0) / r->cell + slack, r->rows);
		     row <= end; row++) {
			size_t i = (size_t)row * (size_t)r->cols + (size_t)c;

			if (stamp[i] != mark) {
				stamp[i] = mark;
				list[(*listed)++] = (uint32_t)i;
			}
		}
	}
}

/* Adds the cell area of every cell whose centre is inside, edges excepted. */
static void fill_rows(const struct score_raster *r, const struct scalp_polygon *p,
		      const int32_t *stamp, int32_t mark)
{
	double xs[SCALP_POLYGON_MAX];
	double full = r->cell * r->cell;

	for (int row = 0; row < r->rows; row++) {
		double y = r->y0 + (row + 0.5) * r->cell;
		size_t n = 0;

		for (size_t i = 0, j = p->count - 1; i < p->count; j = i++) {
			struct scalp_point a = p->points[i], b = p->points[j];

			if ((a.y > y) != (b.y > y)) {
				double x = a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y);
				size_t k = n++;

				for (; k > 0 && xs[k - 1] > x; k--)
					xs[k] = xs[k - 1];
				xs[k] = x;
			}
		}
		for (size_t k = 0; k + 1 < n; k += 2) {
			double from = ceil((xs[k] - r->x0) / r->cell - 0.5);
			double to = ceil((xs[k + 1] - r->x0) / r->cell - 0.5);

			from = fmax(from, 0);
			to = fmin(to, r->cols);
			for (int c = (int)from; c < (int)to; c++) {
				size_t i = (size_t)row * (size_t)r->cols + (size_t)c;

				if (stamp[i] != mark)
					r->area[i] += full;
			}
		}
	}
}

int score_raster_build(const struct score_zones *z, double cell, struct score_raster *r)
{
	double cols = ceil((z->max_x - z->min_x) / cell), rows = ceil((z->max_y - z->min_y) / cell);
	size_t cells, edges = 0, listed_max;
	int32_t *stamp;
	uint32_t *list;
	double full = cell * cell;

	memset(r, 0, sizeof(*r));
	if (!(cell > 0) || !(cols * rows <= RASTER_CELLS_MAX))
		return -EINVAL;
	r->x0 = z->min_x;
	r->y0 = z->min_y;
	r->cell = cell;
	r->cols = cols < 1 ? 1 : (int)cols;
	r->rows = rows < 1 ? 1 : (int)rows;
	cells = (size_t)r->cols * (size_t)r->rows;
	for (size_t i = 0; i < z->count; i++)
		edges += z->polygons[i].count;
	r->area = calloc(cells, sizeof(*r->area));
	r->partial = calloc(cells, sizeof(*r->partial));
	stamp = calloc(cells, sizeof(*stamp));
	/* A zone's cells are listed once each; an edge marks at most the rows
	 * it climbs plus, in each column it crosses, three more (the slack). */
	listed_max = edges * (4 * ((size_t)r->cols + (size_t)r->rows) + 8);
	list = malloc((listed_max < cells ? listed_max : cells) * sizeof(*list));
	if (!r->area || !r->partial || !stamp || !list) {
		free(stamp);
		free(list);
		score_raster_free(r);
		return -ENOMEM;
	}
	for (size_t k = 0; k < z->count; k++) {
		const struct scalp_polygon *p = &z->polygons[k];
		int32_t mark = (int32_t)k + 1;
		size_t listed = 0;

		for (size_t i = 0; i < p->count; i++)
			mark_edge(r, p->points[i], p->points[(i + 1) % p->count], stamp, mark,
				  list, &listed);
		fill_rows(r, p, stamp, mark);
		for (size_t j = 0; j < listed; j++) {
			size_t i = list[j];
			double x = r->x0 + (double)(i % (size_t)r->cols) * cell;
			double y = r->y0 + (double)(i / (size_t)r->cols) * cell;

			r->area[i] += score_polygon_rect_area(p, x, y, x + cell, y + cell);
			r->partial[i] = 1;
		}
	}
	for (size_t i = 0; i < cells; i++)
		r->area[i] = fmin(r->area[i], full);
	free(stamp);
	free(list);
	return 0;
}
