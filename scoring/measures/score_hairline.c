/* score_hairline: signed distance from the designed hairline, an open
 * polyline, for the hairline profile and position and the target density.
 *
 * The distance is to the nearest point of the polyline. Its sign says on
 * which side: where the nearest point lies inside a segment a -> b, the
 * sign of cross(b - a, p - a) (positive behind the hairline, the side its
 * direction turned towards +y); where it is a vertex between two
 * segments, the side of the sum of their unit normals (the pseudo-normal,
 * which is right for points in the vertex's wedge); where it is an end
 * point, the side of the end segment's line, extended.
 *
 * Queries are many (every dot, thousands of sample points) and hairlines
 * have up to 63 segments, so a coarse grid over the zones lists, for each
 * cell, the segments that can be nearest somewhere in it: those whose
 * distance from the cell's centre is within the cell's diagonal of the
 * smallest (any point of the cell is within half a diagonal of the
 * centre). A query tries only its cell's list, a few segments.
 */
#include "score_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#define GRID_SIDE 64

struct segment {
	double ax, ay, dx, dy, inv_len2;
	double nx, ny;          /**< unit normal, towards the positive side */
};

struct score_hairline {
	struct segment *seg;
	size_t count;
	double x0, y0, cell;    /**< the candidate grid */
	int cols, rows;
	uint32_t *start;        /**< cols*rows+1 offsets into cand */
	uint32_t *cand;
};

/* Squared distance from (x, y) to segment s and the clamped parameter. */
static double seg_dist2(const struct segment *s, double x, double y, double *t)
{
	double px = x - s->ax, py = y - s->ay;
	double u = (px * s->dx + py * s->dy) * s->inv_len2;
	double qx, qy;

	u = u < 0 ? 0 : u > 1 ? 1 : u;
	qx = px - u * s->dx;
	qy = py - u * s->dy;
	*t = u;
	return qx * qx + qy * qy;
}

static double sign_at(const struct score_hairline *h, size_t i, double t, double x, double y)
{
	const struct segment *s = &h->seg[i];
	double vx, vy, nx, ny;

	if (t > 0 && t < 1) {
		nx = s->nx;
		ny = s->ny;
		vx = s->ax;
		vy = s->ay;
	} else if (t <= 0) {
		vx = s->ax;
		vy = s->ay;
		nx = s->nx + (i > 0 ? h->seg[i - 1].nx : 0);
		ny = s->ny + (i > 0 ? h->seg[i - 1].ny : 0);
	} else {
		vx = s->ax + s->dx;
		vy = s->ay + s->dy;
		nx = s->nx + (i + 1 < h->count ? h->seg[i + 1].nx : 0);
		ny = s->ny + (i + 1 < h->count ? h->seg[i + 1].ny : 0);
	}
	return (x - vx) * nx + (y - vy) * ny < 0 ? -1 : 1;
}

double score_hairline_gradient(const struct score_hairline *h, double x, double y,
			       double *gx, double *gy)
{
	double best = INFINITY, best_t = 0, t, sign, d;
	size_t best_i = 0;
	double cx = floor((x - h->x0) / h->cell), cy = floor((y - h->y0) / h->cell);
	const struct segment *s;

	if (cx >= 0 && cx < h->cols && cy >= 0 && cy < h->rows) {
		size_t c = (size_t)cy * (size_t)h->cols + (size_t)cx;

		for (uint32_t k = h->start[c]; k < h->start[c + 1]; k++) {
			double d2 = seg_dist2(&h->seg[h->cand[k]], x, y, &t);

			if (d2 < best) {
				best = d2;
				best_t = t;
				best_i = h->cand[k];
			}
		}
	} else {
		for (size_t i = 0; i < h->count; i++) {
			double d2 = seg_dist2(&h->seg[i], x, y, &t);

			if (d2 < best) {
				best = d2;
				best_t = t;
				best_i = i;
			}
		}
	}
	sign = sign_at(h, best_i, best_t, x, y);
	d = sqrt(best);
	if (gx) {
		/* grad s = sign (p - q) / |p - q|, q the nearest point; on the
		 * line itself, the segment's normal. */
		s = &h->seg[best_i];
		if (d > 0) {
			*gx = sign * (x - s->ax - best_t * s->dx) / d;
			*gy = sign * (y - s->ay - best_t * s->dy) / d;
		} else {
			*gx = s->nx;
			*gy = s->ny;
		}
	}
	return sign * d;
}

double score_hairline_distance(const struct score_hairline *h, double x, double y)
{
	return score_hairline_gradient(h, x, y, NULL, NULL);
}

/* Whether segment s meets the rectangle (Liang-Barsky clipping). */
static bool seg_meets_rect(const struct segment *s, double x0, double y0, double x1, double y1)
{
	double p[4] = { -s->dx, s->dx, -s->dy, s->dy };
	double q[4] = { s->ax - x0, x1 - s->ax, s->ay - y0, y1 - s->ay };
	double lo = 0, hi = 1;

	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
		} else {
			double t = q[i] / p[i];

			if (p[i] < 0)
				lo = t > lo ? t : lo;
			else
				hi = t < hi ? t : hi;
		}
	}
	return lo <= hi;
}

static double point_rect_dist2(double x, double y, double x0, double y0, double x1, double y1)
{
	double dx = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
	double dy = y < y0 ? y0 - y : y > y1 ? y - y1 : 0;

	return dx * dx + dy * dy;
}

/* Smallest squared distance between segment s and the rectangle: at an
 * end of the segment or a corner of the rectangle, unless they meet. */
static double seg_rect_dist2(const struct segment *s, double x0, double y0, double x1,
			     double y1)
{
	double best, t;

	if (seg_meets_rect(s, x0, y0, x1, y1))
		return 0;
	best = point_rect_dist2(s->ax, s->ay, x0, y0, x1, y1);
	t = point_rect_dist2(s->ax + s->dx, s->ay + s->dy, x0, y0, x1, y1);
	best = t < best ? t : best;
	for (int k = 0; k < 4; k++) {
		double d2 = seg_dist2(s, k & 1 ? x1 : x0, k & 2 ? y1 : y0, &t);

		best = d2 < best ? d2 : best;
	}
	return best;
}

int score_hairline_lines(const struct score_hairline *h, double x0, double y0, double x1,
			 double y1, double lines[][3], int max)
{
	double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, best = INFINITY, reach, t;
	int count = 0, sign = 0;

	for (size_t i = 0; i < h->count; i++) {
		double d2 = seg_dist2(&h->seg[i], cx, cy, &t);

		best = d2 < best ? d2 : best;
	}
	/* Nothing in the rectangle is farther from the hairline than this. */
	reach = sqrt(best) + sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) / 2;
	for (size_t i = 0; i < h->count; i++) {
		const struct segment *s = &h->seg[i];

		if (seg_rect_dist2(s, x0, y0, x1, y1) > reach * reach)
			continue;  /* nearest nowhere in the rectangle */
		if (count == max)
			return 0;
		for (int k = 0; k < 4; k++) {
			double px = (k & 1 ? x1 : x0) - s->ax, py = (k & 2 ? y1 : y0) - s->ay;
			double u = (px * s->dx + py * s->dy) * s->inv_len2;
			int side = px * s->nx + py * s->ny > 0 ? 1 : -1;

			if (!(u > 0 && u < 1) || (sign && side != sign))
				return 0;
			sign = side;
		}
		lines[count][0] = s->nx;
		lines[count][1] = s->ny;
		lines[count][2] = -(s->nx * s->ax + s->ny * s->ay);
		count++;
	}
	return sign * count;
}

void score_hairline_free(struct score_hairline *h)
{
	if (!h)
		return;
	free(h->seg);
	free(h->start);
	free(h->cand);
	free(h);
}

/* Fills the candidate lists: two passes, counting then writing. */
static int build_grid(struct score_hairline *h)
{
	size_t cells = (size_t)h->cols * (size_t)h->rows, total = 0;
	double reach = h->cell * sqrt(2.0);  /* twice the half-diagonal */
	double *d = malloc(h->count * sizeof(*d));

	h->start = malloc((cells + 1) * sizeof(*h->start));
	h->cand = malloc(cells * h->count * sizeof(*h->cand));
	if (!d || !h->start || !h->cand) {
		free(d);
		return -ENOMEM;
	}
	for (size_t c = 0; c < cells; c++) {
		double x = h->x0 + ((double)(c % (size_t)h->cols) + 0.5) * h->cell;
		double y = h->y0 + ((double)(c / (size_t)h->cols) + 0.5) * h->cell;
		double best = INFINITY, t;

		for (size_t i = 0; i < h->count; i++) {
			d[i] = sqrt(seg_dist2(&h->seg[i], x, y, &t));
			best = fmin(best, d[i]);
		}
		h->start[c] = (uint32_t)total;
		for (size_t i = 0; i < h->count; i++)
			if (d[i] <= best + reach * (1 + 1e-12))
				h->cand[total++] = (uint32_t)i;
	}
	h->start[cells] = (uint32_t)total;
	free(d);
	return 0;
}

int score_hairline_new(const struct scalp_point *pts, size_t count, double x0, double y0,
		       double x1, double y1, struct score_hairline **out)
{
	struct score_hairline *h;
	double side;
	int err;

	*out = NULL;
	if (!pts || count < 2 || count > UINT32_MAX || !(x1 >= x0 && y1 >= y0))
		return -EINVAL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->seg = malloc((count - 1) * sizeof(*h->seg));
	if (!h->seg) {
		free(h);
		return -ENOMEM;
	}
	for (size_t i = 0, last = 0; i + 1 < count; i++) {
		struct scalp_point a = pts[last], b = pts[i + 1];
		double dx = b.x - a.x, dy = b.y - a.y, len;

		if (!isfinite(a.x) || !isfinite(a.y) || !isfinite(b.x) || !isfinite(b.y)) {
			score_hairline_free(h);
			return -EINVAL;
		}
		if (dx == 0 && dy == 0)
			continue;  /* a repeated point */
		len = hypot(dx, dy);
		h->seg[h->count++] = (struct segment){ a.x, a.y, dx, dy, 1 / (dx * dx + dy * dy),
						       -dy / len, dx / len };
		last = i + 1;
	}
	if (h->count == 0) {
		score_hairline_free(h);
		return -EINVAL;
	}
	side = fmax(x1 - x0, y1 - y0);
	h->x0 = x0;
	h->y0 = y0;
	h->cell = side > 0 ? side / GRID_SIDE : 1;
	h->cols = (int)fmin(GRID_SIDE, fmax(1, ceil((x1 - x0) / h->cell)));
	h->rows = (int)fmin(GRID_SIDE, fmax(1, ceil((y1 - y0) / h->cell)));
	err = build_grid(h);
	if (err) {
		score_hairline_free(h);
		return err;
	}
	*out = h;
	return 0;
}
