#ifndef RAPPORT_ACTIVITYPUB_HPP
#define RAPPORT_ACTIVITYPUB_HPP

/// \file
/// Importing a Mastodon account export (ActivityStreams 2.0: `actor.json`, `outbox.json`, `likes.json`)
/// as a network whose owner is the account. The mapping, and what an export cannot tell (when a like
/// happened, the follower count), are in docs/import.md.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <rapport/export.hpp>
#include <rapport/network.hpp>
#include <rapport/policy.hpp>
#include <rapport/time.hpp>
#include <string>

namespace rapport {

/// What an import read and what it made of it. Statuses (`Create` of a `Note` or `Question`) split into
/// `posts`, `replies` and `direct`; boosts (`Announce`) into `boosts` and `own_boosts`.
struct ImportSummary {
  std::string owner{};            ///< the account's actor URI: the owner's handle
  std::string channel{};          ///< the name of the account's channel
  std::size_t posts = 0;          ///< statuses to the public or followers replying to no one else: own posts
  std::size_t replies = 0;        ///< statuses replying to another account: messages, not posts
  std::size_t direct = 0;         ///< statuses to no audience (direct) replying to no one else: messages only
  std::size_t mentions = 0;       ///< messages to accounts a status mentions besides the one it replies to
  std::size_t boosts = 0;         ///< boosts of other accounts' statuses: promotions
  std::size_t own_boosts = 0;     ///< boosts of the account's own statuses: own posts, not promotions
  std::size_t likes = 0;          ///< likes of other accounts' statuses: `liked` interactions
  std::size_t likes_undated = 0;  ///< of `likes`, those dated at the last activity (no time in the id)
  std::size_t unattributed_likes = 0;    ///< liked statuses whose account the URL does not give: skipped
  std::size_t unattributed_replies = 0;  ///< of `replies`, those to a status whose account is unknown
  std::size_t unattributed_boosts = 0;  ///< of `boosts`, those of an unknown account: promotions of no member
  std::size_t topics = 0;               ///< distinct hashtags, now the owner's topics
  std::map<std::string, std::size_t>
      unknown_types{};                ///< outbox items not imported, by type ("Follow", "Create/Article")
  std::optional<double> followers{};  ///< the channel's audience size, if actor.json counts the followers
  bool has_likes = false;             ///< whether the export had a likes.json
  std::optional<Timestamp> last_activity{};  ///< the network's latest interaction: a natural `now`

  /// Whether every field is equal.
  friend bool operator==(const ImportSummary&, const ImportSummary&) = default;
};

/// A network built from an export, with the summary of the import.
struct ActivityPubImport {
  Network network{};        ///< the owner, the accounts it dealt with, its channel, posts and interactions
  ImportSummary summary{};  ///< what was read and what became of it
};

/// Reads the Mastodon export in `dir` into a fresh network aggregating with `policy`: the account is the
/// owner with one channel, "mastodon". Throws `JsonError` naming the file and JSON path for a missing
/// or malformed file; unknown activity types are counted in the summary, not errors.
RAPPORT_API ActivityPubImport import_activitypub(const std::filesystem::path& dir, const Policy& policy = {});

}  // namespace rapport

#endif  // RAPPORT_ACTIVITYPUB_HPP
