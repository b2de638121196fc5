#!/usr/bin/env bash
# Without a display the explorer says so in exactly one line on stderr and exits 2.
set -u
err=$(mktemp); out=$(mktemp)
trap 'rm -f "$err" "$out"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY "$ACCORD_EXPLORER" --db "$(dirname "$err")/accord-nodisplay-$$.db" \
  >"$out" 2>"$err"
code=$?
expected="accord-explorer: cannot open a window: no display (set DISPLAY or run under xvfb-run)"
if [[ $code -ne 2 ]]; then
  echo "FAIL: exit code $code, expected 2"; cat "$err"; exit 1
fi
if [[ "$(cat "$err")" != "$expected" ]] || [[ $(wc -l <"$err") -ne 1 ]]; then
  echo "FAIL: stderr was:"; cat "$err"; exit 1
fi
if [[ -s "$out" ]]; then
  echo "FAIL: stdout not empty:"; cat "$out"; exit 1
fi
rm -f "$(dirname "$err")/accord-nodisplay-$$.db"*
echo "ok: exit 2 and one line"
