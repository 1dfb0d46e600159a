#ifndef RAPPORT_SRC_DETAIL_ROOM_HPP
#define RAPPORT_SRC_DETAIL_ROOM_HPP

// Room for one more promotion on a channel, and the search for the earliest time with room. `score`
// asks it about the recorded posts; the triage plan asks the same questions about recorded posts plus
// the promotions it has already placed, through its own calendar, so both judge room identically.

#include <algorithm>
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

namespace rapport::detail {

/// Room on a channel for one more promotion at some time.
struct Room {
  int week_promos = 0;
  double share_after = 0;  // promotion share if accepted; 0 if not judged
  bool share_judged = false;
  bool full = false;
  bool share_over = false;
  double headroom = 1;
};

/// The tolerance channel `c` works to: its own, or the policy's default.
inline PromoTolerance tolerance_of(const NetworkState& s, ChannelId c) noexcept {
  return s.channels[c].channel.tolerance.value_or(s.policy.default_tolerance);
}

/// The share window that judges a promotion at `t`: from `t - share_window` to the end of t's week, so
/// commitments later in the week count.
inline TimeRange share_window_at(const Policy& p, Timestamp t) noexcept {
  return {t - p.share_window, week_start(t) + std::chrono::days{7}};
}

/// Room for one more promotion, given what is around its time (the new one excluded, commitments
/// included): promotions in its calendar week, and posts and promotions in its share window.
inline Room room_for(const PromoTolerance& tol, const Policy& p, int week_promos, std::ptrdiff_t window_posts,
                     std::ptrdiff_t window_promos) noexcept {
  Room r;
  r.week_promos = week_promos;
  r.full = r.week_promos + 1 > tol.max_per_week;
  double weekly =
      tol.max_per_week > 0 ? static_cast<double>(tol.max_per_week - r.week_promos) / tol.max_per_week : 0;
  double share = 1;
  r.share_judged = window_posts >= p.share_min_posts;
  if (r.share_judged) {
    r.share_after = static_cast<double>(window_promos + 1) / static_cast<double>(window_posts + 1);
    r.share_over = r.share_after > tol.max_share;
    const double before = static_cast<double>(window_promos) / static_cast<double>(window_posts);
    share = tol.max_share > 0 ? (tol.max_share - before) / tol.max_share : 0;
  }
  r.headroom = (r.full || r.share_over) ? 0.0 : std::clamp(std::min(weekly, share), 0.0, 1.0);
  return r;
}

/// The first of `posts` (sorted by time) at or after `t`.
inline const Post* first_post_from(std::span<const Post> posts, Timestamp t) noexcept {
  const auto it =
      std::lower_bound(posts.begin(), posts.end(), t, [](const Post& p, Timestamp x) { return p.at < x; });
  return it == posts.end() ? nullptr : &*it;
}

/// Where the week and the share window of a promotion at some time fall among a channel's posts, as
/// indices into `ChannelState::times`.
struct PostSpan {
  std::size_t share_begin = 0;  // the first post in the share window: the oldest to leave it
  std::size_t week_begin = 0;   // the first post in the week
  std::size_t end = 0;          // the first post after both
};

/// The span of a promotion on `cs` at `t`.
inline PostSpan span_at(const ChannelState& cs, const Policy& p, Timestamp t) noexcept {
  const TimeRange window = share_window_at(p, t);
  const auto first = cs.times.begin();
  // Both the window and the week begin before the window ends, so the search for them stops there.
  const auto end = std::lower_bound(first, cs.times.end(), window.end);
  return {static_cast<std::size_t>(std::lower_bound(first, end, window.begin) - first),
          static_cast<std::size_t>(std::lower_bound(first, end, week_start(t)) - first),
          static_cast<std::size_t>(end - first)};
}

/// The room on channel `c` for a promotion with span `at`.
inline Room room_in(const NetworkState& s, ChannelId c, const PostSpan& at) noexcept {
  const std::vector<std::uint32_t>& promos = s.channels[c].promos_before;
  return room_for(tolerance_of(s, c), s.policy, static_cast<int>(promos[at.end] - promos[at.week_begin]),
                  static_cast<std::ptrdiff_t>(at.end - at.share_begin),
                  static_cast<std::ptrdiff_t>(promos[at.end] - promos[at.share_begin]));
}

/// The room on `c` for one more promotion at time `t`, counting every recorded post dated in t's week
/// and in its share window (commitments included).
inline Room room_at(const NetworkState& s, ChannelId c, Timestamp t) noexcept {
  return room_in(s, c, span_at(s.channels[c], s.policy, t));
}

/// The owner's launch window holding `t`, if any.
inline const TimeRange* launch_at(const Member& owner, Timestamp t) noexcept {
  for (const TimeRange& l : owner.launches)
    if (l.contains(t)) return &l;
  return nullptr;
}

/// How far ahead a slot is searched for.
inline constexpr std::chrono::days slot_horizon{366};

/// The earliest time at or after `from` with room on every channel and outside every launch, if one
/// comes within `slot_horizon`. `calendar.next_try(c, t)` returns `t` when `c` has room at `t`, and
/// otherwise a later time before which `c` has none, so the search only visits times that can change
/// the answer.
template <class Calendar>
std::optional<Timestamp> earliest_slot(const Member& owner, std::span<const ChannelId> channels,
                                       Timestamp from, const Calendar& calendar) noexcept {
  // A private favour puts nothing before an audience: neither a channel's room nor a launch holds it.
  if (channels.empty()) return from;
  const Timestamp horizon = from + slot_horizon;
  Timestamp t = from;
  while (t < horizon) {
    if (const TimeRange* l = launch_at(owner, t)) {
      t = l->end;
      continue;
    }
    Timestamp next = t;
    for (const ChannelId c : channels) next = std::max(next, calendar.next_try(c, t));
    if (next == t) return t;
    t = next;
  }
  return std::nullopt;
}

/// The recorded posts as a calendar: what `score` sees.
struct RecordedCalendar {
  const NetworkState& state;

  /// `t` if `c` has room at `t`; else the next week when the week is full, and when the share is over
  /// the time the oldest post in the share window leaves it.
  Timestamp next_try(ChannelId c, Timestamp t) const noexcept {
    const ChannelState& cs = state.channels[c];
    const PostSpan at = span_at(cs, state.policy, t);
    const Room r = room_in(state, c, at);
    Timestamp next = t;
    if (r.full) next = std::max(next, week_start(t) + std::chrono::days{7});
    if (r.share_over) {
      // With share_min_posts 0 an empty window can be over; then only a later week can change it.
      next =
          std::max(next, at.share_begin < cs.times.size()
                             ? cs.times[at.share_begin] + state.policy.share_window + std::chrono::seconds{1}
                             : week_start(t) + std::chrono::days{7});
    }
    return next;
  }
};

/// The earliest slot on the recorded posts alone.
inline std::optional<Timestamp> earliest_slot(const NetworkState& s, const Member& owner,
                                              std::span<const ChannelId> channels, Timestamp from) noexcept {
  return earliest_slot(owner, channels, from, RecordedCalendar{s});
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_ROOM_HPP
