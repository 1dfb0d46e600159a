#ifndef RAPPORT_SHARED_NETWORK_HPP
#define RAPPORT_SHARED_NETWORK_HPP

/// \file
/// `SharedNetwork`: scoring from many threads while others record.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <rapport/export.hpp>
#include <rapport/network.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/scoring_pool.hpp>
#include <rapport/time.hpp>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace rapport {

/// A `Network` that many threads score against while others record into it: an app that triages from
/// several threads while one thread ingests events. Readers share the network; a writer has it alone.
///
/// Fairness, both ways (a phase-fair lock): a writer that is waiting keeps new readers out, so a steady
/// stream of scoring never starves it (it waits only for the readers already in); and the readers that
/// waited through a write go in before the next writer, so a score waits for at most one write,
/// however many writers queue. Keep each write short (a batch of events, not a whole log) to keep
/// that bound low. Readers always see a network between two writes, never one half-way through.
class RAPPORT_API SharedNetwork {
 public:
  /// Shares `network`.
  explicit SharedNetwork(Network network) : network_(std::move(network)) {}
  /// Not copyable: threads share one; `snapshot()` copies the network.
  SharedNetwork(const SharedNetwork&) = delete;
  /// Not assignable, for the same reason.
  SharedNetwork& operator=(const SharedNetwork&) = delete;

  /// Calls `f(const Network&)` with the network shared with other readers, and returns its result.
  template <class F>
  auto read(F&& f) const -> std::invoke_result_t<F, const Network&> {
    const ReadLock lock(*this);
    return std::forward<F>(f)(std::as_const(network_));
  }

  /// Calls `f(Network&)` with the network to itself, and returns its result. What `f` does is seen by
  /// every later read; an exception from `f` leaves the network as `Network`'s mutators promise
  /// (unchanged by the call that threw).
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F, Network&> {
    const WriteLock lock(*this);
    return std::forward<F>(f)(network_);
  }

  /// `rapport::score` under a read lock.
  Score score(const Request& request, Timestamp now) const;
  /// `rapport::score_all` under a read lock.
  std::vector<Score> score_all(std::span<const Request> requests, Timestamp now, unsigned threads = 0) const;
  /// `rapport::score_all` on `pool`'s threads under a read lock: one lock for the whole call, which a
  /// waiting writer waits through.
  std::vector<Score> score_all(std::span<const Request> requests, Timestamp now, ScoringPool& pool) const;
  /// `Network::record` of a batch under a write lock; returns the number skipped as held already.
  std::size_t record(std::span<const Interaction> interactions);
  /// A copy of the network as it is between writes.
  Network snapshot() const;

 private:
  struct ReadLock {
    explicit ReadLock(const SharedNetwork& s);
    ~ReadLock();
    ReadLock(const ReadLock&) = delete;
    ReadLock& operator=(const ReadLock&) = delete;
    const SharedNetwork& shared;
  };
  struct WriteLock {
    explicit WriteLock(SharedNetwork& s);
    ~WriteLock();
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;
    SharedNetwork& shared;
  };

  Network network_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int readers_ = 0;                // readers in
  mutable bool writing_ = false;           // a writer in
  mutable int writers_waiting_ = 0;        // writers waiting for the readers in to leave
  mutable int readers_waiting_ = 0;        // readers waiting to come in
  mutable int readers_entitled_ = 0;       // readers that waited through the last write, still to come in
  mutable std::uint64_t writes_done_ = 0;  // writes finished so far
};

}  // namespace rapport

#endif  // RAPPORT_SHARED_NETWORK_HPP
