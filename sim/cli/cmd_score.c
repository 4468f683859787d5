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
#include "commands.h"
#include "lesson_run.h"
#include "score_print.h"
#include "session_loop.h"
#include "store.h"

static const char score_usage[] =
	"usage: smpsim score FILE --lesson ID|FILE [--desc FILE] [--pad-size WxH]\n"
	"                    [--mapping DX,DY,SCALE,DEG] [--audio SPEC [--force]]\n"
	"                    [--json]\n"
	"\n"
	"Replays the evemu recording FILE as a session of lesson ID (see 'smpsim\n"
	"lessons'), on the lesson's scalp model and needle, up to its time limit,\n"
	"and prints the score out of 100 (the progress figure), pass or fail (a\n"
	"pass: every measure the lesson requires at its level and no never-event;\n"
	"a fail names each requirement missed and each never-event), the marks\n"
	"per measure and the three things most worth working on. It reads no\n"
	"trainee record, so it judges by the lesson file's own levels, never by a\n"
	"benchmark made from experts (smpsim benchmark): practise the recording\n"
	"(smpsim practice --replay) to be judged by the benchmark in force.\n"
	"\n"
	"  --lesson ID|FILE the lesson: its id (see 'smpsim lessons') or its file\n"
	"  --desc FILE      the device description is in FILE\n"
	"  --pad-size WxH   the active area in mm, for devices with no resolution\n"
	"  --tip-down F, --tip-up F   tip thresholds (fractions of the pressure range)\n"
	CLI_MAPPING_HELP
	CLI_MAPPING_LESSON_HELP
	"                   (a recording made for the old default, the pad's corner\n"
	"                   on the scalp's origin, scores as made with 0,0,1,0)\n"
	CLI_SOUND_HELP
	"                   (score is silent unless --audio is given)\n"
	CLI_SOUND_LESSON_HELP
	CLI_FORCE_HELP
	"  --json           print JSON instead of text\n"
	"\n"
	"Exit status 0 whether the session passed or not; 1 when the recording\n"
	"made no dot (\"not scored: no dots were made\") or the WAV file\n"
	"cannot be written; 2 for a bad recording or lesson (reported as\n"
	"FILE:LINE: what is wrong), or a pad too small for the lesson at real scale\n"
	"(said before anything else).\n"
	"\n"
	CLI_OUTPUT_HELP;

struct score_run {
	const char *path, *desc, *lesson_id;
	bool json, has_mapping;
	struct sim_mapping mapping;
	struct cli_pen pen;
	struct cli_sound sound;
	struct lesson_run lr;
	struct audio_output *audio;
};

static int run_session(struct score_run *run)
{
	struct session_loop loop = { .pen = NULL };
	char err[PEN_SOURCE_ERROR_MAX], mapping[STORE_MAPPING_TEXT_MAX];
	const char *source;
	int rc;

	/* The recording (checked whole) before the sound, so a broken one
	 * is refused before anything else is said or made. */
	rc = pen_source_open_recording(run->path, run->desc, &run->pen.options, &loop.pen,
				       err, sizeof(err));
	if (rc < 0) {
		cli_quote_message(err);
		return rc == -ENOENT || rc == -EACCES ? CLI_FAILED : CLI_BAD_INPUT;
	}
	/* The pad placed on the scalp (or refused) before the sound's file
	 * is made. */
	if ((rc = lesson_run_start(&run->lr, loop.pen, run->has_mapping ? &run->mapping : NULL,
				   &loop)) != CLI_OK ||
	    (rc = cli_sound_open(&run->sound, "score", &run->audio)) != CLI_OK) {
		pen_source_free(loop.pen);
		return rc;
	}
	loop.audio = run->audio;
	loop.pace = run->audio != NULL; /* a no-op for wav: and silence */
	rc = session_loop_run(&loop, NULL);
	if (rc < 0) {
		cli_quote_message(pen_source_error(loop.pen));
		pen_source_free(loop.pen);
		return CLI_BAD_INPUT;
	}
	pen_source_free(loop.pen);
	if (loop.audio_rc < 0) {
		cli_error("score", "--audio %s: %s", run->sound.spec, strerror(-loop.audio_rc));
		return CLI_FAILED;
	}
	if ((rc = lesson_run_score(&run->lr, loop.last_us / 1e6)) != CLI_OK)
		return rc;
	source = lesson_mapping_source_name(run->lr.mapping_source);
	if (run->json) {
		const struct sim_mapping *m = &run->lr.mapping;

		printf("{\n  \"recording\": ");
		cli_json_string(stdout, run->path);
		printf(",\n  \"duration_s\": %.3f,\n", loop.last_us / 1e6);
		printf("  \"mapping\": { \"offset_x_mm\": %.10g, \"offset_y_mm\": %.10g, "
		       "\"scale\": %.10g, \"rotation_deg\": %.10g, \"source\": \"%s\" },\n",
		       m->offset_x_mm, m->offset_y_mm, m->scale, m->rotation_deg, source);
		score_print_json(&run->lr.lesson, &run->lr.metrics, &run->lr.result);
		printf("}\n");
	} else {
		printf("recording   %s (%.1f s)\n", cli_quote(run->path), loop.last_us / 1e6);
		store_mapping_text(&run->lr.mapping, source, mapping, sizeof(mapping));
		printf("pad on scalp %s\n", mapping);
		score_print_text(&run->lr.lesson, &run->lr.metrics, &run->lr.result);
	}
	return CLI_OK;
}

int cmd_score(int argc, char **argv)
{
	static const struct option options[] = {
		{ "lesson", required_argument, NULL, 'l' },
		{ "desc", required_argument, NULL, CLI_OPT_DESC },
		{ "mapping", required_argument, NULL, CLI_OPT_MAPPING },
		CLI_PEN_OPTIONS,
		CLI_SOUND_OPTIONS,
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct score_run *run = calloc(1, sizeof(*run));
	int opt, rc, status = CLI_BAD_INPUT;

	if (!run)
		return CLI_FAILED;
	cli_sound_init(&run->sound, NULL);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("score", opt, optarg, &run->pen.options)) != 0 ||
		    (rc = cli_sound_option("score", opt, optarg, &run->sound)) != 0) {
			if (rc < 0)
				goto out;
			continue;
		}
		switch (opt) {
		case 'l': run->lesson_id = optarg; break;
		case CLI_OPT_DESC: run->desc = optarg; break;
		case CLI_OPT_MAPPING:
			if (cli_mapping_parse("score", optarg, &run->mapping) < 0)
				goto out;
			run->has_mapping = true;
			break;
		case CLI_OPT_JSON: run->json = true; break;
		case CLI_OPT_FORCE: run->sound.force = true; break;
		case 'h': fputs(score_usage, stdout); status = CLI_OK; goto out;
		default: cli_bad_option("score"); goto out;
		}
	}
	if (optind == argc) {
		status = cli_bad_usage("score", "missing FILE: the recording to score");
		goto out;
	}
	if (optind != argc - 1) {
		status = cli_bad_usage("score", "unexpected '%s' (one FILE)", argv[optind + 1]);
		goto out;
	}
	if (!run->lesson_id) {
		status = cli_bad_usage("score", "missing --lesson ID|FILE ('smpsim lessons' "
				       "lists them)");
		goto out;
	}
	run->path = argv[optind];
	run->lr.cmd = "score";
	if (cli_pen_init(&run->pen) < 0)
		goto out;
	if ((status = lesson_run_load(&run->lr, run->lesson_id)) == CLI_OK)
		cli_sound_lesson(&run->sound, &run->lr.lesson.feedback);
	if (status != CLI_OK)
		goto out;
	status = run_session(run);
out:
	lesson_run_release(&run->lr);
	audio_output_free(run->audio);
	cli_pen_release(&run->pen);
	free(run);
	return status;
}
