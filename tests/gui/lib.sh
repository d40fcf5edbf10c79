# Shared by screenshots.sh and bench.sh: a private system-like dbus-daemon with the
# service's real bus policy, the service with the FAKE backend (installs nothing), and
# Xvfb. The GUI runs as `nobody`, a member of the allowed group `nogroup`: never root.
# Sourced; sets ROOT, TARGET, WORK, BUS, DISPLAY_NUM. Fails (never skips) when
# something is missing.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
GUI_BIN=$TARGET/debug/lainos-installer
SVC_BIN=$TARGET/debug/lainos-fake-installer-service
GUI_UID=65534
GUI_GID=65534
GUI_GROUP=nogroup

die() { echo "gui tests: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "\`$1\` is not installed: run \`bash tests/setup.sh\`"; }

need Xvfb; need dbus-daemon; need setpriv; need import; need identify
[[ $(id -u) == 0 ]] || die "must run as root (the GUI is started as nobody, the service as root)"

WORK=$(mktemp -d /tmp/lainos-gui.XXXXXX)
chmod 755 "$WORK"
mkdir -m 1777 "$WORK/home"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  # KEEP_WORK=1 keeps the scratch folder (logs, answer files) to look at a failure.
  [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT

start_bus() {
  sed 's/group="wheel"/group="'"$GUI_GROUP"'"/' \
    "$ROOT/installer/service/data/org.lainos.Installer1.conf" >"$WORK/policy.conf"
  cat >"$WORK/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$WORK/bus</listen>
  <auth>EXTERNAL</auth>
  <include>$ROOT/tests/support/system-bus-policy.conf</include>
  <include>$WORK/policy.conf</include>
</busconfig>
CONF
  dbus-daemon --config-file="$WORK/bus.conf" --nofork --nopidfile --print-address=3 3>"$WORK/address" &
  PIDS+=($!)
  for _ in $(seq 50); do [[ -s $WORK/address ]] && break; sleep 0.1; done
  BUS=$(head -1 "$WORK/address")
  [[ $BUS == unix:* ]] || die "dbus-daemon printed no address"
}

start_service() { # $1: milliseconds per fake step
  [[ -x $SVC_BIN ]] || die "$SVC_BIN is missing: cargo build -p lainos-service --features fake-backend --bins"
  "$SVC_BIN" --bus-address "$BUS" --allowed-group "$GUI_GROUP" --step-ms "$1" 2>"$WORK/service.log" &
  PIDS+=($!)
  for _ in $(seq 50); do grep -q "serving" "$WORK/service.log" && return 0; sleep 0.1; done
  cat "$WORK/service.log" >&2
  die "the fake service did not start"
}

start_xvfb() {
  DISPLAY_NUM=:$((90 + RANDOM % 9))
  # -noreset: a client connecting while the server resets (after the last one left)
  # fails with "cannot open display"; the tests start and end many clients.
  Xvfb "$DISPLAY_NUM" -screen 0 1024x720x24 -ac -nolisten tcp -noreset >"$WORK/xvfb.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${DISPLAY_NUM#:} ]] && return 0; sleep 0.1; done
  die "Xvfb did not start on $DISPLAY_NUM"
}

# Runs the GUI as nobody; extra arguments are passed through.
gui() {
  [[ -x $GUI_BIN ]] || die "$GUI_BIN is missing: cargo build -p lainos-installer"
  setpriv --reuid=$GUI_UID --regid=$GUI_GID --init-groups \
    env -i PATH=/usr/bin:/bin HOME="$WORK/home" DISPLAY="$DISPLAY_NUM" LAINOS_LOG=info \
    "$GUI_BIN" --bus-address "$BUS" --branding "$ROOT/branding/lainos" \
    --save-path "$WORK/home/answers.yaml" "$@"
}
