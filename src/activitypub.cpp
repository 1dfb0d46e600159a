// A Mastodon account export (ActivityStreams 2.0) as a network. The mapping is in docs/import.md.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <map>
#include <rapport/activitypub.hpp>
#include <rapport/io.hpp>
#include <set>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "detail/json_read.hpp"
#include "detail/member_index.hpp"
#include "detail/validate.hpp"

namespace rapport {
namespace {

namespace json = boost::json;
using detail::json_fail;
using detail::JsonPath;
using detail::ObjectReader;
using detail::read_string;

constexpr std::string_view channel_name = "mastodon";

// Mastodon has numbered statuses with "snowflake" ids since 2017: ids before that are small serial
// numbers whose shifted value falls in 1970, so anything before 2016 is not a time.
constexpr Timestamp first_snowflake{std::chrono::sys_days{std::chrono::year{2016} / 1 / 1}};
constexpr Timestamp last_timestamp{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31}};

/// ActivityStreams' "everyone", in its full and its compacted forms.
bool is_public(std::string_view address) {
  return address == "https://www.w3.org/ns/activitystreams#Public" || address == "as:Public" ||
         address == "Public";
}

/// "host" of "https://host/path", or empty when `uri` is not an http(s) URI with a host.
std::string_view host_of(std::string_view uri) {
  const std::size_t scheme = uri.starts_with("https://") ? 8 : uri.starts_with("http://") ? 7 : 0;
  if (scheme == 0) return {};
  return uri.substr(scheme, uri.find('/', scheme) - scheme);
}

/// A status URI in Mastodon's shape, "https://HOST/users/NAME/statuses/ID", split into the account's
/// actor URI ("https://HOST/users/NAME") and the id. Other servers' URIs (".../notes/ID",
/// ".../objects/UUID") do not name their account.
struct StatusUri {
  std::string account{};
  std::string_view id{};
};

std::optional<StatusUri> parse_status_uri(std::string_view uri) {
  const std::string_view host = host_of(uri);
  if (host.empty()) return std::nullopt;
  const std::size_t path_at = static_cast<std::size_t>(host.data() + host.size() - uri.data());
  std::string_view rest = uri.substr(path_at);
  constexpr std::string_view users = "/users/", statuses = "/statuses/";
  if (!rest.starts_with(users)) return std::nullopt;
  rest.remove_prefix(users.size());
  const std::size_t name_size = rest.find('/');
  if (name_size == 0 || name_size == std::string_view::npos) return std::nullopt;
  const std::string_view tail = rest.substr(name_size);
  if (!tail.starts_with(statuses)) return std::nullopt;
  const std::string_view id = tail.substr(statuses.size());
  if (id.empty() || id.find_first_of("/?#") != std::string_view::npos) return std::nullopt;
  return StatusUri{std::string(uri.substr(0, path_at + users.size() + name_size)), id};
}

/// The host and user name of an actor URI in Mastodon's shape "https://HOST/users/NAME".
struct MastodonActor {
  std::string_view host{}, name{};
};

std::optional<MastodonActor> mastodon_actor(std::string_view actor) {
  const std::string_view host = host_of(actor);
  if (host.empty()) return std::nullopt;
  std::string_view rest = actor.substr(static_cast<std::size_t>(host.data() + host.size() - actor.data()));
  if (!rest.starts_with("/users/")) return std::nullopt;
  rest.remove_prefix(7);
  if (rest.empty() || rest.find('/') != std::string_view::npos) return std::nullopt;
  return MastodonActor{host, rest};
}

/// "@NAME@HOST" for an actor URI in Mastodon's shape "https://HOST/users/NAME".
std::optional<std::string> address_of_actor(std::string_view actor) {
  const auto a = mastodon_actor(actor);
  if (!a) return std::nullopt;
  // Appended rather than `"@" + std::string(...)`: g++ 12 warns falsely (-Wrestrict) on that at -O2.
  std::string address = "@";
  return address.append(a->name).append("@").append(a->host);
}

/// The profile page "https://HOST/@NAME" of an actor URI in Mastodon's shape.
std::optional<std::string> profile_of_actor(std::string_view actor) {
  const auto a = mastodon_actor(actor);
  if (!a) return std::nullopt;
  return std::string(actor.substr(0, actor.find("://") + 3)) + std::string(a->host) + "/@" +
         std::string(a->name);
}

/// The creation time a Mastodon snowflake id holds: milliseconds since 1970, shifted left 16 bits.
std::optional<Timestamp> snowflake_time(std::string_view id) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (ec != std::errc{} || end != id.data() + id.size()) return std::nullopt;
  const std::chrono::sys_time<std::chrono::milliseconds> ms{
      std::chrono::milliseconds{static_cast<std::int64_t>(n >> 16)}};
  const Timestamp t = std::chrono::floor<std::chrono::seconds>(ms);
  if (t < first_snowflake || t > last_timestamp) return std::nullopt;
  return t;
}

/// ASCII letters folded to lower case: Mastodon treats #Writing and #writing as one tag.
std::string fold_case(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// The file's JSON; one that cannot be read is an `io_error` naming it, as the tool names its inputs.
json::value read_json_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw JsonError(Errc::io_error, path.string(), "", "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw JsonError(Errc::io_error, path.string(), "", "cannot open file");
  // Mastodon's export writes "orderedItems" twice in outbox.json, an empty list first; the last counts.
  return detail::parse_text(detail::read_all(in, path.string()), path.string(), 0,
                            detail::DuplicateKeys::last_wins);
}

/// A link: a URI string, or an object holding it in "id" (ActivityStreams allows both).
std::string read_link(const json::value& jv, const JsonPath& path) {
  if (jv.is_object()) {
    ObjectReader r(jv, path);
    return read_string(r.require("id"), path / "id");
  }
  if (!jv.is_string()) json_fail(Errc::wrong_type, path, jv, "expected a URI or an object with an \"id\"");
  return read_string(jv, path);
}

/// The addresses in `key` ("to", "cc"): one link or an array of them; absent or null is none.
void read_addresses(ObjectReader& r, std::string_view key, std::vector<std::string>& out) {
  const json::value* v = r.optional(key);
  if (!v) return;
  const JsonPath path = r.path() / key;
  if (const json::array* a = v->if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) out.push_back(read_link((*a)[i], path[i]));
  } else {
    out.push_back(read_link(*v, path));
  }
}

/// The array in a collection's "orderedItems".
const json::array& ordered_items(ObjectReader& r) {
  const json::value& items = r.require("orderedItems");
  if (!items.is_array()) json_fail(Errc::wrong_type, r.path() / "orderedItems", items, "expected an array");
  return items.get_array();
}

/// Reads the three files and collects what to record, then records it in time order.
class Importer {
 public:
  explicit Importer(const std::filesystem::path& dir) : dir_(dir) {}

  ActivityPubImport run(const Policy& policy) {
    if (!std::filesystem::is_directory(dir_))
      throw JsonError(Errc::io_error, dir_.string(), "", "no such directory");
    read_file("actor.json", [&](const json::value& jv) { read_actor(jv); });
    read_file("outbox.json", [&](const json::value& jv) { read_outbox(jv); });
    const std::filesystem::path likes = dir_ / "likes.json";
    summary_.has_likes = std::filesystem::exists(likes);
    if (summary_.has_likes) read_file("likes.json", [&](const json::value& jv) { read_likes(jv); });
    date_likes();
    return build(policy);
  }

 private:
  using Change = std::variant<Post, Interaction>;
  struct Dated {
    Timestamp at{};
    Change change{};
  };
  struct Like {
    std::string account{};
    std::optional<Timestamp> at{};
  };
  struct Hashtag {
    std::size_t first = 0;  // order of first use
    std::size_t uses = 0;
    std::vector<std::pair<std::string, std::size_t>> spellings{};  // as written, with uses, first first
  };

  template <class Read>
  void read_file(std::string_view name, Read read) {
    const std::filesystem::path path = dir_ / name;
    const json::value jv = read_json_file(path);
    detail::with_source(path.string() + ": ", [&] { read(jv); });
  }

  void read_actor(const json::value& jv) {
    const JsonPath root;
    ObjectReader r(jv, root);
    owner_ = read_string(r.require("id"), root / "id");
    if (owner_.empty()) json_fail(Errc::empty_handle, root / "id", *r.find("id"));
    for (const std::string_view key : {"name", "preferredUsername"}) {
      if (const json::value* v = r.optional(key); v && owner_name_.empty())
        owner_name_ = read_string(*v, root / key);
    }
    if (owner_name_.empty()) owner_name_ = owner_;
    if (const json::value* v = r.optional("url")) owner_aliases_.push_back(read_link(*v, root / "url"));
    if (const json::value* v = r.optional("preferredUsername"); v && !host_of(owner_).empty())
      owner_aliases_.push_back("@" + read_string(*v, root / "preferredUsername") + "@" +
                               std::string(host_of(owner_)));
    if (const json::value* v = r.optional("followers")) {
      const JsonPath path = root / "followers";
      if (v->is_string()) {
        followers_ = read_string(*v, path);
      } else {
        // An embedded collection may count its items; Mastodon's export gives only the link.
        ObjectReader f(*v, path);
        if (const json::value* id = f.optional("id")) followers_ = read_string(*id, path / "id");
        if (const json::value* n = f.optional("totalItems")) {
          const double count = detail::read_double(*n, path / "totalItems");
          if (count < 0) json_fail(Errc::out_of_range, path / "totalItems", *n);
          summary_.followers = count;
        }
      }
    }
    if (followers_.empty()) followers_ = owner_ + "/followers";
    if (const json::value* v = r.optional("published"))
      created_ = detail::read_timestamp(*v, root / "published");
  }

  void read_outbox(const json::value& jv) {
    const JsonPath root;
    ObjectReader r(jv, root);
    const json::array& items = ordered_items(r);
    const JsonPath list = root / "orderedItems";
    for (std::size_t i = 0; i < items.size(); ++i) read_activity(items[i], list[i]);
  }

  void read_activity(const json::value& jv, const JsonPath& path) {
    ObjectReader r(jv, path);
    const std::string type = read_string(r.require("type"), path / "type");
    if (type == "Create") {
      const JsonPath object_path = path / "object";
      // An export embeds its statuses; a bare link here is not one.
      ObjectReader object(r.require("object"), object_path);
      const std::string object_type = read_string(object.require("type"), object_path / "type");
      // A Question is a status with a poll.
      if (object_type != "Note" && object_type != "Question") {
        ++summary_.unknown_types["Create/" + object_type];
        return;
      }
      const json::value* published = object.optional("published");
      const Timestamp at = published ? detail::read_timestamp(*published, object_path / "published")
                                     : detail::read_timestamp(r.require("published"), path / "published");
      read_status(r, object, at);
    } else if (type == "Announce") {
      const Timestamp at = detail::read_timestamp(r.require("published"), path / "published");
      read_boost(r, read_link(r.require("object"), path / "object"), at);
    } else {
      ++summary_.unknown_types[type];
    }
  }

  bool is_own(std::string_view uri) const {
    return uri.starts_with(owner_) && uri.size() > owner_.size() && uri[owner_.size()] == '/';
  }

  void read_status(ObjectReader& activity, ObjectReader& status, Timestamp at) {
    std::vector<std::string> audience;
    for (ObjectReader* r : {&activity, &status})
      for (const std::string_view key : {"to", "cc"}) read_addresses(*r, key, audience);
    const bool visible = std::any_of(audience.begin(), audience.end(),
                                     [&](const std::string& a) { return is_public(a) || a == followers_; });

    // Whom it is addressed to: the author of the status it replies to, then everyone it mentions.
    std::vector<std::string> addressed;
    bool replies_to_other = false;
    if (const json::value* v = status.optional("inReplyTo")) {
      const std::string uri = read_link(*v, status.path() / "inReplyTo");
      // Replying to one's own status continues a thread: a post, not a message.
      if (!is_own(uri)) {
        const auto target = parse_status_uri(uri);
        if (!target || target->account != owner_) {
          replies_to_other = true;
          if (target)
            addressed.push_back(target->account);
          else
            ++summary_.unattributed_replies;
        }
      }
    }
    if (const json::value* v = status.optional("tag")) {
      const JsonPath path = status.path() / "tag";
      if (!v->is_array()) json_fail(Errc::wrong_type, path, *v, "expected an array");
      const json::array& tags = v->get_array();
      for (std::size_t i = 0; i < tags.size(); ++i) {
        const JsonPath tag_path = path[i];
        ObjectReader tag(tags[i], tag_path);
        const std::string type = read_string(tag.require("type"), tag_path / "type");
        if (type == "Mention") {
          const std::string href = read_string(tag.require("href"), tag_path / "href");
          if (href.empty()) json_fail(Errc::empty_handle, tag_path / "href", *tag.find("href"));
          if (const json::value* name = tag.optional("name"))
            note_name(href, read_string(*name, tag_path / "name"));
          if (href != owner_ && std::find(addressed.begin(), addressed.end(), href) == addressed.end()) {
            addressed.push_back(href);
            ++summary_.mentions;
          }
        } else if (type == "Hashtag") {
          count_hashtag(read_string(tag.require("name"), tag_path / "name"));
        }
        // Other tags (custom emoji) say nothing of relationships or topics.
      }
    }
    // A reply answers a status the export does not hold: it awaits nothing (docs/import.md).
    for (const std::string& to : addressed)
      events_.push_back({at, Interaction{.from = owner_,
                                         .to = to,
                                         .kind = InteractionKind::message,
                                         .at = at,
                                         .reply = replies_to_other}});
    if (replies_to_other) {
      ++summary_.replies;
    } else if (visible) {
      ++summary_.posts;
      events_.push_back({at, Post{.owner = owner_, .channel = std::string(channel_name), .at = at}});
    } else {
      ++summary_.direct;
    }
  }

  void read_boost(ObjectReader& activity, const std::string& uri, Timestamp at) {
    if (is_own(uri)) {
      ++summary_.own_boosts;
      events_.push_back({at, Post{.owner = owner_, .channel = std::string(channel_name), .at = at}});
      return;
    }
    // Mastodon addresses a boost to the boosted account, which works for every server's status URIs;
    // the URI's shape is the fallback.
    std::vector<std::string> audience, accounts;
    read_addresses(activity, "to", audience);
    read_addresses(activity, "cc", audience);
    for (const std::string& a : audience) {
      if (a.empty() || is_public(a) || a == followers_ || a == owner_ || a.ends_with("/followers")) continue;
      if (std::find(accounts.begin(), accounts.end(), a) == accounts.end()) accounts.push_back(a);
    }
    std::string account;
    if (accounts.size() == 1) {
      account = accounts.front();
    } else if (const auto status = parse_status_uri(uri)) {
      account = status->account;
    }
    ++summary_.boosts;
    if (account.empty()) ++summary_.unattributed_boosts;
    events_.push_back({at, Post{.owner = owner_,
                                .channel = std::string(channel_name),
                                .at = at,
                                .promotion = true,
                                .promoted = account}});
    if (!account.empty())
      events_.push_back(
          {at, Interaction{.from = owner_, .to = account, .kind = InteractionKind::promoted, .at = at}});
  }

  void read_likes(const json::value& jv) {
    const JsonPath root;
    ObjectReader r(jv, root);
    const json::array& items = ordered_items(r);
    const JsonPath list = root / "orderedItems";
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string uri = read_link(items[i], list[i]);
      const auto status = parse_status_uri(uri);
      if (!status) {
        ++summary_.unattributed_likes;
        continue;
      }
      if (status->account == owner_) continue;  // liking one's own status is no interaction
      likes_.push_back({status->account, snowflake_time(status->id)});
    }
  }

  /// An export does not say when a like happened. It cannot be before the liked status, which the id
  /// dates, nor before the account existed; undated ones go at the latest time the export shows.
  void date_likes() {
    std::optional<Timestamp> earliest = created_, latest;
    for (const Dated& e : events_) {
      if (!created_) earliest = earliest ? std::min(*earliest, e.at) : e.at;
      latest = latest ? std::max(*latest, e.at) : e.at;
    }
    for (Like& like : likes_) {
      if (like.at && earliest) like.at = std::max(*like.at, *earliest);
      if (like.at) latest = latest ? std::max(*latest, *like.at) : *like.at;
    }
    for (Like& like : likes_) {
      if (!like.at && !latest) {  // nothing in the export is dated: the like cannot be placed
        ++summary_.unattributed_likes;
        continue;
      }
      if (!like.at) ++summary_.likes_undated;
      ++summary_.likes;
      const Timestamp at = like.at.value_or(*latest);
      events_.push_back(
          {at, Interaction{.from = owner_, .to = like.account, .kind = InteractionKind::liked, .at = at}});
    }
  }

  void note_name(const std::string& href, std::string_view name) {
    if (!name.starts_with('@') || names_.contains(href)) return;
    std::string full(name);
    // A status names accounts of its own server "@user", without the host.
    if (std::count(full.begin(), full.end(), '@') == 1 && !host_of(href).empty())
      full += "@" + std::string(host_of(href));
    names_.emplace(href, std::move(full));
  }

  void count_hashtag(std::string_view name) {
    if (name.starts_with('#')) name.remove_prefix(1);
    if (!detail::valid_topic_path(name)) return;
    Hashtag& tag = hashtags_[fold_case(name)];
    if (tag.uses == 0) tag.first = hashtags_.size();
    ++tag.uses;
    const auto it = std::find_if(tag.spellings.begin(), tag.spellings.end(),
                                 [&](const auto& s) { return s.first == name; });
    if (it == tag.spellings.end())
      tag.spellings.emplace_back(std::string(name), 1);
    else
      ++it->second;
  }

  /// Hashtags weighted by use, most used first (then first used); each as its most used spelling.
  Topics topics() const {
    std::vector<const Hashtag*> order;
    for (const auto& [key, tag] : hashtags_) order.push_back(&tag);
    std::sort(order.begin(), order.end(), [](const Hashtag* a, const Hashtag* b) {
      return a->uses != b->uses ? a->uses > b->uses : a->first < b->first;
    });
    Topics out;
    for (const Hashtag* tag : order) {
      const auto best = std::max_element(tag->spellings.begin(), tag->spellings.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
      out.push_back({best->first, static_cast<double>(tag->uses)});
    }
    return out;
  }

  /// The keys an account is known by besides its actor URI, as far as the export shows: the address a
  /// status wrote, and the address and profile URL a Mastodon actor URI gives. Those that would clash
  /// with a member's key (`net`'s, or a handle of `handles`, folded) or repeat another are left out.
  std::vector<std::string> aliases_of(const std::string& actor, std::vector<std::string> candidates,
                                      const Network& net, const std::set<std::string>& handles) const {
    if (const auto it = names_.find(actor); it != names_.end()) candidates.push_back(it->second);
    for (auto derived : {address_of_actor(actor), profile_of_actor(actor)})
      if (derived) candidates.push_back(std::move(*derived));
    std::vector<std::string> out, seen{detail::folded(actor)};
    for (std::string& c : candidates) {
      std::string key = detail::folded(c);
      if (c.empty() || std::find(seen.begin(), seen.end(), key) != seen.end() || handles.contains(key) ||
          net.find_member(c))
        continue;
      seen.push_back(std::move(key));
      out.push_back(std::move(c));
    }
    return out;
  }

  std::string name_of(const std::string& handle) const {
    if (const auto it = names_.find(handle); it != names_.end()) return it->second;
    return address_of_actor(handle).value_or(handle);
  }

  ActivityPubImport build(const Policy& policy) {
    // The network refuses events much older than a pair's or channel's latest: record in time order.
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Dated& a, const Dated& b) { return a.at < b.at; });
    ActivityPubImport out{Network(policy), {}};
    Network& net = out.network;
    // Other accounts in order of first contact, so that ids follow the history.
    std::vector<std::string> accounts;
    std::set<std::string> handles{detail::folded(owner_)};
    for (const Dated& e : events_) {
      const std::string& other = std::holds_alternative<Post>(e.change) ? std::get<Post>(e.change).promoted
                                                                        : std::get<Interaction>(e.change).to;
      if (!other.empty() && handles.insert(detail::folded(other)).second) accounts.push_back(other);
    }
    net.add_member({.handle = owner_,
                    .name = owner_name_,
                    .topics = topics(),
                    .aliases = aliases_of(owner_, owner_aliases_, net, handles)});
    for (const std::string& other : accounts)
      net.add_member(
          {.handle = other, .name = name_of(other), .aliases = aliases_of(other, {}, net, handles)});
    net.add_channel({.owner = owner_,
                     .name = std::string(channel_name),
                     .audience_size = summary_.followers.value_or(0)});
    for (const Dated& e : events_) std::visit([&](const auto& change) { net.record(change); }, e.change);
    summary_.owner = owner_;
    summary_.channel = std::string(channel_name);
    summary_.topics = hashtags_.size();
    summary_.last_activity = net.last_activity();
    out.summary = std::move(summary_);
    return out;
  }

  std::filesystem::path dir_;
  std::string owner_{}, owner_name_{}, followers_{};
  std::vector<std::string> owner_aliases_{};  // from actor.json: its profile URL and address
  std::optional<Timestamp> created_{};
  ImportSummary summary_{};
  std::vector<Dated> events_{};
  std::vector<Like> likes_{};
  std::map<std::string, std::string> names_{};  // actor URI -> "@user@host" as a status wrote it
  std::map<std::string, Hashtag> hashtags_{};   // by case-folded text
};

}  // namespace

ActivityPubImport import_activitypub(const std::filesystem::path& dir, const Policy& policy) {
  return Importer(dir).run(policy);
}

}  // namespace rapport
