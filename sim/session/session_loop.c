/* session_loop: the loop, with every hand-off in one place. Events are
 * passed on in the order the simulator made them; audio commands go out
 * right after the event that caused them, before the next sample is read,
 * which is what keeps a cue within one audio buffer of its touch.
 *
 * Pacing waits in steps of at most 100 ms, so a stop (a signal, a key)
 * is seen within that even across a long pause in a recording. A replay
 * whose sound goes to a sink with no clock of its own (the audio output
 * finds it playing faster than real time) is paced by the wall clock from
 * then on, and the loop says so once; that clock counts from the first
 * sample, so the replay still takes the session's own time.
 */
#include "session_loop.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#define PACE_STEP_US 100000

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

static bool stopped(const struct session_loop *loop)
{
	return loop->stop && *loop->stop;
}

static int64_t monotonic_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

struct pacer {
	bool audio_anchored, wall_anchored;
	int64_t audio_at;   /* session time the audio clock was last waited for */
	int64_t wall_origin;/* monotonic time of session time 0 */
};

/* The audio output cannot pace the replay: the wall clock does, from
 * this sample on. */
static void audio_unclocked(struct session_loop *loop)
{
	loop->audio_clockless = true;
	fprintf(stderr, "audio: the output has no clock of its own (it plays faster than "
		"real time): the replay is paced by the wall clock, and its sound is not "
		"in time with it (--audio wav:PATH renders a session to a file in time)\n");
}

/* @return false when stopped while waiting. */
static bool pace(struct session_loop *loop, struct pacer *p, int64_t time_us)
{
	/* The wall clock's origin is the first sample's, whichever clock paces:
	 * an output found to have no clock has run ahead by then, and the
	 * samples after it wait until the wall clock catches up, so the
	 * replay still takes the session's own time. */
	if (!p->wall_anchored) {
		p->wall_anchored = true;
		p->wall_origin = monotonic_us() - time_us;
	}
	if (loop->pace && loop->audio && !loop->audio_clockless) {
		if (!p->audio_anchored) {
			p->audio_anchored = true;
			p->audio_at = time_us;
			if (audio_output_wait_until(loop->audio, time_us) < 0)
				audio_unclocked(loop);
		}
		while (p->audio_at < time_us && !loop->audio_clockless) {
			p->audio_at = time_us - p->audio_at > PACE_STEP_US ?
				      p->audio_at + PACE_STEP_US : time_us;
			if (audio_output_wait_until(loop->audio, p->audio_at) < 0)
				audio_unclocked(loop);
			else if (p->audio_at < time_us && stopped(loop))
				return false;
		}
	}
	if (loop->realtime || loop->audio_clockless) {
		int64_t now = monotonic_us();

		while (now < p->wall_origin + time_us) {
			int64_t wait = p->wall_origin + time_us - now;
			struct timespec d;

			if (wait > PACE_STEP_US)
				wait = PACE_STEP_US;
			d.tv_sec = wait / 1000000;
			d.tv_nsec = (long)(wait % 1000000) * 1000;
			nanosleep(&d, NULL);
			if (stopped(loop))
				return false;
			now = monotonic_us();
		}
	}
	return true;
}

int session_loop_run(struct session_loop *loop, const struct session_loop_hooks *hooks)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct pacer pacer = { 0 };
	struct pen_sample s;
	struct feedback fb;
	int rc, n;

	if (loop->sim)
		feedback_init(&fb, sim_session_setup(loop->sim)->scalp);
	loop->started = loop->limit_reached = loop->audio_clockless = false;
	loop->start_us = loop->last_us = 0;
	for (;;) {
		if (stopped(loop)) {
			rc = 0;
			break;
		}
		rc = pen_source_next(loop->pen, &s, 100);
		if (rc == 0) {
			if (hooks && hooks->idle)
				hooks->idle(hooks->ctx);
			/* A pen away from the pad sends nothing: the time limit
			 * is also kept by the clock, not only by samples. */
			if (loop->started && loop->end_us > 0 &&
			    monotonic_us() - loop->started_at_us > loop->end_us) {
				loop->limit_reached = true;
				break;
			}
			continue;
		}
		if (rc < 0)
			break;
		if (!loop->started) {
			if (loop->wait_pen && !(s.flags & PEN_IN_PROXIMITY))
				continue;
			loop->started = true;
			loop->start_us = loop->wait_pen ? s.time_us : 0;
			loop->started_at_us = monotonic_us() - (s.time_us - loop->start_us);
			if (hooks && hooks->start)
				hooks->start(hooks->ctx, s.time_us);
		}
		if (loop->end_us > 0 && s.time_us - loop->start_us > loop->end_us) {
			loop->limit_reached = true;
			rc = 0;
			break;
		}
		if (!pace(loop, &pacer, s.time_us)) {
			rc = 0;
			break;
		}
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
