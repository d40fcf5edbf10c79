//! The answer file, format version 1 (`spec/answer-file.md`). Field names are a contract.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::values::{
    Checksum, ConsoleKeymap, Duration, GroupName, Hostname, Locale, PasswordHash, Secret,
    ServiceName, Size, Timezone, Username, XkbLayout,
};

/// One installation, as the graphical installer saves it and the headless mode reads it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "LainOS installer answer file, version 1")]
pub struct AnswerFile {
    /// The format version; only `1` exists.
    pub version: Version,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub storage: Storage,
    #[serde(default)]
    pub locale: LocaleSettings,
    pub system: System,
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub root: Root,
    #[serde(default)]
    pub services: Services,
    #[serde(default)]
    pub hooks: Hooks,
    #[serde(default)]
    pub oem: Oem,
    #[serde(default)]
    pub finish: Finish,
}

/// The format version. Deserializes only from `1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(transparent)]
pub struct Version(#[schemars(range(min = 1, max = 1))] pub u32);

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(d)?;
        if v == 1 {
            Ok(Version(1))
        } else {
            Err(serde::de::Error::custom(format!(
                "version {v} is not supported; this installer reads version 1"
            )))
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The live squashfs; the profile supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub squashfs: Option<PathBuf>,
    #[serde(default)]
    pub checksum: Checksum,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    /// The target disk: a block device path (a `/dev/disk/by-*` link is fine).
    pub disk: PathBuf,
    pub layout: Layout,
    #[serde(default)]
    pub firmware: FirmwareChoice,
    /// The root filesystem for `layout: erase` and `alongside`; the profile supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filesystem: Option<RootFilesystem>,
    /// A 1 GiB ext4 `/boot` (`layout: erase` and `alongside`); the profile supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separate_boot: Option<bool>,
    #[serde(default)]
    pub swap: Swap,
    /// Absent means no encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
    /// `layout: manual` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<ManualPartition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Wipe the disk and create a fresh GPT.
    Erase,
    /// Use the partitions listed in `storage.partitions`.
    Manual,
    /// Keep every partition of the disk and put the new ones (root, and /boot and swap
    /// as answered) in its largest free space; an existing EFI system partition and
    /// BIOS boot partition are reused. Takes the same fields as `erase`.
    Alongside,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FirmwareChoice {
    /// What the machine booted with.
    #[default]
    Auto,
    Bios,
    Uefi,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RootFilesystem {
    Ext4,
    Btrfs,
    Xfs,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Swap {
    #[serde(default)]
    pub kind: SwapKind,
    /// The swap size; required for `file` and `partition`. Defaults to 2GiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Size>,
}

impl Default for Swap {
    fn default() -> Self {
        Swap {
            kind: SwapKind::None,
            size: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SwapKind {
    #[default]
    None,
    File,
    Partition,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// A file holding the passphrase (its trailing newline is ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase_file: Option<PathBuf>,
    /// The passphrase in clear text; accepted with a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<Secret>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualPartition {
    /// An existing partition; absent means a new partition in free space of `storage.disk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<PathBuf>,
    /// The size of a new partition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Size>,
    /// An absolute path, or `swap`.
    pub mountpoint: Mountpoint,
    pub filesystem: PartitionFilesystem,
    /// Create a new filesystem (destroys the data on it).
    #[serde(default)]
    pub format: bool,
    /// `device` is an existing LUKS volume: it is opened with this passphrase, and
    /// `filesystem` and `format` apply to what is inside. The installed system opens
    /// it in the initramfs (`rd.luks.uuid=`), asking for the passphrase at boot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlock: Option<Encryption>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PartitionFilesystem {
    Ext4,
    Btrfs,
    Xfs,
    Vfat,
    Swap,
}

impl PartitionFilesystem {
    pub fn as_str(self) -> &'static str {
        match self {
            PartitionFilesystem::Ext4 => "ext4",
            PartitionFilesystem::Btrfs => "btrfs",
            PartitionFilesystem::Xfs => "xfs",
            PartitionFilesystem::Vfat => "vfat",
            PartitionFilesystem::Swap => "swap",
        }
    }
}

impl RootFilesystem {
    pub fn as_str(self) -> &'static str {
        match self {
            RootFilesystem::Ext4 => "ext4",
            RootFilesystem::Btrfs => "btrfs",
            RootFilesystem::Xfs => "xfs",
        }
    }
}

/// A mount point: an absolute path, or `swap`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mountpoint {
    Swap,
    Path(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a mount point; write an absolute path such as `/home`, or `swap`")]
pub struct MountpointError(String);

impl std::str::FromStr for Mountpoint {
    type Err = MountpointError;
    fn from_str(s: &str) -> Result<Self, MountpointError> {
        if s == "swap" {
            return Ok(Mountpoint::Swap);
        }
        let ok = s.starts_with('/')
            && s.len() < 4096
            && !s.contains("//")
            && (s == "/" || !s.ends_with('/'))
            && !s.split('/').any(|c| c == "." || c == "..")
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Mountpoint::Path(s.to_string()))
        } else {
            Err(MountpointError(crate::values::quoted(s)))
        }
    }
}

impl std::fmt::Display for Mountpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mountpoint::Swap => f.write_str("swap"),
            Mountpoint::Path(p) => f.write_str(p),
        }
    }
}

impl<'de> Deserialize<'de> for Mountpoint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
impl Serialize for Mountpoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl JsonSchema for Mountpoint {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Mountpoint".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An absolute path such as /home, or `swap`",
            "pattern": "^(swap|/.*)$"
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocaleSettings {
    /// LANG; the profile supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
    /// More locales to generate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Locale>,
    /// The profile supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<Timezone>,
    #[serde(default)]
    pub keyboard: Keyboard,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Keyboard {
    /// The XKB layout; the profile supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<XkbLayout>,
    /// The XKB variant, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// `auto` (derived from layout and variant) or a kbd keymap name.
    #[serde(default)]
    pub console: ConsoleKeymap,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub hostname: Hostname,
    #[serde(default)]
    pub hardware_clock: HardwareClock,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HardwareClock {
    #[default]
    Utc,
    Local,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub name: Username,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// A crypt(3) hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<PasswordHash>,
    /// The password in clear text; accepted with a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Member of wheel, may use doas.
    #[serde(default)]
    pub admin: bool,
    /// Added to the profile's default groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupName>,
    #[serde(default)]
    pub autologin: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Root {
    /// Whether root may not log in with a password. Defaults to true, or to false when
    /// a root password is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<PasswordHash>,
    /// The root password in clear text; accepted with a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
}

impl Root {
    /// `locked` as written, or its default: locked unless a password is given.
    pub fn is_locked(&self) -> bool {
        self.locked
            .unwrap_or(self.password_hash.is_none() && self.password.is_none())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Services {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable: Vec<ServiceEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<ServiceName>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    pub name: ServiceName,
    #[serde(default)]
    pub runlevel: Runlevel,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Runlevel {
    Sysinit,
    Boot,
    #[default]
    Default,
    Shutdown,
}

impl Runlevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Runlevel::Sysinit => "sysinit",
            Runlevel::Boot => "boot",
            Runlevel::Default => "default",
            Runlevel::Shutdown => "shutdown",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hooks {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub post_install: Vec<Hook>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_error: Vec<Hook>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hook {
    /// The argv; no shell is involved unless argv[0] is one.
    pub run: Vec<String>,
    /// Run inside the installed system.
    #[serde(default)]
    pub chroot: bool,
    /// Defaults to 10m.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Oem {
    /// Install without users; ask for them on first boot.
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub batch_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Finish {
    #[default]
    Reboot,
    Poweroff,
    None,
}
