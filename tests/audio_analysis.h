/* audio_analysis: reads back what an audio output played and says which
 * cues sounded where: a strict 16-bit PCM WAV reader, onset detection
 * (sound after silence), and classification of each onset by normalized
 * cross-correlation with every cue's template from audio_cue_synth() at
 * the file's own rate.
 */
#ifndef SMPSIM_AUDIO_ANALYSIS_H
#define SMPSIM_AUDIO_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "audio_cue.h"

/** A WAV file's header fields as written, and its first channel. */
struct wav_file {
	size_t file_size;
	uint32_t riff_size;     /**< RIFF chunk size: file_size - 8 when right */
	uint32_t fmt_size;      /**< 16 for plain PCM */
	uint16_t format;        /**< 1: integer PCM (3 would be IEEE float) */
	uint16_t channels;
	uint32_t rate;
	uint32_t byte_rate;     /**< rate * block_align */
	uint16_t block_align;   /**< channels * bits / 8 */
	uint16_t bits;
	size_t data_offset;     /**< where the samples start */
	uint32_t data_size;     /**< the data chunk's declared size */
	size_t frames;          /**< whole frames actually in the file */
	float *samples;         /**< channel 0, as value / 32768 */
};

/**
 * Reads a RIFF/WAVE file of 16-bit integer PCM (format 1, bits 16). The
 * samples are those present in the file, whatever the data chunk declares.
 * @param why  receives what is wrong
 * @return 0, -errno from the file, -EINVAL for a file that is not
 * 16-bit PCM WAV, -ENOMEM.
 */
int audio_analysis_read_wav(const char *path, struct wav_file *wav, char *why,
			    size_t why_size);

/** Frees the samples. Accepts a zeroed struct. */
void audio_analysis_wav_free(struct wav_file *wav);

/** Silence before an onset: longer than the 15 ms gap inside "overdeep". */
#define AUDIO_ANALYSIS_SILENCE_S 0.030
/** Above this magnitude a sample is sound (S16 silence is exactly 0). */
#define AUDIO_ANALYSIS_THRESHOLD 0.002

/**
 * Finds onsets: a sample above the threshold after at least
 * AUDIO_ANALYSIS_SILENCE_S of samples at or below it (the file's start
 * counts as silence).
 * @return the number of onsets (their frames go to @p onsets, at most
 * @p max are written).
 */
size_t audio_analysis_onsets(const float *x, size_t n, double rate, size_t *onsets,
			     size_t max);

/** What an onset is. */
struct cue_match {
	enum audio_cue cue;     /**< the best match */
	size_t start;           /**< frame where that cue's first sample lies */
	double score;           /**< its normalized correlation, 0..1 */
	double runner_up;       /**< the best score of any other cue */
};

/** Cue templates at one rate. */
struct cue_templates {
	double rate;
	float *wave[AUDIO_CUE_COUNT];
	size_t frames[AUDIO_CUE_COUNT];
};

/** Synthesizes every cue at @p rate. @return 0 or -ENOMEM. */
int audio_analysis_templates(double rate, struct cue_templates *t);

/** Frees the templates. Accepts a zeroed struct. */
void audio_analysis_templates_free(struct cue_templates *t);

/**
 * Classifies the sound at @p onset: for each cue, the largest normalized
 * correlation of its template with the signal starting anywhere from 5 ms
 * before the onset to 1 ms after it (the detector fires within the cue's
 * 5 ms attack).
 */
void audio_analysis_classify(const struct cue_templates *t, const float *x, size_t n,
			     size_t onset, struct cue_match *match);

#endif
