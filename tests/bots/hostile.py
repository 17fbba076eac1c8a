#!/usr/bin/env python3
"""A hostile bot for tests. Its first argument picks the misbehaviour:
garbage, sleep, flood, exit, huge, illegal, unknown."""
import json
import sys
import time

mode = sys.argv[1]
turns = 0
for line in sys.stdin:
    msg = json.loads(line)
    kind = msg.get("type")
    if kind == "hello" or kind == "end":
        continue
    turns += 1
    if mode == "garbage":
        print("{{{ this is not json", flush=True)
    elif mode == "sleep":
        time.sleep(5)
        print(json.dumps({"actions": []}), flush=True)
    elif mode == "flood":
        for _ in range(5000):
            sys.stdout.write('{"actions": []}\n')
        sys.stdout.flush()
    elif mode == "exit":
        if turns > 3:
            sys.exit(3)
        print(json.dumps({"actions": [], "answers": []}), flush=True)
    elif mode == "huge":
        sys.stdout.write('{"actions": [' + '{"kind": "end_talks", "with": "germany"},' * 200000 + "]}\n")
        sys.stdout.flush()
    elif mode == "illegal":
        print(json.dumps({"actions": [{"kind": "invade", "state": "ussr_land"}, {"kind": "sever_relations", "with": msg["you"]},
                                      {"kind": "propose", "to": "germany", "clauses": [], "deadline_days": 99}],
                          "answers": [{"proposal": 99999, "answer": "accept"}]}), flush=True)
    elif mode == "unknown":
        print(json.dumps({"actions": [{"kind": "teleport"}], "answers": [{"proposal": 0, "answer": "perhaps"}]}), flush=True)
