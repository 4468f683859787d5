/* practice: a trainee's session, from the lesson's instructions to the
 * stored score.
 *
 * The session is the same as `smpsim score`'s (sim/session/lesson_run.c, one loop
 * in sim/session/session_loop.c); around it: the trainee's name, checked by the
 * store's rule before anything is opened; the pen, a recording (checked
 * whole as it opens) or a device (the only one there is, or the one the
 * trainee picks); the sound; demo's report beside the record, its folder
 * and name (named after the session the record will store next) checked
 * before the record is written. The trainee record: practice's is opened
 * and its trainee looked up right after the name, before the pen, so a
 * name not there is said at once (opening it stores nothing of the
 * session: it marks a session whose program died interrupted, as every
 * writer's opening does); the demo's, which adds its trainee, only after
 * all the rest, so nothing refused before it leaves a trace in it. Then
 * Ctrl-C and SIGTERM, which end the session as a key does, so what was
 * done is scored and stored; the ticker thread (sim/session/practice_ticker.c) for the status line,
 * the keys and the commit clock. A live pen is grabbed (EVIOCGRAB) from
 * its opening to the session's end, so its taps do not click the desktop;
 * one another program holds is shared, and that is said. Each deposit goes
 * to the store as it finishes; the store commits them at least every
 * second of session time and the loop asks it to commit twice a second of
 * wall time, so a kill loses under a second.
 */
#include "practice.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "course.h"
#include "benchmark_levels.h"
#include "device_scan.h"
#include "lesson_run.h"
#include "pen_calibrations.h"
#include "pen_keeper.h"
#include "pen_recorder.h"
#include "report_store.h"
#include "score_print.h"
#include "session_loop.h"
#include "store.h"
#include "store_cli.h"
#include "view_link.h"

static volatile sig_atomic_t stop_requested, stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
	stop_requested = PRACTICE_STOP_SIGNAL;
}

struct practice {
	const struct practice_options *o;
	struct practice_outcome *out;
	const char *cmd;
	struct lesson_run lr;
	struct store *store;
	int64_t trainee, session;
	int64_t benchmark;           /* whose levels judge it; 0: the lesson file's */
	struct pen_source *pen;
	struct cli_sound sound;      /* the options' sound, the lesson's feedback applied */
	struct audio_output *audio;
	struct out_file *record_file;/* --record's, until the recorder takes it */
	struct out_file *report;     /* o->report, or report_stem's */
	bool own_report;             /* report_stem's: freed here */
	struct pen_recorder rec;
	bool recording;
	struct pen_keeper keeper;    /* the pen stream into the record */
	bool keeping;
	struct session_loop loop;
	struct practice_counters counters;
	struct practice_ticker ticker;
	char trainee_name[STORE_NAME_MAX]; /* o->trainee, cleaned */
	char device[PATH_MAX];       /* the device chosen */
	char recording_path[PATH_MAX];
	struct out_file *screenshot; /* --screenshot's, written at the end */
	struct view_link view;       /* the live view, when it is open */
	int view_mode;               /* for the record: enum store_view_mode */
	bool pending;                /* deposits added since the last flush */
	int store_rc;                /* the first store failure of the session */
	struct calibration_file calibration; /* the pen's, when calibrated */
	char *calibration_text;              /* its file's bytes, for the record */
	size_t calibration_text_size;
	bool calibrated;
};

/* ---- the trainee record ---- */

/* The name is checked by the store's rule before anything is opened. */
static int check_name(struct practice *p)
{
	char why[STORE_ERROR_MAX];

	if (store_trainee_name(p->o->trainee, p->trainee_name, why, sizeof(why)) < 0) {
		cli_error(p->cmd, "%s", why);
		return CLI_BAD_INPUT;
	}
	return CLI_OK;
}

static int open_store(struct practice *p)
{
	/* Only the demo adds its trainee: practice needs one already there,
	 * so it never makes a record it would then refuse. */
	int rc = store_cli_open(p->cmd, p->o->db, p->o->create_trainee ? STORE_CLI_WRITE :
				STORE_CLI_WRITE_EXISTING, &p->store);

	if (rc == CLI_OK)
		snprintf(p->out->db_path, sizeof(p->out->db_path), "%s", store_path(p->store));
	return rc;
}

static int find_trainee(struct practice *p)
{
	int rc = store_trainee_find(p->store, p->trainee_name, &p->trainee);

	if (rc == -ENOENT && p->o->create_trainee) {
		rc = store_trainee_add(p->store, p->trainee_name, &p->trainee);
		if (rc == 0)
			fprintf(stderr, "Added trainee %s.\n", cli_quote(p->trainee_name));
	}
	if (rc == -ENOENT) {
		cli_error(p->cmd, "no trainee named '%s' in %s; add one with "
			  "'smpsim trainee add NAME', or see who there is with "
			  "'smpsim trainee list'", p->trainee_name, p->out->db_path);
		return CLI_BAD_INPUT;
	}
	if (rc == -ESTALE) {   /* merged into another (store_class.h): practise as them */
		cli_error(p->cmd, "%s", store_error(p->store));
		return CLI_BAD_INPUT;
	}
	if (rc < 0) {
		cli_error(p->cmd, "%s: %s", p->out->db_path, store_error(p->store));
		return CLI_FAILED;
	}
	return CLI_OK;
}

/* A failure of the record ends the session (what was done is scored and
 * said); a busy database does not: the store keeps the deposits and tries
 * them again at the next call. */
static void store_failed(struct practice *p, int rc)
{
	if (rc == -EBUSY)
		return;
	if (p->store_rc == 0) {
		p->store_rc = rc;
		stop_requested = PRACTICE_STOP_SIGNAL;
	}
}

/* The pen stream's chunk so far goes to the store, to be written with
 * the next commit of the deposits. */
static void cut_pen_stream(struct practice *p)
{
	if (p->keeping && p->session && pen_keeper_cut(&p->keeper) > 0)
		p->pending = true;
}

static void flush(struct practice *p)
{
	int rc;

	atomic_store_explicit(&p->ticker.flush_due, 0, memory_order_relaxed);
	cut_pen_stream(p);
	if (!p->pending || !p->session || p->store_rc)
		return;
	rc = store_session_flush(p->store, p->session);
	if (rc < 0)
		store_failed(p, rc);
	else
		p->pending = false;
}

/* ---- the pen ---- */

static void list_devices(const struct device_scan *scan, FILE *f)
{
	size_t k = 0;

	for (size_t i = 0; i < scan->count; i++) {
		const struct device_scan_entry *e = &scan->entries[i];

		if (!e->usable)
			continue;
		fprintf(f, "  %zu. %s  %s", ++k, cli_quote(e->path), cli_quote(e->dev.name));
		if (e->has_geometry)
			fprintf(f, "  (%.0f x %.0f mm)", e->geo.width_mm, e->geo.height_mm);
		fputc('\n', f);
	}
}

static const struct device_scan_entry *usable_entry(const struct device_scan *scan,
						    size_t k)
{
	for (size_t i = 0; i < scan->count; i++)
		if (scan->entries[i].usable && k-- == 0)
			return &scan->entries[i];
	return NULL;
}

/* No --device and no --replay: the only usable device, or the one the
 * trainee picks from a numbered list. */
static int choose_device(struct practice *p)
{
	const struct device_scan_entry *e = NULL;
	struct device_scan scan;
	size_t usable = 0;
	int status = CLI_OK;

	if (device_scan_run(cli_input_dir(), NULL, &scan) < 0) {
		cli_error(p->cmd, "out of memory");
		return CLI_FAILED;
	}
	for (size_t i = 0; i < scan.count; i++)
		usable += scan.entries[i].usable;
	if (usable == 0) {
		cli_say_no_pen(p->cmd, "to practise on", &scan);
		fprintf(stderr, "Connect a tablet, or practise on a recording instead:\n"
			"  smpsim practice --trainee NAME --lesson ID --replay FILE.evemu\n"
			"(stored and scored, but a replayed session never counts towards "
			"proficiency; 'smpsim demo' replays one that ships with smpsim.)\n");
		status = CLI_FAILED;
	} else if (usable == 1) {
		e = usable_entry(&scan, 0);
	} else if (!isatty(STDIN_FILENO)) {
		cli_error(p->cmd, "%zu pen devices; name one with --device PATH:", usable);
		list_devices(&scan, stderr);
		status = CLI_BAD_INPUT;
	} else {
		char line[64];

		fprintf(stderr, "%zu pen devices:\n", usable);
		list_devices(&scan, stderr);
		for (;;) {
			char *end;
			long k;

			fprintf(stderr, "Which one? [1-%zu] ", usable);
			fflush(stderr);
			if (!fgets(line, sizeof(line), stdin)) {
				fputc('\n', stderr);
				cli_error(p->cmd, "no device chosen");
				status = CLI_BAD_INPUT;
				break;
			}
			k = strtol(line, &end, 10);
			if (end != line && (*end == '\n' || *end == '\0') && k >= 1 &&
			    (size_t)k <= usable) {
				e = usable_entry(&scan, (size_t)k - 1);
				break;
			}
		}
	}
	if (e) {
		snprintf(p->device, sizeof(p->device), "%s", e->path);
		fprintf(stderr, "Using %s (%s).\n", cli_quote(e->path), cli_quote(e->dev.name));
	}
	device_scan_release(&scan);
	return status;
}

/* @p path made absolute through its folder (the file itself is not there
 * yet), for the record. */
static void absolute_path(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX];
	int n = -1;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1,
		 slash ? path : ".");
	if (realpath(dir, real))
		n = snprintf(out, size, "%s/%s", strcmp(real, "/") ? real : "",
			     slash ? slash + 1 : path);
	if (n < 0 || (size_t)n >= size)
		snprintf(out, size, "%s", path);
}

/* The pen belongs to the session: grabbed, its taps click nothing on the
 * desktop. One another program holds (a second smpsim, a remote-desktop
 * tool) is shared, and the trainee told; said once the lesson is known to
 * fit the pad, so a refused session says nothing of it. @return CLI_OK. */
/* The sound: the lesson's feedback under the command line's options,
 * said in one line (where each setting came from) before the output's;
 * nothing to say with --audio none. */
static int open_sound(struct practice *p)
{
	p->sound = p->o->sound;
	cli_sound_lesson(&p->sound, &p->lr.lesson.feedback);
	if (p->sound.spec && strcmp(p->sound.spec, "none"))
		cli_sound_say(&p->sound, &p->lr.lesson.feedback, stderr);
	return cli_sound_open(&p->sound, p->cmd, &p->audio);
}

static int say_grab(const struct practice *p)
{
	int rc = pen_source_grab_status(p->pen);

	if (rc == 0)
		fprintf(stderr, "The pen is grabbed for the session: its taps do not reach "
			"the desktop (--no-grab shares it).\n");
	else if (rc == -EBUSY)
		cli_error(p->cmd, "the pen is grabbed by another program: its taps may also "
			  "reach the desktop");
	else if (rc < 0)
		cli_error(p->cmd, "the pen cannot be grabbed (%s): its taps may also reach "
			  "the desktop", strerror(-rc));
	return CLI_OK;
}

static int open_pen(struct practice *p)
{
	const struct practice_options *o = p->o;
	struct pen_source_options options;
	char err[PEN_SOURCE_ERROR_MAX];
	int rc;

	if (o->replay) {
		rc = pen_source_open_recording(o->replay, o->desc, &o->pen->options, &p->pen,
					       err, sizeof(err));
		if (rc < 0) {
			cli_quote_message(err);
			return rc == -ENOENT || rc == -EACCES ? CLI_FAILED : CLI_BAD_INPUT;
		}
		if (!realpath(o->replay, p->recording_path))
			snprintf(p->recording_path, sizeof(p->recording_path), "%s", o->replay);
		return CLI_OK;
	}
	/* A recording that cannot be made is said before the device is chosen. */
	if (o->record && cli_out_open(p->cmd, o->record, o->force, false, &p->record_file) < 0)
		return CLI_FAILED;
	if (o->device) {
		snprintf(p->device, sizeof(p->device), "%s", o->device);
	} else if ((rc = choose_device(p)) != CLI_OK) {
		return rc;
	}
	options = o->pen->options;
	options.grab = !o->no_grab;
	rc = pen_source_open_device(p->device, &options, &p->pen, err, sizeof(err));
	if (rc < 0) {
		cli_error(p->cmd, "%s", err);
		return rc == -ENOTSUP || rc == -ENODATA ? CLI_BAD_INPUT : CLI_FAILED;
	}
	return CLI_OK;
}

/* The pen's calibration for the device in use, said once: which file, or
 * that the shipped default is used. A calibration file that does not read
 * stops the session, as a bad lesson does, rather than scoring with a
 * force the trainee did not choose. A replay keeps the default, as
 * `smpsim score` of the same recording does, so the two agree. */
static int find_calibration(struct practice *p)
{
	const struct pen_device *dev = pen_source_device(p->pen);
	char err[1024];
	int rc;

	if (p->o->replay)
		return CLI_OK;
	rc = pen_calibrations_find_text(dev->id.vendor, dev->id.product, dev->name,
					&p->calibration, &p->calibration_text,
					&p->calibration_text_size, err, sizeof(err));
	if (rc < 0) {
		cli_quote_message(err);
		return rc == -ENOMEM ? CLI_FAILED : CLI_BAD_INPUT;
	}
	p->calibrated = rc > 0;
	if (p->calibrated)
		p->lr.calibration = &p->calibration.cal;
	return CLI_OK;
}

/* Says which force the session uses, once the lesson is known to fit the
 * pad (so a refused session says nothing of it). @return CLI_OK. */
static int say_calibration(const struct practice *p)
{
	const struct device_settings *set = pen_source_settings(p->pen);

	if (p->o->replay)
		return CLI_OK;
	if (p->calibrated)
		fprintf(stderr, "Force from this pen's calibration %s (measured %s).\n",
			cli_quote(p->calibration.cal.id), cli_quote(p->calibration.date));
	else if (set->pressure_unit_n > 0)
		fprintf(stderr, "Force from the rig's own units: %g N per pressure unit "
			"(the quirks file).\n", set->pressure_unit_n);
	else
		fprintf(stderr, "No calibration for this pen: using the shipped default "
			"(%g N at full pressure); run smpsim calibrate.\n",
			set->force_full_scale_n);
	return CLI_OK;
}

/* --record: the file was opened with the device; the recorder starts once
 * everything else is ready, so a failure before leaves no file behind. */
static int start_recording(struct practice *p)
{
	const struct practice_options *o = p->o;
	int rc;

	if (!p->record_file)
		return CLI_OK;
	absolute_path(o->record, p->recording_path, sizeof(p->recording_path));
	rc = pen_recorder_start(&p->rec, p->cmd, p->record_file, p->pen);
	p->record_file = NULL;
	if (rc < 0)
		return CLI_FAILED;
	p->recording = true;
	fprintf(stderr, "Recording the session to %s (as %s until it ends).\n",
		cli_quote(o->record), cli_quote(out_file_temp_path(p->rec.file)));
	return CLI_OK;
}

/* Says once, before the session, when it will not count towards the
 * lesson's proficiency: replayed, or a lesson not open to the trainee yet.
 * The demo has its own record and no course. */
static int say_what_counts(struct practice *p)
{
	char note[COURSE_NOTE_MAX];

	if (p->o->create_trainee)
		return CLI_OK;
	if (p->o->replay)
		fprintf(stderr, "A session replayed from a recording does not count towards "
			"proficiency.\n");
	else if (course_locked_note(p->store, cli_library(), p->trainee_name, p->lr.lesson.id,
				    note, sizeof(note)))
		fprintf(stderr, "%s\n", cli_quote(note));
	return CLI_OK;
}

/* The required levels of the lesson's benchmark in force, when it has
 * one (smpsim benchmark): the session is scored and stored against them. */
static int use_benchmark(struct practice *p)
{
	char name[128];
	int64_t id = benchmark_apply_in_force(p->store, p->lr.lesson.id,
					      &p->lr.lesson.rubric, NULL);

	if (id < 0) {
		cli_error(p->cmd, "%s: %s", p->out->db_path, store_error(p->store));
		return CLI_FAILED;
	}
	p->benchmark = id;
	if (id) {
		benchmark_levels_name(p->store, id, name, sizeof(name));
		fprintf(stderr, "Required levels: %s.\n", name);
	}
	return CLI_OK;
}

/* ---- the session ---- */

static void on_start(void *ctx, int64_t time_us)
{
	struct practice *p = ctx;
	const struct pen_device *dev = pen_source_device(p->pen);
	char device_id[16];
	struct store_session_info info = {
		.trainee = p->trainee,
		.lesson_id = p->lr.lesson.id,
		.lesson_title = p->lr.lesson.title,
		.lesson_text = p->lr.text,
		.lesson_text_size = p->lr.text_size,
		.device_name = dev->name,
		.device_id = device_id,
		.audio_latency_ms = audio_output_latency_ms(p->audio),
		.recording = p->recording_path[0] ? p->recording_path : NULL,
		.start_us = p->loop.start_us,
		.pen_device = p->keeping ? pen_keeper_device_text(&p->keeper) : NULL,
		.view_mode = p->view_mode,
		.mapping = p->lr.mapping,
		.mapping_source = lesson_mapping_source_name(p->lr.mapping_source),
		.origin = p->o->replay ? STORE_ORIGIN_REPLAYED : STORE_ORIGIN_LIVE,
		.benchmark = p->benchmark,
		.calibration = p->calibrated ? p->calibration.cal.id : NULL,
		.calibration_text = p->calibrated ? p->calibration_text : NULL,
		.calibration_text_size = p->calibration_text_size,
	};
	int rc;

	(void)time_us;
	p->view.start_us = p->loop.start_us;
	snprintf(device_id, sizeof(device_id), "%04x:%04x", dev->id.vendor, dev->id.product);
	rc = store_session_begin(p->store, &info, &p->session);
	if (rc < 0) {
		/* Nothing can be stored: the session ends here. */
		p->session = 0;
		p->store_rc = rc;
		stop_requested = PRACTICE_STOP_SIGNAL;
		return;
	}
	p->out->session = p->session;
	if (p->keeping)
		pen_keeper_begin(&p->keeper, p->store, p->session);
	fprintf(stderr, "Session %lld started%s.\n", (long long)p->session,
		p->o->replay ? "" : ": the clock is running");
	atomic_store_explicit(&p->counters.started, true, memory_order_release);
}

static void on_sample(void *ctx, const struct pen_sample *s)
{
	struct practice *p = ctx;

	atomic_store_explicit(&p->counters.now_us, s->time_us - p->loop.start_us,
			      memory_order_relaxed);
	view_link_post_sample(&p->view, s);
	if (atomic_load_explicit(&p->ticker.flush_due, memory_order_relaxed))
		flush(p);
}

static void on_idle(void *ctx)
{
	struct practice *p = ctx;

	if (atomic_load_explicit(&p->ticker.flush_due, memory_order_relaxed))
		flush(p);
}

static void on_event(void *ctx, const struct sim_event *e)
{
	struct practice *p = ctx;
	struct practice_counters *c = &p->counters;

	view_link_post_event(&p->view, e, e->kind == SIM_DEPOSIT_FINISHED ?
			     sim_session_deposit(p->lr.sim, e->deposit) : NULL);
	if (e->kind == SIM_FAULT) {
		atomic_store_explicit(&c->last_fault_us, e->time_us - p->loop.start_us,
				      memory_order_relaxed);
		atomic_store_explicit(&c->last_fault, e->fault, memory_order_relaxed);
	} else if (e->kind == SIM_DEPOSIT_FINISHED) {
		const struct deposit *d = sim_session_deposit(p->lr.sim, e->deposit);

		if (p->session && !p->store_rc) {
			int rc = store_session_add_deposit(p->store, p->session, d,
							   lesson_run_region_id(&p->lr, d));

			if (rc < 0)
				store_failed(p, rc);
			p->pending = true;
		}
		atomic_fetch_add_explicit(&c->deposits, 1, memory_order_relaxed);
		if (d->depth_class == DEPOSIT_IN_BAND)
			atomic_fetch_add_explicit(&c->in_band, 1, memory_order_relaxed);
	}
}

static void show_instructions(const struct practice *p)
{
	const struct lesson *l = &p->lr.lesson;
	const char *keys = isatty(STDIN_FILENO) ? "Enter, q or Ctrl-C" : "Ctrl-C";
	int limit = (int)(l->time_limit_s + 0.5);

	printf("%s (lesson %s), for %s\n\n%s\n", cli_quote(l->title), cli_quote(l->id),
	       cli_quote(p->trainee_name), cli_quote_lines(l->instructions));
	if (l->instructions[0] && l->instructions[strlen(l->instructions) - 1] != '\n')
		putchar('\n');
	if (p->lr.mapping_source == LESSON_MAPPING_FIT)
		printf("The lesson's work area, %g x %g mm (its zone and hairline, 5 mm\n"
		       "around), is centred on the pad at real scale.\n", p->lr.area.width_mm,
		       p->lr.area.height_mm);
	else
		printf("The pad lies on the scalp as %s places it: --mapping %g,%g,%g,%g.\n",
		       p->lr.mapping_source == LESSON_MAPPING_OPTION ? "--mapping" : "the lesson",
		       p->lr.mapping.offset_x_mm, p->lr.mapping.offset_y_mm, p->lr.mapping.scale,
		       p->lr.mapping.rotation_deg);
	printf("Time limit %d:%02d. ", limit / 60, limit % 60);
	if (p->o->replay)
		printf("Replaying %s%s; %s ends it early.\n\n", cli_quote(p->o->replay),
		       p->o->realtime || audio_output_latency_ms(p->audio) > 0 ?
		       " at its recorded speed" : "", keys);
	else
		printf("Bring the pen to the pad to begin; %s ends the session.\n\n", keys);
	fflush(stdout);
}

static const char *end_reason(const struct practice *p, int loop_rc)
{
	if (loop_rc == -ENODEV)
		return "the pen device went away";
	if (loop_rc < 0)
		return p->o->replay ? "the recording broke off" : "the pen device failed";
	if (p->store_rc)
		return "the trainee record failed";
	if (stop_requested == PRACTICE_STOP_KEY)
		return "ended by a key";
	if (stop_requested == PRACTICE_STOP_SIGNAL)
		return stop_signal == SIGINT ? "ended by Ctrl-C" :
		       stop_signal == SIGHUP ? "ended: the terminal closed" : "ended by SIGTERM";
	if (p->loop.limit_reached)
		return "ended at the time limit";
	return "end of the recording";
}

/* ---- the live view ---- */

/* --screenshot's file, made with the other outputs before the record is
 * opened; the view writes its last frame into the temporary. */
static int open_screenshot(struct practice *p)
{
	const char *path = p->o->view.screenshot;

	if (!path)
		return CLI_OK;
	return cli_out_open(p->cmd, path, p->o->force, false, &p->screenshot) < 0 ?
	       CLI_FAILED : CLI_OK;
}

/* The dots the lesson asks for: its target density over its zones. */
static unsigned int target_dots(const struct practice *p)
{
	struct score_density_map map;
	struct score_frame frame;
	double due = 0;

	lesson_score_frame(&p->lr.lesson, &p->lr.ls, p->lr.lesson.time_limit_s, &frame);
	if (score_density_map(NULL, 0, &frame, &map) < 0)
		return 0;
	for (int i = 0; i < map.cols * map.rows; i++)
		due += map.due[i];
	score_density_map_free(&map);
	return (unsigned int)(due + 0.5);
}

/* Opens the view when it is asked for, or (by default) when there is a
 * display; before the record is opened, so a view that was asked for and
 * cannot be had stores nothing. With no display to be had by default,
 * the status line alone serves, said once. */
static int open_view(struct practice *p)
{
	const struct cli_view *v = &p->o->view;
	const struct pen_geometry *geo = pen_source_geometry(p->pen);
	bool exam = v->exam || p->lr.lesson.exam;
	char why[1024], title[LESSON_TITLE_MAX + STORE_NAME_MAX + 16];
	struct view_setup setup = {
		.lesson = &p->lr.lesson,
		.scalp = &p->lr.ls.scalp,
		.sim = *sim_session_setup(p->lr.sim),
		.pad_width_mm = geo->width_mm,
		.pad_height_mm = geo->height_mm,
		.time_limit_s = p->lr.lesson.time_limit_s,
		.exam = exam,
		.guide_ring = !exam && !v->no_guides,
		.fullscreen = v->fullscreen,
		.display_width_mm = v->display_width_mm,
		.display_height_mm = v->display_height_mm,
		.screenshot = p->screenshot ? out_file_temp_path(p->screenshot) : NULL,
		.title = title,
	};
	bool required = exam || v->mode == CLI_VIEW_ON || v->screenshot || v->fullscreen;
	int rc;

	/* The lesson's exam needs the view as --exam does (cli_view_check()). */
	if (exam && v->mode == CLI_VIEW_OFF) {
		cli_error(p->cmd, "lesson %s is an exam, shown only in the view; --no-view has none",
			  p->lr.lesson.id);
		return CLI_BAD_INPUT;
	}
	if (v->mode == CLI_VIEW_OFF || (!required && !cli_view_display_named()))
		return CLI_OK;
	snprintf(title, sizeof(title), "smpsim: %s, %s", p->lr.lesson.title, p->trainee_name);
	setup.target_dots = target_dots(p);
	rc = view_link_open(&p->view, &setup, why, sizeof(why));
	if (rc == 0) {
		p->view_mode = exam ? STORE_VIEW_EXAM : STORE_VIEW_SHOWN;
		p->ticker.view = &p->view;
		p->ticker.exam = exam;
		return CLI_OK;
	}
	if (required) {
		cli_error(p->cmd, "%s", why);
		return rc == -ENODEV ? CLI_BAD_INPUT : CLI_FAILED;
	}
	fprintf(stderr, "view: none (%s); the status line instead\n", why);
	return CLI_OK;
}

/* The view closed at the end of the session, and its screenshot put in
 * place. @return 0, or -1 after saying what failed. */
static int close_view(struct practice *p)
{
	char why[1024], err[OUT_FILE_ERROR_MAX];
	int rc = view_link_close(&p->view, why, sizeof(why));

	p->ticker.view = NULL;
	if (rc < 0) {
		cli_error(p->cmd, "%s", why);
		return -1;
	}
	if (!p->screenshot || p->view_mode == STORE_VIEW_NONE)
		return 0;
	if (out_file_commit(p->screenshot, err, sizeof(err)) < 0) {
		cli_error(p->cmd, "%s", err);
		return -1;
	}
	printf("The view's last frame: %s.\n", cli_quote(out_file_path(p->screenshot)));
	return 0;
}

/* ---- the report beside the record (report_stem) ---- */

/* Names the report after @p session: STEM-N.html, which must be free
 * (or replaceable with --force). @return 0, or a negative errno, said. */
static int name_report(struct practice *p, int64_t session)
{
	char name[64], err[OUT_FILE_ERROR_MAX];
	int rc;

	snprintf(name, sizeof(name), "%s-%lld.html", p->o->report_stem, (long long)session);
	rc = out_file_set_name(p->report, name, err, sizeof(err));
	if (rc < 0)
		cli_error(p->cmd, "%s", err);
	return rc;
}

/* The report's temporary file, made before the record is opened, so a
 * folder that takes no file, or a name that is taken, stores nothing:
 * the folder is made first if need be (as the record's own open would
 * make it); a new record's first session is 1, an existing one's is
 * named once it is open (name_next_report()). */
static int open_report(struct practice *p)
{
	char path[STORE_PATH_MAX], dir[STORE_PATH_MAX], stem[64], err[OUT_FILE_ERROR_MAX];
	const char *db;
	bool is_new;

	p->report = p->o->report;
	if (p->report || !p->o->report_stem)
		return CLI_OK;
	if (!(db = store_cli_path(p->cmd, p->o->db, path, sizeof(path))))
		return CLI_FAILED;
	is_new = access(db, F_OK) != 0 && errno == ENOENT;
	if (is_new && store_make_parents(db, err, sizeof(err)) < 0) {
		cli_error(p->cmd, "%s", err);
		return CLI_FAILED;
	}
	snprintf(dir, sizeof(dir), "%s", db);
	snprintf(stem, sizeof(stem), "%s.html", p->o->report_stem);
	if (out_file_open_in(dirname(dir), stem, p->o->force ? OUT_FILE_REPLACE : 0,
			     &p->report, err, sizeof(err)) < 0) {
		cli_error(p->cmd, "%s", err);
		return CLI_FAILED;
	}
	p->own_report = true;
	return is_new && name_report(p, 1) < 0 ? CLI_FAILED : CLI_OK;
}

/* Every file the session writes is a file of its own: no output is the
 * record (or a file SQLite keeps beside it), and no two outputs are one
 * file; checked before the record is opened, so nothing is stored (the
 * report would otherwise fail at its commit, after the session, or with
 * --force replace the record it was stored in). */
static int check_outputs_apart(struct practice *p)
{
	static const char *const beside[] = { "", "-wal", "-shm", "-journal", "-live" };
	const struct { const struct out_file *file; const char *what; } outs[] = {
		{ p->report, "the report" },
		{ audio_output_file(p->audio), "the WAV file" },
		{ p->record_file, "the recording" },
		{ p->screenshot, "the screenshot" },
	};
	char path[STORE_PATH_MAX], at[STORE_PATH_MAX + 16];
	const char *db;

	if (!(db = store_cli_path(p->cmd, p->o->db, path, sizeof(path))))
		return CLI_FAILED;
	for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
		if (!outs[i].file)
			continue;
		for (size_t k = 0; k < sizeof(beside) / sizeof(beside[0]); k++) {
			snprintf(at, sizeof(at), "%s%s", db, beside[k]);
			if (out_file_is_at(outs[i].file, at)) {
				cli_error(p->cmd, "%s: %s would be written over the record "
					  "the session is stored in (%s); give it another name",
					  out_file_path(outs[i].file), outs[i].what, db);
				return CLI_FAILED;
			}
		}
		for (size_t j = 0; j < i; j++)
			if (out_file_same(outs[i].file, outs[j].file)) {
				cli_error(p->cmd, "%s: both %s and %s; give each its own name",
					  out_file_path(outs[i].file), outs[j].what,
					  outs[i].what);
				return CLI_FAILED;
			}
	}
	return CLI_OK;
}

/* The report's name for the session the open record will store next,
 * checked before the trainee or the session is stored; the session's own
 * number names it again when it is written (another program may have
 * stored one meanwhile). */
static int name_next_report(struct practice *p)
{
	int64_t next;

	if (!p->own_report)
		return CLI_OK;
	if (store_session_next_id(p->store, &next) < 0) {
		cli_error(p->cmd, "%s: %s", p->out->db_path, store_error(p->store));
		return CLI_FAILED;
	}
	return name_report(p, next) < 0 ? CLI_FAILED : CLI_OK;
}

/* The session's report, from the record, into its file. */
static int write_report(struct practice *p)
{
	struct out_file *file = p->report;
	char err[OUT_FILE_ERROR_MAX + STORE_ERROR_MAX];
	int rc;

	if (p->own_report && (rc = name_report(p, p->session)) < 0)
		return rc;
	rc = report_store_session(p->store, p->session, NULL, file, err, sizeof(err));
	if (rc == 0)
		rc = out_file_commit(file, err, sizeof(err));
	if (rc < 0) {
		cli_error(p->cmd, "%s", err);
		return rc;
	}
	p->out->report_written = true;
	snprintf(p->out->report_path, sizeof(p->out->report_path), "%s", out_file_path(file));
	return 0;
}

static int run_session(struct practice *p)
{
	struct session_loop_hooks hooks = {
		.sample = on_sample, .event = on_event, .ctx = p,
		.start = on_start, .idle = on_idle,
	};
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESETHAND };
	/* A closed terminal sends SIGHUP more than once (the kernel to the
	 * foreground group, the shell to its jobs): each asks the same, so it
	 * stays caught until the session is scored and stored; a second
	 * Ctrl-C or SIGTERM is someone insisting, and ends the program. */
	struct sigaction hup = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	struct sigaction old_int, old_term, old_hup;
	struct practice_ticker *t = &p->ticker;
	int loop_rc, rc, status = CLI_OK;
	const char *reason;
	double duration;

	p->loop.audio = p->audio;
	p->loop.pen = p->pen;
	p->loop.pace = p->o->replay && p->audio;   /* a no-op for wav: and silence */
	p->loop.realtime = p->o->replay && p->o->realtime;
	p->loop.wait_pen = !p->o->replay;
	p->loop.stop = &stop_requested;
	show_instructions(p);

	t->counters = &p->counters;
	t->stop = &stop_requested;
	t->limit_s = p->lr.lesson.time_limit_s;
	t->status = isatty(STDERR_FILENO) ? stderr : isatty(STDOUT_FILENO) ? stdout : NULL;
	stop_requested = stop_signal = 0;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&hup.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &hup, &old_hup);
	if ((rc = practice_ticker_start(t)) < 0) {
		cli_error(p->cmd, "cannot start the status thread: %s", strerror(-rc));
		status = CLI_FAILED;
		goto restore;
	}
	loop_rc = session_loop_run(&p->loop, &hooks);
	pen_source_ungrab(p->pen);  /* the pen is the desktop's again */
	practice_ticker_stop(t);
	if (close_view(p) < 0)
		status = CLI_FAILED;
	if (p->recording && pen_recorder_finish(&p->rec, p->cmd) < 0)
		status = CLI_FAILED;
	p->recording = false;
	if (loop_rc < 0) {
		fflush(stdout);
		cli_quote_message(pen_source_error(p->pen));
		status = p->o->replay ? CLI_BAD_INPUT : CLI_FAILED;
	}
	if (p->loop.audio_rc < 0) {
		cli_error(p->cmd, "--audio %s: %s", p->sound.spec,
			  strerror(-p->loop.audio_rc));
		status = CLI_FAILED;
	}
	if (p->store_rc) {
		cli_error(p->cmd, "%s: %s", p->out->db_path, store_error(p->store));
		status = CLI_FAILED;
	}
	if (!p->loop.started) {
		printf("No session: %s before the pen came.\n",
		       stop_requested ? "stopped" : "the pen source ended");
		goto restore;
	}
	duration = (p->loop.last_us - p->loop.start_us) / 1e6;
	if (p->session)
		printf("Session %lld, ", (long long)p->session);
	else
		printf("Unstored session, ");
	reason = end_reason(p, loop_rc);
	printf("%s: %.1f s, %s.\n", cli_quote(p->trainee_name), duration, reason);
	/* A pen that failed or went away did not end it as the trainee meant. */
	if (p->session && !p->store_rc) {
		store_session_set_ending(p->store, p->session, loop_rc < 0, reason);
		cut_pen_stream(p);
		if (p->keeping && p->keeper.error)
			cli_error(p->cmd, "the session's pen stream could not be kept whole "
				  "(%s): it is stored up to there, and a replay of the session "
				  "will not reproduce it", strerror(-p->keeper.error));
	}
	rc = lesson_run_score(&p->lr, duration);
	if (rc != CLI_OK) {
		/* Too little to score: the session is still complete, its
		 * deposits (and measures, if any) kept. */
		if (p->session && !p->store_rc &&
		    store_session_end(p->store, p->session, duration,
				      p->lr.measured ? &p->lr.metrics : NULL, NULL) < 0)
			cli_error(p->cmd, "%s: %s", p->out->db_path, store_error(p->store));
		else if (p->session && !p->store_rc)
			printf("Its %zu deposit%s stored in %s as session %lld, not scored: "
			       "it never counts towards proficiency.\n",
			       sim_session_deposit_count(p->lr.sim),
			       sim_session_deposit_count(p->lr.sim) == 1 ? " is" : "s are",
			       cli_quote(p->out->db_path),
			       (long long)p->session);
		status = CLI_FAILED;
		goto restore;
	}
	score_print_text(&p->lr.lesson, &p->lr.metrics, &p->lr.result);
	p->out->scored = true;
	p->out->passed = p->lr.result.passed;
	p->out->score = p->lr.result.score;
	if (p->session && !p->store_rc) {
		rc = store_session_end(p->store, p->session, duration, &p->lr.metrics,
				       &p->lr.result);
		if (rc < 0) {
			cli_error(p->cmd, "%s: %s", p->out->db_path, store_error(p->store));
			status = CLI_FAILED;
		} else {
			printf("\nStored in %s as session %lld.\n", cli_quote(p->out->db_path),
			       (long long)p->session);
			/* Said again after the score, which may be a pass: the
			 * note before the session has scrolled away by now. */
			if (p->o->replay && !p->o->create_trainee)
				printf("Replayed from a recording: it does not count towards "
				       "proficiency (only live sessions on a pen device do).\n");
		}
	}
	if (p->report && p->session && !p->store_rc && write_report(p) < 0)
		status = CLI_FAILED;
restore:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	return status;
}

/* practice's record and trainee are looked up before the pen, the sound
 * and the view are opened, so a name not in the record is said at once,
 * not after the Sound: line and the tablet's grab. The demo adds its
 * trainee, so its record is opened last, once nothing else can be refused
 * (a broken recording stores nothing, not even the trainee). */
static int open_record(struct practice *p, bool first)
{
	int status;

	if (first == p->o->create_trainee)
		return CLI_OK;
	if ((status = open_store(p)) != CLI_OK)
		return status;
	return find_trainee(p);
}

int practice_run(const struct practice_options *o, struct practice_outcome *out)
{
	struct practice *p = calloc(1, sizeof(*p));
	int status;

	memset(out, 0, sizeof(*out));
	if (!p) {
		cli_error(o->cmd, "out of memory");
		return CLI_FAILED;
	}
	p->o = o;
	p->out = out;
	p->cmd = o->cmd;
	p->lr.cmd = o->cmd;
	/* Everything that can be refused before the record is touched: a
	 * replay is checked whole as it opens, so a broken recording (or a
	 * bad name, lesson, --audio or report) stores nothing, not even a
	 * trainee; the report's name is checked before the trainee too. */
	if ((status = lesson_run_load(&p->lr, o->lesson_id)) != CLI_OK ||
	    (status = check_name(p)) != CLI_OK ||
	    (status = open_record(p, true)) != CLI_OK ||
	    (status = open_pen(p)) != CLI_OK ||
	    (status = find_calibration(p)) != CLI_OK ||
	    (status = lesson_run_start(&p->lr, p->pen, o->mapping, &p->loop)) != CLI_OK ||
	    (status = say_grab(p)) != CLI_OK ||
	    (status = say_calibration(p)) != CLI_OK ||
	    (status = open_sound(p)) != CLI_OK ||
	    (status = open_report(p)) != CLI_OK ||
	    (status = open_screenshot(p)) != CLI_OK ||
	    (status = check_outputs_apart(p)) != CLI_OK ||
	    (status = open_view(p)) != CLI_OK ||
	    (status = open_record(p, false)) != CLI_OK ||
	    (status = use_benchmark(p)) != CLI_OK ||
	    (status = name_next_report(p)) != CLI_OK ||
	    (status = say_what_counts(p)) != CLI_OK ||
	    (status = start_recording(p)) != CLI_OK)
		goto out;
	if (pen_keeper_start(&p->keeper, p->pen) < 0) {
		cli_error(p->cmd, "out of memory");
		status = CLI_FAILED;
		goto out;
	}
	p->keeping = true;
	status = run_session(p);
out:
	/* A recording whose session never ran is not kept. */
	out_file_free(p->record_file);
	if (p->own_report)
		out_file_free(p->report);
	if (p->recording)
		pen_recorder_abandon(&p->rec);
	view_link_close(&p->view, NULL, 0);
	out_file_free(p->screenshot);
	audio_output_free(p->audio);
	pen_source_free(p->pen);
	free(p->calibration_text);
	if (p->keeping)
		pen_keeper_release(&p->keeper);
	lesson_run_release(&p->lr);
	store_close(p->store);
	free(p);
	return status;
}
