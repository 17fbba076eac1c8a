#!/usr/bin/env python3
"""Ladder bot: early invasions. From the first week, invade every state
outside our sphere that a small power rules, again whenever an invasion is
thrown back: a summer of conquest against clients whose patrons may not
answer (under the old rules they did not)."""
from common import not_mine, run


def act(msg, bot):
    me, world = msg["you"], msg["world"]
    return [{"kind": "invade", "state": s} for s in not_mine(world, me)
            if world["controllers"][s] != me and not bot.great(world["controllers"][s])]


if __name__ == "__main__":
    run(act)
