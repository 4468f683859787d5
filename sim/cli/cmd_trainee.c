/* smpsim trainee: the people who practise, in the trainee record.
 *
 * `smpsim trainee add NAME` adds one (the record is made on first use);
 * `smpsim trainee list` shows them all with how many sessions each has,
 * as a table or, with --json, as JSON. Names are stored as the store's
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
#include "store_expert.h"
#include "trainee_open.h"

static const char trainee_usage[] =
	"usage: smpsim trainee add NAME [--db PATH]\n"
	"       smpsim trainee list [--db PATH] [--json]\n"
	"       smpsim trainee expert NAME [--not] [--by WHO] [--db PATH]\n"
	"       smpsim trainee open NAME LESSON --by WHO --why TEXT [--db PATH]\n"
	"\n"
	"Trainees are the people who practise; every session belongs to one.\n"
	"'add NAME' adds a trainee: any text of up to 255 bytes (UTF-8), stored\n"
	"with spaces trimmed at both ends and each run of them inside made one\n"
	"(U+00A0 and other Unicode spaces count as spaces), so names that look the\n"
	"same are one trainee; so are the same name typed with composed or\n"
	"decomposed accents. Control characters (tabs, line breaks, escapes) and\n"
	"invisible or direction-changing ones (U+200B, U+202E, ...) are refused.\n"
	"A name that begins with '-' comes after '--': smpsim trainee add -- -Kim.\n"
	"'list' shows every trainee: id, sessions, the date added and the name,\n"
	"'(expert)' after an expert's. 'expert NAME' marks an expert, whose\n"
	"sessions benchmarks are made from (smpsim trainee expert --help).\n"
	"'open' opens a lesson of the curriculum early ('trainee open --help').\n"
	"\n"
	STORE_CLI_DB_HELP
	"                   'add' makes it, and its folder, on first use\n"
	"  --json           print JSON instead of text ('list')\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when done; 1 when the name is taken or the record cannot be\n"
	"used (none yet, for 'list'); 2 for bad usage, a name that is not one, or\n"
	"a --db file that is not an smpsim record.\n";

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

static bool is_expert(const int64_t *experts, size_t count, int64_t id)
{
	for (size_t i = 0; i < count; i++)
		if (experts[i] == id)
			return true;
	return false;
}

static int trainee_list(const char *db, bool json)
{
	struct store_trainee *list = NULL;
	struct store *store;
	int64_t *experts = NULL;
	size_t count, width = 2, expert_count = 0;
	char day[32];
	int status = store_cli_open("trainee", db, STORE_CLI_READ, &store);

	if (status != CLI_OK)
		return status;
	if (store_trainee_list(store, &list, &count) < 0 ||
	    store_expert_list(store, &experts, &expert_count) < 0) {
		cli_error("trainee", "%s", store_error(store));
		free(list);
		store_close(store);
		return CLI_FAILED;
	}
	if (json) {
		printf("{\n  \"trainees\": [");
		for (size_t i = 0; i < count; i++) {
			printf("%s\n    {\"id\": %lld, \"name\": ", i ? "," : "",
			       (long long)list[i].id);
			cli_json_string(stdout, list[i].name);
			printf(", \"added\": ");
			cli_json_string(stdout, list[i].created);
			printf(", \"sessions\": %zu, \"expert\": %s}", list[i].sessions,
			       is_expert(experts, expert_count, list[i].id) ? "true" : "false");
		}
		printf("%s]\n}\n", count ? "\n  " : "");
	} else if (count == 0) {
		printf("no trainees yet: add one with 'smpsim trainee add NAME'\n");
	} else {
		for (size_t i = 0; i < count; i++) {
			int n = snprintf(day, sizeof(day), "%lld", (long long)list[i].id);

			if ((size_t)n > width)
				width = (size_t)n;
		}
		printf("%*s  sessions  added       name\n", (int)width, "id");
		for (size_t i = 0; i < count; i++) {
			store_cli_local_time(list[i].created, STORE_CLI_DAY, day, sizeof(day));
			printf("%*lld  %8zu  %-10s  %s%s\n", (int)width, (long long)list[i].id,
			       list[i].sessions, day, cli_quote(list[i].name),
			       is_expert(experts, expert_count, list[i].id) ? " (expert)" : "");
		}
	}
	free(list);
	free(experts);
	store_close(store);
	return CLI_OK;
}

int cmd_trainee(int argc, char **argv)
{
	enum { OPT_DB = 0x100 };
	static const struct option options[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *action;
	bool json = false;
	int opt, words;

	if (argc > 1 && !strcmp(argv[1], "open"))
		return trainee_open(argc - 1, argv + 1);
	/* getopt_long() moves the words that are not options (the action and
	 * the name) to the end, wherever they were; '--' ends the options. */
	if (argc > 1 && !strcmp(argv[1], "expert"))
		return cmd_trainee_expert(argc - 1, argv + 1);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_DB: db = optarg; break;
		case CLI_OPT_JSON: json = true; break;
		case 'h': fputs(trainee_usage, stdout); return CLI_OK;
		default: fputs(trainee_usage, stderr); return CLI_BAD_INPUT;
		}
	}
	words = argc - optind;
	action = words > 0 ? argv[optind] : "";
	if (!strcmp(action, "add") && words == 2 && !json)
		return trainee_add(db, argv[optind + 1]);
	if (!strcmp(action, "list") && words == 1)
		return trainee_list(db, json);
	if (!strcmp(action, "add") && words > 2)
		cli_error("trainee", "one name at a time: put a name with spaces in quotes");
	else if (words > 0 && strcmp(action, "add") && strcmp(action, "list"))
		cli_error("trainee", "unknown action '%s': add or list", action);
	fputs(trainee_usage, stderr);
	return CLI_BAD_INPUT;
}
