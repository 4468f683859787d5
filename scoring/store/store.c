/* store: the trainee record's common ground: errors, the statement cache
 * and bindings, times, and where the record is by default. The rest of the
 * record is a file a concern: opening and closing store_open.c (the files
 * themselves store_file.c), the schema and its migration store_migrate.c,
 * live locks and interrupted sessions store_live.c, trainees
 * store_trainee.c, writing a session store_session.c, reading
 * store_read.c. This file calls none of them; they all call it.
 */
#include "store_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

/* ---- errors, statements, bindings ---- */

int store_fail(struct store *store, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(store->error, sizeof(store->error), fmt, ap);
	va_end(ap);
	return rc;
}

int store_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return -EBUSY;
	case SQLITE_NOMEM: return -ENOMEM;
	case SQLITE_READONLY: return -EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH: return -EACCES;
	case SQLITE_FULL: return -ENOSPC;
	case SQLITE_CANTOPEN: return -ENOENT;
	case SQLITE_CONSTRAINT: return -EINVAL;
	case SQLITE_CORRUPT: return -EUCLEAN;
	case SQLITE_NOTADB: return -EINVAL;
	case SQLITE_TOOBIG: return -E2BIG;
	case SQLITE_INTERRUPT: return -EINTR;
	default: return -EIO;
	}
}

int store_fail_sqlite(struct store *store, int sqlite_rc, const char *what)
{
	if ((sqlite_rc & 0xff) == SQLITE_CORRUPT)
		store_fail(store, 0, "%s is damaged: %s: %s; " STORE_SALVAGE_HINT, store->path,
			   what, sqlite3_errmsg(store->db));
	else
		store_fail(store, 0, "%s: %s", what, sqlite3_errmsg(store->db));
	return store_errno(sqlite_rc);
}

sqlite3_stmt *store_sql(struct store *store, const char *sql)
{
	sqlite3_stmt *stmt;
	int rc;

	for (size_t i = 0; i < store->stmt_count; i++) {
		if (store->stmts[i].sql == sql) {
			stmt = store->stmts[i].stmt;
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return stmt;
		}
	}
	rc = sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail_sqlite(store, rc, "preparing a statement");
		return NULL;
	}
	if (store->stmt_count == STORE_STMT_MAX) {
		/* More statements than the cache holds is a mistake here; say so
		 * rather than leak. */
		sqlite3_finalize(stmt);
		store_fail(store, 0, "statement cache full (STORE_STMT_MAX)");
		return NULL;
	}
	store->stmts[store->stmt_count++] = (struct store_stmt){ sql, stmt };
	return stmt;
}

int store_exec(struct store *store, const char *sql)
{
	sqlite3_stmt *stmt = store_sql(store, sql);
	int rc;

	if (!stmt)
		return -ENOMEM;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(store, rc, sql);
	return 0;
}

static const char sql_begin_immediate[] = "BEGIN IMMEDIATE";
static const char sql_begin[] = "BEGIN";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";

int store_begin_write(struct store *store)
{
	if (store->readonly)
		return store_fail(store, -EROFS, "%s: opened to read only", store->path);
	return store_exec(store, sql_begin_immediate);
}

int store_begin_read(struct store *store)
{
	return store_exec(store, sql_begin);
}

int store_commit(struct store *store)
{
	return store_exec(store, sql_commit);
}

void store_rollback(struct store *store)
{
	char keep[STORE_ERROR_MAX];

	if (sqlite3_get_autocommit(store->db))
		return;
	memcpy(keep, store->error, sizeof(keep));
	store_exec(store, sql_rollback);
	memcpy(store->error, keep, sizeof(keep));
}

int store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	return s ? sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC) :
		   sqlite3_bind_null(stmt, i);
}

int store_bind_real(sqlite3_stmt *stmt, int i, double v)
{
	return isnan(v) ? sqlite3_bind_null(stmt, i) : sqlite3_bind_double(stmt, i, v);
}

double store_column_real(sqlite3_stmt *stmt, int i)
{
	return sqlite3_column_type(stmt, i) == SQLITE_NULL ? NAN :
	       sqlite3_column_double(stmt, i);
}

void store_column_text(sqlite3_stmt *stmt, int i, char *buf, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	store_copy_text(buf, size, s, s ? (size_t)sqlite3_column_bytes(stmt, i) : 0);
}

void store_copy_text(char *buf, size_t size, const char *s, size_t n)
{
	if (n >= size) {
		n = size - 1;
		/* Back off to the start of a UTF-8 character. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if (n)
		memcpy(buf, s, n);
	buf[n] = '\0';
}

void store_now(char buf[STORE_TIME_MAX])
{
	struct timespec ts;
	struct tm tm;

	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, STORE_TIME_MAX, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, STORE_TIME_MAX - n, ".%03dZ", (int)(ts.tv_nsec / 1000000));
}

const char *store_error(const struct store *store)
{
	return store->error;
}

const char *store_path(const struct store *store)
{
	return store->path;
}

const char *store_session_status_name(enum store_session_status status)
{
	switch (status) {
	case STORE_IN_PROGRESS: return "in-progress";
	case STORE_COMPLETE: return "complete";
	case STORE_INTERRUPTED: return "interrupted";
	}
	return "unknown";
}

const char *store_origin_name(int origin)
{
	switch (origin) {
	case STORE_ORIGIN_LIVE:
		return "live";
	case STORE_ORIGIN_REPLAYED:
		return "replayed";
	default:
		return "not kept";
	}
}

const char *store_view_mode_name(int mode)
{
	switch (mode) {
	case STORE_VIEW_NONE: return "none";
	case STORE_VIEW_SHOWN: return "view";
	case STORE_VIEW_EXAM: return "exam";
	}
	return "-";
}

/* ---- where the database is ---- */

const char *store_default_dir(char *buf, size_t size)
{
	const char *env;
	int n;

	if ((env = getenv("XDG_DATA_HOME")) && env[0] == '/')
		n = snprintf(buf, size, "%s/smpsim", env);
	else if ((env = getenv("HOME")) && *env)
		n = snprintf(buf, size, "%s/.local/share/smpsim", env);
	else
		return NULL;
	return n > 0 && (size_t)n < size ? buf : NULL;
}

const char *store_default_path(char *buf, size_t size)
{
	const char *env = getenv("SMPSIM_DB");
	size_t n;
	int w;

	if (env && *env) {
		w = snprintf(buf, size, "%s", env);
		return w > 0 && (size_t)w < size ? buf : NULL;
	}
	if (!store_default_dir(buf, size))
		return NULL;
	n = strlen(buf);
	w = snprintf(buf + n, size - n, "/smpsim.db");
	return w > 0 && (size_t)w < size - n ? buf : NULL;
}

int store_step_done(struct store *store, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(store, rc, what);
}
