// Builds a small network in code and scores three requests to one owner, with their reasons.
#include <iostream>
#include <rapport/core.hpp>

using namespace std::chrono;
using rapport::InteractionKind;

int main() {
  const rapport::Timestamp now = sys_days{year{2026} / November / 23} + 9h;
  const auto days_ago = [&](int d) { return now - days{d}; };

  rapport::Network net;
  net.add_member(
      {.handle = "ana", .name = "Ana (you)", .topics = {{"marketing/social-media"}, {"marketing/seo", 0.5}}});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"marketing/email"}}});
  net.add_member({.handle = "cara", .name = "Cara", .topics = {{"marketing/social-media"}}});
  net.add_member({.handle = "dex", .name = "Dex", .topics = {{"pets/dog-collars"}}});
  net.add_channel({.owner = "ana",
                   .name = "blog",
                   .audience_size = 12000,
                   .tolerance = rapport::PromoTolerance{.max_per_week = 2, .max_share = 0.25}});

  // Ben: met at a conference, bought Ana's course, promoted her last spring.
  net.record({.from = "ana", .to = "ben", .kind = InteractionKind::met_in_person, .at = days_ago(200)});
  net.record({.from = "ben", .to = "ana", .kind = InteractionKind::purchased, .at = days_ago(150)});
  net.record({.from = "ben", .to = "ana", .kind = InteractionKind::promoted, .at = days_ago(120)});
  net.record({.from = "ana", .to = "ben", .kind = InteractionKind::call, .at = days_ago(20)});
  // Cara: Ana promoted her once; since then she asks every month and never gives back.
  net.record({.from = "ana", .to = "cara", .kind = InteractionKind::promoted, .at = days_ago(200)});
  for (int month = 6; month >= 1; --month)
    net.record({.from = "cara", .to = "ana", .kind = InteractionKind::asked, .at = days_ago(30 * month)});
  // Ana's own posts on the blog over the last weeks.
  for (int d = 27; d > 0; d -= 3)
    net.record(rapport::Post{.owner = "ana", .channel = "blog", .at = days_ago(d)});

  const rapport::Request requests[] = {
      {.id = "r1",
       .requester = "ben",
       .owner = "ana",
       .kind = rapport::RequestKind::share,
       .channels = {"blog"},
       .topics = {"marketing/email"},
       .offer = rapport::Offer::reciprocal_promotion,
       .preview = true,
       .personalised = true,
       .content_quality = 0.8,  // Ana read the preview and liked it
       .received = days_ago(1)},
      {.id = "r2",
       .requester = "cara",
       .owner = "ana",
       .kind = rapport::RequestKind::review,
       .channels = {"blog"},
       .topics = {"marketing/social-media"},
       .received = days_ago(2)},
      {.id = "r3",
       .requester = "dex",
       .owner = "ana",
       .kind = rapport::RequestKind::share,
       .channels = {"blog"},
       .topics = {"pets/dog-collars"},
       .offer = rapport::Offer::payment,
       .received = days_ago(3)},
  };

  for (const rapport::Request& req : requests) {
    const rapport::Score s = rapport::score(net, req, now);
    std::cout << req.id << " from " << req.requester << ": " << to_string(s.decision) << "  total " << s.total
              << "  (relevance " << s.relevance << ", context " << s.prior_context << ", load "
              << s.audience_load << ", reciprocity " << s.reciprocity << ")\n";
    for (const rapport::Reason& r : s.reasons) std::cout << "    - " << describe(r, net) << '\n';
  }
}
