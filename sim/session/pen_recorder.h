/* pen_recorder: writes every raw event a pen source reads to an evemu 1.3
 * file, as the source reads them (the opening state frame, SYN_DROPPED and
 * libevdev's resync included), flushed at each SYN_REPORT. What `smpsim
 * record` and `smpsim practice --record` share.
 *
 * The file is an out_file (out_file.h): written under a temporary name
 * beside the target, NAME.XXXXXX.part, and renamed to NAME when the
 * recording ends. A recording cut short by a crash or a kill -9 is that
 * .part file, whole up to its last SYN_REPORT; one that ends in any other
 * way (Ctrl-C, --duration, the device going away) is renamed. A write that
 * fails (a full disk) stops the recording, the file cut back to its last
 * whole frame, and the .part file is kept with what was recorded until
 * then; the session it records goes on or not as the caller decides.
 */
#ifndef SMPSIM_PEN_RECORDER_H
#define SMPSIM_PEN_RECORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/types.h>

#include "out_file.h"
#include "pen_source.h"

struct pen_recorder {
	struct out_file *file;
	FILE *f;            /**< its stream */
	struct timeval origin;
	bool started;
	int error;          /**< errno of the first write that failed, or 0:
			     *   the recording stopped there */
	off_t frame_end;    /**< the file's bytes up to its last whole frame
			     *   (-1 for a stream that has no offset) */
	int64_t frame_us;   /**< that frame's time since the first event */
};

/**
 * Takes @p file (from cli_out_open(); standard output too), writes
 * @p src's device description to it and hooks @p rec to @p src's events.
 * @return 0, or a negative errno after printing "smpsim CMD: path: what";
 * @p file is freed then (its temporary removed).
 */
int pen_recorder_start(struct pen_recorder *rec, const char *cmd, struct out_file *file,
		       struct pen_source *src);

/**
 * Ends the recording: commits the file (renamed to its name), or, when a
 * write failed during the session, keeps it under its temporary name,
 * whole up to its last frame, and says so: "smpsim CMD: FILE: why: the
 * recording stopped at S s; what was recorded until then is kept in
 * FILE.XXXXXX.part". Does nothing when not started.
 * @return 0, or a negative errno after printing what failed.
 */
int pen_recorder_finish(struct pen_recorder *rec, const char *cmd);

/** Drops a recording that never began its session: the temporary file is
 * removed, nothing is renamed. Does nothing when not started. */
void pen_recorder_abandon(struct pen_recorder *rec);

#endif
