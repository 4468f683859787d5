/* store_verify: checking the record against its ledger (smpsim verify).
 *
 * In one read transaction, reading only: first the chain, entry by entry
 * in seq order, each entry's chain_sha256 recomputed from the one before
 * (store_ledger.c says the bytes) and its content_sha256 from its parts.
 * An entry is in the chain when it follows from the entry before as stored
 * or as recomputed, so one edit (of an entry's content hash or of its
 * chain hash) breaks the chain once, where it is, not at every entry after. Then each kind of store_ledger_kinds[] in turn: the things
 * the record has (the kind's list query, by id) walked beside the newest
 * entry of each thing (by ref), both in id order, as a merge: a thing on
 * both sides is recomputed and compared, part by part when the entry's
 * parts can be trusted (they hash to its content_sha256); one only in the
 * ledger was deleted; one only in the record was added outside smpsim,
 * unless it is a session in progress, whose entry comes when it ends.
 * Between the two, each lesson's stored copy is checked against the
 * SHA-256 the sessions' rows hold.
 */
#include "store_internal.h"
#include "store_ledger_content.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

static const char sql_chain[] =
	"SELECT seq, kind, ref, content_sha256, chain_sha256, parts FROM ledger ORDER BY seq";
static const char sql_lessons[] =
	"SELECT id, lesson_id, sha256, content FROM lessons ORDER BY id";
static const char sql_newest[] =
	"SELECT ref, seq, content_sha256, parts FROM ledger WHERE kind = ?1 AND "
	"seq IN (SELECT max(seq) FROM ledger WHERE kind = ?1 GROUP BY ref) ORDER BY ref";

struct verify {
	struct store *store;
	store_ledger_report_fn report;
	void *data;
	struct store_ledger_summary *sum;
};

/* Reports one problem; @p fmt makes its sentence. */
static void problem(struct verify *v, enum store_ledger_fault fault, const char *kind,
		    int64_t ref, int64_t seq, const char *parts, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void problem(struct verify *v, enum store_ledger_fault fault, const char *kind,
		    int64_t ref, int64_t seq, const char *parts, const char *fmt, ...)
{
	va_list ap;
	gchar *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	v->sum->problems++;
	if (v->report)
		v->report(&(struct store_ledger_problem){
			.fault = fault, .kind = kind, .ref = ref, .seq = seq,
			.parts = parts ? parts : "", .text = text,
		}, v->data);
	g_free(text);
}

static const char *col_text(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return s ? s : "";
}

/* ---- the chain ---- */

static int check_chain(struct verify *v)
{
	char prev[STORE_LEDGER_HEX], alt[STORE_LEDGER_HEX], want[STORE_LEDGER_HEX];
	char other[STORE_LEDGER_HEX], hex[STORE_LEDGER_HEX];
	sqlite3_stmt *stmt = store_sql(v->store, sql_chain);
	int64_t last = 0;
	int rc;

	if (!stmt)
		return -ENOMEM;
	memset(prev, '0', STORE_LEDGER_HEX - 1);
	prev[STORE_LEDGER_HEX - 1] = '\0';
	memcpy(alt, prev, sizeof(prev));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(stmt, 0), ref = sqlite3_column_int64(stmt, 2);
		const char *kind = col_text(stmt, 1), *content = col_text(stmt, 3);
		const char *chain = col_text(stmt, 4), *parts = col_text(stmt, 5);
		bool broken;

		v->sum->entries++;
		/* The entry follows from the one before as stored, or as it
		 * should have been: one edit breaks the chain once, where it is,
		 * not at every entry after it. */
		if (store_ledger_chain(prev, kind, ref, content, want) < 0 ||
		    store_ledger_chain(alt, kind, ref, content, other) < 0 ||
		    store_ledger_sha256(parts, strlen(parts), hex) < 0) {
			sqlite3_reset(stmt);
			return store_fail(v->store, -ENOMEM, "out of memory");
		}
		broken = strcmp(want, chain) && strcmp(other, chain);
		if (broken && seq == last + 2)
			problem(v, STORE_LEDGER_CHAIN, NULL, 0, seq, NULL,
				"ledger entry %lld was deleted: the chain breaks at entry %lld",
				(long long)last + 1, (long long)seq);
		else if (broken && seq != last + 1)
			problem(v, STORE_LEDGER_CHAIN, NULL, 0, seq, NULL,
				"ledger entries %lld to %lld were deleted: the chain breaks at "
				"entry %lld", (long long)last + 1, (long long)seq - 1, (long long)seq);
		else if (broken)
			problem(v, STORE_LEDGER_CHAIN, NULL, 0, seq, NULL,
				"ledger entry %lld was changed: the chain breaks there",
				(long long)seq);
		if (strcmp(hex, content))
			problem(v, STORE_LEDGER_CHAIN, NULL, 0, seq, NULL,
				"ledger entry %lld was changed: its parts do not match its "
				"content hash", (long long)seq);
		store_copy_text(prev, sizeof(prev), chain, strlen(chain));
		memcpy(alt, want, sizeof(want));
		last = seq;
		v->sum->head_seq = seq;
		memcpy(v->sum->head, prev, sizeof(prev));
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(v->store, rc, "reading the ledger");
}

/* ---- the lessons' copies ---- */

/* Each session's row holds its lesson's SHA-256; the lesson's bytes,
 * kept for replays and rescoring, must still hash to it. */
static int check_lessons(struct verify *v)
{
	sqlite3_stmt *stmt = store_sql(v->store, sql_lessons);
	char hex[STORE_LEDGER_HEX];
	int rc;

	if (!stmt)
		return -ENOMEM;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(stmt, 3);

		if (store_ledger_sha256(data ? data : "", (size_t)sqlite3_column_bytes(stmt, 3),
					hex) < 0) {
			sqlite3_reset(stmt);
			return store_fail(v->store, -ENOMEM, "out of memory");
		}
		if (strcmp(hex, col_text(stmt, 2)))
			problem(v, STORE_LEDGER_CHANGED, "lesson", sqlite3_column_int64(stmt, 0),
				0, "text", "the copy of lesson %s kept as lesson %lld was "
				"changed (its text no longer matches its SHA-256)",
				col_text(stmt, 1), (long long)sqlite3_column_int64(stmt, 0));
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(v->store, rc, "reading the lessons");
}

/* ---- the things ---- */

/* The parts of @p k whose hashes differ between @p stored (an entry's
 * parts, to be trusted when @p trusted: they hash to its content) and
 * @p now: "deposits and score", or, untrusted, every part: "row, score,
 * ... or advice". @return whether the verb after it is plural ("differ"). */
static bool differing(const struct store_ledger_kind *k, const char *stored, bool trusted,
		      const char *now, GString *out)
{
	const struct store_ledger_part *which[STORE_LEDGER_PARTS];
	size_t n = 0;

	for (size_t i = 0; i < k->part_count; i++) {
		char key[32];
		const char *a, *b;

		snprintf(key, sizeof(key), "%s=", k->parts[i].name);
		a = strstr(now, key);
		b = strstr(stored, key);
		/* The same hash after the same name: the part is as it was. */
		if (trusted && a && b && !strncmp(a, b, strlen(key) + STORE_LEDGER_HEX - 1))
			continue;
		/* An optional part neither has (a session with no calibration). */
		if (trusted && !a && !b)
			continue;
		which[n++] = &k->parts[i];
	}
	if (n == 0)      /* trusted parts all equal, yet the content differs */
		for (size_t i = 0; i < k->part_count; i++)
			which[n++] = &k->parts[i];
	g_string_truncate(out, 0);
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(out, "%s%s", i == 0 ? "" : i + 1 < n ? ", " :
				       trusted ? " and " : " or ", which[i]->shown);
	return n > 1 || which[0]->plural;
}

/* What names thing @p ref of @p k: "trainee 3 (Ana)". */
static void label(struct verify *v, const struct store_ledger_kind *k, int64_t ref,
		  GString *out)
{
	sqlite3_stmt *stmt = k->label_sql ? store_sql(v->store, k->label_sql) : NULL;

	g_string_printf(out, "%s %lld", k->noun, (long long)ref);
	if (!stmt)
		return;
	sqlite3_bind_int64(stmt, 1, ref);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		g_string_append(out, col_text(stmt, 0));
	sqlite3_reset(stmt);
}

/* The newest entry of one thing, copied out of the statement. */
struct entry {
	int64_t ref, seq;
	char content[STORE_LEDGER_HEX];
	char parts[STORE_LEDGER_PARTS_MAX];
};

/* Compares thing @p e->ref, on both sides, with its newest entry. */
static int compare(struct verify *v, const struct store_ledger_kind *k,
		   const struct entry *e)
{
	char parts[STORE_LEDGER_PARTS_MAX], content[STORE_LEDGER_HEX], hex[STORE_LEDGER_HEX];
	GString *name, *which;
	bool plural;
	int rc = store_ledger_content(v->store, k, e->ref, parts, content);

	if (rc < 0)
		return rc;
	v->sum->things++;
	if (!strcmp(k->kind, STORE_LEDGER_SESSION))
		v->sum->sessions++;
	if (!strcmp(content, e->content))
		return 0;
	if (store_ledger_sha256(e->parts, strlen(e->parts), hex) < 0)
		return store_fail(v->store, -ENOMEM, "out of memory");
	name = g_string_new(NULL);
	which = g_string_new(NULL);
	label(v, k, e->ref, name);
	plural = differing(k, e->parts, !strcmp(hex, e->content), parts, which);
	problem(v, STORE_LEDGER_CHANGED, k->kind, e->ref, e->seq, which->str,
		"%s was changed after it was stored (its %s %s from the ledger)",
		name->str, which->str, plural ? "differ" : "differs");
	g_string_free(name, TRUE);
	g_string_free(which, TRUE);
	return 0;
}

/* Reads the newest entry of every thing of @p k, by ref. */
static int newest_entries(struct verify *v, const struct store_ledger_kind *k,
			  GArray *entries)
{
	sqlite3_stmt *stmt = store_sql(v->store, sql_newest);
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_text(stmt, 1, k->kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct entry e = {
			.ref = sqlite3_column_int64(stmt, 0),
			.seq = sqlite3_column_int64(stmt, 1),
		};

		store_column_text(stmt, 2, e.content, sizeof(e.content));
		store_column_text(stmt, 3, e.parts, sizeof(e.parts));
		g_array_append_val(entries, e);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(v->store, rc, "reading the ledger");
}

/* The things of @p k the record has, by id: ids, and whether each is
 * unsealed (a session in progress). */
static int things(struct verify *v, const struct store_ledger_kind *k, GArray *ids,
		  GArray *unsealed)
{
	sqlite3_stmt *stmt = store_sql(v->store, k->list_sql);
	int rc;

	if (!stmt)
		return -ENOMEM;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		gboolean open = sqlite3_column_int(stmt, 1) != 0;

		g_array_append_val(ids, id);
		g_array_append_val(unsealed, open);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(v->store, rc, "listing the record");
}

/* Walks the things of @p k beside their newest entries. */
static int check_kind(struct verify *v, const struct store_ledger_kind *k)
{
	GArray *entries = g_array_new(FALSE, FALSE, sizeof(struct entry));
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	GArray *unsealed = g_array_new(FALSE, FALSE, sizeof(gboolean));
	GString *name = g_string_new(NULL);
	guint i = 0, j = 0;
	int rc = newest_entries(v, k, entries);

	if (rc == 0)
		rc = things(v, k, ids, unsealed);
	while (rc == 0 && (i < entries->len || j < ids->len)) {
		const struct entry *e = i < entries->len ?
			&g_array_index(entries, struct entry, i) : NULL;
		int64_t id = j < ids->len ? g_array_index(ids, int64_t, j) : INT64_MAX;

		if (e && e->ref == id) {
			rc = compare(v, k, e);
			i++;
			j++;
		} else if (e && e->ref < id) {
			label(v, k, e->ref, name);
			problem(v, STORE_LEDGER_DELETED, k->kind, e->ref, e->seq, NULL,
				"%s was deleted (the ledger has it, the record does not)",
				name->str);
			i++;
		} else {
			if (g_array_index(unsealed, gboolean, j)) {
				v->sum->unsealed++;
			} else {
				label(v, k, id, name);
				problem(v, STORE_LEDGER_UNLEDGERED, k->kind, id, 0, NULL,
					"%s is not in the ledger (added outside smpsim)",
					name->str);
			}
			j++;
		}
	}
	g_array_free(entries, TRUE);
	g_array_free(ids, TRUE);
	g_array_free(unsealed, TRUE);
	g_string_free(name, TRUE);
	return rc;
}

int store_ledger_verify(struct store *store, store_ledger_report_fn report, void *data,
			struct store_ledger_summary *summary)
{
	struct store_ledger_summary local;
	struct verify v = { store, report, data, summary ? summary : &local };
	int rc;

	*v.sum = (struct store_ledger_summary){ 0 };
	memset(v.sum->head, '0', STORE_LEDGER_HEX - 1);
	if (store->schema_version < 5)
		return store_fail(store, -ENOTSUP, "%s is a record of version %d, made "
				  "before the ledger: open it once with a command that "
				  "writes (smpsim trainee add, practice) to bring it to "
				  "version 5, which seals it as it is then",
				  store->path, store->schema_version);
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	rc = check_chain(&v);
	if (rc == 0)
		rc = check_lessons(&v);
	for (size_t i = 0; rc == 0 && i < store_ledger_kind_count; i++)
		rc = check_kind(&v, &store_ledger_kinds[i]);
	store_rollback(store);
	return rc;
}
