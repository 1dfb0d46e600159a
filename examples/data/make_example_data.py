#!/usr/bin/env python3
"""Writes the bundled example data: a creator's six months of history and her pending requests.

    python3 examples/data/make_example_data.py examples/data

writes events.jsonl (members, channels, interactions and posts, in time order) and requests.json
(the pending requests). network.json is the event log applied to an empty network:

    echo '{"format": "rapport.network", "version": 1}' |
      ./build/release/tools/rapport/rapport apply - examples/data/events.jsonl -o examples/data/network.json

The history is generated from a fixed seed, so running this again gives the same files.
"""
import datetime as dt
import json
import random
import sys

rng = random.Random(20261123)
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
START = NOW - dt.timedelta(days=182)
LAUNCH = (dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 21, tzinfo=dt.timezone.utc))
OWNER = "maya"


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def topic(path, weight=1.0):
    return {"path": path, "weight": weight}


def member(handle, name, topics, **extra):
    m = {"handle": handle, "name": name, "topics": topics}
    m.update(extra)
    return m


# Who is who: (handle, name, topics, role). Roles drive the generated history.
PEOPLE = [
    ("ben", "Ben Okafor", ["marketing/email"], "conference"),
    ("cara", "Cara Velez", ["marketing/social-media"], "taker"),
    ("dina", "Dina Park", ["writing/blogging", "marketing/content"], "friend"),
    ("eli", "Eli Strand", ["marketing/social-media/video"], "strategic"),
    ("fatima", "Fatima Noor", ["marketing/seo"], "strategic"),
    ("gus", "Gus Lindqvist", ["marketing/content"], "strategic"),
    ("hana", "Hana Ito", ["marketing/social-media"], "strategic"),
    ("ivan", "Ivan Petrov", ["marketing/analytics"], "strategic"),
    ("june", "June Abara", ["writing/books"], "peer"),
    ("kofi", "Kofi Mensah", ["marketing/social-media"], "peer"),
    ("lena", "Lena Vogel", ["design/branding"], "peer"),
    ("marco", "Marco Ricci", ["marketing/email"], "peer"),
    ("nadia", "Nadia Haddad", ["marketing/content"], "peer"),
    ("omar", "Omar Sayed", ["marketing/social-media"], "promise_breaker"),
    ("priya", "Priya Raman", ["writing/blogging"], "peer"),
    ("quinn", "Quinn Adler", ["marketing/social-media"], "competitor"),
    ("rosa", "Rosa Delgado", ["marketing/seo"], "peer"),
    ("sam", "Sam Whitfield", ["podcasting"], "peer"),
    ("tara", "Tara Quinlan", ["marketing/content"], "acquaintance"),
    ("uma", "Uma Castillo", ["design/ux"], "acquaintance"),
    ("victor", "Victor Hale", ["marketing/social-media"], "acquaintance"),
    ("wren", "Wren Barlow", ["writing/newsletters"], "acquaintance"),
    ("xavi", "Xavi Moreno", ["marketing/affiliate"], "acquaintance"),
    ("yara", "Yara Aziz", ["marketing/content"], "acquaintance"),
    ("zoe", "Zoe Fischer", ["marketing/social-media"], "acquaintance"),
    ("amir", "Amir Tehrani", ["marketing/email"], "acquaintance"),
    ("bea", "Bea Lorenz", ["writing/blogging"], "acquaintance"),
    ("chen", "Chen Wei", ["marketing/analytics"], "acquaintance"),
    ("dara", "Dara Quigley", ["marketing/content"], "acquaintance"),
    ("emil", "Emil Sorensen", ["design/branding"], "acquaintance"),
    ("fern", "Fern Oduya", ["marketing/social-media"], "asker"),
    ("gil", "Gil Navarro", ["marketing/seo"], "asker"),
    ("hugo", "Hugo Brandt", ["marketing/social-media"], "fan"),
    ("iris", "Iris Mokoena", ["writing/blogging"], "fan"),
    ("jonas", "Jonas Berg", ["marketing/content"], "fan"),
    ("pagewise", "Pagewise Press", ["books/business"], "publisher"),
    ("inkwell", "Inkwell Books", ["books/marketing"], "publisher"),
    ("northstar", "Northstar Publishing", ["books/self-help"], "publisher"),
    ("kai", "Kai Rowe", ["marketing/social-media"], "friend_of_strategic"),
    ("lumen", "Lumen Labs", ["marketing/social-media/tools"], "vendor"),
]


def at(day, hour=None):
    return START + dt.timedelta(days=day, hours=hour if hour is not None else rng.randint(8, 19))


def main(out_dir):
    events = []  # (time, order, event)

    def add(t, kind, body):
        events.append((t, len(events), {kind: body}))

    def arrival(frm, t, topics):
        # A request that came in and was answered then: it counts in the inflow and as an ask.
        add(t, "request", {"id": f"past-{len(events)}", "requester": frm, "owner": OWNER, "kind": "share",
                           "channels": ["blog"], "topics": topics, "received": ts(t)})

    def interaction(frm, to, kind, t, weight=1.0):
        body = {"from": frm, "to": to, "kind": kind, "at": ts(t)}
        if weight != 1.0:
            body["weight"] = weight
        add(t, "interaction", body)

    # Members and channels come first, at the start of the history.
    add(START, "member", member(OWNER, "Maya Lin", [topic("marketing/social-media"), topic("marketing/content", 0.8),
                                                     topic("writing/blogging", 0.6)],
                                launches=[{"begin": ts(LAUNCH[0]), "end": ts(LAUNCH[1])}], energy=0.8))
    for handle, name, topics, role in PEOPLE:
        extra = {}
        if role == "strategic":
            extra = {"strategic": True, "cadence": rng.choice([14, 21, 30])}
        if role == "competitor":
            extra = {"competitor": True}
        add(START, "member", member(handle, name, [topic(t) for t in topics], **extra))
    add(START, "channel", {"owner": OWNER, "name": "blog", "audience_size": 18000.0,
                           "audience_topics": [topic("marketing/social-media"), topic("marketing/content", 0.7)],
                           "tolerance": {"max_per_week": 2, "max_share": 0.2}})
    add(START, "channel", {"owner": OWNER, "name": "newsletter", "audience_size": 6500.0,
                           "audience_topics": [topic("marketing/content"), topic("writing/blogging", 0.8)],
                           "tolerance": {"max_per_week": 1, "max_share": 0.15}})
    add(START, "channel", {"owner": OWNER, "name": "mastodon", "audience_size": 3200.0,
                           "tolerance": {"max_per_week": 3, "max_share": 0.3}})

    # Maya's own posts: blog twice a week, newsletter weekly, Mastodon most days.
    for day in range(0, 182):
        if day % 7 in (1, 4):
            add(at(day, 10), "post", {"owner": OWNER, "channel": "blog", "at": ts(at(day, 10)), "promotion": False})
        if day % 7 == 3:
            add(at(day, 7), "post", {"owner": OWNER, "channel": "newsletter", "at": ts(at(day, 7)), "promotion": False})
        if rng.random() < 0.7:
            t = at(day, 12)
            add(t, "post", {"owner": OWNER, "channel": "mastodon", "at": ts(t), "promotion": False})

    def promote(day, who, channel):
        t = at(day, 15)
        add(t, "post", {"owner": OWNER, "channel": channel, "at": ts(t), "promotion": True, "promoted": who})
        interaction(OWNER, who, "promoted", t)

    for handle, _, _, role in PEOPLE:
        if role == "conference":
            interaction(OWNER, handle, "met_in_person", at(110))  # the September conference
            interaction(OWNER, handle, "call", at(118))
            interaction(handle, OWNER, "purchased", at(125))
            interaction(handle, OWNER, "promoted", at(140))
            interaction(OWNER, handle, "message", at(170))
            interaction(handle, OWNER, "message", at(171))
        elif role == "taker":
            promote(20, handle, "mastodon")
            for month in range(6):
                arrival(handle, at(5 + 30 * month), ["marketing/social-media"])
        elif role in ("friend", "strategic"):
            interaction(OWNER, handle, "met_in_person", at(rng.randint(0, 60)))
            last = 150 if role == "friend" else rng.choice([60, 100, 135, 165])
            for day in range(rng.randint(5, 20), last, rng.randint(9, 16)):
                a, b = (OWNER, handle) if rng.random() < 0.5 else (handle, OWNER)
                interaction(a, b, rng.choice(["message", "message", "call"]), at(day))
            interaction(handle, OWNER, "promoted", at(rng.randint(30, 90)))
            interaction(OWNER, handle, rng.choice(["feedback", "vetted"]), at(rng.randint(40, 120)))
            if role == "strategic":
                interaction(OWNER, handle, "collaborated", at(rng.randint(30, 80)), weight=2.0)
                promote(rng.randint(40, 120), handle, rng.choice(["blog", "newsletter", "mastodon"]))
        elif role == "peer":
            for day in sorted(rng.sample(range(0, 175), rng.randint(3, 8))):
                a, b = (OWNER, handle) if rng.random() < 0.5 else (handle, OWNER)
                interaction(a, b, rng.choice(["message", "liked", "message", "call"]), at(day))
            if rng.random() < 0.5:
                interaction(handle, OWNER, rng.choice(["promoted", "introduced", "purchased"]), at(rng.randint(20, 160)))
        elif role == "promise_breaker":
            arrival(handle, at(30), topics)
            promote(33, handle, "blog")
            interaction(handle, OWNER, "broke_promise", at(75))
            arrival(handle, at(120), topics)
            interaction(OWNER, handle, "declined_request", at(121))
        elif role == "competitor":
            interaction(handle, OWNER, "message", at(50))
        elif role == "acquaintance":
            for day in sorted(rng.sample(range(0, 175), rng.randint(1, 3))):
                interaction(handle, OWNER, rng.choice(["liked", "message"]), at(day))
        elif role == "asker":
            for day in (40, 95, 150, 168):
                arrival(handle, at(day), topics)
        elif role == "fan":
            for day in sorted(rng.sample(range(0, 175), 4)):
                interaction(handle, OWNER, "liked", at(day))
            interaction(handle, OWNER, "purchased", at(rng.randint(30, 170)))
        elif role == "publisher":
            interaction(handle, OWNER, "message", at(rng.randint(100, 170)))
            arrival(handle, at(rng.randint(160, 178)), topics)
        elif role == "friend_of_strategic":
            interaction("eli", handle, "collaborated", at(60), weight=2.0)
            interaction("eli", handle, "met_in_person", at(90))
        elif role == "vendor":
            interaction(OWNER, handle, "purchased", at(80))
            interaction(OWNER, handle, "vetted", at(85))

    # An accepted promotion already scheduled for next week's newsletter.
    t = NOW + dt.timedelta(days=8)
    add(t, "post", {"owner": OWNER, "channel": "newsletter", "at": ts(t), "promotion": True, "promoted": "gus"})
    # Two promotions on the blog this week already.
    promote((NOW - START).days - 1, "hana", "blog")
    promote((NOW - START).days - 0, "fatima", "blog")

    events.sort(key=lambda e: (e[0], e[1]))
    with open(f"{out_dir}/events.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"format": "rapport.events", "version": 2}, separators=(",", ":")) + "\n")
        for _, _, e in events:
            f.write(json.dumps(e, separators=(",", ":"), ensure_ascii=False) + "\n")

    def request(rid, who, kind, channels, topics, received_days_ago, **extra):
        r = {"id": rid, "requester": who, "owner": OWNER, "kind": kind, "channels": channels, "topics": topics,
             "received": ts(NOW - dt.timedelta(days=received_days_ago, hours=rng.randint(0, 8)))}
        r.update(extra)
        return r

    week = NOW + dt.timedelta(days=20)
    requests = [
        request("r01", "pawsome", "share", ["blog"], ["pets/dog-collars"], 2, offer="payment"),
        request("r02", "ben", "share", ["newsletter", "mastodon"], ["marketing/email"], 1,
                offer="reciprocal_promotion", preview=True, personalised=True, content_quality=0.8),
        request("r03", "cara", "review", ["blog"], ["marketing/social-media"], 3),
        request("r04", "dina", "share", ["blog"], ["writing/blogging"], 2, preview=True, personalised=True,
                content_quality=0.3),
        request("r05", "pagewise", "review", ["blog"], ["books/business", "marketing/content"], 4, preview=True),
        request("r06", "inkwell", "review", ["newsletter"], ["books/marketing", "marketing/social-media"], 4,
                preview=True, personalised=True),
        request("r07", "northstar", "mention", ["mastodon"], ["books/self-help"], 3),
        request("r08", "quinn", "share", ["mastodon"], ["marketing/social-media"], 1, offer="reciprocal_promotion",
                personalised=True),
        request("r09", "eli", "share", ["blog"], ["marketing/social-media/video"], 1, offer="reciprocal_promotion",
                preview=True, personalised=True),
        request("r10", "omar", "endorsement", ["newsletter"], ["marketing/social-media"], 2, offer="promise",
                personalised=True),
        request("r11", "kai", "guest_post", ["blog"], ["marketing/social-media"], 2, preview=True, personalised=True),
        request("r12", "gus", "feedback", [], ["marketing/content"], 0, personalised=True),
        request("r13", "fatima", "co_creation", ["mastodon"], ["marketing/seo", "marketing/content"], 1,
                preview=True, personalised=True, wanted_by=ts(week)),
        request("r14", "hugo", "share", ["mastodon"], ["marketing/social-media"], 0, preview=True, personalised=True),
    ]
    with open(f"{out_dir}/requests.json", "w", encoding="utf-8") as f:
        json.dump({"format": "rapport.requests", "version": 1, "requests": requests}, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
