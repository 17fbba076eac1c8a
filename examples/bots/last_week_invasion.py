#!/usr/bin/env python3
"""Ladder bot: last-week invasions. Do nothing all summer, then invade
every state outside our sphere in the last two weeks, when nobody has time
to answer (under the old rules, last-turn invasions were pure gain)."""
from common import not_mine, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    if world["turn"] < bot.turns - 1:
        return []
    return [{"kind": "invade", "state": s} for s in not_mine(world, me)
            if world["controllers"][s] != me]


if __name__ == "__main__":
    run(act)
