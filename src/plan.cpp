#include <algorithm>
#include <array>
#include <cstdint>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <rapport/plan.hpp>
#include <rapport/score.hpp>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "detail/attention.hpp"
#include "detail/names.hpp"
#include "detail/network_state.hpp"
#include "detail/reasons.hpp"
#include "detail/room.hpp"

namespace rapport {
namespace {

constexpr std::array<std::string_view, 2> pin_names{"accept", "decline"};

using detail::make_reason;
using detail::NetworkState;
using detail::seconds;
using std::chrono::days;

Reason about(Reason r, std::optional<ChannelId> channel) noexcept {
  r.channel = channel;
  return r;
}

/// The score's merit: its total without the audience load.
double merit(const Score& sc, const Policy& p) noexcept {
  return detail::merit(sc.relevance, sc.prior_context, sc.reciprocity, p);
}

/// Worth doing: the score accepts or defers it, or would defer it but finds no slot within a year.
bool worth(const Score& sc) noexcept {
  if (sc.decision == Decision::accept || sc.decision == Decision::defer) return true;
  return sc.decision == Decision::decline && !sc.reasons.empty() &&
         sc.reasons[0].code == ReasonCode::channel_full && sc.reasons[0].dimension == Dimension::decision;
}

/// Counts per position with prefix sums in O(log n).
class Fenwick {
 public:
  explicit Fenwick(std::size_t n) : tree_(n + 1, 0) {}
  void add(std::size_t i) {
    for (++i; i < tree_.size(); i += i & (~i + 1)) ++tree_[i];
  }
  /// The sum of the first `n` counts.
  std::ptrdiff_t prefix(std::size_t n) const noexcept {
    std::ptrdiff_t sum = 0;
    for (; n > 0; n -= n & (~n + 1)) sum += tree_[n];
    return sum;
  }

 private:
  std::vector<std::ptrdiff_t> tree_;
};

/// The owner's channels as the plan fills them: recorded posts plus the promotions placed so far.
/// Placements land on a grid fixed up front (now, every Monday, every launch end, every time a recorded
/// post leaves the share window) so that counting them costs O(log n). With nothing placed it answers
/// exactly as `detail::RecordedCalendar` does, whose jumps only ever land on that grid; once promotions
/// are placed, a slot freed when one of them leaves a share window waits for the next grid time.
class PlanCalendar {
 public:
  /// Everything in a promotion's week and share window, itself included if placed.
  struct Totals {
    int week_promos = 0;
    std::ptrdiff_t window_posts = 0;
    std::ptrdiff_t window_promos = 0;
  };

  PlanCalendar(const NetworkState& s, MemberId owner, Timestamp now)
      : state_(s), horizon_(now + detail::slot_horizon) {
    const Duration window = s.policy.share_window;
    grid_.push_back(now);
    for (Timestamp w = week_start(now) + days{7}; w < horizon_; w += days{7}) grid_.push_back(w);
    for (const TimeRange& l : s.members[owner].launches)
      if (l.end > now && l.end < horizon_) grid_.push_back(l.end);
    for (const ChannelId c : s.channels_by_owner[owner]) {
      const std::span<const Post> posts = s.channels[c].posts;
      const auto from = std::lower_bound(posts.begin(), posts.end(), now - window,
                                         [](const Post& p, Timestamp x) { return p.at < x; });
      for (auto p = from; p != posts.end() && p->at + window + std::chrono::seconds{1} < horizon_; ++p)
        grid_.push_back(p->at + window + std::chrono::seconds{1});
    }
    std::sort(grid_.begin(), grid_.end());
    grid_.erase(std::unique(grid_.begin(), grid_.end()), grid_.end());

    for (const ChannelId c : s.channels_by_owner[owner]) {
      Lane lane{c, detail::tolerance_of(s, c), s.channels[c].posts, {}, Fenwick(grid_.size()), {}};
      lane.promos_before.reserve(lane.posts.size() + 1);
      lane.promos_before.push_back(0);
      for (const Post& p : lane.posts)
        lane.promos_before.push_back(lane.promos_before.back() + (p.promotion ? 1 : 0));
      lanes_.push_back(std::move(lane));
    }
  }

  /// What `detail::earliest_slot` asks: `t` if one more promotion fits on `c` at `t`, in its own week and
  /// share window and in the share window of every promotion already placed; else a later grid time
  /// before which it cannot fit.
  Timestamp next_try(ChannelId c, Timestamp t) const noexcept {
    const Lane& l = lane(c);
    const Duration window = state_.policy.share_window;
    const Timestamp week_end = week_start(t) + days{7};
    const Totals n = totals(l, t);
    const detail::Room r =
        detail::room_for(l.tolerance, state_.policy, n.week_promos, n.window_posts, n.window_promos);
    Timestamp next = t;
    if (r.full) next = std::max(next, week_end);
    if (r.share_over) {
      // Wait until the oldest post in the window, recorded or placed, leaves it.
      std::optional<Timestamp> oldest;
      if (const Post* p = detail::first_post_from(l.posts, t - window)) oldest = p->at;
      if (const auto it = l.active.lower_bound(key(index_before(t - window))); it != l.active.end())
        oldest = oldest ? std::min(*oldest, grid_[*it]) : grid_[*it];
      next = std::max(next, oldest ? *oldest + window + std::chrono::seconds{1} : week_end);
    }
    if (next == t) {
      // A promotion at t joins the share window of every placed one from the start of t's week to
      // t + share_window; each of those must still have room for one more. Their weeks are unaffected
      // unless shared with t, and then the check above already counted them.
      const std::size_t last = index_after(t + window);
      for (auto it = l.active.lower_bound(key(index_before(week_start(t))));
           it != l.active.end() && *it < last; ++it) {
        const Timestamp g = grid_[*it];
        const Totals m = totals(l, g);
        if (detail::room_for(l.tolerance, state_.policy, m.week_promos, m.window_posts, m.window_promos)
                .share_over)
          next = std::max(next, week_start(g) + days{7});
      }
    }
    return next == t ? t : snap(next);
  }

  /// Places a promotion on `c` at `t`, a time `earliest_slot` returned (so a grid time).
  void place(ChannelId c, Timestamp t) {
    Lane& l = lane(c);
    const std::size_t i = index_before(t);
    l.active.insert(key(i));
    l.placed.add(i);
  }

  /// Everything on `c` in the week and share window of a promotion at `t`.
  Totals totals(ChannelId c, Timestamp t) const noexcept { return totals(lane(c), t); }

 private:
  struct Lane {
    ChannelId channel = 0;
    PromoTolerance tolerance{};
    std::span<const Post> posts{};
    std::vector<std::ptrdiff_t> promos_before{};  // promotions among posts[0, i)
    Fenwick placed;
    std::set<std::uint32_t> active{};  // grid indices holding placed promotions
  };

  const Lane& lane(ChannelId c) const noexcept {
    // An owner has a handful of channels: a scan beats a map.
    return *std::find_if(lanes_.begin(), lanes_.end(), [c](const Lane& l) { return l.channel == c; });
  }
  Lane& lane(ChannelId c) noexcept {
    return *std::find_if(lanes_.begin(), lanes_.end(), [c](const Lane& l) { return l.channel == c; });
  }
  static std::uint32_t key(std::size_t grid_index) noexcept { return static_cast<std::uint32_t>(grid_index); }
  /// The number of grid times before `t`.
  std::size_t index_before(Timestamp t) const noexcept {
    return static_cast<std::size_t>(std::lower_bound(grid_.begin(), grid_.end(), t) - grid_.begin());
  }
  /// The number of grid times at or before `t`.
  std::size_t index_after(Timestamp t) const noexcept {
    return static_cast<std::size_t>(std::upper_bound(grid_.begin(), grid_.end(), t) - grid_.begin());
  }
  /// The first grid time at or after `t`; the horizon, which ends the search, if none.
  Timestamp snap(Timestamp t) const noexcept {
    const auto it = std::lower_bound(grid_.begin(), grid_.end(), t);
    return it == grid_.end() ? horizon_ : *it;
  }
  /// Posts and promotions on `l` in [a, b), recorded and placed.
  std::pair<std::ptrdiff_t, std::ptrdiff_t> count(const Lane& l, Timestamp a, Timestamp b) const noexcept {
    const auto by_time = [](const Post& p, Timestamp x) { return p.at < x; };
    const auto ia = std::lower_bound(l.posts.begin(), l.posts.end(), a, by_time) - l.posts.begin();
    const auto ib = std::lower_bound(l.posts.begin(), l.posts.end(), b, by_time) - l.posts.begin();
    const std::ptrdiff_t placed = l.placed.prefix(index_before(b)) - l.placed.prefix(index_before(a));
    return {ib - ia + placed, l.promos_before[static_cast<std::size_t>(ib)] -
                                  l.promos_before[static_cast<std::size_t>(ia)] + placed};
  }
  Totals totals(const Lane& l, Timestamp t) const noexcept {
    const TimeRange window = detail::share_window_at(state_.policy, t);
    Totals out;
    out.week_promos = static_cast<int>(count(l, week_start(t), window.end).second);
    std::tie(out.window_posts, out.window_promos) = count(l, window.begin, window.end);
    return out;
  }

  const NetworkState& state_;
  Timestamp horizon_;
  std::vector<Timestamp> grid_{};
  std::vector<Lane> lanes_{};
};

/// Each request's pin, if any. Throws for an override naming no pending request, or pinning one both ways.
std::vector<std::optional<Pin>> resolve_pins(std::span<const Request> pending,
                                             std::span<const Override> overrides) {
  std::vector<std::optional<Pin>> pins(pending.size());
  if (overrides.empty()) return pins;
  std::vector<std::pair<std::string_view, std::size_t>> by_id;
  by_id.reserve(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) by_id.emplace_back(pending[i].id, i);
  std::sort(by_id.begin(), by_id.end());
  for (std::size_t k = 0; k < overrides.size(); ++k) {
    const std::string field = "overrides[" + std::to_string(k) + "].request_id";
    const std::string& id = overrides[k].request_id;
    if (id.empty()) throw Error(Errc::empty_handle, field, "");
    const auto [first, last] =
        std::equal_range(by_id.begin(), by_id.end(), std::pair<std::string_view, std::size_t>(id, 0),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    if (first == last) throw Error(Errc::out_of_range, field, id);
    for (auto it = first; it != last; ++it) {
      std::optional<Pin>& pin = pins[it->second];
      if (pin && *pin != overrides[k].pin) throw Error(Errc::out_of_range, field, id + " (pinned both ways)");
      pin = overrides[k].pin;
    }
  }
  return pins;
}

/// Everything the plan works out for one request before its reasons are written.
struct Item {
  std::size_t first_channel = 0, channel_count = 0;  // into Planner::channels_
  std::optional<Pin> pin;
  bool worth = false;
  std::optional<ChannelId> blocked_on;  // deferred: the channel with no room now (unset: the launch)
  std::size_t ahead = 0;                // deferred: requests accepted now on `blocked_on` that outrank it
  double ahead_lowest = 0;              // ... and the lowest of their totals
};

class Planner {
 public:
  Planner(const Network& network, MemberId owner, std::span<const Request> pending, Timestamp now,
          std::span<const Override> overrides)
      : network_(network),
        state_(detail::NetworkAccess::state(network)),
        owner_(state_.members[owner]),
        owner_id_(owner),
        pending_(pending),
        now_(now),
        calendar_(state_, owner, now) {
    items_.resize(pending.size());
    const std::vector<std::optional<Pin>> pins = resolve_pins(pending, overrides);
    for (std::size_t i = 0; i < pending.size(); ++i) {
      items_[i].pin = pins[i];
      items_[i].first_channel = channels_.size();
      for (const std::string& name : pending[i].channels) {
        // `score_all` has checked every name; a channel asked twice still takes one promotion.
        const auto c = state_.find_channel(owner_.handle, name);
        if (c && std::find(channels_.begin() + static_cast<std::ptrdiff_t>(items_[i].first_channel),
                           channels_.end(), *c) == channels_.end())
          channels_.push_back(*c);
      }
      items_[i].channel_count = channels_.size() - items_[i].first_channel;
    }
  }

  TriagePlan run(const std::vector<Score>& scores) {
    TriagePlan plan;
    plan.entries.resize(pending_.size());
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      plan.entries[i].request = i;
      plan.entries[i].total = scores[i].total;
      plan.entries[i].pinned = items_[i].pin.has_value();
      items_[i].worth = worth(scores[i]);
    }
    // Pinned accepts take their room first: the owner has promised them.
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (items_[i].pin == Pin::accept) {
        for (const ChannelId c : channels(i)) calendar_.place(c, now_);
        plan.entries[i].decision = Decision::accept;
        plan.entries[i].slot = now_;
      }

    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (!items_[i].pin && items_[i].worth) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (scores[a].total != scores[b].total) return scores[a].total > scores[b].total;
      if (pending_[a].id != pending_[b].id) return pending_[a].id < pending_[b].id;
      return a < b;
    });
    // Requests accepted now per channel, and the lowest total among them, to explain deferrals.
    std::vector<std::pair<std::size_t, double>> accepted_now(state_.channels_by_owner[owner_id_].size());
    const auto outrank = [&](ChannelId c) -> std::pair<std::size_t, double>& {
      const auto& mine = state_.channels_by_owner[owner_id_];
      return accepted_now[static_cast<std::size_t>(std::find(mine.begin(), mine.end(), c) - mine.begin())];
    };
    for (const std::size_t i : order) {
      PlanEntry& e = plan.entries[i];
      const std::span<const ChannelId> cs = channels(i);
      e.slot = detail::earliest_slot(owner_, cs, now_, calendar_);
      if (!e.slot) {
        e.decision = Decision::decline;
        continue;
      }
      if (*e.slot == now_) {
        e.decision = Decision::accept;
        for (const ChannelId c : cs) {
          auto& [count, lowest] = outrank(c);
          ++count;
          lowest = e.total;  // placed in descending order of total
        }
      } else {
        e.decision = Decision::defer;
        if (!detail::launch_at(owner_, now_)) {
          for (const ChannelId c : cs)
            if (calendar_.next_try(c, now_) != now_) {
              items_[i].blocked_on = c;
              std::tie(items_[i].ahead, items_[i].ahead_lowest) = outrank(c);
              break;
            }
        }
      }
      for (const ChannelId c : cs) calendar_.place(c, *e.slot);
    }

    for (std::size_t i = 0; i < pending_.size(); ++i) {
      write_reasons(plan.entries[i], items_[i], scores[i]);
      if (items_[i].pin == Pin::accept && overloads(plan.entries[i], i)) plan.pin_overloads.push_back(i);
    }
    return plan;
  }

 private:
  std::span<const ChannelId> channels(std::size_t i) const noexcept {
    return {channels_.data() + items_[i].first_channel, items_[i].channel_count};
  }

  /// Adds to a pinned accept the reasons it overloads its channels or the owner's launch, judged on
  /// the final plan: every other promotion counts against it.
  bool overloads(PlanEntry& e, std::size_t i) const {
    bool over = false;
    Reasons extra;
    for (const ChannelId c : channels(i)) {
      const PlanCalendar::Totals n = calendar_.totals(c, now_);
      const PromoTolerance tol = detail::tolerance_of(state_, c);
      const detail::Room r =
          detail::room_for(tol, state_.policy, n.week_promos - 1, n.window_posts - 1, n.window_promos - 1);
      if (r.full || r.share_over) {
        const double share = static_cast<double>(n.window_promos) / static_cast<double>(n.window_posts);
        extra.push_back(about(make_reason(ReasonCode::pinned_overload, Dimension::decision, n.week_promos,
                                          tol.max_per_week, share),
                              c));
        over = true;
      }
    }
    if (const TimeRange* l = detail::launch_at(owner_, now_); l && items_[i].channel_count > 0) {
      extra.push_back(make_reason(ReasonCode::pinned_in_launch, Dimension::decision, seconds(l->end)));
      over = true;
    }
    if (over) {
      Reasons all;
      all.push_back(e.reasons[0]);  // `pinned`
      for (const Reason& r : extra) all.push_back(r);
      for (std::size_t k = 1; k < e.reasons.size(); ++k) all.push_back(e.reasons[k]);
      e.reasons = all;
    }
    return over;
  }

  void write_reasons(PlanEntry& e, const Item& item, const Score& sc) const {
    const Gates& g = state_.policy.gates;
    const auto rest = [&](Reasons& out) {
      for (const Reason& r : sc.reasons)
        if (r.dimension != Dimension::decision) out.push_back(r);
    };
    Reasons& out = e.reasons;
    if (item.pin) {
      out.push_back(make_reason(ReasonCode::pinned, Dimension::decision));
      for (const Reason& r : sc.reasons) out.push_back(r);
      if (*item.pin == Pin::decline) {
        e.decision = Decision::decline;
        e.flip = make_reason(ReasonCode::flip_if_unpinned, Dimension::decision);
      }
      return;
    }
    const std::size_t i = e.request;
    if (!item.worth) {
      out = sc.reasons;
      e.decision = sc.decision;
      if (sc.decision == Decision::decline) e.flip = merit_flip(pending_[i], sc);
      return;
    }
    if (!e.slot) {
      out.push_back(make_reason(ReasonCode::channel_full, Dimension::decision));
      rest(out);
      e.flip = channel_flip(pending_[i], channels(i), false)
                   .value_or(make_reason(ReasonCode::no_flip, Dimension::decision));
    } else if (e.decision == Decision::accept) {
      out.push_back(
          make_reason(ReasonCode::worth_accepting, Dimension::decision, merit(sc, state_.policy), g.accept));
      rest(out);
    } else {
      out.push_back(make_reason(ReasonCode::deferred, Dimension::decision, seconds(*e.slot)));
      if (const auto& by = pending_[i].wanted_by; by && *e.slot > *by)
        out.push_back(make_reason(ReasonCode::slot_after_deadline, Dimension::decision, seconds(*e.slot),
                                  seconds(*by)));
      if (item.blocked_on && item.ahead > 0)
        out.push_back(about(make_reason(ReasonCode::outranked, Dimension::decision,
                                        static_cast<double>(item.ahead), item.ahead_lowest),
                            item.blocked_on));
      rest(out);
      e.flip = about(make_reason(ReasonCode::flip_if_later, Dimension::decision, seconds(*e.slot)),
                     item.blocked_on);
    }
  }

  /// The smallest change to a request the score declines that makes it worth doing, trying what costs
  /// the requester least first: a preview, a personal message, an offer (cheapest first), another
  /// channel. Failing all, how far the decisive figure is from its gate.
  Reason merit_flip(const Request& req, const Score& sc) const {
    const Policy& p = state_.policy;
    const ReasonCode gate = sc.reasons.empty() ? ReasonCode::no_flip : sc.reasons[0].code;
    if (gate == ReasonCode::competitor) return make_reason(ReasonCode::no_flip, Dimension::decision);
    Request alt = req;
    if (!req.preview) {
      alt.preview = true;
      if (const Score s = score(network_, alt, now_); worth(s))
        return make_reason(ReasonCode::flip_if_preview, Dimension::prior_context, merit(s, p),
                           p.gates.accept);
      alt.preview = false;
    }
    if (!req.personalised) {
      alt.personalised = true;
      if (const Score s = score(network_, alt, now_); worth(s))
        return make_reason(ReasonCode::flip_if_personal, Dimension::prior_context, merit(s, p),
                           p.gates.accept);
      alt.personalised = false;
    }
    std::array<Offer, 3> offers{Offer::reciprocal_promotion, Offer::payment, Offer::promise};
    std::stable_sort(offers.begin(), offers.end(), [&](Offer a, Offer b) {
      return p.offer_value[static_cast<std::size_t>(a)] < p.offer_value[static_cast<std::size_t>(b)];
    });
    for (const Offer o : offers) {
      if (o == req.offer) continue;
      alt.offer = o;
      if (const Score s = score(network_, alt, now_); worth(s))
        return make_reason(ReasonCode::flip_if_offer, Dimension::reciprocity, static_cast<double>(o),
                           merit(s, p), p.gates.accept);
    }
    if (auto by_channel = channel_flip(req, {}, true)) return *by_channel;
    const Dimension dim = gate == ReasonCode::off_niche   ? Dimension::relevance
                          : gate == ReasonCode::one_sided ? Dimension::reciprocity
                                                          : Dimension::decision;
    if (gate == ReasonCode::no_context)
      return make_reason(ReasonCode::flip_if_higher, Dimension::prior_context, sc.reasons[0].figures[0],
                         p.gates.min_context);
    if (gate == ReasonCode::off_niche)
      return make_reason(ReasonCode::flip_if_higher, dim, sc.relevance, p.gates.off_niche);
    if (gate == ReasonCode::one_sided)
      return make_reason(ReasonCode::flip_if_higher, dim, sc.reciprocity, p.gates.min_reciprocity);
    if (gate == ReasonCode::below_accept)
      return make_reason(ReasonCode::flip_if_higher, dim, merit(sc, p), p.gates.accept);
    return make_reason(ReasonCode::no_flip, Dimension::decision);
  }

  /// Asking for one other channel of the owner instead, if that makes the request worth doing and the
  /// plan has a slot there; the first such channel in the owner's order. `any` also tries the channels
  /// the request already asks for, alone.
  std::optional<Reason> channel_flip(const Request& req, std::span<const ChannelId> asked, bool any) const {
    const Policy& p = state_.policy;
    Request alt = req;
    for (const ChannelId c : state_.channels_by_owner[owner_id_]) {
      const bool is_asked = std::find(asked.begin(), asked.end(), c) != asked.end();
      if (is_asked && !any) continue;
      const std::string& name = state_.channels[c].channel.name;
      if (req.channels.size() == 1 && req.channels[0] == name) continue;
      alt.channels.assign(1, name);
      const Score s = score(network_, alt, now_);
      if (!worth(s)) continue;
      const ChannelId one[] = {c};
      if (const auto slot = detail::earliest_slot(owner_, one, now_, calendar_))
        return about(make_reason(ReasonCode::flip_if_channel, Dimension::audience_load, merit(s, p),
                                 p.gates.accept, seconds(*slot)),
                     c);
    }
    return std::nullopt;
  }

  const Network& network_;
  const NetworkState& state_;
  const Member& owner_;
  MemberId owner_id_;
  std::span<const Request> pending_;
  Timestamp now_;
  PlanCalendar calendar_;
  std::vector<Item> items_{};
  std::vector<ChannelId> channels_{};  // each request's distinct channels, one after another
};

}  // namespace

std::string_view to_string(Pin pin) noexcept {
  return pin_names[static_cast<std::size_t>(pin)];
}
std::optional<Pin> pin_from_string(std::string_view name) noexcept {
  return detail::from_name<Pin>(pin_names, name);
}

TriagePlan plan_triage(const Network& network, MemberId owner, std::span<const Request> pending,
                       Timestamp now, std::span<const Override> overrides) {
  detail::check_owner(network, owner, "owner");
  const std::string& handle = network.member(owner).handle;
  for (std::size_t i = 0; i < pending.size(); ++i)
    if (pending[i].owner != handle)
      throw Error(Errc::unknown_member, "pending[" + std::to_string(i) + "].owner", pending[i].owner);
  Planner planner(network, owner, pending, now, overrides);
  return planner.run(score_all(network, pending, now));
}

}  // namespace rapport
