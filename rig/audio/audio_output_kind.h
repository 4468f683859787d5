/* audio_output_kind: the interface each kind of audio output implements
 * (a PortAudio stream, a WAV renderer, silence), private to audio_output.c
 * and the kinds (audio_stream.c, audio_wav.c, audio_silent.c).
 */
#ifndef SMPSIM_AUDIO_OUTPUT_KIND_H
#define SMPSIM_AUDIO_OUTPUT_KIND_H

#include "audio_output.h"

struct audio_output_interface {
	int (*send)(struct audio_output *out, const struct audio_command *cmd);
	int (*wait_until)(struct audio_output *out, int64_t time_us);
	int (*finish)(struct audio_output *out, int64_t end_us);
	size_t (*cue_starts)(struct audio_output *out, struct audio_cue_start *starts,
			     size_t max);
	double (*clock)(const struct audio_output *out);
	/* The file it writes, or NULL (optional: NULL for kinds with none). */
	const struct out_file *(*file)(const struct audio_output *out);
	void (*destroy)(struct audio_output *out);
};

struct audio_output {
	const struct audio_output_interface *interface;
	double rate;
	double latency_ms;
	bool audible;
	void *kind;  /* the kind's own state */
};

/** Opens a PortAudio stream on the device @p spec names ("default", an
 * index or a name), loading PortAudio the first time; falls back to
 * silence when there is no device, or no PortAudio, for "default".
 * @return as audio_output_open() */
int audio_stream_open(const char *spec, const struct audio_settings *settings,
		      struct audio_output *out, char *note, size_t note_size);

/** Opens a WAV renderer writing @p path through out_file.h with
 * @p file_flags (OUT_FILE_REPLACE or 0). */
int audio_wav_open(const char *path, const struct audio_settings *settings,
		   unsigned int file_flags, struct audio_output *out, char *note,
		   size_t note_size);

/** Makes @p out silent (audio_silent.c, like the two below). */
void audio_silent_init(struct audio_output *out);

/** For kinds that are not paced by a clock of their own: returns 0 at once. */
int audio_no_wait(struct audio_output *out, int64_t time_us);

/** For kinds that report no cue starts (no DAC to time). */
size_t audio_no_starts(struct audio_output *out, struct audio_cue_start *starts,
		       size_t max);

#endif
