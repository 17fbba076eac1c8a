#!/usr/bin/env python3
"""The ladder: plays each scripted strategy bot in this folder against the
built-in AI of the same power, on the same seeds, every other power at its
default AI, and prints the difference in mean score (and in win rate).

    python3 examples/bots/ladder.py                      # 500 seeds, every bot, every playable power
    python3 examples/bots/ladder.py --matches 100 --bots spam,recognitions --powers ussr
    python3 examples/bots/ladder.py --level hard           # the built-in AI at `hard`

A bot that beats the built-in AI of its power by more than 2 points a
match has found a free lunch in the rules (or the AI plays badly). It needs
a release build (`cargo build --release`, or `--spheres PATH`).
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BOTS = ["passive", "recognitions", "minor_ultimatums", "early_invasion", "last_week_invasion",
        "pact_then_end_talks", "spam", "double_game"]


def tournament(args, power, control, out):
    cmd = [args.spheres, "tournament", "--matches", str(args.matches), "--seed-start", str(args.seed_start),
           "--jobs", str(args.jobs), "--ai", "all=default", "--ai", f"{power}={control}", "--out", out]
    if args.scenario:
        cmd += ["--scenario", args.scenario]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"ladder: {' '.join(cmd)} failed:\n{done.stderr}")
    with open(out, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    scores = [float(r[f"{power}_score"]) for r in rows]
    wins = sum(power in r["winner"].split("+") for r in rows)
    return scores, wins / len(rows)


def mean_ci(xs):
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else 0.0
    return m, var / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--matches", type=int, default=500)
    ap.add_argument("--seed-start", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--bots", default=",".join(BOTS))
    ap.add_argument("--powers", default="ussr,germany,britain")
    ap.add_argument("--scenario")
    ap.add_argument("--level", default="normal", choices=["easy", "normal", "hard"],
                    help="the level the built-in AI plays at")
    ap.add_argument("--spheres", default=os.path.join(ROOT, "target", "release", "spheres"))
    args = ap.parse_args()
    if not os.path.exists(args.spheres):
        sys.exit(f"ladder: no binary at {args.spheres}; run `cargo build --release` or pass --spheres")
    tmp = os.path.join(ROOT, "target", "ladder")
    os.makedirs(tmp, exist_ok=True)
    print(f"Ladder: {args.matches} seeds from {args.seed_start}; the built-in AI at {args.level}; "
          "others at their default AI")
    print(f"{'power':<9} {'bot':<20} {'bot mean':>9} {'AI mean':>8} {'diff':>7} {'±95%':>6} {'bot win%':>9} {'AI win%':>8}  verdict")
    worst = -math.inf
    for power in args.powers.split(","):
        base, base_win = tournament(args, power, f"default:{args.level}",
                                    os.path.join(tmp, f"{power}-default-{args.level}.csv"))
        for bot in args.bots.split(","):
            path = os.path.join(HERE, f"{bot}.py")
            control = f"cmd:{sys.executable} {path}"
            scores, win = tournament(args, power, control, os.path.join(tmp, f"{power}-{bot}.csv"))
            diffs = [s - b for s, b in zip(scores, base)]
            d, var = mean_ci(diffs)
            ci = 1.96 * math.sqrt(var)
            worst = max(worst, d)
            verdict = "FREE LUNCH" if d > 2.0 else "ok"
            print(f"{power:<9} {bot:<20} {sum(scores)/len(scores):>9.2f} {sum(base)/len(base):>8.2f} "
                  f"{d:>+7.2f} {ci:>6.2f} {100*win:>8.1f}% {100*base_win:>7.1f}%  {verdict}", flush=True)
    print(f"Largest gain of a bot over the built-in AI: {worst:+.2f} points a match (target: at most +2)")


if __name__ == "__main__":
    main()
