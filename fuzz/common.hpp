#ifndef RAPPORT_FUZZ_COMMON_HPP
#define RAPPORT_FUZZ_COMMON_HPP

// Helpers shared by the fuzz targets: the targets are built both as libFuzzer programs and, with
// replay_main.cpp, as ordinary test programs over their committed corpora.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <rapport/io.hpp>
#include <rapport/network.hpp>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>

namespace rapport_fuzz {

// Larger inputs only slow the fuzzer down: every path they reach is reachable with fewer bytes.
inline constexpr std::size_t max_input = 64 * 1024;

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A failed invariant must stop the run where libFuzzer (or ctest) sees it, with a word on what failed.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
  std::fflush(stderr);
  std::abort();
}

inline void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

// Discards what is written, without failing the stream: a CSV written to it is produced in full.
class NullBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

inline std::string save(const rapport::Network& network) {
  std::ostringstream out;
  rapport::save_network(network, out);
  return std::move(out).str();
}

// A small network as an event log builds it (the log of docs/formats.md): four members, a channel,
// interactions, a request with its outcome and posts, so that scores have something to weigh.
inline constexpr std::string_view small_network_log =
    R"({"format": "rapport.events", "version": 2}
{"member": {"handle": "ana", "name": "Ana", "topics": ["marketing/social-media", {"path": "marketing/seo", "weight": 0.5}], "energy": 0.9}}
{"member": {"handle": "ben", "name": "Ben", "topics": ["marketing/email"], "strategic": true, "cadence": 30}}
{"member": {"handle": "cara", "name": "Cara", "topics": ["marketing/social-media"]}}
{"member": {"handle": "dex", "name": "Dex", "topics": ["pets/dog-collars"], "competitor": true}}
{"channel": {"owner": "ana", "name": "blog", "audience_size": 12000, "audience_topics": ["marketing"], "tolerance": {"max_per_week": 2, "max_share": 0.25}}}
{"interaction": {"from": "ana", "to": "ben", "kind": "met_in_person", "at": "2026-05-07T18:00:00Z"}}
{"interaction": {"from": "ana", "to": "cara", "kind": "promoted", "at": "2026-05-07T10:00:00Z"}}
{"interaction": {"from": "ben", "to": "ana", "kind": "purchased", "at": "2026-06-26T09:00:00Z"}}
{"interaction": {"from": "ben", "to": "ana", "kind": "promoted", "at": "2026-07-26T09:00:00Z", "weight": 2}}
{"request": {"id": "c-1", "requester": "cara", "owner": "ana", "kind": "share", "received": "2026-09-01T08:00:00Z"}}
{"outcome": {"owner": "ana", "request_id": "c-1", "kind": "declined", "at": "2026-09-02T08:00:00Z"}}
{"post": {"owner": "ana", "channel": "blog", "at": "2026-11-02T09:00:00Z"}}
{"interaction": {"id": "call-3", "from": "ana", "to": "ben", "kind": "call", "at": "2026-11-03T16:00:00Z"}}
{"post": {"owner": "ana", "channel": "blog", "at": "2026-11-09T09:00:00Z"}}
{"post": {"id": "blog-47", "owner": "ana", "channel": "blog", "at": "2026-11-16T09:00:00Z", "promotion": true, "promoted": "ben"}}
{"interaction": {"from": "ben", "to": "ana", "kind": "message", "at": 1795176000}}
)";

inline rapport::Network small_network(rapport::Policy policy = {}) {
  rapport::Network network(std::move(policy));
  std::istringstream log{std::string(small_network_log)};
  rapport::apply_event_log(network, log, "small_network");
  return network;
}

}  // namespace rapport_fuzz

#endif  // RAPPORT_FUZZ_COMMON_HPP
