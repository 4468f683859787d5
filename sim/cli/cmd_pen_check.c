/* smpsim pen-check: what the pen does, live, before a lesson. Opens the
 * pen device (as practice does, but never grabbed: a check takes nothing
 * from the desktop) and, ten times a second, redraws a block: the raw
 * pressure the device last sent, the pressure and force the session
 * pipeline makes of it (sim_setup_force_n(), the pen's calibration), the
 * tilt, and for each region of the lesson's scalp the depth that force
 * would drive the needle to there (deposit_depth_mm(), the model's own),
 * against the region's band and overdeep line. On a terminal each line is
 * cut to its width and the block is redrawn in place; off one, a block is
 * printed each tick something changed. q, Enter or Ctrl-C ends it. The
 * block's text is pen_figures_text()'s, which the live view's 'p' overlay
 * shows too: when there is a display (and no --no-view) the view opens
 * beside the terminal with that overlay on, the pen on the lesson's scalp
 * as a session would place it; q or Escape there ends the check as well.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_view.h"
#include "commands.h"
#include "device_scan.h"
#include "lesson_load.h"
#include "lesson_run.h"
#include "course.h"
#include "pen_calibration.h"
#include "pen_calibrations.h"
#include "pen_figures.h"
#include "pen_source.h"
#include "sim_session.h"
#include "view_link.h"

#define TICK_US 100000
/* The pen is read in slices this long between looks at the keys. */
#define PEN_WAIT_MS 10
#define LINE_MAX_CHARS 256

static const char pen_check_usage[] =
	"usage: smpsim pen-check [--device PATH] [--lesson ID|FILE] [--no-view]\n"
	"\n"
	"Shows, live, what the pen does: the raw pressure it sends, the force\n"
	"(N) a session makes of it with this pen's calibration, its tilt, and the\n"
	"depth that force would make in each region of the lesson's scalp,\n"
	"against the region's target band and overdeep line. Redrawn ten times a\n"
	"second until q, Enter or Ctrl-C. The pen is not grabbed. When there is a\n"
	"display the live view opens too, showing the same figures over the scalp\n"
	"(its key p hides them; q or Escape ends); during practice, p in the view\n"
	"shows them.\n"
	"\n"
	"  --device PATH    the pen device; without it the only one there is\n"
	"  --lesson ID|FILE the lesson whose scalp is shown: its id or its file\n"
	"                   (default: the curriculum's first)\n"
	"  --no-view        no window, the terminal alone\n"
	"  --pad-size WxH   the active area in mm, for devices with no resolution\n"
	"  --tip-down F, --tip-up F   tip thresholds (fractions of the pressure range)\n"
	"\n"
	"Exit status 0 when ended by a key or Ctrl-C; 1 with no pen device, when\n"
	"it fails or goes away, or with no --lesson and a curriculum that cannot\n"
	"be read; 2 for bad input (a malformed curriculum among it).\n";

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int64_t monotonic_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

struct pen_check {
	struct sim_setup setup;
	struct calibration_file calibration;  /* the pen's, when calibrated */
	struct pen_sample sample;
	bool have_sample;
	int raw_pressure;       /* the last ABS_PRESSURE value the device sent */
	int raw_max;
	bool tty;
	struct view_link view;  /* no view: view.view NULL */
	size_t lines_drawn;     /* lines of the block on screen, to go back over */
	char last[LINE_MAX_CHARS * (SCALP_REGIONS_MAX + 1)];
};

/* The raw events, before assembly: the device's own pressure value. */
static void on_event(void *data, const struct input_event *ev)
{
	struct pen_check *pc = data;

	if (ev->type == EV_ABS && ev->code == ABS_PRESSURE)
		pc->raw_pressure = ev->value;
}

/* The terminal's width, or 0 when it has none (off a terminal). */
static size_t terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* The block's lines, each ending in '\n', into @p buf (pen_figures.c:
 * the live view's overlay shows the same). @return the number of lines. */
static size_t compose(const struct pen_check *pc, char *buf, size_t size)
{
	return pen_figures_text(&pc->setup, pc->have_sample ? &pc->sample : NULL,
				pc->raw_pressure, pc->raw_max, buf, size);
}

/* Draws the block: on a terminal over the last one, each line cut to the
 * terminal's width less one (a line that fills the last column would wrap
 * on some terminals); off one, only when it changed. */
static void draw(struct pen_check *pc)
{
	char block[sizeof(pc->last)];
	size_t width = pc->tty ? terminal_width() : 0, lines;

	lines = compose(pc, block, sizeof(block));
	if (!pc->tty) {
		if (!strcmp(block, pc->last))
			return;
		fputs(block, stdout);
		fputc('\n', stdout);
	} else {
		const char *line = block;

		if (pc->lines_drawn > 1)
			printf("\033[%zuA", pc->lines_drawn - 1);
		for (size_t i = 0; i < lines; i++) {
			const char *end = strchr(line, '\n');
			size_t n = (size_t)(end - line);

			if (width > 1 && n > width - 1)
				n = width - 1;
			printf("\r%.*s\033[K%s", (int)n, line, i + 1 < lines ? "\n" : "");
			line = end + 1;
		}
		pc->lines_drawn = lines;
	}
	snprintf(pc->last, sizeof(pc->last), "%s", block);
	fflush(stdout);
}

/* Reads what was typed. @return true when it ends the check. */
static bool key_ends(int fd)
{
	char buf[64];
	ssize_t n = read(fd, buf, sizeof(buf));

	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == 'q' || buf[i] == 'Q')
			return true;
	return false;
}

/* No --device: the only usable pen there is. */
static int find_device(char *path, size_t size)
{
	struct device_scan scan;
	size_t usable = 0;
	int status = CLI_OK;

	if (device_scan_run(cli_input_dir(), NULL, &scan) < 0) {
		cli_error("pen-check", "out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < scan.count; i++)
		if (scan.entries[i].usable && usable++ == 0)
			snprintf(path, size, "%s", scan.entries[i].path);
	if (usable == 0) {
		cli_say_no_pen("pen-check", "to check", &scan);
		fprintf(stderr, "Connect a tablet and run it again.\n");
		status = CLI_FAILED;
	} else if (usable > 1) {
		cli_error("pen-check", "%zu pen devices; name one with --device PATH "
			  "('smpsim devices' lists them)", usable);
		status = CLI_BAD_INPUT;
	}
	device_scan_release(&scan);
	return status;
}

/* No --lesson: the curriculum's first lesson. */
static int first_lesson(char *id, size_t size)
{
	struct curriculum *cur = calloc(1, sizeof(*cur));
	char err[512];
	int rc;

	if (!cur) {
		cli_error("pen-check", "out of memory");
		return CLI_FAILED;
	}
	rc = course_curriculum_load(cli_library(), cur, err, sizeof(err));
	if (rc < 0 || cur->count == 0) {
		cli_error("pen-check", "%s", rc < 0 ? err : "the curriculum has no lesson: "
			  "name one with --lesson ID");
		free(cur);
		return rc < 0 && rc != -EINVAL ? CLI_FAILED : CLI_BAD_INPUT;
	}
	snprintf(id, size, "%s", cur->ids[0]);
	free(cur);
	return CLI_OK;
}

/* The live view with the pen-check overlay on, when there is a display
 * and --no-view was not given; without one the terminal serves, said
 * once. The pad lies on the scalp as a session of the lesson would place
 * it, or at its corner at real scale when too small for that. */
static void open_view(struct pen_check *pc, const struct lesson_run *run,
		      const struct pen_source *pen)
{
	const struct pen_geometry *geo = pen_source_geometry(pen);
	enum lesson_mapping_source source;
	struct lesson_area area;
	char why[1024];
	struct view_setup setup = {
		.lesson = &run->lesson,
		.scalp = &run->ls.scalp,
		.sim = pc->setup,
		.pad_width_mm = geo->width_mm,
		.pad_height_mm = geo->height_mm,
		.pen_check = true,
		.title = "smpsim: pen check",
	};

	if (!cli_view_display_named())
		return;
	lesson_choose_mapping(&run->lesson, &run->ls.scalp, geo->width_mm, geo->height_mm,
			      NULL, &setup.sim.mapping, &source, &area);
	if (view_link_open(&pc->view, &setup, why, sizeof(why)) < 0)
		fprintf(stderr, "view: none (%s); the terminal instead\n", why);
}

static int check_loop(struct pen_check *pc, struct pen_source *pen)
{
	struct termios saved, raw;
	bool have_termios = false;
	int key_fd = -1, status = CLI_OK;
	int64_t drawn_at = 0;

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		/* Keys without Enter and without echo; Ctrl-C still signals. */
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
			have_termios = true;
			key_fd = STDIN_FILENO;
		}
	}
	while (!stop_requested) {
		struct pollfd p = { .fd = key_fd, .events = POLLIN };
		struct pen_sample s;
		int64_t now;
		int rc;

		/* Every sample waiting, then the keys, then the block when due. */
		while ((rc = pen_source_next(pen, &s, PEN_WAIT_MS)) == 1) {
			pc->sample = s;
			pc->have_sample = true;
			view_link_post_sample(&pc->view, &s);
		}
		if (rc < 0 && rc != -EINTR) {
			if (pc->tty && pc->lines_drawn)
				putchar('\n');
			fflush(stdout);
			cli_error("pen-check", "%s", rc == -ENODEV ? "the pen device went away" :
				  pen_source_error(pen) ? pen_source_error(pen) : strerror(-rc));
			status = CLI_FAILED;
			break;
		}
		if (key_fd >= 0 && poll(&p, 1, 0) > 0) {
			if (!(p.revents & POLLIN) || key_ends(key_fd))
				break;
		}
		if (view_link_next_key(&pc->view) == VIEW_KEY_QUIT)
			break;
		now = monotonic_us();
		if (now - drawn_at >= TICK_US) {
			draw(pc);
			drawn_at = now;
		}
	}
	if (status == CLI_OK) {
		draw(pc);   /* the figures it ended on stay on the screen */
		if (pc->tty)
			putchar('\n');
		fflush(stdout);
	}
	if (have_termios)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return status;
}

int cmd_pen_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "lesson", required_argument, NULL, 'l' },
		{ "device", required_argument, NULL, 'd' },
		{ "no-view", no_argument, NULL, CLI_OPT_NO_VIEW },
		CLI_PEN_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_pen pen = { .quirks = NULL };
	struct lesson_run run = { .cmd = "pen-check" };
	struct pen_source *src = NULL;
	struct pen_check *pc = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	struct sigaction old_int, old_term;
	const struct sim_mapping at_scale = { .scale = 1 };
	char device[4096] = "", lesson[LESSON_ID_MAX] = "", err[PEN_SOURCE_ERROR_MAX];
	char force_from[1024] = "";
	const char *lesson_id = NULL, *device_arg = NULL;
	bool no_view = false;
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "l:d:h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("pen-check", opt, optarg, &pen.options)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case 'l': lesson_id = optarg; break;
		case 'd': device_arg = optarg; break;
		case CLI_OPT_NO_VIEW: no_view = true; break;
		case 'h': fputs(pen_check_usage, stdout); return CLI_OK;
		default: return cli_bad_option("pen-check");
		}
	}
	if (optind != argc)
		return cli_bad_usage("pen-check", "unexpected '%s'", argv[optind]);
	if (!lesson_id) {
		if ((status = first_lesson(lesson, sizeof(lesson))) != CLI_OK)
			return status;
		lesson_id = lesson;
	}
	if ((status = lesson_run_load(&run, lesson_id)) != CLI_OK)
		goto out;
	if (cli_pen_init(&pen) < 0) {
		status = CLI_BAD_INPUT;
		goto out;
	}
	if (device_arg)
		snprintf(device, sizeof(device), "%s", device_arg);
	else if ((status = find_device(device, sizeof(device))) != CLI_OK)
		goto out;
	pen.options.grab = false;
	rc = pen_source_open_device(device, &pen.options, &src, err, sizeof(err));
	if (rc < 0) {
		cli_error("pen-check", "%s", err);
		status = rc == -ENOTSUP || rc == -ENODATA ? CLI_BAD_INPUT : CLI_FAILED;
		goto out;
	}
	if (!(pc = calloc(1, sizeof(*pc)))) {
		cli_error("pen-check", "out of memory");
		status = CLI_FAILED;
		goto out;
	}
	pc->tty = isatty(STDOUT_FILENO);
	pc->raw_max = pen_source_device(src)->abs[ABS_PRESSURE].maximum;
	/* The set-up a session of this lesson on this pen would have: its
	 * force calibration (where the pad lies changes no figure here). */
	lesson_sim_setup(&run.lesson, &run.ls, pen_source_settings(src)->force_full_scale_n,
			 &at_scale, &pc->setup);
	/* The pen's own calibration, as practice finds it, said once under
	 * the head in practice's words (a bad file stops the check). */
	{
		const struct pen_device *dev = pen_source_device(src);

		rc = pen_calibrations_find(dev->id.vendor, dev->id.product, dev->name,
					   &pc->calibration, err, sizeof(err));
		if (rc < 0) {
			cli_quote_message(err);
			status = rc == -ENOMEM ? CLI_FAILED : CLI_BAD_INPUT;
			goto out;
		}
		if (rc > 0) {
			pc->setup.force_curve = pen_calibration_curve;
			pc->setup.force_curve_data = &pc->calibration.cal;
			snprintf(force_from, sizeof(force_from), "Force from this pen's "
				 "calibration %s (measured %s).", cli_quote(pc->calibration.cal.id),
				 cli_quote(pc->calibration.date));
		} else if (pen_source_settings(src)->pressure_unit_n > 0) {
			snprintf(force_from, sizeof(force_from), "Force from the rig's own units: "
				 "%g N per pressure unit (the quirks file).",
				 pen_source_settings(src)->pressure_unit_n);
		} else {
			snprintf(force_from, sizeof(force_from), "No calibration for this pen: "
				 "using the shipped default (%g N at full pressure); run smpsim "
				 "calibrate.", pen_source_settings(src)->force_full_scale_n);
		}
	}
	if ((rc = pen_source_add_event_hook(src, on_event, pc)) < 0) {
		cli_error("pen-check", "%s", strerror(-rc));
		status = CLI_FAILED;
		goto out;
	}
	{
		char head[2 * LINE_MAX_CHARS];
		size_t width = pc->tty ? terminal_width() : 0;
		size_t n;

		snprintf(head, sizeof(head), "Pen check of %s (%s), lesson %s on scalp %s: q, "
			 "Enter or Ctrl-C ends it.", cli_quote(device),
			 cli_quote(pen_source_device(src)->name), run.lesson.id, run.ls.scalp.id);
		/* Cut as the block's lines are, so that nothing wraps; its length
		 * is what it holds, not what snprintf() would have written. */
		n = strlen(head);
		if (width > 1 && n > width - 1)
			head[width - 1] = '\0';
		printf("%s\n", head);
		/* Which force: said under the head, cut the same way. */
		n = strlen(force_from);
		if (width > 1 && n > width - 1)
			force_from[width - 1] = '\0';
		printf("%s\n", force_from);
		fflush(stdout);
	}
	if (!no_view)
		open_view(pc, &run, src);
	stop_requested = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	status = check_loop(pc, src);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
out:
	if (pc && view_link_close(&pc->view, err, sizeof(err)) < 0) {
		cli_error("pen-check", "%s", err);
		status = CLI_FAILED;
	}
	free(pc);
	pen_source_free(src);
	cli_pen_release(&pen);
	lesson_run_release(&run);
	return status;
}
