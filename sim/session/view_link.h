/* view_link: the program's side of the live view. Finds the module
 * smpsim-view.so (beside the program, sim/support/data_dir.c), loads it
 * with dlopen() by its path, checks that it was built with this program's
 * view_plugin.h, and carries one session's view: the pen mapped to the
 * scalp by the session's mapping, the simulator's events, the window's
 * keys. Only the commands that show something call it, so no other
 * command loads SDL2, cairo or pango.
 */
#ifndef SMPSIM_VIEW_LINK_H
#define SMPSIM_VIEW_LINK_H

#include <stddef.h>

#include "view_plugin.h"

/**
 * Loads the module once for the process (later calls give the first
 * answer).
 * @return its table, or NULL with @p why saying what is wrong, naming the
 * module's path: not found (where it was looked for), not loadable
 * (dlerror()'s text), or of another build (its abi or size).
 */
const struct view_plugin *view_link_plugin(char *why, size_t why_size);

/** One session's view. */
struct view_link {
	const struct view_plugin *plugin;
	struct view *view;            /**< NULL: no view */
	struct sim_mapping mapping;   /**< pad to scalp, the session's */
	double cos_r, sin_r;
	int64_t start_us;             /**< the stream's time at the session's
				       *   start: the view is given session time */
};

/**
 * Loads the module and opens the view of @p setup (its sim.mapping is the
 * one the pen is mapped by).
 * @return 0; -ENODEV when the module says there is no display; another
 * negative errno; with @p why on failure. @p link has no view then.
 */
int view_link_open(struct view_link *link, const struct view_setup *setup, char *why,
		   size_t why_size);

/**
 * As view_link_open(), through @p plugin's table instead of the module's:
 * for a benchmark that links the module's code (tests/bench-view.c).
 */
int view_link_open_with(struct view_link *link, const struct view_plugin *plugin,
			const struct view_setup *setup, char *why, size_t why_size);

/** Posts pen sample @p s, mapped to the scalp. A no-op without a view. */
void view_link_post_sample(struct view_link *link, const struct pen_sample *s);

/** Posts event @p e (@p deposit for SIM_DEPOSIT_FINISHED, else NULL). */
void view_link_post_event(struct view_link *link, const struct sim_event *e,
			  const struct deposit *deposit);

/** @return the window's next key for the session, VIEW_KEY_NONE without. */
enum view_key view_link_next_key(struct view_link *link);

/**
 * Closes the view (its screenshot written, if it was asked for).
 * Accepts a link with no view. @return 0, or a negative errno with @p why.
 */
int view_link_close(struct view_link *link, char *why, size_t why_size);

#endif
