/* knn_nanoflann: nanoflann's k-d tree as the fair peer of smpsim's
 * nearest-neighbour pass in bench-score: a C function over the C++
 * header-only library (Debian libnanoflann-dev), built only when CMake
 * finds nanoflann (SMPSIM_HAVE_NANOFLANN). */
#ifndef SMPSIM_KNN_NANOFLANN_H
#define SMPSIM_KNN_NANOFLANN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * knn_nanoflann_nn - every point's distance to its nearest other point
 * @x, @y:  the n points
 * @n:      how many (at least 2)
 * @order:  the order to query them in (a permutation of 0..n-1), or NULL
 *          for the order given
 * @nn:     out: nn[i] the distance from point i to its nearest other one
 * @build_s: out: the seconds the tree took to build (of the whole call)
 *
 * Builds nanoflann's KDTreeSingleIndexAdaptor (L2, 2-D, leaves of up to
 * 10 points, its defaults) over the points, then asks each point's two
 * nearest (itself and its neighbour), on this thread.
 *
 * Return: 0, -EINVAL for fewer than 2 points, -ENOMEM when memory ran out.
 */
int knn_nanoflann_nn(const double *x, const double *y, size_t n, const uint32_t *order,
		     double *nn, double *build_s);

/** knn_nanoflann_version - nanoflann's version as "1.4.2" (NANOFLANN_VERSION). */
const char *knn_nanoflann_version(void);

#ifdef __cplusplus
}
#endif

#endif
