#ifndef RAPPORT_SRC_DETAIL_ROOM_HPP
#define RAPPORT_SRC_DETAIL_ROOM_HPP

// A channel's room for one more promotion, and the search for the earliest time with room: the one
// definition that `score`, the triage plan, the overload report and the counterfactuals all use
// (docs/overload.md, "Room").
//
// Room is judged per calendar week (Monday 00:00 UTC). The share window of a promotion is the
// `share_weeks` calendar weeks ending with its week, so room is a function of the week: a slot is `now`,
// a week start or the end of a launch, and the plan counts its promotions in weekly buckets. Weeks
// from the current one on count the owner's own posts as at least the weekly mean of the 8 weeks before
// it: a future week holds own posts that are not written yet, and counting none would fill it with
// promotions alone.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <rapport/member.hpp>
#include <rapport/post.hpp>
#include <rapport/time.hpp>
#include <span>
#include <vector>

#include "network_state.hpp"
#include "reasons.hpp"

namespace rapport::detail {

inline constexpr std::chrono::days one_week{7};

/// How many calendar weeks a share window spans: `ceil(share_window / 7 days)` (`share_window` >= 1 day).
inline int share_weeks(const Policy& p) noexcept {
  return static_cast<int>((p.share_window.count() + 6) / 7);
}

/// The share window that judges a promotion in the week starting `week`: the `share_weeks` weeks
/// ending with it.
inline TimeRange share_window_of(const Policy& p, Timestamp week) noexcept {
  return {week - (share_weeks(p) - 1) * one_week, week + one_week};
}

/// Posts (own and promotions) and promotions counted in a span of weeks.
/// Without member initialisers, so that a buffer of them costs nothing to declare: write `WeekLoad{}`.
struct WeekLoad {
  std::ptrdiff_t posts;
  std::ptrdiff_t promos;

  WeekLoad& operator+=(const WeekLoad& o) noexcept {
    posts += o.posts;
    promos += o.promos;
    return *this;
  }
  WeekLoad& operator-=(const WeekLoad& o) noexcept {
    posts -= o.posts;
    promos -= o.promos;
    return *this;
  }
};

/// Room on a channel for one more promotion in a week.
struct Room {
  int week_promos = 0;        // promotions already in the week
  double share_after = 0;     // the highest share after accepting among the judged windows; 0 if none
  bool share_judged = false;  // some window holding the week is judged
  bool full = false;          // the week has its `max_per_week` promotions
  bool share_over = false;    // one more would put a judged window over `max_share`
  double headroom = 1;        // 1 = plenty of room, 0 = none
  // With no room: the first week that can have some. Every week of an over window shares its load,
  // so none of them can take a promotion before the window's promotions change.
  Timestamp next_week{};

  bool fits() const noexcept { return !full && !share_over; }
};

/// The tolerance channel `c` works to: its own, or the policy's default.
inline PromoTolerance tolerance_of(const NetworkState& s, ChannelId c) noexcept {
  return s.channels[c].channel.tolerance.value_or(s.policy.default_tolerance);
}

/// Room for one more promotion in the week starting `week`, given `load_of(w)`, the load of the week
/// starting `w`. It fits when the week then holds at most `max_per_week` promotions and every share
/// window holding the week (those ending with it and with each of the next `share_weeks - 1` weeks)
/// that holds at least `share_min_posts` posts, the new promotion counted, is at most `max_share`
/// promotions. `load_of` is asked about the `2 share_weeks - 1` weeks around `week` once each, in order.
template <class LoadOf>
Room room_in_week(const PromoTolerance& tol, const Policy& p, Timestamp week, LoadOf&& load_of) noexcept {
  const int weeks = share_weeks(p);
  const Timestamp first = week - (weeks - 1) * one_week;
  // The loads of the window ending with `week`, kept to slide its weeks out again. The policy keeps a
  // share window within 366 days: 53 weeks.
  std::array<WeekLoad, 53> kept;
  WeekLoad window{};  // slides from the window ending with `week` to the last one holding it
  for (int i = 0; i < weeks; ++i) {
    kept[static_cast<std::size_t>(i)] = load_of(first + i * one_week);
    window += kept[static_cast<std::size_t>(i)];
  }
  Room r;
  r.week_promos = static_cast<int>(kept[static_cast<std::size_t>(weeks - 1)].promos);
  r.full = r.week_promos + 1 > tol.max_per_week;
  double headroom =
      tol.max_per_week > 0 ? static_cast<double>(tol.max_per_week - r.week_promos) / tol.max_per_week : 0;
  for (int j = 0;; ++j) {
    if (window.posts + 1 >= p.share_min_posts) {
      r.share_judged = true;
      const double after = static_cast<double>(window.promos + 1) / static_cast<double>(window.posts + 1);
      const double before =
          window.posts > 0 ? static_cast<double>(window.promos) / static_cast<double>(window.posts) : 0;
      r.share_after = std::max(r.share_after, after);
      if (after > tol.max_share) {
        r.share_over = true;
        r.next_week = week + (j + 1) * one_week;  // after the window ending j weeks on
      }
      headroom = std::min(headroom, tol.max_share > 0 ? (tol.max_share - before) / tol.max_share : 0);
    }
    if (j == weeks - 1) break;
    window -= kept[static_cast<std::size_t>(j)];
    window += load_of(first + (j + weeks) * one_week);
  }
  r.headroom = r.fits() ? std::clamp(headroom, 0.0, 1.0) : 0.0;
  if (r.full) r.next_week = std::max(r.next_week, week + one_week);
  return r;
}

/// The owner's expected own posts per week on `cs`: the mean over the 8 calendar weeks before `now`'s,
/// rounded to the nearest whole post.
inline std::ptrdiff_t expected_own_posts(const ChannelState& cs, Timestamp now) noexcept {
  constexpr int baseline_weeks = 8;
  const Timestamp end = week_start(now), begin = end - baseline_weeks * one_week;
  const auto first = std::lower_bound(cs.times.begin(), cs.times.end(), begin);
  const auto last = std::lower_bound(first, cs.times.end(), end);
  const auto a = static_cast<std::size_t>(first - cs.times.begin());
  const auto b = static_cast<std::size_t>(last - cs.times.begin());
  const auto own = static_cast<double>((b - a) - (cs.promos_before[b] - cs.promos_before[a]));
  return static_cast<std::ptrdiff_t>(own / baseline_weeks + 0.5);  // rounded to nearest, halves up
}

/// Why `c`, which takes promotions, can never take one at the owner's pace, if that is so: in a share
/// window of weeks to come, holding the owner's expected own posts (`expected_own_posts`) and no
/// promotion, one promotion would go over the tolerated share. The share it would be; nothing if a
/// promotion can fit, the window holds too few posts to be judged, or the channel takes none a week.
inline std::optional<double> share_out_of_reach(const NetworkState& s, ChannelId c, Timestamp now) noexcept {
  const PromoTolerance tol = tolerance_of(s, c);
  const std::ptrdiff_t posts = expected_own_posts(s.channels[c], now) * share_weeks(s.policy);
  if (tol.max_per_week < 1 || posts + 1 < s.policy.share_min_posts) return std::nullopt;
  const double share = 1.0 / static_cast<double>(posts + 1);
  if (share <= tol.max_share) return std::nullopt;
  return share;
}

/// The decision's reason when no slot comes within a year (`channel_full`), seen at `now`: `channel` is
/// the first asked channel without one, if any. When its share tolerance is out of reach at the owner's
/// pace (`share_out_of_reach`), it says so, for no wait would help.
inline Reason no_slot_reason(const NetworkState& s, std::optional<ChannelId> channel,
                             Timestamp now) noexcept {
  Reason out = make_reason(ReasonCode::channel_full, Dimension::decision);
  out.channel = channel;
  if (channel)
    if (const std::optional<double> share = share_out_of_reach(s, *channel, now))
      out.figures = {*share, tolerance_of(s, *channel).max_share, static_cast<double>(share_weeks(s.policy))};
  return out;
}

/// A channel's recorded posts by calendar week, as room counts them: from `now`'s week on, own posts
/// count as at least the owner's expected own posts. Asked about weeks in increasing order, as
/// `room_in_week` asks, each search starts where the last one ended.
class ChannelWeeks {
 public:
  ChannelWeeks() = default;
  ChannelWeeks(const ChannelState& cs, Timestamp now) noexcept
      : cs_(&cs), current_(week_start(now)), expected_(expected_own_posts(cs, now)) {}

  /// The load of the week starting `week`.
  WeekLoad operator()(Timestamp week) const noexcept {
    const std::vector<Timestamp>& times = cs_->times;
    // After the week asked last, the search goes on from its end; otherwise it searches every post.
    const std::size_t a =
        week >= last_week_ + one_week
            ? first_from(cursor_, week)
            : static_cast<std::size_t>(std::lower_bound(times.begin(), times.end(), week) - times.begin());
    last_week_ = week;
    const std::size_t b = first_from(a, week + one_week);
    cursor_ = b;
    WeekLoad load{static_cast<std::ptrdiff_t>(b - a),
                  static_cast<std::ptrdiff_t>(cs_->promos_before[b] - cs_->promos_before[a])};
    if (week >= current_) load.posts += std::max<std::ptrdiff_t>(0, expected_ - (load.posts - load.promos));
    return load;
  }

 private:
  /// The index of the first post at or after `t`, from index `i` on, at which no earlier post is. A week
  /// holds a few posts: they are stepped over, and only a longer run is searched.
  std::size_t first_from(std::size_t i, Timestamp t) const noexcept {
    const std::vector<Timestamp>& times = cs_->times;
    for (const std::size_t stop = std::min(times.size(), i + 8); i < stop; ++i)
      if (times[i] >= t) return i;
    return static_cast<std::size_t>(
        std::lower_bound(times.begin() + static_cast<std::ptrdiff_t>(i), times.end(), t) - times.begin());
  }

  const ChannelState* cs_ = nullptr;
  Timestamp current_{};
  std::ptrdiff_t expected_ = 0;
  // Where the last week asked about ended: a memo of the search, not state of the channel.
  mutable std::size_t cursor_ = 0;
  mutable Timestamp last_week_ = earliest_time;
};

/// The room on `c` for one more promotion in the week holding `t`, on the recorded posts (commitments
/// included), with the owner's expected own posts from `now`'s week on.
inline Room room_at(const NetworkState& s, ChannelId c, Timestamp t, Timestamp now) noexcept {
  return room_in_week(tolerance_of(s, c), s.policy, week_start(t), ChannelWeeks(s.channels[c], now));
}

/// The room on `c` for one more promotion at `now`.
inline Room room_at(const NetworkState& s, ChannelId c, Timestamp now) noexcept {
  return room_at(s, c, now, now);
}

/// The owner's launch window holding `t`, if any, of its `launches`.
inline const TimeRange* launch_at(std::span<const TimeRange> launches, Timestamp t) noexcept {
  for (const TimeRange& l : launches)
    if (l.contains(t)) return &l;
  return nullptr;
}

/// How far ahead a slot is searched for.
inline constexpr std::chrono::days slot_horizon{366};

/// The earliest time at or after `from` outside every launch when `calendar.room(c, t)` fits on every
/// channel, if one comes within `slot_horizon`. Room is a function of the week, so the search tries
/// `from`, then week starts, jumping over launches to their end and over weeks a full week or an over
/// share window leaves without room (`Room::next_week`).
template <class Calendar>
std::optional<Timestamp> earliest_slot(std::span<const TimeRange> launches,
                                       std::span<const ChannelId> channels, Timestamp from,
                                       const Calendar& calendar) noexcept {
  // A private favour puts nothing before an audience: neither a channel's room nor a launch holds it.
  if (channels.empty()) return from;
  const Timestamp horizon = from + slot_horizon;
  Timestamp t = from;
  while (t < horizon) {
    if (const TimeRange* l = launch_at(launches, t)) {
      t = l->end;
      continue;
    }
    Timestamp next = t;
    for (const ChannelId c : channels)
      if (const Room r = calendar.room(c, t); !r.fits()) next = std::max(next, r.next_week);
    if (next == t) return t;
    t = next;
  }
  return std::nullopt;
}

/// The first of `channels` with no slot from `from` within the horizon, if any: what a request without a
/// slot waits on. `calendar` as for `earliest_slot`.
template <class Calendar>
std::optional<ChannelId> channel_without_slot(std::span<const TimeRange> launches,
                                              std::span<const ChannelId> channels, Timestamp from,
                                              const Calendar& calendar) noexcept {
  for (const ChannelId c : channels) {
    const ChannelId one[] = {c};
    if (!earliest_slot(launches, one, from, calendar)) return c;
  }
  return std::nullopt;
}

/// The recorded posts as a calendar: what `score` sees. The weeks of the first
/// `ResolvedRequest::max_channels` channels (all a request can ask for) are set up once for the search.
class RecordedCalendar {
 public:
  RecordedCalendar(const NetworkState& s, std::span<const ChannelId> channels, Timestamp now) noexcept
      : state_(s), channels_(channels), now_(now) {
    for (std::size_t i = 0; i < std::min(channels.size(), weeks_.size()); ++i)
      weeks_[i] = ChannelWeeks(s.channels[channels[i]], now);
  }

  Room room(ChannelId c, Timestamp t) const noexcept {
    const auto i =
        static_cast<std::size_t>(std::find(channels_.begin(), channels_.end(), c) - channels_.begin());
    return i < weeks_.size() ? room_in_week(tolerance_of(state_, c), state_.policy, week_start(t), weeks_[i])
                             : room_at(state_, c, t, now_);
  }

 private:
  const NetworkState& state_;
  std::span<const ChannelId> channels_;
  Timestamp now_;
  std::array<ChannelWeeks, ResolvedRequest::max_channels> weeks_{};
};

/// The earliest slot from `from` on the recorded posts alone, seen at `now`.
inline std::optional<Timestamp> earliest_slot(const NetworkState& s, std::span<const TimeRange> launches,
                                              std::span<const ChannelId> channels, Timestamp from,
                                              Timestamp now) noexcept {
  return earliest_slot(launches, channels, from, RecordedCalendar(s, channels, now));
}

/// The earliest slot from `from` on the recorded posts alone, seen at `from`.
inline std::optional<Timestamp> earliest_slot(const NetworkState& s, std::span<const TimeRange> launches,
                                              std::span<const ChannelId> channels, Timestamp from) noexcept {
  return earliest_slot(s, launches, channels, from, from);
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_ROOM_HPP
