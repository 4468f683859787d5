/* test-audio-alsa: smpsim's live audio path, a real PortAudio stream on
 * ALSA, end to end on a machine with no sound card.
 *
 * tests/data/alsa/asound.conf, given as ALSA_CONFIG_PATH, makes "default"
 * a plug (to S16_LE) into ALSA's file plugin (WAV to $SMPSIM_ALSA_WAV) over
 * a null slave. `smpsim inspect RECORDING --scalp frontal-temporal
 * --needle 0601rl --audio default` runs as a child process in that
 * environment, on the synthetic sessions the build wrote (session_gen.c):
 *  - it must report the stream on stderr, "audio: ALSA: default, R Hz,
 *    output latency L ms (as PortAudio reports it)", and nothing else there;
 *  - the WAV header must be right for 16-bit mono PCM at R Hz, its sizes
 *    matching the file (the file plugin fixes them up at close);
 *  - known-faults: onsets (sound after 30 ms of silence), each classified
 *    by correlation with the cue templates of audio_cue_synth() at R, must
 *    be exactly the cues the simulator asks for (session_cues.c, from the
 *    same recording), in the same order, each a clean match; their spacing
 *    must be the session's within one buffer and scheduling slack
 *    (TIMING_SLACK_S), since the replay is paced by the audio clock and a
 *    cue is started at the first buffer after its pen sample; and the
 *    stream must end by frame count, shortly after the last cue has played
 *    (the null sink has no clock: ended by wall time, the file would run
 *    on for many seconds per second);
 *  - clean: the file must be all silence, and as long as the session.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_analysis.h"
#include "child_process.h"
#include "session_cues.h"
#include "tmp_files.h"

#define CONFIG SMPSIM_TEST_DATA_DIR "/alsa/asound.conf"
#define MAX_ONSETS 64

/* A cue starts at the first buffer the callback renders after its pen
 * sample was released, so each lands late by up to one buffer (PortAudio's
 * ALSA default low latency, 8.7 ms here) plus the replay's wake-up after
 * its sample's time; 20 ms bounds both with room for a loaded machine.
 * (A stream paced as session_loop.h promises places these cues within
 * 1.5 ms of their session times, the same to the frame on every run.) */
#define TIMING_SLACK_S 0.020

/* After the session: the last cue, the stream's finishing tail (the
 * longest cue, 50 ms and 8192 frames in audio_stream.c) and what PortAudio
 * and ALSA still buffer. More than this and the stream was not ended by
 * frame count. */
#define END_SLACK_S 1.0

struct run {
	char wav[PATH_MAX];
	struct child_result res;
	double rate;             /* from the stderr line */
	struct wav_file file;
};

/* Runs smpsim inspect on @p session with --audio default into a WAV of
 * its own, and reads the WAV back. */
static void run_inspect(const char *session, struct run *r)
{
	char recording[PATH_MAX], wav_env[PATH_MAX + 32], why[512];
	const char *argv[] = {
		SMPSIM_BINARY, "inspect", recording, "--scalp", "frontal-temporal",
		"--needle", "0601rl", "--audio", "default", NULL,
	};
	const char *env[] = { "ALSA_CONFIG_PATH=" CONFIG, wav_env, NULL };
	double latency;
	int used = 0;

	memset(r, 0, sizeof(*r));
	snprintf(recording, sizeof(recording), "%s/%s.evemu", SMPSIM_SESSIONS_DIR, session);
	snprintf(r->wav, sizeof(r->wav), "%s/%s.wav", tmp_files_dir(), session);
	snprintf(wav_env, sizeof(wav_env), "SMPSIM_ALSA_WAV=%s", r->wav);
	assert_int_equal(child_run(argv, env, &r->res), 0);
	if (r->res.status != 0)
		fail_msg("smpsim exited %d:\n%s", r->res.status, r->res.err);
	/* The one line on stderr: the stream PortAudio opened. */
	if (sscanf(r->res.err, "audio: ALSA: default, %lf Hz, output latency %lf ms "
		   "(as PortAudio reports it)\n%n",
		   &r->rate, &latency, &used) != 2 || used == 0 ||
	    r->res.err[used] != '\0')
		fail_msg("stderr is not the ALSA stream's line:\n%s", r->res.err);
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

/* The header the file plugin wrote: 16-bit mono PCM at the stream's rate,
 * every size field matching the file. */
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

static void test_known_faults(void **state)
{
	struct session_cue_list want;
	struct cue_templates templates;
	struct cue_match got[MAX_ONSETS];
	size_t onsets[MAX_ONSETS], n;
	struct run r;
	double anchor, end;
	char heard[2048];

	(void)state;
	expected_cues("known-faults", &want);
	assert_true(want.count >= AUDIO_CUE_COUNT);
	run_inspect("known-faults", &r);
	assert_header(&r);
	assert_int_equal(audio_analysis_templates(r.rate, &templates), 0);

	n = audio_analysis_onsets(r.file.samples, r.file.frames, r.rate, onsets, MAX_ONSETS);
	assert_true(n <= MAX_ONSETS);
	for (size_t i = 0; i < n; i++)
		audio_analysis_classify(&templates, r.file.samples, r.file.frames, onsets[i],
					&got[i]);
	describe(got, n, r.rate, heard, sizeof(heard));
	if (n != want.count)
		fail_msg("heard %zu cues, want %zu: %s", n, want.count, heard);
	for (size_t i = 0; i < n; i++) {
		if (got[i].cue != want.cues[i].cue)
			fail_msg("cue %zu is %s, want %s: %s", i, audio_cue_name(got[i].cue),
				 audio_cue_name(want.cues[i].cue), heard);
		/* The stream's samples are the template times the volume, in
		 * 16 bits: nearly perfect, and far from any other cue. */
		if (got[i].score < 0.99 || got[i].runner_up > 0.7)
			fail_msg("cue %zu (%s) matches %.4f, the next best %.4f: %s", i,
				 audio_cue_name(got[i].cue), got[i].score, got[i].runner_up, heard);
	}
	/* Paced by the audio clock: spacing in the file is the session's.
	 * anchor: where session time 0 lies in the file. */
	anchor = got[0].start / r.rate - want.cues[0].time_us / 1e6;
	for (size_t i = 1; i < n; i++) {
		double at = got[i].start / r.rate - anchor, due = want.cues[i].time_us / 1e6;

		if (at < due - TIMING_SLACK_S || at > due + TIMING_SLACK_S)
			fail_msg("cue %zu (%s) sounds at session time %.3f s, due at %.3f s: %s",
				 i, audio_cue_name(got[i].cue), at, due, heard);
	}
	/* Ended by frame count: the last cue played out, then little more. */
	end = r.file.frames / r.rate - anchor;
	if (end < want.end_us / 1e6 || end > want.end_us / 1e6 + END_SLACK_S ||
	    r.file.frames < got[n - 1].start + templates.frames[got[n - 1].cue])
		fail_msg("the file ends at session time %.3f s; the session ends at %.3f s",
			 end, want.end_us / 1e6);
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
	run_inspect("clean", &r);
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
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
