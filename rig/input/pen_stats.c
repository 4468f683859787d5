/* pen_stats: counts what inspect reports, one sample at a time, so a
 * recording of any length is summarised in constant memory.
 */
#include "pen_stats.h"

#include <string.h>

void pen_stats_init(struct pen_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
}

void pen_stats_add(struct pen_stats *st, const struct pen_sample *s)
{
	if (st->samples++ == 0)
		st->first_us = s->time_us;
	st->last_us = s->time_us;
	st->contacts += !!(s->flags & PEN_TIP_DOWN_EDGE);
	st->proximity_in += !!(s->flags & PEN_PROXIMITY_IN);
	st->proximity_out += !!(s->flags & PEN_PROXIMITY_OUT);
	st->forced_out += !!(s->flags & PEN_SYNTHESIZED);
	st->eraser_samples += s->tool == PEN_TOOL_ERASER;
	if (s->flags & PEN_TIP_DOWN) {
		if (st->touching++ == 0 || s->pressure < st->pressure_min)
			st->pressure_min = s->pressure;
		if (st->touching == 1 || s->pressure > st->pressure_max)
			st->pressure_max = s->pressure;
	}
}
