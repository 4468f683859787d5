/* class_table: the class overview's table (issue 14), trainees by the
 * curriculum's lessons, read from the record: what `smpsim review --class`
 * prints as text, CSV or JSON and `smpsim report --class` draws
 * (report_class.h). Each trainee is judged in every lesson by the course
 * glue (course.h: the same judgement as `smpsim progress`), so a cell is
 * where they stand, the best and last score of the sessions that count,
 * how many counted of how many, and the trend of the last counted scores
 * (report_class_trend()).
 */
#ifndef SMPSIM_CLASS_TABLE_H
#define SMPSIM_CLASS_TABLE_H

#include <stddef.h>

#include "data_library.h"
#include "lesson.h"
#include "out_file.h"
#include "report_class.h"
#include "store.h"

/** The table, and what its report_class points into. */
struct class_table {
	struct report_class view;        /**< the table as the page takes it */
	char group[STORE_NAME_MAX];      /**< the group as stored; "" for everyone */
	char made[STORE_TIME_MAX];       /**< when it was read, ISO 8601 UTC */
	char curriculum_sha256[65];
	int64_t *trainee_ids;            /**< view.trainees' ids, in order */
	/* owned storage behind view */
	struct report_class_trainee *trainees;
	struct report_class_lesson *lessons;
	struct report_class_cell *cells;
	char (*names)[STORE_NAME_MAX];
	char (*lesson_ids)[LESSON_ID_MAX];
	char (*titles)[STORE_NAME_MAX];
};

/**
 * Reads the table of the trainees of @p group (NULL: every trainee not
 * merged into another), by name, in the lessons of the data folder's
 * curriculum (@p lib; NULL: cli_library()).
 * @return 0 and *out, to free with class_table_free(); -ENOENT for no
 * such group, -ENODATA for no curriculum, -EINVAL for a group name that
 * is not one or a malformed curriculum, or another negative errno (a
 * curriculum that cannot be read, the store's); @p err says which.
 */
int class_table_read(struct store *store, const char *group, struct data_library *lib,
		     struct class_table **out, char *err, size_t err_size);

/** Frees @p table. Accepts NULL. */
void class_table_free(struct class_table *table);

/** @return trainee @p t's cell in lesson @p l. */
const struct report_class_cell *class_table_cell(const struct class_table *table, size_t t,
						 size_t l);

/**
 * Writes the class page of @p group into @p file (opened by the caller,
 * who commits it: out_file.h).
 * @return 0, or a negative errno with @p err set, as class_table_read()
 * or the file said ("PATH: what").
 */
int class_table_report(struct store *store, const char *group, struct data_library *lib,
		       struct out_file *file, char *err, size_t err_size);

#endif
