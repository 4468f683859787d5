/* store_internal: what the store's files (store.c, store_open.c,
 * store_migrate.c, store_live.c, store_trainee.c, store_session.c,
 * store_read.c) share: the store itself,
 * its statement cache, error and binding helpers, the schema's
 * identification and runner (also used by tests/test-store.c on schemas of
 * its own), the live locks.
 */
#ifndef SMPSIM_STORE_INTERNAL_H
#define SMPSIM_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>

#include "store.h"

/** The schema, scoring/store/store_schema.sql, built in (embed_text.cmake). */
extern const char *const store_schema_sql;
extern const size_t store_schema_sql_size;

/** PRAGMA application_id of an smpsim database: "SMPs". */
#define STORE_APPLICATION_ID 0x534d5073

/** How long store_open() waits for the write lock to mark sessions
 * interrupted before leaving it to a later open. */
#define STORE_MARK_TIMEOUT_MS 250

/** What an error about a damaged record says to do (store_fail_sqlite(),
 * store_open.c): the instructor guide's section gives the steps. */
#define STORE_SALVAGE_HINT \
	"salvage what can be read into a new record with sqlite3 (.recover, or " \
	".dump where .recover is missing, as on Debian 12): see 'A damaged " \
	"record' in docs/instructor-guide.md"

/** A deposit added and not yet committed. */
struct store_pending {
	struct deposit deposit;
	bool has_region_id;
	char region_id[SCALP_ID_MAX];
};

/** A chunk of the pen stream added and not yet committed (store_pen.c). */
struct store_pen_pending {
	int64_t first_us, last_us;
	size_t events;
	uint8_t *data;
	size_t size;
};

/** A session begun in this store and not yet ended. */
struct store_active {
	int64_t id;
	int64_t start_us;
	struct store_pending *pending;
	size_t pending_count, pending_size;
	int64_t last_up_us;          /**< the latest deposit's up_us */
	int64_t committed_ns;        /**< monotonic clock at the last commit */
	bool interrupted;            /**< store_session_set_ending() said so */
	char end_reason[STORE_NAME_MAX]; /**< "" until it is said */
	int64_t last_seq;            /**< the last deposit id added, -1: none */
	struct store_pen_pending *pen; /**< pen stream chunks not yet committed */
	size_t pen_count, pen_size;
	int64_t pen_seq;             /**< the next chunk's seq */
};

struct store_stmt {
	const char *sql;             /**< the key: the address of the text */
	sqlite3_stmt *stmt;
};

#define STORE_STMT_MAX 160

struct store {
	sqlite3 *db;
	char path[STORE_PATH_MAX];
	char error[STORE_ERROR_MAX];
	bool readonly;               /**< opened by store_open_readonly() */
	int schema_version;          /**< of the database, once identified */
	/** The database file through SQLite's VFS, holding SQLite's shared
	 * lock while it is read immutable (store_open.c), and its name; NULL. */
	sqlite3_file *lock_file;
	sqlite3_filename lock_name;
	int live_fd;                 /**< PATH-live, or -1 until needed */
	struct store_active *active;
	size_t active_count, active_size;
	struct store_stmt stmts[STORE_STMT_MAX];
	size_t stmt_count;
};

/** Sets store->error (printf-style). @return @p rc, for `return store_fail(...)`. */
int store_fail(struct store *store, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Sets store->error to "WHAT: sqlite's message" (for a damaged database:
 * "PATH is damaged: WHAT: ...; STORE_SALVAGE_HINT"). @return the errno
 * for SQLite's result @p sqlite_rc, negative. */
int store_fail_sqlite(struct store *store, int sqlite_rc, const char *what);

/** @return the negative errno nearest SQLite's result code @p rc. */
int store_errno(int rc);

/**
 * @return the prepared statement for @p sql (a string constant: it is
 * cached by its address), reset and with its bindings cleared; NULL after
 * store_fail_sqlite().
 */
sqlite3_stmt *store_sql(struct store *store, const char *sql);

/** Runs @p sql (a constant) once to SQLITE_DONE. @return 0 or a negative errno. */
int store_exec(struct store *store, const char *sql);

/** BEGIN IMMEDIATE / BEGIN / COMMIT / ROLLBACK. Rollback never fails
 * visibly (it keeps store->error as it was). store_begin_write() on a
 * store opened read-only fails with -EROFS. */
int store_begin_write(struct store *store);
int store_begin_read(struct store *store);
int store_commit(struct store *store);
void store_rollback(struct store *store);

/** Binds text, or NULL when @p s is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/** Binds a double, or NULL when it is NaN (SQLite has no NaN). */
int store_bind_real(sqlite3_stmt *stmt, int i, double v);
/** @return column @p i as a double, NaN for NULL. */
double store_column_real(sqlite3_stmt *stmt, int i);
/** Copies column @p i's text into @p buf ("" for NULL), cut at a UTF-8
 * character boundary when too long. */
void store_column_text(sqlite3_stmt *stmt, int i, char *buf, size_t size);
/** Copies the @p n bytes of @p s (NULL: none) into @p buf as
 * store_column_text() does. */
void store_copy_text(char *buf, size_t size, const char *s, size_t n);

/** Writes the time now, ISO 8601 UTC with milliseconds. */
void store_now(char buf[STORE_TIME_MAX]);

/**
 * The trainee whose name, cleaned (store_trainee_name()), is @p clean:
 * by its key, else (a name stored before the rule) by cleaning each
 * stored name (store_trainee.c). @p id and @p stored (the name as
 * stored, @p stored_size bytes) may be NULL.
 * @return 0, -ENOENT, or a negative errno with store->error set.
 */
int store_trainee_lookup(struct store *store, const char *clean, int64_t *id,
			 char *stored, size_t stored_size);

/** @return the active session @p id of this store, or NULL (store_live.c). */
struct store_active *store_active_find(struct store *store, int64_t id);

/**
 * Tells what @p db is against @p schema (a text in the form of
 * store_schema.sql), reading only: ours when its application_id is
 * STORE_APPLICATION_ID; new when it has no tables, no version and no
 * application id; another program's otherwise. *version (may be NULL)
 * gets its user_version.
 * @return 0 for a record of the schema's last version, 1 for a new
 * database or a record of an older version (store_schema_apply() brings
 * it up to date), -EINVAL for another program's database, -ENOTSUP for a
 * record of a newer smpsim, or the negative errno of an SQLite error
 * (store_errno()); with @p err set, without the path.
 */
int store_schema_identify(sqlite3 *db, const char *schema, size_t schema_size,
			  int *version, char *err, size_t err_size);

/**
 * Applies @p schema (a text in the form of store_schema.sql) to @p db:
 * every section after the database's user_version, in one write
 * transaction. *from and *to (either may be NULL) get the versions before
 * and after. @return 0, -ENOTSUP when the database's version is above
 * the schema's last, -EINVAL for a database that is not ours or a
 * malformed schema, or a negative errno; with @p err set.
 */
int store_schema_apply(sqlite3 *db, const char *schema, size_t schema_size,
		       int *from, int *to, char *err, size_t err_size);

/** A step store_schema_apply_then() runs after the sections, before the
 * commit: @p from the version the database was at. @return 0, or a
 * negative errno with @p err set (the migration is rolled back). */
typedef int (*store_schema_then_fn)(void *ctx, int from, char *err, size_t err_size);

/** store_schema_apply(), then @p then (may be NULL) in the same
 * transaction when any section was applied. */
int store_schema_apply_then(sqlite3 *db, const char *schema, size_t schema_size,
			    int *from, int *to, char *err, size_t err_size,
			    store_schema_then_fn then, void *ctx);

/** @return the last version @p schema defines, or -EINVAL with @p err set. */
int store_schema_latest(const char *schema, size_t schema_size, char *err,
			size_t err_size);

/** Inserts the pending pen chunks of @p a; inside a transaction
 * (store_pen.c). They stay pending until store_pen_committed(). */
int store_pen_insert_pending(struct store *store, struct store_active *a);

/** The transaction that inserted @p a's pending chunks committed: they
 * are dropped from memory (store_pen.c). */
void store_pen_committed(struct store_active *a);

/** Frees @p a's pending chunks (store_pen.c). */
void store_pen_release(struct store_active *a);

/** @return 0 when session @p session exists, else -ENOENT ("no session
 * N") or the error of the read; inside the caller's transaction or its
 * own (store_read.c). */
int store_session_exists(struct store *store, int64_t session);

/**
 * The lessons row of lesson @p lesson_id whose exact file is @p lesson_text
 * (NULL: an empty one), inserted with @p title when it is not there yet;
 * inside the caller's write transaction (store_session.c; a benchmark
 * names the lesson file it was made for the same way).
 * @return 0 and *lesson, or a negative errno.
 */
int store_lesson_row(struct store *store, const char *lesson_id, const char *title,
		     const char *lesson_text, size_t lesson_text_size, int64_t *lesson);

/**
 * Makes room in the array *@p a (of *@p size elements of @p elem bytes)
 * for element @p n: doubles it from 8 when full (store_expert.c).
 * @return 0, or -ENOMEM with *a as it was.
 */
int store_grow(void **a, size_t *size, size_t n, size_t elem);

/**
 * Steps @p stmt (prepared and bound) to its end, collecting its first
 * column's integers into *@p ids to free() (NULL when *count is 0), then
 * resets it (store_expert.c). @return 0, or a negative errno with the
 * error said as failing @p what.
 */
int store_id_column(struct store *store, sqlite3_stmt *stmt, int64_t **ids, size_t *count,
		    const char *what);

/** Steps @p stmt, a statement that returns no row, and resets it.
 * @return 0, or the error (store_fail_sqlite(), saying @p what) (store.c). */
int store_step_done(struct store *store, sqlite3_stmt *stmt, const char *what);

/** Commits the pending deposits of @p a (store_session.c). */
int store_active_write(struct store *store, struct store_active *a);

/** Marks one session in progress interrupted: ?1 its id, ?2 the reason
 * (store_live.c; store_close() uses it too). */
extern const char store_sql_mark_interrupted[];

/** Releases the live lock on session @p id (store_live.c). */
void store_live_unlock(struct store *store, int64_t id);

/** Takes the live lock on session @p id (store_live.c). @return 0 or a negative errno. */
int store_live_lock(struct store *store, int64_t id);

/**
 * The live test (store_live.c): @return 1 when a program holds session @p id's
 * live lock, 0 when none does (no PATH-live: none ever did), -1 when it
 * cannot be told (PATH-live unreadable). Reads only.
 */
int store_live_held(struct store *store, int64_t id);

/**
 * The status to show for session @p id stored as @p stored: a session
 * stored in progress that is not this store's and whose live lock nobody
 * holds is interrupted (its program is gone), whether or not a writer has
 * marked it yet. Reads only, so readers show what writers would mark.
 */
enum store_session_status store_shown_status(struct store *store, int64_t id,
					     enum store_session_status stored);

/** Releases and closes store->lock_file, if any (store_open.c). */
void store_unlock_file(struct store *store);

/** Marks the sessions in progress that no program holds as interrupted,
 * their number in *marked; waits at most STORE_MARK_TIMEOUT_MS for the
 * write lock, else leaves them (store_live.c). @return 0 or a negative errno. */
int store_mark_interrupted(struct store *store, unsigned int *marked);

#endif
