/* smpsim inspect: replays an evemu recording through the same pen source
 * and assembler as the live path and reports what a simulator would see:
 * the device, its size in mm and where that came from, duration, samples,
 * tip contacts and pressure range; every sample with --samples; JSON with
 * --json. Samples are printed as they come, so memory stays flat.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pen_stats.h"

static const char inspect_usage[] =
	"usage: smpsim inspect FILE [--desc FILE] [--pad-size WxH] [--samples] [--json]\n"
	"\n"
	"Replays an evemu recording (evemu-record's format, 1.0 to 1.3) and prints\n"
	"the device, its active area in mm, duration, pen samples, tip contacts and\n"
	"the pressure range while touching.\n"
	"\n"
	"  --desc FILE      the device description is in FILE (older recordings keep\n"
	"                   it apart from the events)\n"
	"  --pad-size WxH   the active area in mm, for devices that report no\n"
	"                   resolution and that libwacom does not know\n"
	"  --tip-down F     tip touches at this fraction of the pressure range\n"
	"                   (default 0.05, or the device's quirk)\n"
	"  --tip-up F       tip lifts at this fraction (default 0.01)\n"
	"  --samples        also print every sample\n"
	"  --json           print JSON instead of text\n"
	"\n"
	"A malformed recording is reported as FILE:LINE: what is wrong, exit 2.\n";

static const char *tool_name(enum pen_tool tool)
{
	switch (tool) {
	case PEN_TOOL_PEN: return "pen";
	case PEN_TOOL_ERASER: return "eraser";
	case PEN_TOOL_NONE: break;
	}
	return "none";
}

static void flag_words(uint32_t flags, char *buf, size_t size)
{
	static const struct { uint32_t flag; const char *word; } words[] = {
		{ PEN_PROXIMITY_IN, "prox-in" }, { PEN_PROXIMITY_OUT, "prox-out" },
		{ PEN_TIP_DOWN_EDGE, "tip-down" }, { PEN_TIP_UP_EDGE, "tip-up" },
		{ PEN_SYNTHESIZED, "forced" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!(flags & words[i].flag))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 used ? "," : "", words[i].word);
		if (used >= size)
			break;
	}
}

static void print_sample_text(const struct pen_sample *s)
{
	char words[64];

	flag_words(s->flags, words, sizeof(words));
	printf("%10.3f %8.3f %8.3f %6.4f %6.1f %6.1f %-6s %-4s %s\n",
	       s->time_us / 1000.0, s->x_mm, s->y_mm, s->pressure,
	       s->tilt_x_deg, s->tilt_y_deg, tool_name(s->tool),
	       (s->flags & PEN_TIP_DOWN) ? "down" : "up", words);
}

static void print_sample_json(const struct pen_sample *s, bool first)
{
	char words[64];

	flag_words(s->flags, words, sizeof(words));
	printf("%s\n    {\"t_ms\": %.3f, \"x_mm\": %.4f, \"y_mm\": %.4f, "
	       "\"pressure\": %.5f, \"tilt_x_deg\": %.2f, \"tilt_y_deg\": %.2f, "
	       "\"tool\": \"%s\", \"tip\": %s, \"events\": \"%s\"}",
	       first ? "" : ",", s->time_us / 1000.0, s->x_mm, s->y_mm,
	       s->pressure, s->tilt_x_deg, s->tilt_y_deg, tool_name(s->tool),
	       (s->flags & PEN_TIP_DOWN) ? "true" : "false", words);
}

static void print_header_text(const char *path, const struct pen_source *src)
{
	const struct pen_device *dev = pen_source_device(src);
	const struct pen_geometry *geo = pen_source_geometry(src);
	const struct pen_assembler_config *cfg = pen_source_config(src);
	const struct input_absinfo *p = &dev->abs[ABS_PRESSURE];

	printf("recording   %s\n", path);
	printf("device      %s (%04x:%04x)\n", dev->name, dev->id.vendor,
	       dev->id.product);
	printf("pad         %.1f x %.1f mm, from %s (%.1f x %.1f units/mm)\n",
	       geo->width_mm, geo->height_mm, pen_size_source_name(geo->source),
	       geo->x_units_per_mm, geo->y_units_per_mm);
	if (pen_device_has(dev, EV_ABS, ABS_PRESSURE))
		printf("pressure    %d levels; tip down at %g, up at %g of the range\n",
		       p->maximum - p->minimum + 1, cfg->tip_down, cfg->tip_up);
	else
		printf("pressure    none (tip from BTN_TOUCH)\n");
	printf("tilt        %s\n", pen_device_has(dev, EV_ABS, ABS_TILT_X) ? "yes" : "no");
}

static void print_summary_text(const struct pen_stats *st, unsigned long events)
{
	printf("duration    %.3f s\n", (st->last_us - st->first_us) / 1e6);
	printf("events      %lu\n", events);
	printf("samples     %lu\n", st->samples);
	printf("contacts    %lu\n", st->contacts);
	printf("proximity   %lu in, %lu out (%lu forced after silence)\n",
	       st->proximity_in, st->proximity_out, st->forced_out);
	if (st->touching)
		printf("pressure    %.4f .. %.4f while touching\n",
		       st->pressure_min, st->pressure_max);
	else
		printf("pressure    - (the tip never touched)\n");
}

static void print_json(const char *path, const struct pen_source *src,
		       const struct pen_stats *st, unsigned long events)
{
	const struct pen_device *dev = pen_source_device(src);
	const struct pen_geometry *geo = pen_source_geometry(src);

	printf("  \"recording\": ");
	cli_json_string(stdout, path);
	printf(",\n  \"device\": {\"name\": ");
	cli_json_string(stdout, dev->name);
	printf(", \"vendor\": \"%04x\", \"product\": \"%04x\", "
	       "\"width_mm\": %.2f, \"height_mm\": %.2f, \"size_from\": \"%s\"},\n",
	       dev->id.vendor, dev->id.product, geo->width_mm, geo->height_mm,
	       pen_size_source_name(geo->source));
	printf("  \"duration_s\": %.6f,\n  \"events\": %lu,\n  \"samples\": %lu,\n"
	       "  \"contacts\": %lu,\n  \"proximity_in\": %lu,\n"
	       "  \"proximity_out\": %lu,\n  \"forced_out\": %lu,\n",
	       (st->last_us - st->first_us) / 1e6, events, st->samples,
	       st->contacts, st->proximity_in, st->proximity_out, st->forced_out);
	if (st->touching)
		printf("  \"pressure_min\": %.5f,\n  \"pressure_max\": %.5f\n",
		       st->pressure_min, st->pressure_max);
	else
		printf("  \"pressure_min\": null,\n  \"pressure_max\": null\n");
}

static int open_failure(int rc)
{
	return rc == -ENOENT || rc == -EACCES ? CLI_FAILED : CLI_BAD_INPUT;
}

/* @return 0 if the recording reads to its end, else -EINVAL after
 * printing what is wrong. */
static int check_recording(const char *path, const char *desc,
			   const struct pen_source_options *popt)
{
	struct pen_source *src;
	struct pen_sample s;
	char err[PEN_SOURCE_ERROR_MAX];
	int rc = pen_source_open_recording(path, desc, popt, &src, err, sizeof(err));

	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		return rc;
	}
	while ((rc = pen_source_next(src, &s, -1)) == 1)
		;
	if (rc != -ENODATA)
		fprintf(stderr, "%s\n", pen_source_error(src));
	pen_source_free(src);
	return rc == -ENODATA ? 0 : -EINVAL;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option options[] = {
		{ "desc", required_argument, NULL, CLI_OPT_DESC },
		{ "pad-size", required_argument, NULL, CLI_OPT_PAD_SIZE },
		{ "tip-down", required_argument, NULL, CLI_OPT_TIP_DOWN },
		{ "tip-up", required_argument, NULL, CLI_OPT_TIP_UP },
		{ "samples", no_argument, NULL, CLI_OPT_SAMPLES },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pen_source_options popt = { .quirks_path = cli_quirks_path() };
	const char *desc = NULL, *path;
	bool samples = false, json = false;
	struct pen_source *src;
	struct pen_sample s;
	struct pen_stats st;
	char err[PEN_SOURCE_ERROR_MAX];
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if ((rc = cli_pen_option(opt, optarg, &popt)) != 0) {
			if (rc < 0)
				return CLI_BAD_INPUT;
			continue;
		}
		switch (opt) {
		case CLI_OPT_DESC: desc = optarg; break;
		case CLI_OPT_SAMPLES: samples = true; break;
		case CLI_OPT_JSON: json = true; break;
		case 'h': fputs(inspect_usage, stdout); return CLI_OK;
		default: fputs(inspect_usage, stderr); return CLI_BAD_INPUT;
		}
	}
	if (optind != argc - 1) {
		fputs(inspect_usage, stderr);
		return CLI_BAD_INPUT;
	}
	path = argv[optind];
	/* Samples are printed as they come; check the whole recording first so
	 * that a bad line near the end never follows pages of output. */
	if (samples && (rc = check_recording(path, desc, &popt)) < 0)
		return open_failure(rc);
	rc = pen_source_open_recording(path, desc, &popt, &src, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		return open_failure(rc);
	}
	if (json)
		printf("{\n%s", samples ? "  \"sample_list\": [" : "");
	else if (samples)
		print_header_text(path, src);
	if (samples && !json)
		printf("\n   time_ms     x_mm     y_mm  press  tiltx  tilty tool   tip  events\n");
	pen_stats_init(&st);
	while ((rc = pen_source_next(src, &s, -1)) == 1) {
		if (samples && json)
			print_sample_json(&s, st.samples == 0);
		else if (samples)
			print_sample_text(&s);
		pen_stats_add(&st, &s);
	}
	if (rc != -ENODATA) {
		/* Nothing half-printed passes for a result: stdout is cut here. */
		fflush(stdout);
		fprintf(stderr, "%s\n", pen_source_error(src));
		pen_source_free(src);
		return CLI_BAD_INPUT;
	}
	if (json) {
		printf("%s", samples ? "\n  ],\n" : "");
		print_json(path, src, &st, pen_source_event_count(src));
		printf("}\n");
	} else {
		if (samples)
			printf("\n");
		else
			print_header_text(path, src);
		print_summary_text(&st, pen_source_event_count(src));
	}
	pen_source_free(src);
	return CLI_OK;
}
