// rapport's input files other than snapshots: parsing, event logs, request and policy files.
#include <array>
#include <istream>
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
// Versions of the formats that changed: 2 added learning (an event log's outcome lines, the policy's
// "learning"), events 3 members' "aliases" and interactions' "reply". Older files still read.
constexpr int events_version = 3;
constexpr int policy_version = 2;

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

/// Throws `io_error` naming `source` unless `in` read everything it was asked for: a failed read
/// (a directory, a device error, memory exhausted inside the stream) is not an end of input.
void check_read(const std::istream& in, std::string_view source) {
  if (in.bad()) throw Error(Errc::io_error, std::string(source), "");
}

std::string read_all(std::istream& in, std::string_view source) {
  // Read through the stream, not its buffer: the stream turns a buffer's failure (a directory, a
  // device error) into `badbit`, which `check_read` reports.
  std::string text;
  std::array<char, 1 << 16> chunk;
  do {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  } while (in);
  check_read(in, source);
  // A byte-order mark is not JSON, but editors write one; it carries no meaning in UTF-8.
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

void write_file(const json::value& jv, std::ostream& out) {
  out << to_json_text(jv) << '\n';
}

// ---------------------------------------------------------------- events

struct Line {
  std::size_t number;
  Event event;
};

std::vector<Line> read_lines(std::istream& in, std::string_view source) {
  std::vector<Line> out;
  std::string text;
  std::size_t number = 1;
  for (; std::getline(in, text); ++number) {
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    const json::value jv = parse_text(text, source, number);
    const std::string prefix = std::string(source) + ":" + std::to_string(number) + ": ";
    detail::with_source(prefix, [&] {
      const json::object* o = jv.if_object();
      if (o && o->contains("format")) {  // a header, as at the start of each concatenated log
        ObjectReader r(jv, {});
        detail::read_envelope(r, events_format, events_version);
        r.finish();
      } else {
        out.push_back({number, detail::read_event(jv, {})});
      }
    });
  }
  check_read(in, std::string(source) + ":" + std::to_string(number));
  return out;
}

}  // namespace

json::value parse_json(std::istream& in, std::string_view source_name) {
  return parse_text(read_all(in, source_name), source_name, 1);
}

std::vector<Event> load_events(std::istream& in, std::string_view source_name) {
  std::vector<Event> out;
  for (Line& line : read_lines(in, source_name)) out.push_back(std::move(line.event));
  return out;
}

AppliedEvents apply_event_log(Network& network, std::istream& in, std::string_view source_name) {
  const std::vector<Line> lines = read_lines(in, source_name);
  Network next = network;
  AppliedEvents result;
  for (const Line& line : lines) {
    try {
      ++(apply(next, line.event) ? result.applied : result.skipped);
    } catch (const Error& e) {
      const std::string_view key = detail::event_name(line.event);
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
  out << to_json_text(detail::write_envelope(events_format, events_version), JsonLayout::compact) << '\n';
  for (const Event& e : events) write_event(e, out);
}

void write_event(const Event& event, std::ostream& out) {
  out << to_json_text(json::value_from(event), JsonLayout::compact) << '\n';
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
  json::object file = detail::write_envelope(policy_format, policy_version);
  detail::write_policy_fields(policy, file);
  write_file(file, out);
}

Policy load_policy(std::istream& in, std::string_view source_name) {
  const json::value jv = parse_json(in, source_name);
  return detail::with_source(std::string(source_name) + ": ", [&] {
    const JsonPath root;
    ObjectReader r(jv, root);
    detail::read_envelope(r, policy_format, policy_version);
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

}  // namespace rapport
