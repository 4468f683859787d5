/* view_replay: the instructor's replay of a session, as a state machine
 * with no window: a playback clock over a struct view_tape (view_plugin.h)
 * at 1, 2, 4 or 8 times the session's pace, pause, a step to the next or
 * the previous dot, a jump to the next or previous fault. The window feeds
 * it the wall clock and the keys and draws what it applies; the unit test
 * feeds it the same and checks which entries are applied and what time it
 * shows.
 *
 * What is shown is always "the tape applied up to an entry": entries
 * [0, applied) have been handed to the sink's apply(), in order. Going
 * forwards applies more; going back calls the sink's reset() and applies
 * again from the first entry (the scene draws each deposit once, so this
 * costs about a redraw of the session).
 */
#ifndef SMPSIM_VIEW_REPLAY_H
#define SMPSIM_VIEW_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view_plugin.h"

/** The speeds, times the session's own pace. */
#define VIEW_REPLAY_SPEED_MIN 1
#define VIEW_REPLAY_SPEED_MAX 8

/** Where the applied entries go (the scene, or a test's log). */
struct view_replay_sink {
	void (*reset)(void *ctx);                      /**< forget all applied */
	void (*apply)(void *ctx, const struct view_tape_entry *entry);
	void *ctx;
};

struct view_replay {
	const struct view_tape *tape;
	struct view_replay_sink sink;
	size_t applied;        /**< entries [0, applied) are applied */
	int64_t start_us, end_us; /**< the tape's first and last time */
	int64_t now_us;        /**< the playback clock, session time */
	int speed;             /**< 1, 2, 4 or 8 */
	bool paused;
	bool ended;            /**< the clock reached the end (paused there) */
	size_t *dots;          /**< indices of SIM_DEPOSIT_FINISHED entries */
	size_t dot_count;
	size_t *faults;        /**< indices of SIM_FAULT entries */
	size_t fault_count;
	/** The fault last jumped to (index into faults), or SIZE_MAX. */
	size_t fault_at;
	char banner[256];      /**< what the window shows on top ("" none) */
};

/**
 * Starts a replay of @p tape (which must outlive it) into @p sink, playing
 * at 1x from the tape's first moment, nothing applied yet.
 * @return 0, or -ENOMEM.
 */
int view_replay_init(struct view_replay *r, const struct view_tape *tape,
		     const struct view_replay_sink *sink);

/** Frees the replay's indices. */
void view_replay_release(struct view_replay *r);

/**
 * @p wall_us of wall time passed: unless paused, the clock moves on by
 * wall_us times the speed and every entry up to it is applied; at the
 * tape's end the replay pauses there (ended).
 * @return whether anything changed (an entry applied, the clock moved).
 */
bool view_replay_tick(struct view_replay *r, int64_t wall_us);

/**
 * A key from the window (VIEW_KEY_PAUSE, STEP, STEP_BACK, FASTER, SLOWER,
 * NEXT_FAULT, PREV_FAULT; others are ignored). Stepping and jumping pause
 * the replay: a step shows the next (previous) dot finished, the clock at
 * its lift; a jump shows the moment of the next (previous) fault, its dot
 * and its name in the banner ("fault 3 of 12: too close, dot 41 at 2:13").
 * Pausing at the end starts again from the beginning.
 * @return whether anything changed.
 */
bool view_replay_key(struct view_replay *r, enum view_key key);

/** @return the clock as session time since the tape's start. */
int64_t view_replay_elapsed_us(const struct view_replay *r);

#endif
