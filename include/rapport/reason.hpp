#ifndef RAPPORT_REASON_HPP
#define RAPPORT_REASON_HPP

/// \file
/// `Reason`: why a score is what it is, as a stable code with figures, and `describe()`.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <rapport/channel.hpp>
#include <rapport/export.hpp>
#include <rapport/member.hpp>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace rapport {

class Network;

/// What a reason is about.
enum class Dimension {
  relevance,      ///< `Score::relevance`: fit with the owner's niche and the channels' audiences
  prior_context,  ///< `Score::prior_context`: what the owner knows of the requester
  audience_load,  ///< `Score::audience_load`: room on the asked channels
  reciprocity,    ///< `Score::reciprocity`: the balance of favours
  decision,       ///< the decision itself: a gate, a condition or the plan, rather than one dimension
};

/// Stable code of a reason. `Reason::figures` holds the numbers named in each comment, in order.
enum class ReasonCode {
  // relevance
  topic_match,     ///< relevance, owner-niche match, channel-audience match
  off_niche,       ///< relevance, threshold (a decision reason)
  no_topics,       ///< (none): the request names no topic
  niche_mismatch,  ///< relevance of the declared topics, relevance after checking them against what the
                   ///< requester is known for, how far the declared topics match its own; `member` is the
                   ///< requester
  // prior context
  met_in_person,      ///< meetings, days since last contact
  bought_their_work,  ///< purchases by the owner
  vetted_their_work,  ///< times the owner vetted or critiqued their work
  worked_together,    ///< collaborations
  talked,             ///< calls, and messages once both wrote; days since last contact
  wrote_to_them,      ///< the owner's messages to them, who never wrote back
  promoted_them,      ///< times the owner promoted them
  promoted_you,       ///< times they promoted the owner
  bought_your_work,   ///< times they bought the owner's work
  vetted_your_work,   ///< times they vetted or critiqued the owner's work
  introductions,      ///< introductions made between them, either way
  likes,              ///< likes between them, either way
  reached_out,        ///< days since the owner last reached out to them, context it adds
  known_through_tie,  ///< vouching strength; `member` is the trusted tie who knows them
  stranger,           ///< (none): no history that tells the owner about them, and no trusted tie knows them
  unknown_requester,  ///< (none): the requester is not in the network
  preview_available,  ///< context bonus
  personalised,       ///< context bonus
  template_message,   ///< (none)
  // audience load
  channel_room,  ///< promotions this week, weekly tolerance; `channel` is set
  /// Promotions this week, weekly tolerance; `channel` is set. As a decision: no slot within a year,
  /// `channel` the first asked channel without one; if its share tolerance can never admit a promotion
  /// at the owner's pace there, the share one promotion would be, the tolerated share and the weeks of
  /// the share window (else 0s).
  channel_full,
  promo_share_high,  ///< share after accepting, tolerated share; `channel` is set
  launch_window,     ///< unix seconds when the launch ends
  low_energy,        ///< declared energy
  no_channel,        ///< (none): a private favour, no audience cost
  // reciprocity
  gave_more,   ///< value their history gave (favours, answers, two-way exchange), value it took (the owner's
               ///< favours, asks, unanswered messages, harm)
  took_more,   ///< value their history gave, value it took
  asks_often,  ///< decayed asks
  repeated_requests,  ///< requests from this handle, this one included; calendar days they came over
  promises_broken,    ///< broken promises, kept promises
  promises_kept,      ///< kept promises
  offers_return,      ///< value of the offer
  // decision
  competitor,                  ///< (none)
  one_sided,                   ///< reciprocity, minimum reciprocity
  no_context,                  ///< relationship context (history and vouching), minimum context
  unreliable_promise,          ///< broken promises, kept promises: the request offers another promise
  tired,                       ///< declared energy, the tired level, unix seconds of the slot
  below_accept,                ///< merit, accept threshold
  worth_accepting,             ///< merit, accept threshold
  weak_content,                ///< content quality, minimum quality
  unvetted_content,            ///< 1 if a preview is there to read, else 0
  relationship_worth_keeping,  ///< prior context, counter threshold
  deferred,                    ///< unix seconds of the earliest slot
  slot_after_deadline,         ///< unix seconds of the slot, unix seconds of the deadline
  // triage plan (plan.hpp)
  pinned,            ///< (none): the owner pinned this decision
  pinned_overload,   ///< promotions in the week with this one, weekly tolerance, promotion share with it;
                     ///< `channel` is set
  pinned_in_launch,  ///< unix seconds when the launch ends
  outranked,  ///< higher-scored requests the plan accepts on the channel now, the lowest of their totals;
              ///< `channel` is set
  // counterfactuals: the smallest change that would flip a declined or deferred request
  flip_if_later,     ///< unix seconds of the earliest slot; `channel`: the one without room now (unset: the
                     ///< owner's launch)
  flip_if_preview,   ///< merit with a preview, accept threshold
  flip_if_personal,  ///< merit with a message written for the owner, accept threshold
  flip_if_offer,     ///< the offer (an `Offer` value), merit with it, accept threshold
  flip_if_channel,   ///< merit with it, accept threshold, unix seconds of `now` (room now); `channel`: the
                     ///< one to ask for
  flip_if_higher,    ///< value now, value needed; `dimension` says which (decision: merit)
  flip_if_unpinned,  ///< (none): only the owner's pin declines it
  no_flip,           ///< (none): no single change to the request flips it
  flip_if_rested,    ///< unix seconds of the earliest slot after the tired owner's `gates.energy_rest`
  // learning (`Policy::learning`), once the owner has had `warm_up` outcomes
  learned_habit,  ///< what the owner's outcomes taught that weighs most here: a feature (its index), its
                  ///< direction (1: takes up such requests, -1: does not), the outcomes learned from
  learned_moved,  ///< learning moved the decision: merit without learning, with it, accept threshold
};

/// Why a score is what it is: a stable code, the figures behind it, and the member or channel it is
/// about, if any. `describe` turns it into one sentence.
struct Reason {
  ReasonCode code = ReasonCode::stranger;     ///< what the reason says; it gives `figures` their meaning
  Dimension dimension = Dimension::decision;  ///< the dimension it explains, or the decision
  std::array<double, 3> figures{};            ///< meaning per code, see `ReasonCode`
  std::optional<MemberId> member{};           ///< the member the reason names, if any
  std::optional<ChannelId> channel{};         ///< the channel the reason names, if any

  /// Whether every field is equal.
  friend bool operator==(const Reason&, const Reason&) = default;
};

/// The stable lowercase name of a reason code ("met_in_person").
RAPPORT_API std::string_view to_string(ReasonCode code) noexcept;
/// The stable lowercase name of a dimension ("prior_context").
RAPPORT_API std::string_view to_string(Dimension dimension) noexcept;

/// One human sentence for a reason ("You met in person 2 times; last contact 21 days ago."), naming
/// members and channels from `network`.
RAPPORT_API std::string describe(const Reason& reason, const Network& network);

/// A fixed-capacity list of reasons, so scoring never allocates. The decisive reason comes first.
/// Only the reasons held are ever written or read: an empty list costs one word to build, and copies
/// and comparisons take time linear in `size()`. Nothing throws; past `capacity`, reasons are dropped.
class RAPPORT_API Reasons {
 public:
  static constexpr std::size_t capacity = 28;  ///< reasons kept; later ones are dropped

  /// An empty list; the slots stay unwritten until a reason fills them.
  constexpr Reasons() noexcept { start_slots(); }
  /// A copy of the reasons `other` holds, and of nothing else.
  constexpr Reasons(const Reasons& other) noexcept {
    start_slots();
    assign(other);
  }
  /// Replaces the reasons held by those `other` holds.
  constexpr Reasons& operator=(const Reasons& other) noexcept {
    if (this != &other) assign(other);
    return *this;
  }

  /// Appends a reason if there is room.
  constexpr void push_back(const Reason& r) noexcept {
    if (size_ < capacity) slots_.items[size_++] = r;
  }
  /// Puts a reason first, dropping the last one if full. Linear in `size()`.
  constexpr void push_front(const Reason& r) noexcept {
    const Reason first = r;  // `r` may be one of the reasons about to move
    const std::size_t n = size_ < capacity ? size_ : capacity - 1;
    for (std::size_t i = n; i > 0; --i) slots_.items[i] = slots_.items[i - 1];
    slots_.items[0] = first;
    size_ = n + 1;
  }
  /// Number of reasons held.
  constexpr std::size_t size() const noexcept { return size_; }
  /// Whether there is none.
  constexpr bool empty() const noexcept { return size_ == 0; }
  /// The reason at `i`, which must be below `size()`.
  constexpr const Reason& operator[](std::size_t i) const noexcept { return slots_.items[i]; }
  /// Iteration over the reasons held, decisive first.
  constexpr const Reason* begin() const noexcept { return slots_.items; }
  /// End of the reasons held.
  constexpr const Reason* end() const noexcept { return slots_.items + size_; }
  /// The first reason with that code, if any. Linear in `size()`.
  constexpr const Reason* find(ReasonCode code) const noexcept {
    for (const Reason& r : *this)
      if (r.code == code) return &r;
    return nullptr;
  }
  /// The reasons held as a span.
  constexpr operator std::span<const Reason>() const noexcept { return {begin(), size_}; }

  /// Whether both hold the same reasons in the same order.
  friend constexpr bool operator==(const Reasons& a, const Reasons& b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  /// Room for `capacity` reasons that building the list leaves unwritten. Assigning a slot (a trivial
  /// copy) brings the array to life, with the slots not yet assigned left indeterminate and never read.
  union Slots {
    struct Written {};
    constexpr Slots() noexcept {}
    constexpr explicit Slots(Written) noexcept : items{} {}
    Reason items[capacity];
  };
  static_assert(std::is_trivially_copy_assignable_v<Reason> && std::is_trivially_destructible_v<Reason>,
                "slots are assigned without being constructed, and abandoned without being destroyed");

  /// In a constant expression, which may not read or assign an array a union has not begun, writes
  /// every slot first; at run time, does nothing.
  constexpr void start_slots() noexcept {
    if (std::is_constant_evaluated()) std::construct_at(&slots_, Slots::Written{});
  }
  constexpr void assign(const Reasons& other) noexcept {
    for (std::size_t i = 0; i < other.size_; ++i) slots_.items[i] = other.slots_.items[i];
    size_ = other.size_;
  }

  std::size_t size_ = 0;
  Slots slots_;
};

}  // namespace rapport

#endif  // RAPPORT_REASON_HPP
