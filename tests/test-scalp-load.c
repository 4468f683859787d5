/* test-scalp-load: the shipped scalp models and needles load with the
 * values their files state, and every kind of bad file is refused with
 * "file:line: what is wrong" and nothing written. Bad files are rows of a
 * table: a base file with one line replaced, and the exact message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_file.h"
#include "needle_load.h"
#include "scalp_load.h"
#include "tmp_files.h"

static void test_shipped_scalps(void **state)
{
	static const struct { const char *id; double w, h; size_t regions, tissues; } rows[] = {
		{ "frontal-temporal", 160, 100, 4, 1 },
		{ "crown", 140, 120, 3, 1 },
		{ "strip-scar", 180, 80, 3, 3 },
	};
	char path[4096], err[512], ids[256];

	(void)state;
	assert_int_equal(data_file_list(SMPSIM_DATA_DIR, "scalps", ids, sizeof(ids)), 3);
	assert_string_equal(ids, "crown, frontal-temporal, strip-scar");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct scalp_model m;

		assert_int_equal(data_file_find(SMPSIM_DATA_DIR, "scalps", "scalp model",
						rows[i].id, path, sizeof(path), err, sizeof(err)), 0);
		if (scalp_load(path, &m, err, sizeof(err)) < 0)
			fail_msg("%s", err);
		assert_string_equal(m.id, rows[i].id);
		assert_float_equal(m.width_mm, rows[i].w, 0);
		assert_float_equal(m.height_mm, rows[i].h, 0);
		assert_int_equal(m.region_count, rows[i].regions);
		assert_int_equal(m.tissue_count, rows[i].tissues);
	}
}

/* The scar file: regions inherit the defaults and change what they say. */
static void test_strip_scar_values(void **state)
{
	struct scalp_model m;
	char err[512];
	const struct scalp_region *occ, *scar, *raised;

	(void)state;
	if (scalp_load(SMPSIM_DATA_DIR "/scalps/strip-scar.yaml", &m, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	occ = &m.regions[0];
	scar = &m.regions[1];
	raised = &m.regions[2];
	assert_string_equal(scar->id, "scar");
	assert_string_equal(m.tissues[scar->tissue].id, "flat-scar");
	assert_string_equal(m.tissues[raised->tissue].id, "raised-scar");
	assert_string_equal(m.tissues[occ->tissue].id, "normal");
	assert_float_equal(occ->band_min_mm, 0.5, 0);
	assert_float_equal(occ->band_max_mm, 1.2, 0);
	assert_float_equal(occ->overdeep_mm, 1.5, 0);
	assert_float_equal(occ->hair_per_mm2, 0.6, 0);
	assert_float_equal(scar->band_min_mm, 0.4, 0);
	assert_float_equal(scar->band_max_mm, 0.9, 0);
	assert_float_equal(scar->overdeep_mm, 1.1, 0);
	assert_float_equal(scar->hair_per_mm2, 0, 0);
	assert_float_equal(scar->epidermis_mm, 0.08, 0);      /* inherited */
	assert_float_equal(scar->spacing.too_close_mm, 0.5, 0);
	assert_float_equal(scar->technique.oblique_max_deg, 25, 0); /* inherited */
	assert_float_equal(m.tissues[1].force_scale_n, 1.8, 0);
	assert_float_equal(m.tissues[1].spread_factor, 1.6, 0);
	assert_int_equal(scar->polygon.count, 6);
	assert_float_equal(scar->polygon.points[1].x, 90, 0);
	assert_float_equal(scar->polygon.points[1].y, 36, 0);
	/* The raised end is drawn last, over the flat scar. */
	assert_int_equal(scalp_region_at(&m, 160, 40), 2);
	assert_int_equal(scalp_region_at(&m, 100, 40), 1);
	assert_int_equal(scalp_region_at(&m, 100, 10), 0);
	assert_int_equal(scalp_region_at(&m, 200, 10), SCALP_NO_REGION);
}

static void test_shipped_needles(void **state)
{
	static const struct { const char *id; int points; double d, footprint; } rows[] = {
		{ "0601rl", 1, 0.20, 0.20 }, { "0801rl", 1, 0.25, 0.25 },
		{ "0603rl", 3, 0.20, 0.20 * 2.1547005383792515 },
		{ "0803rl", 3, 0.25, 0.25 * 2.1547005383792515 },
	};
	char path[4096], err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct needle n;

		assert_int_equal(data_file_find(SMPSIM_DATA_DIR, "needles", "needle", rows[i].id,
						path, sizeof(path), err, sizeof(err)), 0);
		if (needle_load(path, &n, err, sizeof(err)) < 0)
			fail_msg("%s", err);
		assert_string_equal(n.id, rows[i].id);
		assert_int_equal(n.points, rows[i].points);
		assert_float_equal(n.diameter_mm, rows[i].d, 0);
		assert_float_equal(n.hang_mm, 2.0, 0);
		assert_float_equal(n.strokes_per_s, 120, 0);
		assert_float_equal(needle_footprint_mm(&n), rows[i].footprint, 1e-12);
	}
}

static void test_unknown_and_bad_ids(void **state)
{
	char path[4096], err[512];

	(void)state;
	assert_int_equal(data_file_find(SMPSIM_DATA_DIR, "needles", "needle", "0501rl",
					path, sizeof(path), err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "unknown needle '0501rl' (there are: 0601rl, 0603rl, "
			    "0801rl, 0803rl)");
	assert_int_equal(data_file_find(SMPSIM_DATA_DIR, "scalps", "scalp model", "../x",
					path, sizeof(path), err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "'../x' is not a scalp model id (lower-case letters, "
			    "digits, '-', '_', '.')");
}

/* A small, valid scalp file; each bad row replaces line `line` with `text`. */
static const char *const good_scalp[] = {
	"id: t",                                                          /* 1 */
	"name: Test",                                                     /* 2 */
	"area-mm: [100, 80]",                                             /* 3 */
	"tissues:",                                                       /* 4 */
	"  - { id: normal, force-scale-n: 1.5, spread: 1, blowout-mm-per-mm: 0.6 }", /* 5 */
	"defaults:",                                                      /* 6 */
	"  tissue: normal",                                               /* 7 */
	"  epidermis-mm: 0.08",                                           /* 8 */
	"  band-mm: [0.5, 1.2]",                                          /* 9 */
	"  overdeep-mm: 1.5",                                             /* 10 */
	"  spacing: { too-close-mm: 0.6, gap-mm: 1.6, neighbourhood-mm: 3 }", /* 11 */
	"  technique: { tail-max-mm: 0.3, drag-line-mm: 2, oblique-max-deg: 25 }", /* 12 */
	"regions:",                                                       /* 13 */
	"  - id: base",                                                   /* 14 */
	"    name: Base",                                                 /* 15 */
	"    polygon: [[0, 0], [100, 0], [100, 80], [0, 80]]",            /* 16 */
	"  - id: scar",                                                   /* 17 */
	"    name: Scar",                                                 /* 18 */
	"    polygon: [[10, 10], [20, 10], [20, 20], [10, 20]]",          /* 19 */
	"    band-mm: [0.4, 0.9]",                                        /* 20 */
	"    overdeep-mm: 1.1",                                           /* 21 */
	NULL,
};

/* Writes @p lines with line @p replace made @p text (its markers expanded:
 * tmp_files_expand_markers). */
static char *write_file(const char *const *lines, int replace, const char *text)
{
	static char path[4096];
	char body[4096], *bytes;
	size_t used = 0, len;

	for (int i = 0; lines[i]; i++)
		used += (size_t)snprintf(body + used, sizeof(body) - used, "%s\n",
					 i + 1 == replace ? text : lines[i]);
	assert_true(used < sizeof(body));
	bytes = tmp_files_expand_markers(body, used, &len);
	tmp_files_write("model", "yaml", bytes, len, path, sizeof(path));
	free(bytes);
	return path;
}

static void test_bad_scalp_files(void **state)
{
	static const struct { int line; const char *text, *message; } rows[] = {
		{ 0, NULL, NULL }, /* the base file is good */
		{ 2, "nmae: Test", "2: scalp model: unknown key 'nmae' (known: id, name, "
		  "area-mm, tissues, defaults, regions)" },
		{ 2, "# no name", "1: scalp model: missing 'name'" },
		{ 3, "area-mm: [100]", "3: expected a pair [a, b]" },
		{ 3, "area-mm: [100, wide]", "3: 'wide' is not a number" },
		{ 8, "  epidermis-mm: thin", "8: 'epidermis-mm' needs a number, not 'thin'" },
		{ 8, "  epidermis-mm: [0.08]", "8: 'epidermis-mm' needs a number" },
		{ 9, "  band-mm: [1.2, 0.5]", "9: band-mm is [shallowest, deepest]: 0.5 is "
		  "not above 1.2" },
		{ 10, "  overdeep-mm: 1.0", "14: region 'base': depths must satisfy 0 < "
		  "epidermis (0.08) <= band min (0.5) < band max (1.2) < overdeep (1)" },
		{ 10, "  overdeep-mm: 11", "10: 'overdeep-mm' must be above 0 and at most 10, "
		  "not 11" },
		{ 7, "  tissue: bone", "7: unknown tissue 'bone'" },
		{ 11, "  spacing: { too-close-mm: 2, gap-mm: 1.6, neighbourhood-mm: 3 }",
		  "14: region 'base': spacing must satisfy 0 < too close (2) < gap (1.6) "
		  "< neighbourhood (3)" },
		{ 12, "  technique: { tail-max-mm: 0.3, drag-line-mm: 2, oblique-max-deg: 90 }",
		  "12: 'oblique-max-deg' must be above 0 and below 90, not 90" },
		{ 16, "    polygon: [[0, 0], [100, 80], [100, 0], [0, 80]]",
		  "16: the polygon crosses itself" },
		{ 16, "    polygon: [[0, 0], [100, 0]]", "16: a polygon has 3 to 64 points, not 2" },
		{ 19, "    polygon: [[10, 10], [120, 10], [20, 20]]",
		  "17: region 'scar': point 2 (120, 10) lies outside the 100 x 80 mm area" },
		{ 17, "  - id: base", "17: region 'base' is defined twice" },
		{ 18, "    colour: red", "18: region: unknown key 'colour' (known: tissue, "
		  "epidermis-mm, band-mm, overdeep-mm, hair-per-mm2, spacing, technique, id, "
		  "name, polygon)" },
		{ 18, "    # no name", "17: region: missing 'name'" },
		{ 21, "    overdeep-mm: 0.8", "17: region 'scar': depths must satisfy 0 < "
		  "epidermis (0.08) <= band min (0.4) < band max (0.9) < overdeep (0.8)" },
		{ 5, "  - { id: normal, force-scale-n: 0, spread: 1, blowout-mm-per-mm: 0.6 }",
		  "5: 'force-scale-n' must be above 0 and at most 50, not 0" },
		{ 13, "regions: 3", "13: invalid multiline plain key" }, /* libfyaml's words */
		{ 3, "area-mm: 100", "3: expected a pair [a, b]" },
		{ 5, "  - { id: normal, force-scale-n: 1.5", "6: missing comma in flow mapping" }, /* libfyaml */
		/* YAML as written: one document, UTF-8 text, no anchors or aliases, 1 MiB */
		{ 7, "  tissue: *normal", "7: alias '*normal': anchors and aliases are not "
		  "read; write the value out in full" },
		{ 5, "  - &n { id: normal, force-scale-n: 1.5, spread: 1, blowout-mm-per-mm: 0.6 }",
		  "5: anchor '&n': anchors and aliases are not read; write the value out in full" },
		{ 21, "    overdeep-mm: 1.1\n---\nid: u", "22: a second document begins here; "
		  "a data file holds one" },
		{ 15, "    name: !!str Base", "15: tag '!!str' at column 11: tags are not "
		  "read; write the value without it" },
		{ 3, "area-mm: !pair [100, 80]", "3: tag '!pair' at column 10: tags are not "
		  "read; write the value without it" },
		{ 15, "    name: 'B''''ase'", "15: two escaped quotes in a row ('''') in a "
		  "single-quoted value, which libfyaml 0.7.12 misreads; write the value in "
		  "double quotes" },
		{ 15, "    name: B\x01se", "15: a NUL byte: a data file is text" },
		{ 18, "    name: Sc\xc3", "18: invalid UTF-8: a data file is UTF-8 text" },
		{ 1, "# \x02\nid: t", " larger than 1 MiB (1048576 bytes), the most a data file "
		  "may be" },
	};

	int wrong = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *path = write_file(good_scalp, rows[i].line, rows[i].text);
		struct scalp_model m = { .width_mm = -7 };
		char err[512] = "", want[4096 + 600];
		int rc = scalp_load(path, &m, err, sizeof(err));

		if (!rows[i].message) {
			if (rc != 0)
				fail_msg("the base file fails: %s", err);
		} else {
			snprintf(want, sizeof(want), "%s:%s", path, rows[i].message);
			if (rc != -EINVAL || strcmp(err, want)) {
				print_error("row %zu: got %d '%s'\n  expected '%s'\n", i, rc,
					    err, want);
				wrong++;
			}
			assert_float_equal(m.width_mm, -7, 0); /* nothing written */
		}
	}
	assert_int_equal(wrong, 0);
}

static void test_bad_needle_files(void **state)
{
	static const char *const good[] = {
		"id: n", "name: N", "points: 1", "diameter-mm: 0.2", "hang-mm: 2",
		"strokes-per-s: 120", "growth-mm-per-mm: 0.25", "saturation-strokes: 40", NULL,
	};
	static const struct { int line; const char *text, *message; } rows[] = {
		{ 0, NULL, NULL },
		{ 3, "points: 2", "3: points must be 1 (1RL) or 3 (3RL)" },
		{ 3, "points: 1.5", "3: 'points' needs a whole number, not 1.5" },
		{ 4, "diameter-mm: 0.6", "4: 'diameter-mm' must be at least 0.1 and at most "
		  "0.5, not 0.6" },
		{ 5, "# no hang", "1: needle: missing 'hang-mm'" },
		{ 6, "strokes: 120", "6: needle: unknown key 'strokes' (known: id, name, points, "
		  "diameter-mm, hang-mm, strokes-per-s, growth-mm-per-mm, saturation-strokes)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *path = write_file(good, rows[i].line, rows[i].text);
		struct needle n = { .points = -7 };
		char err[512] = "", want[4096 + 600];
		int rc = needle_load(path, &n, err, sizeof(err));

		if (!rows[i].message) {
			if (rc != 0)
				fail_msg("the base file fails: %s", err);
		} else {
			snprintf(want, sizeof(want), "%s:%s", path, rows[i].message);
			if (rc != -EINVAL || strcmp(err, want))
				fail_msg("row %zu: got %d '%s'\n  expected '%s'", i, rc, err, want);
			assert_int_equal(n.points, -7);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_scalps),
		cmocka_unit_test(test_strip_scar_values),
		cmocka_unit_test(test_shipped_needles),
		cmocka_unit_test(test_unknown_and_bad_ids),
		cmocka_unit_test(test_bad_scalp_files),
		cmocka_unit_test(test_bad_needle_files),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
