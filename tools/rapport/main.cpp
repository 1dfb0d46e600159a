// The `rapport` command-line tool: triage requests, report overload, plan, and more, on files.
#include <exception>
#include <iostream>
#include <rapport/error.hpp>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: rapport COMMAND [ARGS...]\n\ncommands:\n";
  for (const auto& c : rapport::cli::commands())
    out << "  " << c.name << std::string(12 - c.name.size(), ' ') << c.summary << '\n';
  out << "\nRun 'rapport COMMAND --help' for a command's options. Exit status: 0 ok, 1 bad input, 2 usage.\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty()) {
    print_usage(std::cerr);
    return 2;
  }
  if (all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    print_usage(std::cout);
    return 0;
  }
  for (const auto& command : rapport::cli::commands()) {
    if (command.name != all[0]) continue;
    const std::vector<std::string> args(all.begin() + 1, all.end());
    for (const auto& a : args)
      if (a == "--help" || a == "-h") {
        std::cout << command.help;
        return 0;
      }
    try {
      return command.run(args);
    } catch (const rapport::cli::UsageError& e) {
      std::cerr << "rapport " << command.name << ": " << e.what() << "\n\n" << command.help;
      return 2;
    } catch (const rapport::cli::InputError& e) {
      std::cerr << "rapport " << command.name << ": " << e.what() << '\n';
      return 1;
    } catch (const rapport::Error& e) {
      std::cerr << "rapport " << command.name << ": " << e.what() << '\n';
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "rapport " << command.name << ": " << e.what() << '\n';
      return 1;
    }
  }
  std::cerr << "rapport: unknown command '" << all[0] << "'\n\n";
  print_usage(std::cerr);
  return 2;
}
