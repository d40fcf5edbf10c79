//! Checks of the answer file alone: no disk, no machine, works anywhere.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::answer::{
    AnswerFile, Hooks, Layout, LocaleSettings, ManualPartition, Mountpoint, Oem,
    PartitionFilesystem, Root, Services, Source, Storage, SwapKind, User,
};
use crate::issue::Issue;
use crate::parse::{Parsed, from_yaml_str};
use crate::values::{Size, quoted};

/// Accounts that exist in every base system; an answer file may not create them.
const SYSTEM_ACCOUNTS: &[&str] = &[
    "root",
    "bin",
    "daemon",
    "sys",
    "sync",
    "games",
    "man",
    "lp",
    "mail",
    "news",
    "uucp",
    "proxy",
    "www-data",
    "backup",
    "list",
    "irc",
    "nobody",
    "messagebus",
    "greeter",
    "live",
    "liveuser",
    "dbus",
    "polkitd",
    "sshd",
    "ntp",
    "seat",
    "video",
    "render",
    "input",
    "wheel",
    "adm",
    "storage",
    "audio",
    "users",
    "notify",
    "tor",
];

/// The fields the spec requires (dotted paths).
pub const REQUIRED_ROOT: &[&str] = &[
    "version",
    "storage.disk",
    "storage.layout",
    "system.hostname",
];

/// The sections of an answer file that survived structural checks: semantic checks
/// run on these, so a bad field in one section does not hide problems in another.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Sections {
    pub source: Option<Source>,
    pub storage: Option<Storage>,
    pub locale: LocaleSettings,
    pub users: Vec<User>,
    pub root: Root,
    pub services: Services,
    pub hooks: Hooks,
    pub oem: Oem,
}

impl From<&AnswerFile> for Sections {
    fn from(a: &AnswerFile) -> Self {
        Sections {
            source: a.source.clone(),
            storage: Some(a.storage.clone()),
            locale: a.locale.clone(),
            users: a.users.clone(),
            root: a.root.clone(),
            services: a.services.clone(),
            hooks: a.hooks.clone(),
            oem: a.oem.clone(),
        }
    }
}

/// Parses and checks an answer file: every problem at once, located.
pub fn parse_answer_file(text: &str) -> Parsed<AnswerFile> {
    let mut parsed = from_yaml_str::<AnswerFile>(text, REQUIRED_ROOT);
    let sections = match (&parsed.value, &parsed.remainder) {
        (Some(a), _) => Some(Sections::from(a)),
        (None, Some(rest)) => serde_yaml::from_value::<Sections>(rest.clone()).ok(),
        (None, None) => None,
    };
    if let Some(sections) = sections {
        let more = check(&sections);
        parsed.add_issues(more);
    }
    parsed
}

/// The semantic checks.
pub fn check(a: &Sections) -> Vec<Issue> {
    let mut v = Vec::new();
    check_source(a, &mut v);
    check_storage(a, &mut v);
    check_locale(a, &mut v);
    check_users(a, &mut v);
    check_services(a, &mut v);
    check_hooks(a, &mut v);
    if a.oem.batch_id.len() > 64
        || a.oem
            .batch_id
            .chars()
            .any(|c| c.is_control() || c == '/' || c == '\\')
    {
        v.push(Issue::error(
            "oem.batch_id",
            "must be at most 64 printable characters without '/'",
        ));
    }
    v
}

fn check_source(a: &Sections, v: &mut Vec<Issue>) {
    if let Some(src) = &a.source
        && let Some(p) = &src.squashfs
        && !p.is_absolute()
    {
        v.push(Issue::error(
            "source.squashfs",
            format!("{} is not an absolute path", quoted(&p.to_string_lossy())),
        ));
    }
}

fn check_storage(a: &Sections, v: &mut Vec<Issue>) {
    let Some(s) = &a.storage else { return };
    if !s.disk.is_absolute() {
        v.push(Issue::error(
            "storage.disk",
            format!(
                "{} is not a block device path such as `/dev/sda`",
                quoted(&s.disk.to_string_lossy())
            ),
        ));
    }
    match s.layout {
        Layout::Erase | Layout::Alongside => {
            if !s.partitions.is_empty() {
                v.push(Issue::error(
                    "storage.partitions",
                    format!(
                        "applies only to `layout: manual`; `layout: {}` makes its own partitions",
                        if s.layout == Layout::Erase {
                            "erase"
                        } else {
                            "alongside"
                        }
                    ),
                ));
            }
        }
        Layout::Manual => {
            if s.filesystem.is_some() {
                v.push(Issue::error(
                    "storage.filesystem",
                    "applies only to `layout: erase`; with `layout: manual` each partition names its filesystem",
                ));
            }
            if s.separate_boot.is_some() {
                v.push(Issue::error(
                    "storage.separate_boot",
                    "applies only to `layout: erase`; with `layout: manual` list a `/boot` partition instead",
                ));
            }
            if s.swap.kind == SwapKind::Partition {
                v.push(Issue::error(
                    "storage.swap.kind",
                    "`partition` applies only to `layout: erase`; with `layout: manual` list a partition with `mountpoint: swap`",
                ));
            }
            check_manual(&s.partitions, v);
        }
    }
    match (s.swap.kind, s.swap.size) {
        (SwapKind::None, Some(_)) => v.push(Issue::warning(
            "storage.swap.size",
            "is ignored because `storage.swap.kind` is `none`",
        )),
        (SwapKind::File | SwapKind::Partition, Some(Size::Rest)) => v.push(Issue::error(
            "storage.swap.size",
            "swap cannot take the rest of the disk; give a size such as `4GiB`",
        )),
        (SwapKind::File | SwapKind::Partition, Some(Size::Bytes(b))) if b < 16 * Size::MIB => v
            .push(Issue::error(
                "storage.swap.size",
                "is smaller than the 16MiB swap needs",
            )),
        _ => {}
    }
    if let Some(enc) = &s.encryption {
        check_passphrase(enc, "storage.encryption", v);
    }
}

/// `passphrase_file` or `passphrase` of an `Encryption` at `at`.
fn check_passphrase(enc: &crate::answer::Encryption, at: &str, v: &mut Vec<Issue>) {
    match (&enc.passphrase_file, &enc.passphrase) {
        (Some(_), Some(_)) => v.push(Issue::error(
            at,
            "give either `passphrase_file` or `passphrase`, not both",
        )),
        (None, None) => v.push(Issue::error(at, "needs `passphrase_file` or `passphrase`")),
        (Some(p), None) if !p.is_absolute() => v.push(Issue::error(
            format!("{at}.passphrase_file"),
            "must be an absolute path",
        )),
        (None, Some(p)) => {
            if p.expose().is_empty() {
                v.push(Issue::error(
                    format!("{at}.passphrase"),
                    "must not be empty",
                ));
            } else {
                v.push(Issue::warning(
                    format!("{at}.passphrase"),
                    "the passphrase is in clear text in this file; prefer `passphrase_file`",
                ));
            }
        }
        _ => {}
    }
}

fn check_manual(parts: &[ManualPartition], v: &mut Vec<Issue>) {
    if parts.is_empty() {
        v.push(Issue::error(
            "storage.partitions",
            "`layout: manual` needs at least a partition with `mountpoint: /`",
        ));
        return;
    }
    let mut seen: HashMap<&Mountpoint, usize> = HashMap::new();
    let mut devices: HashSet<&std::path::Path> = HashSet::new();
    let mut has_root = false;
    let new_count = parts.iter().filter(|p| p.device.is_none()).count();
    let mut new_seen = 0;
    for (i, p) in parts.iter().enumerate() {
        let at = |f: &str| format!("storage.partitions[{i}].{f}");
        if p.mountpoint == Mountpoint::Path("/".into()) {
            has_root = true;
        }
        if p.mountpoint != Mountpoint::Swap
            && let Some(first) = seen.insert(&p.mountpoint, i)
        {
            v.push(Issue::error(
                at("mountpoint"),
                format!(
                    "`{}` is already the mount point of storage.partitions[{first}]",
                    p.mountpoint
                ),
            ));
        }
        match (&p.device, p.size) {
            (Some(_), Some(_)) => v.push(Issue::error(
                at("size"),
                "applies only to a new partition; an existing `device` keeps its size",
            )),
            (None, None) => v.push(Issue::error(
                format!("storage.partitions[{i}]"),
                "needs `device` (an existing partition) or `size` (a new one)",
            )),
            (Some(d), None) => {
                if !d.is_absolute() {
                    v.push(Issue::error(at("device"), "must be an absolute path"));
                }
                if !devices.insert(d.as_path()) {
                    v.push(Issue::error(
                        at("device"),
                        format!("{} is listed twice", quoted(&d.to_string_lossy())),
                    ));
                }
            }
            (None, Some(size)) => {
                new_seen += 1;
                if !p.format {
                    v.push(Issue::error(
                        at("format"),
                        "a new partition must be formatted: set `format: true`",
                    ));
                }
                if size == Size::Rest && new_seen != new_count {
                    v.push(Issue::error(
                        at("size"),
                        "`100%` can only be the size of the last new partition",
                    ));
                }
            }
        }
        if let Some(unlock) = &p.unlock {
            if p.device.is_none() {
                v.push(Issue::error(
                    at("unlock"),
                    "applies only to an existing LUKS volume named by `device`",
                ));
            }
            if p.filesystem == PartitionFilesystem::Vfat {
                v.push(Issue::error(
                    at("unlock"),
                    "the EFI system partition cannot be encrypted: the firmware reads it",
                ));
            }
            check_passphrase(unlock, &format!("storage.partitions[{i}].unlock"), v);
        }
        let is_swap_mp = p.mountpoint == Mountpoint::Swap;
        let is_swap_fs = p.filesystem == PartitionFilesystem::Swap;
        if is_swap_mp != is_swap_fs {
            v.push(Issue::error(
                at("filesystem"),
                "`mountpoint: swap` and `filesystem: swap` go together",
            ));
        }
        if p.filesystem == PartitionFilesystem::Vfat {
            let ok = matches!(&p.mountpoint, Mountpoint::Path(m) if m == "/boot/efi" || m == "/efi" || m == "/boot");
            if !ok {
                v.push(Issue::error(
                    at("filesystem"),
                    "vfat is only for the EFI system partition (`/boot/efi` or `/efi`): Linux permissions do not survive on it",
                ));
            }
        }
        if p.mountpoint == Mountpoint::Path("/".into())
            && matches!(
                p.filesystem,
                PartitionFilesystem::Vfat | PartitionFilesystem::Swap
            )
        {
            v.push(Issue::error(
                at("filesystem"),
                "the root filesystem must be ext4, btrfs or xfs",
            ));
        }
    }
    if !has_root {
        v.push(Issue::error(
            "storage.partitions",
            "no partition has `mountpoint: /`",
        ));
    }
}

fn check_locale(a: &Sections, v: &mut Vec<Issue>) {
    let k = &a.locale.keyboard;
    match (&k.layout, &k.variant) {
        (None, Some(_)) => v.push(Issue::error(
            "locale.keyboard.variant",
            "needs `locale.keyboard.layout`",
        )),
        (Some(layout), Some(var)) if !layout.has_variant(var) => {
            let known: Vec<&str> = layout.variants().take(12).collect();
            let list = if known.is_empty() {
                format!("layout `{layout}` has no variants")
            } else {
                format!("known variants of `{layout}` include {}", known.join(", "))
            };
            v.push(Issue::error(
                "locale.keyboard.variant",
                format!(
                    "{} is not a variant of layout `{layout}` ({list})",
                    quoted(var)
                ),
            ))
        }
        _ => {}
    }
    let mut seen = HashSet::new();
    for (i, l) in a.locale.extra.iter().enumerate() {
        if !seen.insert(l.to_string()) || Some(l) == a.locale.language.as_ref() {
            v.push(Issue::warning(
                format!("locale.extra[{i}]"),
                format!("`{l}` is listed twice"),
            ));
        }
    }
}

fn check_users(a: &Sections, v: &mut Vec<Issue>) {
    if a.oem.enabled {
        if !a.users.is_empty() {
            v.push(Issue::error(
                "users",
                "`oem.enabled: true` installs without users (they are created at first boot); remove `users` or disable OEM mode",
            ));
        }
    } else if a.users.is_empty() {
        v.push(Issue::error(
            "users",
            "needs at least one user (or `oem.enabled: true` to create users at first boot)",
        ));
    }
    let mut names = HashMap::new();
    let mut autologin = None;
    for (i, u) in a.users.iter().enumerate() {
        let at = |f: &str| format!("users[{i}].{f}");
        if let Some(first) = names.insert(u.name.as_str(), i) {
            v.push(Issue::error(
                at("name"),
                format!("`{}` is already users[{first}]", u.name),
            ));
        }
        if SYSTEM_ACCOUNTS.contains(&u.name.as_str()) {
            v.push(Issue::error(
                at("name"),
                format!("`{}` is a system account or group name", u.name),
            ));
        }
        if let Some(full) = &u.full_name
            && (full.len() > 256 || full.chars().any(|c| c.is_control() || c == ':' || c == ','))
        {
            v.push(Issue::error(
                at("full_name"),
                "may not contain ':', ',' or control characters, and is at most 256 bytes",
            ));
        }
        match (&u.password_hash, &u.password) {
            (Some(_), Some(_)) => v.push(Issue::error(
                format!("users[{i}]"),
                "give either `password_hash` or `password`, not both",
            )),
            (None, None) => v.push(Issue::error(
                format!("users[{i}]"),
                "needs `password_hash` (or `password`): a user without a password cannot log in or use doas",
            )),
            (None, Some(p)) if p.expose().is_empty() => {
                v.push(Issue::error(at("password"), "must not be empty"))
            }
            (None, Some(_)) => v.push(Issue::warning(
                at("password"),
                "the password is in clear text in this file; prefer `password_hash` (mkpasswd -m yescrypt)",
            )),
            _ => {}
        }
        let mut groups = HashSet::new();
        for (g, name) in u.groups.iter().enumerate() {
            if !groups.insert(name) {
                v.push(Issue::warning(
                    format!("users[{i}].groups[{g}]"),
                    format!("`{name}` is listed twice"),
                ));
            }
        }
        if u.autologin {
            if let Some(first) = autologin {
                v.push(Issue::error(
                    at("autologin"),
                    format!("only one user can log in automatically; users[{first}] already does"),
                ));
            }
            autologin = Some(i);
        }
    }
    let r = &a.root;
    match (r.is_locked(), &r.password_hash, &r.password) {
        (_, Some(_), Some(_)) => v.push(Issue::error(
            "root",
            "give either `password_hash` or `password`, not both",
        )),
        (true, Some(_), _) | (true, _, Some(_)) => v.push(Issue::error(
            "root.locked",
            "is true, but a root password is given; set `locked: false` to use it",
        )),
        (false, None, None) => v.push(Issue::error(
            "root",
            "`locked: false` needs `password_hash` (or `password`)",
        )),
        (false, None, Some(p)) if p.expose().is_empty() => {
            v.push(Issue::error("root.password", "must not be empty"))
        }
        (false, None, Some(_)) => v.push(Issue::warning(
            "root.password",
            "the root password is in clear text in this file; prefer `password_hash`",
        )),
        _ => {}
    }
    if !a.oem.enabled && r.is_locked() && !a.users.iter().any(|u| u.admin) && !a.users.is_empty() {
        v.push(Issue::warning(
            "users",
            "root is locked and no user is `admin: true`: nobody will be able to administer the system",
        ));
    }
}

fn check_services(a: &Sections, v: &mut Vec<Issue>) {
    let mut enabled = HashMap::new();
    for (i, s) in a.services.enable.iter().enumerate() {
        if let Some(first) = enabled.insert(s.name.as_str(), i) {
            v.push(Issue::error(
                format!("services.enable[{i}].name"),
                format!(
                    "`{}` is already enabled by services.enable[{first}]; a service belongs in exactly one runlevel",
                    s.name
                ),
            ));
        }
    }
    for (i, s) in a.services.disable.iter().enumerate() {
        if enabled.contains_key(s.as_str()) {
            v.push(Issue::error(
                format!("services.disable[{i}]"),
                format!("`{s}` is both enabled and disabled"),
            ));
        }
    }
}

fn check_hooks(a: &Sections, v: &mut Vec<Issue>) {
    for (kind, list) in [
        ("post_install", &a.hooks.post_install),
        ("on_error", &a.hooks.on_error),
    ] {
        for (i, h) in list.iter().enumerate() {
            let at = format!("hooks.{kind}[{i}].run");
            match h.run.first() {
                None => v.push(Issue::error(at, "needs at least the program to run")),
                Some(p) if p.is_empty() => v.push(Issue::error(at, "the program name is empty")),
                Some(_) if h.run.iter().any(|a| a.contains('\0')) => {
                    v.push(Issue::error(at, "an argument contains a NUL byte"))
                }
                _ => {}
            }
            if let Some(t) = h.timeout
                && t.0.as_secs() > 24 * 3600
            {
                v.push(Issue::error(
                    format!("hooks.{kind}[{i}].timeout"),
                    "is longer than 24h",
                ));
            }
        }
    }
}
