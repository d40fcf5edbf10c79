#!/usr/bin/env bash
# Screenshots of every page under Xvfb, the GUI (as nobody) driving the service with the
# fake backend over a private bus. PNGs land in tests/gui/out/ for a person to look at.
# Also checks that the GUI-driven install reached its end through the service.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OUT=$ROOT/tests/gui/out
rm -rf "$OUT"; mkdir -p "$OUT"
start_bus
start_service 1500
start_xvfb

shot() { # lang page seconds [variant extra-gui-arguments...]
  local lang=$1 page=$2 secs=$3 variant=${4:-}
  local base="$lang-$page${variant:+-$variant}"
  shift $(($# < 4 ? $# : 4))
  local name="$OUT/$base.png" log="$WORK/gui-$base.log"
  gui --lang "$lang" --goto "$page" "$@" >"$log" 2>&1 &
  local pid=$!
  if [[ $page == done ]]; then
    # Wait for the install the GUI drives through the service, then for the frame.
    for _ in $(seq $((secs * 10))); do grep -q 'install finished' "$log" && break; sleep 0.1; done
    secs=1
  fi
  sleep "$secs"
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the GUI exited early ($lang $page)"; }
  import -display "$DISPLAY_NUM" -window root "$name"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local colours
  colours=$(identify -format '%k' "$name")
  ((colours > 20)) || die "$name looks blank ($colours colours)"
  if [[ $page == done ]]; then
    grep -q 'install finished outcome=Some(Succeeded)' "$log" ||
      { cat "$log" >&2; die "the GUI-driven install did not succeed ($lang)"; }
  fi
  echo "screenshot: $name ($colours colours)"
  # A job the GUI started keeps running in the service after the GUI is gone.
  wait_idle
}

wait_idle() {
  for _ in $(seq 300); do
    local started finished
    started=$(grep -c 'install started' "$WORK/service.log" || true)
    finished=$(grep -c 'install finished' "$WORK/service.log" || true)
    ((started == finished)) && return 0
    sleep 0.1
  done
  die "the service's job did not end"
}

for lang in en de fr es it pt-BR pl ru ja zh-CN ar; do shot "$lang" welcome 3; done
for page in location keyboard disk users summary; do shot en "$page" 3; done
shot en install 6
shot en done 40
for lang in ar ja zh-CN; do
  for page in disk users summary; do shot "$lang" "$page" 3; done
done
# The manual layout: the fake disk's partitions assigned (EFI reused, / formatted) and
# a new swap partition, left to right and right to left.
shot en disk 3 manual --goto-manual
shot ar disk 3 manual --goto-manual
shot en summary 3 manual --goto-manual
# Install alongside (storage branch): the largest free space and the partitions that
# stay on the disk page, encrypted (the keymap hint); the summary's "These partitions
# stay". The manual summary above lists the kept EFI partition and the unlocked /home.
shot en disk 3 alongside --goto-alongside
shot ar disk 3 alongside --goto-alongside
shot en summary 3 alongside --goto-alongside
shot ja summary 3 alongside --goto-alongside
shot de disk 3 manual --goto-manual
shot ar install 6
shot zh-CN done 40
shot de summary 3
shot ru users 3
grep -q 'install finished.*ok=true' "$WORK/service.log" || die "the service saw no successful install"
echo "screenshots: $(ls "$OUT" | wc -l) files in $OUT"
