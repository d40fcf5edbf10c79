#!/usr/bin/env bash
# shellcheck disable=SC2034
# mkarchiso profile definition for the LainOS Layer 02 live ISO.
# Sourced by mkarchiso (and by tests/check-iso-profile.sh); sets variables only.

iso_name="lainOS-layer-02"
iso_label="LAINOS_$(date --date="@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y%m)"
iso_publisher="LainOS <https://lainos.net>"
iso_application="LainOS Layer 02 Live/Install medium"
iso_version="$(date --date="@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y.%m.%d)"
# The installer reads /run/initramfs/live/arch/x86_64/airootfs.sfs and its .sha512
# (profile.yaml `source:`), so the directory on the medium must be `arch`.
install_dir="arch"
buildmodes=('iso')
bootmodes=('bios.syslinux.mbr' 'bios.syslinux.eltorito'
           'uefi-x64.grub.esp' 'uefi-x64.grub.eltorito')
arch="x86_64"
pacman_conf="pacman.conf"
airootfs_image_type="squashfs"
# zstd instead of archiso's default xz: unpacking to the target is 2.5-3x faster
# (15.2 s against 5.3-5.9 s for a 1.6 GB tree) for about 10 % more size.
airootfs_image_tool_options=('-comp' 'zstd' '-Xcompression-level' '19' '-b' '1M')
# mkarchiso's _mkchecksum always writes arch/x86_64/airootfs.sha512 for an iso build
# ("<hash>  airootfs.sfs", relative name); lainos-install checks it before unpacking
# (profile.yaml `source.checksum_file`). `-Xcompression-level 19` keeps the ISO close
# to the xz size.
file_permissions=(
  ["/etc/shadow"]="0:0:400"
  ["/etc/gshadow"]="0:0:400"
  ["/etc/doas.conf"]="0:0:400"
  ["/root"]="0:0:750"
  ["/home/liveuser"]="1000:1000:700"
  ["/usr/local/bin/lainos-live-initramfs"]="0:0:755"
  ["/usr/lib/dracut/modules.d/35eudev-coldplug/module-setup.sh"]="0:0:755"
  ["/usr/lib/dracut/modules.d/35eudev-coldplug/eudev-udevd.sh"]="0:0:755"
)
