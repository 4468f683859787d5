/* audio_cue: the sounds smpsim makes, as a vocabulary the simulator's
 * feedback speaks in (enum audio_cue, audio_command) and as waveforms.
 *
 * Each cue is at most 150 ms, starts and ends at silence through raised
 * cosine edges (no clicks), and differs from the others in pitch, motion
 * and rhythm, so a trainee tells them apart without looking. The waveform
 * is a pure function of the cue and the sample rate: the live stream and a
 * wav: rendering play exactly the same samples. docs/audio.md describes
 * them for trainees.
 */
#ifndef SMPSIM_AUDIO_CUE_H
#define SMPSIM_AUDIO_CUE_H

#include <stddef.h>
#include <stdint.h>

enum audio_cue {
	AUDIO_CUE_OVERDEEP = 0, /**< urgent: two sharp high beeps */
	AUDIO_CUE_SHALLOW,      /**< soft low falling blip */
	AUDIO_CUE_CROWDED,      /**< merging or too close: a rough, beating chord */
	AUDIO_CUE_GAP,          /**< a hollow rising whistle */
	AUDIO_CUE_OUTSIDE,      /**< outside the zone: a low buzz */
	AUDIO_CUE_TAIL,         /**< a quick falling swish */
	AUDIO_CUE_DEEP,         /**< past the band, short of overdeep: one soft
				 *   beep an octave below overdeep's pair */
	AUDIO_CUE_COUNT,
};

/** Longest cue, in seconds. */
#define AUDIO_CUE_MAX_S 0.150

/** What the simulator asks of the sound. */
enum audio_command_kind {
	AUDIO_PLAY_CUE,   /**< play @c cue once */
	AUDIO_TONE_DEPTH, /**< the depth tone sounds at @c depth (fraction of overdeep) */
	AUDIO_TONE_OFF,   /**< the needle left the skin: the tone fades out */
};

struct audio_command {
	enum audio_command_kind kind;
	enum audio_cue cue;
	float depth;      /**< AUDIO_TONE_DEPTH: depth / overdeep threshold, >= 0 */
	int64_t time_us;  /**< session time of the pen sample behind it */
};

/** @return "overdeep", "shallow", "crowded", "gap", "outside", "tail" or
 * "deep". */
const char *audio_cue_name(enum audio_cue cue);

/** @return the cue whose name is @p name, or AUDIO_CUE_COUNT. */
enum audio_cue audio_cue_from_name(const char *name);

/** @return the number of frames of @p cue at @p rate. */
size_t audio_cue_frames(enum audio_cue cue, double rate);

/**
 * Writes the waveform of @p cue at @p rate (peak at most 1.0) into @p out,
 * which has room for audio_cue_frames() samples.
 * @return the number of samples written.
 */
size_t audio_cue_synth(enum audio_cue cue, double rate, float *out);

#endif
