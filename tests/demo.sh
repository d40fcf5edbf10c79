#!/usr/bin/env bash
# The README's main job: build the installer, build (or reuse) the reference image,
# attach a fresh disk image to a loop device, install onto it from
# installer-config/examples/demo.yaml with the progress bar, and print the QEMU
# command that boots the result. Run as root after `bash tests/setup.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
[[ $(id -u) == 0 ]] || { echo "demo: run as root (it attaches a loop device)" >&2; exit 1; }

cargo build --release --locked -p lainos-install
sfs=$(bash tests/reference-image.sh | tail -n 1)

demo=$repo/tests/.cache/demo
mkdir -p "$demo" /run/lainos-demo /dev/disk/by-id
ln -sfn "$sfs" /run/lainos-demo/rootfs.sfs
ln -sfn "$sfs.sha512" /run/lainos-demo/rootfs.sfs.sha512

# A fresh 8 GiB sparse disk image; an earlier demo's loop device is released first.
img=$demo/disk.img
for l in $(losetup -j "$img" -O NAME -n 2>/dev/null); do losetup -d "$l"; done
rm -f "$img"
truncate -s 8G "$img"
loop=$(losetup -fP --show "$img")
ln -sfn "$loop" /dev/disk/by-id/lainos-demo-disk
release() { losetup -d "$loop" 2>/dev/null || true; rm -f /dev/disk/by-id/lainos-demo-disk; }
trap release EXIT

bin=target/release/lainos-install
profile=tests/profiles/debian-openrc.yaml
answers=installer-config/examples/demo.yaml
"$bin" validate "$answers"
"$bin" plan --profile "$profile" "$answers"
LAINOS_INSTALL_LOG=$demo/install.log "$bin" install --yes --profile "$profile" "$answers"

cat <<MSG

The demo disk is $img (user lain, password lain). Boot it with:

  qemu-system-x86_64 -accel tcg -m 1024 -nic none -display none -serial mon:stdio \\
    -drive file=$img,format=raw,if=virtio

MSG
