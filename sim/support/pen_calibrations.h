/* pen_calibrations: where a pen's calibration file is kept, finding the
 * one for the device in use, and writing one whole (out_file.h). The file
 * itself is read by lessons/calibration_load.c.
 */
#ifndef SMPSIM_PEN_CALIBRATIONS_H
#define SMPSIM_PEN_CALIBRATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calibration_load.h"

/**
 * The path of the calibration of device (@p vendor, @p product, @p name):
 * $XDG_CONFIG_HOME/smpsim/calibrations/VVVV-PPPP-NAME.yaml (an absolute
 * XDG_CONFIG_HOME only, else ~/.config), NAME the device's name with every
 * character but letters, digits, '.' and '_' made '-'.
 * @return @p buf, or NULL with neither variable set or no room.
 */
const char *calibration_path(uint16_t vendor, uint16_t product, const char *name,
			     char *buf, size_t size);

/**
 * Writes @p file to @p path whole (temporary and rename), making the
 * folders; replaces what is there only with @p replace.
 * @return 0, or a negative errno with @p err set (-EEXIST without
 * @p replace).
 */
int calibration_save(const char *path, const struct calibration_file *file, int replace,
		     char *err, size_t err_size);

/**
 * As pen_calibrations_find(), and the file's exact bytes, read once so
 * that they and the calibration's id agree, in *text (NUL-terminated, to
 * free(); *size of them) for the record to keep with a session.
 * @return 1 with *out and *text, 0 when there is none (*text NULL), or a
 * negative errno with @p err set.
 */
int pen_calibrations_find_text(uint16_t vendor, uint16_t product, const char *name,
			       struct calibration_file *out, char **text, size_t *size,
			       char *err, size_t err_size);

/**
 * Looks for the calibration of (@p vendor, @p product, @p name) at
 * calibration_path().
 * @return 1 and *out when there is one, 0 when there is none (or no home
 * to look in), or -EINVAL / -ENOMEM with "path:line: what" in @p err.
 */
int pen_calibrations_find(uint16_t vendor, uint16_t product, const char *name,
			  struct calibration_file *out, char *err, size_t err_size);

#endif
