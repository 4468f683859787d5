/* report_text: text into the report's page, escaped for HTML. Outside
 * text (names, titles, paths) may hold anything: markup characters become
 * entities, control characters and bytes that are not UTF-8 become U+FFFD,
 * so nothing it holds can change the page. Shared by report_html.c and
 * report_svg.c, which both write text and call nothing of each other here.
 */
#include "report_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

/* The length of the UTF-8 sequence at @p s (1 to 4), or 0 when it is not
 * one: overlong forms, surrogates and code points past U+10FFFF refused. */
static size_t utf8_length(const unsigned char *s)
{
	unsigned int c = s[0], cp;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void report_html_text(FILE *f, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (s && *s) {
		size_t n;

		switch (*s) {
		case '&': fputs("&amp;", f); s++; continue;
		case '<': fputs("&lt;", f); s++; continue;
		case '>': fputs("&gt;", f); s++; continue;
		case '"': fputs("&quot;", f); s++; continue;
		case '\'': fputs("&#39;", f); s++; continue;
		default: break;
		}
		if ((*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f) {
			fputs("\xef\xbf\xbd", f);
			s++;
			continue;
		}
		n = utf8_length(s);
		if (n == 0) {
			fputs("\xef\xbf\xbd", f);
			s++;
			continue;
		}
		fwrite(s, 1, n, f);
		s += n;
	}
}

void report_textf(FILE *f, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_html_text(f, buf);
}

void report_time_text(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (size)
		buf[0] = '\0';
	if (t > 0 && localtime_r(&tt, &tm))
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}
