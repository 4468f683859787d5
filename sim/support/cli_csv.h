/* cli_csv: the cells of smpsim's CSV and JSON output, written one way by
 * every command that prints them (export, review --class; the numbers of
 * lessons, benchmark and review --json's rescores, replay's comparison).
 *
 * A number is the shortest text that strtod() reads back as the very
 * double (at most 17 significant digits: 60.83, not 60.829999999999998),
 * without an exponent where a person expects none (from 1e-4 to 1e15:
 * "80", not "8e+01"). A number that is not there (NaN, infinite) is an
 * empty CSV field or JSON null. CSV text follows RFC 4180: quoted when it
 * holds a comma, a quote or a line break, its quotes doubled.
 */
#ifndef SMPSIM_CLI_CSV_H
#define SMPSIM_CLI_CSV_H

#include <stddef.h>
#include <stdio.h>

/** Room for cli_number_text()'s longest text ("-2.2250738585072014e-308"). */
#define CLI_NUMBER_MAX 32

/**
 * Writes @p v to @p buf (@p size bytes, CLI_NUMBER_MAX is enough) as the
 * shortest %g text that reads back as @p v, as described above.
 */
void cli_number_text(double v, char *buf, size_t size);

/** Writes @p v as a CSV field: cli_number_text(), or nothing when it is
 * not finite. */
void cli_csv_number(FILE *f, double v);

/** Writes @p v as a JSON number: cli_number_text(), or null when it is
 * not finite. */
void cli_json_number(FILE *f, double v);

/** Writes @p s as an RFC 4180 CSV field. */
void cli_csv_text(FILE *f, const char *s);

#endif
