#!/usr/bin/env python3
"""A protocol-2 test bot that exits when its first match ends: the game
must start a new one for the next match, not let the power pass."""
import json
import sys

log = open(sys.argv[1], "a", encoding="utf-8")
for line in sys.stdin:
    msg = json.loads(line)
    kind = msg.get("type")
    if kind in ("hello", "new_match"):
        log.write(kind + "\n")
        log.flush()
    elif kind == "act":
        print(json.dumps({"id": msg["id"], "protocol": 2, "actions": []}), flush=True)
    elif kind == "answer":
        print(json.dumps({"id": msg["id"], "protocol": 2, "answers": []}), flush=True)
    elif kind == "end":
        break
