/* view_queue: what the session hands the view's thread, in order: the pen
 * now and the simulator's events, each a fixed-size message in a
 * preallocated single-producer, single-consumer ring (rig/queue), and the
 * keys the window hands back. Neither side ever waits for the other.
 *
 * A replay may run far faster than a window can draw. What the next
 * message makes stale (a pen position, the needle's depth) is therefore
 * skipped once the ring is half full, keeping the other half for what
 * stays in the picture (deposits, faults): only a message of those that
 * finds the ring full is lost, and counted.
 */
#ifndef SMPSIM_VIEW_QUEUE_H
#define SMPSIM_VIEW_QUEUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "deposit.h"
#include "pen_sample.h"
#include "sim_session.h"

/** Messages the ring holds: about eight seconds of a 200 Hz pen with a
 * dozen events a sample, far more than a frame's worth. */
#define VIEW_QUEUE_MESSAGES 8192

enum view_message_kind { VIEW_MESSAGE_PEN, VIEW_MESSAGE_EVENT };

struct view_message {
	enum view_message_kind kind;
	int64_t posted_us;             /**< CLOCK_MONOTONIC when posted */
	union {
		struct {
			struct pen_sample sample;
			double x_mm, y_mm; /**< the needle on the scalp */
		} pen;
		struct {
			struct sim_event event;
			struct deposit deposit; /**< SIM_DEPOSIT_FINISHED */
			bool has_deposit;
		} sim;
	} u;
};

struct view_queue {
	struct spsc_queue *messages;   /**< session -> view */
	struct spsc_queue *keys;       /**< view -> session: enum view_key */
	atomic_ulong dropped;          /**< deposits and faults the full ring refused */
	atomic_ulong skipped;          /**< pen positions and depths skipped */
};

/** Allocates both rings. @return 0, or -ENOMEM. */
int view_queue_init(struct view_queue *q);

/** Frees both rings. Accepts a queue never initialised (zeroed). */
void view_queue_release(struct view_queue *q);

/** Session side: posts @p m (its posted_us set here), or skips or drops
 * it (above). Never blocks. */
void view_queue_post(struct view_queue *q, struct view_message *m);

/** View side: @return true and *m, or false when there is none. */
bool view_queue_take(struct view_queue *q, struct view_message *m);

/** View side: hands key @p key (an enum view_key) to the session;
 * dropped when the session has not taken the last 64. */
void view_queue_key(struct view_queue *q, int key);

/** Session side: @return the next key, or 0 (VIEW_KEY_NONE). */
int view_queue_next_key(struct view_queue *q);

/** @return CLOCK_MONOTONIC in microseconds. */
int64_t view_queue_now_us(void);

#endif
