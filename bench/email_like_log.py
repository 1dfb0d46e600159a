#!/usr/bin/env python3
"""Writes a synthetic e-mail-like message log in the SNAP temporal format ('src dst unix_seconds').

Over 200 days, 150 mailing lists each write to 30-200 of 2,850 people about weekly, all recipients in
the same second, and are never answered; each person writes to 3-25 contacts a few times each, and a
message is answered (a thread goes on) with a chance that is the recipient's habit times how close the
two are. So a recipient's answers follow whom it is close to, which the formula reads from the history,
and a learned correction must not rank them worse. Deterministic for a given seed.

usage: email_like_log.py OUT [SEED]     (about 890,000 lines for seed 1)
"""
import random
import sys


def main(argv):
    if not 1 <= len(argv) <= 2:
        print(__doc__)
        return 2
    rng = random.Random(int(argv[1]) if len(argv) > 1 else 1)
    people, lists, span, start = 3000, 150, 200 * 86400, 1_300_000_000
    habit = [rng.betavariate(1.2, 2.5) for _ in range(people)]  # how readily each person answers
    contacts = {i: rng.sample(range(people), rng.randint(3, 25)) for i in range(lists, people)}
    closeness = {(i, c): rng.random() for i, cs in contacts.items() for c in cs}
    events = []
    for sender in range(lists):
        recipients = rng.sample(range(lists, people), rng.randint(30, 200))
        t = start + rng.randint(0, 7 * 86400)
        while t < start + span:
            events.extend((sender, r, t) for r in recipients)
            t += rng.randint(2 * 86400, 9 * 86400)
    for i in range(lists, people):
        for c in contacts[i]:
            if c < lists:
                continue
            for _ in range(int(closeness[(i, c)] * 12)):
                a, b, t = i, c, start + rng.randint(0, span)
                while True:
                    events.append((a, b, t))
                    close = closeness.get((b, a), closeness.get((a, b), 0.2))
                    if rng.random() >= habit[b] * (0.3 + 0.7 * close):
                        break
                    t += rng.randint(600, 3 * 86400)
                    a, b = b, a
    events.sort(key=lambda e: e[2])
    with open(argv[0], "w") as out:
        for a, b, t in events:
            out.write(f"{a} {b} {t}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
