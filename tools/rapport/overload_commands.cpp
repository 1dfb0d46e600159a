// `rapport report`, `rapport plan` and `rapport attention`: the overload side on files.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <rapport/attention.hpp>
#include <rapport/io.hpp>
#include <rapport/json/text.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/result_files.hpp>
#include <span>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "text.hpp"

namespace rapport::cli {
namespace {

std::string_view level_colour(Level level) {
  switch (level) {
    case Level::ok:
      return green;
    case Level::strained:
      return yellow;
    case Level::overloaded:
      return red;
  }
  return {};
}

/// The pins of `--pin`, given once or more, each a comma-separated list.
std::vector<Override> parse_pins(const std::vector<std::string>& items) {
  std::vector<Override> pins;
  for (const std::string& item : items) {
    const auto eq = item.find('=');
    const auto pin =
        eq == std::string::npos ? std::nullopt : pin_from_string(std::string_view(item).substr(eq + 1));
    if (!pin || eq == 0)
      throw UsageError("--pin takes ID=accept or ID=decline, comma-separated (got '" + item + "')");
    for (const Override& before : pins)
      if (before.request_id == item.substr(0, eq) && before.pin != *pin)
        throw UsageError("--pin: " + before.request_id + " is pinned both to accept and to decline");
    pins.push_back({item.substr(0, eq), *pin});
  }
  return pins;
}

/// Throws `InputError` for a pin that names no request of the file, which `plan_triage` would report
/// by its place in the list of overrides, a name the command line does not use.
void check_pins(std::span<const Override> pins, std::span<const Request> pending, const std::string& path) {
  for (const Override& pin : pins)
    if (std::none_of(pending.begin(), pending.end(),
                     [&](const Request& r) { return r.id == pin.request_id; }))
      throw InputError("--pin: no request in " + (path == "-" ? std::string("<stdin>") : path) +
                       " has this id (got '" + pin.request_id + "')");
}

/// Writes `net` to `path` with each pinned request recorded, if it was not, and the pin recorded as the
/// owner's decision on it at `now`: a pin is a correction the owner's model learns from.
void save_pins_learned(Network net, std::span<const Request> pending, std::span<const Override> pins,
                       Timestamp now, const std::string& path) {
  for (const Override& pin : pins) {
    const auto r = std::find_if(pending.begin(), pending.end(),
                                [&](const Request& q) { return q.id == pin.request_id; });
    if (r == pending.end()) continue;  // plan_triage refused it already
    net.record(*r);
    net.record(Outcome{.owner = r->owner,
                       .request_id = r->id,
                       .kind = pin.pin == Pin::accept ? OutcomeKind::accepted : OutcomeKind::declined,
                       .at = now});
  }
  std::ostringstream buffer;
  save_network(net, buffer);
  write_output(path, buffer.str());
}

/// Prints one CSV row per plan entry, in the plan's order; the columns are in docs/formats.md.
void print_plan_csv(std::ostream& out, const Network& net, const TriagePlan& plan,
                    std::span<const Request> pending) {
  out << csv_row({"id", "requester", "total", "decision", "pinned", "slot", "reason_code", "reason", "flip"});
  for (const PlanEntry& e : plan.entries) {
    const Request& r = pending[e.request];
    out << csv_row({r.id, r.requester, shortest(e.total), std::string(to_string(e.decision)),
                    e.pinned ? "true" : "false", e.slot ? to_rfc3339(*e.slot).value_or("") : "",
                    e.reasons.empty() ? "" : std::string(to_string(e.reasons[0].code)),
                    e.reasons.empty() ? "" : describe(e.reasons[0], net),
                    e.flip ? describe(*e.flip, net) : ""});
  }
}

void print_plan_table(std::ostream& out, const Network& net, MemberId owner, const TriagePlan& plan,
                      std::span<const Request> pending, Timestamp now) {
  const bool colour = colour_on(stdout);
  Table table({"id", "requester", "total", "decision", "slot", "reason", "would flip"});
  std::vector<std::string_view> colours;
  for (const PlanEntry& e : plan.entries) {
    const Request& r = pending[e.request];
    table.add({r.id, r.requester, fixed(e.total),
               std::string(to_string(e.decision)) + (e.pinned ? " (pinned)" : ""),
               e.slot ? day_text(*e.slot) : "", e.reasons.empty() ? "" : describe(e.reasons[0], net),
               e.flip ? describe(*e.flip, net) : ""});
    colours.push_back(decision_colour(e.decision));
  }
  out << "Triage plan for " << net.member(owner).name << " at " << day_text(now) << '\n'
      << table.render(colour, colours);
  for (const std::size_t i : plan.pin_overloads)
    out << paint("warning: ", yellow, colour) << "pinned " << pending[plan.entries[i].request].id
        << " overloads a channel or lands in a launch\n";
}

struct OverloadOptions {
  std::string network;
  std::optional<std::string> requests;
  CommonOptions common;
  std::vector<std::string> pins;
  std::optional<std::string> learn;
};

/// Prints the members the owner promoted most, with the number of promotions they are out of.
void print_promoted(const Network& net, const OverloadReport& report, bool colour) {
  if (report.promotions == 0) {
    std::cout << "\nNo promotions on your channels so far.\n";
    return;
  }
  if (report.promoted.empty()) {
    std::cout << '\n'
              << plural(report.promotions, "promotion")
              << " on your channels so far, none naming a member.\n";
    return;
  }
  std::size_t named = 0;
  for (const PromotedMember& m : report.promoted) named += m.promotions;
  std::cout << "\nMembers you promoted most (" << plural(report.promotions, "promotion")
            << " on your channels so far";
  // Only the top of the list is kept, so the rest is known to name no member only when all are listed.
  if (report.promoted.size() < OverloadReport::most_promoted && named < report.promotions)
    std::cout << ", " << report.promotions - named << " naming no member";
  std::cout << "):\n";
  Table table({"member", "promotions", "share", "latest"});
  for (const PromotedMember& m : report.promoted)
    table.add(
        {net.member(m.member).name, std::to_string(m.promotions),
         fixed(100.0 * static_cast<double>(m.promotions) / static_cast<double>(report.promotions), 0) + "%",
         day_text(m.last)});
  std::cout << table.render(colour);
}

/// Prints the owner's topics, heaviest first, with their weights when they differ.
void print_topics(const Topics& topics) {
  constexpr std::size_t shown = 10;
  if (topics.empty()) return;
  std::vector<Topic> order(topics.begin(), topics.end());
  std::stable_sort(order.begin(), order.end(),
                   [](const Topic& a, const Topic& b) { return a.weight > b.weight; });
  const bool weighted = order.front().weight != order.back().weight;
  std::cout << "\nYour topics" << (weighted ? ", heaviest first: " : ": ");
  for (std::size_t i = 0; i < std::min(shown, order.size()); ++i) {
    char weight[32];
    std::snprintf(weight, sizeof weight, " (%g)", order[i].weight);
    std::cout << (i ? ", " : "") << order[i].path << (weighted ? weight : "");
  }
  if (order.size() > shown) std::cout << " and " << order.size() - shown << " more";
  std::cout << ".\n";
}

int run_report(const OverloadOptions& options) {
  const Network net = load_network_with_policy(options.network, options.common.policy);
  const std::vector<Request> pending =
      options.requests ? load_request_file(*options.requests, net) : std::vector<Request>{};
  const MemberId owner = owner_from(options.common.owner, net);
  const Timestamp now = now_from(options.common.now, net, pending);
  const OverloadReport report = overload_report(net, owner, pending, now);
  if (options.common.format == Format::json) {
    std::cout << to_json_text(report_to_json(net, owner, report, pending, now)) << '\n';
    return 0;
  }
  const bool colour = colour_on(stdout);
  std::cout << "Overload report for " << net.member(owner).name << " at " << day_text(now) << ": "
            << paint(to_string(report.level), level_colour(report.level), colour) << '\n';
  Table table({"signal", "level", "figure", "limit", "detail"});
  std::vector<std::string_view> colours;
  for (const Signal& s : report.signals) {
    table.add({std::string(to_string(s.kind)), std::string(to_string(s.level)), fixed(s.value),
               fixed(s.limit), describe(s, net)});
    colours.push_back(level_colour(s.level));
  }
  std::cout << table.render(colour, colours);
  // Several signals may suggest the same action; say each once, in the order first suggested.
  std::vector<std::string> said;
  for (const Signal& s : report.signals)
    for (const Action& a : s.actions) {
      std::string text = describe(a, net, pending);
      if (std::find(said.begin(), said.end(), text) != said.end()) continue;
      if (said.empty()) std::cout << "\nSuggested actions:\n";
      std::cout << "  - " << text << '\n';
      said.push_back(std::move(text));
    }
  print_promoted(net, report, colour);
  print_topics(net.member(owner).topics);
  return 0;
}

int run_plan(const OverloadOptions& options) {
  if (options.learn) {
    std::vector<std::string> inputs{options.network, *options.requests};
    if (options.common.policy) inputs.push_back(*options.common.policy);
    refuse_output_onto_input(*options.learn, inputs);
  }
  const Network net = load_network_with_policy(options.network, options.common.policy);
  const std::vector<Request> pending = load_request_file(*options.requests, net);
  const MemberId owner = owner_from(options.common.owner, net);
  const Timestamp now = now_from(options.common.now, net, pending);
  const std::vector<Override> pins = parse_pins(options.pins);
  check_pins(pins, pending, *options.requests);
  const TriagePlan plan = plan_triage(net, owner, pending, now, pins);
  if (options.learn) save_pins_learned(net, pending, pins, now, *options.learn);
  switch (options.common.format) {
    case Format::json:
      std::cout << to_json_text(plan_to_json(net, owner, plan, pending, now)) << '\n';
      break;
    case Format::csv:
      print_plan_csv(std::cout, net, plan, pending);
      break;
    case Format::table:
      print_plan_table(std::cout, net, owner, plan, pending, now);
      break;
  }
  return 0;
}

int run_attention(const OverloadOptions& options) {
  const Network net = load_network_with_policy(options.network, options.common.policy);
  const MemberId owner = owner_from(options.common.owner, net);
  const Timestamp now = now_from(options.common.now, net);
  const AttentionList list = attention_list(net, owner, now);
  if (options.common.format == Format::json) {
    std::cout << to_json_text(attention_to_json(net, owner, list, now)) << '\n';
    return 0;
  }
  const bool colour = colour_on(stdout);
  std::cout << "Reconnect with (strategic partners past their cadence) at " << day_text(now) << ":\n";
  Table overdue({"partner", "last meaningful contact", "days", "cadence", "overdue"});
  for (const OverduePartner& p : list.overdue)
    overdue.add({net.member(p.member).name, p.last_meaningful ? day_text(*p.last_meaningful) : "never",
                 fixed(p.days_since, 0), fixed(p.cadence_days, 0), fixed(p.overdue) + "x"});
  std::cout << (list.overdue.empty() ? "  nobody\n" : overdue.render(colour));
  std::cout << "\nGive before you ask again (you took more than you gave):\n";
  Table owed({"partner", "you gave", "you took", "your asks", "last meaningful contact"});
  for (const OwedPartner& p : list.owed)
    owed.add({net.member(p.member).name, fixed(p.gave, 1), fixed(p.took, 1), fixed(p.asks, 1),
              p.last_meaningful ? day_text(*p.last_meaningful) : "never"});
  std::cout << (list.owed.empty() ? "  nobody\n" : owed.render(colour));
  return 0;
}

}  // namespace

Runner add_report(CLI::App& rapport) {
  auto options = std::make_shared<OverloadOptions>();
  CLI::App& command = add_command(
      rapport, "report", "the owner's overload report, with suggested actions",
      "The owner's overload report: request inflow, promotions per channel, relationships per Dunbar\n"
      "layer, strategic partners past their cadence, launch windows and energy, each ok / strained /\n"
      "overloaded with its figures and suggested actions. With REQUESTS, actions name pending requests\n"
      "to defer or decline. Then the members you promoted most, and your topics.\n");
  command.add_option("NETWORK", options->network, "the network snapshot ('-': standard input)")->required();
  command.add_option("REQUESTS", options->requests, "the pending requests ('-': standard input)");
  add_common_options(command, options->common, "report", false);
  return [options] { return run_report(*options); };
}

Runner add_plan(CLI::App& rapport) {
  auto options = std::make_shared<OverloadOptions>();
  CLI::App& command = add_command(
      rapport, "plan", "decide all pending requests together, within every tolerance",
      "Decides every pending request together: accept now, defer to a named slot, decline or counter,\n"
      "so that no channel exceeds its tolerance in any week and nothing lands in a launch. Declined and\n"
      "deferred requests say what would flip them. --pin overrides decisions; a pinned accept that\n"
      "overloads a channel is reported.\n");
  command.add_option("NETWORK", options->network, "the network snapshot ('-': standard input)")->required();
  command.add_option("REQUESTS", options->requests, "the pending requests ('-': standard input)")->required();
  add_common_options(command, options->common, "plan", true);
  command
      .add_option("--pin", options->pins,
                  "decide request ID as D (accept or decline) whatever its score; comma-separated, or "
                  "given again")
      ->option_text("ID=D,...")
      ->delimiter(',');
  command
      .add_option("--learn", options->learn,
                  "also write NETWORK to OUT with the pins recorded as your decisions (accepted or "
                  "declined), so that your learned taste takes them into account")
      ->option_text("OUT");
  return [options] { return run_plan(*options); };
}

Runner add_attention(CLI::App& rapport) {
  auto options = std::make_shared<OverloadOptions>();
  CLI::App& command = add_command(
      rapport, "attention", "partners to reconnect with, and those you owe",
      "Strategic partners past their contact cadence, most overdue first, with the last meaningful\n"
      "interaction; and the partners you have taken more from than you gave.\n");
  command.add_option("NETWORK", options->network, "the network snapshot ('-': standard input)")->required();
  add_common_options(command, options->common, "list", false);
  return [options] { return run_attention(*options); };
}

}  // namespace rapport::cli
