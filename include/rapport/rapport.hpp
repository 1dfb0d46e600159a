#ifndef RAPPORT_RAPPORT_HPP
#define RAPPORT_RAPPORT_HPP

/// \file
/// Everything public in rapport: `rapport/core.hpp` (the model, the network, scoring and its results)
/// and, on top of it, the JSON conversions, the input and result files, replay and the Mastodon import.

/// \namespace rapport
/// rapport: scoring promotion requests against an owner's relationship graph, with the reasons.

#include <rapport/activitypub.hpp>
#include <rapport/core.hpp>
#include <rapport/io.hpp>
#include <rapport/json.hpp>
#include <rapport/replay.hpp>
#include <rapport/result_files.hpp>

#endif  // RAPPORT_RAPPORT_HPP
