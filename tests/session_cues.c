/* session_cues: the session loop's hand-offs (sample -> sim_session_step ->
 * feedback_commands, then sim_session_finish) without the sound: every
 * AUDIO_PLAY_CUE command is kept, with the deposit of the event behind it.
 */
#include "session_cues.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "needle_load.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "scalp_load.h"
#include "sim_session.h"

static int keep(struct session_cue_list *l, size_t *cap, const struct sim_event *ev,
		const struct audio_command *cmd)
{
	if (cmd->kind != AUDIO_PLAY_CUE)
		return 0;
	if (l->count == *cap) {
		size_t n = *cap ? *cap * 2 : 32;
		struct session_cue *c = realloc(l->cues, n * sizeof(*c));

		if (!c)
			return -ENOMEM;
		l->cues = c;
		*cap = n;
	}
	l->cues[l->count++] = (struct session_cue){ cmd->cue, cmd->time_us, ev->deposit };
	return 0;
}

static int pass_on(struct session_cue_list *l, size_t *cap, struct feedback *fb,
		   const struct sim_event *ev, int n)
{
	for (int i = 0; i < n; i++) {
		struct audio_command cmd[FEEDBACK_MAX_COMMANDS];
		size_t k = feedback_commands(fb, &ev[i], cmd);

		if (ev[i].kind == SIM_DEPTH_CROSSED && ev[i].depth_class == DEPOSIT_DEEP &&
		    l->deep_count < SESSION_CUES_CROSSINGS_MAX)
			l->deep[l->deep_count++] = (struct session_crossing){
				ev[i].time_us, ev[i].deposit, false };
		if (ev[i].kind == SIM_DEPTH_CROSSED && ev[i].depth_class == DEPOSIT_OVERDEEP &&
		    l->deep_count > 0 && l->deep[l->deep_count - 1].time_us == ev[i].time_us &&
		    l->deep[l->deep_count - 1].deposit == ev[i].deposit)
			l->deep[l->deep_count - 1].overdeep = true;

		for (size_t j = 0; j < k; j++)
			if (keep(l, cap, &ev[i], &cmd[j]) < 0)
				return -ENOMEM;
	}
	return 0;
}

int session_cues_replay(const char *recording, const char *data_dir,
			const char *scalp_id, const char *needle_id,
			struct session_cue_list *l, char *err, size_t err_size)
{
	struct device_quirk *quirks = NULL;
	struct pen_source_options o = { 0 };
	struct pen_source *src = NULL;
	struct sim_session *sim = NULL;
	struct scalp_model scalp;
	struct needle needle;
	struct sim_setup setup;
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct feedback fb;
	struct pen_sample s;
	char path[4096];
	size_t cap = 0;
	int rc, n;

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s/devices/quirks.yaml", data_dir);
	if ((rc = quirks_load(path, &quirks, &o.quirk_count, err, err_size)) < 0)
		return rc;
	o.quirks = quirks;
	snprintf(path, sizeof(path), "%s/scalps/%s.yaml", data_dir, scalp_id);
	if ((rc = scalp_load(path, &scalp, err, err_size)) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/needles/%s.yaml", data_dir, needle_id);
	if ((rc = needle_load(path, &needle, err, err_size)) < 0)
		goto out;
	if ((rc = pen_source_open_recording(recording, NULL, &o, &src, err, err_size)) < 0)
		goto out;
	sim_setup_init(&setup, &scalp, &needle, pen_source_settings(src)->force_full_scale_n);
	if ((rc = sim_session_new(&setup, &sim, err, err_size)) < 0)
		goto out;
	feedback_init(&fb, &scalp);
	while ((rc = pen_source_next(src, &s, -1)) == 1) {
		if (l->samples++ == 0)
			l->start_us = s.time_us;
		l->end_us = s.time_us;
		if ((n = sim_session_step(sim, &s, ev)) < 0 ||
		    (n = pass_on(l, &cap, &fb, ev, n)) < 0) {
			rc = n;
			snprintf(err, err_size, "%s", strerror(-rc));
			goto out;
		}
	}
	if (rc != -ENODATA) {
		snprintf(err, err_size, "%s", pen_source_error(src));
		goto out;
	}
	if ((n = sim_session_finish(sim, ev)) < 0 || (n = pass_on(l, &cap, &fb, ev, n)) < 0) {
		rc = n;
		snprintf(err, err_size, "%s", strerror(-rc));
		goto out;
	}
	l->deposits = sim_session_deposit_count(sim);
	rc = 0;
out:
	sim_session_free(sim);
	pen_source_free(src);
	free(quirks);
	if (rc < 0)
		session_cues_free(l);
	return rc;
}

void session_cues_free(struct session_cue_list *l)
{
	free(l->cues);
	memset(l, 0, sizeof(*l));
}
