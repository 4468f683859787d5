/* session_replay: a stored session run again from the record, for
 * `smpsim replay` and `smpsim review --session N --view` (one path).
 *
 * The session's pen stream (its chunks, checked whole first) and device
 * go through the same path as `practice --replay`: a pen source, the
 * session loop, the simulator made from the record's own copy of the
 * lesson file and the session's stored mapping, to the same end (the
 * stored duration, or the lesson's time limit), then scored by the
 * lesson's rubric. Every deposit is compared with the stored one, field by
 * field, and the score with the stored score, exactly. A session stored
 * before pen streams were kept is scored again from its stored deposits.
 * Nothing is written to the record (it is opened read-only). With the
 * view, the re-run becomes a tape (replay_tape.h) played in the window.
 */
#ifndef SMPSIM_SESSION_REPLAY_H
#define SMPSIM_SESSION_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

struct session_replay_options {
	const char *cmd;           /**< "replay" or "review" */
	const char *db;            /**< --db, or NULL */
	int64_t session;
	bool view;                 /**< play it in the window */
	const struct cli_pen *pen; /**< quirks and --pad-size, --tip-down, --tip-up */
};

/**
 * Replays session @p o->session, prints what it found.
 * @return CLI_OK when the replay reproduced the stored deposits and score
 * exactly (or, from deposits, the score); CLI_FAILED when it did not, for
 * a damaged pen stream ("session N's pen stream: chunk K: ...") or record,
 * or when the view cannot be shown; CLI_BAD_INPUT for no such session.
 */
int session_replay_run(const struct session_replay_options *o);

#endif
