#include "common.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <rapport/io.hpp>

#include "output.hpp"
#include "terminal.hpp"

namespace rapport::cli {

Network load_network_with_policy(const std::string& path, const std::optional<std::string>& policy_path) {
  Input in(path);
  Network network = load_network(in.stream(), in.name());
  if (policy_path) {
    Input policy_in(*policy_path);
    Policy policy = load_policy(policy_in.stream(), policy_in.name());
    try {
      network.set_policy(std::move(policy));
    } catch (const Error& e) {  // a policy the network cannot take: name the file and its field there
      std::string_view field = e.field();
      if (field.starts_with("policy.")) field.remove_prefix(7);
      throw InputError(policy_in.name() + ": " + std::string(field) +
                       std::string(std::string_view(e.what()).substr(e.field().size())));
    }
  }
  return network;
}

std::vector<Request> load_request_file(const std::string& path, const Network& network) {
  Input in(path);
  return load_requests(in.stream(), in.name(), network);
}

Timestamp now_from(const std::optional<std::string>& now, const Network& network,
                   const std::vector<Request>& requests) {
  if (now) return parse_time(*now, "--now");
  // One rule for every command: the latest time in the inputs, so output never depends on the clock.
  // Posts do not count (`last_activity` leaves them out): they may be commitments scheduled ahead.
  std::optional<Timestamp> latest = network.last_activity();
  for (const Request& r : requests) latest = latest ? std::max(*latest, r.received) : r.received;
  if (!latest) throw InputError("--now: the inputs hold no time to default to; give --now");
  return *latest;
}

MemberId owner_from(const std::optional<std::string>& handle, const Network& network) {
  if (handle) {
    if (const auto id = network.find_member(*handle)) return *id;
    throw InputError("--owner: unknown member (got '" + *handle + "')");
  }
  std::optional<MemberId> owner;
  for (MemberId id = 0; id < network.member_count(); ++id) {
    if (network.channels_of(id).empty()) continue;
    if (owner) throw InputError("--owner: several members have channels; say whose point of view to take");
    owner = id;
  }
  if (!owner) throw InputError("--owner: no member has a channel; say whose point of view to take");
  return *owner;
}

std::string_view decision_colour(Decision d) {
  switch (d) {
    case Decision::accept:
      return green;
    case Decision::defer:
      return yellow;
    case Decision::decline:
      return red;
    case Decision::counter:
      return cyan;
  }
  return {};
}

void write_output(const std::string& path, std::string_view content) {
  OutputFile out(path);
  out.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  out.commit();
}

}  // namespace rapport::cli
