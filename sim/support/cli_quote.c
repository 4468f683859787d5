/* cli_quote: the one quoting of outside text for the terminal (the form is
 * in cli_quote.h). GLib decodes UTF-8 (g_utf8_get_char_validated, which
 * refuses overlong forms, surrogates and code points past U+10FFFF), so a
 * byte that does not start a valid character is shown alone and the
 * decoding goes on at the next byte.
 *
 * cli_quote() hands out results from a ring of buffers that grow as
 * needed and live until the program ends, so a command can quote a few
 * strings inside one printf() without freeing anything.
 */
#include "cli_quote.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

size_t cli_quote_char(const char *s, bool lines, char shown[CLI_QUOTE_CHAR_MAX])
{
	unsigned char b = (unsigned char)*s;
	gunichar c;
	size_t len;

	if (b < 0x80) {
		if ((b < 0x20 || b == 0x7f) && !(lines && (b == '\n' || b == '\t'))) {
			snprintf(shown, CLI_QUOTE_CHAR_MAX, "\\x%02x", b);
		} else { /* most of all text: no snprintf() for it */
			shown[0] = (char)b;
			shown[1] = '\0';
		}
		return 1;
	}
	c = g_utf8_get_char_validated(s, -1);
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		snprintf(shown, CLI_QUOTE_CHAR_MAX, "\\x%02x", b);
		return 1;
	}
	len = (size_t)(g_utf8_next_char(s) - s);
	if (c <= 0x9f) {
		snprintf(shown, CLI_QUOTE_CHAR_MAX, "\\u%04x", (unsigned int)c);
	} else {
		memcpy(shown, s, len);
		shown[len] = '\0';
	}
	return len;
}

size_t cli_quote_buf(char *dst, size_t size, const char *s, bool lines)
{
	char shown[CLI_QUOTE_CHAR_MAX];
	size_t n = 0;

	while (s && *s) {
		size_t len;

		s += cli_quote_char(s, lines, shown);
		len = strlen(shown);
		if (n < size) {
			size_t room = size - n - 1;

			memcpy(dst + n, shown, len < room ? len : room);
		}
		n += len;
	}
	if (size)
		dst[n < size ? n : size - 1] = '\0';
	return n;
}

static const char *quote_in_slot(const char *s, bool lines)
{
	static struct { char *text; size_t size; } slots[CLI_QUOTE_SLOTS];
	static unsigned int next;
	size_t need = cli_quote_buf(NULL, 0, s, lines) + 1;
	unsigned int i = next++ % CLI_QUOTE_SLOTS;

	if (need > slots[i].size) {
		char *grown = realloc(slots[i].text, need);

		if (!grown)
			return "?";
		slots[i].text = grown;
		slots[i].size = need;
	}
	cli_quote_buf(slots[i].text, slots[i].size, s, lines);
	return slots[i].text;
}

const char *cli_quote(const char *s)
{
	return quote_in_slot(s, false);
}

const char *cli_quote_lines(const char *s)
{
	return quote_in_slot(s, true);
}

void cli_quote_message(const char *msg)
{
	fprintf(stderr, "%s\n", cli_quote(msg));
}
