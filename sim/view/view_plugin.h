/* view_plugin: the live view's interface, as the program sees it.
 *
 * The view (a window drawn with cairo and pango, shown through SDL2) is
 * built as a module of its own, smpsim-view.so, which the program loads
 * with dlopen() only when a command shows or draws something: SDL2, cairo
 * and pango with the ~70 libraries they pull in would otherwise add about
 * 20 ms to the start of every command (docs/performance.md). The module
 * exports one function, smpsim_view_plugin(), which returns the table
 * below; the program reaches the view only through it. Both sides are
 * built from one tree: the table's abi and size are checked on load.
 *
 * Threads: view_open() starts the view's own thread, which owns the window
 * and every SDL and cairo call. The post functions are called by the
 * session's loop: they copy what they are given into a preallocated
 * single-producer, single-consumer queue and return at once; they never
 * allocate, lock, wait for a frame or do I/O, so the simulator and the
 * sound never wait for the display. When the queue is full an input is
 * dropped and counted (view_close() reports the count).
 */
#ifndef SMPSIM_VIEW_PLUGIN_H
#define SMPSIM_VIEW_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deposit.h"
#include "lesson.h"
#include "pen_sample.h"
#include "scalp.h"
#include "sim_session.h"

/** Bumped whenever a struct or the table below changes. */
#define VIEW_PLUGIN_ABI 2

/** What the view shows; given to view_open(), copied by it. */
struct view_setup {
	const struct lesson *lesson;      /**< zones, hairline, title, instructions */
	const struct scalp_model *scalp;  /**< with the lesson's depth bands */
	struct sim_setup sim;             /**< mapping, spacing and technique */
	double pad_width_mm, pad_height_mm; /**< the pen's active area */
	double time_limit_s;              /**< 0: none */
	unsigned int target_dots;         /**< the lesson's target, 0: none */
	bool exam;         /**< only the scalp and the dots: no guides */
	bool guide_ring;   /**< the too-close and gap ring around the pen */
	bool pen_check;    /**< the pen-check overlay (key p) shown from the
			    *   start: smpsim pen-check's own window */
	bool fullscreen;   /**< a pen display: the view at real scale on it */
	double display_width_mm, display_height_mm; /**< a pen display's size,
						      *   0: not a pen display */
	const char *screenshot; /**< write the last frame to this PNG, or NULL */
	const char *title;      /**< the window's title */
};

/** What the window asks of the session (view_next_key()). */
enum view_key {
	VIEW_KEY_NONE = 0,
	VIEW_KEY_QUIT,        /**< the window closed, Escape or q */
	VIEW_KEY_PAUSE,       /**< replay: pause or go on (space) */
	VIEW_KEY_STEP,        /**< replay: the next dot (right arrow) */
	VIEW_KEY_STEP_BACK,   /**< replay: the dot before (left arrow) */
	VIEW_KEY_FASTER,      /**< replay: 1, 2, 4, 8x */
	VIEW_KEY_SLOWER,
	VIEW_KEY_NEXT_FAULT,  /**< replay: n */
	VIEW_KEY_PREV_FAULT,  /**< replay: p */
};

/** One moment of a session, for a replay: a pen position or an event. */
struct view_tape_entry {
	int64_t time_us;          /**< session time */
	bool is_event;
	union {
		struct {
			double x_mm, y_mm;    /**< the needle on the scalp */
			uint32_t flags;       /**< enum pen_flags */
		} pen;
		struct {
			struct sim_event event;
			struct deposit deposit;   /**< SIM_DEPOSIT_FINISHED: the dot */
		} sim;
	} u;
};

/** A whole session, for the instructor's replay. */
struct view_tape {
	struct view_tape_entry *entries; /**< in time order */
	size_t count;
	bool from_deposits;  /**< made from stored deposits only (a session
			      *   recorded before pen streams were kept) */
};

struct view;

struct view_plugin {
	int abi;          /**< VIEW_PLUGIN_ABI */
	size_t size;      /**< sizeof(struct view_plugin) */

	/**
	 * Opens the window and starts the view's thread.
	 * @return 0 and *out; -ENODEV when there is no display (with @p why
	 * saying so), another negative errno with @p why on failure.
	 */
	int (*open)(const struct view_setup *setup, struct view **out,
		    char *why, size_t why_size);
	/** The pen now (scalp mm). Never blocks. */
	void (*post_pen)(struct view *view, const struct pen_sample *sample,
			 double x_mm, double y_mm);
	/** A simulator event; @p deposit is the finished deposit for
	 * SIM_DEPOSIT_FINISHED (copied), else NULL. Never blocks. */
	void (*post_event)(struct view *view, const struct sim_event *event,
			   const struct deposit *deposit);
	/** @return the next key the window has for the session, or
	 * VIEW_KEY_NONE. Never blocks. */
	enum view_key (*next_key)(struct view *view);
	/**
	 * Plays @p tape in the window with the replay's controls (pause, step,
	 * speed, faults) until the window is closed. Blocks the caller.
	 * @return 0, or a negative errno with @p why.
	 */
	int (*replay)(struct view *view, const struct view_tape *tape,
		      char *why, size_t why_size);
	/**
	 * Stops the thread, writes the screenshot if one was asked for, closes
	 * the window and frees the view. Accepts NULL.
	 * @return 0, or a negative errno with @p why (the screenshot failed).
	 */
	int (*close)(struct view *view, char *why, size_t why_size);
	/**
	 * Writes the lesson's work area at 1:1 with a scale bar, as SVG or PDF
	 * (by @p path's extension) into the open file @p fd, which it does not
	 * close. @return 0, or a negative errno with @p why.
	 */
	int (*write_template)(const struct lesson *lesson,
			      const struct scalp_model *scalp, int fd,
			      bool pdf, char *why, size_t why_size);
};

/** The module's one exported function. @return its static table. */
const struct view_plugin *smpsim_view_plugin(void);

#endif
