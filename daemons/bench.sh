#!/usr/bin/env bash
# Benchmark of the Protocol 7 daemons (release builds), printed, never asserted:
#  - resident memory of lainos-dbus-bridge (and its root helper) and lainos-notifyd,
#    idle and after load, next to dbus-daemon's own;
#  - method calls per second against the bridge on a private dbus-daemon, next to a
#    baseline call answered by dbus-daemon itself (examples/login1-bench.rs).
# Run as root from the repository root: bash daemons/bench.sh [calls] [in-flight]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-5000}
inflight=${2:-16}
[[ $EUID -eq 0 ]] || { echo "bench.sh: must run as root (the daemons drop privileges)" >&2; exit 1; }

cargo build --release -j2 -p lainos-dbus-bridge -p lainos-notifyd --bins --example login1-bench >&2
rel=${CARGO_TARGET_DIR:-target}/release

work=$(mktemp -d /tmp/p7-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/system.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/bus</listen>
  <auth>EXTERNAL</auth>
  <include>$PWD/tests/support/system-bus-policy.conf</include>
  <include>$PWD/daemons/dbus-bridge/data/org.freedesktop.login1.conf</include>
</busconfig>
CONF
dbus-daemon --config-file="$work/system.conf" --nofork --print-address=3 3>"$work/address" &
pids+=($!)
for _ in $(seq 100); do [[ -s $work/address ]] && break; sleep 0.05; done
address=$(head -1 "$work/address")
printf '#!/bin/sh\nexit 0\n' > "$work/openrc-shutdown"; chmod 755 "$work/openrc-shutdown"
echo "freeze mem" > "$work/sleep-state"

DBUS_SYSTEM_BUS_ADDRESS=$address "$rel/lainos-dbus-bridge" --shutdown-command "$work/openrc-shutdown" \
  --sleep-state "$work/sleep-state" 2>"$work/bridge.log" &
bridge=$!; pids+=($bridge)
"$rel/lainos-notifyd" --socket "$work/notify" --syslog-socket "$work/nolog" 2>"$work/notifyd.log" &
notifyd=$!; pids+=($notifyd)
for _ in $(seq 200); do
  DBUS_SYSTEM_BUS_ADDRESS=$address busctl --system status org.freedesktop.login1 >/dev/null 2>&1 && break; sleep 0.05
done
sleep 1
helper=$(pgrep -P "$bridge" | head -1)
bus=${pids[0]}

rss() { awk '/^VmRSS/ {printf "%6.1f MiB", $2/1024}' "/proc/$1/status"; }
report() {
  echo "== resident memory, $1 (target: under 8 MiB each)"
  echo "lainos-dbus-bridge        $(rss "$bridge")"
  echo "  its root helper         $(rss "$helper")"
  echo "lainos-notifyd            $(rss "$notifyd")"
  echo "dbus-daemon (reference)   $(rss "$bus")"
}
report idle

echo "== calls per second against the bridge ($calls calls)"
"$rel/examples/login1-bench" "$address" "$calls" "$inflight"

python3 - "$work/notify" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
n = 20000
t = time.monotonic()
for i in range(n):
    s.sendto(b"STATUS=bench %d" % i, sys.argv[1])
dt = time.monotonic() - t
print(f"== notifyd: {n} datagrams sent in {dt:.2f} s ({n/dt:.0f}/s offered; the per-uid rate limit drops most)")
PY
sleep 0.5
report "after load"
