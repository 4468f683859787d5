/* test-feedback: which sound each simulator event calls for, as a table
 * of events in and commands out: each fault its cue, "crowded" once per
 * deposit whether it came too close or merged, no cue for drag lines and
 * oblique needles, the depth tone as a fraction of the overdeep threshold
 * of the deposit's own region, off at the lift; the deep cue when a
 * deposit's depth crosses from the band into deep, once, and not when the
 * same sample went past overdeep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "feedback.h"

#define NONE (-1)

struct row {
	enum sim_event_kind kind;
	uint32_t deposit;
	size_t region;
	uint32_t fault;
	double depth_mm;
	int command;          /* enum audio_command_kind, or NONE */
	enum audio_cue cue;
	double depth;         /* expected fraction for AUDIO_TONE_DEPTH */
	enum deposit_depth_class cls; /* SIM_DEPTH_CROSSED: the class entered */
};

static const struct row rows[] = {
	{ SIM_CONTACT_BEGAN, 0, 0, 0, 0, NONE, 0, 0, 0 },
	{ SIM_FAULT, 0, 0, DEPOSIT_TOO_CLOSE, 0, AUDIO_PLAY_CUE, AUDIO_CUE_CROWDED, 0, 0 },
	{ SIM_NEEDLE_DEPTH, 0, 0, 0, 0.75, AUDIO_TONE_DEPTH, 0, 0.5, 0 },   /* of 1.5 */
	{ SIM_DEPTH_CROSSED, 0, 0, 0, 0.75, NONE, 0, 0, DEPOSIT_IN_BAND },
	/* Past the band (0.8 mm), short of overdeep (1.5): the deep cue. */
	{ SIM_DEPTH_CROSSED, 0, 0, 0, 0.85, AUDIO_PLAY_CUE, AUDIO_CUE_DEEP, 0, DEPOSIT_DEEP },
	{ SIM_DEPTH_CROSSED, 0, 0, 0, 0.9, NONE, 0, 0, DEPOSIT_DEEP },  /* once */
	{ SIM_FAULT, 0, 0, DEPOSIT_TAIL, 0, AUDIO_PLAY_CUE, AUDIO_CUE_TAIL, 0, 0 },
	{ SIM_FAULT, 0, 0, DEPOSIT_DRAG_LINE, 0, NONE, 0, 0, 0 },
	{ SIM_FAULT, 0, 0, DEPOSIT_OBLIQUE, 0, NONE, 0, 0, 0 },
	{ SIM_FAULT, 0, 0, DEPOSIT_MERGED, 0, NONE, 0, 0, 0 },   /* crowded sounded already */
	{ SIM_DEPOSIT_FINISHED, 0, 0, 0, 0, AUDIO_TONE_OFF, 0, 0, 0 },
	/* The next deposit, in the scar (overdeep 1.1 mm). */
	{ SIM_FAULT, 1, 1, DEPOSIT_MERGED, 0, AUDIO_PLAY_CUE, AUDIO_CUE_CROWDED, 0, 0 },
	{ SIM_NEEDLE_DEPTH, 1, 1, 0, 1.1, AUDIO_TONE_DEPTH, 0, 1.0, 0 },
	{ SIM_FAULT, 1, 1, DEPOSIT_OVERDEEP_FAULT, 0, AUDIO_PLAY_CUE, AUDIO_CUE_OVERDEEP, 0, 0 },
	{ SIM_FAULT, 2, 0, DEPOSIT_SHALLOW_FAULT, 0, AUDIO_PLAY_CUE, AUDIO_CUE_SHALLOW, 0, 0 },
	{ SIM_FAULT, 3, 0, DEPOSIT_GAP, 0, AUDIO_PLAY_CUE, AUDIO_CUE_GAP, 0, 0 },
	{ SIM_FAULT, 3, 0, DEPOSIT_OUTSIDE_ZONE, 0, AUDIO_PLAY_CUE, AUDIO_CUE_OUTSIDE, 0, 0 },
	/* One sample from the band past overdeep: deep and overdeep crossed
	 * together, and only overdeep's cue sounds. */
	{ SIM_DEPTH_CROSSED, 4, 0, 0, 1.6, NONE, 0, 0, DEPOSIT_IN_BAND },
	{ SIM_DEPTH_CROSSED, 4, 0, 0, 1.6, NONE, 0, 0, DEPOSIT_DEEP },
	{ SIM_DEPTH_CROSSED, 4, 0, 0, 1.6, NONE, 0, 0, DEPOSIT_OVERDEEP },
	{ SIM_FAULT, 4, 0, DEPOSIT_OVERDEEP_FAULT, 1.6, AUDIO_PLAY_CUE, AUDIO_CUE_OVERDEEP, 0, 0 },
	/* In the scar (band to 0.6, overdeep 1.1): deep from 0.6. */
	{ SIM_DEPTH_CROSSED, 5, 1, 0, 0.7, AUDIO_PLAY_CUE, AUDIO_CUE_DEEP, 0, DEPOSIT_DEEP },
};

static void test_event_table(void **state)
{
	struct scalp_model scalp;
	struct feedback fb;

	(void)state;
	memset(&scalp, 0, sizeof(scalp));
	scalp.region_count = 2;
	scalp.regions[0].band_max_mm = 0.8;
	scalp.regions[0].overdeep_mm = 1.5;
	scalp.regions[1].band_max_mm = 0.6;
	scalp.regions[1].overdeep_mm = 1.1;
	feedback_init(&fb, &scalp);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct sim_event ev = { .kind = r->kind, .time_us = 1000 * (int64_t)i,
					.deposit = r->deposit, .region = r->region,
					.fault = r->fault, .depth_mm = r->depth_mm,
					.depth_class = r->cls };
		struct audio_command cmd[FEEDBACK_MAX_COMMANDS];
		size_t n = feedback_commands(&fb, &ev, cmd);

		if (r->command == NONE) {
			if (n != 0)
				fail_msg("row %zu: a command where none was due", i);
			continue;
		}
		if (n != 1)
			fail_msg("row %zu: no command", i);
		assert_int_equal(cmd[0].kind, r->command);
		assert_int_equal(cmd[0].time_us, 1000 * (int64_t)i);
		if (r->command == AUDIO_PLAY_CUE)
			assert_int_equal(cmd[0].cue, r->cue);
		if (r->command == AUDIO_TONE_DEPTH)
			assert_float_equal(cmd[0].depth, r->depth, 1e-6);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
