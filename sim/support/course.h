/* course: where a trainee stands in the curriculum (issue 14), what
 * `smpsim progress`, the class overview and the certificate all show.
 *
 * course_judge() reads, for one trainee and a loaded curriculum, their
 * sessions, their lessons' early openings and their sessions' sign-offs,
 * and judges every lesson of the curriculum in order with its rule
 * (proficiency.h):
 *   - the first lesson is open from the start; lesson k+1 opens when
 *     lesson k became proficient (the time the session it came at
 *     ended, or the sign-off it needed was made, whichever came later),
 *     or when an instructor opened it (`smpsim trainee open`),
 *     whichever came first;
 *   - each session of the lesson is weighed (enum prof_kind), in this
 *     order: begun before the lesson opened (PROF_BEFORE_OPENING; every
 *     session of a locked lesson), replayed from a recording
 *     (PROF_REPLAYED), of an origin the record did not keep
 *     (PROF_ORIGIN_UNKNOWN), interrupted (PROF_INTERRUPTED), not scored
 *     (PROF_NOT_SCORED: too short, or still in progress), else it counts
 *     (PROF_COUNTS) with its judgement (its newest rescore, else its own
 *     score), in exam mode when its view was (STORE_VIEW_EXAM), with its
 *     best sign-off.
 * Sessions of lessons not in the curriculum are not read into it.
 *
 * Everything is read in a few statements and judged in memory; nothing is
 * written, so it works on a record opened read-only.
 */
#ifndef SMPSIM_COURSE_H
#define SMPSIM_COURSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "data_library.h"
#include "lesson.h"
#include "proficiency.h"
#include "store.h"
#include "store_course.h"

/** How many kinds of session there are (enum prof_kind), for counting. */
#define COURSE_KINDS (PROF_NOT_SCORED + 1)

/** How a lesson came to be open. */
enum course_opened {
	COURSE_NOT_OPEN = 0,       /**< locked */
	COURSE_FROM_START,         /**< the curriculum's first lesson */
	COURSE_AFTER_PREVIOUS,     /**< when the lesson before became proficient */
	COURSE_BY_INSTRUCTOR,      /**< an instructor opened it, before that */
};

/** One session of a lesson, as it weighs. */
struct course_session {
	int64_t id;
	char started[STORE_TIME_MAX];   /**< ISO 8601, UTC */
	char ended[STORE_TIME_MAX];     /**< ISO 8601, UTC; "" not ended */
	enum prof_kind kind;
	int origin;                     /**< enum store_origin; -1 not kept */
	int view_mode;                  /**< enum store_view_mode; -1 not kept */
	bool scored;                    /**< its judgement has a score */
	double score;                   /**< its judgement's score; NaN: none */
	bool passed;                    /**< its judgement */
	bool interrupted;               /**< never ended (kind says so only
					 *   for a live session, judged first) */
	bool exam;                      /**< practised in exam mode */
	bool rescored;                  /**< the judgement is a rescore's */
	unsigned int signoff_min;       /**< its best sign-off's lowest rating; 0 none */
};

/** One lesson of the curriculum, for one trainee. */
struct course_lesson {
	char id[LESSON_ID_MAX];
	/** The lesson file's title (the data folder's), else the newest
	 * session's, else the id. */
	char title[STORE_NAME_MAX];
	struct prof_rule rule;          /**< the curriculum's for it */
	struct prof_status status;      /**< prof_judge()'s; status.state is
					 *   where the trainee stands */
	/** Every session of the trainee in it, oldest first: points into
	 * the course, lives as long as it. */
	const struct course_session *sessions;
	size_t session_count;
	/** Of the sessions that count (PROF_COUNTS): the best and the
	 * newest judged score; NaN when none counted. */
	double best, last;
	/** How it opened; when (ISO 8601 UTC, "" from the start or not open). */
	enum course_opened opened;
	char opened_time[STORE_TIME_MAX];
	/** COURSE_AFTER_PREVIOUS: the lesson before, and the session of it
	 * at which it became proficient. */
	char opened_after[LESSON_ID_MAX];
	int64_t opened_after_session;
	/** The instructor's earliest opening of this lesson, if any
	 * (has_opening), whether or not it came first (opened says). */
	bool has_opening;
	struct store_opening opening;
	/** PROF_PROFICIENT: when: the time the session it came at ended (a
	 * session is complete when it counts, so it has ended), or, when the
	 * rule asks for a sign-off, the first sign-off that meets it if that
	 * came later. */
	char proficient_time[STORE_TIME_MAX];
};

/** A trainee's standing in the whole curriculum. */
struct course {
	int64_t trainee;
	char trainee_name[STORE_NAME_MAX];   /**< as stored */
	struct course_lesson *lessons;       /**< in the curriculum's order */
	size_t count;
	size_t proficient;                   /**< lessons proficient */
	/** Sessions of the curriculum's lessons by kind:
	 * by_kind[PROF_COUNTS] are those that counted. */
	size_t by_kind[COURSE_KINDS];
	struct course_session *all_sessions; /* owned: what lessons point into */
};

/**
 * Loads the data folder's curriculum (DATA/lessons/curriculum.yaml, its
 * lessons kept in @p lib: curriculum_load()).
 * @return 0; -ENOENT when there is none, another negative errno when it
 * cannot be read; -EINVAL for a malformed one ("file:line: what"), or
 * -ENOMEM; @p err says which. Commands exit 2 (bad input) for -EINVAL
 * only: a curriculum missing or unreadable is a file that could not be
 * read, 1, as `lessons` says it.
 */
int course_curriculum_load(struct data_library *lib, struct curriculum *cur, char *err,
			   size_t err_size);

/**
 * Judges trainee @p trainee (a name, looked up as store_trainee_find()
 * does) in every lesson of @p cur. @p lib gives the lessons' titles (the
 * library curriculum_load() filled; NULL: the sessions' titles).
 * @return 0 and *out, to free with course_free(); -ENOENT for no such
 * trainee, -EINVAL for a name that is not one or a rule
 * prof_rule_check() refuses, or a negative errno from the store; @p err
 * says which.
 */
int course_judge(struct store *store, const struct curriculum *cur,
		 struct data_library *lib, const char *trainee, struct course **out,
		 char *err, size_t err_size);

/** Frees @p course. Accepts NULL. */
void course_free(struct course *course);

/** @return lesson @p id of @p course, or NULL when it is not in the
 * curriculum. Lives as long as the course. */
const struct course_lesson *course_lesson_find(const struct course *course,
					       const char *id);

/** @return the session @p id of @p lesson, or NULL. */
const struct course_session *course_session_find(const struct course_lesson *lesson,
						 int64_t id);

/** The longest course_rule_text(), with its NUL. */
#define COURSE_RULE_TEXT_MAX 160

/**
 * @p rule said for people: "2 passes in a row, 12 in all, the last 2 in
 * exam mode, a sign-off rated 3 or more" (each part only when the rule
 * has it; "in all" only when more than in a row).
 */
void course_rule_text(const struct prof_rule *rule, char *buf, size_t size);

/** The longest course_left_text(), with its NUL: the parts, and the
 * sessions a sign-off could be on (", " and an id each). */
#define COURSE_LEFT_TEXT_MAX (200 + PROF_REST_MAX * 22)

/**
 * What is left before @p lesson is proficient, said for people:
 * "2 passes in a row, 5 in all, 1 of them in exam mode, a sign-off rated 3
 * or more" (each part only when it is needed); when a sign-off is all that
 * is left, the sessions it can be on: "a sign-off rated 3 or more on one of
 * sessions 12, 14 (smpsim signoff --session N)"; "" when proficient.
 */
void course_left_text(const struct course_lesson *lesson, char *buf, size_t size);

/** The longest course_opened_text(), with its NUL. */
#define COURSE_OPENED_TEXT_MAX (STORE_WHY_MAX + 2 * STORE_NAME_MAX + 128)

/**
 * How @p lesson opened, said for people, times in local time to the
 * minute: "from the start", "after depth-taps was proficient (session 12,
 * 2025-03-01 14:02)", "by instructor Ana on 2025-03-01 14:02: WHY", or
 * "not open yet (finish PREV first, or an instructor opens it)" with
 * PREV the lesson before.
 */
void course_opened_text(const struct course *course, const struct course_lesson *lesson,
			char *buf, size_t size);

/** The longest course_locked_note(), with its NUL. */
#define COURSE_NOTE_MAX (2 * STORE_NAME_MAX + 3 * LESSON_ID_MAX + 256)

/**
 * What practice tells a trainee before a session of a lesson that is
 * locked for them: "LESSON is not open for you yet (finish PREV first, or
 * an instructor opens it: smpsim trainee open NAME LESSON --by WHO --why
 * TEXT): this session is stored but will not count towards proficiency."
 * into @p buf. The data folder's curriculum (of @p lib) and @p store say.
 * @return 1 with the note, 0 (buf "") when the lesson is open to the
 * trainee, is not in the curriculum, or the curriculum or record cannot
 * be read (practice goes on: `progress` reports those).
 */
int course_locked_note(struct store *store, struct data_library *lib, const char *trainee,
		       const char *lesson_id, char *buf, size_t size);

#endif
