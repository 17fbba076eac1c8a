#!/usr/bin/env python3
"""Ladder bot: spam. Every turn, every document we might want, to every
power we may address: someone will say yes to something."""
from common import in_force, not_mine, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    actions = []
    for to in msg.get("may_propose_to", []):
        have = in_force(world, me, to)
        docs = [[{"kind": k}] for k in ("non_aggression", "mutual_assistance", "consultation") if k not in have]
        if "trade" not in have:
            docs.append([{"kind": "trade", "goods": "industrial_materials", "to": me}])
        theirs = [s for s, holder in not_mine(world, me).items() if holder == to]
        if theirs:
            docs.append([{"kind": "territorial_protocol", "assignments": {s: me for s in theirs}},
                         {"kind": "non_aggression"}] if "non_aggression" not in have else
                        [{"kind": "territorial_protocol", "assignments": {s: me for s in theirs}}])
        for clauses in docs:
            actions.append({"kind": "propose", "to": to, "deadline_days": 7, "clauses": clauses})
    return actions[:32]


if __name__ == "__main__":
    run(act)
