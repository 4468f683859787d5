/* store_migrate: the record's schema, its identification and its
 * migration.
 *
 * The schema (store_schema.sql, built in as store_schema_sql) is sections
 * "-- @version N"; store_schema_apply() runs, in one BEGIN IMMEDIATE
 * transaction, every section after the database's user_version, each
 * statement prepared and stepped from the text in turn, and checks that
 * each section left user_version at its own number. The version is read
 * again inside the transaction, so two programs opening a new database at
 * once create it once. store_schema_identify() tells, by reading only, a
 * record (our application_id) from a new database and from another
 * program's. store_schema_apply_then() runs a step of the caller's (the
 * ledger's sealing, store_open.c) in the same transaction, after the
 * sections.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VERSION_MARK "-- @version "

/* ---- the schema ---- */

/* Finds the section for @p version: its text in [*start, *end). A section
 * opens with a line that begins with VERSION_MARK and ends where the next
 * one opens. @return 1 when found, 0 when not. */
static int schema_section(const char *schema, size_t size, int version,
			  const char **start, const char **end)
{
	const char *p = schema, *stop = schema + size;
	bool inside = false;

	while (p < stop) {
		const char *eol = memchr(p, '\n', (size_t)(stop - p));
		const char *next = eol ? eol + 1 : stop;

		if ((size_t)(stop - p) > strlen(VERSION_MARK) &&
		    !memcmp(p, VERSION_MARK, strlen(VERSION_MARK))) {
			if (inside) {
				*end = p;
				return 1;
			}
			if (atoi(p + strlen(VERSION_MARK)) == version) {
				inside = true;
				*start = next;
			}
		}
		p = next;
	}
	if (inside)
		*end = stop;
	return inside;
}

int store_schema_latest(const char *schema, size_t size, char *err, size_t err_size)
{
	const char *p = schema, *stop = schema + size;
	int latest = 0;

	while (p < stop) {
		const char *eol = memchr(p, '\n', (size_t)(stop - p));

		if ((size_t)(stop - p) > strlen(VERSION_MARK) &&
		    !memcmp(p, VERSION_MARK, strlen(VERSION_MARK))) {
			int v = atoi(p + strlen(VERSION_MARK));

			if (v != latest + 1) {
				snprintf(err, err_size, "the built-in schema's sections go "
					 "from version %d to %d", latest, v);
				return -EINVAL;
			}
			latest = v;
		}
		p = eol ? eol + 1 : stop;
	}
	if (latest == 0) {
		snprintf(err, err_size, "the built-in schema has no version");
		return -EINVAL;
	}
	return latest;
}

/* Runs the statements of [start, end) in turn. */
static int run_script(sqlite3 *db, const char *start, const char *end)
{
	while (start < end) {
		sqlite3_stmt *stmt = NULL;
		const char *tail = NULL;
		int rc = sqlite3_prepare_v2(db, start, (int)(end - start), &stmt, &tail);

		if (rc != SQLITE_OK)
			return rc;
		if (!stmt)           /* only blanks and comments were left */
			break;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return rc;
		start = tail;
	}
	return SQLITE_OK;
}

/* Reads one integer a constant statement (a PRAGMA) gives. */
static int read_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int exec_const(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The version, application id and number of schema objects of @p db. */
static int schema_state(sqlite3 *db, int64_t *version, int64_t *app, int64_t *objects)
{
	int rc = read_int(db, "PRAGMA user_version", version);

	if (rc == SQLITE_OK)
		rc = read_int(db, "PRAGMA application_id", app);
	if (rc == SQLITE_OK)
		rc = read_int(db, "SELECT count(*) FROM sqlite_master", objects);
	return rc;
}

int store_schema_identify(sqlite3 *db, const char *schema, size_t schema_size,
			  int *version, char *err, size_t err_size)
{
	int64_t v = 0, app = 0, objects = 0;
	int latest = store_schema_latest(schema, schema_size, err, err_size);
	int rc;

	if (latest < 0)
		return latest;
	rc = schema_state(db, &v, &app, &objects);
	if (rc != SQLITE_OK) {
		snprintf(err, err_size, "%s", sqlite3_errmsg(db));
		return store_errno(rc);
	}
	if (version)
		*version = (int)v;
	if (app != STORE_APPLICATION_ID) {
		if (app == 0 && objects == 0 && v == 0)
			return 1;            /* new: nothing in it yet */
		if (app != 0)
			snprintf(err, err_size, "not an smpsim record but another "
				 "program's SQLite database (application id 0x%08llx)",
				 (unsigned long long)(uint32_t)app);
		else
			snprintf(err, err_size, "not an smpsim record but another "
				 "program's SQLite database (tables of its own, no "
				 "application id)");
		return -EINVAL;
	}
	if (v > latest) {
		snprintf(err, err_size, "made by a newer smpsim: its schema is version "
			 "%lld, this smpsim knows versions up to %d; use a newer smpsim "
			 "or another database", (long long)v, latest);
		return -ENOTSUP;
	}
	return v < latest ? 1 : 0;
}

int store_schema_apply(sqlite3 *db, const char *schema, size_t schema_size, int *from,
		       int *to, char *err, size_t err_size)
{
	return store_schema_apply_then(db, schema, schema_size, from, to, err, err_size,
				       NULL, NULL);
}

int store_schema_apply_then(sqlite3 *db, const char *schema, size_t schema_size,
			    int *from, int *to, char *err, size_t err_size,
			    store_schema_then_fn then, void *ctx)
{
	int64_t now = 0;
	int version = 0, latest = store_schema_latest(schema, schema_size, err, err_size);
	int rc;

	if (latest < 0)
		return latest;
	rc = store_schema_identify(db, schema, schema_size, &version, err, err_size);
	if (from)
		*from = version;
	if (to)
		*to = version;
	if (rc <= 0)
		return rc;

	rc = exec_const(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		goto sqlite_error;
	/* Someone may have migrated it while we waited for the lock. */
	rc = store_schema_identify(db, schema, schema_size, &version, err, err_size);
	if (rc <= 0) {
		exec_const(db, "ROLLBACK");
		return rc;
	}
	if (from)
		*from = version;
	for (int v = version + 1; v <= latest; v++) {
		const char *start, *end;

		if (!schema_section(schema, schema_size, v, &start, &end)) {
			snprintf(err, err_size, "the built-in schema has no version %d", v);
			exec_const(db, "ROLLBACK");
			return -EINVAL;
		}
		rc = run_script(db, start, end);
		if (rc != SQLITE_OK)
			goto rollback;
		rc = read_int(db, "PRAGMA user_version", &now);
		if (rc != SQLITE_OK)
			goto rollback;
		if (now != v) {
			snprintf(err, err_size, "the built-in schema's version %d does "
				 "not end with PRAGMA user_version = %d", v, v);
			exec_const(db, "ROLLBACK");
			return -EINVAL;
		}
	}
	/* What the new version needs of the old rows, in the same
	 * transaction: all of it commits, or none. */
	if (then && (rc = then(ctx, version, err, err_size)) < 0) {
		exec_const(db, "ROLLBACK");
		return rc;
	}
	rc = exec_const(db, "COMMIT");
	if (rc != SQLITE_OK)
		goto rollback;
	if (to)
		*to = latest;
	return 0;

rollback:
	snprintf(err, err_size, "updating the schema: %s", sqlite3_errmsg(db));
	exec_const(db, "ROLLBACK");
	return store_errno(rc);
sqlite_error:
	snprintf(err, err_size, "%s", sqlite3_errmsg(db));
	return store_errno(rc);
}
