/* cli_view: the view's options parsed and checked before anything is
 * opened, so a --view with no display stops the command before the
 * record is touched. Whether SDL can really open the display is known
 * only when the view opens (sim/session/practice.c).
 */
#include "cli_view.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static bool named(const char *var)
{
	const char *v = getenv(var);

	return v && *v;
}

bool cli_view_display_named(void)
{
	return named("DISPLAY") || named("WAYLAND_DISPLAY");
}

/* "WxH" in mm, each above 0 and at most 2000. */
static int display_size(const char *cmd, const char *arg, struct cli_view *v)
{
	char *end;
	double w = strtod(arg, &end), h;
	const char *height;

	if (end == arg || (*end != 'x' && *end != 'X'))
		goto bad;
	height = end + 1;
	h = strtod(height, &end);
	if (end == height || *end || !(w > 0 && w <= 2000 && h > 0 && h <= 2000))
		goto bad;
	v->display_width_mm = w;
	v->display_height_mm = h;
	return 1;
bad:
	cli_error(cmd, "--display-size takes the display's width and height in mm, WxH "
		  "(e.g. 344x194), each above 0 and at most 2000; not '%s'", cli_quote(arg));
	return -1;
}

int cli_view_option(const char *cmd, int opt, const char *arg, struct cli_view *v)
{
	switch (opt) {
	case CLI_OPT_VIEW:
	case CLI_OPT_NO_VIEW:
		if (v->mode != CLI_VIEW_AUTO &&
		    v->mode != (opt == CLI_OPT_VIEW ? CLI_VIEW_ON : CLI_VIEW_OFF)) {
			cli_error(cmd, "--view and --no-view exclude each other");
			return -1;
		}
		v->mode = opt == CLI_OPT_VIEW ? CLI_VIEW_ON : CLI_VIEW_OFF;
		return 1;
	case CLI_OPT_EXAM: v->exam = true; return 1;
	case CLI_OPT_NO_GUIDES: v->no_guides = true; return 1;
	case CLI_OPT_FULLSCREEN: v->fullscreen = true; return 1;
	case CLI_OPT_DISPLAY_SIZE: return display_size(cmd, arg, v);
	case CLI_OPT_SCREENSHOT:
		if (!strcmp(arg, "-")) {
			cli_error(cmd, "--screenshot -: standard output carries the command's "
				  "own text; give a file name");
			return -1;
		}
		if (strlen(arg) < 5 || strcasecmp(arg + strlen(arg) - 4, ".png")) {
			cli_error(cmd, "--screenshot %s: the view's frame is written as PNG: "
				  "give FILE.png", cli_quote(arg));
			return -1;
		}
		v->screenshot = arg;
		return 1;
	default:
		return 0;
	}
}

int cli_view_check(const char *cmd, const struct cli_view *v)
{
	/* An exam is the view with no guides: without the view it would be a
	 * session with the status line's guidance, stored as no exam. */
	const char *needs = v->screenshot ? "--screenshot" : v->fullscreen ? "--fullscreen" :
			    v->display_width_mm > 0 ? "--display-size" :
			    v->exam ? "--exam" : NULL;

	if (needs && v->mode == CLI_VIEW_OFF) {
		cli_error(cmd, "%s shows the view; --no-view has none", needs);
		return -1;
	}
	if (v->display_width_mm > 0 && !v->fullscreen) {
		cli_error(cmd, "--display-size goes with --fullscreen");
		return -1;
	}
	if ((v->mode == CLI_VIEW_ON || needs) && !cli_view_display_named()) {
		cli_error(cmd, "no display ($DISPLAY and $WAYLAND_DISPLAY are not set): "
			  "%s needs one", v->mode == CLI_VIEW_ON ? "--view" : needs);
		return -1;
	}
	return 0;
}
