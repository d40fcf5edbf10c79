//! Ghost paths under `/run/systemd`.
//!
//! Decision (reference §3.3, §8.8): `/run/systemd/system` is **not** created by
//! default. Its existence is exactly what `sd_booted()` tests, and when the C
//! ghost-units created it syslog-ng (and anything else linked to libsystemd) behaved as
//! on systemd: it looked for journald's socket instead of `/dev/log`. The price is that
//! `loginctl` and other tools that check `sd_booted()` refuse to run; pass
//! `--sd-booted` (conf.d: `GHOST_SD_BOOTED=yes`) for a system that needs them more than
//! it needs syslog-ng's autodetection. Without the flag an empty
//! `/run/systemd/system` left by an older version is removed.
//!
//! `/run/systemd/notify` is never created here: it is lainos-notifyd's socket, and the
//! old directory in its place stopped notifyd from binding. `/run/systemd/private`
//! (systemd's own bus socket) is not faked either.

use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Directories created under the root, always.
pub const GHOST_DIRS: &[&str] = &[
    "run/systemd",
    "run/systemd/users",
    "run/systemd/sessions",
    "run/systemd/seats",
    "run/systemd/machines",
    "run/systemd/inhibit",
    "run/systemd/shutdown",
];

/// The `sd_booted()` marker.
pub const SD_BOOTED_DIR: &str = "run/systemd/system";

/// A failed ghost path.
#[derive(Debug, thiserror::Error)]
#[error("{action} `{path}` failed")]
pub struct GhostError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// What [`create`] did, for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub created: Vec<PathBuf>,
    pub present: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

fn ensure_dir(path: &Path, report: &mut Report) -> Result<(), GhostError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            if m.permissions().mode() & 0o7777 != 0o755 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(
                    |source| GhostError {
                        action: "chmod",
                        path: path.to_owned(),
                        source,
                    },
                )?;
            }
            report.present.push(path.to_owned());
            Ok(())
        }
        Ok(_) => Err(GhostError {
            action: "creating directory",
            path: path.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a non-directory is in the way",
            ),
        }),
        Err(_) => {
            std::fs::DirBuilder::new()
                .mode(0o755)
                .create(path)
                .map_err(|source| GhostError {
                    action: "creating directory",
                    path: path.to_owned(),
                    source,
                })?;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(
                |source| GhostError {
                    action: "chmod",
                    path: path.to_owned(),
                    source,
                },
            )?;
            report.created.push(path.to_owned());
            Ok(())
        }
    }
}

/// Creates the ghost directories under `root` (0755), and `run/systemd/system` only
/// when `sd_booted` is set; otherwise removes an empty one.
pub fn create(root: &Path, sd_booted: bool) -> Result<Report, GhostError> {
    let mut report = Report::default();
    let run = root.join("run");
    if !run.is_dir() {
        return Err(GhostError {
            action: "finding",
            path: run,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "/run is not mounted"),
        });
    }
    for dir in GHOST_DIRS {
        ensure_dir(&root.join(dir), &mut report)?;
    }
    let marker = root.join(SD_BOOTED_DIR);
    if sd_booted {
        ensure_dir(&marker, &mut report)?;
    } else if marker.is_dir() {
        match std::fs::remove_dir(&marker) {
            Ok(()) => report.removed.push(marker),
            Err(e) => {
                tracing::warn!(path = %marker.display(), error = %e, "sd_booted marker exists and cannot be removed; sd_booted() stays true")
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_run_has_no_sd_booted_marker_and_no_notify_dir() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("run")).unwrap();
        let r = create(root.path(), false).unwrap();
        assert_eq!(r.created.len(), GHOST_DIRS.len());
        assert!(!root.path().join("run/systemd/system").exists());
        assert!(!root.path().join("run/systemd/notify").exists());
        let mode = std::fs::metadata(root.path().join("run/systemd/users"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
        // Idempotent.
        let r = create(root.path(), false).unwrap();
        assert!(r.created.is_empty());
        assert_eq!(r.present.len(), GHOST_DIRS.len());
    }

    #[test]
    fn sd_booted_is_opt_in_and_removed_when_not_asked() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("run")).unwrap();
        create(root.path(), true).unwrap();
        assert!(root.path().join("run/systemd/system").is_dir());
        let r = create(root.path(), false).unwrap();
        assert_eq!(r.removed, vec![root.path().join("run/systemd/system")]);
        assert!(!root.path().join("run/systemd/system").exists());
    }

    #[test]
    fn missing_run_and_files_in_the_way_fail() {
        let root = tempfile::tempdir().unwrap();
        assert!(create(root.path(), false).is_err());
        std::fs::create_dir_all(root.path().join("run/systemd")).unwrap();
        std::fs::write(root.path().join("run/systemd/users"), "").unwrap();
        let e = create(root.path(), false).unwrap_err();
        assert!(e.path.ends_with("run/systemd/users"));
    }
}
