/* data_dir: where the program's data folder (lessons, scalp models,
 * needles, device quirks, the shipped recordings) is.
 */
#ifndef SMPSIM_DATA_DIR_H
#define SMPSIM_DATA_DIR_H

#include <stddef.h>

/** Where a data folder (or the view's module) was found. */
enum data_dir_origin {
	DATA_DIR_ENV,        /**< $SMPSIM_DATA_DIR */
	DATA_DIR_INSTALLED,  /**< share/smpsim (lib/smpsim) beside the program's bin/ */
	DATA_DIR_BUILD_TREE, /**< the source tree's data/ (the build tree's module),
			      *   for the program in its build tree */
	DATA_DIR_NONE,       /**< nowhere */
};

/**
 * Finds the data folder: $SMPSIM_DATA_DIR when set and not empty (taken as
 * it is); else the folder at SMPSIM_DATA_RELATIVE (../share/smpsim for the
 * default GNUInstallDirs) from the folder of the running program
 * (/proc/self/exe, so an installed tree moved to another prefix still
 * finds its own); else, only for the program in the folder it was built in
 * (SMPSIM_BUILD_DIR), the source tree's data/ (SMPSIM_SOURCE_DATA_DIR).
 *
 * @param out receives the folder found; when none is, the folder beside the
 *        program that was looked for (so that errors name it), or "" when
 *        the program's own path is unknown.
 * @param looked receives, when none is found, where it was looked for, as
 *        a clause for a message ("/x/share/smpsim (beside the program)").
 * @return where the folder came from; DATA_DIR_NONE when not found. A path
 *         that does not fit @p out counts as not found.
 */
enum data_dir_origin data_dir_find(char *out, size_t out_size, char *looked,
				   size_t looked_size);

/**
 * Finds the live view's module, smpsim-view.so: at
 * SMPSIM_VIEW_MODULE_RELATIVE from the running program's folder
 * (../lib/smpsim/smpsim-view.so installed); else, only for the program in
 * its build folder, the module built there (SMPSIM_BUILD_VIEW_MODULE).
 * Arguments and result as data_dir_find()'s (no variable overrides it).
 */
enum data_dir_origin data_dir_find_view_module(char *out, size_t out_size, char *looked,
					       size_t looked_size);

#endif
