/* data_library: a short list of parsed files, each under its key (the id
 * of a scalp model or needle, the path of a lesson) and kind. A command
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

#include "data_file.h"
#include "lesson.h"
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

struct data_library {
	char *dir;
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
	free(lib->dir);
	free(lib);
}

const char *data_library_dir(const struct data_library *lib)
{
	return lib->dir;
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
	rc = data_file_find(lib->dir, scalp ? "scalps" : "needles",
			    scalp ? "scalp model" : "needle", id, path, sizeof(path),
			    err, err_size);
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
