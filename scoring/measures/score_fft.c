/* score_fft: a forward complex FFT for the periodogram, of any length
 * made of the factors 2, 3 and 5, run on many transforms at once.
 *
 * Stockham's self-sorting algorithm (decimation in frequency, no bit
 * reversal), radix 4, 2, 3 and 5, ping-ponging between the data and a
 * work array. The transforms are interleaved ("batched"): element j of
 * every transform sits in one contiguous run, so each butterfly is applied
 * with one set of twiddle factors to a whole run at a time (applied as
 * the outputs are stored), a loop over contiguous memory. The caller picks the batch
 * so the two arrays fit in the cache.
 *
 * One stage of radix p on length L = p m, stride s (the product of the
 * radices done before):
 *   y[q + s (p j + t)] = w^(j t) sum_r x[q + s (j + r m)] e^(-2 pi i r t / p)
 * with w = e^(-2 pi i / (p m)), then m becomes the length and s p the
 * stride. Twiddles are computed once, by sin and cos.
 */
#include "score_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STAGES_MAX 64

struct stage {
	int radix;
	size_t m, s;            /**< length / radix, stride */
	double *tw;             /**< (radix - 1) twiddles (re, im) per j < m */
};

struct score_fft {
	size_t n;
	struct stage stage[STAGES_MAX];
	int count;
};

bool score_fft_size_ok(size_t n)
{
	if (n == 0)
		return false;
	while (n % 2 == 0)
		n /= 2;
	while (n % 3 == 0)
		n /= 3;
	while (n % 5 == 0)
		n /= 5;
	return n == 1;
}

void score_fft_free(struct score_fft *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->count; i++)
		free(f->stage[i].tw);
	free(f);
}

int score_fft_new(size_t n, struct score_fft **out)
{
	struct score_fft *f;
	size_t len, s = 1;

	*out = NULL;
	if (!score_fft_size_ok(n))
		return -EINVAL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->n = n;
	for (len = n; len > 1;) {
		struct stage *st = &f->stage[f->count];
		int p = len % 4 == 0 ? 4 : len % 2 == 0 ? 2 : len % 3 == 0 ? 3 : 5;

		st->radix = p;
		st->m = len / (size_t)p;
		st->s = s;
		st->tw = malloc(st->m * (size_t)(p - 1) * 2 * sizeof(double));
		if (!st->tw) {
			score_fft_free(f);
			return -ENOMEM;
		}
		f->count++;
		for (size_t j = 0; j < st->m; j++) {
			for (int t = 1; t < p; t++) {
				double a = -2 * M_PI * (double)(j * (size_t)t) / (double)len;

				st->tw[2 * (j * (size_t)(p - 1) + (size_t)(t - 1))] = cos(a);
				st->tw[2 * (j * (size_t)(p - 1) + (size_t)(t - 1)) + 1] = sin(a);
			}
		}
		len = st->m;
		s *= (size_t)p;
	}
	*out = f;
	return 0;
}

/*
 * The butterflies: x[r] are the p inputs, y[t] the outputs, each a run of
 * `run` complex values; w[2(t-1)], w[2(t-1)+1] the twiddle of output t
 * (t >= 1), applied as the output is stored.
 */
#define TWIDDLE(yr, yi, ar, ai, w)                  \
	do {                                        \
		(yr) = (ar) * (w)[0] - (ai) * (w)[1]; \
		(yi) = (ar) * (w)[1] + (ai) * (w)[0]; \
	} while (0)

static void radix2(const double *const x[], double *const y[], const double *w, size_t run)
{
	const double *restrict x0 = x[0], *restrict x1 = x[1];
	double *restrict y0 = y[0], *restrict y1 = y[1];

	for (size_t q = 0; q < 2 * run; q += 2) {
		double dr = x0[q] - x1[q], di = x0[q + 1] - x1[q + 1];

		y0[q] = x0[q] + x1[q];
		y0[q + 1] = x0[q + 1] + x1[q + 1];
		TWIDDLE(y1[q], y1[q + 1], dr, di, w);
	}
}

static void radix4(const double *const x[], double *const y[], const double *w, size_t run)
{
	const double *restrict x0 = x[0], *restrict x1 = x[1];
	const double *restrict x2 = x[2], *restrict x3 = x[3];
	double *restrict y0 = y[0], *restrict y1 = y[1], *restrict y2 = y[2], *restrict y3 = y[3];

	for (size_t q = 0; q < 2 * run; q += 2) {
		double t0r = x0[q] + x2[q], t0i = x0[q + 1] + x2[q + 1];
		double t1r = x0[q] - x2[q], t1i = x0[q + 1] - x2[q + 1];
		double t2r = x1[q] + x3[q], t2i = x1[q + 1] + x3[q + 1];
		/* (x1 - x3) times -i */
		double t3r = x1[q + 1] - x3[q + 1], t3i = x3[q] - x1[q];

		y0[q] = t0r + t2r;
		y0[q + 1] = t0i + t2i;
		TWIDDLE(y1[q], y1[q + 1], t1r + t3r, t1i + t3i, w);
		TWIDDLE(y2[q], y2[q + 1], t0r - t2r, t0i - t2i, w + 2);
		TWIDDLE(y3[q], y3[q + 1], t1r - t3r, t1i - t3i, w + 4);
	}
}

static void radix3(const double *const x[], double *const y[], const double *w, size_t run)
{
	const double h = 0.86602540378443864676; /* sin(2 pi / 3) */
	const double *restrict x0 = x[0], *restrict x1 = x[1], *restrict x2 = x[2];
	double *restrict y0 = y[0], *restrict y1 = y[1], *restrict y2 = y[2];

	for (size_t q = 0; q < 2 * run; q += 2) {
		double sr = x1[q] + x2[q], si = x1[q + 1] + x2[q + 1];
		double dr = x1[q] - x2[q], di = x1[q + 1] - x2[q + 1];
		double mr = x0[q] - sr / 2, mi = x0[q + 1] - si / 2;

		y0[q] = x0[q] + sr;
		y0[q + 1] = x0[q + 1] + si;
		/* m -/+ i h d */
		TWIDDLE(y1[q], y1[q + 1], mr + h * di, mi - h * dr, w);
		TWIDDLE(y2[q], y2[q + 1], mr - h * di, mi + h * dr, w + 2);
	}
}

static void radix5(const double *const x[], double *const y[], const double *w, size_t run)
{
	const double c1 = 0.30901699437494742410, c2 = -0.80901699437494742410;
	const double s1 = 0.95105651629515357212, s2 = 0.58778525229247312917;
	const double *restrict x0 = x[0], *restrict x1 = x[1], *restrict x2 = x[2];
	const double *restrict x3 = x[3], *restrict x4 = x[4];
	double *restrict y0 = y[0], *restrict y1 = y[1], *restrict y2 = y[2];
	double *restrict y3 = y[3], *restrict y4 = y[4];

	for (size_t q = 0; q < 2 * run; q += 2) {
		double b1r = x1[q] + x4[q], b1i = x1[q + 1] + x4[q + 1];
		double b2r = x2[q] + x3[q], b2i = x2[q + 1] + x3[q + 1];
		double d1r = x1[q] - x4[q], d1i = x1[q + 1] - x4[q + 1];
		double d2r = x2[q] - x3[q], d2i = x2[q + 1] - x3[q + 1];
		double ar = x0[q], ai = x0[q + 1];
		double p1r = ar + c1 * b1r + c2 * b2r, p1i = ai + c1 * b1i + c2 * b2i;
		double p2r = ar + c2 * b1r + c1 * b2r, p2i = ai + c2 * b1i + c1 * b2i;
		/* Y1,4 = p1 -/+ i e1, Y2,3 = p2 -/+ i e2 */
		double e1r = s1 * d1r + s2 * d2r, e1i = s1 * d1i + s2 * d2i;
		double e2r = s2 * d1r - s1 * d2r, e2i = s2 * d1i - s1 * d2i;

		y0[q] = ar + b1r + b2r;
		y0[q + 1] = ai + b1i + b2i;
		TWIDDLE(y1[q], y1[q + 1], p1r + e1i, p1i - e1r, w);
		TWIDDLE(y2[q], y2[q + 1], p2r + e2i, p2i - e2r, w + 2);
		TWIDDLE(y3[q], y3[q + 1], p2r - e2i, p2i + e2r, w + 4);
		TWIDDLE(y4[q], y4[q + 1], p1r - e1i, p1i + e1r, w + 6);
	}
}

static void run_stage(const struct stage *st, const double *x, double *y, size_t batch)
{
	size_t run = st->s * batch;     /* contiguous complex values per element group */
	int p = st->radix;

	for (size_t j = 0; j < st->m; j++) {
		const double *in[5];
		double *o[5];
		const double *w = &st->tw[2 * j * (size_t)(p - 1)];

		for (int r = 0; r < p; r++) {
			in[r] = x + 2 * run * (j + (size_t)r * st->m);
			o[r] = y + 2 * run * ((size_t)p * j + (size_t)r);
		}
		switch (p) {
		case 2:
			radix2(in, o, w, run);
			break;
		case 3:
			radix3(in, o, w, run);
			break;
		case 4:
			radix4(in, o, w, run);
			break;
		default:
			radix5(in, o, w, run);
			break;
		}
	}
}

void score_fft_run(const struct score_fft *f, double *data, double *work, size_t batch)
{
	double *x = data, *y = work;

	for (int i = 0; i < f->count; i++) {
		double *t;

		run_stage(&f->stage[i], x, y, batch);
		t = x;
		x = y;
		y = t;
	}
	if (x != data)
		memcpy(data, x, f->n * batch * 2 * sizeof(double));
}
