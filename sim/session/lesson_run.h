/* lesson_run: a session of a lesson, from the lesson file to its score,
 * whatever the pen is (a recording, a device): load the lesson (and keep
 * its exact text), set the simulator up for the pen, run the session loop
 * to the lesson's time limit, measure the deposits and score them by the
 * lesson's rubric. What `smpsim score` and `smpsim practice` share.
 */
#ifndef SMPSIM_LESSON_RUN_H
#define SMPSIM_LESSON_RUN_H

#include <stddef.h>

#include "pen_calibration.h"
#include "lesson.h"
#include "lesson_apply.h"
#include "score_metrics.h"
#include "score_rubric.h"
#include "session_loop.h"

struct lesson_run {
	const char *cmd;            /**< the command, for messages ("score") */
	char path[4096];            /**< the lesson file */
	char *text;                 /**< the exact bytes it was parsed from (for its hash) */
	size_t text_size;
	struct lesson lesson;
	struct lesson_session ls;
	struct sim_session *sim;
	struct sim_mapping mapping; /**< the pad on the scalp, as chosen at the start */
	enum lesson_mapping_source mapping_source; /**< who chose it */
	struct lesson_area area;    /**< the lesson's work area (lesson_work_area()) */
	struct score_dot *dots;
	size_t dot_count;
	struct score_frame frame;
	struct score_metrics metrics;
	struct score_result result;
	bool measured, scored;      /**< metrics, result hold what was found */
	/** The pen's measured force curve, or NULL for the quirks' full
	 * scale; set before lesson_run_start(), kept by the caller. */
	const struct pen_calibration *calibration;
};

/**
 * Finds lesson @p id in the data folder, loads it and its models, and
 * reads its text. @p run is zeroed first but for run->cmd.
 * @return CLI_OK, or an exit status after printing what is wrong.
 */
int lesson_run_load(struct lesson_run *run, const char *id);

/**
 * Creates the simulator for the lesson and the pen @p pen (its force
 * calibration, its pad's size), and sets @p loop's simulator and time
 * limit. The pad lies on the scalp as @p option (--mapping; NULL: none)
 * says, else as the lesson file says, else with the lesson's work area
 * centred on it at real scale (lesson_choose_mapping()): run->mapping and
 * run->mapping_source. A pad too small for that is refused, saying the
 * size the lesson needs and the pad's, before anything is done.
 * @return CLI_OK, or an exit status after printing what is wrong
 * (CLI_BAD_INPUT for a pad too small or a bad set-up).
 */
int lesson_run_start(struct lesson_run *run, const struct pen_source *pen,
		     const struct sim_mapping *option, struct session_loop *loop);

/**
 * Measures the deposits of a session of @p duration_s and scores them.
 * @return CLI_OK; CLI_FAILED for too little to score (no dots: "not
 * scored: no dots were made"; measured, not scored), CLI_BAD_INPUT for
 * zones that cannot be measured, after printing what is wrong.
 */
int lesson_run_score(struct lesson_run *run, double duration_s);

/** @return the id of deposit @p d's region ("frontal" ...), or NULL. */
const char *lesson_run_region_id(const struct lesson_run *run, const struct deposit *d);

/** Frees what the run holds. */
void lesson_run_release(struct lesson_run *run);

#endif
