// Event logs round-trip through snapshots: a log applied to a small network saves to a snapshot that
// loads and saves to the same bytes; and applying the log a second time changes nothing.

#include <optional>
#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <sstream>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  const std::string text(rapport_fuzz::as_text(data, size));
  static const rapport::Network base = rapport_fuzz::small_network();
  rapport::Network network = base;
  try {
    std::istringstream in{text};
    rapport::apply_event_log(network, in, "events.jsonl");
  } catch (const rapport::Error&) {
    return 0;
  }
  const std::string saved = rapport_fuzz::save(network);
  std::optional<rapport::Network> loaded;
  try {
    std::istringstream in{saved};
    loaded.emplace(rapport::load_network(in, "saved.json"));
  } catch (const rapport::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    rapport_fuzz::fail("the snapshot of an applied log does not load");
  }
  rapport_fuzz::check(rapport_fuzz::save(*loaded) == saved, "saving a reloaded snapshot gives other bytes");

  // Every interaction, post, request and outcome is held already, and members and channels end as the
  // log last wrote them.
  try {
    std::istringstream in{text};
    rapport::apply_event_log(*loaded, in, "events.jsonl");
  } catch (const rapport::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    rapport_fuzz::fail("a log applied once does not apply again");
  }
  rapport_fuzz::check(rapport_fuzz::save(*loaded) == saved, "applying a log twice changed the network");
  return 0;
}
