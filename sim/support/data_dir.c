/* data_dir: finding the data folder from where the program itself is.
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
 * itself would still use its own data.
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

enum data_dir_origin data_dir_find(char *out, size_t out_size, char *looked,
				   size_t looked_size)
{
	const char *env = getenv("SMPSIM_DATA_DIR");
	char exe[PATH_MAX], *slash;
	ssize_t len;

	out[0] = '\0';
	looked[0] = '\0';
	if (env && *env) {
		if ((size_t)snprintf(out, out_size, "%s", env) < out_size)
			return DATA_DIR_ENV;
		snprintf(looked, looked_size, "$SMPSIM_DATA_DIR (too long a path)");
		out[0] = '\0';
		return DATA_DIR_NONE;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0 || !(exe[len] = '\0', slash = strrchr(exe, '/'))) {
		snprintf(looked, looked_size,
			 "nowhere: the program's own path is unknown (/proc/self/exe)");
		return DATA_DIR_NONE;
	}
	slash[slash == exe] = '\0';
	if (!join_relative(exe, SMPSIM_DATA_RELATIVE, out, out_size)) {
		out[0] = '\0';
		snprintf(looked, looked_size, "%s/%s (too long a path)", exe,
			 SMPSIM_DATA_RELATIVE);
		return DATA_DIR_NONE;
	}
	if (is_dir(out))
		return DATA_DIR_INSTALLED;
	if (same_dir(exe, SMPSIM_BUILD_DIR)) {
		if (is_dir(SMPSIM_SOURCE_DATA_DIR) &&
		    strlen(SMPSIM_SOURCE_DATA_DIR) < out_size) {
			strcpy(out, SMPSIM_SOURCE_DATA_DIR);
			return DATA_DIR_BUILD_TREE;
		}
		snprintf(looked, looked_size, "%s (beside the program) nor %s "
			 "(the source tree's, for the program in its build folder)",
			 out, SMPSIM_SOURCE_DATA_DIR);
		return DATA_DIR_NONE;
	}
	snprintf(looked, looked_size, "%s (beside the program)", out);
	return DATA_DIR_NONE;
}
