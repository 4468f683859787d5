/* store_signoff: instructors' sign-offs of stored sessions (issue 14): a
 * global rating of 1 to 5 on each named domain of SMP technique
 * (OSATS-style), a note, the instructor's name and the time
 * (store_schema.sql, tables signoffs and signoff_ratings).
 *
 * Which domains there are is the curriculum's business (the caller's):
 * the store keeps the names it is given, in the order given. A session
 * may be signed off more than once (by several instructors, or again
 * later); every sign-off is kept.
 */
#ifndef SMPSIM_STORE_SIGNOFF_H
#define SMPSIM_STORE_SIGNOFF_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STORE_SIGNOFF_DOMAINS_MAX 16  /**< ratings in one sign-off */
#define STORE_SIGNOFF_DOMAIN_MAX 64   /**< a domain's name, with its NUL */
#define STORE_SIGNOFF_NOTE_MAX 2048   /**< a note, with its NUL */
#define STORE_SIGNOFF_RATING_MIN 1
#define STORE_SIGNOFF_RATING_MAX 5

/** One domain's rating. */
struct store_rating {
	char domain[STORE_SIGNOFF_DOMAIN_MAX];
	int rating;                      /**< 1..5 */
};

/** A sign-off to store. */
struct store_signoff_new {
	int64_t session;
	const char *instructor;          /**< cleaned as a trainee's name */
	const char *note;                /**< NULL or "": none; valid UTF-8 */
	const struct store_rating *ratings;
	size_t rating_count;             /**< 1..STORE_SIGNOFF_DOMAINS_MAX */
};

/** A sign-off as stored. */
struct store_signoff {
	int64_t id;
	int64_t session;
	char instructor[STORE_NAME_MAX];
	char made[STORE_TIME_MAX];       /**< ISO 8601 UTC with milliseconds */
	char note[STORE_SIGNOFF_NOTE_MAX];
	struct store_rating ratings[STORE_SIGNOFF_DOMAINS_MAX]; /**< as given */
	size_t rating_count;
	int lowest;                      /**< the lowest rating; 0: none */
};

/**
 * Stores a sign-off of @p s->session, made now, with its ledger entry
 * (store_ledger_append(), STORE_LEDGER_SIGNOFF), all in one transaction.
 * The instructor's name is cleaned as store_trainee_name() cleans a
 * trainee's.
 * @return 0 and *id (may be NULL); -ENOENT for no such session; -EBUSY
 * for a session still in progress; -EINVAL for an instructor's name that
 * is not one, no ratings or too many, a rating outside 1..5, a domain
 * empty, too long or given twice, a note that is not UTF-8 or is too
 * long (-ENAMETOOLONG for a name too long); store_error() says which.
 * Nothing is stored on failure.
 */
int store_signoff_add(struct store *store, const struct store_signoff_new *s, int64_t *id);

/**
 * Every sign-off of @p session, oldest first, each with its ratings in
 * the order they were given. *out is an array to free(); NULL when
 * *count is 0.
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_signoff_list(struct store *store, int64_t session, struct store_signoff **out,
		       size_t *count);

/**
 * The lowest rating of @p session's best sign-off (the one whose lowest
 * rating is highest) into *lowest: 1..5, 0 when it has none; what a
 * proficiency rule's `signoff-at-least` compares (proficiency.h).
 * @return 0, or a negative errno.
 */
int store_signoff_best(struct store *store, int64_t session, unsigned int *lowest);

#endif
