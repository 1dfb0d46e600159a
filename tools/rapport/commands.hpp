#ifndef RAPPORT_CLI_COMMANDS_HPP
#define RAPPORT_CLI_COMMANDS_HPP

#include <string>
#include <string_view>
#include <vector>

namespace rapport::cli {

/// One subcommand of the `rapport` tool.
struct Command {
  std::string_view name;
  std::string_view summary;  ///< one line for `rapport --help`
  std::string_view help;     ///< the whole text for `rapport NAME --help`
  int (*run)(const std::vector<std::string>& args);
};

/// Every subcommand, in the order `rapport --help` lists them.
const std::vector<Command>& commands();

int run_triage(const std::vector<std::string>& args);
int run_apply(const std::vector<std::string>& args);
int run_graph(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);
int run_plan(const std::vector<std::string>& args);
int run_attention(const std::vector<std::string>& args);
std::string_view report_help_text();
std::string_view plan_help_text();
std::string_view attention_help_text();
int run_import(const std::vector<std::string>& args);
std::string_view import_help_text();
int run_replay(const std::vector<std::string>& args);
std::string_view replay_help_text();

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_COMMANDS_HPP
