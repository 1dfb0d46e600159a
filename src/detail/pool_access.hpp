#ifndef RAPPORT_DETAIL_POOL_ACCESS_HPP
#define RAPPORT_DETAIL_POOL_ACCESS_HPP

#include <rapport/scoring_pool.hpp>

namespace rapport::detail {

/// How the library hands work to a `ScoringPool`, which the public interface keeps to itself.
struct PoolAccess {
  /// Calls `job(part)` for every part from 0 to `pool.threads() - 1`, part 0 on the calling thread and
  /// each other on a thread of its own, and returns once all have returned. `job` must not throw.
  template <class Job>
  static void run(ScoringPool& pool, Job& job) noexcept {
    pool.run({&job, [](void* context, unsigned part) noexcept { (*static_cast<Job*>(context))(part); }});
  }
};

}  // namespace rapport::detail

#endif  // RAPPORT_DETAIL_POOL_ACCESS_HPP
