#ifndef RAPPORT_IO_HPP
#define RAPPORT_IO_HPP

/// \file
/// rapport's input files: network snapshots, event logs (JSON Lines), request and policy files, all
/// documented with examples in docs/formats.md (result files: `rapport/result_files.hpp`). Loading is all or
/// nothing: bad input throws a `JsonError` naming the source, the JSON path (and the line of a log) and
/// leaves nothing changed.

#include <boost/json/value.hpp>
#include <cstddef>
#include <iosfwd>
#include <rapport/event.hpp>
#include <rapport/export.hpp>
#include <rapport/json/model.hpp>
#include <rapport/network.hpp>
#include <rapport/policy.hpp>
#include <rapport/request.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace rapport {

/// Parses one JSON document (numbers precisely, UTF-8 checked). Throws `JsonError`
/// (`Errc::parse_error`, field "source:line:column") if it is not well-formed.
RAPPORT_API boost::json::value parse_json(std::istream& in, std::string_view source_name);

/// The whole network: policy, members, channels, posts, request inflow and histories, relationship
/// state (exactly, so scores after loading are bit-identical to scores before saving) and the
/// fingerprints of the events recorded.
RAPPORT_API boost::json::value network_to_json(const Network& network);
/// Builds a network from a snapshot value; `source_name` prefixes error fields.
RAPPORT_API Network network_from_json(const boost::json::value& jv, std::string_view source_name);
/// Writes a snapshot; saving what was loaded gives the same bytes.
RAPPORT_API void save_network(const Network& network, std::ostream& out);
/// Reads a snapshot written by `save_network` (or by hand; relationship state is then optional).
RAPPORT_API Network load_network(std::istream& in, std::string_view source_name);

/// Reads an event log: one JSON object per line, blank lines skipped, optional header lines
/// {"format": "rapport.events", "version": 1}. Errors name the line ("events.jsonl:12: interaction.kind").
RAPPORT_API std::vector<Event> load_events(std::istream& in, std::string_view source_name);
/// What `apply_event_log` did with a log's events.
struct AppliedEvents {
  std::size_t applied = 0;  ///< events applied
  std::size_t skipped = 0;  ///< interactions, posts and requests skipped as already in the network

  /// Whether every field is equal.
  friend bool operator==(const AppliedEvents&, const AppliedEvents&) = default;
};

/// Reads an event log and applies it in order, all or nothing: on any error `network` is unchanged.
/// Events the network holds already (`Network::record`) are skipped, so applying a log twice changes
/// nothing the second time. Interactions on consecutive lines at the same time are recorded together
/// (`Network::record(span)`), so how the log lists simultaneous interactions does not change the network.
RAPPORT_API AppliedEvents apply_event_log(Network& network, std::istream& in, std::string_view source_name);
/// Writes a header line, then one line per event.
RAPPORT_API void save_events(std::span<const Event> events, std::ostream& out);
/// Appends one event line, without a header: for adding to an existing log.
RAPPORT_API void write_event(const Event& event, std::ostream& out);

/// Writes {"format": "rapport.requests", "version": 1, "requests": [...]}.
RAPPORT_API void save_requests(std::span<const Request> requests, std::ostream& out);
/// Reads a request file, with the checks that need no network (`content_quality` in [0, 1], topic
/// paths, `wanted_by` not before `received`).
RAPPORT_API std::vector<Request> load_requests(std::istream& in, std::string_view source_name);
/// Reads a request file and checks each request against `network` as scoring will (its owner,
/// requester and channels too), so that an error names the file and the request
/// ("requests.json: requests[3].owner: unknown member (got '"zed"')").
RAPPORT_API std::vector<Request> load_requests(std::istream& in, std::string_view source_name,
                                               const Network& network);

/// Writes every policy field after "format" and "version".
RAPPORT_API void save_policy(const Policy& policy, std::ostream& out);
/// Reads a policy file: every field optional (defaults from `Policy{}`), unknown fields rejected, and
/// the result checked with `Policy::validate()`.
RAPPORT_API Policy load_policy(std::istream& in, std::string_view source_name);

}  // namespace rapport

#endif  // RAPPORT_IO_HPP
