/* inspect_print: text and JSON for `smpsim inspect`. JSON is written by
 * hand (cli_json_string escapes strings): output only, streamed item by
 * item, never held whole in memory. Fault bits print as words, joined by
 * commas in text and as arrays in JSON.
 */
#include "inspect_print.h"

#include <stdio.h>

#include "cli.h"

static const char *tool_name(enum pen_tool tool)
{
	switch (tool) {
	case PEN_TOOL_PEN: return "pen";
	case PEN_TOOL_ERASER: return "eraser";
	case PEN_TOOL_BRUSH: return "brush";
	case PEN_TOOL_PENCIL: return "pencil";
	case PEN_TOOL_AIRBRUSH: return "airbrush";
	case PEN_TOOL_NONE: case PEN_TOOL_COUNT: break;
	}
	return "none";
}

static void sample_words(uint32_t flags, char *buf, size_t size)
{
	static const struct { uint32_t flag; const char *word; } words[] = {
		{ PEN_PROXIMITY_IN, "prox-in" }, { PEN_PROXIMITY_OUT, "prox-out" },
		{ PEN_TIP_DOWN_EDGE, "tip-down" }, { PEN_TIP_UP_EDGE, "tip-up" },
		{ PEN_SYNTHESIZED, "forced" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && used < size; i++)
		if (flags & words[i].flag)
			used += (size_t)snprintf(buf + used, size - used, "%s%s",
						 used ? "," : "", words[i].word);
}

/* Fault words: "a,b" in text, "\"a\", \"b\"" for a JSON array. */
static void fault_words(uint32_t faults, bool json, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint32_t bit = 1; bit && used < size; bit <<= 1) {
		const char *w = (faults & bit) ? deposit_fault_name(bit) : NULL;

		if (w)
			used += (size_t)snprintf(buf + used, size - used,
						 json ? "%s\"%s\"" : "%s%s",
						 used ? (json ? ", " : ",") : "", w);
	}
}

void inspect_tally_add(struct inspect_tally *t, const struct deposit *d)
{
	t->deposits++;
	t->lines += d->kind == DEPOSIT_LINE;
	t->by_class[d->depth_class]++;
	for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++)
		t->by_fault[i] += !!(d->faults & (1u << i));
}

void inspect_print_header(struct inspect_printer *pr, const char *path,
			  const struct pen_source *src, const struct sim_session *sim)
{
	const struct pen_device *dev = pen_source_device(src);
	const struct pen_geometry *geo = pen_source_geometry(src);
	const struct device_settings *set = pen_source_settings(src);
	const struct input_absinfo *p = &dev->abs[ABS_PRESSURE];

	(void)pr;
	printf("recording   %s\n", cli_quote(path));
	printf("device      %s (%04x:%04x)\n", cli_quote(dev->name), dev->id.vendor,
	       dev->id.product);
	printf("pad         %.1f x %.1f mm, from %s (%.1f x %.1f units/mm)\n",
	       geo->width_mm, geo->height_mm, pen_size_source_name(geo->source),
	       geo->x_units_per_mm, geo->y_units_per_mm);
	if (pen_device_has(dev, EV_ABS, ABS_PRESSURE))
		printf("pressure    %d levels; tip down at %g, up at %g of the range\n",
		       p->maximum - p->minimum + 1, set->assembler.tip_down,
		       set->assembler.tip_up);
	else
		printf("pressure    none (tip from BTN_TOUCH)\n");
	printf("tilt        %s\n", pen_device_has(dev, EV_ABS, ABS_TILT_X) ? "yes" : "no");
	if (sim) {
		const struct sim_setup *st = sim_session_setup(sim);

		printf("scalp       %s (%s), %.0f x %.0f mm, %zu regions\n",
		       cli_quote(st->scalp->id), cli_quote(st->scalp->name),
		       st->scalp->width_mm, st->scalp->height_mm, st->scalp->region_count);
		printf("needle      %s (%s), hang %.2f mm\n", cli_quote(st->needle->id),
		       cli_quote(st->needle->name), st->needle->hang_mm);
		printf("force       pressure 1.0 reads as %.2f N\n", st->force_full_scale_n);
	}
}

void inspect_print_stream_start(struct inspect_printer *pr)
{
	if (pr->json)
		printf("  \"stream\": [");
	else
		printf("\n   time_ms     x_mm     y_mm  press  tiltx  tilty tool   tip  events\n");
}

void inspect_print_sample(struct inspect_printer *pr, const struct pen_sample *s)
{
	char words[64];

	sample_words(s->flags, words, sizeof(words));
	if (pr->json)
		printf("%s\n    {\"type\": \"sample\", \"t_ms\": %.3f, \"x_mm\": %.4f, "
		       "\"y_mm\": %.4f, \"pressure\": %.5f, \"tilt_x_deg\": %.2f, "
		       "\"tilt_y_deg\": %.2f, \"tool\": \"%s\", \"tip\": %s, "
		       "\"events\": \"%s\"}", pr->items ? "," : "", s->time_us / 1000.0,
		       s->x_mm, s->y_mm, s->pressure, s->tilt_x_deg, s->tilt_y_deg,
		       tool_name(s->tool), (s->flags & PEN_TIP_DOWN) ? "true" : "false",
		       words);
	else
		printf("%10.3f %8.3f %8.3f %6.4f %6.1f %6.1f %-6s %-4s %s\n",
		       s->time_us / 1000.0, s->x_mm, s->y_mm, s->pressure,
		       s->tilt_x_deg, s->tilt_y_deg, tool_name(s->tool),
		       (s->flags & PEN_TIP_DOWN) ? "down" : "up", words);
	pr->items++;
}

void inspect_print_event(struct inspect_printer *pr, const struct sim_event *e)
{
	char what[64] = "";

	if (e->kind == SIM_DEPTH_CROSSED)
		snprintf(what, sizeof(what), "%s", deposit_depth_class_name(e->depth_class));
	else if (e->kind == SIM_FAULT)
		snprintf(what, sizeof(what), "%s", deposit_fault_name(e->fault));
	if (pr->json)
		printf("%s\n    {\"type\": \"%s\", \"t_ms\": %.3f, \"deposit\": %u, "
		       "\"x_mm\": %.4f, \"y_mm\": %.4f, \"depth_mm\": %.4f, \"what\": \"%s\"}",
		       pr->items ? "," : "", sim_event_kind_name(e->kind), e->time_us / 1000.0,
		       e->deposit, e->x_mm, e->y_mm, e->depth_mm, what);
	else
		printf("%10.3f   > %-16s #%u at %.2f, %.2f mm, depth %.3f mm %s\n",
		       e->time_us / 1000.0, sim_event_kind_name(e->kind), e->deposit,
		       e->x_mm, e->y_mm, e->depth_mm, what);
	pr->items++;
}

void inspect_print_stream_end(struct inspect_printer *pr)
{
	printf(pr->json ? "\n  ],\n" : "\n");
}

static const char *region_id(const struct sim_session *sim, size_t region)
{
	const struct scalp_model *m = sim_session_setup(sim)->scalp;

	return region == SCALP_NO_REGION ? "-" : m->regions[region].id;
}

void inspect_print_deposits(struct inspect_printer *pr, const struct sim_session *sim)
{
	size_t n = sim_session_deposit_count(sim);
	char faults[256];

	if (pr->json)
		printf("  \"deposits\": [");
	else
		printf("\n   # down_ms     x_mm     y_mm depth_mm class     diam_mm blur_mm "
		       "tail_mm tilt region          faults\n");
	for (uint32_t i = 0; i < n; i++) {
		const struct deposit *d = sim_session_deposit(sim, i);

		fault_words(d->faults, pr->json, faults, sizeof(faults));
		if (pr->json) {
			printf("%s\n    {\"id\": %u, \"down_ms\": %.3f, \"up_ms\": %.3f, "
			       "\"x_mm\": %.4f, \"y_mm\": %.4f, \"region\": ",
			       i ? "," : "", d->id, d->down_us / 1000.0, d->up_us / 1000.0,
			       d->x_mm, d->y_mm);
			cli_json_string(stdout, region_id(sim, d->region));
			printf(", \"depth_mm\": %.4f, \"force_n\": %.4f, \"class\": \"%s\", "
			       "\"kind\": \"%s\", \"diameter_mm\": %.4f, \"blur_mm\": %.4f, "
			       "\"tail_mm\": %.4f, \"tilt_deg\": %.2f, \"skew_ratio\": %.4f, "
			       "\"nearest_mm\": %.4f, \"faults\": [%s]}",
			       d->depth_mm, d->force_n, deposit_depth_class_name(d->depth_class),
			       d->kind == DEPOSIT_LINE ? "line" : "dot", d->diameter_mm,
			       d->blur_mm, d->tail_mm, d->tilt_deg, d->skew_ratio,
			       d->nearest_mm, faults);
		} else {
			printf("%4u %8.1f %8.2f %8.2f %8.3f %-9s %7.3f %7.3f %7.2f %4.0f %-15s %s\n",
			       d->id, d->down_us / 1000.0, d->x_mm, d->y_mm, d->depth_mm,
			       deposit_depth_class_name(d->depth_class), d->diameter_mm,
			       d->blur_mm, d->tail_mm, d->tilt_deg,
			       cli_quote(region_id(sim, d->region)), faults[0] ? faults : "-");
		}
	}
	printf(pr->json ? "%s],\n" : "%s", n && pr->json ? "\n  " : "");
}

static void print_tally_text(const struct inspect_tally *t)
{
	printf("deposits    %lu (%lu drag lines): %lu in band, %lu shallow, %lu deep, "
	       "%lu overdeep\n", t->deposits, t->lines, t->by_class[DEPOSIT_IN_BAND],
	       t->by_class[DEPOSIT_SHALLOW], t->by_class[DEPOSIT_DEEP],
	       t->by_class[DEPOSIT_OVERDEEP]);
	printf("faults     ");
	for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++)
		printf(" %s %lu%s", deposit_fault_name(1u << i), t->by_fault[i],
		       i + 1 < DEPOSIT_FAULT_COUNT ? "," : "\n");
}

static void print_tally_json(const struct inspect_tally *t)
{
	printf(",\n  \"deposit_count\": %lu,\n  \"drag_lines\": %lu,\n"
	       "  \"depth_classes\": {\"shallow\": %lu, \"in-band\": %lu, \"deep\": %lu, "
	       "\"overdeep\": %lu},\n  \"fault_counts\": {", t->deposits, t->lines,
	       t->by_class[DEPOSIT_SHALLOW], t->by_class[DEPOSIT_IN_BAND],
	       t->by_class[DEPOSIT_DEEP], t->by_class[DEPOSIT_OVERDEEP]);
	for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++)
		printf("%s\"%s\": %lu", i ? ", " : "", deposit_fault_name(1u << i),
		       t->by_fault[i]);
	printf("}");
}

void inspect_print_summary(struct inspect_printer *pr, const char *path,
			   const struct pen_source *src, const struct pen_stats *st,
			   const struct inspect_tally *tally,
			   const struct audio_output *audio)
{
	const struct pen_device *dev = pen_source_device(src);
	const struct pen_geometry *geo = pen_source_geometry(src);
	unsigned long events = pen_source_event_count(src);
	double duration = (st->last_us - st->first_us) / 1e6;

	if (!pr->json) {
		printf("duration    %.3f s\n", duration);
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
		if (tally)
			print_tally_text(tally);
		if (audio && audio_output_latency_ms(audio) > 0)
			printf("audio       output latency %.1f ms at %.0f Hz\n",
			       audio_output_latency_ms(audio), audio_output_rate(audio));
		return;
	}
	printf("  \"recording\": ");
	cli_json_string(stdout, path);
	printf(",\n  \"device\": {\"name\": ");
	cli_json_string(stdout, dev->name);
	printf(", \"vendor\": \"%04x\", \"product\": \"%04x\", \"width_mm\": %.2f, "
	       "\"height_mm\": %.2f, \"size_from\": \"%s\"},\n", dev->id.vendor,
	       dev->id.product, geo->width_mm, geo->height_mm,
	       pen_size_source_name(geo->source));
	printf("  \"duration_s\": %.6f,\n  \"events\": %lu,\n  \"samples\": %lu,\n"
	       "  \"contacts\": %lu,\n  \"proximity_in\": %lu,\n  \"proximity_out\": %lu,\n"
	       "  \"forced_out\": %lu,\n", duration, events, st->samples, st->contacts,
	       st->proximity_in, st->proximity_out, st->forced_out);
	if (st->touching)
		printf("  \"pressure_min\": %.5f,\n  \"pressure_max\": %.5f", st->pressure_min,
		       st->pressure_max);
	else
		printf("  \"pressure_min\": null,\n  \"pressure_max\": null");
	if (tally)
		print_tally_json(tally);
	if (audio)
		printf(",\n  \"audio\": {\"audible\": %s, \"rate_hz\": %.0f, "
		       "\"output_latency_ms\": %.3f}", audio_output_audible(audio) ? "true" : "false",
		       audio_output_rate(audio), audio_output_latency_ms(audio));
	printf("\n");
}
