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
 * calibration and the pad placed on the scalp by @p mapping
 * (lesson_choose_mapping()). @p ls must outlive the session made from it. */
void lesson_sim_setup(const struct lesson *lesson, const struct lesson_session *ls,
		      double force_full_scale_n, const struct sim_mapping *mapping,
		      struct sim_setup *setup);

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

/**
 * The default mapping of a lesson's session: its work area
 * (lesson_work_area()) centred on a pad of @p pad_width_mm x
 * @p pad_height_mm at real scale, unturned: scalp = offset + pad, the
 * offset being the area's centre less the pad's. @p area receives the
 * work area either way, for a message.
 * @return 0 and *mapping; -ERANGE, *mapping untouched, when the pad is
 * narrower or shorter than the area (at 1:1 some of the zone would be out
 * of reach).
 */
int lesson_fit_pad(const struct lesson *lesson, const struct scalp_model *scalp,
		   double pad_width_mm, double pad_height_mm, struct sim_mapping *mapping,
		   struct lesson_area *area);

/** Who chose the mapping a session runs with, as the record names it. */
enum lesson_mapping_source {
	LESSON_MAPPING_FIT,     /**< "fit": lesson_fit_pad(), the default */
	LESSON_MAPPING_OPTION,  /**< "option": the trainee's --mapping */
	LESSON_MAPPING_LESSON,  /**< "lesson": the lesson file's `mapping:` */
};

/** @return "fit", "option" or "lesson". */
const char *lesson_mapping_source_name(enum lesson_mapping_source source);

/**
 * The mapping a session of @p lesson runs with on a pad of @p pad_width_mm
 * x @p pad_height_mm, and who chose it: @p option (the trainee's
 * --mapping) when not NULL, else the lesson file's own when it states
 * one, else lesson_fit_pad(). @p area receives the lesson's work area.
 * @return 0; -ERANGE when the fit is needed and the pad cannot hold the
 * area at real scale (*mapping and *source untouched).
 */
int lesson_choose_mapping(const struct lesson *lesson, const struct scalp_model *scalp,
			  double pad_width_mm, double pad_height_mm,
			  const struct sim_mapping *option, struct sim_mapping *mapping,
			  enum lesson_mapping_source *source, struct lesson_area *area);

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
