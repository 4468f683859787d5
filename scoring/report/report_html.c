/* report_html: the report's pages, their text and their file. The
 * pictures are report_svg.c's. Every byte of the page is written here or
 * there: no external style sheet, font, script or image, so the page
 * reads the same with no network and can be mailed as one file.
 */
#include "report_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- text ---- */

/* Names (a trainee's, a device's) are isolated from the text around them,
 * so one written right to left, or holding direction controls stored
 * before names were checked, cannot reorder the page: in the body with
 * <bdi>, in the <title>, where no element can go, between FIRST STRONG
 * ISOLATE and POP DIRECTIONAL ISOLATE, which do the same. */
#define FSI "\u2068"
#define PDI "\u2069"

static void duration_text(double s, char *buf, size_t size)
{
	/* Tenths under 10 s, where whole seconds would round 0.5 s to "0 s";
	 * whole seconds, rounded once, from there on. */
	if (!(s > 0) || !isfinite(s))
		snprintf(buf, size, "unknown");
	else if (s < 9.95)
		snprintf(buf, size, "%.1f s", s);
	else if (s < 59.5)
		snprintf(buf, size, "%.0f s", s);
	else
		snprintf(buf, size, "%.0f min %02.0f s", floor(round(s) / 60), fmod(round(s), 60));
}

/* ---- the page around the content ---- */

static const char style[] =
	":root{color-scheme:light}\n"
	"body{margin:0;background:#fbfaf7;color:#1d1d1f;"
	"font:15px/1.45 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif}\n"
	"main{max-width:1000px;margin:0 auto;padding:20px 28px 40px}\n"
	"h1{font-size:24px;margin:0 0 4px}\n"
	"h2{font-size:18px;margin:30px 0 10px;border-bottom:1px solid #d8d4cc;padding-bottom:4px}\n"
	"h3{font-size:14px;margin:12px 0 4px}\n"
	".meta{color:#555;margin:0}\n"
	".meta b{color:#1d1d1f}\n"
	".note{background:#fff8e1;border-left:4px solid #e0a800;padding:6px 12px}\n"
	/* Wrapping: on a phone the words beside a badge went down a column
	 * a few letters wide; they go under it instead. */
	".scorebox{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;"
	"margin:16px 0 8px}.scorebox>.meta{flex:1 1 16em}\n"
	".score{font-size:42px;font-weight:bold;line-height:1;white-space:nowrap}\n"
	".score small{font-size:18px;color:#666;font-weight:normal}\n"
	".verdict{font-weight:bold;padding:4px 14px;border-radius:4px;color:#fff;font-size:18px}\n"
	".verdict.pass{background:#2d6a4f}.verdict.fail{background:#b3261e}\n"
	/* Its own colour and style: the page's ".none" (grey italic, for "no
	 * data") matched it too and made it #666 on #777, unreadable. */
	".verdict.none{background:#666;color:#fff;font-style:normal}\n"
	".verdict.interrupted{background:#fff3cd;color:#5c4400;border:2px solid #e0a800}\n"
	".score.partial{font-size:24px;color:#666}\n"
	".never{background:#fdecea;border-left:4px solid #b3261e;padding:6px 12px;margin:6px 0}\n"
	"p.missed{margin:6px 0 0}ul.missed{margin:2px 0 6px;color:#b3261e}\n"
	"ul.missed.stopped{color:#5c4400}\n"
	"td.unmet{color:#b3261e}td.not-reached{color:#5c4400}\n"
	"ol.advice li{margin:4px 0}\n"
	"figure{margin:0}\n"
	"figcaption{color:#666;font-size:13px;margin:4px 0}\n"
	"svg.scalp{display:block;border:1px solid #0b3c5d;background:#fff;max-width:100%;"
	"height:auto}\n"
	"svg.density,svg.overview{display:block;border:1px solid #bbb;background:#fff;"
	"max-width:100%;height:auto}\n"
	".beside{display:flex;gap:28px;align-items:flex-start;flex-wrap:wrap;margin-top:8px}\n"
	".legend{flex:1 1 420px}\n"
	".legend ul{list-style:none;margin:0;padding:0;columns:2;column-gap:18px}\n"
	".legend li{margin:2px 0;font-size:13px;break-inside:avoid}\n"
	".swatch{vertical-align:-4px;margin-right:6px}\n"
	".count{color:#777}\n"
	".off-scalp{fill:#e4e4e4}\n"
	".region{stroke:#b59d86;stroke-width:1px;vector-effect:non-scaling-stroke}\n"
	".zone{fill:#1e508c;fill-opacity:.05;stroke:#1e508c;stroke-width:1.5px;"
	"stroke-dasharray:6 4;vector-effect:non-scaling-stroke}\n"
	".hairline{fill:none;stroke:#5d3a1a;stroke-width:2.5px;stroke-linejoin:round;"
	"stroke-linecap:round;vector-effect:non-scaling-stroke}\n"
	".grid line{stroke:#000;stroke-opacity:.07;stroke-width:1px;"
	"vector-effect:non-scaling-stroke}\n"
	".grid line.major{stroke-opacity:.15}\n"
	".axis text{fill:#6b6b6b}\n"
	".scalebar rect,.scalebar text{fill:#333}.scalebar-back{fill:#fff;fill-opacity:.85}\n"
	".frame{fill:none;stroke:#c62828;stroke-width:1.5px;vector-effect:non-scaling-stroke}\n"
	/* On paper a heading stays with what it heads (a page that ended
	 * "The work area" had its picture overleaf), and no picture, legend
	 * entry or table row is cut between pages. */
	"@media print{body{background:#fff}main{padding:0}"
	"h2,h3{break-after:avoid;page-break-after:avoid}"
	"figure,svg,tr,.scorebox{break-inside:avoid;page-break-inside:avoid}"
	"thead{display:table-header-group}}\n"
	;

/* The rest, from the work area's deposits on (in Okabe & Ito's colours, as
 * report_internal.h's REPORT_*_RGB): a string of its own, as C99
 * promises string literals of 4095 bytes, no more. */
static const char style_dots[] =
	".dot.in-band{fill:#009e73}.dot.shallow{fill:#f0e442}\n"
	".dot.deep{fill:#d55e00}.dot.overdeep{fill:#990000}\n"
	".dot.merged,.dot.line{stroke-width:1.5px;vector-effect:non-scaling-stroke}\n"
	".dot.merged{stroke:#7b1fa2}.dot.line{stroke:#56b4e9;stroke-width:2px}\n"
	".outside-ring{fill:none;stroke:#000;stroke-width:1.5px;vector-effect:non-scaling-stroke}\n"
	".blur{fill:#0072b2;fill-opacity:.3}\n"
	".reach{fill:none;stroke:#0072b2;stroke-width:1px;stroke-dasharray:3 2;"
	"vector-effect:non-scaling-stroke}\n"
	".too-close{stroke:#000;stroke-width:2px;stroke-linecap:round;"
	"vector-effect:non-scaling-stroke}\n"
	".gap{fill:none;stroke:#000;stroke-width:1.5px;vector-effect:non-scaling-stroke}\n"
	".points circle{fill:#000;fill-opacity:.45}\n"
	".cells rect{stroke:#fff;stroke-opacity:.6;stroke-width:.5px;"
	"vector-effect:non-scaling-stroke}\n"
	".ramp{font-size:13px;color:#555;margin:6px 0}.ramp svg{vertical-align:middle;"
	"margin-right:16px}\n"
	".ramp .ticks text{fill:#555}\n"
	".sliver{display:inline-block;width:14px;height:12px;background:#d9d9d9;"
	"vertical-align:-1px}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e4e0d8}\n"
	"th{font-size:13px;color:#555;font-weight:normal}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}\n"
	"td code,.meta code{font-size:12px;color:#666}\n"
	"tr.unrated td{color:#888}\n"
	".bar{display:inline-block;width:80px;height:9px;background:#e6e2da;"
	"margin-right:8px;vertical-align:middle}\n"
	".bar span{display:block;height:100%;background:#2d6a4f}\n"
	".bar span.low{background:#b3261e}.bar span.mid{background:#e0a800}\n"
	".none,.not-counted{color:#666;font-style:italic}\n"
	"svg.trend{display:block;background:#fff;border:1px solid #ddd;max-width:100%;"
	"height:auto}\n"
	".trend .yaxis line{stroke:#000;stroke-opacity:.1}\n"
	".trend text{fill:#555}\n"

	".trend .scores{fill:none;stroke:#1e508c;stroke-width:2}\n"
	".attempt.pass{fill:#2d6a4f}.attempt.fail{fill:#b3261e}\n"
	".attempt.unscored{fill:#fff;stroke:#999;stroke-width:1.5}\n"
	".trend-key{font-size:13px;color:#555;margin:4px 0 8px}"
	".trend-key span{margin-right:16px;white-space:nowrap}\n"
	".attempt.interrupted{fill:#fff3cd;stroke:#e0a800;stroke-width:2}\n"
	".pass-text{color:#2d6a4f;font-weight:bold}.fail-text{color:#b3261e;font-weight:bold}\n"
	"footer{margin-top:36px;color:#888;font-size:12px}\n";

/* @return 0 when everything written reached the file, else why not (a
 * full disk says so, not just -EIO). */
static int stream_status(FILE *f)
{
	if (fflush(f) != 0)
		return errno ? -errno : -EIO;
	return ferror(f) ? -EIO : 0;
}

static void page_open(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"smpsim " SMPSIM_VERSION "\">\n<title>", f);
	report_html_text(f, title);
	fprintf(f, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n<main>\n", style,
		style_dots);
}

static void page_close(FILE *f)
{
	fputs("<footer>Made by smpsim " SMPSIM_VERSION ", a training simulator for scalp "
	      "micropigmentation. This page is self-contained: it needs no network.</footer>\n"
	      "</main>\n</body>\n</html>\n", f);
}

/* ---- the measures ---- */

enum unit { U_SHARE, U_MM, U_COUNT, U_RATIO, U_PACE };

static const struct {
	const char *label;
	enum unit unit;
} measure_info[SCORE_METRIC_COUNT] = {
	[SCORE_DEPTH_IN_BAND] = { "Deposits in the depth band", U_SHARE },
	[SCORE_DEPTH_ERROR_MEAN] = { "Mean depth outside the band", U_MM },
	[SCORE_DEPTH_ERROR_SD] = { "Spread of that depth error", U_MM },
	[SCORE_OVERDEEP] = { "Overdeep deposits", U_COUNT },
	[SCORE_NN_MEAN] = { "Mean distance to the nearest dot", U_MM },
	[SCORE_NN_CV] = { "Variation of those distances (CV)", U_RATIO },
	[SCORE_RHO] = { "Closest pair against ideal spacing (\u03c1)", U_RATIO },
	[SCORE_CLARK_EVANS] = { "Regularity (Clark-Evans R)", U_RATIO },
	[SCORE_PERIODOGRAM_PEAK] = { "Rows and grids (periodogram peak)", U_RATIO },
	[SCORE_DENSITY_L1] = { "Density off the target (L1)", U_RATIO },
	[SCORE_COVERAGE] = { "Zone covered", U_SHARE },
	[SCORE_GAPS] = { "Gaps (empty cells where 2 or more were due)", U_COUNT },
	[SCORE_MERGED] = { "Merged dots", U_SHARE },
	[SCORE_SIZE_CV] = { "Variation of dot size (CV)", U_RATIO },
	[SCORE_OUTSIDE] = { "Deposits outside the zone", U_SHARE },
	[SCORE_HAIRLINE_WIDTH] = { "Hairline fade width (10\u201390 %)", U_MM },
	[SCORE_HAIRLINE_RESIDUAL] = { "Unevenness of the fade", U_RATIO },
	[SCORE_PACE] = { "Pace", U_PACE },
	[SCORE_COMPLETION] = { "Work done (of the dots asked for)", U_SHARE },
	[SCORE_SHALLOW] = { "Deposits too shallow", U_SHARE },
	[SCORE_DEEP] = { "Deposits too deep (they blur)", U_SHARE },
	[SCORE_TOO_CLOSE] = { "Dots too close to a neighbour", U_SHARE },
	[SCORE_OBLIQUE] = { "Dots made with the needle oblique", U_SHARE },
	[SCORE_DRAGGED] = { "Tails and drag lines", U_SHARE },
	[SCORE_DENSITY_DISPERSION] = { "Patchiness of the density (random = 1)", U_RATIO },
	[SCORE_HAIRLINE_FRONT] = { "Dots in front of the hairline", U_SHARE },
};

/* A measure's value or level as the page shows it: through
 * score_value_shown() as review and score print it, so a CV of equal
 * sizes reads 0, not 3.47e-16 (nor "-0.00 mm"). */
static void value_text(enum unit u, double v, char *buf, size_t size)
{
	v = score_value_shown(v);
	if (!isfinite(v)) {
		snprintf(buf, size, "%s", isnan(v) ? "\u2013" : v > 0 ? "\u221e" : "\u2212\u221e");
		return;
	}
	v = score_value_shown(v);      /* "0.0 %", never "-0.0 %" from a rounding */
	switch (u) {
	case U_SHARE: snprintf(buf, size, "%.1f %%", v * 100); break;
	case U_MM: snprintf(buf, size, "%.2f mm", v); break;
	case U_COUNT: snprintf(buf, size, "%.0f", v); break;
	case U_PACE: snprintf(buf, size, "%.1f /min", v); break;
	default: snprintf(buf, size, "%.3g", v); break;
	}
}

static void band_text(enum unit u, double lo, double hi, char *buf, size_t size)
{
	char a[32], b[32];

	value_text(u == U_COUNT ? U_RATIO : u, lo, a, sizeof(a));
	value_text(u == U_COUNT ? U_RATIO : u, hi, b, sizeof(b));
	/* "0.5 mm – 1.2 mm" reads better as "0.5 – 1.2 mm". */
	if (u != U_RATIO && u != U_COUNT) {
		char *sp = strchr(a, ' ');

		if (sp)
			*sp = '\0';
	}
	/* A caller's buffer too small for two long values gets the text cut,
	 * never overrun (gcc 12 -O2 -Wformat-truncation would have it checked). */
	if (snprintf(buf, size, "%s \u2013 %s", a, b) < 0 && size)
		buf[0] = '\0';
}

/* A required level in the measure's own unit, as the value and band
 * beside it ("at least 85.0 %", not "at least 0.85" next to "73.8 %"). */
static void level_text(enum unit u, double need_min, double need_max, char *buf, size_t size)
{
	char v[32];

	if (!isnan(need_min) && !isnan(need_max)) {
		band_text(u, need_min, need_max, buf, size);
		return;
	}
	value_text(u == U_COUNT ? U_RATIO : u, isnan(need_min) ? need_max : need_min, v,
		   sizeof(v));
	snprintf(buf, size, "%s %s", isnan(need_min) ? "at most" : "at least", v);
}

/* The lesson's never-event on measure @p k, or NULL. */
static const struct score_never_event *never_on(const struct score_rubric *rb,
						enum score_metric k, size_t *index)
{
	for (size_t i = 0; i < rb->never_count; i++)
		if (rb->never[i].metric == k) {
			*index = i;
			return &rb->never[i];
		}
	return NULL;
}

/* @p stopped: the session was interrupted, so a level it has not met is
 * "not reached", as the list above the table says, not a failure. */
static void measure_row(FILE *f, enum score_metric k, const struct score_metrics *m,
			const struct score_rubric_item *item, const struct score_result *res,
			const struct score_rubric *rb, bool stopped)
{
	char value[64], band[80], level[64];
	size_t ni = 0;
	/* A never-event judges its measure whatever the weight: not greyed
	 * as a measure the lesson does not score. */
	const struct score_never_event *never = res ? never_on(rb, k, &ni) : NULL;
	bool rated = item && res && res->rated[k];

	value_text(measure_info[k].unit, m->value[k], value, sizeof(value));
	fprintf(f, "<tr%s><td>", rated || never ? "" : " class=\"unrated\"");
	report_html_text(f, measure_info[k].label);
	fprintf(f, " <code>%s</code></td><td class=\"num\">", score_metric_name(k));
	report_html_text(f, m->valid[k] ? value : "too little to measure");
	fputs("</td>", f);
	if (item) {
		band_text(measure_info[k].unit, item->good_min, item->good_max, band, sizeof(band));
		fputs("<td class=\"num\">", f);
		report_html_text(f, band);
		fprintf(f, "</td><td class=\"num\">%g</td>", item->weight);
	} else {
		fputs("<td></td><td></td>", f);
	}
	if (rated) {
		double marks = res->marks[k];

		fprintf(f, "<td class=\"num\"><span class=\"bar\"><span class=\"%s\" "
			"style=\"width:%.0f%%\"></span></span>%.0f</td>",
			marks >= 99.5 ? "full" : marks >= 50 ? "mid" : "low",
			fmin(fmax(marks, 0), 100), marks);
	} else {
		fputs("<td class=\"num\">\u2013</td>", f);
	}
	if (res && res->required[k]) {
		level_text(measure_info[k].unit, res->need_min[k], res->need_max[k], level,
			   sizeof(level));
		fprintf(f, "<td class=\"%s\">", res->met[k] ? "met" : stopped ? "not-reached" :
			"unmet");
		report_html_text(f, level);
		fprintf(f, ": %s", res->met[k] ? "met" : stopped ? "<b>not reached</b>" :
			"<b>not met</b>");
	} else {
		fputs(never && (res->never_triggered & (1u << ni)) ? "<td class=\"unmet\">" :
		      "<td>", f);
	}
	if (never) {
		bool happened = ni < 32 && (res->never_triggered & (1u << ni));

		fprintf(f, "%snever-event above %g, %s: %s", res->required[k] ? "; " : "",
			never->above, res->by_proficiency ? "fails the session" :
			"caps the score", happened ? "<b>happened</b>" : "did not happen");
	}
	fputs("</td></tr>\n", f);
}

static bool is_interrupted(const struct report_session *s);

static void measures(FILE *f, const struct report_session *s)
{
	bool stopped = is_interrupted(s);
	const struct score_rubric *rb = &s->lesson->rubric;
	bool listed[SCORE_METRIC_COUNT] = { false };

	fputs("<h2>Measures</h2>\n<table class=\"measures\">\n<thead><tr><th>Measure</th>"
	      "<th class=\"num\">Value</th><th class=\"num\">Full marks</th>"
	      "<th class=\"num\">Weight</th><th class=\"num\">Marks</th><th>Required</th>"
	      "</tr></thead>\n<tbody>\n", f);
	for (size_t i = 0; i < rb->item_count; i++) {
		enum score_metric k = rb->items[i].metric;

		if ((unsigned)k >= SCORE_METRIC_COUNT || listed[k])
			continue;
		listed[k] = true;
		measure_row(f, k, s->metrics, &rb->items[i], s->result, rb, stopped);
	}
	/* Then a never-event's measure the lesson gives no weight, judged all
	 * the same; then the rest, for the record. */
	for (size_t i = 0; i < rb->never_count; i++) {
		enum score_metric k = rb->never[i].metric;

		if ((unsigned)k >= SCORE_METRIC_COUNT || listed[k] || !s->result)
			continue;
		listed[k] = true;
		measure_row(f, k, s->metrics, NULL, s->result, rb, stopped);
	}
	for (int k = 0; k < SCORE_METRIC_COUNT; k++)
		if (!listed[k] && s->metrics->valid[k])
			measure_row(f, (enum score_metric)k, s->metrics, NULL, NULL, rb, stopped);
	fputs("</tbody>\n</table>\n<p class=\"meta\">", f);
	for (size_t i = 0; i < rb->never_count && s->result; i++)
		fprintf(f, "%s%s above %g %s, whatever its weight", i ? "; " : "This lesson\u2019s "
			"never-events: ", score_metric_name(rb->never[i].metric), rb->never[i].above,
			s->result->by_proficiency ? "fails the session" : "caps the score");
	fputs(rb->never_count && s->result ? ". " : "", f);
	/* Not scored: every row is greyed, weighted or not, so the rule below
	 * for greyed rows would be false here. */
	if (!s->result) {
		fputs("The session was not scored: every measure is greyed, shown for the "
		      "record with no marks.</p>\n", f);
		return;
	}
	fputs("Greyed measures have no weight and no never-event: they are shown for "
	      "the record; the lesson does not score them. Marks are full inside the band "
	      "and fall in a straight line outside it; a rated measure too little was done to "
	      "measure earns none. The session passes when every required measure is at its "
	      "level and no never-event happened.</p>\n", f);
}

/* ---- a session's page ---- */

static void session_header(FILE *f, const struct report_session *s)
{
	const struct lesson *l = s->lesson;
	char when[32], dur[48];

	fputs("<header>\n<h1>", f);
	if (s->id > 0)
		fprintf(f, "Session %lld: ", (long long)s->id);
	report_html_text(f, l->title);
	fputs("</h1>\n<p class=\"meta\">", f);
	if (s->trainee) {
		fputs("Trainee <b class=\"trainee\"><bdi>", f);
		report_html_text(f, s->trainee);
		fputs("</bdi></b> \u00b7 ", f);
	}
	fputs("lesson <code>", f);
	report_html_text(f, l->id);
	fputs("</code>", f);
	report_time_text(s->started, when, sizeof(when));
	if (*when)
		fprintf(f, " \u00b7 started %s", when);
	duration_text(s->duration_s, dur, sizeof(dur));
	fprintf(f, " \u00b7 %s \u00b7 %zu deposit%s", dur, s->deposit_count,
		s->deposit_count == 1 ? "" : "s");
	if (s->device) {
		fputs(" \u00b7 device <bdi>", f);
		report_html_text(f, s->device);
		fputs("</bdi>", f);
	}
	if (s->view) {
		fputs(" \u00b7 ", f);
		report_html_text(f, s->view);
	}
	if (s->mapping) {
		fputs(" \u00b7 pad on scalp ", f);
		report_html_text(f, s->mapping);
	}
	if (s->origin) {
		fputs(" \u00b7 <span class=\"origin\">", f);
		report_html_text(f, s->origin);
		fputs("</span>", f);
	}
	if (s->levels) {
		fputs(" \u00b7 required levels: ", f);
		report_html_text(f, s->levels);
	}
	if (s->status) {
		fputs(" \u00b7 ", f);
		report_html_text(f, s->status);
	}
	fputs("</p>\n", f);
	if (s->note) {
		fputs("<p class=\"note\">", f);
		report_html_text(f, s->note);
		fputs("</p>\n", f);
	}
}

/* Each requirement a failed session missed, the reason for its FAIL; for
 * an interrupted one, what it had not reached when it stopped. Said as
 * the measures' table says it, in the measure's own words and unit
 * ("Deposits in the depth band depth-in-band: 62.5 %, needs at least
 * 95.0 %"): the terminal's "depth-in-band 0.625, needs at least 0.95"
 * above a table that reads "62.5 %" and "at least 95.0 %" made a reader
 * compare two scales for one number. */
static void missed_item(FILE *f, const struct score_result *r, const struct score_metrics *m,
			enum score_metric k)
{
	char value[64], level[64];

	value_text(measure_info[k].unit, m->value[k], value, sizeof(value));
	level_text(measure_info[k].unit, r->need_min[k], r->need_max[k], level, sizeof(level));
	fputs("<li>", f);
	report_html_text(f, measure_info[k].label);
	fprintf(f, " <code>%s</code>: ", score_metric_name(k));
	report_html_text(f, m->valid[k] ? value : "too little to measure");
	fputs(", needs ", f);
	report_html_text(f, level);
	fputs("</li>\n", f);
}

static void missed_block(FILE *f, const struct report_session *s, bool interrupted)
{
	const struct score_rubric *rb = &s->lesson->rubric;
	const struct score_result *r = s->result;
	bool any = false;

	for (size_t i = 0; i < rb->item_count; i++) {
		enum score_metric k = rb->items[i].metric;

		if ((unsigned)k >= SCORE_METRIC_COUNT || !r->required[k] || r->met[k])
			continue;
		if (!any)
			fputs(interrupted ? "<p class=\"missed\"><b>Not reached</b> when it "
			      "stopped</p>\n<ul class=\"missed stopped\">\n" : "<p class=\"missed\">"
			      "<b>Failed</b>: requirements missed</p>\n<ul class=\"missed\">\n", f);
		missed_item(f, r, s->metrics, k);
		any = true;
	}
	if (any)
		fputs("</ul>\n", f);
}

/* The instructor guide's words ("Interrupted sessions"): an interrupted
 * session is not a failed attempt, and a score made from what it did
 * is not a fair measure of it. So it shows its state where the PASS or
 * FAIL would be, and any score small, as partial; review says the same. */
static bool is_interrupted(const struct report_session *s)
{
	return s->status && !strcmp(s->status, "interrupted");
}

static void interrupted_box(FILE *f, const struct score_result *r)
{
	fputs("<div class=\"scorebox\"><div class=\"verdict interrupted\">INTERRUPTED</div>"
	      "<div class=\"meta\"><b>Interrupted \u2014 not a failed attempt; not scored as "
	      "a pass or fail.</b>", f);
	if (r)
		fprintf(f, "<br><span class=\"score partial\">%.0f<small> / 100</small></span> "
			"partial score, from what was made before it stopped: not a fair "
			"measure of the attempt", r->score);
	fputs("</div></div>\n", f);
}

static void score_block(FILE *f, const struct report_session *s)
{
	const struct score_result *r = s->result;
	const struct score_rubric *rb = &s->lesson->rubric;
	bool interrupted = is_interrupted(s);

	if (interrupted) {
		interrupted_box(f, r);
		if (!r) {
			fputs("</header>\n", f);
			return;
		}
	} else if (!r) {
		fputs("<div class=\"scorebox\"><div class=\"verdict none\">NOT SCORED</div>"
		      "</div>\n</header>\n", f);
		return;
	} else {
		fprintf(f, "<div class=\"scorebox\"><div class=\"score\">%.0f<small> / 100"
			"</small></div><div class=\"verdict %s\">%s</div><div class=\"meta\">%s",
			r->score, r->passed ? "pass" : "fail", r->passed ? "PASS" : "FAIL",
			!r->by_proficiency ? "scored by a pass mark (before proficiency)" :
			r->passed ? "every requirement met" : "progress score; see why it failed");
		/* As it was scored then: the cap a never-event put on it, said. */
		if (!r->by_proficiency && isfinite(s->uncapped) && s->uncapped > r->score)
			fprintf(f, ", capped from %.1f by a never-event", s->uncapped);
		fputs("</div></div>\n", f);
	}
	missed_block(f, s, interrupted);
	for (size_t i = 0; i < rb->never_count && i < 32; i++) {
		const struct score_never_event *n = &rb->never[i];

		if (!(r->never_triggered & (1u << i)))
			continue;
		fprintf(f, "<p class=\"never\"><b>Never-event</b>: %s %.4g (more than %g %s). ",
			score_metric_name(n->metric),
			score_value_shown(s->metrics->value[n->metric]), n->above,
			r->by_proficiency ? "fails the session" : "caps the score");
		report_html_text(f, n->text);
		fputs("</p>\n", f);
	}
	fputs("</header>\n", f);
	if (r->advice_count) {
		fputs("<h2>Work on</h2>\n<ol class=\"advice\">\n", f);
		for (size_t i = 0; i < r->advice_count && i < SCORE_ADVICE_COUNT; i++) {
			fputs("<li>", f);
			report_html_text(f, r->advice[i]);
			fputs("</li>\n", f);
		}
		fputs("</ol>\n", f);
	}
}

static bool session_ok(const struct report_session *s)
{
	return s && s->lesson && s->ls && s->ls->zone_count > 0 &&
	       (s->deposit_count == 0 || s->deposits) && (!s->result || s->metrics);
}

int report_html_session(FILE *f, const struct report_session *s)
{
	char title[512];
	int rc;

	if (!session_ok(s))
		return -EINVAL;
	if (s->id > 0)
		snprintf(title, sizeof(title), "Session %lld, %s%s%s%s", (long long)s->id,
			 s->lesson->id, s->trainee ? ", " FSI : "", s->trainee ? s->trainee : "",
			 s->trainee ? PDI : "");
	else
		snprintf(title, sizeof(title), "Session of %s%s%s%s", s->lesson->id,
			 s->trainee ? ", " FSI : "", s->trainee ? s->trainee : "",
			 s->trainee ? PDI : "");
	page_open(f, title);
	session_header(f, s);
	score_block(f, s);
	report_signoffs(f, s);
	fputs("<h2>The work area</h2>\n", f);
	rc = report_svg_scalp(f, s);
	if (rc == 0) {
		fputs("<h2>Density against the target</h2>\n", f);
		rc = report_svg_density(f, s);
	}
	if (rc == 0 && s->metrics)
		measures(f, s);
	page_close(f);
	return rc < 0 ? rc : stream_status(f);
}

/* ---- a trainee's page ---- */

static void trend_summary(FILE *f, const struct report_trainee *t)
{
	fputs("<table class=\"summary\">\n<thead><tr><th>Lesson</th><th class=\"num\">Attempts"
	      "</th><th class=\"num\">Best</th><th class=\"num\">Latest</th>"
	      "<th class=\"num\">Passed</th></tr></thead>\n"
	      "<tbody>\n", f);
	for (size_t i = 0; i < t->lesson_count; i++) {
		const struct report_lesson_trend *l = &t->lessons[i];
		double best = NAN, latest = NAN;
		size_t passed = 0;

		for (size_t k = 0; k < l->count; k++) {
			if (!l->attempts[k].scored)
				continue;
			latest = l->attempts[k].score;
			best = isnan(best) ? latest : fmax(best, latest);
			passed += l->attempts[k].passed && !(l->attempts[k].status &&
				  !strcmp(l->attempts[k].status, "interrupted"));
		}
		fputs("<tr><td>", f);
		report_html_text(f, l->title ? l->title : l->lesson_id);
		fputs(" <code>", f);
		report_html_text(f, l->lesson_id);
		fprintf(f, "</code></td><td class=\"num\">%zu</td>", l->count);
		if (isnan(best))
			fputs("<td class=\"num\">\u2013</td><td class=\"num\">\u2013</td>", f);
		else
			fprintf(f, "<td class=\"num\">%.0f</td><td class=\"num\">%.0f</td>", best,
				latest);
		fprintf(f, "<td class=\"num\">%zu</td></tr>\n", passed);
	}
	fputs("</tbody>\n</table>\n", f);
}

static void attempts_table(FILE *f, const struct report_lesson_trend *l)
{
	char when[32];

	fputs("<table class=\"attempts\">\n<thead><tr><th class=\"num\">#</th><th>Started</th>"
	      "<th class=\"num\">Session</th><th class=\"num\">Deposits</th>"
	      "<th class=\"num\">Score</th><th>Result</th><th>Status</th>"
	      "<th class=\"num\">Sign-off</th></tr></thead>\n"
	      "<tbody>\n", f);
	for (size_t k = 0; k < l->count; k++) {
		const struct report_attempt *a = &l->attempts[k];

		report_time_text(a->started, when, sizeof(when));
		fprintf(f, "<tr><td class=\"num\">%zu</td><td>%s</td><td class=\"num\">%lld</td>"
			"<td class=\"num\">%zu</td>", k + 1, when, (long long)a->session,
			a->deposits);
		if (a->scored && a->status && !strcmp(a->status, "interrupted"))
			fprintf(f, "<td class=\"num\">%.0f</td><td>interrupted: not a pass or "
				"fail</td>", a->score);
		else if (a->scored)
			fprintf(f, "<td class=\"num\">%.0f</td><td class=\"%s\">%s</td>", a->score,
				a->passed ? "pass-text" : "fail-text", a->passed ? "pass" : "fail");
		else
			fputs("<td class=\"num\">\u2013</td><td>not scored</td>", f);
		fputs("<td>", f);
		report_html_text(f, a->status);
		/* Beside its pass, which looks like anyone's. */
		if (a->not_counted) {
			fputs(" <span class=\"not-counted\">(", f);
			report_html_text(f, a->not_counted);
			fputs(": does not count)</span>", f);
		}
		fputs("</td>", f);
		report_attempt_signoff(f, a);
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

int report_html_trainee(FILE *f, const struct report_trainee *t)
{
	char title[512], when[32];
	size_t sessions = 0;

	if (!t || !t->name || (t->lesson_count && !t->lessons))
		return -EINVAL;
	for (size_t i = 0; i < t->lesson_count; i++)
		sessions += t->lessons[i].count;
	snprintf(title, sizeof(title), "Progress of " FSI "%s" PDI, t->name);
	page_open(f, title);
	fputs("<header>\n<h1>Progress of <span class=\"trainee\"><bdi>", f);
	report_html_text(f, t->name);
	fprintf(f, "</bdi></span></h1>\n<p class=\"meta\">%zu session%s in %zu lesson%s", sessions,
		sessions == 1 ? "" : "s", t->lesson_count, t->lesson_count == 1 ? "" : "s");
	report_time_text(t->generated, when, sizeof(when));
	if (*when)
		fprintf(f, " \u00b7 as of %s", when);
	fputs("</p>\n</header>\n", f);
	if (t->lesson_count == 0) {
		fputs("<p class=\"none\">No sessions yet.</p>\n", f);
	} else {
		fputs("<h2>Lessons</h2>\n", f);
		trend_summary(f, t);
	}
	for (size_t i = 0; i < t->lesson_count; i++) {
		const struct report_lesson_trend *l = &t->lessons[i];

		fputs("<section class=\"lesson\">\n<h2>", f);
		report_html_text(f, l->title ? l->title : l->lesson_id);
		fputs(" <code>", f);
		report_html_text(f, l->lesson_id);
		fputs("</code></h2>\n", f);
		report_svg_trend(f, l);
		attempts_table(f, l);
		fputs("</section>\n", f);
	}
	page_close(f);
	return stream_status(f);
}
