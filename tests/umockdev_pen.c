/* umockdev_pen: emulates a pen tablet's evdev node with umockdev for the
 * live-path tests and benchmark.
 *
 * How it works: umockdev's preload library redirects /dev and /sys to a
 * testbed folder ($UMOCKDEV_DIR). The node is a pseudo-terminal; a
 * pty_player writes the events into its master from a thread, at their
 * times and never more than its buffer has room for (umockdev's own evemu
 * player fills the buffer and splits events when the reader lags), so
 * read() and poll() behave as on a device. Every
 * ioctl on the node is answered from a record file: we write one entry per
 * request libevdev makes, with data of exactly the size of the buffer
 * libevdev passes (umockdev matches on the full request code, size
 * included), in the order libevdev asks (umockdev searches the record from
 * the entry after the last one answered, which is what lets later blocks
 * answer the resyncs after SYN_DROPPED with another state).
 *
 * Bitmaps are built as arrays of unsigned long, like the kernel's and
 * libevdev's, and written as their bytes, so the files are right on either
 * byte order. EVIOCSCLOCKID has no record entry: umockdev cannot answer
 * it, and evdev_source ignores that failure.
 */
#include "umockdev_pen.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <umockdev.h>

#include "evemu_reader.h"
#include "pty_player.h"

#define LONG_BITS (sizeof(unsigned long) * CHAR_BIT)
#define BITMAP_LONGS(bits) (((bits) + LONG_BITS - 1) / LONG_BITS)
/* The largest bitmap: the key code space. */
#define BITMAP_MAX_LONGS BITMAP_LONGS(KEY_CNT)

/* Where sysfs puts the input device; the event node is its child. */
#define INPUT_PARENT_BASE 100
#define EVDEV_MAJOR 13
#define EVDEV_MINOR_BASE 64
/* The kernel's default key repeat, for a device with EV_REP. */
#define REP_DELAY_MS 250
#define REP_PERIOD_MS 33
/* EVIOCGNAME/PHYS/UNIQ: libevdev passes a char[256] and asks for 255. */
#define STRING_IOCTL_BYTES 255

/* ---- recordings ---- */

int umockdev_pen_read_recording(const char *path, struct pen_device *dev,
				struct input_event **events, size_t *count,
				char *err, size_t err_size)
{
	struct evemu_reader *reader;
	struct input_event ev, *grown;
	size_t cap = 0;
	int rc;

	*events = NULL;
	*count = 0;
	if ((rc = evemu_reader_new_from_file(path, &reader)) < 0) {
		snprintf(err, err_size, "%s: %s", path, strerror(-rc));
		return rc;
	}
	rc = evemu_reader_read_description(reader, dev);
	while (rc >= 0 && (rc = evemu_reader_next_event(reader, &ev)) == 1) {
		if (*count == cap) {
			cap = cap ? 2 * cap : 1024;
			if (!(grown = realloc(*events, cap * sizeof(**events)))) {
				rc = -ENOMEM;
				break;
			}
			*events = grown;
		}
		(*events)[(*count)++] = ev;
	}
	if (rc < 0) {
		snprintf(err, err_size, "%s", rc == -ENOMEM ? "out of memory" :
			 evemu_reader_error(reader));
		free(*events);
		*events = NULL;
		*count = 0;
	}
	evemu_reader_free(reader);
	return rc < 0 ? rc : 0;
}

/* ---- states ---- */

void umockdev_pen_state_init(struct umockdev_pen_state *state)
{
	memset(state, 0, sizeof(*state));
}

void umockdev_pen_state_set_key(struct umockdev_pen_state *state,
				unsigned int code, bool held)
{
	uint8_t bit;

	if (code > KEY_MAX)
		return;
	bit = (uint8_t)(1u << (code % 8));
	if (held)
		state->keys[code / 8] |= bit;
	else
		state->keys[code / 8] &= (uint8_t)~bit;
}

void umockdev_pen_state_set_abs(struct umockdev_pen_state *state,
				unsigned int code, int32_t value)
{
	if (code <= ABS_MAX)
		state->abs[code] = value;
}

/* ---- bitmaps ---- */

/* The first @p bits bits of a byte bitmap (bit n in byte n/8) as longs. */
static void bitmap_from_bytes(unsigned long *longs, size_t bits,
			      const uint8_t *bytes, size_t n_bytes)
{
	memset(longs, 0, BITMAP_LONGS(bits) * sizeof(unsigned long));
	for (size_t i = 0; i < bits && i / 8 < n_bytes; i++)
		if (bytes[i / 8] & (1u << (i % 8)))
			longs[i / LONG_BITS] |= 1UL << (i % LONG_BITS);
}

/* The event types of @p dev as EVIOCGBIT(0) reports them: EV_SYN always,
 * and every type with a code (some evemu headers leave EV_MSC out of their
 * type mask while listing MSC_SERIAL; the kernel never would). */
static void type_bitmap(const struct pen_device *dev, unsigned long *longs)
{
	bitmap_from_bytes(longs, EV_CNT, dev->types, sizeof(dev->types));
	longs[0] |= 1UL << EV_SYN;
	for (unsigned int type = 1; type < EV_CNT; type++)
		for (size_t i = 0; i < sizeof(dev->codes[type]); i++)
			if (dev->codes[type][i]) {
				longs[type / LONG_BITS] |= 1UL << (type % LONG_BITS);
				break;
			}
}

static bool has_type(const unsigned long *types, unsigned int type)
{
	return types[type / LONG_BITS] & (1UL << (type % LONG_BITS));
}

/* The codes of one type: none for a type the device lacks. */
static void code_bitmap(const struct pen_device *dev, const unsigned long *types,
			unsigned int type, size_t bits, unsigned long *longs)
{
	if (!has_type(types, type)) {
		memset(longs, 0, BITMAP_LONGS(bits) * sizeof(unsigned long));
		return;
	}
	bitmap_from_bytes(longs, bits, dev->codes[type], sizeof(dev->codes[type]));
}

/* sysfs style: longs in hex, most significant first, leading zero longs
 * dropped, separated by spaces ("1c1f 0 0 0 0 0"). */
static void write_sysfs_bitmap(FILE *f, const unsigned long *longs, size_t n)
{
	bool started = false;

	for (size_t i = n; i-- > 0;) {
		if (!started && longs[i] == 0 && i != 0)
			continue;
		fprintf(f, started ? " %lx" : "%lx", longs[i]);
		started = true;
	}
}

static void write_hex(FILE *f, const void *data, size_t size)
{
	const uint8_t *b = data;

	for (size_t i = 0; i < size; i++)
		fprintf(f, "%02X", b[i]);
}

/* ---- the device description ---- */

/* A sysfs attribute value: umockdev unescapes it with g_strcompress(). */
static void write_attr_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\')
			fputs("\\\\", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
}

/* A udev property value: one line, no quotes inside NAME="...". */
static void write_prop_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		fputc(c < 0x20 || c == 0x7f || c == '"' ? '_' : c, f);
	}
}

int umockdev_pen_write_description(FILE *f, const struct pen_device *dev,
				   unsigned int node)
{
	static const struct {
		unsigned int type;
		const char *attr, *prop;
		size_t bits;
	} caps[] = {
		{ EV_SYN, "ev", "EV", EV_CNT }, { EV_KEY, "key", "KEY", KEY_CNT },
		{ EV_REL, "rel", "REL", REL_CNT }, { EV_ABS, "abs", "ABS", ABS_CNT },
		{ EV_MSC, "msc", "MSC", MSC_CNT }, { EV_LED, "led", "LED", LED_CNT },
		{ EV_SND, "snd", "SND", SND_CNT }, { EV_FF, "ff", "FF", FF_CNT },
		{ EV_SW, "sw", "SW", SW_CNT },
	};
	unsigned long types[BITMAP_LONGS(EV_CNT)], props[BITMAP_LONGS(INPUT_PROP_CNT)];
	unsigned long codes[BITMAP_MAX_LONGS];
	unsigned int parent = INPUT_PARENT_BASE + node;
	unsigned int minor = EVDEV_MINOR_BASE + node;

	type_bitmap(dev, types);
	bitmap_from_bytes(props, INPUT_PROP_CNT, dev->props, sizeof(dev->props));

	fprintf(f, "P: /devices/virtual/input/input%u/event%u\n", parent, node);
	fprintf(f, "N: input/event%u\n", node);
	fprintf(f, "E: DEVNAME=/dev/input/event%u\n", node);
	fprintf(f, "E: MAJOR=%d\nE: MINOR=%u\n", EVDEV_MAJOR, minor);
	fprintf(f, "E: SUBSYSTEM=input\nE: ID_INPUT=1\nE: ID_INPUT_TABLET=1\n");
	fprintf(f, "A: dev=%d:%u\n\n", EVDEV_MAJOR, minor);

	fprintf(f, "P: /devices/virtual/input/input%u\n", parent);
	fprintf(f, "E: PRODUCT=%x/%x/%x/%x\n", dev->id.bustype, dev->id.vendor,
		dev->id.product, dev->id.version);
	fputs("E: NAME=\"", f);
	write_prop_value(f, dev->name);
	fputs("\"\nE: PROP=", f);
	write_sysfs_bitmap(f, props, BITMAP_LONGS(INPUT_PROP_CNT));
	fputs("\nE: EV=", f);
	write_sysfs_bitmap(f, types, BITMAP_LONGS(EV_CNT));
	fputc('\n', f);
	for (size_t i = 1; i < sizeof(caps) / sizeof(caps[0]); i++) {
		if (!has_type(types, caps[i].type))
			continue;
		code_bitmap(dev, types, caps[i].type, caps[i].bits, codes);
		fprintf(f, "E: %s=", caps[i].prop);
		write_sysfs_bitmap(f, codes, BITMAP_LONGS(caps[i].bits));
		fputc('\n', f);
	}
	fprintf(f, "E: SUBSYSTEM=input\nE: ID_INPUT=1\nE: ID_INPUT_TABLET=1\n");
	fputs("A: name=", f);
	write_attr_value(f, dev->name);
	fprintf(f, "\\n\nA: phys=umockdev/input%u\\n\nA: uniq=\\n\n", node);
	fputs("A: properties=", f);
	write_sysfs_bitmap(f, props, BITMAP_LONGS(INPUT_PROP_CNT));
	fprintf(f, "\\n\nA: id/bustype=%04x\\n\nA: id/vendor=%04x\\n\n"
		"A: id/product=%04x\\n\nA: id/version=%04x\\n\n",
		dev->id.bustype, dev->id.vendor, dev->id.product, dev->id.version);
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		if (caps[i].type == EV_SYN)
			memcpy(codes, types, sizeof(types));
		else
			code_bitmap(dev, types, caps[i].type, caps[i].bits, codes);
		fprintf(f, "A: capabilities/%s=", caps[i].attr);
		write_sysfs_bitmap(f, codes, BITMAP_LONGS(caps[i].bits));
		fputs("\\n\n", f);
	}
	return ferror(f) ? -EIO : 0;
}

/* ---- the ioctl record ---- */

static void write_ioctl(FILE *f, const char *name, const void *data, size_t size)
{
	fprintf(f, "%s 0 ", name);
	write_hex(f, data, size);
	fputc('\n', f);
}

static void write_string_ioctl(FILE *f, const char *name, const char *value)
{
	char buf[STRING_IOCTL_BYTES] = { 0 };

	memcpy(buf, value, strnlen(value, sizeof(buf) - 1));
	write_ioctl(f, name, buf, sizeof(buf));
}

/* EVIOCGKEY, EVIOCGLED, EVIOCGSW, [EVIOCGREP], then EVIOCGABS of every
 * axis: what libevdev reads of the current state, in its order, at open
 * (with the repeat settings when the device has EV_REP) and at each resync
 * (without). */
static void write_state_block(FILE *f, const struct pen_device *dev,
			      const unsigned long *types,
			      const struct umockdev_pen_state *state,
			      bool at_open)
{
	unsigned long keys[BITMAP_LONGS(KEY_CNT)], has_keys[BITMAP_LONGS(KEY_CNT)];
	unsigned long led[BITMAP_LONGS(LED_CNT)] = { 0 };
	unsigned long sw[BITMAP_LONGS(SW_CNT)] = { 0 };
	unsigned long abs_bits[BITMAP_LONGS(ABS_CNT)];
	char name[32];

	/* Like the kernel, report only keys the device has. */
	bitmap_from_bytes(keys, KEY_CNT, state->keys, sizeof(state->keys));
	code_bitmap(dev, types, EV_KEY, KEY_CNT, has_keys);
	for (size_t i = 0; i < BITMAP_LONGS(KEY_CNT); i++)
		keys[i] &= has_keys[i];
	write_ioctl(f, "EVIOCGKEY", keys, sizeof(keys));
	write_ioctl(f, "EVIOCGLED", led, sizeof(led));
	write_ioctl(f, "EVIOCGSW", sw, sizeof(sw));
	if (at_open && has_type(types, EV_REP)) {
		unsigned int rep[REP_CNT] = { REP_DELAY_MS, REP_PERIOD_MS };

		write_ioctl(f, "EVIOCGREP", rep, sizeof(rep));
	}
	code_bitmap(dev, types, EV_ABS, ABS_CNT, abs_bits);
	for (unsigned int code = 0; code < ABS_CNT; code++) {
		struct input_absinfo a;

		if (!(abs_bits[code / LONG_BITS] & (1UL << (code % LONG_BITS))))
			continue;
		a = dev->abs[code];
		a.value = state->abs[code];
		snprintf(name, sizeof(name), "EVIOCGABS(%u)", code);
		write_ioctl(f, name, &a, sizeof(a));
	}
}

int umockdev_pen_write_ioctl(FILE *f, const struct pen_device *dev,
			     unsigned int node,
			     const struct umockdev_pen_state *states,
			     size_t n_states)
{
	/* libevdev_set_fd()'s order after EVIOCGPROP, with the size of the
	 * libevdev array each answer lands in. */
	static const struct {
		unsigned int type;
		size_t bits;
	} gbit[] = {
		{ EV_REL, REL_CNT }, { EV_ABS, ABS_CNT }, { EV_LED, LED_CNT },
		{ EV_KEY, KEY_CNT }, { EV_SW, SW_CNT }, { EV_MSC, MSC_CNT },
		{ EV_FF, FF_CNT }, { EV_SND, SND_CNT },
	};
	unsigned long types[BITMAP_LONGS(EV_CNT)], props[BITMAP_LONGS(INPUT_PROP_CNT)];
	unsigned long codes[BITMAP_MAX_LONGS];
	int version = EV_VERSION;
	char name[32], phys[32];

	if (n_states == 0)
		return -EINVAL;
	type_bitmap(dev, types);
	bitmap_from_bytes(props, INPUT_PROP_CNT, dev->props, sizeof(dev->props));
	snprintf(phys, sizeof(phys), "umockdev/input%u", node);

	fprintf(f, "@DEV /dev/input/event%u\n", node);
	write_ioctl(f, "EVIOCGBIT(0)", types, sizeof(types));
	write_string_ioctl(f, "EVIOCGNAME", dev->name);
	write_string_ioctl(f, "EVIOCGPHYS", phys);
	write_string_ioctl(f, "EVIOCGUNIQ", "");
	write_ioctl(f, "EVIOCGID", &dev->id, sizeof(dev->id));
	write_ioctl(f, "EVIOCGVERSION", &version, sizeof(version));
	write_ioctl(f, "EVIOCGPROP", props, sizeof(props));
	for (size_t i = 0; i < sizeof(gbit) / sizeof(gbit[0]); i++) {
		code_bitmap(dev, types, gbit[i].type, gbit[i].bits, codes);
		snprintf(name, sizeof(name), "EVIOCGBIT(%u)", gbit[i].type);
		write_ioctl(f, name, codes, BITMAP_LONGS(gbit[i].bits) * sizeof(unsigned long));
	}
	write_state_block(f, dev, types, &states[0], true);
	for (size_t i = 1; i < n_states; i++)
		write_state_block(f, dev, types, &states[i], false);
	return ferror(f) ? -EIO : 0;
}

/* ---- the testbed ---- */

struct umockdev_pen_bed {
	UMockdevTestbed *testbed;
	char dir[PATH_MAX];     /* our files: description, ioctl */
	char devnode[64];
	char syspath[128];
	struct pty_player *player; /* from umockdev_pen_bed_play() to the unplug */
	bool played;
	bool unplugged;
};

static void set_error(char *err, size_t size, const char *what,
		      const char *detail)
{
	if (err && size)
		snprintf(err, size, "umockdev: %s: %s", what, detail);
}

/* Writes @p name in the bed's folder with @p fill. */
static int write_file(struct umockdev_pen_bed *bed, const char *name,
		      char *path, size_t path_size,
		      int (*fill)(FILE *f, const void *ctx), const void *ctx,
		      char *err, size_t err_size)
{
	FILE *f;
	int rc;

	if ((size_t)snprintf(path, path_size, "%s/%s", bed->dir, name) >= path_size) {
		set_error(err, err_size, name, "path too long");
		return -ENAMETOOLONG;
	}
	f = fopen(path, "w");
	if (!f) {
		rc = -errno;
		set_error(err, err_size, path, strerror(-rc));
		return rc;
	}
	rc = fill(f, ctx);
	if (fclose(f) != 0 && rc == 0)
		rc = -EIO;
	if (rc < 0)
		set_error(err, err_size, path, strerror(-rc));
	return rc;
}

struct new_ctx {
	const struct pen_device *dev;
	const struct umockdev_pen_state *states;
	size_t n_states;
	unsigned int node;
};

static int fill_description(FILE *f, const void *ctx)
{
	const struct new_ctx *c = ctx;

	return umockdev_pen_write_description(f, c->dev, c->node);
}

static int fill_ioctl(FILE *f, const void *ctx)
{
	const struct new_ctx *c = ctx;

	return umockdev_pen_write_ioctl(f, c->dev, c->node, c->states, c->n_states);
}

static void remove_file(const struct umockdev_pen_bed *bed, const char *name)
{
	char path[PATH_MAX + 16];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", bed->dir, name) < sizeof(path))
		unlink(path);
}

/* The lowest N for which no real /dev/input/eventN exists. Called before
 * the testbed exists, so the preload does not redirect the check. */
static unsigned int free_node_number(void)
{
	char path[64];

	for (unsigned int n = 0; n < 1024; n++) {
		snprintf(path, sizeof(path), "/dev/input/event%u", n);
		if (access(path, F_OK) < 0 && errno == ENOENT)
			return n;
	}
	return 1024;
}

int umockdev_pen_bed_new(const struct pen_device *dev,
			 const struct umockdev_pen_state *states,
			 size_t n_states, struct umockdev_pen_bed **out,
			 char *err, size_t err_size)
{
	struct new_ctx ctx = { dev, states, n_states, 0 };
	struct umockdev_pen_bed *bed;
	const char *tmp = getenv("TMPDIR");
	char desc_path[PATH_MAX + 16], ioctl_path[PATH_MAX + 16];
	GError *gerr = NULL;
	int rc;

	*out = NULL;
	if (n_states == 0) {
		set_error(err, err_size, "states", "at least one is needed");
		return -EINVAL;
	}
	bed = calloc(1, sizeof(*bed));
	if (!bed)
		return -ENOMEM;
	snprintf(bed->dir, sizeof(bed->dir), "%s/smpsim-umockdev-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(bed->dir)) {
		rc = -errno;
		set_error(err, err_size, bed->dir, strerror(-rc));
		bed->dir[0] = '\0';
		goto fail;
	}
	ctx.node = free_node_number();
	snprintf(bed->devnode, sizeof(bed->devnode), "/dev/input/event%u", ctx.node);
	snprintf(bed->syspath, sizeof(bed->syspath),
		 "/sys/devices/virtual/input/input%u/event%u",
		 INPUT_PARENT_BASE + ctx.node, ctx.node);
	rc = write_file(bed, "device.umockdev", desc_path, sizeof(desc_path),
			fill_description, &ctx, err, err_size);
	if (rc == 0)
		rc = write_file(bed, "device.ioctl", ioctl_path, sizeof(ioctl_path),
				fill_ioctl, &ctx, err, err_size);
	if (rc < 0)
		goto fail;

	bed->testbed = umockdev_testbed_new();
	if (!umockdev_testbed_add_from_file(bed->testbed, desc_path, &gerr) ||
	    !umockdev_testbed_load_ioctl(bed->testbed, bed->devnode, ioctl_path,
					 &gerr)) {
		set_error(err, err_size, bed->devnode,
			  gerr ? gerr->message : "cannot set up the testbed");
		g_clear_error(&gerr);
		rc = -EINVAL;
		goto fail;
	}
	*out = bed;
	return 0;
fail:
	umockdev_pen_bed_free(bed);
	return rc;
}

void umockdev_pen_bed_free(struct umockdev_pen_bed *bed)
{
	if (!bed)
		return;
	/* Before the testbed closes the master the player writes into. */
	pty_player_free(bed->player);
	if (bed->testbed)
		g_object_unref(bed->testbed);
	if (bed->dir[0]) {
		remove_file(bed, "device.umockdev");
		remove_file(bed, "device.ioctl");
		rmdir(bed->dir);
	}
	free(bed);
}

const char *umockdev_pen_bed_devnode(const struct umockdev_pen_bed *bed)
{
	return bed->devnode;
}

int umockdev_pen_bed_writer_fd(struct umockdev_pen_bed *bed)
{
	return umockdev_testbed_get_dev_fd(bed->testbed, bed->devnode);
}

static int play(struct umockdev_pen_bed *bed, const struct input_event *events,
		size_t count, int64_t frame_gap_us, bool stamped, char *err,
		size_t err_size)
{
	int master = umockdev_pen_bed_writer_fd(bed);
	int rc;

	if (bed->played) {
		set_error(err, err_size, bed->devnode, "events were already played");
		return -EBUSY;
	}
	if (master < 0) {
		set_error(err, err_size, bed->devnode, "umockdev has no writer for it");
		return -ENODEV;
	}
	rc = (stamped ? pty_player_start_stamped : pty_player_start)(master, events, count,
								     frame_gap_us, &bed->player);
	if (rc < 0) {
		set_error(err, err_size, bed->devnode, strerror(-rc));
		return rc;
	}
	bed->played = true;
	return 0;
}

int umockdev_pen_bed_play(struct umockdev_pen_bed *bed,
			  const struct input_event *events, size_t count,
			  int64_t frame_gap_us, char *err, size_t err_size)
{
	return play(bed, events, count, frame_gap_us, false, err, err_size);
}

int umockdev_pen_bed_play_stamped(struct umockdev_pen_bed *bed,
				  const struct input_event *events, size_t count,
				  int64_t frame_gap_us, char *err, size_t err_size)
{
	return play(bed, events, count, frame_gap_us, true, err, err_size);
}

void umockdev_pen_bed_unplug(struct umockdev_pen_bed *bed)
{
	if (bed->unplugged)
		return;
	/* A device that is gone sends nothing more. */
	pty_player_free(bed->player);
	bed->player = NULL;
	umockdev_testbed_remove_device(bed->testbed, bed->syspath);
	bed->unplugged = true;
}

int umockdev_pen_node_unread(int fd)
{
	return pty_player_unread(fd);
}

bool umockdev_pen_preloaded(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload && strstr(preload, "libumockdev-preload");
}

int umockdev_pen_exec_preloaded(char **argv)
{
	const char *old = getenv("LD_PRELOAD");
	char preload[PATH_MAX];

	if ((size_t)snprintf(preload, sizeof(preload), "libumockdev-preload.so.0%s%s",
			     old && *old ? ":" : "", old && *old ? old : "") >=
	    sizeof(preload))
		return -ENAMETOOLONG;
	if (setenv("LD_PRELOAD", preload, 1) < 0)
		return -errno;
	execv("/proc/self/exe", argv);
	return -errno;
}
