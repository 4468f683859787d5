/* store_certificate: certificates issued (table certificates, issue 14)
 * and their verification codes.
 *
 * A certificate's content is the canonical JSON of its facts (the caller's,
 * sim/support/certificate.c). Its code is the first 100 bits of
 *   SHA-256(content "\n" made "\n" chain)
 * where made is the time it was issued and chain the ledger's head
 * (ledger.chain_sha256 of its newest entry, 64 zeros for an empty ledger)
 * when it was: so a code names one certificate of one record, the same
 * facts issued again later get another code, and a code cannot be made
 * for a record without holding it. It is written as 20 characters of
 * Crockford's base32 (0-9, A-Z without I, L, O, U), shown in five groups
 * of four ("7KQ2-9XMC-..."); typed, case, dashes and spaces do not matter,
 * and I, L and O read as 1, 1 and 0, as Crockford says.
 */
#ifndef SMPSIM_STORE_CERTIFICATE_H
#define SMPSIM_STORE_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STORE_CERT_CODE_LEN 20        /**< characters of a code, 5 bits each */
#define STORE_CERT_CODE_MAX 21        /**< a code and its NUL */
#define STORE_CERT_CODE_TEXT_MAX 25   /**< "XXXX-XXXX-XXXX-XXXX-XXXX" and its NUL */

/** A certificate as the record keeps it. */
struct store_certificate {
	int64_t id;
	char code[STORE_CERT_CODE_MAX];   /**< upper case, no dashes */
	int64_t trainee;
	char made[STORE_TIME_MAX];        /**< ISO 8601 UTC, when issued */
	char *lessons;                    /**< lesson ids, space-separated (owned) */
	char *content;                    /**< its canonical JSON (owned) */
	int64_t ledger_seq;               /**< the ledger's head at issue; 0: empty */
	/** The chain_sha256 of ledger entry ledger_seq as the record has it
	 * now (64 zeros for seq 0); "" when that entry is gone. */
	char chain_sha256[65];
	/** The bytes of the curriculum file it was issued under (owned,
	 * with a NUL after them that is not counted), curriculum_len of them. */
	char *curriculum;
	size_t curriculum_len;
};

/**
 * The code of @p content issued at @p made on a ledger whose head is
 * @p chain (64 hex digits), into @p code. Needs no store.
 * @return 0, or -ENOMEM (@p code is then empty).
 */
int store_certificate_code(const char *content, const char *made, const char *chain,
			   char code[STORE_CERT_CODE_MAX]);

/**
 * Reads a code as typed: upper or lower case, with or without dashes and
 * spaces, I L O for 1 1 0. @return 0 and @p code, or -EINVAL (not 20
 * characters of Crockford base32 once dashes and spaces are left out)
 * with @p code untouched.
 */
int store_certificate_code_parse(const char *typed, char code[STORE_CERT_CODE_MAX]);

/** @p code in five groups of four joined by dashes, into @p text. */
void store_certificate_code_text(const char *code, char text[STORE_CERT_CODE_TEXT_MAX]);

/**
 * Issues a certificate: in one write transaction reads the ledger's head,
 * makes the code (store_certificate_code()), stores the row (made now)
 * with the curriculum file's bytes and its ledger entry
 * (STORE_LEDGER_CERTIFICATE, which hashes both).
 * @param lessons  the lesson ids it covers, space-separated
 * @param content  its canonical JSON
 * @param curriculum, curriculum_len  the bytes of the curriculum file it
 *                 is issued under, as they are (the content gives their
 *                 SHA-256)
 * @return 0 and @p out filled (free its texts with
 * store_certificate_clear()), -ENOENT for no trainee @p trainee, -EEXIST
 * should the code be taken already, or a negative errno.
 */
int store_certificate_issue(struct store *store, int64_t trainee, const char *lessons,
			    const char *content, const char *curriculum,
			    size_t curriculum_len, struct store_certificate *out);

/**
 * The certificate whose code is @p code (as store_certificate_code_parse()
 * gives it).
 * @return 0 and @p out (free with store_certificate_clear()), -ENOENT
 * when the record has none, or a negative errno.
 */
int store_certificate_get(struct store *store, const char *code,
			  struct store_certificate *out);

/** Frees @p cert's texts and zeroes it. Accepts NULL. */
void store_certificate_clear(struct store_certificate *cert);

#endif
