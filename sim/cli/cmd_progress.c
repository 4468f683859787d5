/* smpsim progress: where a trainee stands in the curriculum (issue 14).
 *
 * `smpsim progress --trainee NAME` judges the trainee in every lesson of
 * the data folder's curriculum (sim/support/course.h: what opens a lesson,
 * what counts, the lesson's proficiency rule) and prints, lesson by lesson
 * in teaching order: locked, open, in progress with what is left, or
 * proficient with the sessions it rests on; then the sessions that did not
 * count, by reason. --json prints the same as JSON (times ISO 8601 UTC).
 * It only reads the record.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_quote.h"
#include "commands.h"
#include "course.h"
#include "store_cli.h"

static const char progress_usage[] =
	"usage: smpsim progress --trainee NAME [--db PATH] [--json]\n"
	"\n"
	"Where a trainee stands in the curriculum (lessons/curriculum.yaml of the\n"
	"data folder), lesson by lesson in teaching order: locked, open, in progress\n"
	"(with what is left), or proficient (with the sessions it rests on and\n"
	"when). The first lesson is open from the start; each next one opens when\n"
	"the one before is proficient, or when an instructor opens it early\n"
	"(smpsim trainee open). A lesson is proficient by its rule in the\n"
	"curriculum: passes in a row, passes in all, the last ones in exam mode, a\n"
	"sign-off. Only live sessions count: a session replayed from a recording,\n"
	"one stored before the record kept where the pen came from, one begun\n"
	"before its lesson opened and one not scored are skipped; an interrupted\n"
	"one breaks the run. The sessions that did not count are listed by reason.\n"
	"\n"
	"  --trainee NAME   the trainee (required)\n"
	STORE_CLI_DB_HELP
	"  --json           print JSON instead of text (times ISO 8601, UTC)\n"
	"  -h, --help       print this help\n"
	"\n"
	"Dates and times are local in the text.\n"
	"\n"
	"Exit status 0 when shown; 1 when the record (none yet) or the curriculum\n"
	"cannot be read; 2 for bad usage, a trainee not in the record (or merged\n"
	"into another), a malformed curriculum, or a --db file that is not an\n"
	"smpsim record.\n";

/* The JSON name of each kind of session (enum prof_kind). */
static const char *const kind_key[COURSE_KINDS] = {
	[PROF_COUNTS] = "counts",
	[PROF_INTERRUPTED] = "interrupted",
	[PROF_REPLAYED] = "replayed",
	[PROF_ORIGIN_UNKNOWN] = "origin_unknown",
	[PROF_BEFORE_OPENING] = "before_opening",
	[PROF_NOT_SCORED] = "not_scored",
};

/* "12.5" or "-" */
static void score_text(double v, char *buf, size_t size)
{
	if (isfinite(v))
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "-");
}

/* ---- text ---- */

static void print_rests_on(const struct course_lesson *l)
{
	char day[32], score[16];

	printf("  rests on:");
	for (size_t k = 0; k < l->status.rests_count; k++) {
		const struct course_session *s = course_session_find(l, l->status.rests_on[k]);

		store_cli_local_time(s ? s->started : "", STORE_CLI_MINUTE, day, sizeof(day));
		score_text(s ? s->score : NAN, score, sizeof(score));
		printf("%s session %" PRId64 " (%s, %s%s)", k ? "," : "", l->status.rests_on[k],
		       day, score, s && s->exam ? ", exam" : "");
	}
	printf("\n");
}

static void print_lesson_text(const struct course *c, const struct course_lesson *l,
			      size_t i)
{
	char text[COURSE_OPENED_TEXT_MAX], rule[COURSE_RULE_TEXT_MAX], when[32];
	char left[COURSE_LEFT_TEXT_MAX];
	char best[16], last[16];

	printf("%zu. %s (%s): %s\n", i + 1, l->id, cli_quote(l->title),
	       prof_state_name(l->status.state));
	course_rule_text(&l->rule, rule, sizeof(rule));
	printf("  rule: %s\n", rule);
	course_opened_text(c, l, text, sizeof(text));
	printf("  %s%s\n", l->opened == COURSE_NOT_OPEN ? "" : "opened ", cli_quote(text));
	if (l->status.state == PROF_PROFICIENT) {
		store_cli_local_time(l->proficient_time, STORE_CLI_MINUTE, when, sizeof(when));
		printf("  proficient on %s, at session %" PRId64 "\n", when,
		       l->status.proficient_at);
		print_rests_on(l);
	} else if (l->status.state != PROF_LOCKED) {
		course_left_text(l, left, sizeof(left));
		printf("  left: %s\n", left);
	}
	if (l->session_count) {
		score_text(l->best, best, sizeof(best));
		score_text(l->last, last, sizeof(last));
		printf("  sessions: %zu, counted %zu, passed %zu, best %s, last %s\n",
		       l->session_count, l->status.counted, l->status.passes, best, last);
	}
}

static void print_text(const struct course *c)
{
	size_t skipped = 0;

	printf("trainee: %s\n", cli_quote(c->trainee_name));
	printf("proficient in %zu of %zu lesson%s\n", c->proficient, c->count,
	       c->count == 1 ? "" : "s");
	for (size_t i = 0; i < c->count; i++) {
		printf("\n");
		print_lesson_text(c, &c->lessons[i], i);
	}
	for (int k = 1; k < COURSE_KINDS; k++)
		skipped += c->by_kind[k];
	printf("\nsessions that did not count: %zu\n", skipped);
	for (int k = 1; k < COURSE_KINDS; k++) {
		const char *sep = c->by_kind[k] == 1 ? " (session " : " (sessions ";

		if (!c->by_kind[k])
			continue;
		printf("  %zu %s", c->by_kind[k], prof_kind_text((enum prof_kind)k));
		for (size_t i = 0; i < c->count; i++)
			for (size_t j = 0; j < c->lessons[i].session_count; j++)
				if (c->lessons[i].sessions[j].kind == (enum prof_kind)k) {
					printf("%s%" PRId64, sep, c->lessons[i].sessions[j].id);
					sep = ", ";
				}
		printf(")\n");
	}
}

/* ---- JSON ---- */

static void json_number(double v)
{
	if (isfinite(v))
		printf("%.10g", v);
	else
		printf("null");
}

static void json_opened(const struct course_lesson *l)
{
	static const char *const how[] = {
		[COURSE_NOT_OPEN] = "not open", [COURSE_FROM_START] = "from the start",
		[COURSE_AFTER_PREVIOUS] = "after the lesson before",
		[COURSE_BY_INSTRUCTOR] = "by an instructor",
	};

	printf(",\n      \"opened\": {\"how\": \"%s\", \"time\": ", how[l->opened]);
	if (l->opened_time[0])
		cli_json_string(stdout, l->opened_time);
	else
		printf("null");
	if (l->opened == COURSE_AFTER_PREVIOUS) {
		printf(", \"after\": ");
		cli_json_string(stdout, l->opened_after);
		printf(", \"after_session\": %" PRId64, l->opened_after_session);
	}
	if (l->has_opening) {
		printf(", \"instructor\": {\"by\": ");
		cli_json_string(stdout, l->opening.by);
		printf(", \"time\": ");
		cli_json_string(stdout, l->opening.made);
		printf(", \"why\": ");
		cli_json_string(stdout, l->opening.why);
		printf("}");
	}
	printf("}");
}

static void json_lesson(const struct course_lesson *l)
{
	const struct prof_status *st = &l->status;

	printf("    {\"id\": ");
	cli_json_string(stdout, l->id);
	printf(", \"title\": ");
	cli_json_string(stdout, l->title);
	printf(", \"status\": \"%s\",\n      \"rule\": {\"consecutive\": %u, \"total\": %u, "
	       "\"exam_last\": %u, \"signoff_at_least\": %u}", prof_state_name(st->state),
	       l->rule.consecutive, l->rule.total, l->rule.exam_last, l->rule.signoff_min);
	json_opened(l);
	printf(",\n      \"sessions\": %zu, \"counted\": %zu, \"passes\": %zu, \"run\": %zu, "
	       "\"best\": ", l->session_count, st->counted, st->passes, st->run);
	json_number(l->best);
	printf(", \"last\": ");
	json_number(l->last);
	if (st->state == PROF_PROFICIENT) {
		printf(",\n      \"left\": null,\n      \"proficient\": {\"time\": ");
		cli_json_string(stdout, l->proficient_time);
		printf(", \"session\": %" PRId64 ", \"rests_on\": [", st->proficient_at);
		for (size_t k = 0; k < st->rests_count; k++) {
			const struct course_session *s = course_session_find(l, st->rests_on[k]);

			printf("%s{\"session\": %" PRId64 ", \"started\": ", k ? ", " : "",
			       st->rests_on[k]);
			cli_json_string(stdout, s ? s->started : "");
			printf(", \"score\": ");
			json_number(s ? s->score : NAN);
			printf(", \"exam\": %s, \"signoff\": %u}", s && s->exam ? "true" : "false",
			       s ? s->signoff_min : 0);
		}
		printf("]}");
	} else {
		printf(",\n      \"left\": {\"in_a_row\": %zu, \"in_all\": %zu, \"exam\": %zu, "
		       "\"signoff\": %s, \"signoff_on\": [", st->left_in_row, st->left_total,
		       st->left_exam, st->needs_signoff ? "true" : "false");
		for (size_t k = 0; k < st->signoff_on_count; k++)
			printf("%s%" PRId64, k ? ", " : "", st->signoff_on[k]);
		printf("]},\n      \"proficient\": null");
	}
	printf(",\n      \"session_list\": [");
	for (size_t k = 0; k < l->session_count; k++) {
		const struct course_session *s = &l->sessions[k];

		printf("%s{\"id\": %" PRId64 ", \"started\": ", k ? ", " : "", s->id);
		cli_json_string(stdout, s->started);
		printf(", \"counts\": \"%s\", \"score\": ", kind_key[s->kind]);
		json_number(s->score);
		/* An interrupted session is neither a pass nor a fail, as
		 * review --json says it; also a replayed one, whose kind says
		 * "replayed", not "interrupted". */
		printf(", \"passed\": %s}", !s->scored || s->interrupted ? "null" :
		       s->passed ? "true" : "false");
	}
	printf("]}");
}

static void print_json(const struct course *c, const struct curriculum *cur)
{
	printf("{\n  \"trainee\": ");
	cli_json_string(stdout, c->trainee_name);
	printf(",\n  \"curriculum_sha256\": ");
	cli_json_string(stdout, cur->sha256);
	printf(",\n  \"proficient\": %zu,\n  \"lessons\": [\n", c->proficient);
	for (size_t i = 0; i < c->count; i++) {
		json_lesson(&c->lessons[i]);
		printf("%s\n", i + 1 < c->count ? "," : "");
	}
	printf("  ],\n  \"not_counted\": {");
	for (int k = 1; k < COURSE_KINDS; k++)
		printf("%s\"%s\": %zu", k > 1 ? ", " : "", kind_key[k], c->by_kind[k]);
	printf("}\n}\n");
}

int cmd_progress(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_TRAINEE };
	static const struct option options[] = {
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *trainee = NULL;
	struct curriculum *cur = NULL;
	struct course *course = NULL;
	struct store *store = NULL;
	char err[2048];
	bool json = false;
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_TRAINEE: trainee = optarg; break;
		case OPT_DB: db = optarg; break;
		case CLI_OPT_JSON: json = true; break;
		case 'h': fputs(progress_usage, stdout); return CLI_OK;
		default: return cli_bad_option("progress");
		}
	}
	if (optind < argc)
		return cli_bad_usage("progress", "unexpected '%s'", argv[optind]);
	if (!trainee)
		return cli_bad_usage("progress", "missing --trainee NAME");
	if (!(cur = malloc(sizeof(*cur)))) {
		cli_error("progress", "out of memory");
		return CLI_FAILED;
	}
	rc = course_curriculum_load(cli_library(), cur, err, sizeof(err));
	if (rc < 0) {
		cli_error("progress", "%s", err);
		status = rc == -EINVAL ? CLI_BAD_INPUT : CLI_FAILED;
		goto out;
	}
	status = store_cli_open("progress", db, STORE_CLI_READ, &store);
	if (status != CLI_OK)
		goto out;
	rc = course_judge(store, cur, cli_library(), trainee, &course, err, sizeof(err));
	if (rc < 0) {
		cli_error("progress", "%s", err);
		status = rc == -ENOENT || rc == -ESTALE || rc == -EINVAL ||
			 rc == -ENAMETOOLONG ? CLI_BAD_INPUT : CLI_FAILED;
		goto out;
	}
	if (json)
		print_json(course, cur);
	else
		print_text(course);
out:
	course_free(course);
	store_close(store);
	free(cur);
	return status;
}
