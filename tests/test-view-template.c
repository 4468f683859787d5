/* test-view-template: the printable template of every shipped lesson, as
 * SVG and PDF, read back as text: the SVG's width and height in mm are the
 * page's (the work area and the room round it), its viewBox in the same
 * mm; each zone's outline passes through the zone's points where they
 * fall on the page (the work area's corner at the margin, below the
 * header); the check bar is 50 mm long; the PDF's page is the same size
 * in points (72/25.4 a mm). A file descriptor it cannot write is an error
 * naming why. `smpsim lessons template` as a child process: SVG and PDF
 * by the name's extension, an existing file kept without --force, and
 * each bad use refused with its message, exit 2, nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "lesson_fixture.h"
#include "tmp_files.h"
#include "view_scene.h"
#include "view_template.h"

static const char *const lesson_ids[] = {
	"depth-taps", "even-spacing", "soft-hairline", "frontal-layout",
	"temple-points", "crown-vertex", "densification", "scar-camouflage",
};

static char *write_template(const char *id, bool pdf, struct lesson *lesson,
			    struct lesson_session *ls, size_t *size)
{
	char err[512], path[4096];
	char *text;
	int fd;

	if (lesson_fixture_load(SMPSIM_DATA_DIR, id, NULL, 0, lesson, ls, err, sizeof(err)) < 0)
		fail_msg("%s: %s", id, err);
	snprintf(path, sizeof(path), "%s/%s.%s", tmp_files_dir(), id, pdf ? "pdf" : "svg");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	if (view_template_write(lesson, &ls->scalp, fd, pdf, err, sizeof(err)) < 0)
		fail_msg("%s: %s", id, err);
	close(fd);
	text = tmp_files_read(path, size);
	return text;
}

/* The paths stroked in @p rgb ("rgb(11.764706%,31.372549%,54.901961%)"):
 * each one's points, moved by its transform's translation, into @p pts
 * (x, y pairs); @return how many numbers. */
static size_t stroked_points(const char *svg, const char *rgb, double *pts, size_t room)
{
	size_t n = 0;
	const char *p = svg;

	while ((p = strstr(p, "<path style=\"fill:none;")) != NULL) {
		const char *end = strstr(p, "/>");
		const char *stroke = strstr(p, rgb), *d = strstr(p, " d=\"");
		const char *tr = strstr(p, "transform=\"matrix(1,0,0,1,");
		double tx = 0, ty = 0;
		char *q;
		bool x = true;

		assert_non_null(end);
		if (!stroke || stroke > end || !d || d > end) {
			p = end;
			continue;
		}
		if (tr && tr < end)
			assert_int_equal(sscanf(tr, "transform=\"matrix(1,0,0,1,%lf,%lf)", &tx, &ty), 2);
		q = (char *)d + 4;
		while (*q != '"' && n < room) {
			if (*q == ' ' || *q == 'M' || *q == 'L' || *q == 'Z') {
				q++;
				continue;
			}
			pts[n] = strtod(q, &q) + (x ? tx : ty);
			x = !x;
			n++;
		}
		p = end;
	}
	return n;
}

static bool has_point(const double *pts, size_t n, double x, double y)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		if (fabs(pts[i] - x) < 1e-3 && fabs(pts[i + 1] - y) < 1e-3)
			return true;
	return false;
}

static void test_svg_every_lesson(void **state)
{
	static double pts[8192];

	(void)state;
	for (size_t l = 0; l < sizeof(lesson_ids) / sizeof(lesson_ids[0]); l++) {
		struct lesson lesson;
		struct lesson_session ls;
		struct lesson_area a;
		char *svg = write_template(lesson_ids[l], false, &lesson, &ls, NULL);
		double w, h, ax, ay, vw, vh, sw, sh;
		char expect[128];
		const char *root = strstr(svg, "<svg ");
		size_t n;

		lesson_work_area(&lesson, &ls.scalp, &a);
		view_template_page(&lesson, &ls.scalp, &w, &h, &ax, &ay);
		assert_float_equal(w, fmax(a.width_mm, 80) + 20, 1e-9);
		assert_float_equal(h, a.height_mm + 16 + 22 + 20, 1e-9);
		assert_float_equal(ax, 10, 0);
		assert_float_equal(ay, 26, 0);
		assert_non_null(root);
		assert_non_null(strstr(root, "width=\""));
		assert_int_equal(sscanf(strstr(root, "width=\""), "width=\"%lfmm\"", &sw), 1);
		assert_int_equal(sscanf(strstr(root, "height=\""), "height=\"%lfmm\"", &sh), 1);
		assert_int_equal(sscanf(strstr(root, "viewBox=\""), "viewBox=\"0 0 %lf %lf\"", &vw, &vh), 2);
		assert_float_equal(sw, w, 1e-4);
		assert_float_equal(sh, h, 1e-4);
		assert_float_equal(vw, w, 1e-4);
		assert_float_equal(vh, h, 1e-4);
		snprintf(expect, sizeof(expect), "width=\"%gmm\" height=\"%gmm\"", w, h);
		if (!strstr(root, expect))
			fail_msg("%s: no %s", lesson_ids[l], expect);

		/* every zone's every point, where it falls on the page */
		n = stroked_points(svg, "stroke:rgb(11.764706%,31.372549%,54.901961%)", pts,
				   sizeof(pts) / sizeof(pts[0]));
		assert_true(n > 0);
		for (size_t z = 0; z < lesson.zone_count; z++)
			for (size_t i = 0; i < lesson.zones[z].polygon.count; i++) {
				const struct scalp_point *p = &lesson.zones[z].polygon.points[i];

				if (!has_point(pts, n, p->x - a.x_mm + ax, p->y - a.y_mm + ay))
					fail_msg("%s: zone point (%g, %g) not at (%g, %g) on the page",
						 lesson_ids[l], p->x, p->y, p->x - a.x_mm + ax,
						 p->y - a.y_mm + ay);
			}
		/* the bar: 50 mm from the margin, 10 mm below the area */
		n = stroked_points(svg, "stroke:rgb(0%,0%,0%)", pts, sizeof(pts) / sizeof(pts[0]));
		assert_true(n >= 4);
		assert_float_equal(pts[0], 10, 1e-9);
		assert_float_equal(pts[2], 60, 1e-9);
		assert_float_equal(pts[1], ay + a.height_mm + 10, 1e-9);
		assert_float_equal(pts[3], pts[1], 1e-9);
		/* 51 ticks: the bar's 2 points and 2 for each tick */
		assert_int_equal(n, 2 * (2 + 2 * 51));
		free(svg);
	}
}

static void test_svg_soft_hairline(void **state)
{
	struct lesson lesson;
	struct lesson_session ls;
	char *svg = write_template("soft-hairline", false, &lesson, &ls, NULL);

	(void)state;
	/* work area 70 x 31 mm: a page 100 x 89 mm */
	assert_non_null(strstr(svg, "width=\"100mm\" height=\"89mm\" viewBox=\"0 0 100 89\""));
	free(svg);
}

/* The first @p what in @p size bytes of @p data, or NULL. */
static const char *find_bytes(const char *data, size_t size, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = 0; i + n <= size; i++)
		if (memcmp(data + i, what, n) == 0)
			return data + i;
	return NULL;
}

static void test_pdf_page(void **state)
{
	(void)state;
	for (size_t l = 0; l < sizeof(lesson_ids) / sizeof(lesson_ids[0]); l++) {
		struct lesson lesson;
		struct lesson_session ls;
		size_t size;
		char *pdf = write_template(lesson_ids[l], true, &lesson, &ls, &size);
		double w, h, ax, ay, pw, ph;
		/* binary streams in it: searched by length */
		const char *box = find_bytes(pdf, size, "/MediaBox [ 0 0 ");

		view_template_page(&lesson, &ls.scalp, &w, &h, &ax, &ay);
		assert_memory_equal(pdf, "%PDF-", 5);
		assert_non_null(box);
		assert_int_equal(sscanf(box, "/MediaBox [ 0 0 %lf %lf ]", &pw, &ph), 2);
		assert_float_equal(pw, w * 72 / 25.4, 1e-4);
		assert_float_equal(ph, h * 72 / 25.4, 1e-4);
		free(pdf);
	}
}

static void test_write_fails(void **state)
{
	struct lesson lesson;
	struct lesson_session ls;
	char err[512], path[4096];
	int fd;

	(void)state;
	if (lesson_fixture_load(SMPSIM_DATA_DIR, "soft-hairline", NULL, 0, &lesson, &ls, err,
				sizeof(err)) < 0)
		fail_msg("%s", err);
	snprintf(path, sizeof(path), "%s/ro.svg", tmp_files_dir());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	close(fd);
	fd = open(path, O_RDONLY);
	assert_int_equal(view_template_write(&lesson, &ls.scalp, fd, false, err, sizeof(err)),
			 -EBADF);
	assert_string_equal(err, "cannot write the template: Bad file descriptor");
	assert_int_equal(view_template_write(&lesson, &ls.scalp, fd, true, err, sizeof(err)),
			 -EBADF);
	close(fd);
}

static char *cli_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", tmp_files_dir(), name);
	return path;
}

static void smpsim(const char *a1, const char *a2, const char *a3, const char *a4,
		   struct child_result *r)
{
	const char *argv[] = { SMPSIM_BINARY, "lessons", a1, a2, a3, a4, NULL };

	assert_int_equal(child_run(argv, NULL, r), 0);
}

static void test_cli(void **state)
{
	struct child_result r;
	char svg_path[4096], expect[8192], *text;

	(void)state;
	snprintf(svg_path, sizeof(svg_path), "%s", cli_path("hairline.svg"));
	smpsim("template", "soft-hairline", "-o", svg_path, &r);
	snprintf(expect, sizeof(expect),
		 "wrote the template of soft-hairline, its work area 70 x 31 mm at 1:1, to %s\n",
		 svg_path);
	child_expect(&r, 0, "", expect);
	child_result_free(&r);
	text = tmp_files_read(svg_path, NULL);
	assert_non_null(strstr(text, "width=\"100mm\" height=\"89mm\" viewBox=\"0 0 100 89\""));
	free(text);

	/* there already: kept without --force, replaced with it */
	smpsim("template", "depth-taps", "-o", svg_path, &r);
	snprintf(expect, sizeof(expect),
		 "smpsim lessons: %s: File exists (--force overwrites it)\n", svg_path);
	child_expect(&r, 1, "", expect);
	child_result_free(&r);
	text = tmp_files_read(svg_path, NULL);
	assert_non_null(strstr(text, "width=\"100mm\" height=\"89mm\""));
	free(text);
	{
		const char *argv[] = { SMPSIM_BINARY, "lessons", "template", "depth-taps", "-o",
				       svg_path, "--force", NULL };

		assert_int_equal(child_run(argv, NULL, &r), 0);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
	}
	text = tmp_files_read(svg_path, NULL);
	/* depth-taps: 30 x 30 mm, the page at its narrowest, 100 x 88 mm */
	assert_non_null(strstr(text, "width=\"100mm\" height=\"88mm\""));
	free(text);

	/* PDF by the extension, any case */
	smpsim("template", "temple-points", "-o", cli_path("temple.PDF"), &r);
	assert_int_equal(r.status, 0);
	child_result_free(&r);
	text = tmp_files_read(cli_path("temple.PDF"), NULL);
	assert_memory_equal(text, "%PDF-", 5);
	free(text);

	/* bad uses: exit 2, nothing written */
	smpsim("template", "soft-hairline", "-o", cli_path("t.png"), &r);
	snprintf(expect, sizeof(expect),
		 "smpsim lessons: -o %s: a template is written as .svg or .pdf\n", cli_path("t.png"));
	child_expect(&r, 2, "", expect);
	child_result_free(&r);
	assert_int_equal(access(cli_path("t.png"), F_OK), -1);
	smpsim("template", "soft-hairline", "-o", "-", &r);
	child_expect(&r, 2, "", "smpsim lessons: -o -: a template is written as .svg or .pdf\n");
	child_result_free(&r);
	smpsim("template", "soft-hairline", NULL, NULL, &r);
	child_expect(&r, 2, "", "smpsim lessons: missing -o FILE.svg (or -o FILE.pdf)\n"
		     "Try 'smpsim lessons --help'.\n");
	child_result_free(&r);
	smpsim("template", "no-such", "-o", cli_path("n.svg"), &r);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown lesson 'no-such'"));
	child_result_free(&r);
	assert_int_equal(access(cli_path("n.svg"), F_OK), -1);
	smpsim("show", "soft-hairline", "-o", cli_path("s.svg"), &r);
	child_expect(&r, 2, "", "smpsim lessons: -o and --force are for 'lessons template'\n"
		     "Try 'smpsim lessons --help'.\n");
	child_result_free(&r);
}

/* The folder, and the font caches (LeakSanitizer would report them). */
static int teardown(void **state)
{
	view_release_fonts();
	return tmp_files_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_every_lesson),
		cmocka_unit_test(test_svg_soft_hairline),
		cmocka_unit_test(test_pdf_page),
		cmocka_unit_test(test_write_fails),
		cmocka_unit_test(test_cli),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, teardown);
}
