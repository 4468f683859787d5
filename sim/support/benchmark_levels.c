/* benchmark_levels: deriving a lesson's levels from experts' sessions by
 * the stated rule, and putting a benchmark's levels onto a rubric.
 *
 * Derivation walks the lesson file's required items: for each, the values
 * of the measure in the sessions that computed it, their mean, sample SD
 * (n - 1: the experts are a sample of all experts, as Mimic's MScore
 * takes them), lowest and highest; each side the item has a level on is
 * set by the rule, then kept within the good band's edge and the
 * measure's range (benchmark_levels.h says why). The header holds the
 * rule; this file only does it.
 */
#include "benchmark_levels.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson_load.h"
#include "store_cli.h"

const char *benchmark_rule_name(enum benchmark_rule rule)
{
	return rule == BENCHMARK_WORST ? "worst" : "mean-2sd";
}

int benchmark_rule_parse(const char *s, enum benchmark_rule *rule)
{
	if (!strcmp(s, "mean-2sd"))
		*rule = BENCHMARK_MEAN_2SD;
	else if (!strcmp(s, "worst"))
		*rule = BENCHMARK_WORST;
	else
		return -EINVAL;
	return 0;
}

/* Whether session @p s computed measure @p m: a value the level uses. */
static bool computed(const struct store_expert_session *s, enum score_metric m)
{
	return s->valid[m] && isfinite(s->value[m]);
}

/* How many different trainees made the sessions that computed @p m. */
static size_t experts_of(const struct store_expert_session *s, size_t count,
			 enum score_metric m)
{
	size_t n = 0;

	for (size_t i = 0; i < count; i++) {
		bool seen = false;

		if (!computed(&s[i], m))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = computed(&s[j], m) && s[j].trainee == s[i].trainee;
		n += !seen;
	}
	return n;
}

/* Sets one side: @p derived kept no stricter than @p edge (the good band's
 * edge on that side) and within [lo, hi]; @p at_least says which way is
 * stricter. @return the level. */
static double keep(struct benchmark_side *side, double derived, double edge, bool at_least,
		   double lo, double hi)
{
	double v = derived;

	side->open = false;
	side->derived = derived;
	if (at_least ? v > edge : v < edge) {
		v = edge;
		side->clamped_band = true;
	}
	if (v < lo || v > hi) {
		v = v < lo ? lo : hi;
		side->clamped_range = true;
	}
	return v;
}

int benchmark_derive(const struct score_rubric *rubric, const struct store_expert_session *s,
		     size_t count, enum benchmark_rule rule, struct store_benchmark *out,
		     struct benchmark_derivation how[SCORE_METRIC_COUNT], char *why,
		     size_t why_size)
{
	out->level_count = 0;
	snprintf(out->rule, sizeof(out->rule), "%s", benchmark_rule_name(rule));
	for (size_t i = 0; i < rubric->item_count; i++) {
		const struct score_rubric_item *it = &rubric->items[i];
		struct benchmark_derivation d = { .low = { .open = true, .derived = NAN },
						  .high = { .open = true, .derived = NAN } };
		struct store_benchmark_level *lv;
		double sum = 0, sq = 0, lo = INFINITY, hi = -INFINITY, mean, sd, rmin, rmax;
		size_t n = 0, experts, need_n, need_e;

		if (!it->required)
			continue;
		for (size_t k = 0; k < count; k++) {
			double v = s[k].value[it->metric];

			if (!computed(&s[k], it->metric))
				continue;
			n++;
			sum += v;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		/* The minimums hold for each level, not only for the sessions
		 * in all: a measure some sessions did not compute would
		 * otherwise get a level from fewer. */
		experts = experts_of(s, count, it->metric);
		need_n = out->min_sessions > 2 ? out->min_sessions : 2;
		need_e = out->min_experts > 1 ? out->min_experts : 1;
		if (n < need_n || experts < need_e) {
			snprintf(why, why_size, "%s was computed in %zu of the %zu expert "
				 "sessions, from %zu expert%s: its level needs at least %zu "
				 "sessions from %zu expert%s", score_metric_name(it->metric), n,
				 count, experts, experts == 1 ? "" : "s", need_n, need_e,
				 need_e == 1 ? "" : "s");
			return -EINVAL;
		}
		mean = sum / (double)n;
		for (size_t k = 0; k < count; k++)
			if (computed(&s[k], it->metric))
				sq += (s[k].value[it->metric] - mean) *
				      (s[k].value[it->metric] - mean);
		sd = sqrt(sq / (double)(n - 1));
		/* Values all the same: their mean is that value and their SD
		 * 0, not the sum's rounding (0.01 ten times: an SD of 1.8e-18,
		 * printed as such and stored). */
		if (lo == hi) {
			mean = lo;
			sd = 0;
		}
		lesson_metric_range(it->metric, &rmin, &rmax);
		lv = &out->levels[out->level_count];
		*lv = (struct store_benchmark_level){
			.metric = it->metric,
			.need_min = NAN, .need_max = NAN,
			.shipped_min = it->need_min, .shipped_max = it->need_max,
			.sessions = n,
			.experts = experts,
			.mean = mean, .sd = sd,
			/* The worst expert is the lowest for a level from below. */
			.worst = !isnan(it->need_min) ? lo : hi,
		};
		if (!isnan(it->need_min))
			lv->need_min = keep(&d.low, rule == BENCHMARK_WORST ? lo : mean - 2 * sd,
					    it->good_min, true, rmin, rmax);
		if (!isnan(it->need_max))
			lv->need_max = keep(&d.high, rule == BENCHMARK_WORST ? hi : mean + 2 * sd,
					    it->good_max, false, rmin, rmax);
		if (how)
			how[it->metric] = d;
		out->level_count++;
	}
	if (out->level_count == 0) {
		snprintf(why, why_size, "the lesson requires no measure");
		return -EINVAL;
	}
	return 0;
}

size_t benchmark_apply(const struct store_benchmark *b, struct score_rubric *rubric)
{
	size_t applied = 0;

	for (size_t i = 0; i < b->level_count; i++)
		for (size_t k = 0; k < rubric->item_count; k++) {
			struct score_rubric_item *it = &rubric->items[k];

			if (it->metric != b->levels[i].metric || !it->required)
				continue;
			it->need_min = b->levels[i].need_min;
			it->need_max = b->levels[i].need_max;
			applied++;
		}
	return applied;
}

int64_t benchmark_apply_in_force(struct store *store, const char *lesson_id,
				 struct score_rubric *rubric, struct store_benchmark *b)
{
	struct store_benchmark mine;
	struct store_benchmark *bm = b ? b : &mine;
	int rc = store_benchmark_in_force(store, lesson_id, bm);
	int64_t id;

	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	benchmark_apply(bm, rubric);
	id = bm->id;
	if (!b)
		store_benchmark_release(&mine);
	return id;
}

void benchmark_levels_name(struct store *store, int64_t benchmark, char *out, size_t size)
{
	struct store_benchmark b;
	char day[32];

	if (benchmark <= 0) {
		snprintf(out, size, "the lesson file's own levels");
		return;
	}
	if (store_benchmark_get(store, benchmark, &b) < 0) {
		snprintf(out, size, "benchmark %lld", (long long)benchmark);
		return;
	}
	store_cli_local_time(b.made, STORE_CLI_DAY, day, sizeof(day));
	snprintf(out, size, "benchmark %lld (experts, %s, %s)", (long long)benchmark, day,
		 b.rule);
	store_benchmark_release(&b);
}
