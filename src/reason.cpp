#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <rapport/network.hpp>
#include <rapport/reason.hpp>
#include <string>

#include "detail/text.hpp"

namespace rapport {

void Reasons::push_front(const Reason& r) noexcept {
  const std::size_t n = size_ < capacity ? size_ : capacity - 1;
  for (std::size_t i = n; i > 0; --i) items_[i] = items_[i - 1];
  items_[0] = r;
  size_ = n + 1;
}

const Reason* Reasons::find(ReasonCode code) const noexcept {
  for (const Reason& r : *this)
    if (r.code == code) return &r;
  return nullptr;
}

namespace {

using detail::fixed;
using detail::percent;
using detail::whole;

std::string times(double n) {
  return n == 1 ? "once" : whole(n) + " times";
}

/// The day of a time carried as a reason's figure (unix seconds).
std::string date(double unix_seconds) {
  return detail::day_text(Timestamp{std::chrono::seconds{static_cast<long long>(unix_seconds)}});
}

std::string offer_phrase(double offer) {
  switch (static_cast<Offer>(std::clamp(static_cast<int>(offer), 0, 3))) {
    case Offer::nothing:
      return "nothing";
    case Offer::reciprocal_promotion:
      return "a reciprocal promotion";
    case Offer::payment:
      return "payment";
    case Offer::promise:
      return "a promise";
  }
  return "something";
}

std::string ago(double days) {
  if (days < 1) return "today";
  if (days < 14) return whole(days) + (days < 2 ? " day ago" : " days ago");
  if (days < 60) return whole(days / 7) + " weeks ago";
  return whole(days / 30.4) + " months ago";
}

}  // namespace

std::string describe(const Reason& r, const Network& network) {
  const auto& f = r.figures;
  const std::string channel = r.channel ? network.channel(*r.channel).name : std::string("the channel");
  const std::string member = r.member ? network.member(*r.member).name : std::string("someone you trust");
  switch (r.code) {
    case ReasonCode::topic_match:
      return "Topics fit at " + fixed(f[0]) + " (your niche " + fixed(f[1]) + ", the audience " +
             fixed(f[2]) + ").";
    case ReasonCode::off_niche:
      return "Off your niche: relevance " + fixed(f[0]) + " is below " + fixed(f[1]) + ".";
    case ReasonCode::no_topics:
      return "The request names no topic.";
    case ReasonCode::met_in_person:
      return "You met in person " + times(f[0]) + "; last contact " + ago(f[1]) + ".";
    case ReasonCode::bought_their_work:
      return "You bought their work " + times(f[0]) + ".";
    case ReasonCode::vetted_their_work:
      return "You vetted or critiqued their work " + times(f[0]) + ".";
    case ReasonCode::worked_together:
      return "You worked together " + times(f[0]) + ".";
    case ReasonCode::talked:
      return "You talked " + times(f[0]) + "; last contact " + ago(f[1]) + ".";
    case ReasonCode::reached_out:
      return "You reached out to them " + ago(f[0]) + ".";
    case ReasonCode::known_through_tie:
      return member + ", a close tie of yours, knows them (vouching " + fixed(f[0]) + ").";
    case ReasonCode::stranger:
      return "You have no history with them and no close tie knows them.";
    case ReasonCode::unknown_requester:
      return "They are not in your network yet.";
    case ReasonCode::preview_available:
      return "You can preview the content first.";
    case ReasonCode::personalised:
      return "The message was written for you.";
    case ReasonCode::template_message:
      return "The message reads like a template.";
    case ReasonCode::channel_room:
      return channel + " has " + whole(f[0]) + " of " + whole(f[1]) + " promotions this week.";
    case ReasonCode::channel_full:
      if (!r.channel) return "No channel has room within a year.";
      return channel + " already has " + whole(f[0]) + " of " + whole(f[1]) + " promotions this week.";
    case ReasonCode::promo_share_high:
      return "Promotions would be " + percent(f[0]) + " of recent posts on " + channel + " (tolerance " +
             percent(f[1]) + ").";
    case ReasonCode::launch_window:
      return "You are in your own launch until " + date(f[0]) + ".";
    case ReasonCode::low_energy:
      return "Your declared energy is " + percent(f[0]) + ".";
    case ReasonCode::no_channel:
      return "A private favour: it costs no audience.";
    case ReasonCode::gave_more:
      return "They have given more than they took (" + fixed(f[0], 1) + " vs " + fixed(f[1], 1) + ").";
    case ReasonCode::took_more:
      return "They have taken more than they gave (" + fixed(f[1], 1) + " vs " + fixed(f[0], 1) + ").";
    case ReasonCode::asks_often:
      return "They ask often (" + fixed(f[0], 1) + " recent asks).";
    case ReasonCode::promises_broken:
      return "They broke " + whole(f[0]) + " promise" + (f[0] == 1 ? "" : "s") + " and kept " + whole(f[1]) +
             ".";
    case ReasonCode::promises_kept:
      return "They kept their promises (" + whole(f[0]) + ").";
    case ReasonCode::offers_return:
      return "The request offers something in return (worth " + fixed(f[0]) + ").";
    case ReasonCode::competitor:
      return "They compete with you.";
    case ReasonCode::one_sided:
      return "One-sided: reciprocity " + fixed(f[0]) + " is below " + fixed(f[1]) +
             "; they take without giving back.";
    case ReasonCode::below_accept:
      return "Not worth it now: merit " + fixed(f[0]) + " is below " + fixed(f[1]) + ".";
    case ReasonCode::worth_accepting:
      return "Worth doing: merit " + fixed(f[0]) + " reaches " + fixed(f[1]) + ", and there is room.";
    case ReasonCode::weak_content:
      return "You know them well but the content rates " + fixed(f[0]) + " (below " + fixed(f[1]) +
             "): offer critique instead.";
    case ReasonCode::unvetted_content:
      return "You know them well but have not seen the work: offer feedback on it first.";
    case ReasonCode::relationship_worth_keeping:
      return "Not a fit for promotion, but the relationship (context " + fixed(f[0]) +
             ") is worth a conversation instead.";
    case ReasonCode::deferred:
      return "Worth doing, no room now: earliest slot " + date(f[0]) + ".";
    case ReasonCode::slot_after_deadline:
      return "The earliest slot " + date(f[0]) + " is after their deadline " + date(f[1]) + ".";
    case ReasonCode::pinned:
      return "You pinned this decision.";
    case ReasonCode::pinned_overload:
      return "Your pin overloads " + channel + ": " + whole(f[0]) + " promotions this week (tolerance " +
             whole(f[1]) + "), " + percent(f[2]) + " of recent posts.";
    case ReasonCode::pinned_in_launch:
      return "Your pin puts a promotion inside your own launch, which runs until " + date(f[0]) + ".";
    case ReasonCode::outranked:
      return whole(f[0]) + " higher-scored request" + (f[0] == 1 ? "" : "s") + " take the room on " +
             channel + " now (the lowest scores " + fixed(f[1]) + ").";
    case ReasonCode::flip_if_later:
      if (!r.channel) return "Accepted if sent on or after " + date(f[0]) + ", when your launch is over.";
      return "Accepted if sent on or after " + date(f[0]) + ", when " + channel + " has room.";
    case ReasonCode::flip_if_preview:
      return "Accepted if they let you preview the content (merit " + fixed(f[0]) + ", the bar is " +
             fixed(f[1]) + ").";
    case ReasonCode::flip_if_personal:
      return "Accepted if the message were written for you (merit " + fixed(f[0]) + ", the bar is " +
             fixed(f[1]) + ").";
    case ReasonCode::flip_if_offer:
      return "Accepted if the request offered " + offer_phrase(f[0]) + " (merit " + fixed(f[1]) +
             ", the bar is " + fixed(f[2]) + ").";
    case ReasonCode::flip_if_channel:
      return "Accepted if it asked for " + channel + " instead (merit " + fixed(f[0]) + ", the bar is " +
             fixed(f[1]) + "; room from " + date(f[2]) + ").";
    case ReasonCode::flip_if_higher:
      switch (r.dimension) {
        case Dimension::relevance:
          return "Accepted only if the topics fit your niche better (relevance " + fixed(f[0]) + ", needs " +
                 fixed(f[1]) + ").";
        case Dimension::reciprocity:
          return "Accepted only if they gave back first (reciprocity " + fixed(f[0]) + ", needs " +
                 fixed(f[1]) + ").";
        default:
          return "Accepted only if its merit reached " + fixed(f[1]) + " (it is " + fixed(f[0]) + ").";
      }
    case ReasonCode::flip_if_unpinned:
      return "Only your pin declines it; lift the pin to let the plan decide.";
    case ReasonCode::no_flip:
      return "No single change to the request would get it accepted.";
    case ReasonCode::flip_if_rested:
      return "Accepted if sent on or after " + date(f[0]) + ", when you have rested.";
  }
  return std::string(to_string(r.code));
}

}  // namespace rapport
