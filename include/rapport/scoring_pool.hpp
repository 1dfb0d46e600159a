#ifndef RAPPORT_SCORING_POOL_HPP
#define RAPPORT_SCORING_POOL_HPP

/// \file
/// `ScoringPool`: threads that `score_all` shares its work with, started once and kept alive between calls.

#include <memory>
#include <rapport/export.hpp>

namespace rapport {

namespace detail {
struct PoolAccess;
}  // namespace detail

/// Threads kept alive by the caller between `score_all` calls, so that no call pays for starting
/// threads. The calling thread takes a share of each call's work, so a pool of `n` threads starts
/// `n - 1`. Thread-safe: concurrent calls on one pool take turns. Destroying it stops and joins them.
class RAPPORT_API ScoringPool {
 public:
  /// A pool whose calls share their work among `threads` threads, the caller's included (0: the
  /// hardware's count). Throws `std::system_error` if a thread cannot start.
  explicit ScoringPool(unsigned threads = 0);
  /// Stops the threads and waits for them.
  ~ScoringPool();
  ScoringPool(const ScoringPool&) = delete;
  ScoringPool& operator=(const ScoringPool&) = delete;

  /// Threads among which each call's work is shared, the caller's included.
  unsigned threads() const noexcept;

 private:
  friend struct detail::PoolAccess;
  /// A job that shares its work out itself, run by the caller and by each pool thread that is free to
  /// join before the caller has finished it: `call(context)`. It must not throw.
  struct Job {
    void* context;
    void (*call)(void* context) noexcept;
  };
  struct State;

  /// Runs `job` on the calling thread and on the pool's threads that join in time, and returns once
  /// every run of it has returned.
  void run(Job job) noexcept;

  std::unique_ptr<State> state_;
};

}  // namespace rapport

#endif  // RAPPORT_SCORING_POOL_HPP
