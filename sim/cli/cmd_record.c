/* smpsim record: writes what a pen device sends to an evemu 1.3 file that
 * evemu-play and smpsim inspect accept.
 *
 * Every raw event the pen source reads (the opening state frame, SYN_DROPPED
 * and libevdev's resync included) goes to the file, which is flushed at each
 * SYN_REPORT: stopping by Ctrl-C, --duration, or the device going away
 * keeps everything read until then. The output is checked and its
 * temporary file made before the device is opened (a bad -o is said at
 * once); the recording goes to FILE.XXXXXX.part and is renamed to FILE when
 * it stops, so a crash leaves the .part file, whole to its last frame, and
 * never a FILE that looks complete (pen_recorder.h); so does a write that
 * fails, which ends the recording with exit 1. "-o -" streams to
 * standard output.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "pen_recorder.h"
#include "pen_stats.h"

static const char record_usage[] =
	"usage: smpsim record --device PATH -o FILE [--duration SECONDS] [--force]\n"
	"\n"
	"Records the pen device at PATH (see 'smpsim devices') to FILE in evemu 1.3,\n"
	"until Ctrl-C, the end of --duration, or the device going away. Events are\n"
	"written as they arrive, to FILE.XXXXXX.part beside FILE, renamed to FILE\n"
	"when the recording stops: if smpsim is killed or the machine stops, what\n"
	"was recorded is in that .part file, up to its last whole frame. A write\n"
	"that fails (a full disk) stops the recording and keeps the .part file,\n"
	"whole up to its last frame.\n"
	"\n"
	"  --device PATH    the /dev/input/eventN to record\n"
	"  -o, --output FILE  where to write (- streams to standard output); an\n"
	"                   existing FILE needs --force\n"
	"  --duration S     stop after S seconds\n"
	"  --pad-size WxH   the active area in mm, for devices with no resolution\n"
	CLI_FORCE_HELP
	"\n"
	"Exit status 0 when recorded; 1 when the device or FILE failed (an existing\n"
	"FILE without --force, a folder, a FIFO, a write that failed...); 2 for bad\n"
	"usage.\n"
	"\n"
	CLI_OUTPUT_HELP;

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int record_device(const struct pen_source_options *options,
			 const char *device, const char *output, double duration,
			 bool force)
{
	struct pen_source *src = NULL;
	struct out_file *file;
	struct pen_recorder rec;
	struct pen_stats st;
	struct pen_sample s;
	struct timespec t0;
	struct sigaction sa = { .sa_handler = on_signal };
	char err[PEN_SOURCE_ERROR_MAX];
	int rc, status = CLI_OK;

	/* From here a signal stops the recording, which is then kept: the
	 * terminal closing (SIGHUP) too, or what was recorded would go with
	 * the temporary (out_file_remove_on_signal()). */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (cli_out_open("record", output, force, true, &file) < 0)
		return CLI_FAILED;
	rc = pen_source_open_device(device, options, &src, err, sizeof(err));
	if (rc < 0) {
		cli_error("record", "%s", err);
		out_file_free(file);
		return rc == -ENOTSUP || rc == -ENODATA ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (pen_recorder_start(&rec, "record", file, src) < 0) {
		pen_source_free(src);
		return CLI_FAILED;
	}
	if (out_file_is_stdout(file))
		fprintf(stderr, "Recording %s to standard output; Ctrl-C stops.\n",
			cli_quote(pen_source_device(src)->name));
	else
		fprintf(stderr, "Recording %s to %s (as %s until it stops); Ctrl-C stops.\n",
			cli_quote(pen_source_device(src)->name), cli_quote(output),
			cli_quote(out_file_temp_path(file)));
	pen_stats_init(&st);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!stop_requested && !rec.error &&
	       !(duration > 0 && seconds_since(&t0) >= duration)) {
		rc = pen_source_next(src, &s, 100);
		if (rc == 1) {
			pen_stats_add(&st, &s);
		} else if (rc < 0) {
			cli_error("record", "%s; everything before it is kept in %s",
				  pen_source_error(src), output);
			status = CLI_FAILED;
			break;
		}
	}
	if (pen_recorder_finish(&rec, "record") < 0)
		status = CLI_FAILED;
	else
		fprintf(stderr, "%lu events, %lu samples, %lu tip contacts written to %s\n",
			pen_source_event_count(src), st.samples, st.contacts,
			strcmp(output, "-") ? cli_quote(output) : "standard output");
	pen_source_free(src);
	return status;
}

int cmd_record(int argc, char **argv)
{
	static const struct option options[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "duration", required_argument, NULL, CLI_OPT_DURATION },
		{ "pad-size", required_argument, NULL, CLI_OPT_PAD_SIZE },
		{ "force", no_argument, NULL, CLI_OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_pen pen = { .quirks = NULL };
	const char *device = NULL, *output = NULL;
	double duration = 0;
	bool force = false;
	char *end;
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:o:h", options, NULL)) != -1) {
		if ((rc = cli_pen_option("record", opt, optarg, &pen.options)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case 'd': device = optarg; break;
		case 'o': output = optarg; break;
		case CLI_OPT_FORCE: force = true; break;
		case CLI_OPT_DURATION:
			duration = strtod(optarg, &end);
			if (end == optarg || *end || !(duration > 0)) {
				cli_error("record", "--duration needs seconds > 0, not '%s'", optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case 'h': fputs(record_usage, stdout); return CLI_OK;
		default: return cli_bad_option("record");
		}
	}
	if (optind != argc)
		return cli_bad_usage("record", "unexpected '%s'", argv[optind]);
	if (!device)
		return cli_bad_usage("record", "missing --device PATH (see 'smpsim devices')");
	if (!output)
		return cli_bad_usage("record", "missing -o FILE");
	if (cli_pen_init(&pen) < 0)
		return CLI_BAD_INPUT;
	status = record_device(&pen.options, device, output, duration, force);
	cli_pen_release(&pen);
	return status;
}
