/* certificate_facts: a certificate's facts as canonical JSON
 * (certificate_facts.h says what canonical means here), written into a
 * memory stream, and the small readers verify needs of a stored content:
 * a top-level text field, a lesson's title and file hash, the sessions,
 * sign-offs and benchmarks it names. The readers
 * understand only what the writer writes; they are no general JSON parser.
 */
#include "certificate_facts.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cert_facts_clear(struct cert_facts *facts)
{
	if (!facts)
		return;
	for (size_t i = 0; i < facts->lesson_count; i++) {
		struct cert_lesson *l = &facts->lessons[i];

		for (size_t j = 0; j < l->session_count; j++)
			free(l->sessions[j].signoffs);
		free(l->sessions);
		free(l->benchmarks);
	}
	free(facts->lessons);
	memset(facts, 0, sizeof(*facts));
}

/* ---- writing ---- */

static void json_string(FILE *f, const char *s)
{
	if (!s || !*s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* The fewest decimals that read back as @p v: the same double, the same
 * text (a score of 70 is 70, of 85.5 85.5), else 17 significant digits. */
static void json_number(FILE *f, double v)
{
	char buf[64];

	if (v != v) {
		fputs("null", f);
		return;
	}
	for (int decimals = 0; decimals <= 17; decimals++) {
		snprintf(buf, sizeof(buf), "%.*f", decimals, v);
		if (strtod(buf, NULL) == v) {
			fputs(buf, f);
			return;
		}
	}
	fprintf(f, "%.17g", v);
}

static void json_bool(FILE *f, bool b)
{
	fputs(b ? "true" : "false", f);
}

static void write_session(FILE *f, const struct cert_session *s, const char *lesson_id)
{
	fprintf(f, "{\"session\":%" PRId64 ",\"lesson\":", s->id);
	json_string(f, lesson_id);
	fputs(",\"started\":", f);
	json_string(f, s->started);
	fputs(",\"ended\":", f);
	json_string(f, s->ended);
	fputs(",\"lesson_sha256\":", f);
	json_string(f, s->lesson_sha256);
	fputs(",\"exam\":", f);
	json_bool(f, s->exam);
	fputs(",\"score\":", f);
	json_number(f, s->score);
	fputs(",\"passed\":", f);
	json_bool(f, s->passed);
	fprintf(f, ",\"benchmark\":%" PRId64 ",\"signoffs\":[", s->benchmark);
	for (size_t i = 0; i < s->signoff_count; i++) {
		const struct cert_signoff *so = &s->signoffs[i];

		fprintf(f, "%s{\"signoff\":%" PRId64 ",\"instructor\":", i ? "," : "", so->id);
		json_string(f, so->instructor);
		fputs(",\"made\":", f);
		json_string(f, so->made);
		fprintf(f, ",\"lowest\":%u}", so->lowest);
	}
	fputs("]}", f);
}

static void write_lesson(FILE *f, const struct cert_lesson *l)
{
	fputs("{\"lesson\":", f);
	json_string(f, l->id);
	fputs(",\"title\":", f);
	json_string(f, l->title);
	fputs(",\"file_sha256\":", f);
	json_string(f, l->file_sha256);
	fprintf(f, ",\"rule\":{\"consecutive\":%u,\"total\":%u,\"exam_last\":%u,"
		"\"signoff_min\":%u}", l->rule.consecutive, l->rule.total, l->rule.exam_last,
		l->rule.signoff_min);
	fprintf(f, ",\"proficient_at\":%" PRId64 ",\"proficient_on\":", l->proficient_at);
	json_string(f, l->proficient_on);
	fputs(",\"benchmarks\":[", f);
	for (size_t i = 0; i < l->benchmark_count; i++) {
		fprintf(f, "%s{\"benchmark\":%" PRId64 ",\"made\":", i ? "," : "",
			l->benchmarks[i].id);
		json_string(f, l->benchmarks[i].made);
		fputs(",\"rule\":", f);
		json_string(f, l->benchmarks[i].rule);
		fputc('}', f);
	}
	fputs("],\"sessions\":[", f);
	for (size_t i = 0; i < l->session_count; i++) {
		if (i)
			fputc(',', f);
		write_session(f, &l->sessions[i], l->id);
	}
	fputs("]}", f);
}

/* Runs @p write into a string to free(). */
static int to_string(void (*write)(FILE *, const void *, const void *), const void *a,
		     const void *b, char **json)
{
	size_t size;
	FILE *f = open_memstream(json, &size);

	if (!f)
		return -ENOMEM;
	write(f, a, b);
	if (fclose(f) != 0) {
		free(*json);
		*json = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void write_facts(FILE *f, const void *a, const void *b)
{
	const struct cert_facts *facts = a;

	(void)b;
	fprintf(f, "{\"certificate\":1,\"trainee\":{\"id\":%" PRId64 ",\"name\":",
		facts->trainee_id);
	json_string(f, facts->trainee);
	fputs("},\"academy\":", f);
	json_string(f, facts->academy);
	fputs(",\"issued_by\":", f);
	json_string(f, facts->issued_by);
	fputs(",\"curriculum_sha256\":", f);
	json_string(f, facts->curriculum_sha256);
	fputs(",\"lessons\":[", f);
	for (size_t i = 0; i < facts->lesson_count; i++) {
		if (i)
			fputc(',', f);
		write_lesson(f, &facts->lessons[i]);
	}
	fputs("]}", f);
}

static void write_one_session(FILE *f, const void *a, const void *b)
{
	write_session(f, a, b);
}

int cert_facts_json(const struct cert_facts *facts, char **json)
{
	return to_string(write_facts, facts, NULL, json);
}

int cert_session_json(const struct cert_session *s, const char *lesson_id, char **json)
{
	return to_string(write_one_session, s, lesson_id, json);
}

/* ---- reading back ---- */

/* @return the value of hex digit @p c, or -1 (the NUL included). */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the JSON string at @p p (its opening quote) into @p out, as
 * json_string() wrote it: @p out is always NUL-terminated, "" when the
 * string is not one (a record's content may have been edited, and the
 * callers use what they get). @return the byte after it, or NULL. */
static const char *read_string(const char *p, char *out, size_t size)
{
	size_t n = 0;

	if (*p++ != '"')
		goto fail;
	for (; *p && *p != '"'; p++) {
		char c = *p;

		if (c == '\\') {
			p++;
			if (*p == 'u') {
				/* Four hex digits, as the writer writes them: not
				 * sscanf's %4x, which takes a sign, spaces or
				 * fewer digits and would step past the text's end. */
				unsigned int u = 0;

				for (int i = 1; i <= 4; i++) {
					int d = hex_digit(p[i]);

					if (d < 0)
						goto fail;
					u = u << 4 | (unsigned int)d;
				}
				c = (char)u;
				p += 4;
			} else if (*p) {
				c = *p;
			} else {
				goto fail;
			}
		}
		if (n + 1 < size)
			out[n++] = c;
	}
	if (*p != '"')
		goto fail;
	if (size)
		out[n] = '\0';
	return p + 1;
fail:
	if (size)
		out[0] = '\0';
	return NULL;
}

int cert_facts_json_text(const char *json, const char *key, char *out, size_t size)
{
	char pattern[64];
	const char *p;

	if (size)
		out[0] = '\0';
	/* The top-level fields come before "lessons", where no key repeats. */
	snprintf(pattern, sizeof(pattern), ",\"%s\":", key);
	p = strstr(json, pattern);
	if (!p || (strstr(json, ",\"lessons\":") && p > strstr(json, ",\"lessons\":")))
		return -EINVAL;
	p += strlen(pattern);
	if (!strncmp(p, "null", 4))
		return 0;
	return read_string(p, out, size) ? 0 : -EINVAL;
}

int cert_facts_json_lesson(const char *json, const char *id, char *title, size_t title_size,
			   char file_sha256[CERT_SHA_MAX])
{
	static const char title_key[] = ",\"title\":", file_key[] = ",\"file_sha256\":";
	char pattern[64 + 32];
	const char *p;
	int n;

	if (title_size)
		title[0] = '\0';
	file_sha256[0] = '\0';
	/* A lesson's object begins {"lesson":"ID", a session's {"session":
	 * ...: only a lesson's opens so. An id is a plain name: nothing in it
	 * is escaped. */
	n = snprintf(pattern, sizeof(pattern), "{\"lesson\":\"%s\"%s", id, title_key);
	if (n < 0 || (size_t)n >= sizeof(pattern) || !(p = strstr(json, pattern)))
		return -ENOENT;
	p += n;
	if (!strncmp(p, "null", 4))
		p += 4;
	else if (!(p = read_string(p, title, title_size)))
		return 0;
	if (strncmp(p, file_key, sizeof(file_key) - 1))
		return 0;
	read_string(p + sizeof(file_key) - 1, file_sha256, CERT_SHA_MAX);
	return 0;
}

size_t cert_facts_json_sessions(const char *json, int64_t *ids, char (*lessons)[64],
				size_t max)
{
	static const char key[] = "{\"session\":";
	size_t n = 0;

	for (const char *p = strstr(json, key); p; p = strstr(p + 1, key)) {
		char *end;
		long long id = strtoll(p + sizeof(key) - 1, &end, 10);

		if (n < max) {
			ids[n] = id;
			lessons[n][0] = '\0';
			if (!strncmp(end, ",\"lesson\":", 10))
				read_string(end + 10, lessons[n], 64);
		}
		n++;
	}
	return n;
}

int64_t cert_facts_json_signoff_session(const char *json, int64_t signoff)
{
	char key[48];
	const char *at, *s = NULL;

	snprintf(key, sizeof(key), "{\"signoff\":%" PRId64 ",", signoff);
	if (!(at = strstr(json, key)))
		return 0;
	/* The session object it is in: the last one to open before it. */
	for (const char *p = strstr(json, "{\"session\":"); p && p < at;
	     p = strstr(p + 1, "{\"session\":"))
		s = p;
	return s ? strtoll(s + 11, NULL, 10) : 0;
}

bool cert_facts_json_benchmark(const char *json, int64_t id, char lesson[64])
{
	static const char lesson_key[] = "{\"lesson\":";
	char key[48];
	const char *at, *l = NULL;

	snprintf(key, sizeof(key), "{\"benchmark\":%" PRId64 ",", id);
	if (id == 0 || !(at = strstr(json, key)))
		return false;
	for (const char *p = strstr(json, lesson_key); p && p < at; p = strstr(p + 1, lesson_key))
		l = p;
	lesson[0] = '\0';
	if (l)
		read_string(l + sizeof(lesson_key) - 1, lesson, 64);
	return true;
}
