/* cli: what the smpsim subcommands share: exit codes, option parsing
 * helpers, where data/ is, and JSON string output.
 */
#ifndef SMPSIM_CLI_H
#define SMPSIM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "audio_mixer.h"
#include "audio_output.h"
#include "out_file.h"
#include "cli_quote.h"
#include "data_library.h"
#include "lesson.h"
#include "pen_source.h"
#include "sim_session.h"

enum cli_exit {
	CLI_OK = 0,
	CLI_FAILED = 1,   /**< the work could not be done (device, I/O) */
	CLI_BAD_INPUT = 2,/**< bad usage or a malformed input file */
};

/**
 * @return the data folder (data_dir.h): $SMPSIM_DATA_DIR, else
 * share/smpsim beside the program's bin/, else, for the program in its
 * build folder, the source tree's data/. When there is none, says so on
 * stderr once (where it looked, and that SMPSIM_DATA_DIR sets it) and
 * returns the folder beside the program, so that the caller's own error
 * names the file it missed. Static storage, for the whole run.
 */
const char *cli_data_dir(void);

/** Writes the data folder and where it came from, or where none was, to @p f. */
void cli_data_dir_describe(FILE *f);

/**
 * Opens the command's library of the data folder (data_library.h), through
 * which every scalp model, needle and lesson the command uses is parsed
 * once. main() opens it before the command runs and closes it after.
 * @return 0, or -ENOMEM.
 */
int cli_library_open(void);

/** Frees what the command's library holds. */
void cli_library_close(void);

/** @return the command's library of cli_data_dir() (cli_library_open()). */
struct data_library *cli_library(void);

/** @return the folder of input devices: $SMPSIM_INPUT_DIR, else /dev/input. */
const char *cli_input_dir(void);

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

struct device_scan;

/**
 * Says that @p scan (of cli_input_dir()) found no usable pen device, for
 * command @p cmd, which wanted one @p purpose ("to practise on"): the
 * folder and why it holds none, and how many devices were refused for
 * lack of permission. What to do next is the caller's to add.
 */
void cli_say_no_pen(const char *cmd, const char *purpose, const struct device_scan *scan);

/** Frees what cli_pen_init() loaded. */
void cli_pen_release(struct cli_pen *pen);

/**
 * Handles the pen options shared by commands that open a pen source:
 * --pad-size WxH, --tip-down F, --tip-up F. @return 1 when @p opt was one of
 * them (and was valid), 0 when it is not one, -1 after printing an error
 * that names command @p cmd.
 */
int cli_pen_option(const char *cmd, int opt, const char *arg, struct pen_source_options *o);

/** The getopt_long entries of the pen options, for a command's table. */
#define CLI_PEN_OPTIONS \
	{ "pad-size", required_argument, NULL, CLI_OPT_PAD_SIZE }, \
	{ "tip-down", required_argument, NULL, CLI_OPT_TIP_DOWN }, \
	{ "tip-up", required_argument, NULL, CLI_OPT_TIP_UP }

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
	CLI_OPT_CUE_VOLUME,
	CLI_OPT_NO_DEPTH_TONE,
};

/**
 * Parses --mapping's DX,DY,SCALE,DEG into @p m, within
 * sim_mapping_check()'s limits.
 * @return 0, or -1 after printing "smpsim CMD: --mapping TEXT: what is wrong".
 */
int cli_mapping_parse(const char *cmd, const char *text, struct sim_mapping *m);

/** The --help lines of --mapping, to follow a line that says its default. */
#define CLI_MAPPING_HELP \
	"  --mapping DX,DY,SCALE,DEG\n" \
	"                   place the pad on the scalp: scalp = (DX, DY) + SCALE *\n" \
	"                   (pad rotated DEG counter-clockwise); DX, DY within\n" \
	"                   +-1000 mm, SCALE 0.01 to 100, DEG +-360;\n"

/** The default of --mapping in a lesson's session, for CLI_MAPPING_HELP. */
#define CLI_MAPPING_LESSON_HELP \
	"                   default: the lesson's own mapping, else its work area\n" \
	"                   (zones and hairline, 5 mm around) centred on the pad at\n" \
	"                   real scale, refused when the pad is too small for it\n"

/** The sound options of a command that plays a session. */
struct cli_sound {
	const char *spec;                /**< --audio, or the command's default */
	struct audio_settings settings;
	bool force;                      /**< --force: wav:PATH may replace a file */
	/* What the command line said, which a lesson's `feedback:` may not
	 * change (cli_sound_lesson()). */
	bool tone_given;                 /**< --depth-tone or --no-depth-tone */
	bool cues_given;                 /**< --cues */
	bool volume_given[AUDIO_CUE_COUNT]; /**< --cue-volume NAME=V */
};

/** The getopt_long entries of the sound options, for a command's table. */
#define CLI_SOUND_OPTIONS \
	{ "audio", required_argument, NULL, CLI_OPT_AUDIO }, \
	{ "cues", required_argument, NULL, CLI_OPT_CUES }, \
	{ "cue-volume", required_argument, NULL, CLI_OPT_CUE_VOLUME }, \
	{ "volume", required_argument, NULL, CLI_OPT_VOLUME }, \
	{ "depth-tone", no_argument, NULL, CLI_OPT_DEPTH_TONE }, \
	{ "no-depth-tone", no_argument, NULL, CLI_OPT_NO_DEPTH_TONE }

/** Their --help lines. */
#define CLI_SOUND_HELP \
	"  --audio SPEC     where the feedback sounds: default, a device index or\n" \
	"                   name (or a host API: ALSA, JACK), none, or wav:PATH to\n" \
	"                   render it to a WAV file in the session's own time\n" \
	"  --cues LIST      which cues sound: all (default), none, or some of\n" \
	"                   overdeep,deep,shallow,crowded,gap,outside,tail\n" \
	"  --cue-volume NAME=V,...  one cue's volume, 0 to 1 (e.g. gap=0.5)\n" \
	"  --volume V       master volume, 0 to 1 (default 0.8)\n" \
	"  --depth-tone, --no-depth-tone\n" \
	"                   a tone while the needle is in the skin, its pitch the\n" \
	"                   depth (default off)\n"

/** The --help lines on where a session's sound comes from, after
 * CLI_SOUND_HELP in a command that plays a lesson. */
#define CLI_SOUND_LESSON_HELP \
	"                   precedence: command line > lesson (its feedback: may set\n" \
	"                   the depth tone and each cue's volume) > built-in default\n" \
	"                   (every cue on at full volume, no depth tone)\n"

/** The --help line of --force, for every command that writes a file. */
#define CLI_FORCE_HELP \
	"  --force          replace an existing file (a symbolic link there is replaced\n" \
	"                   itself, never followed); without it smpsim refuses\n"

/** The --help paragraph on how files are written. */
#define CLI_OUTPUT_HELP \
	"Files are written under a temporary name beside them (NAME.XXXXXX.part) and\n" \
	"renamed into place when complete, so none is ever half-written; an existing\n" \
	"file is replaced only with --force, and a folder, FIFO, socket or device never.\n"

/** Default settings, and @p default_spec (NULL: no sound unless asked). */
void cli_sound_init(struct cli_sound *sound, const char *default_spec);

/**
 * Applies lesson feedback @p fb to @p sound where the command line said
 * nothing: the depth tone unless --depth-tone or --no-depth-tone was
 * given; a cue named in the lesson is on when its volume is above 0
 * unless --cues was given, and takes that volume unless --cue-volume set
 * it. Cues the lesson does not name keep the built-in default.
 */
void cli_sound_lesson(struct cli_sound *sound, const struct lesson_feedback *fb);

/**
 * Prints on @p f the line that says what will sound and where each
 * setting came from, e.g. "Sound: depth tone on (lesson); cues overdeep 1,
 * deep 0.5 (lesson), ... (command line > lesson > built-in default)."
 * @p fb is the lesson's feedback that cli_sound_lesson() applied.
 */
void cli_sound_say(const struct cli_sound *sound, const struct lesson_feedback *fb,
		   FILE *f);

/**
 * Handles one of CLI_SOUND_OPTIONS. @return 1 when @p opt was one (and
 * valid), 0 when it is not, -1 after printing an error that names
 * command @p cmd.
 */
int cli_sound_option(const char *cmd, int opt, const char *arg, struct cli_sound *sound);

/**
 * Opens the output @p sound names (none when its spec is NULL: *out NULL),
 * printing the output's line (what plays, its latency, or that it runs
 * silent) on stderr. @return CLI_OK; CLI_BAD_INPUT for a bad spec or
 * device, CLI_FAILED when the WAV file cannot be made or PortAudio cannot
 * be loaded for a device named (after printing why).
 */
int cli_sound_open(const struct cli_sound *sound, const char *cmd,
		   struct audio_output **out);

/**
 * Opens @p path for a command's output (out_file.h): "-" is standard
 * output when @p to_stdout, an existing file may be replaced only with
 * @p force. @return 0 and *out, or -1 after printing "smpsim CMD: PATH:
 * what".
 */
int cli_out_open(const char *cmd, const char *path, bool force, bool to_stdout,
		 struct out_file **out);

/**
 * Commits @p file (out_file_commit()) and frees it.
 * @return CLI_OK, or CLI_FAILED after printing what failed.
 */
int cli_out_commit(const char *cmd, struct out_file *file);

/** Writes @p s as a JSON string, quotes included. */
void cli_json_string(FILE *f, const char *s);

/** Prints "smpsim CMD: MESSAGE" on stderr, MESSAGE quoted (cli_quote.h):
 * names and paths in it need no quoting of their own. */
void cli_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * Says what is wrong with the command line, then where the usage is:
 * "smpsim CMD: MESSAGE" (as cli_error()) and "Try 'smpsim CMD --help'."
 * on stderr: a required option not given is named ("missing --session N"),
 * not left to be found in the whole usage. @return CLI_BAD_INPUT.
 */
int cli_bad_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * After getopt_long() has said what is wrong with an option (unknown, or
 * its value missing: "smpsim CMD: unrecognized option '--x'"), says where
 * the usage is, "Try 'smpsim CMD --help'.", rather than printing the whole
 * usage after it. @p cmd may name a subcommand ("trainee open").
 * @return CLI_BAD_INPUT.
 */
int cli_bad_option(const char *cmd);

#endif
