#ifndef RAPPORT_CORE_HPP
#define RAPPORT_CORE_HPP

/// \file
/// rapport without its files: the model types, the policy, the network, scoring, triage plans,
/// overload reports and attention lists. It includes no Boost header and nothing that reads or writes,
/// so a program that builds its network in code and scores compiles in about half the time
/// `rapport/rapport.hpp` takes (figures in the README); that one adds the JSON conversions, the files,
/// replay and the Mastodon import.

#include <rapport/attention.hpp>
#include <rapport/channel.hpp>
#include <rapport/error.hpp>
#include <rapport/event.hpp>
#include <rapport/interaction.hpp>
#include <rapport/member.hpp>
#include <rapport/network.hpp>
#include <rapport/outcome.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/policy.hpp>
#include <rapport/post.hpp>
#include <rapport/reason.hpp>
#include <rapport/relationship.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/scoring_pool.hpp>
#include <rapport/shared_network.hpp>
#include <rapport/time.hpp>
#include <rapport/topic.hpp>
#include <rapport/version.hpp>

#endif  // RAPPORT_CORE_HPP
