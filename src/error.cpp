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
        return "cannot change the decay a network was built with";
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
        return "expected an RFC 3339 timestamp or unix seconds";
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
        return "read error";
      case Errc::duplicate_alias:
        return "already names a member";
    }
    return "unknown rapport error";
  }
};

}  // namespace

const std::error_category& error_category() noexcept {
  static const Category category;
  return category;
}

Error::Error(Errc code, std::string field, std::string value)
    : std::system_error(make_error_code(code)),
      field_(std::move(field)),
      value_(std::move(value)),
      what_(field_ + ": " + error_category().message(static_cast<int>(code)) +
            (value_.empty() && code == Errc::io_error ? std::string() : " (got '" + value_ + "')")) {}

}  // namespace rapport
