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
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "evemu_writer.h"

#define NONE AUDIO_CUE_COUNT

/* The overdeep taps press to full scale, so that the first sample of the
 * rise (0.53 of full scale, 1.58 mm) is past overdeep already: deep and
 * overdeep are crossed on one sample, and only overdeep's cue sounds. The
 * deep taps (0.40: 1.38 mm, between the band's 1.2 and overdeep's 1.5)
 * cross from the band (0.23 at the first rise sample: 0.98 mm) at the
 * peak, rise_us after the touch. */
static const struct session_gen_tap known_faults[] = {
	/* t_ms   x_mm    y_mm  pressure dwell drag  cue */
	{  300,  60.0,   50.0,  0.20,   100, 0.0, NONE },  /* starts a patch */
	{  600,  60.4,   50.0,  0.20,   100, 0.0, AUDIO_CUE_CROWDED },  /* 0.4 mm */
	{ 1000,  62.5,   50.0,  0.20,   100, 0.0, AUDIO_CUE_GAP },      /* 2.1 mm */
	{ 1400,  63.5,   50.0,  1.00,    60, 0.0, AUDIO_CUE_OVERDEEP },
	{ 1800,  64.5,   50.0,  0.20,   100, 0.6, AUDIO_CUE_TAIL },
	{ 2200,  65.5,   50.0,  0.08,    60, 0.0, AUDIO_CUE_SHALLOW },  /* at the lift */
	{ 2700, 170.0,   50.0,  0.20,   100, 0.0, AUDIO_CUE_OUTSIDE },
	{ 3100,  60.0,   60.0,  0.20,   100, 0.0, NONE },  /* a second patch */
	{ 3400, 175.0,   60.0,  0.20,   100, 0.0, AUDIO_CUE_OUTSIDE },
	{ 3800,  61.0,   60.0,  0.08,    60, 0.0, AUDIO_CUE_SHALLOW },
	{ 4300,  62.0,   60.0,  0.20,   100, 0.5, AUDIO_CUE_TAIL },
	{ 4700,  64.0,   60.0,  0.20,   100, 0.0, AUDIO_CUE_GAP },      /* 2.0 mm */
	{ 5100,  65.0,   60.0,  1.00,    60, 0.0, AUDIO_CUE_OVERDEEP },
	{ 5500,  65.5,   60.0,  0.20,   100, 0.0, AUDIO_CUE_CROWDED },  /* 0.5 mm */
	{ 5900,  66.7,   60.0,  0.40,   100, 0.0, AUDIO_CUE_DEEP },     /* 1.38 mm */
	{ 6300,  67.9,   60.0,  0.40,   100, 0.0, AUDIO_CUE_DEEP },
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

void session_gen_device_tilt(struct pen_device *dev)
{
	static const unsigned int axes[] = { ABS_TILT_X, ABS_TILT_Y };

	session_gen_device(dev);
	for (size_t i = 0; i < 2; i++) {
		pen_device_enable(dev, EV_ABS, axes[i]);
		dev->abs[axes[i]].minimum = -SESSION_GEN_TILT_MAX;
		dev->abs[axes[i]].maximum = SESSION_GEN_TILT_MAX;
		dev->abs[axes[i]].resolution = SESSION_GEN_TILT_UNITS_PER_RAD;
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
	int tilt_x, tilt_y;   /* only the tilting device sends these */
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
	if (s->tilt_x != w->sent.tilt_x)
		put(w, t_us, EV_ABS, ABS_TILT_X, s->tilt_x);
	if (s->tilt_y != w->sent.tilt_y)
		put(w, t_us, EV_ABS, ABS_TILT_Y, s->tilt_y);
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

int session_gen_write_square(const char *path, size_t count)
{
	struct session_gen_tap taps[36];
	const struct session_gen_session s = { "square", taps, count };
	struct session_gen_hand hand;

	if (count > sizeof(taps) / sizeof(taps[0]))
		return -EINVAL;
	for (size_t i = 0; i < count; i++)
		taps[i] = (struct session_gen_tap){
			.t_ms = 100 + 100 * (int)i,
			.x_mm = 72.5 + SESSION_GEN_SQUARE_PAD_DX_MM + 3.0 * (double)(i % 6),
			.y_mm = 47.5 + SESSION_GEN_SQUARE_PAD_DY_MM + 3.0 * (double)(i / 6),
			.pressure = 0.2, .dwell_ms = 20, .cue = AUDIO_CUE_COUNT,
		};
	session_gen_hand_default(&hand);
	return session_gen_write_file(path, &hand, &s);
}

/* --- Stippling ------------------------------------------------------------
 *
 * Two stages, each with its own random stream drawn from the seed, so a
 * change to the hand leaves the pattern where it was:
 *
 * The pattern. Blue noise by Bridson's algorithm with a radius that
 * follows the target: r(p) = max(c / sqrt(rho(p)), min_spacing), a new dot
 * kept when no dot lies nearer than the larger of the two radii, 0.2 mm
 * clear of the zone's edge. The constant c is calibrated per band of
 * 2 mm of depth behind the hairline (one band without a hairline; six
 * runs), so each band holds the dots the target asks there: the careful
 * hand puts down the lesson's dots and its fade. Without a taper nothing
 * goes in front of the line, and dots keep 0.2 mm behind it; a taper may
 * thin the front margin to nothing within front_taper_mm of the line
 * (candidates dropped at random there, so radii stay bounded). With depth
 * regions, each region's own spacing floor holds there. The flawed
 * pattern lays straight rows (a grid jittered by a share of its pitch),
 * ignores the fade (harsh: back density up to the line, which a dense row
 * then traces), adds a second dot right beside some (clumps), puts some
 * edge dots in front of the zone (low), places dots at random (a Poisson
 * process thinned to the target), raises and lowers the density in a
 * checkerboard (patches), moves some dots out of the zone (outside) or
 * follows a hairline further forward (hairline_shift_mm). The
 * hand works as the lesson says: from the back of the zone forward, in
 * bands 2.5 mm deep along the hairline (rows: row by row), to and fro
 * along x.
 *
 * The hand. It stays in proximity: travel to the next spot on a
 * minimum-jerk path (travel_ms plus the distance at speed_mm_s), hover
 * over it (pause), then the tap: touch at 0.06 to 0.09 of full scale
 * (above libinput's 5 % tip-down), rise over rise_ms to the peak on a
 * smoothstep, hold for dwell_ms with tremor (an 8 to 11 Hz wobble plus
 * noise), fall over fall_ms to 0.02 to 0.04 (above the 1 % tip-up) and
 * lift to 0 with BTN_TOUCH 0; while down the needle drifts smoothly to
 * its drift (or tail) offset. So the simulator's contacts are exactly the
 * taps, [touch, lift). A report every report_us, and none repeats the
 * one before (the kernel would drop it): hover frames carry the hand's
 * shake, and a frame that would still repeat moves by one unit (shake()).
 * With depth regions a peak set for the reference tissue is carried over
 * to the region under the dot (carry_pressure()): the same place in its
 * band, so the careful hand is as careful on scar. A tilted hand holds one
 * tilt from the first frame to the last.
 */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	/* splitmix64 */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static struct rng rng_stream(uint64_t seed, uint64_t stream)
{
	struct rng r = { seed ^ (stream * 0xd1b54a32d192ed03ull) };

	rng_next(&r);
	return r;
}

/* [0, 1) */
static double uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1p-53;
}

static double between(struct rng *r, double a, double b)
{
	return a + (b - a) * uniform(r);
}

static double normal(struct rng *r)
{
	double u = uniform(r), v = uniform(r);

	return sqrt(-2 * log(1 - u)) * cos(2 * M_PI * v);
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* 0 at 0, 1 at 1, flat at both ends. */
static double smooth(double u)
{
	u = clamp(u, 0, 1);
	return u * u * (3 - 2 * u);
}

/* Minimum jerk: 0 at 0, 1 at 1, no speed or acceleration at the ends. */
static double min_jerk(double u)
{
	u = clamp(u, 0, 1);
	return u * u * u * (10 - 15 * u + 6 * u * u);
}

void session_gen_stroke_careful(struct session_gen_stroke *h)
{
	*h = (struct session_gen_stroke){
		.report_us = 5000,
		.peak = 0.19, .peak_sd = 0.018, .peak_min = 0.13, .peak_max = 0.27,
		.front_lighter = 0.15,
		.rise_ms = 25, .dwell_ms = 110, .fall_ms = 25, .timing_spread = 0.2,
		.tremor = 0.006,
		.drift_mm = 0.03, .drift_max_mm = 0.1,
		.aim_sd_mm = 0.05,
		.travel_ms = 80, .speed_mm_s = 30,
		.pause_ms = 330, .pause_sd_ms = 120,
		.hover_tremor_mm = 0.012,
	};
}

void session_gen_stroke_careless(struct session_gen_stroke *h)
{
	*h = (struct session_gen_stroke){
		.report_us = 5000,
		.peak = 0.24, .peak_sd = 0.06, .peak_min = 0.11, .peak_max = 0.44,
		.front_lighter = 0,
		.overdeep_share = 0.02, .overdeep_peak = 0.6,
		.shallow_share = 0.06, .shallow_peak = 0.075,
		.rise_ms = 10, .dwell_ms = 70, .fall_ms = 10, .timing_spread = 0.5,
		.tremor = 0.015,
		.drift_mm = 0.08, .drift_max_mm = 0.25,
		.tail_share = 0.07, .tail_mm = 0.45,
		.aim_sd_mm = 0.12,
		.travel_ms = 40, .speed_mm_s = 60,
		.pause_ms = 140, .pause_sd_ms = 60,
		.hover_tremor_mm = 0.02,
	};
}

double session_gen_hairline_distance(const struct session_gen_target *t, double x,
				     double y)
{
	double best = INFINITY, best_lean = 0, sign = 1;

	for (size_t i = 0; i + 1 < t->hairline_count; i++) {
		const struct scalp_point *a = &t->hairline[i], *b = &t->hairline[i + 1];
		double dx = b->x - a->x, dy = b->y - a->y, len2 = dx * dx + dy * dy;
		double u = len2 > 0 ? clamp(((x - a->x) * dx + (y - a->y) * dy) / len2, 0, 1) : 0;
		double d = hypot(x - (a->x + u * dx), y - (a->y + u * dy));
		double cross = dx * (y - a->y) - dy * (x - a->x);
		double lean = len2 > 0 ? fabs(cross) / sqrt(len2) : 0;

		/* At a vertex two segments are equally near: the one the point
		 * stands clearer of decides the side. */
		if (d < best - 1e-12 || (d <= best + 1e-12 && lean > best_lean)) {
			best = d;
			best_lean = lean;
			sign = cross >= 0 ? 1 : -1;
		}
	}
	return t->hairline_count >= 2 ? sign * best : 0;
}

double session_gen_target_density(const struct session_gen_target *t, double x,
				  double y)
{
	double s;

	if (t->hairline_count < 2 || !(t->ramp_mm > 0))
		return t->front_per_mm2;
	s = session_gen_hairline_distance(t, x, y);
	if (s < 0)
		return 0;
	if (s == 0)
		return t->front_per_mm2;
	if (s >= t->ramp_mm)
		return t->back_per_mm2;
	return t->front_per_mm2 + (t->back_per_mm2 - t->front_per_mm2) * s / t->ramp_mm;
}

static bool striped(const struct session_gen_target *t)
{
	return t->x_min_mm != 0 || t->x_max_mm != 0;
}

static bool in_zones(const struct session_gen_target *t, double x, double y)
{
	for (size_t i = 0; i < t->zone_count; i++)
		if (scalp_polygon_contains(&t->zones[i], x, y))
			return true;
	return false;
}

static bool in_work(const struct session_gen_target *t, double x, double y)
{
	if (striped(t) && (x < t->x_min_mm || x > t->x_max_mm))
		return false;
	return in_zones(t, x, y);
}

struct box {
	double x0, y0, x1, y1;
};

static struct box work_box(const struct session_gen_target *t)
{
	struct box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };

	for (size_t i = 0; i < t->zone_count; i++)
		for (size_t j = 0; j < t->zones[i].count; j++) {
			const struct scalp_point *p = &t->zones[i].points[j];

			b.x0 = fmin(b.x0, p->x);
			b.y0 = fmin(b.y0, p->y);
			b.x1 = fmax(b.x1, p->x);
			b.y1 = fmax(b.y1, p->y);
		}
	if (striped(t)) {
		b.x0 = fmax(b.x0, t->x_min_mm);
		b.x1 = fmin(b.x1, t->x_max_mm);
	}
	return b;
}

/* How far back a point lies: behind the hairline, or down the pad
 * without one; the hand works from the largest to the smallest. */
static double depth_of(const struct session_gen_target *t, double x, double y)
{
	return t->hairline_count >= 2 ? session_gen_hairline_distance(t, x, y) : y;
}

/* The density a pattern follows: the target's, or with a harsh line none
 * in front of the line and the back density everywhere behind it. The
 * point's depth_of() goes to @p depth. */
static double pattern_density(const struct session_gen_stipple *spec, double x, double y,
			      double *depth)
{
	const struct session_gen_target *t = &spec->target;
	double d = depth_of(t, x, y), rho;

	if (spec->pattern.flaws & SESSION_GEN_FLAW_HARSH_LINE)
		rho = t->hairline_count >= 2 && d < 0 ? 0 : t->back_per_mm2;
	else if (t->hairline_count >= 2 && d < 0 && spec->pattern.front_taper_mm > 0)
		rho = t->front_per_mm2 * fmax(0, 1 + d / spec->pattern.front_taper_mm);
	else if (t->hairline_count >= 2 && d < 0)
		rho = 0; /* nothing in front of the line, as the target asks */
	else if (t->hairline_count < 2 || !(t->ramp_mm > 0) || d <= 0)
		rho = t->front_per_mm2;
	else if (d >= t->ramp_mm)
		rho = t->back_per_mm2;
	else
		rho = t->front_per_mm2 + (t->back_per_mm2 - t->front_per_mm2) * d / t->ramp_mm;
	if (spec->pattern.flaws & SESSION_GEN_FLAW_PATCHES && spec->pattern.patch_mm > 0) {
		long cell = lround(floor(x / spec->pattern.patch_mm) +
				   floor(y / spec->pattern.patch_mm));

		rho *= 1 + (cell % 2 ? -1 : 1) * spec->pattern.patch_share;
	}
	if (depth)
		*depth = d;
	return rho;
}

/* The blue noise's radius constant per band of depth: calibrated so each
 * band holds the dots the target asks there. */
#define BANDS_MAX 128
#define BAND_MM 2.0

struct bands {
	double d0;
	int n;
	double c[BANDS_MAX], want[BANDS_MAX];
	size_t got[BANDS_MAX];
};

static int band_of(const struct bands *b, double depth)
{
	int i = (int)floor((depth - b->d0) / BAND_MM);

	return i < 0 ? 0 : i >= b->n ? b->n - 1 : i;
}

/* The density integrated over the worked area by the midpoint rule on a
 * 0.1 mm raster; per band of depth into @p bands when not NULL. */
static double integrate(const struct session_gen_stipple *spec, struct bands *bands)
{
	const struct session_gen_target *t = &spec->target;
	struct box b = work_box(t);
	const double step = 0.1;
	double sum = 0, lo = INFINITY, hi = -INFINITY;

	if (bands) {
		for (double y = b.y0; y <= b.y1 + step; y += step)
			for (double x = b.x0; x <= b.x1 + step; x += step) {
				double d = depth_of(t, x, y);

				lo = fmin(lo, d);
				hi = fmax(hi, d);
			}
		bands->d0 = floor(lo / BAND_MM) * BAND_MM;
		bands->n = (int)fmin(BANDS_MAX, floor((hi - bands->d0) / BAND_MM) + 1);
		/* Without a hairline the density is uniform: one band, counted
		 * over the whole area, not a few dots a band (depth-taps asks
		 * for 5 in 2 mm of its square). */
		if (t->hairline_count < 2)
			bands->n = 1;
		for (int i = 0; i < bands->n; i++)
			bands->want[i] = 0;
	}
	for (double y = b.y0 + step / 2; y < b.y1; y += step)
		for (double x = b.x0 + step / 2; x < b.x1; x += step)
			if (in_work(t, x, y)) {
				double d, rho = pattern_density(spec, x, y, &d);

				sum += rho;
				if (bands)
					bands->want[band_of(bands, d)] += rho * step * step;
			}
	return sum * step * step;
}

double session_gen_target_dots(const struct session_gen_target *t)
{
	struct session_gen_stipple spec = { .target = *t };

	return integrate(&spec, NULL);
}

/* Where the pattern puts a dot, and why. */
struct aim {
	double x, y, r;    /* r: its Poisson-disk radius (blue noise) */
	double key;        /* the hand's order */
	unsigned intent;
};

struct aims {
	struct aim *v;
	size_t n, cap;
};

static int aims_push(struct aims *a, struct aim p)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		struct aim *v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = p;
	return 0;
}

/* A bucket grid over the worked area for the blue-noise checks. */
struct grid {
	double x0, y0, cell;
	int nx, ny;
	int32_t *head, *next;
	size_t next_cap;
};

static int grid_init(struct grid *g, struct box b, double cell)
{
	g->x0 = b.x0;
	g->y0 = b.y0;
	g->cell = cell;
	g->nx = (int)ceil((b.x1 - b.x0) / cell) + 1;
	g->ny = (int)ceil((b.y1 - b.y0) / cell) + 1;
	g->head = malloc((size_t)g->nx * (size_t)g->ny * sizeof(*g->head));
	g->next = NULL;
	g->next_cap = 0;
	if (!g->head)
		return -ENOMEM;
	for (size_t i = 0; i < (size_t)g->nx * (size_t)g->ny; i++)
		g->head[i] = -1;
	return 0;
}

static void grid_free(struct grid *g)
{
	free(g->head);
	free(g->next);
}

static int grid_cell(const struct grid *g, double v, double origin, int n)
{
	int c = (int)floor((v - origin) / g->cell);

	return c < 0 ? 0 : c >= n ? n - 1 : c;
}

static int grid_add(struct grid *g, const struct aims *a, size_t i)
{
	size_t c;

	if (i >= g->next_cap) {
		size_t cap = g->next_cap ? g->next_cap * 2 : 256;
		int32_t *v = realloc(g->next, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		g->next = v;
		g->next_cap = cap;
	}
	c = (size_t)grid_cell(g, a->v[i].y, g->y0, g->ny) * (size_t)g->nx +
	    (size_t)grid_cell(g, a->v[i].x, g->x0, g->nx);
	g->next[i] = g->head[c];
	g->head[c] = (int32_t)i;
	return 0;
}

/* true when no dot of @p a lies nearer to (x, y) than the larger of r and
 * its own radius; reach is the largest radius there is. */
static bool grid_free_at(const struct grid *g, const struct aims *a, double x, double y,
			 double r, double reach)
{
	int cx0 = grid_cell(g, x - reach, g->x0, g->nx), cx1 = grid_cell(g, x + reach, g->x0, g->nx);
	int cy0 = grid_cell(g, y - reach, g->y0, g->ny), cy1 = grid_cell(g, y + reach, g->y0, g->ny);

	for (int cy = cy0; cy <= cy1; cy++)
		for (int cx = cx0; cx <= cx1; cx++)
			for (int32_t i = g->head[cy * g->nx + cx]; i >= 0; i = g->next[i]) {
				const struct aim *o = &a->v[i];
				double lim = fmax(r, o->r);

				if ((o->x - x) * (o->x - x) + (o->y - y) * (o->y - y) < lim * lim)
					return false;
			}
	return true;
}

static double disk_radius(const struct session_gen_stipple *spec, double c, double rho)
{
	return fmax(c / sqrt(rho), spec->target.min_spacing_mm);
}

/* The skin's depth region at (x, y): the last containing it, or NULL. */
static const struct session_gen_depth *depth_region(const struct session_gen_target *t,
						    double x, double y)
{
	const struct session_gen_depth *g = NULL;

	for (size_t i = 0; i < t->depth_count; i++)
		if (scalp_polygon_contains(&t->depths[i].area, x, y))
			g = &t->depths[i];
	return g;
}

/* The radius at a point: with depth regions, their own spacing floor. */
static double disk_radius_at(const struct session_gen_stipple *spec, double c, double rho,
			     double x, double y)
{
	const struct session_gen_depth *g = depth_region(&spec->target, x, y);

	if (g && g->min_spacing_mm > 0)
		return fmax(c / sqrt(rho), g->min_spacing_mm);
	return disk_radius(spec, c, rho);
}

/* A careful hand keeps a dot 0.2 mm behind the line where nothing is to
 * go in front of it, as it keeps inside the zone's edge. */
static bool clear_of_line(const struct session_gen_stipple *spec, double depth)
{
	const struct session_gen_target *t = &spec->target;

	return t->hairline_count < 2 || spec->pattern.front_taper_mm > 0 ||
	       (spec->pattern.flaws & SESSION_GEN_FLAW_HARSH_LINE) || depth >= 0.2;
}

/* Keeps (x, y) with radius @p rad as a dot and as active. */
static int keep_dot(struct aims *out, struct grid *g, size_t **active, size_t *nactive,
		    size_t *active_cap, double x, double y, double rad)
{
	int rc;

	if ((rc = aims_push(out, (struct aim){ x, y, rad, 0, 0 })) < 0 ||
	    (rc = grid_add(g, out, out->n - 1)) < 0)
		return rc;
	if (*nactive == *active_cap) {
		size_t cap = *active_cap ? *active_cap * 2 : 256;
		size_t *v = realloc(*active, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		*active = v;
		*active_cap = cap;
	}
	(*active)[(*nactive)++] = out->n - 1;
	return 0;
}

/* The lowest and highest density the pattern asks for (patches move both). */
static void density_bounds(const struct session_gen_stipple *spec, double *lo, double *hi)
{
	const struct session_gen_target *t = &spec->target;
	double share = spec->pattern.flaws & SESSION_GEN_FLAW_PATCHES ?
		       spec->pattern.patch_share : 0;

	*lo = fmin(t->front_per_mm2, t->back_per_mm2) * (1 - share);
	*hi = fmax(t->front_per_mm2, t->back_per_mm2) * (1 + share);
}

/* The radius at (x, y), 0 where no dot may go: outside the worked area
 * or within 0.2 mm of its edge (a careful hand aims inside the line).
 * Where the density falls below the target's lowest (a taper in front of
 * the line) the radius stays that of the lowest and candidates are
 * thinned at random instead, so radii stay bounded. */
static double radius_at(const struct session_gen_stipple *spec, const struct bands *bands,
			struct rng *r, double x, double y)
{
	const struct session_gen_target *t = &spec->target;
	const double m = 0.2;
	double d, rho, low, high;

	density_bounds(spec, &low, &high);

	if (!in_work(t, x, y) || !in_work(t, x - m, y) || !in_work(t, x + m, y) ||
	    !in_work(t, x, y - m) || !in_work(t, x, y + m))
		return 0;
	rho = pattern_density(spec, x, y, &d);
	if (!(rho > 0))
		return 0;
	if (low > 0 && rho < low) {
		if (uniform(r) * low >= rho)
			return 0;
		rho = low;
	}
	if (!clear_of_line(spec, d))
		return 0;
	return disk_radius_at(spec, bands->c[band_of(bands, d)], rho, x, y);
}

/* Bridson's algorithm with a radius that follows the density; darts
 * thrown at random restart the growth in parts it has not reached. */
static int bridson(const struct session_gen_stipple *spec, const struct bands *bands,
		   struct aims *out)
{
	const struct session_gen_target *t = &spec->target;
	struct rng r = rng_stream(spec->seed, 1);
	struct box b = work_box(t);
	double rho_max, rho_min, c_lo = INFINITY, c_hi = 0;
	double reach;
	struct grid g;
	size_t *active = NULL, nactive = 0, active_cap = 0;
	int rc;

	density_bounds(spec, &rho_min, &rho_max);
	for (int i = 0; i < bands->n; i++) {
		c_lo = fmin(c_lo, bands->c[i]);
		c_hi = fmax(c_hi, bands->c[i]);
	}
	reach = disk_radius(spec, c_hi, rho_min > 0 ? rho_min : rho_max);
	out->n = 0;
	if ((rc = grid_init(&g, b, disk_radius(spec, c_lo, rho_max) / M_SQRT2)) < 0)
		return rc;
	for (int darts = 0; darts < 2000 && rc == 0; darts++) {
		double x = between(&r, b.x0, b.x1), y = between(&r, b.y0, b.y1);
		double rad = radius_at(spec, bands, &r, x, y);

		if (!(rad > 0) || !grid_free_at(&g, out, x, y, rad, reach))
			continue;
		rc = keep_dot(out, &g, &active, &nactive, &active_cap, x, y, rad);
		while (nactive > 0 && rc == 0) {
			size_t k = (size_t)(uniform(&r) * (double)nactive);
			const struct aim p = out->v[active[k]];
			bool found = false;

			for (int j = 0; j < 30 && !found && rc == 0; j++) {
				double ang = 2 * M_PI * uniform(&r);
				double d = p.r * sqrt(1 + 3 * uniform(&r)); /* r..2r by area */
				double qx = p.x + d * cos(ang), qy = p.y + d * sin(ang);
				double qr = radius_at(spec, bands, &r, qx, qy);

				if (!(qr > 0) || !grid_free_at(&g, out, qx, qy, qr, reach))
					continue;
				rc = keep_dot(out, &g, &active, &nactive, &active_cap, qx, qy, qr);
				found = true;
			}
			if (!found)
				active[k] = active[--nactive];
		}
	}
	free(active);
	grid_free(&g);
	return rc;
}

/* Blue noise with as many dots in each band of depth as the target asks
 * for there: a careful hand counts. */
static int blue_noise(const struct session_gen_stipple *spec, struct aims *out)
{
	const struct session_gen_target *t = &spec->target;
	struct bands *bands = malloc(sizeof(*bands));
	int rc = 0;

	if (!bands)
		return -ENOMEM;
	integrate(spec, bands);
	for (int i = 0; i < bands->n; i++)
		bands->c[i] = 0.82;
	for (int run = 0; run < 6 && rc == 0; run++) {
		if ((rc = bridson(spec, bands, out)) < 0 || run == 5)
			break;
		for (int i = 0; i < bands->n; i++)
			bands->got[i] = 0;
		for (size_t k = 0; k < out->n; k++)
			bands->got[band_of(bands, depth_of(t, out->v[k].x, out->v[k].y))]++;
		for (int i = 0; i < bands->n; i++)
			if (bands->want[i] >= 1)
				bands->c[i] *= clamp(sqrt(((double)bands->got[i] + 0.5) /
							  bands->want[i]), 0.85, 1.15);
	}
	free(bands);
	return rc;
}

/* Straight rows from the back of the box, a grid jittered by a share of
 * its pitch; with the target's fade (no harsh line) a dot is kept with
 * the chance of the density there against the highest. */
static int rows(const struct session_gen_stipple *spec, struct aims *out)
{
	const struct session_gen_target *t = &spec->target;
	struct rng r = rng_stream(spec->seed, 1);
	struct box b = work_box(t);
	double rho_max = fmax(t->front_per_mm2, t->back_per_mm2);
	double pitch = 1 / sqrt(rho_max), j = spec->pattern.jitter * pitch;
	int rc = 0, row = 0;

	for (double y = b.y1 - pitch / 2; y > b.y0 && rc == 0; y -= pitch, row++)
		for (double x = b.x0 + pitch / 2; x < b.x1 && rc == 0; x += pitch) {
			double px = x + between(&r, -j, j), py = y + between(&r, -j, j);
			double rho = pattern_density(spec, px, py, NULL);
			double keep = uniform(&r);

			if (!in_work(t, px, py) || !(rho > 0) || keep * rho_max >= rho)
				continue;
			/* Row by row from the back, to and fro. */
			rc = aims_push(out, (struct aim){ px, py, 0,
							  row * 1e4 + (row % 2 ? -px : px), 0 });
		}
	return rc;
}

/* Uniform random placement: as many dots as the target asks, each where
 * the density (against its highest) accepts it. */
static int random_points(const struct session_gen_stipple *spec, struct aims *out)
{
	const struct session_gen_target *t = &spec->target;
	struct rng r = rng_stream(spec->seed, 1);
	struct box b = work_box(t);
	double lo, hi;
	long want = lround(integrate(spec, NULL));
	int rc = 0;

	density_bounds(spec, &lo, &hi);
	for (long tries = 0; (long)out->n < want && tries < 1000 * want && rc == 0; tries++) {
		double x = between(&r, b.x0, b.x1), y = between(&r, b.y0, b.y1), d = 0;
		double rho = in_work(t, x, y) ? pattern_density(spec, x, y, &d) : 0;

		if (rho > 0 && clear_of_line(spec, d) && uniform(&r) * hi < rho)
			rc = aims_push(out, (struct aim){ x, y, 0, 0, 0 });
	}
	return rc;
}

/* Moves a share of the dots out of the zones: from the dot in a random
 * direction to the zones' edge, then 0.5 to 2 mm beyond it. */
static void move_outside(const struct session_gen_stipple *spec, struct rng *r,
			 struct aims *out)
{
	const struct session_gen_target *t = &spec->target;

	for (size_t i = 0; i < out->n; i++) {
		struct aim *a = &out->v[i];
		double ang, ux, uy, d = 0, beyond;

		if (a->intent & SESSION_GEN_DOT_CLUMP || uniform(r) >= spec->pattern.outside_share)
			continue;
		ang = 2 * M_PI * uniform(r);
		ux = cos(ang);
		uy = sin(ang);
		beyond = between(r, 0.5, 2);
		while (d < 40 && in_zones(t, a->x + d * ux, a->y + d * uy))
			d += 0.1;
		d += beyond;
		if (in_zones(t, a->x + d * ux, a->y + d * uy) ||
		    !on_pad(a->x + d * ux - 1, a->y + d * uy - 1) ||
		    !on_pad(a->x + d * ux + 1, a->y + d * uy + 1))
			continue;
		a->x += d * ux;
		a->y += d * uy;
		a->intent |= SESSION_GEN_DOT_OUTSIDE;
	}
}

/* The painted-on edge: dots every 0.7 mm along the line, 0.3 mm behind it. */
static int edge_row(const struct session_gen_stipple *spec, struct aims *out)
{
	const struct session_gen_target *t = &spec->target;
	struct rng r = rng_stream(spec->seed, 3);
	double key = 0;
	int rc = 0;

	for (size_t i = 0; i + 1 < t->hairline_count && rc == 0; i++) {
		const struct scalp_point *a = &t->hairline[i], *b = &t->hairline[i + 1];
		double len = hypot(b->x - a->x, b->y - a->y), nx, ny;

		if (!(len > 0))
			continue;
		nx = -(b->y - a->y) / len; /* the hair side: +y for a line towards +x */
		ny = (b->x - a->x) / len;
		for (double u = 0; u < len && rc == 0; u += 0.7) {
			double x = a->x + (b->x - a->x) * u / len + 0.3 * nx + 0.05 * normal(&r);
			double y = a->y + (b->y - a->y) * u / len + 0.3 * ny + 0.05 * normal(&r);

			if (in_work(t, x, y))
				rc = aims_push(out, (struct aim){ x, y, 0, 1e9 + key++,
								  SESSION_GEN_DOT_EDGE });
		}
	}
	return rc;
}

static int by_key(const void *a, const void *b)
{
	double x = ((const struct aim *)a)->key, y = ((const struct aim *)b)->key;

	return (x > y) - (x < y);
}

/* The pattern, in the order the hand works it. */
static int make_pattern(const struct session_gen_stipple *spec, struct aims *out)
{
	const struct session_gen_target *t = &spec->target;
	const struct session_gen_pattern *pat = &spec->pattern;
	struct rng r = rng_stream(spec->seed, 2);
	struct aims with = { 0 };
	int rc;

	if (pat->hairline_shift_mm != 0) {
		/* A low hairline: the pattern of a line further forward. */
		struct session_gen_stipple *low = malloc(sizeof(*low));

		if (!low)
			return -ENOMEM;
		*low = *spec;
		low->pattern.hairline_shift_mm = 0;
		for (size_t i = 0; i < low->target.hairline_count; i++)
			low->target.hairline[i].y -= pat->hairline_shift_mm;
		rc = make_pattern(low, out);
		free(low);
		return rc;
	}
	if (pat->flaws & SESSION_GEN_FLAW_ROWS)
		rc = rows(spec, out);
	else if (pat->flaws & SESSION_GEN_FLAW_RANDOM)
		rc = random_points(spec, out);
	else
		rc = blue_noise(spec, out);
	if (rc == 0 && !(pat->flaws & SESSION_GEN_FLAW_ROWS)) {
		/* From the back in bands 2.5 mm deep, to and fro along x. */
		for (size_t i = 0; i < out->n; i++) {
			struct aim *a = &out->v[i];
			double s = t->hairline_count >= 2 ?
				   session_gen_hairline_distance(t, a->x, a->y) : a->y;
			double band = floor(-s / 2.5);

			a->key = band * 1e4 + (fmod(fabs(band), 2) ? -a->x : a->x);
		}
	}
	if (rc == 0 && pat->flaws & SESSION_GEN_FLAW_HARSH_LINE)
		rc = edge_row(spec, out);
	if (rc < 0)
		return rc;
	qsort(out->v, out->n, sizeof(*out->v), by_key);

	/* A low hairline: edge dots (or, without a harsh line, dots within
	 * 1 mm of the line) put 1 to 2 mm in front of the zone's front. */
	if (pat->flaws & SESSION_GEN_FLAW_LOW && t->hairline_count >= 2)
		for (size_t i = 0; i < out->n; i++) {
			struct aim *a = &out->v[i];
			double s = session_gen_hairline_distance(t, a->x, a->y);

			if ((a->intent & SESSION_GEN_DOT_EDGE || (!(pat->flaws &
			     SESSION_GEN_FLAW_HARSH_LINE) && s < 1)) &&
			    uniform(&r) < pat->low_share) {
				double y = a->y - s;

				/* Straight forward (-y) until out of the zones. */
				while (in_zones(t, a->x, y) && y > 1)
					y -= 0.1;
				if (!in_zones(t, a->x, y - 1)) {
					a->y = y - between(&r, 1, 2);
					a->intent |= SESSION_GEN_DOT_LOW;
				}
			}
		}

	/* Clumps: a second dot right beside the one before. */
	if (pat->flaws & SESSION_GEN_FLAW_CLUMPS) {
		for (size_t i = 0; i < out->n && rc == 0; i++) {
			rc = aims_push(&with, out->v[i]);
			if (rc == 0 && uniform(&r) < pat->clump_share) {
				double ang = 2 * M_PI * uniform(&r), d = between(&r, 0.2, 0.45);

				/* x, y: the offset from the entry before. */
				rc = aims_push(&with, (struct aim){ d * cos(ang), d * sin(ang), 0, 0,
								    SESSION_GEN_DOT_CLUMP });
			}
		}
		free(out->v);
		*out = with;
	}
	if (rc == 0 && pat->flaws & SESSION_GEN_FLAW_OUTSIDE)
		move_outside(spec, &r, out);
	if (pat->overdeep_dot > 0 && pat->overdeep_dot <= out->n)
		out->v[pat->overdeep_dot - 1].intent |= SESSION_GEN_DOT_OVERDEEP;
	return rc;
}

/* The hand. */
struct hand {
	struct writer w;
	const struct session_gen_stroke *h;
	struct rng r;
	struct pen_state s;
	int64_t t;       /* the next frame's time */
	size_t frames;
};

/* A real pen's reports always differ a little: the hand is never still
 * to 0.01 mm or to 1/4095 of the pressure, and the kernel drops a frame
 * that repeats the last. A frame that would, moves by one unit: x while
 * hovering, the pressure while down. */
static void shake(struct hand *hd)
{
	const struct pen_state *was = &hd->w.sent;

	if (hd->s.x != was->x || hd->s.y != was->y || hd->s.pressure != was->pressure ||
	    hd->s.in != was->in || hd->s.touch != was->touch)
		return;
	if (hd->s.touch)
		hd->s.pressure += hd->s.pressure < SESSION_GEN_PRESSURE_MAX ? 1 : -1;
	else
		hd->s.x += (rng_next(&hd->r) & 1) && hd->s.x > 0 ? -1 : 1;
}

static void emit(struct hand *hd)
{
	frame(&hd->w, hd->t, &hd->s);
	hd->t += hd->h->report_us;
	hd->frames++;
}

static int pad_units(double mm, int max_mm)
{
	return units(clamp(mm, 0, max_mm));
}

/* Hovering from where the pen is to (x, y) over n frames, with the shake. */
static void hover_to(struct hand *hd, double x0, double y0, double x, double y, int n)
{
	for (int k = 1; k <= n; k++) {
		double u = min_jerk((double)k / n);
		double px = x0 + (x - x0) * u + hd->h->hover_tremor_mm * normal(&hd->r);
		double py = y0 + (y - y0) * u + hd->h->hover_tremor_mm * normal(&hd->r);

		hd->s.x = pad_units(px, SESSION_GEN_WIDTH_MM);
		hd->s.y = pad_units(py, SESSION_GEN_HEIGHT_MM);
		shake(hd);
		emit(hd);
	}
}

static int frames_of(const struct session_gen_stroke *h, double ms)
{
	return (int)lround(ms * 1000 / h->report_us);
}

static int timed(struct hand *hd, int ms, int least)
{
	double v = ms * (1 + hd->h->timing_spread * normal(&hd->r));
	int n = frames_of(hd->h, v);

	return n < least ? least : n;
}

/* The depth a pressure reaches in tissue of force scale @p scale. */
static double depth_at(double pressure, double scale, double hang)
{
	return hang * (1 - exp(-pressure * SESSION_GEN_FORCE_FULL_SCALE_N / scale));
}

/* Pressure @p p, set for the reference tissue, carried over to the skin
 * at (x, y): the reference depth's place among (0, band min, band max,
 * overdeep, hang) is kept, piecewise linearly, then turned back into a
 * pressure through that skin's force scale. */
static double carry_pressure(const struct session_gen_target *t, double x, double y, double p)
{
	const struct session_gen_depth *g = depth_region(t, x, y);
	double ref[5] = { 0, SESSION_GEN_REF_BAND_MIN_MM, SESSION_GEN_REF_BAND_MAX_MM,
			  SESSION_GEN_REF_OVERDEEP_MM, SESSION_GEN_REF_HANG_MM };
	double dr = depth_at(p, SESSION_GEN_REF_FORCE_SCALE_N, SESSION_GEN_REF_HANG_MM), d;

	if (!g)
		return p;
	{
		double to[5] = { 0, g->band_min_mm, g->band_max_mm, g->overdeep_mm, g->hang_mm };
		int k = 0;

		while (k < 3 && dr > ref[k + 1])
			k++;
		d = to[k] + (to[k + 1] - to[k]) * (dr - ref[k]) / (ref[k + 1] - ref[k]);
		d = fmin(d, 0.999 * g->hang_mm);
	}
	return clamp(-g->force_scale_n * log(1 - d / g->hang_mm) / SESSION_GEN_FORCE_FULL_SCALE_N,
		     0.066, 0.98);
}

/* One tap, planned and played. */
struct tap_plan {
	double ex, ey;          /* entry, mm (on the unit grid) */
	double peak, cap_lo, cap_hi;
	double c0, c1;
	double dx, dy;          /* drift or tail at the end of the contact */
	double wobble_hz, phase;
	int travel, pause, rise, dwell, fall;
	unsigned intent;
};

static void plan_tap(struct hand *hd, const struct session_gen_target *t,
		     const struct aim *a, double from_x, double from_y, double prev_x,
		     double prev_y, struct tap_plan *p)
{
	const struct session_gen_stroke *h = hd->h;
	struct rng *r = &hd->r;
	double x, y, ramp;

	memset(p, 0, sizeof(*p));
	p->intent = a->intent;
	if (a->intent & SESSION_GEN_DOT_CLUMP) {
		x = prev_x + a->x;
		y = prev_y + a->y;
	} else {
		x = a->x + h->aim_sd_mm * normal(r);
		y = a->y + h->aim_sd_mm * normal(r);
	}
	p->ex = units(clamp(x, 0, SESSION_GEN_WIDTH_MM)) / (double)SESSION_GEN_UNITS_PER_MM;
	p->ey = units(clamp(y, 0, SESSION_GEN_HEIGHT_MM)) / (double)SESSION_GEN_UNITS_PER_MM;

	/* The pressure: an ordinary tap, or one of the hand's faults. */
	if ((a->intent & SESSION_GEN_DOT_OVERDEEP) || uniform(r) < h->overdeep_share) {
		p->intent |= SESSION_GEN_DOT_OVERDEEP;
		p->peak = clamp(h->overdeep_peak * (1 + 0.1 * normal(r)), 0.52, 0.95);
		p->cap_lo = 0.50;
		p->cap_hi = 0.98;
	} else if (uniform(r) < h->shallow_share) {
		p->intent |= SESSION_GEN_DOT_SHALLOW;
		p->peak = clamp(h->shallow_peak + 0.006 * normal(r), 0.066, 0.085);
		p->cap_lo = 0.065;
		p->cap_hi = 0.09;
	} else {
		ramp = t->hairline_count >= 2 && t->ramp_mm > 0 ?
		       clamp(session_gen_hairline_distance(t, p->ex, p->ey) / t->ramp_mm, 0, 1) : 1;
		p->peak = (h->peak + h->peak_sd * normal(r)) * (1 - h->front_lighter * (1 - ramp));
		p->peak = clamp(p->peak, h->peak_min, h->peak_max);
		p->cap_lo = h->peak_min - h->tremor;
		p->cap_hi = h->peak_max + h->tremor;
	}
	if (t->depth_count > 0) {
		p->peak = carry_pressure(t, p->ex, p->ey, p->peak);
		p->cap_lo = carry_pressure(t, p->ex, p->ey, p->cap_lo);
		p->cap_hi = carry_pressure(t, p->ex, p->ey, p->cap_hi);
	}
	p->c0 = fmin(between(r, 0.06, 0.09), p->peak - 0.005);
	p->c1 = between(r, 0.02, 0.04);

	/* Where the needle wanders while down. */
	if (uniform(r) < h->tail_share) {
		double ang = 2 * M_PI * uniform(r), len = between(r, h->tail_mm, 2 * h->tail_mm);

		p->intent |= SESSION_GEN_DOT_TAIL;
		p->dx = len * cos(ang);
		p->dy = len * sin(ang);
	} else {
		double dx = h->drift_mm * normal(r), dy = h->drift_mm * normal(r);
		double len = hypot(dx, dy);

		if (len > h->drift_max_mm) {
			dx *= h->drift_max_mm / len;
			dy *= h->drift_max_mm / len;
		}
		p->dx = dx;
		p->dy = dy;
	}
	p->wobble_hz = between(r, 8, 11);
	p->phase = 2 * M_PI * uniform(r);
	p->travel = frames_of(h, h->travel_ms + 1000 * hypot(p->ex - from_x, p->ey - from_y) /
					      h->speed_mm_s);
	if (p->travel < 1)
		p->travel = 1;
	p->pause = frames_of(h, h->pause_ms + h->pause_sd_ms * normal(r));
	if (p->pause < 1)
		p->pause = 1;
	p->rise = timed(hd, h->rise_ms, 2);
	p->dwell = timed(hd, h->dwell_ms, 1);
	p->fall = timed(hd, h->fall_ms, 2);
}

/* Plays the contact: from the touch frame to the lift frame. */
static void play_tap(struct hand *hd, const struct tap_plan *p, struct session_gen_dot *d)
{
	int n = p->rise + p->dwell + p->fall, top = 0;
	int ex = units(p->ex), ey = units(p->ey);
	double far2 = 0;

	d->touch_us = hd->t;
	hd->s.touch = true;
	for (int k = 0; k < n; k++) {
		double q, u = n > 1 ? smooth((double)k / (n - 1)) : 1;

		if (k < p->rise) {
			q = p->c0 + (p->peak - p->c0) * smooth((double)k / p->rise);
		} else if (k < p->rise + p->dwell) {
			double at = (k - p->rise) * hd->h->report_us / 1e6;

			q = p->peak + hd->h->tremor * (sin(2 * M_PI * p->wobble_hz * at + p->phase) +
						      0.3 * normal(&hd->r));
			q = clamp(q, p->cap_lo, p->cap_hi);
		} else {
			q = p->peak - (p->peak - p->c1) *
				      smooth((double)(k - p->rise - p->dwell + 1) / p->fall);
		}
		hd->s.pressure = pressure_units(clamp(q, 0, 1));
		hd->s.x = ex + units(p->dx * u);
		hd->s.y = ey + units(p->dy * u);
		if (k > 0)
			shake(hd);
		if (hd->s.pressure > top)
			top = hd->s.pressure;
		{
			double ox = (hd->s.x - ex) / (double)SESSION_GEN_UNITS_PER_MM;
			double oy = (hd->s.y - ey) / (double)SESSION_GEN_UNITS_PER_MM;

			far2 = fmax(far2, ox * ox + oy * oy);
		}
		emit(hd);
	}
	/* The lift, where the needle last was. */
	d->lift_us = hd->t;
	hd->s.touch = false;
	hd->s.pressure = 0;
	emit(hd);
	d->x_mm = ex / (double)SESSION_GEN_UNITS_PER_MM;
	d->y_mm = ey / (double)SESSION_GEN_UNITS_PER_MM;
	d->peak = top / (double)SESSION_GEN_PRESSURE_MAX;
	d->tail_mm = sqrt(far2);
	d->intent = p->intent;
}

static bool tilted(const struct session_gen_stroke *h)
{
	return h->tilt_x_deg != 0 || h->tilt_y_deg != 0;
}

static int tilt_units(double deg)
{
	return (int)lround(deg * M_PI / 180 * SESSION_GEN_TILT_UNITS_PER_RAD);
}

static int check_stipple(const struct session_gen_stipple *spec)
{
	const struct session_gen_target *t = &spec->target;
	const struct session_gen_stroke *h = &spec->hand;

	if (t->zone_count < 1 || t->zone_count > SESSION_GEN_ZONES_MAX ||
	    t->hairline_count > SCALP_POLYGON_MAX || !(t->front_per_mm2 >= 0) ||
	    !(t->back_per_mm2 >= 0) || !(fmax(t->front_per_mm2, t->back_per_mm2) > 0) ||
	    !(t->ramp_mm >= 0) || !(t->min_spacing_mm >= 0) ||
	    (striped(t) && !(t->x_min_mm < t->x_max_mm)))
		return -EINVAL;
	for (size_t i = 0; i < t->zone_count; i++)
		if (t->zones[i].count < 3 || t->zones[i].count > SCALP_POLYGON_MAX)
			return -EINVAL;
	if (h->report_us <= 0 || !(h->peak_min > 0.1 && h->peak_min <= h->peak_max &&
				   h->peak_max < 0.95) ||
	    !(h->speed_mm_s > 0) || h->rise_ms < 0 || h->dwell_ms < 0 || h->fall_ms < 0 ||
	    h->travel_ms < 0 || h->pause_ms < 0 || !(h->timing_spread >= 0) ||
	    !(h->tremor >= 0 && h->tremor < 0.05) || !(h->drift_max_mm >= 0) ||
	    !(h->overdeep_share >= 0 && h->shallow_share >= 0 && h->tail_share >= 0) ||
	    !(spec->duration_s >= 0) || !(spec->pattern.jitter >= 0 && spec->pattern.jitter < 0.5) ||
	    !(spec->pattern.front_taper_mm >= 0) ||
	    !(spec->pattern.patch_share >= 0 && spec->pattern.patch_share < 1) ||
	    !(spec->pattern.patch_mm >= 0) ||
	    !(spec->pattern.outside_share >= 0 && spec->pattern.outside_share <= 1) ||
	    !(fabs(h->tilt_x_deg) < 80 && fabs(h->tilt_y_deg) < 80) ||
	    t->depth_count > SESSION_GEN_DEPTHS_MAX)
		return -EINVAL;
	for (size_t i = 0; i < t->depth_count; i++) {
		const struct session_gen_depth *g = &t->depths[i];

		if (!(g->force_scale_n > 0 && g->band_min_mm > 0 && g->band_min_mm < g->band_max_mm &&
		      g->band_max_mm < g->overdeep_mm && g->overdeep_mm < g->hang_mm))
			return -EINVAL;
	}
	return 0;
}

int session_gen_stipple_write(FILE *f, const struct session_gen_stipple *spec,
			      struct session_gen_played *played)
{
	struct hand hd = { .w = { .f = f, .origin = { 0, 0 } }, .h = &spec->hand };
	struct session_gen_played out = { 0 };
	struct aims aims = { 0 };
	struct pen_device dev;
	int64_t end_us = (int64_t)llround(spec->duration_s * 1e6);
	double px, py, prev_x = 0, prev_y = 0;
	int rc;

	if (played)
		*played = (struct session_gen_played){ 0 };
	if ((rc = check_stipple(spec)) < 0)
		return rc;
	if ((rc = make_pattern(spec, &aims)) < 0)
		goto out;
	out.dots = malloc((aims.n ? aims.n : 1) * sizeof(*out.dots));
	if (!out.dots) {
		rc = -ENOMEM;
		goto out;
	}
	if (tilted(&spec->hand))
		session_gen_device_tilt(&dev);
	else
		session_gen_device(&dev);
	if ((rc = evemu_writer_description(f, &dev)) < 0)
		goto out;
	hd.r = rng_stream(spec->seed, 4);

	/* Out of proximity at 0, coming in 3 mm before the first dot. */
	px = aims.n ? aims.v[0].x - 3 : 0;
	py = aims.n ? aims.v[0].y : 0;
	hd.w.sent = (struct pen_state){ .x = -1, .y = -1, .pressure = -1 };
	hd.s = (struct pen_state){ .x = pad_units(px, SESSION_GEN_WIDTH_MM),
				   .y = pad_units(py, SESSION_GEN_HEIGHT_MM) };
	if (tilted(&spec->hand)) {
		/* Held at one angle all through; the first frame carries it. */
		hd.w.sent.tilt_x = hd.w.sent.tilt_y = INT_MIN;
		hd.s.tilt_x = tilt_units(spec->hand.tilt_x_deg);
		hd.s.tilt_y = tilt_units(spec->hand.tilt_y_deg);
	}
	emit(&hd);
	hd.s.in = true;
	emit(&hd);
	for (size_t i = 0; i < aims.n && !hd.w.error; i++) {
		struct tap_plan p;
		int64_t needs;

		if (spec->max_dots > 0 && out.count >= spec->max_dots)
			break;
		plan_tap(&hd, &spec->target, &aims.v[i], px, py, prev_x, prev_y, &p);
		needs = (int64_t)(p.travel + p.pause + p.rise + p.dwell + p.fall + 2) *
			spec->hand.report_us;
		if (end_us > 0 && hd.t + needs > end_us)
			break;
		hover_to(&hd, px, py, p.ex, p.ey, p.travel);
		hover_to(&hd, p.ex, p.ey, p.ex, p.ey, p.pause - 1);
		play_tap(&hd, &p, &out.dots[out.count]);
		out.dots[out.count].aim_x_mm = aims.v[i].intent & SESSION_GEN_DOT_CLUMP ?
					       p.ex : aims.v[i].x;
		out.dots[out.count].aim_y_mm = aims.v[i].intent & SESSION_GEN_DOT_CLUMP ?
					       p.ey : aims.v[i].y;
		out.count++;
		prev_x = p.ex;
		prev_y = p.ey;
		px = hd.s.x / (double)SESSION_GEN_UNITS_PER_MM;
		py = hd.s.y / (double)SESSION_GEN_UNITS_PER_MM;
	}
	/* Hover away, to the end of the session, then out. */
	{
		int64_t last = end_us > hd.t ? end_us : hd.t + 40 * (int64_t)spec->hand.report_us;

		last -= last % spec->hand.report_us;
		while (hd.t < last && !hd.w.error)
			hover_to(&hd, px, py, px, py, 1);
		hd.s.in = false;
		out.end_us = hd.t;
		emit(&hd);
	}
	out.frames = hd.frames;
	rc = hd.w.error;
	if (rc == 0 && fflush(f) != 0)
		rc = -EIO;
out:
	free(aims.v);
	if (rc == 0 && played)
		*played = out;
	else
		free(out.dots);
	return rc;
}

int session_gen_stipple_write_file(const char *path, const struct session_gen_stipple *spec,
				   struct session_gen_played *played)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -errno;
	rc = session_gen_stipple_write(f, spec, played);
	if (fclose(f) != 0 && rc == 0)
		rc = -EIO;
	if (rc < 0) {
		remove(path);
		if (played)
			session_gen_played_free(played);
	}
	return rc;
}

void session_gen_played_free(struct session_gen_played *played)
{
	free(played->dots);
	*played = (struct session_gen_played){ 0 };
}
