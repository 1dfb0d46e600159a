#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detail/network_state.hpp"
#include "detail/recording.hpp"
#include "detail/reserve.hpp"
#include "detail/topic_match.hpp"
#include "detail/validate.hpp"

// The network's members and channels, and the queries on them. Recording events is in
// network_record.cpp (one at a time) and network_batch.cpp (a batch).

namespace rapport {
namespace detail {

void TopTies::offer(MemberId id, double key, Timestamp at, const MemberTable& members) noexcept {
  // Whether `id` with `k` ranks above entry `j`: a stronger key, or an equal one and a smaller handle.
  const auto above = [&](MemberId m, double k, std::size_t j) {
    return k > keys[j] || (k == keys[j] && members.handle(m) < members.handle(ids[j]));
  };
  std::size_t i = find(id);
  if (i == not_listed) {  // take a free place or the weakest one's
    i = size();
    if (i == capacity) {
      if (!above(id, key, capacity - 1)) return;
      i = capacity - 1;
    }
  }
  ids[i] = id;
  keys[i] = key;
  set_since(i, at);
  // Keys only grow, so the entry can only move towards the front.
  for (; i > 0 && above(ids[i], keys[i], i - 1); --i) {
    std::swap(ids[i], ids[i - 1]);
    std::swap(keys[i], keys[i - 1]);
    std::swap(ages[i], ages[i - 1]);
  }
}

std::optional<ChannelId> NetworkState::find_channel(std::string_view owner,
                                                    std::string_view name) const noexcept {
  const MemberId id = find_member(owner);
  if (id == MemberIndex::npos) return std::nullopt;
  for (const ChannelId c : channels_by_owner[id])
    if (channels[c].channel.name == name) return c;
  return std::nullopt;
}

Relationship view(const NetworkState& state, const PairState& pair, MemberId owner, MemberId other,
                  Timestamp now) noexcept {
  const Side& mine = side_of(pair, owner, other);
  const Side& theirs = side_of(pair, other, owner);
  const Decay& decay = state.policy.decay;
  const Duration elapsed = std::max(now, pair.updated) - reference_time(pair.updated, decay);
  const double fc = decay_factor(elapsed, decay.context_half_life);
  const double fr = decay_factor(elapsed, decay.reciprocity_half_life);
  const bool lo = owner < other;
  Relationship r;
  r.knowledge = mine.knowledge * fc;
  r.tie_strength = strength(r.knowledge, state.policy.context_scale);
  r.awaited_from_owner = mine.awaited * fr;
  r.awaited_from_other = theirs.awaited * fr;
  r.answers_from_other = mine.answers * fr;
  r.answers_from_owner = theirs.answers * fr;
  if (pair.has_extras()) {
    const PairExtras& x = state.pair_extras[pair.extras];
    const ExtraSide& my_extras = lo ? x.lo : x.hi;
    r.received = my_extras.received * fr;
    r.given = (lo ? x.hi : x.lo).received * fr;
    r.asks = my_extras.asks * fr;
    r.harm = my_extras.harm * fr;
    r.from_other = x.counts.counts(!lo, state.spilled_counts);
    r.from_owner = x.counts.counts(lo, state.spilled_counts);
  }
  constexpr auto message = static_cast<std::size_t>(InteractionKind::message);
  r.from_other[message] = lo ? pair.lo_messages : pair.hi_messages;
  r.from_owner[message] = lo ? pair.hi_messages : pair.lo_messages;
  r.owner_reached_out = pair.time_of(theirs.reached_out);
  r.other_reached_out = pair.time_of(mine.reached_out);
  r.first_contact = pair.updated - Duration{pair.first};
  r.last_contact = pair.updated;
  r.last_meaningful = pair.time_of(pair.last_meaningful);
  return r;
}

PairRecord unpack(const NetworkState& state, const PairState& pair) noexcept {
  const Decay& decay = state.policy.decay;
  const Duration elapsed = pair.updated - reference_time(pair.updated, decay);
  const double fc = decay_factor(elapsed, decay.context_half_life);
  const double fr = decay_factor(elapsed, decay.reciprocity_half_life);
  PairRecord out;
  out.updated = pair.updated;
  out.first = pair.updated - Duration{pair.first};
  out.last_meaningful = pair.time_of(pair.last_meaningful).value_or(never);
  // The extras first: their counts leave messages, which `PairState` counts, to the sides.
  if (pair.has_extras()) {
    const PairExtras& x = state.pair_extras[pair.extras];
    const auto extra = [&](const ExtraSide& e, bool hi, PairRecord::View& v) {
      v.received = e.received * fr;
      v.harm = e.harm * fr;
      v.asks = e.asks * fr;
      v.from_other = x.counts.counts(hi, state.spilled_counts);
    };
    extra(x.lo, false, out.lo);
    extra(x.hi, true, out.hi);
  }
  const auto side = [&](const Side& s, std::uint32_t messages, PairRecord::View& v) {
    v.knowledge = s.knowledge * fc;
    v.awaited = s.awaited * fr;
    v.answers = s.answers * fr;
    v.reached_out = pair.time_of(s.reached_out).value_or(never);
    v.from_other[static_cast<std::size_t>(InteractionKind::message)] = messages;
  };
  side(pair.lo, pair.lo_messages, out.lo);
  side(pair.hi, pair.hi_messages, out.hi);
  return out;
}

PairState pack(NetworkState& state, const PairRecord& record, std::uint64_t key) {
  PairState p = PairState::met_at(record.updated, key);
  // Scaled to the reference time, in which `unpack` finds the same single-precision values again.
  const Decay& decay = state.policy.decay;
  const Duration elapsed = record.updated - reference_time(record.updated, decay);
  const double sc = 1 / decay_factor(elapsed, decay.context_half_life);
  const double sr = 1 / decay_factor(elapsed, decay.reciprocity_half_life);
  p.first = p.age_of(record.first);
  if (record.last_meaningful != never) p.last_meaningful = p.age_of(record.last_meaningful);
  constexpr auto message = static_cast<std::size_t>(InteractionKind::message);
  bool extra = false;
  const auto side = [&](const PairRecord::View& v, Side& s, std::uint32_t& messages) {
    s.knowledge = static_cast<float>(v.knowledge * sc);
    s.awaited = static_cast<float>(v.awaited * sr);
    s.answers = static_cast<float>(v.answers * sr);
    if (v.reached_out != never) s.reached_out = p.age_of(v.reached_out);
    messages = v.from_other[message];
    extra = extra || v.received > 0 || v.harm > 0 || v.asks > 0;
    for (std::size_t k = 0; k < v.from_other.size(); ++k)
      extra = extra || (k != message && v.from_other[k] > 0);
  };
  side(record.lo, p.lo, p.lo_messages);
  side(record.hi, p.hi, p.hi_messages);
  if (!extra) return p;
  PairExtras x;
  const auto extra_side = [&](const PairRecord::View& v, ExtraSide& e) {
    e = {static_cast<float>(v.received * sr), static_cast<float>(v.harm * sr),
         static_cast<float>(v.asks * sr)};
  };
  extra_side(record.lo, x.lo);
  extra_side(record.hi, x.hi);
  state.pair_extras.reserve_more(1);  // so that the counts, once in `spilled_counts`, are not left unused
  x.counts.assign(record.lo.from_other, record.hi.from_other, state.spilled_counts);
  p.extras = static_cast<std::uint32_t>(state.pair_extras.size());
  state.pair_extras.push_back(x);
  return p;
}

void check_request(const Request& req) {
  check_not_empty(req.owner, "request.owner");
  check_not_empty(req.requester, "request.requester");
  if (req.channels.size() > ResolvedRequest::max_channels)
    throw Error(Errc::out_of_range, "request.channels", std::to_string(req.channels.size()) + " channels",
                "at most " + std::to_string(ResolvedRequest::max_channels) + " channels");
  if (req.content_quality) check_number(*req.content_quality, 0, 1, "request.content_quality");
  for (std::size_t i = 0; i < req.topics.size(); ++i) {
    if (!valid_topic_path(req.topics[i]))
      throw Error(Errc::invalid_topic, "request.topics[" + std::to_string(i) + "]", req.topics[i]);
  }
  if (req.wanted_by && *req.wanted_by < req.received)
    throw Error(Errc::invalid_time_range, "request.wanted_by", time_text(*req.wanted_by),
                "before \"received\"");
}

ResolvedRequest resolve(const NetworkState& s, const Request& req) {
  ResolvedRequest out;
  check_request(req);
  // Both looked up together, so their waits on memory overlap.
  const std::array<HashedHandle, 2> handles{
      {{req.owner, MemberIndex::hash(req.owner)}, {req.requester, MemberIndex::hash(req.requester)}}};
  std::array<MemberId, 2> ids{};
  s.member_ids.find_all(handles, ids, s.members);
  if (ids[0] == MemberIndex::npos) throw Error(Errc::unknown_member, "request.owner", req.owner);
  if (ids[1] == ids[0]) throw Error(Errc::self_interaction, "request.requester", req.requester);
  out.owner = ids[0];
  if (ids[1] != MemberIndex::npos) out.requester = ids[1];
  // By the owner's id: looking the owner up by handle again for every channel would cost a string hash.
  const std::span<const ChannelId> owned = s.channels_by_owner[out.owner];
  for (std::size_t i = 0; i < req.channels.size(); ++i) {
    const auto c = std::ranges::find_if(
        owned, [&](ChannelId id) { return s.channels[id].channel.name == req.channels[i]; });
    if (c == owned.end())
      throw Error(Errc::unknown_channel, "request.channels[" + std::to_string(i) + "]", req.channels[i]);
    out.channels[out.channel_count++] = *c;
  }
  return out;
}

}  // namespace detail

namespace {

using detail::NetworkState;

/// Throws `Error` naming `field` for an empty key or one longer than a lookup folds: such a key, with
/// capitals in its host, could not be found.
void check_key(std::string_view key, const std::string& field) {
  detail::check_not_empty(key, field);
  if (key.size() > detail::MemberIndex::max_folded)
    throw Error(Errc::out_of_range, field, std::to_string(key.size()) + " bytes",
                "a handle or alias is at most " + std::to_string(detail::MemberIndex::max_folded) + " bytes");
}

void check_member(const Member& m, std::string_view field) {
  const std::string f(field);
  check_key(m.handle, f + ".handle");
  for (std::size_t i = 0; i < m.aliases.size(); ++i)
    check_key(m.aliases[i], f + ".aliases[" + std::to_string(i) + "]");
  detail::check_topics(m.topics, f + ".topics");
  detail::check_number(m.energy, 0, 1, f + ".energy");
  if (m.cadence.count() <= 0)
    throw Error(Errc::out_of_range, f + ".cadence", std::to_string(m.cadence.count()));
  for (std::size_t i = 0; i < m.launches.size(); ++i)
    if (m.launches[i].end < m.launches[i].begin)
      throw Error(Errc::invalid_time_range, f + ".launches[" + std::to_string(i) + "]",
                  detail::time_text(m.launches[i].begin) + ".." + detail::time_text(m.launches[i].end));
}

/// Throws `Error` (`duplicate_alias`) unless every alias of `m` may name member `id` (a new one, or the
/// one `m` replaces): no other member's key, and not the member's handle or another of its aliases.
void check_aliases(const NetworkState& s, const Member& m, MemberId id) {
  std::vector<std::string> seen{detail::folded(m.handle)};
  for (std::size_t i = 0; i < m.aliases.size(); ++i) {
    const MemberId found = s.find_member(m.aliases[i]);
    std::string key = detail::folded(m.aliases[i]);
    if ((found != detail::MemberIndex::npos && found != id) || std::ranges::find(seen, key) != seen.end())
      throw Error(Errc::duplicate_alias, "member.aliases[" + std::to_string(i) + "]", m.aliases[i]);
    seen.push_back(std::move(key));
  }
}

void check_channel(const NetworkState& s, const Channel& c) {
  detail::require_member(s, c.owner, "channel.owner");
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

namespace {

/// Throws `policy_mismatch` at the first field of the decay or the per-kind effects in which `policy`
/// differs from `built`: both are folded into the relationship state as events are recorded.
void check_same_aggregation(const Policy& policy, const Policy& built) {
  using Field = std::chrono::days Decay::*;
  constexpr std::array<std::pair<std::string_view, Field>, 3> decay{{
      {"context_half_life", &Decay::context_half_life},
      {"reciprocity_half_life", &Decay::reciprocity_half_life},
      {"max_lateness", &Decay::max_lateness},
  }};
  for (const auto& [name, field] : decay)
    if (policy.decay.*field != built.decay.*field)
      throw Error(Errc::policy_mismatch, "policy.decay." + std::string(name),
                  std::to_string((policy.decay.*field).count()),
                  "differs from the network's " + std::to_string((built.decay.*field).count()) +
                      " days; a network keeps the decay it was built with");
  for (std::size_t k = 0; k < interaction_kind_count; ++k)
    if (!(policy.kinds[k] == built.kinds[k]))
      throw Error(Errc::policy_mismatch,
                  "policy.kinds." + std::string(to_string(static_cast<InteractionKind>(k))), "",
                  "differs from the network's; a network keeps the per-kind effects it was built with");
}

}  // namespace

void Network::set_policy(Policy policy) {
  policy.validate();
  check_same_aggregation(policy, state_->policy);
  state_->policy = std::move(policy);
}

MemberId Network::add_member(Member member) {
  check_member(member, "member");
  NetworkState& s = *state_;
  if (s.find_member(member.handle) != detail::MemberIndex::npos)
    throw Error(Errc::duplicate_member, "member.handle", member.handle);
  if (s.members.size() >= detail::MemberIndex::max_members)
    throw Error(Errc::out_of_range, "member", "too many members");
  const auto id = static_cast<MemberId>(s.members.size());
  check_aliases(s, member, id);
  // Grow every per-member table, then publish the handle; undo on failure so nothing is half-added.
  const std::size_t n = s.members.size();
  s.members.push_back(member);
  try {
    s.channels_by_owner.add_member();
    s.top_ties.emplace_back();
    s.graph.emplace_back();
    s.learning.activity.emplace_back();
    s.member_ids.add(member.handle, member.aliases, id);
  } catch (...) {
    s.members.pop_back();
    if (s.channels_by_owner.size() > n) s.channels_by_owner.remove_latest_member();
    s.top_ties.resize(std::min(s.top_ties.size(), n));
    s.graph.resize(std::min(s.graph.size(), n));
    s.learning.activity.resize(std::min(s.learning.activity.size(), n));
    throw;
  }
  return id;
}

void Network::update_member(Member member) {
  check_member(member, "member");
  NetworkState& s = *state_;
  const MemberId id = s.find_member(member.handle);
  if (id == detail::MemberIndex::npos) throw Error(Errc::unknown_member, "member.handle", member.handle);
  // Naming the member by an alias would make that alias its handle: a member's handle stays.
  if (detail::folded(member.handle) != detail::folded(s.members.handle(id)))
    throw Error(Errc::duplicate_alias, "member.handle", member.handle);
  check_aliases(s, member, id);
  // The index reads a folded handle where the table keeps it, so one written differently is keyed again,
  // as are changed aliases: room first, then the table, then the keys, which cannot fail.
  const bool rekey =
      member.handle != s.members.handle(id) || !std::ranges::equal(member.aliases, s.members.aliases(id));
  std::string old_handle;
  std::vector<std::string> old_aliases;
  if (rekey) {
    old_handle = s.members.handle(id);
    old_aliases.assign(s.members.aliases(id).begin(), s.members.aliases(id).end());
    s.member_ids.reserve_keys(member.handle, member.aliases);
  }
  s.members.replace(id, member);
  if (rekey) s.member_ids.rekey(id, old_handle, old_aliases, member.handle, member.aliases);
}

ChannelId Network::add_channel(Channel channel) {
  NetworkState& s = *state_;
  check_channel(s, channel);
  if (s.find_channel(channel.owner, channel.name))
    throw Error(Errc::duplicate_channel, "channel.name", channel.name);
  const MemberId owner = s.find_member(channel.owner);
  const auto id = static_cast<ChannelId>(s.channels.size());
  detail::TopicShape audience = detail::shape_of(channel.audience_topics);
  detail::reserve_more(s.channels, 1);
  s.channels_by_owner.add(owner, id);
  s.channels.push_back({.channel = std::move(channel), .audience = std::move(audience)});  // cannot throw
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

std::optional<MemberId> Network::find_member(std::string_view handle) const noexcept {
  const MemberId id = state_->find_member(handle);
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

Member Network::member(MemberId id) const {
  return state_->members.record(require_member_id(*state_, id, "member"));
}
std::string_view Network::handle(MemberId id) const {
  return state_->members.handle(require_member_id(*state_, id, "member"));
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
  const detail::Inbox* in = state_->inbox(require_member_id(*state_, owner, "owner"));
  return in ? std::span<const Timestamp>(in->inflow) : std::span<const Timestamp>();
}

std::optional<RequestHistory> Network::requests_from(MemberId owner, std::string_view requester) const {
  const NetworkState& s = *state_;
  const auto h =
      detail::asks_from(s, require_member_id(s, owner, "owner"), requester, find_member(requester));
  if (!h) return std::nullopt;
  return RequestHistory{.count = h->count, .first = h->first, .last = h->last, .decayed = h->decayed};
}

std::optional<detail::AskHistory> detail::asks_from(const NetworkState& s, MemberId owner,
                                                    std::string_view handle,
                                                    std::optional<MemberId> requester) noexcept {
  const std::string_view key = ask_key(s, handle, requester);
  const AskHistory* kept = s.asks_under(owner, key);
  const AskHistory* as_written = key == handle ? nullptr : s.asks_under(owner, handle);
  if (!kept || !as_written) {
    if (const AskHistory* one = kept ? kept : as_written) return *one;
    return std::nullopt;
  }
  // Both: one history as of the later of their latest requests.
  const std::chrono::days half_life = s.policy.decay.reciprocity_half_life;
  const Timestamp last = std::max(kept->last, as_written->last);
  const std::uint64_t count = std::uint64_t{kept->count} + as_written->count;
  return AskHistory{.count = static_cast<std::uint32_t>(
                        std::min<std::uint64_t>(count, std::numeric_limits<std::uint32_t>::max())),
                    .first = std::min(kept->first, as_written->first),
                    .last = last,
                    .decayed = kept->decayed * decay_factor(last - kept->last, half_life) +
                               as_written->decayed * decay_factor(last - as_written->last, half_life)};
}

std::vector<MemberId> Network::contacts(MemberId id) const {
  const NetworkState& s = *state_;
  require_member_id(s, id, "member");
  std::vector<MemberId> out;
  for (auto [it, end] = boost::adjacent_vertices(id, s.graph); it != end; ++it)
    out.push_back(static_cast<MemberId>(*it));
  return out;
}

std::vector<Tie> Network::strongest_ties(MemberId member) const {
  const NetworkState& s = *state_;
  const detail::TopTies& top = s.top_ties[require_member_id(s, member, "member")];
  std::vector<Tie> out;
  const std::size_t listed = top.size();
  out.reserve(listed);
  for (std::size_t i = 0; i < listed; ++i)
    out.push_back(
        {.member = std::string(s.members.handle(top.ids[i])), .key = top.keys[i], .since = top.since(i)});
  return out;
}

namespace {

/// Checks tie `i` of a list to install, and that it ranks below tie `i - 1`.
void check_tie(std::span<const Tie> ties, std::size_t i) {
  const Tie& t = ties[i];
  const std::string field = "ties[" + std::to_string(i) + "]";
  detail::check_not_empty(t.member, field + ".member");
  detail::check_number(t.key, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                       field + ".key");
  detail::check_time(t.since, field + ".since");
  // Vouching finds a tie by scanning the list, but recording keeps it in this order.
  if (i > 0 && !(t.key < ties[i - 1].key || (t.key == ties[i - 1].key && ties[i - 1].member < t.member)))
    throw Error(Errc::inconsistent_state, field + ".key", detail::number_text(t.key),
                "ties must be in order of decreasing key, equal keys by handle");
}

}  // namespace

void Network::set_strongest_ties(MemberId member, std::span<const Tie> ties) {
  NetworkState& s = *state_;
  require_member_id(s, member, "member");
  if (ties.size() > detail::TopTies::capacity)
    throw Error(Errc::out_of_range, "ties", std::to_string(ties.size()),
                "expected at most " + std::to_string(detail::TopTies::capacity) + " ties");
  detail::TopTies top;
  for (std::size_t i = 0; i < ties.size(); ++i) {
    check_tie(ties, i);
    const MemberId id = s.find_member(ties[i].member);
    if (id == detail::MemberIndex::npos) continue;
    if (id == member || top.find(id) != detail::TopTies::not_listed)
      throw Error(Errc::inconsistent_state, "ties[" + std::to_string(i) + "].member", ties[i].member,
                  id == member ? "a member is not its own tie" : "a tie is listed once");
    top.append(id, ties[i].key, ties[i].since);
  }
  s.top_ties[member] = top;
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
