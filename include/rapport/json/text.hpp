#ifndef RAPPORT_JSON_TEXT_HPP
#define RAPPORT_JSON_TEXT_HPP

/// \file
/// JSON text: the format version, `JsonError`, RFC 3339 timestamps and the deterministic printer. The
/// conversions of rapport's types are in `rapport/json/model.hpp` (inputs) and
/// `rapport/json/results.hpp` (results); `rapport/json.hpp` gives all three.

#include <boost/json/value.hpp>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/export.hpp>
#include <rapport/time.hpp>
#include <string>
#include <string_view>

namespace rapport {

/// Version of the JSON formats this build writes and reads; written in every file's "version".
inline constexpr int json_format_version = 1;

/// An `Error` in JSON input. `field()` is the JSON path ("requests[3].topics[1]", prefixed with the
/// file and, for JSON Lines, the line: "events.jsonl:12: interaction.kind"), `value()` the offending
/// JSON text as written, and `detail()` what was expected ("expected a string"), if more than the
/// code says: "requests.json: requests[3].topics[1]: expected a string (got '42')".
class RAPPORT_API JsonError : public Error {
 public:
  using Error::Error;
};

/// `t` as RFC 3339 text in UTC ("2026-11-23T09:00:00Z"); years outside 0000-9999 have none.
RAPPORT_API std::optional<std::string> to_rfc3339(Timestamp t);

/// Parses RFC 3339 text ("2026-11-23T09:00:00Z", "2026-11-23T10:00:00+01:00"); a fraction of a
/// second is dropped (rounded towards the past). Empty if the text is not a valid timestamp.
RAPPORT_API std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;

/// How `to_json_text` lays JSON out.
enum class JsonLayout {
  pretty,   ///< two-space indentation; arrays of plain values on one line
  compact,  ///< one line, no spaces (a JSON Lines line)
};

/// Deterministic JSON text: keys in the order of the object, doubles as the shortest text that reads
/// back to the same double and always with a fraction or exponent ("1.0"), so output survives a
/// save, load, save byte for byte. A non-finite double is written as null.
RAPPORT_API std::string to_json_text(const boost::json::value& jv, JsonLayout layout = JsonLayout::pretty);

}  // namespace rapport

#endif  // RAPPORT_JSON_TEXT_HPP
