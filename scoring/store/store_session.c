/* store_session: writing a session as it goes: begin, deposits, end, and
 * a score given after the fact.
 *
 * A session begun here is "active": its deposits are kept in memory as
 * they come and written, all at once in one BEGIN IMMEDIATE transaction,
 * when a deposit comes a second or more of wall time (the monotonic
 * clock) after the last commit, on store_session_flush(), and at the end.
 * Wall time, not session time: a replay runs many times faster than it was
 * played, and a commit per second of session time made it one transaction
 * per deposit; by the wall clock a crash loses at most the last second of
 * work whatever the pace, and a fast replay is a few transactions. No
 * transaction stays open between calls: a pause in the session holds no
 * lock another program could wait on. The batch's insert reuses one
 * prepared statement; the session's counters (deposits, fault bits,
 * duration so far) are updated in the same transaction, so they always
 * agree with the deposits table.
 *
 * The lesson is stored once per distinct file: its id, title, SHA-256 and
 * bytes. The hash is SHA-256 (store_sha256.c, the ledger's), from a
 * library rather than code of our own.
 */
#include "store_internal.h"
#include "store_ledger.h"
#include "store_sha256.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMMIT_EVERY_NS 1000000000LL

static int64_t monotonic_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static const char sql_lesson_insert[] =
	"INSERT INTO lessons (lesson_id, title, sha256, content, first_used) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (lesson_id, sha256) DO NOTHING";
static const char sql_lesson_find[] =
	"SELECT id FROM lessons WHERE lesson_id = ?1 AND sha256 = ?2";
static const char sql_session_insert[] =
	"INSERT INTO sessions (trainee, lesson, device_name, device_id, "
	"audio_latency_ms, recording, start_us, started, status, view_mode, pen_device, "
	"mapping_offset_x_mm, mapping_offset_y_mm, mapping_scale, "
	"mapping_rotation_deg, mapping_source, origin, benchmark, calibration, "
	"calibration_file) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	"?16, ?17, ?18, ?19)";
static const char sql_session_next[] =
	"SELECT coalesce(max(id), 0) + 1 FROM sessions";
static const char sql_trainee_exists[] =
	"SELECT 1 FROM trainees WHERE id = ?1";
/* Deposits go in 16 to a statement (one statement's overhead for 16 rows:
 * about a third fewer instructions per deposit than one row at a time),
 * the rest of a batch one by one. Both texts are constants. */
#define DEPOSIT_BATCH 16
#define DEPOSIT_COLUMNS \
	"INSERT INTO deposits (session, seq, down_us, up_us, x_mm, y_mm, region, " \
	"region_id, depth_mm, force_n, diameter_mm, blur_mm, tail_mm, tilt_deg, " \
	"skew_ratio, skew_angle_deg, nearest_mm, kind, depth_class, faults) VALUES "
#define DEPOSIT_FIELDS 20
#define DEPOSIT_ROW "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define DEPOSIT_ROWS_4 DEPOSIT_ROW "," DEPOSIT_ROW "," DEPOSIT_ROW "," DEPOSIT_ROW
static const char sql_deposit_insert[] = DEPOSIT_COLUMNS DEPOSIT_ROW;
static const char sql_deposit_insert_batch[] = DEPOSIT_COLUMNS
	DEPOSIT_ROWS_4 "," DEPOSIT_ROWS_4 "," DEPOSIT_ROWS_4 "," DEPOSIT_ROWS_4;
static const char sql_session_progress[] =
	"UPDATE sessions SET deposit_count = deposit_count + ?2, "
	"fault_count = fault_count + ?3, duration_s = ?4 WHERE id = ?1";
static const char sql_session_complete[] =
	"UPDATE sessions SET status = ?4, ended = ?2, duration_s = ?3, end_reason = ?5 "
	"WHERE id = ?1";
static const char sql_session_duration[] =
	"UPDATE sessions SET duration_s = ?2 WHERE id = ?1";
static const char sql_session_status[] =
	"SELECT status FROM sessions WHERE id = ?1";
static const char sql_score_set[] =
	"UPDATE sessions SET dots = ?2, score = ?3, uncapped = ?4, passed = ?5, "
	"never_events = ?6 WHERE id = ?1";
static const char sql_measures_clear[] = "DELETE FROM measures WHERE session = ?1";
static const char sql_advice_clear[] = "DELETE FROM advice WHERE session = ?1";
static const char sql_measure_insert[] =
	"INSERT INTO measures (session, metric, value, mark, required, need_min, need_max, "
	"met) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_advice_insert[] =
	"INSERT INTO advice (session, rank, text) VALUES (?1, ?2, ?3)";

int store_session_next_id(struct store *store, int64_t *session)
{
	sqlite3_stmt *stmt = store_sql(store, sql_session_next);
	int rc;

	if (!stmt)
		return -ENOMEM;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*session = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail_sqlite(store, rc, "numbering a session");
}

/* ---- begin ---- */

int store_lesson_row(struct store *store, const char *lesson_id, const char *title,
		     const char *lesson_text, size_t lesson_text_size, int64_t *lesson)
{
	const char *text = lesson_text ? lesson_text : "";
	size_t size = lesson_text ? lesson_text_size : 0;
	char sha[STORE_SHA256_HEX], now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int rc;

	if (store_sha256_hex(text, size, sha) < 0)
		return store_fail(store, -ENOMEM, "out of memory");
	store_now(now);
	stmt = store_sql(store, sql_lesson_insert);
	if (!stmt)
		return -ENOMEM;
	store_bind_text(stmt, 1, lesson_id);
	store_bind_text(stmt, 2, title);
	store_bind_text(stmt, 3, sha);
	sqlite3_bind_blob64(stmt, 4, text, size, SQLITE_STATIC);
	store_bind_text(stmt, 5, now);
	if ((rc = store_step_done(store, stmt, "storing the lesson")) < 0)
		return rc;
	stmt = store_sql(store, sql_lesson_find);
	if (!stmt)
		return -ENOMEM;
	store_bind_text(stmt, 1, lesson_id);
	store_bind_text(stmt, 2, sha);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*lesson = sqlite3_column_int64(stmt, 0);
		rc = 0;
	} else {
		rc = store_fail_sqlite(store, rc, "finding the lesson");
	}
	sqlite3_reset(stmt);
	return rc;
}

static int trainee_exists(struct store *store, int64_t trainee)
{
	sqlite3_stmt *stmt = store_sql(store, sql_trainee_exists);
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, trainee);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return store_fail(store, -ENOENT, "no trainee with id %lld",
				  (long long)trainee);
	return store_fail_sqlite(store, rc, "looking up a trainee");
}

int store_session_begin(struct store *store, const struct store_session_info *info,
			int64_t *session)
{
	char now[STORE_TIME_MAX];
	struct store_active *a;
	sqlite3_stmt *stmt;
	int64_t lesson = 0, id = 0;
	bool locked = false;
	int rc;

	if (!info || !info->lesson_id || !*info->lesson_id || !info->lesson_title)
		return store_fail(store, -EINVAL, "a session needs a lesson id and title");
	if (store->active_count == store->active_size) {
		size_t size = store->active_size ? store->active_size * 2 : 2;
		struct store_active *grown = realloc(store->active, size * sizeof(*grown));

		if (!grown)
			return store_fail(store, -ENOMEM, "out of memory");
		store->active = grown;
		store->active_size = size;
	}
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = trainee_exists(store, info->trainee)) < 0)
		goto fail;
	if ((rc = store_lesson_row(store, info->lesson_id, info->lesson_title,
				   info->lesson_text, info->lesson_text_size, &lesson)) < 0)
		goto fail;
	stmt = store_sql(store, sql_session_insert);
	if (!stmt) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, info->trainee);
	sqlite3_bind_int64(stmt, 2, lesson);
	store_bind_text(stmt, 3, info->device_name);
	store_bind_text(stmt, 4, info->device_id);
	store_bind_real(stmt, 5, isfinite(info->audio_latency_ms) ? info->audio_latency_ms : 0);
	store_bind_text(stmt, 6, info->recording);
	sqlite3_bind_int64(stmt, 7, info->start_us);
	store_bind_text(stmt, 8, now);
	sqlite3_bind_int(stmt, 9, info->view_mode);
	store_bind_text(stmt, 10, info->pen_device);
	if (info->mapping_source) {
		store_bind_real(stmt, 11, info->mapping.offset_x_mm);
		store_bind_real(stmt, 12, info->mapping.offset_y_mm);
		store_bind_real(stmt, 13, info->mapping.scale);
		store_bind_real(stmt, 14, info->mapping.rotation_deg);
		store_bind_text(stmt, 15, info->mapping_source);
	}
	sqlite3_bind_int(stmt, 16, info->origin == STORE_ORIGIN_REPLAYED ?
			 STORE_ORIGIN_REPLAYED : STORE_ORIGIN_LIVE);
	if (info->benchmark > 0)
		sqlite3_bind_int64(stmt, 17, info->benchmark);
	store_bind_text(stmt, 18, info->calibration);
	if (info->calibration && info->calibration_text)
		sqlite3_bind_blob64(stmt, 19, info->calibration_text,
				    info->calibration_text_size, SQLITE_STATIC);
	if ((rc = store_step_done(store, stmt, "beginning a session")) < 0)
		goto fail;
	id = sqlite3_last_insert_rowid(store->db);
	/* Locked before anyone can see it, so no open takes it for dead. */
	if ((rc = store_live_lock(store, id)) < 0)
		goto fail;
	locked = true;
	if ((rc = store_commit(store)) < 0)
		goto fail;

	a = &store->active[store->active_count++];
	*a = (struct store_active){
		.id = id,
		.start_us = info->start_us,
		.last_up_us = INT64_MIN,
		.last_seq = -1,
		.committed_ns = monotonic_ns(),
	};
	if (session)
		*session = id;
	return 0;
fail:
	store_rollback(store);
	if (locked)
		store_live_unlock(store, id);
	return rc;
}

/* ---- deposits ---- */

static unsigned int popcount(uint32_t v)
{
	return (unsigned int)__builtin_popcount(v);
}

/* Binds deposit @p p of @p session to parameters @p base + 1 .. + 20. */
static void bind_deposit(sqlite3_stmt *stmt, int base, int64_t session,
			 const struct store_pending *p)
{
	const struct deposit *d = &p->deposit;

	sqlite3_bind_int64(stmt, base + 1, session);
	sqlite3_bind_int64(stmt, base + 2, d->id);
	sqlite3_bind_int64(stmt, base + 3, d->down_us);
	sqlite3_bind_int64(stmt, base + 4, d->up_us);
	store_bind_real(stmt, base + 5, d->x_mm);
	store_bind_real(stmt, base + 6, d->y_mm);
	if (d->region == SCALP_NO_REGION)
		sqlite3_bind_null(stmt, base + 7);
	else
		sqlite3_bind_int64(stmt, base + 7, (sqlite3_int64)d->region);
	store_bind_text(stmt, base + 8, p->has_region_id ? p->region_id : NULL);
	store_bind_real(stmt, base + 9, d->depth_mm);
	store_bind_real(stmt, base + 10, d->force_n);
	store_bind_real(stmt, base + 11, d->diameter_mm);
	store_bind_real(stmt, base + 12, d->blur_mm);
	store_bind_real(stmt, base + 13, d->tail_mm);
	store_bind_real(stmt, base + 14, d->tilt_deg);
	store_bind_real(stmt, base + 15, d->skew_ratio);
	store_bind_real(stmt, base + 16, d->skew_angle_deg);
	store_bind_real(stmt, base + 17, d->nearest_mm);
	sqlite3_bind_int(stmt, base + 18, (int)d->kind);
	sqlite3_bind_int(stmt, base + 19, (int)d->depth_class);
	sqlite3_bind_int64(stmt, base + 20, d->faults);
}

/* Inserts the pending deposits of @p a; inside a transaction. */
static int insert_deposits(struct store *store, struct store_active *a)
{
	sqlite3_stmt *stmt;
	uint64_t faults = 0;
	size_t i = 0;
	int rc;

	if (a->pending_count == 0)
		return 0;
	if (a->pending_count >= DEPOSIT_BATCH) {
		stmt = store_sql(store, sql_deposit_insert_batch);
		if (!stmt)
			return -ENOMEM;
		for (; i + DEPOSIT_BATCH <= a->pending_count; i += DEPOSIT_BATCH) {
			for (int k = 0; k < DEPOSIT_BATCH; k++)
				bind_deposit(stmt, k * DEPOSIT_FIELDS, a->id, &a->pending[i + (size_t)k]);
			rc = sqlite3_step(stmt);
			sqlite3_reset(stmt);
			if (rc != SQLITE_DONE)
				return store_fail_sqlite(store, rc, "storing deposits");
		}
	}
	if (i < a->pending_count) {
		stmt = store_sql(store, sql_deposit_insert);
		if (!stmt)
			return -ENOMEM;
		for (; i < a->pending_count; i++) {
			bind_deposit(stmt, 0, a->id, &a->pending[i]);
			rc = sqlite3_step(stmt);
			sqlite3_reset(stmt);
			if (rc != SQLITE_DONE)
				return store_fail_sqlite(store, rc, "storing a deposit");
		}
	}
	for (i = 0; i < a->pending_count; i++)
		faults += popcount(a->pending[i].deposit.faults);
	stmt = store_sql(store, sql_session_progress);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, a->id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)a->pending_count);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)faults);
	sqlite3_bind_double(stmt, 4, (double)(a->last_up_us - a->start_us) / 1e6);
	return store_step_done(store, stmt, "counting deposits");
}

/* Inserts the pending deposits and pen stream chunks of @p a; inside a
 * transaction. */
static int insert_pending(struct store *store, struct store_active *a)
{
	int rc = insert_deposits(store, a);

	return rc < 0 ? rc : store_pen_insert_pending(store, a);
}

/* What insert_pending() inserted is committed. */
static void committed(struct store_active *a)
{
	a->pending_count = 0;
	store_pen_committed(a);
	a->committed_ns = monotonic_ns();
}

int store_active_write(struct store *store, struct store_active *a)
{
	int rc;

	if (a->pending_count == 0 && a->pen_count == 0)
		return 0;
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	rc = insert_pending(store, a);
	if (rc == 0)
		rc = store_commit(store);
	if (rc < 0) {
		store_rollback(store);
		return rc;
	}
	committed(a);
	return 0;
}

static struct store_active *active_or_fail(struct store *store, int64_t session)
{
	struct store_active *a = store_active_find(store, session);

	if (!a)
		store_fail(store, 0, "session %lld is not in progress in this store",
			   (long long)session);
	return a;
}

int store_session_add_deposit(struct store *store, int64_t session,
			      const struct deposit *deposit, const char *region_id)
{
	struct store_active *a = active_or_fail(store, session);
	struct store_pending *p;

	if (!a)
		return -EINVAL;
	if ((int64_t)deposit->id <= a->last_seq)
		return store_fail(store, -EINVAL, "deposit %u added after deposit %lld: "
				  "deposits come in the order they were made",
				  deposit->id, (long long)a->last_seq);
	if (region_id && strlen(region_id) >= SCALP_ID_MAX)
		return store_fail(store, -EINVAL, "region id '%s' is too long", region_id);
	if (a->pending_count == a->pending_size) {
		size_t size = a->pending_size ? a->pending_size * 2 : 256;
		struct store_pending *grown = realloc(a->pending, size * sizeof(*grown));

		if (!grown)
			return store_fail(store, -ENOMEM, "out of memory");
		a->pending = grown;
		a->pending_size = size;
	}
	p = &a->pending[a->pending_count++];
	p->deposit = *deposit;
	p->has_region_id = region_id != NULL;
	if (region_id)
		strcpy(p->region_id, region_id);
	a->last_seq = deposit->id;
	if (deposit->up_us > a->last_up_us)
		a->last_up_us = deposit->up_us;
	if (monotonic_ns() - a->committed_ns >= COMMIT_EVERY_NS)
		return store_active_write(store, a);
	return 0;
}

int store_session_flush(struct store *store, int64_t session)
{
	struct store_active *a = active_or_fail(store, session);

	return a ? store_active_write(store, a) : -EINVAL;
}

int store_session_set_ending(struct store *store, int64_t session, bool interrupted,
			     const char *reason)
{
	struct store_active *a = active_or_fail(store, session);

	if (!a)
		return -EINVAL;
	a->interrupted = interrupted;
	store_copy_text(a->end_reason, sizeof(a->end_reason), reason, reason ? strlen(reason) : 0);
	return 0;
}

/* ---- the score ---- */

/* Stores measures, score and advice of @p session, replacing any; inside a
 * transaction. */
static int write_score(struct store *store, int64_t session,
		       const struct score_metrics *metrics, const struct score_result *result)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sql(store, sql_measures_clear);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	if ((rc = store_step_done(store, stmt, "clearing measures")) < 0)
		return rc;
	stmt = store_sql(store, sql_advice_clear);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	if ((rc = store_step_done(store, stmt, "clearing advice")) < 0)
		return rc;

	stmt = store_sql(store, sql_score_set);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	if (metrics)
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)metrics->dots);
	if (result) {
		store_bind_real(stmt, 3, result->score);
		/* No cap any more: uncapped is for sessions scored before
		 * version 4 (store_schema.sql). */
		sqlite3_bind_null(stmt, 4);
		sqlite3_bind_int(stmt, 5, result->passed);
		sqlite3_bind_int64(stmt, 6, result->never_triggered);
	}
	if ((rc = store_step_done(store, stmt, "storing the score")) < 0)
		return rc;

	for (int m = 0; (metrics || result) && m < SCORE_METRIC_COUNT; m++) {
		bool valid = metrics && metrics->valid[m];
		bool rated = result && result->rated[m];

		if (!valid && !rated)
			continue;
		stmt = store_sql(store, sql_measure_insert);
		if (!stmt)
			return -ENOMEM;
		sqlite3_bind_int64(stmt, 1, session);
		store_bind_text(stmt, 2, score_metric_name((enum score_metric)m));
		if (valid)
			store_bind_real(stmt, 3, metrics->value[m]);
		if (rated)
			store_bind_real(stmt, 4, result->marks[m]);
		if (result && result->by_proficiency) {
			sqlite3_bind_int(stmt, 5, result->required[m]);
			if (result->required[m]) {
				store_bind_real(stmt, 6, result->need_min[m]);
				store_bind_real(stmt, 7, result->need_max[m]);
				sqlite3_bind_int(stmt, 8, result->met[m]);
			}
		}
		if ((rc = store_step_done(store, stmt, "storing a measure")) < 0)
			return rc;
	}
	for (size_t i = 0; result && i < result->advice_count && i < SCORE_ADVICE_COUNT; i++) {
		stmt = store_sql(store, sql_advice_insert);
		if (!stmt)
			return -ENOMEM;
		sqlite3_bind_int64(stmt, 1, session);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(stmt, 3, result->advice[i],
				  (int)strnlen(result->advice[i], SCORE_ADVICE_MAX),
				  SQLITE_STATIC);
		if ((rc = store_step_done(store, stmt, "storing advice")) < 0)
			return rc;
	}
	return 0;
}

int store_session_end(struct store *store, int64_t session, double duration_s,
		      const struct score_metrics *metrics, const struct score_result *result)
{
	struct store_active *a = active_or_fail(store, session);
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int rc;

	if (!a)
		return -EINVAL;
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = insert_pending(store, a)) < 0)
		goto fail;
	stmt = store_sql(store, sql_session_complete);
	if (!stmt) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session);
	store_bind_text(stmt, 2, now);
	store_bind_real(stmt, 3, duration_s);
	sqlite3_bind_int(stmt, 4, a->interrupted ? STORE_INTERRUPTED : STORE_COMPLETE);
	store_bind_text(stmt, 5, a->end_reason[0] ? a->end_reason : NULL);
	if ((rc = store_step_done(store, stmt, "ending the session")) < 0)
		goto fail;
	if ((metrics || result) && (rc = write_score(store, session, metrics, result)) < 0)
		goto fail;
	/* The session as it ended, deposits, pen stream and score, sealed. */
	if ((rc = store_ledger_append(store, STORE_LEDGER_SESSION, session)) < 0)
		goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;

	store_live_unlock(store, session);
	free(a->pending);
	store_pen_release(a);
	*a = store->active[--store->active_count];
	return 0;
fail:
	store_rollback(store);
	return rc;
}

int store_session_set_score(struct store *store, int64_t session, double duration_s,
			    const struct score_metrics *metrics,
			    const struct score_result *result)
{
	sqlite3_stmt *stmt;
	int rc;

	if (store_active_find(store, session))
		return store_fail(store, -EBUSY, "session %lld is still in progress; "
				  "store_session_end() scores it", (long long)session);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	stmt = store_sql(store, sql_session_status);
	if (!stmt) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		rc = store_fail(store, -ENOENT, "no session %lld", (long long)session);
		goto fail;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		rc = store_fail_sqlite(store, rc, "reading a session");
		goto fail;
	}
	rc = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == STORE_IN_PROGRESS) {
		rc = store_fail(store, -EBUSY, "session %lld is in progress in another "
				"program", (long long)session);
		goto fail;
	}
	stmt = store_sql(store, sql_session_duration);
	if (!stmt) {
		rc = -ENOMEM;
		goto fail;
	}
	sqlite3_bind_int64(stmt, 1, session);
	store_bind_real(stmt, 2, duration_s);
	if ((rc = store_step_done(store, stmt, "storing the duration")) < 0)
		goto fail;
	if ((rc = write_score(store, session, metrics, result)) < 0)
		goto fail;
	if ((rc = store_ledger_append(store, STORE_LEDGER_SESSION, session)) < 0)
		goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(store);
	return rc;
}
