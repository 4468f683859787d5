/* data_dir: finding the data folder, and the live view's module, from
 * where the program itself is.
 *
 * An installed smpsim keeps its data at a fixed place relative to its own
 * binary (GNUInstallDirs: bin/smpsim and share/smpsim/), the relative path
 * computed by the build (SMPSIM_DATA_RELATIVE). The program's path comes
 * from /proc/self/exe, which the kernel gives with every link resolved, so
 * each leading ".." of the relative path drops one of its components
 * lexically: the folder named in an error is the real one, not
 * "bin/../share". Nothing else is looked at, so an installed program never
 * reads a source tree that happens to be on the same machine.
 *
 * The program in its build tree has no share/ beside it: it alone, known by
 * its folder being the build folder (same device and inode, so symbolic
 * links to it count too), falls back to the source tree's data/. The
 * relative place is looked at first, so an install into the build folder
 * itself would still use its own data. The view's module (smpsim-view.so,
 * loaded with dlopen() by sim/session/view_link.c) is found the same way:
 * lib/smpsim/ beside bin/ installed, sim/view/ of the build folder there.
 */
#include "data_dir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && S_ISDIR(sa.st_mode) &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* @p dir (canonical, absolute) joined with @p rel; each leading ".." of rel
 * takes off one component of dir. @return false when it does not fit. */
static bool join_relative(const char *dir, const char *rel, char *out, size_t size)
{
	char base[PATH_MAX];
	int n;

	if ((size_t)snprintf(base, sizeof(base), "%s", dir) >= sizeof(base))
		return false;
	while (!strncmp(rel, "..", 2) && (rel[2] == '/' || !rel[2])) {
		char *slash = strrchr(base, '/');

		if (slash)
			slash[slash == base] = '\0';   /* "/x" -> "/", "/x/y" -> "/x" */
		rel += rel[2] ? 3 : 2;
	}
	n = snprintf(out, size, "%s%s%s", base,
		     base[strlen(base) - 1] == '/' || !*rel ? "" : "/", rel);
	return n >= 0 && (size_t)n < size;
}

/* What is at @p rel from the program's folder, if @p exists says so; else,
 * for the program in its build folder only, @p build_path. */
static enum data_dir_origin beside_program(const char *rel, const char *build_path,
					   bool (*exists)(const char *path),
					   char *out, size_t out_size, char *looked,
					   size_t looked_size)
{
	char exe[PATH_MAX], *slash;
	ssize_t len;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0 || !(exe[len] = '\0', slash = strrchr(exe, '/'))) {
		snprintf(looked, looked_size,
			 "nowhere: the program's own path is unknown (/proc/self/exe)");
		return DATA_DIR_NONE;
	}
	slash[slash == exe] = '\0';
	if (!join_relative(exe, rel, out, out_size)) {
		out[0] = '\0';
		snprintf(looked, looked_size, "%s/%s (too long a path)", exe, rel);
		return DATA_DIR_NONE;
	}
	if (exists(out))
		return DATA_DIR_INSTALLED;
	if (same_dir(exe, SMPSIM_BUILD_DIR)) {
		if (exists(build_path) && strlen(build_path) < out_size) {
			strcpy(out, build_path);
			return DATA_DIR_BUILD_TREE;
		}
		snprintf(looked, looked_size, "%s (beside the program) nor %s "
			 "(the build tree's, for the program in its build folder)",
			 out, build_path);
		return DATA_DIR_NONE;
	}
	snprintf(looked, looked_size, "%s (beside the program)", out);
	return DATA_DIR_NONE;
}

enum data_dir_origin data_dir_find(char *out, size_t out_size, char *looked,
				   size_t looked_size)
{
	const char *env = getenv("SMPSIM_DATA_DIR");

	out[0] = '\0';
	looked[0] = '\0';
	if (env && *env) {
		if ((size_t)snprintf(out, out_size, "%s", env) < out_size)
			return DATA_DIR_ENV;
		snprintf(looked, looked_size, "$SMPSIM_DATA_DIR (too long a path)");
		out[0] = '\0';
		return DATA_DIR_NONE;
	}
	return beside_program(SMPSIM_DATA_RELATIVE, SMPSIM_SOURCE_DATA_DIR, is_dir, out,
			      out_size, looked, looked_size);
}

enum data_dir_origin data_dir_find_view_module(char *out, size_t out_size, char *looked,
					       size_t looked_size)
{
	out[0] = '\0';
	looked[0] = '\0';
	return beside_program(SMPSIM_VIEW_MODULE_RELATIVE, SMPSIM_BUILD_VIEW_MODULE,
			      is_file, out, out_size, looked, looked_size);
}
