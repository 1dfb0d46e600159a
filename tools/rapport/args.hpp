#ifndef RAPPORT_CLI_ARGS_HPP
#define RAPPORT_CLI_ARGS_HPP

#include <fstream>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <rapport/time.hpp>
#include <set>
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

/// What a command accepts: options that take a value, and flags.
struct Synopsis {
  std::size_t min_positional = 0;
  std::size_t max_positional = 0;
  std::set<std::string, std::less<>> options;  // e.g. "--now", "-o"
  std::set<std::string, std::less<>> flags;    // e.g. "--dot"
};

/// A parsed command line of one subcommand.
class Args {
 public:
  /// Parses `argv` against `synopsis`; throws `UsageError` on anything it does not accept.
  Args(const std::vector<std::string>& argv, const Synopsis& synopsis);

  const std::vector<std::string>& positional() const noexcept { return positional_; }
  std::optional<std::string> option(std::string_view name) const;
  bool flag(std::string_view name) const { return flags_.contains(std::string(name)); }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string, std::less<>> options_;
  std::set<std::string, std::less<>> flags_;
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

/// Parses "--format" (table or json, default table); throws `UsageError`.
bool wants_json(const Args& args);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_ARGS_HPP
