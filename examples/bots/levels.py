#!/usr/bin/env python3
"""How strong the built-in AI is, measured with the tournament's
`--compare` (both sides play the same seeds, every other power at its
default AI). For each playable power it prints: `hard` against `normal`,
`normal` against `easy`, and the default AI (at `normal` and at `hard`)
against each ladder bot of this folder, with the mean difference in score
and its p-value (Welch's t-test).

    python3 examples/bots/levels.py                          # 1600 matches a level pair, 400 a bot
    python3 examples/bots/levels.py --matches 200 --bot-matches 100 --powers ussr --bots spam

A positive difference means the first named side scores more. It needs a
release build (`cargo build --release`, or `--spheres PATH`).
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from ladder import BOTS  # noqa: E402

LINE = re.compile(r"score\s+A (?P<a>-?[\d.]+)\s+B (?P<b>-?[\d.]+)\s+difference (?P<d>[-+]?[\d.]+)"
                  r".*p = (?P<p>[\d.e-]+)")


def compare(args, power, a, b, matches):
    """Runs `--compare power=a,b` and returns (mean a, mean b, difference, p)."""
    cmd = [args.spheres, "tournament", "--matches", str(matches), "--seed-start", str(args.seed_start),
           "--jobs", str(args.jobs), "--ai", "all=default", "--compare", f"{power}={a},{b}"]
    if args.scenario:
        cmd += ["--scenario", args.scenario]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"levels: {shlex.join(cmd)} failed:\n{done.stderr}")
    for line in done.stdout.splitlines():
        m = LINE.search(line)
        if m:
            return float(m["a"]), float(m["b"]), float(m["d"]), float(m["p"])
    sys.exit(f"levels: no comparison in the output of {shlex.join(cmd)}:\n{done.stdout}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--matches", type=int, default=1600, help="matches for each level pair (half on each side)")
    ap.add_argument("--bot-matches", type=int, default=400, help="matches for each bot comparison")
    ap.add_argument("--seed-start", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--bots", default=",".join(BOTS), help="ladder bots (empty for none)")
    ap.add_argument("--powers", default="germany,ussr,britain")
    ap.add_argument("--scenario")
    ap.add_argument("--spheres", default=os.path.join(ROOT, "target", "release", "spheres"))
    args = ap.parse_args()
    if not os.path.exists(args.spheres):
        sys.exit(f"levels: no binary at {args.spheres}; run `cargo build --release` or pass --spheres")
    bots = [b for b in args.bots.split(",") if b]
    print(f"Levels and ladder: seeds from {args.seed_start}; others at their default AI")
    print(f"{'power':9} {'A':22} {'B':26} {'mean A':>7} {'mean B':>7} {'diff':>7} {'p':>8}  verdict")
    failures = 0
    for power in args.powers.split(","):
        pairs = [("default:hard", "default", args.matches), ("default", "default:easy", args.matches)]
        for bot in bots:
            control = "cmd:" + shlex.join([sys.executable, os.path.join(HERE, f"{bot}.py")])
            pairs.append(("default", control, args.bot_matches))
            pairs.append(("default:hard", control, args.bot_matches))
        for a, b, matches in pairs:
            ma, mb, d, p = compare(args, power, a, b, matches)
            name_b = b if not b.startswith("cmd:") else "bot " + os.path.basename(shlex.split(b[4:])[-1])[:-3]
            if b.startswith("cmd:"):
                # The AI may trail a bot by at most 2 points at normal; at hard it must lead.
                ok = d > -2.0 if a == "default" else d > 0.0
            else:
                ok = d > 0.0 and p < 0.01
            failures += not ok
            verdict = "ok" if ok else "MISSED"
            print(f"{power:9} {a:22} {name_b:26} {ma:7.2f} {mb:7.2f} {d:+7.2f} {p:8.4f}  {verdict}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
