/* pen_figures: what a pen sample means on a lesson's scalp, as text: the
 * pressure, the force the session would drive the needle with
 * (sim_setup_force_n()), the tilt, and for each region the depth that
 * force makes there (deposit_depth_mm()) against the region's band and
 * overdeep line. One composer for `smpsim pen-check` and the live view's
 * pen-check overlay, so that the two always show the same figures.
 */
#ifndef SMPSIM_PEN_FIGURES_H
#define SMPSIM_PEN_FIGURES_H

#include <stddef.h>

#include "pen_sample.h"
#include "sim_session.h"

/**
 * Writes the block for @p sample (NULL: no sample yet, the pen away) on
 * @p setup's scalp, needle and calibration into @p buf: one line for the
 * pen, then one per region of the scalp, each ending in '\n'. The pen's
 * line starts with "raw R/MAX" when @p raw_max > 0 (the device's own
 * pressure value, known only to who reads the raw events).
 * @return the number of lines (cut short, as snprintf, when @p size is
 * too small).
 */
size_t pen_figures_text(const struct sim_setup *setup, const struct pen_sample *sample,
			int raw, int raw_max, char *buf, size_t size);

#endif
