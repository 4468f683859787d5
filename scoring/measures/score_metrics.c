/* score_metrics: the entry point of the measures (score_metrics.h). It
 * checks the frame, computes the measures of single deposits here (depth,
 * shallow, deep, merged, too close, oblique, dragged, size, outside, pace)
 * and hands the dot pattern to the measures by concern: spacing
 * (score_spacing.c), rows and grids (score_spectrum.c), density,
 * completion and dispersion (score_density.c), hairline softness and
 * position (score_profile.c).
 *
 * Which deposits count where: drag lines are not dots. They count in the
 * depth measures (the needle went into the skin; an overdeep line is as
 * much a never-event as an overdeep dot), in the dragged share and in the
 * outside share (pigment outside the zone, whatever its shape); they are
 * left out of everything else. The pattern measures take the dots not
 * flagged outside, since the zones' area is what they are measured
 * against; merged, too close, oblique, size and pace take every dot.
 */
#include "score_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[SCORE_METRIC_COUNT] = {
	[SCORE_DEPTH_IN_BAND] = "depth-in-band",
	[SCORE_DEPTH_ERROR_MEAN] = "depth-error-mean",
	[SCORE_DEPTH_ERROR_SD] = "depth-error-sd",
	[SCORE_OVERDEEP] = "overdeep",
	[SCORE_NN_MEAN] = "nn-mean",
	[SCORE_NN_CV] = "nn-cv",
	[SCORE_RHO] = "rho",
	[SCORE_CLARK_EVANS] = "clark-evans",
	[SCORE_PERIODOGRAM_PEAK] = "periodogram-peak",
	[SCORE_DENSITY_L1] = "density-l1",
	[SCORE_COVERAGE] = "coverage",
	[SCORE_GAPS] = "gaps",
	[SCORE_MERGED] = "merged",
	[SCORE_SIZE_CV] = "size-cv",
	[SCORE_OUTSIDE] = "outside",
	[SCORE_HAIRLINE_WIDTH] = "hairline-width",
	[SCORE_HAIRLINE_RESIDUAL] = "hairline-residual",
	[SCORE_PACE] = "pace",
	[SCORE_COMPLETION] = "completion",
	[SCORE_SHALLOW] = "shallow",
	[SCORE_DEEP] = "deep",
	[SCORE_TOO_CLOSE] = "too-close",
	[SCORE_OBLIQUE] = "oblique",
	[SCORE_DRAGGED] = "dragged",
	[SCORE_DENSITY_DISPERSION] = "density-dispersion",
	[SCORE_HAIRLINE_FRONT] = "hairline-front",
};

const char *score_metric_name(enum score_metric metric)
{
	return (unsigned)metric < SCORE_METRIC_COUNT ? names[metric] : "unknown";
}

enum score_metric score_metric_from_name(const char *name)
{
	for (int m = 0; name && m < SCORE_METRIC_COUNT; m++)
		if (strcmp(names[m], name) == 0)
			return (enum score_metric)m;
	return SCORE_METRIC_COUNT;
}

static bool finite_nonneg(double v)
{
	return isfinite(v) && v >= 0;
}

static bool frame_ok(const struct score_frame *f)
{
	const struct score_density *d = &f->density;

	if (!finite_nonneg(d->front_per_mm2) || !finite_nonneg(d->back_per_mm2) ||
	    !finite_nonneg(d->ramp_mm) || !finite_nonneg(f->duration_s) ||
	    !finite_nonneg(f->target_dots))
		return false;
	if (f->hairline_count > 0 && (!f->hairline || f->hairline_count < 2))
		return false;
	/* A ramp runs from the hairline. */
	return !(d->ramp_mm > 0 && f->hairline_count == 0);
}

static bool dot_ok(const struct score_dot *d)
{
	return isfinite(d->x_mm) && isfinite(d->y_mm) && isfinite(d->depth_mm) &&
	       isfinite(d->band_min_mm) && isfinite(d->band_max_mm) &&
	       d->band_min_mm <= d->band_max_mm && isfinite(d->diameter_mm);
}

/* The faults of single deposits, as shares: shallow, deep (past the band
 * but short of overdeep, so they blur: docs/model.md) and dragged (drag
 * lines and tailed dots) of every deposit; too close and oblique of the
 * dots. */
static void fault_shares(const struct score_dot *dots, size_t count, size_t n_dots,
			 struct score_metrics *out)
{
	double shallow = 0, deep = 0, dragged = 0, too_close = 0, oblique = 0;

	for (size_t i = 0; i < count; i++) {
		const struct score_dot *d = &dots[i];

		shallow += d->depth_mm < d->band_min_mm;
		deep += d->depth_mm > d->band_max_mm && !d->overdeep;
		dragged += d->line || d->tail;
		if (d->line)
			continue;
		too_close += d->too_close;
		oblique += d->oblique;
	}
	if (count > 0) {
		out->value[SCORE_SHALLOW] = shallow / (double)count;
		out->value[SCORE_DEEP] = deep / (double)count;
		out->value[SCORE_DRAGGED] = dragged / (double)count;
		out->valid[SCORE_SHALLOW] = out->valid[SCORE_DEEP] =
			out->valid[SCORE_DRAGGED] = true;
	}
	if (n_dots > 0) {
		out->value[SCORE_TOO_CLOSE] = too_close / (double)n_dots;
		out->value[SCORE_OBLIQUE] = oblique / (double)n_dots;
		out->valid[SCORE_TOO_CLOSE] = out->valid[SCORE_OBLIQUE] = true;
	}
}

/* Depth, merged, size, outside, pace: one pass over the deposits. */
static void single_measures(const struct score_dot *dots, size_t count,
			    const struct score_frame *f, struct score_metrics *out)
{
	double in_band = 0, err_sum = 0, overdeep = 0, outside = 0, merged = 0;
	double size_sum = 0, err_sq = 0, size_sq = 0, err_mean, size_mean;
	size_t n_dots = 0;

	for (size_t i = 0; i < count; i++) {
		const struct score_dot *d = &dots[i];
		double e = fmax(0, fmax(d->band_min_mm - d->depth_mm, d->depth_mm - d->band_max_mm));

		in_band += e == 0;
		err_sum += e;
		overdeep += d->overdeep;
		outside += d->outside;
		if (d->line)
			continue;
		n_dots++;
		merged += d->merged;
		size_sum += d->diameter_mm;
	}
	out->dots = n_dots;
	fault_shares(dots, count, n_dots, out);
	out->value[SCORE_OVERDEEP] = overdeep;
	out->valid[SCORE_OVERDEEP] = true;
	if (count > 0) {
		err_mean = err_sum / (double)count;
		for (size_t i = 0; i < count; i++) {
			const struct score_dot *d = &dots[i];
			double e = fmax(0, fmax(d->band_min_mm - d->depth_mm,
						d->depth_mm - d->band_max_mm));

			err_sq += (e - err_mean) * (e - err_mean);
		}
		out->value[SCORE_DEPTH_IN_BAND] = in_band / (double)count;
		out->value[SCORE_DEPTH_ERROR_MEAN] = err_mean;
		out->value[SCORE_DEPTH_ERROR_SD] = sqrt(err_sq / (double)count);
		out->value[SCORE_OUTSIDE] = outside / (double)count;
		out->valid[SCORE_DEPTH_IN_BAND] = out->valid[SCORE_DEPTH_ERROR_MEAN] =
			out->valid[SCORE_DEPTH_ERROR_SD] = out->valid[SCORE_OUTSIDE] = true;
	}
	if (n_dots > 0) {
		out->value[SCORE_MERGED] = merged / (double)n_dots;
		out->valid[SCORE_MERGED] = true;
		size_mean = size_sum / (double)n_dots;
		for (size_t i = 0; i < count; i++)
			if (!dots[i].line)
				size_sq += (dots[i].diameter_mm - size_mean) *
					   (dots[i].diameter_mm - size_mean);
		if (n_dots >= 2 && size_mean > 0) {
			out->value[SCORE_SIZE_CV] = sqrt(size_sq / (double)n_dots) / size_mean;
			out->valid[SCORE_SIZE_CV] = true;
		}
	}
	if (f->duration_s > 0) {
		out->value[SCORE_PACE] = (double)n_dots / (f->duration_s / 60);
		out->valid[SCORE_PACE] = true;
	}
}

/* What the pattern measures work on: the zones, the hairline and the
 * positions of the dots in the zones. */
struct pattern_setup {
	struct score_zones zones;
	struct score_pattern pat;
	struct score_hairline *hairline;
	double *xy;
};

static void pattern_end(struct pattern_setup *ps)
{
	free(ps->xy);
	score_hairline_free(ps->hairline);
	ps->xy = NULL;
	ps->hairline = NULL;
}

static int pattern_begin(const struct score_dot *dots, size_t count,
			 const struct score_frame *frame, struct pattern_setup *ps)
{
	int err;

	memset(ps, 0, sizeof(*ps));
	if (!frame || (count > 0 && !dots) || !frame_ok(frame))
		return -EINVAL;
	for (size_t i = 0; i < count; i++)
		if (!dot_ok(&dots[i]))
			return -EINVAL;
	err = score_zones_prepare(frame->zones, frame->zone_count, &ps->zones);
	if (err)
		return err;
	if (frame->hairline_count > 0) {
		err = score_hairline_new(frame->hairline, frame->hairline_count,
					 ps->zones.min_x, ps->zones.min_y, ps->zones.max_x,
					 ps->zones.max_y, &ps->hairline);
		if (err)
			return err;
	}
	ps->xy = malloc((count ? count : 1) * 2 * sizeof(*ps->xy));
	if (!ps->xy) {
		pattern_end(ps);
		return -ENOMEM;
	}
	ps->pat.frame = frame;
	ps->pat.zones = &ps->zones;
	/* Pattern dots from the front of each half, outside dots from its end. */
	for (size_t i = 0; i < count; i++) {
		size_t at;

		if (dots[i].line)
			continue;
		if (dots[i].outside)
			at = count - 1 - ps->pat.outside_n++;
		else
			at = ps->pat.n++;
		ps->xy[at] = dots[i].x_mm;
		ps->xy[count + at] = dots[i].y_mm;
	}
	ps->pat.x = ps->xy;
	ps->pat.y = ps->xy + count;
	ps->pat.outside_x = ps->xy + count - ps->pat.outside_n;
	ps->pat.outside_y = ps->xy + 2 * count - ps->pat.outside_n;
	ps->pat.hairline = ps->hairline;
	return 0;
}

int score_metrics_compute(const struct score_dot *dots, size_t count,
			  const struct score_frame *frame, struct score_metrics *out)
{
	struct pattern_setup ps;
	int err;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	err = pattern_begin(dots, count, frame, &ps);
	if (err)
		return err;
	single_measures(dots, count, frame, out);
	err = score_measure_spacing(&ps.pat, out);
	if (!err)
		err = score_measure_spectrum(&ps.pat, out);
	if (!err)
		err = score_measure_density(&ps.pat, out);
	if (!err)
		err = score_measure_hairline(&ps.pat, out);
	pattern_end(&ps);
	if (err)
		memset(out, 0, sizeof(*out));
	return err;
}

int score_density_map(const struct score_dot *dots, size_t count,
		      const struct score_frame *frame, struct score_density_map *out)
{
	struct pattern_setup ps;
	int err;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	err = pattern_begin(dots, count, frame, &ps);
	if (err)
		return err;
	err = score_density_cells(&ps.pat, out);
	pattern_end(&ps);
	return err;
}
