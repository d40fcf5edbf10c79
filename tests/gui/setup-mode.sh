#!/usr/bin/env bash
# The GUI's setup mode (first boot of an OEM install) under Xvfb, with no installer
# service and no bus at all, and `lainos-firstboot run --gui` around it:
#   1. `lainos-installer --setup --answers-out FILE`, driven to its end with the demo
#      answers (--goto summary --setup-confirm), exits 0 and leaves a first-boot answer
#      file: mode 0600, the answers, a SHA-512 crypt hash and never the password;
#   1b. typed at the keyboard on a bare X server (no window manager) smaller than the
#      window (800x600): the GUI fills the screen and takes the keyboard focus itself,
#      and tests/vm/gui-keys.py plays tests/vm/oem-gui.keys (the keys scenario oem-gui
#      types in QEMU) with xdotool; the answer file holds what was typed;
#   2. the window closed without confirming (WM_DELETE_WINDOW, as a window manager
#      sends it) exits 1 and writes nothing;
#   3. screenshots of the setup pages land in tests/gui/out/setup/;
#   4. `lainos-firstboot run --gui --root DIR` on a scratch OEM root: the GUI's answers
#      pass setup's answer checking and are staged in the journal (the scratch root has
#      no useradd, so setup then stops at create-users, as it must); a missing GUI, a
#      GUI closed without answers and a machine without display or xinit fall back to
#      the console, and without a console exit 2 with setup still armed; with a
#      console, the dialogue asks instead.
# Each check prints one line; any failure exits non-zero. Run as root.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
FB_BIN=$TARGET/debug/lainos-firstboot
OUT=$ROOT/tests/gui/out/setup
PASSWORD=wired-Protocol-7 # the demo answers' password (App::fill_demo_answers)
[[ -x $GUI_BIN ]] || die "$GUI_BIN is missing: cargo build -p lainos-installer"
[[ -x $FB_BIN ]] || die "$FB_BIN is missing: cargo build -p lainos-firstboot"
need gcc; need script; need timeout; need xdotool; need python3; need perl
rm -rf "$OUT"; mkdir -p "$OUT"
start_xvfb

checks=0
check() { # DESCRIPTION COMMAND...
  local d=$1; shift
  if "$@"; then checks=$((checks + 1)); echo "ok $checks: $d"; else die "FAILED: $d"; fi
}

# The GUI in setup mode as nobody, with nothing but a display: no bus, no service.
setup_gui() { # ANSWERS-OUT [ARGS...]
  local out=$1; shift
  setpriv --reuid="$GUI_UID" --regid="$GUI_GID" --init-groups \
    env -i PATH=/usr/bin:/bin HOME="$WORK/home" DISPLAY="$DISPLAY_NUM" LAINOS_LOG=info \
    "$GUI_BIN" --branding "$ROOT/branding/lainos" --setup --answers-out "$out" "$@"
}

# Closes the application's windows as a window manager does (WM_DELETE_WINDOW).
cat >"$WORK/wm-close.c" <<'C'
#include <X11/Xlib.h>
#include <stdio.h>
/* A window may go away while it is looked at: not an error here. */
static int ignore(Display *d, XErrorEvent *e) { (void)d; (void)e; return 0; }
int main(void) {
  XSetErrorHandler(ignore);
  Display *d = XOpenDisplay(NULL);
  if (!d) { fprintf(stderr, "wm-close: no display\n"); return 2; }
  Atom proto = XInternAtom(d, "WM_PROTOCOLS", False);
  Atom del = XInternAtom(d, "WM_DELETE_WINDOW", False);
  Window root = DefaultRootWindow(d), r, p, *kids = NULL;
  unsigned n = 0;
  int sent = 0;
  XQueryTree(d, root, &r, &p, &kids, &n);
  for (unsigned i = 0; i < n; i++) {
    Atom *ps = NULL;
    int np = 0;
    if (!XGetWMProtocols(d, kids[i], &ps, &np)) continue;
    for (int j = 0; j < np; j++) {
      if (ps[j] != del) continue;
      XEvent e = {0};
      e.xclient.type = ClientMessage;
      e.xclient.window = kids[i];
      e.xclient.message_type = proto;
      e.xclient.format = 32;
      e.xclient.data.l[0] = (long)del;
      e.xclient.data.l[1] = CurrentTime;
      XSendEvent(d, kids[i], False, NoEventMask, &e);
      sent++;
    }
    XFree(ps);
  }
  if (kids) XFree(kids);
  XFlush(d);
  XCloseDisplay(d);
  printf("%d\n", sent);
  return sent ? 0 : 1;
}
C
gcc -o "$WORK/wm-close" "$WORK/wm-close.c" -lX11 || die "cannot build the WM_DELETE_WINDOW helper (libX11 headers)"
wm_close() { DISPLAY=$DISPLAY_NUM "$WORK/wm-close" >/dev/null; }
# Waits until a window that takes WM_DELETE_WINDOW is mapped (the GUI is up).
wait_window() { # PID LOG
  for _ in $(seq 150); do
    kill -0 "$1" 2>/dev/null || { cat "$2" >&2; die "the GUI exited before its window showed"; }
    DISPLAY=$DISPLAY_NUM xwininfo -root -children 2>/dev/null | grep -q '"' && return 0
    sleep 0.1
  done
  die "no window appeared"
}
# Waits for PID to end (killing it after SECONDS); its exit status in $rc.
wait_exit() { # PID SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$1" 2>/dev/null && { kill "$1"; wait "$1" 2>/dev/null; die "pid $1 did not end within $2 s"; }
  rc=0
  wait "$1" || rc=$?
}
no_window_left() {
  for _ in $(seq 50); do
    DISPLAY=$DISPLAY_NUM xwininfo -root -children 2>/dev/null | grep -q '"' || return 0
    sleep 0.1
  done
  return 1
}

# --- 1. Driven to its end ------------------------------------------------------------
out=$WORK/home/answers.yaml
setup_gui "$out" --lang de --goto summary --setup-confirm >"$WORK/setup-confirm.log" 2>&1 &
pid=$!
PIDS+=("$pid")
wait_exit "$pid" 90
((rc == 0)) || cat "$WORK/setup-confirm.log" >&2
check "setup mode, confirmed, exits 0 (got $rc)" test "$rc" = 0
check "it wrote the answer file" test -f "$out"
check "the answer file is mode 0600" test "$(stat -c %a "$out")" = 600
check "the answer file belongs to the user who ran the GUI" test "$(stat -c %u "$out")" = "$GUI_UID"
check "no temporary file is left beside it" test "$(find "$WORK/home" -maxdepth 1 -name '.answers.yaml*' | wc -l)" = 0
check "it is a version 1 answer file" grep -qx 'version: 1' "$out"
check "it holds the German defaults of the language chosen" grep -q 'language: de_DE.UTF-8' "$out"
check "it holds the time zone" grep -q 'timezone: Europe/Berlin' "$out"
check "it holds the keyboard layout" grep -q 'layout: de' "$out"
check "it holds the host name" grep -q 'hostname: lain-lainos' "$out"
check "it holds the user, an administrator" bash -c "grep -q 'name: lain\$' '$out' && grep -q 'admin: true' '$out'"
check "the password is a SHA-512 crypt hash" grep -Eq "password_hash: '?\\\$6\\\$" "$out"
check "the password itself is nowhere in the file" bash -c "! grep -qF -- '$PASSWORD' '$out'"
check "nor in the GUI's log" bash -c "! grep -qF -- '$PASSWORD' '$WORK/setup-confirm.log'"
check "root stays locked" grep -q 'locked: true' "$out"
check "no storage or install section" bash -c "! grep -Eq '^(storage|finish|source):' '$out'"
check "the GUI did not look for the installer service" bash -c "! grep -qi 'installer service' '$WORK/setup-confirm.log'"
cp "$out" "$WORK/confirmed.yaml"

# --- 1b. Typed at the keyboard, on an X server without a window manager --------------
# winit takes no key for a window nobody focused, and nobody fits the window to the
# screen: on a bare X server (first boot, through xinit) the GUI must do both itself.
# Its own small X server here (the window asks for 1024x720). The keys are those of
# scenario oem-gui of tests/vm/run, which types them at a QEMU guest's keyboard.
main_display=$DISPLAY_NUM
small=:$((${DISPLAY_NUM#:} + 10))
Xvfb "$small" -screen 0 800x600x24 -ac -nolisten tcp -noreset >"$WORK/xvfb-small.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${small#:} ]] && break; sleep 0.1; done
DISPLAY_NUM=$small
typed=$WORK/home/typed.yaml
setup_gui "$typed" >"$WORK/setup-typed.log" 2>&1 &
pid=$!
PIDS+=("$pid")
wait_window "$pid" "$WORK/setup-typed.log"
for _ in $(seq 100); do grep -q 'fills the screen' "$WORK/setup-typed.log" && break; sleep 0.1; done
geometry=$(DISPLAY=$small xwininfo -root -children | grep -o '"LainOS[^"]*": ([^)]*)  [0-9x+]*' | awk '{print $NF}')
check "without a window manager, the window fills the 800x600 screen ($geometry)" test "$geometry" = 800x600+0+0
check "and took the keyboard focus" grep -q 'fills the screen and took the keyboard focus' "$WORK/setup-typed.log"
krc=0
python3 "$ROOT/tests/vm/gui-keys.py" --x11 "$small" "$ROOT/tests/vm/oem-gui.keys" "$OUT/typed" >"$WORK/gui-keys.log" 2>&1 || krc=$?
((krc == 0)) || cat "$WORK/gui-keys.log" >&2
check "the keys of tests/vm/oem-gui.keys, each changing the screen, ran to their end (exit $krc)" test "$krc" = 0
wait_exit "$pid" 30
check "the typed setup exits 0 (got $rc)" test "$rc" = 0
DISPLAY_NUM=$main_display
check "the typed answers: the user mika, an administrator" bash -c "grep -q 'name: mika\$' '$typed' && grep -q 'full_name: Mika Kujo' '$typed' && grep -q 'admin: true' '$typed'"
check "the typed host name replaced the derived one" grep -q 'hostname: lt-oem-gui' "$typed"
check "the time zone found by typing in its search field" grep -q 'timezone: Europe/Zurich' "$typed"
typed_pw=$(sed -n 's/^secret //p' "$ROOT/tests/vm/oem-gui.keys" | head -n1)
typed_hash=$(sed -n "s/^ *password_hash: '\{0,1\}\([^']*\)'\{0,1\}$/\1/p" "$typed")
check "the typed password gives the hash written" test "$(perl -e 'print crypt($ARGV[0], $ARGV[1])' "$typed_pw" "$typed_hash")" = "$typed_hash"
check "the typed password is nowhere in the file or the logs" bash -c "! grep -qF -- '$typed_pw' '$typed' '$WORK/setup-typed.log' '$WORK/gui-keys.log'"

# --- 2. Closed without confirming ----------------------------------------------------
closed=$WORK/home/closed.yaml
setup_gui "$closed" --goto users >"$WORK/setup-close.log" 2>&1 &
pid=$!
PIDS+=("$pid")
wait_window "$pid" "$WORK/setup-close.log"
sleep 1
check "the window takes WM_DELETE_WINDOW" wm_close
wait_exit "$pid" 10
check "closed without confirming, setup mode exits 1 (got $rc)" test "$rc" = 1
check "and writes nothing" test ! -e "$closed"
check "and leaves no temporary file" test "$(find "$WORK/home" -maxdepth 1 -name '.closed.yaml*' | wc -l)" = 0
check "it says that nothing was written" grep -q 'nothing written' "$WORK/setup-close.log"

# --- 3. Screenshots --------------------------------------------------------------------
shot() { # LANG PAGE
  local lang=$1 page=$2 name="$OUT/setup-$1-$2.png" log="$WORK/shot-$1-$2.log"
  setup_gui "$WORK/home/shot.yaml" --lang "$lang" --goto "$page" >"$log" 2>&1 &
  local pid=$!
  sleep 3
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the GUI exited early ($lang $page)"; }
  import -display "$DISPLAY_NUM" -window root "$name"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local colours
  colours=$(identify -format '%k' "$name")
  check "screenshot $(basename "$name") is not blank ($colours colours)" test "$colours" -gt 20
}
for page in welcome location keyboard users summary; do shot en "$page"; done
for lang in de ar ja; do shot "$lang" summary; done
shot ru welcome
check "a page left unconfirmed writes no answers" test ! -e "$WORK/home/shot.yaml"
check "setup mode refuses a page it does not have" bash -c "! setpriv --reuid=$GUI_UID --regid=$GUI_GID --init-groups env -i DISPLAY=$DISPLAY_NUM '$GUI_BIN' --branding '$ROOT/branding/lainos' --setup --answers-out /tmp/x --goto disk 2>/dev/null"

# --- 4. lainos-firstboot run --gui on a scratch OEM root ----------------------------
# A root as an OEM install leaves it, as far as collecting answers looks: accounts,
# the OEM facts, an armed journal. It has no programs, so the step after the answers
# (useradd in a chroot) fails there; that run stops at create-users, which is checked.
make_root() { # DIR
  local r=$1
  rm -rf "$r"
  mkdir -p "$r/etc/lainos" "$r/var/lib/lainos/firstboot" "$r/usr/share/zoneinfo/Europe" "$r/etc/runlevels/boot"
  printf 'root:x:0:0:root:/root:/bin/bash\n' >"$r/etc/passwd"
  printf 'root:x:0:\nwheel:x:998:\n' >"$r/etc/group"
  printf 'TZif' >"$r/usr/share/zoneinfo/UTC"
  printf 'TZif' >"$r/usr/share/zoneinfo/Europe/Berlin"
  printf 'factory-01\n' >"$r/etc/hostname"
  cat >"$r/etc/lainos/oem.yaml" <<'YAML'
batch_id: setup-mode test
service: lainos-firstboot
runlevel: boot
default_groups: [wheel]
admin_group: wheel
shell: /bin/bash
doas: ["permit persist :wheel"]
locale_generate: [locale-gen]
locale_conf: /etc/locale.conf
console_conf: /etc/conf.d/keymaps
xkb_conf: /etc/X11/xorg.conf.d/00-keyboard.conf
machine_id: empty
language: en_US.UTF-8
timezone: UTC
keyboard_layout: us
YAML
  printf '{"version":1,"next":"grow_root"}\n' >"$r/var/lib/lainos/firstboot/state.json"
  chmod 600 "$r/var/lib/lainos/firstboot/state.json"
  printf '\n' >"$WORK/cmdline"
}
fb() { # ROOT [ARGS...]: lainos-firstboot run --gui on ROOT, without a console
  local r=$1; shift
  "$FB_BIN" run --gui --root "$r" --cmdline "$WORK/cmdline" --gui-answers "$WORK/fb-run/gui-answers.yaml" "$@" </dev/null
}
status_of() { "$FB_BIN" status --root "$1"; }
scratch=$WORK/scratch

# a. The GUI as it runs at first boot (as root), driven by the demo answers. No --lang:
# it starts in the factory's language, which lainos-firstboot passes as LANG.
cat >"$WORK/gui-wrapper" <<SH
#!/bin/sh
exec "$GUI_BIN" --branding "$ROOT/branding/lainos" --goto summary --setup-confirm "\$@"
SH
chmod 755 "$WORK/gui-wrapper"
make_root "$scratch"
sed -i 's/^language: .*/language: de_DE.UTF-8/' "$scratch/etc/lainos/oem.yaml"
DISPLAY=$DISPLAY_NUM LAINOS_FIRSTBOOT_GUI=$WORK/gui-wrapper fb "$scratch" >"$WORK/fb-gui.log" 2>&1 &
pid=$!
PIDS+=("$pid")
wait_exit "$pid" 120
check "with the GUI's answers, setup went past collecting them (at $(status_of "$scratch"))" test "$(status_of "$scratch")" = create-users
check "setup then stopped at useradd, which the scratch root lacks (exit $rc)" bash -c "test $rc = 1 && grep -q 'useradd' '$WORK/fb-gui.log'"
check "the journal holds the GUI's user" grep -q '"name":"lain"' "$scratch/var/lib/lainos/firstboot/state.json"
check "and the GUI's host name, and the factory's language it started in" bash -c "grep -q '\"hostname\":\"lain-lainos\"' '$scratch/var/lib/lainos/firstboot/state.json' && grep -q '\"language\":\"de_DE.UTF-8\"' '$scratch/var/lib/lainos/firstboot/state.json'"
check "and its password as a SHA-512 crypt hash" grep -q '"password_hash":"\$6\$' "$scratch/var/lib/lainos/firstboot/state.json"
check "the password is in neither the journal nor the log" bash -c "! grep -qF -- '$PASSWORD' '$scratch/var/lib/lainos/firstboot/state.json' '$WORK/fb-gui.log'"
check "the GUI's answer file is removed" test ! -e "$WORK/fb-run/gui-answers.yaml"
check "the answers' folder is root's only" test "$(stat -c %a "$WORK/fb-run")" = 700

# b. The GUI is not installed: no console either, so exit 2 and setup stays armed.
make_root "$scratch"
rc=0
DISPLAY=$DISPLAY_NUM fb "$scratch" --gui-binary /nonexistent/lainos-installer >"$WORK/fb-missing.log" 2>&1 || rc=$?
check "a missing GUI without a console exits 2 (got $rc)" test "$rc" = 2
check "it says the GUI is not installed" grep -q 'lainos-installer` is not installed' "$WORK/fb-missing.log"
check "and that there is no console to ask on" grep -q 'no console' "$WORK/fb-missing.log"
check "setup stays armed" test "$(status_of "$scratch")" = grow-root -o "$(status_of "$scratch")" = collect-answers

# c. No display, and no xinit to start one.
make_root "$scratch"
rc=0
env -u DISPLAY "$FB_BIN" run --gui --root "$scratch" --cmdline "$WORK/cmdline" \
  --gui-binary "$GUI_BIN" --xinit /nonexistent/xinit --gui-answers "$WORK/fb-run/gui-answers.yaml" \
  </dev/null >"$WORK/fb-nox.log" 2>&1 || rc=$?
check "no display and no xinit: exit 2 (got $rc)" test "$rc" = 2
check "it says there is no display and no xinit" grep -q 'no display and no `/nonexistent/xinit`' "$WORK/fb-nox.log"

# d. The GUI closed without answers: the real GUI, its window closed.
make_root "$scratch"
cat >"$WORK/gui-noconfirm" <<SH
#!/bin/sh
exec "$GUI_BIN" --branding "$ROOT/branding/lainos" "\$@"
SH
chmod 755 "$WORK/gui-noconfirm"
DISPLAY=$DISPLAY_NUM fb "$scratch" --gui-binary "$WORK/gui-noconfirm" >"$WORK/fb-closed.log" 2>&1 &
pid=$!
PIDS+=("$pid")
wait_window "$pid" "$WORK/fb-closed.log"
sleep 1
wm_close || die "could not close the first-boot GUI"
wait_exit "$pid" 10
check "the GUI closed without answers: exit 2 without a console (got $rc)" test "$rc" = 2
check "it reports how the GUI ended" grep -q 'exited with status 1' "$WORK/fb-closed.log"
check "setup stays armed after the closed GUI" test "$(status_of "$scratch")" = collect-answers
check "the window is gone" no_window_left

# e. With a console, the dialogue asks instead (a pseudo-terminal through script(1)).
make_root "$scratch"
printf '%s\n' "" "" "" "" alice "Alice Liddell" "$PASSWORD" "$PASSWORD" wired-02 >"$WORK/console-answers"
rc=0
# One line a second, as a person types: a line sent before the password prompt turned
# the echo off would be echoed by the terminal, which is not what is tested here.
while read -r line; do sleep 1; printf '%s\n' "$line"; done <"$WORK/console-answers" |
  script -qec "'$FB_BIN' run --gui --root '$scratch' --cmdline '$WORK/cmdline' --gui-binary /nonexistent/lainos-installer --gui-answers '$WORK/fb-run/gui-answers.yaml'" \
    /dev/null >"$WORK/fb-console.log" 2>&1 || rc=$?
check "without the GUI, setup says it asks on the console" grep -q 'asking on the console instead' "$WORK/fb-console.log"
check "the console dialogue asked (its welcome line)" grep -q 'needs a few answers' "$WORK/fb-console.log"
check "the dialogue's answers were taken (at $(status_of "$scratch"))" test "$(status_of "$scratch")" = create-users
check "the journal holds the console's user" grep -q '"name":"alice"' "$scratch/var/lib/lainos/firstboot/state.json"
check "the console password is not echoed" bash -c "! grep -qF -- '$PASSWORD' '$WORK/fb-console.log'"
check "nor in the journal" bash -c "! grep -qF -- '$PASSWORD' '$scratch/var/lib/lainos/firstboot/state.json'"

echo "setup-mode: $checks checks passed; screenshots in $OUT"
