/* store_sha256: the store's SHA-256, libcrypto's EVP digest.
 *
 * Every hash the record keeps or checks (the ledger's parts, contents and
 * chain, the lessons' copies, certificate codes) goes through here. The
 * ledger hashes a session's whole content when it ends, some 17 MB for
 * 100 000 deposits: GLib's GChecksum is portable C (about 215 MB/s on the
 * machine of docs/performance.md's ledger figures) where libcrypto uses the
 * CPU's SHA instructions (SHA-NI on x86-64, the ARMv8 crypto extensions)
 * when it has them, and hand-written assembly when not. The bytes hashed
 * and the hex written are the same: only the speed differs.
 *
 * EVP_sha256() is OpenSSL 3's default provider's; the context is allocated
 * by libcrypto, so beginning can fail for want of memory, and is freed by
 * the end whatever happens.
 */
#include "store_sha256.h"

#include <errno.h>
#include <openssl/evp.h>

int store_sha256_begin(struct store_sha256 *s)
{
	s->failed = 0;
	s->ctx = EVP_MD_CTX_new();
	if (!s->ctx)
		return -ENOMEM;
	if (EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(s->ctx);
		s->ctx = NULL;
		return -ENOMEM;
	}
	return 0;
}

void store_sha256_add(struct store_sha256 *s, const void *data, size_t size)
{
	if (size && EVP_DigestUpdate(s->ctx, data, size) != 1)
		s->failed = 1;
}

int store_sha256_end(struct store_sha256 *s, uint8_t digest[STORE_SHA256_LEN])
{
	unsigned int len = 0;
	int rc = s->failed ? -EIO : 0;

	if (!rc && digest &&
	    (EVP_DigestFinal_ex(s->ctx, digest, &len) != 1 || len != STORE_SHA256_LEN))
		rc = -EIO;
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
	return rc;
}

static void to_hex(const uint8_t digest[STORE_SHA256_LEN], char hex[STORE_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < STORE_SHA256_LEN; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * STORE_SHA256_LEN] = '\0';
}

int store_sha256_end_hex(struct store_sha256 *s, char hex[STORE_SHA256_HEX])
{
	uint8_t digest[STORE_SHA256_LEN];
	int rc = store_sha256_end(s, digest);

	hex[0] = '\0';
	if (rc == 0)
		to_hex(digest, hex);
	return rc;
}

int store_sha256_hex(const void *data, size_t size, char hex[STORE_SHA256_HEX])
{
	uint8_t digest[STORE_SHA256_LEN];
	unsigned int len = 0;

	hex[0] = '\0';
	if (EVP_Digest(data, size, digest, &len, EVP_sha256(), NULL) != 1 ||
	    len != STORE_SHA256_LEN)
		return -ENOMEM;
	to_hex(digest, hex);
	return 0;
}
