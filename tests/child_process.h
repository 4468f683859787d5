/* child_process: runs a program (build/smpsim, mostly) the way a user
 * would, and gives back its exit status, standard output and standard
 * error, for tests that check the command line end to end.
 */
#ifndef SMPSIM_CHILD_PROCESS_H
#define SMPSIM_CHILD_PROCESS_H

#include <stdbool.h>

struct child_result {
	int status;   /**< exit status, or 128 + signal */
	char *out;    /**< standard output, NUL-terminated */
	char *err;    /**< standard error, NUL-terminated */
};

/**
 * Runs @p argv (argv[0] is a path) with the environment plus @p env
 * ("NAME=value" strings, NULL-terminated; may be NULL), standard input
 * from /dev/null, and waits for it.
 * @return 0 and *result (free with child_result_free), or a negative errno.
 */
int child_run(const char *const argv[], const char *const env[],
	      struct child_result *result);

/**
 * Checks, with cmocka, that @p result exited with @p status and printed
 * exactly @p out and @p err; on a difference says which stream, where
 * (line and byte) and both texts from there.
 */
void child_expect(const struct child_result *result, int status, const char *out,
		  const char *err);

/** Frees what child_run() allocated. Accepts a zeroed result. */
void child_result_free(struct child_result *result);

/** A child started with child_start(), still running. */
struct child_process {
	int pid;
	void *out, *err;  /**< its standard output and error (FILE *) */
};

/**
 * Starts @p argv as child_run() does (standard input from /dev/null),
 * and returns at once, for tests that act on a running program (signal
 * it, run another beside it).
 * @return 0 and *child, or a negative errno.
 */
int child_start(const char *const argv[], const char *const env[],
		struct child_process *child);

/**
 * child_start() with the child's file-size limit (RLIMIT_FSIZE) at
 * @p bytes, set before the exec. SIGXFSZ keeps its default action: a
 * program that does not ignore it is killed by a write past @p bytes,
 * one that does (smpsim) sees the write fail with EFBIG, as on a full
 * disk. Its standard output and error are files too: leave them room.
 * @return as child_start().
 */
int child_start_fsize(const char *const argv[], const char *const env[],
		      unsigned long bytes, struct child_process *child);

/**
 * child_start() with standard input from a pipe whose writing end is
 * *@p input (close it to end the child's input).
 * @return as child_start().
 */
int child_start_input(const char *const argv[], const char *const env[], int *input,
		      struct child_process *child);

/** @return what @p child wrote to standard error so far (free it), or NULL. */
char *child_peek_err(struct child_process *child);

/**
 * Waits until @p child's standard error holds @p text, looking every 5 ms
 * for at most @p seconds (a bound for a hung child, not a timing).
 * @return whether it came.
 */
bool child_wait_err(struct child_process *child, const char *text, double seconds);

/** Waits for @p child to end. @return as child_run(). */
int child_wait(struct child_process *child, struct child_result *result);

/**
 * Runs @p argv on a new pseudo-terminal @p columns wide (0: the kernel's
 * default), as a person at a terminal would: standard input, output and
 * error are its slave. Types @p input (NULL: nothing) and reads all the
 * child writes until it ends, echo included, into @p out (NUL-terminated).
 * @return its exit status (128 + signal when killed).
 */
int child_run_pty(const char *const argv[], unsigned short columns, const char *input,
		  char *out, size_t size);

/** How many arguments child_as_nobody() may put. */
#define CHILD_AS_NOBODY_MAX 6

/**
 * Writes to @p argv, when the test runs as root, the setpriv command that
 * runs what follows as nobody, for a child that must not be able to write
 * where others may not (root writes anywhere). It keeps the right to read
 * and search every folder (CAP_DAC_READ_SEARCH, ambient): the build tree
 * may lie below a folder only root may enter (a clone in `mktemp -d`, or
 * under /root), and the child must still find its program and data; it
 * grants no write. Not for a test of what nobody cannot read.
 * @return how many arguments were written (at most CHILD_AS_NOBODY_MAX),
 * 0 when the test does not run as root.
 */
size_t child_as_nobody(const char **argv);

#endif
