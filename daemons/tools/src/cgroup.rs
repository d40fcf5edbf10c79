//! cgroup v2 delegation, the Rust form of the C `cgroup-delegate` script.
//!
//! Enables the `cpu`, `memory`, `io` and `pids` controllers in the root
//! `cgroup.subtree_control`, creates `user.slice` (root:root 0755) and enables the same
//! controllers there, so user sessions (and rootless containers placed under
//! `user.slice`) get resource control. Unlike the script it enables only controllers the
//! kernel offers (`cgroup.controllers`) instead of failing on the first missing one,
//! and it is idempotent.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

/// Controllers delegated.
pub const WANTED: &[&str] = &["cpu", "memory", "io", "pids"];

/// A failed delegation step.
#[derive(Debug, thiserror::Error)]
pub enum CgroupError {
    #[error("`{0}` is not a cgroup v2 (unified) mount; Protocol 7 requires pure cgroup v2")]
    NotUnified(PathBuf),
    #[error("{action} `{path}` failed")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> CgroupError {
    let path = path.to_owned();
    move |source| CgroupError::Io {
        action,
        path,
        source,
    }
}

/// Whether `path` is a cgroup2 filesystem.
pub fn is_cgroup2(path: &Path) -> bool {
    nix::sys::statfs::statfs(path)
        .is_ok_and(|s| s.filesystem_type() == nix::sys::statfs::CGROUP2_SUPER_MAGIC)
}

fn enable(dir: &Path, wanted: &[&str]) -> Result<Vec<String>, CgroupError> {
    let available_path = dir.join("cgroup.controllers");
    let available =
        std::fs::read_to_string(&available_path).map_err(io("reading", &available_path))?;
    let available: Vec<&str> = available.split_ascii_whitespace().collect();
    let control = dir.join("cgroup.subtree_control");
    let mut enabled = Vec::new();
    for c in wanted.iter().filter(|c| available.contains(c)) {
        // One write per controller: a single failure names its controller.
        std::fs::write(&control, format!("+{c}"))
            .map_err(io("enabling controller in", &control))?;
        enabled.push((*c).to_owned());
    }
    for c in wanted.iter().filter(|c| !available.contains(c)) {
        tracing::warn!(controller = c, dir = %dir.display(), "controller not offered by the kernel");
    }
    Ok(enabled)
}

/// Delegates controllers under `root` (normally `/sys/fs/cgroup`). `check_fs` is only
/// false in tests that use a plain directory.
pub fn delegate(root: &Path, check_fs: bool) -> Result<Vec<String>, CgroupError> {
    if check_fs && !is_cgroup2(root) {
        return Err(CgroupError::NotUnified(root.to_owned()));
    }
    let enabled = enable(root, WANTED)?;
    let slice = root.join("user.slice");
    match std::fs::DirBuilder::new().mode(0o755).create(&slice) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io("creating", &slice)(e)),
    }
    let wanted: Vec<&str> = enabled.iter().map(String::as_str).collect();
    let in_slice = enable(&slice, &wanted)?;
    for file in ["memory.max", "memory.swap.max"] {
        let p = slice.join(file);
        if p.exists() {
            std::fs::write(&p, "max").map_err(io("writing", &p))?;
        }
    }
    Ok(in_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enables_only_offered_controllers() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join("cgroup.controllers"),
            "cpuset cpu io memory hugetlb\n",
        )
        .unwrap();
        std::fs::write(root.path().join("cgroup.subtree_control"), "").unwrap();
        // A plain directory stands in for the kernel: pre-create what it would show.
        std::fs::create_dir(root.path().join("user.slice")).unwrap();
        std::fs::write(
            root.path().join("user.slice/cgroup.controllers"),
            "cpu io memory\n",
        )
        .unwrap();
        std::fs::write(root.path().join("user.slice/memory.max"), "123").unwrap();
        let enabled = delegate(root.path(), false).unwrap();
        assert_eq!(enabled, vec!["cpu", "memory", "io"]);
        assert_eq!(
            std::fs::read_to_string(root.path().join("user.slice/memory.max")).unwrap(),
            "max"
        );
    }

    #[test]
    fn refuses_non_cgroup2() {
        let root = tempfile::tempdir().unwrap();
        assert!(matches!(
            delegate(root.path(), true),
            Err(CgroupError::NotUnified(_))
        ));
    }
}
