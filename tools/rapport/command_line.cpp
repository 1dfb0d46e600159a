#include "command_line.hpp"

#include <memory>
#include <sstream>

namespace rapport::cli {
namespace {

constexpr std::size_t help_width = 100;

/// How an option reads in a usage line: "NETWORK", "[REQUESTS]", "-o OUT", "[--now TIME]", "[--dot]".
std::string usage_of(const CLI::Option& option) {
  std::string text = option.get_positional() ? option.get_name(true, false) : option.get_name(false, false);
  if (!option.get_positional() && !option.get_option_text().empty()) text += " " + option.get_option_text();
  return option.get_required() ? text : "[" + text + "]";
}

/// Appends `words` to `out`, whose last line is `column` wide, one space apart; a word that would pass
/// `help_width` starts a new line indented to `indent`.
std::string wrapped(std::string out, std::size_t column, std::size_t indent,
                    const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    if (column > indent && column + 1 + word.size() > help_width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    }
    if (column > indent) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out + "\n";
}

}  // namespace

HelpFormatter::HelpFormatter() {
  label("Positionals", "arguments");
  column_width(22);
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  return option->get_option_text().empty() ? "" : " " + option->get_option_text();
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  std::string out = "  " + make_option_name(option, is_positional) + make_option_opts(option);
  out += out.size() < column_width_ ? std::string(column_width_ - out.size(), ' ')
                                    : "\n" + std::string(column_width_, ' ');
  std::vector<std::string> words;
  std::istringstream text(option->get_description());
  for (std::string word; text >> word;) words.push_back(word);
  return wrapped(std::move(out), column_width_, column_width_, words);
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  if (!app->get_subcommands({}).empty()) return "usage: " + name + " COMMAND [ARGS...]\n";
  std::vector<std::string> words;
  for (const CLI::Option* option : app->get_options([](const CLI::Option* o) { return o->get_positional(); }))
    words.push_back(usage_of(*option));
  for (const CLI::Option* option : app->get_options([app](const CLI::Option* o) {
         return o->nonpositional() && o != app->get_help_ptr() && o != app->get_version_ptr();
       }))
    words.push_back(usage_of(*option));
  const std::string lead = "usage: " + name + " ";
  return wrapped(lead, lead.size(), lead.size(), words);
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
  std::ostringstream out;
  out << make_usage(app, name) << '\n';
  if (app->get_parent() == nullptr)
    out << app->get_description() << make_groups(app, mode) << make_subcommands(app, mode)
        << app->get_footer();
  else
    out << app->get_footer() << make_positionals(app) << make_groups(app, mode);
  return out.str();
}

CLI::App& add_command(CLI::App& rapport, const std::string& name, const std::string& summary,
                      std::string description) {
  CLI::App& command = *rapport.add_subcommand(name, summary);
  command.footer(std::move(description));
  command.group("commands");
  command.formatter(rapport.get_formatter());
  command.set_help_flag("-h,--help", "print this help and exit");
  return command;
}

void add_policy_option(CLI::App& command, std::optional<std::string>& policy, const std::string& what) {
  command.add_option("--policy", policy, what)->option_text("FILE");
}

void add_now_option(CLI::App& command, std::optional<std::string>& now) {
  command.add_option("--now", now, "RFC 3339 time or unix seconds (default: the latest time in the inputs)")
      ->option_text("TIME");
}

void add_network_out_option(CLI::App& command, std::string& out) {
  command.add_option("-o", out, "where to write the network ('-': standard output)")
      ->required()
      ->option_text("OUT");
}

void add_owner_option(CLI::App& command, std::optional<std::string>& owner, const std::string& what) {
  command.add_option("--owner", owner, "whose " + what + " (default: the only member with channels)")
      ->option_text("HANDLE");
}

void add_format_option(CLI::App& command, Format& format, bool csv) {
  const std::string choices = csv ? "table, json or csv" : "table or json";
  command
      .add_option_function<std::string>(
          "--format",
          [&format, csv, choices](const std::string& text) {
            if (text == "table")
              format = Format::table;
            else if (text == "json")
              format = Format::json;
            else if (text == "csv" && csv)
              format = Format::csv;
            else
              throw CLI::ValidationError("--format", "expected " + choices + " (got '" + text + "')");
          },
          csv ? "table (default), json, or csv (one row per request, RFC 4180)" : "table (default) or json")
      ->option_text(csv ? "table|json|csv" : "table|json");
}

void add_common_options(CLI::App& command, CommonOptions& options, const std::string& what, bool csv) {
  add_owner_option(command, options.owner, what);
  add_policy_option(command, options.policy, "use this policy (its decay must match the network's)");
  add_now_option(command, options.now);
  add_format_option(command, options.format, csv);
}

std::string usage_message(const CLI::ParseError& error, const CLI::App& command) {
  const bool extras = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr;
  // An argument found missing after an unknown option is the option's doing (CLI11 checks what is
  // required first): the option is named instead.
  const bool missing = dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
  if (extras || missing) {
    // Words after "--" are arguments even when they start with a dash; CLI11 lists the marker itself.
    for (const CLI::App* app : {&command, command.get_parent()}) {
      if (app == nullptr) continue;
      bool arguments_only = false;
      for (const std::string& word : app->remaining()) {
        if (word == "--" && !arguments_only) {
          arguments_only = true;
          continue;
        }
        if (!arguments_only && word.size() > 1 && word[0] == '-') return "unknown option " + word;
        if (extras) return "unexpected argument " + word;
      }
    }
  }
  const std::string what = error.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    // TypedAtLeast: "--now: 1 required TEXT missing"; FlagOverride: "dot was given a disallowed flag
    // override".
    if (what.ends_with(" missing")) return what.substr(0, what.find(':')) + " needs a value";
    if (what.ends_with(" flag override")) return "--" + what.substr(0, what.find(' ')) + " takes no value";
  }
  return what;
}

}  // namespace rapport::cli
