/* report_signoff: instructors' sign-offs on the report's pages. A stored
 * session's page gets a "Sign-offs" section: each sign-off, oldest first,
 * with the instructor, the time, the rating of every domain (1 to 5, in
 * the order given, the lowest marked) and the note; or that the session
 * is not signed off. A trainee's page gets a cell per attempt. The
 * classes (section.signoffs, div.signoff, table.ratings, td.lowest) are
 * stable, for tests and styling.
 */
#include "report_internal.h"

#include <stdio.h>

/* What a rating means, OSATS-style: 1 poor, 3 competent, 5 excellent. */
static const char *rating_word(int r)
{
	static const char *const words[] = { "", "poor", "below competent", "competent",
					     "above competent", "excellent" };

	return r >= 1 && r <= 5 ? words[r] : "";
}

static void one_signoff(FILE *f, const struct report_signoff *g, size_t number)
{
	char when[32];

	report_time_text(g->made, when, sizeof(when));
	fprintf(f, "<div class=\"signoff\">\n<h3>Sign-off %zu: <bdi class=\"instructor\">",
		number);
	report_html_text(f, g->instructor);
	fputs("</bdi>", f);
	if (*when)
		fprintf(f, ", %s", when);
	fprintf(f, " \u00b7 lowest rating %d</h3>\n<table class=\"ratings\" style=\"width:auto\">\n<thead><tr>"
		"<th>Domain</th><th class=\"num\">Rating</th><th></th></tr></thead>\n<tbody>\n",
		g->lowest);
	for (size_t i = 0; i < g->rating_count; i++) {
		const struct report_rating *r = &g->ratings[i];

		fputs("<tr><td>", f);
		report_html_text(f, r->domain);
		/* The lowest in bold: it is what a proficiency rule compares. */
		if (r->rating == g->lowest)
			fprintf(f, "</td><td class=\"num lowest\"><b>%d</b></td>", r->rating);
		else
			fprintf(f, "</td><td class=\"num\">%d</td>", r->rating);
		fprintf(f, "<td>%s</td></tr>\n", rating_word(r->rating));
	}
	fputs("</tbody>\n</table>\n", f);
	if (g->note && *g->note) {
		fputs("<p class=\"signoff-note\" style=\"white-space:pre-line\"><b>Note:</b> ", f);
		report_html_text(f, g->note);
		fputs("</p>\n", f);
	}
	fputs("</div>\n", f);
}

void report_signoffs(FILE *f, const struct report_session *s)
{
	if (!s->signoffs_shown)
		return;
	fputs("<section class=\"signoffs\">\n<h2>Sign-offs</h2>\n", f);
	if (s->signoff_count == 0 || !s->signoffs)
		fputs("<p class=\"none\">Not signed off by an instructor (smpsim signoff "
		      "--session N).</p>\n", f);
	for (size_t i = 0; s->signoffs && i < s->signoff_count; i++)
		one_signoff(f, &s->signoffs[i], i + 1);
	if (s->signoff_count)
		fputs("<p class=\"meta\">Each domain is rated 1 to 5, as OSATS rates surgical "
		      "skill: 1 poor, 3 competent, 5 excellent.</p>\n", f);
	fputs("</section>\n", f);
}

void report_attempt_signoff(FILE *f, const struct report_attempt *a)
{
	if (a->signoffs == 0) {
		fputs("<td class=\"num\">\u2013</td>", f);
		return;
	}
	fprintf(f, "<td class=\"num signed\">lowest %d", a->signoff_lowest);
	if (a->signoffs > 1)
		fprintf(f, " (best of %zu)", a->signoffs);
	fputs("</td>", f);
}
