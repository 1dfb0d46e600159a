#ifndef RAPPORT_ATTENTION_HPP
#define RAPPORT_ATTENTION_HPP

/// \file
/// The attention list: strategic partners past their cadence, and partners the owner owes.

#include <optional>
#include <rapport/export.hpp>
#include <rapport/member.hpp>
#include <rapport/time.hpp>
#include <vector>

namespace rapport {

class Network;

/// A strategic partner at or past the contact cadence the owner wants with them.
struct OverduePartner {
  MemberId member = 0;  ///< the strategic partner
  /// The latest interaction that was more than a like, an ask or a harm.
  std::optional<Timestamp> last_meaningful{};
  double days_since = 0;    ///< days since then (since the first contact, if there was none)
  double cadence_days = 0;  ///< the partner's `Member::cadence`
  double overdue = 0;       ///< days_since / cadence_days: 1 is due today, 2 is twice the cadence

  /// Whether every field is equal.
  friend bool operator==(const OverduePartner&, const OverduePartner&) = default;
};

/// A partner with whom the owner is the taker: it took more than it gave ("you've got to give to get").
struct OwedPartner {
  MemberId member = 0;  ///< the partner the owner owes
  double gave = 0;      ///< decayed value the owner gave them
  /// Decayed value they gave the owner, plus the cost of the owner's asks and unanswered messages.
  double took = 0;
  double asks = 0;                             ///< decayed asks the owner made of them
  std::optional<Timestamp> last_meaningful{};  ///< latest meaningful interaction between them

  /// Whether every field is equal.
  friend bool operator==(const OwedPartner&, const OwedPartner&) = default;
};

/// Who needs the owner's attention.
struct AttentionList {
  std::vector<OverduePartner> overdue{};  ///< strategic partners due or past cadence, most overdue first
  std::vector<OwedPartner> owed{};  ///< partners the owner took from more than it gave, largest gap first

  /// Whether every field is equal.
  friend bool operator==(const AttentionList&, const AttentionList&) = default;
};

/// The owner's attention list at `now`. A strategic member counts as a partner once any interaction
/// between them is recorded; thresholds are `Policy::overload` (`cadence_strained`, `taker_margin`).
/// Ties order by member id. Throws `Error` for an owner not in the network.
RAPPORT_API AttentionList attention_list(const Network& network, MemberId owner, Timestamp now);

}  // namespace rapport

#endif  // RAPPORT_ATTENTION_HPP
