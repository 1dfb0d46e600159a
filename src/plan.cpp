#include <algorithm>
#include <array>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <rapport/plan.hpp>
#include <rapport/score.hpp>
#include <string>
#include <tuple>
#include <utility>

#include "detail/attention.hpp"
#include "detail/network_state.hpp"
#include "detail/reasons.hpp"
#include "detail/room.hpp"

namespace rapport {
namespace {

using detail::make_reason;
using detail::NetworkState;
using detail::unix_seconds;

Reason about(Reason r, std::optional<ChannelId> channel) noexcept {
  r.channel = channel;
  return r;
}

/// Worth doing: the score accepts or defers it, or would defer it but finds no slot within a year.
bool worth(const Score& sc) noexcept {
  return sc.decision == Decision::accept || sc.decision == Decision::defer ||
         detail::declined_for_room(sc.decision, sc.reasons);
}

/// The owner's channels as the plan fills them: recorded posts plus the promotions placed so far,
/// counted per calendar week, judged by the same room rules as `score` (`detail/room.hpp`).
class PlanCalendar {
 public:
  PlanCalendar(const NetworkState& s, MemberId owner, Timestamp now)
      : state_(s), first_week_(week_start(now)) {
    for (const ChannelId c : s.channels_by_owner[owner])
      lanes_.push_back({c, detail::tolerance_of(s, c), detail::ChannelWeeks(s.channels[c], now), {}});
  }

  /// Room for one more promotion on `c` in the week holding `t`, counting what is placed.
  detail::Room room(ChannelId c, Timestamp t) const noexcept { return room_in(lane(c), t, 0); }

  /// Whether what is placed on `c` keeps its tolerance around `t`, where one of them lies: the room
  /// that one had, judged with everything else placed.
  detail::Room room_of_placed(ChannelId c, Timestamp t) const noexcept { return room_in(lane(c), t, 1); }

  /// Places a promotion on `c` at `t` (at or after `now`).
  void place(ChannelId c, Timestamp t) {
    Lane& l = lane(c);
    const std::size_t i = index(week_start(t));
    if (i >= l.placed.size()) l.placed.resize(i + 1, 0);
    ++l.placed[i];
  }

 private:
  struct Lane {
    ChannelId channel = 0;
    PromoTolerance tolerance{};
    detail::ChannelWeeks recorded;
    std::vector<std::ptrdiff_t> placed{};  // promotions placed per week from `now`'s
  };

  const Lane& lane(ChannelId c) const noexcept {
    // An owner has a handful of channels: a scan beats a map.
    return *std::find_if(lanes_.begin(), lanes_.end(), [c](const Lane& l) { return l.channel == c; });
  }
  Lane& lane(ChannelId c) noexcept {
    return *std::find_if(lanes_.begin(), lanes_.end(), [c](const Lane& l) { return l.channel == c; });
  }
  std::size_t index(Timestamp week) const noexcept {
    return static_cast<std::size_t>((week - first_week_) / detail::one_week);
  }
  detail::WeekLoad load(const Lane& l, Timestamp week) const noexcept {
    detail::WeekLoad out = l.recorded(week);
    if (week >= first_week_) {
      const std::size_t i = index(week);
      const std::ptrdiff_t placed = i < l.placed.size() ? l.placed[i] : 0;
      out.posts += placed;
      out.promos += placed;
    }
    return out;
  }
  /// Room in t's week with `removed` of the placed promotions of that week left out.
  detail::Room room_in(const Lane& l, Timestamp t, std::ptrdiff_t removed) const noexcept {
    const Timestamp week = week_start(t);
    return detail::room_in_week(l.tolerance, state_.policy, week, [&](Timestamp w) {
      detail::WeekLoad x = load(l, w);
      if (w == week) x -= detail::WeekLoad{removed, removed};
      return x;
    });
  }

  const NetworkState& state_;
  Timestamp first_week_;
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
        launches_(state_.members.launches(owner)),
        energy_(state_.members.energy(owner)),
        owner_id_(owner),
        pending_(pending),
        now_(now),
        // A tired owner takes nothing on now: every request worth doing waits for the rest.
        search_from_(detail::tired(energy_, state_.policy) ? now + state_.policy.gates.energy_rest : now),
        calendar_(state_, owner, now) {
    items_.resize(pending.size());
    const std::vector<std::optional<Pin>> pins = resolve_pins(pending, overrides);
    for (std::size_t i = 0; i < pending.size(); ++i) {
      items_[i].pin = pins[i];
      items_[i].first_channel = channels_.size();
      for (const std::string& name : pending[i].channels) {
        // `score_all` has checked every name; a channel asked twice still takes one promotion.
        const auto c = state_.find_channel(state_.members.handle(owner_id_), name);
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
    place_pinned_accepts(plan);
    place_in_order(plan, by_total(scores));
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      write_reasons(plan.entries[i], items_[i], scores[i]);
      if (items_[i].pin == Pin::accept && overloads(plan.entries[i], i)) plan.pin_overloads.push_back(i);
    }
    return plan;
  }

 private:
  /// Pinned accepts take their room first: the owner has promised them.
  void place_pinned_accepts(TriagePlan& plan) {
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (items_[i].pin == Pin::accept) {
        for (const ChannelId c : channels(i)) calendar_.place(c, now_);
        plan.entries[i].decision = Decision::accept;
        plan.entries[i].slot = now_;
      }
  }

  /// The requests the plan places, unpinned and worth doing: highest total first, then by id, then in
  /// the order given.
  std::vector<std::size_t> by_total(const std::vector<Score>& scores) const {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (!items_[i].pin && items_[i].worth) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (scores[a].total != scores[b].total) return scores[a].total > scores[b].total;
      if (pending_[a].id != pending_[b].id) return pending_[a].id < pending_[b].id;
      return a < b;
    });
    return order;
  }

  /// Places the requests of `order`, one after the other, in the earliest slot with room: accepted now,
  /// deferred, or declined with none within the horizon. A deferral keeps the channel with no room now
  /// and the requests accepted on it that outrank it, to explain it.
  void place_in_order(TriagePlan& plan, std::span<const std::size_t> order) {
    // Requests accepted now per channel, and the lowest total among them, to explain deferrals.
    std::vector<std::pair<std::size_t, double>> accepted_by_channel(
        state_.channels_by_owner[owner_id_].size());
    const auto outrank = [&](ChannelId c) -> std::pair<std::size_t, double>& {
      const std::span<const ChannelId> mine = state_.channels_by_owner[owner_id_];
      return accepted_by_channel[static_cast<std::size_t>(std::find(mine.begin(), mine.end(), c) -
                                                          mine.begin())];
    };
    for (const std::size_t i : order) {
      PlanEntry& e = plan.entries[i];
      const std::span<const ChannelId> cs = channels(i);
      e.slot = detail::earliest_slot(launches_, cs, search_from_, calendar_);
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
        if (!tired() && !detail::launch_at(launches_, now_)) {
          for (const ChannelId c : cs)
            if (!calendar_.room(c, now_).fits()) {
              items_[i].blocked_on = c;
              std::tie(items_[i].ahead, items_[i].ahead_lowest) = outrank(c);
              break;
            }
        }
      }
      for (const ChannelId c : cs) calendar_.place(c, *e.slot);
    }
  }

  std::span<const ChannelId> channels(std::size_t i) const noexcept {
    return {channels_.data() + items_[i].first_channel, items_[i].channel_count};
  }

  bool tired() const noexcept { return search_from_ != now_; }

  /// Whether the plan, as placed, would accept now a request that scores `s` and asks for `cs`: the
  /// score accepts it and one more promotion fits now on each channel. Counterfactuals claim no less.
  bool accepted_now(const Score& s, std::span<const ChannelId> cs) const noexcept {
    return s.decision == Decision::accept &&
           detail::earliest_slot(launches_, cs, search_from_, calendar_) == now_;
  }

  /// Adds to a pinned accept the reasons it overloads its channels or the owner's launch, judged on
  /// the final plan: every other promotion counts against it.
  bool overloads(PlanEntry& e, std::size_t i) const {
    bool over = false;
    Reasons extra;
    for (const ChannelId c : channels(i)) {
      const detail::Room r = calendar_.room_of_placed(c, now_);
      if (!r.fits()) {
        extra.push_back(about(make_reason(ReasonCode::pinned_overload, Dimension::decision, r.week_promos + 1,
                                          detail::tolerance_of(state_, c).max_per_week, r.share_after),
                              c));
        over = true;
      }
    }
    if (const TimeRange* l = detail::launch_at(launches_, now_); l && items_[i].channel_count > 0) {
      extra.push_back(make_reason(ReasonCode::pinned_in_launch, Dimension::decision, unix_seconds(l->end)));
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
      if (sc.decision == Decision::decline) e.flip = merit_flip(pending_[i], channels(i), sc);
      return;
    }
    if (!e.slot) {
      out.push_back(detail::no_slot_reason(
          state_, detail::channel_without_slot(launches_, channels(i), search_from_, calendar_), now_));
      rest(out);
      e.flip = channel_flip(pending_[i]).value_or(make_reason(ReasonCode::no_flip, Dimension::decision));
    } else if (e.decision == Decision::accept) {
      out.push_back(make_reason(ReasonCode::worth_accepting, Dimension::decision,
                                detail::judged_merit(sc, state_.policy), g.accept));
      rest(out);
    } else {
      // A tired owner's deferral says why, as `score` does.
      out.push_back(tired() ? make_reason(ReasonCode::tired, Dimension::decision, energy_, g.tired_energy,
                                          unix_seconds(*e.slot))
                            : make_reason(ReasonCode::deferred, Dimension::decision, unix_seconds(*e.slot)));
      if (const auto& by = pending_[i].wanted_by; by && *e.slot > *by)
        out.push_back(make_reason(ReasonCode::slot_after_deadline, Dimension::decision, unix_seconds(*e.slot),
                                  unix_seconds(*by)));
      if (item.blocked_on && item.ahead > 0)
        out.push_back(about(make_reason(ReasonCode::outranked, Dimension::decision,
                                        static_cast<double>(item.ahead), item.ahead_lowest),
                            item.blocked_on));
      rest(out);
      e.flip = tired()
                   ? make_reason(ReasonCode::flip_if_rested, Dimension::decision, unix_seconds(*e.slot))
                   : about(make_reason(ReasonCode::flip_if_later, Dimension::decision, unix_seconds(*e.slot)),
                           item.blocked_on);
    }
  }

  /// The smallest change to a request the score declines after which the plan would accept it now,
  /// trying what costs the requester least first: a preview, a personal message, an offer (cheapest
  /// first), another channel. Failing all, how far the decisive figure is from its gate.
  Reason merit_flip(const Request& req, std::span<const ChannelId> asked, const Score& sc) const {
    const Policy& p = state_.policy;
    const ReasonCode gate = sc.reasons.empty() ? ReasonCode::no_flip : sc.reasons[0].code;
    if (gate == ReasonCode::competitor) return make_reason(ReasonCode::no_flip, Dimension::decision);
    Request alt = req;
    if (!req.preview) {
      alt.preview = true;
      if (const Score s = score(network_, alt, now_); accepted_now(s, asked))
        return make_reason(ReasonCode::flip_if_preview, Dimension::prior_context, detail::judged_merit(s, p),
                           p.gates.accept);
      alt.preview = false;
    }
    if (!req.personalised) {
      alt.personalised = true;
      if (const Score s = score(network_, alt, now_); accepted_now(s, asked))
        return make_reason(ReasonCode::flip_if_personal, Dimension::prior_context, detail::judged_merit(s, p),
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
      if (const Score s = score(network_, alt, now_); accepted_now(s, asked))
        return make_reason(ReasonCode::flip_if_offer, Dimension::reciprocity, static_cast<double>(o),
                           detail::judged_merit(s, p), p.gates.accept);
    }
    if (auto by_channel = channel_flip(req)) return *by_channel;
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
      return make_reason(ReasonCode::flip_if_higher, dim, detail::judged_merit(sc, p), p.gates.accept);
    return make_reason(ReasonCode::no_flip, Dimension::decision);
  }

  /// Asking for one channel of the owner alone instead, if the plan would then accept it now; the first
  /// such channel in the owner's order (one the request asks for among others included).
  std::optional<Reason> channel_flip(const Request& req) const {
    const Policy& p = state_.policy;
    Request alt = req;
    for (const ChannelId c : state_.channels_by_owner[owner_id_]) {
      const std::string& name = state_.channels[c].channel.name;
      if (req.channels.size() == 1 && req.channels[0] == name) continue;
      alt.channels.assign(1, name);
      const ChannelId one[] = {c};
      if (const Score s = score(network_, alt, now_); accepted_now(s, one))
        return about(make_reason(ReasonCode::flip_if_channel, Dimension::audience_load,
                                 detail::judged_merit(s, p), p.gates.accept, unix_seconds(now_)),
                     c);
    }
    return std::nullopt;
  }

  const Network& network_;
  const NetworkState& state_;
  std::span<const TimeRange> launches_;  // the owner's
  double energy_;                        // the owner's
  MemberId owner_id_;
  std::span<const Request> pending_;
  Timestamp now_;
  Timestamp search_from_;  // where slots are searched from: `now`, or when tired after the rest
  PlanCalendar calendar_;
  std::vector<Item> items_{};
  std::vector<ChannelId> channels_{};  // each request's distinct channels, one after another
};

}  // namespace

TriagePlan plan_triage(const Network& network, MemberId owner, std::span<const Request> pending,
                       Timestamp now, std::span<const Override> overrides) {
  detail::check_owner(network, owner, "owner");
  const std::string_view handle = network.handle(owner);
  for (std::size_t i = 0; i < pending.size(); ++i)
    if (pending[i].owner != handle)
      throw Error(Errc::unknown_member, "pending[" + std::to_string(i) + "].owner", pending[i].owner);
  Planner planner(network, owner, pending, now, overrides);
  return planner.run(score_all(network, pending, now));
}

}  // namespace rapport
