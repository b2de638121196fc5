#!/usr/bin/env bash
# The scripted window test: ingest tests/data/mini into a temporary database, run
# tests/data/explorer/mini_tour.script under Xvfb (search, select, expand, layout, fit,
# screenshot, export, quit), then check the exit code, the exported JSON and the screenshot
# against the frame dump (explorer_window_check). Keeps its files when it fails.
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/accord-scripted.XXXXXX")
cd "$work"
fail() { echo "FAIL: $*"; echo "(files kept in $work)"; exit 1; }

"$ACCORD_CLI" --db mini.db ingest "$ACCORD_TEST_DATA/mini" >ingest.log 2>&1 ||
  fail "ingest: $(cat ingest.log)"
cp "$ACCORD_TEST_DATA/explorer/mini_tour.script" tour.script

MESA_GL_VERSION_OVERRIDE=3.3 LIBGL_ALWAYS_SOFTWARE=1 \
  xvfb-run -a -s '-screen 0 1280x800x24' \
  "$ACCORD_EXPLORER" --db mini.db --script tour.script --screenshot-size 1280x800 \
  --dump-frame frame.json >explorer.out 2>explorer.err
code=$?
cat explorer.out explorer.err
[[ $code -eq 0 ]] || fail "accord-explorer exited with $code"
[[ -s shot.png ]] || fail "no screenshot"
[[ -s frame.json ]] || fail "no frame dump"
[[ -s export.json ]] || fail "no export"

"$ACCORD_CHECK" --png shot.png --frame frame.json --export export.json \
  --expect-node "OECD" --expect-node "G20 AI Principles" --min-nodes 4 \
  --expect-selected "OECD" || fail "the checks above"
cd / && rm -rf "$work"
echo "ok"
