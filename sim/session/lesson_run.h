/* lesson_run: a session of a lesson, from the lesson file to its score,
 * whatever the pen is (a recording, a device): load the lesson (and keep
 * its exact text), set the simulator up for the pen, run the session loop
 * to the lesson's time limit, measure the deposits and score them by the
 * lesson's rubric. What `smpsim score` and `smpsim practice` share.
 */
#ifndef SMPSIM_LESSON_RUN_H
#define SMPSIM_LESSON_RUN_H

#include <stddef.h>

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
	struct score_dot *dots;
	size_t dot_count;
	struct score_frame frame;
	struct score_metrics metrics;
	struct score_result result;
	bool measured, scored;      /**< metrics, result hold what was found */
};

/**
 * Finds lesson @p id in the data folder, loads it and its models, and
 * reads its text. @p run is zeroed first but for run->cmd.
 * @return CLI_OK, or an exit status after printing what is wrong.
 */
int lesson_run_load(struct lesson_run *run, const char *id);

/**
 * Creates the simulator for the lesson and the pen @p pen (its force
 * calibration), and sets @p loop's simulator and time limit.
 * @return CLI_OK, or an exit status after printing what is wrong.
 */
int lesson_run_start(struct lesson_run *run, const struct pen_source *pen,
		     struct session_loop *loop);

/**
 * Measures the deposits of a session of @p duration_s and scores them.
 * @return CLI_OK; CLI_FAILED for too little to score, CLI_BAD_INPUT for
 * zones that cannot be measured, after printing what is wrong.
 */
int lesson_run_score(struct lesson_run *run, double duration_s);

/** @return the id of deposit @p d's region ("frontal" ...), or NULL. */
const char *lesson_run_region_id(const struct lesson_run *run, const struct deposit *d);

/** Frees what the run holds. */
void lesson_run_release(struct lesson_run *run);

#endif
