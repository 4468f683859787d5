/* test-status-line: the status line `smpsim practice` redraws ten times
 * a second, seen through a pseudo-terminal of a given width (forkpty,
 * the width set with TIOCSWINSZ), on a paced replay of a synthetic
 * recording (tests/session_gen.c) with shallow taps, so that every field
 * (the clock, the deposits, the share in band, the last fault) has
 * something to say.
 *
 * Each redraw is "\r", the line, "\033[K". Every one is checked byte for
 * byte against the line its own numbers make, cut as the width requires:
 * at 80 columns all the fields, at 40 the clock and the deposits, at 20
 * the clock alone, at 10 the clock cut; never more than the width less
 * one column, so nothing wraps (it wrapped and scrolled a 40-column
 * terminal ten times a second).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "session_gen.h"
#include "store.h"
#include "tmp_files.h"

#define TAPS 24
#define TRAINEE "Ann"

static char recording[PATH_MAX];
static char db[PATH_MAX + 32];

static int setup(void **state)
{
	static struct session_gen_tap taps[TAPS];
	struct session_gen_hand hand;
	struct store *store;
	char err[STORE_ERROR_MAX];
	int64_t id;

	if (tmp_files_setup(state) < 0)
		return -1;
	/* A tap every 100 ms, 3 mm apart in depth-taps' square; every fourth
	 * one too light: shallow, a fault. */
	for (size_t i = 0; i < TAPS; i++)
		taps[i] = (struct session_gen_tap){
			.t_ms = 100 + 100 * (int)i,
			.x_mm = 72.5 + SESSION_GEN_SQUARE_PAD_DX_MM + 3.0 * (double)(i % 6),
			.y_mm = 47.5 + SESSION_GEN_SQUARE_PAD_DY_MM + 3.0 * (double)(i / 6),
			.pressure = i % 4 == 3 ? 0.085 : 0.2,
			.dwell_ms = 20,
			.cue = AUDIO_CUE_COUNT,
		};
	session_gen_hand_default(&hand);
	snprintf(recording, sizeof(recording), "%s/taps.evemu", tmp_files_dir());
	{
		const struct session_gen_session s = { "taps", taps, TAPS };

		if (session_gen_write_file(recording, &hand, &s) < 0)
			return -1;
	}
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0 ||
	    store_trainee_add(store, TRAINEE, &id) < 0)
		return -1;
	store_close(store);
	return 0;
}

/* Runs a paced practice replay on a pseudo-terminal @p columns wide.
 * @return its exit status; all it wrote in @p out. */
static int practice_on_pty(unsigned short columns, char *out, size_t size)
{
	const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
				     "--lesson", "depth-taps", "--db", db, "--audio", "none",
				     "--replay", recording, "--realtime", NULL };

	return child_run_pty(argv, columns, NULL, out, size);
}

/* The line for one redraw, from the numbers it shows, as the width
 * allows: whole fields, least important (last) left out first, the
 * first cut. */
static void expected_line(const char *shown, size_t columns, char *want, size_t size)
{
	char fields[4][96] = { "", "", "", "" }, fault[32] = "", at[16] = "", now[16] = "";
	unsigned int deposits = 0, pct = 0;
	size_t room = columns - 1, len = 0;
	const char *p;

	assert_int_equal(sscanf(shown, "  %15s / 8:00", now), 1);
	snprintf(fields[0], sizeof(fields[0]), "  %s / 8:00", now);
	if ((p = strstr(shown, "deposits ")) && sscanf(p, "deposits %u", &deposits) == 1)
		snprintf(fields[1], sizeof(fields[1]), "   deposits %u", deposits);
	if ((p = strstr(shown, "in band ")) && sscanf(p, "in band %u%%", &pct) == 1)
		snprintf(fields[2], sizeof(fields[2]), "   in band %u%%", pct);
	if ((p = strstr(shown, "last fault: ")) &&
	    sscanf(p, "last fault: %31s at %15s", fault, at) == 2)
		snprintf(fields[3], sizeof(fields[3]), "   last fault: %s at %s", fault, at);
	want[0] = '\0';
	for (size_t i = 0; i < 4; i++) {
		size_t n = strlen(fields[i]);

		if (len + n > room) {
			if (i == 0)
				snprintf(want, size, "%.*s", (int)room, fields[0]);
			break;
		}
		snprintf(want + len, size - len, "%s", fields[i]);
		len += n;
	}
}

static const struct {
	unsigned short columns;
	bool count, band, fault;   /* which fields the last redraw shows */
} widths[] = {
	{ 80, true, true, true },
	{ 40, true, false, false },
	{ 20, false, false, false },
	{ 10, false, false, false },
};

static void test_cut_to_width(void **state)
{
	static char out[1 << 20];

	(void)state;
	for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		size_t columns = widths[w].columns, redraws = 0;
		char last[256] = "";
		const char *at = out;

		assert_int_equal(practice_on_pty(widths[w].columns, out, sizeof(out)), 0);
		/* Each "\033[K" ends a redraw that opened at the "\r" before it. */
		while ((at = strstr(at, "\033[K"))) {
			const char *open = at;
			char shown[256], want[256];
			size_t n;

			while (open > out && open[-1] != '\r' && open[-1] != '\n')
				open--;
			assert_true(open > out && open[-1] == '\r');
			n = (size_t)(at - open);
			at += 3;
			if (n == 0)     /* the line cleared at the end */
				continue;
			assert_true(n < sizeof(shown));
			memcpy(shown, open, n);
			shown[n] = '\0';
			if (n > columns - 1)
				fail_msg("%zu columns: a redraw of %zu: '%s'", columns, n, shown);
			expected_line(shown, columns, want, sizeof(want));
			if (strcmp(shown, want) != 0)
				fail_msg("%zu columns: '%s', not '%s'", columns, shown, want);
			snprintf(last, sizeof(last), "%s", shown);
			redraws++;
		}
		assert_true(redraws >= 5);
		/* The last redraw, after every tap: what the width keeps. */
		if ((strstr(last, "   deposits 24") != NULL) != widths[w].count ||
		    (strstr(last, "   in band 75%") != NULL) != widths[w].band ||
		    (strstr(last, "   last fault: shallow at 0:02") != NULL) != widths[w].fault)
			fail_msg("%zu columns: the last redraw '%s'", columns, last);
		if (columns == 10)
			assert_string_equal(last, "  0:02 / ");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_to_width),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
