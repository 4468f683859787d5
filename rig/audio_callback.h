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
#include "audio_queue.h"

struct audio_callback_state {
	struct audio_queue *commands;  /**< main -> callback: struct audio_command */
	struct audio_queue *starts;    /**< callback -> main: struct audio_cue_start */
	struct audio_mixer *mixer;
	atomic_uint_fast64_t frames;   /**< frames rendered so far */
	atomic_uint_fast64_t stop_at;  /**< complete once frames reach it */
	/** A paced replay has sent the commands of every pen sample due
	 * before this frame (UINT64_MAX: not a replay, or its end). On a sink
	 * with no clock the callback waits for it. */
	atomic_uint_fast64_t released;
	double rate;                   /**< the stream's */
	/* The callback's own: is the sink paced? */
	double first_time;             /**< currentTime of the first buffer */
	bool unpaced;                  /**< seen running faster than real time */
};

/**
 * The stream callback: applies the queued commands, renders one buffer of
 * mono float samples, reports the cues it started with the buffer's DAC
 * time, and completes the stream at @c stop_at frames. It allocates
 * nothing, takes no lock, does no I/O and logs nothing.
 */
int audio_callback(const void *input, void *output, unsigned long frames,
		   const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
		   void *state);

#endif
