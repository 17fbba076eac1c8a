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
stats="$(mktemp)"
data="$(mktemp -d)"
pid=""
# A screen larger than the 1280x720 window, so the pointer can leave it, on
# a display number no other server holds (a server left over from another
# run would take the clicks).
Xvfb -displayfd 3 -screen 0 1400x800x24 3>"$data/display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $pid $xvfb 2>/dev/null || true; rm -rf "$data" "$stats"' EXIT
for _ in $(seq 50); do [ -s "$data/display" ] && break; sleep 0.1; done
[ -s "$data/display" ] || { echo "FAILED: Xvfb did not start"; exit 1; }
export DISPLAY=":$(head -1 "$data/display")"
sleep 0.5
# A fresh data folder: no settings or saves of the machine's user.
XDG_DATA_HOME="$data" HOME="$data" SPHERES_TIMING="$stats" "$bin" >/dev/null 2>&1 &
pid=$!
passed=0
failed=0
# Waits up to $2 seconds (default 120: a debug build under software
# rendering starts slowly) for the field $1 in the timing line.
wait_for() {
    local tries=$(( ${2:-120} * 5 ))
    for _ in $(seq "$tries"); do
        grep -q "\b$1\b" "$stats" 2>/dev/null && return 0
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
# verdict WHAT EXPECT STATUS: reports and counts one check.
verdict() {
    if [ "$3" = 0 ]; then
        echo "ok: $1"
        passed=$((passed + 1))
    else
        echo "FAILED: $1 (expected $2; the game says: $(cat "$stats"))"
        failed=$((failed + 1))
    fi
}
# step WHAT X Y REST EXPECT: a click, then EXPECT (a field of the timing
# line, e.g. `screen=NewGame` or `clauses=2`) within 10 seconds.
step() {
    local status=0
    click "$2" "$3" "$4"
    wait_for "$5" 10 || status=$?
    verdict "$1" "$5" "$status"
}
# point WHAT X Y EXPECT: the pointer moves there (no click), then EXPECT
# within 10 seconds.
point() {
    local status=0
    xdotool mousemove "$2" "$3"
    wait_for "$4" 10 || status=$?
    verdict "$1" "$4" "$status"
}
# key WHAT KEY EXPECT [THEN]: a key press (the window needs the keyboard
# focus: there is no window manager to give it), then EXPECT within 10
# seconds, and THEN still a second later.
key() {
    local status=0
    xdotool windowfocus "$(xdotool search --name Spheres | head -1)"
    xdotool key "$2"
    wait_for "$3" 10 || status=$?
    if [ "$status" = 0 ] && [ -n "${4:-}" ]; then
        sleep 1
        wait_for "$4" 1 || status=$?
    fi
    verdict "$1" "$3 ${4:-}" "$status"
}
wait_for screen=MainMenu || { echo "FAILED: the main menu never showed"; exit 1; }
sleep 2 # idle: nothing is drawn
step "New game, after the pointer rested 3 s on it" 646 300 3 screen=NewGame
step "Back, after the pointer rested 2.5 s on it" 391 548 2.5 screen=MainMenu
step "Settings, clicked at once" 646 376 0.05 screen=Settings
key "Esc leaves Settings" Escape screen=MainMenu
# A match as the USSR (the default seat): the composer's controls stay put
# as clauses are added, so the same spot adds a second one.
step "New game again" 646 300 0.3 screen=NewGame
step "Start, after a 2 s rest" 886 548 2 screen=Playing
# A new match opens with the briefing; Enter closes it.
wait_for briefing=true 10 || true
key "Enter closes the briefing" Return briefing=false
step "the Diplomacy tab" 234 19 1 tab=Diplomacy
click 480 88 1      # To: the power list
step "Germany as the receiver" 497 120 1 to=germany
click 478 127 1     # Add clause...
step "a first clause (non-aggression)" 487 156 1 clauses=1
click 478 127 2.5   # Add clause... at the same spot, after a rest
step "a second clause from the same spot (consultation)" 478 244 1 clauses=2
step "Send, after a 1.5 s rest, where it was before the clauses came" 453 218 1.5 orders=1
# The turn summary takes Enter for itself: it closes, and the next turn is
# not ended behind it.
# The pointer leaving the window ends the hover (and its tooltip).
point "the pointer on the map" 300 400 pointer=true
point "the pointer out of the window: no hover, no tooltip" 1360 780 pointer=false
step "End turn" 1200 701 1 summary=true
key "Enter closes the turn summary and ends nothing" Return summary=false turn=2
# At rest the game draws nothing (reactive): a loop that woke it forever
# (the file watcher once woke it on its own reads) fails here.
sleep 2
frames() { sed -n 's/.*frames=\([0-9]*\).*/\1/p' "$stats"; }
before=$(frames); sleep 4; after=$(frames)
rest=0
[ $((after - before)) -le 3 ] || rest=1
verdict "at rest for 4 s: $((after - before)) frames drawn" "at most 3" "$rest"
echo "real input: $passed passed, $failed failed"
[ "$failed" = 0 ]
