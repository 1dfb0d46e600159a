#include "commands.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <numeric>
#include <rapport/io.hpp>
#include <rapport/network.hpp>
#include <rapport/result_files.hpp>
#include <rapport/score.hpp>
#include <sstream>

#include "common.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "text.hpp"

namespace rapport::cli {
namespace {

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(sep)) + item;
  return out;
}

void explain(std::ostream& out, const Network& net, const Request& req, const Score& s, bool colour) {
  out << paint(req.id.empty() ? req.requester : req.id + " from " + req.requester, bold, colour) << ": "
      << paint(to_string(s.decision), decision_colour(s.decision), colour);
  if (s.slot) out << " until " << day_text(*s.slot);
  out << "  total " << fixed(s.total) << "\n  relevance " << fixed(s.relevance) << ", prior context "
      << fixed(s.prior_context) << ", audience load " << fixed(s.audience_load) << ", reciprocity "
      << fixed(s.reciprocity) << '\n';
  for (const Reason& r : s.reasons)
    out << "  - [" << to_string(r.dimension) << "] " << to_string(r.code) << ": " << describe(r, net) << '\n';
}

constexpr std::string_view triage_help =
    "usage: rapport triage NETWORK REQUESTS [--policy FILE] [--now TIME] [--format table|json]\n"
    "                      [--explain HANDLE]\n\n"
    "Scores every request in REQUESTS against the network snapshot NETWORK and prints them ranked by\n"
    "total: requester, kind, channels, the total and the four dimensions, the decision and its top\n"
    "reason. '-' reads standard input.\n\n"
    "  --policy FILE     use this policy (its decay must match the network's)\n"
    "  --now TIME        RFC 3339 time or unix seconds (default: the latest time in the inputs)\n"
    "  --format F        table (default) or json (a results file)\n"
    "  --explain HANDLE  print every reason for the requests from HANDLE instead of the table\n";

constexpr std::string_view apply_help =
    "usage: rapport apply NETWORK EVENTS -o OUT\n\n"
    "Applies the event log EVENTS (JSON Lines) to the snapshot NETWORK and writes the result to OUT\n"
    "('-' for standard output). All or nothing: on a bad line nothing is written. Interactions,\n"
    "posts and requests the network holds already (the same id, or without one the same content) are\n"
    "skipped, so applying a log twice changes nothing; standard error reports how many.\n";

constexpr std::string_view graph_help =
    "usage: rapport graph NETWORK --dot [--now TIME]\n\n"
    "Prints the relationship graph in Graphviz DOT: edges weighted by tie strength and coloured by\n"
    "reciprocity balance (green: they gave more, red: they took more). For example:\n"
    "  rapport graph net.json --dot | dot -Tsvg > net.svg\n\n"
    "  --now TIME  RFC 3339 time or unix seconds (default: the latest time in the inputs)\n";

}  // namespace

int run_triage(const std::vector<std::string>& argv) {
  const Args args(argv, {.min_positional = 2,
                         .max_positional = 2,
                         .options = {"--policy", "--now", "--format", "--explain"},
                         .flags = {}});
  const bool json = wants_json(args);
  const Network net = load_network_with_policy(args.positional()[0], args);
  const std::vector<Request> requests = load_request_file(args.positional()[1], net);
  const Timestamp now = now_from(args, net, requests);
  const std::vector<Score> scores = score_all(net, requests, now);

  // Highest total first; equal totals keep the file's order.
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a].total > scores[b].total; });

  if (const auto handle = args.option("--explain")) {
    // A member's requests are its own whichever of its keys they and the option name.
    const auto member = net.find_member(*handle);
    const auto from_handle = [&](const Request& r) {
      return r.requester == *handle || (member && net.find_member(r.requester) == member);
    };
    bool found = false;
    for (const std::size_t i : order)
      if (from_handle(requests[i])) {
        if (found) std::cout << '\n';
        explain(std::cout, net, requests[i], scores[i], is_terminal(stdout));
        found = true;
      }
    if (!found) throw InputError("--explain: no request from '" + *handle + "'");
    return 0;
  }
  if (json) {
    save_results(net, requests, scores, now, std::cout);
    return 0;
  }
  Table table(
      {"#", "requester", "kind", "channel", "total", "rel", "ctx", "load", "recip", "decision", "reason"});
  std::vector<std::string_view> colours;
  const bool colour = is_terminal(stdout);
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const Request& r = requests[order[rank]];
    const Score& s = scores[order[rank]];
    std::string decision(to_string(s.decision));
    if (s.slot) decision.append(" ").append(day_text(*s.slot));
    table.add({std::to_string(rank + 1), r.requester, std::string(to_string(r.kind)),
               r.channels.empty() ? "-" : joined(r.channels, ","), fixed(s.total), fixed(s.relevance),
               fixed(s.prior_context), fixed(s.audience_load), fixed(s.reciprocity), decision,
               s.reasons.empty() ? "" : describe(s.reasons[0], net)});
    colours.push_back(decision_colour(s.decision));
  }
  std::cout << "Triage at " << day_text(now) << " (" << plural(requests.size(), "request") << ")\n"
            << table.render(colour, colours);
  return 0;
}

int run_apply(const std::vector<std::string>& argv) {
  const Args args(argv, {.min_positional = 2, .max_positional = 2, .options = {"-o"}, .flags = {}});
  const auto out_path = args.option("-o");
  if (!out_path) throw UsageError("-o OUT is required");
  refuse_output_onto_input(*out_path, args.positional());
  Network net = [&] {
    Input in(args.positional()[0]);
    return load_network(in.stream(), in.name());
  }();
  Input events(args.positional()[1]);
  const AppliedEvents applied = apply_event_log(net, events.stream(), events.name());
  std::ostringstream buffer;
  save_network(net, buffer);
  write_output(*out_path, buffer.str());
  std::cerr << "apply: " << applied.applied << " events applied, " << applied.skipped
            << " skipped as already in the network\n";
  return 0;
}

int run_graph(const std::vector<std::string>& argv) {
  const Args args(argv, {.min_positional = 1, .max_positional = 1, .options = {"--now"}, .flags = {"--dot"}});
  if (!args.flag("--dot")) throw UsageError("only --dot output is supported; give --dot");
  const Network net = [&] {
    Input in(args.positional()[0]);
    return load_network(in.stream(), in.name());
  }();
  const Timestamp now = now_from(args, net);
  const auto quoted = [](std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + '"';
  };
  // neato places strong ties close (edge `len`), which reads better than dot's ranked tree for a
  // star-shaped personal network.
  std::cout
      << "graph rapport {\n  graph [layout=neato, overlap=false, splines=true, outputorder=edgesfirst];\n"
         "  node [shape=ellipse, style=filled, fillcolor=\"#f4f4f4\", fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (MemberId id = 0; id < net.member_count(); ++id) {
    const Member& m = net.member(id);
    const bool owner = !net.channels_of(id).empty();
    std::cout << "  " << quoted(m.handle) << " [label=" << quoted(m.name.empty() ? m.handle : m.name)
              << (owner ? ", shape=box, fillcolor=\"#ffe9a8\"" : "") << (m.strategic ? ", penwidth=2" : "")
              << (m.competitor ? ", fillcolor=\"#f3c1c1\"" : "") << "];\n";
  }
  for (MemberId a = 0; a < net.member_count(); ++a) {
    for (const MemberId b : net.contacts(a)) {
      if (b < a) continue;  // each pair once
      const Relationship ab = *net.relationship(a, b, now);
      const Relationship ba = *net.relationship(b, a, now);
      const double strength = std::max(ab.tie_strength, ba.tie_strength);
      // The favours exchanged, as the library decays them (`Relationship::received` and `given`),
      // from a's side: positive when b gave a more than a gave b. Asks and harm, which the reciprocity
      // dimension weighs as well, are not favours and stay out of the edge's colour.
      const double balance = ab.received - ab.given;
      const double t = std::tanh(balance);
      const int r = t < 0 ? 200 : static_cast<int>(200 * (1 - t));
      const int g = t > 0 ? 160 : static_cast<int>(160 * (1 + t));
      char colour[16];
      std::snprintf(colour, sizeof colour, "#%02x%02x%02x", r, g, 80);
      std::cout << "  " << quoted(net.member(a).handle) << " -- " << quoted(net.member(b).handle)
                << " [penwidth=" << fixed(0.5 + 4 * strength) << ", len=" << fixed(3.5 - 2.5 * strength)
                << ", weight=" << fixed(strength) << ", color=\"" << colour
                << "\", tooltip=" << quoted("tie " + fixed(strength) + ", balance " + fixed(balance))
                << "];\n";
    }
  }
  std::cout << "}\n";
  return 0;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {"triage", "score pending requests and rank them, with reasons", triage_help, run_triage},
      {"report", "the owner's overload report, with suggested actions", report_help_text(), run_report},
      {"plan", "decide all pending requests together, within every tolerance", plan_help_text(), run_plan},
      {"attention", "partners to reconnect with, and those you owe", attention_help_text(), run_attention},
      {"apply", "apply an event log to a network snapshot", apply_help, run_apply},
      {"graph", "print the relationship graph (Graphviz DOT)", graph_help, run_graph},
      {"import", "import a Mastodon account export as a network snapshot", import_help_text(), run_import},
      {"replay", "score a message log as it happened, one CSV row per message", replay_help_text(),
       run_replay},
  };
  return all;
}

}  // namespace rapport::cli
