//! `lainos-init`: compositor choice and session environment.
//!
//! Differences from the C versions (reference §3.4), each deliberate:
//! - the compositor comes from an allow-list (`/etc/lainos/compositors`, root-owned and
//!   not writable by others, else the built-in list); `P7_COMPOSITOR` may only pick an
//!   entry of it;
//! - `WAYLAND_DISPLAY` is not set: the compositor creates its socket and exports it;
//! - `NOTIFY_SOCKET` is not exported into the session (the socket is root:notify 0660,
//!   so every session program calling sd_notify got EACCES);
//! - `LIBSEAT_BACKEND=seatd`, not `builtin` (the embedded seatd needs root);
//! - `DBUS_SESSION_BUS_ADDRESS` is only set when the bus socket exists; otherwise the
//!   compositor runs under `dbus-run-session` when it is installed.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Compositors allowed when no allow-list file exists.
pub const DEFAULT_ALLOW_LIST: &[&str] = &[
    "/usr/bin/sway",
    "/usr/bin/river",
    "/usr/bin/dwl",
    "/usr/bin/labwc",
    "/usr/bin/Hyprland",
    "/usr/bin/niri",
    "/usr/bin/wayfire",
];

/// Variables carried over from greetd's environment; everything else is dropped.
pub const KEPT_VARS: &[&str] = &[
    "LANG",
    "LANGUAGE",
    "TERM",
    "TZ",
    "SSH_AUTH_SOCK",
    "SSH_AGENT_LAUNCHER",
    "GNUPGHOME",
    "GPG_AGENT_INFO",
    "XKB_DEFAULT_LAYOUT",
    "XKB_DEFAULT_VARIANT",
    "XKB_DEFAULT_MODEL",
    "XKB_DEFAULT_OPTIONS",
    "XKB_DEFAULT_RULES",
    "MOZ_ENABLE_WAYLAND",
    "DBUS_SYSTEM_BUS_ADDRESS",
];

/// Errors choosing the compositor.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("compositor `{0}` is not in the allow-list")]
    NotAllowed(String),
    #[error("none of the allowed compositors is installed: {0}")]
    NoneInstalled(String),
    #[error("allow-list `{0}` must be owned by root and not writable by group or others")]
    UnsafeAllowList(PathBuf),
    #[error("reading allow-list `{0}` failed: {1}")]
    AllowListIo(PathBuf, String),
    #[error("refusing to start a graphical session as root")]
    Root,
}

/// Reads the allow-list file (absolute paths, `#` comments), checking it is root-owned
/// and not group/other-writable. A missing file gives the built-in list.
pub fn load_allow_list(path: &Path) -> Result<Vec<PathBuf>, SessionError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(DEFAULT_ALLOW_LIST.iter().map(PathBuf::from).collect());
        }
        Err(e) => return Err(SessionError::AllowListIo(path.to_owned(), e.to_string())),
    };
    if meta.uid() != 0 || meta.mode() & 0o022 != 0 {
        return Err(SessionError::UnsafeAllowList(path.to_owned()));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| SessionError::AllowListIo(path.to_owned(), e.to_string()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| l.starts_with('/'))
        .map(PathBuf::from)
        .collect())
}

/// Picks the compositor: `requested` (absolute path or base name) must match an entry;
/// without a request the first installed entry wins.
pub fn choose_compositor(
    requested: Option<&str>,
    allow: &[PathBuf],
    installed: impl Fn(&Path) -> bool,
) -> Result<PathBuf, SessionError> {
    match requested.filter(|r| !r.is_empty()) {
        Some(r) => allow
            .iter()
            .find(|p| {
                p.as_os_str() == r || (!r.contains('/') && p.file_name().is_some_and(|n| n == r))
            })
            .filter(|p| installed(p))
            .cloned()
            .ok_or_else(|| SessionError::NotAllowed(r.to_owned())),
        None => allow.iter().find(|p| installed(p)).cloned().ok_or_else(|| {
            SessionError::NoneInstalled(
                allow
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }),
    }
}

/// The user the session is for.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub name: String,
    pub uid: u32,
    pub home: PathBuf,
    pub shell: PathBuf,
}

/// Facts about the opened session.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    pub id: Option<String>,
    pub runtime_dir: PathBuf,
    pub vtnr: u32,
    /// Base name of the compositor (`sway`).
    pub desktop: String,
    /// Whether `$XDG_RUNTIME_DIR/bus` already exists.
    pub session_bus_exists: bool,
}

/// Builds the compositor's environment from the inherited one.
pub fn build_env(
    inherited: &[(String, String)],
    user: &SessionUser,
    facts: &SessionFacts,
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = inherited
        .iter()
        .filter(|(k, _)| KEPT_VARS.contains(&k.as_str()) || k.starts_with("LC_"))
        .cloned()
        .collect();
    let runtime = facts.runtime_dir.display().to_string();
    let mut set = |k: &str, v: String| {
        env.retain(|(key, _)| key != k);
        env.push((k.to_owned(), v));
    };
    set("PATH", "/usr/local/bin:/usr/bin:/bin".into());
    set("HOME", user.home.display().to_string());
    set("USER", user.name.clone());
    set("LOGNAME", user.name.clone());
    set("SHELL", user.shell.display().to_string());
    set("XDG_RUNTIME_DIR", runtime.clone());
    set("XDG_SESSION_TYPE", "wayland".into());
    set("XDG_SESSION_CLASS", "user".into());
    set("XDG_SEAT", "seat0".into());
    set("XDG_VTNR", facts.vtnr.to_string());
    set("XDG_CURRENT_DESKTOP", facts.desktop.clone());
    set("XDG_SESSION_DESKTOP", facts.desktop.clone());
    set("LIBSEAT_BACKEND", "seatd".into());
    set("MOZ_ENABLE_WAYLAND", "1".into());
    if let Some(id) = &facts.id {
        set("XDG_SESSION_ID", id.clone());
    }
    if facts.session_bus_exists {
        set(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={runtime}/bus"),
        );
    }
    env.sort();
    env
}

/// Checks the runtime directory is a directory owned by `uid` with mode 0700.
pub fn check_runtime_dir(path: &Path, uid: u32) -> Result<(), String> {
    let m = std::fs::symlink_metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !m.is_dir() || m.uid() != uid || m.mode() & 0o777 != 0o700 {
        return Err(format!(
            "{} must be a directory owned by uid {uid} with mode 0700 (found uid {} mode {:o})",
            path.display(),
            m.uid(),
            m.mode() & 0o7777
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow() -> Vec<PathBuf> {
        ["/usr/bin/sway", "/usr/bin/river"]
            .iter()
            .map(PathBuf::from)
            .collect()
    }

    #[test]
    fn compositor_choice() {
        let all = |_: &Path| true;
        let only_river = |p: &Path| p.ends_with("river");
        assert_eq!(
            choose_compositor(None, &allow(), all).unwrap(),
            PathBuf::from("/usr/bin/sway")
        );
        assert_eq!(
            choose_compositor(None, &allow(), only_river).unwrap(),
            PathBuf::from("/usr/bin/river")
        );
        assert_eq!(
            choose_compositor(Some("river"), &allow(), all).unwrap(),
            PathBuf::from("/usr/bin/river")
        );
        assert_eq!(
            choose_compositor(Some("/usr/bin/sway"), &allow(), all).unwrap(),
            PathBuf::from("/usr/bin/sway")
        );
        for evil in ["/tmp/sway", "sh", "../bin/sway", "/usr/bin/sway;id"] {
            assert_eq!(
                choose_compositor(Some(evil), &allow(), all),
                Err(SessionError::NotAllowed(evil.into()))
            );
        }
        assert!(matches!(
            choose_compositor(None, &allow(), |_| false),
            Err(SessionError::NoneInstalled(_))
        ));
        assert!(matches!(
            choose_compositor(Some("sway"), &allow(), only_river),
            Err(SessionError::NotAllowed(_))
        ));
    }

    #[test]
    fn environment_is_built_not_inherited() {
        let inherited: Vec<(String, String)> = [
            ("LANG", "de_DE.UTF-8"),
            ("LC_TIME", "C"),
            ("LD_PRELOAD", "/tmp/evil.so"),
            ("NOTIFY_SOCKET", "/run/systemd/notify"),
            ("WAYLAND_DISPLAY", "wayland-1"),
            ("PATH", "/tmp"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let user = SessionUser {
            name: "alice".into(),
            uid: 1001,
            home: "/home/alice".into(),
            shell: "/bin/bash".into(),
        };
        let facts = SessionFacts {
            id: Some("3".into()),
            runtime_dir: "/run/user/1001".into(),
            vtnr: 1,
            desktop: "sway".into(),
            session_bus_exists: false,
        };
        let env = build_env(&inherited, &user, &facts);
        let get = |k: &str| {
            env.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("LANG"), Some("de_DE.UTF-8"));
        assert_eq!(get("LC_TIME"), Some("C"));
        assert_eq!(get("LD_PRELOAD"), None);
        assert_eq!(get("NOTIFY_SOCKET"), None);
        assert_eq!(get("WAYLAND_DISPLAY"), None);
        assert_eq!(get("DBUS_SESSION_BUS_ADDRESS"), None);
        assert_eq!(get("PATH"), Some("/usr/local/bin:/usr/bin:/bin"));
        assert_eq!(get("XDG_RUNTIME_DIR"), Some("/run/user/1001"));
        assert_eq!(get("XDG_SESSION_ID"), Some("3"));
        assert_eq!(get("LIBSEAT_BACKEND"), Some("seatd"));
        assert_eq!(get("USER"), Some("alice"));
        let facts = SessionFacts {
            session_bus_exists: true,
            ..facts
        };
        let env = build_env(&inherited, &user, &facts);
        assert!(env.contains(&(
            "DBUS_SESSION_BUS_ADDRESS".into(),
            "unix:path=/run/user/1001/bus".into()
        )));
    }

    #[test]
    fn allow_list_file_must_be_safe() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("compositors");
        std::fs::write(&p, "# comment\n/usr/bin/sway\nrelative\n\n/opt/x/bin/wm\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let list = load_allow_list(&p);
        if nix::unistd::Uid::effective().is_root() {
            assert_eq!(
                list.unwrap(),
                vec![
                    PathBuf::from("/usr/bin/sway"),
                    PathBuf::from("/opt/x/bin/wm")
                ]
            );
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
            assert_eq!(
                load_allow_list(&p),
                Err(SessionError::UnsafeAllowList(p.clone()))
            );
        } else {
            // Owned by a non-root test user: refused for that reason.
            assert_eq!(list, Err(SessionError::UnsafeAllowList(p.clone())));
        }
        assert_eq!(
            load_allow_list(&dir.path().join("missing")).unwrap().len(),
            DEFAULT_ALLOW_LIST.len()
        );
    }
}
