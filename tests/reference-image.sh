#!/usr/bin/env bash
# Builds (or reuses from tests/.cache/) the reference image the installer is proved on:
# Debian bookworm with OpenRC instead of systemd, dracut instead of initramfs-tools,
# GRUB for BIOS and UEFI, the filesystem tools, opendoas, locales, kbd, udev.
#
# Outputs, in tests/.cache/reference-<key>/ where <key> is a hash of this script
# (the package list and every file written into the image live in this script):
#   rootfs.sfs          the image, a zstd squashfs (what the installer unpacks)
#   rootfs.sfs.sha512   its SHA-512 in sha512sum format
#   vmlinuz             the image's kernel, to boot the live environment in QEMU
#   initrd-live.img     a dracut initramfs with dmsquash-live (root=live:...)
#   kver                the kernel version
# The path of rootfs.sfs is printed on the last line of standard output.
#
# --with-x builds (into reference-x-<key>/) the same image plus an X server, xinit and
# the libraries and fonts the graphical installer needs: scenario oem-gui of
# tests/vm/run runs first-boot setup in the GUI on it. The default image stays without
# X, as small as the install and boot tests need.
#
# Needs root, debootstrap, squashfs-tools and the machine's configured Debian mirror.
# Usage: tests/reference-image.sh [--force] [--with-x]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${LAINOS_TEST_CACHE:-$here/.cache}
mirror=${DEBIAN_MIRROR:-}
suite=bookworm
force=0
with_x=0
for arg in "$@"; do
  case $arg in
    --force) force=1 ;;
    --with-x) with_x=1 ;;
    *) echo "reference-image: error: unknown argument $arg (usage: $0 [--force] [--with-x])" >&2; exit 2 ;;
  esac
done

die() { echo "reference-image: error: $*" >&2; exit 1; }
log() { echo "reference-image: $*" >&2; }

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, chroot, mounts)"
for tool in debootstrap mksquashfs sha512sum flock; do
  command -v "$tool" >/dev/null || die "$tool is missing; run tests/setup.sh"
done

if [[ -z $mirror ]]; then
  # The machine's configured mirror (deb822 or one-line sources).
  mirror=$(grep -rhoE '^URIs: *\S+/debian/?$|^deb +\S+/debian/? ' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | head -n1 | sed -E 's/^URIs: *//; s/^deb +//; s/ *$//') || true
  [[ -n $mirror ]] || mirror=http://deb.debian.org/debian
fi

key=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)
((with_x)) && key=x-$key
out=$cache/reference-$key
mkdir -p "$cache"
exec 9>"$cache/.reference.lock"
flock 9

if [[ $force == 0 && -f $out/done ]]; then
  log "reusing $out (inputs unchanged)"
  echo "$out/rootfs.sfs"
  exit 0
fi

work=$cache/build-$key
root=$work/root
rm -rf "$work" "$out"
mkdir -p "$work"

mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { mkdir -p "$2"; mount --bind "$1" "$2"; mounted+=("$2"); }

start=$SECONDS
log "debootstrap $suite from $mirror"
# minbase has no init; systemd-sysv is kept out explicitly anyway.
debootstrap --variant=minbase --exclude=systemd-sysv "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }

bind /proc "$root/proc"
bind /sys "$root/sys"
bind /dev "$root/dev"
mkdir -p "$root/run"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

# No daemons start during the build; systemd may never be installed.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
cat >"$root/etc/apt/preferences.d/no-systemd" <<'EOF'
Package: systemd systemd-sysv libpam-systemd initramfs-tools initramfs-tools-core
Pin: release *
Pin-Priority: -1
EOF
cat >"$root/etc/apt/apt.conf.d/90lainos-test" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF

packages_init=(sysvinit-core openrc udev kmod procps)
packages_boot=(dracut dracut-live)
packages_kernel=(linux-image-amd64)
packages_tools=(
  grub-pc-bin grub-efi-amd64-bin grub2-common
  e2fsprogs btrfs-progs xfsprogs dosfstools cryptsetup cryptsetup-bin dmsetup
  util-linux fdisk mount passwd squashfs-tools zstd efibootmgr
  opendoas locales tzdata console-setup kbd
  os-prober
)
# --with-x: what `lainos-firstboot run --gui` starts at first boot: xinit, the X server
# (modesetting driver, libinput), and what the GUI loads (winit's X11 libraries, fonts).
packages_x=(
  xserver-xorg-core xserver-xorg-input-libinput xinit
  libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon0 libxkbcommon-x11-0
  fontconfig fonts-dejavu-core
)

log "installing OpenRC, dracut, kernel, GRUB and tools"
{
  in_root apt-get update
  in_root apt-get install -y "${packages_init[@]}"
  in_root apt-get install -y "${packages_boot[@]}"
  # INITRD=No: the kernel's postinst and dracut's trigger build no initramfs now; the
  # installer builds the installed system's, and this script the live one below.
  in_root INITRD=No apt-get install -y "${packages_kernel[@]}"
  in_root INITRD=No apt-get install -y "${packages_tools[@]}"
  if ((with_x)); then in_root apt-get install -y "${packages_x[@]}"; fi
  in_root apt-get clean
} >"$work/apt.log" 2>&1 || { tail -n 40 "$work/apt.log" >&2; die "apt-get failed in the image (log: $work/apt.log)"; }

if [[ -e $root/var/lib/dpkg/info/systemd.list || -e $root/lib/systemd/systemd ]]; then
  die "systemd got installed into the image"
fi
[[ -x $root/sbin/openrc || -x $root/usr/sbin/openrc ]] || die "openrc is missing from the image"

kver=$(find "$root/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)
[[ -n $kver && -f $root/boot/vmlinuz-$kver ]] || die "no kernel found in the image"
log "kernel $kver"

# --- configuration of the image -----------------------------------------------------
echo lainos-live >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tlainos-live\n' >"$root/etc/hosts"
: >"$root/etc/fstab"
: >"$root/etc/machine-id"
sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' "$root/etc/locale.gen"
in_root locale-gen >/dev/null

# The live user, as on the LainOS ISO (removed by the installer's live_cleanup).
in_root useradd -m -s /bin/bash -G users live
in_root passwd -d live >/dev/null
printf 'permit nopass live\n' >"$root/etc/doas.conf"
chmod 0400 "$root/etc/doas.conf"

# Serial console for the live and the installed system: OpenRC's output reaches
# ttyS0 through console=ttyS0; a getty there helps debugging by hand.
if [[ -f $root/etc/inittab ]] && ! grep -q ttyS0 "$root/etc/inittab"; then
  echo 'T0:23:respawn:/sbin/getty -L ttyS0 115200 vt100' >>"$root/etc/inittab"
fi
mkdir -p "$root/etc/rc.conf.d"
sed -i 's/^#\?rc_parallel=.*/rc_parallel="NO"/; s/^#\?rc_logger=.*/rc_logger="YES"/' "$root/etc/rc.conf"

# The live-only unattended-test hook: when the kernel command line says lainos.test=1,
# mount the scenario disk (label LAINOS_TEST) and run its live-run.sh, which runs the
# installer and powers off. Everything scenario-specific stays on that disk, outside
# this cached image. The installer removes this file and its runlevel link
# (live_cleanup in tests/profiles/debian-openrc.yaml).
cat >"$root/etc/init.d/lainos-test-live" <<'EOF'
#!/sbin/openrc-run
# Live-only: runs the unattended boot-test scenario from the disk labelled LAINOS_TEST.
description="LainOS boot tests: unattended install in the live environment"

depend() {
	after *
}

start() {
	grep -qw 'lainos.test=1' /proc/cmdline || return 0
	dev=$(blkid -L LAINOS_TEST) || { eerror "no disk labelled LAINOS_TEST"; echo "LAINOS-LIVE FAIL no-test-disk" >/dev/console; return 1; }
	mkdir -p /run/lainos-test
	mount -o ro "$dev" /run/lainos-test || return 1
	ebegin "Running the boot-test scenario from $dev"
	# Detached (own session, no fd of OpenRC's) so that the runlevel finishes;
	# live-run.sh powers the guest off.
	setsid -f /bin/sh /run/lainos-test/live-run.sh </dev/null >/dev/console 2>&1
	eend $?
}
EOF
chmod 0755 "$root/etc/init.d/lainos-test-live"
in_root rc-update add lainos-test-live default >/dev/null

# Debian's openrc puts every LSB script of rcS into sysinit (udev, hostname.sh,
# mountall.sh, ...) and the rc2 ones into default: nothing to add here.

# --- the live initramfs (dmsquash-live), built once here --------------------------------
log "building the live initramfs"
live_modules="dmsquash-live"
[[ -d $root/usr/lib/dracut/modules.d/90overlayfs ]] && live_modules+=" overlayfs"
in_root dracut --force --no-hostonly --no-hostonly-cmdline --no-uefi \
  --add "$live_modules" \
  --omit "plymouth network network-legacy ifcfg nfs iscsi nbd fcoe fcoe-uefi multipath mdraid dmraid lvm biosdevname cifs" \
  --add-drivers "virtio_blk virtio_pci virtio_scsi sr_mod iso9660 squashfs overlay loop" \
  --compress zstd --kver "$kver" /tmp/initrd-live.img >"$work/dracut-live.log" 2>&1 \
  || { tail -n 30 "$work/dracut-live.log" >&2; die "dracut (live) failed"; }

mkdir -p "$work/out"
mv "$root/tmp/initrd-live.img" "$work/out/initrd-live.img"
cp "$root/boot/vmlinuz-$kver" "$work/out/vmlinuz"
echo "$kver" >"$work/out/kver"

# The image ships no initramfs: the installer must build the installed system's.
rm -f "$root"/boot/initrd.img-* "$root"/initrd.img "$root"/initrd.img.old
rm -f "$root/usr/sbin/policy-rc.d"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/tmp/* "$root"/var/log/*.log

cleanup
mounted=()

log "packing the squashfs (zstd)"
mksquashfs "$root" "$work/out/rootfs.sfs" -comp zstd -b 1M -noappend -quiet >"$work/mksquashfs.log" 2>&1 \
  || { tail -n 20 "$work/mksquashfs.log" >&2; die "mksquashfs failed"; }
(cd "$work/out" && sha512sum rootfs.sfs >rootfs.sfs.sha512)
date -u +%FT%TZ >"$work/out/done"

mv "$work/out" "$out"
rm -rf "$work"
log "built $out in $((SECONDS - start)) s ($(du -h "$out/rootfs.sfs" | cut -f1))"
echo "$out/rootfs.sfs"
