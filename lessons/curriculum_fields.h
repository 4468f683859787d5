/* curriculum_fields: the parts of the curriculum file (curriculum.yaml)
 * beyond its list of lessons (issue 14): a proficiency rule, the
 * curriculum's own or a lesson's changes to it, the sign-off domains, and
 * the file's SHA-256. curriculum_load() (lesson_load.c) reads the file
 * with these; docs/lessons.md gives the format.
 */
#ifndef SMPSIM_CURRICULUM_FIELDS_H
#define SMPSIM_CURRICULUM_FIELDS_H

#include <stddef.h>

#include "lesson.h"
#include "yaml_file.h"

/** The rule of every lesson when the curriculum states none: two passes
 * in a row, two in all, no exam mode, no sign-off. */
#define CURRICULUM_DEFAULT_RULE \
	((struct prof_rule){ .consecutive = 2, .total = 2, .exam_last = 0, .signoff_min = 0 })

/**
 * Reads the proficiency mapping @p v (keys consecutive, total, exam-last,
 * signoff-at-least) over @p rule: the keys given replace its fields, the
 * others stay. With @p top (the curriculum's own rule) consecutive and
 * total are required. The rule that results must pass prof_rule_check()
 * and a sign-off needs @p domain_count > 0 (the file's signoff-domains);
 * @p what names it in messages ("proficiency", "lesson 'x': proficiency").
 * @return 0, or -EINVAL with the error recorded at the line at fault.
 */
int curriculum_read_rule(struct yaml_file *yf, struct fy_node *v, const char *what,
			 bool top, size_t domain_count, struct prof_rule *rule);

/**
 * Reads signoff-domains @p v: a list of 1 to CURRICULUM_DOMAINS_MAX names,
 * each a single line of at most CURRICULUM_DOMAIN_MAX - 1 bytes, none
 * twice, into @p c's domains.
 * @return 0, or -EINVAL with the error recorded.
 */
int curriculum_read_domains(struct yaml_file *yf, struct fy_node *v, struct curriculum *c);

/** Writes the SHA-256 of the @p len bytes at @p text, as hex, into @p hex. */
void curriculum_sha256(const char *text, size_t len, char hex[65]);

#endif
