/* rescore: scoring a stored session again (rescore.h).
 *
 * The same path as an interrupted session's report (report_store.c): the
 * record's copy of the lesson file, read in memory; the stored deposits
 * as dots; the lesson's frame for the stored duration; the measures; the
 * rubric. Only the required levels change: those of the benchmark in
 * force, put onto the copy's rubric, so zones, bands and weights stay
 * those the session was practised on.
 */
#include "rescore.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchmark_levels.h"
#include "lesson_apply.h"
#include "lesson_load.h"

/* What scoring needs, on the heap (a lesson and its models are tens of
 * kilobytes). */
struct rescore_work {
	struct lesson lesson;
	struct lesson_session ls;
	struct deposit *deposits;
	size_t count;
	struct score_dot *dots;
};

/* Loads the lesson copy stored with @p ss. @return 1 loaded, 0 not (why
 * set), or a negative errno. */
static int stored_lesson(struct store *store, const struct store_session *ss,
			 struct data_library *lib, struct rescore_work *w,
			 struct rescore_outcome *out)
{
	char name[STORE_NAME_MAX + 64], err[RESCORE_WHY_MAX - 64];
	char *text = NULL;
	size_t size = 0;
	int rc = store_session_lesson_text(store, ss->id, &text, &size);

	if (rc < 0) {
		snprintf(out->why, sizeof(out->why), "%s", store_error(store));
		return rc;
	}
	if (size == 0) {
		free(text);
		snprintf(out->why, sizeof(out->why), "the record holds no copy of the lesson "
			 "file it ran on");
		return 0;
	}
	snprintf(name, sizeof(name), "lesson %s as stored with session %lld", ss->lesson_id,
		 (long long)ss->id);
	rc = lesson_load_text(name, ss->lesson_id, text, size, lib, &w->lesson, err,
			      sizeof(err));
	free(text);
	if (rc < 0) {
		snprintf(out->why, sizeof(out->why), "its lesson copy does not load: %s", err);
		return 0;
	}
	if (w->lesson.rubric.before_proficiency) {
		snprintf(out->why, sizeof(out->why), "its lesson copy was scored by a pass "
			 "mark (before proficiency): its score stands as it was");
		return 0;
	}
	if (lesson_session_prepare(&w->lesson, lib, &w->ls, err, sizeof(err)) < 0) {
		snprintf(out->why, sizeof(out->why), "its lesson copy cannot be set up: %s",
			 err);
		return 0;
	}
	return 1;
}

/* Measures and scores @p w's deposits against @p out->benchmark's levels. */
static int score(struct store *store, const struct store_session *ss,
		 struct rescore_work *w, struct rescore_outcome *out)
{
	struct score_frame frame;
	double duration = ss->duration_s;
	int64_t bm;
	int rc;

	if (!isfinite(duration))
		duration = w->count ? (w->deposits[w->count - 1].up_us - ss->start_us) / 1e6 : 0;
	if (!(w->dots = malloc((w->count ? w->count : 1) * sizeof(*w->dots))))
		return -ENOMEM;
	lesson_score_deposits(&w->ls, w->deposits, w->count, w->dots);
	lesson_score_frame(&w->lesson, &w->ls, duration, &frame);
	if (score_metrics_compute(w->dots, w->count, &frame, &out->metrics) < 0) {
		snprintf(out->why, sizeof(out->why), "its deposits cannot be measured");
		return 0;
	}
	bm = benchmark_apply_in_force(store, ss->lesson_id, &w->lesson.rubric, NULL);
	if (bm < 0) {
		snprintf(out->why, sizeof(out->why), "%s", store_error(store));
		return (int)bm;
	}
	out->benchmark = bm;
	rc = score_rubric_apply(&w->lesson.rubric, &out->metrics, &out->result);
	if (rc < 0) {
		snprintf(out->why, sizeof(out->why), "%s", rc == -ENODATA ?
			 "no dots were made" : "its lesson copy's rubric scores nothing");
		return 0;
	}
	out->scored = true;
	return 0;
}

int rescore_session(struct store *store, const struct store_session *ss,
		    struct data_library *lib, struct rescore_outcome *out)
{
	struct rescore_work *w = calloc(1, sizeof(*w));
	int rc;

	memset(out, 0, sizeof(*out));
	if (!w)
		return -ENOMEM;
	if (ss->status == STORE_IN_PROGRESS) {
		snprintf(out->why, sizeof(out->why), "it is still in progress");
		rc = 0;
		goto out;
	}
	if ((rc = stored_lesson(store, ss, lib, w, out)) <= 0)
		goto out;
	if ((rc = store_session_deposit_array(store, ss->id, &w->deposits, &w->count)) < 0) {
		snprintf(out->why, sizeof(out->why), "%s", store_error(store));
		goto out;
	}
	rc = score(store, ss, w, out);
out:
	free(w->dots);
	free(w->deposits);
	free(w);
	return rc < 0 ? rc : 0;
}
