#ifndef RAPPORT_DETAIL_POOL_ACCESS_HPP
#define RAPPORT_DETAIL_POOL_ACCESS_HPP

#include <rapport/scoring_pool.hpp>

namespace rapport::detail {

/// How the library hands work to a `ScoringPool`, which the public interface keeps to itself.
struct PoolAccess {
  /// Calls `job()` on the calling thread and on each of the pool's threads that is free to join before
  /// that call has returned, and returns once every call has. So `job` shares the work out itself, and
  /// all of it must get done with any number of callers from 1 to `pool.threads()`. It must not throw.
  template <class Job>
  static void run(ScoringPool& pool, Job& job) noexcept {
    pool.run({&job, [](void* context) noexcept { (*static_cast<Job*>(context))(); }});
  }
};

}  // namespace rapport::detail

#endif  // RAPPORT_DETAIL_POOL_ACCESS_HPP
