/* smpsim practice: a trainee practises a lesson on a pen device (or on a
 * replayed recording), with live sound and a status line, and the session
 * is scored and stored in the trainee record. The work is in
 * sim/session/practice.c; this is the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_view.h"
#include "commands.h"
#include "practice.h"
#include "store_cli.h"

static const char practice_usage_head[] =
	"usage: smpsim practice --trainee NAME --lesson ID|FILE\n"
	"                       [--device PATH | --replay FILE [--realtime]]\n"
	"                       [--mapping DX,DY,SCALE,DEG] [--no-grab]\n"
	"                       [--audio SPEC] [--record FILE] [--force] [--db PATH]\n"
	"                       [--view | --no-view] [--exam] [--no-guides]\n"
	"                       [--fullscreen [--display-size WxH]]\n"
	"                       [--screenshot FILE.png]\n"
	"\n"
	"Shows the lesson's instructions, waits for the pen and runs the session\n"
	"with live sound, the live view when there is a display (the scalp, the\n"
	"zone, the pen and each dot as it lands) and a status line (deposits, share\n"
	"in the depth band, last fault; cut to the terminal's width) until the\n"
	"lesson's time limit, Enter or q (q or Escape in the view), Ctrl-C, SIGTERM\n"
	"or the terminal closing (SIGHUP); then prints the score, pass or fail and\n"
	"the three things to work on. Every deposit is stored in the trainee record\n"
	"as it is made, and the score at the end.\n"
	"\n"
	"  --trainee NAME   who practises (see 'smpsim trainee add')\n"
	"  --lesson ID|FILE the lesson: its id (see 'smpsim lessons') or its file\n"
	"  --device PATH    the pen device; without it (and without --replay) the\n"
	"                   only one there is, or a choice among several\n"
	"  --replay FILE    practise on an evemu recording instead of a device, as\n"
	"                   fast as it goes (at its recorded speed when sound plays)\n"
	"  --realtime       replay at the recorded speed, sound or not\n"
	"  --desc FILE      the recording's device description, when apart\n"
	"  --pad-size WxH   the active area in mm, for devices with no resolution\n"
	"  --tip-down F, --tip-up F   tip thresholds (fractions of the pressure range)\n"
	CLI_MAPPING_HELP
	CLI_MAPPING_LESSON_HELP
	"  --no-grab        leave the pen shared: without it the device is grabbed for\n"
	"                   the session, so its taps do not also click the desktop\n"
	"  --record FILE    also record the live session to an evemu file (an\n"
	"                   existing FILE needs --force); until the session ends it\n"
	"                   is written as FILE.XXXXXX.part beside FILE, where a\n"
	"                   crash, or a write that fails (a full disk), leaves what\n"
	"                   was recorded; the session goes on without it\n"
	STORE_CLI_DB_HELP
	CLI_SOUND_HELP
	"                   (practice sounds on the default output unless told\n"
	"                   otherwise; with no sound device it runs silent, and says so)\n"
	CLI_SOUND_LESSON_HELP
	"                   (practice's 'Sound:' line says what sounds, and whose\n"
	"                   setting it is)\n";

/* The rest of the usage, after the view's options (one string would be
 * longer than C's 4095 characters). */
static const char practice_usage_tail[] =
	CLI_FORCE_HELP
	"                   (for --record, --screenshot and --audio wav:PATH)\n"
	"\n"
	"Exit status 0 for a session that ran and was scored (passed or not); 1\n"
	"when something failed or there was too little to score (no dots: the\n"
	"session is stored not scored and never counts; what was done is stored\n"
	"either way: an unplugged tablet, a full disk), or when --record's or\n"
	"the WAV's file cannot be made (then before the session begins); 2 for bad\n"
	"input, and for a pad too small for the lesson at real scale (said before\n"
	"anything is stored).\n"
	"\n"
	CLI_OUTPUT_HELP;

static void practice_help(FILE *f)
{
	fputs(practice_usage_head, f);
	fputs(CLI_VIEW_HELP, f);
	fputs(practice_usage_tail, f);
}

enum {
	OPT_TRAINEE = 0x200,
	OPT_REPLAY,
	OPT_REALTIME,
	OPT_RECORD,
	OPT_DB,
	OPT_NO_GRAB,
};

int cmd_practice(int argc, char **argv)
{
	static const struct option options[] = {
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "lesson", required_argument, NULL, 'l' },
		{ "device", required_argument, NULL, 'd' },
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ "realtime", no_argument, NULL, OPT_REALTIME },
		{ "desc", required_argument, NULL, CLI_OPT_DESC },
		{ "mapping", required_argument, NULL, CLI_OPT_MAPPING },
		{ "no-grab", no_argument, NULL, OPT_NO_GRAB },
		CLI_PEN_OPTIONS,
		CLI_SOUND_OPTIONS,
		CLI_VIEW_OPTIONS,
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "db", required_argument, NULL, OPT_DB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct practice_options o = { .cmd = "practice" };
	struct practice_outcome out;
	struct cli_pen pen = { .quirks = NULL };
	struct sim_mapping mapping;
	int opt, rc, status;

	cli_sound_init(&o.sound, "default");
	optind = 1;
	while ((opt = getopt_long(argc, argv, "l:d:h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("practice", opt, optarg, &pen.options)) != 0 ||
		    (rc = cli_sound_option("practice", opt, optarg, &o.sound)) != 0 ||
		    (rc = cli_view_option("practice", opt, optarg, &o.view)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case OPT_TRAINEE: o.trainee = optarg; break;
		case 'l': o.lesson_id = optarg; break;
		case 'd': o.device = optarg; break;
		case OPT_REPLAY: o.replay = optarg; break;
		case OPT_REALTIME: o.realtime = true; break;
		case CLI_OPT_DESC: o.desc = optarg; break;
		case CLI_OPT_MAPPING:
			if (cli_mapping_parse("practice", optarg, &mapping) < 0)
				return CLI_BAD_INPUT;
			o.mapping = &mapping;
			break;
		case OPT_NO_GRAB: o.no_grab = true; break;
		case OPT_RECORD: o.record = optarg; break;
		case CLI_OPT_FORCE: o.force = true; break;
		case OPT_DB: o.db = optarg; break;
		case 'h': practice_help(stdout); return CLI_OK;
		default: return cli_bad_option("practice");
		}
	}
	if (optind != argc)
		return cli_bad_usage("practice", "unexpected '%s'", argv[optind]);
	if (!o.trainee)
		return cli_bad_usage("practice", "missing --trainee NAME ('smpsim trainee list' "
				     "names them)");
	if (!o.lesson_id)
		return cli_bad_usage("practice", "missing --lesson ID|FILE ('smpsim lessons' "
				     "lists them)");
	if (!*o.trainee) {
		cli_error("practice", "--trainee needs a name");
		return CLI_BAD_INPUT;
	}
	if (o.device && o.replay) {
		cli_error("practice", "--device and --replay exclude each other: practise "
			  "on a device or on a recording");
		return CLI_BAD_INPUT;
	}
	if ((o.realtime || o.desc) && !o.replay) {
		cli_error("practice", "%s goes with --replay", o.realtime ? "--realtime" : "--desc");
		return CLI_BAD_INPUT;
	}
	if (o.no_grab && o.replay) {
		cli_error("practice", "--no-grab goes with a device; a replay grabs none");
		return CLI_BAD_INPUT;
	}
	if (o.record && o.replay) {
		cli_error("practice", "--record records a live session; a replay is "
			  "already a recording");
		return CLI_BAD_INPUT;
	}
	if (o.record && !strcmp(o.record, "-")) {
		cli_error("practice", "--record -: standard output carries the session's "
			  "own text; give a file name");
		return CLI_BAD_INPUT;
	}
	if (o.force && !o.record && !o.view.screenshot &&
	    (!o.sound.spec || strncmp(o.sound.spec, "wav:", 4))) {
		cli_error("practice", "--force goes with --record, --screenshot or --audio "
			  "wav:PATH");
		return CLI_BAD_INPUT;
	}
	if (cli_view_check("practice", &o.view) < 0)
		return CLI_BAD_INPUT;
	o.sound.force = o.force;
	if (cli_pen_init(&pen) < 0)
		return CLI_BAD_INPUT;
	o.pen = &pen;
	status = practice_run(&o, &out);
	cli_pen_release(&pen);
	return status;
}
