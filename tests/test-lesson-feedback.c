/* test-lesson-feedback: the sound a lesson asks for, and the deep cue.
 *
 *  - The deep cue in a rendered WAV: the known-faults session (session_gen:
 *    two taps that end deep, two that go straight past overdeep, the rest
 *    in band or shallow) is rendered by `smpsim inspect --audio wav:`, and
 *    every crossing into deep the model reports (session_cues, from the
 *    simulator's own events, not from feedback) must have a deep cue
 *    starting within 2 ms of its sample, and no other onset may be a deep
 *    cue: not the taps that stay in band, not the overdeep ones, whose
 *    crossing sounds overdeep's own cue.
 *  - The precedence, command line > lesson > built-in default, as practice
 *    states it in its "Sound:" line: depth-taps switches the depth tone on
 *    and sets the deep cue to 0.5; each row of options changes exactly
 *    what it names.
 *  - `lessons show` lists what a lesson sets of the sound and exam mode.
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

#define MAX_ONSETS 64
#define RATE 48000
/* A cue rendered offline starts at round(t * RATE) exactly (test-audio-alsa
 * checks that); 2 ms is the brief's "within a few ms". */
#define SLACK_FRAMES (RATE * 2 / 1000)

static void render_known_faults(const char *wav, struct wav_file *w)
{
	char recording[PATH_MAX], spec[PATH_MAX + 8], why[512];
	const char *argv[] = {
		SMPSIM_BINARY, "inspect", recording, "--scalp", "frontal-temporal",
		"--needle", "0601rl", "--audio", spec, NULL,
	};
	struct child_result res;

	snprintf(recording, sizeof(recording), "%s/known-faults.evemu", SMPSIM_SESSIONS_DIR);
	snprintf(spec, sizeof(spec), "wav:%s", wav);
	assert_int_equal(child_run(argv, NULL, &res), 0);
	if (res.status != 0)
		fail_msg("smpsim exited %d:\n%s", res.status, res.err);
	child_result_free(&res);
	if (audio_analysis_read_wav(wav, w, why, sizeof(why)) < 0)
		fail_msg("%s", why);
	assert_int_equal(w->rate, RATE);
}

static void test_deep_cue_at_crossing(void **state)
{
	char recording[PATH_MAX], wav[PATH_MAX], err[512];
	struct session_cue_list want;
	struct cue_templates templates;
	struct cue_match m[MAX_ONSETS];
	size_t onsets[MAX_ONSETS], n, deep_heard = 0, deep_due = 0;
	struct wav_file w;

	(void)state;
	snprintf(recording, sizeof(recording), "%s/known-faults.evemu", SMPSIM_SESSIONS_DIR);
	if (session_cues_replay(recording, SMPSIM_DATA_DIR, "frontal-temporal", "0601rl",
				&want, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	snprintf(wav, sizeof(wav), "%s/known-faults.wav", tmp_files_dir());
	render_known_faults(wav, &w);
	assert_int_equal(audio_analysis_templates(w.rate, &templates), 0);
	n = audio_analysis_onsets(w.samples, w.frames, w.rate, onsets, MAX_ONSETS);
	assert_true(n < MAX_ONSETS);
	for (size_t i = 0; i < n; i++) {
		audio_analysis_classify(&templates, w.samples, w.frames, onsets[i], &m[i]);
		deep_heard += m[i].cue == AUDIO_CUE_DEEP;
	}
	/* Four crossings into deep: two taps that stop there, two that go on
	 * past overdeep on the same sample. */
	assert_int_equal(want.deep_count, 4);
	for (size_t c = 0; c < want.deep_count; c++) {
		const struct session_crossing *x = &want.deep[c];
		size_t at = (size_t)llround(x->time_us * (double)RATE / 1e6), found = n;

		for (size_t i = 0; i < n; i++)
			if (m[i].start + SLACK_FRAMES >= at && m[i].start <= at + SLACK_FRAMES)
				found = i;
		if (found == n)
			fail_msg("deposit %u crossed into deep at %.4f s: no cue starts there",
				 x->deposit, x->time_us / 1e6);
		/* Deep sounds its own cue; a crossing that went on past overdeep
		 * sounds overdeep's (and not deep's as well). */
		if (m[found].cue != (x->overdeep ? AUDIO_CUE_OVERDEEP : AUDIO_CUE_DEEP))
			fail_msg("deposit %u at %.4f s sounds %s", x->deposit, x->time_us / 1e6,
				 audio_cue_name(m[found].cue));
		if (m[found].score < 0.99 || m[found].runner_up > 0.7)
			fail_msg("deposit %u: %s matches %.4f, the next best %.4f", x->deposit,
				 audio_cue_name(m[found].cue), m[found].score, m[found].runner_up);
		deep_due += !x->overdeep;
	}
	assert_int_equal(deep_due, 2);
	/* No deep cue anywhere else: not for the taps that stay in band. */
	assert_int_equal(deep_heard, deep_due);
	audio_analysis_templates_free(&templates);
	audio_analysis_wav_free(&w);
	session_cues_free(&want);
}

/* Practice states the sound it will make before it opens the sound, so a
 * WAV file already there (no --force) stops it just after the line. */
#define SOUND_LINE(tone, deep, rest) \
	"Sound: depth tone " tone "; cues " rest ", deep " deep "; master volume 0.8. " \
	"The command line overrides the lesson, and the lesson the defaults.\n"
#define DEFAULT_CUES "overdeep 1 (default), shallow 1 (default), crowded 1 (default), " \
	"gap 1 (default), outside 1 (default), tail 1 (default)"

static void test_sound_line(void **state)
{
	static const struct {
		const char *options[3];
		const char *line;     /* NULL: no line at all */
	} rows[] = {
		{ { NULL }, SOUND_LINE("on (lesson)", "0.5 (lesson)", DEFAULT_CUES) },
		{ { "--no-depth-tone", NULL },
		  SOUND_LINE("off (command line)", "0.5 (lesson)", DEFAULT_CUES) },
		{ { "--depth-tone", NULL },
		  SOUND_LINE("on (command line)", "0.5 (lesson)", DEFAULT_CUES) },
		{ { "--cue-volume", "deep=0.25,gap=0.5", NULL },
		  SOUND_LINE("on (lesson)", "0.25 (command line)", "overdeep 1 (default), "
			     "shallow 1 (default), crowded 1 (default), gap 0.5 (command line), "
			     "outside 1 (default), tail 1 (default)") },
		{ { "--cues", "overdeep,gap", NULL },
		  SOUND_LINE("on (lesson)", "off (command line)", "overdeep 1 (default), "
			     "shallow off (command line), crowded off (command line), "
			     "gap 1 (default), outside off (command line), tail off (command line)") },
		{ { "--cues", "none", NULL },
		  SOUND_LINE("on (lesson)", "off (command line)", "overdeep off (command line), "
			     "shallow off (command line), crowded off (command line), "
			     "gap off (command line), outside off (command line), "
			     "tail off (command line)") },
	};
	char recording[PATH_MAX], db[PATH_MAX], wav[PATH_MAX], spec[PATH_MAX + 8];
	struct child_result made;
	FILE *f;

	(void)state;
	snprintf(recording, sizeof(recording), "%s/known-faults.evemu", SMPSIM_SESSIONS_DIR);
	snprintf(db, sizeof(db), "%s/sound-line.db", tmp_files_dir());
	snprintf(wav, sizeof(wav), "%s/there.wav", tmp_files_dir());
	snprintf(spec, sizeof(spec), "wav:%s", wav);
	assert_non_null(f = fopen(wav, "w"));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "trainee", "add",
							   "Ana Souza", "--db", db, NULL },
				   NULL, &made), 0);
	assert_int_equal(made.status, 0);
	child_result_free(&made);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *argv[16] = {
			SMPSIM_BINARY, "practice", "--trainee", "Ana Souza", "--lesson",
			"depth-taps", "--db", db, "--replay", recording, "--audio", spec,
		};
		struct child_result res;
		size_t k = 12;

		for (size_t j = 0; rows[i].options[j]; j++)
			argv[k++] = rows[i].options[j];
		argv[k] = NULL;
		assert_int_equal(child_run(argv, NULL, &res), 0);
		if (strncmp(res.err, rows[i].line, strlen(rows[i].line)))
			fail_msg("row %zu: got\n%s\nwant first\n%s", i, res.err, rows[i].line);
		child_result_free(&res);
	}
}

/* With --audio none nothing sounds, and nothing is said of it. */
static void test_no_line_without_sound(void **state)
{
	char recording[PATH_MAX], db[PATH_MAX];
	const char *argv[] = {
		SMPSIM_BINARY, "practice", "--trainee", "Ana Souza", "--lesson", "depth-taps",
		"--db", db, "--replay", recording, "--audio", "none", NULL,
	};
	struct child_result res;

	(void)state;
	snprintf(recording, sizeof(recording), "%s/known-faults.evemu", SMPSIM_SESSIONS_DIR);
	snprintf(db, sizeof(db), "%s/no-record/r.db", tmp_files_dir());
	assert_int_equal(child_run(argv, NULL, &res), 0);
	assert_null(strstr(res.err, "Sound:"));
	assert_non_null(strstr(res.err, "no trainee record there"));
	child_result_free(&res);
}

/* lessons show says what the lesson sets of the sound and the mode: a
 * trainee told to listen to the depth tone sees that the lesson switches
 * it on. A cue turned off and exam mode come from a copy of the academy's
 * example with them added; a lesson that sets neither says nothing. */
static void test_lessons_show(void **state)
{
	char path[PATH_MAX];
	FILE *in, *out;
	char buf[4096];
	size_t n;
	static const char sound_of_depth_taps[] =
		"\nSound (this lesson's; practice's sound options override it)\n"
		"  the depth tone on\n  the deep cue at volume 0.5\n\nHow it is scored\n";
	static const char sound_of_copy[] =
		"Time limit: 10 min\n"
		"Exam mode: the live view shows only the scalp and the dots\n"
		"\nSound (this lesson's; practice's sound options override it)\n"
		"  the depth tone off\n  the gap cue off\n  the tail cue at volume 0.3\n"
		"\nHow it is scored\n";
	const struct {
		const char *lesson;
		const char *want;     /* NULL: no Sound section, no exam line */
	} rows[] = {
		{ "depth-taps", sound_of_depth_taps },
		{ path, sound_of_copy },
		{ "soft-hairline", NULL },
	};

	(void)state;
	snprintf(path, sizeof(path), "%s/academy-dots.yaml", tmp_files_dir());
	in = fopen(SMPSIM_TEST_DATA_DIR "/academy/academy-dots.yaml", "r");
	out = fopen(path, "w");
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fputs("exam: true\nfeedback:\n  depth-tone: false\n  cues: { gap: off, tail: 0.3 }\n",
	      out);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *argv[] = { SMPSIM_BINARY, "lessons", "show", rows[i].lesson, NULL };
		struct child_result res;

		assert_int_equal(child_run(argv, NULL, &res), 0);
		if (res.status != 0)
			fail_msg("row %zu: status %d: %s", i, res.status, res.err);
		if (rows[i].want && !strstr(res.out, rows[i].want))
			fail_msg("row %zu: no\n%s\nin\n%s", i, rows[i].want, res.out);
		if (!rows[i].want && (strstr(res.out, "\nSound (") || strstr(res.out, "Exam mode")))
			fail_msg("row %zu: a Sound section or exam line in\n%s", i, res.out);
		child_result_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deep_cue_at_crossing),
		cmocka_unit_test(test_sound_line),
		cmocka_unit_test(test_no_line_without_sound),
		cmocka_unit_test(test_lessons_show),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
