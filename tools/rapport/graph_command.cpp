// `rapport graph`: the owner's strongest ties, for Graphviz.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <rapport/io.hpp>
#include <rapport/network.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "text.hpp"

namespace rapport::cli {
namespace {

struct GraphOptions {
  std::string network;
  bool dot = false;
  std::optional<std::string> now, owner;
  std::size_t top = 60;
};

/// Up to this many members neato's stress layout, which honours each edge's `len`, takes about a
/// second; above it, sfdp's multilevel layout scales. Edges are curved, not routed around nodes
/// (splines=true): routing was what took neato minutes on a 700-member star.
constexpr std::size_t neato_limit = 300;

/// Names in every script: a CJK font first (it covers Latin too), then the generic family Graphviz's
/// font lookup and an SVG viewer fall back to.
constexpr std::string_view font = "\"Noto Sans CJK JP,sans-serif\"";

std::string dot_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string html_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

/// The colour of a balance of favours (received - given, from the owner's side): green when the other
/// gave more, red when they took more, ochre when even.
std::string balance_colour(double balance) {
  const double t = std::tanh(balance);
  const int r = t < 0 ? 200 : static_cast<int>(200 * (1 - t));
  const int g = t > 0 ? 160 : static_cast<int>(160 * (1 + t));
  char colour[16];
  std::snprintf(colour, sizeof colour, "#%02x%02x%02x", r, g, 80);
  return colour;
}

double strength_between(const Network& net, MemberId a, MemberId b, Timestamp now) {
  return std::max(net.relationship(a, b, now)->tie_strength, net.relationship(b, a, now)->tie_strength);
}

/// The owner and its `top` strongest ties (all with 0), strongest first; equal ties in handle order.
std::vector<MemberId> shown_members(const Network& net, MemberId owner, std::size_t top, Timestamp now) {
  std::vector<std::pair<double, MemberId>> ties;
  for (const MemberId b : net.contacts(owner)) ties.emplace_back(strength_between(net, owner, b, now), b);
  std::sort(ties.begin(), ties.end(), [&](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : net.handle(x.second) < net.handle(y.second);
  });
  if (top != 0 && ties.size() > top) ties.resize(top);
  std::vector<MemberId> shown{owner};
  for (const auto& tie : ties) shown.push_back(tie.second);
  return shown;
}

/// What width, colour, shape and outline mean, as the graph's label under the picture.
std::string legend(const Network& net, MemberId owner, std::size_t shown, std::size_t ties) {
  const auto row = [](std::string_view key, std::string_view meaning) {
    return "<tr><td align=\"left\">" + std::string(key) + "</td><td align=\"left\">" + std::string(meaning) +
           "</td></tr>";
  };
  const Member me = net.member(owner);
  const std::string name = html_escaped(me.name.empty() ? me.handle : me.name);
  return "<<table border=\"0\" cellspacing=\"2\"><tr><td align=\"left\" colspan=\"2\"><b>" + name + "'s " +
         std::to_string(shown) + " strongest ties of " + std::to_string(ties) + "</b></td></tr>" +
         row("line width", "tie strength: thin weak, thick strong") +
         row("line colour", "favours: <font color=\"" + balance_colour(8) +
                                "\">they gave more</font>, <font color=\"" + balance_colour(0) +
                                "\">even</font>, <font color=\"" + balance_colour(-8) +
                                "\">they took more</font>") +
         row("box", "a member with channels (the owner)") + row("thick outline", "strategic partner") +
         row("pink", "competitor") + "</table>>";
}

void print_nodes(std::ostream& out, const Network& net, const std::vector<MemberId>& shown) {
  for (const MemberId id : shown) {
    const Member& m = net.member(id);
    const bool owner = !net.channels_of(id).empty();
    out << "  " << dot_string(m.handle) << " [label=" << dot_string(m.name.empty() ? m.handle : m.name)
        << (owner ? ", shape=box, fillcolor=\"#ffe9a8\"" : "") << (m.strategic ? ", penwidth=2" : "")
        << (m.competitor ? ", fillcolor=\"#f3c1c1\"" : "") << "];\n";
  }
}

void print_edges(std::ostream& out, const Network& net, const std::vector<MemberId>& shown, Timestamp now) {
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const MemberId a = shown[i];
    const std::vector<MemberId> contacts = net.contacts(a);
    for (std::size_t j = i + 1; j < shown.size(); ++j) {
      const MemberId b = shown[j];
      if (std::find(contacts.begin(), contacts.end(), b) == contacts.end()) continue;
      const Relationship ab = *net.relationship(a, b, now);
      const double strength = strength_between(net, a, b, now);
      // The favours exchanged, as the library decays them (`Relationship::received` and `given`),
      // from a's side: positive when b gave a more than a gave b. Asks and harm, which the reciprocity
      // dimension weighs as well, are not favours and stay out of the edge's colour.
      const double balance = ab.received - ab.given;
      out << "  " << dot_string(net.handle(a)) << " -- " << dot_string(net.handle(b))
          << " [penwidth=" << fixed(0.5 + 4 * strength) << ", len=" << fixed(3.5 - 2.5 * strength)
          << ", weight=" << fixed(strength) << ", color=\"" << balance_colour(balance)
          << "\", tooltip=" << dot_string("tie " + fixed(strength) + ", balance " + fixed(balance)) << "];\n";
    }
  }
}

/// Accepts a whole number, 0 or more: CLI11 would wrap "-1" round to a huge `std::size_t`.
CLI::Validator count_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t n = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (error == std::errc{} && end == text.data() + text.size() && !text.empty()) return {};
        return "expected a count, 0 or more (got '" + text + "')";
      },
      "N");
}

int run_graph(const GraphOptions& options) {
  if (!options.dot) throw UsageError("only --dot output is supported; give --dot");
  const Network net = [&] {
    Input in(options.network);
    return load_network(in.stream(), in.name());
  }();
  const MemberId owner = owner_from(options.owner, net);
  const Timestamp now = now_from(options.now, net);
  const std::vector<MemberId> shown = shown_members(net, owner, options.top, now);
  // A hand-written writer rather than Boost.Graph's write_graphviz_dp: that one quotes an HTML label
  // (the legend) as plain text and does not escape a backslash in a name.
  // neato places strong ties close (edge `len`), which reads better than dot's ranked tree for a
  // star-shaped personal network.
  const bool small = shown.size() <= neato_limit;
  std::cout << "graph rapport {\n  graph [layout=" << (small ? "neato, overlap=false" : "sfdp, overlap=prism")
            << ", splines=curved, outputorder=edgesfirst, fontname=" << font
            << ", labelloc=b, labeljust=l,\n         label="
            << legend(net, owner, shown.size() - 1, net.contacts(owner).size()) << "];\n"
            << "  node [shape=ellipse, style=filled, fillcolor=\"#f4f4f4\", fontname=" << font << "];\n"
            << "  edge [fontname=" << font << ", fontsize=9];\n";
  print_nodes(std::cout, net, shown);
  print_edges(std::cout, net, shown, now);
  std::cout << "}\n";
  return 0;
}

}  // namespace

Runner add_graph(CLI::App& rapport) {
  auto options = std::make_shared<GraphOptions>();
  CLI::App& command = add_command(
      rapport, "graph", "print the owner's strongest ties (Graphviz DOT)",
      "Prints the owner and its strongest ties in Graphviz DOT, with a legend: lines as wide as the tie\n"
      "is strong and coloured by the balance of favours (green: they gave more, red: they took more).\n"
      "The layout is chosen to finish in seconds at any size. For example:\n"
      "  rapport graph net.json --dot | dot -Tsvg > net.svg\n");
  command.add_option("NETWORK", options->network, "the network snapshot ('-': standard input)")->required();
  command.add_flag("--dot", options->dot, "print Graphviz DOT (the one output)")->disable_flag_override();
  add_owner_option(command, options->owner, "ties");
  command.add_option("--top", options->top, "show the owner's N strongest ties (default 60; 0: all)")
      ->option_text("N")
      ->check(count_validator());
  add_now_option(command, options->now);
  return [options] { return run_graph(*options); };
}

}  // namespace rapport::cli
