/* smpsim trainee open: an instructor opens a lesson of the curriculum to
 * a trainee early, before the lesson before it is proficient (issue 14).
 *
 * `smpsim trainee open NAME LESSON --by WHO --why TEXT` checks the lesson
 * is in the curriculum and still locked for the trainee (course.h judges
 * it as `progress` does), then stores the opening, who and why, with its
 * ledger entry (store_course.h). Sessions of the lesson begun from then on
 * count; those begun before it still do not.
 */
#include "trainee_open.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_quote.h"
#include "course.h"
#include "store_cli.h"

static const char open_usage[] =
	"usage: smpsim trainee open NAME LESSON --by WHO --why TEXT [--db PATH]\n"
	"\n"
	"Opens LESSON of the curriculum to trainee NAME before the curriculum would\n"
	"(it opens each lesson when the one before is proficient), recording who\n"
	"opened it, why and when. Sessions of the lesson begun from then on count\n"
	"towards its proficiency; sessions begun before do not. A lesson already\n"
	"open to the trainee is refused, and says how it opened.\n"
	"\n"
	"  --by WHO         the instructor's name (required)\n"
	"  --why TEXT       the reason, kept in the record (required)\n"
	STORE_CLI_DB_HELP
	"  -h, --help       print this help\n"
	"\n"
	"Exit status 0 when opened; 1 when the lesson is open already or the record\n"
	"cannot be written; 2 for bad usage, no record yet, a trainee or lesson not\n"
	"there (or the trainee merged into another), or a --db file that is not an\n"
	"smpsim record.\n";

/* @return 0 when @p text is a reason that can be kept: not empty, no
 * control character but none. */
static int check_why(const char *text)
{
	bool any = false;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return -EINVAL;
		any = any || *p != ' ';
	}
	return any ? 0 : -EINVAL;
}

/* Judges @p name in the curriculum and stores the opening of lesson @p l. */
static int open_lesson(struct store *store, const struct curriculum *cur, const char *name,
		       const char *lesson, const char *by, const char *why)
{
	char err[2048], how[COURSE_OPENED_TEXT_MAX];
	const struct course_lesson *l;
	struct course *course;
	int64_t id;
	int rc = course_judge(store, cur, cli_library(), name, &course, err, sizeof(err));

	if (rc < 0) {
		cli_error("trainee", "%s", err);
		return rc == -ENOENT || rc == -ESTALE || rc == -EINVAL ||
		       rc == -ENAMETOOLONG ? CLI_BAD_INPUT : CLI_FAILED;
	}
	l = course_lesson_find(course, lesson);
	if (l->status.state != PROF_LOCKED) {
		course_opened_text(course, l, how, sizeof(how));
		/* After a colon, not in parentheses: the text can hold its own
		 * "(session N, when)". */
		cli_error("trainee", "%s is already open to %s%s: opened %s", lesson,
			  course->trainee_name,
			  l->status.state == PROF_PROFICIENT ? " (and proficient)" : "", how);
		course_free(course);
		return CLI_FAILED;
	}
	rc = store_opening_add(store, course->trainee, lesson, by, why, &id);
	if (rc < 0) {
		cli_error("trainee", "%s", store_error(store));
		course_free(course);
		return CLI_FAILED;
	}
	printf("opened %s to %s", lesson, cli_quote(course->trainee_name));
	printf(" (opening %lld): by %s", (long long)id, cli_quote(by));
	printf(": %s\n", cli_quote(why));
	course_free(course);
	return CLI_OK;
}

int trainee_open(int argc, char **argv)
{
	enum { OPT_DB = 0x100, OPT_BY, OPT_WHY };
	static const struct option options[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "why", required_argument, NULL, OPT_WHY },
		{ "db", required_argument, NULL, OPT_DB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *by = NULL, *why = NULL, *name, *lesson;
	char clean_by[STORE_NAME_MAX], reason[STORE_ERROR_MAX], err[2048];
	struct curriculum *cur = NULL;
	struct store *store = NULL;
	int opt, rc, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_BY: by = optarg; break;
		case OPT_WHY: why = optarg; break;
		case OPT_DB: db = optarg; break;
		case 'h': fputs(open_usage, stdout); return CLI_OK;
		default: return cli_bad_option("trainee open");
		}
	}
	if (argc - optind != 2) {
		cli_error("trainee", "open takes a trainee's name and a lesson: put a name "
			  "with spaces in quotes");
		fputs(open_usage, stderr);
		return CLI_BAD_INPUT;
	}
	name = argv[optind];
	lesson = argv[optind + 1];
	if (!by || !why) {
		cli_error("trainee", "an opening says who opens the lesson and why: give %s",
			  !by && !why ? "--by WHO and --why TEXT" : !by ? "--by WHO" :
			  "--why TEXT");
		return CLI_BAD_INPUT;
	}
	if (store_trainee_name(by, clean_by, reason, sizeof(reason)) < 0) {
		cli_error("trainee", "--by: %s", reason);
		return CLI_BAD_INPUT;
	}
	if (check_why(why) < 0) {
		cli_error("trainee", "--why: a reason cannot be empty or hold control "
			  "characters (tabs, line breaks)");
		return CLI_BAD_INPUT;
	}
	if (!(cur = malloc(sizeof(*cur)))) {
		cli_error("trainee", "out of memory");
		return CLI_FAILED;
	}
	rc = course_curriculum_load(cli_library(), cur, err, sizeof(err));
	if (rc < 0) {
		cli_error("trainee", "%s", err);
		status = rc == -EINVAL ? CLI_BAD_INPUT : CLI_FAILED;
		goto out;
	}
	status = CLI_BAD_INPUT;
	for (size_t i = 0; i < cur->count; i++)
		if (!strcmp(cur->ids[i], lesson))
			status = CLI_OK;
	if (status != CLI_OK) {
		char ids[LESSON_CURRICULUM_MAX * (LESSON_ID_MAX + 2)] = "";

		for (size_t i = 0; i < cur->count; i++)
			snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), "%s%s",
				 i ? ", " : "", cur->ids[i]);
		cli_error("trainee", "'%s' is not a lesson of the curriculum (its lessons: %s)",
			  lesson, ids);
		goto out;
	}
	status = store_cli_open("trainee", db, STORE_CLI_WRITE_EXISTING, &store);
	if (status == CLI_OK)
		status = open_lesson(store, cur, name, lesson, clean_by, why);
out:
	store_close(store);
	free(cur);
	return status;
}
