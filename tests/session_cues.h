/* session_cues: what a recording sounds like, worked out without sound:
 * replays it through pen_source, the simulator and sim/feedback exactly as
 * smpsim's session loop does, and lists the cues feedback asks for, each
 * with its session time and deposit, and the model's crossings into
 * "deep" (the moments the deep cue is due). The reference the audio tests and
 * the latency benchmark compare what was heard against.
 */
#ifndef SMPSIM_SESSION_CUES_H
#define SMPSIM_SESSION_CUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio_cue.h"

struct session_cue {
	enum audio_cue cue;
	int64_t time_us;     /**< session time of the pen sample behind it */
	uint32_t deposit;    /**< the deposit it is about */
};

/** Most crossings into "deep" a list keeps. */
#define SESSION_CUES_CROSSINGS_MAX 64

/** A deposit's depth crossing from the band into deep, as the model said
 * it (SIM_DEPTH_CROSSED), whatever feedback made of it. */
struct session_crossing {
	int64_t time_us;     /**< the sample that crossed */
	uint32_t deposit;
	bool overdeep;       /**< the same sample went on past overdeep */
};

/** A replay's cues and what it left behind. */
struct session_cue_list {
	struct session_cue *cues;
	size_t count;
	size_t deposits;     /**< deposits the session made */
	size_t samples;      /**< pen samples it read */
	int64_t start_us;    /**< the first sample's time */
	int64_t end_us;      /**< the last sample's time */
	struct session_crossing deep[SESSION_CUES_CROSSINGS_MAX];
	size_t deep_count;   /**< crossings into deep (the first MAX kept) */
};

/**
 * Replays @p recording on scalp @p scalp_id with needle @p needle_id (files
 * of @p data_dir, with its device quirks), default mapping and settings.
 * @param err  receives what went wrong
 * @return 0 and *list (free with session_cues_free), or a negative errno.
 */
int session_cues_replay(const char *recording, const char *data_dir,
			const char *scalp_id, const char *needle_id,
			struct session_cue_list *list, char *err, size_t err_size);

/** Frees what session_cues_replay() allocated. Accepts a zeroed list. */
void session_cues_free(struct session_cue_list *list);

#endif
