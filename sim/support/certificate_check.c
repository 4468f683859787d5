/* certificate_check: does a certificate still hold? (issue 14,
 * `smpsim verify --certificate CODE`). Three checks, each naming what it
 * finds in the certificate's own terms:
 *   1. its code: made again from its stored content, its time and the
 *      ledger's chain entry at its ledger_seq (store_certificate_code());
 *   2. the ledger (store_ledger_verify()): a problem with one of the
 *      sessions it rests on, their sign-offs, its benchmarks, its trainee,
 *      its own row, or the chain up to it, is one with the certificate;
 *      other problems are counted as elsewhere;
 *   3. its facts made again from the record now, the same code path as
 *      `smpsim certificate` (certificate_facts()), compared with the
 *      stored content, session by session and then as a whole; only
 *      under the curriculum file it was issued under (another one is
 *      said as such, not blamed on the record).
 * A session named once is not named again by a later check.
 */
#include "certificate.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_certificate.h"
#include "store_ledger.h"

#define NAMED_MAX 256
#define CONTENT_SESSIONS_MAX (LESSON_CURRICULUM_MAX * PROF_REST_MAX)

struct check {
	const struct store_certificate *cert;
	certificate_problem_fn problem;
	void *data;
	struct certificate_verdict *v;
	/* The sessions its stored content names, with their lessons. */
	int64_t *ids;
	char (*lessons)[64];
	size_t count;
	/* Sessions already named, so each is said once. */
	int64_t named[NAMED_MAX];
	size_t named_count;
	/* The ledger named a benchmark, the trainee or the row itself: the
	 * facts made again differ for that reason, said already. */
	bool other_named;
	/* Its stored content is not what was issued (the code or the ledger
	 * says so): comparing with it would blame sessions that are intact. */
	bool row_changed;
	bool code_differs;       /* its code does not follow */
	bool chain_named;        /* the chain up to it is broken */
};

static void say(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct check *c, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	c->v->problems++;
	if (c->problem)
		c->problem(text, c->data);
}

/* @return the lesson the stored content says session @p id rests under,
 * or NULL when it names no such session. */
static const char *content_lesson(const struct check *c, int64_t id)
{
	for (size_t i = 0; i < c->count && i < CONTENT_SESSIONS_MAX; i++)
		if (c->ids[i] == id)
			return c->lessons[i];
	return NULL;
}

/* @return whether session @p id was named already; marks it named. */
static bool named_before(struct check *c, int64_t id)
{
	for (size_t i = 0; i < c->named_count; i++)
		if (c->named[i] == id)
			return true;
	if (c->named_count < NAMED_MAX)
		c->named[c->named_count++] = id;
	return false;
}

static void session_problem(struct check *c, int64_t id, const char *how)
{
	if (!named_before(c, id))
		say(c, "session %" PRId64 ", on which lesson %s rests, %s", id,
		    content_lesson(c, id), how);
}

/* ---- 2. the ledger ---- */

static void ledger_problem(const struct store_ledger_problem *p, void *data)
{
	struct check *c = data;
	const char *kind = p->kind ? p->kind : "";
	char how[512], lesson[64];
	int64_t session = 0;

	if (p->fault == STORE_LEDGER_DELETED)
		snprintf(how, sizeof(how), "was deleted from the record after the certificate "
			 "was issued");
	else if (p->parts && *p->parts)
		snprintf(how, sizeof(how), "was changed after the certificate was issued (%s)",
			 p->parts);
	else
		snprintf(how, sizeof(how), "was changed after the certificate was issued");

	if (p->fault == STORE_LEDGER_CHAIN) {
		if (p->seq == 0 || p->seq <= c->cert->ledger_seq + 1) {
			say(c, "the ledger it was issued on was changed: %s", p->text);
			c->chain_named = true;
		}
		else
			c->v->elsewhere++;
		return;
	}
	if (!strcmp(kind, STORE_LEDGER_SESSION) && content_lesson(c, p->ref)) {
		session_problem(c, p->ref, how);
		return;
	}
	if (!strcmp(kind, STORE_LEDGER_SIGNOFF) &&
	    (session = cert_facts_json_signoff_session(c->cert->content, p->ref)) &&
	    content_lesson(c, session)) {
		char sign[600];

		snprintf(sign, sizeof(sign), "was changed after the certificate was issued: "
			 "its sign-off %" PRId64 " %s", p->ref,
			 p->fault == STORE_LEDGER_DELETED ? "was deleted" : "was edited");
		session_problem(c, session, sign);
		return;
	}
	if (!strcmp(kind, STORE_LEDGER_BENCHMARK) &&
	    cert_facts_json_benchmark(c->cert->content, p->ref, lesson)) {
		say(c, "benchmark %" PRId64 ", which lesson %s's sessions were judged against, %s",
		    p->ref, lesson, how);
		c->other_named = true;
		return;
	}
	if (!strcmp(kind, STORE_LEDGER_TRAINEE) && p->ref == c->cert->trainee) {
		say(c, "the trainee's entry %s", how);
		c->other_named = true;
		return;
	}
	if (!strcmp(kind, STORE_LEDGER_CERTIFICATE) && p->ref == c->cert->id) {
		say(c, "the certificate's own row %s", how);
		c->other_named = c->row_changed = true;
		return;
	}
	c->v->elsewhere++;
}

/* ---- 3. the facts now ---- */

static const struct cert_session *facts_session(const struct cert_facts *f, int64_t id,
						const char **lesson)
{
	for (size_t i = 0; i < f->lesson_count; i++)
		for (size_t j = 0; j < f->lessons[i].session_count; j++)
			if (f->lessons[i].sessions[j].id == id) {
				*lesson = f->lessons[i].id;
				return &f->lessons[i].sessions[j];
			}
	return NULL;
}

/* Says, and @return whether, the data folder's curriculum (SHA-256
 * @p sha, "" unknown) is not the one the certificate was issued under.
 * Judged by another curriculum's rules, a trainee may well not be
 * proficient: then this, and not "no longer proficient", is what a third
 * party with the wrong data folder must be told. */
static bool curriculum_differs(struct check *c, const char *sha)
{
	char stored[CERT_TEXT_MAX];

	if (!sha[0] ||
	    cert_facts_json_text(c->cert->content, "curriculum_sha256", stored,
				 sizeof(stored)) < 0 || !strcmp(stored, sha))
		return false;
	say(c, "the curriculum file here (SHA-256 %s) is not the one it was issued under "
	    "(%s): verify with that data folder (SMPSIM_DATA_DIR)", sha, stored);
	return true;
}

/* Says which parts of @p now differ from the stored content. */
static int compare_facts(struct check *c, const struct cert_facts *now, const char *json)
{
	const char *content = c->cert->content;
	size_t before = c->v->problems;
	char stored[CERT_TEXT_MAX];
	bool differ = false;   /* a session differs, named here or before */

	/* The sessions it names, one by one. */
	for (size_t i = 0; i < c->count && i < CONTENT_SESSIONS_MAX; i++) {
		const char *lesson = NULL;
		const struct cert_session *s = facts_session(now, c->ids[i], &lesson);
		char *one = NULL;

		if (!s) {
			session_problem(c, c->ids[i], "no longer counts towards it in the record");
			differ = true;
			continue;
		}
		if (cert_session_json(s, lesson, &one) < 0)
			return -ENOMEM;
		if (!strstr(content, one)) {
			session_problem(c, c->ids[i], "was changed after the certificate was issued");
			differ = true;
		}
		free(one);
	}
	/* Sessions it rests on now that the certificate does not name. */
	for (size_t i = 0; i < now->lesson_count; i++)
		for (size_t j = 0; j < now->lessons[i].session_count; j++) {
			int64_t id = now->lessons[i].sessions[j].id;

			if (content_lesson(c, id))
				continue;
			differ = true;
			if (!named_before(c, id))
				say(c, "lesson %s now rests on session %" PRId64 ", which the "
				    "certificate does not name", now->lessons[i].id, id);
		}
	if (differ || c->other_named || !strcmp(json, content))
		return 0;
	/* The same sessions: then the files, the trainee, or the rest. */
	for (size_t i = 0; i < now->lesson_count; i++) {
		char key[CERT_SHA_MAX + 32];

		snprintf(key, sizeof(key), "\"file_sha256\":\"%s\"", now->lessons[i].file_sha256);
		if (!strstr(content, key))
			say(c, "lesson %s's file here (SHA-256 %s) is not the one it was issued "
			    "under", now->lessons[i].id, now->lessons[i].file_sha256);
	}
	if (cert_facts_json_text(content, "name", stored, sizeof(stored)) == 0 &&
	    strcmp(stored, now->trainee))
		say(c, "the trainee's name in the record is now '%s'", now->trainee);
	if (c->v->problems == before)
		say(c, "its facts differ from the record's now (a lesson's rule or title)");
	return 0;
}

/* The name of trainee @p id as the record has it now. */
static int trainee_name(struct store *store, int64_t id, char *name, size_t size)
{
	struct store_trainee *t = NULL;
	size_t n = 0;
	int rc = store_trainee_list(store, &t, &n);

	name[0] = '\0';
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (t[i].id == id)
			snprintf(name, size, "%s", t[i].name);
	free(t);
	return rc < 0 ? rc : name[0] ? 0 : -ENOENT;
}

static int refacts(struct store *store, struct data_library *lib,
		   const struct curriculum *cur, struct check *c, char *why, size_t why_size)
{
	char name[STORE_NAME_MAX], academy[CERT_TEXT_MAX], by[CERT_TEXT_MAX], *json = NULL;
	struct certificate_ask ask = { .trainee = name, .lessons = c->cert->lessons,
				       .academy = academy, .by = by };
	struct cert_facts now;
	char reason[4096];
	int rc = trainee_name(store, c->cert->trainee, name, sizeof(name));

	if (rc == -ENOENT) {
		say(c, "its trainee is no longer in the record");
		return 0;
	}
	if (rc < 0) {
		snprintf(why, why_size, "%s", store_error(store));
		return rc;
	}
	/* Judged under another curriculum (a data folder with other rules or
	 * lessons), the facts would differ though the record did not: said,
	 * and not remade, rather than blamed on the record. */
	if (curriculum_differs(c, cur->sha256))
		return 0;
	cert_facts_json_text(c->cert->content, "academy", academy, sizeof(academy));
	cert_facts_json_text(c->cert->content, "issued_by", by, sizeof(by));
	rc = certificate_facts(store, lib, cur, &ask, &now, reason, sizeof(reason));
	if (rc == -EPERM || rc == -EINVAL) {
		say(c, "the record no longer shows the trainee proficient in every lesson it "
		    "covers:\n%s", reason);
		return 0;
	}
	if (rc < 0) {
		snprintf(why, why_size, "%s", reason);
		return rc;
	}
	if ((rc = cert_facts_json(&now, &json)) == 0)
		rc = compare_facts(c, &now, json);
	if (rc < 0)
		snprintf(why, why_size, "out of memory");
	free(json);
	cert_facts_clear(&now);
	return rc;
}

int certificate_check(struct store *store, struct data_library *lib,
		      const struct curriculum *cur, const char *code,
		      certificate_problem_fn problem, void *data,
		      struct certificate_verdict *verdict, char *why, size_t why_size)
{
	struct store_certificate cert;
	struct check c = { .cert = &cert, .problem = problem, .data = data, .v = verdict };
	struct store_ledger_summary sum;
	char again[STORE_CERT_CODE_MAX];
	int rc;

	memset(verdict, 0, sizeof(*verdict));
	store_certificate_code_text(code, verdict->code);
	rc = store_certificate_get(store, code, &cert);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0) {
		snprintf(why, why_size, "%s", store_error(store));
		return rc;
	}
	verdict->found = true;
	snprintf(verdict->issued, sizeof(verdict->issued), "%s", cert.made);
	cert_facts_json_text(cert.content, "name", verdict->trainee, sizeof(verdict->trainee));
	for (const char *p = cert.lessons; *p; p++)
		if (p == cert.lessons || (p[-1] == ' ' && *p != ' '))
			verdict->lessons++;
	c.ids = calloc(CONTENT_SESSIONS_MAX, sizeof(*c.ids));
	c.lessons = calloc(CONTENT_SESSIONS_MAX, sizeof(*c.lessons));
	if (!c.ids || !c.lessons) {
		snprintf(why, why_size, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	c.count = cert_facts_json_sessions(cert.content, c.ids, c.lessons, CONTENT_SESSIONS_MAX);

	/* 1. Its code. */
	if (!cert.chain_sha256[0]) {
		say(&c, "ledger entry %" PRId64 ", the record's head when it was issued, is gone",
		    cert.ledger_seq);
	} else if ((rc = store_certificate_code(cert.content, cert.made, cert.chain_sha256,
						again)) < 0) {
		snprintf(why, why_size, "out of memory");
		goto out;
	} else if (strcmp(again, cert.code)) {
		say(&c, "its stored facts, time or ledger entry %" PRId64 " were changed: "
		    "they no longer give its code", cert.ledger_seq);
		c.code_differs = true;
	}
	/* 2. The ledger. */
	rc = store_ledger_verify(store, ledger_problem, &c, &sum);
	if (rc < 0) {
		snprintf(why, why_size, "%s", store_error(store));
		goto out;
	}
	/* 3. Its facts now, against what it stated when they are that: a code
	 * that does not follow on an unbroken chain means its content (or
	 * time) is not what was issued. */
	if (c.code_differs && !c.chain_named)
		c.row_changed = true;
	rc = c.row_changed ? 0 : refacts(store, lib, cur, &c, why, why_size);
out:
	free(c.ids);
	free(c.lessons);
	store_certificate_clear(&cert);
	return rc;
}
