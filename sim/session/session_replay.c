/* session_replay: a stored session run again and compared (session_replay.h).
 *
 * The record is read in three steps, each before anything is run: the
 * session and its lesson (the record's copy, parsed in memory), its stored
 * deposits and score, and its pen stream's chunks (copied out of the read
 * transaction, then decoded whole once by the pen source as it opens, so
 * a damaged chunk is said before any of the stream is used). The re-run
 * is practice's own: lesson_sim_setup() with the stored mapping,
 * session_loop_run() waiting for the pen exactly when the session did (a
 * live session starts at the pen's first proximity, stored as start_us; a
 * replayed recording at its first sample, start_us 0), ended where the
 * session ended (its stored duration) or at the lesson's limit.
 */
#include "cli_csv.h"
#include "session_replay.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibration_load.h"
#include "lesson_load.h"
#include "lesson_run.h"
#include "pen_calibration.h"
#include "pen_stream.h"
#include "replay_tape.h"
#include "score_print.h"
#include "session_loop.h"
#include "store.h"
#include "store_cli.h"
#include "cli_view.h"
#include "view_link.h"

struct replay {
	const struct session_replay_options *o;
	struct store *store;
	struct store_session ss;
	struct store_replay_info info;
	struct lesson_run lr;              /* the lesson and the simulator */
	struct deposit *stored;            /* the record's deposits */
	size_t stored_count;
	struct score_metrics stored_metrics;
	struct score_result stored_result;
	struct pen_stream_chunk *chunks;   /* the pen stream */
	uint8_t **chunk_data;              /* their data, owned */
	size_t chunk_count;
	struct pen_source *pen;
	struct replay_tape tape;
	struct view_link view;
	struct calibration_file calibration; /* the pen's, as the record kept it */
	char name[64];                     /* "session N's pen stream" */
	bool compared;                     /* the replay ran to its verdict */
};

/* ---- reading the record ---- */

/* The pen's force calibration the session ran with, from the record's
 * copy of its file (none: the shipped default), into @p setup: so the
 * replay drives the needle with the force the trainee's pen made. A copy
 * that no longer reads, or whose bytes are not the ones named, is said.
 * @return CLI_OK, or a status after saying what failed. */
static int use_calibration(struct replay *r, struct sim_setup *setup)
{
	char *text = NULL, err[STORE_PATH_MAX + 1024], name[STORE_PATH_MAX];
	const char *sha = strstr(r->ss.calibration, " sha256:");
	size_t size = 0;
	int rc;

	if (!r->ss.calibration[0])
		return CLI_OK;
	snprintf(name, sizeof(name), "%.*s", sha ? (int)(sha - r->ss.calibration) :
		 (int)strlen(r->ss.calibration), r->ss.calibration);
	if ((rc = store_session_calibration_text(r->store, r->ss.id, &text, &size)) < 0) {
		cli_error(r->o->cmd, "%s", store_error(r->store));
		return CLI_FAILED;
	}
	if (!text) {
		cli_error(r->o->cmd, "session %" PRId64 " used the pen calibration %s, which "
			  "the record does not keep: it cannot be replayed as it ran", r->ss.id,
			  cli_quote(r->ss.calibration));
		return CLI_FAILED;
	}
	rc = calibration_load_text(name, text, size, &r->calibration, err, sizeof(err));
	free(text);
	if (rc == 0 && strcmp(r->calibration.cal.id, r->ss.calibration)) {
		snprintf(err, sizeof(err), "its bytes are no longer those of %s",
			 r->ss.calibration);
		rc = -EINVAL;
	}
	if (rc < 0) {
		cli_error(r->o->cmd, "session %" PRId64 "'s pen calibration in the record: %s",
			  r->ss.id, err);
		return CLI_FAILED;
	}
	setup->force_curve = pen_calibration_curve;
	setup->force_curve_data = &r->calibration.cal;
	return CLI_OK;
}

/* The lesson file the session ran on, from the record's copy. */
static int load_lesson(struct replay *r)
{
	char why[512], name[STORE_NAME_MAX + 64];
	char *text = NULL;
	size_t size = 0;
	int rc = store_session_lesson_text(r->store, r->ss.id, &text, &size);

	if (rc < 0) {
		cli_error(r->o->cmd, "%s", store_error(r->store));
		return CLI_FAILED;
	}
	snprintf(name, sizeof(name), "lesson %s as stored with session %" PRId64,
		 r->ss.lesson_id, r->ss.id);
	rc = size ? lesson_load_text(name, r->ss.lesson_id, text, size, cli_library(),
				     &r->lr.lesson, why, sizeof(why)) : -ENODATA;
	free(text);
	if (rc == -ENODATA) {
		cli_error(r->o->cmd, "session %" PRId64 ": the record holds no copy of its "
			  "lesson file, so it cannot be replayed as it ran", r->ss.id);
		return CLI_FAILED;
	}
	if (rc == 0)
		rc = lesson_session_prepare(&r->lr.lesson, cli_library(), &r->lr.ls, why,
					    sizeof(why));
	if (rc < 0) {
		cli_quote_message(why);
		return CLI_FAILED;
	}
	return CLI_OK;
}

static int copy_chunk(void *data, const struct store_pen_chunk *c)
{
	struct replay *r = data;
	struct pen_stream_chunk *out = &r->chunks[r->chunk_count];
	uint8_t *copy;

	if (r->chunk_count == r->info.pen_chunks)
		return -EAGAIN;   /* a chunk stored since the count: not ours to use */
	if (!(copy = malloc(c->size ? c->size : 1)))
		return -ENOMEM;
	memcpy(copy, c->data, c->size);
	r->chunk_data[r->chunk_count] = copy;
	*out = (struct pen_stream_chunk){
		.first_us = c->first_us, .last_us = c->last_us, .events = c->events,
		.data = copy, .size = c->size,
	};
	r->chunk_count++;
	return 0;
}

static int read_record(struct replay *r)
{
	const char *cmd = r->o->cmd;
	int rc = store_session_get(r->store, r->o->session, &r->ss);

	if (rc == -ENOENT) {
		cli_error(cmd, "no session %" PRId64 " in %s (see 'smpsim review')", r->o->session,
			  store_path(r->store));
		return CLI_BAD_INPUT;
	}
	if (rc == 0 && r->ss.status == STORE_IN_PROGRESS) {
		cli_error(cmd, "session %" PRId64 " is still in progress: replay it when it has "
			  "ended", r->ss.id);
		return CLI_FAILED;
	}
	if (rc == 0)
		rc = store_session_replay_info(r->store, r->ss.id, &r->info);
	if (rc == 0)
		rc = store_session_deposit_array(r->store, r->ss.id, &r->stored, &r->stored_count);
	if (rc == 0)
		rc = store_session_result(r->store, r->ss.id, &r->stored_metrics,
					  &r->stored_result);
	if (rc == 0 && r->info.pen_chunks > 0) {
		r->chunks = calloc(r->info.pen_chunks, sizeof(*r->chunks));
		r->chunk_data = calloc(r->info.pen_chunks, sizeof(*r->chunk_data));
		rc = r->chunks && r->chunk_data ? store_session_pen_chunks(r->store, r->ss.id, copy_chunk, r) :
				 -ENOMEM;
		if (rc == -EAGAIN)
			rc = 0;
	}
	if (rc == -ENOMEM) {
		cli_error(cmd, "out of memory");
		return CLI_FAILED;
	}
	if (rc < 0) {
		cli_error(cmd, "%s", store_error(r->store));
		return CLI_FAILED;
	}
	return load_lesson(r);
}

/* ---- running it again ---- */

static void on_sample(void *ctx, const struct pen_sample *s)
{
	struct replay *r = ctx;
	double x, y;

	sim_session_to_scalp(r->lr.sim, s, &x, &y);
	replay_tape_pen(&r->tape, s->time_us, x, y, s->flags);
}

static void on_event(void *ctx, const struct sim_event *e)
{
	struct replay *r = ctx;

	replay_tape_event(&r->tape, e, e->kind == SIM_DEPOSIT_FINISHED ?
			  sim_session_deposit(r->lr.sim, e->deposit) : NULL);
}

/* The stored stream as a pen source and the simulator it drives, checked
 * before anything is said. @return CLI_OK, or a status after saying what
 * failed. */
static int open_stream(struct replay *r)
{
	const char *cmd = r->o->cmd;
	struct sim_setup setup;
	char err[PEN_SOURCE_ERROR_MAX];
	int rc;

	snprintf(r->name, sizeof(r->name), "session %" PRId64 "'s pen stream", r->ss.id);
	rc = pen_source_open_stream(r->name, r->info.pen_device, r->chunks, r->chunk_count,
				    &r->o->pen->options, &r->pen, err, sizeof(err));
	if (rc < 0) {
		cli_error(cmd, "%s", err);
		return CLI_FAILED;
	}
	lesson_sim_setup(&r->lr.lesson, &r->lr.ls, pen_source_settings(r->pen)->force_full_scale_n,
			 &r->lr.lesson.mapping, &setup);
	if (r->ss.mapping_source[0])   /* stored (version 3): as it ran */
		setup.mapping = r->ss.mapping;
	if ((rc = use_calibration(r, &setup)) != CLI_OK)
		return rc;
	if (sim_session_new(&setup, &r->lr.sim, err, sizeof(err)) < 0) {
		cli_error(cmd, "session %" PRId64 ": %s", r->ss.id, err);
		return CLI_FAILED;
	}
	return CLI_OK;
}

/* The stream through practice's path. @return CLI_OK, or a status after
 * saying what failed. */
static int rerun(struct replay *r, double *duration_s)
{
	struct session_loop loop = { 0 };
	struct session_loop_hooks hooks = { .sample = on_sample, .event = on_event, .ctx = r };
	int64_t duration_us;
	int rc;

	loop.pen = r->pen;
	loop.sim = r->lr.sim;
	loop.wait_pen = r->ss.start_us != 0;
	loop.end_us = (int64_t)(r->lr.lesson.time_limit_s * 1e6);
	/* Where the session ended: its last sample, duration_s after its start. */
	duration_us = isfinite(r->ss.duration_s) ? llround(r->ss.duration_s * 1e6) : 0;
	if (duration_us > 0 && (loop.end_us == 0 || duration_us < loop.end_us))
		loop.end_us = duration_us;
	if (!r->o->view) {
		hooks.sample = NULL;
		hooks.event = NULL;
	}
	rc = session_loop_run(&loop, &hooks);
	if (rc < 0) {
		cli_quote_message(pen_source_error(r->pen));
		return CLI_FAILED;
	}
	*duration_s = loop.started ? (loop.last_us - loop.start_us) / 1e6 : 0;
	return CLI_OK;
}

/* ---- comparing ---- */

#define FIELD(name, kind) { #name, offsetof(struct deposit, name), kind }
enum field_kind { F_U32, F_I64, F_F64, F_SIZE, F_ENUM };
static const struct { const char *name; size_t offset; enum field_kind kind; } fields[] = {
	FIELD(id, F_U32), FIELD(down_us, F_I64), FIELD(up_us, F_I64), FIELD(x_mm, F_F64),
	FIELD(y_mm, F_F64), FIELD(region, F_SIZE), FIELD(depth_mm, F_F64),
	FIELD(force_n, F_F64), FIELD(diameter_mm, F_F64), FIELD(blur_mm, F_F64),
	FIELD(tail_mm, F_F64), FIELD(tilt_deg, F_F64), FIELD(skew_ratio, F_F64),
	FIELD(skew_angle_deg, F_F64), FIELD(nearest_mm, F_F64), FIELD(kind, F_ENUM),
	FIELD(depth_class, F_ENUM), FIELD(faults, F_U32),
};

/* The value of field @p f of @p d as text, and whether two are equal. */
static void field_text(const struct deposit *d, size_t f, char *buf, size_t size)
{
	const char *p = (const char *)d + fields[f].offset;

	switch (fields[f].kind) {
	case F_U32: snprintf(buf, size, "%" PRIu32, *(const uint32_t *)(const void *)p); break;
	case F_I64: snprintf(buf, size, "%" PRId64, *(const int64_t *)(const void *)p); break;
	case F_F64: cli_number_text(*(const double *)(const void *)p, buf, size); break;
	case F_SIZE: snprintf(buf, size, "%zu", *(const size_t *)(const void *)p); break;
	case F_ENUM: snprintf(buf, size, "%d", *(const int *)(const void *)p); break;
	}
}

/* NaN equals NaN here: the record keeps a NaN as NULL and gives it back. */
static bool field_equal(const struct deposit *a, const struct deposit *b, size_t f)
{
	if (fields[f].kind == F_F64) {
		double x = *(const double *)(const void *)((const char *)a + fields[f].offset);
		double y = *(const double *)(const void *)((const char *)b + fields[f].offset);

		return x == y || (isnan(x) && isnan(y));
	}
	return memcmp((const char *)a + fields[f].offset, (const char *)b + fields[f].offset,
		      fields[f].kind == F_U32 ? 4 : fields[f].kind == F_ENUM ? sizeof(int) : 8) == 0;
}

/* Prints how the replayed deposits compare. @return whether all are equal. */
static bool compare_deposits(const struct replay *r)
{
	size_t n = sim_session_deposit_count(r->lr.sim);

	for (size_t i = 0; i < n && i < r->stored_count; i++) {
		const struct deposit *d = sim_session_deposit(r->lr.sim, (uint32_t)i);

		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			char a[64], b[64];

			if (field_equal(d, &r->stored[i], f))
				continue;
			field_text(d, f, a, sizeof(a));
			field_text(&r->stored[i], f, b, sizeof(b));
			printf("Deposits: %zu replayed, %zu stored; deposit %zu differs first, in "
			       "%s: %s replayed, %s stored.\n", n, r->stored_count, i + 1,
			       fields[f].name, a, b);
			return false;
		}
	}
	if (n != r->stored_count) {
		printf("Deposits: %zu replayed, %zu stored; the first %zu are the same in "
		       "every field.\n", n, r->stored_count, n < r->stored_count ? n :
		       r->stored_count);
		return false;
	}
	printf("Deposits: %zu replayed, %zu stored, the same in every field.\n", n,
	       r->stored_count);
	return true;
}

/* What a score says of the attempt: an interrupted session is not a
 * failed attempt (the instructor guide), so never "failed". */
static const char *verdict(const struct replay *r, bool passed)
{
	return r->ss.status == STORE_INTERRUPTED ? "interrupted: not a pass or fail" :
	       passed ? "passed" : "failed";
}

/* Prints the score found against the stored one; @p none, when the
 * replay gave no score, says why. @return whether equal. */
static bool compare_score(const struct replay *r, const struct score_result *found,
			  bool scored, const char *none, const char *how)
{
	/* Scored before proficiency (store version 3: a pass mark, capped
	 * never-events, the weighted mean kept as uncapped): today's rules
	 * give another score by design, so the stored one stands. */
	if (r->ss.scored && (isfinite(r->ss.uncapped) ||
			     r->lr.lesson.rubric.before_proficiency)) {
		printf("Score: %.1f (%s) as stored, given by the rules before proficiency "
		       "(a pass mark); not scored again.\n", r->ss.score,
		       r->ss.passed ? "passed" : "failed");
		return true;
	}
	/* No score stored, and the copy's rules are gone: none to give. */
	if (r->lr.lesson.rubric.before_proficiency) {
		printf("Score: none stored, and none given now: the lesson file it ran on "
		       "was scored by a pass mark (before proficiency).\n");
		return true;
	}
	if (!scored && !r->ss.scored) {
		printf("Score: none (%s), and none stored.\n", none);
		return true;
	}
	if (!scored) {
		printf("Score: none (%s), but %.1f stored.\n", none, r->ss.score);
		return false;
	}
	printf("Score: %.1f (%s)%s, ", found->score, verdict(r, found->passed), how);
	if (!r->ss.scored) {
		printf("and the record holds none (the session was %s).\n",
		       store_session_status_name(r->ss.status));
		return r->ss.status == STORE_INTERRUPTED;
	}
	if (found->score == r->ss.score && found->passed == r->ss.passed &&
	    found->never_triggered == r->ss.never_triggered) {
		printf("the same as stored.\n");
		return true;
	}
	{
		char stored[CLI_NUMBER_MAX];

		/* The shortest text that reads back: two scores that differ
		 * at all are printed differently. */
		cli_number_text(r->ss.score, stored, sizeof(stored));
		printf("but %s (%s) stored.\n", stored, verdict(r, r->ss.passed));
	}
	return false;
}

/* Measures and scores @p dots against the lesson, as lesson_run does.
 * @return 1 scored, 0 not scored as no dots were made (practice's "not
 * scored: no dots were made"), -1 too little to score otherwise. */
static int score(struct replay *r, struct score_dot *dots, size_t n, double duration_s,
		 struct score_metrics *m, struct score_result *res)
{
	struct score_frame frame;
	int rc;

	lesson_score_frame(&r->lr.lesson, &r->lr.ls, duration_s, &frame);
	if (score_metrics_compute(dots, n, &frame, m) < 0)
		return -1;
	rc = score_rubric_apply(&r->lr.lesson.rubric, m, res);
	return rc == 0 ? 1 : rc == -ENODATA ? 0 : -1;
}

static int replay(struct replay *r)
{
	const struct store_session *ss = &r->ss;
	struct score_metrics m;
	struct score_result res;
	struct score_dot *dots;
	bool from_stream = r->chunk_count > 0 && r->info.pen_device;
	bool same_deposits = true, same_score;
	int scored;
	double duration_s = isfinite(ss->duration_s) ? ss->duration_s : 0;
	size_t n;
	int status;

	if (from_stream && (status = open_stream(r)) != CLI_OK)
		return status;
	printf("Session %" PRId64 ": %s, lesson %s, %.1f s, %s.\n", ss->id,
	       cli_quote(ss->trainee_name), cli_quote(ss->lesson_id), duration_s,
	       store_session_status_name(ss->status));
	if (from_stream) {
		printf("Replayed from its pen stream: %" PRId64 " event%s in %zu chunk%s.\n",
		       r->info.pen_events, r->info.pen_events == 1 ? "" : "s", r->chunk_count,
		       r->chunk_count == 1 ? "" : "s");
		fflush(stdout);
		if ((status = rerun(r, &duration_s)) != CLI_OK)
			return status;
		n = sim_session_deposit_count(r->lr.sim);
	} else {
		printf("Replayed from its %zu stored deposit%s: the record holds no pen stream "
		       "for it (it was stored before pen streams were kept).\n", r->stored_count,
		       r->stored_count == 1 ? "" : "s");
		n = r->stored_count;
		if (r->o->view && replay_tape_from_deposits(&r->tape, r->stored, n) < 0) {
			cli_error(r->o->cmd, "out of memory");
			return CLI_FAILED;
		}
	}
	if (!(dots = malloc((n ? n : 1) * sizeof(*dots)))) {
		cli_error(r->o->cmd, "out of memory");
		return CLI_FAILED;
	}
	if (from_stream) {
		lesson_score_dots(&r->lr.ls, r->lr.sim, dots);
		same_deposits = compare_deposits(r);
	} else {
		lesson_score_deposits(&r->lr.ls, r->stored, n, dots);
	}
	scored = score(r, dots, n, duration_s, &m, &res);
	free(dots);
	same_score = compare_score(r, &res, scored > 0, scored == 0 ? "no dots were made" :
				   "too little to score", from_stream ? "" :
				   ", scored again from the deposits");
	r->compared = true;
	if (same_deposits && same_score)
		printf("The replay reproduces the session exactly.\n");
	else
		printf("The replay does not reproduce the session.\n");
	return same_deposits && same_score ? CLI_OK : CLI_FAILED;
}

/* Plays the tape in the live view's window until the instructor closes
 * it. @return CLI_OK, or a status after saying what failed. */
static int play(struct replay *r)
{
	const char *cmd = r->o->cmd;
	const struct pen_geometry *geo = r->pen ? pen_source_geometry(r->pen) : NULL;
	char why[1024], title[LESSON_TITLE_MAX + STORE_NAME_MAX + 64];
	struct view_setup setup = {
		.lesson = &r->lr.lesson,
		.scalp = &r->lr.ls.scalp,
		.pad_width_mm = geo ? geo->width_mm : 0,
		.pad_height_mm = geo ? geo->height_mm : 0,
		.time_limit_s = r->lr.lesson.time_limit_s,
		.title = title,
	};
	int rc;

	if (r->lr.sim)
		setup.sim = *sim_session_setup(r->lr.sim);
	else
		lesson_sim_setup(&r->lr.lesson, &r->lr.ls, 1, &r->lr.lesson.mapping, &setup.sim);
	snprintf(title, sizeof(title), "smpsim replay: session %" PRId64 ", %s, %s", r->ss.id,
		 r->ss.trainee_name, r->lr.lesson.title);
	fflush(stdout);
	if (r->tape.error) {
		cli_error(cmd, "out of memory");
		return CLI_FAILED;
	}
	rc = view_link_open(&r->view, &setup, why, sizeof(why));
	if (rc < 0) {
		cli_error(cmd, "--view: %s", why);
		return rc == -ENODEV ? CLI_BAD_INPUT : CLI_FAILED;
	}
	fprintf(stderr, "Replaying session %" PRId64 " in the window%s: space pauses or "
		"plays, the right and left arrows step dot by dot, + and - change the speed "
		"(1, 2, 4, 8x), n and p jump to the next and previous fault, q or Escape "
		"close it.\n", r->ss.id, r->tape.tape.from_deposits ? " from its deposits" : "");
	rc = r->view.plugin->replay(r->view.view, &r->tape.tape, why, sizeof(why));
	if (rc < 0)
		cli_error(cmd, "--view: %s", why);
	if (view_link_close(&r->view, why, sizeof(why)) < 0 && rc == 0) {
		cli_error(cmd, "--view: %s", why);
		rc = -EIO;
	}
	return rc < 0 ? CLI_FAILED : CLI_OK;
}

int session_replay_run(const struct session_replay_options *o)
{
	struct replay *r = calloc(1, sizeof(*r));
	int status;

	if (!r) {
		cli_error(o->cmd, "out of memory");
		return CLI_FAILED;
	}
	r->o = o;
	r->lr.cmd = o->cmd;
	replay_tape_init(&r->tape);
	/* Said before anything is read or run. */
	if (o->view && !cli_view_display_named()) {
		cli_error(o->cmd, "--view: no display ($DISPLAY and $WAYLAND_DISPLAY are not "
			  "set); without --view the session is replayed and checked");
		free(r);
		return CLI_BAD_INPUT;
	}
	status = store_cli_open(o->cmd, o->db, STORE_CLI_READ, &r->store);
	if (status == CLI_OK)
		status = read_record(r);
	if (status == CLI_OK)
		status = replay(r);
	/* Shown whether or not it reproduced the session: a replay that
	 * differs is what an instructor most wants to see. */
	if (o->view && (status == CLI_OK || r->compared)) {
		int shown = play(r);

		if (shown != CLI_OK)
			status = shown;
	}
	for (size_t i = 0; i < r->chunk_count; i++)
		free(r->chunk_data[i]);
	free(r->chunk_data);
	free(r->chunks);
	free(r->stored);
	free(r->info.pen_device);
	pen_source_free(r->pen);
	replay_tape_release(&r->tape);
	lesson_run_release(&r->lr);
	store_close(r->store);
	free(r);
	return status;
}
