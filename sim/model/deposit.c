/* deposit: the physics of one deposit, as closed-form functions of the
 * contact's force, dwell and tilt. Every coefficient comes from the needle
 * and tissue data; docs/model.md derives them and names the sources.
 */
#include "deposit.h"

#include <math.h>

#define MAX_SKEW_TILT_DEG 70.0

double deposit_depth_mm(const struct needle *needle,
			const struct scalp_tissue *tissue, double force_n)
{
	if (force_n <= 0)
		return 0;
	return needle->hang_mm * (1 - exp(-force_n / tissue->force_scale_n));
}

double deposit_diameter_mm(const struct needle *needle,
			   const struct scalp_tissue *tissue,
			   double depth_mm, double dwell_s)
{
	double strokes = dwell_s > 0 ? dwell_s * needle->strokes_per_s : 0;
	double grown = 1 - exp(-strokes / needle->saturation_strokes);

	return needle_footprint_mm(needle) +
	       needle->growth_mm_per_mm * depth_mm * tissue->spread_factor * grown;
}

double deposit_blur_mm(const struct scalp_tissue *tissue,
		       const struct scalp_region *region, double depth_mm)
{
	double past = depth_mm - region->band_max_mm;

	return past > 0 ? tissue->blowout_mm_per_mm * tissue->spread_factor * past : 0;
}

enum deposit_depth_class deposit_classify_depth(const struct scalp_region *region,
						double depth_mm)
{
	if (depth_mm > region->overdeep_mm)
		return DEPOSIT_OVERDEEP;
	if (depth_mm > region->band_max_mm)
		return DEPOSIT_DEEP;
	if (depth_mm >= region->band_min_mm)
		return DEPOSIT_IN_BAND;
	return DEPOSIT_SHALLOW;
}

void deposit_tilt(double tilt_x_deg, double tilt_y_deg, double *tilt_deg,
		  double *direction_deg)
{
	/* The pen's axis is (tan tx, tan ty, 1); its angle from the normal. */
	double tx = tan(tilt_x_deg * M_PI / 180), ty = tan(tilt_y_deg * M_PI / 180);

	*tilt_deg = atan(sqrt(tx * tx + ty * ty)) * 180 / M_PI;
	*direction_deg = (tx == 0 && ty == 0) ? 0 : atan2(ty, tx) * 180 / M_PI;
}

double deposit_skew_ratio(double tilt_deg)
{
	double t = tilt_deg < MAX_SKEW_TILT_DEG ? tilt_deg : MAX_SKEW_TILT_DEG;

	return 1 / cos(t * M_PI / 180);
}

const char *deposit_depth_class_name(enum deposit_depth_class c)
{
	switch (c) {
	case DEPOSIT_SHALLOW: return "shallow";
	case DEPOSIT_IN_BAND: return "in-band";
	case DEPOSIT_DEEP: return "deep";
	case DEPOSIT_OVERDEEP: return "overdeep";
	}
	return "?";
}

const char *deposit_fault_name(uint32_t fault)
{
	switch (fault) {
	case DEPOSIT_MERGED: return "merged";
	case DEPOSIT_TOO_CLOSE: return "too-close";
	case DEPOSIT_GAP: return "gap";
	case DEPOSIT_OUTSIDE_ZONE: return "outside-zone";
	case DEPOSIT_TAIL: return "tail";
	case DEPOSIT_OBLIQUE: return "oblique";
	case DEPOSIT_DRAG_LINE: return "drag-line";
	case DEPOSIT_SHALLOW_FAULT: return "shallow";
	case DEPOSIT_OVERDEEP_FAULT: return "overdeep";
	default: return NULL;
	}
}
