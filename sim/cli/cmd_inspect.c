/* smpsim inspect: replays an evemu recording through the same pen source
 * and assembler as the live path and reports what a simulator would see:
 * the device, its size in mm and where that came from, duration, samples,
 * tip contacts and pressure range; every sample with --samples. With
 * --scalp and --needle the samples also run through the simulator and
 * every deposit is listed (every simulator event with --events). --json
 * gives the same for machines. Output is produced as the replay goes, so
 * memory stays flat; the pen source checks a recording whole as it opens,
 * so output never starts before a late error could be found.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "data_file.h"
#include "inspect_print.h"
#include "needle_load.h"
#include "pen_stats.h"
#include "scalp_load.h"
#include "session_loop.h"
#include "sim_session.h"

static const char inspect_usage[] =
	"usage: smpsim inspect FILE [--desc FILE] [--pad-size WxH]\n"
	"                      [--scalp ID --needle ID] [--samples] [--events] [--json]\n"
	"                      [--audio SPEC [--force]]\n"
	"\n"
	"Replays an evemu recording (evemu-record's format, 1.0 to 1.3) and prints\n"
	"the device, its active area in mm, duration, pen samples, tip contacts and\n"
	"the pressure range while touching. With a scalp model and a needle, runs\n"
	"the simulator too and lists every deposit: position on the scalp, depth,\n"
	"diameter, depth class and faults.\n"
	"\n"
	"  --desc FILE      the device description is in FILE (older recordings keep\n"
	"                   it apart from the events)\n"
	"  --pad-size WxH   the active area in mm, for devices that report no\n"
	"                   resolution and that libwacom does not know\n"
	"  --tip-down F     tip touches at this fraction of the pressure range\n"
	"                   (default 0.05, or the device's quirk)\n"
	"  --tip-up F       tip lifts at this fraction (default 0.01)\n"
	"  --scalp ID       a scalp model of the data folder's scalps/ (e.g.\n"
	"                   frontal-temporal)\n"
	"  --needle ID      a needle of the data folder's needles/ (e.g. 0601rl)\n"
	CLI_MAPPING_HELP
	"                   default 0,0,1,0: the pad's corner on the scalp's origin\n"
	CLI_SOUND_HELP
	"                   (inspect is silent unless --audio is given; a device\n"
	"                   paces the replay at the recording's speed)\n"
	CLI_FORCE_HELP
	"  --samples        also print every pen sample\n"
	"  --events         also print every simulator event (needs --scalp)\n"
	"  --json           print JSON instead of text\n"
	"\n"
	"A malformed recording or data file is reported as FILE:LINE: what is\n"
	"wrong, exit 2. A WAV file that cannot be written (one that exists without\n"
	"--force, a folder, a FIFO...) exits 1.\n"
	"\n"
	CLI_OUTPUT_HELP;

struct inspect {
	const char *path, *desc, *scalp_id, *needle_id;
	struct sim_mapping mapping;
	struct cli_sound sound;
	struct audio_output *audio;
	struct inspect_printer printer;
	struct inspect_tally tally;
	struct pen_stats stats;
	bool samples, events, json;
	struct cli_pen pen;
	struct scalp_model scalp;
	struct needle needle;
	struct sim_session *sim;
};

static int open_failure(int rc)
{
	return rc == -ENOENT || rc == -EACCES ? CLI_FAILED : CLI_BAD_INPUT;
}

static int load_models(struct inspect *in)
{
	char path[4096], err[512];
	int rc;

	if (!in->scalp_id && !in->needle_id)
		return 0;
	if (!in->scalp_id || !in->needle_id) {
		cli_error("inspect", "--scalp and --needle go together");
		return -EINVAL;
	}
	rc = data_file_find(cli_data_dir(), "scalps", "scalp model", in->scalp_id,
			    path, sizeof(path), err, sizeof(err));
	if (rc == 0)
		rc = scalp_load(path, &in->scalp, err, sizeof(err));
	if (rc == 0)
		rc = data_file_find(cli_data_dir(), "needles", "needle", in->needle_id,
				    path, sizeof(path), err, sizeof(err));
	if (rc == 0)
		rc = needle_load(path, &in->needle, err, sizeof(err));
	if (rc < 0)
		cli_quote_message(err);
	return rc;
}

static int start_sim(struct inspect *in, const struct pen_source *src)
{
	const struct device_settings *dev = pen_source_settings(src);
	struct sim_setup setup;
	char why[256];

	if (!in->scalp_id)
		return 0;
	sim_setup_init(&setup, &in->scalp, &in->needle, dev->force_full_scale_n);
	setup.mapping = in->mapping;
	if (sim_session_new(&setup, &in->sim, why, sizeof(why)) < 0) {
		cli_error("inspect", "%s", why);
		return -EINVAL;
	}
	return 0;
}

static void on_sample(void *ctx, const struct pen_sample *s)
{
	struct inspect *in = ctx;

	if (in->samples)
		inspect_print_sample(&in->printer, s);
	pen_stats_add(&in->stats, s);
}

static void on_event(void *ctx, const struct sim_event *e)
{
	struct inspect *in = ctx;

	if (in->events)
		inspect_print_event(&in->printer, e);
	if (e->kind == SIM_DEPOSIT_FINISHED)
		inspect_tally_add(&in->tally, sim_session_deposit(in->sim, e->deposit));
}

static int replay(struct inspect *in)
{
	struct session_loop_hooks hooks = { .sample = on_sample, .event = on_event, .ctx = in };
	struct session_loop loop = { .pen = NULL };
	char err[PEN_SOURCE_ERROR_MAX];
	bool stream = in->samples || in->events;
	int rc;

	/* The recording (checked whole) before the sound, so a broken one
	 * is refused before anything else is said or made. */
	rc = pen_source_open_recording(in->path, in->desc, &in->pen.options, &loop.pen,
				       err, sizeof(err));
	if (rc < 0) {
		cli_quote_message(err);
		return open_failure(rc);
	}
	if (start_sim(in, loop.pen) < 0) {
		pen_source_free(loop.pen);
		return CLI_BAD_INPUT;
	}
	if ((rc = cli_sound_open(&in->sound, "inspect", &in->audio)) != CLI_OK) {
		pen_source_free(loop.pen);
		return rc;
	}
	loop.audio = in->audio;
	in->printer.json = in->json;
	loop.sim = in->sim;
	loop.pace = in->audio != NULL; /* a no-op for wav: and silence */
	/* Only a stream prints before the end: the recording was checked
	 * whole as it opened, so no late error can cut it short. */
	if (stream && in->json)
		printf("{\n");
	else if (stream)
		inspect_print_header(&in->printer, in->path, loop.pen, in->sim);
	if (stream)
		inspect_print_stream_start(&in->printer);
	pen_stats_init(&in->stats);
	rc = session_loop_run(&loop, &hooks);
	if (rc < 0) {
		fflush(stdout);
		cli_quote_message(pen_source_error(loop.pen));
		pen_source_free(loop.pen);
		return CLI_BAD_INPUT;
	}
	if (loop.audio_rc < 0) {
		cli_error("inspect", "--audio %s: %s", in->sound.spec, strerror(-loop.audio_rc));
		pen_source_free(loop.pen);
		return CLI_FAILED;
	}
	if (stream)
		inspect_print_stream_end(&in->printer);
	else if (in->json)
		printf("{\n");
	else
		inspect_print_header(&in->printer, in->path, loop.pen, in->sim);
	if (in->sim)
		inspect_print_deposits(&in->printer, in->sim);
	inspect_print_summary(&in->printer, in->path, loop.pen, &in->stats,
			      in->sim ? &in->tally : NULL, in->audio);
	if (in->json)
		printf("}\n");
	pen_source_free(loop.pen);
	return CLI_OK;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option options[] = {
		{ "desc", required_argument, NULL, CLI_OPT_DESC },
		CLI_PEN_OPTIONS,
		{ "scalp", required_argument, NULL, CLI_OPT_SCALP },
		{ "needle", required_argument, NULL, CLI_OPT_NEEDLE },
		{ "mapping", required_argument, NULL, CLI_OPT_MAPPING },
		CLI_SOUND_OPTIONS,
		{ "samples", no_argument, NULL, CLI_OPT_SAMPLES },
		{ "events", no_argument, NULL, CLI_OPT_EVENTS },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct inspect *in = calloc(1, sizeof(*in));
	int opt, rc, status = CLI_BAD_INPUT;
	if (!in)
		return CLI_FAILED;
	in->mapping.scale = 1;
	cli_sound_init(&in->sound, NULL);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("inspect", opt, optarg, &in->pen.options)) != 0 ||
		    (rc = cli_sound_option("inspect", opt, optarg, &in->sound)) != 0) {
			if (rc < 0)
				goto out;
			continue;
		}
		switch (opt) {
		case CLI_OPT_DESC: in->desc = optarg; break;
		case CLI_OPT_SCALP: in->scalp_id = optarg; break;
		case CLI_OPT_NEEDLE: in->needle_id = optarg; break;
		case CLI_OPT_MAPPING:
			if (cli_mapping_parse("inspect", optarg, &in->mapping) < 0)
				goto out;
			break;
		case CLI_OPT_SAMPLES: in->samples = true; break;
		case CLI_OPT_EVENTS: in->events = true; break;
		case CLI_OPT_JSON: in->json = true; break;
		case CLI_OPT_FORCE: in->sound.force = true; break;
		case 'h': fputs(inspect_usage, stdout); status = CLI_OK; goto out;
		default: cli_bad_option("inspect"); goto out;
		}
	}
	if (optind == argc) {
		status = cli_bad_usage("inspect", "missing FILE: the recording to replay");
		goto out;
	}
	if (optind != argc - 1) {
		status = cli_bad_usage("inspect", "unexpected '%s' (one FILE)", argv[optind + 1]);
		goto out;
	}
	if ((in->events || in->sound.spec) && !in->scalp_id) {
		status = cli_bad_usage("inspect", "missing --scalp ID (%s needs the scalp)",
				       in->events ? "--events" : "--audio");
		goto out;
	}
	in->path = argv[optind];
	if (cli_pen_init(&in->pen) < 0 || load_models(in) < 0)
		goto out;
	status = replay(in);
out:
	audio_output_free(in->audio);
	sim_session_free(in->sim);
	cli_pen_release(&in->pen);
	free(in);
	return status;
}
