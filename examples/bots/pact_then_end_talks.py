#!/usr/bin/env python3
"""Ladder bot: end talks after a pact. Seek non-aggression with the
strongest neighbour; once any pact holds, end talks with every other
great power (under the old rules, ending talks was free and stopped every
ultimatum)."""
from common import in_force, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    greats = [p for p in bot.powers() if p != me and bot.great(p)]
    pacts = [p for p in greats if "non_aggression" in in_force(world, me, p)]
    if not pacts:
        return [{"kind": "propose", "to": p, "deadline_days": 7,
                 "clauses": [{"kind": "non_aggression"}, {"kind": "consultation"}]}
                for p in msg.get("may_propose_to", []) if p in greats]
    ours = world["opinions"]
    return [{"kind": "end_talks", "with": p} for p in greats
            if p not in pacts and not ours[p]["talks_ended_by_us"]]


if __name__ == "__main__":
    run(act)
