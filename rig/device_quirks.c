/* device_quirks: loads data/devices/quirks.yaml with libfyaml and applies
 * the entries that match a device.
 *
 * The whole file is checked before anything is applied (a typo in an entry
 * for another tablet is still an error), and every message carries the
 * file and the line of the offending key or value.
 */
#include "device_quirks.h"

#include <errno.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct quirk {
	bool has_bus, has_vendor, has_product;
	uint16_t bus, vendor, product;
	bool has_prox, has_down, has_up;
	enum pen_proximity_out prox;
	double down, up;
};

struct loader {
	const char *path;
	char *err;
	size_t err_size;
};

/* A scalar knows its line; a mapping or sequence is placed at its first
 * key or item. */
static int line_of(struct fy_node *node)
{
	struct fy_token *tok;
	const struct fy_mark *m;
	void *it = NULL;

	if (node && fy_node_is_mapping(node)) {
		struct fy_node_pair *pair = fy_node_mapping_iterate(node, &it);

		return line_of(pair ? fy_node_pair_key(pair) : NULL);
	}
	if (node && fy_node_is_sequence(node))
		return line_of(fy_node_sequence_iterate(node, &it));
	tok = node ? fy_node_get_scalar_token(node) : NULL;
	m = tok ? fy_token_start_mark(tok) : NULL;
	return m ? m->line + 1 : 1;
}

static int fail(struct loader *l, struct fy_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct loader *l, struct fy_node *node, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(l->err, l->err_size, "%s:%d: ", l->path, line_of(node));

	if (n < 0 || (size_t)n >= l->err_size)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->err_size - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int scalar(struct loader *l, struct fy_node *key, struct fy_node *val,
		  const char **out)
{
	*out = fy_node_is_scalar(val) ? fy_node_get_scalar0(val) : NULL;
	if (!*out)
		return fail(l, key, "'%s' needs a single value",
			    fy_node_get_scalar0(key));
	return 0;
}

static int parse_id(struct loader *l, struct fy_node *key, struct fy_node *val,
		    uint16_t *out)
{
	const char *s;
	char *end;
	unsigned long v;

	if (scalar(l, key, val, &s) < 0)
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > 0xffff)
		return fail(l, val, "'%s' is not a 16-bit id (write hex as 0x056a)", s);
	*out = (uint16_t)v;
	return 0;
}

static int parse_fraction(struct loader *l, struct fy_node *key,
			  struct fy_node *val, double *out)
{
	const char *s;
	char *end;
	double v;

	if (scalar(l, key, val, &s) < 0)
		return -EINVAL;
	v = strtod(s, &end);
	if (end == s || *end || !(v > 0 && v < 1))
		return fail(l, val, "'%s' must be a fraction between 0 and 1", s);
	*out = v;
	return 0;
}

static int parse_match(struct loader *l, struct fy_node *map, struct quirk *q)
{
	static const struct { const char *name; uint16_t bus; } buses[] = {
		{ "usb", BUS_USB }, { "bluetooth", BUS_BLUETOOTH },
		{ "i2c", BUS_I2C }, { "serial", BUS_RS232 },
	};
	struct fy_node_pair *pair;
	void *it = NULL;

	if (!fy_node_is_mapping(map))
		return fail(l, map, "'match' needs bus, vendor and/or product");
	while ((pair = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *key = fy_node_pair_key(pair);
		struct fy_node *val = fy_node_pair_value(pair);
		const char *k = fy_node_get_scalar0(key), *s;
		int rc = 0;

		if (!k)
			return fail(l, key, "keys must be plain words");
		if (!strcmp(k, "vendor")) {
			rc = parse_id(l, key, val, &q->vendor);
			q->has_vendor = true;
		} else if (!strcmp(k, "product")) {
			rc = parse_id(l, key, val, &q->product);
			q->has_product = true;
		} else if (!strcmp(k, "bus")) {
			if (scalar(l, key, val, &s) < 0)
				return -EINVAL;
			for (size_t i = 0; i < sizeof(buses) / sizeof(buses[0]); i++)
				if (!strcmp(s, buses[i].name)) {
					q->bus = buses[i].bus;
					q->has_bus = true;
				}
			if (!q->has_bus)
				return fail(l, val, "unknown bus '%s' (usb, bluetooth, i2c, serial)", s);
		} else {
			return fail(l, key, "unknown match key '%s' (bus, vendor, product)", k);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int parse_entry(struct loader *l, struct fy_node *map, struct quirk *q)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	bool matched = false;

	memset(q, 0, sizeof(*q));
	if (!fy_node_is_mapping(map))
		return fail(l, map, "each quirk is a mapping with name, match and settings");
	while ((pair = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *key = fy_node_pair_key(pair);
		struct fy_node *val = fy_node_pair_value(pair);
		const char *k = fy_node_get_scalar0(key), *s;
		int rc = 0;

		if (!k)
			return fail(l, key, "keys must be plain words");
		if (!strcmp(k, "name")) {
			rc = scalar(l, key, val, &s);
		} else if (!strcmp(k, "match")) {
			rc = parse_match(l, val, q);
			matched = true;
		} else if (!strcmp(k, "proximity-out")) {
			if (scalar(l, key, val, &s) < 0)
				return -EINVAL;
			q->has_prox = true;
			if (!strcmp(s, "sent"))
				q->prox = PEN_PROXIMITY_OUT_SENT;
			else if (!strcmp(s, "never"))
				q->prox = PEN_PROXIMITY_OUT_NEVER;
			else if (!strcmp(s, "unknown"))
				q->prox = PEN_PROXIMITY_OUT_UNKNOWN;
			else
				return fail(l, val, "proximity-out is sent, never or unknown, not '%s'", s);
		} else if (!strcmp(k, "tip-down")) {
			rc = parse_fraction(l, key, val, &q->down);
			q->has_down = true;
		} else if (!strcmp(k, "tip-up")) {
			rc = parse_fraction(l, key, val, &q->up);
			q->has_up = true;
		} else {
			return fail(l, key, "unknown key '%s' (name, match, proximity-out, tip-down, tip-up)", k);
		}
		if (rc < 0)
			return rc;
	}
	if (!matched)
		return fail(l, map, "quirk without 'match'");
	return 0;
}

static bool matches(const struct quirk *q, const struct pen_device *dev)
{
	return (!q->has_bus || q->bus == dev->id.bustype) &&
	       (!q->has_vendor || q->vendor == dev->id.vendor) &&
	       (!q->has_product || q->product == dev->id.product);
}

static int yaml_error(struct loader *l, struct fy_diag *diag)
{
	struct fy_diag_error *e;
	void *it = NULL;

	e = diag ? fy_diag_errors_iterate(diag, &it) : NULL;
	if (e)
		/* fy_diag_error lines count from 1, unlike fy_mark. */
		snprintf(l->err, l->err_size, "%s:%d: %s", l->path, e->line, e->msg);
	else
		snprintf(l->err, l->err_size, "%s: cannot read: %s", l->path, strerror(errno));
	return -EINVAL;
}

int device_quirks_apply(const char *path, const struct pen_device *dev,
			struct pen_assembler_config *config,
			char *err, size_t err_size)
{
	struct loader l = { path, err, err_size };
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag;
	struct fy_parse_cfg pcfg = { .flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG };
	struct fy_document *doc = NULL;
	struct fy_node *root, *list;
	struct fy_node *item;
	struct pen_assembler_config result = *config;
	void *it = NULL;
	int rc = 0, applied = 0;

	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	diag = fy_diag_create(&dcfg);
	if (diag)
		fy_diag_set_collect_errors(diag, true);
	pcfg.diag = diag;
	doc = fy_document_build_from_file(&pcfg, path);
	if (!doc) {
		rc = yaml_error(&l, diag);
		goto out;
	}
	root = fy_document_root(doc);
	list = root && fy_node_is_mapping(root) ?
	       fy_node_mapping_lookup_by_string(root, "quirks", FY_NT) : NULL;
	if (!list || !fy_node_is_sequence(list)) {
		rc = fail(&l, root, "expected a top-level 'quirks:' list");
		goto out;
	}
	while ((item = fy_node_sequence_iterate(list, &it))) {
		struct quirk q;

		rc = parse_entry(&l, item, &q);
		if (rc < 0)
			goto out;
		if (!matches(&q, dev))
			continue;
		if (q.has_prox)
			result.proximity_out = q.prox;
		if (q.has_down)
			result.tip_down = q.down;
		if (q.has_up)
			result.tip_up = q.up;
		applied++;
		if (!(result.tip_up < result.tip_down)) {
			rc = fail(&l, item, "for %s, tip-up (%g) must be below tip-down (%g)",
				  dev->name, result.tip_up, result.tip_down);
			goto out;
		}
	}
	*config = result;
	rc = applied;
out:
	fy_document_destroy(doc);
	fy_diag_destroy(diag);
	return rc;
}
