/* pen_device: what smpsim knows about one evdev pen device, wherever the
 * description came from (a live node through libevdev, or an evemu header).
 *
 * It holds the kernel's view (name, ids, property and event-code bitmaps,
 * absinfo per axis) and answers the two questions the rest of rig/ asks:
 * can this device drive the simulator, and how big is its active area in mm.
 */
#ifndef SMPSIM_PEN_DEVICE_H
#define SMPSIM_PEN_DEVICE_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PEN_DEVICE_NAME_MAX 256
#define PEN_DEVICE_WHY_MAX 256

/* Codes per type are stored up to KEY_CNT, the largest code space. */
#define PEN_DEVICE_CODE_BYTES ((KEY_CNT + 7) / 8)

struct pen_device {
	char name[PEN_DEVICE_NAME_MAX];
	struct input_id id;
	uint8_t props[(INPUT_PROP_CNT + 7) / 8];
	uint8_t types[(EV_CNT + 7) / 8];
	uint8_t codes[EV_CNT][PEN_DEVICE_CODE_BYTES];
	struct input_absinfo abs[ABS_CNT];
};

/** Where the millimetre size of a pad came from. */
enum pen_size_source {
	PEN_SIZE_NONE = 0,
	PEN_SIZE_RESOLUTION, /**< the kernel's absinfo resolution */
	PEN_SIZE_LIBWACOM,   /**< libwacom's tablet database */
	PEN_SIZE_USER,       /**< the user's --pad-size WxH */
};

/** Device units to millimetres. X and Y may differ (UC-Logic tablets). */
struct pen_geometry {
	double x_units_per_mm;
	double y_units_per_mm;
	double width_mm;
	double height_mm;
	enum pen_size_source source;
};

/** A size the user gave with --pad-size, in mm; 0x0 when not given. */
struct pen_pad_size {
	double width_mm;
	double height_mm;
};

/** Clears @p dev: no name, no codes, all absinfo zero. */
void pen_device_init(struct pen_device *dev);

/** @return true if the device declares event @p type / @p code. */
bool pen_device_has(const struct pen_device *dev, unsigned int type,
		    unsigned int code);

/** Declares event @p type / @p code. @return 0, or -EINVAL when out of range. */
int pen_device_enable(struct pen_device *dev, unsigned int type,
		      unsigned int code);

/** @return true if input property @p prop is set. */
bool pen_device_has_prop(const struct pen_device *dev, unsigned int prop);

/** @return the largest valid code for @p type, or -1 for an unknown type. */
int pen_device_code_max(unsigned int type);

/** The widest span (maximum - minimum) an axis smpsim reads may have:
 * libinput computes axis ranges in an int, and so does every consumer of
 * evdev that follows it. */
#define PEN_DEVICE_SPAN_MAX INT32_MAX

/** @return true for the axes smpsim reads: X, Y, pressure, tilt, distance. */
bool pen_device_axis_is_read(unsigned int code);

/**
 * Checks the range of axis @p code as the program will compute with it:
 * for an axis smpsim reads, maximum - minimum at most PEN_DEVICE_SPAN_MAX
 * (other axes are not judged).
 * @param why  receives the reason when the range cannot be used (may be NULL)
 * @return 0, or -ERANGE.
 */
int pen_device_check_axis(unsigned int code, const struct input_absinfo *a,
			  char *why, size_t why_size);

/**
 * Decides whether the device can drive the simulator: absolute X and Y plus
 * a pen tool or a pressure axis, and not a touchpad or touchscreen; every
 * axis it reads passes pen_device_check_axis().
 *
 * @param why  receives the reason when the device is unusable (may be NULL)
 * @return 0 if usable, -ENOTSUP if not.
 */
int pen_device_check_usable(const struct pen_device *dev, char *why,
			    size_t why_size);

/**
 * Works out the millimetre size of the active area: from absinfo resolution
 * when X and Y both have one; else libwacom's database (by USB or Bluetooth
 * id; libwacom is loaded at the first call that needs it, and when it
 * cannot be, this goes on to the user's size and, without one, says why
 * in @p why); else the user's --pad-size. Never guesses.
 *
 * @param libwacom_dir  a libwacom data folder, or NULL for the system's
 * @param user          the user's size, or NULL / 0x0 when none was given
 * @param why           receives the reason on failure (may be NULL)
 * @return 0 on success, -ENODATA when no source knows the size.
 */
int pen_geometry_resolve(const struct pen_device *dev,
			 const char *libwacom_dir,
			 const struct pen_pad_size *user,
			 struct pen_geometry *geo, char *why, size_t why_size);

/** @return a short word for @p source ("resolution", "libwacom", "--pad-size"). */
const char *pen_size_source_name(enum pen_size_source source);

/**
 * Parses "WxH" in mm (e.g. "139.7x101.6").
 * @return 0, or -EINVAL when malformed or not in (0, 2000] mm.
 */
int pen_pad_size_parse(const char *text, struct pen_pad_size *size);

#endif
