// Stable names of rapport's enums; files and tools use them, so they never change once published.
#include "detail/names.hpp"

#include <rapport/interaction.hpp>
#include <rapport/reason.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>

namespace rapport {
namespace {

constexpr std::array<std::string_view, interaction_kind_count> interaction_names{
    "met_in_person", "call",          "message",      "liked",      "purchased", "vetted",
    "feedback",      "promoted",      "collaborated", "introduced", "asked",     "declined_request",
    "kept_promise",  "broke_promise", "cancelled"};

constexpr std::array<std::string_view, 7> request_kind_names{
    "share", "mention", "review", "guest_post", "endorsement", "co_creation", "feedback"};

constexpr std::array<std::string_view, 4> offer_names{"nothing", "reciprocal_promotion", "payment",
                                                      "promise"};

constexpr std::array<std::string_view, 4> decision_names{"accept", "defer", "decline", "counter"};

constexpr std::array<std::string_view, 5> dimension_names{"relevance", "prior_context", "audience_load",
                                                          "reciprocity", "decision"};

constexpr std::array<std::string_view, 61> reason_names{"topic_match",
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
                                                        "flip_if_rested"};

static_assert(static_cast<std::size_t>(ReasonCode::flip_if_rested) + 1 == reason_names.size());
static_assert(static_cast<std::size_t>(InteractionKind::cancelled) + 1 == interaction_names.size());

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

}  // namespace rapport
