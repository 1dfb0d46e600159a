// `rapport import activitypub DIR -o OUT`: a Mastodon account export as a network snapshot.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
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

struct ImportOptions {
  std::string source, dir, out;
  std::optional<std::string> policy;
};

int run_import(const ImportOptions& options) {
  if (options.source != "activitypub")
    throw UsageError("unknown source '" + options.source + "'; the one supported is activitypub");
  // The export's files are read, not the directory: writing over one of them would destroy it.
  const std::filesystem::path export_dir(options.dir);
  std::vector<std::string> inputs{options.dir};
  for (const char* file : {"actor.json", "outbox.json", "likes.json"})
    inputs.push_back((export_dir / file).string());
  if (options.policy) inputs.push_back(*options.policy);
  refuse_output_onto_input(options.out, inputs);
  Policy policy{};
  if (options.policy) {
    Input in(*options.policy);
    policy = load_policy(in.stream(), in.name());
  }
  const ActivityPubImport result = import_activitypub(options.dir, policy);
  std::ostringstream buffer;
  save_network(result.network, buffer);
  write_output(options.out, buffer.str());
  print_summary(std::cerr, result.summary, options.dir);
  return 0;
}

}  // namespace

Runner add_import(CLI::App& rapport) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App& command = add_command(
      rapport, "import", "import a Mastodon account export as a network snapshot",
      "Reads a Mastodon account export (SOURCE activitypub), unpacked in DIR (actor.json, outbox.json\n"
      "and, if present, likes.json), and writes a network snapshot to OUT. The account is the owner,\n"
      "with one channel, \"mastodon\": its posts are own posts there and its boosts promotions of the\n"
      "boosted account; replies and mentions are messages, likes are likes, and its hashtags, weighted by\n"
      "use, are its topics. What was read, and the activity types left out, go to standard error. The\n"
      "mapping is in docs/import.md.\n");
  command.add_option("SOURCE", options->source, "the kind of export: activitypub, the one supported")
      ->required();
  command.add_option("DIR", options->dir, "the unpacked export")->required();
  add_network_out_option(command, options->out);
  add_policy_option(command, options->policy,
                    "aggregate with this policy (its decay, and the channel's default tolerance)");
  return [options] { return run_import(*options); };
}

}  // namespace rapport::cli
