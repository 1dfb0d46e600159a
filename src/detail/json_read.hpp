#ifndef RAPPORT_SRC_DETAIL_JSON_READ_HPP
#define RAPPORT_SRC_DETAIL_JSON_READ_HPP

// Reading JSON with the path of every value at hand, so errors name where they are without the
// readers building path strings on the happy path.

#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/json/model.hpp>
#include <rapport/policy.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::detail {

namespace json = boost::json;

/// How deeply arrays and objects may nest in a document: deeper is a `parse_error`.
inline constexpr std::size_t max_json_depth = 32;

/// What a key given twice in one object means.
enum class DuplicateKeys {
  refuse,     ///< a `duplicate_key` error: rapport's own formats, where one would be a mistake
  last_wins,  ///< the last value counts: documents of other programs, which write them (Mastodon's export)
};

/// Parses `text`, named `source` in errors; `line` is its line in a JSON Lines file, 0 for a whole file.
/// Refuses a number too large to hold (`out_of_range`) and, unless told otherwise, a key twice in one
/// object (`duplicate_key`) at their JSON path, and anything not well-formed (`parse_error`) at its
/// line and column.
json::value parse_text(std::string_view text, std::string_view source, std::size_t line,
                       DuplicateKeys duplicates = DuplicateKeys::refuse);

/// The whole of `in`, without a leading byte-order mark; a failed read is an `io_error` naming `source`.
std::string read_all(std::istream& in, std::string_view source);

/// Where a value sits in a document: a chain of keys and indices living on the stack of the readers.
struct JsonPath {
  const JsonPath* parent = nullptr;
  std::string_view key{};
  std::size_t index = 0;
  bool is_index = false;

  JsonPath operator/(std::string_view k) const noexcept { return {this, k, 0, false}; }
  JsonPath operator[](std::size_t i) const noexcept { return {this, {}, i, true}; }
  /// "requests[3].topics[1]"; empty at the root.
  std::string str() const;
};

/// `path` joined to a relative field ("member.handle" with its first segment replaced by the path).
std::string join_field(const std::string& path, std::string_view core_field);

/// The JSON text of `jv` for an error message, cut short if long.
std::string json_excerpt(const json::value& jv);

/// Throws a `JsonError` at `path` about `jv`.
[[noreturn]] void json_fail(Errc code, const JsonPath& path, const json::value& jv, std::string detail = {});

/// The value at `field` ("members[0].energy", ".energy") below `jv`, if there is one.
const json::value* find_at(const json::value& jv, std::string_view field);

/// The JSON text of the value at `field` below `object`, as the file wrote it; `e`'s value if there is
/// none there (or no `object`).
std::string json_value_at(const json::value* object, std::string_view field, const Error& e);

/// Rethrows a core `Error` (whose field is like "member.energy") at the JSON object it came from, at
/// `path`, quoting the value as `object` holds it.
[[noreturn]] void rethrow_at(const Error& e, const JsonPath& path, const json::value* object);

/// Reads an object's fields, remembering which were read so `finish()` can reject the rest.
class ObjectReader {
 public:
  /// Throws `Errc::wrong_type` unless `jv` is an object. The path's parents must outlive the reader.
  ObjectReader(const json::value& jv, const JsonPath& path);

  /// The field, if present (null included); marks it read.
  const json::value* find(std::string_view key);
  /// The field, if present and not null; marks it read.
  const json::value* optional(std::string_view key);
  /// The field; throws `Errc::missing_field` if absent.
  const json::value& require(std::string_view key);
  /// Reads `key` into `out` with `read(value, path)` if present.
  template <class T, class Read>
  void get(std::string_view key, T& out, Read read) {
    if (const json::value* v = find(key)) out = read(*v, path_ / key);
  }
  /// Throws `Errc::unknown_field` for the first field not read.
  void finish() const;

  const JsonPath& path() const noexcept { return path_; }
  const json::object& object() const noexcept { return *object_; }

 private:
  const json::object* object_;
  JsonPath path_;  // a copy: callers pass temporaries such as `{}` for the root
  std::vector<bool> read_;
};

std::string read_string(const json::value& jv, const JsonPath& path);
bool read_bool(const json::value& jv, const JsonPath& path);
/// A finite number (integers included).
double read_double(const json::value& jv, const JsonPath& path);
/// An integer in [lo, hi].
std::int64_t read_integer(const json::value& jv, const JsonPath& path, std::int64_t lo, std::int64_t hi);
int read_int(const json::value& jv, const JsonPath& path);
std::uint32_t read_u32(const json::value& jv, const JsonPath& path);
/// Whole days.
std::chrono::days read_days(const json::value& jv, const JsonPath& path);
/// RFC 3339 text or integral unix seconds, years 0000-9999.
Timestamp read_timestamp(const json::value& jv, const JsonPath& path);
/// RFC 3339 text, or integral unix seconds when out of RFC 3339's range.
json::value write_timestamp(Timestamp t);

/// Reads a JSON array with `read(element, path)`.
template <class Read>
auto read_array(const json::value& jv, const JsonPath& path, Read read) {
  using T = decltype(read(jv, path));
  const json::array* a = jv.if_array();
  if (!a) json_fail(Errc::wrong_type, path, jv, "expected an array");
  std::vector<T> out;
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(read((*a)[i], path[i]));
  return out;
}

/// Reads an enum's stable name; `N` is the number of enumerators, named by `to_string`.
template <class Enum, std::size_t N>
Enum read_enum(const json::value& jv, const JsonPath& path) {
  const std::string name = read_string(jv, path);
  for (std::size_t i = 0; i < N; ++i)
    if (to_string(static_cast<Enum>(i)) == name) return static_cast<Enum>(i);
  std::string expected = "expected one of";
  for (std::size_t i = 0; i < N; ++i)
    expected += (i ? ", " : " ") + std::string(to_string(static_cast<Enum>(i)));
  json_fail(Errc::unknown_name, path, jv, expected);
}

/// An enum's stable name.
json::value write_enum(auto e) {
  return json::value(json::string_view(to_string(e)));
}

/// Checks a file's "format" and "version" fields: the version must be 1 to `newest`, which it returns.
int read_envelope(ObjectReader& r, std::string_view format, int newest = json_format_version);
/// Starts a file's object with "format" and "version".
json::object write_envelope(std::string_view format, int version = json_format_version);

InteractionKind read_interaction_kind(const json::value& jv, const JsonPath& path);
Offer read_offer(const json::value& jv, const JsonPath& path);
Member read_member(const json::value& jv, const JsonPath& path);
Channel read_channel(const json::value& jv, const JsonPath& path);
Interaction read_interaction(const json::value& jv, const JsonPath& path);
Post read_post(const json::value& jv, const JsonPath& path);
Request read_request(const json::value& jv, const JsonPath& path);
/// An event line's object: exactly one key naming the alternative.
Event read_event(const json::value& jv, const JsonPath& path);
/// The key naming `event`'s alternative ("interaction").
std::string_view event_name(const Event& event) noexcept;
/// Reads the policy fields of an object into `policy`; the caller finishes the reader.
void read_policy_fields(ObjectReader& r, Policy& policy);
Policy read_policy(const json::value& jv, const JsonPath& path);
/// Writes the policy fields into `out`, after what it already holds.
void write_policy_fields(const Policy& policy, json::object& out);
/// Per-kind counts as an object of the non-zero ones, keyed by stable name.
json::object write_kind_counts(const std::array<std::uint32_t, interaction_kind_count>& counts);
std::array<std::uint32_t, interaction_kind_count> read_kind_counts(const json::value& jv,
                                                                   const JsonPath& path);

/// Calls `f()`, rethrowing a `JsonError` with `prefix` before its field ("requests.json: ").
template <class F>
decltype(auto) with_source(std::string_view prefix, F&& f) {
  try {
    return f();
  } catch (const JsonError& e) {
    const std::string field = e.field().empty()
                                  ? std::string(prefix.substr(0, prefix.find_last_not_of(": ") + 1))
                                  : std::string(prefix) + e.field();
    throw JsonError(static_cast<Errc>(e.code().value()), field, e.value(), e.detail());
  }
}

/// Counts the fields of an aggregate, so a conversion notices when its struct gains one.
struct AnyField {
  template <class T>
  operator T() const;  // never defined: only used in unevaluated requires-expressions
};
template <class T, class... Fields>
consteval std::size_t field_count() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; })
    return field_count<T, Fields..., AnyField>();
  else
    return sizeof...(Fields);
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_JSON_READ_HPP
