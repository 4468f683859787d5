/* deposit_grid: each cell keeps its points in a small array of its own
 * (coordinates beside ids), so a query reads a few short runs of memory
 * instead of chasing a list across the whole session. Cells are about the
 * dots' spacing, so they hold a point or two at the density SMP aims at.
 *
 * The nearest-point query walks square rings of cells outward from the
 * query's cell and stops once the best distance found is no more than the
 * ring's inner edge: nothing farther out can beat it. At working densities
 * that is the first ring or two, whatever the number of points.
 */
#include "deposit_grid.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#define MAX_CELLS (16u * 1024 * 1024)
#define FIRST_ROOM 4

struct point {
	double x, y;
	uint32_t id;
};

struct cell {
	struct point *points;
	uint32_t count, room;
};

struct deposit_grid {
	double cell_mm;
	int cols, rows;
	struct cell *cells;
	size_t count;
};

int deposit_grid_new(double width_mm, double height_mm, double cell_mm,
		     struct deposit_grid **out)
{
	struct deposit_grid *g;
	double cols, rows;

	*out = NULL;
	if (!(width_mm > 0 && height_mm > 0 && cell_mm > 0))
		return -EINVAL;
	cols = ceil(width_mm / cell_mm);
	rows = ceil(height_mm / cell_mm);
	if (cols * rows > MAX_CELLS)
		return -EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->cell_mm = cell_mm;
	g->cols = (int)cols;
	g->rows = (int)rows;
	g->cells = calloc((size_t)g->cols * (size_t)g->rows, sizeof(*g->cells));
	if (!g->cells) {
		free(g);
		return -ENOMEM;
	}
	*out = g;
	return 0;
}

void deposit_grid_free(struct deposit_grid *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < (size_t)g->cols * (size_t)g->rows; i++)
		free(g->cells[i].points);
	free(g->cells);
	free(g);
}

static int clamp_index(double v, double cell, int n)
{
	double c = floor(v / cell);

	return c < 0 ? 0 : c >= n ? n - 1 : (int)c;
}

static struct cell *cell_at(const struct deposit_grid *g, int col, int row)
{
	return &g->cells[(size_t)row * (size_t)g->cols + (size_t)col];
}

int deposit_grid_insert(struct deposit_grid *g, uint32_t id, double x, double y)
{
	struct cell *c = cell_at(g, clamp_index(x, g->cell_mm, g->cols),
				 clamp_index(y, g->cell_mm, g->rows));

	if (c->count == c->room) {
		uint32_t room = c->room ? c->room * 2 : FIRST_ROOM;
		struct point *p = realloc(c->points, room * sizeof(*p));

		if (!p)
			return -ENOMEM;
		c->points = p;
		c->room = room;
	}
	c->points[c->count++] = (struct point){ x, y, id };
	g->count++;
	return 0;
}

/* Scans one cell (if it exists) for a point nearer than *best. */
static void nearest_in(const struct deposit_grid *g, int col, int row, double x,
		       double y, double *best2, uint32_t *id)
{
	const struct cell *c;

	if (col < 0 || col >= g->cols || row < 0 || row >= g->rows)
		return;
	c = cell_at(g, col, row);
	for (uint32_t i = 0; i < c->count; i++) {
		double dx = c->points[i].x - x, dy = c->points[i].y - y;
		double d2 = dx * dx + dy * dy;

		if (d2 < *best2) {
			*best2 = d2;
			*id = c->points[i].id;
		}
	}
}

double deposit_grid_nearest(const struct deposit_grid *g, double x, double y,
			    double max_mm, uint32_t *id)
{
	int cx = clamp_index(x, g->cell_mm, g->cols), cy = clamp_index(y, g->cell_mm, g->rows);
	int rings = (int)ceil(max_mm / g->cell_mm) + 1;
	double best2 = max_mm * max_mm * (1 + 1e-12) + 1e-300;
	bool found = false;

	if (rings > g->cols + g->rows)
		rings = g->cols + g->rows;
	for (int k = 0; k <= rings; k++) {
		/* Points k rings out are at least (k - 1) cells away. */
		double inner = (k - 1) * g->cell_mm;

		if (found && inner > 0 && best2 <= inner * inner)
			break;
		if (k == 0) {
			nearest_in(g, cx, cy, x, y, &best2, id);
		} else {
			for (int i = -k; i <= k; i++) {
				nearest_in(g, cx + i, cy - k, x, y, &best2, id);
				nearest_in(g, cx + i, cy + k, x, y, &best2, id);
			}
			for (int i = -k + 1; i <= k - 1; i++) {
				nearest_in(g, cx - k, cy + i, x, y, &best2, id);
				nearest_in(g, cx + k, cy + i, x, y, &best2, id);
			}
		}
		found = best2 <= max_mm * max_mm;
	}
	return found ? sqrt(best2) : -1;
}

size_t deposit_grid_visit(const struct deposit_grid *g, double x, double y,
			  double radius_mm, deposit_grid_fn fn, void *ctx)
{
	int c0 = clamp_index(x - radius_mm, g->cell_mm, g->cols);
	int c1 = clamp_index(x + radius_mm, g->cell_mm, g->cols);
	int r0 = clamp_index(y - radius_mm, g->cell_mm, g->rows);
	int r1 = clamp_index(y + radius_mm, g->cell_mm, g->rows);
	double r2 = radius_mm * radius_mm;
	size_t visited = 0;

	for (int row = r0; row <= r1; row++) {
		for (int col = c0; col <= c1; col++) {
			const struct cell *c = cell_at(g, col, row);

			for (uint32_t i = 0; i < c->count; i++) {
				double dx = c->points[i].x - x, dy = c->points[i].y - y;
				double d2 = dx * dx + dy * dy;

				if (d2 <= r2) {
					fn(ctx, c->points[i].id, sqrt(d2));
					visited++;
				}
			}
		}
	}
	return visited;
}

size_t deposit_grid_count(const struct deposit_grid *g)
{
	return g->count;
}
