/* test-lesson-load: the shipped lessons and curriculum load with the
 * values their files state; every kind of bad lesson or curriculum file is
 * refused with "file:line: what is wrong" and nothing written; and
 * `smpsim lessons` / `smpsim lessons show` print what they should, run as
 * child processes.
 *
 * Bad files are rows of a table: a small good lesson with one or two lines
 * replaced, and the exact message. They live in a data folder made for the
 * run (TMP/data): the real scalp models through a symlink, and needles of
 * its own (one real, one too short to reach overdeep, one broken), so the
 * same folder also serves the command as $SMPSIM_DATA_DIR.
 *
 * Every curriculum, good or bad, is also loaded from its bytes
 * (curriculum_load_text(), as verify reads the copy a certificate keeps):
 * the same curriculum, or the same message named as the text, but for
 * the lessons, which it does not look for.
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
#include <dirent.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "scalp_load.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char data_dir[512];          /* TMP/data */
static char lessons_dir[600];       /* TMP/data/lessons */
static struct data_library *lib;    /* of TMP/data */
static struct data_library *shipped; /* of SMPSIM_DATA_DIR */

/* ---- the run's data folder ---- */

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX + 128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
	char path[PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static const char short_needle[] =
	"id: short\nname: Too short\npoints: 1\ndiameter-mm: 0.2\nhang-mm: 1.4\n"
	"strokes-per-s: 120\ngrowth-mm-per-mm: 0.25\nsaturation-strokes: 40\n";
static const char broken_needle[] =
	"id: broken\nname: Broken\npoints: 2\ndiameter-mm: 0.2\nhang-mm: 2\n"
	"strokes-per-s: 120\ngrowth-mm-per-mm: 0.25\nsaturation-strokes: 40\n";

static int setup(void **state)
{
	char path[PATH_MAX + 64];

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	snprintf(lessons_dir, sizeof(lessons_dir), "%s/lessons", data_dir);
	snprintf(path, sizeof(path), "%s/needles", data_dir);
	if (mkdir(data_dir, 0700) < 0 || mkdir(lessons_dir, 0700) < 0 || mkdir(path, 0700) < 0)
		return -1;
	if (symlink(SMPSIM_DATA_DIR "/needles/0601rl.yaml",
		    strcat(path, "/0601rl.yaml")) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/scalps", data_dir);
	if (symlink(SMPSIM_DATA_DIR "/scalps", path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/needles", data_dir);
	put_file(path, "short.yaml", short_needle);
	put_file(path, "broken.yaml", broken_needle);
	if (data_library_new(data_dir, &lib) < 0 ||
	    data_library_new(SMPSIM_DATA_DIR, &shipped) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	static const char *const lessons[] = { "t.yaml", "u.yaml", "curriculum.yaml",
					       "soft-hairline.yaml" };
	static const char *const needles[] = { "0601rl.yaml", "short.yaml", "broken.yaml" };
	char path[PATH_MAX + 64];

	data_library_free(lib);
	data_library_free(shipped);
	for (size_t i = 0; i < ARRAY_SIZE(lessons); i++)
		remove_file(lessons_dir, lessons[i]);
	snprintf(path, sizeof(path), "%s/needles", data_dir);
	for (size_t i = 0; i < ARRAY_SIZE(needles); i++)
		remove_file(path, needles[i]);
	rmdir(path);
	remove_file(data_dir, "scalps");
	rmdir(lessons_dir);
	rmdir(data_dir);
	return tmp_files_teardown(state);
}

/* @p text begins with @p prefix. */
static void assert_prefix(const char *text, const char *prefix)
{
	if (strncmp(text, prefix, strlen(prefix)))
		fail_msg("expected to begin with:\n%s\ngot:\n%s", prefix, text);
}

/* ---- the shipped lessons ---- */

static const char *const curriculum_ids[] = {
	"depth-taps", "even-spacing", "soft-hairline", "temple-points",
	"densification", "crown-vertex", "scar-camouflage", "frontal-layout",
};

static void load_shipped(const char *id, struct lesson *l)
{
	char path[PATH_MAX], err[1024];

	snprintf(path, sizeof(path), SMPSIM_DATA_DIR "/lessons/%s.yaml", id);
	if (lesson_load(path, shipped, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

static void test_curriculum(void **state)
{
	struct curriculum c = { .count = 99 };
	char err[1024] = "", ids[1024];

	(void)state;
	if (curriculum_load(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", shipped, &c, err,
			    sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(c.count, ARRAY_SIZE(curriculum_ids));
	for (size_t i = 0; i < ARRAY_SIZE(curriculum_ids); i++)
		assert_string_equal(c.ids[i], curriculum_ids[i]);
	/* The rules (FLS's 2 in a row, 12 in all; exam mode for the later
	 * lessons' last passes; a sign-off for the last two) and the seven
	 * domains, as curriculum.yaml gives its reasons. */
	for (size_t i = 0; i < ARRAY_SIZE(curriculum_ids); i++) {
		assert_int_equal(c.rules[i].consecutive, 2);
		assert_int_equal(c.rules[i].total, 12);
		assert_int_equal(c.rules[i].exam_last, i < 3 ? 0 : i < 6 ? 1 : 2);
		assert_int_equal(c.rules[i].signoff_min, i < 6 ? 0 : 3);
	}
	assert_int_equal(c.domain_count, 7);
	assert_string_equal(c.domains[0], "depth control");
	assert_string_equal(c.domains[6], "flow and economy of motion");
	assert_int_equal(strlen(c.sha256), 64);
	/* From its bytes, with no lesson file: the same. */
	{
		struct curriculum t;
		size_t size;
		char *text = tmp_files_read(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", &size);

		memset(&t, 0, sizeof(t));
		if (curriculum_load_text("kept", text, size, &t, err, sizeof(err)) < 0)
			fail_msg("%s", err);
		assert_memory_equal(&t, &c, sizeof(t));
		free(text);
	}
	/* Every lesson shipped is in the curriculum; the curriculum is no lesson. */
	assert_int_equal(lesson_list_ids(SMPSIM_DATA_DIR "/lessons", ids, sizeof(ids)), 8);
	assert_string_equal(ids, "crown-vertex, densification, depth-taps, even-spacing, "
			    "frontal-layout, scar-camouflage, soft-hairline, temple-points");
}

/* A command's library parses each file once: the curriculum's eight
 * lessons on three scalp models and three needles are fourteen files,
 * however often the lessons and their models are asked for afterwards. */
static void test_each_file_parsed_once(void **state)
{
	struct lesson_session *ls = calloc(1, sizeof(*ls));
	struct data_library *one;
	struct curriculum c;
	const struct lesson *first, *again;
	const struct scalp_model *scalp, *same;
	char path[PATH_MAX], err[1024] = "";

	(void)state;
	assert_non_null(ls);
	assert_int_equal(data_library_new(SMPSIM_DATA_DIR, &one), 0);
	if (curriculum_load(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", one, &c, err,
			    sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(data_library_parsed(one), 8 + 3 + 3);
	for (size_t i = 0; i < c.count; i++) {
		assert_int_equal(lesson_find(SMPSIM_DATA_DIR, c.ids[i], path, sizeof(path),
					     err, sizeof(err)), 0);
		assert_int_equal(lesson_load_once(path, one, &first, err, sizeof(err)), 0);
		assert_int_equal(lesson_load_once(path, one, &again, err, sizeof(err)), 0);
		assert_ptr_equal(first, again);
		assert_string_equal(first->id, c.ids[i]);
		if (lesson_session_prepare(first, one, ls, err, sizeof(err)) < 0)
			fail_msg("%s", err);
	}
	assert_int_equal(data_library_scalp(one, "frontal-temporal", &scalp, err,
					    sizeof(err)), 0);
	assert_int_equal(data_library_scalp(one, "frontal-temporal", &same, err,
					    sizeof(err)), 0);
	assert_ptr_equal(scalp, same);
	assert_int_equal(data_library_parsed(one), 8 + 3 + 3);
	/* An unknown id is no file: nothing parsed, the ids there are said. */
	assert_int_equal(data_library_needle(one, "0501rl", &(const struct needle *){ NULL },
					     err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "unknown needle '0501rl' (there are: 0601rl, 0603rl, "
			    "0801rl, 0803rl)");
	assert_int_equal(data_library_parsed(one), 8 + 3 + 3);
	data_library_free(one);
	free(ls);
}

/* What every shipped lesson must have, beyond loading. */
static void test_every_lesson(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(curriculum_ids); i++) {
		struct lesson *l = calloc(1, sizeof(*l));
		const struct score_never_event *ne;
		size_t w = 0, depth_required = 0, completion_required = 0;

		assert_non_null(l);
		load_shipped(curriculum_ids[i], l);
		assert_string_equal(l->id, curriculum_ids[i]);
		assert_true(l->time_limit_s > 0);
		/* Overdeep is the one never-event of every lesson: rows are a
		 * requirement, not an unsafe act (issue 13). */
		assert_int_equal(l->rubric.never_count, 1);
		ne = &l->rubric.never[0];
		assert_int_equal(ne->metric, SCORE_OVERDEEP);
		assert_float_equal(ne->above, 0, 0);
		/* Depth counts in every lesson; depth and completion are required
		 * in every lesson (issue 13), from below. */
		for (size_t j = 0; j < l->rubric.item_count; j++) {
			const struct score_rubric_item *it = &l->rubric.items[j];

			if (it->metric == SCORE_DEPTH_IN_BAND) {
				w++;
				depth_required += it->required && it->need_min >= 0.85;
			}
			if (it->metric == SCORE_COMPLETION)
				completion_required += it->required && it->need_min >= 0.9;
		}
		assert_int_equal(w, 1);
		assert_int_equal(depth_required, 1);
		assert_int_equal(completion_required, 1);
		/* Trainees practise at real scale, with the view's guides. */
		assert_float_equal(l->mapping.scale, 1, 0);
		assert_float_equal(l->mapping.rotation_deg, 0, 0);
		assert_int_equal(l->exam, 0);
		free(l);
	}
}

/* The weight of @p m in @p l's rubric, 0 when it is not rated. */
static double weight(const struct lesson *l, enum score_metric m)
{
	for (size_t i = 0; i < l->rubric.item_count; i++)
		if (l->rubric.items[i].metric == m)
			return l->rubric.items[i].weight;
	return 0;
}

/* Each lesson weights most what it teaches. */
static void test_weights_follow_the_lesson(void **state)
{
	static const struct { const char *id; enum score_metric first, second; } rows[] = {
		{ "depth-taps", SCORE_DEPTH_IN_BAND, SCORE_DEPTH_ERROR_MEAN },
		{ "even-spacing", SCORE_NN_CV, SCORE_PERIODOGRAM_PEAK },
		{ "soft-hairline", SCORE_HAIRLINE_WIDTH, SCORE_DENSITY_L1 },
		{ "temple-points", SCORE_HAIRLINE_WIDTH, SCORE_DENSITY_L1 },
		{ "densification", SCORE_DENSITY_DISPERSION, SCORE_DENSITY_L1 },
		{ "crown-vertex", SCORE_PERIODOGRAM_PEAK, SCORE_DENSITY_DISPERSION },
		{ "scar-camouflage", SCORE_DENSITY_DISPERSION, SCORE_COVERAGE },
		{ "frontal-layout", SCORE_HAIRLINE_WIDTH, SCORE_HAIRLINE_FRONT },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct lesson *l = calloc(1, sizeof(*l));
		double top = 0;

		assert_non_null(l);
		load_shipped(rows[i].id, l);
		for (size_t j = 0; j < l->rubric.item_count; j++)
			top = fmax(top, l->rubric.items[j].weight);
		if (weight(l, rows[i].first) != top || !(weight(l, rows[i].second) > 0))
			fail_msg("%s: %s weighs %g (top %g), %s %g", rows[i].id,
				 score_metric_name(rows[i].first), weight(l, rows[i].first), top,
				 score_metric_name(rows[i].second), weight(l, rows[i].second));
		free(l);
	}
}

/* Lesson 1, field by field. */
static void test_depth_taps_values(void **state)
{
	struct lesson *l = calloc(1, sizeof(*l));
	const struct score_rubric_item *it;

	(void)state;
	assert_non_null(l);
	load_shipped("depth-taps", l);
	assert_string_equal(l->title, "Depth control with single taps");
	assert_prefix(l->instructions, "Hold the pen upright, at 90 degrees");
	assert_non_null(strstr(l->instructions, "turns harsh. A dot that goes past the "
			       "overdeep depth would heal as a blue\nblur on a client"));
	assert_int_not_equal(l->instructions[strlen(l->instructions) - 1], '\n');
	assert_string_equal(l->scalp, "frontal-temporal");
	assert_string_equal(l->needle, "0601rl");
	assert_int_equal(l->zone_count, 1);
	assert_string_equal(l->zones[0].id, "square");
	assert_int_equal(l->zones[0].polygon.count, 4);
	assert_float_equal(l->zones[0].polygon.points[0].x, 70, 0);
	assert_float_equal(l->zones[0].polygon.points[0].y, 45, 0);
	assert_float_equal(l->zones[0].polygon.points[2].x, 90, 0);
	assert_float_equal(l->zones[0].polygon.points[2].y, 65, 0);
	assert_int_equal(l->hairline_count, 0);
	assert_float_equal(l->density.front_per_mm2, 0.25, 0);
	assert_float_equal(l->density.back_per_mm2, 0.25, 0);
	assert_float_equal(l->density.ramp_mm, 0, 0);
	assert_int_equal(l->depth_count, 0);
	assert_float_equal(l->spacing.too_close_mm, 1.0, 0);
	assert_float_equal(l->spacing.gap_mm, 3.0, 0);
	assert_float_equal(l->spacing.neighbourhood_mm, 5.0, 0);
	assert_float_equal(l->technique.tail_max_mm, 0, 0);   /* the regions' own */
	assert_float_equal(l->technique.drag_line_mm, 0, 0);
	assert_float_equal(l->technique.oblique_max_deg, 0, 0);
	assert_float_equal(l->mapping.offset_x_mm, 0, 0);
	assert_float_equal(l->mapping.offset_y_mm, 0, 0);
	assert_float_equal(l->mapping.scale, 1, 0);
	assert_float_equal(l->time_limit_s, 480, 0);
	assert_int_equal(l->rubric.item_count, 16);
	it = &l->rubric.items[0];
	assert_int_equal(it->metric, SCORE_DEPTH_IN_BAND);
	assert_true(it->required);
	assert_float_equal(it->need_min, 0.95, 0);
	assert_true(isnan(it->need_max));
	assert_float_equal(it->weight, 4, 0);
	assert_float_equal(it->good_min, 0.98, 0);
	assert_float_equal(it->good_max, 1, 0);
	assert_float_equal(it->zero_below, 0.6, 0);
	assert_true(isnan(it->zero_above));
	assert_string_equal(it->advice_low, "Too many taps missed the band: lift as the tone "
			    "reaches the middle of its range.");
	assert_string_equal(it->advice_high, "");
	it = &l->rubric.items[2];
	assert_int_equal(it->metric, SCORE_DEPTH_ERROR_SD);
	assert_float_equal(it->good_max, 0.02, 0);
	assert_float_equal(it->zero_above, 0.1, 0);
	assert_true(isnan(it->zero_below));
	assert_int_equal(l->rubric.items[12].metric, SCORE_OUTSIDE);
	assert_string_equal(l->rubric.never[0].text, "A dot went past the overdeep depth: "
			    "on skin it would blur and heal blue. Ease off the moment you touch.");
	free(l);
}

/* Lesson 7: its own depth for the scar, on the scar model. */
static void test_scar_camouflage_values(void **state)
{
	struct lesson *l = calloc(1, sizeof(*l));

	(void)state;
	assert_non_null(l);
	load_shipped("scar-camouflage", l);
	assert_string_equal(l->title, "Camouflage of a flat linear scar");
	assert_string_equal(l->scalp, "strip-scar");
	assert_string_equal(l->needle, "0601rl");
	assert_int_equal(l->zone_count, 1);
	assert_string_equal(l->zones[0].id, "scar-band");
	assert_int_equal(l->zones[0].polygon.count, 6);
	assert_float_equal(l->zones[0].polygon.points[0].x, 30, 0);
	assert_float_equal(l->zones[0].polygon.points[0].y, 34.5, 0);
	assert_float_equal(l->zones[0].polygon.points[5].y, 45.5, 0);
	assert_float_equal(l->density.front_per_mm2, 0.6, 0);
	assert_float_equal(l->density.ramp_mm, 0, 0);
	assert_int_equal(l->depth_count, 1);
	assert_string_equal(l->depth[0].region, "scar");
	assert_float_equal(l->depth[0].band_min_mm, 0.4, 0);
	assert_float_equal(l->depth[0].band_max_mm, 0.8, 0);
	assert_float_equal(l->depth[0].overdeep_mm, 1.0, 0);
	assert_float_equal(l->spacing.too_close_mm, 0, 0);
	assert_float_equal(l->time_limit_s, 900, 0);
	assert_int_equal(l->rubric.item_count, 18);
	assert_int_equal(l->rubric.items[1].metric, SCORE_COVERAGE);
	assert_float_equal(l->rubric.items[1].weight, 2, 0);
	assert_float_equal(l->rubric.items[1].good_min, 0.98, 0);
	assert_float_equal(l->rubric.items[1].zero_below, 0.6, 0);
	assert_true(l->rubric.items[1].required);
	assert_float_equal(l->rubric.items[1].need_min, 0.85, 0);
	assert_int_equal(l->rubric.items[6].metric, SCORE_NN_CV);
	free(l);
}

/* The gradient lessons: a hairline, the zones behind it. */
static void test_hairline_lessons(void **state)
{
	struct lesson *l = calloc(1, sizeof(*l));

	(void)state;
	assert_non_null(l);
	load_shipped("soft-hairline", l);
	assert_int_equal(l->hairline_count, 7);
	assert_float_equal(l->hairline[3].x, 80, 0);
	assert_float_equal(l->hairline[3].y, 5, 0);
	assert_float_equal(l->density.front_per_mm2, 0.4, 0);
	assert_float_equal(l->density.back_per_mm2, 0.9, 0);
	assert_float_equal(l->density.ramp_mm, 8, 0);
	load_shipped("temple-points", l);
	assert_int_equal(l->zone_count, 2);
	assert_string_equal(l->zones[0].id, "left-temple");
	assert_string_equal(l->zones[1].id, "right-temple");
	assert_int_equal(l->hairline_count, 13);
	load_shipped("frontal-layout", l);
	assert_float_equal(l->density.back_per_mm2, 1.0, 0);
	assert_float_equal(l->time_limit_s, 3600, 0);
	/* The hairline's softness and its position are required. */
	for (size_t j = 0, found = 0; j <= l->rubric.item_count; j++) {
		if (j == l->rubric.item_count) {
			assert_int_equal(found, 2);
			break;
		}
		found += (l->rubric.items[j].metric == SCORE_HAIRLINE_WIDTH ||
			  l->rubric.items[j].metric == SCORE_HAIRLINE_FRONT) &&
			 l->rubric.items[j].required;
	}
	free(l);
}

/* Densification works among existing hair: every point of its zone lies
 * in a region that has hair. The crown lesson takes in the vertex's hair. */
static void test_hair_lessons(void **state)
{
	struct lesson *l = calloc(1, sizeof(*l));
	struct scalp_model *m = calloc(1, sizeof(*m));
	const struct scalp_polygon *z;
	char err[1024];
	size_t r;

	(void)state;
	assert_non_null(l);
	assert_non_null(m);
	load_shipped("densification", l);
	if (scalp_load(SMPSIM_DATA_DIR "/scalps/strip-scar.yaml", m, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	z = &l->zones[0].polygon;
	for (double x = 0; x <= m->width_mm; x += 0.5)
		for (double y = 0; y <= m->height_mm; y += 0.5)
			if (scalp_polygon_contains(z, x, y)) {
				r = scalp_region_at(m, x, y);
				assert_int_not_equal(r, SCALP_NO_REGION);
				assert_true(m->regions[r].hair_per_mm2 > 0);
			}
	load_shipped("crown-vertex", l);
	if (scalp_load(SMPSIM_DATA_DIR "/scalps/crown.yaml", m, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	r = scalp_region_at(m, 70, 60);
	assert_string_equal(m->regions[r].id, "vertex");
	assert_true(m->regions[r].hair_per_mm2 > 0);
	assert_true(scalp_polygon_contains(&l->zones[0].polygon, 70, 60));
	free(m);
	free(l);
}

/* ---- bad lessons ---- */

/* A small, valid lesson; bad rows replace lines of it. */
static const char *const good_lesson[] = {
	"id: t",                                                          /* 1 */
	"title: Test lesson",                                             /* 2 */
	"instructions: |",                                                /* 3 */
	"  Line one.",                                                    /* 4 */
	"  Line two.",                                                    /* 5 */
	"scalp: frontal-temporal",                                        /* 6 */
	"needle: 0601rl",                                                 /* 7 */
	"zones:",                                                         /* 8 */
	"  - id: square",                                                 /* 9 */
	"    polygon: [[70, 45], [90, 45], [90, 65], [70, 65]]",          /* 10 */
	"hairline: [[60, 40], [100, 40]]",                                /* 11 */
	"density: { per-mm2: 1.0 }",                                      /* 12 */
	"depth:",                                                         /* 13 */
	"  - region: frontal",                                            /* 14 */
	"    band-mm: [0.5, 1.0]",                                        /* 15 */
	"    overdeep-mm: 1.3",                                           /* 16 */
	"spacing: { too-close-mm: 0.7 }",                                 /* 17 */
	"technique: { tail-max-mm: 0.4 }",                                /* 18 */
	"mapping: { offset-mm: [10, 5], scale: 1.5, rotation-deg: 90 }",  /* 19 */
	"time-limit-s: 600",                                              /* 20 */
	"rubric:",                                                        /* 21 */
	"  items:",                                                       /* 22 */
	"    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
	"required: { at-least: 0.85 } }",                                 /* 23 */
	"    - metric: nn-cv",                                            /* 24 */
	"      weight: 2",                                                /* 25 */
	"      good: [0, 0.3]",                                           /* 26 */
	"      zero-above: 0.55",                                         /* 27 */
	"      advice-high: Even out your spacing.",                      /* 28 */
	"    - metric: hairline-width",                                   /* 29 */
	"      weight: 1",                                                /* 30 */
	"      good: [5, 12]",                                            /* 31 */
	"      zero-below: 1.5",                                          /* 32 */
	"  never-events:",                                                /* 33 */
	"    - metric: overdeep",                                         /* 34 */
	"      above: 0",                                                 /* 35 */
	"      # a never-event fails the session, whatever its score",    /* 36 */
	"      text: Too deep.",                                          /* 37 */
	NULL,
};

/* Writes the good lesson to LESSONS/NAME with lines @p l1 to @p last
 * (@p last 0: @p l1 alone) replaced by @p t1, and line @p l2 by @p t2 (0:
 * none), their markers expanded (tmp_files_expand_markers); the path goes
 * to @p path. */
static void write_lesson(const char *name, int l1, int last, const char *t1, int l2,
			 const char *t2, char *path, size_t size)
{
	char body[4096], *bytes;
	size_t used = 0, len;
	FILE *f;

	if (last < l1)
		last = l1;
	for (int i = 1; good_lesson[i - 1]; i++) {
		const char *line = i == l1 ? t1 : i == l2 ? t2 : good_lesson[i - 1];

		if (i > l1 && i <= last)
			continue;
		used += (size_t)snprintf(body + used, sizeof(body) - used, "%s\n", line);
		assert_true(used < sizeof(body));
	}
	snprintf(path, size, "%s/%s", lessons_dir, name);
	bytes = tmp_files_expand_markers(body, used, &len);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(bytes);
}


static void test_good_lesson_values(void **state)
{
	struct lesson *l = calloc(1, sizeof(*l));
	char path[PATH_MAX], err[1024];

	(void)state;
	assert_non_null(l);
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_string_equal(l->instructions, "Line one.\nLine two.");
	assert_int_equal(l->hairline_count, 2);
	/* The depth the lesson changes, the region's value where it keeps it. */
	assert_int_equal(l->depth_count, 1);
	assert_float_equal(l->depth[0].band_max_mm, 1.0, 0);
	assert_float_equal(l->depth[0].overdeep_mm, 1.3, 0);
	assert_float_equal(l->spacing.too_close_mm, 0.7, 0);
	assert_float_equal(l->spacing.gap_mm, 0, 0);
	assert_float_equal(l->technique.tail_max_mm, 0.4, 0);
	assert_float_equal(l->mapping.offset_x_mm, 10, 0);
	assert_float_equal(l->mapping.offset_y_mm, 5, 0);
	assert_float_equal(l->mapping.scale, 1.5, 0);
	assert_float_equal(l->mapping.rotation_deg, 90, 0);
	assert_int_equal(l->exam, 0);
	assert_float_equal(l->target_dots, 0, 0);
	assert_true(l->rubric.items[0].required);
	assert_float_equal(l->rubric.items[0].need_min, 0.85, 0);
	assert_true(isnan(l->rubric.items[0].need_max));
	assert_false(l->rubric.items[1].required);
	assert_string_equal(l->rubric.items[1].advice_high, "Even out your spacing.");
	assert_float_equal(l->rubric.items[2].zero_below, 1.5, 0);
	assert_true(isnan(l->rubric.items[2].zero_above));
	/* A stated amount of work; a level both sides. */
	write_lesson("t.yaml", 20, 0, "time-limit-s: 600\ntarget-dots: 150", 23,
		     "    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
		     "required: { at-least: 0.8, at-most: 1 } }", path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_float_equal(l->target_dots, 150, 0);
	assert_float_equal(l->rubric.items[0].need_min, 0.8, 0);
	assert_float_equal(l->rubric.items[0].need_max, 1, 0);
	/* Only the band: overdeep stays the region's 1.5. */
	write_lesson("t.yaml", 16, 0, "", 0, NULL, path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_float_equal(l->depth[0].band_min_mm, 0.5, 0);
	assert_float_equal(l->depth[0].overdeep_mm, 1.5, 0);
	/* An exam: the view shows only the scalp and the dots. */
	write_lesson("t.yaml", 19, 0, "exam: true", 0, NULL, path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(l->exam, 1);
	assert_false(l->feedback.depth_tone_set);
	for (size_t c = 0; c < AUDIO_CUE_COUNT; c++)
		assert_false(l->feedback.cue_set[c]);
	/* A gradient. */
	write_lesson("t.yaml", 12, 0, "density: { front-per-mm2: 0.4, back-per-mm2: 0.9, "
		     "ramp-mm: 8 }", 0, NULL, path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_float_equal(l->density.front_per_mm2, 0.4, 0);
	assert_float_equal(l->density.back_per_mm2, 0.9, 0);
	assert_float_equal(l->density.ramp_mm, 8, 0);
	/* A never-event with no text of its own: the measure's default. */
	write_lesson("t.yaml", 37, 0, "", 0, NULL, path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_string_equal(l->rubric.never[0].text, "");
	/* Single quotes escaped one at a time are read as YAML says. */
	write_lesson("t.yaml", 2, 0, "title: 'It''s a ''test'''", 0, NULL, path, sizeof(path));
	if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_string_equal(l->title, "It's a 'test'");
	free(l);
}

/* A lesson's feedback: exactly the values the file states, the cues it
 * does not name left unsaid. */
static void test_feedback_values(void **state)
{
	static const struct {
		const char *text;                /* replaces line 19 */
		int tone;                        /* -1: not said */
		float volume[AUDIO_CUE_COUNT];   /* -1: not said */
	} rows[] = {
		{ "feedback: { depth-tone: true }", 1,
		  { -1, -1, -1, -1, -1, -1, -1 } },
		{ "feedback:\n  depth-tone: false\n  cues: { deep: 0.5, overdeep: 1.0 }", 0,
		  /* overdeep shallow crowded gap outside tail deep */
		  { 1.0f, -1, -1, -1, -1, -1, 0.5f } },
		{ "feedback:\n  cues:\n    gap: off\n    tail: on\n    crowded: 0\n"
		  "    shallow: 0.25\n    outside: 0.75", -1,
		  { -1, 0.25f, 0, 0, 0.75f, 1, -1 } },
		{ "feedback: {}", -1, { -1, -1, -1, -1, -1, -1, -1 } },
	};
	struct lesson *l = calloc(1, sizeof(*l));
	char path[PATH_MAX], err[1024];

	(void)state;
	assert_non_null(l);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		write_lesson("t.yaml", 19, 0, rows[i].text, 0, NULL, path, sizeof(path));
		if (lesson_load(path, lib, l, err, sizeof(err)) < 0)
			fail_msg("row %zu: %s", i, err);
		assert_int_equal(l->feedback.depth_tone_set, rows[i].tone >= 0);
		assert_int_equal(l->feedback.depth_tone, rows[i].tone == 1);
		for (size_t c = 0; c < AUDIO_CUE_COUNT; c++) {
			assert_int_equal(l->feedback.cue_set[c], rows[i].volume[c] >= 0);
			assert_float_equal(l->feedback.cue_volume[c],
					   rows[i].volume[c] >= 0 ? rows[i].volume[c] : 0, 0);
		}
	}
	/* The shipped depth-taps: the depth tone on, the deep cue at half. */
	load_shipped("depth-taps", l);
	assert_true(l->feedback.depth_tone_set);
	assert_true(l->feedback.depth_tone);
	for (size_t c = 0; c < AUDIO_CUE_COUNT; c++)
		assert_int_equal(l->feedback.cue_set[c], c == AUDIO_CUE_DEEP);
	assert_float_equal(l->feedback.cue_volume[AUDIO_CUE_DEEP], 0.5, 0);
	free(l);
}

/* The annotated example of docs/lessons.md loads as it stands. */
static void test_docs_example(void **state)
{
	static const char docs[] = SMPSIM_DATA_DIR "/../docs/lessons.md";
	struct lesson *l = calloc(1, sizeof(*l));
	char *text = malloc(65536), *start, *end, path[PATH_MAX], err[1024];
	FILE *f = fopen(docs, "r");
	size_t n;

	(void)state;
	assert_non_null(l);
	assert_non_null(text);
	assert_non_null(f);
	n = fread(text, 1, 65535, f);
	fclose(f);
	text[n] = '\0';
	start = strstr(text, "```yaml\n");
	assert_non_null(start);
	start += 8;
	end = strstr(start, "```");
	assert_non_null(end);
	*end = '\0';
	put_file(lessons_dir, "soft-hairline.yaml", start);
	snprintf(path, sizeof(path), "%s/soft-hairline.yaml", lessons_dir);
	if (lesson_load(path, shipped, l, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	remove_file(lessons_dir, "soft-hairline.yaml");
	assert_string_equal(l->id, "soft-hairline");
	assert_int_equal(l->rubric.item_count, 2);
	assert_float_equal(l->mapping.offset_x_mm, 20, 0);
	free(text);
	free(l);
}

#define METRICS "depth-in-band, depth-error-mean, depth-error-sd, overdeep, nn-mean, " \
	"nn-cv, rho, clark-evans, periodogram-peak, density-l1, coverage, gaps, merged, " \
	"size-cv, outside, hairline-width, hairline-residual, pace, completion, shallow, " \
	"deep, too-close, oblique, dragged, density-dispersion, hairline-front"
#define LESSON_KEYS "id, title, instructions, scalp, needle, time-limit-s, spacing, " \
	"technique, mapping, exam, feedback, target-dots, zones, hairline, density, depth, " \
	"rubric"
#define RETIRED "the pass mark and never-event caps are gone: a session passes when every required rubric item is at its level (`required: { at-least: X, at-most: Y }`) and no never-event happened, which fails it without capping the score (docs/scoring.md, \"Rubric\")"

static void test_bad_lessons(void **state)
{
	static const struct {
		int line, last;       /* lines line to last (0: line alone) become text */
		const char *text;
		int line2;            /* and line2 (0: none) becomes text2 */
		const char *text2;
		const char *message;  /* after "PATH:"; NULL: the needle file's own */
	} rows[] = {
		/* unknown key, missing field, wrong type */
		{ 2, 0, "titel: Test", 0, NULL, "2: lesson: unknown key 'titel' (known: "
		  LESSON_KEYS ")" },
		{ 2, 0, "# no title", 0, NULL, "1: lesson: missing 'title'" },
		{ 20, 0, "# no time limit", 0, NULL, "1: lesson: missing 'time-limit-s'" },
		{ 10, 0, "    # no polygon", 0, NULL, "9: zone: missing 'polygon'" },
		{ 2, 0, "title: [a, b]", 0, NULL, "2: 'title' needs a single line of text" },
		{ 2, 0, "title: ''", 0, NULL, "2: 'title' must not be empty" },
		{ 3, 5, "instructions: [a]", 0, NULL, "3: 'instructions' needs text" },
		{ 20, 0, "time-limit-s: soon", 0, NULL, "20: 'time-limit-s' needs a number, "
		  "not 'soon'" },
		{ 12, 0, "density: 1.0", 0, NULL, "12: density must be a mapping of keys to values" },
		{ 8, 10, "zones: square", 0, NULL, "8: zones must be a list" },
		{ 22, 0, "  passmark: 70\n  items:", 0, NULL, "22: rubric: unknown key 'passmark' "
		  "(known: pass-mark, items, never-events)" },
		{ 17, 0, "spacing: { near-mm: 1 }", 0, NULL, "17: spacing: unknown key 'near-mm' "
		  "(known: too-close-mm, gap-mm, neighbourhood-mm)" },
		/* ids */
		{ 1, 0, "id: other", 0, NULL, "1: id 'other' is not the file's name 't' (a "
		  "lesson's id is its file name without .yaml)" },
		{ 6, 0, "scalp: forehead", 0, NULL, "6: unknown scalp model 'forehead' (there are: "
		  "crown, frontal-temporal, strip-scar)" },
		{ 7, 0, "needle: 0501rl", 0, NULL, "7: unknown needle '0501rl' (there are: "
		  "0601rl, broken, short)" },
		{ 7, 0, "needle: ../x", 0, NULL, "7: '../x' is not a needle id (lower-case "
		  "letters, digits, '-', '_', '.')" },
		/* zones */
		{ 10, 0, "    polygon: [[70, 45], [90, 65], [90, 45], [70, 65]]", 0, NULL,
		  "10: the polygon crosses itself" },
		{ 10, 0, "    polygon: [[70, 45], [170, 45], [90, 65]]", 0, NULL,
		  "10: zone 'square': point 2 (170, 45) lies outside the 160 x 100 mm area "
		  "of scalp model 'frontal-temporal'" },
		{ 10, 0, "    polygon: [[70, 45], [90, 45]]", 0, NULL,
		  "10: a polygon has 3 to 64 points, not 2" },
		{ 10, 0, "    polygon: [[70, 45], [80, 45], [90, 45]]", 0, NULL,
		  "10: zone 'square' encloses less than 1 mm^2" },
		{ 10, 0, "    polygon: [[70, 45], [90, 45], [90, 65]]\n  - id: square\n"
		  "    polygon: [[1, 1], [5, 1], [5, 5]]", 0, NULL,
		  "11: zone 'square' is given twice" },
		{ 8, 10, "zones: []", 0, NULL, "8: a lesson has 1 to 8 zones, not 0" },
		/* hairline */
		{ 11, 0, "hairline: [[60, 40], [200, 40]]", 0, NULL, "11: hairline: point 2 "
		  "(200, 40) lies outside the 160 x 100 mm area of scalp model "
		  "'frontal-temporal'" },
		{ 11, 0, "hairline: [[100, 40], [60, 40]]", 0, NULL, "11: hairline: zone 'square' "
		  "lies in front of it; give its points from the trainee's left to right, so "
		  "that behind it (+y) is the right-hand side" },
		{ 11, 0, "hairline: [[60, 40], [100, 40], [100, 30], [80, 50]]", 0, NULL,
		  "11: hairline: the line crosses itself" },
		{ 11, 0, "hairline: [[60, 40], [60, 40], [100, 40]]", 0, NULL,
		  "11: hairline: points 1 and 2 are the same" },
		{ 11, 0, "hairline: [[60, 40]]", 0, NULL, "11: a hairline has 2 to 64 points, not 1" },
		/* density */
		{ 12, 0, "density: { per-mm2: 5 }", 0, NULL, "12: 'per-mm2' must be above 0 and "
		  "at most 3, not 5" },
		{ 12, 0, "density: { }", 0, NULL, "12: density: give per-mm2 (uniform) or "
		  "front-per-mm2, back-per-mm2 and ramp-mm (a gradient)" },
		{ 12, 0, "density: { per-mm2: 1, ramp-mm: 8 }", 0, NULL, "12: density: give "
		  "per-mm2 (uniform) or front-per-mm2, back-per-mm2 and ramp-mm (a gradient), "
		  "not both" },
		{ 12, 0, "density: { front-per-mm2: 0.4, ramp-mm: 8 }", 0, NULL, "12: density: a "
		  "gradient needs front-per-mm2, back-per-mm2 and ramp-mm; 'back-per-mm2' is "
		  "missing" },
		{ 12, 0, "density: { front-per-mm2: 1, back-per-mm2: 0.5, ramp-mm: 8 }", 0, NULL,
		  "12: density: front-per-mm2 (1) must be below back-per-mm2 (0.5): density "
		  "rises from the hairline inward" },
		{ 11, 0, "# no hairline", 12, "density: { front-per-mm2: 0.4, back-per-mm2: 0.9, "
		  "ramp-mm: 8 }", "12: density: a gradient runs from the hairline: give "
		  "'hairline'" },
		/* depth */
		{ 14, 0, "  - region: crown", 0, NULL, "14: unknown region 'crown' of scalp model "
		  "'frontal-temporal' (there are: mid-scalp, frontal, temporal-left, "
		  "temporal-right)" },
		{ 14, 0, "  - { region: frontal }\n  - region: mid-scalp", 0, NULL,
		  "14: depth for region 'frontal' changes nothing: give band-mm, overdeep-mm "
		  "or both" },
		{ 14, 0, "  - { region: frontal, overdeep-mm: 1.4 }\n  - region: frontal", 0, NULL,
		  "15: depth for region 'frontal' is given twice" },
		{ 15, 0, "    band-mm: [1.0, 0.5]", 0, NULL, "15: band-mm is [shallowest, deepest]: "
		  "0.5 is not above 1" },
		{ 16, 0, "    overdeep-mm: 0.9", 0, NULL, "14: region 'frontal': depths must "
		  "satisfy 0 < epidermis (0.08) <= band min (0.5) < band max (1) < overdeep "
		  "(0.9)" },
		{ 16, 0, "    overdeep-mm: 2.5", 0, NULL, "14: region 'frontal': needle '0601rl' "
		  "reaches 2 mm at most, so nothing could go past overdeep at 2.5 mm" },
		{ 7, 0, "needle: short", 0, NULL, "7: needle 'short' reaches 1.4 mm at most: in "
		  "region 'mid-scalp' nothing could go past overdeep at 1.5 mm" },
		{ 7, 0, "needle: broken", 0, NULL, NULL },
		/* overrides */
		{ 17, 0, "spacing: { too-close-mm: 2 }", 0, NULL, "17: with this lesson's "
		  "overrides, region 'mid-scalp': spacing must satisfy 0 < too close (2) < "
		  "gap (1.6) < neighbourhood (3)" },
		{ 18, 0, "technique: { tail-max-mm: 3 }", 0, NULL, "18: with this lesson's "
		  "overrides, region 'mid-scalp': technique must satisfy 0 < tail max (3) < "
		  "drag line (2) and 0 < oblique max (25) < 90 degrees" },
		{ 19, 0, "mapping: { scale: 0 }", 0, NULL, "19: 'scale' must be at least 0.01 and "
		  "at most 100, not 0" },
		{ 19, 0, "mapping: { rotation-deg: 1e300 }", 0, NULL, "19: 'rotation-deg' must be at "
		  "least -360 and at most 360, not 1e+300" },
		{ 19, 0, "mapping: { offset-mm: [10] }", 0, NULL, "19: expected a pair [a, b]" },
		{ 19, 0, "exam: yes", 0, NULL, "19: 'exam' is one of false, true, not 'yes'" },
		/* feedback */
		{ 19, 0, "feedback:\n  depth-tone: loud", 0, NULL, "20: 'depth-tone' is one of "
		  "false, true, not 'loud'" },
		{ 19, 0, "feedback: { tone: true }", 0, NULL, "19: feedback: unknown key 'tone' "
		  "(known: depth-tone, cues)" },
		{ 19, 0, "feedback:\n  cues:\n    deep: 0.5\n    too-close: 0.8", 0, NULL,
		  "22: cues: unknown key 'too-close' (known: overdeep, deep, shallow, crowded, gap, "
		  "outside, tail)" },
		{ 19, 0, "feedback:\n  cues:\n    overdeep: 1.5", 0, NULL, "21: a cue's volume is a "
		  "number from 0 to 1, or off or on, not '1.5'" },
		{ 19, 0, "feedback:\n  cues: { gap: quiet }", 0, NULL, "20: a cue's volume is a "
		  "number from 0 to 1, or off or on, not 'quiet'" },
		{ 19, 0, "feedback:\n  cues: [deep]", 0, NULL, "20: cues must be a mapping of keys "
		  "to values" },
		{ 20, 0, "time-limit-s: 0", 0, NULL, "20: 'time-limit-s' must be above 0 and at "
		  "most 14400, not 0" },
		/* rubric */
		{ 24, 0, "    - metric: spacing", 0, NULL, "24: unknown metric 'spacing' (known: "
		  METRICS ")" },
		{ 29, 0, "    - metric: nn-cv", 0, NULL, "29: metric 'nn-cv' is rated twice" },
		{ 31, 0, "      good: [5, 600]", 0, NULL, "31: hairline-width: 'good' must be at "
		  "least 0 and at most 500 (mm), not 600" },
		{ 27, 0, "      zero-above: 1e7", 0, NULL, "27: nn-cv: 'zero-above' must be at "
		  "least 0 and at most 10 (a ratio), not 1e+07" },
		{ 26, 0, "      good: [-1, 0.3]", 0, NULL, "26: nn-cv: 'good' must be at least 0 "
		  "and at most 10 (a ratio), not -1" },
		{ 35, 0, "      above: 1e6", 0, NULL, "35: overdeep: 'above' must be at least 0 "
		  "and below 1e+06 (a count of dots), not 1e+06" },
		/* ... and what score_rubric_check() refuses, at the item's line */
		{ 27, 0, "      zero-above: 0.2", 0, NULL, "24: rubric item 'nn-cv': zero-above "
		  "(0.2) must be above the good band (0.3)" },
		{ 32, 0, "      zero-below: 6", 0, NULL, "29: rubric item 'hairline-width': "
		  "zero-below (6) must be below the good band (5)" },
		{ 26, 0, "      good: [0.3, 0]", 0, NULL, "24: rubric item 'nn-cv': good is "
		  "[min, max] with min <= max" },
		{ 25, 0, "      weight: 0", 0, NULL, "25: 'weight' must be above 0 and at most "
		  "100, not 0" },
		/* the pass mark and caps are gone, said at their line */
		{ 22, 0, "  pass-mark: 70\n  items:", 0, NULL, "22: " RETIRED },
		{ 36, 0, "      cap: 40", 0, NULL, "36: " RETIRED },
		/* requirements */
		{ 23, 0, "    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
		  "required: { atleast: 0.85 } }", 0, NULL, "23: required: unknown key 'atleast' "
		  "(known: at-least, at-most)" },
		{ 23, 0, "    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
		  "required: {} }", 0, NULL, "23: required: give the level, at-least, at-most "
		  "or both" },
		{ 23, 0, "    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
		  "required: { at-least: 0.9, at-most: 0.5 } }", 0, NULL, "23: required: "
		  "at-least (0.9) is above at-most (0.5)" },
		{ 23, 0, "    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
		  "required: { at-least: 0.95 } }", 0, NULL, "23: rubric item 'depth-in-band': "
		  "the good band [0.9, 1] reaches past the required level (at least 0.95): full "
		  "marks must meet it" },
		{ 23, 0, "    - { metric: depth-in-band, weight: 1, good: [0.9, 1], "
		  "required: { at-least: 2 } }", 0, NULL, "23: depth-in-band: 'at-least' must be "
		  "at least 0 and at most 1 (a share of dots), not 2" },
		{ 23, 0, "    - { metric: depth-in-band, weight: 1, good: [0.9, 1] }", 0, NULL,
		  "22: rubric: a rubric needs at least one required item: a session passes by "
		  "the lesson's required measures (docs/scoring.md, Rubric)" },
		{ 29, 32, "    - { metric: hairline-front, weight: 1, good: [0, 0.01] }", 11,
		  "# no hairline", "29: metric 'hairline-front' measures the hairline: give "
		  "'hairline' or drop the item" },
		{ 20, 0, "time-limit-s: 600\ntarget-dots: 0", 0, NULL, "21: 'target-dots' must be "
		  "above 0 and at most 1e+06, not 0" },
		{ 34, 0, "    - metric: overdeep\n      above: 0\n      text: x\n"
		  "    - metric: overdeep", 0, NULL, "37: never-event 'overdeep' is given twice" },
		{ 22, 32, "  items: []", 0, NULL, "22: a rubric has 1 to 24 items, not 0" },
		{ 11, 0, "# no hairline", 0, NULL, "29: metric 'hairline-width' measures the "
		  "hairline: give 'hairline' or drop the item" },
		/* syntax, in libfyaml's words */
		{ 12, 0, "density: { per-mm2: 1.0", 0, NULL, "13: missing comma in flow mapping" },
		/* YAML as written: one document, UTF-8 text, no anchors or aliases, 1 MiB */
		{ 7, 0, "needle: *0601rl", 0, NULL, "7: alias '*0601rl': anchors and aliases "
		  "are not read; write the value out in full" },
		{ 7, 0, "needle: &n 0601rl", 0, NULL, "7: anchor '&n': anchors and aliases "
		  "are not read; write the value out in full" },
		{ 12, 0, "density: &d { per-mm2: 1.0 }", 17, "spacing: *d", "12: anchor '&d': "
		  "anchors and aliases are not read; write the value out in full" },
		/* a tag: libfyaml drops it without a word */
		{ 7, 0, "needle: !custom 0601rl", 0, NULL, "7: tag '!custom' at column 9: "
		  "tags are not read; write the value without it" },
		{ 20, 0, "time-limit-s: !!int 600", 0, NULL, "20: tag '!!int' at column 15: "
		  "tags are not read; write the value without it" },
		{ 12, 0, "density: !!map\n  per-mm2: 1.0", 0, NULL, "12: tag '!!map' at column "
		  "10: tags are not read; write the value without it" },
		{ 8, 10, "zones:\n  - !zone { id: square, polygon: [[70, 45], [90, 45], [90, 65], "
		  "[70, 65]] }", 0, NULL, "9: tag '!zone' at column 5: tags are not read; write "
		  "the value without it" },
		/* what libfyaml 0.7.12 misreads (and leaked on: fuzz-yaml) */
		{ 2, 0, "title: 'Test ''''lesson'", 0, NULL, "2: two escaped quotes in a row "
		  "('''') in a single-quoted value, which libfyaml 0.7.12 misreads; write the "
		  "value in double quotes" },
		{ 2, 0, "title: 'Test\n  lesson ''''''''''''''''''''''''x'", 0, NULL, "3: two "
		  "escaped quotes in a row ('''') in a single-quoted value, which libfyaml "
		  "0.7.12 misreads; write the value in double quotes" },
		{ 37, 0, "      text: Too deep.\n---\nid: t", 0, NULL, "38: a second document "
		  "begins here; a data file holds one" },
		{ 37, 0, "      text: Too deep.\n...\nid: t", 0, NULL, "39: a second document "
		  "begins here; a data file holds one" },
		{ 2, 0, "title: Test\x01lesson", 0, NULL, "2: a NUL byte: a data file is text" },
		/* libfyaml reads a value that begins with an invalid byte as empty */
		{ 7, 0, "needle: \xff" "0601rl", 0, NULL, "7: invalid UTF-8: a data file is "
		  "UTF-8 text" },
		/* a surrogate: no character */
		{ 28, 0, "      advice-high: Even out \xed\xa0\x80", 0, NULL, "28: invalid UTF-8: "
		  "a data file is UTF-8 text" },
		{ 37, 0, "      text: Too deep.\n# \x02", 0, NULL, " larger than 1 MiB (1048576 "
		  "bytes), the most a data file may be" },
	};
	struct lesson *l = calloc(1, sizeof(*l));
	int wrong = 0;

	(void)state;
	assert_non_null(l);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char path[PATH_MAX], err[1024] = "", want[PATH_MAX + 1024];
		int rc;

		write_lesson("t.yaml", rows[i].line, rows[i].last, rows[i].text, rows[i].line2,
			     rows[i].text2, path, sizeof(path));
		memset(l, 0x5a, sizeof(*l));
		rc = lesson_load(path, lib, l, err, sizeof(err));
		if (rows[i].message)
			snprintf(want, sizeof(want), "%s:%s", path, rows[i].message);
		else  /* the broken needle's own file and line */
			snprintf(want, sizeof(want), "%s/needles/broken.yaml:3: points must be "
				 "1 (1RL) or 3 (3RL)", data_dir);
		if (rc != -EINVAL || strcmp(err, want)) {
			print_error("row %zu: got %d '%s'\n  expected '%s'\n", i, rc, err, want);
			wrong++;
		}
		/* Nothing written. */
		for (size_t b = 0; b < sizeof(*l); b++)
			if (((unsigned char *)l)[b] != 0x5a) {
				print_error("row %zu: the lesson was written\n", i);
				wrong++;
				break;
			}
	}
	free(l);
	assert_int_equal(wrong, 0);
}

/* A file name that is not a plain id and a lesson named like the
 * curriculum are refused. */
static void test_lesson_named_curriculum(void **state)
{
	struct lesson *l = calloc(1, sizeof(*l));
	char path[PATH_MAX], err[1024], want[PATH_MAX + 1024];

	(void)state;
	assert_non_null(l);
	write_lesson("curriculum.yaml", 1, 0, "id: curriculum", 0, NULL, path, sizeof(path));
	assert_int_equal(lesson_load(path, lib, l, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:1: 'curriculum' is the curriculum's file name; "
		 "a lesson needs another", path);
	assert_string_equal(err, want);
	remove_file(lessons_dir, "curriculum.yaml");
	snprintf(path, sizeof(path), "%s/none.yaml", lessons_dir);
	assert_int_equal(lesson_load(path, lib, l, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: cannot read: No such file or directory", path);
	assert_string_equal(err, want);
	free(l);
}

/* A lesson's bytes held in memory (as the record stores them) load as its
 * file does, under the name given, with the id given in place of the
 * file's name; no file is read or written for it. */
static void test_lesson_from_text(void **state)
{
	struct lesson *from_file = calloc(1, sizeof(*from_file));
	struct lesson *from_text = calloc(1, sizeof(*from_text));
	char path[PATH_MAX], err[1024];
	char *text, *big;
	size_t len, big_len;

	(void)state;
	assert_non_null(from_file);
	assert_non_null(from_text);
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, path, sizeof(path));
	text = tmp_files_read(path, &len);
	if (lesson_load(path, lib, from_file, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	remove_file(lessons_dir, "t.yaml");
	memset(from_text, 0x5a, sizeof(*from_text));
	if (lesson_load_text("lesson t as stored", "t", text, len, lib, from_text, err,
			     sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_memory_equal(from_text, from_file, sizeof(*from_file));

	/* Refused as a file would be, named as given. */
	memset(from_text, 0x5a, sizeof(*from_text));
	assert_int_equal(lesson_load_text("lesson u as stored", "u", text, len, lib, from_text,
					  err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "lesson u as stored:1: id 't' is not 'u', the lesson it is "
			    "stored as");
	assert_int_equal(lesson_load_text("stored", "t", "id: t\ntitle: !!str T\n", 21, lib,
					  from_text, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "stored:2: tag '!!str' at column 8: tags are not read; "
			    "write the value without it");
	big = tmp_files_expand_markers("id: t\n# \x02\n", 10, &big_len);
	assert_int_equal(lesson_load_text("stored", "t", big, big_len, lib, from_text, err,
					  sizeof(err)), -EINVAL);
	assert_string_equal(err, "stored: larger than 1 MiB (1048576 bytes), the most a data "
			    "file may be");
	for (size_t b = 0; b < sizeof(*from_text); b++)
		assert_int_equal(((unsigned char *)from_text)[b], 0x5a);
	free(big);
	free(text);
	free(from_text);
	free(from_file);
}

/* ---- curricula ---- */

/* @p text loaded from its bytes (curriculum_load_text()) next to the
 * same loaded from its file, which gave @p file_rc and, when 0, @p file:
 * loaded, the same curriculum; refused, "kept:" and @p message (NULL: the
 * curriculum loads, as when only a lesson failed the file), nothing
 * written. @return 0, or 1 with what is wrong printed for row @p row. */
static int from_text(size_t row, const char *text, int file_rc, const struct curriculum *file,
		     const char *message)
{
	struct curriculum *c = malloc(sizeof(*c));
	char err[1024] = "", want[1024];
	int rc, wrong = 0;

	assert_non_null(c);
	memset(c, 0x5a, sizeof(*c));
	rc = curriculum_load_text("kept", text, strlen(text), c, err, sizeof(err));
	if (!message) {
		if (rc != 0) {
			print_error("row %zu: from its bytes it fails: %s\n", row, err);
			wrong = 1;
		} else if (file_rc == 0 && memcmp(c, file, sizeof(*c))) {
			print_error("row %zu: from its bytes another curriculum\n", row);
			wrong = 1;
		}
		free(c);
		return wrong;
	}
	snprintf(want, sizeof(want), "kept:%s", message);
	if (rc != -EINVAL || strcmp(err, want)) {
		print_error("row %zu: from its bytes got %d '%s'\n  expected '%s'\n", row, rc,
			    err, want);
		wrong = 1;
	}
	for (size_t i = 0; i < sizeof(*c); i++)
		if (((unsigned char *)c)[i] != 0x5a) {
			print_error("row %zu: from its bytes the curriculum was written\n", row);
			wrong = 1;
			break;
		}
	free(c);
	return wrong;
}

static void test_bad_curricula(void **state)
{
	/* from_text: the message from its bytes when not the file's ("" it
	 * loads: only the lessons were wrong). */
	static const struct { const char *text, *message, *from_text; } rows[] = {
		{ "lessons: [t]\n", NULL, NULL },  /* good */
		{ "lessons:\n  - t\n  - nope\n", "3: unknown lesson 'nope' (there are: t, u)", "" },
		{ "lessons:\n  - t\n  - curriculum\n", "3: unknown lesson 'curriculum' "
		  "(there are: t, u)", "3: 'curriculum' is the curriculum's own name, no "
		  "lesson's" },
		{ "lessons:\n  - t\n  - ../t\n", "3: '../t' is not a lesson id (lower-case "
		  "letters, digits, '-', '_', '.')", NULL },
		{ "lessons:\n  - t\n  - t\n", "3: lesson 't' is listed twice", NULL },
		{ "lessons: t\n", "1: lessons must be a list", NULL },
		{ "lessons: []\n", "1: a curriculum has 1 to 32 lessons, not 0", NULL },
		{ "lessons:\n  - [t]\n", "2: lessons are listed by id, one an item, or as "
		  "{ id: ID, proficiency: {...} }", NULL },
		{ "# comment\nlesson: [t]\n", "2: curriculum: unknown key 'lesson' (known: "
		  "lessons, proficiency, signoff-domains)", NULL },
		{ "# nothing\n", "1: the file holds no YAML, only comments or nothing", NULL },
		{ "- t\n", "1: curriculum must be a mapping of keys to values", NULL },
		/* fuzz-yaml: libfyaml 0.7.12 misread this key and leaked 2 KiB */
		{ "lessons:\n'''''''''''''''''''''''''''''''''''''''''''''''''':", "2: two "
		  "escaped quotes in a row ('''') in a single-quoted value, which libfyaml "
		  "0.7.12 misreads; write the value in double quotes", NULL },
		{ "lessons: [!!str t]\n", "1: tag '!!str' at column 11: tags are not read; "
		  "write the value without it", NULL },
		{ "lessons:\n  - t\n  - u\n", "", "" },  /* u's own error */
	};
	char path[PATH_MAX], lesson_path[PATH_MAX], u_path[PATH_MAX];
	int wrong = 0;

	(void)state;
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, lesson_path, sizeof(lesson_path));
	write_lesson("u.yaml", 1, 0, "id: u", 20, "time-limit-s: -5", u_path, sizeof(u_path));
	snprintf(path, sizeof(path), "%s/curriculum.yaml", lessons_dir);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct curriculum c = { .count = 77 };
		struct data_library *fresh;  /* each row a command of its own */
		char err[1024] = "", want[PATH_MAX + 1024];
		int rc;

		put_file(lessons_dir, "curriculum.yaml", rows[i].text);
		assert_int_equal(data_library_new(data_dir, &fresh), 0);
		rc = curriculum_load(path, fresh, &c, err, sizeof(err));
		data_library_free(fresh);
		wrong += from_text(i, rows[i].text, rc, &c,
				   !rows[i].from_text ? rows[i].message :
				   rows[i].from_text[0] ? rows[i].from_text : NULL);
		if (!rows[i].message) {
			if (rc != 0)
				fail_msg("the good curriculum fails: %s", err);
			assert_int_equal(c.count, 1);
			assert_string_equal(c.ids[0], "t");
			continue;
		}
		if (rows[i].message[0])
			snprintf(want, sizeof(want), "%s:%s", path, rows[i].message);
		else
			snprintf(want, sizeof(want), "%s:20: 'time-limit-s' must be above 0 and "
				 "at most 14400, not -5", u_path);
		if (rc != -EINVAL || strcmp(err, want)) {
			print_error("row %zu: got %d '%s'\n  expected '%s'\n", i, rc, err, want);
			wrong++;
		}
		if (c.count != 77) {
			print_error("row %zu: the curriculum was written\n", i);
			wrong++;
		}
	}
	remove_file(lessons_dir, "u.yaml");
	remove_file(lessons_dir, "curriculum.yaml");
	assert_int_equal(wrong, 0);
}

/* The curriculum's proficiency rules and sign-off domains: each row a
 * curriculum of lessons t and v, and either the rules it gives them and
 * its domains, or the exact error. */
struct rules_row {
	const char *text;
	const char *message;             /* NULL: good */
	struct prof_rule t, v;
	size_t domains;
	const char *last_domain;
};

#define R(k, l, e, s) { .consecutive = k, .total = l, .exam_last = e, .signoff_min = s }
#define BAD(text_, message_) { .text = text_, .message = message_ }

static const struct rules_row rules_rows[] = {
	/* The built-in rule when the file states none. */
	{ "lessons: [t, v]\n", NULL, R(2, 2, 0, 0), R(2, 2, 0, 0), 0, NULL },
	{ "proficiency: {consecutive: 3, total: 10}\nlessons: [t, v]\n", NULL,
	  R(3, 10, 0, 0), R(3, 10, 0, 0), 0, NULL },
	{ "proficiency:\n  consecutive: 2\n  total: 12\n"
	  "signoff-domains: [depth control, spacing]\n"
	  "lessons:\n  - t\n  - id: v\n    proficiency: { exam-last: 2, signoff-at-least: 3 }\n",
	  NULL, R(2, 12, 0, 0), R(2, 12, 2, 3), 2, "spacing" },
	/* A lesson's own rule without the curriculum's: over the built-in. */
	{ "lessons:\n  - id: t\n    proficiency: { consecutive: 4, total: 4 }\n  - v\n", NULL,
	  R(4, 4, 0, 0), R(2, 2, 0, 0), 0, NULL },
	/* A lesson can ask for no sign-off where the curriculum asks one. */
	{ "proficiency: {consecutive: 1, total: 1, signoff-at-least: 4}\n"
	  "signoff-domains: [a]\n"
	  "lessons:\n  - t\n  - { id: v, proficiency: { signoff-at-least: 0 } }\n", NULL,
	  R(1, 1, 0, 4), R(1, 1, 0, 0), 1, "a" },
	{ "signoff-domains: [a, b, c, d, e, f, g, h, i, j, k, l]\nlessons: [t]\n", NULL,
	  R(2, 2, 0, 0), R(0, 0, 0, 0), 12, "l" },
	/* The curriculum's rule. */
	BAD("proficiency: {total: 3}\nlessons: [t]\n",
	  "1: proficiency: missing 'consecutive'"),
	BAD("proficiency: 2\nlessons: [t]\n",
	  "1: proficiency must be a mapping of keys to values"),
	BAD("proficiency:\n  consecutive: 3\n  total: 2\nlessons: [t]\n",
	  "2: proficiency: total must be at least consecutive (consecutive 3, total 2, "
	  "exam-last 0)"),
	BAD("proficiency:\n  consecutive: 0\n  total: 2\nlessons: [t]\n",
	  "2: 'consecutive' must be at least 1 and at most 64, not 0"),
	BAD("proficiency:\n  consecutive: 2\n  total: 65\nlessons: [t]\n",
	  "3: 'total' must be at least 1 and at most 64, not 65"),
	BAD("proficiency:\n  consecutive: 2\n  total: 2.5\nlessons: [t]\n",
	  "3: 'total' needs a whole number, not 2.5"),
	BAD("proficiency:\n  consecutive: 2\n  total: 2\n  exam-last: 3\nlessons: [t]\n",
	  "2: proficiency: exam-last must be at most consecutive (consecutive 2, total 2, "
	  "exam-last 3)"),
	BAD("proficiency:\n  consecutive: 2\n  total: 2\n  signoff-at-least: 6\nlessons: [t]\n",
	  "4: 'signoff-at-least' must be at least 0 and at most 5, not 6"),
	BAD("proficiency:\n  consecutive: 2\n  total: 2\n  signoff-at-least: 3\nlessons: [t]\n",
	  "2: proficiency: signoff-at-least 3 needs the domains an instructor rates: add "
	  "'signoff-domains:' to the curriculum"),
	BAD("proficiency: {consecutive: 2, total: 2, exams: 1}\nlessons: [t]\n",
	  "1: proficiency: unknown key 'exams' (known: consecutive, total, exam-last, "
	  "signoff-at-least)"),
	/* A lesson's rule: its changes and the curriculum's rule together. */
	BAD("lessons:\n  - t\n  - id: v\n    proficiency: { consecutive: 3 }\n",
	  "4: lesson 'v': proficiency: total must be at least consecutive (consecutive 3, "
	  "total 2, exam-last 0)"),
	{ "signoff-domains: [a]\nlessons:\n  - t\n  - id: v\n    proficiency:\n"
	  "      exam-last: 2\n      signoff-at-least: 5\n", NULL,
	  R(2, 2, 0, 0), R(2, 2, 2, 5), 1, "a" },
	BAD("lessons:\n  - t\n  - id: v\n    proficiency:\n      signoff-at-least: 2\n",
	  "5: lesson 'v': proficiency: signoff-at-least 2 needs the domains an instructor "
	  "rates: add 'signoff-domains:' to the curriculum"),
	BAD("lessons:\n  - proficiency: { total: 3 }\n",
	  "2: a lesson of the curriculum: missing 'id'"),
	BAD("lessons:\n  - id: t\n    rule: 3\n",
	  "3: a lesson of the curriculum: unknown key 'rule' (known: id, proficiency)"),
	BAD("lessons:\n  - id: [t]\n", "2: lessons are listed by id, one an item, or as "
	  "{ id: ID, proficiency: {...} }"),
	BAD("lessons:\n  - t\n  - id: t\n", "3: lesson 't' is listed twice"),
	BAD("lessons:\n  - id: w\n", "2: unknown lesson 'w' (there are: t, v)"),
	/* The sign-off domains. */
	BAD("signoff-domains: depth\nlessons: [t]\n", "1: signoff-domains must be a list"),
	BAD("signoff-domains: []\nlessons: [t]\n",
	  "1: signoff-domains lists 1 to 12 domains, not 0"),
	BAD("signoff-domains: [a, b, c, d, e, f, g, h, i, j, k, l, m]\nlessons: [t]\n",
	  "1: signoff-domains lists 1 to 12 domains, not 13"),
	BAD("signoff-domains:\n  - a\n  - a\nlessons: [t]\n",
	  "3: sign-off domain 'a' is listed twice"),
	BAD("signoff-domains:\n  - [a]\nlessons: [t]\n",
	  "2: a sign-off domain is a name on one line"),
	BAD("signoff-domains:\n  - ''\nlessons: [t]\n",
	  "2: a sign-off domain is a name on one line"),
	BAD("signoff-domains:\n  - 0123456789012345678901234567890123456789012345678901234567890123\n"
	  "lessons: [t]\n", "2: a sign-off domain is at most 63 bytes"),
};

static bool same_rule(const struct prof_rule *a, const struct prof_rule *b)
{
	return a->consecutive == b->consecutive && a->total == b->total &&
	       a->exam_last == b->exam_last && a->signoff_min == b->signoff_min;
}

static void test_curriculum_rules(void **state)
{
	char path[PATH_MAX], t_path[PATH_MAX], v_path[PATH_MAX];
	int wrong = 0;

	(void)state;
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, t_path, sizeof(t_path));
	write_lesson("v.yaml", 1, 0, "id: v", 0, NULL, v_path, sizeof(v_path));
	snprintf(path, sizeof(path), "%s/curriculum.yaml", lessons_dir);
	for (size_t i = 0; i < ARRAY_SIZE(rules_rows); i++) {
		const struct rules_row *row = &rules_rows[i];
		struct curriculum *c = calloc(1, sizeof(*c));
		struct data_library *fresh;
		char err[1024] = "", want[PATH_MAX + 1024];
		int rc;

		assert_non_null(c);
		c->count = 77;
		put_file(lessons_dir, "curriculum.yaml", row->text);
		assert_int_equal(data_library_new(data_dir, &fresh), 0);
		rc = curriculum_load(path, fresh, c, err, sizeof(err));
		data_library_free(fresh);
		/* Only the unknown lesson loads from its bytes. */
		wrong += from_text(i, row->text, rc, c,
				   row->message && strstr(row->message, "unknown lesson") ? NULL :
				   row->message);
		if (!row->message) {
			if (rc != 0) {
				print_error("row %zu: the good curriculum fails: %s\n", i, err);
				wrong++;
			} else if (!same_rule(&c->rules[0], &row->t) ||
				   (c->count > 1 && !same_rule(&c->rules[1], &row->v)) ||
				   c->domain_count != row->domains ||
				   (row->last_domain &&
				    strcmp(c->domains[c->domain_count - 1], row->last_domain))) {
				print_error("row %zu: rules %u/%u/%u/%u, %u/%u/%u/%u, %zu domains\n",
					    i, c->rules[0].consecutive, c->rules[0].total,
					    c->rules[0].exam_last, c->rules[0].signoff_min,
					    c->rules[1].consecutive, c->rules[1].total,
					    c->rules[1].exam_last, c->rules[1].signoff_min,
					    c->domain_count);
				wrong++;
			}
			free(c);
			continue;
		}
		snprintf(want, sizeof(want), "%s:%s", path, row->message);
		if (rc != -EINVAL || strcmp(err, want)) {
			print_error("row %zu: got %d '%s'\n  expected '%s'\n", i, rc, err, want);
			wrong++;
		}
		if (c->count != 77) {
			print_error("row %zu: the curriculum was written\n", i);
			wrong++;
		}
		free(c);
	}
	remove_file(lessons_dir, "v.yaml");
	remove_file(lessons_dir, "curriculum.yaml");
	assert_int_equal(wrong, 0);
}

/* The SHA-256 of the curriculum file's bytes, as sha256sum gives it. */
static void test_curriculum_sha256(void **state)
{
	struct curriculum *c = calloc(1, sizeof(*c));
	char path[PATH_MAX], t_path[PATH_MAX], err[1024];

	(void)state;
	assert_non_null(c);
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, t_path, sizeof(t_path));
	snprintf(path, sizeof(path), "%s/curriculum.yaml", lessons_dir);
	put_file(lessons_dir, "curriculum.yaml", "lessons: [t]\n");
	if (curriculum_load(path, lib, c, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	/* printf 'lessons: [t]\n' | sha256sum */
	assert_string_equal(c->sha256,
			    "8d87820cdb47350d4d8887ca2dcd056202b4c5376bbf404239ed96c1329d9312");
	remove_file(lessons_dir, "curriculum.yaml");
	free(c);
}

/* ---- the command ---- */

/* Runs "smpsim lessons ARGS..." with $SMPSIM_DATA_DIR set to @p dir. */
/* The record `lessons show` reads when no --db is given: none here unless
 * a test says (test_cli_show_record), whatever the machine's home holds. */
static char record_env[PATH_MAX + 32] = "SMPSIM_DB=/nonexistent/smpsim-test/smpsim.db";

static void run_lessons(const char *dir, const char *const args[], struct child_result *res)
{
	const char *argv[8] = { SMPSIM_BINARY, "lessons" };
	char env_var[PATH_MAX + 32];
	const char *env[] = { env_var, record_env, NULL };
	size_t n = 2;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	snprintf(env_var, sizeof(env_var), "SMPSIM_DATA_DIR=%s", dir);
	assert_int_equal(child_run(argv, env, res), 0);
}

/* @p text holds @p line as a whole line. */
static void assert_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
	fail_msg("no line '%s' in:\n%s", line, text);
}

static void test_cli_list(void **state)
{
	static const char *const text[] = { NULL };
	static const char *const json[] = { "--json", NULL };
	struct child_result res;
	char line[PATH_MAX + 128];

	(void)state;
	run_lessons(SMPSIM_DATA_DIR, text, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	snprintf(line, sizeof(line), "The curriculum, 8 lessons in teaching order (%s):",
		 SMPSIM_DATA_DIR "/lessons/curriculum.yaml");
	assert_prefix(res.out, line);
	assert_line(res.out, " #  id               title                              scalp"
		    "             needle  time limit");
	assert_line(res.out, " 1  depth-taps       Depth control with single taps     "
		    "frontal-temporal  0601rl  8 min");
	assert_line(res.out, " 7  scar-camouflage  Camouflage of a flat linear scar   "
		    "strip-scar        0601rl  15 min");
	assert_line(res.out, " 8  frontal-layout   Full frontal and mid-scalp layout  "
		    "frontal-temporal  0603rl  60 min");
	assert_line(res.out, "'smpsim lessons show ID' explains a lesson.");
	child_result_free(&res);

	run_lessons(SMPSIM_DATA_DIR, json, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_prefix(res.out, "{\n  \"curriculum\": \"");
	assert_line(res.out, "    { \"number\": 3, \"id\": \"soft-hairline\", \"title\": \"A soft "
		    "natural hairline\", \"scalp\": \"frontal-temporal\", \"needle\": \"0601rl\", "
		    "\"time_limit_s\": 1080 },");
	assert_line(res.out, "    { \"number\": 8, \"id\": \"frontal-layout\", \"title\": \"Full "
		    "frontal and mid-scalp layout\", \"scalp\": \"frontal-temporal\", \"needle\": "
		    "\"0603rl\", \"time_limit_s\": 3600 }");
	assert_string_equal(res.out + strlen(res.out) - 6, "  ]\n}\n");
	child_result_free(&res);
}

/* `lessons show` without --db reads the record $SMPSIM_DB names when it
 * exists; one that cannot be read is said, and the lesson still shown with
 * the file's levels (exit 0). */
static void test_cli_show_record(void **state)
{
	static const char *const show[] = { "show", "depth-taps", NULL };
	char path[PATH_MAX], want[PATH_MAX + 128];
	struct child_result res;

	(void)state;
	tmp_files_write("not-a-record", "db", "not SQLite\n", 11, path, sizeof(path));
	snprintf(record_env, sizeof(record_env), "SMPSIM_DB=%s", path);
	run_lessons(SMPSIM_DATA_DIR, show, &res);
	snprintf(record_env, sizeof(record_env), "SMPSIM_DB=/nonexistent/smpsim-test/smpsim.db");
	assert_int_equal(res.status, 0);
	snprintf(want, sizeof(want), "smpsim lessons: %s: ", path);
	assert_prefix(res.err, want);
	assert_non_null(strstr(res.err, ": the levels shown are the lesson file's\n"));
	assert_prefix(res.out, "Lesson 1 of 8: ");
	assert_null(strstr(res.out, "level: "));
	child_result_free(&res);
}

static void test_cli_show(void **state)
{
	static const char *const text[] = { "show", "scar-camouflage", NULL };
	static const char *const json[] = { "show", "depth-taps", "--json", NULL };
	struct child_result res;

	(void)state;
	run_lessons(SMPSIM_DATA_DIR, text, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_prefix(res.out, "Lesson 7 of 8: Camouflage of a flat linear scar "
			    "(scar-camouflage)\n\nWhat to do\n  The pale band across");
	assert_line(res.out, "  Scalp model: Occipital band with a linear strip scar "
		    "(strip-scar), 180 x 80 mm");
	assert_line(res.out, "  Zone scar-band: 880 mm^2, x 30 to 110 mm, y 33 to 45.5 mm");
	/* No mapping in the file: its work area centred on the pad. */
	assert_line(res.out, "  Pad to scalp: the work area, x 25 to 115 mm, y 28 to 50.5 mm "
		    "(zones and");
	assert_line(res.out, "    hairline, 5 mm around), centred on the pad at real scale, "
		    "1 mm on the pad");
	assert_line(res.out, "    is 1 mm on the scalp: it needs a pad of at least 90 x 22.5 mm");
	assert_line(res.out, "  0.6 dots per mm^2, a dot every 1.3 mm, about 528 dots in all");
	assert_line(res.out, "  Occipital, around the scar (occipital): aim for 0.5 to 1.2 mm; "
		    "overdeep past");
	assert_line(res.out, "    1.5 mm; it keeps 0.6 hairs per mm^2");
	assert_line(res.out, "  Strip scar (flat) (scar), this lesson's depth: aim for 0.4 to "
		    "0.8 mm;");
	assert_line(res.out, "    overdeep past 1 mm");
	assert_null(strstr(res.out, "(scar-raised)"));   /* the zone stays clear of it */
	assert_line(res.out, "Time limit: 15 min");
	assert_line(res.out, "  progress. To pass, every required measure must be at its level.");
	assert_null(strstr(res.out, "Pass mark"));
	assert_line(res.out, "    7%  zone covered (coverage)");
	assert_line(res.out, "        full marks 98 to 100%; none at 60% or less");
	assert_line(res.out, "        REQUIRED to pass: at least 85%");
	assert_line(res.out, "  overdeep dots (overdeep) over 0: the lesson fails, whatever the "
		    "score.");
	assert_line(res.out, "    A dot went past the overdeep depth: in scar tissue it spreads "
		    "and");
	assert_line(res.out, "    migrates. Lighter still.");
	child_result_free(&res);

	run_lessons(SMPSIM_DATA_DIR, json, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_prefix(res.out, "{\n  \"id\": \"depth-taps\",\n  \"number\": 1,\n  "
			    "\"of\": 8,\n");
	assert_line(res.out, "  \"density\": { \"front_per_mm2\": 0.25, \"back_per_mm2\": 0.25, "
		    "\"ramp_mm\": 0 },");
	/* The work asked for: 0.25 per mm^2 over the 400 mm^2 square. */
	assert_line(res.out, "  \"target_dots\": null,");
	assert_line(res.out, "  \"dots_due\": 100,");
	assert_line(res.out, "  \"spacing\": { \"too_close_mm\": 1, \"gap_mm\": 3, "
		    "\"neighbourhood_mm\": 5 },");
	assert_line(res.out, "  \"work_area\": { \"x_mm\": 65, \"y_mm\": 40, \"width_mm\": 30, "
		    "\"height_mm\": 30 },");
	assert_line(res.out, "  \"mapping\": null,");
	assert_line(res.out, "  \"time_limit_s\": 480,");
	assert_line(res.out, "      { \"metric\": \"depth-error-sd\", \"weight\": 2, \"share\": "
		    "0.08695652173913043, \"good\": [0, 0.02], \"zero_below\": null, \"zero_above\": "
		    "0.1, \"required\": false, \"at_least\": null, \"at_most\": null, "
		    "\"advice_low\": \"\", \"advice_high\": \"Your depth changes from tap to "
		    "tap: use the same light pressure every time.\" },");
	assert_line(res.out, "      { \"metric\": \"depth-in-band\", \"weight\": 4, \"share\": "
		    "0.17391304347826086, \"good\": [0.98, 1], \"zero_below\": 0.6, \"zero_above\": "
		    "null, \"required\": true, \"at_least\": 0.95, \"at_most\": null, "
		    "\"advice_low\": \"Too many taps missed the band: lift as the tone reaches the "
		    "middle of its range.\", \"advice_high\": \"\" },");
	assert_line(res.out, "      { \"metric\": \"overdeep\", \"above\": 0, "
		    "\"text\": \"A dot went past the overdeep depth: on skin it would blur and "
		    "heal blue. Ease off the moment you touch.\" }");
	assert_null(strstr(res.out, "pass_mark"));
	assert_null(strstr(res.out, "\"cap\""));
	child_result_free(&res);
}

static void test_cli_usage(void **state)
{
	static const char *const help[] = { "--help", NULL };
	static const char *const bogus[] = { "list", NULL };
	static const char *const no_id[] = { "show", NULL };
	static const char *const unknown[] = { "show", "hairline", NULL };
	struct child_result res;

	(void)state;
	run_lessons(SMPSIM_DATA_DIR, help, &res);
	assert_int_equal(res.status, 0);
	assert_string_equal(res.err, "");
	assert_prefix(res.out, "usage: smpsim lessons [--json]\n"
			    "       smpsim lessons show ID|FILE [--db PATH] [--json]\n");
	child_result_free(&res);

	run_lessons(SMPSIM_DATA_DIR, bogus, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, "smpsim lessons: unknown subcommand 'list': show, "
			    "template or check\nTry 'smpsim lessons --help'.\n");
	child_result_free(&res);

	run_lessons(SMPSIM_DATA_DIR, no_id, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, "smpsim lessons: missing ID|FILE: smpsim lessons show "
			    "ID|FILE\nTry 'smpsim lessons --help'.\n");
	child_result_free(&res);

	run_lessons(SMPSIM_DATA_DIR, unknown, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, "smpsim lessons: unknown lesson 'hairline' (there are: "
			    "crown-vertex, densification, depth-taps, even-spacing, "
			    "frontal-layout, scar-camouflage, soft-hairline, temple-points)\n");
	child_result_free(&res);
}

/* A data folder of our own: one good lesson, then a bad one. */
static void test_cli_bad_files(void **state)
{
	static const char *const list[] = { NULL };
	static const char *const show[] = { "show", "t", NULL };
	static const char *const show_json[] = { "show", "t", "--json", NULL };
	char path[PATH_MAX], want[PATH_MAX + 1024], missing[PATH_MAX + 64];
	struct child_result res;

	(void)state;
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, path, sizeof(path));
	put_file(lessons_dir, "curriculum.yaml", "lessons:\n  - t\n");
	run_lessons(data_dir, show, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_prefix(res.out, "Lesson 1 of 1: Test lesson (t)\n\nWhat to do\n"
			    "  Line one.\n  Line two.\n");
	assert_line(res.out, "  Hairline: 2 points from (60, 40) to (100, 40) mm; the hair is "
		    "behind it");
	assert_line(res.out, "  Pad to scalp: the pad's corner at (10, 5) mm on the scalp, "
		    "scale 1.5, turned 90 degrees");
	assert_line(res.out, "Spacing (this lesson's, in every region)");
	assert_line(res.out, "  too close: nearer than 0.7 mm to another dot");
	assert_line(res.out, "  a tail: dragging more than 0.4 mm in the skin");
	assert_line(res.out, "Time limit: 10 min");
	child_result_free(&res);

	/* A bad lesson: its file and line, exit 2, nothing on stdout. */
	write_lesson("t.yaml", 24, 0, "    - metric: spacing", 0, NULL, path, sizeof(path));
	snprintf(want, sizeof(want), "%s:24: unknown metric 'spacing' (known: " METRICS ")\n",
		 path);
	run_lessons(data_dir, list, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, want);
	child_result_free(&res);
	run_lessons(data_dir, show_json, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, want);
	child_result_free(&res);

	/* A bad curriculum. */
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, path, sizeof(path));
	put_file(lessons_dir, "curriculum.yaml", "lessons:\n  - t\n  - t\n");
	snprintf(want, sizeof(want), "%s/curriculum.yaml:3: lesson 't' is listed twice\n",
		 lessons_dir);
	run_lessons(data_dir, show, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, want);
	child_result_free(&res);

	/* YAML as written: a tag in a lesson, and fuzz-yaml's curriculum (a key
	 * libfyaml 0.7.12 misreads, and leaked 2 KiB on), refused the same way. */
	write_lesson("t.yaml", 7, 0, "needle: !custom 0601rl", 0, NULL, path, sizeof(path));
	put_file(lessons_dir, "curriculum.yaml", "lessons:\n  - t\n");
	snprintf(want, sizeof(want), "%s:7: tag '!custom' at column 9: tags are not read; "
		 "write the value without it\n", path);
	run_lessons(data_dir, show, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, want);
	child_result_free(&res);
	write_lesson("t.yaml", 0, 0, NULL, 0, NULL, path, sizeof(path));
	put_file(lessons_dir, "curriculum.yaml", "lessons:\n''''''''''''''''''''''''''''''"
		 "'''''''''''''''''''':");
	snprintf(want, sizeof(want), "%s/curriculum.yaml:2: two escaped quotes in a row "
		 "('''') in a single-quoted value, which libfyaml 0.7.12 misreads; write the "
		 "value in double quotes\n", lessons_dir);
	run_lessons(data_dir, list, &res);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, want);
	child_result_free(&res);

	/* No curriculum at all: the work cannot be done. */
	remove_file(lessons_dir, "curriculum.yaml");
	snprintf(missing, sizeof(missing), "smpsim lessons: cannot read %s/curriculum.yaml: "
		 "No such file or directory\n", lessons_dir);
	run_lessons(data_dir, list, &res);
	assert_int_equal(res.status, 1);
	assert_string_equal(res.out, "");
	assert_string_equal(res.err, missing);
	child_result_free(&res);
	remove_file(lessons_dir, "t.yaml");
}

/* ---- each data file opened once a command ---- */

/* A copy of the shipped data folder (no recordings), watched with
 * inotify: every open of a file in it is an event that names it. */
struct watched {
	char dir[PATH_MAX];
	int fd;
	int wd[4];
};

static const char *const watched_folders[] = { "scalps", "needles", "lessons", "devices" };

static void copy_folder(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;

	assert_non_null(d);
	assert_int_equal(mkdir(to, 0700), 0);
	while ((e = readdir(d))) {
		char src[2 * PATH_MAX], dst[2 * PATH_MAX], buf[4096];
		FILE *in, *out;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(src, sizeof(src), "%s/%s", from, e->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", to, e->d_name);
		in = fopen(src, "rb");
		out = fopen(dst, "wb");
		assert_non_null(in);
		assert_non_null(out);
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			assert_int_equal(fwrite(buf, 1, n, out), n);
		assert_int_equal(ferror(in), 0);
		fclose(in);
		assert_int_equal(fclose(out), 0);
	}
	closedir(d);
}

/* Removes folder @p dir and what it holds, folders in it included. */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[PATH_MAX + 256];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(lstat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			remove_tree(path);
		else
			assert_int_equal(unlink(path), 0);
	}
	closedir(d);
	assert_int_equal(rmdir(dir), 0);
}

static void watch_copy(struct watched *w)
{
	snprintf(w->dir, sizeof(w->dir), "%s/once", tmp_files_dir());
	assert_int_equal(mkdir(w->dir, 0700), 0);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(w->fd >= 0);
	for (size_t i = 0; i < ARRAY_SIZE(watched_folders); i++) {
		char from[PATH_MAX], to[PATH_MAX + 16];

		snprintf(from, sizeof(from), "%s/%s", SMPSIM_DATA_DIR, watched_folders[i]);
		snprintf(to, sizeof(to), "%s/%s", w->dir, watched_folders[i]);
		copy_folder(from, to);
		w->wd[i] = inotify_add_watch(w->fd, to, IN_OPEN);
		assert_true(w->wd[i] >= 0);
	}
}

/* Reads the events so far; @return the most times one file was opened,
 * its name in @p name, and how often @p file ("folder/name") was. */
static int count_opens(struct watched *w, const char *file, int *file_opens,
		       char *name, size_t name_size)
{
	char names[64][128];
	int counts[64] = { 0 }, kinds = 0, most = 0;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	*file_opens = 0;
	name[0] = '\0';
	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;
			char key[128];
			int k;

			p += sizeof(*ev) + ev->len;
			if (!ev->len)
				continue;  /* the folder itself, listed */
			for (k = 0; k < (int)ARRAY_SIZE(watched_folders); k++)
				if (w->wd[k] == ev->wd)
					break;
			assert_true(k < (int)ARRAY_SIZE(watched_folders));
			snprintf(key, sizeof(key), "%s/%s", watched_folders[k], ev->name);
			for (k = 0; k < kinds && strcmp(names[k], key); k++)
				;
			if (k == kinds) {
				assert_true(kinds < 64);
				snprintf(names[kinds++], sizeof(names[0]), "%s", key);
			}
			if (++counts[k] > most) {
				most = counts[k];
				snprintf(name, name_size, "%s", key);
			}
			if (!strcmp(key, file))
				*file_opens = counts[k];
		}
	}
	assert_int_equal(errno, EAGAIN);
	return most;
}

/* `lessons`, `lessons show`, `score`, `practice` and `report` each open
 * every data file they use exactly once (the lesson's bytes for the
 * record come from the same read as its parse). */
static void test_cli_opens_each_file_once(void **state)
{
	static const char *const score_args[] = {
		"score", SMPSIM_TEST_DATA_DIR "/session-corpus/taps.evemu", "--lesson",
		"soft-hairline", NULL,
	};
	static const char *const practice_args[] = {
		"practice", "--trainee", "Once", "--lesson", "soft-hairline", "--replay",
		SMPSIM_TEST_DATA_DIR "/session-corpus/taps.evemu", "--audio", "none", NULL,
	};
	static struct watched w;
	char data_env[PATH_MAX + 32], db_env[PATH_MAX + 32];
	char session_html[PATH_MAX + 32], trainee_html[PATH_MAX + 32];
	const char *env[] = { data_env, db_env, NULL };
	const struct {
		const char *const *args;  /* after "smpsim" */
		const char *file;         /* opened once, and no file more often */
	} runs[] = {
		{ (const char *const[]){ "lessons", NULL }, "scalps/frontal-temporal.yaml" },
		{ (const char *const[]){ "lessons", "show", "soft-hairline", NULL },
		  "scalps/frontal-temporal.yaml" },
		{ score_args, "lessons/soft-hairline.yaml" },
		{ (const char *const[]){ "trainee", "add", "Once", NULL }, NULL },
		{ practice_args, "lessons/soft-hairline.yaml" },
		{ (const char *const[]){ "report", "--session", "1", "-o", session_html, NULL },
		  "scalps/frontal-temporal.yaml" },
		{ (const char *const[]){ "report", "--trainee", "Once", "-o", trainee_html,
					 NULL }, "lessons/crown-vertex.yaml" },
	};

	*state = &w;
	watch_copy(&w);
	snprintf(data_env, sizeof(data_env), "SMPSIM_DATA_DIR=%s", w.dir);
	snprintf(db_env, sizeof(db_env), "SMPSIM_DB=%s/once.db", w.dir);
	snprintf(session_html, sizeof(session_html), "%s/session.html", w.dir);
	snprintf(trainee_html, sizeof(trainee_html), "%s/trainee.html", w.dir);
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		const char *argv[16] = { SMPSIM_BINARY };
		struct child_result res;
		char most_name[128];
		int most, opens;
		size_t n = 1;

		for (const char *const *a = runs[i].args; *a; a++)
			argv[n++] = *a;
		assert_int_equal(child_run(argv, env, &res), 0);
		if (res.status != 0)
			fail_msg("smpsim %s: exit %d: %s", argv[1], res.status, res.err);
		child_result_free(&res);
		most = count_opens(&w, runs[i].file ? runs[i].file : "", &opens, most_name,
				   sizeof(most_name));
		if (most > 1)
			fail_msg("smpsim %s %s: %s opened %d times", argv[1],
				 argv[2] ? argv[2] : "", most_name, most);
		if (runs[i].file && opens != 1)
			fail_msg("smpsim %s: %s opened %d times", argv[1], runs[i].file, opens);
	}
}

/* Removes the watched copy, whether the test passed or not. */
static int unwatch_copy(void **state)
{
	struct watched *w = *state;

	if (w) {
		close(w->fd);
		remove_tree(w->dir);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curriculum),
		cmocka_unit_test(test_each_file_parsed_once),
		cmocka_unit_test(test_every_lesson),
		cmocka_unit_test(test_weights_follow_the_lesson),
		cmocka_unit_test(test_depth_taps_values),
		cmocka_unit_test(test_scar_camouflage_values),
		cmocka_unit_test(test_hairline_lessons),
		cmocka_unit_test(test_hair_lessons),
		cmocka_unit_test(test_good_lesson_values),
		cmocka_unit_test(test_docs_example),
		cmocka_unit_test(test_feedback_values),
		cmocka_unit_test(test_bad_lessons),
		cmocka_unit_test(test_lesson_from_text),
		cmocka_unit_test(test_lesson_named_curriculum),
		cmocka_unit_test(test_bad_curricula),
		cmocka_unit_test(test_curriculum_rules),
		cmocka_unit_test(test_curriculum_sha256),
		cmocka_unit_test(test_cli_list),
		cmocka_unit_test(test_cli_show),
		cmocka_unit_test(test_cli_show_record),
		cmocka_unit_test(test_cli_usage),
		cmocka_unit_test(test_cli_bad_files),
		cmocka_unit_test_teardown(test_cli_opens_each_file_once, unwatch_copy),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
