/* replay_tape: a session's moments in time order for the replay's window
 * (replay_tape.h). One growing array; the pen's place and the needle's
 * depth are thinned to REPLAY_TAPE_PEN_EVERY_US (always kept when the pen
 * goes in or out of proximity, touches or lifts), every other event kept.
 */
#include "replay_tape.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define KEPT_FLAGS (PEN_IN_PROXIMITY | PEN_TIP_DOWN)

void replay_tape_init(struct replay_tape *t)
{
	memset(t, 0, sizeof(*t));
	t->last_pen_us = INT64_MIN;
}

static struct view_tape_entry *next_entry(struct replay_tape *t)
{
	if (t->error)
		return NULL;
	if (t->tape.count == t->size) {
		size_t size = t->size ? t->size * 2 : 4096;
		struct view_tape_entry *grown = realloc(t->tape.entries, size * sizeof(*grown));

		if (!grown) {
			t->error = -ENOMEM;
			return NULL;
		}
		t->tape.entries = grown;
		t->size = size;
	}
	return memset(&t->tape.entries[t->tape.count++], 0, sizeof(struct view_tape_entry));
}

void replay_tape_pen(struct replay_tape *t, int64_t time_us, double x_mm, double y_mm,
		     uint32_t flags)
{
	struct view_tape_entry *e;

	if (t->has_pen && time_us - t->last_pen_us < REPLAY_TAPE_PEN_EVERY_US &&
	    (flags & KEPT_FLAGS) == (t->last_flags & KEPT_FLAGS))
		return;
	if (!(e = next_entry(t)))
		return;
	e->time_us = time_us;
	e->u.pen.x_mm = x_mm;
	e->u.pen.y_mm = y_mm;
	e->u.pen.flags = flags;
	t->last_pen_us = time_us;
	t->has_pen = true;
	t->last_flags = flags;
}

void replay_tape_event(struct replay_tape *t, const struct sim_event *event,
		       const struct deposit *deposit)
{
	struct view_tape_entry *e;

	/* The depth gauge needs no more than the pen's place does. */
	if (event->kind == SIM_NEEDLE_DEPTH && t->has_pen &&
	    event->time_us - t->last_pen_us < REPLAY_TAPE_PEN_EVERY_US)
		return;
	if (!(e = next_entry(t)))
		return;
	e->time_us = event->time_us;
	e->is_event = true;
	e->u.sim.event = *event;
	if (deposit)
		e->u.sim.deposit = *deposit;
}

int replay_tape_from_deposits(struct replay_tape *t, const struct deposit *deposits,
			      size_t count)
{
	t->tape.from_deposits = true;
	for (size_t i = 0; i < count; i++) {
		const struct deposit *d = &deposits[i];
		struct sim_event ev = {
			.kind = SIM_CONTACT_BEGAN, .time_us = d->down_us, .deposit = d->id,
			.region = d->region, .x_mm = d->x_mm, .y_mm = d->y_mm,
			.depth_class = d->depth_class,
		};

		replay_tape_event(t, &ev, NULL);
		for (uint32_t bit = 0; bit < DEPOSIT_FAULT_COUNT; bit++)
			if (d->faults & (1u << bit)) {
				ev.kind = SIM_FAULT;
				ev.fault = 1u << bit;
				replay_tape_event(t, &ev, NULL);
			}
		ev.kind = SIM_DEPOSIT_FINISHED;
		ev.time_us = d->up_us;
		ev.fault = 0;
		ev.depth_mm = d->depth_mm;
		replay_tape_event(t, &ev, d);
	}
	return t->error;
}

void replay_tape_release(struct replay_tape *t)
{
	free(t->tape.entries);
	replay_tape_init(t);
}
