#ifndef RAPPORT_SCORE_HPP
#define RAPPORT_SCORE_HPP

/// \file
/// `score()` and `score_all()`: the four dimensions, the total, the decision and its reasons.

#include <optional>
#include <rapport/export.hpp>
#include <rapport/reason.hpp>
#include <rapport/request.hpp>
#include <rapport/scoring_pool.hpp>
#include <rapport/time.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace rapport {

class Network;

/// What to do with a request.
enum class Decision {
  accept,   ///< promote it now
  defer,    ///< worth doing, no room now: `Score::slot` names the earliest time with room
  decline,  ///< say no
  counter,  ///< offer critique or a conversation instead of promotion
};

/// The stable lowercase name of a decision ("counter").
RAPPORT_API std::string_view to_string(Decision decision) noexcept;

/// A request scored from its owner's point of view: four dimensions in [0, 1], their weighted total,
/// what the owner's own outcomes taught, the decision and the reasons behind it.
struct Score {
  double relevance = 0;      ///< fit with the owner's niche and the asked channels' audiences
  double prior_context = 0;  ///< what the owner already knows of the requester
  double audience_load = 0;  ///< room left on the asked channels if accepted: 1 plenty, 0 overloads
  double reciprocity = 0;    ///< balance of value between them, and what the request offers
  double total = 0;          ///< weighted mean of the four, blended with `learned` once learning applies
  /// The learned probability that the owner takes the request up (accepts, defers or answers it): from
  /// the owner's outcomes once it has had `Learning::warm_up` of them, and until then, or with learning
  /// off, the formula's weighted mean itself.
  double learned = 0;
  Decision decision = Decision::decline;  ///< what to do with the request; `reasons` begins with why
  std::optional<Timestamp> slot{};  ///< for a deferral: the earliest time with room on every asked channel
  Reasons reasons{};                ///< the decisive reason first, then one or more per dimension

  /// Whether every field is equal.
  friend bool operator==(const Score&, const Score&) = default;
};

/// Scores `request` against `network` and its policy at `now`. Pure and thread-safe: the same inputs
/// give bit-identical results, and nothing is allocated. An unknown requester scores as a stranger.
/// Throws `Error` for an unknown owner or channel, an empty or self-addressed request, or a content
/// quality outside [0, 1].
RAPPORT_API Score score(const Network& network, const Request& request, Timestamp now);

/// Scores many requests, in parallel on up to `threads` threads (0: the hardware's count), started for
/// this call alone. The result is in input order and identical to scoring each one alone. Throws the
/// first failing request's `Error`, first in input order.
RAPPORT_API std::vector<Score> score_all(const Network& network, std::span<const Request> requests,
                                         Timestamp now, unsigned threads = 0);

/// `score_all` on the threads of `pool`, which the caller keeps alive between calls: the same result,
/// with no thread started. The threads take runs of 64 consecutive requests in turn, so a thread the
/// machine runs late takes fewer.
RAPPORT_API std::vector<Score> score_all(const Network& network, std::span<const Request> requests,
                                         Timestamp now, ScoringPool& pool);

}  // namespace rapport

#endif  // RAPPORT_SCORE_HPP
