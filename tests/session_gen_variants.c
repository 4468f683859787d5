/* session_gen_variants: the expert's spec of a lesson, then one change
 * per variant. The faults' sizes are the (5 % shallow, a heavy
 * hand with about 40 % past the band, one overdeep dot, 30 degrees of
 * tilt, +-30 % patches, 5 % outside, a hairline 2 mm low, half the
 * dots); the rest are set to be realistic and plainly visible: tails of
 * 0.45 to 0.9 mm (the tail limit is 0.3), drag lines of 2.5 to 5 mm (the
 * drag-line length is 2), clumps 0.2 to 0.45 mm apart (too close in every
 * region). Every variant of a seed shares the expert's seed: the same
 * pattern and the same hand wherever the fault leaves them alone (the
 * shallow hand's pattern is the expert's, the incomplete session is the
 * expert's first half), so a seed's comparisons isolate the fault.
 */
#include "session_gen_variants.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static const char *const names[SESSION_GEN_VARIANT_COUNT] = {
	[SESSION_GEN_EXPERT] = "expert",
	[SESSION_GEN_SHALLOW] = "shallow",
	[SESSION_GEN_HEAVY] = "heavy",
	[SESSION_GEN_OVERDEEP] = "overdeep",
	[SESSION_GEN_OBLIQUE] = "oblique",
	[SESSION_GEN_TAILS] = "tails",
	[SESSION_GEN_DRAG_LINES] = "drag-lines",
	[SESSION_GEN_CLUMPS] = "clumps",
	[SESSION_GEN_ROWS] = "rows",
	[SESSION_GEN_PATCHES] = "patches",
	[SESSION_GEN_RANDOM] = "random",
	[SESSION_GEN_OUTSIDE] = "outside",
	[SESSION_GEN_HARSH_LINE] = "harsh-line",
	[SESSION_GEN_LOW_LINE] = "low-line",
	[SESSION_GEN_INCOMPLETE] = "incomplete",
	[SESSION_GEN_NOVICE] = "novice",
};

const char *session_gen_variant_name(enum session_gen_variant v)
{
	return (unsigned)v < SESSION_GEN_VARIANT_COUNT ? names[v] : "?";
}

enum session_gen_variant session_gen_variant_from_name(const char *name)
{
	for (int v = 0; v < SESSION_GEN_VARIANT_COUNT; v++)
		if (!strcmp(names[v], name))
			return (enum session_gen_variant)v;
	return SESSION_GEN_VARIANT_COUNT;
}

bool session_gen_variant_applies(enum session_gen_variant v, const struct lesson *lesson)
{
	if (v == SESSION_GEN_HARSH_LINE || v == SESSION_GEN_LOW_LINE)
		return lesson->hairline_count >= 2;
	return (unsigned)v < SESSION_GEN_VARIANT_COUNT;
}

/* The novice's hand: heavy and uneven (peaks 0.26 +- 0.08 of full scale
 * in the reference tissue, a third of the dots past the band and some
 * under it), 6 % shallow, 5 % tails, a 0.12 mm aim, rushing; never
 * overdeep, so its score ranks it rather than a never-event. */
static void novice_hand(struct session_gen_stroke *h)
{
	int report_us = h->report_us; /* the same pen as the others' */

	session_gen_stroke_careless(h);
	h->report_us = report_us;
	h->peak = 0.26;
	h->peak_sd = 0.08;
	h->peak_min = 0.11;
	h->peak_max = 0.44;
	h->overdeep_share = 0;
	h->shallow_share = 0.06;
	h->tail_share = 0.05;
}

int session_gen_variant_spec(enum session_gen_variant v, const struct lesson *lesson,
			     const struct lesson_session *ls, uint64_t seed,
			     struct session_gen_stipple *spec)
{
	struct session_gen_pattern *pat = &spec->pattern;
	struct session_gen_stroke *h = &spec->hand;
	int rc;

	memset(spec, 0, sizeof(*spec));
	if (!session_gen_variant_applies(v, lesson))
		return -ENOTSUP;
	if ((rc = session_gen_target_from_lesson(lesson, ls, &spec->target)) < 0 ||
	    (rc = session_gen_target_depths(lesson, ls, &spec->target)) < 0)
		return rc;
	spec->seed = seed;
	session_gen_stroke_careful(h);
	/* A 100 Hz pen: half the frames of the demo's 200 Hz for the same
	 * taps (25/110/25 ms are 3/11/3 reports), so the whole curriculum's
	 * table and the ASan run of the orderings stay short. */
	h->report_us = 10000;
	switch (v) {
	case SESSION_GEN_EXPERT:
		break;
	case SESSION_GEN_SHALLOW:
		h->shallow_share = 0.05;
		h->shallow_peak = 0.075;  /* 0.39 mm in the reference: under 0.5 */
		break;
	case SESSION_GEN_HEAVY:
		/* 0.29 +- 0.05, and the plateau's tremor on top: about 40 %
		 * past 0.312, the band's top; at most 0.44, short of overdeep
		 * (0.473). */
		h->peak = 0.29;
		h->peak_sd = 0.05;
		h->peak_max = 0.44;
		break;
	case SESSION_GEN_OVERDEEP:
		pat->overdeep_dot = 10;
		h->overdeep_peak = 0.6;
		break;
	case SESSION_GEN_OBLIQUE:
		h->tilt_x_deg = 30;
		break;
	case SESSION_GEN_TAILS:
		h->tail_share = 0.10;
		h->tail_mm = 0.45;
		break;
	case SESSION_GEN_DRAG_LINES:
		h->tail_share = 0.05;
		h->tail_mm = 2.5;
		break;
	case SESSION_GEN_CLUMPS:
		pat->flaws = SESSION_GEN_FLAW_CLUMPS;
		pat->clump_share = 0.08;
		break;
	case SESSION_GEN_ROWS:
		pat->flaws = SESSION_GEN_FLAW_ROWS;
		pat->jitter = 0.12;
		break;
	case SESSION_GEN_PATCHES:
		pat->flaws = SESSION_GEN_FLAW_PATCHES;
		pat->patch_share = 0.3;
		pat->patch_mm = 5;
		break;
	case SESSION_GEN_RANDOM:
		pat->flaws = SESSION_GEN_FLAW_RANDOM;
		break;
	case SESSION_GEN_OUTSIDE:
		pat->flaws = SESSION_GEN_FLAW_OUTSIDE;
		pat->outside_share = 0.05;
		break;
	case SESSION_GEN_HARSH_LINE:
		pat->flaws = SESSION_GEN_FLAW_HARSH_LINE;
		break;
	case SESSION_GEN_LOW_LINE:
		pat->hairline_shift_mm = 2;
		break;
	case SESSION_GEN_INCOMPLETE:
		spec->max_dots = (size_t)lround(session_gen_target_dots(&spec->target) / 2);
		break;
	case SESSION_GEN_NOVICE:
		pat->flaws = SESSION_GEN_FLAW_RANDOM | SESSION_GEN_FLAW_CLUMPS |
			     SESSION_GEN_FLAW_OUTSIDE;
		pat->clump_share = 0.08;
		pat->outside_share = 0.04;
		novice_hand(h);
		break;
	default:
		return -ENOTSUP;
	}
	return 0;
}
