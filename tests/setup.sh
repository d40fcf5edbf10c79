#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian machine that has
# only the Rust toolchain. Idempotent: a second run installs nothing new.
# Run as root (CI and the developers' machines are root).
set -euo pipefail

packages=(
  # build: libblkid-rs (bindgen needs clang), pkg-config
  pkg-config clang libclang-dev libblkid-dev
  # filesystems and partitioning used by the engine and its tests
  util-linux fdisk e2fsprogs btrfs-progs xfsprogs dosfstools mtools squashfs-tools
  cryptsetup-bin rsync
  # reference image and boot tests
  debootstrap qemu-system-x86 qemu-utils ovmf seabios xorriso
  # daemons and GUI tests
  dbus dbus-x11 systemd xvfb xauth x11-utils imagemagick
  # misc
  zstd xz-utils jq python3 procps file
  # tests/check-iso-profile.sh: shell lint, YAML and INI parsing
  shellcheck python3-yaml
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  # systemd is wanted only for busctl/loginctl as clients; never as PID 1 here.
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all system packages present" >&2
fi

if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install --locked cargo-nextest
fi
