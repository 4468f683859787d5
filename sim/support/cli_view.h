/* cli_view: the live view's options, shared by the commands that show a
 * session (practice, demo): whether to open the view, its modes, a pen
 * display's size and the screenshot. What they mean is in
 * CLI_VIEW_HELP; sim/session/practice.c opens the view.
 */
#ifndef SMPSIM_CLI_VIEW_H
#define SMPSIM_CLI_VIEW_H

#include <stdbool.h>

enum cli_view_mode {
	CLI_VIEW_AUTO = 0,  /**< the view when there is a display */
	CLI_VIEW_ON,        /**< --view: a display is required */
	CLI_VIEW_OFF,       /**< --no-view: the status line only */
};

struct cli_view {
	enum cli_view_mode mode;
	bool exam;                  /**< --exam: only the scalp and the dots */
	bool no_guides;             /**< --no-guides: no ring around the pen */
	bool fullscreen;            /**< --fullscreen: a pen display */
	double display_width_mm, display_height_mm; /**< --display-size, 0: ask SDL */
	const char *screenshot;     /**< --screenshot FILE.png, or NULL */
};

/** getopt_long codes of the view's options (apart from cli.h's and the
 * commands' own). */
enum {
	CLI_OPT_VIEW = 0x180,
	CLI_OPT_NO_VIEW,
	CLI_OPT_EXAM,
	CLI_OPT_NO_GUIDES,
	CLI_OPT_FULLSCREEN,
	CLI_OPT_DISPLAY_SIZE,
	CLI_OPT_SCREENSHOT,
};

#define CLI_VIEW_OPTIONS \
	{ "view", no_argument, NULL, CLI_OPT_VIEW }, \
	{ "no-view", no_argument, NULL, CLI_OPT_NO_VIEW }, \
	{ "exam", no_argument, NULL, CLI_OPT_EXAM }, \
	{ "no-guides", no_argument, NULL, CLI_OPT_NO_GUIDES }, \
	{ "fullscreen", no_argument, NULL, CLI_OPT_FULLSCREEN }, \
	{ "display-size", required_argument, NULL, CLI_OPT_DISPLAY_SIZE }, \
	{ "screenshot", required_argument, NULL, CLI_OPT_SCREENSHOT }

#define CLI_VIEW_HELP \
	"  --view           show the session in a window: the scalp, the zone, the\n" \
	"                   pen and each dot as it lands (a display is required);\n" \
	"                   by default the view opens when there is a display\n" \
	"                   ($DISPLAY or $WAYLAND_DISPLAY)\n" \
	"  --no-view        no window: the status line only\n" \
	"  --exam           exam mode: only the scalp and the dots, no guides (also\n" \
	"                   set by a lesson's 'exam: true'); needs the view, and the\n" \
	"                   status line tells only the time; the record keeps it\n" \
	"  --no-guides      no ring of the too-close and gap distances around the pen\n" \
	"  --fullscreen     full screen at real scale, for a pen display\n" \
	"  --display-size WxH   the display's size in mm, when it does not tell\n" \
	"  --screenshot FILE.png   write the view's last frame to FILE.png at the\n" \
	"                   end (an existing FILE needs --force)\n" \
	"  Keys in the window: q or Escape end the session, i shows or hides the\n" \
	"  instructions, g the ring, p the pen check (the figures of\n" \
	"  'smpsim pen-check'; g and p not in exam mode).\n"

/**
 * Handles one of CLI_VIEW_OPTIONS. @return 1 when @p opt was one (and
 * valid), 0 when it is not, -1 after printing an error that names
 * command @p cmd.
 */
int cli_view_option(const char *cmd, int opt, const char *arg, struct cli_view *view);

/**
 * Checks the options together for command @p cmd: --view and --no-view
 * exclude each other; --fullscreen, --display-size and --screenshot need
 * the view, and so, with no display, do they and --view. Says what is
 * wrong. @return 0, or -1 (bad usage, exit 2).
 */
int cli_view_check(const char *cmd, const struct cli_view *view);

/** @return whether a display is named: $DISPLAY or $WAYLAND_DISPLAY set
 * and not empty. */
bool cli_view_display_named(void);

#endif
