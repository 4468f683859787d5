/* lessons_levels: a lesson's required levels, from its benchmark in force
 * or from the lesson file (lessons_levels.h). The record is opened to read
 * only; a lesson with no benchmark shows the file's levels as its own.
 */
#include "lessons_levels.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "benchmark_levels.h"
#include "cli.h"
#include "store_cli.h"

int lessons_levels_load(const char *db, const char *lesson_id, struct score_rubric *rubric,
			struct store_benchmark *b)
{
	struct store *store;
	int status = store_cli_open("lessons", db, STORE_CLI_READ, &store);
	int64_t id;

	memset(b, 0, sizeof(*b));
	if (status != CLI_OK)
		return status;
	id = benchmark_apply_in_force(store, lesson_id, rubric, b);
	if (id < 0) {
		cli_error("lessons", "%s", store_error(store));
		status = CLI_FAILED;
	}
	store_close(store);
	return status;
}

/* The level @p b gives @p it, or NULL. */
static const struct store_benchmark_level *level_of(const struct store_benchmark *b,
						    const struct score_rubric_item *it)
{
	for (size_t i = 0; b && b->id && i < b->level_count; i++)
		if (b->levels[i].metric == it->metric)
			return &b->levels[i];
	return NULL;
}

void lessons_levels_text(const struct store_benchmark *b, const struct score_rubric_item *it,
			 lessons_level_words_fn words)
{
	const struct store_benchmark_level *lv = level_of(b, it);
	char day[32], shipped[160];

	if (!lv) {
		printf("        level: the lesson file's own (no benchmark from experts)\n");
		return;
	}
	store_cli_local_time(b->made, STORE_CLI_DAY, day, sizeof(day));
	words(it->metric, lv->shipped_min, lv->shipped_max, shipped, sizeof(shipped));
	printf("        level: from experts, benchmark %lld (%s, rule %s, %zu session%s); "
	       "the lesson file's: %s\n", (long long)b->id, day, b->rule, lv->sessions,
	       lv->sessions == 1 ? "" : "s", shipped);
}

void lessons_levels_json(const struct store_benchmark *b, const struct score_rubric_item *it)
{
	if (level_of(b, it))
		printf("\"level_from\": \"benchmark\", \"benchmark\": %lld, ", (long long)b->id);
	else
		printf("\"level_from\": \"lesson\", \"benchmark\": null, ");
}
