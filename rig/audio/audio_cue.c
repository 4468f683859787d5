/* audio_cue: the cues' design as a table of tone segments, and the
 * synthesis that turns a row into samples.
 *
 * A segment is a tone gliding exponentially from f0 to f1, with a few
 * harmonics (the timbre) and, for the "crowded" cue, a second tone a
 * semitone above that beats against the first. Each segment fades in over
 * 5 ms and out over 15 ms with raised cosines, so every cue starts and ends
 * at zero and never clicks. Phases are accumulated sample by sample in
 * double precision: the same cue at the same rate is the same array of
 * floats wherever it is made.
 */
#include "audio_cue.h"

#include <math.h>
#include <string.h>

#define ATTACK_S 0.005
#define RELEASE_S 0.015
#define PARTIALS 5
#define SEGMENTS 2

struct segment {
	double start_s, length_s;
	double f0, f1;               /* Hz, exponential glide */
	double partial[PARTIALS];    /* amplitudes of harmonics 1..5 */
	double beat_ratio;           /* a second tone at f * ratio; 0: none */
	double amplitude;            /* peak of the segment */
};

struct cue_design {
	const char *name;
	struct segment seg[SEGMENTS];
	int segments;
};

/* Pitches are equal-tempered notes (E6 1319, C5 523, A5 880, G3 196 ...),
 * so cues played close together do not clash more than they must. */
static const struct cue_design designs[AUDIO_CUE_COUNT] = {
	[AUDIO_CUE_OVERDEEP] = { "overdeep", {
		{ 0.000, 0.050, 1319, 1319, { 1, 0, 0.35, 0, 0.15 }, 0, 0.9 },
		{ 0.065, 0.050, 1319, 1319, { 1, 0, 0.35, 0, 0.15 }, 0, 0.9 } }, 2 },
	[AUDIO_CUE_SHALLOW] = { "shallow", {
		{ 0.000, 0.110, 330, 262, { 1, 0, 0, 0, 0 }, 0, 0.55 } }, 1 },
	[AUDIO_CUE_CROWDED] = { "crowded", {
		{ 0.000, 0.130, 880, 880, { 1, 0, 0, 0, 0 }, 1.0594630943592953, 0.9 } }, 1 },
	[AUDIO_CUE_GAP] = { "gap", {
		{ 0.000, 0.100, 523, 1046, { 1, 0.15, 0, 0, 0 }, 0, 0.5 } }, 1 },
	[AUDIO_CUE_OUTSIDE] = { "outside", {
		{ 0.000, 0.150, 196, 196, { 1, 0, 0.45, 0, 0.25 }, 0, 0.6 } }, 1 },
	[AUDIO_CUE_TAIL] = { "tail", {
		{ 0.000, 0.070, 2637, 1319, { 1, 0, 0, 0, 0 }, 0, 0.45 } }, 1 },
	/* A warning short of overdeep's: one beep, not two, at half its
	 * loudness, an octave lower (E5) and rounder, so it reads as its
	 * milder cousin. */
	[AUDIO_CUE_DEEP] = { "deep", {
		{ 0.000, 0.080, 659, 659, { 1, 0, 0.2, 0, 0 }, 0, 0.45 } }, 1 },
};

const char *audio_cue_name(enum audio_cue cue)
{
	return cue < AUDIO_CUE_COUNT ? designs[cue].name : "?";
}

enum audio_cue audio_cue_from_name(const char *name)
{
	for (int i = 0; i < AUDIO_CUE_COUNT; i++)
		if (!strcmp(name, designs[i].name))
			return (enum audio_cue)i;
	return AUDIO_CUE_COUNT;
}

static double cue_length_s(const struct cue_design *d)
{
	const struct segment *last = &d->seg[d->segments - 1];

	return last->start_s + last->length_s;
}

size_t audio_cue_frames(enum audio_cue cue, double rate)
{
	if (cue >= AUDIO_CUE_COUNT || !(rate > 0))
		return 0;
	return (size_t)ceil(cue_length_s(&designs[cue]) * rate);
}

static double envelope(double t, double length)
{
	if (t < ATTACK_S)
		return 0.5 - 0.5 * cos(M_PI * t / ATTACK_S);
	if (t > length - RELEASE_S)
		return 0.5 - 0.5 * cos(M_PI * (length - t) / RELEASE_S);
	return 1;
}

static void add_segment(const struct segment *s, double rate, float *out, size_t frames)
{
	size_t first = (size_t)llround(s->start_s * rate);
	size_t n = (size_t)llround(s->length_s * rate);
	double sum = 0, phase = 0, beat = 0;

	for (int k = 0; k < PARTIALS; k++)
		sum += s->partial[k];
	if (s->beat_ratio > 0)
		sum *= 2;
	for (size_t i = 0; i < n && first + i < frames; i++) {
		double t = i / rate;
		double f = s->f0 * pow(s->f1 / s->f0, t / s->length_s);
		double v = 0;

		for (int k = 0; k < PARTIALS; k++)
			if (s->partial[k] != 0)
				v += s->partial[k] * sin((k + 1) * phase);
		if (s->beat_ratio > 0)
			v += sin(beat);
		out[first + i] += (float)(s->amplitude * envelope(t, s->length_s) * v / sum);
		phase = fmod(phase + 2 * M_PI * f / rate, 2 * M_PI);
		beat = fmod(beat + 2 * M_PI * f * s->beat_ratio / rate, 2 * M_PI);
	}
}

size_t audio_cue_synth(enum audio_cue cue, double rate, float *out)
{
	size_t frames = audio_cue_frames(cue, rate);

	if (!frames)
		return 0;
	memset(out, 0, frames * sizeof(*out));
	for (int i = 0; i < designs[cue].segments; i++)
		add_segment(&designs[cue].seg[i], rate, out, frames);
	return frames;
}
