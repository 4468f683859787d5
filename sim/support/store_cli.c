/* store_cli: the record's side of the command line, shared by `smpsim
 * trainee`, `review`, `export`, `report`, `practice` and `demo`.
 *
 * Opening: --db wins, then store_default_path() ($SMPSIM_DB, XDG). Read
 * commands open only an existing database, read-only (they write nothing,
 * so they work where they cannot write), and a mistyped path is an error
 * rather than a new empty record. Times are stored in UTC and shown in
 * local time (TZ). Column widths count what a terminal shows, not bytes:
 * UTF-8 is decoded by hand and each code point given 0, 1 or 2 columns
 * from a short table (combining marks, East Asian wide ranges), since the
 * C library's wcwidth() answers only in a UTF-8 locale.
 */
#include "store_cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cli_csv.h"

const char *store_cli_path(const char *cmd, const char *db_option, char *buf, size_t size)
{
	if (db_option)
		return db_option;
	if (!store_default_path(buf, size)) {
		cli_error(cmd, "no database: HOME is not set; give --db PATH or set SMPSIM_DB");
		return NULL;
	}
	return buf;
}

int store_cli_open(const char *cmd, const char *db_option, enum store_cli_access access,
		   struct store **out)
{
	char path[STORE_PATH_MAX], err[STORE_ERROR_MAX];
	unsigned int marked = 0;
	struct stat st;
	const char *db;
	int rc;

	*out = NULL;
	if (!(db = store_cli_path(cmd, db_option, path, sizeof(path))))
		return CLI_FAILED;
	if (access == STORE_CLI_WRITE_EXISTING && lstat(db, &st) < 0 && errno == ENOENT) {
		cli_error(cmd, "%s: no trainee record there; add a trainee first with 'smpsim "
			  "trainee add NAME', which makes it", db);
		return CLI_BAD_INPUT;
	}
	rc = access == STORE_CLI_READ ? store_open_readonly(db, out, err, sizeof(err)) :
					store_open(db, out, &marked, err, sizeof(err));
	if (rc == -ENOENT && access == STORE_CLI_READ) {
		cli_error(cmd, "%s (it is made by 'smpsim trainee add')", err);
		return CLI_FAILED;
	}
	if (rc < 0) {
		cli_error(cmd, "%s", err);
		return rc == -EINVAL ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (marked)
		cli_error(cmd, "%u session%s left in progress by a program that stopped "
			  "now marked interrupted", marked, marked == 1 ? "" : "s");
	return CLI_OK;
}

int store_cli_find_trainee(const char *cmd, struct store *store, const char *name,
			   int64_t *id)
{
	int rc = store_trainee_find(store, name, id);

	if (rc >= 0)
		return CLI_OK;
	cli_error(cmd, "%s%s", store_error(store),
		  rc == -ENOENT ? " (see 'smpsim trainee list')" : "");
	return rc == -ENOENT || rc == -ESTALE || rc == -EINVAL || rc == -ENAMETOOLONG ?
	       CLI_BAD_INPUT : CLI_FAILED;
}

void store_cli_local_time(const char *iso, enum store_cli_time precision, char *buf,
			  size_t size)
{
	struct tm tm = { 0 };
	size_t n;
	time_t t;

	if (!iso || !*iso) {
		snprintf(buf, size, "-");
		return;
	}
	if (sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		/* Not a time smpsim wrote: shown as it is, made safe. */
		cli_quote_buf(buf, size, iso, false);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	localtime_r(&t, &tm);
	switch (precision) {
	case STORE_CLI_DAY: n = strftime(buf, size, "%Y-%m-%d", &tm); break;
	case STORE_CLI_MINUTE: n = strftime(buf, size, "%Y-%m-%d %H:%M", &tm); break;
	default: n = strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm); break;
	}
	if (n == 0)
		snprintf(buf, size, "%s", iso);
}

/* Decodes the UTF-8 character at *p and moves past it; U+FFFD for a bad
 * byte (names in the record are valid; this keeps the count safe anyway). */
static uint32_t next_code_point(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	if (c >= 0x80 && extra == 0) {
		*p = s + 1;
		return 0xfffd;
	}
	c &= extra == 3 ? 0x07 : extra == 2 ? 0x0f : extra == 1 ? 0x1f : 0x7f;
	for (int i = 1; i <= extra; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + i;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p = s + extra + 1;
	return c;
}

static int columns(uint32_t c)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
		{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
		{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
		{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff },
		{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd },
	};

	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (c >= zero[i][0] && c <= zero[i][1])
			return 0;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

static size_t shown_width(const char *shown)
{
	const unsigned char *p = (const unsigned char *)shown;
	size_t w = 0;

	while (*p)
		w += (size_t)columns(next_code_point(&p));
	return w;
}

size_t store_cli_width(const char *s)
{
	return shown_width(cli_quote(s));
}

void store_cli_pad(FILE *f, const char *s, size_t width)
{
	const char *shown = cli_quote(s);

	fputs(shown, f);
	for (size_t w = shown_width(shown); w < width; w++)
		fputc(' ', f);
}

void store_cli_pad_left(FILE *f, const char *s, size_t width)
{
	const char *shown = cli_quote(s);

	for (size_t w = shown_width(shown); w < width; w++)
		fputc(' ', f);
	fputs(shown, f);
}

int store_cli_session_number(const char *arg, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end == arg || *end || errno || v <= 0)
		return -1;
	*out = v;
	return 0;
}

void store_cli_fault_names(uint32_t faults, const char *sep, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++) {
		const char *name;
		int w;

		if (!(faults & (1u << i)) || !(name = deposit_fault_name(1u << i)))
			continue;
		w = snprintf(buf + n, size - n, "%s%s", n ? sep : "", name);
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
}

void store_cli_json_mapping(FILE *f, const struct store_session *s)
{
	if (!s->mapping_source[0]) {
		fputs("null", f);
		return;
	}
	fputs("{ \"offset_x_mm\": ", f);
	cli_json_number(f, s->mapping.offset_x_mm);
	fputs(", \"offset_y_mm\": ", f);
	cli_json_number(f, s->mapping.offset_y_mm);
	fputs(", \"scale\": ", f);
	cli_json_number(f, s->mapping.scale);
	fputs(", \"rotation_deg\": ", f);
	cli_json_number(f, s->mapping.rotation_deg);
	fputs(", \"source\": ", f);
	cli_json_string(f, s->mapping_source);
	fputs(" }", f);
}
