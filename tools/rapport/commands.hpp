#ifndef RAPPORT_CLI_COMMANDS_HPP
#define RAPPORT_CLI_COMMANDS_HPP

#include "command_line.hpp"

namespace rapport::cli {

// Each adds its subcommand to `rapport`, with its arguments and options, and returns what runs it once
// the command line is parsed. `rapport --help` lists them in the order `main` adds them.

Runner add_triage(CLI::App& rapport);
Runner add_report(CLI::App& rapport);
Runner add_plan(CLI::App& rapport);
Runner add_attention(CLI::App& rapport);
Runner add_apply(CLI::App& rapport);
Runner add_graph(CLI::App& rapport);
Runner add_import(CLI::App& rapport);
Runner add_replay(CLI::App& rapport);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_COMMANDS_HPP
