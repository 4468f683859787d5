/* report_internal: what report_html.c, report_svg.c, report_signoff.c
 * and report_text.c share. Not an API. report_html.c draws the page and calls report_svg.c
 * for its pictures; both write text through report_text.c. */
#ifndef SMPSIM_REPORT_INTERNAL_H
#define SMPSIM_REPORT_INTERNAL_H

#include <stdio.h>

#include "report_html.h"

/** Formats like printf, then writes the result as escaped HTML text. */
void report_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Unix time @p t as local "YYYY-MM-DD HH:MM" into @p buf ("" for 0). */
void report_time_text(int64_t t, char *buf, size_t size);

/** The work area to scale: the picture, its legend and the overview.
 * @return 0, or -ENOMEM. */
int report_svg_scalp(FILE *f, const struct report_session *s);

/** The density map against the target, with its legend.
 * @return 0, or -ENOMEM. */
int report_svg_density(FILE *f, const struct report_session *s);

/** One lesson's scores over the attempts, as a line chart. */
void report_svg_trend(FILE *f, const struct report_lesson_trend *t);

/** Writes @p s's "Sign-offs" section (nothing unless s->signoffs_shown)
 * (report_signoff.c). */
void report_signoffs(FILE *f, const struct report_session *s);

/** Writes an attempt's sign-off cell: "lowest 3" (and how many), or a dash
 * (report_signoff.c). */
void report_attempt_signoff(FILE *f, const struct report_attempt *a);

/* The picture's scale: at most this many CSS pixels each way. */
#define REPORT_PICTURE_PX 900

#endif
