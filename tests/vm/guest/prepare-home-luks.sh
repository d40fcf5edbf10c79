#!/bin/sh
# Scenario keep-home-luks: runs in the LIVE guest before the installer (live-run.sh runs
# $T/prepare-in-guest.sh), since only the guest has device-mapper. Makes the earlier
# system's encrypted /home on /dev/vda3: LUKS2 with the test passphrase, ext4 inside,
# filled like a user's /home; prints its manifest and LUKS UUID on the serial console
# for tests/vm/run, then closes it again, so the installer must unlock it itself.
#   LAINOS-HOME-MANIFEST BEGIN / … / LAINOS-HOME-MANIFEST END
#   LAINOS-LIVE HOME-LUKS-UUID <uuid>
set -eu
T=/run/lainos-test
dev=/dev/vda3
m=/run/lainos-prep-home
# shellcheck source=tests/install/fixtures.sh
. "$T/fixtures.sh"   # fill_home, manifest
# PBKDF2 with few iterations: this is the earlier system's volume, made fast under TCG;
# the installer's own volumes use argon2id (checked by the -luks scenarios).
cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
  --label oldhome --key-file "$T/luks-passphrase" "$dev"
cryptsetup open --key-file "$T/luks-passphrase" "$dev" lainos-prep-home
mkfs.ext4 -q -L home /dev/mapper/lainos-prep-home
mkdir -p "$m"
mount /dev/mapper/lainos-prep-home "$m"
fill_home "$m"
echo "LAINOS-HOME-MANIFEST BEGIN"
manifest "$m"
echo "LAINOS-HOME-MANIFEST END"
umount "$m"
cryptsetup close lainos-prep-home
echo "LAINOS-LIVE HOME-LUKS-UUID $(cryptsetup luksUUID "$dev")"
