/* test-signoff-cli: `smpsim signoff` end to end, the way an instructor
 * runs it, and the sign-off in review and the reports.
 *
 * A record is made in a temporary folder through store.h (a trainee, a
 * complete scored session), and the built program (SMPSIM_BINARY) run on
 * it as a child process with TZ=UTC. A sign-off is stored and read back
 * exactly, from the record's own tables (instructor cleaned, ratings in
 * the order given, note, time as ISO 8601 UTC with milliseconds, within
 * the run) and as --list prints it. Each refusal (a session not in the
 * record or in progress, a rating 0 or 6, a domain unknown, ambiguous or
 * missing, no --by, no ratings off a terminal) has its exact message and
 * exit status and stores nothing; the store refuses the same on its own.
 * On a pseudo-terminal (forkpty) it asks for each domain, refuses a
 * rating of 7 and asks again, and stores what was typed; input that ends
 * early stores nothing. review (text and JSON), the session's HTML report
 * and the trainee's show it. The domains are a curriculum's when it names
 * them (sim/support/signoff_domains.c, compiled in), found by name, prefix
 * or number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "store_internal.h"
#include "signoff_domains.h"
#include "store_signoff.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char db[4096];
static int64_t session_id;

static void smpsim(const char *const args[], struct child_result *res)
{
	const char *argv[32] = { SMPSIM_BINARY };
	const char *env[] = { "TZ=UTC", "SMPSIM_DB=", NULL };
	size_t n = 1;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

/* One text from the record, read as an outside program would. */
static char *query_text(const char *sql)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	char *text;

	assert_int_equal(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	text = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(s);
	assert_non_null(text);
	return text;
}

static int64_t signoffs_stored(void)
{
	return db_query_int(db, "SELECT (SELECT count(*) FROM signoffs) * 1000 + "
			    "(SELECT count(*) FROM signoff_ratings)");
}

static int setup(void **state)
{
	static const char text[] = "id: depth-taps\n";
	struct store_session_info info = {
		.lesson_id = "depth-taps", .lesson_title = "Depth control taps",
		.lesson_text = text, .lesson_text_size = sizeof(text) - 1,
		.device_name = "pen", .origin = STORE_ORIGIN_LIVE,
	};
	char err[STORE_ERROR_MAX];
	struct score_metrics m = { .dots = 0 };
	struct score_result r = { .score = 91, .passed = true, .by_proficiency = true };
	struct store *store;

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0 ||
	    store_trainee_add(store, "Anna", &info.trainee) < 0 ||
	    store_session_begin(store, &info, &session_id) < 0 ||
	    store_session_end(store, session_id, 60, &m, &r) < 0)
		return -1;
	store_close(store);
	return 0;
}

static int teardown(void **state)
{
	return tmp_files_teardown(state);
}

/* ---- storing one ---- */

/* What `signoff` prints for the sign-off stored first (its time @p made,
 * as the record has it, in UTC), each line after @p indent. */
static void expected_text(char *buf, size_t size, const char *made, const char *indent)
{
	static const char *const lines[] = {
		"  depth control                    4\n",
		"  needle angle and hand stability  3\n",
		"  dot size and consistency         5\n",
		"  spacing and density              4\n",
		"  hairline design                  3\n",
		"  blending with hair and scars     2\n",
		"  flow and economy of motion       4\n",
		"  note: Steady hand.\n",
		"        Work on the fade.\n",
	};
	size_t n = (size_t)snprintf(buf, size, "%ssign-off 1 by Dana Reyes, %.10s %.8s, "
				    "lowest 2\n", indent, made, made + 11);

	for (size_t i = 0; i < ARRAY_SIZE(lines) && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", indent, lines[i]);
}

static const char ratings_json[] =
	"\"ratings\": [{\"domain\": \"depth control\", \"rating\": 4}, "
	"{\"domain\": \"needle angle and hand stability\", \"rating\": 3}, "
	"{\"domain\": \"dot size and consistency\", \"rating\": 5}, "
	"{\"domain\": \"spacing and density\", \"rating\": 4}, "
	"{\"domain\": \"hairline design\", \"rating\": 3}, "
	"{\"domain\": \"blending with hair and scars\", \"rating\": 2}, "
	"{\"domain\": \"flow and economy of motion\", \"rating\": 4}], \"lowest\": 2";

static void test_stored_and_read_back(void **state)
{
	/* Domains by prefix, by number and whole, in another order than theirs;
	 * the name with spaces to clean. */
	const char *args[] = { "signoff", "--session", "1", "--by", "  Dana \xc2\xa0 Reyes ",
			       "--rate", "flow=4", "--rate", "Depth=4", "--rate", "2=3",
			       "--rate", "dot size and consistency=5", "--rate", "spacing=4",
			       "--rate", "hair=3", "--rate", "blend=2",
			       "--note", "Steady hand.\nWork on the fade.", "--db", db, NULL };
	char before[STORE_TIME_MAX], after[STORE_TIME_MAX], body[2048], want[2100];
	char *made, *text;
	struct child_result res;

	(void)state;
	store_now(before);
	smpsim(args, &res);
	store_now(after);
	made = query_text("SELECT made FROM signoffs WHERE id = 1");
	/* ISO 8601 UTC with milliseconds, made during the run. */
	assert_int_equal(strlen(made), 24);
	assert_true(made[4] == '-' && made[7] == '-' && made[10] == 'T' && made[13] == ':' &&
		    made[16] == ':' && made[19] == '.' && made[23] == 'Z');
	assert_true(strcmp(before, made) <= 0 && strcmp(made, after) <= 0);
	expected_text(body, sizeof(body), made, "");
	snprintf(want, sizeof(want), "stored sign-off 1 of session 1\n%s", body);
	child_expect(&res, 0, want, "");
	child_result_free(&res);

	/* The rows, exactly: ratings in the domains' order, numbered. */
	text = query_text("SELECT instructor || '|' || note || '|' || session FROM signoffs");
	assert_string_equal(text, "Dana Reyes|Steady hand.\nWork on the fade.|1");
	free(text);
	text = query_text("SELECT group_concat(seq || ':' || domain || '=' || rating, ';') "
			  "FROM (SELECT * FROM signoff_ratings WHERE signoff = 1 ORDER BY seq)");
	assert_string_equal(text, "0:depth control=4;1:needle angle and hand stability=3;"
			    "2:dot size and consistency=5;3:spacing and density=4;"
			    "4:hairline design=3;5:blending with hair and scars=2;"
			    "6:flow and economy of motion=4");
	free(text);

	{
		const char *list[] = { "signoff", "--session", "1", "--list", "--db", db, NULL };

		smpsim(list, &res);
		expected_text(want, sizeof(want), made, "");
		child_expect(&res, 0, want, "");
		child_result_free(&res);
	}
	{
		const char *list[] = { "signoff", "--session", "1", "--list", "--json", "--db", db,
				       NULL };

		smpsim(list, &res);
		snprintf(want, sizeof(want), "{\"session\": 1, \"signoffs\": [\n  {\"id\": 1, "
			 "\"session\": 1, \"instructor\": \"Dana Reyes\", \"made\": \"%s\", %s, "
			 "\"note\": \"Steady hand.\\u000aWork on the fade.\"}\n]}\n", made,
			 ratings_json);
		child_expect(&res, 0, want, "");
		child_result_free(&res);
	}
	free(made);
}

/* ---- refusals ---- */

static void test_refused(void **state)
{
	static const struct {
		const char *args[16];
		int status;
		const char *err;
	} cases[] = {
		{ { "--session", "999", "--by", "Dana", "--ratings", "4,3,5,4,3,2,4" }, 2,
		  "smpsim signoff: no session 999 (see 'smpsim review')\n" },
		{ { "--session", "1", "--by", "Dana", "--ratings", "4,3,5,0,3,2,4" }, 2,
		  "smpsim signoff: --ratings 4,3,5,0,3,2,4: 'spacing and density' is rated '0': "
		  "a rating is a whole number 1 to 5\n" },
		{ { "--session", "1", "--by", "Dana", "--ratings", "4,3,5,4,3,2,6" }, 2,
		  "smpsim signoff: --ratings 4,3,5,4,3,2,6: 'flow and economy of motion' is rated "
		  "'6': a rating is a whole number 1 to 5\n" },
		{ { "--session", "1", "--by", "Dana", "--rate", "depth=6" }, 2,
		  "smpsim signoff: --rate depth=6: 'depth control' is rated '6': a rating is a "
		  "whole number 1 to 5\n" },
		{ { "--session", "1", "--by", "Dana", "--rate", "posture=3" }, 2,
		  "smpsim signoff: --rate posture=3: unknown domain 'posture': the domains are "
		  "1 depth control, 2 needle angle and hand stability, 3 dot size and "
		  "consistency, 4 spacing and density, 5 hairline design, 6 blending with hair "
		  "and scars, 7 flow and economy of motion\n" },
		{ { "--session", "1", "--by", "Dana", "--rate", "d=3" }, 2,
		  "smpsim signoff: --rate d=3: 'd' could be 'depth control' or 'dot size and "
		  "consistency': give more of the name, or its number\n" },
		{ { "--session", "1", "--by", "Dana", "--rate", "1=4", "--rate", "2=4", "--rate",
		    "3=4", "--rate", "4=4" }, 2,
		  "smpsim signoff: not rated: hairline design, blending with hair and scars, flow "
		  "and economy of motion (every domain is rated 1 to 5: --rate DOMAIN=R)\n" },
		{ { "--session", "1", "--by", "Dana", "--ratings", "4,3,5" }, 2,
		  "smpsim signoff: --ratings 4,3,5: 3 ratings given, and 7 are needed, one per "
		  "domain in order: 1 depth control, 2 needle angle and hand stability, 3 dot "
		  "size and consistency, 4 spacing and density, 5 hairline design, 6 blending "
		  "with hair and scars, 7 flow and economy of motion\n" },
		{ { "--session", "1", "--ratings", "4,3,5,4,3,2,4" }, 2,
		  "smpsim signoff: missing --by NAME (who signs off)\n"
		  "Try 'smpsim signoff --help'.\n" },
		{ { "--session", "1", "--by", " \t", "--ratings", "4,3,5,4,3,2,4" }, 2,
		  "smpsim signoff: --by: a name cannot hold the control character U+0009\n" },
		{ { "--session", "1", "--by", "Dana", "--rate", "1=4", "--ratings",
		    "4,3,5,4,3,2,4" }, 2,
		  "smpsim signoff: give the ratings with --rate or with --ratings, not both\n" },
		/* Standard input is /dev/null: nothing to ask on. */
		{ { "--session", "1", "--by", "Dana" }, 2,
		  "smpsim signoff: no ratings given, and standard input is not a terminal to "
		  "ask on: rate every domain with --rate DOMAIN=R or --ratings R,R,... (not "
		  "rated: depth control, needle angle and hand stability, dot size and "
		  "consistency, spacing and density, hairline design, blending with hair and "
		  "scars, flow and economy of motion)\n" },
	};
	int64_t stored = signoffs_stored();

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *args[20] = { "signoff", "--db", db };
		struct child_result res;
		size_t n = 3;

		for (size_t k = 0; cases[i].args[k]; k++)
			args[n++] = cases[i].args[k];
		smpsim(args, &res);
		child_expect(&res, cases[i].status, "", cases[i].err);
		child_result_free(&res);
		assert_int_equal(signoffs_stored(), stored);
	}
}

/* A session still being practised (here: begun by this test's store,
 * which holds its live lock) is not signed off, by the command or the
 * store. */
static void test_in_progress_refused(void **state)
{
	struct store_rating ratings[] = { { "depth control", 4 } };
	struct store_signoff_new n = { .instructor = "Dana", .ratings = ratings,
				       .rating_count = 1 };
	struct store_session_info info = { .trainee = 1, .lesson_id = "depth-taps",
					   .lesson_title = "Depth control taps" };
	char err[STORE_ERROR_MAX], num[32], want[256];
	int64_t stored = signoffs_stored();
	struct child_result res;
	struct store *store;

	(void)state;
	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_begin(store, &info, &n.session), 0);
	snprintf(num, sizeof(num), "%lld", (long long)n.session);
	{
		const char *args[] = { "signoff", "--session", num, "--by", "Dana", "--ratings",
				       "4,3,5,4,3,2,4", "--db", db, NULL };

		smpsim(args, &res);
		snprintf(want, sizeof(want), "smpsim signoff: session %s is still in progress: "
			 "sign it off when it has ended\n", num);
		child_expect(&res, 1, "", want);
		child_result_free(&res);
	}
	assert_int_equal(store_signoff_add(store, &n, NULL), -EBUSY);
	snprintf(want, sizeof(want), "session %s is still in progress: sign it off when it "
		 "has ended", num);
	assert_string_equal(store_error(store), want);
	assert_int_equal(signoffs_stored(), stored);
	/* Ended, it can be. */
	assert_int_equal(store_session_end(store, n.session, 1, NULL, NULL), 0);
	assert_int_equal(store_signoff_add(store, &n, NULL), 0);
	assert_int_equal(signoffs_stored(), stored + 1001);
	store_close(store);
}

/* A session replayed from a recording is the recording's work, not the
 * trainee's: its sign-off is stored, but the instructor is told first
 * that the session never counts. */
static void test_replayed_noted(void **state)
{
	struct store_session_info info = { .trainee = 1, .lesson_id = "depth-taps",
					   .lesson_title = "Depth control taps",
					   .origin = STORE_ORIGIN_REPLAYED };
	struct score_result r = { .score = 91, .passed = true, .by_proficiency = true };
	struct score_metrics m = { .dots = 0 };
	char err[STORE_ERROR_MAX], num[32], want[512];
	int64_t stored = signoffs_stored(), id;
	struct child_result res;
	struct store *store;

	(void)state;
	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_begin(store, &info, &id), 0);
	assert_int_equal(store_session_end(store, id, 60, &m, &r), 0);
	store_close(store);
	snprintf(num, sizeof(num), "%lld", (long long)id);
	snprintf(want, sizeof(want), "smpsim signoff: note: session %s was replayed from a "
		 "recording, not practised live: the sign-off is stored, but the session "
		 "never counts towards proficiency\n", num);
	smpsim((const char *[]){ "signoff", "--session", num, "--by", "Dana", "--ratings",
				 "4,3,5,4,3,2,4", "--db", db, NULL }, &res);
	if (res.status != 0 || strcmp(res.err, want))
		fail_msg("exit %d, stderr:\n%s", res.status, res.err);
	child_result_free(&res);
	assert_int_equal(signoffs_stored(), stored + 1007);
}

/* The store's own checks, for callers other than the command. */
static void test_store_refuses(void **state)
{
	static const struct {
		int64_t session;
		const char *instructor;
		struct store_rating ratings[2];
		size_t count;
		int rc;
		const char *error;
	} cases[] = {
		{ 999, "Dana", { { "depth control", 3 } }, 1, -ENOENT, "no session 999" },
		{ 1, "Dana", { { "depth control", 0 } }, 1, -EINVAL,
		  "'depth control' is rated 0: a rating is 1 to 5" },
		{ 1, "Dana", { { "depth control", 6 } }, 1, -EINVAL,
		  "'depth control' is rated 6: a rating is 1 to 5" },
		{ 1, "", { { "depth control", 3 } }, 1, -EINVAL,
		  "the instructor's name: a name cannot be empty or only white space" },
		{ 1, "Dana", { { "depth control", 3 }, { "depth control", 4 } }, 2, -EINVAL,
		  "'depth control' is rated twice" },
		{ 1, "Dana", { { "", 3 } }, 1, -EINVAL,
		  "domain 1 has no name, or one longer than 63 bytes" },
		{ 1, "Dana", { { "depth control", 3 } }, 0, -EINVAL,
		  "a sign-off rates at least one domain" },
	};
	int64_t stored = signoffs_stored();
	char err[STORE_ERROR_MAX];
	struct store *store;

	(void)state;
	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct store_signoff_new n = {
			.session = cases[i].session, .instructor = cases[i].instructor,
			.ratings = cases[i].ratings, .rating_count = cases[i].count,
		};

		assert_int_equal(store_signoff_add(store, &n, NULL), cases[i].rc);
		assert_string_equal(store_error(store), cases[i].error);
	}
	store_close(store);
	assert_int_equal(signoffs_stored(), stored);
}

/* ---- asked on a terminal ---- */

/* Runs "smpsim ARGS" on a new pseudo-terminal, typing @p input (the
 * terminal's line discipline hands it over a line at a time) and reading
 * all it writes until it ends. @return its exit status; its output, echo
 * included, in @p out. */
static int run_on_pty(const char *const args[], const char *input, char *out, size_t size)
{
	const char *argv[32] = { SMPSIM_BINARY };
	size_t n = 1;

	for (size_t i = 0; args[i]; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return child_run_pty(argv, 0, input, out, size);
}

static void test_asked_on_terminal(void **state)
{
	const char *args[] = { "signoff", "--session", "1", "--by", "Lee", "--db", db, NULL };
	static char out[65536];
	int64_t stored = signoffs_stored();
	char *text;

	(void)state;
	/* A 7 is refused and asked again; then the note; then the sign-off
	 * is shown and stored on a yes. */
	assert_int_equal(run_on_pty(args, "7\n5\n4\n4\n3\n5\n4\n3\nClean lifts\ny\n", out,
				    sizeof(out)), 0);
	if (!strstr(out, "Signing off session 1 (Anna, depth-taps) for Lee.") ||
	    !strstr(out, "1/7 depth control") ||
	    !strstr(out, "    1 depth wanders: many dots shallow or overdeep; 3 most dots in "
		    "the band, the odd one out corrected; 5 every dot in the band, first to "
		    "last") ||
	    !strstr(out, "  a rating is a whole number 1 to 5 (1 poor, 3 competent, 5 "
		    "excellent)") ||
	    !strstr(out, "7/7 flow and economy of motion") ||
	    !strstr(out, "note (one line; Enter for none): ") ||
	    !strstr(out, "The sign-off of session 1 by Lee, lowest 3:\r\n"
		    "  depth control                    5\r\n"
		    "  needle angle and hand stability  4\r\n") ||
	    !strstr(out, "  flow and economy of motion       3\r\n"
		    "  note: Clean lifts\r\n"
		    "Store this sign-off? [y/N] ") ||
	    !strstr(out, "stored sign-off 3 of session 1"))
		fail_msg("%s", out);
	assert_int_equal(signoffs_stored(), stored + 1007);
	text = query_text("SELECT instructor || '|' || note || '|' || (SELECT group_concat("
			  "rating, ',') FROM (SELECT rating FROM signoff_ratings WHERE signoff "
			  "= 3 ORDER BY seq)) FROM signoffs WHERE id = 3");
	assert_string_equal(text, "Lee|Clean lifts|5,4,4,3,5,4,3");
	free(text);

	/* Anything but y or yes (any case) at the question stores nothing:
	 * exit 1, said. */
	static const char *const declined[] = { "n\n", "\n", "no\n", "yess\n", "" };
	for (size_t i = 0; i < ARRAY_SIZE(declined); i++) {
		char input[128];

		snprintf(input, sizeof(input), "5\n4\n4\n3\n5\n4\n3\n\n%s%s", declined[i],
			 declined[i][0] ? "" : "\x04");
		print_message("declined %zu\n", i);
		assert_int_equal(run_on_pty(args, input, out, sizeof(out)), 1);
		if (!strstr(out, "Store this sign-off? [y/N] ") ||
		    !strstr(out, "smpsim signoff: not stored: the answer was not y or yes\r\n"))
			fail_msg("%s", out);
		assert_int_equal(signoffs_stored(), stored + 1007);
	}

	/* The input ends after one rating (^D on an empty line): nothing stored. */
	assert_int_equal(run_on_pty(args, "4\n\x04", out, sizeof(out)), 2);
	if (!strstr(out, "smpsim signoff: 'needle angle and hand stability' was not rated "
		    "(the input ended): nothing stored"))
		fail_msg("%s", out);
	assert_int_equal(signoffs_stored(), stored + 1007);
}

/* ---- where it shows ---- */

static void test_review_shows(void **state)
{
	struct child_result res;
	char want[4096], *made = query_text("SELECT made FROM signoffs WHERE id = 1");

	(void)state;
	{
		const char *args[] = { "review", "--db", db, NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		if (!strstr(res.out, "  complete     live  signed off\n"))
			fail_msg("%s", res.out);
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--json", "--db", db, NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		assert_non_null(strstr(res.out, "\"deposits\": 0, \"faults\": 0, \"signoffs\": 2, "
					   "\"origin\": \"live\"}"));
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--session", "1", "--db", db, NULL };
		char block[2100], text[2048];

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		expected_text(text, sizeof(text), made, "  ");
		snprintf(block, sizeof(block), "\nsign-offs\n%s  sign-off 3 by Lee, ", text);
		if (!strstr(res.out, block))
			fail_msg("%s", res.out);
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--session", "1", "--json", "--db", db, NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		snprintf(want, sizeof(want), "\n  \"signoffs\": [\n    {\"id\": 1, \"session\": 1, "
			 "\"instructor\": \"Dana Reyes\", \"made\": \"%s\", %s, \"note\": "
			 "\"Steady hand.\\u000aWork on the fade.\"},\n    {\"id\": 3, ", made,
			 ratings_json);
		if (!strstr(res.out, want))
			fail_msg("%s", res.out);
		child_result_free(&res);
	}
	free(made);
}

/* Runs `smpsim report --OPTION VALUE` into FILE in the test's folder.
 * @return the page, to free(). */
static char *report_page(const char *option, const char *value, const char *file)
{
	char out[4096 + 64];
	const char *args[] = { "report", option, value, "-o", out, "--db", db, NULL };
	struct child_result res;

	snprintf(out, sizeof(out), "%s/%s", tmp_files_dir(), file);
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
	return tmp_files_read(out, NULL);
}

static void test_reports_show(void **state)
{
	char *html = report_page("--session", "1", "session.html");

	(void)state;
	if (!strstr(html, "<section class=\"signoffs\">\n<h2>Sign-offs</h2>\n<div class=\""
		    "signoff\">\n<h3>Sign-off 1: <bdi class=\"instructor\">Dana Reyes</bdi>, ") ||
	    !strstr(html, "<tr><td>hairline design</td><td class=\"num\">3</td><td>competent"
		    "</td></tr>\n<tr><td>blending with hair and scars</td><td class=\"num "
		    "lowest\"><b>2</b></td><td>below competent</td></tr>\n") ||
	    !strstr(html, "white-space:pre-line\"><b>Note:</b> Steady hand.\nWork on the fade.</p>") ||
	    !strstr(html, "<h3>Sign-off 2: <bdi class=\"instructor\">Lee</bdi>, "))
		fail_msg("%s", html);
	free(html);

	html = report_page("--trainee", "Anna", "trainee.html");
	/* Sign-offs rated lowest 2 and 3: the best is 3. */
	if (!strstr(html, "<th class=\"num\">Sign-off</th>") ||
	    !strstr(html, "<td class=\"num signed\">lowest 3 (best of 2)</td></tr>"))
		fail_msg("%s", html);
	free(html);
}

/* ---- the domains ---- */

static void test_domains(void **state)
{
	static struct curriculum c;
	static const struct {
		const char *key;
		int index;
		const char *why;
	} finds[] = {
		{ "2", 1, "" },
		{ "Dot", 1, "" },
		{ "dots", -1, "unknown domain 'dots': the domains are 1 depth, 2 dot size, "
		  "3 depth of field" },
		{ "depth", 0, "" },              /* whole, though a prefix of another */
		{ "dep", -1, "'dep' could be 'depth' or 'depth of field': give more of the "
		  "name, or its number" },
		{ "depth o", 2, "" },
		{ "4", -1, "unknown domain '4': the domains are 1 depth, 2 dot size, 3 depth "
		  "of field" },
		{ "+1", -1, "unknown domain '+1': the domains are 1 depth, 2 dot size, 3 depth "
		  "of field" },
		{ " 2", -1, "unknown domain ' 2': the domains are 1 depth, 2 dot size, 3 depth "
		  "of field" },                  /* a number is digits only */
		{ "003", 2, "" },
		{ "18446744073709551617", -1, "unknown domain '18446744073709551617': the "
		  "domains are 1 depth, 2 dot size, 3 depth of field" },
	};
	/* --ratings refused: no domain is rated by it, the good fields before
	 * the bad one neither. */
	static const struct {
		const char *arg, *why;
	} refused[] = {
		{ "4,,3", "'dot size' is rated '': a rating is a whole number 1 to 5" },
		{ "4,5", "2 ratings given, and 3 are needed, one per domain in order: 1 depth, "
		  "2 dot size, 3 depth of field" },
		{ "4,5,3,2", "4 ratings given, and 3 are needed, one per domain in order: "
		  "1 depth, 2 dot size, 3 depth of field" },
		{ "4,5,6", "'depth of field' is rated '6': a rating is a whole number 1 to 5" },
	};
	struct signoff_ratings r = { .count = 0 };
	struct store_rating stored[SIGNOFF_DOMAINS_MAX];
	const char *names[SIGNOFF_DOMAINS_MAX];
	char why[512], missing[256];

	(void)state;
	/* None in the curriculum: the built-in seven. */
	assert_int_equal(signoff_domains(&c, names), 7);
	assert_string_equal(names[0], "depth control");
	assert_string_equal(names[6], "flow and economy of motion");
	assert_int_equal(signoff_domains(NULL, names), 7);
	assert_non_null(signoff_domain_anchors("hairline design"));

	/* The curriculum's, as its loader fills them. */
	snprintf(c.domains[0], sizeof(c.domains[0]), "depth");
	snprintf(c.domains[1], sizeof(c.domains[1]), "dot size");
	snprintf(c.domains[2], sizeof(c.domains[2]), "depth of field");
	c.domain_count = 3;
	assert_int_equal(signoff_domains(&c, names), 3);
	assert_string_equal(names[2], "depth of field");
	assert_null(signoff_domain_anchors("depth"));
	for (size_t i = 0; i < ARRAY_SIZE(finds); i++) {
		why[0] = '\0';
		assert_int_equal(signoff_domain_find(names, 3, finds[i].key, why, sizeof(why)),
				 finds[i].index);
		assert_string_equal(why, finds[i].why);
	}

	r.count = signoff_domains(&c, r.names);
	assert_int_equal(signoff_rate_option(&r, "dot=5", why, sizeof(why)), 0);
	assert_int_equal(signoff_ratings_given(&r, missing, sizeof(missing)), 1);
	assert_string_equal(missing, "depth, depth of field");
	assert_int_equal(signoff_rate_option(&r, "3=1", why, sizeof(why)), 0);
	assert_int_equal(signoff_rate_option(&r, "depth=2", why, sizeof(why)), 0);
	assert_int_equal(signoff_ratings_store(&r, stored), 3);
	assert_string_equal(stored[0].domain, "depth");
	assert_int_equal(stored[0].rating, 2);
	assert_string_equal(stored[1].domain, "dot size");
	assert_int_equal(stored[1].rating, 5);
	assert_int_equal(stored[2].rating, 1);
	memset(r.ratings, 0, sizeof(r.ratings));
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		assert_int_equal(signoff_ratings_option(&r, refused[i].arg, why, sizeof(why)), -1);
		assert_string_equal(why, refused[i].why);
		assert_int_equal(signoff_ratings_given(&r, missing, sizeof(missing)), 0);
	}
	assert_int_equal(signoff_ratings_option(&r, "4,5,3", why, sizeof(why)), 0);
	assert_int_equal(signoff_ratings_store(&r, stored), 3);
	assert_int_equal(stored[0].rating, 4);
	assert_int_equal(stored[2].rating, 3);
	/* --rate refused leaves the ratings as they were too. */
	assert_int_equal(signoff_rate_option(&r, "dot=1", why, sizeof(why)), -1);
	assert_string_equal(why, "'dot size' is rated twice");
	assert_int_equal(signoff_ratings_store(&r, stored), 3);
	assert_int_equal(stored[1].rating, 5);
}

/* What --help promises, read where it could be misread. */
static void test_help(void **state)
{
	static const char *const says[] = {
		/* The built-in seven serve only a curriculum that names no
		 * domains, which the loader lets ask no rated sign-off. */
		"hair and scars, 7 flow and economy of motion. A curriculum that names no\n"
		"domains asks for no rated sign-off (signoff-at-least needs them), and a\n"
		"sign-off then rates these seven.",
		/* What is asked is confirmed: a sign-off is never changed. */
		"is a terminal, showing what 1, 3 and 5 look like there, then the note;\n"
		"then it shows the sign-off and asks \"Store this sign-off? [y/N]\":\n"
		"anything but y or yes stores nothing (exit 1). A stored sign-off cannot\n"
		"be changed or deleted; a new one can be added.\n",
		"Exit status 0 when stored (or listed); 1 when the record cannot be used\n"
		"(none yet, with --list), the session is still in progress, or the\n"
		"sign-off asked for was not confirmed; 2 for bad usage,",
	};
	const char *args[] = { "signoff", "--help", NULL };
	struct child_result res;

	(void)state;
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	for (size_t i = 0; i < ARRAY_SIZE(says); i++)
		if (!strstr(res.out, says[i]))
			fail_msg("--help does not say\n%s\nin\n%s", says[i], res.out);
	child_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stored_and_read_back),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_in_progress_refused),
		cmocka_unit_test(test_store_refuses),
		cmocka_unit_test(test_asked_on_terminal),
		cmocka_unit_test(test_review_shows),
		cmocka_unit_test(test_reports_show),
		cmocka_unit_test(test_domains),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_replayed_noted), /* last: it adds a session */
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
