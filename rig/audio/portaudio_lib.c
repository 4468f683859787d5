/* portaudio_lib: loads libportaudio.so.2 with dl_library on first use and
 * keeps the answer (the table, or why it failed) for the process's life.
 * ALSA's and JACK's hooks are looked up only among libraries PortAudio
 * itself loaded (RTLD_NOLOAD), and are optional: a PortAudio without JACK
 * is still PortAudio.
 */
#include "portaudio_lib.h"

#include <dlfcn.h>

#include "dl_library.h"

#define PA(field) DL_SYMBOL(struct portaudio_lib, field, "Pa_" #field)

static const struct dl_symbol portaudio_symbols[] = {
	PA(Initialize), PA(Terminate), PA(GetErrorText), PA(GetHostApiCount),
	PA(GetHostApiInfo), PA(GetDeviceCount), PA(GetDeviceInfo),
	PA(GetDefaultOutputDevice), PA(OpenStream), PA(SetStreamFinishedCallback),
	PA(StartStream), PA(StopStream), PA(AbortStream), PA(CloseStream),
	PA(GetStreamInfo), PA(GetStreamTime),
};

static const struct dl_symbol alsa_symbols[] = {
	DL_SYMBOL(struct portaudio_lib, alsa_set_error_handler, "snd_lib_error_set_handler"),
};

/* Resolved into a scratch table of its own: both or neither. */
static const struct dl_symbol jack_symbols[] = {
	DL_SYMBOL(struct portaudio_lib, jack_set_error_function, "jack_set_error_function"),
	DL_SYMBOL(struct portaudio_lib, jack_set_info_function, "jack_set_info_function"),
};

static struct dl_library_once state = DL_LIBRARY_ONCE_INIT;
static struct portaudio_lib lib;

/* An optional back end's functions, or NULLs: a failure is no error. */
static void load_optional(const char *soname, const struct dl_symbol *symbols,
			  size_t count)
{
	struct portaudio_lib scratch = lib;

	if (dl_library_open(soname, RTLD_NOLOAD, symbols, count, &scratch, NULL, 0) == 0)
		lib = scratch;
}

static void load(void)
{
	state.rc = dl_library_open(PORTAUDIO_LIB_SONAME, 0, portaudio_symbols,
				   sizeof(portaudio_symbols) / sizeof(portaudio_symbols[0]),
				   &lib, state.why, sizeof(state.why));
	if (state.rc < 0)
		return;
	load_optional("libasound.so.2", alsa_symbols,
		      sizeof(alsa_symbols) / sizeof(alsa_symbols[0]));
	load_optional("libjack.so.0", jack_symbols,
		      sizeof(jack_symbols) / sizeof(jack_symbols[0]));
}

const struct portaudio_lib *portaudio_lib_get(char *why, size_t why_size)
{
	pthread_once(&state.once, load);
	return dl_library_answer(&state, &lib, why, why_size);
}
