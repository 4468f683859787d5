/* audio_callback: everything the audio thread does, in one function.
 *
 * PortAudio's rule for callbacks holds here: no allocation, no locks, no
 * I/O, no logging. Commands come in through a preallocated lock-free queue
 * and are applied before the buffer is rendered, so a cue starts at the
 * buffer's first frame, whose DAC time PortAudio gives; that time goes back
 * through a second queue for latency figures (dropped if main is behind,
 * never waited for). The frame counter is the audio clock that paces
 * replays and ends the stream by frame count.
 */
#include "audio_callback.h"

#include "audio_output.h"

int audio_callback(const void *input, void *output, unsigned long frames,
		   const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
		   void *state)
{
	struct audio_callback_state *st = state;
	struct audio_command cmd;
	uint_fast64_t done;

	(void)input;
	(void)flags;
	while (audio_queue_pop(st->commands, &cmd)) {
		if (audio_mixer_apply(st->mixer, &cmd)) {
			struct audio_cue_start start = {
				.cue = cmd.cue, .time_us = cmd.time_us,
				.sent_at = cmd.sent_at, .dac_at = time->outputBufferDacTime,
			};

			audio_queue_push(st->starts, &start);
		}
	}
	audio_mixer_render(st->mixer, output, frames);
	done = atomic_fetch_add_explicit(&st->frames, frames, memory_order_release) + frames;
	return done >= atomic_load_explicit(&st->stop_at, memory_order_acquire) ?
	       paComplete : paContinue;
}
