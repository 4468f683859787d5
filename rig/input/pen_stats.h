/* pen_stats: a running summary of a stream of pen_samples (counts of
 * samples, tip contacts and proximity changes, duration, pressure range
 * while touching), as `smpsim inspect` prints it.
 */
#ifndef SMPSIM_PEN_STATS_H
#define SMPSIM_PEN_STATS_H

#include <stdint.h>

#include "pen_sample.h"

struct pen_stats {
	unsigned long samples;
	unsigned long contacts;        /**< tip-down edges */
	unsigned long proximity_in;
	unsigned long proximity_out;
	unsigned long forced_out;      /**< synthesized proximity-outs */
	unsigned long eraser_samples;
	int64_t first_us, last_us;     /**< times of the first and last sample */
	double pressure_min, pressure_max; /**< over samples with the tip down */
	unsigned long touching;        /**< samples with the tip down */
};

/** Clears @p stats. */
void pen_stats_init(struct pen_stats *stats);

/** Counts one sample. */
void pen_stats_add(struct pen_stats *stats, const struct pen_sample *s);

#endif
