// The `rapport` command-line tool: triage requests, report overload, plan, and more, on files.
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <rapport/error.hpp>
#include <rapport/version.hpp>
#include <string>
#include <utility>

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

namespace {

using rapport::cli::Runner;

/// "rapport 0.1.0": the first line help2man and `--version` readers expect.
std::string version_text() {
  return "rapport " + std::to_string(RAPPORT_VERSION_MAJOR) + "." + std::to_string(RAPPORT_VERSION_MINOR) +
         "." + std::to_string(RAPPORT_VERSION_PATCH);
}

/// "rapport" or "rapport triage": how messages about `command` start.
std::string path_of(const CLI::App& command) {
  return command.get_parent() == nullptr ? command.get_name()
                                         : path_of(*command.get_parent()) + " " + command.get_name();
}

/// A usage error: the message, the short usage and where the whole help is; exit status 2.
int usage_error(const CLI::App& command, const std::string& message) {
  const std::string path = path_of(command);
  std::cerr << path << ": " << message << "\n\n"
            << rapport::cli::HelpFormatter().make_usage(&command, path) << "Run '" << path
            << " --help' for the arguments and options.\n";
  return 2;
}

/// Runs the command; an error in the input is exit status 1, a command line it cannot take 2.
int run(const CLI::App& command, const Runner& runner) {
  try {
    return runner();
  } catch (const rapport::cli::UsageError& e) {
    return usage_error(command, e.what());
  } catch (const std::exception& e) {  // InputError, rapport::Error, and what the system throws
    std::cerr << path_of(command) << ": " << e.what() << '\n';
    return 1;
  }
}

/// `rapport help [COMMAND]`, the same as `rapport [COMMAND] --help`; not listed, as --help is the way.
void add_help_command(CLI::App& app, std::map<const CLI::App*, Runner>& runners) {
  CLI::App& help = *app.add_subcommand("help", "")->group("");
  auto name = std::make_shared<std::string>();
  help.add_option("COMMAND", *name);
  runners.emplace(&help, [&app, name] {
    const CLI::App* command = &app;
    if (!name->empty()) {
      const auto all =
          std::as_const(app).get_subcommands([&](const CLI::App* c) { return c->get_name() == *name; });
      if (all.empty()) throw rapport::cli::UsageError("unknown command '" + *name + "'");
      command = all.front();
    }
    std::cout << app.get_formatter()->make_help(command, path_of(*command), CLI::AppFormatMode::Normal);
    return 0;
  });
}

/// Parses the command line and runs the command it names.
int parse_and_run(CLI::App& app, const std::map<const CLI::App*, Runner>& runners, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << version_text() << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    const auto chosen = app.get_subcommands();
    if (!chosen.empty()) return usage_error(*chosen.front(), rapport::cli::usage_message(e, *chosen.front()));
    const auto words = app.remaining();
    if (!words.empty()) return usage_error(app, "unknown command '" + words.front() + "'");
    return usage_error(app, rapport::cli::usage_message(e, app));
  }
  const auto chosen = app.get_subcommands();
  if (chosen.empty()) return usage_error(app, "no command given");
  return run(*chosen.front(), runners.at(chosen.front()));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Scores promotion requests against a relationship graph, on files.\n", "rapport");
  app.formatter(std::make_shared<rapport::cli::HelpFormatter>());
  app.option_defaults()->group("options");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_version_flag("--version", version_text, "print the version and exit");
  app.require_subcommand(0, 1);
  app.footer(
      "\nRun 'rapport COMMAND --help' for a command's arguments and options. '-' for a file reads standard\n"
      "input; '--' ends the options. Colours go to a terminal only, and not with NO_COLOR set to any\n"
      "non-empty value, nor with TERM=dumb.\n\n"
      "Exit status: 0 ok, 1 bad input or a failed write, 2 usage.\n");
  std::map<const CLI::App*, Runner> runners;
  for (const auto add : {rapport::cli::add_triage, rapport::cli::add_report, rapport::cli::add_plan,
                         rapport::cli::add_attention, rapport::cli::add_apply, rapport::cli::add_graph,
                         rapport::cli::add_import, rapport::cli::add_replay}) {
    Runner runner = add(app);
    runners.emplace(std::as_const(app).get_subcommands([](const CLI::App*) { return true; }).back(),
                    std::move(runner));
  }
  add_help_command(app, runners);
  rapport::cli::StandardOutput out;
  const int status = parse_and_run(app, runners, argc, argv);
  try {
    out.close();
  } catch (const rapport::cli::InputError& e) {
    if (status != 0) return status;  // the command failed already, and said why
    const auto chosen = app.get_subcommands();
    std::cerr << path_of(chosen.empty() ? app : *chosen.front()) << ": " << e.what() << '\n';
    return 1;
  }
  return status;
}
