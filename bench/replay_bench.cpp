// Replay throughput: a synthetic message log streamed through `replay_message_log`, with learning on
// (BM_Replay, the default policy) and off (BM_ReplayLearningOff).
#include <benchmark/benchmark.h>

#include <random>
#include <rapport/policy.hpp>
#include <rapport/replay.hpp>
#include <sstream>
#include <streambuf>
#include <string>

namespace {

/// A stream buffer that counts and discards what is written, so the benchmark measures replay, not I/O.
class NullBuffer : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

/// A log of `messages` messages among `people` people, in time order: most messages go to a
/// person's few regular contacts, and replies follow messages, as in real chat and mail.
std::string synthetic_log(std::size_t messages, std::uint32_t people) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::uint32_t> anyone(0, people - 1);
  std::uniform_int_distribution<std::uint32_t> near(1, 20);
  std::bernoulli_distribution reply(0.5);
  std::string log;
  log.reserve(messages * 24);
  long long t = 1'600'000'000;
  std::uint32_t last_src = 0, last_dst = 1;
  for (std::size_t i = 0; i < messages; ++i) {
    std::uint32_t src, dst;
    if (i > 0 && reply(rng)) {
      src = last_dst;
      dst = last_src;
    } else {
      src = anyone(rng);
      dst = (src + near(rng)) % people;  // a regular contact
    }
    t += 30;
    log += std::to_string(src) + ' ' + std::to_string(dst) + ' ' + std::to_string(t) + '\n';
    last_src = src;
    last_dst = dst;
  }
  return log;
}

/// Replays the log of `state.range(0)` messages into a fresh network with `Learning::enabled` set to
/// `learning`. With learning on (the default policy), each message's features are kept until its answer
/// window has passed and then learned from; off, neither is done.
void replay(benchmark::State& state, bool learning) {
  const auto messages = static_cast<std::size_t>(state.range(0));
  const std::string log = synthetic_log(messages, 20'000);
  NullBuffer sink_buffer;
  std::ostream sink(&sink_buffer);
  rapport::Policy policy;
  policy.learning.enabled = learning;
  std::size_t learned = 0;
  for (auto _ : state) {
    std::istringstream in(log);
    rapport::Network network(policy);
    const rapport::ReplayStats stats = rapport::replay_message_log(in, "synthetic", sink, network);
    learned = stats.outcomes_learned;
    benchmark::DoNotOptimize(stats);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * messages));
  state.counters["outcomes_learned"] = static_cast<double>(learned);
}

/// Replay with the default policy: learning on.
void BM_Replay(benchmark::State& state) {
  replay(state, true);
}
BENCHMARK(BM_Replay)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

/// The same replay with learning off: what BM_Replay costs beyond it is the model's.
void BM_ReplayLearningOff(benchmark::State& state) {
  replay(state, false);
}
BENCHMARK(BM_ReplayLearningOff)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

}  // namespace
