/* grab_spy_preload: a library preloaded into a child smpsim, ahead of
 * umockdev's preload, that watches the pen being grabbed. Every EVIOCGRAB
 * the program makes is passed on (to umockdev's emulated node, whose
 * answer is what the program sees) and written as a line "grab ARG RESULT
 * ERRNO" to the file $SMPSIM_GRAB_LOG. With $SMPSIM_GRAB_BUSY set, a grab
 * (ARG 1) is answered EBUSY without being passed on: what the kernel says
 * when another program holds the device, which umockdev cannot say (its
 * ioctl tree answers every EVIOCGRAB with success, ioctl_tree.c's
 * I_NOSTATE(EVIOCGRAB, success)).
 *
 * Every other ioctl goes to the next definition unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef int (*ioctl_fn)(int fd, unsigned long request, ...);

static void log_grab(unsigned long arg, int result, int err)
{
	const char *path = getenv("SMPSIM_GRAB_LOG");
	char line[64];
	int fd, n;

	if (!path)
		return;
	n = snprintf(line, sizeof(line), "grab %lu %d %d\n", arg, result, err);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n)
		errno = EIO;
	close(fd);
}

int ioctl(int fd, unsigned long request, ...)
{
	static ioctl_fn next;
	va_list ap;
	void *arg;
	int rc, err;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!next) {
		/* Copied, not cast: ISO C has no object to function pointer
		 * conversion (rig/dl/dl_library.c does the same). */
		void *address = dlsym(RTLD_NEXT, "ioctl");

		memcpy(&next, &address, sizeof(next));
	}
	if (request != EVIOCGRAB)
		return next(fd, request, arg);
	if ((unsigned long)arg == 1 && getenv("SMPSIM_GRAB_BUSY")) {
		rc = -1;
		err = EBUSY;
	} else {
		rc = next(fd, request, arg);
		err = rc < 0 ? errno : 0;
	}
	log_grab((unsigned long)arg, rc, err);
	errno = err;
	return rc;
}
