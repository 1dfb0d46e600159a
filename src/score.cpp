#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <rapport/score.hpp>
#include <rapport/scoring_pool.hpp>
#include <thread>

#include "detail/dimensions.hpp"
#include "detail/learning.hpp"
#include "detail/network_state.hpp"
#include "detail/pool_access.hpp"
#include "detail/prefetch.hpp"
#include "detail/reasons.hpp"
#include "detail/room.hpp"
#include "detail/scoring.hpp"

// Scoring a request: the dimensions (dimensions.cpp), their total, and the decision the owner's
// conditions and the gates around them make.

namespace rapport {
namespace {

using detail::Known;
using detail::Load;
using detail::make_reason;
using detail::NetworkState;
using detail::unix_seconds;

// ---------------------------------------------------------------- decision

/// Sets `out.slot` to the earliest slot from `from` (judged at `now`, which the expected own posts
/// count from) and says when it misses the requester's deadline; with none within the horizon, declines
/// for want of room and returns false.
bool find_slot(const NetworkState& s, const Request& req, MemberId owner, std::span<const ChannelId> channels,
               Timestamp from, Timestamp now, Score& out) noexcept {
  const detail::RecordedCalendar calendar(s, channels, now);
  const std::span<const TimeRange> launches = s.members.launches(owner);
  out.slot = earliest_slot(launches, channels, from, calendar);
  if (!out.slot) {
    out.decision = Decision::decline;
    out.reasons.push_front(
        detail::no_slot_reason(s, detail::channel_without_slot(launches, channels, from, calendar), now));
    return false;
  }
  if (req.wanted_by && *out.slot > *req.wanted_by)
    out.reasons.push_front(make_reason(ReasonCode::slot_after_deadline, Dimension::decision,
                                       unix_seconds(*out.slot), unix_seconds(*req.wanted_by)));
  return true;
}

/// A decision and the reason that decides it, which goes first.
struct Verdict {
  Decision decision;
  Reason why;
};

/// The owner's hard conditions and the gates before worth, in order of precedence: the first that fails
/// decides. None of them waits for room, so each is a decline or a counter.
std::optional<Verdict> failed_condition(const NetworkState& s, const Request& req,
                                        const detail::ResolvedRequest& ids, const Known& known,
                                        const Score& out) noexcept {
  const Gates& g = s.policy.gates;
  const double energy = s.members.energy(ids.owner);
  // A feedback request asks for the critique that vetting would give: neither condition applies.
  const bool asks_feedback = req.kind == RequestKind::feedback;
  const bool weak_content =
      !asks_feedback && req.content_quality && *req.content_quality < g.min_content_quality;
  const bool unreliable_promise =
      req.offer == Offer::promise && known.broken > 0 && known.broken >= known.kept;
  if (ids.requester && s.members.competitor(*ids.requester))
    return Verdict{Decision::decline, make_reason(ReasonCode::competitor, Dimension::decision)};
  if (out.relevance < g.off_niche)
    return Verdict{Decision::decline,
                   make_reason(ReasonCode::off_niche, Dimension::decision, out.relevance, g.off_niche)};
  if (energy < g.min_energy)
    return Verdict{Decision::decline,
                   make_reason(ReasonCode::low_energy, Dimension::decision, energy, g.min_energy)};
  if (known.relationship < g.min_context && !known.talked)
    return Verdict{Decision::decline, make_reason(ReasonCode::no_context, Dimension::decision,
                                                  known.relationship, g.min_context)};
  if (unreliable_promise)
    return Verdict{Decision::decline, make_reason(ReasonCode::unreliable_promise, Dimension::decision,
                                                  known.broken, known.kept)};
  if (out.reciprocity < g.min_reciprocity)
    return Verdict{Decision::decline, make_reason(ReasonCode::one_sided, Dimension::decision, out.reciprocity,
                                                  g.min_reciprocity)};
  // Critique is the answer to weak work whatever else holds: a deferral would promise a promotion later.
  if (weak_content)
    return Verdict{Decision::counter, make_reason(ReasonCode::weak_content, Dimension::decision,
                                                  *req.content_quality, g.min_content_quality)};
  return std::nullopt;
}

/// With the hard conditions met: the decision from the request's worth, the owner's energy, whether its
/// content is vetted and the channels' room, in that order. A deferral finds the slot, or declines for
/// want of one.
void decide_on_worth(const NetworkState& s, const Request& req, const detail::ResolvedRequest& ids,
                     const Known& known, const Load& load, double merit, Timestamp now, Score& out) noexcept {
  const Policy& p = s.policy;
  const Gates& g = p.gates;
  const double energy = s.members.energy(ids.owner);
  const std::span<const ChannelId> channels = ids.asked_channels();
  const auto decide_as = [&](Decision d, const Reason& why) {
    out.decision = d;
    out.reasons.push_front(why);
  };
  const bool vetted = req.kind == RequestKind::feedback || known.vetted_before ||
                      (req.content_quality && *req.content_quality >= g.min_content_quality);
  if (merit < g.accept) {
    if (known.relationship >= g.counter_context)
      decide_as(Decision::counter, make_reason(ReasonCode::relationship_worth_keeping, Dimension::decision,
                                               known.relationship, g.counter_context));
    else
      decide_as(Decision::decline,
                make_reason(ReasonCode::below_accept, Dimension::decision, merit, g.accept));
  } else if (detail::tired(energy, p)) {
    // Reading a preview takes energy too: everything worth doing waits.
    if (find_slot(s, req, ids.owner, channels, now + g.energy_rest, now, out))
      decide_as(Decision::defer, make_reason(ReasonCode::tired, Dimension::decision, energy, g.tired_energy,
                                             unix_seconds(*out.slot)));
  } else if (!vetted) {
    decide_as(Decision::counter,
              make_reason(ReasonCode::unvetted_content, Dimension::decision, req.preview ? 1 : 0));
  } else if (load.launch || load.no_room) {
    if (find_slot(s, req, ids.owner, channels, now, now, out))
      decide_as(Decision::defer,
                make_reason(ReasonCode::deferred, Dimension::decision, unix_seconds(*out.slot)));
  } else {
    decide_as(Decision::accept,
              make_reason(ReasonCode::worth_accepting, Dimension::decision, merit, g.accept));
  }
}

/// The decision, from the owner's conditions (seed 002) and the gates around them, in order of
/// precedence: the first that fails decides, and its reason goes first. Returns whether the conditions
/// held, so that worth decided. The total ranks requests but
/// never buys back a missing condition.
bool decide(const NetworkState& s, const Request& req, const detail::ResolvedRequest& ids, const Known& known,
            const Load& load, double merit, Timestamp now, Score& out) noexcept {
  if (const std::optional<Verdict> failed = failed_condition(s, req, ids, known, out)) {
    out.decision = failed->decision;
    out.reasons.push_front(failed->why);
    return false;
  }
  decide_on_worth(s, req, ids, known, load, merit, now, out);
  return true;
}

/// Says what learning weighs most here: the two features whose learned weights, the owner's and the
/// global ones' changes from the formula's, move this request's log-odds most (the first of equals);
/// and, when it moved the decision across the accept threshold, by how much.
void learned_reasons(const NetworkState& s, const detail::OwnerModel& own, const detail::Features& weights,
                     const detail::Features& x, bool moved_decision, double merit, double judged,
                     Score& out) noexcept {
  using detail::Feature;
  // What learning moved: its weights less the formula's weight of 1 on its own log-odds, times x, times
  // the share of the correction that counts: a correction not yet shown to predict better moves little.
  detail::Features moved = weights;
  moved[static_cast<std::size_t>(Feature::prior)] -= 1;
  for (std::size_t j = 0; j < detail::feature_count; ++j) moved[j] *= x[j] * s.learning.global.trust;
  // The largest two moves by size that are noticeable, the first of equals, in one pass: most moves
  // are not, so the branch that skips them is nearly always taken, and predicted. A move is kept if
  // it is larger than the second kept so far, which starts just below noticeable. The owner's base
  // rate (the bias, first) says nothing of this request and is left out.
  static_assert(static_cast<std::size_t>(Feature::bias) == 0);
  constexpr double noticeable = 0.25;  // in log-odds: about 6 points of probability near the middle
  const double below_noticeable = std::nextafter(noticeable, 0.0);
  std::array<std::size_t, 2> top{0, 0};
  std::array<double, 2> size{below_noticeable, below_noticeable};
  for (std::size_t j = 1; j < detail::feature_count; ++j) {
    const double a = std::abs(moved[j]);
    if (a <= size[1]) continue;
    if (a > size[0]) {
      top = {j, top[0]};
      size = {a, size[0]};
    } else {
      top[1] = j;
      size[1] = a;
    }
  }
  if (moved_decision)
    out.reasons.push_back(
        make_reason(ReasonCode::learned_moved, Dimension::decision, merit, judged, s.policy.gates.accept));
  for (std::size_t k = 0; k < 2 && size[k] >= noticeable; ++k)
    out.reasons.push_back(make_reason(ReasonCode::learned_habit, Dimension::decision,
                                      static_cast<double>(top[k]), moved[top[k]] > 0 ? 1.0 : -1.0,
                                      own.outcomes));
}

/// How many of `threads` threads are worth their start-up or wake-up for `requests` requests: enough
/// that each could take 64, or the caller scores them all.
std::size_t useful_threads(std::size_t threads, std::size_t requests) noexcept {
  constexpr std::size_t min_share = 64;
  return std::min(threads, std::max<std::size_t>(1, requests / min_share));
}

}  // namespace

Score score(const Network& network, const Request& req, Timestamp now) {
  const NetworkState& s = detail::NetworkAccess::state(network);
  return detail::score_resolved(s, detail::resolve(s, req), req, now);
}

Score detail::score_resolved(const NetworkState& s, const ResolvedRequest& ids, const Request& req,
                             Timestamp now, Features* features) {
  const Policy& p = s.policy;
  const std::span<const ChannelId> channels = ids.asked_channels();

  // In a large network the requester's record, what learning holds of the two members, the pair, the
  // owner's ties and their own lists of ties (read for vouching) are each a wait on memory: ask for them
  // while the pair is looked up, so the waits overlap.
  // What the owner's outcomes taught: its model, and its deviation over the request-only features.
  const detail::OwnerModel* own = s.learning.owners.find(ids.owner);
  if (own) detail::prefetch(own);
  // Only an owner with a model can have learned a request-only feature: most owners need one lookup.
  const detail::RequestDeviation* own_request = own ? s.learning.request_deviations.find(ids.owner) : nullptr;
  if (own_request) detail::prefetch(own_request);
  // Before any outcome the model is the formula itself: `learned` is the total, and nothing is computed.
  const bool model = p.learning.enabled && s.learning.global.outcomes > 0;
  const bool wants_features = model || features;
  if (wants_features) detail::prefetch(&s.learning.activity[ids.owner]);
  std::optional<Relationship> rel;
  const detail::RequesterRecord* record = nullptr;  // how the requester's requests were taken up
  if (ids.requester) {
    s.members.prefetch(*ids.requester);
    record = s.learning.requesters.find(*ids.requester);
    if (record) detail::prefetch(record);
    if (wants_features) detail::prefetch(&s.learning.activity[*ids.requester]);
    const detail::TopTies& ties = s.top_ties[ids.owner];
    detail::prefetch(&ties, offsetof(detail::TopTies, keys));
    const detail::PairState* pair = s.find_pair(ids.owner, *ids.requester);
    const auto vouchers = std::min<std::size_t>(ties.size(), static_cast<std::size_t>(p.vouching_ties) + 1);
    for (std::size_t i = 0; i < vouchers; ++i)
      detail::prefetch(&s.top_ties[ties.ids[i]], offsetof(detail::TopTies, keys));
    if (pair) rel = detail::view(s, *pair, ids.owner, *ids.requester, now);
  }

  Score out;
  Reasons& reasons = out.reasons;
  out.relevance = relevance(s, req, ids, reasons);
  const Known known = prior_context(s, req, ids.owner, ids.requester, rel, now, reasons);
  out.prior_context = known.context;
  const Load load = audience_load(s, ids.owner, channels, now, reasons);
  out.audience_load = load.value;
  detail::Exchange exchange;
  out.reciprocity = reciprocity(p, req, rel, pitches_of(s, ids, req, now), known, reasons, exchange);

  const double merit = detail::merit(out.relevance, out.prior_context, out.reciprocity, p);
  out.total = out.learned = detail::formula_total(merit, out.audience_load, p);
  // Learning moves the total and the merit alike, by its share of how far the learned probability is
  // from the formula's; the hard conditions stay as they are.
  const bool learns = detail::warmed_up(p.learning, own);
  double judged = merit;
  detail::Features x{};
  if (wants_features) {
    x = detail::features_of(s, {req, rel, known, exchange, out, ids.requester, record, now, ids.owner});
    if (features) *features = x;
  }
  detail::Features weights{};
  if (model || learns) weights = detail::learned_weights(s.learning.global, own, own_request);
  if (model) out.learned = detail::learned_probability(s.learning.global, weights, x);
  if (learns) {
    const double shift = detail::blend_share(p.learning, own->outcomes) * (out.learned - out.total);
    out.total += shift;
    judged += shift;
  }
  const bool on_worth = decide(s, req, ids, known, load, judged, now, out);
  if (learns)
    learned_reasons(s, *own, weights, x, on_worth && (merit >= p.gates.accept) != (judged >= p.gates.accept),
                    merit, judged, out);
  return out;
}

std::vector<Score> score_all(const Network& network, std::span<const Request> requests, Timestamp now,
                             ScoringPool& pool) {
  // Copies of a default-initialised score: `out(n)` would value-initialise, which zero-fills each
  // score's unused reason slots.
  const Score blank;
  std::vector<Score> out(requests.size(), blank);
  // The threads take blocks of `block` requests in turn, each block a contiguous run of `out`, so that
  // threads share at most a cache line where blocks meet, and a thread the machine runs late takes fewer.
  constexpr std::size_t block = 64;
  const std::size_t blocks = (requests.size() + block - 1) / block;
  std::atomic<std::size_t> next_block{0};
  std::exception_ptr first_error;
  std::atomic<std::size_t> first_error_at{requests.size()};
  std::mutex error_mutex;
  // Every block before a failure is still scored, so the earliest failure found is the first in input
  // order; blocks after it are skipped.
  auto work = [&]() noexcept {
    for (std::size_t b; (b = next_block.fetch_add(1, std::memory_order_relaxed)) < blocks;) {
      const std::size_t end = std::min(requests.size(), (b + 1) * block);
      for (std::size_t i = b * block; i < end && i < first_error_at.load(std::memory_order_relaxed); ++i) {
        try {
          out[i] = score(network, requests[i], now);
        } catch (...) {
          const std::lock_guard lock(error_mutex);
          if (i < first_error_at.load(std::memory_order_relaxed)) {
            first_error_at.store(i, std::memory_order_relaxed);
            first_error = std::current_exception();
          }
        }
      }
    }
  };
  if (useful_threads(pool.threads(), requests.size()) == 1)
    work();
  else
    detail::PoolAccess::run(pool, work);
  if (first_error) std::rethrow_exception(first_error);
  return out;
}

std::vector<Score> score_all(const Network& network, std::span<const Request> requests, Timestamp now,
                             unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  ScoringPool pool(static_cast<unsigned>(useful_threads(threads, requests.size())));
  return score_all(network, requests, now, pool);
}

}  // namespace rapport
