/* name_cases: trainee names as typed and what the store's rule makes of
 * them (scoring/store/store_trainee.c): the name stored, or the exact refusal.
 * One table for the store's tests (test-store) and the command line's
 * (test-names-cli).
 */
#ifndef SMPSIM_NAME_CASES_H
#define SMPSIM_NAME_CASES_H

#include <stddef.h>

struct name_case {
	const char *given;
	const char *stored;   /**< NULL: refused */
	int rc;               /**< 0, or the negative errno of a refusal */
	const char *why;      /**< store_error() of a refusal */
};

extern const struct name_case name_cases[];
extern const size_t name_case_count;

#endif
