// Message logs (SNAP temporal format): `replay_message_log` into a fresh network, the CSV discarded.
// What a replay recorded, it can save, and the saved snapshot loads again (a handle that is not UTF-8
// is refused, not saved).

#include <ostream>
#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <rapport/replay.hpp>
#include <sstream>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  rapport_fuzz::NullBuffer null_buffer;
  std::ostream csv(&null_buffer);
  std::istringstream log{std::string(rapport_fuzz::as_text(data, size))};
  rapport::Network network;
  try {
    const rapport::ReplayStats stats = rapport::replay_message_log(log, "log.txt", csv, network);
    rapport_fuzz::check(stats.members == network.member_count(), "replay counts other members than it added");
    rapport_fuzz::check(
        stats.stale_messages <= stats.messages_out_of_order && stats.messages_out_of_order <= stats.messages,
        "replay counts more stale messages than out of order, or than messages");
    rapport_fuzz::check((stats.stale_messages == 0) == (stats.first_stale_line == 0) &&
                            (stats.messages_out_of_order == 0) == (stats.first_out_of_order_line == 0),
                        "replay names a first line for a count of 0, or none for more");
  } catch (const rapport::Error&) {
  }
  // Even after an error, what was recorded before it stays, and is a network that saves and loads.
  std::istringstream saved(rapport_fuzz::save(network));
  try {
    (void)rapport::load_network(saved, "saved.json");
  } catch (const rapport::Error&) {
    rapport_fuzz::fail("a replayed network's snapshot does not load");
  }
  return 0;
}
