/* out_file: a file written whole or not at all, never through what an
 * attacker or an accident left at its name. What every file smpsim writes
 * goes through: exports, reports, recordings, WAV renderings.
 *
 * The file is written under a temporary name in the target's folder,
 * NAME.XXXXXX.part (XXXXXX random), created exclusively (O_CREAT|O_EXCL|
 * O_NOFOLLOW: a link or anything else already there makes it try another
 * name, never write through it) with mode 0644 less the umask, and
 * renamed to NAME by out_file_commit() after fsync; the folder is opened
 * once, so the temporary and the rename are in the same folder even if
 * the path's folders are renamed meanwhile. out_file_free() before a
 * commit removes the temporary: the target is either untouched or the
 * whole new file. (out_file_keep() leaves the temporary instead, under
 * its own name: the part of a recording written before a write failed.)
 *
 * What is at NAME is checked without following links (fstatat with
 * AT_SYMLINK_NOFOLLOW), first when the file is opened (so a refusal comes
 * before any work) and again when it is committed:
 *   - nothing: the file is made;
 *   - a regular file or a symbolic link: refused with -EEXIST unless
 *     OUT_FILE_REPLACE (--force), then replaced by the rename (a link is
 *     replaced itself, never followed); without it the rename is
 *     renameat2(RENAME_NOREPLACE), so a file that appears meanwhile is not
 *     replaced either;
 *   - a folder, FIFO, socket or device: always refused (-EISDIR for a
 *     folder, -EINVAL for the others), named in the message.
 * "-" is standard output when OUT_FILE_STDOUT is given: written in
 * place, flushed by the commit, never closed.
 *
 * Messages are "PATH: what", PATH as the caller gave it.
 */
#ifndef SMPSIM_OUT_FILE_H
#define SMPSIM_OUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** Room for a message from the functions below. */
#define OUT_FILE_ERROR_MAX 4400

enum out_file_flags {
	OUT_FILE_REPLACE = 1 << 0,   /**< an existing file or link may be replaced */
	OUT_FILE_STDOUT = 1 << 1,    /**< "-" means standard output */
};

struct out_file;

/**
 * Checks what is at @p path and creates its temporary file beside it.
 * @param flags  enum out_file_flags
 * @return 0 and *out (free with out_file_free()), or a negative errno with
 * @p err set: -EEXIST (something is there and may not be replaced),
 * -EISDIR, -EINVAL (a FIFO, socket or device; "-" without
 * OUT_FILE_STDOUT), or what creating the file said (-ENOENT, -EACCES...).
 */
int out_file_open(const char *path, unsigned int flags, struct out_file **out,
		  char *err, size_t err_size);

/**
 * Creates a temporary file in folder @p dir for a file whose name is known
 * only later (out_file_set_name()); @p stem names the temporary
 * (STEM.XXXXXX.part). @return as out_file_open().
 */
int out_file_open_in(const char *dir, const char *stem, unsigned int flags,
		     struct out_file **out, char *err, size_t err_size);

/**
 * Names the file: @p name (no '/') in the folder it was opened in,
 * checked as out_file_open() checks it. @return as out_file_open().
 */
int out_file_set_name(struct out_file *file, const char *name, char *err, size_t err_size);

/** @return the stream to write to, valid until the commit or the free.
 * Not a plain file stream: fileno() of it is -1; out_file_fd() is its
 * descriptor. */
FILE *out_file_stream(const struct out_file *file);

/** @return the descriptor the stream writes to (STDOUT_FILENO for
 * standard output), or -1 once closed; for what stdio cannot do
 * (ftruncate, a library writing to a descriptor). Flush the stream
 * before writing to it directly. */
int out_file_fd(const struct out_file *file);

/** @return the errno of the first write to the file that failed (ENOSPC,
 * EFBIG, EDQUOT...), 0 when none did, or for standard output. */
int out_file_write_errno(const struct out_file *file);

/** @return the path the file gets (as given; "-" for standard output), or
 * NULL before out_file_set_name(); valid until out_file_free(). */
const char *out_file_path(const struct out_file *file);

/** @return where it is written until the commit, or NULL for standard
 * output; valid until out_file_free(). */
const char *out_file_temp_path(const struct out_file *file);

/** @return whether it is standard output. */
bool out_file_is_stdout(const struct out_file *file);

/**
 * @return whether @p file is to become @p path: the same folder (by device
 * and inode, so links and other spellings of it count) and the same name.
 * False for standard output, or when @p path's folder cannot be found.
 */
bool out_file_is_at(const struct out_file *file, const char *path);

/** @return whether @p a and @p b are to become the same file
 * (out_file_is_at()'s test); false when either is NULL or stdout. */
bool out_file_same(const struct out_file *a, const struct out_file *b);

/**
 * Flushes, fsyncs and closes the temporary file and renames it to its
 * name (then fsyncs the folder); for standard output, flushes it. On
 * failure the temporary is removed and what was at the name is left as
 * it was. Either way the stream is closed; free the file after.
 * @return 0, or a negative errno with @p err set (a write that failed
 * earlier shows here with its own errno, -ENOSPC for a full disk; on
 * standard output as -EIO when its flush did not fail itself).
 */
int out_file_commit(struct out_file *file, char *err, size_t err_size);

/**
 * Keeps the temporary file (out_file_temp_path()) with what was written
 * to it, where out_file_free() would remove it: for a recording a failed
 * write cut short, whose first part is worth having. Closes the stream,
 * writing what it still buffers if it can (purge it first if that is not
 * wanted); no commit after it. Nothing for standard output.
 * @return 0, or a negative errno when closing failed (the file is kept).
 */
int out_file_keep(struct out_file *file);

/**
 * From now on a failed out_file_commit() keeps the temporary file
 * (out_file_temp_path() stays valid) instead of removing it: for a
 * recording, which cannot be made again, where a file appearing at the
 * name or a failed fsync would otherwise lose all of it.
 */
void out_file_keep_on_failure(struct out_file *file);

/** Frees @p file, removing its temporary unless committed or kept.
 * Accepts NULL. */
void out_file_free(struct out_file *file);

/**
 * Makes SIGINT, SIGTERM and SIGHUP remove every temporary not yet
 * committed (up to 8 at once) before the process ends by that signal, as
 * it would have: a program calls it once at its start. A command that
 * handles these signals itself (a session ended by Ctrl-C) replaces it for
 * that time, and commits or frees its files as it ends.
 */
void out_file_remove_on_signal(void);

#endif
