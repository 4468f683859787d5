/* store_ledger: the record's tamper-evident ledger (issue 14). Every thing
 * that makes the record's history gets an entry as it is made or changed
 * by smpsim, in the transaction that makes it: the SHA-256 of its
 * canonical content, chained to the entry before (store_schema.sql,
 * table ledger). store_ledger_verify() recomputes every content and the
 * chain and names what no longer matches.
 *
 * This is evidence of edits made with other tools, not a signature: whoever
 * holds the file can rewrite the whole chain (docs/instructor-guide.md says
 * so, and what would make it one).
 */
#ifndef SMPSIM_STORE_LEDGER_H
#define SMPSIM_STORE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

struct store;

/** What a ledger entry is of (ledger.kind). */
#define STORE_LEDGER_SESSION "session"        /**< sessions row, its deposits, pen stream, measures, advice */
#define STORE_LEDGER_RESCORE "rescore"        /**< rescores row and its measures */
#define STORE_LEDGER_SIGNOFF "signoff"        /**< signoffs row and its ratings */
#define STORE_LEDGER_TRAINEE "trainee"        /**< trainees row (name, expert, merged_into) */
#define STORE_LEDGER_GROUP_MEMBER "member"    /**< ref: the trainee; content: their groups */
#define STORE_LEDGER_BENCHMARK "benchmark"    /**< benchmarks row, levels and sessions */
#define STORE_LEDGER_OPENING "opening"        /**< lesson_openings row */
#define STORE_LEDGER_CERTIFICATE "certificate" /**< certificates row */

/**
 * Appends the entry for thing @p kind number @p ref as it now is, inside
 * the caller's write transaction (store_begin_write() ... store_commit()),
 * so the entry and the change commit or roll back together.
 * @return 0, or a negative errno with store_error() set.
 */
int store_ledger_append(struct store *store, const char *kind, int64_t ref);

#endif
