/* smpsim calibrate: a pen's force curve measured with a kitchen scale.
 *
 * The trainee presses the pen straight down on the scale at each load
 * (--loads, grams), holds it, and types what the scale reads; the raw
 * pressure taken for that reading is the median of the pen's samples in
 * the last 0.5 s it was pressed before the line came (the lower middle of
 * an even count, so it is a raw value the pen sent). The points, with
 * (axis minimum, 0 N), make the curve of pen_calibration.h; it is shown
 * beside the shipped default and saved per device in the user's
 * configuration (sim/support/pen_calibrations.c), where practice finds it.
 *
 * Standard input is read a line at a time with read(2), never through
 * stdio's buffer, so the pen is read while waiting and lines typed (or
 * piped, as the tests do) ahead are taken in order. When a line comes,
 * every pen event already sent is read first (waiting up to 30 ms for the
 * first): what the pen did as the reading was typed counts.
 *
 * "Raw" is the pressure as the session sees it: the axis minimum plus the
 * sample's pressure fraction times the axis span (rounded), so a curve
 * measured here is applied to exactly the values it was measured on.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "device_scan.h"
#include "pen_calibration.h"
#include "pen_calibrations.h"
#include "pen_source.h"

#define CMD "calibrate"
/* How far back a reading looks: the pen held still for half a second. */
#define HOLD_US 500000
/* How long a reading's line waits for the pen's events sent before it. */
#define LINE_SETTLE_MS 30

static const char calibrate_usage[] =
	"usage: smpsim calibrate [--device PATH] [--loads G,G,...] [--yes]\n"
	"\n"
	"Measures how hard the pen presses: press it straight down on a kitchen\n"
	"scale at each load, hold it, and type what the scale reads (grams), then\n"
	"Enter. The raw pressure held then (the median of the last 0.5 s pressed)\n"
	"and the reading make a point of the pen's force curve, which is shown\n"
	"beside the shipped default and saved as\n"
	"$XDG_CONFIG_HOME/smpsim/calibrations/VVVV-PPPP-NAME.yaml (else\n"
	"~/.config/smpsim/...), where every later session on this pen finds it.\n"
	"The file can be copied to another machine for the same pen. Readings\n"
	"may come from a pipe, one line each.\n"
	"\n"
	"  --device PATH    the pen's /dev/input/eventN (default: the only pen)\n"
	"  --loads G,...    the loads to press to, in grams, increasing (default\n"
	"                   50,100,200,400; 1 to 16 of them)\n"
	"  --yes            replace an existing calibration without asking\n"
	"  --pad-size WxH, --tip-down F, --tip-up F   as for practice\n"
	"\n"
	"Exit status 0 when saved (or kept at the user's word); 1 when the device\n"
	"or the file failed; 2 for bad usage, a pen without pressure, or readings\n"
	"that end too soon.\n";

struct held {
	int64_t time_us;
	int32_t raw;
};

struct calibrate {
	struct pen_source *pen;
	int32_t raw_min, raw_max;
	struct held *held;        /* pressed samples since the last reading */
	size_t held_count, held_size;
	char line[256];
	size_t line_len;
	bool eof;
};

static int parse_loads(const char *arg, double *loads, size_t *count)
{
	const char *p = arg;

	*count = 0;
	while (*p) {
		char *end;
		double g = strtod(p, &end);

		if (end == p || !(g > 0 && g <= 100000) || *count == PEN_CALIBRATION_POINTS_MAX ||
		    (*count && !(g > loads[*count - 1])) || (*end && *end != ','))
			return -1;
		loads[(*count)++] = g;
		p = *end ? end + 1 : end;
		if (*end && !*p)
			return -1;
	}
	return *count ? 0 : -1;
}

static int keep_sample(struct calibrate *c, const struct pen_sample *s)
{
	if (!(s->flags & PEN_TIP_DOWN))
		return 0;
	if (c->held_count == c->held_size) {
		size_t n = c->held_size ? c->held_size * 2 : 256;
		struct held *h = realloc(c->held, n * sizeof(*h));

		if (!h)
			return -ENOMEM;
		c->held = h;
		c->held_size = n;
	}
	c->held[c->held_count++] = (struct held){
		s->time_us,
		(int32_t)lround(c->raw_min + s->pressure * ((double)c->raw_max - c->raw_min)),
	};
	return 0;
}

/* Reads what the pen has sent, waiting up to @p timeout_ms for the first.
 * @return 0, or a negative errno said. */
static int read_pen(struct calibrate *c, int timeout_ms)
{
	struct pen_sample s;
	int rc;

	while ((rc = pen_source_next(c->pen, &s, timeout_ms)) == 1) {
		if (keep_sample(c, &s) < 0) {
			cli_error(CMD, "out of memory");
			return -ENOMEM;
		}
		timeout_ms = 0;
	}
	if (rc < 0) {
		cli_error(CMD, "%s", rc == -ENODEV ? "the pen went away" :
			  pen_source_error(c->pen) ? pen_source_error(c->pen) : strerror(-rc));
		return rc;
	}
	return 0;
}

/* Waits for a line on standard input, reading the pen meanwhile.
 * @return 1 with the line in c->line, 0 at the end of input, or a
 * negative errno (said). */
static int next_line(struct calibrate *c)
{
	for (;;) {
		struct pollfd in = { .fd = STDIN_FILENO, .events = POLLIN };
		char ch;
		ssize_t n;

		if (c->eof)
			return 0;
		if (poll(&in, 1, 0) <= 0) {
			int rc = read_pen(c, 20);

			if (rc < 0)
				return rc;
			continue;
		}
		n = read(STDIN_FILENO, &ch, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			c->eof = true;
			if (!c->line_len)
				return 0;
			ch = '\n';
		}
		if (ch != '\n') {
			if (c->line_len + 1 < sizeof(c->line))
				c->line[c->line_len++] = ch;
			continue;
		}
		c->line[c->line_len] = '\0';
		c->line_len = 0;
		/* What the pen sent before the line counts: read it all,
		 * waiting a moment for events still on their way through the
		 * kernel (a pseudo-terminal's, as the tests' emulated pen,
		 * passes them on a little later). */
		return read_pen(c, LINE_SETTLE_MS) < 0 ? -EIO : 1;
	}
}

static int compare_raw(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* The median raw pressure of the last HOLD_US pressed. @return 0, or
 * -ENODATA when the pen was not pressed since the last reading. */
static int held_raw(const struct calibrate *c, int32_t *raw)
{
	int32_t v[4096];
	size_t n = 0;
	int64_t from;

	if (!c->held_count)
		return -ENODATA;
	from = c->held[c->held_count - 1].time_us - HOLD_US;
	for (size_t i = c->held_count; i-- > 0 && n < sizeof(v) / sizeof(v[0]);)
		if (c->held[i].time_us >= from)
			v[n++] = c->held[i].raw;
	qsort(v, n, sizeof(v[0]), compare_raw);
	*raw = v[(n - 1) / 2];
	return 0;
}

static int choose_device(char *path, size_t size)
{
	struct device_scan scan;
	const struct device_scan_entry *only = NULL;
	size_t usable = 0;
	int status = CLI_OK;

	if (device_scan_run(cli_input_dir(), NULL, &scan) < 0) {
		cli_error(CMD, "out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < scan.count; i++)
		if (scan.entries[i].usable && usable++ == 0)
			only = &scan.entries[i];
	if (usable == 0) {
		cli_error(CMD, "no pen device to calibrate (%s; 'smpsim devices' lists them)",
			  cli_input_dir());
		status = CLI_FAILED;
	} else if (usable > 1) {
		cli_error(CMD, "%zu pen devices; name one with --device PATH ('smpsim "
			  "devices' lists them)", usable);
		status = CLI_BAD_INPUT;
	} else {
		snprintf(path, size, "%s", only->path);
	}
	device_scan_release(&scan);
	return status;
}

/* The curve beside the default: each point, then the axis in quarters. */
static void show_curve(const struct calibration_file *f, double default_n)
{
	const struct pen_calibration *cal = &f->cal;
	double span = (double)cal->raw_max - cal->raw_min;

	printf("   raw  scale g  force N  default N\n");
	for (size_t i = 0; i < cal->count; i++)
		printf("%6d  %7.4g  %7.3f  %9.3f\n", (int)cal->points[i].raw, f->grams[i],
		       pen_calibration_force(cal, cal->points[i].raw),
		       default_n * (cal->points[i].raw - cal->raw_min) / span);
	for (int q = 1; q <= 4; q++) {
		int32_t raw = (int32_t)lround(cal->raw_min + span * q / 4);

		printf("%6d  %7s  %7.3f  %9.3f\n", (int)raw, "-", pen_calibration_force(cal, raw),
		       default_n * q / 4);
	}
}

static int measure(struct calibrate *c, const double *loads, size_t load_count,
		   struct calibration_file *f)
{
	for (size_t k = 0; k < load_count;) {
		char *end;
		double g;
		int32_t raw;
		int rc;

		fprintf(stderr, "Load %zu of %zu: press the pen straight down on the kitchen "
			"scale until it reads about %g g, hold it, then type what the scale "
			"reads (grams) and press Enter.\n", k + 1, load_count, loads[k]);
		rc = next_line(c);
		if (rc < 0)
			return CLI_FAILED;
		if (rc == 0) {
			cli_error(CMD, "the scale readings ended at load %zu of %zu: nothing saved",
				  k + 1, load_count);
			return CLI_BAD_INPUT;
		}
		g = strtod(c->line, &end);
		while (*end == ' ' || *end == '\t' || *end == 'g' || *end == '\r')
			end++;
		if (end == c->line || *end || !(g > 0 && g <= 100000)) {
			fprintf(stderr, "That is not a weight in grams: %s. Again:\n",
				cli_quote(c->line));
			continue;
		}
		if (held_raw(c, &raw) < 0) {
			fprintf(stderr, "The pen was not pressed since the last reading: press "
				"and hold it on the scale, then type the reading.\n");
			continue;
		}
		c->held_count = 0;
		if (k > 0 && !(raw > f->cal.points[k - 1].raw && g > f->grams[k - 1])) {
			fprintf(stderr, "The pen read raw %d at %g g, after raw %d at %g g: a "
				"heavier load must read more. Again:\n", (int)raw, g,
				(int)f->cal.points[k - 1].raw, f->grams[k - 1]);
			continue;
		}
		if (raw <= c->raw_min) {
			fprintf(stderr, "The pen read no pressure (raw %d): press harder. "
				"Again:\n", (int)raw);
			continue;
		}
		f->cal.points[k].raw = raw;
		f->cal.points[k].force_n = g * PEN_CALIBRATION_N_PER_G;
		f->grams[k] = g;
		fprintf(stderr, "  %g g at raw pressure %d.\n", g, (int)raw);
		k++;
	}
	f->cal.count = load_count;
	return CLI_OK;
}

/* Asks before replacing @p path, unless @p yes. @return whether to write. */
static bool may_replace(struct calibrate *c, const char *path, bool yes)
{
	if (yes || access(path, F_OK) < 0)
		return true;
	fprintf(stderr, "%s holds a calibration of this pen already. Replace it? [y/N]\n",
		cli_quote(path));
	if (next_line(c) != 1)
		return false;
	return c->line[0] == 'y' || c->line[0] == 'Y';
}

static int calibrate(const struct pen_source_options *options, const char *device,
		     const double *loads, size_t load_count, bool yes)
{
	struct calibrate c = { .pen = NULL };
	struct calibration_file f;
	const struct pen_device *dev;
	char err[PEN_SOURCE_ERROR_MAX > 4500 ? PEN_SOURCE_ERROR_MAX : 4500], why[256];
	char path[4096];
	struct tm tm;
	time_t now;
	int status;

	memset(&f, 0, sizeof(f));
	if (pen_source_open_device(device, options, &c.pen, err, sizeof(err)) < 0) {
		cli_error(CMD, "%s", err);
		return CLI_FAILED;
	}
	dev = pen_source_device(c.pen);
	if (!pen_device_has(dev, EV_ABS, ABS_PRESSURE) ||
	    dev->abs[ABS_PRESSURE].maximum <= dev->abs[ABS_PRESSURE].minimum) {
		cli_error(CMD, "%s has no pressure axis: nothing to calibrate", dev->name);
		status = CLI_BAD_INPUT;
		goto out;
	}
	if (!calibration_path(dev->id.vendor, dev->id.product, dev->name, path, sizeof(path))) {
		cli_error(CMD, "neither XDG_CONFIG_HOME nor HOME says where to keep it");
		status = CLI_FAILED;
		goto out;
	}
	c.raw_min = dev->abs[ABS_PRESSURE].minimum;
	c.raw_max = dev->abs[ABS_PRESSURE].maximum;
	fprintf(stderr, "Calibrating %s (%04x:%04x): pressure %d to %d.\n",
		cli_quote(dev->name), dev->id.vendor, dev->id.product, (int)c.raw_min,
		(int)c.raw_max);
	if ((status = measure(&c, loads, load_count, &f)) != CLI_OK)
		goto out;
	snprintf(f.name, sizeof(f.name), "%s", dev->name);
	f.vendor = dev->id.vendor;
	f.product = dev->id.product;
	f.cal.raw_min = c.raw_min;
	f.cal.raw_max = c.raw_max;
	f.load_count = load_count;
	memcpy(f.loads_g, loads, load_count * sizeof(loads[0]));
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(f.date, sizeof(f.date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (pen_calibration_check(&f.cal, why, sizeof(why)) < 0) {
		cli_error(CMD, "%s", why);
		status = CLI_BAD_INPUT;
		goto out;
	}
	printf("The pen's force curve (the shipped default: %g N at full pressure):\n",
	       pen_source_settings(c.pen)->force_full_scale_n);
	show_curve(&f, pen_source_settings(c.pen)->force_full_scale_n);
	if (!may_replace(&c, path, yes)) {
		fprintf(stderr, "Not saved: the calibration at %s is kept.\n", cli_quote(path));
		status = CLI_OK;
		goto out;
	}
	if (calibration_save(path, &f, 1, err, sizeof(err)) < 0) {
		cli_error(CMD, "%s", err);
		status = CLI_FAILED;
		goto out;
	}
	printf("Saved to %s: every session on this pen uses it.\n", cli_quote(path));
	status = CLI_OK;
out:
	free(c.held);
	pen_source_free(c.pen);
	return status;
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option options[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "loads", required_argument, NULL, 'l' },
		{ "yes", no_argument, NULL, 'y' },
		CLI_PEN_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_pen pen = { .quirks = NULL };
	const char *device = NULL;
	double loads[PEN_CALIBRATION_POINTS_MAX] = { 50, 100, 200, 400 };
	size_t load_count = 4;
	char chosen[4096];
	bool yes = false;
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("calibrate", opt, optarg, &pen.options)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case 'd': device = optarg; break;
		case 'y': yes = true; break;
		case 'l':
			if (parse_loads(optarg, loads, &load_count) < 0) {
				cli_error(CMD, "--loads needs 1 to %d weights in grams, increasing, "
					  "separated by commas, not '%s'", PEN_CALIBRATION_POINTS_MAX,
					  optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case 'h': fputs(calibrate_usage, stdout); return CLI_OK;
		default: return cli_bad_option("calibrate");
		}
	}
	if (optind != argc)
		return cli_bad_usage("calibrate", "unexpected '%s'", argv[optind]);
	if (!device) {
		if ((status = choose_device(chosen, sizeof(chosen))) != CLI_OK)
			return status;
		device = chosen;
	}
	if (cli_pen_init(&pen) < 0)
		return CLI_BAD_INPUT;
	pen.options.grab = true;
	status = calibrate(&pen.options, device, loads, load_count, yes);
	cli_pen_release(&pen);
	return status;
}
