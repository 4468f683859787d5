/* smpsim rescore: stored sessions scored again, against the benchmark in
 * force for their lesson (or the lesson file's own levels when it has
 * none), each kept as a rescore beside the session's own score, which is
 * never replaced. The newest rescore is the session's judgement from then
 * on (review shows both). sim/support/rescore.c does the scoring.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchmark_levels.h"
#include "cli.h"
#include "commands.h"
#include "lesson_load.h"
#include "rescore.h"
#include "store_benchmark.h"
#include "store_cli.h"

static const char rescore_usage[] =
	"usage: smpsim rescore [--lesson LESSON] [--session N] [--trainee NAME]\n"
	"                      [--db PATH]\n"
	"\n"
	"Scores stored sessions again from their stored deposits, on the copy of\n"
	"the lesson file the record keeps with each, against the required levels\n"
	"of the benchmark in force for its lesson (smpsim benchmark), or the lesson\n"
	"file's own levels when it has none. Each new score is stored as a\n"
	"rescore: the session's own score stays in the record, and review shows\n"
	"both; the newest rescore is the session's judgement from then on. Prints\n"
	"each session's old and new score and pass. Sessions still in progress,\n"
	"those whose lesson copy was scored by a pass mark (before proficiency),\n"
	"and those the benchmark in force judges already (with none in force,\n"
	"those rescored by the lesson file's own levels already) are not\n"
	"rescored, and that is said. With no option, every stored session is\n"
	"rescored.\n"
	"\n"
	"  --lesson LESSON  only that lesson's sessions\n"
	"  --session N      only session N\n"
	"  --trainee NAME   only that trainee's sessions\n"
	STORE_CLI_DB_HELP
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when done (sessions not rescored, and why, included; none\n"
	"selected: '0 of 0'); 1 when the record cannot be read or written; 2 for\n"
	"bad usage, no record yet, no such session, a trainee not in the record\n"
	"(or one merged into another), a lesson neither the data folder nor the\n"
	"record has, or a --db file that is not an smpsim record.\n";

static void score_words(bool scored, double score, bool passed, bool interrupted, char *buf,
			size_t size)
{
	/* An interrupted session is not a failed attempt, rescored or not. */
	if (scored && isfinite(score))
		snprintf(buf, size, "%.1f %s", score, interrupted ? "(interrupted: not a pass "
			 "or fail)" : passed ? "passed" : "failed");
	else
		snprintf(buf, size, "not scored");
}

/* Whether the levels in force for @p ss's lesson judge @p ss already, so
 * that scoring it again would only repeat its judgement: the benchmark in
 * force, when the session was scored or rescored against it; with none in
 * force, the lesson file's own levels, once a rescore by them is stored
 * (the first is what --help promises). Says which in @p why. */
static bool judged_already(struct store *store, const struct store_session *ss, char *why,
			   size_t size)
{
	struct store_benchmark b;
	int64_t id = 0;
	int rc = store_benchmark_in_force(store, ss->lesson_id, &b);

	if (rc == 0) {
		id = b.id;
		store_benchmark_release(&b);
	} else if (rc != -ENOENT) {
		return false;     /* rescoring reads it again, and says why not */
	}
	if (id != ss->judged_benchmark || (id == 0 && !ss->rescored))
		return false;
	if (id)
		snprintf(why, size, "benchmark %lld, in force, judges it already", (long long)id);
	else
		snprintf(why, size, "rescored by the lesson file's own levels already (no "
			 "benchmark in force)");
	return true;
}

/* Rescores @p ss and says what it gave. @return CLI_OK or CLI_FAILED. */
static int rescore_one(struct store *store, const struct store_session *ss, size_t *done)
{
	struct rescore_outcome *o = malloc(sizeof(*o));
	char was[64], now[64], levels[128], judged[96];
	int status = CLI_OK;

	if (!o) {
		cli_error("rescore", "out of memory");
		return CLI_FAILED;
	}
	score_words(ss->scored, ss->score, ss->passed, ss->status == STORE_INTERRUPTED, was,
		    sizeof(was));
	printf("Session %lld (%s, %s): ", (long long)ss->id, cli_quote(ss->trainee_name),
	       cli_quote(ss->lesson_id));
	if (judged_already(store, ss, judged, sizeof(judged))) {
		printf("not rescored: %s\n", judged);
	} else if (rescore_session(store, ss, cli_library(), o) < 0) {
		printf("not rescored\n");
		cli_error("rescore", "session %lld: %s", (long long)ss->id, o->why);
		status = CLI_FAILED;
	} else if (!o->scored) {
		printf("not rescored: %s\n", o->why);
	} else if (store_rescore_add(store, ss->id, o->benchmark, &o->metrics, &o->result,
				     NULL) < 0) {
		printf("not rescored\n");
		cli_error("rescore", "%s", store_error(store));
		status = CLI_FAILED;
	} else {
		score_words(true, o->result.score, o->result.passed,
			    ss->status == STORE_INTERRUPTED, now, sizeof(now));
		benchmark_levels_name(store, o->benchmark, levels, sizeof(levels));
		printf("was %s, now %s by %s\n", was, now, levels);
		(*done)++;
	}
	free(o);
	return status;
}

/* A trainee not in the record, or a lesson neither the data folder nor
 * any stored session has, is a typing mistake: said (as review says it),
 * rather than "0 of 0 sessions rescored", which reads as nothing to do.
 * A lesson no longer in the data folder may still have sessions (each
 * is rescored on its stored copy). */
static int rescore_check_names(struct store *store, const struct store_filter *filter,
			       size_t count)
{
	char path[4096], err[512];
	int64_t id;
	int rc;

	if (filter->trainee &&
	    (rc = store_cli_find_trainee("rescore", store, filter->trainee, &id)) != CLI_OK)
		return rc;
	if (filter->lesson_id && count == 0 &&
	    data_library_find(cli_library(), DATA_LESSON, filter->lesson_id, path,
			      sizeof(path), NULL, err, sizeof(err)) < 0) {
		cli_error("rescore", "%s", err);
		return CLI_BAD_INPUT;
	}
	return CLI_OK;
}

int cmd_rescore(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_LESSON, OPT_SESSION, OPT_TRAINEE };
	static const struct option options[] = {
		{ "lesson", required_argument, NULL, OPT_LESSON },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "db", required_argument, NULL, OPT_DB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_filter filter = { 0 };
	struct store_session *list = NULL;
	struct store *store;
	const char *db = NULL;
	size_t count = 0, done = 0;
	int opt, status, found;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_LESSON: filter.lesson_id = optarg; break;
		case OPT_SESSION:
			if (store_cli_session_number(optarg, &filter.session) < 0) {
				cli_error("rescore", "--session takes a session number (the # "
					  "column of 'smpsim review'), not '%s'", optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_TRAINEE: filter.trainee = optarg; break;
		case OPT_DB: db = optarg; break;
		case 'h': fputs(rescore_usage, stdout); return CLI_OK;
		default: return cli_bad_option("rescore");
		}
	}
	if (optind != argc) {
		cli_error("rescore", "unexpected '%s'", argv[optind]);
		fputs(rescore_usage, stderr);
		return CLI_BAD_INPUT;
	}
	status = store_cli_open("rescore", db, STORE_CLI_WRITE_EXISTING, &store);
	if (status != CLI_OK)
		return status;
	/* A name that finds no one is a mistake to say, not "0 of 0". */
	if (filter.trainee && (found = store_trainee_find(store, filter.trainee, NULL)) < 0) {
		cli_error("rescore", "%s%s", store_error(store),
			  found == -ENOENT ? " (see 'smpsim trainee list')" : "");
		status = found == -ENOENT || found == -ESTALE || found == -EINVAL ||
			 found == -ENAMETOOLONG ? CLI_BAD_INPUT : CLI_FAILED;
		goto out;
	}
	if (store_session_list(store, &filter, &list, &count) < 0) {
		cli_error("rescore", "%s", store_error(store));
		status = CLI_FAILED;
		goto out;
	}
	if ((status = rescore_check_names(store, &filter, count)) != CLI_OK)
		goto out;
	if (count == 0 && filter.session) {
		cli_error("rescore", "no session %lld in %s (see 'smpsim review')",
			  (long long)filter.session, store_path(store));
		status = CLI_BAD_INPUT;
		goto out;
	}
	for (size_t i = 0; i < count; i++)
		if (rescore_one(store, &list[i], &done) != CLI_OK)
			status = CLI_FAILED;
	printf("%zu of %zu session%s rescored.\n", done, count, count == 1 ? "" : "s");
out:
	free(list);
	store_close(store);
	return status;
}
