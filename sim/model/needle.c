/* needle: range checks for needle configurations and the footprint of
 * their points.
 */
#include "needle.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

int needle_check(const struct needle *n, char *why, size_t size)
{
	const char *bad = NULL;

	if (n->points != 1 && n->points != 3)
		bad = "points must be 1 (1RL) or 3 (3RL)";
	else if (!(n->diameter_mm >= 0.1 && n->diameter_mm <= 0.5))
		bad = "diameter must be 0.1 to 0.5 mm";
	else if (!(n->hang_mm >= 0.5 && n->hang_mm <= 4))
		bad = "hang must be 0.5 to 4 mm";
	else if (!(n->strokes_per_s >= 10 && n->strokes_per_s <= 300))
		bad = "strokes per second must be 10 to 300";
	else if (!(n->growth_mm_per_mm >= 0 && n->growth_mm_per_mm <= 2))
		bad = "growth must be 0 to 2 mm per mm of depth";
	else if (!(n->saturation_strokes > 0 && n->saturation_strokes <= 10000))
		bad = "saturation must be 1 to 10000 strokes";
	if (!bad)
		return 0;
	snprintf(why, size, "needle '%s': %s", n->id, bad);
	return -EINVAL;
}

double needle_footprint_mm(const struct needle *n)
{
	return n->points == 3 ? n->diameter_mm * (1 + 2 / sqrt(3.0)) : n->diameter_mm;
}
