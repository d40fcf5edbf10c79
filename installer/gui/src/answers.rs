//! The answer document the GUI builds from its pages: the same format the headless
//! installer reads (`spec/answer-file.md`), so a saved file replays the install.
//!
//! Passwords never leave the GUI in clear text: the document holds `password_hash`
//! (SHA-512 crypt, `$6$`, a random salt per hash), both the one sent to the service and
//! the one "Save answer file" writes. Only the disk-encryption passphrase, which cannot
//! be hashed, travels in clear text, and only over the bus to the service; the saved
//! file names a `passphrase_file` instead ([`PASSPHRASE_FILE`]). The passphrase of an
//! existing LUKS volume opened in a manual layout (`unlock`) is handled the same way:
//! clear text to the service only, a [`unlock_passphrase_file`] in the saved file.

use std::path::Path;

use lainos_config::answer::{Encryption, ManualPartition, Mountpoint, PartitionFilesystem};
use lainos_config::values::{Secret, Size};
use serde::Serialize;
use sha_crypt::{PasswordHasher, ShaCrypt};

/// Where a saved answer file expects the encryption passphrase: the file never holds it.
pub const PASSPHRASE_FILE: &str = "/run/lainos-installer/luks-passphrase";

/// Where a saved answer file expects the passphrase of the existing LUKS volume
/// `device` (`/dev/vda3` → `/run/lainos-installer/unlock-vda3`): the file never holds it.
pub fn unlock_passphrase_file(device: &str) -> String {
    let name = Path::new(device).file_name().map_or_else(
        || device.replace('/', "-"),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("/run/lainos-installer/unlock-{name}")
}

/// Hashing a password failed (the system's random source is unavailable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot hash the password: {0}")]
pub struct HashError(String);

/// Random bytes in a salt: 12 bytes are 16 crypt-base64 characters, the most SHA-crypt
/// uses. A longer salt would be cut to 16 characters by glibc's `crypt`, whose result
/// then no longer equals the stored string, and `pam_unix` compares the strings.
pub const SALT_BYTES: usize = 12;

/// A SHA-512 crypt(3) hash (`$6$rounds=5000$<16 characters of salt>$…`) of `password`
/// with a fresh random salt, as `/etc/shadow` and `chpasswd -e` take it.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let mut salt = [0u8; SALT_BYTES];
    getrandom::fill(&mut salt).map_err(|e| HashError(e.to_string()))?;
    hash_password_with_salt(password, &salt)
}

/// [`hash_password`] with a given salt (known-answer tests).
pub fn hash_password_with_salt(
    password: &str,
    salt: &[u8; SALT_BYTES],
) -> Result<String, HashError> {
    ShaCrypt::SHA512
        .hash_password_with_salt(password.as_bytes(), salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// The two forms of one answer document, made from the same password hashes.
#[derive(Clone, PartialEq, Eq)]
pub struct Documents {
    /// Sent to the service over the bus (holds the encryption passphrase, if any).
    pub for_service: String,
    /// Written by "Save answer file": no clear-text secret at all.
    pub for_file: String,
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Documents(<not shown>)")
    }
}

/// The choices made on the pages. Its `Debug` hides the password and the passphrase.
#[derive(Clone, PartialEq, Eq)]
pub struct Draft {
    pub locale: String,
    pub timezone: String,
    pub keyboard_layout: String,
    pub keyboard_variant: Option<String>,
    pub disk: Option<String>,
    pub layout: Layout,
    /// `layout: erase` and `alongside`.
    pub filesystem: Filesystem,
    /// `layout: manual` only: `storage.partitions`, in the order of the disk page.
    pub partitions: Vec<PartitionAnswer>,
    pub swap: SwapChoice,
    /// Some(passphrase) when encrypting.
    pub encryption: Option<String>,
    pub full_name: String,
    pub user_name: String,
    pub password: String,
    pub hostname: String,
    pub admin: bool,
    /// Root gets the user's password (unlocked); otherwise root stays locked.
    pub root_same_password: bool,
}

impl std::fmt::Debug for Draft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Draft")
            .field("locale", &self.locale)
            .field("timezone", &self.timezone)
            .field("keyboard_layout", &self.keyboard_layout)
            .field("keyboard_variant", &self.keyboard_variant)
            .field("disk", &self.disk)
            .field("layout", &self.layout)
            .field("filesystem", &self.filesystem)
            .field("partitions", &self.partitions)
            .field("swap", &self.swap)
            .field("encryption", &self.encryption.as_ref().map(|_| "<hidden>"))
            .field("user_name", &self.user_name)
            .field("hostname", &self.hostname)
            .field("admin", &self.admin)
            .field("root_same_password", &self.root_same_password)
            .finish_non_exhaustive()
    }
}

/// `storage.layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// Wipe the disk and make a fresh layout.
    #[default]
    Erase,
    /// Keep every partition; the new ones go into the largest free space.
    Alongside,
    /// Use the partitions the user assigned (`storage.partitions`).
    Manual,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Erase => "erase",
            Layout::Alongside => "alongside",
            Layout::Manual => "manual",
        }
    }
}

/// One entry of `storage.partitions`: an existing partition (`device`) or a new one in
/// free space (`size`). Its `Debug` hides the unlock passphrase.
#[derive(Clone, PartialEq, Eq)]
pub struct PartitionAnswer {
    pub device: Option<String>,
    pub size: Option<Size>,
    pub mountpoint: Mountpoint,
    pub filesystem: PartitionFilesystem,
    pub format: bool,
    /// `device` is an existing LUKS volume opened with this passphrase; `filesystem`
    /// and `format` apply to what is inside.
    pub unlock: Option<String>,
}

impl std::fmt::Debug for PartitionAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartitionAnswer")
            .field("device", &self.device)
            .field("size", &self.size)
            .field("mountpoint", &self.mountpoint)
            .field("filesystem", &self.filesystem)
            .field("format", &self.format)
            .field("unlock", &self.unlock.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

impl PartitionAnswer {
    /// The answer-file entry; `for_file` names a passphrase file instead of the
    /// passphrase.
    fn to_config(&self, for_file: bool) -> ManualPartition {
        let unlock = self.unlock.as_ref().map(|p| {
            if for_file {
                Encryption {
                    passphrase_file: Some(
                        unlock_passphrase_file(self.device.as_deref().unwrap_or("")).into(),
                    ),
                    passphrase: None,
                }
            } else {
                Encryption {
                    passphrase_file: None,
                    passphrase: Some(Secret::new(p.clone())),
                }
            }
        });
        ManualPartition {
            device: self.device.as_ref().map(Into::into),
            size: self.size,
            mountpoint: self.mountpoint.clone(),
            filesystem: self.filesystem,
            format: self.format,
            unlock,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Filesystem {
    #[default]
    Ext4,
    Btrfs,
    Xfs,
}

impl Filesystem {
    pub const ALL: [Filesystem; 3] = [Filesystem::Ext4, Filesystem::Btrfs, Filesystem::Xfs];
    pub fn as_str(self) -> &'static str {
        match self {
            Filesystem::Ext4 => "ext4",
            Filesystem::Btrfs => "btrfs",
            Filesystem::Xfs => "xfs",
        }
    }
}

impl std::fmt::Display for Filesystem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SwapChoice {
    #[default]
    None,
    File,
    Partition,
}

impl SwapChoice {
    pub const ALL: [SwapChoice; 3] = [SwapChoice::None, SwapChoice::File, SwapChoice::Partition];
    pub fn as_str(self) -> &'static str {
        match self {
            SwapChoice::None => "none",
            SwapChoice::File => "file",
            SwapChoice::Partition => "partition",
        }
    }
}

// The document, field names and order as in the spec.
#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    storage: Storage<'a>,
    locale: LocaleDoc<'a>,
    system: SystemDoc<'a>,
    users: Vec<UserDoc<'a>>,
    root: RootDoc<'a>,
    finish: &'static str,
}
#[derive(Serialize)]
struct Storage<'a> {
    disk: &'a str,
    layout: &'static str,
    firmware: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    filesystem: Option<&'static str>,
    swap: SwapDoc,
    #[serde(skip_serializing_if = "Option::is_none")]
    encryption: Option<EncDoc<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    partitions: Vec<ManualPartition>,
}
#[derive(Serialize)]
struct SwapDoc {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<&'static str>,
}
#[derive(Serialize)]
struct EncDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    passphrase: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    passphrase_file: Option<&'static str>,
}
#[derive(Serialize)]
pub(crate) struct LocaleDoc<'a> {
    pub(crate) language: &'a str,
    pub(crate) timezone: &'a str,
    pub(crate) keyboard: KeyboardDoc<'a>,
}
#[derive(Serialize)]
pub(crate) struct KeyboardDoc<'a> {
    pub(crate) layout: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) variant: Option<&'a str>,
}
#[derive(Serialize)]
pub(crate) struct SystemDoc<'a> {
    pub(crate) hostname: &'a str,
}
#[derive(Serialize)]
pub(crate) struct UserDoc<'a> {
    pub(crate) name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(crate) full_name: &'a str,
    pub(crate) password_hash: &'a str,
    pub(crate) admin: bool,
}
#[derive(Serialize)]
pub(crate) struct RootDoc<'a> {
    pub(crate) locked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) password_hash: Option<&'a str>,
}

impl Draft {
    /// The answer document in its two forms, with freshly salted password hashes.
    pub fn documents(&self) -> Result<Documents, HashError> {
        let user_hash = hash_password(&self.password)?;
        let root_hash = if self.root_same_password {
            Some(hash_password(&self.password)?)
        } else {
            None
        };
        let for_service = self.render(&user_hash, root_hash.as_deref(), false);
        let for_file = if self.encryption.is_some() || self.unlocks().next().is_some() {
            self.render(&user_hash, root_hash.as_deref(), true)
        } else {
            for_service.clone()
        };
        Ok(Documents {
            for_service,
            for_file,
        })
    }

    /// The devices of the manual layout's partitions opened with a passphrase.
    fn unlocks(&self) -> impl Iterator<Item = &str> {
        let manual = self.layout == Layout::Manual;
        self.partitions
            .iter()
            .filter(move |p| manual && p.unlock.is_some())
            .filter_map(|p| p.device.as_deref())
    }

    fn render(&self, user_hash: &str, root_hash: Option<&str>, for_file: bool) -> String {
        let manual = self.layout == Layout::Manual;
        // A manual layout lists its swap partition among the partitions.
        let swap = match self.swap {
            SwapChoice::Partition if manual => SwapChoice::None,
            s => s,
        };
        let doc = Doc {
            version: 1,
            storage: Storage {
                disk: self.disk.as_deref().unwrap_or(""),
                layout: self.layout.as_str(),
                firmware: "auto",
                filesystem: (!manual).then_some(self.filesystem.as_str()),
                swap: SwapDoc {
                    kind: swap.as_str(),
                    size: (swap != SwapChoice::None).then_some("2GiB"),
                },
                encryption: self.encryption.as_deref().map(|p| EncDoc {
                    passphrase: (!for_file).then_some(p),
                    passphrase_file: for_file.then_some(PASSPHRASE_FILE),
                }),
                partitions: if manual {
                    self.partitions
                        .iter()
                        .map(|p| p.to_config(for_file))
                        .collect()
                } else {
                    Vec::new()
                },
            },
            locale: LocaleDoc {
                language: &self.locale,
                timezone: &self.timezone,
                keyboard: KeyboardDoc {
                    layout: &self.keyboard_layout,
                    variant: self.keyboard_variant.as_deref(),
                },
            },
            system: SystemDoc {
                hostname: &self.hostname,
            },
            users: vec![UserDoc {
                name: &self.user_name,
                full_name: &self.full_name,
                password_hash: user_hash,
                admin: self.admin,
            }],
            root: RootDoc {
                locked: root_hash.is_none(),
                password_hash: root_hash,
            },
            finish: "reboot",
        };
        let body = serde_yaml::to_string(&doc).unwrap_or_default();
        let mut head =
            String::from("# LainOS installer answer file, saved by the graphical installer\n");
        if for_file && self.encryption.is_some() {
            head.push_str(&format!(
                "# Before replaying it, write the disk encryption passphrase to {PASSPHRASE_FILE}\n"
            ));
        }
        if for_file {
            for dev in self.unlocks() {
                head.push_str(&format!(
                    "# Before replaying it, write the passphrase of {dev} to {}\n",
                    unlock_passphrase_file(dev)
                ));
            }
        }
        format!("{head}{body}")
    }
}

/// Writes the answer document readable by its owner only (it holds password hashes).
pub fn save(path: &Path, yaml: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(yaml.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// A user name derived from a full name: the first word, lower-case ASCII.
pub fn derive_user_name(full_name: &str) -> String {
    let first = full_name.split_whitespace().next().unwrap_or("");
    let mut s: String = first
        .chars()
        .filter_map(|c| {
            let c = c.to_ascii_lowercase();
            (c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-').then_some(c)
        })
        .take(32)
        .collect();
    while s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        s.remove(0);
    }
    s
}

/// A host name derived from a user name.
pub fn derive_hostname(user_name: &str) -> String {
    if user_name.is_empty() {
        String::new()
    } else {
        format!("{user_name}-lainos")
    }
}

/// 0 weak, 1 fair, 2 strong.
pub fn password_strength(p: &str) -> u8 {
    let classes = [
        p.chars().any(|c| c.is_lowercase()),
        p.chars().any(|c| c.is_uppercase()),
        p.chars().any(|c| c.is_ascii_digit()),
        p.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let len = p.chars().count();
    match (len, classes) {
        (l, c) if l >= 14 || (l >= 10 && c >= 3) => 2,
        (l, c) if l >= 8 && c >= 2 => 1,
        _ => 0,
    }
}

/// Defaults for an interface language: locale, time zone, keyboard layout.
pub fn defaults_for(lang: &str) -> (&'static str, &'static str, &'static str) {
    match lang {
        "de" => ("de_DE.UTF-8", "Europe/Berlin", "de"),
        "fr" => ("fr_FR.UTF-8", "Europe/Paris", "fr"),
        "es" => ("es_ES.UTF-8", "Europe/Madrid", "es"),
        "it" => ("it_IT.UTF-8", "Europe/Rome", "it"),
        "pt-BR" => ("pt_BR.UTF-8", "America/Sao_Paulo", "br"),
        "pl" => ("pl_PL.UTF-8", "Europe/Warsaw", "pl"),
        "ru" => ("ru_RU.UTF-8", "Europe/Moscow", "ru"),
        "ja" => ("ja_JP.UTF-8", "Asia/Tokyo", "jp"),
        "zh-CN" => ("zh_CN.UTF-8", "Asia/Shanghai", "cn"),
        "ar" => ("ar_EG.UTF-8", "Africa/Cairo", "ara"),
        _ => ("en_US.UTF-8", "UTC", "us"),
    }
}
