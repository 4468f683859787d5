/* smpsim review: the instructor's view of the trainee record.
 *
 * Without --session: every session the filters (--trainee, --lesson)
 * select, oldest first, as a table (number, date, trainee, lesson, score,
 * pass, faults, status, origin: live or replayed), then each trainee's progress per lesson (sessions,
 * scored, passed, first, last, best and mean score). With --session N:
 * that session in full: who, what lesson (and the hash of the exact file),
 * device, where the pen came from (live or replayed), times, status, the score (for a fail, the requirements missed
 * and the never-events, named from the record's copy of the lesson file,
 * which is parsed against the data folder's models), every stored measure
 * with its mark, the advice, which levels judged it and its rescores, the
 * instructors' sign-offs, the faults by kind, and every deposit that
 * carried a fault, time-stamped from the session's start. --json gives
 * the same for machines. With --class, the class overview:
 * review_class.c takes the whole command line.
 *
 * Only reads, and writes nothing (store_open_readonly()): the record must
 * exist, and review works while a session is being written (store.h:
 * readers never wait for the writer). In a damaged record it shows what it
 * can read of a session, then says what it could not.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "lesson_load.h"
#include "review_class.h"
#include "review_levels.h"
#include "session_replay.h"
#include "signoff_print.h"
#include "store_cli.h"
#include "store_signoff.h"

static const char review_usage[] =
	"usage: smpsim review [--trainee NAME] [--lesson ID] [--db PATH] [--json]\n"
	"       smpsim review --session N [--db PATH] [--json]\n"
	"       smpsim review --session N --view [--db PATH]\n"
	"       smpsim review --class [--group NAME] [--db PATH] [--json | --csv]\n"
	"\n"
	"Shows the trainee record. Without --session: the sessions, oldest first,\n"
	"as a table (number, date and time, trainee, lesson, score out of 100, pass,\n"
	"faults, status, origin: live, replayed from a recording, or not kept in a\n"
	"record made before smpsim kept it; 'signed off' when an instructor has),\n"
	"then each trainee's progress in each lesson (sessions, scored, passed,\n"
	"first, last, best and mean score). --trainee and --lesson keep only one\n"
	"trainee's or one lesson's sessions.\n"
	"\n"
	"With --session N: that session in full: trainee, lesson and the SHA-256 of\n"
	"the exact lesson file, device, the pen's calibration (smpsim calibrate; the\n"
	"shipped default when none), origin (only live sessions count towards\n"
	"proficiency: smpsim progress), times, status, score (for a fail, each\n"
	"requirement missed and each never-event), each stored measure with its\n"
	"mark, the advice, which levels judged it (the lesson file's own or a\n"
	"benchmark's: smpsim benchmark) and each rescore (smpsim rescore; the\n"
	"newest is its judgement), every instructor's sign-off (smpsim signoff:\n"
	"who, when, each domain's rating 1 to 5, the lowest, the note), the faults\n"
	"by kind, and each deposit that carried a fault, timed from the session's\n"
	"start (minutes:seconds).\n"
	"\n"
	"  --trainee NAME   only this trainee's sessions\n"
	"  --lesson ID      only sessions of this lesson\n"
	"  --session N      one session in full (the # column)\n"
	"  --class          the class overview: every trainee in every lesson of the\n"
	"                   curriculum ('smpsim review --class --help' says more;\n"
	"                   with --group NAME, a group's, and --csv for CSV)\n"
	STORE_CLI_DB_HELP
	"  --json           print JSON instead of text\n"
	"  --view           replay the session in the live view's window, checked as\n"
	"                   'smpsim replay --session N --view' checks it\n"
	"  --no-view        show it as text (the default)\n"
	"  -h, --help       print this help\n"
	"\n"
	"'faults' counts every fault of every deposit (a deposit may have several).\n"
	"Dates and times are local. Works while a session is being recorded.\n"
	"\n"
	"Exit status 0 when shown (also when nothing matches); 1 when the record\n"
	"(none yet) or, for --class, the curriculum cannot be read; 2 for bad\n"
	"usage, a trainee or session that is not in the record, a malformed\n"
	"curriculum (--class), or a --db file that is not an smpsim record.\n";

/* A JSON number with 10 significant digits, or null. */
static void print_number(double v)
{
	if (isfinite(v))
		printf("%.10g", v);
	else
		printf("null");
}

/* "12.5" or "-" */
static void score_text(bool have, double v, char *buf, size_t size)
{
	if (have && isfinite(v))
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "-");
}

/* ---- the list ---- */

static void print_table_text(const struct store_session *s, size_t n,
			     const struct store_progress *p, size_t pn)
{
	char num[32], date[32], score[32], faults[32];
	size_t w_num = 1, w_trainee = 7, w_lesson = 6, w;

	if (n == 0) {
		printf("no sessions\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		w = (size_t)snprintf(num, sizeof(num), "%" PRId64, s[i].id);
		w_num = w > w_num ? w : w_num;
		w = store_cli_width(s[i].trainee_name);
		w_trainee = w > w_trainee ? w : w_trainee;
		w = store_cli_width(s[i].lesson_id);
		w_lesson = w > w_lesson ? w : w_lesson;
	}
	printf("%*s  %-16s  ", (int)w_num, "#", "date");
	store_cli_pad(stdout, "trainee", w_trainee);
	printf("  ");
	store_cli_pad(stdout, "lesson", w_lesson);
	printf("  score  pass  faults  status       origin\n");
	for (size_t i = 0; i < n; i++) {
		store_cli_local_time(s[i].started, STORE_CLI_MINUTE, date, sizeof(date));
		score_text(s[i].scored, s[i].score, score, sizeof(score));
		snprintf(faults, sizeof(faults), "%zu", s[i].faults);
		printf("%*" PRId64 "  %-16s  ", (int)w_num, s[i].id, date);
		store_cli_pad(stdout, s[i].trainee_name, w_trainee);
		printf("  ");
		store_cli_pad(stdout, s[i].lesson_id, w_lesson);
		printf("  %5s  %-4s  %6s  %-11s  %s%s\n", score,
		       /* An interrupted one is neither (its status says why). */
		       s[i].scored && s[i].status != STORE_INTERRUPTED ?
		       (s[i].passed ? "yes" : "no") : "-", faults,
		       store_session_status_name(s[i].status), store_origin_name(s[i].origin),
		       s[i].signoffs ? "  signed off" : "");
	}

	printf("\nprogress\n");
	w_trainee = 7;
	w_lesson = 6;
	for (size_t i = 0; i < pn; i++) {
		w = store_cli_width(p[i].trainee_name);
		w_trainee = w > w_trainee ? w : w_trainee;
		w = store_cli_width(p[i].lesson_id);
		w_lesson = w > w_lesson ? w : w_lesson;
	}
	store_cli_pad(stdout, "trainee", w_trainee);
	printf("  ");
	store_cli_pad(stdout, "lesson", w_lesson);
	printf("  sessions  scored  passed  first   last   best   mean\n");
	for (size_t i = 0; i < pn; i++) {
		char first[16], last[16], best[16], mean[16];

		score_text(p[i].scored, p[i].first, first, sizeof(first));
		score_text(p[i].scored, p[i].last, last, sizeof(last));
		score_text(p[i].scored, p[i].best, best, sizeof(best));
		score_text(p[i].scored, p[i].mean, mean, sizeof(mean));
		store_cli_pad(stdout, p[i].trainee_name, w_trainee);
		printf("  ");
		store_cli_pad(stdout, p[i].lesson_id, w_lesson);
		printf("  %8zu  %6zu  %6zu  %5s  %5s  %5s  %5s\n", p[i].sessions,
		       p[i].scored, p[i].passed, first, last, best, mean);
	}
}

/* "live", "replayed", or null for an origin the record did not keep. */
static void json_origin(int origin)
{
	if (origin == STORE_ORIGIN_LIVE || origin == STORE_ORIGIN_REPLAYED)
		printf("\"%s\"", store_origin_name(origin));
	else
		printf("null");
}

static void json_session_summary(const struct store_session *s)
{
	printf("{\"id\": %" PRId64 ", \"trainee\": ", s->id);
	cli_json_string(stdout, s->trainee_name);
	printf(", \"lesson\": ");
	cli_json_string(stdout, s->lesson_id);
	printf(", \"started\": ");
	cli_json_string(stdout, s->started);
	printf(", \"status\": \"%s\", \"score\": ", store_session_status_name(s->status));
	if (s->scored)
		print_number(s->score);
	else
		printf("null");
	/* As the text's "-": an interrupted session is no pass and no fail. */
	printf(", \"passed\": %s", s->scored && s->status != STORE_INTERRUPTED ?
	       (s->passed ? "true" : "false") : "null");
	printf(", \"deposits\": %zu, \"faults\": %zu, \"signoffs\": %zu, \"origin\": ",
	       s->deposits, s->faults, s->signoffs);
	json_origin(s->origin);
	printf("}");
}

static void print_table_json(const struct store_session *s, size_t n,
			     const struct store_progress *p, size_t pn)
{
	printf("{\n  \"sessions\": [");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n    ", i ? "," : "");
		json_session_summary(&s[i]);
	}
	printf("%s],\n  \"progress\": [", n ? "\n  " : "");
	for (size_t i = 0; i < pn; i++) {
		printf("%s\n    {\"trainee\": ", i ? "," : "");
		cli_json_string(stdout, p[i].trainee_name);
		printf(", \"lesson\": ");
		cli_json_string(stdout, p[i].lesson_id);
		printf(", \"sessions\": %zu, \"scored\": %zu, \"passed\": %zu",
		       p[i].sessions, p[i].scored, p[i].passed);
		printf(", \"first\": ");
		print_number(p[i].first);
		printf(", \"last\": ");
		print_number(p[i].last);
		printf(", \"best\": ");
		print_number(p[i].best);
		printf(", \"mean\": ");
		print_number(p[i].mean);
		printf("}");
	}
	printf("%s]\n}\n", pn ? "\n  " : "");
}

static int review_list(struct store *store, const struct store_filter *filter, bool json)
{
	struct store_session *sessions = NULL;
	struct store_progress *progress = NULL;
	size_t n = 0, pn = 0;
	int64_t id;
	int rc;

	if (filter->trainee &&
	    (rc = store_cli_find_trainee("review", store, filter->trainee, &id)) != CLI_OK)
		return rc;
	if (store_session_list(store, filter, &sessions, &n) < 0 ||
	    store_progress_list(store, filter, &progress, &pn) < 0) {
		cli_error("review", "%s", store_error(store));
		free(sessions);
		return CLI_FAILED;
	}
	if (json)
		print_table_json(sessions, n, progress, pn);
	else
		print_table_text(sessions, n, progress, pn);
	free(sessions);
	free(progress);
	return CLI_OK;
}

/* ---- one session ---- */

struct fault_walk {
	int64_t start_us;
	bool json;
	size_t printed;
};

/* "m:ss.sss" from the session's start. */
static void session_time(int64_t us, char *buf, size_t size)
{
	int64_t ms = us / 1000;
	const char *sign = "";

	if (ms < 0) {
		sign = "-";
		ms = -ms;
	}
	snprintf(buf, size, "%s%" PRId64 ":%02" PRId64 ".%03" PRId64, sign, ms / 60000,
		 ms / 1000 % 60, ms % 1000);
}

static int print_fault(void *data, const struct deposit *d, const char *region_id)
{
	struct fault_walk *w = data;
	char when[32], names[256];

	if (!d->faults)
		return 0;
	store_cli_fault_names(d->faults, w->json ? "\", \"" : ", ", names, sizeof(names));
	if (w->json) {
		printf("%s\n    {\"deposit\": %" PRIu32 ", \"time_s\": %.6f, \"x_mm\": ",
		       w->printed ? "," : "", d->id, (double)(d->down_us - w->start_us) / 1e6);
		print_number(d->x_mm);
		printf(", \"y_mm\": ");
		print_number(d->y_mm);
		printf(", \"region\": ");
		if (region_id)
			cli_json_string(stdout, region_id);
		else
			printf("null");
		printf(", \"faults\": [\"%s\"]}", names);
	} else {
		session_time(d->down_us - w->start_us, when, sizeof(when));
		printf("  %10s  %6" PRIu32 "  %7.2f  %7.2f  %-14s  %s\n", when, d->id, d->x_mm,
		       d->y_mm, region_id ? cli_quote(region_id) : "-", names);
	}
	w->printed++;
	return 0;
}

/* The never-events a session met. The record keeps which of its lesson's
 * happened (score_result's bits, in the rubric's order), so their measures
 * and limits are read from the lesson file the session ran on, the
 * record's copy; without a copy that loads, only how many. The copy also
 * gives the rubric's order of measures, so that a failed session's missed
 * requirements are said in the order `smpsim score` and practice said
 * them. */
struct review_nevers {
	size_t count;                                 /**< that happened */
	bool named;                                   /**< metric and above are known */
	enum score_metric metric[SCORE_NEVER_EVENTS_MAX];
	double above[SCORE_NEVER_EVENTS_MAX];
	size_t order_count;                           /**< 0: the copy did not load */
	enum score_metric order[SCORE_RUBRIC_ITEMS_MAX]; /**< the rubric's items */
};

static void review_nevers_read(struct store *store, const struct store_session *s,
			       const struct score_result *r, struct review_nevers *out)
{
	char name[STORE_NAME_MAX + 64], why[512];
	struct lesson *lesson = NULL;
	char *text = NULL;
	size_t size = 0, n = 0;

	memset(out, 0, sizeof(*out));
	for (unsigned int bits = r->never_triggered; bits; bits &= bits - 1)
		out->count++;
	/* Read for a failed session only: a pass has nothing to say in order. */
	if ((out->count == 0 && (r->passed || !r->by_proficiency)) ||
	    store_session_lesson_text(store, s->id, &text, &size) < 0 ||
	    size == 0 || !(lesson = malloc(sizeof(*lesson))))
		goto out;
	snprintf(name, sizeof(name), "lesson %s as stored with session %" PRId64, s->lesson_id,
		 s->id);
	if (lesson_load_text(name, s->lesson_id, text, size, cli_library(), lesson, why,
			     sizeof(why)) < 0)
		goto out;
	for (size_t i = 0; i < lesson->rubric.never_count && n < SCORE_NEVER_EVENTS_MAX; i++)
		if (r->never_triggered & (1u << i)) {
			out->metric[n] = lesson->rubric.never[i].metric;
			out->above[n++] = lesson->rubric.never[i].above;
		}
	out->named = n == out->count;
	for (size_t i = 0; i < lesson->rubric.item_count && i < SCORE_RUBRIC_ITEMS_MAX; i++)
		out->order[out->order_count++] = lesson->rubric.items[i].metric;
out:
	free(lesson);
	free(text);
}

/* Why a failed session failed: each requirement missed (for a session
 * scored by requirements), and the never-events, named as `smpsim score`
 * names them when the lesson copy says which they were. */
static void print_fail_reasons(const struct score_metrics *m, const struct score_result *r,
			       const struct review_nevers *nevers, bool stopped)
{
	char why[160];
	bool said[SCORE_METRIC_COUNT] = { false };

	/* The rubric's order first, as score said them; then, in the
	 * measures' own order, any the copy does not name (none loaded). An
	 * interrupted session missed nothing: it had not reached those levels
	 * when it stopped (the report's "Not reached when it stopped"). */
	for (size_t i = 0; r->by_proficiency && i < nevers->order_count; i++) {
		enum score_metric k = nevers->order[i];

		if (r->required[k] && !r->met[k] && !said[k]) {
			score_requirement_text(r, m, k, why, sizeof(why));
			printf("%-11s %s\n", stopped ? "not reached" : "missed", why);
			said[k] = true;
		}
	}
	if (r->by_proficiency)
		for (int i = 0; i < SCORE_METRIC_COUNT; i++)
			if (r->required[i] && !r->met[i] && !said[i]) {
				score_requirement_text(r, m, (enum score_metric)i, why,
						       sizeof(why));
				printf("%-11s %s\n", stopped ? "not reached" : "missed", why);
			}
	if (!r->by_proficiency || nevers->count == 0)
		return;
	if (!nevers->named) {
		printf("never-event %zu of the lesson's happened: fails the session\n",
		       nevers->count);
		return;
	}
	for (size_t i = 0; i < nevers->count; i++)
		printf("never-event %s %.4g, above %g: fails the session\n",
		       score_metric_name(nevers->metric[i]), m->value[nevers->metric[i]],
		       nevers->above[i]);
}

/* A session's sign-offs, as review reads them; read false when they
 * could not be (a damaged record). */
struct review_signoffs {
	struct store_signoff *list;
	size_t count;
	bool read;
};

/* The session's sign-offs, oldest first, or "none". */
static void print_signoffs_text(const struct review_signoffs *g)
{
	printf("\nsign-offs\n");
	if (!g->read)
		printf("  not read (see below)\n");
	else if (g->count == 0)
		printf("  none\n");
	for (size_t i = 0; i < g->count; i++)
		signoff_print_text(stdout, &g->list[i], "  ");
}

static void print_session_text(const struct store_session *s,
			       const struct score_metrics *m, const struct score_result *r,
			       const struct review_nevers *nevers,
			       const struct review_signoffs *signoffs,
			       const size_t counts[DEPOSIT_FAULT_COUNT], const char *levels)
{
	char started[32], ended[32], score[32], mapping[STORE_MAPPING_TEXT_MAX], level[64];
	size_t faulty_kinds = 0;

	store_cli_local_time(s->started, STORE_CLI_SECOND, started, sizeof(started));
	store_cli_local_time(s->ended, STORE_CLI_SECOND, ended, sizeof(ended));
	printf("session     %" PRId64 "\n", s->id);
	printf("trainee     %s\n", cli_quote(s->trainee_name));
	printf("lesson      %s: %s\n", cli_quote(s->lesson_id), cli_quote(s->lesson_title));
	printf("lesson file sha256 %s\n", cli_quote(s->lesson_sha256));
	printf("device      %s", s->device_name[0] ? cli_quote(s->device_name) : "-");
	if (s->device_id[0])
		printf(" (%s)", cli_quote(s->device_id));
	printf("\n");
	if (s->audio_latency_ms > 0)
		printf("audio       latency %.1f ms\n", s->audio_latency_ms);
	else
		printf("audio       none\n");
	printf("recording   %s\n", s->recording[0] ? cli_quote(s->recording) : "-");
	printf("calibration %s\n", s->calibration[0] ? cli_quote(s->calibration) :
	       "the shipped default (no calibration of the pen)");
	printf("origin      %s\n", s->origin == STORE_ORIGIN_LIVE ? "live (a pen device)" :
	       s->origin == STORE_ORIGIN_REPLAYED ? "replayed from a recording: does not "
	       "count towards proficiency" : "not kept (stored before the record kept "
	       "it): does not count towards proficiency");
	printf("view        %s\n", s->view_mode == STORE_VIEW_SHOWN ? "the live view" :
	       s->view_mode == STORE_VIEW_EXAM ? "exam mode (the scalp and the dots)" :
	       s->view_mode == STORE_VIEW_NONE ? "none (the status line)" : "-");
	store_session_mapping_text(s, mapping, sizeof(mapping));
	printf("pad on scalp %s\n", mapping);
	printf("started     %s\n", started);
	printf("ended       %s\n", ended);
	printf("status      %s", store_session_status_name(s->status));
	if (isfinite(s->duration_s))
		printf(", %.1f s", s->duration_s);
	if (s->end_reason[0])
		printf(" (%s)", cli_quote(s->end_reason));
	printf("\n");
	printf("deposits    %zu, %zu fault%s\n", s->deposits, s->faults, s->faults == 1 ? "" : "s");
	if (s->scored) {
		score_text(true, s->score, score, sizeof(score));
		/* As the report page says it (report_html.c): an interrupted
		 * session is not a failed attempt (instructor guide). */
		printf("score       %s / 100: %s", score, s->status == STORE_INTERRUPTED ?
		       "INTERRUPTED, not a failed attempt; not scored as a pass or fail" :
		       s->passed ? "PASS" : "FAIL");
		/* A session scored before version 4, as it was scored then. */
		if (isfinite(s->uncapped) && s->uncapped != s->score)
			printf(" (capped from %.1f by a never-event)", s->uncapped);
		if (r && !r->by_proficiency)
			printf(" (by the pass mark of its day)");
		printf("\n");
		if (m && r && !s->passed)
			print_fail_reasons(m, r, nevers, s->status == STORE_INTERRUPTED);
	} else if (m && s->measured && s->status == STORE_COMPLETE && m->dots == 0) {
		printf("score       not scored: no dots were made (it never counts)\n");
	} else {
		printf("score       not scored\n");
	}

	if (m && r && s->measured) {
		printf("\nmeasures (%zu dot%s)\n", m->dots, m->dots == 1 ? "" : "s");
		/* No required column when nothing was required (not scored, or
		 * scored by a pass mark): no blanks at the line's end either. */
		printf("  %-20s %12s %6s%s\n", "measure", "value", "mark",
		       r->by_proficiency ? "  required" : "");
		for (int i = 0; i < SCORE_METRIC_COUNT; i++) {
			if (!m->valid[i] && !r->rated[i])
				continue;
			printf("  %-20s ", score_metric_name((enum score_metric)i));
			if (m->valid[i])
				printf("%12.4g ", score_value_shown(m->value[i]));
			else
				printf("%12s ", "-");
			if (r->rated[i])
				printf("%6.1f", r->marks[i]);
			else
				printf("%6s", "-");
			if (r->required[i]) {
				score_rubric_level_text(r->need_min[i], r->need_max[i], level,
							sizeof(level));
				printf("  %s: %s", level, r->met[i] ? "met" : "NOT MET");
			}
			printf("\n");
		}
	}
	if (r && r->advice_count) {
		printf("\nto work on\n");
		for (size_t i = 0; i < r->advice_count; i++)
			printf("  %zu. %s\n", i + 1, cli_quote(r->advice[i]));
	}
	if (levels)
		printf("\n%s", levels);
	print_signoffs_text(signoffs);
	if (!counts)
		return;
	printf("\nfaults by kind\n");
	for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++) {
		if (!counts[i])
			continue;
		printf("  %-16s %6zu\n", deposit_fault_name(1u << i), counts[i]);
		faulty_kinds++;
	}
	if (!faulty_kinds)
		printf("  none\n");
	printf("\nfaults in time\n");
	printf("  %10s  %6s  %7s  %7s  %-14s  %s\n", "time", "dot", "x mm", "y mm",
	       "region", "faults");
}

static void print_session_json(const struct store_session *s,
			       const struct score_metrics *m, const struct score_result *r,
			       const struct review_nevers *nevers,
			       const struct review_signoffs *signoffs,
			       const size_t counts[DEPOSIT_FAULT_COUNT], const char *levels)
{
	bool first = true;

	printf("{\n  \"session\": %" PRId64 ",\n  \"trainee\": ", s->id);
	cli_json_string(stdout, s->trainee_name);
	printf(",\n  \"lesson\": ");
	cli_json_string(stdout, s->lesson_id);
	printf(",\n  \"lesson_title\": ");
	cli_json_string(stdout, s->lesson_title);
	printf(",\n  \"lesson_sha256\": ");
	cli_json_string(stdout, s->lesson_sha256);
	printf(",\n  \"device_name\": ");
	cli_json_string(stdout, s->device_name);
	printf(",\n  \"device_id\": ");
	cli_json_string(stdout, s->device_id);
	printf(",\n  \"audio_latency_ms\": ");
	print_number(s->audio_latency_ms);
	printf(",\n  \"recording\": ");
	cli_json_string(stdout, s->recording);
	/* null: the shipped default (or stored before the record kept it). */
	printf(",\n  \"calibration\": ");
	if (s->calibration[0])
		cli_json_string(stdout, s->calibration);
	else
		printf("null");
	printf(",\n  \"origin\": ");
	json_origin(s->origin);
	printf(",\n  \"view_mode\": ");
	if (s->view_mode >= 0)
		printf("\"%s\"", store_view_mode_name(s->view_mode));
	else
		printf("null");
	printf(",\n  \"mapping\": ");
	store_cli_json_mapping(stdout, s);
	printf(",\n  \"started\": ");
	cli_json_string(stdout, s->started);
	printf(",\n  \"ended\": ");
	if (s->ended[0])
		cli_json_string(stdout, s->ended);
	else
		printf("null");
	printf(",\n  \"status\": \"%s\",\n  \"end_reason\": ",
	       store_session_status_name(s->status));
	if (s->end_reason[0])
		cli_json_string(stdout, s->end_reason);
	else
		printf("null");
	printf(",\n  \"duration_s\": ");
	print_number(s->duration_s);
	printf(",\n  \"deposits\": %zu,\n  \"faults\": %zu,\n  \"score\": ", s->deposits,
	       s->faults);
	if (s->scored)
		print_number(s->score);
	else
		printf("null");
	printf(",\n  \"uncapped\": ");
	if (s->scored)
		print_number(s->uncapped);
	else
		printf("null");
	printf(",\n  \"passed\": %s,\n", s->scored && s->status != STORE_INTERRUPTED ?
	       (s->passed ? "true" : "false") : "null");
	printf("  \"dots\": ");
	if (s->measured && m)
		printf("%zu", m->dots);
	else
		printf("null");
	if (levels)
		fputs(levels, stdout);
	printf(",\n  \"signoffs\": ");
	if (signoffs->read)
		signoff_print_json_list(stdout, signoffs->list, signoffs->count, "  ");
	else
		printf("null");
	if (!m || !r) {
		printf(",\n  \"measures\": null,\n  \"never_events\": null,\n  \"advice\": null");
		goto counts;
	}
	printf(",\n  \"measures\": [");
	for (int i = 0; i < SCORE_METRIC_COUNT; i++) {
		if (!m->valid[i] && !r->rated[i])
			continue;
		printf("%s\n    {\"metric\": \"%s\", \"value\": ", first ? "" : ",",
		       score_metric_name((enum score_metric)i));
		if (m->valid[i])
			print_number(m->value[i]);
		else
			printf("null");
		printf(", \"mark\": ");
		if (r->rated[i])
			print_number(r->marks[i]);
		else
			printf("null");
		/* null: scored before requirements (store version 3). */
		if (r->by_proficiency)
			printf(", \"required\": %s", r->required[i] ? "true" : "false");
		else
			printf(", \"required\": null");
		printf(", \"at_least\": ");
		print_number(r->required[i] ? r->need_min[i] : NAN);
		printf(", \"at_most\": ");
		print_number(r->required[i] ? r->need_max[i] : NAN);
		printf(", \"met\": %s}", r->required[i] ? (r->met[i] ? "true" : "false") :
		       "null");
		first = false;
	}
	printf("%s],\n  \"never_events\": ", first ? "" : "\n  ");
	if (nevers->count && !nevers->named)
		printf("null");
	for (size_t i = 0; i < nevers->count && nevers->named; i++)
		printf("%s\"%s\"", i ? ", " : "[", score_metric_name(nevers->metric[i]));
	if (nevers->named || nevers->count == 0)
		printf("%s", nevers->count ? "]" : "[]");
	printf(",\n  \"advice\": [");
	for (size_t i = 0; i < r->advice_count; i++) {
		printf("%s\n    ", i ? "," : "");
		cli_json_string(stdout, r->advice[i]);
	}
	printf("%s]", r->advice_count ? "\n  " : "");
counts:
	if (!counts) {
		printf(",\n  \"fault_counts\": null,\n  \"fault_times\": null");
		return;
	}
	printf(",\n  \"fault_counts\": {");
	for (int i = 0; i < DEPOSIT_FAULT_COUNT; i++)
		printf("%s\"%s\": %zu", i ? ", " : "", deposit_fault_name(1u << i), counts[i]);
	printf("},\n  \"fault_times\": [");
}

/* Keeps the first damage a read met (-EUCLEAN: the record is damaged) in
 * @p damage so what can still be read is shown. @return whether it was. */
static bool damage_kept(struct store *store, int rc, char damage[STORE_ERROR_MAX])
{
	if (rc != -EUCLEAN)
		return false;
	if (!damage[0])
		snprintf(damage, STORE_ERROR_MAX, "%s", store_error(store));
	return true;
}

static int review_session(struct store *store, int64_t id, bool json)
{
	struct store_session s;
	struct score_metrics m;
	struct score_result r;
	size_t counts[DEPOSIT_FAULT_COUNT];
	struct fault_walk walk = { .json = json };
	struct review_nevers nevers = { .count = 0 };
	struct review_signoffs signoffs = { .list = NULL };
	char damage[STORE_ERROR_MAX] = "", *levels;
	bool scored, counted;
	int rc;

	rc = store_session_get(store, id, &s);
	if (rc == -ENOENT) {
		cli_error("review", "no session %" PRId64 " (see 'smpsim review')", id);
		return CLI_BAD_INPUT;
	}
	if (rc < 0) {
		cli_error("review", "%s", store_error(store));
		return CLI_FAILED;
	}
	rc = store_session_result(store, id, &m, &r);
	scored = rc == 0;
	if (rc < 0 && !damage_kept(store, rc, damage)) {
		cli_error("review", "%s", store_error(store));
		return CLI_FAILED;
	}
	rc = store_session_fault_counts(store, id, counts);
	counted = rc == 0;
	if (rc < 0 && !damage_kept(store, rc, damage)) {
		cli_error("review", "%s", store_error(store));
		return CLI_FAILED;
	}
	rc = store_signoff_list(store, id, &signoffs.list, &signoffs.count);
	signoffs.read = rc == 0;
	if (rc < 0 && !damage_kept(store, rc, damage)) {
		cli_error("review", "%s", store_error(store));
		return CLI_FAILED;
	}
	walk.start_us = s.start_us;
	if (scored)
		review_nevers_read(store, &s, &r, &nevers);
	/* What cannot be read of them is said at the end, as damage is. */
	levels = review_levels(store, &s, json);
	if (!levels && !damage[0])
		snprintf(damage, sizeof(damage), "%s", store_error(store));
	if (json)
		print_session_json(&s, scored ? &m : NULL, scored ? &r : NULL, &nevers,
				   &signoffs, counted ? counts : NULL, levels);
	else
		print_session_text(&s, scored ? &m : NULL, scored ? &r : NULL, &nevers,
				   &signoffs, counted ? counts : NULL, levels);
	free(signoffs.list);
	free(levels);
	rc = counted ? store_session_deposits(store, id, print_fault, &walk) : 0;
	if (json)
		printf(counted ? "%s]\n}\n" : "\n}\n", walk.printed ? "\n  " : "");
	else if (counted && !walk.printed)
		printf("  none\n");
	if (rc < 0 && !damage_kept(store, rc, damage)) {
		fflush(stdout);
		cli_error("review", "%s", store_error(store));
		return CLI_FAILED;
	}
	if (damage[0]) {
		fflush(stdout);
		cli_error("review", "%s", damage);
		return CLI_FAILED;
	}
	return CLI_OK;
}

int cmd_review(int argc, char **argv)
{
	enum { OPT_DB = 0x200, OPT_TRAINEE, OPT_LESSON, OPT_SESSION, OPT_VIEW, OPT_NO_VIEW,
	       OPT_CSV, OPT_GROUP };
	static const struct option options[] = {
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "lesson", required_argument, NULL, OPT_LESSON },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "db", required_argument, NULL, OPT_DB },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "view", no_argument, NULL, OPT_VIEW },
		{ "no-view", no_argument, NULL, OPT_NO_VIEW },
		/* The class overview's own (review_class.c): known here only to
		 * say where they belong, not "unrecognized". */
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_filter filter = { 0 };
	struct store *store;
	const char *db = NULL;
	bool json = false, view = false;
	int opt, status;

	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--class"))
			return review_class(argc, argv);   /* review_class.c */
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_TRAINEE: filter.trainee = optarg; break;
		case OPT_LESSON: filter.lesson_id = optarg; break;
		case OPT_SESSION:
			if (store_cli_session_number(optarg, &filter.session) < 0) {
				cli_error("review", "--session takes a session number (the # "
					  "column of 'smpsim review'), not '%s'", optarg);
				return CLI_BAD_INPUT;
			}
			break;
		case OPT_DB: db = optarg; break;
		case CLI_OPT_JSON: json = true; break;
		case OPT_VIEW: view = true; break;
		case OPT_NO_VIEW: view = false; break;
		case OPT_CSV: return cli_bad_usage("review", "--csv is for --class");
		case OPT_GROUP: return cli_bad_usage("review", "--group is for --class");
		case 'h': fputs(review_usage, stdout); return CLI_OK;
		default: return cli_bad_option("review");
		}
	}
	if (optind != argc)
		return cli_bad_usage("review", "unexpected '%s'", argv[optind]);
	if (filter.session && (filter.trainee || filter.lesson_id)) {
		cli_error("review", "--session shows one session: it takes no --trainee "
			  "or --lesson");
		return CLI_BAD_INPUT;
	}
	if (view) {
		struct cli_pen pen = { .quirks = NULL };
		struct session_replay_options o = {
			.cmd = "review", .db = db, .session = filter.session, .view = true,
			.pen = &pen,
		};

		if (!filter.session || json) {
			cli_error("review", "--view replays one session: it needs --session N "
				  "and takes no --json");
			return CLI_BAD_INPUT;
		}
		if (cli_pen_init(&pen) < 0)
			return CLI_BAD_INPUT;
		status = session_replay_run(&o);
		cli_pen_release(&pen);
		return status;
	}
	status = store_cli_open("review", db, STORE_CLI_READ, &store);
	if (status != CLI_OK)
		return status;
	status = filter.session ? review_session(store, filter.session, json) :
				  review_list(store, &filter, json);
	store_close(store);
	return status;
}
