#!/usr/bin/env python3
"""A protocol-2 test bot: it plays match after match in one process, asks
a `preview` before each proposal, and logs what it saw (one JSON line per
event) to the file named by its first argument."""
import json
import os
import sys

log = open(sys.argv[1], "a", encoding="utf-8")
# Every line received and sent, for the schema test.
received = open(sys.argv[1] + ".in", "a", encoding="utf-8")
sent = open(sys.argv[1] + ".out", "a", encoding="utf-8")


def say(obj):
    line = json.dumps(obj)
    sent.write(line + "\n")
    sent.flush()
    print(line, flush=True)


def hear():
    line = sys.stdin.readline()
    received.write(line)
    received.flush()
    return json.loads(line)


def note(**kw):
    log.write(json.dumps(kw) + "\n")
    log.flush()


for line in sys.stdin:
    received.write(line)
    received.flush()
    msg = json.loads(line)
    kind = msg.get("type")
    if kind in ("hello", "new_match"):
        note(event=kind, pid=os.getpid(), version=msg.get("version"), protocols=msg.get("protocols"))
    elif kind == "act":
        me = msg["you"]
        actions = []
        for to in msg["may_propose_to"][:1]:
            clauses = [{"kind": "non_aggression"}]
            say({"type": "preview", "to": to, "clauses": clauses, "deadline_days": 14})
            reply = hear()
            note(event="preview", reply=reply)
            if reply.get("estimate", {}).get("high", 0) > 0.5:
                actions.append({"kind": "propose", "to": to, "deadline_days": 14, "clauses": clauses})
        # A bad draft gets an error, not a crash.
        say({"type": "preview", "to": "atlantis", "clauses": []})
        note(event="bad_preview", reply=hear())
        say({"id": msg["id"], "protocol": 2, "actions": actions})
    elif kind == "answer":
        for o in msg["offers"]:
            a = o["assessment"]
            note(event="assessment", margin=a["margin"], total=sum(b["value"] for b in a["breakdown"]))
        answers = [{"proposal": o["id"], "answer": "accept" if o["assessment"]["probability"] > 0.5 else "reject"}
                   for o in msg["offers"]]
        say({"id": msg["id"], "protocol": 2, "answers": answers})
    elif kind == "end":
        note(event="end", version=msg.get("version"))
