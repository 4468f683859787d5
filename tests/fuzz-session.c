/* fuzz-session: libFuzzer target for the whole way from a recording to a
 * score, as `smpsim score` takes it.
 *
 * Each input is a recording: it is written to a memfd and opened through
 * pen_source (evemu reader, device checks, pad size, the shipped quirks,
 * pen assembler), its samples drive a simulator session on the scalp model
 * and needle of a shipped lesson (soft-hairline, loaded once at start from
 * data/), every event goes through the feedback, and the deposits are
 * measured (score_metrics) and scored by the lesson's rubric. Beyond "no
 * crash, no leak, no undefined behaviour", what each stage promises is
 * checked and abort()s when broken: samples in time order with finite
 * positions and pressure in 0..1; events about deposits that exist; a
 * score and marks within 0..100. A session ends at the lesson's time limit
 * or after MAX_SAMPLES samples, so an input cannot run for long.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "feedback.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "score_metrics.h"
#include "score_rubric.h"
#include "sim_session.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LESSON "soft-hairline"
#define MAX_SAMPLES 200000  /* more would only repeat the same checks */

static struct lesson lesson;
static struct lesson_session models;
static struct device_quirk *quirks;
static struct pen_source_options options;
static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct data_library *lib = NULL;
	char path[4096], err[1024] = "out of memory";
	size_t count;

	(void)argc;
	(void)argv;
	if (data_library_new(SMPSIM_DATA_DIR, &lib) < 0 ||
	    lesson_find(SMPSIM_DATA_DIR, LESSON, path, sizeof(path), err, sizeof(err)) < 0 ||
	    lesson_load(path, lib, &lesson, err, sizeof(err)) < 0 ||
	    lesson_session_prepare(&lesson, lib, &models, err, sizeof(err)) < 0 ||
	    quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &count, err,
			sizeof(err)) < 0) {
		fprintf(stderr, "fuzz-session: %s\n", err);
		abort();
	}
	data_library_free(lib);  /* lesson and models hold copies */
	options.quirks = quirks;
	options.quirk_count = count;
	/* Pads without a resolution: libwacom's test folder (small, so quick
	 * to read each time), else this size. */
	options.libwacom_dir = SMPSIM_TEST_DATA_DIR "/libwacom";
	options.pad_size = (struct pen_pad_size){ 150, 100 };
	memfd = memfd_create("fuzz-session", 0);
	if (memfd < 0)
		abort();
	snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	return 0;
}

static int write_memfd(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(memfd, 0) < 0)
		return -1;
	while (done < size) {
		ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);

		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static void check_sample(const struct pen_sample *s, int64_t last_us)
{
	if (s->time_us < last_us || !isfinite(s->x_mm) || !isfinite(s->y_mm) ||
	    !(s->pressure >= 0 && s->pressure <= 1) || !isfinite(s->tilt_x_deg) ||
	    !isfinite(s->tilt_y_deg))
		abort();
}

static void pass_on(struct sim_session *sim, struct feedback *fb,
		    const struct sim_event *ev, int n)
{
	struct audio_command cmd[FEEDBACK_MAX_COMMANDS];

	if (n < 0 || n > SIM_STEP_MAX_EVENTS)
		abort();
	for (int i = 0; i < n; i++) {
		if (ev[i].kind == SIM_DEPOSIT_FINISHED &&
		    ev[i].deposit >= sim_session_deposit_count(sim))
			abort();
		if (feedback_commands(fb, &ev[i], cmd) > FEEDBACK_MAX_COMMANDS)
			abort();
	}
}

/* Measures and scores what the session left, as lesson_run_score does. */
static void score(const struct sim_session *sim, int64_t duration_us)
{
	size_t n = sim_session_deposit_count(sim);
	struct score_dot *dots = malloc((n ? n : 1) * sizeof(*dots));
	struct score_frame frame;
	struct score_metrics metrics;
	struct score_result result;

	if (!dots)
		abort();
	if (lesson_score_dots(&models, sim, dots) != n)
		abort();
	lesson_score_frame(&lesson, &models, duration_us / 1e6, &frame);
	if (score_metrics_compute(dots, n, &frame, &metrics) == 0 &&
	    score_rubric_apply(&lesson.rubric, &metrics, &result) == 0) {
		if (!(result.score >= 0 && result.score <= 100))
			abort();
		for (int m = 0; m < SCORE_METRIC_COUNT; m++)
			if (result.rated[m] && !(result.marks[m] >= 0 && result.marks[m] <= 100))
				abort();
	}
	free(dots);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct sim_setup setup;
	struct sim_session *sim = NULL;
	struct pen_source *src;
	struct pen_sample s;
	struct feedback fb;
	char err[PEN_SOURCE_ERROR_MAX];
	int64_t end_us = (int64_t)(lesson.time_limit_s * 1e6), last_us = INT64_MIN;
	int rc;

	if (write_memfd(data, size) < 0)
		abort();
	if (pen_source_open_recording(memfd_path, NULL, &options, &src, err, sizeof(err)) < 0)
		return 0;
	/* Any recording, any pad: the lesson's own mapping, never a refusal. */
	lesson_sim_setup(&lesson, &models, pen_source_settings(src)->force_full_scale_n,
			 &lesson.mapping, &setup);
	if (sim_session_new(&setup, &sim, err, sizeof(err)) < 0)
		abort();  /* the lesson loaded: its set-up is sound */
	feedback_init(&fb, &models.scalp);
	for (size_t count = 0; count < MAX_SAMPLES; count++) {
		rc = pen_source_next(src, &s, 0);
		if (rc != 1)
			break;
		check_sample(&s, last_us);
		if (s.time_us > end_us)
			break;
		last_us = s.time_us;
		pass_on(sim, &fb, ev, sim_session_step(sim, &s, ev));
	}
	pass_on(sim, &fb, ev, sim_session_finish(sim, ev));
	score(sim, last_us > 0 ? last_us : 0);
	sim_session_free(sim);
	pen_source_free(src);
	return 0;
}
