/* screenshot: a page rendered in headless Chromium and its pixels, for
 * the tests that check what a report looks like (test-report's session
 * page, test-class's class overview). Chromium is the Debian package
 * chromium (./build.sh installs it), or $SMPSIM_CHROMIUM; it runs with a
 * profile of its own in the test's temporary folder, removed after.
 */
#define _XOPEN_SOURCE 700       /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "screenshot.h"
#include "tmp_files.h"

static bool find_chromium(char *out, size_t size)
{
	const char *env = getenv("SMPSIM_CHROMIUM"), *path = getenv("PATH");
	static const char *const names[] = { "chromium", "chromium-browser", NULL };
	char dirs[4096];

	if (env && *env) {
		snprintf(out, size, "%s", env);
		return access(out, X_OK) == 0;
	}
	snprintf(dirs, sizeof(dirs), "%s", path && *path ? path : "/usr/bin:/bin");
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save))
		for (size_t i = 0; names[i]; i++) {
			snprintf(out, size, "%s/%s", d, names[i]);
			if (access(out, X_OK) == 0)
				return true;
		}
	return false;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

struct rgb pixel(const struct image *im, long x, long y)
{
	const unsigned char *p;

	assert_true(x >= 0 && y >= 0 && (png_uint_32)x < im->w && (png_uint_32)y < im->h);
	p = im->px + ((size_t)y * im->w + (size_t)x) * 3;
	return (struct rgb){ p[0], p[1], p[2] };
}

bool near(struct rgb a, struct rgb b, int tol)
{
	return abs(a.r - b.r) <= tol && abs(a.g - b.g) <= tol && abs(a.b - b.b) <= tol;
}

void read_png(const char *path, struct image *im)
{
	png_image png;

	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&png, path))
		fail_msg("%s: %s", path, png.message);
	png.format = PNG_FORMAT_RGB;
	im->w = png.width;
	im->h = png.height;
	im->px = malloc(PNG_IMAGE_SIZE(png));
	assert_non_null(im->px);
	if (!png_image_finish_read(&png, NULL, im->px, 0, NULL))
		fail_msg("%s: %s", path, png.message);
}

/* Renders @p html_path at 1100 x @p height CSS pixels into @p png_path. */
void screenshot(const char *html_path, const char *png_path, int height)
{
	screenshot_sized(html_path, png_path, 1100, height);
}

/* Runs Chromium on @p html_path: a screenshot of @p width x @p height CSS
 * pixels into @p out_path, or with @p width 0 the page printed (as its
 * print dialog would, no header or footer) into the PDF @p out_path. */
static void chromium_to(const char *html_path, const char *out_path, int width, int height)
{
	char chromium[PATH_MAX], profile[PATH_MAX], shot[PATH_MAX + 16], url[PATH_MAX + 16];
	char size[32], home[PATH_MAX + 8], config[PATH_MAX + 24], cache[PATH_MAX + 24];
	struct child_result res;
	struct timespec t0, t1;
	double seconds;

	if (!find_chromium(chromium, sizeof(chromium)))
		fail_msg("chromium not found (looked for chromium and chromium-browser in PATH, "
			 "or $SMPSIM_CHROMIUM): install the Debian package chromium "
			 "(./build.sh installs it)");
	snprintf(profile, sizeof(profile), "%s/chromium-XXXXXX", tmp_files_dir());
	assert_non_null(mkdtemp(profile));
	snprintf(shot, sizeof(shot), width ? "--screenshot=%s" : "--print-to-pdf=%s", out_path);
	snprintf(url, sizeof(url), "file://%s", html_path);
	if (width)
		snprintf(size, sizeof(size), "--window-size=%d,%d", width, height);
	else
		snprintf(size, sizeof(size), "--no-pdf-header-footer");
	snprintf(home, sizeof(home), "HOME=%s", profile);
	snprintf(config, sizeof(config), "XDG_CONFIG_HOME=%s", profile);
	snprintf(cache, sizeof(cache), "XDG_CACHE_HOME=%s", profile);
	{
		char data_dir[PATH_MAX + 20];
		const char *argv[] = {
			"/usr/bin/timeout", "-k", "5", "240", chromium, "--headless", "--no-sandbox",
			"--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
			"--force-color-profile=srgb", data_dir, shot, size, url, NULL,
		};
		const char *env[] = { home, config, cache, NULL };

		snprintf(data_dir, sizeof(data_dir), "--user-data-dir=%s", profile);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(child_run(argv, env, &res), 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	}
	seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (res.status != 0 || access(out_path, R_OK) != 0)
		fail_msg("chromium failed (status %d after %.1f s):\n%s", res.status, seconds,
			 res.err);
	print_message("chromium rendered the report in %.1f s\n", seconds);
	child_result_free(&res);
	assert_int_equal(nftw(profile, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

void screenshot_sized(const char *html_path, const char *png_path, int width, int height)
{
	assert_true(width > 0);
	chromium_to(html_path, png_path, width, height);
}

void print_to_pdf(const char *html_path, const char *pdf_path)
{
	chromium_to(html_path, pdf_path, 0, 0);
}
