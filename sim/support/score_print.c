/* score_print: a scored session as a trainee reads it (the progress
 * score, pass or fail and, for a fail, each requirement missed and each
 * never-event, the breakdown per measure with the level each required one
 * needs, the three things to work on) or as JSON for machines. Texts from the lesson file are
 * quoted for the terminal (cli_quote.h). A value 0 but for floating-point
 * rounding is shown as 0 (score_value_shown()).
 */
#include "score_print.h"

#include <math.h>
#include <stdio.h>

#include "cli.h"

static void json_number_or_null(bool known, double v)
{
	if (known)
		printf("%.6g", score_value_shown(v));
	else
		printf("null");
}

static void band_text(const struct score_rubric_item *it, char *buf, size_t size)
{
	snprintf(buf, size, "%g..%g", it->good_min, it->good_max);
}

void score_print_text(const struct lesson *lesson, const struct score_metrics *m,
		      const struct score_result *res)
{
	const struct score_rubric *r = &lesson->rubric;
	char band[64], level[64], why[160];

	printf("lesson      %s (%s)\n", cli_quote(lesson->id), cli_quote(lesson->title));
	printf("dots        %zu\n", m->dots);
	printf("score       %.0f / 100: %s\n", res->score,
	       res->passed ? "PASS (every requirement met)" : "FAIL");
	if (res->work_factor < 1)
		printf("            %.0f %% of its marks: %.0f %% of the work done\n",
		       100 * res->work_factor, 100 * m->value[SCORE_COMPLETION]);
	for (size_t i = 0; i < r->item_count; i++) {
		enum score_metric k = r->items[i].metric;

		if (!res->required[k] || res->met[k])
			continue;
		score_requirement_text(res, m, k, why, sizeof(why));
		printf("missed      %s\n", why);
	}
	for (size_t i = 0; i < r->never_count; i++)
		if (res->never_triggered & (1u << i))
			printf("never-event %s %.4g, above %g: fails the session\n",
			       score_metric_name(r->never[i].metric),
			       m->value[r->never[i].metric], r->never[i].above);
	printf("\n  %-18s %10s %14s %6s %6s  %s\n", "measure", "value", "good", "weight",
	       "marks", "required");
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];
		enum score_metric k = it->metric;

		band_text(it, band, sizeof(band));
		score_rubric_level_text(res->need_min[k], res->need_max[k], level, sizeof(level));
		if (m->valid[k])
			printf("  %-18s %10.4g %14s %6g %6.0f", score_metric_name(k),
			       score_value_shown(m->value[k]), band, it->weight, res->marks[k]);
		else
			printf("  %-18s %10s %14s %6g %6.0f", score_metric_name(k),
			       "-", band, it->weight, res->marks[k]);
		if (res->required[k])
			printf("  %s: %s", level, res->met[k] ? "met" :
			       m->valid[k] ? "NOT MET" : "NOT MET (not computed)");
		else if (!m->valid[k])
			printf("  (not computed)");
		printf("\n");
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
	printf(",\n  \"dots\": %zu,\n  \"score\": %.3f,\n  \"work_factor\": %.4g,\n"
	       "  \"passed\": %s,\n  \"requirements\": [", m->dots, res->score,
	       res->work_factor, res->passed ? "true" : "false");
	for (size_t i = 0; i < lesson->rubric.item_count; i++) {
		enum score_metric k = lesson->rubric.items[i].metric;

		if (!res->required[k])
			continue;
		printf("%s\n    { \"metric\": \"%s\", \"value\": ", first ? "" : ",",
		       score_metric_name(k));
		json_number_or_null(m->valid[k], m->value[k]);
		printf(", \"at_least\": ");
		json_number_or_null(!isnan(res->need_min[k]), res->need_min[k]);
		printf(", \"at_most\": ");
		json_number_or_null(!isnan(res->need_max[k]), res->need_max[k]);
		printf(", \"met\": %s }", res->met[k] ? "true" : "false");
		first = false;
	}
	printf("%s],\n  \"never_events\": [", first ? "" : "\n  ");
	first = true;
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
		printf("%s\n    \"%s\": %.6g", first ? "" : ",", score_metric_name(i),
		       score_value_shown(m->value[i]));
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
