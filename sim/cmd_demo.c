/* smpsim demo: a scored session with no tablet and no sound card. Replays
 * a shipped recording of the hairline lesson (a careful attempt, made by
 * tests/session_gen.c) as a practice session of the trainee "Demo" in the
 * trainee record, with its sound (silent without a sound device), prints
 * the score and writes the session's HTML report, saying where both are.
 */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "practice.h"
#include "store.h"
#include "store_cli.h"

#define DEMO_LESSON "soft-hairline"
#define DEMO_RECORDING "recordings/hairline-careful.evemu"
#define DEMO_TRAINEE "Demo"
#define DEMO_REPORT "demo-report.html"

static const char demo_usage[] =
	"usage: smpsim demo [--db PATH] [-o REPORT.html] [--audio SPEC] [--realtime]\n"
	"\n"
	"Replays a recording that ships with smpsim (a careful attempt at the\n"
	"soft-hairline lesson) through the whole simulator as a practice session\n"
	"of the trainee \"Demo\", with its sound (silent when there is no sound\n"
	"device), stores it in the trainee record, prints the score and writes\n"
	"the session's report. Needs no tablet and no sound card.\n"
	"\n"
	STORE_CLI_DB_HELP
	"  -o, --output F   the report (default: demo-report.html beside the record)\n"
	"  --realtime       replay at the recorded speed even without sound\n"
	CLI_SOUND_HELP;

enum { OPT_DB = 0x200, OPT_REALTIME };

int cmd_demo(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "output", required_argument, NULL, 'o' },
		CLI_SOUND_OPTIONS,
		{ "realtime", no_argument, NULL, OPT_REALTIME },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct practice_options o = {
		.cmd = "demo",
		.trainee = DEMO_TRAINEE,
		.create_trainee = true,
		.lesson_id = DEMO_LESSON,
	};
	struct practice_outcome out;
	struct cli_pen pen = { .quirks = NULL };
	char recording[PATH_MAX], report[PATH_MAX], dir[PATH_MAX], db[PATH_MAX];
	const char *output = NULL;
	int opt, rc, status;

	cli_sound_init(&o.sound, "default");
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		if ((rc = cli_sound_option(opt, optarg, &o.sound)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case OPT_DB: o.db = optarg; break;
		case 'o': output = optarg; break;
		case OPT_REALTIME: o.realtime = true; break;
		case 'h': fputs(demo_usage, stdout); return CLI_OK;
		default: fputs(demo_usage, stderr); return CLI_BAD_INPUT;
		}
	}
	if (optind != argc) {
		fputs(demo_usage, stderr);
		return CLI_BAD_INPUT;
	}
	snprintf(recording, sizeof(recording), "%s/%s", cli_data_dir(), DEMO_RECORDING);
	if (access(recording, R_OK) != 0) {
		cli_error("demo", "%s: the demo recording is missing; is smpsim installed "
			  "whole (data/recordings)?", recording);
		return CLI_FAILED;
	}
	o.replay = recording;
	/* The report goes beside the record unless told otherwise. */
	if (output) {
		snprintf(report, sizeof(report), "%s", output);
	} else {
		if (o.db)
			snprintf(db, sizeof(db), "%s", o.db);
		else if (!store_default_path(db, sizeof(db)))
			snprintf(db, sizeof(db), "./smpsim.db");
		snprintf(dir, sizeof(dir), "%s", db);
		snprintf(report, sizeof(report), "%s/%s", dirname(dir), DEMO_REPORT);
	}
	o.report = report;
	if (cli_pen_init(&pen) < 0)
		return CLI_BAD_INPUT;
	o.pen = &pen;
	status = practice_run(&o, &out);
	cli_pen_release(&pen);
	if (out.report_written)
		printf("The report: %s (open it in a web browser).\n", cli_quote(report));
	if (out.session)
		printf("Review it with: smpsim review --session %lld%s%s\n",
		       (long long)out.session, o.db ? " --db " : "", o.db ? cli_quote(o.db) : "");
	return status;
}
