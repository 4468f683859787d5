/* pen_assembler: evdev events in, pen_samples out.
 *
 * Events update a pending copy of the axis and key state; at SYN_REPORT the
 * pending state is committed and judged as a whole, so a sample never mixes
 * two frames. Rules, after libinput's evdev-tablet.c:
 *  - tip down when pressure reaches offset + tip_down * range, up when it
 *    falls to offset + tip_up * range; BTN_TOUCH only without a pressure axis;
 *  - the pressure offset of a worn pen is the pressure seen on proximity-in
 *    (if at most 20% of the range, and, with a distance axis, while the pen
 *    is in the far half of it); any lower reading later lowers it;
 *  - a device without tool keys is in proximity while it reports axes;
 *  - where proximity-out may never come, silence longer than the timeout
 *    with the tip up forces one, stamped at last frame + timeout, so a replay
 *    and the live path (which calls pen_assembler_idle()) agree exactly.
 * Axis values are int32 and may lie anywhere, inside the declared range or
 * not: every difference between two of them is taken in double, which
 * holds any of them exactly.
 */
#include "pen_assembler.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OFFSET_MAX_FRACTION 0.20
#define DISTANCE_FAR_FRACTION 0.50
#define WACOM_MAX_DEGREES 64.0

struct axis_state {
	int32_t x, y, pressure, tilt_x, tilt_y, distance;
	bool key_pen, key_eraser, key_touch;
};

struct pen_assembler {
	struct pen_geometry geo;
	struct pen_assembler_config config;
	struct input_absinfo ax, ay, pressure_info, tilt_x_info, tilt_y_info,
		distance_info;
	bool has_pressure, has_tilt, has_distance, has_tool_keys;

	struct axis_state committed, pending;
	bool frame_has_axes;

	bool in_proximity, tip_down, forced_out, force_enabled;
	enum pen_tool tool;
	bool has_offset;
	int32_t offset;

	bool have_origin;
	int64_t origin_us, last_frame_us;
	struct pen_sample last;
};

void pen_assembler_config_default(struct pen_assembler_config *config)
{
	config->tip_down = 0.05;
	config->tip_up = 0.01;
	config->proximity_timeout_us = 50000;
	config->proximity_out = PEN_PROXIMITY_OUT_UNKNOWN;
}

int pen_assembler_new(const struct pen_device *dev,
		      const struct pen_geometry *geo,
		      const struct pen_assembler_config *config,
		      struct pen_assembler **out)
{
	struct pen_assembler *pa;
	struct pen_assembler_config defaults;

	*out = NULL;
	if (!config) {
		pen_assembler_config_default(&defaults);
		config = &defaults;
	}
	if (!(config->tip_up > 0 && config->tip_up < config->tip_down &&
	      config->tip_down < 1) || config->proximity_timeout_us <= 0 ||
	    !(geo->x_units_per_mm > 0 && geo->y_units_per_mm > 0))
		return -EINVAL;
	pa = calloc(1, sizeof(*pa));
	if (!pa)
		return -ENOMEM;
	pa->geo = *geo;
	pa->config = *config;
	pa->ax = dev->abs[ABS_X];
	pa->ay = dev->abs[ABS_Y];
	pa->pressure_info = dev->abs[ABS_PRESSURE];
	pa->tilt_x_info = dev->abs[ABS_TILT_X];
	pa->tilt_y_info = dev->abs[ABS_TILT_Y];
	pa->distance_info = dev->abs[ABS_DISTANCE];
	pa->has_pressure = pen_device_has(dev, EV_ABS, ABS_PRESSURE) &&
			   pa->pressure_info.maximum > pa->pressure_info.minimum;
	pa->has_tilt = pen_device_has(dev, EV_ABS, ABS_TILT_X) &&
		       pen_device_has(dev, EV_ABS, ABS_TILT_Y);
	pa->has_distance = pen_device_has(dev, EV_ABS, ABS_DISTANCE) &&
			   pa->distance_info.maximum > pa->distance_info.minimum;
	pa->has_tool_keys = pen_device_has(dev, EV_KEY, BTN_TOOL_PEN) ||
			    pen_device_has(dev, EV_KEY, BTN_TOOL_RUBBER);
	pa->force_enabled = config->proximity_out != PEN_PROXIMITY_OUT_SENT ||
			    !pa->has_tool_keys;
	pa->offset = pa->pressure_info.minimum;
	pa->committed.pressure = pa->pressure_info.minimum;
	pa->pending = pa->committed;
	*out = pa;
	return 0;
}

void pen_assembler_free(struct pen_assembler *pa)
{
	free(pa);
}

int pen_assembler_pressure_offset(const struct pen_assembler *pa)
{
	return pa->offset;
}

static double pressure_range(const struct pen_assembler *pa)
{
	return (double)pa->pressure_info.maximum - pa->pressure_info.minimum;
}

static double tilt_degrees(const struct input_absinfo *a, int32_t v)
{
	double range = (double)a->maximum - a->minimum;

	/* With a resolution (units per radian) and a range around zero, the
	 * kernel's value is an angle; else map the range onto Wacom's ±64°. */
	if (a->resolution > 0 && a->maximum > 0 && a->minimum < 0)
		return 180.0 / M_PI * v / a->resolution;
	if (range <= 0)
		return 0;
	return (((double)v - a->minimum) / range * 2 - 1) * WACOM_MAX_DEGREES;
}

static void detect_offset(struct pen_assembler *pa, int32_t p)
{
	const struct input_absinfo *d = &pa->distance_info;
	int32_t min = pa->pressure_info.minimum;

	if (pa->has_offset || p <= min ||
	    (double)p - min > OFFSET_MAX_FRACTION * pressure_range(pa))
		return;
	if (pa->has_distance &&
	    pa->pending.distance < d->minimum + DISTANCE_FAR_FRACTION *
				   ((double)d->maximum - d->minimum))
		return;
	pa->offset = p;
	pa->has_offset = true;
}

static void fill_sample(const struct pen_assembler *pa,
			const struct axis_state *st, int64_t t,
			struct pen_sample *s)
{
	s->time_us = t - pa->origin_us;
	s->x_mm = ((double)st->x - pa->ax.minimum) / pa->geo.x_units_per_mm;
	s->y_mm = ((double)st->y - pa->ay.minimum) / pa->geo.y_units_per_mm;
	s->pressure = 0;
	if (pa->has_pressure && pa->pressure_info.maximum > pa->offset) {
		double v = ((double)st->pressure - pa->offset) /
			   ((double)pa->pressure_info.maximum - pa->offset);
		s->pressure = v < 0 ? 0 : v > 1 ? 1 : v;
	}
	s->tilt_x_deg = s->tilt_y_deg = 0;
	if (pa->has_tilt) {
		s->tilt_x_deg = tilt_degrees(&pa->tilt_x_info, st->tilt_x);
		s->tilt_y_deg = tilt_degrees(&pa->tilt_y_info, st->tilt_y);
	}
	s->tool = pa->tool;
	s->flags = (pa->in_proximity ? PEN_IN_PROXIMITY : 0) |
		   (pa->tip_down ? PEN_TIP_DOWN : 0) |
		   (pa->has_tilt ? PEN_HAS_TILT : 0);
}

/* The tool leaves. Kernels zero the axes in the out frame, so the sample
 * takes its place from @where, the last frame the tool was in. */
static size_t proximity_out(struct pen_assembler *pa,
			    const struct axis_state *where, int64_t t,
			    uint32_t extra, struct pen_sample *out)
{
	bool was_down = pa->tip_down;

	pa->in_proximity = false;
	pa->tip_down = false;
	fill_sample(pa, where, t, out);
	out->pressure = 0;
	out->flags |= PEN_PROXIMITY_OUT | extra | (was_down ? PEN_TIP_UP_EDGE : 0);
	pa->tool = PEN_TOOL_NONE;
	pa->last = *out;
	return 1;
}

static size_t forced_out_if_due(struct pen_assembler *pa, int64_t now,
				struct pen_sample *out)
{
	int64_t due = pa->last_frame_us + pa->config.proximity_timeout_us;

	if (!pa->in_proximity || pa->tip_down || !pa->force_enabled || now <= due)
		return 0;
	pa->forced_out = true;
	return proximity_out(pa, &pa->committed, due, PEN_SYNTHESIZED, out);
}

static enum pen_tool keyed_tool(const struct axis_state *st)
{
	return st->key_eraser ? PEN_TOOL_ERASER :
	       st->key_pen ? PEN_TOOL_PEN : PEN_TOOL_NONE;
}

static void update_tip(struct pen_assembler *pa, uint32_t *flags)
{
	bool down = pa->tip_down;

	if (pa->has_pressure) {
		double range = pressure_range(pa);
		double p = pa->committed.pressure;

		if (pa->has_offset && p < pa->offset)
			pa->offset = (int32_t)p;
		if (!down && p >= pa->offset + pa->config.tip_down * range)
			down = true;
		else if (down && p <= pa->offset + pa->config.tip_up * range)
			down = false;
	} else {
		down = pa->committed.key_touch;
	}
	if (down != pa->tip_down)
		*flags |= down ? PEN_TIP_DOWN_EDGE : PEN_TIP_UP_EDGE;
	pa->tip_down = down;
}

static size_t frame(struct pen_assembler *pa, int64_t t, struct pen_sample *out)
{
	struct axis_state before = pa->committed;
	enum pen_tool was, now_tool;
	uint32_t flags = 0;
	size_t n = forced_out_if_due(pa, t, out);
	bool axes = pa->frame_has_axes;

	pa->committed = pa->pending;
	pa->frame_has_axes = false;
	pa->last_frame_us = t;
	was = pa->in_proximity ? pa->tool : PEN_TOOL_NONE;

	if (pa->has_tool_keys) {
		now_tool = keyed_tool(&pa->committed);
		if (keyed_tool(&before) != PEN_TOOL_NONE && now_tool != keyed_tool(&before)) {
			/* A real release: this device does send proximity-out. */
			if (pa->config.proximity_out == PEN_PROXIMITY_OUT_UNKNOWN)
				pa->force_enabled = false;
			pa->forced_out = false;
		}
		if (pa->forced_out && now_tool != PEN_TOOL_NONE && !axes)
			now_tool = PEN_TOOL_NONE; /* still out until it moves */
		else if (now_tool != PEN_TOOL_NONE)
			pa->forced_out = false;
	} else {
		now_tool = (pa->in_proximity || axes) ? PEN_TOOL_PEN : PEN_TOOL_NONE;
	}

	if (was != PEN_TOOL_NONE && now_tool != was) {
		pa->tool = was;
		n += proximity_out(pa, &before, t, 0, out + n);
	}
	if (now_tool == PEN_TOOL_NONE)
		return n;
	if (!pa->in_proximity) {
		pa->in_proximity = true;
		pa->tool = now_tool;
		flags |= PEN_PROXIMITY_IN;
		if (pa->has_pressure)
			detect_offset(pa, pa->committed.pressure);
	}
	update_tip(pa, &flags);
	fill_sample(pa, &pa->committed, t, &out[n]);
	out[n].flags |= flags;
	pa->last = out[n];
	return n + 1;
}

static int64_t event_us(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

size_t pen_assembler_push(struct pen_assembler *pa, const struct input_event *ev,
			  struct pen_sample *out)
{
	struct axis_state *st = &pa->pending;

	if (!pa->have_origin) {
		pa->have_origin = true;
		pa->origin_us = pa->last_frame_us = event_us(ev);
	}
	switch (ev->type) {
	case EV_SYN:
		if (ev->code == SYN_REPORT)
			return frame(pa, event_us(ev), out);
		if (ev->code == SYN_DROPPED) {
			*st = pa->committed;
			pa->frame_has_axes = false;
		}
		return 0;
	case EV_ABS:
		switch (ev->code) {
		case ABS_X: st->x = ev->value; break;
		case ABS_Y: st->y = ev->value; break;
		case ABS_PRESSURE: st->pressure = ev->value; break;
		case ABS_TILT_X: st->tilt_x = ev->value; break;
		case ABS_TILT_Y: st->tilt_y = ev->value; break;
		case ABS_DISTANCE: st->distance = ev->value; break;
		default: return 0;
		}
		pa->frame_has_axes = true;
		return 0;
	case EV_KEY:
		switch (ev->code) {
		case BTN_TOOL_PEN:
		case BTN_TOOL_BRUSH:
		case BTN_TOOL_PENCIL:
		case BTN_TOOL_AIRBRUSH:
			st->key_pen = ev->value != 0;
			break;
		case BTN_TOOL_RUBBER:
			st->key_eraser = ev->value != 0;
			break;
		case BTN_TOUCH:
			st->key_touch = ev->value != 0;
			break;
		default:
			break;
		}
		return 0;
	default:
		return 0;
	}
}

size_t pen_assembler_idle(struct pen_assembler *pa, const struct timeval *now,
			  struct pen_sample *out)
{
	if (!pa->have_origin)
		return 0;
	return forced_out_if_due(pa, (int64_t)now->tv_sec * 1000000 + now->tv_usec,
				 out);
}

size_t pen_assembler_finish(struct pen_assembler *pa, struct pen_sample *out)
{
	if (!pa->have_origin)
		return 0;
	return forced_out_if_due(pa, INT64_MAX, out);
}
