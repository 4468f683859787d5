/* pen_sample: one complete frame of a pen, in physical units.
 *
 * This is what rig/ hands the simulator: position in mm from the pad's
 * top-left corner, pressure 0..1 after the pen's offset is removed, tilt in
 * degrees, the tool end in use, and whether the tip touches the pad.
 */
#ifndef SMPSIM_PEN_SAMPLE_H
#define SMPSIM_PEN_SAMPLE_H

#include <stdint.h>

/* The kernel's pen tools (BTN_TOOL_PEN ... BTN_TOOL_AIRBRUSH), in
 * libinput's order. Pucks (BTN_TOOL_MOUSE, BTN_TOOL_LENS) are not here: they
 * cannot touch the pad (docs/input.md). */
enum pen_tool {
	PEN_TOOL_NONE = 0,
	PEN_TOOL_PEN,
	PEN_TOOL_ERASER,   /**< BTN_TOOL_RUBBER: the pen turned round */
	PEN_TOOL_BRUSH,
	PEN_TOOL_PENCIL,
	PEN_TOOL_AIRBRUSH,
	PEN_TOOL_COUNT
};

enum pen_sample_flag {
	PEN_IN_PROXIMITY = 1u << 0, /**< the tool is over the pad */
	PEN_TIP_DOWN = 1u << 1,     /**< the tip touches (libinput's pressure rule) */
	PEN_HAS_TILT = 1u << 2,     /**< tilt_x_deg / tilt_y_deg are meaningful */
	PEN_PROXIMITY_IN = 1u << 3, /**< this frame brought the tool in */
	PEN_PROXIMITY_OUT = 1u << 4,/**< this frame took it out (sample is the last) */
	PEN_TIP_DOWN_EDGE = 1u << 5,/**< the tip touched in this frame */
	PEN_TIP_UP_EDGE = 1u << 6,  /**< the tip lifted in this frame */
	PEN_SYNTHESIZED = 1u << 7,  /**< made by smpsim: a forced proximity-out */
};

struct pen_sample {
	int64_t time_us;   /**< since the stream's first event */
	double x_mm, y_mm;
	double pressure;   /**< 0..1 */
	double tilt_x_deg, tilt_y_deg;
	enum pen_tool tool;
	uint32_t flags;    /**< enum pen_sample_flag */
};

#endif
