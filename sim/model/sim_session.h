/* sim_session: the simulator proper. Pen samples in, one stream of
 * simulator events out (contact began, needle depth, depth crossed a
 * threshold, fault, deposit finished), consumed alike by audio, storage and
 * display.
 *
 * A session is set up with a scalp model, a needle, the mapping from pad
 * to scalp, the pen's force calibration and the lesson's thresholds; it
 * reads no files and knows no device, sound or database.
 */
#ifndef SMPSIM_SIM_SESSION_H
#define SMPSIM_SIM_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "deposit.h"
#include "needle.h"
#include "pen_sample.h"
#include "scalp.h"

/** Pad mm to scalp mm: scalp = offset + scale * rotate(pad). */
struct sim_mapping {
	double offset_x_mm, offset_y_mm;
	double scale;          /**< 1: real scale, as trainees must practise */
	double rotation_deg;   /**< counter-clockwise */
};

/* What a mapping may be (sim_mapping_check()): a pad placed anywhere near
 * a scalp, at any sensible magnification, turned any way. */
#define SIM_MAPPING_OFFSET_MAX_MM 1000.0
#define SIM_MAPPING_SCALE_MIN 0.01
#define SIM_MAPPING_SCALE_MAX 100.0
#define SIM_MAPPING_ROTATION_MAX_DEG 360.0

/**
 * Checks @p mapping against the limits above: offsets within
 * +-SIM_MAPPING_OFFSET_MAX_MM, scale from SIM_MAPPING_SCALE_MIN to
 * SIM_MAPPING_SCALE_MAX, rotation within +-SIM_MAPPING_ROTATION_MAX_DEG.
 * @return 0, or -EINVAL with @p why saying which value is out and the limit.
 */
int sim_mapping_check(const struct sim_mapping *mapping, char *why, size_t why_size);

/**
 * What a session is judged by. Spacing and technique thresholds come from
 * the region a deposit is in; a lesson may override them for the whole
 * session (a field left 0 keeps the region's value).
 */
struct sim_setup {
	const struct scalp_model *scalp;
	const struct needle *needle;
	struct sim_mapping mapping;
	double force_full_scale_n; /**< the force that reads as pressure 1.0:
				    *   the pen's calibration */
	/** A measured force curve (pen_calibration.h's
	 * pen_calibration_force_at(), called with @c force_curve_data):
	 * newtons at a pressure fraction. NULL: pressure x
	 * force_full_scale_n. A pointer, so the model calls no rig code. */
	double (*force_curve)(const void *data, double pressure);
	const void *force_curve_data;
	struct scalp_spacing spacing;     /**< overrides, 0: the region's */
	struct scalp_technique technique; /**< overrides, 0: the region's */
	/** The lesson's zones; with none, the scalp's regions are the zone. */
	const struct scalp_polygon *zones;
	size_t zone_count;
	size_t expected_deposits;  /**< room made up front (0: a default) */
};

enum sim_event_kind {
	SIM_CONTACT_BEGAN,    /**< the needle touched; a deposit is in the making */
	SIM_NEEDLE_DEPTH,     /**< each sample in contact: the depth now */
	SIM_DEPTH_CROSSED,    /**< the deposit's depth entered a deeper class */
	SIM_FAULT,            /**< a fault, raised the moment it is known */
	SIM_DEPOSIT_FINISHED, /**< the needle lifted: the deposit is complete */
};

struct sim_event {
	enum sim_event_kind kind;
	int64_t time_us;      /**< of the pen sample that caused it */
	uint32_t deposit;     /**< id of the deposit concerned */
	size_t region;        /**< the scalp region it is judged by */
	double x_mm, y_mm;    /**< the needle on the scalp */
	double depth_mm;      /**< the needle's depth now */
	enum deposit_depth_class depth_class; /**< SIM_DEPTH_CROSSED: entered */
	uint32_t fault;       /**< SIM_FAULT: the one enum deposit_fault bit */
};

/** Most events one sample can cause. */
#define SIM_STEP_MAX_EVENTS 16

struct sim_session;

/** Fills @p setup for @p scalp and @p needle: real scale, no overrides, no
 * zones; the caller sets force_full_scale_n from the pen's calibration. */
void sim_setup_init(struct sim_setup *setup, const struct scalp_model *scalp,
		    const struct needle *needle, double force_full_scale_n);

/**
 * @return the force (N) a pen pressure of @p pressure (0..1) stands for
 * with @p setup's calibration: what the session drives the needle with,
 * and what `smpsim pen-check` shows, so that the two never differ.
 */
double sim_setup_force_n(const struct sim_setup *setup, double pressure);

/**
 * @return 0 and *out; -EINVAL (with @p why) for an incoherent set-up; -ENOMEM.
 * The scalp, needle and zones must outlive the session.
 */
int sim_session_new(const struct sim_setup *setup, struct sim_session **out,
		    char *why, size_t why_size);

/** Frees the session. Accepts NULL. */
void sim_session_free(struct sim_session *session);

/**
 * Advances the simulator by one pen sample.
 * @param out  room for SIM_STEP_MAX_EVENTS events
 * @return the number of events written, or a negative errno (-ENOMEM when
 * a finished deposit could not be stored; the session is unchanged).
 */
int sim_session_step(struct sim_session *session, const struct pen_sample *sample,
		     struct sim_event *out);

/**
 * The pen stream ended: a contact still open is finished at the last
 * sample's time. @return the number of events written, or -ENOMEM.
 */
int sim_session_finish(struct sim_session *session, struct sim_event *out);

/** @return the number of finished deposits. */
size_t sim_session_deposit_count(const struct sim_session *session);

/** @return finished deposit @p id; valid until the next step or finish. */
const struct deposit *sim_session_deposit(const struct sim_session *session,
					  uint32_t id);

/** The needle's place on the scalp for pen sample @p sample (the pad
 * mapped by the set-up's mapping), into *x_mm and *y_mm. */
void sim_session_to_scalp(const struct sim_session *session, const struct pen_sample *sample,
			  double *x_mm, double *y_mm);

/** @return the set-up in use (a copy made at creation). */
const struct sim_setup *sim_session_setup(const struct sim_session *session);

/** @return the name of @p kind ("contact-began" ...). */
const char *sim_event_kind_name(enum sim_event_kind kind);

#endif
