/* store_cli: what the commands that use the trainee record share: finding
 * and opening the database (--db, $SMPSIM_DB, the default) with errors
 * said the commands' way, times shown in local time, and columns of text
 * lined up by display width (names may be in any script), quoted for the
 * terminal.
 */
#ifndef SMPSIM_STORE_CLI_H
#define SMPSIM_STORE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

/** The --help lines of --db. */
#define STORE_CLI_DB_HELP \
	"  --db PATH        the trainee record (default $SMPSIM_DB, else\n" \
	"                   $XDG_DATA_HOME/smpsim/smpsim.db, else\n" \
	"                   ~/.local/share/smpsim/smpsim.db)\n"

/** What a command does with the record. */
enum store_cli_access {
	STORE_CLI_READ,      /**< only reads an existing one, writing nothing */
	STORE_CLI_WRITE,     /**< writes it, and makes it on first use */
	STORE_CLI_WRITE_EXISTING, /**< writes one that exists; never makes one */
};

/**
 * @return the record's path: @p db_option, else store_default_path()'s
 * (written to @p buf); NULL, said on stderr as "smpsim CMD: ...", when
 * there is none (no HOME): exit with CLI_FAILED then.
 */
const char *store_cli_path(const char *cmd, const char *db_option, char *buf, size_t size);

/**
 * Opens the record at store_cli_path():
 * store_open_readonly() for STORE_CLI_READ, store_open() for
 * STORE_CLI_WRITE and STORE_CLI_WRITE_EXISTING (which first refuses a
 * record that is not there: a command that needs a trainee in it must not
 * leave an empty record behind). Says on stderr, as "smpsim CMD: ...",
 * what went wrong, and how many sessions a writer marked interrupted.
 * @return CLI_OK and *out, else the exit status to return: CLI_BAD_INPUT
 * for a file that is not an smpsim record or (WRITE_EXISTING) none at
 * all, CLI_FAILED otherwise (a damaged record included).
 */
int store_cli_open(const char *cmd, const char *db_option, enum store_cli_access access,
		   struct store **out);

/** How much of a time to show. */
enum store_cli_time {
	STORE_CLI_DAY,       /**< 2025-03-01 */
	STORE_CLI_MINUTE,    /**< 2025-03-01 14:02 */
	STORE_CLI_SECOND,    /**< 2025-03-01 14:02:07 */
};

/**
 * Writes the ISO 8601 UTC time @p iso in local time to @p precision;
 * "-" when @p iso is empty, @p iso itself when it cannot be read.
 */
void store_cli_local_time(const char *iso, enum store_cli_time precision, char *buf,
			  size_t size);

/** @return how many terminal columns the UTF-8 text @p s takes as shown
 * (quoted, cli_quote.h): combining marks none, East Asian wide characters
 * two, others one. */
size_t store_cli_width(const char *s);

/** Prints @p s, quoted, and spaces after it up to @p width columns. */
void store_cli_pad(FILE *f, const char *s, size_t width);

/** Prints @p s, quoted, right-aligned in @p width columns. */
void store_cli_pad_left(FILE *f, const char *s, size_t width);

/** Finds trainee @p name for command @p cmd (store_trainee_find()),
 * saying what is wrong when it cannot: no such trainee (pointing to
 * 'smpsim trainee list'), one merged into another, a name that is not one.
 * @return CLI_OK and *id; CLI_BAD_INPUT for those; CLI_FAILED when the
 * record cannot be read. */
int store_cli_find_trainee(const char *cmd, struct store *store, const char *name,
			   int64_t *id);

/** Parses a session number (a positive integer). @return 0, or -1. */
int store_cli_session_number(const char *arg, int64_t *out);

/** Writes the names of the faults in @p faults joined by @p sep ("" none). */
void store_cli_fault_names(uint32_t faults, const char *sep, char *buf, size_t size);

/** Writes @p s's mapping to @p f as a JSON object (offset_x_mm,
 * offset_y_mm, scale, rotation_deg, source), or null for a session
 * stored before the record kept it. */
void store_cli_json_mapping(FILE *f, const struct store_session *s);

#endif
