// Reads that fail are errors, never an end of input: a log cut short by a failing device or by
// memory running out inside the stream must not be applied as though it were the whole log.
#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <rapport/rapport.hpp>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <utility>

namespace {

/// Gives `text`, then fails the next read the way a device error or an allocation failure inside the
/// stream does: by throwing from `underflow`, which the stream turns into `badbit`.
class FailingBuffer : public std::streambuf {
 public:
  explicit FailingBuffer(std::string text) : text_(std::move(text)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("the device failed"); }

 private:
  std::string text_;
};

const std::string events =
    "{\"member\": {\"handle\": \"ana\"}}\n"
    "{\"member\": {\"handle\": \"ben\"}}\n"
    "{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"call\", \"at\": 1000}}\n";

/// Runs `f`, which must throw an `io_error` whose message is "`field`: cannot read file" (the stream
/// fails without a system error).
template <class F>
void require_read_error(F&& f, const std::string& field) {
  try {
    std::forward<F>(f)();
  } catch (const rapport::Error& e) {
    CHECK(e.code() == rapport::make_error_code(rapport::Errc::io_error));
    CHECK(e.field() == field);
    CHECK(std::string(e.what()) == field + ": cannot read file");
    return;
  }
  FAIL("expected a read error for " << field);
}

std::string snapshot_of(const rapport::Network& net) {
  std::ostringstream out;
  rapport::save_network(net, out);
  return out.str();
}

}  // namespace

TEST_CASE("io: a failed read in an event log is an error, and nothing of the log is applied", "[io]") {
  rapport::Network net;
  net.add_member({.handle = "cy"});
  const std::string before = snapshot_of(net);
  FailingBuffer buffer(events);
  std::istream in(&buffer);
  require_read_error([&] { rapport::apply_event_log(net, in, "events.jsonl"); }, "events.jsonl:4");
  CHECK(snapshot_of(net) == before);

  // The same lines read in full apply.
  std::istringstream whole(events);
  CHECK(rapport::apply_event_log(net, whole, "events.jsonl").applied == 3);
}

TEST_CASE("io: a failed read in a JSON file or a message log is an error", "[io]") {
  FailingBuffer snapshot("{\"format\": \"rapport.network\", ");
  std::istream in(&snapshot);
  require_read_error([&] { rapport::load_network(in, "net.json"); }, "net.json");

  FailingBuffer log("1 2 1000\n2 1 1100\n");
  std::istream log_in(&log);
  std::ostringstream csv;
  rapport::Network net;
  require_read_error([&] { rapport::replay_message_log(log_in, "chat.txt", csv, net); }, "chat.txt");
}

TEST_CASE("io: a read error gives the system's reason when there is one", "[io]") {
  // A directory opens as a file stream on Linux; reading it fails with EISDIR.
  const std::string dir = std::filesystem::temp_directory_path().string();
  std::ifstream in(dir, std::ios::binary);
  REQUIRE(in.is_open());
  try {
    (void)rapport::load_policy(in, dir);
    FAIL("a directory was read as a policy");
  } catch (const rapport::Error& e) {
    CHECK(e.code() == rapport::make_error_code(rapport::Errc::io_error));
    CHECK(std::string(e.what()) == dir + ": cannot read file (Is a directory)");
  }
}
