/* audio_output: where the simulator's sound goes, chosen by --audio SPEC:
 *   default       the system's default output device
 *   N / NAME      a PortAudio device by index, or by part of its name
 *                 (or of its host API's, e.g. "JACK")
 *   none          no sound
 *   wav:PATH      render the session, in the session's own time, to a WAV
 * One interface over the kinds (a live PortAudio stream, a WAV renderer,
 * silence). No sound device is not an error: the output runs silent and
 * says so.
 */
#ifndef SMPSIM_AUDIO_OUTPUT_H
#define SMPSIM_AUDIO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio_cue.h"
#include "audio_mixer.h"

#define AUDIO_OUTPUT_TEXT_MAX 512

/** A cue the callback started: for latency figures. */
struct audio_cue_start {
	enum audio_cue cue;
	int64_t time_us;      /**< session time of the command */
	uint64_t frame;       /**< the stream's frame its first sample is, counted from 0 */
	double callback_at;   /**< output clock when the callback that started it ran */
	double dac_at;        /**< output clock when its first sample reaches the DAC */
};

struct audio_output;

/**
 * Opens the output @p spec names, with @p settings.
 * @param file_flags  for wav:PATH, out_file.h's OUT_FILE_REPLACE (an
 *              existing PATH may be replaced) or 0; PATH is never "-"
 * @param note  receives a line for the user: what plays, at which rate and
 *              latency, or that it runs silent and why
 * @return 0 and *out; -EINVAL for a bad spec or an unknown device (@p note
 * lists the devices); a negative errno when a WAV file cannot be created
 * (out_file_open()'s: -EEXIST, -EISDIR, -EINVAL for a FIFO, socket or
 * device, -ENOENT, -EACCES...); -ELIBACC when a device is named and
 * PortAudio cannot be loaded (for "default", the output runs silent and
 * @p note says why).
 */
int audio_output_open(const char *spec, const struct audio_settings *settings,
		      unsigned int file_flags, struct audio_output **out, char *note,
		      size_t note_size);

/** Stops and frees the output (a WAV not finished is removed). Accepts NULL. */
void audio_output_free(struct audio_output *out);

/** @return true when commands make sound or samples (a stream or a WAV). */
bool audio_output_audible(const struct audio_output *out);

/** @return the output latency PortAudio reports for the open stream
 * (Pa_GetStreamInfo), in ms; 0 for WAV and silence. */
double audio_output_latency_ms(const struct audio_output *out);

/** @return the sample rate, or 0 when silent. */
double audio_output_rate(const struct audio_output *out);

/**
 * Sends one command. A stream plays it as soon as the callback next runs;
 * a WAV renderer places it at the frame of its session time.
 * @return 0, or -EAGAIN when the stream's queue is full (dropped).
 */
int audio_output_send(struct audio_output *out, const struct audio_command *cmd);

/**
 * Paces a replay by the audio clock: returns once the stream has played up
 * to session time @p time_us (counted from the first call). Returns at
 * once for WAV and silence.
 * @return 0; or -ENOTSUP, at once, when the stream has been seen to play
 * faster than real time since the first call (a sink with no clock of its
 * own, such as ALSA's null or file plugin): the audio clock cannot pace
 * this replay, and every later call says so too.
 */
int audio_output_wait_until(struct audio_output *out, int64_t time_us);

/**
 * The session ended at @p end_us: lets every cue sent play out, then stops
 * the stream (by frame count, not wall time) or completes the WAV file
 * (written under a temporary name and renamed only now, out_file.h).
 * @return 0, or a negative errno (the WAV could not be written).
 */
int audio_output_finish(struct audio_output *out, int64_t end_us);

/**
 * Takes the reports of cues the stream started since the last call.
 * @return the number written to @p starts (at most @p max).
 */
size_t audio_output_cue_starts(struct audio_output *out, struct audio_cue_start *starts,
			       size_t max);

/** @return the output clock now (PortAudio stream time), 0 when none. On
 * ALSA this takes alsa-lib's lock on the PCM, which the audio thread holds
 * while it writes: for benchmarks, not for the session loop. */
double audio_output_clock(const struct audio_output *out);

struct out_file;

/** @return the file the output writes (wav:PATH), NULL for any other;
 * valid until audio_output_finish() or audio_output_free(). */
const struct out_file *audio_output_file(const struct audio_output *out);

#endif
