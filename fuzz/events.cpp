// Event logs: `load_events` and `apply_event_log` onto a small network. Applying is all or nothing,
// so a log that fails leaves the network's snapshot as it was; and a log that loads applies alike.

#include <rapport/error.hpp>
#include <rapport/event.hpp>
#include <rapport/io.hpp>
#include <sstream>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  const std::string text(rapport_fuzz::as_text(data, size));

  bool loaded = false;
  try {
    std::istringstream in{text};
    (void)rapport::load_events(in, "events.jsonl");
    loaded = true;
  } catch (const rapport::Error&) {
  }

  static const rapport::Network base = rapport_fuzz::small_network();
  static const std::string base_text = rapport_fuzz::save(base);
  rapport::Network network = base;
  try {
    std::istringstream in{text};
    rapport::apply_event_log(network, in, "events.jsonl");
  } catch (const rapport::Error&) {
    rapport_fuzz::check(rapport_fuzz::save(network) == base_text,
                        "a failed apply_event_log changed the network");
    return 0;
  }
  // Applying reads the log as load_events does: a log it applies is one load_events reads.
  rapport_fuzz::check(loaded, "apply_event_log took a log that load_events refuses");
  return 0;
}
