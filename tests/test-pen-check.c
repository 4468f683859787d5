/* test-pen-check: `smpsim pen-check` on an emulated pen (umockdev,
 * tests/umockdev_pen.c) through a pseudo-terminal of a given width
 * (forkpty). The pen comes in, touches with a scripted pressure and tilt
 * and stays down; the block the command draws must then hold the raw
 * pressure sent, the pressure the pen pipeline makes of it (pen_assembler,
 * fed the same events here), the force the simulator's set-up makes of
 * that (sim_setup_force_n(), with the device's calibration from the
 * quirks file) and, for each region of depth-taps' scalp, the model's
 * depth for that force (deposit_depth_mm()) against the band and overdeep
 * line, exactly as printed; no line may reach the terminal's last column;
 * q, Enter or Ctrl-C ends it with exit 0. With no device it says so and
 * exits 1, as practice does. Run under umockdev's preload.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "data_library.h"
#include "deposit.h"
#include "device_quirks.h"
#include "lesson_apply.h"
#include "lesson_load.h"
#include "pen_assembler.h"
#include "quirks_load.h"
#include "session_gen.h"
#include "sim_session.h"
#include "tmp_files.h"
#include "umockdev_pen.h"

/* The bound on every wait: to fail rather than hang, not a pace. */
#define WAIT_BOUND_S 60
#define OUT_MAX (1 << 20)

struct check_case {
	const char *name;
	int raw;              /* ABS_PRESSURE sent, of 4095 */
	int tilt_x, tilt_y;   /* ABS_TILT_X/Y sent, units per radian 5730 */
	unsigned short width; /* the terminal's columns */
	const char *key;      /* what ends it */
};

static const struct check_case cases[] = {
	{ "light, q", 600, 0, 0, 200, "q" },
	{ "in the band, tilted, Enter", 1229, 1000, -500, 200, "\r" },
	{ "full pressure, Ctrl-C", 4095, -2000, 300, 200, "\003" },
	{ "narrow terminal", 1800, 400, 400, 40, "q" },
};

static double monotonic_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static struct input_event ev(int64_t us, unsigned short type, unsigned short code, int value)
{
	struct input_event e = { .type = type, .code = code, .value = value };

	e.input_event_sec = us / 1000000;
	e.input_event_usec = us % 1000000;
	return e;
}

/* Proximity in at 0, the touch at 10 ms, held. @return the count. */
static size_t script(const struct check_case *c, struct input_event *e)
{
	size_t n = 0;

	e[n++] = ev(0, EV_KEY, BTN_TOOL_PEN, 1);
	e[n++] = ev(0, EV_ABS, ABS_X, 10000);
	e[n++] = ev(0, EV_ABS, ABS_Y, 6000);
	e[n++] = ev(0, EV_SYN, SYN_REPORT, 0);
	e[n++] = ev(10000, EV_KEY, BTN_TOUCH, 1);
	e[n++] = ev(10000, EV_ABS, ABS_PRESSURE, c->raw);
	e[n++] = ev(10000, EV_ABS, ABS_TILT_X, c->tilt_x);
	e[n++] = ev(10000, EV_ABS, ABS_TILT_Y, c->tilt_y);
	e[n++] = ev(10000, EV_SYN, SYN_REPORT, 0);
	return n;
}

/* The lines the block must hold, each cut to the terminal's width less
 * one, computed by the pipeline's and the model's own functions. */
static size_t expected_lines(const struct check_case *c, const struct pen_device *dev,
			     const struct input_event *e, size_t count, char lines[][512])
{
	struct pen_assembler *pa;
	struct pen_geometry geo;
	struct pen_sample out[PEN_ASSEMBLER_MAX_SAMPLES], last = { 0 };
	struct device_quirk *quirks;
	struct device_settings settings;
	struct data_library *lib;
	const struct lesson *lesson;
	struct lesson_session ls;
	struct sim_setup setup;
	const struct sim_mapping at_scale = { .scale = 1 };
	char path[PATH_MAX], err[512];
	size_t nq, n = 0;
	double force, tilt, dir;

	assert_int_equal(pen_geometry_resolve(dev, NULL, NULL, &geo, err, sizeof(err)), 0);
	assert_int_equal(pen_assembler_new(dev, &geo, NULL, &pa), 0);
	for (size_t i = 0; i < count; i++) {
		size_t k = pen_assembler_push(pa, &e[i], out);

		if (k)
			last = out[k - 1];
	}
	pen_assembler_free(pa);
	assert_true(last.flags & PEN_TIP_DOWN);

	if (quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &nq, err,
			sizeof(err)) < 0)
		fail_msg("%s", err);
	device_settings_default(&settings);
	assert_true(device_quirks_apply(quirks, nq, dev, &settings, err, sizeof(err)) >= 0);
	free(quirks);

	assert_int_equal(data_library_new(SMPSIM_DATA_DIR, &lib), 0);
	assert_int_equal(lesson_find(SMPSIM_DATA_DIR, "depth-taps", path, sizeof(path), err,
				     sizeof(err)), 0);
	if (lesson_load_once(path, lib, &lesson, err, sizeof(err)) < 0 ||
	    lesson_session_prepare(lesson, lib, &ls, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	lesson_sim_setup(lesson, &ls, settings.force_full_scale_n, &at_scale, &setup);
	force = sim_setup_force_n(&setup, last.pressure);
	deposit_tilt(last.tilt_x_deg, last.tilt_y_deg, &tilt, &dir);
	snprintf(lines[n++], 512, "  raw %d/%d   pressure %.3f   force %.2f N   tilt x %.1f "
		 "y %.1f deg (%.1f from upright)   tip down", c->raw,
		 dev->abs[ABS_PRESSURE].maximum, last.pressure, force, last.tilt_x_deg,
		 last.tilt_y_deg, tilt);
	for (size_t i = 0; i < ls.scalp.region_count; i++) {
		const struct scalp_region *r = &ls.scalp.regions[i];
		double depth = deposit_depth_mm(&ls.needle, &ls.scalp.tissues[r->tissue], force);

		snprintf(lines[n++], 512, "  %-14s %.2f mm   band %.2f-%.2f   overdeep %.2f   %s",
			 r->id, depth, r->band_min_mm, r->band_max_mm, r->overdeep_mm,
			 deposit_depth_class_name(deposit_classify_depth(r, depth)));
	}
	data_library_free(lib);
	for (size_t i = 0; i < n; i++)
		if (strlen(lines[i]) > c->width - 1u)
			lines[i][c->width - 1] = '\0';
	return n;
}

/* Reads what the child wrote until @p want is in it, or with @p want
 * NULL until it ends (read() fails with EIO once the child has closed
 * the terminal); within the bound either way. */
static bool read_until(int master, char *out, size_t *got, const char *want)
{
	double deadline = monotonic_s() + WAIT_BOUND_S;

	while ((!want || !strstr(out, want)) && monotonic_s() < deadline) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 100) <= 0)
			continue;
		r = read(master, out + *got, OUT_MAX - 1 - *got);
		if (r <= 0)
			break;
		*got += (size_t)r;
		out[*got] = '\0';
	}
	return !want || strstr(out, want) != NULL;
}

/* Every line the child drew, escapes taken out, is shorter than @p width. */
static void assert_fits(const char *out, unsigned short width)
{
	const char *p = out;

	while (*p) {
		size_t len = 0;

		for (; *p && *p != '\n'; p++) {
			if (*p == '\r') {
				len = 0;
			} else if (*p == '\033') {   /* CSI: ESC [ digits letter */
				for (p++; p[1] && !(p[1] >= '@' && p[1] <= '~' && p[1] != '['); p++)
					;
				if (p[1])
					p++;
			} else {
				len++;
			}
			if (len >= width)
				fail_msg("a line of %zu characters or more on a terminal of %u:\n%s",
					 len, width, out);
		}
		if (*p)
			p++;
	}
}

static void check_case(const struct check_case *c)
{
	struct pen_device dev;
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	struct input_event events[16];
	char lines[SCALP_REGIONS_MAX + 1][512], want[600], err[UMOCKDEV_PEN_ERROR_MAX];
	struct winsize ws = { .ws_row = 40, .ws_col = c->width };
	size_t count, n, got = 0;
	char *out = calloc(1, OUT_MAX);
	int master, status;
	pid_t pid;

	assert_non_null(out);
	session_gen_device_tilt(&dev);
	count = script(c, events);
	n = expected_lines(c, &dev, events, count, lines);
	assert_true(n > 1);
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	pid = forkpty(&master, NULL, NULL, &ws);
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *const argv[] = { SMPSIM_BINARY, "pen-check", "--device",
					     umockdev_pen_bed_devnode(bed), "--no-view", NULL };

		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (!read_until(master, out, &got, "Pen check of "))
		fail_msg("%s: no start:\n%s", c->name, out);
	/* No calibration for this pen (the test's own empty configuration
	 * folder): the shipped default, said under the head, cut to the width. */
	{
		char said[256];

		snprintf(said, sizeof(said), "\nNo calibration for this pen: using the shipped "
			 "default (4.4 N at full pressure); run smpsim calibrate.");
		if (strlen(said) > c->width)
			said[c->width] = '\0';
		if (!read_until(master, out, &got, said))
			fail_msg("%s: no '%s' in:\n%s", c->name, said + 1, out);
	}
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	/* The block with the pen down, every line of it as computed. */
	snprintf(want, sizeof(want), "\r%s\033[K", lines[0]);
	if (!read_until(master, out, &got, want))
		fail_msg("%s: no '%s' in:\n%s", c->name, lines[0], out);
	for (size_t i = 1; i < n; i++) {
		snprintf(want, sizeof(want), "\r%s\033[K", lines[i]);
		if (!read_until(master, out, &got, want))
			fail_msg("%s: no '%s' in:\n%s", c->name, lines[i], out);
	}
	assert_int_equal(write(master, c->key, strlen(c->key)), (ssize_t)strlen(c->key));
	read_until(master, out, &got, NULL);
	close(master);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s: status %d:\n%s", c->name, status, out);
	assert_fits(out, c->width);
	umockdev_pen_bed_free(bed);
	free(out);
}

static void test_figures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
}

static void test_no_device(void **state)
{
	char dir[PATH_MAX], env[PATH_MAX + 32];
	const char *const argv[] = { SMPSIM_BINARY, "pen-check", NULL };
	const char *envs[] = { env, NULL };
	struct child_result r;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/no-input", tmp_files_dir());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(env, sizeof(env), "SMPSIM_INPUT_DIR=%s", dir);
	assert_int_equal(child_run(argv, envs, &r), 0);
	{
		char want[2 * PATH_MAX];

		snprintf(want, sizeof(want), "smpsim pen-check: no pen device to check (%s has "
			 "none).\nConnect a tablet and run it again.\n", dir);
		child_expect(&r, 1, "", want);
	}
	child_result_free(&r);
}

/* --lesson takes a lesson file's path as practice's does: the academy's
 * example loads (and pen-check goes on to look for the pen), a path that
 * is not there is said as a file that cannot be read, exit 2. */
static void test_lesson_by_path(void **state)
{
	static const struct {
		const char *lesson;
		int status;
		const char *err;   /* after "smpsim pen-check: " */
	} rows[] = {
		{ SMPSIM_TEST_DATA_DIR "/academy/academy-dots.yaml", 1, NULL },
		{ "./no-such-lesson.yaml", 2,
		  "cannot read the lesson file ./no-such-lesson.yaml: No such file or directory\n" },
	};
	char dir[PATH_MAX], env[PATH_MAX + 32];
	const char *envs[] = { env, NULL };

	(void)state;
	snprintf(dir, sizeof(dir), "%s/no-input-lesson", tmp_files_dir());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(env, sizeof(env), "SMPSIM_INPUT_DIR=%s", dir);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *const argv[] = { SMPSIM_BINARY, "pen-check", "--lesson",
					     rows[i].lesson, "--no-view", NULL };
		struct child_result r;
		char want[2 * PATH_MAX];

		if (rows[i].err)
			snprintf(want, sizeof(want), "smpsim pen-check: %s", rows[i].err);
		else
			snprintf(want, sizeof(want), "smpsim pen-check: no pen device to check "
				 "(%s has none).\nConnect a tablet and run it again.\n", dir);
		assert_int_equal(child_run(argv, envs, &r), 0);
		child_expect(&r, rows[i].status, "", want);
		child_result_free(&r);
	}
}

/* The temporary folder, and an empty configuration folder in it, so that
 * no calibration of this machine's user changes the figures. */
static int setup(void **state)
{
	static char config[4200];

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(config, sizeof(config), "%s/config", tmp_files_dir());
	return setenv("XDG_CONFIG_HOME", config, 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_no_device),
		cmocka_unit_test(test_lesson_by_path),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "cannot run under umockdev's preload: %s\n", strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
