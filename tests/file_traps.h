/* file_traps: what a careless user or an attacker can leave at the name of
 * a file a program is about to write (a link to a victim file, one at the
 * temporary name FILE.part, a FIFO, a folder, a socket, a device node, an
 * existing file), and a snapshot of a folder to prove afterwards that
 * nothing there was touched: every entry's type, mode, device numbers,
 * link target and bytes. For the tests of smpsim's output files.
 */
#ifndef SMPSIM_FILE_TRAPS_H
#define SMPSIM_FILE_TRAPS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/** The victim's bytes, and an existing file's. */
#define FILE_TRAPS_VICTIM_TEXT "the victim: not to be written\n"
#define FILE_TRAPS_OLD_TEXT "an existing file\n"

/** What is at the output's name (or at its .part name) before a run. */
enum file_trap {
	FILE_TRAP_NOTHING,
	FILE_TRAP_LINK,          /**< a symbolic link to the victim */
	FILE_TRAP_PART_LINK,     /**< one at NAME.part */
	FILE_TRAP_FIFO,
	FILE_TRAP_FOLDER,
	FILE_TRAP_SOCKET,
	FILE_TRAP_DEVICE,        /**< a character device (1, 3: what /dev/null is) */
	FILE_TRAP_FILE,          /**< a regular file */
};

/**
 * Writes DIR/victim and makes what @p trap says at @p out (in @p dir).
 * Fails the test on error. @return false when it cannot be made here (a
 * device node without the right to make one).
 */
bool file_traps_set(enum file_trap trap, const char *dir, const char *out);

/** One entry of a folder as lstat() sees it. */
struct file_traps_entry {
	char name[NAME_MAX + 1];
	mode_t mode;
	dev_t rdev;
	off_t size;
	char target[PATH_MAX];      /**< a link's */
	char *bytes;                /**< a regular file's, else NULL */
};

/** A folder's entries (at most 16). */
struct file_traps_snapshot {
	struct file_traps_entry e[16];
	size_t n;
};

/** Takes the snapshot of @p dir; free with file_traps_snapshot_free(). */
void file_traps_snapshot(const char *dir, struct file_traps_snapshot *s);

void file_traps_snapshot_free(struct file_traps_snapshot *s);

/** @return the entry named @p name, or NULL. Valid while @p s is. */
const struct file_traps_entry *file_traps_find(const struct file_traps_snapshot *s,
					       const char *name);

/**
 * Fails the test (saying @p what) unless every entry of @p before is in
 * @p after with the same type, mode, device, target and bytes, and
 * @p after has nothing more; @p changed (NULL: none) is the one name
 * that may have changed or appeared.
 */
void file_traps_assert_untouched(const struct file_traps_snapshot *before,
				 const struct file_traps_snapshot *after,
				 const char *changed, const char *what);

/** @return the whole file @p path (free it), *size its length if wanted;
 * NULL when it cannot be read. */
char *file_traps_slurp(const char *path, size_t *size);

/** Writes @p text to @p path; fails the test on error. */
void file_traps_write(const char *path, const char *text);

/**
 * A test program's folder: $TMPDIR (or /tmp)/PREFIX-XXXXXX, mode 0755 (so
 * a child run as nobody can reach inside), with a folder "cwd" in it that
 * becomes the current one (where a stray file named "-" would land).
 * @return 0, or -1 (for a cmocka group setup).
 */
int file_traps_base_new(const char *prefix, char *base, size_t size);

/** Leaves and removes @p base and everything in it. @return 0 or -1. */
int file_traps_base_free(const char *base);

/**
 * One case's folder BASE/NAME (made here), DIR/FILE set with @p trap
 * (file_traps_set()) and the folder's snapshot taken into @p before.
 * @p dir and @p path receive the folder and the file's path.
 * @return false when the trap cannot be made here (nothing snapshotted).
 */
bool file_traps_case(const char *base, const char *name, const char *file,
		     enum file_trap trap, char *dir, size_t dir_size, char *path,
		     size_t path_size, struct file_traps_snapshot *before);

#endif
