#include "commands.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <numeric>
#include <rapport/io.hpp>
#include <rapport/json/text.hpp>
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

/// Prints one CSV row per request, ranked; the columns are in docs/formats.md ("Tool outputs").
void print_triage_csv(std::ostream& out, const Network& net, const std::vector<Request>& requests,
                      const std::vector<Score>& scores, const std::vector<std::size_t>& order) {
  out << csv_row({"rank", "id", "requester", "kind", "channels", "total", "relevance", "context", "load",
                  "reciprocity", "decision", "slot", "reason_code", "reason"});
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const Request& r = requests[order[rank]];
    const Score& s = scores[order[rank]];
    out << csv_row({std::to_string(rank + 1), r.id, r.requester, std::string(to_string(r.kind)),
                    joined(r.channels, ","), shortest(s.total), shortest(s.relevance),
                    shortest(s.prior_context), shortest(s.audience_load), shortest(s.reciprocity),
                    std::string(to_string(s.decision)), s.slot ? to_rfc3339(*s.slot).value_or("") : "",
                    s.reasons.empty() ? "" : std::string(to_string(s.reasons[0].code)),
                    s.reasons.empty() ? "" : describe(s.reasons[0], net)});
  }
}

void print_triage_table(std::ostream& out, const Network& net, const std::vector<Request>& requests,
                        const std::vector<Score>& scores, const std::vector<std::size_t>& order,
                        Timestamp now) {
  Table table(
      {"#", "requester", "kind", "channel", "total", "rel", "ctx", "load", "recip", "decision", "reason"});
  std::vector<std::string_view> colours;
  const bool colour = colour_on(stdout);
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
  out << "Triage at " << day_text(now) << " (" << plural(requests.size(), "request") << ")\n"
      << table.render(colour, colours);
}

struct TriageOptions {
  std::string network, requests;
  CommonOptions common;
  std::optional<std::string> explain;
};

int run_triage(const TriageOptions& options) {
  const Network net = load_network_with_policy(options.network, options.common.policy);
  const std::vector<Request> requests = load_request_file(options.requests, net);
  const Timestamp now = now_from(options.common.now, net, requests);
  const std::vector<Score> scores = score_all(net, requests, now);

  // Highest total first; equal totals keep the file's order.
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a].total > scores[b].total; });

  if (const auto& handle = options.explain) {
    // A member's requests are its own whichever of its keys they and the option name.
    const auto member = net.find_member(*handle);
    const auto from_handle = [&](const Request& r) {
      return r.requester == *handle || (member && net.find_member(r.requester) == member);
    };
    bool found = false;
    for (const std::size_t i : order)
      if (from_handle(requests[i])) {
        if (found) std::cout << '\n';
        explain(std::cout, net, requests[i], scores[i], colour_on(stdout));
        found = true;
      }
    if (!found) throw InputError("--explain: no request from '" + *handle + "'");
    return 0;
  }
  switch (options.common.format) {
    case Format::json:
      save_results(net, requests, scores, now, std::cout);
      break;
    case Format::csv:
      print_triage_csv(std::cout, net, requests, scores, order);
      break;
    case Format::table:
      print_triage_table(std::cout, net, requests, scores, order, now);
      break;
  }
  return 0;
}

struct ApplyOptions {
  std::string network, events, out;
};

int run_apply(const ApplyOptions& options) {
  refuse_output_onto_input(options.out, std::vector{options.network, options.events});
  Network net = [&] {
    Input in(options.network);
    return load_network(in.stream(), in.name());
  }();
  Input events(options.events);
  const AppliedEvents applied = apply_event_log(net, events.stream(), events.name());
  std::ostringstream buffer;
  save_network(net, buffer);
  write_output(options.out, buffer.str());
  std::cerr << "apply: " << applied.applied << " events applied, " << applied.skipped
            << " skipped as already in the network\n";
  return 0;
}

}  // namespace

Runner add_triage(CLI::App& rapport) {
  auto options = std::make_shared<TriageOptions>();
  CLI::App& command = add_command(
      rapport, "triage", "score pending requests and rank them, with reasons",
      "Scores every request in REQUESTS against the network snapshot NETWORK and prints them ranked by\n"
      "total: requester, kind, channels, the total and the four dimensions, the decision and its top\n"
      "reason.\n");
  command.add_option("NETWORK", options->network, "the network snapshot ('-': standard input)")->required();
  command.add_option("REQUESTS", options->requests, "the pending requests ('-': standard input)")->required();
  add_policy_option(command, options->common.policy, "use this policy (its decay must match the network's)");
  add_now_option(command, options->common.now);
  add_format_option(command, options->common.format, true);
  command
      .add_option("--explain", options->explain, "print every reason for the requests from HANDLE instead")
      ->option_text("HANDLE");
  return [options] { return run_triage(*options); };
}

Runner add_apply(CLI::App& rapport) {
  auto options = std::make_shared<ApplyOptions>();
  CLI::App& command = add_command(
      rapport, "apply", "apply an event log to a network snapshot",
      "Applies the event log EVENTS (JSON Lines) to the snapshot NETWORK and writes the result to OUT.\n"
      "All or nothing: on a bad line nothing is written. Interactions, posts and requests the network\n"
      "holds already (the same id, or without one the same content) are skipped, so applying a log\n"
      "twice changes nothing; standard error reports how many.\n");
  command.add_option("NETWORK", options->network, "the network snapshot ('-': standard input)")->required();
  command.add_option("EVENTS", options->events, "the event log ('-': standard input)")->required();
  add_network_out_option(command, options->out);
  return [options] { return run_apply(*options); };
}

}  // namespace rapport::cli
