// Mastodon exports: the bytes are the export's outbox.json, beside a fixed actor.json, and
// `import_activitypub` reads the directory (it has no lower-level entry). The directory is made once
// per process, so runs in parallel do not share it.

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

const std::filesystem::path& export_dir() {
  static const std::filesystem::path dir = [] {
    std::string name = (std::filesystem::temp_directory_path() / "rapport-fuzz-XXXXXX").string();
    if (!mkdtemp(name.data())) rapport_fuzz::fail("cannot make a temporary directory");
    write_file(std::filesystem::path(name) / "actor.json", actor_json);
    return std::filesystem::path(name);
  }();
  return dir;
}

// The directory goes when the process ends normally (replay, or -runs=N); a crash leaves it for
// inspection.
struct RemoveAtExit {
  ~RemoveAtExit() {
    std::error_code ec;
    std::filesystem::remove_all(export_dir(), ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > rapport_fuzz::max_input) return -1;
  static RemoveAtExit remove_at_exit;
  write_file(export_dir() / "outbox.json", rapport_fuzz::as_text(data, size));
  try {
    const rapport::ActivityPubImport import = rapport::import_activitypub(export_dir());
    (void)rapport_fuzz::save(import.network);
  } catch (const rapport::Error&) {
  }
  return 0;
}
