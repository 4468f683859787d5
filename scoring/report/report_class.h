/* report_class: the class overview (issue 14) as one self-contained HTML
 * page: a table of trainees by the curriculum's lessons, each cell where
 * the trainee stands in the lesson (locked, open, in progress,
 * proficient: a text label and a colour, the colours a single-hue scale
 * light to dark, so it reads with any colour vision and in grey print),
 * the best and last score of the sessions that count, how many counted of
 * how many, and the trend of the last three counted scores as an arrow.
 * Sorting by a column is a small inline script that turns the headers
 * into buttons: without it the page reads the same in the trainees'
 * order, and print keeps the colours and drops the buttons' look.
 *
 * Plain data in, no files or database read (sim/support/class_table.c
 * fills it); the page is written to a stream it is given. Stable classes
 * for tests and styling: <table class="class">, each lesson cell
 * <td class="cell STATE"> with STATE locked, open, in-progress or
 * proficient, and data-sort its sort key.
 */
#ifndef SMPSIM_REPORT_CLASS_H
#define SMPSIM_REPORT_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proficiency.h"

/** Which way a trainee's counted scores go in a lesson. */
enum report_trend {
	REPORT_TREND_NONE = 0,   /**< fewer than two counted scores */
	REPORT_TREND_DOWN,
	REPORT_TREND_FLAT,
	REPORT_TREND_UP,
};

/** How many counted scores the trend is of: the newest ones. */
#define REPORT_TREND_SESSIONS 3
/** A slope of at least this many points a session, either way, is up or
 * down; less is flat. */
#define REPORT_TREND_STEP 2.0

/** One trainee in one lesson. */
struct report_class_cell {
	enum prof_state state;
	double best, last;          /**< of the counted sessions' scores; NaN: none */
	size_t counted;             /**< sessions that count towards proficiency */
	size_t sessions;            /**< all the trainee's sessions of the lesson */
	enum report_trend trend;
	double slope;               /**< points a session; NaN with the trend none */
	bool signoff_needed;        /**< in progress with only a sign-off left */
};

struct report_class_trainee {
	const char *name;
	size_t proficient;          /**< lessons proficient */
	bool expert;                /**< marked an expert (smpsim trainee expert) */
};

struct report_class_lesson {
	const char *id;
	const char *title;          /**< NULL: the id */
};

/** The class: cells[t * lesson_count + l] is trainee t in lesson l. */
struct report_class {
	const char *group;          /**< the group shown; NULL: every trainee */
	const char *record;         /**< the record's path, shown as made from */
	int64_t generated;          /**< Unix time of the page, s; 0: none shown */
	const struct report_class_trainee *trainees;
	size_t trainee_count;
	const struct report_class_lesson *lessons;
	size_t lesson_count;
	const struct report_class_cell *cells;
};

/**
 * The trend of @p count scores, oldest first: the least-squares slope of
 * the newest REPORT_TREND_SESSIONS of them against their order (points a
 * session; with three, half the newest less the oldest) in *slope, NaN
 * with fewer than two. @return up or down when the slope is at least
 * REPORT_TREND_STEP that way, else flat; none with fewer than two.
 */
enum report_trend report_class_trend(const double *scores, size_t count, double *slope);

/**
 * @return @p slope to be printed to a tenth of a point ("%+.1f"): itself,
 * or 0 when it rounds to 0 there (-0.03 was printed "-0.0").
 */
double report_trend_shown(double slope);

/** @return "none", "down", "flat" or "up". */
const char *report_trend_name(enum report_trend trend);

/** @return the status's class name: "locked", "open", "in-progress", "proficient". */
const char *report_class_state_class(enum prof_state state);

/**
 * Writes the class page to @p f.
 * @return 0, -EINVAL for cells without trainees or lessons to hold them,
 * or the negative errno of writing (-EIO, -ENOSPC ...).
 */
int report_html_class(FILE *f, const struct report_class *c);

#endif
