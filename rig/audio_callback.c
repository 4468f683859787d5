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

#include <time.h>

#include "audio_output.h"

#define BACKPRESSURE_MAX_S 0.050

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A sink with no clock (ALSA's null, a file) asks for buffers as fast as
 * they are made, and a paced replay cannot keep ahead of it. Seen to run
 * at more than twice real time, the stream waits, before each buffer,
 * until the replay has sent everything due by the buffer's first frame
 * (bounded: a stalled replay only makes its cues late). A device with a
 * clock never waits here. */
static void wait_for_replay(struct audio_callback_state *st, uint_fast64_t first,
			    const PaStreamCallbackTimeInfo *time)
{
	double deadline;

	if (first == 0)
		st->first_time = time->currentTime;
	else if (!st->unpaced && first > st->rate / 5 &&
		 first / st->rate > 2 * (time->currentTime - st->first_time) + 0.1)
		st->unpaced = true;
	if (!st->unpaced ||
	    atomic_load_explicit(&st->released, memory_order_acquire) > first)
		return;
	deadline = monotonic_s() + BACKPRESSURE_MAX_S;
	while (atomic_load_explicit(&st->released, memory_order_acquire) <= first &&
	       monotonic_s() < deadline)
		;
}

int audio_callback(const void *input, void *output, unsigned long frames,
		   const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
		   void *state)
{
	struct audio_callback_state *st = state;
	struct audio_command cmd;
	uint_fast64_t done;

	(void)input;
	(void)flags;
	wait_for_replay(st, atomic_load_explicit(&st->frames, memory_order_relaxed), time);
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
