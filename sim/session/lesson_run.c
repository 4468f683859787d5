/* lesson_run: the lesson side of a session, shared by score and practice:
 * the lesson loaded, the pad placed on its scalp (or refused when too
 * small for it at real scale), the simulator made, the deposits scored. */
#include "lesson_run.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lesson_load.h"

int lesson_run_load(struct lesson_run *run, const char *id)
{
	const char *cmd = run->cmd;
	const struct lesson *lesson;
	const char *text;
	struct lesson_origin origin;
	char err[512];
	int rc;

	memset(run, 0, sizeof(*run));
	run->cmd = cmd;
	cli_data_dir();  /* says when there is no data folder */
	rc = lesson_find_in(cli_library(), id, run->path, sizeof(run->path), &origin, err,
			    sizeof(err));
	if (rc < 0) {
		/* A sentence of ours, not a file:line: say whose it is. */
		cli_error(run->cmd, "%s", err);
		return CLI_BAD_INPUT;
	}
	rc = lesson_load_once(run->path, cli_library(), &lesson, err, sizeof(err));
	if (rc == 0) {
		run->lesson = *lesson;
		rc = lesson_session_prepare(&run->lesson, cli_library(), &run->ls, err,
					    sizeof(err));
	}
	if (rc < 0) {
		cli_quote_message(err);
		return rc == -ENOMEM ? CLI_FAILED : CLI_BAD_INPUT;
	}
	/* The exact bytes the lesson was parsed from, for the record. */
	data_library_lesson(cli_library(), run->path, &text, &run->text_size);
	if (!(run->text = malloc(run->text_size + 1))) {
		cli_error(run->cmd, "out of memory");
		return CLI_FAILED;
	}
	memcpy(run->text, text, run->text_size + 1);
	return CLI_OK;
}

/* The pad cannot hold the lesson's work area at real scale: the size
 * needed rounded up and the pad's down (to 0.1 mm), so the two never read
 * as equal; and a --mapping that would hold it, centred, at the least
 * scale (to 0.01) that does. */
static void say_too_small(const struct lesson_run *run, const struct pen_geometry *pad,
			  const struct lesson_area *a)
{
	double scale = ceil(fmax(a->width_mm / pad->width_mm,
				 a->height_mm / pad->height_mm) * 100) / 100;
	double dx = a->x_mm + a->width_mm / 2 - scale * pad->width_mm / 2;
	double dy = a->y_mm + a->height_mm / 2 - scale * pad->height_mm / 2;

	cli_error(run->cmd, "%s needs a pad of %g x %g mm at real scale; this pad is "
		  "%g x %g mm: use a larger tablet, or choose a scale with --mapping (the "
		  "lesson's zone is then not at real size; --mapping %.2f,%.2f,%g,0 holds "
		  "it)", run->lesson.id, ceil(a->width_mm * 10 - 1e-6) / 10,
		  ceil(a->height_mm * 10 - 1e-6) / 10, floor(pad->width_mm * 10 + 1e-6) / 10,
		  floor(pad->height_mm * 10 + 1e-6) / 10, dx, dy, scale);
}

int lesson_run_start(struct lesson_run *run, const struct pen_source *pen,
		     const struct sim_mapping *option, struct session_loop *loop)
{
	const struct pen_geometry *pad = pen_source_geometry(pen);
	struct sim_setup setup;
	char why[PEN_SOURCE_ERROR_MAX];

	if (lesson_choose_mapping(&run->lesson, &run->ls.scalp, pad->width_mm,
				  pad->height_mm, option, &run->mapping, &run->mapping_source,
				  &run->area) < 0) {
		say_too_small(run, pad, &run->area);
		return CLI_BAD_INPUT;
	}
	lesson_sim_setup(&run->lesson, &run->ls, pen_source_settings(pen)->force_full_scale_n,
			 &run->mapping, &setup);
	if (run->calibration) {
		setup.force_curve = pen_calibration_curve;
		setup.force_curve_data = run->calibration;
	}
	if (sim_session_new(&setup, &run->sim, why, sizeof(why)) < 0) {
		cli_error(run->cmd, "%s", why);
		return CLI_BAD_INPUT;
	}
	loop->sim = run->sim;
	loop->end_us = (int64_t)(run->lesson.time_limit_s * 1e6);
	return CLI_OK;
}

int lesson_run_score(struct lesson_run *run, double duration_s)
{
	size_t n = sim_session_deposit_count(run->sim);
	int rc;

	run->dots = malloc((n ? n : 1) * sizeof(*run->dots));
	if (!run->dots) {
		cli_error(run->cmd, "out of memory");
		return CLI_FAILED;
	}
	run->dot_count = lesson_score_dots(&run->ls, run->sim, run->dots);
	lesson_score_frame(&run->lesson, &run->ls, duration_s, &run->frame);
	if (score_metrics_compute(run->dots, run->dot_count, &run->frame,
				  &run->metrics) < 0) {
		cli_error(run->cmd, "the lesson's zones cannot be measured");
		return CLI_BAD_INPUT;
	}
	run->measured = true;
	rc = score_rubric_apply(&run->lesson.rubric, &run->metrics, &run->result);
	if (rc == -ENODATA) {
		size_t lines = run->dot_count - run->metrics.dots;

		/* Marks for faults not made where nothing was made would be a
		 * score of nothing: said, and never counted. */
		if (lines == 1)
			cli_error(run->cmd, "not scored: no dots were made (1 drag line, "
				  "which is not a dot)");
		else if (lines)
			cli_error(run->cmd, "not scored: no dots were made (%zu drag lines, "
				  "which are not dots)", lines);
		else
			cli_error(run->cmd, "not scored: no dots were made");
		return CLI_FAILED;
	}
	if (rc < 0) {
		cli_error(run->cmd, "too little to score: %zu dot%s, none of the lesson's "
			  "measures applies", run->metrics.dots, run->metrics.dots == 1 ? "" : "s");
		return CLI_FAILED;
	}
	run->scored = true;
	return CLI_OK;
}

const char *lesson_run_region_id(const struct lesson_run *run, const struct deposit *d)
{
	if (d->region == SCALP_NO_REGION || d->region >= run->ls.scalp.region_count)
		return NULL;
	return run->ls.scalp.regions[d->region].id;
}

void lesson_run_release(struct lesson_run *run)
{
	free(run->dots);
	free(run->text);
	sim_session_free(run->sim);
	run->dots = NULL;
	run->text = NULL;
	run->sim = NULL;
}
