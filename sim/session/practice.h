/* practice: one trainee's session of a lesson, on a pen device or a
 * replayed recording: the lesson's instructions, the session with live
 * audio feedback and a status line, the score, and everything stored in
 * the trainee record as it goes (scoring/store/store.h). What `smpsim practice`
 * and `smpsim demo` run.
 */
#ifndef SMPSIM_PRACTICE_H
#define SMPSIM_PRACTICE_H

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <termios.h>

#include "cli.h"
#include "cli_view.h"

struct practice_options {
	const char *cmd;            /**< "practice" or "demo", for messages */
	const char *trainee;
	bool create_trainee;        /**< add the trainee when missing */
	const char *lesson_id;
	const char *device;         /**< a live device; NULL: choose one */
	const char *replay;         /**< or a recording to replay */
	const char *desc;           /**< the recording's separate description */
	bool realtime;              /**< pace a replay by the wall clock */
	bool no_grab;               /**< leave a live device shared (--no-grab) */
	struct cli_sound sound;     /**< --audio etc.; a NULL spec: no sound */
	const struct sim_mapping *mapping; /**< --mapping; NULL: the lesson's, else
				     *   its work area centred on the pad */
	const char *record;         /**< live: also record to this evemu file */
	bool force;                 /**< the recording and the report may replace
				     *   a file (the sound's wav: file: sound.force) */
	const char *db;             /**< NULL: store_default_path() */
	struct cli_pen *pen;        /**< options and quirks, initialised */
	struct out_file *report;    /**< write the session's HTML report into
				     *   this file, from the record, once it is
				     *   stored, and commit it (NULL: none); the
				     *   caller opens it before and frees it after */
	const char *report_stem;    /**< with no @p report: write it beside the
				     *   record as STEM-N.html, N the session; its
				     *   temporary file is made, and the name
				     *   checked, before anything is stored */
	struct cli_view view;       /**< the live view's options (checked by
				     *   cli_view_check()) */
};

struct practice_outcome {
	char db_path[PATH_MAX];     /**< the database used */
	int64_t session;            /**< the stored session; 0 when none */
	bool scored;
	bool passed;
	double score;
	bool report_written;
	char report_path[PATH_MAX]; /**< where, when written */
};

/**
 * Runs the session @p o describes.
 * @return CLI_OK for a session that ran to its end (passed or not, or
 * ended early by a key or a signal), CLI_FAILED when something failed
 * (what was done until then is stored), CLI_BAD_INPUT for bad input.
 */
int practice_run(const struct practice_options *o, struct practice_outcome *out);

/** What ended a session early: the values of the loop's stop flag. */
enum { PRACTICE_STOP_SIGNAL = 1, PRACTICE_STOP_KEY = 2 };

/** What the session loop tells the status line; written by the loop
 * (relaxed stores), read by the ticker thread. */
struct practice_counters {
	atomic_bool started;
	atomic_llong now_us;        /**< session time of the last sample */
	atomic_uint deposits;
	atomic_uint in_band;
	atomic_uint last_fault;     /**< an enum deposit_fault bit, 0: none yet */
	atomic_llong last_fault_us;
};

/**
 * The ticker: a thread that, ten times a second, redraws the status line
 * (when @p status is a terminal), reads the keys that end a session (when
 * stdin is a terminal: Enter or q; in the view's window: q or Escape) and, twice a second, asks the loop to
 * commit the deposits it has added (flush_due), so no work older than
 * about half a second of wall time is ever uncommitted.
 */
struct view_link;

struct practice_ticker {
	const struct practice_counters *counters;
	struct view_link *view;     /**< the window's keys, or NULL */
	bool exam;                  /**< exam mode: the status line tells only
				     *   the time, no share in band or faults */
	volatile sig_atomic_t *stop; /**< set to PRACTICE_STOP_KEY on a key */
	double limit_s;             /**< the lesson's time limit */
	FILE *status;               /**< the terminal for the status line, or NULL */
	atomic_int flush_due;
	/* private */
	atomic_bool quit;
	int key_fd;
	bool have_termios, running, drawn;
	struct termios saved;
	pthread_t thread;
};

/** Starts the ticker (terminal modes set if stdin is one).
 * @return 0, or a negative errno. */
int practice_ticker_start(struct practice_ticker *t);

/**
 * Joins the status line's @p fields (most important first, each opening
 * with its own separator; ASCII, a byte a column) into @p out so that it
 * fits in a terminal @p columns wide without wrapping: at most
 * @p columns - 1 columns, the last fields left out whole until the rest
 * fits, the first cut when even it alone does not.
 * @return the length written (NUL-terminated when @p size > 0).
 */
size_t practice_status_text(const char *const fields[], size_t count, size_t columns,
			    char *out, size_t size);

/** Stops the ticker, clears the status line, restores the terminal. */
void practice_ticker_stop(struct practice_ticker *t);

#endif
