/* x_display: a private X server for tests that open the live view: Xvfb
 * (Debian's xvfb) on a display number it picks itself (-displayfd), and
 * real key presses into it through the XTEST extension (libXtst), as a
 * keyboard would make them: the window under the pointer gets them; a
 * pixel of the screen read back (XGetImage).
 */
#ifndef SMPSIM_X_DISPLAY_H
#define SMPSIM_X_DISPLAY_H

#include <sys/types.h>

struct x_display {
	pid_t pid;
	char name[32];      /**< ":N" */
	char env[64];       /**< "DISPLAY=:N", for a child's environment */
};

/**
 * Starts Xvfb with one screen of @p width x @p height at 24 bits, and
 * waits until it accepts clients.
 * @return 0, or a negative errno (Xvfb missing or failing).
 */
int x_display_start(struct x_display *x, int width, int height);

/** Stops the server (SIGTERM) and waits for it. Accepts one never started. */
void x_display_stop(struct x_display *x);

/**
 * Moves the pointer to (@p x_px, @p y_px) and presses and releases the key
 * of X keysym @p keysym_name ("q", "Escape", "i") there.
 * @return 0, or -EIO when the display or XTEST cannot be had.
 */
int x_display_key(const struct x_display *x, int x_px, int y_px, const char *keysym_name);

/**
 * The colour of the screen's pixel (@p x_px, @p y_px), as 0xRRGGBB, into
 * @p rgb. @return 0, or -EIO when the display cannot be read.
 */
int x_display_pixel(const struct x_display *x, int x_px, int y_px, unsigned int *rgb);

#endif
