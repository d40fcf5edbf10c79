//! Reading disks and partitions from sysfs and putting the machine together.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};

use tracing::{debug, warn};

use super::identify::DeviceContent;
use super::live;
use super::mounts::{self, MountEntry};
use super::{DiskInfo, Firmware, MachineInfo, PartitionInfo, ProbeError, SystemRoot, Transport};

/// sysfs reports `size` and `start` in 512-byte units.
const SYSFS_SECTOR: u64 = 512;

/// Reads a sysfs or procfs file; `None` if it does not exist.
pub(super) fn read_optional(path: &Path) -> Result<Option<String>, ProbeError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ProbeError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Reads a trimmed, non-empty attribute.
fn read_attr(path: &Path) -> Result<Option<String>, ProbeError> {
    Ok(read_optional(path)?
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty()))
}

fn read_u64(path: &Path) -> Result<Option<u64>, ProbeError> {
    read_attr(path)?
        .map(|s| {
            s.parse::<u64>().map_err(|e| ProbeError::Parse {
                path: path.to_owned(),
                detail: format!("expected an integer, found {s:?}: {e}"),
            })
        })
        .transpose()
}

fn read_required_u64(path: &Path) -> Result<u64, ProbeError> {
    read_u64(path)?.ok_or_else(|| ProbeError::Read {
        path: path.to_owned(),
        source: io::Error::new(io::ErrorKind::NotFound, "missing or empty"),
    })
}

fn read_flag(path: &Path) -> Result<bool, ProbeError> {
    Ok(read_u64(path)?.is_some_and(|v| v != 0))
}

fn read_dir_names(dir: &Path) -> Result<Vec<String>, ProbeError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ProbeError::Read {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ProbeError::Read {
            path: dir.to_owned(),
            source,
        })?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// A kernel block device (a `/sys/block` entry or one of its partitions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BlockName {
    /// The whole disk (`sda`, `dm-0`, `loop3`).
    pub disk: String,
    /// The partition (`sda2`), if this is one.
    pub partition: Option<String>,
}

/// Every block device of the machine, by `major:minor` and by name, including the ones
/// that are not candidate disks (dm, md, sr, zram...), so that mounts and holders can be
/// traced to the disks beneath them.
#[derive(Debug, Default)]
pub(super) struct BlockIndex {
    by_devno: HashMap<(u32, u32), BlockName>,
    by_name: HashMap<String, BlockName>,
}

impl BlockIndex {
    pub(super) fn build(sys: &SystemRoot) -> Result<Self, ProbeError> {
        let mut index = Self::default();
        for disk in read_dir_names(&sys.sys.join("block"))? {
            let dir = sys.sys.join("block").join(&disk);
            let whole = BlockName {
                disk: disk.clone(),
                partition: None,
            };
            index.insert(&dir, &disk, whole)?;
            for part in partition_dirs(&dir, &disk)? {
                let name = BlockName {
                    disk: disk.clone(),
                    partition: Some(part.clone()),
                };
                index.insert(&dir.join(&part), &part, name)?;
            }
        }
        Ok(index)
    }

    fn insert(&mut self, dir: &Path, name: &str, block: BlockName) -> Result<(), ProbeError> {
        if let Some(devno) = read_attr(&dir.join("dev"))?
            .as_deref()
            .and_then(mounts::parse_devno)
        {
            self.by_devno.insert(devno, block.clone());
        }
        self.by_name.insert(name.to_owned(), block);
        Ok(())
    }

    pub(super) fn by_devno(&self, devno: (u32, u32)) -> Option<&BlockName> {
        self.by_devno.get(&devno)
    }

    pub(super) fn by_name(&self, name: &str) -> Option<&BlockName> {
        self.by_name.get(name)
    }

    /// Names of the whole disks (every `/sys/block` entry).
    pub(super) fn disk_names(&self) -> impl Iterator<Item = &str> {
        self.by_name
            .iter()
            .filter(|(_, b)| b.partition.is_none())
            .map(|(name, _)| name.as_str())
    }
}

/// Partition subdirectories of `/sys/block/<disk>` (those holding a `partition` file).
fn partition_dirs(dir: &Path, disk: &str) -> Result<Vec<String>, ProbeError> {
    let mut parts = Vec::new();
    for name in read_dir_names(dir)? {
        if name.starts_with(disk) && dir.join(&name).join("partition").is_file() {
            parts.push(name);
        }
    }
    Ok(parts)
}

/// The kernel name of a `/dev` path, following symlinks (`/dev/disk/by-id/...`,
/// `/dev/mapper/...`) when the path exists under the `dev` root.
pub(super) fn kernel_name(sys: &SystemRoot, path: &Path) -> Option<String> {
    let rel = path.strip_prefix("/dev").ok();
    let under_root = rel.map_or_else(|| path.to_owned(), |rel| sys.dev.join(rel));
    let resolved = std::fs::canonicalize(&under_root)
        .or_else(|_| std::fs::canonicalize(path))
        .unwrap_or(under_root);
    let rel = resolved
        .strip_prefix(&sys.dev)
        .or_else(|_| resolved.strip_prefix("/dev"))
        .ok()?;
    // `/dev/cciss/c0d0` is `cciss!c0d0` in sysfs.
    Some(rel.to_string_lossy().replace('/', "!"))
}

/// Mount and swap state of the machine, traced down to disks and partitions.
pub(super) struct Usage {
    /// Mount points by kernel name (disk or partition).
    mounts: HashMap<String, BTreeSet<PathBuf>>,
    /// Kernel names of active swap (disk or partition).
    swaps: BTreeSet<String>,
}

impl Usage {
    pub(super) fn build(
        sys: &SystemRoot,
        index: &BlockIndex,
        mountinfo: &[MountEntry],
        swaps: &[PathBuf],
    ) -> Self {
        let mut usage = Self {
            mounts: HashMap::new(),
            swaps: BTreeSet::new(),
        };
        for entry in mountinfo {
            let name = index.by_devno(entry.devno).map(leaf_name).or_else(|| {
                entry
                    .source
                    .starts_with('/')
                    .then(|| kernel_name(sys, Path::new(&entry.source)))
                    .flatten()
                    .filter(|n| index.by_name(n).is_some())
            });
            if let Some(name) = name {
                for lower in lower_devices(sys, index, &name) {
                    usage
                        .mounts
                        .entry(lower)
                        .or_default()
                        .insert(entry.mount_point.clone());
                }
            }
        }
        for swap in swaps {
            if let Some(name) = kernel_name(sys, swap).filter(|n| index.by_name(n).is_some()) {
                usage.swaps.extend(lower_devices(sys, index, &name));
            }
        }
        usage
    }

    fn mountpoints(&self, name: &str) -> Vec<PathBuf> {
        self.mounts
            .get(name)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }
}

fn leaf_name(block: &BlockName) -> String {
    block
        .partition
        .clone()
        .unwrap_or_else(|| block.disk.clone())
}

/// `name` itself and every device beneath it through `slaves/` (dm, md), so that a
/// mounted LUKS or LVM volume marks the partitions under it as in use.
fn lower_devices(sys: &SystemRoot, index: &BlockIndex, name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo = vec![name.to_owned()];
    while let Some(name) = todo.pop() {
        if out.len() > 64 || !out.insert(name.clone()) {
            continue;
        }
        if let Some(block) = index.by_name(&name) {
            if block.partition.is_none() {
                let slaves = sys.sys.join("block").join(&block.disk).join("slaves");
                todo.extend(read_dir_names(&slaves).unwrap_or_default());
            }
        }
    }
    out
}

/// Whether `/sys/block/<name>` is a candidate disk.
fn skip_reason(sys: &SystemRoot, name: &str) -> Result<Option<&'static str>, ProbeError> {
    const SKIPPED: [(&str, &str); 6] = [
        ("ram", "RAM disk"),
        ("zram", "compressed RAM disk"),
        ("dm-", "device-mapper device"),
        ("md", "RAID device"),
        ("sr", "optical drive"),
        ("fd", "floppy drive"),
    ];
    if let Some((_, why)) = SKIPPED.iter().find(|(prefix, _)| name.starts_with(prefix)) {
        return Ok(Some(why));
    }
    if name.starts_with("loop") && backing_file(sys, name)?.is_none() {
        return Ok(Some("loop device without backing file"));
    }
    Ok(None)
}

fn backing_file(sys: &SystemRoot, name: &str) -> Result<Option<PathBuf>, ProbeError> {
    Ok(read_attr(&sys.sys.join("block").join(name).join("loop/backing_file"))?.map(PathBuf::from))
}

/// Everything a disk probe needs about the rest of the machine.
struct Context<'a> {
    sys: &'a SystemRoot,
    usage: Usage,
    live_medium: Option<PathBuf>,
}

pub(super) fn probe_machine(sys: &SystemRoot) -> Result<MachineInfo, ProbeError> {
    let firmware = if sys.sys.join("firmware/efi").exists() {
        Firmware::Uefi
    } else {
        Firmware::Bios
    };
    let ram_bytes = read_ram(&sys.proc)?;
    let index = BlockIndex::build(sys)?;
    let mountinfo = mounts::read_mountinfo(&sys.proc)?;
    let swaps = mounts::read_swaps(&sys.proc)?;
    let hints = mounts::read_live_hints(&sys.proc)?;

    let mut candidates = Vec::new();
    for name in read_dir_names(&sys.sys.join("block"))? {
        if let Some(why) = skip_reason(sys, &name)? {
            debug!(device = %name, reason = why, "skipping block device");
            continue;
        }
        candidates.push(name);
    }
    let mut contents = HashMap::new();
    for name in &candidates {
        let dir = sys.sys.join("block").join(name);
        if read_required_u64(&dir.join("size"))? == 0 {
            debug!(device = %name, "skipping empty block device");
            continue;
        }
        let path = sys.dev.join(name);
        contents.insert(name.clone(), sys.identifier().identify(&path));
    }
    let live_medium = live::find_live_medium(sys, &index, &mountinfo, &hints, &contents)?;

    let ctx = Context {
        sys,
        usage: Usage::build(sys, &index, &mountinfo, &swaps),
        live_medium: live_medium.clone(),
    };
    let mut disks = Vec::new();
    for name in candidates {
        if let Some(content) = contents.remove(&name) {
            disks.push(build_disk(&ctx, &name, content)?);
        }
    }
    Ok(MachineInfo {
        firmware,
        ram_bytes,
        disks,
        live_medium,
    })
}

pub(super) fn probe_one_disk(sys: &SystemRoot, path: &Path) -> Result<DiskInfo, ProbeError> {
    let index = BlockIndex::build(sys)?;
    let name = kernel_name(sys, path).unwrap_or_default();
    let Some(block) = index.by_name(&name).cloned() else {
        return Err(ProbeError::NotABlockDevice {
            path: path.to_owned(),
            sys_entry: sys.sys.join("block").join(&name),
        });
    };
    if block.partition.is_some() {
        return Err(ProbeError::NotADisk {
            path: path.to_owned(),
            disk: sys.dev.join(&block.disk),
        });
    }
    let mountinfo = mounts::read_mountinfo(&sys.proc)?;
    let swaps = mounts::read_swaps(&sys.proc)?;
    let hints = mounts::read_live_hints(&sys.proc)?;
    let content = sys.identifier().identify(&sys.dev.join(&name))?;
    let contents = HashMap::from([(name.clone(), Ok(content.clone()))]);
    let live_medium = live::find_live_medium(sys, &index, &mountinfo, &hints, &contents)?;
    let ctx = Context {
        sys,
        usage: Usage::build(sys, &index, &mountinfo, &swaps),
        live_medium,
    };
    build_disk(&ctx, &name, Ok(content))
}

fn read_ram(proc: &Path) -> Result<u64, ProbeError> {
    let path = proc.join("meminfo");
    let text = read_optional(&path)?.ok_or_else(|| ProbeError::Read {
        path: path.clone(),
        source: io::Error::new(io::ErrorKind::NotFound, "no such file"),
    })?;
    text.lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .ok_or_else(|| ProbeError::Parse {
            path,
            detail: "no `MemTotal: <n> kB` line".to_owned(),
        })
}

fn transport(sys: &SystemRoot, name: &str) -> Transport {
    let link = std::fs::read_link(sys.sys.join("block").join(name))
        .map(|l| l.to_string_lossy().into_owned())
        .unwrap_or_default();
    let has = |s: &str| link.contains(s);
    if name.starts_with("loop") {
        Transport::Loop
    } else if has("/usb") {
        Transport::Usb
    } else if has("/nvme") || name.starts_with("nvme") {
        Transport::Nvme
    } else if has("/mmc") || name.starts_with("mmcblk") {
        Transport::Mmc
    } else if has("/virtio") || name.starts_with("vd") {
        Transport::Virtio
    } else if has("/ata") {
        Transport::Sata
    } else if has("/host") || has("/target") {
        Transport::Scsi
    } else {
        Transport::Unknown
    }
}

/// The serial number: `device/serial` (NVMe, mmc), `serial` (virtio-blk) or the unit
/// serial number VPD page (SCSI/SATA).
fn serial(dir: &Path) -> Result<Option<String>, ProbeError> {
    if let Some(s) = read_attr(&dir.join("device/serial"))? {
        return Ok(Some(s));
    }
    if let Some(s) = read_attr(&dir.join("serial"))? {
        return Ok(Some(s));
    }
    // VPD page 0x80: 4 header bytes, then the ASCII serial number. Unreadable pages
    // (permissions, I/O errors on odd bridges) just mean no serial.
    Ok(std::fs::read(dir.join("device/vpd_pg80"))
        .ok()
        .filter(|b| b.len() > 4)
        .map(|b| {
            String::from_utf8_lossy(&b[4..])
                .trim_matches(['\0', ' '])
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty()))
}

fn build_disk(
    ctx: &Context<'_>,
    name: &str,
    content: Result<DeviceContent, ProbeError>,
) -> Result<DiskInfo, ProbeError> {
    let sys = ctx.sys;
    let dir = sys.sys.join("block").join(name);
    let path = sys.dev.join(name);
    let size_bytes = read_required_u64(&dir.join("size"))? * SYSFS_SECTOR;
    let logical_sector_size = read_u64(&dir.join("queue/logical_block_size"))?.unwrap_or(512);
    let physical_sector_size =
        read_u64(&dir.join("queue/physical_block_size"))?.unwrap_or(logical_sector_size);
    let model = match read_attr(&dir.join("device/model"))? {
        Some(m) => Some(m),
        None => read_attr(&dir.join("device/name"))?,
    };
    let mut errors = Vec::new();
    let content = content.unwrap_or_else(|e| {
        warn!(device = %path.display(), error = %error_chain(&e), "cannot identify device");
        errors.push(error_chain(&e));
        DeviceContent::default()
    });

    let mut holders: BTreeSet<String> = read_dir_names(&dir.join("holders"))?.into_iter().collect();
    let mut mounted: BTreeSet<PathBuf> = ctx.usage.mountpoints(name).into_iter().collect();
    let mut swap_active = ctx.usage.swaps.contains(name);
    let mut partitions = Vec::new();
    for part in partition_dirs(&dir, name)? {
        let pdir = dir.join(&part);
        let number_path = pdir.join("partition");
        let number = read_required_u64(&number_path).and_then(|n| {
            u32::try_from(n).map_err(|e| ProbeError::Parse {
                path: number_path.clone(),
                detail: e.to_string(),
            })
        })?;
        let ppath = sys.dev.join(&part);
        let fs = if errors.is_empty() {
            match sys.identifier().identify(&ppath) {
                Ok(c) => c.filesystem,
                Err(e) => {
                    warn!(device = %ppath.display(), error = %error_chain(&e), "cannot identify partition");
                    errors.push(error_chain(&e));
                    None
                }
            }
        } else {
            None
        };
        let entry = content.partitions.iter().find(|p| p.number == number);
        let start_bytes = read_required_u64(&pdir.join("start"))? * SYSFS_SECTOR;
        let psize = read_required_u64(&pdir.join("size"))? * SYSFS_SECTOR;
        if let Some(entry) = entry {
            if entry.start_bytes != start_bytes || entry.size_bytes != psize {
                warn!(
                    partition = %ppath.display(),
                    "partition table and kernel disagree; the kernel view is reported"
                );
            }
        }
        let mountpoints = ctx.usage.mountpoints(&part);
        let part_swap = ctx.usage.swaps.contains(&part);
        mounted.extend(mountpoints.iter().cloned());
        swap_active |= part_swap;
        holders.extend(read_dir_names(&pdir.join("holders"))?);
        partitions.push(PartitionInfo {
            path: ppath,
            number,
            start_bytes,
            size_bytes: psize,
            fs,
            part_type: entry.and_then(|e| e.part_type.clone()),
            part_uuid: entry.and_then(|e| e.part_uuid.clone()),
            part_label: entry.and_then(|e| e.part_label.clone()),
            mountpoints,
            swap_active: part_swap,
        });
    }
    partitions.sort_by_key(|p| p.number);
    let kernel_numbers: BTreeSet<u32> = partitions.iter().map(|p| p.number).collect();
    for entry in &content.partitions {
        if !kernel_numbers.contains(&entry.number) {
            warn!(
                disk = %path.display(),
                number = entry.number,
                "partition in the table is unknown to the kernel (re-read the table)"
            );
        }
    }

    Ok(DiskInfo {
        is_live_medium: ctx.live_medium.as_deref() == Some(path.as_path()),
        path,
        name: name.to_owned(),
        size_bytes,
        logical_sector_size,
        physical_sector_size,
        model,
        serial: serial(&dir)?,
        transport: transport(sys, name),
        removable: read_flag(&dir.join("removable"))?,
        read_only: read_flag(&dir.join("ro"))?,
        rotational: read_flag(&dir.join("queue/rotational"))?,
        table: content.table,
        filesystem: content.filesystem,
        partitions,
        mounted: mounted.into_iter().collect(),
        swap_active,
        holders: holders.into_iter().collect(),
        backing_file: backing_file(sys, name)?,
        identify_error: (!errors.is_empty()).then(|| errors.join("; ")),
    })
}

/// An error and its sources on one line.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}
