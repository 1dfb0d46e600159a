// Differential: `Network::record(std::span<const Interaction>)` against one `record` per interaction.
// Each 3 bytes of input are an interaction among four members: byte 0 gives from, to and kind; byte 1
// a signed step in time (in hours, so that steps back can pass `max_lateness`); byte 2 a weight
// (some out of range) and an id (some repeated, some absent). The batch must skip as many as the
// single calls, and leave the same snapshot as single calls of the events it recorded, each run of them
// at one time in the documented canonical order; where a single call throws, the batch throws the same
// code and records nothing.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <rapport/error.hpp>
#include <rapport/interaction.hpp>
#include <rapport/io.hpp>
#include <span>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include "common.hpp"

namespace {

constexpr std::array<const char*, 5> handles{"ana", "ben", "cara", "dex", "nobody"};
constexpr std::array<double, 8> weights{1.0,    0.5,  2.0,    0.0,
                                        1000.0, -1.0, 1000.5, std::numeric_limits<double>::quiet_NaN()};

std::vector<rapport::Interaction> interactions(const std::uint8_t* data, std::size_t size) {
  std::vector<rapport::Interaction> out;
  // Starts just after the small network's latest event, so that the first steps are neither stale
  // nor far away.
  long long at = 1795176000;
  for (std::size_t i = 0; i + 3 <= size; i += 3) {
    const std::uint8_t who = data[i], step = data[i + 1], extra = data[i + 2];
    rapport::Interaction interaction;
    // Mostly the four members; "nobody" now and then, and from == to when the bits agree.
    interaction.from = handles[(who & 0x3) + ((who & 0x80) && (who & 0x40) ? 1 : 0)];
    interaction.to = handles[(who >> 2) & 0x3];
    interaction.kind = static_cast<rapport::InteractionKind>((who >> 4) % rapport::interaction_kind_count);
    at += static_cast<long long>(static_cast<std::int8_t>(step)) * 3600 * 4;
    interaction.at = rapport::Timestamp{std::chrono::seconds{at}};
    interaction.weight = weights[extra & 0x7];
    if (extra & 0x80) interaction.id = "i" + std::to_string((extra >> 3) & 0x7);
    out.push_back(std::move(interaction));
  }
  return out;
}

/// `recorded` with each run of consecutive events at the same time in the canonical order that
/// `Network::record(span)` documents: by handles (actor first), then kind, weight, reply and id.
std::vector<rapport::Interaction> in_canonical_order(std::vector<rapport::Interaction> recorded) {
  const auto key = [](const rapport::Interaction& e) {
    return std::tie(e.from, e.to, e.kind, e.weight, e.reply, e.id);
  };
  for (auto begin = recorded.begin(); begin != recorded.end();) {
    const auto end = std::find_if(begin, recorded.end(), [&](const auto& e) { return e.at != begin->at; });
    std::stable_sort(begin, end, [&](const auto& a, const auto& b) { return key(a) < key(b); });
    begin = end;
  }
  return recorded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  const std::vector<rapport::Interaction> events = interactions(data, size);
  static const rapport::Network base = rapport_fuzz::small_network();
  static const std::string base_text = rapport_fuzz::save(base);

  rapport::Network single = base;
  std::size_t single_skipped = 0;
  std::optional<std::error_code> single_error;
  std::vector<rapport::Interaction> recorded;
  for (const rapport::Interaction& interaction : events) {
    try {
      if (single.record(interaction))
        recorded.push_back(interaction);
      else
        ++single_skipped;
    } catch (const rapport::Error& e) {
      single_error = e.code();
      break;
    }
  }
  // Simultaneous events apply in the canonical order in a batch, in the order made in single calls.
  rapport::Network canonical = base;
  if (!single_error)
    for (const rapport::Interaction& interaction : in_canonical_order(std::move(recorded)))
      canonical.record(interaction);

  rapport::Network batch = base;
  std::size_t batch_skipped = 0;
  std::optional<std::error_code> batch_error;
  try {
    batch_skipped = batch.record(std::span<const rapport::Interaction>(events));
  } catch (const rapport::Error& e) {
    batch_error = e.code();
  }

  rapport_fuzz::check(single_error == batch_error, "the batch and the single calls throw differently");
  if (batch_error) {
    rapport_fuzz::check(rapport_fuzz::save(batch) == base_text, "a batch that threw changed the network");
  } else {
    rapport_fuzz::check(batch_skipped == single_skipped, "the batch and the single calls skip differently");
    rapport_fuzz::check(rapport_fuzz::save(batch) == rapport_fuzz::save(canonical),
                        "the batch and the single calls leave different networks");
  }
  return 0;
}
