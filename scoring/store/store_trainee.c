/* store_trainee: trainees by name, and the one rule names follow.
 *
 * A name is cleaned before it is stored or looked up, so names that look
 * the same are the same trainee: white space (what GLib's
 * g_unichar_isspace() calls space, less the control characters: the
 * Unicode space separators, U+0020, U+00A0, U+2000 to U+200A, U+202F,
 * U+205F, U+3000, U+1680, and the line and paragraph separators U+2028
 * and U+2029) is trimmed at both ends and each inner run becomes one
 * space; then the name is put in Unicode NFC, so composed and decomposed
 * accents are one name. A name is refused when it is not valid UTF-8,
 * when nothing is left once trimmed, when it holds a control character
 * (Unicode category Cc: tab, line feed, escape, bell, delete, U+0085,
 * U+009B, ...) or an invisible or direction-changing one (Cf: U+200B,
 * U+200D, U+202E, U+2066, U+FEFF, U+00AD, ...) or another character
 * Unicode says to draw as nothing (Default_Ignorable_Code_Point outside
 * Cf: fillers such as U+3164, variation selectors U+FE00 to U+FE0F, the
 * combining grapheme joiner ...: "Ana" and "Ana" + U+3164 would look the
 * same), and when it is longer than STORE_NAME_MAX - 1 bytes once
 * cleaned. GLib's character tables (g_unichar_type) decide the
 * categories; the few ignorable ones outside Cf are listed here.
 *
 * A trainee is stored with the cleaned name as both its name and its
 * name_key. Records written before this rule may hold names that were
 * stored as typed (name_key their NFC form): a lookup tries the key
 * first (one indexed row) and, when that finds nothing, cleans each
 * stored name in turn and compares, so "Ana  Souza" stored long ago is
 * found as "Ana Souza" and a new "Ana Souza" is refused as taken. Nothing
 * stored is rewritten: readers never write (issue 9).
 */
#include "store_internal.h"
#include "store_ledger.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int why_is(char *why, size_t size, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int why_is(char *why, size_t size, int rc, const char *fmt, ...)
{
	va_list ap;

	if (why && size) {
		va_start(ap, fmt);
		vsnprintf(why, size, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* Default_Ignorable_Code_Point (Unicode 15, DerivedCoreProperties.txt)
 * less what is Cf or Cc, which are refused by category. */
static bool ignorable(gunichar c)
{
	static const struct { gunichar first, last; } ranges[] = {
		{ 0x034F, 0x034F }, { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 },
		{ 0x180B, 0x180D }, { 0x180F, 0x180F }, { 0x2065, 0x2065 },
		{ 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFFA0, 0xFFA0 },
		{ 0xFFF0, 0xFFF8 }, { 0xE0000, 0xE0FFF },
	};

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i].first && c <= ranges[i].last)
			return true;
	return false;
}

int store_trainee_name(const char *name, char clean[STORE_NAME_MAX], char *why,
		       size_t why_size)
{
	static const char empty[] = "a name cannot be empty or only white space";
	const char *end, *p;
	char *spaced, *nfc;
	size_t n = 0, len;
	bool space = false;
	int rc = 0;

	if (!name || !*name)
		return why_is(why, why_size, -EINVAL, "%s", empty);
	if (!g_utf8_validate(name, -1, &end))
		return why_is(why, why_size, -EINVAL,
			      "a name must be valid UTF-8: byte %zu (0x%02x) is not",
			      (size_t)(end - name) + 1, (unsigned char)*end);
	spaced = g_malloc(strlen(name) + 1);
	for (p = name; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		GUnicodeType type = g_unichar_type(c);

		if (g_unichar_isspace(c) && type != G_UNICODE_CONTROL) {
			space = n > 0;
			continue;
		}
		if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || ignorable(c)) {
			rc = why_is(why, why_size, -EINVAL, "a name cannot hold the %s U+%04" PRIX32,
				    type == G_UNICODE_CONTROL ? "control character" :
				    "invisible or direction-changing character", (uint32_t)c);
			break;
		}
		if (space)
			spaced[n++] = ' ';
		space = false;
		len = (size_t)(g_utf8_next_char(p) - p);
		memcpy(spaced + n, p, len);
		n += len;
	}
	spaced[n] = '\0';
	if (rc == 0 && n == 0)
		rc = why_is(why, why_size, -EINVAL, "%s", empty);
	if (rc < 0) {
		g_free(spaced);
		return rc;
	}
	nfc = g_utf8_normalize(spaced, -1, G_NORMALIZE_NFC);
	g_free(spaced);
	if (!nfc)
		return why_is(why, why_size, -ENOMEM, "out of memory");
	if (strlen(nfc) >= STORE_NAME_MAX)
		rc = why_is(why, why_size, -ENAMETOOLONG, "a name is at most %d bytes",
			    STORE_NAME_MAX - 1);
	else
		memcpy(clean, nfc, strlen(nfc) + 1);
	g_free(nfc);
	return rc;
}

static const char sql_trainee_by_key[] =
	"SELECT id, name FROM trainees WHERE name_key = ?1";
static const char sql_trainee_all[] =
	"SELECT id, name FROM trainees ORDER BY id";
static const char sql_trainee_insert[] =
	"INSERT INTO trainees (name, name_key, created) VALUES (?1, ?2, ?3)";

/* The first row of @p stmt whose name cleans to @p clean (all of them
 * when @p any). @return 0, -ENOENT, or a negative errno. */
static int first_match(struct store *store, sqlite3_stmt *stmt, const char *clean,
		       bool any, int64_t *id, char *stored, size_t stored_size)
{
	char row[STORE_NAME_MAX];
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 1);

		if (!any && (!name || store_trainee_name(name, row, NULL, 0) < 0 ||
			     strcmp(row, clean) != 0))
			continue;
		if (id)
			*id = sqlite3_column_int64(stmt, 0);
		if (stored)
			store_column_text(stmt, 1, stored, stored_size);
		sqlite3_reset(stmt);
		return 0;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? -ENOENT : store_fail_sqlite(store, rc, "looking up a trainee");
}

int store_trainee_lookup(struct store *store, const char *clean, int64_t *id,
			 char *stored, size_t stored_size)
{
	sqlite3_stmt *stmt = store_sql(store, sql_trainee_by_key);
	int rc;

	if (!stmt)
		return -ENOMEM;
	store_bind_text(stmt, 1, clean);
	rc = first_match(store, stmt, clean, true, id, stored, stored_size);
	if (rc != -ENOENT)
		return rc;
	/* A name stored before the rule, as it was typed. */
	stmt = store_sql(store, sql_trainee_all);
	if (!stmt)
		return -ENOMEM;
	return first_match(store, stmt, clean, false, id, stored, stored_size);
}

int store_trainee_add(struct store *store, const char *name, int64_t *id)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX], now[STORE_TIME_MAX];
	char taken[STORE_NAME_MAX];
	sqlite3_stmt *stmt;
	int64_t added;
	int rc = store_trainee_name(name, clean, why, sizeof(why));

	if (rc < 0)
		return store_fail(store, rc, "%s", why);
	store_now(now);
	rc = store_begin_write(store);
	if (rc < 0)
		return rc;
	rc = store_trainee_lookup(store, clean, NULL, taken, sizeof(taken));
	if (rc == 0) {
		rc = store_fail(store, -EEXIST, "a trainee named '%s' already exists", taken);
		goto out;
	}
	if (rc != -ENOENT)
		goto out;
	stmt = store_sql(store, sql_trainee_insert);
	if (!stmt) {
		rc = -ENOMEM;
		goto out;
	}
	store_bind_text(stmt, 1, clean);
	store_bind_text(stmt, 2, clean);
	store_bind_text(stmt, 3, now);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "adding a trainee");
		goto out;
	}
	added = sqlite3_last_insert_rowid(store->db);
	if (id)
		*id = added;
	rc = store_ledger_append(store, STORE_LEDGER_TRAINEE, added);
	if (rc == 0)
		rc = store_commit(store);
out:
	if (rc < 0)
		store_rollback(store);
	return rc;
}

int store_trainee_find(struct store *store, const char *name, int64_t *id)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];
	int rc = store_trainee_name(name, clean, why, sizeof(why));

	if (rc < 0)
		return store_fail(store, rc, "%s", why);
	rc = store_trainee_lookup(store, clean, id, NULL, 0);
	if (rc == -ENOENT)
		return store_fail(store, rc, "no trainee named '%s'", clean);
	return rc;
}
