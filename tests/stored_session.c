/* stored_session: see stored_session.h. The record is opened by the
 * store, as `smpsim review` would read it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stored_session.h"

void stored_session_expect(const char *db, int64_t id, enum store_session_status status,
			   const char *end_reason, size_t deposits)
{
	char err[STORE_ERROR_MAX];
	struct store_session got;
	struct store *store;

	if (store_open(db, &store, NULL, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_session_get(store, id, &got), 0);
	assert_int_equal(got.status, status);
	assert_string_equal(got.end_reason, end_reason);
	assert_int_equal(got.deposits, deposits);
	assert_true(got.scored);
	store_close(store);
}
