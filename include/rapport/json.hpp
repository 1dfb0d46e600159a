#ifndef RAPPORT_JSON_HPP
#define RAPPORT_JSON_HPP

/// Boost.JSON conversions of rapport's value types (`boost::json::value_from(member)`,
/// `boost::json::value_to<rapport::Request>(jv)`), and the timestamp and number text they use.
/// Files (snapshots, event logs, request, policy and result files) are in `rapport/io.hpp`.

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <optional>
#include <rapport/attention.hpp>
#include <rapport/channel.hpp>
#include <rapport/error.hpp>
#include <rapport/interaction.hpp>
#include <rapport/member.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/policy.hpp>
#include <rapport/post.hpp>
#include <rapport/reason.hpp>
#include <rapport/relationship.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>
#include <rapport/topic.hpp>
#include <string>
#include <string_view>

namespace rapport {

/// Version of the JSON formats this build writes and reads; written in every file's "version".
inline constexpr int json_format_version = 1;

/// An `Error` in JSON input. `field()` is the JSON path ("requests[3].topics[1]", prefixed with the
/// file and, for JSON Lines, the line: "events.jsonl:12: interaction.kind"), `value()` the offending
/// JSON text, and `detail()` what was expected ("expected a string"), if more than the code says.
class JsonError : public Error {
 public:
  /// Builds "field: detail-or-description (got 'value')"; the parts that are empty are left out.
  JsonError(Errc code, std::string field, std::string value, std::string detail = {});

  /// What was expected, or empty when the code's description says it all.
  const std::string& detail() const noexcept { return detail_; }
  /// "requests.json: requests[3].topics[1]: expected a string (got '42')".
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string detail_{};
  std::string message_{};
};

/// `t` as RFC 3339 text in UTC ("2026-11-23T09:00:00Z"); years outside 0000-9999 have none.
std::optional<std::string> to_rfc3339(Timestamp t);

/// Parses RFC 3339 text ("2026-11-23T09:00:00Z", "2026-11-23T10:00:00+01:00"); a fraction of a
/// second is dropped (rounded towards the past). Empty if the text is not a valid timestamp.
std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;

/// How `to_json_text` lays JSON out.
enum class JsonLayout {
  pretty,   ///< two-space indentation; arrays of plain values on one line
  compact,  ///< one line, no spaces (a JSON Lines line)
};

/// Deterministic JSON text: keys in the order of the object, doubles as the shortest text that reads
/// back to the same double and always with a fraction or exponent ("1.0"), so output survives a
/// save, load, save byte for byte. A non-finite double is written as null.
std::string to_json_text(const boost::json::value& jv, JsonLayout layout = JsonLayout::pretty);

// Conversions for `boost::json::value_from` / `value_to`. Writing gives every field in a fixed order;
// reading rejects unknown fields, wrong types, non-finite numbers and unknown enum names with a
// `JsonError` naming the path (`try_value_to` reports it only as `boost::json::error::exception`). Timestamps
// are RFC 3339 text (unix seconds are also read), durations whole days, enums their stable names (see
// `to_string`). Formats are documented in docs/formats.md.

/// Stable name, e.g. "met_in_person".
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, InteractionKind kind);
/// Reads a stable name.
InteractionKind tag_invoke(boost::json::value_to_tag<InteractionKind>, const boost::json::value& jv);
/// Stable name, e.g. "guest_post".
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, RequestKind kind);
/// Reads a stable name.
RequestKind tag_invoke(boost::json::value_to_tag<RequestKind>, const boost::json::value& jv);
/// Stable name, e.g. "reciprocal_promotion".
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, Offer offer);
/// Reads a stable name.
Offer tag_invoke(boost::json::value_to_tag<Offer>, const boost::json::value& jv);
/// Stable name, e.g. "counter".
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, Decision decision);
/// Reads a stable name.
Decision tag_invoke(boost::json::value_to_tag<Decision>, const boost::json::value& jv);
/// Stable name, e.g. "prior_context".
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, Dimension dimension);
/// Reads a stable name.
Dimension tag_invoke(boost::json::value_to_tag<Dimension>, const boost::json::value& jv);
/// Stable name, e.g. "known_through_tie".
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, ReasonCode code);
/// Reads a stable name.
ReasonCode tag_invoke(boost::json::value_to_tag<ReasonCode>, const boost::json::value& jv);

/// A path string when the weight is 1, else {"path", "weight"}; both are read.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Topic& topic);
/// Reads a path string or {"path", "weight"}.
Topic tag_invoke(boost::json::value_to_tag<Topic>, const boost::json::value& jv);
/// {"begin", "end"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const TimeRange& range);
/// Reads {"begin", "end"}; both required.
TimeRange tag_invoke(boost::json::value_to_tag<TimeRange>, const boost::json::value& jv);

/// {"handle", "name", "topics", "competitor", "strategic", "cadence", "launches", "energy"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Member& member);
/// Reads a member; "handle" is required, the rest default as in `Member{}`.
Member tag_invoke(boost::json::value_to_tag<Member>, const boost::json::value& jv);
/// {"max_per_week", "max_share"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const PromoTolerance& tolerance);
/// Reads a tolerance; fields default as in `PromoTolerance{}`.
PromoTolerance tag_invoke(boost::json::value_to_tag<PromoTolerance>, const boost::json::value& jv);
/// {"owner", "name", "audience_size", "audience_topics", "tolerance"}; "tolerance" only when set.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Channel& channel);
/// Reads a channel; "owner" and "name" are required; a missing or null "tolerance" is unset.
Channel tag_invoke(boost::json::value_to_tag<Channel>, const boost::json::value& jv);
/// {"from", "to", "kind", "at", "weight"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Interaction& interaction);
/// Reads an interaction; "from", "to", "kind" and "at" are required, "weight" defaults to 1.
Interaction tag_invoke(boost::json::value_to_tag<Interaction>, const boost::json::value& jv);
/// {"owner", "channel", "at", "promotion", "promoted"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Post& post);
/// Reads a post; "owner", "channel" and "at" are required.
Post tag_invoke(boost::json::value_to_tag<Post>, const boost::json::value& jv);
/// {"id", "requester", "owner", "kind", "channels", "topics", "offer", "preview", "personalised",
/// "content_quality", "received", "wanted_by"}; the two optionals only when set.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Request& request);
/// Reads a request; "requester", "owner" and "received" are required, the rest default as in `Request{}`.
Request tag_invoke(boost::json::value_to_tag<Request>, const boost::json::value& jv);

/// {"actor_learns", "target_learns", "value", ...}: every field of `KindEffect`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const KindEffect& effect);
/// Reads a kind effect; every field optional, defaulting as in `KindEffect{}`.
KindEffect tag_invoke(boost::json::value_to_tag<KindEffect>, const boost::json::value& jv);
/// Half-lives and lateness in whole days.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Decay& decay);
/// Reads a decay; every field optional.
Decay tag_invoke(boost::json::value_to_tag<Decay>, const boost::json::value& jv);
/// {"relevance", "prior_context", "audience_load", "reciprocity"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const DimensionWeights& weights);
/// Reads weights; every field optional.
DimensionWeights tag_invoke(boost::json::value_to_tag<DimensionWeights>, const boost::json::value& jv);
/// Every threshold of `Gates`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Gates& gates);
/// Reads gates; every field optional.
Gates tag_invoke(boost::json::value_to_tag<Gates>, const boost::json::value& jv);
/// {"requests_per_week", "dunbar_layers", "active_window"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Capacity& capacity);
/// Reads a capacity; every field optional ("dunbar_layers" has exactly 4 entries when given).
Capacity tag_invoke(boost::json::value_to_tag<Capacity>, const boost::json::value& jv);
/// Every threshold of the overload report; "launch_lookahead" in whole days.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const OverloadThresholds& thresholds);
/// Reads overload thresholds; every field optional ("layer_strength" has exactly 4 entries when given).
OverloadThresholds tag_invoke(boost::json::value_to_tag<OverloadThresholds>, const boost::json::value& jv);
/// Every field of the policy; per-kind and per-offer tables as objects keyed by stable name.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Policy& policy);
/// Reads a policy: every field optional (defaults from `Policy{}`), unknown ones rejected. Does not
/// call `validate()`; `load_policy` does.
Policy tag_invoke(boost::json::value_to_tag<Policy>, const boost::json::value& jv);

/// The owner's view as `Network::relationship` gives it; per-kind counts as objects of non-zero counts.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Relationship& relationship);
/// Reads a relationship; every field required except the count objects (missing: all zero).
Relationship tag_invoke(boost::json::value_to_tag<Relationship>, const boost::json::value& jv);
/// {"code", "dimension", "figures", "member", "channel"} with member and channel as dense ids, only
/// when set. Result files name them by handle and add the sentence instead (`rapport/io.hpp`).
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Reason& reason);
/// Reads a reason; "code" and "dimension" are required, "figures" has at most 3 entries.
Reason tag_invoke(boost::json::value_to_tag<Reason>, const boost::json::value& jv);
/// {"decision", "total", "relevance", "prior_context", "audience_load", "reciprocity", "slot", "reasons"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Score& score);
/// Reads a score; all but "slot" are required, and at most `Reasons::capacity` reasons.
Score tag_invoke(boost::json::value_to_tag<Score>, const boost::json::value& jv);

// The overload side, written only (a report, plan or list is computed, never read back). Members and
// channels are dense ids and requests indices into the pending list, as in `Reason`.

/// {"kind", "request", "member", "channel", "until"}, each but "kind" only when set.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Action& action);
/// {"kind", "level", "value", "limit", "ratio", "channel", "member", "layer", "window", "actions"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Signal& signal);
/// {"level", "signals"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const OverloadReport& report);
/// {"request", "decision", "total", "pinned", "slot", "reasons", "flip"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const PlanEntry& entry);
/// {"entries", "pin_overloads"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const TriagePlan& plan);
/// {"member", "days_since", "cadence_days", "overdue", "last_meaningful"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const OverduePartner& partner);
/// {"member", "gave", "took", "asks", "last_meaningful"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const OwedPartner& partner);
/// {"overdue", "owed"}.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const AttentionList& list);

}  // namespace rapport

#endif  // RAPPORT_JSON_HPP
