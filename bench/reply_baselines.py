#!/usr/bin/env python3
"""Baseline scores for a message log: decayed counts of the recipient's earlier messages to the sender.

For each message src -> dst at time ts, in the order `reply_auc.py` reads the log (by time, lines of the
same second in file order), the score is how many messages dst wrote to src before it, each counting
2^-(age / half-life): one column per half-life of an hour, a day, a week and a month. These are the
plain decayed counts of earlier replies that rapport's scores should beat, and `reply_auc.py` scores
them like any other column:

    python3 bench/reply_baselines.py LOG baselines.csv
    python3 ../shared/eval/reply_auc.py LOG baselines.csv

usage: reply_baselines.py LOG OUT.csv
  LOG      whitespace-separated "src dst unix_ts" lines ('#' and '%' lines and self-messages skipped)
  OUT.csv  written: src,dst,ts and the columns replies_hour, replies_day, replies_week, replies_month
Exit status 0; 2 on unusable input.
"""
import sys

HALF_LIVES = {"hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400}


def read_events(path):
    events = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line[0] in "#%":
                continue
            fields = line.split()
            if len(fields) < 3:
                raise ValueError(f"{path}:{number}: expected src dst ts, got {line.strip()!r}")
            src, dst, ts = fields[:3]
            try:
                at = int(ts)
            except ValueError:
                raise ValueError(f"{path}:{number}: expected integral unix seconds, got {ts!r}") from None
            if src != dst:
                events.append((at, src, dst))
    events.sort(key=lambda e: e[0])  # stable: the same second keeps file order
    return events


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    try:
        events = read_events(argv[0])
    except (OSError, ValueError) as e:
        print(e, file=sys.stderr)
        return 2
    # (writer, reader) -> (time of the latest message, its decayed count at that time, per half-life)
    sent = {}

    def counts_at(pair, ts):
        """What `pair` wrote, decayed to `ts`, per half-life: 0 if it wrote nothing."""
        if pair not in sent:
            return [0.0] * len(HALF_LIVES)
        at, counts = sent[pair]
        return [c * 2.0 ** (-(ts - at) / h) for c, h in zip(counts, HALF_LIVES.values())]

    with open(argv[1], "w") as out:
        out.write("src,dst,ts," + ",".join("replies_" + name for name in HALF_LIVES) + "\n")
        for ts, src, dst in events:
            row = counts_at((dst, src), ts)
            out.write(f"{src},{dst},{ts}," + ",".join(repr(x) for x in row) + "\n")
            sent[(src, dst)] = (ts, [c + 1 for c in counts_at((src, dst), ts)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
