/* test-lesson-fit: the default mapping of a lesson's session, the lesson's
 * work area centred on the pad at real scale (lesson_fit_pad()), for
 * every shipped lesson on three real tablets: a small one (Wacom Intuos
 * S, 152 x 95 mm), a medium one (Intuos M, 216 x 135) and a large one
 * (Intuos Pro L, 311 x 216). Each row is worked out by hand from the
 * lesson's file: its zones and hairline, 5 mm around them, cut to the
 * scalp model's area; the offset is the area's centre less the pad's.
 * Then who chooses the mapping (lesson_choose_mapping()): the trainee's
 * --mapping, the lesson file's own, the fit.
 *
 * And the program, as child processes of build/smpsim: a real tablet too
 * small for a lesson (a UC-Logic WP5540U, 139.4 x 101.4 mm, against
 * temple-points' 160 x 37) is refused by score, practice and demo before
 * anything is printed, stored or written, naming both sizes, and taken
 * with --mapping; practice stores the mapping and who chose it; and a
 * recording made for the old default (the pad's corner on the scalp's
 * origin: tests/data/corner-mapping/, the demo recording as it shipped
 * before) scores exactly what it scored then with --mapping 0,0,1,0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "tmp_files.h"

#include "lesson_apply.h"
#include "lesson_load.h"
#include "session_gen.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct data_library *shipped;

struct pad {
	const char *name;
	double width_mm, height_mm;
};

static const struct pad pads[] = {
	{ "Intuos S", 152, 95 },
	{ "Intuos M", 216, 135 },
	{ "Intuos Pro L", 311, 216 },
};

struct fit_row {
	const char *lesson;
	struct lesson_area area;            /**< scalp mm */
	struct { bool fits; double dx, dy; } on[ARRAY_SIZE(pads)];
};

/* Every lesson of the curriculum, with its area worked out by hand. */
static const struct fit_row rows[] = {
	/* The octagon (46..94, 36..84) on the crown (140 x 120). */
	{ "crown-vertex", { 41, 31, 58, 58 },
	  { { true, -6, 12.5 }, { true, -38, -7.5 }, { true, -85.5, -48 } } },
	/* The patch (20..60, 6..28) on the strip scar (180 x 80). */
	{ "densification", { 15, 1, 50, 32 },
	  { { true, -36, -30.5 }, { true, -68, -50.5 }, { true, -115.5, -91 } } },
	/* The square (70..90, 45..65) on the frontal-temporal scalp (160 x 100). */
	{ "depth-taps", { 65, 40, 30, 30 },
	  { { true, 4, 7.5 }, { true, -28, -12.5 }, { true, -75.5, -53 } } },
	{ "even-spacing", { 65, 40, 30, 30 },
	  { { true, 4, 7.5 }, { true, -28, -12.5 }, { true, -75.5, -53 } } },
	/* Zone and line 40..120 across, 3..40 deep: the margin in front is
	 * cut at the scalp's front edge (y 0). */
	{ "frontal-layout", { 35, 0, 90, 45 },
	  { { true, 4, -25 }, { true, -28, -45 }, { true, -75.5, -85.5 } } },
	/* The band (30..110, 33..45.5) on the strip scar. */
	{ "scar-camouflage", { 25, 28, 90, 22.5 },
	  { { true, -6, -8.25 }, { true, -38, -28.25 }, { true, -85.5, -68.75 } } },
	/* The line 50..110 (5..8 deep), the zone 60..100 by 3..26. */
	{ "soft-hairline", { 45, 0, 70, 31 },
	  { { true, 4, -32 }, { true, -28, -52 }, { true, -75.5, -92.5 } } },
	/* Both temples, 2..158 across: 5 mm around them is cut to the scalp's
	 * 160 mm, wider than a small tablet. */
	{ "temple-points", { 0, 0, 160, 37 },
	  { { false, 0, 0 }, { true, -28, -49 }, { true, -75.5, -89.5 } } },
};

static int setup(void **state)
{
	if (tmp_files_setup(state) < 0)
		return -1;
	return data_library_new(SMPSIM_DATA_DIR, &shipped) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	data_library_free(shipped);
	return tmp_files_teardown(state);
}

static void load(const char *id, struct lesson *l, struct lesson_session *ls)
{
	char path[512], err[1024];

	snprintf(path, sizeof(path), SMPSIM_DATA_DIR "/lessons/%s.yaml", id);
	if (lesson_load(path, shipped, l, err, sizeof(err)) < 0 ||
	    lesson_session_prepare(l, shipped, ls, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

/* The table covers the curriculum: a lesson added is a row to add. */
static void test_every_lesson_has_a_row(void **state)
{
	struct curriculum c;
	char err[1024];

	(void)state;
	if (curriculum_load(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", shipped, &c, err,
			    sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(c.count, ARRAY_SIZE(rows));
	for (size_t i = 0; i < c.count; i++) {
		size_t r = 0;

		while (r < ARRAY_SIZE(rows) && strcmp(rows[r].lesson, c.ids[i]))
			r++;
		if (r == ARRAY_SIZE(rows))
			fail_msg("lesson %s has no row", c.ids[i]);
	}
}

static void test_fit_on_three_tablets(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
		struct lesson l;
		struct lesson_session ls;

		load(rows[r].lesson, &l, &ls);
		assert_false(l.mapping_stated);
		for (size_t p = 0; p < ARRAY_SIZE(pads); p++) {
			struct sim_mapping m = { 7, 7, 7, 7 };
			struct lesson_area a;
			int rc = lesson_fit_pad(&l, &ls.scalp, pads[p].width_mm,
						pads[p].height_mm, &m, &a);

			print_message("%s on %s: %d\n", rows[r].lesson, pads[p].name, rc);
			assert_float_equal(a.x_mm, rows[r].area.x_mm, 1e-9);
			assert_float_equal(a.y_mm, rows[r].area.y_mm, 1e-9);
			assert_float_equal(a.width_mm, rows[r].area.width_mm, 1e-9);
			assert_float_equal(a.height_mm, rows[r].area.height_mm, 1e-9);
			if (!rows[r].on[p].fits) {
				assert_int_equal(rc, -ERANGE);
				/* Untouched on a refusal. */
				assert_float_equal(m.offset_x_mm, 7, 0);
				assert_float_equal(m.scale, 7, 0);
				continue;
			}
			assert_int_equal(rc, 0);
			assert_float_equal(m.offset_x_mm, rows[r].on[p].dx, 1e-9);
			assert_float_equal(m.offset_y_mm, rows[r].on[p].dy, 1e-9);
			assert_float_equal(m.scale, 1, 0);
			assert_float_equal(m.rotation_deg, 0, 0);
		}
	}
}

/* The pad's centre lands on the area's centre, its corners around it. */
static void test_centre_on_centre(void **state)
{
	struct lesson l;
	struct lesson_session ls;
	struct sim_mapping m;
	struct lesson_area a;

	(void)state;
	load("soft-hairline", &l, &ls);
	assert_int_equal(lesson_fit_pad(&l, &ls.scalp, 200, 120, &m, &a), 0);
	/* The session generator's synthetic 200 x 120 mm pad. */
	assert_float_equal(m.offset_x_mm, -20, 1e-9);
	assert_float_equal(m.offset_y_mm, -44.5, 1e-9);
	assert_float_equal(m.offset_x_mm + 100, 80, 1e-9);    /* 45 + 70 / 2 */
	assert_float_equal(m.offset_y_mm + 60, 15.5, 1e-9);   /* 0 + 31 / 2 */
}

/* The tests' taps are placed on the synthetic pad by session_gen.h's
 * offsets: they must be the fit's. */
static void test_session_gen_offsets(void **state)
{
	struct lesson l;
	struct lesson_session ls;
	struct sim_mapping m;
	struct lesson_area a;

	(void)state;
	for (int i = 0; i < 2; i++) {
		load(i ? "even-spacing" : "depth-taps", &l, &ls);
		assert_int_equal(lesson_fit_pad(&l, &ls.scalp, SESSION_GEN_WIDTH_MM,
						SESSION_GEN_HEIGHT_MM, &m, &a), 0);
		assert_float_equal(m.offset_x_mm, -SESSION_GEN_SQUARE_PAD_DX_MM, 1e-9);
		assert_float_equal(m.offset_y_mm, -SESSION_GEN_SQUARE_PAD_DY_MM, 1e-9);
	}
}

/* A pad exactly the area's size holds it; a hair less either way does not;
 * neither does a pad of unknown size. */
static void test_fit_edges(void **state)
{
	struct lesson l;
	struct lesson_session ls;
	struct sim_mapping m;
	struct lesson_area a;

	(void)state;
	load("temple-points", &l, &ls);
	assert_int_equal(lesson_fit_pad(&l, &ls.scalp, 160, 37, &m, &a), 0);
	assert_float_equal(m.offset_x_mm, 0, 1e-9);
	assert_float_equal(m.offset_y_mm, 0, 1e-9);
	assert_int_equal(lesson_fit_pad(&l, &ls.scalp, 159.99, 37, &m, &a), -ERANGE);
	assert_int_equal(lesson_fit_pad(&l, &ls.scalp, 160, 36.99, &m, &a), -ERANGE);
	assert_int_equal(lesson_fit_pad(&l, &ls.scalp, NAN, 200, &m, &a), -ERANGE);
	assert_int_equal(lesson_fit_pad(&l, &ls.scalp, 0, 0, &m, &a), -ERANGE);
}

/* --mapping first, then the lesson file's own, then the fit; only the
 * fit can refuse. */
static void test_who_chooses(void **state)
{
	static const char stated[] =
		"id: stated\ntitle: Stated\ninstructions: Work the square.\n"
		"scalp: frontal-temporal\nneedle: 0601rl\ntime-limit-s: 60\n"
		"mapping: { offset-mm: [20, 10], scale: 1, rotation-deg: 0 }\n"
		"zones:\n  - id: square\n    polygon: [[70, 45], [90, 45], [90, 65], [70, 65]]\n"
		"density: { per-mm2: 0.25 }\n"
		"rubric:\n  items:\n    - metric: nn-cv\n"
		"      weight: 1\n      good: [0, 0.3]\n      zero-above: 0.55\n"
		"      required: { at-most: 0.35 }\n";
	struct sim_mapping option = { 1, 2, 1.5, 90 }, m;
	enum lesson_mapping_source src = LESSON_MAPPING_OPTION;
	struct lesson l;
	struct lesson_session ls;
	struct lesson_area a;
	char err[1024];

	(void)state;
	load("temple-points", &l, &ls);
	assert_int_equal(lesson_choose_mapping(&l, &ls.scalp, 216, 135, NULL, &m, &src, &a), 0);
	assert_int_equal(src, LESSON_MAPPING_FIT);
	assert_string_equal(lesson_mapping_source_name(src), "fit");
	assert_float_equal(m.offset_x_mm, -28, 1e-9);
	assert_float_equal(m.offset_y_mm, -49, 1e-9);
	/* Too small: refused, nothing chosen ... */
	src = LESSON_MAPPING_LESSON;
	assert_int_equal(lesson_choose_mapping(&l, &ls.scalp, 152, 95, NULL, &m, &src, &a),
			 -ERANGE);
	assert_int_equal(src, LESSON_MAPPING_LESSON);
	assert_float_equal(a.width_mm, 160, 1e-9);
	assert_float_equal(a.height_mm, 37, 1e-9);
	/* ... unless the trainee places the pad. */
	assert_int_equal(lesson_choose_mapping(&l, &ls.scalp, 152, 95, &option, &m, &src, &a),
			 0);
	assert_int_equal(src, LESSON_MAPPING_OPTION);
	assert_string_equal(lesson_mapping_source_name(src), "option");
	assert_memory_equal(&m, &option, sizeof(m));

	/* A lesson that states its mapping keeps it, whatever the pad. */
	if (lesson_load_text("stated.yaml", "stated", stated, strlen(stated), shipped, &l,
			     err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_true(l.mapping_stated);
	assert_int_equal(lesson_choose_mapping(&l, &ls.scalp, 10, 10, NULL, &m, &src, &a), 0);
	assert_int_equal(src, LESSON_MAPPING_LESSON);
	assert_string_equal(lesson_mapping_source_name(src), "lesson");
	assert_float_equal(m.offset_x_mm, 20, 0);
	assert_float_equal(m.offset_y_mm, 10, 0);
	assert_float_equal(m.scale, 1, 0);
	/* The trainee's still comes first. */
	assert_int_equal(lesson_choose_mapping(&l, &ls.scalp, 10, 10, &option, &m, &src, &a), 0);
	assert_int_equal(src, LESSON_MAPPING_OPTION);
	assert_float_equal(m.scale, 1.5, 0);
}

/* ---- the program ---- */

#define SMALL_PAD SMPSIM_TEST_DATA_DIR "/tablets/uc-logic-wp5540u-pen.evemu"
#define OLD_CAREFUL SMPSIM_TEST_DATA_DIR "/corner-mapping/hairline-careful.evemu"
#define TOO_SMALL "temple-points needs a pad of 160 x 37 mm at real scale; this pad " \
	"is 139.4 x 101.4 mm: use a larger tablet, or choose a scale with --mapping (the " \
	"lesson's zone is then not at real size; --mapping -0.17,-39.83,1.15,0 holds it)\n"

static void run(const char *const *args, const char *const *env, struct child_result *r)
{
	const char *argv[24] = { SMPSIM_BINARY };
	size_t n = 1;

	while (*args)
		argv[n++] = *args++;
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, r), 0);
}

static void make_record(const char *db)
{
	struct child_result r;

	unlink(db);
	run((const char *const[]){ "trainee", "add", "Ana", "--db", db, NULL }, NULL, &r);
	child_expect(&r, 0, "added trainee 1: Ana\n", "");
	child_result_free(&r);
}

/* score: refused before anything is said or made, --audio's file included. */
static void test_score_refuses_a_small_pad(void **state)
{
	char wav[PATH_MAX], arg[PATH_MAX + 8];
	struct child_result r;

	(void)state;
	snprintf(wav, sizeof(wav), "%s/refused.wav", tmp_files_dir());
	snprintf(arg, sizeof(arg), "wav:%s", wav);
	run((const char *const[]){ "score", SMALL_PAD, "--lesson", "temple-points", "--audio",
				   arg, NULL }, NULL, &r);
	child_expect(&r, 2, "", "smpsim score: " TOO_SMALL);
	child_result_free(&r);
	assert_int_equal(access(wav, F_OK), -1);
	/* The scale it suggests holds the work area: the session runs (and,
	 * its recording making no dot, is not scored: exit 1). */
	run((const char *const[]){ "score", SMALL_PAD, "--lesson", "temple-points",
				   "--mapping", "-0.17,-39.83,1.15,0", NULL }, NULL, &r);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "smpsim score: not scored: no dots were made"));
	child_result_free(&r);
	/* A lesson the pad holds is not refused (no dot: not scored). */
	run((const char *const[]){ "score", SMALL_PAD, "--lesson", "soft-hairline", NULL },
	    NULL, &r);
	child_expect(&r, 1, "", "smpsim score: not scored: no dots were made (1 drag line, "
		     "which is not a dot)\n");
	child_result_free(&r);
}

/* A bad --mapping is said, naming the option, exit 2. */
static void test_bad_mapping(void **state)
{
	struct child_result r;

	(void)state;
	run((const char *const[]){ "score", SMALL_PAD, "--lesson", "depth-taps", "--mapping",
				   "1,2,3", NULL }, NULL, &r);
	child_expect(&r, 2, "", "smpsim score: --mapping 1,2,3: needs DX,DY,SCALE,DEG, e.g. "
		     "20,10,1,0\n");
	child_result_free(&r);
	run((const char *const[]){ "practice", "--trainee", "Ana", "--lesson", "depth-taps",
				   "--replay", SMALL_PAD, "--mapping", "0,0,0,0", NULL }, NULL, &r);
	child_expect(&r, 2, "", "smpsim practice: --mapping 0,0,0,0: the mapping's scale "
		     "must be 0.01 to 100 (1 is real scale), not 0\n");
	child_result_free(&r);
}

/* The demo recording as it shipped before the fit: what it scored then
 * with the pad's corner on the scalp's origin, exactly; under the new
 * default its dots land elsewhere. */
static void test_old_recording_scores_as_made(void **state)
{
	struct child_result r;

	(void)state;
	run((const char *const[]){ "score", OLD_CAREFUL, "--lesson", "soft-hairline",
				   "--mapping", "0,0,1,0", NULL }, NULL, &r);
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, "\npad on scalp --mapping 0,0,1,0\n") ||
	    !strstr(r.out, "\ndots        638\nscore       100 / 100: PASS (every requirement "
		    "met)\n") ||
	    !strstr(r.out, "\n  hairline-width          6.813          5..10      4    100  "
		    "4 to 14: met\n") ||
	    !strstr(r.out, "\n  hairline-front       0.003135       0..0.005      3    100  "
		    "at most 0.01: met\n") ||
	    !strstr(r.out, "\n  density-l1             0.1328        0..0.17      2    100\n") ||
	    !strstr(r.out, "\n  periodogram-peak        8.777          0..20      1    100\n"))
		fail_msg("%s", r.out);
	child_result_free(&r);
	run((const char *const[]){ "score", OLD_CAREFUL, "--lesson", "soft-hairline", NULL },
	    NULL, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\npad on scalp centred at 1:1 (--mapping -20,-44.5,1,0)\n"));
	/* Every dot outside the zone, in front of the line: nothing done, no
	 * marks kept, and it says so. */
	assert_non_null(strstr(r.out, "\nscore       0 / 100: FAIL\n            0 % of its "
			       "marks: 0 % of the work done\nmissed      hairline-width not "
			       "computed, needs 4 to 14\nmissed      hairline-front 1, needs at "
			       "most 0.01\nmissed      completion 0, needs 0.9 to 1.5\nmissed      "
			       "outside 1, needs at most 0.1\n"));
	child_result_free(&r);
	run((const char *const[]){ "score", OLD_CAREFUL, "--lesson", "soft-hairline",
				   "--mapping", "0,0,1,0", "--json", NULL }, NULL, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\n  \"mapping\": { \"offset_x_mm\": 0, \"offset_y_mm\": 0, "
			       "\"scale\": 1, \"rotation_deg\": 0, \"source\": \"option\" },\n"));
	assert_non_null(strstr(r.out, "\n  \"score\": 100.000,\n  \"work_factor\": 1,\n  \"passed\": true,\n"
			       "  \"requirements\": [\n    { \"metric\": \"hairline-width\", "
			       "\"value\": 6.8134, \"at_least\": 4, \"at_most\": 14, \"met\": true },\n"));
	assert_null(strstr(r.out, "pass_mark"));
	assert_null(strstr(r.out, "uncapped"));
	child_result_free(&r);
}

/* practice --replay: refused before anything is printed or stored; a
 * session that runs keeps its mapping and who chose it. */
static void test_practice_fit_and_record(void **state)
{
	char db[PATH_MAX];
	struct child_result r;

	(void)state;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	make_record(db);
	run((const char *const[]){ "practice", "--trainee", "Ana", "--lesson", "temple-points",
				   "--replay", SMALL_PAD, "--db", db, "--audio", "none", NULL },
	    NULL, &r);
	child_expect(&r, 2, "", "smpsim practice: " TOO_SMALL);
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions"), 0);

	/* The fit: the demo recording's 200 x 120 mm pad under soft-hairline's
	 * 70 x 31 mm area at (45, 0). */
	run((const char *const[]){ "practice", "--trainee", "Ana", "--lesson", "soft-hairline",
				   "--replay", SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu",
				   "--db", db, "--audio", "none", NULL }, NULL, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\nThe lesson's work area, 70 x 31 mm (its zone and "
			       "hairline, 5 mm\naround), is centred on the pad at real scale.\n"));
	assert_non_null(strstr(r.out, "\nscore       100 / 100: PASS (every requirement met)\n"));
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT mapping_offset_x_mm = -20 AND "
				      "mapping_offset_y_mm = -44.5 AND mapping_scale = 1 AND "
				      "mapping_rotation_deg = 0 AND mapping_source = 'fit' "
				      "FROM sessions WHERE id = 1"), 1);
	/* The trainee's own. */
	run((const char *const[]){ "practice", "--trainee", "Ana", "--lesson", "temple-points",
				   "--replay", SMALL_PAD, "--db", db, "--audio", "none",
				   "--mapping", "-0.17,-39.83,1.15,0", NULL }, NULL, &r);
	assert_int_equal(r.status, 1);         /* no dot: stored, not scored */
	assert_non_null(strstr(r.out, "\nThe pad lies on the scalp as --mapping places it: "
			       "--mapping -0.17,-39.83,1.15,0.\n"));
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT mapping_offset_x_mm = -0.17 AND "
				      "mapping_offset_y_mm = -39.83 AND mapping_scale = 1.15 AND "
				      "mapping_rotation_deg = 0 AND mapping_source = 'option' "
				      "FROM sessions WHERE id = 2"), 1);
	/* And review says both. */
	run((const char *const[]){ "review", "--session", "1", "--db", db, NULL }, NULL, &r);
	assert_non_null(strstr(r.out, "\npad on scalp centred at 1:1 (--mapping -20,-44.5,1,0)\n"));
	child_result_free(&r);
	run((const char *const[]){ "review", "--session", "2", "--db", db, NULL }, NULL, &r);
	assert_non_null(strstr(r.out, "\npad on scalp --mapping -0.17,-39.83,1.15,0\n"));
	child_result_free(&r);
}

/* The demo is practice too: a data folder whose demo lesson the demo's
 * recording cannot hold (temple-points' zones in soft-hairline's file, the
 * small tablet as the recording) is refused before its record or report
 * is made. */
static void test_demo_refuses_a_small_pad(void **state)
{
	char data[512], cmd[8 * 512 + 256], env[512 + 32], db[PATH_MAX];
	const char *envs[] = { env, NULL };
	struct child_result r;

	(void)state;
	snprintf(data, sizeof(data), "%s/data", tmp_files_dir());
	snprintf(db, sizeof(db), "%s/demo/demo.db", tmp_files_dir());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s' '%s' && cp '%s' "
		 "'%s/recordings/hairline-careful.evemu' && sed 's/^id: temple-points/id: "
		 "soft-hairline/' '%s/lessons/temple-points.yaml' > "
		 "'%s/lessons/soft-hairline.yaml'", data, SMPSIM_DATA_DIR, data, SMALL_PAD,
		 data, data, data);
	assert_int_equal(system(cmd), 0);
	snprintf(env, sizeof(env), "SMPSIM_DATA_DIR=%s", data);
	run((const char *const[]){ "demo", "--db", db, "--audio", "none", NULL }, envs, &r);
	child_expect(&r, 2, "", "smpsim demo: soft-hairline needs a pad of 160 x 37 mm at "
		     "real scale; this pad is 139.4 x 101.4 mm: use a larger tablet, or choose "
		     "a scale with --mapping (the lesson's zone is then not at real size; "
		     "--mapping -0.17,-39.83,1.15,0 holds it)\n");
	child_result_free(&r);
	assert_int_equal(access(db, F_OK), -1);
	snprintf(cmd, sizeof(cmd), "%s/demo", tmp_files_dir());
	assert_int_equal(access(cmd, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_lesson_has_a_row),
		cmocka_unit_test(test_fit_on_three_tablets),
		cmocka_unit_test(test_centre_on_centre),
		cmocka_unit_test(test_session_gen_offsets),
		cmocka_unit_test(test_fit_edges),
		cmocka_unit_test(test_who_chooses),
		cmocka_unit_test(test_score_refuses_a_small_pad),
		cmocka_unit_test(test_bad_mapping),
		cmocka_unit_test(test_old_recording_scores_as_made),
		cmocka_unit_test(test_practice_fit_and_record),
		cmocka_unit_test(test_demo_refuses_a_small_pad),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
