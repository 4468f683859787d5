/* pen_calibration: raw pressure to newtons through a pen's measured points
 * (pen_calibration.h says why piecewise-linear). The curve starts at
 * (raw_min, 0 N), runs through each point, and past the last point keeps
 * the last segment's slope up to raw_max, so a pen pressed harder than
 * the heaviest load measured still reads more force, never a plateau.
 */
#include "pen_calibration.h"

#include <errno.h>
#include <stdio.h>

int pen_calibration_check(const struct pen_calibration *cal, char *why, size_t why_size)
{
	int32_t prev_raw = cal->raw_min;
	double prev_n = 0;

	if (cal->raw_min >= cal->raw_max) {
		snprintf(why, why_size, "the pressure axis %d..%d is empty", (int)cal->raw_min,
			 (int)cal->raw_max);
		return -EINVAL;
	}
	if (cal->count < 1 || cal->count > PEN_CALIBRATION_POINTS_MAX) {
		snprintf(why, why_size, "a calibration needs 1 to %d points, not %zu",
			 PEN_CALIBRATION_POINTS_MAX, cal->count);
		return -EINVAL;
	}
	for (size_t i = 0; i < cal->count; i++) {
		const struct pen_calibration_point *p = &cal->points[i];

		if (p->raw <= prev_raw || p->raw > cal->raw_max) {
			snprintf(why, why_size, "point %zu: raw %d must be above %d and at most %d",
				 i + 1, (int)p->raw, (int)prev_raw, (int)cal->raw_max);
			return -EINVAL;
		}
		/* A load that reads no more force than a lighter one held at a
		 * lower pressure makes a curve that is not monotone. */
		if (!(p->force_n > prev_n)) {
			snprintf(why, why_size, "point %zu: %g N must be more than %g N "
				 "(the force must grow with the pressure)", i + 1, p->force_n,
				 prev_n);
			return -EINVAL;
		}
		prev_raw = p->raw;
		prev_n = p->force_n;
	}
	return 0;
}

double pen_calibration_force(const struct pen_calibration *cal, double raw)
{
	double x0 = cal->raw_min, y0 = 0;
	const struct pen_calibration_point *last;

	if (raw <= cal->raw_min)
		return 0;
	if (raw > cal->raw_max)
		raw = cal->raw_max;
	for (size_t i = 0; i < cal->count; i++) {
		double x1 = cal->points[i].raw, y1 = cal->points[i].force_n;

		if (raw == x1)
			return y1;  /* exact at the points, whatever the rounding */
		if (raw < x1)
			return y0 + (y1 - y0) * (raw - x0) / (x1 - x0);
		x0 = x1;
		y0 = y1;
	}
	/* Past the last point: the last segment's slope (from (raw_min, 0)
	 * when there is only one point). */
	last = &cal->points[cal->count - 1];
	if (cal->count == 1)
		return last->force_n * (raw - cal->raw_min) / (last->raw - cal->raw_min);
	return last->force_n + (last->force_n - cal->points[cal->count - 2].force_n) *
	       (raw - last->raw) / (last->raw - cal->points[cal->count - 2].raw);
}

double pen_calibration_force_at(const struct pen_calibration *cal, double pressure)
{
	return pen_calibration_force(cal, cal->raw_min +
				     pressure * ((double)cal->raw_max - cal->raw_min));
}

double pen_calibration_curve(const void *cal, double pressure)
{
	return pen_calibration_force_at(cal, pressure);
}
