/* lesson_fixture: lesson_find, lesson_load and lesson_session_prepare on
 * one short-lived data library, as the program does on the command's.
 */
#include "lesson_fixture.h"

#include <errno.h>
#include <stdio.h>

#include "data_library.h"
#include "lesson_load.h"

int lesson_fixture_load(const char *data_dir, const char *id, char *path,
			size_t path_size, struct lesson *lesson,
			struct lesson_session *ls, char *err, size_t err_size)
{
	struct data_library *lib;
	char found[4096];
	int rc = data_library_new(data_dir, &lib);

	if (rc < 0) {
		snprintf(err, err_size, "out of memory");
		return rc;
	}
	rc = lesson_find(data_dir, id, found, sizeof(found), err, err_size);
	if (rc == 0)
		rc = lesson_load(found, lib, lesson, err, err_size);
	if (rc == 0)
		rc = lesson_session_prepare(lesson, lib, ls, err, err_size);
	if (rc == 0 && path)
		snprintf(path, path_size, "%s", found);
	data_library_free(lib);
	return rc;
}
