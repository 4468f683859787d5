/* test-lazy-libraries: PortAudio (with ALSA, JACK and libstdc++ behind it),
 * libwacom (with gudev) and the live view's module (with SDL2, cairo and
 * pango) are loaded only by a command that needs them, at the moment it
 * needs them (rig/audio/portaudio_lib.c, rig/input/wacom_lib.c,
 * sim/session/view_link.c), and a command that needs one that cannot be
 * loaded says so.
 *
 * Which libraries a run of build/smpsim loaded is read from the dynamic
 * loader itself: LD_DEBUG=files makes ld.so write a "file=SONAME [0];"
 * line on standard error for every library it maps, at start-up or by
 * dlopen. A library that cannot be loaded is made real, not simulated:
 * LD_LIBRARY_PATH names a folder of the test's own holding an empty file
 * under the library's SONAME, which the loader finds first and refuses
 * ("file too short"), just as it would refuse a damaged installation.
 * Before the change, every command loaded every library at start-up, and
 * with a broken one on the path no command started at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name
#define CINTIQ FIX("wacom-cintiq-13hd-pen.evemu")    /* has a resolution */
#define GENIUS FIX("genius-easypen-i405x.events")    /* has none */
#define GENIUS_DESC FIX("genius-easypen-i405x.desc")
#define MAX_ARGS 16

/* The sound libraries: PortAudio and what Debian's PortAudio loads (and
 * JACK's libstdc++, which is not looked for: the sanitizers' runtime
 * loads it too). */
static const char *const sound_libs[] = {
	"libportaudio.so.2", "libasound.so.2", "libjack.so.0",
};

/* libwacom and what it loads that nothing else does. */
static const char *const wacom_libs[] = { "libwacom.so.9", "libgudev-1.0.so.0" };

/* The view's module (opened by its path: the trace names it in full) and
 * the libraries it brings that nothing else does. */
static const char *const view_libs[] = {
	"/smpsim-view.so", "libSDL2-2.0.so.0", "libcairo.so.2", "libpango-1.0.so.0",
};

/* No display, whatever the test's own environment holds. */
#define NO_DISPLAY "DISPLAY=", "WAYLAND_DISPLAY="

/* Runs "smpsim ARGS..." with @p env (may be NULL). */
static void smpsim(const char *const args[], const char *const env[],
		   struct child_result *res)
{
	const char *argv[MAX_ARGS] = { SMPSIM_BINARY };
	size_t n = 1;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

/* Did the loader, by @p res's LD_DEBUG=files trace, map @p soname (or a
 * path ending in it, for a name that starts with '/')? */
static bool loaded(const struct child_result *res, const char *soname)
{
	char line[128];

	snprintf(line, sizeof(line), "%s%s [", soname[0] == '/' ? "" : "file=", soname);
	return strstr(res->err, line) != NULL;
}

/* Runs "smpsim ARGS..." under LD_DEBUG=files with @p env (DISPLAY and
 * the like; may be NULL); checks its exit status and which of the
 * libraries above it loaded. */
static void expect_loads_env(const char *const args[], const char *const env[],
			     int status, bool sound, bool wacom, bool view)
{
	/* Under the sanitizers, the symbolizer LeakSanitizer starts to match
	 * its suppressions (SDL's, tests/data/lsan-view-window.supp) would
	 * inherit LD_DEBUG and write its own trace into the child's standard
	 * error as it is read: suppressions match by module without it. */
	const char *all[8] = { "LD_DEBUG=files", "ASAN_OPTIONS=detect_leaks=1:symbolize=0" };
	struct child_result res;

	for (size_t i = 0; env && env[i]; i++) {
		assert_true(i + 3 < ARRAY_SIZE(all));
		all[i + 2] = env[i];
	}
	smpsim(args, all, &res);
	if (res.status != status)
		fail_msg("smpsim %s: exit %d, not %d; stderr:\n%s", args[0], res.status,
			 status, res.err);
	/* SDL2 links ALSA and JACK itself: with the view, PortAudio says it. */
	for (size_t i = 0; i < (view ? 1 : ARRAY_SIZE(sound_libs)); i++)
		if (loaded(&res, sound_libs[i]) != sound)
			fail_msg("smpsim %s %s %s", args[0], sound ? "did not load" : "loaded",
				 sound_libs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(wacom_libs); i++)
		if (loaded(&res, wacom_libs[i]) != wacom)
			fail_msg("smpsim %s %s %s", args[0], wacom ? "did not load" : "loaded",
				 wacom_libs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(view_libs); i++)
		if (loaded(&res, view_libs[i]) != view)
			fail_msg("smpsim %s %s %s", args[0], view ? "did not load" : "loaded",
				 view_libs[i]);
	child_result_free(&res);
}

/* As expect_loads_env(), with a display named: no command here shows
 * anything, so none may load the view for it. */
static void expect_loads(const char *const args[], int status, bool sound, bool wacom)
{
	expect_loads_env(args, (const char *const[]){ "DISPLAY=:99", NULL }, status,
			 sound, wacom, false);
}

static void test_help_loads_neither(void **state)
{
	(void)state;
	expect_loads((const char *const[]){ "--help", NULL }, 0, false, false);
}

static void test_lessons_loads_neither(void **state)
{
	(void)state;
	expect_loads((const char *const[]){ "lessons", NULL }, 0, false, false);
}

static void test_score_loads_neither(void **state)
{
	(void)state;
	/* The recording's two drag lines make no dot: not scored, exit 1. */
	expect_loads((const char *const[]){ "score", CINTIQ, "--lesson", "depth-taps", NULL },
		     1, false, false);
}

/* A WAV file is the session's sound without a sound system. */
static void test_score_to_wav_loads_neither(void **state)
{
	char wav[4200];

	(void)state;
	snprintf(wav, sizeof(wav), "wav:%s/score.wav", tmp_files_dir());
	expect_loads((const char *const[]){ "score", CINTIQ, "--lesson", "depth-taps",
					    "--audio", wav, "--force", NULL },
		     1, false, false);
}

static void test_inspect_with_resolution_loads_neither(void **state)
{
	(void)state;
	expect_loads((const char *const[]){ "inspect", CINTIQ, NULL }, 0, false, false);
}

/* A named output: PortAudio is loaded to look for it (there is none of
 * that name, so the command ends there, exit 2). */
static void test_audio_loads_portaudio(void **state)
{
	(void)state;
	expect_loads((const char *const[]){ "inspect", CINTIQ, "--scalp", "crown", "--needle",
					    "0601rl", "--audio", "no-such-output", NULL },
		     2, true, false);
}

/* A device with no resolution: libwacom is asked first, --pad-size after. */
static void test_no_resolution_loads_libwacom(void **state)
{
	(void)state;
	expect_loads((const char *const[]){ "inspect", GENIUS, "--desc", GENIUS_DESC,
					    "--pad-size", "139.7x101.6", NULL },
		     0, false, true);
}

/* ---- the view ---- */

/* A record with the trainee "Ana" in the test's folder; @p db gets its path. */
static void record_with_ana(char *db, size_t size, const char *name)
{
	struct child_result res;

	snprintf(db, size, "%s/%s", tmp_files_dir(), name);
	smpsim((const char *const[]){ "trainee", "add", "Ana", "--db", db, NULL }, NULL, &res);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
}

/* practice with no display and no --view: the status line, no view. */
static void test_practice_no_display_loads_no_view(void **state)
{
	char db[4200];

	(void)state;
	record_with_ana(db, sizeof(db), "no-display.db");
	expect_loads_env((const char *const[]){ "practice", "--trainee", "Ana", "--lesson",
						"depth-taps", "--replay", CINTIQ, "--audio",
						"none", "--db", db, NULL },
			 (const char *const[]){ NO_DISPLAY, NULL }, 1, false, false, false);
}

/* --no-view with a display: none loaded either. */
static void test_practice_no_view_loads_no_view(void **state)
{
	char db[4200];

	(void)state;
	record_with_ana(db, sizeof(db), "no-view.db");
	expect_loads_env((const char *const[]){ "practice", "--trainee", "Ana", "--lesson",
						"depth-taps", "--replay", CINTIQ, "--audio",
						"none", "--db", db, "--no-view", NULL },
			 (const char *const[]){ "DISPLAY=:99", NULL }, 1, false, false, false);
}

/* A display is named but cannot be opened (no server at :99): the module
 * is loaded to try, and the session goes on with the status line, saying
 * why. */
static void test_practice_unopenable_display_falls_back(void **state)
{
	static const char *const env[] = { "DISPLAY=:99", "WAYLAND_DISPLAY=", NULL };
	struct child_result res;
	char db[4200];

	(void)state;
	record_with_ana(db, sizeof(db), "unopenable.db");
	expect_loads_env((const char *const[]){ "practice", "--trainee", "Ana", "--lesson",
						"depth-taps", "--replay", CINTIQ, "--audio",
						"none", "--db", db, NULL },
			 env, 1, false, false, true);
	smpsim((const char *const[]){ "practice", "--trainee", "Ana", "--lesson", "depth-taps",
				      "--replay", CINTIQ, "--audio", "none", "--db", db, NULL },
	       env, &res);
	assert_int_equal(res.status, 1);
	assert_non_null(strstr(res.err, "view: none (no display: SDL cannot open one ("));
	assert_non_null(strstr(res.err, "); the status line instead\n"));
	assert_non_null(strstr(res.out, " deposits are stored in "));
	child_result_free(&res);
}

/* --view (and what needs the view) with no display: refused before
 * anything is opened or stored; the record is not even made. */
static void test_view_without_display_refused(void **state)
{
	static const char *const needs[][2] = {
		{ "--view", NULL }, { "--screenshot", "x.png" }, { "--fullscreen", NULL },
		{ "--exam", NULL },
	};
	static const char *const env[] = { NO_DISPLAY, NULL };
	char db[4200], err[256];

	(void)state;
	snprintf(db, sizeof(db), "%s/never.db", tmp_files_dir());
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++) {
		for (size_t demo = 0; demo < 2; demo++) {
			const char *args[16] = { "practice", "--trainee", "Ana", "--lesson",
						 "depth-taps", "--replay", CINTIQ, "--db", db };
			size_t n = 9;
			struct child_result res;

			if (demo) {
				args[0] = "demo";
				args[1] = "--db";
				args[2] = db;
				n = 3;
			}
			args[n++] = needs[i][0];
			if (needs[i][1])
				args[n++] = needs[i][1];
			args[n] = NULL;
			smpsim(args, env, &res);
			snprintf(err, sizeof(err), "smpsim %s: no display ($DISPLAY and $WAYLAND_DISPLAY are not set): "
				 "%s needs one\n", args[0], needs[i][0]);
			child_expect(&res, 2, "", err);
			child_result_free(&res);
			assert_int_equal(access(db, F_OK), -1);
		}
	}
}

/* What shows the view, asked for with --no-view: refused before anything
 * is opened or stored, display or not. An exam without the view would be
 * a guided session stored as no exam. */
static void test_view_options_with_no_view_refused(void **state)
{
	static const char *const needs[][2] = {
		{ "--exam", NULL }, { "--screenshot", "x.png" }, { "--fullscreen", NULL },
	};
	static const char *const env[] = { "DISPLAY=:99", "WAYLAND_DISPLAY=", NULL };
	char db[4200], err[256];

	(void)state;
	snprintf(db, sizeof(db), "%s/never.db", tmp_files_dir());
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++) {
		const char *args[16] = { "practice", "--trainee", "Ana", "--lesson", "depth-taps",
					 "--replay", CINTIQ, "--db", db, "--no-view",
					 needs[i][0], needs[i][1] };
		struct child_result res;

		smpsim(args, env, &res);
		snprintf(err, sizeof(err), "smpsim practice: %s shows the view; --no-view has "
			 "none\n", needs[i][0]);
		child_expect(&res, 2, "", err);
		child_result_free(&res);
		assert_int_equal(access(db, F_OK), -1);
	}
}

/* ---- libraries that cannot be loaded ---- */

/* A folder holding an empty file under each library's SONAME; @p env
 * gets LD_LIBRARY_PATH=it, @p dir the folder. */
static void broken_libraries(char *dir, size_t dir_size, char *env, size_t env_size)
{
	static const char *const names[] = { "libportaudio.so.2", "libwacom.so.9" };
	char path[4300];

	snprintf(dir, dir_size, "%s/broken-libs", tmp_files_dir());
	assert_true(mkdir(dir, 0755) == 0 || access(dir, F_OK) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(fd >= 0);
		close(fd);
	}
	snprintf(env, env_size, "LD_LIBRARY_PATH=%s", dir);
}

/* Runs "smpsim ARGS..." with the broken libraries first on the path;
 * checks its status and that its standard error is exactly @p before,
 * the folder, @p after (or nothing, when @p before is NULL), and returns
 * its output for more checks (free it). */
static char *run_broken(const char *const args[], int status, const char *before,
			const char *after)
{
	char dir[4200], env_path[4300], err[8192] = "";
	const char *env[] = { env_path, NULL };
	struct child_result res;
	char *out;

	broken_libraries(dir, sizeof(dir), env_path, sizeof(env_path));
	if (before)
		snprintf(err, sizeof(err), "%s%s%s", before, dir, after);
	smpsim(args, env, &res);
	assert_int_equal(res.status, status);
	assert_string_equal(res.err, err);
	out = res.out;
	res.out = NULL;
	child_result_free(&res);
	return out;
}

/* The commands that need neither run as if nothing were wrong. */
static void test_broken_lessons_runs(void **state)
{
	struct child_result plain;
	char *out;

	(void)state;
	smpsim((const char *const[]){ "lessons", NULL }, NULL, &plain);
	assert_int_equal(plain.status, 0);
	out = run_broken((const char *const[]){ "lessons", NULL }, 0, NULL, NULL);
	assert_string_equal(out, plain.out);
	free(out);
	child_result_free(&plain);
}

/* The default output runs silent and says why, as with no sound card. */
static void test_broken_portaudio_default_silent(void **state)
{
	char *out;

	(void)state;
	out = run_broken((const char *const[]){ "score", CINTIQ, "--lesson", "depth-taps",
						"--audio", "default", NULL },
			 1, "audio: running silent (cannot load PortAudio: ",
			 "/libportaudio.so.2: file too short)\nsmpsim score: not scored: no "
			 "dots were made (2 drag lines, which are not dots)\n");
	/* Two drag lines and no dot: not scored (it was a FAIL, told "too
	 * many taps missed the band"). */
	assert_string_equal(out, "");
	free(out);
}

/* An output the user named cannot be had: the work failed, exit 1. */
static void test_broken_portaudio_named_fails(void **state)
{
	char *out;

	(void)state;
	out = run_broken((const char *const[]){ "score", CINTIQ, "--lesson", "depth-taps",
						"--audio", "jack", NULL },
			 1, "smpsim score: audio: cannot load PortAudio: ",
			 "/libportaudio.so.2: file too short\n");
	assert_string_equal(out, "");
	free(out);
}

/* No resolution, no libwacom, no --pad-size: refused, saying why. */
static void test_broken_libwacom_refused(void **state)
{
	char *out;

	(void)state;
	out = run_broken((const char *const[]){ "inspect", GENIUS, "--desc", GENIUS_DESC,
						NULL },
			 2, "Genius EasyPen i405X: device 0458:5010 reports no resolution "
			    "and libwacom cannot be loaded (",
			 "/libwacom.so.9: file too short); measure the active area and "
			 "give it as --pad-size WxH (mm)\n");
	assert_string_equal(out, "");
	free(out);
}

/* With --pad-size the user's size serves, as when libwacom does not know
 * the tablet. */
static void test_broken_libwacom_pad_size_serves(void **state)
{
	char *out;

	(void)state;
	out = run_broken((const char *const[]){ "inspect", GENIUS, "--desc", GENIUS_DESC,
						"--pad-size", "139.7x101.6", NULL },
			 0, NULL, NULL);
	assert_non_null(strstr(out, "pad         139.7 x 101.6 mm, from --pad-size "
				    "(100.8 x 100.8 units/mm)\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_loads_neither),
		cmocka_unit_test(test_lessons_loads_neither),
		cmocka_unit_test(test_score_loads_neither),
		cmocka_unit_test(test_score_to_wav_loads_neither),
		cmocka_unit_test(test_inspect_with_resolution_loads_neither),
		cmocka_unit_test(test_audio_loads_portaudio),
		cmocka_unit_test(test_no_resolution_loads_libwacom),
		cmocka_unit_test(test_practice_no_display_loads_no_view),
		cmocka_unit_test(test_practice_no_view_loads_no_view),
		cmocka_unit_test(test_practice_unopenable_display_falls_back),
		cmocka_unit_test(test_view_without_display_refused),
		cmocka_unit_test(test_view_options_with_no_view_refused),
		cmocka_unit_test(test_broken_lessons_runs),
		cmocka_unit_test(test_broken_portaudio_default_silent),
		cmocka_unit_test(test_broken_portaudio_named_fails),
		cmocka_unit_test(test_broken_libwacom_refused),
		cmocka_unit_test(test_broken_libwacom_pad_size_serves),
	};

	return cmocka_run_group_tests_name("lazy libraries", tests, tmp_files_setup,
					   tmp_files_teardown);
}
