#ifndef RAPPORT_CLI_TERMINAL_HPP
#define RAPPORT_CLI_TERMINAL_HPP

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::cli {

/// Whether a stream of this process is a terminal that can redraw a line: not a file or a pipe, and
/// not one that says it is dumb (TERM=dumb). Progress bars go only there.
bool is_terminal(std::FILE* stream) noexcept;

/// Whether to colour what goes to `stream`: a terminal (`is_terminal`) and colour not turned off with
/// NO_COLOR set to any non-empty value (https://no-color.org).
bool colour_on(std::FILE* stream) noexcept;

/// ANSI colour around `text` when `enabled`.
std::string paint(std::string_view text, std::string_view colour, bool enabled);

inline constexpr std::string_view green = "32", yellow = "33", red = "31", cyan = "36", bold = "1", dim = "2";

/// A plain text table: columns sized to their widest cell, numbers right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  /// Adds a row.
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  /// Renders the table; with `colour`, the header is bold and row i painted `row_colours[i]`.
  std::string render(bool colour, const std::vector<std::string_view>& row_colours = {}) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// A progress bar on standard error, drawn only on a terminal and at most a few times a second.
class Progress {
 public:
  Progress(std::string_view label, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  /// Reports that `done` of `total` units are done.
  void update(std::size_t done);

 private:
  std::string label_;
  std::size_t total_;
  std::size_t shown_ = 0;
  bool enabled_;
};

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_TERMINAL_HPP
