// Mastodon export import: the mapping of tests/data/mastodon (a small archive written for these tests)
// to members, channel, posts, topics and interactions, the summary, and every error path.
#include <boost/json.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <rapport/rapport.hpp>
#include <sstream>

#include "support.hpp"

using namespace rapport_test;
using Catch::Matchers::WithinRel;
using rapport::Errc;
namespace fs = std::filesystem;

namespace {

const fs::path archive = fs::path(RAPPORT_SOURCE_DIR) / "tests" / "data" / "mastodon";
const std::string ana = "https://example.social/users/ana";
const std::string ben = "https://other.example/users/ben";
const std::string cara = "https://example.social/users/cara";
const std::string dex = "https://pleroma.example/users/dex";
const std::string eve = "https://far.example/users/eve";

Timestamp at(std::string_view text) {
  const auto t = rapport::parse_rfc3339(text);
  REQUIRE(t.has_value());
  return *t;
}

const rapport::ActivityPubImport& imported() {
  static const rapport::ActivityPubImport result = rapport::import_activitypub(archive);
  return result;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// A copy of the test archive in a fresh temporary directory, removed afterwards, for variations on it.
struct ArchiveCopy {
  fs::path dir;
  ArchiveCopy() {
    dir = fs::temp_directory_path() / ("rapport-activitypub-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    for (const char* name : {"actor.json", "outbox.json", "likes.json"})
      fs::copy_file(archive / name, dir / name);
  }
  ArchiveCopy(const ArchiveCopy&) = delete;
  ArchiveCopy& operator=(const ArchiveCopy&) = delete;
  ~ArchiveCopy() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  boost::json::value json(const char* name) const { return boost::json::parse(read_text(dir / name)); }
  void write(const char* name, const boost::json::value& jv) const {
    write_text(dir / name, boost::json::serialize(jv));
  }
};

/// Runs the import expecting a `JsonError`; returns it.
rapport::JsonError import_error(const fs::path& dir) {
  try {
    (void)rapport::import_activitypub(dir);
  } catch (const rapport::JsonError& e) {
    return e;
  }
  FAIL("no JsonError thrown");
  throw;  // unreachable
}

std::uint32_t count(const rapport::Network& net, const std::string& other, rapport::InteractionKind kind) {
  const auto r = net.relationship(id_of(net, ana), id_of(net, other), at("2026-03-01T00:00:00Z"));
  REQUIRE(r.has_value());
  return r->count(kind);
}

}  // namespace

TEST_CASE("the account is the owner, the accounts it deals with members named @user@host", "[activitypub]") {
  const rapport::Network& net = imported().network;
  REQUIRE(net.member_count() == 5);
  CHECK(net.member(0).handle == ana);
  CHECK(net.member(0).name == "Ana Lima");
  // In order of first contact: the like of a December status is dated when the account was created.
  CHECK(net.member(1).handle == cara);
  CHECK(net.member(1).name == "@cara@example.social");  // a local mention, "@cara", gets its host
  CHECK(net.member(2).handle == ben);
  CHECK(net.member(2).name == "@ben@other.example");
  CHECK(net.member(3).handle == dex);
  CHECK(net.member(3).name == "@dex@pleroma.example");
  CHECK(net.member(4).handle == eve);
  CHECK(net.member(4).name == "@eve@far.example");
}

TEST_CASE("every account is known by its actor URI, its address and its profile page",
          "[activitypub][aliases]") {
  const rapport::Network& net = imported().network;
  using Keys = std::vector<std::string>;
  // The owner's from actor.json; the others' from the mentions and the shape of their actor URIs.
  CHECK(net.member(0).aliases == Keys{"https://example.social/@ana", "@ana@example.social"});
  CHECK(net.member(1).aliases == Keys{"@cara@example.social", "https://example.social/@cara"});
  CHECK(net.member(2).aliases == Keys{"@ben@other.example", "https://other.example/@ben"});
  for (const char* key : {"@ben@other.example", "@ben@Other.Example", "https://other.example/@ben"})
    CHECK(net.find_member(key) == id_of(net, ben));
  CHECK(net.find_member("@ana@example.social") == 0u);
}

TEST_CASE(
    "a request naming an imported account by @user@host scores with its history and not as a stranger's",
    "[activitypub][aliases]") {
  const rapport::Network& net = imported().network;
  const Timestamp latest = *net.last_activity();
  rapport::Request request{.requester = "@ben@other.example",
                           .owner = "@ana@example.social",
                           .channels = {"mastodon"},
                           .topics = {"writing"},
                           .received = latest};
  const rapport::Score by_address = rapport::score(net, request, latest);
  request.requester = ben;
  CHECK(rapport::score(net, request, latest) == by_address);
  request.requester = "@nobody@other.example";
  const rapport::Score stranger = rapport::score(net, request, latest);
  CHECK(by_address.prior_context > stranger.prior_context + 0.1);
  CHECK(has_reason(stranger, rapport::ReasonCode::unknown_requester));
  CHECK(decisive(stranger) == rapport::ReasonCode::no_context);
  CHECK_FALSE(has_reason(by_address, rapport::ReasonCode::unknown_requester));
  CHECK(decisive(by_address) != rapport::ReasonCode::no_context);
}

TEST_CASE("the owner's replies await no answer: the other side of the thread is not in the export",
          "[activitypub]") {
  const rapport::Network& net = imported().network;
  const Timestamp as_of = at("2026-03-01T00:00:00Z");
  const auto half_life = static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(net.policy().decay.reciprocity_half_life).count());
  const auto faded_since = [&](std::string_view t) {
    return std::exp2(-static_cast<double>((as_of - at(t)).count()) / half_life);
  };
  const auto awaited = [&](const std::string& other) {
    return net.relationship(0, id_of(net, other), as_of)->awaited_from_other;
  };
  // Ben: two replies, and one direct status that starts a conversation; Cara: a mention in an own post,
  // and one in a reply.
  CHECK_THAT(awaited(ben), WithinRel(faded_since("2026-02-14T09:00:00Z"), single_precision));
  CHECK_THAT(awaited(cara), WithinRel(faded_since("2026-02-09T09:00:00Z"), single_precision));
  // So the owner, whose replies are all it sent, is not listed as having taken more than it gave.
  CHECK(rapport::attention_list(net, 0, as_of).owed.empty());
}

TEST_CASE("one channel with the followers as audience; posts, own boosts and boosts as promotions",
          "[activitypub]") {
  const rapport::Network& net = imported().network;
  REQUIRE(net.channel_count() == 1);
  const rapport::Channel& channel = net.channel(0);
  CHECK(channel.owner == ana);
  CHECK(channel.name == "mastodon");
  CHECK(channel.audience_size == 1200);
  CHECK_FALSE(channel.tolerance.has_value());  // the policy's default

  const auto posts = net.posts(0);
  REQUIRE(posts.size() == 11);
  std::vector<std::string> promoted;
  for (const rapport::Post& p : posts)
    if (p.promotion) promoted.push_back(p.promoted);
  // Ben twice, Dex through the boost's cc (his server's status URI names no account), one unknown.
  CHECK(promoted == std::vector<std::string>{ben, dex, "", ben});
  CHECK(posts.front().at == at("2026-02-02T09:00:00Z"));
  CHECK(posts[5].at == at("2026-02-10T08:00:00Z"));  // the boost of an own status: an own post
  CHECK_FALSE(posts[5].promotion);
  CHECK(posts.back().at == at("2026-02-25T09:00:00Z"));
}

TEST_CASE("hashtags are the owner's topics, weighted by use, as written", "[activitypub]") {
  // #writing and #Writing are one tag (Mastodon folds case), kept in its first spelling on a tie;
  // #café keeps its accent. Most used first.
  const rapport::Topics expected{{"writing", 4.0}, {"café", 3.0}, {"poetry", 1.0}};
  CHECK(imported().network.member(0).topics == expected);
}

TEST_CASE("replies and mentions are messages, boosts promotions, likes likes", "[activitypub]") {
  const rapport::Network& net = imported().network;
  using K = rapport::InteractionKind;
  // Ben: a reply that also mentions him (one message), a direct status, a mention in a reply to an
  // unknown account; two boosts; two likes.
  CHECK(count(net, ben, K::message) == 3);
  CHECK(count(net, ben, K::promoted) == 2);
  CHECK(count(net, ben, K::liked) == 2);
  CHECK(count(net, cara, K::message) == 2);
  CHECK(count(net, cara, K::liked) == 1);
  CHECK(count(net, dex, K::promoted) == 1);
  CHECK(count(net, dex, K::message) == 0);
  CHECK(count(net, eve, K::liked) == 2);
  CHECK(net.contacts(id_of(net, ana)).size() == 4);
}

TEST_CASE("likes are dated by the liked status, not before the account, undated ones at the end",
          "[activitypub]") {
  const rapport::Network& net = imported().network;
  const Timestamp then = at("2026-03-01T00:00:00Z");
  const auto with = [&](const std::string& other) {
    return *net.relationship(id_of(net, ana), id_of(net, other), then);
  };
  CHECK(with(cara).first_contact ==
        at("2026-01-01T00:00:00Z"));  // a status of 2025-12-01, the account of 2026
  CHECK(with(ben).first_contact == at("2026-02-04T15:00:00Z"));
  CHECK(with(eve).first_contact == at("2026-02-20T10:00:00Z"));
  // Eve's old status has a serial id: its like goes at the latest time the export shows.
  CHECK(with(eve).last_contact == at("2026-02-26T12:00:00Z"));
  CHECK(net.last_activity() == at("2026-02-26T12:00:00Z"));
}

TEST_CASE("the summary counts what was read, unknown activity types included", "[activitypub]") {
  const rapport::ImportSummary& s = imported().summary;
  CHECK(s.owner == ana);
  CHECK(s.channel == "mastodon");
  CHECK(s.posts == 6);  // the poll (a Question) and the thread continuation included
  CHECK(s.replies == 2);
  CHECK(s.unattributed_replies == 1);
  CHECK(s.direct == 1);
  CHECK(s.mentions == 4);
  CHECK(s.boosts == 4);
  CHECK(s.unattributed_boosts == 1);
  CHECK(s.own_boosts == 1);
  CHECK(s.likes == 5);
  CHECK(s.likes_undated == 1);
  CHECK(s.unattributed_likes == 1);  // a status URI that names no account; the own like is skipped
  CHECK(s.topics == 3);
  CHECK(s.unknown_types == std::map<std::string, std::size_t>{{"Create/Article", 1}, {"Follow", 2}});
  CHECK(s.followers == 1200.0);
  CHECK(s.has_likes);
  CHECK(s.last_activity == at("2026-02-26T12:00:00Z"));
}

TEST_CASE("the overload report shows the account's promotion share", "[activitypub]") {
  const rapport::Network& net = imported().network;
  const Timestamp last = *net.last_activity();
  const rapport::OverloadReport report = rapport::overload_report(net, 0, {}, last);
  const auto share = std::find_if(report.signals.begin(), report.signals.end(), [](const rapport::Signal& s) {
    return s.kind == rapport::SignalKind::promotion_share;
  });
  REQUIRE(share != report.signals.end());
  // The worst share window is the four calendar weeks from 2026-02-16: the boosts of 02-16 and 02-23 and
  // this week's own post, and one own post in each week ahead, the account's mean over the 8 weeks
  // before this one (6 own posts, rounded): 2 boosts of 5 posts.
  CHECK(share->value == 2.0 / 5.0);
  CHECK(share->window->begin == at("2026-02-16T00:00:00Z"));
  CHECK(share->level == rapport::Level::overloaded);
}

TEST_CASE("the overload report says whom the account boosted most", "[activitypub]") {
  const rapport::Network& net = imported().network;
  const rapport::OverloadReport report = rapport::overload_report(net, 0, {}, *net.last_activity());
  // Four boosts of other accounts: Ben twice, Dex, and one of an account the export does not name.
  CHECK(report.promotions == 4);
  REQUIRE(report.promoted.size() == 2);
  CHECK(report.promoted[0] == rapport::PromotedMember{.member = id_of(net, ben),
                                                      .promotions = 2,
                                                      .last = at("2026-02-23T09:00:00Z")});
  CHECK(report.promoted[1] == rapport::PromotedMember{.member = id_of(net, dex),
                                                      .promotions = 1,
                                                      .last = at("2026-02-11T08:00:00Z")});
}

TEST_CASE("the order of the outbox does not matter", "[activitypub]") {
  ArchiveCopy copy;
  boost::json::value outbox = copy.json("outbox.json");
  auto& items = outbox.as_object()["orderedItems"].as_array();
  std::reverse(items.begin(), items.end());
  copy.write("outbox.json", outbox);
  std::ostringstream expected, actual;
  rapport::save_network(imported().network, expected);
  rapport::save_network(rapport::import_activitypub(copy.dir).network, actual);
  CHECK(actual.str() == expected.str());
}

TEST_CASE("an export without likes.json imports without likes; the policy is the network's",
          "[activitypub]") {
  ArchiveCopy copy;
  fs::remove(copy.dir / "likes.json");
  rapport::Policy policy;
  policy.decay.max_lateness = days{90};
  const rapport::ActivityPubImport result = rapport::import_activitypub(copy.dir, policy);
  CHECK_FALSE(result.summary.has_likes);
  CHECK(result.summary.likes == 0);
  CHECK(result.network.policy() == policy);
  CHECK(result.network.member_count() == 4);  // Eve was only liked
  CHECK(result.network.last_activity() == at("2026-02-23T09:00:00Z"));
}

TEST_CASE("followers given as a link leave the audience at 0; the name falls back to the username",
          "[activitypub]") {
  ArchiveCopy copy;
  boost::json::value actor = copy.json("actor.json");
  actor.as_object()["followers"] = ana + "/followers";
  actor.as_object()["name"] = "";
  copy.write("actor.json", actor);
  const rapport::ActivityPubImport result = rapport::import_activitypub(copy.dir);
  CHECK_FALSE(result.summary.followers.has_value());
  CHECK(result.network.channel(0).audience_size == 0);
  CHECK(result.network.member(0).name == "ana");
  // Statuses addressed to the followers' link still count as posts.
  CHECK(result.summary.posts == 6);
}

TEST_CASE("a malformed export is an error naming the file and the JSON path", "[activitypub]") {
  ArchiveCopy copy;
  const std::string outbox = (copy.dir / "outbox.json").string();

  SECTION("a value of the wrong type") {
    boost::json::value jv = copy.json("outbox.json");
    jv.at("orderedItems").at(0).at("object").at("tag").at(0).as_object()["name"] = 42;
    copy.write("outbox.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::wrong_type);
    CHECK(e.field() == outbox + ": orderedItems[0].object.tag[0].name");
    CHECK(e.value() == "42");
    CHECK_THAT(e.what(),
               Catch::Matchers::EndsWith("orderedItems[0].object.tag[0].name: expected a string (got '42')"));
  }
  SECTION("a missing field") {
    boost::json::value jv = copy.json("outbox.json");
    jv.at("orderedItems").at(2).as_object().erase("published");
    copy.write("outbox.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::missing_field);
    CHECK(e.field() == outbox + ": orderedItems[2].published");
  }
  SECTION("a bad timestamp") {
    boost::json::value jv = copy.json("outbox.json");
    jv.at("orderedItems").at(3).at("object").as_object()["published"] = "2026-02-30T10:00:00Z";
    copy.write("outbox.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::invalid_timestamp);
    CHECK(e.field() == outbox + ": orderedItems[3].object.published");
  }
  SECTION("a status given as a link") {
    boost::json::value jv = copy.json("outbox.json");
    jv.at("orderedItems").at(1).as_object()["object"] = "https://example.social/users/ana/statuses/1";
    copy.write("outbox.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::wrong_type);
    CHECK(e.field() == outbox + ": orderedItems[1].object");
  }
  SECTION("no orderedItems") {
    write_text(copy.dir / "outbox.json", R"({"type": "OrderedCollection"})");
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::missing_field);
    CHECK(e.field() == outbox + ": orderedItems");
  }
  SECTION("not JSON") {
    write_text(copy.dir / "outbox.json", "{\n  \"orderedItems\": [,]\n}\n");
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::parse_error);
    CHECK(e.field() == outbox + ":2:20");
  }
  SECTION("a like that is neither a link nor an object") {
    boost::json::value jv = copy.json("likes.json");
    jv.at("orderedItems").as_array().push_back(7);
    copy.write("likes.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::wrong_type);
    CHECK(e.field() == (copy.dir / "likes.json").string() + ": orderedItems[7]");
  }
  SECTION("an actor without an id") {
    boost::json::value jv = copy.json("actor.json");
    jv.as_object().erase("id");
    copy.write("actor.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::missing_field);
    CHECK(e.field() == (copy.dir / "actor.json").string() + ": id");
  }
  SECTION("a negative follower count") {
    boost::json::value jv = copy.json("actor.json");
    jv.at("followers").as_object()["totalItems"] = -1;
    copy.write("actor.json", jv);
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::out_of_range);
    CHECK(e.field() == (copy.dir / "actor.json").string() + ": followers.totalItems");
  }
  SECTION("no outbox.json") {
    fs::remove(copy.dir / "outbox.json");
    const rapport::JsonError e = import_error(copy.dir);
    CHECK(e.code() == Errc::io_error);
    CHECK(e.field() == outbox);
    CHECK(e.detail() == "cannot open file");
    CHECK(std::string(e.what()) == outbox + ": cannot open file");
  }
  SECTION("no directory") {
    const rapport::JsonError e = import_error(copy.dir / "nowhere");
    CHECK(e.code() == Errc::io_error);
    CHECK(e.field() == (copy.dir / "nowhere").string());
    CHECK(e.detail() == "no such directory");
  }
}
