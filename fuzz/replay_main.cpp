// Runs a fuzz target without libFuzzer: LLVMFuzzerTestOneInput on every file under the directories
// (or files) given, so that the committed corpus and past crashes are tests of every build. Usage:
// fuzz_replay_<target> PATH...

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> out;
  if (std::filesystem::is_regular_file(root)) {
    out.push_back(root);
  } else if (std::filesystem::is_directory(root)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
      if (entry.is_regular_file()) out.push_back(entry.path());
  }
  // Sorted, so that a failure reproduces in the same order.
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    for (const std::filesystem::path& path : inputs(argv[i])) {
      std::ifstream in(path, std::ios::binary);
      const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      if (!in.eof() && in.fail()) {
        std::fprintf(stderr, "%s: cannot read\n", path.c_str());
        return 1;
      }
      // Named before it runs: a crash then says which input caused it.
      std::fprintf(stderr, "%s\n", path.c_str());
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++count;
    }
  }
  std::printf("%zu inputs run\n", count);
  // A directory that is absent is skipped (crashes/<target>/ usually is), but a run of nothing at all
  // means the corpus was not found, which must not pass as a test.
  return count == 0 ? 1 : 0;
}
