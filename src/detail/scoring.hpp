#ifndef RAPPORT_SRC_DETAIL_SCORING_HPP
#define RAPPORT_SRC_DETAIL_SCORING_HPP

// Scoring after a request's handles and channels are resolved: the layer above the network state,
// which therefore does not know of it.

#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>

#include "learning_state.hpp"
#include "network_state.hpp"

namespace rapport::detail {

/// `rapport::score` after `resolve`: `request`'s handles and channel names are not read again. With
/// `features`, also gives the request's features for learning (`detail/learning.hpp`).
Score score_resolved(const NetworkState& state, const ResolvedRequest& ids, const Request& request,
                     Timestamp now, Features* features = nullptr);

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_SCORING_HPP
