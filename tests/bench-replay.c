/* bench-replay: the pen stream kept in the record, and the instructor's
 * replay (issue 12). Figures in docs/performance.md.
 *
 * 1. Stored size per minute of session: the pen stream coded and deflated
 *    by rig/input/pen_stream.c as practice keeps it, in chunks of half a
 *    second of the stream (a live session: the ticker asks for a commit
 *    twice a second) and in full chunks (a replay, which runs faster than
 *    the ticker), of
 *      - the generator's stream: the shipped demo recording
 *        data/recordings/hairline-careful.evemu (6.5 min; X, Y, pressure
 *        and distance, only what changed, tilt never);
 *      - a Wacom-like stream: 15 minutes at 200 frames a second with X, Y,
 *        pressure, distance, tilt x and y and MSC_SERIAL in every frame
 *        (as a Cintiq sends them, data/recordings/wacom-cintiq-13hd-pen.evemu),
 *        the pen stippling (a tap every 1.6 s, hovering between on smooth
 *        paths) with the sensor's noise on every axis and the USB
 *        timing's jitter on every frame; the bound is 2 MB for it;
 *      - the real Cintiq recording itself (0.5 s: too short for a rate of
 *        its own, given for comparison).
 *    With the time to code and to decode a minute of each (median of RUNS).
 * 2. Replay and rescore a stored one-hour session, as child processes of
 *    build/smpsim: the hour (tests/session_gen.c, as bench-pipeline's) is
 *    practised into a new record with `practice --replay` (a copy of the
 *    data folder whose soft-hairline lesson allows 4000 s), then `smpsim
 *    replay --session 1` is timed RUNS times against `smpsim score` of the
 *    same recording file (the same session from the file: the reference),
 *    median and ratio; and the hour's stream as stored.
 *
 * Usage: bench-replay [RUNS]   (default 5)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "evemu_reader.h"
#include "lesson_fixture.h"
#include "pen_stream.h"
#include "session_gen.h"
#include "session_gen_lesson.h"

#define RUNS_DEFAULT 5
#define RUNS_MAX 31
#define HALF_SECOND_US 500000
#define WACOM_MINUTES 15
#define HOUR_S 3600

static void die(const char *what)
{
	fprintf(stderr, "bench-replay: %s\n", what);
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

/* ---- streams ---- */

struct stream {
	struct input_event *ev;
	size_t count, size;
};

static void add(struct stream *s, int64_t us, unsigned int type, unsigned int code, int value)
{
	struct input_event *e;

	if (s->count == s->size) {
		s->size = s->size ? s->size * 2 : 65536;
		if (!(s->ev = realloc(s->ev, s->size * sizeof(*s->ev))))
			die("out of memory");
	}
	e = &s->ev[s->count++];
	memset(e, 0, sizeof(*e));
	e->input_event_sec = (time_t)(us / 1000000);
	e->input_event_usec = (suseconds_t)(us % 1000000);
	e->type = (uint16_t)type;
	e->code = (uint16_t)code;
	e->value = value;
}

static void read_recording(const char *path, struct stream *s)
{
	struct evemu_reader *r;
	struct pen_device dev;
	struct input_event ev;
	int rc;

	if (evemu_reader_new_from_file(path, &r) < 0 ||
	    evemu_reader_read_description(r, &dev) < 0)
		die(path);
	while ((rc = evemu_reader_next_event(r, &ev)) == 1)
		add(s, pen_stream_event_us(&ev), ev.type, ev.code, ev.value);
	if (rc < 0)
		die(evemu_reader_error(r));
	evemu_reader_free(r);
}

/* A uniform number in [-1, 1) (a fixed sequence: xorshift). */
static double noise(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (double)(*state >> 11) / (double)(1ull << 52) - 1;
}

/* The Cintiq 13HD's ranges: X 400..59152, Y 400..33448 (200 units a mm),
 * pressure 0..2047, distance 0..63, tilt -64..63. */
static void make_wacom(struct stream *s, int minutes)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	double x = 20000, y = 15000, vx = 0, vy = 0, tilt_x = 20, tilt_y = -10;
	int64_t frames = (int64_t)minutes * 60 * 200, t0 = 1700000000000000ll;

	for (int64_t f = 0; f < frames; f++) {
		/* A frame every 5 ms, the USB poll's jitter on it. */
		int64_t us = t0 + f * 5000 + (int64_t)(noise(&rng) * 40);
		double phase = fmod((double)f, 320);   /* a tap every 1.6 s */
		bool down = phase >= 200 && phase < 216; /* 80 ms in the skin */
		int pressure = 0, distance;

		/* Hovering on smooth paths (about 20 mm/s), still while down. */
		if (!down) {
			vx = 0.97 * vx + 0.6 * noise(&rng);
			vy = 0.97 * vy + 0.6 * noise(&rng);
			x += vx;
			y += vy;
		}
		if (x < 2000 || x > 57000)
			vx = -vx;
		if (y < 2000 || y > 31000)
			vy = -vy;
		if (down)
			pressure = (int)(500 + 300 * sin((phase - 200) / 16 * M_PI) +
					 6 * noise(&rng));
		distance = down ? 0 : (int)(20 + 12 * sin(phase / 320 * 2 * M_PI) + noise(&rng));
		tilt_x += 0.02 * noise(&rng);
		tilt_y += 0.02 * noise(&rng);
		add(s, us, EV_ABS, ABS_X, (int)(x + 2 * noise(&rng)));
		add(s, us, EV_ABS, ABS_Y, (int)(y + 2 * noise(&rng)));
		add(s, us, EV_ABS, ABS_PRESSURE, pressure < 0 ? 0 : pressure);
		add(s, us, EV_ABS, ABS_DISTANCE, distance < 0 ? 0 : distance);
		add(s, us, EV_ABS, ABS_TILT_X, (int)lround(tilt_x + noise(&rng)));
		add(s, us, EV_ABS, ABS_TILT_Y, (int)lround(tilt_y + noise(&rng)));
		add(s, us, EV_MSC, MSC_SERIAL, 897625000);
		add(s, us, EV_SYN, SYN_REPORT, 0);
	}
}

/* Codes @p s in chunks of @p chunk_us of the stream (0: full chunks).
 * @return the bytes of data; *chunks their number; each decoded back and
 * compared when @p check. */
static size_t code(const struct stream *s, int64_t chunk_us, size_t *chunks, bool check,
		   double *decode_s)
{
	struct pen_stream_encoder *enc;
	struct pen_stream_chunk c;
	struct input_event *out = malloc(PEN_STREAM_CHUNK_EVENTS * sizeof(*out));
	char why[PEN_STREAM_ERROR_MAX];
	size_t bytes = 0, first = 0;
	int64_t cut_at = 0;

	*chunks = 0;
	*decode_s = 0;
	if (!out || pen_stream_encoder_new(&enc) < 0)
		die("out of memory");
	for (size_t i = 0; i <= s->count; i++) {
		int64_t us = i < s->count ? pen_stream_event_us(&s->ev[i]) : INT64_MAX;
		bool cut = i == s->count || pen_stream_encoder_full(enc) ||
			   (chunk_us && pen_stream_encoder_pending(enc) && us >= cut_at);

		if (cut && pen_stream_encoder_take(enc, &c) == 0) {
			double t = now_s();

			bytes += c.size;
			(*chunks)++;
			if (check) {
				if (pen_stream_decode(&c, out, why, sizeof(why)) < 0)
					die(why);
				for (size_t k = 0; k < c.events; k++)
					if (memcmp(&out[k], &s->ev[first + k], sizeof(*out)) != 0)
						die("a decoded event differs");
				*decode_s += now_s() - t;
			}
			first = i;
		}
		if (i == s->count)
			break;
		if (pen_stream_encoder_pending(enc) == 0)
			cut_at = us + chunk_us;
		if (pen_stream_encoder_push(enc, &s->ev[i]) < 0)
			die("a push failed");
	}
	pen_stream_encoder_free(enc);
	free(out);
	return bytes;
}

static void size_figures(const char *name, const struct stream *s, int runs)
{
	double minutes = (pen_stream_event_us(&s->ev[s->count - 1]) -
			  pen_stream_event_us(&s->ev[0])) / 60e6;
	double enc_t[RUNS_MAX], dec_t[RUNS_MAX];
	size_t half_chunks, full_chunks, half, full;

	for (int r = 0; r < runs; r++) {
		double t = now_s(), dec;

		code(s, 0, &full_chunks, false, &dec);
		enc_t[r] = now_s() - t;
		code(s, 0, &full_chunks, true, &dec);
		dec_t[r] = dec;
	}
	half = code(s, HALF_SECOND_US, &half_chunks, true, &(double){ 0 });
	full = code(s, 0, &full_chunks, false, &(double){ 0 });
	printf("%s: %.2f min, %zu events (%.0f a second)\n", name, minutes, s->count,
	       s->count / (minutes * 60));
	printf("  chunks of 0.5 s (live): %zu chunks, %zu bytes: %.1f KB a minute, "
	       "%.2f bytes an event; 15 min: %.2f MB\n", half_chunks, half,
	       half / minutes / 1000, (double)half / (double)s->count,
	       half / minutes * 15 / 1e6);
	printf("  full chunks (replay):   %zu chunks, %zu bytes: %.1f KB a minute, "
	       "%.2f bytes an event\n", full_chunks, full, full / minutes / 1000,
	       (double)full / (double)s->count);
	printf("  code a minute %.2f ms, decode a minute %.2f ms (median of %d)\n",
	       median(enc_t, runs) / minutes * 1e3, median(dec_t, runs) / minutes * 1e3, runs);
}

/* ---- the hour, through build/smpsim ---- */

static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static double timed(const char *cmd)
{
	double t = now_s();

	if (run(cmd) != 0) {
		fprintf(stderr, "bench-replay: failed: %s\n", cmd);
		exit(1);
	}
	return now_s() - t;
}

static void hour_figures(int runs)
{
	static struct session_gen_stipple spec;
	struct lesson lesson;
	struct lesson_session ls;
	char dir[] = "/tmp/bench-replay.XXXXXX", path[4096], err[512], cmd[8192];
	double replay_t[RUNS_MAX], score_t[RUNS_MAX], ratio[RUNS_MAX], practice_t;
	FILE *p;
	long long bytes = 0, chunks = 0, events = 0;

	if (!mkdtemp(dir))
		die("mkdtemp");
	if (lesson_fixture_load(SMPSIM_DATA_DIR, SESSION_GEN_DEMO_LESSON, path, sizeof(path),
				&lesson, &ls, err, sizeof(err)) < 0)
		die(err);
	memset(&spec, 0, sizeof(spec));
	if (session_gen_target_from_lesson(&lesson, &ls, &spec.target) < 0)
		die("the lesson is no target");
	spec.seed = 3600;
	spec.pattern.front_taper_mm = 1;
	session_gen_stroke_careful(&spec.hand);
	spec.hand.pause_ms = 1300;
	spec.hand.pause_sd_ms = 400;
	spec.duration_s = HOUR_S;
	snprintf(path, sizeof(path), "%s/hour.evemu", dir);
	if (session_gen_stipple_write_file(path, &spec, NULL) < 0)
		die("cannot write the hour");
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/data' && sed -i 's/^time-limit-s: .*/"
		 "time-limit-s: 4000/' '%s/data/lessons/soft-hairline.yaml' && "
		 "SMPSIM_DATA_DIR='%s/data' '%s' trainee add Bench --db '%s/r.db' >/dev/null",
		 SMPSIM_DATA_DIR, dir, dir, dir, SMPSIM_BINARY, dir);
	if (run(cmd) != 0)
		die("cannot set the record up");
	snprintf(cmd, sizeof(cmd), "SMPSIM_DATA_DIR='%s/data' '%s' practice --trainee Bench "
		 "--lesson soft-hairline --replay '%s' --audio none --db '%s/r.db' >/dev/null "
		 "2>&1", dir, SMPSIM_BINARY, path, dir);
	practice_t = timed(cmd);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s/r.db' 'SELECT sum(length(data)), count(*), "
		 "sum(events) FROM pen_chunks'", dir);
	if (!(p = popen(cmd, "r")) || fscanf(p, "%lld|%lld|%lld", &bytes, &chunks, &events) != 3)
		die("cannot read the stored stream (sqlite3)");
	pclose(p);
	for (int r = 0; r < runs; r++) {
		snprintf(cmd, sizeof(cmd), "SMPSIM_DATA_DIR='%s/data' '%s' replay --session 1 "
			 "--db '%s/r.db' >/dev/null", dir, SMPSIM_BINARY, dir);
		replay_t[r] = timed(cmd);
		snprintf(cmd, sizeof(cmd), "SMPSIM_DATA_DIR='%s/data' '%s' score '%s' --lesson "
			 "soft-hairline --audio none >/dev/null 2>&1", dir, SMPSIM_BINARY, path);
		score_t[r] = timed(cmd);
		ratio[r] = replay_t[r] / score_t[r];
	}
	printf("one-hour session (generator, careful hand, 200 Hz): stored stream %lld bytes "
	       "in %lld chunks, %lld events (%.1f KB a minute)\n", bytes, chunks, events,
	       bytes / 60.0 / 1000);
	printf("  practice --replay into the record: %.2f s (once)\n", practice_t);
	printf("  replay --session 1 (read, decode, simulate, score, compare): median %.3f s\n",
	       median(replay_t, runs));
	printf("  score FILE (the same session from the evemu file, the reference): median "
	       "%.3f s\n", median(score_t, runs));
	printf("  replay / score: median of the runs' ratios %.2f (%d runs)\n",
	       median(ratio, runs), runs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	run(cmd);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : RUNS_DEFAULT;
	struct stream gen = { 0 }, wacom = { 0 }, cintiq = { 0 };

	if (runs < 1 || runs > RUNS_MAX)
		die("RUNS is 1 to 31");
	read_recording(SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu", &gen);
	make_wacom(&wacom, WACOM_MINUTES);
	read_recording(SMPSIM_DATA_DIR "/recordings/wacom-cintiq-13hd-pen.evemu", &cintiq);
	size_figures("generator's stream (hairline-careful.evemu)", &gen, runs);
	size_figures("Wacom-like stream (all axes every frame, 200 Hz)", &wacom, runs);
	size_figures("real Cintiq 13HD recording (0.5 s only)", &cintiq, runs);
	hour_figures(runs);
	free(gen.ev);
	free(wacom.ev);
	free(cintiq.ev);
	return 0;
}
