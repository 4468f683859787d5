/* device_quirks: per-device oddities (after libinput's quirks), matched to
 * a device by bus, vendor and product. The entries are data
 * (data/devices/quirks.yaml, read by lessons/quirks_load.c); this module
 * only matches them and folds the matching ones into a device's settings.
 */
#ifndef SMPSIM_DEVICE_QUIRKS_H
#define SMPSIM_DEVICE_QUIRKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pen_assembler.h"
#include "pen_device.h"

#define DEVICE_QUIRK_NAME_MAX 128

struct device_quirk {
	char name[DEVICE_QUIRK_NAME_MAX];
	bool has_bus, has_vendor, has_product;  /**< unset fields match all */
	uint16_t bus, vendor, product;
	bool has_proximity_out;
	enum pen_proximity_out proximity_out;
	double tip_down, tip_up;     /**< fractions; 0: not set here */
	double force_full_scale_n;   /**< the pen's calibration; 0: not set */
	/** A rig reporting force in known units: newtons per raw pressure
	 * unit (pressure-unit-n); 0: not set. */
	double pressure_unit_n;
};

/** What the quirks settle for one device. */
struct device_settings {
	struct pen_assembler_config assembler;
	/** The force (N) that reads as pressure 1.0; 0 when no entry gives one. */
	double force_full_scale_n;
	/** The quirk's newtons per raw unit when the force came from one
	 * (pressure-unit-n), else 0. */
	double pressure_unit_n;
};

/** libinput's tablet defaults and no force calibration. */
void device_settings_default(struct device_settings *settings);

/** @return true if @p quirk applies to @p dev. */
bool device_quirk_matches(const struct device_quirk *quirk, const struct pen_device *dev);

/**
 * Applies, in order, every quirk matching @p dev to @p settings (later
 * entries override earlier ones).
 * @param why  receives the reason when the result is incoherent
 * @return the number of entries applied, or -EINVAL when they leave
 * tip-up at or above tip-down (@p settings is then unchanged).
 */
int device_quirks_apply(const struct device_quirk *quirks, size_t count,
			const struct pen_device *dev, struct device_settings *settings,
			char *why, size_t why_size);

#endif
