/* report_class: the class overview page (report_class.h).
 *
 * One table, trainees down, the curriculum's lessons across, made to fit
 * 30 trainees by 8 lessons on a 1100 px wide screen or a landscape page:
 * fixed layout, each lesson cell three short lines (the status, "best /
 * last", "counted/all" and the trend arrow). Status is said in words in
 * every cell and coloured on one blue scale whose lightness rises with
 * the status (about L* 95, 86, 68, 35), so no hue has to be told apart
 * and grey print keeps the order. The sorting script only adds buttons
 * to headers that are already there and reorders rows; everything it
 * needs is in data-sort attributes, so the page needs no script to read.
 */
#include "report_class.h"
#include "report_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum report_trend report_class_trend(const double *scores, size_t count, double *slope)
{
	size_t n = count < REPORT_TREND_SESSIONS ? count : REPORT_TREND_SESSIONS;
	const double *y = scores + (count - n);
	double mx = 0, my = 0, sxy = 0, sxx = 0, s;

	*slope = NAN;
	if (n < 2)
		return REPORT_TREND_NONE;
	for (size_t i = 0; i < n; i++) {
		mx += (double)i / (double)n;
		my += y[i] / (double)n;
	}
	for (size_t i = 0; i < n; i++) {
		sxy += ((double)i - mx) * (y[i] - my);
		sxx += ((double)i - mx) * ((double)i - mx);
	}
	s = sxy / sxx;
	*slope = s;
	if (s >= REPORT_TREND_STEP)
		return REPORT_TREND_UP;
	if (s <= -REPORT_TREND_STEP)
		return REPORT_TREND_DOWN;
	return REPORT_TREND_FLAT;
}

const char *report_trend_name(enum report_trend trend)
{
	switch (trend) {
	case REPORT_TREND_DOWN: return "down";
	case REPORT_TREND_FLAT: return "flat";
	case REPORT_TREND_UP: return "up";
	default: return "none";
	}
}

const char *report_class_state_class(enum prof_state state)
{
	switch (state) {
	case PROF_OPEN: return "open";
	case PROF_IN_PROGRESS: return "in-progress";
	case PROF_PROFICIENT: return "proficient";
	default: return "locked";
	}
}

static const char class_style[] =
	":root{color-scheme:light}\n"
	"body{margin:0;background:#fbfaf7;color:#1d1d1f;"
	"font:14px/1.4 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif}\n"
	"main{padding:16px 16px 32px}\n"
	"h1{font-size:22px;margin:0 0 4px}\n"
	".meta{color:#555;margin:0 0 2px}\n"
	".legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 12px;font-size:12px;"
	"align-items:center}\n"
	".legend .cell{display:inline-block;padding:1px 8px;border:1px solid #c9c5bd}\n"
	".wide{overflow-x:auto}\n"
	/* The least width is write_table()'s, from the lessons' ids. */
	"table.class{border-collapse:collapse;table-layout:fixed;width:100%;"
	"font-size:12px;line-height:1.3}\n"
	"table.class th,table.class td{border:1px solid #c9c5bd;padding:3px 5px;"
	"vertical-align:top;overflow-wrap:anywhere}\n"
	/* A lesson's id breaks at its hyphens only ("even-" over "spacing",
	 * never "even-spacin" over "g"): its column is made wide enough. */
	"table.class thead th{background:#efece6;font-weight:bold;text-align:left;"
	"vertical-align:bottom;overflow-wrap:normal}\n"
	"table.class th.name{width:150px;text-align:left}\n"
	"table.class th.count,table.class td.count{width:84px;text-align:right}\n"
	"table.class tbody th{font-weight:normal;background:#fff;text-align:left}\n"
	"td.cell>span{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n"
	"td.cell .state{font-weight:bold}\n"
	"td.cell .signoff{font-style:italic}\n"
	".cell.locked{background:#f2f2f2;color:#595959}\n"
	".cell.open{background:#c6dbef;color:#1d1d1f}\n"
	".cell.in-progress{background:#6baed6;color:#111}\n"
	".cell.proficient{background:#08519c;color:#fff}\n"
	".trend{font-weight:bold}\n"
	"button.sort{all:unset;cursor:pointer;display:block;width:100%}\n"
	"button.sort:focus-visible{outline:2px solid #08519c}\n"
	"th[aria-sort=ascending] button.sort::after{content:\" \\25B2\"}\n"
	"th[aria-sort=descending] button.sort::after{content:\" \\25BC\"}\n"
	".none{color:#666;font-style:italic}\n"
	"footer{margin-top:24px;color:#888;font-size:12px}\n"
	"@page{size:landscape;margin:10mm}\n"
	"@media print{body{background:#fff}main{padding:0}.wide{overflow:visible}"
	"table.class{min-width:0!important}thead{display:table-header-group}tr{break-inside:avoid}"
	".cell,.legend .cell,thead th{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}button.sort::after{content:none!important}}\n";

/* Turns the headers into buttons that sort the rows by their column's
 * data-sort (numbers as numbers), each click the other way. */
static const char class_script[] =
	"(function(){var t=document.querySelector('table.class');if(!t)return;"
	"var b=t.tBodies[0],hs=t.tHead.rows[0].cells;"
	"Array.prototype.forEach.call(hs,function(th,i){var k=document.createElement('button');"
	"k.type='button';k.className='sort';while(th.firstChild)k.appendChild(th.firstChild);"
	"th.appendChild(k);k.addEventListener('click',function(){"
	"var up=th.getAttribute('aria-sort')!=='ascending',num=th.dataset.type==='number';"
	"Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort')});"
	"th.setAttribute('aria-sort',up?'ascending':'descending');"
	"var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){"
	"var p=x.cells[i].dataset.sort,q=y.cells[i].dataset.sort,"
	"r=num?parseFloat(p)-parseFloat(q):p.localeCompare(q);"
	"return (up?r:-r)||x.dataset.order-y.dataset.order});"
	"rows.forEach(function(r){b.appendChild(r)})})})})();\n";

static const char *const state_label[] = {
	[PROF_LOCKED] = "locked", [PROF_OPEN] = "open",
	[PROF_IN_PROGRESS] = "in progress", [PROF_PROFICIENT] = "proficient",
};

static const char *const trend_arrow[] = {
	[REPORT_TREND_NONE] = "", [REPORT_TREND_DOWN] = "\u2193",
	[REPORT_TREND_FLAT] = "\u2192", [REPORT_TREND_UP] = "\u2191",
};

static void score_or_dash(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.1f", v);
	else
		fputs("\u2013", f);
}

double report_trend_shown(double slope)
{
	char tenths[64];

	/* printf's own rounding (-1.25 is "-1.2"), only without the sign of
	 * a zero. */
	snprintf(tenths, sizeof(tenths), "%.1f", slope);
	return strtod(tenths, NULL) == 0 ? 0 : slope;
}

static void write_cell(FILE *f, const struct report_class_cell *c)
{
	enum prof_state st = c->state <= PROF_PROFICIENT ? c->state : PROF_LOCKED;

	/* Status first, then the best score, so a column sorts by both. */
	fprintf(f, "<td class=\"cell %s\" data-sort=\"%.1f\"><span class=\"state\">%s</span>",
		report_class_state_class(st),
		(double)st * 1000 + (isfinite(c->best) ? c->best : -1), state_label[st]);
	/* Said in words: a sign-off is the instructor's to give. */
	if (c->signoff_needed)
		fputs("<span class=\"signoff\">sign-off needed</span>", f);
	fputs("<span class=\"scores\">", f);
	score_or_dash(f, c->best);
	fputs(" / ", f);
	score_or_dash(f, c->last);
	fprintf(f, "</span><span class=\"sessions\">%zu/%zu", c->counted, c->sessions);
	if (c->trend != REPORT_TREND_NONE)
		fprintf(f, " <span class=\"trend %s\" title=\"%s: %+.1f points a session\">%s"
			"</span>", report_trend_name(c->trend), report_trend_name(c->trend),
			report_trend_shown(c->slope), trend_arrow[c->trend]);
	fputs("</span></td>", f);
}

static void write_legend(FILE *f)
{
	fputs("<div class=\"legend\"><b>Each cell:</b>"
	      "<span class=\"cell locked\">locked</span>"
	      "<span class=\"cell open\">open</span>"
	      "<span class=\"cell in-progress\">in progress</span>"
	      "<span class=\"cell proficient\">proficient</span>"
	      "<span>\u2018sign-off needed\u2019 when a sign-off is all that is left</span>"
	      "<span>then best / last score of the sessions that count, "
	      "sessions that count / all</span>"
	      "<span>trend of the last 3 counted scores: \u2191 up, \u2192 flat, "
	      "\u2193 down (2 points a session or more)</span>"
	      "<span>A click on a column's heading sorts by it.</span></div>\n", f);
}

/* The least width of the table, CSS px: the trainee's and count columns
 * (150 and 84) and, for each lesson, room for the longest run of its id
 * between hyphens in the headers' bold 12 px (about 7 px a letter, with
 * the padding), at least 100 px ("densification", 13 letters, gets 103). Narrower,
 * the table scrolls sideways in its box rather than break an id
 * mid-word. */
static int table_min_px(const struct report_class *c)
{
	size_t longest = 0;

	for (size_t l = 0; l < c->lesson_count; l++) {
		const char *id = c->lessons[l].id ? c->lessons[l].id : "";
		size_t run = 0;

		for (const char *p = id; *p; p++) {
			run = *p == '-' || *p == ' ' ? 0 : run + ((*p & 0xc0) != 0x80);
			longest = run > longest ? run : longest;
		}
	}
	longest = 12 + 7 * longest > 100 ? 12 + 7 * longest : 100;
	return 150 + 84 + (int)(longest * c->lesson_count);
}

static void write_table(FILE *f, const struct report_class *c)
{
	fprintf(f, "<div class=\"wide\"><table class=\"class\" style=\"min-width:%dpx\">\n",
		table_min_px(c));
	fputs("<thead><tr>"
	      "<th scope=\"col\" class=\"name\">Trainee</th>"
	      "<th scope=\"col\" class=\"count\" data-type=\"number\">Proficient</th>", f);
	for (size_t l = 0; l < c->lesson_count; l++) {
		const struct report_class_lesson *ls = &c->lessons[l];

		fputs("<th scope=\"col\" data-type=\"number\" title=\"", f);
		report_html_text(f, ls->title ? ls->title : ls->id);
		fprintf(f, "\">%zu. ", l + 1);
		report_html_text(f, ls->id);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t t = 0; t < c->trainee_count; t++) {
		const struct report_class_trainee *tr = &c->trainees[t];

		fprintf(f, "<tr data-order=\"%zu\"><th scope=\"row\" data-sort=\"", t);
		report_html_text(f, tr->name);
		fputs("\"><bdi>", f);
		report_html_text(f, tr->name);
		/* As 'trainee list' marks one: their sessions make benchmarks. */
		fprintf(f, "</bdi>%s</th><td class=\"count\" data-sort=\"%zu\">%zu of %zu</td>",
			tr->expert ? " <span class=\"expert\">(expert)</span>" : "",
			tr->proficient, tr->proficient, c->lesson_count);
		for (size_t l = 0; l < c->lesson_count; l++)
			write_cell(f, &c->cells[t * c->lesson_count + l]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

int report_html_class(FILE *f, const struct report_class *c)
{
	char when[64];

	if ((c->trainee_count && c->lesson_count && !c->cells) ||
	    (c->trainee_count && !c->trainees) || (c->lesson_count && !c->lessons))
		return -EINVAL;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"smpsim " SMPSIM_VERSION "\">\n"
	      "<title>Class overview", f);
	if (c->group) {
		fputs(": \u2068", f);
		report_html_text(f, c->group);
		fputs("\u2069", f);
	}
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>Class "
		"overview", class_style);
	if (c->group) {
		fputs(": <bdi>", f);
		report_html_text(f, c->group);
		fputs("</bdi>", f);
	}
	fprintf(f, "</h1>\n<p class=\"meta\">%zu trainee%s%s, %zu lesson%s of the "
		"curriculum.</p>\n", c->trainee_count, c->trainee_count == 1 ? "" : "s",
		c->group ? " in the group" : "", c->lesson_count, c->lesson_count == 1 ? "" : "s");
	if (c->record || c->generated) {
		fputs("<p class=\"meta\">From the record <code>", f);
		report_html_text(f, c->record ? c->record : "");
		report_time_text(c->generated, when, sizeof(when));
		fputs("</code>", f);
		if (c->generated)
			fprintf(f, ", made %s", when);
		fputs(".</p>\n", f);
	}
	write_legend(f);
	if (c->trainee_count == 0)
		fputs("<p class=\"none\">No trainees to show.</p>\n", f);
	else
		write_table(f, c);
	fprintf(f, "<footer>Made by smpsim " SMPSIM_VERSION ". This page is self-contained: it "
		"needs no network.</footer>\n</main>\n<script>\n%s</script>\n</body>\n</html>\n",
		class_script);
	if (fflush(f) != 0)
		return errno ? -errno : -EIO;
	return ferror(f) ? -EIO : 0;
}
