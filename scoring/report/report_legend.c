/* report_legend: the legend beside the work area's picture. It lists
 * exactly what report_svg.c drew, as counted while drawing (struct
 * report_drawn): each depth class, ring and mark that occurs with how
 * many deposits carry it, the zone, the hairline where it crosses the
 * picture and the scalp regions the picture shows; a legend naming
 * regions out of sight misled (issue 16). Each entry is an
 * <li data-kind="KIND"> with a small SVG swatch drawn by the page's own
 * styles, so the swatch is what the picture shows.
 */
#include "report_internal.h"

#include <stdbool.h>
#include <stdio.h>

/* Region fills: light skin tones, distinct enough side by side; the
 * picture (report_svg.c) fills the regions with the same. */
const char *const report_region_fill[REPORT_REGION_FILLS] = {
	"#f3e4d5", "#ead3bd", "#f6eadf", "#e2c7ad", "#efdcc8", "#e8d8cf", "#f1e0c4", "#dfcbb9",
};

/* One legend entry: its swatch's SVG body, its words, and a count unless
 * @p count is (size_t)-1. Only what the picture holds is listed. */
static void entry(FILE *f, const char *kind, const char *swatch, const char *text,
		  size_t count)
{
	fprintf(f, "<li data-kind=\"%s\"><svg class=\"swatch\" width=\"18\" height=\"18\" "
		"viewBox=\"-9 -9 18 18\">%s</svg>", kind, swatch);
	report_html_text(f, text);
	if (count != (size_t)-1)
		fprintf(f, " <span class=\"count\">%zu</span>", count);
	fputs("</li>\n", f);
}

void report_legend(FILE *f, const struct report_session *s, const struct report_drawn *dr)
{
	static const char *const depth_text[] = {
		[DEPOSIT_SHALLOW] = "Shallow: above the band, fades with the epidermis",
		[DEPOSIT_IN_BAND] = "In the depth band",
		[DEPOSIT_DEEP] = "Deep: below the band",
		[DEPOSIT_OVERDEEP] = "Overdeep: blowout, a never-event",
	};
	static const enum deposit_depth_class order[] = {
		DEPOSIT_IN_BAND, DEPOSIT_SHALLOW, DEPOSIT_DEEP, DEPOSIT_OVERDEEP,
	};
	const struct scalp_model *m = &s->ls->scalp;
	char sw[160];
	bool rings = dr->merged || dr->outside || dr->lines || dr->blurred ||
		     dr->too_close || dr->gaps;

	fputs("<div class=\"legend\">\n", f);
	if (s->deposit_count) {
		fputs("<h3>Deposits, at their diameter</h3>\n<ul>\n", f);
		for (size_t i = 0; i < 4; i++) {
			if (!dr->by_class[order[i]])
				continue;
			snprintf(sw, sizeof(sw), "<circle class=\"dot %s\" r=\"6\"/>",
				 deposit_depth_class_name(order[i]));
			entry(f, deposit_depth_class_name(order[i]), sw, depth_text[order[i]],
			      dr->by_class[order[i]]);
		}
		fputs("</ul>\n", f);
	}
	if (rings) {
		fputs("<h3>Rings and marks</h3>\n<ul>\n", f);
		if (dr->merged)
			entry(f, "merged", "<circle class=\"dot in-band merged\" r=\"6\"/>",
			      "Merged: overlaps an earlier dot (dark purple ring)", dr->merged);
		if (dr->outside)
			entry(f, "outside", "<circle class=\"outside-ring\" r=\"7.5\"/>"
			      "<circle class=\"dot in-band\" r=\"4.5\"/>",
			      "Outside the lesson\u2019s zone (thin black ring round the dot, "
			      "apart from it)", dr->outside);
		if (dr->lines)
			entry(f, "line", dr->reach ? "<circle class=\"reach\" r=\"8\"/>"
			      "<circle class=\"dot in-band line\" r=\"5\"/>" :
			      "<circle class=\"dot in-band line\" r=\"6\"/>", dr->reach ?
			      "A drag line, not a dot (sky-blue ring; dashed circle: how far it "
			      "went)" : "A drag line, not a dot (sky-blue ring)", dr->lines);
		if (dr->blurred)
			entry(f, "blur", "<circle class=\"blur\" r=\"8\"/>"
			      "<circle class=\"dot overdeep\" r=\"4\"/>",
			      "Blur of pigment gone past the band (translucent blue halo)",
			      dr->blurred);
		if (dr->too_close)
			entry(f, "too-close", "<line class=\"too-close\" x1=\"-7\" y1=\"4\" "
			      "x2=\"7\" y2=\"-4\"/><circle class=\"dot in-band\" cx=\"-6\" cy=\"4\" "
			      "r=\"3\"/><circle class=\"dot in-band\" cx=\"6\" cy=\"-4\" r=\"3\"/>",
			      "Too close: a line to the earlier dot it crowds", dr->too_close);
		if (dr->gaps)
			entry(f, "gap", "<rect class=\"gap\" x=\"-7\" y=\"-7\" width=\"14\" "
			      "height=\"14\"/><circle class=\"dot in-band\" r=\"3\"/>",
			      "Gap: the dot left a hole to its nearest neighbour (square)",
			      dr->gaps);
		fputs("</ul>\n", f);
	}
	fputs("<h3>Lesson</h3>\n<ul>\n", f);
	if (dr->zone)
		entry(f, "zone", "<rect class=\"zone\" x=\"-7\" y=\"-6\" width=\"14\" "
		      "height=\"12\"/>", "Zone to work in", (size_t)-1);
	if (dr->hairline)
		entry(f, "hairline", "<polyline class=\"hairline\" points=\"-8,3 -3,-1 3,-2 "
		      "8,0\"/>", "Designed hairline", (size_t)-1);
	fputs("</ul>\n<h3>Scalp regions in the picture</h3>\n<ul>\n", f);
	for (size_t i = 0; i < m->region_count && i < 64; i++) {
		const struct scalp_region *r = &m->regions[i];
		char text[256];

		if (!dr->region[i])
			continue;
		snprintf(sw, sizeof(sw), "<rect class=\"region\" x=\"-7\" y=\"-6\" width=\"14\" "
			 "height=\"12\" fill=\"%s\"/>", report_region_fill[i % REPORT_REGION_FILLS]);
		snprintf(text, sizeof(text), "%s: band %g\u2013%g mm, overdeep past %g mm",
			 r->name, r->band_min_mm, r->band_max_mm, r->overdeep_mm);
		entry(f, "region", sw, text, (size_t)-1);
	}
	if (dr->off_scalp)
		entry(f, "off-scalp", "<rect class=\"off-scalp\" x=\"-7\" y=\"-6\" "
		      "width=\"14\" height=\"12\"/>", "Beyond the scalp model (grey)", (size_t)-1);
	fputs("</ul>\n</div>\n", f);
}
