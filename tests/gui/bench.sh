#!/usr/bin/env bash
# Time from start to first frame under Xvfb with software rendering (tiny-skia), and
# memory, of the GUI running as nobody against the service on a private bus.
# Aim: under one second, under 150 MB.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
start_bus
start_service 100
start_xvfb
runs=${RUNS:-5}
for i in $(seq "$runs"); do
  t0=$(date +%s%N)
  line=$(gui --lang en --benchmark 2>"$WORK/bench.log" | tail -1)
  t1=$(date +%s%N)
  [[ $line == '{"first_frame_ms"'* ]] || { cat "$WORK/bench.log" >&2; die "no benchmark line"; }
  echo "run $i: $line wall_ms=$(((t1 - t0) / 1000000))"
done | tee "$WORK/bench.txt"
python3 - "$WORK/bench.txt" <<'PY'
import json, re, statistics, sys
rows = [json.loads(re.search(r"\{.*\}", l).group(0)) for l in open(sys.argv[1])]
ff = statistics.median(r["first_frame_ms"] for r in rows)
peak = max(r["peak_rss_kib"] for r in rows) / 1024
print(f"benchmark: median time to first frame {ff:.0f} ms, peak RSS {peak:.1f} MiB over {len(rows)} runs")
if ff > 1000 or peak > 150:
    print("benchmark: above the aim (1 s, 150 MB)")
PY
