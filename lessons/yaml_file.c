/* yaml_file: libfyaml with its diagnostics collected (not printed) and a
 * table-driven mapping reader on top.
 *
 * A file is read whole into memory (at most YAML_FILE_SIZE_MAX, refused
 * before libfyaml sees it: libfyaml holds some 80 times a file's size),
 * or text given is copied, checked to be UTF-8 text, and parsed by a
 * parser of its own, which is then asked for what follows the first
 * document: a second one is an error. The document's nodes point into
 * those bytes, which live as long as the document. Before any value's
 * text is asked for, the whole tree is checked to be as written: tags,
 * anchors and aliases are refused, not resolved, and so are single-quoted
 * values libfyaml 0.7.12 would misread (and leak on), judged from the
 * source bytes.
 *
 * A mapping is read in one pass over its pairs: each key is looked up in
 * the field table (unknown: error listing the known keys), checked against
 * the keys already seen (twice: error), and its value converted by kind.
 * Required keys missing are reported afterwards at the mapping's line.
 * Targets are written only through the table's offsets, so a loader's
 * struct is filled or the load fails; callers write nothing outside until
 * the whole file has been read.
 */
#include "yaml_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIELDS_MAX 64

struct yaml_file {
	char *path;
	char *text;                /* the file's bytes: the document points into them */
	size_t text_len;
	struct fy_parser *parser;  /* the document is the parser's */
	struct fy_document *doc;
	char error[YAML_ERROR_MAX];
};

/* The line a node starts on by its own tokens, 0 when it has none (a
 * null value, an empty mapping or list). */
static int own_line(struct fy_node *node)
{
	struct fy_token *tok;
	const struct fy_mark *m;
	void *it = NULL;

	if (node && fy_node_is_mapping(node)) {
		struct fy_node_pair *pair = fy_node_mapping_iterate(node, &it);

		return pair ? own_line(fy_node_pair_key(pair)) : 0;
	}
	if (node && fy_node_is_sequence(node))
		return own_line(fy_node_sequence_iterate(node, &it));
	tok = node ? fy_node_get_scalar_token(node) : NULL;
	m = tok ? fy_token_start_mark(tok) : NULL;
	return m ? m->line + 1 : 0;
}

int yaml_line(struct fy_node *node)
{
	struct fy_node *parent;
	int line = own_line(node);

	if (line || !node)
		return line ? line : 1;
	/* Nothing of its own: the line of the key it is the value of, else
	 * of whatever holds it. */
	parent = fy_node_get_parent(node);
	if (parent && fy_node_is_mapping(parent)) {
		struct fy_node_pair *pair;
		void *it = NULL;

		while ((pair = fy_node_mapping_iterate(parent, &it)))
			if (fy_node_pair_value(pair) == node)
				return yaml_line(fy_node_pair_key(pair));
	}
	return parent ? yaml_line(parent) : 1;
}

/* Records "path:@p line: message". @return -EINVAL. */
static int vfail_line(struct yaml_file *yf, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static int vfail_line(struct yaml_file *yf, int line, const char *fmt, va_list ap)
{
	int n = snprintf(yf->error, sizeof(yf->error), "%s:%d: ", yf->path, line);

	if (n >= 0 && (size_t)n < sizeof(yf->error))
		vsnprintf(yf->error + n, sizeof(yf->error) - (size_t)n, fmt, ap);
	return -EINVAL;
}

static int fail_line(struct yaml_file *yf, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_line(struct yaml_file *yf, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_line(yf, line, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int yaml_fail(struct yaml_file *yf, struct fy_node *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_line(yf, yaml_line(at), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Says @p name is over YAML_FILE_SIZE_MAX. @return -EINVAL. */
static int too_big(const char *name, char *err, size_t err_size)
{
	snprintf(err, err_size, "%s: larger than %d MiB (%d bytes), the most a data file "
		 "may be", name, YAML_FILE_SIZE_MAX / (1024 * 1024), YAML_FILE_SIZE_MAX);
	return -EINVAL;
}

/* Reads the whole file into *text (NUL-terminated), refusing one over
 * YAML_FILE_SIZE_MAX before reading it where its size is known, else as
 * soon as it grows past it. @return 0, or -EINVAL / -ENOMEM with @p err
 * set. */
static int read_text(const char *path, char **text, size_t *len, char *err,
		     size_t err_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap, used = 0;
	char *buf = NULL;
	bool over = false;
	int rc = 0;

	if (fd < 0 || fstat(fd, &st) < 0) {
		rc = -errno;
		goto out;
	}
	over = S_ISREG(st.st_mode) && st.st_size > YAML_FILE_SIZE_MAX;
	/* One byte more than the file has: the read that returns 0. */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
	while (!over) {
		ssize_t got;

		if (!buf || used == cap) {
			size_t want = buf ? cap * 2 : cap;
			char *more;

			if (want > YAML_FILE_SIZE_MAX + 1)
				want = YAML_FILE_SIZE_MAX + 1;
			if (!(more = realloc(buf, want + 1))) {
				rc = -ENOMEM;
				goto out;
			}
			buf = more;
			cap = want;
		}
		got = read(fd, buf + used, cap - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			goto out;
		}
		if (got == 0)
			break;
		used += (size_t)got;
		over = used > YAML_FILE_SIZE_MAX;
	}
out:
	if (fd >= 0)
		close(fd);
	if (rc == 0 && over) {
		rc = too_big(path, err, err_size);
	} else if (rc < 0) {
		snprintf(err, err_size, "%s: cannot read: %s", path, strerror(-rc));
		rc = rc == -ENOMEM ? rc : -EINVAL;
	} else {
		buf[used] = '\0';
		*text = buf;
		*len = used;
		return 0;
	}
	free(buf);
	return rc;
}

/* The line where a next document begins, 0 at the end of the stream. An
 * implicit start ("...", then more) has no mark: the line of what follows. */
static int next_document_line(struct fy_parser *fyp)
{
	struct fy_event *ev = fy_parser_parse(fyp);
	const struct fy_mark *m;
	int line;

	if (!ev || ev->type == FYET_STREAM_END) {
		fy_parser_event_free(fyp, ev);
		return 0;
	}
	m = fy_event_start_mark(ev);
	line = m ? m->line + 1 : 0;
	fy_parser_event_free(fyp, ev);
	if (!line) {
		ev = fy_parser_parse(fyp);
		m = ev ? fy_event_start_mark(ev) : NULL;
		line = m ? m->line + 1 : 1;
		fy_parser_event_free(fyp, ev);
	}
	return line;
}

/* The first error libfyaml collected, as "path:line: message". */
static void diag_error(struct yaml_file *yf, struct fy_diag *diag, char *err,
		       size_t err_size)
{
	void *it = NULL;
	struct fy_diag_error *e = diag ? fy_diag_errors_iterate(diag, &it) : NULL;

	/* fy_diag_error lines count from 1, unlike fy_mark. */
	if (e)
		snprintf(err, err_size, "%s:%d: %s", yf->path, e->line, e->msg);
	else
		snprintf(err, err_size, "%s:1: the file holds no YAML, only comments or "
			 "nothing", yf->path);
}

/* The source bytes of @p tok (for a quoted scalar, what lies between its
 * quotes), or NULL when its marks do not lie within the text. */
static const char *token_bytes(const struct yaml_file *yf, struct fy_token *tok,
			       size_t *len)
{
	const struct fy_mark *start = fy_token_start_mark(tok);
	const struct fy_mark *end = fy_token_end_mark(tok);

	if (!start || !end || start->input_pos > end->input_pos ||
	    end->input_pos > yf->text_len)
		return NULL;
	*len = end->input_pos - start->input_pos;
	return yf->text + start->input_pos;
}

/* A tag is refused, at its own line and column: a value's type is its
 * field's, and libfyaml would drop the tag without a word (`!!int 601`
 * reads "601", `!custom 0601rl` the needle 0601rl). */
static int check_tag(struct yaml_file *yf, struct fy_node *node)
{
	struct fy_token *tag = fy_node_get_tag_token(node);
	const struct fy_mark *m = tag ? fy_token_start_mark(tag) : NULL;
	const char *bytes;
	size_t len = 0;

	if (!tag)
		return 0;
	bytes = token_bytes(yf, tag, &len);
	return fail_line(yf, m ? m->line + 1 : yaml_line(node), "tag '%.*s' at column %d: "
			 "tags are not read; write the value without it",
			 bytes ? (int)(len > 64 ? 64 : len) : 0, bytes ? bytes : "",
			 m ? m->column + 1 : 1);
}

/* libfyaml 0.7.12 (Debian 12) misreads a single-quoted scalar holding two
 * escaped quotes in a row: from `'a''''b'` it makes "a'''" where YAML
 * says "a''b" (each quote of the run after the first is taken for an
 * escape again), cut to the length it expected, and the array of pieces
 * it grew on the way is never freed (fy_atom_format_text() returns on
 * the overflow without fy_atom_iter_finish(): up to 2 KiB lost per such
 * value, found by tests/fuzz-yaml.c). No call of its API reads such a
 * value right, so it is refused from the source bytes before any text is
 * asked for, at the line of the run. */
static int check_quote_run(struct yaml_file *yf, struct fy_node *node)
{
	struct fy_token *tok = fy_node_get_scalar_token(node);
	const struct fy_mark *m = tok ? fy_token_start_mark(tok) : NULL;
	const char *bytes, *run;
	size_t len = 0;
	int line;

	if (!tok || !m || fy_token_scalar_style(tok) != FYSS_SINGLE_QUOTED ||
	    !(bytes = token_bytes(yf, tok, &len)) ||
	    !(run = g_strstr_len(bytes, (gssize)len, "''''")))
		return 0;
	line = m->line + 1;
	for (const char *c = bytes; c < run; c++)
		line += *c == '\n';
	return fail_line(yf, line, "two escaped quotes in a row ('''') in a single-quoted "
			 "value, which libfyaml 0.7.12 misreads; write the value in double "
			 "quotes");
}

/* The file is read as written: no tags, anchors or aliases, nothing
 * libfyaml would misread. Anchors and aliases are refused, not resolved
 * (libfyaml reads an alias left unresolved as its name: `*0601rl` would
 * be the needle 0601rl). The first problem in the file's order is
 * reported; no scalar's text is asked for until all are checked. */
static int check_as_written(struct yaml_file *yf, struct fy_node *node)
{
	struct fy_anchor *anchor;
	void *it = NULL;

	if (!node)
		return 0;
	if (check_tag(yf, node) < 0)
		return -EINVAL;
	if ((anchor = fy_node_get_anchor(node))) {
		size_t len = 0;
		const char *name = fy_anchor_get_text(anchor, &len);

		return yaml_fail(yf, node, "anchor '&%.*s': anchors and aliases are not "
				 "read; write the value out in full",
				 (int)(len > 64 ? 64 : len), name ? name : "");
	}
	if (fy_node_is_alias(node))
		return yaml_fail(yf, node, "alias '*%.64s': anchors and aliases are not "
				 "read; write the value out in full",
				 fy_node_get_scalar0(node));
	if (fy_node_is_mapping(node)) {
		struct fy_node_pair *pair;

		while ((pair = fy_node_mapping_iterate(node, &it)))
			if (check_as_written(yf, fy_node_pair_key(pair)) < 0 ||
			    check_as_written(yf, fy_node_pair_value(pair)) < 0)
				return -EINVAL;
		return 0;
	}
	if (fy_node_is_sequence(node)) {
		struct fy_node *item;

		while ((item = fy_node_sequence_iterate(node, &it)))
			if (check_as_written(yf, item) < 0)
				return -EINVAL;
		return 0;
	}
	return check_quote_run(yf, node);
}

/* Parses yf->text into yf->doc: UTF-8 text (libfyaml reads an invalid
 * byte as the end of a value, a NUL as the end of the file, and loops for
 * ever on some invalid bytes in a directive), one document, no anchors or
 * aliases. @return 0, or -EINVAL / -ENOMEM with @p err set. */
static int parse(struct yaml_file *yf, size_t len, char *err, size_t err_size)
{
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag;
	struct fy_parse_cfg pcfg = { .flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG };
	const char *bad;
	int rc = -EINVAL, line;

	if (!g_utf8_validate_len(yf->text, len, &bad)) {
		line = 1;
		for (const char *c = yf->text; c < bad; c++)
			line += *c == '\n';
		snprintf(err, err_size, "%s:%d: %s", yf->path, line, *bad ?
			 "invalid UTF-8: a data file is UTF-8 text" :
			 "a NUL byte: a data file is text");
		return -EINVAL;
	}
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	diag = fy_diag_create(&dcfg);
	if (diag)
		fy_diag_set_collect_errors(diag, true);
	pcfg.diag = diag;
	yf->parser = fy_parser_create(&pcfg);
	if (!yf->parser || fy_parser_set_string(yf->parser, yf->text, len) < 0) {
		snprintf(err, err_size, "%s: out of memory", yf->path);
		rc = -ENOMEM;
		goto out;
	}
	yf->doc = fy_parse_load_document(yf->parser);
	if (!yf->doc) {
		diag_error(yf, diag, err, err_size);
		goto out;
	}
	if ((line = next_document_line(yf->parser)) != 0) {
		snprintf(err, err_size, "%s:%d: a second document begins here; a data "
			 "file holds one", yf->path, line);
		goto out;
	}
	if (fy_parser_get_stream_error(yf->parser)) {
		diag_error(yf, diag, err, err_size);
		goto out;
	}
	if (check_as_written(yf, fy_document_root(yf->doc)) < 0) {
		snprintf(err, err_size, "%s", yf->error);
		goto out;
	}
	rc = 0;
out:
	fy_diag_destroy(diag);
	return rc;
}

/* A new yaml_file named @p name, with no text yet. */
static struct yaml_file *file_new(const char *name, char *err, size_t err_size)
{
	struct yaml_file *yf = calloc(1, sizeof(*yf));

	if (!yf || !(yf->path = strdup(name))) {
		free(yf);
		snprintf(err, err_size, "%s: out of memory", name);
		return NULL;
	}
	return yf;
}

/* Parses the text of a new @p yf, or frees it. @return as yaml_file_open(). */
static int file_parse(struct yaml_file *yf, struct yaml_file **out, char *err,
		      size_t err_size)
{
	int rc = parse(yf, yf->text_len, err, err_size);

	if (rc < 0) {
		yaml_file_free(yf);
		return rc;
	}
	*out = yf;
	return 0;
}

int yaml_file_open(const char *path, struct yaml_file **out, char *err,
		   size_t err_size)
{
	struct yaml_file *yf;
	int rc;

	*out = NULL;
	if (!(yf = file_new(path, err, err_size)))
		return -ENOMEM;
	rc = read_text(path, &yf->text, &yf->text_len, err, err_size);
	if (rc < 0) {
		yaml_file_free(yf);
		return rc;
	}
	return file_parse(yf, out, err, err_size);
}

int yaml_file_open_text(const char *name, const char *text, size_t len,
			struct yaml_file **out, char *err, size_t err_size)
{
	struct yaml_file *yf;

	*out = NULL;
	if (len > YAML_FILE_SIZE_MAX)
		return too_big(name, err, err_size);
	if (!(yf = file_new(name, err, err_size)))
		return -ENOMEM;
	if (!(yf->text = malloc(len + 1))) {
		yaml_file_free(yf);
		snprintf(err, err_size, "%s: out of memory", name);
		return -ENOMEM;
	}
	memcpy(yf->text, text, len);
	yf->text[len] = '\0';
	yf->text_len = len;
	return file_parse(yf, out, err, err_size);
}

void yaml_file_free(struct yaml_file *yf)
{
	if (!yf)
		return;
	if (yf->doc)
		fy_parse_document_destroy(yf->parser, yf->doc);
	fy_parser_destroy(yf->parser);
	free(yf->text);
	free(yf->path);
	free(yf);
}

struct fy_node *yaml_file_root(const struct yaml_file *yf)
{
	return fy_document_root(yf->doc);
}

const char *yaml_file_text(const struct yaml_file *yf, size_t *len)
{
	*len = yf->text_len;
	return yf->text;
}

const char *yaml_file_name(const struct yaml_file *yf)
{
	return yf->path;
}

const char *yaml_file_error(const struct yaml_file *yf)
{
	return yf->error;
}

static const char *scalar(struct fy_node *node)
{
	return node && fy_node_is_scalar(node) ? fy_node_get_scalar0(node) : NULL;
}

int yaml_read_double(struct yaml_file *yf, struct fy_node *value, double min,
		     double max, double *out)
{
	const char *s = scalar(value);
	char *end;
	double v;

	if (!s)
		return yaml_fail(yf, value, "expected a number");
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return yaml_fail(yf, value, "'%s' is not a number", s);
	if (v < min || v > max)
		return yaml_fail(yf, value, "%g is outside %g to %g", v, min, max);
	*out = v;
	return 0;
}

static int read_number(struct yaml_file *yf, const struct yaml_field *f,
		       struct fy_node *value, double *out)
{
	const char *s = scalar(value);
	char *end;
	double v;

	if (!s)
		return yaml_fail(yf, value, "'%s' needs a number", f->key);
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return yaml_fail(yf, value, "'%s' needs a number, not '%s'", f->key, s);
	if (v < f->min || v > f->max || (f->min_open && v == f->min) ||
	    (f->max_open && v == f->max))
		return yaml_fail(yf, value, "'%s' must be %s %g and %s %g, not %g", f->key,
				 f->min_open ? "above" : "at least", f->min,
				 f->max_open ? "below" : "at most", f->max, v);
	if (f->kind == YAML_INT && v != floor(v))
		return yaml_fail(yf, value, "'%s' needs a whole number, not %g", f->key, v);
	*out = v;
	return 0;
}

static int read_field(struct yaml_file *yf, const struct yaml_field *f,
		      struct fy_node *value, char *base)
{
	void *target = base + f->offset;
	const char *s;
	double v = 0;

	switch (f->kind) {
	case YAML_DOUBLE:
	case YAML_INT:
		if (read_number(yf, f, value, &v) < 0)
			return -EINVAL;
		if (f->kind == YAML_DOUBLE)
			*(double *)target = v;
		else
			*(int *)target = (int)v;
		return 0;
	case YAML_TEXT:
		if (!(s = scalar(value)))
			return yaml_fail(yf, value, "'%s' needs a single line of text", f->key);
		if (strlen(s) >= f->size)
			return yaml_fail(yf, value, "'%s' is longer than %zu characters",
					 f->key, f->size - 1);
		if (strchr(s, '\n'))
			return yaml_fail(yf, value, "'%s' must be a single line", f->key);
		memcpy(target, s, strlen(s) + 1);
		return 0;
	case YAML_LINES: {
		size_t len;

		if (!(s = scalar(value)))
			return yaml_fail(yf, value, "'%s' needs text", f->key);
		len = strlen(s);
		while (len && s[len - 1] == '\n')
			len--;
		if (len >= f->size)
			return yaml_fail(yf, value, "'%s' is longer than %zu characters",
					 f->key, f->size - 1);
		memcpy(target, s, len);
		((char *)target)[len] = '\0';
		return 0;
	}
	case YAML_CHOICE:
		if ((s = scalar(value))) {
			for (int i = 0; f->choices[i]; i++)
				if (!strcmp(s, f->choices[i])) {
					*(int *)target = i;
					return 0;
				}
		}
		{
			char list[256] = "";
			size_t used = 0;

			for (int i = 0; f->choices[i] && used < sizeof(list); i++)
				used += (size_t)snprintf(list + used, sizeof(list) - used,
							 "%s%s", i ? ", " : "", f->choices[i]);
			return yaml_fail(yf, value, "'%s' is one of %s, not '%s'", f->key,
					 list, s ? s : "a list or mapping");
		}
	case YAML_ID16: {
		char *end;
		unsigned long id;

		if (!(s = scalar(value)))
			return yaml_fail(yf, value, "'%s' needs an id", f->key);
		errno = 0;
		id = strtoul(s, &end, 0);
		if (end == s || *end || errno || id > 0xffff || s[0] == '-')
			return yaml_fail(yf, value, "'%s' is not a 16-bit id (write hex "
					 "as 0x056a), not '%s'", f->key, s);
		*(uint16_t *)target = (uint16_t)id;
		return 0;
	}
	case YAML_CUSTOM:
		/* No reader: allowed here, read by the caller later. */
		return f->read ? f->read(yf, value, target) : 0;
	}
	return yaml_fail(yf, value, "internal: unknown field kind");
}

int yaml_read_mapping(struct yaml_file *yf, struct fy_node *map,
		      const char *what, const struct yaml_field *fields, void *base)
{
	bool seen[FIELDS_MAX] = { false };
	struct fy_node_pair *pair;
	void *it = NULL;
	size_t count = 0;

	while (fields[count].key)
		count++;
	if (count > FIELDS_MAX)
		return yaml_fail(yf, map, "internal: too many fields for %s", what);
	if (!map || !fy_node_is_mapping(map))
		return yaml_fail(yf, map, "%s must be a mapping of keys to values", what);
	while ((pair = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *key = fy_node_pair_key(pair);
		const char *k = scalar(key);
		size_t i;

		if (!k)
			return yaml_fail(yf, key, "%s: keys must be plain words", what);
		for (i = 0; i < count && strcmp(fields[i].key, k); i++)
			;
		if (i == count) {
			char list[512] = "";
			size_t used = 0;

			for (size_t j = 0; j < count && used < sizeof(list); j++)
				used += (size_t)snprintf(list + used, sizeof(list) - used,
							 "%s%s", j ? ", " : "", fields[j].key);
			return yaml_fail(yf, key, "%s: unknown key '%s' (known: %s)",
					 what, k, list);
		}
		if (seen[i])
			return yaml_fail(yf, key, "%s: '%s' is given twice", what, k);
		seen[i] = true;
		if (read_field(yf, &fields[i], fy_node_pair_value(pair), base) < 0)
			return -EINVAL;
	}
	for (size_t i = 0; i < count; i++)
		if (fields[i].required && !seen[i])
			return yaml_fail(yf, map, "%s: missing '%s'", what, fields[i].key);
	return 0;
}

int yaml_sequence_length(struct yaml_file *yf, struct fy_node *node, const char *what)
{
	if (!node || !fy_node_is_sequence(node))
		return yaml_fail(yf, node, "%s must be a list", what);
	return fy_node_sequence_item_count(node);
}
