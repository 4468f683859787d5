/* view_scene: what the live view shows, and its drawing with cairo and
 * pango, with no window: the window (smpsim-view.so) feeds a scene the pen
 * and the simulator's events and calls view_scene_draw() once a frame into
 * a cairo context on its own pixels; the unit tests draw it into an image
 * surface and read the pixels back.
 *
 * The picture, top to bottom of the window: the lesson's work area
 * (lesson_work_area()) to a stated scale, centred, with the status bar
 * (VIEW_STATUS_HEIGHT_PX) along the bottom. Coordinates are scalp mm (x to
 * the trainee's right, y from the forehead towards the crown, as the scalp
 * files have them), so the forehead is at the top of the window.
 *
 * Cost: the scalp with its regions, hair, zones and hairline is drawn once
 * per layout into a surface of its own, and each finished deposit once into
 * a second one; a frame composites the two and draws only what moves (the
 * pen, its ring, the depth gauge, fault marks, the status bar).
 *
 * Threads: a scene is used by one thread at a time (the view's); it may
 * allocate, so it is never called from the session's loop.
 */
#ifndef SMPSIM_VIEW_SCENE_H
#define SMPSIM_VIEW_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "deposit.h"
#include "sim_session.h"
#include "view_plugin.h"

/** The status bar's height along the window's bottom, px. */
#define VIEW_STATUS_HEIGHT_PX 28
/** Room kept round the work area when the scene fits it to the window. */
#define VIEW_MARGIN_PX 12
/** How long a fault stays marked at its place, in session time. */
#define VIEW_FAULT_MARK_US 1500000

/**
 * The depth classes' colours (practice, not exam), from Okabe and Ito's
 * palette for colour-blind viewers ("Color Universal Design", 2008): told
 * apart under protanopia, deuteranopia and tritanopia, and by lightness
 * alone (yellow, green, blue, vermillion from light to dark-red). 0xRRGGBB.
 */
#define VIEW_COLOUR_SHALLOW  0xF0E442u  /**< yellow: faint, fades */
#define VIEW_COLOUR_IN_BAND  0x009E73u  /**< bluish green: right */
#define VIEW_COLOUR_DEEP     0x0072B2u  /**< blue: too deep */
#define VIEW_COLOUR_OVERDEEP 0xD55E00u  /**< vermillion: the never-event */
/** Exam mode: a dot as healed pigment shows on skin. */
#define VIEW_COLOUR_PIGMENT  0x2E2A2Bu
/** The zone outlines and the designed hairline (practice only). */
#define VIEW_COLOUR_ZONE     0x1E508Cu
#define VIEW_COLOUR_HAIRLINE 0x5D3A1Au
/** A fault's mark (a ring round the place, the fault named beside it). */
#define VIEW_COLOUR_FAULT    0xCC79A7u  /**< reddish purple */
/** The pen's cursor. */
#define VIEW_COLOUR_CURSOR   0x000000u

struct view_scene;

/**
 * Makes a scene for @p setup. It copies what it keeps of @p setup; the
 * lesson and the scalp model it points to must outlive the scene (the
 * caller's lesson session does). The scene has no layout yet: call
 * view_scene_layout() before drawing.
 * @return 0 and *out; -EINVAL (with @p why) when @p setup has no lesson or
 * scalp or an empty work area; -ENOMEM.
 */
int view_scene_new(const struct view_setup *setup, struct view_scene **out,
		   char *why, size_t why_size);

/** Frees the scene and its surfaces. Accepts NULL. */
void view_scene_free(struct view_scene *scene);

/**
 * The pen now: the needle's place on the scalp (after the mapping) and the
 * sample's flags (enum pen_sample_flag). The cursor shows while
 * PEN_IN_PROXIMITY is set.
 */
void view_scene_pen(struct view_scene *scene, int64_t time_us, double x_mm,
		    double y_mm, uint32_t pen_flags);

/**
 * A simulator event. @p deposit is the finished deposit for
 * SIM_DEPOSIT_FINISHED (copied), else ignored (may be NULL).
 * @return 0, or -ENOMEM (the deposit was not kept; the scene is otherwise
 * unchanged), or -EINVAL for SIM_DEPOSIT_FINISHED without a deposit.
 */
int view_scene_event(struct view_scene *scene, const struct sim_event *event,
		     const struct deposit *deposit);

/** Forgets every deposit, fault and the pen (a replay's seek); keeps the
 * setup and the layout. */
void view_scene_reset(struct view_scene *scene);

/**
 * Lays the scene out in a window of @p width_px by @p height_px: the work
 * area centred above the status bar at @p px_per_mm, or, with 0, at the
 * largest scale in tenths of a pixel per mm that fits it with
 * VIEW_MARGIN_PX round it. Redraws the cached surfaces.
 * @return 0, -EINVAL for a window too small to hold anything, or -ENOMEM
 * (the scene then has no layout and draws nothing but its background).
 */
int view_scene_layout(struct view_scene *scene, int width_px, int height_px,
		      double px_per_mm);

/** @return the scale of the layout, px per scalp mm (0 before a layout). */
double view_scene_px_per_mm(const struct view_scene *scene);

/** Scalp mm to the window's pixels (their top-left corners at integers). */
void view_scene_to_px(const struct view_scene *scene, double x_mm, double y_mm,
		      double *px, double *py);

/** The window's pixels to scalp mm. */
void view_scene_to_mm(const struct view_scene *scene, double px, double py,
		      double *x_mm, double *y_mm);

/** Shows or hides the lesson's instructions over the scene.
 * @return whether they now show. */
bool view_scene_toggle_instructions(struct view_scene *scene);

/** The live pen's last sample (pressure, tilt), for the pen-check
 * overlay; a replay has none to give. */
void view_scene_pen_sample(struct view_scene *scene, const struct pen_sample *sample);

/** Shows or hides the pen-check overlay (key p): the figures of
 * `smpsim pen-check` for the live pen; never in exam mode.
 * @return whether it now shows. */
bool view_scene_toggle_pen_check(struct view_scene *scene);

/**
 * The pen-check overlay's text into @p buf: pen_figures_text() for the
 * last sample on the session's scalp, needle and calibration (no raw
 * value: the view gets samples, not the device's events).
 * @return its number of lines.
 */
size_t view_scene_pen_check_text(const struct view_scene *scene, char *buf, size_t size);

/** Shows or hides the ring of the too-close and gap distances round the
 * pen; never in exam mode. @return whether it now shows. */
bool view_scene_toggle_ring(struct view_scene *scene);

/**
 * A line of text shown at the top of the scene until replaced (the
 * replay's "fault 3 of 12: too close, dot 41 at 2:13"), copied; NULL or ""
 * clears it.
 */
void view_scene_set_banner(struct view_scene *scene, const char *text);

/**
 * Draws the whole window into @p cr (whose target is the layout's size) as
 * it stands at session time @p now_us: fault marks older than
 * VIEW_FAULT_MARK_US are not shown, the time left counts from it.
 */
void view_scene_draw(struct view_scene *scene, cairo_t *cr, int64_t now_us);

/**
 * Draws the scene at @p width_px by @p height_px and writes it as PNG into
 * the open file @p fd, which it does not close: at the scene's own layout
 * when it is of that size (its scale kept, e.g. a full screen's real
 * scale), else laid out anew, fitted.
 * @return 0, or a negative errno with @p why.
 */
int view_scene_write_png(struct view_scene *scene, int fd, int width_px,
			 int height_px, int64_t now_us, char *why, size_t why_size);

/**
 * The status bar's text at session time @p now_us: the time left (or the
 * time so far without a limit), and in practice the dots placed against
 * the lesson's target, the share in band, the faults so far, the scale
 * and "i: instructions"; in exam mode only the time and "exam".
 * @return its length (cut to @p size - 1).
 */
size_t view_scene_status_text(const struct view_scene *scene, int64_t now_us,
			      char *text, size_t size);

/**
 * Drops the font map pango keeps for this thread (its fonts and their
 * caches), for a thread or program done with drawing: the window's
 * thread as it ends, a command that drew a template, a test's teardown.
 * fontconfig's own caches, shared by the process and filled by a thread
 * of pango's, stay until the process ends (FcFini() would race that
 * thread); ASan builds suppress them (tests/data/lsan-fonts.supp).
 */
void view_release_fonts(void);

/** @return the number of deposits the scene holds. */
size_t view_scene_deposit_count(const struct view_scene *scene);

#endif
