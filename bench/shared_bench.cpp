// Scoring latency through a SharedNetwork, with and without a thread recording events at the same
// time: the lock's price for readers, and how long a write makes a reader wait.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <rapport/rapport.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using std::chrono::duration;
using std::chrono::steady_clock;

constexpr int member_count = 20'000;
const rapport::Timestamp start{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};

std::string handle(int i) {
  std::string h = "m";
  h += std::to_string(i);
  return h;
}

/// `n` messages and calls among random members, `step` seconds apart from `from`.
std::vector<rapport::Interaction> events(std::mt19937& rng, int n, rapport::Timestamp from) {
  std::uniform_int_distribution<int> member(0, member_count - 1);
  std::vector<rapport::Interaction> out;
  for (int i = 0; i < n; ++i) {
    const int a = member(rng);
    const int b = (a + 1 + member(rng) % (member_count - 1)) % member_count;
    out.push_back({.from = handle(a),
                   .to = handle(b),
                   .kind = i % 5 == 0 ? rapport::InteractionKind::call : rapport::InteractionKind::message,
                   .at = from + std::chrono::seconds{i}});
  }
  return out;
}

rapport::Network network() {
  rapport::Network net;
  for (int i = 0; i < member_count; ++i) net.add_member({.handle = handle(i), .topics = {{"marketing"}}});
  net.add_channel(
      {.owner = handle(0), .name = "blog", .audience_size = 1000, .audience_topics = {{"marketing"}}});
  std::mt19937 rng(1);
  const std::vector<rapport::Interaction> history = events(rng, 200'000, start);
  net.record(history);
  return net;
}

/// Per-score latency (p50, p99) through a SharedNetwork; with `ingest`, another thread records batches
/// of 64 events, as fast as it can, all the while.
void BM_SharedScore(benchmark::State& state) {
  const bool ingest = state.range(0) != 0;
  rapport::SharedNetwork shared(network());
  std::vector<rapport::Request> requests;
  for (int i = 1; i <= 1000; ++i)
    requests.push_back({.requester = handle(i * 13 % member_count),
                        .owner = handle(0),
                        .channels = {"blog"},
                        .topics = {"marketing"},
                        .received = start + std::chrono::days{30}});
  std::atomic<bool> stop{false};
  std::atomic<long> batches{0};
  std::thread writer;
  if (ingest)
    writer = std::thread([&] {
      std::mt19937 rng(2);
      rapport::Timestamp t = start + std::chrono::days{10};
      while (!stop.load()) {
        const std::vector<rapport::Interaction> batch = events(rng, 64, t);
        t += std::chrono::seconds{64};
        shared.record(batch);
        ++batches;
      }
    });
  std::vector<double> ns;
  const rapport::Timestamp now = start + std::chrono::days{30};
  for (auto _ : state)
    for (const rapport::Request& r : requests) {
      const auto t0 = steady_clock::now();
      benchmark::DoNotOptimize(shared.score(r, now));
      ns.push_back(duration<double, std::nano>(steady_clock::now() - t0).count());
    }
  stop = true;
  if (writer.joinable()) writer.join();
  std::sort(ns.begin(), ns.end());
  const auto at = [&](double q) {
    return ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))];
  };
  state.counters["p50_ns"] = at(0.5);
  state.counters["p99_ns"] = at(0.99);
  state.counters["max_ns"] = ns.back();
  state.counters["batches_written"] = static_cast<double>(batches.load());
  state.SetItemsProcessed(static_cast<std::int64_t>(ns.size()));
}
BENCHMARK(BM_SharedScore)->ArgName("ingest")->Arg(0)->Arg(1)->Iterations(20)->Unit(benchmark::kMillisecond);

}  // namespace
