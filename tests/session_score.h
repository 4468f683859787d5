/* session_score: a recording scored on a lesson in-process, as `smpsim
 * score` does it: pen_source_open_recording -> sim_session ->
 * lesson_score_dots -> score_metrics_compute -> score_rubric_apply, the
 * pad placed as the program places it (lesson_fixture_sim_setup()). For
 * the tests and tools that check the scoring from outside (test-session-gen,
 * test-score-orderings, score-matrix).
 */
#ifndef SMPSIM_SESSION_SCORE_H
#define SMPSIM_SESSION_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "deposit.h"
#include "device_quirks.h"
#include "lesson.h"
#include "lesson_apply.h"
#include "pen_sample.h"
#include "score_metrics.h"
#include "score_rubric.h"
#include "session_gen.h"
#include "sim_session.h"

/** What a scored recording gave. */
struct session_score {
	struct deposit *deposits;   /**< every deposit, in order */
	size_t count;
	size_t samples, contacts;   /**< pen samples; tip-down edges */
	int64_t last_us;            /**< the last sample's time */
	struct sim_mapping mapping; /**< where the pad was placed */
	struct score_metrics metrics;
	struct score_result result;
};

/** Called with every pen sample before the simulator sees it. */
typedef void (*session_score_sample_fn)(void *ctx, const struct pen_sample *sample);

/**
 * Scores the recording @p path on @p lesson (@p ls) into @p out, the
 * device quirks @p quirks (@p quirk_count, may be 0) applied as smpsim
 * applies data/devices/quirks.yaml. @p on_sample, when not NULL, sees
 * every sample.
 * @return 0, or a negative errno with a message naming the file in @p err
 * (out is then empty). Free with session_score_free().
 */
int session_score_recording(const char *path, const struct lesson *lesson,
			    const struct lesson_session *ls,
			    const struct device_quirk *quirks, size_t quirk_count,
			    session_score_sample_fn on_sample, void *ctx,
			    struct session_score *out, char *err, size_t err_size);

/**
 * Writes @p spec to @p path (session_gen_stipple_write_file(); the played
 * taps to @p played when not NULL) and scores it as
 * session_score_recording(). @return as that, or the writer's errno.
 */
int session_score_stipple(const struct session_gen_stipple *spec, const char *path,
			  const struct lesson *lesson, const struct lesson_session *ls,
			  const struct device_quirk *quirks, size_t quirk_count,
			  struct session_gen_played *played, struct session_score *out,
			  char *err, size_t err_size);

/**
 * What a session missed, for a table: the never-events that happened
 * ("never:overdeep") and the required measures not met, comma-separated,
 * into @p buf ("" when none; cut short to fit @p size).
 */
void session_score_unmet(const struct lesson *lesson, const struct score_result *result,
			 char *buf, size_t size);

/** Frees what a score put in @p s and zeroes it. Accepts NULL and a
 * zeroed one. */
void session_score_free(struct session_score *s);

#endif
