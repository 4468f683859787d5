/* audio_silent: the silent kind of audio output, nothing but no-ops. It is
 * what --audio none opens, what a stream falls back to when there is no
 * device, and what every output starts as; the WAV renderer borrows its
 * no-op wait and cue starts (no clock to wait for, no callback to report).
 * Apart from audio_output.c so the kinds call it and it calls none of them.
 */
#include "audio_output_kind.h"

#include <string.h>

static int silent_send(struct audio_output *out, const struct audio_command *cmd)
{
	(void)out;
	(void)cmd;
	return 0;
}

int audio_no_wait(struct audio_output *out, int64_t time_us)
{
	(void)out;
	(void)time_us;
	return 0;
}

static int silent_finish(struct audio_output *out, int64_t end_us)
{
	(void)out;
	(void)end_us;
	return 0;
}

size_t audio_no_starts(struct audio_output *out, struct audio_cue_start *starts,
		       size_t max)
{
	(void)out;
	(void)starts;
	(void)max;
	return 0;
}

static double silent_clock(const struct audio_output *out)
{
	(void)out;
	return 0;
}

static void silent_destroy(struct audio_output *out)
{
	(void)out;
}

static const struct audio_output_interface silent_interface = {
	.send = silent_send, .wait_until = audio_no_wait, .finish = silent_finish,
	.cue_starts = audio_no_starts, .clock = silent_clock, .destroy = silent_destroy,
};

void audio_silent_init(struct audio_output *out)
{
	memset(out, 0, sizeof(*out));
	out->interface = &silent_interface;
}
