#include "terminal.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace rapport::cli {

bool is_terminal(std::FILE* stream) noexcept {
  const char* term = std::getenv("TERM");
  return ::isatty(::fileno(stream)) == 1 && (term == nullptr || std::string_view(term) != "dumb");
}

bool colour_on(std::FILE* stream) noexcept {
  const char* no_colour = std::getenv("NO_COLOR");
  return is_terminal(stream) && (no_colour == nullptr || *no_colour == '\0');
}

std::string paint(std::string_view text, std::string_view colour, bool enabled) {
  if (!enabled || colour.empty()) return std::string(text);
  return "\x1b[" + std::string(colour) + "m" + std::string(text) + "\x1b[0m";
}

namespace {

bool looks_numeric(std::string_view s) {
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  return std::any_of(s.begin(), s.end(), digit) && std::all_of(s.begin(), s.end(), [&](char c) {
           return digit(c) || c == '.' || c == '-' || c == '%';
         });
}

// Display width of UTF-8 text: one column per code point, which holds for the scripts handles use.
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string Table::render(bool colour, const std::vector<std::string_view>& row_colours) const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  std::string out;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < rows_[r].size(); ++i) {
      const std::string& cell = rows_[r][i];
      const std::string pad(widths[i] - width(cell), ' ');
      const bool last = i + 1 == rows_[r].size();
      if (r > 0 && looks_numeric(cell))
        line += pad + cell;
      else
        line += cell + (last ? std::string() : pad);
      if (!last) line += "  ";
    }
    const std::string_view paint_with =
        r == 0 ? bold : (r - 1 < row_colours.size() ? row_colours[r - 1] : std::string_view{});
    out += paint(line, paint_with, colour) + '\n';
  }
  return out;
}

Progress::Progress(std::string_view label, std::size_t total)
    : label_(label), total_(total), enabled_(total > 0 && is_terminal(stderr)) {}

Progress::~Progress() {
  // Spaces over the bar rather than an erase sequence: nothing but text goes to a terminal uncoloured.
  if (enabled_ && shown_ > 0) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size() + 38), "");
}

void Progress::update(std::size_t done) {
  if (!enabled_) return;
  // Redraw on every whole percent only: a terminal is slow next to the work being measured.
  const std::size_t percent = std::min<std::size_t>(100, done * 100 / total_);
  if (percent == shown_ && done != 0) return;
  shown_ = std::max<std::size_t>(percent, 1);
  constexpr std::size_t bar = 30;
  const std::size_t filled = percent * bar / 100;
  std::fprintf(stderr, "\r%s [%s%s] %3zu%%", label_.c_str(), std::string(filled, '#').c_str(),
               std::string(bar - filled, '.').c_str(), percent);
  std::fflush(stderr);
}

}  // namespace rapport::cli
