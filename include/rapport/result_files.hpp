#ifndef RAPPORT_RESULT_FILES_HPP
#define RAPPORT_RESULT_FILES_HPP

/// \file
/// rapport's result files, written for people and programs downstream: scored requests
/// (`rapport.results`), overload reports (`rapport.report`), triage plans (`rapport.plan`) and
/// attention lists (`rapport.attention`), documented in docs/formats.md. Unlike the conversions of
/// `rapport/json/results.hpp`, which give members and channels as dense ids, these name them by handle
/// and add each reason's, signal's and action's sentence. Times are RFC 3339 text; an absent time is
/// null.

#include <boost/json/value.hpp>
#include <iosfwd>
#include <rapport/attention.hpp>
#include <rapport/export.hpp>
#include <rapport/network.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>
#include <span>

namespace rapport {

/// One request's result: its id, requester and owner, the score and decision, and the reasons with
/// members and channels by handle and name and the sentence `describe` gives.
RAPPORT_API boost::json::value result_to_json(const Network& network, const Request& request,
                                              const Score& score);
/// A result file's value: "format", "version", "now" and "results", one per request, in order.
/// Throws `Error` (`out_of_range`) unless `requests` and `scores` have the same length.
RAPPORT_API boost::json::value results_to_json(const Network& network, std::span<const Request> requests,
                                               std::span<const Score> scores, Timestamp now);
/// Writes `results_to_json`.
RAPPORT_API void save_results(const Network& network, std::span<const Request> requests,
                              std::span<const Score> scores, Timestamp now, std::ostream& out);

/// A report file's value: "format", "version", "owner", "now", "level" and "signals", each with its
/// "kind", "level", "value", "limit", "text" and "actions" ({"kind", "text"}); "promotions", "promoted"
/// ({"member", "name", "promotions", "last"}) and the owner's "topics". `pending` is the list `report`
/// was made with: actions name its requests.
RAPPORT_API boost::json::value report_to_json(const Network& network, MemberId owner,
                                              const OverloadReport& report, std::span<const Request> pending,
                                              Timestamp now);
/// A plan file's value: "format", "version", "owner", "now", "entries" ({"id", "requester", "decision",
/// "slot", "total", "pinned", "reason", "flip"}, "reason" the decisive reason's sentence) and
/// "pin_overloads" (request ids). `pending` is the list `plan` was made with.
RAPPORT_API boost::json::value plan_to_json(const Network& network, MemberId owner, const TriagePlan& plan,
                                            std::span<const Request> pending, Timestamp now);
/// An attention file's value: "format", "version", "owner", "now", "overdue" ({"member",
/// "last_meaningful", "days_since", "cadence_days", "overdue"}) and "owed" ({"member", "gave", "took",
/// "asks", "last_meaningful"}), members by handle.
RAPPORT_API boost::json::value attention_to_json(const Network& network, MemberId owner,
                                                 const AttentionList& list, Timestamp now);

}  // namespace rapport

#endif  // RAPPORT_RESULT_FILES_HPP
