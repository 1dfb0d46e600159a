// Policy files: `load_policy`, then the policy given to a network that holds state (`set_policy`) and
// to a fresh one, whose scores it then drives. A policy that loads has passed `validate()`, so a
// network must accept it.

#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <rapport/score.hpp>
#include <sstream>
#include <string>

#include "common.hpp"

namespace {

rapport::Request fixed_request() {
  rapport::Request request;
  request.id = "r";
  request.requester = "ben";
  request.owner = "ana";
  request.kind = rapport::RequestKind::guest_post;
  request.channels = {"blog"};
  request.topics = {"marketing/email"};
  request.offer = rapport::Offer::promise;
  request.preview = true;
  request.content_quality = 0.7;
  request.received = rapport::Timestamp{std::chrono::seconds{1795370400}};
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  rapport::Policy policy;
  try {
    std::istringstream in{std::string(rapport_fuzz::as_text(data, size))};
    policy = rapport::load_policy(in, "policy.json");
  } catch (const rapport::Error&) {
    return 0;
  }

  static const rapport::Network base = rapport_fuzz::small_network();
  static const std::string base_text = rapport_fuzz::save(base);
  rapport::Network network = base;
  try {
    network.set_policy(policy);
    rapport_fuzz::check(network.policy() == policy, "set_policy kept another policy");
  } catch (const rapport::Error&) {
    // Only a change of what the state was aggregated with is refused, and it changes nothing.
    rapport_fuzz::check(rapport_fuzz::save(network) == base_text, "a refused set_policy changed the network");
  }

  // A network aggregating with the policy from the start takes the same log, and scores with it.
  rapport::Network fresh = rapport_fuzz::small_network(policy);
  const rapport::Request request = fixed_request();
  (void)rapport::score(fresh, request, request.received);
  (void)rapport::score(network, request, request.received);
  return 0;
}
