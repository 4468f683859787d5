/* test-report: the HTML report of a known session, made here from a
 * handful of deposits on the shipped soft-hairline lesson (no database):
 * the page is well formed, self-contained (no http or https anywhere, no
 * external resource), every deposit is an SVG circle at its place with
 * r = diameter / 2 and its classes, names are escaped and non-ASCII kept.
 * A trainee's page has one trend chart per lesson. What issue 16 found a
 * person misreads: an interrupted session's badge (and review's line),
 * a never-event's measure not greyed, no "-0" on the axis, "0.5 s", the
 * scale bar and its caption, the too-close and gap marks at their
 * places, a legend of exactly what is drawn, and a page of 100 000
 * deposits under 5 MB with its image and every deposit's data. (How the
 * file is written, whole or not at all, is test-output-files' and
 * test-out-file's.)
 *
 * Run with the argument "chromium" (ctest: test-report-chromium, label
 * chromium), it renders the page in headless Chromium (Debian package
 * chromium; ./build.sh installs it) and checks the screenshot's pixels:
 * the overdeep dot is dark red where the viewBox puts it, an in-band dot
 * green, each class's fill or ring in its colour and every two far
 * apart, the background is the page's, and the page is not blank; an
 * interrupted session's page has its amber badge and no red FAIL, and
 * on a 400 px screen the words beside the badge go under it; an
 * unscored one's NOT SCORED is white on its dark grey; a dense
 * session's image shows where the viewBox puts it. An outside-zone
 * dot shows its fill, a gap, then its thin black ring (in the SVG and in
 * a dense session's image); the merged ring stays apart from every fill
 * under simulated deuteranopia and protanopia; an interrupted session's
 * measures say "not reached", not "not met".
 */
#define _XOPEN_SOURCE 700       /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "lesson_fixture.h"
#include "lesson_load.h"
#include "report_html.h"
#include "report_internal.h"
#include "score_rubric.h"
#include "screenshot.h"
#include "store.h"
#include "tmp_files.h"

#define ROBERT "Robert'); DROP TABLE sessions;--"
#define ROBERT_HTML "Robert&#39;); DROP TABLE sessions;--"
#define UNICODE_NAME "Zo\u00eb \u00c5ngstr\u00f6m-\u0141ukasiewicz \u5c71\u7530 \U0001F642"

/* The known session: one of each kind, the overdeep dot big and alone. */
#define OVERDEEP_ID 3
#define IN_BAND_ID 0

static const struct deposit known[] = {
	{ .id = 0, .x_mm = 70, .y_mm = 12, .depth_mm = 0.8, .diameter_mm = 0.42,
	  .depth_class = DEPOSIT_IN_BAND },
	{ .id = 1, .x_mm = 73, .y_mm = 12.5, .depth_mm = 0.3, .diameter_mm = 0.22,
	  .depth_class = DEPOSIT_SHALLOW, .faults = DEPOSIT_SHALLOW_FAULT },
	{ .id = 2, .x_mm = 76, .y_mm = 13, .depth_mm = 1.3, .diameter_mm = 0.33,
	  .blur_mm = 0.06, .depth_class = DEPOSIT_DEEP },
	{ .id = 3, .x_mm = 80, .y_mm = 16, .depth_mm = 1.75, .diameter_mm = 0.9,
	  .blur_mm = 0.15, .depth_class = DEPOSIT_OVERDEEP, .faults = DEPOSIT_OVERDEEP_FAULT },
	{ .id = 4, .x_mm = 70.3, .y_mm = 12.1, .depth_mm = 0.9, .diameter_mm = 0.3,
	  .depth_class = DEPOSIT_IN_BAND, .faults = DEPOSIT_MERGED | DEPOSIT_TOO_CLOSE },
	{ .id = 5, .x_mm = 55, .y_mm = 10, .depth_mm = 0.7, .diameter_mm = 0.28,
	  .depth_class = DEPOSIT_IN_BAND, .faults = DEPOSIT_OUTSIDE_ZONE },
	{ .id = 6, .x_mm = 90, .y_mm = 20, .depth_mm = 0.8, .diameter_mm = 0.3,
	  .tail_mm = 2.6, .kind = DEPOSIT_LINE, .depth_class = DEPOSIT_IN_BAND,
	  .faults = DEPOSIT_DRAG_LINE | DEPOSIT_TAIL },
	{ .id = 7, .x_mm = 84, .y_mm = 9, .depth_mm = 0.6, .diameter_mm = 0.27,
	  .depth_class = DEPOSIT_IN_BAND },
	{ .id = 8, .x_mm = 86.5, .y_mm = 14, .depth_mm = 1.0, .diameter_mm = 0.3,
	  .depth_class = DEPOSIT_IN_BAND },
	{ .id = 9, .x_mm = 95, .y_mm = 22, .depth_mm = 1.1, .diameter_mm = 0.31,
	  .depth_class = DEPOSIT_IN_BAND, .faults = DEPOSIT_GAP },
	{ .id = 10, .x_mm = 64, .y_mm = 24, .depth_mm = 0.55, .diameter_mm = 0.25,
	  .depth_class = DEPOSIT_IN_BAND },
	{ .id = 11, .x_mm = 99, .y_mm = 5.2, .depth_mm = 0.75, .diameter_mm = 0.29,
	  .depth_class = DEPOSIT_IN_BAND, .faults = DEPOSIT_MERGED | DEPOSIT_OUTSIDE_ZONE },
};
#define KNOWN_COUNT (sizeof(known) / sizeof(known[0]))

#define assert_near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static struct lesson lesson;
static struct lesson_session ls;
static struct score_metrics metrics;
static struct score_result result;

static struct report_session known_session(const char *trainee)
{
	return (struct report_session){
		.id = 42, .trainee = trainee, .lesson = &lesson, .ls = &ls,
		.deposits = known, .deposit_count = KNOWN_COUNT, .metrics = &metrics,
		.result = &result, .started = 1700000000, .duration_s = 95.5,
		.status = "complete", .device = "Wacom <Cintiq> 13HD & \"pen\"",
	};
}

static int setup(void **state)
{
	char err[512];
	struct score_dot dots[KNOWN_COUNT];
	struct score_frame frame;

	if (tmp_files_setup(state) != 0)
		return -1;
	if (lesson_fixture_load(SMPSIM_DATA_DIR, "soft-hairline", NULL, 0, &lesson, &ls, err,
				sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	for (size_t i = 0; i < KNOWN_COUNT; i++) {
		const struct deposit *d = &known[i];

		dots[i] = (struct score_dot){
			.x_mm = d->x_mm, .y_mm = d->y_mm, .depth_mm = d->depth_mm,
			.band_min_mm = 0.5, .band_max_mm = 1.2, .diameter_mm = d->diameter_mm,
			.overdeep = d->depth_class == DEPOSIT_OVERDEEP,
			.merged = (d->faults & DEPOSIT_MERGED) != 0,
			.line = d->kind == DEPOSIT_LINE,
			.outside = (d->faults & DEPOSIT_OUTSIDE_ZONE) != 0,
		};
	}
	lesson_score_frame(&lesson, &ls, 95.5, &frame);
	if (score_metrics_compute(dots, KNOWN_COUNT, &frame, &metrics) < 0 ||
	    score_rubric_apply(&lesson.rubric, &metrics, &result) < 0)
		return -1;
	return 0;
}

/* ---- reading the page ---- */

/* The page in memory. The stream's buffer lives in the heap, not here:
 * gcc 12 takes a pointer into the page for one to a local otherwise
 * (-Wdangling-pointer, a false alarm at -O2 and above). */
static char *render(const struct report_session *s)
{
	struct memory { char *buf; size_t size; } *m = calloc(1, sizeof(*m));
	FILE *f;
	char *page;

	assert_non_null(m);
	f = open_memstream(&m->buf, &m->size);
	assert_non_null(f);
	assert_int_equal(report_html_session(f, s), 0);
	assert_int_equal(fclose(f), 0);
	page = m->buf;
	free(m);
	return page;
}


static bool is_void(const char *name, size_t n)
{
	static const char *const v[] = { "meta", "br", "hr", "img", "input", "link", NULL };

	for (size_t i = 0; v[i]; i++)
		if (strlen(v[i]) == n && !strncasecmp(v[i], name, n))
			return true;
	return false;
}

/* Well formed enough: a doctype, every tag closed in order (void elements
 * and "/>" aside), no '<' inside a tag, the style's raw text skipped. */
static void check_well_formed(const char *html)
{
	const char *stack[64], *p = html;
	size_t lens[64];
	int depth = 0;

	assert_memory_equal(html, "<!DOCTYPE html>\n", 16);
	while ((p = strchr(p, '<'))) {
		bool closing = p[1] == '/';
		const char *name = p + 1 + closing, *end;
		size_t n;

		if (p[1] == '!') {
			p = strchr(p, '>');
			assert_non_null(p);
			continue;
		}
		n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		assert_true(n > 0);
		end = strchr(name, '>');
		assert_non_null(end);
		assert_null(memchr(name, '<', (size_t)(end - name)));
		if (closing) {
			assert_true(depth > 0);
			if (lens[depth - 1] != n || strncmp(stack[depth - 1], name, n))
				fail_msg("</%.*s> closes <%.*s>", (int)n, name, (int)lens[depth - 1],
					 stack[depth - 1]);
			depth--;
		} else if (end[-1] != '/' && !is_void(name, n)) {
			assert_true(depth < 64);
			stack[depth] = name;
			lens[depth++] = n;
			if (n == 5 && !strncmp(name, "style", 5)) {
				end = strstr(end, "</style>");
				assert_non_null(end);
				end--;
			}
		}
		p = end + 1;
	}
	assert_int_equal(depth, 0);
}

/* strcasestr is GNU's; this is enough for ASCII needles. */
static const char *find_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

static void check_self_contained(const char *html)
{
	assert_null(find_nocase(html, "http:"));
	assert_null(find_nocase(html, "https:"));
	assert_null(find_nocase(html, "src="));
	assert_null(find_nocase(html, "href="));
	assert_null(find_nocase(html, "@import"));
	assert_null(find_nocase(html, "<script"));
	for (const char *u = html; (u = strstr(u, "url(")); u += 4)
		assert_int_equal(u[4], '#');       /* only references within the page */
}

/* The value of attribute @p name in the tag [tag, end) as a string. */
static bool attr(const char *tag, const char *end, const char *name, char *out, size_t size)
{
	char key[64];
	const char *a, *q;

	snprintf(key, sizeof(key), " %s=\"", name);
	a = strstr(tag, key);
	if (!a || a > end)
		return false;
	a += strlen(key);
	q = strchr(a, '"');
	if (!q || q > end || (size_t)(q - a) >= size)
		return false;
	memcpy(out, a, (size_t)(q - a));
	out[q - a] = '\0';
	return true;
}

static double attr_num(const char *tag, const char *end, const char *name)
{
	char v[64];

	if (!attr(tag, end, name, v, sizeof(v)))
		fail_msg("no %s in %.80s", name, tag);
	return strtod(v, NULL);
}

/* The scalp picture's <svg ...> tag and its end. */
static const char *scalp_svg(const char *html, const char **close)
{
	const char *svg = strstr(html, "<svg class=\"scalp\"");

	assert_non_null(svg);
	*close = strstr(svg, "</svg>");
	assert_non_null(*close);
	return svg;
}

struct picture {
	double vb[4];      /* viewBox, mm */
	int wpx, hpx;
};

static struct picture picture_of(const char *html)
{
	const char *close, *svg = scalp_svg(html, &close), *end = strchr(svg, '>');
	struct picture p;
	char vb[128];

	assert_true(attr(svg, end, "viewBox", vb, sizeof(vb)));
	assert_int_equal(sscanf(vb, "%lf %lf %lf %lf", &p.vb[0], &p.vb[1], &p.vb[2], &p.vb[3]),
			 4);
	p.wpx = (int)attr_num(svg, end, "width");
	p.hpx = (int)attr_num(svg, end, "height");
	return p;
}

static void check_classes(const char *got, const struct deposit *d)
{
	char want[128];

	snprintf(want, sizeof(want), "dot %s%s%s%s", deposit_depth_class_name(d->depth_class),
		 d->faults & DEPOSIT_MERGED ? " merged" : "",
		 d->faults & DEPOSIT_OUTSIDE_ZONE ? " outside" : "",
		 d->kind == DEPOSIT_LINE ? " line" : "");
	assert_string_equal(got, want);
}

/* ---- the renderer ---- */

/* Every deposit of @p deps is a circle of the scalp picture with its
 * place, r = diameter / 2 and classes, and there are no others. */
static void check_dots(const char *html, const struct deposit *deps, size_t count)
{
	const char *close, *svg = scalp_svg(html, &close);
	size_t circles = 0;

	for (const char *c = svg; (c = strstr(c, "<circle class=\"dot ")) && c < close; c++)
		circles++;
	assert_int_equal(circles, count);
	for (size_t i = 0; i < count; i++) {
		const struct deposit *d = &deps[i];
		char key[32], cls[128];
		const char *at, *tag, *end;

		snprintf(key, sizeof(key), " data-id=\"%u\"", d->id);
		at = strstr(svg, key);
		assert_non_null(at);
		assert_true(at < close);
		for (tag = at; tag > svg && strncmp(tag, "<circle", 7); tag--)
			;
		end = strchr(tag, '>');
		assert_true(attr(tag, end, "class", cls, sizeof(cls)));
		check_classes(cls, d);
		assert_near(attr_num(tag, end, "r"), d->diameter_mm / 2, 1e-4);
		assert_near(attr_num(tag, end, "cx"), d->x_mm, 1e-4);
		assert_near(attr_num(tag, end, "cy"), d->y_mm, 1e-4);
	}
}

static void test_every_dot_at_its_place_size_and_class(void **state)
{
	struct report_session s = known_session(ROBERT);
	char *html = render(&s);
	const char *close, *svg = scalp_svg(html, &close);
	struct picture p = picture_of(html);

	(void)state;
	check_well_formed(html);
	/* Drawn to scale: the same pixels per mm both ways, the zone inside. */
	assert_true(fabs(p.wpx / p.vb[2] - p.hpx / p.vb[3]) < 1e-5 * p.wpx / p.vb[2]);
	assert_true(p.vb[0] < 55 - 0.14 && p.vb[0] + p.vb[2] > 100);
	assert_true(p.vb[1] < 3 && p.vb[1] + p.vb[3] > 26);
	assert_true(p.vb[2] < 80);          /* the work area, not the whole scalp */
	check_dots(html, known, KNOWN_COUNT);
	/* The blur of the overdeep dot, the reach of the line. */
	assert_non_null(strstr(svg, "<circle class=\"blur\" cx=\"80.0000\" cy=\"16.0000\" "
				    "r=\"0.6000\"/>"));
	assert_non_null(strstr(svg, "<circle class=\"reach\" cx=\"90.0000\" cy=\"20.0000\" "
				    "r=\"2.6000\"/>"));
	/* The lesson: its zone, its designed hairline. */
	assert_non_null(strstr(svg, "<polygon class=\"zone\" points=\"60.000,4.500 "));
	assert_non_null(strstr(svg, "<polyline class=\"hairline\" points=\"50.000,8.000 "));
	free(html);
}

/* The shipped lesson's rubric item for @p k. */
static const struct score_rubric_item *rubric_item(enum score_metric k)
{
	for (size_t i = 0; i < lesson.rubric.item_count; i++)
		if (lesson.rubric.items[i].metric == k)
			return &lesson.rubric.items[i];
	fail_msg("soft-hairline rates no %s", score_metric_name(k));
	return NULL;
}

static void test_self_contained_and_escaped(void **state)
{
	struct report_session s = known_session(ROBERT);
	char *html = render(&s);

	(void)state;
	check_self_contained(html);
	assert_non_null(strstr(html, "<b class=\"trainee\"><bdi>" ROBERT_HTML "</bdi></b>"));
	assert_null(strstr(html, ROBERT));
	assert_non_null(strstr(html, "device <bdi>Wacom &lt;Cintiq&gt; 13HD &amp; "
			       "&quot;pen&quot;</bdi>"));
	/* Names are isolated in the title too (FSI ... PDI), where <bdi> cannot go. */
	assert_non_null(strstr(html, ", \xe2\x81\xa8" ROBERT_HTML "\xe2\x81\xa9</title>"));
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	/* The score, its never-event, the advice and the measures. */
	assert_false(result.passed);
	assert_non_null(strstr(html, "<div class=\"verdict fail\">FAIL</div>"));
	assert_non_null(strstr(html, "<p class=\"never\"><b>Never-event</b>: overdeep 1"));
	/* Why it failed: the requirements missed, before the never-event, each
	 * in the words and unit of its row in the measures' table ("75.0 %,
	 * needs at least 90.0 %" as the row reads, not "0.75, needs at least
	 * 0.9" above it). */
	if (!strstr(html, "<p class=\"missed\"><b>Failed</b>: requirements missed</p>\n"
		    "<ul class=\"missed\">\n<li>Hairline fade width (10\u201390 %) <code>"
		    "hairline-width</code>: too little to measure, needs 4.00 \u2013 14.00 mm</li>\n"
		    "<li>Dots in front of the hairline <code>hairline-front</code>: 9.1 %, needs "
		    "at most 1.0 %</li>\n<li>Work done (of the dots asked for) <code>completion"
		    "</code>: 1.4 %, needs 90.0 \u2013 150.0 %</li>\n<li>Deposits in the depth band "
		    "<code>depth-in-band</code>: 75.0 %, needs at least 90.0 %</li>\n"))
		fail_msg("%s", strstr(html, "<header") ? strstr(html, "<header") : html);
	/* Each level in its measure's unit, as the value and band beside it. */
	{
		const struct score_rubric_item *width = rubric_item(SCORE_HAIRLINE_WIDTH);
		const struct score_rubric_item *in_band = rubric_item(SCORE_DEPTH_IN_BAND);
		char want[160];

		assert_true(width->required && in_band->required && isnan(in_band->need_max));
		snprintf(want, sizeof(want), "<td class=\"unmet\">%.2f \u2013 %.2f mm: <b>not "
			 "met</b></td>", width->need_min, width->need_max);
		assert_non_null(strstr(html, want));
		snprintf(want, sizeof(want), "\">at least %.1f %%: ", 100 * in_band->need_min);
		assert_non_null(strstr(html, want));
	}
	assert_null(strstr(html, "pass mark"));
	assert_null(strstr(html, "capped"));
	assert_non_null(strstr(html, "<ol class=\"advice\">"));
	assert_non_null(strstr(html, "<code>hairline-width</code>"));
	assert_non_null(strstr(html, "<svg class=\"density\""));
	free(html);

	s = known_session(UNICODE_NAME);
	html = render(&s);
	check_well_formed(html);
	assert_non_null(strstr(html, "<b class=\"trainee\"><bdi>" UNICODE_NAME "</bdi></b>"));
	free(html);
}

static void test_text_escaping(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
		{ "a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;" },
		{ UNICODE_NAME, UNICODE_NAME },
		{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
		{ "cut \xe5\xb1", "cut \xef\xbf\xbd\xef\xbf\xbd" },
		{ "overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd" },
		{ "surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "bell \a tab\t", "bell \xef\xbf\xbd tab\t" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL;
		size_t size = 0;
		FILE *f = open_memstream(&buf, &size);

		assert_non_null(f);
		report_html_text(f, cases[i].in);
		fclose(f);
		assert_string_equal(buf, cases[i].out);
		free(buf);
	}
}

/* A session scored before proficiency (a version-3 record) shows as it
 * was scored: by a pass mark, and capped by its never-event. */
static void test_scored_by_pass_mark(void **state)
{
	struct report_session s = known_session(NULL);
	struct score_result old = result;
	char *html;

	(void)state;
	old.by_proficiency = false;
	old.score = 40;
	memset(old.required, 0, sizeof(old.required));
	s.result = &old;
	s.uncapped = 55.5;
	html = render(&s);
	check_well_formed(html);
	if (!strstr(html, "<div class=\"meta\">scored by a pass mark (before proficiency), "
		    "capped from 55.5 by a never-event</div>"))
		fail_msg("%s", strstr(html, "<div class=\"scorebox") ?
			 strstr(html, "<div class=\"scorebox") : html);
	free(html);
	/* Not capped: nothing said of a cap. */
	s.uncapped = 40;
	html = render(&s);
	assert_non_null(strstr(html, "<div class=\"meta\">scored by a pass mark (before "
			       "proficiency)</div>"));
	free(html);
}

static void test_unscored_and_incomplete(void **state)
{
	struct report_session s = known_session(NULL);
	char *html;
	FILE *f;

	(void)state;
	s.metrics = NULL;
	s.result = NULL;
	s.note = "Interrupted: not scored.";
	html = render(&s);
	check_well_formed(html);
	assert_non_null(strstr(html, "NOT SCORED"));
	assert_null(strstr(html, "<table class=\"measures\">"));
	assert_null(strstr(html, "class=\"trainee\""));
	free(html);

	f = fopen("/dev/null", "w");
	assert_non_null(f);
	s.lesson = NULL;
	assert_int_equal(report_html_session(f, &s), -EINVAL);
	s = known_session(NULL);
	s.metrics = NULL;                    /* a result without its measures */
	assert_int_equal(report_html_session(f, &s), -EINVAL);
	fclose(f);

	/* Measured, too little to score: the measures without marks. */
	s = known_session(NULL);
	s.result = NULL;
	html = render(&s);
	check_well_formed(html);
	assert_non_null(strstr(html, "NOT SCORED"));
	assert_non_null(strstr(html, "<table class=\"measures\">"));
	assert_null(strstr(html, "<span class=\"bar\">"));
	/* Every row is greyed, weighted or not: the note says so, and not
	 * that greyed rows are the ones without weight. */
	assert_non_null(strstr(html, "</table>\n<p class=\"meta\">The session was not scored: "
			       "every measure is greyed, shown for the record with no marks."
			       "</p>\n"));
	assert_null(strstr(html, "Greyed measures have no weight"));
	free(html);
}

/* ---- what the page says (issue 16) ---- */

static size_t count_in(const char *from, const char *to, const char *needle)
{
	size_t n = 0;

	for (const char *c = from; (c = strstr(c, needle)) && (!to || c < to); c++)
		n++;
	return n;
}

/* The badge of an interrupted session, in the instructor guide's words,
 * and no FAIL anywhere. */
static void assert_interrupted_badge(const char *html)
{
	assert_non_null(strstr(html, "<div class=\"scorebox\"><div class=\"verdict "
			       "interrupted\">INTERRUPTED</div><div class=\"meta\"><b>"
			       "Interrupted \u2014 not a failed attempt; not scored as "
			       "a pass or fail.</b>"));
	assert_null(strstr(html, "verdict fail"));
	assert_null(strstr(html, "<b>Failed</b>"));
}

/* The measures' table says of a requirement missed what the list above
 * it says: "not met" in the fail colour for a failed session, "not
 * reached" (not in it) for an interrupted one, whose list reads "Not
 * reached when it stopped"; one row for each item of the list. */
static void check_required_words(const char *html, bool stopped)
{
	const char *list = strstr(html, "<ul class=\"missed");
	const char *table = strstr(html, "<table class=\"measures\">");
	const char *row = "<tr><td>Hairline fade width (10\u201390 %) <code>hairline-width</code>"
			  "</td><td class=\"num\">too little to measure</td><td class=\"num\">"
			  "5.00 \u2013 10.00 mm</td><td class=\"num\">4</td><td class=\"num\">"
			  "<span class=\"bar\"><span class=\"low\" style=\"width:0%\"></span></span>0"
			  "</td>";
	char want[512];
	size_t missed;

	assert_non_null(list);
	assert_non_null(table);
	missed = count_in(list, strstr(list, "</ul>"), "<li>");
	assert_true(missed >= 1);
	assert_int_equal(count_in(table, html + strlen(html), stopped ? "<b>not reached</b>" :
				  "<b>not met</b>"), missed);
	assert_int_equal(count_in(table, html + strlen(html), stopped ? "not met" :
				  "not reached"), 0);
	assert_int_equal(count_in(table, html + strlen(html), "<td class=\"not-reached\">"),
			 stopped ? missed : 0);
	snprintf(want, sizeof(want), "%s<td class=\"%s\">4.00 \u2013 14.00 mm: <b>%s</b></td></tr>",
		 row, stopped ? "not-reached" : "unmet", stopped ? "not reached" : "not met");
	if (!strstr(table, want))
		fail_msg("no row %s", want);
}

/* An interrupted session shows its state where PASS or FAIL would be,
 * whether the page scored it or not: never a FAIL. */
static void test_interrupted_badge(void **state)
{
	static const struct {
		const char *status;
		bool scored;
		const char *want, *not;
	} cases[] = {
		{ "interrupted", true, "<span class=\"score partial\">0<small> / 100</small></span> "
		  "partial score, from what was made before it stopped: not a fair measure of "
		  "the attempt</div></div>\n<p class=\"missed\"><b>Not reached</b> when it "
		  "stopped</p>\n<ul class=\"missed stopped\">", "FAIL" },
		{ "interrupted", false, "not scored as a pass or fail.</b></div></div>\n"
		  "</header>", "NOT SCORED" },
		{ "complete", true, "<div class=\"verdict fail\">FAIL</div>", "INTERRUPTED" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report_session s = known_session(NULL);
		char *html;

		s.status = cases[i].status;
		if (!cases[i].scored)
			s.result = NULL;
		html = render(&s);
		check_well_formed(html);
		if (!strstr(html, cases[i].want) || strstr(html, cases[i].not))
			fail_msg("case %zu: %s", i, strstr(html, "<div class=\"scorebox"));
		if (!strcmp(cases[i].status, "interrupted"))
			assert_interrupted_badge(html);
		if (cases[i].scored)
			check_required_words(html, !strcmp(cases[i].status, "interrupted"));
		free(html);
	}
}

/* The overdeep row: judged by the never-event, whatever its weight; a
 * measure of no weight and no never-event greyed, as before. */
static void test_never_event_measure(void **state)
{
	static struct lesson bare;
	struct score_result res;
	struct report_session s = known_session(NULL);
	const char *row, *end;
	const char *prefix = "<tr><td>Overdeep deposits <code>overdeep</code></td>"
			     "<td class=\"num\">1</td><td></td><td></td><td class=\"num\">\u2013"
			     "</td><td class=\"unmet\">never-event above 0, ";
	char *html;

	(void)state;
	bare = lesson;
	bare.rubric.item_count = 0;
	for (size_t i = 0; i < lesson.rubric.item_count; i++)
		if (lesson.rubric.items[i].metric != SCORE_OVERDEEP)
			bare.rubric.items[bare.rubric.item_count++] = lesson.rubric.items[i];
	assert_int_equal(bare.rubric.item_count + 1, lesson.rubric.item_count);
	assert_int_equal(score_rubric_apply(&bare.rubric, &metrics, &res), 0);
	s.lesson = &bare;
	s.result = &res;
	for (int pass = 0; pass < 2; pass++) {
		res.by_proficiency = pass == 0;
		html = render(&s);
		row = strstr(html, " <code>overdeep</code></td>");
		assert_non_null(row);
		while (strncmp(row, "<tr", 3))
			row--;
		end = strstr(row, "</tr>");
		if (strncmp(row, prefix, strlen(prefix)) ||
		    count_in(row, end + 5, pass == 0 ? "fails the session: <b>happened</b></td>"
			     "</tr>" : "caps the score: <b>happened</b></td></tr>") != 1 ||
		    count_in(row, end, "unrated") != 0)
			fail_msg("%.*s", (int)(end - row), row);
		assert_non_null(strstr(html, pass == 0 ? "<p class=\"meta\">This lesson\u2019s "
				       "never-events: overdeep above 0 fails the session, whatever "
				       "its weight. Greyed measures have no weight and no "
				       "never-event:" : "never-events: overdeep above 0 caps the "
				       "score, whatever its weight."));
		/* Not weighted and no never-event: greyed, for the record. */
		assert_non_null(strstr(html, "<tr class=\"unrated\"><td>Mean depth outside"));
		free(html);
	}
}

/* One in the singular in the pictures: a density cell holding one dot
 * (the known session has some), the work area's label for a session of
 * one deposit. */
static void test_picture_counts_of_one(void **state)
{
	struct report_session s = known_session(NULL);
	char *html;

	(void)state;
	html = render(&s);
	assert_non_null(strstr(html, "<title>1 dot, "));
	assert_null(strstr(html, "<title>1 dots, "));
	assert_non_null(strstr(html, " mm, with 12 deposits\">"));
	free(html);
	s.deposit_count = 1;
	html = render(&s);
	assert_non_null(strstr(html, " mm, with 1 deposit\">"));
	free(html);
}

/* A value that is 0 but for floating-point rounding reads 0, as review
 * and score print it (score_value_shown()): never 3.47e-16 nor -0.00. */
static void test_rounding_shown_as_zero(void **state)
{
	static const struct {
		enum score_metric k;
		double v;
		const char *cell;
	} cases[] = {
		{ SCORE_SIZE_CV, 3.474e-16, "<code>size-cv</code></td><td class=\"num\">0</td>" },
		{ SCORE_NN_CV, -1.58e-15, "<code>nn-cv</code></td><td class=\"num\">0</td>" },
		{ SCORE_DEPTH_ERROR_MEAN, -2e-17,
		  "<code>depth-error-mean</code></td><td class=\"num\">0.00 mm</td>" },
		{ SCORE_MERGED, -1e-18, "<code>merged</code></td><td class=\"num\">0.0 %</td>" },
		{ SCORE_SIZE_CV, 0.0125, "<code>size-cv</code></td><td class=\"num\">0.0125</td>" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct score_metrics m = metrics;
		struct report_session s = known_session(NULL);
		char *html;

		m.value[cases[i].k] = cases[i].v;
		m.valid[cases[i].k] = true;
		s.metrics = &m;
		html = render(&s);
		if (!strstr(html, cases[i].cell))
			fail_msg("%s: %.200s", cases[i].cell,
				 strstr(html, score_metric_name(cases[i].k)));
		free(html);
	}
}

/* The header's length of time and count of deposits (one in the
 * singular), as a person reads them. */
static void test_duration_text(void **state)
{
	static const struct {
		double s;
		size_t count;     /* SIZE_MAX: the known session's 12 */
		const char *text;
	} cases[] = {
		{ 0.5, SIZE_MAX, " \u00b7 0.5 s \u00b7 12 deposits" },
		{ 0.04, SIZE_MAX, " \u00b7 0.0 s \u00b7 12 deposits" },
		{ 9.94, SIZE_MAX, " \u00b7 9.9 s \u00b7 12 deposits" },
		{ 9.96, SIZE_MAX, " \u00b7 10 s \u00b7 12 deposits" },
		{ 59.4, SIZE_MAX, " \u00b7 59 s \u00b7 12 deposits" },
		{ 59.6, SIZE_MAX, " \u00b7 1 min 00 s \u00b7 12 deposits" },
		{ 95.5, SIZE_MAX, " \u00b7 1 min 36 s \u00b7 12 deposits" },
		{ 3599.7, SIZE_MAX, " \u00b7 60 min 00 s \u00b7 12 deposits" },
		{ 0, SIZE_MAX, " \u00b7 unknown \u00b7 12 deposits" },
		{ 95.5, 1, " \u00b7 1 min 36 s \u00b7 1 deposit \u00b7 device " },
		{ 95.5, 2, " \u00b7 1 min 36 s \u00b7 2 deposits \u00b7 device " },
		{ 95.5, 0, " \u00b7 1 min 36 s \u00b7 0 deposits \u00b7 device " },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report_session s = known_session(NULL);
		char *html;

		s.duration_s = cases[i].s;
		if (cases[i].count != SIZE_MAX)
			s.deposit_count = cases[i].count;
		html = render(&s);
		if (!strstr(html, cases[i].text))
			fail_msg("%g s: %.300s", cases[i].s, strstr(html, "<p class=\"meta\">"));
		free(html);
	}
}

/* The picture's axis (a view from above y = 0 labels it "0", never "-0"),
 * its scale bar and a caption that holds at any zoom. */
static void test_axes_and_scale(void **state)
{
	struct deposit deps[KNOWN_COUNT + 1];
	struct report_session s = known_session(NULL);
	const char *close, *svg;
	char *html;

	(void)state;
	memcpy(deps, known, sizeof(known));
	deps[KNOWN_COUNT] = known[IN_BAND_ID];
	deps[KNOWN_COUNT].id = KNOWN_COUNT;
	deps[KNOWN_COUNT].y_mm = -4;
	s.deposits = deps;
	s.deposit_count = KNOWN_COUNT + 1;
	html = render(&s);
	svg = scalp_svg(html, &close);
	assert_true(picture_of(html).vb[1] < -4 && picture_of(html).vb[1] > -10);
	assert_null(strstr(html, ">-0<"));
	assert_int_equal(count_in(svg, close, "\">0</text>\n"), 1);
	free(html);

	s = known_session(NULL);
	html = render(&s);
	svg = scalp_svg(html, &close);
	assert_null(strstr(html, "pixels to the mm"));
	assert_non_null(strstr(html, "<figcaption>Drawn to scale: the bar is 5 mm, the grid "
			       "lines 5 mm apart; the forehead is at the top, x runs to the "
			       "trainee&#39;s right. Point at a dot for its details.</figcaption>"));
	{
		const char *bar = strstr(svg, "<g class=\"scalebar\"><rect ");
		const char *end;

		assert_non_null(bar);
		assert_true(bar < close);
		end = strchr(bar + 22, '>');
		assert_near(attr_num(bar + 20, end, "width"), 5, 1e-9);
		assert_non_null(strstr(bar, "text-anchor=\"middle\">5 mm</text></g>"));
	}
	free(html);
}

/* Too close and gap faults marked where they are: a line from dot 4 to
 * dot 0, the earlier dot it crowds; a square round dot 9. */
static void test_spacing_marks(void **state)
{
	struct report_session s = known_session(NULL);
	char *html = render(&s);
	const char *close, *svg = scalp_svg(html, &close);

	(void)state;
	assert_int_equal(count_in(svg, close, "<line class=\"too-close\""), 1);
	assert_non_null(strstr(svg, "<line class=\"too-close\" data-dot=\"4\" data-to=\"0\" "
				    "x1=\"70.3000\" y1=\"12.1000\" x2=\"70.0000\" y2=\"12.0000\"/>"));
	assert_int_equal(count_in(svg, close, "<rect class=\"gap\""), 1);
	assert_non_null(strstr(svg, "<rect class=\"gap\" data-dot=\"9\" x=\"94.4950\" "
				    "y=\"21.4950\" width=\"1.0100\" height=\"1.0100\"/>"));
	free(html);
}

/* The legend's entries, exactly those the picture draws. */
static void test_legend_is_what_is_drawn(void **state)
{
	static const struct {
		const char *kind, *drawn;       /* a legend entry and what draws it */
	} marks[] = {
		{ "in-band", "<circle class=\"dot in-band" },
		{ "shallow", "<circle class=\"dot shallow" },
		{ "deep", "<circle class=\"dot deep" },
		{ "overdeep", "<circle class=\"dot overdeep" },
		{ "merged", " merged\" data-id=" },
		{ "outside", "<circle class=\"outside-ring\"" },
		{ "line", " line\" data-id=" },
		{ "blur", "<circle class=\"blur\"" },
		{ "too-close", "<line class=\"too-close\"" },
		{ "gap", "<rect class=\"gap\"" },
		{ "zone", "<polygon class=\"zone\"" },
		{ "hairline", "<polyline class=\"hairline\"" },
	};
	static const size_t two_dots[] = { 7, 8 };
	struct deposit few[2], off[2];

	(void)state;
	for (size_t i = 0; i < 2; i++)
		few[i] = off[i] = known[two_dots[i]];
	/* A dot made 4 mm off the scalp's left edge widens the picture past
	 * the scalp model: the grey there is in the legend, only then. */
	off[1].x_mm = -4;
	for (int which = 0; which < 3; which++) {
		struct report_session s = known_session(NULL);
		const char *close, *svg, *legend, *legend_end;
		char *html;
		char key[64];
		size_t entries = 0, kinds = 0;

		if (which >= 1) {
			s.deposits = which == 1 ? few : off;
			s.deposit_count = 2;
		}
		html = render(&s);
		svg = scalp_svg(html, &close);
		legend = strstr(html, "<div class=\"legend\">");
		assert_non_null(legend);
		legend_end = strstr(legend, "</div>");
		{
			double x0, y0, w, h;
			const char *vb = strstr(svg, "viewBox=\"");
			bool past;

			assert_non_null(vb);
			assert_int_equal(sscanf(vb, "viewBox=\"%lf %lf %lf %lf", &x0, &y0, &w, &h), 4);
			past = x0 < 0 || y0 < 0 || x0 + w > ls.scalp.width_mm ||
			       y0 + h > ls.scalp.height_mm;
			assert_int_equal(past, which == 2);
			assert_int_equal(count_in(legend, legend_end, "<li data-kind=\"off-scalp\">"
						  "<svg class=\"swatch\" width=\"18\" height=\"18\" "
						  "viewBox=\"-9 -9 18 18\"><rect class=\"off-scalp\""),
					 past);
			if (past)
				assert_non_null(strstr(legend, "Beyond the scalp model (grey)</li>"));
		}
		for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
			const char *at = strstr(svg, marks[k].drawn);
			bool drawn = at && at < close;

			snprintf(key, sizeof(key), "<li data-kind=\"%s\">", marks[k].kind);
			if (drawn != (count_in(legend, legend_end, key) == 1))
				fail_msg("session %d: %s drawn %d, in the legend %zu", which,
					 marks[k].kind, drawn, count_in(legend, legend_end, key));
			kinds += drawn;
		}
		/* The regions: as many listed as drawn, fewer than the model has. */
		assert_int_equal(count_in(legend, legend_end, "<li data-kind=\"region\">"),
				 count_in(svg, close, "<polygon class=\"region\""));
		assert_true(count_in(svg, close, "<polygon class=\"region\"") > 0);
		assert_true(count_in(svg, close, "<polygon class=\"region\"") <
			    ls.scalp.region_count);
		entries = count_in(legend, legend_end, "<li ");
		assert_int_equal(entries, kinds + count_in(svg, close, "<polygon class=\"region\"") +
				 (which == 2));
		assert_int_equal(kinds, which == 0 ? 12 : 3);
		free(html);
	}
}

/* ---- colour-blind readers ---- */

/* An sRGB colour's CIELAB (D65) as a reader with the deficiency of the
 * matrix @p m would see it: Machado, Oliveira and Fernandes's simulation
 * (2009, severity 1) applied to linear RGB. */
static void seen_lab(unsigned rgb, const double m[3][3], double lab[3])
{
	double lin[3], sim[3], xyz[3], f[3];
	const double white[3] = { 0.95047, 1.0, 1.08883 };

	for (int i = 0; i < 3; i++) {
		double c = (rgb >> (16 - 8 * i) & 0xff) / 255.0;

		lin[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
	}
	for (int i = 0; i < 3; i++)
		sim[i] = fmin(1, fmax(0, m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2]));
	xyz[0] = 0.4124 * sim[0] + 0.3576 * sim[1] + 0.1805 * sim[2];
	xyz[1] = 0.2126 * sim[0] + 0.7152 * sim[1] + 0.0722 * sim[2];
	xyz[2] = 0.0193 * sim[0] + 0.1192 * sim[1] + 0.9505 * sim[2];
	for (int i = 0; i < 3; i++) {
		double t = xyz[i] / white[i];

		f[i] = t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116;
	}
	lab[0] = 116 * f[1] - 16;
	lab[1] = 500 * (f[0] - f[1]);
	lab[2] = 200 * (f[1] - f[2]);
}

/* The merged ring sits on a dot's fill: under deuteranopia and
 * protanopia it stays a CIE76 distance of 40 or more from every depth
 * class's fill. Okabe & Ito's reddish purple came within 18 of the
 * in-band green under deuteranopia, its lightness within 7. */
static void test_ring_apart_for_colour_blind(void **state)
{
	static const struct {
		const char *name;
		double m[3][3];
	} cvd[] = {
		{ "deuteranopia", { { 0.367322, 0.860646, -0.227968 },
				    { 0.280085, 0.672501, 0.047413 },
				    { -0.011820, 0.042940, 0.968881 } } },
		{ "protanopia", { { 0.152286, 1.052583, -0.204868 },
				  { 0.114503, 0.786281, 0.099216 },
				  { -0.003882, -0.048116, 1.051998 } } },
	};
	static const enum deposit_depth_class fills[] = {
		DEPOSIT_SHALLOW, DEPOSIT_IN_BAND, DEPOSIT_DEEP, DEPOSIT_OVERDEEP,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cvd) / sizeof(cvd[0]); i++)
		for (size_t k = 0; k < sizeof(fills) / sizeof(fills[0]); k++) {
			double a[3], b[3], de;

			seen_lab(REPORT_MERGED_RGB, cvd[i].m, a);
			seen_lab(report_depth_rgb(fills[k]), cvd[i].m, b);
			de = sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
				  (a[2] - b[2]) * (a[2] - b[2]));
			print_message("%s: merged ring on %s, delta E %.0f\n", cvd[i].name,
				      deposit_depth_class_name(fills[k]), de);
			if (de < 40)
				fail_msg("%s: the merged ring on %s: delta E %.1f", cvd[i].name,
					 deposit_depth_class_name(fills[k]), de);
		}
	/* The stylesheet draws it in the same colour as the raster. */
	{
		struct report_session s = known_session(NULL);
		char *html = render(&s), want[64];

		snprintf(want, sizeof(want), ".dot.merged{stroke:#%06x}", REPORT_MERGED_RGB);
		assert_non_null(strstr(html, want));
		free(html);
	}
}

/* ---- a dense session ---- */

#define DENSE_COUNT 100000
#define DENSE_LIMIT (5u * 1000 * 1000)

/* 100 000 deposits scattered over 200 by 150 mm in every class, flag and
 * size (a fixed linear congruential sequence): a worst case for the
 * picture's compression. */
static uint32_t next_random(uint64_t *x)
{
	*x = *x * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(*x >> 33);
}

static struct deposit *dense_deposits(void)
{
	struct deposit *d = calloc(DENSE_COUNT, sizeof(*d));
	uint64_t x = 16;

	assert_non_null(d);
	for (size_t i = 0; i < DENSE_COUNT; i++) {
		d[i].id = (uint32_t)i;
		d[i].down_us = (int64_t)i * 250000;
		d[i].x_mm = (double)(next_random(&x) % 200000) / 1000;
		d[i].y_mm = (double)(next_random(&x) % 150000) / 1000;
		d[i].depth_mm = 0.3 + (double)(next_random(&x) % 1500) / 1000;
		d[i].diameter_mm = 0.2 + (double)(next_random(&x) % 300) / 1000;
		d[i].depth_class = (enum deposit_depth_class)(next_random(&x) % 4);
		d[i].kind = next_random(&x) % 50 == 0 ? DEPOSIT_LINE : DEPOSIT_DOT;
		if (next_random(&x) % 16 == 0)
			d[i].faults |= DEPOSIT_OUTSIDE_ZONE;
		if (next_random(&x) % 8 == 0)
			d[i].faults |= DEPOSIT_MERGED;
		if (d[i].depth_class >= DEPOSIT_DEEP)
			d[i].blur_mm = (double)(next_random(&x) % 200) / 1000;
	}
	/* Next to last, over the others: a small dot outside the zone, its
	 * fill (REPORT_MIN_FILL_PX at least) then a gap then its ring. */
	d[DENSE_COUNT - 2] = known[5];
	d[DENSE_COUNT - 2].id = DENSE_COUNT - 2;
	d[DENSE_COUNT - 2].down_us = (int64_t)(DENSE_COUNT - 2) * 250000;
	d[DENSE_COUNT - 2].x_mm = 120;
	d[DENSE_COUNT - 2].y_mm = 90;
	/* The last, over the others: one big known dot, checked by its pixels. */
	d[DENSE_COUNT - 1] = known[IN_BAND_ID];
	d[DENSE_COUNT - 1].id = DENSE_COUNT - 1;
	d[DENSE_COUNT - 1].down_us = (int64_t)(DENSE_COUNT - 1) * 250000;
	d[DENSE_COUNT - 1].diameter_mm = 2;
	return d;
}

static int b64_value(char c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

/* Decodes the base64 in [s, end) into the file @p path. */
static void b64_to_file(const char *s, const char *end, const char *path)
{
	FILE *f = fopen(path, "wb");
	unsigned v = 0;
	int bits = 0;

	assert_non_null(f);
	for (; s < end && *s != '='; s++) {
		int c = b64_value(*s);

		assert_true(c >= 0);
		v = (v << 6) | (unsigned)c;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			fputc((int)((v >> bits) & 0xff), f);
		}
	}
	assert_int_equal(fclose(f), 0);
}

/* 100 000 deposits: a page under 5 MB, the dots one PNG layer at twice the
 * picture's pixels (the known dot in its class's colour where the viewBox
 * puts it), every deposit a line of the data, exactly. */
static void test_dense_session_is_small(void **state)
{
	struct deposit *d = dense_deposits();
	struct report_session s = known_session(NULL);
	char *html, png_path[PATH_MAX], line[160];
	const char *close, *svg, *img, *uri, *q, *data, *data_end;
	struct picture p;
	struct image im;
	size_t size, lines = 0;
	struct timespec t0, t1;

	(void)state;
	s.deposits = d;
	s.deposit_count = DENSE_COUNT;
	s.metrics = NULL;
	s.result = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	html = render(&s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	size = strlen(html);
	/* Said, not asserted: timing depends on the machine. */
	print_message("%d deposits: %zu bytes in %.2f s\n", DENSE_COUNT, size,
		      (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	assert_true(size < DENSE_LIMIT);
	check_well_formed(html);
	svg = scalp_svg(html, &close);
	p = picture_of(html);
	q = strstr(svg, "<circle class=\"dot ");
	assert_true(!q || q > close);        /* none in the picture */
	img = strstr(svg, "<image class=\"dots-raster\" ");
	assert_non_null(img);
	assert_true(img < close);
	assert_null(strstr(img + 1, "<image "));
	uri = strstr(img, "href=\"data:image/png;base64,");
	assert_non_null(uri);
	uri += strlen("href=\"data:image/png;base64,");
	q = strchr(uri, '"');
	snprintf(png_path, sizeof(png_path), "%s/dots.png", tmp_files_dir());
	b64_to_file(uri, q, png_path);
	read_png(png_path, &im);
	assert_int_equal(im.w, (png_uint_32)p.wpx * 2);
	assert_int_equal(im.h, (png_uint_32)p.hpx * 2);
	{
		double k = im.w / p.vb[2];
		const struct deposit *last = &d[DENSE_COUNT - 1];
		struct rgb got = pixel(&im, lround((last->x_mm - p.vb[0]) * k - 0.5),
				       lround((last->y_mm - p.vb[1]) * k - 0.5));
		const struct rgb want = { 0x00, 0x9e, 0x73 };

		if (!near(got, want, 0))
			fail_msg("the known dot: #%02x%02x%02x", got.r, got.g, got.b);
		/* The small outside dot: green at its centre (a 3 px black ring
		 * on its edge covered it whole), black where its ring is. */
		last = &d[DENSE_COUNT - 2];
		{
			double cx = (last->x_mm - p.vb[0]) * k, cy = (last->y_mm - p.vb[1]) * k;
			double fill = fmax(last->diameter_mm / 2 * k,
					   REPORT_MIN_FILL_PX * REPORT_RASTER_SCALE);
			double ring = fill + (REPORT_OUTSIDE_GAP_PX + REPORT_OUTSIDE_PX / 2) *
				      REPORT_RASTER_SCALE;
			const struct rgb black = { 0, 0, 0 };
			struct rgb centre = pixel(&im, lround(cx - 0.5), lround(cy - 0.5));
			size_t on_ring = 0, black_on_ring = 0;

			/* The ring is under every fill: the neighbours' cover some. */
			for (long y = lround(cy - ring - 3); y <= lround(cy + ring + 3); y++)
				for (long x = lround(cx - ring - 3); x <= lround(cx + ring + 3); x++) {
					double dx = x + 0.5 - cx, dy = y + 0.5 - cy;

					if (fabs(sqrt(dx * dx + dy * dy) - ring) > 0.5)
						continue;
					on_ring++;
					black_on_ring += near(pixel(&im, x, y), black, 0);
				}
			print_message("small outside dot: fill %.1f px, centre #%02x%02x%02x, "
				      "%zu of %zu pixels on its ring black\n", fill, centre.r,
				      centre.g, centre.b, black_on_ring, on_ring);
			assert_true(near(centre, want, 0));
			assert_true(black_on_ring * 4 >= on_ring);
		}
	}
	free(im.px);
	unlink(png_path);
	/* Every deposit in the data, in order, the known one last, exactly;
	 * each coded column with its key (the faults a sum of bits). */
	data = strstr(html, "<template class=\"deposit-data\" data-columns=\"time_ms,x_mm,"
			    "y_mm,depth_mm,diameter_mm,blur_mm,depth_class,kind,faults\" "
			    "data-depth-class=\"s shallow, i in-band, d deep, o overdeep\" "
			    "data-kind=\"0 dot, 1 drag line\" data-faults=\"the sum of 1 merged, "
			    "2 too-close, 4 gap, 8 outside-zone, 16 tail, 32 oblique, 64 drag-line, "
			    "128 shallow, 256 overdeep\">\n");
	assert_non_null(data);
	data = strchr(data, '>') + 2;
	data_end = strstr(data, "</template>");
	assert_non_null(data_end);
	for (const char *c = data; c < data_end; c++)
		lines += *c == '\n';
	assert_int_equal(lines, DENSE_COUNT);
	snprintf(line, sizeof(line), "\n24999750,70,12,0.8,2,0,i,0,0\n</template>");
	assert_memory_equal(data_end + strlen("</template>") - strlen(line), line, strlen(line));
	free(html);
	free(d);
}

static void test_trainee_trend(void **state)
{
	const struct report_attempt hairline[] = {
		{ .session = 3, .started = 1700000000, .scored = true, .score = 38,
		  .status = "complete", .deposits = 412 },
		{ .session = 5, .started = 1700090000, .scored = false, .status = "interrupted",
		  .deposits = 120 },
		{ .session = 8, .started = 1700190000, .scored = true, .score = 64,
		  .status = "complete", .deposits = 650 },
		{ .session = 9, .started = 1700290000, .scored = true, .score = 81, .passed = true,
		  .status = "complete", .deposits = 688 },
	};
	const struct report_attempt depth[] = {
		{ .session = 1, .started = 1699900000, .scored = true, .score = 74, .passed = true,
		  .status = "complete", .deposits = 100 },
	};
	const struct report_lesson_trend lessons[] = {
		{ "depth-taps", "Depth control taps", depth, 1 },
		{ "soft-hairline", "A soft natural hairline", hairline, 4 },
	};
	struct report_trainee t = { ROBERT, lessons, 2, 1700300000 };
	char *buf = NULL;
	size_t size = 0, charts = 0, points = 0;
	FILE *f = open_memstream(&buf, &size);

	(void)state;
	assert_non_null(f);
	assert_int_equal(report_html_trainee(f, &t), 0);
	fclose(f);
	check_well_formed(buf);
	check_self_contained(buf);
	assert_non_null(strstr(buf, "<span class=\"trainee\"><bdi>" ROBERT_HTML "</bdi></span>"));
	assert_non_null(strstr(buf, "<title>Progress of \xe2\x81\xa8" ROBERT_HTML
			       "\xe2\x81\xa9</title>"));
	assert_null(strstr(buf, ROBERT));
	for (const char *c = buf; (c = strstr(c, "<svg class=\"trend\"")); c++)
		charts++;
	assert_int_equal(charts, 2);
	for (const char *c = buf; (c = strstr(c, "<circle class=\"attempt ")); c++)
		points++;
	/* Five attempts and the keys' four swatches. */
	assert_int_equal(points, 5 + 4);
	assert_non_null(strstr(buf, "<circle class=\"attempt unscored\""));
	/* Under each chart, what its marks mean, those it holds: the hollow
	 * circle on the 0 line is an attempt not scored, not a 0. */
	assert_non_null(strstr(buf, "</svg>\n<p class=\"trend-key\"><span data-kind=\"pass\">"
				    "<svg class=\"swatch\" width=\"14\" height=\"14\" viewBox="
				    "\"-7 -7 14 14\"><circle class=\"attempt pass\" r=\"5\"/></svg>"
				    "passed</span></p>\n"));
	assert_non_null(strstr(buf, "</svg>\n<p class=\"trend-key\"><span data-kind=\"pass\">"
				    "<svg class=\"swatch\" width=\"14\" height=\"14\" viewBox="
				    "\"-7 -7 14 14\"><circle class=\"attempt pass\" r=\"5\"/></svg>"
				    "passed</span><span data-kind=\"fail\"><svg class=\"swatch\" "
				    "width=\"14\" height=\"14\" viewBox=\"-7 -7 14 14\"><circle "
				    "class=\"attempt fail\" r=\"5\"/></svg>failed</span><span "
				    "data-kind=\"unscored\"><svg class=\"swatch\" width=\"14\" "
				    "height=\"14\" viewBox=\"-7 -7 14 14\"><circle class=\"attempt "
				    "unscored\" r=\"4\"/></svg>not scored (no score: drawn on the 0 "
				    "line)</span></p>\n"));
	/* No pass line, no pass mark column: passing is by requirements. */
	assert_null(strstr(buf, "passmark"));
	assert_null(strstr(buf, "Pass mark"));
	assert_non_null(strstr(buf, "<th class=\"num\">Passed</th></tr></thead>"));
	/* The line joins the three scored attempts of the hairline lesson. */
	assert_non_null(strstr(buf, "<polyline class=\"scores\" points=\"58.0,114.4 "
				    "398.0,72.3 568.0,44.8\"/>"));
	free(buf);

	t.name = UNICODE_NAME;
	f = open_memstream(&buf, &size);
	assert_non_null(f);
	assert_int_equal(report_html_trainee(f, &t), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(buf, "<span class=\"trainee\"><bdi>" UNICODE_NAME "</bdi></span>"));
	free(buf);
}

/* ---- smpsim report, through the trainee record ---- */

static struct child_result run_report(const char *db, const char *what, const char *arg,
				      const char *out)
{
	const char *argv[] = { SMPSIM_BINARY, "report", what, arg, "-o", out, "--force", "--db",
			       db, NULL };
	struct child_result res;

	assert_int_equal(child_run(argv, NULL, &res), 0);
	return res;
}

/* Stores the first @p n known deposits in @p session, half a second apart. */
static void add_known(struct store *st, int64_t session, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct deposit d = known[i];
		size_t r = scalp_region_at(&ls.scalp, d.x_mm, d.y_mm);

		d.down_us = (int64_t)i * 500000;
		d.up_us = d.down_us + 150000;
		d.region = r;
		assert_int_equal(store_session_add_deposit(st, session, &d,
				 r == SCALP_NO_REGION ? NULL : ls.scalp.regions[r].id), 0);
	}
}

/* A record with the known session, complete and scored, and a session a
 * program left unfinished (marked interrupted when the store closes, and
 * replayed from a recording, which its page flags),
 * both stored with @p lesson_text as their lesson's file (NULL: today's). */
static void make_record(const char *db, const char *lesson_text, int64_t *complete,
			int64_t *interrupted)
{
	char lpath[4096], err[512];
	struct store_session_info info = {
		.lesson_id = lesson.id, .lesson_title = lesson.title,
		.device_name = "Wacom <Cintiq> 13HD & \"pen\"", .device_id = "056a:0304",
		.mapping = { 20, 0, 1, 0 }, .mapping_source = "lesson",
	};
	struct store *st;
	char *text;
	int64_t trainee;

	assert_int_equal(lesson_find(SMPSIM_DATA_DIR, lesson.id, lpath, sizeof(lpath), err,
				     sizeof(err)), 0);
	text = lesson_text ? strdup(lesson_text) : tmp_files_read(lpath, NULL);
	assert_non_null(text);
	info.lesson_text = text;
	info.lesson_text_size = strlen(text);
	if (store_open(db, &st, NULL, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_trainee_add(st, ROBERT, &trainee), 0);
	info.trainee = trainee;
	info.view_mode = STORE_VIEW_SHOWN;
	assert_int_equal(store_session_begin(st, &info, complete), 0);
	info.view_mode = STORE_VIEW_NONE;
	add_known(st, *complete, KNOWN_COUNT);
	assert_int_equal(store_session_end(st, *complete, 95.5, &metrics, &result), 0);
	info.mapping_source = NULL;     /* as a session from before version 3 */
	info.origin = STORE_ORIGIN_REPLAYED;
	assert_int_equal(store_session_begin(st, &info, interrupted), 0);
	add_known(st, *interrupted, 4);
	store_close(st);      /* the second session was never ended */
	free(text);
}

static void test_report_command(void **state)
{
	char db[PATH_MAX], out[PATH_MAX], num[32], *html;
	struct child_result res;
	int64_t complete, interrupted;

	(void)state;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	snprintf(out, sizeof(out), "%s/out.html", tmp_files_dir());
	make_record(db, NULL, &complete, &interrupted);

	/* The complete session: every stored deposit drawn, the stored score. */
	snprintf(num, sizeof(num), "%lld", (long long)complete);
	res = run_report(db, "--session", num, out);
	if (res.status != 0)
		fail_msg("smpsim report: %d: %s", res.status, res.err);
	assert_non_null(strstr(res.out, out));
	child_result_free(&res);
	html = tmp_files_read(out, NULL);
	check_well_formed(html);
	check_self_contained(html);
	check_dots(html, known, KNOWN_COUNT);
	assert_non_null(strstr(html, "<b class=\"trainee\"><bdi>" ROBERT_HTML "</bdi></b>"));
	assert_non_null(strstr(html, "device <bdi>Wacom &lt;Cintiq&gt; 13HD &amp; &quot;pen&quot; "
				     "(056a:0304)</bdi> \u00b7 the live view \u00b7 pad on scalp "
				     "the lesson&#39;s (--mapping 20,0,1,0) \u00b7 "
				     "<span class=\"origin\">live</span> \u00b7 required levels: "
				     "the lesson file&#39;s own levels \u00b7 complete"));
	assert_non_null(strstr(html, "<div class=\"verdict fail\">FAIL</div>"));
	assert_null(strstr(html, "class=\"note\""));   /* drawn on the stored lesson */
	free(html);

	/* The interrupted one: scored for the page from its deposits, and said so. */
	snprintf(num, sizeof(num), "%lld", (long long)interrupted);
	res = run_report(db, "--session", num, out);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
	html = tmp_files_read(out, NULL);
	check_dots(html, known, 4);
	assert_non_null(strstr(html, "<p class=\"note\">This session was interrupted."));
	assert_non_null(strstr(html, "\u00b7 pad on scalp pad corner on the scalp&#39;s origin, "
				     "1:1 (stored before the record kept the mapping) \u00b7 "
				     "<span class=\"origin\">replayed from a recording (does not "
				     "count towards proficiency)</span> \u00b7 interrupted</p>"));
	/* Its state where PASS or FAIL would be (issue 16), as review has it:
	 * not a failed attempt. */
	assert_interrupted_badge(html);
	free(html);
	{
		const char *argv[] = { SMPSIM_BINARY, "review", "--session", num, "--db", db,
				       NULL };

		assert_int_equal(child_run(argv, NULL, &res), 0);
		assert_int_equal(res.status, 0);
		assert_non_null(strstr(res.out, "\nscore       not scored\n"));
		child_result_free(&res);
	}

	/* The trainee: one lesson, two attempts, the second never scored. */
	res = run_report(db, "--trainee", ROBERT, out);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
	html = tmp_files_read(out, NULL);
	check_well_formed(html);
	check_self_contained(html);
	assert_non_null(strstr(html, "<span class=\"trainee\"><bdi>" ROBERT_HTML "</bdi></span>"));
	assert_non_null(strstr(html, "<circle class=\"attempt fail\""));
	assert_non_null(strstr(html, "<circle class=\"attempt unscored\""));
	free(html);

	/* What the record does not have: exit 2, said, no page. */
	unlink(out);
	res = run_report(db, "--session", "999", out);
	assert_int_equal(res.status, 2);
	assert_non_null(strstr(res.err, "there is no session 999"));
	child_result_free(&res);
	res = run_report(db, "--trainee", "Nobody", out);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.err, "smpsim report: no trainee named 'Nobody' (see 'smpsim "
			    "trainee list')\n");
	child_result_free(&res);
	snprintf(db, sizeof(db), "%s/no-such.db", tmp_files_dir());
	res = run_report(db, "--session", "1", out);
	assert_int_equal(res.status, 1);  /* as review and export */
	{
		char said[PATH_MAX + 128];

		snprintf(said, sizeof(said), "smpsim report: %s: no such database (it is made "
			 "by 'smpsim trainee add')\n", db);
		assert_string_equal(res.err, said);
	}
	child_result_free(&res);
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(access(db, F_OK), -1);        /* not made by a report */
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	unlink(db);
	/* The store's companions (-wal, -shm, -live) go with the folder. */
}

/* ---- the lesson a session ran on, as the record stores it ---- */

/* Runs "smpsim report --session 1" on @p db into @p out with TMPDIR
 * @p tmpdir, as nobody when the test runs as root (who may write
 * anywhere), and gives back the page. */
static char *report_with_tmpdir(const char *db, const char *out, const char *tmpdir)
{
	const char *argv[24];
	char env_tmp[PATH_MAX + 8];
	const char *env[] = { env_tmp, "TZ=UTC", NULL };
	const char *args[] = { SMPSIM_BINARY, "report", "--session", "1", "-o", out,
			       "--force", "--db", db, NULL };
	struct child_result res;
	size_t n = 0;

	n += child_as_nobody(argv + n);
	for (size_t i = 0; args[i]; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	snprintf(env_tmp, sizeof(env_tmp), "TMPDIR=%s", tmpdir);
	unlink(out);
	assert_int_equal(child_run(argv, env, &res), 0);
	if (res.status != 0 || res.err[0])
		fail_msg("smpsim report (TMPDIR=%s): exit %d: %s", tmpdir, res.status, res.err);
	child_result_free(&res);
	return tmp_files_read(out, NULL);
}

/* The folder holds nothing. */
static void assert_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fail_msg("%s/%s was made", dir, e->d_name);
	closedir(d);
}

/* A session's page is drawn on the lesson file it ran on, as the record
 * keeps it (here its title changed since), read from the record in
 * memory: the same page whether $TMPDIR may be written or not, and
 * nothing made there. A stored copy that no longer loads is named as the
 * stored lesson, at its line, in the page's note. */
static void test_report_stored_lesson(void **state)
{
	char base[] = "/tmp/smpsim-report-XXXXXX", db[PATH_MAX], out[PATH_MAX];
	char open_tmp[PATH_MAX], shut_tmp[PATH_MAX], lpath[PATH_MAX], err[512];
	char *today, *stored, *title, *page, *other;
	int64_t complete, interrupted;

	(void)state;
	assert_non_null(mkdtemp(base));
	assert_int_equal(chmod(base, 0755), 0);  /* nobody reaches in */
	snprintf(db, sizeof(db), "%s/record.db", base);
	snprintf(out, sizeof(out), "%s/out", base);
	snprintf(open_tmp, sizeof(open_tmp), "%s/open-tmp", base);
	snprintf(shut_tmp, sizeof(shut_tmp), "%s/shut-tmp", base);
	assert_int_equal(mkdir(out, 0777), 0);
	assert_int_equal(chmod(out, 0777), 0);
	strcat(out, "/page.html");
	assert_int_equal(mkdir(open_tmp, 0777), 0);
	assert_int_equal(chmod(open_tmp, 0777), 0);
	assert_int_equal(mkdir(shut_tmp, 0555), 0);   /* nobody may write in it */

	/* The lesson as it was: today's with another title. */
	assert_int_equal(lesson_find(SMPSIM_DATA_DIR, lesson.id, lpath, sizeof(lpath), err,
				     sizeof(err)), 0);
	today = tmp_files_read(lpath, NULL);
	title = strstr(today, "\ntitle: ");
	assert_non_null(title);
	stored = malloc(strlen(today) + 32);
	assert_non_null(stored);
	sprintf(stored, "%.*s\ntitle: The hairline as it was%s", (int)(title - today), today,
		strchr(title + 1, '\n'));
	make_record(db, stored, &complete, &interrupted);
	assert_int_equal(complete, 1);

	page = report_with_tmpdir(db, out, open_tmp);
	assert_non_null(strstr(page, "The hairline as it was"));
	assert_null(strstr(page, "class=\"note\""));
	other = report_with_tmpdir(db, out, shut_tmp);
	assert_string_equal(other, page);
	assert_empty(open_tmp);
	assert_empty(shut_tmp);
	free(other);
	free(page);
	unlink(db);

	/* A stored copy that no longer loads: today's file, and why not. */
	sprintf(stored, "%.*s\ntitle: !!str The hairline as it was%s", (int)(title - today),
		today, strchr(title + 1, '\n'));
	make_record(db, stored, &complete, &interrupted);
	page = report_with_tmpdir(db, out, shut_tmp);
	assert_non_null(strstr(page, "<p class=\"note\">The lesson file this session ran on "
			       "could not be used (lesson soft-hairline as stored with session "
			       "1:8: tag &#39;!!str&#39; at column 8: tags are not read; write "
			       "the value without it): it is drawn on today&#39;s "
			       "soft-hairline.yaml.</p>"));
	assert_null(strstr(page, "The hairline as it was"));
	assert_empty(shut_tmp);
	free(page);
	free(stored);
	free(today);
	assert_int_equal(tmp_files_remove_tree(base), 0);
}

/* A session the tablet ended, interrupted and scored as it was stored:
 * review and the report both say so where PASS or FAIL would be, and the
 * list's pass column is "-" (instructor guide, "Interrupted sessions"). */
static void test_interrupted_scored_agrees(void **state)
{
	char db[PATH_MAX], out[PATH_MAX], err[512], num[32], lpath[4096], *html, *text;
	struct store_session_info info = {
		.lesson_id = lesson.id, .lesson_title = lesson.title,
		.device_name = "pen", .device_id = "056a:0304",
		.mapping = { 20, 0, 1, 0 }, .mapping_source = "lesson",
	};
	const char *list_argv[] = { SMPSIM_BINARY, "review", "--db", db, NULL };
	const char *one_argv[] = { SMPSIM_BINARY, "review", "--session", num, "--db", db, NULL };
	struct child_result res;
	struct store *st;
	int64_t trainee, id;

	(void)state;
	snprintf(db, sizeof(db), "%s/stopped.db", tmp_files_dir());
	snprintf(out, sizeof(out), "%s/stopped.html", tmp_files_dir());
	assert_int_equal(lesson_find(SMPSIM_DATA_DIR, lesson.id, lpath, sizeof(lpath), err,
				     sizeof(err)), 0);
	text = tmp_files_read(lpath, NULL);
	assert_non_null(text);
	info.lesson_text = text;
	info.lesson_text_size = strlen(text);
	if (store_open(db, &st, NULL, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_trainee_add(st, "Ana", &trainee), 0);
	info.trainee = trainee;
	info.origin = STORE_ORIGIN_LIVE;
	assert_int_equal(store_session_begin(st, &info, &id), 0);
	add_known(st, id, KNOWN_COUNT);
	assert_int_equal(store_session_set_ending(st, id, true, "the pen device went away"), 0);
	assert_int_equal(store_session_end(st, id, 95.5, &metrics, &result), 0);
	store_close(st);
	free(text);
	snprintf(num, sizeof(num), "%lld", (long long)id);

	assert_int_equal(child_run(one_argv, NULL, &res), 0);
	assert_int_equal(res.status, 0);
	if (!strstr(res.out, "\nscore       0.5 / 100: INTERRUPTED, not a failed attempt; not "
		    "scored as a pass or fail\n"))
		fail_msg("%s", res.out);
	/* What it had not reached when it stopped, as the page says: not
	 * "missed", a failed attempt's word. */
	if (!strstr(res.out, "\nnot reached completion ") || strstr(res.out, "\nmissed "))
		fail_msg("%s", res.out);
	child_result_free(&res);
	assert_int_equal(child_run(list_argv, NULL, &res), 0);
	assert_int_equal(res.status, 0);
	if (!strstr(res.out, "  soft-hairline    0.5  -         10  interrupted  live\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
	/* In JSON too: a score, and passed null as for no score, not false. */
	{
		const char *list_json[] = { SMPSIM_BINARY, "review", "--db", db, "--json", NULL };
		const char *one_json[] = { SMPSIM_BINARY, "review", "--session", num, "--db", db,
					   "--json", NULL };

		assert_int_equal(child_run(list_json, NULL, &res), 0);
		if (res.status != 0 || !strstr(res.out, "\"status\": \"interrupted\", \"score\": "
					       "0.489454334, \"passed\": null, \"deposits\": "))
			fail_msg("%s", res.out);
		child_result_free(&res);
		assert_int_equal(child_run(one_json, NULL, &res), 0);
		if (res.status != 0 || !strstr(res.out, ",\n  \"passed\": null,\n"))
			fail_msg("%s", res.out);
		child_result_free(&res);
	}

	res = run_report(db, "--session", num, out);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
	html = tmp_files_read(out, NULL);
	assert_interrupted_badge(html);
	assert_non_null(strstr(html, "pass or fail.</b><br><span class=\"score partial\">0<small>"
			       " / 100</small></span> partial score"));
	free(html);
	/* The trainee's page: neither a pass nor a fail either. */
	res = run_report(db, "--trainee", "Ana", out);
	assert_int_equal(res.status, 0);
	child_result_free(&res);
	html = tmp_files_read(out, NULL);
	assert_non_null(strstr(html, "<td class=\"num\">0</td><td>interrupted: not a pass or "
			       "fail</td>"));
	assert_non_null(strstr(html, "<circle class=\"attempt interrupted\""));
	free(html);
}

/* ---- chromium ---- */

/* The picture's content box: inside its 1 px border (#0b3c5d), found as
 * the first row with a run of border colour as wide as the picture. */
static void find_picture(const struct image *im, const struct picture *p, long *x0, long *y0)
{
	const struct rgb border = { 0x0b, 0x3c, 0x5d };

	for (png_uint_32 y = 0; y < im->h; y++) {
		long run = 0;

		for (png_uint_32 x = 0; x < im->w; x++) {
			run = near(pixel(im, x, y), border, 12) ? run + 1 : 0;
			if (run == p->wpx + 2) {
				*x0 = (long)x - run + 2;
				*y0 = (long)y + 1;
				/* The bottom border where the height puts it: no scaling. */
				assert_true(near(pixel(im, *x0 + p->wpx / 2, *y0 + p->hpx), border, 12));
				return;
			}
		}
	}
	fail_msg("the scalp picture's border was not found in the screenshot");
}

static void check_dot_colour(const struct image *im, const struct picture *p, long x0,
			     long y0, const struct deposit *d, struct rgb want)
{
	double ppm = p->wpx / p->vb[2];
	double fx = x0 + (d->x_mm - p->vb[0]) * ppm, fy = y0 + (d->y_mm - p->vb[1]) * ppm;
	long cx = lround(fx - 0.5), cy = lround(fy - 0.5);   /* the pixel holding the centre */
	struct rgb got = pixel(im, cx, cy);

	print_message("dot %u (%s): pixel (%ld, %ld), radius %.1f px: #%02x%02x%02x\n", d->id,
		      deposit_depth_class_name(d->depth_class), cx, cy, d->diameter_mm / 2 * ppm,
		      got.r, got.g, got.b);
	assert_true(d->diameter_mm / 2 * ppm >= 3);
	for (int dy = -1; dy <= 1; dy++)
		for (int dx = -1; dx <= 1; dx++)
			if (!near(pixel(im, cx + dx, cy + dy), want, 6))
				fail_msg("dot %u at (%ld, %ld): #%02x%02x%02x, not #%02x%02x%02x",
					 d->id, cx + dx, cy + dy, pixel(im, cx + dx, cy + dy).r,
					 pixel(im, cx + dx, cy + dy).g, pixel(im, cx + dx, cy + dy).b,
					 want.r, want.g, want.b);
}

/* The pixel nearest in colour to @p want whose centre lies between
 * @p r_in and @p r_out px of deposit @p d's centre on the screen. */
static struct rgb best_near(const struct image *im, const struct picture *p, long x0, long y0,
			    const struct deposit *d, double r_in, double r_out, struct rgb want)
{
	double ppm = p->wpx / p->vb[2];
	double fx = x0 + (d->x_mm - p->vb[0]) * ppm, fy = y0 + (d->y_mm - p->vb[1]) * ppm;
	struct rgb best = { -1000, -1000, -1000 };
	long bd = LONG_MAX;

	for (long y = (long)floor(fy - r_out); y <= (long)ceil(fy + r_out); y++)
		for (long x = (long)floor(fx - r_out); x <= (long)ceil(fx + r_out); x++) {
			double dx = x + 0.5 - fx, dy = y + 0.5 - fy, r = sqrt(dx * dx + dy * dy);
			struct rgb c = pixel(im, x, y);
			long dist = labs((long)c.r - want.r) + labs((long)c.g - want.g) +
				    labs((long)c.b - want.b);

			if (r < r_in || r > r_out || dist >= bd)
				continue;
			bd = dist;
			best = c;
		}
	return best;
}

/* What tells the classes apart on the screen: the fills of the depth
 * classes and the rings of the flags, each found where the viewBox puts
 * it, in its own colour, and every two of them far apart (so not hue
 * alone: the Okabe-Ito colours differ in lightness too). */
static void check_classes_distinct(const struct image *im, const struct picture *p, long x0,
				   long y0)
{
	static const struct {
		const char *name;
		size_t dot;
		double ring;          /* 0: the fill at the centre; else the ring's width, px,
				       * on the edge, or (negative) apart from it */
		struct rgb want;
	} cases[] = {
		{ "in-band", 0, 0, { 0x00, 0x9e, 0x73 } },
		{ "shallow", 1, 0, { 0xf0, 0xe4, 0x42 } },
		{ "deep", 2, 0, { 0xd5, 0x5e, 0x00 } },
		{ "overdeep", 3, 0, { 0x99, 0x00, 0x00 } },
		{ "merged ring", 4, 1.5, { 0x7b, 0x1f, 0xa2 } },
		{ "outside ring", 5, -1.5, { 0x00, 0x00, 0x00 } },
		{ "drag-line ring", 6, 2, { 0x56, 0xb4, 0xe9 } },
	};
	struct rgb got[sizeof(cases) / sizeof(cases[0])];
	double ppm = p->wpx / p->vb[2];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct deposit *d = &known[cases[i].dot];
		double r = d->diameter_mm / 2 * ppm;

		if (cases[i].ring < 0)    /* its centre line past the gap */
			r += REPORT_OUTSIDE_GAP_PX + REPORT_OUTSIDE_PX / 2;
		got[i] = cases[i].ring == 0 ? best_near(im, p, x0, y0, d, 0, 1, cases[i].want) :
			 best_near(im, p, x0, y0, d, r - fabs(cases[i].ring) / 2 + 0.3,
				   r + fabs(cases[i].ring) / 2 - 0.3, cases[i].want);
		print_message("%s: #%02x%02x%02x\n", cases[i].name, got[i].r, got[i].g, got[i].b);
		if (!near(got[i], cases[i].want, 8))
			fail_msg("%s: #%02x%02x%02x", cases[i].name, got[i].r, got[i].g, got[i].b);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t k = i + 1; k < sizeof(cases) / sizeof(cases[0]); k++) {
			double dr = got[i].r - got[k].r, dg = got[i].g - got[k].g;
			double db = got[i].b - got[k].b;

			if (sqrt(dr * dr + dg * dg + db * db) < 100)
				fail_msg("%s and %s look alike", cases[i].name, cases[k].name);
		}
}

/* An outside-zone dot keeps its depth class's colour: its fill whole,
 * then a gap with no black in it, then the thin black ring. A 3 px ring
 * on the edge of this 0.28 mm dot (5 px across) left a black blob. */
static void check_outside_dot(const struct image *im, const struct picture *p, long x0,
			      long y0)
{
	const struct deposit *d = &known[5];
	const struct rgb in_band = { 0x00, 0x9e, 0x73 }, black = { 0, 0, 0 };
	double ppm = p->wpx / p->vb[2], r = d->diameter_mm / 2 * ppm;
	double fx = x0 + (d->x_mm - p->vb[0]) * ppm, fy = y0 + (d->y_mm - p->vb[1]) * ppm;
	struct rgb gap = best_near(im, p, x0, y0, d, r + 0.6, r + REPORT_OUTSIDE_GAP_PX - 0.6,
				   black);
	size_t fill = 0;

	assert_int_equal(d->faults, DEPOSIT_OUTSIDE_ZONE);
	for (long y = (long)floor(fy - r); y <= (long)ceil(fy + r); y++)
		for (long x = (long)floor(fx - r); x <= (long)ceil(fx + r); x++) {
			double dx = x + 0.5 - fx, dy = y + 0.5 - fy;
			struct rgb c = pixel(im, x, y);

			if (dx * dx + dy * dy > (r - 0.8) * (r - 0.8))
				continue;
			if (!near(c, in_band, 8))
				fail_msg("outside dot's fill at (%ld, %ld): #%02x%02x%02x", x, y,
					 c.r, c.g, c.b);
			fill++;
		}
	print_message("outside dot: radius %.1f px, %zu fill pixels, darkest in the gap "
		      "#%02x%02x%02x\n", r, fill, gap.r, gap.g, gap.b);
	assert_true(fill >= 9);
	if (gap.r + gap.g + gap.b < 3 * 0x90)
		fail_msg("black in the gap: #%02x%02x%02x", gap.r, gap.g, gap.b);
}

/* The screenshot of @p s's page, @p height px tall, read back; @p p, when
 * not NULL, gets its picture's size. */
static void shoot_sized(const struct report_session *s, const char *name, int width,
			int height, struct image *im, struct picture *p)
{
	char html_path[PATH_MAX], png_path[PATH_MAX];
	char *html = render(s);
	FILE *f;

	snprintf(html_path, sizeof(html_path), "%s/%s.html", tmp_files_dir(), name);
	snprintf(png_path, sizeof(png_path), "%s/%s.png", tmp_files_dir(), name);
	f = fopen(html_path, "w");
	assert_non_null(f);
	assert_true(fputs(html, f) >= 0);
	assert_int_equal(fclose(f), 0);
	if (p)
		*p = picture_of(html);
	free(html);
	screenshot_sized(html_path, png_path, width, height);
	read_png(png_path, im);
	unlink(png_path);
	unlink(html_path);
}

static void shoot(const struct report_session *s, const char *name, int height,
		  struct image *im, struct picture *p)
{
	shoot_sized(s, name, 1100, height, im, p);
}

static size_t pixels_of(const struct image *im, struct rgb c)
{
	size_t n = 0;

	for (png_uint_32 y = 0; y < im->h; y++)
		for (png_uint_32 x = 0; x < im->w; x++)
			n += near(pixel(im, x, y), c, 0);
	return n;
}

/* The top of an interrupted session's page: the amber INTERRUPTED badge
 * where a failed one has its red FAIL. */
static void test_chromium_interrupted(void **state)
{
	const struct rgb fail_red = { 0xb3, 0x26, 0x1e }, amber = { 0xff, 0xf3, 0xcd };
	struct report_session s = known_session(NULL);
	struct image failed, stopped;
	size_t red_failed, red_stopped, amber_failed, amber_stopped;

	(void)state;
	shoot(&s, "failed", 400, &failed, NULL);
	s.status = "interrupted";
	shoot(&s, "interrupted", 400, &stopped, NULL);
	red_failed = pixels_of(&failed, fail_red);
	red_stopped = pixels_of(&stopped, fail_red);
	amber_failed = pixels_of(&failed, amber);
	amber_stopped = pixels_of(&stopped, amber);
	print_message("#b3261e: %zu failed, %zu interrupted; #fff3cd: %zu, %zu\n", red_failed,
		      red_stopped, amber_failed, amber_stopped);
	/* The FAIL badge is some 60 by 30 px of its red; what red is left on
	 * the interrupted page is the never-event's 4 px border. */
	assert_true(red_failed > red_stopped + 1000);
	assert_true(amber_stopped > 1000);
	assert_int_equal(amber_failed, 0);
	free(failed.px);
	free(stopped.px);
}

/* A session not scored (no dots) shows NOT SCORED in white on its grey
 * badge: it was grey italic on grey (the page's ".none" rule matched the
 * badge's class too), a contrast of 1.2 to 1. */
static void test_chromium_not_scored_badge(void **state)
{
	const struct rgb grey = { 0x66, 0x66, 0x66 }, white = { 0xff, 0xff, 0xff };
	struct report_session s = known_session(NULL);
	struct image im;
	long top = -1, bottom = -1, left = -1, right = -1;
	size_t light = 0;

	(void)state;
	s.metrics = NULL;
	s.result = NULL;
	s.deposit_count = 0;
	s.note = "Not scored: no dots were made.";
	shoot(&s, "not-scored", 400, &im, NULL);
	/* The badge: the rows with a run of its grey 60 px or longer (text
	 * in #666 elsewhere makes short runs only). */
	for (long y = 0; y < (long)im.h; y++)
		for (long x = 0, run = 0; x < (long)im.w; x++) {
			run = near(pixel(&im, x, y), grey, 0) ? run + 1 : 0;
			if (run == 60) {
				top = top < 0 ? y : top;
				bottom = y;
				left = left < 0 || x - 59 < left ? x - 59 : left;
			}
			if (run >= 60 && x > right)
				right = x;
		}
	print_message("the badge: (%ld, %ld) to (%ld, %ld)\n", left, top, right, bottom);
	assert_true(top >= 0 && right - left > 60 && bottom - top > 15);
	for (long y = top; y <= bottom; y++)
		for (long x = left; x <= right; x++)
			light += near(pixel(&im, x, y), white, 0);
	/* The letters' cores are white: some hundreds of pixels. */
	print_message("%zu white pixels in it\n", light);
	assert_true(light > 150);
	free(im.px);
}

/* On a phone's 400 px the score stays one line, "40 / 100": it wrapped
 * as "40 /" over "100", a score out of nothing at a glance. The FAIL
 * badge beside it is centred on the score's box (align-items: center):
 * on one line the badge's middle is the big digits' middle; wrapped, the
 * box grew by a line and the badge sat some 20 px below them. */
static void test_chromium_narrow_score(void **state)
{
	const struct rgb fail_red = { 0xb3, 0x26, 0x1e };
	struct report_session s = known_session(NULL);
	struct score_result r = result;
	struct image im;
	long top = -1, bottom = -1, left = -1, dtop = -1, dbottom = -1;

	(void)state;
	r.score = 40;     /* two digits, as a real failed session's */
	s.result = &r;
	shoot_sized(&s, "narrow", 400, 500, &im, NULL);
	/* The badge: the first rows of its red from the top, its left edge. */
	for (long y = 0; y < (long)im.h && (top < 0 || y <= top + 60); y++)
		for (long x = 0; x < (long)im.w; x++)
			if (near(pixel(&im, x, y), fail_red, 0)) {
				if (top < 0)
					top = y;
				bottom = y;
				left = left < 0 || x < left ? x : left;
			}
	assert_true(top > 0 && left > 40);
	/* The digits: the dark pixels left of the badge, from above it to its
	 * foot (below is the bold "Failed" line). */
	for (long y = top - 45 < 0 ? 0 : top - 45; y < bottom + 4 && y < (long)im.h; y++)
		for (long x = 0; x < left - 4; x++) {
			struct rgb c = pixel(&im, x, y);

			if (c.r < 0x40 && c.g < 0x40 && c.b < 0x40) {
				if (dtop < 0)
					dtop = y;
				dbottom = y;
			}
		}
	print_message("badge rows %ld-%ld, digits %ld-%ld\n", top, bottom, dtop, dbottom);
	assert_true(dtop >= 0);
	assert_true(labs((top + bottom) - (dtop + dbottom)) <= 12);
	free(im.px);
}

/* An interrupted session's top on a phone's 400 px: the words beside the
 * INTERRUPTED badge go under it, the width of the page, not down a
 * column a few words wide beside a badge as wide as half the screen. */
static void test_chromium_narrow_interrupted(void **state)
{
	struct report_session s = known_session(NULL);
	char path[PATH_MAX], *html, *boxes;
	int b[4], m[4], lines = 0;
	const char *meta;

	(void)state;
	s.status = "interrupted";
	html = render(&s);
	tmp_files_write("narrow-interrupted", "html", html, strlen(html), path, sizeof(path));
	free(html);
	boxes = layout_lines(path, 400, 700, ".scorebox>.verdict,.scorebox>.meta");
	print_message("%s\n", boxes);
	assert_int_equal(sscanf(boxes, "%d %d %d %d|INTERRUPTED\n", &b[0], &b[1], &b[2], &b[3]), 4);
	meta = strchr(boxes, '\n');
	assert_non_null(meta);
	assert_int_equal(sscanf(meta + 1, "%d %d %d %d|", &m[0], &m[1], &m[2], &m[3]), 4);
	for (const char *c = meta; *c; c++)
		lines += *c == '|';
	/* The badge one line, as wide as its word; the words under it. */
	assert_non_null(strstr(boxes, "|INTERRUPTED\n"));
	assert_true(b[2] - b[0] < 200);
	assert_true(m[1] >= b[3]);
	assert_true(m[2] - m[0] >= 300);
	assert_true(lines <= 6);
	unlink(path);
	free(boxes);
}

/* Printed, no page ends on a heading: "The work area" at the foot of a
 * page with its picture overleaf read as a section left empty. The note
 * under the title grows by three lines at a time, so the sections fall
 * at every height of the page; pdftotext gives each page's last line. */
static void test_chromium_print_keeps_headings(void **state)
{
	static const char *const headings[] = {
		"Work on", "The work area", "Deposits, at their diameter", "Rings and marks",
		"Lesson", "Scalp regions in the picture", "Density against the target",
		"Measures",
	};
	static const char sentence[] = "This long remark moves every section down the "
				       "page, one line of it after another, as a real "
				       "remark would. ";
	char html_path[PATH_MAX], pdf_path[PATH_MAX], note[sizeof(sentence) * 32];
	size_t ended = 0;

	(void)state;
	snprintf(html_path, sizeof(html_path), "%s/print.html", tmp_files_dir());
	snprintf(pdf_path, sizeof(pdf_path), "%s/print.pdf", tmp_files_dir());
	for (int lines = 0; lines <= 30; lines += 3) {
		struct report_session s = known_session(NULL);
		const char *argv[] = { "/usr/bin/pdftotext", "-layout", pdf_path, "-", NULL };
		struct child_result r;
		char *html, *page, *next;
		FILE *f;

		note[0] = '\0';
		for (int i = 0; i < lines; i++)
			strcat(note, sentence);
		s.note = note;
		html = render(&s);
		f = fopen(html_path, "w");
		assert_non_null(f);
		assert_true(fputs(html, f) >= 0);
		assert_int_equal(fclose(f), 0);
		free(html);
		print_to_pdf(html_path, pdf_path);
		assert_int_equal(child_run(argv, NULL, &r), 0);
		assert_int_equal(r.status, 0);
		for (page = r.out; page && *page; page = next) {
			char *last = NULL, *end;

			next = strchr(page, '\f');
			if (next)
				*next++ = '\0';
			for (char *line = page, *nl; line && *line; line = nl) {
				nl = strchr(line, '\n');
				if (nl)
					*nl++ = '\0';
				while (*line == ' ')
					line++;
				if (*line)
					last = line;
			}
			if (!last)
				continue;
			for (end = last + strlen(last); end > last && end[-1] == ' '; end--)
				;
			*end = '\0';
			for (size_t h = 0; h < sizeof(headings) / sizeof(headings[0]); h++)
				if (!strcmp(last, headings[h]))
					fail_msg("a note of %d sentences: a page ends on the "
						 "heading \"%s\"", lines, last);
			ended++;
		}
		child_result_free(&r);
	}
	print_message("%zu pages, none ending on a heading\n", ended);
	assert_true(ended >= 22);
}

/* A complete session of drag lines and no dot is stored unscored (issue
 * 16): its page shows NOT SCORED in grey where PASS or FAIL would be, no
 * score and no FAIL's red, as Chromium draws it. */
static void test_chromium_no_dots(void **state)
{
	static const struct deposit lines[] = {
		{ .id = 0, .x_mm = 72, .y_mm = 14, .depth_mm = 0.8, .diameter_mm = 0.3,
		  .tail_mm = 4, .kind = DEPOSIT_LINE, .depth_class = DEPOSIT_IN_BAND,
		  .faults = DEPOSIT_DRAG_LINE | DEPOSIT_TAIL },
		{ .id = 1, .x_mm = 82, .y_mm = 16, .depth_mm = 0.8, .diameter_mm = 0.3,
		  .tail_mm = 4, .kind = DEPOSIT_LINE, .depth_class = DEPOSIT_IN_BAND,
		  .faults = DEPOSIT_DRAG_LINE | DEPOSIT_TAIL },
	};
	const struct rgb fail_red = { 0xb3, 0x26, 0x1e }, grey = { 0x66, 0x66, 0x66 };
	struct score_dot dots[2];
	struct score_frame frame;
	struct score_metrics m;
	struct score_result r;
	struct report_session s = known_session(NULL);
	struct image im;
	char *html;

	(void)state;
	for (size_t i = 0; i < 2; i++)
		dots[i] = (struct score_dot){ .x_mm = lines[i].x_mm, .y_mm = lines[i].y_mm,
			.depth_mm = 0.8, .band_min_mm = 0.5, .band_max_mm = 1.2,
			.diameter_mm = 0.3, .line = true };
	lesson_score_frame(&lesson, &ls, 0.6, &frame);
	assert_int_equal(score_metrics_compute(dots, 2, &frame, &m), 0);
	assert_int_equal(m.dots, 0);
	assert_int_equal(score_rubric_apply(&lesson.rubric, &m, &r), -ENODATA);
	/* As report_store.c gives it: measured, not scored, its note. */
	s.deposits = lines;
	s.deposit_count = 2;
	s.metrics = &m;
	s.result = NULL;
	s.duration_s = 0.6;
	s.note = "Not scored: no dots were made. The session is kept, with what the pen "
		 "did, and never counts towards proficiency.";
	html = render(&s);
	check_well_formed(html);
	assert_non_null(strstr(html, "<div class=\"scorebox\"><div class=\"verdict none\">"
			       "NOT SCORED</div></div>\n</header>\n"));
	assert_null(strstr(html, "FAIL"));
	assert_null(strstr(html, "class=\"score\""));
	assert_null(strstr(html, "class=\"score partial\""));
	assert_null(strstr(html, "<span class=\"bar\">"));
	free(html);
	shoot(&s, "no-dots", 400, &im, NULL);
	print_message("#b3261e: %zu, #666666: %zu\n", pixels_of(&im, fail_red),
		      pixels_of(&im, grey));
	assert_int_equal(pixels_of(&im, fail_red), 0);
	assert_true(pixels_of(&im, grey) > 1000);
	free(im.px);
}

static void test_chromium_screenshot(void **state)
{
	struct report_session s = known_session(UNICODE_NAME);
	char html_path[PATH_MAX], png_path[PATH_MAX];
	FILE *f;
	const struct rgb page = { 0xfb, 0xfa, 0xf7 };
	const struct rgb overdeep = { 0x99, 0x00, 0x00 }, in_band = { 0x00, 0x9e, 0x73 };
	struct image im;
	struct picture p;
	long x0 = -1, y0 = -1;
	size_t other = 0, colours = 0;
	unsigned char *seen = calloc(1u << 15, 1);
	char *html;
	const char *keep = getenv("SMPSIM_REPORT_SCREENSHOT");

	(void)state;
	assert_non_null(seen);
	snprintf(html_path, sizeof(html_path), "%s/report.html", tmp_files_dir());
	snprintf(png_path, sizeof(png_path), "%s", keep && *keep ? keep :
		 "");
	if (!*png_path)
		snprintf(png_path, sizeof(png_path), "%s/report.png", tmp_files_dir());
	html = render(&s);
	f = fopen(html_path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(html, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	p = picture_of(html);
	free(html);
	screenshot(html_path, png_path, 1400);
	read_png(png_path, &im);
	assert_int_equal(im.w, 1100);
	assert_int_equal(im.h, 1400);

	/* The background is the page's, in a corner and beside the picture. */
	assert_true(near(pixel(&im, 2, 2), page, 1));
	assert_true(near(pixel(&im, (long)im.w - 3, (long)im.h / 2), page, 1));
	/* Not blank: much that is not background, in many colours. */
	for (png_uint_32 y = 0; y < im.h; y++)
		for (png_uint_32 x = 0; x < im.w; x++) {
			struct rgb c = pixel(&im, x, y);
			unsigned key = (unsigned)((c.r >> 3) << 10 | (c.g >> 3) << 5 | (c.b >> 3));

			other += !near(c, page, 1);
			colours += !seen[key];
			seen[key] = 1;
		}
	print_message("%zu of %lu pixels not background, %zu colours (5 bits each)\n", other,
		      (unsigned long)im.w * im.h, colours);
	assert_true(other > (size_t)im.w * im.h / 5);
	assert_true(colours > 100);
	free(seen);

	find_picture(&im, &p, &x0, &y0);
	print_message("picture at (%ld, %ld), %d x %d px, %.2f px/mm\n", x0, y0, p.wpx, p.hpx,
		      p.wpx / p.vb[2]);
	check_dot_colour(&im, &p, x0, y0, &known[OVERDEEP_ID], overdeep);
	check_dot_colour(&im, &p, x0, y0, &known[IN_BAND_ID], in_band);
	check_classes_distinct(&im, &p, x0, y0);
	check_outside_dot(&im, &p, x0, y0);
	free(im.px);
	if (!keep || !*keep)
		unlink(png_path);
	unlink(html_path);
}

/* A dense session's picture in the browser: the image where the viewBox
 * puts it, the known dot (drawn last) in its class's colour. */
static void test_chromium_dense(void **state)
{
	struct deposit *d = dense_deposits();
	struct report_session s = known_session(NULL);
	const struct rgb in_band = { 0x00, 0x9e, 0x73 };
	struct picture p;
	struct image im;
	long x0 = -1, y0 = -1;

	(void)state;
	s.deposits = d;
	s.deposit_count = DENSE_COUNT;
	s.metrics = NULL;
	s.result = NULL;
	shoot(&s, "dense", 1200, &im, &p);
	find_picture(&im, &p, &x0, &y0);
	check_dot_colour(&im, &p, x0, y0, &d[DENSE_COUNT - 1], in_band);
	/* The scale bar (the longest of 1, 2, 5, 10, 20, 50 mm within 160 px,
	 * 12 px in from the bottom right corner) stays readable over the
	 * dots: pale round it, the bar dark. Without its backing the dots'
	 * colours ran up to the bar. */
	{
		static const double steps[] = { 1, 2, 5, 10, 20, 50 };
		double ppm = p.wpx / p.vb[2], len = 1;
		long right, left, foot = y0 + p.hpx - 12;
		size_t dark = 0;

		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (steps[i] * ppm <= 160)
				len = steps[i];
		right = x0 + p.wpx - 12;
		left = right - lround(len * ppm);

		for (long y = foot - 3; y < foot; y++) {
			for (long x = left - 4; x < left - 1; x++) {
				struct rgb c = pixel(&im, x, y);

				if (c.r < 0xd0 || c.g < 0xd0 || c.b < 0xd0)
					fail_msg("beside the scale bar (%ld, %ld): #%02x%02x%02x",
						 x, y, c.r, c.g, c.b);
			}
			for (long x = left + 2; x < right - 2; x++) {
				struct rgb c = pixel(&im, x, y);

				dark += c.r < 0x60 && c.g < 0x60 && c.b < 0x60;
			}
		}
		assert_true(dark > (size_t)(right - left - 4) * 2);
	}
	free(im.px);
	free(d);
}

/* ---- `test-report bench [PAIRS]`: the dense page, image against circles ---- */

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[64];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), by_value);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The dense session's page written into memory by report_html_session()
 * as smpsim writes it (the dots one image) and, the reference in the same
 * process, with every dot a circle (the page before issue 16): one untimed
 * round, then @p pairs pairs, the two taking turns to go first. Prints
 * both sizes, each side's median time and the median of the per-pair
 * ratios. Not run by ctest: timing belongs in a benchmark. */
static int bench(int pairs)
{
	struct report_session image = known_session(NULL), circles;
	double t_image[64], t_circles[64], ratio[64];
	size_t size_image = 0, size_circles = 0;
	void *state = NULL;
	struct deposit *d;

	if (pairs < 1 || pairs > 64) {
		fprintf(stderr, "usage: test-report bench [PAIRS]: PAIRS 1 to 64 (7)\n");
		return 2;
	}
	if (setup(&state) < 0)
		return 1;
	d = dense_deposits();
	image.deposits = d;
	image.deposit_count = DENSE_COUNT;
	image.metrics = NULL;
	image.result = NULL;
	circles = image;
	circles.vector_dots_max = SIZE_MAX;
	for (int i = -1; i < pairs; i++) {
		for (int k = 0; k < 2; k++) {
			bool is_image = (k == 0) == (i % 2 == 0);
			double t0 = seconds(), t;
			char *html = render(is_image ? &image : &circles);

			t = seconds() - t0;
			*(is_image ? &size_image : &size_circles) = strlen(html);
			free(html);
			if (i >= 0)
				(is_image ? t_image : t_circles)[i] = t;
		}
		if (i >= 0)
			ratio[i] = t_circles[i] / t_image[i];
	}
	printf("%d deposits, %d pairs\n", DENSE_COUNT, pairs);
	printf("  the image and the data: %zu bytes, median %.3f s\n", size_image,
	       median(t_image, pairs));
	printf("  one circle each:        %zu bytes, median %.3f s\n", size_circles,
	       median(t_circles, pairs));
	printf("  circles / image, per pair: median %.2f\n", median(ratio, pairs));
	free(d);
	return tmp_files_teardown(&state) < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest renderer[] = {
		cmocka_unit_test(test_every_dot_at_its_place_size_and_class),
		cmocka_unit_test(test_self_contained_and_escaped),
		cmocka_unit_test(test_text_escaping),
		cmocka_unit_test(test_scored_by_pass_mark),
		cmocka_unit_test(test_unscored_and_incomplete),
		cmocka_unit_test(test_trainee_trend),
		cmocka_unit_test(test_interrupted_badge),
		cmocka_unit_test(test_never_event_measure),
		cmocka_unit_test(test_duration_text),
		cmocka_unit_test(test_rounding_shown_as_zero),
		cmocka_unit_test(test_picture_counts_of_one),
		cmocka_unit_test(test_axes_and_scale),
		cmocka_unit_test(test_spacing_marks),
		cmocka_unit_test(test_legend_is_what_is_drawn),
		cmocka_unit_test(test_ring_apart_for_colour_blind),
		cmocka_unit_test(test_dense_session_is_small),
		cmocka_unit_test(test_report_command),
		cmocka_unit_test(test_report_stored_lesson),
		cmocka_unit_test(test_interrupted_scored_agrees),
	};
	const struct CMUnitTest chromium[] = {
		cmocka_unit_test(test_chromium_screenshot),
		cmocka_unit_test(test_chromium_interrupted),
		cmocka_unit_test(test_chromium_narrow_score),
		cmocka_unit_test(test_chromium_narrow_interrupted),
		cmocka_unit_test(test_chromium_not_scored_badge),
		cmocka_unit_test(test_chromium_print_keeps_headings),
		cmocka_unit_test(test_chromium_no_dots),
		cmocka_unit_test(test_chromium_dense),
	};

	if (argc > 1 && !strcmp(argv[1], "bench"))
		return bench(argc > 2 ? atoi(argv[2]) : 7);
	if (argc > 1 && !strcmp(argv[1], "chromium"))
		return cmocka_run_group_tests_name("chromium", chromium, setup, tmp_files_teardown);
	return cmocka_run_group_tests_name("report", renderer, setup, tmp_files_teardown);
}
