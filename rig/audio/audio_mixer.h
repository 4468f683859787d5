/* audio_mixer: turns audio commands into samples. Cue voices play the
 * precomputed cue waveforms; the depth tone is an oscillator whose pitch
 * follows the needle's depth and whose timbre roughens near the overdeep
 * threshold. The same mixer runs inside the audio callback and in the
 * offline wav: renderer, so both make the same samples from the same
 * commands at the same frames.
 */
#ifndef SMPSIM_AUDIO_MIXER_H
#define SMPSIM_AUDIO_MIXER_H

#include <stdbool.h>
#include <stddef.h>

#include "audio_cue.h"

/** Which cues sound and how loud: the user's settings. */
struct audio_settings {
	bool cue_on[AUDIO_CUE_COUNT];
	float cue_volume[AUDIO_CUE_COUNT]; /**< 0..1, times the master volume */
	float volume;                      /**< master, 0..1 */
	bool depth_tone;                   /**< the continuous tone while in the skin */
	float tone_volume;                 /**< 0..1, times the master volume */
};

/** Every cue on at full cue volume, master 0.8, depth tone off at 0.25. */
void audio_settings_default(struct audio_settings *settings);

/**
 * Turns on exactly the cues named in @p list ("overdeep,gap", "all" or
 * "none"). @return 0, or -EINVAL naming nothing (settings unchanged).
 */
int audio_settings_select(struct audio_settings *settings, const char *list);

struct audio_mixer;

/**
 * Synthesizes every cue at @p rate; the only allocation the mixer makes.
 * @return 0 and *out, -EINVAL for a rate outside 8000..192000, or -ENOMEM.
 */
int audio_mixer_new(double rate, const struct audio_settings *settings,
		    struct audio_mixer **out);

/** Frees the mixer. Accepts NULL. */
void audio_mixer_free(struct audio_mixer *mixer);

/**
 * Applies one command from the next frame on. No allocation, lock or I/O:
 * safe in the audio callback.
 * @return true if a cue voice started (it plays from the next rendered frame).
 */
bool audio_mixer_apply(struct audio_mixer *mixer, const struct audio_command *cmd);

/** Renders @p frames mono samples into @p out (overwriting it), within -1..1.
 * Safe in the audio callback. */
void audio_mixer_render(struct audio_mixer *mixer, float *out, size_t frames);

/** @return true while a cue voice or the depth tone still sounds. */
bool audio_mixer_busy(const struct audio_mixer *mixer);

#endif
