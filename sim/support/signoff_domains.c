/* signoff_domains: which domains a sign-off rates (the curriculum's, else
 * the built-in seven, each with its 1/3/5 anchors) and the command line's
 * ratings of them (--rate DOMAIN=R, --ratings R,R,...), checked as they
 * are parsed so that an error names the domain and the domains there are.
 */
#include "signoff_domains.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* SMP's counterparts of OSATS's seven domains, with what 1, 3 and 5 look
 * like in each (docs/instructor-guide.md, "Sign-off"). */
static const struct {
	const char *name;
	const char *anchors;
} builtin[SIGNOFF_BUILTIN_COUNT] = {
	{ "depth control",
	  "1 depth wanders: many dots shallow or overdeep; 3 most dots in the band, the "
	  "odd one out corrected; 5 every dot in the band, first to last" },
	{ "needle angle and hand stability",
	  "1 needle oblique, hand unbraced, tails and drags; 3 mostly upright, a tail when "
	  "reaching or tired; 5 upright throughout, hand braced, clean lifts" },
	{ "dot size and consistency",
	  "1 sizes vary widely, dots merge or blow out; 3 mostly even, a few large or merged; "
	  "5 fine, even dots of the intended size" },
	{ "spacing and density",
	  "1 clumps and gaps, or rows and a grid; 3 mostly even, a few gaps or crowded "
	  "patches; 5 even, natural-looking spacing at the target density" },
	{ "hairline design",
	  "1 hard, straight or misplaced line, no fade; 3 placed and shaped right, the fade "
	  "uneven in places; 5 soft irregular edge, fade and temples natural" },
	{ "blending with hair and scars",
	  "1 the work stands apart from the hair, a scar outlined; 3 blends at a distance, "
	  "edges seen up close; 5 cannot be told from the hair, the scar hidden" },
	{ "flow and economy of motion",
	  "1 many stops, re-work, no plan; 3 steady, some needless stops or passes; "
	  "5 fluid and planned, no wasted moves, on time" },
};

size_t signoff_domains(const struct curriculum *c, const char *names[SIGNOFF_DOMAINS_MAX])
{
	if (c && c->domain_count > 0) {
		size_t n = c->domain_count < SIGNOFF_DOMAINS_MAX ? c->domain_count :
								    SIGNOFF_DOMAINS_MAX;

		for (size_t i = 0; i < n; i++)
			names[i] = c->domains[i];
		return n;
	}
	for (size_t i = 0; i < SIGNOFF_BUILTIN_COUNT; i++)
		names[i] = builtin[i].name;
	return SIGNOFF_BUILTIN_COUNT;
}

const char *signoff_domain_anchors(const char *name)
{
	for (size_t i = 0; i < SIGNOFF_BUILTIN_COUNT; i++)
		if (!strcmp(builtin[i].name, name))
			return builtin[i].anchors;
	return NULL;
}

const char *signoff_rating_word(int r)
{
	static const char *const words[] = { "", "poor", "below competent", "competent",
					     "above competent", "excellent" };

	return r >= 1 && r <= 5 ? words[r] : "";
}

/* "1 depth control, 2 needle angle ..." */
static void list_domains(const char *const *names, size_t count, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < count && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%zu %s", i ? ", " : "", i + 1,
				      names[i]);
}

/* @return the domain number @p key is, digits only, or 0: not sscanf's
 * %zu, which takes spaces and a sign before the digits and overflows. */
static size_t domain_number(const char *key, size_t count)
{
	size_t number = 0;

	if (!*key)
		return 0;
	for (const char *p = key; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		number = number * 10 + (size_t)(*p - '0');
		if (number > count)
			return 0;
	}
	return number;
}

int signoff_domain_find(const char *const *names, size_t count, const char *key, char *why,
			size_t why_size)
{
	size_t len = strlen(key), found = count, matches = 0, number = domain_number(key, count);
	char list[1024];

	if (number >= 1)
		return (int)(number - 1);
	for (size_t i = 0; i < count; i++)
		if (!strcasecmp(names[i], key))
			return (int)i;
	for (size_t i = 0; len && i < count; i++)
		if (!strncasecmp(names[i], key, len) && matches++ == 0)
			found = i;
	if (matches == 1)
		return (int)found;
	if (matches > 1) {
		size_t n = (size_t)snprintf(why, why_size, "'%s' could be", key);

		for (size_t i = 0, k = 0; i < count && n < why_size; i++)
			if (!strncasecmp(names[i], key, len))
				n += (size_t)snprintf(why + n, why_size - n, "%s '%s'",
						      k++ ? " or" : "", names[i]);
		if (n < why_size)
			snprintf(why + n, why_size - n, ": give more of the name, or its number");
		return -1;
	}
	list_domains(names, count, list, sizeof(list));
	snprintf(why, why_size, "unknown domain '%s': the domains are %s", key, list);
	return -1;
}

int signoff_rating_parse(const char *text)
{
	return text[0] >= '1' && text[0] <= '5' && text[1] == '\0' ? text[0] - '0' : 0;
}

/* Sets domain @p i to @p rating from @p text, or says why not. */
static int rate(struct signoff_ratings *r, size_t i, const char *text, char *why,
		size_t why_size)
{
	int rating = signoff_rating_parse(text);

	if (!rating) {
		snprintf(why, why_size, "'%s' is rated '%s': a rating is a whole number 1 to 5",
			 r->names[i], text);
		return -1;
	}
	if (r->ratings[i]) {
		snprintf(why, why_size, "'%s' is rated twice", r->names[i]);
		return -1;
	}
	r->ratings[i] = rating;
	return 0;
}

int signoff_rate_option(struct signoff_ratings *r, const char *arg, char *why,
			size_t why_size)
{
	const char *eq = strrchr(arg, '=');
	char key[256];
	int i;

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key)) {
		snprintf(why, why_size, "--rate takes DOMAIN=R (e.g. --rate depth=4), not '%s'",
			 arg);
		return -1;
	}
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	i = signoff_domain_find(r->names, r->count, key, why, why_size);
	return i < 0 ? -1 : rate(r, (size_t)i, eq + 1, why, why_size);
}

int signoff_ratings_option(struct signoff_ratings *r, const char *arg, char *why,
			   size_t why_size)
{
	struct signoff_ratings all = *r;   /* copied back only when every one is good */
	char text[16];
	size_t n = 0;

	/* Each field on its own, empty ones included ("4,,3" is refused). */
	for (const char *p = arg;; n++) {
		size_t len = strcspn(p, ",");

		snprintf(text, sizeof(text), "%.*s", (int)(len < 15 ? len : 15), p);
		if (n < all.count && rate(&all, n, text, why, why_size) < 0)
			return -1;
		if (!p[len])
			break;
		p += len + 1;
	}
	if (++n != all.count) {
		char list[1024];

		list_domains(all.names, all.count, list, sizeof(list));
		snprintf(why, why_size, "%zu ratings given, and %zu are needed, one per domain "
			 "in order: %s", n, all.count, list);
		return -1;
	}
	*r = all;
	return 0;
}

size_t signoff_ratings_given(const struct signoff_ratings *r, char *missing, size_t size)
{
	size_t given = 0, n = 0;

	missing[0] = '\0';
	for (size_t i = 0; i < r->count; i++) {
		if (r->ratings[i]) {
			given++;
			continue;
		}
		if (n < size)
			n += (size_t)snprintf(missing + n, size - n, "%s%s", n ? ", " : "",
					      r->names[i]);
	}
	return given;
}

size_t signoff_ratings_store(const struct signoff_ratings *r, struct store_rating *out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->count; i++) {
		if (!r->ratings[i])
			continue;
		snprintf(out[n].domain, sizeof(out[n].domain), "%s", r->names[i]);
		out[n++].rating = r->ratings[i];
	}
	return n;
}
