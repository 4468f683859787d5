/* wacom_lib: loads libwacom.so.9 with dl_library on first use and keeps
 * the answer (the table, or why it failed) for the process's life.
 */
#include "wacom_lib.h"

#include "dl_library.h"

#define WACOM(field) DL_SYMBOL(struct wacom_lib, field, "libwacom_" #field)

static const struct dl_symbol wacom_symbols[] = {
	WACOM(database_new), WACOM(database_new_for_path), WACOM(database_destroy),
	WACOM(list_devices_from_database), WACOM(get_matches), WACOM(get_width),
	WACOM(get_height), WACOM(match_get_bustype), WACOM(match_get_vendor_id),
	WACOM(match_get_product_id),
};

static struct dl_library_once state = DL_LIBRARY_ONCE_INIT;
static struct wacom_lib lib;

static void load(void)
{
	state.rc = dl_library_open(WACOM_LIB_SONAME, 0, wacom_symbols,
				   sizeof(wacom_symbols) / sizeof(wacom_symbols[0]),
				   &lib, state.why, sizeof(state.why));
}

const struct wacom_lib *wacom_lib_get(char *why, size_t why_size)
{
	pthread_once(&state.once, load);
	return dl_library_answer(&state, &lib, why, why_size);
}
