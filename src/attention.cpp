#include "detail/attention.hpp"

#include <algorithm>
#include <chrono>
#include <rapport/attention.hpp>
#include <rapport/error.hpp>
#include <rapport/network.hpp>
#include <string>

#include "detail/network_state.hpp"

namespace rapport {
namespace detail {

void check_owner(const Network& network, MemberId owner, const char* field) {
  if (owner >= network.member_count()) throw Error(Errc::unknown_member, field, std::to_string(owner));
}

namespace {

double days_between(Timestamp from, Timestamp to) noexcept {
  return static_cast<double>((to - from).count()) /
         static_cast<double>(Duration{std::chrono::days{1}}.count());
}

}  // namespace

std::vector<OverduePartner> strategic_partners(const Network& network, MemberId owner, Timestamp now) {
  check_owner(network, owner, "owner");
  std::vector<OverduePartner> out;
  const detail::MemberTable& members = detail::NetworkAccess::state(network).members;
  for (const MemberId m : network.contacts(owner)) {
    if (!members.strategic(m)) continue;
    const auto rel = network.relationship(owner, m, now);
    if (!rel) continue;
    OverduePartner p;
    p.member = m;
    p.last_meaningful = rel->last_meaningful;
    // Someone who only ever liked or asked has had no real contact since the first one.
    p.days_since = std::max(0.0, days_between(p.last_meaningful.value_or(rel->first_contact), now));
    p.cadence_days = static_cast<double>(members.cadence(m).count());
    p.overdue = p.days_since / p.cadence_days;
    out.push_back(p);
  }
  std::sort(out.begin(), out.end(), [](const OverduePartner& a, const OverduePartner& b) {
    return a.overdue != b.overdue ? a.overdue > b.overdue : a.member < b.member;
  });
  return out;
}

}  // namespace detail

AttentionList attention_list(const Network& network, MemberId owner, Timestamp now) {
  detail::check_owner(network, owner, "owner");
  const Policy& policy = network.policy();
  AttentionList out;
  for (const OverduePartner& p : detail::strategic_partners(network, owner, now))
    if (p.overdue >= policy.overload.cadence_strained) out.overdue.push_back(p);

  // The balance is the one `score` weighs when the owner asks them, seen from their side: what the
  // owner gave them against what it received, its asks and its unanswered bids for their attention.
  for (const MemberId m : network.contacts(owner)) {
    const auto theirs = network.relationship(m, owner, now);
    if (!theirs) continue;
    OwedPartner o;
    o.member = m;
    o.gave = theirs->received;
    o.asks = theirs->asks;
    o.took = theirs->given + policy.ask_cost * (theirs->asks + theirs->awaited_from_owner) + theirs->harm;
    o.last_meaningful = theirs->last_meaningful;
    if (o.took > o.gave + policy.overload.taker_margin) out.owed.push_back(o);
  }
  std::sort(out.owed.begin(), out.owed.end(), [](const OwedPartner& a, const OwedPartner& b) {
    const double ga = a.took - a.gave, gb = b.took - b.gave;
    return ga != gb ? ga > gb : a.member < b.member;
  });
  return out;
}

}  // namespace rapport
