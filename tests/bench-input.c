/* bench-input: how fast recordings are parsed and pen frames assembled.
 *
 * Builds a long recording by repeating the Wacom Cintiq fixture (times
 * shifted so they keep rising) into a temporary file, then measures, each
 * seven times and reporting the median:
 *   parse+assemble  pen_source over the file, as `smpsim inspect` runs it
 *                   (which checks the whole file first as it opens);
 *   check only      evemu_reader_check over the file: that first pass alone,
 *                   what a replay pays before its first sample;
 *   assemble only   pen_assembler_push over the same events held in memory;
 *   reference       a memchr line count over the file's bytes in memory,
 *                   the floor any line reader pays, so the ratio says how
 *                   far the parser is from touching each byte once.
 * Usage: bench-input [FIXTURE] [REPEATS]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evemu_reader.h"
#include "evemu_writer.h"
#include "pen_assembler.h"
#include "pen_source.h"
#include "quirks_load.h"

#define RUNS 7

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v)
{
	qsort(v, RUNS, sizeof(*v), cmp_double);
	return v[RUNS / 2];
}

/* Reads the fixture once; writes it REPEATS times with rising times. */
static size_t make_recording(const char *fixture, int repeats, const char *out,
			     struct pen_device *dev, struct input_event **events)
{
	struct evemu_reader *r;
	struct input_event ev, *one = NULL;
	size_t n = 0, cap = 0, total;
	struct timeval origin = { 0, 0 };
	FILE *f;

	if (evemu_reader_new_from_file(fixture, &r) < 0 ||
	    evemu_reader_read_description(r, dev) < 0) {
		fprintf(stderr, "bench-input: cannot read %s\n", fixture);
		exit(1);
	}
	while (evemu_reader_next_event(r, &ev) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			one = realloc(one, cap * sizeof(*one));
			if (!one)
				exit(1);
		}
		one[n++] = ev;
	}
	evemu_reader_free(r);
	total = n * (size_t)repeats;
	*events = malloc(total * sizeof(**events));
	f = fopen(out, "w");
	if (!*events || !f || evemu_writer_description(f, dev) < 0)
		exit(1);
	for (int k = 0; k < repeats; k++) {
		for (size_t i = 0; i < n; i++) {
			struct input_event e = one[i];

			/* 1 s per repeat keeps times rising; the fixture is 0.5 s. */
			e.input_event_sec += k;
			(*events)[(size_t)k * n + i] = e;
			evemu_writer_event(f, &e, &origin);
		}
	}
	if (fclose(f) != 0)
		exit(1);
	free(one);
	return total;
}

int main(int argc, char **argv)
{
	const char *fixture = argc > 1 ? argv[1] :
		SMPSIM_FIXTURES_DIR "/wacom-cintiq-13hd-pen.evemu";
	int repeats = argc > 2 ? atoi(argv[2]) : 5000;
	char path[] = "/tmp/bench-input-XXXXXX";
	struct pen_device dev;
	struct input_event *events;
	double parse[RUNS], assemble[RUNS], reference[RUNS], check[RUNS];
	size_t total, frames = 0;
	char *bytes;
	long size;
	int fd = mkstemp(path);
	FILE *f;

	struct device_quirk *quirks;
	size_t quirk_count;
	char qerr[512];

	if (fd < 0 || repeats <= 0)
		return 1;
	if (quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &quirk_count,
			qerr, sizeof(qerr)) < 0) {
		fprintf(stderr, "%s\n", qerr);
		return 1;
	}
	close(fd);
	total = make_recording(fixture, repeats, path, &dev, &events);

	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	bytes = malloc((size_t)size);
	if (!bytes || fread(bytes, 1, (size_t)size, f) != (size_t)size)
		return 1;
	fclose(f);

	for (int run = 0; run < RUNS; run++) {
		struct pen_source_options o = { .quirks = quirks, .quirk_count = quirk_count };
		struct pen_source *src;
		struct pen_assembler *pa;
		struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
		char err[PEN_SOURCE_ERROR_MAX];
		size_t lines = 0, samples = 0;
		const char *p = bytes, *end = bytes + size;
		double t0;

		t0 = now_s();
		if (pen_source_open_recording(path, NULL, &o, &src, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		while (pen_source_next(src, s, -1) == 1)
			samples++;
		pen_source_free(src);
		parse[run] = now_s() - t0;

		if (pen_assembler_new(&dev, &(struct pen_geometry){ 200, 200, 1, 1, PEN_SIZE_RESOLUTION },
				      NULL, &pa) < 0)
			return 1;
		t0 = now_s();
		frames = 0;
		for (size_t i = 0; i < total; i++)
			frames += pen_assembler_push(pa, &events[i], s);
		assemble[run] = now_s() - t0;
		pen_assembler_free(pa);

		t0 = now_s();
		{
			struct evemu_reader *r;

			if (evemu_reader_new_from_file(path, &r) < 0 || evemu_reader_check(r) < 0)
				return 1;
			evemu_reader_free(r);
		}
		check[run] = now_s() - t0;

		t0 = now_s();
		while ((p = memchr(p, '\n', (size_t)(end - p)))) {
			p++;
			lines++;
		}
		reference[run] = now_s() - t0;
		if (samples != frames || lines < total) {
			fprintf(stderr, "bench-input: runs disagree (%zu samples, %zu frames)\n",
				samples, frames);
			return 1;
		}
	}
	unlink(path);

	{
		double mp = median(parse), ma = median(assemble), mr = median(reference);
		double mc = median(check);

		printf("recording: %zu events, %zu samples, %.1f MB (%s x %d)\n",
		       total, frames, size / 1e6, fixture, repeats);
		printf("parse+assemble: %.3f s median of %d, %.2f M events/s\n",
		       mp, RUNS, total / mp / 1e6);
		printf("check only:     %.3f s median of %d, %.2f M events/s, %.0f%% of "
		       "parse+assemble\n", mc, RUNS, total / mc / 1e6, 100 * mc / mp);
		printf("assemble only:  %.4f s median of %d, %.1f M events/s\n",
		       ma, RUNS, total / ma / 1e6);
		printf("reference (memchr over the bytes): %.4f s, %.1f M lines/s; "
		       "parse+assemble takes %.1fx the reference\n",
		       mr, total / mr / 1e6, mp / mr);
	}
	free(bytes);
	free(events);
	free(quirks);
	return 0;
}
