/* smpsim trainee expert: marks a trainee as an expert, or unmarks one
 * (--not). An expert's live, complete, scored sessions are the ones a
 * lesson's benchmark is derived from (smpsim benchmark). The change is
 * recorded with who made it (--by) and when, and in the ledger
 * (store_expert.h). cmd_trainee.c hands `trainee expert ...` here.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "store_cli.h"
#include "store_expert.h"

static const char expert_usage[] =
	"usage: smpsim trainee expert NAME [--not] [--by WHO] [--db PATH]\n"
	"\n"
	"Marks trainee NAME as an expert: their live, complete, scored sessions of\n"
	"a lesson are the ones 'smpsim benchmark LESSON' derives the lesson's\n"
	"proficiency levels from. Sessions replayed from a recording and\n"
	"interrupted ones never count. The change is recorded with who made it\n"
	"and when; 'smpsim trainee list' shows who is an expert.\n"
	"\n"
	"  --not            unmark them: their sessions no longer count towards new\n"
	"                   benchmarks (benchmarks already made keep theirs)\n"
	"  --by WHO         who makes the change (the instructor's name), recorded\n"
	STORE_CLI_DB_HELP
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when done (or already so); 1 when the record cannot be used;\n"
	"2 for bad usage, no record yet, no such trainee (or one merged into\n"
	"another), or a --db file that is not an smpsim record.\n";

static int mark(const char *db, const char *name, bool expert, const char *by)
{
	char clean[STORE_NAME_MAX], why[STORE_ERROR_MAX];
	struct store *store;
	int64_t id;
	int rc, status;

	if (store_trainee_name(name, clean, why, sizeof(why)) < 0) {
		cli_error("trainee", "%s", why);
		return CLI_BAD_INPUT;
	}
	status = store_cli_open("trainee", db, STORE_CLI_WRITE_EXISTING, &store);
	if (status != CLI_OK)
		return status;
	/* No such trainee, or one merged into another (which one is said):
	 * exit 2, as review says it. */
	status = store_cli_find_trainee("trainee", store, clean, &id);
	if (status != CLI_OK)
		goto out;
	rc = store_trainee_set_expert(store, id, expert, by);
	if (rc < 0) {
		cli_error("trainee", "%s", store_error(store));
		/* One merged into another is no trainee to mark, as above. */
		status = rc == -ESTALE ? CLI_BAD_INPUT : CLI_FAILED;
	} else if (rc == 1) {
		printf("%s is %s already: nothing changed\n", cli_quote(clean),
		       expert ? "an expert" : "not an expert");
	} else {
		printf("%s is %s\n", cli_quote(clean),
		       expert ? "now an expert" : "no longer an expert");
	}
out:
	store_close(store);
	return status;
}

int cmd_trainee_expert(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_NOT, OPT_BY };
	static const struct option options[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "not", no_argument, NULL, OPT_NOT },
		{ "by", required_argument, NULL, OPT_BY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *by = NULL;
	bool expert = true;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_DB: db = optarg; break;
		case OPT_NOT: expert = false; break;
		case OPT_BY: by = optarg; break;
		case 'h': fputs(expert_usage, stdout); return CLI_OK;
		default: return cli_bad_option("trainee expert");
		}
	}
	if (argc - optind != 1) {
		cli_error("trainee", argc == optind ? "expert: whose? give a trainee's name" :
			  "expert: one name at a time: put a name with spaces in quotes");
		fputs(expert_usage, stderr);
		return CLI_BAD_INPUT;
	}
	return mark(db, argv[optind], expert, by);
}
