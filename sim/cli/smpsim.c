/* smpsim: the program. Finds the subcommand and hands it the rest of the
 * command line; each command lives in its own cmd_*.c.
 *
 * Options before the command are the program's, as git takes them:
 * --help, --version, and --db PATH (or --db=PATH), which is handed to the
 * command as if given after it (appended to its arguments, before a "--"
 * that ends them; not when the command has its own --db, which wins), so
 * `smpsim --db X review` is `smpsim review --db X`; before a command that
 * uses no record (devices, calibrate...) it is refused, said as such.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	/* It takes --db: only then is an abbreviation such as --d its own
	 * --db, which wins over the program's. Before one that does not
	 * (in calibrate or pen-check --d is --device), main() refuses the
	 * program's --db, said as such. */
	bool db;
};

static const struct command commands[] = {
	{ "devices", cmd_devices, "list the pen devices that can drive the simulator", false },
	{ "calibrate", cmd_calibrate, "measure the pen's force with a kitchen scale, for every session", false },
	{ "record", cmd_record, "record a pen device to an evemu file", false },
	{ "inspect", cmd_inspect, "replay an evemu recording: samples, deposits, faults", false },
	{ "lessons", cmd_lessons, "list the curriculum, explain or check lessons", true },
	{ "score", cmd_score, "score a recording as a session of a lesson", false },
	{ "trainee", cmd_trainee, "trainees: add, rename, merge, group; experts; open lessons early", true },
	{ "progress", cmd_progress, "where a trainee stands in the curriculum, lesson by lesson", true },
	{ "review", cmd_review, "the stored sessions, one session in full, the class overview", true },
	{ "signoff", cmd_signoff, "an instructor's sign-off of a session: domains rated 1 to 5", true },
	{ "replay", cmd_replay, "run a stored session again: deposits and score checked, or shown", true },
	{ "export", cmd_export, "every deposit of a stored session as CSV or JSON", true },
	{ "report", cmd_report, "a session, a trainee's progress or the class as an HTML page", true },
	{ "pen-check", cmd_pen_check, "the pen live: pressure, force, tilt, the depth it makes", false },
	{ "practice", cmd_practice, "practise a lesson with live feedback; scored and stored", true },
	{ "benchmark", cmd_benchmark, "a lesson's levels from experts' sessions, stored and used", true },
	{ "rescore", cmd_rescore, "score stored sessions again against the levels in force", true },
	{ "demo", cmd_demo, "a scored demo session from a shipped recording, no tablet needed", true },
	{ "certificate", cmd_certificate, "a certificate of proficiency, printable, with a verification code", true },
	{ "verify", cmd_verify, "check the record against its ledger: what was changed outside it", true },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: smpsim [--db PATH] COMMAND [OPTIONS]\n\n"
		"smpsim, a training simulator for scalp micropigmentation.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'smpsim COMMAND --help' describes one command.\n"
		"\n"
		"  --db PATH    the trainee record of the command, as 'smpsim COMMAND\n"
		"               --db PATH' (for the commands that take --db)\n"
		"  -h, --help   print this help\n"
		"  --version    print the version: smpsim %s\n"
		"\n"
		"The data folder (lessons, scalp models, needles, device quirks, the\n"
		"demo recordings) is $SMPSIM_DATA_DIR when set, else %s\n"
		"from the program's own folder (share/smpsim beside its bin/), so an\n"
		"installed tree works wherever it is moved; the program in its build\n"
		"folder uses the source tree's data/.\nThis one's: ",
		SMPSIM_VERSION, SMPSIM_DATA_RELATIVE);
	cli_data_dir_describe(f);
	fprintf(f, "\n\nExit status: 0 success, 1 the work failed, 2 bad usage or input.\n");
}

/* Builds the command's arguments: argv[first..], with "--db", @p db added
 * before a "--" or at the end when @p db is set and the command's own
 * arguments have no --db. main() hands a @p db only to a command that
 * takes --db, so an abbreviation of it (--d) is that command's own too.
 * @return a NULL-ended array of *argc_out strings (free() it), or NULL out
 * of memory. */
static char **command_args(int argc, char **argv, int first, const char *db,
			   int *argc_out)
{
	char **args = calloc((size_t)(argc - first) + 3, sizeof(*args));
	int n = 0, at = argc;

	if (!args)
		return NULL;
	for (int i = first + 1; i < argc && db; i++) {
		if (!strcmp(argv[i], "--")) {
			at = i;
			break;
		}
		/* The command's own --db is the one it uses, also as getopt
		 * takes it abbreviated (--d, --d=PATH). */
		size_t name = strcspn(argv[i], "=");

		if ((name == 3 || name == 4) && !strncmp(argv[i], "--db", name))
			db = NULL;
	}
	for (int i = first; i < argc; i++) {
		if (i == at) {
			args[n++] = (char *)"--db";
			args[n++] = (char *)db;
		}
		args[n++] = argv[i];
	}
	if (db && at == argc) {
		args[n++] = (char *)"--db";
		args[n++] = (char *)db;
	}
	args[n] = NULL;
	*argc_out = n;
	return args;
}

/* Output that could not be written is a failure, said, as coreutils do:
 * `smpsim review > /dev/full` exited 0 having shown nothing. stdout is
 * flushed here, at the end, so the error of its last write is seen; an
 * earlier failed write leaves only the stream's error flag, and no errno.
 * A command that failed has said why, and a page or an export sent to
 * standard output (-o -) says its own write error, which would otherwise
 * be said twice. @return @p rc, or CLI_FAILED when it was CLI_OK and the
 * output was lost. */
static int output_written(int rc)
{
	int flushed = fflush(stdout);
	int err = errno;

	if ((flushed == 0 && !ferror(stdout)) || rc != CLI_OK)
		return rc;
	if (flushed != 0)
		fprintf(stderr, "smpsim: standard output: %s\n", strerror(err));
	else
		fprintf(stderr, "smpsim: standard output: not all of it could be written\n");
	return CLI_FAILED;
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	char **args;
	int first = 1, nargs;

	if (argc < 2) {
		usage(stderr);
		return CLI_BAD_INPUT;
	}
	/* The program's options, before the command. */
	for (; first < argc && argv[first][0] == '-'; first++) {
		const char *opt = argv[first];

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			return output_written(CLI_OK);
		}
		if (!strcmp(opt, "--version")) {
			printf("smpsim %s\n", SMPSIM_VERSION);
			return output_written(CLI_OK);
		}
		if (!strncmp(opt, "--db=", 5)) {
			db = opt + 5;
		} else if (!strcmp(opt, "--db")) {
			if (first + 1 == argc) {
				fprintf(stderr, "smpsim: --db needs a value: the record's path "
					"(smpsim --db PATH COMMAND)\n"
					"Try 'smpsim --help'.\n");
				return CLI_BAD_INPUT;
			}
			db = argv[++first];
		} else {
			fprintf(stderr, "smpsim: unknown option '%s' before the command (there: "
				"--db PATH, --help, --version)\nTry 'smpsim --help'.\n",
				cli_quote(opt));
			return CLI_BAD_INPUT;
		}
	}
	if (first == argc) {
		fprintf(stderr, "smpsim: a command is needed after --db PATH\n"
			"Try 'smpsim --help'.\n");
		return CLI_BAD_INPUT;
	}
	if (!strcmp(argv[first], "help")) {
		usage(stdout);
		return output_written(CLI_OK);
	}
	/* Ctrl-C in the middle of a command leaves no temporary file behind. */
	out_file_remove_on_signal();
	/* Past a file-size limit (ulimit -f) a write fails with EFBIG, which
	 * every writer handles (a recording keeps what it has, a report is not
	 * committed), rather than the signal ending the program mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char name[32];
		int rc;

		if (strcmp(argv[first], commands[i].name))
			continue;
		if (db && !commands[i].db) {
			fprintf(stderr, "smpsim: %s does not use the trainee record: --db PATH "
				"is for the commands that do\nTry 'smpsim --help'.\n",
				commands[i].name);
			return CLI_BAD_INPUT;
		}
		args = command_args(argc, argv, first, db, &nargs);
		if (!args || cli_library_open() < 0) {
			free(args);
			fprintf(stderr, "smpsim: out of memory\n");
			return CLI_FAILED;
		}
		/* getopt_long() names the program by argv[0] in its messages
		 * (an unknown option, a missing argument): "smpsim review: ..."
		 * like every other message of the command, not "review: ...". */
		snprintf(name, sizeof(name), "smpsim %s", commands[i].name);
		args[0] = name;
		rc = commands[i].run(nargs, args);
		cli_library_close();
		free(args);
		return output_written(rc);
	}
	fprintf(stderr, "smpsim: unknown command '%s'\n\n", cli_quote(argv[first]));
	usage(stderr);
	return CLI_BAD_INPUT;
}
