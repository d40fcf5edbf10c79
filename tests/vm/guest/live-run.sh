#!/bin/sh
# Runs in the LIVE guest (started by the image's lainos-test-live service from the
# scenario disk mounted read-only at /run/lainos-test). Puts the installer where the
# LainOS packages put it and starts its unattended service (lainos-auto-install), which
# reads the answer file named on the kernel command line; waits for the outcome,
# reports on the serial console; the installer powers the guest off (finish: poweroff),
# or this script does after a failure.
# Serial markers read by tests/vm/run:
#   LAINOS-LIVE START
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
start=$(cut -d' ' -f1 /proc/uptime)
if [ "$mode" = stand-in ]; then
  # The answer file may hold secrets: created private, never chmod-ed afterwards.
  answers=/run/lainos-test-answers.yaml
  (umask 077 && cp "$T/answers.yaml" "$answers")
  say "LAINOS-LIVE RUNNING STAND-IN tests/vm/fake-install (not the real installer)"
  { sh "$T/fake-install" "$answers" "$T/profile.yaml" 2>&1 || echo "rc=$?" >/run/lainos-rc; } | tee /run/lainos-install.out >"$con"
  if [ -f /run/lainos-rc ]; then rc=$(sed 's/^rc=//' /run/lainos-rc); fi
else
  # The product's own unattended path, as on the LainOS medium: the installer, its
  # profile and its OpenRC service where the packages put them; the kernel command line
  # names the answer file (lainos.answers=LABEL=LAINOS_TEST:/answers.yaml).
  install -m 0755 "$T/lainos-install" /usr/bin/lainos-install
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
left=$(grep -E '^/dev/(vda|mapper/)' /proc/mounts || true)
if [ -n "$left" ]; then
  say "LAINOS-LIVE LEFTOVER-MOUNTS $(echo "$left" | tr '\n' ';')"
fi
if grep -q '^/dev/vda' /proc/swaps; then
  say "LAINOS-LIVE LEFTOVER-MOUNTS swap-still-active-on-target"
fi

say "LAINOS-LIVE DONE"
sync
if [ "$mode" != stand-in ] && [ "$rc" = 0 ]; then
  # A successful install powers the machine off itself (finish: poweroff, after its
  # countdown); this is only the fallback, which tests/vm/run counts as a failure.
  sleep 90
  say "LAINOS-LIVE FALLBACK-POWEROFF (the installer did not power off)"
fi
sleep 1
poweroff -f
