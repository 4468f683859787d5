/* smpsim record: writes what a pen device sends to an evemu 1.3 file that
 * evemu-play and smpsim inspect accept.
 *
 * Every raw event the pen source reads (the opening state frame, SYN_DROPPED
 * and libevdev's resync included) goes to the file, which is flushed at each
 * SYN_REPORT: stopping by Ctrl-C, --duration, or the device going away
 * keeps everything read until then. An existing file is never overwritten
 * without --force, and nothing is created until the device has opened.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "pen_recorder.h"
#include "pen_stats.h"

static const char record_usage[] =
	"usage: smpsim record --device PATH -o FILE [--duration SECONDS] [--force]\n"
	"\n"
	"Records the pen device at PATH (see 'smpsim devices') to FILE in evemu 1.3,\n"
	"until Ctrl-C, the end of --duration, or the device going away. The file\n"
	"is written as events arrive, so stopping at any moment keeps the rest.\n"
	"\n"
	"  --device PATH      the /dev/input/eventN to record\n"
	"  -o, --output FILE  where to write; an existing FILE needs --force\n"
	"  --duration S       stop after S seconds\n"
	"  --pad-size WxH     the active area in mm, for devices with no resolution\n"
	"  --force            overwrite FILE\n";

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
	struct pen_recorder rec;
	struct pen_stats st;
	struct pen_sample s;
	struct timespec t0;
	struct sigaction sa = { .sa_handler = on_signal };
	char err[PEN_SOURCE_ERROR_MAX];
	int rc, status = CLI_OK;

	rc = pen_source_open_device(device, options, &src, err, sizeof(err));
	if (rc < 0) {
		cli_error("record", "%s", err);
		return rc == -ENOTSUP || rc == -ENODATA ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (pen_recorder_start(&rec, "record", output, force, src) < 0) {
		pen_source_free(src);
		return CLI_FAILED;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "Recording %s to %s; Ctrl-C stops.\n",
		cli_quote(pen_source_device(src)->name), cli_quote(output));
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
	fprintf(stderr, "%lu events, %lu samples, %lu tip contacts written to %s\n",
		pen_source_event_count(src), st.samples, st.contacts, cli_quote(output));
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
		if ((rc = cli_pen_option(opt, optarg, &pen.options)) != 0) {
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
		default: fputs(record_usage, stderr); return CLI_BAD_INPUT;
		}
	}
	if (!device || !output || optind != argc) {
		fputs(record_usage, stderr);
		return CLI_BAD_INPUT;
	}
	if (cli_pen_init(&pen) < 0)
		return CLI_BAD_INPUT;
	status = record_device(&pen.options, device, output, duration, force);
	cli_pen_release(&pen);
	return status;
}
