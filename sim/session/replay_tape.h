/* replay_tape: a session as a struct view_tape (sim/view/view_plugin.h),
 * the instructor's replay's input: made as the stored pen stream is run
 * again (the pen's place on the scalp and every simulator event, each
 * finished deposit with it), or, for a session stored before pen streams
 * were kept, from its stored deposits alone (each deposit's touch, its
 * faults and its finish).
 */
#ifndef SMPSIM_REPLAY_TAPE_H
#define SMPSIM_REPLAY_TAPE_H

#include <stddef.h>
#include <stdint.h>

#include "view_plugin.h"

/** The pen's place is kept at most this often: the tape stays about
 * 80 MB for an hour, and a frame never shows more. */
#define REPLAY_TAPE_PEN_EVERY_US 10000

struct replay_tape {
	struct view_tape tape;
	size_t size;              /**< room in tape.entries */
	int64_t last_pen_us;      /**< the last pen entry's time */
	uint32_t last_flags;      /**< and its flags */
	bool has_pen;
	int error;                /**< -ENOMEM once out of memory: the tape
				   *   stops growing */
};

/** Starts an empty tape. */
void replay_tape_init(struct replay_tape *t);

/** The pen at session time @p time_us on the scalp (@p x_mm, @p y_mm),
 * kept when REPLAY_TAPE_PEN_EVERY_US has passed since the last, or when
 * its contact state (@p flags, enum pen_sample_flag) changed. */
void replay_tape_pen(struct replay_tape *t, int64_t time_us, double x_mm, double y_mm,
		     uint32_t flags);

/** A simulator event; @p deposit the finished deposit for
 * SIM_DEPOSIT_FINISHED (copied), else NULL. */
void replay_tape_event(struct replay_tape *t, const struct sim_event *event,
		       const struct deposit *deposit);

/**
 * The tape of stored deposits @p deposits (@p count, in order): for each,
 * its contact's start at down_us, its faults at down_us, and its finish at
 * up_us, in time order; tape.from_deposits is set.
 * @return 0 or -ENOMEM.
 */
int replay_tape_from_deposits(struct replay_tape *t, const struct deposit *deposits,
			      size_t count);

/** Frees the tape's entries. */
void replay_tape_release(struct replay_tape *t);

#endif
