#!/usr/bin/env bash
# The real install service: `lainos-install service` with the ENGINE backend on a
# private system-like bus, driven by an unprivileged client (busctl as nobody, as the
# GUI would) through Plan and Install onto a loop device from the reference image.
# Proves the privileged path end to end: policy, confirm token, events, the installed
# disk, and that the password never reaches the service's log. Root only.
set -euo pipefail
# shellcheck source=tests/gui/lib.sh
source "$(dirname "$0")/lib.sh"
need busctl; need jq
cd "$ROOT"
cargo build --quiet --locked -p lainos-install
BIN=$TARGET/debug/lainos-install
sfs=$(bash tests/reference-image.sh | tail -n 1)
start_bus

img=$WORK/disk.img
truncate -s 6G "$img"
loop=$(losetup -fP --show "$img")
release() { umount -R "$WORK/mnt" 2>/dev/null || true; losetup -d "$loop" 2>/dev/null || true; cleanup; }
trap release EXIT
password='Service-Pa55word-4417'
yaml=$(cat <<YAML
version: 1
source: { squashfs: $sfs }
storage: { disk: $loop, layout: erase, firmware: bios, filesystem: ext4 }
system: { hostname: via-dbus }
users: [{ name: lain, password: "$password", admin: true }]
finish: none
YAML
)

LAINOS_LOG=info LAINOS_INSTALL_LOG=$WORK/install.log \
  "$BIN" --profile tests/profiles/debian-openrc.yaml service --bus-address "$BUS" --allowed-group "$GUI_GROUP" \
  2>"$WORK/real-service.log" &
PIDS+=($!)
for _ in $(seq 100); do grep -q serving "$WORK/real-service.log" && break; sleep 0.1; done
grep -q serving "$WORK/real-service.log" || { cat "$WORK/real-service.log" >&2; die "the real service did not start"; }

call() { # METHOD SIGNATURE ARGS... as nobody
  setpriv --reuid=$GUI_UID --regid=$GUI_GID --init-groups \
    busctl --address="$BUS" --json=short call org.lainos.Installer1 /org/lainos/Installer1 org.lainos.Installer1 "$@"
}

plan=$(call Plan s "$yaml" | jq -r '.data[0]')
token=$(jq -r .confirm_token <<<"$plan")
[[ ${#token} == 64 ]] || die "Plan gave no confirm token: $plan"
jq -e '.destructive | length > 0' <<<"$plan" >/dev/null || die "the plan names no destructive action"
if call Install ss "$yaml" "0000" >/dev/null 2>&1; then die "Install accepted a wrong confirm token"; fi
job=$(call Install ss "$yaml" "$token" | jq -r '.data[0]')
echo "engine service: job $job started" >&2
state=running
for _ in $(seq 900); do
  state=$(call Status | jq -r '.data[0]' | jq -r .state)
  [[ $state == running || $state == cancelling ]] || break
  sleep 1
done
[[ $state == succeeded ]] || { tail -n 30 "$WORK/install.log" >&2; die "the install through D-Bus ended in state $state"; }
mkdir -p "$WORK/mnt"
mount "${loop}p2" "$WORK/mnt"
[[ $(cat "$WORK/mnt/etc/hostname") == via-dbus ]] || die "the installed hostname is wrong"
grep -q '^lain:\$' "$WORK/mnt/etc/shadow" || die "user lain has no password hash"
umount "$WORK/mnt"
for f in "$WORK/real-service.log" "$WORK/install.log"; do
  if grep -qF "$password" "$f"; then die "the password appears in $(basename "$f")"; fi
done
echo "engine service: install through D-Bus as nobody succeeded (job $job)"
