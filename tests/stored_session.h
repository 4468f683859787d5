/* stored_session: a session a command stored, checked as smpsim itself
 * reads it back (store_session_get()), for the command-line tests that run
 * one to its end.
 */
#ifndef SMPSIM_STORED_SESSION_H
#define SMPSIM_STORED_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/**
 * Checks, with cmocka, that session @p id of the record at @p db has
 * @p status, ended for @p end_reason, holds @p deposits committed
 * deposits, and is scored.
 */
void stored_session_expect(const char *db, int64_t id, enum store_session_status status,
			   const char *end_reason, size_t deposits);

#endif
