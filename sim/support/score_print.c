/* score_print: a scored session as a trainee reads it (score, pass or
 * fail, the breakdown per measure, what failed at once, the three things
 * to work on) or as JSON for machines. Texts from the lesson file are
 * quoted for the terminal (cli_quote.h).
 */
#include "score_print.h"

#include <math.h>
#include <stdio.h>

#include "cli.h"

static void band_text(const struct score_rubric_item *it, char *buf, size_t size)
{
	snprintf(buf, size, "%g..%g", it->good_min, it->good_max);
}

void score_print_text(const struct lesson *lesson, const struct score_metrics *m,
		      const struct score_result *res)
{
	char band[64];

	printf("lesson      %s (%s)\n", cli_quote(lesson->id), cli_quote(lesson->title));
	printf("dots        %zu\n", m->dots);
	printf("score       %.0f / 100: %s (pass mark %.0f)\n", res->score,
	       res->passed ? "PASS" : "FAIL", lesson->rubric.pass_mark);
	if (res->score != res->uncapped)
		printf("            capped from %.0f by a never-event\n", res->uncapped);
	for (size_t i = 0; i < lesson->rubric.never_count; i++)
		if (res->never_triggered & (1u << i))
			printf("never-event %s: %g (fails the session, score at most %.0f)\n",
			       score_metric_name(lesson->rubric.never[i].metric),
			       m->value[lesson->rubric.never[i].metric],
			       lesson->rubric.never[i].cap);
	printf("\n  %-18s %10s %14s %6s %6s\n", "measure", "value", "good", "weight", "marks");
	for (size_t i = 0; i < lesson->rubric.item_count; i++) {
		const struct score_rubric_item *it = &lesson->rubric.items[i];

		band_text(it, band, sizeof(band));
		if (res->rated[it->metric])
			printf("  %-18s %10.4g %14s %6g %6.0f\n", score_metric_name(it->metric),
			       m->value[it->metric], band, it->weight, res->marks[it->metric]);
		else
			printf("  %-18s %10s %14s %6g %6s\n", score_metric_name(it->metric),
			       "-", band, it->weight, "-");
	}
	if (res->advice_count) {
		printf("\nwork on\n");
		for (size_t i = 0; i < res->advice_count; i++)
			printf("  %zu. %s\n", i + 1, cli_quote(res->advice[i]));
	}
}

void score_print_json(const struct lesson *lesson, const struct score_metrics *m,
		      const struct score_result *res)
{
	bool first = true;

	printf("  \"lesson\": ");
	cli_json_string(stdout, lesson->id);
	printf(",\n  \"dots\": %zu,\n  \"score\": %.3f,\n  \"uncapped\": %.3f,\n"
	       "  \"passed\": %s,\n  \"pass_mark\": %g,\n  \"never_events\": [",
	       m->dots, res->score, res->uncapped, res->passed ? "true" : "false",
	       lesson->rubric.pass_mark);
	for (size_t i = 0; i < lesson->rubric.never_count; i++)
		if (res->never_triggered & (1u << i)) {
			printf("%s\"%s\"", first ? "" : ", ",
			       score_metric_name(lesson->rubric.never[i].metric));
			first = false;
		}
	printf("],\n  \"measures\": {");
	first = true;
	for (int i = 0; i < SCORE_METRIC_COUNT; i++) {
		if (!m->valid[i])
			continue;
		printf("%s\n    \"%s\": %.6g", first ? "" : ",", score_metric_name(i), m->value[i]);
		first = false;
	}
	printf("\n  },\n  \"marks\": {");
	first = true;
	for (size_t i = 0; i < lesson->rubric.item_count; i++) {
		enum score_metric k = lesson->rubric.items[i].metric;

		if (!res->rated[k])
			continue;
		printf("%s\n    \"%s\": %.3f", first ? "" : ",", score_metric_name(k),
		       res->marks[k]);
		first = false;
	}
	printf("\n  },\n  \"advice\": [");
	for (size_t i = 0; i < res->advice_count; i++) {
		printf("%s\n    ", i ? "," : "");
		cli_json_string(stdout, res->advice[i]);
	}
	printf("\n  ]\n");
}
