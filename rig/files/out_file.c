/* out_file: files written whole or not at all (out_file.h).
 *
 * The folder is opened once (O_DIRECTORY) and everything after works
 * relative to it: fstatat() of the name without following links,
 * openat() of the temporary with O_CREAT|O_EXCL|O_NOFOLLOW under a random
 * name, renameat() or renameat2(RENAME_NOREPLACE) at the commit, fsync()
 * of the folder so the new name survives a crash.
 *
 * Temporaries not yet committed are also listed in a small table that a
 * signal handler can read (out_file_remove_on_signal()): Ctrl-C or a kill
 * in the middle of a command removes them instead of leaving NAME.*.part
 * behind. Only SIGKILL and a crash leave one, which is what a recording
 * wants (what was recorded is in it), and out_file_keep(), for a recording
 * a failed write stopped.
 *
 * The stream on the temporary is a stdio cookie stream (fopencookie())
 * over its descriptor whose write keeps the errno of the first write that
 * failed: stdio keeps only that one failed (ferror()), so a full disk met
 * in the middle of a long file, with nothing left to flush by the commit,
 * would otherwise be said as a bare "Input/output error" instead of "No
 * space left on device" (or "File too large", "Disk quota exceeded").
 */
#define _GNU_SOURCE             /* renameat2, O_PATH */
#include "out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RANDOM_CHARS 6
#define TEMP_SUFFIX ".part"
/* ".XXXXXX.part" */
#define TEMP_EXTRA (1 + RANDOM_CHARS + sizeof(TEMP_SUFFIX) - 1)
#define NAME_MAX_BYTES 255

/* The temporaries in the making, for the signal handler: a slot is
 * filled before it is marked used, and unmarked before it is reused. */
#define PENDING_MAX 8
static struct pending {
	volatile sig_atomic_t used;
	int dir_fd;
	char name[NAME_MAX_BYTES + 1];
} pending[PENDING_MAX];

struct out_file {
	int slot;               /* in pending[], -1 for none */
	FILE *f;
	int fd;                 /* the temporary's descriptor (f's), -1 for none */
	int write_errno;        /* the first failed write's errno, 0 for none */
	int dir_fd;             /* -1 for standard output */
	bool dir_syncable;      /* opened for reading, not O_PATH */
	unsigned int flags;
	bool committed;
	bool kept;              /* out_file_keep(): the temporary stays */
	bool keep_on_failure;   /* out_file_keep_on_failure(): a failed commit keeps it */
	char *dir;              /* the folder as given, "" for the current one */
	char *name;             /* the final name in it; NULL until known */
	char *path;             /* the path shown: as given, or dir/name */
	char *temp;             /* the temporary's name in the folder */
	char *temp_path;        /* and its path, for messages */
};

/* "a/b/c" as "a/b/" and "c"; "c" as "" and "c". */
static char *folder_of(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;
	char *dir = malloc(n + 1);

	if (dir) {
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	*name = path + n;
	return dir;
}

static char *join(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	bool slash = d > 0 && dir[d - 1] != '/';
	char *s = malloc(d + slash + n + 1);

	if (s) {
		memcpy(s, dir, d);
		if (slash)
			s[d] = '/';
		memcpy(s + d + slash, name, n + 1);
	}
	return s;
}

static const char *kind_of(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return "directory";
	case S_IFIFO: return "FIFO";
	case S_IFSOCK: return "socket";
	case S_IFCHR: return "character device";
	case S_IFBLK: return "block device";
	default: return "file of an unknown kind";
	}
}

/* What is at @p name may be written over? Says why not in @p err. */
static int check_target(const struct out_file *file, const char *name, const char *shown,
			char *err, size_t err_size)
{
	struct stat st;

	if (!*name || !strcmp(name, ".") || !strcmp(name, "..")) {
		snprintf(err, err_size, "%s: is a directory, not a regular file; "
			 "nothing was written", shown);
		return -EISDIR;
	}
	if (fstatat(file->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		int rc = -errno;

		if (rc == -ENOENT)
			return 0;
		snprintf(err, err_size, "%s: %s", shown, strerror(-rc));
		return rc;
	}
	if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
		if (file->flags & OUT_FILE_REPLACE)
			return 0;
		if (S_ISLNK(st.st_mode))
			snprintf(err, err_size, "%s: File exists, as a symbolic link (--force "
				 "replaces the link, not what it points to)", shown);
		else
			snprintf(err, err_size, "%s: File exists (--force overwrites it)", shown);
		return -EEXIST;
	}
	snprintf(err, err_size, "%s: is a %s, not a regular file; nothing was written", shown,
		 kind_of(st.st_mode));
	return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
}

static void random_chars(char *out)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static uint64_t counter;
	unsigned char bytes[RANDOM_CHARS];

	/* Unpredictable names only spare a retry: O_EXCL is what makes the
	 * temporary safe, so a clock is good enough when getrandom is not. */
	if (getrandom(bytes, sizeof(bytes), GRND_NONBLOCK) != (ssize_t)sizeof(bytes)) {
		struct timespec t;
		uint64_t x;

		clock_gettime(CLOCK_MONOTONIC, &t);
		x = (uint64_t)t.tv_nsec ^ ((uint64_t)getpid() << 32) ^ ++counter * 0x9e3779b97f4a7c15u;
		for (size_t i = 0; i < sizeof(bytes); i++, x >>= 8)
			bytes[i] = (unsigned char)x;
	}
	for (size_t i = 0; i < RANDOM_CHARS; i++)
		out[i] = set[bytes[i] % (sizeof(set) - 1)];
}

/* Lists @p file's temporary for the signal handler (when there is room:
 * more than PENDING_MAX at once only go unlisted). */
static void pending_add(struct out_file *file)
{
	for (int i = 0; i < PENDING_MAX; i++) {
		if (pending[i].used)
			continue;
		pending[i].dir_fd = file->dir_fd;
		snprintf(pending[i].name, sizeof(pending[i].name), "%s", file->temp);
		pending[i].used = 1;
		file->slot = i;
		return;
	}
}

static void pending_remove(struct out_file *file)
{
	if (file->slot >= 0)
		pending[file->slot].used = 0;
	file->slot = -1;
}

static void remove_and_die(int sig)
{
	for (int i = 0; i < PENDING_MAX; i++)
		if (pending[i].used)
			unlinkat(pending[i].dir_fd, pending[i].name, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

void out_file_remove_on_signal(void)
{
	struct sigaction sa = { .sa_handler = remove_and_die };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The stream's write: all of @p size bytes, or as many as went before the
 * first error, whose errno is kept for the commit's message. */
static ssize_t stream_write(void *cookie, const char *buf, size_t size)
{
	struct out_file *file = cookie;
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(file->fd, buf + done, size - done);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO;
		if (!file->write_errno)
			file->write_errno = errno;
		break;
	}
	return (ssize_t)done;
}

static int stream_seek(void *cookie, off64_t *offset, int whence)
{
	struct out_file *file = cookie;
	off_t at = lseek(file->fd, (off_t)*offset, whence);

	if (at < 0)
		return -1;
	*offset = at;
	return 0;
}

static int stream_close(void *cookie)
{
	struct out_file *file = cookie;
	int rc = close(file->fd);

	file->fd = -1;
	return rc;
}

/* Creates STEM.XXXXXX.part exclusively in the folder. */
static int create_temp(struct out_file *file, const char *stem, const char *shown,
		       char *err, size_t err_size)
{
	size_t n = strlen(stem);
	int fd = -1, rc;

	/* The name must stay within NAME_MAX, whatever the stem. */
	if (n > NAME_MAX_BYTES - TEMP_EXTRA)
		n = NAME_MAX_BYTES - TEMP_EXTRA;
	file->temp = malloc(n + TEMP_EXTRA + 1);
	if (!file->temp)
		goto nomem;
	memcpy(file->temp, stem, n);
	file->temp[n] = '.';
	memcpy(file->temp + n + 1 + RANDOM_CHARS, TEMP_SUFFIX, sizeof(TEMP_SUFFIX));
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		random_chars(file->temp + n + 1);
		fd = openat(file->dir_fd, file->temp,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		rc = -errno;
		snprintf(err, err_size, "%s: %s", shown, strerror(-rc));
		free(file->temp);
		file->temp = NULL;
		return rc;
	}
	file->temp_path = join(file->dir, file->temp);
	file->fd = fd;
	file->f = fopencookie(file, "w", (cookie_io_functions_t){
		.write = stream_write, .seek = stream_seek, .close = stream_close });
	if (file->temp_path && file->f) {
		pending_add(file);
		return 0;
	}
	if (!file->f) {
		close(fd);
		file->fd = -1;
	}
	unlinkat(file->dir_fd, file->temp, 0);
	free(file->temp);
	file->temp = NULL;
nomem:
	snprintf(err, err_size, "%s: out of memory", shown);
	return -ENOMEM;
}

/* A file replaced with OUT_FILE_REPLACE keeps its permissions: a report
 * kept private (0600) does not become readable by everyone. A link, or
 * nothing, at the name: the temporary's own mode stands. */
static void keep_mode(const struct out_file *file, const char *name)
{
	struct stat st;

	if (fstatat(file->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
		fchmod(file->fd, st.st_mode & 07777);
}

/* Opens the folder the file goes in. */
static int open_folder(struct out_file *file, const char *shown, char *err, size_t err_size)
{
	const char *dir = *file->dir ? file->dir : ".";
	int rc;

	file->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	file->dir_syncable = file->dir_fd >= 0;
	/* A folder one may write in but not list: no fsync of it then. */
	if (file->dir_fd < 0 && errno == EACCES)
		file->dir_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (file->dir_fd >= 0)
		return 0;
	rc = -errno;
	snprintf(err, err_size, "%s: %s", shown, strerror(-rc));
	return rc;
}

static struct out_file *file_new(unsigned int flags)
{
	struct out_file *file = calloc(1, sizeof(*file));

	if (file) {
		file->slot = -1;
		file->fd = -1;
		file->dir_fd = -1;
		file->flags = flags;
	}
	return file;
}

int out_file_open(const char *path, unsigned int flags, struct out_file **out,
		  char *err, size_t err_size)
{
	struct out_file *file;
	const char *name;
	int rc = -ENOMEM;

	*out = NULL;
	if (!*path) {
		snprintf(err, err_size, "an empty file name: give the file's name");
		return -EINVAL;
	}
	if (!strcmp(path, "-") && !(flags & OUT_FILE_STDOUT)) {
		snprintf(err, err_size, "-: standard output is not possible here; give a "
			 "file name (./- for a file named -)");
		return -EINVAL;
	}
	if (!(file = file_new(flags)))
		goto nomem;
	if (!strcmp(path, "-")) {
		file->f = stdout;
		if (!(file->path = strdup(path)))
			goto nomem;
		*out = file;
		return 0;
	}
	file->dir = folder_of(path, &name);
	file->path = strdup(path);
	file->name = strdup(name);
	if (!file->dir || !file->path || !file->name)
		goto nomem;
	if ((rc = open_folder(file, path, err, err_size)) < 0 ||
	    (rc = check_target(file, name, path, err, err_size)) < 0 ||
	    (rc = create_temp(file, name, path, err, err_size)) < 0)
		goto fail;
	keep_mode(file, name);
	*out = file;
	return 0;
nomem:
	snprintf(err, err_size, "%s: out of memory", path);
fail:
	out_file_free(file);
	return rc;
}

int out_file_open_in(const char *dir, const char *stem, unsigned int flags,
		     struct out_file **out, char *err, size_t err_size)
{
	struct out_file *file = file_new(flags & ~OUT_FILE_STDOUT);
	int rc = -ENOMEM;

	*out = NULL;
	if (!file || !(file->dir = strdup(dir))) {
		snprintf(err, err_size, "%s: out of memory", dir);
		goto fail;
	}
	if ((rc = open_folder(file, dir, err, err_size)) < 0 ||
	    (rc = create_temp(file, stem, dir, err, err_size)) < 0)
		goto fail;
	*out = file;
	return 0;
fail:
	out_file_free(file);
	return rc;
}

int out_file_set_name(struct out_file *file, const char *name, char *err, size_t err_size)
{
	char *path, *copy;
	int rc;

	if (file->dir_fd < 0 || strchr(name, '/')) {
		snprintf(err, err_size, "%s: not a name in the folder %s", name,
			 file->dir ? file->dir : "-");
		return -EINVAL;
	}
	path = join(file->dir, name);
	copy = strdup(name);
	if (!path || !copy) {
		free(path);
		free(copy);
		snprintf(err, err_size, "%s: out of memory", name);
		return -ENOMEM;
	}
	rc = check_target(file, name, path, err, err_size);
	if (rc < 0) {
		free(path);
		free(copy);
		return rc;
	}
	free(file->path);
	free(file->name);
	file->path = path;
	file->name = copy;
	keep_mode(file, name);
	return 0;
}

FILE *out_file_stream(const struct out_file *file)
{
	return file->f;
}

int out_file_fd(const struct out_file *file)
{
	return out_file_is_stdout(file) ? STDOUT_FILENO : file->fd;
}

int out_file_write_errno(const struct out_file *file)
{
	return file->write_errno;
}

const char *out_file_path(const struct out_file *file)
{
	return file->path;
}

const char *out_file_temp_path(const struct out_file *file)
{
	return file->temp_path;
}

bool out_file_is_stdout(const struct out_file *file)
{
	return file->dir_fd < 0 && file->f == stdout;
}

bool out_file_is_at(const struct out_file *file, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat here, there;
	char *dir;
	bool same;

	if (file->dir_fd < 0 || !file->name)
		return false;
	if (strcmp(slash ? slash + 1 : path, file->name))
		return false;
	dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	same = dir && stat(dir, &there) == 0 && fstat(file->dir_fd, &here) == 0 &&
	       here.st_dev == there.st_dev && here.st_ino == there.st_ino;
	free(dir);
	return same;
}

bool out_file_same(const struct out_file *a, const struct out_file *b)
{
	struct stat sa, sb;

	return a && b && a->dir_fd >= 0 && b->dir_fd >= 0 && a->name && b->name &&
	       !strcmp(a->name, b->name) && fstat(a->dir_fd, &sa) == 0 &&
	       fstat(b->dir_fd, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Renames the temporary to the name only if nothing is there. */
static int rename_noreplace(const struct out_file *file)
{
	if (renameat2(file->dir_fd, file->temp, file->dir_fd, file->name,
		      RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -errno;
	/* A file system without RENAME_NOREPLACE: a hard link fails just as
	 * atomically on a name that is taken. */
	if (linkat(file->dir_fd, file->temp, file->dir_fd, file->name, 0) == 0) {
		unlinkat(file->dir_fd, file->temp, 0);
		return 0;
	}
	if (errno != EPERM && errno != EOPNOTSUPP)
		return -errno;
	/* Nor hard links (FAT): the check made just before has to do. */
	return renameat(file->dir_fd, file->temp, file->dir_fd, file->name) == 0 ? 0 : -errno;
}

int out_file_commit(struct out_file *file, char *err, size_t err_size)
{
	const char *shown = file->path ? file->path : file->dir;
	int rc = 0;

	if (out_file_is_stdout(file)) {
		/* A flush that fails says why; an error met before it is only
		 * known to have happened. */
		errno = EIO;
		if (fflush(stdout) != 0 || ferror(stdout))
			rc = -errno;
		if (rc < 0)
			snprintf(err, err_size, "standard output: %s", strerror(-rc));
		file->committed = rc == 0;
		return rc;
	}
	if (!file->f || !file->name) {
		snprintf(err, err_size, "%s: %s", shown, !file->f ? "already committed" :
			 "no name given");
		return -EINVAL;
	}
	errno = EIO;
	if (fflush(file->f) != 0 || ferror(file->f) || fsync(file->fd) != 0)
		rc = file->write_errno ? -file->write_errno : -errno;
	if (fclose(file->f) != 0 && rc == 0)
		rc = -errno;
	file->f = NULL;
	if (rc < 0) {
		snprintf(err, err_size, "%s: %s", shown, strerror(-rc));
		goto fail;
	}
	/* What is there may have changed since the open. */
	if ((rc = check_target(file, file->name, shown, err, err_size)) < 0)
		goto fail;
	if (file->flags & OUT_FILE_REPLACE)
		rc = renameat(file->dir_fd, file->temp, file->dir_fd, file->name) == 0 ? 0 : -errno;
	else
		rc = rename_noreplace(file);
	if (rc < 0) {
		if (rc != -EEXIST || check_target(file, file->name, shown, err, err_size) == 0)
			snprintf(err, err_size, "%s: %s", shown, strerror(-rc));
		goto fail;
	}
	file->committed = true;
	pending_remove(file);
	/* The rename is done; a folder that cannot be synced only risks the
	 * new name to a power cut. */
	if (file->dir_syncable)
		fsync(file->dir_fd);
	return 0;
fail:
	pending_remove(file);
	if (file->keep_on_failure) {
		file->kept = true;
		return rc;
	}
	unlinkat(file->dir_fd, file->temp, 0);
	free(file->temp);
	file->temp = NULL;
	return rc;
}

void out_file_keep_on_failure(struct out_file *file)
{
	file->keep_on_failure = true;
}

int out_file_keep(struct out_file *file)
{
	int rc = 0;

	if (out_file_is_stdout(file) || !file->f)
		return 0;
	if (fclose(file->f) != 0)
		rc = -errno;
	file->f = NULL;
	file->kept = true;
	pending_remove(file);
	return rc;
}

void out_file_free(struct out_file *file)
{
	if (!file)
		return;
	if (file->f && file->f != stdout)
		fclose(file->f);
	pending_remove(file);
	if (file->temp && !file->committed && !file->kept)
		unlinkat(file->dir_fd, file->temp, 0);
	if (file->dir_fd >= 0)
		close(file->dir_fd);
	free(file->dir);
	free(file->name);
	free(file->path);
	free(file->temp);
	free(file->temp_path);
	free(file);
}
