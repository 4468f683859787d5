/* dl_library: dlopen() a library by its SONAME and dlsym() a table of its
 * functions into a struct of pointers (dl_library.h says why). dlsym()
 * returns an object pointer; POSIX guarantees it converts to a function
 * pointer of the same size, which ISO C does not say, so the address is
 * copied byte for byte rather than cast.
 */
#include "dl_library.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(void (*)(void)) == sizeof(void *),
	       "function pointers are the size of dlsym's result");

int dl_library_open(const char *soname, int flags, const struct dl_symbol *symbols,
		    size_t count, void *table, char *why, size_t why_size)
{
	void *handle = dlopen(soname, RTLD_NOW | flags);

	if (!handle) {
		const char *err = dlerror();

		if (why && why_size)
			snprintf(why, why_size, "%s", err ? err : soname);
		return -ENOENT;
	}
	for (size_t i = 0; i < count; i++) {
		void *address;

		dlerror();
		address = dlsym(handle, symbols[i].name);
		if (!address) {
			if (why && why_size)
				snprintf(why, why_size, "%s has no function %s", soname,
					 symbols[i].name);
			dlclose(handle);
			return -ENOSYS;
		}
		memcpy((char *)table + symbols[i].offset, &address, sizeof(address));
	}
	return 0;
}

const void *dl_library_answer(const struct dl_library_once *state, const void *table,
			      char *why, size_t why_size)
{
	if (state->rc == 0)
		return table;
	if (why && why_size)
		snprintf(why, why_size, "%s", state->why);
	return NULL;
}
