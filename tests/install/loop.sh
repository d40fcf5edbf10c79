#!/usr/bin/env bash
# Installs the reference image onto loop devices with the real `lainos-install` and
# inspects the installed tree; then injects faults, one per run, and checks that each
# leaves no mount behind, says what failed, and that the next run on the same disk
# succeeds. Needs root and loop devices; fails (never skips) without them.
#
#   bash tests/install/loop.sh [layouts|faults|auto|storage|all]     (default: all)
#
# `storage` installs keeping /home (manual layout) and alongside another system.
#
# `auto` is the unattended path of a live boot (`lainos-install auto`): the answer
# file named by lainos.answers=LABEL=…:/answers.yaml on a (test) kernel command line,
# read from a labelled loop device, or found on a (test) live medium.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
what=${1:-all}

source tests/install/lib.sh
source tests/install/fixtures.sh
require_root_and_loop "loop devices, mounts"

sfs=$(bash tests/reference-image.sh | tail -n 1)
[[ -f $sfs && -f $sfs.sha512 ]] || die "reference image missing: $sfs"
cargo build --quiet --locked -p lainos-install
bin=${CARGO_TARGET_DIR:-$repo/target}/debug/lainos-install
profile=$repo/tests/profiles/debian-openrc.yaml

make_work loop

export LAINOS_TARGET_DIR=$work/target
export LAINOS_INSTALL_LOG=$work/install.log
password='Pa55-word-of-the-Wired-7731'
declare -a table

new_disk() { # SIZE -> loop device
  local img
  img=$(mktemp "$work/disk.XXXX.img")
  truncate -s "$1" "$img"
  local l
  l=$(losetup -fP --show "$img")
  echo "$l"
}

answers() { # DISK FS SWAPKIND EXTRA... -> file
  local disk=$1 fs=$2 swap=$3 sep=${4:-false} hooks=${5:-}
  local f=$work/answers-$RANDOM.yaml
  local swapyaml="{ kind: none }"
  [[ $swap == file ]] && swapyaml="{ kind: file, size: 256MiB }"
  [[ $swap == partition ]] && swapyaml="{ kind: partition, size: 256MiB }"
  cat >"$f" <<EOF
version: 1
source:
  squashfs: $sfs
storage:
  disk: $disk
  layout: erase
  firmware: bios
  filesystem: $fs
  separate_boot: $sep
  swap: $swapyaml
locale:
  language: de_CH.UTF-8
  extra: [en_US.UTF-8]
  timezone: Europe/Zurich
  keyboard: { layout: ch, variant: fr }
system:
  hostname: wired-01
users:
  - name: lain
    full_name: Lain Iwakura
    password: "$password"
    admin: true
    groups: [plugdev]
root:
  locked: true
$hooks
finish: none
EOF
  chmod 600 "$f"
  echo "$f"
}

# Samples every process's argument list while the install runs: the password must
# never appear in one.
watch_argv() {
  local out=$1
  : >"$out"
  while :; do
    for c in /proc/[0-9]*/cmdline; do
      { tr '\0' ' ' <"$c" | grep -F -- "$password" >>"$out"; } 2>/dev/null || true
    done
    sleep 0.05
  done
}

run_install() { # ANSWERS LOGPREFIX -> exit status
  local a=$1 p=$2 rc=0
  : >"$LAINOS_INSTALL_LOG"
  watch_argv "$p.argv" &
  local w=$!
  "$bin" install --yes --json-events --profile "$profile" "$a" >"$p.events" 2>"$p.stderr" || rc=$?
  kill "$w" 2>/dev/null || true
  wait "$w" 2>/dev/null || true
  cp "$LAINOS_INSTALL_LOG" "$p.log"
  return "$rc"
}

no_leaks() { # LOGPREFIX
  local f
  for f in "$1.events" "$1.stderr" "$1.log" "$1.argv"; do
    if grep -qF -- "$password" "$f"; then die "the password appears in $(basename "$f")"; fi
  done
  passed=$((passed + 1))
}

no_mounts_left() {
  if awk -v w="$work" 'index($2, w) == 1' /proc/mounts | grep -q .; then
    awk -v w="$work" 'index($2, w) == 1' /proc/mounts >&2
    die "$1: mounts were left behind"
  fi
}


part_named() { # DISK ROLE -> the partition the profile named debian-openrc-ROLE
  local p
  for p in "$1"p*; do
    if [[ $(blkid -p -s PART_ENTRY_NAME -o value "$p" 2>/dev/null) == "debian-openrc-$2" ]]; then
      echo "$p"
      return
    fi
  done
}

inspect() { # DISK FS SWAP SEP
  local disk=$1 fs=$2 swap=$3 sep=$4 m=$work/inspect
  mkdir -p "$m"
  local rootpart
  rootpart=$(part_named "$disk" root)
  [[ -n $rootpart ]] || die "no root partition on $disk"
  if [[ $fs == btrfs ]]; then mount -o subvol=@ "$rootpart" "$m"; else mount "$rootpart" "$m"; fi
  local bootpart=""
  if [[ $sep == true ]]; then
    bootpart=$(part_named "$disk" boot)
    mount "$bootpart" "$m/boot"
  fi
  local rootuuid
  rootuuid=$(blkid -s UUID -o value "$rootpart")
  check "fstab names the root by its real UUID" grep -Eq "^UUID=${rootuuid}[[:space:]]+/[[:space:]]+$fs" "$m/etc/fstab"
  while read -r spec mp _; do
    [[ $spec == UUID=* ]] || continue
    check "fstab UUID ${spec#UUID=} ($mp) exists on the disk" blkid -U "${spec#UUID=}" >/dev/null
  done < <(grep -v '^#' "$m/etc/fstab")
  [[ $swap == file ]] && check "swap file in fstab" grep -Eq '^/(swap/)?swapfile[[:space:]]+none[[:space:]]+swap' "$m/etc/fstab"
  [[ $swap == file ]] && check "swap file is 0600" test "$(stat -c %a "$m$(awk '$3 == "swap" {print $1}' "$m/etc/fstab")")" = 600
  [[ $swap == partition ]] && check "swap partition in fstab" grep -Eq '^UUID=[^ ]+[[:space:]]+none[[:space:]]+swap' "$m/etc/fstab"
  check "user lain exists" grep -q '^lain:' "$m/etc/passwd"
  for g in video audio input users wheel plugdev; do
    check "lain is in $g" grep -Eq "^$g:[^:]*:[0-9]+:(.*,)?lain(,|$)" "$m/etc/group"
  done
  check "lain has a SHA-512 or yescrypt hash" grep -Eq "^lain:[\$](6|y)[\$]" "$m/etc/shadow"
  check "root is locked" grep -Eq '^root:!' "$m/etc/shadow"
  check "shadow is not world-readable" test "$(( 0$(stat -c %a "$m/etc/shadow") & 7 ))" = 0
  check "doas.conf is root:root 0400" test "$(stat -c '%U:%G %a' "$m/etc/doas.conf")" = "root:root 400"
  check "doas.conf permits wheel" grep -q '^permit persist :wheel' "$m/etc/doas.conf"
  check "hostname" test "$(cat "$m/etc/hostname")" = wired-01
  check "hosts names the host" grep -q 'wired-01' "$m/etc/hosts"
  check "conf.d/hostname" grep -q 'hostname="wired-01"' "$m/etc/conf.d/hostname"
  check "locale.gen lists de_CH and en_US" grep -q '^de_CH.UTF-8 UTF-8' "$m/etc/locale.gen"
  check "locales were generated" sh -c "chroot '$m' locale -a | grep -qi 'de_CH.utf8'"
  check "LANG" grep -q 'LANG=de_CH.UTF-8' "$m/etc/default/locale"
  check "console keymap is fr_CH (not ch-fr)" grep -q 'keymap="fr_CH"' "$m/etc/conf.d/keymaps"
  check "XKB layout ch, variant fr" sh -c "grep -q '\"XkbLayout\" \"ch\"' '$m/etc/X11/xorg.conf.d/00-keyboard.conf' && grep -q '\"XkbVariant\" \"fr\"' '$m/etc/X11/xorg.conf.d/00-keyboard.conf'"
  check "localtime points at Europe/Zurich" test "$(readlink "$m/etc/localtime")" = ../usr/share/zoneinfo/Europe/Zurich
  check "udev in sysinit" test -L "$m/etc/runlevels/sysinit/udev"
  check "procps in sysinit" test -L "$m/etc/runlevels/sysinit/procps"
  check "live user removed" sh -c "! grep -q '^live:' '$m/etc/passwd'"
  check "live service removed" test ! -e "$m/etc/init.d/lainos-test-live"
  check "machine-id is 32 hex digits" grep -Eqx '[0-9a-f]{32}' "$m/etc/machine-id"
  check "profile file is 0640" test "$(stat -c %a "$m/etc/lainos-profile-file")" = 640
  local kver
  kver=$(ls "$m/usr/lib/modules")
  check "initramfs named as the profile says" test -s "$m/boot/initrd.img-$kver"
  check "initramfs has udev" sh -c "lsinitrd '$m/boot/initrd.img-$kver' 2>/dev/null | grep -q 'udevd' || chroot '$m' lsinitrd /boot/initrd.img-$kver | grep -q udevd"
  local cfg=$m/boot/grub/grub.cfg
  check "grub.cfg boots root=UUID=$rootuuid" grep -Eq "^[[:space:]]*linux[[:space:]].*root=UUID=$rootuuid" "$cfg"
  check "init= is the last word" sh -c "grep -E '^[[:space:]]*linux[[:space:]]' '$cfg' | head -1 | grep -Eq 'init=/sbin/openrc-init\$'"
  check "grub.cfg has an initrd line" grep -Eq "^[[:space:]]*initrd[[:space:]].*initrd.img-$kver" "$cfg"
  check "GRUB's i386-pc core is on the disk" sh -c "dd if='$disk' bs=512 count=1 2>/dev/null | grep -aq GRUB"
  check "the install log was copied" grep -q 'passed every check' "$m/var/log/lainos-install.log"
  if [[ $sep == true ]]; then umount "$m/boot"; fi
  umount "$m"
}

layouts() {
  local disk=$1
  for spec in "ext4 file false" "btrfs partition false" "xfs none true"; do
    read -r fs swap sep <<<"$spec"
    note "install: $fs, swap $swap, separate /boot $sep"
    local a p=$work/run-$fs start=$SECONDS
    a=$(answers "$disk" "$fs" "$swap" "$sep")
    run_install "$a" "$p" || { tail -n 20 "$p.stderr" >&2; die "install ($fs) failed"; }
    no_leaks "$p"
    no_mounts_left "install ($fs)"
    grep -q '"event":"finished","ok":true' "$p.events" || die "no successful finished event ($fs)"
    # Progress: the first unpack event at 0, fractions never go backwards.
    python3 - "$p.events" <<'PY' || die "progress events are not monotonic ($fs)"
import json, sys
last = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "progress":
        i = e["index"]
        assert e["fraction"] >= last.get(i, 0.0), (i, e, last.get(i))
        last[i] = e["fraction"]
assert last, "no progress events"
PY
    inspect "$disk" "$fs" "$swap" "$sep"
    table+=("$(printf '%-40s %4d s' "install $fs/$swap/boot=$sep" $((SECONDS - start)))")
  done
}

expect_failure() { # NAME EXPECTED-TEXT ANSWERS [ENV...]
  local name=$1 text=$2 a=$3
  shift 3
  local p=$work/fault-${name// /-} rc=0 start=$SECONDS
  (
    for kv in "$@"; do export "${kv?}"; done
    run_install "$a" "$p"
  ) || rc=$?
  [[ $rc != 0 ]] || die "fault '$name': the install succeeded"
  no_leaks "$p"
  grep -qF -- "$text" "$p.stderr" || { cat "$p.stderr" >&2; die "fault '$name': stderr does not say '$text'"; }
  grep -q '"event":"finished","ok":false' "$p.events" || die "fault '$name': no failed finished event"
  no_mounts_left "fault '$name'"
  table+=("$(printf '%-40s %4d s  exit %d' "fault: $name" $((SECONDS - start)) "$rc")")
  passed=$((passed + 1))
}

faults() {
  local disk=$1 a
  a=$(answers "$disk" ext4 file false)
  # Steps of this plan, by title, so injected faults follow the plan's shape.
  local plan
  plan=$("$bin" plan --json --profile "$profile" "$a")
  local n
  n=$(jq '.actions | length' <<<"$plan")
  # Fault injection at steps spread over the whole plan.
  for step in 2 3 6 9 13 29 40 44 46; do
    ((step <= n)) || continue
    expect_failure "injected at step $step" "fault injected at step $step" "$a" LAINOS_FAULT_STEP="$step"
  done
  # Real faults.
  local bad=$work/bad.sfs
  cp "$sfs" "$bad"
  printf 'x' | dd of="$bad" bs=1 seek=$((1024 * 1024)) conv=notrunc status=none
  cp "$sfs.sha512" "$bad.sha512"
  local ab=$work/answers-bad.yaml
  sed "s|squashfs: .*|squashfs: $bad|" "$a" >"$ab"
  expect_failure "corrupted squashfs" "is damaged" "$ab"
  sed "s|squashfs: .*|squashfs: $sfs\n  checksum: sha512:$(printf '0%.0s' {1..128})|" "$a" >"$ab"
  expect_failure "wrong checksum in the answers" "is damaged" "$ab"
  local shims=$work/shims
  mkdir -p "$shims"
  for tool in mkfs.ext4 wipefs partx unsquashfs mkswap; do
    # The shim fails where the executor runs the tool; other uses (the planner lists
    # the image with `unsquashfs -lln`) reach the real program.
    cat >"$shims/$tool" <<SHIM
#!/bin/sh
case " \$* " in
  *" -lln "*) PATH=${PATH}; exec $tool "\$@" ;;
esac
echo "$tool: injected failure" >&2
exit 3
SHIM
    chmod +x "$shims/$tool"
    expect_failure "failing $tool" "$tool: injected failure" "$a" PATH="$shims:$PATH"
    rm "$shims/$tool"
  done
  local ah=$work/answers-hook.yaml
  sed "s|^finish: none|hooks:\n  post_install:\n    - run: [/bin/sh, -c, 'echo hook-says-no >\&2; exit 4']\n  on_error:\n    - run: [/bin/sh, -c, 'echo \$LAINOS_FAILED_STEP > $work/on-error-ran']\nfinish: none|" "$a" >"$ah"
  expect_failure "failing hook" "hook-says-no" "$ah"
  test -s "$work/on-error-ran" || die "on_error hook did not run"
  sed "s|^finish: none|hooks:\n  post_install:\n    - { run: [/bin/sleep, '60'], timeout: 2s }\nfinish: none|" "$a" >"$ah"
  expect_failure "hook timeout" "did not finish within 2 s" "$ah"
  # Full disk: a disk that passes planning with no margin but cannot hold the system.
  local small
  small=$(new_disk 1100M)
  local asmall=$work/answers-small.yaml psmall=$work/profile-small.yaml
  sed "s|disk: .*|disk: $small|; s|swap: .*|swap: { kind: none }|" "$a" >"$asmall"
  sed 's/^  margin: .*/  margin: 1MiB/' "$profile" >"$psmall"
  local rc=0
  "$bin" install --yes --json-events --profile "$psmall" "$asmall" >"$work/full.events" 2>"$work/full.stderr" || rc=$?
  [[ $rc != 0 ]] || die "full disk: the install succeeded"
  grep -Eq 'No space left|not enough space|too small' "$work/full.stderr" || { cat "$work/full.stderr" >&2; die "full disk: no clear message"; }
  no_mounts_left "full disk"
  table+=("$(printf '%-40s         exit %d' "fault: full disk" "$rc")")
  # SIGTERM in the middle of the unpack.
  local start=$SECONDS
  : >"$LAINOS_INSTALL_LOG"
  "$bin" install --yes --json-events --profile "$profile" "$a" >"$work/kill.events" 2>"$work/kill.stderr" &
  local pid=$!
  for _ in $(seq 600); do
    grep -q '"event":"progress","index":6' "$work/kill.events" 2>/dev/null && break
    sleep 0.1
  done
  grep -q '"title":"Copying the system"' "$work/kill.events" || die "kill: the unpack never started"
  kill -TERM "$pid"
  rc=0
  wait "$pid" || rc=$?
  [[ $rc == 130 ]] || { cat "$work/kill.stderr" >&2; die "kill: exit status $rc, expected 130"; }
  grep -q 'cancelled' "$work/kill.stderr" || die "kill: does not say it was cancelled"
  pgrep -x unsquashfs >/dev/null && die "kill: unsquashfs is still running"
  no_mounts_left "kill during unpack"
  table+=("$(printf '%-40s %4d s  exit %d' "fault: SIGTERM during unpack" $((SECONDS - start)) "$rc")")
  # After all of that, the same disk installs without a reboot.
  note "install again on the same disk"
  run_install "$a" "$work/again" || { tail -n 20 "$work/again.stderr" >&2; die "the install after the faults failed"; }
  no_leaks "$work/again"
  no_mounts_left "install after faults"
  table+=("install after the faults, same disk: ok")
}

auto_install() {
  local disk=$1 rc a
  local status=$work/auto.status cmdline=$work/cmdline medium=$work/medium
  auto() { "$bin" --profile "$profile" auto --status "$status" --finish-delay 0 --cmdline "$cmdline" --medium "$medium" "$@"; }
  mkdir -p "$medium"
  # Nothing offered: nothing done.
  echo "BOOT_IMAGE=/vmlinuz quiet" >"$cmdline"
  rc=0; auto --detect >"$work/auto-detect.out" 2>&1 || rc=$?
  check "auto --detect without an answer file exits 3 (exit $rc)" test "$rc" = 3
  rc=0; auto >"$work/auto-none.out" 2>&1 || rc=$?
  check "auto without an answer file does nothing (exit $rc)" test "$rc" = 3
  check "auto says there is no answer file" grep -q 'no answer file' "$work/auto-none.out"
  check "auto without an answer file writes no status" test ! -e "$status"
  # A bad parameter: exit 2, status exit=2, and it says why.
  echo "quiet lainos.answers=answers.yaml" >"$cmdline"
  rc=0; auto >"$work/auto-bad.out" 2>&1 || rc=$?
  check "auto with a relative lainos.answers exits 2 (exit $rc)" test "$rc" = 2
  check "auto explains a bad lainos.answers" grep -q 'the path must be absolute' "$work/auto-bad.out"
  check "the status of a bad lainos.answers is exit=2" grep -qx 'exit=2' "$status"
  # The answer file on a labelled filesystem (the way a shop's USB stick carries it).
  a=$(answers "$disk" ext4 none false)
  local stick=$work/stick
  mkdir -p "$stick/oem"
  cp "$a" "$stick/oem/answers.yaml"
  truncate -s 16M "$work/stick.img"
  mkfs.ext4 -q -L LAINOS_AUTO_T -d "$stick" "$work/stick.img"
  local stickdev
  stickdev=$(losetup -f --show "$work/stick.img")
  echo "BOOT_IMAGE=/vmlinuz quiet lainos.answers=LABEL=LAINOS_AUTO_T:/oem/answers.yaml" >"$cmdline"
  check "auto --detect names the labelled answer file" \
    bash -c "[[ \$(\"\$0\" --profile \"\$1\" auto --detect --cmdline \"\$2\" --medium \"\$3\") == LABEL=LAINOS_AUTO_T:/oem/answers.yaml ]]" "$bin" "$profile" "$cmdline" "$medium"
  note "unattended install: lainos.answers=LABEL=LAINOS_AUTO_T:/oem/answers.yaml"
  local start=$SECONDS p=$work/auto
  : >"$LAINOS_INSTALL_LOG"
  watch_argv "$p.argv" &
  local w=$!
  rc=0; auto >"$p.events" 2>"$p.stderr" || rc=$?
  kill "$w" 2>/dev/null || true; wait "$w" 2>/dev/null || true
  cp "$LAINOS_INSTALL_LOG" "$p.log"
  ((rc == 0)) || { tail -n 20 "$p.stderr" >&2; die "the unattended install failed (exit $rc)"; }
  check "the unattended install recorded exit=0" grep -qx 'exit=0' "$status"
  check "the unattended install said where the answers came from" grep -q 'answer file LABEL=LAINOS_AUTO_T:/oem/answers.yaml' "$p.stderr"
  check "the unattended install printed progress without a terminal" grep -Eq 'Copying the system +[0-9]+% ' "$p.stderr"
  check "the answer device was unmounted" bash -c "! grep -q ' /run/lainos-auto/medium ' /proc/mounts"
  no_leaks "$p"
  no_mounts_left "unattended install"
  inspect "$disk" ext4 none false
  table+=("$(printf '%-40s %4d s' "auto: lainos.answers=LABEL=…" $((SECONDS - start)))")
  losetup -d "$stickdev"
  # An invalid answer file: exit 2, status exit=2, nothing written.
  printf 'version: 1\nstorage: { disk: %s, layout: erase }\n' "$disk" >"$work/invalid.yaml"
  echo "lainos.answers=$work/invalid.yaml" >"$cmdline"
  rc=0; auto >"$work/auto-invalid.out" 2>&1 || rc=$?
  check "auto with an invalid answer file exits 2 (exit $rc)" test "$rc" = 2
  check "auto names the answer file and the missing field" grep -q "^$work/invalid.yaml:1:1: system: is required" "$work/auto-invalid.out"
  check "auto says nothing was written" grep -q 'nothing was written' "$work/auto-invalid.out"
  check "the status of an invalid answer file is exit=2" grep -qx 'exit=2' "$status"
  # The answer file on the live medium, without a parameter; lainos.answers=none wins.
  mkdir -p "$medium/lainos"
  cp "$a" "$medium/lainos/answers.yaml"
  echo "quiet" >"$cmdline"
  rc=0; auto --dry-run >"$work/auto-medium.out" 2>&1 || rc=$?
  check "auto finds lainos/answers.yaml on the medium (exit $rc)" test "$rc" = 0
  check "auto on the medium printed the plan" grep -q 'dry run: nothing was written' "$work/auto-medium.out"
  echo "quiet lainos.answers=none" >"$cmdline"
  rc=0; auto --detect >/dev/null 2>&1 || rc=$?
  check "lainos.answers=none turns the medium's answer file off (exit $rc)" test "$rc" = 3
}

# An answer file for the storage cases: the answers of `answers DISK ext4 none false`
# with the storage section replaced by STORAGE-YAML (its lines indented by two).
storage_answers() { # DISK STORAGE-YAML -> file
  local f=$work/answers-storage-$RANDOM.yaml base
  base=$(answers "$1" ext4 none false)
  awk -v repl="$2" '
    /^storage:/ { print "storage:"; print repl; skip = 1; next }
    skip && /^  / { next }
    { skip = 0; print }
  ' "$base" >"$f"
  chmod 600 "$f"
  echo "$f"
}

# A reinstall keeping /home: a disk with an old root and a /home full of files; the
# manual layout formats / and keeps /home. Every file, mode and owner stays as it was
# and fstab names the filesystem's own UUID.
keep_home() {
  local disk m=$work/kh
  disk=$(new_disk 7G)
  printf '%s\n' \
    'size=1MiB, type=21686148-6449-6E6F-744E-656564454649, name=bios' \
    'size=4GiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=oldroot' \
    'type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=home' | sfdisk -q -X gpt "$disk"
  partx -u "$disk" 2>/dev/null || true
  mkfs.ext4 -q -L oldroot "${disk}p2"
  mkfs.ext4 -q -L home "${disk}p3"
  mkdir -p "$m"
  mount "${disk}p3" "$m"
  fill_home "$m"
  manifest "$m" >"$work/home-before"
  umount "$m"
  local home_uuid a
  home_uuid=$(blkid -s UUID -o value "${disk}p3")
  a=$(storage_answers "$disk" "  disk: $disk
  layout: manual
  firmware: bios
  partitions:
    - { device: ${disk}p2, mountpoint: /, filesystem: ext4, format: true }
    - { device: ${disk}p3, mountpoint: /home, filesystem: ext4, format: false }")
  "$bin" plan --profile "$profile" "$a" >"$work/kh.plan"
  check "the plan lists the kept /home" grep -q "${disk}p3 .* ext4 \"home\"  mounted at /home, contents untouched" "$work/kh.plan"
  check "the plan does not format the kept /home" bash -c "! grep -q 'format ${disk}p3' '$work/kh.plan'"
  note "install keeping /home (${disk}p3)"
  local start=$SECONDS
  run_install "$a" "$work/kh" || { tail -n 20 "$work/kh.stderr" >&2; die "the install keeping /home failed"; }
  no_leaks "$work/kh"
  no_mounts_left "install keeping /home"
  check "the kept /home has its UUID" test "$(blkid -s UUID -o value "${disk}p3")" = "$home_uuid"
  mount -o ro "${disk}p3" "$m"
  manifest "$m" >"$work/home-after"
  umount "$m"
  check "every file, mode and owner of the kept /home is unchanged" diff -u "$work/home-before" "$work/home-after"
  mount "${disk}p2" "$m"
  check "fstab mounts the kept /home by its UUID" grep -Eq "^UUID=${home_uuid}[[:space:]]+/home[[:space:]]+ext4" "$m/etc/fstab"
  check "user lain was created with home /home/lain" grep -q '^lain:x:1000:1000:[^:]*:/home/lain:' "$m/etc/passwd"
  check "the new root holds no copy of the old home" test ! -e "$m/home/lain/Documents"
  check "GRUB's i386-pc core is on the disk" sh -c "dd if='$disk' bs=512 count=1 2>/dev/null | grep -aq GRUB"
  umount "$m"
  table+=("$(printf '%-40s %4d s' "manual: keep /home" $((SECONDS - start)))")
}

# Alongside another system: the disk holds one partition with data; the install puts
# its partitions in the free space. The other partition's bytes and table entry stay
# the same.
alongside() {
  local disk m=$work/al
  disk=$(new_disk 9G)
  echo 'start=2048, size=3GiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=other-system' |
    sfdisk -q -X gpt "$disk"
  partx -u "$disk" 2>/dev/null || true
  mkfs.ext4 -q -L OTHER "${disk}p1"
  mkdir -p "$m"
  mount "${disk}p1" "$m"
  fill_home "$m"
  umount "$m"
  local sum_before entry_before a
  sum_before=$(sha256sum <"${disk}p1")
  entry_before=$(sfdisk -d "$disk" | grep "^${disk}p1 ")
  a=$(storage_answers "$disk" "  disk: $disk
  layout: alongside
  firmware: bios
  filesystem: ext4
  swap: { kind: file, size: 256MiB }")
  "$bin" plan --profile "$profile" "$a" >"$work/al.plan"
  check "the plan lists the other system's partition as kept" grep -q "${disk}p1 .* ext4 \"OTHER\"  not used, not touched" "$work/al.plan"
  check "the plan does not erase the disk" bash -c "! grep -q 'erase every' '$work/al.plan'"
  check "the plan adds partitions" grep -q "add partitions to the GPT of $disk" "$work/al.plan"
  note "install alongside ${disk}p1"
  local start=$SECONDS
  run_install "$a" "$work/al" || { tail -n 20 "$work/al.stderr" >&2; die "the install alongside failed"; }
  no_leaks "$work/al"
  no_mounts_left "install alongside"
  check "the other system's partition is byte-identical" test "$(sha256sum <"${disk}p1")" = "$sum_before"
  check "the other system's partition entry is unchanged" test "$(sfdisk -d "$disk" | grep "^${disk}p1 ")" = "$entry_before"
  check "a BIOS boot partition was added" sh -c "sfdisk -d '$disk' | grep -qi 'type=21686148-6449-6E6F-744E-656564454649'"
  local rootpart other_uuid
  rootpart=$(part_named "$disk" root)
  [[ -n $rootpart ]] || die "no root partition after the install alongside"
  other_uuid=$(blkid -s UUID -o value "${disk}p1")
  mount "$rootpart" "$m"
  check "fstab does not mention the other system" bash -c "! grep -q '$other_uuid' '$m/etc/fstab'"
  check "grub.cfg boots the new root" grep -Eq "root=UUID=$(blkid -s UUID -o value "$rootpart")" "$m/boot/grub/grub.cfg"
  umount "$m"
  table+=("$(printf '%-40s %4d s' "alongside another system" $((SECONDS - start)))")
}

disk=$(new_disk 6G)
case $what in
  layouts) layouts "$disk" ;;
  faults) faults "$disk" ;;
  auto) auto_install "$disk" ;;
  storage) keep_home; alongside ;;
  all) layouts "$disk"; auto_install "$disk"; keep_home; alongside; faults "$disk" ;;
  *) die "unknown: $what (layouts|faults|auto|storage|all)" ;;
esac
printf '%s\n' "${table[@]}"
echo "loop install tests: $passed checks passed"
