/* test-audio-mixer: the cues as sounds (short, click-free, each unlike the
 * others) and the mixer that plays them: a cue comes out sample for sample
 * as synthesized times its gain, switched-off cues stay silent, the sum is
 * clipped, and the depth tone's pitch follows the depth and fades out to
 * exact silence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio_mixer.h"

#define RATE 48000.0

/* Durations by design (docs/audio.md), in ms. */
static const double cue_ms[AUDIO_CUE_COUNT] = { 115, 110, 130, 100, 150, 70, 80 };

static float *synth_at(enum audio_cue cue, double rate, size_t *n)
{
	float *buf = malloc(audio_cue_frames(cue, rate) * sizeof(float));

	assert_non_null(buf);
	*n = audio_cue_synth(cue, rate, buf);
	return buf;
}

static float *synth(enum audio_cue cue, size_t *n)
{
	return synth_at(cue, RATE, n);
}

static void test_cues_are_short_smooth_and_bounded(void **state)
{
	(void)state;
	for (int c = 0; c < AUDIO_CUE_COUNT; c++) {
		size_t n;
		float *x = synth((enum audio_cue)c, &n);
		double peak = 0, edge = 0;
		size_t ms2 = (size_t)(0.0005 * RATE);

		assert_int_equal(n, (size_t)ceil(cue_ms[c] / 1000 * RATE));
		assert_true(n <= (size_t)(AUDIO_CUE_MAX_S * RATE));
		/* Starts at silence and ends there: no click either side. */
		assert_float_equal(x[0], 0, 0);
		assert_true(fabsf(x[n - 1]) < 0.01f);
		for (size_t i = 0; i < n; i++) {
			peak = fmax(peak, fabs(x[i]));
			/* Within 0.5 ms of either end the signal barely moves: the
			 * raised-cosine edges, where a click would be. */
			if (i && (i < ms2 || i >= n - ms2))
				edge = fmax(edge, fabs(x[i] - x[i - 1]));
		}
		assert_true(peak <= 1.0 && peak > 0.3);
		if (edge >= 0.02)
			fail_msg("%s: a step of %.3f at an edge", audio_cue_name(c), edge);
		free(x);
	}
}

/* Normalized cross-correlation, best over every lag. */
static double likeness(const float *a, size_t na, const float *b, size_t nb)
{
	double ea = 0, eb = 0, best = 0;

	for (size_t i = 0; i < na; i++)
		ea += (double)a[i] * a[i];
	for (size_t i = 0; i < nb; i++)
		eb += (double)b[i] * b[i];
	for (long lag = -(long)nb + 1; lag < (long)na; lag++) {
		double s = 0;

		for (size_t j = 0; j < nb; j++) {
			long i = lag + (long)j;

			if (i >= 0 && (size_t)i < na)
				s += (double)a[i] * b[j];
		}
		best = fmax(best, fabs(s) / sqrt(ea * eb));
	}
	return best;
}

static void test_cues_unlike_each_other(void **state)
{
	float *x[AUDIO_CUE_COUNT];
	size_t n[AUDIO_CUE_COUNT];

	(void)state;
	/* At 16 kHz (every partial below its Nyquist), to keep the all-lags
	 * correlation quick. */
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		x[c] = synth_at((enum audio_cue)c, 16000, &n[c]);
	for (int a = 0; a < AUDIO_CUE_COUNT; a++) {
		assert_float_equal(likeness(x[a], n[a], x[a], n[a]), 1, 1e-9);
		for (int b = a + 1; b < AUDIO_CUE_COUNT; b++) {
			double l = likeness(x[a], n[a], x[b], n[b]);

			if (l > 0.25)
				fail_msg("%s and %s are alike (%.3f)", audio_cue_name(a),
					 audio_cue_name(b), l);
		}
	}
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		free(x[c]);
}

static void test_names(void **state)
{
	static const char *const names[AUDIO_CUE_COUNT] = { "overdeep", "shallow", "crowded", "gap",
					     "outside", "tail", "deep" };

	(void)state;
	for (int c = 0; c < AUDIO_CUE_COUNT; c++) {
		assert_string_equal(audio_cue_name(c), names[c]);
		assert_int_equal(audio_cue_from_name(names[c]), c);
	}
	assert_int_equal(audio_cue_from_name("loud"), AUDIO_CUE_COUNT);
}

static void test_settings_select(void **state)
{
	struct audio_settings s;

	(void)state;
	audio_settings_default(&s);
	assert_int_equal(audio_settings_select(&s, "overdeep,gap"), 0);
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		assert_int_equal(s.cue_on[c], c == AUDIO_CUE_OVERDEEP || c == AUDIO_CUE_GAP);
	assert_int_equal(audio_settings_select(&s, "gap,loud"), -EINVAL);
	assert_int_equal(audio_settings_select(&s, "gap,"), 0);
	assert_true(s.cue_on[AUDIO_CUE_GAP] && !s.cue_on[AUDIO_CUE_OVERDEEP]);
	assert_int_equal(audio_settings_select(&s, ",gap"), -EINVAL);
	assert_int_equal(audio_settings_select(&s, "none"), 0);
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		assert_false(s.cue_on[c]);
	assert_int_equal(audio_settings_select(&s, "all"), 0);
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		assert_true(s.cue_on[c]);
}

static void test_cue_sample_for_sample(void **state)
{
	struct audio_settings s;
	struct audio_mixer *m;
	struct audio_command play = { .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_GAP };
	size_t n;
	float *want = synth(AUDIO_CUE_GAP, &n), *out = calloc(n + 300, sizeof(float));

	(void)state;
	audio_settings_default(&s);
	s.volume = 0.5f;
	s.cue_volume[AUDIO_CUE_GAP] = 0.8f;
	assert_int_equal(audio_mixer_new(RATE, &s, &m), 0);
	assert_true(audio_mixer_apply(m, &play));
	/* In two uneven pieces: the voice carries on across renders. */
	audio_mixer_render(m, out, 123);
	audio_mixer_render(m, out + 123, n + 300 - 123);
	for (size_t i = 0; i < n; i++)
		if (out[i] != 0.5f * 0.8f * want[i])
			fail_msg("sample %zu: %g, expected %g", i, out[i], 0.4f * want[i]);
	for (size_t i = n; i < n + 300; i++)
		assert_float_equal(out[i], 0, 0);
	assert_false(audio_mixer_busy(m));
	audio_mixer_free(m);
	free(want);
	free(out);
}

static void test_switched_off_and_clipped(void **state)
{
	struct audio_settings s;
	struct audio_mixer *m;
	struct audio_command play = { .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_TAIL };
	float out[4800];

	(void)state;
	audio_settings_default(&s);
	assert_int_equal(audio_settings_select(&s, "overdeep"), 0);
	assert_int_equal(audio_mixer_new(RATE, &s, &m), 0);
	assert_false(audio_mixer_apply(m, &play));
	audio_mixer_render(m, out, 4800);
	for (size_t i = 0; i < 4800; i++)
		assert_float_equal(out[i], 0, 0);
	/* Nine overdeep cues at full volume: eight voices, clipped at 1. */
	s.volume = 1;
	audio_mixer_free(m);
	assert_int_equal(audio_mixer_new(RATE, &s, &m), 0);
	play.cue = AUDIO_CUE_OVERDEEP;
	for (int i = 0; i < 9; i++)
		assert_true(audio_mixer_apply(m, &play));
	audio_mixer_render(m, out, 4800);
	for (size_t i = 0; i < 4800; i++)
		assert_true(out[i] >= -1 && out[i] <= 1);
	assert_float_equal(fabs(out[300]), 1, 0); /* 8 x 0.9 x sin, clipped */
	audio_mixer_free(m);
	assert_int_equal(audio_mixer_new(4000, &s, &m), -EINVAL);
}

static size_t zero_crossings(const float *x, size_t n)
{
	size_t c = 0;

	for (size_t i = 1; i < n; i++)
		c += (x[i - 1] < 0) != (x[i] < 0);
	return c;
}

/* Depth 0.5 of overdeep: 220 * 4^0.5 = 440 Hz; depth 1: 880 Hz. */
static void test_depth_tone(void **state)
{
	struct audio_settings s;
	struct audio_mixer *m;
	struct audio_command cmd = { .kind = AUDIO_TONE_DEPTH, .depth = 0.5f };
	size_t n = (size_t)RATE;
	float *out = malloc(n * sizeof(float));

	(void)state;
	audio_settings_default(&s);
	assert_int_equal(audio_mixer_new(RATE, &s, &m), 0);
	audio_mixer_apply(m, &cmd);
	audio_mixer_render(m, out, 4800);
	assert_float_equal(out[4799], 0, 0);  /* the tone is off by default */
	audio_mixer_free(m);

	s.depth_tone = true;
	assert_int_equal(audio_mixer_new(RATE, &s, &m), 0);
	audio_mixer_apply(m, &cmd);
	audio_mixer_render(m, out, 2400);     /* 50 ms to settle */
	audio_mixer_render(m, out, n / 2);    /* half a second at 440 Hz */
	assert_int_equal(zero_crossings(out, n / 2), 440);
	cmd.depth = 1.0f;
	audio_mixer_apply(m, &cmd);
	audio_mixer_render(m, out, 2400);
	audio_mixer_render(m, out, n / 2);
	assert_int_equal(zero_crossings(out, n / 2), 880);
	cmd.kind = AUDIO_TONE_OFF;
	audio_mixer_apply(m, &cmd);
	assert_true(audio_mixer_busy(m));
	audio_mixer_render(m, out, n / 4);    /* 250 ms: 25 fade time constants */
	assert_false(audio_mixer_busy(m));
	audio_mixer_render(m, out, 480);
	for (size_t i = 0; i < 480; i++)
		assert_float_equal(out[i], 0, 0);
	audio_mixer_free(m);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cues_are_short_smooth_and_bounded),
		cmocka_unit_test(test_cues_unlike_each_other),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_settings_select),
		cmocka_unit_test(test_cue_sample_for_sample),
		cmocka_unit_test(test_switched_off_and_clipped),
		cmocka_unit_test(test_depth_tone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
