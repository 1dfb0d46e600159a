#ifndef RAPPORT_ERROR_HPP
#define RAPPORT_ERROR_HPP

/// \file
/// `Error` and `Errc`: what bad input throws, naming the field and the value.

#include <rapport/export.hpp>
#include <string>
#include <string_view>
#include <system_error>

namespace rapport {

/// Error codes of rapport; each names what was wrong with an input.
enum class Errc {
  empty_handle = 1,     ///< a handle or name is empty
  unknown_member,       ///< a handle names no member of the network
  duplicate_member,     ///< a member with that handle already exists
  unknown_channel,      ///< a channel name names no channel of the owner
  duplicate_channel,    ///< the owner already has a channel of that name
  self_interaction,     ///< an interaction or request from a member to itself
  not_finite,           ///< a number is NaN or infinite
  out_of_range,         ///< a number is outside the range the field allows
  stale_event,          ///< an event is older than the policy tolerates for its pair or channel
  invalid_topic,        ///< a topic path is empty or has an empty segment
  invalid_time_range,   ///< a time range ends before it begins
  invalid_policy,       ///< a policy value breaks its documented constraint
  policy_mismatch,      ///< a policy changes the decay the network was built with
  parse_error,          ///< a file is not well-formed: JSON, a JSON Lines line, or a message log line
  wrong_type,           ///< a JSON value has the wrong type (a number where a string belongs)
  missing_field,        ///< a required JSON field is absent
  unknown_field,        ///< a JSON object has a field the format does not define
  unknown_name,         ///< a name is not one of an enumeration's stable names
  invalid_timestamp,    ///< a timestamp is neither RFC 3339 text nor unix seconds in range
  wrong_format,         ///< a file's "format" names another kind of rapport file
  unsupported_version,  ///< a file's format version is not one this build reads
  inconsistent_state,   ///< saved relationship state contradicts itself (a duplicate pair, unsorted ties)
  unknown_request,      ///< an outcome names a request the network has not recorded
  invalid_outcome,      ///< an outcome names its request both by id and in full, or neither; or precedes it
  io_error,             ///< a stream could not be read (a directory, a device error, memory exhausted)
  duplicate_key,        ///< a JSON object has the same key twice
  duplicate_alias,      ///< an alias already names another member, or repeats one of the member's own keys
};

/// The category of rapport's error codes.
RAPPORT_API const std::error_category& error_category() noexcept;

/// Makes an `std::error_code` from an `Errc`.
inline std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

/// Thrown for bad input: carries an `Errc`, the field at fault, the offending value and, where the
/// code's description is not enough, what was expected.
class RAPPORT_API Error : public std::system_error {
 public:
  /// Builds "field: detail-or-description-of-code (got 'value')"; the parts that are empty are left out.
  Error(Errc code, std::string field, std::string value, std::string detail = {});

  /// The field at fault, as a path such as `interaction.from` or `policy.weights.relevance`.
  const std::string& field() const noexcept { return field_; }
  /// The offending value, as text.
  const std::string& value() const noexcept { return value_; }
  /// What was expected or which rule was broken ("expected a string"), or empty when the code's
  /// description says it all.
  const std::string& detail() const noexcept { return detail_; }
  /// "field: detail-or-description (got 'value')".
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string field_{};
  std::string value_{};
  std::string detail_{};
  std::string what_{};
};

}  // namespace rapport

/// Makes an `Errc` convert to `std::error_code`, so that `error.code() == Errc::unknown_member` reads.
template <>
struct std::is_error_code_enum<rapport::Errc> : std::true_type {};

#endif  // RAPPORT_ERROR_HPP
