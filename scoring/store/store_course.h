/* store_course: what the record holds of a trainee's way through the
 * curriculum beyond their sessions (issue 14): the lessons an instructor
 * opened to them early (table lesson_openings, with who and why), and the
 * best sign-off of each of their sessions as proficiency weighs it. The
 * curriculum itself, and the judging, are not the store's: sim/support's
 * course.h puts them together.
 *
 * A record of a schema before version 5 holds neither: it reads as no
 * openings and no sign-offs, and an opening cannot be added to it until a
 * writer's open has brought it up to date (store_open() does).
 */
#ifndef SMPSIM_STORE_COURSE_H
#define SMPSIM_STORE_COURSE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STORE_WHY_MAX 1024    /**< an opening's reason, with its NUL */

/** An instructor's early opening of a lesson to a trainee. */
struct store_opening {
	int64_t id;
	int64_t trainee;
	char lesson_id[STORE_NAME_MAX];
	char made[STORE_TIME_MAX];      /**< ISO 8601, UTC */
	char by[STORE_NAME_MAX];        /**< the instructor, as they gave their name */
	char why[STORE_WHY_MAX];
};

/**
 * Records that instructor @p by opened lesson @p lesson_id to trainee
 * @p trainee now, because @p why, with its ledger entry
 * (STORE_LEDGER_OPENING), in one transaction. Whether the lesson is in the
 * curriculum, or open already, is the caller's to judge: the store does
 * not know the curriculum.
 * @return 0 and *id (may be NULL), -EINVAL for an empty @p by, @p why or
 * @p lesson_id, -ENOENT for no such trainee, -EROFS for a store opened
 * read-only, or a negative errno; store_error() says which.
 */
int store_opening_add(struct store *store, int64_t trainee, const char *lesson_id,
		      const char *by, const char *why, int64_t *id);

/**
 * Trainee @p trainee's openings, oldest first (by time made, then id).
 * *out is an array to free(); NULL when *count is 0 (always so on a record
 * before version 5).
 * @return 0, or a negative errno.
 */
int store_opening_list(struct store *store, int64_t trainee, struct store_opening **out,
		       size_t *count);

/** A session's best sign-off, as proficiency weighs it. */
struct store_signoff_best {
	int64_t session;
	/** Over the session's sign-offs, the highest of each one's lowest
	 * rating (a sign-off counts at its weakest domain), 1..5. */
	unsigned int best_min;
};

/**
 * The best sign-off of each of trainee @p trainee's sessions that has one,
 * by session id. *out is an array to free(); NULL when *count is 0
 * (always so on a record before version 5). A sign-off with no ratings is
 * skipped.
 * @return 0, or a negative errno.
 */
int store_signoff_best_list(struct store *store, int64_t trainee,
			    struct store_signoff_best **out, size_t *count);

#endif
