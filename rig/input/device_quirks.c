/* device_quirks: matching and folding. Every entry whose set fields all
 * equal the device's ids applies; the result is checked whole, since two
 * entries may each be sound and together not.
 */
#include "device_quirks.h"

#include <errno.h>
#include <stdio.h>

void device_settings_default(struct device_settings *settings)
{
	pen_assembler_config_default(&settings->assembler);
	settings->force_full_scale_n = 0;
	settings->pressure_unit_n = 0;
}

bool device_quirk_matches(const struct device_quirk *q, const struct pen_device *dev)
{
	return (!q->has_bus || q->bus == dev->id.bustype) &&
	       (!q->has_vendor || q->vendor == dev->id.vendor) &&
	       (!q->has_product || q->product == dev->id.product);
}

int device_quirks_apply(const struct device_quirk *quirks, size_t count,
			const struct pen_device *dev, struct device_settings *settings,
			char *why, size_t why_size)
{
	struct device_settings result = *settings;
	int applied = 0;

	for (size_t i = 0; i < count; i++) {
		const struct device_quirk *q = &quirks[i];

		if (!device_quirk_matches(q, dev))
			continue;
		if (q->has_proximity_out)
			result.assembler.proximity_out = q->proximity_out;
		if (q->tip_down > 0)
			result.assembler.tip_down = q->tip_down;
		if (q->tip_up > 0)
			result.assembler.tip_up = q->tip_up;
		if (q->force_full_scale_n > 0) {
			result.force_full_scale_n = q->force_full_scale_n;
			result.pressure_unit_n = 0;
		}
		/* A rig that reports force in known units: the full scale is
		 * the axis's span in those units (pressure 1.0 is the span
		 * above the minimum, pen_assembler.c), a later entry's
		 * force-full-scale-n overriding it as any later entry does. */
		if (q->pressure_unit_n > 0 && pen_device_has(dev, EV_ABS, ABS_PRESSURE) &&
		    dev->abs[ABS_PRESSURE].maximum > dev->abs[ABS_PRESSURE].minimum) {
			result.pressure_unit_n = q->pressure_unit_n;
			result.force_full_scale_n = q->pressure_unit_n *
				((double)dev->abs[ABS_PRESSURE].maximum -
				 dev->abs[ABS_PRESSURE].minimum);
		}
		applied++;
	}
	if (!(result.assembler.tip_up < result.assembler.tip_down)) {
		snprintf(why, why_size, "the quirks for %s leave tip-up (%g) at or above "
			 "tip-down (%g)", dev->name, result.assembler.tip_up,
			 result.assembler.tip_down);
		return -EINVAL;
	}
	*settings = result;
	return applied;
}
