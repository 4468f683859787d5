/* calibration_load: a pen's force calibration as a YAML file of the
 * user's ($XDG_CONFIG_HOME/smpsim/calibrations/VVVV-PPPP-NAME.yaml),
 * read with file:line errors (written by sim/support/pen_calibrations.c). The file
 * names the device by vendor, product and name, not by its node, so it
 * works on any machine the same pen is plugged into.
 */
#ifndef SMPSIM_CALIBRATION_LOAD_H
#define SMPSIM_CALIBRATION_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "pen_calibration.h"

#define CALIBRATION_NAME_MAX 256
#define CALIBRATION_DATE_MAX 40

/** A calibration file: the curve and what it was measured on. */
struct calibration_file {
	char name[CALIBRATION_NAME_MAX];   /**< the device's name */
	uint16_t vendor, product;
	char date[CALIBRATION_DATE_MAX];   /**< when it was measured (UTC, ISO 8601) */
	size_t load_count;                 /**< the loads asked for, in grams */
	double loads_g[PEN_CALIBRATION_POINTS_MAX];
	double grams[PEN_CALIBRATION_POINTS_MAX];  /**< what the scale read, per point */
	struct pen_calibration cal;        /**< force_n = grams * PEN_CALIBRATION_N_PER_G */
};

/**
 * Reads and checks the file at @p path (pen_calibration_check() at the
 * points' line); sets cal.id to "BASENAME sha256:HEX" of the file's bytes.
 * @return 0, -ENOENT (no such file: @p err set, not an error for the
 * caller who only looks), -EINVAL with "path:line: what" in @p err, or
 * -ENOMEM.
 */
int calibration_load(const char *path, struct calibration_file *out, char *err,
		     size_t err_size);

/**
 * As calibration_load(), from the bytes @p text (@p len of them) of the
 * calibration file @p name (its path, or the base name the record keeps
 * with a session: store_session_calibration_text()), named so in every
 * message; the id is "BASENAME sha256:HEX" of these bytes, as the file's.
 * @return 0, -EINVAL with "name:line: what" in @p err, or -ENOMEM.
 */
int calibration_load_text(const char *name, const char *text, size_t len,
			  struct calibration_file *out, char *err, size_t err_size);

#endif
