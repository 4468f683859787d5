/* score_spacing: how evenly the dots are spaced, from their nearest-
 * neighbour distances: the mean and coefficient of variation, the
 * normalized Poisson-disk radius rho = d_min / d_max (Lagae and Dutre's
 * measure; d_max the spacing of a hexagonal packing of the same number of
 * dots in the same area) and Clark and Evans' R with Donnelly's edge
 * correction. Formulas and typical values: docs/scoring.md.
 *
 * All neighbours in O(N): the points are bucketed into a uniform grid of
 * about one per cell by a counting sort, so each cell's points, and a run
 * of cells along a row, sit contiguously. A query scans its own cell and
 * the eight around it as three contiguous runs, then further square rings
 * only while the nearest found so far is farther than the distance to the
 * edge of the block scanned; at even spacing one ring is nearly always
 * enough. The sim's deposit_grid answers nearest-point queries too, but it
 * cannot leave out the point asked about, and it keeps an array per cell.
 */
#include "score_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#define POINTS_MAX ((size_t)1 << 31)

void score_points_free(struct score_points *p)
{
	free(p->x);
	free(p->y);
	free(p->index);
	free(p->start);
	p->x = p->y = NULL;
	p->index = p->start = NULL;
}

/* fmin is a library call unless NaNs are ruled out; none reach here. */
static double min_of(double a, double b)
{
	return a < b ? a : b;
}

static size_t cell_of(const struct score_points *p, double x, double y)
{
	double cx = floor((x - p->x0) / p->cell), cy = floor((y - p->y0) / p->cell);
	size_t c = cx < 0 ? 0 : cx >= p->cols ? (size_t)p->cols - 1 : (size_t)cx;
	size_t r = cy < 0 ? 0 : cy >= p->rows ? (size_t)p->rows - 1 : (size_t)cy;

	return r * (size_t)p->cols + c;
}

int score_points_build(const double *x, const double *y, size_t n, struct score_points *p)
{
	double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
	double w, h, cell;
	size_t cells;
	uint32_t *cell_id;

	*p = (struct score_points){ .n = n };
	if (n == 0 || n >= POINTS_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		min_x = fmin(min_x, x[i]);
		max_x = fmax(max_x, x[i]);
		min_y = fmin(min_y, y[i]);
		max_y = fmax(max_y, y[i]);
	}
	if (!isfinite(min_x) || !isfinite(max_x) || !isfinite(min_y) || !isfinite(max_y))
		return -EINVAL;
	w = max_x - min_x;
	h = max_y - min_y;
	/* About one point per cell (faster than two: fewer to scan, and one
	 * ring nearly always suffices at even spacing); a line of points gets
	 * cells along it. */
	cell = w > 0 && h > 0 ? sqrt(w * h / (double)n) : fmax(w, h) / (double)n;
	if (!(cell > 0))
		cell = 1;
	while ((floor(w / cell) + 1) * (floor(h / cell) + 1) > 4.0 * (double)n + 16)
		cell *= 1.5;
	p->x0 = min_x;
	p->y0 = min_y;
	p->cell = cell;
	p->cols = (int)floor(w / cell) + 1;
	p->rows = (int)floor(h / cell) + 1;
	cells = (size_t)p->cols * (size_t)p->rows;
	p->x = malloc(n * sizeof(*p->x));
	p->y = malloc(n * sizeof(*p->y));
	p->index = malloc(n * sizeof(*p->index));
	p->start = calloc(cells + 1, sizeof(*p->start));
	cell_id = malloc(n * sizeof(*cell_id));
	if (!p->x || !p->y || !p->index || !p->start || !cell_id) {
		free(cell_id);
		score_points_free(p);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		cell_id[i] = (uint32_t)cell_of(p, x[i], y[i]);
		p->start[cell_id[i] + 1]++;
	}
	for (size_t c = 0; c < cells; c++)
		p->start[c + 1] += p->start[c];
	for (size_t i = 0; i < n; i++) {
		uint32_t k = p->start[cell_id[i]]++;

		p->x[k] = x[i];
		p->y[k] = y[i];
		p->index[k] = (uint32_t)i;
	}
	/* The fill moved each start to the next cell's: shift them back. */
	for (size_t c = cells; c > 0; c--)
		p->start[c] = p->start[c - 1];
	p->start[0] = 0;
	free(cell_id);
	return 0;
}

/* Nearest squared distance from (x, y) over points [from, to). */
static double scan(const struct score_points *p, uint32_t from, uint32_t to, double x,
		   double y, double best)
{
	for (uint32_t j = from; j < to; j++) {
		double dx = p->x[j] - x, dy = p->y[j] - y, d2 = dx * dx + dy * dy;

		best = d2 < best ? d2 : best;
	}
	return best;
}

/* The same, point k left out (it lies in the range, or not). */
static double scan_but(const struct score_points *p, uint32_t from, uint32_t to,
		       uint32_t k, double x, double y, double best)
{
	if (k < from || k >= to)
		return scan(p, from, to, x, y, best);
	return scan(p, k + 1, to, x, y, scan(p, from, k, x, y, best));
}

static double nearest(const struct score_points *p, uint32_t k, int cx, int cy)
{
	double x = p->x[k], y = p->y[k], best = INFINITY;
	int cols = p->cols, rows = p->rows;

	for (int ring = 1;; ring++) {
		int c0 = cx - ring, c1 = cx + ring, r0 = cy - ring, r1 = cy + ring;
		double edge = INFINITY;

		if (ring == 1) {
			int a = c0 < 0 ? 0 : c0, b = c1 >= cols ? cols - 1 : c1;

			for (int r = r0 < 0 ? 0 : r0; r <= r1 && r < rows; r++) {
				size_t base = (size_t)r * (size_t)cols;

				best = scan_but(p, p->start[base + (size_t)a],
						p->start[base + (size_t)b + 1], k, x, y, best);
			}
		} else {
			/* The ring's top and bottom rows, then its two sides. */
			int a = c0 < 0 ? 0 : c0, b = c1 >= cols ? cols - 1 : c1;

			if (r0 >= 0)
				best = scan(p, p->start[(size_t)r0 * cols + a],
					    p->start[(size_t)r0 * cols + b + 1], x, y, best);
			if (r1 < rows)
				best = scan(p, p->start[(size_t)r1 * cols + a],
					    p->start[(size_t)r1 * cols + b + 1], x, y, best);
			for (int r = r0 + 1 < 0 ? 0 : r0 + 1; r < r1 && r < rows; r++) {
				size_t base = (size_t)r * (size_t)cols;

				if (c0 >= 0)
					best = scan(p, p->start[base + c0], p->start[base + c0 + 1],
						    x, y, best);
				if (c1 < cols)
					best = scan(p, p->start[base + c1], p->start[base + c1 + 1],
						    x, y, best);
			}
		}
		/* Anything not yet scanned lies beyond the block's edge. */
		if (c0 > 0)
			edge = min_of(edge, x - (p->x0 + c0 * p->cell));
		if (c1 < cols - 1)
			edge = min_of(edge, p->x0 + (c1 + 1) * p->cell - x);
		if (r0 > 0)
			edge = min_of(edge, y - (p->y0 + r0 * p->cell));
		if (r1 < rows - 1)
			edge = min_of(edge, p->y0 + (r1 + 1) * p->cell - y);
		if (edge == INFINITY || (best < INFINITY && best <= edge * edge))
			return sqrt(best);
	}
}

void score_points_nn(const struct score_points *p, double *nn)
{
	for (int cy = 0; cy < p->rows; cy++) {
		for (int cx = 0; cx < p->cols; cx++) {
			size_t c = (size_t)cy * (size_t)p->cols + (size_t)cx;

			for (uint32_t k = p->start[c]; k < p->start[c + 1]; k++)
				nn[k] = nearest(p, k, cx, cy);
		}
	}
}

int score_nn_distances(const double *x, const double *y, size_t n, double *nn)
{
	struct score_points p;
	double *sorted;
	int err;

	if (n < 2)
		return -EINVAL;
	err = score_points_build(x, y, n, &p);
	if (err)
		return err;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted) {
		score_points_free(&p);
		return -ENOMEM;
	}
	score_points_nn(&p, sorted);
	for (size_t k = 0; k < n; k++)
		nn[p.index[k]] = sorted[k];
	free(sorted);
	score_points_free(&p);
	return 0;
}

int score_measure_spacing(const struct score_pattern *pat, struct score_metrics *out)
{
	struct score_points p;
	double *nn, sum = 0, sq = 0, dmin = INFINITY, mean, n, a = pat->zones->area_mm2;
	int err;

	if (pat->n < 2)
		return 0;
	err = score_points_build(pat->x, pat->y, pat->n, &p);
	if (err)
		return err;
	nn = malloc(pat->n * sizeof(*nn));
	if (!nn) {
		score_points_free(&p);
		return -ENOMEM;
	}
	score_points_nn(&p, nn);
	for (size_t k = 0; k < pat->n; k++) {
		sum += nn[k];
		dmin = fmin(dmin, nn[k]);
	}
	n = (double)pat->n;
	mean = sum / n;
	for (size_t k = 0; k < pat->n; k++)
		sq += (nn[k] - mean) * (nn[k] - mean);
	free(nn);
	score_points_free(&p);

	out->value[SCORE_NN_MEAN] = mean;
	out->valid[SCORE_NN_MEAN] = true;
	if (mean > 0) {
		out->value[SCORE_NN_CV] = sqrt(sq / n) / mean;
		out->valid[SCORE_NN_CV] = true;
	}
	/* rho: d_max = sqrt(2A / (sqrt(3) N)), the hexagonal packing's spacing. */
	out->value[SCORE_RHO] = dmin / sqrt(2 * a / (sqrt(3.0) * n));
	out->valid[SCORE_RHO] = true;
	/* Donnelly (1978): E[r] = 0.5 sqrt(A/N) + (0.0514 + 0.041/sqrt(N)) P/N. */
	out->value[SCORE_CLARK_EVANS] =
		mean / (0.5 * sqrt(a / n) +
			(0.0514 + 0.041 / sqrt(n)) * pat->zones->perimeter_mm / n);
	out->valid[SCORE_CLARK_EVANS] = true;
	return 0;
}
