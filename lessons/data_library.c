/* data_library: a short list of parsed files, each under its key (the id
 * of a scalp model or needle, the path of a lesson) and kind, and the
 * search path they are found along: the folders a command added
 * (an academy's, the user's), then the data folder's. A file found in an
 * earlier folder shadows one of the same id in a later one, so an academy
 * replaces a shipped lesson, scalp model or needle without touching the
 * data folder. A command
 * holds a handful of them, so a lookup walks the list. Each entry is
 * allocated on its own: what the library hands out stays where it is
 * while the list grows. A file that fails to parse is not kept; asking
 * again parses it again (and fails the same way), which only a command
 * that carries on after an error would do.
 */
#include "data_library.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data_file.h"
#include "lesson.h"
#include "lesson_load.h"
#include "needle_load.h"
#include "scalp_load.h"

enum entry_kind { ENTRY_SCALP, ENTRY_NEEDLE, ENTRY_LESSON };

struct entry {
	enum entry_kind kind;
	char *key;
	char *text;           /* a lesson's bytes */
	size_t text_len;
	union {
		struct scalp_model scalp;
		struct needle needle;
		struct lesson lesson;
	} u;
};

struct folder {
	char *dir;
	char *origin;
};

struct data_library {
	char *dir;
	struct folder *folders;  /* added ones; the data folder's are not here */
	size_t folder_count;
	struct entry **entries;
	size_t count, room;
};

int data_library_new(const char *data_dir, struct data_library **out)
{
	struct data_library *lib = calloc(1, sizeof(*lib));

	*out = NULL;
	if (!lib || !(lib->dir = strdup(data_dir))) {
		free(lib);
		return -ENOMEM;
	}
	*out = lib;
	return 0;
}

static void entry_free(struct entry *e)
{
	if (!e)
		return;
	free(e->key);
	free(e->text);
	free(e);
}

void data_library_free(struct data_library *lib)
{
	if (!lib)
		return;
	for (size_t i = 0; i < lib->count; i++)
		entry_free(lib->entries[i]);
	free(lib->entries);
	for (size_t i = 0; i < lib->folder_count; i++) {
		free(lib->folders[i].dir);
		free(lib->folders[i].origin);
	}
	free(lib->folders);
	free(lib->dir);
	free(lib);
}

const char *data_library_dir(const struct data_library *lib)
{
	return lib->dir;
}

int data_library_add_folder(struct data_library *lib, const char *dir, const char *origin)
{
	struct folder *more = realloc(lib->folders,
				      (lib->folder_count + 1) * sizeof(*more));

	if (!more)
		return -ENOMEM;
	lib->folders = more;
	more += lib->folder_count;
	more->dir = strdup(dir);
	more->origin = strdup(origin);
	if (!more->dir || !more->origin) {
		free(more->dir);
		free(more->origin);
		return -ENOMEM;
	}
	lib->folder_count++;
	return 0;
}

size_t data_library_folder_count(const struct data_library *lib)
{
	return lib->folder_count + 1;
}

static const char *const kind_folder[] = {
	[DATA_LESSON] = "lessons", [DATA_SCALP] = "scalps", [DATA_NEEDLE] = "needles",
};

static const char *const kind_words[] = {
	[DATA_LESSON] = "lesson", [DATA_SCALP] = "scalp model", [DATA_NEEDLE] = "needle",
};

void data_library_folder(const struct data_library *lib, size_t i, enum data_kind kind,
			 char *out, size_t size, const char **origin)
{
	if (i >= lib->folder_count) {
		snprintf(out, size, "%s/%s", lib->dir, kind_folder[kind]);
		if (origin)
			*origin = "the data folder";
		return;
	}
	if (kind == DATA_LESSON)
		snprintf(out, size, "%s", lib->folders[i].dir);
	else
		snprintf(out, size, "%s/%s", lib->folders[i].dir, kind_folder[kind]);
	if (origin)
		*origin = lib->folders[i].origin;
}

#define LIST_MAX 512

int data_library_list(const struct data_library *lib, enum data_kind kind, char *out,
		      size_t size)
{
	char dir[4096], *ids[LIST_MAX];
	size_t n = 0, used = 0;
	int count = 0;

	out[0] = '\0';
	for (size_t i = 0; i < data_library_folder_count(lib); i++) {
		data_library_folder(lib, i, kind, dir, sizeof(dir), NULL);
		data_file_names(dir, ids, LIST_MAX, &n);  /* one not there holds none */
	}
	qsort(ids, n, sizeof(ids[0]), data_file_by_name);
	for (size_t i = 0; i < n; i++) {
		/* Shadowed ids come once; the curriculum is no lesson. */
		bool skip = (i && !strcmp(ids[i], ids[i - 1])) ||
			    (kind == DATA_LESSON && !strcmp(ids[i], LESSON_CURRICULUM_ID));

		if (!skip && used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s",
						 count ? ", " : "", ids[i]);
		count += !skip;
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	return count;
}

int data_library_find(const struct data_library *lib, enum data_kind kind, const char *id,
		      char *path, size_t path_size, size_t *folder, char *err,
		      size_t err_size)
{
	char dir[4096], ids[1024];
	struct stat st;

	if (!data_file_plain_id(id)) {
		snprintf(err, err_size, "'%s' is not a %s id (lower-case letters, "
			 "digits, '-', '_', '.')", id, kind_words[kind]);
		return -EINVAL;
	}
	for (size_t i = 0; kind != DATA_LESSON || strcmp(id, LESSON_CURRICULUM_ID); i++) {
		if (i == data_library_folder_count(lib))
			break;
		data_library_folder(lib, i, kind, dir, sizeof(dir), NULL);
		snprintf(path, path_size, "%s/%s.yaml", dir, id);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (folder)
				*folder = i;
			return 0;
		}
	}
	if (data_library_list(lib, kind, ids, sizeof(ids)) > 0) {
		snprintf(err, err_size, "unknown %s '%s' (there are: %s)", kind_words[kind],
			 id, ids);
	} else {
		data_library_folder(lib, data_library_folder_count(lib) - 1, kind, dir,
				    sizeof(dir), NULL);
		snprintf(err, err_size, "unknown %s '%s' (%s holds none)", kind_words[kind],
			 id, dir);
	}
	return -ENOENT;
}

int data_library_curriculum(const struct data_library *lib, char *path, size_t size)
{
	char dir[4096];
	struct stat st;

	for (size_t i = 0; i < data_library_folder_count(lib); i++) {
		data_library_folder(lib, i, DATA_LESSON, dir, sizeof(dir), NULL);
		snprintf(path, size, "%s/%s.yaml", dir, LESSON_CURRICULUM_ID);
		if (stat(path, &st) == 0)
			return (int)i;
	}
	return -ENOENT;
}

static struct entry *find(const struct data_library *lib, enum entry_kind kind,
			  const char *key)
{
	for (size_t i = 0; i < lib->count; i++)
		if (lib->entries[i]->kind == kind && !strcmp(lib->entries[i]->key, key))
			return lib->entries[i];
	return NULL;
}

static struct entry *entry_new(enum entry_kind kind, const char *key)
{
	struct entry *e = calloc(1, sizeof(*e));

	if (!e || !(e->key = strdup(key))) {
		free(e);
		return NULL;
	}
	e->kind = kind;
	return e;
}

/* Adds @p e to the list, which then owns it. @return 0, or -ENOMEM (@p e
 * is freed). */
static int add(struct data_library *lib, struct entry *e)
{
	if (lib->count == lib->room) {
		size_t room = lib->room ? lib->room * 2 : 8;
		struct entry **more = realloc(lib->entries, room * sizeof(*more));

		if (!more) {
			entry_free(e);
			return -ENOMEM;
		}
		lib->entries = more;
		lib->room = room;
	}
	lib->entries[lib->count++] = e;
	return 0;
}

/* The model of @p kind named @p id: found, else parsed and kept. */
static int model(struct data_library *lib, enum entry_kind kind, const char *id,
		 struct entry **out, char *err, size_t err_size)
{
	bool scalp = kind == ENTRY_SCALP;
	char path[4096];
	struct entry *e = find(lib, kind, id);
	int rc;

	if (e) {
		*out = e;
		return 0;
	}
	rc = data_library_find(lib, scalp ? DATA_SCALP : DATA_NEEDLE, id, path,
			       sizeof(path), NULL, err, err_size);
	if (rc < 0)
		return rc == -ENOMEM ? rc : -ENOENT;
	if (!(e = entry_new(kind, id))) {
		snprintf(err, err_size, "%s: out of memory", path);
		return -ENOMEM;
	}
	rc = scalp ? scalp_load(path, &e->u.scalp, err, err_size)
		   : needle_load(path, &e->u.needle, err, err_size);
	if (rc == 0 && (rc = add(lib, e)) < 0)
		snprintf(err, err_size, "%s: out of memory", path);
	else if (rc < 0)
		entry_free(e);
	if (rc == 0)
		*out = e;
	return rc;
}

int data_library_scalp(struct data_library *lib, const char *id,
		       const struct scalp_model **out, char *err, size_t err_size)
{
	struct entry *e;
	int rc = model(lib, ENTRY_SCALP, id, &e, err, err_size);

	*out = rc == 0 ? &e->u.scalp : NULL;
	return rc;
}

int data_library_needle(struct data_library *lib, const char *id,
			const struct needle **out, char *err, size_t err_size)
{
	struct entry *e;
	int rc = model(lib, ENTRY_NEEDLE, id, &e, err, err_size);

	*out = rc == 0 ? &e->u.needle : NULL;
	return rc;
}

const struct lesson *data_library_lesson(const struct data_library *lib,
					 const char *path, const char **text,
					 size_t *text_len)
{
	struct entry *e = find(lib, ENTRY_LESSON, path);

	if (e && text)
		*text = e->text;
	if (e && text_len)
		*text_len = e->text_len;
	return e ? &e->u.lesson : NULL;
}

int data_library_keep_lesson(struct data_library *lib, const char *path,
			     const struct lesson *lesson, char *text, size_t text_len,
			     const struct lesson **kept)
{
	struct entry *e = entry_new(ENTRY_LESSON, path);

	*kept = NULL;
	if (!e) {
		free(text);
		return -ENOMEM;
	}
	e->u.lesson = *lesson;
	e->text = text;
	e->text_len = text_len;
	if (add(lib, e) < 0)
		return -ENOMEM;
	*kept = &e->u.lesson;
	return 0;
}

unsigned int data_library_parsed(const struct data_library *lib)
{
	return (unsigned int)lib->count;
}
