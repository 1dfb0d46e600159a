#ifndef RAPPORT_REPLAY_HPP
#define RAPPORT_REPLAY_HPP

/// \file
/// Replaying a message log, scoring each message against the history before it.

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <rapport/export.hpp>
#include <rapport/network.hpp>
#include <rapport/time.hpp>
#include <string_view>

namespace rapport {

/// What a replay read.
struct ReplayStats {
  std::size_t lines = 0;             ///< lines read, comments and blank lines included
  std::size_t messages = 0;          ///< messages scored; all but `stale_messages` recorded too
  std::size_t self_messages = 0;     ///< messages from a member to itself, skipped
  std::size_t members = 0;           ///< members in the network afterwards
  std::size_t outcomes_learned = 0;  ///< messages whose outcome (answered or not) was learned from
  /// Message lines with fields after `ts`, which were ignored: a column rapport does not read, so worth
  /// checking that the first three are `src dst ts`.
  std::size_t lines_with_extra_fields = 0;
  std::size_t first_line_with_extra_fields = 0;  ///< the number of the first such line in the file, or 0
  /// Messages whose `ts` is before that of a message above them (self-messages aside): the log is not in
  /// time order, and each was scored against history later than its own time.
  std::size_t messages_out_of_order = 0;
  std::size_t first_out_of_order_line = 0;    ///< the number of the first such line in the file, or 0
  std::size_t first_out_of_order_behind = 0;  ///< the line with the latest `ts` above that one, or 0
  /// Messages more than `Decay::max_lateness` before their pair's latest event in `network` (of this log
  /// or from before it): scored and written, but not recorded, learned from or counted as answers.
  std::size_t stale_messages = 0;
  std::size_t first_stale_line = 0;  ///< the number of the first such line in the file, or 0
};

/// How long a recipient has to write back for a replayed message to count as answered: a week.
inline constexpr Duration replay_answer_window = std::chrono::days{7};

/// Replays a message log in the SNAP temporal format ("src dst unix_seconds" per line, separated by
/// spaces or tabs; fields after the third are ignored and counted in `ReplayStats`; lines starting with
/// '#' or '%' are comments) into `network`. For each message, in file order except
/// within a run of consecutive messages at the same second, which go in a canonical order (by sender,
/// then recipient, then the whole line, bytewise: docs/formats.md), it scores the message as a request
/// from src to dst against the network as it is before the message, writes the CSV row
/// `src,dst,ts,total,relevance,context,load,reciprocity,learned` to `csv` (after a header row), then
/// records the message as an interaction; members are added on first sight. With learning on
/// (`Policy::learning`), each message is also a request whose outcome is learned: it is answered if its
/// recipient writes back within `replay_answer_window`, and its outcome is learned once that window has
/// passed, so that no score sees its own future. However a log orders simultaneous messages, the CSV and
/// the network are the same. It streams: memory grows with the network and the longest run of messages
/// at one second, not the log; rows reach `csv` in blocks of about 64 KiB (so a reader of a pipe sees
/// them in bursts), and all of them, as far as `csv` takes them, by the time the replay returns or
/// throws. `progress`, if set, is told the bytes read so far now and then. In a log not in time order,
/// a message is scored against what is above it, its future included, and `ReplayStats` counts such
/// messages; a message more than `Decay::max_lateness` before its pair's latest is scored and written
/// but not recorded, so that a stray time does not end a long replay. A line dated far ahead of the
/// lines below it holds back the learning of every message after it, and their memory, until the log
/// reaches its time plus the window. Throws `Error` naming
/// `source_name`, the line and the field ("log.txt:12: ts") for a malformed line; rows written and
/// messages recorded before it (in replay order) stay, and the failing line's members may have been
/// added. If `csv` throws as the rows before a failure are written, the replay's error is the one thrown
/// and `csv` is left failed: check its state.
RAPPORT_API ReplayStats replay_message_log(std::istream& log, std::string_view source_name, std::ostream& csv,
                                           Network& network,
                                           const std::function<void(std::size_t bytes_read)>& progress = {});

}  // namespace rapport

#endif  // RAPPORT_REPLAY_HPP
