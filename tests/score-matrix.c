/* score-matrix: every lesson x variant x seed (session_gen_variants.h)
 * written as a recording, scored in-process as `smpsim score` does it
 * (session_score.h), one row each: the score, pass or fail, the
 * never-events, the requirements not met and every measure's value. The
 * table the calibration of the lessons' bands starts from.
 *
 *   score-matrix [--lesson ID] [--variant V] [--seeds N] [--tsv] [--data DIR]
 *
 * Without --lesson, every lesson of the curriculum
 * (DATA/lessons/curriculum.yaml) in its order; without
 * --variant, every variant (those that do not apply to a lesson print
 * "n/a"); seeds 1..N (3). A measure that could not be computed prints
 * "-". --tsv writes tab-separated columns with a header line instead of
 * the aligned table. The recordings go to a temporary folder removed at
 * the end. Exit 0, or 1 with a message when a lesson or a session fails
 * to load, write or score, 2 for bad arguments.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "data_library.h"
#include "lesson_fixture.h"
#include "lesson_load.h"
#include "quirks_load.h"
#include "session_gen_variants.h"
#include "session_score.h"

#define LESSONS_MAX 32

struct options {
	const char *lesson, *data;
	enum session_gen_variant variant; /* COUNT: all */
	int seeds;
	bool tsv;
};

static int usage(void)
{
	fprintf(stderr, "usage: score-matrix [--lesson ID] [--variant V] [--seeds N] [--tsv] "
			"[--data DIR]\nvariants:");
	for (int v = 0; v < SESSION_GEN_VARIANT_COUNT; v++)
		fprintf(stderr, " %s", session_gen_variant_name((enum session_gen_variant)v));
	fprintf(stderr, "\n");
	return 2;
}

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .data = SMPSIM_DATA_DIR, .variant = SESSION_GEN_VARIANT_COUNT,
			       .seeds = 3 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--tsv")) {
			o->tsv = true;
			continue;
		}
		if (!v)
			return -1;
		i++;
		if (!strcmp(a, "--lesson")) {
			o->lesson = v;
		} else if (!strcmp(a, "--data")) {
			o->data = v;
		} else if (!strcmp(a, "--variant")) {
			o->variant = session_gen_variant_from_name(v);
			if (o->variant == SESSION_GEN_VARIANT_COUNT) {
				fprintf(stderr, "score-matrix: no variant '%s'\n", v);
				return -1;
			}
		} else if (!strcmp(a, "--seeds")) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || n < 1 || n > 1000) {
				fprintf(stderr, "score-matrix: --seeds takes 1 to 1000\n");
				return -1;
			}
			o->seeds = (int)n;
		} else {
			return -1;
		}
	}
	return 0;
}

static void header(const struct options *o)
{
	if (o->tsv)
		printf("lesson\tvariant\tseed\tdots\tscore\tpassed\tunmet");
	else
		printf("%-16s %-11s %4s %5s %6s %-4s %-28s", "lesson", "variant", "seed", "dots",
		       "score", "pass", "unmet");
	for (int m = 0; m < SCORE_METRIC_COUNT; m++)
		printf(o->tsv ? "\t%s" : " %10.10s", score_metric_name((enum score_metric)m));
	printf("\n");
}

static void row(const struct options *o, const struct lesson *l, enum session_gen_variant v,
		int seed, const struct session_score *s)
{
	char miss[512];

	if (!s) {
		printf(o->tsv ? "%s\t%s\t%d\tn/a\n" : "%-16s %-11s %4d n/a\n", l->id,
		       session_gen_variant_name(v), seed);
		return;
	}
	session_score_unmet(l, &s->result, miss, sizeof(miss));
	if (!miss[0])
		snprintf(miss, sizeof(miss), "-");
	if (o->tsv)
		printf("%s\t%s\t%d\t%zu\t%.2f\t%s\t%s", l->id, session_gen_variant_name(v), seed,
		       s->metrics.dots, s->result.score, s->result.passed ? "pass" : "FAIL", miss);
	else
		printf("%-16s %-11s %4d %5zu %6.1f %-4s %-28s", l->id, session_gen_variant_name(v),
		       seed, s->metrics.dots, s->result.score, s->result.passed ? "pass" : "FAIL",
		       miss);
	for (int m = 0; m < SCORE_METRIC_COUNT; m++) {
		if (!s->metrics.valid[m])
			printf(o->tsv ? "\t-" : " %10s", "-");
		else
			printf(o->tsv ? "\t%.4g" : " %10.4g", s->metrics.value[m]);
	}
	printf("\n");
}

static int run_lesson(const struct options *o, const char *id, const char *dir,
		      const struct device_quirk *quirks, size_t quirk_count)
{
	static struct lesson lesson;
	static struct lesson_session ls;
	static struct session_gen_stipple spec;
	char err[1024], path[PATH_MAX + 32];
	int rc;

	if (lesson_fixture_load(o->data, id, NULL, 0, &lesson, &ls, err, sizeof(err)) < 0) {
		fprintf(stderr, "score-matrix: %s\n", err);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/session.evemu", dir);
	for (int v = 0; v < SESSION_GEN_VARIANT_COUNT; v++) {
		if (o->variant != SESSION_GEN_VARIANT_COUNT && v != (int)o->variant)
			continue;
		for (int seed = 1; seed <= o->seeds; seed++) {
			struct session_score s;

			rc = session_gen_variant_spec((enum session_gen_variant)v, &lesson, &ls,
						      (uint64_t)seed, &spec);
			if (rc == -ENOTSUP) {
				row(o, &lesson, (enum session_gen_variant)v, seed, NULL);
				continue;
			}
			if (rc < 0) {
				fprintf(stderr, "score-matrix: lesson '%s' cannot be worked on the "
						"synthetic pad (%s)\n", id, strerror(-rc));
				return -1;
			}
			if (session_score_stipple(&spec, path, &lesson, &ls, quirks, quirk_count,
						  NULL, &s, err, sizeof(err)) < 0) {
				fprintf(stderr, "score-matrix: %s, %s seed %d: %s\n", id,
					session_gen_variant_name((enum session_gen_variant)v), seed,
					err);
				return -1;
			}
			row(o, &lesson, (enum session_gen_variant)v, seed, &s);
			fflush(stdout);
			session_score_free(&s);
		}
	}
	remove(path);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct device_quirk *quirks = NULL;
	struct data_library *lib = NULL;
	static struct curriculum cur;
	size_t quirk_count = 0;
	char dir[PATH_MAX], quirks_path[PATH_MAX], err[1024];
	const char *tmp = getenv("TMPDIR");
	struct timespec t0, t1;
	int rc = 0;

	err[0] = 0;
	if (parse(argc, argv, &o) < 0)
		return usage();
	snprintf(quirks_path, sizeof(quirks_path), "%s/devices/quirks.yaml", o.data);
	if (quirks_load(quirks_path, &quirks, &quirk_count, err, sizeof(err)) < 0) {
		fprintf(stderr, "score-matrix: %s\n", err);
		return 1;
	}
	snprintf(quirks_path, sizeof(quirks_path), "%s/lessons/curriculum.yaml", o.data);
	if (o.lesson) {
		snprintf(cur.ids[0], sizeof(cur.ids[0]), "%s", o.lesson);
		cur.count = 1;
	} else if ((rc = data_library_new(o.data, &lib)) < 0 ||
		   (rc = curriculum_load(quirks_path, lib, &cur, err, sizeof(err))) < 0) {
		fprintf(stderr, "score-matrix: %s\n", rc == -ENOMEM ? "out of memory" : err);
		data_library_free(lib);
		free(quirks);
		return 1;
	}
	data_library_free(lib);
	snprintf(dir, sizeof(dir), "%s/score-matrix-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "score-matrix: %s: %s\n", dir, strerror(errno));
		free(quirks);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	header(&o);
	for (size_t i = 0; i < cur.count && rc == 0; i++)
		rc = run_lesson(&o, cur.ids[i], dir, quirks, quirk_count);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "score-matrix: %.1f s\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rmdir(dir);
	free(quirks);
	return rc < 0 ? 1 : 0;
}
