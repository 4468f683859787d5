/* test-proficiency: the proficiency rule (scoring/proficiency) on tables
 * of sessions: proficient at exactly the K-th pass in a row and not one
 * session earlier, L passes in all (more than the rule's ring of 64 too),
 * the last E in exam mode, a sign-off of at least S on one of the sessions
 * it rests on; replayed, before-opening, origin-unknown and not-scored
 * sessions skipped (neither a pass nor a break), interrupted and failed
 * ones breaking the run; the exact sessions it rests on; what is left
 * (left_*) when not proficient; a locked lesson; every rule refused with
 * its reason.
 *
 * A session history is a string, one letter a session (ids from 1):
 *   P pass, F fail, E exam pass, X exam fail, I interrupted, R replayed,
 *   U origin unknown, B begun before the lesson opened, N not scored;
 * a number before a letter repeats it ("70P"). Sign-offs: a string of the
 * same sessions, '1'..'5' the best sign-off's lowest rating, '.' (or the
 * string's end) none. Sessions rested on: ids and ranges, "1 3-5".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proficiency.h"

#define MAX_SESSIONS 256

struct judge_case {
	const char *name;
	struct prof_rule rule;
	bool open;
	const char *history;
	const char *signoffs;
	enum prof_state state;
	int64_t at;                 /* proficient_at */
	const char *rests;          /* rests_on */
	size_t counted, passes, run;
	size_t left_in_row, left_total, left_exam;
	bool needs_signoff;
};

#define RULE(k, l, e, s) { .consecutive = k, .total = l, .exam_last = e, .signoff_min = s }

static const struct judge_case judge_cases[] = {
	/* K passes in a row, and not one session earlier. */
	{ "none yet", RULE(2, 2, 0, 0), true, "", "", PROF_OPEN, 0, "",
	  0, 0, 0, 2, 2, 0, false },
	{ "one pass of two", RULE(2, 2, 0, 0), true, "P", "", PROF_IN_PROGRESS, 0, "",
	  1, 1, 1, 1, 1, 0, false },
	{ "two in a row", RULE(2, 2, 0, 0), true, "PP", "", PROF_PROFICIENT, 2, "1 2",
	  2, 2, 2, 0, 0, 0, false },
	{ "three in a row, one short", RULE(3, 3, 0, 0), true, "FPP", "", PROF_IN_PROGRESS,
	  0, "", 3, 2, 2, 1, 1, 0, false },
	{ "three in a row", RULE(3, 3, 0, 0), true, "FPPP", "", PROF_PROFICIENT, 4, "2-4",
	  4, 3, 3, 0, 0, 0, false },
	{ "a fail breaks the run", RULE(2, 2, 0, 0), true, "PFP", "", PROF_IN_PROGRESS, 0, "",
	  3, 2, 1, 1, 1, 0, false },
	{ "after the fail", RULE(2, 2, 0, 0), true, "PFPP", "", PROF_PROFICIENT, 4, "3 4",
	  4, 3, 2, 0, 0, 0, false },
	/* The seed gave left_total 1 here: one pass in all cannot make two
	 * in a row. */
	{ "passes in all no fewer than in a row", RULE(2, 2, 0, 0), true, "PF", "",
	  PROF_IN_PROGRESS, 0, "", 2, 1, 0, 2, 2, 0, false },
	/* L in all: FLS's 2 in a row, then 10 more. */
	{ "FLS one short", RULE(2, 12, 0, 0), true, "11P", "", PROF_IN_PROGRESS, 0, "",
	  11, 11, 11, 0, 1, 0, false },
	{ "FLS", RULE(2, 12, 0, 0), true, "12P", "", PROF_PROFICIENT, 12, "1-12",
	  12, 12, 12, 0, 0, 0, false },
	{ "FLS with a fail", RULE(2, 12, 0, 0), true, "2PF10P", "", PROF_PROFICIENT, 13,
	  "1 2 4-13", 13, 12, 10, 0, 0, 0, false },
	{ "FLS, the run last", RULE(2, 12, 0, 0), true, "11PFP", "", PROF_IN_PROGRESS, 0, "",
	  13, 12, 1, 1, 1, 0, false },
	{ "in all beyond in a row", RULE(2, 5, 0, 0), true, "PFP", "", PROF_IN_PROGRESS, 0,
	  "", 3, 2, 1, 1, 3, 0, false },
	{ "rests on the last L", RULE(2, 3, 0, 0), true, "PFPFPP", "", PROF_PROFICIENT, 6,
	  "3 5 6", 6, 4, 2, 0, 0, 0, false },
	/* Skipped: neither a pass nor a break. */
	{ "replayed skipped", RULE(2, 2, 0, 0), true, "PRP", "", PROF_PROFICIENT, 3, "1 3",
	  2, 2, 2, 0, 0, 0, false },
	{ "replayed never a pass", RULE(2, 2, 0, 0), true, "RRRR", "", PROF_OPEN, 0, "",
	  0, 0, 0, 2, 2, 0, false },
	{ "origin unknown skipped", RULE(2, 2, 0, 0), true, "PUP", "", PROF_PROFICIENT, 3,
	  "1 3", 2, 2, 2, 0, 0, 0, false },
	{ "before the opening skipped", RULE(2, 2, 0, 0), true, "BBP", "", PROF_IN_PROGRESS,
	  0, "", 1, 1, 1, 1, 1, 0, false },
	{ "not scored skipped", RULE(2, 2, 0, 0), true, "PNP", "", PROF_PROFICIENT, 3, "1 3",
	  2, 2, 2, 0, 0, 0, false },
	/* Interrupted: breaks the run, never a pass, not counted. */
	{ "interrupted breaks the run", RULE(2, 2, 0, 0), true, "PIP", "", PROF_IN_PROGRESS,
	  0, "", 2, 2, 1, 1, 1, 0, false },
	{ "interrupted only", RULE(2, 2, 0, 0), true, "II", "", PROF_OPEN, 0, "",
	  0, 0, 0, 2, 2, 0, false },
	{ "after the interrupted", RULE(2, 2, 0, 0), true, "PIPP", "", PROF_PROFICIENT, 4,
	  "3 4", 3, 3, 2, 0, 0, 0, false },
	/* Exam mode for the last E of the K. */
	{ "exam: none in exam mode", RULE(3, 3, 1, 0), true, "PPP", "", PROF_IN_PROGRESS, 0,
	  "", 3, 3, 3, 1, 1, 1, false },
	{ "exam: the next one in exam mode", RULE(3, 3, 1, 0), true, "PPPE", "",
	  PROF_PROFICIENT, 4, "2-4", 4, 4, 4, 0, 0, 0, false },
	{ "exam: last in exam mode", RULE(3, 3, 1, 0), true, "PPE", "", PROF_PROFICIENT, 3,
	  "1-3", 3, 3, 3, 0, 0, 0, false },
	{ "exam: first in exam mode", RULE(3, 3, 1, 0), true, "EPP", "", PROF_IN_PROGRESS, 0,
	  "", 3, 3, 3, 1, 1, 1, false },
	/* The seed gave left_exam 0 here: the exam pass made now is not the
	 * last of the run it needs. */
	{ "exam: one exam pass, two to go", RULE(3, 3, 1, 0), true, "E", "", PROF_IN_PROGRESS,
	  0, "", 1, 1, 1, 2, 2, 1, false },
	{ "exam: two of three", RULE(3, 3, 2, 0), true, "PEE", "", PROF_PROFICIENT, 3, "1-3",
	  3, 3, 3, 0, 0, 0, false },
	{ "exam: not the last two", RULE(3, 3, 2, 0), true, "PEP", "", PROF_IN_PROGRESS, 0,
	  "", 3, 3, 3, 2, 2, 2, false },
	{ "exam: one of two done", RULE(3, 3, 2, 0), true, "PE", "", PROF_IN_PROGRESS, 0,
	  "", 2, 2, 2, 1, 1, 1, false },
	{ "exam: in all beyond the run", RULE(2, 5, 1, 0), true, "PE", "", PROF_IN_PROGRESS,
	  0, "", 2, 2, 2, 0, 3, 1, false },
	{ "exam: a fail in exam mode breaks", RULE(2, 2, 1, 0), true, "PXE", "",
	  PROF_IN_PROGRESS, 0, "", 3, 2, 1, 1, 1, 1, false },
	{ "exam: after the fail", RULE(2, 2, 1, 0), true, "PXEE", "", PROF_PROFICIENT, 4,
	  "3 4", 4, 3, 2, 0, 0, 0, false },
	/* The run's ring of 64: a run longer than it, then an exam pass. */
	{ "exam after a run of 70", RULE(2, 2, 1, 0), true, "70PE", "", PROF_PROFICIENT, 71,
	  "70 71", 71, 71, 71, 0, 0, 0, false },
	{ "64 in all", RULE(1, 64, 0, 0), true, "10F70P", "", PROF_PROFICIENT, 74, "11-74",
	  80, 70, 64, 0, 0, 0, false },
	{ "64 in a row", RULE(64, 64, 0, 0), true, "P63PFP", "", PROF_PROFICIENT, 64, "1-64",
	  66, 65, 64, 0, 0, 0, false },
	{ "63 of 64 in a row", RULE(64, 64, 0, 0), true, "63P", "", PROF_IN_PROGRESS, 0, "",
	  63, 63, 63, 1, 1, 0, false },
	/* A sign-off of at least S on a session it rests on. */
	{ "sign-off missing", RULE(2, 2, 0, 3), true, "PP", "", PROF_IN_PROGRESS, 0, "",
	  2, 2, 2, 0, 0, 0, true },
	{ "sign-off too low", RULE(2, 2, 0, 3), true, "PP", ".2", PROF_IN_PROGRESS, 0, "",
	  2, 2, 2, 0, 0, 0, true },
	{ "sign-off met", RULE(2, 2, 0, 3), true, "PP", ".3", PROF_PROFICIENT, 2, "1 2",
	  2, 2, 2, 0, 0, 0, false },
	{ "sign-off on the first", RULE(2, 2, 0, 3), true, "PP", "5", PROF_PROFICIENT, 2,
	  "1 2", 2, 2, 2, 0, 0, 0, false },
	{ "sign-off on a session left behind", RULE(2, 2, 0, 3), true, "PFPP", "4",
	  PROF_IN_PROGRESS, 0, "", 4, 3, 2, 0, 0, 0, true },
	{ "sign-off on a fail", RULE(2, 2, 0, 3), true, "FPP", "5", PROF_IN_PROGRESS, 0, "",
	  3, 2, 2, 0, 0, 0, true },
	{ "sign-off comes later", RULE(2, 2, 0, 3), true, "PPP", "..4", PROF_PROFICIENT, 3,
	  "2 3", 3, 3, 3, 0, 0, 0, false },
	/* Proficiency stays. */
	{ "stays after fails", RULE(2, 2, 0, 0), true, "PPFFI", "", PROF_PROFICIENT, 2, "1 2",
	  4, 2, 2, 0, 0, 0, false },
	{ "later passes counted", RULE(2, 2, 0, 0), true, "PPFP", "", PROF_PROFICIENT, 2,
	  "1 2", 4, 3, 2, 0, 0, 0, false },
	/* Locked: whatever its sessions. */
	{ "locked", RULE(2, 3, 1, 4), false, "PP", "55", PROF_LOCKED, 0, "",
	  0, 0, 0, 2, 3, 1, true },
};

/* Expands @p history and @p signoffs into @p s. @return the count. */
static size_t make_sessions(const char *history, const char *signoffs,
			    struct prof_session *s)
{
	size_t n = 0, so = strlen(signoffs);

	for (const char *p = history; *p; p++) {
		unsigned long times = 1;

		if (isdigit((unsigned char)*p))
			times = strtoul(p, (char **)&p, 10);
		for (unsigned long t = 0; t < times; t++, n++) {
			struct prof_session *x = &s[n];

			assert_true(n < MAX_SESSIONS);
			*x = (struct prof_session){ .id = (int64_t)n + 1, .kind = PROF_COUNTS,
						    .score = 50 };
			switch (*p) {
			case 'P': x->passed = true; break;
			case 'F': break;
			case 'E': x->passed = x->exam = true; break;
			case 'X': x->exam = true; break;
			case 'I': x->kind = PROF_INTERRUPTED; break;
			case 'R': x->kind = PROF_REPLAYED; x->passed = true; break;
			case 'U': x->kind = PROF_ORIGIN_UNKNOWN; x->passed = true; break;
			case 'B': x->kind = PROF_BEFORE_OPENING; x->passed = true; break;
			case 'N': x->kind = PROF_NOT_SCORED; break;
			default: fail_msg("bad history letter '%c'", *p);
			}
			if (n < so && signoffs[n] != '.')
				x->signoff_min = (unsigned int)(signoffs[n] - '0');
		}
	}
	return n;
}

/* Parses "1 3-5" into @p ids. @return the count. */
static size_t parse_ids(const char *text, int64_t *ids)
{
	size_t n = 0;
	char *end;

	for (const char *p = text; *p;) {
		long a = strtol(p, &end, 10), b = a;

		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long v = a; v <= b; v++)
			ids[n++] = v;
		p = end;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void test_judge(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(judge_cases) / sizeof(judge_cases[0]); c++) {
		const struct judge_case *t = &judge_cases[c];
		struct prof_session s[MAX_SESSIONS];
		struct prof_status out;
		int64_t rests[PROF_REST_MAX];
		size_t n = make_sessions(t->history, t->signoffs, s);
		size_t rn = parse_ids(t->rests, rests);

		print_message("%s: %s\n", t->name, t->history);
		assert_int_equal(prof_judge(&t->rule, t->open, s, n, &out), 0);
		assert_string_equal(prof_state_name(out.state), prof_state_name(t->state));
		assert_int_equal(out.proficient_at, t->at);
		assert_int_equal(out.rests_count, rn);
		for (size_t k = 0; k < rn; k++)
			assert_int_equal(out.rests_on[k], rests[k]);
		assert_int_equal(out.counted, t->counted);
		assert_int_equal(out.passes, t->passes);
		assert_int_equal(out.run, t->run);
		assert_int_equal(out.left_in_row, t->left_in_row);
		assert_int_equal(out.left_total, t->left_total);
		assert_int_equal(out.left_exam, t->left_exam);
		assert_int_equal(out.needs_signoff, t->needs_signoff);
	}
}

/* When a sign-off is all that is left, the passes one would make it on:
 * the last L passes (those it would rest on), skipped sessions left out;
 * none while passes are left too, or once proficient. */
static void test_signoff_on(void **state)
{
	static const struct {
		const char *name;
		struct prof_rule rule;
		const char *history, *signoffs, *on;
	} cases[] = {
		{ "two passes, none signed off", RULE(2, 2, 0, 3), "PP", "", "1 2" },
		{ "one too low", RULE(2, 2, 1, 3), "PE", ".2", "1 2" },
		{ "the last L of more", RULE(2, 3, 0, 3), "PFPRPP", "", "3 5 6" },
		{ "a fail before: the run's", RULE(2, 2, 0, 4), "PPFPP", "3", "4 5" },
		{ "a pass still left", RULE(3, 3, 0, 3), "PP", "", "" },
		{ "an exam pass still left", RULE(2, 2, 1, 3), "PP", "", "" },
		{ "proficient", RULE(2, 2, 0, 3), "PP", "3", "" },
		{ "no sign-off asked", RULE(2, 2, 0, 0), "P", "", "" },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct prof_session s[MAX_SESSIONS];
		struct prof_status out;
		int64_t on[PROF_REST_MAX];
		size_t n = make_sessions(cases[c].history, cases[c].signoffs, s);
		size_t on_n = parse_ids(cases[c].on, on);

		print_message("%s: %s\n", cases[c].name, cases[c].history);
		assert_int_equal(prof_judge(&cases[c].rule, true, s, n, &out), 0);
		assert_int_equal(out.signoff_on_count, on_n);
		for (size_t k = 0; k < on_n; k++)
			assert_int_equal(out.signoff_on[k], on[k]);
		assert_int_equal(out.needs_signoff && out.left_total == 0, on_n > 0);
	}
}

/* Proficient at exactly the K-th pass: every prefix of the history one
 * session shorter is not, for each K and L. */
static void test_not_one_session_earlier(void **state)
{
	(void)state;
	for (unsigned int k = 1; k <= 5; k++)
		for (unsigned int l = k; l <= 12; l++) {
			struct prof_rule rule = RULE(k, l, 0, 0);
			struct prof_session s[MAX_SESSIONS];
			struct prof_status out;
			char history[64];
			size_t n;

			/* l - k passes with fails between, then k in a row. */
			snprintf(history, sizeof(history), "F%uPF%uP", l - k, k);
			if (l == k)
				snprintf(history, sizeof(history), "F%uP", k);
			n = make_sessions(history, "", s);
			for (size_t m = 0; m <= n; m++) {
				assert_int_equal(prof_judge(&rule, true, s, m, &out), 0);
				assert_int_equal(out.state == PROF_PROFICIENT, m == n);
			}
			assert_int_equal(out.proficient_at, (int64_t)n);
			assert_int_equal(out.rests_count, l);
		}
}

struct check_case {
	struct prof_rule rule;
	int rc;
	const char *why;
};

static void test_rule_check(void **state)
{
	static const struct check_case cases[] = {
		{ RULE(1, 1, 0, 0), 0, "" },
		{ RULE(2, 12, 2, 5), 0, "" },
		{ RULE(64, 64, 64, 1), 0, "" },
		{ RULE(0, 0, 0, 0), -EINVAL, "consecutive must be at least 1" },
		{ RULE(3, 2, 0, 0), -EINVAL, "total must be at least consecutive" },
		{ RULE(2, 65, 0, 0), -EINVAL, "total is at most 64" },
		{ RULE(2, 4, 3, 0), -EINVAL, "exam-last must be at most consecutive" },
		{ RULE(2, 4, 0, 6), -EINVAL, "a sign-off rating is 1 to 5" },
	};
	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char why[128] = "";
		struct prof_status out;

		assert_int_equal(prof_rule_check(&cases[c].rule, why, sizeof(why)), cases[c].rc);
		assert_string_equal(why, cases[c].why);
		assert_int_equal(prof_rule_check(&cases[c].rule, NULL, 0), cases[c].rc);
		assert_int_equal(prof_judge(&cases[c].rule, true, NULL, 0, &out), cases[c].rc);
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(prof_state_name(PROF_LOCKED), "locked");
	assert_string_equal(prof_state_name(PROF_OPEN), "open");
	assert_string_equal(prof_state_name(PROF_IN_PROGRESS), "in progress");
	assert_string_equal(prof_state_name(PROF_PROFICIENT), "proficient");
	assert_string_equal(prof_kind_text(PROF_COUNTS), "counts");
	assert_string_equal(prof_kind_text(PROF_INTERRUPTED),
			    "interrupted: breaks the run, never a pass");
	assert_string_equal(prof_kind_text(PROF_REPLAYED),
			    "replayed from a recording: does not count");
	assert_string_equal(prof_kind_text(PROF_BEFORE_OPENING),
			    "practised before the lesson opened: does not count");
	assert_string_equal(prof_kind_text(PROF_NOT_SCORED), "not scored: does not count");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_signoff_on),
		cmocka_unit_test(test_not_one_session_earlier),
		cmocka_unit_test(test_rule_check),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
