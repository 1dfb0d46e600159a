#ifndef RAPPORT_CLI_COMMON_HPP
#define RAPPORT_CLI_COMMON_HPP

#include <optional>
#include <rapport/network.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <string>
#include <vector>

#include "input.hpp"

namespace rapport::cli {

/// Loads the network snapshot at `path` and, with a `policy` file (`--policy`), puts that policy in force.
Network load_network_with_policy(const std::string& path, const std::optional<std::string>& policy);

/// Loads a request file and checks each request against `network` (its owner, requester, channels):
/// an error names the file and the request ("requests.json: requests[3].owner: unknown member").
std::vector<Request> load_request_file(const std::string& path, const Network& network);

/// `now` (`--now`) if given; otherwise the latest time in the inputs: the later of the network's latest event
/// (`last_activity`) and the newest request's arrival. Throws `InputError` when there is none.
Timestamp now_from(const std::optional<std::string>& now, const Network& network,
                   const std::vector<Request>& requests = {});

/// `owner` (`--owner HANDLE`) if given; otherwise the network's only member with channels.
MemberId owner_from(const std::optional<std::string>& owner, const Network& network);

/// Writes `content` to `path`, or to standard output for "-", through `OutputFile`: a failure never
/// leaves a half-written file. Throws `InputError`.
void write_output(const std::string& path, std::string_view content);

/// The colour a decision is shown in on a terminal.
std::string_view decision_colour(Decision decision);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_COMMON_HPP
