/* certificate_facts: what a certificate states (issue 14), as plain data,
 * and its canonical JSON: the text a certificate's verification code is
 * made from (store_certificate.h) and which `smpsim verify --certificate`
 * makes again from the record and compares byte for byte.
 *
 * Canonical: keys in one fixed order, no white space, strings as UTF-8
 * with only " \ and control characters escaped, integers in decimal, a
 * score in the fewest digits that read back as the same double (at most
 * 17), a missing text as null. Each session is one object that begins
 * {"session":ID,"lesson":"LESSON-ID", so verify can find it in a stored
 * content (certificate_facts_find_session()).
 *
 * Filled from the record by sim/support/certificate.c; drawn by
 * report_certificate.c. Reads no files or database.
 */
#ifndef SMPSIM_CERTIFICATE_FACTS_H
#define SMPSIM_CERTIFICATE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proficiency.h"

#define CERT_TEXT_MAX 256
#define CERT_TIME_MAX 32
#define CERT_SHA_MAX 65

/** An instructor's sign-off of a session. */
struct cert_signoff {
	int64_t id;
	char instructor[CERT_TEXT_MAX];
	char made[CERT_TIME_MAX];
	unsigned int lowest;                 /**< its lowest rating, 1..5 */
};

/** A session a lesson's proficiency rests on. */
struct cert_session {
	int64_t id;
	char started[CERT_TIME_MAX];         /**< ISO 8601 UTC */
	char ended[CERT_TIME_MAX];
	char lesson_sha256[CERT_SHA_MAX];    /**< of the lesson file it was run on */
	bool exam;                           /**< practised in exam mode */
	double score;                        /**< its judgement */
	bool passed;
	int64_t benchmark;                   /**< judged against; 0: the lesson's own levels */
	struct cert_signoff *signoffs;
	size_t signoff_count;
};

/** A benchmark used: id 0 for the lesson's shipped levels. */
struct cert_benchmark {
	int64_t id;
	char made[CERT_TIME_MAX];            /**< "" for id 0 */
	char rule[CERT_TEXT_MAX];            /**< "the lesson's shipped levels" for id 0 */
};

/** A lesson the trainee is proficient in. */
struct cert_lesson {
	char id[64];
	char title[128];
	char file_sha256[CERT_SHA_MAX];      /**< the lesson file in the data folder */
	struct prof_rule rule;
	int64_t proficient_at;               /**< the session it came at */
	char proficient_on[CERT_TIME_MAX];   /**< that session's end (ISO 8601 UTC) */
	struct cert_session *sessions;       /**< what it rests on, oldest first */
	size_t session_count;
	struct cert_benchmark *benchmarks;   /**< used by those sessions, by id */
	size_t benchmark_count;
};

struct cert_facts {
	int64_t trainee_id;
	char trainee[CERT_TEXT_MAX];
	char academy[CERT_TEXT_MAX];         /**< "" when not given */
	char issued_by[CERT_TEXT_MAX];       /**< "" when not given */
	char curriculum_sha256[CERT_SHA_MAX];
	struct cert_lesson *lessons;         /**< in curriculum order */
	size_t lesson_count;
};

/** Frees @p facts' arrays (not @p facts itself) and zeroes it. Accepts NULL. */
void cert_facts_clear(struct cert_facts *facts);

/**
 * The canonical JSON of @p facts, NUL-terminated, in *json to free().
 * @return 0, or -ENOMEM.
 */
int cert_facts_json(const struct cert_facts *facts, char **json);

/**
 * The canonical JSON of one session of lesson @p lesson_id, as
 * cert_facts_json() writes it inside its lesson, in *json to free().
 * @return 0, or -ENOMEM.
 */
int cert_session_json(const struct cert_session *s, const char *lesson_id, char **json);

/**
 * Reads a top-level text field ("academy", "issued_by") of a content
 * cert_facts_json() wrote into @p out, NUL-terminated when @p size > 0:
 * "" for null, missing, or not a string as the writer writes one.
 * @return 0, or -EINVAL when @p json has no such field or it is no string.
 */
int cert_facts_json_text(const char *json, const char *key, char *out, size_t size);

/**
 * The sessions a content cert_facts_json() wrote names, in order: their
 * ids in @p ids and their lessons' ids in @p lessons (each LESSON_ID_MAX
 * = 64 bytes, "" when not a string), at most @p max.
 * @return how many it holds (which may exceed @p max).
 */
size_t cert_facts_json_sessions(const char *json, int64_t *ids, char (*lessons)[64],
				size_t max);

/**
 * The session whose object holds sign-off @p signoff, or benchmark
 * @p benchmark's lesson, in a content cert_facts_json() wrote:
 * @return the session's id (for a sign-off), 0 when it names none.
 */
int64_t cert_facts_json_signoff_session(const char *json, int64_t signoff);

/**
 * Lesson @p id's title and file SHA-256 as a content cert_facts_json()
 * wrote states them, into @p title (@p title_size bytes) and
 * @p file_sha256 (CERT_SHA_MAX bytes), each NUL-terminated, "" for null
 * or not a string as the writer writes one.
 * @return 0, or -ENOENT when the content has no such lesson (both "").
 */
int cert_facts_json_lesson(const char *json, const char *id, char *title, size_t title_size,
			   char file_sha256[CERT_SHA_MAX]);

/**
 * Whether a content cert_facts_json() wrote names benchmark @p id (other
 * than 0, the shipped levels), and of which lesson, into @p lesson (64
 * bytes). @return true when it does.
 */
bool cert_facts_json_benchmark(const char *json, int64_t id, char lesson[64]);

#endif
