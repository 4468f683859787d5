/* audio_mixer: a fixed set of voices over waveforms made once.
 *
 * A cue takes a free voice, or the one nearest its end when all eight are
 * busy (an old cue fades from attention anyway). The depth tone glides
 * (one-pole smoothing, 5 ms) towards the pitch its depth asks for, so
 * depth updates at the tablet's report rate never step audibly, and fades
 * in and out over 10 ms. Render sums into the caller's buffer and clips
 * at +-1. Nothing here allocates after audio_mixer_new().
 */
#include "audio_mixer.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define VOICES 8
#define TONE_GLIDE_S 0.005
#define TONE_FADE_S 0.010
#define TONE_BASE_HZ 220.0
#define TONE_MAX_DEPTH 1.25   /* the tone stops rising past 1.25 x overdeep */

struct voice {
	const float *table;
	size_t length, pos;
	float gain;
};

struct audio_mixer {
	double rate;
	struct audio_settings settings;
	float *tables[AUDIO_CUE_COUNT];
	size_t lengths[AUDIO_CUE_COUNT];
	struct voice voices[VOICES];
	/* depth tone */
	double freq, freq_target, rough, rough_target, level, level_target, phase;
	double glide_k, fade_k;
};

void audio_settings_default(struct audio_settings *s)
{
	for (int i = 0; i < AUDIO_CUE_COUNT; i++) {
		s->cue_on[i] = true;
		s->cue_volume[i] = 1.0f;
	}
	s->volume = 0.8f;
	s->depth_tone = false;
	s->tone_volume = 0.25f;
}

int audio_settings_select(struct audio_settings *s, const char *list)
{
	bool on[AUDIO_CUE_COUNT] = { false };
	char word[32];

	if (!strcmp(list, "all") || !strcmp(list, "none")) {
		for (int i = 0; i < AUDIO_CUE_COUNT; i++)
			s->cue_on[i] = list[0] == 'a';
		return 0;
	}
	while (*list) {
		size_t n = strcspn(list, ",");
		enum audio_cue cue;

		if (n == 0 || n >= sizeof(word))
			return -EINVAL;
		memcpy(word, list, n);
		word[n] = '\0';
		if ((cue = audio_cue_from_name(word)) == AUDIO_CUE_COUNT)
			return -EINVAL;
		on[cue] = true;
		list += n + (list[n] == ',');
	}
	memcpy(s->cue_on, on, sizeof(on));
	return 0;
}

int audio_mixer_new(double rate, const struct audio_settings *settings,
		    struct audio_mixer **out)
{
	struct audio_mixer *m;

	*out = NULL;
	if (!(rate >= 8000 && rate <= 192000))
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->rate = rate;
	m->settings = *settings;
	for (int i = 0; i < AUDIO_CUE_COUNT; i++) {
		m->lengths[i] = audio_cue_frames((enum audio_cue)i, rate);
		m->tables[i] = malloc(m->lengths[i] * sizeof(float));
		if (!m->tables[i]) {
			audio_mixer_free(m);
			return -ENOMEM;
		}
		audio_cue_synth((enum audio_cue)i, rate, m->tables[i]);
	}
	m->glide_k = 1 - exp(-1 / (TONE_GLIDE_S * rate));
	m->fade_k = 1 - exp(-1 / (TONE_FADE_S * rate));
	m->freq = m->freq_target = TONE_BASE_HZ;
	*out = m;
	return 0;
}

void audio_mixer_free(struct audio_mixer *m)
{
	if (!m)
		return;
	for (int i = 0; i < AUDIO_CUE_COUNT; i++)
		free(m->tables[i]);
	free(m);
}

static double smoothstep(double a, double b, double x)
{
	double t = (x - a) / (b - a);

	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return t * t * (3 - 2 * t);
}

bool audio_mixer_apply(struct audio_mixer *m, const struct audio_command *cmd)
{
	struct voice *v = &m->voices[0];
	double d;

	switch (cmd->kind) {
	case AUDIO_PLAY_CUE:
		if (cmd->cue >= AUDIO_CUE_COUNT || !m->settings.cue_on[cmd->cue])
			return false;
		for (int i = 0; i < VOICES; i++) {
			struct voice *w = &m->voices[i];

			if (!w->table) {
				v = w;
				break;
			}
			if (w->length - w->pos < v->length - v->pos)
				v = w;
		}
		v->table = m->tables[cmd->cue];
		v->length = m->lengths[cmd->cue];
		v->pos = 0;
		v->gain = m->settings.volume * m->settings.cue_volume[cmd->cue];
		return true;
	case AUDIO_TONE_DEPTH:
		if (!m->settings.depth_tone)
			return false;
		d = cmd->depth < 0 ? 0 : cmd->depth > TONE_MAX_DEPTH ? TONE_MAX_DEPTH : cmd->depth;
		m->freq_target = TONE_BASE_HZ * pow(4, d);
		m->rough_target = smoothstep(0.75, 1.0, d);
		if (m->level_target == 0 && m->level < 1e-4) {
			/* Starting from silence: no glide from a stale pitch. */
			m->freq = m->freq_target;
			m->rough = m->rough_target;
		}
		m->level_target = 1;
		return false;
	case AUDIO_TONE_OFF:
		m->level_target = 0;
		return false;
	}
	return false;
}

static void render_tone(struct audio_mixer *m, float *out, size_t frames)
{
	double gain = m->settings.volume * m->settings.tone_volume;

	for (size_t i = 0; i < frames; i++) {
		double p = m->phase, v;

		m->freq += (m->freq_target - m->freq) * m->glide_k;
		m->rough += (m->rough_target - m->rough) * m->glide_k;
		m->level += (m->level_target - m->level) * m->fade_k;
		/* Near overdeep the 2nd and 3rd harmonics come in: a harder edge. */
		v = (sin(p) + m->rough * (0.5 * sin(2 * p) + 0.3 * sin(3 * p))) /
		    (1 + 0.8 * m->rough);
		out[i] += (float)(gain * m->level * v);
		m->phase = fmod(p + 2 * M_PI * m->freq / m->rate, 2 * M_PI);
	}
	if (m->level_target == 0 && m->level < 1e-6)
		m->level = 0;
}

void audio_mixer_render(struct audio_mixer *m, float *out, size_t frames)
{
	memset(out, 0, frames * sizeof(*out));
	for (int i = 0; i < VOICES; i++) {
		struct voice *v = &m->voices[i];
		size_t n;

		if (!v->table)
			continue;
		n = v->length - v->pos < frames ? v->length - v->pos : frames;
		for (size_t j = 0; j < n; j++)
			out[j] += v->gain * v->table[v->pos + j];
		v->pos += n;
		if (v->pos == v->length)
			v->table = NULL;
	}
	if (m->level > 0 || m->level_target > 0)
		render_tone(m, out, frames);
	for (size_t i = 0; i < frames; i++)
		out[i] = out[i] > 1 ? 1 : out[i] < -1 ? -1 : out[i];
}

bool audio_mixer_busy(const struct audio_mixer *m)
{
	for (int i = 0; i < VOICES; i++)
		if (m->voices[i].table)
			return true;
	return m->level > 0 || m->level_target > 0;
}
