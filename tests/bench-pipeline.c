/* bench-pipeline: a one-hour session through the whole pipeline (issue 6:
 * at least 3600 times real time, peak memory at most 64 MB).
 *
 * The session is made by tests/session_gen.c, as the demo recordings are:
 * an hour of stippling at 200 Hz (720 001 frames, the pen in proximity
 * throughout) by a careful hand at the soft-hairline lesson's pace (a dot
 * about every 1.6 s: 38 a minute, the lesson's 690 dots in 18 minutes),
 * over the lesson's hairline carried across the whole front of the
 * frontal-temporal scalp (x 20 to 140 mm, from 2 mm in front of the line
 * back to y = 32 mm, the lesson's density fade). It is written to a temp
 * file once; then each of these is timed RUNS times and the median given:
 *
 *   parse           pen_source over the file: every event read, every
 *                   frame assembled into a sample (the reference);
 *   parse+simulate  and every sample through sim_session;
 *   +score          and the score: lesson_score_dots, every measure, the
 *                   rubric;
 *   +store: all     and the record (store.h): a new database, a trainee,
 *                   the session begun, each deposit added as it is finished
 *                   (the store commits by the wall clock: once a second at
 *                   most), the session ended with its measures and score,
 *                   the database closed. This is the whole pipeline;
 *   ref: one commit the same, with the deposits handed to the store only
 *                   after the last sample: one transaction, the floor the
 *                   store step is measured against.
 *
 * The loop is session_loop's without sound: sample, step, hand each
 * finished deposit to the store. The pipeline runs once more in a child
 * process (this program again, exec'd with --child, so it starts small)
 * for its peak memory: the child's own VmHWM (its high-water mark since
 * the exec), and wait4()'s ru_maxrss, which Linux carries over from
 * before the exec, when the fork still shared the parent's pages (so an
 * upper bound: the larger of the child's peak and the parent's size at
 * the fork); a child that only parses is the reference.
 *
 * Usage: bench-pipeline [RUNS]        (default 7)
 *        bench-pipeline --child parse|pipeline FILE
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson_fixture.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "score_rubric.h"
#include "session_gen.h"
#include "session_gen_lesson.h"
#include "store.h"

#define RUNS_DEFAULT 7
#define RUNS_MAX 31
#define HOUR_S 3600

enum mode { PARSE, SIMULATE, SCORE, STORE, STORE_ONCE, MODES };

static const char *const mode_names[MODES] = {
	"parse", "parse+simulate", "+score", "+store: all",
	"ref: one commit",
};

/* The whole pipeline; STORE_ONCE is its reference, timed alike. */
#define PIPELINE STORE

/* What every run works on. */
static struct lesson lesson;           /* soft-hairline, widened */
static struct lesson_session ls;
static struct device_quirk *quirks;
static size_t quirk_count;
static char *lesson_text;
static size_t lesson_text_size;
static char db_dir[] = "/tmp/bench-pipeline-db-XXXXXX";

/* What one run produced, to check the runs agree. */
struct outcome {
	size_t samples, deposits;
	unsigned long events;
	double score;
	int64_t last_us;
};

static void die(const char *what) __attribute__((noreturn));
static void die(const char *what)
{
	fprintf(stderr, "bench-pipeline: %s\n", what);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		die("cannot read the lesson file");
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read the lesson file");
	buf[n] = '\0';
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* The lesson's hairline carried across the front (x 20 to 140 mm): the
 * centre lowest, the sides curving back; the zone from 2 mm in front of
 * it to y = 32 mm. */
static void widen(struct lesson *l, struct lesson_session *s)
{
	static const double line[][2] = {
		{ 20, 12.5 }, { 30, 11 }, { 40, 9.5 }, { 50, 8 }, { 60, 6.5 }, { 70, 5.5 },
		{ 80, 5 }, { 90, 5.5 }, { 100, 6.5 }, { 110, 8 }, { 120, 9.5 }, { 130, 11 },
		{ 140, 12.5 },
	};
	const size_t n = sizeof(line) / sizeof(line[0]);
	struct scalp_polygon *z = &s->zones[0];

	l->hairline_count = n;
	z->count = 0;
	for (size_t i = 0; i < n; i++) {
		l->hairline[i] = (struct scalp_point){ line[i][0], line[i][1] };
		z->points[z->count++] = (struct scalp_point){ line[i][0], line[i][1] - 2 };
	}
	z->points[z->count++] = (struct scalp_point){ 140, 32 };
	z->points[z->count++] = (struct scalp_point){ 20, 32 };
	l->zones[0].polygon = *z;
	l->zone_count = s->zone_count = 1;
}

static void load(void)
{
	char path[4096], err[512];

	if (lesson_fixture_load(SMPSIM_DATA_DIR, SESSION_GEN_DEMO_LESSON, path, sizeof(path),
				&lesson, &ls, err, sizeof(err)) < 0 ||
	    quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &quirk_count, err,
			sizeof(err)) < 0)
		die(err);
	lesson_text = slurp(path, &lesson_text_size);
	widen(&lesson, &ls);
}

/* The hour, written to @p path. */
static double asked;  /* dots the widened zone asks for */

static void generate(const char *path, struct session_gen_played *played)
{
	static struct session_gen_stipple spec;
	int rc;

	memset(&spec, 0, sizeof(spec));
	if (session_gen_target_from_lesson(&lesson, &ls, &spec.target) < 0)
		die("the widened lesson is no target");
	spec.seed = 3600;
	spec.pattern.front_taper_mm = 1; /* as the careful demo */
	session_gen_stroke_careful(&spec.hand);
	spec.hand.pause_ms = 1300; /* the lesson's pace: a dot every 1.6 s */
	spec.hand.pause_sd_ms = 400;
	spec.duration_s = HOUR_S;
	asked = session_gen_target_dots(&spec.target);
	rc = session_gen_stipple_write_file(path, &spec, played);
	if (rc < 0) {
		fprintf(stderr, "bench-pipeline: %s: %s\n", path, strerror(-rc));
		exit(1);
	}
}

static void store_die(struct store *st, const char *what)
{
	fprintf(stderr, "bench-pipeline: %s: %s\n", what, st ? store_error(st) : "");
	exit(1);
}

static void store_add(struct store *st, int64_t session, const struct deposit *d)
{
	if (store_session_add_deposit(st, session, d, d->region == SCALP_NO_REGION ?
				      NULL : ls.scalp.regions[d->region].id) < 0)
		store_die(st, "deposit");
}

/* One run of @p mode over the recording @p path. STORE hands each deposit
 * to the store as it is finished, as practice does (the store commits by
 * the wall clock); STORE_ONCE, the reference, hands them all over after
 * the last sample, so they go in one transaction at the end. */
static void run(enum mode mode, const char *path, int n, struct outcome *out)
{
	struct pen_source_options o = { .quirks = quirks, .quirk_count = quirk_count };
	struct pen_source *src;
	struct pen_sample smp;
	struct sim_setup setup;
	struct sim_session *sim = NULL;
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	char err[PEN_SOURCE_ERROR_MAX];
	int rc, k;
	struct store *st = NULL;
	int64_t trainee = 0, session = 0;
	char db[4096];

	if (mode >= STORE) {
		struct store_session_info info = {
			.lesson_id = lesson.id, .lesson_title = lesson.title,
			.lesson_text = lesson_text, .lesson_text_size = lesson_text_size,
			.device_name = "smpsim synthetic pen", .device_id = "0000:0000",
			.recording = path,
		};

		snprintf(db, sizeof(db), "%s/run-%d.db", db_dir, n);
		if (store_open(db, &st, NULL, err, sizeof(err)) < 0)
			die(err);
		if (store_trainee_add(st, "Bench", &trainee) < 0)
			store_die(st, "trainee");
		info.trainee = trainee;
		if (store_session_begin(st, &info, &session) < 0)
			store_die(st, "session");
	}
	memset(out, 0, sizeof(*out));
	if (pen_source_open_recording(path, NULL, &o, &src, err, sizeof(err)) < 0)
		die(err);
	if (mode != PARSE) {
		if (lesson_fixture_sim_setup(&lesson, &ls, src, &setup, NULL) < 0)
			die("the pad is too small for the lesson");
		setup.expected_deposits = 4096;
		if (sim_session_new(&setup, &sim, err, sizeof(err)) < 0)
			die(err);
	}
	for (;;) {
		rc = pen_source_next(src, &smp, -1);
		k = 0;
		if (rc == 1) {
			out->samples++;
			out->last_us = smp.time_us;
			if (!sim)
				continue;
			k = sim_session_step(sim, &smp, ev);
		} else if (rc == -ENODATA && sim) {
			k = sim_session_finish(sim, ev);
		} else if (rc != -ENODATA) {
			die(pen_source_error(src));
		}
		if (k < 0)
			die("out of memory");
		for (int i = 0; mode == STORE && i < k; i++)
			if (ev[i].kind == SIM_DEPOSIT_FINISHED)
				store_add(st, session, sim_session_deposit(sim, ev[i].deposit));
		if (rc != 1)
			break;
	}
	out->events = pen_source_event_count(src);
	pen_source_free(src);
	if (sim)
		out->deposits = sim_session_deposit_count(sim);
	for (size_t i = 0; mode == STORE_ONCE && i < out->deposits; i++)
		store_add(st, session, sim_session_deposit(sim, (uint32_t)i));
	if (mode >= SCORE) {
		struct score_dot *dots = malloc((out->deposits + 1) * sizeof(*dots));
		struct score_frame frame;
		struct score_metrics metrics;
		struct score_result result;

		if (!dots)
			die("out of memory");
		lesson_score_dots(&ls, sim, dots);
		lesson_score_frame(&lesson, &ls, out->last_us / 1e6, &frame);
		if (score_metrics_compute(dots, out->deposits, &frame, &metrics) < 0 ||
		    score_rubric_apply(&lesson.rubric, &metrics, &result) < 0)
			die("cannot score the session");
		out->score = result.score;
		if (st && store_session_end(st, session, out->last_us / 1e6, &metrics, &result) < 0)
			store_die(st, "end");
		store_close(st);
		free(dots);
	}
	sim_session_free(sim);
}

/* Empties the database folder: the database and whatever files the store
 * keeps beside it (-wal, -shm, -live ...). */
static void remove_db(void)
{
	DIR *d = opendir(db_dir);
	struct dirent *e;
	char path[4096];

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", db_dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
}

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = strtol(line + strlen(key), NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static int child(const char *what, const char *path)
{
	struct outcome out;
	enum mode mode = !strcmp(what, "pipeline") ? PIPELINE : PARSE;

	load();
	if (mode == STORE && !mkdtemp(db_dir))
		die("cannot make a folder for the database");
	run(mode, path, 0, &out);
	remove_db();
	if (mode == STORE)
		rmdir(db_dir);
	printf("%ld\n", status_kb("VmHWM:"));
	return 0;
}

/* Runs this program as a child doing @p what once; returns its
 * ru_maxrss (kB) and, in *hwm_kb, the VmHWM it reported. */
static long measure_child(const char *what, const char *path, long *hwm_kb)
{
	int fd[2];
	pid_t pid;
	struct rusage ru;
	char buf[64] = { 0 };
	int status;
	ssize_t got;

	if (pipe(fd) < 0 || (pid = fork()) < 0)
		die("cannot start a child");
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execl("/proc/self/exe", "bench-pipeline", "--child", what, path, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	got = read(fd[0], buf, sizeof(buf) - 1);
	close(fd[0]);
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    got <= 0)
		die("the child failed");
	*hwm_kb = strtol(buf, NULL, 10);
	return ru.ru_maxrss;
}

static void machine(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], model[128] = "?";
	double mhz = 0;

	while (f && fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!v)
			continue;
		if (!strncmp(line, "model name", 10) && model[0] == '?')
			snprintf(model, sizeof(model), "%s", v + 2);
		if (!strncmp(line, "cpu MHz", 7) && mhz == 0)
			mhz = atof(v + 1);
	}
	if (f)
		fclose(f);
	model[strcspn(model, "\n")] = '\0';
	printf("machine: %s, %.0f MHz, %ld CPUs online\n", model, mhz,
	       sysconf(_SC_NPROCESSORS_ONLN));
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/bench-pipeline-XXXXXX";
	struct session_gen_played played;
	double t[MODES][RUNS_MAX], med[MODES] = { 0 }, added[MODES] = { 0 }, t0, gen_s;
	struct outcome first[MODES];
	long rss_parse, rss_pipe, hwm_parse, hwm_pipe, parent_kb, size;
	int runs = argc > 1 ? atoi(argv[1]) : RUNS_DEFAULT, fd;
	FILE *f;

	if (argc == 4 && !strcmp(argv[1], "--child"))
		return child(argv[2], argv[3]);
	if (runs < 1 || runs > RUNS_MAX) {
		fprintf(stderr, "usage: bench-pipeline [RUNS (1 to %d)]\n", RUNS_MAX);
		return 2;
	}
	load();
	if ((fd = mkstemp(path)) < 0 || !mkdtemp(db_dir))
		die("cannot make temp files");
	close(fd);
	t0 = now_s();
	generate(path, &played);
	gen_s = now_s() - t0;
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0)
		die("cannot size the recording");
	size = ftell(f);
	fclose(f);

	machine();
	printf("session: %zu taps (of the %.0f dots the widened zone asks for), %zu frames, "
	       "%.1f s, %.1f MB of evemu text (generated in %.2f s)\n", played.count,
	       asked, played.frames, played.end_us / 1e6, size / 1e6, gen_s);
	/* Memory first, while this process is small. */
	parent_kb = status_kb("VmRSS:");
	rss_parse = measure_child("parse", path, &hwm_parse);
	rss_pipe = measure_child("pipeline", path, &hwm_pipe);
	/* Interleaved, so drift on a shared machine hits every mode alike. */
	for (int r = 0; r < runs; r++)
		for (int m = 0; m < MODES; m++) {
			struct outcome out;

			t0 = now_s();
			run((enum mode)m, path, r, &out);
			t[m][r] = now_s() - t0;
			remove_db();
			if (r == 0)
				first[m] = out;
			else if (out.samples != first[m].samples ||
				 out.deposits != first[m].deposits || out.score != first[m].score)
				die("runs disagree");
		}
	if (first[PIPELINE].deposits != played.count || first[SIMULATE].deposits != played.count)
		die("the simulator did not find every tap");
	/* What each step adds: the median of the runs' own differences. */
	for (int m = 1; m <= PIPELINE; m++) {
		double d[RUNS_MAX];

		for (int r = 0; r < runs; r++)
			d[r] = t[m][r] - t[m - 1][r];
		added[m] = median(d, runs);
	}
	{
		double d[RUNS_MAX];

		for (int r = 0; r < runs; r++)
			d[r] = t[STORE_ONCE][r] - t[SCORE][r];
		added[STORE_ONCE] = median(d, runs);
	}
	for (int m = 0; m < MODES; m++)
		med[m] = median(t[m], runs);
	unlink(path);
	rmdir(db_dir);

	printf("%lu events, %zu samples, %zu deposits, score %.1f; median of %d runs:\n",
	       first[PIPELINE].events, first[PIPELINE].samples, first[PIPELINE].deposits,
	       first[PIPELINE].score, runs);
	for (int m = 0; m < MODES; m++) {
		qsort(t[m], (size_t)runs, sizeof(double), cmp_double);
		printf("  %-15s %.3f s (%.3f .. %.3f), %.0fx real time, %.1f M samples/s\n",
		       mode_names[m], med[m], t[m][0], t[m][runs - 1], HOUR_S / med[m],
		       first[m].samples / med[m] / 1e6);
	}
	printf("  added, median of the runs' differences: simulate %.3f s, score %.3f s",
	       added[SIMULATE], added[SCORE]);
	printf(", store %.3f s (the reference's one commit %.3f s: %.2fx)", added[STORE],
	       added[STORE_ONCE], added[STORE] / added[STORE_ONCE]);
	printf("; the whole pipeline takes %.2fx parse alone\n", med[PIPELINE] / med[PARSE]);
	printf("peak memory of one run in a child process (VmHWM): pipeline %.1f MB, "
	       "parse alone %.1f MB; ru_maxrss %.1f and %.1f MB (this process was %.1f MB "
	       "at the fork)\n", hwm_pipe / 1024.0, hwm_parse / 1024.0, rss_pipe / 1024.0,
	       rss_parse / 1024.0, parent_kb / 1024.0);
	printf("goals: pipeline <= 1 s (%s), peak memory <= 64 MB (%s), store step <= 1.3x "
	       "one commit (%s)\n", med[PIPELINE] <= 1 ? "met" : "MISSED",
	       hwm_pipe <= 64 * 1024 ? "met" : "MISSED",
	       added[STORE] <= 1.3 * added[STORE_ONCE] ? "met" : "MISSED");
	session_gen_played_free(&played);
	free(quirks);
	free(lesson_text);
	return 0;
}
