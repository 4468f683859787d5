/* signoff_print: instructors' sign-offs (store_signoff.h) as smpsim's
 * commands show them, as text and as JSON: `smpsim signoff` and `smpsim
 * review --session N` print them the same way.
 */
#ifndef SMPSIM_SIGNOFF_PRINT_H
#define SMPSIM_SIGNOFF_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include "store_signoff.h"

/**
 * Writes sign-off @p g as text: a line "sign-off ID by NAME, TIME (local),
 * lowest R", a line per domain (its name and rating), then the note, each
 * indented by @p indent.
 */
void signoff_print_text(FILE *f, const struct store_signoff *g, const char *indent);

/**
 * Writes @p count ratings as signoff_print_text() does, a line per domain
 * (its name and rating), then @p note unless NULL or empty, each indented
 * by @p indent: a sign-off's body, stored or not yet.
 */
void signoff_print_ratings(FILE *f, const struct store_rating *ratings, size_t count,
			   const char *note, const char *indent);

/** Writes sign-off @p g as one JSON object: id, session, instructor, made
 * (ISO 8601 UTC), ratings ([{domain, rating}] in the order given), lowest,
 * note. */
void signoff_print_json(FILE *f, const struct store_signoff *g);

/** Writes @p count sign-offs as a JSON array, each on a line of its own
 * indented by @p indent. */
void signoff_print_json_list(FILE *f, const struct store_signoff *list, size_t count,
			     const char *indent);

#endif
