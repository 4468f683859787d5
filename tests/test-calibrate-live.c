/* test-calibrate-live: `smpsim calibrate` on an emulated pen (umockdev):
 * the test holds the pen at a pressure for each load and types the scale's
 * reading on standard input; the saved file has exactly the points held,
 * its curve the forces expected at chosen raw values; a practice session
 * on the same pen then says it uses that calibration and the record keeps
 * it (sessions.calibration); calibrating again asks before replacing
 * it; a pen with none says it uses the default; a
 * broken calibration file stops practice at its file:line with exit 2.
 * Run under umockdev's preload (ctest's wrapper, or it runs itself under
 * it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibration_load.h"
#include "child_process.h"
#include "db_query.h"
#include "pen_calibration.h"
#include "session_gen.h"
#include "store.h"
#include "tmp_files.h"
#include "umockdev_pen.h"

/* A bound for a hung child, not a pace. */
#define WAIT_BOUND_S 60
#define TRAINEE "Calibrated Trainee"
#define VENDOR 0x0001
#define PRODUCT 0x0002
#define FILE_NAME "0001-0002-smpsim-synthetic-pen.yaml"

/* Each load: the raw pressure held (after 0.1 s of a harder press more
 * than 0.5 s before the reading, which the median must leave out) and
 * what the scale read. */
static const struct {
	int32_t raw;
	const char *typed;
	double grams;
} loads[] = {
	{ 410, "51.5\n", 51.5 },
	{ 820, "103 g\n", 103 },
	{ 1640, "198.5\n", 198.5 },
	{ 3280, "402\n", 402 },
};

static void device(struct pen_device *dev)
{
	session_gen_device(dev);
	dev->id.vendor = VENDOR;
	dev->id.product = PRODUCT;
}

static struct umockdev_pen_bed *new_bed(const struct pen_device *dev)
{
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	char err[UMOCKDEV_PEN_ERROR_MAX];

	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return bed;
}

struct writer {
	struct input_event ev[64];
	size_t n;
	int64_t t_us;
};

static void put(struct writer *w, unsigned int type, unsigned int code, int value)
{
	struct input_event *e = &w->ev[w->n++];

	memset(e, 0, sizeof(*e));
	e->input_event_sec = (time_t)(w->t_us / 1000000);
	e->input_event_usec = (suseconds_t)(w->t_us % 1000000);
	e->type = (unsigned short)type;
	e->code = (unsigned short)code;
	e->value = value;
}

/* One frame at pressure @p raw (0: lifted, still in proximity), 10 ms
 * after the last, written to the node at once. */
static void frame(int fd, struct writer *w, int32_t raw, bool first)
{
	w->n = 0;
	w->t_us += 10000;
	if (first) {
		put(w, EV_KEY, BTN_TOOL_PEN, 1);
		put(w, EV_ABS, ABS_X, 10000);
		put(w, EV_ABS, ABS_Y, 6000);
	}
	put(w, EV_ABS, ABS_PRESSURE, raw);
	put(w, EV_SYN, SYN_REPORT, 0);
	assert_int_equal(write(fd, w->ev, w->n * sizeof(w->ev[0])),
			 (ssize_t)(w->n * sizeof(w->ev[0])));
}

static void env_for(const char *cfg, char *buf, size_t size, const char **envs)
{
	snprintf(buf, size, "XDG_CONFIG_HOME=%s", cfg);
	envs[0] = buf;
	envs[1] = NULL;
}

static void calibrate_and_use(void **state)
{
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct child_process c;
	struct child_result r;
	struct writer w = { .n = 0, .t_us = 1000000 };
	struct calibration_file f;
	char cfg[PATH_MAX], path[PATH_MAX + 64], env[PATH_MAX + 32], err[1024];
	char db[PATH_MAX], prompt[64];
	const char *envs[2];
	char *text;
	int in, fd;

	(void)state;
	device(&dev);
	snprintf(cfg, sizeof(cfg), "%s/cfg", tmp_files_dir());
	env_for(cfg, env, sizeof(env), envs);
	bed = new_bed(&dev);
	fd = umockdev_pen_bed_writer_fd(bed);
	{
		const char *const argv[] = { SMPSIM_BINARY, "calibrate", "--device",
					     umockdev_pen_bed_devnode(bed), "--yes", NULL };

		assert_int_equal(child_start_input(argv, envs, &in, &c), 0);
	}
	frame(fd, &w, 0, true);
	for (size_t k = 0; k < sizeof(loads) / sizeof(loads[0]); k++) {
		/* The prompt for this load: the last reading was taken. */
		snprintf(prompt, sizeof(prompt), "Load %zu of 4:", k + 1);
		assert_true(child_wait_err(&c, prompt, WAIT_BOUND_S));
		for (int i = 0; i < 10; i++)
			frame(fd, &w, loads[k].raw + 700, false);
		w.t_us += 600000;  /* the harder press ends 0.6 s before the hold */
		for (int i = 0; i < 20; i++)
			frame(fd, &w, loads[k].raw, false);
		assert_int_equal(write(in, loads[k].typed, strlen(loads[k].typed)),
				 (ssize_t)strlen(loads[k].typed));
		/* Lifted before the next load, so its press starts afresh. */
		frame(fd, &w, 0, false);
	}
	close(in);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("calibrate: %d\n%s%s", r.status, r.out, r.err);
	snprintf(path, sizeof(path), "%s/smpsim/calibrations/" FILE_NAME, cfg);
	assert_non_null(strstr(r.out, "Saved to "));
	assert_non_null(strstr(r.out, path));
	/* The table: each point with the default beside it (4.4 N at 4095). */
	assert_non_null(strstr(r.out, "   raw  scale g  force N  default N\n"
			       "   410     51.5    0.505      0.441\n"
			       "   820      103    1.010      0.881\n"
			       "  1640    198.5    1.947      1.762\n"
			       "  3280      402    3.942      3.524\n"));
	child_result_free(&r);

	/* The file: the points as held and read, nothing rounded. */
	text = tmp_files_read(path, NULL);
	assert_non_null(strstr(text, "    vendor: 0x0001\n    product: 0x0002\n"
			       "  pressure-axis:\n    min: 0\n    max: 4095\n"));
	assert_non_null(strstr(text, "  loads-g: [50, 100, 200, 400]\n  points:\n"
			       "    - { raw: 410, grams: 51.5 }\n"
			       "    - { raw: 820, grams: 103 }\n"
			       "    - { raw: 1640, grams: 198.5 }\n"
			       "    - { raw: 3280, grams: 402 }\n"));
	free(text);
	assert_int_equal(calibration_load(path, &f, err, sizeof(err)), 0);
	assert_int_equal(f.cal.count, 4);
	for (size_t k = 0; k < 4; k++) {
		assert_int_equal(f.cal.points[k].raw, loads[k].raw);
		assert_true(pen_calibration_force(&f.cal, loads[k].raw) ==
			    loads[k].grams * PEN_CALIBRATION_N_PER_G);
	}
	/* Halfway between the first two points; the axis maximum, along the
	 * last segment. */
	assert_true(pen_calibration_force(&f.cal, 615) ==
		    51.5 * PEN_CALIBRATION_N_PER_G +
		    (103 - 51.5) * PEN_CALIBRATION_N_PER_G * (615.0 - 410) / (820 - 410));
	assert_true(pen_calibration_force(&f.cal, 4095) ==
		    402 * PEN_CALIBRATION_N_PER_G +
		    (402 - 198.5) * PEN_CALIBRATION_N_PER_G * (4095.0 - 3280) / (3280 - 1640));
	/* Calibrating again asks before replacing it; "n" keeps it. */
	{
		const char *const argv[] = { SMPSIM_BINARY, "calibrate", "--device",
					     umockdev_pen_bed_devnode(bed), "--loads", "50", NULL };
		char *before = tmp_files_read(path, NULL), *after;

		assert_int_equal(child_start_input(argv, envs, &in, &c), 0);
		assert_true(child_wait_err(&c, "Load 1 of 1:", WAIT_BOUND_S));
		/* A new reader: the pen comes in again. */
		for (int i = 0; i < 20; i++)
			frame(fd, &w, 500, i == 0);
		assert_int_equal(write(in, "50\nn\n", 5), 5);
		frame(fd, &w, 0, false);
		close(in);
		assert_int_equal(child_wait(&c, &r), 0);
		if (r.status != 0)
			fail_msg("calibrate: %d\n%s%s", r.status, r.out, r.err);
		assert_non_null(strstr(r.err, "holds a calibration of this pen already. "
				       "Replace it? [y/N]\nNot saved: the calibration at "));
		assert_null(strstr(r.out, "Saved to "));
		after = tmp_files_read(path, NULL);
		assert_string_equal(after, before);
		free(after);
		free(before);
		child_result_free(&r);
	}
	umockdev_pen_bed_free(bed);

	/* A session on the pen uses it, says so, and the record keeps it. */
	{
		struct store *store;
		int64_t id;
		char serr[STORE_ERROR_MAX], said[PATH_MAX + 128];
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", "depth-taps", "--db", db, "--audio",
					     "none", "--device", NULL, NULL };
		const char **a = (const char **)argv;

		snprintf(db, sizeof(db), "%s/cal.db", tmp_files_dir());
		assert_int_equal(store_open(db, &store, NULL, serr, sizeof(serr)), 0);
		assert_int_equal(store_trainee_add(store, TRAINEE, &id), 0);
		store_close(store);
		bed = new_bed(&dev);
		fd = umockdev_pen_bed_writer_fd(bed);
		a[11] = umockdev_pen_bed_devnode(bed);
		assert_int_equal(child_start(argv, envs, &c), 0);
		snprintf(said, sizeof(said), "Force from this pen's calibration " FILE_NAME
			 " sha256:");
		assert_true(child_wait_err(&c, said, WAIT_BOUND_S));
		w.t_us = 1000000;
		frame(fd, &w, 0, true);
		frame(fd, &w, 800, false);
		frame(fd, &w, 0, false);
		assert_true(child_wait_err(&c, "Session 1 started", WAIT_BOUND_S));
		kill(c.pid, SIGINT);
		assert_int_equal(child_wait(&c, &r), 0);
		child_result_free(&r);
		umockdev_pen_bed_free(bed);
		text = db_query_text(db, "SELECT calibration FROM sessions WHERE id = 1");
		assert_string_equal(text, f.cal.id);
		assert_non_null(strstr(text, FILE_NAME " sha256:"));
		assert_int_equal(strlen(text), strlen(FILE_NAME " sha256:") + 64);
		free(text);
		/* The record keeps the file's bytes: replayed on a machine with no
		 * calibration at all (an empty configuration folder), the session
		 * comes out as it ran, with its pen's curve. */
		assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions WHERE id = 1 "
					      "AND length(calibration_file) > 0"), 1);
		{
			char none[PATH_MAX], env_none[PATH_MAX + 32];
			const char *const replay_env[] = { env_none, "TZ=UTC", NULL };
			const char *const replay[] = { SMPSIM_BINARY, "replay", "--session", "1",
						       "--db", db, NULL };

			snprintf(none, sizeof(none), "%s/no-calibrations", tmp_files_dir());
			snprintf(env_none, sizeof(env_none), "XDG_CONFIG_HOME=%s", none);
			assert_int_equal(child_run(replay, replay_env, &r), 0);
			if (r.status != 0 || !strstr(r.out, "The replay reproduces the session "
						     "exactly.\n"))
				fail_msg("replay: %d\n%s%s", r.status, r.out, r.err);
			child_result_free(&r);
		}
		/* The kept file edited outside smpsim (a line added, still a good
		 * calibration): replay refuses to use bytes that are not the ones
		 * named, and verify names the session's calibration. */
		{
			const char *const replay[] = { SMPSIM_BINARY, "replay", "--session", "1",
						       "--db", db, NULL };
			const char *const verify[] = { SMPSIM_BINARY, "verify", "--db", db, NULL };
			const char *const no_env[] = { "TZ=UTC", NULL };
			sqlite3 *raw;

			assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
			assert_int_equal(sqlite3_exec(raw, "UPDATE sessions SET calibration_file = "
						      "CAST(CAST(calibration_file AS TEXT) || '# edited' "
						      "|| char(10) AS BLOB) WHERE id = 1", NULL, NULL,
						      NULL), SQLITE_OK);
			assert_int_equal(sqlite3_close(raw), SQLITE_OK);
			assert_int_equal(child_run(replay, no_env, &r), 0);
			assert_int_equal(r.status, 1);
			if (!strstr(r.err, "smpsim replay: session 1's pen calibration in the "
				    "record: its bytes are no longer those of " FILE_NAME " sha256:"))
				fail_msg("replay:\n%s", r.err);
			child_result_free(&r);
			assert_int_equal(child_run(verify, no_env, &r), 0);
			assert_int_equal(r.status, 1);
			if (!strstr(r.out, "session 1 was changed after it was stored (its pen "
				    "calibration differs from the ledger)\n"))
				fail_msg("verify:\n%s", r.out);
			child_result_free(&r);
		}
	}
}

/* practice on @p cfg's calibrations, until it has said @p text; then
 * stopped. @return the child's result (free it). */
static void practice_says(const char *cfg, const char *text, int status,
			  struct child_result *r)
{
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct child_process c;
	char env[PATH_MAX + 32], db[PATH_MAX];
	const char *envs[2];
	const char *argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE, "--lesson",
			       "depth-taps", "--db", db, "--audio", "none", "--device",
			       NULL, NULL };

	device(&dev);
	env_for(cfg, env, sizeof(env), envs);
	snprintf(db, sizeof(db), "%s/cal.db", tmp_files_dir());
	bed = new_bed(&dev);
	argv[11] = umockdev_pen_bed_devnode(bed);
	assert_int_equal(child_start(argv, envs, &c), 0);
	if (status < 0) {
		assert_true(child_wait_err(&c, text, WAIT_BOUND_S));
		kill(c.pid, SIGINT);
	}
	assert_int_equal(child_wait(&c, r), 0);
	if (status >= 0 && r->status != status)
		fail_msg("practice: %d\n%s%s", r->status, r->out, r->err);
	umockdev_pen_bed_free(bed);
}

static void no_calibration(void **state)
{
	struct child_result r;
	char cfg[PATH_MAX];

	(void)state;
	snprintf(cfg, sizeof(cfg), "%s/empty-cfg", tmp_files_dir());
	practice_says(cfg, "No calibration for this pen: using the shipped default "
		      "(4.4 N at full pressure); run smpsim calibrate.\n", -1, &r);
	child_result_free(&r);
}

static void bad_calibration(void **state)
{
	struct child_result r;
	char cfg[PATH_MAX], dir[PATH_MAX + 32], path[PATH_MAX + 80], want[2 * PATH_MAX];
	static const char bad[] =
		"pen-calibration:\n"
		"  device: { name: \"smpsim synthetic pen\", vendor: 0x0001, product: 0x0002 }\n"
		"  pressure-axis: { min: 0, max: 4095 }\n"
		"  date: \"2026-12-06T09:00:00Z\"\n"
		"  loads-g: [50, 100]\n"
		"  points:\n"
		"    - { raw: 820, grams: 50 }\n"
		"    - { raw: 410, grams: 100 }\n";
	FILE *f;

	(void)state;
	snprintf(cfg, sizeof(cfg), "%s/bad-cfg", tmp_files_dir());
	snprintf(dir, sizeof(dir), "%s/smpsim", cfg);
	mkdir(cfg, 0755);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/smpsim/calibrations", cfg);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/" FILE_NAME, dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(bad, f);
	fclose(f);
	practice_says(cfg, NULL, 2, &r);
	snprintf(want, sizeof(want), "%s:7: point 2: raw 410 must be above 820 and at most "
		 "4095\n", path);
	assert_string_equal(r.err, want);
	child_result_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calibrate_and_use),
		cmocka_unit_test(no_calibration),
		cmocka_unit_test(bad_calibration),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-calibrate-live: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
