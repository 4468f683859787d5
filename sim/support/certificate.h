/* certificate: a certificate's facts read from the record (issue 14), the
 * one way `smpsim certificate` makes them and `smpsim verify
 * --certificate` makes them again.
 *
 * certificate_facts() judges the trainee in the curriculum (course.h)
 * and, for each lesson asked for, when it is proficient, gathers the
 * sessions its proficiency rests on (their judgement, exam mode, the
 * lesson file they were run on, their sign-offs), the benchmarks those
 * sessions were judged against, and the SHA-256 of the curriculum file
 * and of each lesson file in the data folder. A lesson not proficient
 * refuses the whole certificate.
 *
 * A certificate keeps the curriculum file's bytes in the record
 * (certificate_curriculum_text() reads them to store), and
 * certificate_check() judges under that copy, parsed from the record
 * (curriculum_load_text()), with each lesson's title and file hash as the
 * certificate states them: a third party needs smpsim, the record and
 * the code, not the academy's data folder.
 */
#ifndef SMPSIM_CERTIFICATE_H
#define SMPSIM_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

#include "certificate_facts.h"
#include "data_library.h"
#include "lesson.h"
#include "store.h"

/** What a certificate is asked for. */
struct certificate_ask {
	const char *trainee;       /**< a name, as store_trainee_find() takes it */
	/** Lesson ids separated by commas or spaces; NULL or "": every
	 * lesson of the curriculum. */
	const char *lessons;
	const char *academy;       /**< NULL: none */
	const char *by;            /**< who issues it; NULL: not said */
	/** NULL when issuing. When checking, the content of the certificate
	 * being checked: each lesson's title and file SHA-256 are the ones
	 * it states (they describe the data folder it was issued from, which
	 * the record does not hold), and no data file is read. */
	const char *stated;
};

/**
 * The facts of the certificate @p ask describes, from @p store and the
 * curriculum @p cur (whose lessons @p lib holds: course_curriculum_load();
 * with @p ask->stated, @p lib is not used and may be NULL).
 * @return 0 and @p out (free with cert_facts_clear()); -EPERM when a
 * lesson asked for is not proficient, @p why then one line for each
 * ("  even-spacing: in progress; left: 2 passes in a row"); -ENOENT for
 * no such trainee; -EINVAL for a lesson not in the curriculum, or a name
 * that is not one; or a negative errno from the store. @p why says which.
 */
int certificate_facts(struct store *store, struct data_library *lib,
		      const struct curriculum *cur, const struct certificate_ask *ask,
		      struct cert_facts *out, char *why, size_t why_size);

/**
 * The bytes of the curriculum file @p cur was loaded from
 * (DATA/lessons/curriculum.yaml of @p lib), read again for a certificate
 * to keep.
 * @return 0 with *text (NUL-terminated, to free()) and *len; -EIO when it
 * cannot be read; -ESTALE when its SHA-256 is no longer cur->sha256 (the
 * file was changed since it was loaded); -ENOMEM. @p why says which.
 */
int certificate_curriculum_text(struct data_library *lib, const struct curriculum *cur,
				char **text, size_t *len, char *why, size_t why_size);

/**
 * The lesson ids of @p facts separated by spaces (the certificates
 * table's lessons), into a string to free(). @return it, or NULL.
 */
char *certificate_lesson_list(const struct cert_facts *facts);

/** What certificate_check() found. */
struct certificate_verdict {
	bool found;                 /**< the record has the certificate */
	char code[25];              /**< in groups (STORE_CERT_CODE_TEXT_MAX) */
	char trainee[256];          /**< as the certificate names them */
	size_t lessons;             /**< lessons it covers */
	char issued[32];            /**< ISO 8601 UTC */
	size_t problems;            /**< reasons it does not hold; 0: valid */
	size_t elsewhere;           /**< changes in the record that do not touch it */
	/** Information, no problem: the SHA-256 of the data folder's
	 * curriculum file when it is not the one the certificate was issued
	 * under (curriculum_issued), which it was checked under all the same;
	 * "" when they are the same, or the data folder has none, or the
	 * kept copy was not checked under (it was changed). */
	char curriculum_here[65];
	char curriculum_issued[65];
};

/** Called with each reason a certificate does not hold, a sentence
 * ("session 14, on which lesson even-spacing rests, was changed after the
 * certificate was issued"); it lives until the call returns. */
typedef void (*certificate_problem_fn)(const char *text, void *data);

/**
 * Checks certificate @p code (store_certificate_code_parse()'s form) of
 * @p store: that its stored content and time still give its code on the
 * ledger's chain as it was at issue; that the curriculum file it keeps
 * still has the SHA-256 its content states; that the record's ledger
 * shows no change to what it rests on (store_ledger_verify(): its
 * sessions, their sign-offs, its benchmarks, its trainee, its own row
 * with its curriculum, the chain up to it); and that its facts, made
 * again from the record as it is now under the curriculum it keeps
 * (certificate_facts(), with the lessons, academy, issuer, titles and
 * lesson file hashes it states), are the same text. @p problem gets each
 * reason it does not hold. @p lib, which may be NULL, is only read for
 * its data folder's curriculum file, to say when it differs
 * (verdict->curriculum_here).
 * @return 0 with @p verdict (found false: no such certificate), or a
 * negative errno with @p why set (the record could not be read; the
 * curriculum it keeps does not load in this smpsim).
 */
int certificate_check(struct store *store, struct data_library *lib, const char *code,
		      certificate_problem_fn problem, void *data,
		      struct certificate_verdict *verdict, char *why, size_t why_size);

#endif
