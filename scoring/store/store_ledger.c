/* store_ledger: SEED ONLY. The ledger's interface is fixed here so that the
 * writers of sessions, sign-offs, benchmarks and trainees can call it; its
 * hashing and verify are written by the ledger's own change, which
 * replaces this file whole. */
#include "store_ledger.h"

int store_ledger_append(struct store *store, const char *kind, int64_t ref)
{
	(void)store;
	(void)kind;
	(void)ref;
	return 0;
}
