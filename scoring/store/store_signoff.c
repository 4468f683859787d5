/* store_signoff: instructors' sign-offs (store_signoff.h). A sign-off is
 * one signoffs row and a signoff_ratings row per domain, numbered (seq)
 * in the order the domains were given, written with their ledger entry in
 * one write transaction; the session's status is read inside it, so a
 * session cannot begin to count as ended between the check and the
 * insert. Reading is one read transaction over both tables.
 */
#include "store_signoff.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_ledger.h"

static const char sql_status[] = "SELECT status FROM sessions WHERE id = ?1";
static const char sql_insert[] =
	"INSERT INTO signoffs (session, instructor, made, note) VALUES (?1, ?2, ?3, ?4)";
static const char sql_insert_rating[] =
	"INSERT INTO signoff_ratings (signoff, domain, rating, seq) VALUES (?1, ?2, ?3, ?4)";
/* One row per rating (a sign-off with none reads as one row, domain NULL). */
static const char sql_list[] =
	"SELECT g.id, g.instructor, g.made, g.note, r.domain, r.rating "
	"FROM signoffs g LEFT JOIN signoff_ratings r ON r.signoff = g.id "
	"WHERE g.session = ?1 ORDER BY g.id, r.seq";
static const char sql_best[] =
	"SELECT max(low) FROM (SELECT min(r.rating) AS low FROM signoffs g "
	"JOIN signoff_ratings r ON r.signoff = g.id WHERE g.session = ?1 GROUP BY g.id)";

/* What is wrong with @p s's ratings and note, before the record is touched. */
static int check_new(struct store *store, const struct store_signoff_new *s)
{
	if (s->rating_count == 0 || !s->ratings)
		return store_fail(store, -EINVAL, "a sign-off rates at least one domain");
	if (s->rating_count > STORE_SIGNOFF_DOMAINS_MAX)
		return store_fail(store, -EINVAL, "a sign-off rates at most %d domains",
				  STORE_SIGNOFF_DOMAINS_MAX);
	for (size_t i = 0; i < s->rating_count; i++) {
		const struct store_rating *r = &s->ratings[i];

		if (!r->domain[0] || !memchr(r->domain, '\0', sizeof(r->domain)))
			return store_fail(store, -EINVAL, "domain %zu has no name, or one "
					  "longer than %d bytes", i + 1,
					  STORE_SIGNOFF_DOMAIN_MAX - 1);
		if (r->rating < STORE_SIGNOFF_RATING_MIN || r->rating > STORE_SIGNOFF_RATING_MAX)
			return store_fail(store, -EINVAL, "'%s' is rated %d: a rating is %d to %d",
					  r->domain, r->rating, STORE_SIGNOFF_RATING_MIN,
					  STORE_SIGNOFF_RATING_MAX);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(s->ratings[k].domain, r->domain))
				return store_fail(store, -EINVAL, "'%s' is rated twice",
						  r->domain);
	}
	if (s->note && !g_utf8_validate(s->note, -1, NULL))
		return store_fail(store, -EINVAL, "a note must be valid UTF-8");
	if (s->note && strlen(s->note) >= STORE_SIGNOFF_NOTE_MAX)
		return store_fail(store, -EINVAL, "a note is at most %d bytes",
				  STORE_SIGNOFF_NOTE_MAX - 1);
	return 0;
}

/* Inside the write transaction: the session is there and has ended. */
static int check_session(struct store *store, int64_t session)
{
	sqlite3_stmt *stmt;
	int rc;

	if (store_active_find(store, session))
		return store_fail(store, -EBUSY, "session %" PRId64 " is still in progress: "
				  "sign it off when it has ended", session);
	if (!(stmt = store_sql(store, sql_status)))
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return store_fail(store, -ENOENT, "no session %" PRId64, session);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return store_fail_sqlite(store, rc, "reading a session");
	}
	rc = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	/* One whose program is gone is interrupted, marked or not. */
	if (store_shown_status(store, session, (enum store_session_status)rc) ==
	    STORE_IN_PROGRESS)
		return store_fail(store, -EBUSY, "session %" PRId64 " is still in progress: "
				  "sign it off when it has ended", session);
	return 0;
}

static int insert(struct store *store, const struct store_signoff_new *s,
		  const char *instructor, int64_t *id)
{
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt = store_sql(store, sql_insert);
	int rc;

	if (!stmt)
		return -ENOMEM;
	store_now(now);
	sqlite3_bind_int64(stmt, 1, s->session);
	store_bind_text(stmt, 2, instructor);
	store_bind_text(stmt, 3, now);
	store_bind_text(stmt, 4, s->note ? s->note : "");
	if ((rc = store_step_done(store, stmt, "storing a sign-off")) < 0)
		return rc;
	*id = sqlite3_last_insert_rowid(store->db);
	for (size_t i = 0; i < s->rating_count; i++) {
		if (!(stmt = store_sql(store, sql_insert_rating)))
			return -ENOMEM;
		sqlite3_bind_int64(stmt, 1, *id);
		store_bind_text(stmt, 2, s->ratings[i].domain);
		sqlite3_bind_int(stmt, 3, s->ratings[i].rating);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)i);
		if ((rc = store_step_done(store, stmt, "storing a sign-off's rating")) < 0)
			return rc;
	}
	return store_ledger_append(store, STORE_LEDGER_SIGNOFF, *id);
}

int store_signoff_add(struct store *store, const struct store_signoff_new *s, int64_t *id)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];
	int64_t made;
	int rc;

	rc = store_trainee_name(s->instructor, clean, why, sizeof(why));
	if (rc < 0)
		return store_fail(store, rc, "the instructor's name: %s", why);
	if ((rc = check_new(store, s)) < 0)
		return rc;
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = check_session(store, s->session)) < 0 ||
	    (rc = insert(store, s, clean, &made)) < 0 ||
	    (rc = store_commit(store)) < 0) {
		store_rollback(store);
		return rc;
	}
	if (id)
		*id = made;
	return 0;
}

/* Adds the row of @p stmt to @p list: a new sign-off, or a rating of the last. */
static int list_row(sqlite3_stmt *stmt, struct store_signoff **list, size_t *count,
		    size_t *size)
{
	int64_t id = sqlite3_column_int64(stmt, 0);
	struct store_signoff *g;

	if (*count == 0 || (*list)[*count - 1].id != id) {
		if (*count == *size) {
			size_t n = *size ? *size * 2 : 4;
			struct store_signoff *more = realloc(*list, n * sizeof(*more));

			if (!more)
				return -ENOMEM;
			*list = more;
			*size = n;
		}
		g = &(*list)[(*count)++];
		memset(g, 0, sizeof(*g));
		g->id = id;
		store_column_text(stmt, 1, g->instructor, sizeof(g->instructor));
		store_column_text(stmt, 2, g->made, sizeof(g->made));
		store_column_text(stmt, 3, g->note, sizeof(g->note));
	}
	g = &(*list)[*count - 1];
	if (sqlite3_column_type(stmt, 4) == SQLITE_NULL ||
	    g->rating_count == STORE_SIGNOFF_DOMAINS_MAX)
		return 0;
	store_column_text(stmt, 4, g->ratings[g->rating_count].domain,
			  sizeof(g->ratings[0].domain));
	g->ratings[g->rating_count].rating = sqlite3_column_int(stmt, 5);
	if (g->lowest == 0 || g->ratings[g->rating_count].rating < g->lowest)
		g->lowest = g->ratings[g->rating_count].rating;
	g->rating_count++;
	return 0;
}

int store_signoff_list(struct store *store, int64_t session, struct store_signoff **out,
		       size_t *count)
{
	struct store_signoff *list = NULL;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if ((rc = store_session_exists(store, session)) < 0)
		goto out;
	if (!(stmt = store_sql(store, sql_list))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, session);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (list_row(stmt, &list, &n, &size) < 0) {
			rc = store_fail(store, -ENOMEM, "out of memory");
			break;
		}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = store_fail_sqlite(store, rc, "reading sign-offs");
	for (size_t i = 0; i < n; i++)
		list[i].session = session;
out:
	store_rollback(store);
	if (rc < 0) {
		free(list);
		return rc;
	}
	*out = list;
	*count = n;
	return 0;
}

int store_signoff_best(struct store *store, int64_t session, unsigned int *lowest)
{
	sqlite3_stmt *stmt = store_sql(store, sql_best);
	int rc;

	*lowest = 0;
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, session);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*lowest = (unsigned int)sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	       store_fail_sqlite(store, rc, "reading sign-offs");
}
