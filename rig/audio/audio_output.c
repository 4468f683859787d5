/* audio_output: reads --audio's spec and hands it to the kind that serves
 * it (audio_stream.c, audio_wav.c, or the silent kind, audio_silent.c),
 * then passes each call to that kind's interface (audio_output_kind.h).
 */
#include "audio_output_kind.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int audio_output_open(const char *spec, const struct audio_settings *settings,
		      unsigned int file_flags, struct audio_output **result, char *note,
		      size_t note_size)
{
	struct audio_output *out = calloc(1, sizeof(*out));
	int rc = 0;

	*result = NULL;
	if (!out)
		return -ENOMEM;
	audio_silent_init(out);
	if (!spec || !*spec) {
		snprintf(note, note_size, "--audio needs default, a device, none or wav:PATH");
		rc = -EINVAL;
	} else if (!strcmp(spec, "none")) {
		snprintf(note, note_size, "audio: none");
	} else if (!strncmp(spec, "wav:", 4)) {
		rc = spec[4] ? audio_wav_open(spec + 4, settings, file_flags, out, note,
					      note_size) : -EINVAL;
		if (!spec[4])
			snprintf(note, note_size, "--audio wav: needs a file, e.g. wav:session.wav");
	} else {
		rc = audio_stream_open(spec, settings, out, note, note_size);
	}
	if (rc < 0) {
		free(out);
		return rc;
	}
	*result = out;
	return 0;
}

void audio_output_free(struct audio_output *out)
{
	if (!out)
		return;
	out->interface->destroy(out);
	free(out);
}

bool audio_output_audible(const struct audio_output *out)
{
	return out->audible;
}

double audio_output_latency_ms(const struct audio_output *out)
{
	return out->latency_ms;
}

double audio_output_rate(const struct audio_output *out)
{
	return out->rate;
}

int audio_output_send(struct audio_output *out, const struct audio_command *cmd)
{
	return out->interface->send(out, cmd);
}

int audio_output_wait_until(struct audio_output *out, int64_t time_us)
{
	return out->interface->wait_until(out, time_us);
}

int audio_output_finish(struct audio_output *out, int64_t end_us)
{
	return out->interface->finish(out, end_us);
}

size_t audio_output_cue_starts(struct audio_output *out, struct audio_cue_start *starts,
			       size_t max)
{
	return out->interface->cue_starts(out, starts, max);
}

double audio_output_clock(const struct audio_output *out)
{
	return out->interface->clock(out);
}

const struct out_file *audio_output_file(const struct audio_output *out)
{
	return out && out->interface->file ? out->interface->file(out) : NULL;
}
