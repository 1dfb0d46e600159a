// Benchmarks of rapport's hot paths on a synthetic network of 100,000 members:
//   BM_Ingest         Network::record(const Interaction&) over 3 M pre-built events, fresh network each run
//   BM_IngestBatch    the same events in one Network::record(std::span<const Interaction>)
//   BM_IngestBatchKnownPairs  the same events two years later, in one batch, into a network holding the first
//   BM_Score          rapport::score on a pool of 1,000 pre-built requests, one request per iteration
//   BM_Score/<mix>    the same, restricted to one kind of requester (stranger, tie, vouched, unknown)
//   BM_ScoreLatency   every request of the pool timed on its own: per-request percentiles
//   BM_ScoreAll       rapport::score_all on 10,000 requests with 1 and 2 threads
//   BM_ScoreAllPool   the same on a ScoringPool of 1 and 2 threads kept alive across calls
//   BM_UpdateMemberAliases  Network::update_member changing one member's aliases among 100,000 members
//   BM_ScoreLearned/learning:<0|1|2>  BM_Score's pool on a copy of the network whose owners have learned
//                     from outcomes, with learning off and on: the model's cost; 2: on, with a warm-up
//                     past every owner's outcomes, so `learned` is computed but moves no total or
//                     decision: the model's own cost, apart from what its decisions then cost
// Everything is generated from fixed seeds, outside the timed regions. See bench/README.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <limits>
#include <memory>
#include <random>
#include <rapport/rapport.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono;
using rapport::InteractionKind;
using rapport::MemberId;
using rapport::Timestamp;

constexpr std::uint32_t member_count = 100'000;
constexpr std::uint32_t owner_count = 50;       // members 0..49: hubs, with channels and posts
constexpr std::size_t event_count = 3'000'000;  // interactions over two years
constexpr std::size_t request_pool = 1'000;
constexpr std::size_t score_all_requests = 10'000;
constexpr std::uint32_t community_size = 1'000;  // neighbours on the id ring share a niche

const Timestamp history_begin = sys_days{year{2024} / January / 1};
const Timestamp now = history_begin + days{730} + hours{9};  // a Wednesday morning, two years later

// ---------------------------------------------------------------- synthetic data

/// A small hierarchical topic tree: leaves, grouped by root so members of a community stay close.
const std::vector<std::vector<std::string>> topic_roots = {
    {"marketing/social-media", "marketing/seo", "marketing/email", "marketing/content/blogging",
     "marketing/content/video"},
    {"books/fiction/fantasy", "books/fiction/crime", "books/non-fiction", "books/publishing"},
    {"coaching/business", "coaching/life", "coaching/fitness"},
    {"tech/programming/cpp", "tech/programming/web", "tech/ai", "tech/devops"},
    {"food/recipes", "food/vegan", "food/baking"},
    {"travel/europe", "travel/budget", "travel/vanlife"},
    {"pets/dogs", "pets/cats", "pets/dog-collars"},
    {"finance/investing", "finance/budgeting"},
    {"design/ux", "design/illustration"},
    {"music/production", "music/indie"},
};

std::string handle(std::uint32_t id) {
  return "@m" + std::to_string(id) + "@example.social";
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(0, slash);
}

struct Data {
  std::vector<rapport::Member> members;
  std::vector<rapport::Channel> channels;
  std::vector<rapport::Interaction> events;  // increasing timestamps
  std::vector<rapport::Post> posts;          // sorted by time per channel
  std::vector<std::string> leaves;
};

/// A random leaf topic of the root `root`.
const std::string& leaf_of(std::size_t root, std::mt19937_64& rng) {
  const auto& leaves = topic_roots[root];
  return leaves[std::uniform_int_distribution<std::size_t>(0, leaves.size() - 1)(rng)];
}

std::vector<rapport::Member> make_members(std::mt19937_64& rng) {
  std::vector<rapport::Member> members;
  members.reserve(member_count);
  std::bernoulli_distribution coin(0.5), rare(0.2), competitor(0.02), strategic(0.01), generalist(0.1);
  std::uniform_int_distribution<std::size_t> any_root(0, topic_roots.size() - 1);
  for (std::uint32_t i = 0; i < member_count; ++i) {
    rapport::Member m;
    m.handle = handle(i);
    m.name = "Member " + std::to_string(i);
    const std::size_t root = (i / community_size) % topic_roots.size();
    std::string primary = leaf_of(root, rng);
    if (generalist(rng)) primary = parent_of(primary);  // e.g. "marketing" or "books/fiction"
    m.topics.push_back({primary, 1.0});
    if (coin(rng)) {
      std::string second = leaf_of(root, rng);
      if (second != primary) m.topics.push_back({std::move(second), 0.5});
    }
    if (rare(rng)) {
      std::string other = leaf_of(any_root(rng), rng);
      if (std::none_of(m.topics.begin(), m.topics.end(),
                       [&](const rapport::Topic& t) { return t.path == other; }))
        m.topics.push_back({std::move(other), 0.3});
    }
    m.competitor = i >= owner_count && competitor(rng);
    m.strategic = strategic(rng);
    if (m.strategic) m.cadence = days{14};
    members.push_back(std::move(m));
  }
  // Owners: one is in a launch window now, a few have one coming, some are tired.
  for (std::uint32_t o = 0; o < owner_count; ++o) {
    rapport::Member& m = members[o];
    if (o == 7) m.launches.push_back({now - days{2}, now + days{5}});
    if (o % 5 == 1) m.launches.push_back({now + days{20}, now + days{27}});
    if (o % 6 == 2) m.energy = 0.7;
  }
  return members;
}

/// Ties: each member starts 8-20 of them (about 1.4 M in all, ~28 per member counting both ends), most
/// with ring neighbours (same community), a quarter with members drawn by a power law that makes the
/// low ids (the owners) hubs with hundreds of ties.
std::vector<std::pair<MemberId, MemberId>> make_links(std::mt19937_64& rng) {
  std::vector<std::pair<MemberId, MemberId>> links;
  links.reserve(std::size_t{member_count} * 15);
  std::uniform_int_distribution<int> degree(8, 20), offset(1, 1500);
  std::bernoulli_distribution local(0.75), coin(0.5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::uint32_t u = 0; u < member_count; ++u) {
    const int k = degree(rng);
    for (int j = 0; j < k; ++j) {
      std::uint32_t v;
      if (local(rng)) {
        const auto d = static_cast<std::uint32_t>(offset(rng));
        v = coin(rng) ? (u + d) % member_count : (u + member_count - d) % member_count;
      } else {
        const double x = unit(rng);
        v = std::min(member_count - 1, static_cast<std::uint32_t>(member_count * x * x));
      }
      if (v != u) links.emplace_back(u, v);
    }
  }
  std::shuffle(links.begin(), links.end(), rng);
  return links;
}

std::vector<rapport::Interaction> make_events(const std::vector<std::pair<MemberId, MemberId>>& links,
                                              std::mt19937_64& rng) {
  // Mostly messages and likes; every kind occurs.
  constexpr std::array<double, rapport::interaction_kind_count> kind_weights{
      1.5,   // met_in_person
      4.0,   // call
      45.0,  // message
      35.0,  // liked
      2.0,   // purchased
      1.0,   // vetted
      2.0,   // feedback
      2.0,   // promoted
      1.0,   // collaborated
      1.0,   // introduced
      3.0,   // asked
      1.0,   // declined_request
      0.8,   // kept_promise
      0.4,   // broke_promise
      0.3,   // cancelled
  };
  std::discrete_distribution<int> kind(kind_weights.begin(), kind_weights.end());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::bernoulli_distribution coin(0.5);
  std::uniform_int_distribution<int> long_collab(1, 3);
  const double span = static_cast<double>(duration_cast<seconds>(now - days{1} - history_begin).count());
  const double n_links = static_cast<double>(links.size());

  std::vector<rapport::Interaction> events;
  events.reserve(event_count);
  for (std::size_t i = 0; i < event_count; ++i) {
    // Half the events on a uniformly chosen tie, half on a power-law choice (a few very active ties).
    const double x = unit(rng);
    const double pick = coin(rng) ? x : x * x;
    const auto& [a, b] = links[std::min(links.size() - 1, static_cast<std::size_t>(pick * n_links))];
    const bool forward = coin(rng);
    rapport::Interaction e;
    e.from = handle(forward ? a : b);
    e.to = handle(forward ? b : a);
    e.kind = static_cast<InteractionKind>(kind(rng));
    e.at =
        history_begin +
        seconds{static_cast<std::int64_t>(span * static_cast<double>(i) / static_cast<double>(event_count))};
    e.weight = e.kind == InteractionKind::collaborated ? long_collab(rng) : 1.0;
    events.push_back(std::move(e));
  }
  return events;
}

/// Owners' channels (1 or 2 each) and six weeks of posts on them, with three load profiles: light,
/// full this week (weekly tolerance reached, so requests defer) and a high promotion share.
void make_channels(Data& d, std::mt19937_64& rng) {
  static const std::array<const char*, 4> names{"blog", "newsletter", "podcast", "mastodon"};
  std::uniform_real_distribution<double> audience(500.0, 200'000.0);
  std::uniform_int_distribution<int> gap_hours(30, 70);
  std::uniform_int_distribution<std::uint32_t> anyone(owner_count, member_count - 1);
  std::bernoulli_distribution coin(0.5);
  for (std::uint32_t o = 0; o < owner_count; ++o) {
    const rapport::Member& owner = d.members[o];
    const int n = o % 3 == 0 ? 2 : 1;
    for (int c = 0; c < n; ++c) {
      rapport::Channel ch;
      ch.owner = owner.handle;
      ch.name = names[(o + static_cast<std::uint32_t>(c)) % names.size()];
      ch.audience_size = std::round(audience(rng));
      if (coin(rng)) ch.audience_topics.push_back({owner.topics.front().path, 1.0});
      if (c == 1) ch.audience_topics.push_back({leaf_of(rng() % topic_roots.size(), rng), 0.5});
      if (o % 2 == 0) ch.tolerance = rapport::PromoTolerance{3, 0.25};
      const std::size_t profile = (o + static_cast<std::uint32_t>(c)) % 3;

      // Own posts every 30-70 hours; promotions every ~10 days (light) or ~3 days (heavy share).
      const int promo_every = profile == 2 ? 2 : 5;
      int k = 0;
      for (Timestamp t = now - days{42}; t < now - hours{12}; t += hours{gap_hours(rng)}, ++k) {
        rapport::Post p{ch.owner, ch.name, t, false, {}};
        if (k % promo_every == promo_every - 1) {
          p.promotion = true;
          if (coin(rng)) p.promoted = handle(anyone(rng));
        }
        d.posts.push_back(std::move(p));
      }
      // Full this week: promotions on Monday and Tuesday up to the weekly tolerance.
      if (profile == 1) {
        const int max_per_week =
            ch.tolerance ? ch.tolerance->max_per_week : rapport::PromoTolerance{}.max_per_week;
        for (int i = 0; i < max_per_week; ++i)
          d.posts.push_back({ch.owner, ch.name, rapport::week_start(now) + hours{10 + 8 * i}, true, {}});
      }
      // An accepted commitment, not yet published.
      if (o % 4 == 3) d.posts.push_back({ch.owner, ch.name, now + days{4}, true, handle(anyone(rng))});
      d.channels.push_back(std::move(ch));
    }
  }
  // Network::record accepts posts up to max_lateness out of order; keep them sorted anyway.
  std::stable_sort(d.posts.begin(), d.posts.end(),
                   [](const rapport::Post& a, const rapport::Post& b) { return a.at < b.at; });
}

const Data& data() {
  static const Data d = [] {
    Data out;
    std::mt19937_64 rng(20240101);
    out.members = make_members(rng);
    const auto links = make_links(rng);
    out.events = make_events(links, rng);
    make_channels(out, rng);
    return out;
  }();
  return d;
}

std::unique_ptr<rapport::Network> network_with_members(const Data& d) {
  auto net = std::make_unique<rapport::Network>();
  for (const rapport::Member& m : d.members) net->add_member(m);
  return net;
}

/// The network every scoring benchmark reads: all members, channels, events and posts.
const rapport::Network& scored_network() {
  static const std::unique_ptr<rapport::Network> net = [] {
    const Data& d = data();
    auto n = network_with_members(d);
    for (const rapport::Channel& c : d.channels) n->add_channel(c);
    for (const rapport::Interaction& e : d.events) n->record(e);
    for (const rapport::Post& p : d.posts) n->record(p);
    return n;
  }();
  return *net;
}

// ---------------------------------------------------------------- requests

enum class Mix { all, stranger, tie, vouched, unknown };

struct Pools {
  std::vector<rapport::Request> all;
  std::vector<rapport::Request> by_mix[5];
  std::array<std::size_t, 4> decisions{};  // of `all`, by rapport::Decision
  double pairs = 0;                        // pairs of members that have interacted
  double checksum = 0;                     // of the pool's scores: must not move when only speed is changed
};

/// A topic for a request to `owner`: mostly the owner's niche, a child or sibling of it, or off-niche.
std::string request_topic(const rapport::Member& owner, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> roll(0, 9);
  const std::string& own = owner.topics[rng() % owner.topics.size()].path;
  const int r = roll(rng);
  if (r < 4) return own;
  if (r < 7) {  // same root, another leaf
    for (std::size_t root = 0; root < topic_roots.size(); ++root)
      if (own.starts_with(topic_roots[root].front().substr(0, topic_roots[root].front().find('/'))))
        return leaf_of(root, rng);
    return own;
  }
  return leaf_of(rng() % topic_roots.size(), rng);  // anything, usually off-niche
}

rapport::Request make_request(const rapport::Network& net, const Data& d, MemberId owner_id,
                              std::string requester, std::size_t index, std::mt19937_64& rng) {
  const rapport::Member& owner = d.members[owner_id];
  std::bernoulli_distribution coin(0.5), preview(0.4), sometimes(0.3), rarely(0.05);
  std::uniform_int_distribution<int> kind(0, 6), hours_ago(0, 72), days_ahead(3, 30);
  std::uniform_real_distribution<double> quality(0.2, 1.0);
  std::discrete_distribution<int> offer({50.0, 20.0, 15.0, 15.0});
  rapport::Request r;
  r.id = "req-" + std::to_string(index);
  r.requester = std::move(requester);
  r.owner = owner.handle;
  r.kind = static_cast<rapport::RequestKind>(kind(rng));
  const auto channels = net.channels_of(owner_id);
  if (!rarely(rng)) {  // 5% are private favours with no channel
    const bool both = channels.size() > 1 && coin(rng);
    const std::size_t first = rng() % channels.size();
    r.channels.push_back(net.channel(channels[first]).name);
    if (both) r.channels.push_back(net.channel(channels[1 - first]).name);
  }
  r.topics.push_back(request_topic(owner, rng));
  if (sometimes(rng)) r.topics.push_back(request_topic(owner, rng));
  r.offer = static_cast<rapport::Offer>(offer(rng));
  r.preview = preview(rng);
  r.personalised = coin(rng);
  if (r.preview && coin(rng)) r.content_quality = quality(rng);
  r.received = now - hours{hours_ago(rng)};
  if (sometimes(rng)) r.wanted_by = now + days{days_ahead(rng)};
  return r;
}

/// 1,000 requests to the 50 owners: 30% strangers, 35% direct ties, 25% vouched for by one of the
/// owner's strongest ties, 10% handles not in the network.
const Pools& pools() {
  static const Pools p = [] {
    const rapport::Network& net = scored_network();
    const Data& d = data();
    Pools out;
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<MemberId> any_owner(0, owner_count - 1), anyone(0, member_count - 1);
    std::discrete_distribution<int> mix({30.0, 35.0, 25.0, 10.0});
    for (std::size_t i = 0; i < request_pool; ++i) {
      const MemberId owner = any_owner(rng);
      const std::vector<MemberId> contacts = net.contacts(owner);
      Mix m = static_cast<Mix>(mix(rng) + 1);
      std::string requester;
      if (m == Mix::tie) {
        requester = handle(contacts[rng() % contacts.size()]);
      } else if (m == Mix::vouched) {
        // One of the owner's five strongest ties, then the member it knows best that the owner has
        // never interacted with.
        std::vector<std::pair<double, MemberId>> ranked;
        for (const MemberId c : contacts) ranked.emplace_back(net.relationship(owner, c, now)->knowledge, c);
        std::sort(ranked.rbegin(), ranked.rend());
        const MemberId tie = ranked[rng() % std::min<std::size_t>(5, ranked.size())].second;
        double best = -1;
        for (const MemberId c : net.contacts(tie)) {
          if (c == owner || net.relationship(owner, c, now)) continue;
          const double k = net.relationship(tie, c, now)->knowledge;
          if (k > best) {
            best = k;
            requester = handle(c);
          }
        }
        if (requester.empty()) m = Mix::stranger;
      }
      if (m == Mix::stranger) {
        MemberId v = anyone(rng);
        while (v == owner || net.relationship(owner, v, now)) v = anyone(rng);
        requester = handle(v);
      } else if (m == Mix::unknown) {
        requester = "@newcomer" + std::to_string(i) + "@elsewhere.net";
      }
      rapport::Request r = make_request(net, d, owner, std::move(requester), i, rng);
      const rapport::Score sc = rapport::score(net, r, now);
      ++out.decisions[static_cast<std::size_t>(sc.decision)];
      out.checksum += sc.total + 3 * sc.relevance + 5 * sc.prior_context + 7 * sc.audience_load +
                      11 * sc.reciprocity + static_cast<double>(sc.reasons.size()) +
                      (sc.slot ? static_cast<double>((*sc.slot - now).count()) / 86400.0 : 0.0);
      out.by_mix[static_cast<std::size_t>(m)].push_back(r);
      out.all.push_back(std::move(r));
    }
    out.by_mix[static_cast<std::size_t>(Mix::all)] = out.all;
    std::size_t ends = 0;
    for (MemberId id = 0; id < member_count; ++id) ends += net.contacts(id).size();
    out.pairs = static_cast<double>(ends / 2);
    return out;
  }();
  return p;
}

// ---------------------------------------------------------------- learned weights

constexpr std::size_t learned_per_owner = 40;  // past the warm-up (20) for every owner

struct Learned {
  std::unique_ptr<rapport::Network> net;  // a copy of scored_network() that has learned from outcomes
  std::size_t outcomes = 0;
  std::size_t warmed_up = 0;  // owners with at least `warm_up` outcomes
};

/// A copy of the scored network in which every owner received `learned_per_owner` requests in the
/// three days before `now` (half from its ties, half from strangers), each recorded and then answered
/// by an outcome, so that the global model and every owner's deviation are set. The outcomes follow the
/// formula's total, tilted by owner so that the owners' deviations differ: odd owners favour a preview,
/// even ones their ties. Recording 2,000 requests takes milliseconds; the copy is most of the setup.
Learned& learned() {
  static Learned l = [] {
    const rapport::Network& base = scored_network();
    const Data& d = data();
    Learned out;
    out.net = std::make_unique<rapport::Network>(base);
    rapport::Network& net = *out.net;
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<MemberId> anyone(0, member_count - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> hours_later(1, 48);
    std::size_t index = request_pool;                  // ids after the pool's, to tell them apart
    std::array<std::size_t, owner_count> per_owner{};  // outcomes learned from, by owner
    for (MemberId owner = 0; owner < owner_count; ++owner) {
      const std::vector<MemberId> contacts = base.contacts(owner);
      for (std::size_t k = 0; k < learned_per_owner; ++k, ++index) {
        const bool tie = k % 2 == 0;
        MemberId v = tie ? contacts[rng() % contacts.size()] : anyone(rng);
        while (!tie && (v == owner || base.relationship(owner, v, now))) v = anyone(rng);
        rapport::Request r = make_request(base, d, owner, handle(v), index, rng);
        double chance = rapport::score(net, r, r.received).total;
        if (owner % 2 == 1) chance += r.preview ? 0.3 : -0.2;
        if (owner % 2 == 0) chance += tie ? 0.3 : -0.2;
        const rapport::OutcomeKind kind = unit(rng) < chance ? rapport::OutcomeKind::accepted
                                          : unit(rng) < 0.5  ? rapport::OutcomeKind::declined
                                                             : rapport::OutcomeKind::ignored;
        net.record(r);
        const bool learned_from =
            net.record(rapport::Outcome{.owner = r.owner,
                                        .request_id = r.id,
                                        .kind = kind,
                                        .at = std::min(now, r.received + hours{hours_later(rng)})});
        if (learned_from) {
          ++per_owner[owner];
          ++out.outcomes;
        }
      }
    }
    const auto warm_up = static_cast<std::size_t>(net.policy().learning.warm_up);
    out.warmed_up = static_cast<std::size_t>(
        std::count_if(per_owner.begin(), per_owner.end(), [&](std::size_t n) { return n >= warm_up; }));
    return out;
  }();
  return l;
}

// ---------------------------------------------------------------- benchmarks

/// CPU time of the calling thread: less disturbed than wall time when the machine is shared.
double thread_cpu_seconds() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Events per second of `record_all(network, events)` into a network made by `start()` (untimed);
/// only the recording is timed.
template <class Start, class RecordAll>
void ingest(benchmark::State& state, const std::vector<rapport::Interaction>& events, Start start,
            RecordAll record_all) {
  double timed = 0, cpu = 0;
  for (auto _ : state) {
    auto net = start();
    const double c0 = thread_cpu_seconds();
    const auto t0 = steady_clock::now();
    record_all(*net, events);
    const auto t1 = steady_clock::now();
    cpu += thread_cpu_seconds() - c0;
    const double s = duration<double>(t1 - t0).count();
    state.SetIterationTime(s);
    timed += s;
    benchmark::DoNotOptimize(net->member_count());
  }
  const auto recorded = static_cast<double>(state.iterations()) * static_cast<double>(events.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(recorded));
  state.counters["events_per_s"] = recorded / timed;    // wall time of the record loop
  state.counters["events_per_cpu_s"] = recorded / cpu;  // this thread's CPU time of the record loop
  state.counters["ns_per_event"] = timed * 1e9 / recorded;
}

/// How every ingest benchmark runs: one timed pass per repetition (a pass is seconds long and
/// changes the network), five repetitions, in milliseconds.
void timed_once(benchmark::internal::Benchmark* b) {
  b->UseManualTime()->Iterations(1)->Repetitions(5)->ReportAggregatesOnly(true)->Unit(
      benchmark::kMillisecond);
}

void record_one_by_one(rapport::Network& net, const std::vector<rapport::Interaction>& events) {
  for (const rapport::Interaction& e : events) net.record(e);
}

void record_batch(rapport::Network& net, const std::vector<rapport::Interaction>& events) {
  net.record(std::span<const rapport::Interaction>(events));
}

/// One `record(const Interaction&)` per event, into a fresh network.
void BM_Ingest(benchmark::State& state) {
  ingest(
      state, data().events, [] { return network_with_members(data()); }, record_one_by_one);
}
BENCHMARK(BM_Ingest)->Apply(timed_once);

/// All events in one `record(std::span<const Interaction>)`, into a fresh network.
void BM_IngestBatch(benchmark::State& state) {
  ingest(
      state, data().events, [] { return network_with_members(data()); }, record_batch);
}
BENCHMARK(BM_IngestBatch)->Apply(timed_once);

/// The same events two years later, in one batch, into a copy of the network that already holds the
/// first two years: every pair is known, as for an app whose relationships exist and keep going.
void BM_IngestBatchKnownPairs(benchmark::State& state) {
  static const std::unique_ptr<rapport::Network> history = [] {
    auto net = network_with_members(data());
    record_batch(*net, data().events);
    return net;
  }();
  static const std::vector<rapport::Interaction> later = [] {
    std::vector<rapport::Interaction> events = data().events;
    for (rapport::Interaction& e : events) e.at += days{730};
    return events;
  }();
  ingest(
      state, later, [] { return std::make_unique<rapport::Network>(*history); }, record_batch);
}
BENCHMARK(BM_IngestBatchKnownPairs)->Apply(timed_once);

/// `update_member` giving one of 100,000 members (no events) another alias, back and forth: the member
/// is re-keyed in the member index, the others stay as they are.
void BM_UpdateMemberAliases(benchmark::State& state) {
  rapport::Network net;
  for (std::uint32_t i = 0; i < member_count; ++i) net.add_member({.handle = handle(i)});
  const std::array<rapport::Member, 2> turns{
      rapport::Member{.handle = handle(7), .aliases = {"@seven@example.social"}},
      rapport::Member{.handle = handle(7), .aliases = {"@sept@example.social"}}};
  std::size_t i = 0;
  for (auto _ : state) net.update_member(turns[i++ % 2]);
  if (net.find_member(handle(member_count - 1)) != member_count - 1) state.SkipWithError("lost a member");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UpdateMemberAliases)->Unit(benchmark::kMicrosecond);

/// One `score` per iteration, cycling through a pool of requests.
void BM_Score(benchmark::State& state) {
  const rapport::Network& net = scored_network();
  const Pools& p = pools();
  const std::vector<rapport::Request>& reqs = p.by_mix[static_cast<std::size_t>(state.range(0))];
  std::size_t i = 0;
  for (auto _ : state) {
    rapport::Score s = rapport::score(net, reqs[i], now);
    benchmark::DoNotOptimize(s);
    if (++i == reqs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["requests"] = static_cast<double>(reqs.size());
  if (state.range(0) == 0) {
    state.counters["pairs"] = p.pairs;
    state.counters["checksum"] = p.checksum;
    state.counters["accept"] = static_cast<double>(p.decisions[0]);
    state.counters["defer"] = static_cast<double>(p.decisions[1]);
    state.counters["decline"] = static_cast<double>(p.decisions[2]);
    state.counters["counter"] = static_cast<double>(p.decisions[3]);
  }
}
BENCHMARK(BM_Score)->ArgName("mix")->DenseRange(0, 4)->Repetitions(5)->ReportAggregatesOnly(true)->Unit(
    benchmark::kNanosecond);

/// Each request of the pool timed alone (steady_clock around one call, clock overhead subtracted),
/// to report per-request percentiles rather than a mean. One iteration scores the pool 20 times.
void BM_ScoreLatency(benchmark::State& state) {
  const rapport::Network& net = scored_network();
  const std::vector<rapport::Request>& reqs = pools().all;
  constexpr int rounds = 20;
  std::vector<double> ns;
  ns.reserve(reqs.size() * rounds);
  // Cost of the two clock reads alone.
  std::vector<double> empty;
  for (int i = 0; i < 10'000; ++i) {
    const auto t0 = steady_clock::now();
    const auto t1 = steady_clock::now();
    empty.push_back(duration<double, std::nano>(t1 - t0).count());
  }
  std::nth_element(empty.begin(), empty.begin() + static_cast<std::ptrdiff_t>(empty.size() / 2), empty.end());
  const double overhead = empty[empty.size() / 2];
  for (auto _ : state) {
    const auto start = steady_clock::now();
    for (int r = 0; r < rounds; ++r)
      for (const rapport::Request& req : reqs) {
        const auto t0 = steady_clock::now();
        rapport::Score s = rapport::score(net, req, now);
        benchmark::DoNotOptimize(s);
        const auto t1 = steady_clock::now();
        const double t = duration<double, std::nano>(t1 - t0).count();
        ns.push_back(std::max(0.0, t - overhead));
      }
    state.SetIterationTime(duration<double>(steady_clock::now() - start).count());
  }
  std::sort(ns.begin(), ns.end());
  const auto at = [&](double q) {
    return ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))];
  };
  state.counters["p50_ns"] = at(0.5);
  state.counters["p90_ns"] = at(0.9);
  state.counters["p99_ns"] = at(0.99);
  state.counters["clock_ns"] = overhead;
}
BENCHMARK(BM_ScoreLatency)
    ->UseManualTime()
    ->Iterations(5)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

/// BM_Score's pool ten times over: the 10,000 requests of the `score_all` benchmarks.
std::vector<rapport::Request> score_all_pool() {
  const std::vector<rapport::Request>& pool = pools().all;
  std::vector<rapport::Request> reqs;
  reqs.reserve(score_all_requests);
  while (reqs.size() < score_all_requests) reqs.push_back(pool[reqs.size() % pool.size()]);
  return reqs;
}

/// `score_all` on 10,000 requests with 1 and 2 threads, started by each call; wall time.
void BM_ScoreAll(benchmark::State& state) {
  const rapport::Network& net = scored_network();
  const std::vector<rapport::Request> reqs = score_all_pool();
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    std::vector<rapport::Score> out = rapport::score_all(net, reqs, now, threads);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(reqs.size()));
}
BENCHMARK(BM_ScoreAll)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

/// The same on a `ScoringPool` of 1 and 2 threads built once, untimed, and kept alive across calls. Its
/// CPU column is the whole process's CPU time: on a busy machine, where wall time with 2 threads waits
/// for a free core, the ratio of the two CPU figures still shows what the second thread costs in all.
void BM_ScoreAllPool(benchmark::State& state) {
  const rapport::Network& net = scored_network();
  const std::vector<rapport::Request> reqs = score_all_pool();
  rapport::ScoringPool pool(static_cast<unsigned>(state.range(0)));
  for (auto _ : state) {
    std::vector<rapport::Score> out = rapport::score_all(net, reqs, now, pool);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(reqs.size()));
}
BENCHMARK(BM_ScoreAllPool)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

/// `score` on BM_Score's pool against the network whose owners have learned from outcomes, with
/// `Learning::enabled` off (0) or on (1, 2; set untimed before the loop): the same requests on the same
/// state, so the ratio of 1 to 0 is what the model adds to a score (its 31 features, the dot product,
/// the blend, the reasons that name the learned weights, and the decisions it moves). 2 sets the
/// warm-up past every owner's outcomes: `learned` is computed, but no total or decision moves.
void BM_ScoreLearned(benchmark::State& state) {
  Learned& l = learned();
  rapport::Network& net = *l.net;
  const rapport::Policy learned_policy = net.policy();
  rapport::Policy policy = learned_policy;
  policy.learning.enabled = state.range(0) != 0;
  if (state.range(0) == 2) policy.learning.warm_up = std::numeric_limits<int>::max();
  net.set_policy(policy);
  const std::vector<rapport::Request>& reqs = pools().all;
  // What the pool scores to: `checksum` must not move when only speed is changed; `moved` counts the
  // requests whose total learning changed (0 with learning off).
  double checksum = 0, moved = 0;
  for (const rapport::Request& r : reqs) {
    const rapport::Score sc = rapport::score(net, r, now);
    checksum += sc.total + 3 * sc.learned + static_cast<double>(sc.reasons.size());
    moved += sc.learned != sc.total ? 1 : 0;
  }
  std::size_t i = 0;
  for (auto _ : state) {
    rapport::Score s = rapport::score(net, reqs[i], now);
    benchmark::DoNotOptimize(s);
    if (++i == reqs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["requests"] = static_cast<double>(reqs.size());
  state.counters["outcomes"] = static_cast<double>(l.outcomes);
  state.counters["warmed_up"] = static_cast<double>(l.warmed_up);
  state.counters["learned_differs"] = moved;
  state.counters["checksum"] = checksum;
  net.set_policy(learned_policy);  // the next variant starts from the same policy
}
BENCHMARK(BM_ScoreLearned)
    ->ArgName("learning")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kNanosecond);

}  // namespace
