/* report_html: a session or a trainee's progress as one self-contained
 * HTML page for instructors (no network: inline CSS and SVG, no external
 * fonts, scripts or images).
 *
 * A session's page: the score, pass or fail (an interrupted session's
 * state in their place: not a failed attempt), never-events and the three
 * things to work on; an SVG picture of the work area drawn to scale (the
 * viewBox is in scalp mm, with a scale bar): the scalp's regions, the
 * lesson's zones, the designed hairline and every deposit at its
 * diameter, coloured by its depth class (in band, shallow, deep,
 * overdeep) and ringed by its flags (merged, outside the zone, a drag
 * line), a line from each dot too close to the earlier one it crowds and
 * a square round each that left a gap, with a legend of what is drawn
 * and a small overview of the whole scalp area (above
 * REPORT_VECTOR_DOTS_MAX deposits the dots are one PNG layer and their
 * data compact text, report_raster.c); the density map against the lesson's
 * target (the density measure's own cells, coloured by dots counted over
 * dots due); the table of measures with the rubric's bands and marks;
 * for a stored session, the instructors' sign-offs (report_signoff.c).
 *
 * A trainee's page: per lesson, the scores of every attempt over time as
 * an SVG line chart, each attempt marked passed or failed, and the attempts
 * as a table.
 *
 * The renderer takes plain data and reads no files or database, and
 * writes to a stream it is given; what fills it from the store is
 * sim/support/report_store.c, and the file is the caller's out_file (out_file.h). All text is
 * escaped for HTML and kept as UTF-8 (bytes that are not UTF-8 show as
 * U+FFFD). Element classes are stable, for tests and for styling: each
 * deposit is a <circle class="dot CLASS [merged] [outside] [line]"> with
 * r = diameter / 2 and data-id = the deposit's id, in the <svg
 * class="scalp"> picture; the marks are <line class="too-close"> and
 * <rect class="gap"> with data-dot = the deposit's id; each legend entry
 * is an <li data-kind="KIND">.
 */
#ifndef SMPSIM_REPORT_HTML_H
#define SMPSIM_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "deposit.h"
#include "lesson.h"
#include "lesson_apply.h"
#include "score_metrics.h"
#include "score_rubric.h"

/** One domain's rating in an instructor's sign-off. */
struct report_rating {
	const char *domain;
	int rating;                          /**< 1..5 */
};

/** An instructor's sign-off of the session (OSATS-style, 1 to 5 a domain). */
struct report_signoff {
	const char *instructor;
	int64_t made;                        /**< Unix time, s */
	const struct report_rating *ratings; /**< in the order given */
	size_t rating_count;
	int lowest;                          /**< the lowest rating */
	const char *note;                    /**< "" or NULL: none */
};

/** One session as the report shows it. */
struct report_session {
	int64_t id;                          /**< the stored session; 0: not stored */
	const char *trainee;                 /**< NULL: none shown */
	const struct lesson *lesson;
	const struct lesson_session *ls;     /**< its scalp (with the lesson's
					      *   bands) and zones */
	const struct deposit *deposits;      /**< in order of making */
	size_t deposit_count;
	const struct score_metrics *metrics; /**< NULL: not measured */
	const struct score_result *result;   /**< NULL: not scored (needs metrics) */
	/** For a session scored before proficiency (result->by_proficiency
	 * false): its mean before a never-event capped it; not shown unless
	 * above the score (0: none). */
	double uncapped;
	int64_t started;                     /**< Unix time, s; 0: unknown */
	double duration_s;                   /**< session time; 0: unknown */
	const char *status;                  /**< "complete", "interrupted"...; NULL: none */
	const char *device;                  /**< NULL: none shown */
	const char *view;                    /**< what the trainee saw ("exam
					      *   mode"); NULL: not shown */
	const char *mapping;                 /**< where the pad lay on the scalp
					      *   ("centred at 1:1 ..."); NULL:
					      *   none shown */
	/** Where the pen came from, as said in the header ("live", "replayed
	 * from a recording (does not count towards proficiency)"); NULL: not
	 * shown. */
	const char *origin;
	/** Which required levels judged it ("the lesson file's own levels",
	 * "benchmark 2 ..."); NULL: not shown. */
	const char *levels;
	const char *note;                    /**< a remark under the title; NULL: none */
	/** The "Sign-offs" section (a stored session's): shown when true,
	 * with every sign-off, oldest first, or "not signed off". */
	bool signoffs_shown;
	const struct report_signoff *signoffs;
	size_t signoff_count;
	/** Up to this many deposits every dot is an SVG circle, above it the
	 * dots are one image (0: REPORT_VECTOR_DOTS_MAX, 5 000); set only to
	 * compare the two (`test-report bench`). */
	size_t vector_dots_max;
};

/** One attempt at a lesson, for a trainee's trend. */
struct report_attempt {
	int64_t session;
	int64_t started;                     /**< Unix time, s */
	bool scored;
	double score;                        /**< 0..100 when scored */
	bool passed;
	const char *status;                  /**< NULL: none shown */
	size_t deposits;
	size_t signoffs;                     /**< instructors' sign-offs of it */
	int signoff_lowest;                  /**< the lowest rating of its best
					      *   sign-off; 0: none */
	const char *not_counted;             /**< why it never counts towards
					      *   proficiency ("replayed from a
					      *   recording"); NULL: it may */
};

/** A lesson's attempts, oldest first. */
struct report_lesson_trend {
	const char *lesson_id;
	const char *title;                   /**< NULL: the id alone */
	const struct report_attempt *attempts;
	size_t count;
};

/** A trainee's progress: the lessons in teaching order. */
struct report_trainee {
	const char *name;
	const struct report_lesson_trend *lessons;
	size_t lesson_count;
	int64_t generated;                   /**< Unix time of the report, s; 0: none shown */
};

/**
 * Writes a session's page to @p f.
 * @return 0, -EINVAL for incomplete data (no lesson, scalp or zones, a
 * result without metrics), -ENOMEM,
 * or -EIO when writing failed.
 */
int report_html_session(FILE *f, const struct report_session *s);

/** Writes a trainee's page to @p f. @return as report_html_session(). */
int report_html_trainee(FILE *f, const struct report_trainee *t);

/** Writes @p s as HTML text: & < > " ' escaped, invalid UTF-8 and control
 * characters other than tab and newline as U+FFFD. NULL writes nothing. */
void report_html_text(FILE *f, const char *s);  /* report_text.c */

#endif
