#ifndef RAPPORT_SRC_DETAIL_SCORING_HPP
#define RAPPORT_SRC_DETAIL_SCORING_HPP

// Scoring after a request's handles and channels are resolved: the layer above the network state,
// which therefore does not know of it.

#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>

#include "network_state.hpp"

namespace rapport::detail {

/// `rapport::score` after `resolve`: `request`'s handles and channel names are not read again.
Score score_resolved(const NetworkState& state, const ResolvedRequest& ids, const Request& request,
                     Timestamp now);

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_SCORING_HPP
