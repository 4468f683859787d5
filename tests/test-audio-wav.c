/* test-audio-wav: --audio wav:PATH, checked sample for sample against the
 * cue synthesis: a short known session (two cues overlapping, one alone)
 * is rendered through audio_output, and every sample of the file must
 * equal the cues' waveforms placed at round(t * 48000), scaled, summed,
 * clipped and rounded to 16 bits, here computed on their own. Also: the
 * header, the file appearing only when complete, and a path that cannot
 * be written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio_output.h"
#include "tmp_files.h"

#define RATE 48000

static uint32_t le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* How many temporary files (NAME.XXXXXX.part) there are beside @p path. */
static size_t temps_beside(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	const char *name = slash + 1;
	size_t n = strlen(name), count = 0;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)))
		count += !strncmp(e->d_name, name, n) && strlen(e->d_name) == n + 12 &&
			 e->d_name[n] == '.' && !strcmp(e->d_name + n + 7, ".part");
	closedir(d);
	return count;
}

/* Adds gain x cue @c at frame @start into @mix (same order as the mixer). */
static void place(float *mix, size_t frames, enum audio_cue c, size_t start, float gain)
{
	size_t n = audio_cue_frames(c, RATE);
	float *table = malloc(n * sizeof(float));

	audio_cue_synth(c, RATE, table);
	for (size_t i = 0; i < n && start + i < frames; i++)
		mix[start + i] += gain * table[i];
	free(table);
}

static void test_sample_exact(void **state)
{
	const struct audio_command cmds[] = {
		{ .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_OVERDEEP, .time_us = 10000 },
		{ .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_GAP, .time_us = 50021 },
		/* Switched off below: must leave no trace. */
		{ .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_SHALLOW, .time_us = 200000 },
		{ .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_TAIL, .time_us = 400000 },
	};
	const size_t frames = 24000; /* the session ends at 500 ms */
	struct audio_settings s;
	struct audio_output *out;
	char path[PATH_MAX], spec[PATH_MAX + 8], note[AUDIO_OUTPUT_TEXT_MAX];
	float *mix = calloc(frames, sizeof(float));
	unsigned char *file;
	long size;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/session.wav", tmp_files_dir());
	snprintf(spec, sizeof(spec), "wav:%s", path);
	audio_settings_default(&s);
	s.volume = 0.7f;
	s.cue_volume[AUDIO_CUE_TAIL] = 0.5f;
	s.cue_on[AUDIO_CUE_SHALLOW] = false;
	assert_int_equal(audio_output_open(spec, &s, 0, &out, note, sizeof(note)), 0);
	assert_true(audio_output_audible(out));
	assert_float_equal(audio_output_rate(out), RATE, 0);
	assert_float_equal(audio_output_latency_ms(out), 0, 0);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_int_equal(audio_output_send(out, &cmds[i]), 0);
	/* Until it is finished the file exists only under a temporary name. */
	assert_false(exists(path));
	assert_int_equal(temps_beside(path), 1);
	assert_int_equal(audio_output_finish(out, 500000), 0);
	assert_true(exists(path));
	assert_int_equal(temps_beside(path), 0);
	audio_output_free(out);

	/* 10 ms is frame 480; 50.021 ms is 2401.008, so frame 2401. */
	place(mix, frames, AUDIO_CUE_OVERDEEP, 480, 0.7f);
	place(mix, frames, AUDIO_CUE_GAP, 2401, 0.7f);
	place(mix, frames, AUDIO_CUE_TAIL, 19200, 0.7f * 0.5f);

	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	assert_int_equal(size, 44 + 2 * (long)frames);
	file = malloc((size_t)size);
	assert_int_equal(fread(file, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	assert_memory_equal(file, "RIFF", 4);
	assert_int_equal(le(file + 4, 4), 36 + 2 * frames);
	assert_memory_equal(file + 8, "WAVEfmt ", 8);
	assert_int_equal(le(file + 16, 4), 16);
	assert_int_equal(le(file + 20, 2), 1);      /* PCM */
	assert_int_equal(le(file + 22, 2), 1);      /* mono */
	assert_int_equal(le(file + 24, 4), RATE);
	assert_int_equal(le(file + 28, 4), 2 * RATE);
	assert_int_equal(le(file + 32, 2), 2);
	assert_int_equal(le(file + 34, 2), 16);
	assert_memory_equal(file + 36, "data", 4);
	assert_int_equal(le(file + 40, 4), 2 * frames);
	for (size_t i = 0; i < frames; i++) {
		float x = mix[i] > 1 ? 1 : mix[i] < -1 ? -1 : mix[i];
		int16_t want = (int16_t)lrintf(x * 32767.0f);
		int16_t got = (int16_t)le(file + 44 + 2 * i, 2);

		if (got != want)
			fail_msg("sample %zu: %d, expected %d", i, got, want);
	}
	/* Silence where the switched-off cue would have been. */
	assert_int_equal((int16_t)le(file + 44 + 2 * 9700, 2), 0);
	free(file);
	free(mix);
}

/* A session that ends while a cue still sounds runs on until it is done. */
static void test_runs_on_past_the_end(void **state)
{
	const struct audio_command cmd = { .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_OUTSIDE,
					   .time_us = 100000 };
	struct audio_settings s;
	struct audio_output *out;
	char path[PATH_MAX], spec[PATH_MAX + 8], note[AUDIO_OUTPUT_TEXT_MAX];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/runs-on.wav", tmp_files_dir());
	snprintf(spec, sizeof(spec), "wav:%s", path);
	audio_settings_default(&s);
	assert_int_equal(audio_output_open(spec, &s, 0, &out, note, sizeof(note)), 0);
	assert_int_equal(audio_output_send(out, &cmd), 0);
	assert_int_equal(audio_output_finish(out, 120000), 0);
	audio_output_free(out);
	assert_int_equal(stat(path, &st), 0);
	/* The cue plays from frame 4800 to 12000; past the end (5760) the
	 * renderer goes on in 1024-frame chunks while anything sounds:
	 * 5760 + 7 * 1024 = 12928 frames. */
	assert_int_equal(st.st_size, 44 + 2 * 12928);
}

static void test_unwritable_and_abandoned(void **state)
{
	struct audio_settings s;
	struct audio_output *out = (void *)&s;
	char path[PATH_MAX], spec[PATH_MAX + 8], note[AUDIO_OUTPUT_TEXT_MAX];

	(void)state;
	audio_settings_default(&s);
	assert_int_equal(audio_output_open("wav:/nonexistent/dir/x.wav", &s, 0, &out, note,
					   sizeof(note)), -ENOENT);
	assert_null(out);
	assert_string_equal(note, "/nonexistent/dir/x.wav: No such file or directory");
	assert_int_equal(audio_output_open("wav:", &s, 0, &out, note, sizeof(note)), -EINVAL);
	assert_string_equal(note, "--audio wav: needs a file, e.g. wav:session.wav");
	/* Abandoned before finish: nothing is left behind. */
	snprintf(path, sizeof(path), "%s/abandoned.wav", tmp_files_dir());
	snprintf(spec, sizeof(spec), "wav:%s", path);
	assert_int_equal(audio_output_open(spec, &s, 0, &out, note, sizeof(note)), 0);
	assert_int_equal(temps_beside(path), 1);
	audio_output_free(out);
	assert_int_equal(temps_beside(path), 0);
	assert_false(exists(path));
}

static void test_none_is_silent(void **state)
{
	struct audio_settings s;
	struct audio_output *out;
	struct audio_command cmd = { .kind = AUDIO_PLAY_CUE, .cue = AUDIO_CUE_GAP };
	char note[AUDIO_OUTPUT_TEXT_MAX];

	(void)state;
	audio_settings_default(&s);
	assert_int_equal(audio_output_open("none", &s, 0, &out, note, sizeof(note)), 0);
	assert_string_equal(note, "audio: none");
	assert_false(audio_output_audible(out));
	assert_int_equal(audio_output_send(out, &cmd), 0);
	assert_int_equal(audio_output_finish(out, 1000), 0);
	audio_output_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_exact),
		cmocka_unit_test(test_runs_on_past_the_end),
		cmocka_unit_test(test_unwritable_and_abandoned),
		cmocka_unit_test(test_none_is_silent),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
