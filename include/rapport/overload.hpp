#ifndef RAPPORT_OVERLOAD_HPP
#define RAPPORT_OVERLOAD_HPP

/// \file
/// The overload report: every strain on an owner, with suggested actions (docs/overload.md).

#include <cstddef>
#include <optional>
#include <rapport/channel.hpp>
#include <rapport/export.hpp>
#include <rapport/member.hpp>
#include <rapport/request.hpp>
#include <rapport/time.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

class Network;

/// How strained an owner, or one signal of it, is. Ordered: a larger level is worse.
enum class Level {
  ok,          ///< room to spare
  strained,    ///< at or near the limit (`OverloadThresholds` says where, per signal): time to act
  overloaded,  ///< past the limit: something has to give
};

/// What a signal measures; `Signal::value` and `Signal::limit` mean what each comment says.
enum class SignalKind {
  inflow_week,        ///< requests received in the last 7 days; `capacity.requests_per_week`
  inflow_month,       ///< requests received in the last 28 days; 4 times `capacity.requests_per_week`
  weekly_promotions,  ///< promotions in a calendar week on `channel`, commitments included; `max_per_week`
  promotion_share,    ///< promotions over all posts in a share window on `channel`; its `max_share`
  dunbar_layer,       ///< active relationships strong enough for `layer`; the layer's capacity
  strategic_cadence,  ///< days since meaningful contact with strategic partner `member`; cadence in days
  launch,             ///< promotions dated inside the owner's launch `window`, now or soon; 0
  energy,             ///< the owner's declared energy; 1
};

/// What a suggested action asks the owner to do.
enum class ActionKind {
  decline_request,   ///< decline the pending request `request`
  defer_request,     ///< defer the pending request `request` to `until`
  pause_promotions,  ///< take no promotion on `channel` from `from` until `until` (unset: a year or more)
  reconnect,         ///< get in touch with `member`
  deprioritise,      ///< let the relationship with `member` move to an outer layer
  rest,              ///< take on no new promotions while energy is low; `from`, `until`: a tired owner's rest
  /// raise the promotion share that `channel` tolerates to `share`, or post there more often: at the
  /// owner's pace there, one promotion would make `share` of its posts, over the tolerance
  raise_tolerance,
};

/// The stable lowercase name of a level ("strained").
RAPPORT_API std::string_view to_string(Level level) noexcept;
/// The level with that stable name, if any.
RAPPORT_API std::optional<Level> level_from_string(std::string_view name) noexcept;
/// The stable lowercase name of a signal kind ("promotion_share").
RAPPORT_API std::string_view to_string(SignalKind kind) noexcept;
/// The signal kind with that stable name, if any.
RAPPORT_API std::optional<SignalKind> signal_kind_from_string(std::string_view name) noexcept;
/// The stable lowercase name of an action kind ("pause_promotions").
RAPPORT_API std::string_view to_string(ActionKind kind) noexcept;
/// The action kind with that stable name, if any.
RAPPORT_API std::optional<ActionKind> action_kind_from_string(std::string_view name) noexcept;

/// Something the owner could do to relieve a signal; it names what it is about.
struct Action {
  ActionKind kind = ActionKind::reconnect;  ///< what to do; it says which of the fields below are set
  std::optional<std::size_t> request{};     ///< index into the pending requests
  std::optional<MemberId> member{};         ///< the member to reconnect with or deprioritise
  std::optional<ChannelId> channel{};       ///< the channel to pause promotions on
  std::optional<Timestamp> from{};          ///< when it starts: a pause's or a rest's first second
  std::optional<Timestamp> until{};         ///< when it ends
  std::optional<std::size_t> count{};       ///< rest: how many pending requests the plan defers past it
  std::optional<double> share{};            ///< raise_tolerance: the share one promotion would make

  /// Whether every field is equal.
  friend bool operator==(const Action&, const Action&) = default;
};

/// One measured strain: a figure against what the owner or channel can take, the level that makes, and
/// suggested actions (none when ok).
struct Signal {
  SignalKind kind = SignalKind::energy;  ///< what is measured
  Level level = Level::ok;               ///< how strained, by the thresholds of `Policy::overload`
  double value = 0;                      ///< the measured figure, see `SignalKind`
  double limit = 0;                      ///< what it is judged against, see `SignalKind`
  double ratio = 0;  ///< value / limit, compared with `Policy::overload`; the largest double if limit is 0
  std::optional<ChannelId> channel{};  ///< the channel measured, for the channel kinds
  std::optional<MemberId> member{};    ///< the strategic partner, for `strategic_cadence`
  std::optional<std::size_t> layer{};  ///< Dunbar layer, 0 the innermost
  std::optional<TimeRange> window{};   ///< the time measured
  std::vector<Action> actions{};       ///< what would relieve it; empty when ok

  /// Whether every field is equal.
  friend bool operator==(const Signal&, const Signal&) = default;
};

/// A member the owner promoted in posts on its channels (`OverloadReport::promoted`).
struct PromotedMember {
  MemberId member = 0;         ///< whom the posts named
  std::size_t promotions = 0;  ///< the owner's promotion posts naming the member, up to the report's time
  Timestamp last{};            ///< the latest of them

  /// Whether every field is equal.
  friend bool operator==(const PromotedMember&, const PromotedMember&) = default;
};

/// Every signal for one owner at one time, and the worst level among them; and whom the owner's
/// promotions went to, which tells whose work the audience hears of.
struct OverloadReport {
  /// The longest `promoted` list.
  static constexpr std::size_t most_promoted = 10;

  Level level = Level::ok;        ///< the worst level among `signals`
  std::vector<Signal> signals{};  ///< inflow, channels, Dunbar layers, strategic partners, launches, energy
  std::size_t promotions = 0;     ///< promotion posts on the owner's channels up to the report's time
  /// The members those posts named most, at most `most_promoted`: most promotions first, then the most
  /// recently promoted, then the lowest id. A promotion naming no member counts in `promotions` only.
  std::vector<PromotedMember> promoted{};

  /// Whether every field is equal.
  friend bool operator==(const OverloadReport&, const OverloadReport&) = default;
};

/// How overloaded `owner` is at `now`; suggested actions about requests come from `plan_triage` over
/// `pending`. Deterministic. Throws `Error` as `plan_triage` does. See docs/overload.md for thresholds.
RAPPORT_API OverloadReport overload_report(const Network& network, MemberId owner,
                                           std::span<const Request> pending, Timestamp now);

/// One human sentence for a signal ("blog: 3 promotions in the week of 2026-03-02, tolerance 2.").
RAPPORT_API std::string describe(const Signal& signal, const Network& network);
/// One human sentence for an action, naming requests from `pending` ("Defer r4 from Ben to 2026-03-09.").
RAPPORT_API std::string describe(const Action& action, const Network& network,
                                 std::span<const Request> pending);

}  // namespace rapport

#endif  // RAPPORT_OVERLOAD_HPP
