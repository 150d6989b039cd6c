#!/usr/bin/python3
"""targets_table.py LEVELS DIR NAME... — the Targets table of bench/targets.sh
as Markdown, from the sweep JSON documents DIR/NAME.json that
`scaleahead-sim --sweep-quantile LEVELS --json -` wrote.

Per file: what was replayed (part, dates, rows, basis of the forecasts),
the quantile policy at q = 0.9, target tracking and reactive (cost,
under-provisioned instance-minutes, flaps), and the targets: T1 q0.9
under-provisions less than target tracking; T2 q0.9 is not dominated by
reactive (cheaper, or under-provisions less); T3 the levels that dominate
target tracking (fewer under-provisioned instance-minutes, at most 5 %
more cost, no more flaps). Then every level of each sweep."""
import json
import os
import sys


def by_policy(doc):
    return {p["policy"]: p for p in doc["policies"]}


def dominates(p, t):
    return (p["under_provisioned_instance_minutes"] < t["under_provisioned_instance_minutes"]
            and p["cost"] <= 1.05 * t["cost"] and p["flaps"] <= t["flaps"])


def cell(p):
    return "%.2f / %.0f / %d" % (p["cost"], p["under_provisioned_instance_minutes"], p["flaps"])


def yes(ok):
    return "met" if ok else "**missed**"


def short(text, doc):
    """text with the replayed file's path cut to its name."""
    return text.replace(doc["data"], os.path.basename(doc["data"]))


def main():
    levels, folder, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    docs = [(n, json.load(open("%s/%s.json" % (folder, n)))) for n in names]
    print("Cost (USD) / under-provisioned instance-minutes / flaps, on the part "
          "of each file its model never saw. The model is the default "
          "(`scaleahead-train --data FILE`, `--target value` for the "
          "`timestamp,value` files); the sweep is `scaleahead-sim --model M "
          "--sweep-quantile %s --json -`. T1: q0.9 under-provisions less than "
          "target tracking (tie: both the same). T2: q0.9 is not dominated by reactive (cheaper or "
          "under-provisions less). T3: a level dominates target tracking (fewer "
          "under-provisioned instance-minutes, at most 5 %% more cost, no more "
          "flaps)." % levels)
    print()
    print("| data | replayed | forecasts | q0.9 | target | reactive | T1 | T2 | T3: levels |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, d in docs:
        p = by_policy(d)
        q, t, r = p["predictive q0.9"], p["target"], p["reactive"]
        t1 = q["under_provisioned_instance_minutes"] < t["under_provisioned_instance_minutes"]
        tie = q["under_provisioned_instance_minutes"] == t["under_provisioned_instance_minutes"]
        t2 = (q["cost"] < r["cost"]
              or q["under_provisioned_instance_minutes"] < r["under_provisioned_instance_minutes"])
        best = [x["policy"].split()[-1] for x in d["policies"]
                if x.get("quantile") is not None and dominates(x, t)]
        print("| %s | part %s, %s to %s, %d rows | %s, skill %+.1f %% | %s | %s | %s | %s | %s | %s |"
              % (name, d["part"], d["start"][:16], d["end"][:16], d["steps"],
                 d["demand_basis"], 100 * d["model_skill"], cell(q), cell(t), cell(r),
                 "tie" if tie else yes(t1),
                 yes(t2), ", ".join(best) if best else "**none**"))
    for name, d in docs:
        print()
        print("**%s**: %s; %s." % (name, short(d["part_note"], d), d["demand_note"]))
        if len({cell(x) for x in d["policies"] if x["policy"] != "reactive"}) == 1:
            print("Every level of the quantile policy and target tracking run the same fleet "
                  "here: nothing to choose between them on this part.")
        print()
        print("| policy | cost | under-provisioned i-min | flaps | actions | overloaded min | slack % |")
        print("|---|---|---|---|---|---|---|")
        for x in d["policies"]:
            print("| %s | %.2f | %.0f | %d | %d | %.0f | %.1f |"
                  % (x["policy"], x["cost"], x["under_provisioned_instance_minutes"], x["flaps"],
                     x["actions"], x["overloaded_minutes"], x["slack"]))


if __name__ == "__main__":
    main()
