/* lesson_apply: what a lesson makes of a session. It loads the lesson's
 * scalp model and needle, applies its depth bands to the model, and gives
 * the simulator's set-up and the scoring frame; after the session it turns
 * the simulator's deposits into the dots scoring measures.
 */
#ifndef SMPSIM_LESSON_APPLY_H
#define SMPSIM_LESSON_APPLY_H

#include <stddef.h>

#include "data_library.h"
#include "lesson.h"
#include "score_metrics.h"
#include "sim_session.h"

/** The models a lesson's session runs on, owned here. */
struct lesson_session {
	struct scalp_model scalp;   /**< with the lesson's depth bands */
	struct needle needle;
	struct scalp_polygon zones[LESSON_ZONES_MAX];
	size_t zone_count;
};

/**
 * Copies the scalp model and needle @p lesson names from @p lib (each
 * parsed once for the library's life) and applies the lesson's depth bands
 * to the copy.
 * @return 0, or a negative errno with "file:line: message" (or a sentence)
 * in @p err.
 */
int lesson_session_prepare(const struct lesson *lesson, struct data_library *lib,
			   struct lesson_session *ls, char *err, size_t err_size);

/** The simulator's set-up for @p lesson on @p ls, with the pen's force
 * calibration. @p ls must outlive the session made from it. */
void lesson_sim_setup(const struct lesson *lesson, const struct lesson_session *ls,
		      double force_full_scale_n, struct sim_setup *setup);

/** Room kept around a lesson's zones and hairline in its work area: dots
 * a little outside the zone still land on the pad. */
#define LESSON_WORK_MARGIN_MM 5.0

/** A rectangle on the scalp, mm. */
struct lesson_area {
	double x_mm, y_mm;          /**< top-left corner */
	double width_mm, height_mm;
};

/**
 * The lesson's work area: the bounding box of its zones and designed
 * hairline, widened by LESSON_WORK_MARGIN_MM on each side and cut to the
 * scalp model's area (@p scalp's width and height from its origin).
 */
void lesson_work_area(const struct lesson *lesson, const struct scalp_model *scalp,
		      struct lesson_area *area);

/** The frame scoring measures against; @p lesson and @p ls must outlive it. */
void lesson_score_frame(const struct lesson *lesson, const struct lesson_session *ls,
			double duration_s, struct score_frame *frame);

/**
 * The deposits of @p sim as dots for scoring, into @p out (room for
 * sim_session_deposit_count() dots). @return the number written.
 */
size_t lesson_score_dots(const struct lesson_session *ls, const struct sim_session *sim,
			 struct score_dot *out);

/** Stored deposits @p deposits (@p count) as dots for scoring, into @p out
 * (room for @p count), as lesson_score_dots() makes them from a session. */
void lesson_score_deposits(const struct lesson_session *ls, const struct deposit *deposits,
			   size_t count, struct score_dot *out);

#endif
