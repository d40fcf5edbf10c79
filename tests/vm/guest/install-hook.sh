#!/bin/sh
# Post-install hook of the boot tests (chroot: false), run by lainos-install in the
# live guest. Copies the boot check from the scenario disk into the installed system,
# whose root the installer names in $LAINOS_TARGET. A second hook (chroot: true)
# enables the service with rc-update.
set -eu
: "${LAINOS_TARGET:?lainos-install must set LAINOS_TARGET for post-install hooks}"
T=/run/lainos-test
[ -d "$LAINOS_TARGET/etc/init.d" ] || { echo "install-hook: $LAINOS_TARGET is not an installed root" >&2; exit 1; }
install -D -m 0755 "$T/boot-check" "$LAINOS_TARGET/usr/local/sbin/lainos-boot-check"
install -D -m 0755 "$T/lainos-boot-check.initd" "$LAINOS_TARGET/etc/init.d/lainos-boot-check"
install -D -m 0644 "$T/expected" "$LAINOS_TARGET/etc/lainos-boot-check.expected"
# The test fixtures (manifest of a kept /home), sourced by the boot check.
install -D -m 0644 "$T/fixtures.sh" "$LAINOS_TARGET/usr/local/lib/lainos-test/fixtures.sh"
# Test machine only: keep udev from loading drivers for emulated hardware nobody uses
# (each costs seconds under QEMU's software emulation). Same list as tests/vm/run.
install -D -m 0644 "$T/modprobe-blacklist.conf" "$LAINOS_TARGET/etc/modprobe.d/lainos-boot-test.conf"
# Scenario oem-gui: the graphical installer and its branding where the LainOS package
# puts them, for first-boot setup in the GUI (the reference image has no such package).
if [ -f "$T/lainos-installer" ]; then
  install -D -m 0755 "$T/lainos-installer" "$LAINOS_TARGET/usr/bin/lainos-installer"
  mkdir -p "$LAINOS_TARGET/usr/share/lainos-installer/branding"
  cp -r "$T/branding/lainos" "$LAINOS_TARGET/usr/share/lainos-installer/branding/"
  echo "install-hook: graphical installer copied into $LAINOS_TARGET"
fi
echo "install-hook: boot check copied into $LAINOS_TARGET"
