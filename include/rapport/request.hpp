#ifndef RAPPORT_REQUEST_HPP
#define RAPPORT_REQUEST_HPP

/// \file
/// `Request`: a promotion request from a requester to an owner.

#include <optional>
#include <rapport/export.hpp>
#include <rapport/time.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

/// What a request asks the owner to do. The formula judges a request by its channels, topics, offer and
/// requester, not by its kind; learning (`Policy::learning`) learns how each owner takes each kind.
enum class RequestKind {
  share,        ///< share or boost the requester's work to the owner's audience
  mention,      ///< mention the requester or its work
  review,       ///< review its work
  guest_post,   ///< publish a piece the requester wrote on the owner's channel
  endorsement,  ///< endorse it: a testimonial or a recommendation
  co_creation,  ///< make something together
  feedback,     ///< give feedback on its work
};

/// What a request offers in return.
enum class Offer {
  nothing,               ///< a plain ask
  reciprocal_promotion,  ///< the requester promotes the owner in turn
  payment,               ///< money or goods
  promise,               ///< "you'll be compensated when...": worth what the requester's promises are worth
};

/// The stable lowercase name of a request kind ("guest_post").
RAPPORT_API std::string_view to_string(RequestKind kind) noexcept;
/// The request kind with that stable name, if any.
RAPPORT_API std::optional<RequestKind> request_kind_from_string(std::string_view name) noexcept;
/// The stable lowercase name of an offer ("reciprocal_promotion").
RAPPORT_API std::string_view to_string(Offer offer) noexcept;
/// The offer with that stable name, if any.
RAPPORT_API std::optional<Offer> offer_from_string(std::string_view name) noexcept;

/// A request from a requester to an owner to promote something.
struct Request {
  std::string id{};                       ///< caller's identifier, carried through unchanged
  std::string requester{};                ///< handle of the member asking
  std::string owner{};                    ///< handle of the member asked
  RequestKind kind = RequestKind::share;  ///< what it asks for; the formula ignores it, learning does not
  std::vector<std::string> channels{};  ///< names of the owner's channels it wants; empty for private favours
  std::vector<std::string> topics{};    ///< topic paths of what is to be promoted
  Offer offer = Offer::nothing;         ///< what the requester gives in return
  bool preview = false;                 ///< the content can be seen before deciding
  bool personalised = false;            ///< written for this owner rather than from a template
  std::optional<double>
      content_quality{};                 ///< the owner's rating of the previewed content in [0, 1], if read
  Timestamp received{};                  ///< when it arrived
  std::optional<Timestamp> wanted_by{};  ///< when the requester wants it done, if said

  /// Whether every field is equal.
  friend bool operator==(const Request&, const Request&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_REQUEST_HPP
