/* store_class: what an instructor does to the class list (issue 14):
 * groups of trainees (a course intake: trainee_groups, group_members),
 * renaming a trainee, and merging two entries of one person (every session
 * of one moved to the other). Each change is one write transaction with
 * its trainee_changes row and its ledger entries (store_ledger.h), so the
 * record never holds half of one.
 *
 * Names of trainees and of groups follow one rule, store_trainee_name()'s.
 * A merged trainee keeps their row and name for the record's history
 * (trainees.merged_into) but can no longer be found by name to practise or
 * be reviewed: store_trainee_find() fails with -ESTALE and says whom they
 * were merged into.
 *
 * Needs a record of schema version 5; on an older one opened read-only
 * the readers give no groups and no merges.
 */
#ifndef SMPSIM_STORE_CLASS_H
#define SMPSIM_STORE_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/**
 * Renames trainee @p old_name to @p new_name (cleaned by
 * store_trainee_name()), recording a trainee_changes 'rename' row with
 * the old name as stored and @p by (NULL or "": not said).
 * @return 0; -ENOENT for no trainee @p old_name, -ESTALE for one merged
 * into another, -EEXIST when @p new_name is another trainee's, -EALREADY
 * when it is already their name exactly, -EINVAL or -ENAMETOOLONG for a
 * name that is not one; or a negative errno. store_error() says which.
 */
int store_trainee_rename(struct store *store, const char *old_name, const char *new_name,
			 const char *by);

/**
 * Merges trainee @p from into trainee @p into, the same person entered
 * twice: every session of @p from becomes @p into's, and so do their
 * group memberships and the lessons opened early for them; @p from is
 * kept, marked merged_into @p into, with a trainee_changes 'merge' row
 * (detail: @p into's id; @p by as in store_trainee_rename()). One
 * transaction, with ledger entries for both trainees, each moved session,
 * each moved opening and both trainees' memberships.
 * @return 0 and the number of sessions moved in *moved (may be NULL);
 * -ENOENT for a name that is no trainee, -ESTALE for one already merged,
 * -EINVAL for a trainee merged into themselves or a name that is not one,
 * -EBUSY when @p from has a session in progress, -EPERM when @p from
 * holds a certificate (it rests on their sessions: merge the other way)
 * or when @p into holds one issued after a session or opening of
 * @p from (moved in, it could change what the certificate rests on); or
 * a negative errno.
 */
int store_trainee_merge(struct store *store, const char *from, const char *into,
			const char *by, size_t *moved);

/**
 * Puts trainee @p trainee in group @p group, making the group on first
 * use. *added (may be NULL) is false when they were in it already, which
 * is not an error.
 * @return 0; -ENOENT for no such trainee, -ESTALE for a merged one,
 * -EINVAL or -ENAMETOOLONG for a name that is not one; or a negative errno.
 */
int store_group_add(struct store *store, const char *group, const char *trainee,
		    bool *added);

/**
 * Takes trainee @p trainee out of group @p group (the group stays, even
 * when empty).
 * @return 0; -ENOENT for no such group or trainee, or a trainee not in
 * the group (store_error() says which); -EINVAL or -ENAMETOOLONG for a
 * name that is not one; or a negative errno.
 */
int store_group_remove(struct store *store, const char *group, const char *trainee);

/** A group, as store_group_list() gives it. */
struct store_group {
	int64_t id;
	char name[STORE_NAME_MAX];
	char created[STORE_TIME_MAX];    /**< ISO 8601, UTC */
	size_t members;
};

/**
 * Every group, by name (as store_trainee_list() orders names). *out is
 * an array to free(); NULL when *count is 0.
 * @return 0, or a negative errno.
 */
int store_group_list(struct store *store, struct store_group **out, size_t *count);

/** A trainee as the class list shows them. */
struct store_class_trainee {
	int64_t id;
	char name[STORE_NAME_MAX];
	char created[STORE_TIME_MAX];
	size_t sessions;
	bool expert;
	/** The trainee this one was merged into, and their name; 0 and "". */
	int64_t merged_into;
	char merged_into_name[STORE_NAME_MAX];
	/** Their groups, by name: group_count names of STORE_NAME_MAX bytes,
	 * freed by store_class_trainees_free(); NULL when none. */
	char (*groups)[STORE_NAME_MAX];
	size_t group_count;
};

/**
 * The trainees, by name as store_trainee_list() orders them: those of
 * group @p group (NULL: everyone), merged ones included only when
 * @p with_merged. Free *out with store_class_trainees_free().
 * @return 0; -ENOENT for no such group (store_error() says so); or a
 * negative errno.
 */
int store_class_trainees(struct store *store, const char *group, bool with_merged,
			 struct store_class_trainee **out, size_t *count);

/** Frees what store_class_trainees() gave. Accepts NULL. */
void store_class_trainees_free(struct store_class_trainee *list, size_t count);

#endif
