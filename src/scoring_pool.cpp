#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <rapport/scoring_pool.hpp>
#include <stop_token>
#include <thread>
#include <vector>

// The threads sleep on a condition variable between jobs; a job wakes them all, and the caller waits
// until the last one reports back. A generation count tells a worker a job is new.

namespace rapport {

struct ScoringPool::State {
  std::mutex turn;  // held for a whole job, so that concurrent callers take turns
  std::mutex mutex;
  std::condition_variable_any wake;  // a new job, or stop
  std::condition_variable done;      // the last worker has finished
  Job job{};
  std::uint64_t generation = 0;
  unsigned pending = 0;
  unsigned threads = 1;
  std::vector<std::jthread> workers;  // declared last: stopped and joined before the rest is destroyed

  void work(const std::stop_token& stop, unsigned part) {
    std::uint64_t seen = 0;
    for (;;) {
      Job current;
      {
        std::unique_lock lock(mutex);
        if (!wake.wait(lock, stop, [&] { return generation != seen; })) return;
        seen = generation;
        current = job;
      }
      current.call(current.context, part);
      const std::lock_guard lock(mutex);
      if (--pending == 0) done.notify_one();
    }
  }
};

ScoringPool::ScoringPool(unsigned threads) : state_(std::make_unique<State>()) {
  state_->threads = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
  state_->workers.reserve(state_->threads - 1);
  for (unsigned part = 1; part < state_->threads; ++part)
    state_->workers.emplace_back([s = state_.get(), part](std::stop_token stop) { s->work(stop, part); });
}

ScoringPool::~ScoringPool() = default;

unsigned ScoringPool::threads() const noexcept {
  return state_->threads;
}

void ScoringPool::run(Job job) noexcept {
  State& s = *state_;
  const std::lock_guard turn(s.turn);
  {
    const std::lock_guard lock(s.mutex);
    s.job = job;
    s.pending = s.threads - 1;
    ++s.generation;
  }
  s.wake.notify_all();
  job.call(job.context, 0);
  std::unique_lock lock(s.mutex);
  s.done.wait(lock, [&] { return s.pending == 0; });
}

}  // namespace rapport
