/* lesson: one lesson of the curriculum as smpsim uses it: what the trainee
 * is told, on which scalp model and needle, where to work (zones, a
 * designed hairline), how dense, what depth band, how long, and how the
 * result is scored (rubric weights, required measures, never-events).
 *
 * Read from data/lessons/ID.yaml by lesson_load(); the curriculum's order
 * is data/lessons/curriculum.yaml. The format is in docs/lessons.md.
 */
#ifndef SMPSIM_LESSON_H
#define SMPSIM_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "feedback.h"
#include "needle.h"
#include "scalp.h"
#include "score_metrics.h"
#include "proficiency.h"
#include "score_rubric.h"
#include "sim_session.h"

#define LESSON_ID_MAX 64
#define LESSON_TITLE_MAX 128
#define LESSON_TEXT_MAX 2048
#define LESSON_ZONES_MAX 8
#define LESSON_CURRICULUM_MAX 32

/** A region's depth band, changed for this lesson. */
struct lesson_depth {
	char region[SCALP_ID_MAX];
	double band_min_mm, band_max_mm, overdeep_mm;
};

struct lesson_zone {
	char id[SCALP_ID_MAX];
	struct scalp_polygon polygon;
};

/** What the lesson asks of the sound (`feedback:`); the command line's
 * sound options override it, and it overrides the built-in defaults. */
struct lesson_feedback {
	bool depth_tone_set;  /**< the file has `depth-tone:` */
	bool depth_tone;      /**< its value */
	bool cue_set[AUDIO_CUE_COUNT];      /**< the file names the cue in `cues:` */
	float cue_volume[AUDIO_CUE_COUNT];  /**< its volume, 0 (`off`) to 1 (`on`) */
};

struct lesson {
	char id[LESSON_ID_MAX];
	char title[LESSON_TITLE_MAX];
	char instructions[LESSON_TEXT_MAX];   /**< what the trainee is told */
	char scalp[SCALP_ID_MAX];             /**< a scalp model id (data/scalps) */
	char needle[NEEDLE_ID_MAX];           /**< a needle id (data/needles) */
	struct lesson_zone zones[LESSON_ZONES_MAX];
	size_t zone_count;                    /**< at least one */
	struct scalp_point hairline[SCALP_POLYGON_MAX]; /**< designed hairline */
	size_t hairline_count;                /**< 0: none */
	struct score_density density;         /**< the target density field */
	struct lesson_depth depth[SCALP_REGIONS_MAX];
	size_t depth_count;
	struct scalp_spacing spacing;         /**< overrides (0: the region's) */
	struct scalp_technique technique;     /**< overrides (0: the region's) */
	struct sim_mapping mapping;           /**< pad to scalp, as the file states it */
	bool mapping_stated;                  /**< the file has `mapping:`; without
					       *   it a session centres the lesson's
					       *   work area on the pad
					       *   (lesson_fit_pad()) */
	double time_limit_s;
	double target_dots;  /**< `target-dots`: the dots completion counts
			      *   against; 0: the density over the zones */
	struct score_rubric rubric;
	int exam;            /**< 1 (`exam: true`): the view in exam mode,
			      *   only the scalp and the dots; 0 by default */
	struct lesson_feedback feedback; /**< `feedback:`; zeroed, nothing said */
};

#define CURRICULUM_DOMAINS_MAX 12     /**< sign-off domains */
#define CURRICULUM_DOMAIN_MAX 64      /**< a domain's name, with its NUL */

struct curriculum {
	char ids[LESSON_CURRICULUM_MAX][LESSON_ID_MAX];  /**< in teaching order */
	size_t count;
	/** Each lesson's proficiency rule (`proficiency:` of the lesson's
	 * item, else the curriculum's own, else the built-in default). */
	struct prof_rule rules[LESSON_CURRICULUM_MAX];
	/** The named domains an instructor rates 1 to 5 in a sign-off
	 * (`signoff-domains:`), in the file's order. */
	char domains[CURRICULUM_DOMAINS_MAX][CURRICULUM_DOMAIN_MAX];
	size_t domain_count;
	char sha256[65];                  /**< of the curriculum file's bytes, hex */
};

#endif
