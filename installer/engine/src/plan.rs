//! The install plan: plain data, a list of typed actions, fully decided before anything
//! is written. `plan` prints it, `--dry-run` shows it, tests snapshot it, the GUI's
//! summary page shows it, and the executor carries it out action by action.
//!
//! Paths of the installed system (`target` fields) are relative to the target root,
//! which the executor chooses; they are written as absolute paths (`/etc/fstab`).

use std::fmt;
use std::path::PathBuf;

use lainos_config::answer::{Finish, Runlevel};
use lainos_config::values::{Secret, human_bytes};
use serde::{Deserialize, Serialize};

/// The firmware the installed system boots with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BootFirmware {
    Bios,
    Uefi,
    /// Both: a BIOS boot partition and an ESP (disk images that boot anywhere).
    Both,
}

impl BootFirmware {
    pub fn bios(self) -> bool {
        matches!(self, BootFirmware::Bios | BootFirmware::Both)
    }
    pub fn uefi(self) -> bool {
        matches!(self, BootFirmware::Uefi | BootFirmware::Both)
    }
}

/// A filesystem the installer makes or mounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fs {
    Ext4,
    Btrfs,
    Xfs,
    Vfat,
    Swap,
}

impl Fs {
    pub fn as_str(self) -> &'static str {
        match self {
            Fs::Ext4 => "ext4",
            Fs::Btrfs => "btrfs",
            Fs::Xfs => "xfs",
            Fs::Vfat => "vfat",
            Fs::Swap => "swap",
        }
    }
}

impl From<lainos_config::answer::RootFilesystem> for Fs {
    fn from(f: lainos_config::answer::RootFilesystem) -> Self {
        use lainos_config::answer::RootFilesystem as R;
        match f {
            R::Ext4 => Fs::Ext4,
            R::Btrfs => Fs::Btrfs,
            R::Xfs => Fs::Xfs,
        }
    }
}

impl From<lainos_config::answer::PartitionFilesystem> for Fs {
    fn from(f: lainos_config::answer::PartitionFilesystem) -> Self {
        use lainos_config::answer::PartitionFilesystem as P;
        match f {
            P::Ext4 => Fs::Ext4,
            P::Btrfs => Fs::Btrfs,
            P::Xfs => Fs::Xfs,
            P::Vfat => Fs::Vfat,
            P::Swap => Fs::Swap,
        }
    }
}

/// What a GPT partition is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartKind {
    BiosBoot,
    Esp,
    Boot,
    Swap,
    Root,
    /// Another Linux filesystem (manual layouts: `/home`, `/var`…).
    Linux,
}

impl PartKind {
    /// The GPT partition type GUID.
    pub fn type_guid(self) -> &'static str {
        match self {
            PartKind::BiosBoot => "21686148-6449-6E6F-744E-656564454649",
            PartKind::Esp => "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
            PartKind::Swap => "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F",
            // The Discoverable Partitions root type for x86-64.
            PartKind::Root => "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
            PartKind::Boot | PartKind::Linux => "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
        }
    }
}

/// One partition of the table the plan writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedPartition {
    pub number: u32,
    pub device: PathBuf,
    pub kind: PartKind,
    pub name: String,
    pub type_guid: String,
    pub part_uuid: String,
    /// First sector (logical sectors of the disk).
    pub start_lba: u64,
    /// Last sector, inclusive.
    pub end_lba: u64,
    pub size_bytes: u64,
}

/// A file's content in the plan. Secrets are kept out of the plan's text and JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "text")]
pub enum Content {
    Text(String),
}

/// How a user's password is set.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordSpec {
    /// A crypt(3) hash, written to /etc/shadow.
    Hash(String),
    /// A clear-text password, hashed by `chpasswd` in the target (fed on stdin).
    #[serde(serialize_with = "redact", deserialize_with = "unredactable")]
    Clear(Secret),
}

impl fmt::Debug for PasswordSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordSpec::Hash(_) => f.write_str("Hash(<hidden>)"),
            PasswordSpec::Clear(_) => f.write_str("Clear(<redacted>)"),
        }
    }
}

fn redact<S: serde::Serializer>(_: &Secret, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("<redacted>")
}

fn unredactable<'de, D: serde::Deserializer<'de>>(_: D) -> Result<Secret, D::Error> {
    Err(serde::de::Error::custom(
        "a plan with a clear-text password cannot be read back",
    ))
}

/// Where the LUKS passphrase comes from. The plan never holds it in a form that is
/// printed or serialized: a file is named, clear text is redacted.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassphraseSource {
    /// Read at install time; one trailing newline is ignored.
    File(PathBuf),
    /// Given in clear text in the answer file.
    #[serde(serialize_with = "redact", deserialize_with = "unredactable")]
    Clear(Secret),
}

impl fmt::Debug for PassphraseSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PassphraseSource::File(p) => write!(f, "File({})", p.display()),
            PassphraseSource::Clear(_) => f.write_str("Clear(<redacted>)"),
        }
    }
}

/// The key derivation of a LUKS2 keyslot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pbkdf {
    /// argon2id memory cost in KiB (cryptsetup `--pbkdf-memory`).
    pub memory_kib: u64,
    /// Target unlock time on the installing machine (cryptsetup `--iter-time`).
    pub time_ms: u32,
}

/// How the squashfs is checked before unpacking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedChecksum {
    Skip,
    /// The expected SHA-512, hex.
    Sha512(String),
    /// Read the expected SHA-512 from this `sha512sum` file at install time.
    FromFile(PathBuf),
}

/// The checks run on the installed system before the install is declared a success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifySpec {
    /// The root filesystem UUID that `root=UUID=` must name.
    pub root_uuid: String,
    /// The kernel and initramfs (`{version}` filled in at install time).
    pub kernel: String,
    pub initramfs: String,
    pub init: String,
    pub grub_cfg: String,
    /// fstab entries that must be present: (UUID, mount point).
    pub fstab: Vec<(String, String)>,
    pub users: Vec<String>,
    pub admin_group: String,
    /// LUKS UUIDs the default entry must unlock (`rd.luks.uuid=`).
    #[serde(default)]
    pub luks_uuids: Vec<String>,
}

/// One action of the plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Action {
    /// Checks the squashfs against its SHA-512.
    VerifySource {
        squashfs: PathBuf,
        expected: ExpectedChecksum,
    },
    /// Erases the old signatures of the disk and its partitions.
    WipeDisk {
        disk: PathBuf,
    },
    /// Writes a new GPT (with a protective MBR), or adds partitions to the existing one.
    WritePartitionTable {
        disk: PathBuf,
        sector_size: u64,
        /// A new table; false: add `partitions` to the table that is there.
        fresh: bool,
        partitions: Vec<PlannedPartition>,
    },
    /// Makes a LUKS2 container on a partition with a chosen UUID and opens it as
    /// `/dev/mapper/<name>`; the mapping is closed when the install ends, whatever
    /// the outcome. The passphrase reaches cryptsetup on standard input only.
    Encrypt {
        device: PathBuf,
        uuid: String,
        name: String,
        pbkdf: Pbkdf,
        passphrase: PassphraseSource,
    },
    /// Opens an existing LUKS volume as `/dev/mapper/<name>` (closed again when the
    /// install ends); when `expect_fs` is set, what is inside must be that filesystem.
    Unlock {
        device: PathBuf,
        uuid: String,
        name: String,
        passphrase: PassphraseSource,
        expect_fs: Option<Fs>,
    },
    /// Makes a filesystem (or swap) with a chosen UUID and label.
    Format {
        device: PathBuf,
        fs: Fs,
        label: String,
        uuid: String,
    },
    /// Creates btrfs subvolumes on a fresh filesystem.
    CreateSubvolumes {
        device: PathBuf,
        subvolumes: Vec<String>,
    },
    /// Mounts a filesystem at a path of the target.
    Mount {
        device: PathBuf,
        target: String,
        fs: Fs,
        options: Vec<String>,
    },
    /// Copies the squashfs onto the target, keeping owners, modes, links, xattrs.
    Unpack {
        squashfs: PathBuf,
        /// Uncompressed bytes, for progress.
        bytes: u64,
    },
    /// Creates and formats a swap file.
    CreateSwapFile {
        path: String,
        size_bytes: u64,
        /// On btrfs: a NOCOW file in its own subvolume.
        btrfs: bool,
        uuid: String,
    },
    /// Writes a file of the target.
    WriteFile {
        path: String,
        mode: u32,
        owner: String,
        content: Content,
    },
    /// Copies a file of the running system into the target (root:root).
    CopyFile {
        source: PathBuf,
        path: String,
        mode: u32,
    },
    /// Removes files or directories of the target.
    RemovePaths {
        paths: Vec<String>,
    },
    /// Mounts /proc, /sys, /dev, /dev/pts and /run into the target for commands run
    /// inside it.
    MountApiFilesystems,
    /// Generates the locales.
    GenerateLocales {
        locales: Vec<String>,
        command: Vec<String>,
    },
    /// Points /etc/localtime at the zone.
    SetTimezone {
        zone: String,
    },
    /// Removes a live-session user and its home.
    RemoveUser {
        name: String,
    },
    /// Creates a group when it does not exist.
    CreateGroup {
        name: String,
    },
    CreateUser {
        name: String,
        full_name: String,
        groups: Vec<String>,
        shell: String,
        password: PasswordSpec,
    },
    /// Locks root's password, or sets it.
    SetRootPassword {
        password: Option<PasswordSpec>,
    },
    EnableService {
        name: String,
        runlevel: Runlevel,
        optional: bool,
    },
    DisableService {
        name: String,
    },
    /// Removes live-only packages.
    RemovePackages {
        command: Vec<String>,
    },
    /// Runs dracut for the installed kernel.
    GenerateInitramfs {
        kernel: String,
        initramfs: String,
        options: Vec<String>,
    },
    /// Installs GRUB for BIOS (on the disk) and/or UEFI (on the ESP, with the removable
    /// fallback path).
    InstallBootloader {
        firmware: BootFirmware,
        disk: PathBuf,
        efi_dir: Option<String>,
        bootloader_id: String,
        grub_install: String,
    },
    /// Runs grub-mkconfig.
    GenerateGrubConfig {
        command: String,
        output: String,
    },
    /// Runs an answer-file hook.
    RunHook {
        argv: Vec<String>,
        chroot: bool,
        timeout_secs: u64,
    },
    /// Checks that what was installed can boot.
    Verify(VerifySpec),
    /// Copies the install log into the target's /var/log.
    CopyLog {
        path: String,
    },
    /// Unmounts everything the install mounted, in reverse order.
    UnmountAll,
    Finish {
        action: Finish,
    },
}

impl Action {
    /// True for actions that destroy data on the disk. Adding partitions to the table
    /// that is there (alongside, manual) destroys nothing: the executor refuses any
    /// overlap with a partition that exists.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            Action::WipeDisk { .. }
                | Action::WritePartitionTable { fresh: true, .. }
                | Action::Encrypt { .. }
                | Action::Format { .. }
        )
    }

    /// A short title for progress displays.
    pub fn title(&self) -> String {
        match self {
            Action::VerifySource { .. } => "Checking the system image".into(),
            Action::WipeDisk { disk } => format!("Erasing {}", disk.display()),
            Action::WritePartitionTable { disk, .. } => {
                format!("Partitioning {}", disk.display())
            }
            Action::Encrypt { device, .. } => format!("Encrypting {}", device.display()),
            Action::Unlock { device, .. } => format!("Unlocking {}", device.display()),
            Action::Format { device, fs, .. } => {
                format!("Formatting {} as {}", device.display(), fs.as_str())
            }
            Action::CreateSubvolumes { .. } => "Creating btrfs subvolumes".into(),
            Action::Mount { target, .. } => format!("Mounting {target}"),
            Action::Unpack { .. } => "Copying the system".into(),
            Action::CreateSwapFile { .. } => "Creating the swap file".into(),
            Action::WriteFile { path, .. } => format!("Writing {path}"),
            Action::CopyFile { path, .. } => format!("Copying {path}"),
            Action::RemovePaths { .. } => "Removing live-session files".into(),
            Action::MountApiFilesystems => "Preparing the installed system".into(),
            Action::GenerateLocales { .. } => "Generating locales".into(),
            Action::SetTimezone { zone } => format!("Setting the time zone to {zone}"),
            Action::RemoveUser { name } => format!("Removing the live user {name}"),
            Action::CreateGroup { name } => format!("Creating group {name}"),
            Action::CreateUser { name, .. } => format!("Creating user {name}"),
            Action::SetRootPassword { .. } => "Setting up root".into(),
            Action::EnableService { name, .. } => format!("Enabling service {name}"),
            Action::DisableService { name } => format!("Disabling service {name}"),
            Action::RemovePackages { .. } => "Removing live-session packages".into(),
            Action::GenerateInitramfs { .. } => "Building the initramfs".into(),
            Action::InstallBootloader { .. } => "Installing the boot loader".into(),
            Action::GenerateGrubConfig { .. } => "Writing the boot menu".into(),
            Action::RunHook { argv, .. } => format!("Running hook {}", argv.join(" ")),
            Action::Verify(_) => "Checking the installed system".into(),
            Action::CopyLog { .. } => "Saving the install log".into(),
            Action::UnmountAll => "Unmounting".into(),
            Action::Finish { .. } => "Finishing".into(),
        }
    }
}

/// Where the plan gets its system image from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePlan {
    pub squashfs: PathBuf,
    pub compressed_bytes: u64,
    pub uncompressed_bytes: u64,
}

/// The whole plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InstallPlan {
    /// The target disk, resolved (a `/dev/disk/by-*` link becomes the device).
    pub disk: PathBuf,
    pub disk_size_bytes: u64,
    pub firmware: BootFirmware,
    pub source: SourcePlan,
    /// The root filesystem's UUID.
    pub root_uuid: String,
    /// Partitions of the disk that the plan leaves as they are.
    pub kept_partitions: Vec<PathBuf>,
    /// The same partitions, described, with what the install does with each.
    #[serde(default)]
    pub kept_details: Vec<KeptPartition>,
    pub actions: Vec<Action>,
    /// Warnings found while planning (they do not stop the install).
    pub warnings: Vec<String>,
    pub hooks_on_error: Vec<HookSpec>,
    /// Image mode: the image file behind the loop device `disk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<crate::image::ImageTarget>,
}

/// A partition the plan does not format or delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptPartition {
    pub device: PathBuf,
    pub size_bytes: u64,
    /// The filesystem or other signature found in it.
    pub filesystem: Option<String>,
    /// Its filesystem label, or else its GPT name.
    pub label: Option<String>,
    pub role: KeptRole,
}

/// What the install does with a kept partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptRole {
    /// Not used by the installed system and not touched.
    Unused,
    /// Mounted there by the installed system; its contents are not touched.
    Mounted(String),
    /// Used as swap by the installed system, not formatted.
    Swap,
    /// The EFI system partition: GRUB's files are added, nothing else changes.
    EspFilesAdded,
    /// A BIOS boot partition: GRUB's core image is written into it.
    BiosBootRewritten,
}

impl KeptPartition {
    /// One line: `/dev/vda2  20.0 GiB  ext4 "home"  mounted at /home, contents untouched`.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{}  {}",
            self.device.display(),
            human_bytes(self.size_bytes)
        );
        if let Some(f) = &self.filesystem {
            s.push_str(&format!("  {f}"));
        }
        if let Some(l) = &self.label {
            s.push_str(&format!(" \"{l}\""));
        }
        s.push_str("  ");
        s.push_str(&match &self.role {
            KeptRole::Unused => "not used, not touched".to_string(),
            KeptRole::Mounted(m) => format!("mounted at {m}, contents untouched"),
            KeptRole::Swap => "used as swap, not formatted".to_string(),
            KeptRole::EspFilesAdded => {
                "the EFI system partition: GRUB's files are added, nothing else changes".to_string()
            }
            KeptRole::BiosBootRewritten => {
                "BIOS boot partition: GRUB's core image is written into it".to_string()
            }
        });
        s
    }
}

/// A hook from the answer file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HookSpec {
    pub argv: Vec<String>,
    pub chroot: bool,
    pub timeout_secs: u64,
}

impl InstallPlan {
    pub fn destructive(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.is_destructive())
    }

    /// The plan as text a person can check: destructive actions first and set apart.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        if let Some(img) = &self.image {
            let _ = writeln!(s, "{}", img.describe());
        }
        let _ = writeln!(
            s,
            "Install onto {} ({}), booting with {}",
            self.disk.display(),
            human_bytes(self.disk_size_bytes),
            match self.firmware {
                BootFirmware::Bios => "BIOS",
                BootFirmware::Uefi => "UEFI",
                BootFirmware::Both => "BIOS and UEFI",
            }
        );
        let _ = writeln!(
            s,
            "System image: {} ({} compressed, {} installed)",
            self.source.squashfs.display(),
            human_bytes(self.source.compressed_bytes),
            human_bytes(self.source.uncompressed_bytes)
        );
        let destructive: Vec<&Action> = self.destructive().collect();
        if !destructive.is_empty() {
            let _ = writeln!(s, "\nThese actions destroy data:");
            for a in &destructive {
                let _ = writeln!(s, "  ! {}", describe(a));
            }
        }
        if !self.kept_details.is_empty() {
            let _ = writeln!(s, "\nThese partitions are kept:");
            for k in &self.kept_details {
                let _ = writeln!(s, "    {}", k.describe());
            }
        } else if !self.kept_partitions.is_empty() {
            let _ = writeln!(s, "\nThese partitions are kept as they are:");
            for p in &self.kept_partitions {
                let _ = writeln!(s, "    {}", p.display());
            }
        }
        let _ = writeln!(s, "\nSteps:");
        for (i, a) in self.actions.iter().enumerate() {
            let _ = writeln!(s, "{:3}. {}", i + 1, describe(a));
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(s, "\nWarnings:");
            for w in &self.warnings {
                let _ = writeln!(s, "  warning: {w}");
            }
        }
        s
    }
}

/// One line (or a few) describing an action.
pub fn describe(a: &Action) -> String {
    match a {
        Action::VerifySource { squashfs, expected } => match expected {
            ExpectedChecksum::Skip => {
                format!(
                    "use {} without checking it (checksum: skip)",
                    squashfs.display()
                )
            }
            ExpectedChecksum::Sha512(h) => {
                format!("check {} against sha512 {}…", squashfs.display(), &h[..16])
            }
            ExpectedChecksum::FromFile(f) => format!(
                "check {} against the sha512 in {}",
                squashfs.display(),
                f.display()
            ),
        },
        Action::WipeDisk { disk } => {
            format!(
                "erase every filesystem and partition signature on {}",
                disk.display()
            )
        }
        Action::WritePartitionTable {
            disk,
            fresh,
            partitions,
            ..
        } => {
            let mut s = if *fresh {
                format!("write a new GPT partition table on {}:", disk.display())
            } else {
                format!("add partitions to the GPT of {}:", disk.display())
            };
            for p in partitions {
                s.push_str(&format!(
                    "\n         {} {:<10} {:>10}  sectors {}-{}  {}",
                    p.device.display(),
                    p.name,
                    human_bytes(p.size_bytes),
                    p.start_lba,
                    p.end_lba,
                    p.type_guid
                ));
            }
            s
        }
        Action::Encrypt {
            device,
            uuid,
            name,
            pbkdf,
            passphrase,
        } => format!(
            "encrypt {} with LUKS2 (UUID {uuid}, aes-xts-plain64, argon2id with at most {} of memory, about {} ms to unlock here), passphrase {}, and open it as /dev/mapper/{name}",
            device.display(),
            human_bytes(pbkdf.memory_kib * 1024),
            pbkdf.time_ms,
            match passphrase {
                PassphraseSource::File(p) => format!("from {}", p.display()),
                PassphraseSource::Clear(_) => "from the answer file's clear text".into(),
            }
        ),
        Action::Unlock {
            device,
            uuid,
            name,
            passphrase,
            expect_fs,
        } => format!(
            "open the LUKS volume {} (UUID {uuid}) with the passphrase {} as /dev/mapper/{name}{}",
            device.display(),
            match passphrase {
                PassphraseSource::File(p) => format!("from {}", p.display()),
                PassphraseSource::Clear(_) => "from the answer file's clear text".into(),
            },
            match expect_fs {
                Some(fs) => format!(", and check that it holds {}", fs.as_str()),
                None => String::new(),
            }
        ),
        Action::Format {
            device,
            fs,
            label,
            uuid,
        } => format!(
            "format {} as {} (label {label}, UUID {uuid})",
            device.display(),
            fs.as_str()
        ),
        Action::CreateSubvolumes { device, subvolumes } => format!(
            "create btrfs subvolumes {} on {}",
            subvolumes.join(", "),
            device.display()
        ),
        Action::Mount {
            device,
            target,
            fs,
            options,
        } => format!(
            "mount {} ({}) at {target}{}",
            device.display(),
            fs.as_str(),
            if options.is_empty() {
                String::new()
            } else {
                format!(" with {}", options.join(","))
            }
        ),
        Action::Unpack { squashfs, bytes } => format!(
            "copy {} of files from {} onto the target",
            human_bytes(*bytes),
            squashfs.display()
        ),
        Action::CreateSwapFile {
            path, size_bytes, ..
        } => format!("create a {} swap file {path}", human_bytes(*size_bytes)),
        Action::WriteFile {
            path, mode, owner, ..
        } => format!("write {path} (mode {mode:04o}, owner {owner})"),
        Action::CopyFile { source, path, mode } => {
            format!("copy {} to {path} (mode {mode:04o})", source.display())
        }
        Action::RemovePaths { paths } => format!("remove {}", paths.join(", ")),
        Action::MountApiFilesystems => {
            "mount /proc, /sys, /dev, /dev/pts and /run into the target".into()
        }
        Action::GenerateLocales { locales, command } => format!(
            "generate locales {} with `{}`",
            locales.join(", "),
            command.join(" ")
        ),
        Action::SetTimezone { zone } => format!("link /etc/localtime to {zone}"),
        Action::RemoveUser { name } => format!("remove the live user {name} and its home"),
        Action::CreateGroup { name } => format!("create group {name} if it does not exist"),
        Action::CreateUser {
            name,
            full_name,
            groups,
            shell,
            password,
        } => format!(
            "create user {name} ({full_name}) with shell {shell}, groups {}, password {}",
            groups.join(","),
            match password {
                PasswordSpec::Hash(_) => "from the given hash",
                PasswordSpec::Clear(_) => "from the given clear text (hashed in the target)",
            }
        ),
        Action::SetRootPassword { password } => match password {
            None => "lock root's password".into(),
            Some(_) => "set root's password".into(),
        },
        Action::EnableService {
            name,
            runlevel,
            optional,
        } => format!(
            "enable service {name} in runlevel {}{}",
            runlevel.as_str(),
            if *optional { " (optional)" } else { "" }
        ),
        Action::DisableService { name } => format!("disable service {name}"),
        Action::RemovePackages { command } => format!("run `{}`", command.join(" ")),
        Action::GenerateInitramfs {
            kernel,
            initramfs,
            options,
        } => format!(
            "build {initramfs} for {kernel} with dracut {}",
            options.join(" ")
        ),
        Action::InstallBootloader {
            firmware,
            disk,
            efi_dir,
            bootloader_id,
            ..
        } => {
            let mut parts = Vec::new();
            if firmware.bios() {
                parts.push(format!("GRUB i386-pc on {}", disk.display()));
            }
            if firmware.uefi() {
                parts.push(format!(
                    "GRUB x86_64-efi in {} as {bootloader_id} and as the removable fallback",
                    efi_dir.as_deref().unwrap_or("/boot/efi")
                ));
            }
            format!("install {}", parts.join(" and "))
        }
        Action::GenerateGrubConfig { command, output } => format!("run `{command} -o {output}`"),
        Action::RunHook {
            argv,
            chroot,
            timeout_secs,
        } => format!(
            "run hook `{}`{} (time limit {timeout_secs} s)",
            argv.join(" "),
            if *chroot { " in the target" } else { "" }
        ),
        Action::Verify(v) => format!(
            "check that grub.cfg boots {} with {}, root=UUID={}{} and init={}",
            v.kernel,
            v.initramfs,
            v.root_uuid,
            v.luks_uuids
                .iter()
                .map(|u| format!(", rd.luks.uuid={u}"))
                .collect::<String>(),
            v.init
        ),
        Action::CopyLog { path } => format!("copy the install log to {path}"),
        Action::UnmountAll => "unmount everything, in reverse order".into(),
        Action::Finish { action } => match action {
            Finish::Reboot => "reboot".into(),
            Finish::Poweroff => "power off".into(),
            Finish::None => "leave the machine running".into(),
        },
    }
}
