//! Finding the disk that holds the live medium.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tracing::debug;

use super::identify::DeviceContent;
use super::mounts::{LiveHints, MountEntry};
use super::sysfs::{BlockIndex, kernel_name, read_optional};
use super::{ProbeError, SystemRoot};

/// Where live boots mount the medium itself: dracut `dmsquash-live`, archiso.
pub const MEDIUM_MOUNTS: [&str; 2] = ["/run/initramfs/live", "/run/archiso/bootmnt"];
/// Where dracut mounts the squashfs image (a loop device backed by a file on the medium).
const ROOTFS_BASE: &str = "/run/rootfsbase";
/// How many loop/dm layers to follow before giving up.
const MAX_DEPTH: usize = 8;

/// The device node of the disk holding the live medium, found (in this order) from the
/// mount of the medium, the loop device under `/run/rootfsbase`, or an iso9660
/// filesystem whose label or UUID the kernel command line names (or whose label starts
/// with the configured prefix). `contents` holds what was identified on candidate disks;
/// optical drives are identified here.
pub(super) fn find_live_medium(
    sys: &SystemRoot,
    index: &BlockIndex,
    mountinfo: &[MountEntry],
    hints: &LiveHints,
    contents: &HashMap<String, Result<DeviceContent, ProbeError>>,
) -> Result<Option<PathBuf>, ProbeError> {
    let finder = Finder {
        sys,
        index,
        mountinfo,
    };
    for mount_point in MEDIUM_MOUNTS.iter().chain(&[ROOTFS_BASE]) {
        let Some(entry) = mountinfo
            .iter()
            .rev()
            .find(|m| m.mount_point == Path::new(mount_point))
        else {
            continue;
        };
        if let Some(disk) = finder.disk_of_mount(entry, 0) {
            debug!(disk = %disk, mount_point, "live medium found by its mount");
            return Ok(Some(sys.dev.join(disk)));
        }
    }

    let mut by_label: Vec<(String, DeviceContent)> = contents
        .iter()
        .filter_map(|(name, c)| c.as_ref().ok().map(|c| (name.clone(), c.clone())))
        .collect();
    for name in index.disk_names().filter(|n| n.starts_with("sr")) {
        let size = read_optional(&sys.sys.join("block").join(name).join("size"))?;
        if size.is_some_and(|s| s.trim() != "0") {
            match sys.identifier().identify(&sys.dev.join(name)) {
                Ok(content) => by_label.push((name.to_owned(), content)),
                Err(e) => debug!(device = name, error = %e, "cannot identify optical drive"),
            }
        }
    }
    by_label.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, content) in by_label {
        let Some(fs) = content.filesystem.filter(|fs| fs.fstype == "iso9660") else {
            continue;
        };
        let label_hit = fs.label.as_ref().is_some_and(|label| {
            hints.labels.contains(label)
                || sys
                    .live_label_prefix
                    .as_ref()
                    .is_some_and(|p| label.starts_with(p.as_str()))
        });
        let uuid_hit = fs.uuid.as_ref().is_some_and(|u| hints.uuids.contains(u));
        if label_hit || uuid_hit {
            debug!(disk = %name, "live medium found by its iso9660 label");
            return Ok(Some(sys.dev.join(name)));
        }
    }
    Ok(None)
}

struct Finder<'a> {
    sys: &'a SystemRoot,
    index: &'a BlockIndex,
    mountinfo: &'a [MountEntry],
}

impl Finder<'_> {
    /// The physical disk beneath a mount.
    fn disk_of_mount(&self, entry: &MountEntry, depth: usize) -> Option<String> {
        let block = self.index.by_devno(entry.devno).cloned().or_else(|| {
            entry
                .source
                .starts_with('/')
                .then(|| kernel_name(self.sys, Path::new(&entry.source)))
                .flatten()
                .and_then(|n| self.index.by_name(&n).cloned())
        })?;
        self.disk_beneath(&block.disk, depth)
    }

    /// Follows loop devices to the mount holding their backing file and dm/md devices to
    /// their first slave, down to a disk.
    fn disk_beneath(&self, disk: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let dir = self.sys.sys.join("block").join(disk);
        if disk.starts_with("loop") {
            let backing = read_optional(&dir.join("loop/backing_file")).ok()??;
            let backing = PathBuf::from(backing.trim());
            let entry = containing_mount(self.mountinfo, &backing)?;
            return self.disk_of_mount(entry, depth + 1);
        }
        if disk.starts_with("dm-") || disk.starts_with("md") {
            let slaves = std::fs::read_dir(dir.join("slaves")).ok()?;
            let mut names: Vec<String> = slaves
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            let lower = self.index.by_name(names.first()?)?.disk.clone();
            return self.disk_beneath(&lower, depth + 1);
        }
        Some(disk.to_owned())
    }
}

/// The mount whose mount point is the longest prefix of `path` (the last one when mounts
/// are stacked).
fn containing_mount<'m>(mountinfo: &'m [MountEntry], path: &Path) -> Option<&'m MountEntry> {
    mountinfo
        .iter()
        .filter(|m| path.starts_with(&m.mount_point))
        .fold(None, |best: Option<&MountEntry>, m| match best {
            Some(b) if b.mount_point.as_os_str().len() > m.mount_point.as_os_str().len() => Some(b),
            _ => Some(m),
        })
}
