/* yaml_file: the one way smpsim reads its YAML data files (lessons, scalp
 * models, needles, device quirks): libfyaml parses, and a table of fields
 * per mapping says what may appear, of which type and range, and what is
 * required. Every failure is "file:line: what is wrong".
 */
#ifndef SMPSIM_YAML_FILE_H
#define SMPSIM_YAML_FILE_H

#include <libfyaml.h>
#include <stdbool.h>
#include <stddef.h>

#define YAML_ERROR_MAX 512

struct yaml_file;

enum yaml_kind {
	YAML_DOUBLE,  /**< double, within [min, max] (open ends with the flags) */
	YAML_INT,     /**< int, within [min, max] */
	YAML_TEXT,    /**< char[size], a single-line string */
	YAML_LINES,   /**< char[size], text that may run over several lines
		       *   (a block scalar, `|`); line breaks at its end dropped */
	YAML_CHOICE,  /**< int: the index of the word among choices */
	YAML_ID16,    /**< uint16_t, decimal or 0x hex */
	YAML_CUSTOM,  /**< read by the field's own function */
};

struct yaml_field {
	const char *key;
	enum yaml_kind kind;
	size_t offset;               /**< into the target */
	bool required;
	double min, max;             /**< YAML_DOUBLE, YAML_INT */
	bool min_open, max_open;     /**< exclude the end itself */
	size_t size;                 /**< YAML_TEXT, YAML_LINES: the buffer's size */
	const char *const *choices;  /**< YAML_CHOICE: NULL-terminated */
	/** YAML_CUSTOM: reads @p value into @p target (base + offset); NULL
	 * lets the key through for the caller to read afterwards (a value
	 * that depends on others, whatever their order in the file). */
	int (*read)(struct yaml_file *yf, struct fy_node *value, void *target);
};

/** The largest data file read, in bytes (1 MiB): a file is read whole and
 * parsed in memory, so this bounds what a file can cost. */
#define YAML_FILE_SIZE_MAX (1024 * 1024)

/**
 * Reads and parses @p path: one YAML document, as written. Refused: a
 * file over YAML_FILE_SIZE_MAX (before it is parsed), a NUL byte, bytes
 * that are not UTF-8, a second document, tags, anchors and aliases, and a
 * single-quoted value with two escaped quotes in a row (which libfyaml
 * 0.7.12 misreads). On failure @p err holds "path:line: message" ("path:
 * message" for an unreadable or too large file).
 * @return 0 and *out, or -EINVAL (syntax, unreadable file) / -ENOMEM.
 */
int yaml_file_open(const char *path, struct yaml_file **out, char *err,
		   size_t err_size);

/**
 * yaml_file_open() on @p len bytes of @p text (a copy is kept: @p text
 * may go once this returns) instead of a file's: the same checks, and
 * @p name in every message in place of a path.
 * @return as yaml_file_open().
 */
int yaml_file_open_text(const char *name, const char *text, size_t len,
			struct yaml_file **out, char *err, size_t err_size);

/** Frees the document. Accepts NULL. */
void yaml_file_free(struct yaml_file *yf);

/** @return the document's root node, or NULL for an empty document. */
struct fy_node *yaml_file_root(const struct yaml_file *yf);

/** @return the file's bytes, exactly what was parsed (NUL-terminated,
 * @p len of them); they live as long as @p yf. */
const char *yaml_file_text(const struct yaml_file *yf, size_t *len);

/** @return the path or name the file was opened with. */
const char *yaml_file_name(const struct yaml_file *yf);

/** @return the last error ("path:line: message", the name given for a
 * text), or "" when none. */
const char *yaml_file_error(const struct yaml_file *yf);

/** @return the 1-based line of @p node (of its first key or item for a
 * mapping or sequence; for a null value or an empty mapping or sequence,
 * the line of its key; 1 when unknown). */
int yaml_line(struct fy_node *node);

/** Records "path:line-of-@p at: message". @return -EINVAL. */
int yaml_fail(struct yaml_file *yf, struct fy_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Reads mapping @p map into @p base by @p fields (ended by a NULL key):
 * unknown keys, keys given twice, missing required keys, wrong types and
 * values out of range are errors. @p what names the mapping in messages
 * ("lesson", "region 'crown'").
 * @return 0, or -EINVAL with the error recorded.
 */
int yaml_read_mapping(struct yaml_file *yf, struct fy_node *map,
		      const char *what, const struct yaml_field *fields, void *base);

/**
 * Reads a number from a scalar. @return 0, or -EINVAL (not a number,
 * or outside [min, max]).
 */
int yaml_read_double(struct yaml_file *yf, struct fy_node *value, double min,
		     double max, double *out);

/** @return the number of items of sequence @p node, or -EINVAL (recorded)
 * when it is not a sequence. */
int yaml_sequence_length(struct yaml_file *yf, struct fy_node *node,
			 const char *what);

#endif
