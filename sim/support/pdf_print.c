/* pdf_print: Chromium run headless on a file, its standard output and
 * error sent to /dev/null (it is chatty), its profile in a temporary
 * folder so nothing of the user's own is read or written. Run as root (a
 * container) it needs --no-sandbox, which it refuses to start without.
 */
#define _XOPEN_SOURCE 700       /* nftw */
#include "pdf_print.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int pdf_print_find(char *out, size_t size)
{
	static const char *const names[] = { "chromium", "chromium-browser" };
	const char *env = getenv("SMPSIM_CHROMIUM"), *path = getenv("PATH");
	char dirs[4096];

	if (env && *env) {
		snprintf(out, size, "%s", env);
		return access(out, X_OK) == 0 ? 0 : -ENOENT;
	}
	snprintf(dirs, sizeof(dirs), "%s", path && *path ? path : "/usr/bin:/bin");
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save))
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(out, size, "%s/%s", d, names[i]);
			if (access(out, X_OK) == 0)
				return 0;
		}
	return -ENOENT;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* @return whether @p path begins with "%PDF-". */
static bool is_pdf(const char *path)
{
	char head[5] = { 0 };
	FILE *f = fopen(path, "rb");
	bool ok;

	if (!f)
		return false;
	ok = fread(head, 1, sizeof(head), f) == sizeof(head) && !memcmp(head, "%PDF-", 5);
	fclose(f);
	return ok;
}

int pdf_print(const char *html, const char *pdf, char *err, size_t err_size)
{
	char chromium[PATH_MAX], profile[PATH_MAX], abs_html[PATH_MAX];
	char url[PATH_MAX + 16], to[PATH_MAX + 32], user[PATH_MAX + 32];
	const char *tmp = getenv("TMPDIR");
	posix_spawn_file_actions_t io;
	pid_t pid;
	int status = 0, rc;

	if (pdf_print_find(chromium, sizeof(chromium)) < 0) {
		snprintf(err, err_size, "no PDF without Chromium: install the Debian package "
			 "chromium, or set SMPSIM_CHROMIUM to it");
		return -ENOENT;
	}
	if (!realpath(html, abs_html)) {
		rc = -errno;
		snprintf(err, err_size, "%s: %s", html, strerror(-rc));
		return rc;
	}
	snprintf(profile, sizeof(profile), "%s/smpsim-chromium-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(profile)) {
		rc = -errno;
		snprintf(err, err_size, "cannot make a folder for Chromium's profile: %s",
			 strerror(-rc));
		return rc;
	}
	snprintf(url, sizeof(url), "file://%s", abs_html);
	snprintf(to, sizeof(to), "--print-to-pdf=%s", pdf);
	snprintf(user, sizeof(user), "--user-data-dir=%s", profile);
	{
		const char *argv[] = {
			chromium, "--headless", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--no-pdf-header-footer", user, to, url,
			geteuid() == 0 ? "--no-sandbox" : NULL, NULL,
		};

		posix_spawn_file_actions_init(&io);
		posix_spawn_file_actions_addopen(&io, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
		posix_spawn_file_actions_addopen(&io, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&io, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
		rc = posix_spawn(&pid, chromium, &io, NULL, (char *const *)argv, environ);
		posix_spawn_file_actions_destroy(&io);
	}
	if (rc != 0) {
		snprintf(err, err_size, "cannot run %s: %s", chromium, strerror(rc));
		rc = -rc;
	} else if (waitpid(pid, &status, 0) < 0) {
		rc = -errno;
		snprintf(err, err_size, "waiting for %s: %s", chromium, strerror(-rc));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !is_pdf(pdf)) {
		rc = -EIO;
		snprintf(err, err_size, "%s did not print the page to PDF (exit status %d)",
			 chromium, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	nftw(profile, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
