/* child_process: fork, point stdout and stderr at temporary files, exec,
 * wait, read both files back. Files rather than pipes, so a child that
 * writes a lot can never block on a full pipe while we wait for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *slurp(FILE *f)
{
	long size;
	char *buf;

	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0)
		return NULL;
	rewind(f);
	buf = malloc((size_t)size + 1);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[size] = '\0';
	return buf;
}

int child_run(const char *const argv[], const char *const env[],
	      struct child_result *result)
{
	struct child_process child;
	int rc = child_start(argv, env, &child);

	memset(result, 0, sizeof(*result));
	return rc < 0 ? rc : child_wait(&child, result);
}

void child_expect(const struct child_result *result, int status, const char *out,
		  const char *err)
{
	const char *const got[2] = { result->out, result->err }, *const want[2] = { out, err };

	for (int k = 0; k < 2; k++) {
		size_t i = 0, line = 1;

		if (!strcmp(got[k], want[k]))
			continue;
		while (got[k][i] && got[k][i] == want[k][i])
			line += got[k][i++] == '\n';
		/* cmocka's messages are short: say where, then the line. */
		fail_msg("%s differs at line %zu, byte %zu:\n got: %.200s\nwant: %.200s",
			 k ? "stderr" : "stdout", line, i, got[k] + i, want[k] + i);
	}
	assert_int_equal(result->status, status);
}

void child_result_free(struct child_result *result)
{
	free(result->out);
	free(result->err);
	result->out = result->err = NULL;
}

/* child_start(), with the child's file-size limit set to @p fsize
 * unless it is RLIM_INFINITY. */
/* @p in_fd: the child's standard input, or -1 for /dev/null. */
static int start(const char *const argv[], const char *const env[], rlim_t fsize,
		 int in_fd, struct child_process *child)
{
	FILE *out = tmpfile(), *err = tmpfile();
	pid_t pid;
	int rc;

	memset(child, 0, sizeof(*child));
	if (!out || !err)
		goto fail;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		int in = in_fd >= 0 ? in_fd : open("/dev/null", O_RDONLY);

		struct rlimit limit;

		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		/* SIGXFSZ is left as it is: smpsim must ignore it itself. */
		if (fsize != RLIM_INFINITY &&
		    (getrlimit(RLIMIT_FSIZE, &limit) < 0 ||
		     (limit.rlim_cur = fsize, setrlimit(RLIMIT_FSIZE, &limit) < 0)))
			_exit(126);
		if (in < 0 || dup2(in, STDIN_FILENO) < 0 ||
		    dup2(fileno(out), STDOUT_FILENO) < 0 ||
		    dup2(fileno(err), STDERR_FILENO) < 0)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	child->pid = pid;
	child->out = out;
	child->err = err;
	return 0;
fail:
	rc = -errno;

	if (out)
		fclose(out);
	if (err)
		fclose(err);
	return rc;
}

int child_start(const char *const argv[], const char *const env[],
		struct child_process *child)
{
	return start(argv, env, RLIM_INFINITY, -1, child);
}

int child_start_fsize(const char *const argv[], const char *const env[],
		      unsigned long bytes, struct child_process *child)
{
	return start(argv, env, (rlim_t)bytes, -1, child);
}

int child_start_input(const char *const argv[], const char *const env[], int *input,
		      struct child_process *child)
{
	int fds[2], rc;

	if (pipe(fds) < 0)
		return -errno;
	if (fcntl(fds[1], F_SETFD, FD_CLOEXEC) < 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) < 0) {
		rc = -errno;
		close(fds[0]);
		close(fds[1]);
		return rc;
	}
	/* The child's end loses O_CLOEXEC in dup2(); the test's end stays
	 * the test's alone, so closing it is the end of input. */
	rc = start(argv, env, RLIM_INFINITY, fds[0], child);
	close(fds[0]);
	if (rc < 0) {
		close(fds[1]);
		return rc;
	}
	*input = fds[1];
	return 0;
}

char *child_peek_err(struct child_process *child)
{
	FILE *f = child->err;
	char *buf;
	off_t size = lseek(fileno(f), 0, SEEK_END);
	ssize_t got;

	if (size < 0 || !(buf = malloc((size_t)size + 1)))
		return NULL;
	got = pread(fileno(f), buf, (size_t)size, 0);
	buf[got > 0 ? got : 0] = '\0';
	return buf;
}

static double monotonic_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

bool child_wait_err(struct child_process *child, const char *text, double seconds)
{
	double deadline = monotonic_s() + seconds;
	const struct timespec pause = { 0, 5000000 };

	for (;;) {
		char *err = child_peek_err(child);
		bool seen = err && strstr(err, text);

		free(err);
		if (seen)
			return true;
		if (monotonic_s() >= deadline)
			return false;
		nanosleep(&pause, NULL);
	}
}

int child_wait(struct child_process *child, struct child_result *result)
{
	FILE *out = child->out, *err = child->err;
	int status, rc = 0;

	memset(result, 0, sizeof(*result));
	if (waitpid(child->pid, &status, 0) < 0) {
		rc = -errno;
		goto done;
	}
	result->status = WIFEXITED(status) ? WEXITSTATUS(status) :
			 128 + WTERMSIG(status);
	result->out = slurp(out);
	result->err = slurp(err);
	if (!result->out || !result->err) {
		child_result_free(result);
		rc = -ENOMEM;
	}
done:
	fclose(out);
	fclose(err);
	child->out = child->err = NULL;
	return rc;
}

size_t child_as_nobody(const char **argv)
{
	static const char *const nobody[CHILD_AS_NOBODY_MAX] = {
		"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		"--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search",
	};

	if (geteuid() != 0)
		return 0;
	for (size_t i = 0; i < CHILD_AS_NOBODY_MAX; i++)
		argv[i] = nobody[i];
	return CHILD_AS_NOBODY_MAX;
}

int child_run_pty(const char *const argv[], unsigned short columns, const char *input,
		  char *out, size_t size)
{
	struct winsize ws = { .ws_row = 24, .ws_col = columns };
	size_t got = 0;
	int master, status;
	pid_t pid;

	pid = forkpty(&master, NULL, NULL, columns ? &ws : NULL);
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("TZ", "UTC", 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (input)
		assert_int_equal(write(master, input, strlen(input)), (ssize_t)strlen(input));
	for (;;) {
		ssize_t r = read(master, out + got, size - 1 - got);

		if (r <= 0)     /* EIO once the program has ended and closed it */
			break;
		got += (size_t)r;
	}
	out[got] = '\0';
	close(master);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
