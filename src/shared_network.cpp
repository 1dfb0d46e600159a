#include <rapport/shared_network.hpp>

namespace rapport {

SharedNetwork::ReadLock::ReadLock(const SharedNetwork& s) : shared(s) {
  std::unique_lock lock(s.mutex_);
  const std::uint64_t arrived_after = s.writes_done_;
  ++s.readers_waiting_;
  // Let a waiting writer go first, but only one: once a write has finished since this reader came, it
  // goes in even if more writers wait, and they let it (`readers_entitled_`).
  s.changed_.wait(
      lock, [&] { return !s.writing_ && (s.writers_waiting_ == 0 || s.writes_done_ != arrived_after); });
  --s.readers_waiting_;
  ++s.readers_;
  if (s.writes_done_ != arrived_after && s.readers_entitled_ > 0) --s.readers_entitled_;
}

SharedNetwork::ReadLock::~ReadLock() {
  const std::lock_guard lock(shared.mutex_);
  if (--shared.readers_ == 0) shared.changed_.notify_all();
}

SharedNetwork::WriteLock::WriteLock(SharedNetwork& s) : shared(s) {
  std::unique_lock lock(s.mutex_);
  ++s.writers_waiting_;
  // The readers that waited through the last write go first: this writer waits for them to come and go.
  s.changed_.wait(lock, [&] { return !s.writing_ && s.readers_ == 0 && s.readers_entitled_ == 0; });
  --s.writers_waiting_;
  s.writing_ = true;
}

SharedNetwork::WriteLock::~WriteLock() {
  const std::lock_guard lock(shared.mutex_);
  shared.writing_ = false;
  ++shared.writes_done_;
  shared.readers_entitled_ = shared.readers_waiting_;
  shared.changed_.notify_all();
}

Score SharedNetwork::score(const Request& request, Timestamp now) const {
  return read([&](const Network& n) { return rapport::score(n, request, now); });
}

std::vector<Score> SharedNetwork::score_all(std::span<const Request> requests, Timestamp now,
                                            unsigned threads) const {
  return read([&](const Network& n) { return rapport::score_all(n, requests, now, threads); });
}

std::vector<Score> SharedNetwork::score_all(std::span<const Request> requests, Timestamp now,
                                            ScoringPool& pool) const {
  return read([&](const Network& n) { return rapport::score_all(n, requests, now, pool); });
}

std::size_t SharedNetwork::record(std::span<const Interaction> interactions) {
  return write([&](Network& n) { return n.record(interactions); });
}

Network SharedNetwork::snapshot() const {
  return read([](const Network& n) { return n; });
}

}  // namespace rapport
