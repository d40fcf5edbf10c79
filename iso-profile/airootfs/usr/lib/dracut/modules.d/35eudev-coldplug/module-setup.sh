#!/bin/bash
# dracut module: run eudev's udevd in a systemd-free initramfs (LainOS issue #7).
#
# dracut's non-systemd init starts "$systemdutildir/systemd-udevd --daemon" and then
# runs `udevadm trigger`. On a system without systemd that path can be empty or
# missing, udev never runs and root=UUID=... never appears. This module installs
# eudev's udevd under every name init may use and adds a pre-udev hook that makes
# sure the variable points at it.

# shellcheck disable=SC2154  # initdir, moddir, systemdutildir come from dracut

check() {
    # Needed on every host that has eudev's udevd; never on systemd hosts.
    _udevd="$(_eudev_udevd)" || return 1
    [ -n "$_udevd" ] || return 1
    return 0
}

depends() {
    echo udev-rules
    return 0
}

# Where eudev installs udevd on Arch-based systems (and a few fallbacks).
_eudev_udevd() {
    local p
    for p in /usr/bin/udevd /usr/sbin/udevd /sbin/udevd /usr/lib/udev/udevd /lib/udev/udevd; do
        if [ -x "$p" ] && [ ! -L "$p" ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

install() {
    local udevd target
    udevd="$(_eudev_udevd)" || {
        derror "35eudev-coldplug: eudev's udevd not found"
        return 1
    }
    inst_multiple udevadm "$udevd"
    # Every path dracut's init may try: "$systemdutildir"/systemd-udevd with the
    # configured, the default and an empty systemdutildir.
    for target in /usr/lib/systemd/systemd-udevd /lib/systemd/systemd-udevd /systemd-udevd; do
        if [ ! -e "${initdir}${target}" ]; then
            mkdir -p "${initdir}${target%/*}"
            ln -sf "$udevd" "${initdir}${target}"
        fi
    done
    inst_hook pre-udev 00 "$moddir/eudev-udevd.sh"
}
