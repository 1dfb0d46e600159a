#ifndef RAPPORT_JSON_MODEL_HPP
#define RAPPORT_JSON_MODEL_HPP

/// \file
/// Boost.JSON conversions of the inputs (`boost::json::value_from(member)`,
/// `boost::json::value_to<rapport::Request>(jv)`): their enums, topics, time ranges, members, channels,
/// interactions, posts, requests, events and the policy. Results are in `rapport/json/results.hpp`.

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <rapport/channel.hpp>
#include <rapport/event.hpp>
#include <rapport/export.hpp>
#include <rapport/interaction.hpp>
#include <rapport/json/text.hpp>
#include <rapport/member.hpp>
#include <rapport/policy.hpp>
#include <rapport/post.hpp>
#include <rapport/request.hpp>
#include <rapport/time.hpp>
#include <rapport/topic.hpp>

namespace rapport {

// Conversions for `boost::json::value_from` / `value_to`. Writing gives every field in a fixed order;
// reading rejects unknown fields, wrong types, non-finite numbers and unknown enum names with a
// `JsonError` naming the path (`try_value_to` reports it only as `boost::json::error::exception`). Timestamps
// are RFC 3339 text (unix seconds are also read), durations whole days, enums their stable names (see
// `to_string`). Formats are documented in docs/formats.md.

/// Stable name, e.g. "met_in_person".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, InteractionKind kind);
/// Reads a stable name.
RAPPORT_API InteractionKind tag_invoke(boost::json::value_to_tag<InteractionKind>,
                                       const boost::json::value& jv);
/// Stable name, e.g. "guest_post".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, RequestKind kind);
/// Reads a stable name.
RAPPORT_API RequestKind tag_invoke(boost::json::value_to_tag<RequestKind>, const boost::json::value& jv);
/// Stable name, e.g. "reciprocal_promotion".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, Offer offer);
/// Reads a stable name.
RAPPORT_API Offer tag_invoke(boost::json::value_to_tag<Offer>, const boost::json::value& jv);

/// A path string when the weight is 1, else {"path", "weight"}; both are read.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Topic& topic);
/// Reads a path string or {"path", "weight"}.
RAPPORT_API Topic tag_invoke(boost::json::value_to_tag<Topic>, const boost::json::value& jv);
/// {"begin", "end"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const TimeRange& range);
/// Reads {"begin", "end"}; both required.
RAPPORT_API TimeRange tag_invoke(boost::json::value_to_tag<TimeRange>, const boost::json::value& jv);

/// {"handle", "name", "topics", "competitor", "strategic", "cadence", "launches", "energy"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Member& member);
/// Reads a member; "handle" is required, the rest default as in `Member{}`.
RAPPORT_API Member tag_invoke(boost::json::value_to_tag<Member>, const boost::json::value& jv);
/// {"max_per_week", "max_share"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const PromoTolerance& tolerance);
/// Reads a tolerance; fields default as in `PromoTolerance{}`.
RAPPORT_API PromoTolerance tag_invoke(boost::json::value_to_tag<PromoTolerance>,
                                      const boost::json::value& jv);
/// {"owner", "name", "audience_size", "audience_topics", "tolerance"}; "tolerance" only when set.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Channel& channel);
/// Reads a channel; "owner" and "name" are required; a missing or null "tolerance" is unset.
RAPPORT_API Channel tag_invoke(boost::json::value_to_tag<Channel>, const boost::json::value& jv);
/// {"from", "to", "kind", "at", "weight"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const Interaction& interaction);
/// Reads an interaction; "from", "to", "kind" and "at" are required, "weight" defaults to 1.
RAPPORT_API Interaction tag_invoke(boost::json::value_to_tag<Interaction>, const boost::json::value& jv);
/// {"owner", "channel", "at", "promotion", "promoted"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Post& post);
/// Reads a post; "owner", "channel" and "at" are required.
RAPPORT_API Post tag_invoke(boost::json::value_to_tag<Post>, const boost::json::value& jv);
/// {"id", "requester", "owner", "kind", "channels", "topics", "offer", "preview", "personalised",
/// "content_quality", "received", "wanted_by"}; the two optionals only when set.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Request& request);
/// Reads a request; "requester", "owner" and "received" are required, the rest default as in `Request{}`.
RAPPORT_API Request tag_invoke(boost::json::value_to_tag<Request>, const boost::json::value& jv);
/// Stable name, e.g. "not_important".
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, OutcomeKind kind);
/// Reads a stable name.
RAPPORT_API OutcomeKind tag_invoke(boost::json::value_to_tag<OutcomeKind>, const boost::json::value& jv);
/// {"owner", "request_id", "request", "kind", "at"}; "request_id" and "request" only when set.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Outcome& outcome);
/// Reads an outcome; "kind" and "at" are required. Whether it names its request is checked on recording.
RAPPORT_API Outcome tag_invoke(boost::json::value_to_tag<Outcome>, const boost::json::value& jv);
/// {"member": {...}} and so on: an object with one key naming the alternative.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Event& event);
/// Reads an event line's object: exactly one of "member", "channel", "interaction", "post", "request",
/// "outcome".
RAPPORT_API Event tag_invoke(boost::json::value_to_tag<Event>, const boost::json::value& jv);

/// {"actor_learns", "target_learns", "value", ...}: every field of `KindEffect`.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const KindEffect& effect);
/// Reads a kind effect; every field optional, defaulting as in `KindEffect{}`.
RAPPORT_API KindEffect tag_invoke(boost::json::value_to_tag<KindEffect>, const boost::json::value& jv);
/// Half-lives and lateness in whole days.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Decay& decay);
/// Reads a decay; every field optional.
RAPPORT_API Decay tag_invoke(boost::json::value_to_tag<Decay>, const boost::json::value& jv);
/// {"relevance", "prior_context", "audience_load", "reciprocity"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const DimensionWeights& weights);
/// Reads weights; every field optional.
RAPPORT_API DimensionWeights tag_invoke(boost::json::value_to_tag<DimensionWeights>,
                                        const boost::json::value& jv);
/// Every field of `Learning`.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Learning& learning);
/// Reads learning settings; every field optional.
RAPPORT_API Learning tag_invoke(boost::json::value_to_tag<Learning>, const boost::json::value& jv);
/// Every threshold of `Gates`.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Gates& gates);
/// Reads gates; every field optional.
RAPPORT_API Gates tag_invoke(boost::json::value_to_tag<Gates>, const boost::json::value& jv);
/// {"requests_per_week", "dunbar_layers", "active_window"}.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Capacity& capacity);
/// Reads a capacity; every field optional ("dunbar_layers" has exactly 4 entries when given).
RAPPORT_API Capacity tag_invoke(boost::json::value_to_tag<Capacity>, const boost::json::value& jv);
/// Every threshold of the overload report; "launch_lookahead" in whole days.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                            const OverloadThresholds& thresholds);
/// Reads overload thresholds; every field optional ("layer_strength" has exactly 4 entries when given).
RAPPORT_API OverloadThresholds tag_invoke(boost::json::value_to_tag<OverloadThresholds>,
                                          const boost::json::value& jv);
/// Every field of the policy; per-kind and per-offer tables as objects keyed by stable name.
RAPPORT_API void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Policy& policy);
/// Reads a policy: every field optional (defaults from `Policy{}`), unknown ones rejected. Does not
/// call `validate()`; `load_policy` does.
RAPPORT_API Policy tag_invoke(boost::json::value_to_tag<Policy>, const boost::json::value& jv);

}  // namespace rapport

#endif  // RAPPORT_JSON_MODEL_HPP
