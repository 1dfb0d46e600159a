// Replays a message log ("src dst unix_seconds" per line) with its owners split across N networks, the
// shards, by a hash of their handle, and writes the CSV of `rapport replay --no-learning`, bit for bit:
//
//   sharded_replay LOG SHARDS > scores.csv
//
// Each message from a to b is a request from a to b, scored in b's shard against the history before it,
// then recorded in the shards of a and of b: a pair's state holds both directions, so every shard that
// owns one of its members holds it whole. Vouching also reads the strongest ties of the owner's strongest
// ties, whom other shards may own, and a shard's own list of such a member counts only the events that
// shard was fed. So the shards publish their owners' lists after each message (`strongest_ties`), and
// the scoring shard installs the published lists of the owner's ties before it scores
// (`set_strongest_ties`). docs/scaling.md maps this onto a stream engine's keyed state.
//
// Learning is off. `rapport replay` learns from whether each message was answered, through state that
// is global (one model for all owners; each requester's record of being answered by anyone); the public
// API learns only from recorded requests, which would add `asked` events to the pairs. With learning on,
// the four dimensions stay equal and the total and learned columns differ: docs/scaling.md says by how much.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <rapport/core.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

/// A line of the log: its fields as written, and its time.
struct Message {
  std::string src{}, dst{}, ts{}, line{};
  rapport::Timestamp at{};
};

/// The messages of a log, each run of consecutive lines at one second in the order `rapport replay`
/// gives it (by sender, recipient, then the whole line), so that neither depends on the log's order.
std::vector<Message> read_log(std::istream& in) {
  std::vector<Message> log;
  for (std::string line; std::getline(in, line);) {
    Message m{.line = line};
    std::istringstream fields(line);
    if (!(fields >> m.src) || m.src[0] == '#' || m.src[0] == '%') continue;
    const auto at = fields >> m.dst >> m.ts ? rapport::parse_unix_seconds(m.ts) : std::nullopt;
    if (!at)
      throw std::runtime_error("not a message: " + line);  // fields after ts are ignored, as replay does
    m.at = *at;
    log.push_back(std::move(m));
  }
  for (auto run = log.begin(); run != log.end();) {
    const auto end = std::find_if(run, log.end(), [&](const Message& m) { return m.at != run->at; });
    std::ranges::sort(run, end, {}, [](const Message& m) { return std::tie(m.src, m.dst, m.line); });
    run = end;
  }
  return log;
}

/// The networks, each recording the events of the owners that hash to it, and the lists of ties that each
/// publishes for its owners: here a map, on a platform a compacted topic (docs/scaling.md).
class Shards {
 public:
  explicit Shards(std::size_t n, const rapport::Policy& policy) : networks_(n, rapport::Network(policy)) {}

  /// The message scored as a request from its sender, in the recipient's shard.
  rapport::Score score(const Message& m) {
    const std::size_t k = shard_of(m.dst);
    rapport::Network& net = networks_[k];
    member(k, m.src);
    // The owner's own list is whole here; its ties' lists come from the shards that own them.
    for (const rapport::Tie& t : net.strongest_ties(member(k, m.dst)))
      if (shard_of(t.member) != k)
        net.set_strongest_ties(*net.find_member(t.member), published_.at(t.member));
    return rapport::score(net, {.requester = m.src, .owner = m.dst}, m.at);
  }

  /// Records the message in the shards of both its members and publishes their lists of ties. The id
  /// keeps a repeated line a second message, as replay counts it.
  void record(const Message& m, std::size_t seq) {
    const rapport::Interaction e{.from = m.src, .to = m.dst, .at = m.at, .id = std::to_string(seq)};
    for (const std::size_t k : {shard_of(m.src), shard_of(m.dst)}) {
      member(k, m.src);
      member(k, m.dst);
      try {
        networks_[k].record(e);  // the second time in one shard, a no-op: the same id
      } catch (const rapport::Error& error) {
        // Far older than the pair's latest message: scored, not recorded, as replay does.
        if (error.code() != rapport::Errc::stale_event) throw;
      }
    }
    for (const std::string& h : {m.src, m.dst})
      published_[h] = networks_[shard_of(h)].strongest_ties(member(shard_of(h), h));
  }

 private:
  std::size_t shard_of(const std::string& handle) const {
    return std::hash<std::string>{}(handle) % networks_.size();
  }
  rapport::MemberId member(std::size_t k, const std::string& handle) {
    const auto id = networks_[k].find_member(handle);
    return id ? *id : networks_[k].add_member({.handle = handle});
  }

  std::vector<rapport::Network> networks_;
  std::map<std::string, std::vector<rapport::Tie>> published_;  // each member's ties, from its shard
};

void write_row(std::ostream& out, const Message& m, const rapport::Score& s) {
  std::string row = m.src + ',' + m.dst + ',' + m.ts;
  for (const double x : {s.total, s.relevance, s.prior_context, s.audience_load, s.reciprocity, s.learned}) {
    char buf[32];
    row += ',';
    row.append(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
  }
  out << row << '\n';
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 3) {
    std::cerr << "usage: sharded_replay LOG SHARDS\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) throw std::runtime_error(std::string("cannot open ") + argv[1]);
  rapport::Policy policy;
  policy.learning.enabled = false;
  Shards shards(static_cast<std::size_t>(std::max(1, std::atoi(argv[2]))), policy);
  std::cout << "src,dst,ts,total,relevance,context,load,reciprocity,learned\n";
  const std::vector<Message> log = read_log(in);
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i].src == log[i].dst) continue;  // replay skips a member's message to itself
    write_row(std::cout, log[i], shards.score(log[i]));
    shards.record(log[i], i);
  }
} catch (const std::exception& e) {
  std::cerr << "sharded_replay: " << e.what() << '\n';
  return 1;
}
