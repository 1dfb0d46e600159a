#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <rapport/network.hpp>
#include <rapport/reason.hpp>
#include <string>

#include "detail/learning_state.hpp"
#include "detail/text.hpp"

namespace rapport {

namespace {

using detail::fixed;
using detail::percent;
using detail::percent_beside;
using detail::percent_up;
using detail::plural;
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
  if (days < 548) return whole(days / 30.4) + " months ago";
  return whole(days / 365.25) + " years ago";
}

/// What a learned feature says of a request, after "requests" ("from people you wrote to in the last
/// day"); `feature` is a `detail::Feature` as a figure.
std::string habit_text(double feature) {
  using detail::Feature;
  constexpr auto first_kind = static_cast<double>(Feature::kind_mention);
  if (feature >= first_kind && feature <= static_cast<double>(Feature::kind_feedback))
    return "asking for a " +
           std::string(to_string(static_cast<RequestKind>(static_cast<int>(feature - first_kind) + 1)));
  switch (static_cast<Feature>(static_cast<int>(feature))) {
    case Feature::prior:
      return "that score well on the usual measures";
    case Feature::bias:
      return "in general";
    case Feature::direct_context:
      return "from people you know well";
    case Feature::vouching:
      return "from people your closest ties know";
    case Feature::outreach:
      return "from people you have been in touch with this week";
    case Feature::gave:
      return "from people who have given you a lot";
    case Feature::took:
      return "from people who have taken a lot from you";
    case Feature::offer:
      return "that offer something in return";
    case Feature::preview:
      return "with a preview";
    case Feature::personal:
      return "written for you";
    case Feature::relevance:
      return "on your topics";
    case Feature::crowded:
      return "for channels that are short of room";
    case Feature::wrote_today:
      return "from people you wrote to today";
    case Feature::wrote_this_hour:
      return "from people you wrote to within the hour";
    case Feature::answers_owner:
      return "that answer a message of yours";
    case Feature::owner_messages:
      return "from people you write to often";
    case Feature::replied_before:
      return "from people you have answered before";
    case Feature::their_messages:
      return "from people who write to you often";
    case Feature::their_burst:
      return "from people who have just written to you";
    case Feature::taken_up:
      return "from people whose requests others take up";
    case Feature::wrote_this_month:
      return "from people you wrote to this month";
    case Feature::owner_active:
      return "on days you write a lot";
    case Feature::cold_outreach:
      return "from people who are writing to many strangers at once";
    case Feature::talking_today:
      return "from people you are talking with today";
    case Feature::answering:
      return "from people who are answering others today";
    default:
      return "like this one";
  }
}

/// The heaviest of a member's topics: what it is known for first.
std::string known_for(const Member& m) {
  const auto heaviest = std::max_element(m.topics.begin(), m.topics.end(),
                                         [](const Topic& a, const Topic& b) { return a.weight < b.weight; });
  return heaviest == m.topics.end() ? std::string("other topics") : heaviest->path;
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
    case ReasonCode::niche_mismatch:
      return "The topics it names fit at " + fixed(f[0]) + ", but " +
             (r.member
                  ? network.member(*r.member).name + " is known for " + known_for(network.member(*r.member))
                  : std::string("the requester is known for other topics")) +
             ", which matches them at " + fixed(f[2]) + ": relevance " + fixed(f[1]) + ".";
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
    case ReasonCode::wrote_to_them:
      return "You wrote to them " + times(f[0]) + "; they have not written back.";
    case ReasonCode::promoted_them:
      return "You promoted their work " + times(f[0]) + ".";
    case ReasonCode::promoted_you:
      return "They promoted your work " + times(f[0]) + ".";
    case ReasonCode::bought_your_work:
      return "They bought your work " + times(f[0]) + ".";
    case ReasonCode::vetted_your_work:
      return "They vetted or critiqued your work " + times(f[0]) + ".";
    case ReasonCode::introductions:
      return plural(f[0], "introduction") + " between you.";
    case ReasonCode::likes:
      return plural(f[0], "like") + " between you.";
    case ReasonCode::reached_out:
      return "You reached out to them " + ago(f[0]) + ".";
    case ReasonCode::known_through_tie:
      return member + ", a close tie of yours, knows them (vouching " + fixed(f[0]) + ").";
    case ReasonCode::stranger:
      return "You have never met, talked or worked with them, and no close tie of yours knows them.";
    case ReasonCode::unknown_requester:
      return "They are not in your network yet.";
    case ReasonCode::preview_available:
      return "You can preview the content first.";
    case ReasonCode::personalised:
      return "The message was written for you.";
    case ReasonCode::template_message:
      return "The message reads like a template.";
    case ReasonCode::channel_room:
      return channel + " has " + plural(f[0], "promotion") + " this week and takes " + whole(f[1]) + ".";
    case ReasonCode::channel_full:
      if (r.dimension == Dimension::decision && !r.channel) return "No channel has room within a year.";
      if (r.dimension == Dimension::decision && f[0] > 0) {
        // One promotion among the own posts of `f[2]` weeks: the share is 1 / (pace f[2] + 1).
        const double pace = f[2] > 0 ? std::round((1 / f[0] - 1) / f[2]) : 0;
        return "No room on " + channel + " within a year: at your pace of " + plural(pace, "post") +
               " a week there, one promotion would make " + percent_beside(f[0], f[1]) + " of its posts in " +
               plural(f[2], "week") + ", over its tolerance of " + percent(f[1]) +
               ". Post there more often, or raise the tolerance to " + percent_up(f[0]) + ".";
      }
      if (r.dimension == Dimension::decision) return "No room on " + channel + " within a year.";
      return channel + " already has " + plural(f[0], "promotion") + " this week and takes " + whole(f[1]) +
             ".";
    case ReasonCode::promo_share_high:
      return "Promotions would be " + percent(f[0]) + " of recent posts on " + channel + " (tolerance " +
             percent(f[1]) + ").";
    case ReasonCode::launch_window:
      return "You are in your own launch until " + date(f[0]) + ".";
    case ReasonCode::low_energy:
      if (r.dimension == Dimension::decision)
        return "You have no energy to take this on: declared " + percent(f[0]) + ", below " + percent(f[1]) +
               ".";
      return "Your declared energy is " + percent(f[0]) + ": you have less to give.";
    case ReasonCode::no_channel:
      return "A private favour: it costs no audience.";
    case ReasonCode::gave_more:
      return "They have given more than they took (" + fixed(f[0], 1) + " vs " + fixed(f[1], 1) + ").";
    case ReasonCode::took_more:
      return "They have taken more than they gave (" + fixed(f[1], 1) + " vs " + fixed(f[0], 1) + ").";
    case ReasonCode::asks_often:
      return "They ask often (about " + plural(f[0], "recent ask") + ").";
    case ReasonCode::repeated_requests:
      return "They sent " + plural(f[0], "request") + " in " + plural(f[1], "day") + ".";
    case ReasonCode::promises_broken:
      return "They broke " + whole(f[0]) + " promise" + (f[0] == 1 ? "" : "s") + " and kept " + whole(f[1]) +
             ".";
    case ReasonCode::promises_kept:
      return "They kept " + plural(f[0], "promise") + " and broke none.";
    case ReasonCode::offers_return:
      return "The request offers something in return (worth " + fixed(f[0]) + ").";
    case ReasonCode::competitor:
      return "They compete with you.";
    case ReasonCode::one_sided:
      return "One-sided: reciprocity " + fixed(f[0]) + " is below " + fixed(f[1]) +
             "; the balance between you runs against them.";
    case ReasonCode::no_context:
      if (f[0] == 0)
        return "No prior context with them, and no close tie of yours vouches for them: build the "
               "relationship "
               "first.";
      return "Too little prior context: " + fixed(f[0]) + " from your history and close ties, below your " +
             fixed(f[1]) +
             " (recent outreach, a preview or a personal note does not count). Build the "
             "relationship first.";
    case ReasonCode::unreliable_promise:
      return "They offer a promise, and broke " + plural(f[0], "promise") + " before" +
             (f[1] > 0 ? " (kept " + whole(f[1]) + ")." : std::string(", keeping none."));
    case ReasonCode::tired:
      return "You are low on energy (" + percent(f[0]) + ", below " + percent(f[1]) + "): it waits until " +
             date(f[2]) + ".";
    case ReasonCode::below_accept:
      return "Not worth it now: merit " + fixed(f[0]) + " is below " + fixed(f[1]) + ".";
    case ReasonCode::worth_accepting:
      return "Worth doing: every condition holds, and merit " + fixed(f[0]) + " reaches " + fixed(f[1]) + ".";
    case ReasonCode::weak_content:
      return "The content rates " + fixed(f[0]) + ", below your " + fixed(f[1]) +
             ": offer critique instead of a promotion.";
    case ReasonCode::unvetted_content:
      if (f[0] > 0) return "You have not rated the preview yet: read it before you decide.";
      return "You have not vetted their work: ask to see it before you promote it.";
    case ReasonCode::relationship_worth_keeping:
      return "Not a fit for promotion, but the relationship (" + fixed(f[0]) +
             " from your history and close ties) is worth a conversation instead.";
    case ReasonCode::deferred:
      return "Worth doing, no room now: earliest slot " + date(f[0]) + ".";
    case ReasonCode::slot_after_deadline:
      return "The earliest slot " + date(f[0]) + " is after their deadline " + date(f[1]) + ".";
    case ReasonCode::pinned:
      return "You pinned this decision.";
    case ReasonCode::pinned_overload:
      return "Your pin overloads " + channel + ": " + plural(f[0], "promotion") + " this week (tolerance " +
             whole(f[1]) + "), " + percent(f[2]) + " of recent posts.";
    case ReasonCode::pinned_in_launch:
      return "Your pin puts a promotion inside your own launch, which runs until " + date(f[0]) + ".";
    case ReasonCode::outranked:
      return plural(f[0], "higher-scored request") + (f[0] == 1 ? " takes" : " take") + " the room on " +
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
      return "Accepted if it asked for " + channel + " only (merit " + fixed(f[0]) + ", the bar is " +
             fixed(f[1]) + ").";
    case ReasonCode::flip_if_higher:
      switch (r.dimension) {
        case Dimension::relevance:
          return "Accepted only if the topics fit your niche better (relevance " + fixed(f[0]) + ", needs " +
                 fixed(f[1]) + ").";
        case Dimension::prior_context:
          return "Only once you know them better: " + fixed(f[0]) +
                 " from your history and close ties, needs " + fixed(f[1]) + ".";
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
    case ReasonCode::learned_habit:
      return std::string(f[1] > 0 ? "You usually take up requests " : "You seldom take up requests ") +
             habit_text(f[0]) + " (learned from " + whole(f[2]) + " of your decisions).";
    case ReasonCode::learned_moved:
      return "Without what your decisions taught, its merit would be " + fixed(f[0]) +
             (f[0] >= f[2] ? ", enough to accept" : ", short of the " + fixed(f[2]) + " to accept") +
             "; with it, " + fixed(f[1]) + ".";
  }
  return std::string(to_string(r.code));
}

}  // namespace rapport
