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

int cli_sound_option(int opt, const char *arg, struct audio_settings *settings)
{
	char *end;
	double v;

	switch (opt) {
	case CLI_OPT_CUES:
		if (audio_settings_select(settings, arg) < 0) {
			fprintf(stderr, "smpsim: --cues takes all, none, or a comma-separated "
				"list of overdeep, shallow, crowded, gap, outside, tail; not '%s'\n",
				arg);
			return -1;
		}
		return 0;
	case CLI_OPT_VOLUME:
		v = strtod(arg, &end);
		if (end == arg || *end || !(v >= 0 && v <= 1)) {
			fprintf(stderr, "smpsim: --volume takes 0 to 1, not '%s'\n", arg);
			return -1;
		}
		settings->volume = (float)v;
		return 0;
	case CLI_OPT_DEPTH_TONE:
		settings->depth_tone = true;
		return 0;
	default:
		return -1;
	}
}
