#ifndef RAPPORT_CLI_INPUT_HPP
#define RAPPORT_CLI_INPUT_HPP

#include <fstream>
#include <iosfwd>
#include <memory>
#include <rapport/time.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::cli {

/// A command line that does not fit the command's synopsis: exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Input that cannot be used (a missing file, a bad time): exit status 1.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// An input stream for a path, or standard input for "-". Throws `InputError` if it cannot be opened.
/// A large file read on a terminal draws a progress bar on standard error as it is consumed.
class Input {
 public:
  explicit Input(const std::string& path);
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  std::istream& stream() noexcept { return *stream_; }
  /// The name errors use: the path, or "<stdin>".
  const std::string& name() const noexcept { return name_; }

 private:
  class ProgressBuffer;
  std::unique_ptr<std::ifstream> file_;
  std::unique_ptr<ProgressBuffer> progress_;
  std::unique_ptr<std::istream> tracked_;
  std::istream* stream_;
  std::string name_;
};

/// Parses an RFC 3339 time or unix seconds; throws `InputError` naming `what`.
Timestamp parse_time(std::string_view text, std::string_view what);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_INPUT_HPP
