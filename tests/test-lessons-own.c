/* test-lessons-own: an academy's own lessons, through build/smpsim as a
 * user runs it: a lesson named by its path (score, lessons show), found
 * in a folder of $SMPSIM_LESSONS_PATH or in $XDG_DATA_HOME/smpsim/lessons
 * (shadowing a shipped id, which show says), with a scalp model of its
 * own, an academy's curriculum, `lessons check` on good files and on a
 * table of broken ones (each error at its line, exactly), and `smpsim
 * lessons` naming a broken file it found on the path; practice by path
 * keeps the exact file in the record.
 *
 * The example lesson of docs/lessons.md is tests/data/academy/
 * academy-dots.yaml: the test checks the doc's copy is that file, byte
 * for byte, and loads it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "tmp_files.h"

#define EXAMPLE SMPSIM_TEST_DATA_DIR "/academy/academy-dots.yaml"
#define GUIDE SMPSIM_TEST_DATA_DIR "/../../docs/lessons.md"
#define RECORDING SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu"

/* The environment of every run: no user's lessons, no record. */
static char home_env[600], xdg_env[600], path_env[4200];

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void folder(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", tmp_files_dir(), name);
	mkdir(out, 0700);
}

/* Runs smpsim with @p argv (NULL-terminated, after the program) and
 * $SMPSIM_LESSONS_PATH @p lessons_path ("" for none). */
static void smpsim(struct child_result *r, const char *lessons_path, const char *const *argv)
{
	const char *args[16] = { SMPSIM_BINARY };
	const char *env[] = { home_env, xdg_env, path_env, "SMPSIM_DB=", NULL };
	size_t n = 1;

	for (; *argv && n < 15; argv++)
		args[n++] = *argv;
	args[n] = NULL;
	snprintf(path_env, sizeof(path_env), "SMPSIM_LESSONS_PATH=%s", lessons_path);
	assert_int_equal(child_run(args, env, r), 0);
}

/* Runs smpsim as smpsim() does and checks it exits 0 with standard
 * output beginning with @p want. */
static void expect_start(const char *lessons_path, const char *const *argv, const char *want)
{
	struct child_result r = { 0 };

	smpsim(&r, lessons_path, argv);
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, want, strlen(want));
	child_result_free(&r);
}

static int setup(void **state)
{
	int rc = tmp_files_setup(state);
	char dir[512];

	folder(dir, sizeof(dir), "home");
	snprintf(home_env, sizeof(home_env), "HOME=%s", dir);
	folder(dir, sizeof(dir), "xdg");
	snprintf(xdg_env, sizeof(xdg_env), "XDG_DATA_HOME=%s", dir);
	return rc;
}

/* The doc's example is the test's file, and it loads. */
static void test_guide_example(void **state)
{
	char *guide = tmp_files_read(GUIDE, NULL), *example = tmp_files_read(EXAMPLE, NULL);
	const char *marker = "<!-- tests/data/academy/academy-dots.yaml -->\n```yaml\n";
	char *start = strstr(guide, marker), *end, want[600];
	struct child_result r = { 0 };

	(void)state;
	assert_non_null(start);
	start += strlen(marker);
	assert_non_null(end = strstr(start, "```\n"));
	*end = '\0';
	assert_string_equal(start, example);
	smpsim(&r, "", (const char *const[]){ "lessons", "check", EXAMPLE, NULL });
	snprintf(want, sizeof(want), "%s: ok (lesson academy-dots)\n", EXAMPLE);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
	free(guide);
	free(example);
}

/* A lesson by its path: score and show, its id its file's name. */
static void test_by_path(void **state)
{
	struct child_result r = { 0 };
	char want[600];

	(void)state;
	smpsim(&r, "", (const char *const[]){ "score", RECORDING, "--lesson", EXAMPLE, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\nlesson      academy-dots (Dots in a strip at "
				      "working density)\n"));
	child_result_free(&r);

	snprintf(want, sizeof(want), "Lesson academy-dots (not in the curriculum): Dots in "
		 "a strip at working density\nFrom the file %s\n\nWhat to do\n", EXAMPLE);
	expect_start("", (const char *const[]){ "lessons", "show", EXAMPLE, NULL }, want);
	snprintf(want, sizeof(want), "{\n  \"id\": \"academy-dots\",\n  \"number\": null,\n"
		 "  \"of\": 8,\n  \"file\": \"%s\",\n  \"found\": \"path\",\n"
		 "  \"shadows_shipped\": false,\n  \"title\": ", EXAMPLE);
	expect_start("", (const char *const[]){ "lessons", "show", EXAMPLE, "--json", NULL },
		     want);

	/* A path that is not there is said as such, not as an unknown id. */
	smpsim(&r, "", (const char *const[]){ "lessons", "show", "./nowhere.yaml", NULL });
	child_expect(&r, 2, "", "smpsim lessons: cannot read the lesson file "
		     "./nowhere.yaml: No such file or directory\n");
	child_result_free(&r);
}

/* Practice of a lesson by its path: the record keeps the file's exact
 * bytes, under the lesson's id, its file's name. */
static void test_practice_by_path(void **state)
{
	struct child_result r = { 0 };
	char db[600], sql[200], sha[65], *kept, *text = tmp_files_read(EXAMPLE, NULL);

	(void)state;
	snprintf(db, sizeof(db), "%s/practice.db", tmp_files_dir());
	smpsim(&r, "", (const char *const[]){ "trainee", "add", "ana", "--db", db, NULL });
	child_expect(&r, 0, "added trainee 1: ana\n", "");
	child_result_free(&r);
	smpsim(&r, "", (const char *const[]){ "practice", "--db", db, "--trainee", "ana",
					      "--lesson", EXAMPLE, "--replay", RECORDING, NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Stored in "));
	child_result_free(&r);
	tmp_files_sha256(EXAMPLE, sha);
	snprintf(sql, sizeof(sql), "SELECT lesson_id || ' ' || sha256 FROM lessons");
	kept = db_query_text(db, sql);
	assert_string_equal(kept, (snprintf(sql, sizeof(sql), "academy-dots %s", sha), sql));
	free(kept);
	kept = db_query_text(db, "SELECT CAST(content AS TEXT) FROM lessons");
	assert_string_equal(kept, text);
	free(kept);
	free(text);
}

/* A copy of the shipped depth-taps, retitled, in @p dir. */
static void shadow_depth_taps(const char *dir)
{
	char to[600], *text = tmp_files_read(SMPSIM_DATA_DIR "/lessons/depth-taps.yaml", NULL);
	char *title = strstr(text, "\ntitle: "), *eol;

	assert_non_null(title);
	eol = strchr(title + 1, '\n');
	snprintf(to, sizeof(to), "%s/depth-taps.yaml", dir);
	{
		FILE *f = fopen(to, "w");

		assert_non_null(f);
		fprintf(f, "%.*s\ntitle: The academy's depth taps%s", (int)(title - text),
			text, eol);
		assert_int_equal(fclose(f), 0);
	}
	free(text);
}

/* Found by id in a folder of the path, or the user's folder: the shipped
 * lesson of the id is shadowed, and show says where the file came from;
 * the first folder of the path wins. */
static void test_by_folder(void **state)
{
	struct child_result r = { 0 };
	char first[512], second[512], user[600], want[1200], both[1100];

	(void)state;
	folder(first, sizeof(first), "academy-a");
	folder(second, sizeof(second), "academy-b");
	shadow_depth_taps(second);
	tmp_files_copy(EXAMPLE, (snprintf(want, sizeof(want), "%s/academy-dots.yaml", second),
				 want));
	snprintf(both, sizeof(both), "%s::%s", first, second);
	snprintf(want, sizeof(want), "Lesson 1 of 8: The academy's depth taps (depth-taps)\n"
		 "From %s/depth-taps.yaml ($SMPSIM_LESSONS_PATH), in place of the shipped "
		 "lesson of that id\n", second);
	expect_start(both, (const char *const[]){ "lessons", "show", "depth-taps", NULL }, want);

	/* By id from the path, as practice and score find it. */
	smpsim(&r, both, (const char *const[]){ "score", RECORDING, "--lesson",
						"academy-dots", NULL });
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\nlesson      academy-dots ("));
	child_result_free(&r);

	/* The user's folder, $XDG_DATA_HOME/smpsim/lessons. */
	snprintf(user, sizeof(user), "%s/xdg/smpsim", tmp_files_dir());
	mkdir(user, 0700);
	strcat(user, "/lessons");
	mkdir(user, 0700);
	shadow_depth_taps(user);
	snprintf(want, sizeof(want), "Lesson 1 of 8: The academy's depth taps (depth-taps)\n"
		 "From %s/depth-taps.yaml ($XDG_DATA_HOME/smpsim/lessons), in place of the "
		 "shipped lesson of that id\n", user);
	expect_start("", (const char *const[]){ "lessons", "show", "depth-taps", NULL }, want);
	snprintf(want, sizeof(want), "%s/depth-taps.yaml", user);
	assert_int_equal(unlink(want), 0);

	/* The shipped lesson says nothing of where it came from. */
	expect_start("", (const char *const[]){ "lessons", "show", "depth-taps", NULL },
		     "Lesson 1 of 8: Depth control with single taps (depth-taps)\n\n"
		     "What to do\n");
}

/* An academy's curriculum, with a lesson on a scalp model of its own
 * (DIR/scalps/), and its lessons found along the path. */
static void test_curriculum(void **state)
{
	struct child_result r = { 0 };
	char dir[512], scalps[600], path[700], want[2000], *text, *id;

	(void)state;
	folder(dir, sizeof(dir), "academy-c");
	snprintf(scalps, sizeof(scalps), "%s/scalps", dir);
	mkdir(scalps, 0700);
	text = tmp_files_read(SMPSIM_DATA_DIR "/scalps/frontal-temporal.yaml", NULL);
	assert_non_null(id = strstr(text, "\nid: frontal-temporal\n"));
	snprintf(path, sizeof(path), "%s/academy-head.yaml", scalps);
	{
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fprintf(f, "%.*s\nid: academy-head\n%s", (int)(id - text), text,
			id + strlen("\nid: frontal-temporal\n"));
		assert_int_equal(fclose(f), 0);
	}
	free(text);
	text = tmp_files_read(EXAMPLE, NULL);
	assert_non_null(id = strstr(text, "\nscalp: frontal-temporal\n"));
	snprintf(path, sizeof(path), "%s/head-dots.yaml", dir);
	{
		FILE *f = fopen(path, "w");
		char *rest = strstr(text, "\ntitle:");

		assert_non_null(f);
		fprintf(f, "%.*s\nid: head-dots%.*s\nscalp: academy-head\n%s",
			(int)(strstr(text, "\nid: ") - text), text, (int)(id - rest), rest,
			id + strlen("\nscalp: frontal-temporal\n"));
		assert_int_equal(fclose(f), 0);
	}
	free(text);
	snprintf(path, sizeof(path), "%s/curriculum.yaml", dir);
	put(path, "lessons:\n  - head-dots\n  - depth-taps\n");

	smpsim(&r, dir, (const char *const[]){ "lessons", NULL });
	snprintf(want, sizeof(want),
		 "The curriculum, 2 lessons in teaching order (%s/curriculum.yaml):\n\n"
		 " #  id          title                               scalp             "
		 "needle  time limit\n"
		 " 1  head-dots   Dots in a strip at working density  academy-head      "
		 "0603rl  10 min\n"
		 " 2  depth-taps  Depth control with single taps      frontal-temporal  "
		 "0601rl  8 min\n"
		 "\n'smpsim lessons show ID' explains a lesson.\n", dir);
	child_expect(&r, 0, want, "");
	child_result_free(&r);

	smpsim(&r, dir, (const char *const[]){ "lessons", "check", path, NULL });
	snprintf(want, sizeof(want), "%s: ok (curriculum, 2 lessons)\n", path);
	child_expect(&r, 0, want, "");
	child_result_free(&r);

	/* A scalp model and a needle checked as what they are. */
	snprintf(path, sizeof(path), "%s/academy-head.yaml", scalps);
	smpsim(&r, dir, (const char *const[]){ "lessons", "check", path,
					       SMPSIM_DATA_DIR "/needles/0603rl.yaml", NULL });
	snprintf(want, sizeof(want), "%s: ok (scalp model academy-head)\n"
		 SMPSIM_DATA_DIR "/needles/0603rl.yaml: ok (needle 0603rl)\n", path);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
}

/* `lessons check` on the example with one field broken at a time: each
 * error exactly, at the field's line; a good file beside a bad one still
 * says ok, and the exit is 2. */
static void test_check_errors(void **state)
{
	static const struct {
		const char *from, *to, *error;
	} rows[] = {
		{ "id: academy-dots\n", "id: other-dots\n",
		  "3: id 'other-dots' is not the file's name 'academy-dots' (a lesson's id is "
		  "its file name without .yaml)" },
		{ "title: Dots in a strip at working density\n", "title: \"\"\n",
		  "4: 'title' must not be empty" },
		/* The block that followed goes under a key of its own: the first
		 * error is still the instructions'. */
		{ "instructions: |", "instructions: [a]\nx: |",
		  "5: 'instructions' needs text" },
		{ "scalp: frontal-temporal\n", "scalp: forehead\n",
		  "11: unknown scalp model 'forehead' (there are: crown, frontal-temporal, "
		  "strip-scar)" },
		{ "needle: 0603rl\n", "needle: 0501rl\n",
		  "12: unknown needle '0501rl' (there are: 0601rl, 0603rl, 0801rl, 0803rl)" },
		{ "[95, 60], [65, 60]", "[195, 60], [65, 60]",
		  "16: zone 'strip': point 3 (195, 60) lies outside the 160 x 100 mm area of "
		  "scalp model 'frontal-temporal'" },
		{ "per-mm2: 1.0", "per-mm2: lots", "18: 'per-mm2' needs a number, not 'lots'" },
		{ "time-limit-s: 600", "time-limit-s: 0",
		  "20: 'time-limit-s' must be above 0 and at most 14400, not 0" },
		{ "good: [0.95, 1]", "good: [1, 0.95]",
		  "24: rubric item 'depth-in-band': good is [min, max] with min <= max" },
		{ "metric: nn-cv", "metric: spacing",
		  "36: unknown metric 'spacing' (known: depth-in-band, depth-error-mean, "
		  "depth-error-sd, overdeep, nn-mean, nn-cv, rho, clark-evans, "
		  "periodogram-peak, density-l1, coverage, gaps, merged, size-cv, outside, "
		  "hairline-width, hairline-residual, pace, completion, shallow, deep, "
		  "too-close, oblique, dragged, density-dispersion, hairline-front)" },
		{ "above: 0\n", "above: -1\n",
		  "48: overdeep: 'above' must be at least 0 and below 1e+06 (a count of dots), "
		  "not -1" },
	};
	char dir[512], path[600], out[1200], err[1200];
	char *text = tmp_files_read(EXAMPLE, NULL);

	(void)state;
	folder(dir, sizeof(dir), "broken");
	snprintf(path, sizeof(path), "%s/academy-dots.yaml", dir);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *at = strstr(text, rows[i].from);
		struct child_result r = { 0 };
		FILE *f = fopen(path, "w");

		assert_non_null(at);
		assert_non_null(f);
		fprintf(f, "%.*s%s%s", (int)(at - text), text, rows[i].to,
			at + strlen(rows[i].from));
		assert_int_equal(fclose(f), 0);
		smpsim(&r, "", (const char *const[]){ "lessons", "check", EXAMPLE, path, NULL });
		snprintf(out, sizeof(out), "%s: ok (lesson academy-dots)\n", EXAMPLE);
		snprintf(err, sizeof(err), "%s:%s\n", path, rows[i].error);
		child_expect(&r, 2, out, err);
		child_result_free(&r);
	}
	free(text);
}

/* Broken scalp, needle and curriculum files, each at its line. */
static void test_check_models(void **state)
{
	static const struct {
		const char *name, *text, *error;
	} rows[] = {
		{ "n.yaml", "id: n\nname: A needle\npoints: 2\n",
		  "1: needle: missing 'diameter-mm'" },
		{ "s.yaml", "id: s\nname: A scalp\narea-mm: [100]\n",
		  "3: expected a pair [a, b]" },
		{ "curriculum.yaml", "lessons:\n  - depth-taps\n  - nope\n",
		  "3: unknown lesson 'nope' (there are: crown-vertex, densification, "
		  "depth-taps, even-spacing, frontal-layout, scar-camouflage, soft-hairline, "
		  "temple-points)" },
		{ "q.yaml", "quirks: []\n", ": a device quirks file ('quirks:'), not a lesson, "
		  "scalp model, needle or curriculum" },
	};
	char dir[512], path[600], err[1200];

	(void)state;
	folder(dir, sizeof(dir), "models");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct child_result r = { 0 };

		snprintf(path, sizeof(path), "%s/%s", dir, rows[i].name);
		put(path, rows[i].text);
		smpsim(&r, "", (const char *const[]){ "lessons", "check", path, NULL });
		snprintf(err, sizeof(err), "%s%s%s\n", path, rows[i].error[0] == ':' ? "" : ":",
			 rows[i].error);
		child_expect(&r, 2, "", err);
		child_result_free(&r);
	}
}

/* `smpsim lessons` names a lesson file on the path that does not load,
 * outside the curriculum, after the list, and exits 2. */
static void test_list_broken(void **state)
{
	struct child_result r = { 0 };
	char dir[512], path[600], err[1200];

	(void)state;
	folder(dir, sizeof(dir), "academy-d");
	snprintf(path, sizeof(path), "%s/typo.yaml", dir);
	put(path, "id: typo\ntitle: A typo\ninstructions: x\nscalp: crown\nneedle: 0601rl\n"
		  "zones: []\ntime-limit-s: soon\n");
	smpsim(&r, dir, (const char *const[]){ "lessons", NULL });
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.out, "'smpsim lessons show ID' explains a lesson.\n"));
	snprintf(err, sizeof(err), "smpsim lessons: lesson files on the search path that do "
		 "not load:\n%s:7: 'time-limit-s' needs a number, not 'soon'\n", path);
	assert_string_equal(r.err, err);
	child_result_free(&r);
}

/* A folder on $SMPSIM_LESSONS_PATH that is not there, or is a file, is
 * said on standard error (a typo would otherwise hide an academy's
 * lessons); the command still runs on the rest of the path. */
static void test_path_typo(void **state)
{
	static const char *const args[] = { "lessons", "show", "depth-taps", NULL };
	char missing[4200], file[4200], path[8500], want[9000];
	struct child_result r = { 0 };

	(void)state;
	snprintf(missing, sizeof(missing), "%s/no-such-folder", tmp_files_dir());
	tmp_files_write("not-a-folder", "txt", "x\n", 2, file, sizeof(file));
	snprintf(path, sizeof(path), "%s:%s", missing, file);
	smpsim(&r, path, args);
	assert_int_equal(r.status, 0);
	snprintf(want, sizeof(want), "smpsim: $SMPSIM_LESSONS_PATH names %s: No such file or "
		 "directory\nsmpsim: $SMPSIM_LESSONS_PATH names %s, which is not a folder\n",
		 missing, file);
	assert_string_equal(r.err, want);
	assert_memory_equal(r.out, "Lesson 1 of 8: ", 15);
	child_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guide_example),
		cmocka_unit_test(test_by_path),
		cmocka_unit_test(test_practice_by_path),
		cmocka_unit_test(test_by_folder),
		cmocka_unit_test(test_curriculum),
		cmocka_unit_test(test_check_errors),
		cmocka_unit_test(test_check_models),
		cmocka_unit_test(test_list_broken),
		cmocka_unit_test(test_path_typo),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
