#!/usr/bin/env bash
# Every test of the D-Bus service and the GUI: unit and integration tests (a real
# dbus-daemon), Xvfb screenshots with a GUI-driven install through the fake service, one
# real install onto a loop disk driven through the GUI and the real service, the
# first-boot setup mode (with `lainos-firstboot run --gui`), and the benchmark. Exits non-zero on any failure. Run as root after `bash tests/setup.sh`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
JOBS=${JOBS:-2}
cargo build -j"$JOBS" -p lainos-service --features fake-backend --bins
cargo build -j"$JOBS" -p lainos-installer -p lainos-firstboot
# tests/run.sh has run every test of the workspace just before (LAINOS_WORKSPACE_TESTED).
[[ ${LAINOS_WORKSPACE_TESTED:-} == 1 ]] \
  || cargo test -j"$JOBS" -p lainos-dbus-api -p lainos-service -p lainos-installer
bash tests/gui/screenshots.sh
bash tests/gui/real-install.sh
bash tests/gui/setup-mode.sh
bash tests/gui/bench.sh
echo "gui.sh: all passed"
