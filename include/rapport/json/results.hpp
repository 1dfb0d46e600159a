#ifndef RAPPORT_JSON_RESULTS_HPP
#define RAPPORT_JSON_RESULTS_HPP

/// \file
/// Boost.JSON conversions of results: decisions, dimensions, reason codes, reasons, scores and
/// relationships (written and read), and overload reports, triage plans and attention lists (written
/// only). The conventions are those of `rapport/json/model.hpp`.

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <rapport/attention.hpp>
#include <rapport/export.hpp>
#include <rapport/json/text.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/reason.hpp>
#include <rapport/relationship.hpp>
#include <rapport/score.hpp>

namespace rapport {

/// Stable name, e.g. "counter".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, Decision decision);
/// Reads a stable name.
RAPPORT_API Decision tag_invoke(boost::json::value_to_tag<Decision>, const boost::json::value& jv);
/// Stable name, e.g. "prior_context".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, Dimension dimension);
/// Reads a stable name.
RAPPORT_API Dimension tag_invoke(boost::json::value_to_tag<Dimension>, const boost::json::value& jv);
/// Stable name, e.g. "known_through_tie".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, ReasonCode code);
/// Reads a stable name.
RAPPORT_API ReasonCode tag_invoke(boost::json::value_to_tag<ReasonCode>, const boost::json::value& jv);

/// The owner's view as `Network::relationship` gives it; per-kind counts as objects of non-zero counts.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const Relationship& relationship);
/// Reads a relationship; every field required except the count objects (missing: all zero).
RAPPORT_API Relationship tag_invoke(boost::json::value_to_tag<Relationship>, const boost::json::value& jv);
/// {"code", "dimension", "figures", "member", "channel"} with member and channel as dense ids, only
/// when set. Result files name them by handle and add the sentence instead (`rapport/result_files.hpp`).
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Reason& reason);
/// Reads a reason; "code" and "dimension" are required, "figures" has at most 3 entries.
RAPPORT_API Reason tag_invoke(boost::json::value_to_tag<Reason>, const boost::json::value& jv);
/// {"decision", "total", "relevance", "prior_context", "audience_load", "reciprocity", "slot", "reasons"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Score& score);
/// Reads a score; all but "slot" are required, and at most `Reasons::capacity` reasons.
RAPPORT_API Score tag_invoke(boost::json::value_to_tag<Score>, const boost::json::value& jv);

// The overload side, written only (a report, plan or list is computed, never read back). Members and
// channels are dense ids and requests indices into the pending list, as in `Reason`.

/// {"kind", "request", "member", "channel", "until"}, each but "kind" only when set.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Action& action);
/// {"kind", "level", "value", "limit", "ratio", "channel", "member", "layer", "window", "actions"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Signal& signal);
/// {"member", "promotions", "last"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const PromotedMember& promoted);
/// {"level", "signals", "promotions", "promoted"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const OverloadReport& report);
/// {"request", "decision", "total", "pinned", "slot", "reasons", "flip"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const PlanEntry& entry);
/// {"entries", "pin_overloads"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const TriagePlan& plan);
/// {"member", "days_since", "cadence_days", "overdue", "last_meaningful"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const OverduePartner& partner);
/// {"member", "gave", "took", "asks", "last_meaningful"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const OwedPartner& partner);
/// {"overdue", "owed"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const AttentionList& list);

}  // namespace rapport

#endif  // RAPPORT_JSON_RESULTS_HPP
