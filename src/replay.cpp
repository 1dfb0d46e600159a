#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <rapport/error.hpp>
#include <rapport/replay.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "detail/learning.hpp"
#include "detail/network_state.hpp"
#include "detail/pair_index.hpp"
#include "detail/prefetch.hpp"
#include "detail/scoring.hpp"
#include "detail/shortest.hpp"
#include "detail/utf8.hpp"
#include "detail/validate.hpp"

namespace rapport {
namespace {

constexpr bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r';
}

/// Splits the next whitespace-separated field off `line`. A plain loop: `find_first_of` with a set of
/// characters searches the set once per character of the line.
std::string_view next_field(std::string_view& line) noexcept {
  std::size_t begin = 0;
  while (begin < line.size() && is_blank(line[begin])) ++begin;
  std::size_t end = begin;
  while (end < line.size() && !is_blank(line[end])) ++end;
  const std::string_view field = line.substr(begin, end - begin);
  line.remove_prefix(end);
  return field;
}

/// Reads a stream line by line through one buffer. Each line is a view into the buffer, valid until the
/// next call: unlike `std::getline`, nothing is copied per line.
class LineReader {
 public:
  /// Reads `in`, named `source` in errors.
  LineReader(std::istream& in, std::string_view source)
      : in_(in), source_(source), buffer_(std::size_t{1} << 16) {}

  /// The next line without its '\n', or nothing at the end of the stream. A last line without a
  /// '\n' is a line; nothing after a final '\n' is. Throws `Error` (`io_error`) if a read fails: a
  /// failed read is not the end of the log.
  std::optional<std::string_view> next() {
    for (;;) {
      const std::string_view pending(buffer_.data() + begin_, end_ - begin_);
      if (const auto newline = pending.find('\n'); newline != std::string_view::npos) {
        begin_ += newline + 1;
        return pending.substr(0, newline);
      }
      if (at_end_) {
        if (pending.empty()) return std::nullopt;
        begin_ = end_;
        return pending;
      }
      // Keep the partial line, at the front; a line longer than the buffer doubles it.
      std::copy(pending.begin(), pending.end(), buffer_.begin());
      begin_ = 0;
      end_ = pending.size();
      if (end_ == buffer_.size()) buffer_.resize(2 * buffer_.size());
      errno = 0;
      in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
      const auto got = static_cast<std::size_t>(in_.gcount());
      if (in_.bad()) throw detail::read_error(std::string(source_));
      end_ += got;
      at_end_ = got == 0;
    }
  }

 private:
  std::istream& in_;
  std::string_view source_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // the unread part of `buffer_`
  bool at_end_ = false;
};

/// A log line's fields as the log writes them: a message's `src`, `dst` and `ts`, what follows them,
/// and the time `ts` writes, if it is one. A comment or blank line has only `src` (empty, or starting
/// with '#' or '%').
struct Fields {
  std::string_view src, dst, ts, rest;
  std::optional<Timestamp> at;

  bool comment() const noexcept { return src.empty() || src.front() == '#' || src.front() == '%'; }
};

/// Splits `line` into its fields, and reads the time of a message.
Fields split(std::string_view line) {
  Fields f;
  f.rest = line;
  f.src = next_field(f.rest);
  if (f.comment()) return f;
  f.dst = next_field(f.rest);
  f.ts = next_field(f.rest);
  f.at = parse_unix_seconds(f.ts);
  return f;
}

/// Where a line's fields are in it: they are found again once the line has been copied or moved.
class FieldPlaces {
 public:
  FieldPlaces() = default;
  FieldPlaces(std::string_view line, const Fields& f)
      : src_(place(line, f.src)),
        dst_(place(line, f.dst)),
        ts_(place(line, f.ts)),
        rest_(place(line, f.rest)),
        at_(f.at) {}

  /// The fields of `line`, a copy of the line these places were taken in.
  Fields in(std::string_view line) const noexcept {
    return {view(line, src_), view(line, dst_), view(line, ts_), view(line, rest_), at_};
  }

 private:
  struct Place {
    std::size_t begin = 0, size = 0;
  };
  static Place place(std::string_view line, std::string_view field) noexcept {
    return {static_cast<std::size_t>(field.data() - line.data()), field.size()};
  }
  static std::string_view view(std::string_view line, Place p) noexcept {
    return line.substr(p.begin, p.size);
  }

  Place src_, dst_, ts_, rest_;
  std::optional<Timestamp> at_;
};

/// A line of a message log, its fields and its number in the file, counting from 1.
struct LogLine {
  std::string_view text;
  Fields fields;
  std::size_t number = 0;
};

/// The lines of a message log, with each run of consecutive message lines at the same second in a
/// canonical order: by sender, then recipient, then the whole line, bytewise. Simultaneous messages are
/// then replayed in one order however the log lists them, so neither the CSV nor the network depends
/// on it. Comments and blank lines come as read, without ending a run; a malformed line ends it and comes
/// after it. Without a byte order mark. A run is held in memory until the next second's first line.
/// Each line is split once, here: its fields come with it.
class CanonicalLines {
 public:
  /// Reads `in`, named `source` in errors.
  CanonicalLines(std::istream& in, std::string_view source) : lines_(in, source) {}

  /// The next line, or nothing at the end of the log. Each is valid until the next call.
  std::optional<LogLine> next() {
    if (ended_ && emitted_ < run_.size()) return emit();
    if (ended_) start_run();
    if (holding_ && !held_fields_.in(held_).at) return take_held();  // a malformed line
    for (;;) {
      std::optional<std::string_view> line = lines_.next();
      if (!line) {
        if (run_.empty()) return std::nullopt;
        end_run();
        return emit();
      }
      ++number_;
      // A byte order mark is not part of the first handle, as it is not part of a JSON file.
      if (number_ == 1 && line->starts_with("\xEF\xBB\xBF")) line->remove_prefix(3);
      const Fields f = split(*line);
      if (f.comment()) return LogLine{*line, f, number_};
      if (!run_.empty() && (!f.at || *f.at != run_at_)) {
        hold(*line, f);
        end_run();
        return emit();
      }
      if (!f.at) return LogLine{*line, f, number_};
      add(*line, f, number_);
      run_at_ = *f.at;
    }
  }

 private:
  struct Entry {
    std::size_t begin = 0, size = 0;  // of the line in `text_`
    FieldPlaces fields;
    std::size_t number = 0;
  };

  std::string_view text_of(const Entry& e) const noexcept { return {text_.data() + e.begin, e.size}; }

  void add(std::string_view line, const Fields& f, std::size_t number) {
    run_.push_back({text_.size(), line.size(), FieldPlaces(line, f), number});
    text_.append(line);
  }

  void hold(std::string_view line, const Fields& f) {
    held_.assign(line);  // reuses its capacity: no allocation per second
    holding_ = true;
    held_fields_ = FieldPlaces(line, f);
    held_number_ = number_;
  }

  /// Puts the run in canonical order, to be emitted.
  void end_run() {
    const auto key = [this](const Entry& e) {
      const std::string_view text = text_of(e);
      const Fields f = e.fields.in(text);
      return std::tuple(f.src, f.dst, text);
    };
    std::ranges::sort(run_, [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
    ended_ = true;
  }

  LogLine emit() noexcept {
    const Entry& e = run_[emitted_++];
    const std::string_view text = text_of(e);
    return {text, e.fields.in(text), e.number};
  }

  /// Starts the next run, with the held line if it is a message.
  void start_run() {
    run_.clear();
    text_.clear();
    emitted_ = 0;
    ended_ = false;
    if (!holding_) return;
    const Fields f = held_fields_.in(held_);
    if (f.at) {
      add(held_, f, held_number_);
      run_at_ = *f.at;
      holding_ = false;
    }
  }

  LogLine take_held() {
    text_.swap(held_);
    holding_ = false;
    return {text_, held_fields_.in(text_), held_number_};
  }

  LineReader lines_;
  std::size_t number_ = 0;  // of the latest line read
  std::vector<Entry> run_;  // the current run, in `text_`
  std::string text_;
  bool ended_ = false;       // whether `run_` is complete, sorted and being emitted
  std::size_t emitted_ = 0;  // entries of `run_` emitted
  Timestamp run_at_{};
  std::string held_;  // the line read after the run, if the run ended on it
  bool holding_ = false;
  FieldPlaces held_fields_;  // its fields: with a time if it is a message
  std::size_t held_number_ = 0;
};

/// "log.txt:12: ts"; "log.txt:12" without a field.
std::string line_field(std::string_view source, std::size_t line, std::string_view field) {
  std::string out = std::string(source) + ":" + std::to_string(line);
  if (!field.empty()) out.append(": ").append(field);
  return out;
}

/// Counts line `number` in `lines`, and keeps the first of them in the file in `first` (0 for none): the
/// least, since the lines of one second are replayed in a canonical order, not the file's. Returns whether
/// `number` is now the first.
bool count_line(std::size_t& lines, std::size_t& first, std::size_t number) noexcept {
  ++lines;
  if (first != 0 && first < number) return false;
  first = number;
  return true;
}

/// Finds the member of each handle, adding it on first sight. SNAP logs name people by number: a
/// handle that is a small number without leading zeros is found by index after its first sight,
/// without hashing; other handles go through the network's index.
class MemberFinder {
 public:
  MemberFinder(Network& network, std::string_view source) : network_(network), source_(source) {}

  /// The member that `handle`, field `field` of line `line`, names. A handle first seen is added, unless
  /// it is not UTF-8 (everything rapport writes is, so it is refused where it enters) or the network
  /// refuses it; either error names the line and the field.
  MemberId operator()(std::string_view handle, std::size_t line, std::string_view field) {
    const std::size_t n = number_of(handle);
    if (n < by_number_.size() && by_number_[n] != unseen) return by_number_[n];
    MemberId id = 0;
    if (const auto found = network_.find_member(handle)) {
      id = *found;
    } else {
      if (const std::size_t bad = detail::invalid_utf8_at(handle); bad != std::string_view::npos)
        throw Error(Errc::parse_error, line_field(source_, line, field),
                    detail::invalid_utf8_text(handle.substr(bad)), "invalid UTF-8");
      try {
        id = network_.add_member(Member{.handle = std::string(handle)});
      } catch (const Error& e) {  // a handle the network refuses (too long): named by its place in the log
        throw Error(static_cast<Errc>(e.code().value()), line_field(source_, line, field), e.value(),
                    e.detail());
      }
    }
    if (n != not_numbered) {
      if (n >= by_number_.size())
        by_number_.resize(std::min(numbered_limit, std::max(n + 1, 2 * by_number_.size())), unseen);
      by_number_[n] = id;
    }
    return id;
  }

 private:
  // Numbers up to this many are indexed: 16 MB at most, for logs of millions of people.
  static constexpr std::size_t numbered_limit = std::size_t{1} << 22;
  static constexpr std::size_t not_numbered = numbered_limit;
  static constexpr MemberId unseen = std::numeric_limits<MemberId>::max();

  /// The number `handle` writes, or `not_numbered`: "7" is numbered, "07" and "x7" are not.
  static std::size_t number_of(std::string_view handle) noexcept {
    if (handle.empty() || handle.size() > 7 || (handle[0] == '0' && handle.size() > 1)) return not_numbered;
    std::size_t n = 0;
    for (const char c : handle) {
      if (c < '0' || c > '9') return not_numbered;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return std::min(n, not_numbered);
  }

  Network& network_;
  std::string_view source_;
  std::vector<MemberId> by_number_;  // by_number_[n]: the member of handle "n", or `unseen`
};

/// The time of a message line; throws `Error` naming the line and the field unless `dst` and `ts` are
/// there and `ts` is unix seconds. Fields after `ts` are the caller's to count.
Timestamp check_line(const Fields& f, std::string_view source, std::size_t number) {
  if (f.dst.empty()) throw Error(Errc::missing_field, line_field(source, number, "dst"), "");
  if (f.ts.empty()) throw Error(Errc::missing_field, line_field(source, number, "ts"), "");
  if (!f.at)
    throw Error(Errc::invalid_timestamp, line_field(source, number, "ts"), std::string(f.ts),
                "expected integral unix seconds, in years 0000 to 9999");
  return *f.at;
}

/// One number column of the CSV, formatted (shortest round trip, as `std::to_chars` writes it) only when
/// its value differs, bit for bit, from the row before: in a replay the relevance is 0 on every row (the
/// request has no topics) and the load is the owner's energy (no channel is asked), and the other
/// columns repeat now and then.
class NumberColumn {
 public:
  /// Appends `x` to `out`.
  void append(std::string& out, double x) {
    if (const auto bits = std::bit_cast<std::uint64_t>(x); bits != bits_ || size_ == 0) {
      size_ = static_cast<std::size_t>(detail::write_shortest(text_.data(), x) - text_.data());
      bits_ = bits;
    }
    out.append(text_.data(), size_);
  }

 private:
  std::uint64_t bits_ = 0;
  std::array<char, detail::shortest_size> text_{};
  std::size_t size_ = 0;  // 0: nothing formatted yet
};

/// The CSV rows of scored messages, written to the stream in blocks of about 64 KiB: each `write` to a
/// stream has a fixed cost (a sentry, a virtual call), paid once a block rather than once a row.
class RowWriter {
 public:
  explicit RowWriter(std::ostream& csv) : csv_(csv) { rows_.reserve(block_size + row_room); }

  /// Adds the row `src,dst,ts,total,relevance,context,load,reciprocity,learned`, with its '\n'; writes
  /// the block once it is full. If memory runs out, the block keeps only whole rows.
  void add(const Fields& f, const Score& s) {
    const std::size_t before = rows_.size();
    try {
      rows_.append(f.src).append(1, ',').append(f.dst).append(1, ',').append(f.ts);
      // `learned` is the total until the owner's model moves it: its text is then the total's.
      if (std::bit_cast<std::uint64_t>(s.learned) == std::bit_cast<std::uint64_t>(s.total))
        columns_[5] = columns_[0];
      std::size_t i = 0;
      for (const double x :
           {s.total, s.relevance, s.prior_context, s.audience_load, s.reciprocity, s.learned}) {
        rows_.push_back(',');
        columns_[i++].append(rows_, x);
      }
      rows_.push_back('\n');
    } catch (...) {  // a long row that needed a larger block
      rows_.resize(before);
      throw;
    }
    if (rows_.size() >= block_size) flush();
  }

  /// Writes the rows added since the last write, and forgets them even if the stream throws: they are
  /// never written twice.
  void flush() {
    try {
      csv_.write(rows_.data(), static_cast<std::streamsize>(rows_.size()));
    } catch (...) {
      rows_.clear();
      throw;
    }
    rows_.clear();
  }

  /// Writes the rows added since the last write, as the replay fails: the rows before the failure stay
  /// written. A stream that then fails too, and throws, is left failed: the replay's error is the one
  /// reported.
  void write_after_failure() noexcept {
    try {
      flush();
    } catch (...) {  // the stream's state says it failed
    }
  }

 private:
  static constexpr std::size_t block_size = std::size_t{64} << 10;
  static constexpr std::size_t row_room = 256;  // beyond a block, for the row that fills it: most fit
  std::ostream& csv_;
  std::array<NumberColumn, 6> columns_;
  std::string rows_;
};

/// Each pair's latest pending message, by `owner << 32 | requester`: a `ProbeTable` of 12-byte slots,
/// each holding the message's sequence number modulo 2^32. Fewer than 2^32 messages are pending, so with
/// the oldest pending one's number that names the message exactly.
class LatestPending {
 public:
  /// The sequence number of the latest pending message of pair `key`, if it has one; `first` is the oldest
  /// pending message's.
  std::optional<std::size_t> find(std::uint64_t key, std::size_t first) const noexcept {
    const Slot* slot = table_.find(key);
    if (!slot) return std::nullopt;
    return unwrapped(slot->value, first);
  }

  /// Makes `seq` the latest pending message of pair `key`; returns the one it replaces, if any. If memory
  /// runs out, throws and changes nothing.
  std::optional<std::size_t> replace(std::uint64_t key, std::size_t seq, std::size_t first) {
    const auto [slot, added] = table_.insert(key, Slot(key, static_cast<std::uint32_t>(seq)));
    if (added) return std::nullopt;
    const std::size_t previous = unwrapped(slot->value, first);
    slot->value = static_cast<std::uint32_t>(seq);
    return previous;
  }

  /// Forgets pair `key` if its latest pending message is `seq`, the oldest pending one.
  void erase_if_latest(std::uint64_t key, std::size_t seq) noexcept {
    const Slot* slot = table_.find(key);
    if (slot && slot->value == static_cast<std::uint32_t>(seq)) table_.erase(key);
  }

 private:
  /// A pair's key in two halves, and its latest message's number modulo 2^32: 12 bytes, where a 64-bit
  /// key would pad a slot to 16.
  struct Slot {
    std::uint32_t key_lo = 0xffffffffu, key_hi = 0xffffffffu;
    std::uint32_t value = 0;

    constexpr Slot() = default;
    constexpr Slot(std::uint64_t k, std::uint32_t v) noexcept
        : key_lo(static_cast<std::uint32_t>(k)), key_hi(static_cast<std::uint32_t>(k >> 32)), value(v) {}
    constexpr std::uint64_t key() const noexcept { return (std::uint64_t{key_hi} << 32) | key_lo; }
  };
  static_assert(sizeof(Slot) == 12);
  struct Traits {
    using Slot = LatestPending::Slot;
    // A key is never all ones: a member does not write to itself in a replay.
    static constexpr Slot empty_slot() noexcept { return Slot{}; }
    static constexpr bool is_empty(const Slot& s) noexcept { return s.key() == ~std::uint64_t{0}; }
    static constexpr std::uint64_t hash(std::uint64_t key) noexcept { return detail::pair_hash(key); }
    static constexpr std::uint64_t hash_of(const Slot& s) noexcept { return hash(s.key()); }
    static constexpr bool may_hold(const Slot& s, std::uint64_t key, std::uint64_t) noexcept {
      return s.key() == key;
    }
  };

  /// The pending message's number whose low 32 bits are `value`; `first` is the oldest pending one's.
  static std::size_t unwrapped(std::uint32_t value, std::size_t first) noexcept {
    return first + static_cast<std::uint32_t>(value - static_cast<std::uint32_t>(first));
  }
  detail::ProbeTable<Traits> table_;
};

/// The messages whose outcome is not known yet: each is answered if its recipient writes back to its
/// sender within the window. An outcome is learned only once the window has passed, answered or not,
/// so that no score sees its own future and the answered ones are not learned before the unanswered
/// ones of the same time (which would teach that everything is answered). The messages wait in the
/// order they came; each links to the previous pending one of its pair, so that an answer visits only
/// its pair's. A week of messages waits, so each is kept small: of its features, kept as a recorded
/// request's are (`detail::KeptFeatures`), only those that are not +0 are stored, in a queue of small
/// blocks (in a message-log replay most are 0: the request has no topic, channel, offer, preview or
/// kind, and a stranger has no history), so that learning sees what it would of the same request
/// recorded.
class PendingOutcomes {
 public:
  PendingOutcomes(detail::NetworkState& state, Duration window) : state_(state), window_(window) {}

  /// Learns the outcome of every message whose window ended before `now`, oldest first.
  void reveal_before(Timestamp now) {
    while (messages_.size() > 0 && messages_[0].received + window_ < now) {
      const Message& m = messages_[0];
      const detail::Arrival a = take_arrival(m);
      detail::learn(state_.learning, state_.policy, a, m.answered ? 1.0 : 0.0, a.received + window_);
      ++learned_;
      // The pair's entry goes with its latest message: the map holds only pairs with pending messages.
      latest_.erase_if_latest(pair_key(m.owner, m.requester), first_);
      messages_.pop_front();
      ++first_;
      prefetch_ahead();
    }
  }

  /// Adds a message from `requester` to `owner` scored with `features`. Changes nothing if it throws.
  void add(MemberId owner, MemberId requester, Timestamp at, const detail::Features& features) {
    // A message links to its pair's previous one by how far back it is, in 32 bits: at most the queue's
    // length (which would hold over 100 GB of messages).
    if (messages_.size() >= std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("replay: over 2^32 messages await their outcome");
    const std::size_t seq = first_ + messages_.size(), values_before = values_.size();
    Message& m = messages_.emplace_back(Message{.owner = owner, .requester = requester, .received = at});
    try {
      m.stored = store(features) & all_features;
      // The pair's previous message is pending, so among the queue's, which are fewer than 2^32.
      if (const auto previous = latest_.replace(pair_key(owner, requester), seq, first_))
        m.back = static_cast<std::uint32_t>(seq - *previous);
    } catch (...) {
      values_.resize(values_before);
      messages_.pop_back();
      throw;
    }
  }

  /// `from` wrote to `to` at `at`, before the latest message so far if `out_of_order`: it answers `to`'s
  /// pending messages to `from` within their window.
  void wrote(MemberId from, MemberId to, Timestamp at, bool out_of_order) {
    // This message, added next, and those before it may be out of time order with one another.
    if (out_of_order) disordered_until_ = first_ + messages_.size() + 1;
    const std::optional<std::size_t> latest = latest_.find(pair_key(from, to), first_);
    if (!latest) return;
    for (std::size_t seq = *latest; seq >= first_;) {
      Message& m = messages_[seq - first_];
      // An answer in time order answered every older message still pending with m, an answered one added
      // in time order, or found it past its window, as every later answer will (those of its own second
      // are newer): the walk stops there, so each message is visited about once, not once per answer.
      // An answer out of order, or a message added out of order, may break that, and the walk goes on.
      if (m.answered && !out_of_order && seq >= disordered_until_) break;
      if (m.received < at && at <= m.received + window_) m.answered = true;
      if (m.back == 0) break;  // the pair's first message
      seq -= m.back;
    }
  }

  std::size_t learned() const noexcept { return learned_; }

 private:
  static_assert(detail::feature_count < 32, "a message's stored features are a 32-bit mask, less one bit");
  using FeatureMask = std::uint32_t;  // bit j: feature j is stored
  static constexpr FeatureMask all_features = (FeatureMask{1} << detail::feature_count) - 1;

  struct Message {
    MemberId owner = 0, requester = 0;
    Timestamp received{};
    std::uint32_t back = 0;  // how many messages before this one the pair's previous one came, or 0: none
    FeatureMask stored : detail::feature_count = 0;  // its features in `values_`, in order, from where the
                                                     // previous message's end
    FeatureMask answered : 1 = false;
  };
  static std::uint64_t pair_key(MemberId owner, MemberId requester) noexcept {
    return (std::uint64_t{owner} << 32) | requester;
  }

  /// Appends the features that are not +0 in single precision to `values_`; the mask of those stored.
  FeatureMask store(const detail::Features& features) {
    FeatureMask mask = 0;
    const detail::KeptFeatures kept = detail::kept(features);
    for (std::size_t j = 0; j < detail::feature_count; ++j) {
      if (std::bit_cast<std::uint32_t>(kept[j]) == 0) continue;
      mask |= FeatureMask{1} << j;
      values_.push_back(kept[j]);
    }
    return mask;
  }

  /// The arrival of `m`, the message at the front, its features taken out of `values_`.
  detail::Arrival take_arrival(const Message& m) noexcept {
    detail::Arrival a{.owner = m.owner, .requester = m.requester, .received = m.received};
    for (FeatureMask rest = m.stored; rest != 0; rest &= rest - 1) {
      a.features[static_cast<std::size_t>(std::countr_zero(rest))] = values_.front();
      values_.pop_front();
    }
    return a;
  }

  /// Asks for the messages that will be learned a few messages from now and, once such a message is in
  /// cache, for its owner's deviation and its requester's record: each was last touched a window ago, and
  /// would otherwise be waited for when learned. Their features follow the front's in `values_`.
  void prefetch_ahead() const noexcept {
    constexpr std::size_t ahead = 4;
    if (messages_.size() <= 2 * ahead) return;
    detail::prefetch(&messages_[2 * ahead]);
    const Message& soon = messages_[ahead];
    if (const detail::OwnerModel* own = state_.learning.owners.find(soon.owner)) detail::prefetch(own);
    if (const detail::RequesterRecord* record = state_.learning.requesters.find(soon.requester))
      detail::prefetch(record);
  }

  detail::NetworkState& state_;
  Duration window_;
  // In small blocks, as the features are: a ring that doubled when full would keep room for up to twice
  // the busiest week's messages to the end of the replay.
  std::deque<Message> messages_;
  std::size_t first_ = 0;  // sequence number of the message at the front
  // The pending messages' stored features, in order: a queue of small blocks, so that it never holds two
  // copies while it grows, and a block read is freed.
  std::deque<float> values_;
  std::size_t learned_ = 0;
  LatestPending latest_;
  std::size_t disordered_until_ = 0;  // the messages before this one may be out of time order
};

}  // namespace

ReplayStats replay_message_log(std::istream& log, std::string_view source_name, std::ostream& csv,
                               Network& network, const std::function<void(std::size_t)>& progress) {
  ReplayStats stats;
  csv << "src,dst,ts,total,relevance,context,load,reciprocity,learned\n";
  // Each line's handles are looked up once; scoring and recording then go by id, through the same
  // code as `score` and `record` after their lookups. The request and message name no one: only their
  // other fields are read. One block of rows is reused throughout, so the steady state allocates only for
  // new members (and for the pending outcomes' storage, which grows to a week of messages).
  detail::NetworkState& state = detail::NetworkAccess::state(network);
  const bool learns = state.policy.learning.enabled;
  PendingOutcomes pending(state, replay_answer_window);
  const Request request;
  Interaction message{.kind = InteractionKind::message};
  MemberFinder member_id(network, source_name);
  CanonicalLines lines(log, source_name);
  RowWriter rows(csv);
  std::size_t bytes = 0;
  detail::Features features{};
  Timestamp latest = Timestamp::min();  // the latest message so far, and its line
  std::size_t latest_line = 0;
  try {
    while (const std::optional<LogLine> next = lines.next()) {
      const std::string_view line = next->text;
      ++stats.lines;
      bytes += line.size() + 1;
      if (progress && stats.lines % 65536 == 0) progress(bytes);
      const Fields& f = next->fields;
      if (f.comment()) continue;
      const Timestamp at = check_line(f, source_name, next->number);
      if (std::string_view rest = f.rest; !next_field(rest).empty())
        count_line(stats.lines_with_extra_fields, stats.first_line_with_extra_fields, next->number);
      if (f.src == f.dst) {
        ++stats.self_messages;
        continue;
      }
      const MemberId from = member_id(f.src, next->number, "src"), to = member_id(f.dst, next->number, "dst");
      const bool out_of_order = at < latest;
      if (out_of_order) {
        if (count_line(stats.messages_out_of_order, stats.first_out_of_order_line, next->number))
          stats.first_out_of_order_behind = latest_line;
      } else if (at > latest) {
        latest = at;
        latest_line = next->number;
      }

      if (learns) pending.reveal_before(at);
      const Score s = detail::score_resolved(state, {.owner = to, .requester = from}, request, at,
                                             learns ? &features : nullptr);
      rows.add(f, s);

      message.at = at;
      ++stats.messages;
      if (!detail::record_if_timely(state, from, to, message)) {  // far out of time order
        count_line(stats.stale_messages, stats.first_stale_line, next->number);
        continue;
      }
      if (learns) {
        pending.wrote(from, to, at, out_of_order);
        pending.add(to, from, at, features);
      }
    }
  } catch (...) {
    rows.write_after_failure();
    throw;
  }
  rows.flush();
  if (progress) progress(bytes);
  stats.members = network.member_count();
  stats.outcomes_learned = pending.learned();
  return stats;
}

}  // namespace rapport
