/* view_replay: the replay's playback (view_replay.h).
 *
 * Two indices made once, of the tape's finished deposits and of its
 * faults, make each step and jump a search, not a walk of the tape. Every
 * move ends in seek(): apply forwards from where the replay is, or reset
 * the sink and apply from the start when the target is behind.
 */
#include "view_replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t entry_us(const struct view_replay *r, size_t i)
{
	return r->tape->entries[i].time_us;
}

static bool is_kind(const struct view_tape_entry *e, enum sim_event_kind kind)
{
	return e->is_event && e->u.sim.event.kind == kind;
}

int view_replay_init(struct view_replay *r, const struct view_tape *tape,
		     const struct view_replay_sink *sink)
{
	memset(r, 0, sizeof(*r));
	r->tape = tape;
	r->sink = *sink;
	r->speed = VIEW_REPLAY_SPEED_MIN;
	r->fault_at = SIZE_MAX;
	if (tape->count) {
		r->dots = malloc(tape->count * sizeof(*r->dots));
		r->faults = malloc(tape->count * sizeof(*r->faults));
		if (!r->dots || !r->faults) {
			view_replay_release(r);
			return -ENOMEM;
		}
		r->start_us = entry_us(r, 0);
		r->end_us = entry_us(r, tape->count - 1);
	}
	for (size_t i = 0; i < tape->count; i++) {
		if (is_kind(&tape->entries[i], SIM_DEPOSIT_FINISHED))
			r->dots[r->dot_count++] = i;
		else if (is_kind(&tape->entries[i], SIM_FAULT))
			r->faults[r->fault_count++] = i;
	}
	r->now_us = r->start_us;
	return 0;
}

void view_replay_release(struct view_replay *r)
{
	free(r->dots);
	free(r->faults);
	r->dots = r->faults = NULL;
	r->dot_count = r->fault_count = 0;
}

int64_t view_replay_elapsed_us(const struct view_replay *r)
{
	return r->now_us - r->start_us;
}

/* Shows the tape applied up to entry @p target (exclusive). */
static void seek(struct view_replay *r, size_t target)
{
	if (target < r->applied) {
		r->sink.reset(r->sink.ctx);
		r->applied = 0;
	}
	while (r->applied < target)
		r->sink.apply(r->sink.ctx, &r->tape->entries[r->applied++]);
	r->ended = false;
}

/* How many of the sorted @p idx (@p n) are below @p limit. */
static size_t count_below(const size_t *idx, size_t n, size_t limit)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (idx[mid] < limit)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void clock_text(int64_t us, char *buf, size_t size)
{
	long s = (long)(us / 1000000);

	snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

/* Shows the first @p dots finished deposits, the clock at the last's lift. */
static bool show_dots(struct view_replay *r, size_t dots)
{
	char at[32];

	r->paused = true;
	r->fault_at = SIZE_MAX;
	if (dots == 0) {
		seek(r, 0);
		r->now_us = r->start_us;
		snprintf(r->banner, sizeof(r->banner), "before the first dot");
		return true;
	}
	seek(r, r->dots[dots - 1] + 1);
	r->now_us = entry_us(r, r->dots[dots - 1]);
	clock_text(view_replay_elapsed_us(r), at, sizeof(at));
	/* Dots by the record's number, as review, export and the report name
	 * them (from 0); then how many of the session's are shown. */
	snprintf(r->banner, sizeof(r->banner), "dot %u at %s (%zu of %zu)",
		 r->tape->entries[r->dots[dots - 1]].u.sim.event.deposit, at, dots,
		 r->dot_count);
	return true;
}

/* Shows the moment of fault @p k: its dot and its name in the banner. */
static bool show_fault(struct view_replay *r, size_t k)
{
	const struct sim_event *e = &r->tape->entries[r->faults[k]].u.sim.event;
	const char *name = deposit_fault_name(e->fault);
	char at[32];

	r->paused = true;
	r->fault_at = k;
	seek(r, r->faults[k] + 1);
	r->now_us = e->time_us;
	clock_text(view_replay_elapsed_us(r), at, sizeof(at));
	snprintf(r->banner, sizeof(r->banner), "fault %zu of %zu: %s, dot %u at %s", k + 1,
		 r->fault_count, name ? name : "?", e->deposit, at);
	return true;
}

bool view_replay_tick(struct view_replay *r, int64_t wall_us)
{
	if (r->paused || wall_us <= 0 || !r->tape->count)
		return false;
	r->now_us += wall_us * r->speed;
	while (r->applied < r->tape->count && entry_us(r, r->applied) <= r->now_us)
		r->sink.apply(r->sink.ctx, &r->tape->entries[r->applied++]);
	if (r->applied == r->tape->count && r->now_us >= r->end_us) {
		r->now_us = r->end_us;
		r->paused = r->ended = true;
		snprintf(r->banner, sizeof(r->banner), "the end: space plays it again");
	}
	return true;
}

bool view_replay_key(struct view_replay *r, enum view_key key)
{
	size_t shown = count_below(r->dots, r->dot_count, r->applied);
	size_t k;

	switch (key) {
	case VIEW_KEY_PAUSE:
		if (r->ended) {
			seek(r, 0);
			r->now_us = r->start_us;
			r->paused = false;
		} else {
			r->paused = !r->paused;
		}
		r->banner[0] = '\0';
		if (r->paused)
			snprintf(r->banner, sizeof(r->banner), "paused");
		return true;
	case VIEW_KEY_FASTER:
	case VIEW_KEY_SLOWER:
		if ((key == VIEW_KEY_FASTER && r->speed == VIEW_REPLAY_SPEED_MAX) ||
		    (key == VIEW_KEY_SLOWER && r->speed == VIEW_REPLAY_SPEED_MIN))
			return false;
		r->speed = key == VIEW_KEY_FASTER ? r->speed * 2 : r->speed / 2;
		snprintf(r->banner, sizeof(r->banner), "%dx", r->speed);
		return true;
	case VIEW_KEY_STEP:
		return shown < r->dot_count && show_dots(r, shown + 1);
	case VIEW_KEY_STEP_BACK:
		return shown > 0 && show_dots(r, shown - 1);
	case VIEW_KEY_NEXT_FAULT:
		/* The first fault not applied yet. */
		k = count_below(r->faults, r->fault_count, r->applied);
		return k < r->fault_count && show_fault(r, k);
	case VIEW_KEY_PREV_FAULT:
		/* The last fault before the one shown (at applied - 1), or
		 * the last one passed. */
		k = count_below(r->faults, r->fault_count, r->applied);
		if (k > 0 && r->faults[k - 1] == r->applied - 1 && r->fault_at == k - 1)
			k--;
		return k > 0 && show_fault(r, k - 1);
	default:
		return false;
	}
}
