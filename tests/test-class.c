/* test-class: the class list and the class overview (issue 14, item 5),
 * on real SQLite files in a temporary folder.
 *
 * The store (store_class.h): a rename (the name cleaned, the old one kept
 * in trainee_changes, a name taken or unchanged refused, each refusal
 * changing nothing); a merge (every session moved, memberships moved once,
 * the opening moved, merged_into set, the 'merge' change, a merged
 * trainee found by name no more, merging into oneself, twice, or from a
 * trainee with a session in progress refused) with the ledger checked
 * whole by store_ledger_verify() after; groups (made on first use, names
 * cleaned, added twice is one membership, taken out, the lists).
 *
 * The commands, run as child processes with TZ=UTC on a small class made
 * through the store with pinned times: `review --class` as text, CSV and
 * JSON, exact to the character; `trainee rename|merge|group|ungroup|list`
 * and `practice`/`review`/`progress`/`trainee open`/`certificate` by a
 * merged trainee's name (refused, exit 2).
 *
 * Run with the argument "chromium" (ctest test-class-chromium): the class
 * page of 30 trainees by 8 lessons rendered in headless Chromium, its
 * table found by its grid lines and each cell's colour checked against its
 * status, the whole table inside a 1100 px wide window; and laid out in
 * a 400 px frame (a phone), each lesson heading's lines as Chromium
 * breaks them, exactly: at hyphens only, never mid-word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "report_class.h"
#include "screenshot.h"
#include "store.h"
#include "store_class.h"
#include "store_course.h"
#include "store_ledger.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The run's own data folder (TMP/data): the shipped models and three
 * shipped lessons under a curriculum of the test's, so the class overview
 * is known whatever the shipped curriculum's rules become. */
static const char curriculum[] =
	"proficiency: { consecutive: 2, total: 2 }\n"
	"lessons:\n"
	"  - depth-taps\n"
	"  - even-spacing\n"
	"  - soft-hairline\n";
static char data_dir[PATH_MAX], data_env[PATH_MAX + 32];

static void link_to(const char *target, const char *name)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	if (symlink(target, path) < 0)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

static int setup(void **state)
{
	static const char *const shared[] = {
		"scalps", "needles", "devices", "recordings", "lessons/depth-taps.yaml",
		"lessons/even-spacing.yaml", "lessons/soft-hairline.yaml",
	};
	char path[PATH_MAX + 64];

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	snprintf(data_env, sizeof(data_env), "SMPSIM_DATA_DIR=%s", data_dir);
	snprintf(path, sizeof(path), "%s/lessons", data_dir);
	if (mkdir(data_dir, 0700) < 0 || mkdir(path, 0700) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(shared); i++) {
		snprintf(path, sizeof(path), "%s/%s", SMPSIM_DATA_DIR, shared[i]);
		link_to(path, shared[i]);
	}
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	{
		FILE *f = fopen(path, "w");

		if (!f || fputs(curriculum, f) < 0 || fclose(f) != 0)
			return -1;
	}
	return 0;
}

static void db_path(const char *stem, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s.db", tmp_files_dir(), stem);
}

static struct store *open_new(const char *stem, char *path, size_t size)
{
	char err[STORE_ERROR_MAX];
	struct store *store;

	db_path(stem, path, size);
	if (store_open(path, &store, NULL, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return store;
}

static int64_t add(struct store *store, const char *name)
{
	int64_t id;

	assert_int_equal(store_trainee_add(store, name, &id), 0);
	return id;
}

/* A complete live session of @p lesson scored @p score, passed or not
 * (@p origin live or replayed). */
static int64_t session(struct store *store, int64_t trainee, const char *lesson, double score,
		       bool passed, int origin)
{
	struct store_session_info info = {
		.trainee = trainee, .lesson_id = lesson, .lesson_title = lesson,
		.origin = origin, .view_mode = STORE_VIEW_SHOWN,
	};
	struct score_metrics m;
	struct score_result r;
	int64_t id;

	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	m.dots = 10;
	r.score = score;
	r.passed = passed;
	r.by_proficiency = true;
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		r.need_min[i] = r.need_max[i] = NAN;
	assert_int_equal(store_session_begin(store, &info, &id), 0);
	assert_int_equal(store_session_end(store, id, 60, &m, &r), 0);
	return id;
}

/* Runs @p sql on the record at @p path, as a hand would. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

/* The ledger chain and every thing in it recompute. */
static void ledger_intact(struct store *store)
{
	struct store_ledger_summary sum;

	assert_int_equal(store_ledger_verify(store, NULL, NULL, &sum), 0);
	assert_int_equal(sum.problems, 0);
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* ---- store: rename ---- */

static void test_rename(void **state)
{
	static const struct {
		const char *old_name, *new_name;
		int rc;
		const char *error;
	} refused[] = {
		{ "Bo", "Ana  Souza", -EEXIST, "a trainee named 'Ana Souza' already exists" },
		{ "Bo", " Bo ", -EALREADY, "'Bo' is already their name" },
		{ "Nobody", "Cy", -ENOENT, "no trainee named 'Nobody'" },
		{ "Bo", "B\to", -EINVAL,
		  "'B\to': a name cannot hold the control character U+0009" },
		{ "Ana Sousa", "Cy", -ENOENT, "no trainee named 'Ana Sousa'" },
	};
	char path[PATH_MAX];
	struct store *store = open_new("rename", path, sizeof(path));
	int64_t ana = add(store, "Ana Sousa"), bo = add(store, "Bo");
	int64_t id;

	(void)state;
	assert_int_equal(store_trainee_rename(store, "Ana Sousa", "  Ana \xc2\xa0Souza ", "Mia"), 0);
	assert_int_equal(store_trainee_find(store, "Ana Souza", &id), 0);
	assert_int_equal(id, ana);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainees WHERE name = "
				      "'Ana Souza' AND name_key = 'Ana Souza'"), 1);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainee_changes WHERE "
				      "trainee = 1 AND kind = 'rename' AND detail = 'Ana Sousa' "
				      "AND by = 'Mia'"), 1);
	/* Without --by: no one said. */
	assert_int_equal(store_trainee_rename(store, "Bo", "Bo Li", NULL), 0);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainee_changes WHERE "
				      "trainee = 2 AND detail = 'Bo' AND by IS NULL"), 1);
	assert_int_equal(store_trainee_rename(store, "Bo Li", "Bo", ""), 0);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		int rc = store_trainee_rename(store, refused[i].old_name, refused[i].new_name,
					      "Mia");

		print_message("%s -> %s: %d %s\n", refused[i].old_name, refused[i].new_name, rc,
			      store_error(store));
		assert_int_equal(rc, refused[i].rc);
		assert_string_equal(store_error(store), refused[i].error);
	}
	/* The refusals changed nothing. */
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainee_changes"), 3);
	assert_int_equal(store_trainee_find(store, "Bo", &id), 0);
	assert_int_equal(id, bo);
	/* Each trainee's ledger entries: added, then each rename. */
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM ledger WHERE kind = 'trainee' "
				      "AND ref = 1"), 2);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM ledger WHERE kind = 'trainee' "
				      "AND ref = 2"), 3);
	ledger_intact(store);
	store_close(store);
}

/* ---- store: merge ---- */

static void test_merge(void **state)
{
	char path[PATH_MAX];
	struct store *store = open_new("merge", path, sizeof(path));
	int64_t dup = add(store, "Ana Sousa"), ana = add(store, "Ana Souza"), cy = add(store, "Cy");
	struct store_class_trainee *list;
	size_t moved = 99, n;
	int64_t id, s[4], running;
	bool added;

	(void)state;
	s[0] = session(store, dup, "depth-taps", 60, false, STORE_ORIGIN_LIVE);
	s[1] = session(store, ana, "depth-taps", 70, true, STORE_ORIGIN_LIVE);
	s[2] = session(store, dup, "depth-taps", 80, true, STORE_ORIGIN_LIVE);
	s[3] = session(store, dup, "even-spacing", 50, false, STORE_ORIGIN_REPLAYED);
	assert_int_equal(store_group_add(store, "Intake 1", "Ana Sousa", &added), 0);
	assert_int_equal(store_group_add(store, "Intake 1", "Ana Souza", &added), 0);
	assert_int_equal(store_group_add(store, "Evening", "Ana Sousa", &added), 0);
	assert_int_equal(store_opening_add(store, dup, "even-spacing", "Mia", "ready", NULL), 0);

	assert_int_equal(store_trainee_merge(store, "Ana Sousa", "Ana Souza", "Mia", &moved), 0);
	assert_int_equal(moved, 3);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM sessions WHERE trainee = 2"), 4);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM sessions WHERE trainee = 1"), 0);
	assert_int_equal(db_query_int(path, "SELECT merged_into FROM trainees WHERE id = 1"), ana);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainees WHERE merged_into "
				      "IS NOT NULL"), 1);
	/* Memberships: Intake 1 once, Evening moved; none left for the dup. */
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM group_members WHERE "
				      "trainee = 2"), 2);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM group_members WHERE "
				      "trainee = 1"), 0);
	assert_int_equal(db_query_int(path, "SELECT trainee FROM lesson_openings"), ana);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainee_changes WHERE "
				      "trainee = 1 AND kind = 'merge' AND detail = '2' AND "
				      "by = 'Mia'"), 1);
	/* A ledger entry for each moved session, after its first. */
	for (size_t i = 0; i < 4; i++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM ledger WHERE kind = 'session' "
			 "AND ref = %lld", (long long)s[i]);
		assert_int_equal(db_query_int(path, sql), i == 1 ? 1 : 2);
	}
	ledger_intact(store);

	/* The merged trainee is found by name no more, and says whom. */
	assert_int_equal(store_trainee_find(store, "Ana  Sousa", &id), -ESTALE);
	assert_string_equal(store_error(store),
			    "'Ana Sousa' was merged into 'Ana Souza': use that name");
	assert_int_equal(store_trainee_merge(store, "Ana Sousa", "Cy", NULL, NULL), -ESTALE);
	assert_int_equal(store_trainee_merge(store, "Cy", "Ana Sousa", NULL, NULL), -ESTALE);
	assert_int_equal(store_trainee_merge(store, "Cy", " Cy", NULL, NULL), -EINVAL);
	assert_int_equal(store_trainee_rename(store, "Ana Sousa", "Ana S", NULL), -ESTALE);
	assert_int_equal(store_group_add(store, "Intake 1", "Ana Sousa", NULL), -ESTALE);
	/* A session in progress stays its trainee's. */
	{
		struct store_session_info info = {
			.trainee = cy, .lesson_id = "depth-taps", .lesson_title = "t",
		};

		assert_int_equal(store_session_begin(store, &info, &running), 0);
		assert_int_equal(store_trainee_merge(store, "Cy", "Ana Souza", NULL, NULL), -EBUSY);
		assert_string_equal(store_error(store), "'Cy' has a session in progress: merge "
				    "once it has ended");
		assert_int_equal(store_session_end(store, running, 1, NULL, NULL), 0);
	}
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainee_changes"), 1);
	/* A certificate rests on its trainee's sessions: merge the other way. */
	raw_sql(path, "INSERT INTO certificates (code, trainee, made, lessons, content, "
		"ledger_seq, curriculum) VALUES ('C0DE', 3, '2025-03-01T08:00:00.000Z', "
		"'depth-taps', '{}', 1, CAST('lessons: [depth-taps]' AS BLOB))");
	assert_int_equal(store_trainee_merge(store, "Cy", "Ana Souza", NULL, NULL), -EPERM);
	assert_string_equal(store_error(store), "'Cy' holds 1 certificate, which rest on their "
			    "sessions: merge 'Ana Souza' into 'Cy' instead");
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM sessions WHERE trainee = 3"), 1);
	/* Nor the other way, when Cy's session came before the certificate:
	 * moved in, it could break the run the certificate rests on. */
	raw_sql(path, "UPDATE certificates SET made = '2999-01-01T00:00:00.000Z'");
	assert_int_equal(store_trainee_merge(store, "Ana Souza", "Cy", NULL, NULL), -EPERM);
	assert_string_equal(store_error(store), "'Cy' holds 1 certificate issued after 5 of "
			    "the sessions and openings of 'Ana Souza': moved, they could change "
			    "what it rests on, so the two stay apart");
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM sessions WHERE trainee = 3"), 1);
	raw_sql(path, "DELETE FROM certificates");

	/* The class list: without the merged one, or with them marked. */
	assert_int_equal(store_class_trainees(store, NULL, false, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Ana Souza");
	assert_int_equal(list[0].sessions, 4);
	assert_int_equal(list[0].group_count, 2);
	assert_string_equal(list[0].groups[0], "Evening");
	assert_string_equal(list[0].groups[1], "Intake 1");
	assert_string_equal(list[1].name, "Cy");
	store_class_trainees_free(list, n);
	assert_int_equal(store_class_trainees(store, NULL, true, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "Ana Sousa");
	assert_int_equal(list[0].merged_into, ana);
	assert_string_equal(list[0].merged_into_name, "Ana Souza");
	assert_int_equal(list[0].group_count, 0);
	store_class_trainees_free(list, n);
	store_close(store);
}

/* ---- store: groups ---- */

static void test_groups(void **state)
{
	static const struct {
		const char *group, *trainee;
		bool add;
		int rc;
		bool added;
		const char *error;
	} steps[] = {
		{ "Intake 1", "Ana", true, 0, true, NULL },
		{ " Intake \xc2\xa0 1", "Bo", true, 0, true, NULL },
		{ "Intake 1", " Ana", true, 0, false, NULL },
		{ "evening", "Bo", true, 0, true, NULL },
		{ "evening", "Bo", false, 0, false, NULL },
		{ "evening", "Bo", false, -ENOENT, false, "'Bo' is not in group 'evening'" },
		{ "morning", "Bo", false, -ENOENT, false, "no group named 'morning'" },
		{ "Intake 1", "Nobody", true, -ENOENT, false, "no trainee named 'Nobody'" },
		{ "", "Bo", true, -EINVAL, false,
		  "group '': a name cannot be empty or only white space" },
	};
	char path[PATH_MAX];
	struct store *store = open_new("groups", path, sizeof(path));
	struct store_class_trainee *list;
	struct store_group *groups;
	size_t n;

	(void)state;
	add(store, "Ana");
	add(store, "Bo");
	add(store, "Cy");
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		bool added = !steps[i].added;
		int rc = steps[i].add ? store_group_add(store, steps[i].group, steps[i].trainee,
							&added) :
					store_group_remove(store, steps[i].group, steps[i].trainee);

		print_message("step %zu: %d %s\n", i, rc, rc ? store_error(store) : "");
		assert_int_equal(rc, steps[i].rc);
		if (rc == 0 && steps[i].add)
			assert_int_equal(added, steps[i].added);
		if (steps[i].error)
			assert_string_equal(store_error(store), steps[i].error);
	}
	assert_int_equal(store_group_list(store, &groups, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(groups[0].name, "evening");
	assert_int_equal(groups[0].members, 0);
	assert_string_equal(groups[1].name, "Intake 1");
	assert_int_equal(groups[1].members, 2);
	free(groups);
	assert_int_equal(store_class_trainees(store, "Intake  1", false, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Ana");
	assert_string_equal(list[1].name, "Bo");
	store_class_trainees_free(list, n);
	assert_int_equal(store_class_trainees(store, "evening", false, &list, &n), 0);
	assert_int_equal(n, 0);
	store_class_trainees_free(list, n);
	assert_int_equal(store_class_trainees(store, "morning", false, &list, &n), -ENOENT);
	/* A ledger entry per change of a trainee's groups: Ana 1, Bo 3. */
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM ledger WHERE kind = 'member' "
				      "AND ref = 1"), 1);
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM ledger WHERE kind = 'member' "
				      "AND ref = 2"), 3);
	ledger_intact(store);
	store_close(store);
}

/* ---- the commands ---- */

static char class_db[PATH_MAX];


static void smpsim(const char *const args[], struct child_result *res)
{
	const char *argv[24] = { SMPSIM_BINARY };
	const char *env[] = { "TZ=UTC", "SMPSIM_DB=", data_env, NULL };
	size_t n = 1;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

/* A small class: Ana proficient in depth-taps (60 failed, 72 and 80
 * passed: 2 in a row) and one failed session of even-spacing after it
 * opened, beside a replayed pass that does not count; Bo in progress in
 * depth-taps (74.5 passed, 73.25 failed) with an interrupted session;
 * Cy with none. Ana and Bo are in "Intake 1". Times pinned a minute
 * apart in the order made. */
static void make_class(void)
{
	struct store *store = open_new("class", class_db, sizeof(class_db));
	int64_t ana = add(store, "Ana Souza"), bo = add(store, "Bo Li");
	struct store_session_info info = {
		.trainee = bo, .lesson_id = "depth-taps", .lesson_title = "depth-taps",
		.origin = STORE_ORIGIN_LIVE,
	};
	int64_t s;

	add(store, "Cy");
	session(store, ana, "depth-taps", 60, false, STORE_ORIGIN_LIVE);
	session(store, ana, "depth-taps", 72, true, STORE_ORIGIN_LIVE);
	session(store, ana, "depth-taps", 80, true, STORE_ORIGIN_LIVE);
	session(store, ana, "even-spacing", 90, true, STORE_ORIGIN_REPLAYED);
	session(store, ana, "even-spacing", 55, false, STORE_ORIGIN_LIVE);
	session(store, bo, "depth-taps", 74.5, true, STORE_ORIGIN_LIVE);
	session(store, bo, "depth-taps", 73.25, false, STORE_ORIGIN_LIVE);
	assert_int_equal(store_session_begin(store, &info, &s), 0);
	assert_int_equal(store_session_set_ending(store, s, true, "the pen went away"), 0);
	assert_int_equal(store_session_end(store, s, 5, NULL, NULL), 0);
	assert_int_equal(store_group_add(store, "Intake 1", "Ana Souza", NULL), 0);
	assert_int_equal(store_group_add(store, "Intake 1", "Bo Li", NULL), 0);
	store_close(store);
	assert_int_equal(db_query_int(class_db, "SELECT count(*) FROM sessions"), 8);
	raw_sql(class_db, "UPDATE sessions SET "
		"started = printf('2025-03-01T09:%02d:00.000Z', id), "
		"ended = printf('2025-03-01T09:%02d:30.000Z', id)");
}

static const char class_text[] =
	"Class overview: group Intake 1 (2 trainees, 3 lessons of the curriculum)\n"
	"\n"
	"Ana Souza: 1 of 3 lessons proficient\n"
	"   #  lesson         status        best   last  sessions  trend\n"
	"   1  depth-taps     proficient    80.0   80.0  3/3       up (+10.0)\n"
	"   2  even-spacing   in progress   55.0   55.0  1/2       -\n"
	"   3  soft-hairline  locked           -      -  0/0       -\n"
	"\n"
	"Bo Li (expert): 0 of 3 lessons proficient\n"
	"   #  lesson         status        best   last  sessions  trend\n"
	"   1  depth-taps     in progress   74.5   73.2  2/3       flat (-1.2)\n"
	"   2  even-spacing   locked           -      -  0/0       -\n"
	"   3  soft-hairline  locked           -      -  0/0       -\n";

static const char class_csv[] =
	"trainee,lesson,status,best,last,counted,sessions,trend,slope,signoff_needed,"
	"proficient_lessons\r\n"
	"Ana Souza,depth-taps,proficient,80,80,3,3,up,10,no,1\r\n"
	"Ana Souza,even-spacing,in progress,55,55,1,2,none,,no,1\r\n"
	"Ana Souza,soft-hairline,locked,,,0,0,none,,no,1\r\n"
	"Bo Li,depth-taps,in progress,74.5,73.25,2,3,flat,-1.25,no,0\r\n"
	"Bo Li,even-spacing,locked,,,0,0,none,,no,0\r\n"
	"Bo Li,soft-hairline,locked,,,0,0,none,,no,0\r\n"
	"Cy,depth-taps,open,,,0,0,none,,no,0\r\n"
	"Cy,even-spacing,locked,,,0,0,none,,no,0\r\n"
	"Cy,soft-hairline,locked,,,0,0,none,,no,0\r\n";

/* The JSON's lines for Bo, whose record and time vary. */
static const char class_json_bo[] =
	"    {\"id\": 2, \"name\": \"Bo Li\", \"proficient_lessons\": 0, \"lessons\": [\n"
	"      {\"lesson\": \"depth-taps\", \"status\": \"in progress\", \"best\": 74.5, "
	"\"last\": 73.25, \"counted\": 2, \"sessions\": 3, \"trend\": \"flat\", "
	"\"slope\": -1.25, \"signoff_needed\": false},\n"
	"      {\"lesson\": \"even-spacing\", \"status\": \"locked\", \"best\": null, "
	"\"last\": null, \"counted\": 0, \"sessions\": 0, \"trend\": \"none\", "
	"\"slope\": null, \"signoff_needed\": false},\n";

static void test_review_class(void **state)
{
	struct child_result res;
	char want[PATH_MAX + 128];

	(void)state;
	make_class();
	/* An expert is marked as 'trainee list' marks one. */
	smpsim((const char *const[]){ "trainee", "expert", "Bo Li", "--db", class_db, NULL },
	       &res);
	child_expect(&res, 0, "Bo Li is now an expert\n", "");
	child_result_free(&res);
	smpsim((const char *const[]){ "review", "--class", "--group", " Intake 1", "--db",
				      class_db, NULL }, &res);
	child_expect(&res, 0, class_text, "");
	child_result_free(&res);

	smpsim((const char *const[]){ "review", "--db", class_db, "--csv", "--class", NULL },
	       &res);
	child_expect(&res, 0, class_csv, "");
	child_result_free(&res);

	smpsim((const char *const[]){ "review", "--class", "--json", "--group", "Intake 1",
				      "--db", class_db, NULL }, &res);
	assert_int_equal(res.status, 0);
	snprintf(want, sizeof(want), "{\n  \"group\": \"Intake 1\",\n  \"record\": \"%s\",\n"
		 "  \"made\": \"", class_db);
	assert_memory_equal(res.out, want, strlen(want));
	/* printf '%s' "$curriculum" | sha256sum */
	assert_non_null(strstr(res.out, "Z\",\n  \"curriculum_sha256\": \"5f0e49a7c6de72b583611c5"
			       "87f04a0093a37be6d4f0e7557db632494870bdae5\",\n"));
	assert_non_null(strstr(res.out, "\"lessons\": [\n    {\"id\": \"depth-taps\", "
			       "\"title\": \"Depth control with single taps\"},\n"));
	assert_non_null(strstr(res.out, "\"trainees\": [\n    {\"id\": 1, \"name\": "
			       "\"Ana Souza\", \"proficient_lessons\": 1, \"lessons\": [\n"
			       "      {\"lesson\": \"depth-taps\", \"status\": \"proficient\", "
			       "\"best\": 80, \"last\": 80, \"counted\": 3, \"sessions\": 3, "
			       "\"trend\": \"up\", \"slope\": 10, \"signoff_needed\": false},\n"));
	assert_non_null(strstr(res.out, class_json_bo));
	assert_null(strstr(res.out, "\"Cy\""));
	child_result_free(&res);

	/* The page: written whole, the group's two trainees and their cells. */
	{
		char page[PATH_MAX + 16], *html;
		size_t size;

		snprintf(page, sizeof(page), "%s/intake.html", tmp_files_dir());
		smpsim((const char *const[]){ "report", "--class", "--group", "Intake 1", "-o",
					      page, "--db", class_db, NULL }, &res);
		snprintf(want, sizeof(want), "The report: %s\n", page);
		child_expect(&res, 0, want, "");
		child_result_free(&res);
		html = tmp_files_read(page, &size);
		assert_non_null(html);
		assert_int_equal(count_of(html, "<tr data-order="), 2);
		assert_int_equal(count_of(html, "<td class=\"cell "), 6);
		assert_int_equal(count_of(html, "<td class=\"cell proficient\""), 1);
		assert_int_equal(count_of(html, "<td class=\"cell in-progress\""), 2);
		assert_int_equal(count_of(html, " <span class=\"expert\">(expert)</span>"), 1);
		assert_non_null(strstr(html, "<bdi>Bo Li</bdi> <span class=\"expert\">(expert)"
				       "</span></th><td class=\"count\" "
				       "data-sort=\"0\">0 of 3</td><td class=\"cell in-progress\" "
				       "data-sort=\"2074.5\"><span class=\"state\">in progress</span>"
				       "<span class=\"scores\">74.5 / 73.2</span><span class=\""
				       "sessions\">2/3 <span class=\"trend flat\" title=\"flat: -1.2 "
				       "points a session\">\u2192</span></span></td>"));
		free(html);
		smpsim((const char *const[]){ "report", "--class", "--group", "Night", "-o", page,
					      "--force", "--db", class_db, NULL }, &res);
		assert_int_equal(res.status, 2);
		child_result_free(&res);
		smpsim((const char *const[]){ "report", "--group", "Night", "-o", page, "--db",
					      class_db, NULL }, &res);
		assert_int_equal(res.status, 2);
		child_result_free(&res);
	}

	/* Usage and a group that is not there. */
	smpsim((const char *const[]){ "review", "--class", "--group", "Night", "--db", class_db,
				      NULL }, &res);
	child_expect(&res, 2, "", "smpsim review: no group named 'Night' (see 'smpsim trainee "
		     "list')\n");
	child_result_free(&res);
	smpsim((const char *const[]){ "review", "--class", "--json", "--csv", "--db", class_db,
				      NULL }, &res);
	assert_int_equal(res.status, 2);
	assert_non_null(strstr(res.err, "smpsim review: --json or --csv, not both\n"));
	child_result_free(&res);
}

/* `trainee rename`, `merge`, `group`, `ungroup` and `list` as an
 * instructor types them; a merged trainee cannot practise or be reviewed. */
static void test_trainee_cli(void **state)
{
	static const struct {
		const char *args[10];
		int status;
		const char *out, *err;
	} steps[] = {
		{ { "trainee", "add", "Ana Sousa" }, 0, "added trainee 1: Ana Sousa\n", "" },
		{ { "trainee", "add", "Ana Souza" }, 0, "added trainee 2: Ana Souza\n", "" },
		{ { "trainee", "add", "Bo" }, 0, "added trainee 3: Bo\n", "" },
		{ { "trainee", "group", "Intake 1", "Ana Sousa", "Bo" }, 0,
		  "added Ana Sousa to group Intake 1\nadded Bo to group Intake 1\n", "" },
		{ { "trainee", "group", "Intake 1", "Bo", "Nobody" }, 2, "",
		  "smpsim trainee: no trainee named 'Nobody' (see 'smpsim trainee list')\n" },
		{ { "trainee", "rename", "Nobody", "Bo" }, 2, "",
		  "smpsim trainee: no trainee named 'Nobody' (see 'smpsim trainee list')\n" },
		{ { "trainee", "merge", "Bo", "Nobody" }, 2, "",
		  "smpsim trainee: no trainee named 'Nobody' (see 'smpsim trainee list')\n" },
		{ { "trainee", "group", "Intake 1", "Bo" }, 0, "Bo was in group Intake 1 already\n",
		  "" },
		{ { "trainee", "rename", "Bo", "Bo Li", "--by", "Mia" }, 0,
		  "renamed trainee Bo to Bo Li\n", "" },
		{ { "trainee", "rename", "Bo Li", "Ana Souza" }, 1, "",
		  "smpsim trainee: a trainee named 'Ana Souza' already exists\n" },
		{ { "trainee", "rename", "Bo Li" }, 2, "",
		  "smpsim trainee: rename takes two names, OLD and NEW: put a name with spaces "
		  "in quotes\n" },
		{ { "trainee", "merge", "Ana Sousa", "Ana Souza", "--by", "Mia" }, 0,
		  "merged trainee Ana Sousa into Ana Souza: 0 sessions moved\n", "" },
		{ { "trainee", "merge", "Ana Sousa", "Bo Li" }, 2, "",
		  "smpsim trainee: 'Ana Sousa' was merged into 'Ana Souza'\n" },
		{ { "trainee", "expert", "Bo Li" }, 0, NULL, "" },
		{ { "trainee", "list" }, 0,
		  "id  sessions  added       name            groups\n"
		  " 2         0  2025-03-01  Ana Souza       Intake 1\n"
		  " 3         0  2025-03-01  Bo Li (expert)  Intake 1\n"
		  "merged: Ana Sousa into Ana Souza\n", "" },
		{ { "trainee", "ungroup", "Intake 1", "Bo Li" }, 0,
		  "took Bo Li out of group Intake 1\n", "" },
		{ { "trainee", "list", "--group", "Intake 1", "--json" }, 0,
		  "{\n  \"trainees\": [\n"
		  "    {\"id\": 2, \"name\": \"Ana Souza\", \"added\": \"2025-03-01T08:00:00.000Z\", "
		  "\"sessions\": 0, \"expert\": false, \"groups\": [\"Intake 1\"]}\n  ]\n}\n", "" },
		{ { "trainee", "ungroup", "Intake 1", "Ana Souza" }, 0,
		  "took Ana Souza out of group Intake 1\n", "" },
		{ { "trainee", "list", "--group", "Intake 1" }, 0,
		  "no trainees in the group: add some with 'smpsim trainee group GROUP "
		  "NAME...'\n", "" },
		{ { "trainee", "list", "--by", "Mia" }, 2, NULL,
		  "smpsim trainee: --by is for rename and merge, --group and --json for list\n" },
		{ { "review", "--trainee", "Ana Sousa" }, 2, "",
		  "smpsim review: 'Ana Sousa' was merged into 'Ana Souza': use that name\n" },
		/* the other commands that take a trainee: the same, exit 2 as
		 * their help says (some said it with exit 1, as a failure) */
		{ { "progress", "--trainee", "Ana Sousa" }, 2, "",
		  "smpsim progress: 'Ana Sousa' was merged into 'Ana Souza': use that name\n" },
		{ { "trainee", "open", "Ana Sousa", "even-spacing", "--by", "Mia", "--why", "x" },
		  2, "",
		  "smpsim trainee: 'Ana Sousa' was merged into 'Ana Souza': use that name\n" },
		{ { "trainee", "expert", "Ana Sousa" }, 2, "",
		  "smpsim trainee: 'Ana Sousa' was merged into 'Ana Souza': use that name\n" },
		{ { "rescore", "--trainee", "Ana Sousa" }, 2, "",
		  "smpsim rescore: 'Ana Sousa' was merged into 'Ana Souza': use that name\n" },
	};
	char path[PATH_MAX];

	(void)state;
	db_path("cli", path, sizeof(path));
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		const char *args[14];
		struct child_result res;
		size_t n = 0;

		for (; steps[i].args[n]; n++)
			args[n] = steps[i].args[n];
		args[n++] = "--db";
		args[n++] = path;
		args[n] = NULL;
		smpsim(args, &res);
		print_message("step %zu: %s %s\n", i, steps[i].args[0], steps[i].args[1]);
		if (steps[i].out) {
			child_expect(&res, steps[i].status, steps[i].out, steps[i].err);
		} else {
			assert_int_equal(res.status, steps[i].status);
			assert_memory_equal(res.err, steps[i].err, strlen(steps[i].err));
		}
		child_result_free(&res);
		if (i == 2)       /* pin the dates the list shows */
			raw_sql(path, "UPDATE trainees SET created = '2025-03-01T08:00:00.000Z'");
	}
	assert_int_equal(db_query_int(path, "SELECT count(*) FROM trainee_changes WHERE by = "
				      "'Mia'"), 2);
	/* Practice by the merged name is refused before anything is stored. */
	{
		struct child_result res;
		char recording[PATH_MAX];
		const char *args[] = { "practice", "--trainee", "Ana Sousa", "--lesson",
				       "soft-hairline", "--db", path, "--audio", "none", "--replay",
				       recording, NULL };

		snprintf(recording, sizeof(recording), "%s/recordings/hairline-careful.evemu",
			 SMPSIM_DATA_DIR);
		smpsim(args, &res);
		assert_int_equal(res.status, 2);
		assert_non_null(strstr(res.err, "smpsim practice: 'Ana Sousa' was merged into "
				       "'Ana Souza': use that name\n"));
		child_result_free(&res);
		assert_int_equal(db_query_int(path, "SELECT count(*) FROM sessions"), 0);
	}
	/* So is a certificate for them, its page not written. */
	{
		struct child_result res;
		char page[PATH_MAX];
		const char *args[] = { "certificate", "--trainee", "Ana Sousa", "-o", page,
				       "--db", path, NULL };

		snprintf(page, sizeof(page), "%s/merged-certificate.html", tmp_files_dir());
		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim certificate: 'Ana Sousa' was merged into "
			     "'Ana Souza': use that name\n");
		child_result_free(&res);
		assert_int_equal(access(page, F_OK), -1);
		assert_int_equal(db_query_int(path, "SELECT count(*) FROM certificates"), 0);
	}
}

/* ---- the page ---- */

#define CLASS_TRAINEES 30
#define CLASS_LESSONS 8

/* Trainee t in lesson l: proficient in the first lessons, in progress in
 * the next, open in the next, locked after; trainee 0 proficient in all,
 * the last trainee's every lesson locked. */
static enum prof_state state_of(size_t t, size_t l)
{
	size_t done = CLASS_LESSONS - t * CLASS_LESSONS / (CLASS_TRAINEES - 1);

	if (t == CLASS_TRAINEES - 1)
		return PROF_LOCKED;
	if (l < done)
		return PROF_PROFICIENT;
	return l == done ? PROF_IN_PROGRESS : l == done + 1 ? PROF_OPEN : PROF_LOCKED;
}

static char *render_class(struct report_class *c, struct report_class_trainee *tr,
			  char names[][64], struct report_class_cell *cells)
{
	static const struct report_class_lesson lessons[CLASS_LESSONS] = {
		{ "depth-taps", "Depth control with single taps" },
		{ "even-spacing", "Even spacing in a square" },
		{ "soft-hairline", "A soft natural hairline" },
		{ "temple-points", "Temple points and recession" },
		{ "densification", "Densification among existing hair" },
		{ "crown-vertex", "Crown and vertex" },
		{ "scar-camouflage", "Camouflage of a flat linear scar" },
		{ "frontal-layout", "Full frontal and mid-scalp layout" },
	};
	char *html = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&html, &size);

	for (size_t t = 0; t < CLASS_TRAINEES; t++) {
		snprintf(names[t], 64, "Trainee %02zu <%s>", t + 1, t % 2 ? "&" : "Zo\xc3\xab");
		tr[t] = (struct report_class_trainee){ .name = names[t] };
		for (size_t l = 0; l < CLASS_LESSONS; l++) {
			struct report_class_cell *cell = &cells[t * CLASS_LESSONS + l];

			cell->state = state_of(t, l);
			tr[t].proficient += cell->state == PROF_PROFICIENT;
			cell->best = cell->state >= PROF_IN_PROGRESS ? 70 + (double)(t % 30) : NAN;
			cell->last = cell->state >= PROF_IN_PROGRESS ? 68.25 : NAN;
			cell->counted = cell->state >= PROF_IN_PROGRESS ? 3 : 0;
			cell->sessions = cell->counted + (l % 2);
			cell->trend = cell->counted ? (enum report_trend)(1 + (t + l) % 3) :
				      REPORT_TREND_NONE;
			cell->slope = cell->counted ? 2.5 : NAN;
		}
	}
	*c = (struct report_class){
		.group = "Intake 2026", .record = "/srv/smpsim/academy.db",
		.generated = 1767225600, .trainees = tr, .trainee_count = CLASS_TRAINEES,
		.lessons = lessons, .lesson_count = CLASS_LESSONS, .cells = cells,
	};
	assert_non_null(f);
	assert_int_equal(report_html_class(f, c), 0);
	assert_int_equal(fclose(f), 0);
	return html;
}


static void test_class_page(void **state)
{
	static struct report_class_cell cells[CLASS_TRAINEES * CLASS_LESSONS];
	struct report_class_trainee tr[CLASS_TRAINEES];
	char names[CLASS_TRAINEES][64];
	struct report_class c;
	char *html = render_class(&c, tr, names, cells);
	size_t states[4] = { 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++)
		states[cells[i].state]++;
	assert_int_equal(count_of(html, "<td class=\"cell "), CLASS_TRAINEES * CLASS_LESSONS);
	assert_int_equal(count_of(html, "<td class=\"cell proficient\""), states[PROF_PROFICIENT]);
	assert_int_equal(count_of(html, "<td class=\"cell locked\""), states[PROF_LOCKED]);
	assert_int_equal(count_of(html, "<span class=\"state\">in progress</span>"),
			 states[PROF_IN_PROGRESS]);
	assert_int_equal(count_of(html, "<tr data-order="), CLASS_TRAINEES);
	/* Names escaped, nothing from the network. */
	assert_non_null(strstr(html, "<bdi>Trainee 02 &lt;&amp;&gt;</bdi>"));
	assert_non_null(strstr(html, "<bdi>Trainee 01 &lt;Zo\xc3\xab&gt;</bdi>"));
	assert_null(strstr(html, "http:"));
	assert_null(strstr(html, "https:"));
	assert_non_null(strstr(html, "<title>Class overview: \u2068Intake 2026\u2069</title>"));
	assert_non_null(strstr(html, "From the record <code>/srv/smpsim/academy.db</code>"));
	/* The first trainee's first cell, as the legend explains it. */
	assert_non_null(strstr(html, "<td class=\"cell proficient\" data-sort=\"3070.0\">"
			       "<span class=\"state\">proficient</span><span class=\"scores\">"
			       "70.0 / 68.2</span><span class=\"sessions\">3/3 <span class=\""
			       "trend down\" title=\"down: +2.5 points a session\">\u2193</span>"
			       "</span></td>"));
	free(html);
}

/* The trend: the slope of the last three counted scores. */
static void test_trend(void **state)
{
	static const struct {
		double scores[5];
		size_t count;
		enum report_trend trend;
		double slope;
		const char *shown;      /* as review --class and the page print it */
	} cases[] = {
		{ { 0 }, 0, REPORT_TREND_NONE, NAN, NULL },
		{ { 50 }, 1, REPORT_TREND_NONE, NAN, NULL },
		{ { 50, 52 }, 2, REPORT_TREND_UP, 2, "+2.0" },
		{ { 50, 51.5 }, 2, REPORT_TREND_FLAT, 1.5, "+1.5" },
		{ { 60, 72, 80 }, 3, REPORT_TREND_UP, 10, "+10.0" },
		{ { 10, 90, 60, 72, 80 }, 5, REPORT_TREND_UP, 10, "+10.0" },
		{ { 74.5, 73.25 }, 2, REPORT_TREND_FLAT, -1.25, "-1.2" },
		{ { 80, 70, 76 }, 3, REPORT_TREND_DOWN, -2, "-2.0" },
		{ { 80, 90, 76.5 }, 3, REPORT_TREND_FLAT, -1.75, "-1.8" },
		/* A slope that rounds to nothing is not "-0.0". */
		{ { 74.5, 74.47 }, 2, REPORT_TREND_FLAT, -0.03, "+0.0" },
		{ { 74.5, 74.25 }, 2, REPORT_TREND_FLAT, -0.25, "-0.2" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		double slope;
		enum report_trend t = report_class_trend(cases[i].scores, cases[i].count, &slope);

		assert_int_equal(t, cases[i].trend);
		if (isnan(cases[i].slope)) {
			assert_true(isnan(slope));
		} else {
			char text[32];

			assert_true(fabs(slope - cases[i].slope) < 1e-12);
			snprintf(text, sizeof(text), "%+.1f", report_trend_shown(slope));
			assert_string_equal(text, cases[i].shown);
		}
	}
}

/* ---- chromium ---- */

static const struct rgb state_colour[] = {
	[PROF_LOCKED] = { 0xf2, 0xf2, 0xf2 }, [PROF_OPEN] = { 0xc6, 0xdb, 0xef },
	[PROF_IN_PROGRESS] = { 0x6b, 0xae, 0xd6 }, [PROF_PROFICIENT] = { 0x08, 0x51, 0x9c },
};

static const struct rgb grid = { 0xc9, 0xc5, 0xbd };

/* How far the grid line through (@p x, @p y) runs by (@p dx, @p dy). */
static long grid_run(const struct image *im, long x, long y, int dx, int dy)
{
	long n = 0;

	while (x >= 0 && y >= 0 && x < (long)im->w && y < (long)im->h &&
	       near(pixel(im, x, y), grid, 6)) {
		n++;
		x += dx;
		y += dy;
	}
	return n;
}

/* The grid lines crossed going from (@p x, @p y) by (@p dx, @p dy) for
 * @p len pixels, into @p at (their first pixel's x or y). */
static size_t grid_lines(const struct image *im, long x, long y, int dx, int dy, long len,
			 long *at, size_t max)
{
	bool on = false;
	size_t n = 0;

	for (; len-- > 0; x += dx, y += dy) {
		bool is = near(pixel(im, x, y), grid, 6);

		if (is && !on && n < max)
			at[n++] = dx ? x : y;
		on = is;
	}
	return n;
}

static void test_chromium_class(void **state)
{
	static struct report_class_cell cells[CLASS_TRAINEES * CLASS_LESSONS];
	struct report_class_trainee tr[CLASS_TRAINEES];
	char names[CLASS_TRAINEES][64], html_path[PATH_MAX], png_path[PATH_MAX];
	const struct rgb page = { 0xfb, 0xfa, 0xf7 }, white = { 0xff, 0xff, 0xff };
	const char *keep = getenv("SMPSIM_CLASS_SCREENSHOT");
	long rows[64], cols[64], left = -1, top = -1, width, height;
	size_t nrows, ncols;
	struct report_class c;
	char *html = render_class(&c, tr, names, cells);
	struct image im;
	FILE *f;

	(void)state;
	snprintf(html_path, sizeof(html_path), "%s/class.html", tmp_files_dir());
	snprintf(png_path, sizeof(png_path), "%s", keep && *keep ? keep : "");
	if (!*png_path)
		snprintf(png_path, sizeof(png_path), "%s/class.png", tmp_files_dir());
	f = fopen(html_path, "w");
	assert_non_null(f);
	assert_true(fputs(html, f) >= 0);
	assert_int_equal(fclose(f), 0);
	free(html);
	screenshot(html_path, png_path, 2400);
	read_png(png_path, &im);
	assert_int_equal(im.w, 1100);
	assert_int_equal(im.h, 2400);
	assert_true(near(pixel(&im, 2, 2), page, 1));

	/* The table's top left corner: the first grid pixel of the first
	 * row that holds a grid line most of the page wide. */
	for (long y = 0; y < (long)im.h && top < 0; y++) {
		long run = 0;

		for (long x = 0; x < (long)im.w; x++) {
			run = near(pixel(&im, x, y), grid, 6) ? run + 1 : 0;
			if (run > (long)im.w * 9 / 10) {
				top = y;
				left = x - run + 1;
				break;
			}
		}
	}
	print_message("table at (%ld, %ld)\n", left, top);
	assert_true(top > 0 && left >= 8 && left <= 24);
	/* Row lines down the name column's padding, column lines along the
	 * header's: a header, 30 rows; a name, a count and 8 lessons. */
	height = grid_run(&im, left, top, 0, 1);
	width = grid_run(&im, left, top, 1, 0);
	print_message("table %ld x %ld px\n", width, height);
	nrows = grid_lines(&im, left + 2, top, 0, 1, height, rows, ARRAY_SIZE(rows));
	ncols = grid_lines(&im, left, top + 2, 1, 0, width, cols, ARRAY_SIZE(cols));
	print_message("%zu row lines (last at %ld), %zu column lines (last at %ld)\n", nrows,
		      rows[nrows - 1], ncols, cols[ncols - 1]);
	assert_int_equal(nrows, CLASS_TRAINEES + 2);
	assert_int_equal(ncols, CLASS_LESSONS + 3);
	/* The whole table on the page: its right edge inside the window,
	 * its bottom above the screenshot's, page background below it. */
	assert_true(cols[ncols - 1] < (long)im.w - 8);
	assert_true(rows[nrows - 1] < (long)im.h - 40);
	assert_true(near(pixel(&im, (long)im.w / 2, (long)im.h - 5), page, 1));
	/* Rows tall enough for three lines of 12 px text, lesson columns
	 * wide enough for "in progress" and "100.0 / 100.0". */
	for (size_t r = 1; r + 1 < nrows; r++)
		assert_true(rows[r + 1] - rows[r] >= 3 * 14);
	for (size_t k = 2; k + 1 < ncols; k++)
		assert_true(cols[k + 1] - cols[k] >= 90);
	/* Each cell's colour at its padding (top left, clear of its text),
	 * the status it shows; the names' cells white. */
	for (size_t t = 0; t < CLASS_TRAINEES; t++) {
		long y = rows[t + 1] + 2;

		assert_true(near(pixel(&im, cols[0] + 2, y), white, 1));
		for (size_t l = 0; l < CLASS_LESSONS; l++) {
			struct rgb want = state_colour[state_of(t, l)];
			struct rgb got = pixel(&im, cols[l + 2] + 2, y);

			if (!near(got, want, 2))
				fail_msg("trainee %zu lesson %zu (%s): #%02x%02x%02x at (%ld, %ld), "
					 "not #%02x%02x%02x", t, l,
					 report_class_state_class(state_of(t, l)), got.r, got.g,
					 got.b, cols[l + 2] + 2, y, want.r, want.g, want.b);
		}
	}
	/* A proficient cell's label is white text on its blue: some white
	 * pixels inside trainee 0's first cell; a locked cell's text grey. */
	{
		size_t light = 0, dark = 0;

		for (long y = rows[1] + 1; y < rows[2]; y++)
			for (long x = cols[2] + 1; x < cols[3]; x++)
				light += pixel(&im, x, y).r > 0xc0;
		for (long y = rows[CLASS_TRAINEES] + 1; y < rows[CLASS_TRAINEES + 1]; y++)
			for (long x = cols[2] + 1; x < cols[3]; x++)
				dark += pixel(&im, x, y).r < 0x90;
		print_message("%zu light pixels in a proficient cell, %zu dark in a locked one\n",
			      light, dark);
		assert_true(light > 60);
		assert_true(dark > 60);
	}
	free(im.px);
	if (!keep || !*keep)
		unlink(png_path);
	unlink(html_path);
}

/* On a phone's 400 px the lessons' ids in the headings break at their
 * hyphens only: "2. even-" over "spacing", never "even-spacin" over "g"
 * (the table scrolls sideways in its box instead). The headings' lines
 * as Chromium lays them out, exactly. */
static void test_chromium_class_narrow(void **state)
{
	static struct report_class_cell cells[CLASS_TRAINEES * CLASS_LESSONS];
	static const char *const want[] = {      /* '|' where a line breaks */
		"Trainee", "Proficient", "1. depth-|taps", "2. even-|spacing", "3. soft-|hairline",
		"4. temple-|points", "5. |densification", "6. crown-|vertex",
		"7. scar-|camouflage", "8. frontal-|layout",
	};
	struct report_class_trainee tr[CLASS_TRAINEES];
	char names[CLASS_TRAINEES][64], path[PATH_MAX], *got, *line, *next;
	struct report_class c;
	char *html = render_class(&c, tr, names, cells);
	size_t n = 0;

	(void)state;
	tmp_files_write("class-narrow", "html", html, strlen(html), path, sizeof(path));
	free(html);
	got = layout_lines(path, 400, 900, "table.class thead th");
	print_message("%s\n", got);
	for (line = got; line && *line; line = next, n++) {
		const char *text = strchr(line, '|');

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		assert_non_null(text);
		assert_true(n < ARRAY_SIZE(want));
		if (strcmp(text + 1, want[n]))
			fail_msg("heading %zu laid out as \"%s\", not \"%s\"", n, text + 1, want[n]);
	}
	assert_int_equal(n, ARRAY_SIZE(want));
	unlink(path);
	free(got);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_class_page),
		cmocka_unit_test(test_review_class),
		cmocka_unit_test(test_trainee_cli),
	};
	const struct CMUnitTest chromium[] = {
		cmocka_unit_test(test_chromium_class),
		cmocka_unit_test(test_chromium_class_narrow),
	};

	if (argc > 1 && !strcmp(argv[1], "chromium"))
		return cmocka_run_group_tests_name("chromium", chromium, setup, tmp_files_teardown);
	return cmocka_run_group_tests_name("class", tests, setup, tmp_files_teardown);
}
