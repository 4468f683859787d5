/* feedback: a table from fault to cue, and the depth tone's arithmetic.
 * Drag lines need no cue of their own (their tail has sounded already),
 * nor does an oblique needle, which has none in the cue set. Going deep
 * is no fault (the dot only blurs), but the trainee hears it: the model's
 * depth-crossed event into "deep" sounds the deep cue, at the sample that
 * crossed, unless that same sample went on past overdeep (whose own cue
 * sounds then: two cues on one sample would blur into one).
 */
#include "feedback.h"

#include <string.h>

static const struct {
	uint32_t fault;
	enum audio_cue cue;
} cue_of[] = {
	{ DEPOSIT_OVERDEEP_FAULT, AUDIO_CUE_OVERDEEP },
	{ DEPOSIT_SHALLOW_FAULT, AUDIO_CUE_SHALLOW },
	{ DEPOSIT_MERGED, AUDIO_CUE_CROWDED },
	{ DEPOSIT_TOO_CLOSE, AUDIO_CUE_CROWDED },
	{ DEPOSIT_GAP, AUDIO_CUE_GAP },
	{ DEPOSIT_OUTSIDE_ZONE, AUDIO_CUE_OUTSIDE },
	{ DEPOSIT_TAIL, AUDIO_CUE_TAIL },
};

void feedback_init(struct feedback *fb, const struct scalp_model *scalp)
{
	memset(fb, 0, sizeof(*fb));
	fb->scalp = scalp;
	fb->deposit = UINT32_MAX;
}

size_t feedback_commands(struct feedback *fb, const struct sim_event *ev,
			 struct audio_command *out)
{
	memset(out, 0, sizeof(*out));
	out->time_us = ev->time_us;
	if (ev->deposit != fb->deposit) {
		fb->deposit = ev->deposit;
		fb->cued = 0;
	}
	switch (ev->kind) {
	case SIM_FAULT:
		for (size_t i = 0; i < sizeof(cue_of) / sizeof(cue_of[0]); i++) {
			if (cue_of[i].fault != ev->fault || (fb->cued & (1u << cue_of[i].cue)))
				continue;
			fb->cued |= 1u << cue_of[i].cue;
			out->kind = AUDIO_PLAY_CUE;
			out->cue = cue_of[i].cue;
			return 1;
		}
		return 0;
	case SIM_NEEDLE_DEPTH:
		out->kind = AUDIO_TONE_DEPTH;
		out->depth = (float)(ev->depth_mm / fb->scalp->regions[ev->region].overdeep_mm);
		return 1;
	case SIM_DEPOSIT_FINISHED:
		out->kind = AUDIO_TONE_OFF;
		return 1;
	case SIM_DEPTH_CROSSED: {
		const struct scalp_region *r = &fb->scalp->regions[ev->region];

		if (ev->depth_class != DEPOSIT_DEEP ||
		    deposit_classify_depth(r, ev->depth_mm) == DEPOSIT_OVERDEEP ||
		    (fb->cued & (1u << AUDIO_CUE_DEEP)))
			return 0;
		fb->cued |= 1u << AUDIO_CUE_DEEP;
		out->kind = AUDIO_PLAY_CUE;
		out->cue = AUDIO_CUE_DEEP;
		return 1;
	}
	case SIM_CONTACT_BEGAN:
		return 0;
	}
	return 0;
}
