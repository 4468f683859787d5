/* cli: what the smpsim subcommands share: exit codes, option parsing
 * helpers, where data/ is, and JSON string output.
 */
#ifndef SMPSIM_CLI_H
#define SMPSIM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "audio_mixer.h"
#include "pen_source.h"

enum cli_exit {
	CLI_OK = 0,
	CLI_FAILED = 1,   /**< the work could not be done (device, I/O) */
	CLI_BAD_INPUT = 2,/**< bad usage or a malformed input file */
};

/** @return the data folder: $SMPSIM_DATA_DIR, else the one built in. */
const char *cli_data_dir(void);

/** The pen source options of a command, with the device quirks behind them. */
struct cli_pen {
	struct pen_source_options options;
	struct device_quirk *quirks;
};

/**
 * Loads data/devices/quirks.yaml into @p pen (zeroed by the caller; the
 * options parsed so far are kept). @return 0, or -1 after printing
 * "file:line: what is wrong".
 */
int cli_pen_init(struct cli_pen *pen);

/** Frees what cli_pen_init() loaded. */
void cli_pen_release(struct cli_pen *pen);

/**
 * Handles the pen options shared by commands that open a pen source:
 * --pad-size WxH, --tip-down F, --tip-up F. @return 1 when @p opt was one of
 * them (and was valid), 0 when it is not one, -1 after printing an error.
 */
int cli_pen_option(int opt, const char *arg, struct pen_source_options *o);

/** getopt_long codes for the options above (beyond any character). */
enum {
	CLI_OPT_PAD_SIZE = 0x100,
	CLI_OPT_TIP_DOWN,
	CLI_OPT_TIP_UP,
	CLI_OPT_DESC,
	CLI_OPT_JSON,
	CLI_OPT_SAMPLES,
	CLI_OPT_DURATION,
	CLI_OPT_FORCE,
	CLI_OPT_SCALP,
	CLI_OPT_NEEDLE,
	CLI_OPT_EVENTS,
	CLI_OPT_MAPPING,
	CLI_OPT_AUDIO,
	CLI_OPT_CUES,
	CLI_OPT_VOLUME,
	CLI_OPT_DEPTH_TONE,
};

/**
 * Handles the sound options of commands that play a session: --cues LIST,
 * --volume V, --depth-tone. @return 0, or -1 after printing an error.
 */
int cli_sound_option(int opt, const char *arg, struct audio_settings *settings);

/** Writes @p s as a JSON string, quotes included. */
void cli_json_string(FILE *f, const char *s);

/** Prints "smpsim CMD: MESSAGE" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int cmd_devices(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_score(int argc, char **argv);

#endif
