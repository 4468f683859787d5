/* session_gen_lesson: stippled sessions of a lesson (session_gen.h): the
 * lesson's zones, hairline and density as the hand's target, and the
 * shipped demo recordings, so the build, the tests and the benchmark make
 * them from one definition.
 */
#ifndef SMPSIM_SESSION_GEN_LESSON_H
#define SMPSIM_SESSION_GEN_LESSON_H

#include "lesson_apply.h"
#include "session_gen.h"

/** The lesson the demo recordings are made for. */
#define SESSION_GEN_DEMO_LESSON "soft-hairline"
#define SESSION_GEN_DEMO_COUNT 2

/** The demo recordings' names: data/recordings/NAME.evemu. */
extern const char *const session_gen_demo_names[SESSION_GEN_DEMO_COUNT];

/**
 * The target of @p lesson as prepared in @p ls: its zones, hairline and
 * density, the whole zone, and a spacing floor 0.05 mm above the largest
 * too-close distance of the scalp's regions (or of the lesson's override),
 * so a careful pattern sets off no "too close". Zones and hairline are in
 * pad mm: placed on the synthetic pad as a session places the pad
 * (lesson_choose_mapping(): the lesson's work area centred on the pad at
 * 1:1 unless the lesson states its own mapping), scalp mm less the offset.
 * @return 0, or -EINVAL when the lesson cannot be worked on the synthetic
 * pad (a mapping that scales or turns it, a work area larger than the
 * pad, more zones than the target holds).
 */
int session_gen_target_from_lesson(const struct lesson *lesson,
				   const struct lesson_session *ls,
				   struct session_gen_target *target);

/**
 * The skin of @p ls (its regions, the lesson's depth bands applied, the
 * needle's hang) into @p target's depth regions, placed on the pad as
 * session_gen_target_from_lesson() places the zones, so a hand's
 * pressures land at the same place in each region's band and the blue
 * noise keeps each region's own too-close distance (plus 0.05 mm).
 * @return 0, or -EINVAL as session_gen_target_from_lesson() or for more
 * regions than the target holds.
 */
int session_gen_target_depths(const struct lesson *lesson, const struct lesson_session *ls,
			      struct session_gen_target *target);

/**
 * The spec of demo @p name, on @p lesson (SESSION_GEN_DEMO_LESSON):
 *   hairline-careful   the careful hand, blue noise following the fade;
 *   hairline-careless  the careless hand, rows, a harsh line, clumps and
 *                      a few dots in front of the zone.
 * Both work the whole zone, from its back to the hairline.
 * @return 0, -ENOENT for an unknown name, or as
 * session_gen_target_from_lesson().
 */
int session_gen_demo(const char *name, const struct lesson *lesson,
		     const struct lesson_session *ls, struct session_gen_stipple *spec);

#endif
