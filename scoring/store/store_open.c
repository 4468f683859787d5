/* store_open: opening the trainee record, to read it or to write it, and
 * telling the record from any other file before a byte of it is written.
 *
 * Readers (store_open_readonly(): review, export, report, trainee list)
 * write nothing: not the database, not a -wal or -shm beside it, no
 * migration, no journal mode, no session marked interrupted. The record is
 * in WAL mode, and there SQLite reads through a wal-index in PATH-shm; a
 * read-only connection still makes -wal and -shm when they are missing
 * (and leaves them behind, owned by the reader), and cannot read at all
 * where it cannot make them. So how a reader connects depends on what lies
 * beside the database:
 *
 *   -wal and -shm: "mode=ro&readonly_shm=1", SQLite's read-only WAL
 *     (https://www.sqlite.org/wal.html, "Read-Only Databases", SQLite
 *     3.22 and later). While a writer is connected the reader maps its
 *     -shm read-only and reads under the WAL's own locks; when none is, it
 *     builds the wal-index in its own memory from the -wal. It writes
 *     nothing, so it reads a read-only file, in a read-only folder, on a
 *     full disk. Writers leave -wal and -shm beside the record (below), so
 *     this is the usual way.
 *   no -wal (or an empty one and no -shm): nothing waits in a WAL and no
 *     connection has the database open (one would have made them), so the
 *     file is the whole record: "mode=ro&immutable=1" reads it with no
 *     lock and no other file. Immutable is wrong if the file changes while
 *     it is read, and a WAL writer that starts meanwhile changes it only by
 *     a checkpoint. The one the last connection runs as it closes needs
 *     SQLite's exclusive lock on the file, so the reader holds SQLite's
 *     shared lock on it while it is open (taken through SQLite's own VFS,
 *     xLock, on a file of its own), and that checkpoint is put off. An
 *     automatic checkpoint needs 10 000 pages (40 MB) written after the
 *     reader looked; no smpsim writer comes near that within a read.
 *   a non-empty -wal and no -shm: its changes need a wal-index only a
 *     write can make: readers refuse and say what to do; writers let
 *     SQLite make the -shm.
 *   a rollback-journal database (another program's): "mode=ro", which
 *     takes SQLite's shared lock and makes no file.
 *
 * Writers (store_open(): trainee add, practice, demo) first open the file
 * in that same way and write nothing until it is known to be theirs: an
 * SQLite database whose PRAGMA application_id is smpsim's (set by the
 * schema's first version) or a new, empty one; not of a newer schema; and
 * passing PRAGMA quick_check. Only then the writing connection: WAL,
 * foreign keys, the schema brought up to date, dead sessions marked
 * interrupted. It keeps the WAL persistent (SQLITE_FCNTL_PERSIST_WAL) with
 * a journal size limit, so the last close checkpoints, empties the -wal and
 * leaves it and the -shm in place for readers that cannot make them.
 * quick_check reads every page, about as long as reading the whole record
 * once (docs/performance.md); a writer pays it once per open, before a
 * session rather than in one.
 *
 * The header is read, and the lock held, through the VFS (xOpen, xRead,
 * xLock) rather than open(2): closing a descriptor of the file would drop
 * every POSIX lock this process holds on it, those of other connections
 * too, while SQLite's unix VFS shares them among the connections of a
 * process and closes a descriptor only when that is safe.
 *
 * synchronous=NORMAL in WAL mode makes a commit a write() to the WAL with
 * no fsync(): a killed program loses nothing committed (the kernel has
 * it), a power cut may lose the last commits but never corrupts the
 * database. The WAL is copied into the database (a checkpoint, the one
 * place with an fsync) when it passes 10 000 pages and when the last
 * connection closes, so storing a session never waits for one.
 *
 * Closing (store_close()) is here too: it ends what opening began. The
 * file is a little over 600 lines because the reader's and the writer's
 * ways in are one sequence of checks, each case above beside its code.
 */
#include "store_internal.h"
#include "store_ledger_content.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char sqlite_magic[16] = "SQLite format 3";   /* and its NUL */

int store_make_parents(const char *path, char *err, size_t err_size)
{
	char dir[STORE_PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof(dir)) {
		snprintf(err, err_size, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	memcpy(dir, path, n + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			int rc = -errno;

			snprintf(err, err_size, "%s: cannot make the folder %s: %s", path,
				 dir, strerror(errno));
			return rc;
		}
		*p = '/';
	}
	return 0;
}

/* Checks @p path and stats it: *exists, and @p st when it does.
 * @return 0, or a negative errno with @p err set. */
static int check_path(const char *path, struct stat *st, bool *exists, char *err,
		      size_t err_size)
{
	*exists = false;
	if (!path || !*path) {
		snprintf(err, err_size, "no database path");
		return -EINVAL;
	}
	if (strlen(path) >= STORE_PATH_MAX) {
		snprintf(err, err_size, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	if (stat(path, st) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return -errno;
	}
	*exists = true;
	if (S_ISDIR(st->st_mode)) {
		snprintf(err, err_size, "%s: is a folder, not a database", path);
		return -EISDIR;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, err_size, "%s: not a regular file, so not a database", path);
		return -EINVAL;
	}
	return 0;
}

/* The size of PATH + @p suffix: -1 when there is no such file. @return 0,
 * or a negative errno with @p err set. */
static int companion_size(const char *path, const char *suffix, off_t *size, char *err,
			  size_t err_size)
{
	char name[STORE_PATH_MAX + 8];
	struct stat st;

	snprintf(name, sizeof(name), "%s%s", path, suffix);
	if (stat(name, &st) == 0) {
		*size = st.st_size;
		return 0;
	}
	*size = -1;
	if (errno == ENOENT)
		return 0;
	snprintf(err, err_size, "%s: %s", name, strerror(errno));
	return -errno;
}

/* The database file through SQLite's VFS, read-only, in *out (for
 * file_close()), its name (sqlite3_create_filename(), as xOpen wants) in
 * *name. @return 0, or a negative errno with @p err set. */
static int file_open(const char *path, sqlite3_file **out, sqlite3_filename *name, char *err,
		     size_t err_size)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	char *full = vfs ? sqlite3_malloc(vfs->mxPathname + 1) : NULL;
	sqlite3_file *f = vfs ? sqlite3_malloc(vfs->szOsFile) : NULL;
	int rc = full && f ? vfs->xFullPathname(vfs, path, vfs->mxPathname + 1, full) :
		 SQLITE_NOMEM;
	int flags;

	*out = NULL;
	*name = NULL;
	if (rc == SQLITE_OK && !(*name = sqlite3_create_filename(full, "", "", 0, NULL)))
		rc = SQLITE_NOMEM;
	sqlite3_free(full);
	if (rc == SQLITE_OK) {
		memset(f, 0, (size_t)vfs->szOsFile);
		rc = vfs->xOpen(vfs, *name, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB,
				&flags);
	}
	if (rc != SQLITE_OK) {
		/* The VFS says CANTOPEN; access() says why. */
		int sys = access(path, R_OK) < 0 ? errno : 0;

		/* xOpen failed: f has nothing to close. */
		sqlite3_free(f);
		sqlite3_free_filename(*name);
		*name = NULL;
		snprintf(err, err_size, "%s: %s", path, sys ? strerror(sys) : sqlite3_errstr(rc));
		return sys ? -sys : store_errno(rc);
	}
	*out = f;
	return 0;
}

static void file_close(sqlite3_file *f, sqlite3_filename name)
{
	if (f) {
		f->pMethods->xUnlock(f, SQLITE_LOCK_NONE);
		f->pMethods->xClose(f);
		sqlite3_free(f);
	}
	sqlite3_free_filename(name);
}

void store_unlock_file(struct store *store)
{
	file_close(store->lock_file, store->lock_name);
	store->lock_file = NULL;
	store->lock_name = NULL;
}

/* Takes SQLite's shared lock on @p f, waiting out an exclusive one (a
 * checkpoint) for at most the busy timeout. */
static int hold_shared_lock(sqlite3_file *f, const char *path, char *err, size_t err_size)
{
	const struct timespec step = { 0, 10 * 1000 * 1000 };
	int rc;

	for (int waited_ms = 0;; waited_ms += 10) {
		rc = f->pMethods->xLock(f, SQLITE_LOCK_SHARED);
		if (rc != SQLITE_BUSY || waited_ms >= STORE_BUSY_TIMEOUT_MS)
			break;
		nanosleep(&step, NULL);
	}
	if (rc == SQLITE_OK)
		return 0;
	snprintf(err, err_size, "%s: cannot take a read lock: %s", path,
		 rc == SQLITE_BUSY ? "another program holds it locked" : sqlite3_errstr(rc));
	return store_errno(rc);
}

/* "file:PATH?PARAMS" with % ? # in the path escaped, as SQLite's URIs
 * want (https://www.sqlite.org/uri.html). */
static int make_uri(const char *path, const char *params, char *uri, size_t size)
{
	/* "file://" before an absolute path: an empty authority, so a path
	 * that begins with "//" is not taken for a host. */
	int n = snprintf(uri, size, "%s", path[0] == '/' ? "file://" : "file:");

	for (const char *p = path; *p && n > 0 && (size_t)n < size; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			n += snprintf(uri + n, size - (size_t)n, "%%%02X", (unsigned char)*p);
		else
			uri[n++] = *p;
	}
	if (n > 0 && (size_t)n < size)
		n += snprintf(uri + n, size - (size_t)n, "?%s", params);
	return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

/* The settings every connection has. */
static void configure(sqlite3 *db)
{
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
}

/* Why a file that is not there cannot be made at @p path: the errno of
 * access() of its folder for writing and searching, 0 when nothing is
 * wrong with the folder (or the file is there). */
static int folder_errno(const char *path)
{
	char dir[STORE_PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (lstat(path, &st) == 0 || errno != ENOENT)
		return 0;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return access(dir, W_OK | X_OK) < 0 ? errno : 0;
}

/* Says why sqlite3_open_v2() failed. SQLite, refused a new file
 * read-write, tries it read-only and keeps that try's errno: ENOENT for
 * a record that a folder it may not write in (mode 555) cannot hold; the
 * folder says the real reason. */
static int open_failed(struct store *store, int rc, char *err, size_t err_size)
{
	int sys = store->db ? sqlite3_system_errno(store->db) : 0;

	if (sys == ENOENT && folder_errno(store->path))
		sys = folder_errno(store->path);

	snprintf(err, err_size, "%s: %s", store->path,
		 sys ? strerror(sys) : store->db ? sqlite3_errmsg(store->db) : "out of memory");
	return sys ? -sys : store_errno(rc);
}

static void disconnect(struct store *store)
{
	for (size_t i = 0; i < store->stmt_count; i++)
		sqlite3_finalize(store->stmts[i].stmt);
	store->stmt_count = 0;
	sqlite3_close(store->db);
	store->db = NULL;
	store_unlock_file(store);
}

/* Opens store->path read-only in the way its companions call for (above).
 * @p writer: a writer follows, which may make a missing -shm.
 * @return 0, or a negative errno with @p err set. */
static int connect_reader(struct store *store, bool writer, char *err, size_t err_size)
{
	char uri[3 * STORE_PATH_MAX + 64];
	unsigned char header[100];
	const char *params = "mode=ro";
	sqlite3_file *f;
	sqlite3_filename name;
	off_t wal = -1, shm = -1;
	int rc;

	if ((rc = file_open(store->path, &f, &name, err, err_size)) < 0)
		return rc;
	/* Shorter than a header: SQLite fills it with zeros, no magic. */
	rc = f->pMethods->xRead(f, header, sizeof(header), 0);
	if ((rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) ||
	    memcmp(header, sqlite_magic, 16)) {
		file_close(f, name);
		if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
			snprintf(err, err_size, "%s: %s", store->path, sqlite3_errstr(rc));
			return store_errno(rc);
		}
		snprintf(err, err_size, "%s: not an SQLite database", store->path);
		return -EINVAL;
	}
	/* Header bytes 18 and 19, the write and read versions: 2 is WAL. */
	if (header[18] == 2 || header[19] == 2) {
		rc = hold_shared_lock(f, store->path, err, err_size);
		if (rc == 0)
			rc = companion_size(store->path, "-wal", &wal, err, err_size);
		if (rc == 0)
			rc = companion_size(store->path, "-shm", &shm, err, err_size);
		if (rc < 0) {
			file_close(f, name);
			return rc;
		}
		if (wal < 0 || (wal == 0 && shm < 0)) {
			params = "mode=ro&immutable=1";
			store->lock_file = f;        /* held while the store is open */
			store->lock_name = name;
			f = NULL;
			name = NULL;
		} else if (shm >= 0) {
			params = "mode=ro&readonly_shm=1";
		} else if (!writer) {
			file_close(f, name);
			snprintf(err, err_size, "%s: %s-wal holds changes that need its "
				 "index %s-shm, which is missing, and only a command that "
				 "writes (smpsim trainee add, practice) can make it again",
				 store->path, store->path, store->path);
			return -EIO;
		}
	}
	file_close(f, name);
	if (make_uri(store->path, params, uri, sizeof(uri)) < 0) {
		snprintf(err, err_size, "%s: path too long", store->path);
		return -ENAMETOOLONG;
	}
	rc = sqlite3_open_v2(uri, &store->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return open_failed(store, rc, err, err_size);
	configure(store->db);
	/* A read-only connection cannot checkpoint; not even try. */
	sqlite3_db_config(store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	return 0;
}

/* A database that SQLite finds malformed, though it begins as one. */
static int damaged(struct store *store, const char *what, char *err, size_t err_size)
{
	snprintf(err, err_size, "%s: the record is damaged (%s); nothing was written to "
		 "it; " STORE_SALVAGE_HINT, store->path, what);
	return -EUCLEAN;
}

static bool sqlite_damage(sqlite3 *db)
{
	int code = sqlite3_errcode(db) & 0xff;

	return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

/* Tells the open database's kind (store_schema_identify()) and refuses
 * what this store cannot use: another program's file, a newer schema,
 * and, for a reader, no record yet. */
static int identify(struct store *store, char *err, size_t err_size)
{
	char why[STORE_ERROR_MAX];
	int version = 0;
	int rc = store_schema_identify(store->db, store_schema_sql, store_schema_sql_size,
				       &version, why, sizeof(why));

	if (rc < 0 && sqlite_damage(store->db))
		return damaged(store, why, err, err_size);
	if (rc == -EINVAL) {
		snprintf(err, err_size, "%s: %s; left as it was", store->path, why);
		return rc;
	}
	if (rc < 0) {
		snprintf(err, err_size, "%s: %s", store->path, why);
		return rc;
	}
	if (rc == 1 && store->readonly && version == 0) {
		snprintf(err, err_size, "%s: an empty database, no record in it yet",
			 store->path);
		return -ENOENT;
	}
	/* A reader reads every version as it is (store_read.c asks each for
	 * what it has); a writer brings an older one up to date first. */
	store->schema_version = version;
	return 0;
}

/* PRAGMA quick_check: every page and b-tree of the database, without the
 * index contents integrity_check adds. (1): stop at the first problem. */
static int quick_check(struct store *store, char *err, size_t err_size)
{
	char what[STORE_ERROR_MAX];
	sqlite3_stmt *stmt;
	const char *text;
	int rc = sqlite3_prepare_v2(store->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(stmt, 0);
		if (text && !strcmp(text, "ok")) {
			sqlite3_finalize(stmt);
			return 0;
		}
		/* "*** in database main ***\nPage 9: ...": the problem itself. */
		if (text && !strncmp(text, "***", 3) && strchr(text, '\n'))
			text = strchr(text, '\n') + 1;
		snprintf(what, sizeof(what), "PRAGMA quick_check: %s", text ? text : "?");
		for (char *p = what; *p; p++)
			if (*p == '\n')
				*p = ' ';
		sqlite3_finalize(stmt);
		return damaged(store, what, err, err_size);
	}
	sqlite3_finalize(stmt);
	snprintf(what, sizeof(what), "PRAGMA quick_check: %s", sqlite3_errmsg(store->db));
	if (sqlite_damage(store->db))
		return damaged(store, what, err, err_size);
	snprintf(err, err_size, "%s: %s", store->path, what);
	return store_errno(rc);
}

static int exec_const(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The writing connection, on a file known to be ours or new. */
static int connect_writer(struct store *store, char *err, size_t err_size)
{
	char literal[STORE_PATH_MAX + 4];
	int rc, one = 1;

	/* SQLite takes a name that begins with "file:" for a URI. */
	snprintf(literal, sizeof(literal), "%s%s",
		 strncmp(store->path, "file:", 5) ? "" : "./", store->path);
	rc = sqlite3_open_v2(literal, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return open_failed(store, rc, err, err_size);
	configure(store->db);
	if (sqlite3_db_readonly(store->db, "main") == 1) {
		snprintf(err, err_size, "%s: cannot write the record: %s (commands that "
			 "only read it, such as review, still can)", store->path,
			 strerror(EACCES));
		return -EROFS;
	}
	rc = sqlite3_file_control(store->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	if (rc == SQLITE_OK)
		rc = exec_const(store->db, "PRAGMA foreign_keys = ON");
	if (rc == SQLITE_OK)
		rc = exec_const(store->db, "PRAGMA synchronous = NORMAL");
	/* 4 KiB pages for a new database (no effect on an existing one), said
	 * rather than left to the build's default: a commit a second writes
	 * whole pages, and 16 KiB pages made that 1.6 times dearer in CPU for
	 * no gain in bulk (tests/bench-store.c). */
	if (rc == SQLITE_OK)
		rc = exec_const(store->db, "PRAGMA page_size = 4096");
	if (rc == SQLITE_OK)
		rc = exec_const(store->db, "PRAGMA journal_mode = WAL");
	/* Checkpoint (copy the WAL into the database, with an fsync) when the
	 * WAL passes 10 000 pages (40 MB) rather than SQLite's 1000: a long
	 * session's deposits are not copied again in the middle of it, and
	 * the last close checkpoints anyway, after the score is stored. */
	if (rc == SQLITE_OK)
		rc = exec_const(store->db, "PRAGMA wal_autocheckpoint = 10000");
	/* 64 MiB, over the 40 MB the WAL reaches between checkpoints: a WAL
	 * restart never truncates it mid-session; with the WAL persistent, a
	 * limit (any) makes the last close empty it rather than delete it. */
	if (rc == SQLITE_OK)
		rc = exec_const(store->db, "PRAGMA journal_size_limit = 67108864");
	if (rc == SQLITE_OK)
		return 0;
	if (sqlite3_extended_errcode(store->db) == SQLITE_READONLY_DIRECTORY)
		snprintf(err, err_size, "%s: cannot write the record: its folder is not "
			 "writable, and SQLite keeps %s-wal and %s-shm beside it", store->path,
			 store->path, store->path);
	else
		snprintf(err, err_size, "%s: %s", store->path, sqlite3_errmsg(store->db));
	return store_errno(rc);
}

static struct store *store_new(const char *path, bool readonly)
{
	struct store *store = calloc(1, sizeof(*store));

	if (!store)
		return NULL;
	store->live_fd = -1;
	store->readonly = readonly;
	snprintf(store->path, sizeof(store->path), "%s", path);
	return store;
}

int store_open_readonly(const char *path, struct store **out, char *err, size_t err_size)
{
	struct store *store;
	struct stat st;
	bool exists;
	int rc;

	*out = NULL;
	if ((rc = check_path(path, &st, &exists, err, err_size)) < 0)
		return rc;
	if (!exists) {
		snprintf(err, err_size, "%s: no such database", path);
		return -ENOENT;
	}
	if (st.st_size == 0) {
		snprintf(err, err_size, "%s: an empty file, no record in it yet", path);
		return -ENOENT;
	}
	if (!(store = store_new(path, true))) {
		snprintf(err, err_size, "%s: out of memory", path);
		return -ENOMEM;
	}
	rc = connect_reader(store, false, err, err_size);
	if (rc == 0)
		rc = identify(store, err, err_size);
	if (rc < 0) {
		store_close(store);
		return rc;
	}
	*out = store;
	return 0;
}

/* The migration's last step (store_schema_apply_then()): a record that was
 * older than the ledger gets an entry for everything it has. */
static int seal_ledger(void *ctx, int from, char *err, size_t err_size)
{
	struct store *store = ctx;
	int rc;

	if (from >= 5)
		return 0;
	if ((rc = store_ledger_seal(store)) < 0)
		snprintf(err, err_size, "sealing the ledger: %s", store->error);
	return rc;
}

int store_open(const char *path, struct store **out, unsigned int *interrupted,
	       char *err, size_t err_size)
{
	char why[STORE_ERROR_MAX];
	struct store *store;
	unsigned int marked = 0;
	struct stat st;
	bool exists;
	int rc;

	*out = NULL;
	if (interrupted)
		*interrupted = 0;
	if ((rc = check_path(path, &st, &exists, err, err_size)) < 0)
		return rc;
	if (!exists && (rc = store_make_parents(path, err, err_size)) < 0)
		return rc;
	if (!(store = store_new(path, false))) {
		snprintf(err, err_size, "%s: out of memory", path);
		return -ENOMEM;
	}
	/* An existing file is known to be ours, and sound, before any write. */
	if (exists && st.st_size > 0) {
		rc = connect_reader(store, true, err, err_size);
		if (rc == 0)
			rc = identify(store, err, err_size);
		if (rc == 0)
			rc = quick_check(store, err, err_size);
		disconnect(store);
		if (rc < 0)
			goto fail;
	}
	if ((rc = connect_writer(store, err, err_size)) < 0)
		goto fail;
	rc = store_schema_apply_then(store->db, store_schema_sql, store_schema_sql_size,
				     NULL, &store->schema_version, why, sizeof(why),
				     seal_ledger, store);
	if (rc < 0) {
		snprintf(err, err_size, "%s: %s", path, why);
		goto fail;
	}
	rc = store_mark_interrupted(store, &marked);
	if (rc < 0) {
		snprintf(err, err_size, "%s: %s", path, store->error);
		goto fail;
	}
	if (interrupted)
		*interrupted = marked;
	store->error[0] = '\0';
	*out = store;
	return 0;
fail:
	store_close(store);
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

		/* Keep what was made; the session did not end: interrupted,
		 * and sealed as such. Failing that (the lock busy), it stays in
		 * progress and the next writer's open marks and seals it. */
		store_active_write(store, a);
		stmt = store_begin_write(store) == 0 ?
		       store_sql(store, store_sql_mark_interrupted) : NULL;
		if (stmt) {
			int rc;

			sqlite3_bind_int64(stmt, 1, a->id);
			sqlite3_bind_text(stmt, 2, a->end_reason[0] ? a->end_reason :
					  "the program closed the record before the session "
					  "ended", -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(stmt);
			sqlite3_reset(stmt);
			if (rc == SQLITE_DONE && sqlite3_changes(store->db) == 1)
				rc = store_ledger_append(store, STORE_LEDGER_SESSION, a->id);
			if (rc == SQLITE_DONE || rc == 0)
				rc = store_commit(store);
		}
		store_rollback(store);
		store_live_unlock(store, a->id);
	}
	for (size_t i = 0; i < store->active_count; i++) {
		free(store->active[i].pending);
		store_pen_release(&store->active[i]);
	}
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
