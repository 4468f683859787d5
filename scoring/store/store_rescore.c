/* store_rescore: sessions scored again, kept beside their own score
 * (store_benchmark.h, rescores and rescore_measures).
 *
 * A rescore is one write transaction: its row, a row per measure (as the
 * session's measures are stored), the ledger's entry. The session's own
 * score in sessions and measures is never touched: a rescore adds, it
 * does not replace, so a certificate that rests on an old score can still
 * be checked against it.
 */
#include "store_benchmark.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_ledger.h"

static const char sql_status[] = "SELECT status FROM sessions WHERE id = ?1";
static const char sql_rescore_add[] =
	"INSERT INTO rescores (session, benchmark, made, score, passed, never_events) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_measure_add[] =
	"INSERT INTO rescore_measures (rescore, metric, value, mark, required, need_min, "
	"need_max, met) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_rescore_list[] =
	"SELECT id, benchmark, made, score, passed, never_events FROM rescores "
	"WHERE session = ?1 ORDER BY id";
static const char sql_rescore_get[] =
	"SELECT score, passed, never_events FROM rescores WHERE id = ?1";
static const char sql_rescore_measures[] =
	"SELECT metric, value, mark, required, need_min, need_max, met "
	"FROM rescore_measures WHERE rescore = ?1";

/* Fails unless @p session is stored and not in progress; inside the
 * caller's transaction. */
static int session_ended(struct store *store, int64_t session)
{
	sqlite3_stmt *stmt = store_sql(store, sql_status);
	int rc, status = 0;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		status = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return store_fail(store, -ENOENT, "no session %lld", (long long)session);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(store, rc, "reading a session");
	if (status == STORE_IN_PROGRESS || store_active_find(store, session))
		return store_fail(store, -EBUSY, "session %lld is still in progress",
				  (long long)session);
	return 0;
}

static int add_measure(struct store *store, int64_t id, int m,
		       const struct score_metrics *metrics, const struct score_result *r)
{
	sqlite3_stmt *stmt = store_sql(store, sql_measure_add);
	bool valid = metrics && metrics->valid[m];
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, score_metric_name((enum score_metric)m));
	if (valid)
		store_bind_real(stmt, 3, metrics->value[m]);
	if (r->rated[m])
		store_bind_real(stmt, 4, r->marks[m]);
	sqlite3_bind_int(stmt, 5, r->required[m]);
	if (r->required[m]) {
		store_bind_real(stmt, 6, r->need_min[m]);
		store_bind_real(stmt, 7, r->need_max[m]);
		sqlite3_bind_int(stmt, 8, r->met[m]);
	}
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(store, rc, "storing a measure");
}

int store_rescore_add(struct store *store, int64_t session, int64_t benchmark,
		      const struct score_metrics *metrics, const struct score_result *result,
		      int64_t *id)
{
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int64_t rid;
	int rc;

	if (!result)
		return store_fail(store, -EINVAL, "a rescore needs a result");
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = session_ended(store, session)) < 0)
		goto fail;
	if (!(stmt = store_sql(store, sql_rescore_add))) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session);
	if (benchmark > 0)
		sqlite3_bind_int64(stmt, 2, benchmark);
	store_bind_text(stmt, 3, now);
	store_bind_real(stmt, 4, result->score);
	sqlite3_bind_int(stmt, 5, result->passed);
	sqlite3_bind_int64(stmt, 6, result->never_triggered);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "storing a rescore");
		goto fail;
	}
	rid = sqlite3_last_insert_rowid(store->db);
	for (int m = 0; m < SCORE_METRIC_COUNT; m++) {
		if (!(metrics && metrics->valid[m]) && !result->rated[m])
			continue;
		if ((rc = add_measure(store, rid, m, metrics, result)) < 0)
			goto fail;
	}
	if ((rc = store_ledger_append(store, STORE_LEDGER_RESCORE, rid)) < 0)
		goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;
	if (id)
		*id = rid;
	return 0;
fail:
	store_rollback(store);
	return rc;
}

int store_rescore_list(struct store *store, int64_t session, struct store_rescore **out,
		       size_t *count)
{
	struct store_rescore *a = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if (!(stmt = store_sql(store, sql_rescore_list)))
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_rescore *r;

		if (store_grow((void **)&a, &size, n, sizeof(*a)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		r = &a[n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(stmt, 0);
		r->session = session;
		r->benchmark = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, r->made, sizeof(r->made));
		r->scored = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
		r->score = store_column_real(stmt, 3);
		r->passed = sqlite3_column_int(stmt, 4) != 0;
		r->never_triggered = (unsigned int)sqlite3_column_int64(stmt, 5);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(a);
		return store_fail_sqlite(store, rc, "listing rescores");
	}
	*out = a;
	*count = n;
	return 0;
}

static void measure_row(sqlite3_stmt *stmt, struct score_metrics *m, struct score_result *r)
{
	enum score_metric k = score_metric_from_name((const char *)sqlite3_column_text(stmt, 0));

	if (k >= SCORE_METRIC_COUNT)
		return;          /* a measure of a newer smpsim */
	if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) {
		m->valid[k] = true;
		m->value[k] = sqlite3_column_double(stmt, 1);
	}
	if (sqlite3_column_type(stmt, 2) != SQLITE_NULL) {
		r->rated[k] = true;
		r->marks[k] = sqlite3_column_double(stmt, 2);
		r->invalid[k] = !m->valid[k];
	}
	r->required[k] = sqlite3_column_int(stmt, 3) != 0;
	r->need_min[k] = store_column_real(stmt, 4);
	r->need_max[k] = store_column_real(stmt, 5);
	r->met[k] = sqlite3_column_int(stmt, 6) != 0;
}

int store_rescore_result(struct store *store, int64_t id, struct score_metrics *metrics,
			 struct score_result *result)
{
	struct score_metrics m;
	struct score_result r;
	sqlite3_stmt *stmt;
	int rc;

	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		m.value[i] = r.marks[i] = r.need_min[i] = r.need_max[i] = NAN;
	r.by_proficiency = true;
	r.work_factor = 1;
	if (store->schema_version < 5)
		return store_fail(store, -ENOENT, "no rescore %lld", (long long)id);
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if (!(stmt = store_sql(store, sql_rescore_get))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		r.score = store_column_real(stmt, 0);
		r.passed = sqlite3_column_int(stmt, 1) != 0;
		r.never_triggered = (unsigned int)sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? store_fail(store, -ENOENT, "no rescore %lld",
						    (long long)id) :
		     store_fail_sqlite(store, rc, "reading a rescore");
		goto out;
	}
	if (!(stmt = store_sql(store, sql_rescore_measures))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		measure_row(stmt, &m, &r);
	sqlite3_reset(stmt);
	rc = rc == SQLITE_DONE ? store_commit(store) :
	     store_fail_sqlite(store, rc, "reading a rescore's measures");
out:
	if (rc < 0) {
		store_rollback(store);
		return rc;
	}
	if (metrics)
		*metrics = m;
	if (result)
		*result = r;
	return 0;
}
