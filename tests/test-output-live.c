/* test-output-live: the recordings `smpsim record -o` and `smpsim practice
 * --record` write, recording for real from a pen device umockdev emulates
 * (tests/umockdev_pen.c); test-output-files has their refusals.
 *
 * Cases: a link at the name replaced with --force (the victim it points
 * to untouched), a link planted at FILE.part (the temporary name the old
 * code opened with a plain fopen) left alone, an existing file replaced
 * with --force, "-o -" streaming the recording to standard output (for
 * practice, a session of a copy of depth-taps cut to 1.5 s, so it ends
 * by itself and stores), and a recording killed with SIGKILL in the middle: FILE is not there, and the
 * FILE.XXXXXX.part named when the recording began holds every event up
 * to a whole frame, exactly as played. A write that fails part way (the
 * child's RLIMIT_FSIZE, as a full disk): the recording stops, its .part
 * is kept holding every whole frame that fitted and nothing of the next,
 * the message says where; `record` ends, a practice session goes on to
 * its time limit and is stored; exit 1. Each run is a child process of
 * build/smpsim; the folder is compared entry by entry before and after
 * (tests/file_traps.c). Run under umockdev's preload (ctest's wrapper, or
 * it runs itself under it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "file_traps.h"
#include "session_gen.h"
#include "stored_session.h"
#include "umockdev_pen.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CINTIQ SMPSIM_FIXTURES_DIR "/wacom-cintiq-13hd-pen.evemu"
#define DEVICE_NAME "Wacom Cintiq 13HD touch Pen"
#define TRAINEE "Live Trainee"

static char base[1024];
static char db[1100];
static char data_env[1200];    /* SMPSIM_DATA_DIR= a copy, depth-taps cut to 1.5 s */
static char data_4s_env[1200]; /* and one with depth-taps cut to 4 s */

/* The fixture's device and events, and a testbed holding the device. */
struct bed {
	struct pen_device dev;
	struct input_event *events;
	size_t count;
	struct umockdev_pen_bed *bed;
	const char *node;
};

static void bed_new(struct bed *b)
{
	struct umockdev_pen_state idle;
	char err[UMOCKDEV_PEN_ERROR_MAX];

	if (umockdev_pen_read_recording(CINTIQ, &b->dev, &b->events, &b->count, err,
					sizeof(err)) < 0)
		fail_msg("%s", err);
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&b->dev, &idle, 1, &b->bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	b->node = umockdev_pen_bed_devnode(b->bed);
}

static void bed_free(struct bed *b)
{
	umockdev_pen_bed_free(b->bed);
	free(b->events);
}

/* The temporary file a line "... (as PATH until ...)" names, into @p out. */
static void temp_named(const char *err, const char *target, char *out, size_t size)
{
	char head[PATH_MAX + 32];
	const char *at;

	snprintf(head, sizeof(head), "(as %s.", target);
	at = strstr(err, head);
	if (!at)
		fail_msg("no temporary file named in:\n%s", err);
	/* TARGET.XXXXXX.part */
	snprintf(out, size, "%.*s", (int)(strlen(target) + 12), at + 4);
	assert_string_equal(out + strlen(target) + 7, ".part");
}

static void run(const char *const *args, struct child_result *r)
{
	const char *argv[24] = { SMPSIM_BINARY };
	size_t n = 1;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, NULL, r), 0);
}

struct row {
	const char *label;
	enum file_trap trap;
	bool force;
};

static const struct row rows[] = {
	{ "a link at the name, --force", FILE_TRAP_LINK, true },
	{ "a link at NAME.part", FILE_TRAP_PART_LINK, false },
	{ "an existing file, --force", FILE_TRAP_FILE, true },
	{ "nothing there", FILE_TRAP_NOTHING, false },
};

/* After a run that wrote @p out in @p dir: a regular evemu file of mode
 * 0644, the rest of the folder as it was. */
static void check_written(const struct file_traps_snapshot *before, const char *dir,
			  const char *what)
{
	struct file_traps_snapshot after;
	const struct file_traps_entry *e;

	file_traps_snapshot(dir, &after);
	file_traps_assert_untouched(before, &after, "out.evemu", what);
	e = file_traps_find(&after, "out.evemu");
	if (!e || !S_ISREG(e->mode))
		fail_msg("%s: out.evemu is not a regular file", what);
	assert_int_equal(e->mode & 07777, 0644);
	assert_non_null(strstr(e->bytes, "# EVEMU 1.3\n"));
	assert_non_null(strstr(e->bytes, "N: " DEVICE_NAME "\n"));
	file_traps_snapshot_free(&after);
}

static void record_rows(void **state)
{
	struct bed b;

	(void)state;
	bed_new(&b);
	for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
		char dir[PATH_MAX], out[PATH_MAX + 16], what[128], name[32];
		const char *args[] = { "record", "--device", b.node, "-o", out, "--duration",
				       "0.2", rows[k].force ? "--force" : NULL, NULL };
		struct file_traps_snapshot before;
		struct child_result r;

		snprintf(what, sizeof(what), "record, %s", rows[k].label);
		snprintf(name, sizeof(name), "record-%zu", k);
		assert_true(file_traps_case(base, name, "out.evemu", rows[k].trap, dir,
					    sizeof(dir), out, sizeof(out), &before));
		run(args, &r);
		if (r.status != 0)
			fail_msg("%s: exit %d\n%s", what, r.status, r.err);
		check_written(&before, dir, what);
		file_traps_snapshot_free(&before);
		child_result_free(&r);
	}
	bed_free(&b);
}

/* practice --record: the fixture played as a session of depth-taps, its
 * time limit cut to 1.5 s in a copy of the data (so the session ends by
 * itself, scored, and the recording is committed). */
static void practice_rows(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
		char dir[PATH_MAX], out[PATH_MAX + 16], what[128], says[PATH_MAX + 64];
		char err[UMOCKDEV_PEN_ERROR_MAX], name[32];
		struct bed b;
		const char *const envs[] = { data_env, NULL };
		struct file_traps_snapshot before;
		struct child_process c;
		struct child_result r;

		bed_new(&b);
		snprintf(what, sizeof(what), "practice --record, %s", rows[k].label);
		snprintf(name, sizeof(name), "practice-%zu", k);
		assert_true(file_traps_case(base, name, "out.evemu", rows[k].trap, dir,
					    sizeof(dir), out, sizeof(out), &before));
		{
			const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee",
						     TRAINEE, "--lesson", "depth-taps",
						     "--device", b.node, "--db", db, "--audio",
						     "none", "--record", out,
						     rows[k].force ? "--force" : NULL, NULL };

			assert_int_equal(child_start(argv, envs, &c), 0);
		}
		/* Play once the device is open and recorded (the node holds only
		 * 4 KiB unread, see umockdev_pen_bed_play()). */
		snprintf(says, sizeof(says), "Recording the session to %s (as ", out);
		assert_true(child_wait_err(&c, says, 10));
		if (umockdev_pen_bed_play(b.bed, b.events, b.count, -1, err, sizeof(err)) < 0)
			fail_msg("%s", err);
		assert_int_equal(child_wait(&c, &r), 0);
		/* The pen's two drag lines make no dot: stored, not scored. */
		if (r.status != 1)
			fail_msg("%s: exit %d\n%s", what, r.status, r.err);
		assert_non_null(strstr(r.out, "ended at the time limit"));
		assert_non_null(strstr(r.out, " deposits are stored in "));
		check_written(&before, dir, what);
		file_traps_snapshot_free(&before);
		child_result_free(&r);
		bed_free(&b);
	}
}

/* "-o -": the recording on standard output, the messages on stderr. */
static void record_to_stdout(void **state)
{
	struct bed b;
	struct child_result r;
	struct file_traps_snapshot before, after;

	(void)state;
	bed_new(&b);
	{
		const char *args[] = { "record", "--device", b.node, "-o", "-", "--duration",
				       "0.2", NULL };

		file_traps_snapshot(".", &before);
		run(args, &r);
		file_traps_snapshot(".", &after);
	}
	if (r.status != 0)
		fail_msg("exit %d\n%s", r.status, r.err);
	assert_int_equal(strncmp(r.out, "# EVEMU 1.3\n", 12), 0);
	assert_non_null(strstr(r.out, "N: " DEVICE_NAME "\n"));
	assert_int_equal(strncmp(r.err, "Recording " DEVICE_NAME " to standard output; "
				 "Ctrl-C stops.\n", strlen(DEVICE_NAME) + 42), 0);
	assert_non_null(strstr(r.err, "written to standard output\n"));
	file_traps_assert_untouched(&before, &after, NULL, "record -o -");
	file_traps_snapshot_free(&before);
	file_traps_snapshot_free(&after);
	child_result_free(&r);
	bed_free(&b);
}

/* How many "E: " lines @p path holds so far. */
static size_t event_lines(const char *path)
{
	char *text = file_traps_slurp(path, NULL);
	size_t n = 0;

	for (const char *p = text; p && (p = strstr(p, "\nE: ")); p++)
		n++;
	free(text);
	return n;
}

/* The temporary file @p c has said it writes for @p target, into @p out. */
static void temp_said(struct child_process *c, const char *target, char *out, size_t size)
{
	char *said = child_peek_err(c);

	temp_named(said, target, out, size);
	free(said);
}

/* Starts `record` on a bed of its own into BASE/NAME/out.evemu, every file
 * it writes limited to @p fsize bytes (0: no limit), and plays the bed's
 * events once it records; the temporary it names goes to @p part. */
static void record_playing(struct bed *b, const char *name, unsigned long fsize, char *out,
			   size_t out_size, char *part, size_t part_size, struct child_process *c)
{
	char dir[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX];
	const char *args[] = { SMPSIM_BINARY, "record", "--device", NULL, "-o", out, NULL };

	bed_new(b);
	args[3] = b->node;
	snprintf(dir, sizeof(dir), "%s/%s", base, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(out, out_size, "%s/out.evemu", dir);
	assert_int_equal(fsize ? child_start_fsize(args, NULL, fsize, c) :
			 child_start(args, NULL, c), 0);
	assert_true(child_wait_err(c, "Ctrl-C stops.\n", 10));
	temp_said(c, out, part, part_size);
	if (umockdev_pen_bed_play(b->bed, b->events, b->count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

/* record_playing() with no limit, returning once a good part of the
 * events is in its temporary (waiting on the file, bounded by 10 s for a
 * child that hangs). */
static void record_half(struct bed *b, const char *name, char *out, size_t out_size,
			char *part, size_t part_size, struct child_process *c)
{
	struct timespec pause = { 0, 5000000 };
	size_t waited = 0;

	record_playing(b, name, 0, out, out_size, part, part_size, c);
	while (event_lines(part) < b->count / 2 && waited++ < 2000)
		nanosleep(&pause, NULL);
	assert_true(event_lines(part) >= b->count / 2);
}

/* @p path reads back whole: the device, then the first events played. */
static void check_recorded(const struct bed *b, const char *path)
{
	char err[UMOCKDEV_PEN_ERROR_MAX];
	struct input_event *got;
	struct pen_device dev;
	size_t count;

	if (umockdev_pen_read_recording(path, &dev, &got, &count, err, sizeof(err)) < 0)
		fail_msg("%s does not read whole: %s", path, err);
	assert_string_equal(dev.name, b->dev.name);
	assert_true(count >= b->count / 2 && count <= b->count);
	assert_int_equal(got[count - 1].type, EV_SYN);
	assert_int_equal(got[count - 1].code, SYN_REPORT);
	for (size_t i = 0; i < count; i++)
		if (got[i].type != b->events[i].type || got[i].code != b->events[i].code ||
		    got[i].value != b->events[i].value)
			fail_msg("event %zu differs from what was played", i);
	free(got);
}

/* A recording killed mid-way: FILE.XXXXXX.part keeps whole frames of what
 * was played, in order, and FILE is never made. */
static void killed_recording_is_kept_as_part(void **state)
{
	char out[PATH_MAX + 16], part[PATH_MAX + 32];
	struct child_process c;
	struct child_result r;
	struct bed b;

	(void)state;
	record_half(&b, "killed", out, sizeof(out), part, sizeof(part), &c);
	kill(c.pid, SIGKILL);
	assert_int_equal(child_wait(&c, &r), 0);
	assert_int_equal(r.status, 128 + SIGKILL);
	child_result_free(&r);
	assert_int_equal(access(out, F_OK), -1);
	check_recorded(&b, part);
	bed_free(&b);
}

/* The terminal closed (SIGHUP) mid-way: the recording stops and is kept
 * as FILE, as with Ctrl-C; no temporary is left. */
static void hung_up_recording_is_kept(void **state)
{
	char out[PATH_MAX + 16], part[PATH_MAX + 32];
	struct child_process c;
	struct child_result r;
	struct bed b;

	(void)state;
	record_half(&b, "hung-up", out, sizeof(out), part, sizeof(part), &c);
	kill(c.pid, SIGHUP);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("record after SIGHUP: exit %d\n%s", r.status, r.err);
	child_result_free(&r);
	assert_int_equal(access(part, F_OK), -1);
	check_recorded(&b, out);
	bed_free(&b);
}

/* A file put at the name while recording: the finish cannot rename the
 * recording there (no --force), so it keeps the whole recording as its
 * .part, says where, leaves the other file as it was; exit 1. (The .part
 * was removed: the whole recording lost to a name taken meanwhile.) */
static void name_taken_recording_is_kept(void **state)
{
	char out[PATH_MAX + 16], part[PATH_MAX + 32], want[3 * PATH_MAX];
	struct child_process c;
	struct child_result r;
	struct bed b;
	char *other;
	int n;

	(void)state;
	record_half(&b, "taken", out, sizeof(out), part, sizeof(part), &c);
	file_traps_write(out, "other\n");
	kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	n = snprintf(want, sizeof(want), "Recording " DEVICE_NAME " to %s (as %s until it "
		     "stops); Ctrl-C stops.\n", out, part);
	snprintf(want + n, sizeof(want) - (size_t)n, "smpsim record: %s: File exists "
		 "(--force overwrites it); the recording is kept in %s\n", out, part);
	child_expect(&r, 1, "", want);
	child_result_free(&r);
	other = file_traps_slurp(out, NULL);
	assert_string_equal(other, "other\n");
	free(other);
	check_recorded(&b, part);
	bed_free(&b);
}

/* ---- a write that fails in the middle ---- */

/* Past these sizes every write of the child fails (RLIMIT_FSIZE): the
 * Cintiq's recording (32 KB) fails after 8 KiB; practice's record (its
 * database and WAL, under 64 KiB for a few deposits) has room to spare
 * within 160 KiB, which its recording passes after about 2 s. */
#define RECORD_FSIZE 8192
#define PRACTICE_FSIZE (160 * 1024)
#define PRACTICE_TAPS 5

/* The length of an E: line of evemu_writer's for @p ev, its time having
 * @p sec_digits digits of seconds: "E: S.UUUUUU TTTT CCCC VALUE\n". */
static size_t event_line_length(const struct input_event *ev, int sec_digits)
{
	return (size_t)(22 + sec_digits + snprintf(NULL, 0, "%d", ev->value));
}

/* The .part a failed write left, @p played (@p count events) having been
 * played: it reads whole with our reader (no line cut short), its events
 * are the first of those played and end on a SYN_REPORT, it is within
 * @p limit and the frame after it would not have been: every frame that
 * could be written is there.
 * @return the time of its last frame, in µs from its first event. */
static int64_t check_kept(const char *part, const struct input_event *played, size_t count,
			  size_t limit)
{
	char err[UMOCKDEV_PEN_ERROR_MAX];
	struct input_event *got;
	struct pen_device dev;
	struct stat st;
	size_t n, next = 0;
	int digits;
	int64_t us;

	if (umockdev_pen_read_recording(part, &dev, &got, &n, err, sizeof(err)) < 0)
		fail_msg("the kept .part file does not read whole: %s", err);
	assert_true(n > 0 && n < count);
	for (size_t i = 0; i < n; i++)
		if (got[i].type != played[i].type || got[i].code != played[i].code ||
		    got[i].value != played[i].value)
			fail_msg("event %zu differs from what was played", i);
	assert_int_equal(got[n - 1].type, EV_SYN);
	assert_int_equal(got[n - 1].code, SYN_REPORT);
	assert_int_equal(stat(part, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_true((size_t)st.st_size <= limit);
	/* Times only grow: the next frame's seconds have at least as many
	 * digits as the last kept one's. */
	digits = snprintf(NULL, 0, "%lld", (long long)got[n - 1].input_event_sec);
	for (size_t i = n; i < count; i++) {
		next += event_line_length(&played[i], digits);
		if (played[i].type == EV_SYN && played[i].code == SYN_REPORT)
			break;
	}
	assert_true((size_t)st.st_size + next > limit);
	us = (int64_t)got[n - 1].input_event_sec * 1000000 + got[n - 1].input_event_usec;
	free(got);
	return us;
}

/* "OUT: File too large: the recording stopped at S s; what was recorded
 * until then is kept in PART". */
static void stopped_message(char *buf, size_t size, const char *cmd, const char *out,
			    int64_t us, const char *part)
{
	snprintf(buf, size, "smpsim %s: %s: %s: the recording stopped at %.1f s; what was "
		 "recorded until then is kept in %s\n", cmd, out, strerror(EFBIG),
		 (double)us / 1e6, part);
}

/* record: a write fails (past RLIMIT_FSIZE, as on a full disk) at 8 KiB of
 * the recording: the recording stops, FILE.XXXXXX.part is kept with every
 * whole frame written until then, and the message says where; exit 1.
 * (It was removed, "the recording is removed": a full disk at minute 59
 * lost the hour.) */
static void record_write_fails(void **state)
{
	char out[PATH_MAX + 16], part[PATH_MAX + 32], want[3 * PATH_MAX];
	struct file_traps_snapshot after;
	struct child_process c;
	struct child_result r;
	struct bed b;
	int64_t us;
	int n;

	(void)state;
	record_playing(&b, "full", RECORD_FSIZE, out, sizeof(out), part, sizeof(part), &c);
	/* It ends by itself, at the failed write. */
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 1)
		fail_msg("record: exit %d, not 1\n%s", r.status, r.err);

	us = check_kept(part, b.events, b.count, RECORD_FSIZE);
	n = snprintf(want, sizeof(want), "Recording " DEVICE_NAME " to %s (as %s until it "
		     "stops); Ctrl-C stops.\n", out, part);
	stopped_message(want + n, sizeof(want) - (size_t)n, "record", out, us, part);
	child_expect(&r, 1, "", want);
	/* The .part alone: no FILE, nothing else. */
	*strrchr(out, '/') = '\0';
	file_traps_snapshot(out, &after);
	assert_int_equal(after.n, 1);
	assert_string_equal(after.e[0].name, part + strlen(out) + 1);
	file_traps_snapshot_free(&after);
	child_result_free(&r);
	bed_free(&b);
}

/* PRACTICE_TAPS taps in depth-taps' square, then the pen hovering,
 * moving, at 1 kHz (frames of X, Y and SYN_REPORT) for 4 s, then leaving:
 * the device into @p dev, the events returned (free them), *count of them. */
static struct input_event *taps_then_hover(struct pen_device *dev, size_t *count)
{
	enum { HOVER_FRAMES = 4000 };
	struct session_gen_tap taps[PRACTICE_TAPS];
	struct session_gen_hand hand;
	const struct session_gen_session session = { "taps-then-hover", taps, PRACTICE_TAPS };
	char src[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX];
	struct input_event *events, syn, leave;
	size_t n;
	int64_t t;

	for (size_t i = 0; i < PRACTICE_TAPS; i++)
		taps[i] = (struct session_gen_tap){
			.t_ms = 100 + 100 * (int)i,
			.x_mm = 72.5 + SESSION_GEN_SQUARE_PAD_DX_MM + 3 * (double)i,
			.y_mm = 50 + SESSION_GEN_SQUARE_PAD_DY_MM, .pressure = 0.2, .dwell_ms = 20, .cue = AUDIO_CUE_COUNT,
		};
	session_gen_hand_default(&hand);
	snprintf(src, sizeof(src), "%s/taps.evemu", base);
	assert_int_equal(session_gen_write_file(src, &hand, &session), 0);
	if (umockdev_pen_read_recording(src, dev, &events, &n, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	*count = n + 4 + 3 * HOVER_FRAMES + 2;
	events = realloc(events, *count * sizeof(*events));
	assert_non_null(events);
	t = (int64_t)events[n - 1].input_event_sec * 1000000 + events[n - 1].input_event_usec;
	for (int i = 0; i <= HOVER_FRAMES; i++) {
		int64_t at = t + 10000 + 1000 * (int64_t)i;
		const struct input_event frame[] = {
			{ .type = EV_KEY, .code = BTN_TOOL_PEN, .value = 1 },
			{ .type = EV_ABS, .code = ABS_X, .value = 9000 + i % 100 },
			{ .type = EV_ABS, .code = ABS_Y, .value = 6000 + i % 2 },
			{ .type = EV_SYN, .code = SYN_REPORT },
		};

		for (size_t k = i ? 1 : 0; k < 4; k++) {
			events[n] = frame[k];
			events[n].input_event_sec = (time_t)(at / 1000000);
			events[n++].input_event_usec = (suseconds_t)(at % 1000000);
		}
	}
	syn = leave = events[n - 1];
	leave.type = EV_KEY;
	leave.code = BTN_TOOL_PEN;
	leave.value = 0;
	events[n++] = leave;
	events[n++] = syn;
	assert_int_equal(n, *count);
	return events;
}

/* practice --record: the recording's write fails about 2 s into a session
 * of a 4 s lesson (taps_then_hover()); the session goes on to its time
 * limit, scored and stored complete with every deposit, the recording
 * kept as its .part with every whole frame before the failure, and the
 * message, the last of standard error, says so; exit 1. */
static void practice_record_write_fails(void **state)
{
	char dir[PATH_MAX], db2[PATH_MAX], out[PATH_MAX + 16], part[PATH_MAX + 32];
	char says[PATH_MAX + 64], want[3 * PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX];
	const char *const envs[] = { data_4s_env, NULL };
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	struct pen_device dev;
	struct child_process c;
	struct child_result r;
	size_t count;
	int64_t us;

	(void)state;
	events = taps_then_hover(&dev, &count);
	snprintf(db2, sizeof(db2), "%s/full-disk.db", base);
	{
		const char *args[] = { "trainee", "add", TRAINEE, "--db", db2, NULL };

		run(args, &r);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
	}
	snprintf(dir, sizeof(dir), "%s/full-practice", base);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(out, sizeof(out), "%s/out.evemu", dir);
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", "depth-taps", "--device",
					     umockdev_pen_bed_devnode(bed), "--db", db2, "--audio",
					     "none", "--record", out, NULL };

		assert_int_equal(child_start_fsize(argv, envs, PRACTICE_FSIZE, &c), 0);
	}
	snprintf(says, sizeof(says), "Recording the session to %s (as ", out);
	assert_true(child_wait_err(&c, says, 10));
	temp_said(&c, out, part, sizeof(part));
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 1)
		fail_msg("practice: exit %d, not 1\n%s%s", r.status, r.out, r.err);
	if (!strstr(r.out, ": 4.0 s, ended at the time limit.\n"))
		fail_msg("practice did not reach its time limit:\n%s", r.err);
	assert_non_null(strstr(r.out, "Stored in "));

	us = check_kept(part, events, count, PRACTICE_FSIZE);
	/* Recorded past the taps, and stopped well before the end. */
	assert_true(us > 1000000 && us < 3500000);
	stopped_message(want, sizeof(want), "practice", out, us, part);
	assert_true(strlen(r.err) >= strlen(want));
	assert_string_equal(r.err + strlen(r.err) - strlen(want), want);
	assert_int_equal(access(out, F_OK), -1);

	stored_session_expect(db2, 1, STORE_COMPLETE, "ended at the time limit", PRACTICE_TAPS);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

static int setup(void **state)
{
	struct child_result r;

	(void)state;
	umask(022);
	if (file_traps_base_new("smpsim-out-live", base, sizeof(base)) < 0)
		return -1;
	snprintf(db, sizeof(db), "%s/record.db", base);
	snprintf(data_env, sizeof(data_env), "SMPSIM_DATA_DIR=%s/data", base);
	snprintf(data_4s_env, sizeof(data_4s_env), "SMPSIM_DATA_DIR=%s/data-4s", base);
	{
		char cmd[3 * sizeof(base) + 128];

		snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/data' && sed -i 's/^time-limit-s: "
			 ".*/time-limit-s: 1.5/' '%s/data/lessons/depth-taps.yaml'",
			 SMPSIM_DATA_DIR, base, base);
		if (system(cmd) != 0)
			return -1;
		snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/data-4s' && sed -i 's/^time-limit-s: "
			 ".*/time-limit-s: 4/' '%s/data-4s/lessons/depth-taps.yaml'",
			 SMPSIM_DATA_DIR, base, base);
		if (system(cmd) != 0)
			return -1;
	}
	{
		const char *args[] = { "trainee", "add", TRAINEE, "--db", db, NULL };

		run(args, &r);
		if (r.status != 0)
			return -1;
		child_result_free(&r);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return file_traps_base_free(base);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record_rows),
		cmocka_unit_test(practice_rows),
		cmocka_unit_test(record_to_stdout),
		cmocka_unit_test(killed_recording_is_kept_as_part),
		cmocka_unit_test(hung_up_recording_is_kept),
		cmocka_unit_test(name_taken_recording_is_kept),
		cmocka_unit_test(record_write_fails),
		cmocka_unit_test(practice_record_write_fails),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-output-live: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
