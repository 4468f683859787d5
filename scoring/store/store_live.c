/* store_live: which sessions are live, and those that were interrupted.
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
#include "store_ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
const char store_sql_mark_interrupted[] =
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
		stmt = store_sql(store, store_sql_mark_interrupted);
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
		if (sqlite3_changes(store->db) == 0)
			continue;
		*marked += 1;
		rc = store_ledger_append(store, STORE_LEDGER_SESSION, dead[i]);
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

struct store_active *store_active_find(struct store *store, int64_t id)
{
	for (size_t i = 0; i < store->active_count; i++)
		if (store->active[i].id == id)
			return &store->active[i];
	return NULL;
}
