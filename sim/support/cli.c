/* cli: shared pieces of the command line, kept apart so each cmd_*.c holds
 * only its own command.
 */
#include "cli.h"

#include "data_dir.h"
#include "device_scan.h"
#include "quirks_load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The data folder, looked for once (data_dir.c). */
static struct {
	bool looked, told;
	enum data_dir_origin origin;
	char dir[4096];
	char where[8192 + 256];
} data;

static const char *data_dir_silent(void)
{
	if (!data.looked) {
		data.origin = data_dir_find(data.dir, sizeof(data.dir), data.where,
					    sizeof(data.where));
		data.looked = true;
	}
	return data.dir;
}

const char *cli_data_dir(void)
{
	data_dir_silent();
	if (data.origin == DATA_DIR_NONE && !data.told) {
		fprintf(stderr, "smpsim: no data folder (lessons, scalp models, "
			"needles, device quirks): not at %s; set SMPSIM_DATA_DIR "
			"to the folder that holds them\n", cli_quote(data.where));
		data.told = true;
	}
	return data.dir;
}

void cli_data_dir_describe(FILE *f)
{
	static const char *const from[] = {
		[DATA_DIR_ENV] = "from $SMPSIM_DATA_DIR",
		[DATA_DIR_INSTALLED] = "beside the program",
		[DATA_DIR_BUILD_TREE] = "the source tree's, for the program in its build folder",
	};

	data_dir_silent();
	if (data.origin == DATA_DIR_NONE)
		fprintf(f, "none found: not at %s", cli_quote(data.where));
	else
		fprintf(f, "%s\n  (%s)", cli_quote(data.dir), from[data.origin]);
}

/* The command's data library: one command, one library (main()). */
static struct data_library *library;

/* The search path's folders before the data folder's: those of
 * $SMPSIM_LESSONS_PATH in order (empty items skipped), then the user's,
 * $XDG_DATA_HOME/smpsim/lessons (else ~/.local/share/smpsim/lessons). A
 * folder that does not exist is kept: it holds nothing; one the user named
 * in $SMPSIM_LESSONS_PATH is said, since a typo there would otherwise hide
 * an academy's lessons without a word. */
static int add_lesson_folders(struct data_library *lib)
{
	const char *env = getenv("SMPSIM_LESSONS_PATH");
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char dir[4096];
	int rc = 0;

	for (const char *p = env; p && *p && rc == 0;) {
		size_t n = strcspn(p, ":");

		if (n && n < sizeof(dir)) {
			struct stat st;

			snprintf(dir, sizeof(dir), "%.*s", (int)n, p);
			if (stat(dir, &st) < 0)
				fprintf(stderr, "smpsim: $SMPSIM_LESSONS_PATH names %s: %s\n",
					cli_quote(dir), strerror(errno));
			else if (!S_ISDIR(st.st_mode))
				fprintf(stderr, "smpsim: $SMPSIM_LESSONS_PATH names %s, which is not "
					"a folder\n", cli_quote(dir));
			rc = data_library_add_folder(lib, dir, "$SMPSIM_LESSONS_PATH");
		}
		p += n + (p[n] == ':');
	}
	if (rc == 0 && xdg && xdg[0] == '/') {  /* as the record's: absolute only */
		snprintf(dir, sizeof(dir), "%s/smpsim/lessons", xdg);
		rc = data_library_add_folder(lib, dir, "$XDG_DATA_HOME/smpsim/lessons");
	} else if (rc == 0 && home && *home) {
		snprintf(dir, sizeof(dir), "%s/.local/share/smpsim/lessons", home);
		rc = data_library_add_folder(lib, dir, "~/.local/share/smpsim/lessons");
	}
	return rc;
}

int cli_library_open(void)
{
	/* Silent: commands that read no data file work without one, and
	 * those that do say so when they look (cli_data_dir()). */
	int rc = data_library_new(data_dir_silent(), &library);

	return rc < 0 ? rc : add_lesson_folders(library);
}

void cli_library_close(void)
{
	data_library_free(library);
	library = NULL;
}

struct data_library *cli_library(void)
{
	return library;
}

const char *cli_input_dir(void)
{
	const char *env = getenv("SMPSIM_INPUT_DIR");

	return env && *env ? env : "/dev/input";
}

int cli_pen_init(struct cli_pen *pen)
{
	static const char quirks[] = "/devices/quirks.yaml";
	char path[sizeof(data.dir) + sizeof(quirks)], err[512];
	size_t count;

	snprintf(path, sizeof(path), "%s%s", cli_data_dir(), quirks);
	if (quirks_load(path, &pen->quirks, &count, err, sizeof(err)) < 0) {
		cli_quote_message(err);
		return -1;
	}
	pen->options.quirks = pen->quirks;
	pen->options.quirk_count = count;
	return 0;
}

void cli_say_no_pen(const char *cmd, const char *purpose, const struct device_scan *scan)
{
	cli_error(cmd, "no pen device %s (%s%s%s).", purpose, cli_input_dir(),
		  scan->dir_error ? ": " : " has none",
		  scan->dir_error ? strerror(-scan->dir_error) : "");
	if (scan->denied)
		fprintf(stderr, "%zu input device%s could not be opened for lack of "
			"permission: 'smpsim devices' says how to fix that.\n",
			scan->denied, scan->denied == 1 ? "" : "s");
}

void cli_pen_release(struct cli_pen *pen)
{
	free(pen->quirks);
	pen->quirks = NULL;
}

static int fraction(const char *cmd, const char *name, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v > 0 && v < 1)) {
		cli_error(cmd, "%s needs a fraction between 0 and 1, not '%s'", name,
			  cli_quote(arg));
		return -1;
	}
	*out = v;
	return 1;
}

int cli_pen_option(const char *cmd, int opt, const char *arg, struct pen_source_options *o)
{
	switch (opt) {
	case CLI_OPT_PAD_SIZE:
		if (pen_pad_size_parse(arg, &o->pad_size) < 0) {
			cli_error(cmd, "--pad-size needs WIDTHxHEIGHT in mm, e.g. "
				  "139.7x101.6, not '%s'", cli_quote(arg));
			return -1;
		}
		return 1;
	case CLI_OPT_TIP_DOWN:
		return fraction(cmd, "--tip-down", arg, &o->tip_down);
	case CLI_OPT_TIP_UP:
		return fraction(cmd, "--tip-up", arg, &o->tip_up);
	default:
		return 0;
	}
}

int cli_mapping_parse(const char *cmd, const char *text, struct sim_mapping *m)
{
	const char *at = text;
	char why[256];
	double v[4];
	char *end;

	for (int i = 0; i < 4; i++) {
		v[i] = strtod(at, &end);
		if (end == at || *end != (i < 3 ? ',' : '\0')) {
			cli_error(cmd, "--mapping %s: needs DX,DY,SCALE,DEG, e.g. 20,10,1,0", text);
			return -1;
		}
		at = end + 1;
	}
	*m = (struct sim_mapping){ v[0], v[1], v[2], v[3] };
	if (sim_mapping_check(m, why, sizeof(why)) < 0) {
		cli_error(cmd, "--mapping %s: %s", text, why);
		return -1;
	}
	return 0;
}

/* Control characters (C0, DEL, C1) as \u escapes, so JSON printed on a
 * terminal cannot drive it either; a byte that is not UTF-8 (JSON text
 * must be) as U+FFFD. */
void cli_json_string(FILE *f, const char *s)
{
	char shown[CLI_QUOTE_CHAR_MAX];

	fputc('"', f);
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t len = 1;

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			fputc(c, f);
		} else {
			/* cli_quote_char() shows a C1 control as \u00XX and a
			 * stray byte as \xHH: the first is JSON already. */
			len = cli_quote_char(s, false, shown);
			if (shown[0] == '\\' && shown[1] == 'x')
				fputs("\\ufffd", f);
			else
				fputs(shown, f);
		}
		s += len;
	}
	fputc('"', f);
}

/* The whole message is quoted: whatever it carries (a name, a path, a
 * store's or a reader's sentence about them) reaches the terminal as
 * text. */
void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char small[512], *msg = small;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small) && (msg = malloc((size_t)n + 1))) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "smpsim %s: %s\n", cmd, cli_quote(msg ? msg : small));
	if (msg != small)
		free(msg);
}

int cli_bad_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_error(cmd, "%s", msg);
	fprintf(stderr, "Try 'smpsim %s --help'.\n", cmd);
	return CLI_BAD_INPUT;
}

int cli_bad_option(const char *cmd)
{
	fprintf(stderr, "Try 'smpsim %s --help'.\n", cmd);
	return CLI_BAD_INPUT;
}

void cli_sound_init(struct cli_sound *sound, const char *default_spec)
{
	memset(sound, 0, sizeof(*sound));
	sound->spec = default_spec;
	audio_settings_default(&sound->settings);
}

void cli_sound_lesson(struct cli_sound *sound, const struct lesson_feedback *fb)
{
	struct audio_settings *s = &sound->settings;

	if (fb->depth_tone_set && !sound->tone_given)
		s->depth_tone = fb->depth_tone;
	for (int i = 0; i < AUDIO_CUE_COUNT; i++) {
		if (!fb->cue_set[i])
			continue;
		if (!sound->cues_given)
			s->cue_on[i] = fb->cue_volume[i] > 0;
		/* 0 silences a cue; its volume stays for --cues to bring back. */
		if (!sound->volume_given[i] && fb->cue_volume[i] > 0)
			s->cue_volume[i] = fb->cue_volume[i];
	}
}

void cli_sound_say(const struct cli_sound *sound, const struct lesson_feedback *fb,
		   FILE *f)
{
	const struct audio_settings *s = &sound->settings;

	fprintf(f, "Sound: depth tone %s (%s); cues", s->depth_tone ? "on" : "off",
		sound->tone_given ? "command line" : fb->depth_tone_set ? "lesson" : "default");
	/* Each figure is labelled with whoever set it: for a cue that sounds,
	 * its volume's; for one that does not, whoever silenced it. */
	for (int i = 0; i < AUDIO_CUE_COUNT; i++) {
		const char *from;

		if (s->cue_on[i])
			from = sound->volume_given[i] ? "command line"
			       : fb->cue_set[i] ? "lesson" : "default";
		else
			from = sound->cues_given ? "command line" : "lesson";
		fprintf(f, "%s %s ", i ? "," : "", audio_cue_name((enum audio_cue)i));
		if (s->cue_on[i])
			fprintf(f, "%g", s->cue_volume[i]);
		else
			fputs("off", f);
		fprintf(f, " (%s)", from);
	}
	/* The master volume is the command line's or the default (a lesson
	 * sets only its cues'); the rule of precedence said once, apart. */
	fprintf(f, "; master volume %g. The command line overrides the lesson, and the "
		"lesson the defaults.\n", s->volume);
}

static int volume(const char *cmd, const char *name, const char *arg, float *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= 0 && v <= 1)) {
		cli_error(cmd, "%s takes 0 to 1, not '%s'", name, cli_quote(arg));
		return -1;
	}
	*out = (float)v;
	return 1;
}

/* "gap=0.5,tail=0.3": every pair checked before any is applied. */
static int cue_volumes(const char *cmd, const char *arg, struct audio_settings *s,
		       bool *given)
{
	float v[AUDIO_CUE_COUNT];
	bool set[AUDIO_CUE_COUNT] = { false };
	char word[64];

	memcpy(v, s->cue_volume, sizeof(v));
	for (const char *p = arg; *p;) {
		size_t n = strcspn(p, ","), k = strcspn(p, "=");
		enum audio_cue cue;

		if (n >= sizeof(word) || k >= n)
			goto bad;
		memcpy(word, p, k);
		word[k] = '\0';
		if ((cue = audio_cue_from_name(word)) == AUDIO_CUE_COUNT)
			goto bad;
		memcpy(word, p + k + 1, n - k - 1);
		word[n - k - 1] = '\0';
		if (volume(cmd, "--cue-volume", word, &v[cue]) < 0)
			return -1;
		set[cue] = true;
		p += n + (p[n] == ',');
	}
	for (int i = 0; i < AUDIO_CUE_COUNT; i++)
		if (set[i]) {
			s->cue_volume[i] = v[i];
			given[i] = true;
		}
	return 1;
bad:
	cli_error(cmd, "--cue-volume takes NAME=V pairs such as gap=0.5,tail=0.3 (names: "
		  "overdeep, deep, shallow, crowded, gap, outside, tail), not '%s'",
		  cli_quote(arg));
	return -1;
}

int cli_sound_option(const char *cmd, int opt, const char *arg, struct cli_sound *sound)
{
	switch (opt) {
	case CLI_OPT_AUDIO:
		/* The WAV's header is written last, and the command's text goes
		 * to standard output. */
		if (!strcmp(arg, "wav:-")) {
			cli_error(cmd, "--audio wav:-: standard output carries the command's "
				  "own text; give a file name");
			return -1;
		}
		sound->spec = arg;
		return 1;
	case CLI_OPT_CUES:
		if (audio_settings_select(&sound->settings, arg) < 0) {
			cli_error(cmd, "--cues takes all, none, or a comma-separated list of "
				  "overdeep, deep, shallow, crowded, gap, outside, tail; not '%s'",
				  cli_quote(arg));
			return -1;
		}
		sound->cues_given = true;
		return 1;
	case CLI_OPT_CUE_VOLUME:
		return cue_volumes(cmd, arg, &sound->settings, sound->volume_given);
	case CLI_OPT_VOLUME:
		return volume(cmd, "--volume", arg, &sound->settings.volume);
	case CLI_OPT_DEPTH_TONE:
	case CLI_OPT_NO_DEPTH_TONE:
		sound->settings.depth_tone = opt == CLI_OPT_DEPTH_TONE;
		sound->tone_given = true;
		return 1;
	default:
		return 0;
	}
}

int cli_sound_open(const struct cli_sound *sound, const char *cmd,
		   struct audio_output **out)
{
	char note[OUT_FILE_ERROR_MAX];
	int rc;

	*out = NULL;
	if (!sound->spec)
		return CLI_OK;
	rc = audio_output_open(sound->spec, &sound->settings,
			       sound->force ? OUT_FILE_REPLACE : 0, out, note, sizeof(note));
	if (rc == 0) {
		cli_quote_message(note);
		return CLI_OK;
	}
	cli_error(cmd, "%s", note);
	if (rc == -ELIBACC) /* PortAudio is not installed: not the user's input */
		return CLI_FAILED;
	return !strncmp(sound->spec, "wav:", 4) && sound->spec[4] ? CLI_FAILED : CLI_BAD_INPUT;
}

int cli_out_open(const char *cmd, const char *path, bool force, bool to_stdout,
		 struct out_file **out)
{
	char err[OUT_FILE_ERROR_MAX];
	unsigned int flags = (force ? OUT_FILE_REPLACE : 0) | (to_stdout ? OUT_FILE_STDOUT : 0);

	if (out_file_open(path, flags, out, err, sizeof(err)) == 0)
		return 0;
	cli_error(cmd, "%s", err);
	return -1;
}

int cli_out_commit(const char *cmd, struct out_file *file)
{
	char err[OUT_FILE_ERROR_MAX];
	int rc = out_file_commit(file, err, sizeof(err));

	if (rc < 0)
		cli_error(cmd, "%s", err);
	out_file_free(file);
	return rc < 0 ? CLI_FAILED : CLI_OK;
}
