/* smpsim devices: the evdev nodes that can drive the simulator, with what a
 * trainee needs to choose one (name, ids, active area, pressure levels,
 * tilt) and, for the others, why not. A lack of permission is said plainly
 * with its fix; it is never shown as an empty list.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "device_scan.h"

static const char devices_usage[] =
	"usage: smpsim devices [--json]\n"
	"\n"
	"Lists the /dev/input/event* devices. Those that can drive the simulator\n"
	"(absolute X/Y plus a pen tool or a pressure axis) come with path, name,\n"
	"vendor:product, active area in mm (and where that came from), pressure\n"
	"levels and tilt; the others with the reason they cannot.\n"
	"\n"
	"  --json   print JSON instead of text\n"
	"\n"
	"Exit status 1 when some devices could not be opened for lack of permission.\n";

static void print_entry_text(const struct device_scan_entry *e)
{
	const struct pen_device *dev = &e->dev;
	const struct input_absinfo *p = &dev->abs[ABS_PRESSURE];

	if (e->open_error) {
		printf("%s\n    cannot open: %s\n", cli_quote(e->path), cli_quote(e->why));
		return;
	}
	printf("%s  %s  %04x:%04x\n", cli_quote(e->path), cli_quote(dev->name),
	       dev->id.vendor, dev->id.product);
	if (!e->usable) {
		printf("    cannot drive the simulator: %s\n", cli_quote(e->why));
		return;
	}
	if (e->has_geometry)
		printf("    area      %.1f x %.1f mm (from %s)\n", e->geo.width_mm,
		       e->geo.height_mm, pen_size_source_name(e->geo.source));
	else
		printf("    area      unknown: %s\n", cli_quote(e->why));
	if (pen_device_has(dev, EV_ABS, ABS_PRESSURE))
		printf("    pressure  %d levels\n", p->maximum - p->minimum + 1);
	else
		printf("    pressure  none\n");
	printf("    tilt      %s\n",
	       pen_device_has(dev, EV_ABS, ABS_TILT_X) ? "yes" : "no");
}

static void print_entry_json(const struct device_scan_entry *e, bool first)
{
	const struct pen_device *dev = &e->dev;
	const struct input_absinfo *p = &dev->abs[ABS_PRESSURE];

	printf("%s\n    {\"path\": ", first ? "" : ",");
	cli_json_string(stdout, e->path);
	if (e->open_error) {
		printf(", \"usable\": false, \"reason\": ");
		cli_json_string(stdout, e->why);
		printf("}");
		return;
	}
	printf(", \"name\": ");
	cli_json_string(stdout, dev->name);
	printf(", \"vendor\": \"%04x\", \"product\": \"%04x\", \"usable\": %s",
	       dev->id.vendor, dev->id.product, e->usable ? "true" : "false");
	if (e->usable && e->has_geometry)
		printf(", \"width_mm\": %.2f, \"height_mm\": %.2f, \"size_from\": \"%s\"",
		       e->geo.width_mm, e->geo.height_mm,
		       pen_size_source_name(e->geo.source));
	if (e->usable)
		printf(", \"pressure_levels\": %d, \"tilt\": %s",
		       pen_device_has(dev, EV_ABS, ABS_PRESSURE) ?
		       p->maximum - p->minimum + 1 : 0,
		       pen_device_has(dev, EV_ABS, ABS_TILT_X) ? "true" : "false");
	if (e->why[0]) {
		printf(", \"reason\": ");
		cli_json_string(stdout, e->why);
	}
	printf("}");
}

int cmd_devices(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct device_scan scan;
	bool json = false, first = true;
	size_t usable = 0;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case CLI_OPT_JSON: json = true; break;
		case 'h': fputs(devices_usage, stdout); return CLI_OK;
		default: return cli_bad_option("devices");
		}
	}
	if (optind != argc)
		return cli_bad_usage("devices", "unexpected '%s'", argv[optind]);
	if (device_scan_run(cli_input_dir(), NULL, &scan) < 0) {
		cli_error("devices", "out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < scan.count; i++)
		usable += scan.entries[i].usable;

	if (json)
		printf("{\"devices\": [");
	for (size_t i = 0; i < scan.count; i++) {
		const struct device_scan_entry *e = &scan.entries[i];

		if (json)
			print_entry_json(e, first);
		else
			print_entry_text(e);
		first = false;
	}
	if (json) {
		printf("%s], \"unreadable\": %zu}\n", first ? "" : "\n", scan.denied);
	} else if (scan.dir_error) {
		printf("No input devices: %s: %s.\n", cli_quote(cli_input_dir()),
		       strerror(-scan.dir_error));
		if (scan.dir_error == -ENOENT)
			printf("This machine (or container) has no evdev devices; "
			       "'smpsim inspect' replays recordings without one.\n");
	} else if (usable == 0 && scan.denied == 0) {
		printf("No pen device among the %zu input devices above.\n",
		       scan.count);
	}
	if (scan.denied) {
		fprintf(stderr,
			"%zu of %zu input devices could not be opened: permission "
			"denied.\nReading pens needs membership of the 'input' "
			"group: sudo usermod -aG input $USER, then log out and in "
			"again.\n", scan.denied, scan.count);
	}
	rc = scan.denied ? CLI_FAILED : CLI_OK;
	device_scan_release(&scan);
	return rc;
}
