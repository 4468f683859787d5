/* bench_machine: the CPU's model from /proc/cpuinfo's first "model name",
 * the count from sysconf(), the load from getloadavg(). */
#include "bench_machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bench_machine(char *buf, size_t size, bool load)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], model[128] = "unknown CPU";
	double avg[3] = { -1, -1, -1 };
	int n;

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon) {
			snprintf(model, sizeof(model), "%s", colon + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	n = snprintf(buf, size, "%s, %ld CPUs", model, sysconf(_SC_NPROCESSORS_ONLN));
	if (load && n >= 0 && (size_t)n < size) {
		getloadavg(avg, 3);
		snprintf(buf + n, size - (size_t)n, ", load average %.2f %.2f %.2f", avg[0],
			 avg[1], avg[2]);
	}
}
