/* feedback: which sound each simulator event calls for. Faults become
 * cues (one "crowded" per deposit, whether it came too close or merged),
 * and so does a deposit's depth crossing from the band into "deep";
 * the needle's depth drives the depth tone, as a fraction of the overdeep
 * threshold of the region it is in. The sound itself is rig/'s business.
 */
#ifndef SMPSIM_FEEDBACK_H
#define SMPSIM_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "audio_cue.h"
#include "scalp.h"
#include "sim_session.h"

/** Most commands one event yields. */
#define FEEDBACK_MAX_COMMANDS 1

struct feedback {
	const struct scalp_model *scalp;
	uint32_t deposit;     /* the deposit the cues below belong to */
	uint32_t cued;        /* enum audio_cue bits already sounded for it */
};

/** Starts feedback for sessions on @p scalp (which must outlive it). */
void feedback_init(struct feedback *fb, const struct scalp_model *scalp);

/**
 * @param out  room for FEEDBACK_MAX_COMMANDS commands
 * @return the number of commands @p event calls for.
 */
size_t feedback_commands(struct feedback *fb, const struct sim_event *event,
			 struct audio_command *out);

#endif
