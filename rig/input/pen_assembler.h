/* pen_assembler: turns a stream of evdev events into pen_samples, one per
 * SYN_REPORT, applying libinput's rules for real tablets: tip state from
 * pressure with hysteresis (not BTN_TOUCH), a worn pen's pressure offset,
 * a forced proximity-out after silence for tablets that never send one,
 * and the eraser as its own tool.
 *
 * The same assembler serves the live libevdev path and evemu replays, so
 * identical events give identical samples. It does no I/O and allocates
 * nothing after pen_assembler_new().
 */
#ifndef SMPSIM_PEN_ASSEMBLER_H
#define SMPSIM_PEN_ASSEMBLER_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pen_device.h"
#include "pen_sample.h"

/** Most samples one pen_assembler_push() can produce: a forced out, the
 * old tool's out and the new tool's in (pen switched to eraser). */
#define PEN_ASSEMBLER_MAX_SAMPLES 3

enum pen_proximity_out {
	/** Unknown: force proximity-out after silence until the device is seen
	 * sending a real one (libinput's default for non-Wacom tablets). */
	PEN_PROXIMITY_OUT_UNKNOWN = 0,
	PEN_PROXIMITY_OUT_SENT,  /**< the device sends it: never force */
	PEN_PROXIMITY_OUT_NEVER, /**< it never does: always force */
};

struct pen_assembler_config {
	double tip_down;          /**< fraction of the pressure range, default 0.05 */
	double tip_up;            /**< fraction of the pressure range, default 0.01 */
	int64_t proximity_timeout_us;   /**< default 50 000 */
	enum pen_proximity_out proximity_out;
};

struct pen_assembler;

/** Fills @p config with libinput's defaults. */
void pen_assembler_config_default(struct pen_assembler_config *config);

/**
 * @param dev     the device; copied, need not outlive the assembler
 * @param geo     its millimetre geometry (pen_geometry_resolve())
 * @param config  tip thresholds and proximity handling; NULL for defaults
 * @return 0 and *out, -EINVAL for thresholds outside 0 < up < down < 1, or
 * -ENOMEM.
 */
int pen_assembler_new(const struct pen_device *dev,
		      const struct pen_geometry *geo,
		      const struct pen_assembler_config *config,
		      struct pen_assembler **out);

/** Frees the assembler. Accepts NULL. */
void pen_assembler_free(struct pen_assembler *pa);

/**
 * Feeds one event. Samples are produced at SYN_REPORT; a SYN_DROPPED
 * discards the frame in progress (the events that follow, e.g. libevdev's
 * resync, build the next frame).
 * @param out  room for PEN_ASSEMBLER_MAX_SAMPLES samples
 * @return the number of samples written to @p out.
 */
size_t pen_assembler_push(struct pen_assembler *pa,
			  const struct input_event *ev,
			  struct pen_sample *out);

/**
 * Tells the assembler that nothing arrived up to @p now (same clock as the
 * events). Produces the forced proximity-out when it is due.
 * @return the number of samples written to @p out (0 or 1).
 */
size_t pen_assembler_idle(struct pen_assembler *pa, const struct timeval *now,
			  struct pen_sample *out);

/**
 * The stream ended (end of a recording): silence from now on, so a forced
 * proximity-out falls due as pen_assembler_idle() would give it.
 * @return the number of samples written to @p out (0 or 1).
 */
size_t pen_assembler_finish(struct pen_assembler *pa, struct pen_sample *out);

/** @return the pressure offset in device units in use now (the axis minimum
 * when the pen shows no wear). */
int pen_assembler_pressure_offset(const struct pen_assembler *pa);

#endif
