// Mastodon exports: the bytes are the export's outbox.json, beside a fixed actor.json, and
// `import_activitypub` reads the directory (it has no lower-level entry). The directory is made once
// per process, so that runs in parallel do not share it.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <rapport/activitypub.hpp>
#include <rapport/error.hpp>
#include <string>

#include "common.hpp"

namespace {

constexpr std::string_view actor_json = R"({
  "id": "https://example.social/users/ana",
  "type": "Person",
  "followers": {"id": "https://example.social/users/ana/followers", "type": "OrderedCollection", "totalItems": 1200},
  "outbox": "outbox.json",
  "preferredUsername": "ana",
  "name": "Ana Lima",
  "published": "2026-01-01T00:00:00Z"
})";

void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) rapport_fuzz::fail("cannot write the export's files");
}

// The directory goes when the process ends normally (replay, or a timed run); a crash leaves it for
// inspection.
class ExportDir {
 public:
  ExportDir() {
    std::string name = (std::filesystem::temp_directory_path() / "rapport-fuzz-XXXXXX").string();
    if (!mkdtemp(name.data())) rapport_fuzz::fail("cannot make a temporary directory");
    path_ = name;
    write_file(path_ / "actor.json", actor_json);
  }
  ExportDir(const ExportDir&) = delete;
  ExportDir& operator=(const ExportDir&) = delete;
  ~ExportDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_{};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  static const ExportDir dir;
  write_file(dir.path() / "outbox.json", rapport_fuzz::as_text(data, size));
  try {
    const rapport::ActivityPubImport import = rapport::import_activitypub(dir.path());
    (void)rapport_fuzz::save(import.network);
  } catch (const rapport::Error&) {
  }
  return 0;
}
