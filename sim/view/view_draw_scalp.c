/* view_draw_scalp: the scene's background, drawn once a layout into the
 * cached surface: what lies off the scalp in grey, each region in the
 * shade of its tissue (scar tissue paler and pinker, the more the more it
 * spreads pigment), the hair already there, and in practice the guides:
 * region borders, the lesson's zones, the designed hairline and a scale
 * bar. Exam mode keeps only the skin and its hair.
 *
 * Hair: each region with hair_per_mm2 gets a jittered grid of short dark
 * strokes at that density, placed by a hash of the region and the grid
 * cell, so the same lesson always shows the same hair (no randomness per
 * frame or per run), and only where the region is the one on top.
 */
#include "view_scene_internal.h"

#include <math.h>
#include <stdio.h>

#define VIEW_COLOUR_OFF_SCALP 0x8E8E8Eu
#define VIEW_COLOUR_SKIN      0xE8C3A4u
#define VIEW_COLOUR_SCAR      0xF4D9D6u  /* healed scar: pale, pinkish */
#define VIEW_COLOUR_REGION    0xB59D86u
#define VIEW_COLOUR_HAIR      0x3B2A20u
#define VIEW_COLOUR_SCALE     0x1D1D1Fu

#define VIEW_HAIR_LENGTH_MM 0.6   /* a shaved head's stubble */
#define VIEW_HAIR_WIDTH_MM 0.08

static uint32_t mix(uint32_t a, uint32_t b, double t)
{
	uint32_t out = 0;

	for (int shift = 0; shift <= 16; shift += 8) {
		double ca = (a >> shift) & 0xff, cb = (b >> shift) & 0xff;

		out |= (uint32_t)lround(ca + (cb - ca) * t) << shift;
	}
	return out;
}

/* A tissue's shade: skin, moved towards scar pink by how much more than
 * normal skin it spreads pigment (spread 1: skin; 2 and more: scar). */
static uint32_t tissue_colour(const struct scalp_tissue *tissue)
{
	double t = tissue->spread_factor - 1;

	if (!(t > 0))
		return VIEW_COLOUR_SKIN;
	return mix(VIEW_COLOUR_SKIN, VIEW_COLOUR_SCAR, fmin(0.6 + 0.4 * t, 1));
}

/* splitmix64: a well-mixed hash of the region and cell. */
static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t z = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull ^
		     (c + 0x85157AF5ull) * 0x94D049BB133111EBull;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double unit(uint64_t h, int which)
{
	return (double)((h >> (which * 21)) & 0x1FFFFF) / (double)0x200000;
}

static void draw_hair(const struct view_scene *scene, cairo_t *cr, size_t r)
{
	const struct scalp_region *region = &scene->scalp->regions[r];
	double cell = 1 / sqrt(region->hair_per_mm2);
	double x0, y0, x1, y1;
	long i0, i1, j0, j1;

	/* every cell the window shows of the scalp */
	view_px_to_mm(scene, 0, 0, &x0, &y0);
	view_px_to_mm(scene, scene->layout.width_px,
			 scene->layout.height_px - VIEW_STATUS_HEIGHT_PX, &x1, &y1);
	x0 = fmax(x0, 0) - VIEW_HAIR_LENGTH_MM;
	y0 = fmax(y0, 0) - VIEW_HAIR_LENGTH_MM;
	x1 = fmin(x1, scene->scalp->width_mm);
	y1 = fmin(y1, scene->scalp->height_mm);
	i0 = (long)floor(x0 / cell);
	i1 = (long)ceil(x1 / cell);
	j0 = (long)floor(y0 / cell);
	j1 = (long)ceil(y1 / cell);

	view_rgba(cr, VIEW_COLOUR_HAIR, 0.85);
	cairo_set_line_width(cr, VIEW_HAIR_WIDTH_MM);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	for (long j = j0; j <= j1; j++)
		for (long i = i0; i <= i1; i++) {
			uint64_t h = hash3(r, (uint64_t)i, (uint64_t)j);
			double x = (i + unit(h, 0)) * cell, y = (j + unit(h, 1)) * cell;
			/* hair grows back and a little to the side */
			double angle = M_PI / 2 + (unit(h, 2) - 0.5) * 1.2;

			if (scalp_region_at(scene->scalp, x, y) != r)
				continue;
			cairo_move_to(cr, x, y);
			cairo_rel_line_to(cr, cos(angle) * VIEW_HAIR_LENGTH_MM,
					  sin(angle) * VIEW_HAIR_LENGTH_MM);
		}
	cairo_stroke(cr);
}

static void draw_guides(const struct view_scene *scene, cairo_t *cr)
{
	const struct lesson *lesson = scene->lesson;
	double px = 1 / scene->layout.ppm;

	view_rgb(cr, VIEW_COLOUR_REGION);
	cairo_set_line_width(cr, 1 * px);
	for (size_t r = 1; r < scene->scalp->region_count; r++) {
		view_polygon_path(cr, &scene->scalp->regions[r].polygon);
		cairo_new_sub_path(cr);
	}
	cairo_stroke(cr);

	cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
	for (size_t z = 0; z < lesson->zone_count; z++) {
		view_polygon_path(cr, &lesson->zones[z].polygon);
		view_rgba(cr, VIEW_COLOUR_ZONE, 0.06);
		cairo_fill_preserve(cr);
		view_rgb(cr, VIEW_COLOUR_ZONE);
		cairo_set_line_width(cr, 2 * px);
		cairo_stroke(cr);
	}
	if (lesson->hairline_count >= 2) {
		for (size_t i = 0; i < lesson->hairline_count; i++)
			cairo_line_to(cr, lesson->hairline[i].x, lesson->hairline[i].y);
		view_rgb(cr, VIEW_COLOUR_HAIRLINE);
		cairo_set_line_width(cr, 2.5 * px);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_stroke(cr);
	}
}

double view_scale_bar_mm(double ppm, double target_px)
{
	static const double steps[] = { 1, 2, 5 };
	double best = 1;

	for (double decade = 0.1; decade <= 1000; decade *= 10)
		for (size_t i = 0; i < 3; i++)
			if (steps[i] * decade * ppm <= target_px)
				best = steps[i] * decade;
	return best;
}

/* The scale bar, at the scene's bottom-left: a bar with end ticks, its
 * length above it ("10 mm"). */
static void draw_scale_bar(const struct view_scene *scene, cairo_t *cr)
{
	double ppm = scene->layout.ppm;
	double mm = view_scale_bar_mm(ppm, scene->layout.width_px / 5.0);
	double x0 = VIEW_MARGIN_PX, y = scene->layout.height_px - VIEW_STATUS_HEIGHT_PX - 8;
	double x1 = x0 + mm * ppm;
	char label[32];

	snprintf(label, sizeof(label), "%g mm", mm);
	view_rgb(cr, VIEW_COLOUR_SCALE);
	cairo_set_line_width(cr, 2);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_move_to(cr, x0 + 1, y - 6);
	cairo_line_to(cr, x0 + 1, y + 1);
	cairo_move_to(cr, x1 - 1, y - 6);
	cairo_line_to(cr, x1 - 1, y + 1);
	cairo_stroke(cr);
	view_text(scene, cr, x0 + 4, y - 22, label, VIEW_COLOUR_SCALE);
}

void view_draw_background(const struct view_scene *scene, cairo_t *cr)
{
	const struct scalp_model *scalp = scene->scalp;

	view_rgb(cr, VIEW_COLOUR_OFF_SCALP);
	cairo_paint(cr);
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, scene->layout.width_px,
			scene->layout.height_px - VIEW_STATUS_HEIGHT_PX);
	cairo_clip(cr);
	view_mm_space(scene, cr);
	cairo_rectangle(cr, 0, 0, scalp->width_mm, scalp->height_mm);
	cairo_clip(cr);
	view_rgb(cr, VIEW_COLOUR_SKIN);
	cairo_paint(cr);
	for (size_t r = 0; r < scalp->region_count; r++) {
		view_polygon_path(cr, &scalp->regions[r].polygon);
		view_rgb(cr, tissue_colour(&scalp->tissues[scalp->regions[r].tissue]));
		cairo_fill(cr);
	}
	for (size_t r = 0; r < scalp->region_count; r++)
		if (scalp->regions[r].hair_per_mm2 > 0)
			draw_hair(scene, cr, r);
	if (!scene->exam)
		draw_guides(scene, cr);
	cairo_restore(cr);
	if (!scene->exam)
		draw_scale_bar(scene, cr);
}
