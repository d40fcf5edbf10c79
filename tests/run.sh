#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run`) and as the README tells newcomers.
# Run as root after `bash tests/setup.sh`. Every stage must pass; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each stage says when it starts ([minutes:seconds] since the suite began), so a CI log
# shows where the time went.
stage() { printf '\n==> [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }
export CARGO_TERM_COLOR=never

stage "format"
cargo fmt --all --check

stage "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

stage "unit and integration tests (root tests use loop devices)"
cargo nextest run --workspace --locked --no-fail-fast --test-threads 2
# The daemon and GUI scripts below need not lint and test their crates again (they do
# when run alone; with their own package sets cargo rebuilds, minutes on 2 cores).
export LAINOS_WORKSPACE_TESTED=1

stage "Protocol 7 daemons: root tests on a real dbus-daemon, fuzzing, benchmark"
P7_FUZZ_SECONDS=${P7_FUZZ_SECONDS:-30} bash tests/daemons.sh

stage "graphical installer: D-Bus service on a real bus, GUI under Xvfb, screenshots"
JOBS=2 bash tests/gui.sh
bash tests/gui/engine-service.sh

stage "archiso profile, statically (Arch packages cannot be downloaded here)"
bash tests/check-iso-profile.sh

stage "installs on loop devices: layouts, then injected and real faults"
bash tests/install/loop.sh all

stage "OEM preloading on a loop disk: factory install, first-boot setup, prepare-shipping"
bash tests/install/oem.sh

stage "growing the root at first boot: ext4, xfs and btrfs on loop devices made larger"
bash tests/install/grow.sh

# The two boot scenarios of issue 4 (about 5 to 8 minutes each under TCG on 2 cores):
# BIOS + ext4, and UEFI + btrfs with subvolumes and a swap file. Each installs through
# the product's unattended path (lainos.answers= on the live kernel command line).
stage "boot tests in QEMU: unattended install in a live guest, then boot the installed disk"
cargo build --release --locked -p lainos-install
# shellcheck disable=SC2086 # VM_SCENARIOS is a list of scenario names
bash tests/vm/run ${VM_SCENARIOS:-ci}

stage "all stages passed ($((SECONDS / 60)) min)"
