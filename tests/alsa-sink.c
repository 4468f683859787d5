/* alsa-sink: the sound card the tests lack. ALSA's file plugin runs it
 * (`file "|alsa-sink OUT.wav"` in tests/data/alsa/asound.conf) and pipes
 * it the stream as a WAV; it takes the samples at exactly the stream's
 * byte rate, as a card's DAC would, and writes channel 0 to OUT.wav as
 * 16-bit mono PCM, its header right when it ends (at the end of input).
 *
 * Its clock is the pipe's backpressure: it reads one millisecond of frames
 * at each tick of CLOCK_MONOTONIC (clock_nanosleep to absolute times), so
 * the file plugin's write() blocks until the samples are taken, and with
 * it PortAudio's ALSA thread, which runs smpsim's callback between writes:
 * the callback, and the frame count that paces a replay, run at real
 * time. How far the writer runs ahead is what the pipe holds (64 KiB);
 * ALSA's plug gives 64 channels of S16_LE, so that is 512 frames, 10.7 ms
 * at 48 kHz (one mono channel would be 32768 frames, 0.68 s: the writer
 * would be that far ahead, and catch up in bursts as long).
 *
 * When the writer is late (the machine is busy) and the sink finds nothing
 * to read at a tick, or the sink itself wakes late, its clock stops until
 * samples come again instead of catching up by reading a burst: a burst
 * would let the callback run ahead of the replay by as much, and a cue
 * would be late by it in the file. The file holds exactly the frames the
 * stream played, in order.
 *
 * With --clockless it reads as fast as the writer writes: the sink ALSA's
 * null plugin is (no clock of its own). The stream then plays minutes of
 * sound a second, nearly all of it silence, so the file keeps only the
 * first 0.1 s of each stretch of silence (longer than the 30 ms that
 * separate cues for tests/audio_analysis.c): every cue, in order, in a
 * file of a few seconds.
 *
 * Usage: alsa-sink [--clockless] OUT.wav
 * Exit status 0; 1 when the input is not the WAV stream expected or
 * OUT.wav cannot be written (said on standard error, which is the
 * writer's); 2 for bad usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TICKS_PER_S 1000
#define MAX_FRAME_BYTES 512

struct format {
	unsigned channels, rate, frame_bytes;
	size_t silence_max;      /* frames of silence kept in a row */
	size_t silence;          /* frames of silence in a row so far */
};

static int fail(const char *what)
{
	fprintf(stderr, "alsa-sink: %s\n", what);
	return 1;
}

static uint32_t le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

/* Reads exactly @p n bytes unless the input ends. @return the bytes read,
 * or -1 on a read error. */
static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The header the file plugin writes: RIFF, a 16-byte fmt chunk of 16-bit
 * integer PCM, then data (its sizes unknown in a pipe). */
static int read_header(int fd, struct format *f)
{
	unsigned char h[44];

	if (read_full(fd, h, sizeof(h)) != (ssize_t)sizeof(h))
		return fail("standard input ends before a WAV header");
	if (memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVEfmt ", 8) || le(h + 16, 4) != 16 ||
	    memcmp(h + 36, "data", 4))
		return fail("standard input is not the WAV stream of ALSA's file plugin");
	f->channels = le(h + 22, 2);
	f->rate = le(h + 24, 4);
	f->frame_bytes = le(h + 32, 2);
	if (le(h + 20, 2) != 1 || le(h + 34, 2) != 16 || f->channels == 0 ||
	    f->frame_bytes != f->channels * 2 || f->frame_bytes > MAX_FRAME_BYTES ||
	    f->rate < TICKS_PER_S || f->rate % TICKS_PER_S)
		return fail("the stream is not 16-bit PCM at a whole number of kHz");
	return 0;
}

static void write_header(unsigned char *h, unsigned rate, uint32_t frames)
{
	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + frames * 2, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);
	put_le(h + 20, 1, 2);
	put_le(h + 22, 1, 2);
	put_le(h + 24, rate, 4);
	put_le(h + 28, rate * 2, 4);
	put_le(h + 32, 2, 2);
	put_le(h + 34, 16, 2);
	memcpy(h + 36, "data", 4);
	put_le(h + 40, frames * 2, 4);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	struct timespec ts = { (time_t)t, (long)((t - (time_t)t) * 1e9) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Writes channel 0 of the @p bytes / frame_bytes whole frames in @p buf,
 * but no more than silence_max silent ones in a row. */
static int keep(FILE *out, struct format *f, const unsigned char *buf, size_t bytes,
		uint32_t *frames)
{
	for (size_t i = 0; i + f->frame_bytes <= bytes; i += f->frame_bytes) {
		f->silence = buf[i] || buf[i + 1] ? 0 : f->silence + 1;
		if (f->silence > f->silence_max)
			continue;
		if (fwrite(buf + i, 2, 1, out) != 1)
			return -1;
		++*frames;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[MAX_FRAME_BYTES * 192], header[44] = { 0 };
	bool clockless = argc == 3 && !strcmp(argv[1], "--clockless");
	const char *path = argv[argc - 1];
	struct format f;
	uint32_t frames = 0;
	size_t chunk;
	double tick, start = 0;
	uint64_t ticks = 0;
	FILE *out;
	int rc = 0;

	if (argc != 2 && !clockless) {
		fprintf(stderr, "usage: alsa-sink [--clockless] OUT.wav\n");
		return 2;
	}
	if (read_header(STDIN_FILENO, &f))
		return 1;
	f.silence = 0;
	f.silence_max = clockless ? f.rate / 10 : SIZE_MAX;
	chunk = f.rate / TICKS_PER_S;
	tick = 1.0 / TICKS_PER_S;
	if (chunk * f.frame_bytes > sizeof(buf))
		return fail("the stream's rate is too high");
	out = fopen(path, "wb");
	if (!out || fwrite(header, sizeof(header), 1, out) != 1) {
		perror(path);
		return 1;
	}
	for (;;) {
		ssize_t got;
		double late;

		if (!clockless) {
			if (ticks == 0)
				start = now_s();
			sleep_until(start + (double)ticks * tick);
		}
		got = read_full(STDIN_FILENO, buf, chunk * f.frame_bytes);
		if (got < 0) {
			perror("alsa-sink: standard input");
			rc = -1;
			break;
		}
		if (keep(out, &f, buf, (size_t)got, &frames) < 0)
			rc = -1;
		if ((size_t)got < chunk * f.frame_bytes || rc < 0)
			break;
		/* Late (starved, or woken late): the clock stopped until now. */
		late = clockless ? 0 : now_s() - (start + (double)ticks * tick);
		ticks = late > tick ? 0 : ticks + 1;
	}
	write_header(header, f.rate, frames);
	if (rc == 0 && (fseek(out, 0, SEEK_SET) != 0 || fwrite(header, sizeof(header), 1, out) != 1))
		rc = -1;
	if (fclose(out) != 0)
		rc = -1;
	if (rc < 0) {
		perror(path);
		return 1;
	}
	return 0;
}
