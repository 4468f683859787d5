/* pen_calibration: a pen's measured force curve, raw pressure to newtons.
 *
 * A calibration is a handful of points (raw ABS_PRESSURE value, newtons)
 * measured with a kitchen scale (smpsim calibrate), plus the point
 * (raw_min, 0 N): the axis minimum, where the pen rests. Between points
 * the force is interpolated linearly; past the last point it goes on
 * along the last segment's slope up to the axis maximum (raw_max).
 * Piecewise-linear rather than a monotone cubic: it is monotone and exact
 * at the points by construction, and a trainee can check any figure of
 * the table by hand; with points 50 to 400 g apart the cubic's smoothness
 * buys nothing the scale can measure. Pure code: the file is read by
 * lessons/calibration_load.c.
 */
#ifndef SMPSIM_PEN_CALIBRATION_H
#define SMPSIM_PEN_CALIBRATION_H

#include <stddef.h>
#include <stdint.h>

/** The most measured points a calibration holds. */
#define PEN_CALIBRATION_POINTS_MAX 16
/** Room for a calibration's identity: its file name and SHA-256. */
#define PEN_CALIBRATION_ID_MAX 320
/** A kitchen scale's grams to newtons (standard gravity). */
#define PEN_CALIBRATION_N_PER_G 9.80665e-3

struct pen_calibration_point {
	int32_t raw;     /**< the ABS_PRESSURE value held */
	double force_n;  /**< what the scale read, in newtons */
};

struct pen_calibration {
	int32_t raw_min, raw_max;  /**< the pressure axis (0 N at raw_min) */
	size_t count;              /**< measured points, raw increasing */
	struct pen_calibration_point points[PEN_CALIBRATION_POINTS_MAX];
	/** "FILE-NAME sha256:HEX" for the record; "" when not from a file. */
	char id[PEN_CALIBRATION_ID_MAX];
};

/**
 * Checks @p cal: raw_min < raw_max; 1 to PEN_CALIBRATION_POINTS_MAX
 * points with raw strictly increasing within (raw_min, raw_max] and force
 * strictly increasing and above 0 (a monotone curve through them).
 * @return 0, or -EINVAL with @p why saying which point is wrong.
 */
int pen_calibration_check(const struct pen_calibration *cal, char *why, size_t why_size);

/**
 * The force at raw pressure @p raw: 0 at or below raw_min, the points'
 * forces exactly at their raw values, linear between, and the last
 * segment's slope past the last point (raw clamped to raw_max).
 * @p cal must have passed pen_calibration_check().
 */
double pen_calibration_force(const struct pen_calibration *cal, double raw);

/**
 * The force at pressure fraction @p pressure (0..1 of the axis, as in
 * struct pen_sample): pen_calibration_force() at raw_min + pressure *
 * (raw_max - raw_min).
 */
double pen_calibration_force_at(const struct pen_calibration *cal, double pressure);

/** pen_calibration_force_at() for sim_setup's force_curve: @p cal is a
 * const struct pen_calibration. */
double pen_calibration_curve(const void *cal, double pressure);

#endif
