/* store_certificate: the certificates table and its codes (issue 14).
 * store_certificate_issue() reads the ledger's head, makes the code and
 * writes the row (with the curriculum file's bytes, so the record alone
 * says which rules it was issued under) and its ledger entry in one write
 * transaction, so a code always names the chain it was issued on. The
 * code's arithmetic is SHA-256 (store_sha256.c) and Crockford's base32,
 * here because the code is the record's.
 */
#include "store_certificate.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_ledger.h"
#include "store_sha256.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char no_chain[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char sql_trainee_exists[] = "SELECT 1 FROM trainees WHERE id = ?1";
static const char sql_code_taken[] = "SELECT 1 FROM certificates WHERE code = ?1";
static const char sql_insert[] =
	"INSERT INTO certificates (code, trainee, made, lessons, content, ledger_seq, "
	"curriculum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_get[] =
	"SELECT id, code, trainee, made, lessons, content, ledger_seq, curriculum "
	"FROM certificates WHERE code = ?1";

int store_certificate_code(const char *content, const char *made, const char *chain,
			   char code[STORE_CERT_CODE_MAX])
{
	struct store_sha256 sum;
	uint8_t digest[STORE_SHA256_LEN];
	unsigned int bits = 0, acc = 0;
	size_t n = 0, byte = 0;
	int rc;

	code[0] = '\0';
	if ((rc = store_sha256_begin(&sum)) < 0)
		return rc;
	store_sha256_add(&sum, content, strlen(content));
	store_sha256_add(&sum, "\n", 1);
	store_sha256_add(&sum, made, strlen(made));
	store_sha256_add(&sum, "\n", 1);
	store_sha256_add(&sum, chain, strlen(chain));
	if ((rc = store_sha256_end(&sum, digest)) < 0)
		return rc;
	/* The digest's first 100 bits, five at a time, most significant first. */
	while (n < STORE_CERT_CODE_LEN) {
		if (bits < 5) {
			acc = (acc << 8) | digest[byte++];
			bits += 8;
		}
		code[n++] = crockford[(acc >> (bits - 5)) & 31];
		bits -= 5;
	}
	code[n] = '\0';
	return 0;
}

int store_certificate_code_parse(const char *typed, char code[STORE_CERT_CODE_MAX])
{
	char read[STORE_CERT_CODE_MAX];   /* copied to @p code only when whole */
	size_t n = 0;

	for (const char *p = typed; *p; p++) {
		char c = (char)toupper((unsigned char)*p);

		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c == 'I' || c == 'L')
			c = '1';
		else if (c == 'O')
			c = '0';
		if (!strchr(crockford, c) || n == STORE_CERT_CODE_LEN)
			return -EINVAL;
		read[n++] = c;
	}
	if (n != STORE_CERT_CODE_LEN)
		return -EINVAL;
	read[n] = '\0';
	memcpy(code, read, sizeof(read));
	return 0;
}

void store_certificate_code_text(const char *code, char text[STORE_CERT_CODE_TEXT_MAX])
{
	size_t o = 0;

	for (size_t i = 0; i < STORE_CERT_CODE_LEN && code[i]; i++) {
		if (i && i % 4 == 0)
			text[o++] = '-';
		text[o++] = code[i];
	}
	text[o] = '\0';
}

void store_certificate_clear(struct store_certificate *cert)
{
	if (!cert)
		return;
	free(cert->lessons);
	free(cert->content);
	free(cert->curriculum);
	memset(cert, 0, sizeof(*cert));
}

/* One row's step: @return 1 with a row, 0 with none, or a negative errno. */
static int step_row(struct store *store, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail_sqlite(store, rc, what);
}

static char *dup_text(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return strdup(s ? s : "");
}

/* Column @p i's bytes as a blob, NUL-terminated, into *out and *len.
 * @return the copy, or NULL. */
static char *dup_blob(sqlite3_stmt *stmt, int i, size_t *len)
{
	const void *b = sqlite3_column_blob(stmt, i);
	size_t n = (size_t)sqlite3_column_bytes(stmt, i);
	char *copy = malloc(n + 1);

	*len = 0;
	if (!copy)
		return NULL;
	if (n)
		memcpy(copy, b, n);
	copy[n] = '\0';
	*len = n;
	return copy;
}

int store_certificate_issue(struct store *store, int64_t trainee, const char *lessons,
			    const char *content, const char *curriculum,
			    size_t curriculum_len, struct store_certificate *out)
{
	struct store_certificate c = { .trainee = trainee, .curriculum_len = curriculum_len };
	sqlite3_stmt *stmt;
	int rc;

	c.lessons = strdup(lessons);
	c.content = strdup(content);
	if ((c.curriculum = malloc(curriculum_len + 1))) {
		if (curriculum_len)
			memcpy(c.curriculum, curriculum, curriculum_len);
		c.curriculum[curriculum_len] = '\0';
	}
	if (!c.lessons || !c.content || !c.curriculum) {
		store_certificate_clear(&c);
		return store_fail(store, -ENOMEM, "out of memory");
	}
	if ((rc = store_begin_write(store)) < 0) {
		store_certificate_clear(&c);
		return rc;
	}
	if (!(stmt = store_sql(store, sql_trainee_exists))) {
		rc = -ENOMEM;
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, trainee);
	rc = step_row(store, stmt, "finding the trainee");
	sqlite3_reset(stmt);
	if (rc == 0)
		rc = store_fail(store, -ENOENT, "no trainee %lld in the record",
				(long long)trainee);
	if (rc < 0)
		goto out;
	if ((rc = store_ledger_head(store, &c.ledger_seq, c.chain_sha256)) < 0)
		goto out;
	store_now(c.made);
	if ((rc = store_certificate_code(c.content, c.made, c.chain_sha256, c.code)) < 0) {
		rc = store_fail(store, rc, "out of memory");
		goto out;
	}
	if (!(stmt = store_sql(store, sql_code_taken))) {
		rc = -ENOMEM;
		goto out;
	}
	store_bind_text(stmt, 1, c.code);
	rc = step_row(store, stmt, "looking the code up");
	sqlite3_reset(stmt);
	if (rc == 1)
		rc = store_fail(store, -EEXIST, "certificate %s was issued already", c.code);
	if (rc < 0)
		goto out;
	if (!(stmt = store_sql(store, sql_insert))) {
		rc = -ENOMEM;
		goto out;
	}
	store_bind_text(stmt, 1, c.code);
	sqlite3_bind_int64(stmt, 2, trainee);
	store_bind_text(stmt, 3, c.made);
	store_bind_text(stmt, 4, c.lessons);
	store_bind_text(stmt, 5, c.content);
	sqlite3_bind_int64(stmt, 6, c.ledger_seq);
	/* A blob, never NULL (a NULL pointer would bind NULL): the file's
	 * bytes as they are, whatever their encoding. */
	sqlite3_bind_blob64(stmt, 7, c.curriculum, (sqlite3_uint64)curriculum_len,
			    SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "storing the certificate");
		goto out;
	}
	c.id = sqlite3_last_insert_rowid(store->db);
	if ((rc = store_ledger_append(store, STORE_LEDGER_CERTIFICATE, c.id)) < 0)
		goto out;
	rc = store_commit(store);
out:
	if (rc < 0) {
		store_rollback(store);
		store_certificate_clear(&c);
		return rc;
	}
	*out = c;
	return 0;
}

int store_certificate_get(struct store *store, const char *code,
			  struct store_certificate *out)
{
	struct store_certificate c = { 0 };
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_begin_read(store)) < 0)
		return rc;
	if (!(stmt = store_sql(store, sql_get))) {
		rc = -ENOMEM;
		goto out;
	}
	store_bind_text(stmt, 1, code);
	rc = step_row(store, stmt, "reading the certificate");
	if (rc == 1) {
		c.id = sqlite3_column_int64(stmt, 0);
		store_column_text(stmt, 1, c.code, sizeof(c.code));
		c.trainee = sqlite3_column_int64(stmt, 2);
		store_column_text(stmt, 3, c.made, sizeof(c.made));
		c.lessons = dup_text(stmt, 4);
		c.content = dup_text(stmt, 5);
		c.ledger_seq = sqlite3_column_int64(stmt, 6);
		c.curriculum = dup_blob(stmt, 7, &c.curriculum_len);
	}
	sqlite3_reset(stmt);
	if (rc == 0)
		rc = store_fail(store, -ENOENT, "no certificate %s in this record", code);
	if (rc < 0)
		goto out;
	if (!c.lessons || !c.content || !c.curriculum) {
		rc = store_fail(store, -ENOMEM, "out of memory");
		goto out;
	}
	/* The chain hash its entry carries now (an empty ledger's for 0); a
	 * missing entry reads "". */
	memcpy(c.chain_sha256, no_chain, sizeof(no_chain));
	rc = c.ledger_seq ? store_ledger_chain_at(store, c.ledger_seq, c.chain_sha256) : 0;
	if (rc == -ENOENT) {
		c.chain_sha256[0] = '\0';
		rc = 0;
	}
	if (rc < 0)
		goto out;
	rc = store_commit(store);
out:
	if (rc < 0) {
		store_rollback(store);
		store_certificate_clear(&c);
		return rc;
	}
	*out = c;
	return 0;
}
