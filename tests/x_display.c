/* x_display: Xvfb started with -displayfd (it writes the display number
 * it chose to a pipe once it is ready, so there is no free number to guess
 * and no wait on the clock), and keys through XTestFakeKeyEvent. Xvfb runs
 * without umockdev's preload, which the test itself may be under.
 */
#include "x_display.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>

int x_display_start(struct x_display *x, int width, int height)
{
	char fd_text[16], screen[32], buf[16];
	size_t used = 0;
	int p[2];

	memset(x, 0, sizeof(*x));
	if (pipe(p) < 0)
		return -errno;
	x->pid = fork();
	if (x->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (x->pid == 0) {
		int null = open("/dev/null", O_RDWR);

		close(p[0]);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		unsetenv("LD_PRELOAD");
		snprintf(fd_text, sizeof(fd_text), "%d", p[1]);
		snprintf(screen, sizeof(screen), "%dx%dx24", width, height);
		execlp("Xvfb", "Xvfb", "-displayfd", fd_text, "-screen", "0", screen,
		       "-nolisten", "tcp", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	/* The number and a newline, once the server is ready; nothing when
	 * it failed (the pipe closes). */
	while (used < sizeof(buf) - 1) {
		ssize_t n = read(p[0], buf + used, sizeof(buf) - 1 - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		if (memchr(buf, '\n', used))
			break;
	}
	close(p[0]);
	buf[used] = '\0';
	if (!used || !strchr(buf, '\n')) {
		x_display_stop(x);
		return -ENODEV;
	}
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(x->name, sizeof(x->name), ":%s", buf);
	snprintf(x->env, sizeof(x->env), "DISPLAY=%s", x->name);
	return 0;
}

void x_display_stop(struct x_display *x)
{
	if (x->pid <= 0)
		return;
	kill(x->pid, SIGTERM);
	while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
		;
	x->pid = 0;
}

int x_display_key(const struct x_display *x, int x_px, int y_px, const char *keysym_name)
{
	int event, error, major, minor;
	Display *d = XOpenDisplay(x->name);
	KeyCode code;

	if (!d)
		return -EIO;
	if (!XTestQueryExtension(d, &event, &error, &major, &minor) ||
	    !(code = XKeysymToKeycode(d, XStringToKeysym(keysym_name)))) {
		XCloseDisplay(d);
		return -EIO;
	}
	XTestFakeMotionEvent(d, 0, x_px, y_px, CurrentTime);
	XTestFakeKeyEvent(d, code, True, CurrentTime);
	XTestFakeKeyEvent(d, code, False, CurrentTime);
	XSync(d, False);
	XCloseDisplay(d);
	return 0;
}

int x_display_pixel(const struct x_display *x, int x_px, int y_px, unsigned int *rgb)
{
	Display *d = XOpenDisplay(x->name);
	XImage *image;

	if (!d)
		return -EIO;
	image = XGetImage(d, DefaultRootWindow(d), x_px, y_px, 1, 1, AllPlanes, ZPixmap);
	if (!image) {
		XCloseDisplay(d);
		return -EIO;
	}
	/* Xvfb's 24-bit TrueColor: red, green, blue masks in that order */
	*rgb = (unsigned int)(XGetPixel(image, 0, 0) & 0xFFFFFFu);
	XDestroyImage(image);
	XCloseDisplay(d);
	return 0;
}
