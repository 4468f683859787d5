/* pen_recorder: a pen source's raw events to an evemu file (pen_recorder.h).
 * Each event is written as the source reads it; the stream is flushed at
 * every SYN_REPORT, so the file on disk always ends on a whole frame.
 *
 * A write that fails (a full disk, a file-size limit) stops the recording
 * there and then: what stdio still buffers is dropped and the file is cut
 * back to the end of the last frame written whole (its offset is noted at
 * each flush), so that it is a good recording up to that frame; the finish
 * keeps it under its temporary name and says where, rather than losing
 * everything recorded for want of the last few bytes. So does a finish
 * whose rename fails (a file put at the name meanwhile, a failed fsync).
 * smpsim ignores SIGXFSZ (smpsim.c), so a file-size limit is such a
 * failed write, not the end of the program.
 */
#include "pen_recorder.h"

#include <errno.h>
#include <stdio_ext.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "evemu_writer.h"

/* The first write failed: drop what is buffered, and cut the file back
 * to its last whole frame (not standard output, which may be a pipe). A
 * file that cannot be cut keeps the part of a line it has, which a reader
 * refuses at its line: the frames before it are there either way. */
static void stop(struct pen_recorder *r)
{
	r->error = errno ? errno : EIO;
	__fpurge(r->f);
	if (!out_file_is_stdout(r->file) && r->frame_end >= 0 &&
	    ftruncate(out_file_fd(r->file), r->frame_end) < 0)
		r->frame_end = -1;
}

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
	if (evemu_writer_event(r->f, ev, &r->origin) < 0) {
		stop(r);
		return;
	}
	if (ev->type != EV_SYN || ev->code != SYN_REPORT)
		return;
	if (fflush(r->f) != 0) {
		stop(r);
		return;
	}
	r->frame_end = ftello(r->f);
	r->frame_us = ((int64_t)ev->input_event_sec - r->origin.tv_sec) * 1000000 +
		      ((int64_t)ev->input_event_usec - r->origin.tv_usec);
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
	rec->frame_end = ftello(rec->f);
	rec->file = file;
	pen_source_add_event_hook(src, record_event, rec);
	return 0;
}

int pen_recorder_finish(struct pen_recorder *rec, const char *cmd)
{
	int rc = 0;

	if (!rec->file)
		return 0;
	if (rec->error) {
		double at = rec->frame_us / 1e6;

		if (out_file_is_stdout(rec->file)) {
			cli_error(cmd, "standard output: %s: the recording stopped at %.1f s",
				  strerror(rec->error), at);
		} else {
			out_file_keep(rec->file);
			cli_error(cmd, "%s: %s: the recording stopped at %.1f s; what was "
				  "recorded until then is kept in %s", out_file_path(rec->file),
				  strerror(rec->error), at, out_file_temp_path(rec->file));
		}
		out_file_free(rec->file);
		rc = -rec->error;
	} else {
		char err[OUT_FILE_ERROR_MAX];

		/* A file put at the name meanwhile, or a failed fsync, must not
		 * cost the recording: it stays under its temporary name. */
		out_file_keep_on_failure(rec->file);
		rc = out_file_commit(rec->file, err, sizeof(err));
		if (rc < 0 && out_file_temp_path(rec->file))
			cli_error(cmd, "%s; the recording is kept in %s", err,
				  out_file_temp_path(rec->file));
		else if (rc < 0)
			cli_error(cmd, "%s", err);
		out_file_free(rec->file);
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
