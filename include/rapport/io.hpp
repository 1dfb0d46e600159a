#ifndef RAPPORT_IO_HPP
#define RAPPORT_IO_HPP

/// rapport's files: network snapshots, event logs (JSON Lines), request, policy and result files, all
/// documented with examples in docs/formats.md. Loading is all or nothing: bad input throws a
/// `JsonError` naming the source, the JSON path (and the line of a log) and leaves nothing changed.

#include <boost/json/value.hpp>
#include <concepts>
#include <cstddef>
#include <iosfwd>
#include <rapport/channel.hpp>
#include <rapport/interaction.hpp>
#include <rapport/json.hpp>
#include <rapport/member.hpp>
#include <rapport/network.hpp>
#include <rapport/policy.hpp>
#include <rapport/post.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace rapport {

/// Parses one JSON document (numbers precisely, UTF-8 checked). Throws `JsonError`
/// (`Errc::parse_error`, field "source:line:column") if it is not well-formed.
boost::json::value parse_json(std::istream& in, std::string_view source_name);

/// The whole network: policy, members, channels, posts, request inflow and histories, relationship
/// state (exactly, so scores after loading are bit-identical to scores before saving) and the
/// fingerprints of the events recorded.
boost::json::value network_to_json(const Network& network);
/// Builds a network from a snapshot value; `source_name` prefixes error fields.
Network network_from_json(const boost::json::value& jv, std::string_view source_name);
/// Writes a snapshot; saving what was loaded gives the same bytes.
void save_network(const Network& network, std::ostream& out);
/// Reads a snapshot written by `save_network` (or by hand; relationship state is then optional).
Network load_network(std::istream& in, std::string_view source_name);

/// One line of an event log: a member or channel to add or replace, or an interaction, post or
/// request arrival to record. A struct rather than the bare variant so that its JSON form is rapport's
/// (Boost.JSON has its own for `std::variant`).
struct Event {
  using Change = std::variant<Member, Channel, Interaction, Post, Request>;
  Change change{};

  Event() = default;
  /// Implicit from any alternative, so `write_event(interaction, out)` reads as it should.
  template <class T>
  requires std::constructible_from<Change, T&&> &&
      (!std::same_as<std::remove_cvref_t<T>, Event>)Event(T&& change_)
      : change(std::forward<T>(change_)) {}

  friend bool operator==(const Event&, const Event&) = default;
};

/// {"member": {...}} and so on: an object with one key naming the alternative.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Event& event);
/// Reads an event line's object.
Event tag_invoke(boost::json::value_to_tag<Event>, const boost::json::value& jv);

/// Applies one event: adds a member or channel, or replaces the one with the same key; records
/// interactions, posts and requests (`Network::record`). Returns false for an interaction, post or
/// request the network holds already, which is skipped. Throws as those do, changing nothing.
bool apply_event(Network& network, const Event& event);
/// Reads an event log: one JSON object per line, blank lines skipped, optional header lines
/// {"format": "rapport.events", "version": 1}. Errors name the line ("events.jsonl:12: interaction.kind").
std::vector<Event> load_events(std::istream& in, std::string_view source_name);
/// What `apply_events` did with a log's events.
struct AppliedEvents {
  std::size_t applied = 0;  ///< events applied
  std::size_t skipped = 0;  ///< interactions, posts and requests skipped as already in the network

  friend bool operator==(const AppliedEvents&, const AppliedEvents&) = default;
};

/// Reads an event log and applies it in order, all or nothing: on any error `network` is unchanged.
/// Events the network holds already (`Network::record`) are skipped, so applying a log twice changes
/// nothing the second time.
AppliedEvents apply_events(Network& network, std::istream& in, std::string_view source_name);
/// Writes a header line, then one line per event.
void save_events(std::span<const Event> events, std::ostream& out);
/// Appends one event line, without a header: for adding to an existing log.
void write_event(const Event& event, std::ostream& out);

/// Writes {"format": "rapport.requests", "version": 1, "requests": [...]}.
void save_requests(std::span<const Request> requests, std::ostream& out);
/// Reads a request file.
std::vector<Request> load_requests(std::istream& in, std::string_view source_name);

/// Writes every policy field after "format" and "version".
void save_policy(const Policy& policy, std::ostream& out);
/// Reads a policy file: every field optional (defaults from `Policy{}`), unknown fields rejected, and
/// the result checked with `Policy::validate()`.
Policy load_policy(std::istream& in, std::string_view source_name);

/// One request's result: its id, requester and owner, the score and decision, and the reasons with
/// members and channels by handle and name and the sentence `describe` gives.
boost::json::value result_to_json(const Network& network, const Request& request, const Score& score);
/// A result file's value: "format", "version", "now" and "results", one per request, in order.
/// `requests` and `scores` must have the same length.
boost::json::value results_to_json(const Network& network, std::span<const Request> requests,
                                   std::span<const Score> scores, Timestamp now);
/// Writes `results_to_json`.
void save_results(const Network& network, std::span<const Request> requests, std::span<const Score> scores,
                  Timestamp now, std::ostream& out);

}  // namespace rapport

#endif  // RAPPORT_IO_HPP
