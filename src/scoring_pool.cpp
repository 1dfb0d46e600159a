#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <rapport/scoring_pool.hpp>
#include <stop_token>
#include <thread>
#include <vector>

// The threads sleep on a condition variable between jobs; a job wakes them all, and a generation count
// tells a worker a job is new. On a busy machine a woken thread may not run for milliseconds: the caller
// does not wait for it. Once the caller's own run of the job returns, the work is all taken, so the job
// is closed; the caller waits only for the threads that joined before that, which are at work on it.

namespace rapport {

struct ScoringPool::State {
  std::mutex turn;  // held for a whole job, so that concurrent callers take turns
  std::mutex mutex;
  std::condition_variable_any wake;  // a new job, or stop
  std::condition_variable done;      // the last worker has finished
  Job job{};
  std::uint64_t generation = 0;
  bool open = false;    // whether threads may still join the job
  unsigned active = 0;  // threads that joined and have not finished
  unsigned threads = 1;
  std::vector<std::jthread> workers;  // declared last: stopped and joined before the rest is destroyed

  void work(const std::stop_token& stop) {
    std::uint64_t seen = 0;
    for (;;) {
      Job current;
      {
        std::unique_lock lock(mutex);
        if (!wake.wait(lock, stop, [&] { return generation != seen; })) return;
        seen = generation;
        if (!open) continue;
        ++active;
        current = job;
      }
      current.call(current.context);
      const std::lock_guard lock(mutex);
      if (--active == 0 && !open) done.notify_one();
    }
  }
};

ScoringPool::ScoringPool(unsigned threads) : state_(std::make_unique<State>()) {
  state_->threads = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
  state_->workers.reserve(state_->threads - 1);
  for (unsigned t = 1; t < state_->threads; ++t)
    state_->workers.emplace_back([s = state_.get()](std::stop_token stop) { s->work(stop); });
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
    s.open = true;
    ++s.generation;
  }
  s.wake.notify_all();
  job.call(job.context);
  std::unique_lock lock(s.mutex);
  s.open = false;
  s.done.wait(lock, [&] { return s.active == 0; });
}

}  // namespace rapport
