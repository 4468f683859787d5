/* store_pen: a session's pen stream in the record (table pen_chunks), and
 * what a replay reads beside it (the mapping, the pen device).
 *
 * The store keeps the chunks as blobs: what is in them is rig/input's
 * business (pen_stream.c). Chunks added during a session wait in memory
 * with the deposits and go into the database in the deposits' commit
 * (store_session.c calls store_pen_insert_pending() inside its
 * transaction), numbered in the order they came.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char sql_chunk_insert[] =
	"INSERT INTO pen_chunks (session, seq, first_us, last_us, events, data) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_chunks[] =
	"SELECT seq, first_us, last_us, events, data FROM pen_chunks "
	"WHERE session = ?1 ORDER BY seq";
static const char sql_replay_info[] =
	"SELECT pen_device, "
	"(SELECT count(*) FROM pen_chunks WHERE session = ?1), "
	"(SELECT coalesce(sum(events), 0) FROM pen_chunks WHERE session = ?1) "
	"FROM sessions WHERE id = ?1";

int store_session_add_pen_chunk(struct store *store, int64_t session,
				const struct store_pen_chunk *chunk)
{
	struct store_active *a = store_active_find(store, session);
	struct store_pen_pending *p;

	if (!a)
		return store_fail(store, -EINVAL, "session %lld is not in progress in this store",
				  (long long)session);
	if (chunk->events == 0 || !chunk->data || chunk->size == 0 ||
	    chunk->last_us < chunk->first_us)
		return store_fail(store, -EINVAL, "a pen chunk needs events, data, and "
				  "a last time not before its first");
	if (a->pen_count == a->pen_size) {
		size_t size = a->pen_size ? a->pen_size * 2 : 8;
		struct store_pen_pending *grown = realloc(a->pen, size * sizeof(*grown));

		if (!grown)
			return store_fail(store, -ENOMEM, "out of memory");
		a->pen = grown;
		a->pen_size = size;
	}
	p = &a->pen[a->pen_count];
	if (!(p->data = malloc(chunk->size)))
		return store_fail(store, -ENOMEM, "out of memory");
	memcpy(p->data, chunk->data, chunk->size);
	p->size = chunk->size;
	p->first_us = chunk->first_us;
	p->last_us = chunk->last_us;
	p->events = chunk->events;
	a->pen_count++;
	return 0;
}

int store_pen_insert_pending(struct store *store, struct store_active *a)
{
	for (size_t i = 0; i < a->pen_count; i++) {
		const struct store_pen_pending *p = &a->pen[i];
		sqlite3_stmt *stmt = store_sql(store, sql_chunk_insert);
		int rc;

		if (!stmt)
			return -ENOMEM;
		sqlite3_bind_int64(stmt, 1, a->id);
		sqlite3_bind_int64(stmt, 2, a->pen_seq + (int64_t)i);
		sqlite3_bind_int64(stmt, 3, p->first_us);
		sqlite3_bind_int64(stmt, 4, p->last_us);
		sqlite3_bind_int64(stmt, 5, (sqlite3_int64)p->events);
		sqlite3_bind_blob64(stmt, 6, p->data, p->size, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return store_fail_sqlite(store, rc, "storing the pen stream");
	}
	return 0;
}

void store_pen_committed(struct store_active *a)
{
	for (size_t i = 0; i < a->pen_count; i++)
		free(a->pen[i].data);
	a->pen_seq += (int64_t)a->pen_count;
	a->pen_count = 0;
}

void store_pen_release(struct store_active *a)
{
	for (size_t i = 0; i < a->pen_count; i++)
		free(a->pen[i].data);
	free(a->pen);
	a->pen = NULL;
	a->pen_count = a->pen_size = 0;
}

/* ---- reading ---- */

int store_session_replay_info(struct store *store, int64_t session,
			      struct store_replay_info *out)
{
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof(*out));
	if (store->schema_version < 3)
		return store_session_exists(store, session);
	if (!(stmt = store_sql(store, sql_replay_info)))
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *dev = sqlite3_column_text(stmt, 0);

		out->pen_chunks = (size_t)sqlite3_column_int64(stmt, 1);
		out->pen_events = sqlite3_column_int64(stmt, 2);
		if (dev && !(out->pen_device = strdup((const char *)dev)))
			rc = store_fail(store, -ENOMEM, "out of memory");
		else
			rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = store_fail(store, -ENOENT, "no session %lld", (long long)session);
	} else {
		rc = store_fail_sqlite(store, rc, "reading a session");
	}
	sqlite3_reset(stmt);
	return rc;
}

int store_session_pen_chunks(struct store *store, int64_t session, store_pen_chunk_fn fn,
			     void *data)
{
	sqlite3_stmt *stmt;
	int64_t expect = 0;
	int rc, fn_rc = 0;

	if (store->schema_version < 3)
		return store_session_exists(store, session);
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if ((rc = store_session_exists(store, session)) < 0)
		goto out;
	if (!(stmt = store_sql(store, sql_chunks))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_pen_chunk c = {
			.seq = sqlite3_column_int64(stmt, 0),
			.first_us = sqlite3_column_int64(stmt, 1),
			.last_us = sqlite3_column_int64(stmt, 2),
			.events = (size_t)sqlite3_column_int64(stmt, 3),
			.data = sqlite3_column_blob(stmt, 4),
			.size = (size_t)sqlite3_column_bytes(stmt, 4),
		};

		if (c.seq != expect) {
			rc = store_fail(store, -EUCLEAN, "session %lld: pen stream chunk %lld is "
					"missing (the next stored is %lld)", (long long)session,
					(long long)expect, (long long)c.seq);
			break;
		}
		expect++;
		if ((fn_rc = fn(data, &c)) != 0)
			break;
	}
	if (fn_rc != 0)
		rc = fn_rc;
	else if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = store_fail_sqlite(store, rc, "reading the pen stream");
	sqlite3_reset(stmt);
out:
	store_commit(store);
	return rc;
}
