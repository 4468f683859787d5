/* sim_session: the deposit detector. A tip-down edge opens a contact, every
 * sample in contact deepens it (depth from force through the tissue under
 * the entry point, capped by the needle's hang), and the lift closes it
 * into a deposit. Each check speaks the moment it is known:
 *   at contact: outside the zone, too close / gap (the entry point and the
 *               grid of earlier dots), oblique;
 *   in contact: each depth class crossed (overdeep at once, not at lift),
 *               tail, drag line, oblique;
 *   at lift:    merged (needs the final diameter), shallow.
 * Per sample the work is a transform and, in contact, a few flops; the
 * neighbour queries run twice per contact (nearest at the touch, overlaps
 * at the lift) through deposit_grid.
 */
#include "sim_session.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deposit_grid.h"


struct region_rules {
	struct scalp_spacing spacing;
	struct scalp_technique technique;
};

struct contact {
	bool active;
	uint32_t id;
	int64_t down_us, last_us;
	double x, y;             /* entry point on the scalp */
	size_t region;           /* where it is judged (the base when outside) */
	size_t region_at;        /* where it is, SCALP_NO_REGION outside all */
	double depth, force, tail, tilt, tilt_dir;
	double nearest;
	enum deposit_depth_class cls;
	uint32_t faults;
};

struct sim_session {
	struct sim_setup setup;
	struct region_rules rules[SCALP_REGIONS_MAX];
	double cos_r, sin_r;
	struct deposit_grid *grid;
	struct deposit *deposits;
	size_t count, capacity;
	double max_diameter;
	struct contact c;
	int64_t last_us;
};

double sim_setup_force_n(const struct sim_setup *setup, double pressure)
{
	/* The pen's calibration when it has one (smpsim calibrate), else the
	 * quirks' full-scale figure. */
	if (setup->force_curve)
		return setup->force_curve(setup->force_curve_data, pressure);
	return pressure * setup->force_full_scale_n;
}

void sim_setup_init(struct sim_setup *setup, const struct scalp_model *scalp,
		    const struct needle *needle, double force_full_scale_n)
{
	memset(setup, 0, sizeof(*setup));
	setup->scalp = scalp;
	setup->needle = needle;
	setup->mapping.scale = 1;
	setup->force_full_scale_n = force_full_scale_n;
}

int sim_mapping_check(const struct sim_mapping *m, char *why, size_t why_size)
{
	const double off = SIM_MAPPING_OFFSET_MAX_MM, rot = SIM_MAPPING_ROTATION_MAX_DEG;

	/* Written so that NaN fails every test. */
	if (!(m->offset_x_mm >= -off && m->offset_x_mm <= off) ||
	    !(m->offset_y_mm >= -off && m->offset_y_mm <= off)) {
		snprintf(why, why_size, "the mapping's offset must be within -%g to %g mm, "
			 "not %g,%g", off, off, m->offset_x_mm, m->offset_y_mm);
		return -EINVAL;
	}
	if (!(m->scale >= SIM_MAPPING_SCALE_MIN && m->scale <= SIM_MAPPING_SCALE_MAX)) {
		snprintf(why, why_size, "the mapping's scale must be %g to %g (1 is real "
			 "scale), not %g", SIM_MAPPING_SCALE_MIN, SIM_MAPPING_SCALE_MAX, m->scale);
		return -EINVAL;
	}
	if (!(m->rotation_deg >= -rot && m->rotation_deg <= rot)) {
		snprintf(why, why_size, "the mapping's rotation must be within -%g to %g "
			 "degrees, not %g", rot, rot, m->rotation_deg);
		return -EINVAL;
	}
	return 0;
}

static double pick(double override, double region)
{
	return override > 0 ? override : region;
}

static int make_rules(struct sim_session *s, char *why, size_t size)
{
	const struct sim_setup *st = &s->setup;
	const struct scalp_model *m = st->scalp;
	double cell = INFINITY;

	for (size_t i = 0; i < m->region_count; i++) {
		const struct scalp_region *r = &m->regions[i];
		struct region_rules *rr = &s->rules[i];
		struct scalp_region judged = *r;

		rr->spacing.too_close_mm = pick(st->spacing.too_close_mm, r->spacing.too_close_mm);
		rr->spacing.gap_mm = pick(st->spacing.gap_mm, r->spacing.gap_mm);
		rr->spacing.neighbourhood_mm = pick(st->spacing.neighbourhood_mm,
						    r->spacing.neighbourhood_mm);
		rr->technique.tail_max_mm = pick(st->technique.tail_max_mm, r->technique.tail_max_mm);
		rr->technique.drag_line_mm = pick(st->technique.drag_line_mm,
						  r->technique.drag_line_mm);
		rr->technique.oblique_max_deg = pick(st->technique.oblique_max_deg,
						     r->technique.oblique_max_deg);
		judged.spacing = rr->spacing;
		judged.technique = rr->technique;
		/* Overrides must leave every region coherent. */
		if (scalp_region_check(m, &judged, why, size) < 0)
			return -EINVAL;
		/* Cells about half the gap: a dot or two each where spacing is right. */
		if (rr->spacing.gap_mm / 2 < cell)
			cell = rr->spacing.gap_mm / 2;
	}
	return deposit_grid_new(m->width_mm, m->height_mm, cell, &s->grid);
}

int sim_session_new(const struct sim_setup *setup, struct sim_session **out,
		    char *why, size_t why_size)
{
	struct sim_session *s;
	const struct sim_mapping *map = &setup->mapping;
	int rc;

	*out = NULL;
	if (!setup->scalp || !setup->needle) {
		snprintf(why, why_size, "a session needs a scalp model and a needle");
		return -EINVAL;
	}
	if (scalp_model_check(setup->scalp, why, why_size) < 0 ||
	    needle_check(setup->needle, why, why_size) < 0)
		return -EINVAL;
	if (!(setup->force_full_scale_n > 0 && setup->force_full_scale_n < 100)) {
		snprintf(why, why_size, "the pen's full-scale force must be 0 to 100 N, not %g",
			 setup->force_full_scale_n);
		return -EINVAL;
	}
	if (sim_mapping_check(map, why, why_size) < 0)
		return -EINVAL;
	for (size_t i = 0; i < setup->zone_count; i++)
		if (setup->zones[i].count < 3 ||
		    scalp_polygon_self_intersects(&setup->zones[i])) {
			snprintf(why, why_size, "zone %zu is not a simple polygon", i + 1);
			return -EINVAL;
		}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->setup = *setup;
	s->cos_r = cos(map->rotation_deg * M_PI / 180);
	s->sin_r = sin(map->rotation_deg * M_PI / 180);
	s->capacity = setup->expected_deposits ? setup->expected_deposits : 1024;
	s->deposits = malloc(s->capacity * sizeof(*s->deposits));
	rc = s->deposits ? make_rules(s, why, why_size) : -ENOMEM;
	if (rc < 0) {
		if (rc == -ENOMEM)
			snprintf(why, why_size, "out of memory");
		sim_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void sim_session_free(struct sim_session *s)
{
	if (!s)
		return;
	deposit_grid_free(s->grid);
	free(s->deposits);
	free(s);
}

static void to_scalp(const struct sim_session *s, const struct pen_sample *p,
		     double *x, double *y)
{
	const struct sim_mapping *m = &s->setup.mapping;

	*x = m->offset_x_mm + m->scale * (s->cos_r * p->x_mm - s->sin_r * p->y_mm);
	*y = m->offset_y_mm + m->scale * (s->sin_r * p->x_mm + s->cos_r * p->y_mm);
}

void sim_session_to_scalp(const struct sim_session *s, const struct pen_sample *p,
			  double *x_mm, double *y_mm)
{
	to_scalp(s, p, x_mm, y_mm);
}

static bool in_zone(const struct sim_session *s, double x, double y, size_t region_at)
{
	if (s->setup.zone_count == 0)
		return region_at != SCALP_NO_REGION;
	for (size_t i = 0; i < s->setup.zone_count; i++)
		if (scalp_polygon_contains(&s->setup.zones[i], x, y))
			return true;
	return false;
}

static struct sim_event *emit(struct sim_event *out, int *n, enum sim_event_kind kind,
			      int64_t t, const struct contact *c, double x, double y)
{
	struct sim_event *e = &out[(*n)++];

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->time_us = t;
	e->deposit = c->id;
	e->region = c->region;
	e->x_mm = x;
	e->y_mm = y;
	e->depth_mm = c->depth;
	e->depth_class = c->cls;
	return e;
}

static void raise_fault(struct contact *c, uint32_t fault, struct sim_event *out,
			int *n, int64_t t, double x, double y)
{
	if (c->faults & fault)
		return;
	c->faults |= fault;
	emit(out, n, SIM_FAULT, t, c, x, y)->fault = fault;
}

struct overlap {
	const struct deposit *all;
	double diameter;
	bool merged;
};

static void find_overlap(void *ctx, uint32_t id, double d)
{
	struct overlap *o = ctx;

	if (d < (o->diameter + o->all[id].diameter_mm) / 2)
		o->merged = true;
}

static void begin(struct sim_session *s, const struct pen_sample *p, double x,
		  double y, struct sim_event *out, int *n)
{
	struct contact *c = &s->c;
	const struct region_rules *rules;
	uint32_t nearest_id;

	memset(c, 0, sizeof(*c));
	c->active = true;
	c->id = (uint32_t)s->count;
	c->down_us = c->last_us = p->time_us;
	c->x = x;
	c->y = y;
	c->region_at = scalp_region_at(s->setup.scalp, x, y);
	c->region = c->region_at == SCALP_NO_REGION ? 0 : c->region_at;
	c->cls = DEPOSIT_SHALLOW;
	rules = &s->rules[c->region];
	emit(out, n, SIM_CONTACT_BEGAN, p->time_us, c, x, y);

	if (!in_zone(s, x, y, c->region_at))
		raise_fault(c, DEPOSIT_OUTSIDE_ZONE, out, n, p->time_us, x, y);
	c->nearest = deposit_grid_nearest(s->grid, x, y, rules->spacing.neighbourhood_mm,
					  &nearest_id);
	if (c->nearest >= 0 && c->nearest < rules->spacing.too_close_mm)
		raise_fault(c, DEPOSIT_TOO_CLOSE, out, n, p->time_us, x, y);
	else if (c->nearest > rules->spacing.gap_mm)
		raise_fault(c, DEPOSIT_GAP, out, n, p->time_us, x, y);
}

static void deepen(struct sim_session *s, const struct pen_sample *p, double x,
		   double y, struct sim_event *out, int *n)
{
	struct contact *c = &s->c;
	const struct scalp_model *m = s->setup.scalp;
	const struct scalp_region *r = &m->regions[c->region];
	const struct region_rules *rules = &s->rules[c->region];
	double force = sim_setup_force_n(&s->setup, p->pressure);
	double depth = deposit_depth_mm(s->setup.needle, &m->tissues[r->tissue], force);
	double tail = hypot(x - c->x, y - c->y);
	double tilt = 0, dir = 0;

	c->last_us = p->time_us;
	if (p->flags & PEN_HAS_TILT)
		deposit_tilt(p->tilt_x_deg, p->tilt_y_deg, &tilt, &dir);
	if (depth > c->depth) {
		enum deposit_depth_class cls = deposit_classify_depth(r, depth);

		c->depth = depth;
		c->force = force;
		c->tilt = tilt;
		c->tilt_dir = dir;
		while (c->cls < cls) {
			c->cls++;
			emit(out, n, SIM_DEPTH_CROSSED, p->time_us, c, x, y);
		}
		if (cls == DEPOSIT_OVERDEEP)
			raise_fault(c, DEPOSIT_OVERDEEP_FAULT, out, n, p->time_us, x, y);
	}
	emit(out, n, SIM_NEEDLE_DEPTH, p->time_us, c, x, y)->depth_mm = depth;
	if (tail > c->tail)
		c->tail = tail;
	if (c->tail > rules->technique.tail_max_mm)
		raise_fault(c, DEPOSIT_TAIL, out, n, p->time_us, x, y);
	if (c->tail > rules->technique.drag_line_mm)
		raise_fault(c, DEPOSIT_DRAG_LINE, out, n, p->time_us, x, y);
	if (tilt > rules->technique.oblique_max_deg)
		raise_fault(c, DEPOSIT_OBLIQUE, out, n, p->time_us, x, y);
}

static int finish(struct sim_session *s, int64_t t, double x, double y,
		  struct sim_event *out, int *n)
{
	struct contact *c = &s->c;
	const struct scalp_model *m = s->setup.scalp;
	const struct scalp_region *r = &m->regions[c->region];
	const struct scalp_tissue *tissue = &m->tissues[r->tissue];
	struct deposit *d;
	struct overlap near;

	if (s->count == s->capacity) {
		size_t cap = s->capacity * 2;
		struct deposit *grown = realloc(s->deposits, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		s->deposits = grown;
		s->capacity = cap;
	}
	d = &s->deposits[s->count];
	memset(d, 0, sizeof(*d));
	d->id = c->id;
	d->down_us = c->down_us;
	d->up_us = t;
	d->x_mm = c->x;
	d->y_mm = c->y;
	d->region = c->region_at;
	d->depth_mm = c->depth;
	d->force_n = c->force;
	d->diameter_mm = deposit_diameter_mm(s->setup.needle, tissue, c->depth,
					     (t - c->down_us) / 1e6);
	d->blur_mm = deposit_blur_mm(tissue, r, c->depth);
	d->tail_mm = c->tail;
	d->tilt_deg = c->tilt;
	d->skew_ratio = deposit_skew_ratio(c->tilt);
	d->skew_angle_deg = c->tilt_dir;
	d->nearest_mm = c->nearest;
	d->depth_class = c->cls;
	d->kind = (c->faults & DEPOSIT_DRAG_LINE) ? DEPOSIT_LINE : DEPOSIT_DOT;

	/* Judged against the earlier dots, before this one joins the grid;
	 * taken after the array may have moved. */
	near = (struct overlap){ .all = s->deposits, .diameter = d->diameter_mm };
	deposit_grid_visit(s->grid, c->x, c->y, (d->diameter_mm + s->max_diameter) / 2,
			   find_overlap, &near);
	if (deposit_grid_insert(s->grid, c->id, c->x, c->y) < 0)
		return -ENOMEM;
	s->count++;
	if (d->diameter_mm > s->max_diameter)
		s->max_diameter = d->diameter_mm;
	if (near.merged)
		raise_fault(c, DEPOSIT_MERGED, out, n, t, x, y);
	if (c->cls == DEPOSIT_SHALLOW)
		raise_fault(c, DEPOSIT_SHALLOW_FAULT, out, n, t, x, y);
	d->faults = c->faults;
	emit(out, n, SIM_DEPOSIT_FINISHED, t, c, x, y);
	c->active = false;
	return 0;
}

int sim_session_step(struct sim_session *s, const struct pen_sample *p,
		     struct sim_event *out)
{
	bool down = (p->flags & PEN_TIP_DOWN) && (p->flags & PEN_IN_PROXIMITY);
	double x, y;
	int n = 0, rc;

	s->last_us = p->time_us;
	to_scalp(s, p, &x, &y);
	if (down && !s->c.active)
		begin(s, p, x, y, out, &n);
	if (down) {
		deepen(s, p, x, y, out, &n);
		return n;
	}
	if (s->c.active && (rc = finish(s, p->time_us, x, y, out, &n)) < 0)
		return rc;
	return n;
}

int sim_session_finish(struct sim_session *s, struct sim_event *out)
{
	int n = 0, rc;

	if (!s->c.active)
		return 0;
	rc = finish(s, s->c.last_us, s->c.x, s->c.y, out, &n);
	return rc < 0 ? rc : n;
}

size_t sim_session_deposit_count(const struct sim_session *s)
{
	return s->count;
}

const struct deposit *sim_session_deposit(const struct sim_session *s, uint32_t id)
{
	return id < s->count ? &s->deposits[id] : NULL;
}

const struct sim_setup *sim_session_setup(const struct sim_session *s)
{
	return &s->setup;
}

const char *sim_event_kind_name(enum sim_event_kind kind)
{
	switch (kind) {
	case SIM_CONTACT_BEGAN: return "contact-began";
	case SIM_NEEDLE_DEPTH: return "needle-depth";
	case SIM_DEPTH_CROSSED: return "depth-crossed";
	case SIM_FAULT: return "fault";
	case SIM_DEPOSIT_FINISHED: return "deposit-finished";
	}
	return "?";
}
