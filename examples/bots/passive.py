#!/usr/bin/env python3
"""Ladder bot: the passive baseline. Never proposes or threatens; answers
each offer as its power's own model favours (accept above even odds) and
backs down or carries out like the others. A built-in AI that loses to
doing nothing plays worse than not playing."""
from common import run


def act(msg, bot):
    return []


if __name__ == "__main__":
    run(act)
