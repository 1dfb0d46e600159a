#include <algorithm>
#include <cstdint>
#include <limits>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <string>

#include "detail/fingerprint.hpp"
#include "detail/learning.hpp"
#include "detail/network_state.hpp"
#include "detail/recording.hpp"
#include "detail/reserve.hpp"
#include "detail/validate.hpp"

// Recording one event at a time: an interaction, a request, a post. The batch path is in
// network_batch.cpp and shares the checks and the pair update declared in detail/recording.hpp.

namespace rapport {
namespace {

using detail::Ends;
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

/// `found`, the id looked up for `handle`, unless it is `MemberIndex::npos`; then throws naming `field`.
MemberId require_found_member(MemberId found, std::string_view handle, std::string_view field) {
  detail::check_not_empty(handle, field);
  if (found == detail::MemberIndex::npos)
    throw Error(Errc::unknown_member, std::string(field), std::string(handle));
  return found;
}

Ends check_interaction(const NetworkState& s, const Interaction& e) {
  return detail::check_interaction(e, s.find_member(e.from), s.find_member(e.to));
}

/// Creates the state of a pair first met at `at` and returns its index; on failure nothing is added.
std::uint32_t add_pair(NetworkState& s, Ends ends, Timestamp at) {
  const std::uint64_t key = NetworkState::pair_key(ends.from, ends.to);
  const std::uint32_t index = s.next_pair_index();
  s.pairs.push_back(detail::PairState::met_at(at, key));
  try {
    s.pair_index.try_emplace(key, index, s.pair_checks());
    try {
      s.connect(ends.from, ends.to);
    } catch (...) {
      s.pair_index.erase(key, s.pair_checks());
      throw;
    }
  } catch (...) {
    s.pairs.pop_back();
    throw;
  }
  return index;
}

}  // namespace

void detail::check_time(Timestamp t, std::string_view field) {
  if (t < earliest_time || t > latest_time)
    throw Error(Errc::out_of_range, std::string(field), std::to_string(t.time_since_epoch().count()));
}

MemberId detail::require_member(const NetworkState& s, std::string_view handle, std::string_view field) {
  return require_found_member(s.find_member(handle), handle, field);
}

Ends detail::check_interaction(const Interaction& e, MemberId from_found, MemberId to_found) {
  const MemberId from = require_found_member(from_found, e.from, "interaction.from");
  const MemberId to = require_found_member(to_found, e.to, "interaction.to");
  if (from == to) throw Error(Errc::self_interaction, "interaction.to", e.to);
  // A bound keeps every decayed sum finite; no real interaction weighs a thousand others.
  detail::check_number(e.weight, 0, 1000, "interaction.weight");
  detail::check_time(e.at, "interaction.at");
  return {from, to};
}

void detail::throw_stale(const Interaction& e) {
  throw Error(Errc::stale_event, "interaction.at", detail::time_text(e.at));
}

namespace {

/// Whether recording `e` writes to its pair's extras.
bool needs_extras(const Policy& policy, const Interaction& e) noexcept {
  return e.kind != InteractionKind::message || policy.kinds[static_cast<std::size_t>(e.kind)].value != 0;
}

}  // namespace

void detail::ExtrasRoom::add(const Policy& policy, const Interaction& e) noexcept {
  extras += needs_extras(policy, e) ? 1 : 0;
  spills += e.kind != InteractionKind::message ? 1 : 0;
}

void detail::ExtrasRoom::reserve_in(NetworkState& s) const {
  s.pair_extras.reserve_more(extras);
  s.spilled_counts.reserve_more(spills);
}

namespace {

/// Moves `p` forward to `at`, later than its latest event: ages its times and, if its reference time
/// moves, rescales what it and its extras hold.
void advance(NetworkState& s, detail::PairState& p, Timestamp at) noexcept {
  const Decay& decay = s.policy.decay;
  const Duration elapsed = at - p.updated;
  const auto older = [&](detail::Age& age) {
    if (age != detail::no_age)
      age = static_cast<detail::Age>(std::min<Duration::rep>(age + elapsed.count(), detail::max_age));
  };
  older(p.lo.reached_out);
  older(p.hi.reached_out);
  older(p.first);
  older(p.last_meaningful);
  const Timestamp from = detail::reference_time(p.updated, decay), to = detail::reference_time(at, decay);
  p.updated = at;
  if (from == to) return;
  const auto fc = static_cast<float>(detail::decay_factor(to - from, decay.context_half_life));
  const auto fr = static_cast<float>(detail::decay_factor(to - from, decay.reciprocity_half_life));
  for (detail::Side* side : {&p.lo, &p.hi}) {
    side->knowledge *= fc;
    side->awaited *= fr;
    side->answers *= fr;
  }
  if (!p.has_extras()) return;
  for (detail::ExtraSide* side : {&s.pair_extras[p.extras].lo, &s.pair_extras[p.extras].hi}) {
    side->received *= fr;
    side->harm *= fr;
    side->asks *= fr;
  }
}

/// Adds `x` to `sum`, both scaled, in single precision.
void add(float& sum, double x) noexcept {
  sum = static_cast<float>(sum + x);
}

/// Adds what `e` (from `from` to `to`, with `effect`) does beyond a message to `x`; `scale` is its
/// reciprocity scale (`PairState`).
void apply_extras(detail::PairExtras& x, Ends ends, const Interaction& e, const KindEffect& effect,
                  double scale, detail::SpilledCountsTable& spilled) noexcept {
  detail::ExtraSide& target = ends.from < ends.to ? x.hi : x.lo;  // the target's view of the actor
  const double value = effect.value * e.weight * scale;
  if (value > 0) add(target.received, value);
  if (value < 0) add(target.harm, -value);
  if (e.kind == InteractionKind::asked) add(target.asks, e.weight * scale);
  if (e.kind != InteractionKind::message) x.counts.add_one(e.kind, ends.from < ends.to, spilled);
}

}  // namespace

void detail::apply(NetworkState& s, Ends ends, PairState& p, const Interaction& e) noexcept {
  detail::note_activity(s, ends, p, e);
  const auto [from, to] = ends;
  const Decay& decay = s.policy.decay;
  if (e.at > p.updated) advance(s, p, e.at);
  // What the event adds, scaled to the pair's reference time; a late event scales by less.
  const Timestamp reference = detail::reference_time(p.updated, decay);
  const Duration since_reference = e.at - reference;
  const double scale_c = 1 / detail::decay_factor(since_reference, decay.context_half_life);
  const double scale_r = 1 / detail::decay_factor(since_reference, decay.reciprocity_half_life);
  const Age age = p.age_of(e.at);
  p.first = std::max(p.first, age);
  s.saw(e.at);
  if (is_meaningful(e.kind)) p.last_meaningful = std::min(p.last_meaningful, age);

  const KindEffect& effect = s.policy.kinds[static_cast<std::size_t>(e.kind)];
  detail::Side& actor = from < to ? p.lo : p.hi;   // the actor's view of the target
  detail::Side& target = from < to ? p.hi : p.lo;  // the target's view of the actor
  if (const double learns = effect.actor_learns * e.weight; learns > 0)
    add(actor.knowledge, learns * scale_c);
  if (const double learns = effect.target_learns * e.weight; learns > 0)
    add(target.knowledge, learns * scale_c);
  if (needs_extras(s.policy, e)) {
    if (!p.has_extras()) {  // cannot throw: the caller reserved room
      p.extras = static_cast<std::uint32_t>(s.pair_extras.size());
      s.pair_extras.push_back(PairExtras{});
    }
    apply_extras(s.pair_extras[p.extras], ends, e, effect, scale_r, s.spilled_counts);
  }
  if (const double bid = effect.awaits_reply * e.weight * scale_r; bid > 0) {
    // A message first answers what the other awaits from the actor, and the rest is a bid for the
    // other's attention, unless the message is itself a reply.
    const double answered = std::min<double>(bid, actor.awaited);
    actor.awaited = static_cast<float>(actor.awaited - answered);
    add(target.answers, answered);
    if (!e.reply) add(target.awaited, bid - answered);
  }
  // Reaching out: an event that taught the actor about the target (a message, a call, a like, a
  // purchase...), not an ask, a refusal or a harm.
  const bool actor_learned = effect.actor_learns * e.weight > 0;
  if (actor_learned) target.reached_out = std::min(target.reached_out, age);
  if (e.kind == InteractionKind::message) {
    std::uint32_t& count = from < to ? p.hi_messages : p.lo_messages;
    if (count < std::numeric_limits<std::uint32_t>::max()) ++count;
  }

  if (actor_learned) s.top_ties[from].offer(to, tie_key(actor, reference, decay), p.updated, s.members);
  if (effect.target_learns * e.weight > 0)
    s.top_ties[to].offer(from, tie_key(target, reference, decay), p.updated, s.members);
}

bool detail::record_if_timely(NetworkState& s, MemberId from, MemberId to, const Interaction& e) {
  const Ends ends{from, to};
  const std::uint32_t found = s.find_pair_index(from, to);
  if (found != detail::PairIndex::npos && e.at + s.policy.decay.max_lateness < s.pairs[found].updated)
    return false;
  detail::ExtrasRoom room;
  room.add(s.policy, e);
  room.reserve_in(s);
  const std::uint32_t pair = found != detail::PairIndex::npos ? found : add_pair(s, ends, e.at);
  apply(s, ends, s.pairs[pair], e);  // cannot throw
  return true;
}

void detail::record_between(NetworkState& s, MemberId from, MemberId to, const Interaction& e) {
  if (!record_if_timely(s, from, to, e)) throw_stale(e);
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

bool Network::record(const Post& post) {
  NetworkState& s = *state_;
  detail::require_member(s, post.owner, "post.owner");
  detail::check_not_empty(post.channel, "post.channel");
  detail::check_time(post.at, "post.at");
  const auto channel = s.find_channel(post.owner, post.channel);
  if (!channel) throw Error(Errc::unknown_channel, "post.channel", post.channel);
  if (post.promotion && !post.promoted.empty()) detail::require_member(s, post.promoted, "post.promoted");
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

}  // namespace rapport
