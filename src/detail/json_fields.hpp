#ifndef RAPPORT_SRC_DETAIL_JSON_FIELDS_HPP
#define RAPPORT_SRC_DETAIL_JSON_FIELDS_HPP

// JSON conversions from field lists. A struct lists its fields once, in an overload
// `fields(FieldList, s, f)` that calls `f(key, field)` for each, in order, and the templates below
// write and read it from that one list, so writing and reading cannot drift. Fields are optional on
// input unless wrapped in `required`; unknown fields are rejected. The `FieldList` argument lets the
// templates find the lists by argument-dependent lookup, wherever in rapport::detail they are defined.

#include <array>
#include <chrono>
#include <optional>
#include <rapport/channel.hpp>
#include <rapport/time.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/json_read.hpp"

namespace rapport::detail {

/// The tag of every `fields` overload.
struct FieldList {};

/// A field that must be present on input.
template <class T>
struct Required {
  T& field;
};
template <class T>
Required<T> required(T& field) {
  return {field};
}

/// A field written only when it holds something: a string or list not empty (an optional identifier),
/// a flag set.
template <class T>
struct OmitEmpty {
  T& field;
};
template <class T>
OmitEmpty<T> omit_empty(T& field) {
  return {field};
}

/// A table indexed by an enum, written as an object keyed by the enum's stable names.
template <class Enum, class Array>
struct ByName {
  Array* table;
};
template <class Enum, class Array>
ByName<Enum, Array> by_name(Array& table) {
  return {&table};
}

template <class T>
concept HasFields = requires(T& t) {
  fields(FieldList{}, t, [](std::string_view, auto&&) {});
};

// ---------------------------------------------------------------- writing

inline json::value write_field(double x) {
  return json::value(x);
}
inline json::value write_field(int x) {
  return json::value(x);
}
inline json::value write_field(bool x) {
  return json::value(x);
}
inline json::value write_field(const std::string& s) {
  return json::value(s);
}
inline json::value write_field(std::chrono::days d) {
  return json::value(static_cast<std::int64_t>(d.count()));
}
inline json::value write_field(Timestamp t) {
  return write_timestamp(t);
}
template <class Enum>
requires std::is_enum_v<Enum> json::value write_field(Enum e) {
  return write_enum(e);
}
/// Defined with the conversions of the type (a topic is a string or an object).
json::value write_field(const Topic& topic);

template <class T, std::size_t N>
json::value write_field(const std::array<T, N>& a);
template <class T>
json::value write_field(const std::vector<T>& v);
template <HasFields T>
json::value write_field(const T& s);
template <class Enum, class Array>
json::value write_field(const ByName<Enum, Array>& t);

/// Puts a field into `out`: optionals only when set, `omit_empty` fields only when not empty.
template <class T>
void put(json::object& out, std::string_view key, const T& v) {
  out[key] = write_field(v);
}
template <class T>
void put(json::object& out, std::string_view key, const Required<T>& v) {
  out[key] = write_field(v.field);
}
template <class T>
void put(json::object& out, std::string_view key, const OmitEmpty<T>& v) {
  bool holds = false;
  if constexpr (std::is_same_v<std::remove_const_t<T>, bool>)
    holds = v.field;
  else
    holds = !v.field.empty();
  if (holds) out[key] = write_field(v.field);
}
template <class T>
void put(json::object& out, std::string_view key, const std::optional<T>& v) {
  if (v) out[key] = write_field(*v);
}

/// Writes the listed fields into `out`, after what it already holds.
template <HasFields T>
void write_fields(const T& s, json::object& out) {
  fields(FieldList{}, s, [&](std::string_view key, const auto& v) { put(out, key, v); });
}

template <class T, std::size_t N>
json::value write_field(const std::array<T, N>& a) {
  json::array out;
  for (const T& x : a) out.push_back(write_field(x));
  return out;
}
template <class T>
json::value write_field(const std::vector<T>& v) {
  json::array out;
  for (const T& x : v) out.push_back(write_field(x));
  return out;
}
template <HasFields T>
json::value write_field(const T& s) {
  json::object out;
  write_fields(s, out);
  return out;
}
template <class Enum, class Array>
json::value write_field(const ByName<Enum, Array>& t) {
  json::object out;
  for (std::size_t i = 0; i < t.table->size(); ++i)
    out[to_string(static_cast<Enum>(i))] = write_field((*t.table)[i]);
  return out;
}

// ---------------------------------------------------------------- reading

// Overloads for rapport's own types (enums, `Topic`) are defined with their conversions and found by
// argument-dependent lookup through `JsonPath`.

inline void read_field(const json::value& jv, const JsonPath& path, double& x) {
  x = read_double(jv, path);
}
inline void read_field(const json::value& jv, const JsonPath& path, int& x) {
  x = read_int(jv, path);
}
inline void read_field(const json::value& jv, const JsonPath& path, bool& x) {
  x = read_bool(jv, path);
}
inline void read_field(const json::value& jv, const JsonPath& path, std::string& s) {
  s = read_string(jv, path);
}
inline void read_field(const json::value& jv, const JsonPath& path, std::chrono::days& d) {
  d = read_days(jv, path);
}
inline void read_field(const json::value& jv, const JsonPath& path, Timestamp& t) {
  t = read_timestamp(jv, path);
}

template <class T, std::size_t N>
void read_field(const json::value& jv, const JsonPath& path, std::array<T, N>& a);
template <class T>
void read_field(const json::value& jv, const JsonPath& path, std::vector<T>& v);
template <HasFields T>
void read_field(const json::value& jv, const JsonPath& path, T& s);
template <class Enum, class Array>
void read_field(const json::value& jv, const JsonPath& path, ByName<Enum, Array> t);

/// Reads a field from `r` into `field`: if present (optionals: and not null), or else throws for a
/// `required` one.
template <class T>
void take(ObjectReader& r, std::string_view key, T& field) {
  if (const json::value* v = r.find(key)) read_field(*v, r.path() / key, field);
}
template <class T>
void take(ObjectReader& r, std::string_view key, Required<T>& field) {
  read_field(r.require(key), r.path() / key, field.field);
}
template <class T>
void take(ObjectReader& r, std::string_view key, OmitEmpty<T>& field) {
  take(r, key, field.field);
}
template <class T>
void take(ObjectReader& r, std::string_view key, std::optional<T>& field) {
  if (const json::value* v = r.optional(key)) {
    T x{};
    read_field(*v, r.path() / key, x);
    field = std::move(x);
  }
}

/// Reads the listed fields from `r`, leaving those absent as they are; the caller finishes `r`.
template <HasFields T>
void read_fields(ObjectReader& r, T& s) {
  fields(FieldList{}, s, [&](std::string_view key, auto&& field) { take(r, key, field); });
}

template <class T, std::size_t N>
void read_field(const json::value& jv, const JsonPath& path, std::array<T, N>& a) {
  const json::array* values = jv.if_array();
  if (!values) json_fail(Errc::wrong_type, path, jv, "expected an array");
  if (values->size() != N)
    json_fail(Errc::out_of_range, path, jv, "expected " + std::to_string(N) + " entries");
  for (std::size_t i = 0; i < N; ++i) read_field((*values)[i], path[i], a[i]);
}
template <class T>
void read_field(const json::value& jv, const JsonPath& path, std::vector<T>& v) {
  v = read_array(jv, path, [](const json::value& e, const JsonPath& p) {
    T x{};
    read_field(e, p, x);
    return x;
  });
}
template <HasFields T>
void read_field(const json::value& jv, const JsonPath& path, T& s) {
  ObjectReader r(jv, path);
  read_fields(r, s);
  r.finish();
}
template <class Enum, class Array>
void read_field(const json::value& jv, const JsonPath& path, ByName<Enum, Array> t) {
  ObjectReader r(jv, path);
  for (std::size_t i = 0; i < t.table->size(); ++i) {
    const std::string_view key = to_string(static_cast<Enum>(i));
    if (const json::value* v = r.find(key)) read_field(*v, path / key, (*t.table)[i]);
  }
  r.finish();
}

/// Reads a struct from its field list, starting from its defaults.
template <HasFields T>
T read_struct(const json::value& jv, const JsonPath& path) {
  T out{};
  read_field(jv, path, out);
  return out;
}

// ---------------------------------------------------------------- shared lists

/// A channel's tolerance and the policy's default tolerance.
template <class S, class F>
requires std::same_as<std::remove_const_t<S>, PromoTolerance>
void fields(FieldList, S& t, F&& f) {
  f("max_per_week", t.max_per_week);
  f("max_share", t.max_share);
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_JSON_FIELDS_HPP
