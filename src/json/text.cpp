// JSON text: RFC 3339 timestamps and the deterministic printer.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <rapport/json/text.hpp>
#include <string>

#include "detail/json_read.hpp"
#include "detail/validate.hpp"

namespace rapport {

// ---------------------------------------------------------------- timestamps

namespace {

using std::chrono::days;
using std::chrono::sys_days;

}  // namespace

std::optional<std::string> to_rfc3339(Timestamp t) {
  if (t < earliest_time || t > latest_time) return std::nullopt;
  return detail::time_text(t);
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  std::size_t i = 0;
  const auto number = [&](std::size_t width, int& out) {
    if (i + width > s.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < width; ++k, ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  const auto expect = [&](auto pred) {
    if (i >= s.size() || !pred(s[i])) return false;
    ++i;
    return true;
  };
  const auto is = [](char c) { return [c](char x) { return x == c; }; };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!number(4, y) || !expect(is('-')) || !number(2, mo) || !expect(is('-')) || !number(2, d))
    return std::nullopt;
  if (!expect([](char c) { return c == 'T' || c == 't'; })) return std::nullopt;
  if (!number(2, h) || !expect(is(':')) || !number(2, mi) || !expect(is(':')) || !number(2, sec))
    return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t first = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == first) return std::nullopt;
  }
  int offset_minutes = 0;
  if (expect([](char c) { return c == 'Z' || c == 'z'; })) {
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i++] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!number(2, oh) || !expect(is(':')) || !number(2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  // Leap seconds (":60") cannot be represented by `sys_seconds`, so they are rejected with the rest.
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return Timestamp{sys_days{ymd}} + std::chrono::hours{h} + std::chrono::minutes{mi - offset_minutes} +
         std::chrono::seconds{sec};
}

// ---------------------------------------------------------------- text

namespace {

namespace json = boost::json;

void append_double(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  out += text;
  // Keep doubles doubles when read back: "1" would come back as an integer and "-0" as 0.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

bool is_flat(const json::value& jv) {
  if (const json::array* a = jv.if_array())
    return std::none_of(a->begin(), a->end(), [](const json::value& v) { return v.is_structured(); });
  if (const json::object* o = jv.if_object())
    return std::none_of(o->begin(), o->end(),
                        [](const json::key_value_pair& kv) { return kv.value().is_structured(); });
  return true;
}

/// Writes `jv`; `indent` < 0 is compact, else the current indentation of pretty output.
void append(std::string& out, const json::value& jv, int indent, bool spaced);

/// Writes `jv`, which is neither an array nor an object.
void append_scalar(std::string& out, const json::value& jv) {
  switch (jv.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += jv.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += std::to_string(jv.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(jv.get_uint64());
      return;
    case json::kind::double_:
      append_double(out, jv.get_double());
      return;
    case json::kind::string:
      out += json::serialize(jv.get_string());
      return;
    case json::kind::array:
    case json::kind::object:
      break;
  }
}

/// Writes the array or object `jv`: on one line if it holds no arrays or objects and fits, else one
/// element a line (pretty) or all on one (compact).
void append_structured(std::string& out, const json::value& jv, int indent, bool spaced) {
  constexpr int line_width = 120;
  const bool is_array = jv.is_array();
  const std::size_t size = is_array ? jv.get_array().size() : jv.get_object().size();
  const char open = is_array ? '[' : '{', close = is_array ? ']' : '}';
  const auto each = [&](auto&& item) {
    if (is_array)
      for (const json::value& v : jv.get_array()) item(nullptr, v);
    else
      for (const json::key_value_pair& kv : jv.get_object()) item(&kv, kv.value());
  };
  if (size == 0) {
    out += open;
    out += close;
    return;
  }
  if (indent >= 0 && is_flat(jv)) {  // one line if it fits
    std::string line;
    append(line, jv, -1, true);
    if (static_cast<int>(line.size()) + indent <= line_width) {
      out += line;
      return;
    }
  }
  out += open;
  bool first = true;
  each([&](const json::key_value_pair* kv, const json::value& v) {
    if (!first) out += spaced && indent < 0 ? ", " : ",";
    first = false;
    if (indent >= 0) {
      out += '\n';
      out.append(static_cast<std::size_t>(indent + 2), ' ');
    }
    if (kv) {
      out += json::serialize(kv->key());
      out += indent >= 0 || spaced ? ": " : ":";
    }
    append(out, v, indent >= 0 ? indent + 2 : -1, spaced);
  });
  if (indent >= 0) {
    out += '\n';
    out.append(static_cast<std::size_t>(indent), ' ');
  }
  out += close;
}

void append(std::string& out, const json::value& jv, int indent, bool spaced) {
  if (jv.is_structured())
    append_structured(out, jv, indent, spaced);
  else
    append_scalar(out, jv);
}

}  // namespace

// Not Boost.JSON's serializer: it writes 0.35 as "3.5E-1", which is exact but hard on the people who
// read and diff these files; `std::to_chars` is just as exact and writes "0.35".
std::string to_json_text(const boost::json::value& jv, JsonLayout layout) {
  std::string out;
  append(out, jv, layout == JsonLayout::pretty ? 0 : -1, false);
  return out;
}

// ---------------------------------------------------------------- timestamps in documents

namespace detail {

Timestamp read_timestamp(const json::value& jv, const JsonPath& path) {
  if (const json::string* s = jv.if_string()) {
    if (const auto t = parse_rfc3339(std::string_view(s->data(), s->size()))) return *t;
  } else if (const std::int64_t* i = jv.if_int64()) {
    if (const auto t = from_unix_seconds(*i)) return *t;
  } else if (!jv.is_number()) {  // one wording for every time that is not one; the code tells the type
    json_fail(Errc::wrong_type, path, jv,
              error_category().message(static_cast<int>(Errc::invalid_timestamp)));
  }
  json_fail(Errc::invalid_timestamp, path, jv);
}

json::value write_timestamp(Timestamp t) {
  if (const auto text = to_rfc3339(t)) return json::value(*text);
  return json::value(static_cast<std::int64_t>(t.time_since_epoch().count()));
}

}  // namespace detail

}  // namespace rapport
