// `rapport replay`: score a real message history as it happened.
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <rapport/io.hpp>
#include <rapport/replay.hpp>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "text.hpp"

namespace rapport::cli {
namespace {

struct ReplayOptions {
  std::string log;
  std::optional<std::string> policy;
  bool no_learning = false;
  std::string out = "-";
};

/// Tells what replay let pass in `log`, a line for each kind, naming the first such line in the file.
void report_lines_let_pass(std::string_view log, const ReplayStats& stats, std::chrono::days max_lateness) {
  const auto at_line = [&](std::size_t line) -> std::ostream& {
    return std::cerr << "replay: " << log << ':' << line << ": ";
  };
  const auto and_more = [](std::size_t n) {  // the lines after the first
    if (n > 1) std::cerr << ", here and on " << plural(n - 1, "more line");
  };
  if (const std::size_t n = stats.lines_with_extra_fields; n > 0) {
    at_line(stats.first_line_with_extra_fields) << "fields after src dst ts ignored";
    and_more(n);
    std::cerr << '\n';
  }
  if (const std::size_t n = stats.messages_out_of_order; n > 0) {
    at_line(stats.first_out_of_order_line)
        << "ts earlier than line " << stats.first_out_of_order_behind << "'s";
    if (n > 1)
      std::cerr << "; " << plural(n - 1, "more line") << (n == 2 ? " is" : " are") << " out of time order";
    std::cerr << (n == 1 ? ": it was scored against history later than its own ts"
                         : ": such messages were scored against history later than their own ts")
              << "; sort the log by ts (sort -s -n -k3,3) to replay it as it happened\n";
  }
  if (const std::size_t n = stats.stale_messages; n > 0) {
    at_line(stats.first_stale_line) << "more than "
                                    << plural(static_cast<std::size_t>(max_lateness.count()), "day")
                                    << " (decay.max_lateness) before its pair's latest message";
    and_more(n);
    std::cerr << ": scored, not recorded\n";
  }
}

int run_replay(const ReplayOptions& options) {
  Policy policy;
  if (options.policy) {
    Input in(*options.policy);
    policy = load_policy(in.stream(), in.name());
  }
  if (options.no_learning) policy.learning.enabled = false;
  std::vector<std::string> inputs{options.log};
  if (options.policy) inputs.push_back(*options.policy);
  refuse_output_onto_input(options.out, inputs);
  Input log(options.log);
  OutputFile out(options.out);
  // A large log draws its progress bar through `Input`, as every large input does.
  Network network(policy);
  const ReplayStats stats = replay_message_log(log.stream(), log.name(), out.stream(), network);
  out.commit();
  std::cerr << "replay: " << plural(stats.messages, "message") << " scored, "
            << plural(stats.self_messages, "self-message") << " skipped, " << plural(stats.members, "member")
            << ", " << plural(stats.outcomes_learned, "outcome") << " learned\n";
  report_lines_let_pass(log.name(), stats, policy.decay.max_lateness);
  return 0;
}

}  // namespace

Runner add_replay(CLI::App& rapport) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App& command = add_command(
      rapport, "replay", "score a message log as it happened, one CSV row per message",
      "Replays a message log in the SNAP temporal format ('src dst unix_seconds' per line, any further\n"
      "fields ignored; '#' and '%' lines are comments) in file order: each message is scored as a\n"
      "request from src to dst against the network as it was before it, written as a CSV row\n"
      "  src,dst,ts,total,relevance,context,load,reciprocity,learned\n"
      "and then recorded. Each message is also an outcome to learn from: answered if its recipient\n"
      "writes back within a week, learned once that week has passed. Streams. Messages out of time\n"
      "order are reported, and a message more than decay.max_lateness older than its pair's latest\n"
      "is scored but not recorded.\n");
  command.add_option("LOG", options->log, "the message log ('-': standard input)")->required();
  add_policy_option(command, options->policy,
                    "the policy to build the network with (default: the built-in one)");
  command.add_flag("--no-learning", options->no_learning,
                   "score with the formula alone, as if no outcome were known (learned = total)");
  command.add_option("-o", options->out, "write the rows here instead of standard output")
      ->option_text("CSV");
  return [options] { return run_replay(*options); };
}

}  // namespace rapport::cli
