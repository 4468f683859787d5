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
 * to an absolute time, then read JACK's microsecond clock, jack_get_time():
 * that reading is the sample's release time). Each of its events goes
 * through feedback and audio_output_send() at once, as in
 * sim/session/session_loop.c. The callback reports each cue it started with the
 * stream frame of its first sample and the stream time it ran at
 * (PortAudio's currentTime: JACK's frame counter then, less the frame at
 * which PortAudio started the stream, over the rate), read back through
 * audio_output_cue_starts() and matched, in order, to the cue sent.
 *
 * The clocks, per period: the benchmark's own JACK client (no ports) runs
 * a process callback that reads jack_get_cycle_times() in every cycle (the
 * frame at the cycle's start, its microsecond time and the next cycle's,
 * from JACK's DLL) and queues it to the main thread. Without xruns the
 * callback renders each cycle's frames once, so stream frame F is JACK
 * frame F0 + F, F0 being the start of the cycle of the stream's first
 * buffer: each cue gives F0 as the start of the cycle its callback's time
 * falls in, less its stream frame (PortAudio's stream origin in JACK
 * frames is found once, from back-to-back readings of jack_frame_time()
 * and the stream time that agree to the frame), and the most common is
 * taken. A cue's first sample reaches the DAC at JACK frame F0 + F plus the
 * playback port's latency, and that frame's time is read from its own
 * cycle's record: current_usecs + (frame - current_frames) * (next_usecs -
 * current_usecs) / period. Nothing is extrapolated across cycles, so
 * JACK's clock drifting against CLOCK_MONOTONIC, or a late cycle, shifts
 * nothing; the release is read on the same microsecond clock. (jackd2
 * 1.9.21 reads it with CLOCK_MONOTONIC_RAW, not CLOCK_MONOTONIC: the two
 * differ by the NTP corrections since boot; the benchmark shows which.)
 *
 * An xrun (a cycle JACK could not finish in time, common without realtime
 * scheduling on a busy machine) can skip cycles, shift the frame clock and
 * the stream against it: the client counts them (jack_set_xrun_callback),
 * and a run with any xrun during the replays, a break in the recorded
 * cycles' frames, a cue whose cycles were not recorded, or callback times
 * that mostly disagree on F0 is reported INVALID, with no latency figures
 * (exit status 3): they would not be the program's. (Mapped through one
 * line fitted over the run, as this benchmark once did, such runs gave
 * minima down to -108 ms.)
 *
 * Printed: count, min, p50, p99, max of release-to-DAC in ms (min must be
 * positive: a cue never sounds before its touch), its parts, and in the
 * same run the references: the period (PERIOD/48000), the output latency
 * PortAudio reports (Pa_GetStreamInfo), and JACK's playback port latency.
 * A cue sent just before its cycle's callback runs waits for nothing but
 * that latency (less the part of the cycle already gone); one sent just
 * after waits a period more: the expected range is port latency to port
 * latency + period. Goal: p99 <= 8 ms.
 *
 * Usage: bench-audio-latency [--reps N] [--period FRAMES] [--sync] [--realtime]
 *   --reps N      repetitions (default: enough for at least 200 cues)
 *   --period N    JACK period in frames (default 128)
 *   --sync        run jackd in synchronous mode (-S): one period less
 *   --realtime    ask jackd for realtime scheduling
 * Exit status 0 when every cue was measured and none came early, 1 if
 * not, 2 for bad usage, 3 for a run made invalid by xruns.
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
#include "spsc_queue.h"
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
#define LEAD_S 0.200           /* from the setup to a repetition's time 0 */
#define CYCLE_QUEUE 16384      /* 44 s of 128-frame cycles between drains */
#define EXIT_INVALID 3

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

/* @p items (@p count of @p size bytes) with room for one more, grown by
 * doubling from @p first; exits when memory runs out. */
static void *room_for_one(void *items, size_t count, size_t *cap, size_t size, size_t first)
{
	if (count < *cap)
		return items;
	*cap = *cap ? *cap * 2 : first;
	items = realloc(items, *cap * size);
	if (!items) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return items;
}

/* ---- the cycles, from the benchmark's own client ---- */

/* One JACK cycle, as jack_get_cycle_times() gives it. */
struct cycle {
	jack_nframes_t frames;     /* frame counter at the cycle's start */
	jack_nframes_t nframes;    /* frames in the cycle */
	jack_time_t usecs;         /* the cycle's start, JACK's clock */
	jack_time_t next_usecs;    /* the next cycle's start, by the DLL */
};

struct recorder {
	jack_client_t *client;
	struct spsc_queue *queue;   /* process callback -> main */
	atomic_uint lost;            /* cycles the full queue refused */
	atomic_uint xruns;
	struct cycle *cycles;        /* drained, in order */
	size_t count, cap;
};

/* JACK's process thread: no allocation, no lock, no I/O. */
static int on_process(jack_nframes_t nframes, void *arg)
{
	struct recorder *rec = arg;
	struct cycle c = { .nframes = nframes };
	float period_usecs;

	if (jack_get_cycle_times(rec->client, &c.frames, &c.usecs, &c.next_usecs,
				 &period_usecs) == 0 &&
	    !spsc_queue_push(rec->queue, &c))
		atomic_fetch_add(&rec->lost, 1);
	return 0;
}

static int on_xrun(void *arg)
{
	struct recorder *rec = arg;

	atomic_fetch_add(&rec->xruns, 1);
	return 0;
}

static void drain_cycles(struct recorder *rec)
{
	struct cycle c;

	while (spsc_queue_pop(rec->queue, &c)) {
		rec->cycles = room_for_one(rec->cycles, rec->count, &rec->cap,
					   sizeof(*rec->cycles), 65536);
		rec->cycles[rec->count++] = c;
	}
}

/* The recorded cycle whose frames hold @p frame, or NULL. Frames are
 * compared as signed differences, as jack.h asks. */
static const struct cycle *cycle_of(const struct recorder *rec, jack_nframes_t frame)
{
	size_t lo = 0, hi = rec->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cycle *c = &rec->cycles[mid];
		int32_t d = (int32_t)(frame - c->frames);

		if (d < 0)
			hi = mid;
		else if ((uint32_t)d >= c->nframes)
			lo = mid + 1;
		else
			return c;
	}
	return NULL;
}

/* Frames that follow one another with a cycle's length between them, from
 * record @p from on; @return the breaks (a skipped or repeated cycle). */
static size_t cycle_breaks(const struct recorder *rec, size_t from)
{
	size_t breaks = 0;

	for (size_t i = from + 1; i < rec->count; i++)
		breaks += rec->cycles[i].frames - rec->cycles[i - 1].frames !=
			  rec->cycles[i - 1].nframes;
	return breaks;
}

/* @p frame's time on JACK's microsecond clock, through its own cycle;
 * @return false when that cycle was not recorded. */
static bool frame_usecs(const struct recorder *rec, jack_nframes_t frame, double *usecs)
{
	const struct cycle *c = cycle_of(rec, frame);

	if (!c)
		return false;
	*usecs = (double)c->usecs + (double)(frame - c->frames) *
		 (double)(int64_t)(c->next_usecs - c->usecs) / c->nframes;
	return true;
}

/* PortAudio's stream time 0 in JACK frames: its stream time is
 * (jack_frame_time() - origin) / rate, and so is the callback's
 * currentTime. Found where jack_frame_time() reads the same on both sides
 * of a stream-time reading (they are one counter). */
static int stream_origin(jack_client_t *c, const struct audio_output *out,
			 jack_nframes_t *origin)
{
	for (int i = 0; i < 10000; i++) {
		jack_nframes_t before = jack_frame_time(c);
		double t = audio_output_clock(out);
		jack_nframes_t after = jack_frame_time(c);

		if (before == after) {
			*origin = before - (jack_nframes_t)llround(t * RATE);
			return 0;
		}
	}
	return -1;
}

/* ---- the replay ---- */

struct sent_cue {
	enum audio_cue cue;
	int64_t time_us;
	double released, sent;        /* CLOCK_MONOTONIC */
	double released_us, sent_us;  /* JACK's clock (jack_get_time) */
	bool started;
	struct audio_cue_start start;
};

struct bench {
	struct audio_output *out;
	const struct scalp_model *scalp;
	const struct needle *needle;
	struct pen_source_options pen;
	struct recorder rec;
	struct sent_cue *cues;
	size_t count, cap, matched;
	unsigned long dropped;
};

static void send_events(struct bench *b, struct feedback *fb, const struct sim_event *ev,
			int n, double released, double released_us)
{
	for (int i = 0; i < n; i++) {
		struct audio_command cmd[FEEDBACK_MAX_COMMANDS];
		size_t k = feedback_commands(fb, &ev[i], cmd);

		for (size_t j = 0; j < k; j++) {
			double sent = mono(), sent_us = (double)jack_get_time();

			if (audio_output_send(b->out, &cmd[j]) < 0) {
				b->dropped++;
				continue;
			}
			if (cmd[j].kind != AUDIO_PLAY_CUE)
				continue;
			b->cues = room_for_one(b->cues, b->count, &b->cap, sizeof(*b->cues), 256);
			b->cues[b->count++] = (struct sent_cue){
				.cue = cmd[j].cue, .time_us = cmd[j].time_us,
				.released = released, .sent = sent,
				.released_us = released_us, .sent_us = sent_us,
			};
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
	t0 = mono() + LEAD_S;
	while ((rc = pen_source_next(src, &s, -1)) == 1) {
		drain_cycles(&b->rec);
		sleep_until(t0 + s.time_us / 1e6);
		n = sim_session_step(sim, &s, ev);
		if (n < 0)
			break;
		send_events(b, &fb, ev, n, mono(), (double)jack_get_time());
	}
	if ((n = sim_session_finish(sim, ev)) > 0)
		send_events(b, &fb, ev, n, mono(), (double)jack_get_time());
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
	printf("  %-34s n %zu  min %7.3f  p50 %7.3f  p99 %7.3f  max %7.3f %s\n", what, n,
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

static int cmp_frames(const void *x, const void *y)
{
	jack_nframes_t a = *(const jack_nframes_t *)x, b = *(const jack_nframes_t *)y;

	return (a > b) - (a < b);
}

/* The JACK frame of the stream's frame 0. Without xruns the callback runs
 * once in every cycle, for the cycle's frames, so a cue at stream frame F
 * was written in the cycle that starts at that origin + F. Each cue gives
 * an origin: the start of the cycle its callback's time falls in, less F;
 * the most common one is taken (the callback's time is JACK's DLL-smoothed
 * clock, which can read a frame or two before its cycle's start).
 * @return the cues that agree, or 0 when a buffer was not a cycle. */
static size_t cycle_origin(const struct bench *b, jack_nframes_t origin, unsigned period,
			   jack_nframes_t *first)
{
	jack_nframes_t *o = malloc(b->count * sizeof(*o));
	size_t n = 0, best = 0;

	if (!o) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < b->count; i++) {
		const struct sent_cue *c = &b->cues[i];
		const struct cycle *cy = cycle_of(&b->rec, origin +
			(jack_nframes_t)llround(c->start.callback_at * RATE));

		if (c->start.frame % period) {
			free(o);
			return 0;
		}
		if (cy)
			o[n++] = cy->frames - (jack_nframes_t)c->start.frame;
	}
	qsort(o, n, sizeof(*o), cmp_frames);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && o[i + run] == o[i]; run++)
			;
		if (run > best) {
			best = run;
			*first = o[i];
		}
	}
	free(o);
	return best;
}

/* The DAC time of each cue, on JACK's microsecond clock: its first frame
 * as JACK counts it, plus the port latency, through that frame's own
 * cycle. @return the cues that could not be mapped. */
static size_t dac_times(const struct bench *b, jack_nframes_t origin, jack_nframes_t first,
			unsigned latency, double *dac_us, double *pa_offset)
{
	size_t unmapped = 0;

	for (size_t i = 0; i < b->count; i++) {
		const struct sent_cue *c = &b->cues[i];
		jack_nframes_t dac = first + (jack_nframes_t)c->start.frame + latency;

		if (!frame_usecs(&b->rec, dac, &dac_us[i])) {
			unmapped++;
			dac_us[i] = NAN;
			continue;
		}
		/* PortAudio's own DAC time is the callback's time plus the
		 * latency: later than the buffer's by the part of the cycle
		 * gone when the callback ran. */
		pa_offset[i] = (double)(int32_t)(origin +
			(jack_nframes_t)llround(c->start.dac_at * RATE) - dac);
	}
	return unmapped;
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
	jack_nframes_t origin, first = 0;
	char err[512], spec[16], note[AUDIO_OUTPUT_TEXT_MAX];
	unsigned period = 128, port_latency, xruns_before, xruns_during, lost;
	bool sync = false, realtime = false;
	double jack_offset, jack_width, raw_offset, raw_width, *total, *host, *audio, *dac_us,
	       *pa_latency, negative = 0;
	int reps = 0, dev, opt, status = 0;
	size_t n, first_cycle, breaks, unmapped, agree;

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

	b.rec.client = start_server(period, sync, realtime);
	if (!b.rec.client)
		return 1;
	/* The benchmark's client stays in the graph (no ports) to read each
	 * cycle's times and count the server's xruns. */
	atomic_init(&b.rec.lost, 0);
	atomic_init(&b.rec.xruns, 0);
	if (spsc_queue_new(CYCLE_QUEUE, sizeof(struct cycle), &b.rec.queue) < 0 ||
	    jack_set_process_callback(b.rec.client, on_process, &b.rec) != 0 ||
	    jack_set_xrun_callback(b.rec.client, on_xrun, &b.rec) != 0 ||
	    jack_activate(b.rec.client) != 0) {
		fprintf(stderr, "bench-audio-latency: cannot set up a JACK client\n");
		return 1;
	}
	jack_offset = offset_us(jack_clock, &jack_width);
	raw_offset = offset_us(raw, &raw_width);
	port_latency = playback_port_latency(b.rec.client);
	dev = jack_device_index();
	if (dev < 0) {
		fprintf(stderr, "bench-audio-latency: PortAudio sees no JACK output\n");
		return 1;
	}
	snprintf(spec, sizeof(spec), "%d", dev);
	audio_settings_default(&settings);
	if (audio_output_open(spec, &settings, 0, &b.out, note, sizeof(note)) < 0 ||
	    !audio_output_audible(b.out) || !strstr(note, "JACK")) {
		fprintf(stderr, "bench-audio-latency: %s\n", note);
		print_server_log();
		return 1;
	}
	if (stream_origin(b.rec.client, b.out, &origin) < 0) {
		fprintf(stderr, "bench-audio-latency: PortAudio's stream time and "
			"jack_frame_time() never agree\n");
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

	drain_cycles(&b.rec);
	first_cycle = b.rec.count;
	xruns_before = atomic_load(&b.rec.xruns);
	for (int r = 0; r < reps && status == 0; r++)
		if (replay_once(&b) < 0)
			status = 1;
	xruns_during = atomic_load(&b.rec.xruns) - xruns_before;
	/* The last DAC frames' cycles come a port latency later. */
	sleep_until(mono() + 0.1);
	drain_cycles(&b.rec);
	lost = atomic_load(&b.rec.lost);
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

	n = b.count;
	total = malloc(n * sizeof(double));
	host = malloc(n * sizeof(double));
	audio = malloc(n * sizeof(double));
	dac_us = malloc(n * sizeof(double));
	pa_latency = malloc(n * sizeof(double));
	if (!total || !host || !audio || !dac_us || !pa_latency)
		return 1;
	breaks = cycle_breaks(&b.rec, first_cycle);
	agree = cycle_origin(&b, origin, period, &first);
	if (!agree) {
		fprintf(stderr, "bench-audio-latency: the callback's buffers are not JACK's "
			"cycles\n");
		audio_output_free(b.out);
		return 1;
	}
	unmapped = dac_times(&b, origin, first, port_latency, dac_us, pa_latency);
	printf("cycles      %zu recorded by the benchmark's client (jack_get_cycle_times), "
	       "%u lost; during the replays %u xruns, %zu breaks in the frame count; "
	       "%zu cues without their cycles; stream frame 0 = JACK frame %u by %zu of "
	       "%zu callback times\n", b.rec.count - first_cycle, lost, xruns_during, breaks,
	       unmapped, first, agree, n);
	printf("reference   period %u/48000 = %.3f ms; PortAudio output latency %.3f ms; "
	       "JACK playback port latency %u frames = %.3f ms\n", period,
	       period * 1000.0 / RATE, audio_output_latency_ms(b.out), port_latency,
	       port_latency * 1000.0 / RATE);
	printf("            expected: port latency + 0..1 period = %.3f .. %.3f ms\n",
	       port_latency * 1000.0 / RATE, (port_latency + period) * 1000.0 / RATE);
	if (xruns_during || lost || breaks || unmapped || agree < n / 2) {
		printf("INVALID     JACK's clock jumped or was not followed during the replays "
		       "(%u xruns, %zu breaks, %u cycles lost, %zu cues unmapped, %zu of %zu "
		       "callbacks in their cycles): no figures; "
		       "measure again on a quieter machine, or with --realtime\n",
		       xruns_during, breaks, lost, unmapped, agree, n);
		status = EXIT_INVALID;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct sent_cue *c = &b.cues[i];

		total[i] = (dac_us[i] - c->released_us) / 1e6;
		host[i] = c->sent - c->released;
		audio[i] = (dac_us[i] - c->sent_us) / 1e6;
		if (total[i] < negative)
			negative = total[i];
	}
	printf("clock map   each cue's DAC frame (its first frame, plus the port latency) "
	       "to JACK's microsecond clock through that frame's own cycle; the release "
	       "read on that clock\n");
	printf("latency, pen sample released -> cue's first sample at the DAC:\n");
	summary("release -> DAC", total, n, "ms", 1e3);
	summary("  release -> send (monotonic)", host, n, "ms", 1e3);
	summary("  send -> DAC", audio, n, "ms", 1e3);
	summary("PortAudio's DAC time - the cycle's", pa_latency, n, "frames", 1);
	qsort(total, n, sizeof(*total), cmp_double);
	printf("goal        p99 <= 8 ms: %s (p99 %.3f ms)\n",
	       pct(total, n, 99) <= 0.008 ? "met" : "NOT met", pct(total, n, 99) * 1e3);
	if (negative < 0) {
		printf("ERROR       a cue reached the DAC %.3f ms before its pen sample\n",
		       -negative * 1e3);
		status = 1;
	}
out:
	audio_output_free(b.out);
	jack_deactivate(b.rec.client);
	jack_client_close(b.rec.client);
	spsc_queue_free(b.rec.queue);
	free(b.rec.cycles);
	free(total);
	free(host);
	free(audio);
	free(dac_us);
	free(pa_latency);
	free(b.cues);
	free(quirks);
	session_cues_free(&per_rep);
	return status;
}
