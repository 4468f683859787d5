/* signoff_print: sign-offs as text and JSON (signoff_print.h). Names and
 * notes are quoted for the terminal in text (cli_quote.h) and escaped in
 * JSON; the domains' names are lined up by their display width.
 */
#include "signoff_print.h"

#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "store_cli.h"

/* "note: ..." with each further line of the note indented under the first. */
static void print_note(FILE *f, const char *note, const char *indent)
{
	const char *p = cli_quote_lines(note);

	fprintf(f, "%s  note: ", indent);
	for (; *p; p++) {
		fputc(*p, f);
		if (*p == '\n')
			fprintf(f, "%s        ", indent);
	}
	fputc('\n', f);
}

void signoff_print_ratings(FILE *f, const struct store_rating *ratings, size_t count,
			   const char *note, const char *indent)
{
	size_t width = 0;

	for (size_t i = 0; i < count; i++) {
		size_t w = store_cli_width(ratings[i].domain);

		width = w > width ? w : width;
	}
	for (size_t i = 0; i < count; i++) {
		fprintf(f, "%s  ", indent);
		store_cli_pad(f, ratings[i].domain, width);
		fprintf(f, "  %d\n", ratings[i].rating);
	}
	if (note && note[0])
		print_note(f, note, indent);
}

void signoff_print_text(FILE *f, const struct store_signoff *g, const char *indent)
{
	char made[32];

	store_cli_local_time(g->made, STORE_CLI_SECOND, made, sizeof(made));
	fprintf(f, "%ssign-off %" PRId64 " by %s, %s, lowest %d\n", indent, g->id,
		cli_quote(g->instructor), made, g->lowest);
	signoff_print_ratings(f, g->ratings, g->rating_count, g->note, indent);
}

void signoff_print_json(FILE *f, const struct store_signoff *g)
{
	fprintf(f, "{\"id\": %" PRId64 ", \"session\": %" PRId64 ", \"instructor\": ", g->id,
		g->session);
	cli_json_string(f, g->instructor);
	fprintf(f, ", \"made\": ");
	cli_json_string(f, g->made);
	fprintf(f, ", \"ratings\": [");
	for (size_t i = 0; i < g->rating_count; i++) {
		fprintf(f, "%s{\"domain\": ", i ? ", " : "");
		cli_json_string(f, g->ratings[i].domain);
		fprintf(f, ", \"rating\": %d}", g->ratings[i].rating);
	}
	fprintf(f, "], \"lowest\": %d, \"note\": ", g->lowest);
	cli_json_string(f, g->note);
	fprintf(f, "}");
}

void signoff_print_json_list(FILE *f, const struct store_signoff *list, size_t count,
			     const char *indent)
{
	fprintf(f, "[");
	for (size_t i = 0; i < count; i++) {
		fprintf(f, "%s\n%s  ", i ? "," : "", indent);
		signoff_print_json(f, &list[i]);
	}
	fprintf(f, "%s%s]", count ? "\n" : "", count ? indent : "");
}
