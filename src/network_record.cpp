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
  return detail::check_interaction(e, s.member_ids.find(e.from), s.member_ids.find(e.to));
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

}  // namespace

void detail::check_time(Timestamp t, std::string_view field) {
  if (t < earliest_time || t > latest_time)
    throw Error(Errc::out_of_range, std::string(field), std::to_string(t.time_since_epoch().count()));
}

MemberId detail::require_member(const NetworkState& s, std::string_view handle, std::string_view field) {
  return require_found_member(s.member_ids.find(handle), handle, field);
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

void detail::apply(NetworkState& s, Ends ends, PairState& p, const Interaction& e) noexcept {
  detail::note_activity(s, ends.from, p, e);
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
    // other's attention, unless the message is itself a reply.
    const double answered = std::min(bid, actor.awaited);
    actor.awaited -= answered;
    target.answers += answered;
    if (!e.reply) target.awaited += bid - answered;
  }
  // Reaching out: an event that taught the actor about the target (a message, a call, a like, a
  // purchase...), not an ask, a refusal or a harm.
  const bool actor_learned = effect.actor_learns * e.weight > 0;
  if (actor_learned) target.reached_out = std::max(target.reached_out, e.at);
  auto& count = (from < to ? p.hi_counts : p.lo_counts)[static_cast<std::size_t>(e.kind)];
  if (count < std::numeric_limits<std::uint32_t>::max()) ++count;

  const double h = detail::in_seconds(decay.context_half_life);
  if (actor_learned)
    s.top_ties[from].offer(to, detail::TopTies::key_of(actor.knowledge, p.updated, h), p.updated, s.members);
  if (effect.target_learns * e.weight > 0)
    s.top_ties[to].offer(from, detail::TopTies::key_of(target.knowledge, p.updated, h), p.updated, s.members);
}

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
