#include <algorithm>
#include <array>
#include <boost/unordered/unordered_flat_map.hpp>
#include <exception>
#include <limits>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <string>
#include <vector>

#include "detail/fingerprint.hpp"
#include "detail/network_state.hpp"
#include "detail/prefetch.hpp"
#include "detail/reserve.hpp"
#include "detail/topic_match.hpp"
#include "detail/validate.hpp"

namespace rapport {
namespace detail {

void TopTies::offer(MemberId id, double key, Timestamp at) noexcept {
  std::size_t i = find(id);
  if (i == size) {  // not listed: take a free place or the weakest one's
    if (size < capacity) {
      ++size;
    } else if (key > keys[size - 1]) {
      i = size - 1;
    } else {
      return;
    }
  }
  ids[i] = id;
  keys[i] = key;
  since[i] = at;
  // Keys only grow, so the entry can only move towards the front; equal keys keep their order.
  for (; i > 0 && keys[i] > keys[i - 1]; --i) {
    std::swap(ids[i], ids[i - 1]);
    std::swap(keys[i], keys[i - 1]);
    std::swap(since[i], since[i - 1]);
  }
}

TopicShape shape_of(const Topics& topics) {
  TopicShape shape;
  shape.depths.reserve(topics.size());
  for (const Topic& t : topics) {
    shape.depths.push_back(topic_depth(t.path));
    shape.heaviest = std::max(shape.heaviest, t.weight);
  }
  return shape;
}

std::optional<ChannelId> NetworkState::find_channel(std::string_view owner,
                                                    std::string_view name) const noexcept {
  const MemberId id = member_ids.find(owner);
  if (id == MemberIndex::npos) return std::nullopt;
  for (const ChannelId c : channels_by_owner[id])
    if (channels[c].channel.name == name) return c;
  return std::nullopt;
}

Relationship view(const NetworkState& state, const PairState& pair, MemberId owner, MemberId other,
                  Timestamp now) noexcept {
  const Side& mine = side_of(pair, owner, other);
  const Side& theirs = side_of(pair, other, owner);
  const Duration elapsed = std::max(Duration{0}, now - pair.updated);
  const double fc = decay_factor(elapsed, state.policy.decay.context_half_life);
  const double fr = decay_factor(elapsed, state.policy.decay.reciprocity_half_life);
  Relationship r;
  r.knowledge = mine.knowledge * fc;
  r.tie_strength = strength(r.knowledge, state.policy.context_scale);
  r.received = mine.received * fr;
  r.given = theirs.received * fr;
  r.asks = mine.asks * fr;
  r.harm = mine.harm * fr;
  r.awaited_from_owner = mine.awaited * fr;
  r.awaited_from_other = theirs.awaited * fr;
  r.answers_from_other = mine.answers * fr;
  r.answers_from_owner = theirs.answers * fr;
  r.from_other = counts_of(pair, owner, other);
  r.from_owner = counts_of(pair, other, owner);
  if (theirs.reached_out != never) r.owner_reached_out = theirs.reached_out;
  if (mine.reached_out != never) r.other_reached_out = mine.reached_out;
  r.first_contact = pair.first;
  r.last_contact = pair.updated;
  if (pair.last_meaningful != never) r.last_meaningful = pair.last_meaningful;
  return r;
}

ResolvedRequest resolve(const NetworkState& s, const Request& req) {
  ResolvedRequest out;
  check_not_empty(req.owner, "request.owner");
  check_not_empty(req.requester, "request.requester");
  // Both looked up together, so their waits on memory overlap.
  const std::array<HashedHandle, 2> handles{
      {{req.owner, MemberIndex::hash(req.owner)}, {req.requester, MemberIndex::hash(req.requester)}}};
  std::array<MemberId, 2> ids{};
  s.member_ids.find_all(handles, ids);
  if (ids[0] == MemberIndex::npos) throw Error(Errc::unknown_member, "request.owner", req.owner);
  if (req.requester == req.owner) throw Error(Errc::self_interaction, "request.requester", req.requester);
  out.owner = ids[0];
  if (ids[1] != MemberIndex::npos) out.requester = ids[1];
  if (req.channels.size() > ResolvedRequest::max_channels)
    throw Error(Errc::out_of_range, "request.channels", std::to_string(req.channels.size()) + " channels");
  // By the owner's id: looking the owner up by handle again for every channel would cost a string hash.
  const std::vector<ChannelId>& owned = s.channels_by_owner[out.owner];
  for (std::size_t i = 0; i < req.channels.size(); ++i) {
    const auto c = std::ranges::find_if(
        owned, [&](ChannelId id) { return s.channels[id].channel.name == req.channels[i]; });
    if (c == owned.end())
      throw Error(Errc::unknown_channel, "request.channels[" + std::to_string(i) + "]", req.channels[i]);
    out.channels[out.channel_count++] = *c;
  }
  if (req.content_quality) check_number(*req.content_quality, 0, 1, "request.content_quality");
  for (std::size_t i = 0; i < req.topics.size(); ++i) {
    if (!valid_topic_path(req.topics[i]))
      throw Error(Errc::invalid_topic, "request.topics[" + std::to_string(i) + "]", req.topics[i]);
  }
  return out;
}

}  // namespace detail

namespace {

using detail::NetworkState;

bool is_meaningful(InteractionKind k) noexcept {
  switch (k) {
    case InteractionKind::liked:
    case InteractionKind::asked:
    case InteractionKind::declined_request:
    case InteractionKind::broke_promise:
    case InteractionKind::cancelled:
      return false;
    default:
      return true;
  }
}

void check_member(const Member& m, std::string_view field) {
  const std::string f(field);
  detail::check_not_empty(m.handle, f + ".handle");
  detail::check_topics(m.topics, f + ".topics");
  detail::check_number(m.energy, 0, 1, f + ".energy");
  if (m.cadence.count() <= 0)
    throw Error(Errc::out_of_range, f + ".cadence", std::to_string(m.cadence.count()));
  for (std::size_t i = 0; i < m.launches.size(); ++i)
    if (m.launches[i].end < m.launches[i].begin)
      throw Error(Errc::invalid_time_range, f + ".launches[" + std::to_string(i) + "]",
                  detail::time_text(m.launches[i].begin) + ".." + detail::time_text(m.launches[i].end));
}

/// `found`, the id looked up for `handle`, unless it is `MemberIndex::npos`; then throws naming `field`.
MemberId require_member(MemberId found, std::string_view handle, std::string_view field) {
  detail::check_not_empty(handle, field);
  if (found == detail::MemberIndex::npos)
    throw Error(Errc::unknown_member, std::string(field), std::string(handle));
  return found;
}

MemberId require_member(const NetworkState& s, std::string_view handle, std::string_view field) {
  return require_member(s.member_ids.find(handle), handle, field);
}

void check_channel(const NetworkState& s, const Channel& c) {
  require_member(s, c.owner, "channel.owner");
  detail::check_not_empty(c.name, "channel.name");
  detail::check_number(c.audience_size, 0, std::numeric_limits<double>::max(), "channel.audience_size");
  detail::check_topics(c.audience_topics, "channel.audience_topics");
  if (c.tolerance) {
    if (c.tolerance->max_per_week < 0)
      throw Error(Errc::out_of_range, "channel.tolerance.max_per_week",
                  std::to_string(c.tolerance->max_per_week));
    detail::check_number(c.tolerance->max_share, 0, 1, "channel.tolerance.max_share");
  }
}

}  // namespace

Network::Network(Policy policy) : state_(std::make_unique<NetworkState>()) {
  policy.validate();
  state_->policy = std::move(policy);
}

Network::Network(const Network& other) : state_(std::make_unique<NetworkState>(*other.state_)) {}
Network::Network(Network&& other) noexcept = default;
Network& Network::operator=(const Network& other) {
  if (this != &other) state_ = std::make_unique<NetworkState>(*other.state_);
  return *this;
}
Network& Network::operator=(Network&& other) noexcept = default;
Network::~Network() = default;

const Policy& Network::policy() const noexcept {
  return state_->policy;
}

void Network::set_policy(Policy policy) {
  policy.validate();
  if (!(policy.decay == state_->policy.decay))
    throw Error(Errc::policy_mismatch, "policy.decay", "differs from the network's");
  // Per-kind effects are folded into the pair state as events are recorded: they cannot change after.
  if (!(policy.kinds == state_->policy.kinds))
    throw Error(Errc::policy_mismatch, "policy.kinds", "differs from the network's");
  state_->policy = std::move(policy);
}

MemberId Network::add_member(Member member) {
  check_member(member, "member");
  NetworkState& s = *state_;
  if (s.member_ids.contains(member.handle))
    throw Error(Errc::duplicate_member, "member.handle", member.handle);
  if (s.members.size() >= std::numeric_limits<MemberId>::max())
    throw Error(Errc::out_of_range, "member", "too many members");
  const auto id = static_cast<MemberId>(s.members.size());
  detail::TopicShape shape = detail::shape_of(member.topics);
  // Grow every per-member table, then publish the handle; undo on failure so nothing is half-added.
  const std::size_t n = s.members.size();
  try {
    s.members.push_back(member);
    s.member_topics.push_back(std::move(shape));
    s.channels_by_owner.emplace_back();
    s.top_ties.emplace_back();
    s.inflow.emplace_back();
    s.asks.emplace_back();
    s.graph.emplace_back();
    s.member_ids.add(member.handle);
  } catch (...) {
    s.members.resize(n);
    s.member_topics.resize(std::min(s.member_topics.size(), n));
    s.channels_by_owner.resize(std::min(s.channels_by_owner.size(), n));
    s.top_ties.resize(std::min(s.top_ties.size(), n));
    s.inflow.resize(std::min(s.inflow.size(), n));
    s.asks.resize(std::min(s.asks.size(), n));
    s.graph.resize(std::min(s.graph.size(), n));
    throw;
  }
  return id;
}

void Network::update_member(Member member) {
  check_member(member, "member");
  NetworkState& s = *state_;
  const MemberId id = s.member_ids.find(member.handle);
  if (id == detail::MemberIndex::npos) throw Error(Errc::unknown_member, "member.handle", member.handle);
  detail::TopicShape shape = detail::shape_of(member.topics);
  s.members[id] = std::move(member);
  s.member_topics[id] = std::move(shape);
}

ChannelId Network::add_channel(Channel channel) {
  NetworkState& s = *state_;
  check_channel(s, channel);
  if (s.find_channel(channel.owner, channel.name))
    throw Error(Errc::duplicate_channel, "channel.name", channel.name);
  const MemberId owner = s.member_ids.find(channel.owner);
  const auto id = static_cast<ChannelId>(s.channels.size());
  detail::TopicShape audience = detail::shape_of(channel.audience_topics);
  detail::reserve_more(s.channels_by_owner[owner], 1);
  s.channels.push_back({.channel = std::move(channel), .audience = std::move(audience)});
  s.channels_by_owner[owner].push_back(id);  // cannot throw: capacity reserved
  return id;
}

void Network::update_channel(Channel channel) {
  NetworkState& s = *state_;
  check_channel(s, channel);
  const auto id = s.find_channel(channel.owner, channel.name);
  if (!id) throw Error(Errc::unknown_channel, "channel.name", channel.name);
  detail::TopicShape audience = detail::shape_of(channel.audience_topics);
  s.channels[*id].channel = std::move(channel);
  s.channels[*id].audience = std::move(audience);
}

namespace {

struct Ends {
  MemberId from = 0;
  MemberId to = 0;
};

/// Throws unless `t` lies between `earliest_time` and `latest_time`, where time arithmetic is safe.
void check_time(Timestamp t, std::string_view field) {
  if (t < earliest_time || t > latest_time)
    throw Error(Errc::out_of_range, std::string(field), std::to_string(t.time_since_epoch().count()));
}

/// The members of `e`, whose handles were looked up as `from` and `to` (or `MemberIndex::npos`), after the
/// checks that need no pair state.
Ends check_interaction(const Interaction& e, MemberId from_found, MemberId to_found) {
  const MemberId from = require_member(from_found, e.from, "interaction.from");
  const MemberId to = require_member(to_found, e.to, "interaction.to");
  if (from == to) throw Error(Errc::self_interaction, "interaction.to", e.to);
  // A bound keeps every decayed sum finite; no real interaction weighs a thousand others.
  detail::check_number(e.weight, 0, 1000, "interaction.weight");
  check_time(e.at, "interaction.at");
  return {from, to};
}

Ends check_interaction(const NetworkState& s, const Interaction& e) {
  return check_interaction(e, s.member_ids.find(e.from), s.member_ids.find(e.to));
}

[[noreturn]] void throw_stale(const Interaction& e) {
  throw Error(Errc::stale_event, "interaction.at", detail::time_text(e.at));
}

/// Creates the state of a pair first met at `at` and returns its index; on failure nothing is added.
std::uint32_t add_pair(NetworkState& s, Ends ends, Timestamp at) {
  const std::uint64_t key = NetworkState::pair_key(ends.from, ends.to);
  const auto index = static_cast<std::uint32_t>(s.pairs.size());
  s.pairs.push_back(detail::PairState::met_at(at));
  try {
    s.pair_index.try_emplace(key, index);
    try {
      s.connect(ends.from, ends.to);
    } catch (...) {
      s.pair_index.erase(key);
      throw;
    }
  } catch (...) {
    s.pairs.pop_back();
    throw;
  }
  return index;
}

/// Adds a checked interaction to the state of its pair `p`.
void apply(NetworkState& s, Ends ends, detail::PairState& p, const Interaction& e) noexcept {
  const auto [from, to] = ends;
  const Decay& decay = s.policy.decay;
  double late_c = 1.0, late_r = 1.0;
  if (e.at > p.updated) {
    const double fc = detail::decay_factor(e.at - p.updated, decay.context_half_life);
    const double fr = detail::decay_factor(e.at - p.updated, decay.reciprocity_half_life);
    for (detail::Side* side : {&p.lo, &p.hi}) {
      side->knowledge *= fc;
      side->received *= fr;
      side->harm *= fr;
      side->asks *= fr;
      side->awaited *= fr;
      side->answers *= fr;
    }
    p.updated = e.at;
  } else if (e.at < p.updated) {  // a late event adds what is left of it at `updated`
    late_c = detail::decay_factor(p.updated - e.at, decay.context_half_life);
    late_r = detail::decay_factor(p.updated - e.at, decay.reciprocity_half_life);
  }
  p.first = std::min(p.first, e.at);
  s.saw(e.at);
  if (is_meaningful(e.kind)) p.last_meaningful = std::max(p.last_meaningful, e.at);

  const KindEffect& effect = s.policy.kinds[static_cast<std::size_t>(e.kind)];
  detail::Side& actor = from < to ? p.lo : p.hi;   // the actor's view of the target
  detail::Side& target = from < to ? p.hi : p.lo;  // the target's view of the actor
  actor.knowledge += effect.actor_learns * e.weight * late_c;
  target.knowledge += effect.target_learns * e.weight * late_c;
  const double value = effect.value * e.weight * late_r;
  if (value > 0) target.received += value;
  if (value < 0) target.harm -= value;
  if (e.kind == InteractionKind::asked) target.asks += e.weight * late_r;
  if (const double bid = effect.awaits_reply * e.weight * late_r; bid > 0) {
    // A message first answers what the other awaits from the actor, and the rest is a bid for the
    // other's attention.
    const double answered = std::min(bid, actor.awaited);
    actor.awaited -= answered;
    target.answers += answered;
    target.awaited += bid - answered;
  }
  // Reaching out: an event that taught the actor about the target (a message, a call, a like, a
  // purchase...), not an ask, a refusal or a harm.
  const bool actor_learned = effect.actor_learns * e.weight > 0;
  if (actor_learned) target.reached_out = std::max(target.reached_out, e.at);
  auto& count = (from < to ? p.hi_counts : p.lo_counts)[static_cast<std::size_t>(e.kind)];
  if (count < std::numeric_limits<std::uint32_t>::max()) ++count;

  const double h = detail::in_seconds(decay.context_half_life);
  if (actor_learned)
    s.top_ties[from].offer(to, detail::TopTies::key_of(actor.knowledge, p.updated, h), p.updated);
  if (effect.target_learns * e.weight > 0)
    s.top_ties[to].offer(from, detail::TopTies::key_of(target.knowledge, p.updated, h), p.updated);
}

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
    if (degree[m] != 0) detail::reserve_more(s.graph[m], degree[m]);
}

/// Indexes and connects the pairs that events of `checked` meet for the first time, numbered in order
/// of first meeting as `record` would number them, and reserves their state, which the first event of
/// each creates when applied; sets every event's `pair`. If memory runs out, removes them again.
void add_pairs(NetworkState& s, std::span<Checked> checked, std::size_t unmet_events) {
  const std::size_t pairs_before = s.pairs.size();
  std::vector<std::size_t> first_met;  // per new pair: the event that met it
  first_met.reserve(unmet_events);
  std::size_t connected = 0;
  try {
    constexpr std::size_t ahead = 16;
    for (std::size_t i = 0; i < checked.size(); ++i) {
      if (i + ahead < checked.size() && checked[i + ahead].pair == unmet)
        s.pair_index.prefetch(
            NetworkState::pair_key(checked[i + ahead].ends.from, checked[i + ahead].ends.to));
      Checked& c = checked[i];
      if (c.pair != unmet) continue;
      const auto index = static_cast<std::uint32_t>(pairs_before + first_met.size());
      const auto [pair, met] =
          s.pair_index.try_emplace(NetworkState::pair_key(c.ends.from, c.ends.to), index);
      if (met) first_met.push_back(i);  // cannot throw: capacity reserved
      c.pair = pair;
    }
    detail::reserve_more(s.pairs, first_met.size());
    reserve_adjacency(s, first_met, checked);
    for (; connected < first_met.size(); ++connected)
      s.connect(checked[first_met[connected]].ends.from, checked[first_met[connected]].ends.to);
  } catch (...) {
    for (std::size_t k = first_met.size(); k-- > 0;) {
      const Ends ends = checked[first_met[k]].ends;
      if (k < connected) s.disconnect_latest(ends.from, ends.to);
      s.pair_index.erase(NetworkState::pair_key(ends.from, ends.to));
    }
    throw;
  }
}

}  // namespace

void detail::record_between(NetworkState& s, MemberId from, MemberId to, const Interaction& e) {
  const Ends ends{from, to};
  const std::uint32_t found = s.pair_index.find(NetworkState::pair_key(from, to));
  if (found != detail::PairIndex::npos && e.at + s.policy.decay.max_lateness < s.pairs[found].updated)
    throw_stale(e);
  const std::uint32_t pair = found != detail::PairIndex::npos ? found : add_pair(s, ends, e.at);
  apply(s, ends, s.pairs[pair], e);  // cannot throw
}

bool Network::record(const Interaction& e) {
  NetworkState& s = *state_;
  const Ends ends = check_interaction(s, e);
  const std::uint64_t fingerprint = detail::fingerprint(ends.from, ends.to, e);
  if (!s.fingerprints.insert(fingerprint)) return false;
  try {
    detail::record_between(s, ends.from, ends.to, e);
  } catch (...) {
    s.fingerprints.erase(fingerprint);
    throw;
  }
  return true;
}

namespace {

/// Step 1 of `Network::record(span)`: checks every event as `record` would after the ones before it and
/// appends to `checked` those to record, whose fingerprints it adds (room reserved); the rest were
/// recorded already. Throws for the first bad event, leaving its fingerprints to be removed by the caller.
/// Returns the number of events to record whose pair the network did not hold.
std::size_t check_batch(NetworkState& s, std::span<const Interaction> interactions,
                        std::vector<Checked>& checked) {
  const Duration lateness = s.policy.decay.max_lateness;
  // First its members, weight and time, then whether it was recorded already, then its place in the
  // batch: an event is stale if it is too old for its pair's latest event, which may be earlier in the
  // batch. That only needs tracking once an event is too old for the batch's latest event so far, so
  // the batch's times per pair are tracked from the first such event on: never for a log in time order.
  // Events go in blocks, each step in a loop of its own: hashing the handles, looking them up, checking,
  // skipping those recorded, finding the pairs. Short loops let the processor overlap the lookups' cache
  // misses.
  constexpr std::size_t block = 64;
  std::array<detail::HashedHandle, 2 * block> handles;
  std::array<MemberId, 2 * block> ids{};
  std::array<Ends, block> ends;
  std::array<std::uint64_t, block> fingerprints;
  std::optional<Timestamp> latest;
  std::optional<boost::unordered_flat_map<std::uint64_t, Timestamp>> latest_of_pair;
  std::size_t unmet_events = 0;
  std::size_t first_bad = interactions.size();
  std::exception_ptr bad;
  const auto fail_at = [&](std::size_t i) {
    first_bad = i;
    bad = std::current_exception();
  };
  for (std::size_t begin = 0; begin < first_bad; begin += block) {
    const std::size_t end = std::min(interactions.size(), begin + block);
    for (std::size_t i = begin; i < end; ++i) {
      const Interaction& e = interactions[i];
      handles[2 * (i - begin)] = {e.from, detail::MemberIndex::hash(e.from)};
      handles[2 * (i - begin) + 1] = {e.to, detail::MemberIndex::hash(e.to)};
    }
    const std::size_t n = 2 * (end - begin);
    s.member_ids.find_all(std::span(handles).first(n), std::span(ids).first(n));
    for (std::size_t i = begin; i < end; ++i) {
      const Interaction& e = interactions[i];
      try {
        const Ends at = check_interaction(e, ids[2 * (i - begin)], ids[2 * (i - begin) + 1]);
        ends[i - begin] = at;
        fingerprints[i - begin] = detail::fingerprint(at.from, at.to, e);
        s.fingerprints.prefetch(fingerprints[i - begin]);               // inserted below
        s.pair_index.prefetch(NetworkState::pair_key(at.from, at.to));  // found below
      } catch (...) {
        fail_at(i);
        break;
      }
    }
    const std::size_t block_checked = checked.size();
    for (std::size_t i = begin; i < std::min(end, first_bad); ++i) {
      if (!s.fingerprints.insert(fingerprints[i - begin])) continue;  // cannot throw: room reserved
      const Interaction& e = interactions[i];
      const Ends at = ends[i - begin];
      checked.push_back({at, unmet, static_cast<std::uint32_t>(i)});  // cannot throw: capacity reserved
      try {
        if (!latest_of_pair && latest && e.at + lateness < *latest) {
          latest_of_pair.emplace();
          for (std::size_t k = 0; k + 1 < checked.size(); ++k) {
            const Checked& c = checked[k];
            const auto [seen, first] = latest_of_pair->try_emplace(
                NetworkState::pair_key(c.ends.from, c.ends.to), interactions[c.event].at);
            if (!first) seen->second = std::max(seen->second, interactions[c.event].at);
          }
        }
        if (latest_of_pair) {
          const auto [seen, first] =
              latest_of_pair->try_emplace(NetworkState::pair_key(at.from, at.to), e.at);
          if (!first) {
            if (e.at + lateness < seen->second) throw_stale(e);
            seen->second = std::max(seen->second, e.at);
          }
        }
        latest = latest ? std::max(*latest, e.at) : e.at;
      } catch (...) {
        fail_at(i);
        break;
      }
    }
    for (std::size_t k = block_checked; k < checked.size() && checked[k].event < first_bad; ++k) {
      checked[k].pair = s.pair_index.find(NetworkState::pair_key(checked[k].ends.from, checked[k].ends.to));
      unmet_events += checked[k].pair == unmet;
    }
  }
  // Then against the recorded state of its pair, fetched a few events ahead: in a large network each
  // would otherwise wait on memory. No pair was updated after the network's latest activity, so only
  // an event older than that by more than `lateness` needs its pair read: in a log in time order, none.
  const auto may_be_stale = [&](const Checked& c) {
    return c.pair != unmet && s.last_activity && interactions[c.event].at + lateness < *s.last_activity;
  };
  std::size_t valid = checked.size();  // those before the first bad event
  while (valid > 0 && checked[valid - 1].event >= first_bad) --valid;
  constexpr std::size_t ahead = 8;
  try {
    for (std::size_t k = 0; k < valid; ++k) {
      if (k + ahead < valid && may_be_stale(checked[k + ahead]))
        detail::prefetch(&s.pairs[checked[k + ahead].pair].updated);
      const Interaction& e = interactions[checked[k].event];
      if (may_be_stale(checked[k]) && e.at + lateness < s.pairs[checked[k].pair].updated) {
        first_bad = checked[k].event;
        throw_stale(e);
      }
    }
    if (bad) std::rethrow_exception(bad);
  } catch (const Error& error) {
    // "interaction.at" -> "interactions[7].at"
    throw Error(static_cast<Errc>(error.code().value()),
                "interactions[" + std::to_string(first_bad) + "]" +
                    error.field().substr(std::string_view("interaction").size()),
                error.value());
  }
  return unmet_events;
}

/// Step 3 of `Network::record(span)`: applies the checked events in order, fetching the state of the
/// next ones ahead; nothing throws.
void apply_batch(NetworkState& s, std::span<const Interaction> interactions,
                 std::span<const Checked> checked) {
  constexpr std::size_t ahead = 8;
  for (std::size_t k = 0; k < checked.size(); ++k) {
    if (k + ahead < checked.size()) {
      const Checked& next = checked[k + ahead];
      // A pair not created yet is prefetched where it will be: its storage is reserved.
      detail::prefetch(s.pairs.data() + next.pair);
      detail::prefetch(&s.top_ties[next.ends.from]);
      detail::prefetch(&s.top_ties[next.ends.to]);
    }
    const Checked& c = checked[k];
    const Interaction& e = interactions[c.event];
    // A new pair's state is created by its first event, in order of first meeting, within the
    // capacity reserved above: writing it here, where the event is applied, writes it once.
    if (c.pair == s.pairs.size()) s.pairs.push_back(detail::PairState::met_at(e.at));
    apply(s, c.ends, s.pairs[c.pair], e);
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
    const std::size_t unmet_events = check_batch(s, interactions, checked);
    add_pairs(s, checked, unmet_events);
  } catch (...) {
    for (const Checked& c : checked)
      s.fingerprints.erase(detail::fingerprint(c.ends.from, c.ends.to, interactions[c.event]));
    throw;
  }
  // 3. Apply them.
  apply_batch(s, interactions, checked);
  return interactions.size() - checked.size();
}

namespace {

/// Adds a request that arrived at `at` to `h`. One older than the latest adds what is left of it at
/// `last`, as a late interaction does.
void add_ask(detail::AskHistory& h, Timestamp at, std::chrono::days half_life) noexcept {
  if (h.count == 0) {
    h.first = h.last = at;
    h.decayed = 1;
  } else if (at >= h.last) {
    h.decayed = h.decayed * detail::decay_factor(at - h.last, half_life) + 1;
    h.last = at;
  } else {
    h.decayed += detail::decay_factor(h.last - at, half_life);
    h.first = std::min(h.first, at);
  }
  if (h.count < std::numeric_limits<std::uint32_t>::max()) ++h.count;
}

}  // namespace

bool Network::record(const Request& request) {
  NetworkState& s = *state_;
  const detail::ResolvedRequest ids = detail::resolve(s, request);
  check_time(request.received, "request.received");
  const std::uint64_t fingerprint = detail::fingerprint(ids.owner, request);
  if (s.fingerprints.contains(fingerprint)) return false;
  auto& times = s.inflow[ids.owner];
  if (!times.empty() && request.received + s.policy.decay.max_lateness < times.back())
    throw Error(Errc::stale_event, "request.received", detail::time_text(request.received));
  detail::reserve_more(times, 1);
  detail::AsksByRequester& asks = s.asks[ids.owner];
  const auto [history, new_requester] = asks.try_emplace(request.requester);
  bool added = false;
  try {
    added = s.fingerprints.insert(fingerprint);
    if (ids.requester)  // resolved and checked already: recorded without looking the handles up again
      detail::record_between(s, *ids.requester, ids.owner,
                             Interaction{.from = request.requester,
                                         .to = request.owner,
                                         .kind = InteractionKind::asked,
                                         .at = request.received});
  } catch (...) {
    if (added) s.fingerprints.erase(fingerprint);
    if (new_requester) asks.erase(history);
    throw;
  }
  // Cannot throw from here on: capacity reserved.
  times.insert(std::upper_bound(times.begin(), times.end(), request.received), request.received);
  add_ask(history->second, request.received, s.policy.decay.reciprocity_half_life);
  s.saw(request.received);
  return true;
}

bool Network::record(const Post& post) {
  NetworkState& s = *state_;
  require_member(s, post.owner, "post.owner");
  detail::check_not_empty(post.channel, "post.channel");
  check_time(post.at, "post.at");
  const auto channel = s.find_channel(post.owner, post.channel);
  if (!channel) throw Error(Errc::unknown_channel, "post.channel", post.channel);
  if (post.promotion && !post.promoted.empty()) require_member(s, post.promoted, "post.promoted");
  const std::uint64_t fingerprint = detail::fingerprint(*channel, post);
  if (s.fingerprints.contains(fingerprint)) return false;
  detail::ChannelState& cs = s.channels[*channel];
  // No lateness check: posts feed no decayed state and are kept in time order, so an old one is
  // harmless, and the latest may be a commitment far ahead.
  const auto i = static_cast<std::size_t>(std::ranges::upper_bound(cs.times, post.at) - cs.times.begin());
  detail::reserve_more(cs.times, 1);
  detail::reserve_more(cs.promos_before, 1);
  s.fingerprints.insert(fingerprint);
  try {
    cs.posts.insert(cs.posts.begin() + static_cast<std::ptrdiff_t>(i), post);
  } catch (...) {
    s.fingerprints.erase(fingerprint);
    throw;
  }
  // Cannot throw from here on: capacity reserved.
  cs.times.insert(cs.times.begin() + static_cast<std::ptrdiff_t>(i), post.at);
  cs.promos_before.insert(cs.promos_before.begin() + static_cast<std::ptrdiff_t>(i) + 1, cs.promos_before[i]);
  if (post.promotion)
    for (std::size_t k = i + 1; k < cs.promos_before.size(); ++k) ++cs.promos_before[k];
  return true;
}

std::optional<MemberId> Network::find_member(std::string_view handle) const noexcept {
  const MemberId id = state_->member_ids.find(handle);
  return id == detail::MemberIndex::npos ? std::nullopt : std::optional<MemberId>(id);
}

std::optional<ChannelId> Network::find_channel(std::string_view owner, std::string_view name) const noexcept {
  return state_->find_channel(owner, name);
}

namespace {

/// `id`, if a member of `s` has it; otherwise throws `Error` (`unknown_member`) naming `field`.
MemberId require_member_id(const NetworkState& s, MemberId id, std::string_view field) {
  if (id >= s.members.size()) throw Error(Errc::unknown_member, std::string(field), std::to_string(id));
  return id;
}

/// `id`, if a channel of `s` has it; otherwise throws `Error` (`unknown_channel`) naming `field`.
ChannelId require_channel_id(const NetworkState& s, ChannelId id, std::string_view field) {
  if (id >= s.channels.size()) throw Error(Errc::unknown_channel, std::string(field), std::to_string(id));
  return id;
}

}  // namespace

const Member& Network::member(MemberId id) const {
  return state_->members[require_member_id(*state_, id, "member")];
}
const Channel& Network::channel(ChannelId id) const {
  return state_->channels[require_channel_id(*state_, id, "channel")].channel;
}
std::size_t Network::member_count() const noexcept {
  return state_->members.size();
}
std::size_t Network::channel_count() const noexcept {
  return state_->channels.size();
}
std::span<const ChannelId> Network::channels_of(MemberId owner) const {
  return state_->channels_by_owner[require_member_id(*state_, owner, "owner")];
}
std::span<const Post> Network::posts(ChannelId channel) const {
  return state_->channels[require_channel_id(*state_, channel, "channel")].posts;
}

std::optional<Timestamp> Network::last_activity() const noexcept {
  return state_->last_activity;
}

std::span<const Timestamp> Network::requests_received(MemberId owner) const {
  return state_->inflow[require_member_id(*state_, owner, "owner")];
}

std::optional<RequestHistory> Network::requests_from(MemberId owner, std::string_view requester) const {
  const detail::AskHistory* h = state_->asks_from(require_member_id(*state_, owner, "owner"), requester);
  if (!h) return std::nullopt;
  return RequestHistory{.count = h->count, .first = h->first, .last = h->last, .decayed = h->decayed};
}

std::vector<MemberId> Network::contacts(MemberId id) const {
  const NetworkState& s = *state_;
  require_member_id(s, id, "member");
  std::vector<MemberId> out;
  for (auto [it, end] = boost::adjacent_vertices(id, s.graph); it != end; ++it)
    out.push_back(static_cast<MemberId>(*it));
  return out;
}

std::optional<Relationship> Network::relationship(MemberId owner, MemberId other, Timestamp now) const {
  const NetworkState& s = *state_;
  require_member_id(s, owner, "owner");
  require_member_id(s, other, "other");
  const detail::PairState* p = s.find_pair(owner, other);
  if (!p) return std::nullopt;
  return detail::view(s, *p, owner, other, now);
}

}  // namespace rapport
