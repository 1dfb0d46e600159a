#include <charconv>
#include <istream>
#include <ostream>
#include <rapport/error.hpp>
#include <rapport/replay.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <string>

#include "detail/network_state.hpp"

namespace rapport {
namespace {

/// Splits the next whitespace-separated field off `line`.
std::string_view next_field(std::string_view& line) noexcept {
  const auto begin = line.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(begin);
  const auto end = line.find_first_of(" \t\r");
  const std::string_view field = line.substr(0, end);
  line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  return field;
}

void append_number(std::string& out, double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, res.ptr);
}

}  // namespace

ReplayStats replay_message_log(std::istream& log, std::string_view source_name, std::ostream& csv,
                               Network& network, const std::function<void(std::size_t)>& progress) {
  ReplayStats stats;
  csv << "src,dst,ts,total,relevance,context,load,reciprocity\n";
  // Each line's handles are looked up once; scoring and recording then go by id, through the same
  // code as `score` and `record` after their lookups. The request and message name no one: only their
  // other fields are read. One row is reused for every line, so the steady state allocates only for
  // new members.
  detail::NetworkState& state = detail::NetworkAccess::state(network);
  const Request request;
  Interaction message{.kind = InteractionKind::message};
  const auto member_id = [&](std::string_view handle) {
    if (const auto id = network.find_member(handle)) return *id;
    return network.add_member(Member{.handle = std::string(handle)});
  };
  std::string line, row;
  std::size_t bytes = 0;
  while (std::getline(log, line)) {
    ++stats.lines;
    bytes += line.size() + 1;
    if (progress && stats.lines % 65536 == 0) progress(bytes);
    std::string_view rest = line;
    const std::string_view src = next_field(rest);
    if (src.empty() || src.front() == '#' || src.front() == '%') continue;
    const std::string_view dst = next_field(rest);
    const std::string_view ts = next_field(rest);
    long long seconds = 0;
    const auto parsed = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
    const bool in_range = earliest_time.time_since_epoch().count() <= seconds &&
                          seconds <= latest_time.time_since_epoch().count();
    if (dst.empty() || ts.empty() || parsed.ec != std::errc{} || parsed.ptr != ts.data() + ts.size() ||
        !in_range)
      throw Error(Errc::parse_error, std::string(source_name) + ":" + std::to_string(stats.lines), line);
    if (src == dst) {
      ++stats.self_messages;
      continue;
    }
    const MemberId from = member_id(src), to = member_id(dst);

    const Timestamp at{std::chrono::seconds{seconds}};
    const Score s = detail::score_resolved(state, {.owner = to, .requester = from}, request, at);

    row.clear();
    row.append(src).append(1, ',').append(dst).append(1, ',').append(ts);
    for (const double x : {s.total, s.relevance, s.prior_context, s.audience_load, s.reciprocity}) {
      row.push_back(',');
      append_number(row, x);
    }
    row.push_back('\n');
    csv.write(row.data(), static_cast<std::streamsize>(row.size()));

    message.at = at;
    try {
      detail::record_between(state, from, to, message);
    } catch (const Error& e) {
      throw Error(static_cast<Errc>(e.code().value()),
                  std::string(source_name) + ":" + std::to_string(stats.lines) + ": " + e.field(), e.value());
    }
    ++stats.messages;
  }
  if (progress) progress(bytes);
  stats.members = network.member_count();
  return stats;
}

}  // namespace rapport
