/* session_gen: tap tables into evemu frames.
 *
 * A tap, with T its touch-down and r the report period, is these frames:
 *   T - approach            BTN_TOOL_PEN 1, X, Y, PRESSURE 0 (hovering in
 *                           from approach_mm to the left of the entry point)
 *   ... every r             X moving towards the entry point
 *   T                       BTN_TOUCH 1, PRESSURE contact_pressure
 *   ... every r to T+rise   pressure rising linearly to the peak
 *   ... every r for dwell   at the peak, X moving linearly by drag_mm
 *   ... every r for fall    pressure falling back to contact_pressure
 *   lift = T+rise+dwell+fall+r   BTN_TOUCH 0, PRESSURE 0
 *   ... every r             hovering still (SYN only)
 *   lift + leave            BTN_TOOL_PEN 0
 * Each frame carries only the values that changed, then SYN_REPORT, as
 * evdev sends them. With 5 % tip-down and 1 % tip-up thresholds the
 * simulator's contact is exactly [T, lift).
 *
 * The taps of the shipped sessions sit in the mid-scalp region of
 * frontal-temporal (x 60..66 mm, y 50 and 60 mm; spacing there: too close
 * < 0.6 mm, gap > 1.6 mm with a dot within 3 mm, tail > 0.3 mm), apart from
 * the two "outside" taps at x 170 and 175, beyond the scalp's 160 mm.
 * Depth = 2 (1 - exp(-F / 1.5)) with F = 4.4 N x pressure: 0.20 gives
 * 0.89 mm (in band 0.5..1.2), 0.70 gives 1.74 mm (overdeep > 1.5), 0.08
 * gives 0.42 mm (shallow).
 */
#include "session_gen.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "evemu_writer.h"

#define NONE AUDIO_CUE_COUNT

static const struct session_gen_tap known_faults[] = {
	/* t_ms   x_mm    y_mm  pressure dwell drag  cue */
	{  300,  60.0,   50.0,  0.20,   100, 0.0, NONE },  /* starts a patch */
	{  600,  60.4,   50.0,  0.20,   100, 0.0, AUDIO_CUE_CROWDED },  /* 0.4 mm */
	{ 1000,  62.5,   50.0,  0.20,   100, 0.0, AUDIO_CUE_GAP },      /* 2.1 mm */
	{ 1400,  63.5,   50.0,  0.70,    60, 0.0, AUDIO_CUE_OVERDEEP },
	{ 1800,  64.5,   50.0,  0.20,   100, 0.6, AUDIO_CUE_TAIL },
	{ 2200,  65.5,   50.0,  0.08,    60, 0.0, AUDIO_CUE_SHALLOW },  /* at the lift */
	{ 2700, 170.0,   50.0,  0.20,   100, 0.0, AUDIO_CUE_OUTSIDE },
	{ 3100,  60.0,   60.0,  0.20,   100, 0.0, NONE },  /* a second patch */
	{ 3400, 175.0,   60.0,  0.20,   100, 0.0, AUDIO_CUE_OUTSIDE },
	{ 3800,  61.0,   60.0,  0.08,    60, 0.0, AUDIO_CUE_SHALLOW },
	{ 4300,  62.0,   60.0,  0.20,   100, 0.5, AUDIO_CUE_TAIL },
	{ 4700,  64.0,   60.0,  0.20,   100, 0.0, AUDIO_CUE_GAP },      /* 2.0 mm */
	{ 5100,  65.0,   60.0,  0.70,    60, 0.0, AUDIO_CUE_OVERDEEP },
	{ 5500,  65.5,   60.0,  0.20,   100, 0.0, AUDIO_CUE_CROWDED },  /* 0.5 mm */
};

/* In band (0.15 to 0.28: 0.71 to 1.12 mm), 0.8 to 1.4 mm apart, drags
 * under the 0.3 mm tail threshold. */
static const struct session_gen_tap clean[] = {
	{  300,  60.0,   40.0,  0.20,   100, 0.0, NONE },
	{  600,  61.0,   40.0,  0.15,    60, 0.0, NONE },
	{  900,  62.2,   40.0,  0.25,   150, 0.1, NONE },
	{ 1200,  63.0,   40.0,  0.28,   100, 0.0, NONE },
	{ 1500,  64.4,   40.0,  0.20,    80, 0.2, NONE },
	{ 1800,  64.4,   41.0,  0.22,   100, 0.0, NONE },
	{ 2100,  63.4,   41.2,  0.18,   120, 0.0, NONE },
	{ 2400,  62.3,   41.0,  0.20,   100, 0.0, NONE },
};

const struct session_gen_session session_gen_known_faults = {
	"known-faults", known_faults, sizeof(known_faults) / sizeof(known_faults[0]),
};

const struct session_gen_session session_gen_clean = {
	"clean", clean, sizeof(clean) / sizeof(clean[0]),
};

void session_gen_hand_default(struct session_gen_hand *h)
{
	*h = (struct session_gen_hand){
		.report_us = 5000,
		.approach_us = 30000,
		.approach_mm = 0.3,
		.rise_us = 10000,
		.fall_us = 10000,
		.leave_us = 20000,
		.contact_pressure = 0.06,
	};
}

void session_gen_device(struct pen_device *dev)
{
	static const struct { unsigned int code; int max; } axes[] = {
		{ ABS_X, SESSION_GEN_WIDTH_MM * SESSION_GEN_UNITS_PER_MM },
		{ ABS_Y, SESSION_GEN_HEIGHT_MM * SESSION_GEN_UNITS_PER_MM },
		{ ABS_PRESSURE, SESSION_GEN_PRESSURE_MAX },
	};

	pen_device_init(dev);
	snprintf(dev->name, sizeof(dev->name), "smpsim synthetic pen");
	dev->id.bustype = BUS_VIRTUAL;
	dev->id.vendor = 0;
	dev->id.product = 0;
	dev->id.version = 1;
	pen_device_enable(dev, EV_SYN, SYN_REPORT);
	pen_device_enable(dev, EV_KEY, BTN_TOOL_PEN);
	pen_device_enable(dev, EV_KEY, BTN_TOUCH);
	for (size_t i = 0; i < sizeof(axes) / sizeof(axes[0]); i++) {
		pen_device_enable(dev, EV_ABS, axes[i].code);
		dev->abs[axes[i].code].minimum = 0;
		dev->abs[axes[i].code].maximum = axes[i].max;
		dev->abs[axes[i].code].resolution =
			axes[i].code == ABS_PRESSURE ? 0 : SESSION_GEN_UNITS_PER_MM;
	}
}

int64_t session_gen_lift_us(const struct session_gen_hand *h,
			    const struct session_gen_tap *tap)
{
	return (int64_t)tap->t_ms * 1000 + h->rise_us + (int64_t)tap->dwell_ms * 1000 +
	       h->fall_us + h->report_us;
}

/* The pen's state as the device last reported it. */
struct pen_state {
	bool in, touch;
	int x, y, pressure;
};

struct writer {
	FILE *f;
	const struct timeval origin;
	struct pen_state sent;
	int error;
};

static void put(struct writer *w, int64_t t_us, unsigned int type, unsigned int code,
		int value)
{
	struct input_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.input_event_sec = (time_t)(t_us / 1000000);
	ev.input_event_usec = (suseconds_t)(t_us % 1000000);
	ev.type = (uint16_t)type;
	ev.code = (uint16_t)code;
	ev.value = value;
	if (!w->error)
		w->error = evemu_writer_event(w->f, &ev, &w->origin);
}

/* One frame: whatever differs from what was sent, then SYN_REPORT. */
static void frame(struct writer *w, int64_t t_us, const struct pen_state *s)
{
	if (s->in != w->sent.in && s->in)
		put(w, t_us, EV_KEY, BTN_TOOL_PEN, 1);
	if (s->x != w->sent.x)
		put(w, t_us, EV_ABS, ABS_X, s->x);
	if (s->y != w->sent.y)
		put(w, t_us, EV_ABS, ABS_Y, s->y);
	if (s->pressure != w->sent.pressure)
		put(w, t_us, EV_ABS, ABS_PRESSURE, s->pressure);
	if (s->touch != w->sent.touch)
		put(w, t_us, EV_KEY, BTN_TOUCH, s->touch);
	if (s->in != w->sent.in && !s->in)
		put(w, t_us, EV_KEY, BTN_TOOL_PEN, 0);
	put(w, t_us, EV_SYN, SYN_REPORT, 0);
	w->sent = *s;
}

static int units(double mm)
{
	return (int)lround(mm * SESSION_GEN_UNITS_PER_MM);
}

static int pressure_units(double p)
{
	return (int)lround(p * SESSION_GEN_PRESSURE_MAX);
}

static bool multiple(int64_t us, int period)
{
	return us >= 0 && us % period == 0;
}

static bool on_pad(double x, double y)
{
	return x >= 0 && y >= 0 && x <= SESSION_GEN_WIDTH_MM && y <= SESSION_GEN_HEIGHT_MM;
}

static int check(const struct session_gen_hand *h, const struct session_gen_session *s)
{
	int64_t free_from = h->report_us; /* after the opening frame at 0 */

	if (h->report_us <= 0 || !multiple(h->approach_us, h->report_us) ||
	    !multiple(h->rise_us, h->report_us) || !multiple(h->fall_us, h->report_us) ||
	    !multiple(h->leave_us, h->report_us) || h->approach_us < h->report_us ||
	    h->leave_us < h->report_us || !(h->approach_mm >= 0) ||
	    !(h->contact_pressure > 0.05 && h->contact_pressure < 1))
		return -EINVAL;
	for (size_t i = 0; i < s->count; i++) {
		const struct session_gen_tap *t = &s->taps[i];
		int64_t touch = (int64_t)t->t_ms * 1000;

		if (!multiple(touch, h->report_us) ||
		    !multiple((int64_t)t->dwell_ms * 1000, h->report_us) ||
		    touch - h->approach_us < free_from ||
		    !(t->pressure > h->contact_pressure && t->pressure <= 1) ||
		    !(t->drag_mm >= 0) || !on_pad(t->x_mm - h->approach_mm, t->y_mm) ||
		    !on_pad(t->x_mm + t->drag_mm, t->y_mm))
			return -EINVAL;
		free_from = session_gen_lift_us(h, t) + h->leave_us + h->report_us;
	}
	return 0;
}

static void tap(struct writer *w, const struct session_gen_hand *h,
		const struct session_gen_tap *t)
{
	int64_t r = h->report_us, touch = (int64_t)t->t_ms * 1000;
	int64_t hold = touch + h->rise_us, release = hold + (int64_t)t->dwell_ms * 1000;
	int64_t fallen = release + h->fall_us, lift = fallen + r;
	double contact = h->contact_pressure;
	struct pen_state s = { .in = true, .y = units(t->y_mm) };

	/* Hovering in along x, reaching the entry point at the touch. */
	for (int64_t at = touch - h->approach_us; at < touch; at += r) {
		s.x = units(t->x_mm - h->approach_mm * (double)(touch - at) / h->approach_us);
		frame(w, at, &s);
	}
	s.touch = true;
	for (int64_t at = touch; at < lift; at += r) {
		double p, drag;

		if (at < hold)
			p = contact + (t->pressure - contact) * (double)(at - touch) / h->rise_us;
		else if (at <= release)
			p = t->pressure;
		else
			p = t->pressure - (t->pressure - contact) * (double)(at - release) /
					  h->fall_us;
		drag = at <= hold ? 0 : at >= release ? t->drag_mm :
		       t->drag_mm * (double)(at - hold) / (double)(release - hold);
		s.x = units(t->x_mm + drag);
		s.pressure = pressure_units(p);
		frame(w, at, &s);
	}
	s.touch = false;
	s.pressure = 0;
	for (int64_t at = lift; at < lift + h->leave_us; at += r)
		frame(w, at, &s);
	s.in = false;
	frame(w, lift + h->leave_us, &s);
}

int session_gen_write(FILE *f, const struct session_gen_hand *h,
		      const struct session_gen_session *s)
{
	struct writer w = { .f = f, .origin = { 0, 0 } };
	struct pen_device dev;
	int rc;

	if ((rc = check(h, s)) < 0)
		return rc;
	session_gen_device(&dev);
	if ((rc = evemu_writer_description(f, &dev)) < 0)
		return rc;
	/* The state at the start: pen away, parked at the first entry point
	 * (every value is written, whatever it is). */
	w.sent = (struct pen_state){ .x = -1, .y = -1, .pressure = -1 };
	frame(&w, 0, &(struct pen_state){
		.x = s->count ? units(s->taps[0].x_mm) : 0,
		.y = s->count ? units(s->taps[0].y_mm) : 0,
	});
	for (size_t i = 0; i < s->count; i++)
		tap(&w, h, &s->taps[i]);
	if (!w.error && fflush(f) != 0)
		w.error = -EIO;
	return w.error;
}

int session_gen_write_file(const char *path, const struct session_gen_hand *hand,
			   const struct session_gen_session *session)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -errno;
	rc = session_gen_write(f, hand, session);
	if (fclose(f) != 0 && rc == 0)
		rc = -EIO;
	if (rc < 0)
		remove(path);
	return rc;
}
