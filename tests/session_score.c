/* session_score: replays a recording through the simulator and scores it
 * on a lesson, the steps of `smpsim score` in one call, with a hook on
 * every sample for tests that check the stream as it goes by.
 */
#include "session_score.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_fixture.h"
#include "pen_source.h"

int session_score_recording(const char *path, const struct lesson *lesson,
			    const struct lesson_session *ls,
			    const struct device_quirk *quirks, size_t quirk_count,
			    session_score_sample_fn on_sample, void *ctx,
			    struct session_score *out, char *err, size_t err_size)
{
	struct pen_source_options o = { .quirks = quirks, .quirk_count = quirk_count };
	struct pen_source *src = NULL;
	struct sim_session *sim = NULL;
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct score_dot *dots = NULL;
	struct score_frame frame;
	struct sim_setup setup;
	struct pen_sample smp;
	int rc;

	memset(out, 0, sizeof(*out));
	out->last_us = -1;
	if ((rc = pen_source_open_recording(path, NULL, &o, &src, err, err_size)) < 0)
		return rc;
	if ((rc = lesson_fixture_sim_setup(lesson, ls, src, &setup, &out->mapping)) < 0) {
		snprintf(err, err_size, "%s: the pad is too small for lesson '%s'", path,
			 lesson->id);
		goto out;
	}
	if ((rc = sim_session_new(&setup, &sim, err, err_size)) < 0)
		goto out;
	while ((rc = pen_source_next(src, &smp, -1)) == 1) {
		if (on_sample)
			on_sample(ctx, &smp);
		out->samples++;
		out->contacts += (smp.flags & PEN_TIP_DOWN_EDGE) != 0;
		out->last_us = smp.time_us;
		if ((rc = sim_session_step(sim, &smp, ev)) < 0) {
			snprintf(err, err_size, "%s: the simulator refused a sample (%s)", path,
				 strerror(-rc));
			goto out;
		}
	}
	if (rc != -ENODATA) {
		snprintf(err, err_size, "%s: reading failed (%s)", path, strerror(-rc));
		goto out;
	}
	if ((rc = sim_session_finish(sim, ev)) < 0) {
		snprintf(err, err_size, "%s: the simulator's finish failed", path);
		goto out;
	}
	out->count = sim_session_deposit_count(sim);
	out->deposits = calloc(out->count ? out->count : 1, sizeof(*out->deposits));
	dots = calloc(out->count ? out->count : 1, sizeof(*dots));
	if (!out->deposits || !dots) {
		rc = -ENOMEM;
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < out->count; i++)
		out->deposits[i] = *sim_session_deposit(sim, i);
	lesson_score_dots(ls, sim, dots);
	lesson_score_frame(lesson, ls, (double)(out->last_us > 0 ? out->last_us : 0) / 1e6,
			   &frame);
	if ((rc = score_metrics_compute(dots, out->count, &frame, &out->metrics)) < 0 ||
	    (rc = score_rubric_apply(&lesson->rubric, &out->metrics, &out->result)) < 0)
		snprintf(err, err_size, "%s: scoring failed (%s)", path, strerror(-rc));
out:
	free(dots);
	sim_session_free(sim);
	pen_source_free(src);
	if (rc < 0)
		session_score_free(out);
	return rc < 0 ? rc : 0;
}

int session_score_stipple(const struct session_gen_stipple *spec, const char *path,
			  const struct lesson *lesson, const struct lesson_session *ls,
			  const struct device_quirk *quirks, size_t quirk_count,
			  struct session_gen_played *played, struct session_score *out,
			  char *err, size_t err_size)
{
	int rc = session_gen_stipple_write_file(path, spec, played);

	if (rc < 0) {
		memset(out, 0, sizeof(*out));
		snprintf(err, err_size, "%s: cannot write the session (%s)", path, strerror(-rc));
		return rc;
	}
	rc = session_score_recording(path, lesson, ls, quirks, quirk_count, NULL, NULL, out,
				     err, err_size);
	if (rc < 0 && played)
		session_gen_played_free(played);
	return rc;
}

void session_score_unmet(const struct lesson *lesson, const struct score_result *r,
			 char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	buf[0] = 0;
	for (size_t i = 0; i < lesson->rubric.never_count; i++)
		if (r->never_triggered & (1u << i))
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%snever:%s",
					      n ? "," : "",
					      score_metric_name(lesson->rubric.never[i].metric));
	for (int m = 0; m < SCORE_METRIC_COUNT; m++)
		if (r->required[m] && !r->met[m])
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "",
					      score_metric_name((enum score_metric)m));
}

void session_score_free(struct session_score *s)
{
	if (!s)
		return;
	free(s->deposits);
	memset(s, 0, sizeof(*s));
}
