#ifndef RAPPORT_CLI_OUTPUT_HPP
#define RAPPORT_CLI_OUTPUT_HPP

#include <memory>
#include <ostream>
#include <span>
#include <string>

namespace rapport::cli {

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
  class FileBuffer;
  std::string path_;
  std::string temporary_;
  std::unique_ptr<FileBuffer> buffer_;
  std::unique_ptr<std::ostream> own_stream_;
  std::ostream* stream_;
};

/// Throws `InputError` if `output` (not "-") names the same file as one of `inputs`: writing it would
/// destroy what is being read.
void refuse_output_onto_input(const std::string& output, std::span<const std::string> inputs);

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_OUTPUT_HPP
