/* test-names-cli: names that look the same are the same trainee, on the
 * command line (issue 9, item 8).
 *
 * Every row of tests/name_cases.c through `smpsim trainee add` as a child
 * process: the exact line it prints (the name as stored) or the exact
 * refusal, exit 2, with nothing stored (SQLite counts the rows) and, for
 * a name refused on a new --db, no record made at all. Then one trainee
 * added as "Ana Souza" is found by every command that takes a name,
 * typed with other spaces: `practice --trainee` stores its session under
 * her, `review --trainee` and `report --trainee` show it (the page with
 * the name in <bdi>); a name with an invisible character is refused by
 * each of them with the same reason and exit 2, storing and writing
 * nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "child_process.h"
#include "db_query.h"
#include "name_cases.h"
#include "session_gen.h"
#include "tmp_files.h"

#define LESSON "depth-taps"
#define TAPS 12
#define ZWSP_WHY "a name cannot hold the invisible or direction-changing character U+200B"

static char recording[PATH_MAX];

static void run(const char *const argv[], struct child_result *r)
{
	static const char *const env[] = { "TZ=UTC", NULL };

	assert_int_equal(child_run(argv, env, r), 0);
}

static void expect(struct child_result *r, int status, const char *out, const char *err,
		   const char *what)
{
	if (r->status != status || strcmp(r->out, out) || strcmp(r->err, err))
		fail_msg("%s: exit %d (%d wanted)\nstdout: %s\nwanted: %s\nstderr: %s\nwanted: %s",
			 what, r->status, status, r->out, out, r->err, err);
	child_result_free(r);
}

static void db_path(const char *stem, char *path, size_t size)
{
	int n = snprintf(path, size, "%s/%s.db", tmp_files_dir(), stem);

	assert_true(n > 0 && (size_t)n < size);
}

/* ---- the table through `trainee add` ---- */

static void test_trainee_add_table(void **state)
{
	char db[PATH_MAX], fresh[PATH_MAX], out[512], err[512];
	struct child_result r;
	struct stat st;
	int64_t added = 0;

	(void)state;
	db_path("table", db, sizeof(db));
	db_path("never-made", fresh, sizeof(fresh));
	for (size_t i = 0; i < name_case_count; i++) {
		const struct name_case *c = &name_cases[i];

		run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", "--db", db, "--",
					   c->given, NULL }, &r);
		if (c->stored) {
			snprintf(out, sizeof(out), "added trainee %lld: %s\n",
				 (long long)++added, c->stored);
			expect(&r, 0, out, "", c->given);
			/* Typed the stored way, it is the same trainee. */
			run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", "--db", db,
						   "--", c->stored, NULL }, &r);
			snprintf(err, sizeof(err),
				 "smpsim trainee: a trainee named '%s' already exists\n", c->stored);
			expect(&r, 1, "", err, c->stored);
		} else {
			snprintf(err, sizeof(err), "smpsim trainee: %s\n", c->why);
			expect(&r, 2, "", err, c->why);
			/* Refused before the record is opened: none is made. */
			run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", "--db", fresh,
						   "--", c->given, NULL }, &r);
			expect(&r, 2, "", err, c->why);
			assert_int_equal(stat(fresh, &st), -1);
		}
		assert_int_equal(db_query_int(db, "SELECT count(*) FROM trainees"), added);
	}
}

/* ---- one trainee, every command ---- */

static void test_same_trainee_everywhere(void **state)
{
	char db[PATH_MAX], page[PATH_MAX + 16], nothing[PATH_MAX + 16], *html;
	const char *const zwsp = "Ana\xe2\x80\x8bSouza";
	struct child_result r;
	struct stat st;

	(void)state;
	db_path("everywhere", db, sizeof(db));
	snprintf(page, sizeof(page), "%s/ana.html", tmp_files_dir());
	snprintf(nothing, sizeof(nothing), "%s/nothing.html", tmp_files_dir());
	run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", "--db", db,
				   "Ana Souza", NULL }, &r);
	expect(&r, 0, "added trainee 1: Ana Souza\n", "", "add");

	/* practice: no-break and ideographic spaces, doubled, around. */
	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee",
				   " Ana\xc2\xa0\xc2\xa0Souza\xe3\x80\x80", "--lesson", LESSON,
				   "--db", db, "--audio", "none", "--replay", recording, NULL }, &r);
	if (r.status != 0 || !strstr(r.out, "(lesson depth-taps), for Ana Souza\n") ||
	    !strstr(r.out, "Session 1, Ana Souza: "))
		fail_msg("practice: exit %d\n%s%s", r.status, r.out, r.err);
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions WHERE trainee = 1"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM trainees"), 1);

	/* review: spaces doubled inside and left at the end. */
	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, "--trainee",
				   "Ana   Souza ", NULL }, &r);
	if (r.status != 0 || !strstr(r.out, "\n1  ") || !strstr(r.out, "  Ana Souza  "))
		fail_msg("review: exit %d\n%s%s", r.status, r.out, r.err);
	child_result_free(&r);

	/* report: the page names her, isolated. */
	run((const char *const[]){ SMPSIM_BINARY, "report", "--db", db, "--trainee",
				   "\xe2\x80\x83" "Ana Souza", "-o", page, NULL }, &r);
	if (r.status != 0)
		fail_msg("report: exit %d\n%s%s", r.status, r.out, r.err);
	child_result_free(&r);
	html = tmp_files_read(page, NULL);
	assert_non_null(strstr(html, "<span class=\"trainee\"><bdi>Ana Souza</bdi></span>"));
	free(html);

	/* An invisible character: the same refusal from each, nothing done. */
	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", zwsp, "--lesson",
				   LESSON, "--db", db, "--audio", "none", "--replay", recording,
				   NULL }, &r);
	expect(&r, 2, "", "smpsim practice: " ZWSP_WHY "\n", "practice, refused");
	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, "--trainee", zwsp,
				   NULL }, &r);
	expect(&r, 2, "", "smpsim review: " ZWSP_WHY "\n", "review, refused");
	run((const char *const[]){ SMPSIM_BINARY, "report", "--db", db, "--trainee", zwsp,
				   "-o", nothing, NULL }, &r);
	expect(&r, 2, "", "smpsim report: " ZWSP_WHY "\n", "report, refused");
	assert_int_equal(stat(nothing, &st), -1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM trainees"), 1);

	/* Someone who is not there is said so, the cleaned name quoted. */
	run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, "--trainee",
				   "  Nobody  ", NULL }, &r);
	expect(&r, 2, "", "smpsim review: no trainee named 'Nobody' "
	       "(see 'smpsim trainee list')\n", "review, nobody");
}

/* ---- setup ---- */

static int setup(void **state)
{
	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(recording, sizeof(recording), "%s/taps.evemu", tmp_files_dir());
	return session_gen_write_square(recording, TAPS) < 0 ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trainee_add_table),
		cmocka_unit_test(test_same_trainee_everywhere),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
