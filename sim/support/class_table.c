/* class_table: the class overview's table from the record (class_table.h).
 *
 * The trainees come from store_class_trainees() (a group's, or everyone
 * not merged), each judged in the curriculum by course_judge(), one
 * trainee at a time: a class is tens of trainees, and each judgement is a
 * few statements. The judgement is copied into plain cells and the course
 * freed at once, so the table holds nothing of the store.
 */
#include "class_table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "course.h"
#include "store_class.h"

void class_table_free(struct class_table *t)
{
	if (!t)
		return;
	free(t->trainee_ids);
	free(t->trainees);
	free(t->lessons);
	free(t->cells);
	free(t->names);
	free(t->lesson_ids);
	free(t->titles);
	free(t);
}

const struct report_class_cell *class_table_cell(const struct class_table *t, size_t trainee,
						 size_t lesson)
{
	return &t->cells[trainee * t->view.lesson_count + lesson];
}

/* Trainee @p t's cells from their course @p c. */
static int fill_row(struct class_table *t, size_t row, const struct course *c)
{
	size_t lessons = t->view.lesson_count;
	double *scores;

	t->trainees[row].proficient = c->proficient;
	for (size_t l = 0; l < lessons && l < c->count; l++) {
		const struct course_lesson *cl = &c->lessons[l];
		struct report_class_cell *cell = &t->cells[row * lessons + l];
		size_t n = 0;

		if (!(scores = calloc(cl->session_count + 1, sizeof(*scores))))
			return -ENOMEM;
		for (size_t s = 0; s < cl->session_count; s++)
			if (cl->sessions[s].kind == PROF_COUNTS)
				scores[n++] = cl->sessions[s].score;
		*cell = (struct report_class_cell){
			.state = cl->status.state,
			.best = cl->best, .last = cl->last,
			.counted = cl->status.counted, .sessions = cl->session_count,
			.signoff_needed = cl->status.signoff_on_count > 0,
		};
		cell->trend = report_class_trend(scores, n, &cell->slope);
		free(scores);
	}
	return 0;
}

static int alloc_table(struct class_table *t, size_t trainees, size_t lessons)
{
	size_t cells = trainees * lessons;

	t->trainee_ids = calloc(trainees + 1, sizeof(*t->trainee_ids));
	t->trainees = calloc(trainees + 1, sizeof(*t->trainees));
	t->names = calloc(trainees + 1, sizeof(*t->names));
	t->lessons = calloc(lessons + 1, sizeof(*t->lessons));
	t->lesson_ids = calloc(lessons + 1, sizeof(*t->lesson_ids));
	t->titles = calloc(lessons + 1, sizeof(*t->titles));
	t->cells = calloc(cells + 1, sizeof(*t->cells));
	if (!t->trainee_ids || !t->trainees || !t->names || !t->lessons || !t->lesson_ids ||
	    !t->titles || !t->cells)
		return -ENOMEM;
	t->view.trainees = t->trainees;
	t->view.trainee_count = trainees;
	t->view.lessons = t->lessons;
	t->view.lesson_count = lessons;
	t->view.cells = t->cells;
	return 0;
}

static void set_lessons(struct class_table *t, const struct curriculum *cur,
			const struct course *c)
{
	for (size_t l = 0; l < cur->count; l++) {
		snprintf(t->lesson_ids[l], sizeof(t->lesson_ids[l]), "%s", cur->ids[l]);
		snprintf(t->titles[l], sizeof(t->titles[l]), "%s",
			 c && l < c->count ? c->lessons[l].title : cur->ids[l]);
		t->lessons[l] = (struct report_class_lesson){
			.id = t->lesson_ids[l], .title = t->titles[l],
		};
	}
}

int class_table_read(struct store *store, const char *group, struct data_library *lib,
		     struct class_table **out, char *err, size_t err_size)
{
	struct class_table *t = calloc(1, sizeof(*t));
	struct curriculum *cur = calloc(1, sizeof(*cur));
	struct store_class_trainee *list = NULL;
	struct course *c = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (!t || !cur) {
		rc = -ENOMEM;
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	if (!lib)
		lib = cli_library();
	{
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(t->made, sizeof(t->made), "%Y-%m-%dT%H:%M:%SZ", &tm);
		t->view.generated = (int64_t)now;
	}
	if ((rc = course_curriculum_load(lib, cur, err, err_size)) < 0) {
		rc = rc == -ENOENT ? -ENODATA : rc;   /* -ENOENT is the group's */
		goto out;
	}
	snprintf(t->curriculum_sha256, sizeof(t->curriculum_sha256), "%s", cur->sha256);
	if ((rc = store_class_trainees(store, group, false, &list, &n)) < 0) {
		snprintf(err, err_size, "%s", store_error(store));
		goto out;
	}
	if (group && store_trainee_name(group, t->group, NULL, 0) == 0)
		t->view.group = t->group;
	t->view.record = store_path(store);
	if ((rc = alloc_table(t, n, cur->count)) < 0) {
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if ((rc = course_judge(store, cur, lib, list[i].name, &c, err, err_size)) < 0)
			goto out;
		t->trainee_ids[i] = list[i].id;
		snprintf(t->names[i], sizeof(t->names[i]), "%s", list[i].name);
		t->trainees[i].name = t->names[i];
		t->trainees[i].expert = list[i].expert;
		if (i == 0)
			set_lessons(t, cur, c);
		rc = fill_row(t, i, c);
		course_free(c);
		c = NULL;
		if (rc < 0) {
			snprintf(err, err_size, "out of memory");
			goto out;
		}
	}
	if (n == 0)
		set_lessons(t, cur, NULL);
	*out = t;
	t = NULL;
out:
	store_class_trainees_free(list, n);
	class_table_free(t);
	free(cur);
	return rc;
}

int class_table_report(struct store *store, const char *group, struct data_library *lib,
		       struct out_file *file, char *err, size_t err_size)
{
	struct class_table *t;
	int rc = class_table_read(store, group, lib, &t, err, err_size);

	if (rc < 0)
		return rc;
	rc = report_html_class(out_file_stream(file), &t->view);
	if (rc < 0)
		snprintf(err, err_size, "%s: %s", out_file_path(file), strerror(-rc));
	class_table_free(t);
	return rc;
}
