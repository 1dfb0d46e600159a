// rapport's input files other than snapshots: parsing, event logs, request and policy files.
#include <array>
#include <cerrno>
#include <istream>
#include <ostream>
#include <rapport/io.hpp>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "detail/json_read.hpp"
#include "detail/network_state.hpp"
#include "detail/validate.hpp"

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

/// Throws `io_error` naming `source` unless `in` read everything it was asked for: a failed read
/// (a directory, a device error, memory exhausted inside the stream) is not an end of input.
void check_read(const std::istream& in, std::string_view source) {
  if (in.bad()) throw detail::read_error(std::string(source));
}

void write_file(const json::value& jv, std::ostream& out) {
  out << to_json_text(jv) << '\n';
}

// ---------------------------------------------------------------- events

/// "events.jsonl:12: "
std::string line_prefix(std::string_view source, std::size_t line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

/// Calls `f(event, line, jv)` with each event line of the log in order, `jv` its JSON; checks header lines.
template <class F>
void for_each_event(std::istream& in, std::string_view source, F&& f) {
  std::string text;
  std::size_t number = 1;
  errno = 0;
  for (; std::getline(in, text); ++number) {
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    const json::value jv = detail::parse_text(text, source, number);
    const json::object* o = jv.if_object();
    if (o && o->contains("format")) {  // a header, as at the start of each concatenated log
      detail::with_source(line_prefix(source, number), [&] {
        ObjectReader r(jv, {});
        detail::read_envelope(r, events_format, events_version);
        r.finish();
      });
      continue;
    }
    f(detail::with_source(line_prefix(source, number), [&] { return detail::read_event(jv, {}); }), number,
      jv);
  }
  check_read(in, std::string(source) + ":" + std::to_string(number));
}

}  // namespace

namespace detail {

std::string read_all(std::istream& in, std::string_view source) {
  // Read through the stream, not its buffer: the stream turns a buffer's failure (a directory, a
  // device error) into `badbit`, which `check_read` reports.
  std::string text;
  std::array<char, 1 << 16> chunk;
  errno = 0;
  do {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  } while (in);
  check_read(in, source);
  // A byte-order mark is not JSON, but editors write one; it carries no meaning in UTF-8.
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

}  // namespace detail

json::value parse_json(std::istream& in, std::string_view source_name) {
  return detail::parse_text(detail::read_all(in, source_name), source_name, 0);
}

std::vector<Event> load_events(std::istream& in, std::string_view source_name) {
  std::vector<Event> out;
  for_each_event(in, source_name,
                 [&](Event&& event, std::size_t, const json::value&) { out.push_back(std::move(event)); });
  return out;
}

namespace {

/// Throws the error `e`, thrown applying `event` read from line `line` (`jv`), naming that line and
/// the event's field.
[[noreturn]] void throw_at_line(const Error& e, const Event& event, std::string_view source, std::size_t line,
                                const json::value& jv) {
  const std::string key(detail::event_name(event));
  std::string field = detail::join_field(key, e.field());
  // A request records an `asked` interaction at its arrival; that interaction's time is the request's.
  if (key == "request" && e.field() == "interaction.at") field = "request.received";
  throw JsonError(static_cast<Errc>(e.code().value()), line_prefix(source, line) + field,
                  detail::json_value_at(&jv, field, e), e.detail());
}

/// The interactions of consecutive lines at one time, recorded together once the run ends, so that
/// they apply in the canonical order of `Network::record(span)` however the log lists them.
class SimultaneousRun {
 public:
  /// Whether `e` joins the run: it is at the run's time.
  bool takes(const Interaction& e) const noexcept { return !events_.empty() && e.at == events_.front().at; }

  void add(Event&& event, std::size_t line, const json::value& jv) {
    events_.push_back(std::get<Interaction>(std::move(event.change)));
    lines_.push_back({line, jv});
  }

  /// Records the run in `net`, counting in `result`, and starts a new one. A bad event is found by
  /// applying the run one event at a time, which checks as the batch does, so that its error names its line.
  void flush(Network& net, std::string_view source, AppliedEvents& result) {
    if (events_.empty()) return;
    try {
      const std::size_t skipped = net.record(std::span<const Interaction>(events_));
      result.applied += events_.size() - skipped;
      result.skipped += skipped;
    } catch (const Error&) {
      for (std::size_t i = 0; i < events_.size(); ++i) {
        try {
          net.record(events_[i]);
        } catch (const Error& e) {
          throw_at_line(e, Event(events_[i]), source, lines_[i].number, lines_[i].json);
        }
      }
      throw;
    }
    events_.clear();
    lines_.clear();
  }

 private:
  struct Line {
    std::size_t number = 0;
    json::value json;
  };
  std::vector<Interaction> events_;
  std::vector<Line> lines_;
};

}  // namespace

AppliedEvents apply_event_log(Network& network, std::istream& in, std::string_view source_name) {
  Network next = network;
  AppliedEvents result;
  SimultaneousRun run;
  // Each line is applied as it is read, while its JSON is at hand for an error to quote; interactions
  // wait for the end of their second.
  for_each_event(in, source_name, [&](Event&& event, std::size_t line, const json::value& jv) {
    const auto* interaction = std::get_if<Interaction>(&event.change);
    if (!interaction || !run.takes(*interaction)) run.flush(next, source_name, result);
    if (interaction) return run.add(std::move(event), line, jv);
    try {
      ++(apply(next, event) ? result.applied : result.skipped);
    } catch (const Error& e) {
      throw_at_line(e, event, source_name, line, jv);
    }
  });
  run.flush(next, source_name, result);
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

namespace {

/// Reads a request file, checking each request against `network` if given, else what needs none.
std::vector<Request> read_requests(std::istream& in, std::string_view source_name, const Network* network) {
  const json::value jv = parse_json(in, source_name);
  return detail::with_source(std::string(source_name) + ": ", [&] {
    const JsonPath root;
    ObjectReader r(jv, root);
    detail::read_envelope(r, requests_format);
    const JsonPath list = root / "requests";
    std::vector<Request> out =
        detail::read_array(r.require("requests"), list, [&](const json::value& v, const JsonPath& p) {
          Request q = detail::read_request(v, p);
          try {
            if (network)
              (void)detail::resolve(detail::NetworkAccess::state(*network), q);
            else
              detail::check_request(q);
          } catch (const Error& e) {
            detail::rethrow_at(e, p, &v);
          }
          return q;
        });
    r.finish();
    return out;
  });
}

}  // namespace

std::vector<Request> load_requests(std::istream& in, std::string_view source_name) {
  return read_requests(in, source_name, nullptr);
}

std::vector<Request> load_requests(std::istream& in, std::string_view source_name, const Network& network) {
  return read_requests(in, source_name, &network);
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
      detail::rethrow_at(e, root, &jv);
    }
    return policy;
  });
}

}  // namespace rapport
