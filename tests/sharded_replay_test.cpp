// examples/sharded_replay against the single network's replay, on generated message logs: the owners
// split across shards by hash, fed only their own events and the shared lists of ties.
#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <rapport/core.hpp>
#include <rapport/replay.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// A log of `messages` messages among `members` members in groups of about ten, who mostly write within
/// their group and often answer: ties strong enough for vouching. About one message in six shares the
/// previous one's second, and the members of each run are listed in no particular order. Only the raw
/// bits of the generator are used, which the standard fixes, so the log is the same everywhere.
std::string generated_log(std::uint32_t seed, std::uint32_t members, std::size_t messages) {
  std::mt19937 bits(seed);
  const auto below = [&](std::uint32_t n) { return static_cast<std::uint32_t>(bits() % n); };
  std::ostringstream log;
  log << "# generated: " << members << " members\n";
  std::int64_t ts = 1'700'000'000;
  std::uint32_t last_src = 0, last_dst = 1;
  for (std::size_t i = 0; i < messages; ++i) {
    std::uint32_t src = below(members), dst = 0;
    if (below(3) == 0) {
      src = last_dst;  // an answer
      dst = last_src;
    } else if (below(5) != 0) {
      dst = (src / 10) * 10 + below(10);  // within the group
    } else {
      dst = below(members);
    }
    dst %= members;
    if (below(6) != 0) ts += below(4 * 3600);
    log << src << ' ' << dst << ' ' << ts << '\n';
    last_src = src;
    last_dst = dst;
  }
  return log.str();
}

/// The CSV of the single network's replay of `log`.
std::string single_replay(const std::string& log, bool learning) {
  rapport::Policy policy;
  policy.learning.enabled = learning;
  rapport::Network network(policy);
  std::istringstream in(log);
  std::ostringstream csv;
  rapport::replay_message_log(in, "log", csv, network);
  return csv.str();
}

/// The CSV of examples/sharded_replay on `log` with `shards` shards, through files named after `test`
/// (ctest runs test cases in parallel).
std::string sharded_replay(const std::string& log, int shards, const std::string& test) {
  const std::string stem = std::string(RAPPORT_TEST_BINARY_DIR) + "/sharded-" + test;
  const std::string log_path = stem + ".txt", csv_path = stem + ".csv";
  std::ofstream(log_path) << log;
  const std::string command =
      std::string(RAPPORT_SHARDED_REPLAY) + ' ' + log_path + ' ' + std::to_string(shards) + " > " + csv_path;
  REQUIRE(std::system(command.c_str()) == 0);
  std::ostringstream csv;
  csv << std::ifstream(csv_path).rdbuf();
  return csv.str();
}

/// The rows of a CSV, each split into its fields.
std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string>& row = rows.emplace_back();
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) row.push_back(field);
  }
  return rows;
}

/// How many messages of `log` the single network scores with context lent by one of the owner's ties.
std::size_t vouched_messages(const std::string& log) {
  rapport::Policy policy;
  policy.learning.enabled = false;
  rapport::Network net(policy);
  std::istringstream in(log);
  std::size_t vouched = 0, seq = 0;
  std::string src, dst, ts;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    if (!(fields >> src >> dst >> ts) || src[0] == '#' || src == dst) continue;
    const rapport::Timestamp at = *rapport::parse_unix_seconds(ts);
    for (const std::string& h : {src, dst})
      if (!net.find_member(h)) net.add_member({.handle = h});
    const rapport::Score s = rapport::score(net, {.requester = src, .owner = dst}, at);
    for (const rapport::Reason& r : s.reasons) vouched += r.code == rapport::ReasonCode::known_through_tie;
    net.record(rapport::Interaction{.from = src, .to = dst, .at = at, .id = std::to_string(seq++)});
  }
  return vouched;
}

}  // namespace

TEST_CASE("with learning off, the sharded replay's CSV is the single network's, byte for byte", "[sharded]") {
  const std::string log = generated_log(15, 300, 4000);
  // The log lends context through ties: the shared lists of ties are needed.
  REQUIRE(vouched_messages(log) > 100);
  const std::string single = single_replay(log, false);
  REQUIRE(rows_of(single).size() > 3500);
  for (const int shards : {1, 2, 5, 16}) {
    CAPTURE(shards);
    CHECK(sharded_replay(log, shards, "learning-off") == single);
  }
}

TEST_CASE("the sharded replay does not depend on the order of simultaneous messages", "[sharded]") {
  // The same log with each second's messages reversed.
  const std::string log = generated_log(7, 200, 2000);
  std::istringstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto second = [](const std::string& line) { return line.substr(line.rfind(' ')); };
  std::string reversed;
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t end = i + 1;
    while (end < lines.size() && second(lines[end]) == second(lines[i])) ++end;
    for (std::size_t k = end; k > i; --k) reversed += lines[k - 1] + '\n';
    i = end;
  }
  REQUIRE(reversed != log);
  CHECK(sharded_replay(reversed, 4, "reversed") == single_replay(log, false));
}

TEST_CASE("with learning on, only the total and learned columns differ, and only once outcomes are learned",
          "[sharded]") {
  const std::string log = generated_log(15, 300, 4000);
  const auto single = rows_of(single_replay(log, true));
  const auto sharded = rows_of(sharded_replay(log, 5, "learning-on"));
  REQUIRE(single.size() == sharded.size());
  const std::int64_t first = std::stoll(single[1][2]);
  std::size_t differ = 0;
  for (std::size_t i = 1; i < single.size(); ++i) {
    CAPTURE(i);
    // src, dst, ts and the four dimensions: learning moves none of them.
    for (const std::size_t column : {0, 1, 2, 4, 5, 6, 7}) CHECK(sharded[i][column] == single[i][column]);
    // No outcome is learned before the first message's answer window has passed.
    const bool learned_any = std::stoll(single[i][2]) > first + 7 * 24 * 3600;
    if (!learned_any) CHECK(sharded[i] == single[i]);
    differ += sharded[i] != single[i];
  }
  CHECK(differ > 0);
}

TEST_CASE("a message far out of time order is scored and not recorded, sharded as in one network",
          "[sharded]") {
  // Ten lines of the log again, a year early, halfway through it: most fall on pairs that met by then.
  std::vector<std::string> lines;
  std::istringstream in(generated_log(15, 300, 4000));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::string> early;
  for (std::size_t i = 1000; i < 1010; ++i) {
    std::istringstream fields(lines[i]);
    std::string src, dst;
    std::int64_t ts = 0;
    fields >> src >> dst >> ts;
    REQUIRE(src != dst);  // a self-message would be skipped, and not counted below
    early.push_back(src + ' ' + dst + ' ' + std::to_string(ts - 365 * 86400));
  }
  lines.insert(lines.begin() + 2000, early.begin(), early.end());
  std::string log;
  for (const std::string& line : lines) log += line + '\n';

  rapport::Policy policy;
  policy.learning.enabled = false;
  rapport::Network network(policy);
  std::istringstream replayed(log);
  std::ostringstream csv;
  const rapport::ReplayStats stats = rapport::replay_message_log(replayed, "log", csv, network);
  CHECK(stats.messages_out_of_order == 10);  // the lines inserted, 2001 to 2010, and no other
  CHECK(stats.first_out_of_order_line == 2001);
  CHECK(stats.stale_messages >= 5);
  CHECK(stats.first_stale_line >= 2001);
  CHECK(stats.first_stale_line <= 2010);
  CHECK(sharded_replay(log, 3, "stale") == csv.str());
}
