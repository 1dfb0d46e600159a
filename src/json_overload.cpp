// JSON of the overload side: reports, plans and attention lists. Members, channels and requests are
// written as dense ids and indices, as `Reason` is; the tool's files name them from the network.
#include <rapport/attention.hpp>
#include <rapport/json.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>

#include "detail/json_read.hpp"

namespace rapport {
namespace {

namespace json = boost::json;

template <class T>
void put(json::object& o, std::string_view key, const std::optional<T>& v) {
  if (v) o[key] = json::value_from(*v);
}

void put(json::object& o, std::string_view key, const std::optional<Timestamp>& t) {
  if (t) o[key] = detail::write_timestamp(*t);
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& jv, const Action& action) {
  json::object o{{"kind", to_string(action.kind)}};
  put(o, "request", action.request);
  put(o, "member", action.member);
  put(o, "channel", action.channel);
  put(o, "from", action.from);
  put(o, "until", action.until);
  put(o, "count", action.count);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Signal& signal) {
  json::object o{{"kind", to_string(signal.kind)},
                 {"level", to_string(signal.level)},
                 {"value", signal.value},
                 {"limit", signal.limit},
                 {"ratio", signal.ratio}};
  put(o, "channel", signal.channel);
  put(o, "member", signal.member);
  put(o, "layer", signal.layer);
  if (signal.window) o["window"] = json::value_from(*signal.window);
  o["actions"] = json::value_from(signal.actions);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const OverloadReport& report) {
  jv = json::object{{"level", to_string(report.level)}, {"signals", json::value_from(report.signals)}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const PlanEntry& entry) {
  json::object o{{"request", entry.request},
                 {"decision", json::value_from(entry.decision)},
                 {"total", entry.total},
                 {"pinned", entry.pinned}};
  put(o, "slot", entry.slot);
  json::array reasons;
  for (const Reason& r : entry.reasons) reasons.push_back(json::value_from(r));
  o["reasons"] = std::move(reasons);
  if (entry.flip) o["flip"] = json::value_from(*entry.flip);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const TriagePlan& plan) {
  jv = json::object{{"entries", json::value_from(plan.entries)},
                    {"pin_overloads", json::value_from(plan.pin_overloads)}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const OverduePartner& partner) {
  json::object o{{"member", partner.member},
                 {"days_since", partner.days_since},
                 {"cadence_days", partner.cadence_days},
                 {"overdue", partner.overdue}};
  put(o, "last_meaningful", partner.last_meaningful);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const OwedPartner& partner) {
  json::object o{
      {"member", partner.member}, {"gave", partner.gave}, {"took", partner.took}, {"asks", partner.asks}};
  put(o, "last_meaningful", partner.last_meaningful);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const AttentionList& list) {
  jv = json::object{{"overdue", json::value_from(list.overdue)}, {"owed", json::value_from(list.owed)}};
}

}  // namespace rapport
