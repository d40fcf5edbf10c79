# shellcheck shell=bash
# Scenario `oem-gui` of tests/vm/run (sourced by it; uses its globals and helpers).
# shellcheck disable=SC2154,SC2034  # the globals of tests/vm/run (read and set)
#
# First-boot setup in the graphical installer, on a booted OEM install, typed at the
# keyboard:
# 1. The live guest (BIOS) boots the reference image built WITH an X server
#    (tests/reference-image.sh --with-x): the unattended factory install
#    (answers-oem.template.yaml, oem.enabled, finish: poweroff) onto /dev/vda through
#    lainos-auto-install, with the profile's oem.gui on (conf.d firstboot_gui="yes").
#    The post-install hook puts lainos-installer and its branding where the LainOS
#    package puts them.
# 2. Boot 1 of the installed disk (SeaBIOS, a VGA screen, QMP): no answer file
#    anywhere, so lainos-firstboot starts `lainos-installer --setup` through xinit on
#    an X server on vt7, before any getty. tests/vm/gui-keys.py waits for the GUI on
#    the screen and types tests/vm/oem-gui.keys at the guest's PS/2 keyboard (time zone
#    by search, user, password twice, host name, Ctrl+Enter), with a screenshot of every
#    step in out/oem-gui/screens/. Setup then makes the user typed; the boot check runs
#    the installed-system checks with what was typed (the password by recomputing its
#    hash), the OEM checks and the X server's log.
# 3. Boot 2 (SeaBIOS): setup does not run again (no X server, no dialogue); the same
#    checks pass.

run_oem_gui() {
  local name=oem-gui out=$outroot/oem-gui
  fs=ext4 fw=bios
  rm -rf "$out"; mkdir -p "$out/stage"
  install_s=- boot_s=- result=
  if ((stand_in)); then result="FAIL: oem-gui needs the real installer (no --stand-in)"; return 1; fi
  local bindir firstboot gui
  bindir=$(dirname "$installer")
  firstboot=$bindir/lainos-firstboot gui=$bindir/lainos-installer
  [[ -x $firstboot ]] || { result="FAIL: no lainos-firstboot beside $installer (cargo build --release -p lainos-firstboot)"; return 1; }
  [[ -x $gui ]] || { result="FAIL: no lainos-installer beside $installer (cargo build --release -p lainos-installer)"; return 1; }

  # The reference image with X, and its live medium.
  local sfs_x ref_x iso_x
  sfs_x=$("$tests/reference-image.sh" --with-x | tail -n1) || { result="FAIL: could not build the reference image with X"; return 1; }
  ref_x=$(dirname "$sfs_x")
  iso_x=$(live_medium "$ref_x")

  local tmpl
  tmpl=$(<"$here/answers-oem.template.yaml")
  tmpl=${tmpl//@FILESYSTEM@/$fs}
  tmpl=${tmpl//@HOSTNAME@/$name}
  tmpl=${tmpl//@FINISH@/poweroff}
  [[ $tmpl != *@[A-Z_]*@* ]] || { result="FAIL: unrendered placeholder in the answer file"; return 1; }
  (umask 077 && printf '%s\n' "$tmpl" >"$out/stage/answers.yaml")
  cp "$out/stage/answers.yaml" "$out/answers.yaml"
  # The test profile with first-boot setup in the GUI (the LainOS profile's setting).
  sed 's/^  gui: false$/  gui: true/' "$profile" >"$out/stage/profile.yaml"
  grep -q '^  gui: true$' "$out/stage/profile.yaml" || { result="FAIL: could not turn oem.gui on in $profile"; return 1; }
  local vrc=0
  "$installer" --profile "$out/stage/profile.yaml" validate "$out/answers.yaml" >"$out/validate.log" 2>&1 || vrc=$?
  ((vrc == 0)) || { result="FAIL: lainos-install validate exited $vrc on the answer file"; cat "$out/validate.log" >&2; return 1; }

  # What the boot check expects: what oem-gui.keys types.
  local keys=$here/oem-gui.keys password
  password=$(sed -n 's/^secret //p' "$keys" | head -n1)
  [[ -n $password ]] || { result="FAIL: no password (secret line) in $keys"; return 1; }
  cat >"$out/stage/expected" <<EOF
hostname='lt-oem-gui'
user='mika'
groups='wheel video audio input users'
password='$password'
password_hash=''
fs='$fs'
firmware='$fw'
swap='none'
separate_boot='false'
luks='false'
lang='en_US.UTF-8'
locale_conf='/etc/default/locale'
locales_generated='en_US.utf8'
timezone='Europe/Zurich'
xkb_layout='us'
xkb_variant=''
xkb_conf='/etc/X11/xorg.conf.d/00-keyboard.conf'
oem='true'
gui='true'
EOF
  cp "$here/guest/live-run.sh" "$here/guest/install-hook.sh" "$here/guest/boot-check" \
    "$here/guest/lainos-boot-check.initd" "$tests/install/fixtures.sh" "$out/stage/"
  tr ',' '\n' <<<"$vm_blacklist" | sed 's/^/blacklist /' >"$out/stage/modprobe-blacklist.conf"
  echo real >"$out/stage/mode"
  install -m 0755 "$installer" "$out/stage/lainos-install"
  install -m 0755 "$firstboot" "$out/stage/lainos-firstboot"
  install -m 0755 "$gui" "$out/stage/lainos-installer"
  mkdir -p "$out/stage/branding"
  cp -r "$repo/branding/lainos" "$out/stage/branding/"
  cp "$repo/installer/cli/data/lainos-auto-install.initd" "$out/stage/lainos-auto-install.initd"
  local kib
  kib=$(du -sk "$out/stage" | cut -f1)
  truncate -s "$(((kib + 32768) * 1024))" "$out/test.img"
  mkfs.ext4 -q -L LAINOS_TEST -d "$out/stage" "$out/test.img"
  qemu-img create -q -f qcow2 "$out/target.qcow2" 8G

  # Phase 1: the factory install, unattended, in the live guest.
  log "$name: factory install (bios, reference image with X, timeout ${install_timeout}s)"
  run_qemu "$out/live-serial.log" "$install_timeout" "LAINOS-INSTALL-EXIT" "$fw" /dev/null \
    -drive "file=$out/target.qcow2,if=virtio,format=qcow2,cache=unsafe" \
    -drive "file=$iso_x,if=virtio,format=raw,readonly=on" \
    -drive "file=$out/test.img,if=virtio,format=raw,readonly=on" \
    -kernel "$ref_x/vmlinuz" -initrd "$ref_x/initrd-live.img" -append "$live_cmdline"
  install_s=$qemu_seconds
  local exitline
  exitline=$(tr -d '\r' <"$out/live-serial.log" | grep -a '^LAINOS-INSTALL-EXIT ' | tail -n1 || true)
  if [[ $qemu_status == timeout ]]; then result="FAIL: install timed out after ${install_timeout}s"; show_tail "$out/live-serial.log" "live guest"; return 1; fi
  [[ -n $exitline ]] || { result="FAIL: the live guest never ran the installer (qemu status $qemu_status)"; show_tail "$out/live-serial.log" "live guest"; return 1; }
  [[ $(awk '{print $2}' <<<"$exitline") == 0 ]] || { result="FAIL: lainos-install: $exitline"; show_tail "$out/live-serial.log" "live guest"; return 1; }
  grep -qa 'graphical installer copied into' "$out/live-serial.log" \
    || { result="FAIL: the post-install hook did not copy the graphical installer"; show_tail "$out/live-serial.log" "live guest"; return 1; }

  # Phase 2: boot 1, first-boot setup typed in the GUI.
  local limit=$((boot_timeout > 1800 ? boot_timeout : 1800))
  local krc=0 kpid
  rm -f "$out/qmp.sock"
  python3 "$here/gui-keys.py" "$out/qmp.sock" "$keys" "$out/screens" >"$out/gui-keys.log" 2>&1 &
  kpid=$!
  log "$name: boot 1, setup in the GUI typed through QMP (timeout ${limit}s)"
  run_qemu "$out/boot1-serial.log" "$limit" "LAINOS-BOOT-REACHED-DEFAULT" "$fw" /dev/null \
    -drive "file=$out/target.qcow2,if=virtio,format=qcow2,cache=unsafe" \
    -device VGA,xres=1024,yres=768 -qmp "unix:$out/qmp.sock,server=on,wait=off"
  boot_s=$marker_seconds
  wait "$kpid" || krc=$?
  problems=()
  ((krc == 0)) || { problems+=("the keys were not all typed (gui-keys exit $krc): $(grep -a 'FAILED' "$out/gui-keys.log" | tail -n1)"); cat "$out/gui-keys.log" >&2; }
  oem_gui_check 1 yes "$out/boot1-serial.log"

  # Phase 3: boot 2, setup must not run again.
  local b2=-
  if ((${#problems[@]} == 0)); then
    log "$name: boot 2 (setup must not run again)"
    run_qemu "$out/boot2-serial.log" "$boot_timeout" "LAINOS-BOOT-REACHED-DEFAULT" "$fw" /dev/null \
      -drive "file=$out/target.qcow2,if=virtio,format=qcow2,cache=unsafe"
    b2=$marker_seconds
    oem_gui_check 2 no "$out/boot2-serial.log"
  fi
  if ((${#problems[@]})); then
    result="FAIL: ${#problems[@]} check(s) failed"
    printf '  %s\n' "${problems[@]}" >&2
    return 1
  fi
  boot_s="$boot_s+$b2"
  result="PASS (boot 1, setup typed in the GUI: $(tr -d '\r' <"$out/boot1-serial.log" | grep -ca '^LAINOS-CHECK ok ') checks, $(find "$out/screens" -name '*.png' | wc -l) screenshots; boot 2, no setup: $(tr -d '\r' <"$out/boot2-serial.log" | grep -ca '^LAINOS-CHECK ok ') checks)"
  if ((!keep)); then rm -f "$out/target.qcow2" "$out/test.img"; rm -rf "${out:?}/stage"; fi
  return 0
}

# oem_gui_check N SETUP(yes|no) LOG: oem_verdict, and on the boot that ran setup, that
# it ran in the GUI on an X server xinit started, not as the console dialogue.
oem_gui_check() {
  local n=$1 setup=$2 blog=$3 clean
  oem_verdict "$n" bios "$setup" "$blog" lt-oem-gui || return 0
  [[ $setup == yes ]] || return 0
  clean=$(tr -d '\r' <"$blog")
  grep -qa 'starting the graphical setup' <<<"$clean" || problems+=("boot $n: lainos-firstboot did not start the graphical setup")
  grep -qa 'starting the graphical setup.*xinit' <<<"$clean" || problems+=("boot $n: the graphical setup was not started through xinit")
  ! grep -qa 'needs a few answers' <<<"$clean" || problems+=("boot $n: the console dialogue asked although the GUI answered")
  [[ -n $(fact xorg_driver "$blog") ]] || problems+=("boot $n: no X server driver in the guest's Xorg log")
}
