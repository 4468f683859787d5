/* knn_nanoflann: the nearest-neighbour pass through nanoflann, for
 * bench-score's comparison (knn_nanoflann.h). The only C++ in the
 * project: nanoflann is a header-only C++ library, so this file adapts
 * the caller's two coordinate arrays to its dataset interface (count,
 * coordinate by index, no bounding box so it computes one) and hands back
 * plain doubles through a C function. Exceptions (bad_alloc) stop here.
 */
#include "knn_nanoflann.h"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <new>

#include <nanoflann.hpp>

namespace {

/* The caller's arrays as nanoflann's dataset: nothing copied. */
struct point_arrays {
	const double *x;
	const double *y;
	size_t n;

	size_t kdtree_get_point_count() const { return n; }
	double kdtree_get_pt(size_t i, size_t dim) const { return dim == 0 ? x[i] : y[i]; }
	template <class Box> bool kdtree_get_bbox(Box &) const { return false; }
};

using tree = nanoflann::KDTreeSingleIndexAdaptor<
	nanoflann::L2_Simple_Adaptor<double, point_arrays>, point_arrays, 2, uint32_t>;

} // namespace

int knn_nanoflann_nn(const double *x, const double *y, size_t n, const uint32_t *order,
		     double *nn, double *build_s)
{
	if (n < 2)
		return -EINVAL;
	try {
		point_arrays points{ x, y, n };
		auto t0 = std::chrono::steady_clock::now();
		tree index(2, points, nanoflann::KDTreeSingleIndexAdaptorParams(10));

		*build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
				   .count();
		for (size_t k = 0; k < n; k++) {
			size_t i = order ? order[k] : k;
			const double q[2] = { x[i], y[i] };
			uint32_t found[2];
			double d2[2];

			/* The nearest is the point itself, at 0; blue noise has no
			 * two points alike, so the second is its neighbour. */
			index.knnSearch(q, 2, found, d2);
			nn[i] = std::sqrt(d2[1]);
		}
	} catch (const std::bad_alloc &) {
		return -ENOMEM;
	}
	return 0;
}

const char *knn_nanoflann_version(void)
{
	static char version[16];

	std::snprintf(version, sizeof(version), "%d.%d.%d", NANOFLANN_VERSION >> 8,
		      (NANOFLANN_VERSION >> 4) & 0xf, NANOFLANN_VERSION & 0xf);
	return version;
}
