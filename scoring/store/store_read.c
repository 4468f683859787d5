/* store_read: the query side of the record, for review, export and the
 * report: trainees, sessions (one, or those a filter selects), a session's
 * measures and score rebuilt as score_metrics and score_result, its
 * deposits exactly as they were added, fault counts, the lesson file it
 * was run on, and each trainee's progress per lesson.
 *
 * Each function is one statement, or one read transaction (BEGIN ...
 * COMMIT) when it needs several, so what it returns is one consistent
 * state of the database even while a session is being written. In WAL
 * mode a reader never waits for a writer. None of them writes, so they
 * work on a store opened read-only; a session in progress whose program
 * is gone is given as interrupted (store_shown_status()). Lists come back
 * as arrays the caller frees; a deposit walk streams rows to a callback so
 * an export of a long session needs no memory for it. (About 600 lines:
 * one concern, the queries, each short and self-contained.)
 */
#include "store_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_trainee_list[] =
	"SELECT t.id, t.name, t.created, "
	"(SELECT count(*) FROM sessions s WHERE s.trainee = t.id) "
	"FROM trainees t ORDER BY t.name COLLATE NOCASE, t.name, t.id";

/* ?1 trainee id or NULL, ?2 lesson id or NULL, ?3 session or 0. A record
 * of schema version 1 has no end_reason, one before version 3 no
 * view_mode and no mapping: they read as NULL there. */
#define SESSION_LIST(end_reason, view_mode, mapping, v5, v6, join) \
	"SELECT s.id, s.trainee, t.name, l.lesson_id, l.title, l.sha256, " \
	"s.device_name, s.device_id, s.audio_latency_ms, s.recording, s.start_us, " \
	"s.started, s.ended, s.status, s.duration_s, s.deposit_count, s.fault_count, " \
	"s.dots, s.score, s.uncapped, s.passed, s.never_events, " \
	"EXISTS (SELECT 1 FROM measures m WHERE m.session = s.id), " end_reason ", " \
	view_mode ", " mapping ", " v5 ", " v6 " " \
	"FROM sessions s JOIN trainees t ON t.id = s.trainee " \
	"JOIN lessons l ON l.id = s.lesson " join \
	"WHERE (?1 IS NULL OR s.trainee = ?1) AND (?2 IS NULL OR l.lesson_id = ?2) " \
	"AND (?3 = 0 OR s.id = ?3) " \
	"ORDER BY s.started, s.id"
#define NO_MAPPING "NULL, NULL, NULL, NULL, NULL"
#define MAPPING "s.mapping_offset_x_mm, s.mapping_offset_y_mm, s.mapping_scale, " \
	"s.mapping_rotation_deg, s.mapping_source"
/* From version 5: origin, benchmark, the newest rescore (id, score,
 * passed, benchmark) and the number of sign-offs. */
#define V5 "s.origin, s.benchmark, r.id, r.score, r.passed, r.benchmark, " \
	"(SELECT count(*) FROM signoffs g WHERE g.session = s.id)"
#define NO_V5 "NULL, NULL, NULL, NULL, NULL, NULL, 0"
#define NEWEST_RESCORE "LEFT JOIN rescores r ON r.id = " \
	"(SELECT max(x.id) FROM rescores x WHERE x.session = s.id) "
/* From version 6: the pen's calibration. */
static const char sql_session_list[] = SESSION_LIST("s.end_reason", "s.view_mode",
	MAPPING, V5, "s.calibration", NEWEST_RESCORE);
static const char sql_session_list_v5[] = SESSION_LIST("s.end_reason", "s.view_mode",
	MAPPING, V5, "NULL", NEWEST_RESCORE);
static const char sql_session_list_v4[] = SESSION_LIST("s.end_reason", "s.view_mode",
	MAPPING, NO_V5, "NULL", "");
static const char sql_session_list_v2[] = SESSION_LIST("s.end_reason", "NULL",
	NO_MAPPING, NO_V5, "NULL", "");
static const char sql_session_list_v1[] = SESSION_LIST("NULL", "NULL", NO_MAPPING, NO_V5,
	"NULL", "");

static sqlite3_stmt *session_list(struct store *store)
{
	return store_sql(store, store->schema_version >= 6 ? sql_session_list :
			 store->schema_version == 5 ? sql_session_list_v5 :
			 store->schema_version >= 3 ? sql_session_list_v4 :
			 store->schema_version == 2 ? sql_session_list_v2 :
			 sql_session_list_v1);
}

static const char sql_progress[] =
	"SELECT s.trainee, t.name, l.lesson_id, s.score, s.passed, s.started "
	"FROM sessions s JOIN trainees t ON t.id = s.trainee "
	"JOIN lessons l ON l.id = s.lesson "
	"WHERE (?1 IS NULL OR s.trainee = ?1) AND (?2 IS NULL OR l.lesson_id = ?2) "
	"ORDER BY t.name COLLATE NOCASE, t.name, s.trainee, l.lesson_id, s.started, s.id";

static const char sql_session_exists[] = "SELECT 1 FROM sessions WHERE id = ?1";
static const char sql_session_score[] =
	"SELECT dots, score, uncapped, passed, never_events FROM sessions WHERE id = ?1";
static const char sql_measures[] =
	"SELECT metric, value, mark, required, need_min, need_max, met FROM measures "
	"WHERE session = ?1";
/* Before version 4: no requirements (a pass mark decided). */
static const char sql_measures_v3[] =
	"SELECT metric, value, mark, NULL, NULL, NULL, NULL FROM measures WHERE session = ?1";
static const char sql_advice[] =
	"SELECT text FROM advice WHERE session = ?1 ORDER BY rank";
static const char sql_deposits[] =
	"SELECT seq, down_us, up_us, x_mm, y_mm, region, region_id, depth_mm, "
	"force_n, diameter_mm, blur_mm, tail_mm, tilt_deg, skew_ratio, "
	"skew_angle_deg, nearest_mm, kind, depth_class, faults "
	"FROM deposits WHERE session = ?1 ORDER BY seq";
static const char sql_fault_counts[] =
	"SELECT total((faults & 1) != 0), total((faults & 2) != 0), "
	"total((faults & 4) != 0), total((faults & 8) != 0), "
	"total((faults & 16) != 0), total((faults & 32) != 0), "
	"total((faults & 64) != 0), total((faults & 128) != 0), "
	"total((faults & 256) != 0) FROM deposits WHERE session = ?1";
static const char sql_calibration_text[] =
	"SELECT calibration_file FROM sessions WHERE id = ?1";
static const char sql_lesson_text[] =
	"SELECT l.content FROM sessions s JOIN lessons l ON l.id = s.lesson "
	"WHERE s.id = ?1";

_Static_assert(DEPOSIT_FAULT_COUNT == 9, "sql_fault_counts counts 9 faults");

/* Makes room for one more element in *array. @return 0 or -ENOMEM. */
static int grow(void **array, size_t *size, size_t count, size_t elem)
{
	size_t n;
	void *grown;

	if (count < *size)
		return 0;
	n = *size ? *size * 2 : 16;
	grown = realloc(*array, n * elem);
	if (!grown)
		return -ENOMEM;
	*array = grown;
	*size = n;
	return 0;
}

/* ---- trainees ---- */

int store_trainee_list(struct store *store, struct store_trainee **out, size_t *count)
{
	struct store_trainee *list = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt = store_sql(store, sql_trainee_list);
	int rc;

	*out = NULL;
	*count = 0;
	if (!stmt)
		return -ENOMEM;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_trainee *t;

		if (grow((void **)&list, &size, n, sizeof(*list)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		t = &list[n++];
		t->id = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, t->name, sizeof(t->name));
		store_column_text(stmt, 2, t->created, sizeof(t->created));
		t->sessions = (size_t)sqlite3_column_int64(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
		       store_fail_sqlite(store, rc, "listing trainees");
	}
	*out = list;
	*count = n;
	return 0;
}

/* ---- sessions ---- */

/* Binds a filter to ?1 ?2 ?3, the trainee found by name as
 * store_trainee_find() finds one. @return 0, 1 when it selects nothing (a
 * name that is not one, or no one's), or a negative errno. */
static int bind_filter(struct store *store, sqlite3_stmt *stmt,
		       const struct store_filter *filter)
{
	char clean[STORE_NAME_MAX];
	int64_t id;
	int rc;

	if (filter && filter->trainee) {
		if (store_trainee_name(filter->trainee, clean, NULL, 0) < 0)
			return 1;
		rc = store_trainee_lookup(store, clean, &id, NULL, 0);
		if (rc < 0)
			return rc == -ENOENT ? 1 : rc;
		sqlite3_bind_int64(stmt, 1, id);
	}
	if (filter && filter->lesson_id)
		store_bind_text(stmt, 2, filter->lesson_id);
	if (sqlite3_bind_parameter_count(stmt) >= 3)
		sqlite3_bind_int64(stmt, 3, filter ? filter->session : 0);
	return 0;
}

static void session_row(struct store *store, sqlite3_stmt *stmt, struct store_session *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(stmt, 0);
	s->trainee = sqlite3_column_int64(stmt, 1);
	store_column_text(stmt, 2, s->trainee_name, sizeof(s->trainee_name));
	store_column_text(stmt, 3, s->lesson_id, sizeof(s->lesson_id));
	store_column_text(stmt, 4, s->lesson_title, sizeof(s->lesson_title));
	store_column_text(stmt, 5, s->lesson_sha256, sizeof(s->lesson_sha256));
	store_column_text(stmt, 6, s->device_name, sizeof(s->device_name));
	store_column_text(stmt, 7, s->device_id, sizeof(s->device_id));
	s->audio_latency_ms = store_column_real(stmt, 8);
	store_column_text(stmt, 9, s->recording, sizeof(s->recording));
	s->start_us = sqlite3_column_int64(stmt, 10);
	store_column_text(stmt, 11, s->started, sizeof(s->started));
	store_column_text(stmt, 12, s->ended, sizeof(s->ended));
	s->status = store_shown_status(store, s->id,
				       (enum store_session_status)sqlite3_column_int(stmt, 13));
	s->duration_s = store_column_real(stmt, 14);
	s->deposits = (size_t)sqlite3_column_int64(stmt, 15);
	s->faults = (size_t)sqlite3_column_int64(stmt, 16);
	s->dots = (size_t)sqlite3_column_int64(stmt, 17);
	s->scored = sqlite3_column_type(stmt, 18) != SQLITE_NULL;
	s->score = store_column_real(stmt, 18);
	s->uncapped = store_column_real(stmt, 19);
	s->passed = sqlite3_column_int(stmt, 20) != 0;
	s->never_triggered = (unsigned int)sqlite3_column_int64(stmt, 21);
	s->measured = sqlite3_column_int(stmt, 22) != 0 ||
		      sqlite3_column_type(stmt, 17) != SQLITE_NULL;
	store_column_text(stmt, 23, s->end_reason, sizeof(s->end_reason));
	s->view_mode = sqlite3_column_type(stmt, 24) == SQLITE_NULL ? -1 :
		       sqlite3_column_int(stmt, 24);
	s->mapping = (struct sim_mapping){
		store_column_real(stmt, 25), store_column_real(stmt, 26),
		store_column_real(stmt, 27), store_column_real(stmt, 28),
	};
	store_column_text(stmt, 29, s->mapping_source, sizeof(s->mapping_source));
	s->origin = sqlite3_column_type(stmt, 30) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(stmt, 30);
	s->benchmark = sqlite3_column_int64(stmt, 31);
	s->rescored = sqlite3_column_type(stmt, 32) != SQLITE_NULL;
	if (s->rescored) {
		s->judged_scored = sqlite3_column_type(stmt, 33) != SQLITE_NULL;
		s->judged_score = store_column_real(stmt, 33);
		s->judged_passed = sqlite3_column_int(stmt, 34) != 0;
		s->judged_benchmark = sqlite3_column_int64(stmt, 35);
	} else {
		s->judged_scored = s->scored;
		s->judged_score = s->score;
		s->judged_passed = s->passed;
		s->judged_benchmark = s->benchmark;
	}
	s->signoffs = (size_t)sqlite3_column_int64(stmt, 36);
	store_column_text(stmt, 37, s->calibration, sizeof(s->calibration));
	/* Found gone now, or marked before the record kept reasons. */
	if (s->status == STORE_INTERRUPTED && !s->end_reason[0])
		snprintf(s->end_reason, sizeof(s->end_reason), "%s", STORE_REASON_GONE);
}

void store_mapping_text(const struct sim_mapping *m, const char *source, char *buf,
			size_t size)
{
	char values[96];

	snprintf(values, sizeof(values), "--mapping %g,%g,%g,%g", m->offset_x_mm,
		 m->offset_y_mm, m->scale, m->rotation_deg);
	if (!source)
		source = "";
	if (!strcmp(source, "fit"))
		snprintf(buf, size, "centred at 1:1 (%s)", values);
	else if (!strcmp(source, "option"))
		snprintf(buf, size, "%s", values);
	else if (!strcmp(source, "lesson"))
		snprintf(buf, size, "the lesson's (%s)", values);
	else
		snprintf(buf, size, "pad corner on the scalp's origin, 1:1 (stored before "
			 "the record kept the mapping)");
}

void store_session_mapping_text(const struct store_session *s, char *buf, size_t size)
{
	store_mapping_text(&s->mapping, s->mapping_source, buf, size);
}

int store_session_list(struct store *store, const struct store_filter *filter,
		       struct store_session **out, size_t *count)
{
	struct store_session *list = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt = session_list(store);
	int rc;

	*out = NULL;
	*count = 0;
	if (!stmt)
		return -ENOMEM;
	if ((rc = bind_filter(store, stmt, filter)) != 0)
		return rc > 0 ? 0 : rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (grow((void **)&list, &size, n, sizeof(*list)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		session_row(store, stmt, &list[n++]);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
		       store_fail_sqlite(store, rc, "listing sessions");
	}
	*out = list;
	*count = n;
	return 0;
}

int store_session_get(struct store *store, int64_t session, struct store_session *out)
{
	sqlite3_stmt *stmt;
	int rc;

	if (session <= 0)
		return store_fail(store, -ENOENT, "no session %lld", (long long)session);
	stmt = session_list(store);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 3, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		session_row(store, stmt, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = store_fail(store, -ENOENT, "no session %lld", (long long)session);
	} else {
		rc = store_fail_sqlite(store, rc, "reading a session");
	}
	sqlite3_reset(stmt);
	return rc;
}

int store_session_exists(struct store *store, int64_t session)
{
	sqlite3_stmt *stmt = store_sql(store, sql_session_exists);
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return store_fail(store, -ENOENT, "no session %lld", (long long)session);
	return store_fail_sqlite(store, rc, "reading a session");
}

static int read_score(struct store *store, int64_t session, struct score_metrics *metrics,
		      struct score_result *result)
{
	sqlite3_stmt *stmt = store_sql(store, sql_session_score);
	bool scored;
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return store_fail(store, -ENOENT, "no session %lld", (long long)session);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return store_fail_sqlite(store, rc, "reading a score");
	}
	metrics->dots = (size_t)sqlite3_column_int64(stmt, 0);
	scored = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	result->score = scored ? sqlite3_column_double(stmt, 1) : NAN;
	result->work_factor = 1;        /* not kept: the score has it in */
	result->passed = sqlite3_column_int(stmt, 3) != 0;
	result->never_triggered = (unsigned int)sqlite3_column_int64(stmt, 4);
	sqlite3_reset(stmt);

	stmt = store_sql(store, store->schema_version >= 4 ? sql_measures : sql_measures_v3);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		enum score_metric m = score_metric_from_name(
			(const char *)sqlite3_column_text(stmt, 0));

		if (m >= SCORE_METRIC_COUNT)
			continue;        /* a measure of a newer smpsim */
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) {
			metrics->valid[m] = true;
			metrics->value[m] = sqlite3_column_double(stmt, 1);
		}
		if (sqlite3_column_type(stmt, 2) != SQLITE_NULL) {
			result->rated[m] = true;
			result->marks[m] = sqlite3_column_double(stmt, 2);
			result->invalid[m] = !metrics->valid[m];
		}
		/* NULL in a session scored before version 4: no requirements. */
		if (sqlite3_column_type(stmt, 3) != SQLITE_NULL) {
			result->by_proficiency = true;
			result->required[m] = sqlite3_column_int(stmt, 3) != 0;
			result->need_min[m] = store_column_real(stmt, 4);
			result->need_max[m] = store_column_real(stmt, 5);
			result->met[m] = sqlite3_column_int(stmt, 6) != 0;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(store, rc, "reading measures");

	stmt = store_sql(store, sql_advice);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	       result->advice_count < SCORE_ADVICE_COUNT)
		store_column_text(stmt, 0, result->advice[result->advice_count++],
				  SCORE_ADVICE_MAX);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail_sqlite(store, rc, "reading advice");
	if (!scored) {
		/* Marks alone make no score; say plainly there is none. */
		memset(result, 0, sizeof(*result));
		result->score = NAN;
	}
	return 0;
}

int store_session_result(struct store *store, int64_t session,
			 struct score_metrics *metrics, struct score_result *result)
{
	struct score_metrics m;
	struct score_result r;
	int rc;

	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		m.value[i] = r.marks[i] = r.need_min[i] = r.need_max[i] = NAN;
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	rc = read_score(store, session, &m, &r);
	if (rc == 0)
		rc = store_commit(store);
	else
		store_rollback(store);
	if (rc < 0)
		return rc;
	if (metrics)
		*metrics = m;
	if (result)
		*result = r;
	return 0;
}

/* ---- deposits ---- */

static void deposit_row(sqlite3_stmt *stmt, struct deposit *d)
{
	memset(d, 0, sizeof(*d));
	d->id = (uint32_t)sqlite3_column_int64(stmt, 0);
	d->down_us = sqlite3_column_int64(stmt, 1);
	d->up_us = sqlite3_column_int64(stmt, 2);
	d->x_mm = store_column_real(stmt, 3);
	d->y_mm = store_column_real(stmt, 4);
	d->region = sqlite3_column_type(stmt, 5) == SQLITE_NULL ? SCALP_NO_REGION :
		    (size_t)sqlite3_column_int64(stmt, 5);
	d->depth_mm = store_column_real(stmt, 7);
	d->force_n = store_column_real(stmt, 8);
	d->diameter_mm = store_column_real(stmt, 9);
	d->blur_mm = store_column_real(stmt, 10);
	d->tail_mm = store_column_real(stmt, 11);
	d->tilt_deg = store_column_real(stmt, 12);
	d->skew_ratio = store_column_real(stmt, 13);
	d->skew_angle_deg = store_column_real(stmt, 14);
	d->nearest_mm = store_column_real(stmt, 15);
	d->kind = (enum deposit_kind)sqlite3_column_int(stmt, 16);
	d->depth_class = (enum deposit_depth_class)sqlite3_column_int(stmt, 17);
	d->faults = (uint32_t)sqlite3_column_int64(stmt, 18);
}

int store_session_deposits(struct store *store, int64_t session, store_deposit_fn fn,
			   void *data)
{
	sqlite3_stmt *stmt;
	int rc, stop = 0;

	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if ((rc = store_session_exists(store, session)) < 0)
		goto out;
	stmt = store_sql(store, sql_deposits);
	if (!stmt) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct deposit d;

		deposit_row(stmt, &d);
		stop = fn(data, &d, (const char *)sqlite3_column_text(stmt, 6));
		if (stop)
			break;
	}
	sqlite3_reset(stmt);
	if (stop)
		rc = stop;
	else if (rc != SQLITE_DONE)
		rc = store_fail_sqlite(store, rc, "reading deposits");
	else
		rc = 0;
out:
	if (rc == 0)
		rc = store_commit(store);
	else
		store_rollback(store);
	return rc;
}

struct deposit_array {
	struct deposit *list;
	size_t count, size;
};

static int collect(void *data, const struct deposit *deposit, const char *region_id)
{
	struct deposit_array *a = data;

	(void)region_id;
	if (grow((void **)&a->list, &a->size, a->count, sizeof(*a->list)) < 0)
		return -ENOMEM;
	a->list[a->count++] = *deposit;
	return 0;
}

int store_session_deposit_array(struct store *store, int64_t session,
				struct deposit **out, size_t *count)
{
	struct deposit_array a = { NULL, 0, 0 };
	int rc = store_session_deposits(store, session, collect, &a);

	*out = NULL;
	*count = 0;
	if (rc < 0) {
		free(a.list);
		if (rc == -ENOMEM)
			store_fail(store, rc, "out of memory");
		return rc;
	}
	*out = a.list;
	*count = a.count;
	return 0;
}

int store_session_fault_counts(struct store *store, int64_t session,
			       size_t counts[DEPOSIT_FAULT_COUNT])
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if ((rc = store_session_exists(store, session)) < 0)
		goto out;
	stmt = store_sql(store, sql_fault_counts);
	if (!stmt) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++)
			counts[i] = (size_t)sqlite3_column_int64(stmt, i);
		rc = 0;
	} else {
		rc = store_fail_sqlite(store, rc, "counting faults");
	}
	sqlite3_reset(stmt);
out:
	if (rc == 0)
		rc = store_commit(store);
	else
		store_rollback(store);
	return rc;
}

/* Copies the one blob @p stmt (its ?1 bound to @p session) selects into
 * *text, NUL-terminated; a NULL blob is *text NULL. @return 0, -ENOENT for
 * no such session, or a negative errno. */
static int read_blob(struct store *store, sqlite3_stmt *stmt, int64_t session, char **text,
		     size_t *size, const char *what)
{
	int rc;

	*text = NULL;
	*size = 0;
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
		rc = 0;
	} else if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(stmt, 0);
		const void *blob = sqlite3_column_blob(stmt, 0);

		*text = malloc(n + 1);
		if (*text) {
			if (n)
				memcpy(*text, blob, n);
			(*text)[n] = '\0';
			*size = n;
			rc = 0;
		} else {
			rc = store_fail(store, -ENOMEM, "out of memory");
		}
	} else if (rc == SQLITE_DONE) {
		rc = store_fail(store, -ENOENT, "no session %lld", (long long)session);
	} else {
		rc = store_fail_sqlite(store, rc, what);
	}
	sqlite3_reset(stmt);
	return rc;
}

int store_session_lesson_text(struct store *store, int64_t session, char **text,
			      size_t *size)
{
	int rc = read_blob(store, store_sql(store, sql_lesson_text), session, text, size,
			   "reading the lesson");

	/* A lesson is always kept: an empty file, at the least. */
	if (rc == 0 && !*text) {
		if (!(*text = calloc(1, 1)))
			return store_fail(store, -ENOMEM, "out of memory");
	}
	return rc;
}

int store_session_calibration_text(struct store *store, int64_t session, char **text,
				   size_t *size)
{
	/* Before version 6 no session kept one: the session's existence
	 * still answers. */
	if (store->schema_version < 6) {
		int rc = store_session_exists(store, session);

		*text = NULL;
		*size = 0;
		return rc;
	}
	return read_blob(store, store_sql(store, sql_calibration_text), session, text, size,
			 "reading the pen's calibration");
}

/* ---- progress ---- */

static void progress_close(struct store_progress *p, double sum)
{
	p->mean = p->scored ? sum / (double)p->scored : NAN;
}

int store_progress_list(struct store *store, const struct store_filter *filter,
			struct store_progress **out, size_t *count)
{
	struct store_progress *list = NULL, *p = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt = store_sql(store, sql_progress);
	double sum = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (!stmt)
		return -ENOMEM;
	if ((rc = bind_filter(store, stmt, filter)) != 0)
		return rc > 0 ? 0 : rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t trainee = sqlite3_column_int64(stmt, 0);
		const char *lesson = (const char *)sqlite3_column_text(stmt, 2);
		char started[STORE_TIME_MAX];

		if (!p || p->trainee != trainee || strcmp(p->lesson_id, lesson ? lesson : "")) {
			if (p)
				progress_close(p, sum);
			if (grow((void **)&list, &size, n, sizeof(*list)) < 0) {
				rc = SQLITE_NOMEM;
				break;
			}
			p = &list[n++];
			memset(p, 0, sizeof(*p));
			p->trainee = trainee;
			store_column_text(stmt, 1, p->trainee_name, sizeof(p->trainee_name));
			store_column_text(stmt, 2, p->lesson_id, sizeof(p->lesson_id));
			store_column_text(stmt, 5, p->first_started, sizeof(p->first_started));
			p->first = p->last = p->best = p->mean = NAN;
			sum = 0;
		}
		store_column_text(stmt, 5, started, sizeof(started));
		memcpy(p->last_started, started, sizeof(started));
		p->sessions++;
		if (sqlite3_column_type(stmt, 3) != SQLITE_NULL) {
			double score = sqlite3_column_double(stmt, 3);

			if (p->scored++ == 0)
				p->first = p->best = score;
			if (score > p->best)
				p->best = score;
			p->last = score;
			sum += score;
			if (sqlite3_column_int(stmt, 4))
				p->passed++;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
		       store_fail_sqlite(store, rc, "reading progress");
	}
	if (p)
		progress_close(p, sum);
	*out = list;
	*count = n;
	return 0;
}
