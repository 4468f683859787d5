/* pdf_print: a page smpsim wrote, printed to PDF by headless Chromium
 * (Debian package chromium), for `smpsim certificate --pdf`. The page's
 * own print stylesheet (@page) sets the paper; Chromium adds no header or
 * footer. Optional: without Chromium there is no PDF, and the HTML page
 * prints the same from any browser.
 */
#ifndef SMPSIM_PDF_PRINT_H
#define SMPSIM_PDF_PRINT_H

#include <stddef.h>

/**
 * Finds Chromium: $SMPSIM_CHROMIUM when set, else chromium or
 * chromium-browser in $PATH, into @p out.
 * @return 0, or -ENOENT.
 */
int pdf_print_find(char *out, size_t size);

/**
 * Prints the HTML file @p html to the PDF file @p pdf (which Chromium
 * writes or replaces), with a profile of its own in a temporary folder,
 * removed after.
 * @return 0 when @p pdf is a PDF; -ENOENT when Chromium is not found;
 * -EIO when it failed or wrote no PDF; or a negative errno; @p err says
 * which.
 */
int pdf_print(const char *html, const char *pdf, char *err, size_t err_size);

#endif
