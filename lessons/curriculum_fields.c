/* curriculum_fields: the curriculum file's proficiency rules, sign-off
 * domains and SHA-256 (curriculum_fields.h).
 *
 * A rule is read into whole numbers, each -1 until the file gives it, by
 * yaml_file's field table (types, ranges, unknown keys: file:line); the
 * fields given then replace the rule's, and the rule as a whole is checked
 * with prof_rule_check() at the mapping's line, naming the values, which
 * may come from the curriculum's own rule. The hash is GLib's GChecksum,
 * as the store hashes lesson files.
 */
#include "curriculum_fields.h"

#include <errno.h>
#include <glib.h>
#include <stddef.h>
#include <string.h>

/* What the file says of a rule: -1 for a key not given. */
struct rule_given {
	int consecutive, total, exam_last, signoff_min;
};

int curriculum_read_rule(struct yaml_file *yf, struct fy_node *v, const char *what,
			 bool top, size_t domain_count, struct prof_rule *rule)
{
	const struct yaml_field fields[] = {
		{ .key = "consecutive", .kind = YAML_INT, .required = top, .min = 1,
		  .max = PROF_REST_MAX, .offset = offsetof(struct rule_given, consecutive) },
		{ .key = "total", .kind = YAML_INT, .required = top, .min = 1,
		  .max = PROF_REST_MAX, .offset = offsetof(struct rule_given, total) },
		{ .key = "exam-last", .kind = YAML_INT, .min = 0, .max = PROF_REST_MAX,
		  .offset = offsetof(struct rule_given, exam_last) },
		{ .key = "signoff-at-least", .kind = YAML_INT, .min = 0, .max = 5,
		  .offset = offsetof(struct rule_given, signoff_min) },
		{ .key = NULL },
	};
	struct rule_given g = { -1, -1, -1, -1 };
	struct prof_rule r = *rule;
	char why[128];

	if (yaml_read_mapping(yf, v, what, fields, &g) < 0)
		return -EINVAL;
	if (g.consecutive >= 0)
		r.consecutive = (unsigned int)g.consecutive;
	if (g.total >= 0)
		r.total = (unsigned int)g.total;
	if (g.exam_last >= 0)
		r.exam_last = (unsigned int)g.exam_last;
	if (g.signoff_min >= 0)
		r.signoff_min = (unsigned int)g.signoff_min;
	if (prof_rule_check(&r, why, sizeof(why)) < 0)
		return yaml_fail(yf, v, "%s: %s (consecutive %u, total %u, exam-last %u)",
				 what, why, r.consecutive, r.total, r.exam_last);
	if (r.signoff_min && domain_count == 0)
		return yaml_fail(yf, v, "%s: signoff-at-least %u needs the domains an "
				 "instructor rates: add 'signoff-domains:' to the curriculum",
				 what, r.signoff_min);
	*rule = r;
	return 0;
}

int curriculum_read_domains(struct yaml_file *yf, struct fy_node *v, struct curriculum *c)
{
	int n = yaml_sequence_length(yf, v, "signoff-domains");

	if (n < 0)
		return -EINVAL;
	if (n < 1 || n > CURRICULUM_DOMAINS_MAX)
		return yaml_fail(yf, v, "signoff-domains lists 1 to %d domains, not %d",
				 CURRICULUM_DOMAINS_MAX, n);
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(v, i);
		const char *name = fy_node_is_scalar(item) ? fy_node_get_scalar0(item) : NULL;

		if (!name || !*name || strchr(name, '\n'))
			return yaml_fail(yf, item, "a sign-off domain is a name on one line");
		if (strlen(name) >= CURRICULUM_DOMAIN_MAX)
			return yaml_fail(yf, item, "a sign-off domain is at most %d bytes",
					 CURRICULUM_DOMAIN_MAX - 1);
		for (int j = 0; j < i; j++)
			if (!strcmp(c->domains[j], name))
				return yaml_fail(yf, item, "sign-off domain '%s' is listed twice",
						 name);
		memcpy(c->domains[i], name, strlen(name) + 1);
	}
	c->domain_count = (size_t)n;
	return 0;
}

void curriculum_sha256(const char *text, size_t len, char hex[65])
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(sum, (const guchar *)text, (gssize)len);
	g_strlcpy(hex, g_checksum_get_string(sum), 65);
	g_checksum_free(sum);
}
