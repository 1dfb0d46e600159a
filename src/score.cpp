#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <rapport/score.hpp>
#include <thread>

#include "detail/network_state.hpp"
#include "detail/prefetch.hpp"
#include "detail/reasons.hpp"
#include "detail/room.hpp"
#include "detail/topic_match.hpp"
#include "detail/validate.hpp"

namespace rapport {
namespace {

using detail::make_reason;
using detail::NetworkState;
using detail::seconds;
using std::chrono::days;

double days_between(Timestamp from, Timestamp to) noexcept {
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

double relevance(const NetworkState& s, const Request& req, MemberId owner,
                 std::span<const ChannelId> channels, Reasons& reasons) noexcept {
  if (req.topics.empty()) {
    reasons.push_back(make_reason(ReasonCode::no_topics, Dimension::relevance));
    return 0;
  }
  double niche_sum = 0, audience_sum = 0;
  for (const std::string& path : req.topics) {
    const Asked topic{path, detail::topic_depth(path)};
    const double niche = best_match(topic, s.members[owner].topics, s.member_topics[owner]);
    double audience = niche;
    if (!channels.empty()) {
      audience = 0;
      for (const ChannelId c : channels) {
        const detail::ChannelState& channel = s.channels[c];
        const Topics& audience_topics = channel.channel.audience_topics;
        audience += audience_topics.empty() ? niche : best_match(topic, audience_topics, channel.audience);
      }
      audience /= static_cast<double>(channels.size());
    }
    niche_sum += niche;
    audience_sum += audience;
  }
  const double n = static_cast<double>(req.topics.size());
  const double a = s.policy.owner_topic_weight;
  const double niche = niche_sum / n, audience = audience_sum / n;
  const double r = a * niche + (1 - a) * audience;
  // Below the gate the decision's `off_niche` reason says it all.
  if (r >= s.policy.gates.off_niche)
    reasons.push_back(make_reason(ReasonCode::topic_match, Dimension::relevance, r, niche, audience));
  return r;
}

// ---------------------------------------------------------------- prior context

struct Known {
  double context = 0;
  bool vetted_before = false;  // the owner has bought, vetted or critiqued the requester's work
  std::uint32_t kept = 0, broken = 0;
};

Known prior_context(const NetworkState& s, const Request& req, MemberId owner,
                    std::optional<MemberId> requester, const std::optional<Relationship>& rel, Timestamp now,
                    Reasons& reasons) noexcept {
  const Policy& p = s.policy;
  Known k;
  double direct = 0;
  if (rel) {
    direct = rel->tie_strength;
    const auto by_owner = [&](InteractionKind kind) {
      return rel->from_owner[static_cast<std::size_t>(kind)];
    };
    const double since = days_between(rel->last_contact, now);
    if (const auto met = rel->count(InteractionKind::met_in_person))
      reasons.push_back(make_reason(ReasonCode::met_in_person, Dimension::prior_context, met, since));
    if (const auto bought = by_owner(InteractionKind::purchased))
      reasons.push_back(make_reason(ReasonCode::bought_their_work, Dimension::prior_context, bought));
    if (const auto vetted = by_owner(InteractionKind::vetted) + by_owner(InteractionKind::feedback))
      reasons.push_back(make_reason(ReasonCode::vetted_their_work, Dimension::prior_context, vetted));
    if (const auto together = rel->count(InteractionKind::collaborated))
      reasons.push_back(make_reason(ReasonCode::worked_together, Dimension::prior_context, together));
    if (const auto talks = rel->count(InteractionKind::call) + rel->count(InteractionKind::message))
      reasons.push_back(make_reason(ReasonCode::talked, Dimension::prior_context, talks, since));
    k.vetted_before = by_owner(InteractionKind::purchased) + by_owner(InteractionKind::vetted) +
                          by_owner(InteractionKind::feedback) >
                      0;
    k.kept = rel->from_other[static_cast<std::size_t>(InteractionKind::kept_promise)];
    k.broken = rel->from_other[static_cast<std::size_t>(InteractionKind::broke_promise)];
  }

  // Vouching: someone among the owner's strongest ties who counts the requester among their own
  // strongest lends part of their context. It reads `vouching_ties` lists of ties, no pair record.
  double vouch = 0;
  std::optional<MemberId> voucher;
  if (requester) {
    // The requester may be among the strongest ties itself; it does not use up a voucher's place, or
    // more history with them could push the voucher out and lower context.
    const detail::TopTies& ties = s.top_ties[owner];
    const double context_half_life = detail::in_seconds(p.decay.context_half_life);
    std::size_t consulted = 0;
    for (std::size_t i = 0; i < ties.size && consulted < static_cast<std::size_t>(p.vouching_ties); ++i) {
      const MemberId m = ties.ids[i];
      if (m == *requester) continue;
      ++consulted;
      const detail::TopTies& theirs = s.top_ties[m];
      const std::size_t j = theirs.find(*requester);
      if (j == theirs.size) continue;
      const double trust = ties.strength_at(i, now, context_half_life, p.context_scale);
      const double knows = theirs.strength_at(j, now, context_half_life, p.context_scale);
      if (trust * knows > vouch) {
        vouch = trust * knows;
        voucher = m;
      }
    }
  }
  const double lent = p.vouching_weight * vouch;
  if (voucher && lent >= 0.01) {
    Reason r = make_reason(ReasonCode::known_through_tie, Dimension::prior_context, vouch);
    r.member = *voucher;
    reasons.push_back(r);
  }
  if (!requester) {
    reasons.push_back(make_reason(ReasonCode::unknown_requester, Dimension::prior_context));
  } else if (direct == 0 && lent < 0.01) {
    reasons.push_back(make_reason(ReasonCode::stranger, Dimension::prior_context));
  }

  // The owner's own recent outreach: whom the owner is in touch with now.
  double outreach = 0;
  if (rel && rel->owner_reached_out) {
    const Duration since = std::max(Duration{0}, now - *rel->owner_reached_out);
    outreach = p.outreach_weight * detail::decay_factor(since, p.outreach_half_life);
    // Once it has faded to a small share, the history reasons above say enough.
    if (outreach >= 0.05)
      reasons.push_back(make_reason(ReasonCode::reached_out, Dimension::prior_context,
                                    days_between(now - since, now), outreach));
  }

  const double preview = req.preview ? p.preview_bonus : 0.0;
  const double personal = req.personalised ? p.personal_bonus : 0.0;
  if (req.preview)
    reasons.push_back(make_reason(ReasonCode::preview_available, Dimension::prior_context, preview));
  if (req.personalised)
    reasons.push_back(make_reason(ReasonCode::personalised, Dimension::prior_context, personal));
  else
    reasons.push_back(make_reason(ReasonCode::template_message, Dimension::prior_context));
  // Independent sources of knowledge combine like probabilities: each fills part of what is left.
  k.context = 1 - (1 - direct) * (1 - lent) * (1 - outreach) * (1 - preview) * (1 - personal);
  return k;
}

// ---------------------------------------------------------------- audience load

// Room and the slot search are shared with the triage plan (detail/room.hpp).
using detail::earliest_slot;
using detail::launch_at;
using detail::Room;
using detail::room_at;

struct Load {
  double value = 1;
  bool launch = false;
  bool no_room = false;
};

Load audience_load(const NetworkState& s, const Member& owner, std::span<const ChannelId> channels,
                   Timestamp now, Reasons& reasons) noexcept {
  Load load;
  if (channels.empty()) reasons.push_back(make_reason(ReasonCode::no_channel, Dimension::audience_load));
  for (const ChannelId c : channels) {
    const Room r = room_at(s, c, now);
    const PromoTolerance tol = s.channels[c].channel.tolerance.value_or(s.policy.default_tolerance);
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
  const TimeRange* l = channels.empty() ? nullptr : launch_at(owner, now);
  if (l) {
    load.launch = true;
    load.value = 0;
    reasons.push_back(make_reason(ReasonCode::launch_window, Dimension::audience_load, seconds(l->end)));
  }
  if (owner.energy < 1)
    reasons.push_back(make_reason(ReasonCode::low_energy, Dimension::audience_load, owner.energy));
  load.value *= owner.energy;
  return load;
}

// ---------------------------------------------------------------- reciprocity

double reciprocity(const Policy& p, const Request& req, const std::optional<Relationship>& rel,
                   const Known& k, Reasons& reasons) noexcept {
  double offer = p.offer_value[static_cast<std::size_t>(req.offer)];
  if (req.offer == Offer::promise) {
    // A promise is worth what the requester's past promises turned out to be worth.
    offer *= (k.kept + 1.0) / (k.kept + k.broken + 2.0);
  }
  const double gave = rel ? rel->received : 0.0;
  // Their unanswered messages count like asks: bids the owner has not taken up. What the owner awaits
  // from them does not count: writing now is their answer.
  const double took = rel ? rel->given + p.ask_cost * (rel->asks + rel->awaited_from_owner) + rel->harm : 0.0;
  // Favours that went both ways are evidence the requester returns what it gets: the smaller of the
  // two flows is credited again, so a long two-way exchange scores above a stranger's 0.5.
  const double mutual = p.mutual_weight * (rel ? std::min(rel->received, rel->given) : 0.0);
  // Messages answered either way show a conversation that goes both ways; the one the owner still
  // awaits is answered by this request.
  const double answers = rel ? p.reply_value * (rel->answers_from_other + rel->answers_from_owner +
                                                std::min(1.0, rel->awaited_from_other))
                             : 0.0;
  const double credit = gave + answers + offer + mutual;
  const double r = (credit + p.reciprocity_prior) / (credit + took + 2 * p.reciprocity_prior);
  if (rel) {
    // Small differences are noise, not a pattern worth a sentence.
    constexpr double noticeable = 0.25;
    if (gave >= took + noticeable)
      reasons.push_back(make_reason(ReasonCode::gave_more, Dimension::reciprocity, gave, took));
    else if (took >= gave + noticeable)
      reasons.push_back(make_reason(ReasonCode::took_more, Dimension::reciprocity, gave, took));
    if (rel->asks >= 2)
      reasons.push_back(make_reason(ReasonCode::asks_often, Dimension::reciprocity, rel->asks));
    if (k.broken > 0)
      reasons.push_back(make_reason(ReasonCode::promises_broken, Dimension::reciprocity, k.broken, k.kept));
    else if (k.kept > 0)
      reasons.push_back(make_reason(ReasonCode::promises_kept, Dimension::reciprocity, k.kept));
  }
  if (req.offer != Offer::nothing)
    reasons.push_back(make_reason(ReasonCode::offers_return, Dimension::reciprocity, offer));
  return r;
}

}  // namespace

Score score(const Network& network, const Request& req, Timestamp now) {
  const NetworkState& s = detail::NetworkAccess::state(network);
  return detail::score_resolved(s, detail::resolve(s, req), req, now);
}

Score detail::score_resolved(const NetworkState& s, const ResolvedRequest& ids, const Request& req,
                             Timestamp now) {
  const Policy& p = s.policy;
  const Member& owner = s.members[ids.owner];
  const std::span<const ChannelId> channels = ids.asked_channels();

  // In a large network the two members' records, the pair, the owner's ties and their own lists of
  // ties (read for vouching) are each a wait on memory: ask for the records and the lists while the
  // pair is looked up, so the waits overlap.
  detail::prefetch(&owner);
  std::optional<Relationship> rel;
  if (ids.requester) {
    detail::prefetch(&s.members[*ids.requester]);
    const detail::TopTies& ties = s.top_ties[ids.owner];
    detail::prefetch(&ties, offsetof(detail::TopTies, keys));
    const detail::PairState* pair = s.find_pair(ids.owner, *ids.requester);
    const auto vouchers = std::min<std::size_t>(ties.size, static_cast<std::size_t>(p.vouching_ties) + 1);
    for (std::size_t i = 0; i < vouchers; ++i)
      detail::prefetch(&s.top_ties[ties.ids[i]], offsetof(detail::TopTies, keys));
    if (pair) rel = detail::view(s, *pair, ids.owner, *ids.requester, now);
  }

  Score out;
  Reasons& reasons = out.reasons;
  out.relevance = relevance(s, req, ids.owner, channels, reasons);
  const Known known = prior_context(s, req, ids.owner, ids.requester, rel, now, reasons);
  out.prior_context = known.context;
  const Load load = audience_load(s, owner, channels, now, reasons);
  out.audience_load = load.value;
  out.reciprocity = reciprocity(p, req, rel, known, reasons);

  const DimensionWeights& w = p.weights;
  const double merit_weight = w.relevance + w.prior_context + w.reciprocity;
  const double merit = detail::merit(out.relevance, out.prior_context, out.reciprocity, p);
  out.total = (merit * merit_weight + w.audience_load * out.audience_load) / (merit_weight + w.audience_load);

  // Gates, in order of precedence; the decisive reason goes first.
  const Gates& g = p.gates;
  const auto decide = [&](Decision d, const Reason& why) {
    out.decision = d;
    reasons.push_front(why);
  };
  const bool weak_content = req.content_quality && *req.content_quality < g.min_content_quality;
  const bool unvetted = !req.preview && !known.vetted_before;
  if (ids.requester && s.members[*ids.requester].competitor) {
    decide(Decision::decline, make_reason(ReasonCode::competitor, Dimension::decision));
  } else if (out.relevance < g.off_niche) {
    decide(Decision::decline,
           make_reason(ReasonCode::off_niche, Dimension::decision, out.relevance, g.off_niche));
  } else if (owner.energy < g.min_energy) {
    decide(Decision::decline, make_reason(ReasonCode::low_energy, Dimension::decision, owner.energy));
  } else if (out.reciprocity < g.min_reciprocity) {
    decide(Decision::decline,
           make_reason(ReasonCode::one_sided, Dimension::decision, out.reciprocity, g.min_reciprocity));
  } else if (out.prior_context >= 0.6 && weak_content) {
    decide(Decision::counter, make_reason(ReasonCode::weak_content, Dimension::decision, *req.content_quality,
                                          g.min_content_quality));
  } else if (out.prior_context >= 0.6 && unvetted) {
    decide(Decision::counter,
           make_reason(ReasonCode::unvetted_content, Dimension::decision, out.prior_context));
  } else if (merit < g.accept) {
    if (out.prior_context >= g.counter_context)
      decide(Decision::counter, make_reason(ReasonCode::relationship_worth_keeping, Dimension::decision,
                                            out.prior_context, g.counter_context));
    else
      decide(Decision::decline, make_reason(ReasonCode::below_accept, Dimension::decision, merit, g.accept));
  } else if (load.launch || load.no_room) {
    out.slot = earliest_slot(s, owner, channels, now);
    if (out.slot) {
      if (req.wanted_by && *out.slot > *req.wanted_by)
        reasons.push_front(make_reason(ReasonCode::slot_after_deadline, Dimension::decision,
                                       seconds(*out.slot), seconds(*req.wanted_by)));
      decide(Decision::defer, make_reason(ReasonCode::deferred, Dimension::decision, seconds(*out.slot)));
    } else {
      decide(Decision::decline, make_reason(ReasonCode::channel_full, Dimension::decision));
    }
  } else {
    decide(Decision::accept, make_reason(ReasonCode::worth_accepting, Dimension::decision, merit, g.accept));
  }
  return out;
}

std::vector<Score> score_all(const Network& network, std::span<const Request> requests, Timestamp now,
                             unsigned threads) {
  std::vector<Score> out(requests.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, requests.size() / 64)));
  std::exception_ptr first_error;
  std::size_t first_error_at = requests.size();
  std::mutex error_mutex;
  const auto work = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      try {
        out[i] = score(network, requests[i], now);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (i < first_error_at) {
          first_error_at = i;
          first_error = std::current_exception();
        }
        return;
      }
    }
  };
  const std::size_t chunk = (requests.size() + threads - 1) / std::max(1u, threads);
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back(work, std::min(requests.size(), t * chunk),
                        std::min(requests.size(), (t + 1) * chunk));
    work(0, std::min(requests.size(), chunk));
  }
  if (first_error) std::rethrow_exception(first_error);
  return out;
}

}  // namespace rapport
