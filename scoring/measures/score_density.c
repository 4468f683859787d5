/* score_density: how closely the dots follow the lesson's target density,
 * cell by cell: L1 = sum |n_c - e_c| / sum e_c, coverage (the share of the
 * zones' area in cells holding a dot), gaps (empty cells where two or
 * more dots were due), how even the counts are (dispersion) and how much
 * of the work was done (completion).
 *
 * Cells are squares over the zones' bounding box, sized for 8 expected
 * dots where the target is densest (domain brief: 5 to 10), so an exact
 * match can score 0. A cell's expected count is the target density
 * integrated over its part inside the zones: the area comes from
 * score_raster (exact polygon clipping at the edges); a uniform target
 * without a hairline multiplies it; with a hairline (no dots asked for in
 * front of it: too low is the worst hairline error, domain brief) the
 * density is averaged over 8 x 8 points of the cell (the
 * midpoint rule, exact where the ramp is linear), except in cells that
 * lie wholly in front of the hairline, wholly past the ramp or wholly
 * behind a uniform target, where the density is one number.
 *
 * Dispersion judges evenness apart from quantity: with k = sum n_c /
 * sum e_c the session's own fill rate, D = sum (n_c - k e_c)^2 / sum k e_c,
 * the index of dispersion of the counts against Poisson's (variance over
 * mean). Random placement gives ~1 whatever its amount; an even hand (blue
 * noise, a jittered grid) well under 1, patches and clumps over it.
 * Reference values: docs/scoring.md, "Density dispersion".
 */
#include "score_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DOTS_PER_CELL 8.0
#define CELLS_MAX (4.0 * 1024 * 1024)
#define SUB 8                   /* ramp samples per cell side */

double score_density_at(const struct score_density *d, double s)
{
	if (s < 0)
		return 0;
	if (!(d->ramp_mm > 0) || s == 0)
		return d->front_per_mm2;
	if (s >= d->ramp_mm)
		return d->back_per_mm2;
	return d->front_per_mm2 + (d->back_per_mm2 - d->front_per_mm2) * s / d->ramp_mm;
}

/* The target density averaged over the part of one cell in the zones. */
static double cell_density(const struct score_pattern *p, const struct score_raster *r,
			   size_t c)
{
	const struct score_density *d = &p->frame->density;
	double x = r->x0 + (double)(c % (size_t)r->cols) * r->cell;
	double y = r->y0 + (double)(c / (size_t)r->cols) * r->cell;
	double half = r->cell / 2, reach = r->cell * M_SQRT1_2;
	double s = score_hairline_distance(p->hairline, x + half, y + half);
	double sum = 0;
	int in = 0;

	if (s - reach >= d->ramp_mm || s + reach < 0) {
		/* Unless a corner is on the other side (past an end of the hairline). */
		bool same = true;

		for (int k = 0; k < 4 && same; k++) {
			double sk = score_hairline_distance(p->hairline, x + (k & 1) * r->cell,
							    y + (k >> 1) * r->cell);

			same = (sk > 0) == (s > 0);
		}
		if (same)
			return score_density_at(d, s);
	}
	for (int i = 0; i < SUB; i++) {
		for (int j = 0; j < SUB; j++) {
			double px = x + (i + 0.5) * r->cell / SUB, py = y + (j + 0.5) * r->cell / SUB;

			if (r->partial[c] && !score_zones_contain(p->zones, px, py))
				continue;
			sum += score_density_at(d, score_hairline_distance(p->hairline, px, py));
			in++;
		}
	}
	return in ? sum / in : score_density_at(d, s);
}

/* The cells the measure compares on: each one's area in the zones, the
 * dots due there and the dots counted. @return 0 (no cells when there is
 * no target), or a negative errno. */
int score_density_cells(const struct score_pattern *p, struct score_density_map *out)
{
	const struct score_density *d = &p->frame->density;
	const struct score_zones *z = p->zones;
	bool ramp = d->ramp_mm > 0, field = p->hairline != NULL;
	double top = ramp ? fmax(d->front_per_mm2, d->back_per_mm2) : d->front_per_mm2;
	double cell, box = (z->max_x - z->min_x) * (z->max_y - z->min_y);
	struct score_raster r;
	size_t cells;
	int err;

	memset(out, 0, sizeof(*out));
	if (!(top > 0))
		return 0;       /* no target: nothing to compare with */
	cell = sqrt(DOTS_PER_CELL / top);
	if (box / (cell * cell) > CELLS_MAX)
		cell = sqrt(box / CELLS_MAX);
	err = score_raster_build(z, cell, &r);
	if (err)
		return err;
	cells = (size_t)r.cols * (size_t)r.rows;
	out->count = calloc(cells, sizeof(*out->count));
	out->due = calloc(cells, sizeof(*out->due));
	if (!out->count || !out->due) {
		score_raster_free(&r);
		score_density_map_free(out);
		return -ENOMEM;
	}
	for (size_t j = 0; j < p->n; j++) {
		double cx = floor((p->x[j] - r.x0) / cell), cy = floor((p->y[j] - r.y0) / cell);

		if (cx >= 0 && cx < r.cols && cy >= 0 && cy < r.rows)
			out->count[(size_t)cy * (size_t)r.cols + (size_t)cx]++;
	}
	for (size_t c = 0; c < cells; c++)
		if (r.area[c] > 0)
			out->due[c] = r.area[c] * (field ? cell_density(p, &r, c) : d->front_per_mm2);
	out->x0 = r.x0;
	out->y0 = r.y0;
	out->cell_mm = cell;
	out->cols = r.cols;
	out->rows = r.rows;
	out->area_mm2 = r.area;     /* taken over from the raster */
	r.area = NULL;
	score_raster_free(&r);
	return 0;
}

void score_density_map_free(struct score_density_map *map)
{
	if (!map)
		return;
	free(map->area_mm2);
	free(map->due);
	free(map->count);
	memset(map, 0, sizeof(*map));
}

/* Completion: the pattern dots over the dots due, the lesson's count or
 * the target integrated over the cells. Nothing done is measured (0). */
static void completion(const struct score_pattern *p, double due, struct score_metrics *out)
{
	double asked = p->frame->target_dots > 0 ? p->frame->target_dots : due;

	out->zone_dots = p->n;
	if (!(asked > 0))
		return;
	out->dots_due = asked;
	out->value[SCORE_COMPLETION] = (double)p->n / asked;
	out->valid[SCORE_COMPLETION] = true;
}

/* The index of dispersion of the counts in cells where dots are due,
 * against the session's own fill rate. */
static void dispersion(const struct score_density_map *m, struct score_metrics *out)
{
	size_t cells = (size_t)m->cols * (size_t)m->rows;
	double counted = 0, due = 0, k, sq = 0;

	for (size_t c = 0; c < cells; c++) {
		if (m->due[c] > 0) {
			counted += m->count[c];
			due += m->due[c];
		}
	}
	if (counted < 2 || !(due > 0))
		return;
	k = counted / due;
	for (size_t c = 0; c < cells; c++)
		if (m->due[c] > 0)
			sq += (m->count[c] - k * m->due[c]) * (m->count[c] - k * m->due[c]);
	out->value[SCORE_DENSITY_DISPERSION] = sq / counted;
	out->valid[SCORE_DENSITY_DISPERSION] = true;
}

int score_measure_density(const struct score_pattern *p, struct score_metrics *out)
{
	double diff = 0, due = 0, covered = 0, area = 0, gaps = 0;
	struct score_density_map m;
	size_t cells;
	int err = score_density_cells(p, &m);

	if (err)
		return err;
	cells = (size_t)m.cols * (size_t)m.rows;
	for (size_t c = 0; c < cells; c++) {
		double e = m.due[c];

		if (!(m.area_mm2[c] > 0))
			continue;
		diff += fabs(m.count[c] - e);
		due += e;
		if (e > 0) {
			area += m.area_mm2[c];
			if (m.count[c] > 0)
				covered += m.area_mm2[c];
		}
		if (m.count[c] == 0 && e >= 2)
			gaps++;
	}
	completion(p, due, out);
	dispersion(&m, out);
	score_density_map_free(&m);
	if (!(due > 0))
		return 0;
	out->value[SCORE_DENSITY_L1] = diff / due;
	out->value[SCORE_COVERAGE] = covered / area;
	out->value[SCORE_GAPS] = gaps;
	out->valid[SCORE_DENSITY_L1] = out->valid[SCORE_COVERAGE] = out->valid[SCORE_GAPS] = true;
	return 0;
}
