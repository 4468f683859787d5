/* score_rubric: marks per measure from tolerance bands, their weighted
 * mean, never-event caps, and the advice.
 *
 * A measure inside its band gets 100; outside, the marks fall in a straight
 * line to 0 at the rubric's zero value on that side (no zero on a side: no
 * penalty there). The advice names the three rated measures that cost the
 * most (weight times marks lost), triggered never-events first, each in the
 * rubric's words or, failing those, a default sentence for the measure.
 */
#include "score_rubric.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* What a trainee is told when a measure is off and the lesson says nothing
 * of its own: [metric][0] below the band, [1] above it. */
static const char *const default_advice[SCORE_METRIC_COUNT][2] = {
	[SCORE_DEPTH_IN_BAND] = { "Too few dots went into the target depth: watch the depth "
				  "tone and keep a steady, light pressure.", NULL },
	[SCORE_DEPTH_ERROR_MEAN] = { NULL, "Your dots miss the depth band by too much: "
				     "lighter when too deep, a touch firmer when too shallow." },
	[SCORE_DEPTH_ERROR_SD] = { NULL, "Your depth varies from dot to dot: settle your hand "
				   "and give every dot the same pressure." },
	[SCORE_OVERDEEP] = { NULL, "A dot went too deep: it will blur and heal blue. Ease off "
			     "the pressure the moment you touch." },
	[SCORE_NN_MEAN] = { "Your dots are too close together: leave about 1 mm between them.",
			    "Your dots are too far apart: close the spacing to about 1 mm." },
	[SCORE_NN_CV] = { NULL, "Your spacing is uneven: some dots crowd, others leave holes. "
			  "Keep an even distance to the dots around." },
	[SCORE_RHO] = { "Some dots sit far too close to a neighbour: check the space before "
			"each tap.", NULL },
	[SCORE_CLARK_EVANS] = { "Your dots cluster in clumps: spread them evenly.",
				"Your dots are too regular: break the pattern a little." },
	[SCORE_PERIODOGRAM_PEAK] = { NULL, "Your dots line up in rows or a grid: place each "
				     "one off the line of the last, at random." },
	[SCORE_DENSITY_L1] = { NULL, "Your density does not match the target: some areas are "
			       "too full, others too sparse." },
	[SCORE_COVERAGE] = { "Parts of the zone are left empty: cover all of it.", NULL },
	[SCORE_GAPS] = { NULL, "You left gaps: fill the empty patches before you finish." },
	[SCORE_MERGED] = { NULL, "Dots merge into each other: slow down and leave room "
			   "between them." },
	[SCORE_SIZE_CV] = { NULL, "Your dots vary in size: keep the same pressure and dwell "
			    "for every dot." },
	[SCORE_OUTSIDE] = { NULL, "Dots landed outside the zone: stay inside the outline." },
	[SCORE_HAIRLINE_WIDTH] = { "Your hairline is too harsh: fade it in over 5 to 10 mm, "
				   "sparse single dots in front.",
				   "Your hairline is too vague: the density should rise within "
				   "about 10 mm." },
	[SCORE_HAIRLINE_RESIDUAL] = { NULL, "Your hairline density is patchy: let it rise "
				      "smoothly from the front edge inward." },
	[SCORE_PACE] = { "You worked slowly: keep a steady rhythm.",
			 "You rushed: slow down, every dot deserves its moment." },
};

int score_rubric_check(const struct score_rubric *r, char *why, size_t size)
{
	if (r->item_count == 0 || r->item_count > SCORE_RUBRIC_ITEMS_MAX) {
		snprintf(why, size, "a rubric needs 1 to %d items", SCORE_RUBRIC_ITEMS_MAX);
		return -EINVAL;
	}
	if (!(r->pass_mark >= 0 && r->pass_mark <= 100)) {
		snprintf(why, size, "the pass mark must be 0 to 100, not %g", r->pass_mark);
		return -EINVAL;
	}
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];
		const char *name = score_metric_name(it->metric);

		if (it->metric >= SCORE_METRIC_COUNT) {
			snprintf(why, size, "rubric item %zu: unknown measure", i + 1);
			return -EINVAL;
		}
		if (!(it->weight > 0)) {
			snprintf(why, size, "rubric item '%s': the weight must be above 0", name);
			return -EINVAL;
		}
		if (!(it->good_min <= it->good_max)) {
			snprintf(why, size, "rubric item '%s': good is [min, max] with min <= max",
				 name);
			return -EINVAL;
		}
		if (!isnan(it->zero_below) && !(it->zero_below < it->good_min)) {
			snprintf(why, size, "rubric item '%s': zero-below (%g) must be below "
				 "the good band (%g)", name, it->zero_below, it->good_min);
			return -EINVAL;
		}
		if (!isnan(it->zero_above) && !(it->zero_above > it->good_max)) {
			snprintf(why, size, "rubric item '%s': zero-above (%g) must be above "
				 "the good band (%g)", name, it->zero_above, it->good_max);
			return -EINVAL;
		}
		for (size_t j = 0; j < i; j++)
			if (r->items[j].metric == it->metric) {
				snprintf(why, size, "rubric item '%s' is given twice", name);
				return -EINVAL;
			}
	}
	if (r->never_count > SCORE_NEVER_EVENTS_MAX) {
		snprintf(why, size, "at most %d never-events", SCORE_NEVER_EVENTS_MAX);
		return -EINVAL;
	}
	for (size_t i = 0; i < r->never_count; i++)
		if (r->never[i].metric >= SCORE_METRIC_COUNT ||
		    !(r->never[i].cap >= 0 && r->never[i].cap <= 100)) {
			snprintf(why, size, "never-event %zu: a known measure and a cap of "
				 "0 to 100", i + 1);
			return -EINVAL;
		}
	return 0;
}

static double marks(const struct score_rubric_item *it, double v)
{
	double m;

	if (v >= it->good_min && v <= it->good_max)
		return 100;
	if (v < it->good_min) {
		if (isnan(it->zero_below))
			return 100;
		m = 100 * (v - it->zero_below) / (it->good_min - it->zero_below);
	} else {
		if (isnan(it->zero_above))
			return 100;
		m = 100 * (it->zero_above - v) / (it->zero_above - it->good_max);
	}
	return m < 0 ? 0 : m > 100 ? 100 : m;
}

static const char *advice_for(const struct score_rubric_item *it, double v)
{
	bool low = v < it->good_min;
	const char *own = low ? it->advice_low : it->advice_high;
	const char *fallback = default_advice[it->metric][low ? 0 : 1];

	return own[0] ? own : fallback ? fallback : "";
}

int score_rubric_apply(const struct score_rubric *r, const struct score_metrics *m,
		       struct score_result *out)
{
	double sum = 0, weights = 0, loss[SCORE_RUBRIC_ITEMS_MAX];
	bool used[SCORE_RUBRIC_ITEMS_MAX] = { false };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];

		loss[i] = 0;
		if (!m->valid[it->metric])
			continue;
		out->marks[it->metric] = marks(it, m->value[it->metric]);
		out->rated[it->metric] = true;
		sum += it->weight * out->marks[it->metric];
		weights += it->weight;
		loss[i] = it->weight * (100 - out->marks[it->metric]);
	}
	if (weights == 0)
		return -EINVAL;
	out->uncapped = out->score = sum / weights;
	out->passed = out->score >= r->pass_mark;
	for (size_t i = 0; i < r->never_count; i++) {
		const struct score_never_event *ne = &r->never[i];

		if (!m->valid[ne->metric] || !(m->value[ne->metric] > ne->above))
			continue;
		out->never_triggered |= 1u << i;
		out->passed = false;
		if (out->score > ne->cap)
			out->score = ne->cap;
		if (out->advice_count < SCORE_ADVICE_COUNT)
			snprintf(out->advice[out->advice_count++], SCORE_ADVICE_MAX, "%s",
				 ne->text[0] ? ne->text :
				 default_advice[ne->metric][1] ? default_advice[ne->metric][1] : "");
		/* Said once: the same measure's rubric advice would repeat it. */
		for (size_t j = 0; j < r->item_count; j++)
			if (r->items[j].metric == ne->metric)
				used[j] = true;
	}
	while (out->advice_count < SCORE_ADVICE_COUNT) {
		size_t worst = SCORE_RUBRIC_ITEMS_MAX;

		for (size_t i = 0; i < r->item_count; i++)
			if (!used[i] && loss[i] > 0 &&
			    (worst == SCORE_RUBRIC_ITEMS_MAX || loss[i] > loss[worst]))
				worst = i;
		if (worst == SCORE_RUBRIC_ITEMS_MAX)
			break;
		used[worst] = true;
		snprintf(out->advice[out->advice_count++], SCORE_ADVICE_MAX, "%s",
			 advice_for(&r->items[worst], m->value[r->items[worst].metric]));
	}
	return 0;
}
