// Snapshots round-trip: a snapshot that loads saves to text that loads again and saves to the same
// bytes, and the reloaded network scores a few fixed requests exactly as the first did.

#include <array>
#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <rapport/score.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common.hpp"

namespace {

// Requests from the network itself: its first member asked by its second, on the second's first
// channel, and by a stranger; scoring may refuse some (an owner asked by itself), alike both times.
std::vector<rapport::Request> fixed_requests(const rapport::Network& network) {
  std::vector<rapport::Request> requests;
  if (network.member_count() == 0) return requests;
  const rapport::Timestamp now =
      network.last_activity().value_or(rapport::Timestamp{std::chrono::seconds{1795370400}});
  const std::string first(network.handle(0));
  const std::string owner(network.handle(network.member_count() > 1 ? 1 : 0));
  rapport::Request ask;
  ask.requester = first;
  ask.owner = owner;
  ask.received = now;
  ask.topics = {"marketing"};
  ask.offer = rapport::Offer::reciprocal_promotion;
  const auto channels = network.channels_of(network.member_count() > 1 ? 1 : 0);
  if (!channels.empty()) ask.channels = {network.channel(channels.front()).name};
  requests.push_back(ask);
  rapport::Request stranger = ask;
  stranger.requester = "fuzz-stranger";
  stranger.offer = rapport::Offer::nothing;
  stranger.preview = true;
  stranger.content_quality = 0.9;
  requests.push_back(stranger);
  return requests;
}

struct Scored {
  std::optional<rapport::Score> score{};
  std::optional<std::error_code> error{};
  friend bool operator==(const Scored&, const Scored&) = default;
};

std::vector<Scored> score_each(const rapport::Network& network,
                               const std::vector<rapport::Request>& requests) {
  std::vector<Scored> out;
  for (const rapport::Request& request : requests) {
    try {
      out.push_back({rapport::score(network, request, request.received), std::nullopt});
    } catch (const rapport::Error& e) {
      out.push_back({std::nullopt, e.code()});
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  std::optional<rapport::Network> first;
  try {
    std::istringstream in{std::string(rapport_fuzz::as_text(data, size))};
    first.emplace(rapport::load_network(in, "snapshot.json"));
  } catch (const rapport::Error&) {
    return 0;
  }
  const std::string saved = rapport_fuzz::save(*first);
  std::optional<rapport::Network> second;
  try {
    std::istringstream in{saved};
    second.emplace(rapport::load_network(in, "saved.json"));
  } catch (const rapport::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    rapport_fuzz::fail("a saved snapshot does not load");
  }
  rapport_fuzz::check(rapport_fuzz::save(*second) == saved, "saving a reloaded snapshot gives other bytes");
  const std::vector<rapport::Request> requests = fixed_requests(*first);
  rapport_fuzz::check(score_each(*first, requests) == score_each(*second, requests),
                      "a reloaded snapshot scores differently");
  return 0;
}
