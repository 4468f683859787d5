/* smpsim report: a stored session, a trainee's progress, or the class overview
 * (class_table.h), as one self-contained HTML page for instructors (report_store.h, report_html.h).
 * The output is opened first (out_file.h: a bad -o is said before the
 * record is read) and committed once the page is whole.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "store_cli.h"
#include "class_table.h"
#include "report_store.h"
#include "store.h"

static const char report_usage[] =
	"usage: smpsim report --session N -o FILE.html [--force] [--db PATH]\n"
	"       smpsim report --trainee NAME -o FILE.html [--force] [--db PATH]\n"
	"       smpsim report --class [--group NAME] -o FILE.html [--force] [--db PATH]\n"
	"\n"
	"Writes one self-contained HTML page (no network needed: open it in any web\n"
	"browser, or mail it).\n"
	"\n"
	"With --session, the stored session N: its score, pass or fail and the\n"
	"three things to work on; a picture of the work area drawn to scale with the\n"
	"lesson's zones, the designed hairline and every dot at its size, coloured\n"
	"by its depth and ringed by its faults; the density against the lesson's\n"
	"target; the measures with the rubric's marks.\n"
	"\n"
	"With --trainee, the trainee's progress: for each lesson practised, the\n"
	"score of every attempt over time, each marked passed, failed,\n"
	"interrupted (not a pass or fail) or not scored.\n"
	"\n"
	"With --class, the class overview: a table of every trainee (or a group's)\n"
	"by the curriculum's lessons, each cell the status (locked, open, in\n"
	"progress, proficient; in words and by colour), the best and last score of\n"
	"the sessions that count, sessions counted of all, and the trend of the\n"
	"last 3 counted scores; sortable by a click on a column's heading (as\n"
	"'smpsim review --class' has it, which also gives CSV and JSON).\n"
	"\n"
	"  --session N      the session (see 'smpsim review')\n"
	"  --trainee NAME   the trainee (see 'smpsim trainee list')\n"
	"  --class          the class overview\n"
	"  --group NAME     only the trainees of group NAME (with --class)\n"
	"  -o, --output F   the page to write (- for standard output); an existing F\n"
	"                   needs --force\n"
	CLI_FORCE_HELP
	STORE_CLI_DB_HELP
	"\n"
	"Exit status 0 when the page is written, 1 when it could not be (an existing\n"
	"F without --force, a folder, a FIFO..., no curriculum) or the record cannot\n"
	"be read (none yet, or damaged), 2 for bad usage, a session, trainee or group\n"
	"the record does not have, a malformed curriculum (--class), or a file that\n"
	"is not an smpsim record.\n"
	"\n"
	CLI_OUTPUT_HELP;

enum { OPT_DB = 0x200, OPT_SESSION, OPT_TRAINEE, OPT_CLASS, OPT_GROUP };

static bool parse_session(const char *arg, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

int cmd_report(int argc, char **argv)
{
	static const struct option options[] = {
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "class", no_argument, NULL, OPT_CLASS },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, OPT_DB },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *trainee = NULL, *output = NULL, *db = NULL, *group = NULL;
	char err[STORE_ERROR_MAX + OUT_FILE_ERROR_MAX], clean[STORE_NAME_MAX];
	struct store *store = NULL;
	struct out_file *file;
	int64_t session = 0;
	bool force = false, class = false;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_SESSION:
			if (!parse_session(optarg, &session)) {
				cli_error("report", "--session needs a session number, not '%s'",
					  optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_TRAINEE: trainee = optarg; break;
		case OPT_CLASS: class = true; break;
		case OPT_GROUP: group = optarg; break;
		case 'o': output = optarg; break;
		case OPT_DB: db = optarg; break;
		case CLI_OPT_FORCE: force = true; break;
		case 'h': fputs(report_usage, stdout); return CLI_OK;
		default: return cli_bad_option("report");
		}
	}
	if (optind != argc)
		return cli_bad_usage("report", "unexpected '%s'", argv[optind]);
	if ((session > 0) + (trainee != NULL) + class == 0)
		return cli_bad_usage("report", "missing --session N (or --trainee NAME, or "
				     "--class)");
	if ((session > 0) + (trainee != NULL) + class > 1)
		return cli_bad_usage("report", "one of --session, --trainee and --class, "
				     "not %s", class && (session > 0 || trainee) ?
				     (session > 0 ? "--session and --class" : "--trainee and --class") :
				     "--session and --trainee");
	if (group && !class)
		return cli_bad_usage("report", "--group is for --class");
	if (!output || !*output)
		return cli_bad_usage("report", "missing -o FILE.html");
	/* A name the store's rule refuses is said before the record opens. */
	if (group && store_trainee_name(group, clean, err, sizeof(err)) < 0) {
		cli_error("report", "group '%s': %s", group, err);
		return CLI_BAD_INPUT;
	}
	if (trainee && store_trainee_name(trainee, clean, err, sizeof(err)) < 0) {
		cli_error("report", "%s", err);
		return CLI_BAD_INPUT;
	}
	if (cli_out_open("report", output, force, true, &file) < 0)
		return CLI_FAILED;
	/* As review and export open it: the same messages and exit codes. */
	if ((rc = store_cli_open("report", db, STORE_CLI_READ, &store)) != CLI_OK) {
		out_file_free(file);
		return rc;
	}
	if (class)
		rc = class_table_report(store, group, NULL, file, err, sizeof(err));
	else if (trainee)
		rc = report_store_trainee(store, trainee, NULL, file, err, sizeof(err));
	else
		rc = report_store_session(store, session, NULL, file, err, sizeof(err));
	store_close(store);
	if (rc < 0) {
		cli_error("report", "%s", err);
		out_file_free(file);
		/* A malformed curriculum is bad input, as for every command. */
		return rc == -ENOENT || rc == -ESTALE || (class && rc == -EINVAL) ?
		       CLI_BAD_INPUT : CLI_FAILED;
	}
	if (out_file_is_stdout(file))
		return cli_out_commit("report", file);
	if ((rc = cli_out_commit("report", file)) == CLI_OK)
		printf("The report: %s\n", cli_quote(output));
	return rc;
}
