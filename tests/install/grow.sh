#!/usr/bin/env bash
# Growing the root at first boot, on loop devices with real filesystems: for ext4, xfs
# and btrfs, a GPT disk (BIOS boot partition, root last) is made at 512 MiB, its root
# formatted, the disk file then made 1.5 GiB (an image copied onto a larger disk) and
# attached again; `lainos-firstboot grow-root --root MOUNTPOINT` (the first step of
# first-boot setup, outside its journal) must move the backup GPT to the disk's end,
# grow the mounted root partition (partx/BLKPG) and its filesystem online, and a
# second run must change nothing. Needs root and loop devices; fails (never skips)
# without them. Online ext4 growth (EXT4_IOC_RESIZE_FS) needs CAP_SYS_RESOURCE: where
# root lacks it (some sandboxes), the ext4 round checks that the table and the kernel
# were updated and that grow-root fails naming resize2fs, and says loudly that online
# ext4 growth was not proven here (the QEMU scenario oem-image proves it).
#
#   bash tests/install/grow.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

source tests/install/lib.sh
require_root_and_loop "loop devices, mounts"
for t in sfdisk partx resize2fs mkfs.ext4 mkfs.xfs xfs_growfs mkfs.btrfs btrfs blockdev; do
  command -v "$t" >/dev/null || die "$t is missing; run tests/setup.sh"
done
cargo build --quiet --locked -p lainos-firstboot
fb=${CARGO_TARGET_DIR:-$repo/target}/debug/lainos-firstboot

make_work grow
mib=$((1024 * 1024))

# attach FILE N: attaches FILE with partition scanning and waits for its partition
# node N (the kernel adds the nodes a moment after losetup returns); prints the device.
attach() {
  local dev
  dev=$(losetup -fP --show "$1")
  for _ in $(seq 100); do
    [[ -b ${dev}p$2 ]] && break
    partx -a "$dev" 2>/dev/null || true
    sleep 0.1
  done
  [[ -b ${dev}p$2 ]] || die "no ${dev}p$2 after attaching $1 (partition scanning)"
  echo "$dev"
}

# CAP_SYS_RESOURCE is bit 24 of the effective capabilities.
cap_eff=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
has_sys_resource=$(((0x$cap_eff >> 24) & 1))
ext4_unproven=0

for fs in xfs btrfs ext4; do
  note "grow $fs: 512 MiB image on a 1.5 GiB disk"
  img=$work/$fs.img
  truncate -s 512M "$img"
  sfdisk -q "$img" <<'TABLE'
label: gpt
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, name=bios-boot
start=4096, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=root
TABLE
  d=$(attach "$img" 2)
  case $fs in
    ext4) mkfs.ext4 -q -F "${d}p2" ;;
    xfs) mkfs.xfs -q -f "${d}p2" ;;
    btrfs) mkfs.btrfs -q -f "${d}p2" >/dev/null ;;
  esac
  losetup -d "$d"
  truncate -s 1536M "$img"
  d=$(attach "$img" 2)
  m=$work/m-$fs
  mkdir -p "$m"
  mount "${d}p2" "$m"
  before_part=$(blockdev --getsize64 "${d}p2")
  before_fs=$(df -B1 --output=size "$m" | tail -n1 | tr -d ' ')

  start=$SECONDS
  rc=0
  "$fb" grow-root --root "$m" >"$work/$fs.out" 2>&1 || rc=$?
  if [[ $fs == ext4 ]] && ((!has_sys_resource)); then
    check "ext4 without CAP_SYS_RESOURCE: grow-root fails (exit $rc)" test "$rc" = 1
    check "ext4 without CAP_SYS_RESOURCE: it names resize2fs" grep -q 'resize2fs .*exited with status' "$work/$fs.out"
    check "ext4 without CAP_SYS_RESOURCE: the partition grew all the same" test "$(blockdev --getsize64 "${d}p2")" -gt "$before_part"
    check "ext4 without CAP_SYS_RESOURCE: the GPT ends at the disk's end" test "$(sfdisk -d "$d" | sed -n 's/^last-lba: *//p')" = $(($(blockdev --getsz "$d") - 34))
    ext4_unproven=1
    umount "$m"
    losetup -d "$d"
    continue
  fi
  ((rc == 0)) || { cat "$work/$fs.out" >&2; die "grow-root failed on $fs (exit $rc)"; }
  note "grow $fs: $((SECONDS - start)) s: $(tail -n1 "$work/$fs.out")"
  check "$fs: it says it grew ${d}p2" grep -q "grew ${d}p2" "$work/$fs.out"
  disk_sectors=$(blockdev --getsz "$d")
  part=$(blockdev --getsize64 "${d}p2")
  pstart=$(cat "/sys/class/block/${d##*/}p2/start")
  psize=$(cat "/sys/class/block/${d##*/}p2/size")
  check "$fs: the kernel sees the root partition larger ($before_part -> $part bytes)" test "$part" -gt "$before_part"
  check "$fs: it ends at the last 1 MiB boundary before the backup GPT" test $(((pstart + psize) * 512)) = $(((disk_sectors - 34) * 512 / mib * mib))
  check "$fs: the GPT's last usable sector is at the disk's end" test "$(sfdisk -d "$d" | sed -n 's/^last-lba: *//p')" = $((disk_sectors - 34))
  check "$fs: sfdisk finds no problem in the table" sfdisk --verify "$d"
  check "$fs: the protective MBR spans the disk" bash -c "! sfdisk -d '$d' 2>&1 | grep -q 'PMBR size mismatch'"
  check "$fs: the table on the disk says the same as the kernel" test "$(sfdisk -d "$d" | sed -n "s|^${d}p2 : start= *\([0-9]*\), size= *\([0-9]*\),.*|\1 \2|p")" = "$pstart $psize"
  after_fs=$(df -B1 --output=size "$m" | tail -n1 | tr -d ' ')
  check "$fs: the mounted filesystem grew ($before_fs -> $after_fs bytes)" test "$after_fs" -gt $((before_fs * 2))
  check "$fs: and fills its partition" test "$after_fs" -ge $((part * 9 / 10))
  touch "$m/still-writable"

  table=$(sfdisk -d "$d")
  rc=0
  "$fb" grow-root --root "$m" >"$work/$fs.again" 2>&1 || rc=$?
  check "$fs: a second run succeeds (exit $rc)" test "$rc" = 0
  check "$fs: a second run says it already fills the disk" grep -q 'already fills its disk' "$work/$fs.again"
  check "$fs: a second run leaves the table as it was" test "$(sfdisk -d "$d")" = "$table"
  check "$fs: a second run leaves the filesystem size" test "$(df -B1 --output=size "$m" | tail -n1 | tr -d ' ')" = "$after_fs"
  umount "$m"
  case $fs in
    ext4) check "$fs: fsck finds the grown filesystem clean" e2fsck -fn "${d}p2" ;;
    xfs) check "$fs: xfs_repair finds the grown filesystem clean" xfs_repair -n "${d}p2" ;;
    btrfs) check "$fs: btrfs check finds the grown filesystem clean" btrfs check --readonly "${d}p2" ;;
  esac
  losetup -d "$d"
done

# A root that does not fill the disk because another partition follows it is left.
note "a root that is not the last partition"
img=$work/notlast.img
truncate -s 512M "$img"
sfdisk -q "$img" <<'TABLE'
label: gpt
start=2048, size=409600, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=root
start=411648, type=0657FD6D-A4AB-43C4-84E5-0933C84B4F4F, name=swap
TABLE
d=$(attach "$img" 1)
mkfs.ext4 -q -F "${d}p1"
losetup -d "$d"
truncate -s 1G "$img"
d=$(attach "$img" 1)
m=$work/m-notlast
mkdir -p "$m"
mount "${d}p1" "$m"
before=$(blockdev --getsize64 "${d}p1")
rc=0
"$fb" grow-root --root "$m" >"$work/notlast.out" 2>&1 || rc=$?
check "a root followed by another partition is not grown (exit $rc, 2 expected)" test "$rc" = 2
check "it says why" grep -q "is not the last partition" "$work/notlast.out"
check "the root partition kept its size" test "$(blockdev --getsize64 "${d}p1")" = "$before"
check "the backup GPT was still moved to the disk's end" test "$(sfdisk -d "$d" | sed -n 's/^last-lba: *//p')" = $(($(blockdev --getsz "$d") - 34))
umount "$m"
losetup -d "$d"

echo "grow loop tests: $passed checks passed"
if ((ext4_unproven)); then
  echo "NOTE: root here lacks CAP_SYS_RESOURCE (CapEff $cap_eff), so online ext4 growth (resize2fs on a mounted filesystem) could not run: only its partition part was checked. tests/vm/run oem-image proves it." >&2
fi
