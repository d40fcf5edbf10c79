//! The answer document the GUI builds from its pages: the same format the headless
//! installer reads (`spec/answer-file.md`), so a saved file replays the install.

use std::path::Path;

use serde::Serialize;

/// The choices made on the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub locale: String,
    pub timezone: String,
    pub keyboard_layout: String,
    pub keyboard_variant: Option<String>,
    pub disk: Option<String>,
    pub filesystem: Filesystem,
    pub swap: SwapChoice,
    /// Some(passphrase) when encrypting.
    pub encryption: Option<String>,
    pub full_name: String,
    pub user_name: String,
    pub password: String,
    pub hostname: String,
    pub admin: bool,
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
    root: RootDoc,
    finish: &'static str,
}
#[derive(Serialize)]
struct Storage<'a> {
    disk: &'a str,
    layout: &'static str,
    firmware: &'static str,
    filesystem: &'static str,
    swap: SwapDoc,
    #[serde(skip_serializing_if = "Option::is_none")]
    encryption: Option<EncDoc<'a>>,
}
#[derive(Serialize)]
struct SwapDoc {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<&'static str>,
}
#[derive(Serialize)]
struct EncDoc<'a> {
    passphrase: &'a str,
}
#[derive(Serialize)]
struct LocaleDoc<'a> {
    language: &'a str,
    timezone: &'a str,
    keyboard: KeyboardDoc<'a>,
}
#[derive(Serialize)]
struct KeyboardDoc<'a> {
    layout: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<&'a str>,
}
#[derive(Serialize)]
struct SystemDoc<'a> {
    hostname: &'a str,
}
#[derive(Serialize)]
struct UserDoc<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    full_name: &'a str,
    password: &'a str,
    admin: bool,
}
#[derive(Serialize)]
struct RootDoc {
    locked: bool,
}

impl Draft {
    /// The answer document as YAML. It holds the clear-text password and passphrase
    /// (accepted by the format with a warning); never log it.
    pub fn to_yaml(&self) -> String {
        let doc = Doc {
            version: 1,
            storage: Storage {
                disk: self.disk.as_deref().unwrap_or(""),
                layout: "erase",
                firmware: "auto",
                filesystem: self.filesystem.as_str(),
                swap: SwapDoc {
                    kind: self.swap.as_str(),
                    size: (self.swap != SwapChoice::None).then_some("2GiB"),
                },
                encryption: self
                    .encryption
                    .as_deref()
                    .map(|passphrase| EncDoc { passphrase }),
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
                password: &self.password,
                admin: self.admin,
            }],
            root: RootDoc { locked: true },
            finish: "reboot",
        };
        let body = serde_yaml::to_string(&doc).unwrap_or_default();
        format!("# LainOS installer answer file, saved by the graphical installer\n{body}")
    }
}

/// Writes the answer document readable by its owner only (it holds a password).
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
