/* fuzz-typed: libFuzzer target for the text issue 14 reads from people and
 * from the record outside YAML: a certificate's code as typed
 * (store_certificate_code_parse()), a sign-off's ratings on the command
 * line (--rate DOMAIN=R, --ratings R,R,...: signoff_domains.c) and a
 * certificate's stored content as verify --certificate reads it back
 * (certificate_facts.c's readers).
 *
 * The first byte chooses the parser ('C' code, 'R' ratings, 'J' a stored
 * content, 'F' facts written then read back; any other byte by its value
 * modulo 4), so the seeds in tests/data/typed-corpus read as what they
 * test. The rest is the input:
 *   C  the code as typed; the code of that text as a content, too.
 *   R  lines: the first "domains:A|B|..." gives the curriculum's domains
 *      (else the built-in seven); each further line is one --rate
 *      argument, or --ratings' with a leading '*'.
 *   J  a content as the record holds it, edited anyhow.
 *   F  NUL-separated texts: trainee, academy, issuer, curriculum hash,
 *      then lesson ids, made into facts with sessions, sign-offs and
 *      benchmarks, written as canonical JSON and read back.
 * Beyond "no crash, no leak, no undefined behaviour", the promises are
 * checked and abort() when broken: a code read is 20 of Crockford's
 * characters, the typed ones up to case, I/L/O and dashes, and reads back
 * from its printed groups; a refused code leaves the caller's buffer as it
 * was; a domain is found by its number, else its name, else a prefix only
 * it has, and refused with a reason otherwise; --rate rates exactly the
 * domain it names with its rating, --ratings exactly one rating 1 to 5 per
 * domain, and a refusal rates nothing and says why; what is stored and
 * said missing agrees with what was rated; a text read back from a
 * content is always NUL-terminated, and from the writer's content it is
 * what was written (a lesson's title and file hash by its id, when the id
 * is a plain name).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "certificate_facts.h"
#include "data_file.h"
#include "signoff_domains.h"
#include "store_certificate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WHY_MAX 256   /* short enough that long domain lists are cut */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* ---- C: the code ---- */

/* @p code is 20 of Crockford's characters and reads back from its
 * groups, in upper and in lower case. */
static void check_code_round_trip(const char *code)
{
	char text[STORE_CERT_CODE_TEXT_MAX], again[STORE_CERT_CODE_MAX];

	if (strlen(code) != STORE_CERT_CODE_LEN || strspn(code, crockford) != STORE_CERT_CODE_LEN)
		abort();
	store_certificate_code_text(code, text);
	if (strlen(text) != STORE_CERT_CODE_TEXT_MAX - 1)
		abort();
	for (size_t i = 0, k = 0; text[i]; i++)
		if (i % 5 == 4 ? text[i] != '-' : text[i] != code[k++])
			abort();
	if (store_certificate_code_parse(text, again) < 0 || strcmp(again, code))
		abort();
	for (size_t i = 0; text[i]; i++)
		text[i] = (char)tolower((unsigned char)text[i]);
	if (store_certificate_code_parse(text, again) < 0 || strcmp(again, code))
		abort();
}

/* Each typed character that is not a separator is the code's next one:
 * the same up to case, or I and L for 1, O for 0. */
static bool typed_as(const char *typed, const char *code)
{
	size_t k = 0;

	for (const char *p = typed; *p; p++) {
		char c = (char)toupper((unsigned char)*p);

		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (k == STORE_CERT_CODE_LEN)
			return false;
		if (c != code[k] && !((c == 'I' || c == 'L') && code[k] == '1') &&
		    !(c == 'O' && code[k] == '0'))
			return false;
		k++;
	}
	return k == STORE_CERT_CODE_LEN;
}

static void fuzz_code(const char *typed)
{
	static const char untouched[] = "####################";
	char code[STORE_CERT_CODE_MAX];
	int rc;

	memcpy(code, untouched, sizeof(code));
	rc = store_certificate_code_parse(typed, code);
	if (rc == 0) {
		check_code_round_trip(code);
		if (!typed_as(typed, code))
			abort();
	} else if (rc != -EINVAL || memcmp(code, untouched, sizeof(code))) {
		abort();
	}
	/* Any text's code as issued reads back too. */
	store_certificate_code(typed, "2026-01-01T00:00:00Z",
			       "0000000000000000000000000000000000000000000000000000000000000000",
			       code);
	check_code_round_trip(code);
}

/* ---- R: the ratings ---- */

/* @return @p key's value if it is digits only (up to 999), else 0. */
static size_t digits_value(const char *key)
{
	size_t v = 0;

	if (!*key || strspn(key, "0123456789") != strlen(key))
		return 0;
	for (const char *p = key; *p && v < 1000; p++)
		v = v * 10 + (size_t)(*p - '0');
	return v;
}

/* signoff_domain_find() on @p key, checked: its number first, then a name
 * equal to it, then a prefix only one name has; else refused, saying why. */
static int find_checked(const struct signoff_ratings *r, const char *key)
{
	char why[WHY_MAX];
	size_t number = digits_value(key), len = strlen(key), exact = r->count, prefixes = 0,
	       prefixed = r->count;
	int found;

	why[0] = '\0';
	found = signoff_domain_find(r->names, r->count, key, why, sizeof(why));
	for (size_t i = r->count; i-- > 0;) {
		if (!strcasecmp(r->names[i], key))
			exact = i;
		if (len && !strncasecmp(r->names[i], key, len)) {
			prefixes++;
			prefixed = i;
		}
	}
	if (number >= 1 && number <= r->count) {
		if (found != (int)number - 1)
			abort();
	} else if (exact < r->count) {
		if (found != (int)exact)
			abort();
	} else if (prefixes == 1) {
		if (found != (int)prefixed)
			abort();
	} else if (found != -1 || !why[0]) {
		abort();
	}
	return found;
}

/* --rate @p arg: refused with a reason and nothing rated, or exactly the
 * domain its key names rated with its single digit. */
static void rate_checked(struct signoff_ratings *r, const char *arg)
{
	struct signoff_ratings before = *r;
	const char *eq = strrchr(arg, '=');
	char why[WHY_MAX], key[256];
	int rc, domain = -1;

	if (eq && eq > arg && (size_t)(eq - arg) < sizeof(key)) {
		snprintf(key, sizeof(key), "%.*s", (int)(eq - arg), arg);
		domain = find_checked(r, key);
	}
	why[0] = '\0';
	rc = signoff_rate_option(r, arg, why, sizeof(why));
	if (rc < 0) {
		if (rc != -1 || !why[0] || memcmp(&before, r, sizeof(before)))
			abort();
		return;
	}
	if (domain < 0 || before.ratings[domain] || r->ratings[domain] < 1 ||
	    r->ratings[domain] > 5 || eq[1] != '0' + r->ratings[domain] || eq[2])
		abort();
	before.ratings[domain] = r->ratings[domain];
	if (memcmp(&before, r, sizeof(before)))
		abort();
}

/* --ratings @p arg: refused with a reason and nothing rated, or one
 * rating 1 to 5 per domain, the list's digits in order. */
static void ratings_checked(struct signoff_ratings *r, const char *arg)
{
	struct signoff_ratings before = *r;
	char why[WHY_MAX];
	int rc;

	why[0] = '\0';
	rc = signoff_ratings_option(r, arg, why, sizeof(why));
	if (rc < 0) {
		if (rc != -1 || !why[0] || memcmp(&before, r, sizeof(before)))
			abort();
		return;
	}
	if (strlen(arg) != 2 * r->count - 1)
		abort();
	for (size_t i = 0; i < r->count; i++)
		if (before.ratings[i] || r->ratings[i] < 1 || r->ratings[i] > 5 ||
		    arg[2 * i] != '0' + r->ratings[i] || (i + 1 < r->count && arg[2 * i + 1] != ','))
			abort();
}

/* What is stored and said missing agrees with what is rated. */
static void check_given(const struct signoff_ratings *r)
{
	struct store_rating stored[SIGNOFF_DOMAINS_MAX];
	char missing[512];
	size_t rated = 0, n;

	for (size_t i = 0; i < r->count; i++)
		if (r->ratings[i]) {
			if (r->ratings[i] < 1 || r->ratings[i] > 5 ||
			    !*signoff_rating_word(r->ratings[i]))
				abort();
			rated++;
		}
	if (signoff_ratings_given(r, missing, sizeof(missing)) != rated ||
	    !memchr(missing, '\0', sizeof(missing)) || (rated < r->count) != !!missing[0])
		abort();
	n = signoff_ratings_store(r, stored);
	if (n != rated)
		abort();
	for (size_t i = 0, k = 0; i < r->count; i++) {
		if (!r->ratings[i])
			continue;
		if (stored[k].rating != r->ratings[i] ||
		    strncmp(stored[k].domain, r->names[i], sizeof(stored[k].domain) - 1))
			abort();
		k++;
	}
}

/* "domains:A|B|..." into @p c as the curriculum's loader would take them
 * (1 to CURRICULUM_DOMAINS_MAX names, each on one line, short enough,
 * none twice); @return false when they are not such a list. */
static bool read_domains(const char *line, struct curriculum *c)
{
	const char *p = line + strlen("domains:");

	memset(c, 0, sizeof(*c));
	if (strncmp(line, "domains:", strlen("domains:")))
		return false;
	for (;;) {
		size_t len = strcspn(p, "|");

		if (!len || len >= CURRICULUM_DOMAIN_MAX || c->domain_count == CURRICULUM_DOMAINS_MAX)
			return false;
		memcpy(c->domains[c->domain_count], p, len);
		for (size_t j = 0; j < c->domain_count; j++)
			if (!strcmp(c->domains[j], c->domains[c->domain_count]))
				return false;
		c->domain_count++;
		if (!p[len])
			return true;
		p += len + 1;
	}
}

static void fuzz_ratings(char *text)
{
	static struct curriculum c;
	struct signoff_ratings r = { .count = 0 };
	char *save = NULL, *line = strtok_r(text, "\n", &save);

	if (line && read_domains(line, &c)) {
		line = strtok_r(NULL, "\n", &save);
	} else {
		memset(&c, 0, sizeof(c));
	}
	r.count = signoff_domains(&c, r.names);
	if (r.count != (c.domain_count ? c.domain_count : SIGNOFF_BUILTIN_COUNT))
		abort();
	for (; line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '*')
			ratings_checked(&r, line + 1);
		else
			rate_checked(&r, line);
		find_checked(&r, line);
		check_given(&r);
	}
}

/* ---- J: a stored content, edited ---- */

/* Each reader on any content: its texts NUL-terminated in their buffers. */
static void fuzz_content(const char *json)
{
	static const char *const keys[] = { "name", "academy", "issued_by", "curriculum_sha256" };
	int64_t ids[8];
	char lessons[8][64], out[CERT_TEXT_MAX];
	size_t n;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		memset(out, 'x', sizeof(out));
		cert_facts_json_text(json, keys[i], out, sizeof(out));
		if (!memchr(out, '\0', sizeof(out)))
			abort();
	}
	memset(lessons, 'x', sizeof(lessons));
	n = cert_facts_json_sessions(json, ids, lessons, 8);
	for (size_t i = 0; i < n && i < 8; i++) {
		char sha[CERT_SHA_MAX];

		if (!memchr(lessons[i], '\0', sizeof(lessons[i])))
			abort();
		memset(out, 'x', sizeof(out));
		memset(sha, 'x', sizeof(sha));
		cert_facts_json_lesson(json, lessons[i], out, sizeof(out), sha);
		if (!memchr(out, '\0', sizeof(out)) || !memchr(sha, '\0', sizeof(sha)))
			abort();
		cert_facts_json_signoff_session(json, ids[i]);
		memset(out, 'x', 64);
		if (cert_facts_json_benchmark(json, ids[i], out) && !memchr(out, '\0', 64))
			abort();
	}
}

/* ---- F: facts written, then read back ---- */

#define F_LESSONS 4
#define F_SESSIONS 2   /* per lesson, each with one sign-off */

/* The next NUL-separated text of [*p, end) into @p out (cut to fit), ""
 * past the end. */
static void next_text(const char **p, const char *end, char *out, size_t size)
{
	size_t len;

	out[0] = '\0';
	if (*p >= end)
		return;
	len = strnlen(*p, (size_t)(end - *p));
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), *p);
	*p += len;
	if (*p < end)
		(*p)++;
}

/* Lesson @p k's title and file hash read back as written, when its id is
 * one (a plain name, as the curriculum's are) and no lesson before it has
 * the same (the reader finds the first). */
static void lesson_read_back(const char *json, const struct cert_lesson *lessons, size_t k)
{
	char title[CERT_TEXT_MAX], sha[CERT_SHA_MAX];
	const struct cert_lesson *l = &lessons[k];
	int rc = cert_facts_json_lesson(json, l->id, title, sizeof(title), sha);

	if (!memchr(title, '\0', sizeof(title)) || !memchr(sha, '\0', sizeof(sha)))
		abort();
	for (size_t j = 0; j < k; j++)
		if (!strcmp(lessons[j].id, l->id))
			return;
	if (!data_file_plain_id(l->id))
		return;
	if (rc != 0 || strcmp(title, l->title) || strcmp(sha, l->file_sha256))
		abort();
}

static void fuzz_facts(const char *text, size_t size)
{
	static struct cert_lesson lessons[F_LESSONS];
	static struct cert_session sessions[F_LESSONS][F_SESSIONS];
	static struct cert_signoff signoffs[F_LESSONS][F_SESSIONS];
	static struct cert_benchmark benchmarks[F_LESSONS];
	static struct cert_facts facts;
	const char *p = text, *end = text + size;
	char out[CERT_TEXT_MAX], lesson[64], *json = NULL;
	int64_t ids[F_LESSONS * F_SESSIONS];
	char ids_lessons[F_LESSONS * F_SESSIONS][64];
	size_t n;

	memset(&facts, 0, sizeof(facts));
	memset(lessons, 0, sizeof(lessons));
	memset(sessions, 0, sizeof(sessions));
	memset(signoffs, 0, sizeof(signoffs));
	memset(benchmarks, 0, sizeof(benchmarks));
	facts.trainee_id = 1;
	next_text(&p, end, facts.trainee, sizeof(facts.trainee));
	next_text(&p, end, facts.academy, sizeof(facts.academy));
	next_text(&p, end, facts.issued_by, sizeof(facts.issued_by));
	next_text(&p, end, facts.curriculum_sha256, sizeof(facts.curriculum_sha256));
	facts.lessons = lessons;
	while (p < end && facts.lesson_count < F_LESSONS) {
		size_t k = facts.lesson_count++;
		struct cert_lesson *l = &lessons[k];

		next_text(&p, end, l->id, sizeof(l->id));
		next_text(&p, end, l->title, sizeof(l->title));
		snprintf(l->file_sha256, sizeof(l->file_sha256), "%.64s", l->title);
		l->rule = (struct prof_rule){ .consecutive = 2, .total = 2 };
		l->sessions = sessions[k];
		l->session_count = F_SESSIONS;
		for (size_t j = 0; j < F_SESSIONS; j++) {
			sessions[k][j].id = (int64_t)(k * F_SESSIONS + j + 1);
			sessions[k][j].score = (double)(unsigned char)l->title[j] / 3.0;
			sessions[k][j].benchmark = (int64_t)(k + 1);
			sessions[k][j].signoffs = &signoffs[k][j];
			sessions[k][j].signoff_count = 1;
			signoffs[k][j].id = (int64_t)(100 + k * F_SESSIONS + j);
			snprintf(signoffs[k][j].instructor, CERT_TEXT_MAX, "%s", l->title);
			signoffs[k][j].lowest = 3;
		}
		l->benchmarks = &benchmarks[k];
		l->benchmark_count = 1;
		benchmarks[k].id = (int64_t)(k + 1);
		snprintf(benchmarks[k].rule, CERT_TEXT_MAX, "%s", l->id);
	}
	if (cert_facts_json(&facts, &json) < 0)
		abort();
	/* The top-level texts read back as written. */
	if (cert_facts_json_text(json, "name", out, sizeof(out)) || strcmp(out, facts.trainee) ||
	    cert_facts_json_text(json, "academy", out, sizeof(out)) ||
	    strcmp(out, facts.academy) ||
	    cert_facts_json_text(json, "issued_by", out, sizeof(out)) ||
	    strcmp(out, facts.issued_by) ||
	    cert_facts_json_text(json, "curriculum_sha256", out, sizeof(out)) ||
	    strcmp(out, facts.curriculum_sha256))
		abort();
	/* Every session, in order, with its lesson; each sign-off in its
	 * session; each benchmark in its lesson. */
	n = cert_facts_json_sessions(json, ids, ids_lessons, F_LESSONS * F_SESSIONS);
	if (n != facts.lesson_count * F_SESSIONS)
		abort();
	for (size_t k = 0; k < facts.lesson_count; k++) {
		for (size_t j = 0; j < F_SESSIONS; j++) {
			size_t i = k * F_SESSIONS + j;

			if (ids[i] != sessions[k][j].id || strcmp(ids_lessons[i], lessons[k].id) ||
			    cert_facts_json_signoff_session(json, signoffs[k][j].id) !=
				    sessions[k][j].id)
				abort();
		}
		if (!cert_facts_json_benchmark(json, benchmarks[k].id, lesson) ||
		    strcmp(lesson, lessons[k].id))
			abort();
		lesson_read_back(json, lessons, k);
	}
	free(json);
	/* One session alone is found as in the whole. */
	if (facts.lesson_count) {
		if (cert_session_json(&sessions[0][0], lessons[0].id, &json) < 0 ||
		    cert_facts_json_sessions(json, ids, ids_lessons, 1) != 1 ||
		    ids[0] != sessions[0][0].id || strcmp(ids_lessons[0], lessons[0].id))
			abort();
		free(json);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	/* The input after its first byte, NUL-terminated (it may hold NULs of
	 * its own: the C strings end there, F splits on them). */
	if (!(text = malloc(size)))
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] == 'C' ? 0 : data[0] == 'R' ? 1 : data[0] == 'J' ? 2 :
		data[0] == 'F' ? 3 : data[0] % 4) {
	case 0:
		fuzz_code(text);
		break;
	case 1:
		fuzz_ratings(text);
		break;
	case 2:
		fuzz_content(text);
		break;
	default:
		fuzz_facts(text, size - 1);
		break;
	}
	free(text);
	return 0;
}
