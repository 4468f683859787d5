/* report_store: the HTML reports (report_html.h) of what the trainee
 * record holds: a stored session, or a trainee's progress. What `smpsim
 * report` runs, and what `smpsim demo` or `smpsim practice` can call to
 * write a session's report from the record.
 *
 * A session is drawn on the exact lesson file it was run on (the record
 * keeps it), with the scalp model and needle of the data folder; the score
 * and measures are the stored ones. A session with no stored score (one a
 * crash interrupted) is measured and scored from its stored deposits for
 * the page, which says so; the record is not changed.
 */
#ifndef SMPSIM_REPORT_STORE_H
#define SMPSIM_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "data_library.h"
#include "out_file.h"
#include "store.h"

/**
 * Writes the report of stored session @p session into @p file (opened by
 * the caller, who commits it: out_file.h), lessons and models from @p lib
 * (NULL: cli_library()).
 * @return 0, or a negative errno with @p err set: -ENOENT for no such
 * session, -EINVAL for a lesson that cannot be loaded, or what the store
 * or the file said ("PATH: what" for the file).
 */
int report_store_session(struct store *store, int64_t session, struct data_library *lib,
			 struct out_file *file, char *err, size_t err_size);

/**
 * Writes the progress report of trainee @p name into @p file: every
 * lesson they practised, in the curriculum's order, with the scores of
 * every attempt over time; lessons from @p lib (NULL: cli_library()).
 * @return 0, or a negative errno with @p err set: -ENOENT for no such
 * trainee, or what the store or the file said.
 */
int report_store_trainee(struct store *store, const char *name, struct data_library *lib,
			 struct out_file *file, char *err, size_t err_size);

#endif
