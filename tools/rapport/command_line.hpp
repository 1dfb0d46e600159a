#ifndef RAPPORT_CLI_COMMAND_LINE_HPP
#define RAPPORT_CLI_COMMAND_LINE_HPP

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

namespace rapport::cli {

/// What a subcommand runs once its command line is parsed: its exit status.
using Runner = std::function<int()>;

/// How a command prints its result.
enum class Format { table, json, csv };

/// The options the overload commands share, each empty when not given.
struct CommonOptions {
  std::optional<std::string> policy;
  std::optional<std::string> now;
  std::optional<std::string> owner;
  Format format = Format::table;
};

/// Help in the tool's own layout: "usage: rapport COMMAND ARGS [--option VALUE]", the prose, then the
/// arguments and options, one a line, wrapped to 100 columns.
class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
};

/// A subcommand of `rapport` with the tool's help layout and `-h, --help`: `summary` is its line in
/// `rapport --help`, `description` its help's prose (kept as the subcommand's footer, which CLI11 has
/// no other use for here).
CLI::App& add_command(CLI::App& rapport, const std::string& name, const std::string& summary,
                      std::string description);

/// `--policy FILE`: the policy to put in force.
void add_policy_option(CLI::App& command, std::optional<std::string>& policy, const std::string& what);
/// `--now TIME`.
void add_now_option(CLI::App& command, std::optional<std::string>& now);
/// `-o OUT`, required: where a command that makes a network writes it.
void add_network_out_option(CLI::App& command, std::string& out);
/// `--owner HANDLE`: whose point of view (`what`: "report", "plan").
void add_owner_option(CLI::App& command, std::optional<std::string>& owner, const std::string& what);
/// `--format table|json`, and `csv` too with `csv`.
void add_format_option(CLI::App& command, Format& format, bool csv);
/// `--policy`, `--now`, `--owner` and `--format` at once.
void add_common_options(CLI::App& command, CommonOptions& options, const std::string& what, bool csv);

/// The message for a command line CLI11 rejected, in the tool's words: "unknown option --force",
/// "unexpected argument b.json", "--now needs a value", else CLI11's own.
std::string usage_message(const CLI::ParseError& error, const CLI::App& command);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_COMMAND_LINE_HPP
