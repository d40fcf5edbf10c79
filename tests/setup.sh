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
  dbus dbus-bin dbus-x11 systemd xvfb xauth x11-utils x11-apps imagemagick
  # tests/gui/setup-mode.sh types at the GUI on Xvfb (the keys QEMU types in oem-gui)
  xdotool
  # Protocol 7 daemon tests: bus clients and tools, setpriv/unshare, g++ for cargo-fuzz
  dbus-daemon util-linux g++
  # GUI fonts: Latin/Cyrillic/Arabic (Noto), CJK (WenQuanYi Micro Hei), fontconfig
  fontconfig fonts-dejavu-core fonts-noto-core fonts-wqy-microhei
  # GUI runtime libraries loaded by winit (X11 and Wayland)
  libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon0 libxkbcommon-x11-0 libwayland-client0
  # tests/gui/setup-mode.sh builds a small Xlib client that closes the window
  gcc libx11-dev
  # misc
  zstd xz-utils jq python3 procps file bc
  # tests/check-iso-profile.sh: shell lint, YAML and INI parsing
  shellcheck python3-yaml
)

find_missing() {
  missing=()
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
}
find_missing

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  # systemd is wanted only for busctl/loginctl as clients; never as PID 1 here.
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Installing one package can remove another that conflicts with it (a backported
  # qemu-utils goes when the distribution's qemu-system-x86 comes): a second pass puts
  # back the distribution's version, and a third failure is an error.
  find_missing
  if ((${#missing[@]})); then
    echo "setup: installing again what the first pass removed: ${missing[*]}" >&2
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    find_missing
    ((${#missing[@]} == 0)) || { echo "setup: still missing: ${missing[*]}" >&2; exit 1; }
  fi
else
  echo "setup: all system packages present" >&2
fi
for tool in qemu-img qemu-system-x86_64 mkfs.vfat mcopy cryptsetup xorriso debootstrap; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing after the package installation" >&2; exit 1; }
done

if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install --locked cargo-nextest
fi

# tests/gui/real-install.sh runs the GUI as an unprivileged member of wheel, the group
# the service's bus policy and its own check allow (never root).
getent group wheel >/dev/null || groupadd --system wheel
if ! id lainos-gui-test >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin lainos-gui-test
fi
id -nG lainos-gui-test | tr ' ' '\n' | grep -qx wheel || usermod -aG wheel lainos-gui-test

# The Protocol 7 daemons' root tests (run by `cargo nextest --workspace` in tests/run.sh
# and by tests/daemons.sh): the daemons' system users (the package makes them on LainOS),
# their group, and two ordinary users to switch sessions between.
getent group notify >/dev/null || groupadd -r notify
for u in lainos-login1 lainos-notifyd; do
  getent passwd "$u" >/dev/null || useradd -r -M -d /var/empty -s /usr/sbin/nologin "$u"
done
for u in p7-alice p7-bob; do
  getent passwd "$u" >/dev/null || useradd -m -s /bin/sh "$u"
done
