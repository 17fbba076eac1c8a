#!/usr/bin/env python3
"""Ladder bot: ultimatums to minors. Demand of every minor power that its
own state pass to our sphere, or war; carry out the threat when due."""
from common import not_mine, relation, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    actions = []
    pending = {o["to"] for o in world["sent"] if o["ultimatum"]}
    for state, holder in not_mine(world, me).items():
        ruler = world["controllers"][state]
        if bot.great(ruler) or ruler in pending or relation(world, me, ruler) in ("severed", "war"):
            continue
        actions.append({"kind": "ultimatum", "to": ruler, "deadline_days": 7,
                        "consequence": "declare_war",
                        "demands": [{"kind": "territorial_protocol", "assignments": {state: me}}]})
    return actions


def due(msg):
    return [{"kind": "carry_out", "proposal": o["id"]} for o in msg["world"].get("due", [])]


if __name__ == "__main__":
    run(act, due=due)
