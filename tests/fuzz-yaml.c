/* fuzz-yaml: libFuzzer target for the YAML loaders: lessons, the
 * curriculum, scalp models, needles, device quirks and pen calibrations.
 *
 * The loader is chosen by a key only it knows ("pen-calibration:" a pen's
 * calibration, "lessons:" the curriculum, "quirks:" the quirks, "area-mm" or "regions:" a scalp model, "hang-mm"
 * or "points:" a needle, else a lesson), so the shipped files seed each
 * loader as they are. The input is written to a file in a folder of the
 * run's own (a lesson as ID.yaml, ID taken from its "id:" line, since a
 * lesson's id must be its file's name; a curriculum beside links to the
 * shipped lessons) and loaded with one data library for the whole run, as
 * a command would, with the shipped scalp models and needles. Beyond "no
 * crash, no leak, no undefined behaviour", the loaders' promises are
 * checked and abort() when broken: an error names the file ("FILE:" then
 * a line or a sentence) and leaves the caller's structure untouched; what
 * a loader accepts, the rest of the program accepts too (a lesson's
 * session and rubric, a model's checks, quirks' thresholds, a
 * calibration's curve: monotone and exact at its points); a lesson
 * loads from its bytes in memory as from its file; a curriculum that loads
 * has every lesson's proficiency rule pass prof_rule_check() (a sign-off
 * only with domains to rate), at most CURRICULUM_DOMAINS_MAX sign-off
 * domains, each a distinct, NUL-terminated name on one line, and the
 * SHA-256 of the file's bytes; and from its bytes in memory
 * (curriculum_load_text(), as verify --certificate reads the copy a
 * certificate keeps), which looks for no lesson file, it loads the same
 * when it loads from its file, and is refused only when the file is too
 * (named as the text, the caller's struct untouched).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibration_load.h"
#include "curriculum_fields.h"
#include "data_library.h"
#include "device_quirks.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "needle_load.h"
#include "pen_calibration.h"
#include "proficiency.h"
#include "quirks_load.h"
#include "scalp_load.h"
#include "score_rubric.h"
#include "sim_session.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ERR_MAX 2048
#define UNTOUCHED 0x5a  /* what a failed load must leave in the caller's struct */

static char dir[512];          /* the run's folder: TMP/fuzz-yaml-XXXXXX */
static char lessons_dir[600];  /* DIR/lessons: links to the shipped lessons */
static struct data_library *lib;

/* Removes the run's folder at exit, links and all. */
static void remove_dir(void)
{
	const char *const subdirs[] = { lessons_dir, dir };

	for (size_t i = 0; i < 2; i++) {
		DIR *d = opendir(subdirs[i]);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char path[1024];

			if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
				continue;
			snprintf(path, sizeof(path), "%s/%s", subdirs[i], e->d_name);
			unlink(path);
		}
		if (d)
			closedir(d);
		rmdir(subdirs[i]);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = getenv("TMPDIR");
	const char *shipped = SMPSIM_DATA_DIR "/lessons";
	DIR *d;
	struct dirent *e;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/fuzz-yaml-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(lessons_dir, sizeof(lessons_dir), "%s/lessons", dir);
	if (mkdir(lessons_dir, 0700) < 0 || !(d = opendir(shipped)))
		abort();
	atexit(remove_dir);
	while ((e = readdir(d))) {
		char from[1024], to[1024];
		size_t n = strlen(e->d_name);

		if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") ||
		    !strcmp(e->d_name, "curriculum.yaml"))
			continue;
		snprintf(from, sizeof(from), "%s/%s", shipped, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", lessons_dir, e->d_name);
		if (symlink(from, to) < 0)
			abort();
	}
	closedir(d);
	if (data_library_new(SMPSIM_DATA_DIR, &lib) < 0)
		abort();
	return 0;
}

enum kind { LESSON, CURRICULUM, SCALP, NEEDLE, QUIRKS, CALIBRATION };

static bool has(const uint8_t *data, size_t size, const char *key)
{
	return memmem(data, size, key, strlen(key)) != NULL;
}

static enum kind kind_of(const uint8_t *data, size_t size)
{
	/* First: a calibration has "points:" as a needle does. */
	if (has(data, size, "pen-calibration:"))
		return CALIBRATION;
	if (has(data, size, "lessons:"))
		return CURRICULUM;
	if (has(data, size, "quirks:"))
		return QUIRKS;
	if (has(data, size, "area-mm") || has(data, size, "regions:"))
		return SCALP;
	if (has(data, size, "hang-mm") || has(data, size, "points:"))
		return NEEDLE;
	return LESSON;
}

/* The lesson's file name: the value of its first "id:" line, if it is a
 * plain name, else "fuzz". */
static void lesson_name(const uint8_t *data, size_t size, char *name, size_t name_size)
{
	size_t n = 0;

	for (size_t i = 0; i + 3 < size; i++) {
		if ((i > 0 && data[i - 1] != '\n') || memcmp(data + i, "id:", 3))
			continue;
		for (i += 3; i < size && data[i] == ' '; i++)
			;
		while (i < size && n + 1 < name_size && n < 63 &&
		       ((data[i] >= 'a' && data[i] <= 'z') || (data[i] >= '0' && data[i] <= '9') ||
			data[i] == '-' || data[i] == '_' || (data[i] == '.' && n > 0)))
			name[n++] = (char)data[i++];
		break;
	}
	name[n] = '\0';
	if (!n)
		snprintf(name, name_size, "fuzz");
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
}

/* An error names a file of the run's folder: "FILE:LINE: ..." or
 * "FILE: ...", and says something. */
static void check_error(const char *err)
{
	const char *colon;

	if (strncmp(err, dir, strlen(dir)) != 0 || !(colon = strstr(err, ": ")) ||
	    !colon[2])
		abort();
}

static bool untouched(const void *p, size_t size)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < size; i++)
		if (b[i] != UNTOUCHED)
			return false;
	return true;
}

/* A lesson that loads makes a session and a rubric the program accepts. */
static void use_lesson(const struct lesson *l)
{
	static struct lesson_session ls;
	struct sim_setup setup;
	struct sim_session *sim;
	char why[ERR_MAX];

	if (lesson_session_prepare(l, lib, &ls, why, sizeof(why)) < 0 ||
	    score_rubric_check(&l->rubric, why, sizeof(why)) < 0)
		abort();
	lesson_sim_setup(l, &ls, 10, &l->mapping, &setup);
	if (sim_session_new(&setup, &sim, why, sizeof(why)) < 0)
		abort();
	sim_session_free(sim);
}

/* A name of at most @p size bytes with its NUL, not empty, on one line. */
static bool one_line_name(const char *name, size_t size)
{
	const char *nul = memchr(name, '\0', size);

	return nul && nul > name && !memchr(name, '\n', (size_t)(nul - name));
}

/* A curriculum that loads is one the rest of the program takes: lessons
 * named, rules prof_judge() accepts, domains a sign-off can rate and list
 * (signoff_domains.h), the hash of the file's @p size bytes at @p data. */
static void check_curriculum(const struct curriculum *c, const uint8_t *data, size_t size)
{
	char sha[65];

	if (c->count < 1 || c->count > LESSON_CURRICULUM_MAX ||
	    c->domain_count > CURRICULUM_DOMAINS_MAX)
		abort();
	for (size_t i = 0; i < c->count; i++)
		if (!one_line_name(c->ids[i], sizeof(c->ids[i])) ||
		    prof_rule_check(&c->rules[i], NULL, 0) < 0 ||
		    (c->rules[i].signoff_min && !c->domain_count))
			abort();
	for (size_t i = 0; i < c->domain_count; i++) {
		if (!one_line_name(c->domains[i], sizeof(c->domains[i])))
			abort();
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->domains[i], c->domains[j]))
				abort();
	}
	curriculum_sha256((const char *)data, size, sha);
	if (strcmp(c->sha256, sha))
		abort();
}

/* The same bytes given as text (curriculum_load_text()) load the same
 * curriculum when the file did; the text, which needs no lesson files,
 * may load when the file did not (an unknown lesson), never the other
 * way; a refusal is named as the text and leaves the struct untouched. */
static void curriculum_from_text(const uint8_t *data, size_t size, int file_rc,
				 const struct curriculum *from_file)
{
	static struct curriculum c;
	static char err[ERR_MAX];
	int rc;

	err[0] = '\0';
	memset(&c, UNTOUCHED, sizeof(c));
	rc = curriculum_load_text("stored", (const char *)data, size, &c, err, sizeof(err));
	if (rc == -ENOMEM || (file_rc == 0 && rc != 0))
		abort();
	if (rc == 0) {
		check_curriculum(&c, data, size);
		if (file_rc == 0 && memcmp(&c, from_file, sizeof(c)))
			abort();
		return;
	}
	if (!untouched(&c, sizeof(c)) || strncmp(err, "stored:", 7) || !err[7])
		abort();
}

/* Quirks that load and fold without complaint give thresholds the
 * assembler takes. */
static void use_quirks(const struct device_quirk *q, size_t count)
{
	char why[ERR_MAX];

	for (size_t i = 0; i < count; i++) {
		struct pen_device dev;
		struct device_settings set;

		pen_device_init(&dev);
		dev.id.bustype = q[i].has_bus ? q[i].bus : BUS_USB;
		dev.id.vendor = q[i].vendor;
		dev.id.product = q[i].product;
		device_settings_default(&set);
		if (device_quirks_apply(q, count, &dev, &set, why, sizeof(why)) >= 0 &&
		    !(set.assembler.tip_up > 0 && set.assembler.tip_up < set.assembler.tip_down &&
		      set.assembler.tip_down < 1))
			abort();
	}
}

/* The same bytes given as text (lesson_load_text(), as `report` loads a
 * stored lesson) load the same: the same lesson, or a refusal named as
 * the text (a scalp model or needle file's own error word for word). */
static void same_from_text(const uint8_t *data, size_t size, const char *id, int file_rc,
			   const struct lesson *from_file, const char *file_err)
{
	static struct lesson lesson;
	static char err[ERR_MAX];
	int rc;

	err[0] = '\0';
	memset(&lesson, UNTOUCHED, sizeof(lesson));
	rc = lesson_load_text("stored", id, (const char *)data, size, lib, &lesson, err,
			      sizeof(err));
	/* A record's copy with a pass mark is read by the rules of its day,
	 * which a data folder's file may no longer follow. */
	if (rc == 0 && file_rc < 0 && lesson.rubric.before_proficiency)
		return;
	if (rc != file_rc)
		abort();
	if (rc == 0 && memcmp(&lesson, from_file, sizeof(lesson)))
		abort();
	if (rc < 0 && !untouched(&lesson, sizeof(lesson)))
		abort();
	if (rc < 0 && strncmp(file_err, dir, strlen(dir)) && strcmp(err, file_err))
		abort();
	if (rc < 0 && !strncmp(file_err, dir, strlen(dir)) && strncmp(err, "stored:", 7))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lesson lesson;
	static struct scalp_model scalp;
	static struct needle needle;
	static char err[ERR_MAX];
	char name[64], path[1024], why[ERR_MAX];
	enum kind kind = kind_of(data, size);
	int rc = 0;

	err[0] = '\0';
	switch (kind) {
	case LESSON:
		lesson_name(data, size, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s.yaml", dir, name);
		write_file(path, data, size);
		memset(&lesson, UNTOUCHED, sizeof(lesson));
		rc = lesson_load(path, lib, &lesson, err, sizeof(err));
		if (rc == 0)
			use_lesson(&lesson);
		else if (!untouched(&lesson, sizeof(lesson)))
			abort();
		same_from_text(data, size, name, rc, &lesson, err);
		break;
	case CURRICULUM: {
		struct curriculum c;

		snprintf(path, sizeof(path), "%s/curriculum.yaml", lessons_dir);
		write_file(path, data, size);
		memset(&c, UNTOUCHED, sizeof(c));
		rc = curriculum_load(path, lib, &c, err, sizeof(err));
		if (rc == 0)
			check_curriculum(&c, data, size);
		if (rc < 0 && !untouched(&c, sizeof(c)))
			abort();
		curriculum_from_text(data, size, rc, &c);
		break;
	}
	case SCALP:
		snprintf(path, sizeof(path), "%s/scalp.yaml", dir);
		write_file(path, data, size);
		memset(&scalp, UNTOUCHED, sizeof(scalp));
		rc = scalp_load(path, &scalp, err, sizeof(err));
		if (rc == 0 && scalp_model_check(&scalp, why, sizeof(why)) < 0)
			abort();
		if (rc < 0 && !untouched(&scalp, sizeof(scalp)))
			abort();
		break;
	case NEEDLE:
		snprintf(path, sizeof(path), "%s/needle.yaml", dir);
		write_file(path, data, size);
		memset(&needle, UNTOUCHED, sizeof(needle));
		rc = needle_load(path, &needle, err, sizeof(err));
		if (rc == 0 && needle_check(&needle, why, sizeof(why)) < 0)
			abort();
		if (rc < 0 && !untouched(&needle, sizeof(needle)))
			abort();
		break;
	case QUIRKS: {
		struct device_quirk *q = NULL;
		size_t count = 0;

		snprintf(path, sizeof(path), "%s/quirks.yaml", dir);
		write_file(path, data, size);
		rc = quirks_load(path, &q, &count, err, sizeof(err));
		if (rc == 0)
			use_quirks(q, count);
		else if (q || count)
			abort();
		free(q);
		break;
	}
	case CALIBRATION: {
		static struct calibration_file cal;

		snprintf(path, sizeof(path), "%s/calibration.yaml", dir);
		write_file(path, data, size);
		memset(&cal, UNTOUCHED, sizeof(cal));
		rc = calibration_load(path, &cal, err, sizeof(err));
		if (rc == 0) {
			double prev = 0;

			if (pen_calibration_check(&cal.cal, why, sizeof(why)) < 0)
				abort();
			/* What practice relies on: exact at the points,
			 * never less force for more pressure. */
			for (size_t i = 0; i < cal.cal.count; i++)
				if (pen_calibration_force(&cal.cal, cal.cal.points[i].raw) !=
				    cal.cal.points[i].force_n)
					abort();
			for (int k = 0; k <= 64; k++) {
				double n = pen_calibration_force_at(&cal.cal, k / 64.0);

				if (n < prev)
					abort();
				prev = n;
			}
		} else if (!untouched(&cal, sizeof(cal))) {
			abort();
		}
		break;
	}
	}
	if (rc == -ENOMEM)
		abort();
	if (rc < 0)
		check_error(err);
	unlink(path);
	return 0;
}
