/* db_query: one number from an SQLite database, read the way an outside
 * program would (its own read-only connection), for the command-line
 * tests that check what a command stored, or did not.
 */
#ifndef SMPSIM_DB_QUERY_H
#define SMPSIM_DB_QUERY_H

#include <stdint.h>

/**
 * Opens @p path read-only, runs @p sql (one row, one integer column) and
 * closes it. Fails the test on any error.
 * @return the integer.
 */
int64_t db_query_int(const char *path, const char *sql);

#endif
