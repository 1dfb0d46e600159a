#ifndef RAPPORT_SRC_DETAIL_DIMENSIONS_HPP
#define RAPPORT_SRC_DETAIL_DIMENSIONS_HPP

// The four dimensions of a score: relevance, prior context, audience load and reciprocity. Each
// returns its value and appends the reasons that explain it; the decision (score.cpp) reads the facts
// they found along the way.

#include <cstdint>
#include <optional>
#include <rapport/member.hpp>
#include <rapport/policy.hpp>
#include <rapport/reason.hpp>
#include <rapport/relationship.hpp>
#include <rapport/request.hpp>
#include <rapport/time.hpp>
#include <span>

#include "network_state.hpp"

namespace rapport::detail {

/// How well the request's topics fit the owner's niche and the asked channels' audiences.
double relevance(const NetworkState& s, const Request& req, const ResolvedRequest& ids,
                 Reasons& reasons) noexcept;

/// What the owner knows of the requester, for the dimension and for the owner's conditions.
struct Known {
  double context = 0;          // the dimension: relationship context plus the preview and personal bonuses
  double relationship = 0;     // history with them and vouching: what the owner's first condition asks
  bool talked = false;         // on a call, or in messages both ways, within the context half-life
  bool vetted_before = false;  // the owner has bought, vetted or critiqued the requester's work
  std::uint32_t kept = 0, broken = 0;
  // The parts of `context`, as learning weighs them.
  double direct = 0;    // the owner's own history with the requester
  double vouch = 0;     // lent by the owner's strongest ties, before `Policy::vouching_weight`
  double outreach = 0;  // the owner's own recent outreach
};

/// Prior context from three independent sources: the owner's direct history with the requester
/// (`rel`), vouching by the owner's strongest ties, and the owner's own recent outreach; then what the
/// request itself brings (a preview, a personal message).
Known prior_context(const NetworkState& s, const Request& req, MemberId owner,
                    std::optional<MemberId> requester, const std::optional<Relationship>& rel, Timestamp now,
                    Reasons& reasons) noexcept;

/// The audience load of the asked channels, and why a promotion would have to wait.
struct Load {
  double value = 1;
  bool launch = false;
  bool no_room = false;
};

Load audience_load(const NetworkState& s, MemberId owner, std::span<const ChannelId> channels, Timestamp now,
                   Reasons& reasons) noexcept;

/// The requests the owner has had from this requester's handle, member or not, this one included.
struct Pitches {
  std::uint32_t count = 1;
  Timestamp first{}, last{};
  double asks = 0;  // the recorded ones, decayed to now
};

Pitches pitches_of(const NetworkState& s, const ResolvedRequest& ids, const Request& req,
                   Timestamp now) noexcept;

/// The parts of reciprocity, as learning weighs them.
struct Exchange {
  double gave = 0;   // what the requester's history with the owner gave: favours, answers, mutuality
  double took = 0;   // what it took: favours, asks, awaited answers, harm
  double offer = 0;  // what the request offers, a promise scaled by the requester's record
};

/// The balance of what the requester gave the owner and took, with the offer, as a share in [0, 1];
/// `exchange` receives its parts.
double reciprocity(const Policy& p, const Request& req, const std::optional<Relationship>& rel,
                   const Pitches& pitches, const Known& k, Reasons& reasons, Exchange& exchange) noexcept;

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_DIMENSIONS_HPP
