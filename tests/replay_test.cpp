#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <random>
#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <rapport/replay.hpp>
#include <rapport/score.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

using rapport_test::cells_of;
using rapport_test::lines_of;

namespace {

const std::string small_log =
    "% a comment\n"
    "# another\n"
    "1 2 1000\n"
    "2 1 1100\n"
    "3 3 1200\n"
    "\n"
    "1\t3   1300\n"
    "2 1 1400\n";

}  // namespace

TEST_CASE("replay writes a header and one row per message, skipping comments and self-messages", "[replay]") {
  std::istringstream log(small_log);
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "small.txt", csv, net);
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == "src,dst,ts,total,relevance,context,load,reciprocity,learned");
  CHECK(rows[1].starts_with("1,2,1000,"));
  CHECK(rows[3].starts_with("1,3,1300,"));
  CHECK(stats.messages == 4);
  CHECK(stats.self_messages == 1);
  CHECK(stats.lines == 8);
  CHECK(stats.members == 3);
  CHECK(net.member_count() == 3);
}

TEST_CASE("fields after ts are ignored: the same CSV as without them, and the lines that had them counted",
          "[replay]") {
  // A weight column, as some exports carry, on some lines only; one line also ends a same-second run.
  const std::string with_extra = "# src dst ts weight\n1 2 1000 1\n2 1 1000\n2 1 1100 0.5 x\n1 2 1200\t7\n";
  const std::string without = "# src dst ts weight\n1 2 1000\n2 1 1000\n2 1 1100\n1 2 1200\n";
  const auto replay = [](const std::string& text, rapport::ReplayStats& stats) {
    std::istringstream log(text);
    std::ostringstream csv;
    rapport::Network net;
    stats = rapport::replay_message_log(log, "chat.txt", csv, net);
    return csv.str();
  };
  rapport::ReplayStats extra, plain;
  const std::string csv = replay(with_extra, extra);
  CHECK(csv == replay(without, plain));
  CHECK(lines_of(csv).size() == 5);
  CHECK(extra.messages == 4);
  CHECK(extra.lines_with_extra_fields == 3);
  CHECK(extra.first_line_with_extra_fields == 2);
  CHECK(plain.lines_with_extra_fields == 0);
  CHECK(plain.first_line_with_extra_fields == 0);

  // The first in the file, though its second's run replays a later line first; a self-message counts too.
  rapport::ReplayStats reordered;
  replay("c d 50\nb a 100 w\na b 100 w\na a 200 x\n", reordered);
  CHECK(reordered.messages == 3);
  CHECK(reordered.self_messages == 1);
  CHECK(reordered.lines_with_extra_fields == 3);
  CHECK(reordered.first_line_with_extra_fields == 2);
}

TEST_CASE("each row scores the message against the network before it", "[replay]") {
  std::istringstream log(small_log);
  std::ostringstream csv;
  rapport::Network net;
  rapport::replay_message_log(log, "small.txt", csv, net);

  // Rebuild by hand: the last message 2 -> 1 at 1400 sees the three messages before it.
  rapport::Network before;
  for (const char* h : {"1", "2", "3"}) before.add_member({.handle = h});
  using rapport::InteractionKind;
  const auto at = [](long long s) { return rapport::Timestamp{std::chrono::seconds{s}}; };
  before.record({.from = "1", .to = "2", .kind = InteractionKind::message, .at = at(1000)});
  before.record({.from = "2", .to = "1", .kind = InteractionKind::message, .at = at(1100)});
  before.record({.from = "1", .to = "3", .kind = InteractionKind::message, .at = at(1300)});
  const rapport::Request request{.requester = "2", .owner = "1", .received = at(1400)};
  const rapport::Score s = rapport::score(before, request, at(1400));
  const auto cells = cells_of(lines_of(csv.str()).back());
  REQUIRE(cells.size() == 9);
  CHECK(std::stod(cells[3]) == s.total);
  CHECK(std::stod(cells[5]) == s.prior_context);
  CHECK(std::stod(cells[7]) == s.reciprocity);
  CHECK(std::stod(cells[8]) == s.learned);
  // Someone who has answered before and is answered in turn is no stranger.
  CHECK(s.prior_context > 0);
}

TEST_CASE("replay reads lines of any length, and a last line without a newline", "[replay]") {
  const std::string long_comment = "# " + std::string(200'000, 'x') + "\n";
  std::istringstream log(long_comment + "1 2 1000\n" + long_comment + "2 1 1100");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "log", csv, net);
  CHECK(stats.lines == 4);
  CHECK(stats.messages == 2);
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].starts_with("2,1,1100,"));
}

TEST_CASE("a byte order mark before the first line is not part of its first handle", "[replay]") {
  std::istringstream log(
      "\xEF\xBB\xBF"
      "1 2 1000\n2 1 1100\n");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "log", csv, net);
  CHECK(stats.messages == 2);
  CHECK(stats.members == 2);
  CHECK(net.find_member("1").has_value());
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].starts_with("1,2,1000,"));
}

TEST_CASE("numbered handles are members like any other, each number written one way", "[replay]") {
  // "7", "07" and "+7" are different handles; numbers past any small index and names mix with them.
  std::istringstream log(
      "7 07 100\n"
      "07 +7 200\n"
      "ana 7 300\n"
      "123456789012 7 400\n"
      "07 7 500\n"
      "7 123456789012 600\n");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "log", csv, net);
  CHECK(stats.members == 5);
  for (const char* h : {"7", "07", "+7", "ana", "123456789012"}) CHECK(net.find_member(h));
  const auto seven = *net.find_member("7");
  const auto zero_seven = *net.find_member("07");
  const auto big = *net.find_member("123456789012");
  // Each pair's messages went to the same members: 7 and 07 exchanged two, 7 and the big number two.
  using rapport::InteractionKind;
  const auto messages = [&](rapport::MemberId a, rapport::MemberId b) {
    return net.relationship(a, b, rapport::Timestamp{std::chrono::seconds{600}})
        ->count(InteractionKind::message);
  };
  CHECK(messages(seven, zero_seven) == 2);
  CHECK(messages(seven, big) == 2);
  CHECK(net.contacts(seven).size() == 3);
}

TEST_CASE("an answered conversation scores above a cold message", "[replay]") {
  std::istringstream log(
      "a b 100\n"
      "b a 200\n"
      "a b 300\n"
      "c b 400\n"
      "a b 500\n"    // row 5: a writes to b again, after a two-way exchange
      "c b 600\n");  // row 6: c writes to b again, never answered
  std::ostringstream csv;
  rapport::Network net;
  rapport::replay_message_log(log, "log", csv, net);
  const auto rows = lines_of(csv.str());
  const auto total = [&](std::size_t row) { return std::stod(cells_of(rows[row])[3]); };
  CHECK(total(5) > total(6));
}

TEST_CASE("a malformed line is an error naming the source, the line and the field", "[replay][errors]") {
  struct Bad {
    std::string line;
    rapport::Errc code;
    std::string field;
    std::string value;
  };
  for (const Bad& bad : {
           Bad{"1\n", rapport::Errc::missing_field, "chat.txt:2: dst", ""},
           Bad{"1 2\n", rapport::Errc::missing_field, "chat.txt:2: ts", ""},
           Bad{"1 2 soon\n", rapport::Errc::invalid_timestamp, "chat.txt:2: ts", "soon"},
           Bad{"1 2 12x\n", rapport::Errc::invalid_timestamp, "chat.txt:2: ts", "12x"},
           Bad{"1 2 1e999\n", rapport::Errc::invalid_timestamp, "chat.txt:2: ts", "1e999"},
           // A handle that is not UTF-8, quoted byte by byte: a snapshot or CSV with it would not be either.
           Bad{"caf\xC3 2 300\n", rapport::Errc::parse_error, "chat.txt:2: src", "\\xC3"},
           Bad{"1 \xFF\xFE 300\n", rapport::Errc::parse_error, "chat.txt:2: dst", "\\xFF"},
           Bad{"1 \xED\xA0\x80 300\n", rapport::Errc::parse_error, "chat.txt:2: dst", "\\xED\\xA0\\x80"},
           // A handle longer than a member's may be: the network's own error, named by the line and field.
           Bad{"1 " + std::string(600, 'x') + " 300\n", rapport::Errc::out_of_range, "chat.txt:2: dst",
               "600 bytes"},
       }) {
    std::istringstream log("1 2 100\n" + bad.line);
    std::ostringstream csv;
    rapport::Network net;
    rapport_test::require_error([&] { rapport::replay_message_log(log, "chat.txt", csv, net); }, bad.code,
                                bad.field, bad.value);
    CHECK(net.member_count() == 2);  // the first line's, not the bad handle
  }
}

TEST_CASE("rows before a failing line stay written, however many there are", "[replay][errors]") {
  // Rows reach the stream in blocks: on failure the block in hand is written too. Three rows, and then
  // enough to fill blocks of 64 KiB several times over.
  const std::size_t good_lines = GENERATE(std::size_t{3}, std::size_t{5'000});
  std::string good;
  for (std::size_t i = 0; i < good_lines; ++i)
    good +=
        "u" + std::to_string(i % 97) + " v" + std::to_string(i % 89) + " " + std::to_string(1000 + i) + "\n";
  std::string failing;
  std::vector<std::string> failing_rows;  // how the rows of the failing lines start
  SECTION("a malformed line") {
    failing = "u1 v2 soon\n";
  }
  SECTION("a malformed line after a message far older than its pair's latest, which is written") {
    failing = "u0 v0 100000000\nu0 v0 1000\nu1 v2 soon\n";
    failing_rows = {"u0,v0,100000000,", "u0,v0,1000,"};
  }
  std::istringstream log(good + failing);
  std::ostringstream csv;
  rapport::Network net;
  CHECK_THROWS_AS(rapport::replay_message_log(log, "chat.txt", csv, net), rapport::Error);
  // What the good lines alone give, byte for byte, then the failing lines' rows.
  std::istringstream good_log(good);
  std::ostringstream good_csv;
  rapport::Network good_net;
  rapport::replay_message_log(good_log, "chat.txt", good_csv, good_net);
  REQUIRE(csv.str().starts_with(good_csv.str()));
  const auto rest = lines_of(csv.str().substr(good_csv.str().size()));
  REQUIRE(rest.size() == failing_rows.size());
  for (std::size_t i = 0; i < rest.size(); ++i) CHECK(rest[i].starts_with(failing_rows[i]));
}

TEST_CASE("the replay's own error is reported when the CSV stream fails too", "[replay][errors]") {
  // A stream that takes the header, then fails every write, and throws on failure: the first row is
  // lost, and what is reported is the malformed line after it, not the stream's failure.
  struct FailingAfterHeader : std::streambuf {
    std::size_t taken = 0;
    int overflow(int c) override {
      constexpr std::size_t header =
          std::string_view("src,dst,ts,total,relevance,context,load,reciprocity,learned\n").size();
      return taken < header ? (++taken, c) : traits_type::eof();
    }
  } failing;
  std::ostream csv(&failing);
  csv.exceptions(std::ios::badbit);
  std::istringstream log("1 2 100\n1 2 soon\n");
  rapport::Network net;
  rapport_test::require_error([&] { rapport::replay_message_log(log, "chat.txt", csv, net); },
                              rapport::Errc::invalid_timestamp, "chat.txt:2: ts", "soon");
  CHECK(csv.bad());
}

TEST_CASE("a handle in any script is a member", "[replay]") {
  std::istringstream log(
      "caf\xC3\xA9 \xE5\xBC\xA0\xE4\xBC\x9F 100\n\xE5\xBC\xA0\xE4\xBC\x9F caf\xC3\xA9 200\n");
  std::ostringstream csv;
  rapport::Network net;
  rapport::replay_message_log(log, "chat.txt", csv, net);
  CHECK(net.member_count() == 2);
  CHECK(net.find_member("caf\xC3\xA9").has_value());
  CHECK(lines_of(csv.str()).size() == 3);
}

TEST_CASE("a message far older than its pair's latest is scored, not recorded, and counted", "[replay]") {
  const bool learning = GENERATE(true, false);
  rapport::Policy policy;
  policy.learning.enabled = learning;
  // The third line is a year before the pair's latest message; the fifth, on a pair of its own, is out of
  // order but not stale, however old. The last comes weeks later: every outcome before it is learned.
  const std::string lines = "1 2 100000000\n2 1 100000100\n1 2 68000000\n2 1 100000200\n1 3 1000\n";
  std::istringstream log(lines + "4 5 110000000\n");
  std::ostringstream csv;
  rapport::Network net(policy);
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "chat.txt", csv, net);
  CHECK(stats.messages == 6);
  CHECK(stats.messages_out_of_order == 2);
  CHECK(stats.first_out_of_order_line == 3);
  CHECK(stats.first_out_of_order_behind == 2);
  CHECK(stats.stale_messages == 1);
  CHECK(stats.first_stale_line == 3);
  CHECK(stats.outcomes_learned == (learning ? 4u : 0u));  // the stale message is not learned from
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 7);
  CHECK(rows[3].starts_with("1,2,68000000,"));
  // The pair holds the three messages in time order and not the stale one.
  const auto rel = net.relationship(*net.find_member("2"), *net.find_member("1"),
                                    rapport::Timestamp{std::chrono::seconds{100000300}});
  REQUIRE(rel.has_value());
  CHECK(rel->by_other(rapport::InteractionKind::message) == 1);
  CHECK(rel->by_owner(rapport::InteractionKind::message) == 2);
  // The replay goes on as if the line were not there: its rows after it, and the network, are those of
  // the log without it.
  std::istringstream without("1 2 100000000\n2 1 100000100\n2 1 100000200\n1 3 1000\n4 5 110000000\n");
  std::ostringstream expected;
  rapport::Network other(policy);
  rapport::replay_message_log(without, "chat.txt", expected, other);
  const auto expected_rows = lines_of(expected.str());
  REQUIRE(expected_rows.size() == 6);
  for (std::size_t i = 3; i < expected_rows.size(); ++i) CHECK(rows[i + 1] == expected_rows[i]);
  std::ostringstream saved, saved_without;
  rapport::save_network(net, saved);
  rapport::save_network(other, saved_without);
  CHECK(saved.str() == saved_without.str());
}

TEST_CASE("an answer out of time order is credited to every message of its pair it answers",
          "[replay][learning]") {
  // "B A 1600" answers the late "A B 1500"; "B A 2000100" answers "A B 2000000", which is learned as
  // answered though the walk back from it meets the answered late message first.
  std::istringstream log("A B 2000000\nA B 1500\nB A 1600\nB A 2000100\nX Y 4000000\n");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "chat.txt", csv, net);
  REQUIRE(stats.outcomes_learned == 4);
  const boost::json::value saved = rapport::network_to_json(net);
  const boost::json::array& requesters = saved.at("learning").at("requesters").as_array();
  const auto a =
      std::ranges::find_if(requesters, [](const boost::json::value& r) { return r.at("member") == "A"; });
  REQUIRE(a != requesters.end());
  // Both of A's messages were answered: all its requests were taken up (the late one counts less).
  CHECK(a->at("requests").to_number<double>() > 1);
  CHECK(a->at("taken_up").to_number<double>() == a->at("requests").to_number<double>());
}

namespace {

/// A message log in time order where most seconds hold several messages: group mails from one sender to
/// several recipients, replies within the same second, repeats and self-messages. Each second's lines
/// are shuffled with `order`; the same `seed` gives the same messages.
std::string simultaneous_log(unsigned seed, std::mt19937& order) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> member(0, 29), recipients(1, 9), gap(0, 3), coin(0, 3);
  const auto handle = [](int m) { return m % 3 == 0 ? std::to_string(m) : "u" + std::to_string(m); };
  std::string log = "# from, to, unix seconds\n";
  long long t = 1'000'000;
  for (int second = 0; second < 150; ++second) {
    t += gap(rng) * 3600;
    std::vector<std::string> lines;
    const int sender = member(rng);
    for (int k = recipients(rng); k > 0; --k) {
      const int to = member(rng);
      lines.push_back(handle(sender) + " " + handle(to) + " " + std::to_string(t));
      if (coin(rng) == 0) lines.push_back(handle(to) + "\t" + handle(sender) + " " + std::to_string(t));
    }
    std::ranges::shuffle(lines, order);
    for (const std::string& line : lines) log += line + "\n";
  }
  return log;
}

/// The CSV and the saved network of replaying `log` into a fresh network with `policy`.
std::pair<std::string, std::string> replayed(const std::string& log, const rapport::Policy& policy) {
  std::istringstream in(log);
  std::ostringstream csv, saved;
  rapport::Network net(policy);
  rapport::replay_message_log(in, "log", csv, net);
  rapport::save_network(net, saved);
  return {csv.str(), saved.str()};
}

}  // namespace

TEST_CASE("simultaneous messages give the same CSV and network in any order", "[replay][determinism]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  const bool learning = GENERATE(true, false);
  rapport::Policy policy;
  policy.learning.enabled = learning;
  std::mt19937 first_order(100 + seed);
  const std::string log = simultaneous_log(seed, first_order);
  const auto expected = replayed(log, policy);
  for (unsigned shuffle = 0; shuffle < 4; ++shuffle) {
    std::mt19937 order(200 + 10 * seed + shuffle);
    const std::string reordered = simultaneous_log(seed, order);
    REQUIRE(reordered != log);  // the same messages, in another order within their seconds
    const auto got = replayed(reordered, policy);
    CHECK(got.first == expected.first);
    CHECK(got.second == expected.second);
  }
}

TEST_CASE("simultaneous messages are replayed by sender, then recipient", "[replay][determinism]") {
  std::istringstream log(
      "b a 100\n"
      "# a comment inside the second\n"
      "a c 100\n"
      "a b 100\n"
      "c a 200\n"
      "a b 50\n");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "log", csv, net);
  CHECK(stats.lines == 6);
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 6);
  CHECK(rows[1].starts_with("a,b,100,"));
  CHECK(rows[2].starts_with("a,c,100,"));
  CHECK(rows[3].starts_with("b,a,100,"));
  CHECK(rows[4].starts_with("c,a,200,"));
  CHECK(rows[5].starts_with("a,b,50,"));
  // Members are numbered in the order their messages were replayed.
  CHECK(net.find_member("a") == 0u);
  CHECK(net.find_member("b") == 1u);
}

TEST_CASE("a stale message in a reordered second is reported at its line in the file",
          "[replay][determinism]") {
  // Lines 3 and 4 share a second, replayed "1 2" first: the first stale line in the file is still 3.
  std::istringstream log("1 2 100000000\n3 4 100000000\n3 4 1000\n1 2 1000\n");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "chat.txt", csv, net);
  CHECK(stats.stale_messages == 2);
  CHECK(stats.first_stale_line == 3);
  CHECK(stats.messages_out_of_order == 2);
  CHECK(stats.first_out_of_order_line == 3);
  CHECK(stats.first_out_of_order_behind == 1);
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 5);
  CHECK(rows[3].starts_with("1,2,1000,"));
  CHECK(rows[4].starts_with("3,4,1000,"));
}

TEST_CASE("same-second runs with comments, blank lines and CRLF give the CSV they always gave", "[replay]") {
  // Each run is split once and its fields handed to scoring with the line: the rows below pin the order,
  // the fields and every formatted number (the constant relevance and load columns included).
  std::istringstream log(
      "\xEF\xBB\xBF# header\r\n"
      "b a 100\r\n"
      "% inside\n"
      "\n"
      "c a 100\n"
      "a b 100\n"
      "  a\tc 100  \n"
      "b a 200\n"
      "b b 200\n"
      "a b 200\n"
      "c b 300\n");
  std::ostringstream csv;
  rapport::Network net;
  const rapport::ReplayStats stats = rapport::replay_message_log(log, "log", csv, net);
  CHECK(stats.lines == 11);
  CHECK(stats.self_messages == 1);
  CHECK(csv.str() ==
        "src,dst,ts,total,relevance,context,load,reciprocity,learned\n"
        "a,b,100,0.275,0,0,1,0.5,0.275\n"
        "a,c,100,0.275,0,0,1,0.5,0.275\n"
        "b,a,100,0.4354941306389333,0,0.5767591338731761,1,0.5652173886825571,0.4354941306389333\n"
        "c,a,100,0.4354941306389333,0,0.5767591338731761,1,0.5652173886825571,0.4354941306389333\n"
        "a,b,200,0.43548190337220805,0,0.5767104749420016,1,0.5652171385468306,0.43548190337220805\n"
        "b,a,200,0.4642796544021034,0,0.6417342041219617,1,0.6153844134864518,0.4642796544021034\n"
        "c,b,300,0.2804396653253296,0,0.021758661301318316,1,0.5,0.2804396653253296\n");
}

TEST_CASE("the load column is the owner's energy, formatted again when the owner changes", "[replay]") {
  std::istringstream log("a b 100\nb a 200\na b 300\n");
  std::ostringstream csv;
  rapport::Network net;
  net.add_member({.handle = "a", .energy = 0.5});
  net.add_member({.handle = "b"});
  rapport::replay_message_log(log, "log", csv, net);
  const auto rows = lines_of(csv.str());
  REQUIRE(rows.size() == 4);
  CHECK(cells_of(rows[1])[6] == "1");
  CHECK(cells_of(rows[2])[6] == "0.5");
  CHECK(cells_of(rows[3])[6] == "1");
}

TEST_CASE("a malformed line in or after a same-second run is an error naming its line in the file",
          "[replay][errors][determinism]") {
  struct Bad {
    std::string log;
    rapport::Errc code;
    std::string field;
    std::string value;
    std::size_t rows;  // written before the error, the header included
  };
  for (const Bad& bad : {
           // A line without dst ends the run, after comments and a blank line: the run comes first.
           Bad{"b a 100\n# c\na c 100\n\na\n", rapport::Errc::missing_field, "chat.txt:5: dst", "", 3},
           Bad{"b a 100\na c 100\n# c\na c soon\n", rapport::Errc::invalid_timestamp, "chat.txt:4: ts",
               "soon", 3},
       }) {
    std::istringstream log(bad.log);
    std::ostringstream csv;
    rapport::Network net;
    rapport_test::require_error([&] { rapport::replay_message_log(log, "chat.txt", csv, net); }, bad.code,
                                bad.field, bad.value);
    CHECK(lines_of(csv.str()).size() == bad.rows);
  }
}
