/* view_window: the live view's window, on a thread of its own: the SDL2
 * window, the scene (view_scene.h) drawn into it with cairo once a frame,
 * the keys. Behind the table of view_plugin.h (view_module.c), whose
 * documentation these functions follow.
 */
#ifndef SMPSIM_VIEW_WINDOW_H
#define SMPSIM_VIEW_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "view_plugin.h"

/** The window's size when it is not full screen, px. */
#define VIEW_WINDOW_WIDTH 1024
#define VIEW_WINDOW_HEIGHT 768

int view_window_open(const struct view_setup *setup, struct view **out, char *why,
		     size_t why_size);
void view_window_post_pen(struct view *view, const struct pen_sample *sample,
			  double x_mm, double y_mm);
void view_window_post_event(struct view *view, const struct sim_event *event,
			    const struct deposit *deposit);
enum view_key view_window_next_key(struct view *view);
/** The table's replay: plays @p tape in the window with the replay's keys
 * (view_replay.h: space, the arrows, + and -, n and p) and its timeline
 * until q, Escape or the window's close; the thread is stopped then, so
 * view_window_close() is all that is left to call. */
int view_window_replay(struct view *view, const struct view_tape *tape, char *why,
		       size_t why_size);
int view_window_close(struct view *view, char *why, size_t why_size);

/** A pen sample a frame showed, for the benchmarks. */
struct view_window_shown {
	int64_t sample_us;  /**< the sample's time as posted (session time) */
	int64_t posted_us;  /**< CLOCK_MONOTONIC when it was posted */
	int64_t taken_us;   /**< CLOCK_MONOTONIC when the view's thread took it */
	int64_t begun_us;   /**< CLOCK_MONOTONIC when that frame began */
	int64_t shown_us;   /**< CLOCK_MONOTONIC when SDL_RenderPresent()
			     *   returned from the first frame showing it */
};

/** What the window measured, for the benchmarks (tests/bench-view.c). */
struct view_window_stats {
	unsigned long frames;          /**< presented */
	unsigned long dropped;         /**< messages the full queue refused */
	int64_t frame_us;              /**< the display's frame interval, us */
	bool frame_told;               /**< the display told its refresh rate
					*   (else 60 Hz was assumed) */
	/** The first VIEW_STATS_MAX pen samples that a frame showed. */
	struct view_window_shown *shown;
	size_t shown_count;
};

#define VIEW_STATS_MAX 20000

/** @return whether the view's thread has taken every message posted. */
bool view_window_drained(struct view *view);

/** Stops the view's thread (its last frame shown) and copies its counters
 * to @p out (shown: the view's own array, valid until
 * view_window_close(), which must still be called). */
void view_window_stats(struct view *view, struct view_window_stats *out);

#endif
