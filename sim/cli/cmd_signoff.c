/* smpsim signoff: an instructor signs off a stored session (issue 14):
 * a global rating of 1 to 5 on each named domain of SMP technique,
 * OSATS-style, a note, their name and the time, kept in the trainee record
 * (store_signoff.h) and shown by review and the reports.
 *
 * The domains are the curriculum's (signoff_domains.h). Every one must be
 * rated: with --rate DOMAIN=R (by name, a unique prefix, or number) or
 * --ratings R,R,... in order; given none, on a terminal it asks for each
 * in turn, showing what 1, 3 and 5 look like. Everything the command line
 * can get wrong is found before the record is opened; the session is
 * checked before anything is asked, and again in the transaction that
 * stores the sign-off. `--list` shows a session's sign-offs.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "lesson_load.h"
#include "signoff_domains.h"
#include "signoff_print.h"
#include "store_cli.h"
#include "store_signoff.h"

static const char signoff_usage[] =
	"usage: smpsim signoff --session N --by NAME [--rate DOMAIN=R]...\n"
	"                      [--ratings R,R,...] [--note TEXT] [--db PATH] [--json]\n"
	"       smpsim signoff --session N --list [--db PATH] [--json]\n"
	"\n"
	"An instructor signs off a stored session: a global rating of 1 to 5 on each\n"
	"named domain of technique (as OSATS rates surgical skill: 1 poor, 3\n"
	"competent, 5 excellent), a note, their name and the time, kept in the\n"
	"trainee record. A session may be signed off more than once; every sign-off\n"
	"is kept, and review, report and the proficiency rules read them.\n"
	"The domains are the curriculum's signoff-domains; the shipped one names\n"
	"seven: 1 depth control, 2 needle angle and hand stability, 3 dot size and\n"
	"consistency, 4 spacing and density, 5 hairline design, 6 blending with\n"
	"hair and scars, 7 flow and economy of motion. A curriculum that names no\n"
	"domains asks for no rated sign-off (signoff-at-least needs them), and a\n"
	"sign-off then rates these seven. Every domain must be rated. Given no\n"
	"--rate or --ratings, it asks for each domain in turn when standard input\n"
	"is a terminal, showing what 1, 3 and 5 look like there, then the note;\n"
	"then it shows the sign-off and asks \"Store this sign-off? [y/N]\":\n"
	"anything but y or yes stores nothing (exit 1). A stored sign-off cannot\n"
	"be changed or deleted; a new one can be added.\n"
	"\n"
	"  --session N      the session (the # column of 'smpsim review')\n"
	"  --by NAME        who signs off (cleaned as a trainee's name is)\n"
	"  --rate DOMAIN=R  rate one domain 1 to 5; DOMAIN is its name, a prefix of\n"
	"                   it no other domain has, or its number (--rate depth=4)\n"
	"  --ratings R,R,...  every domain's rating, in the order above\n"
	"  --note TEXT      a note kept with the sign-off (asked for on a terminal)\n"
	"  --list           show the session's sign-offs instead (also 'review')\n"
	STORE_CLI_DB_HELP
	"  --json           print JSON instead of text\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when stored (or listed); 1 when the record cannot be used\n"
	"(none yet, with --list), the session is still in progress, or the\n"
	"sign-off asked for was not confirmed; 2 for bad usage, no record yet, a\n"
	"domain unknown or not rated, a rating outside 1 to 5, no --by, a session\n"
	"not in the record, or a --db file that is not an smpsim record.\n";

struct signoff_args {
	const char *db;
	int64_t session;
	const char *by;
	const char *note;
	bool list, json, rated_each, rated_all;
	struct signoff_ratings ratings;
	struct curriculum *curriculum;
};

/* The curriculum's domains (the data folder's curriculum.yaml), else the
 * built-in ones. @return 0, or -1 after saying what is wrong with it. */
static int load_domains(struct signoff_args *a)
{
	char path[4096], why[512];

	a->curriculum = calloc(1, sizeof(*a->curriculum));
	if (!a->curriculum) {
		cli_error("signoff", "out of memory");
		return -1;
	}
	cli_data_dir();  /* says when there is no data folder */
	data_library_curriculum(cli_library(), path, sizeof(path));
	if (curriculum_load(path, cli_library(), a->curriculum, why, sizeof(why)) < 0) {
		cli_error("signoff", "%s", why);
		return -1;
	}
	a->ratings.count = signoff_domains(a->curriculum, a->ratings.names);
	return 0;
}

/* Asks for one domain's rating until one is given. @return it, or 0 when
 * the input ended. */
static int ask_rating(const struct signoff_ratings *r, size_t i)
{
	const char *anchors = signoff_domain_anchors(r->names[i]);
	char *line = NULL;
	size_t size = 0;
	int rating = 0;

	fprintf(stderr, "\n%zu/%zu %s\n", i + 1, r->count, cli_quote(r->names[i]));
	if (anchors)
		fprintf(stderr, "    %s\n", anchors);
	while (!rating) {
		ssize_t n;

		fprintf(stderr, "  rating 1-5: ");
		fflush(stderr);
		if ((n = getline(&line, &size, stdin)) < 0)
			break;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
				 line[n - 1] == ' '))
			line[--n] = '\0';
		if (!(rating = signoff_rating_parse(line)))
			fprintf(stderr, "  a rating is a whole number 1 to 5 (1 poor, 3 "
				"competent, 5 excellent)\n");
	}
	free(line);
	return rating;
}

/* Asks for every domain's rating, and the note unless given.
 * @return CLI_OK, or CLI_BAD_INPUT when the input ended first. */
static int ask(struct signoff_args *a, const struct store_session *s, char **note)
{
	struct signoff_ratings *r = &a->ratings;
	char *line = NULL;
	size_t size = 0;
	ssize_t n;

	fprintf(stderr, "Signing off session %" PRId64 " (%s, %s) for %s.\n", s->id,
		cli_quote(s->trainee_name), cli_quote(s->lesson_id), cli_quote(a->by));
	fprintf(stderr, "Rate each of %zu domains 1 to 5: 1 poor, 2 below competent, "
		"3 competent, 4 above competent, 5 excellent.\n", r->count);
	for (size_t i = 0; i < r->count; i++)
		if (!(r->ratings[i] = ask_rating(r, i))) {
			fprintf(stderr, "\n");
			cli_error("signoff", "'%s' was not rated (the input ended): nothing "
				  "stored", r->names[i]);
			return CLI_BAD_INPUT;
		}
	if (a->note)
		return CLI_OK;
	fprintf(stderr, "\nnote (one line; Enter for none): ");
	fflush(stderr);
	if ((n = getline(&line, &size, stdin)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		*note = line;
		return CLI_OK;
	}
	free(line);
	return CLI_OK;
}

/* Shows the sign-off as it would be stored and asks whether to store it:
 * a sign-off cannot be changed or deleted once stored. @return CLI_OK for
 * y or yes (any case), else CLI_FAILED after saying nothing was stored. */
static int confirm(const struct store_signoff_new *n)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t got;
	int lowest = 5;
	bool yes = false;

	for (size_t i = 0; i < n->rating_count; i++)
		lowest = n->ratings[i].rating < lowest ? n->ratings[i].rating : lowest;
	fprintf(stderr, "\nThe sign-off of session %" PRId64 " by %s, lowest %d:\n",
		n->session, cli_quote(n->instructor), lowest);
	signoff_print_ratings(stderr, n->ratings, n->rating_count, n->note, "");
	fprintf(stderr, "Store this sign-off? [y/N] ");
	fflush(stderr);
	if ((got = getline(&line, &size, stdin)) > 0) {
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r' ||
				   line[got - 1] == ' '))
			line[--got] = '\0';
		yes = !strcasecmp(line, "y") || !strcasecmp(line, "yes");
	} else {
		fprintf(stderr, "\n");
	}
	free(line);
	if (yes)
		return CLI_OK;
	cli_error("signoff", "not stored: the answer was not y or yes");
	return CLI_FAILED;
}

static int print_list(struct store *store, int64_t session, bool json)
{
	struct store_signoff *list;
	size_t count;
	int rc = store_signoff_list(store, session, &list, &count);

	if (rc < 0) {
		cli_error("signoff", "%s%s", store_error(store),
			  rc == -ENOENT ? " (see 'smpsim review')" : "");
		return rc == -ENOENT ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (json) {
		printf("{\"session\": %" PRId64 ", \"signoffs\": ", session);
		signoff_print_json_list(stdout, list, count, "");
		printf("}\n");
	} else if (count == 0) {
		printf("session %" PRId64 " is not signed off\n", session);
	}
	for (size_t i = 0; !json && i < count; i++)
		signoff_print_text(stdout, &list[i], "");
	free(list);
	return CLI_OK;
}

/* Prints sign-off @p id of the session as stored. */
static int print_stored(struct store *store, int64_t session, int64_t id, bool json)
{
	struct store_signoff *list;
	size_t count;

	if (store_signoff_list(store, session, &list, &count) < 0) {
		cli_error("signoff", "stored, but not read back: %s", store_error(store));
		return CLI_FAILED;
	}
	for (size_t i = 0; i < count; i++) {
		if (list[i].id != id)
			continue;
		if (json) {
			signoff_print_json(stdout, &list[i]);
			printf("\n");
		} else {
			printf("stored sign-off %" PRId64 " of session %" PRId64 "\n", id, session);
			signoff_print_text(stdout, &list[i], "");
		}
	}
	free(list);
	return CLI_OK;
}

/* The session can be signed off: it is there and has ended. */
static int check_session(struct store *store, int64_t session, struct store_session *s)
{
	int rc = store_session_get(store, session, s);

	if (rc == -ENOENT) {
		cli_error("signoff", "no session %" PRId64 " (see 'smpsim review')", session);
		return CLI_BAD_INPUT;
	}
	if (rc < 0) {
		cli_error("signoff", "%s", store_error(store));
		return CLI_FAILED;
	}
	if (s->status == STORE_IN_PROGRESS) {
		cli_error("signoff", "session %" PRId64 " is still in progress: sign it off "
			  "when it has ended", session);
		return CLI_FAILED;
	}
	/* Said before the ratings are asked: a replay is the recording's pen,
	 * not the trainee's hand, whatever the instructor saw. */
	if (s->origin == STORE_ORIGIN_REPLAYED)
		cli_error("signoff", "note: session %" PRId64 " was replayed from a recording, "
			  "not practised live: the sign-off is stored, but the session never "
			  "counts towards proficiency", session);
	return CLI_OK;
}

static int sign_off(struct signoff_args *a)
{
	struct store_rating ratings[SIGNOFF_DOMAINS_MAX];
	struct store_signoff_new n = { .session = a->session, .instructor = a->by,
				       .note = a->note, .ratings = ratings };
	struct store_session s;
	struct store *store;
	char *asked_note = NULL;
	int64_t id;
	bool asked;
	int rc, status = store_cli_open("signoff", a->db, STORE_CLI_WRITE_EXISTING, &store);

	if (status != CLI_OK)
		return status;
	status = check_session(store, a->session, &s);
	asked = status == CLI_OK && !a->rated_each && !a->rated_all;
	if (asked)
		status = ask(a, &s, &asked_note);
	if (status != CLI_OK)
		goto out;
	if (asked_note)
		n.note = asked_note;
	n.rating_count = signoff_ratings_store(&a->ratings, ratings);
	/* Asked on a terminal: what was typed is shown before it is kept. */
	if (asked && (status = confirm(&n)) != CLI_OK)
		goto out;
	rc = store_signoff_add(store, &n, &id);
	if (rc < 0) {
		cli_error("signoff", "%s: nothing stored", store_error(store));
		status = rc == -ENOENT || rc == -EINVAL || rc == -ENAMETOOLONG ? CLI_BAD_INPUT :
			 CLI_FAILED;
		goto out;
	}
	status = print_stored(store, a->session, id, a->json);
out:
	free(asked_note);
	store_close(store);
	return status;
}

/* What the command line asks is whole: @return CLI_OK, or what to exit with. */
static int check_args(struct signoff_args *a)
{
	char missing[1024], why[STORE_ERROR_MAX], clean[STORE_NAME_MAX];

	if (!a->session)
		return cli_bad_usage("signoff", "missing --session N (the # column of 'smpsim "
				     "review')");
	if (a->list) {
		if (a->by || a->note || a->rated_each || a->rated_all) {
			cli_error("signoff", "--list shows the sign-offs: it takes no --by, "
				  "--rate, --ratings or --note");
			return CLI_BAD_INPUT;
		}
		return CLI_OK;
	}
	if (!a->by)
		return cli_bad_usage("signoff", "missing --by NAME (who signs off)");
	if (store_trainee_name(a->by, clean, why, sizeof(why)) < 0) {
		cli_error("signoff", "--by: %s", why);
		return CLI_BAD_INPUT;
	}
	if (signoff_ratings_given(&a->ratings, missing, sizeof(missing)) == a->ratings.count)
		return CLI_OK;
	if (a->rated_each || a->rated_all) {
		cli_error("signoff", "not rated: %s (every domain is rated 1 to 5: --rate DOMAIN=R)", missing);
		return CLI_BAD_INPUT;
	}
	if (!isatty(STDIN_FILENO)) {
		cli_error("signoff", "no ratings given, and standard input is not a terminal to "
			  "ask on: rate every domain with --rate DOMAIN=R or --ratings R,R,... "
			  "(not rated: %s)", missing);
		return CLI_BAD_INPUT;
	}
	return CLI_OK;
}

/* Reads the domains and parses the ratings given against them.
 * @return CLI_OK, or what to exit with. */
static int parse_ratings(struct signoff_args *a, const char *const *rates, size_t rate_count,
			 const char *all)
{
	char why[STORE_ERROR_MAX];

	if (load_domains(a) < 0)
		return CLI_BAD_INPUT;
	if (rate_count && all) {
		cli_error("signoff", "give the ratings with --rate or with --ratings, not both");
		return CLI_BAD_INPUT;
	}
	for (size_t i = 0; i < rate_count; i++)
		if (signoff_rate_option(&a->ratings, rates[i], why, sizeof(why)) < 0) {
			cli_error("signoff", "--rate %s: %s", rates[i], why);
			return CLI_BAD_INPUT;
		}
	if (all && signoff_ratings_option(&a->ratings, all, why, sizeof(why)) < 0) {
		cli_error("signoff", "--ratings %s: %s", all, why);
		return CLI_BAD_INPUT;
	}
	return CLI_OK;
}

int cmd_signoff(int argc, char **argv)
{
	enum { OPT_DB = 0x200, OPT_SESSION, OPT_BY, OPT_RATE, OPT_RATINGS, OPT_NOTE, OPT_LIST };
	static const struct option options[] = {
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "by", required_argument, NULL, OPT_BY },
		{ "rate", required_argument, NULL, OPT_RATE },
		{ "ratings", required_argument, NULL, OPT_RATINGS },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct signoff_args a = { .db = NULL };
	const char *rates[2 * SIGNOFF_DOMAINS_MAX], *all = NULL;
	size_t rate_count = 0;
	int opt, status = CLI_BAD_INPUT;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_SESSION:
			if (store_cli_session_number(optarg, &a.session) < 0) {
				cli_error("signoff", "--session takes a session number (the # "
					  "column of 'smpsim review'), not '%s'", optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_BY: a.by = optarg; break;
		case OPT_NOTE: a.note = optarg; break;
		case OPT_LIST: a.list = true; break;
		case OPT_DB: a.db = optarg; break;
		case CLI_OPT_JSON: a.json = true; break;
		case OPT_RATE:
			if (rate_count == sizeof(rates) / sizeof(rates[0])) {
				cli_error("signoff", "too many --rate: one per domain");
				return CLI_BAD_INPUT;
			}
			rates[rate_count++] = optarg;
			a.rated_each = true;
			break;
		case OPT_RATINGS:
			if (all) {
				cli_error("signoff", "--ratings is given once, every domain's "
					  "rating in it");
				return CLI_BAD_INPUT;
			}
			all = optarg;
			a.rated_all = true;
			break;
		case 'h': fputs(signoff_usage, stdout); return CLI_OK;
		default: return cli_bad_option("signoff");
		}
	}
	if (optind != argc) {
		cli_error("signoff", "unexpected '%s'", argv[optind]);
		fputs(signoff_usage, stderr);
		return CLI_BAD_INPUT;
	}
	if (!a.list && a.session && a.by &&
	    (status = parse_ratings(&a, rates, rate_count, all)) != CLI_OK)
		goto out;
	if ((status = check_args(&a)) != CLI_OK)
		goto out;
	if (a.list) {
		struct store *store;

		status = store_cli_open("signoff", a.db, STORE_CLI_READ, &store);
		if (status == CLI_OK) {
			status = print_list(store, a.session, a.json);
			store_close(store);
		}
	} else {
		status = sign_off(&a);
	}
out:
	free(a.curriculum);
	return status;
}
