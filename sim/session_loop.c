/* session_loop: the loop, with every hand-off in one place. Events are
 * passed on in the order the simulator made them; audio commands go out
 * right after the event that caused them, before the next sample is read,
 * which is what keeps a cue within one audio buffer of its touch.
 */
#include "session_loop.h"

#include <errno.h>

static void pass_on(struct session_loop *loop, struct feedback *fb,
		    const struct session_loop_hooks *hooks, const struct sim_event *ev,
		    int n)
{
	struct audio_command cmd[FEEDBACK_MAX_COMMANDS];

	for (int i = 0; i < n; i++) {
		size_t k;

		if (hooks && hooks->event)
			hooks->event(hooks->ctx, &ev[i]);
		if (!loop->audio)
			continue;
		k = feedback_commands(fb, &ev[i], cmd);
		for (size_t j = 0; j < k; j++)
			if (audio_output_send(loop->audio, &cmd[j]) < 0)
				loop->dropped_commands++;
	}
}

int session_loop_run(struct session_loop *loop, const struct session_loop_hooks *hooks)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct pen_sample s;
	struct feedback fb;
	int rc, n;

	if (loop->sim)
		feedback_init(&fb, sim_session_setup(loop->sim)->scalp);
	for (;;) {
		if (loop->stop && *loop->stop) {
			rc = 0;
			break;
		}
		rc = pen_source_next(loop->pen, &s, 100);
		if (rc == 0)
			continue;
		if (rc < 0)
			break;
		if (loop->end_us > 0 && s.time_us > loop->end_us) {
			rc = 0;
			break;
		}
		if (loop->pace && loop->audio)
			audio_output_wait_until(loop->audio, s.time_us);
		loop->last_us = s.time_us;
		if (hooks && hooks->sample)
			hooks->sample(hooks->ctx, &s);
		if (!loop->sim)
			continue;
		n = sim_session_step(loop->sim, &s, ev);
		if (n < 0) {
			rc = n;
			break;
		}
		pass_on(loop, &fb, hooks, ev, n);
	}
	if (loop->sim && (n = sim_session_finish(loop->sim, ev)) > 0)
		pass_on(loop, &fb, hooks, ev, n);
	if (loop->audio)
		loop->audio_rc = audio_output_finish(loop->audio, loop->last_us);
	return rc == -ENODATA ? 0 : rc;
}
