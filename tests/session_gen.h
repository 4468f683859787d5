/* session_gen: synthetic pen sessions with known contents, written as
 * evemu recordings through rig's evemu_writer, so tests and benchmarks can
 * replay a session whose every deposit, fault and cue is known beforehand.
 *
 * A session is a table of taps (when, where, how hard, how long, how far
 * dragged) played by a "hand" (how the pen approaches, presses, lifts and
 * leaves, at the tablet's report rate) on one synthetic pen device: a
 * 200 x 120 mm pad at 100 units/mm, pressure 0..4095, BTN_TOOL_PEN and
 * BTN_TOUCH. The pad is larger than the shipped scalps (160 x 100 mm), so a
 * tap can land outside every region.
 *
 * Two sessions ship, made for the frontal-temporal scalp with the 0601rl
 * needle at the default 1:1 mapping (docs/model.md): one whose taps sound
 * every cue in a known order, and one of clean taps that sounds none. Each
 * tap carries the cue it is meant to sound; test-session-gen checks against
 * the simulator that it does.
 *
 * Stippling (the second half of this header): instead of a table, a hand
 * model fills a lesson's zone. A pattern puts the dots (blue noise that
 * follows the target density, or a flawed one: rows, a harsh hairline,
 * clumps, dots in front of the line, random placement, density patches,
 * dots outside the zone, the pattern of a lower hairline); the hand's
 * pressures may be carried over to each region's band (scar), and it may
 * hold the pen tilted (then the device reports ABS_TILT_X/Y; without tilt
 * the device and so the demo recordings' bytes are as before). The hand
 * travels to each, aims,
 * presses (rise, a plateau with tremor, fall), drifts a little while down
 * and lifts, at the tablet's report rate, staying in proximity throughout.
 * Everything comes from one seed: the same seed writes the same bytes.
 * The shipped demo recordings (data/recordings/hairline-*.evemu) and the
 * one-hour benchmark session are made this way.
 */
#ifndef SMPSIM_SESSION_GEN_H
#define SMPSIM_SESSION_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audio_cue.h"
#include "pen_device.h"
#include "scalp.h"

/* The synthetic device. */
#define SESSION_GEN_UNITS_PER_MM 100
#define SESSION_GEN_WIDTH_MM 200
#define SESSION_GEN_HEIGHT_MM 120
#define SESSION_GEN_PRESSURE_MAX 4095

/* Where a lesson's session places the synthetic pad on the scalp: the
 * depth-taps (and even-spacing) lesson's work area, its square 70..90 x
 * 45..65 mm with 5 mm around it, centred on the 200 x 120 mm pad at real
 * scale (lesson_fit_pad()), is scalp = pad - (these): a tap meant for
 * scalp (x, y) goes on the pad at (x + SESSION_GEN_SQUARE_PAD_DX_MM,
 * y + SESSION_GEN_SQUARE_PAD_DY_MM). test-lesson-fit checks them. */
#define SESSION_GEN_SQUARE_PAD_DX_MM 20.0
#define SESSION_GEN_SQUARE_PAD_DY_MM 5.0

/** One tap of the needle. */
struct session_gen_tap {
	int t_ms;          /**< touch-down: the first frame in contact */
	double x_mm, y_mm; /**< entry point on the pad */
	double pressure;   /**< peak, a fraction of full scale */
	int dwell_ms;      /**< held at the peak this long */
	double drag_mm;    /**< moved this far towards +x while held */
	enum audio_cue cue;/**< the cue it sounds; AUDIO_CUE_COUNT for none */
};

/**
 * How the taps are played. Times are multiples of the report period; every
 * frame carries only what changed since the last, as evdev sends it.
 */
struct session_gen_hand {
	int report_us;          /**< frame period (the tablet's report rate) */
	int approach_us;        /**< proximity-in this long before the touch */
	double approach_mm;     /**< hovering in from this far to the left */
	int rise_us;            /**< from contact_pressure to the peak */
	int fall_us;            /**< from the peak back to contact_pressure */
	int leave_us;           /**< proximity-out this long after the lift */
	double contact_pressure;/**< the first and last pressure in contact,
				 *   above the tip-down threshold (0.05) */
};

/** A named table of taps. */
struct session_gen_session {
	const char *name;
	const struct session_gen_tap *taps;
	size_t count;
};

/** Every cue, each kind twice, in a known order, at least 300 ms apart. */
extern const struct session_gen_session session_gen_known_faults;

/** In-band taps 1 mm apart: no fault, no cue. */
extern const struct session_gen_session session_gen_clean;

/** 200 Hz reports, 30 ms approach over 0.3 mm, 10 ms rise and fall, out
 * 20 ms after the lift, contact at 0.06 of full scale. */
void session_gen_hand_default(struct session_gen_hand *hand);

/** Describes the synthetic pen device into @p dev. */
void session_gen_device(struct pen_device *dev);

/* The tilting pen's ABS_TILT_X/Y: units per radian (the kernel's
 * convention), about 100 a degree, over +-90 degrees. */
#define SESSION_GEN_TILT_UNITS_PER_RAD 5730
#define SESSION_GEN_TILT_MAX 9000

/** The synthetic device with ABS_TILT_X and ABS_TILT_Y as well (a pen
 * that reports its tilt), into @p dev. Recordings made without tilt keep
 * the device of session_gen_device(). */
void session_gen_device_tilt(struct pen_device *dev);

/**
 * @return the time of tap @p tap's lift (its first frame out of contact),
 * in microseconds from the start of the recording.
 */
int64_t session_gen_lift_us(const struct session_gen_hand *hand,
			    const struct session_gen_tap *tap);

/**
 * Writes @p session, played by @p hand, as an evemu 1.3 recording to @p f.
 * The recording starts at 0 with a frame that places the pen out of
 * proximity, so pen sample times are the table's times.
 * @return 0; -EINVAL when a time is not a multiple of the report period,
 * taps overlap or are out of order, a tap leaves the pad, or a pressure is
 * not above contact_pressure and at most 1; -EIO when writing failed.
 */
int session_gen_write(FILE *f, const struct session_gen_hand *hand,
		      const struct session_gen_session *session);

/**
 * Writes @p count (at most 36) taps of one pressure, 0.2, to @p path: one
 * every 100 ms from 100 ms, 3 mm apart in rows of six from (72.5, 47.5)
 * mm on the scalp, inside the depth-taps lesson's square where a session
 * of it places the pad (SESSION_GEN_SQUARE_PAD_DX_MM); played by the
 * default hand.
 * The small recording the command-line tests replay.
 * @return as session_gen_write_file().
 */
int session_gen_write_square(const char *path, size_t count);

/** session_gen_write() to a new file @p path (replaced if it exists).
 * @return as session_gen_write(), or a negative errno from the file. */
int session_gen_write_file(const char *path, const struct session_gen_hand *hand,
			   const struct session_gen_session *session);

/* --- Stippling a lesson ------------------------------------------------ */

#define SESSION_GEN_ZONES_MAX 8
#define SESSION_GEN_DEPTHS_MAX 8

/* The tissue a stroke's pressures were set for: 0601rl on normal skin,
 * band 0.5 to 1.2 mm, overdeep past 1.5 mm, force scale 1.5 N, read at
 * 4.4 N full scale (docs/model.md). */
#define SESSION_GEN_REF_BAND_MIN_MM 0.5
#define SESSION_GEN_REF_BAND_MAX_MM 1.2
#define SESSION_GEN_REF_OVERDEEP_MM 1.5
#define SESSION_GEN_REF_FORCE_SCALE_N 1.5
#define SESSION_GEN_REF_HANG_MM 2.0
#define SESSION_GEN_FORCE_FULL_SCALE_N 4.4

/** Where the skin differs from the reference tissue: its depth rules. */
struct session_gen_depth {
	struct scalp_polygon area;     /**< pad mm */
	double force_scale_n, hang_mm; /**< depth = hang (1 - exp(-F / scale)) */
	double band_min_mm, band_max_mm, overdeep_mm;
	double min_spacing_mm;         /**< the blue noise's floor here (0: the
					*   target's min_spacing_mm) */
};

/**
 * What the hand is asked to fill, in pad mm (the lesson's mapping being
 * 1:1, the scalp's mm): the zones, the designed hairline and the target
 * density, as a lesson gives them (score_density's meaning: front density
 * at the line, rising linearly to back over ramp_mm behind it, none in
 * front of it; uniform front without a hairline).
 */
struct session_gen_target {
	struct scalp_polygon zones[SESSION_GEN_ZONES_MAX];
	size_t zone_count;
	struct scalp_point hairline[SCALP_POLYGON_MAX]; /**< open line, hair on
		* the side where cross(b - a, p - a) > 0 (+y for a line drawn
		* towards +x) */
	size_t hairline_count;          /**< 0: none */
	double front_per_mm2, back_per_mm2, ramp_mm;
	double x_min_mm, x_max_mm;      /**< work only this stripe (both 0: all) */
	double min_spacing_mm;          /**< the blue-noise pattern keeps dots at
					 *   least this far apart (0: no floor) */
	/** The skin under the dots: with none (depth_count 0) the hand's
	 * pressures are played as they are; else each is carried over from
	 * the reference tissue to the last of these containing the dot, at
	 * the same place in the band (the same share of the way from band
	 * minimum to maximum, or past it towards overdeep), so one hand is
	 * as careful on scar as on normal skin. */
	struct session_gen_depth depths[SESSION_GEN_DEPTHS_MAX];
	size_t depth_count;
};

/** Flaws of a pattern, one bit each; 0 is a careful blue-noise pattern. */
enum session_gen_flaw {
	/** Straight rows along x, a jittered grid, instead of blue noise. */
	SESSION_GEN_FLAW_ROWS = 1u << 0,
	/** No fade: full (back) density right up to the line, which is then
	 * traced by a dense row of dots: the painted-on edge. */
	SESSION_GEN_FLAW_HARSH_LINE = 1u << 1,
	/** Some dots are followed by a second one 0.2 to 0.45 mm away:
	 * rushing, too close, often merged. */
	SESSION_GEN_FLAW_CLUMPS = 1u << 2,
	/** Some front dots go in front of the zone: a low hairline. */
	SESSION_GEN_FLAW_LOW = 1u << 3,
	/** Uniform random placement following the target's density (a
	 * Poisson process): no spacing at all. */
	SESSION_GEN_FLAW_RANDOM = 1u << 4,
	/** Density patches: the density raised and lowered by patch_share in
	 * a checkerboard of patch_mm squares. */
	SESSION_GEN_FLAW_PATCHES = 1u << 5,
	/** Some dots moved out of the zone (outside_share of them). */
	SESSION_GEN_FLAW_OUTSIDE = 1u << 6,
};

struct session_gen_pattern {
	unsigned flaws;        /**< enum session_gen_flaw bits */
	double jitter;         /**< rows: each dot moved up to this share of
				*   the pitch either way */
	double clump_share;    /**< clumps: share of dots given a second one */
	double low_share;      /**< low: share of edge dots put in front of the zone */
	double front_taper_mm; /**< in front of the hairline the density falls
				*   from the front density at the line to 0 this
				*   far in front (0: none in front, as the target) */
	double patch_share;    /**< patches: +- this share of the density */
	double patch_mm;       /**< patches: the checkerboard's squares */
	double outside_share;  /**< outside: share of dots moved out of the zone */
	double hairline_shift_mm; /**< the pattern follows a hairline this far
				   *   in front of (-y from) the designed one, a
				   *   low hairline (0: the designed line) */
	size_t overdeep_dot;   /**< 1-based: this dot of the hand's order is
				*   pressed overdeep (0: none but the hand's) */
};

/**
 * How a hand stipples. Times in ms are means; each tap draws its own.
 * Pressures are fractions of full scale: with the default calibration
 * (4.4 N) and normal skin, depth = 2 (1 - exp(-4.4 p / 1.5)) mm, so the
 * band 0.5 to 1.2 mm is p = 0.098 to 0.312, overdeep (> 1.5 mm) p > 0.473.
 */
struct session_gen_stroke {
	int report_us;             /**< the tablet's report period (5000: 200 Hz) */
	double peak, peak_sd;      /**< peak pressure of a tap and its spread */
	double peak_min, peak_max; /**< every ordinary peak is clamped to these */
	double front_lighter;      /**< peak at the hairline is (1 - this) x peak,
				    *   full behind the ramp: lighter front rows */
	double overdeep_share, overdeep_peak; /**< taps pressed far too hard */
	double shallow_share, shallow_peak;   /**< taps that barely go in */
	int rise_ms, dwell_ms, fall_ms;       /**< the pressure profile */
	double timing_spread;      /**< relative spread of rise, dwell and fall */
	double tremor;             /**< pressure tremor on the plateau (amplitude) */
	double drift_mm;           /**< spread of the needle's wander while down */
	double drift_max_mm;       /**< ... clamped to this */
	double tail_share, tail_mm;/**< taps dragged into a tail, and how far
				    *   (tail_mm to twice it) */
	double aim_sd_mm;          /**< where the needle lands about the aim */
	int travel_ms;             /**< to move between dots: this ... */
	double speed_mm_s;         /**< ... plus the distance at this speed */
	int pause_ms, pause_sd_ms; /**< hovering over the spot before the tap */
	double hover_tremor_mm;    /**< the hand's shake while hovering */
	double tilt_x_deg, tilt_y_deg; /**< the pen held this far off
				    *   perpendicular throughout (either not 0:
				    *   the tilting device) */
};

/** A whole stippled session. */
struct session_gen_stipple {
	uint64_t seed;
	struct session_gen_target target;
	struct session_gen_pattern pattern;
	struct session_gen_stroke hand;
	double duration_s;         /**< stop at this length (no tap is cut; the
				    *   pen hovers to the end); 0: when done */
	size_t max_dots;           /**< stop after this many dots (0: all) */
};

/** What a dot was meant to be, beside an ordinary in-band dot. */
enum session_gen_intent {
	SESSION_GEN_DOT_OVERDEEP = 1u << 0, /**< pressed past the overdeep depth */
	SESSION_GEN_DOT_SHALLOW = 1u << 1,  /**< barely in: shallow */
	SESSION_GEN_DOT_TAIL = 1u << 2,     /**< dragged while in the skin */
	SESSION_GEN_DOT_CLUMP = 1u << 3,    /**< 0.2 to 0.45 mm from the dot before */
	SESSION_GEN_DOT_LOW = 1u << 4,      /**< in front of the zone */
	SESSION_GEN_DOT_EDGE = 1u << 5,     /**< in the harsh line's row */
	SESSION_GEN_DOT_OUTSIDE = 1u << 6,  /**< moved out of the zone */
};

/** One tap as it was played: what the simulator will see. */
struct session_gen_dot {
	int64_t touch_us;    /**< the first frame in contact */
	int64_t lift_us;     /**< the first frame out of contact */
	double aim_x_mm, aim_y_mm; /**< where the pattern put it */
	double x_mm, y_mm;   /**< the entry point, as reported (0.01 mm units) */
	double peak;         /**< the highest pressure reported in contact */
	double tail_mm;      /**< farthest reported point from the entry while down */
	unsigned intent;     /**< enum session_gen_intent bits */
};

struct session_gen_played {
	struct session_gen_dot *dots;
	size_t count;
	int64_t end_us;      /**< the last frame: the pen leaves */
	size_t frames;       /**< frames written (SYN_REPORTs) */
};

/** A careful trainee's hand: peaks about 0.19 (0.84 mm deep) with little
 * spread, 15 % lighter at the line, 25/110/25 ms taps, drift under 0.1 mm,
 * a 0.05 mm aim, about 0.6 s a dot (0.33 s of it aiming). */
void session_gen_stroke_careful(struct session_gen_stroke *hand);

/** A careless one: heavy and uneven (peaks about 0.24 +- 0.06, a fifth of
 * the dots deep), 2 % of taps overdeep, 6 % shallow, 7 % dragged into
 * tails of 0.45 to 0.9 mm, 10/70/10 ms taps, a 0.12 mm aim, rushing at
 * about 0.3 s a dot. */
void session_gen_stroke_careless(struct session_gen_stroke *hand);

/** @return the target density (dots per mm^2) at (@p x, @p y): none in
 * front of the hairline (score_density's field, issue 13). */
double session_gen_target_density(const struct session_gen_target *t, double x,
				   double y);

/** @return the signed distance (mm) from the hairline, positive behind it;
 * 0 without a hairline. */
double session_gen_hairline_distance(const struct session_gen_target *t, double x,
				     double y);

/** @return the number of dots the target asks for in the worked area
 * (its density integrated over the zones within the stripe). */
double session_gen_target_dots(const struct session_gen_target *t);

/**
 * Plays @p spec into @p f as an evemu 1.3 recording on the synthetic
 * device (session_gen_device()): out of proximity at 0, in at one report
 * period, then every dot, hovering between them, and out at the end.
 * When @p played is not NULL it receives every tap as played (free with
 * session_gen_played_free()).
 * @return 0; -EINVAL for a spec that cannot be played (no zone, a density
 * not above 0, a report period that is not a whole number of microseconds
 * or pressures out of order); -ENOMEM; -EIO when writing failed.
 */
int session_gen_stipple_write(FILE *f, const struct session_gen_stipple *spec,
			      struct session_gen_played *played);

/** session_gen_stipple_write() to a new file @p path (replaced). */
int session_gen_stipple_write_file(const char *path, const struct session_gen_stipple *spec,
				   struct session_gen_played *played);

/** Frees what a write put in @p played, and zeroes it. Accepts a zeroed one. */
void session_gen_played_free(struct session_gen_played *played);

#endif
