/* store: the trainee record's common ground: errors, the statement cache
 * and bindings, the schema (its identification and its migration), the
 * live locks and interrupted sessions, and closing. Opening is
 * store_open.c; trainees store_trainee.c; writing a session
 * store_session.c; reading store_read.c.
 *
 * The schema (store_schema.sql, built in as store_schema_sql) is sections
 * "-- @version N"; store_schema_apply() runs, in one BEGIN IMMEDIATE
 * transaction, every section after the database's user_version, each
 * statement prepared and stepped from the text in turn, and checks that
 * each section left user_version at its own number. The version is read
 * again inside the transaction, so two programs opening a new database at
 * once create it once. store_schema_identify() tells, by reading only, a
 * record (our application_id) from a new database and from another
 * program's.
 *
 * Live sessions: store_session_begin() takes an OFD lock (F_OFD_SETLK, a
 * lock that belongs to the open file description, not the process, so
 * closing another descriptor never drops it and two stores in one process
 * see each other's) on byte N of PATH-live for session N, inside the
 * transaction that creates the session, so nobody sees the session before
 * its lock. The kernel drops the lock when the program exits or is
 * killed. A session in progress whose byte nobody locks (F_OFD_GETLK, which
 * works on a descriptor opened read-only) belonged to a program that is
 * gone: a writer marks it interrupted when it opens the record, and every
 * store, readers included, shows it interrupted by the same test.
 */
/* F_OFD_SETLK and F_OFD_GETLK (Linux 3.15) are GNU extensions of fcntl.h. */
#define _GNU_SOURCE
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define VERSION_MARK "-- @version "

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

/* ---- live sessions ---- */

/* Opens PATH-live: read-write for a writer (made when @p create), else
 * read-only, which is enough to test locks; a store opened read-only never
 * opens it otherwise. @return 0, or a negative errno. */
static int live_open(struct store *store, bool create)
{
	char path[STORE_PATH_MAX + 8];
	struct stat st;
	int fd = -1;

	if (store->live_fd >= 0)
		return 0;
	snprintf(path, sizeof(path), "%s-live", store->path);
	/* Never through a link planted at the name, never blocked on a FIFO
	 * there: only a regular file of our own will do. */
	if (!store->readonly)
		fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
			  (create ? O_CREAT : 0), 0644);
	if (store->readonly || (fd < 0 && !create && errno == EACCES))
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return store_fail(store, -errno, "%s: %s", path,
				  errno == ELOOP ? "is a symbolic link, not the record's own "
				  "lock file" : strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return store_fail(store, -EINVAL, "%s: is not a regular file, not the "
				  "record's own lock file", path);
	}
	store->live_fd = fd;
	return 0;
}

static int live_fcntl(int fd, int cmd, short type, int64_t id, struct flock *fl)
{
	*fl = (struct flock){
		.l_type = type,
		.l_whence = SEEK_SET,
		.l_start = (off_t)id,
		.l_len = 1,
		.l_pid = 0,
	};
	return fcntl(fd, cmd, fl);
}

int store_live_lock(struct store *store, int64_t id)
{
	struct flock fl;
	int rc = live_open(store, true);

	if (rc < 0)
		return rc;
	if (live_fcntl(store->live_fd, F_OFD_SETLK, F_WRLCK, id, &fl) < 0)
		return store_fail(store, -errno, "%s-live: cannot lock session %lld: %s",
				  store->path, (long long)id, strerror(errno));
	return 0;
}

void store_live_unlock(struct store *store, int64_t id)
{
	struct flock fl;

	if (store->live_fd >= 0)
		live_fcntl(store->live_fd, F_OFD_SETLK, F_UNLCK, id, &fl);
}

int store_live_held(struct store *store, int64_t id)
{
	struct flock fl;
	int rc = live_open(store, false);

	/* No PATH-live: no session was ever held, so none is held now. */
	if (rc == -ENOENT)
		return 0;
	if (rc < 0 || live_fcntl(store->live_fd, F_OFD_GETLK, F_WRLCK, id, &fl) < 0)
		return -1;
	return fl.l_type != F_UNLCK;
}

enum store_session_status store_shown_status(struct store *store, int64_t id,
					     enum store_session_status stored)
{
	if (stored == STORE_IN_PROGRESS && !store_active_find(store, id) &&
	    store_live_held(store, id) == 0)
		return STORE_INTERRUPTED;
	return stored;
}

static const char sql_in_progress[] =
	"SELECT id FROM sessions WHERE status = 0 ORDER BY id";
static const char sql_mark_interrupted[] =
	"UPDATE sessions SET status = 2, end_reason = ?2 WHERE id = ?1 AND status = 0";

int store_mark_interrupted(struct store *store, unsigned int *marked)
{
	int64_t *dead = NULL;
	size_t count = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*marked = 0;
	stmt = store_sql(store, sql_in_progress);
	if (!stmt)
		return -ENOMEM;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);

		/* Held, or it cannot be told: left alone. */
		if (store_live_held(store, id) != 0)
			continue;
		if (count == size) {
			int64_t *grown = realloc(dead, (size ? size * 2 : 8) * sizeof(*dead));

			if (!grown) {
				free(dead);
				sqlite3_reset(stmt);
				return store_fail(store, -ENOMEM, "out of memory");
			}
			dead = grown;
			size = size ? size * 2 : 8;
		}
		dead[count++] = id;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		free(dead);
		return store_fail_sqlite(store, rc, "finding sessions in progress");
	}
	if (count == 0)
		return 0;

	/* Opening must not wait on another program's session: try briefly,
	 * else leave the marking to a later open. */
	sqlite3_busy_timeout(store->db, STORE_MARK_TIMEOUT_MS);
	rc = store_begin_write(store);
	sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
	if (rc == -EBUSY || rc == -EROFS) {
		free(dead);
		return 0;
	}
	for (size_t i = 0; rc == 0 && i < count; i++) {
		stmt = store_sql(store, sql_mark_interrupted);
		if (!stmt) {
			rc = -ENOMEM;
			break;
		}
		sqlite3_bind_int64(stmt, 1, dead[i]);
		sqlite3_bind_text(stmt, 2, STORE_REASON_GONE, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(stmt)) != SQLITE_DONE) {
			rc = store_fail_sqlite(store, rc, "marking a session interrupted");
			break;
		}
		rc = 0;
		*marked += (unsigned int)sqlite3_changes(store->db);
	}
	free(dead);
	if (rc == 0)
		rc = store_commit(store);
	if (rc < 0) {
		store_rollback(store);
		*marked = 0;
	}
	return rc;
}

/* ---- closing ---- */

void store_close(struct store *store)
{
	if (!store)
		return;
	for (size_t i = 0; store->db && i < store->active_count; i++) {
		struct store_active *a = &store->active[i];
		sqlite3_stmt *stmt;

		/* Keep what was made; the session did not end: interrupted. */
		store_active_write(store, a);
		stmt = store_sql(store, sql_mark_interrupted);
		if (stmt) {
			sqlite3_bind_int64(stmt, 1, a->id);
			sqlite3_bind_text(stmt, 2, a->end_reason[0] ? a->end_reason :
					  "the program closed the record before the session "
					  "ended", -1, SQLITE_TRANSIENT);
			sqlite3_step(stmt);
			sqlite3_reset(stmt);
		}
		store_live_unlock(store, a->id);
	}
	for (size_t i = 0; i < store->active_count; i++)
		free(store->active[i].pending);
	free(store->active);
	for (size_t i = 0; i < store->stmt_count; i++)
		sqlite3_finalize(store->stmts[i].stmt);
	if (store->db)
		sqlite3_close(store->db);
	if (store->live_fd >= 0)
		close(store->live_fd);
	store_unlock_file(store);
	free(store);
}

struct store_active *store_active_find(struct store *store, int64_t id)
{
	for (size_t i = 0; i < store->active_count; i++)
		if (store->active[i].id == id)
			return &store->active[i];
	return NULL;
}
