/* deposit: one pigment deposit as the simulator judged it, and the model
 * that turns a contact (force over time, dwell, drag, tilt) into a dot's
 * depth, diameter, spread and shape.
 *
 * The model, after docs/model.md:
 *   force    F = pressure * full_scale_n          (per-device calibration)
 *   depth    d = hang * (1 - exp(-F / F0))        (F0: the tissue's force scale;
 *                                                  saturates at the needle's hang)
 *   strokes  n = dwell * strokes_per_s
 *   diameter D = footprint + growth * d * spread * (1 - exp(-n / n_sat))
 *   blur     B = blowout * spread * max(0, d - band_max)
 *   skew     a tilted needle stretches the dot to D / cos(tilt) along the tilt
 */
#ifndef SMPSIM_DEPOSIT_H
#define SMPSIM_DEPOSIT_H

#include <stddef.h>
#include <stdint.h>

#include "needle.h"
#include "scalp.h"

enum deposit_depth_class {
	DEPOSIT_SHALLOW = 0, /**< above the band: fades with the epidermis */
	DEPOSIT_IN_BAND,
	DEPOSIT_DEEP,        /**< below the band, above overdeep */
	DEPOSIT_OVERDEEP,    /**< past the overdeep threshold: blowout */
};

enum deposit_kind {
	DEPOSIT_DOT = 0,
	DEPOSIT_LINE,        /**< the pen stayed down and travelled: a drag line */
};

/** Faults, one bit each; a deposit may carry several. */
enum deposit_fault {
	DEPOSIT_MERGED = 1u << 0,       /**< overlaps an earlier dot */
	DEPOSIT_TOO_CLOSE = 1u << 1,    /**< nearer than the region allows */
	DEPOSIT_GAP = 1u << 2,          /**< leaves a hole among its neighbours */
	DEPOSIT_OUTSIDE_ZONE = 1u << 3, /**< outside the lesson's zone */
	DEPOSIT_TAIL = 1u << 4,         /**< dragged while in the skin */
	DEPOSIT_OBLIQUE = 1u << 5,      /**< needle too far from perpendicular */
	DEPOSIT_DRAG_LINE = 1u << 6,    /**< not a dot at all */
	DEPOSIT_SHALLOW_FAULT = 1u << 7,/**< depth class shallow */
	DEPOSIT_OVERDEEP_FAULT = 1u << 8,/**< depth class overdeep */
};
#define DEPOSIT_FAULT_COUNT 9

struct deposit {
	uint32_t id;            /**< order of making, from 0 */
	int64_t down_us, up_us; /**< tip down and up, stream time */
	double x_mm, y_mm;      /**< on the scalp, where the needle went in */
	size_t region;          /**< SCALP_NO_REGION when outside all */
	double depth_mm;        /**< deepest point of the contact */
	double force_n;         /**< greatest force */
	double diameter_mm;
	double blur_mm;
	double tail_mm;         /**< farthest point from the entry while down */
	double tilt_deg;        /**< from perpendicular, at the deepest point */
	double skew_ratio;      /**< long axis / short axis, >= 1 */
	double skew_angle_deg;  /**< direction of the long axis */
	double nearest_mm;      /**< to the nearest earlier dot; < 0: none near */
	enum deposit_kind kind;
	enum deposit_depth_class depth_class;
	uint32_t faults;        /**< enum deposit_fault bits */
};

/** @return the depth (mm) a force of @p force_n drives the needle to. */
double deposit_depth_mm(const struct needle *needle,
			const struct scalp_tissue *tissue, double force_n);

/** @return the dot's diameter (mm) for @p depth_mm held @p dwell_s. */
double deposit_diameter_mm(const struct needle *needle,
			   const struct scalp_tissue *tissue,
			   double depth_mm, double dwell_s);

/** @return the blur (mm) around the dot from going past the band. */
double deposit_blur_mm(const struct scalp_tissue *tissue,
		       const struct scalp_region *region, double depth_mm);

/** @return the class of @p depth_mm in @p region's layers. */
enum deposit_depth_class deposit_classify_depth(const struct scalp_region *region,
						double depth_mm);

/**
 * Tilt of the pen as one angle from perpendicular, and its direction.
 * @param tilt_x_deg, tilt_y_deg  the pen's tilt about each axis
 */
void deposit_tilt(double tilt_x_deg, double tilt_y_deg, double *tilt_deg,
		  double *direction_deg);

/** @return the long/short axis ratio of a dot made at @p tilt_deg, capped
 * at 70 degrees (a needle flatter than that cannot enter the skin). */
double deposit_skew_ratio(double tilt_deg);

/** @return "shallow", "in-band", "deep" or "overdeep". */
const char *deposit_depth_class_name(enum deposit_depth_class c);

/** @return a word for one fault bit ("merged", "too-close" ...), or NULL. */
const char *deposit_fault_name(uint32_t fault);

#endif
