#!/usr/bin/env python3
"""Ladder bot: proposals to third parties. Every turn, ask each great power
that does not hold them to sign a territorial protocol assigning to us the
states we do not hold (under the old rules, such a protocol moved spheres
without the holder's signature)."""
from common import in_force, not_mine, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    wanted = not_mine(world, me)
    actions = []
    for to in msg.get("may_propose_to", []):
        if not bot.great(to):
            continue
        states = [s for s, holder in wanted.items() if holder != to]
        if states and "territorial_protocol" not in in_force(world, me, to):
            actions.append({"kind": "propose", "to": to, "deadline_days": 7,
                            "clauses": [{"kind": "territorial_protocol",
                                         "assignments": {s: me for s in states}}]})
    return actions


if __name__ == "__main__":
    run(act)
