//! `prepare-shipping`: the factory's last command before a preloaded machine is boxed.
//! It removes what the factory's own use left (logs, package caches, temporary files,
//! shell histories, the machine-id, SSH host keys) and re-arms first-boot setup.

use std::path::{Path, PathBuf};

use lainos_config::firstboot::OemConfig;
use lainos_engine::cmd::Cmd;

use crate::setup::{self, SetupError};
use crate::state::{self, State};
use crate::sys::System;

/// What was cleaned, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShippingReport {
    pub logs_emptied: usize,
    pub files_removed: usize,
    pub users_removed: Vec<String>,
}

/// Package caches (Arch's and Debian's), emptied of files.
const CACHES: &[&str] = &["/var/cache/pacman/pkg", "/var/cache/apt/archives"];
/// Single cache files.
const CACHE_FILES: &[&str] = &[
    "/var/cache/apt/pkgcache.bin",
    "/var/cache/apt/srcpkgcache.bin",
];
/// Directories emptied entirely.
const TEMP_DIRS: &[&str] = &["/tmp", "/var/tmp"];
/// Shell and tool histories in root's and the users' homes.
const HISTORIES: &[&str] = &[
    ".bash_history",
    ".zsh_history",
    ".histfile",
    ".sh_history",
    ".python_history",
    ".lesshst",
    ".viminfo",
    ".local/share/fish/fish_history",
];

/// Prepares the system for shipping. Refuses when people's accounts exist (a test
/// user of the factory) unless `remove_users` says to remove them.
pub fn prepare(
    sys: &System,
    cfg: &OemConfig,
    remove_users: bool,
) -> Result<ShippingReport, SetupError> {
    let mut report = ShippingReport::default();
    let users = sys.regular_users()?;
    if !users.is_empty() && !remove_users {
        return Err(SetupError::Answers(format!(
            "this system has user accounts ({}); first-boot setup creates the first user, so remove them first (or pass --remove-users)",
            users.join(", ")
        )));
    }
    for u in &users {
        // 12: the mail spool or home could not be removed; the account is gone.
        sys.run(Cmd::new("userdel").args(["-r", u]))
            .or_else(setup::tolerate(&[12]))?;
        report.users_removed.push(u.clone());
    }

    // Logs: rotated ones go, the others are emptied (their programs may hold them).
    for f in files_under(&sys.path("/var/log")) {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let rotated = [".gz", ".xz", ".zst", ".bz2", ".old"]
            .iter()
            .any(|s| name.ends_with(s))
            || name
                .rsplit_once('.')
                .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if rotated {
            sys.remove(&f)?;
            report.files_removed += 1;
        } else if std::fs::metadata(&f).is_ok_and(|m| m.len() > 0) {
            sys.truncate(&f)?;
            report.logs_emptied += 1;
        }
    }
    for c in CACHES {
        for f in files_under(&sys.path(c)) {
            sys.remove(&f)?;
            report.files_removed += 1;
        }
    }
    for c in CACHE_FILES {
        let p = sys.path(c);
        if p.exists() {
            sys.remove(&p)?;
            report.files_removed += 1;
        }
    }
    for d in TEMP_DIRS {
        if let Ok(entries) = std::fs::read_dir(sys.path(d)) {
            for e in entries.flatten() {
                sys.remove(&e.path())?;
                report.files_removed += 1;
            }
        }
    }
    let mut homes = vec![sys.path("/root")];
    if let Ok(entries) = std::fs::read_dir(sys.path("/home")) {
        homes.extend(entries.flatten().map(|e| e.path()));
    }
    for h in homes {
        for name in HISTORIES {
            let p = h.join(name);
            if std::fs::symlink_metadata(&p).is_ok() {
                sys.remove(&p)?;
                report.files_removed += 1;
            }
        }
    }

    // Identity: an empty machine-id (first-boot setup or the distribution's service
    // makes the machine's own), no host key of the factory.
    sys.write("/etc/machine-id", 0o444, b"")?;
    let dbus_id = sys.path("/var/lib/dbus/machine-id");
    if std::fs::symlink_metadata(&dbus_id).is_ok_and(|m| m.is_file()) {
        sys.remove(&dbus_id)?;
    }
    setup::remove_host_keys(sys)?;

    // Re-arm: the journal back at its first step, the service in its runlevel.
    state::save(sys, &State::armed())?;
    setup::enable_service(sys, cfg)?;
    Ok(report)
}

/// Regular files under `dir`, recursively (symbolic links are not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => out.push(e.path()),
                _ => {}
            }
        }
    }
    out.sort();
    out
}
