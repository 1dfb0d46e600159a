#include "output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <streambuf>

#include "input.hpp"

namespace rapport::cli {

/// Writes through to a file descriptor, remembering the first error: a stream only says that it failed.
class DescriptorBuffer : public std::streambuf {
 public:
  explicit DescriptorBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  ~DescriptorBuffer() override {
    if (fd_ >= 0) ::close(fd_);
  }

  /// The first failed write's `errno`, or 0.
  int error() const noexcept { return error_; }

  /// Writes what is buffered, syncs it to the disk (a file's; a device or pipe has nothing to sync)
  /// and closes the file; the first error's `errno`, or 0.
  int finish(bool regular) {
    if (sync() == 0 && error_ == 0 && regular && ::fsync(fd_) != 0) error_ = errno;
    // A descriptor that was never open (a parent closed standard output) failed every write already.
    if (::close(fd_) != 0 && error_ == 0 && errno != EBADF) error_ = errno;
    fd_ = -1;
    return error_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    const char* p = pbase();
    while (p < pptr() && error_ == 0) {
      const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        error_ = errno;
      else
        p += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0 ? 0 : -1;
  }

 private:
  int fd_;
  int error_ = 0;
  std::array<char, 1 << 16> buffer_{};
};

OutputFile::OutputFile(const std::string& path) : path_(path), stream_(&std::cout) {
  if (path == "-") return;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // A device or a pipe (/dev/stdout, /dev/full) is written as it is: it cannot be replaced.
    if (std::filesystem::is_directory(status)) throw InputError(path + ": is a directory, not a file");
    const int fd = ::open(path.c_str(), O_WRONLY);
    if (fd < 0) throw InputError(path + ": cannot write file (" + std::strerror(errno) + ")");
    buffer_ = std::make_unique<DescriptorBuffer>(fd);
    own_stream_ = std::make_unique<std::ostream>(buffer_.get());
    stream_ = own_stream_.get();
    return;
  }
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string hidden = ".";  // appended: g++ 12 warns falsely (-Wrestrict) on "." + std::string at -O2
  hidden.append(target.filename().string()).append(".XXXXXX");
  std::string name = (dir / hidden).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw InputError(path + ": cannot write file (" + std::strerror(errno) + ")");
  // mkstemp makes the file private; the output gets the permissions a new file would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  temporary_ = name;
  buffer_ = std::make_unique<DescriptorBuffer>(fd);
  own_stream_ = std::make_unique<std::ostream>(buffer_.get());
  stream_ = own_stream_.get();
}

OutputFile::~OutputFile() {
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void OutputFile::commit() {
  if (!buffer_) {
    flush_standard_output();
    return;
  }
  stream_->flush();
  const int error = buffer_->finish(!temporary_.empty());
  if (error != 0) throw InputError(path_ + ": cannot write file (" + std::strerror(error) + ")");
  if (temporary_.empty()) return;  // written in place
  if (::rename(temporary_.c_str(), path_.c_str()) != 0)
    throw InputError(path_ + ": cannot write file (" + std::strerror(errno) + ")");
  temporary_.clear();
}

namespace {

[[noreturn]] void throw_standard_output_error(int error) {
  throw InputError(std::string("<stdout>: cannot write (") + std::strerror(error) + ")");
}

}  // namespace

StandardOutput::StandardOutput()
    : buffer_(std::make_unique<DescriptorBuffer>(STDOUT_FILENO)), previous_(std::cout.rdbuf(buffer_.get())) {}

StandardOutput::~StandardOutput() {
  std::cout.rdbuf(previous_);
}

void StandardOutput::close() {
  std::cout.flush();
  if (const int error = buffer_->finish(false); error != 0) throw_standard_output_error(error);
}

void flush_standard_output() {
  std::cout.flush();
  const auto* buffer = dynamic_cast<const DescriptorBuffer*>(std::cout.rdbuf());
  if (buffer != nullptr && buffer->error() != 0) throw_standard_output_error(buffer->error());
  if (!std::cout) throw InputError("<stdout>: cannot write");
}

void refuse_output_onto_input(const std::string& output, std::span<const std::string> inputs) {
  if (output == "-") return;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input != "-" && std::filesystem::equivalent(output, input, ec))
      throw InputError(output + ": is also an input; write the output to another file");
  }
}

}  // namespace rapport::cli
