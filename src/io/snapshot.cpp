// Network snapshots: everything a network holds, including its aggregated relationship state, which
// is written exactly and restored directly (the raw events behind it are not kept).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <optional>
#include <rapport/io.hpp>
#include <span>
#include <string>

#include "detail/json_read.hpp"
#include "detail/network_state.hpp"
#include "detail/snapshot_json.hpp"

namespace rapport {
namespace {

namespace json = boost::json;
using detail::JsonPath;
using detail::member_at;
using detail::NetworkState;
using detail::ObjectReader;
using detail::read_double;
using detail::read_fingerprint;
using detail::read_string;
using detail::read_timestamp;
using detail::write_fingerprint;
using detail::write_timestamp;

constexpr std::string_view snapshot_format = "rapport.network";

static_assert(detail::field_count<detail::PairRecord::View>() == 8,
              "PairRecord::View changed: save and restore it below");
static_assert(detail::field_count<detail::PairRecord>() == 5,
              "PairRecord changed: save and restore it below");

/// A member's view of the other: its side of the pair and the other's events towards it.
json::value write_view(const detail::PairRecord::View& v) {
  json::object out{{"knowledge", v.knowledge},
                   {"received", v.received},
                   {"harm", v.harm},
                   {"asks", v.asks},
                   {"awaited", v.awaited},
                   {"answers", v.answers},
                   {"from_other", detail::write_kind_counts(v.from_other)}};
  if (v.reached_out != detail::never) out["reached_out"] = write_timestamp(v.reached_out);
  return out;
}

detail::PairRecord::View read_view(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  detail::PairRecord::View v;
  // Decayed sums are never negative; a negative one would turn scores into nonsense.
  const auto amount = [&](std::string_view key, double& x) {
    if (const json::value* value = r.find(key)) {
      x = read_double(*value, path / key);
      if (x < 0) detail::json_fail(Errc::out_of_range, path / key, *value, "expected a number >= 0");
    }
  };
  amount("knowledge", v.knowledge);
  amount("received", v.received);
  amount("harm", v.harm);
  amount("asks", v.asks);
  amount("awaited", v.awaited);
  amount("answers", v.answers);
  r.get("from_other", v.from_other, detail::read_kind_counts);
  if (const json::value* t = r.find("reached_out")) v.reached_out = read_timestamp(*t, path / "reached_out");
  r.finish();
  return v;
}

void read_pair(NetworkState& s, const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  const JsonPath between_path = path / "between";
  const json::value& between = r.require("between");
  const json::array* ends = between.if_array();
  if (!ends || ends->size() != 2)
    detail::json_fail(Errc::wrong_type, between_path, between, "expected two handles");
  const MemberId a = member_at(s, (*ends)[0], between_path[0]);
  const MemberId b = member_at(s, (*ends)[1], between_path[1]);
  if (a == b) detail::json_fail(Errc::self_interaction, between_path[1], (*ends)[1]);
  const std::uint64_t key = NetworkState::pair_key(a, b);
  if (s.pair_index.contains(key, s.pair_checks()))
    detail::json_fail(Errc::inconsistent_state, between_path, between, "duplicate pair");

  detail::PairRecord p;
  p.first = read_timestamp(r.require("first"), path / "first");
  p.updated = read_timestamp(r.require("updated"), path / "updated");
  // Absent: no meaningful contact yet. Snapshots written before this was optional wrote the epoch for
  // none, which still reads as none.
  if (const json::value* v = r.find("last_meaningful"))
    if (const Timestamp t = read_timestamp(*v, path / "last_meaningful"); t != Timestamp{})
      p.last_meaningful = t;
  if (p.updated < p.first)
    detail::json_fail(Errc::inconsistent_state, path / "updated", r.object().at("updated"),
                      "before \"first\"");
  const JsonPath views_path = path / "views";
  const json::value& views = r.require("views");
  const json::array* sides = views.if_array();
  if (!sides || sides->size() != 2)
    detail::json_fail(Errc::wrong_type, views_path, views, "expected two views");
  // views[i] is between[i]'s view of the other; the state keeps the lower id's view first.
  const detail::PairRecord::View first = read_view((*sides)[0], views_path[0]);
  const detail::PairRecord::View second = read_view((*sides)[1], views_path[1]);
  p.lo = a < b ? first : second;
  p.hi = a < b ? second : first;
  r.finish();

  const std::uint32_t index = s.next_pair_index();
  s.saw(p.updated);
  s.pairs.push_back(detail::pack(s, p, key));
  s.pair_index.try_emplace(key, index, s.pair_checks());
  s.connect(a, b);
}

void read_ties(NetworkState& s, const json::value& jv, const JsonPath& path, std::vector<bool>& seen) {
  ObjectReader r(jv, path);
  const MemberId owner = member_at(s, r.require("owner"), path / "owner");
  if (seen[owner])
    detail::json_fail(Errc::inconsistent_state, path / "owner", r.object().at("owner"), "duplicate owner");
  seen[owner] = true;
  const JsonPath ties_path = path / "ties";
  const json::value& list = r.require("ties");
  const json::array* ties = list.if_array();
  if (!ties) detail::json_fail(Errc::wrong_type, ties_path, list, "expected an array");
  if (ties->size() > detail::TopTies::capacity)
    detail::json_fail(Errc::out_of_range, ties_path, list,
                      "expected at most " + std::to_string(detail::TopTies::capacity) + " ties");
  detail::TopTies& top = s.top_ties[owner];
  for (std::size_t i = 0; i < ties->size(); ++i) {
    const JsonPath tie_path = ties_path[i];
    ObjectReader t((*ties)[i], tie_path);
    const json::value& who = t.require("member");
    const MemberId id = member_at(s, who, tie_path / "member");
    // A tie may name a member without a pair here: a list installed from the network that holds all of
    // the owner's events (`Network::set_strongest_ties`), as a shard holds the lists of members it does
    // not own.
    if (id == owner)
      detail::json_fail(Errc::inconsistent_state, tie_path / "member", who, "a member is not its own tie");
    if (top.find(id) != detail::TopTies::not_listed)
      detail::json_fail(Errc::inconsistent_state, tie_path / "member", who, "duplicate tie");
    const json::value& k = t.require("key");
    const double key = read_double(k, tie_path / "key");
    // The list is kept strongest first; vouching relies on that order.
    if (const std::size_t listed = top.size(); listed > 0 && key > top.keys[listed - 1])
      detail::json_fail(Errc::inconsistent_state, tie_path / "key", k,
                        "ties must be in order of decreasing key");
    const Timestamp since = read_timestamp(t.require("since"), tie_path / "since");
    t.finish();
    top.append(id, key, since);
  }
  r.finish();
}

json::value write_ask(const NetworkState& s, MemberId owner, const std::string& requester,
                      const detail::AskHistory& h) {
  return json::object{
      {"owner", s.members.handle(owner)},  {"requester", requester},          {"count", h.count},
      {"first", write_timestamp(h.first)}, {"last", write_timestamp(h.last)}, {"decayed", h.decayed}};
}

void read_ask(NetworkState& s, const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  const MemberId owner = member_at(s, r.require("owner"), path / "owner");
  const json::value& who = r.require("requester");
  const std::string requester = read_string(who, path / "requester");
  if (requester.empty()) detail::json_fail(Errc::empty_handle, path / "requester", who);
  if (s.find_member(requester) == owner)  // by any of the owner's keys
    detail::json_fail(Errc::self_interaction, path / "requester", who);
  detail::AskHistory h;
  const json::value& count = r.require("count");
  h.count = detail::read_u32(count, path / "count");
  if (h.count == 0) detail::json_fail(Errc::out_of_range, path / "count", count, "expected a count >= 1");
  h.first = read_timestamp(r.require("first"), path / "first");
  h.last = read_timestamp(r.require("last"), path / "last");
  if (h.last < h.first)
    detail::json_fail(Errc::inconsistent_state, path / "last", r.object().at("last"), "before \"first\"");
  const json::value& decayed = r.require("decayed");
  h.decayed = read_double(decayed, path / "decayed");
  if (h.decayed < 0)
    detail::json_fail(Errc::out_of_range, path / "decayed", decayed, "expected a number >= 0");
  r.finish();
  if (!s.inboxes[owner].asks.try_emplace(requester, h).second)
    detail::json_fail(Errc::inconsistent_state, path / "requester", who,
                      "duplicate requester for this owner");
}

/// Top ties of a snapshot that does not list them (written by hand): each tie offered once, in pair
/// order, with the time-free key `Network::record` gives it.
void recompute_ties(NetworkState& s) {
  const auto ends = s.pair_members();
  for (std::size_t i = 0; i < s.pairs.size(); ++i) {
    const auto [lo, hi] = ends[i];
    const detail::PairState& p = s.pairs[i];
    const Timestamp reference = detail::reference_time(p.updated, s.policy.decay);
    if (p.lo.knowledge > 0)
      s.top_ties[lo].offer(hi, detail::tie_key(p.lo, reference, s.policy.decay), p.updated, s.members);
    if (p.hi.knowledge > 0)
      s.top_ties[hi].offer(lo, detail::tie_key(p.hi, reference, s.policy.decay), p.updated, s.members);
  }
}

/// Calls `item` with each element of the array under `key` and its path; with none if `key` is absent.
template <class Item>
void each(ObjectReader& r, const JsonPath& root, std::string_view key, Item&& item) {
  const JsonPath path = root / key;
  const json::value* v = r.find(key);
  if (!v) return;
  const json::array* a = v->if_array();
  if (!a) detail::json_fail(Errc::wrong_type, path, *v, "expected an array");
  for (std::size_t i = 0; i < a->size(); ++i) item((*a)[i], path[i]);
}

/// Runs `f`, a change through the network's own API with what was read from `object`: an `Error` it
/// throws names the snapshot's `path` and quotes the value from `object`.
template <class F>
void at_path(const JsonPath& path, const json::value* object, F&& f) {
  try {
    f();
  } catch (const JsonError&) {
    throw;
  } catch (const Error& e) {
    detail::rethrow_at(e, path, object);
  }
}

/// An empty network with the snapshot's policy, or the default one.
Network network_with_policy(ObjectReader& r, const JsonPath& root) {
  Policy policy;
  const JsonPath policy_path = root / "policy";
  const json::value* v = r.find("policy");
  if (v) policy = detail::read_policy(*v, policy_path);
  std::optional<Network> built;
  at_path(policy_path, v, [&] { built.emplace(policy); });
  return std::move(*built);
}

/// Records the snapshot's posts by channel and time, so that a hand-written file in another order is not
/// refused as late.
void read_posts(ObjectReader& r, const JsonPath& root, Network& net) {
  const NetworkState& s = detail::NetworkAccess::state(net);
  struct Pending {
    Post post;
    ChannelId channel;
    std::size_t index;
    const json::value* json;
  };
  std::vector<Pending> posts;
  each(r, root, "posts", [&](const json::value& v, const JsonPath& p) {
    Post post = detail::read_post(v, p);
    const auto channel = s.find_channel(post.owner, post.channel);
    if (!channel) {
      const auto& fields = v.get_object();
      const bool known = s.find_member(post.owner) != detail::MemberIndex::npos;
      const char* bad = known ? "channel" : "owner";
      detail::json_fail(known ? Errc::unknown_channel : Errc::unknown_member, p / bad, fields.at(bad));
    }
    posts.push_back({std::move(post), *channel, posts.size(), &v});
  });
  std::stable_sort(posts.begin(), posts.end(), [](const Pending& a, const Pending& b) {
    return a.channel != b.channel ? a.channel < b.channel : a.post.at < b.post.at;
  });
  for (const Pending& p : posts) {
    const JsonPath posts_path = root / "posts";
    at_path(posts_path[p.index], p.json, [&] { net.record(p.post); });
  }
}

/// Restores the times each owner received requests, at most one list per owner.
void read_inflow(ObjectReader& r, const JsonPath& root, NetworkState& s) {
  std::vector<bool> seen(s.members.size(), false);
  each(r, root, "inflow", [&](const json::value& v, const JsonPath& p) {
    ObjectReader in(v, p);
    const MemberId owner = member_at(s, in.require("owner"), p / "owner");
    if (seen[owner])
      detail::json_fail(Errc::inconsistent_state, p / "owner", in.object().at("owner"), "duplicate owner");
    seen[owner] = true;
    auto times = detail::read_array(in.require("received"), p / "received", read_timestamp);
    std::sort(times.begin(), times.end());
    if (!times.empty()) {
      s.saw(times.back());
      s.inboxes[owner].inflow = std::move(times);
    }
    in.finish();
  });
}

/// Restores the top ties the snapshot lists, or works them out from the pairs if it lists none.
void read_top_ties(ObjectReader& r, const JsonPath& root, NetworkState& s) {
  if (r.find("top_ties")) {
    std::vector<bool> seen(s.members.size(), false);
    each(r, root, "top_ties", [&](const json::value& v, const JsonPath& p) { read_ties(s, v, p, seen); });
  } else {
    recompute_ties(s);
  }
}

/// Adds the snapshot's fingerprints of recorded events.
void read_fingerprints(ObjectReader& r, const JsonPath& root, NetworkState& s) {
  // Posts added their own fingerprints already; a snapshot without the list (older, or by hand) holds
  // no others, and applying a log again to it records that log's events again.
  if (const json::value* v = r.find("fingerprints")) {
    const auto prints = detail::read_array(*v, root / "fingerprints", read_fingerprint);
    s.fingerprints.reserve_more(prints.size());
    for (const std::uint64_t f : prints) s.fingerprints.insert(f);
  }
}

Network read_network(const json::value& jv) {
  const JsonPath root;
  ObjectReader r(jv, root);
  const int version = detail::read_envelope(r, snapshot_format, detail::snapshot_version);
  Network net = network_with_policy(r, root);
  NetworkState& s = detail::NetworkAccess::state(net);
  each(r, root, "members", [&](const json::value& v, const JsonPath& p) {
    Member m = detail::read_member(v, p);
    at_path(p, &v, [&] { net.add_member(std::move(m)); });
  });
  each(r, root, "channels", [&](const json::value& v, const JsonPath& p) {
    Channel c = detail::read_channel(v, p);
    at_path(p, &v, [&] { net.add_channel(std::move(c)); });
  });
  read_posts(r, root, net);
  read_inflow(r, root, s);
  each(r, root, "asks", [&](const json::value& v, const JsonPath& p) { read_ask(s, v, p); });
  each(r, root, "pairs", [&](const json::value& v, const JsonPath& p) { read_pair(s, v, p); });
  read_top_ties(r, root, s);
  read_fingerprints(r, root, s);
  if (const json::value* v = r.find("learning")) detail::read_learning(s, *v, root / "learning", version);
  r.finish();
  return net;
}

/// The owners that received a request, ascending: a snapshot lists them so, whatever the hash map's order.
std::vector<MemberId> owners_with_inbox(const NetworkState& s) {
  std::vector<MemberId> out;
  out.reserve(s.inboxes.size());
  for (const auto& [owner, inbox] : s.inboxes) out.push_back(owner);
  std::sort(out.begin(), out.end());
  return out;
}

/// Each owner's times of received requests, for the `owners` that received any.
json::array write_inflow(const NetworkState& s, std::span<const MemberId> owners) {
  json::array inflow;
  for (const MemberId m : owners) {
    if (s.inboxes.at(m).inflow.empty()) continue;
    json::array times;
    for (const Timestamp t : s.inboxes.at(m).inflow) times.push_back(write_timestamp(t));
    inflow.push_back(json::object{{"owner", s.members.handle(m)}, {"received", std::move(times)}});
  }
  return inflow;
}

/// What each of `owners` received from each requester.
json::array write_asks(const NetworkState& s, std::span<const MemberId> owners) {
  // By owner, then requester handle: the hash map's order would differ after loading.
  json::array asks;
  for (const MemberId m : owners) {
    std::vector<const std::pair<const std::string, detail::AskHistory>*> from;
    for (const auto& entry : s.inboxes.at(m).asks) from.push_back(&entry);
    std::sort(from.begin(), from.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* entry : from) asks.push_back(write_ask(s, m, entry->first, entry->second));
  }
  return asks;
}

json::array write_pairs(const NetworkState& s) {
  // Pairs in the order they were created, which is also the order `contacts` reports.
  const auto ends = s.pair_members();
  json::array pairs;
  for (std::size_t i = 0; i < s.pairs.size(); ++i) {
    const detail::PairRecord p = detail::unpack(s, s.pairs[i]);
    const auto [lo, hi] = ends[i];
    json::object pair{
        {"between", json::array{json::value(s.members.handle(lo)), json::value(s.members.handle(hi))}},
        {"first", write_timestamp(p.first)},
        {"updated", write_timestamp(p.updated)}};
    if (p.last_meaningful != detail::never) pair["last_meaningful"] = write_timestamp(p.last_meaningful);
    pair["views"] = json::array{write_view(p.lo), write_view(p.hi)};
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

/// Each member's strongest ties, for the members that have any.
json::array write_top_ties(const NetworkState& s) {
  json::array top_ties;
  for (MemberId m = 0; m < s.top_ties.size(); ++m) {
    const detail::TopTies& t = s.top_ties[m];
    const std::size_t listed = t.size();
    if (listed == 0) continue;
    json::array ties;
    for (std::size_t i = 0; i < listed; ++i)
      ties.push_back(json::object{{"member", s.members.handle(t.ids[i])},
                                  {"key", t.keys[i]},
                                  {"since", write_timestamp(t.since(i))}});
    top_ties.push_back(json::object{{"owner", s.members.handle(m)}, {"ties", std::move(ties)}});
  }
  return top_ties;
}

}  // namespace

json::value network_to_json(const Network& network) {
  const NetworkState& s = detail::NetworkAccess::state(network);
  json::object out = detail::write_envelope(snapshot_format, detail::snapshot_version);
  json::object policy;
  detail::write_policy_fields(s.policy, policy);
  out["policy"] = std::move(policy);

  json::array members;
  for (MemberId m = 0; m < s.members.size(); ++m) members.push_back(json::value_from(s.members.record(m)));
  out["members"] = std::move(members);

  json::array channels, posts;
  for (const detail::ChannelState& c : s.channels) {
    channels.push_back(json::value_from(c.channel));
    for (const Post& p : c.posts) posts.push_back(json::value_from(p));
  }
  out["channels"] = std::move(channels);
  out["posts"] = std::move(posts);
  const std::vector<MemberId> owners = owners_with_inbox(s);
  out["inflow"] = write_inflow(s, owners);
  out["asks"] = write_asks(s, owners);
  out["pairs"] = write_pairs(s);
  out["top_ties"] = write_top_ties(s);
  out["learning"] = detail::write_learning(s);

  json::array fingerprints;
  for (const std::uint64_t f : s.fingerprints.sorted()) fingerprints.push_back(write_fingerprint(f));
  out["fingerprints"] = std::move(fingerprints);
  return out;
}

Network network_from_json(const json::value& jv, std::string_view source_name) {
  return detail::with_source(std::string(source_name) + ": ", [&] { return read_network(jv); });
}

void save_network(const Network& network, std::ostream& out) {
  out << to_json_text(network_to_json(network)) << '\n';
}

Network load_network(std::istream& in, std::string_view source_name) {
  return network_from_json(parse_json(in, source_name), source_name);
}

}  // namespace rapport
