/* inspect_print: how `smpsim inspect` shows a replay, as text for people
 * or JSON for machines: the header, the stream of samples and simulator
 * events, the deposits and the summary.
 */
#ifndef SMPSIM_INSPECT_PRINT_H
#define SMPSIM_INSPECT_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "audio_output.h"
#include "deposit.h"
#include "pen_source.h"
#include "pen_stats.h"
#include "sim_session.h"

struct inspect_printer {
	bool json;
	size_t items;   /**< stream items printed so far */
};

/** Deposits counted by depth class and by fault. */
struct inspect_tally {
	unsigned long deposits, lines;
	unsigned long by_class[DEPOSIT_OVERDEEP + 1];
	unsigned long by_fault[DEPOSIT_FAULT_COUNT];
};

void inspect_tally_add(struct inspect_tally *tally, const struct deposit *d);

/** Text only: recording, device, pad size, pressure, tilt; scalp and needle. */
void inspect_print_header(struct inspect_printer *pr, const char *path,
			  const struct pen_source *src, const struct sim_session *sim);

void inspect_print_stream_start(struct inspect_printer *pr);
void inspect_print_sample(struct inspect_printer *pr, const struct pen_sample *s);
void inspect_print_event(struct inspect_printer *pr, const struct sim_event *e);
void inspect_print_stream_end(struct inspect_printer *pr);

/** Every finished deposit of @p sim. */
void inspect_print_deposits(struct inspect_printer *pr, const struct sim_session *sim);

/** Counts and ranges; @p tally is NULL without a simulator, @p audio
 * without sound. */
void inspect_print_summary(struct inspect_printer *pr, const char *path,
			   const struct pen_source *src, const struct pen_stats *st,
			   const struct inspect_tally *tally,
			   const struct audio_output *audio);

#endif
