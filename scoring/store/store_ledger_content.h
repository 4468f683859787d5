/* store_ledger_content: what store_ledger.c (the content, the chain, the
 * append) and store_verify.c (the check) share: the table of kinds, each
 * with its parts (one query each), how to list the things of a kind and
 * how to name one. Internal to scoring/store (and its tests).
 */
#ifndef SMPSIM_STORE_LEDGER_CONTENT_H
#define SMPSIM_STORE_LEDGER_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store_ledger.h"

struct store;

/** One part of a thing's content: the rows one query gives for ?1 = the
 * thing's id, every column in the query's order. */
struct store_ledger_part {
	const char *name;    /**< in ledger.parts: [a-z]+ */
	const char *shown;   /**< in verify's sentence: "pen stream" */
	bool plural;         /**< "its deposits differ", not "differs" */
	const char *sql;     /**< a constant (store_sql() caches it) */
	/** A part that only some things have (a session's calibration): with
	 * no rows it is left out of ledger.parts altogether, so the content
	 * of a thing without it is what it was before the part existed. */
	bool optional;
	/** The schema version the part's columns came with (0: always); on
	 * an older record it has no rows. Only for an optional part. */
	int since;
};

/** The most parts a kind has. */
#define STORE_LEDGER_PARTS 7
/** ledger.parts: "name=HEX" per part, space-separated, with its NUL. */
#define STORE_LEDGER_PARTS_MAX (STORE_LEDGER_PARTS * (16 + STORE_LEDGER_HEX))

/** A kind of thing the ledger has entries for. */
struct store_ledger_kind {
	const char *kind;    /**< STORE_LEDGER_* */
	const char *noun;    /**< how verify names one: "sign-off" */
	const char *list_sql; /**< every thing of the kind, by id: id, unsealed
			       * (1: no entry due yet, a session in progress) */
	const char *label_sql; /**< ?1 the id: what follows "noun N" (" (Ana)"),
				* or NULL */
	struct store_ledger_part parts[STORE_LEDGER_PARTS];
	size_t part_count;
};

extern const struct store_ledger_kind store_ledger_kinds[];
extern const size_t store_ledger_kind_count;

/** @return the kind named @p kind, or NULL. */
const struct store_ledger_kind *store_ledger_kind_find(const char *kind);

/**
 * Computes thing @p ref of kind @p k as it now is: each part's SHA-256 in
 * @p parts ("row=HEX score=HEX ...", the text ledger.parts keeps) and the
 * SHA-256 of that text, the content hash, in @p content. Inside the
 * caller's transaction (or its own statement-level read).
 * @return 0, or a negative errno with store_error() set.
 */
int store_ledger_content(struct store *store, const struct store_ledger_kind *k,
			 int64_t ref, char parts[STORE_LEDGER_PARTS_MAX],
			 char content[STORE_LEDGER_HEX]);

/** The SHA-256, lowercase hex, of the @p size bytes at @p data.
 * @return 0, or -ENOMEM (@p out is then empty). */
int store_ledger_sha256(const void *data, size_t size, char out[STORE_LEDGER_HEX]);

/** An entry's chain_sha256 from the entry before's (@p prev) and its own
 * kind, ref and content hash (store_ledger.c says the bytes).
 * @return 0, or -ENOMEM (@p out is then empty). */
int store_ledger_chain(const char *prev, const char *kind, int64_t ref,
		       const char *content, char out[STORE_LEDGER_HEX]);

/**
 * Seals a record just brought to version 5 (store_open.c, in the
 * migration's transaction): one entry for every trainee, then every
 * session not in progress, each in id order.
 * @return 0, or a negative errno with store_error() set.
 */
int store_ledger_seal(struct store *store);

#endif
