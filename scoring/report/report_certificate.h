/* report_certificate: a certificate of proficiency as one self-contained
 * HTML page (issue 14): the trainee, the academy, each lesson with the
 * date it became proficient, the sessions it rests on (score, pass, exam
 * mode, sign-offs), the benchmarks used, the curriculum's and lesson
 * files' SHA-256, the date issued, and the verification code large, with
 * how to check it. Its print stylesheet lays it out on A4 (@page), so a
 * browser's print, or chromium --print-to-pdf, needs no settings.
 *
 * Stable classes for tests: <p class="code"> holds the code, each lesson
 * is a <section class="lesson" data-lesson="ID">, each session a
 * <tr class="session" data-session="N">.
 */
#ifndef SMPSIM_REPORT_CERTIFICATE_H
#define SMPSIM_REPORT_CERTIFICATE_H

#include <stdint.h>
#include <stdio.h>

#include "certificate_facts.h"

/** A certificate as the page shows it. */
struct report_certificate {
	const struct cert_facts *facts;
	const char *issued;      /**< ISO 8601 UTC, when issued */
	const char *code;        /**< in groups ("7KQ2-9XMC-...") */
	const char *record;      /**< the record's file name, for the check
				  *   command; NULL: "RECORD" */
	int64_t ledger_seq;      /**< the ledger's head entry at issue (0: empty) */
	const char *chain;       /**< its chain_sha256; NULL: not shown */
	size_t curriculum_lessons; /**< the curriculum's lessons, when more than
				    *   the certificate covers (a part of it,
				    *   said on the page); 0: not said */
};

/**
 * Writes the page to @p f.
 * @return 0, -EINVAL for no facts or code, or -EIO (a negative errno)
 * when writing failed.
 */
int report_certificate_html(FILE *f, const struct report_certificate *c);

#endif
