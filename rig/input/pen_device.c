/* pen_device: the kernel's description of a pen device, and the two
 * judgements made from it: is it usable, and how big is it in millimetres.
 *
 * Bitmaps are stored the way the kernel's EVIOCGBIT returns them (bit n of
 * byte n/8), so an evemu B: line and a libevdev query fill them alike.
 * The size comes from the first source that knows it, in libinput's order of
 * trust: absinfo resolution, then libwacom, then the user; never a guess.
 */
#include "pen_device.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wacom_lib.h"

#define MM_PER_INCH 25.4

void pen_device_init(struct pen_device *dev)
{
	memset(dev, 0, sizeof(*dev));
}

int pen_device_code_max(unsigned int type)
{
	switch (type) {
	case EV_SYN: return SYN_MAX;
	case EV_KEY: return KEY_MAX;
	case EV_REL: return REL_MAX;
	case EV_ABS: return ABS_MAX;
	case EV_MSC: return MSC_MAX;
	case EV_SW: return SW_MAX;
	case EV_LED: return LED_MAX;
	case EV_SND: return SND_MAX;
	case EV_REP: return REP_MAX;
	case EV_FF: return FF_MAX;
	case EV_PWR: return 0;
	case EV_FF_STATUS: return FF_STATUS_MAX;
	default: return -1;
	}
}

bool pen_device_has(const struct pen_device *dev, unsigned int type,
		    unsigned int code)
{
	int max = pen_device_code_max(type);

	if (max < 0 || code > (unsigned int)max)
		return false;
	if (!(dev->types[type / 8] & (1u << (type % 8))))
		return false;
	return dev->codes[type][code / 8] & (1u << (code % 8));
}

int pen_device_enable(struct pen_device *dev, unsigned int type,
		      unsigned int code)
{
	int max = pen_device_code_max(type);

	if (max < 0 || code > (unsigned int)max)
		return -EINVAL;
	dev->types[type / 8] |= (uint8_t)(1u << (type % 8));
	dev->codes[type][code / 8] |= (uint8_t)(1u << (code % 8));
	return 0;
}

bool pen_device_has_prop(const struct pen_device *dev, unsigned int prop)
{
	if (prop >= INPUT_PROP_CNT)
		return false;
	return dev->props[prop / 8] & (1u << (prop % 8));
}

static bool has_pen_tool(const struct pen_device *dev)
{
	static const unsigned int tools[] = {
		BTN_TOOL_PEN, BTN_TOOL_RUBBER, BTN_TOOL_BRUSH,
		BTN_TOOL_PENCIL, BTN_TOOL_AIRBRUSH,
	};

	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (pen_device_has(dev, EV_KEY, tools[i]))
			return true;
	return false;
}

bool pen_device_axis_is_read(unsigned int code)
{
	switch (code) {
	case ABS_X: case ABS_Y: case ABS_PRESSURE:
	case ABS_TILT_X: case ABS_TILT_Y: case ABS_DISTANCE:
		return true;
	default:
		return false;
	}
}

int pen_device_check_axis(unsigned int code, const struct input_absinfo *a,
			  char *why, size_t why_size)
{
	int64_t span = (int64_t)a->maximum - a->minimum;

	if (!pen_device_axis_is_read(code) || span <= PEN_DEVICE_SPAN_MAX)
		return 0;
	if (why && why_size)
		snprintf(why, why_size, "axis %02x spans %" PRId64 " units (%d to %d), "
			 "more than the %d an axis can have", code, span, a->minimum,
			 a->maximum, PEN_DEVICE_SPAN_MAX);
	return -ERANGE;
}

int pen_device_check_usable(const struct pen_device *dev, char *why,
			    size_t why_size)
{
	const char *reason = NULL;
	bool pen = has_pen_tool(dev);

	if (!pen_device_has(dev, EV_ABS, ABS_X) ||
	    !pen_device_has(dev, EV_ABS, ABS_Y))
		reason = "no absolute X/Y axes (not a tablet)";
	else if (!pen && pen_device_has(dev, EV_KEY, BTN_TOOL_FINGER))
		reason = "a touchpad or touchscreen (finger tool, no pen)";
	else if (!pen && pen_device_has(dev, EV_ABS, ABS_MT_POSITION_X))
		reason = "a multitouch surface (no pen tool)";
	else if (!pen && !pen_device_has(dev, EV_ABS, ABS_PRESSURE))
		reason = "neither a pen tool nor a pressure axis";
	else if (dev->abs[ABS_X].maximum <= dev->abs[ABS_X].minimum ||
		 dev->abs[ABS_Y].maximum <= dev->abs[ABS_Y].minimum)
		reason = "X or Y axis has an empty range";
	else if (pen_device_has(dev, EV_ABS, ABS_PRESSURE) &&
		 dev->abs[ABS_PRESSURE].maximum <= dev->abs[ABS_PRESSURE].minimum)
		reason = "pressure axis has an empty range";

	if (!reason) {
		for (unsigned int code = 0; code < ABS_CNT; code++)
			if (pen_device_has(dev, EV_ABS, code) &&
			    pen_device_check_axis(code, &dev->abs[code], why, why_size) < 0)
				return -ENOTSUP;
		return 0;
	}
	if (why && why_size)
		snprintf(why, why_size, "%s", reason);
	return -ENOTSUP;
}

static WacomBusType wacom_bus(uint16_t bustype)
{
	switch (bustype) {
	case BUS_USB: return WBUSTYPE_USB;
	case BUS_BLUETOOTH: return WBUSTYPE_BLUETOOTH;
	case BUS_I2C: return WBUSTYPE_I2C;
	case BUS_RS232: return WBUSTYPE_SERIAL;
	default: return WBUSTYPE_UNKNOWN;
	}
}

/* libwacom_new_from_usbid knows USB only; walking the list matches any bus.
 * libwacom is loaded here, the first time it is needed (wacom_lib.h).
 * @return 0; -ENODATA when the database does not know the size;
 * -ELIBACC when libwacom cannot be loaded, with the reason in @p why. */
static int libwacom_size(const struct pen_device *dev, const char *dir,
			 double *width_in, double *height_in, char *why, size_t why_size)
{
	const struct wacom_lib *w = wacom_lib_get(why, why_size);
	WacomDeviceDatabase *db;
	WacomDevice **list;
	WacomBusType bus = wacom_bus(dev->id.bustype);
	int rc = -ENODATA;

	if (!w)
		return -ELIBACC;
	db = dir ? w->database_new_for_path(dir) : w->database_new();
	if (!db)
		return -ENODATA;
	list = w->list_devices_from_database(db, NULL);
	for (size_t i = 0; list && list[i] && rc != 0; i++) {
		const WacomMatch **m = w->get_matches(list[i]);

		for (size_t j = 0; m && m[j]; j++) {
			if (w->match_get_bustype(m[j]) != bus ||
			    w->match_get_vendor_id(m[j]) != dev->id.vendor ||
			    w->match_get_product_id(m[j]) != dev->id.product)
				continue;
			if (w->get_width(list[i]) > 0 && w->get_height(list[i]) > 0) {
				*width_in = w->get_width(list[i]);
				*height_in = w->get_height(list[i]);
				rc = 0;
			}
			break;
		}
	}
	free(list);
	w->database_destroy(db);
	return rc;
}

int pen_geometry_resolve(const struct pen_device *dev,
			 const char *libwacom_dir,
			 const struct pen_pad_size *user,
			 struct pen_geometry *geo, char *why, size_t why_size)
{
	const struct input_absinfo *ax = &dev->abs[ABS_X];
	const struct input_absinfo *ay = &dev->abs[ABS_Y];
	double range_x = (double)ax->maximum - ax->minimum;
	double range_y = (double)ay->maximum - ay->minimum;
	double w_in = 0, h_in = 0;
	char wacom_why[512] = "";
	int wacom_rc = -ENODATA;

	memset(geo, 0, sizeof(*geo));
	if (range_x <= 0 || range_y <= 0) {
		if (why && why_size)
			snprintf(why, why_size, "X or Y axis has an empty range");
		return -ENODATA;
	}
	if (ax->resolution > 0 && ay->resolution > 0) {
		geo->x_units_per_mm = ax->resolution;
		geo->y_units_per_mm = ay->resolution;
		geo->source = PEN_SIZE_RESOLUTION;
	} else if ((wacom_rc = libwacom_size(dev, libwacom_dir, &w_in, &h_in, wacom_why,
					     sizeof(wacom_why))) == 0) {
		geo->x_units_per_mm = range_x / (w_in * MM_PER_INCH);
		geo->y_units_per_mm = range_y / (h_in * MM_PER_INCH);
		geo->source = PEN_SIZE_LIBWACOM;
	} else if (user && user->width_mm > 0 && user->height_mm > 0) {
		geo->x_units_per_mm = range_x / user->width_mm;
		geo->y_units_per_mm = range_y / user->height_mm;
		geo->source = PEN_SIZE_USER;
	} else {
		if (why && why_size && wacom_rc == -ELIBACC)
			snprintf(why, why_size,
				 "device %04x:%04x reports no resolution and "
				 "libwacom cannot be loaded (%s); measure the "
				 "active area and give it as --pad-size WxH (mm)",
				 dev->id.vendor, dev->id.product, wacom_why);
		else if (why && why_size)
			snprintf(why, why_size,
				 "device %04x:%04x reports no resolution and "
				 "libwacom does not know its size; measure the "
				 "active area and give it as --pad-size WxH (mm)",
				 dev->id.vendor, dev->id.product);
		return -ENODATA;
	}
	geo->width_mm = range_x / geo->x_units_per_mm;
	geo->height_mm = range_y / geo->y_units_per_mm;
	return 0;
}

const char *pen_size_source_name(enum pen_size_source source)
{
	switch (source) {
	case PEN_SIZE_RESOLUTION: return "resolution";
	case PEN_SIZE_LIBWACOM: return "libwacom";
	case PEN_SIZE_USER: return "--pad-size";
	case PEN_SIZE_NONE: break;
	}
	return "none";
}

int pen_pad_size_parse(const char *text, struct pen_pad_size *size)
{
	char *end;
	double w, h;

	errno = 0;
	w = strtod(text, &end);
	if (errno || end == text || (*end != 'x' && *end != 'X'))
		return -EINVAL;
	text = end + 1;
	h = strtod(text, &end);
	if (errno || end == text || *end != '\0')
		return -EINVAL;
	if (!(w > 0 && w <= 2000 && h > 0 && h <= 2000) || isnan(w) || isnan(h))
		return -EINVAL;
	size->width_mm = w;
	size->height_mm = h;
	return 0;
}
