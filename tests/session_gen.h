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
 */
#ifndef SMPSIM_SESSION_GEN_H
#define SMPSIM_SESSION_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audio_cue.h"
#include "pen_device.h"

/* The synthetic device. */
#define SESSION_GEN_UNITS_PER_MM 100
#define SESSION_GEN_WIDTH_MM 200
#define SESSION_GEN_HEIGHT_MM 120
#define SESSION_GEN_PRESSURE_MAX 4095

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

/** session_gen_write() to a new file @p path (replaced if it exists).
 * @return as session_gen_write(), or a negative errno from the file. */
int session_gen_write_file(const char *path, const struct session_gen_hand *hand,
			   const struct session_gen_session *session);

#endif
