#include <rapport/error.hpp>

namespace rapport {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "rapport"; }
  std::string message(int code) const override {
    switch (static_cast<Errc>(code)) {
      case Errc::empty_handle:
        return "must not be empty";
      case Errc::unknown_member:
        return "unknown member";
      case Errc::duplicate_member:
        return "duplicate member";
      case Errc::unknown_channel:
        return "unknown channel";
      case Errc::duplicate_channel:
        return "duplicate channel";
      case Errc::self_interaction:
        return "a member cannot address itself";
      case Errc::not_finite:
        return "must be a finite number";
      case Errc::out_of_range:
        return "out of range";
      case Errc::stale_event:
        return "older than the policy's max_lateness allows";
      case Errc::invalid_topic:
        return "invalid topic path";
      case Errc::invalid_time_range:
        return "ends before it begins";
      case Errc::invalid_policy:
        return "invalid policy value";
      case Errc::policy_mismatch:
        return "differs from the decay and per-kind effects the network was built with";
      case Errc::parse_error:
        return "not well-formed";
      case Errc::wrong_type:
        return "wrong JSON type";
      case Errc::missing_field:
        return "missing field";
      case Errc::unknown_field:
        return "unknown field";
      case Errc::unknown_name:
        return "unknown name";
      case Errc::invalid_timestamp:
        return "expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999";
      case Errc::wrong_format:
        return "not a file of the expected format";
      case Errc::unsupported_version:
        return "unsupported format version";
      case Errc::inconsistent_state:
        return "inconsistent relationship state";
      case Errc::unknown_request:
        return "no such request recorded";
      case Errc::invalid_outcome:
        return "invalid outcome";
      case Errc::io_error:
        return "cannot read file";
      case Errc::duplicate_key:
        return "duplicate key";
      case Errc::duplicate_alias:
        return "already names a member";
    }
    return "unknown rapport error";
  }
};

std::string error_message(Errc code, const std::string& field, const std::string& value,
                          const std::string& detail) {
  std::string out = field;
  if (!out.empty()) out += ": ";
  out += detail.empty() ? error_category().message(static_cast<int>(code)) : detail;
  if (!value.empty()) out += " (got '" + value + "')";
  return out;
}

}  // namespace

const std::error_category& error_category() noexcept {
  static const Category category;
  return category;
}

Error::Error(Errc code, std::string field, std::string value, std::string detail)
    : std::system_error(make_error_code(code)),
      field_(std::move(field)),
      value_(std::move(value)),
      detail_(std::move(detail)),
      what_(error_message(code, field_, value_, detail_)) {}

}  // namespace rapport
