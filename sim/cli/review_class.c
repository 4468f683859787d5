/* review_class: `smpsim review --class`, the class overview as text, CSV
 * or JSON (class_table.h reads it; cmd_review.c hands over when --class is
 * given).
 *
 * Text is one block per trainee, a line per lesson of the curriculum, so
 * it reads on a terminal whatever the number of lessons. CSV (RFC 4180:
 * a header line, then one line per trainee and lesson, fields quoted only
 * when they need it) and JSON give the same cells for a spreadsheet or a
 * program; their numbers are the shortest text that reads back as the
 * very double (at most 17 significant digits), a number that is not there
 * an empty CSV field or JSON null.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class_table.h"
#include "cli.h"
#include "cli_csv.h"
#include "commands.h"
#include "review_class.h"
#include "store_cli.h"

static const char review_class_usage[] =
	"usage: smpsim review --class [--group NAME] [--db PATH] [--json | --csv]\n"
	"\n"
	"The class overview: every trainee (or a group's) in every lesson of the\n"
	"curriculum: where they stand (locked, open, in progress, proficient;\n"
	"'sign-off needed' when a sign-off is all that is left: 'smpsim progress'\n"
	"names the sessions it can be on), the best and last score of the sessions that count towards proficiency,\n"
	"how many sessions counted of how many there are, and the trend of the\n"
	"last 3 counted scores: the least-squares slope in points a session, up\n"
	"when 2 or more, down when -2 or less, else flat (none with fewer than 2);\n"
	"and how many lessons each trainee is proficient in. Trainees merged into\n"
	"another are not shown (their sessions are the other's).\n"
	"\n"
	"  --class          the class overview\n"
	"  --group NAME     only the trainees of group NAME ('smpsim trainee group')\n"
	STORE_CLI_DB_HELP
	"  --json           print JSON instead of text\n"
	"  --csv            print CSV: a header line, then one line per trainee and\n"
	"                   lesson (trainee, lesson, status, best, last, counted,\n"
	"                   sessions, trend, slope, signoff_needed: yes or no,\n"
	"                   proficient_lessons: the trainee's number of proficient\n"
	"                   lessons, on each line)\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when shown; 1 when the record or the curriculum cannot be\n"
	"read; 2 for bad usage, a group the record does not have, or a --db file\n"
	"that is not an smpsim record.\n";

static void print_csv(const struct class_table *t)
{
	const struct report_class *c = &t->view;

	fputs("trainee,lesson,status,best,last,counted,sessions,trend,slope,signoff_needed,"
	      "proficient_lessons\r\n", stdout);
	for (size_t i = 0; i < c->trainee_count; i++)
		for (size_t l = 0; l < c->lesson_count; l++) {
			const struct report_class_cell *cell = class_table_cell(t, i, l);

			cli_csv_text(stdout, c->trainees[i].name);
			putchar(',');
			cli_csv_text(stdout, c->lessons[l].id);
			printf(",%s,", prof_state_name(cell->state));
			cli_csv_number(stdout, cell->best);
			putchar(',');
			cli_csv_number(stdout, cell->last);
			printf(",%zu,%zu,%s,", cell->counted, cell->sessions,
			       report_trend_name(cell->trend));
			cli_csv_number(stdout, cell->slope);
			printf(",%s,%zu\r\n", cell->signoff_needed ? "yes" : "no",
			       c->trainees[i].proficient);
		}
}

static void print_json(const struct class_table *t)
{
	const struct report_class *c = &t->view;

	printf("{\n  \"group\": ");
	if (c->group)
		cli_json_string(stdout, c->group);
	else
		printf("null");
	printf(",\n  \"record\": ");
	cli_json_string(stdout, c->record);
	printf(",\n  \"made\": ");
	cli_json_string(stdout, t->made);
	printf(",\n  \"curriculum_sha256\": ");
	if (*t->curriculum_sha256)
		printf("\"%s\"", t->curriculum_sha256);
	else
		printf("null");
	printf(",\n  \"lessons\": [");
	for (size_t l = 0; l < c->lesson_count; l++) {
		printf("%s\n    {\"id\": ", l ? "," : "");
		cli_json_string(stdout, c->lessons[l].id);
		printf(", \"title\": ");
		cli_json_string(stdout, c->lessons[l].title);
		printf("}");
	}
	printf("%s],\n  \"trainees\": [", c->lesson_count ? "\n  " : "");
	for (size_t i = 0; i < c->trainee_count; i++) {
		printf("%s\n    {\"id\": %lld, \"name\": ", i ? "," : "",
		       (long long)t->trainee_ids[i]);
		cli_json_string(stdout, c->trainees[i].name);
		printf(", \"proficient_lessons\": %zu, \"lessons\": [",
		       c->trainees[i].proficient);
		for (size_t l = 0; l < c->lesson_count; l++) {
			const struct report_class_cell *cell = class_table_cell(t, i, l);

			printf("%s\n      {\"lesson\": ", l ? "," : "");
			cli_json_string(stdout, c->lessons[l].id);
			printf(", \"status\": \"%s\", \"best\": ", prof_state_name(cell->state));
			cli_json_number(stdout, cell->best);
			printf(", \"last\": ");
			cli_json_number(stdout, cell->last);
			printf(", \"counted\": %zu, \"sessions\": %zu, \"trend\": \"%s\", "
			       "\"slope\": ", cell->counted, cell->sessions,
			       report_trend_name(cell->trend));
			cli_json_number(stdout, cell->slope);
			printf(", \"signoff_needed\": %s}", cell->signoff_needed ? "true" : "false");
		}
		printf("%s]}", c->lesson_count ? "\n    " : "");
	}
	printf("%s]\n}\n", c->trainee_count ? "\n  " : "");
}

/* "88.0" or "-", right-aligned in 5. */
static void score_column(double v)
{
	if (isfinite(v))
		printf("  %5.1f", v);
	else
		printf("  %5s", "-");
}

static void print_text(const struct class_table *t)
{
	const struct report_class *c = &t->view;
	size_t w_lesson = 6;
	char sessions[48], trend[48];

	printf("Class overview: ");
	if (c->group)
		printf("group %s", cli_quote(c->group));
	else
		printf("every trainee");
	printf(" (%zu trainee%s, %zu lesson%s of the curriculum)\n", c->trainee_count,
	       c->trainee_count == 1 ? "" : "s", c->lesson_count,
	       c->lesson_count == 1 ? "" : "s");
	if (c->trainee_count == 0)
		printf("\nno trainees%s\n", c->group ? " in the group" : " yet");
	for (size_t l = 0; l < c->lesson_count; l++) {
		size_t w = store_cli_width(c->lessons[l].id);

		w_lesson = w > w_lesson ? w : w_lesson;
	}
	for (size_t i = 0; i < c->trainee_count; i++) {
		printf("\n%s%s: %zu of %zu lesson%s proficient\n", cli_quote(c->trainees[i].name),
		       c->trainees[i].expert ? " (expert)" : "", c->trainees[i].proficient,
		       c->lesson_count,
		       c->lesson_count == 1 ? "" : "s");
		printf("  %2s  ", "#");
		store_cli_pad(stdout, "lesson", w_lesson);
		printf("  status        best   last  sessions  trend\n");
		for (size_t l = 0; l < c->lesson_count; l++) {
			const struct report_class_cell *cell = class_table_cell(t, i, l);

			printf("  %2zu  ", l + 1);
			store_cli_pad(stdout, c->lessons[l].id, w_lesson);
			printf("  %-11s", prof_state_name(cell->state));
			score_column(cell->best);
			score_column(cell->last);
			snprintf(sessions, sizeof(sessions), "%zu/%zu", cell->counted,
				 cell->sessions);
			if (cell->trend == REPORT_TREND_NONE)
				snprintf(trend, sizeof(trend), "-");
			else
				snprintf(trend, sizeof(trend), "%s (%+.1f)",
					 report_trend_name(cell->trend),
					 report_trend_shown(cell->slope));
			printf("  %-8s  %s%s\n", sessions, trend,
			       cell->signoff_needed ? "  sign-off needed" : "");
		}
	}
}

int review_class(int argc, char **argv)
{
	enum { OPT_DB = 0x200, OPT_CLASS, OPT_GROUP, OPT_CSV };
	static const struct option options[] = {
		{ "class", no_argument, NULL, OPT_CLASS },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *group = NULL;
	char err[STORE_ERROR_MAX + 512], clean[STORE_NAME_MAX];
	struct class_table *table;
	struct store *store;
	bool json = false, csv = false;
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_CLASS: break;
		case OPT_GROUP: group = optarg; break;
		case OPT_DB: db = optarg; break;
		case CLI_OPT_JSON: json = true; break;
		case OPT_CSV: csv = true; break;
		case 'h': fputs(review_class_usage, stdout); return CLI_OK;
		default: return cli_bad_option("review");
		}
	}
	if (optind != argc || (json && csv)) {
		if (optind != argc)
			cli_error("review", "unexpected '%s'", argv[optind]);
		else
			cli_error("review", "--json or --csv, not both");
		fputs(review_class_usage, stderr);
		return CLI_BAD_INPUT;
	}
	if (group && store_trainee_name(group, clean, err, sizeof(err)) < 0) {
		cli_error("review", "group '%s': %s", group, err);
		return CLI_BAD_INPUT;
	}
	if ((status = store_cli_open("review", db, STORE_CLI_READ, &store)) != CLI_OK)
		return status;
	rc = class_table_read(store, group, NULL, &table, err, sizeof(err));
	if (rc < 0) {
		cli_error("review", "%s%s", err, rc == -ENOENT && group ?
			  " (see 'smpsim trainee list')" : "");
		store_close(store);
		/* A malformed curriculum is bad input, as for every command. */
		return (rc == -ENOENT && group) || rc == -EINVAL ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (csv)
		print_csv(table);
	else if (json)
		print_json(table);
	else
		print_text(table);
	class_table_free(table);
	store_close(store);
	return CLI_OK;
}
