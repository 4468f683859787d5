/* cli_quote: text from outside (names, paths, device names, lesson titles,
 * messages that carry them) made safe to print on a terminal: control
 * characters and bytes that are not UTF-8 are shown as escapes, so they
 * can neither move the cursor, recolour the terminal or retitle its
 * window, nor hide what is really there.
 *
 * The form, one for every text printer of smpsim:
 *   - C0 controls and DEL (0x00 to 0x1f, 0x7f) as \xHH: ESC is \x1b, BEL
 *     \x07, a tab \x09, a line feed \x0a (kept as a line break by the
 *     _lines variant, with tabs);
 *   - a byte that is not part of valid UTF-8 as \xHH: a raw 0x9b is \x9b;
 *   - a C1 control written as UTF-8 (U+0080 to U+009F) as \uHHHH: U+009B
 *     is \u009b;
 *   - everything else as it is, valid non-ASCII UTF-8 included
 *     ("Zoë Ångström 李小龍"), and backslashes too: the form is for
 *     reading, not for parsing back, and quoting twice changes nothing.
 * JSON output escapes with cli_json_string() instead; HTML escapes markup.
 */
#ifndef SMPSIM_CLI_QUOTE_H
#define SMPSIM_CLI_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** The most a character can take once quoted ("\\u009b"), with its NUL. */
#define CLI_QUOTE_CHAR_MAX 8

/**
 * Quotes the one character at @p s (not its NUL): writes it as shown,
 * NUL-terminated, to @p shown, keeping a line feed or tab when @p lines.
 * @return how many bytes of @p s it took (1 for a byte that is not UTF-8).
 */
size_t cli_quote_char(const char *s, bool lines, char shown[CLI_QUOTE_CHAR_MAX]);

/**
 * Writes @p s, quoted as above, to @p dst (@p size bytes, NUL-terminated
 * when @p size is not 0), keeping line feeds and tabs when @p lines.
 * @return the length of the whole quoted text (as snprintf: a result of
 * @p size or more means it was cut).
 */
size_t cli_quote_buf(char *dst, size_t size, const char *s, bool lines);

/**
 * @return @p s quoted, in one of a few buffers the function reuses in
 * turn: valid until CLI_QUOTE_SLOTS more calls, so several may sit in one
 * printf(). "" for NULL. Main thread only. Never fails: out of memory,
 * it gives "?".
 */
const char *cli_quote(const char *s);

/** cli_quote() keeping line feeds and tabs: for text of several lines
 * (a lesson's instructions). */
const char *cli_quote_lines(const char *s);

/** How many cli_quote() results are valid at once. */
#define CLI_QUOTE_SLOTS 8

/** Prints @p msg, a sentence from elsewhere ("file:line: what is wrong"),
 * quoted, as one line on standard error. */
void cli_quote_message(const char *msg);

#endif
