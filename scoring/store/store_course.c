/* store_course: instructors' early openings of lessons (lesson_openings)
 * and each session's best sign-off (signoffs, signoff_ratings), for the
 * judging of proficiency in sim/support/course.c.
 *
 * An opening is one row and its ledger entry, written in one BEGIN
 * IMMEDIATE transaction. Reads are one statement each, so they see one
 * state of the record; a record before version 5 has neither table and
 * reads as empty (a reader never migrates).
 */
#include "store_course.h"

#include "store_internal.h"
#include "store_ledger.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char sql_opening_insert[] =
	"INSERT INTO lesson_openings (trainee, lesson_id, made, by, why) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_opening_list[] =
	"SELECT id, trainee, lesson_id, made, by, why FROM lesson_openings "
	"WHERE trainee = ?1 ORDER BY made, id";
/* For each session of the trainee with a rated sign-off: the highest,
 * over its sign-offs, of each sign-off's lowest rating. */
static const char sql_signoff_best[] =
	"SELECT session, max(low) FROM ("
	"SELECT g.session AS session, min(r.rating) AS low FROM signoffs g "
	"JOIN signoff_ratings r ON r.signoff = g.id "
	"JOIN sessions s ON s.id = g.session "
	"WHERE s.trainee = ?1 GROUP BY g.id) "
	"GROUP BY session ORDER BY session";

int store_opening_add(struct store *store, int64_t trainee, const char *lesson_id,
		      const char *by, const char *why, int64_t *id)
{
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int64_t row;
	int rc, ext;

	if (!lesson_id || !*lesson_id)
		return store_fail(store, -EINVAL, "an opening needs a lesson");
	if (!by || !*by)
		return store_fail(store, -EINVAL, "an opening needs the instructor's name");
	if (!why || !*why)
		return store_fail(store, -EINVAL, "an opening needs a reason");
	if (store->schema_version < 5)
		return store_fail(store, -EROFS, "%s is of an older smpsim: open it to "
				  "write first, which brings it up to date", store->path);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if (!(stmt = store_sql(store, sql_opening_insert))) {
		rc = -ENOMEM;
		goto fail;
	}
	store_now(now);
	sqlite3_bind_int64(stmt, 1, trainee);
	store_bind_text(stmt, 2, lesson_id);
	store_bind_text(stmt, 3, now);
	store_bind_text(stmt, 4, by);
	store_bind_text(stmt, 5, why);
	rc = sqlite3_step(stmt);
	ext = sqlite3_extended_errcode(store->db);
	sqlite3_reset(stmt);
	/* The foreign key refuses a trainee that is not there. */
	if (rc != SQLITE_DONE && ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
		rc = store_fail(store, -ENOENT, "no trainee %lld", (long long)trainee);
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "storing an opening");
		goto fail;
	}
	row = sqlite3_last_insert_rowid(store->db);
	if ((rc = store_ledger_append(store, STORE_LEDGER_OPENING, row)) < 0)
		goto fail;
	if ((rc = store_commit(store)) < 0)
		goto fail;
	if (id)
		*id = row;
	return 0;
fail:
	store_rollback(store);
	return rc;
}

int store_opening_list(struct store *store, int64_t trainee, struct store_opening **out,
		       size_t *count)
{
	struct store_opening *list = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if (!(stmt = store_sql(store, sql_opening_list)))
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, trainee);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_opening *o;

		if (store_grow((void **)&list, &size, n, sizeof(*list)) < 0) {
			sqlite3_reset(stmt);
			free(list);
			return store_fail(store, -ENOMEM, "out of memory");
		}
		o = &list[n++];
		o->id = sqlite3_column_int64(stmt, 0);
		o->trainee = sqlite3_column_int64(stmt, 1);
		store_column_text(stmt, 2, o->lesson_id, sizeof(o->lesson_id));
		store_column_text(stmt, 3, o->made, sizeof(o->made));
		store_column_text(stmt, 4, o->by, sizeof(o->by));
		store_column_text(stmt, 5, o->why, sizeof(o->why));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_fail_sqlite(store, rc, "reading openings");
	}
	*out = list;
	*count = n;
	return 0;
}

int store_signoff_best_list(struct store *store, int64_t trainee,
			    struct store_signoff_best **out, size_t *count)
{
	struct store_signoff_best *list = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if (!(stmt = store_sql(store, sql_signoff_best)))
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, trainee);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int best = sqlite3_column_int(stmt, 1);

		if (store_grow((void **)&list, &size, n, sizeof(*list)) < 0) {
			sqlite3_reset(stmt);
			free(list);
			return store_fail(store, -ENOMEM, "out of memory");
		}
		list[n].session = sqlite3_column_int64(stmt, 0);
		list[n].best_min = best < 0 ? 0 : (unsigned int)best;
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_fail_sqlite(store, rc, "reading sign-offs");
	}
	*out = list;
	*count = n;
	return 0;
}
