/* session_loop: one session's way from pen samples to judged deposits and
 * sound: read a sample, step the simulator, turn its events into feedback,
 * send that to the audio output. A replay with a live audio stream is
 * paced by the audio clock, so cues land at the session's own times; on a
 * sink with no clock of its own (it plays faster than real time) by the
 * wall clock instead, said once on standard error. A replay may also be
 * paced by the wall clock (--realtime), with or without sound. Part of the
 * program, not of the sim library: it joins rig/ (pen, sound) and the
 * model.
 */
#ifndef SMPSIM_SESSION_LOOP_H
#define SMPSIM_SESSION_LOOP_H

#include <signal.h>
#include <stddef.h>

#include "audio_output.h"
#include "feedback.h"
#include "pen_source.h"
#include "sim_session.h"

struct session_loop_hooks {
	/** Every pen sample, before the simulator sees it (may be NULL). */
	void (*sample)(void *ctx, const struct pen_sample *s);
	/** Every simulator event (may be NULL). */
	void (*event)(void *ctx, const struct sim_event *e);
	void *ctx;
	/** The session began: its first sample is about to be passed on, at
	 * @p time_us (may be NULL). */
	void (*start)(void *ctx, int64_t time_us);
	/** A live source had nothing for 100 ms (may be NULL). */
	void (*idle)(void *ctx);
};

struct session_loop {
	struct pen_source *pen;
	struct sim_session *sim;      /**< NULL: samples only */
	struct audio_output *audio;   /**< NULL: no sound */
	bool pace;                    /**< pace by the audio clock (replays) */
	bool realtime;                /**< pace by the wall clock (replays) */
	bool wait_pen;                /**< drop samples until the pen comes in
				       *   proximity; the session starts there */
	int64_t end_us;               /**< end the session this long after its
				       *   start (0: never) */
	volatile sig_atomic_t *stop;  /**< set (by a signal) to end the session */
	int64_t start_us;             /**< time of the first sample passed on
				       *   (0 without wait_pen), once run */
	int64_t last_us;              /**< time of the last sample, once run */
	bool started;                 /**< a sample was passed on */
	bool limit_reached;           /**< it ended at end_us */
	int64_t started_at_us;        /**< monotonic clock at session time start_us,
				       *   for the limit while the pen is away */
	unsigned long dropped_commands; /**< audio commands the queue refused */
	bool audio_clockless;         /**< the audio output had no clock: the
				       *   replay went by the wall clock */
	int audio_rc;                 /**< audio_output_finish()'s result */
};

/**
 * Runs until the recording ends, the device goes away, the time limit
 * @c end_us passes, or *stop is set.
 * The simulator's open contact is finished and the audio is played out
 * in every case.
 * @return 0 (end of recording, or stopped), or the pen source's negative
 * errno (its message in pen_source_error()).
 */
int session_loop_run(struct session_loop *loop, const struct session_loop_hooks *hooks);

#endif
