/* screenshot: a page rendered in headless Chromium and its pixels, for
 * the tests that check what a report looks like (test-report's session
 * page, test-class's class overview). Chromium is the Debian package
 * chromium (./build.sh installs it), or $SMPSIM_CHROMIUM; it runs with a
 * profile of its own in the test's temporary folder, removed after.
 * layout_lines() asks it where a page's text breaks into lines: a script
 * the test adds to its copy of the page measures each letter's box.
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
 * pixels into @p out_path; with @p width 0 the page printed (as its print
 * dialog would, no header or footer) into the PDF @p out_path; with
 * @p out_path NULL its DOM once loaded and its scripts done, returned
 * (malloc'd). */
static char *chromium_to(const char *html_path, const char *out_path, int width, int height)
{
	char chromium[PATH_MAX], profile[PATH_MAX], shot[PATH_MAX + 16], url[PATH_MAX + 16];
	char size[32], home[PATH_MAX + 8], config[PATH_MAX + 24], cache[PATH_MAX + 24];
	struct child_result res;
	struct timespec t0, t1;
	double seconds;
	char *dom = NULL;

	if (!find_chromium(chromium, sizeof(chromium)))
		fail_msg("chromium not found (looked for chromium and chromium-browser in PATH, "
			 "or $SMPSIM_CHROMIUM): install the Debian package chromium "
			 "(./build.sh installs it)");
	snprintf(profile, sizeof(profile), "%s/chromium-XXXXXX", tmp_files_dir());
	assert_non_null(mkdtemp(profile));
	if (!out_path)
		/* A frame's message arrives after the load: virtual time runs
		 * the page's tasks out before the DOM is dumped. */
		snprintf(shot, sizeof(shot), "--virtual-time-budget=10000");
	else
		snprintf(shot, sizeof(shot), width ? "--screenshot=%s" : "--print-to-pdf=%s",
			 out_path);
	snprintf(url, sizeof(url), "file://%s", html_path);
	if (!out_path)
		snprintf(size, sizeof(size), "--dump-dom");
	else if (width)
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
	if (res.status != 0 || (out_path && access(out_path, R_OK) != 0))
		fail_msg("chromium failed (status %d after %.1f s):\n%s", res.status, seconds,
			 res.err);
	print_message("chromium rendered the report in %.1f s\n", seconds);
	if (!out_path) {
		dom = res.out;
		res.out = NULL;
	}
	child_result_free(&res);
	assert_int_equal(nftw(profile, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	return dom;
}

/* Chromium's headless window is at least 500 px wide: asked for 400, it
 * laid the page out 500 px wide and cut the screenshot to the left 400.
 * A page shown narrower is shown in a frame of exactly that size, as a
 * phone's screen would hold it. @return the page to give Chromium
 * (@p html_path itself when wide enough), in @p out. */
static void framed(const char *html_path, int width, int height, const char *script,
		   char *out, size_t size)
{
	FILE *f;

	if (width >= 500 && !script) {
		snprintf(out, size, "%s", html_path);
		return;
	}
	snprintf(out, size, "%s.frame.html", html_path);
	f = fopen(out, "w");
	assert_non_null(f);
	fprintf(f, "<!DOCTYPE html>\n<html><body style=\"margin:0\"><iframe src=\"file://%s\" "
		"style=\"border:0;display:block;width:%dpx;height:%dpx\"></iframe>%s</body>"
		"</html>\n", html_path, width, height, script ? script : "");
	assert_int_equal(fclose(f), 0);
}

void screenshot_sized(const char *html_path, const char *png_path, int width, int height)
{
	char page[PATH_MAX + 16];

	assert_true(width > 0);
	framed(html_path, width, height, NULL, page, sizeof(page));
	free(chromium_to(page, png_path, width, height));
	if (strcmp(page, html_path))
		unlink(page);
}

void print_to_pdf(const char *html_path, const char *pdf_path)
{
	free(chromium_to(html_path, pdf_path, 0, 0));
}

/* What the frame's page runs once loaded: for each element matching the
 * selector, its box and its text cut where its lines break (a new line
 * where a letter starts below the line so far: big and small letters
 * on one baseline are one line), posted to the frame's parent. */
static const char probe_script[] =
	"<script>addEventListener('load',function(){var o=[];"
	"document.querySelectorAll(%s).forEach(function(el){"
	"var b=el.getBoundingClientRect(),r=document.createRange(),"
	"w=document.createTreeWalker(el,NodeFilter.SHOW_TEXT),ls=[],cur='',foot=null,n;"
	"while((n=w.nextNode())){for(var i=0;i<n.length;i++){r.setStart(n,i);r.setEnd(n,i+1);"
	"var rs=r.getClientRects();if(!rs.length)continue;"
	"if(foot!==null&&rs[0].top>=foot-2){ls.push(cur);cur='';foot=null;}"
	"foot=foot===null?rs[0].bottom:Math.max(foot,rs[0].bottom);cur+=n.data[i];}}"
	"ls.push(cur);"
	"o.push([Math.round(b.left),Math.round(b.top),Math.round(b.right),"
	"Math.round(b.bottom)].join(' ')+'|'+ls.join('|'));});"
	"parent.postMessage(o.join('\\n'),'*');});</script>\n";

char *layout_lines(const char *html_path, int width, int height, const char *selector)
{
	char copy[PATH_MAX + 16], page[PATH_MAX + 48], *html, *dom, *from, *to, *out, *o;
	FILE *f;

	/* The selector goes into the script as a JSON string: plain ones only. */
	assert_null(strpbrk(selector, "\"\\<\n"));
	html = tmp_files_read(html_path, NULL);
	assert_non_null(html);
	snprintf(copy, sizeof(copy), "%s.probe.html", html_path);
	f = fopen(copy, "w");
	assert_non_null(f);
	fputs(html, f);
	{
		char quoted[512];

		snprintf(quoted, sizeof(quoted), "\"%s\"", selector);
		fprintf(f, probe_script, quoted);
	}
	assert_int_equal(fclose(f), 0);
	free(html);
	framed(copy, width, height, "<pre id=\"probe\"></pre><script>addEventListener("
	       "'message',function(e){document.getElementById('probe').textContent=e.data;"
	       "});</script>", page, sizeof(page));
	dom = chromium_to(page, NULL, width, height);
	unlink(page);
	unlink(copy);
	from = strstr(dom, "<pre id=\"probe\">");
	assert_non_null(from);
	from += strlen("<pre id=\"probe\">");
	to = strstr(from, "</pre>");
	assert_non_null(to);
	out = o = malloc((size_t)(to - from) + 1);
	assert_non_null(out);
	/* The DOM's text escapes: &amp; &lt; &gt; &quot; and the no-break space. */
	while (from < to) {
		static const struct { const char *esc, *text; } e[] = {
			{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
			{ "&nbsp;", "\u00a0" },
		};
		size_t k;

		for (k = 0; k < sizeof(e) / sizeof(e[0]); k++)
			if (!strncmp(from, e[k].esc, strlen(e[k].esc)))
				break;
		if (k < sizeof(e) / sizeof(e[0])) {
			memcpy(o, e[k].text, strlen(e[k].text));
			o += strlen(e[k].text);
			from += strlen(e[k].esc);
		} else {
			*o++ = *from++;
		}
	}
	*o = '\0';
	free(dom);
	return out;
}
