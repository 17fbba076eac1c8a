#!/usr/bin/env bash
# Real pointer input under Xvfb (xdotool), as a player gives it: clicks
# after the pointer has rested on a button (the game is idle, drawing
# nothing, while it rests), and quick ones. Each step waits for the screen
# the click should open, read from the game's SPHERES_TIMING file.
# Usage: tools/real_input.sh [path/to/spheres]   (default: target/release/spheres)
set -euo pipefail
bin="${1:-target/release/spheres}"
command -v xdotool >/dev/null || { apt-get update -qq && apt-get install -y -qq xdotool >/dev/null; }
command -v Xvfb >/dev/null || { apt-get update -qq && apt-get install -y -qq xvfb >/dev/null; }
export DISPLAY=:78
Xvfb "$DISPLAY" -screen 0 1280x720x24 >/dev/null 2>&1 &
xvfb=$!
stats="$(mktemp)"
data="$(mktemp -d)"
pid=""
trap 'kill $pid $xvfb 2>/dev/null || true; rm -rf "$data" "$stats"' EXIT
sleep 1
# A fresh data folder: no settings or saves of the machine's user.
XDG_DATA_HOME="$data" HOME="$data" SPHERES_TIMING="$stats" "$bin" >/dev/null 2>&1 &
pid=$!
passed=0
failed=0
# Waits up to $2 seconds (default 120: a debug build under software
# rendering starts slowly) for the screen $1.
wait_screen() {
    local tries=$(( ${2:-120} * 5 ))
    for _ in $(seq "$tries"); do
        grep -q "screen=$1\b" "$stats" 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}
# click X Y REST: rests the pointer on (X, Y) for REST seconds, then
# presses for a tenth of a second.
click() {
    xdotool mousemove "$1" "$2"
    sleep "$3"
    xdotool mousedown 1
    sleep 0.1
    xdotool mouseup 1
}
step() {
    local what=$1 x=$2 y=$3 rest=$4 expect=$5
    click "$x" "$y" "$rest"
    if wait_screen "$expect" 10; then
        echo "ok: $what"
        passed=$((passed + 1))
    else
        echo "FAILED: $what (screen: $(sed -n 's/.*screen=\([A-Za-z]*\).*/\1/p' "$stats"))"
        failed=$((failed + 1))
    fi
}
wait_screen MainMenu || { echo "FAILED: the main menu never showed"; exit 1; }
sleep 2 # idle: nothing is drawn
step "New game, after the pointer rested 3 s on it" 646 300 3 NewGame
step "Back, after the pointer rested 2.5 s on it" 391 548 2.5 MainMenu
step "Settings, clicked at once" 646 376 0.05 Settings
echo "real input: $passed passed, $failed failed"
[ "$failed" = 0 ]
