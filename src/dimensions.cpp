#include "detail/dimensions.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <rapport/score.hpp>

#include "detail/network_state.hpp"
#include "detail/reasons.hpp"
#include "detail/room.hpp"
#include "detail/topic_match.hpp"

// The four dimensions of a score, each with the reasons that explain it. The decision that reads them
// is in score.cpp.

namespace rapport {
namespace {

using detail::make_reason;
using detail::NetworkState;
using detail::unix_seconds;
using std::chrono::days;

double whole_days_between(Timestamp from, Timestamp to) noexcept {
  return static_cast<double>(std::chrono::floor<days>(to - from).count());
}

// ---------------------------------------------------------------- relevance

/// A topic of a request, with its depth counted once for every list it is matched against.
struct Asked {
  std::string_view path;
  std::size_t depth = 0;
};

/// Best match of `topic` among `topics`, each scaled by its weight relative to the heaviest.
double best_match(const Asked& topic, const Topics& topics, const detail::TopicShape& shape) noexcept {
  double best = 0;
  for (std::size_t k = 0; k < topics.size(); ++k)
    best = std::max(best, detail::topic_similarity(topic.path, topic.depth, topics[k].path, shape.depths[k]) *
                              topics[k].weight / shape.heaviest);
  return best;
}

/// How well one topic fits the owner: its niche, and the asked channels' audiences (the niche again
/// for a private favour or a channel without audience topics).
struct Fit {
  double niche = 0;
  double audience = 0;
};

Fit fit_of(const NetworkState& s, MemberId owner, std::span<const ChannelId> channels,
           std::string_view path) noexcept {
  const Asked topic{path, detail::topic_depth(path)};
  Fit f;
  f.niche = best_match(topic, s.members.topics(owner), s.members.topic_shape(owner));
  f.audience = f.niche;
  if (!channels.empty()) {
    f.audience = 0;
    for (const ChannelId c : channels) {
      const detail::ChannelState& channel = s.channels[c];
      const Topics& audience_topics = channel.channel.audience_topics;
      f.audience += audience_topics.empty() ? f.niche : best_match(topic, audience_topics, channel.audience);
    }
    f.audience /= static_cast<double>(channels.size());
  }
  return f;
}

double blend(const Policy& p, const Fit& f) noexcept {
  return p.owner_topic_weight * f.niche + (1 - p.owner_topic_weight) * f.audience;
}

/// Relevance `stated` by the request's topics, checked against what a member requester is known for:
/// the part of the declared topics that matches none of its own topics counts only as much as its own
/// topics fit the owner. A gadget shop that labels its pitch `coaching/life` is still a gadget shop.
double checked_by_known_niche(const NetworkState& s, const Request& req, MemberId owner,
                              std::span<const ChannelId> channels, MemberId requester, double stated,
                              double& consistency) noexcept {
  const Policy& p = s.policy;
  const Topics& own = s.members.topics(requester);
  consistency = 1;
  if (own.empty() || p.known_niche_weight == 0) return stated;
  consistency = 0;
  for (const std::string& path : req.topics)
    consistency += best_match({path, detail::topic_depth(path)}, own, s.members.topic_shape(requester));
  consistency /= static_cast<double>(req.topics.size());
  // Declared topics it is fully known for need no check: the common case, and it saves the matching.
  if (consistency >= 1) return stated;
  double known = 0;
  for (const Topic& t : own) {
    known = std::max(known, blend(p, fit_of(s, owner, channels, t.path)));
    if (known >= stated) return stated;  // what it is known for fits at least as well: nothing to check
  }
  return stated - p.known_niche_weight * (1 - consistency) * std::max(0.0, stated - known);
}

}  // namespace

double detail::relevance(const NetworkState& s, const Request& req, const ResolvedRequest& ids,
                         Reasons& reasons) noexcept {
  if (req.topics.empty()) {
    reasons.push_back(make_reason(ReasonCode::no_topics, Dimension::relevance));
    return 0;
  }
  const std::span<const ChannelId> channels = ids.asked_channels();
  Fit declared;
  for (const std::string& path : req.topics) {
    const Fit f = fit_of(s, ids.owner, channels, path);
    declared.niche += f.niche;
    declared.audience += f.audience;
  }
  const double n = static_cast<double>(req.topics.size());
  declared.niche /= n;
  declared.audience /= n;
  const double stated = blend(s.policy, declared);
  double consistency = 1;
  const double r =
      ids.requester ? checked_by_known_niche(s, req, ids.owner, channels, *ids.requester, stated, consistency)
                    : stated;
  // Small differences are noise, not a mismatch worth a sentence; a mismatch says the declared fit too.
  if (r >= stated - 0.05) {
    // Below the gate the decision's `off_niche` reason says it all.
    if (r >= s.policy.gates.off_niche)
      reasons.push_back(
          make_reason(ReasonCode::topic_match, Dimension::relevance, r, declared.niche, declared.audience));
  } else {
    Reason mismatch = make_reason(ReasonCode::niche_mismatch, Dimension::relevance, stated, r, consistency);
    mismatch.member = ids.requester;
    reasons.push_back(mismatch);
  }
  return r;
}

// ---------------------------------------------------------------- prior context

namespace {

/// Whether both wrote to the other: a conversation, where one side's messages alone are bids.
bool messaged_both_ways(const Relationship& rel) noexcept {
  return rel.by_owner(InteractionKind::message) > 0 && rel.by_other(InteractionKind::message) > 0;
}

/// One reason per kind of history that tells the owner about the requester, so that every part of
/// context has a sentence. Returns whether it named any.
bool history_reasons(const Relationship& rel, Timestamp now, Reasons& reasons) noexcept {
  using K = InteractionKind;
  const auto mine = [&](K kind) { return rel.by_owner(kind); };
  const auto theirs = [&](K kind) { return rel.by_other(kind); };
  // Talking goes both ways: messages the owner never answered are their bids, and messages they never
  // answered are the owner's outreach.
  const bool conversation = messaged_both_ways(rel);
  const std::uint32_t talks = rel.count(K::call) + (conversation ? rel.count(K::message) : 0);
  const double since = whole_days_between(rel.last_contact, now);
  struct Row {
    ReasonCode code;
    std::uint32_t times;
    bool dated;  // also says how long ago they were last in touch
  };
  const Row rows[] = {
      {ReasonCode::met_in_person, rel.count(K::met_in_person), true},
      {ReasonCode::talked, talks, true},
      {ReasonCode::wrote_to_them, conversation ? 0 : mine(K::message), false},
      {ReasonCode::worked_together, rel.count(K::collaborated), false},
      {ReasonCode::bought_their_work, mine(K::purchased), false},
      {ReasonCode::vetted_their_work, mine(K::vetted) + mine(K::feedback), false},
      {ReasonCode::promoted_them, mine(K::promoted), false},
      {ReasonCode::promoted_you, theirs(K::promoted), false},
      {ReasonCode::bought_your_work, theirs(K::purchased), false},
      {ReasonCode::vetted_your_work, theirs(K::vetted) + theirs(K::feedback), false},
      {ReasonCode::introductions, rel.count(K::introduced), false},
      {ReasonCode::likes, rel.count(K::liked), false},
  };
  bool named = false;
  for (const Row& row : rows)
    if (row.times > 0) {
      reasons.push_back(make_reason(row.code, Dimension::prior_context, row.times, row.dated ? since : 0.0));
      named = true;
    }
  return named;
}

/// Whether they talked, on a call or in messages both ways, within the context half-life: the seed's
/// "talked" is context even when a short exchange adds little knowledge.
bool talked_lately(const Relationship& rel, const Policy& p, Timestamp now) noexcept {
  using K = InteractionKind;
  const bool talked = rel.count(K::call) > 0 || messaged_both_ways(rel);
  return talked && rel.last_contact >= now - p.decay.context_half_life;
}

/// Vouching: someone among the owner's strongest ties who counts the requester among their own
/// strongest lends part of their context. It reads `vouching_ties` lists of ties, no pair record.
/// Returns the best product of the two tie strengths; `voucher` is who gives it.
double vouching(const NetworkState& s, MemberId owner, MemberId requester, Timestamp now,
                std::optional<MemberId>& voucher) noexcept {
  const Policy& p = s.policy;
  // The requester may be among the strongest ties itself; it does not use up a voucher's place, or
  // more history with them could push the voucher out and lower context.
  const detail::TopTies& ties = s.top_ties[owner];
  const double context_half_life = detail::in_seconds(p.decay.context_half_life);
  double vouch = 0;
  std::size_t consulted = 0;
  const std::size_t listed = ties.size();
  for (std::size_t i = 0; i < listed && consulted < static_cast<std::size_t>(p.vouching_ties); ++i) {
    const MemberId m = ties.ids[i];
    if (m == requester) continue;
    ++consulted;
    const detail::TopTies& theirs = s.top_ties[m];
    const std::size_t j = theirs.find(requester);
    if (j == detail::TopTies::not_listed) continue;
    const double trust = ties.strength_at(i, now, context_half_life, p.context_scale);
    const double knows = theirs.strength_at(j, now, context_half_life, p.context_scale);
    if (trust * knows > vouch) {
      vouch = trust * knows;
      voucher = m;
    }
  }
  return vouch;
}

/// Context the owner's own recent outreach adds: whom the owner is in touch with now.
double outreach(const Policy& p, const std::optional<Relationship>& rel, Timestamp now,
                Reasons& reasons) noexcept {
  if (!rel || !rel->owner_reached_out) return 0;
  const Duration since = std::max(Duration{0}, now - *rel->owner_reached_out);
  const double added = p.outreach_weight * detail::decay_factor(since, p.outreach_half_life);
  // Once it has faded to a small share, the history reasons say enough.
  if (added >= 0.05)
    reasons.push_back(make_reason(ReasonCode::reached_out, Dimension::prior_context,
                                  whole_days_between(now - since, now), added));
  return added;
}

/// The owner's own history with the requester: its tie strength and whether a reason named it.
struct Direct {
  double strength = 0;
  bool named = false;
};

/// The direct part of prior context: names each kind of history with the requester and sets the facts
/// of it that the decision reads in `k`.
Direct direct_context(const Policy& p, const std::optional<Relationship>& rel, Timestamp now,
                      detail::Known& k, Reasons& reasons) noexcept {
  Direct d;
  if (!rel) return d;
  d.strength = rel->tie_strength;
  d.named = history_reasons(*rel, now, reasons);
  k.talked = talked_lately(*rel, p, now);
  using K = InteractionKind;
  k.vetted_before = rel->by_owner(K::purchased) + rel->by_owner(K::vetted) + rel->by_owner(K::feedback) > 0;
  k.kept = rel->by_other(K::kept_promise);
  k.broken = rel->by_other(K::broke_promise);
  return d;
}

/// The vouching part of prior context: the best vouch for the requester, named with its voucher when
/// the context it lends is worth a sentence.
double vouched_context(const NetworkState& s, MemberId owner, std::optional<MemberId> requester,
                       Timestamp now, Reasons& reasons) noexcept {
  std::optional<MemberId> voucher;
  const double vouch = requester ? vouching(s, owner, *requester, now, voucher) : 0.0;
  if (voucher && s.policy.vouching_weight * vouch >= 0.01) {
    Reason r = make_reason(ReasonCode::known_through_tie, Dimension::prior_context, vouch);
    r.member = *voucher;
    reasons.push_back(r);
  }
  return vouch;
}

}  // namespace

detail::Known detail::prior_context(const NetworkState& s, const Request& req, MemberId owner,
                                    std::optional<MemberId> requester, const std::optional<Relationship>& rel,
                                    Timestamp now, Reasons& reasons) noexcept {
  const Policy& p = s.policy;
  Known k;
  const Direct direct = direct_context(p, rel, now, k, reasons);
  const double vouch = vouched_context(s, owner, requester, now, reasons);
  const double lent = p.vouching_weight * vouch;
  // Being vouched for by one of the owner's strongest ties is context in full, as having met is; in
  // the dimension it is weighted, since it ranks below the owner's own knowledge.
  k.relationship = 1 - (1 - direct.strength) * (1 - vouch);
  if (!requester)
    reasons.push_back(make_reason(ReasonCode::unknown_requester, Dimension::prior_context));
  else if (!direct.named && lent < 0.01)
    reasons.push_back(make_reason(ReasonCode::stranger, Dimension::prior_context));
  const double reached = outreach(p, rel, now, reasons);

  const double preview = req.preview ? p.preview_bonus : 0.0;
  const double personal = req.personalised ? p.personal_bonus : 0.0;
  if (req.preview)
    reasons.push_back(make_reason(ReasonCode::preview_available, Dimension::prior_context, preview));
  if (req.personalised)
    reasons.push_back(make_reason(ReasonCode::personalised, Dimension::prior_context, personal));
  else
    reasons.push_back(make_reason(ReasonCode::template_message, Dimension::prior_context));
  // Independent sources of knowledge combine like probabilities: each fills part of what is left.
  k.context = 1 - (1 - direct.strength) * (1 - lent) * (1 - reached) * (1 - preview) * (1 - personal);
  k.direct = direct.strength;
  k.vouch = vouch;
  k.outreach = reached;
  return k;
}

// ---------------------------------------------------------------- audience load

// Room is shared with the triage plan (detail/room.hpp).

detail::Load detail::audience_load(const NetworkState& s, MemberId owner, std::span<const ChannelId> channels,
                                   Timestamp now, Reasons& reasons) noexcept {
  Load load;
  if (channels.empty()) reasons.push_back(make_reason(ReasonCode::no_channel, Dimension::audience_load));
  for (const ChannelId c : channels) {
    const Room r = room_at(s, c, now);
    const PromoTolerance tol = detail::tolerance_of(s, c);
    Reason reason = make_reason(r.full ? ReasonCode::channel_full : ReasonCode::channel_room,
                                Dimension::audience_load, r.week_promos, tol.max_per_week);
    reason.channel = c;
    reasons.push_back(reason);
    if (r.share_over) {
      Reason share =
          make_reason(ReasonCode::promo_share_high, Dimension::audience_load, r.share_after, tol.max_share);
      share.channel = c;
      reasons.push_back(share);
    }
    load.no_room = load.no_room || r.full || r.share_over;
    load.value = std::min(load.value, r.headroom);
  }
  // A launch keeps promotions off the owner's channels; a private favour is not a promotion.
  const TimeRange* l = channels.empty() ? nullptr : launch_at(s.members.launches(owner), now);
  if (l) {
    load.launch = true;
    load.value = 0;
    reasons.push_back(make_reason(ReasonCode::launch_window, Dimension::audience_load, unix_seconds(l->end)));
  }
  // Energy is said where it matters: when the report would call it strained. Below the tired level
  // the decision says it.
  const Policy& p = s.policy;
  const double energy = s.members.energy(owner);
  if (energy <= p.overload.energy_strained && energy >= p.gates.tired_energy)
    reasons.push_back(make_reason(ReasonCode::low_energy, Dimension::audience_load, energy));
  load.value *= energy;
  return load;
}

// ---------------------------------------------------------------- reciprocity

detail::Pitches detail::pitches_of(const NetworkState& s, const ResolvedRequest& ids, const Request& req,
                                   Timestamp now) noexcept {
  Pitches out{.first = req.received, .last = req.received};
  const std::optional<detail::AskHistory> history =
      detail::asks_from(s, ids.owner, req.requester, ids.requester);
  if (!history) return out;
  // A request recorded on arrival is in its own history already.
  const bool recorded = s.holds(ids.owner, req);
  out.count = history->count + (recorded ? 0 : 1);
  out.first = std::min(out.first, history->first);
  out.last = std::max(out.last, history->last);
  out.asks = history->decayed * detail::decay_factor(std::max(Duration{0}, now - history->last),
                                                     s.policy.decay.reciprocity_half_life);
  return out;
}

double detail::reciprocity(const Policy& p, const Request& req, const std::optional<Relationship>& rel,
                           const Pitches& pitches, const Known& k, Reasons& reasons,
                           Exchange& exchange) noexcept {
  double offer = p.offer_value[static_cast<std::size_t>(req.offer)];
  if (req.offer == Offer::promise) {
    // A promise is worth what the requester's past promises turned out to be worth.
    offer *= (k.kept + 1.0) / (k.kept + k.broken + 2.0);
  }
  const double gave = rel ? rel->received : 0.0;
  // Their unanswered messages count like asks: bids the owner has not taken up. What the owner awaits
  // from them does not count: writing now is their answer.
  // Asks are remembered per handle as well, so a non-member's cold pitches count, and a member's from
  // before it joined; an ask recorded both ways counts once.
  const double asks = std::max(rel ? rel->asks : 0.0, pitches.asks);
  const double took =
      p.ask_cost * asks + (rel ? rel->given + p.ask_cost * rel->awaited_from_owner + rel->harm : 0.0);
  // Favours that went both ways are evidence the requester returns what it gets: the smaller of the
  // two flows is credited again, so a long two-way exchange scores above a stranger's 0.5.
  const double mutual = p.mutual_weight * (rel ? std::min(rel->received, rel->given) : 0.0);
  // Messages answered either way show a conversation that goes both ways; the one the owner still
  // awaits is answered by this request.
  const double answers = rel ? p.reply_value * (rel->answers_from_other + rel->answers_from_owner +
                                                std::min(1.0, rel->awaited_from_other))
                             : 0.0;
  // What their history with the owner gave, against what it took: the figures the reasons name, so
  // that "they took more" always means a balance below a stranger's before the offer.
  const double history = gave + answers + mutual;
  const double credit = history + offer;
  const double r = (credit + p.reciprocity_prior) / (credit + took + 2 * p.reciprocity_prior);
  exchange = {.gave = history, .took = took, .offer = offer};
  if (rel) {
    // Small differences are noise, not a pattern worth a sentence.
    constexpr double noticeable = 0.25;
    if (history >= took + noticeable)
      reasons.push_back(make_reason(ReasonCode::gave_more, Dimension::reciprocity, history, took));
    else if (took >= history + noticeable)
      reasons.push_back(make_reason(ReasonCode::took_more, Dimension::reciprocity, history, took));
    if (rel->asks >= 2 && pitches.count < 2)
      reasons.push_back(make_reason(ReasonCode::asks_often, Dimension::reciprocity, rel->asks));
    if (k.broken > 0)
      reasons.push_back(make_reason(ReasonCode::promises_broken, Dimension::reciprocity, k.broken, k.kept));
    else if (k.kept > 0)
      reasons.push_back(make_reason(ReasonCode::promises_kept, Dimension::reciprocity, k.kept));
  }
  if (pitches.count >= 2) {
    const double span = whole_days_between(pitches.first, pitches.last) + 1;
    reasons.push_back(
        make_reason(ReasonCode::repeated_requests, Dimension::reciprocity, pitches.count, span));
  }
  if (req.offer != Offer::nothing)
    reasons.push_back(make_reason(ReasonCode::offers_return, Dimension::reciprocity, offer));
  return r;
}

}  // namespace rapport
