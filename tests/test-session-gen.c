/* test-session-gen: the synthetic sessions are what they claim to be.
 *
 * Each shipped session is written to a temp file, read back through
 * pen_source (frames: every tap touches at its time and place, peaks at
 * its pressure, lifts when the hand says) and replayed through the
 * simulator and sim/feedback (session_cues.c): the known-faults session
 * must sound exactly the cues its table names, in that order, each on its
 * own tap, every kind at least once, at least 300 ms apart; faults judged
 * at the touch sound at the touch, "shallow" at the lift. The clean one
 * must sound nothing. The files the build made (tests/sessions/) must be
 * byte for byte what the generator writes now, and tables the generator
 * cannot play are refused.
 *
 * Stippling: the demo recordings' specs (session_gen_lesson.c) are written
 * to temp files and replayed through pen_source and the simulator on the
 * soft-hairline lesson. Each tap is exactly one contact, touching and
 * lifting when and where the generator says, at 200 Hz throughout, with
 * the depth the model gives its reported peak; the careful hand's dots are
 * all in the zone and in the band, with no fault but a rare too-close or
 * gap, and the session passes; the careless hand's faults are there, each
 * on the taps meant to have it (overdeep, shallow, tails, clumps too close,
 * dots in front of the zone), and the session fails on the never-event
 * and on its requirements (the hard edge, the depth), the advice in that
 * order. A short session on a square stops at its length, and a seed
 * writes the same bytes every time; a tilted hand's device reports its
 * tilt on every sample, and the untilted hand's device has none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_fixture.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "score_rubric.h"
#include "session_cues.h"
#include "session_gen.h"
#include "session_gen_lesson.h"
#include "session_score.h"
#include "tmp_files.h"

#define NONE AUDIO_CUE_COUNT

/* Writes @p s with the default hand into the temp folder. */
static void write_session(const struct session_gen_session *s, char *path, size_t size)
{
	struct session_gen_hand hand;
	int n = snprintf(path, size, "%s/%s.evemu", tmp_files_dir(), s->name);

	assert_true(n > 0 && (size_t)n < size);
	session_gen_hand_default(&hand);
	assert_int_equal(session_gen_write_file(path, &hand, s), 0);
}

static void replay(const char *path, struct session_cue_list *l)
{
	char err[512];

	if (session_cues_replay(path, SMPSIM_DATA_DIR, "frontal-temporal", "0601rl", l, err,
				sizeof(err)) < 0)
		fail_msg("%s", err);
}

static void test_frames(void **state)
{
	const struct session_gen_session *s = &session_gen_known_faults;
	struct pen_source_options o = { 0 };
	struct session_gen_hand hand;
	struct pen_source *src;
	struct pen_sample smp;
	char path[PATH_MAX], err[512];
	size_t downs = 0, ups = 0, ins = 0, outs = 0;
	double peak = 0;
	int rc;

	(void)state;
	session_gen_hand_default(&hand);
	write_session(s, path, sizeof(path));
	assert_int_equal(pen_source_open_recording(path, NULL, &o, &src, err, sizeof(err)), 0);
	assert_int_equal(pen_source_geometry(src)->source, PEN_SIZE_RESOLUTION);
	assert_float_equal(pen_source_geometry(src)->width_mm, SESSION_GEN_WIDTH_MM, 0);
	assert_float_equal(pen_source_geometry(src)->height_mm, SESSION_GEN_HEIGHT_MM, 0);
	while ((rc = pen_source_next(src, &smp, -1)) == 1) {
		assert_int_equal(smp.time_us % hand.report_us, 0);
		assert_false(smp.flags & PEN_SYNTHESIZED);
		if (smp.flags & PEN_PROXIMITY_IN)
			ins++;
		if (smp.flags & PEN_PROXIMITY_OUT)
			outs++;
		if (smp.flags & PEN_TIP_DOWN_EDGE) {
			const struct session_gen_tap *t = &s->taps[downs++];

			assert_true(downs <= s->count);
			assert_int_equal(smp.time_us, (int64_t)t->t_ms * 1000);
			assert_float_equal(smp.x_mm, t->x_mm, 1e-9);
			assert_float_equal(smp.y_mm, t->y_mm, 1e-9);
			assert_float_equal(smp.pressure, hand.contact_pressure, 0.51 / SESSION_GEN_PRESSURE_MAX);
			peak = 0;
		}
		if (smp.flags & PEN_TIP_DOWN && smp.pressure > peak)
			peak = smp.pressure;
		if (smp.flags & PEN_TIP_UP_EDGE) {
			const struct session_gen_tap *t = &s->taps[ups++];

			assert_int_equal(ups, downs);
			assert_int_equal(smp.time_us, session_gen_lift_us(&hand, t));
			assert_float_equal(smp.x_mm, t->x_mm + t->drag_mm, 1e-9);
			assert_float_equal(peak, t->pressure, 0.51 / SESSION_GEN_PRESSURE_MAX);
		}
	}
	assert_int_equal(rc, -ENODATA);
	assert_int_equal(downs, s->count);
	assert_int_equal(ups, s->count);
	assert_int_equal(ins, s->count);
	assert_int_equal(outs, s->count);
	pen_source_free(src);
}

static void test_known_faults_cues(void **state)
{
	const struct session_gen_session *s = &session_gen_known_faults;
	struct session_gen_hand hand;
	struct session_cue_list l;
	char path[PATH_MAX];
	bool seen[AUDIO_CUE_COUNT] = { false };
	size_t k = 0;

	(void)state;
	session_gen_hand_default(&hand);
	write_session(s, path, sizeof(path));
	replay(path, &l);
	assert_int_equal(l.deposits, s->count);
	for (uint32_t i = 0; i < s->count; i++) {
		const struct session_gen_tap *t = &s->taps[i];
		int64_t touch = (int64_t)t->t_ms * 1000, lift = session_gen_lift_us(&hand, t);

		if (t->cue == NONE) {
			assert_true(k == l.count || l.cues[k].deposit != i);
			continue;
		}
		assert_true(k < l.count);
		assert_int_equal(l.cues[k].deposit, i);
		if (l.cues[k].cue != t->cue)
			fail_msg("tap %u sounds %s, not %s", i, audio_cue_name(l.cues[k].cue),
				 audio_cue_name(t->cue));
		switch (t->cue) {
		case AUDIO_CUE_CROWDED: /* too close, judged at the touch */
		case AUDIO_CUE_GAP:
		case AUDIO_CUE_OUTSIDE:
			assert_int_equal(l.cues[k].time_us, touch);
			break;
		case AUDIO_CUE_SHALLOW:
			assert_int_equal(l.cues[k].time_us, lift);
			break;
		case AUDIO_CUE_DEEP: /* at the sample that crossed the band's edge */
			assert_int_equal(l.cues[k].time_us, touch + hand.rise_us);
			break;
		default: /* overdeep, tail: while in the skin */
			assert_true(l.cues[k].time_us > touch && l.cues[k].time_us < lift);
		}
		if (k > 0 && l.cues[k].time_us - l.cues[k - 1].time_us < 300000)
			fail_msg("cues %zu and %zu only %lld us apart", k - 1, k,
				 (long long)(l.cues[k].time_us - l.cues[k - 1].time_us));
		seen[t->cue] = true;
		k++;
	}
	assert_int_equal(k, l.count);
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		if (!seen[c])
			fail_msg("no %s cue", audio_cue_name((enum audio_cue)c));
	session_cues_free(&l);
}

static void test_clean_is_silent(void **state)
{
	const struct session_gen_session *s = &session_gen_clean;
	struct session_cue_list l;
	char path[PATH_MAX];

	(void)state;
	for (size_t i = 0; i < s->count; i++)
		assert_int_equal(s->taps[i].cue, NONE);
	write_session(s, path, sizeof(path));
	replay(path, &l);
	assert_int_equal(l.deposits, s->count);
	assert_int_equal(l.count, 0);
	assert_true(l.samples > 0);
	session_cues_free(&l);
}

static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("%s: cannot open", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* What the build wrote for the audio tests is what the generator writes. */
static void test_build_files_current(void **state)
{
	const struct session_gen_session *sessions[] = {
		&session_gen_known_faults, &session_gen_clean,
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char fresh[PATH_MAX], built[PATH_MAX];
		size_t a, b;
		char *x, *y;

		write_session(sessions[i], fresh, sizeof(fresh));
		snprintf(built, sizeof(built), "%s/%s.evemu", SMPSIM_SESSIONS_DIR,
			 sessions[i]->name);
		x = slurp(fresh, &a);
		y = slurp(built, &b);
		assert_int_equal(a, b);
		assert_memory_equal(x, y, a);
		free(x);
		free(y);
	}
}

static int write_taps(const struct session_gen_tap *taps, size_t n)
{
	const struct session_gen_session s = { "bad", taps, n };
	struct session_gen_hand hand;
	FILE *f = tmpfile();
	int rc;

	assert_non_null(f);
	session_gen_hand_default(&hand);
	rc = session_gen_write(f, &hand, &s);
	fclose(f);
	return rc;
}

static void test_refuses_bad_tables(void **state)
{
	static const struct session_gen_tap off_grid[] = {
		{ 302, 60, 50, 0.2, 100, 0, NONE } };
	static const struct session_gen_tap too_early[] = {
		{ 20, 60, 50, 0.2, 100, 0, NONE } };
	static const struct session_gen_tap overlap[] = {
		{ 300, 60, 50, 0.2, 100, 0, NONE }, { 475, 61, 50, 0.2, 100, 0, NONE } };
	static const struct session_gen_tap backwards[] = {
		{ 900, 60, 50, 0.2, 100, 0, NONE }, { 300, 61, 50, 0.2, 100, 0, NONE } };
	static const struct session_gen_tap too_light[] = {
		{ 300, 60, 50, 0.06, 100, 0, NONE } };
	static const struct session_gen_tap too_hard[] = {
		{ 300, 60, 50, 1.01, 100, 0, NONE } };
	static const struct session_gen_tap off_pad[] = {
		{ 300, 199.9, 50, 0.2, 100, 0.2, NONE } };
	static const struct session_gen_tap dwell_off_grid[] = {
		{ 300, 60, 50, 0.2, 101, 0, NONE } };
	static const struct session_gen_tap fine[] = {
		{ 300, 60, 50, 0.2, 100, 0, NONE }, { 480, 61, 50, 0.2, 100, 0, NONE } };

	(void)state;
	assert_int_equal(write_taps(off_grid, 1), -EINVAL);
	assert_int_equal(write_taps(too_early, 1), -EINVAL);
	assert_int_equal(write_taps(overlap, 2), -EINVAL);
	assert_int_equal(write_taps(backwards, 2), -EINVAL);
	assert_int_equal(write_taps(too_light, 1), -EINVAL);
	assert_int_equal(write_taps(too_hard, 1), -EINVAL);
	assert_int_equal(write_taps(off_pad, 1), -EINVAL);
	assert_int_equal(write_taps(dwell_off_grid, 1), -EINVAL);
	/* The boundary: the first tap lifts at 425 ms and leaves at 445; the
	 * second may come in one report later, at 450 (its touch at 480), and
	 * not at 445 (touch at 475, refused above). */
	assert_int_equal(write_taps(fine, 2), 0);
}

/* --- Stippling ---------------------------------------------------------- */

/* What the demo specs write with this generator (a change to the generator
 * that moves them must come with new recordings: see update-recordings). */
#define CAREFUL_TAPS 638
#define CAREFUL_FRAMES 78247
#define CARELESS_TAPS 841
#define CARELESS_FRAMES 48765

static struct lesson lesson;
static struct lesson_session ls;
static struct device_quirk *quirks; /* data/devices/quirks.yaml, as smpsim reads it */
static struct sim_mapping fit;      /* where the last replay placed the pad */
static size_t quirk_count;

/* A recording replayed on the lesson as `smpsim score` does it
 * (session_score.c), its samples checked against the taps as played. */
struct replayed {
	struct deposit *deposits;
	size_t count;
	size_t samples, contacts;
	struct score_metrics metrics;
	struct score_result result;
};

struct stream_check {
	const struct session_gen_played *played;
	int report_us;
	int64_t last;
	bool in;
	size_t contacts;
};

static void check_sample(void *ctx, const struct pen_sample *smp)
{
	struct stream_check *c = ctx;

	/* The tablet's rate, unbroken while the pen is in. */
	assert_int_equal(smp->time_us % c->report_us, 0);
	if (c->in)
		assert_int_equal(smp->time_us - c->last, c->report_us);
	c->in = (smp->flags & PEN_IN_PROXIMITY) && !(smp->flags & PEN_PROXIMITY_OUT);
	c->last = smp->time_us;
	if (smp->flags & PEN_TIP_DOWN_EDGE) {
		const struct session_gen_dot *d = &c->played->dots[c->contacts++];

		assert_true(c->contacts <= c->played->count);
		assert_int_equal(smp->time_us, d->touch_us);
		assert_float_equal(smp->x_mm, d->x_mm, 1e-9);
		assert_float_equal(smp->y_mm, d->y_mm, 1e-9);
		/* Above the 5 % tip-down, as the hand touches. */
		if (!(smp->pressure >= 0.06 - 0.51 / SESSION_GEN_PRESSURE_MAX &&
		      smp->pressure <= 0.09 + 0.51 / SESSION_GEN_PRESSURE_MAX))
			fail_msg("touch %zu at %.4f", c->contacts, smp->pressure);
	}
	if (smp->flags & PEN_TIP_UP_EDGE)
		assert_int_equal(smp->time_us, c->played->dots[c->contacts - 1].lift_us);
}

static void replay_lesson(const char *path, const struct session_gen_played *played,
			  int report_us, struct replayed *out)
{
	struct stream_check c = { .played = played, .report_us = report_us, .last = -1 };
	struct session_score sc;
	char err[512];

	if (session_score_recording(path, &lesson, &ls, quirks, quirk_count, check_sample, &c,
				    &sc, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(sc.last_us, played->end_us);
	assert_int_equal(sc.contacts, c.contacts);
	fit = sc.mapping;
	*out = (struct replayed){
		.deposits = sc.deposits, .count = sc.count, .samples = sc.samples,
		.contacts = sc.contacts, .metrics = sc.metrics, .result = sc.result,
	};
}

/* Writes demo @p name to a temp file and replays it. */
static void demo(const char *name, struct session_gen_stipple *spec,
		 struct session_gen_played *played, struct replayed *r)
{
	char path[PATH_MAX];

	assert_int_equal(session_gen_demo(name, &lesson, &ls, spec), 0);
	snprintf(path, sizeof(path), "%s/%s.evemu", tmp_files_dir(), name);
	assert_int_equal(session_gen_stipple_write_file(path, spec, played), 0);
	replay_lesson(path, played, spec->hand.report_us, r);
	/* The lesson's work area (45..115 x 0..31 mm) centred on the 200 x
	 * 120 mm pad, as practice places it: scalp = pad + (-20, -44.5). */
	assert_float_equal(fit.offset_x_mm, -20, 1e-9);
	assert_float_equal(fit.offset_y_mm, -44.5, 1e-9);
	assert_float_equal(fit.scale, 1, 0);
	/* One contact, one deposit per tap, where and when it was played. */
	assert_int_equal(r->contacts, played->count);
	assert_int_equal(r->count, played->count);
	for (size_t i = 0; i < r->count; i++) {
		const struct deposit *d = &r->deposits[i];
		const struct session_gen_dot *g = &played->dots[i];

		assert_int_equal(d->down_us, g->touch_us);
		assert_int_equal(d->up_us, g->lift_us);
		/* In doubles: cmocka compares floats. */
		assert_true(fabs(d->x_mm - (g->x_mm + fit.offset_x_mm)) < 1e-9);
		assert_true(fabs(d->y_mm - (g->y_mm + fit.offset_y_mm)) < 1e-9);
		/* depth = 2 (1 - exp(-F / 1.5)), F = 4.4 N x peak (docs/model.md) */
		assert_float_equal(d->depth_mm, 2 * (1 - exp(-4.4 * g->peak / 1.5)), 1e-9);
		assert_float_equal(d->tail_mm, g->tail_mm, 1e-6);
	}
}

static bool in_lesson_zone(double x, double y)
{
	for (size_t z = 0; z < ls.zone_count; z++)
		if (scalp_polygon_contains(&ls.zones[z], x, y))
			return true;
	return false;
}

static void test_careful_hand(void **state)
{
	static struct session_gen_stipple spec;
	struct session_gen_played played;
	struct replayed r;
	size_t too_close = 0, front = 0, back = 0;
	double contact_ms = 0;

	(void)state;
	demo("hairline-careful", &spec, &played, &r);
	assert_int_equal(played.count, CAREFUL_TAPS);
	assert_int_equal(played.frames, CAREFUL_FRAMES);
	/* Every frame a sample but the opening one, out of proximity. */
	assert_int_equal(r.samples, played.frames - 1);
	/* The lesson's number of dots (685), less those of the 0.2 mm the
	 * hand keeps from the zone's edge and of the margin in front of the
	 * line, where it tapers off within 1 mm. */
	assert_true((double)played.count < session_gen_target_dots(&spec.target) &&
		    (double)played.count > 0.9 * session_gen_target_dots(&spec.target));
	for (size_t i = 0; i < r.count; i++) {
		const struct deposit *d = &r.deposits[i];
		/* The target is on the pad. */
		double s = session_gen_hairline_distance(&spec.target, d->x_mm - fit.offset_x_mm,
							 d->y_mm - fit.offset_y_mm);

		assert_int_equal(played.dots[i].intent, 0);
		assert_true(in_lesson_zone(d->x_mm, d->y_mm));
		assert_true(s > -1);   /* nothing more than 1 mm in front of the line */
		assert_int_equal(d->depth_class, DEPOSIT_IN_BAND);
		assert_true(d->depth_mm >= 0.5 && d->depth_mm <= 1.2);
		assert_true(d->tail_mm < 0.3);
		assert_int_equal(d->kind, DEPOSIT_DOT);
		assert_int_equal(d->faults & ~(uint32_t)(DEPOSIT_TOO_CLOSE | DEPOSIT_GAP), 0);
		too_close += (d->faults & DEPOSIT_TOO_CLOSE) != 0;
		contact_ms += (d->up_us - d->down_us) / 1e3;
		/* The fade: 0.4 per mm^2 at the line, 0.9 from 8 mm behind. */
		front += s < 2;
		back += s >= 10;
	}
	assert_true(too_close * 50 <= r.count);     /* a 0.05 mm aim crowds now and then */
	contact_ms /= (double)r.count;
	assert_true(contact_ms > 140 && contact_ms < 190); /* 25 + 110 + 25 ms and a lift */
	/* Areas of the two parts: s < 2 is about 40 x 4 mm, s >= 10 about
	 * 40 x 11; their densities in the target's ratio, roughly. */
	assert_true((double)front / (double)back < 0.45 * 0.75);
	/* It passes for the lesson's reasons: every requirement met (a soft
	 * fade, the line where it was designed, the work done, depth). */
	assert_true(r.result.passed);
	for (int k = 0; k < SCORE_METRIC_COUNT; k++)
		assert_int_equal(r.result.met[k], r.result.required[k]);
	assert_true(r.result.required[SCORE_HAIRLINE_WIDTH]);
	assert_true(r.result.required[SCORE_HAIRLINE_FRONT]);
	assert_true(r.result.required[SCORE_COMPLETION]);
	assert_true(r.result.required[SCORE_DEPTH_IN_BAND]);
	assert_true(r.result.score >= 90);
	assert_int_equal(r.result.never_triggered, 0);
	assert_true(r.metrics.value[SCORE_HAIRLINE_WIDTH] >= 5 &&
		    r.metrics.value[SCORE_HAIRLINE_WIDTH] <= 12);
	assert_true(r.metrics.value[SCORE_PERIODOGRAM_PEAK] < 25);
	free(r.deposits);
	session_gen_played_free(&played);
}

static void test_careless_hand(void **state)
{
	static struct session_gen_stipple spec;
	struct session_gen_played played;
	struct replayed r;
	size_t overdeep = 0, shallow = 0, tails = 0, clumps = 0, low = 0, edge = 0, merged = 0;

	(void)state;
	demo("hairline-careless", &spec, &played, &r);
	assert_int_equal(played.count, CARELESS_TAPS);
	assert_int_equal(played.frames, CARELESS_FRAMES);
	for (size_t i = 0; i < r.count; i++) {
		const struct deposit *d = &r.deposits[i];
		unsigned in = played.dots[i].intent;

		/* Each fault on the taps meant to have it, and only there. */
		assert_int_equal(d->depth_class == DEPOSIT_OVERDEEP,
				 (in & SESSION_GEN_DOT_OVERDEEP) != 0);
		assert_int_equal(d->depth_class == DEPOSIT_SHALLOW,
				 (in & SESSION_GEN_DOT_SHALLOW) != 0);
		assert_int_equal((d->faults & DEPOSIT_TAIL) != 0, (in & SESSION_GEN_DOT_TAIL) != 0);
		assert_int_equal(d->kind, DEPOSIT_DOT); /* a tail, never a line */
		if (in & SESSION_GEN_DOT_CLUMP)
			assert_true(d->faults & DEPOSIT_TOO_CLOSE);
		if (in & SESSION_GEN_DOT_LOW) {
			assert_true(d->faults & DEPOSIT_OUTSIDE_ZONE);
			assert_false(in_lesson_zone(d->x_mm, d->y_mm));
		}
		overdeep += (in & SESSION_GEN_DOT_OVERDEEP) != 0;
		shallow += (in & SESSION_GEN_DOT_SHALLOW) != 0;
		tails += (in & SESSION_GEN_DOT_TAIL) != 0;
		clumps += (in & SESSION_GEN_DOT_CLUMP) != 0;
		low += (in & SESSION_GEN_DOT_LOW) != 0;
		edge += (in & SESSION_GEN_DOT_EDGE) != 0;
		merged += (d->faults & DEPOSIT_MERGED) != 0;
	}
	/* Shares near what the hand and the pattern were given. */
	assert_true(overdeep >= 8 && overdeep <= 30);   /* 2 % */
	assert_true(shallow >= 25 && shallow <= 75);    /* 6 % of the rest */
	assert_true(tails >= 35 && tails <= 85);        /* 7 % */
	assert_true(clumps >= 25 && clumps <= 70);      /* 6 % */
	assert_true(edge >= 45);                        /* 40 mm at 0.7 mm */
	assert_true(low >= 2);
	assert_true(merged >= 5);

	/* It fails on the lesson's own skill (a hard edge) and on depth, and
	 * on a never-event, which no longer caps its score at 40. */
	assert_false(r.result.passed);
	assert_true(r.result.required[SCORE_HAIRLINE_WIDTH]);
	assert_false(r.result.met[SCORE_HAIRLINE_WIDTH]);
	assert_false(r.result.met[SCORE_DEPTH_IN_BAND]);
	assert_float_equal(r.result.score, 40.387, 0.0005);
	assert_true(r.result.never_triggered != 0);
	assert_true(r.metrics.value[SCORE_HAIRLINE_WIDTH] < 1.5);   /* a hard edge */
	assert_true(r.metrics.value[SCORE_PERIODOGRAM_PEAK] > 60);  /* rows */
	assert_true(r.metrics.value[SCORE_DEPTH_IN_BAND] < 0.85);
	assert_int_equal(r.result.advice_count, 3);
	assert_string_equal(r.result.advice[0], "A dot went past the overdeep depth: on skin it "
			    "would blur and heal blue. Ease off the moment you touch.");
	assert_string_equal(r.result.advice[1], "Your hairline is a hard edge: thin out the "
			    "front 5 to 10 mm with scattered single dots.");
	/* The requirements missed come before the marks lost (the rows). */
	assert_string_equal(r.result.advice[2], "Too few dots went into the target depth: "
			    "watch the depth tone and keep a steady, light pressure.");
	free(r.deposits);
	session_gen_played_free(&played);
}

/* A 20 x 20 mm square at 1 dot per mm^2, 30 s long. */
static void square(struct session_gen_stipple *spec, uint64_t seed)
{
	static const struct scalp_point corners[] = { { 60, 40 }, { 80, 40 }, { 80, 60 }, { 60, 60 } };

	memset(spec, 0, sizeof(*spec));
	spec->seed = seed;
	memcpy(spec->target.zones[0].points, corners, sizeof(corners));
	spec->target.zones[0].count = 4;
	spec->target.zone_count = 1;
	spec->target.front_per_mm2 = spec->target.back_per_mm2 = 1;
	spec->target.min_spacing_mm = 0.65;
	session_gen_stroke_careful(&spec->hand);
	spec->duration_s = 30;
}

static char *slurp(const char *path, size_t *size);

static void test_stipple_length_and_seed(void **state)
{
	static struct session_gen_stipple spec;
	struct session_gen_played a, b;
	char p1[PATH_MAX], p2[PATH_MAX], p3[PATH_MAX];
	size_t n1, n2, n3;
	char *x, *y, *z;

	(void)state;
	square(&spec, 7);
	snprintf(p1, sizeof(p1), "%s/square-1.evemu", tmp_files_dir());
	snprintf(p2, sizeof(p2), "%s/square-2.evemu", tmp_files_dir());
	snprintf(p3, sizeof(p3), "%s/square-3.evemu", tmp_files_dir());
	assert_int_equal(session_gen_stipple_write_file(p1, &spec, &a), 0);
	assert_int_equal(session_gen_stipple_write_file(p2, &spec, &b), 0);
	/* 30 s at 200 Hz: a frame every 5 ms from 0 to 30 s, the pen out at the end. */
	assert_int_equal(a.end_us, 30000000);
	assert_int_equal(a.frames, 30000000 / 5000 + 1);
	assert_true(a.count > 30 && a.count < 60);      /* about 0.6 s a dot */
	assert_true(a.dots[a.count - 1].lift_us < a.end_us);
	for (size_t i = 0; i < a.count; i++) {
		assert_true(a.dots[i].x_mm > 60 && a.dots[i].x_mm < 80);
		assert_true(a.dots[i].y_mm > 40 && a.dots[i].y_mm < 60);
		if (i > 0)
			assert_true(a.dots[i].touch_us > a.dots[i - 1].lift_us);
	}
	/* The same seed, the same bytes; another, others. */
	x = slurp(p1, &n1);
	y = slurp(p2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(x, y, n1);
	spec.seed = 8;
	assert_int_equal(session_gen_stipple_write_file(p3, &spec, NULL), 0);
	z = slurp(p3, &n3);
	assert_true(n3 != n1 || memcmp(x, z, n1) != 0);
	free(x);
	free(y);
	free(z);
	session_gen_played_free(&a);
	session_gen_played_free(&b);
}

/* The tilting hand: its recording's device reports ABS_TILT_X/Y, and the
 * pen reads 30 degrees about x (0 about y) on every sample, as the
 * simulator's oblique rule needs; the hand without tilt keeps the device
 * of the shipped recordings. */
static void test_stipple_tilt(void **state)
{
	static struct session_gen_stipple spec;
	struct pen_source_options o = { 0 };
	struct pen_source *src;
	struct pen_sample smp;
	char path[PATH_MAX], err[512];
	size_t samples = 0;
	int rc;

	(void)state;
	square(&spec, 3);
	spec.duration_s = 5;
	spec.hand.tilt_x_deg = 30;
	snprintf(path, sizeof(path), "%s/tilted.evemu", tmp_files_dir());
	assert_int_equal(session_gen_stipple_write_file(path, &spec, NULL), 0);
	assert_int_equal(pen_source_open_recording(path, NULL, &o, &src, err, sizeof(err)), 0);
	while ((rc = pen_source_next(src, &smp, -1)) == 1) {
		assert_true(smp.flags & PEN_HAS_TILT);
		/* 3000 units at 5730 per radian */
		assert_float_equal(smp.tilt_x_deg, 3000 / 5730.0 * 180 / M_PI, 1e-9);
		assert_float_equal(smp.tilt_y_deg, 0, 0);
		samples++;
	}
	assert_int_equal(rc, -ENODATA);
	assert_true(samples > 900);   /* 5 s at 200 Hz */
	pen_source_free(src);

	spec.hand.tilt_x_deg = 0;
	assert_int_equal(session_gen_stipple_write_file(path, &spec, NULL), 0);
	assert_int_equal(pen_source_open_recording(path, NULL, &o, &src, err, sizeof(err)), 0);
	assert_int_equal(pen_source_next(src, &smp, -1), 1);
	assert_false(smp.flags & PEN_HAS_TILT);
	pen_source_free(src);
}

static void test_stipple_refuses_bad_specs(void **state)
{
	static struct session_gen_stipple spec;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	square(&spec, 1);
	spec.target.zone_count = 0;
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.target.front_per_mm2 = spec.target.back_per_mm2 = 0;
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.hand.report_us = 0;
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.hand.peak_min = 0.3;   /* above peak_max */
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.target.x_min_mm = 70;  /* a stripe the wrong way round */
	spec.target.x_max_mm = 65;
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.hand.tilt_x_deg = 80;  /* a pen lying on the pad */
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.pattern.patch_share = 1; /* patches with no density at all */
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	square(&spec, 1);
	spec.target.depth_count = 1;  /* a depth region with no band */
	assert_int_equal(session_gen_stipple_write(f, &spec, NULL), -EINVAL);
	fclose(f);
}

static int group_setup(void **state)
{
	char err[512];

	if (lesson_fixture_load(SMPSIM_DATA_DIR, SESSION_GEN_DEMO_LESSON, NULL, 0, &lesson,
				&ls, err, sizeof(err)) < 0 ||
	    quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &quirk_count, err,
			sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return tmp_files_setup(state);
}

static int group_teardown(void **state)
{
	free(quirks);
	return tmp_files_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_known_faults_cues),
		cmocka_unit_test(test_clean_is_silent),
		cmocka_unit_test(test_build_files_current),
		cmocka_unit_test(test_refuses_bad_tables),
		cmocka_unit_test(test_careful_hand),
		cmocka_unit_test(test_careless_hand),
		cmocka_unit_test(test_stipple_length_and_seed),
		cmocka_unit_test(test_stipple_tilt),
		cmocka_unit_test(test_stipple_refuses_bad_specs),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
