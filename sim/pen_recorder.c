/* pen_recorder: a pen source's raw events to an evemu file (pen_recorder.h).
 * Each event is written as the source reads it; the stream is flushed at
 * every SYN_REPORT, so the file on disk always ends on a whole frame.
 */
#include "pen_recorder.h"

#include <errno.h>
#include <string.h>

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

int pen_recorder_start(struct pen_recorder *rec, const char *cmd, struct out_file *file,
		       struct pen_source *src)
{
	int rc;

	memset(rec, 0, sizeof(*rec));
	rec->f = out_file_stream(file);
	errno = 0;
	if (evemu_writer_description(rec->f, pen_source_device(src)) < 0 ||
	    fflush(rec->f) != 0) {
		rc = errno ? -errno : -EIO;
		cli_error(cmd, "%s: %s", out_file_path(file), strerror(-rc));
		out_file_free(file);
		rec->f = NULL;
		return rc;
	}
	rec->file = file;
	pen_source_set_event_hook(src, record_event, rec);
	return 0;
}

int pen_recorder_finish(struct pen_recorder *rec, const char *cmd)
{
	int rc = 0;

	if (!rec->file)
		return 0;
	if (rec->error) {
		cli_error(cmd, "%s: %s; the recording is removed", out_file_path(rec->file),
			  strerror(rec->error));
		out_file_free(rec->file);
		rc = -rec->error;
	} else if (cli_out_commit(cmd, rec->file) != CLI_OK) {
		rc = -EIO;
	}
	rec->file = NULL;
	rec->f = NULL;
	return rc;
}

void pen_recorder_abandon(struct pen_recorder *rec)
{
	out_file_free(rec->file);
	rec->file = NULL;
	rec->f = NULL;
}
