#include <algorithm>
#include <array>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "detail/fingerprint.hpp"
#include "detail/network_state.hpp"
#include "detail/prefetch.hpp"
#include "detail/recording.hpp"
#include "detail/reserve.hpp"

// Recording a batch of interactions, `Network::record(span)`, in three steps: check every event,
// create the pairs met for the first time, apply them. The outcome is that of recording them one at a
// time, simultaneous ones in a canonical order; the steps let the lookups of many events overlap.

namespace rapport {
namespace {

using detail::Ends;
using detail::NetworkState;

/// A checked event of a batch that is to be recorded: its index in the batch, its members and its pair's
/// index in `pairs` (`unmet` until created).
struct Checked {
  Ends ends;
  std::uint32_t pair = 0;
  std::uint32_t event = 0;
};
constexpr std::uint32_t unmet = detail::PairIndex::npos;

/// Reserves the adjacency lists of the members that `new_pairs` (events of `checked`) connect. When a
/// batch creates many pairs, one reservation per member replaces the several reallocations that
/// appending one pair at a time makes; for a few pairs a count over every member would cost more.
void reserve_adjacency(NetworkState& s, std::span<const std::size_t> new_pairs,
                       std::span<const Checked> checked) {
  if (new_pairs.size() < s.graph.size() / 8) return;
  std::vector<std::uint32_t> degree(s.graph.size());
  for (const std::size_t i : new_pairs) {
    ++degree[checked[i].ends.from];
    ++degree[checked[i].ends.to];
  }
  for (std::size_t m = 0; m < degree.size(); ++m)
    if (degree[m] != 0) detail::reserve_more_by_half(s.graph[m], degree[m]);
}

/// Indexes, creates and connects the pairs that events of `checked` meet for the first time, numbered in
/// order of first meeting as `record` would number them, each as met at the time of its first event;
/// sets every event's `pair`. A pair's state is created as it is indexed, because the index reads it to
/// find the pair again (`PairIndex`). If memory runs out, removes them again.
void add_pairs(NetworkState& s, std::span<const Interaction> interactions, std::span<Checked> checked,
               std::size_t unmet_events) {
  const std::size_t pairs_before = s.pairs.size();
  std::vector<std::size_t> first_met;  // per new pair: the event that met it
  std::size_t connected = 0;
  try {
    first_met.reserve(unmet_events);
    constexpr std::size_t ahead = 16;
    for (std::size_t i = 0; i < checked.size(); ++i) {
      if (i + ahead < checked.size() && checked[i + ahead].pair == unmet)
        s.pair_index.prefetch(
            NetworkState::pair_key(checked[i + ahead].ends.from, checked[i + ahead].ends.to));
      Checked& c = checked[i];
      if (c.pair != unmet) continue;
      const std::uint32_t index = s.next_pair_index();
      s.pairs.reserve_more(1);
      const std::uint64_t key = NetworkState::pair_key(c.ends.from, c.ends.to);
      const auto [pair, met] = s.pair_index.try_emplace(key, index, s.pair_checks());
      if (met) {  // neither throws: capacity reserved
        first_met.push_back(i);
        s.pairs.push_back(detail::PairState::met_at(interactions[c.event].at, key));
      }
      c.pair = pair;
    }
    reserve_adjacency(s, first_met, checked);
    for (; connected < first_met.size(); ++connected)
      s.connect(checked[first_met[connected]].ends.from, checked[first_met[connected]].ends.to);
  } catch (...) {
    // Out of the index first: finding a key reads the states of the pairs indexed.
    for (std::size_t k = first_met.size(); k-- > 0;) {
      const Ends ends = checked[first_met[k]].ends;
      if (k < connected) s.disconnect_latest(ends.from, ends.to);
      s.pair_index.erase(NetworkState::pair_key(ends.from, ends.to), s.pair_checks());
    }
    while (s.pairs.size() > pairs_before) s.pairs.pop_back();
    throw;
  }
}

/// Step 1 of `Network::record(span)`: checks every event as `record` would after the ones before it and
/// appends to `checked` those to record, whose fingerprints it adds (room reserved); the rest were
/// recorded already. Throws for the first bad event, leaving its fingerprints to be removed by the caller.
///
/// First an event's members, weight and time, then whether it was recorded already, then its place in
/// the batch: an event is stale if it is too old for its pair's latest event, which may be earlier in
/// the batch. That only needs tracking once an event is too old for the batch's latest event so far, so
/// the batch's times per pair are tracked from the first such event on: never for a log in time order.
/// Events go in blocks, each step in a loop of its own: hashing the handles, looking them up, checking,
/// skipping those recorded, finding the pairs. Short loops let the processor overlap the lookups' cache
/// misses. A bad event ends the checks of its block and of the batch; it is thrown once the events
/// before it have been checked against the recorded state of their pairs too.
class BatchCheck {
 public:
  BatchCheck(NetworkState& s, std::span<const Interaction> interactions, std::vector<Checked>& checked)
      : s_(s),
        interactions_(interactions),
        checked_(checked),
        lateness_(s.policy.decay.max_lateness),
        first_bad_(interactions.size()) {}

  /// Runs the checks; returns the number of events to record whose pair the network did not hold.
  std::size_t run() {
    for (std::size_t begin = 0; begin < first_bad_; begin += block) {
      const std::size_t end = std::min(interactions_.size(), begin + block);
      look_up(begin, end);
      check_members(begin, end);
      const std::size_t block_checked = checked_.size();
      add_unrecorded(begin, end);
      find_pairs(block_checked);
    }
    check_against_pairs();
    return unmet_events_;
  }

 private:
  static constexpr std::size_t block = 64;

  /// Remembers the exception being handled as that of event `i`, the first bad one.
  void fail_at(std::size_t i) {
    first_bad_ = i;
    bad_ = std::current_exception();
  }

  /// Looks up the handles of the events from `begin` to `end` together, so their waits overlap.
  void look_up(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const Interaction& e = interactions_[i];
      handles_[2 * (i - begin)] = {e.from, detail::MemberIndex::hash(e.from)};
      handles_[2 * (i - begin) + 1] = {e.to, detail::MemberIndex::hash(e.to)};
    }
    const std::size_t n = 2 * (end - begin);
    s_.member_ids.find_all(std::span(handles_).first(n), std::span(ids_).first(n), s_.members);
  }

  /// The checks that need no pair state, up to the first bad event; fetches what the next steps read.
  void check_members(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const Interaction& e = interactions_[i];
      try {
        const Ends at = detail::check_interaction(e, ids_[2 * (i - begin)], ids_[2 * (i - begin) + 1]);
        ends_[i - begin] = at;
        fingerprints_[i - begin] = detail::fingerprint(at.from, at.to, e);
        s_.fingerprints.prefetch(fingerprints_[i - begin]);              // inserted below
        s_.pair_index.prefetch(NetworkState::pair_key(at.from, at.to));  // found below
      } catch (...) {
        fail_at(i);
        break;
      }
    }
  }

  /// Appends the events not recorded yet, up to the first bad one, checking their place in the batch.
  void add_unrecorded(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < std::min(end, first_bad_); ++i) {
      // If the set runs out of memory, `record` removes the fingerprints of the events appended.
      if (!s_.fingerprints.insert(fingerprints_[i - begin])) continue;
      const Ends at = ends_[i - begin];
      checked_.push_back({at, unmet, static_cast<std::uint32_t>(i)});  // cannot throw: capacity reserved
      try {
        check_order(interactions_[i], at);
      } catch (...) {
        fail_at(i);
        break;
      }
    }
  }

  /// Throws if `e`, between `at`, is too old for its pair's latest event earlier in the batch.
  void check_order(const Interaction& e, Ends at) {
    if (!latest_of_pair_ && latest_ && e.at + lateness_ < *latest_) track_pairs();
    if (latest_of_pair_) {
      const auto [seen, first] = latest_of_pair_->try_emplace(NetworkState::pair_key(at.from, at.to), e.at);
      if (!first) {
        if (e.at + lateness_ < seen->second) detail::throw_stale(e);
        seen->second = std::max(seen->second, e.at);
      }
    }
    latest_ = latest_ ? std::max(*latest_, e.at) : e.at;
  }

  /// Starts tracking each pair's latest time in the batch, from the events checked before the last.
  void track_pairs() {
    latest_of_pair_.emplace();
    for (std::size_t k = 0; k + 1 < checked_.size(); ++k) {
      const Checked& c = checked_[k];
      const auto [seen, first] = latest_of_pair_->try_emplace(NetworkState::pair_key(c.ends.from, c.ends.to),
                                                              interactions_[c.event].at);
      if (!first) seen->second = std::max(seen->second, interactions_[c.event].at);
    }
  }

  /// Finds the pairs of the events appended from `from` on, up to the first bad one.
  void find_pairs(std::size_t from) {
    for (std::size_t k = from; k < checked_.size() && checked_[k].event < first_bad_; ++k) {
      checked_[k].pair = s_.find_pair_index(checked_[k].ends.from, checked_[k].ends.to);
      unmet_events_ += checked_[k].pair == unmet;
    }
  }

  /// Whether `c`'s pair must be read to know it is not stale. No pair was updated after the network's
  /// latest activity, so only an event older than that by more than `lateness` needs its pair read: in a
  /// log in time order, none.
  bool may_be_stale(const Checked& c) const {
    return c.pair != unmet && s_.last_activity && interactions_[c.event].at + lateness_ < *s_.last_activity;
  }

  /// Checks the events before the first bad one against the recorded state of their pairs, fetched a few
  /// events ahead: in a large network each would otherwise wait on memory. Then throws for the first bad
  /// event, naming its place in the batch.
  void check_against_pairs() {
    std::size_t valid = checked_.size();  // those before the first bad event
    while (valid > 0 && checked_[valid - 1].event >= first_bad_) --valid;
    constexpr std::size_t ahead = 8;
    try {
      for (std::size_t k = 0; k < valid; ++k) {
        if (k + ahead < valid && may_be_stale(checked_[k + ahead]))
          detail::prefetch(&s_.pairs[checked_[k + ahead].pair].updated);
        const Interaction& e = interactions_[checked_[k].event];
        if (may_be_stale(checked_[k]) && e.at + lateness_ < s_.pairs[checked_[k].pair].updated) {
          first_bad_ = checked_[k].event;
          detail::throw_stale(e);
        }
      }
      if (bad_) std::rethrow_exception(bad_);
    } catch (const Error& error) {
      // "interaction.at" -> "interactions[7].at"
      throw Error(static_cast<Errc>(error.code().value()),
                  "interactions[" + std::to_string(first_bad_) + "]" +
                      error.field().substr(std::string_view("interaction").size()),
                  error.value());
    }
  }

  NetworkState& s_;
  std::span<const Interaction> interactions_;
  std::vector<Checked>& checked_;
  const Duration lateness_;
  // The current block's handles, their ids, and its events' members and fingerprints.
  std::array<detail::HashedHandle, 2 * block> handles_;
  std::array<MemberId, 2 * block> ids_{};
  std::array<Ends, block> ends_;
  std::array<std::uint64_t, block> fingerprints_;
  std::optional<Timestamp> latest_;  // of the events checked so far
  std::optional<boost::unordered_flat_map<std::uint64_t, Timestamp>> latest_of_pair_;
  std::size_t unmet_events_ = 0;
  std::size_t first_bad_;
  std::exception_ptr bad_;
};

/// Puts each run of consecutive events at the same time in a canonical order: by the handles of their
/// members (actor first), then kind, weight, reply and id. Simultaneous events then apply in one order
/// however the batch lists them, so the network does not depend on it: single-precision sums are not
/// associative, and which of two simultaneous messages is the first contact, or the answer, depends on
/// the order. Events at different times keep theirs, as the checks of staleness saw it.
void put_in_canonical_order(const NetworkState& s, std::span<const Interaction> interactions,
                            std::span<Checked> checked) {
  const auto key = [&](const Checked& c) {
    const Interaction& e = interactions[c.event];
    return std::tuple(s.members.handle(c.ends.from), s.members.handle(c.ends.to), e.kind, e.weight, e.reply,
                      std::string_view(e.id));
  };
  for (std::size_t begin = 0; begin < checked.size();) {
    const Timestamp at = interactions[checked[begin].event].at;
    std::size_t end = begin + 1;
    while (end < checked.size() && interactions[checked[end].event].at == at) ++end;
    if (end - begin > 1)
      std::ranges::sort(checked.subspan(begin, end - begin),
                        [&](const Checked& a, const Checked& b) { return key(a) < key(b); });
    begin = end;
  }
}

/// Makes the room beyond pairs that applying `checked` may take (`detail::ExtrasRoom`). Room left unused
/// is not written, so it is not resident.
void reserve_extras(NetworkState& s, std::span<const Interaction> interactions,
                    std::span<const Checked> checked) {
  detail::ExtrasRoom room;
  for (const Checked& c : checked) room.add(s.policy, interactions[c.event]);
  room.reserve_in(s);
}

/// Step 3 of `Network::record(span)`: applies the checked events in order, fetching the state of the
/// next ones ahead; nothing throws.
void apply_batch(NetworkState& s, std::span<const Interaction> interactions,
                 std::span<const Checked> checked) {
  constexpr std::size_t ahead = 8;
  for (std::size_t k = 0; k < checked.size(); ++k) {
    if (k + ahead < checked.size()) {
      const Checked& next = checked[k + ahead];
      detail::prefetch(&s.pairs[next.pair]);
      detail::prefetch(&s.top_ties[next.ends.from]);
      detail::prefetch(&s.top_ties[next.ends.to]);
    }
    const Checked& c = checked[k];
    const Interaction& e = interactions[c.event];
    detail::apply(s, c.ends, s.pairs[c.pair], e);
  }
}

}  // namespace

std::size_t Network::record(std::span<const Interaction> interactions) {
  NetworkState& s = *state_;
  if (interactions.size() > std::numeric_limits<std::uint32_t>::max())
    throw Error(Errc::out_of_range, "interactions", std::to_string(interactions.size()) + " events");
  s.fingerprints.reserve_more(interactions.size());
  std::vector<Checked> checked;
  try {
    checked.reserve(interactions.size());
    // 1. Check every event, changing nothing but the fingerprints; 2. create the pairs met for the
    // first time.
    const std::size_t unmet_events = BatchCheck(s, interactions, checked).run();
    put_in_canonical_order(s, interactions, checked);
    // Room before pairs: had it failed after them, they would stay indexed and connected.
    reserve_extras(s, interactions, checked);
    add_pairs(s, interactions, checked, unmet_events);
  } catch (...) {
    for (const Checked& c : checked)
      s.fingerprints.erase(detail::fingerprint(c.ends.from, c.ends.to, interactions[c.event]));
    throw;
  }
  // 3. Apply them.
  apply_batch(s, interactions, checked);
  return interactions.size() - checked.size();
}

}  // namespace rapport
