/* bench-sim: the cost of one simulator step per pen sample, with the scalp
 * empty and with 100 000 deposits already on it.
 *
 * Each run fills a session with N taps at random places on the shipped
 * frontal-temporal model (0601rl needle), then times, one clock pair per
 * call, a stream of 200 000 samples shaped like stippling at 200 Hz: a
 * hover of four samples, a tap of eight (pressure rising then falling, so
 * contacts open, deepen and close and every check runs). Reported: the
 * median and 99th percentile per sample for N = 0 and N = 100 000, their
 * ratio (the grid keeps it near 1), and the clock pair alone as the floor.
 * Usage: bench-sim [DEPOSITS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "needle_load.h"
#include "scalp_load.h"
#include "sim_session.h"

#define SAMPLES 200000

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double frand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return ((*seed >> 8) & 0xffffff) / (double)0x1000000;
}

static struct pen_sample sample(int64_t t_us, double x, double y, double p)
{
	struct pen_sample s = { .time_us = t_us, .x_mm = x, .y_mm = y, .pressure = p,
				.tool = PEN_TOOL_PEN, .flags = PEN_IN_PROXIMITY };

	if (p > 0)
		s.flags |= PEN_TIP_DOWN;
	return s;
}

/* The stippling stream: hover 4 samples, tap 8, at 5 ms intervals. */
static void make_stream(struct pen_sample *out, size_t n, unsigned seed, int64_t t0)
{
	static const double profile[12] = { 0, 0, 0, 0, 0.08, 0.15, 0.22, 0.25,
					    0.22, 0.15, 0.08, 0 };
	double x = 80, y = 50;

	for (size_t i = 0; i < n; i++) {
		size_t phase = i % 12;

		if (phase == 0) {
			x = 5 + 150 * frand(&seed);
			y = 5 + 90 * frand(&seed);
		}
		out[i] = sample(t0 + (int64_t)i * 5000, x + 0.01 * (double)phase, y,
				profile[phase]);
	}
}

static struct sim_session *filled(const struct sim_setup *setup, size_t deposits,
				  int64_t *t_end)
{
	struct sim_session *s;
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct sim_setup st = *setup;
	char why[256];
	unsigned seed = 7;
	int64_t t = 0;

	st.expected_deposits = deposits + SAMPLES;
	if (sim_session_new(&st, &s, why, sizeof(why)) < 0) {
		fprintf(stderr, "bench-sim: %s\n", why);
		exit(1);
	}
	for (size_t i = 0; i < deposits; i++) {
		double x = 160 * frand(&seed), y = 100 * frand(&seed);
		struct pen_sample down = sample(t, x, y, 0.2), up = sample(t + 50000, x, y, 0);

		if (sim_session_step(s, &down, ev) < 0 || sim_session_step(s, &up, ev) < 0)
			exit(1);
		t += 100000;
	}
	*t_end = t;
	return s;
}

struct figures {
	double median_ns, p99_ns;
};

static struct figures measure(struct sim_session *s, const struct pen_sample *stream,
			      int64_t *times)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct figures f;

	for (size_t i = 0; i < SAMPLES; i++) {
		int64_t t0 = now_ns();

		if (sim_session_step(s, &stream[i], ev) < 0)
			exit(1);
		times[i] = now_ns() - t0;
	}
	qsort(times, SAMPLES, sizeof(*times), cmp_i64);
	f.median_ns = (double)times[SAMPLES / 2];
	f.p99_ns = (double)times[SAMPLES * 99 / 100];
	return f;
}

int main(int argc, char **argv)
{
	size_t deposits = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	struct scalp_model scalp;
	struct needle needle;
	struct sim_setup setup;
	struct pen_sample *stream = malloc(SAMPLES * sizeof(*stream));
	int64_t *times = malloc(SAMPLES * sizeof(*times)), t_end;
	struct sim_session *empty, *full;
	struct figures f0, f1;
	double floor_ns;
	char err[512];

	if (!stream || !times ||
	    scalp_load(SMPSIM_DATA_DIR "/scalps/frontal-temporal.yaml", &scalp, err, sizeof(err)) < 0 ||
	    needle_load(SMPSIM_DATA_DIR "/needles/0601rl.yaml", &needle, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench-sim: %s\n", err);
		return 1;
	}
	sim_setup_init(&setup, &scalp, &needle, 4.4);

	empty = filled(&setup, 0, &t_end);
	make_stream(stream, SAMPLES, 99, t_end);
	f0 = measure(empty, stream, times);

	full = filled(&setup, deposits, &t_end);
	make_stream(stream, SAMPLES, 99, t_end);
	f1 = measure(full, stream, times);

	for (size_t i = 0; i < SAMPLES; i++) {
		int64_t t0 = now_ns();

		times[i] = now_ns() - t0;
	}
	qsort(times, SAMPLES, sizeof(*times), cmp_i64);
	floor_ns = (double)times[SAMPLES / 2];

	printf("%d samples per run, %d contacts each\n", SAMPLES, SAMPLES / 12);
	printf("empty scalp:        median %.0f ns, p99 %.0f ns per sample\n",
	       f0.median_ns, f0.p99_ns);
	printf("%zu deposits:   median %.0f ns, p99 %.0f ns per sample "
	       "(%.2fx the empty scalp's median, %.2fx its p99)\n",
	       deposits, f1.median_ns, f1.p99_ns, f1.median_ns / f0.median_ns,
	       f1.p99_ns / f0.p99_ns);
	printf("clock pair alone:   median %.0f ns (included in the figures above)\n",
	       floor_ns);
	printf("deposits after the runs: %zu and %zu\n", sim_session_deposit_count(empty),
	       sim_session_deposit_count(full));
	sim_session_free(empty);
	sim_session_free(full);
	free(stream);
	free(times);
	return 0;
}
