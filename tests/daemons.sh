#!/usr/bin/env bash
# Everything issue 6 (Protocol 7 daemons) needs proved, in one run, as root:
#  1. fmt and clippy of the daemon crates;
#  2. unit tests and the root integration tests (real dbus-daemon with a system-bus
#     policy, busctl, loginctl, dbus-send, systemd-notify, lainos-init sessions,
#     privilege drop and seccomp checked in /proc/<pid>/status);
#  3. init script syntax;
#  4. the notify-parser fuzz target for P7_FUZZ_SECONDS (default 300);
#  5. the benchmark (daemons/bench.sh), printed.
# Exits non-zero on any failure. Usage: bash tests/daemons.sh
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "daemons.sh: $*" >&2; exit 1; }
[[ $EUID -eq 0 ]] || fail "must run as root (privilege drop, /run/user, test users); nothing was run"
for cmd in dbus-daemon dbus-send dbus-uuidgen busctl loginctl systemd-notify setpriv unshare python3 cargo-nextest; do
  command -v "$cmd" >/dev/null || fail "missing $cmd: run tests/setup.sh first"
done

# Users and group the daemons and tests need: tests/setup.sh creates them (the workspace
# test run of tests/run.sh needs them before this script runs).
getent group notify >/dev/null || fail "group notify missing: run tests/setup.sh first"
for u in lainos-login1 lainos-notifyd p7-alice p7-bob; do
  getent passwd "$u" >/dev/null || fail "user $u missing: run tests/setup.sh first"
done

pkgs=(-p p7-common -p lainos-dbus-bridge -p lainos-notifyd -p lainos-p7-tools)
if [[ ${LAINOS_WORKSPACE_TESTED:-} == 1 ]]; then
  # tests/run.sh has just run fmt, clippy and every test of the workspace, these
  # crates' included (the bridge tests with the tools' binaries built beside them).
  echo "== fmt, clippy, tests: passed in tests/run.sh's workspace stages" >&2
else
  echo "== fmt, clippy" >&2
  cargo fmt "${pkgs[@]}" -- --check
  cargo clippy -j2 "${pkgs[@]}" --all-targets -- -D warnings

  echo "== build (the bridge tests start lainos-init from the tools crate)" >&2
  cargo build -j2 "${pkgs[@]}" --bins

  echo "== tests" >&2
  cargo nextest run -j 2 --no-fail-fast "${pkgs[@]}"
fi

echo "== init scripts" >&2
for f in daemons/*/data/*.initd; do
  sh -n "$f" || fail "syntax error in $f"
  grep -q '^depend()' "$f" || fail "$f has no depend()"
  # Each service in exactly one runlevel, the one its header names, as the profile has it.
  name=$(basename "$f" .initd)
  want=$(sed -n 's/^# .*Runlevel: \([a-z]*\).*/\1/p' "$f")
  [[ -n $want ]] || fail "$f does not name its runlevel"
  profile=iso-profile/airootfs/etc/lainos-installer/profile.yaml
  got=$(grep -E "name: $name," "$profile" | sed -n 's/.*runlevel: \([a-z]*\).*/\1/p')
  [[ $(grep -cE "name: $name," "$profile") -eq 1 && $got == "$want" ]] \
    || fail "$name: profile runlevel '$got', init script says '$want'"
done

fuzz_seconds=${P7_FUZZ_SECONDS:-300}
echo "== fuzz notify parser for ${fuzz_seconds}s" >&2
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
corpus=$(mktemp -d /tmp/p7-fuzz-corpus.XXXXXX)
cp daemons/notifyd/fuzz/seeds/* "$corpus/"
(cd daemons/notifyd && RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS=2 cargo fuzz run notify_parse "$corpus" -- \
  -max_total_time="$fuzz_seconds" -max_len=8192 -print_final_stats=1 2>&1 | tee /tmp/p7-fuzz.log | tail -20)
grep -E '^stat::number_of_executed_units' /tmp/p7-fuzz.log || fail "fuzzer did not report its executions"
rm -rf "$corpus"

echo "== benchmark" >&2
bash daemons/bench.sh

echo "daemons.sh: all checks passed" >&2
