/* store_benchmark: a lesson's benchmarks, stored and read back with their
 * levels and provenance (store_benchmark.h).
 *
 * Storing is one write transaction: the lessons row of the file whose
 * measures it set, the benchmarks row, a row per level, a row per expert
 * session, the ledger's entry. Reading is one read transaction. The one
 * in force is the lesson's highest id: ids only grow, and "newest" must
 * not hang on clocks.
 */
#include "store_benchmark.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_ledger.h"

static const char sql_benchmark_add[] =
	"INSERT INTO benchmarks (lesson_id, lesson, made, rule, min_sessions, min_experts, by) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_level_add[] =
	"INSERT INTO benchmark_levels (benchmark, metric, need_min, need_max, shipped_min, "
	"shipped_max, sessions, experts, mean, sd, worst) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_session_add[] =
	"INSERT INTO benchmark_sessions (benchmark, session) VALUES (?1, ?2)";
static const char sql_benchmark_get[] =
	"SELECT b.lesson_id, b.lesson, l.sha256, b.made, b.rule, b.min_sessions, "
	"b.min_experts, b.by FROM benchmarks b JOIN lessons l ON l.id = b.lesson "
	"WHERE b.id = ?1";
static const char sql_levels_get[] =
	"SELECT metric, need_min, need_max, shipped_min, shipped_max, sessions, experts, "
	"mean, sd, worst FROM benchmark_levels WHERE benchmark = ?1";
static const char sql_sessions_get[] =
	"SELECT session FROM benchmark_sessions WHERE benchmark = ?1 ORDER BY session";
static const char sql_in_force[] =
	"SELECT max(id) FROM benchmarks WHERE lesson_id = ?1";
static const char sql_list[] =
	"SELECT id FROM benchmarks WHERE lesson_id = ?1 ORDER BY id";

void store_benchmark_release(struct store_benchmark *b)
{
	if (!b)
		return;
	free(b->sessions);
	b->sessions = NULL;
	b->session_count = 0;
}

static int add_level(struct store *store, int64_t id, const struct store_benchmark_level *lv)
{
	sqlite3_stmt *stmt = store_sql(store, sql_level_add);

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, score_metric_name(lv->metric));
	store_bind_real(stmt, 3, lv->need_min);
	store_bind_real(stmt, 4, lv->need_max);
	store_bind_real(stmt, 5, lv->shipped_min);
	store_bind_real(stmt, 6, lv->shipped_max);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)lv->sessions);
	sqlite3_bind_int64(stmt, 8, (sqlite3_int64)lv->experts);
	store_bind_real(stmt, 9, lv->mean);
	store_bind_real(stmt, 10, lv->sd);
	store_bind_real(stmt, 11, lv->worst);
	return store_step_done(store, stmt, "storing a benchmark level");
}

int store_benchmark_add(struct store *store, const struct store_benchmark *b,
			const char *lesson_title, const char *lesson_text,
			size_t lesson_text_size, int64_t *id)
{
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int64_t lesson, bid;
	int rc;

	if (b->level_count == 0 || !b->rule[0] || !b->lesson_id[0] ||
	    b->min_sessions == 0 || b->min_experts == 0)
		return store_fail(store, -EINVAL, "a benchmark needs a lesson, a rule, its "
				  "minimums and at least one level");
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = store_lesson_row(store, b->lesson_id, lesson_title ? lesson_title :
				   b->lesson_id, lesson_text, lesson_text_size, &lesson)) < 0)
		goto fail;
	if (!(stmt = store_sql(store, sql_benchmark_add))) {
		rc = -ENOMEM;
		goto fail;
	}
	store_bind_text(stmt, 1, b->lesson_id);
	sqlite3_bind_int64(stmt, 2, lesson);
	store_bind_text(stmt, 3, now);
	store_bind_text(stmt, 4, b->rule);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)b->min_sessions);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)b->min_experts);
	store_bind_text(stmt, 7, b->by[0] ? b->by : NULL);
	if ((rc = store_step_done(store, stmt, "storing a benchmark")) < 0)
		goto fail;
	bid = sqlite3_last_insert_rowid(store->db);
	for (size_t i = 0; i < b->level_count; i++)
		if ((rc = add_level(store, bid, &b->levels[i])) < 0)
			goto fail;
	for (size_t i = 0; i < b->session_count; i++) {
		if (!(stmt = store_sql(store, sql_session_add))) {
			rc = -ENOMEM;
			goto fail;
		}
		sqlite3_bind_int64(stmt, 1, bid);
		sqlite3_bind_int64(stmt, 2, b->sessions[i]);
		if ((rc = store_step_done(store, stmt, "storing a benchmark's session")) < 0)
			goto fail;
	}
	if ((rc = store_ledger_append(store, STORE_LEDGER_BENCHMARK, bid)) < 0)
		goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;
	if (id)
		*id = bid;
	return 0;
fail:
	store_rollback(store);
	return rc;
}

static int read_levels(struct store *store, struct store_benchmark *b)
{
	sqlite3_stmt *stmt = store_sql(store, sql_levels_get);
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, b->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		enum score_metric m = score_metric_from_name(
			(const char *)sqlite3_column_text(stmt, 0));
		struct store_benchmark_level *lv;

		if (m >= SCORE_METRIC_COUNT || b->level_count == SCORE_METRIC_COUNT)
			continue;        /* a measure of a newer smpsim */
		lv = &b->levels[b->level_count++];
		*lv = (struct store_benchmark_level){
			.metric = m,
			.need_min = store_column_real(stmt, 1),
			.need_max = store_column_real(stmt, 2),
			.shipped_min = store_column_real(stmt, 3),
			.shipped_max = store_column_real(stmt, 4),
			.sessions = (size_t)sqlite3_column_int64(stmt, 5),
			.experts = (size_t)sqlite3_column_int64(stmt, 6),
			.mean = store_column_real(stmt, 7),
			.sd = store_column_real(stmt, 8),
			.worst = store_column_real(stmt, 9),
		};
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(store, rc, "reading levels");
}

static int read_sessions(struct store *store, struct store_benchmark *b)
{
	sqlite3_stmt *stmt = store_sql(store, sql_sessions_get);

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, b->id);
	return store_id_column(store, stmt, &b->sessions, &b->session_count,
			       "reading a benchmark's sessions");
}

/* Reads benchmark @p id, inside the caller's read transaction. */
static int read_benchmark(struct store *store, int64_t id, struct store_benchmark *b)
{
	sqlite3_stmt *stmt = store_sql(store, sql_benchmark_get);
	int rc;

	memset(b, 0, sizeof(*b));
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		b->id = id;
		store_column_text(stmt, 0, b->lesson_id, sizeof(b->lesson_id));
		b->lesson = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, b->lesson_sha256, sizeof(b->lesson_sha256));
		store_column_text(stmt, 3, b->made, sizeof(b->made));
		store_column_text(stmt, 4, b->rule, sizeof(b->rule));
		b->min_sessions = (size_t)sqlite3_column_int64(stmt, 5);
		b->min_experts = (size_t)sqlite3_column_int64(stmt, 6);
		store_column_text(stmt, 7, b->by, sizeof(b->by));
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return store_fail(store, -ENOENT, "no benchmark %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail_sqlite(store, rc, "reading a benchmark");
	if ((rc = read_levels(store, b)) < 0 || (rc = read_sessions(store, b)) < 0) {
		store_benchmark_release(b);
		return rc;
	}
	return 0;
}

int store_benchmark_get(struct store *store, int64_t id, struct store_benchmark *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (store->schema_version < 5)
		return store_fail(store, -ENOENT, "no benchmark %lld (the record is of "
				  "version %d)", (long long)id, store->schema_version);
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	rc = read_benchmark(store, id, out);
	if (rc == 0 && (rc = store_commit(store)) < 0)
		store_benchmark_release(out);
	if (rc < 0)
		store_rollback(store);
	return rc;
}

int store_benchmark_in_force(struct store *store, const char *lesson_id,
			     struct store_benchmark *out)
{
	sqlite3_stmt *stmt;
	int64_t id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (store->schema_version < 5)
		return -ENOENT;
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if (!(stmt = store_sql(store, sql_in_force))) {
		rc = -ENOMEM;
		goto out;
	}
	store_bind_text(stmt, 1, lesson_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		rc = store_fail_sqlite(store, rc, "finding a benchmark");
		goto out;
	}
	rc = id ? read_benchmark(store, id, out) : -ENOENT;
	if (rc == 0 && (rc = store_commit(store)) < 0)
		store_benchmark_release(out);
out:
	if (rc < 0)
		store_rollback(store);
	return rc;
}

int store_benchmark_list(struct store *store, const char *lesson_id, int64_t **ids,
			 size_t *count)
{
	sqlite3_stmt *stmt;

	*ids = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if (!(stmt = store_sql(store, sql_list)))
		return -ENOMEM;
	store_bind_text(stmt, 1, lesson_id);
	return store_id_column(store, stmt, ids, count, "listing benchmarks");
}
