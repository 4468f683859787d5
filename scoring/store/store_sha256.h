/* store_sha256: the store's SHA-256 (the ledger, verify, certificate codes
 * and the lessons' hashes), OpenSSL's libcrypto through its EVP interface.
 * Internal to the store: store_sha256.c says why libcrypto.
 */
#ifndef SMPSIM_STORE_SHA256_H
#define SMPSIM_STORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

/** A digest's bytes, and its lowercase hex with its NUL. */
#define STORE_SHA256_LEN 32
#define STORE_SHA256_HEX 65

struct evp_md_ctx_st;

/** A SHA-256 being computed: store_sha256_begin(), any number of
 * store_sha256_add(), then store_sha256_end() or store_sha256_end_hex(),
 * which free it whatever they return. */
struct store_sha256 {
	struct evp_md_ctx_st *ctx;
	int failed;
};

/**
 * Begins a SHA-256 of no bytes yet.
 * @return 0, or -ENOMEM (then @p s holds nothing to end).
 */
int store_sha256_begin(struct store_sha256 *s);

/** Adds the @p size bytes at @p data. A failure is reported by the end. */
void store_sha256_add(struct store_sha256 *s, const void *data, size_t size);

/**
 * Ends @p s: its digest in @p digest, or nothing if @p digest is NULL
 * (abandoned on an error path). Frees what begin took.
 * @return 0, or -EIO if libcrypto failed on the way.
 */
int store_sha256_end(struct store_sha256 *s, uint8_t digest[STORE_SHA256_LEN]);

/** store_sha256_end() with the digest as lowercase hex in @p hex. */
int store_sha256_end_hex(struct store_sha256 *s, char hex[STORE_SHA256_HEX]);

/**
 * The SHA-256 of the @p size bytes at @p data, lowercase hex, in @p hex.
 * @return 0, or -ENOMEM if libcrypto failed (out of memory: it allocates
 * its context); @p hex is then empty.
 */
int store_sha256_hex(const void *data, size_t size, char hex[STORE_SHA256_HEX]);

#endif
