#!/usr/bin/env bash
# The real-input window test: under Xvfb, start the explorer on a database ingested from
# tests/data/mini with --log-actions and --dump-frame, wait for its window (xdotool search
# --sync --name Accord), wait until the layout has settled (two frame dumps agree), click the
# screen position of a node from the dump, press "/" and type "OECD" into the search box, then
# check the explorer's action log: the clicked node got selected and the search ran.
# Keeps its files when it fails.
set -u
if [[ "${1:-}" != "--inner" ]]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/accord-xdotool.XXXXXX")
  cd "$work"
  "$ACCORD_CLI" --db mini.db ingest "$ACCORD_TEST_DATA/mini" >ingest.log 2>&1 ||
    { echo "FAIL: ingest: $(cat ingest.log)"; exit 1; }
  MESA_GL_VERSION_OVERRIDE=3.3 LIBGL_ALWAYS_SOFTWARE=1 \
    xvfb-run -a -s '-screen 0 1280x800x24' bash "${BASH_SOURCE[0]}" --inner
  code=$?
  if [[ $code -eq 0 ]]; then
    cd / && rm -rf "$work"
  else
    echo "(files kept in $work)"
  fi
  exit $code
fi

# ---- inside Xvfb, in the work folder ----------------------------------------------------------
pid=""
fail() {
  echo "FAIL: $*"
  echo "--- explorer stdout"; cat actions.log 2>/dev/null
  echo "--- explorer stderr"; cat explorer.err 2>/dev/null
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
  exit 1
}
export XDG_CONFIG_HOME="$PWD/config"   # no imgui.ini from the user's panels
"$ACCORD_EXPLORER" --db mini.db --screenshot-size 1280x800 --log-actions \
  --dump-frame frame.json >actions.log 2>explorer.err &
pid=$!

wid=$(timeout 60 xdotool search --sync --name '^Accord$' | head -1)
[[ -n "$wid" ]] || fail "no window named Accord within 60 s"
xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"

# Wait for a settled frame: two dumps a second apart with the same node positions.
pick=""
for attempt in $(seq 1 60); do
  sleep 1
  kill -0 "$pid" 2>/dev/null || fail "the explorer exited early"
  [[ -s frame.json ]] || continue
  cp frame.json frame.b.json
  if [[ -s frame.a.json ]]; then
    pick=$(python3 - frame.a.json frame.b.json <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
pa = {n["index"]: (n["x"], n["y"]) for n in a["nodes"]}
nodes = b["nodes"]
if len(nodes) < 3 or any(abs(pa.get(n["index"], (1e9, 0))[0] - n["x"]) > 0.5 or
                         abs(pa.get(n["index"], (0, 1e9))[1] - n["y"]) > 0.5 for n in nodes):
    sys.exit(0)  # not settled yet
W, H = b["viewport"]
def free(n):
    x, y, r = n["x"], n["y"], n["r"]
    if r < 4 or x < 20 or y < 20 or x > W - 20 or y > H - 20: return False
    for px, py, pw, ph in b["panels"]:
        if px - 8 <= x <= px + pw + 8 and py - 8 <= y <= py + ph + 8: return False
    for m in nodes:
        if m is n: continue
        if ((m["x"] - x) ** 2 + (m["y"] - y) ** 2) ** 0.5 < r + m["r"] + 6: return False
    return True
cands = [n for n in nodes if free(n)]
if not cands: sys.exit(0)
n = max(cands, key=lambda n: n["r"])
print("%d %d %s" % (round(n["x"]), round(n["y"]), n["label"]))
PY
)
    [[ -n "$pick" ]] && break
  fi
  mv frame.b.json frame.a.json
done
[[ -n "$pick" ]] || fail "the layout did not settle, or no node is free to click"
read -r px py label <<<"$pick"
echo "clicking '$label' at ($px, $py)"

xdotool mousemove --window "$wid" "$px" "$py"
sleep 0.5
xdotool click 1
sleep 1
grep -qxF "select $label" actions.log || fail "clicking '$label' did not select it"

# "/" moves the keyboard to the search box, then the text is typed into it.
xdotool key --window "$wid" slash
sleep 0.5
xdotool type --delay 120 "OECD"
sleep 1.5
grep -qE '^search OECD \([1-9][0-9]* hits\)$' actions.log || fail "typing into the search box did not search 'OECD'"

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
echo "--- action log"; cat actions.log
echo "ok: '$label' selected by a click, search 'OECD' typed"
