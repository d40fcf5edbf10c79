#!/bin/sh
# Runs in the LIVE guest (started by the image's lainos-test-live service from the
# scenario disk mounted read-only at /run/lainos-test). Puts the installer where the
# LainOS packages put it and starts its unattended service (lainos-auto-install), which
# reads the answer file named on the kernel command line; waits for the outcome,
# reports on the serial console; the installer powers the guest off (finish: poweroff),
# or this script does after a failure. Mode `image` (scenario oem-image) runs image
# mode instead and powers off itself.
# Serial markers read by tests/vm/run:
#   LAINOS-LIVE START
#   LAINOS-LIVE PREPARED | LAINOS-LIVE PREPARE-FAILED   (scenarios with prepare-in-guest.sh)
#   LAINOS-INSTALL-EXIT <status>
#   LAINOS-LIVE LEFTOVER-MOUNTS <lines>   (the installer left target mounts behind)
#   LAINOS-LIVE DONE
set -eu

T=/run/lainos-test
con=/dev/ttyS0
say() { echo "$*" >"$con"; }

say "LAINOS-LIVE START $(cat /proc/uptime)"
mode=$(cat "$T/mode")
status=/run/lainos-install.status

export LAINOS_TEST=1
rc=0
# A scenario's own preparation of the target that needs the guest's kernel
# (device-mapper: keep-home-luks makes an encrypted /home): tests/vm/run puts it on the
# scenario disk as prepare-in-guest.sh. Its failure is not the installer's.
prepare_failed=
if [ -f "$T/prepare-in-guest.sh" ]; then
  say "LAINOS-LIVE PREPARING the target (prepare-in-guest.sh)"
  if sh "$T/prepare-in-guest.sh" >"$con" 2>&1; then
    say "LAINOS-LIVE PREPARED"
  else
    prepare_failed=1
    say "LAINOS-LIVE PREPARE-FAILED"
  fi
fi
start=$(cut -d' ' -f1 /proc/uptime)
if [ -n "$prepare_failed" ]; then
  rc=95
elif [ "$mode" = stand-in ]; then
  # The answer file may hold secrets: created private, never chmod-ed afterwards.
  answers=/run/lainos-test-answers.yaml
  (umask 077 && cp "$T/answers.yaml" "$answers")
  say "LAINOS-LIVE RUNNING STAND-IN tests/vm/fake-install (not the real installer)"
  { sh "$T/fake-install" "$answers" "$T/profile.yaml" 2>&1 || echo "rc=$?" >/run/lainos-rc; } | tee /run/lainos-install.out >"$con"
  if [ -f /run/lainos-rc ]; then rc=$(sed 's/^rc=//' /run/lainos-rc); fi
elif [ "$mode" = image ]; then
  # Image mode (scenario oem-image): lainos-install writes a BIOS+UEFI disk image
  # into a file on an ext4 made on the target disk /dev/vda (the host takes the file
  # out of it afterwards). The first-boot program goes beside the installer, where
  # the profile (oem.provide: copy) expects it.
  install -m 0755 "$T/lainos-install" /usr/bin/lainos-install
  install -m 0755 "$T/lainos-firstboot" /usr/bin/lainos-firstboot
  mkdir -p /etc/lainos-installer
  install -m 0644 "$T/profile.yaml" /etc/lainos-installer/profile.yaml
  out=/run/lainos-image-out
  size=$(cat "$T/image-size")
  mkdir -p "$out"
  if mkfs.ext4 -q -F -L LAINOS_IMGOUT /dev/vda && mount /dev/vda "$out"; then
    say "LAINOS-LIVE RUNNING lainos-install install answers.yaml --image $out/oem.img --size $size"
    lainos-install install "$T/answers.yaml" --image "$out/oem.img" --size "$size" >"$con" 2>&1 || rc=$?
    # The installer must have detached the image, whatever happened.
    if losetup -a | grep -q oem.img; then
      say "LAINOS-LIVE LEFTOVER-MOUNTS loop device still attached: $(losetup -a | tr '\n' ';')"
    fi
    ls -ls "$out" >"$con" 2>&1 || true
    sync
    umount "$out" || say "LAINOS-LIVE could not unmount $out"
  else
    say "LAINOS-LIVE could not make the output filesystem on /dev/vda"
    rc=97
  fi
else
  # The product's own unattended path, as on the LainOS medium: the installer, its
  # profile and its OpenRC service where the packages put them; the kernel command line
  # names the answer file (lainos.answers=LABEL=LAINOS_TEST:/answers.yaml).
  install -m 0755 "$T/lainos-install" /usr/bin/lainos-install
  # OEM installs (scenario oem-gui): the first-boot program beside the installer.
  if [ -f "$T/lainos-firstboot" ]; then install -m 0755 "$T/lainos-firstboot" /usr/bin/lainos-firstboot; fi
  mkdir -p /etc/lainos-installer
  install -m 0644 "$T/profile.yaml" /etc/lainos-installer/profile.yaml
  install -m 0755 "$T/lainos-auto-install.initd" /etc/init.d/lainos-auto-install
  say "LAINOS-LIVE RUNNING rc-service lainos-auto-install start ($(tr ' ' '\n' </proc/cmdline | grep '^lainos.answers='))"
  rc-service lainos-auto-install start >"$con" 2>&1 || say "LAINOS-LIVE the service did not start"
  # The install runs in the background; its outcome is the status file.
  while [ ! -f "$status" ]; do
    if ! pgrep -x lainos-install >/dev/null; then
      sleep 2
      [ -f "$status" ] || { say "LAINOS-LIVE the installer ended without a status"; break; }
    fi
    sleep 1
  done
  if [ -f "$status" ]; then rc=$(sed -n 's/^exit=//p' "$status"); else rc=unknown; fi
fi
end=$(cut -d' ' -f1 /proc/uptime)
say "LAINOS-INSTALL-EXIT $rc seconds=$(echo "$start $end" | awk '{printf "%d", $2 - $1}')"

# The installer's own log on the live system, if it wrote one.
for f in /var/log/lainos-install.log /run/lainos-install.log; do
  if [ -f "$f" ]; then
    say "LAINOS-LOG-BEGIN $f"
    cat "$f" >"$con"
    say "LAINOS-LOG-END $f"
  fi
done

# Every target mount must be gone, whatever the outcome.
left=$(grep -E '^/dev/(vda|mapper/)| /run/lainos-install/' /proc/mounts || true)
if [ -n "$left" ]; then
  say "LAINOS-LIVE LEFTOVER-MOUNTS $(echo "$left" | tr '\n' ';')"
fi
if grep -q '^/dev/vda' /proc/swaps; then
  say "LAINOS-LIVE LEFTOVER-MOUNTS swap-still-active-on-target"
fi

say "LAINOS-LIVE DONE"
sync
if [ "$mode" = real ] && [ "$rc" = 0 ]; then
  # A successful install powers the machine off itself (finish: poweroff, after its
  # countdown); this is only the fallback, which tests/vm/run counts as a failure.
  sleep 90
  say "LAINOS-LIVE FALLBACK-POWEROFF (the installer did not power off)"
fi
sleep 1
poweroff -f
