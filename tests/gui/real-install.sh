#!/usr/bin/env bash
# One real install driven through the GUI: the REAL service (`lainos-install service`,
# engine backend, as root) on a private system-like bus with the service's own policy
# (root and wheel only), the GUI under Xvfb as `lainos-gui-test`, an unprivileged member
# of wheel (tests/setup.sh creates it), onto an 8 GiB sparse loop disk offered through a
# /dev/disk/by-id link. The GUI walks its pages with `--goto done --goto-disk LINK`:
# the messages a user's clicks send, through its update() and the service; it saves the
# answer file on the summary page, confirms, installs and shows the finished page.
#
# Then it checks: the installed disk itself (host name, the user, a $6$ hash in
# /etc/shadow, root locked, grub.cfg); the round trip (the saved file is byte for byte
# the document the GUI planned and installed, holds password_hash and no password, and
# `lainos-install plan` on it gives the service's plan, UUIDs aside); and that the
# password is in none of the service log, the GUI log and the install log. Root only;
# fails (never skips) when something is missing. About 2 to 4 minutes.
set -euo pipefail
# shellcheck source=tests/gui/lib.sh
source "$(dirname "$0")/lib.sh"
need losetup; need blkid; need busctl; need jq; need sha256sum; need mount
cd "$ROOT"

# The GUI's user: unprivileged, in wheel (not nobody/nogroup as in the fake-service tests).
id lainos-gui-test >/dev/null 2>&1 || die "user lainos-gui-test is missing: run \`bash tests/setup.sh\`"
id -nG lainos-gui-test | tr ' ' '\n' | grep -qx wheel || die "lainos-gui-test is not in wheel: run \`bash tests/setup.sh\`"
GUI_UID=$(id -u lainos-gui-test)
GUI_GID=$(id -g lainos-gui-test)
GUI_GROUP=wheel
((GUI_UID != 0)) || die "the GUI user must not be root"
losetup -f >/dev/null 2>&1 || die "no free loop device (losetup -f failed)"

cargo build --quiet --locked -p lainos-install -p lainos-installer
BIN=$TARGET/debug/lainos-install
sfs=$(bash tests/reference-image.sh | tail -n 1)
[[ -f $sfs && -f $sfs.sha512 ]] || die "the reference image is missing: $sfs"

# The password --goto types (App::fill_demo_answers); it must appear in no log.
password='wired-Protocol-7'
grep -qF "\"$password\"" installer/gui/src/app.rs || die "the GUI's demo password is no longer $password"

# The Debian profile with the reference image as the live system's squashfs (the GUI's
# answers name no source: the profile's is used, as on the live medium).
profile=$WORK/profile.yaml
sed "s|/run/initramfs/live/live/rootfs.sfs|$sfs|g" tests/profiles/debian-openrc.yaml >"$profile"
grep -qF "squashfs: $sfs" "$profile" || die "cannot point the profile at $sfs"

img=$WORK/disk.img
truncate -s 8G "$img"
loop=$(losetup -fP --show "$img")
link=/dev/disk/by-id/lainos-gui-test-${WORK##*.}
mkdir -p /dev/disk/by-id
ln -sfn "$loop" "$link"
release() {
  local rc=$?
  if ((rc != 0)); then
    # Keep the logs for a person to read (they never hold the password).
    mkdir -p "$ROOT/tests/gui/out/real-install-logs"
    cp "$WORK"/*.log "$ROOT/tests/gui/out/real-install-logs/" 2>/dev/null || true
    echo "real-install: logs kept in tests/gui/out/real-install-logs/" >&2
  fi
  awk -v w="$WORK" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -f "$link"
  losetup -n -l -O NAME,BACK-FILE | awk -v w="$WORK" 'index($2, w) == 1 {print $1}' |
    while read -r l; do losetup -d "$l" 2>/dev/null || true; done
  cleanup
}
trap release EXIT

start_bus # the service's policy file as shipped: root and wheel
LAINOS_LOG=info LAINOS_INSTALL_LOG=$WORK/install.log LAINOS_TARGET_DIR=$WORK/target \
  "$BIN" --profile "$profile" service --bus-address "$BUS" 2>"$WORK/service.log" &
PIDS+=($!)
for _ in $(seq 100); do grep -q serving "$WORK/service.log" && break; sleep 0.1; done
grep -q serving "$WORK/service.log" || { cat "$WORK/service.log" >&2; die "the real service did not start"; }
start_xvfb

echo "real-install: GUI as lainos-gui-test (uid $GUI_UID), disk $link -> $loop" >&2
gui --lang en --goto "done" --goto-disk "$link" >"$WORK/gui.log" 2>&1 &
gpid=$!
PIDS+=("$gpid")
finished=
for _ in $(seq 1200); do
  if grep -q 'install finished' "$WORK/gui.log"; then finished=1; break; fi
  kill -0 "$gpid" 2>/dev/null || { cat "$WORK/gui.log" >&2; die "the GUI exited before the install finished"; }
  if grep -q 'goto: the disk is not among the probed disks' "$WORK/gui.log"; then
    die "the service's probe does not list $loop (see the GUI log)"
  fi
  sleep 0.5
done
if [[ -z $finished ]]; then
  tail -n 20 "$WORK/gui.log" "$WORK/service.log" >&2
  [[ -f $WORK/install.log ]] && tail -n 20 "$WORK/install.log" >&2
  die "no finished page within 10 minutes"
fi
grep -q 'install finished outcome=Some(Succeeded)' "$WORK/gui.log" || {
  tail -n 30 "$WORK/gui.log" >&2
  [[ -f $WORK/install.log ]] && tail -n 30 "$WORK/install.log" >&2
  die "the install driven through the GUI did not succeed"
}
# The service colours its log; compare the plain text.
plain() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
plain "$WORK/service.log" | grep -q 'install finished.*ok=true' || die "the service saw no successful install"
sleep 1
mkdir -p "$ROOT/tests/gui/out"
import -display "$DISPLAY_NUM" -window root "$ROOT/tests/gui/out/real-install-done.png"
kill "$gpid" 2>/dev/null || true

# The summary page of the real plan in German, for a person to look at.
gui --lang de --goto summary --goto-disk "$link" >"$WORK/gui-de.log" 2>&1 &
spid=$!
PIDS+=("$spid")
sleep 8
kill -0 "$spid" 2>/dev/null || { cat "$WORK/gui-de.log" >&2; die "the GUI exited on the summary page"; }
import -display "$DISPLAY_NUM" -window root "$ROOT/tests/gui/out/real-install-summary-de.png"
kill "$spid" 2>/dev/null || true

# The disk itself.
rootpart=
for p in "$loop"p*; do
  [[ $(blkid -p -s PART_ENTRY_NAME -o value "$p" 2>/dev/null) == debian-openrc-root ]] && rootpart=$p
done
[[ -n $rootpart ]] || die "no root partition on $loop"
mkdir -p "$WORK/mnt"
mount -o ro "$rootpart" "$WORK/mnt"
m=$WORK/mnt
[[ $(cat "$m/etc/hostname") == lain-lainos ]] || die "/etc/hostname is $(cat "$m/etc/hostname"), not lain-lainos"
grep -q '^lain:x:[0-9]*:[0-9]*:Lain Iwakura:' "$m/etc/passwd" || die "user lain is not in /etc/passwd"
# shellcheck disable=SC2016 # a literal $6$
grep -Eq '^lain:\$6\$rounds=5000\$[./0-9A-Za-z]{16}\$' "$m/etc/shadow" || die "lain has no SHA-512 crypt hash in /etc/shadow"
grep -Eq '^root:[!*]' "$m/etc/shadow" || die "root is not locked"
grep -Eq "^wheel:[^:]*:[0-9]+:(.*,)?lain(,|$)" "$m/etc/group" || die "lain is not in wheel"
[[ -s $m/boot/grub/grub.cfg ]] || die "grub.cfg is missing"
grep -Eq '^[[:space:]]*linux[[:space:]].*root=UUID=' "$m/boot/grub/grub.cfg" || die "grub.cfg boots no root=UUID="
umount "$m"
echo "real-install: the disk holds the installed system (host lain-lainos, user lain, \$6\$ hash, grub.cfg)" >&2

# The round trip: the saved file is what the GUI planned and installed.
saved=$WORK/home/answers.yaml
[[ -s $saved ]] || die "the GUI saved no answer file"
[[ $(stat -c %a "$saved") == 600 ]] || die "the saved answer file is not 0600"
# shellcheck disable=SC2016 # a literal $6$
grep -Eq '^ *password_hash: .?\$6\$' "$saved" || die "the saved answer file has no password_hash"
if grep -Eq '^ *password:' "$saved"; then die "the saved answer file has a clear-text password field"; fi
sha=$(sha256sum "$saved" | cut -c1-12)
planned=$(plain "$WORK/service.log" | grep -o 'answers=[0-9a-f]*' | head -n 1)
[[ $planned == "answers=$sha" ]] || die "the saved file ($sha) is not the document the GUI planned ($planned)"
# Each plan draws new UUIDs and a new machine-id (32 hex digits); nothing else differs.
normalize() {
  sed -E 's/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/UUID/g; s/\b[0-9a-f]{32}\b/ID32/g' | jq -S .
}
"$BIN" --profile "$profile" plan --json "$saved" 2>"$WORK/plan.stderr" | normalize >"$WORK/plan-headless.json" ||
  { cat "$WORK/plan.stderr" >&2; die "lainos-install plan rejected the saved answer file"; }
setpriv --reuid="$GUI_UID" --regid="$GUI_GID" --init-groups \
  busctl --address="$BUS" --json=short call org.lainos.Installer1 /org/lainos/Installer1 \
  org.lainos.Installer1 Plan s "$(cat "$saved")" | jq -r '.data[0]' | jq .plan | normalize >"$WORK/plan-service.json"
jq -e '.actions | length > 10' "$WORK/plan-headless.json" >/dev/null || die "the headless plan is empty"
diff -u "$WORK/plan-service.json" "$WORK/plan-headless.json" >&2 ||
  die "run headless, the saved answer file gives another plan than the service's"
echo "real-install: the saved file is the planned document, and run headless gives the same plan" >&2

# No password anywhere it must not be.
for f in "$WORK/service.log" "$WORK/gui.log" "$WORK/gui-de.log" "$WORK/install.log" "$saved"; do
  [[ -s $f ]] || die "$(basename "$f") is empty"
  if grep -qF -- "$password" "$f"; then die "the password appears in $(basename "$f")"; fi
done
echo "real-install: passed (install through the GUI onto $loop; the password is in no log)"
