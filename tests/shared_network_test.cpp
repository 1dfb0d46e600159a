#include <atomic>
#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <rapport/io.hpp>
#include <rapport/shared_network.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using rapport::Interaction;
using rapport::InteractionKind;
using rapport::Network;
using rapport::Timestamp;

Timestamp at(long long seconds) {
  return Timestamp{std::chrono::seconds{seconds}};
}

Network members(int n) {
  Network net;
  for (int i = 0; i < n; ++i) net.add_member({.handle = "m" + std::to_string(i), .topics = {{"marketing"}}});
  net.add_channel({.owner = "m0", .name = "blog", .audience_size = 100});
  return net;
}

/// The `i`th write: a message each way between two members, at the same time. A reader that saw only
/// one of the two would see a pair whose counts differ.
std::vector<Interaction> batch(int i, int member_count) {
  const std::string a = "m" + std::to_string(i % member_count);
  const std::string b =
      "m" + std::to_string((i * 7 + 1) % member_count == i % member_count ? (i + 1) % member_count
                                                                          : (i * 7 + 1) % member_count);
  return {{.from = a, .to = b, .kind = InteractionKind::message, .at = at(1000 + i)},
          {.from = b, .to = a, .kind = InteractionKind::message, .at = at(1000 + i)}};
}

std::string snapshot_of(const Network& net) {
  std::ostringstream out;
  rapport::save_network(net, out);
  return out.str();
}

/// Operations in all, readers' and the writer's: more under ThreadSanitizer's own preset.
long operations() {
  const char* n = std::getenv("RAPPORT_SHARED_OPERATIONS");
  return n ? std::atol(n) : 200'000;
}

}  // namespace

TEST_CASE(
    "shared network: readers score while a writer records; all see whole writes, the writer is not "
    "starved, and the result is the sequential one",
    "[shared]") {
  constexpr int member_count = 12, reader_count = 8;
  const long total = operations();
  const int writes = static_cast<int>(std::max(100L, total / 20));
  rapport::SharedNetwork shared(members(member_count));
  std::atomic<bool> writer_done{false};
  std::atomic<long> reads{0}, torn{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < reader_count; ++r)
    readers.emplace_back([&, r] {
      const rapport::Request request{.requester = "m" + std::to_string(1 + r % (member_count - 1)),
                                     .owner = "m0",
                                     .channels = {"blog"},
                                     .topics = {"marketing"},
                                     .received = at(500)};
      // Read until the writer is done and this reader has had its share of the operations.
      while (!writer_done.load() || reads.load() < total - writes) {
        const bool whole = shared.read([&](const Network& net) {
          const auto rel =
              net.relationship(0, static_cast<rapport::MemberId>(1 + r % (member_count - 1)), at(5000));
          return !rel || rel->by_owner(InteractionKind::message) == rel->by_other(InteractionKind::message);
        });
        if (!whole) ++torn;
        (void)shared.score(request, at(5000));
        ++reads;
      }
    });
  for (int i = 0; i < writes; ++i) {
    const std::vector<Interaction> events = batch(i, member_count);
    shared.record(events);
  }
  writer_done = true;
  for (std::thread& t : readers) t.join();

  CHECK(torn.load() == 0);
  CHECK(reads.load() >= total - writes);
  Network sequential = members(member_count);
  for (int i = 0; i < writes; ++i) {
    const std::vector<Interaction> events = batch(i, member_count);
    sequential.record(events);
  }
  CHECK(snapshot_of(shared.snapshot()) == snapshot_of(sequential));
}

TEST_CASE("shared network: a write's exception leaves the shared network as it was", "[shared]") {
  rapport::SharedNetwork shared(members(3));
  const std::string before = snapshot_of(shared.snapshot());
  const std::vector<Interaction> bad{
      {.from = "m0", .to = "m1", .kind = InteractionKind::call, .at = at(10)},
      {.from = "m0", .to = "nobody", .kind = InteractionKind::call, .at = at(11)}};
  CHECK_THROWS_AS(shared.record(bad), rapport::Error);
  CHECK(snapshot_of(shared.snapshot()) == before);
  // And the lock was released: reads and writes go on.
  CHECK(shared.write([](Network& n) {
    return n.record({.from = "m0", .to = "m1", .kind = InteractionKind::call, .at = at(12)});
  }));
}

TEST_CASE("shared network: score_all on a kept-alive pool gives the network's own scores", "[shared]") {
  constexpr int member_count = 12;
  Network net = members(member_count);
  for (int i = 0; i < 40; ++i) net.record(batch(i, member_count));
  std::vector<rapport::Request> requests;
  for (int i = 0; i < 300; ++i)  // enough for the pool's threads to share: runs of 64
    requests.push_back({.requester = "m" + std::to_string(1 + i % (member_count - 1)),
                        .owner = "m0",
                        .channels = {"blog"},
                        .topics = {"marketing"},
                        .received = at(500 + i)});
  const std::vector<rapport::Score> alone = rapport::score_all(net, requests, at(5000), 1u);
  const rapport::SharedNetwork shared(net);
  rapport::ScoringPool pool(2);
  CHECK(shared.score_all(requests, at(5000), pool) == alone);
  CHECK(shared.score_all(requests, at(5000), pool) == alone);  // the pool serves call after call
  requests[150].owner = "nobody";
  CHECK_THROWS_AS(shared.score_all(requests, at(5000), pool), rapport::Error);
}
