/* evemu_reader: a strict, fast reader for evemu recordings.
 *
 * Lines come from a 64 KiB buffer refilled from the file (or from the
 * reader's own copy of a recording held in memory); a line longer than
 * EVEMU_LINE_MAX is an error, never a silent split. Each line kind has its own small parser; numbers are read by hand
 * because E: lines are the hot path (millions per second) and strtol's locale
 * and errno handling cost more than the rest of the line. Every failure
 * becomes "file:line: what is wrong" and sticks: a reader in error returns
 * the same error forever, so nothing after a bad line is ever used.
 *
 * evemu_reader_check() reads the whole recording once before any of it is
 * used and goes back to the start: a regular file is read again from its
 * first byte; anything else (a pipe) is kept in memory as the check reads
 * it, and read again from there. A file is read in blocks of BUF_SIZE from
 * offset 0, whatever the lines, so that a block is the same bytes on both
 * reads: the check keeps each block's length and CRC-32 (zlib; 8 bytes per
 * 64 KiB, not a copy), and the second read takes exactly those blocks and
 * compares each before any of its lines is used. What was written to the
 * file after the check is not there for the replay (it stops where the
 * check stopped), and a block that differs (the file rewritten or cut
 * meanwhile) is an error at the line it would have fed. The second read
 * goes through the same open file, so a file renamed over the path in
 * between is never read at all.
 */
#include "evemu_reader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Bytes read from a file at a time; the buffer holds a block behind the
 * unread tail of a line (at most EVEMU_LINE_MAX + 1 bytes, CR included). */
#define BUF_SIZE (64 * 1024)
#define BUF_CAP (BUF_SIZE + EVEMU_LINE_MAX + 2)
#define ERROR_MAX 512
/* Timestamps beyond this are absurd (year 2500); they would overflow µs maths. */
#define SEC_MAX 16725225600LL

/* One read of a file during a check: its length and its CRC-32. */
struct block {
	uint32_t size;
	uint32_t crc;
};

struct evemu_reader {
	char *name;
	FILE *file;           /* NULL when reading from memory */
	char *mem;            /* the recording in memory: ours, or kept by a check */
	size_t mem_size, mem_pos, mem_cap;
	bool keep;            /* append what is read from file to mem */
	struct block *blocks; /* a check of a file: what each read gave */
	size_t block_count, block_cap;
	bool recording_blocks;/* the check is reading: note each block */
	bool verify;          /* the read after a check: compare each block */
	size_t block_next;    /* the block the next read must give */
	char *buf;
	size_t cap, start, end;
	bool eof;
	unsigned long line;
	bool any_line;        /* the file had at least one byte */
	int version_minor;    /* -1 until "# EVEMU 1.x" is seen */
	bool has_name, has_id;
	size_t prop_bytes;    /* bytes of P: read so far */
	size_t bit_bytes[EV_CNT];
	const struct pen_device *dev;  /* events are checked against it */
	const struct pen_device *expected; /* evemu_reader_expect_device()'s */
	struct pen_device *fill;       /* the description being read */
	struct input_event last;
	bool have_last;
	char pending_event;   /* the first E: line was read by read_description */
	char *pending_line;
	size_t pending_len;
	const char *line_end; /* one past the current line's last byte */
	int failed;
	char error[ERROR_MAX];
};

static int fail(struct evemu_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct evemu_reader *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->failed)
		return -EINVAL;
	n = snprintf(r->error, sizeof(r->error), "%s:%lu: ", r->name, r->line);
	if (n < 0 || (size_t)n >= sizeof(r->error))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->error + n, sizeof(r->error) - (size_t)n, fmt, ap);
	va_end(ap);
	r->failed = -EINVAL;
	return -EINVAL;
}

static struct evemu_reader *reader_alloc(const char *name, size_t cap)
{
	struct evemu_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->name = strdup(name);
	r->buf = malloc(cap + 1);
	if (!r->name || !r->buf) {
		free(r->name);
		free(r->buf);
		free(r);
		return NULL;
	}
	r->cap = cap;
	r->version_minor = -1;
	return r;
}

int evemu_reader_new_from_file(const char *path, struct evemu_reader **reader)
{
	struct evemu_reader *r;
	FILE *f;

	*reader = NULL;
	f = fopen(path, "rb");
	if (!f)
		return -errno;
	r = reader_alloc(path, BUF_CAP);
	if (!r) {
		fclose(f);
		return -ENOMEM;
	}
	r->file = f;
	*reader = r;
	return 0;
}

int evemu_reader_new_from_buffer(const char *name, const void *data,
				 size_t size, struct evemu_reader **reader)
{
	struct evemu_reader *r = reader_alloc(name, BUF_CAP);

	*reader = NULL;
	if (!r)
		return -ENOMEM;
	r->mem = malloc(size ? size : 1);
	if (!r->mem) {
		evemu_reader_free(r);
		return -ENOMEM;
	}
	if (size)
		memcpy(r->mem, data, size);
	r->mem_size = r->mem_cap = size;
	*reader = r;
	return 0;
}

void evemu_reader_free(struct evemu_reader *reader)
{
	if (!reader)
		return;
	if (reader->file)
		fclose(reader->file);
	free(reader->mem);
	free(reader->blocks);
	free(reader->name);
	free(reader->buf);
	free(reader);
}

const char *evemu_reader_error(const struct evemu_reader *reader)
{
	return reader->failed ? reader->error : NULL;
}

unsigned long evemu_reader_line(const struct evemu_reader *reader)
{
	return reader->line;
}

/* Appends what a check read from a file it cannot read twice. */
static int keep_bytes(struct evemu_reader *r, const char *bytes, size_t n)
{
	if (r->mem_size + n > r->mem_cap) {
		size_t cap = r->mem_cap ? r->mem_cap : BUF_SIZE;
		char *grown;

		while (cap < r->mem_size + n)
			cap *= 2;
		grown = realloc(r->mem, cap);
		if (!grown)
			return -ENOMEM;
		r->mem = grown;
		r->mem_cap = cap;
	}
	memcpy(r->mem + r->mem_size, bytes, n);
	r->mem_size += n;
	return 0;
}

/* Notes a block the check read, for the second read to compare. */
static int note_block(struct evemu_reader *r, const char *bytes, size_t n)
{
	if (r->block_count == r->block_cap) {
		size_t cap = r->block_cap ? r->block_cap * 2 : 64;
		struct block *grown = realloc(r->blocks, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		r->blocks = grown;
		r->block_cap = cap;
	}
	r->blocks[r->block_count++] = (struct block){
		.size = (uint32_t)n,
		.crc = (uint32_t)crc32(0, (const Bytef *)bytes, (uInt)n),
	};
	return 0;
}

/* Reads the next block of the file to @p dst: BUF_SIZE bytes, or after a
 * check exactly the block the check read there, nothing past its last.
 * @return the bytes read; -ESTALE when they are not the check's; another
 * negative errno when reading failed. */
static long read_block(struct evemu_reader *r, char *dst)
{
	size_t want = BUF_SIZE, got;

	if (r->verify) {
		if (r->block_next == r->block_count)
			return 0;
		want = r->blocks[r->block_next].size;
	}
	got = fread(dst, 1, want, r->file);
	if (got < want && ferror(r->file))
		return errno ? -errno : -EIO;
	if (r->verify) {
		const struct block *b = &r->blocks[r->block_next++];

		if (got != b->size || (uint32_t)crc32(0, (const Bytef *)dst, (uInt)got) != b->crc)
			return -ESTALE;
	} else if (r->recording_blocks && got && note_block(r, dst, got) < 0) {
		return -ENOMEM;
	}
	if (r->keep && got && keep_bytes(r, dst, got) < 0)
		return -ENOMEM;
	return (long)got;
}

/* Refill: keep the unread tail, read more behind it. */
static int refill(struct evemu_reader *r)
{
	size_t keep = r->end - r->start, got, room = r->cap - keep;

	memmove(r->buf, r->buf + r->start, keep);
	r->start = 0;
	r->end = keep;
	if (r->file) {
		long n = read_block(r, r->buf + keep);

		if (n < 0)
			return (int)n;
		got = (size_t)n;
	} else {
		got = r->mem_size - r->mem_pos < room ? r->mem_size - r->mem_pos : room;
		memcpy(r->buf + keep, r->mem + r->mem_pos, got);
		r->mem_pos += got;
	}
	r->end += got;
	if (got == 0)
		r->eof = true;
	return 0;
}

static bool has_control_bytes(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/* @return 1 with the line (no newline, NUL-terminated) in *line, 0 at end.
 * The limit is on the line's text: a CRLF line may be one byte longer. */
static int next_line(struct evemu_reader *r, char **line, size_t *len)
{
	for (;;) {
		char *s = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(s, '\n', avail);
		size_t n;

		if (!nl && !r->eof && avail <= EVEMU_LINE_MAX + 1) {
			int rc = refill(r);

			if (rc == -ESTALE) {
				r->line++;
				return fail(r, "the file changed after it was checked; "
					    "nothing from this line on is used");
			}
			if (rc < 0) {
				r->line++;
				return fail(r, "read error: %s", strerror(-rc));
			}
			continue;
		}
		if (!nl && avail == 0)
			return 0;
		n = nl ? (size_t)(nl - s) : avail;
		r->line++;
		r->any_line = true;
		r->start += n + (nl ? 1 : 0);
		if (n && s[n - 1] == '\r')
			n--;
		if (n > EVEMU_LINE_MAX)
			return has_control_bytes(s, n) ?
			       fail(r, "binary data where text was expected") :
			       fail(r, "line longer than %d bytes", EVEMU_LINE_MAX);
		s[n] = '\0';
		r->line_end = s + n;
		*line = s;
		*len = n;
		return 1;
	}
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Unsigned hex of up to @max_digits digits. */
static const char *parse_hex(const char *p, unsigned int max_digits,
			     uint32_t *out)
{
	uint32_t v = 0;
	unsigned int n = 0;

	for (;; p++, n++) {
		unsigned int c = (unsigned char)*p, d;

		if (c - '0' < 10)
			d = c - '0';
		else if ((c | 0x20) - 'a' < 6)
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		if (n >= max_digits)
			return NULL;
		v = v * 16 + d;
	}
	if (n == 0)
		return NULL;
	*out = v;
	return p;
}

/* Signed decimal that must fit in int32_t. */
static const char *parse_int(const char *p, int32_t *out)
{
	bool neg = false;
	int64_t v = 0;
	unsigned int n = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; (unsigned int)(*p - '0') < 10; p++, n++) {
		v = v * 10 + (*p - '0');
		if (v > (int64_t)INT32_MAX + 1)
			return NULL;
	}
	if (n == 0 || (!neg && v > INT32_MAX))
		return NULL;
	*out = (int32_t)(neg ? -v : v);
	return p;
}

/* The rest of the line is blank or a comment. Compared against the line's
 * real end so that a NUL byte inside a line cannot end it early. */
static bool at_end(const struct evemu_reader *r, const char *p)
{
	p = skip_blanks(p);
	return p == r->line_end || *p == '#';
}

/* A number's field ends at a blank (more fields follow). */
static bool field_end(const struct evemu_reader *r, const char *p)
{
	return p && p != r->line_end && (*p == ' ' || *p == '\t');
}

static int parse_version(struct evemu_reader *r, const char *line)
{
	const char *p = skip_blanks(line + 1);
	int32_t major, minor;

	if (strncmp(p, "EVEMU ", 6) != 0)
		return 0; /* an ordinary comment */
	p = skip_blanks(p + 6);
	p = parse_int(p, &major);
	if (!p || *p != '.' || !(p = parse_int(p + 1, &minor)) || !at_end(r, p))
		return fail(r, "malformed version line, expected \"# EVEMU 1.3\"");
	if (major != 1 || minor < 0 || minor > 3)
		return fail(r, "unknown evemu version %d.%d (this reader knows 1.0 to 1.3)",
			    major, minor);
	if (r->version_minor >= 0)
		return fail(r, "second version line");
	r->version_minor = minor;
	return 0;
}

static int parse_bytes(struct evemu_reader *r, const char *p, uint8_t *dst,
		       size_t dst_size, size_t *offset, int max_bit,
		       const char *what)
{
	for (int i = 0; i < 8; i++) {
		uint32_t byte;

		p = skip_blanks(p);
		if (!(p = parse_hex(p, 2, &byte)))
			return fail(r, "%s: expected 8 hex bytes", what);
		for (int bit = 0; bit < 8; bit++) {
			long code = (long)(*offset * 8) + bit;

			if (!(byte & (1u << bit)))
				continue;
			if (code > max_bit || (size_t)(code / 8) >= dst_size)
				return fail(r, "%s: code %ld is beyond the largest (%d)",
					    what, code, max_bit);
			dst[code / 8] |= (uint8_t)(1u << bit);
		}
		(*offset)++;
	}
	if (!at_end(r, p))
		return fail(r, "%s: unexpected text after 8 bytes", what);
	return 0;
}

static int parse_description_line(struct evemu_reader *r, char *line,
				  size_t len)
{
	struct pen_device *dev = r->fill;
	const char *p = line + 2;
	uint32_t v[4];

	if (has_control_bytes(line, len))
		return fail(r, "binary data where text was expected");
	switch (line[0]) {
	case 'N':
		p = skip_blanks(p);
		if (r->has_name)
			return fail(r, "second N: line");
		if (strlen(p) >= sizeof(dev->name))
			return fail(r, "device name longer than %zu bytes",
				    sizeof(dev->name) - 1);
		memcpy(dev->name, p, strlen(p) + 1);
		r->has_name = true;
		return 0;
	case 'I':
		for (int i = 0; i < 4; i++) {
			p = skip_blanks(p);
			if (!(p = parse_hex(p, 4, &v[i])) || (i < 3 && !field_end(r, p)))
				return fail(r, "I: expected four 16-bit hex ids (bus vendor product version)");
		}
		if (!at_end(r, p))
			return fail(r, "I: unexpected text after four ids");
		dev->id.bustype = (uint16_t)v[0];
		dev->id.vendor = (uint16_t)v[1];
		dev->id.product = (uint16_t)v[2];
		dev->id.version = (uint16_t)v[3];
		r->has_id = true;
		return 0;
	case 'P':
		return parse_bytes(r, p, dev->props, sizeof(dev->props),
				   &r->prop_bytes, INPUT_PROP_MAX, "P");
	case 'B': {
		int max;

		p = skip_blanks(p);
		if (!(p = parse_hex(p, 2, &v[0])) || (max = pen_device_code_max(v[0])) < 0)
			return fail(r, "B: unknown event type");
		if (v[0] == EV_SYN)
			return parse_bytes(r, p, dev->types, sizeof(dev->types),
					   &r->bit_bytes[0], EV_MAX, "B: 00");
		return parse_bytes(r, p, dev->codes[v[0]], sizeof(dev->codes[0]),
				   &r->bit_bytes[v[0]], max, "B");
	}
	case 'A': {
		int32_t a[5] = { 0 };
		struct input_absinfo info;
		char why[PEN_DEVICE_WHY_MAX];
		int n = 0;

		p = skip_blanks(p);
		if (!(p = parse_hex(p, 2, &v[0])) || v[0] > ABS_MAX ||
		    (p != r->line_end && !field_end(r, p)))
			return fail(r, "A: axis code must be hex 00..%02x", ABS_MAX);
		for (; n < 5; n++) {
			const char *q = skip_blanks(p);

			if (q == r->line_end || *q == '#')
				break;
			if (q == p || !(p = parse_int(q, &a[n])))
				return fail(r, "A: expected decimal min max fuzz flat [resolution]");
		}
		if (n < 4 || !at_end(r, p))
			return fail(r, "A: expected decimal min max fuzz flat [resolution]");
		if (a[0] > a[1])
			return fail(r, "A: axis %02x has min %d above max %d", v[0], a[0], a[1]);
		if (a[4] < 0 || a[2] < 0 || a[3] < 0)
			return fail(r, "A: axis %02x has a negative fuzz, flat or resolution", v[0]);
		info = (struct input_absinfo){ .minimum = a[0], .maximum = a[1],
			.fuzz = a[2], .flat = a[3], .resolution = a[4] };
		if (pen_device_check_axis(v[0], &info, why, sizeof(why)) < 0)
			return fail(r, "A: %s", why);
		dev->abs[v[0]] = info;
		return 0;
	}
	default:
		return fail(r, "unknown line type '%c:'", line[0]);
	}
}

static int parse_event_line(struct evemu_reader *r, const char *line,
			    struct input_event *ev)
{
	const char *p = skip_blanks(line + 2);
	int64_t sec = 0;
	uint32_t usec = 0, type, code;
	int32_t value;
	int digits = 0;
	int max;

	for (; (unsigned int)(*p - '0') < 10; p++, digits++) {
		sec = sec * 10 + (*p - '0');
		if (sec > SEC_MAX)
			return fail(r, "E: absurd timestamp");
	}
	if (digits == 0 || *p != '.')
		return fail(r, "E: timestamp must be SECONDS.MICROSECONDS");
	for (p++, digits = 0; (unsigned int)(*p - '0') < 10; p++, digits++)
		usec = usec * 10 + (uint32_t)(*p - '0');
	if (digits != 6)
		return fail(r, "E: timestamp needs six digits of microseconds");
	if (!field_end(r, p))
		return fail(r, "E: timestamp must be SECONDS.MICROSECONDS");
	p = parse_hex(skip_blanks(p), 4, &type);
	if (p == r->line_end)
		return fail(r, "E: expected a hex event code");
	if (!field_end(r, p))
		return fail(r, "E: expected a hex event type");
	if ((max = pen_device_code_max(type)) < 0)
		return fail(r, "E: unknown event type");
	p = parse_hex(skip_blanks(p), 4, &code);
	if (p == r->line_end)
		return fail(r, "E: value must be a decimal 32-bit integer");
	if (!field_end(r, p))
		return fail(r, "E: expected a hex event code");
	if (code > (uint32_t)max)
		return fail(r, "E: event code beyond the type's largest (%d)", max);
	p = skip_blanks(p);
	if (!(p = parse_int(p, &value)))
		return fail(r, "E: value must be a decimal 32-bit integer");
	if (!at_end(r, p))
		return fail(r, "E: unexpected text after the value");
	p = skip_blanks(p);
	if (p != r->line_end && has_control_bytes(p, (size_t)(r->line_end - p)))
		return fail(r, "binary data where text was expected");
	if (r->dev && type != EV_SYN && !pen_device_has(r->dev, type, code))
		return fail(r, "E: event %04x %04x is not one the device declares", type, code);
	if (r->have_last &&
	    (sec < r->last.input_event_sec ||
	     (sec == r->last.input_event_sec && usec < r->last.input_event_usec)))
		return fail(r, "E: time goes backwards");
	ev->input_event_sec = (time_t)sec;
	ev->input_event_usec = usec;
	ev->type = (uint16_t)type;
	ev->code = (uint16_t)code;
	ev->value = value;
	r->last = *ev;
	r->have_last = true;
	return 1;
}

/* A line of no kind: binary data (such as the zero bytes of a hole a
 * crash left in the file) is named as such. */
static int not_a_line(struct evemu_reader *r, const char *line, size_t len,
		      const char *what)
{
	if (has_control_bytes(line, len))
		return fail(r, "binary data where text was expected");
	return fail(r, "%s", what);
}

static bool is_event_line(const char *line, size_t len)
{
	return len >= 2 && line[0] == 'E' && line[1] == ':';
}

static bool is_description_line(const char *line, size_t len)
{
	return len >= 2 && line[1] == ':' && strchr("NIPBA", line[0]);
}

int evemu_reader_read_description(struct evemu_reader *r, struct pen_device *dev)
{
	char *line;
	size_t len;
	int rc;

	if (r->failed)
		return r->failed;
	pen_device_init(dev);
	r->fill = dev;
	while ((rc = next_line(r, &line, &len)) == 1) {
		if (is_event_line(line, len)) {
			r->pending_event = 1;
			r->pending_line = line;
			r->pending_len = len;
			break;
		}
		if (len == 0)
			continue;
		if (line[0] == '#') {
			if (has_control_bytes(line, len))
				return fail(r, "binary data where text was expected");
			if ((rc = parse_version(r, line)) < 0)
				return rc;
			continue;
		}
		if (len < 2 || line[1] != ':')
			return not_a_line(r, line, len,
					  "not an evemu line (expected '#', N:, I:, P:, B:, A: or E:)");
		if (r->version_minor < 0)
			return fail(r, "missing version: an evemu description starts with \"# EVEMU 1.x\"");
		if ((rc = parse_description_line(r, line, len)) < 0)
			return rc;
	}
	r->fill = NULL;
	if (rc < 0)
		return rc;
	if (!r->any_line) {
		r->line = 1;
		return fail(r, "empty file, not an evemu recording");
	}
	if (r->version_minor < 0)
		return fail(r, "missing version: an evemu description starts with \"# EVEMU 1.x\"");
	if (!r->has_name || !r->has_id)
		return fail(r, "description lacks its %s line", r->has_name ? "I:" : "N:");
	/* Some evemu-record versions left types out of "B: 00" while listing
	 * their codes (the Cintiq 13HD recording lacks EV_MSC): a type with
	 * codes is a type the device has. */
	for (unsigned int type = 1; type < EV_CNT; type++)
		for (size_t i = 0; i < sizeof(dev->codes[type]); i++)
			if (dev->codes[type][i]) {
				dev->types[type / 8] |= (uint8_t)(1u << (type % 8));
				break;
			}
	r->dev = dev;
	return 0;
}

void evemu_reader_expect_device(struct evemu_reader *r, const struct pen_device *dev)
{
	r->dev = r->expected = dev;
}

int evemu_reader_next_event(struct evemu_reader *r, struct input_event *ev)
{
	char *line;
	size_t len;
	int rc;

	if (r->failed)
		return r->failed;
	if (r->pending_event) {
		r->pending_event = 0;
		return parse_event_line(r, r->pending_line, ev);
	}
	while ((rc = next_line(r, &line, &len)) == 1) {
		if (is_event_line(line, len))
			return parse_event_line(r, line, ev);
		if (len == 0)
			continue;
		if (line[0] == '#') {
			if (has_control_bytes(line, len))
				return fail(r, "binary data where text was expected");
			continue;
		}
		if (is_description_line(line, len))
			return fail(r, "description line among the events");
		return not_a_line(r, line, len, "not an evemu line (expected '#' or E:)");
	}
	if (rc == 0 && !r->any_line) {
		r->line = 1;
		return fail(r, "empty file, no events");
	}
	return rc;
}

/* Back to the first byte, as the reader was made: a regular file is read
 * again, block by block as the check read it, anything else from the copy
 * the check kept. */
static int rewind_reader(struct evemu_reader *r)
{
	if (r->keep) {
		fclose(r->file);
		r->file = NULL;
		r->keep = false;
	} else if (r->file && fseek(r->file, 0, SEEK_SET) < 0) {
		return fail(r, "cannot read the file again: %s", strerror(errno));
	}
	r->recording_blocks = false;
	r->verify = r->file != NULL;
	r->block_next = 0;
	r->mem_pos = 0;
	r->start = r->end = 0;
	r->eof = false;
	r->line = 0;
	r->any_line = false;
	r->version_minor = -1;
	r->has_name = r->has_id = false;
	r->prop_bytes = 0;
	memset(r->bit_bytes, 0, sizeof(r->bit_bytes));
	r->dev = r->expected;
	r->fill = NULL;
	r->have_last = false;
	r->pending_event = 0;
	r->pending_line = NULL;
	r->line_end = NULL;
	return 0;
}

int evemu_reader_check(struct evemu_reader *r)
{
	struct pen_device *dev = NULL;
	struct input_event ev;
	struct stat st;
	int rc = 0;

	if (r->failed)
		return r->failed;
	if (r->line || r->end)
		return -EBUSY;
	if (r->file && (fstat(fileno(r->file), &st) < 0 || !S_ISREG(st.st_mode)))
		r->keep = true;
	else if (r->file)
		r->recording_blocks = true;
	if (!r->expected) {
		dev = malloc(sizeof(*dev));
		if (!dev)
			return -ENOMEM;
		rc = evemu_reader_read_description(r, dev);
	}
	while (rc >= 0 && (rc = evemu_reader_next_event(r, &ev)) == 1)
		;
	free(dev);
	r->dev = r->expected;
	if (rc < 0) {
		if (!r->failed)
			fail(r, "%s", strerror(-rc));
		return r->failed;
	}
	return rewind_reader(r);
}
