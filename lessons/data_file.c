/* data_file: ids are file names without ".yaml", restricted to lower-case
 * letters, digits, '-', '_' and '.', so an id can never walk out of its
 * folder.
 */
#include "data_file.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IDS_MAX 256

bool data_file_plain_id(const char *id)
{
	if (!*id || *id == '.')
		return false;
	for (; *id; id++)
		if (!((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9') ||
		      *id == '-' || *id == '_' || *id == '.'))
			return false;
	return true;
}

int data_file_by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int data_file_names(const char *dir, char **ids, size_t max, size_t *n)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while ((de = readdir(d)) && *n < max) {
		size_t len = strlen(de->d_name);

		if (len > 5 && !strcmp(de->d_name + len - 5, ".yaml") &&
		    (ids[*n] = strndup(de->d_name, len - 5)))
			(*n)++;
	}
	closedir(d);
	return 0;
}

int data_file_list(const char *data_dir, const char *folder, char *out, size_t size)
{
	char dir[4096], *ids[IDS_MAX];
	size_t n = 0, used = 0;
	int rc;

	snprintf(dir, sizeof(dir), "%s/%s", data_dir, folder);
	out[0] = '\0';
	if ((rc = data_file_names(dir, ids, IDS_MAX, &n)) < 0)
		return rc;
	qsort(ids, n, sizeof(ids[0]), data_file_by_name);
	for (size_t i = 0; i < n; i++) {
		if (used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s",
						 i ? ", " : "", ids[i]);
		free(ids[i]);
	}
	return (int)n;
}

int data_file_find(const char *data_dir, const char *folder, const char *what,
		   const char *id, char *path, size_t path_size,
		   char *err, size_t err_size)
{
	struct stat st;
	char ids[1024];

	if (!data_file_plain_id(id)) {
		snprintf(err, err_size, "'%s' is not a %s id (lower-case letters, "
			 "digits, '-', '_', '.')", id, what);
		return -EINVAL;
	}
	snprintf(path, path_size, "%s/%s/%s.yaml", data_dir, folder, id);
	if (stat(path, &st) == 0)
		return 0;
	if (data_file_list(data_dir, folder, ids, sizeof(ids)) > 0)
		snprintf(err, err_size, "unknown %s '%s' (there are: %s)", what, id, ids);
	else
		snprintf(err, err_size, "unknown %s '%s' (%s/%s holds none)", what, id,
			 data_dir, folder);
	return -ENOENT;
}
