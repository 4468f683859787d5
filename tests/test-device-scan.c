/* test-device-scan: the /dev/input survey and `smpsim devices` around it:
 * numeric order, non-event names skipped, nodes that are not evdev devices,
 * a missing folder, and a lack of permission said plainly with its fix.
 *
 * The folder is a temporary one given through SMPSIM_INPUT_DIR. Permission
 * is taken away with mode 000; as root (CI) the program runs as nobody
 * through setpriv, since root reads anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "device_scan.h"

struct folder {
	char path[64];
	char env[96];
};

static void make_folder(struct folder *f, const char *const *names)
{
	snprintf(f->path, sizeof(f->path), "/tmp/smpsim-input-XXXXXX");
	assert_non_null(mkdtemp(f->path));
	assert_int_equal(chmod(f->path, 0755), 0);
	for (; *names; names++) {
		char p[128];
		int fd;

		snprintf(p, sizeof(p), "%s/%s", f->path, *names);
		fd = open(p, O_CREAT | O_WRONLY, 0644);
		assert_true(fd >= 0);
		close(fd);
	}
	snprintf(f->env, sizeof(f->env), "SMPSIM_INPUT_DIR=%s", f->path);
}

static void remove_folder(struct folder *f, const char *const *names)
{
	for (; *names; names++) {
		char p[128];

		snprintf(p, sizeof(p), "%s/%s", f->path, *names);
		unlink(p);
	}
	rmdir(f->path);
}

/* @p tmpl with every '@' replaced by @p dir. */
static void expand(char *out, size_t size, const char *dir, const char *tmpl)
{
	size_t n = 0, len = strlen(dir);

	for (; *tmpl && n + len + 1 < size; tmpl++) {
		if (*tmpl == '@') {
			memcpy(out + n, dir, len);
			n += len;
		} else {
			out[n++] = *tmpl;
		}
	}
	out[n] = '\0';
}

static const char *const names[] = { "event12", "event3", "mouse0", "event", "eventx", NULL };

static void test_scan_order_and_non_evdev_nodes(void **state)
{
	struct folder f;
	struct device_scan scan;

	(void)state;
	make_folder(&f, names);
	assert_int_equal(device_scan_run(f.path, NULL, &scan), 0);
	assert_int_equal(scan.dir_error, 0);
	assert_int_equal(scan.count, 2);
	assert_string_equal(strrchr(scan.entries[0].path, '/'), "/event3");
	assert_string_equal(strrchr(scan.entries[1].path, '/'), "/event12");
	/* A regular file answers no evdev ioctl. */
	assert_int_equal(scan.entries[1].open_error, -ENOTTY);
	assert_false(scan.entries[1].usable);
	assert_int_equal(scan.denied, 0);
	device_scan_release(&scan);
	remove_folder(&f, names);
}

static void test_missing_folder(void **state)
{
	const char *argv[] = { SMPSIM_BINARY, "devices", NULL };
	const char *env[] = { "SMPSIM_INPUT_DIR=/nonexistent/input", NULL };
	struct child_result r;

	(void)state;
	assert_int_equal(child_run(argv, env, &r), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
		"No input devices: /nonexistent/input: No such file or directory.\n"
		"This machine (or container) has no evdev devices; 'smpsim inspect' "
		"replays recordings without one.\n");
	assert_string_equal(r.err, "");
	child_result_free(&r);
}

static void test_permission_denied_is_said(void **state)
{
	const char *const locked[] = { "event3", "event4", NULL };
	const char *as_user[] = { SMPSIM_BINARY, "devices", NULL, NULL };
	const char *as_nobody[] = { "/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
				    "--clear-groups", SMPSIM_BINARY, "devices", NULL, NULL };
	const char **argv = geteuid() == 0 ? as_nobody : as_user;
	size_t opt = geteuid() == 0 ? 6 : 2;
	struct folder f;
	struct child_result r;
	char p[128], want[1024];

	(void)state;
	make_folder(&f, locked);
	snprintf(p, sizeof(p), "%s/event3", f.path);
	assert_int_equal(chmod(p, 0), 0);
	{
		const char *env[] = { f.env, NULL };

		assert_int_equal(child_run(argv, env, &r), 0);
		assert_int_equal(r.status, 1);
		expand(want, sizeof(want), f.path,
			 "@/event3\n    cannot open: @/event3: permission denied; "
			 "add yourself to the input group (sudo usermod -aG input $USER) "
			 "and log in again\n"
			 "@/event4\n    cannot open: @/event4: not an evdev device: "
			 "Inappropriate ioctl for device\n");
		assert_string_equal(r.out, want);
		assert_string_equal(r.err,
			"1 of 2 input devices could not be opened: permission denied.\n"
			"Reading pens needs membership of the 'input' group: sudo "
			"usermod -aG input $USER, then log out and in again.\n");
		child_result_free(&r);

		argv[opt] = "--json";
		assert_int_equal(child_run(argv, env, &r), 0);
		assert_int_equal(r.status, 1);
		expand(want, sizeof(want), f.path,
			 "{\"devices\": [\n"
			 "    {\"path\": \"@/event3\", \"usable\": false, \"reason\": "
			 "\"@/event3: permission denied; add yourself to the input group "
			 "(sudo usermod -aG input $USER) and log in again\"},\n"
			 "    {\"path\": \"@/event4\", \"usable\": false, \"reason\": "
			 "\"@/event4: not an evdev device: Inappropriate ioctl for device\"}\n"
			 "], \"unreadable\": 1}\n");
		assert_string_equal(r.out, want);
		child_result_free(&r);
	}
	remove_folder(&f, locked);
}

static void test_usage(void **state)
{
	const char *help[] = { SMPSIM_BINARY, "devices", "--help", NULL };
	const char *bad[] = { SMPSIM_BINARY, "devices", "--frobnicate", NULL };
	const char *extra[] = { SMPSIM_BINARY, "devices", "event3", NULL };
	struct child_result r;

	(void)state;
	assert_int_equal(child_run(help, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	assert_int_equal(strncmp(r.out, "usage: smpsim devices [--json]\n", 31), 0);
	child_result_free(&r);
	/* What is wrong, then where the usage is (not all of it). */
	assert_int_equal(child_run(bad, NULL, &r), 0);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim devices: unrecognized option '--frobnicate'\n"
			    "Try 'smpsim devices --help'.\n");
	child_result_free(&r);
	assert_int_equal(child_run(extra, NULL, &r), 0);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim devices: unexpected 'event3'\n"
			    "Try 'smpsim devices --help'.\n");
	child_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_order_and_non_evdev_nodes),
		cmocka_unit_test(test_missing_folder),
		cmocka_unit_test(test_permission_denied_is_said),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
