/* test-outside-text: text from outside reaches the terminal as text
 * (issue 9, item 7).
 *
 * First cli_quote (sim/support/cli_quote.c) on a table of strings, byte for byte:
 * C0 controls, DEL and bytes that are not UTF-8 as \xHH, C1 controls as
 * \u00HH, everything else (valid UTF-8 in any script, backslashes) as it
 * is. Then build/smpsim as a child process on things that carry escapes,
 * BEL, DEL, a raw 0x9b and U+009B: a trainee name stored before names
 * were checked, a session's device name and recording path, a recording
 * whose file name and N: line hold them, a lesson whose title does, a
 * scalp model whose region id and name do, missing files and a mistyped
 * command. Every line that names them is checked to the byte
 * (`trainee list`, `review`, `review --session`, its JSON, `inspect`,
 * `score`, `practice`, and the error messages), and no output of any run
 * holds a control character or a byte that is not UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "cli_quote.h"
#include "session_gen.h"
#include "store.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TAPS 12

/* ESC and BEL (an OSC that retitles the window), U+009B and a raw 0x9b
 * (each a CSI on some terminals), DEL. */
#define EVE "Eve \x1b]0;owned\x07 \xc2\x9b" "2J \x9b\x7f"
#define EVE_SHOWN "Eve \\x1b]0;owned\\x07 \\u009b2J \\x9b\\x7f"
#define EVE_JSON "Eve \\u001b]0;owned\\u0007 \\u009b2J \\ufffd\\u007f"
#define PEN "Pen \xc2\x9b" "31m \x9b"
#define PEN_SHOWN "Pen \\u009b31m \\x9b"
#define PEN_JSON "Pen \\u009b31m \\ufffd"
#define STORED_PATH "/tmp/take\x1b[2J.evemu"
#define STORED_PATH_SHOWN "/tmp/take\\x1b[2J.evemu"
#define TITLE_SHOWN "Depth \\x1b[2J \\u009b control\\x07"

static char data_dir[PATH_MAX], db[PATH_MAX + 16], recording[PATH_MAX + 32];
static char recording_shown[4 * PATH_MAX], data_env[PATH_MAX + 32];

/* ---- cli_quote itself ---- */

struct quote_case {
	const char *text;
	bool lines;
	const char *shown;
};

static const struct quote_case quote_cases[] = {
	{ "plain text", false, "plain text" },
	{ "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", false,
	  "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d" },
	{ "red \x1b[31mtext", false, "red \\x1b[31mtext" },
	{ "bell\x07", false, "bell\\x07" },
	{ "del\x7f", false, "del\\x7f" },
	{ "nul\x01soh", false, "nul\\x01soh" },
	{ "raw \x9b[2J", false, "raw \\x9b[2J" },
	{ "c1 \xc2\x9b[2J", false, "c1 \\u009b[2J" },
	{ "nel \xc2\x85 and \xc2\x80", false, "nel \\u0085 and \\u0080" },
	{ "no-break\xc2\xa0space", false, "no-break\xc2\xa0space" },   /* U+00A0 is text */
	{ "tab\there", false, "tab\\x09here" },
	{ "two\nlines\tand a tab", false, "two\\x0alines\\x09and a tab" },
	{ "two\nlines\tand a tab", true, "two\nlines\tand a tab" },
	{ "lines \x1b[2J kept\r\n", true, "lines \\x1b[2J kept\\x0d\n" },
	{ "cut \xc2", false, "cut \\xc2" },
	{ "cut \xe6\x9d", false, "cut \\xe6\\x9d" },
	{ "overlong \xc0\xaf", false, "overlong \\xc0\\xaf" },
	{ "surrogate \xed\xa0\x80", false, "surrogate \\xed\\xa0\\x80" },
	{ "beyond \xf4\x90\x80\x80", false, "beyond \\xf4\\x90\\x80\\x80" },
	{ "back\\slash \\x1b", false, "back\\slash \\x1b" },
	{ "", false, "" },
};

static void test_quote_table(void **state)
{
	char buf[256], twice[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(quote_cases); i++) {
		const struct quote_case *c = &quote_cases[i];
		size_t n = cli_quote_buf(buf, sizeof(buf), c->text, c->lines);

		assert_string_equal(buf, c->shown);
		assert_int_equal(n, strlen(c->shown));
		/* Quoting what is shown changes nothing. */
		cli_quote_buf(twice, sizeof(twice), buf, c->lines);
		assert_string_equal(twice, buf);
		assert_string_equal(c->lines ? cli_quote_lines(c->text) : cli_quote(c->text),
				    c->shown);
	}
	/* Cut like snprintf: the whole length, a NUL-terminated prefix. */
	assert_int_equal(cli_quote_buf(buf, 5, "ab\x1b", false), 6);
	assert_string_equal(buf, "ab\\x");
	assert_int_equal(cli_quote_buf(NULL, 0, "\xc2\x9b", false), 6);
	/* Results stay valid for CLI_QUOTE_SLOTS calls. */
	{
		const char *first = cli_quote("first\x07");

		for (int i = 1; i < CLI_QUOTE_SLOTS; i++)
			cli_quote("other");
		assert_string_equal(first, "first\\x07");
	}
	assert_string_equal(cli_quote(NULL), "");
}

/* ---- the program ---- */

/* Every byte of @p text is valid UTF-8 and no character is a control but
 * the line feed. */
static void assert_shown(const char *text, const char *what)
{
	const char *end;

	if (!g_utf8_validate(text, -1, &end))
		fail_msg("%s: byte 0x%02x at %zu is not UTF-8:\n%s", what, (unsigned char)*end,
			 (size_t)(end - text), text);
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c != '\n' && g_unichar_type(c) == G_UNICODE_CONTROL)
			fail_msg("%s: U+%04X at %zu:\n%s", what, (unsigned int)c,
				 (size_t)(p - text), text);
	}
}

static void run(const char *const argv[], bool evil_data, struct child_result *r)
{
	const char *const env[] = { "TZ=UTC", evil_data ? data_env : NULL, NULL };

	assert_int_equal(child_run(argv, env, r), 0);
	assert_shown(r->out, "stdout");
	assert_shown(r->err, "stderr");
}

/* @p text holds the line @p line (with its newline) whole. */
static void assert_line(const char *text, const char *line)
{
	const char *at = strstr(text, line);

	if (!at || (at != text && at[-1] != '\n') || line[strlen(line) - 1] != '\n')
		fail_msg("no line \"%s\" in:\n%s", line, text);
}

static void test_trainee_list(void **state)
{
	struct child_result r;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "trainee", "list", "--db", db, NULL },
	    false, &r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "id  sessions  added       name\n"
			    " 2         0  2024-01-01  Ana\n"
			    " 1         1  2024-01-01  " EVE_SHOWN "\n");
	assert_string_equal(r.err, "");
	child_result_free(&r);
}

static void test_review(void **state)
{
	struct child_result r;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, NULL }, false, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "  " EVE_SHOWN "  depth-taps   50.0  no         0  "
			       "complete     live\n"));
	assert_line(r.out, EVE_SHOWN "  depth-taps         1       1       0   50.0   50.0"
		    "   50.0   50.0\n");
	child_result_free(&r);

	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, "--session", "1",
				   NULL }, false, &r);
	assert_int_equal(r.status, 0);
	assert_line(r.out, "trainee     " EVE_SHOWN "\n");
	assert_line(r.out, "lesson      depth-taps: Depth \\x1b[2J\n");
	assert_line(r.out, "device      " PEN_SHOWN " (056a:0357)\n");
	assert_line(r.out, "recording   " STORED_PATH_SHOWN "\n");
	assert_line(r.out, "  1. Work on \\x1b[5mblinking\\x1b[0m advice.\n");
	assert_non_null(strstr(r.out, "\nlesson file sha256 \\x1b[31m"));
	assert_line(r.out, "ended       when\\x1b[2J\n");
	child_result_free(&r);

	/* JSON escapes them its own way: \u escapes, U+FFFD for a stray byte. */
	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, "--session", "1",
				   "--json", NULL }, false, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"trainee\": \"" EVE_JSON "\""));
	assert_non_null(strstr(r.out, "\"device_name\": \"" PEN_JSON "\""));
	assert_non_null(strstr(r.out, "\"lesson_sha256\": \"\\u001b[31m"));
	child_result_free(&r);
	run((const char *const[]){ SMPSIM_BINARY, "export", "--db", db, "--session", "1",
				   "--format", "json", NULL }, false, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"lesson_sha256\": \"\\u001b[31m"));
	child_result_free(&r);
}

static void test_recording_commands(void **state)
{
	char line[sizeof(recording_shown) + 64];
	struct child_result r;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "inspect", recording, NULL }, false, &r);
	assert_int_equal(r.status, 0);
	snprintf(line, sizeof(line), "recording   %s\n", recording_shown);
	assert_line(r.out, line);
	assert_line(r.out, "device      " PEN_SHOWN " (0000:0000)\n");
	child_result_free(&r);

	/* A scalp model whose region's id and name carry escapes. */
	run((const char *const[]){ SMPSIM_BINARY, "inspect", recording, "--scalp", "evil",
				   "--needle", "0601rl", NULL }, true, &r);
	assert_int_equal(r.status, 0);
	assert_line(r.out, "scalp       evil (Evil \\x1b[31mscalp), 180 x 80 mm, 1 regions\n");
	assert_non_null(strstr(r.out, "    0 occ\\x1b[31mipital "));
	child_result_free(&r);

	/* A lesson whose title carries them. */
	run((const char *const[]){ SMPSIM_BINARY, "score", recording, "--lesson", "depth-taps",
				   NULL }, true, &r);
	assert_int_equal(r.status, 0);
	snprintf(line, sizeof(line), "recording   %s (", recording_shown);
	assert_non_null(strstr(r.out, line));
	assert_line(r.out, "lesson      depth-taps (" TITLE_SHOWN ")\n");
	child_result_free(&r);

	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", "Ana", "--lesson",
				   "depth-taps", "--db", db, "--audio", "none", "--replay",
				   recording, NULL }, true, &r);
	assert_int_equal(r.status, 0);
	assert_line(r.out, TITLE_SHOWN " (lesson depth-taps), for Ana\n");
	snprintf(line, sizeof(line), "Time limit 8:00. Replaying %s; Ctrl-C ends it early.\n",
		 recording_shown);
	assert_line(r.out, line);
	child_result_free(&r);
}

static void test_errors(void **state)
{
	char missing[PATH_MAX + 32], want[4 * PATH_MAX];
	struct child_result r;

	(void)state;
	snprintf(missing, sizeof(missing), "%s/gone\x1b[2J\x07.evemu", tmp_files_dir());
	run((const char *const[]){ SMPSIM_BINARY, "inspect", missing, NULL }, false, &r);
	snprintf(want, sizeof(want), "%s/gone\\x1b[2J\\x07.evemu: No such file or directory\n",
		 tmp_files_dir());
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, want);
	child_result_free(&r);

	run((const char *const[]){ SMPSIM_BINARY, "score", missing, "--lesson", "depth-taps",
				   NULL }, false, &r);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.err, want);
	child_result_free(&r);

	/* The record's path, in the store's messages through cli_error. */
	snprintf(missing, sizeof(missing), "%s/no\x1b]0;x\x07.db", tmp_files_dir());
	snprintf(want, sizeof(want), "smpsim review: %s/no\\x1b]0;x\\x07.db", tmp_files_dir());
	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", missing, NULL }, false, &r);
	assert_int_equal(r.status, 1);
	assert_int_equal(strncmp(r.err, want, strlen(want)), 0);
	child_result_free(&r);
	snprintf(want, sizeof(want), "smpsim report: %s/no\\x1b]0;x\\x07.db", tmp_files_dir());
	run((const char *const[]){ SMPSIM_BINARY, "report", "--db", missing, "--session", "1",
				   "-o", "never.html", NULL }, false, &r);
	assert_int_equal(r.status, 1);
	assert_int_equal(strncmp(r.err, want, strlen(want)), 0);
	child_result_free(&r);

	run((const char *const[]){ SMPSIM_BINARY, "review\x1b[2J", NULL }, false, &r);
	assert_int_equal(r.status, 2);
	{
		static const char want_cmd[] = "smpsim: unknown command 'review\\x1b[2J'\n";

		assert_int_equal(strncmp(r.err, want_cmd, sizeof(want_cmd) - 1), 0);
	}
	child_result_free(&r);

	run((const char *const[]){ SMPSIM_BINARY, "inspect", recording, "--pad-size",
				   "1x\x9b", NULL }, false, &r);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim inspect: --pad-size needs WIDTHxHEIGHT in mm, e.g. "
			    "139.7x101.6, not '1x\\x9b'\n");
	child_result_free(&r);
	/* the whole of what was given, not what follows its x */
	run((const char *const[]){ SMPSIM_BINARY, "demo", "--fullscreen", "--display-size",
				   "300x\x9b", NULL }, false, &r);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim demo: --display-size takes the display's width and "
			    "height in mm, WxH (e.g. 344x194), each above 0 and at most 2000; "
			    "not '300x\\x9b'\n");
	child_result_free(&r);
	/* a screenshot is a PNG, named so */
	run((const char *const[]){ SMPSIM_BINARY, "demo", "--screenshot", "last\x9b.jpg",
				   NULL }, false, &r);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim demo: --screenshot last\\x9b.jpg: the view's frame is "
			    "written as PNG: give FILE.png\n");
	child_result_free(&r);
}

/* ---- setup ---- */

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static const char evil_scalp[] =
	"id: evil\n"
	"name: \"Evil \\e[31mscalp\"\n"
	"area-mm: [180, 80]\n"
	"tissues:\n"
	"  - { id: normal, force-scale-n: 1.5, spread: 1.0, blowout-mm-per-mm: 0.6 }\n"
	"defaults:\n"
	"  tissue: normal\n"
	"  epidermis-mm: 0.08\n"
	"  band-mm: [0.5, 1.2]\n"
	"  overdeep-mm: 1.5\n"
	"  hair-per-mm2: 0.6\n"
	"  spacing: { too-close-mm: 0.6, gap-mm: 1.6, neighbourhood-mm: 3.0 }\n"
	"  technique: { tail-max-mm: 0.3, drag-line-mm: 2.0, oblique-max-deg: 25 }\n"
	"regions:\n"
	"  - id: \"occ\\e[31mipital\"\n"
	"    name: \"Occipital \\a\"\n"
	"    polygon: [[0, 0], [180, 0], [180, 80], [0, 80]]\n";

/* A data folder: the shipped one, but for depth-taps' title and one more
 * scalp model. */
static void make_data(void)
{
	static const char *const linked[] = { "devices", "needles" };
	char from[PATH_MAX + 300], to[PATH_MAX + 300], *text, *title;
	const char *sub[] = { "lessons", "scalps" };
	GDir *dir;

	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	assert_int_equal(mkdir(data_dir, 0700), 0);
	for (size_t i = 0; i < ARRAY_SIZE(linked); i++) {
		snprintf(from, sizeof(from), "%s/%s", SMPSIM_DATA_DIR, linked[i]);
		snprintf(to, sizeof(to), "%s/%s", data_dir, linked[i]);
		assert_int_equal(symlink(from, to), 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sub); i++) {
		const char *name;

		snprintf(to, sizeof(to), "%s/%s", data_dir, sub[i]);
		assert_int_equal(mkdir(to, 0700), 0);
		snprintf(from, sizeof(from), "%s/%s", SMPSIM_DATA_DIR, sub[i]);
		dir = g_dir_open(from, 0, NULL);
		assert_non_null(dir);
		while ((name = g_dir_read_name(dir))) {
			if (!strcmp(name, "depth-taps.yaml"))
				continue;
			snprintf(from, sizeof(from), "%s/%s/%s", SMPSIM_DATA_DIR, sub[i], name);
			snprintf(to, sizeof(to), "%s/%s/%s", data_dir, sub[i], name);
			assert_int_equal(symlink(from, to), 0);
		}
		g_dir_close(dir);
	}
	text = tmp_files_read(SMPSIM_DATA_DIR "/lessons/depth-taps.yaml", NULL);
	title = strstr(text, "title: Depth control with single taps\n");
	assert_non_null(title);
	snprintf(to, sizeof(to), "%s/lessons/depth-taps.yaml", data_dir);
	{
		FILE *f = fopen(to, "wb");

		assert_non_null(f);
		fwrite(text, 1, (size_t)(title - text), f);
		fputs("title: \"Depth \\e[2J \\x9b control\\a\"\n", f);
		fputs(strchr(title, '\n') + 1, f);
		assert_int_equal(fclose(f), 0);
	}
	free(text);
	snprintf(to, sizeof(to), "%s/scalps/evil.yaml", data_dir);
	write_file(to, evil_scalp, sizeof(evil_scalp) - 1);
	snprintf(data_env, sizeof(data_env), "SMPSIM_DATA_DIR=%s", data_dir);
}

/* The recording, under a name with an escape and a bell, its device name
 * with U+009B and a raw 0x9b. */
static void make_recording(void)
{
	char plain[PATH_MAX + 32], *text, *name;
	FILE *f;

	snprintf(plain, sizeof(plain), "%s/plain.evemu", tmp_files_dir());
	assert_int_equal(session_gen_write_square(plain, TAPS), 0);
	text = tmp_files_read(plain, NULL);
	name = strstr(text, "\nN: ");
	assert_non_null(name);
	name += 4;
	snprintf(recording, sizeof(recording), "%s/take\x1b[2J\x07.evemu", tmp_files_dir());
	f = fopen(recording, "wb");
	assert_non_null(f);
	fwrite(text, 1, (size_t)(name - text), f);
	fputs(PEN, f);
	fputs(strchr(name, '\n'), f);
	assert_int_equal(fclose(f), 0);
	free(text);
	unlink(plain);
	snprintf(recording_shown, sizeof(recording_shown), "%s/take\\x1b[2J\\x07.evemu",
		 tmp_files_dir());
}

/* A record with a name stored before names were checked, and a session
 * whose strings carry escapes. */
static void make_record(void)
{
	/* Scored by hand, with advice that blinks. */
	static const char advice_sql[] =
		"UPDATE sessions SET dots = 0, score = 50, uncapped = 50, passed = 0, "
		"never_events = 0 WHERE id = 1; "
		"INSERT INTO advice (session, rank, text) VALUES "
		"(1, 0, 'Work on ' || char(27) || '[5mblinking' || char(27) || '[0m advice.'); "
		/* A record edited by hand: fields smpsim writes itself. */
		"UPDATE lessons SET sha256 = char(27) || '[31m' || substr(sha256, 6); "
		"UPDATE sessions SET ended = 'when' || char(27) || '[2J' WHERE id = 1";
	struct store_session_info info = {
		.trainee = 1, .lesson_id = "depth-taps", .lesson_title = "Depth \x1b[2J",
		.lesson_text = "x", .lesson_text_size = 1, .device_name = PEN,
		.device_id = "056a:0357", .recording = STORED_PATH,
	};
	char err[STORE_ERROR_MAX];
	struct store *store;
	sqlite3 *s;
	sqlite3_stmt *st;
	int64_t session;

	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	store_close(store);
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "INSERT INTO trainees (id, name, name_key, "
					    "created) VALUES (1, ?1, ?1, '2024-01-01T00:00:00.000Z')",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, EVE, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(s, "INSERT INTO trainees (id, name, name_key, created) "
				      "VALUES (2, 'Ana', 'Ana', '2024-01-01T00:00:00.000Z')",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_begin(store, &info, &session), 0);
	assert_int_equal(session, 1);
	assert_int_equal(store_session_end(store, session, 1.0, NULL, NULL), 0);
	store_close(store);
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, advice_sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

static int setup(void **state)
{
	if (tmp_files_setup(state) < 0)
		return -1;
	make_data();
	make_recording();
	make_record();
	return 0;
}



int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_table),
		cmocka_unit_test(test_trainee_list),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_recording_commands),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
