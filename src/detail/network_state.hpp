#ifndef RAPPORT_SRC_DETAIL_NETWORK_STATE_HPP
#define RAPPORT_SRC_DETAIL_NETWORK_STATE_HPP

#include <algorithm>
#include <array>
#include <boost/container_hash/hash.hpp>
#include <boost/graph/vector_as_graph.hpp>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <rapport/network.hpp>
#include <rapport/request.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chunked_vector.hpp"
#include "fingerprint.hpp"
#include "fingerprint_set.hpp"
#include "kind_tally.hpp"
#include "large_allocator.hpp"
#include "learning_state.hpp"
#include "member_index.hpp"
#include "member_table.hpp"
#include "pair_index.hpp"
#include "reserve.hpp"

namespace rapport::detail {

/// "No such event yet", for timestamps of pair state.
inline constexpr Timestamp never = Timestamp::min();

/// How long before a pair's latest event (`PairState::updated`) another of its events happened, in
/// seconds. Four bytes where a timestamp takes eight: a pair's times are all close to its latest.
using Age = std::uint32_t;
/// The age of an event that has not happened.
inline constexpr Age no_age = std::numeric_limits<Age>::max();
/// The greatest age kept, about 136 years; an older event reads as that old.
inline constexpr Age max_age = no_age - 1;

/// One member's view of the other in a pair: what messages change. Decayed quantities are in single
/// precision, scaled to the pair's reference time (`reference_time`).
struct Side {
  float knowledge = 0;       // context this member has of the other (context half-life)
  float awaited = 0;         // attention the other awaits from this member: its unanswered messages
  float answers = 0;         // messages of the other that answered this member's (reciprocity half-life)
  Age reached_out = no_age;  // latest event of the other's whose kind has `actor_learns` > 0
};

/// One member's view of the other beyond messages, scaled to the pair's reference time.
struct ExtraSide {
  float received = 0;  // value the other gave this member (reciprocity half-life)
  float harm = 0;      // harm the other did this member (reciprocity half-life)
  float asks = 0;      // asks the other made of this member (reciprocity half-life)
};

/// What a pair holds beyond messages: value, harm and asks, and the counts of every other kind of event.
/// Only pairs that had such an event have one (`PairState::extras`), so a pair that only messages pays
/// nothing for it. Scaled to the pair's reference time, as the pair's own values are.
struct PairExtras {
  ExtraSide lo;      // lo's view of hi
  ExtraSide hi;      // hi's view of lo
  KindTally counts;  // events of every kind but messages (counted in `PairState`), both ways
};
static_assert(sizeof(PairExtras) == 32, "values and the tally without padding");

/// Everything between two members `lo < hi` that scoring and decay read, both directions in one cache
/// line, so that an event or a score costs one read of it.
///
/// A decayed quantity is stored scaled to a reference time `r` (`reference_time(updated)`): an amount
/// added at `t` is stored times 2^((t - r) / half-life), and a read at `now` multiplies the sum by
/// 2^(-(now - r) / half-life). An event then only adds to what it changes, and rounding to single
/// precision is monotonic, so more history never reads as less, however the events fall. The pair's
/// other times are ages before `updated`.
struct alignas(64) PairState {
  /// What `extras` holds for a pair without extras.
  static constexpr std::uint32_t no_extras = std::numeric_limits<std::uint32_t>::max();

  Timestamp updated{};               // the latest event
  Age first = 0;                     // the earliest event
  Age last_meaningful = no_age;      // the latest event that is more than a like, an ask or a harm
  Side lo;                           // lo's view of hi
  Side hi;                           // hi's view of lo
  std::uint32_t lo_messages = 0;     // messages hi -> lo
  std::uint32_t hi_messages = 0;     // messages lo -> hi
  std::uint32_t extras = no_extras;  // index in `NetworkState::pair_extras`, or `no_extras`
  std::uint32_t index_check = 0;     // `PairIndex::check` of the pair's key: its slot holds the rest

  /// The state of the pair with `key` (`NetworkState::pair_key`) first met at `at`, before that first
  /// event is applied.
  static PairState met_at(Timestamp at, std::uint64_t key) noexcept {
    PairState p;
    p.updated = at;
    p.index_check = PairIndex::check(key);
    return p;
  }
  bool has_extras() const noexcept { return extras != no_extras; }
  /// The time of an event of age `age`, or nothing for `no_age`.
  std::optional<Timestamp> time_of(Age age) const noexcept {
    if (age == no_age) return std::nullopt;
    return updated - Duration{age};
  }
  /// The age of an event at `t` <= `updated`.
  Age age_of(Timestamp t) const noexcept {
    return static_cast<Age>(std::min<Duration::rep>((updated - t).count(), max_age));
  }
};
static_assert(sizeof(PairState) == 64);

/// A pair's full state, unpacked, its decayed quantities as of `updated`: what snapshots read and write.
struct PairRecord {
  struct View {
    double knowledge = 0, received = 0, harm = 0, asks = 0, awaited = 0, answers = 0;
    Timestamp reached_out = never;
    KindCounts from_other{};
  };
  View lo, hi;  // lo's view of hi, hi's view of lo
  Timestamp updated{}, first{};
  Timestamp last_meaningful = never;
};

/// A span of days in seconds, the unit of timestamps, as decay arithmetic uses it.
inline double in_seconds(std::chrono::days span) noexcept {
  return static_cast<double>(std::chrono::duration_cast<Duration>(span).count());
}

/// The owner's strongest ties by knowledge, best first. Passive decay scales every tie alike, so the
/// order is kept by a time-free key (log2 of knowledge plus elapsed half-lives) that only grows when
/// an event adds knowledge; this keeps the list exact with O(k) work per event. Equal keys rank by
/// handle, smallest first: ids follow first appearance, so ranking by id or by arrival would make the
/// list depend on the order of simultaneous events.
struct TopTies {
  static constexpr std::size_t capacity = 8;
  static_assert(capacity >= 2, "set_since reads the second place");
  /// What `find` returns for a member that is not listed.
  static constexpr std::size_t not_listed = capacity;
  /// What the places of `ids` past the listed ties hold: never a member's id.
  static constexpr MemberId unused = MemberIndex::npos;
  static constexpr std::array<MemberId, capacity> unused_ids() noexcept {
    std::array<MemberId, capacity> out{};
    out.fill(unused);
    return out;
  }

  // The ids come first, in one cache line with the first keys: vouching asks whether a member is listed,
  // which then costs one line. Places past the last tie hold `unused`, so the list needs no count.
  std::array<MemberId, capacity> ids = unused_ids();
  std::array<double, capacity> keys{};
  // When each key was set, from which on its knowledge is exact: an age before the latest of them, as a
  // pair keeps its times, so that eight times take 40 bytes rather than 64.
  Timestamp latest{};
  std::array<Age, capacity> ages{};

  /// How many ties are listed.
  std::size_t size() const noexcept {
    std::size_t n = 0;
    while (n < capacity && ids[n] != unused) ++n;
    return n;
  }

  /// When entry `i`'s key was set; one set more than `max_age` before the latest reads as that old.
  Timestamp since(std::size_t i) const noexcept { return latest - Duration{ages[i]}; }
  /// Sets when entry `i`'s key was set; entry `i` is listed.
  void set_since(std::size_t i, Timestamp at) noexcept {
    if (i == 0 && ids[1] == unused) {  // the only entry: listed ties come first
      latest = at;
      ages[i] = 0;
      return;
    }
    if (at > latest) {
      const Duration::rep later = (at - latest).count();
      for (std::size_t j = 0; j < capacity && ids[j] != unused; ++j)
        if (j != i) ages[j] = static_cast<Age>(std::min<Duration::rep>(ages[j] + later, max_age));
      latest = at;
    }
    ages[i] = static_cast<Age>(std::min<Duration::rep>((latest - at).count(), max_age));
  }

  /// Where `id` is listed, or `not_listed`.
  std::size_t find(MemberId id) const noexcept {
    for (std::size_t i = 0; i < capacity; ++i)
      if (ids[i] == id) return i;
    return not_listed;
  }

  /// Lists `id` last, with `key` set at `at`; the list has room, and does not list `id`.
  void append(MemberId id, double key, Timestamp at) noexcept {
    const std::size_t i = size();
    ids[i] = id;
    keys[i] = key;
    set_since(i, at);
  }

  /// Lists `id` with `key`, set at `at`, if it ranks among the strongest; `members` gives the handles
  /// that break ties.
  void offer(MemberId id, double key, Timestamp at, const MemberTable& members) noexcept;

  /// The key of a tie with `knowledge` (> 0) as of `at`: log2 of knowledge plus the half-lives elapsed
  /// since the epoch. Recording and restoring a snapshot both key ties with it.
  static double key_of(double knowledge, Timestamp at, double half_life_seconds) noexcept {
    return std::log2(knowledge) + static_cast<double>(at.time_since_epoch().count()) / half_life_seconds;
  }

  /// Tie strength of entry `i` at `now`, from its key alone: scoring reads no pair record for it.
  double strength_at(std::size_t i, Timestamp now, double half_life_seconds, double scale) const noexcept {
    const double t = static_cast<double>(std::max(now, since(i)).time_since_epoch().count());
    return 1.0 - std::exp(-std::exp2(keys[i] - t / half_life_seconds) / scale);
  }
};
static_assert(sizeof(TopTies) == 136, "ids, keys and times without padding");

/// The relationship graph: each member's list of the members it shares a pair with, in order of first
/// meeting; every pair is listed under both members. Boost.Graph models it as a graph
/// (`vector_as_graph.hpp`), so its algorithms and `adjacent_vertices` apply, and adding a pair costs two
/// appends, where an `adjacency_list` would also allocate per edge.
using Graph = std::vector<std::vector<MemberId>>;

struct ChannelState {
  Channel channel;
  TopicShape audience{};      // of channel.audience_topics
  std::vector<Post> posts{};  // sorted by time, ties in order of recording
  // posts[i].at, densely: room checks binary-search these instead of 112-byte posts.
  std::vector<Timestamp> times{};
  // promos_before[i]: promotions among posts[0, i), so a range's promotions are one subtraction.
  std::vector<std::uint32_t> promos_before{0};
};

/// What an owner has received from one requester handle, member or not.
struct AskHistory {
  std::uint32_t count = 0;    // requests recorded
  Timestamp first{}, last{};  // earliest and latest `received`
  double decayed = 0;         // count decayed with policy.decay.reciprocity_half_life, as of `last`
};

/// Hashes a handle given as any string type, so a lookup by `std::string_view` allocates nothing.
struct HandleHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view handle) const noexcept {
    return boost::hash<std::string_view>{}(handle);
  }
};

/// An owner's ask histories by requester handle.
using AsksByRequester = boost::unordered_flat_map<std::string, AskHistory, HandleHash, std::equal_to<>>;

/// What an owner received: the arrival times of its requests, sorted, and what each requester asked.
struct Inbox {
  std::vector<Timestamp> inflow;
  AsksByRequester asks;
};

/// Each member's channels, in order of addition. Few members own a channel, so a member pays four bytes
/// for none, where a list each would cost a vector's 24.
class ChannelsByOwner {
 public:
  std::span<const ChannelId> operator[](MemberId owner) const noexcept {
    const std::uint32_t list = list_of_[owner];
    return list == 0 ? std::span<const ChannelId>() : std::span<const ChannelId>(lists_[list - 1]);
  }
  /// Adds member `size()`, with no channel.
  void add_member() { list_of_.push_back(0); }
  /// Removes the member that the latest `add_member` added, with no channel still.
  void remove_latest_member() noexcept { list_of_.pop_back(); }
  std::size_t size() const noexcept { return list_of_.size(); }
  /// Adds channel `c` to those of `owner`. Strong guarantee.
  void add(MemberId owner, ChannelId c) {
    std::uint32_t& list = list_of_[owner];
    if (list == 0) {
      lists_.push_back({c});
      list = static_cast<std::uint32_t>(lists_.size());
      return;
    }
    lists_[list - 1].push_back(c);
  }

 private:
  std::vector<std::uint32_t> list_of_;  // by member: 1 + its list's place in `lists_`, or 0 for none
  std::vector<std::vector<ChannelId>> lists_;
};

struct NetworkState {
  Policy policy;
  MemberTable members;
  ChannelsByOwner channels_by_owner;
  std::vector<TopTies, LargeAllocator<TopTies>> top_ties;
  MemberIndex member_ids;  // handle or alias -> id; reads the handles in `members`
  std::vector<ChannelState> channels;
  ChunkedVector<PairState> pairs;
  ChunkedVector<PairExtras> pair_extras;  // of the pairs that have extras, in order of their first such event
  SpilledCountsTable spilled_counts;  // of the pair extras whose `KindTally` spilled, in order of spilling
  PairIndex pair_index;               // pair_key -> index in `pairs`
  Graph graph;
  std::optional<Timestamp> last_activity;
  FingerprintSet fingerprints;  // of every interaction, request and post recorded
  // By owner, for the owners that received a request: a member that never did pays nothing for one.
  boost::unordered_flat_map<MemberId, Inbox> inboxes;
  LearningState learning;  // each owner's taste, learned from outcomes

  /// Whether an event with this fingerprint (`fingerprint.hpp`) was recorded.
  bool holds(std::uint64_t fingerprint) const noexcept { return fingerprints.contains(fingerprint); }
  /// Whether `request` to `owner` was recorded: scoring and the report must not count it twice.
  bool holds(MemberId owner, const Request& request) const noexcept {
    return holds(fingerprint(owner, request));
  }

  /// The requests `owner` received kept under `key` exactly, or nullptr: no allocation (heterogeneous
  /// lookup). The pointer is valid until the network next records a request. See `asks_from`.
  const AskHistory* asks_under(MemberId owner, std::string_view key) const noexcept {
    const Inbox* in = inbox(owner);
    if (in == nullptr) return nullptr;
    const auto found = in->asks.find(key);
    return found == in->asks.end() ? nullptr : &found->second;
  }
  /// What `owner` received, or nullptr if it never received a request. Valid until the network next
  /// records a request.
  const Inbox* inbox(MemberId owner) const noexcept {
    if (inboxes.empty()) return nullptr;
    const auto found = inboxes.find(owner);
    return found == inboxes.end() ? nullptr : &found->second;
  }

  /// The id of the member with key `handle` (its handle or an alias), or `MemberIndex::npos`.
  MemberId find_member(std::string_view handle) const noexcept { return member_ids.find(handle, members); }

  void saw(Timestamp t) noexcept { last_activity = last_activity ? std::max(*last_activity, t) : t; }

  static std::uint64_t pair_key(MemberId a, MemberId b) noexcept {
    const auto lo = std::min(a, b), hi = std::max(a, b);
    return (std::uint64_t{lo} << 32) | hi;
  }
  /// The index the next pair created will have. Throws `std::length_error` if pairs number
  /// `PairIndex::npos`, which marks an empty slot of the pair index.
  std::uint32_t next_pair_index() const {
    if (pairs.size() >= PairIndex::npos) throw std::length_error("too many pairs");
    return static_cast<std::uint32_t>(pairs.size());
  }
  /// The pair index's `check_of`: what the state of pair `i` keeps of its key.
  auto pair_checks() const noexcept {
    return [this](std::uint32_t i) { return pairs[i].index_check; };
  }
  /// The index in `pairs` of the pair `a`-`b`, in either order, or `PairIndex::npos`.
  std::uint32_t find_pair_index(MemberId a, MemberId b) const noexcept {
    return pair_index.find(pair_key(a, b), pair_checks());
  }
  const PairState* find_pair(MemberId a, MemberId b) const noexcept {
    const std::uint32_t i = find_pair_index(a, b);
    return i == PairIndex::npos ? nullptr : &pairs[i];
  }
  /// The two members of every pair, lower id first, by index in `pairs`.
  std::vector<std::pair<MemberId, MemberId>> pair_members() const {
    std::vector<std::pair<MemberId, MemberId>> out(pairs.size());
    pair_index.for_each(pair_checks(), [&](std::uint64_t key, std::uint32_t index) {
      out[index] = {static_cast<MemberId>(key >> 32), static_cast<MemberId>(key & 0xffffffffu)};
    });
    return out;
  }
  std::optional<ChannelId> find_channel(std::string_view owner, std::string_view name) const noexcept;

  /// Adds the pair `a`-`b` to the graph, in either order, or nothing if memory runs out.
  void connect(MemberId a, MemberId b) {
    add_contact(graph[a], b);
    try {
      add_contact(graph[b], a);
    } catch (...) {
      graph[a].pop_back();
      throw;
    }
  }
  /// Appends `m` to `list`, which grows by half when full (`reserve_more_by_half`), where `push_back`
  /// would double it.
  static void add_contact(std::vector<MemberId>& list, MemberId m) {
    reserve_more_by_half(list, 1);
    list.push_back(m);
  }
  /// Undoes the latest `connect(a, b)`, when every later one is undone already.
  void disconnect_latest(MemberId a, MemberId b) noexcept {
    graph[a].pop_back();
    graph[b].pop_back();
  }
};

/// A request's handles and channels resolved to ids, without allocating.
struct ResolvedRequest {
  static constexpr std::size_t max_channels = 16;
  MemberId owner = 0;
  std::optional<MemberId> requester;  // empty for a requester who is not a member yet
  std::array<ChannelId, max_channels> channels{};
  std::size_t channel_count = 0;

  std::span<const ChannelId> asked_channels() const noexcept { return {channels.data(), channel_count}; }
};

/// Checks a request against the network and resolves it; throws `Error` naming the bad field.
ResolvedRequest resolve(const NetworkState& state, const Request& request);
/// The checks of `resolve` that need no network: handles not empty, at most `max_channels` channels, the
/// content quality in [0, 1], valid topic paths, and no `wanted_by` before `received`.
void check_request(const Request& request);

/// `Network::record(const Interaction&)` after its checks: `e` is recorded between `from` and `to`, members
/// of `state`, whose handles in `e` are not read, unless it is older than its pair's history accepts
/// (`Decay::max_lateness` before the pair's latest event). Returns whether it was recorded; if not, or if
/// memory runs out (and then it throws), nothing changed.
bool record_if_timely(NetworkState& state, MemberId from, MemberId to, const Interaction& e);

/// `record_if_timely`, throwing `Error` (`stale_event`) for an event it does not record.
void record_between(NetworkState& state, MemberId from, MemberId to, const Interaction& e);

/// Factor by which a quantity with half-life `half_life` shrinks over `elapsed` (grows if negative).
inline double decay_factor(Duration elapsed, std::chrono::days half_life) noexcept {
  return std::exp2(-static_cast<double>(elapsed.count()) / in_seconds(half_life));
}

/// The key a request from `handle` (the member `requester`, if it is one) is kept under in `asks`: a
/// member's handle, whichever of its handles or aliases the request was written to, so that one
/// person's pitches count together; a non-member's handle as written.
inline std::string_view ask_key(const NetworkState& s, std::string_view handle,
                                std::optional<MemberId> requester) noexcept {
  return requester ? s.members.handle(*requester) : handle;
}

/// What `owner` received from the requester written `handle` (the member `requester`, if it is one):
/// the history under its key (`ask_key`), with, for a member, what a network from an earlier release
/// kept under `handle` as written, if that differs. Empty if there is none.
std::optional<AskHistory> asks_from(const NetworkState& s, MemberId owner, std::string_view handle,
                                    std::optional<MemberId> requester) noexcept;

/// The time a pair whose latest event is at `updated` scales its quantities to: `updated` rounded down to
/// a multiple of 32 of the shorter half-life. A scaled quantity is then at most 2^32 times its value
/// (single precision reaches 2^127); an event that moves a pair past the next multiple rescales it once.
inline Timestamp reference_time(Timestamp updated, const Decay& decay) noexcept {
  const Duration::rep span = 32 * std::chrono::duration_cast<Duration>(
                                      std::min(decay.context_half_life, decay.reciprocity_half_life))
                                      .count();
  const Duration::rep t = updated.time_since_epoch().count();
  const Duration::rep cell = t >= 0 ? t / span : -((-t + span - 1) / span);
  return Timestamp{Duration{cell * span}};
}

/// The key in `TopTies` of the tie that `side` describes, of a pair whose reference time is `reference`.
inline double tie_key(const Side& side, Timestamp reference, const Decay& decay) noexcept {
  return TopTies::key_of(side.knowledge, reference, in_seconds(decay.context_half_life));
}

/// `owner`'s view of the other member of `pair` at `now` (state as of the latest event if earlier).
Relationship view(const NetworkState& state, const PairState& pair, MemberId owner, MemberId other,
                  Timestamp now) noexcept;

/// The side of `pair` that is `owner`'s view of `other`.
inline const Side& side_of(const PairState& pair, MemberId owner, MemberId other) noexcept {
  return owner < other ? pair.lo : pair.hi;
}

/// `pair`'s state unpacked, for snapshots.
PairRecord unpack(const NetworkState& state, const PairState& pair) noexcept;

/// `record`, of the pair with `key`, packed into a pair's state, to be appended to `state.pairs`; its
/// extras, if it has any, are appended to `state.pair_extras`, and its counts of kinds but messages, if
/// they do not fit in its `KindTally`, to `state.spilled_counts`. Values round to single precision and ages
/// saturate at `max_age`.
PairState pack(NetworkState& state, const PairRecord& record, std::uint64_t key);

/// Maps knowledge to [0, 1]: 1 - exp(-knowledge / scale).
inline double strength(double knowledge, double scale) noexcept {
  return 1.0 - std::exp(-knowledge / scale);
}

/// Grants library code outside `network.cpp` access to a network's state.
struct NetworkAccess {
  static const NetworkState& state(const Network& n) noexcept { return *n.state_; }
  static NetworkState& state(Network& n) noexcept { return *n.state_; }
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_NETWORK_STATE_HPP
