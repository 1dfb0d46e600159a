#include <rapport/event.hpp>
#include <rapport/network.hpp>

namespace rapport {
namespace {

bool apply_member(Network& network, const Member& member) {
  const auto id = network.find_member(member.handle);
  if (!id) {
    network.add_member(member);
    return true;
  }
  if (network.member(*id) == member) return false;
  network.update_member(member);
  return true;
}

bool apply_channel(Network& network, const Channel& channel) {
  const auto id = network.find_channel(channel.owner, channel.name);
  if (!id) {
    network.add_channel(channel);
    return true;
  }
  if (network.channel(*id) == channel) return false;
  network.update_channel(channel);
  return true;
}

}  // namespace

bool apply(Network& network, const Event& event) {
  return std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, Member>)
          return apply_member(network, e);
        else if constexpr (std::is_same_v<T, Channel>)
          return apply_channel(network, e);
        else
          return network.record(e);
      },
      event.change);
}

}  // namespace rapport
