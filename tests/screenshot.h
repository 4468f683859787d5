/* screenshot: a page rendered in headless Chromium, read back as RGB
 * pixels (libpng), for tests that check what a page looks like. */
#ifndef SMPSIM_TEST_SCREENSHOT_H
#define SMPSIM_TEST_SCREENSHOT_H

#include <png.h>
#include <stdbool.h>

struct rgb {
	int r, g, b;
};

struct image {
	png_uint_32 w, h;
	unsigned char *px;              /**< RGB rows, to free() */
};

/** @return the pixel at (@p x, @p y), asserting it is inside @p im. */
struct rgb pixel(const struct image *im, long x, long y);

/** @return whether each channel of @p a and @p b is within @p tol. */
bool near(struct rgb a, struct rgb b, int tol);

/** Reads the PNG at @p path into @p im, or fails the test. */
void read_png(const char *path, struct image *im);

/** Renders @p html_path at 1100 x @p height CSS pixels (device scale 1,
 * sRGB, no scroll bars) into @p png_path, or fails the test. */
void screenshot(const char *html_path, const char *png_path, int height);

/** screenshot() at @p width CSS pixels: a phone's 400, say (narrower
 * than Chromium's least window, 500, the page is laid out in a frame of
 * exactly @p width by @p height). */
void screenshot_sized(const char *html_path, const char *png_path, int width, int height);

/** Prints @p html_path as Chromium's print dialog would (the page's own
 * paper, no header or footer) into @p pdf_path, or fails the test. */
void print_to_pdf(const char *html_path, const char *pdf_path);

/** Lays @p html_path out in a viewport of exactly @p width by @p height
 * CSS pixels (a frame, in headless Chromium) and returns, for each
 * element matching the CSS @p selector, one line "LEFT TOP RIGHT
 * BOTTOM|LINE|LINE...": its box in CSS pixels and its text as the
 * browser broke it into lines. To free(); fails the test on an error. */
char *layout_lines(const char *html_path, int width, int height, const char *selector);

#endif
