// The path-tracking reader: JSON errors naming where they are, and readers of plain values.
#include <charconv>
#include <cmath>
#include <limits>
#include <rapport/json/text.hpp>
#include <string>

#include "detail/json_read.hpp"

namespace rapport {

// ---------------------------------------------------------------- reading with paths

namespace detail {

std::string JsonPath::str() const {
  std::vector<const JsonPath*> chain;
  for (const JsonPath* p = this; p; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const JsonPath& p = **it;
    if (p.is_index) {
      out += '[' + std::to_string(p.index) + ']';
    } else if (!p.key.empty()) {
      if (!out.empty()) out += '.';
      out += p.key;
    }
  }
  return out;
}

std::string join_field(const std::string& path, std::string_view core_field) {
  // Core errors name fields as "member.energy" or "policy.weights.relevance": drop the first segment.
  const std::size_t cut = core_field.find_first_of(".[");
  std::string_view rest = cut == std::string_view::npos ? std::string_view{} : core_field.substr(cut);
  if (path.empty() && !rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  return path + std::string(rest);
}

std::string json_excerpt(const json::value& jv) {
  constexpr std::size_t limit = 80;
  std::string text = to_json_text(jv, JsonLayout::compact);
  if (text.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    text = text.substr(0, cut) + "...";
  }
  return text;
}

void json_fail(Errc code, const JsonPath& path, const json::value& jv, std::string detail) {
  throw JsonError(code, path.str(), json_excerpt(jv), std::move(detail));
}

const json::value* find_at(const json::value& jv, std::string_view field) {
  const json::value* at = &jv;
  while (at && !field.empty()) {
    if (field.front() == '[') {
      const std::size_t close = field.find(']');
      std::size_t i = 0;
      const auto parsed = std::from_chars(field.data() + 1, field.data() + close, i);
      const json::array* a = at->if_array();
      if (close == std::string_view::npos || parsed.ptr != field.data() + close || !a || i >= a->size())
        return nullptr;
      at = &(*a)[i];
      field.remove_prefix(close + 1);
    } else {
      if (field.front() == '.') field.remove_prefix(1);
      const std::string_view key = field.substr(0, field.find_first_of(".["));
      const json::object* o = at->if_object();
      const auto found = o ? o->find(key) : json::object::const_iterator{};
      at = o && found != o->end() ? &found->value() : nullptr;
      field.remove_prefix(key.size());
    }
  }
  return at;
}

std::string json_value_at(const json::value* object, std::string_view field, const Error& e) {
  if (object)
    if (const json::value* v = find_at(*object, field)) return json_excerpt(*v);
  // Not a value of its own in the file (a topic's path, written as a plain string): the text quoted
  // as a JSON string, as the file writes it.
  return e.value().empty() ? std::string() : json::serialize(json::string_view(e.value()));
}

void rethrow_at(const Error& e, const JsonPath& path, const json::value* object) {
  // The value as the file wrote it, found where the core error's field says, below its first segment.
  const std::size_t cut = std::min(e.field().find_first_of(".["), e.field().size());
  throw JsonError(static_cast<Errc>(e.code().value()), join_field(path.str(), e.field()),
                  json_value_at(object, std::string_view(e.field()).substr(cut), e), e.detail());
}

ObjectReader::ObjectReader(const json::value& jv, const JsonPath& path)
    : object_(jv.if_object()), path_(path) {
  if (!object_) json_fail(Errc::wrong_type, path, jv, "expected an object");
  read_.assign(object_->size(), false);
}

const json::value* ObjectReader::find(std::string_view key) {
  const auto it = object_->find(key);
  if (it == object_->end()) return nullptr;
  read_[static_cast<std::size_t>(it - object_->begin())] = true;
  return &it->value();
}

const json::value* ObjectReader::optional(std::string_view key) {
  const json::value* v = find(key);
  return v && !v->is_null() ? v : nullptr;
}

const json::value& ObjectReader::require(std::string_view key) {
  if (const json::value* v = find(key)) return *v;
  throw JsonError(Errc::missing_field, (path_ / key).str(), "");
}

void ObjectReader::finish() const {
  for (std::size_t i = 0; i < read_.size(); ++i) {
    if (read_[i]) continue;
    const json::key_value_pair& kv = object_->begin()[i];
    json_fail(Errc::unknown_field, path_ / kv.key(), kv.value());
  }
}

std::string read_string(const json::value& jv, const JsonPath& path) {
  const json::string* s = jv.if_string();
  if (!s) json_fail(Errc::wrong_type, path, jv, "expected a string");
  return std::string(s->begin(), s->end());
}

bool read_bool(const json::value& jv, const JsonPath& path) {
  if (!jv.is_bool()) json_fail(Errc::wrong_type, path, jv, "expected true or false");
  return jv.get_bool();
}

double read_double(const json::value& jv, const JsonPath& path) {
  double x = 0;
  if (const double* d = jv.if_double())
    x = *d;
  else if (const std::int64_t* i = jv.if_int64())
    x = static_cast<double>(*i);
  else if (const std::uint64_t* u = jv.if_uint64())
    x = static_cast<double>(*u);
  else
    json_fail(Errc::wrong_type, path, jv, "expected a number");
  // Only a document built in code holds one (parsing refuses 1e999): JSON has no text for it.
  if (!std::isfinite(x))
    throw JsonError(Errc::not_finite, path.str(), std::isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
  return x;
}

std::int64_t read_integer(const json::value& jv, const JsonPath& path, std::int64_t lo, std::int64_t hi) {
  std::int64_t x = 0;
  if (const std::int64_t* i = jv.if_int64()) {
    x = *i;
  } else if (jv.is_uint64()) {
    json_fail(Errc::out_of_range, path, jv);  // above every int64, so above `hi`
  } else {
    json_fail(Errc::wrong_type, path, jv, "expected an integer");
  }
  if (x < lo || x > hi) json_fail(Errc::out_of_range, path, jv);
  return x;
}

int read_int(const json::value& jv, const JsonPath& path) {
  return static_cast<int>(
      read_integer(jv, path, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

std::uint32_t read_u32(const json::value& jv, const JsonPath& path) {
  return static_cast<std::uint32_t>(read_integer(jv, path, 0, std::numeric_limits<std::uint32_t>::max()));
}

std::chrono::days read_days(const json::value& jv, const JsonPath& path) {
  // Bounded so that converting to seconds and adding to a timestamp cannot overflow.
  constexpr std::int64_t bound = 10'000'000;
  return std::chrono::days{read_integer(jv, path, -bound, bound)};
}

int read_envelope(ObjectReader& r, std::string_view format, int newest) {
  const json::value& f = r.require("format");
  if (read_string(f, r.path() / "format") != format)
    json_fail(Errc::wrong_format, r.path() / "format", f, "expected \"" + std::string(format) + "\"");
  const json::value& v = r.require("version");
  const std::int64_t version = read_integer(v, r.path() / "version", std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max());
  if (version < 1 || version > newest)
    json_fail(Errc::unsupported_version, r.path() / "version", v,
              newest == 1 ? "unsupported format version, expected 1"
                          : "unsupported format version, expected 1 to " + std::to_string(newest));
  return static_cast<int>(version);
}

json::object write_envelope(std::string_view format, int version) {
  json::object out;
  out["format"] = format;
  out["version"] = version;
  return out;
}

}  // namespace detail

}  // namespace rapport
