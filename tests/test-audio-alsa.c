/* test-audio-alsa: smpsim's live audio path, a real PortAudio stream on
 * ALSA, end to end on a machine with no sound card.
 *
 * tests/data/alsa/asound.conf, given as ALSA_CONFIG_PATH, makes "default"
 * a plug (to S16_LE, 64 channels) into ALSA's file plugin over a null
 * slave; the file plugin pipes the stream to tests/alsa-sink.c (the
 * command in $SMPSIM_ALSA_SINK), the test's sound card: it takes the
 * samples at exactly the stream's rate, so the pipe's backpressure holds
 * PortAudio's ALSA thread, and with it the callback, to real time, and
 * writes channel 0 to a WAV file. `smpsim inspect RECORDING --scalp
 * frontal-temporal --needle 0601rl --audio default` runs as a child
 * process in that environment, on the synthetic sessions the build wrote
 * (session_gen.c):
 *  - it must report the stream on stderr, "audio: ALSA: default, R Hz,
 *    output latency L ms (as PortAudio reports it)", and nothing else there;
 *  - the WAV must be 16-bit mono PCM at R Hz, its sizes matching the file;
 *  - known-faults: onsets (sound after 30 ms of silence), each classified
 *    by correlation with the cue templates of audio_cue_synth() at R, must
 *    be exactly the cues the simulator asks for (session_cues.c, from the
 *    same recording), in the same order, each a clean match; their spacing
 *    must be the session's within one buffer and scheduling slack
 *    (TIMING_SLACK_S), since the replay is paced by the audio clock and a
 *    cue is started at the first buffer after its pen sample; and the
 *    stream must end by frame count, shortly after the last cue has played;
 *  - clean: the file must be all silence, and as long as the session;
 *  - a sink with no clock (alsa-sink --clockless, which takes samples as
 *    fast as they come, as ALSA's null plugin does): smpsim must say once
 *    that the output has no clock, pace the replay by the wall clock (it
 *    takes at least the session's length) and still play every cue, in
 *    order; the callback never waits for it (test-audio-callback).
 * First, as the reference that the analysis itself is right, the same
 * session rendered offline (--audio wav:) must analyse to exactly the
 * expected cues at exactly their frames.
 * Needs nothing but alsa-lib's own plugins (label "alsa"): no card, no
 * server, no /dev/snd.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio_analysis.h"
#include "child_process.h"
#include "session_cues.h"
#include "tmp_files.h"

#define CONFIG SMPSIM_TEST_DATA_DIR "/alsa/asound.conf"
#define MAX_ONSETS 64

/* A cue starts at the first buffer the callback renders after its pen
 * sample was released, so each lands late by up to one buffer (PortAudio's
 * ALSA buffers here are 104 frames, 2.2 ms) plus the time smpsim's main
 * thread takes to see that the audio clock reached the sample (it sleeps
 * at most 2 ms at a time) and send the cue. A cue is never early: the
 * earliest, relative to its session time, anchors the others. What is
 * left to the machine's speed is only that main thread's wake-up: the
 * sink's clock stops while the stream's own thread is late (alsa-sink
 * does not catch up), so a busy machine only makes a cue late when it
 * keeps smpsim's main thread off the CPU just as the cue is due (a thread
 * that sleeps and wakes is favoured over busy ones). Seen: within 2 ms on
 * a quiet machine; 3.2 ms at worst in 13 runs beside four or eight busy
 * loops on 2 cores (load 5 to 9), 5.3 ms under ASan there; 20 ms bounds
 * that. */
#define TIMING_SLACK_S 0.020

/* A sink with no clock: the replay is paced by the wall clock once smpsim
 * sees the stream run ahead of it (audio_stream.c), counted from the first
 * sample (session_loop.c), so the replay takes at least the time from its
 * first sample to its last; 10 ms for reading the clocks. */
#define CLOCKLESS_LEAD_S 0.01

/* After the session: the last cue, the stream's finishing tail (the
 * longest cue, 50 ms and 8192 frames in audio_stream.c) and what PortAudio
 * and ALSA still buffer. More than this and the stream was not ended by
 * frame count. */
#define END_SLACK_S 1.0

struct run {
	char wav[PATH_MAX];
	struct child_result res;
	double rate;             /* from the stderr line */
	double wall_s;           /* how long smpsim ran */
	struct wav_file file;
};

#define CLOCKLESS_NOTE "audio: the output has no clock of its own (it plays faster than " \
	"real time): the replay is paced by the wall clock, and its sound is not in time " \
	"with it (--audio wav:PATH renders a session to a file in time)\n"

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs smpsim inspect on @p session with --audio default into a WAV of
 * its own through alsa-sink (with --clockless when @p clockless), and
 * reads the WAV back. Standard error must be the stream's line, then
 * @p more. */
static void run_inspect(const char *session, bool clockless, const char *more,
			struct run *r)
{
	char recording[PATH_MAX], sink_env[2 * PATH_MAX + 64], why[512];
	const char *argv[] = {
		SMPSIM_BINARY, "inspect", recording, "--scalp", "frontal-temporal",
		"--needle", "0601rl", "--audio", "default", NULL,
	};
	/* Without a clock, the 64 channels that keep a clocked sink's pipe
	 * short only cost time: one. */
	const char *env[] = {
		"ALSA_CONFIG_PATH=" CONFIG, sink_env,
		clockless ? "SMPSIM_ALSA_CHANNELS=1" : "SMPSIM_ALSA_CHANNELS=64", NULL,
	};
	double latency;
	int used = 0;

	memset(r, 0, sizeof(*r));
	snprintf(recording, sizeof(recording), "%s/%s.evemu", SMPSIM_SESSIONS_DIR, session);
	snprintf(r->wav, sizeof(r->wav), "%s/%s.wav", tmp_files_dir(), session);
	/* A shell command line (popen): paths quoted, and free of "%", which
	 * the file plugin would expand. */
	assert_null(strpbrk(r->wav, "'%"));
	snprintf(sink_env, sizeof(sink_env), "SMPSIM_ALSA_SINK=|'%s' %s'%s'", SMPSIM_ALSA_SINK,
		 clockless ? "--clockless " : "", r->wav);
	r->wall_s = monotonic_s();
	assert_int_equal(child_run(argv, env, &r->res), 0);
	r->wall_s = monotonic_s() - r->wall_s;
	if (r->res.status != 0)
		fail_msg("smpsim exited %d:\n%s", r->res.status, r->res.err);
	/* The stream PortAudio opened, then what else was said. */
	if (sscanf(r->res.err, "audio: ALSA: default, %lf Hz, output latency %lf ms "
		   "(as PortAudio reports it)\n%n",
		   &r->rate, &latency, &used) != 2 || used == 0 ||
	    strcmp(r->res.err + used, more))
		fail_msg("stderr is not the ALSA stream's line%s:\n%s",
			 *more ? " and the note" : "", r->res.err);
	assert_true(r->rate >= 8000 && r->rate <= 192000);
	assert_true(latency > 0 && latency < 1000);
	if (audio_analysis_read_wav(r->wav, &r->file, why, sizeof(why)) < 0)
		fail_msg("%s", why);
}

static void run_free(struct run *r)
{
	child_result_free(&r->res);
	audio_analysis_wav_free(&r->file);
}

/* The header alsa-sink wrote: 16-bit mono PCM at the stream's rate, every
 * size field matching the file. */
static void assert_header(const struct run *r)
{
	const struct wav_file *w = &r->file;

	assert_int_equal(w->format, 1);
	assert_int_equal(w->channels, 1);
	assert_int_equal(w->bits, 16);
	assert_int_equal(w->block_align, 2);
	assert_int_equal(w->rate, (uint32_t)r->rate);
	assert_int_equal(w->byte_rate, w->rate * 2);
	assert_int_equal(w->fmt_size, 16);
	assert_int_equal(w->data_offset, 44);
	assert_int_equal(w->riff_size, w->file_size - 8);
	assert_int_equal(w->data_size, w->file_size - 44);
	assert_int_equal(w->frames * 2, w->data_size);
}

static void expected_cues(const char *session, struct session_cue_list *l)
{
	char recording[PATH_MAX], err[512];

	snprintf(recording, sizeof(recording), "%s/%s.evemu", SMPSIM_SESSIONS_DIR, session);
	if (session_cues_replay(recording, SMPSIM_DATA_DIR, "frontal-temporal", "0601rl", l,
				err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

/* "overdeep@1.410 gap@2.000 ..." for messages. */
static void describe(const struct cue_match *m, size_t n, double rate, char *out,
		     size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s@%.3f", i ? " " : "",
					 audio_cue_name(m[i].cue), m[i].start / rate);
}

/* The cues in @p r's file must be exactly those of @p want, in order, each
 * a clean match; their matches go to @p got, described in @p heard. */
static void assert_cues(const struct run *r, const struct session_cue_list *want,
			const struct cue_templates *templates, struct cue_match *got,
			char *heard, size_t heard_size)
{
	size_t onsets[MAX_ONSETS], n;

	n = audio_analysis_onsets(r->file.samples, r->file.frames, r->rate, onsets, MAX_ONSETS);
	assert_true(n <= MAX_ONSETS);
	for (size_t i = 0; i < n; i++)
		audio_analysis_classify(templates, r->file.samples, r->file.frames, onsets[i],
					&got[i]);
	describe(got, n, r->rate, heard, heard_size);
	if (n != want->count)
		fail_msg("heard %zu cues, want %zu: %s", n, want->count, heard);
	for (size_t i = 0; i < n; i++) {
		if (got[i].cue != want->cues[i].cue)
			fail_msg("cue %zu is %s, want %s: %s", i, audio_cue_name(got[i].cue),
				 audio_cue_name(want->cues[i].cue), heard);
		/* The stream's samples are the template times the volume, in
		 * 16 bits: nearly perfect, and far from any other cue. */
		if (got[i].score < 0.99 || got[i].runner_up > 0.7)
			fail_msg("cue %zu (%s) matches %.4f, the next best %.4f: %s", i,
				 audio_cue_name(got[i].cue), got[i].score, got[i].runner_up, heard);
	}
}

static void test_known_faults(void **state)
{
	struct session_cue_list want;
	struct cue_templates templates;
	struct cue_match got[MAX_ONSETS];
	struct run r;
	double anchor = INFINITY, end;
	char heard[2048];

	(void)state;
	expected_cues("known-faults", &want);
	assert_true(want.count >= AUDIO_CUE_COUNT);
	run_inspect("known-faults", false, "", &r);
	assert_header(&r);
	assert_int_equal(audio_analysis_templates(r.rate, &templates), 0);
	assert_cues(&r, &want, &templates, got, heard, sizeof(heard));
	/* Paced by the audio clock: spacing in the file is the session's.
	 * anchor: where session time 0 lies in the file, by the cue that
	 * came soonest after its sample. */
	for (size_t i = 0; i < want.count; i++)
		anchor = fmin(anchor, got[i].start / r.rate - want.cues[i].time_us / 1e6);
	for (size_t i = 0; i < want.count; i++) {
		double late = got[i].start / r.rate - anchor - want.cues[i].time_us / 1e6;

		if (late > TIMING_SLACK_S)
			fail_msg("cue %zu (%s) sounds %.3f s after its session time %.3f s, "
				 "relative to the soonest: %s", i, audio_cue_name(got[i].cue), late,
				 want.cues[i].time_us / 1e6, heard);
	}
	/* Ended by frame count: the last cue played out, then little more. */
	end = r.file.frames / r.rate - anchor;
	if (end < want.end_us / 1e6 || end > want.end_us / 1e6 + END_SLACK_S ||
	    r.file.frames < got[want.count - 1].start + templates.frames[got[want.count - 1].cue])
		fail_msg("the file ends at session time %.3f s; the session ends at %.3f s",
			 end, want.end_us / 1e6);
	audio_analysis_templates_free(&templates);
	session_cues_free(&want);
	run_free(&r);
}

/* A sink with no clock: every cue still plays, in order, and the replay
 * takes the session's own time, paced by the wall clock, said once. */
static void test_clockless_sink(void **state)
{
	struct session_cue_list want;
	struct cue_templates templates;
	struct cue_match got[MAX_ONSETS];
	struct run r;
	char heard[2048];

	(void)state;
	expected_cues("known-faults", &want);
	run_inspect("known-faults", true, CLOCKLESS_NOTE, &r);
	assert_header(&r);
	assert_int_equal(audio_analysis_templates(r.rate, &templates), 0);
	assert_cues(&r, &want, &templates, got, heard, sizeof(heard));
	if (r.wall_s < (want.end_us - want.start_us) / 1e6 - CLOCKLESS_LEAD_S)
		fail_msg("the replay of %.3f s of samples took %.3f s: not paced by the wall "
			 "clock", (want.end_us - want.start_us) / 1e6, r.wall_s);
	audio_analysis_templates_free(&templates);
	session_cues_free(&want);
	run_free(&r);
}

/* The reference: the same session rendered with --audio wav:, in session
 * time, where every cue starts exactly at round(t * 48000). The analysis
 * must find exactly those cues at exactly those frames. */
static void test_analysis_on_wav_rendering(void **state)
{
	char recording[PATH_MAX], spec[PATH_MAX + 8], wav[PATH_MAX], why[512];
	const char *argv[] = {
		SMPSIM_BINARY, "inspect", recording, "--scalp", "frontal-temporal",
		"--needle", "0601rl", "--audio", spec, NULL,
	};
	struct session_cue_list want;
	struct cue_templates templates;
	struct child_result res;
	struct wav_file w;
	size_t onsets[MAX_ONSETS], n;

	(void)state;
	expected_cues("known-faults", &want);
	snprintf(recording, sizeof(recording), "%s/known-faults.evemu", SMPSIM_SESSIONS_DIR);
	snprintf(wav, sizeof(wav), "%s/rendered.wav", tmp_files_dir());
	snprintf(spec, sizeof(spec), "wav:%s", wav);
	assert_int_equal(child_run(argv, NULL, &res), 0);
	if (res.status != 0)
		fail_msg("smpsim exited %d:\n%s", res.status, res.err);
	if (audio_analysis_read_wav(wav, &w, why, sizeof(why)) < 0)
		fail_msg("%s", why);
	assert_int_equal(w.rate, 48000);
	assert_int_equal(w.channels, 1);
	assert_int_equal(w.data_size, w.file_size - 44);
	assert_int_equal(audio_analysis_templates(w.rate, &templates), 0);
	n = audio_analysis_onsets(w.samples, w.frames, w.rate, onsets, MAX_ONSETS);
	assert_int_equal(n, want.count);
	for (size_t i = 0; i < n; i++) {
		struct cue_match m;

		audio_analysis_classify(&templates, w.samples, w.frames, onsets[i], &m);
		assert_int_equal(m.cue, want.cues[i].cue);
		assert_int_equal(m.start, llround(want.cues[i].time_us * 48000 / 1e6));
		assert_true(m.score > 0.999);
		assert_true(m.runner_up < 0.7);
	}
	audio_analysis_templates_free(&templates);
	audio_analysis_wav_free(&w);
	child_result_free(&res);
	session_cues_free(&want);
}

static void test_clean_is_silent(void **state)
{
	struct session_cue_list want;
	struct run r;
	size_t loud = 0;

	(void)state;
	expected_cues("clean", &want);
	assert_int_equal(want.count, 0);
	run_inspect("clean", false, "", &r);
	assert_header(&r);
	for (size_t i = 0; i < r.file.frames; i++)
		loud += r.file.samples[i] != 0;
	if (loud)
		fail_msg("%zu of %zu samples are not silent", loud, r.file.frames);
	/* The stream played at least the whole session before it ended. */
	assert_true(r.file.frames / r.rate >= want.end_us / 1e6);
	session_cues_free(&want);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_analysis_on_wav_rendering),
		cmocka_unit_test(test_known_faults),
		cmocka_unit_test(test_clean_is_silent),
		cmocka_unit_test(test_clockless_sink),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
