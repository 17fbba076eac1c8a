#!/usr/bin/env python3
"""A hostile bot for tests. Its first argument picks the misbehaviour:
garbage, sleep, slow, flood, exit, huge, illegal, unknown, fork, segv,
escape."""
import json
import os
import signal
import subprocess
import sys
import time

mode = sys.argv[1]
turns = 0
for line in sys.stdin:
    msg = json.loads(line)
    kind = msg.get("type")
    if kind == "hello":
        if mode == "fork":
            # A child that keeps the bot's output open and would live on.
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)",
                              "spheres-hostile-child"])
        continue
    if kind == "end":
        continue
    turns += 1
    if mode == "garbage":
        print("{{{ this is not json", flush=True)
    elif mode == "sleep":
        time.sleep(5)
        print(json.dumps({"actions": []}), flush=True)
    elif mode == "slow":
        # Always too late; were a late answer applied to a later decision,
        # the match would differ from run to run.
        time.sleep(0.5)
        print(json.dumps({"actions": [{"kind": "end_talks", "with": "germany"}],
                          "answers": []}), flush=True)
    elif mode == "flood":
        for _ in range(5000):
            sys.stdout.write('{"actions": []}\n')
        sys.stdout.flush()
    elif mode == "exit":
        if turns > 3:
            sys.exit(3)
        print(json.dumps({"actions": [], "answers": []}), flush=True)
    elif mode == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif mode == "huge":
        sys.stdout.write('{"actions": [' + '{"kind": "end_talks", "with": "germany"},' * 200000 + "]}\n")
        sys.stdout.flush()
    elif mode == "illegal":
        print(json.dumps({"actions": [{"kind": "invade", "state": "ussr_land"}, {"kind": "sever_relations", "with": msg["you"]},
                                      {"kind": "propose", "to": "germany", "clauses": [], "deadline_days": 99}],
                          "answers": [{"proposal": 99999, "answer": "accept"}]}), flush=True)
    elif mode == "unknown":
        print(json.dumps({"actions": [{"kind": "teleport"}], "answers": [{"proposal": 0, "answer": "perhaps"}]}), flush=True)
    elif mode == "escape":
        print(json.dumps({"id": msg.get("id"), "actions": [{"kind": "\u001b[2J\u001b[Hteleport\nforged line"}]}),
              flush=True)
    elif mode == "fork":
        print(json.dumps({"id": msg.get("id"), "actions": []}), flush=True)
