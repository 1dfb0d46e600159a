// `rapport import activitypub DIR -o OUT`: a Mastodon account export as a network snapshot.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <rapport/activitypub.hpp>
#include <rapport/io.hpp>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "text.hpp"

namespace rapport::cli {
namespace {

constexpr std::string_view import_help =
    "usage: rapport import activitypub DIR -o OUT [--policy FILE]\n\n"
    "Reads a Mastodon account export, unpacked in DIR (actor.json, outbox.json and, if present,\n"
    "likes.json), and writes a network snapshot to OUT ('-' for standard output). The account is the\n"
    "owner, with one channel, \"mastodon\": its posts are own posts there and its boosts promotions of the\n"
    "boosted account; replies and mentions are messages, likes are likes, and its hashtags, weighted by\n"
    "use, are its topics. What was read, and the activity types left out, go to standard error. The\n"
    "mapping is in docs/import.md.\n\n"
    "  --policy FILE  aggregate with this policy (its decay, and the channel's default tolerance)\n";

void print_summary(std::ostream& out, const ImportSummary& s, const std::string& dir) {
  out << "Imported " << s.owner << " from " << dir << "\n  channel " << s.channel << ": own posts " << s.posts
      << ", boosts of own posts " << s.own_boosts << ", boosts (promotions) " << s.boosts;
  if (s.unattributed_boosts > 0) out << ", of an unknown account " << s.unattributed_boosts;
  out << "\n  messages: replies " << s.replies;
  if (s.unattributed_replies > 0) out << ", to an unknown account " << s.unattributed_replies;
  out << "; mentions " << s.mentions << "; direct statuses " << s.direct << '\n';
  if (s.has_likes) {
    out << "  likes " << s.likes;
    if (s.likes_undated > 0) out << "; undated, put at the last activity " << s.likes_undated;
    if (s.unattributed_likes > 0) out << "; of an unknown account, skipped " << s.unattributed_likes;
    out << '\n';
  } else {
    out << "  likes: none (no likes.json)\n";
  }
  out << "  topics (hashtags) " << s.topics << '\n';
  if (s.followers)
    out << "  audience: " << fixed(*s.followers, 0) << " followers\n";
  else
    out << "  audience: unknown (actor.json links the followers without counting them), set to 0\n";
  if (!s.unknown_types.empty()) {
    out << "  not imported:";
    const char* sep = " ";
    for (const auto& [type, count] : s.unknown_types) {
      out << sep << type << ' ' << count;
      sep = ", ";
    }
    out << '\n';
  }
  if (s.last_activity) out << "  last activity " << to_rfc3339(*s.last_activity).value_or("?") << '\n';
}

}  // namespace

std::string_view import_help_text() {
  return import_help;
}

int run_import(const std::vector<std::string>& argv) {
  const Args args(argv,
                  {.min_positional = 2, .max_positional = 2, .options = {"-o", "--policy"}, .flags = {}});
  if (args.positional()[0] != "activitypub")
    throw UsageError("unknown source '" + args.positional()[0] + "'; the one supported is activitypub");
  const auto out_path = args.option("-o");
  if (!out_path) throw UsageError("-o OUT is required");
  // The export's files are read, not the directory: writing over one of them would destroy it.
  const std::filesystem::path export_dir(args.positional()[1]);
  std::vector<std::string> inputs{args.positional()[1]};
  for (const char* file : {"actor.json", "outbox.json", "likes.json"})
    inputs.push_back((export_dir / file).string());
  if (const auto policy_path = args.option("--policy")) inputs.push_back(*policy_path);
  refuse_output_onto_input(*out_path, inputs);
  Policy policy{};
  if (const auto policy_path = args.option("--policy")) {
    Input in(*policy_path);
    policy = load_policy(in.stream(), in.name());
  }
  const std::string& dir = args.positional()[1];
  const ActivityPubImport result = import_activitypub(dir, policy);
  std::ostringstream buffer;
  save_network(result.network, buffer);
  write_output(*out_path, buffer.str());
  print_summary(std::cerr, result.summary, dir);
  return 0;
}

}  // namespace rapport::cli
