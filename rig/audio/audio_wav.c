/* audio_wav: --audio wav:PATH. The session's sound rendered offline, in
 * the session's own time: each command is applied at the frame of its
 * session time, round(t * rate), after the mixer has rendered every frame
 * before it. The file is 16-bit PCM mono at 48 kHz, written through
 * out_file.h (a temporary beside PATH, renamed to PATH only when complete),
 * so an interrupted run never leaves a file that looks whole, and nothing
 * at PATH is written through or replaced unless allowed. The header is
 * written again at the end with the sizes, so PATH cannot be standard
 * output.
 */
#include "audio_output_kind.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_file.h"

#define WAV_RATE 48000.0
#define CHUNK 1024
#define HEADER_BYTES 44

struct wav {
	struct audio_mixer *mixer;
	struct out_file *file;
	FILE *f;              /* the file's stream */
	uint64_t frames;      /* rendered so far */
	int error;            /* first write error, as an errno */
	int16_t pcm[CHUNK];
	float buf[CHUNK];
};

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static int write_header(struct wav *w)
{
	unsigned char h[HEADER_BYTES];
	uint64_t data = w->frames * 2;

	if (data > UINT32_MAX - 36)
		return -EFBIG;
	memcpy(h, "RIFF", 4);
	put_le(h + 4, (uint32_t)(36 + data), 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);                    /* fmt chunk size */
	put_le(h + 20, 1, 2);                     /* PCM */
	put_le(h + 22, 1, 2);                     /* mono */
	put_le(h + 24, (uint32_t)WAV_RATE, 4);
	put_le(h + 28, (uint32_t)WAV_RATE * 2, 4);/* bytes per second */
	put_le(h + 32, 2, 2);                     /* bytes per frame */
	put_le(h + 34, 16, 2);                    /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le(h + 40, (uint32_t)data, 4);
	if (fseek(w->f, 0, SEEK_SET) != 0 || fwrite(h, 1, sizeof(h), w->f) != sizeof(h))
		return -errno ? -errno : -EIO;
	return fseek(w->f, 0, SEEK_END) != 0 ? -errno : 0;
}

/* Renders frames up to (not including) @p target. */
static void render_to(struct wav *w, uint64_t target)
{
	while (w->frames < target && !w->error) {
		size_t n = target - w->frames < CHUNK ? (size_t)(target - w->frames) : CHUNK;

		audio_mixer_render(w->mixer, w->buf, n);
		for (size_t i = 0; i < n; i++)
			w->pcm[i] = (int16_t)lrintf(w->buf[i] * 32767.0f);
		/* WAV is little-endian, as is every machine smpsim builds on. */
		if (fwrite(w->pcm, sizeof(int16_t), n, w->f) != n)
			w->error = errno ? errno : EIO;
		w->frames += n;
	}
}

static uint64_t frame_of(int64_t time_us)
{
	return time_us <= 0 ? 0 : (uint64_t)llround(time_us * WAV_RATE / 1e6);
}

static int wav_send(struct audio_output *out, const struct audio_command *cmd)
{
	struct wav *w = out->kind;

	render_to(w, frame_of(cmd->time_us));
	audio_mixer_apply(w->mixer, cmd);
	return 0;
}

static int wav_finish(struct audio_output *out, int64_t end_us)
{
	struct wav *w = out->kind;
	char err[OUT_FILE_ERROR_MAX];
	int rc;

	render_to(w, frame_of(end_us));
	/* Let the last cue and the tone's fade play out. */
	while (audio_mixer_busy(w->mixer) && !w->error)
		render_to(w, w->frames + CHUNK);
	if (w->error)
		return -w->error;
	rc = write_header(w);
	if (rc == 0)
		rc = out_file_commit(w->file, err, sizeof(err));
	w->f = NULL;
	out_file_free(w->file);
	w->file = NULL;
	return rc;
}

static double wav_clock(const struct audio_output *out)
{
	const struct wav *w = out->kind;

	return w->frames / WAV_RATE;
}

static void wav_destroy(struct audio_output *out)
{
	struct wav *w = out->kind;

	if (!w)
		return;
	out_file_free(w->file);   /* removes an unfinished file */
	audio_mixer_free(w->mixer);
	free(w);
}

static const struct out_file *wav_file(const struct audio_output *out)
{
	const struct wav *w = out->kind;

	return w->file;
}

static const struct audio_output_interface wav_interface = {
	.send = wav_send, .wait_until = audio_no_wait, .finish = wav_finish,
	.cue_starts = audio_no_starts, .clock = wav_clock, .file = wav_file,
	.destroy = wav_destroy,
};

int audio_wav_open(const char *path, const struct audio_settings *settings,
		   unsigned int file_flags, struct audio_output *out, char *note,
		   size_t note_size)
{
	struct wav *w = calloc(1, sizeof(*w));
	int rc = -ENOMEM;

	if (!w || (rc = audio_mixer_new(WAV_RATE, settings, &w->mixer)) < 0) {
		snprintf(note, note_size, "the WAV renderer: %s", strerror(-rc));
		goto fail;
	}
	rc = out_file_open(path, file_flags & ~OUT_FILE_STDOUT, &w->file, note, note_size);
	if (rc < 0)
		goto fail;
	w->f = out_file_stream(w->file);
	if ((rc = write_header(w)) < 0) {
		snprintf(note, note_size, "%s: %s", path, strerror(-rc));
		goto fail;
	}
	out->interface = &wav_interface;
	out->kind = w;
	out->rate = WAV_RATE;
	out->audible = true;
	snprintf(note, note_size, "audio: rendering to %s (16-bit mono, %.0f Hz, "
		 "in session time)", path, WAV_RATE);
	return 0;
fail:
	out->kind = w;
	wav_destroy(out);
	out->kind = NULL;
	return rc;
}
