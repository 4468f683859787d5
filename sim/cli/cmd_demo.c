/* smpsim demo: a scored session with no tablet and no sound card. Replays
 * a shipped recording of the hairline lesson (a careful attempt, made by
 * tests/session_gen.c) as a practice session of the trainee "Demo", with
 * its sound (silent without a sound device), prints the score and writes
 * the session's HTML report, saying where both are.
 *
 * The demo keeps to itself: without --db its session goes to a record of
 * its own, demo.db in smpsim's data folder (store_default_dir(), beside
 * the default trainee record), never to the trainee record an academy
 * keeps, wherever that is ($SMPSIM_DB included). Every file it writes is
 * checked before anything is stored: -o's file is made here, before the
 * session; --audio wav:'s, the record's folder and the default report
 * (demo-report-N.html beside the record, N the session, so a second demo
 * never meets the first one's report) by practice_run() before the
 * record is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_view.h"
#include "commands.h"
#include "practice.h"
#include "store_cli.h"

#define DEMO_LESSON "soft-hairline"
#define DEMO_RECORDING "recordings/hairline-careful.evemu"
#define DEMO_TRAINEE "Demo"
#define DEMO_REPORT_STEM "demo-report"
#define DEMO_RECORD "demo.db"       /* in store_default_dir() */

static const char demo_usage_head[] =
	"usage: smpsim demo [--db PATH] [-o REPORT.html] [--force] [--audio SPEC]\n"
	"                   [--realtime] [--view | --no-view] [--exam] [--no-guides]\n"
	"                   [--fullscreen [--display-size WxH]] [--screenshot FILE.png]\n"
	"\n"
	"Replays a recording that ships with smpsim (a careful attempt at the\n"
	"soft-hairline lesson) through the whole simulator as a practice session\n"
	"of the trainee \"Demo\", with its sound (silent when there is no sound\n"
	"device) and the live view when there is a display, stores it in a record\n"
	"of the demo's own, prints the score and\n"
	"writes the session's report. Needs no tablet and no sound card, and\n"
	"never touches the trainee record ($SMPSIM_DB, smpsim.db).\n"
	"\n"
	"  --db PATH        the record to store the session in (default: demo.db in\n"
	"                   $XDG_DATA_HOME/smpsim, else ~/.local/share/smpsim,\n"
	"                   beside the default trainee record)\n"
	"  -o, --output F   the report (default: demo-report-N.html beside the record,\n"
	"                   N the session's number, so each run writes its own); an\n"
	"                   existing F needs --force\n"
	"  --realtime       replay at the recorded speed even without sound\n"
	CLI_SOUND_HELP
	CLI_SOUND_LESSON_HELP;

/* The rest of the usage, after the view's options (one string would be
 * longer than C's 4095 characters). */
static const char demo_usage_tail[] =
	CLI_FORCE_HELP
	"                   (for the report, --screenshot and --audio wav:PATH)\n"
	"\n"
	"Every file is checked before the session: a report, a WAV file or a record\n"
	"that cannot be written is said, naming it, and nothing is stored.\n"
	"\n"
	"Exit status 0 when the session was scored, stored and its report written;\n"
	"1 when it could not be (the demo recording missing, a report, WAV file or\n"
	"record that cannot be written); 2 for bad usage, and for --view or --exam\n"
	"with no display (said before anything is stored).\n"
	"\n"
	CLI_OUTPUT_HELP;

static void demo_help(FILE *f)
{
	fputs(demo_usage_head, f);
	fputs(CLI_VIEW_HELP, f);
	fputs(demo_usage_tail, f);
}

enum { OPT_DB = 0x200, OPT_REALTIME };

int cmd_demo(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "output", required_argument, NULL, 'o' },
		CLI_SOUND_OPTIONS,
		CLI_VIEW_OPTIONS,
		{ "realtime", no_argument, NULL, OPT_REALTIME },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
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
	char recording[PATH_MAX], demo_db[STORE_PATH_MAX];
	const char *output = NULL;
	bool force = false, own_record = false;
	int opt, rc, status;

	cli_sound_init(&o.sound, "default");
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		if ((rc = cli_sound_option("demo", opt, optarg, &o.sound)) != 0 ||
		    (rc = cli_view_option("demo", opt, optarg, &o.view)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case OPT_DB: o.db = optarg; break;
		case 'o': output = optarg; break;
		case OPT_REALTIME: o.realtime = true; break;
		case CLI_OPT_FORCE: force = true; break;
		case 'h': demo_help(stdout); return CLI_OK;
		default: return cli_bad_option("demo");
		}
	}
	if (optind != argc)
		return cli_bad_usage("demo", "unexpected '%s'", argv[optind]);
	if (output && !strcmp(output, "-")) {
		cli_error("demo", "-o -: standard output carries the demo's own text; give a "
			  "file name");
		return CLI_BAD_INPUT;
	}
	if (cli_view_check("demo", &o.view) < 0)
		return CLI_BAD_INPUT;
	o.sound.force = force;
	snprintf(recording, sizeof(recording), "%s/%s", cli_data_dir(), DEMO_RECORDING);
	/* With the effective rights, as the open will be made (access() uses
	 * the real ones). Missing and unreadable are said apart. */
	if (faccessat(AT_FDCWD, recording, R_OK, AT_EACCESS) != 0) {
		if (errno == ENOENT)
			cli_error("demo", "%s: the demo recording is missing; is smpsim "
				  "installed whole (data/recordings)?", recording);
		else
			cli_error("demo", "%s: %s", recording, strerror(errno));
		return CLI_FAILED;
	}
	o.replay = recording;
	if (!o.db) {
		size_t n;

		if (!store_default_dir(demo_db, sizeof(demo_db) - sizeof("/" DEMO_RECORD))) {
			cli_error("demo", "no folder for the demo's record: HOME is not set; "
				  "give --db PATH");
			return CLI_FAILED;
		}
		n = strlen(demo_db);
		snprintf(demo_db + n, sizeof(demo_db) - n, "/%s", DEMO_RECORD);
		o.db = demo_db;
		own_record = true;
	}
	/* -o's file is made before anything else; the default one, and
	 * --audio wav:'s, by practice_run() before the record is written. */
	if (output && cli_out_open("demo", output, force, false, &o.report) < 0)
		return CLI_FAILED;
	if (!output)
		o.report_stem = DEMO_REPORT_STEM;
	o.force = force;
	if (cli_pen_init(&pen) < 0) {
		out_file_free(o.report);
		return CLI_BAD_INPUT;
	}
	o.pen = &pen;
	status = practice_run(&o, &out);
	cli_pen_release(&pen);
	if (out.session && own_record)
		printf("That is the demo's own record; the trainee record is left as it was.\n");
	if (out.report_written)
		printf("The report: %s (open it in a web browser).\n", cli_quote(out.report_path));
	if (out.session)
		printf("Review it with: smpsim review --session %lld --db %s\n",
		       (long long)out.session, cli_quote(o.db));
	out_file_free(o.report);
	return status;
}
