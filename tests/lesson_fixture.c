/* lesson_fixture: lesson_find, lesson_load and lesson_session_prepare on
 * one short-lived data library, as the program does on the command's; the
 * simulator's set-up with the pad placed as the program places it.
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

int lesson_fixture_sim_setup(const struct lesson *lesson, const struct lesson_session *ls,
			     const struct pen_source *src, struct sim_setup *setup,
			     struct sim_mapping *mapping)
{
	const struct pen_geometry *pad = pen_source_geometry(src);
	enum lesson_mapping_source source;
	struct lesson_area area;
	struct sim_mapping m;
	int rc = lesson_choose_mapping(lesson, &ls->scalp, pad->width_mm, pad->height_mm,
				       NULL, &m, &source, &area);

	if (rc < 0)
		return rc;
	lesson_sim_setup(lesson, ls, pen_source_settings(src)->force_full_scale_n, &m, setup);
	if (mapping)
		*mapping = m;
	return 0;
}
