/* portaudio_lib: PortAudio, loaded the first time a sound output is opened
 * (dl_library.h says why), and the functions audio_stream.c uses from it.
 *
 * Each member has the type of the PortAudio function it points to, taken
 * from <portaudio.h> itself, so a call through it is checked as a direct
 * call would be. The table is the process's, filled once; it never
 * changes or goes away after.
 */
#ifndef SMPSIM_PORTAUDIO_LIB_H
#define SMPSIM_PORTAUDIO_LIB_H

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>
#include <stddef.h>

/** The SONAME loaded: Debian's libportaudio2. */
#define PORTAUDIO_LIB_SONAME "libportaudio.so.2"

struct portaudio_lib {
	__typeof__(Pa_Initialize) *Initialize;
	__typeof__(Pa_Terminate) *Terminate;
	__typeof__(Pa_GetErrorText) *GetErrorText;
	__typeof__(Pa_GetHostApiCount) *GetHostApiCount;
	__typeof__(Pa_GetHostApiInfo) *GetHostApiInfo;
	__typeof__(Pa_GetDeviceCount) *GetDeviceCount;
	__typeof__(Pa_GetDeviceInfo) *GetDeviceInfo;
	__typeof__(Pa_GetDefaultOutputDevice) *GetDefaultOutputDevice;
	__typeof__(Pa_OpenStream) *OpenStream;
	__typeof__(Pa_SetStreamFinishedCallback) *SetStreamFinishedCallback;
	__typeof__(Pa_StartStream) *StartStream;
	__typeof__(Pa_StopStream) *StopStream;
	__typeof__(Pa_AbortStream) *AbortStream;
	__typeof__(Pa_CloseStream) *CloseStream;
	__typeof__(Pa_GetStreamInfo) *GetStreamInfo;
	__typeof__(Pa_GetStreamTime) *GetStreamTime;
	/* The back ends PortAudio brought with it, to quiet their own
	 * diagnostics: NULL when this PortAudio was built without them (they
	 * are never loaded for this alone). */
	__typeof__(snd_lib_error_set_handler) *alsa_set_error_handler;
	__typeof__(jack_set_error_function) *jack_set_error_function;
	__typeof__(jack_set_info_function) *jack_set_info_function;
};

/**
 * Loads PortAudio (PORTAUDIO_LIB_SONAME) the first time it is called, from
 * any thread; later calls return the same answer.
 * @param why  on failure, filled with what went wrong (the library is not
 *             installed, or lacks a function); may be NULL
 * @return the functions (static: valid for the life of the process), or
 *         NULL when PortAudio cannot be loaded.
 */
const struct portaudio_lib *portaudio_lib_get(char *why, size_t why_size);

#endif
