/* smpsim replay: a stored session run again from the record, its deposits
 * and score checked against the stored ones (sim/session/session_replay.c
 * does it; `review --session N --view` takes the same way). This is the
 * command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "session_replay.h"
#include "store_cli.h"

static const char replay_usage[] =
	"usage: smpsim replay --session N [--db PATH] [--view | --no-view]\n"
	"                     [--pad-size WxH] [--tip-down F] [--tip-up F]\n"
	"\n"
	"Runs stored session N again from the trainee record: its pen stream (every\n"
	"event of the pen, kept as the session ran) through the same way as\n"
	"'practice --replay', on the record's own copy of the lesson file with the\n"
	"session's stored mapping and device; then scores it by the lesson's rubric\n"
	"and says whether every deposit (every field) and the score are exactly the\n"
	"stored ones. A session stored before pen streams were kept is scored again\n"
	"from its stored deposits, and says so. Writes nothing to the record.\n"
	"\n"
	"  --session N      the session (the # column of 'smpsim review')\n"
	STORE_CLI_DB_HELP
	"  --view           play the session in the live view's window, with the\n"
	"                   replay's keys (docs/instructor-guide.md)\n"
	"  --no-view        only check and score it (the default)\n"
	"  --pad-size WxH, --tip-down F, --tip-up F   as the session was practised\n"
	"                   with them (the record does not keep them)\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when the replay reproduces the session exactly; 1 when it\n"
	"does not, when the record cannot be read (none yet), or the pen stream or\n"
	"the record is damaged (the session and the chunk named), or the window\n"
	"cannot be shown; 2 for bad usage, a session that is not in the record, or\n"
	"--view with no display.\n";

int cmd_replay(int argc, char **argv)
{
	enum { OPT_DB = 0x200, OPT_SESSION, OPT_VIEW, OPT_NO_VIEW };
	static const struct option options[] = {
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "db", required_argument, NULL, OPT_DB },
		{ "view", no_argument, NULL, OPT_VIEW },
		{ "no-view", no_argument, NULL, OPT_NO_VIEW },
		CLI_PEN_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_replay_options o = { .cmd = "replay" };
	struct cli_pen pen = { .quirks = NULL };
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("replay", opt, optarg, &pen.options)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case OPT_SESSION:
			if (store_cli_session_number(optarg, &o.session) < 0) {
				cli_error("replay", "--session takes a session number (the # "
					  "column of 'smpsim review'), not '%s'", optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_DB: o.db = optarg; break;
		case OPT_VIEW: o.view = true; break;
		case OPT_NO_VIEW: o.view = false; break;
		case 'h': fputs(replay_usage, stdout); return CLI_OK;
		default: return cli_bad_option("replay");
		}
	}
	if (optind != argc)
		return cli_bad_usage("replay", "unexpected '%s'", argv[optind]);
	if (!o.session)
		return cli_bad_usage("replay", "missing --session N (the # column of 'smpsim "
				     "review')");
	if (cli_pen_init(&pen) < 0)
		return CLI_BAD_INPUT;
	o.pen = &pen;
	status = session_replay_run(&o);
	cli_pen_release(&pen);
	return status;
}
