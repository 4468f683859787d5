/* report_raster: a dense session's deposits as one PNG picture layer and
 * as compact text, so that a page of 100 000 deposits stays a few MB.
 *
 * Drawn as SVG, each deposit is a <circle> with its <title>, some 330
 * bytes: 100 000 of them made a 33.8 MB page that a browser opens slowly
 * (issue 16). Above REPORT_VECTOR_DOTS_MAX deposits the work area's dots
 * are painted instead into an image at twice the picture's CSS pixels
 * (sharp on a high-density screen), each as the SVG would draw it: the
 * blur halo, the ring of its flag (centred on its edge, as an SVG stroke
 * is, but never over the least fill REPORT_MIN_FILL_PX), outside the zone
 * a thin black ring apart from it, and the disc in its depth class's
 * colour: all the rings first, then all the discs over them, so that
 * crowded dots show their classes, not their rings. Those are nine colours,
 * so the image is a palette PNG of 4 bits a pixel, written by libpng (Debian libpng16, already what the tests read
 * screenshots with: a well-kept encoder, no new dependency) and embedded
 * as a base64 data: URI, encoded as libpng hands the bytes over, so no
 * second copy is kept. Every deposit stays in the page as one line of
 * comma-separated values inside an inert <template> (never rendered,
 * never run): nothing is lost, and a script or a spreadsheet can read it.
 */
#include "report_internal.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* ---- base64 onto the page ---- */

struct b64 {
	FILE *f;
	unsigned char held[3];
	int n;
};

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_emit(struct b64 *b)
{
	unsigned v = (unsigned)b->held[0] << 16 | (unsigned)b->held[1] << 8 | b->held[2];
	char out[4] = {
		b64_alphabet[v >> 18 & 63], b64_alphabet[v >> 12 & 63],
		b->n > 1 ? b64_alphabet[v >> 6 & 63] : '=', b->n > 2 ? b64_alphabet[v & 63] : '=',
	};

	fwrite(out, 1, 4, b->f);
	b->n = 0;
	memset(b->held, 0, sizeof(b->held));
}

static void png_write_b64(png_structp png, png_bytep data, png_size_t len)
{
	struct b64 *b = png_get_io_ptr(png);

	for (png_size_t i = 0; i < len; i++) {
		b->held[b->n++] = data[i];
		if (b->n == 3)
			b64_emit(b);
	}
}

static void png_flush_none(png_structp png)
{
	(void)png;
}

/* ---- painting ---- */

/* The picture's few colours, as a palette: a PNG of 4 bits a pixel is a
 * fraction of one in RGBA. */
enum ink { INK_NONE, INK_SHALLOW, INK_IN_BAND, INK_DEEP, INK_OVERDEEP, INK_MERGED, INK_LINE,
	   INK_OUTSIDE, INK_BLUR, INK_COUNT };

struct canvas {
	unsigned char *px;     /* one ink a pixel */
	int w, h;
	double k;              /* raster pixels per mm */
	double x0, y0;         /* mm at the top left */
};

/* Inks the pixels whose centres lie between @p r_in and @p r_out raster
 * pixels of (@p cx, @p cy); @p under only where nothing is yet (the blur
 * halos, under everything). */
static void ring(struct canvas *c, double cx, double cy, double r_in, double r_out,
		 enum ink ink, bool under)
{
	double ya = floor(cy - r_out), yb = ceil(cy + r_out);
	double xa = floor(cx - r_out), xb = ceil(cx + r_out);

	if (yb < 0 || xb < 0 || ya >= c->h || xa >= c->w)
		return;
	for (int y = ya < 0 ? 0 : (int)ya; y <= yb && y < c->h; y++)
		for (int x = xa < 0 ? 0 : (int)xa; x <= xb && x < c->w; x++) {
			double dx = x + 0.5 - cx, dy = y + 0.5 - cy, d2 = dx * dx + dy * dy;
			unsigned char *p = c->px + (size_t)y * (size_t)c->w + (size_t)x;

			if (d2 > r_out * r_out || (r_in > 0 && d2 < r_in * r_in) ||
			    (under && *p != INK_NONE))
				continue;
			*p = (unsigned char)ink;
		}
}

/* Deposit @p d's rings (@p rings) or its fill. The drag line's or merged
 * ring is centred on the dot's edge as an SVG stroke is, but never over
 * its least fill, REPORT_MIN_FILL_PX: at a dense picture's scale a
 * 1.5 px ring there left no fill. Outside the zone: a thin ring apart
 * from the dot, as the SVG's .outside-ring. */
static void paint_dot(struct canvas *c, const struct deposit *d, bool rings)
{
	static const enum ink by_class[] = {
		[DEPOSIT_SHALLOW] = INK_SHALLOW, [DEPOSIT_IN_BAND] = INK_IN_BAND,
		[DEPOSIT_DEEP] = INK_DEEP, [DEPOSIT_OVERDEEP] = INK_OVERDEEP,
	};
	double cx = (d->x_mm - c->x0) * c->k, cy = (d->y_mm - c->y0) * c->k;
	double r = d->diameter_mm / 2 * c->k, half = 0, fill;
	enum ink ring_ink = INK_NONE;

	if (!isfinite(cx) || !isfinite(cy) || !isfinite(r))
		return;
	if (d->kind == DEPOSIT_LINE)
		ring_ink = INK_LINE, half = REPORT_LINE_PX * REPORT_RASTER_SCALE / 2.0;
	else if (d->faults & DEPOSIT_MERGED)
		ring_ink = INK_MERGED, half = REPORT_RING_PX * REPORT_RASTER_SCALE / 2.0;
	fill = fmax(r - half, REPORT_MIN_FILL_PX * REPORT_RASTER_SCALE);
	if (!rings) {
		ring(c, cx, cy, 0, fill,
		     (unsigned)d->depth_class < 4 ? by_class[d->depth_class] : INK_OVERDEEP, false);
		return;
	}
	if (half > 0)
		ring(c, cx, cy, fill, fill + 2 * half, ring_ink, false);
	if (d->faults & DEPOSIT_OUTSIDE_ZONE) {
		double edge = fill + 2 * half + REPORT_OUTSIDE_GAP_PX * REPORT_RASTER_SCALE;

		ring(c, cx, cy, edge, edge + REPORT_OUTSIDE_PX * REPORT_RASTER_SCALE, INK_OUTSIDE,
		     false);
	}
}

static void paint(struct canvas *c, const struct report_session *s)
{
	/* As the SVG: the halos first, under everything. (A halo over a
	 * halo is not darker here: one ink.) */
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];

		if (d->blur_mm > 0 && isfinite(d->x_mm) && isfinite(d->y_mm))
			ring(c, (d->x_mm - c->x0) * c->k, (d->y_mm - c->y0) * c->k, 0,
			     (d->diameter_mm / 2 + d->blur_mm) * c->k, INK_BLUR, true);
	}
	/* Then every ring, then every fill over them, each in order of
	 * making: a dense picture's dots are a pixel or two across, and
	 * rings drawn with each dot covered the dots made before (the
	 * picture of a crowded session read all black and purple). Over
	 * the rings, each dot's class shows; a ring shows where nothing
	 * covers it, and round a dot alone it is as the SVG draws it. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < s->deposit_count; i++)
			paint_dot(c, &s->deposits[i], pass == 0);
}

static void palette(png_structp png, png_infop info)
{
	static const unsigned rgb[INK_COUNT] = {
		[INK_NONE] = 0xffffff, [INK_SHALLOW] = REPORT_SHALLOW_RGB,
		[INK_IN_BAND] = REPORT_IN_BAND_RGB, [INK_DEEP] = REPORT_DEEP_RGB,
		[INK_OVERDEEP] = REPORT_OVERDEEP_RGB, [INK_MERGED] = REPORT_MERGED_RGB,
		[INK_LINE] = REPORT_LINE_RGB, [INK_OUTSIDE] = REPORT_OUTSIDE_RGB,
		[INK_BLUR] = REPORT_BLUR_RGB,
	};
	png_color pal[INK_COUNT];
	png_byte alpha[INK_COUNT];

	for (int i = 0; i < INK_COUNT; i++) {
		pal[i] = (png_color){ (png_byte)(rgb[i] >> 16), (png_byte)(rgb[i] >> 8 & 0xff),
				      (png_byte)(rgb[i] & 0xff) };
		alpha[i] = i == INK_NONE ? 0 : i == INK_BLUR ?
			   (png_byte)lround(REPORT_BLUR_ALPHA * 255) : 255;
	}
	png_set_PLTE(png, info, pal, INK_COUNT);
	png_set_tRNS(png, info, alpha, INK_COUNT, NULL);
}

int report_raster_dots(FILE *f, const struct report_session *s, double x0, double y0,
		       double w, double h, int wpx, int hpx)
{
	struct canvas c = {
		.w = wpx * REPORT_RASTER_SCALE, .h = hpx * REPORT_RASTER_SCALE,
		.k = wpx * REPORT_RASTER_SCALE / w, .x0 = x0, .y0 = y0,
	};
	struct b64 b = { .f = f };
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *row = NULL;
	volatile int rc = -ENOMEM;

	c.px = calloc((size_t)c.w * (size_t)c.h, 1);
	row = calloc((size_t)c.w / 2 + 1, 1);
	if (!c.px || !row)
		goto out;
	paint(&c, s);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (png)
		info = png_create_info_struct(png);
	if (!info)
		goto out;
	fprintf(f, "<image class=\"dots-raster\" x=\"%.5f\" y=\"%.5f\" width=\"%.5f\" "
		"height=\"%.5f\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,",
		x0, y0, w, h);
	/* libpng reports errors by longjmp: out of memory is all it can meet
	 * here (the bytes go to the stream, whose errors the page checks). */
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_set_write_fn(png, &b, png_write_b64, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)c.w, (png_uint_32)c.h, 4, PNG_COLOR_TYPE_PALETTE,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	palette(png, info);
	/* zlib's default: level 9 saved 0.3 % of 100 000 deposits' image
	 * for three times the time (docs/performance.md). */
	png_set_compression_level(png, 6);
	png_write_info(png, info);
	for (int y = 0; y < c.h; y++) {
		const unsigned char *p = c.px + (size_t)y * (size_t)c.w;

		for (int x = 0; x < c.w; x += 2)
			row[x / 2] = (unsigned char)(p[x] << 4 | (x + 1 < c.w ? p[x + 1] : 0));
		png_write_row(png, row);
	}
	png_write_end(png, info);
	if (b.n)
		b64_emit(&b);
	fputs("\"/>\n", f);
	rc = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	free(c.px);
	return rc;
}

/* @p v to two decimals, trailing zeros cut ("0.3", "12", "-1.25"). */
static void short_number(FILE *f, double v)
{
	char buf[48];
	size_t n;

	if (!isfinite(v))
		return;     /* an empty field */
	snprintf(buf, sizeof(buf), "%.2f", v + 0.0);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	fputs(buf, f);
}

void report_deposit_data(FILE *f, const struct report_session *s)
{
	/* A letter for the depth class, as the data-depth-class attribute says. */
	static const char cls[] = { [DEPOSIT_SHALLOW] = 's', [DEPOSIT_IN_BAND] = 'i',
				    [DEPOSIT_DEEP] = 'd', [DEPOSIT_OVERDEEP] = 'o' };
	bool numbered = true;

	/* Deposits are numbered in order of making from 0: then line N is
	 * deposit N and the id is left out (6 bytes a line of 40). */
	for (size_t i = 0; i < s->deposit_count && numbered; i++)
		numbered = s->deposits[i].id == i;
	fprintf(f, "<template class=\"deposit-data\" data-columns=\"%s" REPORT_DATA_COLUMNS "\" "
		"data-depth-class=\"s shallow, i in-band, d deep, o overdeep\" "
		"data-kind=\"0 dot, 1 drag line\" data-faults=\"the sum of", numbered ? "" : "id,");
	/* The faults column is a sum of bits: its key beside it, or the
	 * number (8, 10...) means nothing to the instructor reading it. */
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *name = deposit_fault_name(1u << bit);

		if (name)
			fprintf(f, "%s %u %s", bit ? "," : "", 1u << bit, name);
	}
	fputs("\">\n", f);
	for (size_t i = 0; i < s->deposit_count; i++) {
		const struct deposit *d = &s->deposits[i];
		const double mm[] = { d->x_mm, d->y_mm, d->depth_mm, d->diameter_mm, d->blur_mm };

		if (!numbered)
			fprintf(f, "%u,", d->id);
		fprintf(f, "%lld", (long long)(d->down_us / 1000));
		for (size_t k = 0; k < sizeof(mm) / sizeof(mm[0]); k++) {
			fputc(',', f);
			short_number(f, mm[k]);
		}
		fprintf(f, ",%c,%d,%u\n", (unsigned)d->depth_class < 4 ? cls[d->depth_class] : '?',
			(int)d->kind, d->faults);
	}
	fputs("</template>\n", f);
}
