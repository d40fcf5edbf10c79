# shellcheck shell=bash
# Shared by the loop-device tests (loop.sh, oem.sh) and tests/bench/install.sh.
# Sourced, not run.

die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

passed=0
check() { # DESCRIPTION COMMAND...
  local d=$1
  shift
  if "$@"; then passed=$((passed + 1)); else die "$d"; fi
}

# require_root_and_loop WHY: fails (never skips) where these tests cannot run.
require_root_and_loop() {
  [[ $(id -u) == 0 ]] || die "needs root ($1)"
  losetup -f >/dev/null 2>&1 || die "no free loop device (losetup -f failed)"
}

# make_work NAME: sets $work to a new folder /var/tmp/lainos-NAME.XXXXXX, removed on
# exit together with every mount below it and every loop device backed by a file in
# it (disks are often made in a command substitution, whose own list would not reach
# this shell).
make_work() {
  work=$(mktemp -d "/var/tmp/lainos-$1.XXXXXX")
  trap cleanup_work EXIT
}
cleanup_work() {
  awk -v w="$work" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  losetup -n -l -O NAME,BACK-FILE | awk -v w="$work" 'index($2, w) == 1 {print $1}' |
    while read -r l; do losetup -d "$l" 2>/dev/null || true; done
  rm -rf "$work"
}
