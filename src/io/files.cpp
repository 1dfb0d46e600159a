// rapport's files other than snapshots: parsing, event logs, request, policy and result files.
#include <istream>
#include <iterator>
#include <ostream>
#include <rapport/io.hpp>
#include <string>

#include "detail/json_read.hpp"

namespace rapport {
namespace {

namespace json = boost::json;
using detail::JsonPath;
using detail::ObjectReader;

constexpr std::string_view events_format = "rapport.events";
constexpr std::string_view requests_format = "rapport.requests";
constexpr std::string_view policy_format = "rapport.policy";
constexpr std::string_view results_format = "rapport.results";

/// Parses `text`; a syntax error is reported at "location:line:column" (`first_line` is the
/// number of the text's first line in its file).
json::value parse_text(std::string_view text, std::string_view location, std::size_t first_line) {
  json::parse_options options;
  options.numbers =
      json::number_precision::precise;  // "5e57" must read back as the double it was written from
  json::parser parser({}, options);
  json::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) return parser.release();
  std::size_t line = first_line, column = 1;
  for (std::size_t i = 0; i < consumed && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  std::string_view near = text.substr(std::min(consumed, text.size()), 20);
  near = near.substr(0, near.find('\n'));
  throw JsonError(Errc::parse_error,
                  std::string(location) + ":" + std::to_string(line) + ":" + std::to_string(column),
                  std::string(near), "invalid JSON: " + ec.message());
}

std::string read_all(std::istream& in) {
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // A byte-order mark is not JSON, but editors write one; it carries no meaning in UTF-8.
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

void write_file(const json::value& jv, std::ostream& out) {
  out << to_json_text(jv) << '\n';
}

// ---------------------------------------------------------------- events

constexpr std::array<std::string_view, 5> event_names{"member", "channel", "interaction", "post", "request"};
static_assert(std::variant_size_v<Event::Change> == event_names.size());

Event read_event(const json::value& jv, const JsonPath& path) {
  const json::object* o = jv.if_object();
  if (!o) detail::json_fail(Errc::wrong_type, path, jv, "expected an object");
  const std::string expected = "expected one of member, channel, interaction, post, request";
  if (o->empty()) throw JsonError(Errc::missing_field, path.str(), "{}", expected);
  if (o->size() > 1) {
    const json::key_value_pair& extra = o->begin()[1];
    detail::json_fail(Errc::unknown_field, path / extra.key(), extra.value(), "an event has exactly one key");
  }
  const json::key_value_pair& kv = *o->begin();
  const std::string_view key = kv.key();
  const JsonPath at = path / key;
  if (key == "member") return detail::read_member(kv.value(), at);
  if (key == "channel") return detail::read_channel(kv.value(), at);
  if (key == "interaction") return detail::read_interaction(kv.value(), at);
  if (key == "post") return detail::read_post(kv.value(), at);
  if (key == "request") return detail::read_request(kv.value(), at);
  detail::json_fail(Errc::unknown_field, at, kv.value(), expected);
}

json::value write_event_value(const Event& event) {
  json::object out;
  out[event_names[event.change.index()]] =
      std::visit([](const auto& e) { return json::value_from(e); }, event.change);
  return out;
}

struct Line {
  std::size_t number;
  Event event;
};

std::vector<Line> read_lines(std::istream& in, std::string_view source) {
  std::vector<Line> out;
  std::string text;
  for (std::size_t number = 1; std::getline(in, text); ++number) {
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    const json::value jv = parse_text(text, source, number);
    const std::string prefix = std::string(source) + ":" + std::to_string(number) + ": ";
    detail::with_source(prefix, [&] {
      const json::object* o = jv.if_object();
      if (o && o->contains("format")) {  // a header, as at the start of each concatenated log
        ObjectReader r(jv, {});
        detail::read_envelope(r, events_format);
        r.finish();
      } else {
        out.push_back({number, read_event(jv, {})});
      }
    });
  }
  return out;
}

}  // namespace

json::value parse_json(std::istream& in, std::string_view source_name) {
  return parse_text(read_all(in), source_name, 1);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Event& event) {
  jv = write_event_value(event);
}
Event tag_invoke(json::value_to_tag<Event>, const json::value& jv) {
  return read_event(jv, {});
}

bool apply_event(Network& network, const Event& event) {
  return std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        // A member or channel the network holds as it is changes nothing: skipped, like a recorded event.
        if constexpr (std::is_same_v<T, Member>) {
          const auto id = network.find_member(e.handle);
          if (!id) {
            network.add_member(e);
          } else {
            if (network.member(*id) == e) return false;
            network.update_member(e);
          }
          return true;
        } else if constexpr (std::is_same_v<T, Channel>) {
          const auto id = network.find_channel(e.owner, e.name);
          if (!id) {
            network.add_channel(e);
          } else {
            if (network.channel(*id) == e) return false;
            network.update_channel(e);
          }
          return true;
        } else {
          return network.record(e);
        }
      },
      event.change);
}

std::vector<Event> load_events(std::istream& in, std::string_view source_name) {
  std::vector<Event> out;
  for (Line& line : read_lines(in, source_name)) out.push_back(std::move(line.event));
  return out;
}

AppliedEvents apply_events(Network& network, std::istream& in, std::string_view source_name) {
  const std::vector<Line> lines = read_lines(in, source_name);
  Network next = network;
  AppliedEvents result;
  for (const Line& line : lines) {
    try {
      ++(apply_event(next, line.event) ? result.applied : result.skipped);
    } catch (const Error& e) {
      const std::string_view key = event_names[line.event.change.index()];
      std::string field = e.field();
      // A request records an `asked` interaction at its arrival; that interaction's time is the request's.
      if (key == "request" && field == "interaction.at") field = "request.received";
      throw JsonError(static_cast<Errc>(e.code().value()),
                      std::string(source_name) + ":" + std::to_string(line.number) + ": " +
                          detail::join_field(std::string(key), field),
                      e.value());
    }
  }
  network = std::move(next);
  return result;
}

void save_events(std::span<const Event> events, std::ostream& out) {
  out << to_json_text(detail::write_envelope(events_format), JsonLayout::compact) << '\n';
  for (const Event& e : events) write_event(e, out);
}

void write_event(const Event& event, std::ostream& out) {
  out << to_json_text(write_event_value(event), JsonLayout::compact) << '\n';
}

// ---------------------------------------------------------------- requests

void save_requests(std::span<const Request> requests, std::ostream& out) {
  json::object file = detail::write_envelope(requests_format);
  json::array list;
  for (const Request& r : requests) list.push_back(json::value_from(r));
  file["requests"] = std::move(list);
  write_file(file, out);
}

std::vector<Request> load_requests(std::istream& in, std::string_view source_name) {
  const json::value jv = parse_json(in, source_name);
  return detail::with_source(std::string(source_name) + ": ", [&] {
    const JsonPath root;
    ObjectReader r(jv, root);
    detail::read_envelope(r, requests_format);
    const JsonPath list = root / "requests";
    std::vector<Request> out =
        detail::read_array(r.require("requests"), list, [](const json::value& v, const JsonPath& p) {
          Request q = detail::read_request(v, p);
          // The one check that needs no network; `score` does the rest.
          if (q.content_quality && (*q.content_quality < 0 || *q.content_quality > 1))
            detail::json_fail(Errc::out_of_range, p / "content_quality",
                              v.get_object().at("content_quality"));
          return q;
        });
    r.finish();
    return out;
  });
}

// ---------------------------------------------------------------- policy

void save_policy(const Policy& policy, std::ostream& out) {
  json::object file = detail::write_envelope(policy_format);
  detail::write_policy_fields(policy, file);
  write_file(file, out);
}

Policy load_policy(std::istream& in, std::string_view source_name) {
  const json::value jv = parse_json(in, source_name);
  return detail::with_source(std::string(source_name) + ": ", [&] {
    const JsonPath root;
    ObjectReader r(jv, root);
    detail::read_envelope(r, policy_format);
    Policy policy;
    detail::read_policy_fields(r, policy);
    r.finish();
    try {
      policy.validate();
    } catch (const Error& e) {
      detail::rethrow_at(e, root);
    }
    return policy;
  });
}

// ---------------------------------------------------------------- results

json::value result_to_json(const Network& network, const Request& request, const Score& score) {
  json::object out{{"id", request.id},
                   {"requester", request.requester},
                   {"owner", request.owner},
                   {"decision", json::value_from(score.decision)},
                   {"total", score.total},
                   {"relevance", score.relevance},
                   {"prior_context", score.prior_context},
                   {"audience_load", score.audience_load},
                   {"reciprocity", score.reciprocity}};
  if (score.slot) out["slot"] = detail::write_timestamp(*score.slot);
  json::array reasons;
  for (const Reason& r : score.reasons) {
    json::object reason{{"code", json::value_from(r.code)}, {"dimension", json::value_from(r.dimension)}};
    reason["figures"] = json::array{r.figures[0], r.figures[1], r.figures[2]};
    if (r.member) reason["member"] = network.member(*r.member).handle;
    if (r.channel) reason["channel"] = network.channel(*r.channel).name;
    reason["text"] = describe(r, network);
    reasons.push_back(std::move(reason));
  }
  out["reasons"] = std::move(reasons);
  return out;
}

json::value results_to_json(const Network& network, std::span<const Request> requests,
                            std::span<const Score> scores, Timestamp now) {
  if (requests.size() != scores.size())
    throw Error(
        Errc::out_of_range, "scores",
        std::to_string(scores.size()) + " scores for " + std::to_string(requests.size()) + " requests");
  json::object file = detail::write_envelope(results_format);
  file["now"] = detail::write_timestamp(now);
  json::array results;
  for (std::size_t i = 0; i < requests.size(); ++i)
    results.push_back(result_to_json(network, requests[i], scores[i]));
  file["results"] = std::move(results);
  return file;
}

void save_results(const Network& network, std::span<const Request> requests, std::span<const Score> scores,
                  Timestamp now, std::ostream& out) {
  write_file(results_to_json(network, requests, scores, now), out);
}

}  // namespace rapport
