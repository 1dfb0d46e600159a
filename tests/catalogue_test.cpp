// The library's side of the catalogue of bad inputs (the tool's is tests/catalogue/cases.cmake): each
// case is a file's text, the error code it must be refused with and the field that error names. What
// the tool cannot show is checked here: the code itself, and that a failed `apply_event_log` leaves a
// network that already held events exactly as it was.
#include <array>
#include <catch2/catch_test_macros.hpp>
#include <rapport/rapport.hpp>
#include <sstream>
#include <string>
#include <string_view>

namespace {

using rapport::Errc;

enum class Kind { snapshot, events, requests, policy };

struct Case {
  std::string_view name;
  Kind kind;
  std::string_view text;
  Errc code;
  std::string_view field;
};

// The network the event log cases are applied to: two members, a channel, a pair, a request and a post.
constexpr std::string_view base_events =
    "{\"format\": \"rapport.events\", \"version\": 2}\n"
    "{\"member\": {\"handle\": \"ana\", \"topics\": [\"marketing\"]}}\n"
    "{\"member\": {\"handle\": \"ben\"}}\n"
    "{\"channel\": {\"owner\": \"ana\", \"name\": \"blog\", \"audience_size\": 100}}\n"
    "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": "
    "\"2026-11-20T10:00:00Z\"}}\n"
    "{\"request\": {\"id\": \"r1\", \"requester\": \"ben\", \"owner\": \"ana\", \"received\": "
    "\"2026-11-21T10:00:00Z\"}}\n"
    "{\"post\": {\"owner\": \"ana\", \"channel\": \"blog\", \"at\": \"2026-11-21T12:00:00Z\"}}\n";

// A good line to put before a bad one: the log is applied all or nothing.
#define GOOD                                                                               \
  "{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"message\", \"at\": " \
  "\"2026-11-22T10:00:00Z\"}}\n"
#define SNAP(body) "{\"format\": \"rapport.network\", \"version\": 2, " body "}"
#define MEMBERS "\"members\": [{\"handle\": \"ana\"}, {\"handle\": \"ben\"}]"
#define REQS(body) "{\"format\": \"rapport.requests\", \"version\": 1, \"requests\": [" body "]}"
#define POL(body) "{\"format\": \"rapport.policy\", \"version\": 2, " body "}"

constexpr std::array cases{
    // ---------------------------------------------------------------- event logs, applied to a network
    Case{"a truncated line", Kind::events, GOOD "{\"member\": {\"handle\": \"cara\"", Errc::parse_error,
         "log:2:29"},
    Case{"an unknown member", Kind::events,
         GOOD
         "{\"interaction\": {\"from\": \"ben\", \"to\": \"zed\", \"kind\": \"call\", \"at\": 1795420800}}\n",
         Errc::unknown_member, "log:2: interaction.to"},
    Case{"an interaction with oneself", Kind::events,
         GOOD
         "{\"interaction\": {\"from\": \"ana\", \"to\": \"ana\", \"kind\": \"call\", \"at\": 1795420800}}\n",
         Errc::self_interaction, "log:2: interaction.to"},
    Case{"an unknown interaction kind", Kind::events,
         GOOD
         "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"hug\", \"at\": 1795420800}}\n",
         Errc::unknown_name, "log:2: interaction.kind"},
    Case{"weight 1e999", Kind::events,
         GOOD
         "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": 1795420800, "
         "\"weight\": 1e999}}\n",
         Errc::out_of_range, "log:2: interaction.weight"},
    Case{"a negative weight", Kind::events,
         GOOD
         "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": 1795420800, "
         "\"weight\": -1}}\n",
         Errc::out_of_range, "log:2: interaction.weight"},
    Case{"a stale interaction", Kind::events,
         GOOD "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": "
              "\"2026-01-01T00:00:00Z\"}}\n",
         Errc::stale_event, "log:2: interaction.at"},
    Case{"a time in year 10000", Kind::events,
         GOOD "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": "
              "\"10000-01-01T00:00:00Z\"}}\n",
         Errc::invalid_timestamp, "log:2: interaction.at"},
    // Beyond uint64: a number too large to hold, whatever the field.
    Case{"unix seconds beyond uint64", Kind::events,
         GOOD "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": "
              "99999999999999999999}}\n",
         Errc::out_of_range, "log:2: interaction.at"},
    Case{"unix seconds beyond int64", Kind::events,
         GOOD "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": "
              "9223372036854775808}}\n",
         Errc::invalid_timestamp, "log:2: interaction.at"},
    Case{"an unknown field", Kind::events,
         GOOD
         "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": 1795420800, "
         "\"wieght\": 2}}\n",
         Errc::unknown_field, "log:2: interaction.wieght"},
    Case{"two events on a line", Kind::events, GOOD "{\"member\": {\"handle\": \"cara\"}, \"post\": {}}\n",
         Errc::unknown_field, "log:2: post"},
    Case{"an unknown event", Kind::events, GOOD "{\"memberr\": {\"handle\": \"cara\"}}\n", Errc::unknown_name,
         "log:2"},
    Case{"a duplicate key", Kind::events,
         GOOD "{\"channel\": {\"owner\": \"zed\", \"owner\": \"ana\", \"name\": \"vlog\"}}\n",
         Errc::duplicate_key, "log:2: channel"},
    Case{"a request wanted before it arrived", Kind::events,
         GOOD "{\"request\": {\"requester\": \"ben\", \"owner\": \"ana\", \"received\": "
              "\"2026-11-22T10:00:00Z\", \"wanted_by\": \"2026-11-21T10:00:00Z\"}}\n",
         Errc::invalid_time_range, "log:2: request.wanted_by"},
    Case{"a post on an unknown channel", Kind::events,
         GOOD "{\"post\": {\"owner\": \"ana\", \"channel\": \"vlog\", \"at\": \"2026-11-22T10:00:00Z\"}}\n",
         Errc::unknown_channel, "log:2: post.channel"},
    Case{"a request's arrival older than the pair allows", Kind::events,
         GOOD "{\"request\": {\"requester\": \"ben\", \"owner\": \"ana\", \"received\": "
              "\"2026-01-01T00:00:00Z\"}}\n",
         Errc::stale_event, "log:2: request.received"},
    Case{"an outcome for an unknown request", Kind::events,
         GOOD "{\"outcome\": {\"owner\": \"ana\", \"request_id\": \"nope\", \"kind\": \"accepted\", \"at\": "
              "\"2026-11-23T10:00:00Z\"}}\n",
         Errc::unknown_request, "log:2: outcome.request_id"},
    Case{"an outcome before its request", Kind::events,
         GOOD "{\"outcome\": {\"owner\": \"ana\", \"request_id\": \"r1\", \"kind\": \"accepted\", \"at\": "
              "\"2026-11-20T10:00:00Z\"}}\n",
         Errc::invalid_outcome, "log:2: outcome.at"},
    Case{"an outcome naming its request both ways", Kind::events,
         GOOD
         "{\"outcome\": {\"owner\": \"ana\", \"request_id\": \"r1\", \"request\": {\"requester\": \"ben\", "
         "\"owner\": \"ana\", \"received\": \"2026-11-21T10:00:00Z\"}, \"kind\": \"accepted\", \"at\": "
         "\"2026-11-23T10:00:00Z\"}}\n",
         Errc::invalid_outcome, "log:2: outcome.request_id"},
    Case{"an outcome naming no request", Kind::events,
         GOOD
         "{\"outcome\": {\"owner\": \"ana\", \"kind\": \"accepted\", \"at\": \"2026-11-23T10:00:00Z\"}}\n",
         Errc::invalid_outcome, "log:2: outcome.request_id"},
    Case{"a header from the future after good lines", Kind::events,
         GOOD "{\"format\": \"rapport.events\", \"version\": 4}\n", Errc::unsupported_version,
         "log:2: version"},
    Case{"a header of another format", Kind::events, "{\"format\": \"rapport.policy\", \"version\": 2}\n",
         Errc::wrong_format, "log:1: format"},
    Case{"invalid UTF-8", Kind::events, GOOD "{\"member\": {\"handle\": \"c\xff\"}}\n", Errc::parse_error,
         "log:2:25"},
    Case{"a member replaced with energy out of range", Kind::events,
         GOOD "{\"member\": {\"handle\": \"ana\", \"energy\": 1.5}}\n", Errc::out_of_range,
         "log:2: member.energy"},
    Case{"a topic with an empty segment", Kind::events,
         GOOD "{\"member\": {\"handle\": \"cara\", \"topics\": [\"a//b\"]}}\n", Errc::invalid_topic,
         "log:2: member.topics[0].path"},

    // ---------------------------------------------------------------- snapshots
    Case{"a duplicate pair", Kind::snapshot,
         SNAP(MEMBERS
              ", \"pairs\": [{\"between\": [\"ana\", \"ben\"], \"first\": 0, \"updated\": 0, \"views\": "
              "[{}, {}]}, {\"between\": [\"ben\", \"ana\"], \"first\": 0, \"updated\": 0, \"views\": [{}, "
              "{}]}]"),
         Errc::inconsistent_state, "snap: pairs[1].between"},
    Case{"a duplicate member", Kind::snapshot,
         SNAP("\"members\": [{\"handle\": \"ana\"}, {\"handle\": \"ana\"}]"), Errc::duplicate_member,
         "snap: members[1].handle"},
    Case{"a duplicate channel", Kind::snapshot,
         SNAP(MEMBERS
              ", \"channels\": [{\"owner\": \"ana\", \"name\": \"blog\"}, {\"owner\": \"ana\", \"name\": "
              "\"blog\"}]"),
         Errc::duplicate_channel, "snap: channels[1].name"},
    Case{"a launch that ends before it begins", Kind::snapshot,
         SNAP("\"members\": [{\"handle\": \"ana\", \"launches\": [{\"begin\": 2000, \"end\": 1000}]}]"),
         Errc::invalid_time_range, "snap: members[0].launches[0]"},
    Case{"an empty handle", Kind::snapshot, SNAP("\"members\": [{\"handle\": \"\"}]"), Errc::empty_handle,
         "snap: members[0].handle"},
    Case{"energy 1e308*10", Kind::snapshot, SNAP("\"members\": [{\"handle\": \"ana\", \"energy\": 10e308}]"),
         Errc::out_of_range, "snap: members[0].energy"},
    Case{"cadence beyond int64", Kind::snapshot,
         SNAP("\"members\": [{\"handle\": \"ana\", \"cadence\": 9223372036854775808}]"), Errc::out_of_range,
         "snap: members[0].cadence"},
    Case{"cadence beyond uint64", Kind::snapshot,
         SNAP("\"members\": [{\"handle\": \"ana\", \"cadence\": 18446744073709551616}]"), Errc::out_of_range,
         "snap: members[0].cadence"},
    Case{"a duplicate key at the top", Kind::snapshot, SNAP(MEMBERS ", " MEMBERS), Errc::duplicate_key,
         "snap"},
    Case{"a duplicate key in a member", Kind::snapshot,
         SNAP("\"members\": [{\"handle\": \"ana\"}, {\"handle\": \"ben\", \"handle\": \"cy\"}]"),
         Errc::duplicate_key, "snap: members[1]"},
    Case{"a policy decay of 0 days", Kind::snapshot,
         SNAP("\"policy\": {\"decay\": {\"context_half_life\": 0}}"), Errc::invalid_policy,
         "snap: policy.decay.context_half_life"},
    Case{"another format", Kind::snapshot, "{\"format\": \"rapport.events\", \"version\": 2}",
         Errc::wrong_format, "snap: format"},
    Case{"a version from the future", Kind::snapshot, "{\"format\": \"rapport.network\", \"version\": 8}",
         Errc::unsupported_version, "snap: version"},
    Case{"deep nesting", Kind::snapshot,
         SNAP("\"members\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
              "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["),
         Errc::parse_error, "snap:1:87"},

    // ---------------------------------------------------------------- requests
    Case{"a missing owner", Kind::requests, REQS("{\"requester\": \"ben\", \"received\": 1000}"),
         Errc::missing_field, "reqs: requests[0].owner"},
    Case{"an unknown kind", Kind::requests,
         REQS("{\"requester\": \"ben\", \"owner\": \"ana\", \"kind\": \"sharee\", \"received\": 1000}"),
         Errc::unknown_name, "reqs: requests[0].kind"},
    Case{"content_quality 1e999", Kind::requests,
         REQS("{\"requester\": \"ben\", \"owner\": \"ana\", \"content_quality\": 1e999, \"received\": 1000}"),
         Errc::out_of_range, "reqs: requests[0].content_quality"},
    Case{"wanted_by before received", Kind::requests,
         REQS("{\"requester\": \"ben\", \"owner\": \"ana\", \"received\": 1000, \"wanted_by\": 999}"),
         Errc::invalid_time_range, "reqs: requests[0].wanted_by"},
    Case{"content_quality above 1", Kind::requests,
         REQS("{\"requester\": \"ben\", \"owner\": \"ana\", \"content_quality\": 1.5, \"received\": 1000}"),
         Errc::out_of_range, "reqs: requests[0].content_quality"},
    Case{"a topic that is a number", Kind::requests,
         REQS("{\"requester\": \"ben\", \"owner\": \"ana\", \"topics\": [42], \"received\": 1000}"),
         Errc::wrong_type, "reqs: requests[0].topics[0]"},
    Case{"a received time before year 0000", Kind::requests,
         REQS("{\"requester\": \"ben\", \"owner\": \"ana\", \"received\": -62167219201}"),
         Errc::invalid_timestamp, "reqs: requests[0].received"},

    // ---------------------------------------------------------------- policies
    Case{"a misspelt weight", Kind::policy, POL("\"weights\": {\"relevence\": 0.3}"), Errc::unknown_field,
         "pol: weights.relevence"},
    Case{"a gate above 1", Kind::policy, POL("\"gates\": {\"accept\": 2}"), Errc::invalid_policy,
         "pol: gates.accept"},
    Case{"three Dunbar layers", Kind::policy, POL("\"capacity\": {\"dunbar_layers\": [5, 15, 50]}"),
         Errc::out_of_range, "pol: capacity.dunbar_layers"},
    Case{"requests_per_week 1e999", Kind::policy, POL("\"capacity\": {\"requests_per_week\": 1e999}"),
         Errc::out_of_range, "pol: capacity.requests_per_week"},
    Case{"an unknown offer", Kind::policy, POL("\"offer_value\": {\"bribe\": 1.0}"), Errc::unknown_field,
         "pol: offer_value.bribe"},
    Case{"learning.enabled as a string", Kind::policy, POL("\"learning\": {\"enabled\": \"yes\"}"),
         Errc::wrong_type, "pol: learning.enabled"},
};

#undef GOOD
#undef SNAP
#undef MEMBERS
#undef REQS
#undef POL

std::string saved(const rapport::Network& network) {
  std::ostringstream out;
  rapport::save_network(network, out);
  return out.str();
}

/// Loads `c` as its kind of file; must throw.
void load(const Case& c, rapport::Network& network) {
  std::istringstream in{std::string(c.text)};
  switch (c.kind) {
    case Kind::snapshot:
      (void)rapport::load_network(in, "snap");
      return;
    case Kind::events:
      (void)rapport::apply_event_log(network, in, "log");
      return;
    case Kind::requests:
      (void)rapport::load_requests(in, "reqs");
      return;
    case Kind::policy:
      (void)rapport::load_policy(in, "pol");
      return;
  }
}

}  // namespace

TEST_CASE("catalogue: each bad input is refused with its code and field, and changes nothing") {
  rapport::Network base;
  {
    std::istringstream in{std::string(base_events)};
    REQUIRE(rapport::apply_event_log(base, in, "base").applied == 6);
  }
  const std::string before = saved(base);
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      rapport::Network network = base;
      bool threw = false;
      try {
        load(c, network);
      } catch (const rapport::Error& e) {
        threw = true;
        INFO(e.what());
        CHECK(e.code() == rapport::make_error_code(c.code));
        CHECK(e.field() == c.field);
      }
      CHECK(threw);
      CHECK(saved(network) == before);
    }
  }
}
