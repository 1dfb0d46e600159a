#ifndef RAPPORT_SRC_DETAIL_LEARNING_STATE_HPP
#define RAPPORT_SRC_DETAIL_LEARNING_STATE_HPP

// What a network has learned of its owners' taste: state only. The features, the prediction and the
// update are the scoring layer's (detail/learning.hpp).

#include <array>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <rapport/member.hpp>
#include <rapport/policy.hpp>
#include <rapport/time.hpp>
#include <utility>
#include <vector>

#include "chunked_vector.hpp"

namespace rapport::detail {

/// What learning weighs, in this order (snapshots store them by name). Each is in [0, 1] but `prior`
/// (log-odds), `taken_up` (a rate less one half) and the counts (log(1 + n)). Taste comes first: what
/// a request is and who it is from, where owners differ most; then habit: how the two are talking now.
enum class Feature : std::uint8_t {
  bias,            // the owner's base rate of taking requests up
  direct_context,  // taste: prior context from the owner's own history with the requester
  vouching,        // taste: prior context lent by the owner's strongest ties
  outreach,        // taste: prior context from the owner's own recent outreach
  gave,            // taste: value the requester gave the owner, mapped to [0, 1)
  took,            // taste: value the requester took, asks included, mapped to [0, 1)
  offer,           // taste: what the request offers in return
  preview,         // taste: the content can be seen
  personal,        // taste: written for the owner
  relevance,       // taste: the relevance dimension
  crowded,         // taste: 1 - the audience load dimension: how little room the asked channels have
  kind_mention,    // taste: the request kind, against a plain share (which has none of these)
  kind_review,
  kind_guest_post,
  kind_endorsement,
  kind_co_creation,
  kind_feedback,
  prior,             // habit: the formula's total as log-odds: learning is a correction on top of it
  wrote_today,       // habit: the owner wrote to the requester lately, on a scale of a day
  wrote_this_hour,   // habit: ... on a scale of an hour
  answers_owner,     // habit: the owner wrote to the requester within the week: this may answer it
  owner_messages,    // habit: log(1 + the owner's messages to the requester)
  replied_before,    // habit: log(1 + the owner's messages that answered the requester's, decayed)
  their_messages,    // habit: log(1 + the requester's messages to the owner)
  their_burst,       // habit: the requester wrote to the owner lately, on a scale of an hour
  taken_up,          // habit: how the requester's requests to anyone were taken up, less an even chance
  wrote_this_month,  // habit: the owner wrote to the requester lately, on a scale of 30 days
  owner_active,      // habit: log(1 + the owner's messages to anyone, decayed on a scale of a day)
  cold_outreach,     // habit: log(1 + the requester's first contacts with anyone, decayed on a day)
  talking_today,     // habit: both wrote to each other lately, on a scale of a day: a live conversation
  answering,         // habit: log(1 + the requester's messages that answered someone, decayed on a day)
};
/// The first habit feature: those before it, but `bias`, are taste.
inline constexpr Feature first_habit = Feature::prior;
inline constexpr std::size_t feature_count = static_cast<std::size_t>(Feature::answering) + 1;
/// Features of snapshots before version 4, which end at `taken_up`: theirs is the leading block.
inline constexpr std::size_t version3_feature_count = static_cast<std::size_t>(Feature::taken_up) + 1;
/// Features of version 4 snapshots, which end at `cold_outreach`: theirs is the leading block.
inline constexpr std::size_t version4_feature_count = static_cast<std::size_t>(Feature::cold_outreach) + 1;
using Features = std::array<double, feature_count>;

/// The sigmoid, 1 / (1 + e^-z), computed without overflow.
inline double logistic(double z) noexcept {
  if (z >= 0) return 1 / (1 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1 + e);
}

/// Whether feature `j` is one of the formula's parts drawn from the two's history
/// (`Learning::history_precision`).
constexpr bool is_history(std::size_t j) noexcept {
  return j >= static_cast<std::size_t>(Feature::direct_context) &&
         j <= static_cast<std::size_t>(Feature::took);
}

/// The prior variance of an owner's deviation in feature `j`: where its own outcomes start from.
inline double owner_prior_variance(const Learning& policy, std::size_t j) noexcept {
  if (j == static_cast<std::size_t>(Feature::bias)) return 1 / policy.base_rate_precision;
  if (is_history(j)) return 1 / policy.history_precision;
  return 1 / (j < static_cast<std::size_t>(first_habit) ? policy.taste_precision : policy.habit_precision);
}

/// Whether the global model learns feature `j`'s weight jointly with the others that are, through a full
/// covariance: the base rate and the habit features. These all measure how the two are talking and how
/// much the owner takes up, so they move together, and what is learned of one must be shared among them
/// (with each weight learned alone, a message log's history is counted several times over). A taste
/// feature describes the request on its own, and has a variance of its own.
constexpr bool is_joint(std::size_t j) noexcept {
  return j == static_cast<std::size_t>(Feature::bias) || j >= static_cast<std::size_t>(first_habit);
}
/// How many features are joint (`is_joint`).
inline constexpr std::size_t joint_count = 1 + feature_count - static_cast<std::size_t>(first_habit);
/// The place of joint feature `j` in `GlobalModel::covariance`: the base rate first, then the habit
/// features in order.
constexpr std::size_t joint_index(std::size_t j) noexcept {
  return j == static_cast<std::size_t>(Feature::bias) ? 0 : j - static_cast<std::size_t>(first_habit) + 1;
}
/// The joint feature at place `i` of `GlobalModel::covariance`.
constexpr std::size_t joint_feature(std::size_t i) noexcept {
  return i == 0 ? static_cast<std::size_t>(Feature::bias) : i - 1 + static_cast<std::size_t>(first_habit);
}
/// The length of a row of `GlobalModel::covariance`: the joint features, padded with 0s to whole vectors
/// of four.
inline constexpr std::size_t covariance_stride = (joint_count + 3) / 4 * 4;
/// The place in `GlobalModel::covariance` of the covariance of joint features `i` and `j`.
constexpr std::size_t covariance_element(std::size_t i, std::size_t j) noexcept {
  return joint_index(i) * covariance_stride + joint_index(j);
}

/// The global weights: an online Bayesian logistic regression with a Gaussian posterior updated once per
/// outcome, its covariance full over the joint features (`is_joint`) and diagonal over the others:
/// O(joint features^2 + features) an update.
struct GlobalModel {
  Features weights{};
  Features means{};  // of the features of the outcomes learned: what a correction is centred on
  // The joint features' covariance, by `joint_index`, row-major in rows `covariance_stride` long (the
  // padding stays 0); set on the first outcome.
  std::array<double, joint_count * covariance_stride> covariance{};
  // The other features' variances, by feature (0 for the joint ones); set on the first outcome.
  Features variance{};
  std::uint32_t outcomes = 0;
  // How far the learned correction has earned its place, in nats: the log-likelihood ratio of the model
  // against the formula alone, each with the owner's offset (`OwnerModel::offsets`), over the outcomes
  // learned, each judged before either learned from it. Set with `set_evidence`.
  double evidence = 0;
  // The share of the correction that counts: the posterior probability, from even prior odds, that the
  // model predicts better; kept with the evidence so that a score computes no exponential.
  double trust = 0.5;

  /// Sets the evidence, and the trust that follows from it.
  void set_evidence(double nats) noexcept {
    evidence = nats;
    trust = logistic(nats);
  }

  friend bool operator==(const GlobalModel&, const GlobalModel&) = default;
};

/// The features that only a request sets, `offer` to `kind_feedback`: no message sets them, so the owners
/// whose outcomes are all messages (a replayed log's every recipient) never learn them, and an owner's
/// deviation over them is kept apart (`RequestDeviation`), only once it learns one.
inline constexpr std::size_t first_request_only = static_cast<std::size_t>(Feature::offer);
inline constexpr std::size_t request_only_count =
    static_cast<std::size_t>(Feature::kind_feedback) + 1 - first_request_only;
/// Whether feature `j` is one that only a request sets.
constexpr bool is_request_only(std::size_t j) noexcept {
  return j - first_request_only < request_only_count;
}

/// A deviation from the global weights over `N` features, with its diagonal posterior variance: the prior
/// keeps it near 0 until the owner's own outcomes outweigh it. Single precision: a deviation is a
/// correction learned from one owner's outcomes, which do not hold seven digits of evidence, and a network
/// keeps one for every owner, so its size is what a million owners cost. The update computes in double
/// precision and rounds what it stores.
template <std::size_t N>
struct Deviation {
  std::array<float, N> weights{};
  std::array<float, N> variance{};  // set when created

  friend bool operator==(const Deviation&, const Deviation&) = default;
};

/// One owner's model: its deviation from the global weights over every feature but the request-only ones
/// (which a `RequestDeviation` holds), and how the formula and the model have judged its outcomes.
struct OwnerModel {
  /// Where feature `j`, not a request-only one, is in `deviation`.
  static constexpr std::size_t place(std::size_t j) noexcept {
    return j < first_request_only ? j : j - request_only_count;
  }

  Deviation<feature_count - request_only_count> deviation;  // set when the owner's first outcome arrives
  std::uint32_t outcomes = 0;
  // How much more the owner takes up than each judge predicts, the formula alone (0) and the model (1):
  // learned intercepts in log-odds, so that the two are compared on how they rank this owner's
  // requests, not on how much it takes up overall; with their variances (`judge_prior_variance` at
  // the owner's first outcome).
  std::array<float, 2> offsets{};
  std::array<float, 2> offset_variance{};

  friend bool operator==(const OwnerModel&, const OwnerModel&) = default;
};

/// An owner's deviation over the request-only features, feature `j` at `j - first_request_only`: made,
/// at its prior, at the first outcome of a request that has one of them. Until then the deviation is 0,
/// which is what it would have been.
using RequestDeviation = Deviation<request_only_count>;

/// An owner's deviation by feature, wherever each feature's is kept: a request-only one's in `request`,
/// which must be there for such a feature to be read, any other's in `own`. `Own` and `Request` may be
/// const, for a view that only reads.
template <class Own, class Request>
class OwnerDeviation {
 public:
  OwnerDeviation(Own& own, Request* request) noexcept : own_(own), request_(request) {}
  auto& weight(std::size_t j) const noexcept {
    return is_request_only(j) ? request_->weights[j - first_request_only]
                              : own_.deviation.weights[OwnerModel::place(j)];
  }
  auto& variance(std::size_t j) const noexcept {
    return is_request_only(j) ? request_->variance[j - first_request_only]
                              : own_.deviation.variance[OwnerModel::place(j)];
  }
  auto& outcomes() const noexcept { return own_.outcomes; }

 private:
  Own& own_;
  Request* request_;
};

/// A deviation over the request-only features that no outcome has taught: 0, at the prior.
inline RequestDeviation untaught_request_deviation(const Learning& policy) noexcept {
  RequestDeviation d;
  for (std::size_t k = 0; k < request_only_count; ++k)
    d.variance[k] = static_cast<float>(owner_prior_variance(policy, first_request_only + k));
  return d;
}

/// The prior variance of an owner's offsets (`OwnerModel::offsets`): a standard deviation of 2 in
/// log-odds, so an owner may take up several times more or less than a judge predicts. Neither the
/// formula nor the model is calibrated to an owner; with a tighter prior the comparison would weigh
/// that, with a much looser one each owner's first few outcomes would swing it.
inline constexpr double judge_prior_variance = 4;

/// Features kept until an outcome learns from them, in single precision: a request waits for its outcome
/// for days, a replayed log keeps a week of messages waiting, and what one outcome teaches does not hold
/// seven digits either. Learning widens them (`widened`), computing in double precision.
using KeptFeatures = std::array<float, feature_count>;

/// `x` in single precision, each rounded to nearest.
inline KeptFeatures kept(const Features& x) noexcept {
  KeptFeatures out;
  for (std::size_t j = 0; j < feature_count; ++j) out[j] = static_cast<float>(x[j]);
  return out;
}
/// `x` in double precision, exactly.
inline Features widened(const KeptFeatures& x) noexcept {
  Features out;
  for (std::size_t j = 0; j < feature_count; ++j) out[j] = x[j];
  return out;
}

/// What a recorded request looked like to scoring when it arrived: what its outcome teaches from.
struct Arrival {
  KeptFeatures features{};
  MemberId owner = 0;
  std::optional<MemberId> requester;  // empty for a requester who was not a member
  Timestamp received{};

  friend bool operator==(const Arrival&, const Arrival&) = default;
};

/// How a member's requests to anyone were taken up, decayed with the reciprocity half-life.
struct RequesterRecord {
  double requests = 0;  // outcomes of its requests
  double taken_up = 0;  // of which taken up (a counter counts half)
  Timestamp as_of{};    // the time both are decayed to

  friend bool operator==(const RequesterRecord&, const RequesterRecord&) = default;
};

/// How much a member has been reaching out to anyone lately, each count decayed on a scale of a day:
/// someone writing now answers, someone dormant does not, someone writing to many strangers at once
/// is answered less by each, and someone answering others is in conversations, and answered in turn.
/// A network keeps one for every member, so it is 20 bytes: the counts in single precision (a handful
/// of events, decayed), and the time in two halves, which would otherwise be aligned to 8 and padded.
struct MemberActivity {
  float sent = 0;            // events that reached someone out (messages, calls, likes...)
  float first_contacts = 0;  // of which to someone neither had reached out to before
  float answers = 0;         // of which to someone who had reached this member out within the day

  /// The time the counts are decayed to.
  Timestamp as_of() const noexcept {
    return Timestamp{Duration{static_cast<Duration::rep>(std::uint64_t{as_of_high_} << 32 | as_of_low_)}};
  }
  void set_as_of(Timestamp t) noexcept {
    const auto bits = static_cast<std::uint64_t>(t.time_since_epoch().count());
    as_of_low_ = static_cast<std::uint32_t>(bits);
    as_of_high_ = static_cast<std::uint32_t>(bits >> 32);
  }

  friend bool operator==(const MemberActivity&, const MemberActivity&) = default;

 private:
  std::uint32_t as_of_low_ = 0, as_of_high_ = 0;
};
static_assert(sizeof(MemberActivity) == 20, "counts and time without padding");

/// Values by member, stored together in the order they were added and found through an index by member
/// id: member ids are dense, so the index is an array of 4 bytes a member, read in one step whose address
/// is known, where a hash table would be a chain of dependent reads (a cache miss each, in a large
/// network). The values grow in chunks of 256 KiB, never moved: a network with a million owners has no
/// moment when two copies of their models are resident.
template <class T>
class ByMember {
 public:
  /// The member's value, or nullptr if it has none. O(1).
  const T* find(MemberId id) const noexcept {
    if (id >= index_.size() || index_[id] == none) return nullptr;
    return &values_[index_[id]];
  }

  /// The member's value, or nullptr if it has none. O(1).
  T* find(MemberId id) noexcept { return const_cast<T*>(std::as_const(*this).find(id)); }

  /// Makes room for `id`'s value, so that `add(id)` cannot throw. Amortised O(1); if it throws, the
  /// values are as they were.
  void reserve(MemberId id) {
    if (find(id)) return;
    if (id >= index_.size()) index_.resize(std::size_t{id} + 1, none);  // grows geometrically
    values_.reserve_more(1);
  }

  /// The member's value, added (value-initialised) if it had none, and whether it was added. Amortised
  /// O(1); changes nothing if it throws, and cannot throw after `reserve(id)`.
  std::pair<T*, bool> add(MemberId id) {
    if (T* found = find(id)) return {found, false};
    reserve(id);
    index_[id] = static_cast<std::uint32_t>(values_.size());
    return {&values_.push_back(T{}), true};  // cannot throw: reserved
  }

  /// The members that have a value, ascending. O(highest member id).
  std::vector<MemberId> members() const {
    std::vector<MemberId> out;
    out.reserve(values_.size());
    for (std::size_t id = 0; id < index_.size(); ++id)
      if (index_[id] != none) out.push_back(static_cast<MemberId>(id));
    return out;
  }

 private:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  ChunkedVector<T, (std::size_t{256} << 10)> values_;
  std::vector<std::uint32_t> index_;  // member id -> its value's index in `values_`, or `none`
};

/// The global model, each owner's deviation from it, and what outcomes still to come will need.
struct LearningState {
  /// Before any outcome the model is the formula: weight 1 on its log-odds, 0 on the rest.
  LearningState() { global.weights[static_cast<std::size_t>(Feature::prior)] = 1; }

  GlobalModel global;
  ByMember<OwnerModel> owners;                                 // by owner
  ByMember<RequestDeviation> request_deviations;               // by owner, for those that learned one
  boost::unordered_flat_map<std::uint64_t, Arrival> arrivals;  // by request fingerprint
  ByMember<RequesterRecord> requesters;                        // by requester
  std::vector<MemberActivity> activity;                        // by member id, one for each member
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_LEARNING_STATE_HPP
