/* proficiency: judges a trainee's sessions of one lesson against the
 * lesson's rule (proficiency.h says the rule). One pass over the sessions,
 * oldest first, keeping the run of passes and the passes so far; the
 * first session at which the rule holds is where proficiency came, and
 * the passes up to it (the last L) are what it rests on.
 */
#include "proficiency.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int prof_rule_check(const struct prof_rule *r, char *why, size_t why_size)
{
	const char *bad = NULL;

	if (r->consecutive < 1)
		bad = "consecutive must be at least 1";
	else if (r->total < r->consecutive)
		bad = "total must be at least consecutive";
	else if (r->total > PROF_REST_MAX)
		bad = "total is at most 64";
	else if (r->exam_last > r->consecutive)
		bad = "exam-last must be at most consecutive";
	else if (r->signoff_min > 5)
		bad = "a sign-off rating is 1 to 5";
	if (!bad)
		return 0;
	if (why && why_size)
		snprintf(why, why_size, "%s", bad);
	return -EINVAL;
}

/* Whether the run ending at sessions[at] meets the rule's exam part: the
 * last E passes of the run were in exam mode. */
static bool exam_met(const struct prof_rule *r, const struct prof_session *s,
		     const size_t *run_idx, size_t run)
{
	for (size_t k = 0; k < r->exam_last && k < run; k++)
		if (!s[run_idx[run - 1 - k]].exam)
			return false;
	return run >= r->exam_last;
}

/* How many of @p n passes the rings keep. */
static size_t kept(size_t n)
{
	return n < PROF_REST_MAX ? n : PROF_REST_MAX;
}

/* Exam passes at the end of the run. */
static size_t exam_tail(const struct prof_session *s, const size_t *run_idx, size_t run)
{
	size_t n = 0;

	while (n < run && s[run_idx[run - 1 - n]].exam)
		n++;
	return n;
}

int prof_judge(const struct prof_rule *r, bool open, const struct prof_session *s,
	       size_t count, struct prof_status *out)
{
	/* The passes so far (indexes), the last PROF_REST_MAX of them, and
	 * the run's, as a ring would: only the last L and K matter. */
	size_t pass_idx[PROF_REST_MAX], run_idx[PROF_REST_MAX];
	size_t run = 0, passes = 0;
	unsigned int best_signoff = 0;

	memset(out, 0, sizeof(*out));
	if (prof_rule_check(r, NULL, 0) < 0)
		return -EINVAL;
	if (!open) {
		out->state = PROF_LOCKED;
		goto left;
	}
	for (size_t i = 0; i < count; i++) {
		const struct prof_session *x = &s[i];

		if (x->kind != PROF_COUNTS && x->kind != PROF_INTERRUPTED)
			continue;
		if (x->kind == PROF_COUNTS)
			out->counted++;
		if (x->kind != PROF_COUNTS || !x->passed) {
			run = 0;
			continue;
		}
		/* run counts the whole run; run_idx keeps its last
		 * PROF_REST_MAX (it once stopped counting there). */
		if (run >= PROF_REST_MAX)
			memmove(run_idx, run_idx + 1, (PROF_REST_MAX - 1) * sizeof(run_idx[0]));
		run_idx[run < PROF_REST_MAX ? run : PROF_REST_MAX - 1] = i;
		run++;
		if (passes >= PROF_REST_MAX)
			memmove(pass_idx, pass_idx + 1, (PROF_REST_MAX - 1) * sizeof(pass_idx[0]));
		pass_idx[passes < PROF_REST_MAX ? passes : PROF_REST_MAX - 1] = i;
		passes++;
		/* The sign-off must be on one of the sessions it would rest on:
		 * the last L passes. */
		best_signoff = 0;
		for (size_t k = 0; k < r->total && k < passes && k < PROF_REST_MAX; k++) {
			size_t j = pass_idx[(passes < PROF_REST_MAX ? passes : PROF_REST_MAX) - 1 - k];

			if (s[j].signoff_min > best_signoff)
				best_signoff = s[j].signoff_min;
		}
		if (run >= r->consecutive && passes >= r->total &&
		    exam_met(r, s, run_idx, kept(run)) &&
		    (r->signoff_min == 0 || best_signoff >= r->signoff_min)) {
			size_t have = passes < PROF_REST_MAX ? passes : PROF_REST_MAX;
			size_t n = r->total;

			out->state = PROF_PROFICIENT;
			out->proficient_at = x->id;
			out->rests_count = n;
			for (size_t k = 0; k < n; k++)
				out->rests_on[k] = s[pass_idx[have - n + k]].id;
			out->passes = passes;
			out->run = run;
			/* Proficiency stays: later sessions are counted, not judged. */
			for (size_t j = i + 1; j < count; j++)
				if (s[j].kind == PROF_COUNTS) {
					out->counted++;
					out->passes += s[j].passed;
				}
			return 0;
		}
	}
	out->passes = passes;
	out->run = run;
	out->state = out->counted ? PROF_IN_PROGRESS : PROF_OPEN;
left:
	/* What is left, as the fewest passes from here on (all of them in a
	 * row) that would make it: at least the run's missing passes, the
	 * missing passes in all, and enough for the last E to be exam passes
	 * (the run's exam tail covers the first of them). Of those, the last
	 * min(E, passes) must be in exam mode. */
	{
		size_t tail = exam_tail(s, run_idx, kept(run));
		size_t row = run >= r->consecutive ? 0 : r->consecutive - run;
		size_t all = passes >= r->total ? 0 : r->total - passes;

		if (tail < r->exam_last && r->exam_last - tail > row)
			row = r->exam_last - tail;
		if (all < row)
			all = row;
		out->left_in_row = row;
		out->left_total = all;
		out->left_exam = all < r->exam_last ? all : r->exam_last;
	}
	out->needs_signoff = r->signoff_min > 0 && best_signoff < r->signoff_min;
	/* Only the sign-off left: the passes are there, and any of the last
	 * L (the window the judgement above reads) can carry it. */
	if (out->needs_signoff && out->left_total == 0) {
		size_t have = passes < PROF_REST_MAX ? passes : PROF_REST_MAX;

		out->signoff_on_count = r->total;
		for (size_t k = 0; k < r->total; k++)
			out->signoff_on[k] = s[pass_idx[have - r->total + k]].id;
	}
	return 0;
}

const char *prof_state_name(enum prof_state state)
{
	switch (state) {
	case PROF_LOCKED:
		return "locked";
	case PROF_OPEN:
		return "open";
	case PROF_IN_PROGRESS:
		return "in progress";
	case PROF_PROFICIENT:
		return "proficient";
	}
	return "?";
}

const char *prof_kind_text(enum prof_kind kind)
{
	switch (kind) {
	case PROF_COUNTS:
		return "counts";
	case PROF_INTERRUPTED:
		return "interrupted: breaks the run, never a pass";
	case PROF_REPLAYED:
		return "replayed from a recording: does not count";
	case PROF_ORIGIN_UNKNOWN:
		return "stored before the record kept where the pen came from: does not count";
	case PROF_BEFORE_OPENING:
		return "practised before the lesson opened: does not count";
	case PROF_NOT_SCORED:
		return "not scored: does not count";
	}
	return "?";
}
