#!/usr/bin/env python3
"""A protocol-2 test bot: it plays match after match in one process, asks
a `preview` before each proposal, and logs what it saw (one JSON line per
event) to the file named by its first argument."""
import json
import os
import sys

log = open(sys.argv[1], "a", encoding="utf-8")


def note(**kw):
    log.write(json.dumps(kw) + "\n")
    log.flush()


for line in sys.stdin:
    msg = json.loads(line)
    kind = msg.get("type")
    if kind in ("hello", "new_match"):
        note(event=kind, pid=os.getpid(), version=msg.get("version"), protocols=msg.get("protocols"))
    elif kind == "act":
        me = msg["you"]
        actions = []
        for to in msg["may_propose_to"][:1]:
            clauses = [{"kind": "non_aggression"}]
            print(json.dumps({"type": "preview", "to": to, "clauses": clauses, "deadline_days": 14}), flush=True)
            reply = json.loads(sys.stdin.readline())
            note(event="preview", reply=reply)
            if reply.get("estimate", {}).get("high", 0) > 0.5:
                actions.append({"kind": "propose", "to": to, "deadline_days": 14, "clauses": clauses})
        # A bad draft gets an error, not a crash.
        print(json.dumps({"type": "preview", "to": "atlantis", "clauses": []}), flush=True)
        note(event="bad_preview", reply=json.loads(sys.stdin.readline()))
        print(json.dumps({"id": msg["id"], "protocol": 2, "actions": actions}), flush=True)
    elif kind == "answer":
        for o in msg["offers"]:
            a = o["assessment"]
            note(event="assessment", margin=a["margin"], total=sum(b["value"] for b in a["breakdown"]))
        print(json.dumps({"id": msg["id"], "protocol": 2, "answers": []}), flush=True)
    elif kind == "end":
        note(event="end", version=msg.get("version"))
