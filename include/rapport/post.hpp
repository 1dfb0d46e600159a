#ifndef RAPPORT_POST_HPP
#define RAPPORT_POST_HPP

/// \file
/// `Post`: something an owner published, or committed to publish.

#include <rapport/time.hpp>
#include <string>

namespace rapport {

/// Something an owner published, or committed to publish, on one of its channels.
/// A post dated after the query time is an accepted commitment not yet published.
struct Post {
  std::string owner{};     ///< handle of the channel's owner
  std::string channel{};   ///< name of the channel
  Timestamp at{};          ///< when it was (or will be) published
  bool promotion = false;  ///< promotes someone else's work rather than the owner's own
  std::string promoted{};  ///< for a promotion: handle of the member promoted, or empty if not a member
  std::string id{};  ///< caller's identifier; an event with an id already in the network is the same event

  /// Whether every field is equal.
  friend bool operator==(const Post&, const Post&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_POST_HPP
