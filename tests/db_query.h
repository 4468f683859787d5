/* db_query: one number or text from an SQLite database, read the way an outside
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

/**
 * As db_query_int(), for a record a running program is writing: an error
 * (the database locked for a moment by its writer) is an answer, not a
 * failure. @return the integer, or -1 on any error.
 */
int64_t db_query_int_try(const char *path, const char *sql);

/**
 * As db_query_int(), for one text column: a NULL, or no row, fails the
 * test. @return the text, to free().
 */
char *db_query_text(const char *path, const char *sql);

#endif
