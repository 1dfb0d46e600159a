// rapport's result files: scored requests, overload reports, triage plans and attention lists.
#include <ostream>
#include <rapport/json/results.hpp>
#include <rapport/result_files.hpp>
#include <string>

#include "detail/json_read.hpp"

namespace rapport {
namespace {

namespace json = boost::json;

constexpr std::string_view results_format = "rapport.results";
// 2 added each result's "learned".
constexpr int results_version = 2;
constexpr std::string_view report_format = "rapport.report";
constexpr std::string_view plan_format = "rapport.plan";
constexpr std::string_view attention_format = "rapport.attention";

json::value optional_time(const std::optional<Timestamp>& t) {
  return t ? detail::write_timestamp(*t) : json::value(nullptr);
}

/// The envelope every owner's file starts with: "format", "version", "owner" and "now".
json::object owner_file(std::string_view format, const Network& network, MemberId owner, Timestamp now) {
  json::object file = detail::write_envelope(format);
  file["owner"] = network.handle(owner);
  file["now"] = detail::write_timestamp(now);
  return file;
}

json::value signal_to_json(const Signal& s, const Network& network, std::span<const Request> pending) {
  json::array actions;
  for (const Action& a : s.actions)
    actions.push_back(json::object{{"kind", to_string(a.kind)}, {"text", describe(a, network, pending)}});
  return json::object{
      {"kind", to_string(s.kind)}, {"level", to_string(s.level)},  {"value", s.value},
      {"limit", s.limit},          {"text", describe(s, network)}, {"actions", std::move(actions)}};
}

json::value entry_to_json(const PlanEntry& e, const Network& network, std::span<const Request> pending) {
  const Request& r = pending[e.request];
  return json::object{{"id", r.id},
                      {"requester", r.requester},
                      {"decision", to_string(e.decision)},
                      {"slot", optional_time(e.slot)},
                      {"total", e.total},
                      {"pinned", e.pinned},
                      {"reason", e.reasons.empty() ? std::string() : describe(e.reasons[0], network)},
                      {"flip", e.flip ? json::value(describe(*e.flip, network)) : json::value(nullptr)}};
}

}  // namespace

json::value result_to_json(const Network& network, const Request& request, const Score& score) {
  json::object out{{"id", request.id},
                   {"requester", request.requester},
                   {"owner", request.owner},
                   {"decision", json::value_from(score.decision)},
                   {"total", score.total},
                   {"learned", score.learned},
                   {"relevance", score.relevance},
                   {"prior_context", score.prior_context},
                   {"audience_load", score.audience_load},
                   {"reciprocity", score.reciprocity}};
  if (score.slot) out["slot"] = detail::write_timestamp(*score.slot);
  json::array reasons;
  for (const Reason& r : score.reasons) {
    json::object reason{{"code", json::value_from(r.code)}, {"dimension", json::value_from(r.dimension)}};
    reason["figures"] = json::array{r.figures[0], r.figures[1], r.figures[2]};
    if (r.member) reason["member"] = network.handle(*r.member);
    if (r.channel) reason["channel"] = network.channel(*r.channel).name;
    reason["text"] = describe(r, network);
    reasons.push_back(std::move(reason));
  }
  out["reasons"] = std::move(reasons);
  return out;
}

json::value results_to_json(const Network& network, std::span<const Request> requests,
                            std::span<const Score> scores, Timestamp now) {
  if (requests.size() != scores.size())
    throw Error(
        Errc::out_of_range, "scores",
        std::to_string(scores.size()) + " scores for " + std::to_string(requests.size()) + " requests");
  json::object file = detail::write_envelope(results_format, results_version);
  file["now"] = detail::write_timestamp(now);
  json::array results;
  for (std::size_t i = 0; i < requests.size(); ++i)
    results.push_back(result_to_json(network, requests[i], scores[i]));
  file["results"] = std::move(results);
  return file;
}

void save_results(const Network& network, std::span<const Request> requests, std::span<const Score> scores,
                  Timestamp now, std::ostream& out) {
  out << to_json_text(results_to_json(network, requests, scores, now)) << '\n';
}

json::value report_to_json(const Network& network, MemberId owner, const OverloadReport& report,
                           std::span<const Request> pending, Timestamp now) {
  json::object file = owner_file(report_format, network, owner, now);
  file["level"] = to_string(report.level);
  json::array signals;
  for (const Signal& s : report.signals) signals.push_back(signal_to_json(s, network, pending));
  file["signals"] = std::move(signals);
  file["promotions"] = report.promotions;
  json::array promoted;
  for (const PromotedMember& m : report.promoted)
    promoted.push_back(json::object{{"member", network.handle(m.member)},
                                    {"name", network.member(m.member).name},
                                    {"promotions", m.promotions},
                                    {"last", detail::write_timestamp(m.last)}});
  file["promoted"] = std::move(promoted);
  file["topics"] = json::value_from(network.member(owner).topics);
  return file;
}

json::value plan_to_json(const Network& network, MemberId owner, const TriagePlan& plan,
                         std::span<const Request> pending, Timestamp now) {
  json::object file = owner_file(plan_format, network, owner, now);
  json::array entries, overloads;
  for (const PlanEntry& e : plan.entries) entries.push_back(entry_to_json(e, network, pending));
  for (const std::size_t i : plan.pin_overloads)
    overloads.push_back(json::value(pending[plan.entries[i].request].id));
  file["entries"] = std::move(entries);
  file["pin_overloads"] = std::move(overloads);
  return file;
}

json::value attention_to_json(const Network& network, MemberId owner, const AttentionList& list,
                              Timestamp now) {
  json::object file = owner_file(attention_format, network, owner, now);
  json::array overdue, owed;
  for (const OverduePartner& p : list.overdue)
    overdue.push_back(json::object{{"member", network.handle(p.member)},
                                   {"last_meaningful", optional_time(p.last_meaningful)},
                                   {"days_since", p.days_since},
                                   {"cadence_days", p.cadence_days},
                                   {"overdue", p.overdue}});
  for (const OwedPartner& p : list.owed)
    owed.push_back(json::object{{"member", network.handle(p.member)},
                                {"gave", p.gave},
                                {"took", p.took},
                                {"asks", p.asks},
                                {"last_meaningful", optional_time(p.last_meaningful)}});
  file["overdue"] = std::move(overdue);
  file["owed"] = std::move(owed);
  return file;
}

}  // namespace rapport
