# The LainOS graphical installer, English (the source language).
# Every other language must have exactly these message IDs and use only these
# arguments (tests/i18n in installer/gui checks it).

## Application
app-title = { $product } Installer
nav-back = Back
nav-next = Next
nav-install = Install now
nav-cancel = Cancel installation
nav-save = Save answer file
saved-to = Answer file saved to { $path }
save-failed = Could not save the answer file: { $error }
service-unreachable = The installer service is not available: { $error }
service-connecting = Connecting to the installer service…

## Pages
page-welcome = Welcome
page-location = Location
page-keyboard = Keyboard
page-disk = Disk
page-users = Users
page-summary = Summary
page-install = Install
page-done = Finished

## Welcome
welcome-title = Welcome to { $product }
welcome-body = This assistant installs { $product } on this computer. Choose your language to begin.
welcome-language = Language
req-title = Requirements
req-ram = Memory: { $have } (at least { $need })
req-disk = A disk of at least { $need }
req-firmware = Firmware: { $kind }
req-power-ok = Connected to power
req-power-battery = Running on battery: connect the charger before installing
req-power-unknown = Power source unknown
req-met = OK
req-not-met = Not met
req-probing = Looking at this computer…

## Location
location-title = Where are you?
location-timezone = Time zone
location-search = Search
location-locale = Language and formats of the installed system
location-selected = Selected: { $value }
location-no-match = Nothing matches “{ $query }”

## Keyboard
keyboard-title = Keyboard layout
keyboard-layout = Layout
keyboard-variant = Variant
keyboard-variant-default = Default
keyboard-try = Type here to try your keyboard

## Disk
disk-title = Where should { $product } be installed?
disk-choose = Disk
disk-erase = Erase the disk and install { $product }
disk-in-use = in use (the live medium)
disk-filesystem = File system
disk-swap = Swap
swap-none = None
swap-file = Swap file
swap-partition = Swap partition
disk-encrypt = Encrypt the system
disk-encrypt-hint = You will type this passphrase at every start, before the system loads, with the keyboard layout chosen on the Keyboard page. A separate unencrypted /boot is created.
disk-passphrase = Passphrase
disk-passphrase-confirm = Confirm the passphrase
disk-none = No disk was found
err-disk-required = Choose a disk
err-passphrase-short = The passphrase needs at least { $min } characters
err-passphrase-mismatch = The passphrases do not match

## Disk: manual layout
disk-manual = Choose the partitions myself (manual)
manual-help = Choose what each partition is used for. Partitions left unused are not touched.
manual-no-partitions = This disk has no partitions yet: add new ones in its free space.
manual-no-filesystem = no file system
manual-new-partition = New partition
manual-size = Size
manual-size-hint = e.g. 20GiB or 100%
manual-mount = Mount point
manual-unused = Unused (keep as it is)
manual-swap = Swap
manual-format = Format
manual-remove = Remove
manual-add = Add a partition
manual-free = Free space on the disk: { $free }
manual-will-erase = Everything on { $device } will be erased
err-manual-rest-last = Only the last new partition can take the rest (100%)
err-manual-new-unused = Choose a mount point for the new partition
err-manual-mount-twice = { $mount } is already the mount point of another partition
err-manual-format-empty = This partition has no file system: it must be formatted
err-manual-format-other = This partition holds { $current }: format it to use it as { $fs }
err-manual-no-root = Choose a partition for / (the system)
err-manual-no-esp = This computer starts with UEFI: choose an EFI system partition (vfat) for /boot/efi
err-manual-no-space = The new partitions do not fit into the free space ({ $free })
err-size-no-unit = Add a unit, such as 512MiB or 20GiB
err-size-decimal = Use { $binary } instead of { $unit }
err-size-not-positive = The size must be larger than zero
err-size-invalid = Write a whole number with a unit (MiB, GiB, TiB), or 100% for the rest

## Users
users-title = Who will use this computer?
users-full-name = Your name
users-name = User name
users-password = Password
users-password-confirm = Confirm the password
users-hostname = Computer name
users-admin = This user may administer the computer (doas)
users-root-same = Use the same password for the root account (otherwise root stays locked)
strength-weak = Strength: weak
strength-fair = Strength: fair
strength-strong = Strength: strong
err-name-invalid = Use lower-case letters, digits, “_” and “-”, starting with a letter
err-password-empty = Enter a password
err-password-mismatch = The passwords do not match
err-hostname-invalid = Use letters, digits and “-”, at most 63 characters

## Summary
summary-title = Ready to install
summary-planning = Preparing the plan…
summary-actions = What will happen
summary-destructive = These actions erase data
summary-confirm = I understand that the data listed above will be erased
summary-plan-failed = The installation cannot start:

## Summary: one line per kind of action of the plan
plan-verify-source = Check the system image { $image }
plan-verify-source-skip = Use the system image { $image } without checking it
plan-wipe-disk = Erase every partition and file system on { $disk }
plan-write-partition-table = Write a new partition table on { $disk }: { $partitions }
plan-add-partitions = Add partitions to { $disk }: { $partitions }
plan-format = Format { $device } as { $fs }
plan-encrypt = Encrypt { $device } with LUKS2
plan-unlock = Open the existing LUKS volume { $device }
plan-create-subvolumes = Create the btrfs subvolumes { $subvolumes }
plan-mount = Mount { $device } at { $target }
plan-unpack = Copy the system ({ $size })
plan-create-swap-file = Create a swap file of { $size }
plan-write-file = Write { $path }
plan-remove-paths = Remove live-session files: { $paths }
plan-mount-api-filesystems = Prepare the installed system for running commands
plan-generate-locales = Generate the locales { $locales }
plan-set-timezone = Set the time zone to { $zone }
plan-remove-user = Remove the live user { $name }
plan-create-group = Create the group { $name }
plan-create-user = Create the user { $name } (groups: { $groups })
plan-lock-root = Lock the root account
plan-set-root-password = Set the root password
plan-enable-service = Enable the service { $name } (runlevel { $runlevel })
plan-disable-service = Disable the service { $name }
plan-remove-packages = Remove the live-session packages
plan-generate-initramfs = Build the initramfs for kernel { $kernel }
plan-install-bootloader = Install the GRUB boot loader ({ $firmware })
plan-generate-grub-config = Write the boot menu
plan-run-hook = Run the hook { $command }
plan-verify = Check that the installed system can boot
plan-copy-log = Save the install log to { $path }
plan-copy-file = Copy { $path } into the installed system
plan-unmount-all = Unmount everything
plan-finish-reboot = Restart the computer
plan-finish-poweroff = Power off the computer
plan-finish-none = Leave the computer running

## Install
install-title = Installing { $product }
install-show-log = Show details
install-hide-log = Hide details
install-cancelling = Cancelling…
install-bytes = { $done } of { $total } copied

## Sizes (binary units; $n is already formatted with size-decimal-separator)
size-decimal-separator = .
size-b = { $n } B
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

## Finished
done-title = All done
done-body = { $product } is installed. Restart the computer and remove the installation medium.
done-restart = Restart now
done-stay = Stay in the live session
failed-title = The installation failed
failed-body = The installer stopped. What happened:
cancelled-title = The installation was cancelled
done-close = Close

## Slideshow
slide-1 = { $product } starts with OpenRC: fast, simple, and without systemd.
slide-2 = Administer your system with doas, a small and auditable replacement for sudo.
slide-3 = Your desktop keeps working: the Protocol 7 daemons speak what it expects.

## Keyboard hints (shortcut names as printed on keyboards in the language)
keys-nav = Enter: next · Esc or { $back }: back · { $next }: next · Tab: next field
keys-welcome = ↑ ↓: choose the language
keys-location = ↑ ↓, Page Up/Down, Home/End: move in the framed list · Tab to a search field to frame its list
keys-keyboard = ↑ ↓, Page Up/Down: layout · Ctrl+↑ ↓: variant
keys-disk = Ctrl+↑ ↓: disk · Ctrl+L: erase, alongside or manual · Ctrl+P: swap
keys-erase = ↑ ↓: disk · Ctrl+F: file system · Ctrl+E: encryption
keys-manual = ↑ ↓: partition (framed) · M, Shift+M: mount point · F: file system · Space: format or keep · Delete: remove a new partition · Ctrl+N: size of a new partition
keys-users = Tab: next field · Ctrl+D: administrator · Ctrl+R: same password for root
keys-summary = Space: tick or untick the confirmation · Ctrl+Enter: install (with the confirmation ticked) · Ctrl+S: save the answer file
keys-install = Ctrl+L: show or hide the log
nav-install-key = Ctrl+Enter

## Disk: install alongside, partitions that stay, unlocking LUKS (gui-storage)
disk-alongside = Install { $product } alongside the other systems, in the free space
alongside-no-table = Not offered: this disk has no partition table, so there is nothing to install alongside
alongside-not-gpt = Not offered: this disk has an MBR partition table; installing alongside needs GPT
alongside-too-small = Not offered: the largest free space on this disk is { $free }; at least { $need } are needed
alongside-free = The new partitions go into the largest free space on the disk: { $free }
alongside-stays = These partitions stay as they are:
alongside-no-partitions = This disk has no partitions.
manual-unlock = Unlock with passphrase
manual-unlock-hint = Encrypted partition (LUKS): it is opened with this passphrase before anything is written, and the file system and format apply to what is inside. The installed system asks for it at every start, with the keyboard layout chosen on the Keyboard page.
err-manual-unlock-empty = Type the passphrase that opens this encrypted partition
summary-kept = These partitions stay
kept-unused = not used, not touched
kept-mounted = mounted at { $mount }, contents untouched
kept-swap = used as swap, not formatted
kept-esp = the EFI system partition: GRUB's files are added, nothing else changes
kept-bios-boot = BIOS boot partition: GRUB's core image is written into it

## Setup mode (first boot of a preloaded computer: lainos-installer --setup)
setup-app-title = { $product } Setup
setup-welcome-body = Welcome to your new computer. A few questions prepare it for you. Choose your language to begin.
setup-users-admin = This user administers the computer (may use doas).
setup-summary-title = Ready to set up
setup-summary-body = Check your answers. “Finish setup” creates your account and prepares this computer; then you can log in.
setup-summary-locale = Language and formats
setup-summary-timezone = Time zone
setup-summary-keyboard = Keyboard
setup-summary-user = Administrator
setup-summary-hostname = Computer name
setup-summary-root = Root account
setup-summary-root-locked = Locked (administer with doas)
setup-summary-root-same = Same password as the administrator
nav-finish = Finish setup
setup-write-failed = Could not save the answers: { $error }
keys-setup-summary = Ctrl+Enter: finish setup · Esc: back
