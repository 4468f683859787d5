/* signoff_domains: the named domains of SMP technique an instructor rates
 * 1 to 5 in a sign-off (issue 14), and the ratings given on the command
 * line. OSATS has instructors rate 7 domains of surgical skill 1 to 5;
 * these are SMP's counterparts (docs/instructor-guide.md, "Sign-off").
 *
 * The domains are the curriculum's `signoff-domains:` when it lists them,
 * else the built-in seven. A domain is named on the command line by its
 * name, a prefix of it no other shares (ASCII case ignored) or its number
 * (1, 2, ...).
 */
#ifndef SMPSIM_SIGNOFF_DOMAINS_H
#define SMPSIM_SIGNOFF_DOMAINS_H

#include <stddef.h>

#include "lesson.h"
#include "store_signoff.h"

#define SIGNOFF_DOMAINS_MAX CURRICULUM_DOMAINS_MAX

/** The built-in domains, when the curriculum names none. */
#define SIGNOFF_BUILTIN_COUNT 7

/**
 * The domains to rate, in order, into @p names: @p c's domains when it has
 * any (c->domain_count > 0), else the built-in ones. The names live as
 * long as @p c (the built-in ones for the whole run). @p c may be NULL.
 * @return how many (1..SIGNOFF_DOMAINS_MAX).
 */
size_t signoff_domains(const struct curriculum *c, const char *names[SIGNOFF_DOMAINS_MAX]);

/** @return what ratings 1, 3 and 5 look like in domain @p name, one line
 * ("1 ...; 3 ...; 5 ..."), for the built-in domains; NULL for others. */
const char *signoff_domain_anchors(const char *name);

/** @return the OSATS-style meaning of rating @p r: "poor", "below
 * competent", "competent", "above competent", "excellent"; "" outside 1..5. */
const char *signoff_rating_word(int r);

/**
 * The domain @p key names among @p count @p names: its number (digits
 * only), its name, or a prefix only it has (ASCII case ignored).
 * @return its index, or -1 with why in @p why ("unknown domain 'x': the
 * domains are 1 depth control, 2 ...", "'d' could be 'a' or 'b': give
 * more of the name").
 */
int signoff_domain_find(const char *const *names, size_t count, const char *key, char *why,
			size_t why_size);

/** The ratings given so far: ratings[i] for names[i], 0 not yet. */
struct signoff_ratings {
	const char *names[SIGNOFF_DOMAINS_MAX];
	size_t count;
	int ratings[SIGNOFF_DOMAINS_MAX];
};

/**
 * Parses --rate's DOMAIN=R into @p r. @return 0, or -1 with why in @p why
 * (an unknown or ambiguous domain, one rated twice, a rating that is not
 * a whole number 1 to 5) and @p r untouched.
 */
int signoff_rate_option(struct signoff_ratings *r, const char *arg, char *why,
			size_t why_size);

/**
 * Parses --ratings' R,R,...: one rating per domain, in order.
 * @return 0, or -1 with why in @p why and @p r untouched.
 */
int signoff_ratings_option(struct signoff_ratings *r, const char *arg, char *why,
			   size_t why_size);

/** Parses one rating, a whole number 1 to 5 with nothing around it.
 * @return it, or 0 when @p text is not one. */
int signoff_rating_parse(const char *text);

/** @return how many domains are rated, and writes the names of those that
 * are not, joined by ", ", into @p missing. */
size_t signoff_ratings_given(const struct signoff_ratings *r, char *missing, size_t size);

/** Fills @p out (SIGNOFF_DOMAINS_MAX of them) from @p r, in the domains'
 * order. @return how many. */
size_t signoff_ratings_store(const struct signoff_ratings *r, struct store_rating *out);

#endif
