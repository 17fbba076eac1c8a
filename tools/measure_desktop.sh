#!/usr/bin/env bash
# Measures the desktop game under Xvfb with Mesa's software Vulkan at
# 1280x720: cold start to the first interactive frame, frames drawn and CPU
# used while idle (reactive rendering), the slowest frame while the mouse
# moves over the map, and resident memory. Prints one figure per line.
# Usage: tools/measure_desktop.sh [path/to/spheres]   (default: target/release/spheres)
set -euo pipefail
bin="${1:-target/release/spheres}"
command -v xdotool >/dev/null || { apt-get update -qq && apt-get install -y -qq xdotool >/dev/null; }
export DISPLAY=:77
Xvfb "$DISPLAY" -screen 0 1280x720x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
stats="$(mktemp)"
SPHERES_TIMING="$stats" "$bin" play --as ussr --seed 3 2>/dev/null &
pid=$!
sleep 4
# Close the briefing a new match opens with (Enter), so the map is measured.
xdotool windowfocus "$(xdotool search --name Spheres | head -1)" key Return
sleep 2
field() { sed -n "s/.*$1=\([-0-9]*\).*/\1/p" "$stats"; }
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
echo "first interactive frame: $(field first_ms) ms after start"
# Idle: nothing happens for 5 seconds.
f0=$(field frames); t0=$(ticks); sleep 5; t1=$(ticks); f1=$(field frames)
echo "idle 5 s: $((f1 - f0)) frames drawn, CPU $(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) / hz / 5 * 100 }')% of one core"
echo "resident memory idle: $(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status") MB"
# Input: hover across the map (tooltips), click, drag.
for x in $(seq 100 40 900); do xdotool mousemove "$x" 360; sleep 0.05; done
xdotool mousemove 450 380 click 1; sleep 0.3
xdotool mousemove 400 400 mousedown 1 mousemove 500 420 mouseup 1; sleep 0.5
echo "slowest frame update (input to drawn UI) during input: $(field slowest_ms) ms"
echo "resident memory after input: $(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status") MB"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
# Full frame time (update + software rendering + present): draw continuously
# for 5 seconds and count the frames.
stats2="$(mktemp)"
SPHERES_CONTINUOUS=1 SPHERES_TIMING="$stats2" "$bin" play --as ussr --seed 3 2>/dev/null &
pid=$!
sleep 4
xdotool windowfocus "$(xdotool search --name Spheres | head -1)" key Return
sleep 2
a=$(sed -n 's/.*frames=\([0-9]*\).*/\1/p' "$stats2"); sleep 5; b=$(sed -n 's/.*frames=\([0-9]*\).*/\1/p' "$stats2")
echo "continuous drawing: $((b - a)) frames in 5 s, $(awk -v n="$((b - a))" 'BEGIN { printf "%.1f", 5000 / n }') ms a frame"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
