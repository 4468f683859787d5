/* bench-startup: what a command costs from exec to exit, most of all the
 * start-up every command pays (the dynamic loader mapping and relocating
 * the shared libraries, their constructors), for commands that do little
 * else.
 *
 *   build/tests/bench-startup [RUNS [SMPSIM...]]     (101, build/smpsim)
 *
 * Runs, as child processes (fork, exec, wait4), with standard output and
 * error on /dev/null, RUNS rounds of:
 *
 *   /bin/true                        the reference: a process that only
 *                                    starts and ends, exec'd the same way
 *   smpsim --help                    start-up and a page of text
 *   smpsim lessons                   start-up and the curriculum: 15 data
 *                                    files parsed and checked
 *   smpsim score REC --lesson depth-taps
 *                                    start-up, a lesson, a 0.5 s recording
 *                                    replayed and scored (no sound)
 *
 * for each SMPSIM binary given (another build's, an older commit's, for a
 * before and after in one run; the same recording and lesson for all),
 * interleaved (one of each per round, so a noisy moment hurts all alike),
 * and prints each one's median and quartiles of CPU time (user + system,
 * from wait4's rusage: the child's own, the loader included) and of wall
 * time, and the median CPU as a multiple of the reference's. The
 * environment is passed on (SMPSIM_DATA_DIR, for a binary built
 * elsewhere).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RECORDING SMPSIM_FIXTURES_DIR "/wacom-cintiq-13hd-pen.evemu"
#define MAX_ARGS 8

struct command {
	const char *label;
	const char *argv[MAX_ARGS]; /* argv[0] NULL: the smpsim under test */
	double *cpu, *wall;         /* per run, in ms */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Runs @p argv once; its CPU and wall time in ms. @return its exit status,
 * or -1 when it could not be run. */
static int run(const char *const argv[], double *cpu_ms, double *wall_ms)
{
	struct rusage ru;
	double start = now_s();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	*wall_ms = (now_s() - start) * 1e3;
	*cpu_ms = (tv_s(ru.ru_utime) + tv_s(ru.ru_stime)) * 1e3;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The @p q quantile (0..1) of @p v's @p n values, which it sorts. */
static double quantile(double *v, size_t n, double q)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(size_t)(q * (double)(n - 1) + 0.5)];
}

/* The commands timed, for one smpsim binary; argv[0] is filled in. */
static const struct command smpsim_commands[] = {
	{ "--help", { NULL, "--help" }, NULL, NULL },
	{ "lessons", { NULL, "lessons" }, NULL, NULL },
	{ "score REC --lesson depth-taps",
	  { NULL, "score", RECORDING, "--lesson", "depth-taps" }, NULL, NULL },
};

#define PER_BINARY (sizeof(smpsim_commands) / sizeof(smpsim_commands[0]))
#define MAX_BINARIES 4

int main(int argc, char **argv)
{
	long runs = argc > 1 ? strtol(argv[1], NULL, 10) : 101;
	const char *binaries[MAX_BINARIES] = { SMPSIM_BINARY };
	size_t nbin = argc > 2 ? (size_t)argc - 2 : 1;
	struct command commands[1 + MAX_BINARIES * PER_BINARY] = {
		{ "/bin/true (reference)", { "/bin/true" }, NULL, NULL },
	};
	size_t count = 1;
	double reference = 0;

	if (runs < 1 || runs > 100000 || nbin > MAX_BINARIES) {
		fprintf(stderr, "usage: bench-startup [RUNS [SMPSIM...]] (at most %d)\n",
			MAX_BINARIES);
		return 2;
	}
	for (size_t b = 0; argc > 2 && b < nbin; b++)
		binaries[b] = argv[2 + b];
	for (size_t b = 0; b < nbin; b++) {
		for (size_t c = 0; c < PER_BINARY; c++) {
			commands[count] = smpsim_commands[c];
			commands[count].argv[0] = binaries[b];
			count++;
		}
	}
	for (size_t c = 0; c < count; c++) {
		commands[c].cpu = calloc((size_t)runs, sizeof(double));
		commands[c].wall = calloc((size_t)runs, sizeof(double));
		if (!commands[c].cpu || !commands[c].wall) {
			fprintf(stderr, "bench-startup: out of memory\n");
			return 1;
		}
	}
	for (long r = 0; r < runs; r++) {
		for (size_t c = 0; c < count; c++) {
			int status = run(commands[c].argv, &commands[c].cpu[r],
					 &commands[c].wall[r]);

			if (status != 0) {
				fprintf(stderr, "bench-startup: %s %s: %s %d\n", commands[c].argv[0],
					commands[c].label, status < 0 ? "cannot run:" : "exit status",
					status < 0 ? errno : status);
				return 1;
			}
		}
	}
	printf("%ld runs each, interleaved; times in ms: median (quartiles)\n", runs);
	for (size_t c = 0; c < count; c++) {
		size_t n = (size_t)runs;
		double cpu = quantile(commands[c].cpu, n, 0.5);
		double wall = quantile(commands[c].wall, n, 0.5);

		if (c == 0)
			reference = cpu;
		if (c % PER_BINARY == 1)
			printf("\n%s\n%-32s %22s %22s %8s\n", commands[c].argv[0], "command",
			       "CPU (user + sys)", "wall", "CPU/ref");
		else if (c == 0)
			printf("\n%-32s %22s %22s %8s\n", "", "CPU (user + sys)", "wall",
			       "CPU/ref");
		printf("%-32s %6.1f (%5.1f..%5.1f) %6.1f (%5.1f..%5.1f) %8.2f\n",
		       commands[c].label, cpu, quantile(commands[c].cpu, n, 0.25),
		       quantile(commands[c].cpu, n, 0.75), wall,
		       quantile(commands[c].wall, n, 0.25), quantile(commands[c].wall, n, 0.75),
		       cpu / reference);
		free(commands[c].cpu);
		free(commands[c].wall);
	}
	return 0;
}
