#!/usr/bin/env python3
"""Ladder bot: the double game. Offer Berlin a non-aggression pact and
trade with the division of the East in a secret protocol, and London
mutual assistance in public: have both sides' prizes at once."""
from common import in_force, not_mine, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    greats = [p for p in msg.get("may_propose_to", []) if bot.great(p)]
    actions = []
    for to in greats:
        have = in_force(world, me, to)
        theirs = [s for s, holder in not_mine(world, me).items() if holder == to]
        clauses = []
        if "non_aggression" not in have:
            clauses.append({"kind": "non_aggression"})
        if "trade" not in have:
            clauses.append({"kind": "trade", "goods": "industrial_materials", "to": me})
        if theirs:
            clauses.append({"kind": "territorial_protocol", "secret": True,
                            "assignments": {s: me for s in theirs}})
        elif "mutual_assistance" not in have:
            clauses.append({"kind": "mutual_assistance"})
        if clauses:
            actions.append({"kind": "propose", "to": to, "deadline_days": 7, "clauses": clauses})
    return actions


if __name__ == "__main__":
    run(act)
