/* bench-audio-latency: from a pen sample to its cue's first sample at the
 * DAC, through the real path (sim_session -> feedback -> audio_output ->
 * PortAudio's JACK host API), on a JACK server of its own with the dummy
 * driver (no sound card: `jackd -d dummy -r 48000 -p 128`).
 *
 * The server: jackd --no-realtime (as root in a container, realtime
 * scheduling may be refused; --realtime asks for it) under a private name,
 * smpsim-bench-PID, given to jackd with --name and to every client through
 * JACK_DEFAULT_SERVER, so a user's own server is never touched. The
 * benchmark waits until the server accepts a client, and stops it at the
 * end, on failure, on SIGINT/SIGTERM/SIGHUP, and (PR_SET_PDEATHSIG) if the
 * benchmark itself dies.
 *
 * The replay: the known-faults session the build wrote (session_gen.c),
 * replayed REPS times back to back on one stream, each sample released to
 * the simulator at its recorded time on CLOCK_MONOTONIC (clock_nanosleep
 * to an absolute time, then read the clock: that reading is the sample's
 * release time). Each of its events goes through feedback and
 * audio_output_send() at once, as in sim/session_loop.c. The callback
 * reports each cue it started with the DAC time of its first sample
 * (outputBufferDacTime, PortAudio's stream clock), read back through
 * audio_output_cue_starts() and matched, in order, to the cue sent.
 *
 * The clocks: PortAudio's JACK host API gives stream time as
 * (jack_frame_time() - frame at Pa_OpenStream) / rate: JACK's frame
 * counter, which JACK maps to its own microsecond clock, jack_get_time().
 * jackd2 1.9.21 reads that clock with clock_gettime(CLOCK_MONOTONIC_RAW),
 * not CLOCK_MONOTONIC: the two differ by the NTP corrections since boot
 * (an offset, here a quarter of a second, and a rate). The benchmark shows
 * which, from the tightest of many back-to-back pairs of each against
 * CLOCK_MONOTONIC. The frame clock is not one straight line against
 * CLOCK_MONOTONIC over a run: it runs some ppm off, and an xrun (a late
 * cycle, common without realtime scheduling) shifts it by periods. So each
 * cue's DAC time is mapped through a pair read right after that cue was
 * sent, a few ms before its DAC time: the narrowest of 8 back-to-back
 * (CLOCK_MONOTONIC, audio_output_clock(), CLOCK_MONOTONIC) readings. For
 * the record, pairs taken through the whole run (200 before and after each
 * repetition, 8 before each wait of 3 ms or more) are fitted with one line
 * and its slope and worst residual printed, with the xruns JACK reported.
 * A second figure needs no mapping at all: DAC time minus the stream time
 * read when the cue was sent (both PortAudio's clock), plus the monotonic
 * time from release to send.
 *
 * Printed: count, min, p50, p99, max of release-to-DAC in ms (min must be
 * positive: a cue never sounds before its touch), its parts, and in the
 * same run the references: the period (PERIOD/48000), the output latency
 * PortAudio reports (Pa_GetStreamInfo), and JACK's playback port latency,
 * which PortAudio adds to the cycle's time for the DAC time. A cue sent
 * just before a cycle starts waits for nothing but that latency; one sent
 * just after waits a period more: the expected range is port latency to
 * port latency + period. Goal: p99 <= 8 ms.
 *
 * Usage: bench-audio-latency [--reps N] [--period FRAMES] [--sync] [--realtime]
 *   --reps N      repetitions (default: enough for at least 200 cues)
 *   --period N    JACK period in frames (default 128)
 *   --sync        run jackd in synchronous mode (-S): one period less
 *   --realtime    ask jackd for realtime scheduling
 * Exit status 0 when every cue was measured and none came early, 1 if
 * not, 2 for bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>

#include "audio_output.h"
#include "feedback.h"
#include "needle_load.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "scalp_load.h"
#include "session_cues.h"
#include "sim_session.h"

#define RATE 48000
#define MIN_CUES 200
#define RECORDING SMPSIM_SESSIONS_DIR "/known-faults.evemu"
#define START_TIMEOUT_S 10.0
#define LEAD_S 0.200           /* from the calibration to a repetition's time 0 */
#define WIDE_BURST 200
#define NARROW_BURST 8

/* ---- clocks ---- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	struct timespec ts = { (time_t)t, (long)((t - floor(t)) * 1e9) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* ---- the server ---- */

static pid_t server_pid;
static char server_name[64];
static char server_log[PATH_MAX];

static void jack_quiet(const char *msg)
{
	(void)msg;
}

static atomic_int xruns;

static int on_xrun(void *arg)
{
	(void)arg;
	atomic_fetch_add(&xruns, 1);
	return 0;
}

static void stop_server(void)
{
	int status;

	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		for (int i = 0; i < 300 && server_pid > 0; i++) {
			if (waitpid(server_pid, &status, WNOHANG) == server_pid)
				server_pid = 0;
			else
				usleep(10000);
		}
		if (server_pid > 0) {
			kill(server_pid, SIGKILL);
			waitpid(server_pid, &status, 0);
			server_pid = 0;
		}
	}
	if (server_log[0])
		unlink(server_log);
}

static void on_signal(int sig)
{
	if (server_pid > 0)
		kill(server_pid, SIGTERM);
	if (server_log[0])
		unlink(server_log);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void print_server_log(void)
{
	FILE *f = fopen(server_log, "r");
	char line[512];

	if (!f)
		return;
	fprintf(stderr, "--- jackd's output ---\n");
	while (fgets(line, sizeof(line), f))
		fputs(line, stderr);
	fclose(f);
}

/* Starts jackd and waits until it accepts a client; returns that client
 * (the caller closes it), or NULL after saying why. */
static jack_client_t *start_server(unsigned period, bool sync, bool realtime)
{
	char period_text[16];
	const char *argv[16];
	int n = 0, fd;
	pid_t parent = getpid();
	double deadline;

	snprintf(server_name, sizeof(server_name), "smpsim-bench-%ld", (long)getpid());
	snprintf(server_log, sizeof(server_log), "%s/%s.log",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", server_name);
	snprintf(period_text, sizeof(period_text), "%u", period);
	setenv("JACK_DEFAULT_SERVER", server_name, 1);
	setenv("JACK_NO_START_SERVER", "1", 1);
	argv[n++] = "jackd";
	argv[n++] = realtime ? "--realtime" : "--no-realtime";
	if (sync)
		argv[n++] = "--sync";
	argv[n++] = "--name";
	argv[n++] = server_name;
	argv[n++] = "-d";
	argv[n++] = "dummy";
	argv[n++] = "-r";
	argv[n++] = "48000";
	argv[n++] = "-p";
	argv[n++] = period_text;
	argv[n] = NULL;

	atexit(stop_server);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	fflush(NULL);
	server_pid = fork();
	if (server_pid < 0) {
		perror("fork");
		return NULL;
	}
	if (server_pid == 0) {
		/* Dies with the benchmark, whatever kills it. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		fd = open(server_log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "jackd: %s (Debian: apt-get install jackd2)\n", strerror(errno));
		_exit(127);
	}
	jack_set_error_function(jack_quiet);
	jack_set_info_function(jack_quiet);
	deadline = mono() + START_TIMEOUT_S;
	while (mono() < deadline) {
		jack_status_t status;
		jack_client_t *c;
		int wstatus;

		if (waitpid(server_pid, &wstatus, WNOHANG) == server_pid) {
			server_pid = 0;
			fprintf(stderr, "bench-audio-latency: jackd exited (status %d)\n",
				WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus));
			print_server_log();
			return NULL;
		}
		c = jack_client_open("smpsim-bench-probe", JackNoStartServer | JackServerName,
				     &status, server_name);
		if (c)
			return c;
		usleep(20000);
	}
	fprintf(stderr, "bench-audio-latency: jackd accepted no client in %.0f s\n",
		START_TIMEOUT_S);
	print_server_log();
	return NULL;
}

static double raw(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* @p clock against CLOCK_MONOTONIC: the offset of the tightest of many
 * back-to-back pairs, in microseconds. */
static double offset_us(double (*clock)(void), double *width_us)
{
	double best = INFINITY, offset = 0;

	for (int i = 0; i < 2000; i++) {
		double a = mono(), j = clock(), b = mono();

		if (b - a < best) {
			best = b - a;
			offset = j - (a + b) / 2;
		}
	}
	*width_us = best * 1e6;
	return offset * 1e6;
}

static double jack_clock(void)
{
	return jack_get_time() / 1e6;
}

/* JACK's latency for what reaches the first playback port, in frames. */
static unsigned playback_port_latency(jack_client_t *c)
{
	const char **ports = jack_get_ports(c, NULL, JACK_DEFAULT_AUDIO_TYPE,
					    JackPortIsPhysical | JackPortIsInput);
	jack_latency_range_t range = { 0, 0 };

	if (ports && ports[0])
		jack_port_get_latency_range(jack_port_by_name(c, ports[0]),
					    JackPlaybackLatency, &range);
	jack_free(ports);
	return range.min;
}

static void alsa_quiet(const char *file, int line, const char *function, int err,
		       const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)function;
	(void)err;
	(void)fmt;
}

/* The PortAudio device index of the JACK host API's default output. */
static int jack_device_index(void)
{
	PaHostApiIndex api;
	int dev = -1;

	/* PortAudio probes ALSA too, which complains of every card it lacks. */
	snd_lib_error_set_handler(alsa_quiet);
	if (Pa_Initialize() != paNoError)
		return -1;
	api = Pa_HostApiTypeIdToHostApiIndex(paJACK);
	if (api >= 0)
		dev = Pa_GetHostApiInfo(api)->defaultOutputDevice;
	Pa_Terminate();
	return dev;
}

/* ---- calibration: stream time to CLOCK_MONOTONIC ---- */

struct pair {
	double pa, mono, width;
};

struct calibration {
	struct pair *pairs;
	size_t count, cap;
};

/* The narrowest of @p tries back-to-back (monotonic, stream, monotonic)
 * readings. */
static struct pair tight_pair(const struct audio_output *out, int tries)
{
	struct pair best = { 0, 0, INFINITY };

	for (int i = 0; i < tries; i++) {
		double a = mono(), p = audio_output_clock(out), b = mono();

		if (b - a < best.width)
			best = (struct pair){ p, (a + b) / 2, b - a };
	}
	return best;
}

/* Adds a tight pair to @p cal. */
static void calibrate(struct calibration *cal, const struct audio_output *out, int tries)
{
	struct pair best = tight_pair(out, tries);

	if (cal->count == cal->cap) {
		cal->cap = cal->cap ? cal->cap * 2 : 1024;
		cal->pairs = realloc(cal->pairs, cal->cap * sizeof(*cal->pairs));
		if (!cal->pairs) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
	}
	cal->pairs[cal->count++] = best;
}

/* mono = a + b * pa, least squares. */
static void fit(const struct calibration *cal, double *a, double *b, double *worst_us)
{
	double mp = 0, mm = 0, spp = 0, spm = 0;

	for (size_t i = 0; i < cal->count; i++) {
		mp += cal->pairs[i].pa;
		mm += cal->pairs[i].mono;
	}
	mp /= cal->count;
	mm /= cal->count;
	for (size_t i = 0; i < cal->count; i++) {
		double dp = cal->pairs[i].pa - mp;

		spp += dp * dp;
		spm += dp * (cal->pairs[i].mono - mm);
	}
	*b = spp > 0 ? spm / spp : 1;
	*a = mm - *b * mp;
	*worst_us = 0;
	for (size_t i = 0; i < cal->count; i++) {
		double r = fabs(cal->pairs[i].mono - (*a + *b * cal->pairs[i].pa)) * 1e6;

		if (r > *worst_us)
			*worst_us = r;
	}
}

/* ---- the replay ---- */

struct sent_cue {
	enum audio_cue cue;
	int64_t time_us;
	double released, sent;   /* CLOCK_MONOTONIC */
	struct pair clock;       /* read right after the send */
	bool started;
	struct audio_cue_start start;
};

struct bench {
	struct audio_output *out;
	const struct scalp_model *scalp;
	const struct needle *needle;
	struct pen_source_options pen;
	struct calibration cal;
	struct sent_cue *cues;
	size_t count, cap, matched;
	unsigned long dropped;
};

static void send_events(struct bench *b, struct feedback *fb, const struct sim_event *ev,
			int n, double released)
{
	for (int i = 0; i < n; i++) {
		struct audio_command cmd[FEEDBACK_MAX_COMMANDS];
		size_t k = feedback_commands(fb, &ev[i], cmd);

		for (size_t j = 0; j < k; j++) {
			if (audio_output_send(b->out, &cmd[j]) < 0) {
				b->dropped++;
				continue;
			}
			if (cmd[j].kind != AUDIO_PLAY_CUE)
				continue;
			if (b->count == b->cap) {
				b->cap = b->cap ? b->cap * 2 : 256;
				b->cues = realloc(b->cues, b->cap * sizeof(*b->cues));
				if (!b->cues) {
					fprintf(stderr, "out of memory\n");
					exit(1);
				}
			}
			b->cues[b->count] = (struct sent_cue){
				cmd[j].cue, cmd[j].time_us, released, mono(), { 0, 0, 0 }, false,
				{ 0 },
			};
			b->cues[b->count++].clock = tight_pair(b->out, NARROW_BURST);
		}
	}
}

/* Matches the callback's reports, in order, to the cues sent. */
static int collect_starts(struct bench *b)
{
	struct audio_cue_start s[64];
	size_t n;

	while ((n = audio_output_cue_starts(b->out, s, 64)) > 0) {
		for (size_t i = 0; i < n; i++) {
			struct sent_cue *c = b->matched < b->count ? &b->cues[b->matched] : NULL;

			if (!c || c->cue != s[i].cue || c->time_us != s[i].time_us) {
				fprintf(stderr, "bench-audio-latency: a cue started that was not "
					"the next one sent (%s at %lld us)\n",
					audio_cue_name(s[i].cue), (long long)s[i].time_us);
				return -1;
			}
			c->start = s[i];
			c->started = true;
			b->matched++;
		}
	}
	return 0;
}

static int replay_once(struct bench *b)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct sim_session *sim;
	struct pen_source *src;
	struct sim_setup setup;
	struct feedback fb;
	struct pen_sample s;
	char err[512];
	double t0;
	int rc, n;

	if (pen_source_open_recording(RECORDING, NULL, &b->pen, &src, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	sim_setup_init(&setup, b->scalp, b->needle, pen_source_settings(src)->force_full_scale_n);
	if (sim_session_new(&setup, &sim, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		pen_source_free(src);
		return -1;
	}
	feedback_init(&fb, b->scalp);
	for (int i = 0; i < 25; i++)
		calibrate(&b->cal, b->out, WIDE_BURST / 25);
	t0 = mono() + LEAD_S;
	while ((rc = pen_source_next(src, &s, -1)) == 1) {
		double due = t0 + s.time_us / 1e6, released;

		if (due - mono() > 0.003)
			calibrate(&b->cal, b->out, NARROW_BURST);
		sleep_until(due);
		released = mono();
		n = sim_session_step(sim, &s, ev);
		if (n < 0)
			break;
		send_events(b, &fb, ev, n, released);
	}
	if ((n = sim_session_finish(sim, ev)) > 0)
		send_events(b, &fb, ev, n, mono());
	sim_session_free(sim);
	pen_source_free(src);
	if (rc != -ENODATA || n < 0) {
		fprintf(stderr, "bench-audio-latency: the replay failed\n");
		return -1;
	}
	/* Let the last cue start, then take the reports. */
	sleep_until(mono() + 0.05);
	return collect_starts(b);
}

/* ---- figures ---- */

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* Nearest-rank percentile of sorted @p v. */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)ceil(p / 100 * n);

	return v[k ? k - 1 : 0];
}

static void summary(const char *what, const double *v, size_t n, const char *unit,
		    double scale)
{
	double *sorted = malloc(n * sizeof(*sorted));

	if (!sorted) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	printf("  %-30s n %zu  min %7.3f  p50 %7.3f  p99 %7.3f  max %7.3f %s\n", what, n,
	       sorted[0] * scale, pct(sorted, n, 50) * scale, pct(sorted, n, 99) * scale,
	       sorted[n - 1] * scale, unit);
	free(sorted);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-audio-latency [--reps N] [--period FRAMES] [--sync] "
		"[--realtime]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "reps", required_argument, NULL, 'n' },
		{ "period", required_argument, NULL, 'p' },
		{ "sync", no_argument, NULL, 's' },
		{ "realtime", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench b = { 0 };
	struct device_quirk *quirks;
	struct scalp_model scalp;
	struct needle needle;
	struct session_cue_list per_rep;
	struct audio_settings settings;
	jack_client_t *probe;
	char err[512], spec[16], note[AUDIO_OUTPUT_TEXT_MAX];
	unsigned period = 128, port_latency;
	bool sync = false, realtime = false;
	double jack_offset, jack_width, raw_offset, raw_width, a, slope, worst, *total, *audio, *host, negative = 0;
	int reps = 0, dev, opt, status = 0, xruns_before, xruns_during;
	size_t n;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'n': reps = atoi(optarg); if (reps < 1) usage(); break;
		case 'p': period = (unsigned)atoi(optarg); if (period < 16) usage(); break;
		case 's': sync = true; break;
		case 'R': realtime = true; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	/* The session, and what it must sound like. */
	if (session_cues_replay(RECORDING, SMPSIM_DATA_DIR, "frontal-temporal", "0601rl",
				&per_rep, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", RECORDING, err);
		return 1;
	}
	if (per_rep.count == 0) {
		fprintf(stderr, "%s sounds no cue\n", RECORDING);
		return 1;
	}
	if (!reps)
		reps = (int)((MIN_CUES + per_rep.count - 1) / per_rep.count);
	if (quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &b.pen.quirk_count,
			err, sizeof(err)) < 0 ||
	    scalp_load(SMPSIM_DATA_DIR "/scalps/frontal-temporal.yaml", &scalp, err,
		       sizeof(err)) < 0 ||
	    needle_load(SMPSIM_DATA_DIR "/needles/0601rl.yaml", &needle, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	b.pen.quirks = quirks;
	b.scalp = &scalp;
	b.needle = &needle;

	probe = start_server(period, sync, realtime);
	if (!probe)
		return 1;
	/* The probe stays in the graph (no ports, no process callback) to
	 * count the server's xruns. */
	jack_set_xrun_callback(probe, on_xrun, NULL);
	if (jack_activate(probe) != 0) {
		fprintf(stderr, "bench-audio-latency: cannot activate a JACK client\n");
		return 1;
	}
	jack_offset = offset_us(jack_clock, &jack_width);
	raw_offset = offset_us(raw, &raw_width);
	port_latency = playback_port_latency(probe);
	dev = jack_device_index();
	if (dev < 0) {
		fprintf(stderr, "bench-audio-latency: PortAudio sees no JACK output\n");
		return 1;
	}
	snprintf(spec, sizeof(spec), "%d", dev);
	audio_settings_default(&settings);
	if (audio_output_open(spec, &settings, &b.out, note, sizeof(note)) < 0 ||
	    !audio_output_audible(b.out) || !strstr(note, "JACK")) {
		fprintf(stderr, "bench-audio-latency: %s\n", note);
		print_server_log();
		return 1;
	}

	printf("bench-audio-latency: %zu cues per repetition of %s, %d repetitions\n",
	       per_rep.count, RECORDING, reps);
	printf("server      jackd %s%s--name %s -d dummy -r 48000 -p %u\n",
	       realtime ? "--realtime " : "--no-realtime ", sync ? "--sync " : "",
	       server_name, period);
	printf("stream      %s (device %s)\n", note, spec);
	printf("jack clock  jack_get_time() - CLOCK_MONOTONIC = %.1f us (pair width %.2f us); "
	       "CLOCK_MONOTONIC_RAW - CLOCK_MONOTONIC = %.1f us (%.2f us): JACK's clock is %s\n",
	       jack_offset, jack_width, raw_offset, raw_width,
	       fabs(jack_offset - raw_offset) < 2 + jack_width + raw_width ? "CLOCK_MONOTONIC_RAW" :
	       fabs(jack_offset) < 2 + jack_width ? "CLOCK_MONOTONIC" : "neither");

	xruns_before = atomic_load(&xruns);
	for (int r = 0; r < reps && status == 0; r++)
		if (replay_once(&b) < 0)
			status = 1;
	xruns_during = atomic_load(&xruns) - xruns_before;
	for (int i = 0; i < 25; i++)
		calibrate(&b.cal, b.out, WIDE_BURST / 25);
	if (status == 0 && (b.matched != b.count || b.count != per_rep.count * (size_t)reps ||
			    b.dropped)) {
		fprintf(stderr, "bench-audio-latency: %zu cues sent (%zu due), %zu reported, "
			"%lu commands dropped\n", b.count, per_rep.count * (size_t)reps,
			b.matched, b.dropped);
		status = 1;
	}
	if (status != 0) {
		audio_output_free(b.out);
		return status;
	}

	fit(&b.cal, &a, &slope, &worst);
	n = b.count;
	total = malloc(n * sizeof(double));
	audio = malloc(n * sizeof(double));
	host = malloc(n * sizeof(double));
	if (!total || !audio || !host)
		return 1;
	for (size_t i = 0; i < n; i++) {
		const struct sent_cue *c = &b.cues[i];

		/* The DAC time in CLOCK_MONOTONIC through the pair read just
		 * after the send, a few ms before it (slope 1: any rate error
		 * is parts per million of those ms). */
		total[i] = c->clock.mono + (c->start.dac_at - c->clock.pa) - c->released;
		audio[i] = c->start.dac_at - c->start.callback_at;
		host[i] = c->sent - c->released;
		if (total[i] < negative)
			negative = total[i];
	}
	printf("clock map   per cue, the tightest of %d (CLOCK_MONOTONIC, stream time, "
	       "CLOCK_MONOTONIC) readings right after its send\n", NARROW_BURST);
	printf("            whole run, %zu pairs on one line: b - 1 = %+.1f ppm, worst "
	       "residual %.1f us; %d xruns during the replays\n", b.cal.count,
	       (slope - 1) * 1e6, worst, xruns_during);
	printf("reference   period %u/48000 = %.3f ms; PortAudio output latency %.3f ms; "
	       "JACK playback port latency %u frames = %.3f ms\n", period,
	       period * 1000.0 / RATE, audio_output_latency_ms(b.out), port_latency,
	       port_latency * 1000.0 / RATE);
	printf("            expected: port latency + 0..1 period = %.3f .. %.3f ms\n",
	       port_latency * 1000.0 / RATE, (port_latency + period) * 1000.0 / RATE);
	printf("latency, pen sample released -> cue's first sample at the DAC:\n");
	summary("release -> DAC", total, n, "ms", 1e3);
	summary("  release -> send (monotonic)", host, n, "ms", 1e3);
	summary("  callback -> DAC (stream clock)", audio, n, "ms", 1e3);
	qsort(total, n, sizeof(*total), cmp_double);
	printf("goal        p99 <= 8 ms: %s (p99 %.3f ms)\n",
	       pct(total, n, 99) <= 0.008 ? "met" : "NOT met", pct(total, n, 99) * 1e3);
	if (negative < 0) {
		printf("ERROR       a cue reached the DAC %.3f ms before its pen sample\n",
		       -negative * 1e3);
		status = 1;
	}
	audio_output_free(b.out);
	jack_client_close(probe);
	free(total);
	free(audio);
	free(host);
	free(b.cues);
	free(b.cal.pairs);
	free(quirks);
	session_cues_free(&per_rep);
	return status;
}
