// `rapport replay`: score a real message history as it happened.
#include <fstream>
#include <iostream>
#include <rapport/io.hpp>
#include <rapport/replay.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"

namespace rapport::cli {
namespace {

constexpr std::string_view replay_help =
    "usage: rapport replay LOG [--policy FILE] [--no-learning] [-o CSV]\n\n"
    "Replays a message log in the SNAP temporal format ('src dst unix_seconds' per line; '#' and '%'\n"
    "lines are comments) in file order: each message is scored as a request from src to dst against\n"
    "the network as it was before it, written as a CSV row\n"
    "  src,dst,ts,total,relevance,context,load,reciprocity,learned\n"
    "and then recorded. Each message is also an outcome to learn from: answered if its recipient\n"
    "writes back within a week, learned once that week has passed. Streams; '-' reads standard input.\n\n"
    "  --policy FILE    the policy to build the network with (default: the built-in one)\n"
    "  --no-learning    score with the formula alone, as if no outcome were known (learned = total)\n"
    "  -o CSV           write the rows here instead of standard output\n";

}  // namespace

std::string_view replay_help_text() {
  return replay_help;
}

int run_replay(const std::vector<std::string>& argv) {
  const Args args(
      argv,
      {.min_positional = 1, .max_positional = 1, .options = {"--policy", "-o"}, .flags = {"--no-learning"}});
  Policy policy;
  if (const auto path = args.option("--policy")) {
    Input in(*path);
    policy = load_policy(in.stream(), in.name());
  }
  if (args.flag("--no-learning")) policy.learning.enabled = false;
  const std::string out_path = args.option("-o").value_or("-");
  std::vector<std::string> inputs = args.positional();
  if (const auto path = args.option("--policy")) inputs.push_back(*path);
  refuse_output_onto_input(out_path, inputs);
  Input log(args.positional()[0]);
  OutputFile out(out_path);
  // A large log draws its progress bar through `Input`, as every large input does.
  Network network(policy);
  const ReplayStats stats = replay_message_log(log.stream(), log.name(), out.stream(), network);
  out.commit();
  std::cerr << "replay: " << stats.messages << " messages scored, " << stats.self_messages
            << " self-messages skipped, " << stats.members << " members, " << stats.outcomes_learned
            << " outcomes learned\n";
  return 0;
}

}  // namespace rapport::cli
