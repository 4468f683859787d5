/* audio_callback: everything the audio thread does, in one function.
 *
 * PortAudio's rule for callbacks holds here: no allocation, no locks, no
 * I/O, no logging, no waiting. Commands come in through a preallocated
 * lock-free queue and are applied before the buffer is rendered, so a cue
 * starts at the buffer's first frame, whose DAC time PortAudio gives; that
 * time goes back through a second queue for latency figures (dropped if
 * main is behind, never waited for). The frame counter is the audio clock
 * that paces replays and ends the stream by frame count: the callback
 * only counts, and the main thread does all the waiting (audio_stream.c),
 * also on a sink with no clock of its own, which it paces by the wall
 * clock instead.
 */
#include "audio_callback.h"

#include "audio_output.h"

int audio_callback(const void *input, void *output, unsigned long frames,
		   const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
		   void *state)
{
	struct audio_callback_state *st = state;
	struct audio_command cmd;
	/* Only this thread adds to it. */
	uint_fast64_t first = atomic_load_explicit(&st->frames, memory_order_relaxed), done;

	(void)input;
	(void)flags;
	while (spsc_queue_pop(st->commands, &cmd)) {
		if (audio_mixer_apply(st->mixer, &cmd)) {
			struct audio_cue_start start = {
				.cue = cmd.cue, .time_us = cmd.time_us, .frame = first,
				.callback_at = time->currentTime,
				.dac_at = time->outputBufferDacTime,
			};

			spsc_queue_push(st->starts, &start);
		}
	}
	audio_mixer_render(st->mixer, output, frames);
	done = first + frames;
	atomic_store_explicit(&st->frames, done, memory_order_release);
	return done >= atomic_load_explicit(&st->stop_at, memory_order_acquire) ?
	       paComplete : paContinue;
}

void audio_callback_finished(void *state)
{
	struct audio_callback_state *st = state;

	atomic_store_explicit(&st->finished, true, memory_order_release);
}
