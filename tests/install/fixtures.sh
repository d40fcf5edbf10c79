# shellcheck shell=sh
# Test fixtures shared by tests/install/loop.sh, tests/vm/run and, in the QEMU guests,
# the boot tests (tests/vm/guest): POSIX sh, since the guests source them from dash.
# Sourced, not run.

# fill_home DIR: fills a mounted filesystem the way users leave a /home: lain's files
# (uid 1000, private modes, a symbolic link, 3 MiB of random bytes) and someone else's.
fill_home() {
  mkdir -p "$1/lain/Documents/deep/er" "$1/lain/.config/app" "$1/other"
  echo "notes of the Wired" >"$1/lain/Documents/notes.txt"
  head -c 3M /dev/urandom >"$1/lain/Documents/blob.bin"
  printf 'alias ll="ls -l"\n' >"$1/lain/.bashrc"
  echo "[app]" >"$1/lain/.config/app/app.conf"
  echo "deep" >"$1/lain/Documents/deep/er/file"
  ln -s Documents/notes.txt "$1/lain/link-to-notes"
  chmod 600 "$1/lain/Documents/notes.txt"
  chmod 700 "$1/lain"
  chown -R 1000:1000 "$1/lain"
  echo "someone else" >"$1/other/file"
  chown -R 1234:1234 "$1/other"
}

# manifest DIR: path, type, mode, owner, size and link target of every entry, then
# the SHA-256 of every file.
manifest() {
  (cd "$1" && find . -path ./lost+found -prune -o -printf '%p %y %m %U:%G %s %l\n' | sort &&
    find . -path ./lost+found -prune -o -type f -print0 | sort -z | xargs -0 sha256sum)
}

# wait_for_nodes NODE...: partition nodes appear shortly after losetup -P (no udev).
wait_for_nodes() {
  # shellcheck disable=SC3043 # dash and busybox sh have local
  local n i
  for n in "$@"; do
    i=0
    while [ "$i" -lt 100 ] && [ ! -b "$n" ]; do sleep 0.05; i=$((i + 1)); done
    [ -b "$n" ] || return 1
  done
}
