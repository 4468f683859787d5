/* store_expert: marking trainees as experts and reading the sessions of
 * theirs a benchmark is derived from (store_expert.h).
 *
 * A mark is one write transaction: the flag, the change row that says who
 * and when, and the ledger's entry for the trainee, so none is stored
 * without the others. The expert sessions are one read transaction: the
 * sessions that count, then each one's measures.
 */
#include "store_expert.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_ledger.h"

static const char sql_expert_get[] = "SELECT expert FROM trainees WHERE id = ?1";
static const char sql_expert_set[] = "UPDATE trainees SET expert = ?2 WHERE id = ?1";
static const char sql_change_add[] =
	"INSERT INTO trainee_changes (trainee, made, kind, detail, by) "
	"VALUES (?1, ?2, ?3, NULL, ?4)";
static const char sql_expert_list[] =
	"SELECT id FROM trainees WHERE expert = 1 ORDER BY id";
/* What counts: an expert's live, complete, scored and measured session. */
static const char sql_expert_sessions[] =
	"SELECT s.id, s.trainee, t.name, s.started FROM sessions s "
	"JOIN trainees t ON t.id = s.trainee JOIN lessons l ON l.id = s.lesson "
	"WHERE t.expert = 1 AND l.lesson_id = ?1 AND s.origin = 0 AND s.status = 1 "
	"AND s.score IS NOT NULL "
	"AND EXISTS (SELECT 1 FROM measures m WHERE m.session = s.id) "
	"ORDER BY s.started, s.id";
static const char sql_session_measures[] =
	"SELECT metric, value FROM measures WHERE session = ?1";

int store_trainee_set_expert(struct store *store, int64_t trainee, bool expert,
			     const char *by)
{
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int rc, was;

	if (store->schema_version < 5)
		return store_fail(store, -ENOTSUP, "%s is a record of version %d: open it "
				  "to write once to bring it up to date", store->path,
				  store->schema_version);
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if (!(stmt = store_sql(store, sql_expert_get))) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, trainee);
	rc = sqlite3_step(stmt);
	was = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE) {
		rc = store_fail(store, -ENOENT, "no trainee with id %lld", (long long)trainee);
		goto fail;
	}
	if (rc != SQLITE_ROW) {
		rc = store_fail_sqlite(store, rc, "reading a trainee");
		goto fail;
	}
	if ((was != 0) == expert) {
		store_rollback(store);
		return 1;
	}
	if (!(stmt = store_sql(store, sql_expert_set))) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, trainee);
	sqlite3_bind_int(stmt, 2, expert);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "marking an expert");
		goto fail;
	}
	if (!(stmt = store_sql(store, sql_change_add))) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, trainee);
	store_bind_text(stmt, 2, now);
	store_bind_text(stmt, 3, expert ? "expert" : "not-expert");
	store_bind_text(stmt, 4, by && *by ? by : NULL);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "recording the change");
		goto fail;
	}
	if ((rc = store_ledger_append(store, STORE_LEDGER_TRAINEE, trainee)) < 0)
		goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(store);
	return rc;
}

int store_grow(void **a, size_t *size, size_t n, size_t elem)
{
	size_t grow;
	void *p;

	if (n < *size)
		return 0;
	grow = *size ? *size * 2 : 8;
	if (!(p = realloc(*a, grow * elem)))
		return -ENOMEM;
	*a = p;
	*size = grow;
	return 0;
}

int store_id_column(struct store *store, sqlite3_stmt *stmt, int64_t **ids, size_t *count,
		    const char *what)
{
	int64_t *a = NULL;
	size_t n = 0, size = 0;
	int rc;

	*ids = NULL;
	*count = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (store_grow((void **)&a, &size, n, sizeof(*a)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		a[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(a);
		return store_fail_sqlite(store, rc, what);
	}
	*ids = a;
	*count = n;
	return 0;
}

int store_expert_list(struct store *store, int64_t **ids, size_t *count)
{
	sqlite3_stmt *stmt;

	*ids = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if (!(stmt = store_sql(store, sql_expert_list)))
		return -ENOMEM;
	return store_id_column(store, stmt, ids, count, "listing experts");
}

/* Reads session @p s's stored measures into it. */
static int read_measures(struct store *store, struct store_expert_session *s)
{
	sqlite3_stmt *stmt = store_sql(store, sql_session_measures);
	int rc;

	if (!stmt)
		return -ENOMEM;
	for (int m = 0; m < SCORE_METRIC_COUNT; m++)
		s->value[m] = NAN;
	sqlite3_bind_int64(stmt, 1, s->session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		enum score_metric m = score_metric_from_name(
			(const char *)sqlite3_column_text(stmt, 0));

		if (m >= SCORE_METRIC_COUNT || sqlite3_column_type(stmt, 1) == SQLITE_NULL)
			continue;
		s->valid[m] = true;
		s->value[m] = sqlite3_column_double(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(store, rc, "reading measures");
}

int store_expert_sessions(struct store *store, const char *lesson_id,
			  struct store_expert_session **out, size_t *count)
{
	struct store_expert_session *a = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if (!(stmt = store_sql(store, sql_expert_sessions))) {
		rc = -ENOMEM;
		goto fail;
	}
	store_bind_text(stmt, 1, lesson_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (store_grow((void **)&a, &size, n, sizeof(*a)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		memset(&a[n], 0, sizeof(a[n]));
		a[n].session = sqlite3_column_int64(stmt, 0);
		a[n].trainee = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, a[n].trainee_name, sizeof(a[n].trainee_name));
		store_column_text(stmt, 3, a[n].started, sizeof(a[n].started));
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "listing expert sessions");
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = read_measures(store, &a[i])) < 0)
			goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;
	*out = a;
	*count = n;
	return 0;
fail:
	store_rollback(store);
	free(a);
	return rc;
}
