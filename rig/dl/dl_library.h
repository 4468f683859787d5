/* dl_library: a shared library opened when it is first needed (dlopen)
 * rather than when the program starts, and the few functions used from it
 * resolved into a table of pointers (dlsym).
 *
 * Why: PortAudio (with ALSA, JACK and libstdc++ behind it) and libwacom
 * (with gudev, GObject, libudev) were more than half of every command's
 * start-up, loaded and relocated by the dynamic loader even for commands
 * that play no sound and size no device. smpsim still uses those
 * libraries, unchanged; only the moment they are loaded moves. Each user
 * has a module of its own that names the library by its exact SONAME and
 * lists its functions (portaudio_lib.c, wacom_lib.c); this is what they
 * share.
 */
#ifndef SMPSIM_DL_LIBRARY_H
#define SMPSIM_DL_LIBRARY_H

#include <pthread.h>
#include <stddef.h>

/** One function to resolve: its name, and where its pointer goes in the
 * caller's table (offsetof a function-pointer member). */
struct dl_symbol {
	const char *name;
	size_t offset;
};

/** The table entry for member @p field of struct @p type, named @p sym. */
#define DL_SYMBOL(type, field, sym) { sym, offsetof(type, field) }

/**
 * Opens @p soname with dlopen(@p soname, RTLD_NOW | @p flags) and stores
 * each of @p symbols' addresses in @p table at its offset. The library
 * stays loaded for the life of the process (the handle is not returned:
 * libraries such as JACK keep threads and handlers that outlive any one
 * use, so none of them is ever unloaded).
 *
 * @param flags     extra dlopen flags: 0, or RTLD_NOLOAD to take a library
 *                  only if something else already loaded it
 * @param why       filled with the reason on failure (dlerror()'s text, or
 *                  the missing function's name); may be NULL
 * @return 0; -ENOENT when the library cannot be loaded (not installed, not
 *         loaded yet with RTLD_NOLOAD, or not a library); -ENOSYS when it
 *         lacks one of @p symbols (it is unloaded again, and @p table is
 *         left partly filled: do not use it).
 */
int dl_library_open(const char *soname, int flags, const struct dl_symbol *symbols,
		    size_t count, void *table, char *why, size_t why_size);

/** A library module's one load: what dl_library_open() answered, kept
 * for the process's life. Initialise with DL_LIBRARY_ONCE_INIT. */
struct dl_library_once {
	pthread_once_t once;
	int rc;          /**< dl_library_open()'s */
	char why[512];   /**< its reason, when rc < 0 */
};

#define DL_LIBRARY_ONCE_INIT { PTHREAD_ONCE_INIT, 0, "" }

/**
 * The answer of a module's load: @p table when it succeeded, else NULL
 * with its reason copied to @p why (may be NULL).
 */
const void *dl_library_answer(const struct dl_library_once *state, const void *table,
			      char *why, size_t why_size);

#endif
