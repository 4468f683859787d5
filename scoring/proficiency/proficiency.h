/* proficiency: when a trainee is proficient in a lesson, from the sessions
 * that count, by the lesson's rule in the curriculum (issue 14). Pure: no
 * files, no database; sim/support gathers the sessions from the record and
 * the rules from the curriculum.
 *
 * A rule, after FLS ("2 consecutive passes, then 10 more") and the robotic
 * simulators (every benchmark met, several times): proficient at the first
 * session where the trainee has passed K counted sessions in a row and L
 * counted sessions in all, the last E of those K in exam mode, and (when
 * the rule asks) one of the sessions it rests on signed off by an
 * instructor with every domain rated at least S. Proficiency once reached
 * stays.
 *
 * What counts (prof_session.kind): a live session, complete and scored,
 * begun after the lesson opened. A replayed session, one begun before the
 * lesson opened and one not scored are skipped (neither a pass nor a break
 * in the run); an interrupted session and a failed one break the run.
 */
#ifndef SMPSIM_PROFICIENCY_H
#define SMPSIM_PROFICIENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROF_REST_MAX 64    /**< sessions a proficiency can rest on */

/** A lesson's rule (curriculum.yaml, "proficiency"). */
struct prof_rule {
	unsigned int consecutive;  /**< K >= 1: passes in a row */
	unsigned int total;        /**< L >= K: passes in all, at most PROF_REST_MAX */
	unsigned int exam_last;    /**< E <= K: the last E of the K in exam mode */
	unsigned int signoff_min;  /**< S, 1..5; 0: no sign-off needed */
};

/** How a session weighs. */
enum prof_kind {
	PROF_COUNTS = 0,        /**< live, complete, scored, after the opening */
	PROF_INTERRUPTED,       /**< breaks the run, never a pass */
	PROF_REPLAYED,          /**< skipped: not live work */
	PROF_ORIGIN_UNKNOWN,    /**< skipped: stored before the record kept it */
	PROF_BEFORE_OPENING,    /**< skipped: the lesson was not open yet */
	PROF_NOT_SCORED,        /**< skipped: too short to score, or in progress */
};

/** One session of the trainee in the lesson, oldest first. */
struct prof_session {
	int64_t id;
	enum prof_kind kind;
	bool passed;               /**< its judgement (store_session.judged_passed) */
	bool exam;                 /**< practised in exam mode */
	double score;              /**< its judgement's score, for the record */
	/** The lowest rating of its best sign-off (the one whose lowest
	 * rating is highest), 1..5; 0: not signed off. */
	unsigned int signoff_min;
};

enum prof_state {
	PROF_LOCKED = 0,      /**< the lesson before it is not proficient, nor opened early */
	PROF_OPEN,            /**< open, no session counted yet */
	PROF_IN_PROGRESS,     /**< sessions counted, not proficient yet */
	PROF_PROFICIENT,
};

/** Where a trainee stands in one lesson. */
struct prof_status {
	enum prof_state state;
	size_t counted;            /**< sessions that counted (PROF_COUNTS) */
	size_t passes;             /**< of them passed */
	size_t run;                /**< passes in a row at the end (or at proficiency) */
	/* What is left (0 when proficient), as the fewest further passes,
	 * made in a row, that would make the trainee proficient: */
	size_t left_in_row;        /**< passes in a row still needed: the run's
				    *   missing ones, or more when the run's
				    *   last passes were not in exam mode */
	size_t left_total;         /**< passes still needed in all, at least
				    *   left_in_row */
	size_t left_exam;          /**< of those passes, the last ones, how
				    *   many in exam mode */
	bool needs_signoff;        /**< a sign-off of at least signoff_min still needed */
	/* When proficient: the sessions it rests on (the passes counted up
	 * to it, the last L at most), oldest first, and the one it came at. */
	int64_t rests_on[PROF_REST_MAX];
	size_t rests_count;
	int64_t proficient_at;     /**< session id; 0 when not proficient */
	/* When a sign-off is all that is left (needs_signoff, left_total
	 * 0): the passes it would rest on (the last L), oldest first; a
	 * sign-off of any one of them at signoff_min or more makes it. */
	int64_t signoff_on[PROF_REST_MAX];
	size_t signoff_on_count;
};

/**
 * @return 0 when @p rule is one (K >= 1, K <= L <= PROF_REST_MAX,
 * E <= K, S <= 5), else -EINVAL with the reason in @p why (may be NULL).
 */
int prof_rule_check(const struct prof_rule *rule, char *why, size_t why_size);

/**
 * Judges @p count sessions (oldest first) of a lesson that is @p open by
 * @p rule into @p out. A lesson not open is PROF_LOCKED whatever its
 * sessions (they were all begun before it opened).
 * @return 0, or -EINVAL for a rule prof_rule_check() refuses.
 */
int prof_judge(const struct prof_rule *rule, bool open, const struct prof_session *sessions,
	       size_t count, struct prof_status *out);

/** @return "locked", "open", "in progress", "proficient". */
const char *prof_state_name(enum prof_state state);

/** @return why a session of @p kind does or does not count, in a few words
 * ("counts", "replayed from a recording", ...). */
const char *prof_kind_text(enum prof_kind kind);

#endif
