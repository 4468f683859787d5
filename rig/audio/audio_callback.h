/* audio_callback: the PortAudio stream callback and the state it shares
 * with the rest of the program, all of it allocated before the stream
 * starts.
 */
#ifndef SMPSIM_AUDIO_CALLBACK_H
#define SMPSIM_AUDIO_CALLBACK_H

#include <portaudio.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "audio_mixer.h"
#include "spsc_queue.h"

struct audio_callback_state {
	struct spsc_queue *commands;  /**< main -> callback: struct audio_command */
	struct spsc_queue *starts;    /**< callback -> main: struct audio_cue_start */
	struct audio_mixer *mixer;
	atomic_uint_fast64_t frames;   /**< frames rendered so far */
	atomic_uint_fast64_t stop_at;  /**< complete once frames reach it */
	atomic_bool finished;          /**< the stream has ended (set by
					*   audio_callback_finished) */
};

/**
 * The stream callback: applies the queued commands, renders one buffer of
 * mono float samples, reports the cues it started with the buffer's DAC
 * time, and completes the stream at @c stop_at frames. It allocates
 * nothing, takes no lock, does no I/O, logs nothing and never waits.
 */
int audio_callback(const void *input, void *output, unsigned long frames,
		   const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
		   void *state);

/**
 * The stream's finished callback (Pa_SetStreamFinishedCallback): sets
 * @c finished, so that the main thread learns the stream has ended from an
 * atomic flag, without asking PortAudio (on ALSA that takes alsa-lib's
 * lock on the PCM, which the audio thread holds while it writes).
 */
void audio_callback_finished(void *state);

#endif
