/* cli: shared pieces of the command line, kept apart so each cmd_*.c holds
 * only its own command.
 */
#include "cli.h"

#include "quirks_load.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *cli_data_dir(void)
{
	const char *env = getenv("SMPSIM_DATA_DIR");

	return env && *env ? env : SMPSIM_DATA_DIR;
}

/* The command's data library: one command, one library (main()). */
static struct data_library *library;

int cli_library_open(void)
{
	return data_library_new(cli_data_dir(), &library);
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
	char path[4096], err[512];
	size_t count;

	snprintf(path, sizeof(path), "%s/devices/quirks.yaml", cli_data_dir());
	if (quirks_load(path, &pen->quirks, &count, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	pen->options.quirks = pen->quirks;
	pen->options.quirk_count = count;
	return 0;
}

void cli_pen_release(struct cli_pen *pen)
{
	free(pen->quirks);
	pen->quirks = NULL;
}

static int fraction(const char *name, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v > 0 && v < 1)) {
		fprintf(stderr, "smpsim: %s needs a fraction between 0 and 1, "
			"not '%s'\n", name, arg);
		return -1;
	}
	*out = v;
	return 1;
}

int cli_pen_option(int opt, const char *arg, struct pen_source_options *o)
{
	switch (opt) {
	case CLI_OPT_PAD_SIZE:
		if (pen_pad_size_parse(arg, &o->pad_size) < 0) {
			fprintf(stderr, "smpsim: --pad-size needs WIDTHxHEIGHT in "
				"mm, e.g. 139.7x101.6, not '%s'\n", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_TIP_DOWN:
		return fraction("--tip-down", arg, &o->tip_down);
	case CLI_OPT_TIP_UP:
		return fraction("--tip-up", arg, &o->tip_up);
	default:
		return 0;
	}
}

void cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "smpsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_sound_init(struct cli_sound *sound, const char *default_spec)
{
	sound->spec = default_spec;
	audio_settings_default(&sound->settings);
}

static int volume(const char *name, const char *arg, float *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= 0 && v <= 1)) {
		fprintf(stderr, "smpsim: %s takes 0 to 1, not '%s'\n", name, arg);
		return -1;
	}
	*out = (float)v;
	return 1;
}

/* "gap=0.5,tail=0.3": every pair checked before any is applied. */
static int cue_volumes(const char *arg, struct audio_settings *s)
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
		if (volume("--cue-volume", word, &v[cue]) < 0)
			return -1;
		set[cue] = true;
		p += n + (p[n] == ',');
	}
	for (int i = 0; i < AUDIO_CUE_COUNT; i++)
		if (set[i])
			s->cue_volume[i] = v[i];
	return 1;
bad:
	fprintf(stderr, "smpsim: --cue-volume takes NAME=V pairs such as gap=0.5,tail=0.3 "
		"(names: overdeep, shallow, crowded, gap, outside, tail), not '%s'\n", arg);
	return -1;
}

int cli_sound_option(int opt, const char *arg, struct cli_sound *sound)
{
	switch (opt) {
	case CLI_OPT_AUDIO:
		sound->spec = arg;
		return 1;
	case CLI_OPT_CUES:
		if (audio_settings_select(&sound->settings, arg) < 0) {
			fprintf(stderr, "smpsim: --cues takes all, none, or a comma-separated "
				"list of overdeep, shallow, crowded, gap, outside, tail; not '%s'\n",
				arg);
			return -1;
		}
		return 1;
	case CLI_OPT_CUE_VOLUME:
		return cue_volumes(arg, &sound->settings);
	case CLI_OPT_VOLUME:
		return volume("--volume", arg, &sound->settings.volume);
	case CLI_OPT_DEPTH_TONE:
		sound->settings.depth_tone = true;
		return 1;
	default:
		return 0;
	}
}

int cli_sound_open(const struct cli_sound *sound, const char *cmd,
		   struct audio_output **out)
{
	char note[AUDIO_OUTPUT_TEXT_MAX];
	int rc;

	*out = NULL;
	if (!sound->spec)
		return 0;
	rc = audio_output_open(sound->spec, &sound->settings, out, note, sizeof(note));
	if (rc < 0)
		cli_error(cmd, "%s", note);
	else
		fprintf(stderr, "%s\n", note);
	return rc < 0 ? -1 : 0;
}
