/* bench_machine: the machine a benchmark ran on, for its output and
 * docs/performance.md: the CPU's model, how many are online and, when
 * asked, the load average at that moment.
 */
#ifndef SMPSIM_BENCH_MACHINE_H
#define SMPSIM_BENCH_MACHINE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Writes "AMD EPYC, 2 CPUs" (from /proc/cpuinfo and sysconf()), followed
 * with @p load by ", load average 1.02 0.87 0.90", into @p buf.
 */
void bench_machine(char *buf, size_t size, bool load);

#endif
