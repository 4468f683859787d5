/* pen_recorder: a pen source's raw events to an evemu file. */
#include "pen_recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "evemu_writer.h"

static void record_event(void *data, const struct input_event *ev)
{
	struct pen_recorder *r = data;

	if (r->error)
		return;
	if (!r->started) {
		r->origin.tv_sec = ev->input_event_sec;
		r->origin.tv_usec = ev->input_event_usec;
		r->started = true;
	}
	errno = 0;
	if (evemu_writer_event(r->f, ev, &r->origin) < 0 ||
	    (ev->type == EV_SYN && ev->code == SYN_REPORT && fflush(r->f) != 0))
		r->error = errno ? errno : EIO;
}

int pen_recorder_start(struct pen_recorder *rec, const char *cmd, const char *path,
		       bool force, struct pen_source *src)
{
	int fd, rc;

	memset(rec, 0, sizeof(*rec));
	rec->path = path;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0644);
	if (fd < 0 || !(rec->f = fdopen(fd, "w"))) {
		rc = -errno;
		cli_error(cmd, "%s: %s%s", path, strerror(-rc),
			  rc == -EEXIST ? (force ? "" : " (--force overwrites it)") : "");
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (evemu_writer_description(rec->f, pen_source_device(src)) < 0 ||
	    fflush(rec->f) != 0) {
		rc = errno ? -errno : -EIO;
		cli_error(cmd, "%s: %s", path, strerror(-rc));
		fclose(rec->f);
		rec->f = NULL;
		return rc;
	}
	pen_source_set_event_hook(src, record_event, rec);
	return 0;
}

int pen_recorder_finish(struct pen_recorder *rec, const char *cmd)
{
	int rc = 0;

	if (!rec->f)
		return 0;
	if (rec->error) {
		cli_error(cmd, "%s: %s", rec->path, strerror(rec->error));
		rc = -rec->error;
	}
	if (fclose(rec->f) != 0 && rc == 0) {
		rc = -errno;
		cli_error(cmd, "%s: %s", rec->path, strerror(errno));
	}
	rec->f = NULL;
	return rc;
}
