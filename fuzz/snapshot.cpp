// Network snapshots: `load_network` on arbitrary bytes either builds a network or throws `Error`.

#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <sstream>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  std::istringstream in{std::string(rapport_fuzz::as_text(data, size))};
  try {
    const rapport::Network network = rapport::load_network(in, "snapshot.json");
    // What was loaded can be saved: a network that cannot is one the loader should have refused.
    (void)rapport_fuzz::save(network);
  } catch (const rapport::Error&) {
  }
  return 0;
}
