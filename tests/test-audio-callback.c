/* test-audio-callback: the PortAudio callback alone (rig/audio/audio_callback.c),
 * called as PortAudio's thread calls it, with real queues and a real mixer:
 *  - a command queued before a buffer sounds from that buffer's first
 *    frame, exactly as the mixer renders it, and its start is reported
 *    with that frame, the buffer's DAC time and the callback's own time;
 *  - the stream completes exactly at stop_at frames;
 *  - on a sink with no clock of its own (ALSA's null or file plugin: it
 *    asks for buffers back to back, far faster than real time) while a
 *    paced replay has sent nothing, the callback still never waits: the
 *    CPU time of rendering half a second of sound must be small. The
 *    figure is the thread's CPU time, which a loaded machine does not
 *    inflate (time spent preempted is not counted); a callback that waits
 *    (spins) for the replay, as it once did for up to 50 ms per buffer,
 *    uses seconds of it here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "audio_callback.h"
#include "audio_output.h"

#define RATE 48000.0
#define FRAMES 256

struct fixture {
	struct audio_callback_state st;
	struct audio_settings settings;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	audio_settings_default(&f.settings);
	if (spsc_queue_new(64, sizeof(struct audio_command), &f.st.commands) < 0 ||
	    spsc_queue_new(64, sizeof(struct audio_cue_start), &f.st.starts) < 0 ||
	    audio_mixer_new(RATE, &f.settings, &f.st.mixer) < 0)
		return -1;
	atomic_init(&f.st.frames, 0);
	atomic_init(&f.st.stop_at, UINT64_MAX);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	spsc_queue_free(f->st.commands);
	spsc_queue_free(f->st.starts);
	audio_mixer_free(f->st.mixer);
	return 0;
}

static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One buffer, with the time info PortAudio's ALSA host gives: the clock
 * now, and the DAC time a buffer's latency later. */
static int buffer(struct fixture *f, float *out, PaStreamCallbackTimeInfo *time)
{
	time->currentTime = seconds(CLOCK_MONOTONIC);
	time->outputBufferDacTime = time->currentTime + FRAMES / RATE;
	time->inputBufferAdcTime = 0;
	return audio_callback(NULL, out, FRAMES, time, 0, &f->st);
}

static void test_command_sounds_from_the_first_frame(void **state)
{
	struct fixture *f = *state;
	struct audio_command cmd = { .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_GAP,
				     .time_us = 1234567 };
	struct audio_mixer *reference;
	struct audio_cue_start start;
	PaStreamCallbackTimeInfo time;
	float out[FRAMES], want[FRAMES];

	assert_int_equal(buffer(f, out, &time), paContinue);
	for (size_t i = 0; i < FRAMES; i++)
		assert_true(out[i] == 0.0f);
	assert_false(spsc_queue_pop(f->st.starts, &start));

	assert_true(spsc_queue_push(f->st.commands, &cmd));
	assert_int_equal(buffer(f, out, &time), paContinue);
	assert_int_equal(audio_mixer_new(RATE, &f->settings, &reference), 0);
	assert_true(audio_mixer_apply(reference, &cmd));
	audio_mixer_render(reference, want, FRAMES);
	audio_mixer_free(reference);
	assert_true(want[1] != 0.0f);
	assert_memory_equal(out, want, sizeof(out));

	assert_true(spsc_queue_pop(f->st.starts, &start));
	assert_int_equal(start.cue, AUDIO_CUE_GAP);
	assert_int_equal(start.time_us, 1234567);
	assert_int_equal(start.frame, FRAMES);
	assert_true(start.dac_at == time.outputBufferDacTime);
	assert_true(start.callback_at == time.currentTime);
	assert_false(spsc_queue_pop(f->st.starts, &start));
	assert_int_equal(atomic_load(&f->st.frames), 2 * FRAMES);
}

static void test_completes_at_stop_at(void **state)
{
	struct fixture *f = *state;
	PaStreamCallbackTimeInfo time;
	float out[FRAMES];

	atomic_store(&f->st.stop_at, 3 * FRAMES);
	assert_int_equal(buffer(f, out, &time), paContinue);
	assert_int_equal(buffer(f, out, &time), paContinue);
	assert_int_equal(buffer(f, out, &time), paComplete);
	assert_int_equal(atomic_load(&f->st.frames), 3 * FRAMES);
}

static void test_never_waits_on_a_sink_with_no_clock(void **state)
{
	struct fixture *f = *state;
	PaStreamCallbackTimeInfo time;
	float out[FRAMES];
	double cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
	size_t buffers = (size_t)(0.5 * RATE / FRAMES);

	/* Back to back, as the null plugin asks: half a second of sound in
	 * far less wall time, and nothing sent. */
	for (size_t i = 0; i < buffers; i++)
		assert_int_equal(buffer(f, out, &time), paContinue);
	cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
	assert_int_equal(atomic_load(&f->st.frames), buffers * FRAMES);
	/* Rendering 24 000 samples of silence takes well under a millisecond
	 * (and a few under the sanitizers); waiting 50 ms per buffer once the
	 * stream is seen to run fast takes seconds. */
	if (cpu > 0.25)
		fail_msg("%zu buffers took %.3f s of CPU time: the callback waits", buffers, cpu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_command_sounds_from_the_first_frame, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_completes_at_stop_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_waits_on_a_sink_with_no_clock, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
