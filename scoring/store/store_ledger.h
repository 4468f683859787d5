/* store_ledger: the record's tamper-evident ledger (issue 14). Every thing
 * that makes the record's history gets an entry as it is made or changed
 * by smpsim, in the transaction that makes it: the SHA-256 of its
 * canonical content, chained to the entry before (store_schema.sql,
 * table ledger; store_ledger.c says which bytes). store_ledger_verify()
 * (store_verify.c) recomputes every content and the chain and names what
 * no longer matches.
 *
 * This is evidence of edits made with other tools, not a signature: whoever
 * holds the file can rewrite the whole chain (docs/instructor-guide.md,
 * "Verifying the record and a certificate", says so, and what would make
 * it one).
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
#define STORE_LEDGER_TRAINEE "trainee"        /**< trainees row, its trainee_changes */
#define STORE_LEDGER_GROUP_MEMBER "member"    /**< ref: the trainee; content: their groups */
#define STORE_LEDGER_BENCHMARK "benchmark"    /**< benchmarks row, levels and sessions */
#define STORE_LEDGER_OPENING "opening"        /**< lesson_openings row */
#define STORE_LEDGER_CERTIFICATE "certificate" /**< certificates row */

/** A SHA-256 in lowercase hex, with its NUL. */
#define STORE_LEDGER_HEX 65

/**
 * Appends the entry for thing @p kind number @p ref as it now is, inside
 * the caller's write transaction (store_begin_write() ... store_commit()),
 * so the entry and the change commit or roll back together.
 * @return 0, or a negative errno with store_error() set: -EINVAL for a
 * kind not above or a call outside a transaction.
 */
int store_ledger_append(struct store *store, const char *kind, int64_t ref);

/**
 * The ledger's newest entry: its seq in *seq (0 for an empty ledger) and
 * its chain_sha256 in @p chain (64 '0' for an empty ledger); either may be
 * NULL. Inside the caller's transaction, or on its own.
 * @return 0, or a negative errno with store_error() set.
 */
int store_ledger_head(struct store *store, int64_t *seq, char chain[STORE_LEDGER_HEX]);

/**
 * The chain_sha256 of ledger entry @p seq, as stored, in @p chain: what a
 * chain head kept elsewhere (printed on a certificate with its entry
 * number) is compared with. Inside the caller's transaction, or on its own.
 * @return 0, -ENOENT when there is no entry @p seq, or a negative errno
 * with store_error() set.
 */
int store_ledger_chain_at(struct store *store, int64_t seq, char chain[STORE_LEDGER_HEX]);

/** What is wrong with one thing or entry (struct store_ledger_problem). */
enum store_ledger_fault {
	STORE_LEDGER_CHANGED,    /**< its content differs from its newest entry */
	STORE_LEDGER_DELETED,    /**< the ledger has it, the record does not */
	STORE_LEDGER_UNLEDGERED, /**< the record has it, the ledger does not */
	STORE_LEDGER_CHAIN,      /**< a ledger entry itself was changed or deleted */
};

/** One problem store_ledger_verify() found. Its pointers live until the
 * report callback returns. */
struct store_ledger_problem {
	enum store_ledger_fault fault;
	const char *kind;    /**< STORE_LEDGER_*, "lesson" for a lesson's stored
			      * copy that no longer matches its SHA-256, NULL for
			      * STORE_LEDGER_CHAIN */
	int64_t ref;         /**< the thing's id (0 for STORE_LEDGER_CHAIN) */
	int64_t seq;         /**< the ledger entry concerned, 0: none */
	const char *parts;   /**< CHANGED: the parts that differ ("deposits, score"), else "" */
	const char *text;    /**< the whole sentence, e.g. "session 7 was deleted (the
			      * ledger has it, the record does not)"; names in it are
			      * as stored: quote them before printing */
};

/** What store_ledger_verify() checked. */
struct store_ledger_summary {
	int64_t entries;     /**< ledger entries read */
	int64_t things;      /**< things whose content was recomputed */
	int64_t sessions;    /**< of them, sessions */
	int64_t unsealed;    /**< sessions in progress (no entry yet, not checked) */
	size_t problems;     /**< problems reported */
	int64_t head_seq;    /**< the newest entry's seq, 0: none */
	char head[STORE_LEDGER_HEX]; /**< its chain_sha256, 64 '0' when none */
};

/** Called by store_ledger_verify() for each problem, in the order found:
 * the chain's first, then each kind's, by id. */
typedef void (*store_ledger_report_fn)(const struct store_ledger_problem *problem,
				       void *data);

/**
 * Checks the whole record against its ledger, reading only (it works on a
 * store_open_readonly() store), in one read transaction: the chain entry
 * by entry, each lesson's stored copy against its SHA-256, then every
 * thing of every kind, recomputed and compared with
 * its newest entry; things deleted, and things the ledger never had
 * (sessions in progress excepted). @p report (may be NULL) gets each
 * problem; @p summary (may be NULL) what was checked.
 * @return 0 when the check ran (the record is intact when
 * summary->problems is 0), -ENOTSUP for a record older than version 5 (no
 * ledger yet: a writer's open brings it up and seals it), or a negative
 * errno with store_error() set.
 */
int store_ledger_verify(struct store *store, store_ledger_report_fn report, void *data,
			struct store_ledger_summary *summary);

#endif
