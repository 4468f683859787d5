/* pen_assembler: evdev events in, pen_samples out.
 *
 * Events update a pending copy of the axis and key state; at SYN_REPORT the
 * pending state is committed and judged as a whole, so a sample never mixes
 * two frames. Rules, after libinput 1.22's evdev-tablet.c (and checked
 * against it by test-libinput-contacts):
 *  - each tool (pen, eraser, brush, pencil, airbrush) has its own tip
 *    thresholds in device units, tip_down and tip_up of the range above the
 *    minimum, truncated as libinput truncates them: down at >= upper, up at
 *    <= lower; BTN_TOUCH only without a pressure axis;
 *  - on a device with a distance axis, a worn tool's pressure offset is the
 *    pressure seen on proximity-in (if at most 20% of the range and the tool
 *    is in the far half of the distance); the thresholds then become offset
 *    and offset + their old gap; any lower reading later lowers them again;
 *  - a second tool key pressed while one is held takes over, except the
 *    pen's (kernels that do this mean the eraser);
 *  - a device without tool keys is in proximity while it reports axes;
 *  - where proximity-out may never come, silence longer than the timeout
 *    with the pen's tip up forces one, stamped at last frame + timeout, so a
 *    replay and the live path (which calls pen_assembler_idle()) agree.
 * Axis values are int32 and may lie anywhere, inside the declared range or
 * not: every difference between two of them is taken in double (or
 * int64), which holds any of them exactly.
 */
#include "pen_assembler.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OFFSET_MAX_FRACTION 0.20
#define DISTANCE_FAR_FRACTION 0.50
#define WACOM_MAX_DEGREES 64.0

#define TOOL_BIT(tool) (1u << (tool))

struct axis_state {
	int32_t x, y, pressure, tilt_x, tilt_y, distance;
	unsigned int tools; /* TOOL_BIT() of each tool key held */
	bool key_touch;
};

/* One tool's tip thresholds and pressure offset (libinput keeps them per
 * tool: each end of a pen wears on its own). */
struct tool_pressure {
	bool has_offset;
	int32_t offset;        /* the axis minimum until wear is seen */
	int32_t lower, upper;  /* tip up at <= lower, down at >= upper */
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
	enum pen_tool tool, last_tool;
	struct tool_pressure tools[PEN_TOOL_COUNT];
	int32_t offset;         /* the offset of the tool in proximity (or last) */

	bool have_origin;
	int64_t origin_us, last_frame_us;
	struct pen_sample last;
};

/* libinput's axis_range_percentage(): @p fraction of the range above the
 * minimum, truncated to a device unit, computed as libinput computes it
 * (range * percent / 100) so that the two truncate alike. */
static int32_t range_fraction(const struct input_absinfo *a, double fraction)
{
	return (int32_t)(((double)a->maximum - a->minimum) * (fraction * 100) / 100.0 +
			 a->minimum);
}

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
	pa->has_tool_keys = false;
	for (unsigned int code = BTN_TOOL_PEN; code <= BTN_TOOL_AIRBRUSH; code++)
		pa->has_tool_keys |= pen_device_has(dev, EV_KEY, code);
	pa->force_enabled = config->proximity_out != PEN_PROXIMITY_OUT_SENT ||
			    !pa->has_tool_keys;
	pa->offset = pa->pressure_info.minimum;
	pa->last_tool = PEN_TOOL_PEN;
	for (size_t i = 0; i < PEN_TOOL_COUNT; i++) {
		struct tool_pressure *tp = &pa->tools[i];

		tp->offset = pa->pressure_info.minimum;
		tp->upper = range_fraction(&pa->pressure_info, config->tip_down);
		tp->lower = range_fraction(&pa->pressure_info, config->tip_up);
	}
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

/* The offset and the thresholds above it; the gap between the two
 * thresholds stays as it was (libinput's set_offset). */
static void set_offset(struct pen_assembler *pa, struct tool_pressure *tp,
		       int32_t offset)
{
	int64_t upper = (int64_t)offset + ((int64_t)tp->upper - tp->lower);

	tp->has_offset = true;
	tp->offset = offset;
	tp->lower = offset;
	tp->upper = upper > INT32_MAX ? INT32_MAX : (int32_t)upper;
	pa->offset = offset;
}

/* On proximity-in. libinput 1.22 looks for wear only on devices with a
 * distance axis, where it can tell hovering from touching. */
static void detect_offset(struct pen_assembler *pa, struct tool_pressure *tp,
			  int32_t p)
{
	if (tp->has_offset || !pa->has_distance || p <= pa->pressure_info.minimum)
		return;
	if (pa->committed.distance <
	    range_fraction(&pa->distance_info, DISTANCE_FAR_FRACTION))
		return;
	if (p > range_fraction(&pa->pressure_info, OFFSET_MAX_FRACTION))
		return;
	set_offset(pa, tp, p);
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

	/* libinput times out the pen alone: the devices that never report
	 * proximity-out have no other tool. */
	if (!pa->in_proximity || pa->tip_down || !pa->force_enabled || now <= due ||
	    pa->tool != PEN_TOOL_PEN)
		return 0;
	pa->forced_out = true;
	return proximity_out(pa, &pa->committed, due, PEN_SYNTHESIZED, out);
}

static enum pen_tool lowest_tool(unsigned int tools)
{
	for (unsigned int t = PEN_TOOL_PEN; t < PEN_TOOL_COUNT; t++)
		if (tools & TOOL_BIT(t))
			return (enum pen_tool)t;
	return PEN_TOOL_NONE;
}

/* The tool the held keys mean. Kernels should hold one at a time; when a
 * second is pressed over the first, libinput lets a new eraser (or any tool
 * but the pen) take over and ignores a new pen (its issues #259 and #702),
 * and forgets the key it let go. The committed (and pending) keys are
 * corrected likewise, so that the next frame compares with what was used. */
static enum pen_tool held_tool(struct pen_assembler *pa, unsigned int before)
{
	unsigned int now = pa->committed.tools, added = now & ~before;

	if (now & (now - 1)) {
		if (added == TOOL_BIT(PEN_TOOL_PEN))
			now &= ~TOOL_BIT(PEN_TOOL_PEN);
		else if (added)
			now = TOOL_BIT(lowest_tool(added));
		pa->committed.tools = pa->pending.tools = now;
	}
	return lowest_tool(now);
}

static void update_tip(struct pen_assembler *pa, uint32_t *flags)
{
	bool down = pa->tip_down;

	if (pa->has_pressure) {
		struct tool_pressure *tp = &pa->tools[pa->tool];
		int32_t p = pa->committed.pressure;

		if (tp->has_offset && p < tp->offset)
			set_offset(pa, tp, p);
		if (!down && p >= tp->upper)
			down = true;
		else if (down && p <= tp->lower)
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
		enum pen_tool before_tool = lowest_tool(before.tools);

		now_tool = held_tool(pa, before.tools);
		if (before_tool != PEN_TOOL_NONE && now_tool != before_tool) {
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
		pa->tool = pa->last_tool = now_tool;
		pa->offset = pa->tools[now_tool].offset;
		flags |= PEN_PROXIMITY_IN;
		if (pa->has_pressure)
			detect_offset(pa, &pa->tools[now_tool], pa->committed.pressure);
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
		case BTN_TOOL_RUBBER:
		case BTN_TOOL_BRUSH:
		case BTN_TOOL_PENCIL:
		case BTN_TOOL_AIRBRUSH: {
			/* BTN_TOOL_PEN .. BTN_TOOL_AIRBRUSH are consecutive,
			 * in enum pen_tool's order. */
			unsigned int bit = TOOL_BIT(PEN_TOOL_PEN + (ev->code - BTN_TOOL_PEN));

			if (ev->value)
				st->tools |= bit;
			else
				st->tools &= ~bit;
			break;
		}
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
