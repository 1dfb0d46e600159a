// A network at platform scale: 1,000,000 members and about 12 M pairs, next to the same construction
// at 100,000 members, so that each figure compares with its own 1e5 run. Events are generated batch by
// batch into one reused buffer, so the benchmark's own data does not grow with the network and resident
// memory measures the network alone.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <random>
#include <rapport/rapport.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono;
using rapport::InteractionKind;
using rapport::Timestamp;

constexpr std::uint32_t owner_count = 50;      // members 0..49: hubs, each with a channel
constexpr std::size_t events_per_member = 30;  // over two years; the first on each pair is a message
constexpr std::size_t batch_size = std::size_t{1} << 20;
constexpr std::size_t request_pool = 1'000;
constexpr std::size_t score_all_requests = 10'000;

const Timestamp history_begin = sys_days{year{2024} / January / 1};
const Timestamp now = history_begin + days{730} + hours{9};

const std::array<const char*, 8> topics{
    "marketing/social-media", "books/fiction", "coaching/business", "tech/programming", "food/baking",
    "travel/europe",          "pets/dogs",     "design/ux"};

std::string handle(std::uint32_t id) {
  return "@m" + std::to_string(id) + "@example.social";
}

/// Resident and peak resident bytes of this process, from /proc/self/status. The whole free pages of
/// the C library's heap are given back first (`malloc_trim`): they are not the network's, and how many
/// there are depends on what the process freed before (the old copies of what grows by doubling stay
/// in the heap, most of all once an earlier run's large blocks were freed).
std::pair<double, double> resident_bytes() {
  ::malloc_trim(0);
  std::ifstream status("/proc/self/status");
  std::string key;
  double rss = 0, peak = 0, kb = 0;
  while (status >> key) {
    if (key == "VmRSS:" && status >> kb) rss = kb * 1024;
    if (key == "VmHWM:" && status >> kb) peak = kb * 1024;
  }
  return {rss, peak};
}

/// The pairs that will interact, each once, lower id first: every member starts 8-20 ties, three
/// quarters to ring neighbours, a quarter to a member drawn by a power law (the owners are hubs).
std::vector<std::pair<std::uint32_t, std::uint32_t>> make_pairs(std::uint32_t members, std::mt19937_64& rng) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(std::size_t{members} * 14);
  std::uniform_int_distribution<std::uint32_t> degree(8, 20), offset(1, 1500);
  std::bernoulli_distribution local(0.75), coin(0.5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::uint32_t u = 0; u < members; ++u)
    for (std::uint32_t j = degree(rng); j > 0; --j) {
      std::uint32_t v = 0;
      if (local(rng)) {
        const std::uint32_t d = offset(rng);
        v = coin(rng) ? (u + d) % members : (u + members - d) % members;
      } else {
        const double x = unit(rng);
        v = std::min(members - 1, static_cast<std::uint32_t>(members * x * x));
      }
      if (v != u) pairs.emplace_back(std::min(u, v), std::max(u, v));
    }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::shuffle(pairs.begin(), pairs.end(), rng);
  return pairs;
}

/// The events of one batch, `first` to `first + out.size()` of `total`, in time order: the first
/// `pairs.size()` events meet each pair with a message, the rest fall on pairs chosen half uniformly,
/// half by a power law. With `mixed`, later events take the kinds of `scoring_bench.cpp` (messages 45%,
/// likes 35%, every kind); otherwise all are messages, as in a message log.
void make_batch(std::vector<rapport::Interaction>& out, std::size_t first, std::size_t total,
                const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs, bool mixed,
                std::mt19937_64& rng) {
  static constexpr std::array<double, rapport::interaction_kind_count> kind_weights{
      1.5, 4.0, 45.0, 35.0, 2.0, 1.0, 2.0, 2.0, 1.0, 1.0, 3.0, 1.0, 0.8, 0.4, 0.3};
  std::discrete_distribution<int> kind(kind_weights.begin(), kind_weights.end());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::bernoulli_distribution coin(0.5);
  const double span = static_cast<double>(duration_cast<seconds>(now - days{1} - history_begin).count());
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::size_t i = first + k;
    const bool meets = i < pairs.size();
    const double x = unit(rng);
    const auto [a, b] = pairs[meets ? i
                                    : std::min(pairs.size() - 1,
                                               static_cast<std::size_t>((coin(rng) ? x : x * x) *
                                                                        static_cast<double>(pairs.size())))];
    const bool forward = coin(rng);
    rapport::Interaction& e = out[k];
    e.from = handle(forward ? a : b);  // reuses the string's capacity
    e.to = handle(forward ? b : a);
    e.kind = meets || !mixed ? InteractionKind::message : static_cast<InteractionKind>(kind(rng));
    e.at = history_begin +
           seconds{static_cast<std::int64_t>(span * static_cast<double>(i) / static_cast<double>(total))};
  }
}

/// Requests to the owners: a third from their ties, a third from strangers, a third from members their
/// ties know.
std::vector<rapport::Request> make_requests(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                                            std::uint32_t members, std::mt19937_64& rng) {
  std::vector<std::vector<std::uint32_t>> ties(owner_count);
  for (const auto& [a, b] : pairs)
    if (a < owner_count) ties[a].push_back(b);
  std::vector<rapport::Request> out;
  std::uniform_int_distribution<std::uint32_t> owner(0, owner_count - 1), anyone(owner_count, members - 1);
  for (std::size_t i = 0; out.size() < request_pool; ++i) {
    const std::uint32_t o = owner(rng);
    if (ties[o].empty()) continue;
    std::uint32_t requester = ties[o][rng() % ties[o].size()];
    if (i % 3 == 1) requester = anyone(rng);
    if (i % 3 == 2) requester = std::min(members - 1, requester + 1);  // a ring neighbour of a tie
    if (requester == o) continue;
    rapport::Request r;
    r.id = std::to_string(i);
    r.owner = handle(o);
    r.requester = handle(requester);
    r.channels = {"blog"};
    r.topics = {topics[o % topics.size()]};
    r.received = now - hours{2};
    r.content_quality = 0.7;
    out.push_back(std::move(r));
  }
  return out;
}

/// Per-request latency percentiles of `score` over 20 passes of `requests`, clock cost subtracted.
std::pair<double, double> score_percentiles(const rapport::Network& net,
                                            const std::vector<rapport::Request>& requests) {
  std::vector<double> ns;
  double clock = 1e300;
  for (int i = 0; i < 1000; ++i) {
    const auto t0 = steady_clock::now();
    clock = std::min(clock, duration<double, std::nano>(steady_clock::now() - t0).count());
  }
  for (int round = 0; round < 20; ++round)
    for (const rapport::Request& r : requests) {
      const auto t0 = steady_clock::now();
      benchmark::DoNotOptimize(rapport::score(net, r, now));
      ns.push_back(std::max(0.0, duration<double, std::nano>(steady_clock::now() - t0).count() - clock));
    }
  std::sort(ns.begin(), ns.end());
  return {ns[ns.size() / 2], ns[ns.size() * 99 / 100]};
}

/// Wall seconds of `score_all` over `requests` on 1 and on 2 threads, each the best of 7, on pools
/// started beforehand, as a caller that scores again and again keeps one. The two run alternately, so
/// that a busy spell on a shared machine slows both alike.
std::pair<double, double> score_all_seconds(const rapport::Network& net,
                                            const std::vector<rapport::Request>& requests) {
  rapport::ScoringPool one(1), two(2);
  const auto seconds = [&](rapport::ScoringPool& pool) {
    const auto t0 = steady_clock::now();
    benchmark::DoNotOptimize(rapport::score_all(net, requests, now, pool));
    return duration<double>(steady_clock::now() - t0).count();
  };
  double best_one = 1e300, best_two = 1e300;
  for (int i = 0; i < 7; ++i) {
    best_one = std::min(best_one, seconds(one));
    best_two = std::min(best_two, seconds(two));
  }
  return {best_one, best_two};
}

/// Builds a network of `state.range(0)` members (events of every kind if `state.range(1)`), timed, then
/// measures it. The time column is the build: members, channels and every event, recorded in batches.
void BM_Scale(benchmark::State& state) {
  const auto members = static_cast<std::uint32_t>(state.range(0));
  const bool mixed = state.range(1) != 0;
  std::mt19937_64 rng(20240101);
  const auto pairs = make_pairs(members, rng);
  const std::size_t total = std::size_t{members} * events_per_member;
  std::vector<rapport::Interaction> batch(batch_size);
  make_batch(batch, 0, batch_size, pairs, mixed, rng);  // allocates every handle string once
  const auto requests = make_requests(pairs, members, rng);
  std::vector<rapport::Request> many;
  while (many.size() < score_all_requests) many.insert(many.end(), requests.begin(), requests.end());

  for (auto _ : state) {
    const double before = resident_bytes().first;
    const auto t0 = steady_clock::now();
    rapport::Network net;
    for (std::uint32_t i = 0; i < members; ++i)
      net.add_member({.handle = handle(i), .topics = {{topics[(i / 1000) % topics.size()], 1.0}}});
    for (std::uint32_t o = 0; o < owner_count; ++o)
      net.add_channel(
          {.owner = handle(o), .name = "blog", .audience_topics = {{topics[o % topics.size()], 1.0}}});
    const auto t1 = steady_clock::now();
    const double with_members = resident_bytes().first;
    const auto t1_read = steady_clock::now();  // the read and its trim are not part of the build
    double ingest = 0;
    for (std::size_t first = 0; first < total; first += batch_size) {
      batch.resize(std::min(batch_size, total - first));
      make_batch(batch, first, total, pairs, mixed, rng);
      const auto i0 = steady_clock::now();
      net.record(batch);
      ingest += duration<double>(steady_clock::now() - i0).count();
    }
    const auto t2 = steady_clock::now();
    const auto [with_pairs, peak] = resident_bytes();
    state.SetIterationTime(duration<double>((t1 - t0) + (t2 - t1_read)).count());

    const auto [p50, p99] = score_percentiles(net, requests);
    const auto [one, two] = score_all_seconds(net, many);
    state.counters["members_s"] = duration<double>(t1 - t0).count();
    state.counters["ingest_events_per_s"] = static_cast<double>(total) / ingest;
    state.counters["pairs"] = static_cast<double>(pairs.size());
    state.counters["bytes_per_member"] = (with_members - before) / members;
    state.counters["bytes_per_pair"] = (with_pairs - with_members) / static_cast<double>(pairs.size());
    state.counters["peak_MB"] = peak / 1e6;
    state.counters["score_p50_ns"] = p50;
    state.counters["score_p99_ns"] = p99;
    state.counters["score_all_1t_ms"] = one * 1e3;
    state.counters["score_all_2t_ms"] = two * 1e3;
    state.counters["score_all_speedup"] = one / two;
  }
}
BENCHMARK(BM_Scale)
    ->ArgNames({"members", "mixed"})
    ->ArgsProduct({{100'000, 1'000'000}, {0, 1}})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

}  // namespace
