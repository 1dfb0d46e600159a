// Learning each owner's taste from outcomes: features, the model's probability, the update, and the
// two records that feed it. Recording a request captures what scoring saw of it at arrival, so that
// its outcome, whenever it comes, teaches from that and not from what happened since; both
// `Network::record` overloads that learning needs are therefore defined here, above scoring.
#include "detail/learning.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <tuple>
#include <utility>

#include "detail/fingerprint.hpp"
#include "detail/recording.hpp"
#include "detail/reserve.hpp"
#include "detail/scoring.hpp"
#include "detail/validate.hpp"

namespace rapport {
namespace detail {
namespace {

constexpr double hour_seconds = 3600, day_seconds = 24 * hour_seconds, month_seconds = 30 * day_seconds;

// The maps below skip `exp` and `log1p` where their result is known exactly (0 for no amount, and
// for a time so long ago that e^-t is below the smallest double): the same figures, computed faster.

/// Maps an amount in [0, inf) to [0, 1): 1 - e^-x.
double saturate(double x) noexcept {
  return x > 0 ? 1 - std::exp(-x) : 0.0;
}

/// log(1 + n) for a count n >= 0.
double log_count(double n) noexcept {
  return n > 0 ? std::log1p(n) : 0.0;
}

/// `log_count` of a whole count. Counts below 256, which most pairs have, are read from a table that
/// `log1p` fills on first use, at run time: the same figures as `log_count`, bit for bit. (Folded at
/// compile time, a few would be rounded in the last place otherwise than `log1p` rounds them.)
double log_count(std::uint32_t n) noexcept {
  static const std::array<double, 256> table = [] {
    std::array<double, 256> out{};
    for (std::size_t k = 0; k < out.size(); ++k) {
      const volatile double count = static_cast<double>(k);  // not a constant: computed at run time
      out[k] = log_count(count);
    }
    return out;
  }();
  return n < table.size() ? table[n] : log_count(static_cast<double>(n));
}

/// How recent a time is on the three scales the features read: e^-(age / scale) for a month, a day and
/// an hour.
struct Recency {
  double month = 0, day = 0, hour = 0;
};

/// x^n for a small n, by squaring.
constexpr double power(double x, unsigned n) noexcept {
  double out = 1;
  for (; n != 0; n >>= 1, x *= x)
    if (n & 1) out *= x;
  return out;
}

/// How recent `t` is at `now`; all 0 for never. One `exp` serves the three scales: e^-(age / day) is
/// e^-(age / month) to the 30th, e^-(age / hour) that to the 24th (within a few units in the last place).
/// Each is 0 once the age passes 700 of its scales: e^-700 < 1e-304, and below it the powers would go
/// subnormal, slow to compute with, for nothing a weight could tell from 0.
Recency recency(const std::optional<Timestamp>& t, Timestamp now) noexcept {
  if (!t) return {};
  const double age = static_cast<double>(std::max(Duration{0}, now - *t).count());
  constexpr double negligible = 700;
  Recency r;
  if (age > negligible * month_seconds) return r;
  r.month = std::exp(-age / month_seconds);
  if (age > negligible * day_seconds) return r;
  r.day = power(r.month, 30);
  if (age > negligible * hour_seconds) return r;
  r.hour = power(r.day, 24);
  return r;
}

/// What is left after `elapsed` of an amount decaying on a scale of a day: e^-(elapsed / day), and
/// nothing after a month (e^-30 < 1e-13 of a message): activity is a handful of events, so the rest
/// is noise, and keeping it would make ever tinier, subnormal numbers, slow to compute with.
double day_fade(Duration elapsed) noexcept {
  const double days = static_cast<double>(elapsed.count()) / day_seconds;
  constexpr double forgotten = 30;
  return days > forgotten ? 0.0 : std::exp(-days);
}

/// A member's activity counts (`MemberActivity`) at a time.
struct ActivityCounts {
  double sent = 0, first_contacts = 0, answers = 0;
};

/// `m`'s activity at `now`: its counts decayed to it (never backwards).
ActivityCounts activity_at(const NetworkState& s, MemberId m, Timestamp now) noexcept {
  const MemberActivity& a = s.learning.activity[m];
  if (a.sent == 0) return {};
  const double f = now > a.as_of() ? day_fade(now - a.as_of()) : 1.0;
  return {.sent = a.sent * f, .first_contacts = a.first_contacts * f, .answers = a.answers * f};
}

/// The requester's smoothed rate of requests taken up, less an even chance: 0 with no record.
double taken_up_rate(const RequesterRecord* record) noexcept {
  if (!record) return 0;
  return (record->taken_up + 1) / (record->requests + 2) - 0.5;
}

constexpr std::size_t index(Feature f) noexcept {
  return static_cast<std::size_t>(f);
}

/// The relationship's part of the features: how the two have been writing to each other lately.
void conversation_features(const Relationship& rel, Timestamp now, Features& x) noexcept {
  using K = InteractionKind;
  const Recency owner = recency(rel.owner_reached_out, now), other = recency(rel.other_reached_out, now);
  x[index(Feature::wrote_today)] = owner.day;
  x[index(Feature::wrote_this_hour)] = owner.hour;
  x[index(Feature::wrote_this_month)] = owner.month;
  x[index(Feature::answers_owner)] =
      rel.owner_reached_out && now - *rel.owner_reached_out <= std::chrono::days{7} ? 1.0 : 0.0;
  x[index(Feature::owner_messages)] = log_count(rel.by_owner(K::message));
  x[index(Feature::replied_before)] = log_count(rel.answers_from_owner);
  x[index(Feature::their_messages)] = log_count(rel.by_other(K::message));
  x[index(Feature::their_burst)] = other.hour;
  // The recency of the older of the two's latest messages: 1 only if each has just written to the other.
  x[index(Feature::talking_today)] = std::min(owner.day, other.day);
}

}  // namespace

Features features_of(const NetworkState& s, const Findings& found) noexcept {
  Features x{};
  const double total = std::clamp(found.score.total, 0.01, 0.99);
  x[index(Feature::prior)] = std::log(total / (1 - total));
  x[index(Feature::bias)] = 1;
  x[index(Feature::direct_context)] = found.known.direct;
  x[index(Feature::vouching)] = found.known.vouch;
  x[index(Feature::outreach)] = found.known.outreach;
  x[index(Feature::gave)] = saturate(found.exchange.gave);
  x[index(Feature::took)] = saturate(found.exchange.took);
  x[index(Feature::offer)] = std::min(1.0, found.exchange.offer);
  x[index(Feature::preview)] = found.request.preview ? 1 : 0;
  x[index(Feature::personal)] = found.request.personalised ? 1 : 0;
  x[index(Feature::relevance)] = found.score.relevance;
  x[index(Feature::crowded)] = 1 - found.score.audience_load;
  if (found.relationship) conversation_features(*found.relationship, found.now, x);
  x[index(Feature::taken_up)] = taken_up_rate(found.record);
  x[index(Feature::owner_active)] = log_count(activity_at(s, found.owner, found.now).sent);
  if (found.requester) {
    const ActivityCounts theirs = activity_at(s, *found.requester, found.now);
    x[index(Feature::cold_outreach)] = log_count(theirs.first_contacts);
    x[index(Feature::answering)] = log_count(theirs.answers);
  }
  if (found.request.kind != RequestKind::share)
    x[index(Feature::kind_mention) + static_cast<std::size_t>(found.request.kind) -
      static_cast<std::size_t>(RequestKind::mention)] = 1;
  return x;
}

namespace {

/// An activity count as kept, in single precision: 0 once below 1e-30, far below what a month's fading
/// leaves of one event (1e-13), so that a count fading over many events does not go subnormal, slow to
/// compute with, for nothing a weight could tell from 0.
float kept_count(double count) noexcept {
  return count < 1e-30 ? 0.0f : static_cast<float>(count);
}

}  // namespace

void note_activity(NetworkState& s, Ends ends, const PairState& pair, const Interaction& e) noexcept {
  const MemberId from = ends.from;
  if (s.policy.kinds[static_cast<std::size_t>(e.kind)].actor_learns * e.weight <= 0) return;
  MemberActivity& a = s.learning.activity[from];
  const Timestamp as_of = a.as_of();
  double f = 1;     // what is left of the counts at the event
  double late = 1;  // a late event adds what is left of it at `as_of`
  if (e.at > as_of) {
    f = a.sent == 0 ? 0.0 : day_fade(e.at - as_of);
    a.set_as_of(e.at);
  } else if (e.at < as_of) {
    late = day_fade(as_of - e.at);
  }
  const bool first_contact = pair.lo.reached_out == no_age && pair.hi.reached_out == no_age;
  // The actor's side holds when the other last reached it out: within the day before, this answers it.
  const std::optional<Timestamp> theirs = pair.time_of((from < ends.to ? pair.lo : pair.hi).reached_out);
  const bool answer = theirs && *theirs <= e.at && e.at - *theirs <= std::chrono::days{1};
  a.sent = kept_count(a.sent * f + late);
  a.first_contacts = kept_count(a.first_contacts * f + (first_contact ? late : 0.0));
  a.answers = kept_count(a.answers * f + (answer ? late : 0.0));
}

namespace {

/// The sum of w_j (x_j - c_j) for j from `first` (at most 4), in four interleaved partial sums added in
/// a fixed order: the same inputs give the same bits, and the additions do not wait on one another. The
/// loop takes four features a step, so that it is vectorised.
double centred_dot(const Features& w, const Features& x, const Features& c, std::size_t first) noexcept {
  constexpr std::size_t whole = feature_count / 4 * 4;
  std::array<double, 4> part{};
  for (std::size_t j = first; j < 4; ++j) part[j] = w[j] * (x[j] - c[j]);
  for (std::size_t j = 4; j < whole; j += 4)
    for (std::size_t q = 0; q < 4; ++q) part[q] += w[j + q] * (x[j + q] - c[j + q]);
  for (std::size_t j = whole; j < feature_count; ++j) part[j - whole] += w[j] * (x[j] - c[j]);
  return (part[0] + part[1]) + (part[2] + part[3]);
}

}  // namespace

Features learned_weights(const GlobalModel& global, const OwnerModel* own,
                         const RequestDeviation* request) noexcept {
  Features w = global.weights;
  if (own) {  // the features before the request-only ones, and those after: two loops that vectorise
    const auto& d = own->deviation.weights;
    for (std::size_t j = 0; j < first_request_only; ++j) w[j] += d[j];
    for (std::size_t j = first_request_only + request_only_count; j < feature_count; ++j)
      w[j] += d[j - request_only_count];
  }
  if (request)
    for (std::size_t k = 0; k < request_only_count; ++k) w[first_request_only + k] += request->weights[k];
  return w;
}

namespace {

/// The learned log-odds with weights `w`: the formula's log-odds plus the correction, centred on the
/// mean request learned from (`means`): as the weights move, the average correction stays 0, so the
/// figures stay on the formula's scale.
double centred_logit(Features w, const Features& x, const Features& means) noexcept {
  static_assert(index(Feature::bias) == 0, "the base rate is left out by starting after it");
  constexpr std::size_t prior = index(Feature::prior);
  w[prior] -= 1;
  return x[prior] + centred_dot(w, x, means, 1);
}

}  // namespace

double learned_logit(const GlobalModel& global, const Features& weights, const Features& x) noexcept {
  return centred_logit(weights, x, global.means);
}

double learned_probability(const GlobalModel& global, const Features& weights, const Features& x) noexcept {
  const double formula = x[index(Feature::prior)];
  return logistic(formula + global.trust * (learned_logit(global, weights, x) - formula));
}

bool warmed_up(const Learning& policy, const OwnerModel* own) noexcept {
  return policy.enabled && own && own->outcomes >= static_cast<std::uint32_t>(policy.warm_up);
}

double taken_up(OutcomeKind kind) noexcept {
  switch (kind) {
    case OutcomeKind::accepted:
    case OutcomeKind::deferred:
    case OutcomeKind::answered:
      return 1;
    case OutcomeKind::countered:
      return 0.5;
    case OutcomeKind::declined:
    case OutcomeKind::ignored:
    case OutcomeKind::not_important:
      return 0;
  }
  return 0;
}

namespace {

/// The loss, in nats (cross-entropy), of a judge that predicted log-odds `z` plus the owner's `offset`
/// for an outcome `target` in [0, 1]; then the offset learns from it (assumed-density filtering, as
/// `update` below, in one dimension).
double judge(float& offset, float& variance, double z, double target) noexcept {
  const double logit = z + offset, e = std::exp(-std::abs(logit));
  const double loss = std::max(logit, 0.0) + std::log1p(e) - target * logit;
  // The sigmoid as `logistic` computes it, from the e^-|logit| the loss needed already.
  const double p = logit >= 0 ? 1 / (1 + e) : e / (1 + e), c = p * (1 - p), den = 1 + c * variance;
  offset = static_cast<float>(offset - (p - target) * variance / den);
  variance = static_cast<float>(variance - c * variance * variance / den);
  return loss;
}

/// Decays a requester's record to `at` (never backwards) and adds one outcome. One older than the record
/// adds what is left of it at the record's time, as a late request does (`add_ask`).
void add_outcome(RequesterRecord& r, double target, Timestamp at, std::chrono::days half_life) noexcept {
  double left = 1;
  if (at > r.as_of) {
    const double f = r.requests == 0 ? 1.0 : decay_factor(at - r.as_of, half_life);
    r.requests *= f;
    r.taken_up *= f;
    r.as_of = at;
  } else if (at < r.as_of) {
    left = decay_factor(r.as_of - at, half_life);
  }
  r.requests += left;
  r.taken_up += target * left;
}

// On x86-64 the update and its covariance step are also compiled for AVX2, chosen when the processor
// has it: their loops then take four numbers a step instead of two. The operations, and so the
// results, are the same bit for bit: AVX2 has no fused multiply-add, which would round differently.
// Not under ThreadSanitizer, which instruments the resolver that picks the clone, and the resolver
// runs before it is initialised.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RAPPORT_THREAD_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define RAPPORT_THREAD_SANITIZER 1
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__AVX2__) && \
    !defined(RAPPORT_THREAD_SANITIZER)
#define RAPPORT_ALSO_AVX2 __attribute__((target_clones("avx2", "default")))
#else
#define RAPPORT_ALSO_AVX2
#endif

/// A row of the covariance, or what multiplies one: the joint features padded with 0s to
/// `covariance_stride`.
using Row = std::array<double, covariance_stride>;

/// S -= g g', for g = sqrt(shrink) S x: the rank-one step of the update. Element (i, j) subtracts
/// g_i g_j and (j, i) g_j g_i, the same product, so S stays exactly symmetric; each row is one pass of
/// whole vectors (the padding subtracts g_i 0 and stays 0). A row whose g_i is 0 would subtract only
/// zeros, so it is skipped: those are the features no outcome has involved yet, whose rows of S stay 0
/// but for the diagonal, and so their g_i stays exactly 0.
RAPPORT_ALSO_AVX2
void shrink_covariance(GlobalModel& g, const Row& sx, double shrink) noexcept {
  // `shrink` is c / (1 + c x' S x), not negative for a covariance S; a matrix that is not one (a foreign
  // snapshot's) skips the step rather than filling S with NaN.
  const double scale = std::sqrt(std::max(shrink, 0.0));
  Row f{};
  for (std::size_t i = 0; i < covariance_stride; ++i) f[i] = scale * sx[i];
  for (std::size_t i = 0; i < joint_count; ++i) {
    if (f[i] == 0) continue;
    double* row = &g.covariance[i * covariance_stride];
    // Kept a loop, so that it is vectorised as one: GCC would unroll a loop this short into scalar
    // products and pack them.
#pragma GCC unroll 1
    for (std::size_t j = 0; j < covariance_stride; ++j) row[j] -= f[i] * f[j];
  }
}

/// One step of assumed-density filtering for a logistic likelihood: the Gaussian posterior of the
/// global weights (covariance `S` over the joint features, diagonal `v` over the others) and of the
/// owner's deviation (diagonal `d`) is updated with the outcome `target` for features `x`, in closed
/// form (a rank-one update; the step is the posterior variance, so it shrinks as outcomes accumulate,
/// with no schedule to tune).
RAPPORT_ALSO_AVX2
void update(GlobalModel& g, OwnerDeviation<OwnerModel, RequestDeviation> o, const Features& x, double p,
            double target) noexcept {
  constexpr std::size_t n = feature_count;
  // Most features of a request are 0 (six of the seven kinds; the conversation features for a stranger;
  // in a replayed message about 15 of 31). Their terms of S x and of the spread are exactly 0 (S is
  // finite), and adding 0 to a sum that starts at +0 leaves it as it was, bit for bit: so only the other
  // terms are summed, in the same order, which makes the sums identical to summing all of them.
  std::array<std::uint8_t, n> used{};  // indices of the non-zero features, ascending
  std::size_t k = 0;
  for (std::size_t j = 0; j < n; ++j)
    if (x[j] != 0) used[k++] = static_cast<std::uint8_t>(j);
  // S x over the joint features, by adding each used one's row of S times its value: S is exactly
  // symmetric (the update below keeps it so), so row j is column j and each sx[i] adds the same terms in
  // the same order as a dot product of row i would; the rows are contiguous, so each addition is one
  // vectorised pass.
  Row sx{};
  for (std::size_t m = 0; m < k; ++m) {
    if (!is_joint(used[m])) continue;
    const double xj = x[used[m]];
    const double* row = &g.covariance[joint_index(used[m]) * covariance_stride];
#pragma GCC unroll 1  // as in `shrink_covariance`
    for (std::size_t i = 0; i < covariance_stride; ++i) sx[i] += row[i] * xj;
  }
  // The posterior covariance times x, of feature j: its row of S x, or v_j x_j.
  const auto spread_of = [&](std::size_t j) noexcept {
    return is_joint(j) ? sx[joint_index(j)] : g.variance[j] * x[j];
  };
  double spread = 0;  // x' S x + sum v_j x_j^2 + sum d_j x_j^2: the variance of the log-odds
  for (std::size_t m = 0; m < k; ++m) {
    const std::size_t i = used[m];
    spread += x[i] * spread_of(i) + o.variance(i) * x[i] * x[i];
  }
  // Each loop multiplies by a quotient computed once: a division per element would cost several times
  // a multiplication.
  const double c = p * (1 - p), den = 1 + c * spread, step = (p - target) / den, shrink = c / den;
  for (std::size_t i = 0; i < joint_count; ++i) g.weights[joint_feature(i)] -= step * sx[i];
  for (std::size_t m = 0; m < k; ++m) {  // the other weights, and the owner's, move only where x is not 0
    const std::size_t i = used[m];
    if (!is_joint(i)) {
      const double vx = g.variance[i] * x[i];
      g.weights[i] -= step * vx;
      g.variance[i] -= shrink * vx * vx;
    }
    float &weight = o.weight(i), &variance = o.variance(i);
    const double dx = variance * x[i];
    weight = static_cast<float>(weight - step * dx);
    variance = static_cast<float>(variance - shrink * dx * dx);
  }
  shrink_covariance(g, sx, shrink);
  const double weight = 1 / (static_cast<double>(g.outcomes) + 1);  // of this outcome in the means
  for (std::size_t i = 0; i < n; ++i) g.means[i] += (x[i] - g.means[i]) * weight;
  for (std::uint32_t* count : {&g.outcomes, &o.outcomes()})
    if (*count < std::numeric_limits<std::uint32_t>::max()) ++*count;
}

}  // namespace

void learn(LearningState& learning, const Policy& policy, const Arrival& arrival, double target,
           Timestamp at) {
  // Allocate first: after these, nothing can fail.
  const Features x = widened(arrival.features);
  const bool request_only =
      std::any_of(x.begin() + first_request_only, x.begin() + first_request_only + request_only_count,
                  [](double v) { return v != 0; });
  learning.owners.reserve(arrival.owner);
  if (request_only) learning.request_deviations.reserve(arrival.owner);
  if (arrival.requester) learning.requesters.reserve(*arrival.requester);
  const auto [own, new_owner] = learning.owners.add(arrival.owner);
  const auto [request, new_request] = request_only
                                          ? learning.request_deviations.add(arrival.owner)
                                          : std::pair{learning.request_deviations.find(arrival.owner), false};
  RequesterRecord* record = arrival.requester ? learning.requesters.add(*arrival.requester).first : nullptr;
  // The priors: the global weights start at the formula, each owner's deviation at 0.
  const Learning& l = policy.learning;
  if (learning.global.outcomes == 0)
    for (std::size_t j = 0; j < feature_count; ++j) {
      const double prior = 1 / (is_history(j) ? l.history_precision : l.global_precision);
      if (is_joint(j))
        learning.global.covariance[covariance_element(j, j)] = prior;
      else
        learning.global.variance[j] = prior;
    }
  if (new_owner) {
    own->offset_variance.fill(static_cast<float>(judge_prior_variance));
    for (std::size_t j = 0; j < feature_count; ++j)
      if (!is_request_only(j))
        own->deviation.variance[OwnerModel::place(j)] = static_cast<float>(owner_prior_variance(l, j));
  }
  if (new_request) *request = untaught_request_deviation(l);
  // The formula and the model are judged on the outcome before either learns from it, so neither is
  // credited with foresight: the evidence is a prequential log-likelihood ratio.
  GlobalModel& g = learning.global;
  const Features w = learned_weights(g, own, request);
  const double formula = x[index(Feature::prior)];
  const double by_formula = judge(own->offsets[0], own->offset_variance[0], formula, target);
  const double by_model =
      judge(own->offsets[1], own->offset_variance[1], centred_logit(w, x, g.means), target);
  g.set_evidence(g.evidence + (by_formula - by_model));
  // The model learns with the base rates and uncentred: the level is what its weights fit.
  update(g, OwnerDeviation(*own, request), x, logistic(centred_dot(w, x, Features{}, 0)), target);
  if (record) add_outcome(*record, target, at, policy.decay.reciprocity_half_life);
}

}  // namespace detail

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
  detail::NetworkState& s = *state_;
  const detail::ResolvedRequest ids = detail::resolve(s, request);
  detail::check_time(request.received, "request.received");
  const std::uint64_t fingerprint = detail::fingerprint(ids.owner, request);
  if (s.fingerprints.contains(fingerprint)) return false;
  if (const detail::Inbox* held = s.inbox(ids.owner);
      held && !held->inflow.empty() && request.received + s.policy.decay.max_lateness < held->inflow.back())
    throw Error(Errc::stale_event, "request.received", detail::time_text(request.received));
  // What scoring sees of it before it counts in its own history: its outcome learns from that.
  detail::Features features{};
  detail::score_resolved(s, ids, request, request.received, &features);
  const detail::Arrival arrival{.features = detail::kept(features),
                                .owner = ids.owner,
                                .requester = ids.requester,
                                .received = request.received};
  const auto [inbox, new_inbox] = s.inboxes.try_emplace(ids.owner);
  std::vector<Timestamp>& times = inbox->second.inflow;
  detail::AsksByRequester& asks = inbox->second.asks;
  bool new_requester = false, added = false, kept = false;
  detail::AsksByRequester::iterator history;
  try {
    detail::reserve_more(times, 1);
    std::tie(history, new_requester) = asks.try_emplace(detail::ask_key(s, request.requester, ids.requester));
    kept = s.learning.arrivals.try_emplace(fingerprint, arrival).second;
    added = s.fingerprints.insert(fingerprint);
    if (ids.requester)  // resolved and checked already: recorded without looking the handles up again
      detail::record_between(s, *ids.requester, ids.owner,
                             Interaction{.from = request.requester,
                                         .to = request.owner,
                                         .kind = InteractionKind::asked,
                                         .at = request.received});
  } catch (...) {
    if (added) s.fingerprints.erase(fingerprint);
    if (kept) s.learning.arrivals.erase(fingerprint);
    if (new_requester) asks.erase(history);
    if (new_inbox) s.inboxes.erase(inbox);
    throw;
  }
  // Cannot throw from here on: capacity reserved.
  times.insert(std::upper_bound(times.begin(), times.end(), request.received), request.received);
  add_ask(history->second, request.received, s.policy.decay.reciprocity_half_life);
  s.saw(request.received);
  return true;
}

namespace {

/// The fingerprint of the request `outcome` names, after checking that it names one, and its owner.
std::uint64_t request_of(const detail::NetworkState& s, const Outcome& outcome) {
  if (outcome.request_id.empty() && !outcome.request)
    throw Error(Errc::invalid_outcome, "outcome.request_id", "",
                "an outcome names its request, by \"request_id\" or in full as \"request\"");
  if (outcome.request && !outcome.request_id.empty())
    throw Error(
        Errc::invalid_outcome, "outcome.request_id", outcome.request_id,
        "an outcome names its request one way, by \"request_id\" or in full as \"request\", not both");
  if (outcome.request && !outcome.owner.empty() && outcome.owner != outcome.request->owner)
    throw Error(Errc::invalid_outcome, "outcome.owner", outcome.owner, "not the owner of \"request\"");
  if (outcome.request) {
    const MemberId owner = detail::require_member(s, outcome.request->owner, "outcome.request.owner");
    return detail::fingerprint(owner, *outcome.request);
  }
  const MemberId owner = detail::require_member(s, outcome.owner, "outcome.owner");
  return detail::fingerprint(owner, Request{.id = outcome.request_id});
}

}  // namespace

bool Network::record(const Outcome& outcome) {
  detail::NetworkState& s = *state_;
  const std::uint64_t request = request_of(s, outcome);
  const auto found = s.learning.arrivals.find(request);
  if (found == s.learning.arrivals.end()) {
    if (outcome.request)
      throw Error(
          Errc::unknown_request, "outcome.request",
          outcome.request->id.empty() ? detail::time_text(outcome.request->received) : outcome.request->id);
    throw Error(Errc::unknown_request, "outcome.request_id", outcome.request_id);
  }
  const detail::Arrival arrival = found->second;
  detail::check_time(outcome.at, "outcome.at");
  if (outcome.at < arrival.received)
    throw Error(Errc::invalid_outcome, "outcome.at", detail::time_text(outcome.at),
                "before the request arrived, at " + detail::time_text(arrival.received));
  const std::uint64_t fingerprint = detail::fingerprint(request, outcome.kind, outcome.at);
  if (s.fingerprints.contains(fingerprint)) return false;
  s.fingerprints.insert(fingerprint);
  try {
    detail::learn(s.learning, s.policy, arrival, detail::taken_up(outcome.kind), outcome.at);
  } catch (...) {
    s.fingerprints.erase(fingerprint);
    throw;
  }
  return true;
}

}  // namespace rapport
