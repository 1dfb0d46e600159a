// Fault loops, as Boost.JSON's fail_loop and SQLite's fault injection run them: an operation is run
// with the first allocation failing, then the second, and so on until it succeeds; after every
// failure the network must be exactly as it was (its snapshot byte-identical), or a load must have
// failed with a typed error. The same loop injects failed reads. This program replaces the global
// allocation functions, so it is a program of its own.
#include <array>
#include <atomic>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <cstdlib>
#include <functional>
#include <new>
#include <rapport/rapport.hpp>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

namespace {

// Allocations left before one fails; 0: none fails.
std::atomic<long> allocations_left{0};

void* allocate(std::size_t n, std::size_t alignment) {
  if (allocations_left.load(std::memory_order_relaxed) > 0 &&
      allocations_left.fetch_sub(1, std::memory_order_relaxed) == 1)
    throw std::bad_alloc();
  const std::size_t size = n == 0 ? 1 : n;
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
  if (!p) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t n) {
  return allocate(n, alignof(std::max_align_t));
}
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a));
}
// The nothrow forms too (std::stable_sort's buffer uses one): every allocation comes from `allocate`
// and every deallocation goes to `free`, so none is mismatched.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n, alignof(std::max_align_t));
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return allocate(n, static_cast<std::size_t>(a));
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace {

using rapport::Network;
using rapport::Timestamp;

std::string snapshot_of(const Network& net) {
  std::ostringstream out;
  rapport::save_network(net, out);
  return out.str();
}

/// Runs `operation` with its `n`th allocation failing; whether it succeeded. A failure must be
/// `std::bad_alloc` or, from a stream that could not allocate, a failed read.
bool succeeds_with_allocation_failing(long n, const std::function<void()>& operation) {
  allocations_left = n;
  try {
    operation();
    allocations_left = 0;
    return true;
  } catch (const std::bad_alloc&) {
    allocations_left = 0;
  } catch (const rapport::Error& e) {
    // A stream that cannot allocate reports a failed read: an error all the same, never a short input.
    allocations_left = 0;
    REQUIRE(e.code() == rapport::make_error_code(rapport::Errc::io_error));
  }
  return false;
}

/// Runs `operation` on a copy of `start` with the 1st, 2nd... allocation failing until it succeeds;
/// after each failure the copy must be unchanged, and pass `check_failed` if given. Returns the number of
/// failures injected (0 when the operation allocates nothing: the state had room already).
long fail_loop(const Network& start, const std::function<void(Network&)>& operation,
               const std::function<void(const Network&)>& check_failed = {}) {
  const std::string before = snapshot_of(start);
  for (long n = 1;; ++n) {
    Network net = start;
    if (succeeds_with_allocation_failing(n, [&] { operation(net); })) return n - 1;
    REQUIRE(snapshot_of(net) == before);
    if (check_failed) check_failed(net);
  }
}

Timestamp at(long long seconds) {
  return Timestamp{std::chrono::seconds{seconds}};
}

/// A network with a few of everything, with an outcome learned from or not.
Network sample(bool learned = true) {
  Network net;
  for (const char* h : {"ana", "ben", "cy", "dee"}) net.add_member({.handle = h, .topics = {{"marketing"}}});
  net.add_channel({.owner = "ana", .name = "blog", .audience_size = 100, .audience_topics = {{"marketing"}}});
  using rapport::InteractionKind;
  net.record({.from = "ana", .to = "ben", .kind = InteractionKind::met_in_person, .at = at(1000)});
  net.record({.from = "ben", .to = "ana", .kind = InteractionKind::message, .at = at(2000)});
  net.record({.owner = "ana", .channel = "blog", .at = at(2500)});
  net.record(rapport::Request{.id = "r1", .requester = "ben", .owner = "ana", .received = at(3000)});
  if (learned)
    net.record(rapport::Outcome{
        .owner = "ana", .request_id = "r1", .kind = rapport::OutcomeKind::accepted, .at = at(3600)});
  return net;
}

const std::string event_log =
    "{\"member\": {\"handle\": \"eve\"}}\n"
    "{\"interaction\": {\"from\": \"eve\", \"to\": \"ana\", \"kind\": \"call\", \"at\": 4000}}\n"
    "{\"request\": {\"id\": \"r2\", \"requester\": \"eve\", \"owner\": \"ana\", \"received\": 5000}}\n"
    "{\"outcome\": {\"owner\": \"ana\", \"request_id\": \"r2\", \"kind\": \"declined\", \"at\": 5100}}\n";

/// Gives the first `limit` bytes of `text`, then fails the next read as a device error does.
class FailingBuffer : public std::streambuf {
 public:
  FailingBuffer(const std::string& text, std::size_t limit) : text_(text.substr(0, limit)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("the device failed"); }

 private:
  std::string text_;
};

}  // namespace

TEST_CASE("fault: every allocation failure while recording leaves the network as it was", "[fault]") {
  const Network start = sample();
  using rapport::InteractionKind;
  CHECK(fail_loop(start, [](Network& net) { net.add_member({.handle = "fay", .topics = {{"pets"}}}); }) > 0);
  // A member with fields of its own, kept beside the common ones, and a replacement of each kind.
  CHECK(fail_loop(start, [](Network& net) {
          net.add_member({.handle = "https://example.social/users/gil-the-long-handle",
                          .name = "Gil",
                          .topics = {{"pets/cats", 2.0}, {"marketing"}},
                          .competitor = true,
                          .launches = {{at(100), at(200)}},
                          .energy = 0.5,
                          .aliases = {"@gil@example.social"}});
        }) > 0);
  CHECK(fail_loop(start, [](Network& net) {
          net.update_member({.handle = "ben", .name = "Ben", .topics = {{"pets"}}, .aliases = {"benjamin"}});
        }) > 0);
  // A member re-keyed three times, whose old aliases' records the index frees in the next update, before
  // it changes anything.
  Network rekeyed = start;
  for (const char* alias :
       {"@benjamin-the-first@aliases.example.org", "@benjamin-the-zeroth@aliases.example.org",
        "@benjamin-the-second@aliases.example.org"})
    rekeyed.update_member({.handle = "ben", .name = "Ben", .topics = {{"pets"}}, .aliases = {alias}});
  CHECK(fail_loop(
            rekeyed,
            [](Network& net) {
              net.update_member({.handle = "ben",
                                 .name = "Ben",
                                 .topics = {{"pets"}},
                                 .aliases = {"@benjamin-the-third@aliases.example.org", "benji"}});
            },
            [](const Network& net) {  // still found by its handle and its alias, and by no other
              REQUIRE(net.find_member("@benjamin-the-second@ALIASES.example.org") == net.find_member("ben"));
              REQUIRE_FALSE(net.find_member("benji"));
              REQUIRE_FALSE(net.find_member("@benjamin-the-first@aliases.example.org"));
            }) > 0);
  CHECK(fail_loop(start, [](Network& net) {
          net.record(rapport::Request{.id = "r3", .requester = "cy", .owner = "ana", .received = at(6000)});
        }) > 0);
  CHECK(fail_loop(start, [](Network& net) {
          net.record(rapport::Request{.requester = "stranger", .owner = "ana", .received = at(6000)});
        }) > 0);
  CHECK(fail_loop(start, [](Network& net) {
          const std::vector<rapport::Interaction> batch{
              {.from = "cy", .to = "dee", .kind = InteractionKind::call, .at = at(4000)},
              {.from = "dee", .to = "ana", .kind = InteractionKind::message, .at = at(4100)},
              {.from = "ana", .to = "ben", .kind = InteractionKind::promoted, .at = at(4200)}};
          net.record(batch);
        }) > 0);
  // A batch that meets new pairs and makes the network's first extras: the room for extras is taken
  // before the pairs are created, or a failure there would leave them created, indexed and connected.
  Network messages_only;
  for (const char* h : {"ana", "ben", "cy", "dee"}) messages_only.add_member({.handle = h});
  messages_only.record({.from = "ana", .to = "ben", .kind = InteractionKind::message, .at = at(1000)});
  CHECK(fail_loop(messages_only, [](Network& net) {
          const std::vector<rapport::Interaction> batch{
              {.from = "cy", .to = "dee", .kind = InteractionKind::message, .at = at(4000)},
              {.from = "dee", .to = "ana", .kind = InteractionKind::call, .at = at(4100)}};
          net.record(batch);
        }) > 0);
  // A pair with four (kind, direction) counts, the most it holds inline: a fifth moves them all to the
  // network's first record of spilled counts, recorded alone or in a batch.
  Network four_kinds = start;
  for (const auto kind : {InteractionKind::liked, InteractionKind::call})
    for (const bool to_dee : {true, false})
      four_kinds.record(
          {.from = to_dee ? "cy" : "dee", .to = to_dee ? "dee" : "cy", .kind = kind, .at = at(3000)});
  const rapport::Interaction fifth{
      .from = "cy", .to = "dee", .kind = InteractionKind::vetted, .at = at(4000)};
  CHECK(fail_loop(four_kinds, [&](Network& net) { net.record(fifth); }) > 0);
  CHECK(fail_loop(four_kinds, [&](Network& net) {
          const std::vector<rapport::Interaction> batch{
              {.from = "ana", .to = "dee", .kind = InteractionKind::message, .at = at(4000)}, fifth};
          net.record(batch);
        }) > 0);
  // Enough events that some of the fingerprint set's shards outgrow the room reserved for the batch and
  // grow while its fingerprints are inserted.
  std::vector<rapport::Interaction> many;
  const std::array<const char*, 4> handles{"ana", "ben", "cy", "dee"};
  for (std::size_t i = 0; i < 2000; ++i)  // to another member: 1 to 3 places on
    many.push_back({.from = handles[i % 4],
                    .to = handles[(i + 1 + i / 4 % 3) % 4],
                    .at = at(4000 + static_cast<long long>(i))});
  CHECK(fail_loop(start, [&](Network& net) { net.record(many); }) > 0);
  Network with_request = start;
  with_request.record(rapport::Request{.id = "r4", .requester = "cy", .owner = "ana", .received = at(6000)});
  fail_loop(with_request, [](Network& net) {
    net.record(rapport::Outcome{
        .owner = "ana", .request_id = "r4", .kind = rapport::OutcomeKind::declined, .at = at(6100)});
  });
  // The first outcome a network learns from allocates the owner's model and the requester's record.
  CHECK(fail_loop(sample(false), [](Network& net) {
          net.record(rapport::Outcome{
              .owner = "ana", .request_id = "r1", .kind = rapport::OutcomeKind::accepted, .at = at(3600)});
        }) > 0);
  // An owner's first outcome of a request with a kind, a preview and an offer allocates its deviation
  // over those too; with a first outcome of a new requester's, the three allocations at once.
  const rapport::Request review{.id = "r5",
                                .requester = "dee",
                                .owner = "ana",
                                .kind = rapport::RequestKind::review,
                                .offer = rapport::Offer::reciprocal_promotion,
                                .preview = true,
                                .received = at(6000)};
  for (const bool learned : {true, false}) {
    Network with_review = sample(learned);
    with_review.record(review);
    CHECK(fail_loop(with_review, [](Network& net) {
            net.record(rapport::Outcome{
                .owner = "ana", .request_id = "r5", .kind = rapport::OutcomeKind::accepted, .at = at(6100)});
          }) > 0);
  }
}

TEST_CASE("fault: every allocation failure while applying a log or loading a snapshot changes nothing",
          "[fault]") {
  const Network start = sample();
  CHECK(fail_loop(start, [](Network& net) {
          std::istringstream in(event_log);
          rapport::apply_event_log(net, in, "events.jsonl");
        }) > 0);
  const std::string text = snapshot_of(start);
  for (long n = 1;; ++n) {
    allocations_left = n;
    try {
      std::istringstream in(text);
      const Network loaded = rapport::load_network(in, "net.json");
      allocations_left = 0;
      CHECK(snapshot_of(loaded) == text);
      break;
    } catch (const std::bad_alloc&) {
      allocations_left = 0;
    }
  }
}

TEST_CASE("fault: a read failing at any byte of a log or snapshot is an error that changes nothing",
          "[fault]") {
  const Network start = sample();
  const std::string before = snapshot_of(start);
  for (std::size_t limit = 0; limit < event_log.size(); ++limit) {
    Network net = start;
    FailingBuffer buffer(event_log, limit);
    std::istream in(&buffer);
    CAPTURE(limit);
    try {
      rapport::apply_event_log(net, in, "events.jsonl");
      FAIL("a failed read was taken for the end of the log");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::io_error));
    }
    CHECK(snapshot_of(net) == before);
  }
  for (std::size_t limit = 0; limit < before.size(); limit += 97) {
    FailingBuffer buffer(before, limit);
    std::istream in(&buffer);
    CAPTURE(limit);
    try {
      (void)rapport::load_network(in, "net.json");
      FAIL("a failed read was taken for the end of the snapshot");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::io_error));
    }
  }
}

TEST_CASE("fault: score allocates nothing, and score_all on a pool only its result", "[fault]") {
  const Network net = sample();
  const rapport::Request request{.id = "r9", .requester = "ben", .owner = "ana", .received = at(4000)};
  const std::vector<rapport::Request> requests(300, request);
  rapport::ScoringPool pool(2);
  const rapport::Score expected = rapport::score(net, request, at(5000));
  // Any allocation but the one allowed fails, and throws.
  allocations_left = 1;
  const rapport::Score alone = rapport::score(net, request, at(5000));
  const long left_after_score = allocations_left.exchange(2);
  const std::vector<rapport::Score> all = rapport::score_all(net, requests, at(5000), pool);
  const long left_after_all = allocations_left.exchange(0);
  CHECK(left_after_score == 1);
  CHECK(left_after_all == 1);
  CHECK(alone == expected);
  CHECK(all == std::vector<rapport::Score>(requests.size(), expected));
}

namespace {

/// A CSV stream's buffer of fixed room, allocated once: writing to it never allocates, so what a replay
/// hands it is all that reaches it.
class FixedBuffer : public std::streambuf {
 public:
  explicit FixedBuffer(std::size_t room) : room_(room) { setp(room_.data(), room_.data() + room_.size()); }
  std::string text() const { return {pbase(), pptr()}; }

 private:
  std::vector<char> room_;
};

}  // namespace

TEST_CASE("fault: an allocation failing anywhere in a replay leaves only whole rows, those before it",
          "[fault]") {
  // Long handles make rows longer than the room a block of rows keeps beyond its 64 KiB, so the block
  // grows, and can fail to, in the middle of a row: where in the row depends on the lengths (a handle
  // is at most 512 bytes).
  const std::size_t length = GENERATE(range(std::size_t{260}, std::size_t{513}, std::size_t{11}));
  CAPTURE(length);
  std::string log;
  for (int i = 0; i < 120; ++i)
    log += "s" + std::to_string(i % 7) + " " + std::string(length, static_cast<char>('p' + i % 5)) + " " +
           std::to_string(1000 + i) + "\n";
  const auto replay = [&](FixedBuffer& buffer) {
    std::istringstream in(log);
    std::ostream csv(&buffer);
    Network net;
    rapport::replay_message_log(in, "log", csv, net);
  };
  FixedBuffer complete_buffer(std::size_t{1} << 20);
  replay(complete_buffer);
  const std::string complete = complete_buffer.text();
  long failures = 0;
  for (long n = 1;; ++n) {
    FixedBuffer buffer(std::size_t{1} << 20);
    if (succeeds_with_allocation_failing(n, [&] { replay(buffer); })) break;
    ++failures;
    const std::string written = buffer.text();
    CAPTURE(n);
    REQUIRE(complete.starts_with(written));
    CHECK((written.empty() || written.ends_with('\n')));
  }
  CHECK(failures > 0);
}
