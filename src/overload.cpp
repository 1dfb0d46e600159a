#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <string>
#include <tuple>
#include <utility>

#include "detail/attention.hpp"
#include "detail/network_state.hpp"
#include "detail/reasons.hpp"
#include "detail/room.hpp"
#include "detail/text.hpp"

namespace rapport {
namespace {

using detail::day_text;
using detail::fixed;
using detail::moment_text;
using detail::NetworkState;
using detail::percent;
using detail::percent_beside;
using detail::percent_up;
using detail::plural;
using detail::whole;
using detail::with_full_stop;
using std::chrono::days;

/// value / limit; a limit of 0 makes any load infinite, written as the largest double so that it
/// survives JSON.
double ratio(double value, double limit) noexcept {
  if (limit > 0) return value / limit;
  return value > 0 ? std::numeric_limits<double>::max() : 0.0;
}

/// At or above `strained` is strained, above `overloaded` is overloaded: a load exactly at capacity
/// still fits.
Level grade(double r, double strained, double overloaded) noexcept {
  if (r > overloaded) return Level::overloaded;
  if (r >= strained) return Level::strained;
  return Level::ok;
}

Signal measured(SignalKind kind, double value, double limit, const OverloadThresholds& th) {
  Signal s;
  s.kind = kind;
  s.value = value;
  s.limit = limit;
  s.ratio = ratio(value, limit);
  s.level = grade(s.ratio, th.strained, th.overloaded);
  return s;
}

Action act(ActionKind kind) {
  Action a;
  a.kind = kind;
  return a;
}

bool asks_for(const Request& r, std::string_view channel) {
  return std::find(r.channels.begin(), r.channels.end(), channel) != r.channels.end();
}

/// The plan declined it for want of room: worth doing, but no slot within a year.
bool declined_for_room(const PlanEntry& e) {
  return !e.pinned && detail::declined_for_room(e.decision, e.reasons);
}

/// What the plan suggests for the pending requests: decline the declined ones, least worth first, then
/// defer the deferred ones, earliest slot first. Pinned ones are the owner's decisions already.
std::vector<Action> request_actions(const TriagePlan& plan) {
  std::vector<const PlanEntry*> declines, defers;
  for (const PlanEntry& e : plan.entries) {
    if (e.pinned) continue;
    if (e.decision == Decision::decline) declines.push_back(&e);
    if (e.decision == Decision::defer) defers.push_back(&e);
  }
  std::sort(declines.begin(), declines.end(), [](const PlanEntry* a, const PlanEntry* b) {
    return a->total != b->total ? a->total < b->total : a->request < b->request;
  });
  std::sort(defers.begin(), defers.end(), [](const PlanEntry* a, const PlanEntry* b) {
    return a->slot != b->slot ? a->slot < b->slot : a->request < b->request;
  });
  std::vector<Action> out;
  for (const PlanEntry* e : declines) {
    Action a = act(ActionKind::decline_request);
    a.request = e->request;
    out.push_back(a);
  }
  for (const PlanEntry* e : defers) {
    Action a = act(ActionKind::defer_request);
    a.request = e->request;
    a.until = e->slot;
    out.push_back(a);
  }
  return out;
}

void inflow(OverloadReport& out, const Network& net, MemberId owner, std::span<const Request> pending,
            Timestamp now, const std::vector<Action>& requests) {
  const NetworkState& state = detail::NetworkAccess::state(net);
  const Policy& p = state.policy;
  const std::span<const Timestamp> times = net.requests_received(owner);
  // Arrivals in (now - length, now]: a request received at `now` counts. The pending requests count
  // too, unless the network recorded them already on arrival.
  const auto received = [&](days length) {
    const auto in_window = [&](Timestamp t) { return t > now - length && t <= now; };
    const auto recorded = std::upper_bound(times.begin(), times.end(), now) -
                          std::upper_bound(times.begin(), times.end(), now - length);
    const auto unrecorded = std::count_if(pending.begin(), pending.end(), [&](const Request& r) {
      return in_window(r.received) && !state.holds(owner, r);
    });
    return static_cast<double>(recorded + unrecorded);
  };
  const double per_week = p.capacity.requests_per_week;
  for (const auto& [kind, length, weeks] : {std::tuple{SignalKind::inflow_week, days{7}, 1.0},
                                            std::tuple{SignalKind::inflow_month, days{28}, 4.0}}) {
    Signal s = measured(kind, received(length), per_week * weeks, p.overload);
    s.window = TimeRange{now - length + std::chrono::seconds{1}, now + std::chrono::seconds{1}};
    if (s.level != Level::ok) s.actions = requests;
    out.signals.push_back(std::move(s));
  }
}

/// A time when no promotion may go on a channel: no room for one on the recorded posts, or a launch.
struct Pause {
  TimeRange when;
  bool no_room = false;  // holds a week without room, not only a launch
};

/// The pauses on `c` from `now` to the slot horizon, in order, merged where they overlap or touch. Room
/// is judged on the recorded posts with the rules the plan uses, and the plan's own promotions only
/// take room away, so no pause holds a slot of the plan.
std::vector<Pause> pauses_on(const NetworkState& s, MemberId owner, ChannelId c, Timestamp now) {
  const Timestamp horizon = now + detail::slot_horizon;
  std::vector<Pause> held;
  for (const TimeRange& l : s.members.launches(owner))
    if (l.end > now && l.begin < horizon) held.push_back({{std::max(l.begin, now), l.end}, false});
  const detail::ChannelWeeks weeks(s.channels[c], now);
  const PromoTolerance tol = detail::tolerance_of(s, c);
  for (Timestamp w = week_start(now); w < horizon; w += detail::one_week)
    if (!detail::room_in_week(tol, s.policy, w, weeks).fits())
      held.push_back({{std::max(w, now), w + detail::one_week}, true});
  std::sort(held.begin(), held.end(),
            [](const Pause& a, const Pause& b) { return a.when.begin < b.when.begin; });
  std::vector<Pause> merged;
  for (const Pause& p : held) {
    if (!merged.empty() && p.when.begin <= merged.back().when.end) {
      merged.back().when.end = std::max(merged.back().when.end, p.when.end);
      merged.back().no_room = merged.back().no_room || p.no_room;
    } else {
      merged.push_back(p);
    }
  }
  return merged;
}

/// The action for a pause on `c`; one reaching the slot horizon has no end.
Action pause_action(ChannelId c, const Pause& p, Timestamp now) {
  Action a = act(ActionKind::pause_promotions);
  a.channel = c;
  a.from = p.when.begin;
  if (p.when.end < now + detail::slot_horizon) a.until = p.when.end;
  return a;
}

/// The action for a pause on `c` that holds a week without room: `pause_action`, unless the pause has no
/// end because the channel's share tolerance is out of reach at the owner's pace there; then waiting would
/// not help, and the action is to raise the tolerance or post more.
Action room_action(const NetworkState& s, ChannelId c, const Pause& p, Timestamp now) {
  if (p.when.end >= now + detail::slot_horizon)
    if (const std::optional<double> share = detail::share_out_of_reach(s, c, now)) {
      Action a = act(ActionKind::raise_tolerance);
      a.channel = c;
      a.share = *share;
      return a;
    }
  return pause_action(c, p, now);
}

/// The worst week and the worst share window on `c` from `now`'s week to the last one a recorded post
/// reaches, counted as room counts them (commitments and the owner's expected own posts included).
std::pair<Signal, Signal> channel_signals(const NetworkState& s, ChannelId c, Timestamp now) {
  const Policy& p = s.policy;
  const PromoTolerance tol = detail::tolerance_of(s, c);
  const std::vector<Timestamp>& times = s.channels[c].times;
  const detail::ChannelWeeks weeks(s.channels[c], now);
  const int span = detail::share_weeks(p);
  const Timestamp last =
      week_start(times.empty() ? now : std::max(now, times.back())) + (span - 1) * detail::one_week;
  Signal weekly = measured(SignalKind::weekly_promotions, 0, tol.max_per_week, p.overload);
  Signal share = measured(SignalKind::promotion_share, 0, tol.max_share, p.overload);
  weekly.ratio = share.ratio = -1;
  for (Timestamp w = week_start(now); w <= last; w += detail::one_week) {
    const detail::WeekLoad here = weeks(w);
    Signal week_signal = measured(SignalKind::weekly_promotions, static_cast<double>(here.promos),
                                  tol.max_per_week, p.overload);
    week_signal.window = TimeRange{w, w + detail::one_week};
    if (week_signal.ratio > weekly.ratio) weekly = week_signal;
    const TimeRange window = detail::share_window_of(p, w);
    detail::WeekLoad in{};
    for (Timestamp v = window.begin; v < window.end; v += detail::one_week) in += weeks(v);
    const double posts = static_cast<double>(in.posts);
    Signal share_signal =
        measured(SignalKind::promotion_share, posts > 0 ? static_cast<double>(in.promos) / posts : 0,
                 tol.max_share, p.overload);
    // Too few posts to judge a share: the window is fine whatever it holds.
    if (in.posts < p.share_min_posts) {
      share_signal.ratio = 0;
      share_signal.level = Level::ok;
    }
    share_signal.window = window;
    if (share_signal.ratio > share.ratio) share = share_signal;
  }
  weekly.channel = share.channel = c;
  return {weekly, share};
}

/// The pauses on each of the owner's channels, in the order of `channels_by_owner`: the channel
/// signals and the launch signals both name them.
std::vector<std::vector<Pause>> pauses_by_channel(const NetworkState& s, MemberId owner, Timestamp now) {
  std::vector<std::vector<Pause>> out;
  for (const ChannelId c : s.channels_by_owner[owner]) out.push_back(pauses_on(s, owner, c, now));
  return out;
}

void channels(OverloadReport& out, const Network& net, MemberId owner, std::span<const Request> pending,
              const TriagePlan& plan, const std::vector<std::vector<Pause>>& pauses_of, Timestamp now) {
  const NetworkState& state = detail::NetworkAccess::state(net);
  const std::span<const ChannelId> mine = state.channels_by_owner[owner];
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const ChannelId c = mine[i];
    auto [weekly, share] = channel_signals(state, c, now);
    const std::vector<Pause>& pauses = pauses_of[i];
    for (Signal* s : {&weekly, &share}) {
      if (s->level != Level::ok) {
        for (const Pause& p : pauses)
          if (p.no_room) s->actions.push_back(room_action(state, c, p, now));
        for (const PlanEntry& e : plan.entries) {
          if (e.pinned || !asks_for(pending[e.request], state.channels[c].channel.name)) continue;
          if (e.decision == Decision::defer) {
            Action a = act(ActionKind::defer_request);
            a.request = e.request;
            a.until = e.slot;
            s->actions.push_back(a);
          } else if (declined_for_room(e)) {
            Action a = act(ActionKind::decline_request);
            a.request = e.request;
            s->actions.push_back(a);
          }
        }
      }
      out.signals.push_back(std::move(*s));
    }
  }
}

void dunbar(OverloadReport& out, const Network& net, MemberId owner, Timestamp now) {
  const Policy& p = net.policy();
  struct Tie {
    MemberId member;
    double strength;
    bool strategic;
  };
  // Active: a meaningful interaction within the window. Asks and likes alone are not a relationship
  // the owner keeps up.
  std::vector<Tie> active;
  for (const MemberId m : net.contacts(owner)) {
    const auto rel = net.relationship(owner, m, now);
    if (!rel || !rel->last_meaningful || *rel->last_meaningful < now - p.capacity.active_window) continue;
    active.push_back({m, rel->tie_strength, detail::NetworkAccess::state(net).members.strategic(m)});
  }
  // Weakest first, so the excess of a layer is its front.
  std::sort(active.begin(), active.end(), [](const Tie& a, const Tie& b) {
    return a.strength != b.strength ? a.strength < b.strength : a.member < b.member;
  });
  for (std::size_t layer = 0; layer < p.capacity.dunbar_layers.size(); ++layer) {
    const double floor = p.overload.layer_strength[layer];
    std::vector<const Tie*> members;
    for (const Tie& t : active)
      if (t.strength >= floor) members.push_back(&t);
    const int capacity = p.capacity.dunbar_layers[layer];
    Signal s = measured(SignalKind::dunbar_layer, static_cast<double>(members.size()), capacity, p.overload);
    s.layer = layer;
    if (s.level == Level::overloaded) {
      // With an `overloaded` threshold below 1 a layer can be overloaded and still within capacity.
      std::size_t excess = members.size() > static_cast<std::size_t>(capacity)
                               ? members.size() - static_cast<std::size_t>(capacity)
                               : 0;
      for (const Tie* t : members) {
        if (excess == 0) break;
        if (t->strategic) continue;  // the relationships that must get attention stay
        Action a = act(ActionKind::deprioritise);
        a.member = t->member;
        s.actions.push_back(a);
        --excess;
      }
    }
    out.signals.push_back(std::move(s));
  }
}

void strategic(OverloadReport& out, const Network& net, MemberId owner, Timestamp now) {
  const OverloadThresholds& th = net.policy().overload;
  for (const OverduePartner& partner : detail::strategic_partners(net, owner, now)) {
    Signal s;
    s.kind = SignalKind::strategic_cadence;
    s.value = partner.days_since;
    s.limit = partner.cadence_days;
    s.ratio = partner.overdue;
    s.level = grade(s.ratio, th.cadence_strained, th.cadence_overloaded);
    s.member = partner.member;
    if (s.level != Level::ok) {
      Action a = act(ActionKind::reconnect);
      a.member = partner.member;
      s.actions.push_back(a);
    }
    out.signals.push_back(std::move(s));
  }
}

void launches(OverloadReport& out, const Network& net, MemberId owner, const TriagePlan& plan,
              const std::vector<std::vector<Pause>>& pauses_of, Timestamp now) {
  const NetworkState& state = detail::NetworkAccess::state(net);
  std::vector<TimeRange> soon;
  for (const TimeRange& l : state.members.launches(owner))
    if (l.end > now && l.begin < now + state.policy.overload.launch_lookahead) soon.push_back(l);
  std::sort(soon.begin(), soon.end(), [](const TimeRange& a, const TimeRange& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  for (const TimeRange& l : soon) {
    double inside = 0;  // promotions recorded or committed inside the launch: each one is a conflict
    for (const ChannelId c : state.channels_by_owner[owner])
      for (const Post& post : state.channels[c].posts)
        if (post.promotion && l.contains(post.at)) ++inside;
    Signal s;
    s.kind = SignalKind::launch;
    s.value = inside;
    s.ratio = ratio(inside, 0);
    s.level = inside > 0 ? Level::overloaded : Level::strained;
    s.window = l;
    // On each channel, the pause that holds the launch, merged with any time around it without room;
    // where that time has no end because the share tolerance is out of reach, a pause for the launch
    // alone and the advice on the tolerance (`room_action`).
    const std::span<const ChannelId> mine = state.channels_by_owner[owner];
    const Timestamp start = std::max(l.begin, now);
    for (std::size_t i = 0; i < mine.size(); ++i)
      for (const Pause& p : pauses_of[i])
        if (p.when.begin <= start && start < p.when.end) {
          const Action room = room_action(state, mine[i], p, now);
          if (room.kind == ActionKind::raise_tolerance)
            s.actions.push_back(pause_action(mine[i], {{start, l.end}}, now));
          s.actions.push_back(room);
        }
    if (l.contains(now))
      for (const PlanEntry& e : plan.entries)
        if (!e.pinned && e.decision == Decision::defer && e.flip &&
            e.flip->code == ReasonCode::flip_if_later && !e.flip->channel) {
          Action a = act(ActionKind::defer_request);
          a.request = e.request;
          a.until = e.slot;
          s.actions.push_back(a);
        }
    out.signals.push_back(std::move(s));
  }
}

}  // namespace

namespace {

/// Counts the owner's promotion posts up to `now` into `out.promotions`, and lists the members they
/// named most in `out.promoted`.
void promoted(OverloadReport& out, const Network& network, MemberId owner, Timestamp now) {
  std::map<MemberId, PromotedMember> by_member;
  for (const ChannelId c : network.channels_of(owner))
    for (const Post& post : network.posts(c)) {
      if (post.at > now) break;  // oldest first: the rest are commitments ahead
      if (!post.promotion) continue;
      ++out.promotions;
      const auto member = post.promoted.empty() ? std::nullopt : network.find_member(post.promoted);
      if (!member) continue;
      PromotedMember& m = by_member[*member];
      m.member = *member;
      ++m.promotions;
      m.last = std::max(m.last, post.at);
    }
  for (const auto& entry : by_member) out.promoted.push_back(entry.second);
  const auto most = [](const PromotedMember& a, const PromotedMember& b) {
    if (a.promotions != b.promotions) return a.promotions > b.promotions;
    return a.last != b.last ? a.last > b.last : a.member < b.member;
  };
  const std::size_t kept = std::min(out.promoted.size(), OverloadReport::most_promoted);
  std::partial_sort(out.promoted.begin(), out.promoted.begin() + static_cast<std::ptrdiff_t>(kept),
                    out.promoted.end(), most);
  out.promoted.resize(kept);
}

}  // namespace

OverloadReport overload_report(const Network& network, MemberId owner, std::span<const Request> pending,
                               Timestamp now) {
  detail::check_owner(network, owner, "owner");
  const TriagePlan plan = plan_triage(network, owner, pending, now);
  const std::vector<Action> requests = request_actions(plan);
  const Policy& p = network.policy();
  OverloadReport out;
  inflow(out, network, owner, pending, now, requests);
  const std::vector<std::vector<Pause>> pauses =
      pauses_by_channel(detail::NetworkAccess::state(network), owner, now);
  channels(out, network, owner, pending, plan, pauses, now);
  dunbar(out, network, owner, now);
  strategic(out, network, owner, now);
  launches(out, network, owner, plan, pauses, now);

  const double energy = detail::NetworkAccess::state(network).members.energy(owner);
  Signal e;
  e.kind = SignalKind::energy;
  e.value = energy;
  e.limit = 1;
  e.ratio = energy;
  e.level = energy <= p.overload.energy_overloaded ? Level::overloaded
            : energy <= p.overload.energy_strained ? Level::strained
                                                   : Level::ok;
  if (e.level != Level::ok) {
    // Something to do about it first: rest. A tired owner's plan defers everything worth doing by
    // `energy_rest`, and the rest lasts as long; otherwise it lasts until the energy recovers.
    Action rest = act(ActionKind::rest);
    if (detail::tired(energy, p)) {
      rest.from = now;
      rest.until = now + p.gates.energy_rest;
      rest.count = static_cast<std::size_t>(
          std::count_if(plan.entries.begin(), plan.entries.end(),
                        [](const PlanEntry& x) { return !x.pinned && x.decision == Decision::defer; }));
    }
    e.actions.push_back(rest);
    e.actions.insert(e.actions.end(), requests.begin(), requests.end());
  }
  out.signals.push_back(std::move(e));

  for (const Signal& s : out.signals) out.level = std::max(out.level, s.level);
  promoted(out, network, owner, now);
  return out;
}

std::string describe(const Signal& s, const Network& network) {
  const std::string channel = s.channel ? network.channel(*s.channel).name : std::string("a channel");
  const std::string member = s.member ? network.member(*s.member).name : std::string("a partner");
  const std::string level = " (" + std::string(to_string(s.level)) + ").";
  switch (s.kind) {
    case SignalKind::inflow_week:
      return plural(s.value, "request") + " in the last 7 days; you can answer " + whole(s.limit) + level;
    case SignalKind::inflow_month:
      return plural(s.value, "request") + " in the last 28 days; you can answer " + whole(s.limit) + level;
    case SignalKind::weekly_promotions:
      return channel + ": " + plural(s.value, "promotion") + " in the week of " +
             (s.window ? day_text(s.window->begin) : std::string("this week")) + ", tolerance " +
             whole(s.limit) + level;
    case SignalKind::promotion_share:
      // Windows end at a Monday 00:00, not in it: name the last day they hold.
      return channel + ": promotions are " + percent(s.value) + " of posts in the window through " +
             (s.window ? day_text(s.window->end - std::chrono::seconds{1}) : std::string("this week")) +
             ", tolerance " + percent(s.limit) + level;
    case SignalKind::dunbar_layer:
      return "Layer " + std::to_string(s.layer.value_or(0) + 1) + " (tie strength " +
             fixed(network.policy().overload.layer_strength[std::min<std::size_t>(s.layer.value_or(0), 3)]) +
             " and up): " + plural(s.value, "active relationship") + ", room for " + whole(s.limit) + level;
    case SignalKind::strategic_cadence:
      return member + ": " + plural(s.value, "day") + " since meaningful contact, cadence " +
             plural(s.limit, "day") + level;
    case SignalKind::launch: {
      // Strained with none inside: promotions due in it wait until it ends, which is why it is reported.
      const std::string inside = s.value == 0
                                     ? "no promotion falls inside it, and any due then waits until it ends"
                                 : s.value == 1 ? "1 promotion falls inside it"
                                                : plural(s.value, "promotion") + " fall inside it";
      return "Your launch " +
             (s.window ? day_text(s.window->begin) + " to " + day_text(s.window->end) : std::string()) +
             ": " + inside + level;
    }
    case SignalKind::energy:
      return "Declared energy " + percent(s.value) + level;
  }
  return "A signal outside the known kinds" + level;  // only for a value cast from outside the enum
}

std::string describe(const Action& a, const Network& network, std::span<const Request> pending) {
  std::string request = "a request";
  if (a.request && *a.request < pending.size()) {
    const Request& r = pending[*a.request];
    const auto who = network.find_member(r.requester);
    // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
    request = "request ";
    if (r.id.empty()) {
      request += '#';
      request += std::to_string(*a.request);
    } else {
      request += r.id;
    }
    request += " from ";
    request += who ? network.member(*who).name : r.requester;
  }
  const std::string member = a.member ? network.member(*a.member).name : std::string("them");
  const std::string channel = a.channel ? network.channel(*a.channel).name : std::string("your channels");
  // A pause can start or end inside a day (a launch at noon), where a date alone would seem to
  // contradict a deferral to that day.
  const std::string from = a.from ? " from " + moment_text(*a.from) : std::string();
  switch (a.kind) {
    case ActionKind::decline_request:
      return with_full_stop("Decline " + request);
    case ActionKind::defer_request:
      return with_full_stop("Defer " + request + (a.until ? " to " + day_text(*a.until) : std::string()));
    case ActionKind::pause_promotions:
      return a.until ? "Pause promotions on " + channel + from + " until " + moment_text(*a.until) + "."
                     : "Pause promotions on " + channel + from + ": no room within a year.";
    case ActionKind::reconnect:
      return with_full_stop("Reconnect with " + member);
    case ActionKind::deprioritise:
      return "Let the relationship with " + member + " move to an outer circle.";
    case ActionKind::raise_tolerance: {
      const double share = a.share.value_or(0);
      const double tolerated =
          a.channel
              ? network.channel(*a.channel).tolerance.value_or(network.policy().default_tolerance).max_share
              : 0;
      return "Raise the share of promotions " + channel + " tolerates to " + percent_up(share) +
             ", or post there more often: at your pace, one promotion makes " +
             percent_beside(share, tolerated) + " of its posts in " +
             plural(detail::share_weeks(network.policy()), "week") + ".";
    }
    case ActionKind::rest:
      if (!a.until) return "Take on no new promotions beyond the plan until your energy recovers.";
      return "Rest" + (a.from ? " from " + day_text(*a.from) : std::string()) + " until " +
             day_text(*a.until) + ": take on no new promotions" +
             (a.count.value_or(0) > 0
                  ? "; the plan defers " + plural(static_cast<double>(*a.count), "request") +
                        " to then or later."
                  : std::string("."));
  }
  return "An action outside the known kinds.";  // only for a value cast from outside the enum
}

}  // namespace rapport
