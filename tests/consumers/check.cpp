// What every consumer project runs: a scoring call, a JSON round trip of the network, and an error
// thrown by the library and caught by its type, so that a missing symbol or export shows.
#include "check.hpp"

#include <boost/json/parse.hpp>
#include <iostream>
#include <rapport/error.hpp>
#include <rapport/io.hpp>
#include <rapport/json/text.hpp>
#include <rapport/network.hpp>
#include <rapport/score.hpp>
#include <rapport/version.hpp>

int check_rapport() {
  using namespace std::chrono;
  const rapport::Timestamp now = sys_days{year{2026} / November / 23};
  rapport::Network net;
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"marketing/social-media"}}});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"marketing/email"}}});
  net.add_channel({.owner = "ana", .name = "blog", .audience_size = 12000});
  net.record(
      {.from = "ana", .to = "ben", .kind = rapport::InteractionKind::met_in_person, .at = now - days{40}});
  const rapport::Request request{.requester = "ben",
                                 .owner = "ana",
                                 .channels = {"blog"},
                                 .topics = {"marketing/email"},
                                 .preview = true,
                                 .content_quality = 0.8,
                                 .received = now};
  const rapport::Score before = rapport::score(net, request, now);

  const std::string text = rapport::to_json_text(rapport::network_to_json(net));
  const rapport::Network back = rapport::network_from_json(boost::json::parse(text), "round trip");
  const rapport::Score after = rapport::score(back, request, now);
  if (after.total != before.total || after.decision != before.decision ||
      rapport::to_json_text(rapport::network_to_json(back)) != text) {
    std::cerr << "the JSON round trip changed the network\n";
    return 1;
  }

  try {
    net.add_member({.handle = "", .name = "Nobody"});
    std::cerr << "an empty handle was accepted\n";
    return 1;
  } catch (const rapport::Error& e) {
    if (e.code() != rapport::Errc::empty_handle) {
      std::cerr << "unexpected error: " << e.what() << '\n';
      return 1;
    }
  }
  std::cout << "rapport " << RAPPORT_VERSION_MAJOR << '.' << RAPPORT_VERSION_MINOR << '.'
            << RAPPORT_VERSION_PATCH << ": " << to_string(before.decision) << ' ' << before.total << '\n';
  return 0;
}
