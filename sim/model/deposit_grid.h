/* deposit_grid: a uniform grid over the scalp for neighbour queries, so
 * judging a new deposit against its neighbours costs the same with ten
 * dots on the scalp or a hundred thousand.
 */
#ifndef SMPSIM_DEPOSIT_GRID_H
#define SMPSIM_DEPOSIT_GRID_H

#include <stddef.h>
#include <stdint.h>

struct deposit_grid;

/** Called for each point within the radius: its id and distance (mm). */
typedef void (*deposit_grid_fn)(void *ctx, uint32_t id, double distance_mm);

/**
 * A grid over a @p width_mm x @p height_mm area with square cells of
 * @p cell_mm (about the spacing of the dots, so a cell holds one or two).
 * @return 0 and *out, -EINVAL for non-positive sizes or too many cells
 * (more than 16 million), or -ENOMEM.
 */
int deposit_grid_new(double width_mm, double height_mm, double cell_mm,
		     struct deposit_grid **out);

/** Frees the grid. Accepts NULL. */
void deposit_grid_free(struct deposit_grid *grid);

/**
 * Adds point @p id at (x, y); points outside the area go to its edge
 * cells. @return 0, or -ENOMEM (the grid is then unchanged).
 */
int deposit_grid_insert(struct deposit_grid *grid, uint32_t id, double x, double y);

/**
 * The nearest point to (x, y) no farther than @p max_mm.
 * @return its distance, or -1 when none is that near; *id receives it.
 */
double deposit_grid_nearest(const struct deposit_grid *grid, double x, double y,
			    double max_mm, uint32_t *id);

/**
 * Calls @p fn for every point within @p radius_mm of (x, y).
 * @return the number of points visited.
 */
size_t deposit_grid_visit(const struct deposit_grid *grid, double x, double y,
			  double radius_mm, deposit_grid_fn fn, void *ctx);

/** @return the number of points in the grid. */
size_t deposit_grid_count(const struct deposit_grid *grid);

#endif
