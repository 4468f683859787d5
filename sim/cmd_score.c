/* smpsim score: replays a recording as a session of a lesson (its scalp
 * model, needle, zones, depth bands, mapping and time limit), measures the
 * deposits and scores them by the lesson's rubric: a score out of 100, the
 * breakdown, pass or fail, and the three things to work on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "score_print.h"
#include "session_loop.h"

static const char score_usage[] =
	"usage: smpsim score FILE --lesson ID [--desc FILE] [--pad-size WxH]\n"
	"                    [--audio SPEC] [--json]\n"
	"\n"
	"Replays the evemu recording FILE as a session of lesson ID (see 'smpsim\n"
	"lessons'), on the lesson's scalp model and needle, up to its time limit,\n"
	"and prints the score out of 100, pass or fail, the marks per measure and\n"
	"the three things most worth working on.\n"
	"\n"
	"  --lesson ID      the lesson (data/lessons/ID.yaml)\n"
	"  --desc FILE      the device description is in FILE\n"
	"  --pad-size WxH   the active area in mm, for devices with no resolution\n"
	"  --tip-down F, --tip-up F   tip thresholds (fractions of the pressure range)\n"
	"  --audio SPEC     play the feedback as the session replays (default none;\n"
	"                   see 'smpsim inspect --help'); --cues, --volume, --depth-tone\n"
	"  --json           print JSON instead of text\n"
	"\n"
	"Exit status 0 whether the session passed or not; 2 for a bad recording or\n"
	"lesson (reported as FILE:LINE: what is wrong).\n";

struct score_run {
	const char *path, *desc, *lesson_id, *audio_spec;
	bool json;
	struct cli_pen pen;
	struct audio_settings sound;
	struct lesson lesson;
	struct lesson_session ls;
	struct audio_output *audio;
	struct sim_session *sim;
	struct score_dot *dots;
};

static int load_lesson(struct score_run *run)
{
	char path[4096], err[512];
	int rc = lesson_find(cli_data_dir(), run->lesson_id, path, sizeof(path), err,
			     sizeof(err));

	if (rc == 0)
		rc = lesson_load(path, cli_data_dir(), &run->lesson, err, sizeof(err));
	if (rc == 0)
		rc = lesson_session_prepare(&run->lesson, cli_data_dir(), &run->ls, err,
					    sizeof(err));
	if (rc < 0)
		fprintf(stderr, "%s\n", err);
	return rc;
}

static int run_session(struct score_run *run)
{
	struct session_loop loop = { .audio = run->audio };
	struct sim_setup setup;
	struct score_frame frame;
	struct score_metrics metrics;
	struct score_result result;
	char err[PEN_SOURCE_ERROR_MAX];
	size_t n;
	int rc;

	rc = pen_source_open_recording(run->path, run->desc, &run->pen.options, &loop.pen,
				       err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		return rc == -ENOENT || rc == -EACCES ? CLI_FAILED : CLI_BAD_INPUT;
	}
	lesson_sim_setup(&run->lesson, &run->ls,
			 pen_source_settings(loop.pen)->force_full_scale_n, &setup);
	if (sim_session_new(&setup, &run->sim, err, sizeof(err)) < 0) {
		cli_error("score", "%s", err);
		pen_source_free(loop.pen);
		return CLI_BAD_INPUT;
	}
	loop.sim = run->sim;
	loop.pace = run->audio != NULL; /* a no-op for wav: and silence */
	loop.end_us = (int64_t)(run->lesson.time_limit_s * 1e6);
	rc = session_loop_run(&loop, NULL);
	if (rc < 0) {
		fprintf(stderr, "%s\n", pen_source_error(loop.pen));
		pen_source_free(loop.pen);
		return CLI_BAD_INPUT;
	}
	pen_source_free(loop.pen);
	n = sim_session_deposit_count(run->sim);
	run->dots = malloc((n ? n : 1) * sizeof(*run->dots));
	if (!run->dots) {
		cli_error("score", "out of memory");
		return CLI_FAILED;
	}
	lesson_score_dots(&run->ls, run->sim, run->dots);
	lesson_score_frame(&run->lesson, &run->ls, loop.last_us / 1e6, &frame);
	if (score_metrics_compute(run->dots, n, &frame, &metrics) < 0) {
		cli_error("score", "the lesson's zones cannot be measured");
		return CLI_BAD_INPUT;
	}
	if (score_rubric_apply(&run->lesson.rubric, &metrics, &result) < 0) {
		cli_error("score", "too little to score: %zu dots, none of the lesson's "
			  "measures applies", metrics.dots);
		return CLI_FAILED;
	}
	if (run->json) {
		printf("{\n  \"recording\": ");
		cli_json_string(stdout, run->path);
		printf(",\n  \"duration_s\": %.3f,\n", loop.last_us / 1e6);
		score_print_json(&run->lesson, &metrics, &result);
		printf("}\n");
	} else {
		printf("recording   %s (%.1f s)\n", run->path, loop.last_us / 1e6);
		score_print_text(&run->lesson, &metrics, &result);
	}
	return CLI_OK;
}

int cmd_score(int argc, char **argv)
{
	static const struct option options[] = {
		{ "lesson", required_argument, NULL, 'l' },
		{ "desc", required_argument, NULL, CLI_OPT_DESC },
		{ "pad-size", required_argument, NULL, CLI_OPT_PAD_SIZE },
		{ "tip-down", required_argument, NULL, CLI_OPT_TIP_DOWN },
		{ "tip-up", required_argument, NULL, CLI_OPT_TIP_UP },
		{ "audio", required_argument, NULL, CLI_OPT_AUDIO },
		{ "cues", required_argument, NULL, CLI_OPT_CUES },
		{ "volume", required_argument, NULL, CLI_OPT_VOLUME },
		{ "depth-tone", no_argument, NULL, CLI_OPT_DEPTH_TONE },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct score_run *run = calloc(1, sizeof(*run));
	char note[AUDIO_OUTPUT_TEXT_MAX];
	int opt, rc, status = CLI_BAD_INPUT;

	if (!run)
		return CLI_FAILED;
	audio_settings_default(&run->sound);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
		if ((rc = cli_pen_option(opt, optarg, &run->pen.options)) != 0) {
			if (rc < 0)
				goto out;
			continue;
		}
		switch (opt) {
		case 'l': run->lesson_id = optarg; break;
		case CLI_OPT_DESC: run->desc = optarg; break;
		case CLI_OPT_AUDIO: run->audio_spec = optarg; break;
		case CLI_OPT_CUES:
		case CLI_OPT_VOLUME:
		case CLI_OPT_DEPTH_TONE:
			if (cli_sound_option(opt, optarg, &run->sound) < 0)
				goto out;
			break;
		case CLI_OPT_JSON: run->json = true; break;
		case 'h': fputs(score_usage, stdout); status = CLI_OK; goto out;
		default: fputs(score_usage, stderr); goto out;
		}
	}
	if (optind != argc - 1 || !run->lesson_id) {
		fputs(score_usage, stderr);
		goto out;
	}
	run->path = argv[optind];
	if (cli_pen_init(&run->pen) < 0 || load_lesson(run) < 0)
		goto out;
	if (run->audio_spec) {
		rc = audio_output_open(run->audio_spec, &run->sound, &run->audio, note,
				       sizeof(note));
		fprintf(stderr, rc < 0 ? "smpsim score: %s\n" : "%s\n", note);
		if (rc < 0)
			goto out;
	}
	status = run_session(run);
out:
	free(run->dots);
	sim_session_free(run->sim);
	audio_output_free(run->audio);
	cli_pen_release(&run->pen);
	free(run);
	return status;
}
