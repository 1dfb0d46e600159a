#ifndef RAPPORT_RAPPORT_HPP
#define RAPPORT_RAPPORT_HPP

/// Everything public in rapport.
#include <rapport/activitypub.hpp>
#include <rapport/attention.hpp>
#include <rapport/channel.hpp>
#include <rapport/error.hpp>
#include <rapport/event.hpp>
#include <rapport/interaction.hpp>
#include <rapport/io.hpp>
#include <rapport/json.hpp>
#include <rapport/member.hpp>
#include <rapport/network.hpp>
#include <rapport/outcome.hpp>
#include <rapport/overload.hpp>
#include <rapport/plan.hpp>
#include <rapport/policy.hpp>
#include <rapport/post.hpp>
#include <rapport/reason.hpp>
#include <rapport/relationship.hpp>
#include <rapport/replay.hpp>
#include <rapport/request.hpp>
#include <rapport/result_files.hpp>
#include <rapport/score.hpp>
#include <rapport/shared_network.hpp>
#include <rapport/time.hpp>
#include <rapport/topic.hpp>
#include <rapport/version.hpp>

#endif  // RAPPORT_RAPPORT_HPP
