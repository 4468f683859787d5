/* pen_calibrations: a calibration's place in the user's configuration
 * ($XDG_CONFIG_HOME/smpsim/calibrations/, one file per device named by
 * vendor, product and name, so a file copied to another machine is found
 * there for the same pen), and writing one as YAML through out_file: a
 * temporary beside it renamed into place, never half a file.
 */
#include "pen_calibrations.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_file.h"
#include "yaml_file.h"
#include "store.h"

const char *calibration_path(uint16_t vendor, uint16_t product, const char *name,
			     char *buf, size_t size)
{
	const char *env;
	size_t n;
	int w;

	if ((env = getenv("XDG_CONFIG_HOME")) && env[0] == '/')
		w = snprintf(buf, size, "%s/smpsim/calibrations/", env);
	else if ((env = getenv("HOME")) && *env)
		w = snprintf(buf, size, "%s/.config/smpsim/calibrations/", env);
	else
		return NULL;
	if (w < 0 || (size_t)w >= size)
		return NULL;
	n = (size_t)w;
	w = snprintf(buf + n, size - n, "%04x-%04x-", vendor, product);
	if (w < 0 || (size_t)w >= size - n)
		return NULL;
	n += (size_t)w;
	/* The name as a file name: nothing that could be a folder or hidden. */
	for (const char *c = name; *c; c++) {
		unsigned char ch = (unsigned char)*c;
		bool keep = (ch < 0x80 && isalnum(ch)) || ch == '_' || (ch == '.' && c != name);

		if (n + 1 >= size)
			return NULL;
		buf[n++] = keep ? *c : '-';
	}
	w = snprintf(buf + n, size - n, ".yaml");
	return w > 0 && (size_t)w < size - n ? buf : NULL;
}

int pen_calibrations_find(uint16_t vendor, uint16_t product, const char *name,
			  struct calibration_file *out, char *err, size_t err_size)
{
	char path[4096];
	int rc;

	if (!calibration_path(vendor, product, name, path, sizeof(path)))
		return 0;
	rc = calibration_load(path, out, err, err_size);
	return rc == -ENOENT ? 0 : rc < 0 ? rc : 1;
}

int pen_calibrations_find_text(uint16_t vendor, uint16_t product, const char *name,
			       struct calibration_file *out, char **text, size_t *size,
			       char *err, size_t err_size)
{
	char path[4096], chunk[4096];
	char *bytes = NULL;
	size_t len = 0, n;
	FILE *f;
	int rc;

	*text = NULL;
	*size = 0;
	if (!calibration_path(vendor, product, name, path, sizeof(path)))
		return 0;
	if (!(f = fopen(path, "rb"))) {
		int e = errno;

		if (e == ENOENT)
			return 0;
		snprintf(err, err_size, "%s: %s", path, strerror(e));
		return -e;
	}
	/* No more than the YAML reader takes: a link to an endless file
	 * must not grow memory without end. */
	while (len <= YAML_FILE_SIZE_MAX && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *grown = realloc(bytes, len + n + 1);

		if (!grown) {
			fclose(f);
			free(bytes);
			snprintf(err, err_size, "out of memory");
			return -ENOMEM;
		}
		bytes = grown;
		memcpy(bytes + len, chunk, n);
		len += n;
	}
	rc = ferror(f) ? -EIO : 0;
	fclose(f);
	if (rc < 0) {
		snprintf(err, err_size, "%s: %s", path, strerror(-rc));
		free(bytes);
		return rc;
	}
	rc = calibration_load_text(path, bytes ? bytes : "", len, out, err, err_size);
	if (rc < 0) {
		free(bytes);
		return rc;
	}
	if (!bytes && !(bytes = calloc(1, 1))) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	bytes[len] = '\0';
	*text = bytes;
	*size = len;
	return 1;
}

int calibration_save(const char *path, const struct calibration_file *file, int replace,
		     char *err, size_t err_size)
{
	struct out_file *of;
	FILE *f;
	int rc;

	/* Private, as the record's folder is (0700). */
	if ((rc = store_make_parents(path, err, err_size)) < 0)
		return rc;
	if ((rc = out_file_open(path, replace ? OUT_FILE_REPLACE : 0, &of, err, err_size)) < 0)
		return rc;
	f = out_file_stream(of);
	fprintf(f, "# A pen's force calibration, made by smpsim calibrate: each point is\n"
		   "# the raw pressure held while a kitchen scale read that many grams.\n"
		   "pen-calibration:\n  device:\n    name: \"");
	/* The name in double quotes: a quote or backslash escaped, control
	 * characters (which a device name should not have) as spaces. */
	for (const char *c = file->name; *c; c++)
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else
			fputc((unsigned char)*c < 0x20 ? ' ' : *c, f);
	fprintf(f, "\"\n    vendor: 0x%04x\n    product: 0x%04x\n", file->vendor, file->product);
	fprintf(f, "  pressure-axis:\n    min: %d\n    max: %d\n", (int)file->cal.raw_min,
		(int)file->cal.raw_max);
	fprintf(f, "  date: \"%s\"\n  loads-g: [", file->date);
	for (size_t i = 0; i < file->load_count; i++)
		fprintf(f, "%s%.17g", i ? ", " : "", file->loads_g[i]);
	fprintf(f, "]\n  points:\n");
	for (size_t i = 0; i < file->cal.count; i++)
		fprintf(f, "    - { raw: %d, grams: %.17g }\n", (int)file->cal.points[i].raw,
			file->grams[i]);
	rc = out_file_commit(of, err, err_size);
	out_file_free(of);
	return rc;
}
