#include "input.hpp"

#include <array>
#include <filesystem>
#include <iostream>
#include <rapport/json/text.hpp>

#include "terminal.hpp"

namespace rapport::cli {

/// Reads through another stream buffer in large chunks and reports the bytes read to a progress bar.
class Input::ProgressBuffer : public std::streambuf {
 public:
  ProgressBuffer(std::streambuf* source, std::string_view label, std::size_t total)
      : source_(source), progress_(label, total) {}

 protected:
  int_type underflow() override {
    const std::streamsize n = source_->sgetn(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
    if (n <= 0) return traits_type::eof();
    read_ += static_cast<std::size_t>(n);
    progress_.update(read_);
    setg(chunk_.data(), chunk_.data(), chunk_.data() + n);
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::streambuf* source_;
  Progress progress_;
  std::array<char, 1 << 16> chunk_{};
  std::size_t read_ = 0;
};

Input::Input(const std::string& path) : stream_(&std::cin), name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") return;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not a file");
  file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file_) throw InputError(path + ": cannot open file");
  stream_ = file_.get();
  // Only inputs that take a noticeable time to read are worth a bar.
  constexpr std::uintmax_t large = 8u << 20;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size < large || !is_terminal(stderr)) return;
  progress_ = std::make_unique<ProgressBuffer>(
      file_->rdbuf(), std::filesystem::path(path).filename().string(), static_cast<std::size_t>(size));
  tracked_ = std::make_unique<std::istream>(progress_.get());
  stream_ = tracked_.get();
}

Input::~Input() = default;

Timestamp parse_time(std::string_view text, std::string_view what) {
  if (const auto t = parse_rfc3339(text)) return *t;
  if (const auto t = parse_unix_seconds(text)) return *t;
  throw InputError(std::string(what) +
                   ": expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 (got '" +
                   std::string(text) + "')");
}

}  // namespace rapport::cli
