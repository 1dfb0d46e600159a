#ifndef RAPPORT_NETWORK_HPP
#define RAPPORT_NETWORK_HPP

/// \file
/// `Network`: members, channels, posts and the decayed relationship state between them.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <rapport/channel.hpp>
#include <rapport/export.hpp>
#include <rapport/interaction.hpp>
#include <rapport/member.hpp>
#include <rapport/outcome.hpp>
#include <rapport/policy.hpp>
#include <rapport/post.hpp>
#include <rapport/relationship.hpp>
#include <rapport/request.hpp>
#include <rapport/time.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

namespace detail {
struct NetworkState;
struct NetworkAccess;
}  // namespace detail

/// What an owner has received from one requester, member or not (`Network::requests_from`).
struct RequestHistory {
  std::uint32_t count = 0;  ///< requests recorded
  Timestamp first{};        ///< arrival of the earliest
  Timestamp last{};         ///< arrival of the latest
  double decayed = 0;       ///< `count` decayed with `Decay::reciprocity_half_life`, as of `last`

  /// Whether every field is equal.
  friend bool operator==(const RequestHistory&, const RequestHistory&) = default;
};

/// One of a member's strongest ties by knowledge, as a snapshot's `top_ties` lists it (docs/formats.md):
/// what vouching reads of a member's ties (`Network::strongest_ties`).
struct Tie {
  std::string member{};  ///< handle of the other member
  /// Time-free strength: log2 of the member's knowledge of the other plus the context half-lives from
  /// the epoch to `since`; passive decay leaves it as it is, so a list stays in order without events.
  double key = 0;
  Timestamp since{};  ///< when `key` was set

  /// Whether every field is equal.
  friend bool operator==(const Tie&, const Tie&) = default;
};

/// Members, their channels and posts, and the aggregated relationship state between every pair that
/// has interacted. Members are interned to dense ids; relationship state is kept decayed per pair and
/// updated in O(1) per event. Every mutator validates first and either succeeds or throws `Error`
/// leaving the network as it was. Const member functions may be called from many threads at once.
class RAPPORT_API Network {
 public:
  /// An empty network aggregating with `policy`'s decay. Throws `Error` if the policy is invalid.
  explicit Network(Policy policy = {});
  /// A deep copy.
  Network(const Network& other);
  /// Takes `other`'s state; `other` may then only be assigned to or destroyed.
  Network(Network&& other) noexcept;
  /// Replaces this network with a deep copy of `other`.
  Network& operator=(const Network& other);
  /// Takes `other`'s state; `other` may then only be assigned to or destroyed.
  Network& operator=(Network&& other) noexcept;
  /// Frees the network's state.
  ~Network();

  /// The policy scoring uses.
  const Policy& policy() const noexcept;
  /// Replaces the policy. Throws `Error` if it is invalid or changes `Policy::decay` or
  /// `Policy::kinds`, which the recorded state was aggregated with.
  void set_policy(Policy policy);

  /// Adds a member and returns its id. Throws on an empty or duplicate handle (`duplicate_member`), an
  /// alias that already names a member or repeats one of its keys (`duplicate_alias`), a handle or alias
  /// over 512 bytes, a bad topic or energy, or past 2^31 - 1 members (`out_of_range`); then nothing is
  /// added.
  MemberId add_member(Member member);
  /// Replaces the member with the same handle, aliases included: this is how an alias is added or
  /// removed. Throws if there is none, if `member.handle` is only an alias of it (`duplicate_alias`),
  /// or as `add_member` does; then nothing changes. Takes time in the size of this member alone
  /// (amortised, and quadratic in its number of aliases, which are checked against each other): a
  /// changed list of aliases, or the handle written with its host in another case, re-keys it only.
  void update_member(Member member);
  /// Adds a channel to an existing owner. Throws on an unknown owner, a duplicate name, a bad size.
  ChannelId add_channel(Channel channel);
  /// Replaces the channel with the same owner and name. Throws if there is none, or it is invalid.
  void update_channel(Channel channel);

  /// Records an interaction and returns true, or returns false and records nothing if the network holds
  /// it already: one with the same id, or without an id the same members, kind, time and weight. Throws
  /// on an unknown or equal handle, a bad weight, or a timestamp more than `Decay::max_lateness` before
  /// the pair's latest event (an event held already is skipped, however old).
  bool record(const Interaction& interaction);
  /// Records interactions in order, with the same result as recording each in turn, but all or nothing:
  /// every event is checked, as though the ones before it were recorded, before any is applied. Each run
  /// of consecutive events at the same time is applied in a canonical order (by the handles of their
  /// members, actor first, then kind, weight, reply and id), so however a batch lists simultaneous events,
  /// the network ends bit for bit the same; single calls apply in the order made. Returns
  /// the number skipped as held already (also when repeated within the batch). Throws as
  /// `record(const Interaction&)` does for the first bad event, its field named `interactions[i].at` and
  /// so on, and then records none. Faster than one call per event on a large network: it looks up every
  /// pair first and then applies the events while fetching the state of the next ones ahead. Takes about
  /// 16 bytes of working memory per event, and 8 more per event whose pair the network did not hold; the
  /// network keeps 10 to 14 bytes per event recorded for its fingerprint.
  std::size_t record(std::span<const Interaction> interactions);
  /// Records that a request arrived and returns true, or returns false if the network holds it already
  /// (the same owner and id, or without an id the same requester, owner, kind and arrival). It counts in
  /// the owner's inflow and `requests_from`, and, when the requester is a member, as an `asked`
  /// interaction from requester to owner at `received`. What scoring sees of it now is kept for its
  /// outcome to learn from (`record(const Outcome&)`). Throws as `score` does for a bad request, or as
  /// `record(Interaction)` for a stale one.
  bool record(const Request& request);
  /// Records what the owner did with a recorded request and learns from it, returning true; or returns
  /// false if the network holds this outcome already (the same request, kind and time). Each outcome
  /// moves the owner's learned weights and the global ones one step, in O(features), from what scoring
  /// saw of the request when it was recorded (`Policy::learning`). Throws, changing nothing:
  /// `unknown_member` for an unknown owner; `invalid_outcome` unless it names its request either by id or
  /// in full, or if it is dated before the request arrived; `unknown_request` for a request not recorded.
  bool record(const Outcome& outcome);
  /// Records a post, in time order among the channel's posts whenever it is dated, and returns true; or
  /// returns false if the network holds it already (the same id, or without one the same channel, time,
  /// promotion and promoted member). Throws on an unknown owner, channel or promoted member.
  bool record(const Post& post);

  /// The id of the member with that handle or alias (`Member` says how keys compare), if any.
  std::optional<MemberId> find_member(std::string_view handle) const noexcept;
  /// The id of `owner`'s channel called `name`, if any.
  std::optional<ChannelId> find_channel(std::string_view owner, std::string_view name) const noexcept;

  /// The member with that id, as it was given: a copy, since the network keeps its members compactly
  /// (O(size of the record)). Throws `Error` (`unknown_member`) for an id no member has.
  Member member(MemberId id) const;
  /// The handle of the member with that id, without copying the record; valid until the next member
  /// is added or updated. Throws `Error` (`unknown_member`) for an id no member has.
  std::string_view handle(MemberId id) const;
  /// The channel with that id. Throws `Error` (`unknown_channel`) for an id no channel has.
  const Channel& channel(ChannelId id) const;
  /// Number of members; ids are 0 to `member_count() - 1` in order of addition.
  std::size_t member_count() const noexcept;
  /// Number of channels; ids are 0 to `channel_count() - 1` in order of addition.
  std::size_t channel_count() const noexcept;
  /// The channels `owner` owns, in order of addition. Throws `Error` (`unknown_member`) for a bad id.
  std::span<const ChannelId> channels_of(MemberId owner) const;
  /// The posts on a channel, oldest first. Throws `Error` (`unknown_channel`) for a bad id.
  std::span<const Post> posts(ChannelId channel) const;

  /// The latest time of any recorded interaction or request, if any: a natural `now` for tools that
  /// replay a history. Posts do not count: they may be commitments scheduled ahead.
  std::optional<Timestamp> last_activity() const noexcept;

  /// Arrival times of the requests `owner` received, oldest first. Throws `Error` (`unknown_member`)
  /// for a bad id.
  std::span<const Timestamp> requests_received(MemberId owner) const;

  /// What `owner` has received from `requester` (a handle, member or not), if anything. A member's
  /// requests count together, whichever of its handles or aliases they were written to; a non-member's
  /// count under the handle as written. Throws `Error` (`unknown_member`) for a bad owner id.
  std::optional<RequestHistory> requests_from(MemberId owner, std::string_view requester) const;

  /// The members `id` has interacted with, in order of first interaction.
  std::vector<MemberId> contacts(MemberId id) const;
  /// `member`'s strongest ties by knowledge (at most 8), strongest first, equal keys by handle. Only
  /// events recorded here count: a member whose pairs are split across networks has its list in the one
  /// that records all of them. Throws `Error` (`unknown_member`) for a bad id.
  std::vector<Tie> strongest_ties(MemberId member) const;
  /// Replaces `member`'s strongest ties with `ties`, as `strongest_ties` of a network that records all of
  /// `member`'s events gives them: how a network that holds only some owners (a shard, docs/scaling.md)
  /// lends vouching the lists of members it does not own. Ties with handles this network does not know
  /// are left out (vouching looks up only members). Events recorded here later update the list as usual.
  /// Throws `Error`, changing nothing: `unknown_member` for a bad id; `out_of_range` for more than 8 ties;
  /// `empty_handle`, `not_finite` or `out_of_range` for a bad member, key or time; `inconsistent_state`
  /// for ties out of order (keys decreasing, equal keys by handle), repeated, or naming `member` itself.
  void set_strongest_ties(MemberId member, std::span<const Tie> ties);
  /// `owner`'s view of `other` at `now`, if they have interacted. State reflects every recorded
  /// event; a `now` before the pair's latest event reads the state as of that event.
  std::optional<Relationship> relationship(MemberId owner, MemberId other, Timestamp now) const;

 private:
  friend struct detail::NetworkAccess;
  std::unique_ptr<detail::NetworkState> state_{};
};

}  // namespace rapport

#endif  // RAPPORT_NETWORK_HPP
