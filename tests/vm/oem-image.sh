# shellcheck shell=bash
# Scenario `oem-image` of tests/vm/run (sourced by it; uses its globals and helpers).
# shellcheck disable=SC2154,SC2034  # the globals of tests/vm/run (read and set)
#
# 1. The live guest (UEFI) runs image mode: `lainos-install install answers.yaml
#    --image /run/lainos-image-out/oem.img --size $oem_image_size` with
#    `oem.enabled: true` (guest/live-run.sh, mode `image`), the image file on an ext4
#    made on the guest's raw target disk; the guest powers off.
# 2. The host takes the image out of that ext4 (mounted read-only through a loop
#    device), checks its GPT (BIOS boot partition, ESP, root last) and copies it onto
#    a LARGER qcow2 disk ($oem_disk_size).
# 3. Boot 1 (OVMF, fresh variables: the removable path): the OpenRC service
#    lainos-firstboot grows the root to the disk and runs setup unattended from
#    /firstboot.yaml on a small ext4 disk labelled LAINOS_OEM (tests/vm/firstboot.yaml);
#    the boot check then runs the normal installed-system checks plus the OEM ones
#    (setup done and disabled, root partition and filesystem spanning the disk, GPT
#    backup at the end) and powers off.
# 4. Boot 2 (OVMF, the LAINOS_OEM disk still attached): setup must not run again; the
#    same checks pass.
# 5. Boot 3 (SeaBIOS): the same disk boots with BIOS too; the same checks pass.
# Every step failing fails the scenario.

oem_image_size=${VM_OEM_IMAGE_SIZE:-4GiB}
oem_image_bytes=$((4 * 1024 * 1024 * 1024))
oem_disk_size=${VM_OEM_DISK_SIZE:-10G}

# oem_boot N FIRMWARE: boots the grown disk; sets boot_log and boot_secs (and run_qemu qemu_status).
oem_boot() {
  local n=$1 bfw=$2 out=$3
  boot_log=$out/boot$n-serial.log
  cp "$ovmf_vars" "$out/vars-boot$n.fd"
  log "oem-image: boot $n ($bfw, timeout ${boot_timeout}s)"
  run_qemu "$boot_log" "$boot_timeout" "LAINOS-BOOT-REACHED-DEFAULT" "$bfw" "$out/vars-boot$n.fd" \
    -drive "file=$out/disk.qcow2,if=virtio,format=qcow2,cache=unsafe" \
    -drive "file=$out/oemcfg.img,if=virtio,format=raw,readonly=on"
  boot_secs=$marker_seconds
}

# oem_verdict N FIRMWARE SETUP(yes|no) LOG HOSTNAME: the checks every OEM boot gets
# (also scenario oem-gui): the guest's verdict, the facts, and whether first-boot setup
# ran (yes: exactly once, and reported its completion; no: not at all). Appends to the
# global problems array; returns 1 when the guest printed no verdict.
oem_verdict() {
  local n=$1 bfw=$2 setup=$3 blog=$4 host=$5 clean v
  clean=$(tr -d '\r' <"$blog")
  if ! grep -qa '^LAINOS-CHECK \(PASS\|FAIL\)' <<<"$clean"; then
    problems+=("boot $n ($bfw): no check result (qemu status $qemu_status$([[ $qemu_status == timeout ]] && echo ", time limit reached"))")
    show_tail "$blog" "boot $n"
    return 1
  fi
  local fails
  mapfile -t fails < <(grep -a '^LAINOS-CHECK FAIL ' <<<"$clean" || true)
  ((${#fails[@]} == 0)) || problems+=("${fails[@]/#/boot $n: }")
  grep -qa '^LAINOS-CHECK PASS$' <<<"$clean" || problems+=("boot $n: the check did not print LAINOS-CHECK PASS")
  v=$(fact firmware "$blog"); [[ $v == "$bfw" ]] || problems+=("boot $n: firmware is '$v', expected $bfw")
  v=$(fact rootfs "$blog"); [[ $v == "$fs" ]] || problems+=("boot $n: root filesystem is '$v', expected $fs")
  v=$(fact hostname "$blog"); [[ $v == "$host" ]] || problems+=("boot $n: hostname is '$v', expected $host (from first-boot setup)")
  v=$(fact runlevel "$blog"); [[ $v == default ]] || problems+=("boot $n: runlevel is '$v'")
  v=$(fact pid1 "$blog"); [[ $v == openrc-init ]] || problems+=("boot $n: PID 1 is '$v'")
  v=$(fact firstboot_status "$blog"); [[ $v == "done" ]] || problems+=("boot $n: first-boot setup is '$v', not done")
  local ran
  ran=$(grep -ac 'first-boot setup completed' <<<"$clean" || true)
  if [[ $setup == yes ]]; then
    ((ran == 1)) || problems+=("boot $n: first-boot setup did not report its completion (lines: $ran)")
  else
    ((ran == 0)) && ! grep -qa 'Setting up this computer for its first user' <<<"$clean" \
      || problems+=("boot $n: first-boot setup ran again")
  fi
}

# oem_check_boot N FIRMWARE FIRSTBOOT(yes|no): appends to the global problems array.
oem_check_boot() {
  local n=$1 bfw=$2 setup=$3 blog=$boot_log
  oem_verdict "$n" "$bfw" "$setup" "$blog" lt-oem-image || return 0
  local disk_bytes part_bytes
  disk_bytes=$(fact disk_bytes "$blog"); part_bytes=$(fact root_part_bytes "$blog")
  [[ $disk_bytes == "$(qemu-img info --output=json "$out/disk.qcow2" | sed -n 's/.*"virtual-size": *\([0-9]*\).*/\1/p')" ]] \
    || problems+=("boot $n: the guest's disk is '$disk_bytes' bytes, not the qcow2's size")
  [[ -n $part_bytes ]] && ((part_bytes > oem_image_bytes)) || problems+=("boot $n: the root partition is '$part_bytes' bytes, not larger than the $oem_image_size image")
  if [[ $setup == yes ]]; then
    tr -d '\r' <"$blog" | grep -qa 'grew /dev/' || problems+=("boot $n: first-boot setup did not report growing the root")
  fi
}

run_oem_image() {
  local name=oem-image out=$outroot/oem-image
  fs=${VM_OEM_FS:-ext4}
  rm -rf "$out"; mkdir -p "$out/stage"
  install_s=- boot_s=- result=
  if ((stand_in)); then result="FAIL: oem-image needs the real installer (no --stand-in)"; return 1; fi
  local firstboot
  firstboot=$(dirname "$installer")/lainos-firstboot
  [[ -x $firstboot ]] || { result="FAIL: no lainos-firstboot beside $installer (cargo build --release -p lainos-firstboot)"; return 1; }

  local tmpl
  tmpl=$(<"$here/answers-oem.template.yaml")
  tmpl=${tmpl//@FILESYSTEM@/$fs}
  tmpl=${tmpl//@HOSTNAME@/$name}
  tmpl=${tmpl//@FINISH@/none}
  [[ $tmpl != *@[A-Z_]*@* ]] || { result="FAIL: unrendered placeholder in the answer file"; return 1; }
  (umask 077 && printf '%s\n' "$tmpl" >"$out/stage/answers.yaml")
  cp "$out/stage/answers.yaml" "$out/answers.yaml"
  local vrc=0
  "$installer" --profile "$profile" validate "$out/answers.yaml" >"$out/validate.log" 2>&1 || vrc=$?
  ((vrc == 0)) || { result="FAIL: lainos-install validate exited $vrc on the answer file"; cat "$out/validate.log" >&2; return 1; }

  local hash
  hash=$(sed -n 's/^ *password_hash: "\(.*\)"$/\1/p' "$here/firstboot.yaml")
  cat >"$out/stage/expected" <<EOF
hostname='lt-oem-image'
user='lain'
groups='wheel video audio input users plugdev'
password_hash='$hash'
fs='$fs'
firmware='any'
swap='none'
separate_boot='false'
luks='false'
lang='en_US.UTF-8'
locale_conf='/etc/default/locale'
locales_generated='en_US.utf8 de_CH.utf8'
timezone='Europe/Zurich'
xkb_layout='ch'
xkb_variant='fr'
xkb_conf='/etc/X11/xorg.conf.d/00-keyboard.conf'
oem='true'
image_bytes='$oem_image_bytes'
EOF
  cp "$here/guest/live-run.sh" "$here/guest/install-hook.sh" "$here/guest/boot-check" \
    "$here/guest/lainos-boot-check.initd" "$out/stage/"
  cp "$profile" "$out/stage/profile.yaml"
  tr ',' '\n' <<<"$vm_blacklist" | sed 's/^/blacklist /' >"$out/stage/modprobe-blacklist.conf"
  echo image >"$out/stage/mode"
  echo "$oem_image_size" >"$out/stage/image-size"
  install -m 0755 "$installer" "$out/stage/lainos-install"
  install -m 0755 "$firstboot" "$out/stage/lainos-firstboot"
  local kib
  kib=$(du -sk "$out/stage" | cut -f1)
  truncate -s "$(((kib + 32768) * 1024))" "$out/test.img"
  mkfs.ext4 -q -L LAINOS_TEST -d "$out/stage" "$out/test.img"

  # The first-boot answer file on a filesystem labelled LAINOS_OEM.
  mkdir -p "$out/oemcfg"
  (umask 077 && cp "$here/firstboot.yaml" "$out/oemcfg/firstboot.yaml")
  truncate -s 8M "$out/oemcfg.img"
  mkfs.ext4 -q -L LAINOS_OEM -d "$out/oemcfg" "$out/oemcfg.img"

  # Phase 1: image mode in the live guest; the image goes into an ext4 on a raw disk.
  truncate -s 8G "$out/target.raw"
  cp "$ovmf_vars" "$out/vars-live.fd"
  log "$name: building the image in the live guest (UEFI, timeout ${install_timeout}s)"
  run_qemu "$out/live-serial.log" "$install_timeout" "LAINOS-INSTALL-EXIT" uefi "$out/vars-live.fd" \
    -drive "file=$out/target.raw,if=virtio,format=raw,cache=unsafe" \
    -drive "file=$iso,if=virtio,format=raw,readonly=on" \
    -drive "file=$out/test.img,if=virtio,format=raw,readonly=on" \
    -kernel "$ref/vmlinuz" -initrd "$ref/initrd-live.img" -append "$live_cmdline_base"
  install_s=$qemu_seconds
  local exitline rc
  exitline=$(tr -d '\r' <"$out/live-serial.log" | grep -a '^LAINOS-INSTALL-EXIT ' | tail -n1 || true)
  if [[ $qemu_status == timeout ]]; then result="FAIL: image build timed out after ${install_timeout}s"; show_tail "$out/live-serial.log" "live guest"; return 1; fi
  [[ -n $exitline ]] || { result="FAIL: the live guest never ran the installer (qemu status $qemu_status)"; show_tail "$out/live-serial.log" "live guest"; return 1; }
  rc=$(awk '{print $2}' <<<"$exitline")
  if grep -qa 'LAINOS-LIVE LEFTOVER-MOUNTS' "$out/live-serial.log"; then
    result="FAIL: $(grep -a 'LEFTOVER-MOUNTS' "$out/live-serial.log" | head -n1 | cut -c1-200)"
    show_tail "$out/live-serial.log" "live guest"; return 1
  fi
  [[ $rc == 0 ]] || { result="FAIL: lainos-install --image exited $rc"; show_tail "$out/live-serial.log" "live guest"; return 1; }
  grep -qa 'Install into the disk image /run/lainos-image-out/oem.img' "$out/live-serial.log" \
    || { result="FAIL: the plan did not say it installs into the image"; show_tail "$out/live-serial.log" "live guest"; return 1; }
  grep -qa 'image detached' "$out/live-serial.log" || grep -qa 'is ready' "$out/live-serial.log" \
    || { result="FAIL: the installer did not report the image ready"; show_tail "$out/live-serial.log" "live guest"; return 1; }

  # Phase 2: the image out of the guest's disk, onto a larger disk.
  local mnt=$out/mnt
  mkdir -p "$mnt"
  mount -o ro,loop "$out/target.raw" "$mnt" || { result="FAIL: cannot mount the guest's output filesystem"; return 1; }
  if [[ ! -f $mnt/oem.img ]]; then umount "$mnt"; result="FAIL: no oem.img on the guest's output filesystem"; return 1; fi
  local img_size
  img_size=$(stat -c %s "$mnt/oem.img")
  sfdisk --json "$mnt/oem.img" >"$out/image-table.json" 2>&1 || true
  qemu-img convert -f raw -O qcow2 "$mnt/oem.img" "$out/disk.qcow2"
  umount "$mnt"
  rm -f "$out/target.raw"
  ((img_size == oem_image_bytes)) || { result="FAIL: the image is $img_size bytes, not $oem_image_size"; return 1; }
  # The table: BIOS boot, ESP, root last (so it can grow).
  local types
  types=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["partitiontable"]; print(" ".join(p["type"] for p in t["partitions"]))' "$out/image-table.json" 2>/dev/null || true)
  [[ ${types^^} == "21686148-6449-6E6F-744E-656564454649 C12A7328-F81F-11D2-BA4B-00A0C93EC93B 4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709" ]] \
    || { result="FAIL: the image's partitions are not bios_grub, ESP, root (types: '$types')"; cat "$out/image-table.json" >&2; return 1; }
  qemu-img resize -q "$out/disk.qcow2" "$oem_disk_size"
  log "$name: image of $oem_image_size copied onto a $oem_disk_size disk"

  # Phase 3-5: boots.
  problems=()
  local b1 b2 b3
  oem_boot 1 uefi "$out"; b1=$boot_secs; boot_s=$b1
  oem_check_boot 1 uefi yes
  if ((${#problems[@]} == 0)); then
    oem_boot 2 uefi "$out"; b2=$boot_secs
    oem_check_boot 2 uefi no
  fi
  if ((${#problems[@]} == 0)); then
    oem_boot 3 bios "$out"; b3=$boot_secs
    oem_check_boot 3 bios no
  fi
  if ((${#problems[@]})); then
    result="FAIL: ${#problems[@]} check(s) failed"
    printf '  %s\n' "${problems[@]}" >&2
    return 1
  fi
  boot_s="$b1+$b2+$b3"
  result="PASS (boot 1 uefi with setup: $(tr -d '\r' <"$out/boot1-serial.log" | grep -ca '^LAINOS-CHECK ok ') checks; boot 2 uefi, no setup: $(tr -d '\r' <"$out/boot2-serial.log" | grep -ca '^LAINOS-CHECK ok '); boot 3 bios: $(tr -d '\r' <"$out/boot3-serial.log" | grep -ca '^LAINOS-CHECK ok '); root $(fact root_part_bytes "$out/boot3-serial.log") bytes on a $(fact disk_bytes "$out/boot3-serial.log")-byte disk)"
  if ((!keep)); then rm -f "$out/disk.qcow2" "$out/test.img" "$out/oemcfg.img" "$out"/vars-*.fd; rm -rf "${out:?}/stage" "${out:?}/oemcfg" "${out:?}/mnt"; fi
  return 0
}
