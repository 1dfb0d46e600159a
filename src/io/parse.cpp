// Parsing JSON text into a document: Boost.JSON's parser, with a handler that refuses what its own
// would take silently (a key twice in an object, a number too large to hold) and errors that say
// where, in words.
#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detail/json_read.hpp"
#include "detail/utf8.hpp"

namespace rapport::detail {
namespace {

/// What the handler refused, at its JSON path.
struct Refusal {
  Errc code;
  std::string path;
  std::string value;
  std::string detail;
};

/// Builds the document on a `json::value_stack`, keeping the path of the value being read.
class Handler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  explicit Handler(DuplicateKeys duplicates) : duplicates_(duplicates) {}

  bool on_document_begin(json::error_code&) {
    stack_.reset();
    return true;
  }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) {
    frames_.push_back({true, 0});
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    stack_.push_array(n);
    frames_.pop_back();
    return next();
  }
  bool on_object_begin(json::error_code&) {
    frames_.push_back({false, keys_.size()});
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code& ec);
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_string(s);
    return next();
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    part_.append(s.data(), s.size());
    stack_.push_key(part_);
    frames_.back().at = keys_.size();
    keys_.push_back(std::move(part_));
    part_.clear();
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    part_.clear();
    stack_.push_int64(i);
    return next();
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    part_.clear();
    stack_.push_uint64(u);
    return next();
  }
  bool on_double(double d, json::string_view s, json::error_code& ec);
  bool on_bool(bool b, json::error_code&) {
    stack_.push_bool(b);
    return next();
  }
  bool on_null(json::error_code&) {
    stack_.push_null();
    return next();
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

  json::value release() { return stack_.release(); }
  const std::optional<Refusal>& refusal() const noexcept { return refusal_; }

 private:
  /// An open array, or an object; `at` is the index of the array's current element, or of the
  /// object's current key in `keys_` (its first key, until one is read).
  struct Frame {
    bool is_array;
    std::size_t at;
  };

  /// A value ended: the next one of an array is the next index.
  bool next() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().at;
    return true;
  }
  /// The path of the first `depth` open arrays and objects' current values.
  std::string path(std::size_t depth) const;
  bool refuse(json::error_code& ec, Refusal refusal) {
    refusal_ = std::move(refusal);
    ec = json::error::exception;  // stops the parser; `refusal_` says why
    return false;
  }

  DuplicateKeys duplicates_;
  json::value_stack stack_;
  std::vector<Frame> frames_;
  std::vector<std::string> keys_;  // the keys read so far of every open object, outermost first
  std::string part_;               // a key or number given in parts
  std::optional<Refusal> refusal_;
};

std::string Handler::path(std::size_t depth) const {
  std::string out;
  for (std::size_t i = 0; i < depth; ++i) {
    const Frame& f = frames_[i];
    if (f.is_array) {
      out += '[' + std::to_string(f.at) + ']';
    } else {
      if (!out.empty()) out += '.';
      out += keys_[f.at];
    }
  }
  return out;
}

/// A key that `keys` holds twice, if any.
std::optional<std::string_view> duplicate(std::span<const std::string> keys) {
  // Objects are small: pairs are compared without allocating; a large object is sorted instead.
  constexpr std::size_t small = 16;
  if (keys.size() <= small) {
    for (std::size_t i = 1; i < keys.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (keys[i] == keys[j]) return keys[i];
    return std::nullopt;
  }
  std::vector<std::string_view> sorted(keys.begin(), keys.end());
  std::sort(sorted.begin(), sorted.end());
  if (const auto twice = std::adjacent_find(sorted.begin(), sorted.end()); twice != sorted.end())
    return *twice;
  return std::nullopt;
}

bool Handler::on_object_end(std::size_t n, json::error_code& ec) {
  const std::size_t first = keys_.size() - n;
  // With `last_wins`, the value stack keeps only the last of equal keys, as Boost.JSON's parser does.
  if (const auto key =
          duplicates_ == DuplicateKeys::refuse ? duplicate(std::span(keys_).subspan(first)) : std::nullopt)
    return refuse(ec, {Errc::duplicate_key,
                       path(frames_.size() - 1),
                       json::serialize(json::string_view(key->data(), key->size())),
                       {}});
  stack_.push_object(n);
  keys_.resize(first);
  frames_.pop_back();
  return next();
}

bool Handler::on_double(double d, json::string_view s, json::error_code& ec) {
  part_.append(s.data(), s.size());
  // Beyond a double (1e999), or an integer beyond int64 and uint64 that a double would round: no
  // field takes either, and saying so here quotes the number as written.
  if (!std::isfinite(d) || part_.find_first_of(".eE") == std::string::npos)
    return refuse(ec, {Errc::out_of_range, path(frames_.size()), part_, "number too large"});
  part_.clear();
  stack_.push_double(d);
  return next();
}

/// Throws the `parse_error` for `ec` at byte `at` of `text`.
[[noreturn]] void throw_syntax(std::string_view text, std::size_t at, json::error_code ec,
                               std::string_view source, std::size_t line) {
  std::size_t column = 1;
  line = std::max<std::size_t>(line, 1);
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  const std::string where = std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column);
  const std::string_view rest = text.substr(at);
  if (ec == json::error::syntax && !rest.empty() && static_cast<unsigned char>(rest[0]) >= 0x80 &&
      utf8_length(rest) == 0)
    throw JsonError(Errc::parse_error, where, invalid_utf8_text(rest), "invalid JSON: invalid UTF-8");
  std::string_view near = rest.substr(0, 20);
  near = near.substr(0, near.find('\n'));
  const std::string what = ec == json::error::too_deep ? "more than " + std::to_string(max_json_depth) +
                                                             " arrays and objects nested in one another"
                                                       : ec.message();
  throw JsonError(Errc::parse_error, where, std::string(near), "invalid JSON: " + what);
}

}  // namespace

json::value parse_text(std::string_view text, std::string_view source, std::size_t line,
                       DuplicateKeys duplicates) {
  json::parse_options options;
  options.numbers =
      json::number_precision::precise;  // "5e57" must read back as the double it was written from
  options.max_depth = max_json_depth;
  json::basic_parser<Handler> parser(options, duplicates);
  json::error_code ec;
  const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) ec = json::error::extra_data;  // one document, then only whitespace
  if (const std::optional<Refusal>& r = parser.handler().refusal()) {
    std::string field(source);
    if (line) field.append(":").append(std::to_string(line));
    if (!r->path.empty()) field += ": " + r->path;
    throw JsonError(r->code, std::move(field), r->value, r->detail);
  }
  if (ec) throw_syntax(text, std::min(consumed, text.size()), ec, source, line);
  return parser.handler().release();
}

}  // namespace rapport::detail
