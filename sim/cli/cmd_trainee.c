/* smpsim trainee: the people who practise, in the trainee record.
 *
 * `smpsim trainee add NAME` adds one (the record is made on first use);
 * list, rename, merge, group and ungroup are the class list's, each in
 * trainee_class.c and one line of the dispatch here. Names are stored as the store's
 * rule cleans them (store_trainee_name(): spaces trimmed and collapsed,
 * NFC), whatever the script, and shown quoted for the terminal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "store_cli.h"
#include "trainee_class.h"
#include "store_expert.h"
#include "trainee_open.h"

static const char trainee_usage[] =
	"usage: smpsim trainee add NAME [--db PATH]\n"
	"       smpsim trainee list [--group GROUP] [--db PATH] [--json]\n"
	"       smpsim trainee rename OLD NEW [--by WHO] [--db PATH]\n"
	"       smpsim trainee merge FROM INTO [--by WHO] [--db PATH]\n"
	"       smpsim trainee group GROUP NAME... [--db PATH]\n"
	"       smpsim trainee ungroup GROUP NAME... [--db PATH]\n"
	"       smpsim trainee open NAME LESSON --by WHO --why TEXT [--db PATH]\n"
	"       smpsim trainee expert NAME [--not] [--by WHO] [--db PATH]\n"
	"\n"
	"Trainees are the people who practise; every session belongs to one.\n"
	"'add NAME' adds a trainee: any text of up to 255 bytes (UTF-8), stored\n"
	"with spaces trimmed at both ends and each run of them inside made one\n"
	"(U+00A0 and other Unicode spaces count as spaces), so names that look the\n"
	"same are one trainee; so are the same name typed with composed or\n"
	"decomposed accents. Control characters (tabs, line breaks, escapes) and\n"
	"invisible or direction-changing ones (U+200B, U+202E, ...) are refused.\n"
	"A name that begins with '-' comes after '--': smpsim trainee add -- -Kim.\n"
	"'list' shows every trainee: id, sessions, the date added, the name\n"
	"('(expert)' after an expert's) and their groups; then those merged into\n"
	"another. 'expert NAME' marks an expert, whose sessions benchmarks are made\n"
	"from (smpsim trainee expert --help).\n"
	"'rename OLD NEW' gives a trainee a new name (cleaned as 'add' cleans it;\n"
	"not one another trainee has); the old name is kept in the record.\n"
	"'merge FROM INTO', for one person entered twice: every session of FROM\n"
	"becomes INTO's, and so do FROM's groups and lessons opened early; FROM is\n"
	"kept in the record, marked merged, and can no longer practise. A trainee\n"
	"with a session in progress or a certificate cannot be merged into another.\n"
	"'group GROUP NAME...' puts trainees in a group (a course intake), made on\n"
	"first use; 'ungroup GROUP NAME...' takes them out. A trainee may be in\n"
	"several groups. Group names follow the rule of trainee names.\n"
	"'open' opens a lesson of the curriculum early ('trainee open --help').\n"
	"\n"
	STORE_CLI_DB_HELP
	"                   'add' makes it, and its folder, on first use\n"
	"  --group GROUP    only the trainees of GROUP ('list')\n"
	"  --by WHO         who renames or merges, kept with the change\n"
	"  --json           print JSON instead of text ('list')\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when done; 1 when the name is taken or the record cannot be\n"
	"used (none yet, for 'list'); 2 for bad usage, no record yet (for all but\n"
	"'add', which makes it, and 'list'), a name that is not one or no one's, a\n"
	"trainee merged into another, or a --db file that is not an smpsim record.\n";

static int trainee_add(const char *db, const char *name)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];
	struct store *store;
	int64_t id;
	int rc, status;

	/* Checked before the record is made, so a bad name makes nothing. */
	if (store_trainee_name(name, clean, why, sizeof(why)) < 0) {
		cli_error("trainee", "%s", why);
		return CLI_BAD_INPUT;
	}
	status = store_cli_open("trainee", db, STORE_CLI_WRITE, &store);
	if (status != CLI_OK)
		return status;
	rc = store_trainee_add(store, clean, &id);
	if (rc == 0) {
		printf("added trainee %lld: %s\n", (long long)id, cli_quote(clean));
		status = CLI_OK;
	} else {
		cli_error("trainee", "%s", store_error(store));
		status = rc == -EINVAL || rc == -ENAMETOOLONG ? CLI_BAD_INPUT : CLI_FAILED;
	}
	store_close(store);
	return status;
}

int cmd_trainee(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_BY, OPT_GROUP };
	static const struct option options[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "by", required_argument, NULL, OPT_BY },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct trainee_args a = { 0 };
	const char *db = NULL, *action;
	bool json = false;
	int opt, words;

	/* open and expert take the words after them; argv[0] stays the
	 * command's name ("smpsim trainee") for getopt_long()'s messages. */
	if (argc > 1 && !strcmp(argv[1], "open")) {
		argv[1] = argv[0];
		return trainee_open(argc - 1, argv + 1);
	}
	/* getopt_long() moves the words that are not options (the action and
	 * the name) to the end, wherever they were; '--' ends the options. */
	if (argc > 1 && !strcmp(argv[1], "expert")) {
		argv[1] = argv[0];
		return cmd_trainee_expert(argc - 1, argv + 1);
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_DB: db = optarg; break;
		case OPT_BY: a.by = optarg; break;
		case OPT_GROUP: a.group = optarg; break;
		case CLI_OPT_JSON: json = true; break;
		case 'h': fputs(trainee_usage, stdout); return CLI_OK;
		default: return cli_bad_option("trainee");
		}
	}
	words = argc - optind;
	action = words > 0 ? argv[optind] : "";
	a = (struct trainee_args){ .db = db, .by = a.by, .group = a.group, .json = json,
		.words = argv + optind + 1, .count = words > 0 ? words - 1 : 0 };
	if ((a.by && strcmp(action, "rename") && strcmp(action, "merge")) ||
	    (a.group && strcmp(action, "list")) || (json && strcmp(action, "list"))) {
		cli_error("trainee", "--by is for rename and merge, --group and --json for list");
		fputs(trainee_usage, stderr);
		return CLI_BAD_INPUT;
	}
	if (!strcmp(action, "add") && words == 2)
		return trainee_add(db, argv[optind + 1]);
	if (!strcmp(action, "list"))
		return trainee_list(&a);
	if (!strcmp(action, "rename"))
		return trainee_rename(&a);
	if (!strcmp(action, "merge"))
		return trainee_merge(&a);
	if (!strcmp(action, "group"))
		return trainee_group(&a, true);
	if (!strcmp(action, "ungroup"))
		return trainee_group(&a, false);
	if (!strcmp(action, "add") && words > 2)
		cli_error("trainee", "one name at a time: put a name with spaces in quotes");
	else if (!strcmp(action, "expert"))
		cli_error("trainee", "'expert' comes first, its options after it: smpsim "
			  "trainee expert NAME [--not] [--by WHO] [--db PATH]");
	else if (words > 0 && strcmp(action, "add"))
		cli_error("trainee", "unknown action '%s': add, list, rename, merge, group, "
			  "ungroup, open or expert", action);
	else if (!strcmp(action, "add"))
		cli_error("trainee", "missing NAME: smpsim trainee add NAME");
	else
		cli_error("trainee", "missing the action: add, list, rename, merge, group, "
			  "ungroup, open or expert");
	fprintf(stderr, "Try 'smpsim trainee --help'.\n");
	return CLI_BAD_INPUT;
}
