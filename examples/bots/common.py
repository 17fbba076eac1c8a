"""Shared plumbing for the ladder of scripted strategy bots.

Each bot in this folder is one simple strategy: the kind of script a
player or researcher writes first to look for a free lunch in the rules.
`ladder.py` plays each against the built-in AI of the same power on the
same seeds and prints the difference in mean score. The protocol is
docs/bot-protocol.md; only Python's standard library is used.

A strategy is a function `act(msg, bot) -> [actions]`; answers default to
what the power's own model favours, and an ultimatum past its deadline is
carried out when that costs less than backing down.
"""
import json
import sys

VERSION = 2  # protocol 2: one process plays match after match (`new_match`)


class Bot:
    """What a strategy knows besides the current message."""

    def __init__(self):
        self.hello = {}
        self.memo = {}

    @property
    def turns(self):
        return self.hello.get("turns", 13)

    def great(self, power):
        return any(p["id"] == power and p["great"] for p in self.hello.get("powers", []))

    def powers(self):
        return [p["id"] for p in self.hello.get("powers", [])]


def relation(world, a, b):
    for r in world["relations"]:
        if {r["a"], r["b"]} == {a, b}:
            return r["relation"]
    return "normal"


def in_force(world, a, b):
    """Clause kinds already in force between a and b."""
    return {c["kind"] for t in world["treaties"] if a in t["parties"] and b in t["parties"] for c in t["clauses"]}


def not_mine(world, me):
    """States outside my sphere, with their holders."""
    return {s: p for s, p in world["spheres"].items() if p != me}


def default_answers(msg):
    answers = []
    for offer in msg.get("offers", []):
        verdict = "accept" if offer["assessment"]["probability"] >= 0.5 else "reject"
        answers.append({"proposal": offer["id"], "answer": verdict})
    return answers


def default_due(msg):
    """Carry out a due threat when it costs less than backing down."""
    out = []
    for o in msg["world"].get("due", []):
        kind = "carry_out" if o["cost_carry_out"] <= o["cost_back_down"] else "back_down"
        out.append({"kind": kind, "proposal": o["id"]})
    return out


def run(act, answer=default_answers, due=default_due):
    """Plays matches until the game closes our input. Every answer says
    `"protocol": 2`, so the game keeps this process for the next match of
    its tournament worker and opens it with `new_match`: all state is
    reset there."""
    bot = Bot()
    for line in sys.stdin:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        kind = msg.get("type")
        known = msg.get("version", 1) <= VERSION
        if kind in ("hello", "new_match"):
            bot = Bot()
            bot.hello = msg
        elif kind == "act":
            actions = (due(msg) + act(msg, bot)) if known else []
            print(json.dumps({"id": msg.get("id"), "protocol": VERSION, "actions": actions[:32]}), flush=True)
        elif kind == "answer":
            answers = answer(msg) if known else []
            print(json.dumps({"id": msg.get("id"), "protocol": VERSION, "answers": answers}), flush=True)
