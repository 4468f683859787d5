/* review_levels: a session's levels and rescores, said for review
 * (review_levels.h). Written to a memory stream so that review can put
 * them where they belong among the session's lines.
 */
#include "cli_csv.h"
#include "review_levels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "benchmark_levels.h"
#include "cli.h"
#include "store_benchmark.h"
#include "store_cli.h"

static void text(FILE *f, struct store *store, const struct store_session *s,
		 const struct store_rescore *r, size_t n)
{
	char levels[160], made[32];

	benchmark_levels_name(store, s->benchmark, levels, sizeof(levels));
	fprintf(f, "levels      %s\n", levels);
	for (size_t i = 0; i < n; i++) {
		benchmark_levels_name(store, r[i].benchmark, levels, sizeof(levels));
		store_cli_local_time(r[i].made, STORE_CLI_SECOND, made, sizeof(made));
		if (r[i].scored && isfinite(r[i].score))
			fprintf(f, "rescore %-3zu %s: %.1f / 100: %s by %s%s\n", i + 1, made,
				r[i].score, s->status == STORE_INTERRUPTED ? "INTERRUPTED, not a "
				"pass or fail," : r[i].passed ? "PASS" : "FAIL", levels,
				i + 1 == n ? " (its judgement now)" : "");
		else
			fprintf(f, "rescore %-3zu %s: not scored, by %s\n", i + 1, made, levels);
	}
}

static void json_id(FILE *f, int64_t id)
{
	if (id > 0)
		fprintf(f, "%lld", (long long)id);
	else
		fputs("null", f);
}

static void json(FILE *f, const struct store_session *s, const struct store_rescore *r,
		 size_t n)
{
	fputs(",\n  \"benchmark\": ", f);
	json_id(f, s->benchmark);
	fputs(",\n  \"rescores\": [", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n    {\"id\": %lld, \"made\": ", i ? "," : "", (long long)r[i].id);
		cli_json_string(f, r[i].made);
		fputs(", \"score\": ", f);
		if (r[i].scored && isfinite(r[i].score))
			cli_json_number(f, r[i].score);
		else
			fputs("null", f);
		/* null as the session's own: no score, or interrupted (no pass, no fail). */
		fprintf(f, ", \"passed\": %s, \"benchmark\": ",
			!r[i].scored || !isfinite(r[i].score) ||
			s->status == STORE_INTERRUPTED ? "null" : r[i].passed ? "true" : "false");
		json_id(f, r[i].benchmark);
		fputs("}", f);
	}
	fputs(n ? "\n  ]" : "]", f);
}

char *review_levels(struct store *store, const struct store_session *s, bool as_json)
{
	struct store_rescore *r;
	char *buf = NULL;
	size_t n, size;
	FILE *f;

	if (store_rescore_list(store, s->id, &r, &n) < 0)
		return NULL;
	f = open_memstream(&buf, &size);
	if (f) {
		if (as_json)
			json(f, s, r, n);
		else
			text(f, store, s, r, n);
		if (fclose(f) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	free(r);
	return buf;
}
