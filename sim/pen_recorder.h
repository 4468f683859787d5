/* pen_recorder: writes every raw event a pen source reads to an evemu 1.3
 * file, as the source reads them (the opening state frame, SYN_DROPPED and
 * libevdev's resync included), flushed at each SYN_REPORT, so stopping at
 * any moment keeps everything read until then. What `smpsim record` and
 * `smpsim practice --record` share.
 */
#ifndef SMPSIM_PEN_RECORDER_H
#define SMPSIM_PEN_RECORDER_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/time.h>

#include "pen_source.h"

struct pen_recorder {
	FILE *f;
	const char *path;
	struct timeval origin;
	bool started;
	int error;          /**< errno of the first write that failed, or 0 */
};

/**
 * Creates @p path (replacing it only with @p force), writes @p src's
 * device description and hooks @p rec to @p src's events.
 * @return 0, or a negative errno after printing "smpsim CMD: path: what"
 * (-EEXIST: the file exists and @p force is false).
 */
int pen_recorder_start(struct pen_recorder *rec, const char *cmd, const char *path,
		       bool force, struct pen_source *src);

/**
 * Closes the file. @return 0, or a negative errno after printing what
 * failed (a write during the session or the close).
 */
int pen_recorder_finish(struct pen_recorder *rec, const char *cmd);

#endif
