/* score_rubric: marks per measure from tolerance bands, their weighted
 * mean, proficiency (the required items), never-events, and the advice.
 *
 * A measure inside its band gets 100; outside, the marks fall in a straight
 * line to 0 at the rubric's zero value on that side (no zero on a side: no
 * penalty there). A rated measure that could not be computed gets 0: a
 * session with too little done must not score as if the missing measure
 * were perfect. Passing is judged apart from the mean, requirement by
 * requirement, so no amount of good marks elsewhere buys a failed skill.
 * The advice names, in order, the never-events that happened, the unmet
 * requirements (why one could not be computed, when it could not) and
 * the rated measures that cost the most (weight times marks lost), each
 * in the rubric's words or, failing those, a default sentence for the
 * measure, for the side of the band it missed. Advice says only what
 * happened: the spacing and density measures read a zone less than half
 * filled as clumped, patchy or too close (they compare the dots with the
 * zone's area), so such a zone is told it is mostly empty instead; "dots
 * on top of each other" (rho low) needs a dot flagged too close; "too
 * full here, too sparse there" (density-l1) needs the count near the
 * target, else it is said to be under or over it. A session with no dots
 * is not scored at all (-ENODATA): there is nothing to correct.
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
	[SCORE_COMPLETION] = { "You stopped short of the work the lesson asks for: fill the "
			       "whole zone before you finish.",
			       "You put in far more dots than the lesson asks for: work to "
			       "the target density, not beyond it." },
	[SCORE_SHALLOW] = { NULL, "Some dots stayed too shallow: they will fade as the skin "
			    "renews. Press a touch firmer until the tone reaches the band." },
	[SCORE_DEEP] = { NULL, "Some dots went past the band: they spread and blur. Lift as "
			 "the tone reaches the middle of its range." },
	[SCORE_TOO_CLOSE] = { NULL, "Some dots sit too close to a neighbour: they will merge "
			      "as they heal. Check the space before each tap." },
	[SCORE_OBLIQUE] = { NULL, "You held the needle at a slant: the dots come out oval. "
			    "Keep the pen upright, at 90 degrees to the skin." },
	[SCORE_DRAGGED] = { NULL, "The needle dragged while in the skin, leaving tails and "
			    "lines: lift straight up before you move on." },
	[SCORE_DENSITY_DISPERSION] = { NULL, "Your density is patchy: some areas crowd, "
				       "others thin out. Spread the dots evenly over the "
				       "zone." },
	[SCORE_HAIRLINE_FRONT] = { NULL, "Dots landed in front of the designed hairline: "
				   "it sits too low. Keep every dot behind the line." },
};

/* How the advice opens when no dot was made: said once, however many
 * measures that leaves unjudged. */
#define NOTHING_DONE "Nothing was done: "

/* Why a required measure could not be computed: what it judges and the
 * dots it needs (0: dots are not the reason, @c needs says what is). */
static const struct {
	const char *judges;
	int dots_needed;
	const char *needs;
} invalid_why[SCORE_METRIC_COUNT] = {
	[SCORE_DEPTH_IN_BAND] = { "depth", 1, NULL },
	[SCORE_DEPTH_ERROR_MEAN] = { "depth", 1, NULL },
	[SCORE_DEPTH_ERROR_SD] = { "depth", 1, NULL },
	[SCORE_OVERDEEP] = { "depth", 1, NULL },
	[SCORE_NN_MEAN] = { "spacing", 2, NULL },
	[SCORE_NN_CV] = { "spacing", 2, NULL },
	[SCORE_RHO] = { "spacing", 2, NULL },
	[SCORE_CLARK_EVANS] = { "spacing", 2, NULL },
	/* score_spectrum.c's ZONE_DOTS_MIN: fewer dots in a zone show no rows. */
	[SCORE_PERIODOGRAM_PEAK] = { "rows and grids", 0,
				     "that needs a zone holding at least 32 dots" },
	[SCORE_DENSITY_L1] = { "density", 0, "the lesson gives no target density" },
	[SCORE_COVERAGE] = { "coverage", 0, "the lesson gives no target density" },
	[SCORE_GAPS] = { "gaps", 0, "the lesson gives no target density" },
	[SCORE_MERGED] = { "merged dots", 1, NULL },
	[SCORE_SIZE_CV] = { "dot size", 2, NULL },
	[SCORE_OUTSIDE] = { "where the dots went", 1, NULL },
	/* score_profile.c's DOTS_MIN: fewer dots near the line fit nothing. */
	[SCORE_HAIRLINE_WIDTH] = { "the hairline's softness", 30, NULL },
	[SCORE_HAIRLINE_RESIDUAL] = { "the hairline's softness", 30, NULL },
	[SCORE_PACE] = { "pace", 0, "the session has no length" },
	[SCORE_COMPLETION] = { "completion", 0, "the lesson asks for no dots" },
	[SCORE_SHALLOW] = { "depth", 1, NULL },
	[SCORE_DEEP] = { "depth", 1, NULL },
	[SCORE_TOO_CLOSE] = { "spacing", 1, NULL },
	[SCORE_OBLIQUE] = { "the needle's angle", 1, NULL },
	[SCORE_DRAGGED] = { "tails and drag lines", 1, NULL },
	[SCORE_DENSITY_DISPERSION] = { "how even the density is", 2, NULL },
	[SCORE_HAIRLINE_FRONT] = { "the hairline's position", 1, NULL },
};

int score_rubric_check_item(const struct score_rubric_item *it, char *why, size_t size)
{
	const char *name;

	if (it->metric >= SCORE_METRIC_COUNT) {
		snprintf(why, size, "a rubric item rates an unknown measure");
		return -EINVAL;
	}
	name = score_metric_name(it->metric);
	if (!(it->weight > 0)) {
		snprintf(why, size, "rubric item '%s': the weight must be above 0", name);
		return -EINVAL;
	}
	if (!(it->good_min <= it->good_max)) {
		snprintf(why, size, "rubric item '%s': good is [min, max] with min <= max", name);
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
	if (it->required && isnan(it->need_min) && isnan(it->need_max)) {
		snprintf(why, size, "rubric item '%s': a requirement needs a level: "
			 "at-least, at-most or both", name);
		return -EINVAL;
	}
	if (it->required && !isnan(it->need_min) && !isnan(it->need_max) &&
	    !(it->need_min <= it->need_max)) {
		snprintf(why, size, "rubric item '%s': required at-least (%g) is above "
			 "at-most (%g)", name, it->need_min, it->need_max);
		return -EINVAL;
	}
	/* Full marks must be proficient: else a session fails with every
	 * mark earned, and no advice can say what to change. */
	if (it->required && ((!isnan(it->need_min) && it->good_min < it->need_min) ||
			     (!isnan(it->need_max) && it->good_max > it->need_max))) {
		char level[64];

		score_rubric_level_text(it->need_min, it->need_max, level, sizeof(level));
		snprintf(why, size, "rubric item '%s': the good band [%g, %g] reaches past "
			 "the required level (%s): full marks must meet it", name,
			 it->good_min, it->good_max, level);
		return -EINVAL;
	}
	return 0;
}

int score_rubric_check(const struct score_rubric *r, char *why, size_t size)
{
	bool any_required = false;

	if (r->item_count == 0 || r->item_count > SCORE_RUBRIC_ITEMS_MAX) {
		snprintf(why, size, "a rubric needs 1 to %d items", SCORE_RUBRIC_ITEMS_MAX);
		return -EINVAL;
	}
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];

		if (score_rubric_check_item(it, why, size) < 0)
			return -EINVAL;
		any_required |= it->required;
		for (size_t j = 0; j < i; j++)
			if (r->items[j].metric == it->metric) {
				snprintf(why, size, "rubric item '%s' is given twice",
					 score_metric_name(it->metric));
				return -EINVAL;
			}
	}
	if (!any_required && !r->before_proficiency) {
		snprintf(why, size, "a rubric needs at least one required item: a session "
			 "passes by the lesson's required measures (docs/scoring.md, Rubric)");
		return -EINVAL;
	}
	if (r->never_count > SCORE_NEVER_EVENTS_MAX) {
		snprintf(why, size, "at most %d never-events", SCORE_NEVER_EVENTS_MAX);
		return -EINVAL;
	}
	for (size_t i = 0; i < r->never_count; i++)
		if (r->never[i].metric >= SCORE_METRIC_COUNT) {
			snprintf(why, size, "never-event %zu: unknown measure", i + 1);
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

/* Whether @p v lies at the item's proficiency level. */
static bool at_level(const struct score_rubric_item *it, double v)
{
	return (isnan(it->need_min) || v >= it->need_min) &&
	       (isnan(it->need_max) || v <= it->need_max);
}

void score_rubric_level_text(double need_min, double need_max, char *out, size_t size)
{
	if (!isnan(need_min) && !isnan(need_max))
		snprintf(out, size, "%g to %g", need_min, need_max);
	else if (!isnan(need_min))
		snprintf(out, size, "at least %g", need_min);
	else if (!isnan(need_max))
		snprintf(out, size, "at most %g", need_max);
	else if (size > 0)
		out[0] = '\0';
}

void score_rubric_invalid_reason(enum score_metric metric, const struct score_metrics *m,
				 char *out, size_t size)
{
	bool known = metric < SCORE_METRIC_COUNT;
	const char *judges = known ? invalid_why[metric].judges : "this measure";
	int needed = known ? invalid_why[metric].dots_needed : 0;

	if (m->dots == 0 && (needed > 0 || metric == SCORE_COMPLETION))
		snprintf(out, size, NOTHING_DONE "with no dots, %s cannot be "
			 "judged. Make the dots the lesson asks for.", judges);
	else if (needed > 1 && m->dots < (size_t)needed)
		snprintf(out, size, "Too few dots to judge %s: that needs at least %d dots "
			 "in the zone, and you made %zu.", judges, needed, m->dots);
	else if (needed > 1)
		snprintf(out, size, "Too few dots to judge %s: that needs at least %d dots "
			 "in the zone, and too few of your %zu landed there.", judges, needed,
			 m->dots);
	else if (needed == 1 && m->dots == 1)
		snprintf(out, size, "Your one dot landed outside the zone, so %s cannot "
			 "be judged.", judges);
	else if (needed == 1)
		snprintf(out, size, "None of your %zu dots landed in the zone, so %s "
			 "cannot be judged.", m->dots, judges);
	else if (known && invalid_why[metric].needs)
		snprintf(out, size, "Cannot judge %s here: %s.", judges,
			 invalid_why[metric].needs);
	else
		snprintf(out, size, "Cannot judge %s in this session.", judges);
}

/* The completion advice with its numbers: the dots in the zone and the
 * dots the lesson asks for. */
static void completion_text(const struct score_metrics *m, char *out, size_t size)
{
	if (m->zone_dots == 0 && m->dots == 1)
		snprintf(out, size, "Your one dot landed outside the zone, of the %.0f the "
			 "lesson asks for there: work inside the outline.", m->dots_due);
	else if (m->zone_dots == 0)
		snprintf(out, size, "None of your %zu dots landed in the zone, of the %.0f "
			 "the lesson asks for there: work inside the outline.", m->dots,
			 m->dots_due);
	else
		snprintf(out, size, "You made %zu %s in the zone of the %.0f the lesson "
			 "asks for (%.0f %%): fill the whole zone before you finish.",
			 m->zone_dots, m->zone_dots == 1 ? "dot" : "dots", m->dots_due,
			 100 * m->value[SCORE_COMPLETION]);
}

/* Whether the advice for @p v is the low side's. A required level holds
 * the whole good band (score_rubric_check_item), so a missed requirement
 * is always off the band, on the side it missed. */
static bool advice_low_side(const struct score_rubric_item *it, double v)
{
	return v < it->good_min;
}

static const char *advice_for(const struct score_rubric_item *it, double v)
{
	bool low = advice_low_side(it, v);
	const char *own = low ? it->advice_low : it->advice_high;
	const char *fallback = default_advice[it->metric][low ? 0 : 1];

	return own[0] ? own : fallback ? fallback : "";
}

/* Below this share of the dots due, the zone is mostly empty: the
 * measures below compare the dots with the zone's area, and read the
 * emptiness as clumps, patches or crowding. */
#define MOSTLY_EMPTY 0.5

/* Whether measure @p k on side @p low speaks of how the dots are spread
 * over the zone (and so reads a mostly empty zone as a fault). */
static bool reads_the_spread(enum score_metric k, bool low)
{
	switch (k) {
	case SCORE_DENSITY_L1:
	case SCORE_DENSITY_DISPERSION:
	case SCORE_GAPS:
		return !low;
	case SCORE_COVERAGE:
	case SCORE_RHO:
	case SCORE_CLARK_EVANS:
		return low;
	case SCORE_NN_MEAN:
		return !low;
	default:
		return false;
	}
}

/* The advice for item @p it at value @p v, from what the numbers say
 * happened, into @p out ("" for none: completion has said it all). */
static void advice_text(const struct score_rubric_item *it, const struct score_metrics *m,
			double v, char *out, size_t size)
{
	bool low = advice_low_side(it, v);
	bool counted = m->valid[SCORE_COMPLETION] && m->dots_due > 0;
	double done = counted ? m->value[SCORE_COMPLETION] : 1;

	if (counted && done < MOSTLY_EMPTY && reads_the_spread(it->metric, low)) {
		if (m->zone_dots == 0)
			out[0] = '\0';   /* the zone is empty: completion says so */
		else
			snprintf(out, size, "Most of the zone is still empty (%zu of the %.0f "
				 "dots due): spacing and density are judged over the whole "
				 "zone, so fill it before they can show your hand.",
				 m->zone_dots, m->dots_due);
	} else if (it->metric == SCORE_RHO && low &&
		   !(m->valid[SCORE_TOO_CLOSE] && m->value[SCORE_TOO_CLOSE] > 0)) {
		/* d_min / d_max low, yet no dot is too close to another. */
		snprintf(out, size, "Your two closest dots are much nearer each other than "
			 "an even spread puts dots: keep the same distance to every "
			 "neighbour.");
	} else if (it->metric == SCORE_DENSITY_L1 && !low && counted &&
		   fabs(1 - done) >= v / 2) {
		/* The count off the target explains most of the difference. */
		if (done < 1)
			snprintf(out, size, "Your density is below the target over the zone "
				 "(%zu of the %.0f dots due): fill it evenly to the target.",
				 m->zone_dots, m->dots_due);
		else
			snprintf(out, size, "Your density is above the target over the zone "
				 "(%zu dots for the %.0f due): work to the target density, "
				 "not beyond it.", m->zone_dots, m->dots_due);
	} else {
		snprintf(out, size, "%s", advice_for(it, v));
	}
}

/* The advice for item @p it, off its band or not computed, into the next
 * slot of @p out. */
static void add_item_advice(const struct score_rubric_item *it, const struct score_metrics *m,
			    struct score_result *out)
{
	char *slot = out->advice[out->advice_count];
	double v = m->value[it->metric];

	if (!m->valid[it->metric])
		score_rubric_invalid_reason(it->metric, m, slot, SCORE_ADVICE_MAX);
	else if (it->metric == SCORE_COMPLETION && advice_low_side(it, v) && !it->advice_low[0])
		completion_text(m, slot, SCORE_ADVICE_MAX);
	else
		advice_text(it, m, v, slot, SCORE_ADVICE_MAX);
	/* Said once: two measures of one thing not computed give one reason,
	 * and a mostly empty zone is told so once. */
	for (size_t i = 0; i < out->advice_count && slot[0]; i++)
		if (strcmp(out->advice[i], slot) == 0)
			slot[0] = '\0';
	if (slot[0])
		out->advice_count++;
	else
		memset(slot, 0, SCORE_ADVICE_MAX);
}

/* The share of its marks a session keeps for the work it did: below the
 * completion item's zero-below, completion / zero-below (see
 * score_result.work_factor). */
static double work_factor(const struct score_rubric *r, const struct score_metrics *m)
{
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];

		if (it->metric != SCORE_COMPLETION || !(it->zero_below > 0))
			continue;
		/* Not computed (nothing due): its item's 0 marks say so. */
		if (m->valid[SCORE_COMPLETION] && m->value[SCORE_COMPLETION] < it->zero_below)
			return m->value[SCORE_COMPLETION] / it->zero_below;
	}
	return 1;
}

int score_rubric_apply(const struct score_rubric *r, const struct score_metrics *m,
		       struct score_result *out)
{
	double sum = 0, weights = 0, loss[SCORE_RUBRIC_ITEMS_MAX];
	bool used[SCORE_RUBRIC_ITEMS_MAX] = { false };

	memset(out, 0, sizeof(*out));
	/* No dot, nothing to score: marks for "no fault" where nothing was
	 * done would say something false (drag lines alone are not dots). */
	if (m->dots == 0)
		return -ENODATA;
	/* The pass mark of its day is set aside and no item is required:
	 * scored by today's rules, every session would pass. */
	if (r->item_count == 0 || r->item_count > SCORE_RUBRIC_ITEMS_MAX ||
	    r->before_proficiency)
		return -EINVAL;
	for (int k = 0; k < SCORE_METRIC_COUNT; k++)
		out->need_min[k] = out->need_max[k] = NAN;
	out->by_proficiency = true;
	out->passed = true;
	for (size_t i = 0; i < r->item_count; i++) {
		const struct score_rubric_item *it = &r->items[i];
		enum score_metric k = it->metric;

		out->rated[k] = true;
		out->invalid[k] = !m->valid[k];
		out->marks[k] = m->valid[k] ? marks(it, m->value[k]) : 0;
		sum += it->weight * out->marks[k];
		weights += it->weight;
		loss[i] = it->weight * (100 - out->marks[k]);
		if (it->required) {
			out->required[k] = true;
			out->need_min[k] = it->need_min;
			out->need_max[k] = it->need_max;
			out->met[k] = m->valid[k] && at_level(it, m->value[k]);
			out->passed &= out->met[k];
		}
	}
	out->score = sum / weights;
	out->work_factor = work_factor(r, m);
	out->score *= out->work_factor;
	for (size_t i = 0; i < r->never_count; i++) {
		const struct score_never_event *ne = &r->never[i];

		if (!m->valid[ne->metric] || !(m->value[ne->metric] > ne->above))
			continue;
		out->never_triggered |= 1u << i;
		out->passed = false;
		if (out->advice_count < SCORE_ADVICE_COUNT)
			snprintf(out->advice[out->advice_count++], SCORE_ADVICE_MAX, "%s",
				 ne->text[0] ? ne->text :
				 default_advice[ne->metric][1] ? default_advice[ne->metric][1] : "");
		/* Said once: the same measure's rubric advice would repeat it. */
		for (size_t j = 0; j < r->item_count; j++)
			if (r->items[j].metric == ne->metric)
				used[j] = true;
	}
	/* The requirements missed come next: they are why the session failed. */
	for (size_t i = 0; i < r->item_count && out->advice_count < SCORE_ADVICE_COUNT; i++)
		if (!used[i] && r->items[i].required && !out->met[r->items[i].metric]) {
			used[i] = true;
			add_item_advice(&r->items[i], m, out);
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
		add_item_advice(&r->items[worst], m, out);
	}
	return 0;
}

double score_value_shown(double v)
{
	return fabs(v) < 1e-9 ? 0 : v;
}

void score_requirement_text(const struct score_result *res, const struct score_metrics *m,
			    enum score_metric k, char *out, size_t size)
{
	char level[64];

	score_rubric_level_text(res->need_min[k], res->need_max[k], level, sizeof(level));
	if (m->valid[k])
		snprintf(out, size, "%s %.4g, needs %s", score_metric_name(k),
			 score_value_shown(m->value[k]), level);
	else
		snprintf(out, size, "%s not computed, needs %s", score_metric_name(k), level);
}
