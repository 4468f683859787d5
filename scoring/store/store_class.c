/* store_class: groups, renames and merges of trainees (store_class.h).
 *
 * Each writer is one BEGIN IMMEDIATE ... COMMIT: the names are looked up
 * inside it, so two instructors renaming at once cannot both take a name,
 * and the trainee_changes row and the ledger entries (store_ledger.h)
 * commit or roll back with the change. A merge moves rows with UPDATE
 * statements (sessions, lesson_openings) and copies memberships with
 * INSERT OR IGNORE, so a group both were in holds the one person once.
 *
 * The readers are one read transaction each, so a list is one state of the
 * record. Groups and merges are version 5's: on an older record opened
 * read-only there are none.
 */
#include "store_class.h"
#include "store_internal.h"
#include "store_ledger.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_trainee_merged[] =
	"SELECT t.merged_into, i.name FROM trainees t "
	"LEFT JOIN trainees i ON i.id = t.merged_into WHERE t.id = ?1";
static const char sql_rename[] =
	"UPDATE trainees SET name = ?2, name_key = ?2 WHERE id = ?1";
static const char sql_change[] =
	"INSERT INTO trainee_changes (trainee, made, kind, detail, by) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_in_progress[] =
	"SELECT count(*) FROM sessions WHERE trainee = ?1 AND status = 0";
static const char sql_certificates_of[] =
	"SELECT count(*) FROM certificates WHERE trainee = ?1";
/* ?1 the trainee merged, ?2 the one kept: how many of ?1's sessions and
 * openings come from before ?2's newest certificate was issued, and how
 * many certificates ?2 holds. */
static const char sql_before_certificate[] =
	"SELECT (SELECT count(*) FROM sessions WHERE trainee = ?1 AND started < c.newest) + "
	"(SELECT count(*) FROM lesson_openings WHERE trainee = ?1 AND made < c.newest), "
	"c.n FROM (SELECT max(made) AS newest, count(*) AS n FROM certificates "
	"WHERE trainee = ?2) c";
static const char sql_sessions_of[] =
	"SELECT id FROM sessions WHERE trainee = ?1 ORDER BY id";
static const char sql_move_session[] =
	"UPDATE sessions SET trainee = ?2 WHERE id = ?1";
static const char sql_openings_of[] =
	"SELECT id FROM lesson_openings WHERE trainee = ?1 ORDER BY id";
static const char sql_move_opening[] =
	"UPDATE lesson_openings SET trainee = ?2 WHERE id = ?1";
static const char sql_copy_members[] =
	"INSERT OR IGNORE INTO group_members (grp, trainee, added) "
	"SELECT grp, ?2, added FROM group_members WHERE trainee = ?1";
static const char sql_drop_members[] =
	"DELETE FROM group_members WHERE trainee = ?1";
static const char sql_set_merged[] =
	"UPDATE trainees SET merged_into = ?2 WHERE id = ?1";
static const char sql_group_find[] =
	"SELECT id FROM trainee_groups WHERE name = ?1";
static const char sql_group_insert[] =
	"INSERT INTO trainee_groups (name, created) VALUES (?1, ?2)";
static const char sql_member_insert[] =
	"INSERT OR IGNORE INTO group_members (grp, trainee, added) VALUES (?1, ?2, ?3)";
static const char sql_member_delete[] =
	"DELETE FROM group_members WHERE grp = ?1 AND trainee = ?2";
static const char sql_group_list[] =
	"SELECT g.id, g.name, g.created, "
	"(SELECT count(*) FROM group_members m WHERE m.grp = g.id) "
	"FROM trainee_groups g ORDER BY g.name COLLATE NOCASE, g.name, g.id";
static const char sql_class_trainees[] =
	"SELECT t.id, t.name, t.created, "
	"(SELECT count(*) FROM sessions s WHERE s.trainee = t.id), "
	"t.expert, t.merged_into, i.name "
	"FROM trainees t LEFT JOIN trainees i ON i.id = t.merged_into "
	"WHERE (?1 IS NULL OR t.id IN (SELECT trainee FROM group_members WHERE grp = ?1)) "
	"AND (?2 OR t.merged_into IS NULL) "
	"ORDER BY t.name COLLATE NOCASE, t.name, t.id";
/* Before version 5: no groups, experts or merges. */
static const char sql_class_trainees_v4[] =
	"SELECT t.id, t.name, t.created, "
	"(SELECT count(*) FROM sessions s WHERE s.trainee = t.id), 0, NULL, NULL "
	"FROM trainees t ORDER BY t.name COLLATE NOCASE, t.name, t.id";
static const char sql_groups_of[] =
	"SELECT g.name FROM group_members m JOIN trainee_groups g ON g.id = m.grp "
	"WHERE m.trainee = ?1 ORDER BY g.name COLLATE NOCASE, g.name, g.id";

/* Runs @p sql with ?1 @p a and ?2 @p b to SQLITE_DONE. */
static int exec2(struct store *store, const char *sql, int64_t a, int64_t b, const char *what)
{
	sqlite3_stmt *stmt = store_sql(store, sql);

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, a);
	sqlite3_bind_int64(stmt, 2, b);
	return store_step_done(store, stmt, what);
}

/* The trainee named @p name, cleaned, in *id (and the name as stored);
 * a merged one is -ESTALE unless @p merged_ok. Inside a transaction. */
static int find_trainee(struct store *store, const char *name, bool merged_ok, int64_t *id,
			char stored[STORE_NAME_MAX])
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];
	sqlite3_stmt *stmt;
	int rc = store_trainee_name(name, clean, why, sizeof(why));

	if (rc < 0)
		return store_fail(store, rc, "'%s': %s", name, why);
	rc = store_trainee_lookup(store, clean, id, stored, STORE_NAME_MAX);
	if (rc == -ENOENT)
		return store_fail(store, rc, "no trainee named '%s'", clean);
	if (rc < 0 || merged_ok)
		return rc;
	if (!(stmt = store_sql(store, sql_trainee_merged)))
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, *id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		char into[STORE_NAME_MAX];

		store_column_text(stmt, 1, into, sizeof(into));
		sqlite3_reset(stmt);
		return store_fail(store, -ESTALE, "'%s' was merged into '%s'", stored, into);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail_sqlite(store, rc, "looking up a trainee");
}

static int add_change(struct store *store, int64_t trainee, const char *now, const char *kind,
		      const char *detail, const char *by)
{
	sqlite3_stmt *stmt = store_sql(store, sql_change);

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, trainee);
	store_bind_text(stmt, 2, now);
	store_bind_text(stmt, 3, kind);
	store_bind_text(stmt, 4, detail);
	store_bind_text(stmt, 5, by && *by ? by : NULL);
	return store_step_done(store, stmt, "recording a change of a trainee");
}

int store_trainee_rename(struct store *store, const char *old_name, const char *new_name,
			 const char *by)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX], now[STORE_TIME_MAX];
	char old_stored[STORE_NAME_MAX], taken[STORE_NAME_MAX];
	sqlite3_stmt *stmt;
	int64_t id, other;
	int rc = store_trainee_name(new_name, clean, why, sizeof(why));

	if (rc < 0)
		return store_fail(store, rc, "'%s': %s", new_name, why);
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = find_trainee(store, old_name, false, &id, old_stored)) < 0)
		goto out;
	rc = store_trainee_lookup(store, clean, &other, taken, sizeof(taken));
	if (rc == 0 && other != id) {
		rc = store_fail(store, -EEXIST, "a trainee named '%s' already exists", taken);
		goto out;
	}
	if (rc == 0 && !strcmp(old_stored, clean)) {
		rc = store_fail(store, -EALREADY, "'%s' is already their name", clean);
		goto out;
	}
	if (rc < 0 && rc != -ENOENT)
		goto out;
	if (!(stmt = store_sql(store, sql_rename))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, clean);
	if ((rc = store_step_done(store, stmt, "renaming a trainee")) < 0 ||
	    (rc = add_change(store, id, now, "rename", old_stored, by)) < 0 ||
	    (rc = store_ledger_append(store, STORE_LEDGER_TRAINEE, id)) < 0)
		goto out;
	rc = store_commit(store);
out:
	if (rc < 0)
		store_rollback(store);
	return rc;
}

/* The count @p sql (?1 @p id) gives, in *n. */
static int count_of(struct store *store, const char *sql, int64_t id, int64_t *n)
{
	sqlite3_stmt *stmt = store_sql(store, sql);
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail_sqlite(store, rc, "counting a trainee's record");
}

/* The sessions and openings of @p from that come from before @p into's
 * newest certificate was issued, in *before, and @p into's certificates in
 * *held. */
static int before_certificate(struct store *store, int64_t from, int64_t into,
			      int64_t *before, int64_t *held)
{
	sqlite3_stmt *stmt = store_sql(store, sql_before_certificate);
	int rc;

	*before = *held = 0;
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, into);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*before = sqlite3_column_int64(stmt, 0);
		*held = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail_sqlite(store, rc, "reading certificates");
}

/* Every id @p sql (?1 @p owner) gives, into a new array. */
static int ids_of(struct store *store, const char *sql, int64_t owner, int64_t **out,
		  size_t *count)
{
	sqlite3_stmt *stmt = store_sql(store, sql);
	size_t n = 0, size = 0;
	int64_t *ids = NULL, *grown;
	int rc;

	*out = NULL;
	*count = 0;
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, owner);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == size) {
			size = size ? size * 2 : 64;
			if (!(grown = realloc(ids, size * sizeof(*ids)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			ids = grown;
		}
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(ids);
		return rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
		       store_fail_sqlite(store, rc, "listing what a trainee has");
	}
	*out = ids;
	*count = n;
	return 0;
}

/* Moves each row @p list_sql lists of @p from to @p into with @p move_sql,
 * with a ledger entry of @p kind for each. */
static int move_rows(struct store *store, const char *list_sql, const char *move_sql,
		     const char *kind, int64_t from, int64_t into, size_t *moved)
{
	int64_t *ids;
	size_t n;
	int rc = ids_of(store, list_sql, from, &ids, &n);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = exec2(store, move_sql, ids[i], into, "moving a trainee's record");
		if (rc == 0)
			rc = store_ledger_append(store, kind, ids[i]);
	}
	free(ids);
	if (rc == 0 && moved)
		*moved = n;
	return rc;
}

int store_trainee_merge(struct store *store, const char *from, const char *into,
			const char *by, size_t *moved)
{
	char now[STORE_TIME_MAX], from_name[STORE_NAME_MAX], into_name[STORE_NAME_MAX];
	char detail[32];
	int64_t from_id, into_id, busy, certified, before, held;
	int rc;

	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = find_trainee(store, from, false, &from_id, from_name)) < 0 ||
	    (rc = find_trainee(store, into, false, &into_id, into_name)) < 0)
		goto out;
	if (from_id == into_id) {
		rc = store_fail(store, -EINVAL, "'%s' and '%s' are one trainee already", from,
				into);
		goto out;
	}
	if ((rc = count_of(store, sql_in_progress, from_id, &busy)) < 0 ||
	    (rc = count_of(store, sql_certificates_of, from_id, &certified)) < 0)
		goto out;
	if (busy > 0) {
		rc = store_fail(store, -EBUSY, "'%s' has a session in progress: merge once "
				"it has ended", from_name);
		goto out;
	}
	/* A certificate rests on its trainee's sessions under their name:
	 * moving them away would leave it resting on nothing. */
	if (certified > 0) {
		rc = store_fail(store, -EPERM, "'%s' holds %lld certificate%s, which rest on "
				"their sessions: merge '%s' into '%s' instead", from_name,
				(long long)certified, certified == 1 ? "" : "s", into_name,
				from_name);
		goto out;
	}
	/* Nor may the sessions moved in change what the kept trainee's
	 * certificates rest on: proficiency is judged over all their sessions
	 * in time order, so one from before a certificate was issued (or an
	 * early opening) could break the run it rests on. Later ones cannot:
	 * proficiency once reached stays. */
	if ((rc = before_certificate(store, from_id, into_id, &before, &held)) < 0)
		goto out;
	if (before > 0) {
		rc = store_fail(store, -EPERM, "'%s' holds %lld certificate%s issued after "
				"%lld of the sessions and openings of '%s': moved, they could "
				"change what %s on, so the two stay apart", into_name,
				(long long)held, held == 1 ? "" : "s", (long long)before,
				from_name, held == 1 ? "it rests" : "they rest");
		goto out;
	}
	snprintf(detail, sizeof(detail), "%lld", (long long)into_id);
	if ((rc = move_rows(store, sql_sessions_of, sql_move_session, STORE_LEDGER_SESSION,
			    from_id, into_id, moved)) < 0 ||
	    (rc = move_rows(store, sql_openings_of, sql_move_opening, STORE_LEDGER_OPENING,
			    from_id, into_id, NULL)) < 0 ||
	    (rc = exec2(store, sql_copy_members, from_id, into_id, "moving memberships")) < 0 ||
	    (rc = exec2(store, sql_drop_members, from_id, 0, "moving memberships")) < 0 ||
	    (rc = exec2(store, sql_set_merged, from_id, into_id, "merging a trainee")) < 0 ||
	    (rc = add_change(store, from_id, now, "merge", detail, by)) < 0 ||
	    (rc = store_ledger_append(store, STORE_LEDGER_TRAINEE, from_id)) < 0 ||
	    (rc = store_ledger_append(store, STORE_LEDGER_TRAINEE, into_id)) < 0 ||
	    (rc = store_ledger_append(store, STORE_LEDGER_GROUP_MEMBER, from_id)) < 0 ||
	    (rc = store_ledger_append(store, STORE_LEDGER_GROUP_MEMBER, into_id)) < 0)
		goto out;
	rc = store_commit(store);
out:
	if (rc < 0)
		store_rollback(store);
	return rc;
}

/* The group named @p clean in *id: -ENOENT when there is none, unless
 * @p make, which makes it. Inside a write transaction when making. */
static int find_group(struct store *store, const char *clean, bool make, int64_t *id)
{
	char now[STORE_TIME_MAX];
	sqlite3_stmt *stmt = store_sql(store, sql_group_find);
	int rc;

	if (!stmt)
		return -ENOMEM;
	store_bind_text(stmt, 1, clean);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail_sqlite(store, rc, "looking up a group");
	if (!make)
		return store_fail(store, -ENOENT, "no group named '%s'", clean);
	if (!(stmt = store_sql(store, sql_group_insert)))
		return -ENOMEM;
	store_now(now);
	store_bind_text(stmt, 1, clean);
	store_bind_text(stmt, 2, now);
	if ((rc = store_step_done(store, stmt, "making a group")) < 0)
		return rc;
	*id = sqlite3_last_insert_rowid(store->db);
	return 0;
}

/* Adds or removes a membership; @p changed: whether a row was. */
static int membership(struct store *store, const char *group, const char *trainee, bool add,
		      bool *changed)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX], now[STORE_TIME_MAX];
	char stored[STORE_NAME_MAX];
	sqlite3_stmt *stmt;
	int64_t grp, id;
	int rc = store_trainee_name(group, clean, why, sizeof(why));

	if (rc < 0)
		return store_fail(store, rc, "group '%s': %s", group, why);
	store_now(now);
	if ((rc = store_begin_write(store)) < 0)
		return rc;
	if ((rc = find_trainee(store, trainee, !add, &id, stored)) < 0 ||
	    (rc = find_group(store, clean, add, &grp)) < 0)
		goto out;
	if (!(stmt = store_sql(store, add ? sql_member_insert : sql_member_delete))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, grp);
	sqlite3_bind_int64(stmt, 2, id);
	if (add)
		store_bind_text(stmt, 3, now);
	if ((rc = store_step_done(store, stmt, "changing a group")) < 0)
		goto out;
	*changed = sqlite3_changes(store->db) > 0;
	if (!*changed && !add) {
		rc = store_fail(store, -ENOENT, "'%s' is not in group '%s'", stored, clean);
		goto out;
	}
	if (*changed && (rc = store_ledger_append(store, STORE_LEDGER_GROUP_MEMBER, id)) < 0)
		goto out;
	rc = store_commit(store);
out:
	if (rc < 0)
		store_rollback(store);
	return rc;
}

int store_group_add(struct store *store, const char *group, const char *trainee, bool *added)
{
	bool changed = false;
	int rc = membership(store, group, trainee, true, &changed);

	if (added)
		*added = changed;
	return rc;
}

int store_group_remove(struct store *store, const char *group, const char *trainee)
{
	bool changed = false;

	return membership(store, group, trainee, false, &changed);
}

int store_group_list(struct store *store, struct store_group **out, size_t *count)
{
	struct store_group *list = NULL, *grown;
	size_t n = 0, size = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*count = 0;
	if (store->schema_version < 5)
		return 0;
	if (!(stmt = store_sql(store, sql_group_list)))
		return -ENOMEM;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == size) {
			size = size ? size * 2 : 16;
			if (!(grown = realloc(list, size * sizeof(*list)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			list = grown;
		}
		list[n].id = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, list[n].name, sizeof(list[n].name));
		store_column_text(stmt, 2, list[n].created, sizeof(list[n].created));
		list[n].members = (size_t)sqlite3_column_int64(stmt, 3);
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(list);
		return rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
		       store_fail_sqlite(store, rc, "listing groups");
	}
	*out = list;
	*count = n;
	return 0;
}

/* Fills @p t's groups. */
static int groups_of(struct store *store, struct store_class_trainee *t)
{
	sqlite3_stmt *stmt = store_sql(store, sql_groups_of);
	size_t size = 0;
	void *grown;
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, t->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (t->group_count == size) {
			size = size ? size * 2 : 4;
			if (!(grown = realloc(t->groups, size * sizeof(*t->groups)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			t->groups = grown;
		}
		store_column_text(stmt, 0, t->groups[t->group_count],
				  sizeof(t->groups[t->group_count]));
		t->group_count++;
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
	       store_fail_sqlite(store, rc, "listing a trainee's groups");
}

static int class_rows(struct store *store, int64_t grp, bool with_merged,
		      struct store_class_trainee **out, size_t *count)
{
	struct store_class_trainee *list = NULL, *grown, *t;
	bool v5 = store->schema_version >= 5;
	sqlite3_stmt *stmt = store_sql(store, v5 ? sql_class_trainees : sql_class_trainees_v4);
	size_t n = 0, size = 0;
	int rc;

	if (!stmt)
		return -ENOMEM;
	if (v5 && grp)
		sqlite3_bind_int64(stmt, 1, grp);
	if (v5)
		sqlite3_bind_int(stmt, 2, with_merged);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == size) {
			size = size ? size * 2 : 32;
			if (!(grown = realloc(list, size * sizeof(*list)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			list = grown;
		}
		t = &list[n++];
		memset(t, 0, sizeof(*t));
		t->id = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, t->name, sizeof(t->name));
		store_column_text(stmt, 2, t->created, sizeof(t->created));
		t->sessions = (size_t)sqlite3_column_int64(stmt, 3);
		t->expert = sqlite3_column_int(stmt, 4) != 0;
		t->merged_into = sqlite3_column_int64(stmt, 5);
		store_column_text(stmt, 6, t->merged_into_name, sizeof(t->merged_into_name));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		rc = rc == SQLITE_NOMEM ? store_fail(store, -ENOMEM, "out of memory") :
		     store_fail_sqlite(store, rc, "listing trainees");
	else
		rc = 0;
	for (size_t i = 0; rc == 0 && v5 && i < n; i++)
		rc = groups_of(store, &list[i]);
	*out = list;
	*count = n;
	return rc;
}

int store_class_trainees(struct store *store, const char *group, bool with_merged,
			 struct store_class_trainee **out, size_t *count)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];
	int64_t grp = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (group && (rc = store_trainee_name(group, clean, why, sizeof(why))) < 0)
		return store_fail(store, rc, "group '%s': %s", group, why);
	if (group && store->schema_version < 5)
		return store_fail(store, -ENOENT, "no group named '%s'", clean);
	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if (group)
		rc = find_group(store, clean, false, &grp);
	if (rc == 0)
		rc = class_rows(store, grp, with_merged, out, count);
	if (rc == 0)
		rc = store_commit(store);
	else
		store_rollback(store);
	if (rc < 0) {
		store_class_trainees_free(*out, *count);
		*out = NULL;
		*count = 0;
	}
	return rc;
}

void store_class_trainees_free(struct store_class_trainee *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++)
		free(list[i].groups);
	free(list);
}
