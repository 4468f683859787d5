/* store: the trainee record, one embedded SQLite database. Trainees,
 * lessons (with a content hash of the exact lesson file used), sessions
 * (trainee, lesson, device, audio latency, times, status), every deposit,
 * the measures and the score. The schema is one SQL file
 * (scoring/store/store_schema.sql), identified by PRAGMA application_id,
 * versioned with PRAGMA user_version and migrated forward when a writer
 * opens it; WAL, foreign keys on, a busy timeout so an instructor's review
 * never fails a running session; prepared statements with bound
 * parameters only.
 *
 * Two ways to open it: store_open() for commands that write, which checks
 * the file is a sound record before it writes anything, and
 * store_open_readonly() for commands that only read, which write nothing
 * at all (scoring/store/store_open.c says how).
 *
 * Deposits are written as a session goes, committed about once a second
 * of wall time, so a killed program loses at most a second of work; a
 * session a crash left "in-progress" is marked "interrupted" by the next
 * writer's open, its deposits kept, and shown so by readers before that.
 *
 * A session's program holds a lock on it while the session runs (an
 * open-file-description lock on one byte of "PATH-live", a file kept
 * beside the database like SQLite's own "-wal" and "-shm"); the kernel
 * drops the lock when the program ends, however it ends. So a store
 * tells a session whose program died from one still running in another
 * program (a trainee practising while an instructor reviews): store_open()
 * marks only the first interrupted, and every store shows only the first
 * so.
 *
 * Every function begins and ends its own transaction: none is left open
 * between calls, so a paused session never holds the database. A store is
 * used by one thread at a time. Functions that fail return a negative
 * errno and leave a sentence in store_error().
 */
#ifndef SMPSIM_STORE_H
#define SMPSIM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deposit.h"
#include "score_metrics.h"
#include "score_rubric.h"
#include "sim_session.h"

#define STORE_ERROR_MAX 512
#define STORE_NAME_MAX 256
#define STORE_TIME_MAX 32     /**< "2025-03-01T14:02:07.250Z" and its NUL */
#define STORE_PATH_MAX 1024
#define STORE_BUSY_TIMEOUT_MS 5000

struct store;

enum store_session_status {
	STORE_IN_PROGRESS = 0,
	STORE_COMPLETE,
	STORE_INTERRUPTED,
};

/** What a session is, as it begins. */
struct store_session_info {
	int64_t trainee;             /**< store_trainee_* id */
	const char *lesson_id;       /**< the lesson's id */
	const char *lesson_title;
	const char *lesson_text;     /**< the exact lesson file, for its hash */
	size_t lesson_text_size;
	const char *device_name;     /**< the pen device, or the recording's */
	const char *device_id;       /**< "vendor:product" in hex */
	double audio_latency_ms;     /**< as PortAudio reported it; 0 silent */
	const char *recording;       /**< a recording replayed or recorded, or NULL */
	/** The pen stream's time at which the session began
	 * (session_loop.start_us; 0 when it began with the stream). Deposit
	 * times are shown relative to it. */
	int64_t start_us;
	/** The pen device as evemu header text (evemu_writer_description()),
	 * kept for a replay of the session's pen stream; NULL: none. */
	const char *pen_device;
	/** What the trainee saw: enum store_view_mode. */
	int view_mode;
	/** Where the pad lay on the scalp, and who chose it: "fit" (the
	 * lesson's work area centred on the pad at 1:1), "option"
	 * (--mapping) or "lesson" (the lesson file's own); with a NULL
	 * source none is stored (as before version 3). */
	struct sim_mapping mapping;
	const char *mapping_source;
	/** Where the pen came from: enum store_origin. */
	int origin;
	/** The benchmark (store_benchmark.h) whose levels it is scored
	 * against, 0: the lesson file's own. */
	int64_t benchmark;
	/** The pen's force calibration: its file name and SHA-256
	 * ("NAME sha256:HEX", pen_calibration.h); NULL: the shipped default
	 * (or the rig's own units). */
	const char *calibration;
	/** That calibration file's exact bytes, kept with the session so it
	 * replays with the same curve anywhere (store_session_calibration_text());
	 * NULL: none. */
	const char *calibration_text;
	size_t calibration_text_size;
};

/** Where a session's pen came from (sessions.origin). Only live sessions
 * count towards proficiency. */
enum store_origin {
	STORE_ORIGIN_LIVE = 0,      /**< a pen device, as the trainee worked */
	STORE_ORIGIN_REPLAYED = 1,  /**< a recording replayed (practice --replay, demo) */
};

/** @return "live", "replayed", or "not kept" for an origin stored before
 * version 5 (-1). */
const char *store_origin_name(int origin);

/** A session's view (sessions.view_mode); store_view_mode_name(). */
enum store_view_mode {
	STORE_VIEW_NONE = 0,   /**< the status line only */
	STORE_VIEW_SHOWN = 1,  /**< the live view with its guides */
	STORE_VIEW_EXAM = 2,   /**< exam mode: only the scalp and the dots */
};

/** @return "none", "view", "exam", or "-" for a mode not kept (-1). */
const char *store_view_mode_name(int mode);

/** A chunk of a session's pen stream, as the store keeps it: opaque data
 * (rig/input/pen_stream.h codes it) and what is said of it. */
struct store_pen_chunk {
	int64_t seq;                 /**< 0, 1, 2 ... in the session (reading) */
	int64_t first_us, last_us;   /**< its first and last event's time */
	size_t events;               /**< at least 1 */
	const void *data;
	size_t size;
};

/**
 * @return smpsim's own data folder: $XDG_DATA_HOME/smpsim, else
 * ~/.local/share/smpsim, written to @p buf; NULL when none can be made
 * (no HOME, or it does not fit). An empty variable counts as unset, and
 * so does a relative $XDG_DATA_HOME (the XDG specification says to
 * ignore it). Where the default record lives, and the demo's.
 */
const char *store_default_dir(char *buf, size_t size);

/**
 * @return the database path to use: $SMPSIM_DB if set (and not empty),
 * else smpsim.db in store_default_dir(), written to @p buf; NULL when none
 * can be made (no HOME).
 */
const char *store_default_path(char *buf, size_t size);

/**
 * Makes the folders above @p path (mode 0700), as mkdir -p would and as
 * store_open() does for a new record: for a caller that puts a file
 * beside a record before opening it.
 * @return 0, or a negative errno with @p err set ("path: cannot make the
 * folder DIR: why").
 */
int store_make_parents(const char *path, char *err, size_t err_size);

/**
 * Opens the database at @p path to write it, creating it (and its folder)
 * on first use. An existing file is opened read-only first and nothing is
 * written to it unless it is an smpsim record (or an empty database) of
 * this smpsim's schema or an older one that passes PRAGMA quick_check;
 * then the schema is brought up to date and sessions left in progress by a
 * crashed program are marked interrupted (their number in *interrupted,
 * which may be NULL).
 *
 * Sessions whose program still runs are left alone. Marking needs the
 * write lock; when another program holds it (for longer than a quarter
 * second) the marking waits for a later open, so an instructor's open
 * never waits on a trainee's session.
 *
 * @return 0 and *out, or a negative errno with @p err set ("path: what"):
 * -EINVAL for a file that is not an SQLite database or is another
 * program's (left as it was), -ENOTSUP for a record of a newer smpsim,
 * -EUCLEAN for a damaged record (what failed, and how to salvage it),
 * -EROFS for a record this user cannot write, -EISDIR, -EACCES, -EIO,
 * -ENOMEM ...
 */
int store_open(const char *path, struct store **out, unsigned int *interrupted,
	       char *err, size_t err_size);

/**
 * Opens the existing record at @p path to read it, writing nothing: not
 * the database, not its -wal or -shm, no migration, no session marked. It
 * reads a read-only file, in a folder it cannot write, on a full disk,
 * and while another program writes. Sessions left in progress by a
 * crashed program are shown interrupted (store_session_get(), ...), as a
 * writer would mark them. Functions that write fail with -EROFS.
 *
 * @return 0 and *out, or a negative errno with @p err set: -ENOENT for no
 * database there or an empty one ("path: no such database"), -EINVAL and
 * -ENOTSUP as store_open() (a record of an older schema is read as it is:
 * what it does not hold reads as not stored), -EUCLEAN for a record too
 * damaged to open, -EIO for a WAL that cannot be read without writing,
 * -EBUSY, -EACCES ...
 */
int store_open_readonly(const char *path, struct store **out, char *err,
			size_t err_size);

/**
 * Closes the database. Accepts NULL. A session begun here and not ended
 * has its deposits committed and is marked interrupted.
 */
void store_close(struct store *store);

/** @return the last error as a sentence; valid until the next call. An
 * error from a damaged record says so, names the file and how to salvage
 * it, and comes with -EUCLEAN. */
const char *store_error(const struct store *store);

/** @return the path the store was opened with. */
const char *store_path(const struct store *store);

/**
 * The rule every trainee name follows, the one way names are stored and
 * looked up (store_trainee.c says it in full): white space (U+0020,
 * U+00A0 and the other Unicode space separators, U+2028, U+2029) trimmed
 * at both ends, each inner run one space, then Unicode NFC; a name is
 * refused when it is not valid UTF-8, is empty once trimmed, holds a
 * control character (Unicode Cc: tab, line feed, escape ...) or an
 * invisible or direction-changing one (Cf: U+200B, U+202E, ...), or is
 * longer than STORE_NAME_MAX - 1 bytes once cleaned. Needs no store.
 * @return 0 and the cleaned name in @p clean; -EINVAL or -ENAMETOOLONG
 * with the reason, a sentence naming the character (U+XXXX) or byte, in
 * @p why (which may be NULL); -ENOMEM.
 */
int store_trainee_name(const char *name, char clean[STORE_NAME_MAX], char *why,
		       size_t why_size);

/** Adds trainee @p name, stored cleaned (store_trainee_name()), so names
 * that look the same are one trainee.
 * @return 0 and *id, -EEXIST when the name is taken, -EINVAL or
 * -ENAMETOOLONG for a name that is not one (store_error() says why), or a
 * negative errno. */
int store_trainee_add(struct store *store, const char *name, int64_t *id);

/** Finds trainee @p name, cleaned as store_trainee_add() cleans it.
 * @return 0 and *id, -ENOENT when there is no such trainee, -ESTALE for
 * one merged into another (store_class.h; store_error() says "'NAME' was
 * merged into 'OTHER'"), -EINVAL or -ENAMETOOLONG for a name that is not
 * one (store_error() says why). */
int store_trainee_find(struct store *store, const char *name, int64_t *id);

/**
 * Begins a session (status in-progress, started now).
 * @p info->lesson_id and @p info->lesson_title are required; a NULL
 * lesson_text is hashed and kept as an empty file; the other strings may
 * be NULL.
 * @return 0 and *session, -ENOENT for an unknown trainee, or a negative
 * errno.
 */
int store_session_begin(struct store *store, const struct store_session_info *info,
			int64_t *session);

/**
 * The number store_session_begin() will give the next session, one more
 * than the largest so far (SQLite's choice for a new row), unless another
 * program begins one first: for naming a file after a session before the
 * session is stored.
 * @return 0 and *session, or a negative errno.
 */
int store_session_next_id(struct store *store, int64_t *session);

/**
 * Adds one finished deposit to @p session. The deposits kept are committed
 * in one transaction when this call comes a second or more of wall time
 * (CLOCK_MONOTONIC) after the session's last commit, so this is cheap per
 * call and a replay many times faster than real time makes only a few
 * transactions; a crash loses at most the last second of wall time.
 *
 * Deposits come in the order they were made (ids increasing, -EINVAL
 * otherwise). Between commits they are kept in memory, not in an open
 * transaction. When the pen pauses no deposit comes to trigger a commit: a
 * live session calls store_session_flush() about once a second too
 * (session_loop's idle hook is a good place). On failure (-EBUSY when
 * another program held the database beyond the busy timeout) the deposits
 * stay kept and are tried again at the next call.
 * @p region_id is the scalp region's id, or NULL outside every region.
 * @return 0, -EINVAL (not a session begun in this store, ids out of
 * order), or a negative errno.
 */
int store_session_add_deposit(struct store *store, int64_t session,
			      const struct deposit *deposit, const char *region_id);

/**
 * Adds the next chunk of @p session's pen stream (copied). It is kept in
 * memory and inserted with the deposits' next commit (store_session_add_deposit(),
 * store_session_flush(), store_session_end()), in the same transaction, so
 * the stream and the deposits a crash leaves agree to within a commit.
 * Chunks are numbered in the order they are added, from 0.
 * @return 0, -EINVAL (not a session begun in this store, no events, no
 * data, last_us before first_us), -ENOMEM.
 */
int store_session_add_pen_chunk(struct store *store, int64_t session,
				const struct store_pen_chunk *chunk);

/** Commits the deposits added so far. @return 0, or a negative errno. */
int store_session_flush(struct store *store, int64_t session);

/** Why a session a program stopped without ending was found interrupted:
 * the end reason a writer stores when it marks one, and readers show. */
#define STORE_REASON_GONE "the program stopped before the session ended " \
	"(a crash, a kill or a power cut)"

/**
 * Says why @p session ends, for store_session_end() to store with it:
 * @p reason in the trainee's words ("ended at the time limit", "the pen
 * device went away"; cut to STORE_NAME_MAX - 1 bytes), and, when
 * @p interrupted, that it did not end as the trainee meant (the device
 * failed or went away): its status is then interrupted, not complete. Kept
 * in memory until the end. @return 0, or -EINVAL for a session not in
 * progress in this store.
 */
int store_session_set_ending(struct store *store, int64_t session, bool interrupted,
			     const char *reason);

/**
 * Ends @p session: flushes its deposits, stores its measures and score,
 * status complete (interrupted, and the reason, as
 * store_session_set_ending() said), ended now. @return 0, or a negative errno.
 * @p metrics and @p result may each be NULL: a session too short to
 * measure or to score is still complete. All of it is one transaction.
 */
int store_session_end(struct store *store, int64_t session, double duration_s,
		      const struct score_metrics *metrics, const struct score_result *result);

/**
 * Stores the measures and score of a session scored after the fact (an
 * interrupted one, from its stored deposits), replacing any stored
 * before; its status stays. @p metrics and @p result may each be NULL.
 * @return 0, -ENOENT for no such session, -EBUSY for a session still in
 * progress, or a negative errno.
 */
int store_session_set_score(struct store *store, int64_t session, double duration_s,
			    const struct score_metrics *metrics,
			    const struct score_result *result);

/** @return "in-progress", "complete" or "interrupted". */
const char *store_session_status_name(enum store_session_status status);

/* ---- reading ---- */

/** A trainee, as store_trainee_list() gives them. */
struct store_trainee {
	int64_t id;
	char name[STORE_NAME_MAX];       /**< as stored: cleaned, unless
					  *   stored before the rule */
	char created[STORE_TIME_MAX];    /**< ISO 8601, UTC */
	size_t sessions;
};

/**
 * Every trainee, by name (ASCII letters without regard to case, then
 * bytes). *out is an array to free(); NULL when *count is 0.
 * @return 0, or a negative errno.
 */
int store_trainee_list(struct store *store, struct store_trainee **out, size_t *count);

/** A session, as review and the report show it. Texts the database holds
 * longer than their field are cut at a character boundary; a text that is
 * not stored is "". */
struct store_session {
	int64_t id;
	int64_t trainee;
	char trainee_name[STORE_NAME_MAX];
	char lesson_id[STORE_NAME_MAX];
	char lesson_title[STORE_NAME_MAX];
	char lesson_sha256[65];          /**< of the exact lesson file, hex */
	char device_name[STORE_NAME_MAX];
	char device_id[STORE_NAME_MAX];
	double audio_latency_ms;
	char recording[STORE_PATH_MAX];
	int64_t start_us;                /**< see store_session_info */
	char started[STORE_TIME_MAX];    /**< ISO 8601, UTC */
	char ended[STORE_TIME_MAX];      /**< "" unless complete */
	/** As stored, except that a session stored in progress whose program
	 * is gone is interrupted (the live lock's test), marked or not. */
	enum store_session_status status;
	/** Why it ended (store_session_set_ending()), STORE_REASON_GONE for
	 * one whose program is gone; "" for one in progress or ended before
	 * the record kept reasons. */
	char end_reason[STORE_NAME_MAX];
	double duration_s;               /**< so far, for one not ended; NaN: none */
	/** Where the pad lay on the scalp (store_session_info); source ""
	 * for a session stored before version 3 (the pad's corner on the
	 * scalp's origin, 1:1: store_session_mapping_text() says so). */
	struct sim_mapping mapping;
	char mapping_source[8];
	size_t deposits;                 /**< committed */
	size_t faults;                   /**< fault bits over all deposits */
	bool measured;                   /**< measures are stored */
	bool scored;                     /**< a score is stored: the next four */
	double score;
	/** The weighted mean before a never-event's cap, for a session
	 * scored before version 4 (when caps were); NaN from version 4 on. */
	double uncapped;
	bool passed;
	unsigned int never_triggered;    /**< score_result's bits */
	size_t dots;                     /**< score_metrics.dots, when measured */
	int view_mode;                   /**< enum store_view_mode; -1: stored
					  *   before the record kept it */
	int origin;                      /**< enum store_origin; -1: stored
					  *   before the record kept it */
	int64_t benchmark;               /**< scored against it; 0: the lesson's own levels */
	/** The pen's calibration (store_session_info); "" for the shipped
	 * default or a session stored before version 6. */
	char calibration[STORE_PATH_MAX];
	/** The session's judgement: its newest rescore when it has one
	 * (rescored true, store_benchmark.h), else its own score (the four
	 * fields above). */
	bool rescored;
	bool judged_scored;
	double judged_score;             /**< NaN when not scored */
	bool judged_passed;
	int64_t judged_benchmark;        /**< 0: the lesson's own levels */
	size_t signoffs;                 /**< instructors' sign-offs stored */
};

/** The longest store_mapping_text(), with its NUL. */
#define STORE_MAPPING_TEXT_MAX 128

/**
 * Where a pad lay on the scalp, said for people into @p buf
 * (STORE_MAPPING_TEXT_MAX), as store_session_info has it: @p mapping and
 * who chose it, @p source "fit", "option" or "lesson" (NULL or "": none
 * stored, the old default). What review, the report and score print.
 */
void store_mapping_text(const struct sim_mapping *mapping, const char *source, char *buf,
			size_t size);

/**
 * Where @p session's pad lay on the scalp, said for people into @p buf
 * (STORE_MAPPING_TEXT_MAX): "centred at 1:1 (--mapping -20,-44.5,1,0)"
 * for the fit, "--mapping 20,10,1,0" for the trainee's, "the lesson's
 * (--mapping 20,0,1,0)" for the lesson file's, and for a session stored
 * before version 3 "pad corner on the scalp's origin, 1:1 (stored before
 * the record kept the mapping)".
 */
void store_session_mapping_text(const struct store_session *session, char *buf,
				size_t size);

/** Which sessions to read; zeroed, all of them. */
struct store_filter {
	const char *trainee;             /**< a trainee's name, or NULL */
	const char *lesson_id;           /**< a lesson's id, or NULL */
	int64_t session;                 /**< one session, or 0 */
};

/**
 * The sessions @p filter selects (NULL: all), oldest first. *out is an
 * array to free(); NULL when *count is 0. A trainee's name that is not
 * one selects nothing.
 * @return 0, or a negative errno.
 */
int store_session_list(struct store *store, const struct store_filter *filter,
		       struct store_session **out, size_t *count);

/** @return 0 and *out, -ENOENT when there is no session @p session. */
int store_session_get(struct store *store, int64_t session, struct store_session *out);

/**
 * The stored measures and score of @p session, as store_session_end()
 * was given them: @p metrics (values, valid flags, dots) when measured,
 * else all invalid; @p result (score, passed, marks, rated and invalid,
 * the requirements: required, need_min, need_max, met and by_proficiency,
 * never_triggered, advice) when scored, else zeroed with score NaN. A
 * session scored before version 4 has by_proficiency false and no
 * requirements: it passed or failed by the pass mark of its day.
 * Either pointer may be NULL. Measures unknown to this smpsim are skipped.
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_session_result(struct store *store, int64_t session,
			 struct score_metrics *metrics, struct score_result *result);

/** Called for each deposit; a non-zero return stops the walk. */
typedef int (*store_deposit_fn)(void *data, const struct deposit *deposit,
				const char *region_id);

/**
 * Calls @p fn for every committed deposit of @p session in the order
 * they were made, exactly as they were added (region SCALP_NO_REGION and
 * @p region_id NULL outside every region). The walk is one read
 * transaction; @p fn must not call store functions on this store.
 * @return 0, what @p fn returned when not 0, -ENOENT for no such
 * session, or a negative errno.
 */
int store_session_deposits(struct store *store, int64_t session, store_deposit_fn fn,
			   void *data);

/**
 * The committed deposits of @p session, as store_session_deposits()
 * gives them, into an array to free() (NULL when *count is 0).
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_session_deposit_array(struct store *store, int64_t session,
				struct deposit **out, size_t *count);

/**
 * How many of @p session's deposits carry each fault: counts[i] for the
 * fault 1u << i (enum deposit_fault).
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_session_fault_counts(struct store *store, int64_t session,
			       size_t counts[DEPOSIT_FAULT_COUNT]);

/**
 * The exact lesson file @p session was run on (its SHA-256 is the
 * session's lesson_sha256), NUL-terminated, in *text to free().
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_session_lesson_text(struct store *store, int64_t session, char **text,
			      size_t *size);

/**
 * The exact calibration file @p session's pen force came from, as
 * store_session_info gave it, NUL-terminated, in *text to free(); *text
 * NULL and *size 0 for a session with none (the shipped default, or one
 * stored before version 6).
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_session_calibration_text(struct store *store, int64_t session, char **text,
				   size_t *size);

/** What a replay of a session needs beyond its deposits and its row
 * (store_session_get(): the mapping is there). */
struct store_replay_info {
	char *pen_device;            /**< evemu header text to free(), or NULL */
	size_t pen_chunks;           /**< chunks of its pen stream stored */
	int64_t pen_events;          /**< events in them */
};

/**
 * The pen device and pen stream's extent of @p session. A record of a
 * schema before version 3 has neither (zero, NULL).
 * @return 0, -ENOENT for no such session, or a negative errno.
 */
int store_session_replay_info(struct store *store, int64_t session,
			      struct store_replay_info *out);

/** Called for each stored chunk, in order; non-zero stops the walk. The
 * chunk's data lives until the call returns. */
typedef int (*store_pen_chunk_fn)(void *data, const struct store_pen_chunk *chunk);

/**
 * Calls @p fn for every stored chunk of @p session's pen stream, in seq
 * order, in one read transaction; @p fn must not call store functions on
 * this store. A gap in the numbering (a chunk lost) is an error.
 * @return 0, what @p fn returned when not 0, -EUCLEAN when a chunk is
 * missing (store_error() names it), or a negative errno.
 */
int store_session_pen_chunks(struct store *store, int64_t session, store_pen_chunk_fn fn,
			     void *data);

/** A trainee's progress in one lesson, over the sessions selected. */
struct store_progress {
	int64_t trainee;
	char trainee_name[STORE_NAME_MAX];
	char lesson_id[STORE_NAME_MAX];
	size_t sessions;                 /**< whatever their status */
	size_t scored, passed;
	double first, last, best, mean;  /**< of the scored ones; NaN: none */
	char first_started[STORE_TIME_MAX], last_started[STORE_TIME_MAX];
};

/**
 * Progress per trainee and lesson over the sessions @p filter selects
 * (NULL: all; its session field is ignored), by trainee name, then
 * lesson id. *out is an array to free(); NULL when *count is 0.
 * @return 0, or a negative errno.
 */
int store_progress_list(struct store *store, const struct store_filter *filter,
			struct store_progress **out, size_t *count);

#endif
