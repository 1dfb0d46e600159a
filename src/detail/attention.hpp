#ifndef RAPPORT_SRC_DETAIL_ATTENTION_HPP
#define RAPPORT_SRC_DETAIL_ATTENTION_HPP

#include <rapport/attention.hpp>
#include <rapport/network.hpp>
#include <vector>

namespace rapport::detail {

/// Every strategic partner of `owner` (a strategic member it has interacted with), most overdue first,
/// ties by member id. The attention list keeps the due ones; the overload report grades them all.
std::vector<OverduePartner> strategic_partners(const Network& network, MemberId owner, Timestamp now);

/// Throws `Errc::unknown_member` on `field` unless `owner` is a member of `network`.
void check_owner(const Network& network, MemberId owner, const char* field);

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_ATTENTION_HPP
