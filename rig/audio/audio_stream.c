/* audio_stream: the live kind of audio output, a PortAudio stream in
 * callback mode (the callback is audio_callback.c).
 *
 * The device comes from the spec: the default output, an index, or the
 * first output device whose name (or host API's name) contains the spec.
 * With no device at all, or a default that will not open, the output runs
 * silent and says why; a device the user named that does not exist is an
 * error listing those that do. ALSA and JACK print their own diagnostics
 * while PortAudio probes (cards that are not there, a JACK server that is
 * not running); those are silenced, since smpsim says what matters itself.
 * PortAudio itself is loaded here, when the first stream is opened
 * (portaudio_lib.h), not when smpsim starts: if it cannot be, a default
 * output runs silent and says why, and a device the user named is an error.
 *
 * Pacing a replay (stream_wait) is the main thread's: it sleeps until the
 * callback's frame count reaches the sample's frame, and asks PortAudio
 * nothing while it waits (on ALSA, Pa_IsStreamActive and Pa_GetStreamTime
 * take alsa-lib's lock on the PCM, which the audio thread holds while it
 * writes a buffer, so a thread polling them contends with it); that the
 * stream has ended comes from PortAudio's finished callback, as a flag. A
 * sink with no clock of its own plays as fast as the callback renders, far
 * ahead of real time: seen ahead of the wall clock by more than any
 * device's buffer, the stream is not waited for again, and the caller
 * paces the replay by the wall clock instead.
 */
#include "audio_output_kind.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio_callback.h"
#include "portaudio_lib.h"

#define QUEUE_COMMANDS 1024
#define QUEUE_STARTS 1024
#define PREFERRED_RATE 48000.0
#define FINISH_TIMEOUT_S 10.0
#define POLL_S 0.002
/* Ahead of the wall clock since a replay's first sample by more than this
 * plus twice the stream's latency: no device with a clock gets there (it
 * runs ahead by its buffer at most), a sink without one does at once. */
#define CLOCKLESS_LEAD_S 0.25

struct stream {
	PaStream *pa;
	bool initialized;
	struct audio_callback_state cb;
	bool anchored;
	uint64_t anchor_frames;
	int64_t anchor_us;
	double anchor_s;      /* monotonic, at the first wait */
	bool clockless;       /* seen playing faster than real time */
};

/* PortAudio, once audio_stream_open() has loaded it (portaudio_lib.h). */
static const struct portaudio_lib *pa_lib;

static void alsa_quiet(const char *file, int line, const char *function, int err,
		       const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)function;
	(void)err;
	(void)fmt;
}

static void jack_quiet(const char *msg)
{
	(void)msg;
}

static int initialize(void)
{
	if (pa_lib->alsa_set_error_handler)
		pa_lib->alsa_set_error_handler(alsa_quiet);
	if (pa_lib->jack_set_error_function) {
		pa_lib->jack_set_error_function(jack_quiet);
		pa_lib->jack_set_info_function(jack_quiet);
	}
	/* Probing must not start a JACK server on the user's machine. */
	setenv("JACK_NO_START_SERVER", "1", 0);
	return pa_lib->Initialize();
}

static bool contains(const char *hay, const char *needle)
{
	for (; *hay; hay++) {
		size_t i = 0;

		while (needle[i] && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (!needle[i])
			return true;
	}
	return false;
}

static void list_devices(char *note, size_t size, const char *spec)
{
	size_t used = (size_t)snprintf(note, size, "no output device '%s'; there are:", spec);

	for (PaDeviceIndex i = 0; i < pa_lib->GetDeviceCount() && used < size; i++) {
		const PaDeviceInfo *d = pa_lib->GetDeviceInfo(i);

		if (d && d->maxOutputChannels > 0)
			used += (size_t)snprintf(note + used, size - used, " %d (%s: %s)", i,
						 pa_lib->GetHostApiInfo(d->hostApi)->name, d->name);
	}
	if (used < size)
		snprintf(note + used, size - used, "%s",
			 pa_lib->GetDeviceCount() > 0 ? "" : " none");
}

/* @return the device for @p spec, or paNoDevice. A host API's name (JACK,
 * ALSA) is matched before device names, and gives that API's default
 * output: an ALSA PCM that happens to be called "jack" is not JACK. */
static PaDeviceIndex find_device(const char *spec)
{
	char *end;
	long index = strtol(spec, &end, 10);

	if (!strcmp(spec, "default"))
		return pa_lib->GetDefaultOutputDevice();
	if (end != spec && !*end) {
		const PaDeviceInfo *d = index >= 0 && index < pa_lib->GetDeviceCount() ?
					pa_lib->GetDeviceInfo((PaDeviceIndex)index) : NULL;

		return d && d->maxOutputChannels > 0 ? (PaDeviceIndex)index : paNoDevice;
	}
	for (PaHostApiIndex h = 0; h < pa_lib->GetHostApiCount(); h++) {
		const PaHostApiInfo *api = pa_lib->GetHostApiInfo(h);

		if (api && contains(api->name, spec) && api->defaultOutputDevice != paNoDevice)
			return api->defaultOutputDevice;
	}
	for (PaDeviceIndex i = 0; i < pa_lib->GetDeviceCount(); i++) {
		const PaDeviceInfo *d = pa_lib->GetDeviceInfo(i);

		if (d && d->maxOutputChannels > 0 && contains(d->name, spec))
			return i;
	}
	return paNoDevice;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	nanosleep(&ts, NULL);
}

static uint64_t frames_played(const struct stream *st)
{
	return atomic_load_explicit(&st->cb.frames, memory_order_acquire);
}

static bool finished(const struct stream *st)
{
	return atomic_load_explicit(&st->cb.finished, memory_order_acquire);
}

static int stream_send(struct audio_output *out, const struct audio_command *cmd)
{
	struct stream *st = out->kind;

	return spsc_queue_push(st->cb.commands, cmd) ? 0 : -EAGAIN;
}

/* Has the stream played further ahead of the wall clock, since the first
 * wait, than a device with a clock can? */
static bool runs_ahead(const struct audio_output *out, const struct stream *st,
		       uint64_t played)
{
	double lead = (double)(played - st->anchor_frames) / out->rate -
		      (now_s() - st->anchor_s);

	return lead > CLOCKLESS_LEAD_S + 2 * out->latency_ms / 1000;
}

static int stream_wait(struct audio_output *out, int64_t time_us)
{
	struct stream *st = out->kind;
	uint64_t target;

	if (st->clockless)
		return -ENOTSUP;
	if (!st->anchored) {
		st->anchored = true;
		st->anchor_frames = frames_played(st);
		st->anchor_us = time_us;
		st->anchor_s = now_s();
		return 0;
	}
	if (time_us <= st->anchor_us)
		return 0;
	target = st->anchor_frames + (uint64_t)((time_us - st->anchor_us) * out->rate / 1e6);
	while (!finished(st)) {
		uint64_t now = frames_played(st);
		double ahead;

		if (runs_ahead(out, st, now)) {
			st->clockless = true;
			return -ENOTSUP;
		}
		if (now >= target)
			return 0;
		ahead = (double)(target - now) / out->rate;
		sleep_s(ahead < POLL_S ? ahead : POLL_S);
	}
	return 0;
}

static int stream_finish(struct audio_output *out, int64_t end_us)
{
	struct stream *st = out->kind;
	/* One buffer still to come for what was just queued, the longest cue,
	 * the tone's fade: then the last sound has been rendered. */
	uint64_t tail = (uint64_t)((AUDIO_CUE_MAX_S + 0.05) * out->rate) + 8192;
	double deadline = now_s() + FINISH_TIMEOUT_S;

	(void)end_us;
	atomic_store_explicit(&st->cb.stop_at, frames_played(st) + tail, memory_order_release);
	while (!finished(st) && now_s() < deadline)
		sleep_s(0.005);
	/* Let the DAC play what was rendered before the stream is stopped. */
	sleep_s(out->latency_ms / 1000);
	pa_lib->StopStream(st->pa);
	return 0;
}

static size_t stream_starts(struct audio_output *out, struct audio_cue_start *starts,
			    size_t max)
{
	struct stream *st = out->kind;
	size_t n = 0;

	while (n < max && spsc_queue_pop(st->cb.starts, &starts[n]))
		n++;
	return n;
}

static double stream_clock(const struct audio_output *out)
{
	const struct stream *st = out->kind;

	return pa_lib->GetStreamTime(st->pa);
}

static void stream_destroy(struct audio_output *out)
{
	struct stream *st = out->kind;

	if (!st)
		return;
	if (st->pa) {
		pa_lib->AbortStream(st->pa);
		pa_lib->CloseStream(st->pa);
	}
	if (st->initialized)
		pa_lib->Terminate();
	spsc_queue_free(st->cb.commands);
	spsc_queue_free(st->cb.starts);
	audio_mixer_free(st->cb.mixer);
	free(st);
	out->kind = NULL;
}

static const struct audio_output_interface stream_interface = {
	.send = stream_send, .wait_until = stream_wait, .finish = stream_finish,
	.cue_starts = stream_starts, .clock = stream_clock, .destroy = stream_destroy,
};

/* Opens the stream at 48 kHz, or at the device's own rate if it will not
 * take that. (Asking first with Pa_IsFormatSupported sets the device up
 * once more, on ALSA with the largest buffer it allows: for a plugin with
 * no limit, such as the file plugin, hundreds of megabytes.) */
static PaError open_stream(struct stream *st, const PaStreamParameters *p,
			   const PaDeviceInfo *d, double *rate)
{
	PaError err;

	*rate = PREFERRED_RATE;
	err = pa_lib->OpenStream(&st->pa, NULL, p, *rate, paFramesPerBufferUnspecified,
			    paClipOff | paDitherOff, audio_callback, &st->cb);
	if (err != paNoError && d->defaultSampleRate != PREFERRED_RATE) {
		*rate = d->defaultSampleRate;
		err = pa_lib->OpenStream(&st->pa, NULL, p, *rate, paFramesPerBufferUnspecified,
				    paClipOff | paDitherOff, audio_callback, &st->cb);
	}
	if (err != paNoError)
		st->pa = NULL;
	return err;
}

int audio_stream_open(const char *spec, const struct audio_settings *settings,
		      struct audio_output *out, char *note, size_t note_size)
{
	struct stream *st = calloc(1, sizeof(*st));
	PaStreamParameters params = { 0 };
	const PaDeviceInfo *info;
	const PaStreamInfo *si;
	PaError err;
	bool named = strcmp(spec, "default") != 0;
	char why[512];
	int rc;

	if (!st)
		return -ENOMEM;
	out->kind = st;
	if (!(pa_lib = portaudio_lib_get(why, sizeof(why)))) {
		if (named) {
			snprintf(note, note_size, "audio: cannot load PortAudio: %s", why);
			stream_destroy(out);
			return -ELIBACC;
		}
		snprintf(note, note_size, "audio: running silent (cannot load PortAudio: %s)",
			 why);
		goto silent;
	}
	err = initialize();
	if (err != paNoError) {
		snprintf(note, note_size, "audio: running silent (PortAudio: %s)",
			 pa_lib->GetErrorText(err));
		goto silent;
	}
	st->initialized = true;
	params.device = find_device(spec);
	if (params.device == paNoDevice) {
		if (named) {
			list_devices(note, note_size, spec);
			stream_destroy(out);
			return -EINVAL;
		}
		snprintf(note, note_size, "audio: running silent (no sound device)");
		goto silent;
	}
	info = pa_lib->GetDeviceInfo(params.device);
	params.channelCount = 1;
	params.sampleFormat = paFloat32;
	params.suggestedLatency = info->defaultLowOutputLatency;
	err = open_stream(st, &params, info, &out->rate);
	/* The callback's state, complete before the stream starts. */
	if (err == paNoError &&
	    ((rc = spsc_queue_new(QUEUE_COMMANDS, sizeof(struct audio_command),
				   &st->cb.commands)) < 0 ||
	     (rc = spsc_queue_new(QUEUE_STARTS, sizeof(struct audio_cue_start),
				   &st->cb.starts)) < 0 ||
	     (rc = audio_mixer_new(out->rate, settings, &st->cb.mixer)) < 0)) {
		snprintf(note, note_size, "audio: %s", strerror(-rc));
		stream_destroy(out);
		return rc;
	}
	atomic_init(&st->cb.frames, 0);
	atomic_init(&st->cb.stop_at, UINT64_MAX);
	atomic_init(&st->cb.finished, false);
	if (err == paNoError &&
	    ((err = pa_lib->SetStreamFinishedCallback(st->pa, audio_callback_finished)) != paNoError ||
	     (err = pa_lib->StartStream(st->pa)) != paNoError)) {
		pa_lib->CloseStream(st->pa);
		st->pa = NULL;
	}
	if (err != paNoError) {
		if (named) {
			snprintf(note, note_size, "audio: cannot open %s: %s", info->name,
				 pa_lib->GetErrorText(err));
			stream_destroy(out);
			return -EIO;
		}
		snprintf(note, note_size, "audio: running silent (%s: %s)", info->name,
			 pa_lib->GetErrorText(err));
		goto silent;
	}
	si = pa_lib->GetStreamInfo(st->pa);
	out->latency_ms = si ? si->outputLatency * 1000 : 0;
	out->interface = &stream_interface;
	out->audible = true;
	snprintf(note, note_size, "audio: %s: %s, %.0f Hz, output latency %.1f ms (as PortAudio reports it)",
		 pa_lib->GetHostApiInfo(info->hostApi)->name, info->name, out->rate,
		 out->latency_ms);
	return 0;
silent:
	stream_destroy(out);
	audio_silent_init(out);
	return 0;
}
