/* score_print: how a scored session is shown, as text or JSON. */
#ifndef SMPSIM_SCORE_PRINT_H
#define SMPSIM_SCORE_PRINT_H

#include "lesson.h"
#include "score_metrics.h"
#include "score_rubric.h"

/** The score, pass or fail, never-events, breakdown and advice. */
void score_print_text(const struct lesson *lesson, const struct score_metrics *m,
		      const struct score_result *res);

/** The same as the members of a JSON object (no braces). */
void score_print_json(const struct lesson *lesson, const struct score_metrics *m,
		      const struct score_result *res);

#endif
