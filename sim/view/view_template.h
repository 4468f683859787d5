/* view_template: a lesson's work area printed at real scale, to lay under
 * a practice skin or on a plain tablet (`smpsim lessons template`).
 */
#ifndef SMPSIM_VIEW_TEMPLATE_H
#define SMPSIM_VIEW_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"
#include "scalp.h"

/** Room round the page's contents, mm. */
#define VIEW_TEMPLATE_MARGIN_MM 10.0
/** The title and the work area's size above the area, mm. */
#define VIEW_TEMPLATE_HEADER_MM 16.0
/** The scale bar and its caption below the area, mm. */
#define VIEW_TEMPLATE_FOOTER_MM 22.0
/** The narrowest the contents get (the 50 mm bar and its caption), mm. */
#define VIEW_TEMPLATE_MIN_WIDTH_MM 80.0
/** The check bar's length, mm. */
#define VIEW_TEMPLATE_BAR_MM 50

/**
 * The page's size, mm: the work area (lesson_work_area()) with
 * VIEW_TEMPLATE_MARGIN_MM round it, the header above and the scale bar
 * below; at least VIEW_TEMPLATE_MIN_WIDTH_MM wide inside the margins.
 * The work area's top-left corner is at (*area_x, *area_y) on the page.
 */
void view_template_page(const struct lesson *lesson, const struct scalp_model *scalp,
			double *width_mm, double *height_mm, double *area_x,
			double *area_y);

/**
 * Writes the template into the open file @p fd (not closed): a page of
 * view_template_page()'s size, 1 mm of scalp to 1 mm of paper (in PDF,
 * 72/25.4 pt a mm; in SVG the document's unit is mm), with the lesson's
 * title, the work area's size and place on the scalp, its edge, the
 * scalp's region borders, the zones, the designed hairline and a 50 mm
 * bar with mm ticks ("check: this bar measures 50 mm").
 * @param pdf  PDF, else SVG
 * @return 0, or a negative errno with @p why (the write's error).
 */
int view_template_write(const struct lesson *lesson, const struct scalp_model *scalp,
			int fd, bool pdf, char *why, size_t why_size);

#endif
