#!/bin/sh
# Runs in the LIVE guest (started by the image's lainos-test-live service from the
# scenario disk mounted read-only at /run/lainos-test). Runs the installer on the
# answer file, reports on the serial console and powers the guest off.
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
# The answer file may hold secrets: created private, never chmod-ed afterwards.
answers=/run/lainos-test-answers.yaml
(umask 077 && cp "$T/answers.yaml" "$answers")
mode=$(cat "$T/mode")

export LAINOS_TEST=1
rc=0
start=$(cut -d' ' -f1 /proc/uptime)
if [ "$mode" = stand-in ]; then
  say "LAINOS-LIVE RUNNING STAND-IN tests/vm/fake-install (not the real installer)"
  { sh "$T/fake-install" "$answers" "$T/profile.yaml" 2>&1 || echo "rc=$?" >/run/lainos-rc; } | tee /run/lainos-install.out >"$con"
else
  say "LAINOS-LIVE RUNNING lainos-install --profile $T/profile.yaml install $answers --yes"
  { "$T/lainos-install" --profile "$T/profile.yaml" install "$answers" --yes 2>&1 </dev/null || echo "rc=$?" >/run/lainos-rc; } | tee /run/lainos-install.out >"$con"
fi
if [ -f /run/lainos-rc ]; then rc=$(sed 's/^rc=//' /run/lainos-rc); fi
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
sleep 1
poweroff -f
