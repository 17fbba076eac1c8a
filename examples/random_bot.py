#!/usr/bin/env python3
"""A sample Spheres bot: plays legal moves, using only the standard library.

Run it in a match with:
    spheres match --ai ussr=cmd:python3 examples/random_bot.py

It reads one JSON object per line on stdin and answers `act` and `answer`
requests with one JSON line on stdout (docs/bot-protocol.md). It proposes
non-aggression or a trade agreement to a power it may address, accepts
offers its own power's model favours, and rejects the rest.
"""
import json
import random
import sys

VERSION = 1


def act(msg, rng):
    me = msg["you"]
    treaties = msg["world"]["treaties"]
    actions = []
    targets = list(msg.get("may_propose_to", []))
    rng.shuffle(targets)
    for to in targets[:1]:
        # A clause kind already in force between us would be refused.
        in_force = {c["kind"] for t in treaties if me in t["parties"] and to in t["parties"] for c in t["clauses"]}
        options = [c for c in (
            {"kind": "non_aggression"},
            {"kind": "consultation"},
            {"kind": "trade", "goods": "industrial_materials", "to": me},
        ) if c["kind"] not in in_force]
        if options and rng.random() < 0.6:
            actions.append({"kind": "propose", "to": to, "clauses": [rng.choice(options)], "deadline_days": 14})
    return {"actions": actions}


def answer(msg):
    answers = []
    for offer in msg.get("offers", []):
        verdict = "accept" if offer["assessment"]["probability"] >= 0.5 else "reject"
        answers.append({"proposal": offer["id"], "answer": verdict})
    return {"answers": answers}


def main():
    rng = random.Random(0)
    for line in sys.stdin:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("version", VERSION) > VERSION:
            print(json.dumps({"actions": []}), flush=True)
            continue
        kind = msg.get("type")
        if kind == "hello":
            rng.seed(msg.get("you", ""))
        elif kind == "act":
            print(json.dumps(act(msg, rng)), flush=True)
        elif kind == "answer":
            print(json.dumps(answer(msg)), flush=True)
        elif kind == "end":
            break


if __name__ == "__main__":
    main()
