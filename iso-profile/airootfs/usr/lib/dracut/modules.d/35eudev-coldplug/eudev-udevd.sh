#!/bin/sh
# pre-udev hook of 35eudev-coldplug: sourced by dracut's init just before it starts
# "$systemdutildir"/systemd-udevd. Points systemdutildir at a directory holding
# eudev's udevd if the value init computed does not.

# shellcheck disable=SC2154  # systemdutildir is init's variable
if [ ! -x "${systemdutildir}/systemd-udevd" ]; then
    for _d in /usr/lib/systemd /lib/systemd; do
        if [ -x "$_d/systemd-udevd" ]; then
            warn "35eudev-coldplug: systemdutildir '${systemdutildir}' has no udevd, using $_d"
            systemdutildir="$_d"
            export systemdutildir
            break
        fi
    done
    unset _d
fi
if [ ! -x "${systemdutildir}/systemd-udevd" ]; then
    warn "35eudev-coldplug: no udevd in the initramfs; /dev/disk/by-* links will be missing"
fi
