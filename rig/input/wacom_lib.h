/* wacom_lib: libwacom, loaded the first time a device with no resolution
 * has to be sized from its database (dl_library.h says why), and the
 * functions pen_device.c uses from it. Members have the types of
 * <libwacom/libwacom.h>'s own functions; the table is the process's,
 * filled once, and never changes or goes away after.
 */
#ifndef SMPSIM_WACOM_LIB_H
#define SMPSIM_WACOM_LIB_H

#include <libwacom/libwacom.h>
#include <stddef.h>

/** The SONAME loaded: Debian's libwacom9. */
#define WACOM_LIB_SONAME "libwacom.so.9"

struct wacom_lib {
	__typeof__(libwacom_database_new) *database_new;
	__typeof__(libwacom_database_new_for_path) *database_new_for_path;
	__typeof__(libwacom_database_destroy) *database_destroy;
	__typeof__(libwacom_list_devices_from_database) *list_devices_from_database;
	__typeof__(libwacom_get_matches) *get_matches;
	__typeof__(libwacom_get_width) *get_width;
	__typeof__(libwacom_get_height) *get_height;
	__typeof__(libwacom_match_get_bustype) *match_get_bustype;
	__typeof__(libwacom_match_get_vendor_id) *match_get_vendor_id;
	__typeof__(libwacom_match_get_product_id) *match_get_product_id;
};

/**
 * Loads libwacom (WACOM_LIB_SONAME) the first time it is called, from any
 * thread; later calls return the same answer.
 * @param why  on failure, filled with what went wrong; may be NULL
 * @return the functions (static: valid for the life of the process), or
 *         NULL when libwacom cannot be loaded.
 */
const struct wacom_lib *wacom_lib_get(char *why, size_t why_size);

#endif
