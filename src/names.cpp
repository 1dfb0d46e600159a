// Stable names of rapport's enums; files and tools use them, so they never change once published.
#include "detail/names.hpp"

#include <rapport/interaction.hpp>
#include <rapport/outcome.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/reason.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>

namespace rapport {
namespace {

constexpr auto interaction_names =
    std::to_array<std::string_view>({"met_in_person", "call", "message", "liked", "purchased", "vetted",
                                     "feedback", "promoted", "collaborated", "introduced", "asked",
                                     "declined_request", "kept_promise", "broke_promise", "cancelled"});

constexpr auto request_kind_names = std::to_array<std::string_view>(
    {"share", "mention", "review", "guest_post", "endorsement", "co_creation", "feedback"});

constexpr auto offer_names =
    std::to_array<std::string_view>({"nothing", "reciprocal_promotion", "payment", "promise"});

constexpr auto decision_names = std::to_array<std::string_view>({"accept", "defer", "decline", "counter"});

constexpr auto dimension_names = std::to_array<std::string_view>(
    {"relevance", "prior_context", "audience_load", "reciprocity", "decision"});

constexpr auto reason_names = std::to_array<std::string_view>({"topic_match",
                                                               "off_niche",
                                                               "no_topics",
                                                               "niche_mismatch",
                                                               "met_in_person",
                                                               "bought_their_work",
                                                               "vetted_their_work",
                                                               "worked_together",
                                                               "talked",
                                                               "wrote_to_them",
                                                               "promoted_them",
                                                               "promoted_you",
                                                               "bought_your_work",
                                                               "vetted_your_work",
                                                               "introductions",
                                                               "likes",
                                                               "reached_out",
                                                               "known_through_tie",
                                                               "stranger",
                                                               "unknown_requester",
                                                               "preview_available",
                                                               "personalised",
                                                               "template_message",
                                                               "channel_room",
                                                               "channel_full",
                                                               "promo_share_high",
                                                               "launch_window",
                                                               "low_energy",
                                                               "no_channel",
                                                               "gave_more",
                                                               "took_more",
                                                               "asks_often",
                                                               "repeated_requests",
                                                               "promises_broken",
                                                               "promises_kept",
                                                               "offers_return",
                                                               "competitor",
                                                               "one_sided",
                                                               "no_context",
                                                               "unreliable_promise",
                                                               "tired",
                                                               "below_accept",
                                                               "worth_accepting",
                                                               "weak_content",
                                                               "unvetted_content",
                                                               "relationship_worth_keeping",
                                                               "deferred",
                                                               "slot_after_deadline",
                                                               "pinned",
                                                               "pinned_overload",
                                                               "pinned_in_launch",
                                                               "outranked",
                                                               "flip_if_later",
                                                               "flip_if_preview",
                                                               "flip_if_personal",
                                                               "flip_if_offer",
                                                               "flip_if_channel",
                                                               "flip_if_higher",
                                                               "flip_if_unpinned",
                                                               "no_flip",
                                                               "flip_if_rested",
                                                               "learned_habit",
                                                               "learned_moved"});

constexpr auto pin_names = std::to_array<std::string_view>({"accept", "decline"});

constexpr auto level_names = std::to_array<std::string_view>({"ok", "strained", "overloaded"});

constexpr auto signal_kind_names =
    std::to_array<std::string_view>({"inflow_week", "inflow_month", "weekly_promotions", "promotion_share",
                                     "dunbar_layer", "strategic_cadence", "launch", "energy"});

constexpr auto action_kind_names =
    std::to_array<std::string_view>({"decline_request", "defer_request", "pause_promotions", "reconnect",
                                     "deprioritise", "rest", "raise_tolerance"});

constexpr auto outcome_kind_names = std::to_array<std::string_view>(
    {"accepted", "declined", "deferred", "countered", "ignored", "answered", "not_important"});

// Each table has a name for every enumerator, the last one included: a new enumerator without a name,
// or a name without one, fails to compile here.
static_assert(static_cast<std::size_t>(ReasonCode::learned_moved) + 1 == reason_names.size());
static_assert(static_cast<std::size_t>(RequestKind::feedback) + 1 == request_kind_names.size());
static_assert(static_cast<std::size_t>(Offer::promise) + 1 == offer_names.size());
static_assert(static_cast<std::size_t>(Decision::counter) + 1 == decision_names.size());
static_assert(static_cast<std::size_t>(Dimension::decision) + 1 == dimension_names.size());
static_assert(static_cast<std::size_t>(Pin::decline) + 1 == pin_names.size());
static_assert(static_cast<std::size_t>(Level::overloaded) + 1 == level_names.size());
static_assert(static_cast<std::size_t>(SignalKind::energy) + 1 == signal_kind_names.size());
static_assert(static_cast<std::size_t>(ActionKind::raise_tolerance) + 1 == action_kind_names.size());
static_assert(static_cast<std::size_t>(InteractionKind::cancelled) + 1 == interaction_names.size());
static_assert(static_cast<std::size_t>(OutcomeKind::not_important) + 1 == outcome_kind_names.size());

}  // namespace

std::string_view to_string(InteractionKind kind) noexcept {
  return interaction_names[static_cast<std::size_t>(kind)];
}
std::optional<InteractionKind> interaction_kind_from_string(std::string_view name) noexcept {
  return detail::from_name<InteractionKind>(interaction_names, name);
}
std::string_view to_string(RequestKind kind) noexcept {
  return request_kind_names[static_cast<std::size_t>(kind)];
}
std::optional<RequestKind> request_kind_from_string(std::string_view name) noexcept {
  return detail::from_name<RequestKind>(request_kind_names, name);
}
std::string_view to_string(Offer offer) noexcept {
  return offer_names[static_cast<std::size_t>(offer)];
}
std::optional<Offer> offer_from_string(std::string_view name) noexcept {
  return detail::from_name<Offer>(offer_names, name);
}
std::string_view to_string(Decision decision) noexcept {
  return decision_names[static_cast<std::size_t>(decision)];
}
std::string_view to_string(Dimension dimension) noexcept {
  return dimension_names[static_cast<std::size_t>(dimension)];
}
std::string_view to_string(ReasonCode code) noexcept {
  return reason_names[static_cast<std::size_t>(code)];
}
std::string_view to_string(Pin pin) noexcept {
  return pin_names[static_cast<std::size_t>(pin)];
}
std::optional<Pin> pin_from_string(std::string_view name) noexcept {
  return detail::from_name<Pin>(pin_names, name);
}
std::string_view to_string(Level level) noexcept {
  return level_names[static_cast<std::size_t>(level)];
}
std::optional<Level> level_from_string(std::string_view name) noexcept {
  return detail::from_name<Level>(level_names, name);
}
std::string_view to_string(SignalKind kind) noexcept {
  return signal_kind_names[static_cast<std::size_t>(kind)];
}
std::optional<SignalKind> signal_kind_from_string(std::string_view name) noexcept {
  return detail::from_name<SignalKind>(signal_kind_names, name);
}
std::string_view to_string(ActionKind kind) noexcept {
  return action_kind_names[static_cast<std::size_t>(kind)];
}
std::optional<ActionKind> action_kind_from_string(std::string_view name) noexcept {
  return detail::from_name<ActionKind>(action_kind_names, name);
}

std::string_view to_string(OutcomeKind kind) noexcept {
  return outcome_kind_names[static_cast<std::size_t>(kind)];
}
std::optional<OutcomeKind> outcome_kind_from_string(std::string_view name) noexcept {
  return detail::from_name<OutcomeKind>(outcome_kind_names, name);
}

}  // namespace rapport
