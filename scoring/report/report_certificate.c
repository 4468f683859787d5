/* report_certificate: the certificate's page. One HTML file with its own
 * style sheet, no script, font or image: a summary that fits the first A4
 * page (who, which lessons, when, the code and how to check it), then the
 * evidence (each lesson's rule, sessions, sign-offs and benchmarks) and
 * the files' SHA-256. Times are the record's, in UTC, so the page says the
 * same wherever it is made.
 */
#include "report_certificate.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "report_internal.h"

static const char style[] =
	":root{color-scheme:light}\n"
	"body{margin:0;background:#f4f1ea;color:#1d1d1f;"
	"font:15px/1.45 \"DejaVu Serif\",\"Liberation Serif\",Georgia,serif}\n"
	"main{max-width:860px;margin:24px auto;background:#fff;padding:36px 48px;"
	"border:1px solid #d8d4cc}\n"
	".front{border:3px double #0b3c5d;padding:28px 32px;text-align:center}\n"
	".front h1{font-size:30px;letter-spacing:.04em;margin:0 0 6px;color:#0b3c5d}\n"
	".academy{font-size:18px;margin:0 0 18px;color:#333}\n"
	".certifies{margin:14px 0 2px;color:#555}\n"
	".trainee{font-size:32px;font-weight:bold;margin:4px 0 10px}\n"
	"table{border-collapse:collapse;width:100%;font:13px/1.35 \"DejaVu Sans\","
	"\"Liberation Sans\",Arial,sans-serif}\n"
	"th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e4e0d8;"
	"vertical-align:top}\n"
	"th{color:#555;font-weight:normal}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}\n"
	".front table{margin:12px 0 18px}\n"
	/* The same columns in every lesson's table. */
	"table.sessions{table-layout:fixed}\n"
	"table.sessions th:nth-child(1){width:9%}table.sessions th:nth-child(2){width:24%}\n"
	"table.sessions th:nth-child(3){width:9%}table.sessions th:nth-child(4){width:9%}\n"
	"table.sessions th:nth-child(5){width:9%}\n"
	".codebox{margin:18px auto 4px;padding:12px 8px;border:2px solid #0b3c5d;"
	"border-radius:6px;max-width:560px}\n"
	".codebox .label{margin:0;color:#555;font-size:13px}\n"
	"p.code{font:bold 30px/1.2 \"DejaVu Sans Mono\",\"Liberation Mono\",monospace;"
	"letter-spacing:.06em;margin:6px 0;color:#0b3c5d;white-space:nowrap}\n"
	".check{font-size:13px;color:#333;margin:4px 0 0}.check code{white-space:nowrap}\n"
	"code{font:12px \"DejaVu Sans Mono\",\"Liberation Mono\",monospace}\n"
	".issued{margin:14px 0 0;color:#333}\n"
	"h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d8d4cc;"
	"padding-bottom:3px;color:#0b3c5d}\n"
	"h3{font-size:15px;margin:18px 0 4px}\n"
	".rule,.bench{margin:2px 0;font-size:13px;color:#333}\n"
	".pass{color:#2d6a4f;font-weight:bold}.fail{color:#b3261e;font-weight:bold}\n"
	".sha{word-break:break-all}\n"
	"footer{margin-top:28px;color:#777;font-size:12px}\n"
	"@page{size:A4;margin:14mm 14mm 16mm}\n"
	"@media print{body{background:#fff;font-size:11pt}"
	"main{margin:0;padding:0;border:0;max-width:none}"
	".front{page-break-after:always;break-after:page}"
	"section.lesson,tr{break-inside:avoid;page-break-inside:avoid}"
	"h2,h3{break-after:avoid;page-break-after:avoid}"
	"a{color:inherit;text-decoration:none}}\n";

/* "2026-12-06T07:36:34.250Z" as "2026-12-06"; @p with_time adds " 07:36 UTC". */
static void when(FILE *f, const char *iso, bool with_time)
{
	if (!iso || strlen(iso) < 16) {
		fputs("\u2013", f);
		return;
	}
	if (with_time)
		report_textf(f, "%.10s %.5s UTC", iso, iso + 11);
	else
		report_textf(f, "%.10s", iso);
}

static void rule_text(FILE *f, const struct prof_rule *r)
{
	report_textf(f, "Proficient after %u pass%s in a row", r->consecutive,
		     r->consecutive == 1 ? "" : "es");
	if (r->total > r->consecutive)
		report_textf(f, " and %u in all", r->total);
	if (r->exam_last == 1)
		fputs(", the last in exam mode", f);
	else if (r->exam_last)
		report_textf(f, ", the last %u in exam mode", r->exam_last);
	if (r->signoff_min)
		report_textf(f, ", with an instructor's sign-off rated at least %u of 5",
			     r->signoff_min);
	fputs(".", f);
}

static void summary(FILE *f, const struct report_certificate *c)
{
	const struct cert_facts *facts = c->facts;

	fputs("<section class=\"front\">\n<h1>Certificate of proficiency</h1>\n", f);
	if (facts->academy[0]) {
		fputs("<p class=\"academy\">", f);
		report_html_text(f, facts->academy);
		fputs("</p>\n", f);
	}
	fputs("<p class=\"certifies\">This certifies that</p>\n<p class=\"trainee\"><bdi>", f);
	report_html_text(f, facts->trainee);
	/* A certificate for part of the curriculum says so where a reader
	 * looks first, lest it pass for the whole course. */
	if (c->curriculum_lessons > facts->lesson_count)
		fprintf(f, "</bdi></p>\n<p>has shown proficiency, on the smpsim simulator for "
			"scalp micropigmentation, in %zu of the %zu lessons of the curriculum "
			"(a part of it):</p>\n", facts->lesson_count, c->curriculum_lessons);
	else
		fprintf(f, "</bdi></p>\n<p>has shown proficiency, on the smpsim simulator for "
			"scalp micropigmentation, in %zu lesson%s:</p>\n", facts->lesson_count,
			facts->lesson_count == 1 ? "" : "s");
	fputs("<table class=\"lessons\">\n<tr><th>Lesson</th><th>Proficient on</th>"
	      "<th class=\"num\">Sessions</th></tr>\n", f);
	for (size_t i = 0; i < facts->lesson_count; i++) {
		const struct cert_lesson *l = &facts->lessons[i];

		fputs("<tr><td>", f);
		report_html_text(f, l->title[0] ? l->title : l->id);
		fputs(" <code>", f);
		report_html_text(f, l->id);
		fputs("</code></td><td>", f);
		when(f, l->proficient_on, false);
		fprintf(f, "</td><td class=\"num\">%zu</td></tr>\n", l->session_count);
	}
	fputs("</table>\n<p class=\"issued\">Issued ", f);
	when(f, c->issued, true);
	if (facts->issued_by[0]) {
		fputs(" by <bdi>", f);
		report_html_text(f, facts->issued_by);
		fputs("</bdi>", f);
	}
	fputs(".</p>\n<div class=\"codebox\">\n<p class=\"label\">Verification code</p>\n"
	      "<p class=\"code\">", f);
	report_html_text(f, c->code);
	fputs("</p>\n<p class=\"check\">To check it, with the trainee's record:<br><code>smpsim "
	      "verify --certificate ", f);
	report_html_text(f, c->code);
	fputs(" --db ", f);
	report_html_text(f, c->record ? c->record : "RECORD");
	fputs("</code></p>\n</div>\n</section>\n", f);
}

static void session_row(FILE *f, const struct cert_session *s)
{
	fprintf(f, "<tr class=\"session\" data-session=\"%" PRId64 "\"><td class=\"num\">%"
		PRId64 "</td><td>", s->id, s->id);
	when(f, s->started, true);
	fprintf(f, "</td><td class=\"num\">%.1f</td>", s->score);
	fprintf(f, "<td class=\"%s\">%s</td><td>%s</td><td>", s->passed ? "pass" : "fail",
		s->passed ? "pass" : "fail", s->exam ? "exam" : "not exam");
	if (!s->signoff_count)
		fputs("\u2013", f);
	for (size_t i = 0; i < s->signoff_count; i++) {
		const struct cert_signoff *so = &s->signoffs[i];

		if (i)
			fputs("<br>", f);
		fputs("<bdi>", f);
		report_html_text(f, so->instructor);
		fprintf(f, "</bdi>, lowest rating %u of 5, ", so->lowest);
		when(f, so->made, false);
	}
	fputs("</td></tr>\n", f);
}

static void lesson_section(FILE *f, const struct cert_lesson *l)
{
	fputs("<section class=\"lesson\" data-lesson=\"", f);
	report_html_text(f, l->id);
	fputs("\">\n<h3>", f);
	report_html_text(f, l->title[0] ? l->title : l->id);
	fputs(" <code>", f);
	report_html_text(f, l->id);
	fputs("</code></h3>\n<p class=\"rule\">", f);
	rule_text(f, &l->rule);
	report_textf(f, " Proficient at session %" PRId64 ", ", l->proficient_at);
	when(f, l->proficient_on, true);
	fputs(".</p>\n<p class=\"bench\">Levels: ", f);
	for (size_t i = 0; i < l->benchmark_count; i++) {
		const struct cert_benchmark *b = &l->benchmarks[i];

		if (i)
			fputs("; ", f);
		if (b->id == 0) {
			fputs("the lesson's shipped levels", f);
			continue;
		}
		report_textf(f, "expert benchmark %" PRId64 " of ", b->id);
		when(f, b->made, false);
		fputs(" (", f);
		report_html_text(f, b->rule);
		fputs(")", f);
	}
	if (!l->benchmark_count)
		fputs("\u2013", f);
	fputs(".</p>\n<table class=\"sessions\">\n<tr><th class=\"num\">Session</th>"
	      "<th>Practised</th><th class=\"num\">Score</th><th>Result</th><th>Mode</th>"
	      "<th>Sign-offs</th></tr>\n", f);
	for (size_t i = 0; i < l->session_count; i++)
		session_row(f, &l->sessions[i]);
	fputs("</table>\n</section>\n", f);
}

static void files(FILE *f, const struct report_certificate *c)
{
	const struct cert_facts *facts = c->facts;

	fputs("<h2>Files</h2>\n<table class=\"files\">\n<tr><th>File</th><th>SHA-256</th>"
	      "</tr>\n<tr><td>the curriculum</td><td class=\"sha\"><code>", f);
	report_html_text(f, facts->curriculum_sha256);
	fputs("</code></td></tr>\n", f);
	for (size_t i = 0; i < facts->lesson_count; i++) {
		fputs("<tr><td>lesson <code>", f);
		report_html_text(f, facts->lessons[i].id);
		fputs("</code></td><td class=\"sha\"><code>", f);
		report_html_text(f, facts->lessons[i].file_sha256);
		fputs("</code></td></tr>\n", f);
	}
	if (c->chain) {
		fprintf(f, "<tr><td>the record's ledger when issued: entry %" PRId64
			", chain head</td><td class=\"sha\"><code>", c->ledger_seq);
		report_html_text(f, c->chain);
		fputs("</code></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

int report_certificate_html(FILE *f, const struct report_certificate *c)
{
	if (!c || !c->facts || !c->code)
		return -EINVAL;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"smpsim " SMPSIM_VERSION "\">\n"
	      "<title>Certificate of proficiency: \u2068", f);
	report_html_text(f, c->facts->trainee);
	fprintf(f, "\u2069</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", style);
	summary(f, c);
	fputs("<h2>What it rests on</h2>\n<p>Only live sessions count: none replayed from "
	      "a recording, none interrupted. Each score is the session's judgement in the "
	      "record (its newest re-score, else its own).</p>\n", f);
	for (size_t i = 0; i < c->facts->lesson_count; i++)
		lesson_section(f, &c->facts->lessons[i]);
	files(f, c);
	fputs("<footer>Made by smpsim " SMPSIM_VERSION ". The verification code is made from "
	      "these facts and the record's ledger as it was when the certificate was issued: "
	      "<code>smpsim verify --certificate CODE</code> finds any change since. It is "
	      "not a signature: whoever holds the record could rewrite it whole.</footer>\n"
	      "</main>\n</body>\n</html>\n", f);
	if (fflush(f) != 0)
		return errno ? -errno : -EIO;
	return ferror(f) ? -EIO : 0;
}
