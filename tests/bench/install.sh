#!/usr/bin/env bash
# Benchmark, in one run on the reference image (wall-clock seconds and ratios):
#  1. the unpack step of our install (from its JSON events) against `unsquashfs -d`
#     and against rsync from a loop-mounted squashfs (what Calamares does), each onto a
#     fresh ext4 filesystem on the same kind of loop device;
#  2. the whole install against the sum of its external tools (unsquashfs, dracut,
#     grub-install, grub-mkconfig) run by hand on the same disk.
# Needs root. Prints a table; asserts nothing about speed.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $(id -u) == 0 ]] || { echo "bench: needs root" >&2; exit 1; }
sfs=$(bash tests/reference-image.sh | tail -n 1)
cargo build --quiet --release --locked -p lainos-install
bin=$PWD/target/release/lainos-install
profile=$PWD/tests/profiles/debian-openrc.yaml
source tests/install/lib.sh
make_work bench
now() { date +%s.%N; }
fresh_fs() { # -> mount point of a fresh ext4 on a new loop device
  local img l
  img=$(mktemp "$work/fs.XXXX.img")
  truncate -s 4G "$img"
  l=$(losetup -f --show "$img")
  mkfs.ext4 -q -F "$l"
  mkdir -p "$img.mnt"
  mount -o noatime "$l" "$img.mnt"
  echo "$img.mnt"
}

# 1. unsquashfs and rsync baselines.
sync; echo 3 >/proc/sys/vm/drop_caches
d=$(fresh_fs); t0=$(now)
unsquashfs -f -no-progress -d "$d" "$sfs" >/dev/null
sync; t_unsq=$(echo "$(now) - $t0" | bc)

sync; echo 3 >/proc/sys/vm/drop_caches
d=$(fresh_fs); mkdir -p "$work/sq"; mount -t squashfs -o loop,ro "$sfs" "$work/sq"
t0=$(now)
rsync -aHAXx --numeric-ids "$work/sq/" "$d/"
sync; t_rsync=$(echo "$(now) - $t0" | bc)
umount "$work/sq"

# 2. Our whole install, with the unpack step's own time from the events.
img=$work/disk.img
truncate -s 8G "$img"
loop=$(losetup -fP --show "$img")
sed "s|/dev/disk/by-id/lainos-demo-disk|$loop|; s|/run/lainos-demo/rootfs.sfs|$sfs|" installer-config/examples/demo.yaml >"$work/answers.yaml"
sync; echo 3 >/proc/sys/vm/drop_caches
t0=$(now)
LAINOS_INSTALL_LOG=$work/install.log LAINOS_TARGET_DIR=$work/target \
  "$bin" install --yes --json-events --profile "$profile" "$work/answers.yaml" >"$work/events" 2>"$work/stderr"
t_install=$(echo "$(now) - $t0" | bc)
t_ours=$(python3 -c '
import json, sys
idx = None
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "step" and e["title"] == "Copying the system": idx = e["index"]
    if e["event"] == "step_done" and e["index"] == idx: print(e["seconds"])
' "$work/events")

# The external tools by hand, on the installed disk.
root=$work/byhand
mkdir -p "$root"
mount "${loop}p2" "$root"
for a in proc sys dev run; do mkdir -p "$root/$a"; done
mount -t proc proc "$root/proc"; mount --rbind /sys "$root/sys"; mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev"; mount --make-rslave "$root/dev"; mount -t tmpfs tmpfs "$root/run"
kver=$(ls "$root/usr/lib/modules")
t0=$(now); chroot "$root" dracut --force --no-hostonly --no-compress --no-uefi --kver "$kver" "/boot/initrd.img-$kver" 2>/dev/null; t_dracut=$(echo "$(now) - $t0" | bc)
t0=$(now); chroot "$root" grub-install --target=i386-pc "$loop" 2>/dev/null; t_gi=$(echo "$(now) - $t0" | bc)
t0=$(now); chroot "$root" grub-mkconfig -o /boot/grub/grub.cfg 2>/dev/null; t_gm=$(echo "$(now) - $t0" | bc)
t_tools=$(echo "$t_unsq + $t_dracut + $t_gi + $t_gm" | bc)

r() { echo "scale=2; $1 / $2" | bc; }
printf '\n%-44s %8s %8s\n' "measure (reference image $(du -h "$sfs" | cut -f1))" seconds ratio
printf '%-44s %8.1f %8s\n' "our unpack (install step)" "$t_ours" "1.00"
printf '%-44s %8.1f %8s\n' "unsquashfs -d" "$t_unsq" "$(r "$t_unsq" "$t_ours")"
printf '%-44s %8.1f %8s\n' "rsync -aHAX from a mounted squashfs" "$t_rsync" "$(r "$t_rsync" "$t_ours")"
printf '%-44s %8.1f %8s\n' "whole install" "$t_install" "1.00"
printf '%-44s %8.1f %8s\n' "  unsquashfs+dracut+grub-install+mkconfig" "$t_tools" "$(r "$t_tools" "$t_install")"
printf '%-44s %8.1f\n' "    of which dracut" "$t_dracut"
echo "(ratios: baseline time / ours; above 1 means ours is faster)"
