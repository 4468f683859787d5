/* certificate_check: does a certificate still hold? (issue 14,
 * `smpsim verify --certificate CODE`). Three checks, each naming what it
 * finds in the certificate's own terms:
 *   1. its code: made again from its stored content, its time and the
 *      ledger's chain entry at its ledger_seq (store_certificate_code());
 *      and the curriculum file it keeps: its SHA-256 must be the one its
 *      content states (the code covers the content, not the copy);
 *   2. the ledger (store_ledger_verify()): a problem with one of the
 *      sessions it rests on, their sign-offs, its benchmarks, its trainee,
 *      its own row (with the curriculum it keeps), or the chain up to it,
 *      is one with the certificate; other problems are counted as
 *      elsewhere;
 *   3. its facts made again from the record now, the same code path as
 *      `smpsim certificate` (certificate_facts()), compared with the
 *      stored content, session by session and then as a whole; judged
 *      under the curriculum it keeps, parsed from the record
 *      (curriculum_load_text()), whatever the data folder holds: a data
 *      folder whose curriculum differs is said, as information.
 * A session named once is not named again by a later check.
 */
#include "certificate.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_load.h"
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
	bool curriculum_changed; /* the curriculum it keeps is not the one stated */
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
	/* The same sessions: then the trainee, or the rest. The curriculum,
	 * the titles and the lesson files are the certificate's own here. */
	if (cert_facts_json_text(content, "name", stored, sizeof(stored)) == 0 &&
	    strcmp(stored, now->trainee))
		say(c, "the trainee's name in the record is now '%s'", now->trainee);
	if (c->v->problems == before)
		say(c, "its facts differ from the record's now (a lesson's rule as this smpsim "
		    "reads the curriculum it keeps)");
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

/* The curriculum it keeps, parsed from the record, into @p cur. A copy
 * whose hash is the stated one was parsed by the smpsim that issued it:
 * one that no longer loads is this smpsim's limit, not the record's
 * fault, and is said as an error (nothing could be checked). */
static int kept_curriculum(const struct store_certificate *cert, struct curriculum *cur,
			   char *why, size_t why_size)
{
	char name[STORE_CERT_CODE_TEXT_MAX + 64], err[2048];
	char text[STORE_CERT_CODE_TEXT_MAX];
	int rc;

	store_certificate_code_text(cert->code, text);
	snprintf(name, sizeof(name), "the curriculum kept with certificate %s", text);
	rc = curriculum_load_text(name, cert->curriculum, cert->curriculum_len, cur, err,
				  sizeof(err));
	if (rc < 0)
		snprintf(why, why_size, "%s (this smpsim cannot read the curriculum it was "
			 "issued under)", err);
	return rc;
}

static int refacts(struct store *store, const struct curriculum *cur, struct check *c,
		   char *why, size_t why_size)
{
	char name[STORE_NAME_MAX], academy[CERT_TEXT_MAX], by[CERT_TEXT_MAX], *json = NULL;
	struct certificate_ask ask = { .trainee = name, .lessons = c->cert->lessons,
				       .academy = academy, .by = by,
				       .stated = c->cert->content };
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
	cert_facts_json_text(c->cert->content, "academy", academy, sizeof(academy));
	cert_facts_json_text(c->cert->content, "issued_by", by, sizeof(by));
	rc = certificate_facts(store, NULL, cur, &ask, &now, reason, sizeof(reason));
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

/* The SHA-256 of the data folder's curriculum file into @p out, "" when
 * there is none (or no data folder): only to say that it differs. */
static void curriculum_here(struct data_library *lib, char out[CERT_SHA_MAX])
{
	gchar *path, *text = NULL, *hex = NULL;
	gsize len = 0;

	out[0] = '\0';
	if (!lib)
		return;
	path = g_strdup_printf("%s/lessons/%s.yaml", data_library_dir(lib),
			       LESSON_CURRICULUM_ID);
	if (g_file_get_contents(path, &text, &len, NULL))
		hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
	snprintf(out, CERT_SHA_MAX, "%s", hex ? hex : "");
	g_free(hex);
	g_free(text);
	g_free(path);
}

/* 1b. The curriculum it keeps against the SHA-256 its content states. */
static void check_kept_curriculum(struct check *c)
{
	char stated[CERT_SHA_MAX];
	gchar *kept = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
						  (const guchar *)c->cert->curriculum,
						  c->cert->curriculum_len);

	/* A content with no hash: its code says it was changed. */
	if (kept && cert_facts_json_text(c->cert->content, "curriculum_sha256", stated,
					 sizeof(stated)) == 0 && strcmp(stated, kept)) {
		say(c, "the curriculum file kept with it was changed (its SHA-256 is now %s, "
		    "not the %s it was issued under)", kept, stated);
		c->curriculum_changed = true;
	}
	g_free(kept);
}

int certificate_check(struct store *store, struct data_library *lib, const char *code,
		      certificate_problem_fn problem, void *data,
		      struct certificate_verdict *verdict, char *why, size_t why_size)
{
	struct store_certificate cert;
	struct check c = { .cert = &cert, .problem = problem, .data = data, .v = verdict };
	struct store_ledger_summary sum;
	struct curriculum *cur = NULL;
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
	/* Its content states the curriculum's hash: only when that content is
	 * the one issued (its code follows) can the copy be judged by it. */
	if (!c.code_differs)
		check_kept_curriculum(&c);
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
	if (c.row_changed || c.curriculum_changed) {
		rc = 0;
		goto out;
	}
	if (!(cur = calloc(1, sizeof(*cur)))) {
		snprintf(why, why_size, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	if ((rc = kept_curriculum(&cert, cur, why, why_size)) < 0)
		goto out;
	curriculum_here(lib, verdict->curriculum_here);
	if (verdict->curriculum_here[0] && strcmp(verdict->curriculum_here, cur->sha256))
		snprintf(verdict->curriculum_issued, sizeof(verdict->curriculum_issued), "%s",
			 cur->sha256);
	else
		verdict->curriculum_here[0] = '\0';
	rc = refacts(store, cur, &c, why, why_size);
out:
	free(cur);
	free(c.ids);
	free(c.lessons);
	store_certificate_clear(&cert);
	return rc;
}
