/* audio_analysis: the WAV reader walks the RIFF chunks (fmt before data,
 * odd chunks padded), reads little-endian fields byte by byte, and keeps
 * what the header declares apart from what the file holds, so a test can
 * judge the header. Onsets are found on the raw samples, then each is
 * matched against every template at every lag of a short window; the lag
 * of the best match is the cue's first frame.
 */
#include "audio_analysis.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static unsigned char *slurp(const char *path, size_t *size, int *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n = -1;

	*err = 0;
	*size = 0;
	if (!f) {
		*err = -errno;
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		*err = -EIO;
	else if (!(buf = malloc(n ? (size_t)n : 1)))
		*err = -ENOMEM;
	else if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		*err = -EIO;
	fclose(f);
	if (*err) {
		free(buf);
		return NULL;
	}
	*size = (size_t)n;
	return buf;
}

int audio_analysis_read_wav(const char *path, struct wav_file *w, char *why,
			    size_t why_size)
{
	unsigned char *b;
	size_t size, at = 12;
	bool have_fmt = false;
	int err;

	memset(w, 0, sizeof(*w));
	b = slurp(path, &size, &err);
	if (!b) {
		snprintf(why, why_size, "%s: %s", path, strerror(-err));
		return err;
	}
	w->file_size = size;
	if (size < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4)) {
		snprintf(why, why_size, "%s: not a RIFF/WAVE file", path);
		free(b);
		return -EINVAL;
	}
	w->riff_size = le(b + 4, 4);
	while (at + 8 <= size) {
		uint32_t len = le(b + at + 4, 4);

		if (!memcmp(b + at, "fmt ", 4)) {
			if (len < 16 || at + 8 + 16 > size)
				break;
			w->fmt_size = len;
			w->format = (uint16_t)le(b + at + 8, 2);
			w->channels = (uint16_t)le(b + at + 10, 2);
			w->rate = le(b + at + 12, 4);
			w->byte_rate = le(b + at + 16, 4);
			w->block_align = (uint16_t)le(b + at + 20, 2);
			w->bits = (uint16_t)le(b + at + 22, 2);
			have_fmt = true;
		} else if (!memcmp(b + at, "data", 4)) {
			w->data_offset = at + 8;
			w->data_size = len;
			break;
		}
		if (len > size - at - 8)
			break;
		at += 8 + (size_t)len + (len & 1);
	}
	if (!have_fmt || !w->data_offset) {
		snprintf(why, why_size, "%s: no %s chunk", path, have_fmt ? "data" : "fmt");
		free(b);
		return -EINVAL;
	}
	if (w->format != 1 || w->bits != 16 || w->channels == 0 ||
	    w->block_align != w->channels * 2) {
		snprintf(why, why_size, "%s: format %u, %u bits, %u channels, block %u: "
			 "not 16-bit PCM", path, w->format, w->bits, w->channels,
			 w->block_align);
		free(b);
		return -EINVAL;
	}
	w->frames = (size - w->data_offset) / w->block_align;
	w->samples = malloc((w->frames ? w->frames : 1) * sizeof(float));
	if (!w->samples) {
		free(b);
		return -ENOMEM;
	}
	for (size_t i = 0; i < w->frames; i++)
		w->samples[i] = (int16_t)le(b + w->data_offset + i * w->block_align, 2) /
				32768.0f;
	free(b);
	return 0;
}

void audio_analysis_wav_free(struct wav_file *w)
{
	free(w->samples);
	w->samples = NULL;
}

size_t audio_analysis_onsets(const float *x, size_t n, double rate, size_t *onsets,
			     size_t max)
{
	size_t need = (size_t)ceil(AUDIO_ANALYSIS_SILENCE_S * rate), quiet = need, count = 0;

	for (size_t i = 0; i < n; i++) {
		if (fabsf(x[i]) <= AUDIO_ANALYSIS_THRESHOLD) {
			quiet++;
			continue;
		}
		if (quiet >= need) {
			if (count < max)
				onsets[count] = i;
			count++;
		}
		quiet = 0;
	}
	return count;
}

int audio_analysis_templates(double rate, struct cue_templates *t)
{
	memset(t, 0, sizeof(*t));
	t->rate = rate;
	for (int c = 0; c < AUDIO_CUE_COUNT; c++) {
		t->frames[c] = audio_cue_frames((enum audio_cue)c, rate);
		t->wave[c] = malloc(t->frames[c] * sizeof(float));
		if (!t->wave[c]) {
			audio_analysis_templates_free(t);
			return -ENOMEM;
		}
		audio_cue_synth((enum audio_cue)c, rate, t->wave[c]);
	}
	return 0;
}

void audio_analysis_templates_free(struct cue_templates *t)
{
	for (int c = 0; c < AUDIO_CUE_COUNT; c++) {
		free(t->wave[c]);
		t->wave[c] = NULL;
	}
}

/* Normalized correlation of @p y with @p x from @p at; past the end of
 * @p x counts as silence. */
static double correlate(const float *x, size_t n, size_t at, const float *y, size_t len)
{
	double xy = 0, xx = 0, yy = 0;

	for (size_t k = 0; k < len; k++) {
		double a = at + k < n ? x[at + k] : 0, b = y[k];

		xy += a * b;
		xx += a * a;
		yy += b * b;
	}
	return xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : 0;
}

void audio_analysis_classify(const struct cue_templates *t, const float *x, size_t n,
			     size_t onset, struct cue_match *m)
{
	size_t before = (size_t)ceil(0.005 * t->rate), after = (size_t)ceil(0.001 * t->rate);
	size_t from = onset > before ? onset - before : 0;
	double best[AUDIO_CUE_COUNT];
	size_t where[AUDIO_CUE_COUNT];

	memset(m, 0, sizeof(*m));
	for (int c = 0; c < AUDIO_CUE_COUNT; c++) {
		best[c] = -1;
		where[c] = from;
		for (size_t at = from; at <= onset + after; at++) {
			double r = correlate(x, n, at, t->wave[c], t->frames[c]);

			if (r > best[c]) {
				best[c] = r;
				where[c] = at;
			}
		}
	}
	m->cue = AUDIO_CUE_OVERDEEP;
	for (int c = 1; c < AUDIO_CUE_COUNT; c++)
		if (best[c] > best[m->cue])
			m->cue = (enum audio_cue)c;
	m->start = where[m->cue];
	m->score = best[m->cue];
	m->runner_up = -1;
	for (int c = 0; c < AUDIO_CUE_COUNT; c++)
		if (c != (int)m->cue && best[c] > m->runner_up)
			m->runner_up = best[c];
}
