#include "detail/validate.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>

namespace rapport::detail {

std::string number_text(double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

std::string time_text(Timestamp t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

Error read_error(std::string source) {
  const int e = errno;
  return Error(Errc::io_error, std::move(source), "",
               e ? "cannot read file (" + std::string(std::strerror(e)) + ")" : std::string());
}

void check_topics(const Topics& topics, std::string_view field) {
  for (std::size_t i = 0; i < topics.size(); ++i) {
    const std::string at = std::string(field) + "[" + std::to_string(i) + "]";
    const std::string_view path = topics[i].path;
    if (!valid_topic_path(path)) throw Error(Errc::invalid_topic, at + ".path", std::string(path));
    const double w = topics[i].weight;
    if (!std::isfinite(w)) throw Error(Errc::not_finite, at + ".weight", number_text(w));
    if (w <= 0) throw Error(Errc::out_of_range, at + ".weight", number_text(w));
  }
}

}  // namespace rapport::detail
