#!/usr/bin/env bash
# OEM preloading on a loop disk, with the real binaries and the reference image:
# a factory install (`oem.enabled: true`, a batch id) must leave no user, the batch in
# /etc/lainos/oem.yaml and the first-boot service enabled; `lainos-firstboot run` on
# the mounted target (commands in a chroot) with an answer file named by
# lainos.firstboot= must create the user with its groups and doas rights, the host
# name and a fresh machine-id, and disable itself, and a second run must do nothing;
# `prepare-shipping` must clean and re-arm. Needs root and loop devices; fails (never
# skips) without them. Setup's first step (growing the root) must find that the root
# already fills the disk. Growing itself is tests/install/grow.sh; image mode and the
# QEMU boot of an OEM image are the `oem-image` scenario of tests/vm/run.
#
#   bash tests/install/oem.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

source tests/install/lib.sh
require_root_and_loop "loop devices, mounts, chroot"

sfs=$(bash tests/reference-image.sh | tail -n 1)
[[ -f $sfs && -f $sfs.sha512 ]] || die "reference image missing: $sfs"
cargo build --quiet --locked -p lainos-install -p lainos-firstboot
bin=${CARGO_TARGET_DIR:-$repo/target}/debug/lainos-install
profile=$repo/tests/profiles/debian-openrc.yaml

make_work oem
export LAINOS_TARGET_DIR=$work/target
export LAINOS_INSTALL_LOG=$work/install.log
password='Pa55-word-of-the-OEM-4417'
batch='2024-W31 line 3'

truncate -s 6G "$work/disk.img"
disk=$(losetup -fP --show "$work/disk.img")

cat >"$work/factory.yaml" <<YAML
version: 1
source:
  squashfs: $sfs
storage:
  disk: $disk
  layout: erase
  firmware: bios
  filesystem: ext4
system:
  hostname: factory-01
oem:
  enabled: true
  batch_id: "$batch"
finish: none
YAML

note "factory install (oem.enabled: true)"
start=$SECONDS
rc=0
"$bin" install --yes --json-events --profile "$profile" "$work/factory.yaml" >"$work/factory.events" 2>"$work/factory.stderr" || rc=$?
((rc == 0)) || { tail -n 30 "$work/factory.stderr" >&2; die "the factory install failed (exit $rc)"; }
note "factory install: $((SECONDS - start)) s"

m=$work/m
mkdir -p "$m"
rootpart=""
for p in "$disk"p*; do
  [[ $(blkid -p -s PART_ENTRY_NAME -o value "$p" 2>/dev/null) == debian-openrc-root ]] && rootpart=$p
done
[[ -n $rootpart ]] || die "no root partition on $disk"
mount "$rootpart" "$m"
fb=$m/usr/local/sbin/lainos-firstboot

check "the batch id is recorded in /etc/lainos/oem.yaml" grep -qxF "batch_id: $batch" "$m/etc/lainos/oem.yaml"
check "no end-user account exists" bash -c "! awk -F: '\$3 >= 1000 && \$3 < 60000' '$m/etc/passwd' | grep -q ."
check "the first-boot program was copied into the target" test -x "$fb"
check "its init script is there" test -x "$m/etc/init.d/lainos-firstboot"
check "the first-boot service is enabled in boot" test "$(readlink "$m/etc/runlevels/boot/lainos-firstboot")" = /etc/init.d/lainos-firstboot
check "conf.d names the program and what waits" grep -q '^firstboot_binary="/usr/local/sbin/lainos-firstboot"' "$m/etc/conf.d/lainos-firstboot"
check "conf.d orders setup before the gettys" grep -q '^rc_before="agetty"' "$m/etc/conf.d/lainos-firstboot"
check "conf.d keeps setup on the console (oem.gui: false)" grep -q '^firstboot_gui="no"' "$m/etc/conf.d/lainos-firstboot"
check "the journal is armed, root only" test "$(stat -c %a "$m/var/lib/lainos/firstboot/state.json")" = 600
check "status says setup begins by growing the root" test "$("$fb" status --root "$m")" = grow-root
check "root is locked" grep -Eq '^root:!' "$m/etc/shadow"
check "the wheel group exists for the first user" grep -q '^wheel:' "$m/etc/group"
factory_id=$(cat "$m/etc/machine-id")

# The first-boot answer file, named on the (test) kernel command line.
cat >"$work/firstboot.yaml" <<YAML
version: 1
locale:
  language: de_CH.UTF-8
  timezone: Europe/Zurich
  keyboard: { layout: ch, variant: fr }
system:
  hostname: wired-02
users:
  - name: alice
    full_name: Alice Liddell
    password: "$password"
    admin: true
    groups: [plugdev]
YAML
chmod 600 "$work/firstboot.yaml"
echo "BOOT_IMAGE=/vmlinuz quiet lainos.firstboot=$work/firstboot.yaml" >"$work/cmdline"

# An unusable answer file and no console: exit 2, setup stays armed.
printf 'version: 1\nstorage: { disk: /dev/sda }\nsystem: { hostname: x }\nusers: [{ name: bob, password: b }]\n' >"$work/bad.yaml"
rc=0
"$fb" run --root "$m" --answers "$work/bad.yaml" </dev/null >"$work/bad.out" 2>&1 || rc=$?
check "an unusable answer file without a console exits 2 (exit $rc)" test "$rc" = 2
check "it names the field" grep -q "bad.yaml:2:1: storage: is not part of a first-boot answer file" "$work/bad.out"
check "setup is still armed after it, past the growth" test "$("$fb" status --root "$m")" = collect-answers
check "its first step found the root filling the disk" grep -q "$rootpart already fills its disk" "$work/bad.out"

note "first-boot setup: lainos.firstboot=$work/firstboot.yaml"
: >"$work/argv"
( while :; do
    for c in /proc/[0-9]*/cmdline; do { tr '\0' ' ' <"$c" | grep -F -- "$password" >>"$work/argv"; } 2>/dev/null || true; done
    sleep 0.05
  done ) &
watcher=$!
rc=0
"$fb" run --root "$m" --cmdline "$work/cmdline" </dev/null >"$work/run.out" 2>&1 || rc=$?
kill "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true
((rc == 0)) || { cat "$work/run.out" >&2; die "first-boot setup failed (exit $rc)"; }
check "setup said where the answers came from" grep -q "answer file $work/firstboot.yaml" "$work/run.out"
check "the password never appeared in an argument list" test ! -s "$work/argv"
check "the password is not in the output" bash -c "! grep -qF -- '$password' '$work/run.out'"
check "alice exists" grep -q '^alice:' "$m/etc/passwd"
check "alice has a SHA-512 hash" grep -Eq '^alice:[$]6[$]' "$m/etc/shadow"
check "the password is not in the journal" bash -c "! grep -qF -- '$password' '$m/var/lib/lainos/firstboot/state.json'"
for g in video audio input users wheel plugdev; do
  check "alice is in $g" grep -Eq "^$g:[^:]*:[0-9]+:(.*,)?alice(,|$)" "$m/etc/group"
done
check "alice has a home" test -d "$m/home/alice"
check "doas.conf permits wheel" grep -q '^permit persist :wheel' "$m/etc/doas.conf"
check "doas.conf is root:root 0400" test "$(stat -c '%U:%G %a' "$m/etc/doas.conf")" = "root:root 400"
check "doas accepts its configuration" chroot "$m" doas -C /etc/doas.conf
check "hostname" test "$(cat "$m/etc/hostname")" = wired-02
check "conf.d/hostname" grep -q 'hostname="wired-02"' "$m/etc/conf.d/hostname"
check "LANG" grep -q 'LANG=de_CH.UTF-8' "$m/etc/default/locale"
check "locales were generated" sh -c "chroot '$m' locale -a | grep -qi 'de_CH.utf8'"
check "console keymap" grep -q 'keymap="fr_CH"' "$m/etc/conf.d/keymaps"
check "localtime points at Europe/Zurich" test "$(readlink "$m/etc/localtime")" = ../usr/share/zoneinfo/Europe/Zurich
check "a fresh machine-id" bash -c "id=\$(cat '$m/etc/machine-id'); [[ \$id =~ ^[0-9a-f]{32}\$ && \$id != '$factory_id' ]]"
check "the first-boot service is disabled" test ! -L "$m/etc/runlevels/boot/lainos-firstboot"
check "status says done" test "$("$fb" status --root "$m")" = "done"
check "the batch id stays" grep -qxF "batch_id: $batch" "$m/etc/lainos/oem.yaml"

sum=$(cat "$m/etc/passwd" "$m/etc/shadow" "$m/etc/group" "$m/etc/machine-id" | sha256sum)
rc=0
"$fb" run --root "$m" --cmdline "$work/cmdline" </dev/null >"$work/again.out" 2>&1 || rc=$?
check "a second run succeeds (exit $rc)" test "$rc" = 0
check "a second run says setup has already completed" grep -q 'already completed' "$work/again.out"
check "a second run changes nothing" test "$(cat "$m/etc/passwd" "$m/etc/shadow" "$m/etc/group" "$m/etc/machine-id" | sha256sum)" = "$sum"

note "prepare-shipping"
echo "factory test log" >"$m/var/log/factory.log"
echo "old" >"$m/var/log/factory.log.1"
echo "doas reboot" >"$m/root/.bash_history"
echo "ls" >"$m/home/alice/.bash_history"
mkdir -p "$m/etc/ssh" && echo key >"$m/etc/ssh/ssh_host_ed25519_key"
touch "$m/var/cache/apt/archives/test.deb"
rc=0
"$fb" prepare-shipping --root "$m" >"$work/ship1.out" 2>&1 || rc=$?
check "prepare-shipping refuses while a user exists (exit $rc)" test "$rc" != 0
check "it names the user" grep -q 'alice' "$work/ship1.out"
rc=0
"$fb" prepare-shipping --root "$m" --remove-users >"$work/ship2.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/ship2.out" >&2; die "prepare-shipping failed (exit $rc)"; }
check "the factory's user is gone" bash -c "! grep -q '^alice:' '$m/etc/passwd' && test ! -e '$m/home/alice'"
check "logs are emptied" test ! -s "$m/var/log/factory.log"
check "rotated logs are removed" test ! -e "$m/var/log/factory.log.1"
check "root's shell history is removed" test ! -e "$m/root/.bash_history"
check "SSH host keys are removed" test ! -e "$m/etc/ssh/ssh_host_ed25519_key"
check "package caches are emptied" test ! -e "$m/var/cache/apt/archives/test.deb"
check "machine-id is an empty file" bash -c "test -f '$m/etc/machine-id' && test ! -s '$m/etc/machine-id'"
check "setup is re-armed" test "$("$fb" status --root "$m")" = grow-root
check "the service is enabled again" test "$(readlink "$m/etc/runlevels/boot/lainos-firstboot")" = /etc/init.d/lainos-firstboot
rc=0
"$fb" run --root "$m" --cmdline "$work/cmdline" </dev/null >"$work/rerun.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/rerun.out" >&2; die "setup after prepare-shipping failed (exit $rc)"; }
check "setup after prepare-shipping creates the user again" grep -Eq '^alice:[$]6[$]' "$m/etc/shadow"
check "and finds the root already grown" grep -q 'already fills its disk' "$work/rerun.out"
check "and a machine-id" grep -Eqx '[0-9a-f]{32}' "$m/etc/machine-id"
umount "$m"
echo "OEM loop tests: $passed checks passed"
