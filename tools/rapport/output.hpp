#ifndef RAPPORT_CLI_OUTPUT_HPP
#define RAPPORT_CLI_OUTPUT_HPP

#include <memory>
#include <ostream>
#include <span>
#include <string>

namespace rapport::cli {

class DescriptorBuffer;

/// A file the tool writes: a uniquely named temporary file in the target's directory, renamed over
/// the target by `commit` once written, flushed and synced. Until then the target is untouched; if
/// the output is abandoned (an error, an exception), the temporary file is removed. "-" is standard
/// output, and a target that exists but is not a regular file (a device, a pipe) is written directly.
class OutputFile {
 public:
  /// Creates the temporary file. Throws `InputError` naming `path` if it cannot.
  explicit OutputFile(const std::string& path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  /// Removes the temporary file unless committed.
  ~OutputFile();

  /// Where to write.
  std::ostream& stream() noexcept { return *stream_; }
  /// Flushes, syncs and renames the file over its target. Throws `InputError` naming the target and
  /// the system's message if any write, the sync or the rename failed; the target is then untouched.
  void commit();

 private:
  std::string path_;
  std::string temporary_;
  std::unique_ptr<DescriptorBuffer> buffer_;
  std::unique_ptr<std::ostream> own_stream_;
  std::ostream* stream_;
};

/// Standard output, through a buffer that remembers the first failed write's error: `std::cout`
/// writes through it while one exists, so that the tool can say why its output was lost.
class StandardOutput {
 public:
  StandardOutput();
  StandardOutput(const StandardOutput&) = delete;
  StandardOutput& operator=(const StandardOutput&) = delete;
  /// Points `std::cout` back at what it wrote to before.
  ~StandardOutput();
  /// Flushes and closes standard output. Throws `InputError` ("<stdout>: cannot write (reason)") if
  /// a write or the close failed: a full disk or a closed pipe is an error, not a short output.
  void close();

 private:
  std::unique_ptr<DescriptorBuffer> buffer_;
  std::streambuf* previous_;
};

/// Flushes `std::cout`; throws `InputError` as `StandardOutput::close` does if a write failed.
void flush_standard_output();

/// Throws `InputError` if `output` (not "-") names the same file as one of `inputs`: writing it would
/// destroy what is being read.
void refuse_output_onto_input(const std::string& output, std::span<const std::string> inputs);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_OUTPUT_HPP
