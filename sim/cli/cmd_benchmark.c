/* smpsim benchmark: a lesson's proficiency levels derived from experts'
 * sessions, stored with their provenance, or shown (--show).
 *
 * The lesson is today's file in the data folder: its required measures
 * are the ones that get a level. The sessions that count are those of
 * trainees marked expert, live, complete and scored (store_expert.h); too
 * few sessions or experts and it refuses, saying what is missing. The
 * rule and its bounds are sim/support/benchmark_levels.h's. A stored
 * benchmark is in force for the lesson from then on: practice scores new
 * sessions against it, rescore old ones.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_csv.h"
#include "benchmark_levels.h"
#include "cli.h"
#include "commands.h"
#include "data_library.h"
#include "lesson_load.h"
#include "store_cli.h"

/* Defaults: see docs/instructor-guide.md, "Expert benchmarks". */
#define MIN_SESSIONS 10
#define MIN_EXPERTS 3

static const char benchmark_usage[] =
	"usage: smpsim benchmark LESSON [--rule mean-2sd|worst] [--min-sessions N]\n"
	"                        [--min-experts M] [--by WHO] [--dry-run] [--db PATH]\n"
	"                        [--json]\n"
	"       smpsim benchmark LESSON --show [--db PATH] [--json]\n"
	"\n"
	"Derives the proficiency level of each measure lesson LESSON requires from\n"
	"the experts' sessions of it (trainees marked with 'smpsim trainee expert\n"
	"NAME'; only their live, complete, scored sessions count: not replayed,\n"
	"not interrupted) and stores it as the lesson's benchmark, with the\n"
	"sessions, the rule, the time and who made it. From then on, practice\n"
	"scores new sessions of the lesson against it, and 'smpsim rescore' stored\n"
	"ones. The lesson's required measures are those of today's lesson file.\n"
	"\n"
	"The rule, per measure: a level from below (at least) is the experts' mean\n"
	"less two sample SDs, or with --rule worst their lowest value; a level\n"
	"from above (at most) the mean plus two SDs, or their highest value. A\n"
	"level is never stricter than the measure's good band (full marks always\n"
	"pass) and stays within the values the measure can take.\n"
	"\n"
	"  --rule RULE      mean-2sd (default) or worst\n"
	"  --min-sessions N refuse with fewer expert sessions, in all or of a\n"
	"                   measure's level (default 10)\n"
	"  --min-experts M  refuse with fewer experts, in all or of a measure's\n"
	"                   level (default 3)\n"
	"  --by WHO         who makes it (the instructor's name), recorded\n"
	"  --dry-run        derive and print the levels, store nothing\n"
	"  --show           print the lesson's benchmark in force and list the\n"
	"                   older ones, instead of making one\n"
	STORE_CLI_DB_HELP
	"  --json           print JSON instead of text\n"
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when done; 1 when too few expert sessions or experts (what\n"
	"is missing is said), the lesson has no benchmark (--show) or the record\n"
	"cannot be used (none yet, with --show or --dry-run); 2 for bad usage, an\n"
	"unknown lesson, no record yet (to store a benchmark in), or a --db file\n"
	"that is not an smpsim record.\n";

struct benchmark_cmd {
	const char *lesson_id, *db, *by;
	enum benchmark_rule rule;
	size_t min_sessions, min_experts;
	bool dry_run, show, json;
	const struct lesson *lesson;
	const char *text;
	size_t text_size;
	struct store *store;
	struct store_expert_session *sessions;
	size_t count;
};

/* Today's lesson file, and its exact bytes for the record. */
static int load_lesson(struct benchmark_cmd *c)
{
	char path[4096], err[512];
	int rc = data_library_find(cli_library(), DATA_LESSON, c->lesson_id, path,
				   sizeof(path), NULL, err, sizeof(err));

	if (rc < 0) {
		cli_error("benchmark", "%s", err);
		return CLI_BAD_INPUT;
	}
	if ((rc = lesson_load_once(path, cli_library(), &c->lesson, err, sizeof(err))) < 0) {
		cli_quote_message(err);
		return rc == -ENOMEM ? CLI_FAILED : CLI_BAD_INPUT;
	}
	data_library_lesson(cli_library(), path, &c->text, &c->text_size);
	return CLI_OK;
}

/* The experts with sessions, each once, in the order of their first. */
struct expert_count {
	int64_t trainee;
	const char *name;
	size_t sessions;
};

static size_t count_experts(const struct benchmark_cmd *c, struct expert_count *out)
{
	size_t n = 0;

	for (size_t i = 0; i < c->count; i++) {
		size_t k;

		for (k = 0; k < n && out[k].trainee != c->sessions[i].trainee; k++)
			;
		if (k == n)
			out[n++] = (struct expert_count){ c->sessions[i].trainee,
							  c->sessions[i].trainee_name, 0 };
		out[k].sessions++;
	}
	return n;
}

/* "Ana 4, Bo 3" */
static void experts_text(const struct expert_count *e, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s %zu", i ? ", " : "",
					 cli_quote(e[i].name), e[i].sessions);
}

/* The shortest text that reads back as @p v (cli_csv.h), null for none. */
static void json_num(double v)
{
	cli_json_number(stdout, v);
}

static void print_level_text(const struct store_benchmark_level *lv,
			     const struct benchmark_derivation *d)
{
	char level[64], shipped[64];

	score_rubric_level_text(lv->need_min, lv->need_max, level, sizeof(level));
	score_rubric_level_text(lv->shipped_min, lv->shipped_max, shipped, sizeof(shipped));
	/* Measures as review and score show them: an sd of equal values is
	 * 0, not 1.4e-17. */
	printf("  %-20s %-22s %-22s %-10.6g %-10.6g %-10.6g %zu from %zu\n",
	       score_metric_name(lv->metric), level, shipped, score_value_shown(lv->mean),
	       score_value_shown(lv->sd), score_value_shown(lv->worst), lv->sessions,
	       lv->experts);
	for (int side = 0; d && side < 2; side++) {
		const struct benchmark_side *s = side ? &d->high : &d->low;

		if (s->open || (!s->clamped_band && !s->clamped_range))
			continue;
		printf("  %-20s (%s: the rule gave %.6g, %s)\n", "",
		       side ? "at most" : "at least", score_value_shown(s->derived),
		       s->clamped_range ? "kept within the values the measure can take" :
		       "held at the good band's edge, so full marks pass");
	}
}

/* @p experts ("Ana 4, Bo 3"; NULL: not known) and their number. */
static void print_text(const struct store_benchmark *b,
		       const struct benchmark_derivation *how, const char *experts,
		       size_t expert_n)
{
	char day[32];

	char id[32] = "";

	if (b->id)
		snprintf(id, sizeof(id), " %lld", (long long)b->id);
	printf("Benchmark%s for lesson %s, rule %s: %zu session%s", id,
	       cli_quote(b->lesson_id), b->rule, b->session_count,
	       b->session_count == 1 ? "" : "s");
	if (experts)
		printf(" from %zu expert%s (%s)", expert_n, expert_n == 1 ? "" : "s", experts);
	printf("\n");
	printf("  %-20s %-22s %-22s %-10s %-10s %-10s %s\n", "measure", "level", "shipped",
	       "mean", "sd", "worst", "n");
	for (size_t i = 0; i < b->level_count; i++)
		print_level_text(&b->levels[i], how ? &how[b->levels[i].metric] : NULL);
	printf("Sessions:");
	for (size_t i = 0; i < b->session_count; i++)
		printf(" %lld", (long long)b->sessions[i]);
	printf("\n");
	if (b->id) {
		store_cli_local_time(b->made, STORE_CLI_MINUTE, day, sizeof(day));
		printf("Made %s%s%s, at least %zu session%s from %zu expert%s; lesson file "
		       "sha256 %.12s.\n", day, b->by[0] ? " by " : "", b->by[0] ?
		       cli_quote(b->by) : "", b->min_sessions, b->min_sessions == 1 ? "" : "s",
		       b->min_experts, b->min_experts == 1 ? "" : "s", b->lesson_sha256);
	}
}

static void print_json(const struct store_benchmark *b, bool stored)
{
	printf("{\n  \"benchmark\": ");
	if (stored)
		printf("%lld", (long long)b->id);
	else
		printf("null");
	printf(",\n  \"lesson\": ");
	cli_json_string(stdout, b->lesson_id);
	printf(",\n  \"rule\": ");
	cli_json_string(stdout, b->rule);
	printf(",\n  \"min_sessions\": %zu,\n  \"min_experts\": %zu,\n  \"made\": ",
	       b->min_sessions, b->min_experts);
	if (stored)
		cli_json_string(stdout, b->made);
	else
		printf("null");
	printf(",\n  \"by\": ");
	if (b->by[0])
		cli_json_string(stdout, b->by);
	else
		printf("null");
	printf(",\n  \"sessions\": [");
	for (size_t i = 0; i < b->session_count; i++)
		printf("%s%lld", i ? ", " : "", (long long)b->sessions[i]);
	printf("],\n  \"levels\": [");
	for (size_t i = 0; i < b->level_count; i++) {
		const struct store_benchmark_level *lv = &b->levels[i];

		printf("%s\n    {\"metric\": ", i ? "," : "");
		cli_json_string(stdout, score_metric_name(lv->metric));
		printf(", \"at_least\": ");
		json_num(lv->need_min);
		printf(", \"at_most\": ");
		json_num(lv->need_max);
		printf(", \"shipped_at_least\": ");
		json_num(lv->shipped_min);
		printf(", \"shipped_at_most\": ");
		json_num(lv->shipped_max);
		printf(", \"mean\": ");
		json_num(lv->mean);
		printf(", \"sd\": ");
		json_num(lv->sd);
		printf(", \"worst\": ");
		json_num(lv->worst);
		printf(", \"sessions\": %zu, \"experts\": %zu}", lv->sessions, lv->experts);
	}
	printf("%s]\n}\n", b->level_count ? "\n  " : "");
}

static int show(struct benchmark_cmd *c)
{
	struct store_benchmark b;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = store_benchmark_in_force(c->store, c->lesson_id, &b);

	if (rc == -ENOENT) {
		cli_error("benchmark", "lesson %s has no benchmark in %s: its sessions are "
			  "judged by the lesson file's own levels (make one with 'smpsim "
			  "benchmark %s')", cli_quote(c->lesson_id), store_path(c->store),
			  c->lesson_id);
		return CLI_FAILED;
	}
	if (rc < 0 || store_benchmark_list(c->store, c->lesson_id, &ids, &n) < 0) {
		cli_error("benchmark", "%s", store_error(c->store));
		if (rc == 0)
			store_benchmark_release(&b);
		return CLI_FAILED;
	}
	if (c->json) {
		print_json(&b, true);
	} else {
		printf("In force: ");
		print_text(&b, NULL, NULL, 0);
		if (n > 1) {
			printf("Older benchmarks of this lesson:");
			for (size_t i = 0; i + 1 < n; i++)
				printf(" %lld", (long long)ids[i]);
			printf(" (smpsim review --session N says which judged a session)\n");
		}
	}
	free(ids);
	store_benchmark_release(&b);
	return CLI_OK;
}

/* "; not counted: 8 of the experts' sessions of it replayed from a
 * recording, 1 interrupted" into @p out ("" when none), so that a refusal
 * for want of sessions says why the experts' sessions a user can see in
 * 'smpsim review' were left out (a replay is the only kind of session an
 * academy without a tablet can make, and it never counts). */
static void not_counted_text(struct benchmark_cmd *c, char *out, size_t size)
{
	struct store_filter filter = { .lesson_id = c->lesson_id };
	struct store_session *list = NULL;
	size_t n = 0, replayed = 0, interrupted = 0, other = 0, used;
	int64_t *experts = NULL;
	size_t expert_n = 0;

	out[0] = '\0';
	if (store_expert_list(c->store, &experts, &expert_n) < 0 ||
	    store_session_list(c->store, &filter, &list, &n) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		bool expert = false;

		for (size_t j = 0; j < expert_n; j++)
			expert = expert || experts[j] == list[i].trainee;
		if (!expert)
			continue;
		if (list[i].origin == STORE_ORIGIN_REPLAYED)
			replayed++;
		else if (list[i].status == STORE_INTERRUPTED)
			interrupted++;
		else
			other++;
	}
	/* "other" holds the ones that counted. */
	other = other > c->count ? other - c->count : 0;
	if (!replayed && !interrupted && !other)
		goto out;
	used = (size_t)snprintf(out, size, "; not counted: %zu of the experts' sessions of it",
				replayed + interrupted + other);
	if (replayed && used < size)
		used += (size_t)snprintf(out + used, size - used, ", %zu replayed from a "
					 "recording (only live ones count)", replayed);
	if (interrupted && used < size)
		used += (size_t)snprintf(out + used, size - used, ", %zu interrupted",
					 interrupted);
	if (other && used < size)
		snprintf(out + used, size - used, ", %zu not scored, in progress or of an "
			 "origin not kept", other);
out:
	free(experts);
	free(list);
}

static int make(struct benchmark_cmd *c)
{
	struct benchmark_derivation how[SCORE_METRIC_COUNT];
	struct expert_count *experts;
	struct store_benchmark b = { 0 };
	char list[1024], why[256];
	size_t expert_n;
	int status = CLI_FAILED;

	if (store_expert_sessions(c->store, c->lesson_id, &c->sessions, &c->count) < 0) {
		cli_error("benchmark", "%s", store_error(c->store));
		return CLI_FAILED;
	}
	if (!(experts = calloc(c->count ? c->count : 1, sizeof(*experts)))) {
		cli_error("benchmark", "out of memory");
		return CLI_FAILED;
	}
	expert_n = count_experts(c, experts);
	experts_text(experts, expert_n, list, sizeof(list));
	if (c->count < c->min_sessions || expert_n < c->min_experts) {
		char skipped[256];

		not_counted_text(c, skipped, sizeof(skipped));
		cli_error("benchmark", "lesson %s needs %zu session%s from %zu expert%s; has "
			  "%zu session%s from %zu expert%s%s%s%s%s; mark more experts with "
			  "smpsim trainee expert NAME or have them practise",
			  cli_quote(c->lesson_id), c->min_sessions, c->min_sessions == 1 ? "" : "s",
			  c->min_experts, c->min_experts == 1 ? "" : "s", c->count,
			  c->count == 1 ? "" : "s", expert_n, expert_n == 1 ? "" : "s",
			  expert_n ? " (" : "", list, expert_n ? ")" : "", skipped);
		goto out;
	}
	snprintf(b.lesson_id, sizeof(b.lesson_id), "%s", c->lesson_id);
	snprintf(b.by, sizeof(b.by), "%s", c->by ? c->by : "");
	b.min_sessions = c->min_sessions;
	b.min_experts = c->min_experts;
	if (benchmark_derive(&c->lesson->rubric, c->sessions, c->count, c->rule, &b, how, why,
			     sizeof(why)) < 0) {
		cli_error("benchmark", "lesson %s: %s", cli_quote(c->lesson_id), why);
		goto out;
	}
	if (!(b.sessions = malloc(c->count * sizeof(*b.sessions)))) {
		cli_error("benchmark", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < c->count; i++)
		b.sessions[b.session_count++] = c->sessions[i].session;
	if (!c->dry_run) {
		if (store_benchmark_add(c->store, &b, c->lesson->title, c->text, c->text_size,
					&b.id) < 0) {
			cli_error("benchmark", "%s", store_error(c->store));
			goto out;
		}
		/* Read back: what is printed is what the record holds. */
		store_benchmark_release(&b);
		if (store_benchmark_get(c->store, b.id, &b) < 0) {
			cli_error("benchmark", "%s", store_error(c->store));
			goto out;
		}
	}
	if (c->json) {
		print_json(&b, !c->dry_run);
	} else {
		print_text(&b, how, list, expert_n);
		if (c->dry_run)
			printf("Not stored (--dry-run).\n");
		else
			printf("Stored as benchmark %lld: new sessions of %s are judged by it; "
			       "'smpsim rescore --lesson %s' judges the stored ones again.\n",
			       (long long)b.id, c->lesson_id, c->lesson_id);
	}
	status = CLI_OK;
out:
	store_benchmark_release(&b);
	free(experts);
	return status;
}

static int parse_count(const char *opt, const char *arg, size_t *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (!*arg || *end || arg[0] == '-' || v == 0 || v > 1000000) {
		cli_error("benchmark", "%s takes a whole number from 1, not '%s'", opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int cmd_benchmark(int argc, char **argv)
{
	enum { OPT_DB = 0x200, OPT_RULE, OPT_MIN_SESSIONS, OPT_MIN_EXPERTS, OPT_BY,
	       OPT_DRY_RUN, OPT_SHOW };
	static const struct option options[] = {
		{ "rule", required_argument, NULL, OPT_RULE },
		{ "min-sessions", required_argument, NULL, OPT_MIN_SESSIONS },
		{ "min-experts", required_argument, NULL, OPT_MIN_EXPERTS },
		{ "by", required_argument, NULL, OPT_BY },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "show", no_argument, NULL, OPT_SHOW },
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct benchmark_cmd c = { .min_sessions = MIN_SESSIONS, .min_experts = MIN_EXPERTS };
	int opt, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_RULE:
			if (benchmark_rule_parse(optarg, &c.rule) < 0) {
				cli_error("benchmark", "--rule is mean-2sd or worst, not '%s'",
					  optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_MIN_SESSIONS:
			if (parse_count("--min-sessions", optarg, &c.min_sessions) < 0)
				return CLI_BAD_INPUT;
			break;
		case OPT_MIN_EXPERTS:
			if (parse_count("--min-experts", optarg, &c.min_experts) < 0)
				return CLI_BAD_INPUT;
			break;
		case OPT_BY: c.by = optarg; break;
		case OPT_DRY_RUN: c.dry_run = true; break;
		case OPT_SHOW: c.show = true; break;
		case OPT_DB: c.db = optarg; break;
		case CLI_OPT_JSON: c.json = true; break;
		case 'h': fputs(benchmark_usage, stdout); return CLI_OK;
		default: return cli_bad_option("benchmark");
		}
	}
	if (argc == optind)
		return cli_bad_usage("benchmark", "missing LESSON ('smpsim lessons' lists them)");
	if (argc - optind != 1)
		return cli_bad_usage("benchmark", "one lesson at a time");
	c.lesson_id = argv[optind];
	if ((status = load_lesson(&c)) != CLI_OK)
		return status;
	status = store_cli_open("benchmark", c.db, c.show || c.dry_run ? STORE_CLI_READ :
				STORE_CLI_WRITE_EXISTING, &c.store);
	if (status != CLI_OK)
		return status;
	status = c.show ? show(&c) : make(&c);
	free(c.sessions);
	store_close(c.store);
	return status;
}
