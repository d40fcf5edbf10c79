#!/usr/bin/env bash
# Static checks of the LainOS archiso profile (iso-profile/) and of the PKGBUILDs that
# ship the installer and the Protocol 7 daemons (iso-profile/packaging/).
#
# Arch packages cannot be downloaded on the CI machines, so the ISO is not built here;
# everything that can be checked without building it is. Exits non-zero if any check
# fails, or if a tool the checks need is missing (run `bash tests/setup.sh` first).
#
# Usage: bash tests/check-iso-profile.sh [-v]
set -uo pipefail

verbose=0
[ "${1:-}" = "-v" ] && verbose=1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prof="$repo/iso-profile"
overlay="$prof/airootfs"
pkgdir_root="$prof/packaging"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
ok() {
  pass=$((pass + 1))
  [ "$verbose" = 1 ] && printf 'ok   %s\n' "$1"
  return 0
}
bad() {
  fail=$((fail + 1))
  printf 'FAIL %s\n' "$1"
  shift
  local line
  for line in "$@"; do printf '       %s\n' "$line"; done
  return 0
}
rel() { printf '%s' "${1#"$repo"/}"; }

# --- 0. Tools ---------------------------------------------------------------------
missing_tools=()
for t in shellcheck python3 bash dash cargo git; do
  command -v "$t" >/dev/null 2>&1 || missing_tools+=("$t")
done
if ! python3 -c 'import yaml, tomllib' 2>/dev/null; then
  missing_tools+=("python3-yaml (or python >= 3.11 for tomllib)")
fi
if ((${#missing_tools[@]})); then
  bad "tools needed by this check are missing: ${missing_tools[*]}" "run: bash tests/setup.sh"
  printf '\ncheck-iso-profile: %d passed, %d FAILED (cannot run without the tools)\n' "$pass" "$fail"
  exit 1
fi
ok "tools present"

if [ ! -d "$prof" ]; then
  bad "iso-profile/ does not exist"
  exit 1
fi

# --- 1. PKGBUILDs, sourced in a subshell as makepkg would ----------------------------
: >"$tmp/pkgbuilds.tsv"
for pb in "$pkgdir_root"/*/PKGBUILD; do
  [ -f "$pb" ] || continue
  d="$(dirname "$pb")"
  (
    set -e
    # shellcheck disable=SC2034  # read by the PKGBUILD, as makepkg sets it
    startdir="$d"
    cd "$d"
    # shellcheck disable=SC1090,SC1091
    source ./PKGBUILD
    printf 'pkgbuild\t%s\n' "$pb"
    for v in pkgbase pkgver pkgrel pkgdesc url install; do
      printf 'var\t%s\t%s\t%s\n' "$pb" "$v" "${!v-}"
    done
    for a in pkgname arch license depends makedepends source backup _bins; do
      declare -n ref="$a"
      for e in "${ref[@]}"; do printf 'arr\t%s\t%s\t%s\n' "$pb" "$a" "$e"; done
      unset -n ref
    done
    # install lists: _install (single package) or _install_<pkgname with _ for ->
    while IFS= read -r a; do
      declare -n ref="$a"
      for e in "${ref[@]}"; do printf 'list\t%s\t%s\t%s\n' "$pb" "$a" "$e"; done
      unset -n ref
    done < <(compgen -A variable _install)
    # shellcheck disable=SC2154  # pkgname comes from the PKGBUILD
    for fn in build package $(for n in "${pkgname[@]}"; do echo "package_$n"; done); do
      if declare -F "$fn" >/dev/null; then
        printf 'func\t%s\t%s\t%s\n' "$pb" "$fn" "$(declare -f "$fn" | tr '\n' ' ')"
      fi
    done
    # Split packages set depends/backup inside package_<name>(): run those in a
    # subshell with install commands stubbed, to read the metadata they set.
    for n in "${pkgname[@]}"; do
      if declare -F "package_$n" >/dev/null; then
        (
          # shellcheck disable=SC2317  # called by package_<name>()
          _lainos_install_entries() { :; }
          # shellcheck disable=SC2317
          install() { :; }
          depends=() backup=()
          "package_$n" >/dev/null 2>&1 || true
          for e in "${depends[@]}"; do printf 'arr\t%s\tdepends:%s\t%s\n' "$pb" "$n" "$e"; done
          for e in "${backup[@]}"; do printf 'arr\t%s\tbackup:%s\t%s\n' "$pb" "$n" "$e"; done
        )
      fi
    done
  ) >>"$tmp/pkgbuilds.tsv" 2>"$tmp/pkgbuild.err"
  # errexit inside the subshell only works outside an `if` condition
  rc=$?
  if [ "$rc" -ne 0 ] || [ -s "$tmp/pkgbuild.err" ]; then
    bad "$(rel "$pb") cannot be sourced" "$(cat "$tmp/pkgbuild.err")"
  else
    ok "$(rel "$pb") sources cleanly"
  fi
done

# --- 1b. Run each package function the way makepkg would, into a scratch pkgdir ------
# Binaries come from cargo, which is not run here: each name in _bins gets an empty
# stand-in (whether cargo really builds it is checked against `cargo metadata`).
# Everything else must really be there, or `install` fails and so does this check.
: >"$tmp/packaged.tsv"
for pb in "$pkgdir_root"/*/PKGBUILD; do
  [ -f "$pb" ] || continue
  d="$(dirname "$pb")"
  work="$tmp/makepkg-$(basename "$d")"
  mkdir -p "$work/src/target/release"
  out="$(
    exec 2>&1
    set -e
    # shellcheck disable=SC2034  # read by the PKGBUILD
    startdir="$d"
    cd "$d"
    # shellcheck disable=SC1090,SC1091
    source ./PKGBUILD
    srcdir="$work/src"
    # shellcheck disable=SC2154  # _bins and pkgname come from the PKGBUILD
    for b in "${_bins[@]}"; do : >"$srcdir/target/release/$b"; done
    failed=0
    for n in "${pkgname[@]}"; do
      pkgdir="$work/pkg/$n"
      mkdir -p "$pkgdir"
      fn=package
      declare -F "package_$n" >/dev/null && fn="package_$n"
      # errexit for the package function, without leaving this loop on failure
      set +e
      (set -e; "$fn")
      r=$?
      set -e
      if [ "$r" -ne 0 ]; then
        printf '%s\n' "$n" >>"$work/package-failed"
        failed=1
        continue
      fi
      (cd "$pkgdir" && find . -mindepth 1 \( -type f -o -type l \) -printf "$n\t%P\t%m\t%y\n") >>"$tmp/packaged.tsv"
    done
    exit "$failed"
  )"
  rc=$?
  [ -f "$work/package-failed" ] && cat "$work/package-failed" >>"$tmp/package-failed"
  if [ "$rc" -eq 0 ]; then
    ok "$(rel "$pb"): package() runs and installs its list"
  else
    bad "$(rel "$pb"): package() fails for $(tr '\n' ' ' <"$work/package-failed" 2>/dev/null)(a source in the install list is missing?)" "$out"
  fi
done

# --- 2. Shell scripts: bash -n / sh -n and shellcheck ------------------------------
# Every file of the profile that is shell: by shebang, or by name (PKGBUILD,
# *.install, profiledef.sh, dracut .conf files, which dracut sources with bash).
declare -A kind=()
while IFS= read -r -d '' f; do
  case "$f" in
    */PKGBUILD) kind[$f]=pkgbuild; continue ;;
    *.install) kind[$f]=install; continue ;;
    */profiledef.sh) kind[$f]=bash-vars; continue ;;
    */dracut.conf.d/*.conf) kind[$f]=bash-vars; continue ;;
  esac
  first="$(head -c 64 "$f" | head -n1)"
  case "$first" in
    '#!/sbin/openrc-run'*) kind[$f]=openrc ;;
    '#!/bin/bash'* | '#!/usr/bin/env bash'* | '#!/usr/bin/bash'*) kind[$f]=bash ;;
    '#!/bin/sh'* | '#!/usr/bin/env sh'*) kind[$f]="sh" ;;
    '#!'*) bad "$(rel "$f"): unknown interpreter in '$first'" ;;
  esac
done < <(find "$prof" -type f -print0)
kind[$repo/tests/check-iso-profile.sh]=bash
# OpenRC scripts and conf.d files that the PKGBUILDs install from elsewhere in the
# repository (daemons/*/data/): checked like the profile's own. A missing source is
# reported by the install-list checks below.
while IFS=$'\t' read -r tag _pb _list entry; do
  [ "$tag" = list ] || continue
  IFS='|' read -r src dest _mode <<<"$entry"
  case "$src" in bin:* | dir:* | link:*) continue ;; esac
  [ -f "$repo/$src" ] || continue
  case "$dest" in
    etc/init.d/*) kind[$repo/$src]=openrc ;;
    etc/conf.d/*) kind[$repo/$src]=confd ;;
  esac
done <"$tmp/pkgbuilds.tsv"

for f in "${!kind[@]}"; do
  k="${kind[$f]}"
  case "$k" in
    openrc | confd | sh) syn=(dash -n "$f") ;;
    *) syn=(bash -n "$f") ;;
  esac
  if out="$("${syn[@]}" 2>&1)"; then ok "syntax: $(rel "$f")"; else bad "syntax ($k): $(rel "$f")" "$out"; fi
  case "$k" in
    openrc) sc=(shellcheck -s sh -e SC2034 -e SC3043 "$f") ;; # openrc-run reads the variables; has `local`
    pkgbuild) sc=(shellcheck -s bash -e SC2034 -e SC2154 -e SC2164 "$f") ;; # makepkg: pkgdir/srcdir, errexit
    install | bash-vars) sc=(shellcheck -s bash -e SC2034 "$f") ;;
    sh) sc=(shellcheck -s sh "$f") ;;
    confd) sc=(shellcheck -s sh -e SC2034 "$f") ;; # read by openrc-run
    *) sc=(shellcheck "$f") ;;
  esac
  if out="$("${sc[@]}" 2>&1)"; then ok "shellcheck: $(rel "$f")"; else bad "shellcheck: $(rel "$f")" "$out"; fi
done
printf '%s\n' "${!kind[@]}" | sort >"$tmp/shell-files"
for f in "${!kind[@]}"; do printf '%s\t%s\n' "${kind[$f]}" "$f"; done >"$tmp/shell-kinds"

# --- 3. profiledef.sh, sourced the way mkarchiso sources it ------------------------
if [ -f "$prof/profiledef.sh" ]; then
  # mkarchiso declares file_permissions as an associative array before sourcing.
  (
    set -e
    declare -A file_permissions=()
    # shellcheck disable=SC1091
    source "$prof/profiledef.sh"
    for v in iso_name iso_label iso_publisher iso_application iso_version install_dir \
      arch pacman_conf airootfs_image_type; do
      printf 'var\t%s\t%s\n' "$v" "${!v-__UNSET__}"
    done
    for a in buildmodes bootmodes airootfs_image_tool_options; do
      declare -n ref="$a"
      for e in "${ref[@]}"; do printf 'arr\t%s\t%s\n' "$a" "$e"; done
      unset -n ref
    done
    for k in "${!file_permissions[@]}"; do printf 'perm\t%s\t%s\n' "$k" "${file_permissions[$k]}"; done
  ) >"$tmp/profiledef.tsv" 2>"$tmp/profiledef.err"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    bad "profiledef.sh cannot be sourced" "$(cat "$tmp/profiledef.err")"
  elif [ -s "$tmp/profiledef.err" ]; then
    bad "profiledef.sh prints errors when sourced" "$(cat "$tmp/profiledef.err")"
  else
    ok "profiledef.sh sources cleanly"
  fi
else
  bad "iso-profile/profiledef.sh is missing"
  : >"$tmp/profiledef.tsv"
fi

# --- 4. OpenRC scripts: depend() evaluated with recording stubs -------------------
: >"$tmp/initd.tsv"
while IFS=$'\t' read -r k f; do
  [ "$k" = openrc ] || continue
  svc="$(basename "$f" .initd)"
  # shellcheck disable=SC2016  # the script is for dash, expanded there
  if out="$(RC_SVCNAME="$svc" dash -c '
      for kw in need use want after before provide keyword config; do
        eval "$kw() { for a in \"\$@\"; do printf \"%s\t%s\n\" $kw \"\$a\"; done; }"
      done
      . "$1" || exit 3
      command -v depend >/dev/null 2>&1 || { echo "no depend() function" >&2; exit 4; }
      depend
      for fn in start stop start_pre; do
        command -v "$fn" >/dev/null 2>&1 && printf "func\t%s\n" "$fn"
      done
      printf "var\tcommand\t%s\n" "${command:-}"
      printf "var\tcommand_background\t%s\n" "${command_background:-}"
      printf "var\tpidfile\t%s\n" "${pidfile:-}"
      printf "var\tsupervisor\t%s\n" "${supervisor:-}"
    ' _ "$f" 2>&1)"; then
    ok "OpenRC script evaluates: $(rel "$f")"
    printf '%s\n' "$out" | sed "s#^#$f\t#" >>"$tmp/initd.tsv"
  else
    bad "OpenRC script does not evaluate: $(rel "$f")" "$out"
  fi
done <"$tmp/shell-kinds"

# --- 5. dracut module: the functions dracut calls exist ----------------------------
for ms in "$overlay"/usr/lib/dracut/modules.d/*/module-setup.sh; do
  [ -f "$ms" ] || continue
  if fns="$(bash -c 'source "$1" && declare -F | awk "{print \$3}"' _ "$ms" 2>&1)" &&
    grep -qx install <<<"$fns" && grep -qx check <<<"$fns" && grep -qx depends <<<"$fns"; then
    ok "dracut module defines check/depends/install: $(rel "$ms")"
  else
    bad "dracut module must define check(), depends() and install(): $(rel "$ms")" "$fns"
  fi
done

# --- 6. Cargo binaries the workspace builds ----------------------------------------
if cargo metadata --no-deps --format-version 1 --manifest-path "$repo/Cargo.toml" \
  >"$tmp/cargo-metadata.json" 2>"$tmp/cargo.err"; then
  ok "cargo metadata of the workspace"
else
  bad "cargo metadata failed: the PKGBUILDs' binaries cannot be checked" "$(tail -5 "$tmp/cargo.err")"
  echo '{"packages":[],"workspace_members":[]}' >"$tmp/cargo-metadata.json"
fi
git -C "$repo" ls-files -s -- iso-profile >"$tmp/git-modes" 2>/dev/null || : >"$tmp/git-modes"

# --- 7. Everything structured: Python ----------------------------------------------
python3 - "$repo" "$tmp" "$verbose" >"$tmp/py.out" <<'PY'
import configparser, json, os, re, sys, tomllib, xml.dom.minidom
from collections import defaultdict

import yaml

repo, tmp, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
prof = os.path.join(repo, "iso-profile")
overlay = os.path.join(prof, "airootfs")
packaging = os.path.join(prof, "packaging")
counts = [0, 0]


def ok(msg):
    counts[0] += 1
    if verbose:
        print(f"ok   {msg}")


def bad(msg, *details):
    counts[1] += 1
    print(f"FAIL {msg}")
    for d in details:
        print(f"       {d}")


def check(cond, msg, *details):
    (ok if cond else bad)(msg, *([] if cond else details))
    return cond


def rel(p):
    return os.path.relpath(p, repo)


def read(p):
    with open(p, encoding="utf-8") as fh:
        return fh.read()


def tsv(name):
    p = os.path.join(tmp, name)
    if not os.path.exists(p):
        return []
    return [l.rstrip("\n").split("\t") for l in read(p).splitlines() if l.strip()]


# ---------------------------------------------------------------- profiledef.sh
pd_var, pd_arr, pd_perm = {}, defaultdict(list), {}
for row in tsv("profiledef.tsv"):
    if row[0] == "var":
        pd_var[row[1]] = row[2] if len(row) > 2 else ""
    elif row[0] == "arr":
        pd_arr[row[1]].append(row[2] if len(row) > 2 else "")
    elif row[0] == "perm":
        pd_perm[row[1]] = row[2]

for v in ["iso_name", "iso_label", "iso_publisher", "iso_application", "iso_version",
          "install_dir", "arch", "pacman_conf", "airootfs_image_type"]:
    check(pd_var.get(v, "__UNSET__") not in ("", "__UNSET__"), f"profiledef.sh sets {v}")
label = pd_var.get("iso_label", "")
check(re.fullmatch(r"[A-Z0-9_]{1,32}", label) is not None,
      f"profiledef.sh: iso_label {label!r} is at most 32 of A-Z 0-9 _ (ISO 9660 volume id, CDLABEL=)")
install_dir = pd_var.get("install_dir", "")
check(install_dir == "arch", "profiledef.sh: install_dir=arch (the installer reads /run/initramfs/live/arch/...)",
      f"install_dir={install_dir!r}")
check(pd_var.get("arch") == "x86_64", "profiledef.sh: arch=x86_64")
check("iso" in pd_arr["buildmodes"], "profiledef.sh: buildmodes has iso", f"{pd_arr['buildmodes']}")
bootmodes = pd_arr["bootmodes"]
check(any(b.startswith("bios.syslinux") for b in bootmodes), "profiledef.sh: a BIOS boot mode (bios.syslinux*)",
      f"bootmodes={bootmodes}")
check(any(b.startswith("uefi-x64.grub") or b == "uefi.grub" for b in bootmodes),
      "profiledef.sh: a UEFI x64 boot mode with GRUB", f"bootmodes={bootmodes}")
known_modes = {"bios.syslinux.mbr", "bios.syslinux.eltorito", "bios.syslinux", "uefi-ia32.grub.esp",
               "uefi-x64.grub.esp", "uefi-ia32.grub.eltorito", "uefi-x64.grub.eltorito", "uefi.grub",
               "uefi-ia32.systemd-boot.esp", "uefi-x64.systemd-boot.esp", "uefi-ia32.systemd-boot.eltorito",
               "uefi-x64.systemd-boot.eltorito", "uefi.systemd-boot"}
unknown = [b for b in bootmodes if b not in known_modes]
check(not unknown, "profiledef.sh: every boot mode is one mkarchiso knows", f"unknown: {unknown}")
check(not any("systemd-boot" in b for b in bootmodes),
      "profiledef.sh: no systemd-boot boot mode (GRUB boots BIOS and UEFI)")
check(pd_var.get("airootfs_image_type") == "squashfs", "profiledef.sh: airootfs_image_type=squashfs")
opts = pd_arr["airootfs_image_tool_options"]
comp = opts[opts.index("-comp") + 1] if "-comp" in opts and opts.index("-comp") + 1 < len(opts) else None
check(comp == "zstd", "profiledef.sh: squashfs compressed with zstd (unpacks ~3x faster than xz)",
      f"airootfs_image_tool_options={opts}")
check(not any(o.startswith("-Xbcj") or o == "-Xdict-size" for o in opts),
      "profiledef.sh: no xz-only mksquashfs options with zstd", f"{opts}")
pc = pd_var.get("pacman_conf", "")
check(os.path.isfile(os.path.join(prof, pc)), f"profiledef.sh: pacman_conf {pc!r} exists in the profile")

# file_permissions: format, existing targets
for path, perm in sorted(pd_perm.items()):
    m = re.fullmatch(r"(\d+):(\d+):([0-7]{3,4})", perm)
    check(m is not None, f"file_permissions[{path}] = {perm!r} is uid:gid:mode")
    target = os.path.join(overlay, path.lstrip("/"))
    check(os.path.lexists(target), f"file_permissions[{path}] points at a file of the overlay",
          f"missing: {rel(target)}")

# every executable or script in the overlay has a file_permissions entry with x bits
git_modes = {}
for row in tsv("git-modes"):
    meta = row[0].split()
    if len(row) > 1 and meta:
        git_modes[row[1]] = meta[0]
overlay_files = []
for dp, dns, fns in os.walk(overlay):
    for fn in fns:
        overlay_files.append(os.path.join(dp, fn))
for f in sorted(overlay_files):
    if os.path.islink(f):
        continue
    with open(f, "rb") as fh:
        head = fh.read(2)
    gmode = git_modes.get(rel(f), "")
    is_exec = head == b"#!" or os.access(f, os.X_OK) or gmode == "100755"
    if not is_exec:
        continue
    live_path = "/" + os.path.relpath(f, overlay)
    perm = pd_perm.get(live_path)
    if check(perm is not None, f"executable {live_path} has a file_permissions entry in profiledef.sh",
             f"add [\"{live_path}\"]=\"0:0:755\""):
        mode = int(perm.split(":")[-1], 8)
        check(mode & 0o111 != 0, f"file_permissions makes {live_path} executable", f"mode {perm}")
    check(gmode in ("", "100755") and os.access(f, os.X_OK),
          f"{rel(f)} is executable in git too", f"git mode {gmode}")

# sensitive files need restrictive modes
for p, want in [("/etc/shadow", 0o400), ("/etc/gshadow", 0o400), ("/etc/doas.conf", 0o400)]:
    if os.path.exists(os.path.join(overlay, p.lstrip("/"))):
        perm = pd_perm.get(p, "")
        check(perm.endswith(":" + oct(want)[2:]) and perm.startswith("0:0:"),
              f"file_permissions gives {p} 0:0:{oct(want)[2:]}", f"got {perm!r}")

# ---------------------------------------------------------------- packages.x86_64
pkgs_path = os.path.join(prof, f"packages.{pd_var.get('arch', 'x86_64')}")
packages = []
if check(os.path.isfile(pkgs_path), f"{rel(pkgs_path)} exists"):
    for n, line in enumerate(read(pkgs_path).splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        check(re.fullmatch(r"[a-z0-9@_+][a-z0-9@._+-]*", line) is not None,
              f"packages.x86_64:{n}: {line!r} is a valid package name")
        packages.append(line)
pkgset = set(packages)
dups = sorted({p for p in packages if packages.count(p) > 1})
check(not dups, "packages.x86_64 has no duplicates", f"{dups}")
# systemd-only packages, and what protocol_7_repo replaces with dummies: listing the
# name would pull the real package if the repository order ever changed.
forbidden = {
    "systemd": "PID 1 is openrc-init; protocol_7_repo's dummy satisfies dependencies",
    "systemd-sysvcompat": "would replace /sbin/init etc. with systemd's",
    "systemd-resolvconf": "systemd-resolved", "systemd-ukify": "systemd tool", "systemd-homed": "systemd",
    "systemd-boot": "GRUB boots the system", "systemd-journal-remote": "journald",
    "elogind": "the login1 facade is p7-dbus-bridge", "dbus-broker": "needs systemd",
    "dbus-broker-units": "systemd units", "mkinitcpio": "dracut builds the initramfs",
    "mkinitcpio-archiso": "dracut dmsquash-live boots the medium", "sudo": "doas is used",
    "networkmanager": "iwd + dhcpcd", "polkit-kde-agent": "no polkit agents",
    "sddm": "greetd is the display manager", "lightdm": "greetd", "gdm": "greetd",
    "plymouth": "not in the dracut live chain", "archinstall": "lainos-installer installs",
}
for p in packages:
    if p.startswith("calamares") or "calamares" in p:
        bad(f"packages.x86_64 lists {p}: Calamares is replaced by lainos-installer")
    elif p in forbidden:
        bad(f"packages.x86_64 lists {p}: {forbidden[p]}")
    elif p.endswith("-systemd"):
        bad(f"packages.x86_64 lists {p}: a systemd variant")
ok("packages.x86_64 checked for systemd-only and Calamares packages")
required = ["base", "linux", "openrc", "eudev", "dracut", "squashfs-tools", "grub", "efibootmgr",
            "syslinux", "dbus", "seatd", "greetd", "greetd-tuigreet", "sway", "openbox", "opendoas",
            "protocol7-core", "lainos-installer", "lainos-live-session", "cryptsetup", "btrfs-progs",
            "dosfstools", "e2fsprogs"]
for r in required:
    check(r in pkgset, f"packages.x86_64 lists {r}")
# things the boot menus refer to
grub_cfg_text = read(os.path.join(prof, "grub/grub.cfg")) if os.path.exists(os.path.join(prof, "grub/grub.cfg")) else ""
if "shellx64.efi" in grub_cfg_text:
    check("edk2-shell" in pkgset, "grub.cfg's UEFI Shell entry: edk2-shell is listed")
if "memtest" in grub_cfg_text:
    check("memtest86+-efi" in pkgset, "grub.cfg's Memtest86+ entry: memtest86+-efi is listed")

# ---------------------------------------------------------------- pacman.conf
PACMAN_OPTIONS = {"RootDir", "DBPath", "CacheDir", "HookDir", "GPGDir", "LogFile", "HoldPkg", "IgnorePkg",
                  "IgnoreGroup", "NoUpgrade", "NoExtract", "Architecture", "XferCommand", "CleanMethod",
                  "SigLevel", "LocalFileSigLevel", "RemoteFileSigLevel", "UseSyslog", "Color", "NoProgressBar",
                  "CheckSpace", "VerbosePkgLists", "ParallelDownloads", "DisableDownloadTimeout",
                  "ILoveCandy", "DownloadUser", "DisableSandbox", "Include", "Usage", "Server", "CacheServer"}
DUMMIES = {"systemd", "systemd-sysvcompat", "elogind", "mkinitcpio", "sudo"}


def parse_pacman_conf(path):
    sections, cur, errors = [], None, []
    for n, raw in enumerate(read(path).splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"\[([^\]]+)\]", line)
        if m:
            cur = (m.group(1), defaultdict(list))
            sections.append(cur)
            continue
        if cur is None:
            errors.append(f"line {n}: directive outside a section: {line}")
            continue
        key, _, val = line.partition("=")
        key, val = key.strip(), val.strip()
        if key not in PACMAN_OPTIONS:
            errors.append(f"line {n}: unknown directive {key!r}")
        if cur[0] != "options" and key not in ("Server", "Include", "SigLevel", "Usage", "CacheServer"):
            errors.append(f"line {n}: {key} is not valid in repository [{cur[0]}]")
        cur[1][key].extend(val.split() if val else [""])
    return sections, errors


for path, live in [(os.path.join(prof, "pacman.conf"), False), (os.path.join(overlay, "etc/pacman.conf"), True)]:
    name = rel(path)
    if not check(os.path.isfile(path), f"{name} exists"):
        continue
    sections, errors = parse_pacman_conf(path)
    check(not errors, f"{name} parses", *errors)
    names = [s[0] for s in sections]
    check(names and names[0] == "options", f"{name}: [options] comes first", f"sections {names}")
    repos = [s for s in sections if s[0] != "options"]
    for r, kv in repos:
        check("Server" in kv or "Include" in kv, f"{name}: [{r}] has a Server or Include")
    check(repos and repos[0][0] == "protocol_7_repo",
          f"{name}: [protocol_7_repo] is the first repository (its dummies must win over [core]/[extra])",
          f"repositories in order: {[r for r, _ in repos]}")
    check(not any(r.lower() in ("system", "world", "galaxy") for r, _ in repos),
          f"{name}: no Artix repositories (OpenRC scripts are self-hosted in protocol_7_repo)")
    opts = dict(sections[0][1]) if names and names[0] == "options" else {}
    ign = set(opts.get("IgnorePkg", []))
    check(not (ign & DUMMIES), f"{name}: IgnorePkg does not block protocol_7_repo's dummies",
          f"{sorted(ign & DUMMIES)}")
    noext = opts.get("NoExtract", [])
    check("usr/lib/systemd/*" not in noext and "usr/lib/systemd" not in noext,
          f"{name}: NoExtract does not empty usr/lib/systemd (dracut's systemdutildir, issue #7)", f"{noext}")
    check("etc/runlevels/default/agetty.tty1" in noext, f"{name}: NoExtract agetty.tty1 (greetd owns tty1)")
    if live:
        for key in ("IgnorePkg", "NoUpgrade", "NoExtract"):
            check(bool(opts.get(key)), f"{name}: the seal has {key} rules")
        for pat in opts.get("NoUpgrade", []):
            check(pat.startswith("etc/"), f"{name}: NoUpgrade {pat} is configuration, not a binary or library",
                  "NoUpgrade on binaries only stops fixes from arriving")
        check(any(p.startswith("etc/systemd") for p in noext) and
              any(p.startswith("usr/lib/systemd/system") for p in noext),
              f"{name}: NoExtract keeps systemd unit files out")
        for p in ("systemd-resolvconf", "systemd-homed", "dbus-broker"):
            check(p in ign, f"{name}: IgnorePkg {p}")
        check(not any(r.startswith("lainos-local") for r, _ in repos),
              f"{name}: no build-host-only repository in the live/installed pacman.conf")

# ---------------------------------------------------------------- boot menus
KERNEL = "/%INSTALL_DIR%/boot/%ARCH%/vmlinuz-linux"
INITRD = "/%INSTALL_DIR%/boot/%ARCH%/initramfs-linux.img"


def check_cmdline(where, words):
    check(words[-1:] == ["init=/sbin/openrc-init"],
          f"{where}: init=/sbin/openrc-init is the last word (openrc-init takes the next word as runlevel)",
          " ".join(words))
    for w in ("rd.live.image", "root=live:CDLABEL=%ARCHISO_LABEL%", "rd.live.dir=%INSTALL_DIR%",
              "rd.live.squashimg=%ARCH%/airootfs.sfs"):
        check(w in words, f"{where}: has {w}", " ".join(words))
    check(not any(w.startswith("archisobasedir") or w.startswith("archisolabel") for w in words),
          f"{where}: no mkinitcpio-archiso parameters (the initramfs is dracut's)")
    check(sum(w.startswith("init=") for w in words) == 1, f"{where}: exactly one init=")


need_syslinux = any(b.startswith("bios.syslinux") for b in bootmodes)
need_grub = any(".grub" in b or b == "uefi.grub" for b in bootmodes)
menus = 0
for sub, fname in [("grub", "grub.cfg"), ("grub", "loopback.cfg"), ("syslinux", "syslinux.cfg")]:
    path = os.path.join(prof, sub, fname)
    if not os.path.exists(path):
        if (sub == "grub" and need_grub and fname == "grub.cfg") or (sub == "syslinux" and need_syslinux):
            bad(f"{rel(path)} is missing but profiledef.sh boots with {sub}")
        continue
    text = read(path)
    entries = 0
    lines = text.splitlines()
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if sub == "grub" and re.match(r"linux\s", s):
            words = s.split()
            if words[1].startswith("/boot/memtest"):
                continue
            entries += 1
            check(words[1] == KERNEL, f"{rel(path)}:{i}: kernel is {KERNEL}", words[1])
            check_cmdline(f"{rel(path)}:{i}", words[2:])
        elif sub == "grub" and re.match(r"initrd\s", s):
            check(s.split()[-1] == INITRD, f"{rel(path)}:{i}: initrd is {INITRD}", s)
        elif sub == "syslinux" and s.upper().startswith("APPEND "):
            entries += 1
            check_cmdline(f"{rel(path)}:{i}", s.split()[1:])
        elif sub == "syslinux" and s.upper().startswith("LINUX ") and "memtest" not in s:
            check(s.split()[1] == KERNEL, f"{rel(path)}:{i}: kernel is {KERNEL}", s)
        elif sub == "syslinux" and s.upper().startswith("INITRD "):
            check(s.split()[1] == INITRD, f"{rel(path)}:{i}: initrd is {INITRD}", s)
    check(entries > 0, f"{rel(path)} has at least one boot entry")
    menus += entries
    if sub == "grub":
        opens, closes = text.count("{"), text.count("}")
        check(opens == closes, f"{rel(path)}: braces balance", f"{{={opens} }}={closes}")
check(menus > 0, "boot menus exist")

# ---------------------------------------------------------------- PKGBUILDs
cargo = json.load(open(os.path.join(tmp, "cargo-metadata.json")))
cargo_bins = {t["name"]: p["name"] for p in cargo["packages"] for t in p["targets"] if "bin" in t["kind"]}
ws_version = None
try:
    ws_version = tomllib.loads(read(os.path.join(repo, "Cargo.toml")))["workspace"]["package"]["version"]
except Exception as e:  # noqa: BLE001
    bad("Cargo.toml has [workspace.package] version", str(e))

pkgbuilds = defaultdict(lambda: {"var": {}, "arr": defaultdict(list), "list": defaultdict(list), "func": {}})
for row in tsv("pkgbuilds.tsv"):
    kind = row[0]
    if kind == "pkgbuild":
        pkgbuilds[row[1]]
    elif kind == "var":
        pkgbuilds[row[1]]["var"][row[2]] = row[3] if len(row) > 3 else ""
    elif kind == "arr":
        pkgbuilds[row[1]]["arr"][row[2]].append(row[3] if len(row) > 3 else "")
    elif kind == "list":
        pkgbuilds[row[1]]["list"][row[2]].append(row[3] if len(row) > 3 else "")
    elif kind == "func":
        pkgbuilds[row[1]]["func"][row[2]] = row[3] if len(row) > 3 else ""

check(len(pkgbuilds) >= 2, "packaging/ has the PKGBUILDs (lainos-installer, protocol7-core)",
      f"found {[rel(p) for p in pkgbuilds]}")
built_packages = {}      # package name -> PKGBUILD
pkgbuilds_entries = []   # (package, destination, mode)
installed = {}           # absolute destination -> (package, source)
links = {}               # destination -> (package, target)
for pb, d in sorted(pkgbuilds.items()):
    name = rel(pb)
    names = d["arr"]["pkgname"]
    check(bool(names), f"{name}: pkgname is set")
    for n in names:
        built_packages[n] = pb
        check(n in pkgset, f"{name}: package {n} is listed in packages.x86_64")
    check(re.fullmatch(r"[0-9A-Za-z._+]+", d["var"].get("pkgver", "")) is not None, f"{name}: pkgver is valid")
    check(ws_version is None or d["var"].get("pkgver") == ws_version,
          f"{name}: pkgver equals the workspace version", f"pkgver={d['var'].get('pkgver')} workspace={ws_version}")
    check(re.fullmatch(r"[1-9][0-9]*(\.[0-9]+)?", d["var"].get("pkgrel", "")) is not None, f"{name}: pkgrel is valid")
    check(d["arr"]["arch"] == ["x86_64"], f"{name}: arch=(x86_64)")
    check(bool(d["arr"]["license"]), f"{name}: license is set")
    check(not any(s.startswith(("http://", "https://")) for s in d["arr"]["source"]),
          f"{name}: builds from the local tree (no downloaded sources)", f"{d['arr']['source']}")
    build = d["func"].get("build", "")
    check("cargo build --release --locked" in build, f"{name}: build() runs cargo build --release --locked")
    for n in names:
        fn = f"package_{n}" if len(names) > 1 else "package"
        if not (fn in d["func"] or (len(names) == 1 and f"package_{n}" in d["func"])):
            bad(f"{name}: {fn}() is missing")
        else:
            ok(f"{name}: {fn}() exists")
    inst = d["var"].get("install", "")
    if inst:
        ipath = os.path.join(os.path.dirname(pb), inst)
        if check(os.path.isfile(ipath), f"{name}: install script {inst} exists"):
            body = "\n".join(l for l in read(ipath).splitlines() if not l.strip().startswith("#"))
            check("rc-update" not in body, f"{rel(ipath)} does not change runlevels (the installer profile does)")
    bins = d["arr"]["_bins"]
    for b in bins:
        check(b in cargo_bins, f"{name}: binary {b} is a [[bin]] target of the workspace",
              f"`cargo build --release --locked` does not produce {b}; workspace binaries: {sorted(cargo_bins)}")
    lists = d["list"]
    if len(names) == 1:
        want_lists = {names[0]: lists.get("_install", []) or lists.get("_install_" + names[0].replace("-", "_"), [])}
    else:
        want_lists = {n: lists.get("_install_" + n.replace("-", "_"), []) for n in names}
    for n, entries in want_lists.items():
        check(bool(entries), f"{name}: package {n} has an install list")
        for e in entries:
            parts = e.split("|")
            if not check(len(parts) == 3, f"{name}: install entry {e!r} is source|destination|mode"):
                continue
            src, dest, mode = parts
            pkgbuilds_entries.append((n, "/" + dest, mode))
            check(re.fullmatch(r"[0-7]{3,4}", mode) is not None, f"{name}: mode {mode} of {dest} is octal")
            check(not dest.startswith("/") and ".." not in dest.split("/"), f"{name}: destination {dest} is relative")
            absdest = "/" + dest
            if absdest in installed or absdest in links:
                bad(f"{name}: {absdest} is installed twice")
            if src.startswith("bin:"):
                b = src[4:]
                check(b in bins, f"{name}: {absdest} comes from a binary in _bins ({b})")
                installed[absdest] = (n, src)
            elif src.startswith("dir:"):
                p = os.path.join(repo, src[4:])
                check(os.path.isdir(p) and any(os.scandir(p)), f"{name}: directory {src[4:]} for {absdest} exists and is not empty",
                      f"missing: {rel(p)}")
                installed[absdest] = (n, src)
            elif src.startswith("link:"):
                links[absdest] = (n, src[5:])
                ok(f"{name}: link {absdest} -> {src[5:]}")
            else:
                p = os.path.join(repo, src)
                check(os.path.isfile(p), f"{name}: source {src} of {absdest} exists", f"missing: {src}")
                installed[absdest] = (n, src)
    # backup files must be installed
    for n in names:
        top = d["arr"].get("backup", []) if len(names) == 1 else []
        for b in top + d["arr"].get(f"backup:{n}", []):
            check("/" + b in installed, f"{name}: backup entry {b} is installed by {n}")

# what package() really put into pkgdir (section 1b of the shell part)
packaged = {}
package_failed = {row[0] for row in tsv("package-failed")}
for row in tsv("packaged.tsv"):
    packaged[(row[0], "/" + row[1])] = (row[2], row[3])
if packaged:
    for dest, (pkg, srcp) in sorted(installed.items()):
        if pkg in package_failed:
            continue  # package() failed, reported above
        if not srcp.startswith(("bin:", "dir:")) and not os.path.isfile(os.path.join(repo, srcp)):
            continue  # the missing source is reported above
        if srcp.startswith("dir:"):
            if not os.path.isdir(os.path.join(repo, srcp[4:])):
                continue
            check(any(p == pkg and d.startswith(dest + "/") for p, d in packaged), f"package() of {pkg} fills {dest}/")
            continue
        got = packaged.get((pkg, dest))
        if check(got is not None, f"package() of {pkg} produces {dest}"):
            mode = [e for e in pkgbuilds_entries if e[0] == pkg and e[1] == dest][0][2]
            check(got[0] == oct(int(mode, 8))[2:], f"{pkg}: {dest} has mode {mode}", f"got {got[0]}")
    for dest, (pkg, target) in sorted(links.items()):
        if pkg in package_failed:
            continue
        check(packaged.get((pkg, dest), ("", ""))[1] == "l", f"package() of {pkg} makes the link {dest}")

pkg_of = {dest: pkg for dest, (pkg, _src) in installed.items()}
for dest, (pkg, target) in links.items():
    check(target in installed or os.path.lexists(os.path.join(overlay, target.lstrip("/"))),
          f"link {dest} ({pkg}) points at something a package or the overlay installs", f"-> {target}")

# mkarchiso copies the overlay BEFORE it installs the packages: an overlay file that
# one of our packages also installs must be in that package's backup array, or pacman
# refuses the transaction (file exists in filesystem).
backups = defaultdict(set)
for pb, d in pkgbuilds.items():
    names = d["arr"]["pkgname"]
    for n in names:
        top = d["arr"].get("backup", []) if len(names) == 1 else []
        backups[n].update("/" + b for b in top + d["arr"].get(f"backup:{n}", []))
for dest, (pkg, _src) in sorted(installed.items()):
    if os.path.lexists(os.path.join(overlay, dest.lstrip("/"))):
        check(dest in backups[pkg], f"overlay file {dest} is also in {pkg}: it must be in {pkg}'s backup array",
              "pacman refuses to overwrite an unowned file that is not a backup file")
for dest, (pkg, _t) in sorted(links.items()):
    check(not os.path.lexists(os.path.join(overlay, dest.lstrip("/"))),
          f"overlay does not also contain {dest}, which {pkg} installs")

# the installer profile file shipped by the package is the overlay's
prof_yaml = os.path.join(overlay, "etc/lainos-installer/profile.yaml")
check(installed.get("/etc/lainos-installer/profile.yaml", ("", ""))[1] == rel(prof_yaml),
      "lainos-installer installs the profile from iso-profile/airootfs/etc/lainos-installer/profile.yaml")

# ---------------------------------------------------------------- OpenRC scripts
initd = defaultdict(lambda: {"dep": defaultdict(list), "func": set(), "var": {}})
for row in tsv("initd.tsv"):
    f = row[0]
    if row[1] == "func":
        initd[f]["func"].add(row[2])
    elif row[1] == "var":
        initd[f]["var"][row[2]] = row[3] if len(row) > 3 else ""
    else:
        initd[f]["dep"][row[1]].append(row[2] if len(row) > 2 else "")
src_of_dest = {src: dest for dest, (_p, src) in installed.items()}
for f, d in sorted(initd.items()):
    name = rel(f)
    cmd = d["var"].get("command", "")
    has_start = "start" in d["func"]
    check(bool(cmd) or has_start, f"{name}: has command= or start()")
    if cmd and not has_start:
        # a daemon started by openrc-run: it must be backgrounded or supervised
        check(d["var"].get("command_background") == "yes" or d["var"].get("supervisor"),
              f"{name}: daemon is backgrounded or supervised")
        if d["var"].get("command_background") == "yes":
            check(bool(d["var"].get("pidfile")), f"{name}: command_background needs a pidfile")
    for prog in sorted(set(re.findall(r"/usr/(?:libexec|lib)/lainos/[A-Za-z0-9_.-]+|/usr/bin/lainos[A-Za-z0-9_.-]*",
                                      read(f) + " " + cmd))):
        check(prog in installed, f"{name}: {prog} is installed by a package", f"installed: {sorted(installed)}")
    # which service name does the script get?
    r = rel(f)
    dest = src_of_dest.get(r)
    if r.startswith("iso-profile/packaging/"):
        check(dest is not None and dest.startswith("/etc/init.d/"),
              f"{name}: a PKGBUILD installs it to /etc/init.d/", f"installed as {dest}")

# ---------------------------------------------------------------- services
providers = {}
prov_path = os.path.join(packaging, "service-providers.tsv")
if check(os.path.isfile(prov_path), f"{rel(prov_path)} exists"):
    for n, line in enumerate(read(prov_path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if check(len(cols) >= 2, f"service-providers.tsv:{n}: service<TAB>package"):
            providers[cols[0]] = cols[1]


def provided(svc):
    """Where /etc/init.d/<svc> comes from, or None."""
    dest = f"/etc/init.d/{svc}"
    if os.path.lexists(os.path.join(overlay, "etc/init.d", svc)):
        return "overlay"
    if dest in installed:
        pkg = installed[dest][0]
        return pkg if pkg in pkgset else None
    pkg = providers.get(svc)
    if pkg and pkg in pkgset:
        return pkg
    return None


try:
    profile = yaml.safe_load(read(prof_yaml))
    ok("profile.yaml parses as YAML")
except Exception as e:  # noqa: BLE001
    profile = {}
    bad("profile.yaml parses as YAML", str(e))
services = profile.get("services", []) or []
runlevel_of = defaultdict(set)
for s in services:
    runlevel_of[s["name"]].add(s.get("runlevel", "default"))
for svc, rls in sorted(runlevel_of.items()):
    check(len(rls) == 1 and sum(1 for s in services if s["name"] == svc) == 1,
          f"profile.yaml: service {svc} is listed once, in one runlevel", f"runlevels {sorted(rls)}")
    check(rls <= {"sysinit", "boot", "default", "shutdown", "nonetwork"}, f"profile.yaml: {svc}'s runlevel is an OpenRC one")
for s in services:
    p = provided(s["name"])
    opt = s.get("optional", False)
    check(p is not None,
          f"profile.yaml: service {s['name']} ({'optional' if opt else 'mandatory'}) has an init script from the overlay or a listed package",
          f"add /etc/init.d/{s['name']} to a PKGBUILD or a row to packaging/service-providers.tsv, and list the package")

# live runlevels in the overlay (+ links that packages install)
live_rl = defaultdict(set)
rl_root = os.path.join(overlay, "etc/runlevels")
if os.path.isdir(rl_root):
    for rl in sorted(os.listdir(rl_root)):
        for svc in sorted(os.listdir(os.path.join(rl_root, rl))):
            p = os.path.join(rl_root, rl, svc)
            if svc.startswith("."):
                continue
            tgt = os.readlink(p) if os.path.islink(p) else None
            check(tgt == f"/etc/init.d/{svc}", f"overlay runlevel link {rl}/{svc} -> /etc/init.d/{svc}", f"-> {tgt}")
            live_rl[svc].add(rl)
for dest, (pkg, target) in links.items():
    m = re.fullmatch(r"/etc/runlevels/([^/]+)/([^/]+)", dest)
    if m:
        live_rl[m.group(2)].add(m.group(1))
        check(target == f"/etc/init.d/{m.group(2)}", f"{pkg}: runlevel link {dest} -> /etc/init.d/{m.group(2)}")
for svc, rls in sorted(live_rl.items()):
    check(len(rls) == 1, f"live system: {svc} is in exactly one runlevel", f"{sorted(rls)}")
    check(provided(svc) is not None, f"live system: {svc} has an init script from the overlay or a listed package")
    if svc in runlevel_of:
        check(rls == runlevel_of[svc], f"live runlevel of {svc} equals the installer profile's",
              f"live {sorted(rls)} vs profile {sorted(runlevel_of[svc])}")
for s in services:
    if not s.get("optional", False):
        check(s["name"] in live_rl, f"mandatory service {s['name']} also runs in the live system",
              "add the link under iso-profile/airootfs/etc/runlevels/")
# dependencies named by our scripts exist somewhere
for f, d in sorted(initd.items()):
    for dep in d["dep"].get("need", []):
        check(provided(dep) is not None or dep in ("localmount", "net", "root", "sysfs", "devfs"),
              f"{rel(f)}: need {dep} is provided")

# ---------------------------------------------------------------- installer profile vs the ISO
src = profile.get("source", {}) or {}
arch = pd_var.get("arch", "x86_64")
want_sfs = f"/run/initramfs/live/{install_dir}/{arch}/airootfs.sfs"
check(src.get("squashfs") == want_sfs, "profile.yaml source.squashfs matches install_dir and arch",
      f"{src.get('squashfs')} != {want_sfs}")
check(src.get("checksum_file") == want_sfs[:-len(".sfs")] + ".sha512",
      "profile.yaml source.checksum_file is mkarchiso's airootfs.sha512", f"{src.get('checksum_file')}")
bl = profile.get("bootloader", {}) or {}
cmdline = (bl.get("cmdline", "") or "").split()
# lainos-install appends init=<bootloader.init> as the last word of the installed
# command line itself, so the profile names the init and keeps init= out of both lines.
check(bl.get("init") == "/sbin/openrc-init", "profile.yaml bootloader.init is /sbin/openrc-init", str(bl.get("init")))
for key in ("cmdline", "cmdline_default"):
    words = (bl.get(key, "") or "").split()
    check(not any(w.startswith("init=") for w in words),
          f"profile.yaml bootloader.{key} leaves init= to the installer", " ".join(words))
cleanup = profile.get("live_cleanup", {}) or {}
for p in cleanup.get("packages", []) or []:
    check(p in pkgset and p in built_packages, f"profile.yaml live_cleanup package {p} is built here and listed")
shipped = set(installed) | set(links)
for fpath in cleanup.get("files", []) or []:
    if fpath in shipped or os.path.lexists(os.path.join(overlay, fpath.lstrip("/"))):
        ok(f"profile.yaml live_cleanup file {fpath} is shipped")
    else:
        print(f"NOTE profile.yaml live_cleanup.files: {fpath} is not shipped by the ISO (nothing to remove)")
# oem.gui: first-boot setup runs lainos-installer --setup through xinit on the
# installed system, so the GUI, its branding, xinit and Xorg must be there and stay.
oem = profile.get("oem", {}) or {}
removed = set(cleanup.get("packages", []) or [])
if oem.get("gui"):
    for p in ("xorg-server", "xorg-xinit"):
        check(p in pkgset and p not in removed,
              f"profile.yaml oem.gui: {p} is listed and not removed by live_cleanup")
    for dest in ("/usr/bin/lainos-installer", "/usr/share/lainos-installer/branding"):
        pkg = installed.get(dest, ("", ""))[0]
        check(pkg != "" and pkg not in removed,
              f"profile.yaml oem.gui: {dest} comes from a package the install keeps", f"package: {pkg or 'none'}")
else:
    ok("profile.yaml oem.gui is off: first-boot setup asks on the console")
# The GUI offers every language of its branding, in the live session and at first boot:
# their scripts need fonts there. Latin, Greek, Cyrillic and Arabic come with
# noto-fonts, Japanese, Chinese and Korean with noto-fonts-cjk (without it their names
# on the language page and every translated page are empty boxes).
branding = yaml.safe_load(read(os.path.join(repo, "branding/lainos/branding.yaml"))) or {}
codes = [lang.get("code", "") for lang in branding.get("languages", []) or []]
font_pkgs = {"noto-fonts": [c for c in codes if c.split("-")[0] not in ("ja", "zh", "ko")],
             "noto-fonts-cjk": [c for c in codes if c.split("-")[0] in ("ja", "zh", "ko")]}
for p, langs in font_pkgs.items():
    if langs:
        check(p in pkgset and p not in removed,
              f"fonts for the GUI's languages {', '.join(langs)}: {p} is listed and kept by installs")
for fentry in profile.get("files", []) or []:
    m = re.search(r"--cmd\s+(\S+)", fentry.get("content", "") or "")
    if m:
        check(m.group(1).strip("'\"") in shipped, f"profile.yaml {fentry['path']}: session command {m.group(1)} is installed by a package")
kimg = (profile.get("kernel", {}) or {}).get("image", "")
check(kimg == "/boot/vmlinuz-linux", "profile.yaml kernel.image is /boot/vmlinuz-linux (copied from /usr/lib/modules by the installer)")
dopts = (profile.get("initramfs", {}) or {}).get("dracut_options", []) or []
check("--no-hostonly" in dopts and "--no-uefi" in dopts, "profile.yaml dracut_options has --no-hostonly --no-uefi", f"{dopts}")

# ---------------------------------------------------------------- dracut / eudev (issue #7)
dconf_dir = os.path.join(overlay, "etc/dracut.conf.d")
dconf = "\n".join(read(os.path.join(dconf_dir, f)) for f in sorted(os.listdir(dconf_dir))) if os.path.isdir(dconf_dir) else ""
check(re.search(r'add_dracutmodules\+?=".*\beudev-coldplug\b', dconf) is not None,
      "dracut.conf.d adds eudev-coldplug (udevd in every initramfs, issue #7)")
check(re.search(r'systemdutildir="/usr/lib/systemd"', dconf) is not None,
      "dracut.conf.d sets systemdutildir (an empty one made init run /systemd-udevd)")
check(re.search(r'omit_dracutmodules\+?=".*\bsystemd\b', dconf) is not None, "dracut.conf.d omits the systemd modules")
mod = os.path.join(overlay, "usr/lib/dracut/modules.d/35eudev-coldplug")
if check(os.path.isdir(mod), "dracut module 35eudev-coldplug is in the overlay"):
    ms = read(os.path.join(mod, "module-setup.sh"))
    for hook in re.findall(r'inst_hook\s+\S+\s+\S+\s+"\$moddir/([^"]+)"', ms):
        check(os.path.isfile(os.path.join(mod, hook)), f"35eudev-coldplug: hook {hook} exists")
    for p in ("/usr/lib/systemd/systemd-udevd", "/systemd-udevd"):
        check(p in ms, f"35eudev-coldplug installs udevd as {p}")
# the live initramfs
hooks_dir = os.path.join(overlay, "etc/pacman.d/hooks")
hook_files = sorted(os.listdir(hooks_dir)) if os.path.isdir(hooks_dir) else []
execs = {}
for h in hook_files:
    cp = configparser.ConfigParser(strict=False, interpolation=None)
    cp.optionxform = str
    try:
        body = read(os.path.join(hooks_dir, h))
        # pacman hooks repeat keys (Target, Operation); strict=False accepts that
        cp.read_string(body)
        ok(f"pacman hook {h} parses")
    except Exception as e:  # noqa: BLE001
        bad(f"pacman hook {h} parses", str(e))
        continue
    secs = re.findall(r"^\[(\w+)\]", body, flags=re.M)
    check("Trigger" in secs and "Action" in secs, f"pacman hook {h} has [Trigger] and [Action]")
    m = re.search(r"^Exec\s*=\s*(\S+)", body, flags=re.M)
    check(m is not None and re.search(r"^When\s*=\s*(PreTransaction|PostTransaction)\s*$", body, flags=re.M) is not None,
          f"pacman hook {h} has Exec and When")
    if m:
        execs[h] = (m.group(1), body)
        exe = m.group(1)
        if exe.startswith("/usr/local/") or "lainos" in exe:
            check(os.path.isfile(os.path.join(overlay, exe.lstrip("/"))), f"pacman hook {h}: {exe} is in the overlay")
live_hook = [h for h, (e, _b) in execs.items() if e.endswith("lainos-live-initramfs")]
if check(bool(live_hook), "a pacman hook builds the live initramfs during the ISO build"):
    script = read(os.path.join(overlay, "usr/local/bin/lainos-live-initramfs"))
    check("dmsquash-live" in script, "the live initramfs has dmsquash-live")
    check("--no-hostonly" in script, "the live initramfs is not host-only")
    check("/boot/vmlinuz-" in script, "the live build copies the kernel to /boot (no mkinitcpio does it)")
    removers = [h for h, (e, b) in execs.items() if e.endswith("/rm") and live_hook[0] in b]
    check(bool(removers) and all(r > live_hook[0] for r in removers),
          "a later hook removes the ISO-build hooks from the image", f"hooks: {hook_files}")

# ---------------------------------------------------------------- users, greetd, doas
def colon_file(p):
    path = os.path.join(overlay, p)
    return [l.split(":") for l in read(path).splitlines() if l.strip()] if os.path.exists(path) else []


passwd, shadow, group, gshadow = (colon_file(f"etc/{n}") for n in ("passwd", "shadow", "group", "gshadow"))
users = {r[0]: r for r in passwd}
groups = {r[0]: r for r in group}
check(all(len(r) == 7 for r in passwd) and bool(passwd), "etc/passwd has 7 fields per line")
check(all(len(r) == 9 for r in shadow), "etc/shadow has 9 fields per line")
check(all(len(r) == 4 for r in group), "etc/group has 4 fields per line")
check({r[0] for r in passwd} == {r[0] for r in shadow}, "every passwd user has a shadow entry and back")
check({r[0] for r in group} == {r[0] for r in gshadow}, "every group has a gshadow entry and back")
uids = [r[2] for r in passwd]
check(len(uids) == len(set(uids)), "passwd uids are unique")
gids = [r[2] for r in group]
check(len(gids) == len(set(gids)), "group gids are unique")
check("liveuser" in users and "greeter" in users, "overlay has the live user and greetd's greeter user")
members = lambda g: set(filter(None, groups.get(g, ["", "", "", ""])[3].split(",")))  # noqa: E731
check("liveuser" in members("wheel"), "liveuser is in wheel (may call org.lainos.Installer1)")
check("liveuser" in members("seat"), "liveuser is in seat (seatd device access for Sway)")
for g in ((profile.get("users", {}) or {}).get("default_groups", []) or []):
    if g in groups:
        ok(f"profile default group {g} exists in the live system")
    else:
        print(f"NOTE profile.yaml users.default_groups: {g} is not a group of the live system "
              "(made by a package's sysusers.d file, or missing)")
gpath = os.path.join(overlay, "etc/greetd/config.toml")
if check(os.path.isfile(gpath), "live greetd config exists"):
    try:
        g = tomllib.loads(read(gpath))
        ok("live greetd config parses as TOML")
    except Exception as e:  # noqa: BLE001
        g = {}
        bad("live greetd config parses as TOML", str(e))
    init = g.get("initial_session", {})
    check(init.get("user") == "liveuser", "greetd autologs the live user in (initial_session)")
    cmd = (init.get("command", "") or "").split()
    check(bool(cmd) and cmd[0] in shipped, f"greetd initial_session command {cmd[:1]} is installed by a package")
    check(g.get("default_session", {}).get("user") in users, "greetd default_session user exists")
    check(g.get("terminal", {}).get("vt") == 1, "greetd runs on vt 1")
dpath = os.path.join(overlay, "etc/doas.conf")
if os.path.exists(dpath):
    for n, line in enumerate(read(dpath).splitlines(), 1):
        s = line.split("#", 1)[0].strip()
        if s:
            check(re.fullmatch(r"(permit|deny)(\s+(nopass|nolog|persist|keepenv|setenv\s*\{[^}]*\}))*\s+:?[a-z_][a-z0-9_-]*(\s+as\s+\S+)?(\s+cmd\s+\S+(\s+args(\s+\S+)*)?)?", s) is not None,
                  f"etc/doas.conf:{n} is a doas rule", s)

# ---------------------------------------------------------------- D-Bus and desktop files
for dest, (pkg, srcp) in sorted(installed.items()):
    p = os.path.join(repo, srcp) if not srcp.startswith(("bin:", "dir:")) else None
    if p is None or not os.path.isfile(p):
        continue
    if dest.startswith("/usr/share/dbus-1/system.d/"):
        try:
            doc = xml.dom.minidom.parseString(read(p))
            ok(f"{srcp} is well-formed XML")
        except Exception as e:  # noqa: BLE001
            bad(f"{srcp} is well-formed XML", str(e))
            continue
        owns = [a.getAttribute("own") for a in doc.getElementsByTagName("allow") if a.getAttribute("own")]
        busname = os.path.basename(dest)[:-len(".conf")]
        check(owns == [busname] or set(owns) == {busname}, f"{srcp}: allows owning exactly {busname}", f"{owns}")
        for pol in doc.getElementsByTagName("policy"):
            if pol.getAttribute("context") == "default":
                check(not any(a.getAttribute("own") for a in pol.getElementsByTagName("allow")),
                      f"{srcp}: the default context may not own {busname}")
    if dest.endswith(".desktop") or dest.startswith("/usr/share/dbus-1/system-services/"):
        cp = configparser.ConfigParser(interpolation=None)
        cp.optionxform = str
        try:
            cp.read_string(read(p))
            ok(f"{srcp} parses")
        except Exception as e:  # noqa: BLE001
            bad(f"{srcp} parses", str(e))
            continue
        sec = cp.sections()[0] if cp.sections() else ""
        exe = cp.get(sec, "Exec", fallback="").split()
        check(bool(exe) and exe[0] in shipped, f"{srcp}: Exec {exe[:1]} is installed by a package")
        if dest.startswith("/usr/share/dbus-1/system-services/"):
            check(sec == "D-BUS Service" and cp.get(sec, "User", fallback="") != "", f"{srcp}: [D-BUS Service] with User=")
            bus = cp.get(sec, "Name", fallback="")
            check(dest.endswith(f"/{bus}.service"), f"{srcp}: file name matches Name={bus}")
            check(f"/usr/share/dbus-1/system.d/{bus}.conf" in installed, f"{srcp}: a bus policy for {bus} is installed")

# ---------------------------------------------------------------- Calamares left anywhere
cal_hits = []
for dp, dns, fns in os.walk(prof):
    for fn in dns + fns:
        if "calamares" in fn.lower():
            cal_hits.append(f"path: {rel(os.path.join(dp, fn))}")
    for fn in fns:
        p = os.path.join(dp, fn)
        if fn.endswith(".md") or os.path.islink(p):
            continue
        try:
            text = read(p)
        except (UnicodeDecodeError, OSError):
            continue
        for n, line in enumerate(text.splitlines(), 1):
            s = line.strip()
            if "calamares" in s.lower() and not s.startswith(("#", "<!--", "//")):
                cal_hits.append(f"{rel(p)}:{n}: {s}")
check(not cal_hits, "no Calamares left in the profile (packages, files, configuration)", *cal_hits)

# ---------------------------------------------------------------- README
readme = os.path.join(prof, "README.md")
if check(os.path.isfile(readme), "iso-profile/README.md exists"):
    t = read(readme)
    for w, why in [("mkarchiso", "how to build"), ("qemu-system-x86_64", "how to test in QEMU"),
                   ("Calamares", "what changed from the Calamares ISO"), ("Artix", "building on Artix")]:
        check(w in t, f"README.md explains {why} (mentions {w})")

with open(os.path.join(tmp, "py-counts"), "w") as fh:
    fh.write(f"{counts[0]} {counts[1]}\n")
PY
py_rc=$?
cat "$tmp/py.out"
if [ ! -s "$tmp/py-counts" ]; then
  bad "the Python part of this check did not finish (exit $py_rc)" "$(tail -20 "$tmp/py.out")"
else
  read -r py_pass py_fail <"$tmp/py-counts"
  pass=$((pass + py_pass))
  fail=$((fail + py_fail))
fi

printf '\ncheck-iso-profile: %d checks passed, %d failed (%ds)\n' "$pass" "$fail" "$SECONDS"
[ "$fail" -eq 0 ]
