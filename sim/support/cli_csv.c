/* cli_csv: CSV and JSON cells (cli_csv.h).
 *
 * The shortest text is found by trying 1 to 17 significant digits with
 * %g and keeping the first that strtod() reads back as the double: 17
 * always does (IEEE 754 doubles), so the loop ends. Within the plain range
 * a text with an exponent is passed over for a longer one without (1e+02
 * is read back too, but a spreadsheet user reads 100).
 */
#include "cli_csv.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void cli_number_text(double v, char *buf, size_t size)
{
	bool plain = fabs(v) >= 1e-4 && fabs(v) < 1e15;

	for (int digits = 1; digits <= 17; digits++) {
		snprintf(buf, size, "%.*g", digits, v);
		if (strtod(buf, NULL) == v && !(plain && strchr(buf, 'e')))
			return;
	}
	snprintf(buf, size, "%.17g", v);
}

void cli_csv_number(FILE *f, double v)
{
	char buf[CLI_NUMBER_MAX];

	if (isfinite(v)) {
		cli_number_text(v, buf, sizeof(buf));
		fputs(buf, f);
	}
}

void cli_json_number(FILE *f, double v)
{
	char buf[CLI_NUMBER_MAX];

	if (!isfinite(v)) {
		fputs("null", f);
		return;
	}
	cli_number_text(v, buf, sizeof(buf));
	fputs(buf, f);
}

void cli_csv_text(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
