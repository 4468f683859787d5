/* store_ledger: the ledger's entries, the bytes they hash, and the chain.
 *
 * A thing's content is a few parts (the table store_ledger_kinds[] below:
 * kind -> parts, each one query with ?1 = the thing's id, its columns in a
 * fixed order). A part is hashed (SHA-256, store_sha256.c) over its rows
 * in the query's order, each row the byte 'r' then each column as SQLite
 * gives it, by storage class:
 *   NULL     'n'
 *   INTEGER  'i' + 8 bytes, two's complement, big-endian
 *   REAL     'f' + the 8 bytes of its IEEE 754 double, big-endian
 *   TEXT     't' + its byte length, 8 bytes big-endian, + the bytes (UTF-8)
 *   BLOB     'b' + its byte length, 8 bytes big-endian, + the bytes
 * so NULL, '', 0 and 0.0 all differ, and no two row lists encode alike
 * (every value says its type and length; a row has the query's number of
 * columns). A part with no rows hashes no bytes.
 *
 * The content's parts are written as ledger.parts keeps them: "NAME=HEX"
 * per part in the table's order, separated by one space ("row=... score=...
 * deposits=..."); content_sha256 is the SHA-256 of that ASCII text, so
 * verify can say which part differs and an edit of ledger.parts shows.
 *
 * chain_sha256 is the SHA-256 of the ASCII text
 *     PREV " " KIND " " REF " " CONTENT
 * PREV the entry before's chain_sha256 (64 '0' for the first), KIND the
 * entry's kind (STORE_LEDGER_*: no spaces), REF its ref in decimal (as
 * printf's %lld), CONTENT its content_sha256; hex is lowercase. The seq and
 * the time (made) are not hashed: an entry deleted from the middle breaks
 * the chain at the next; the time is for people, not evidence.
 *
 * Appending reads every row of the thing once: for a session, its deposits
 * and pen chunks at the end of the session (docs/performance.md's ledger
 * section has the figures for 100 000 deposits).
 */
#include "store_internal.h"
#include "store_ledger_content.h"
#include "store_sha256.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the kinds ---- */

static const char sql_session_list[] = "SELECT id, status = 0 FROM sessions ORDER BY id";
static const char sql_session_row[] =
	"SELECT s.trainee, l.lesson_id, l.sha256, s.device_name, s.device_id, "
	"s.audio_latency_ms, s.recording, s.start_us, s.started, s.ended, s.status, "
	"s.end_reason, s.duration_s, s.deposit_count, s.fault_count, s.origin, "
	"s.benchmark, s.view_mode, s.pen_device, s.mapping_offset_x_mm, "
	"s.mapping_offset_y_mm, s.mapping_scale, s.mapping_rotation_deg, "
	"s.mapping_source FROM sessions s LEFT JOIN lessons l ON l.id = s.lesson "
	"WHERE s.id = ?1";
/* From version 6, and only when the session had one (the part is
 * optional): the pen's calibration. */
static const char sql_session_calibration[] =
	"SELECT calibration, calibration_file FROM sessions "
	"WHERE id = ?1 AND calibration IS NOT NULL";
static const char sql_session_score[] =
	"SELECT dots, score, uncapped, passed, never_events FROM sessions WHERE id = ?1";
static const char sql_session_deposits[] =
	"SELECT seq, down_us, up_us, x_mm, y_mm, region, region_id, depth_mm, force_n, "
	"diameter_mm, blur_mm, tail_mm, tilt_deg, skew_ratio, skew_angle_deg, "
	"nearest_mm, kind, depth_class, faults FROM deposits WHERE session = ?1 "
	"ORDER BY seq";
static const char sql_session_pen[] =
	"SELECT seq, first_us, last_us, events, data FROM pen_chunks WHERE session = ?1 "
	"ORDER BY seq";
static const char sql_session_measures[] =
	"SELECT metric, value, mark, required, need_min, need_max, met FROM measures "
	"WHERE session = ?1 ORDER BY metric";
static const char sql_session_advice[] =
	"SELECT rank, text FROM advice WHERE session = ?1 ORDER BY rank";

static const char sql_rescore_list[] = "SELECT id, 0 FROM rescores ORDER BY id";
static const char sql_rescore_label[] =
	"SELECT ' of session ' || session FROM rescores WHERE id = ?1";
static const char sql_rescore_row[] =
	"SELECT session, benchmark, made, score, passed, never_events FROM rescores "
	"WHERE id = ?1";
static const char sql_rescore_measures[] =
	"SELECT metric, value, mark, required, need_min, need_max, met "
	"FROM rescore_measures WHERE rescore = ?1 ORDER BY metric";

static const char sql_signoff_list[] = "SELECT id, 0 FROM signoffs ORDER BY id";
static const char sql_signoff_label[] =
	"SELECT ' of session ' || session FROM signoffs WHERE id = ?1";
static const char sql_signoff_row[] =
	"SELECT session, instructor, made, note FROM signoffs WHERE id = ?1";
static const char sql_signoff_ratings[] =
	"SELECT domain, rating FROM signoff_ratings WHERE signoff = ?1 ORDER BY seq";

static const char sql_trainee_list[] = "SELECT id, 0 FROM trainees ORDER BY id";
static const char sql_trainee_label[] =
	"SELECT ' (' || name || ')' FROM trainees WHERE id = ?1";
static const char sql_trainee_row[] =
	"SELECT name, name_key, created, expert, merged_into FROM trainees WHERE id = ?1";
/* Who renamed, merged or marked them, and when: the record's only account
 * of it, so an edit of it must show as much as one of the row. */
static const char sql_trainee_changes[] =
	"SELECT made, kind, detail, by FROM trainee_changes WHERE trainee = ?1 ORDER BY id";

/* A trainee's groups are a thing once they were in one: one whose last
 * group smpsim removed keeps an entry of no groups. */
static const char sql_member_list[] =
	"SELECT id, 0 FROM trainees WHERE id IN (SELECT trainee FROM group_members) "
	"OR id IN (SELECT ref FROM ledger WHERE kind = 'member') ORDER BY id";
static const char sql_member_groups[] =
	"SELECT g.name FROM group_members m JOIN trainee_groups g ON g.id = m.grp "
	"WHERE m.trainee = ?1 ORDER BY g.name";

static const char sql_benchmark_list[] = "SELECT id, 0 FROM benchmarks ORDER BY id";
static const char sql_benchmark_label[] =
	"SELECT ' (' || lesson_id || ')' FROM benchmarks WHERE id = ?1";
static const char sql_benchmark_row[] =
	"SELECT b.lesson_id, l.sha256, b.made, b.rule, b.min_sessions, b.min_experts, b.by "
	"FROM benchmarks b LEFT JOIN lessons l ON l.id = b.lesson WHERE b.id = ?1";
static const char sql_benchmark_levels[] =
	"SELECT metric, need_min, need_max, shipped_min, shipped_max, sessions, experts, "
	"mean, sd, worst FROM benchmark_levels WHERE benchmark = ?1 ORDER BY metric";
static const char sql_benchmark_sessions[] =
	"SELECT session FROM benchmark_sessions WHERE benchmark = ?1 ORDER BY session";

static const char sql_opening_list[] = "SELECT id, 0 FROM lesson_openings ORDER BY id";
static const char sql_opening_label[] =
	"SELECT ' (' || lesson_id || ')' FROM lesson_openings WHERE id = ?1";
static const char sql_opening_row[] =
	"SELECT trainee, lesson_id, made, by, why FROM lesson_openings WHERE id = ?1";

static const char sql_certificate_list[] = "SELECT id, 0 FROM certificates ORDER BY id";
/* The code as it is printed (store_certificate_code_text()): five groups
 * of four, so that it reads as on the certificate. */
static const char sql_certificate_label[] =
	"SELECT ' (' || substr(code, 1, 4) || '-' || substr(code, 5, 4) || '-' || "
	"substr(code, 9, 4) || '-' || substr(code, 13, 4) || '-' || substr(code, 17) || ')' "
	"FROM certificates WHERE id = ?1";
static const char sql_certificate_row[] =
	"SELECT code, trainee, made, lessons, content, ledger_seq FROM certificates "
	"WHERE id = ?1";
static const char sql_certificate_curriculum[] =
	"SELECT curriculum FROM certificates WHERE id = ?1";

/* The order here is verify's order of reporting. */
const struct store_ledger_kind store_ledger_kinds[] = {
	{ STORE_LEDGER_TRAINEE, "trainee", sql_trainee_list, sql_trainee_label,
	  { { "row", "entry", false, sql_trainee_row, false, 0 },
	    { "changes", "changes", true, sql_trainee_changes, false, 0 } }, 2 },
	{ STORE_LEDGER_GROUP_MEMBER, "group membership of trainee", sql_member_list,
	  sql_trainee_label, { { "groups", "groups", true, sql_member_groups, false, 0 } }, 1 },
	{ STORE_LEDGER_SESSION, "session", sql_session_list, NULL,
	  { { "row", "row", false, sql_session_row, false, 0 },
	    { "score", "score", false, sql_session_score, false, 0 },
	    { "deposits", "deposits", true, sql_session_deposits, false, 0 },
	    { "pen", "pen stream", false, sql_session_pen, false, 0 },
	    { "measures", "measures", true, sql_session_measures, false, 0 },
	    { "advice", "advice", false, sql_session_advice, false, 0 },
	    { "calibration", "pen calibration", false, sql_session_calibration, true, 6 } },
	  7 },
	{ STORE_LEDGER_BENCHMARK, "benchmark", sql_benchmark_list, sql_benchmark_label,
	  { { "row", "row", false, sql_benchmark_row, false, 0 },
	    { "levels", "levels", true, sql_benchmark_levels, false, 0 },
	    { "sessions", "sessions", true, sql_benchmark_sessions, false, 0 } }, 3 },
	{ STORE_LEDGER_RESCORE, "rescore", sql_rescore_list, sql_rescore_label,
	  { { "row", "row", false, sql_rescore_row, false, 0 },
	    { "measures", "measures", true, sql_rescore_measures, false, 0 } }, 2 },
	{ STORE_LEDGER_SIGNOFF, "sign-off", sql_signoff_list, sql_signoff_label,
	  { { "row", "row", false, sql_signoff_row, false, 0 },
	    { "ratings", "ratings", true, sql_signoff_ratings, false, 0 } }, 2 },
	{ STORE_LEDGER_OPENING, "lesson opening", sql_opening_list, sql_opening_label,
	  { { "row", "row", false, sql_opening_row, false, 0 } }, 1 },
	{ STORE_LEDGER_CERTIFICATE, "certificate", sql_certificate_list,
	  sql_certificate_label, { { "row", "row", false, sql_certificate_row, false, 0 },
	    { "curriculum", "curriculum file", false, sql_certificate_curriculum, false, 0 } }, 2 },
};
const size_t store_ledger_kind_count = sizeof(store_ledger_kinds) / sizeof(store_ledger_kinds[0]);

const struct store_ledger_kind *store_ledger_kind_find(const char *kind)
{
	for (size_t i = 0; kind && i < store_ledger_kind_count; i++)
		if (!strcmp(store_ledger_kinds[i].kind, kind))
			return &store_ledger_kinds[i];
	return NULL;
}

/* ---- the bytes ---- */

/* The encoder: a part's bytes gathered in a buffer and hashed a block at a
 * time (one hash update per value cost a third of the time on 100 000
 * deposits). A row's fixed-size values are written straight into the
 * buffer: a value is at most 9 bytes before its text or blob, so a block
 * is flushed only when fewer than ENC_ROOM bytes are left. */
#define ENC_BLOCK 65536
#define ENC_ROOM 16

struct encoder {
	struct store_sha256 sum;
	size_t n;
	unsigned char buf[ENC_BLOCK];
};

static void enc_flush(struct encoder *e)
{
	store_sha256_add(&e->sum, e->buf, e->n);
	e->n = 0;
}

/* Room for one more tag and 8 bytes. */
static inline unsigned char *enc_room(struct encoder *e)
{
	if (e->n > ENC_BLOCK - ENC_ROOM)
		enc_flush(e);
	return e->buf + e->n;
}

static void enc_bytes(struct encoder *e, const void *data, size_t size)
{
	if (size > ENC_BLOCK - e->n) {
		enc_flush(e);
		if (size > ENC_BLOCK / 2) {
			store_sha256_add(&e->sum, data, size);
			return;
		}
	}
	memcpy(e->buf + e->n, data, size);
	e->n += size;
}

/* The tag and 8 bytes big-endian. */
static inline void enc_u64(struct encoder *e, char tag, uint64_t v)
{
	unsigned char *b = enc_room(e);

	b[0] = (unsigned char)tag;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	e->n += 9;
}

/* Column @p i of the row @p stmt is on. sqlite3_column_value() finds the
 * column once; the store's connections are its own thread's
 * (SQLITE_OPEN_NOMUTEX), so reading the value it gives is safe. */
static inline void enc_column(struct encoder *e, sqlite3_stmt *stmt, int i)
{
	sqlite3_value *v = sqlite3_column_value(stmt, i);
	double d;
	uint64_t bits;

	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		enc_u64(e, 'i', (uint64_t)sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT:
		d = sqlite3_value_double(v);
		memcpy(&bits, &d, sizeof(bits));
		enc_u64(e, 'f', bits);
		break;
	case SQLITE_TEXT: {
		const unsigned char *s = sqlite3_value_text(v);
		size_t n = (size_t)sqlite3_value_bytes(v);

		enc_u64(e, 't', n);
		enc_bytes(e, s, n);
		break;
	}
	case SQLITE_BLOB: {
		const void *p = sqlite3_value_blob(v);
		size_t n = (size_t)sqlite3_value_bytes(v);

		enc_u64(e, 'b', n);
		if (n)
			enc_bytes(e, p, n);
		break;
	}
	default:
		*enc_room(e) = 'n';
		e->n++;
		break;
	}
}

/* Hashes part @p part of thing @p ref into @p out; *rows: how many. */
static int part_hash(struct store *store, const struct store_ledger_part *part,
		     int64_t ref, char out[STORE_LEDGER_HEX], size_t *rows)
{
	struct encoder *e = malloc(sizeof(*e));
	sqlite3_stmt *stmt;
	int rc, columns;

	if (!e)
		return store_fail(store, -ENOMEM, "out of memory");
	if ((rc = store_sha256_begin(&e->sum)) < 0) {
		free(e);
		return store_fail(store, rc, "out of memory");
	}
	e->n = 0;
	*rows = 0;
	if (part->since > store->schema_version) {
		/* The record has not got the part's columns: no rows. */
		enc_flush(e);
		rc = store_sha256_end_hex(&e->sum, out);
		free(e);
		return rc < 0 ? store_fail(store, rc, "hashing a thing for the ledger") : 0;
	}
	stmt = store_sql(store, part->sql);
	if (!stmt) {
		rc = -ENOMEM;
		goto out;
	}
	columns = sqlite3_column_count(stmt);
	sqlite3_bind_int64(stmt, 1, ref);
	*rows = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		++*rows;
		*enc_room(e) = 'r';
		e->n++;
		for (int i = 0; i < columns; i++)
			enc_column(e, stmt, i);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "reading a thing for the ledger");
		goto out;
	}
	enc_flush(e);
	rc = store_sha256_end_hex(&e->sum, out);
	free(e);
	return rc < 0 ? store_fail(store, rc, "hashing a thing for the ledger") : 0;
out:
	store_sha256_end(&e->sum, NULL);
	free(e);
	return rc;
}

int store_ledger_sha256(const void *data, size_t size, char out[STORE_LEDGER_HEX])
{
	return store_sha256_hex(data, size, out);
}

int store_ledger_content(struct store *store, const struct store_ledger_kind *k,
			 int64_t ref, char parts[STORE_LEDGER_PARTS_MAX],
			 char content[STORE_LEDGER_HEX])
{
	size_t n = 0, rows = 0;

	parts[0] = '\0';
	for (size_t i = 0; i < k->part_count; i++) {
		char hex[STORE_LEDGER_HEX];
		int rc = part_hash(store, &k->parts[i], ref, hex, &rows);

		if (rc < 0)
			return rc;
		if (k->parts[i].optional && rows == 0)
			continue;
		n += (size_t)snprintf(parts + n, STORE_LEDGER_PARTS_MAX - n, "%s%s=%s",
				      n ? " " : "", k->parts[i].name, hex);
	}
	if (store_ledger_sha256(parts, n, content) < 0)
		return store_fail(store, -ENOMEM, "out of memory");
	return 0;
}

int store_ledger_chain(const char *prev, const char *kind, int64_t ref,
		       const char *content, char out[STORE_LEDGER_HEX])
{
	char text[3 * STORE_LEDGER_HEX + 64];
	int n = snprintf(text, sizeof(text), "%s %s %lld %s", prev, kind, (long long)ref,
			 content);

	return store_ledger_sha256(text, (size_t)n, out);
}

/* ---- appending ---- */

static const char sql_head[] =
	"SELECT seq, chain_sha256 FROM ledger ORDER BY seq DESC LIMIT 1";
static const char sql_append[] =
	"INSERT INTO ledger (kind, ref, made, content_sha256, chain_sha256, parts) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char zero_chain[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

int store_ledger_head(struct store *store, int64_t *seq, char chain[STORE_LEDGER_HEX])
{
	sqlite3_stmt *stmt = store_sql(store, sql_head);
	int rc;

	if (!stmt)
		return -ENOMEM;
	if (seq)
		*seq = 0;
	if (chain)
		memcpy(chain, zero_chain, STORE_LEDGER_HEX);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (seq)
			*seq = sqlite3_column_int64(stmt, 0);
		if (chain)
			store_column_text(stmt, 1, chain, STORE_LEDGER_HEX);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(store, rc, "reading the ledger");
}

static const char sql_chain_at[] = "SELECT chain_sha256 FROM ledger WHERE seq = ?1";

int store_ledger_chain_at(struct store *store, int64_t seq, char chain[STORE_LEDGER_HEX])
{
	sqlite3_stmt *stmt = store_sql(store, sql_chain_at);
	int rc;

	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_int64(stmt, 1, seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_column_text(stmt, 0, chain, STORE_LEDGER_HEX);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return store_fail(store, -ENOENT, "the ledger has no entry %lld", (long long)seq);
	return rc == SQLITE_ROW ? 0 : store_fail_sqlite(store, rc, "reading the ledger");
}

int store_ledger_append(struct store *store, const char *kind, int64_t ref)
{
	const struct store_ledger_kind *k = store_ledger_kind_find(kind);
	char parts[STORE_LEDGER_PARTS_MAX], content[STORE_LEDGER_HEX];
	char prev[STORE_LEDGER_HEX], chain[STORE_LEDGER_HEX], now[STORE_TIME_MAX];
	sqlite3_stmt *stmt;
	int rc;

	if (!k)
		return store_fail(store, -EINVAL, "the ledger has no kind '%s'",
				  kind ? kind : "(null)");
	/* Outside a transaction the entry could commit without its change. */
	if (sqlite3_get_autocommit(store->db))
		return store_fail(store, -EINVAL, "a ledger entry for %s %lld outside a "
				  "write transaction", kind, (long long)ref);
	if ((rc = store_ledger_content(store, k, ref, parts, content)) < 0)
		return rc;
	if ((rc = store_ledger_head(store, NULL, prev)) < 0)
		return rc;
	if (store_ledger_chain(prev, k->kind, ref, content, chain) < 0)
		return store_fail(store, -ENOMEM, "out of memory");
	store_now(now);
	stmt = store_sql(store, sql_append);
	if (!stmt)
		return -ENOMEM;
	sqlite3_bind_text(stmt, 1, k->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, ref);
	sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, content, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, chain, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, parts, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail_sqlite(store, rc, "appending to the ledger");
}

/* ---- sealing a record brought to version 5 ---- */

static const char sql_seal_trainees[] = "SELECT id FROM trainees ORDER BY id";
static const char sql_seal_sessions[] =
	"SELECT id FROM sessions WHERE status != 0 ORDER BY id";

/* Appends an entry for each id @p list_sql gives, as @p kind. The ids are
 * read first: appending uses statements of its own. */
static int seal_kind(struct store *store, const char *list_sql, const char *kind)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	sqlite3_stmt *stmt = store_sql(store, list_sql);
	int rc = -ENOMEM;

	if (!stmt)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);

		g_array_append_val(ids, id);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rc = store_fail_sqlite(store, rc, "sealing the record");
		goto out;
	}
	rc = 0;
	for (guint i = 0; rc == 0 && i < ids->len; i++)
		rc = store_ledger_append(store, kind, g_array_index(ids, int64_t, i));
out:
	g_array_free(ids, TRUE);
	return rc;
}

int store_ledger_seal(struct store *store)
{
	int rc = seal_kind(store, sql_seal_trainees, STORE_LEDGER_TRAINEE);

	return rc < 0 ? rc : seal_kind(store, sql_seal_sessions, STORE_LEDGER_SESSION);
}
