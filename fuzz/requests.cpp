// Request files: `load_requests`, then every request scored against a small fixed network. Scoring
// is pure, so scoring twice, or all at once, gives equal scores.

#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <rapport/score.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  std::vector<rapport::Request> requests;
  try {
    std::istringstream in{std::string(rapport_fuzz::as_text(data, size))};
    requests = rapport::load_requests(in, "requests.json");
  } catch (const rapport::Error&) {
    return 0;
  }

  static const rapport::Network network = rapport_fuzz::small_network();
  std::vector<rapport::Score> scores;
  bool all_scored = true;
  for (const rapport::Request& request : requests) {
    try {
      rapport::Score first = rapport::score(network, request, request.received);
      rapport_fuzz::check(first == rapport::score(network, request, request.received),
                          "scoring the same request twice differs");
      scores.push_back(std::move(first));
    } catch (const rapport::Error&) {
      all_scored = false;
    }
  }
  if (all_scored && !requests.empty()) {
    const rapport::Timestamp now = requests.front().received;
    const std::vector<rapport::Score> batch = rapport::score_all(network, requests, now, 1);
    for (std::size_t i = 0; i < requests.size(); ++i)
      rapport_fuzz::check(batch[i] == rapport::score(network, requests[i], now),
                          "score_all differs from score");
  }
  return 0;
}
