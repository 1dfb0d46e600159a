// `rapport replay`: score a real message history as it happened.
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

namespace rapport::cli {
namespace {

struct ReplayOptions {
  std::string log;
  std::optional<std::string> policy;
  bool no_learning = false;
  std::string out = "-";
};

/// Tells of `lines` lines of `log` that replay let pass, the first at `first`: "log.txt:2: what, here and
/// on 3 more lines", then what follows, if anything: "...: outcome".
void warn_lines(std::string_view log, std::size_t lines, std::size_t first, std::string_view what,
                std::string_view outcome) {
  if (lines == 0) return;
  std::cerr << "replay: " << log << ':' << first << ": " << what;
  if (lines > 1) std::cerr << ", here and on " << lines - 1 << (lines == 2 ? " more line" : " more lines");
  if (!outcome.empty()) std::cerr << ": " << outcome;
  std::cerr << '\n';
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
  std::cerr << "replay: " << stats.messages << " messages scored, " << stats.self_messages
            << " self-messages skipped, " << stats.members << " members, " << stats.outcomes_learned
            << " outcomes learned\n";
  warn_lines(log.name(), stats.lines_with_extra_fields, stats.first_line_with_extra_fields,
             "fields after src dst ts ignored", "");
  warn_lines(log.name(), stats.messages_out_of_order, stats.first_out_of_order_line,
             "ts before that of line " + std::to_string(stats.latest_line_above_it),
             "the log is not in time order, and such messages were scored against what came after them; "
             "sort it by ts (sort -s -n -k3,3) to replay it as it happened");
  const auto days = policy.decay.max_lateness.count();
  warn_lines(log.name(), stats.stale_messages, stats.first_stale_line,
             "more than " + std::to_string(days) + (days == 1 ? " day" : " days") +
                 " (decay.max_lateness) before its pair's latest message",
             "scored, not recorded");
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
      "order are reported; one more than decay.max_lateness before its pair's latest message is\n"
      "scored but not recorded.\n");
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
