//! Growing the root at first boot. An image made by `lainos-install --image` is
//! written to a disk larger than itself: its GPT then ends where the image ended (the
//! backup header is not at the disk's end) and its root partition, the last one, stops
//! there too. This step moves the backup GPT to the disk's end, grows the root
//! partition to the last aligned sector (with gptman), tells the kernel the new size
//! (`partx --update`, BLKPG: the mounted root cannot be re-read whole) and grows the
//! filesystem online (`resize2fs`, `xfs_growfs`, `btrfs filesystem resize max`).
//!
//! Every part can run again: a table already at the disk's end is not rewritten, a
//! partition the kernel already sees at its size is not updated, and the filesystem
//! tools do nothing on a filesystem that already fills its partition. So a power cut
//! anywhere leaves a system whose next boot finishes the job.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use gptman::GPT;
use lainos_engine::cmd::Cmd;

use crate::sys::{SysError, System};

const MIB: u64 = 1024 * 1024;

/// Why growing stopped.
#[derive(Debug, thiserror::Error)]
pub enum GrowError {
    #[error(transparent)]
    Sys(#[from] SysError),
    #[error("cannot read the GPT of `{}`", disk.display())]
    Gpt {
        disk: PathBuf,
        #[source]
        source: gptman::Error,
    },
    #[error(
        "the primary GPT of `{}` is damaged (only the backup could be read); not touching it",
        .0.display()
    )]
    PrimaryDamaged(PathBuf),
    #[error("cannot write the GPT of `{}`", disk.display())]
    WriteGpt {
        disk: PathBuf,
        #[source]
        source: gptman::Error,
    },
    #[error("{what} `{}`", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the kernel still sees `{}` with {have} sectors after `partx --update`, the partition table says {want}",
        partition.display()
    )]
    KernelSize {
        partition: PathBuf,
        have: u64,
        want: u64,
    },
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> GrowError {
    let path = path.to_path_buf();
    move |source| GrowError::Io { what, path, source }
}

/// The partition table as far as growing is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableView {
    pub sector_size: u64,
    /// Sectors of the disk (what the device is now).
    pub disk_sectors: u64,
    pub backup_lba: u64,
    /// Sectors of one copy of the partition entry array.
    pub array_sectors: u64,
    /// Used partitions: (number, first sector, last sector).
    pub partitions: Vec<(u32, u64, u64)>,
}

/// What the table needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Growth {
    /// The backup GPT is at the disk's end and the root partition cannot grow.
    Nothing,
    /// Move the backup GPT to the end (`move_backup`) and let partition `number` end
    /// at `new_end` (the same as `old_end` when only the backup moves).
    Grow {
        number: u32,
        old_end: u64,
        new_end: u64,
        move_backup: bool,
    },
    /// The root partition is not the last one on the disk: it cannot grow (the
    /// backup GPT is still moved when `move_backup`).
    NotLast { number: u32, move_backup: bool },
}

/// Decides what growing `root` (a partition number) takes. The new end is the last
/// sector before the backup partition entry array, rounded down to 1 MiB, and never
/// below the old end.
pub fn compute(t: &TableView, root: u32) -> Growth {
    let last_sector = t.disk_sectors.saturating_sub(1);
    let move_backup = t.backup_lba < last_sector;
    let last_usable = last_sector.saturating_sub(t.array_sectors + 1);
    let Some(&(_, _, old_end)) = t.partitions.iter().find(|p| p.0 == root) else {
        return Growth::Nothing;
    };
    if t.partitions.iter().any(|p| p.0 != root && p.1 > old_end) {
        return if move_backup {
            Growth::NotLast {
                number: root,
                move_backup,
            }
        } else {
            Growth::Nothing
        };
    }
    let align = (MIB / t.sector_size).max(1);
    let aligned_end = ((last_usable + 1) / align * align).saturating_sub(1);
    let new_end = aligned_end.max(old_end);
    if new_end == old_end && !move_backup {
        return Growth::Nothing;
    }
    Growth::Grow {
        number: root,
        old_end,
        new_end,
        move_backup,
    }
}

fn view(gpt: &GPT, disk_bytes: u64) -> TableView {
    let h = &gpt.header;
    let array_bytes =
        u64::from(h.number_of_partition_entries) * u64::from(h.size_of_partition_entry);
    TableView {
        sector_size: gpt.sector_size,
        disk_sectors: disk_bytes / gpt.sector_size,
        backup_lba: h.backup_lba,
        array_sectors: array_bytes.div_ceil(gpt.sector_size),
        partitions: gpt
            .iter()
            .filter(|(_, p)| p.is_used())
            .map(|(n, p)| (n, p.starting_lba, p.ending_lba))
            .collect(),
    }
}

/// Applies [`compute`] to a disk (a device or an image file): writes the table with the
/// backup at the end and the root partition grown, and wipes the old backup header.
/// Returns what was decided and the root partition's size in sectors afterwards.
///
/// The order keeps a readable table at every moment of a power cut: first the new
/// backup (entries, header) at the disk's end, made durable by `barrier`; then the
/// primary; only then the old backup header is wiped. While the primary is half
/// written its checksums fail, and readers (the kernel, GRUB, gptman) take the backup
/// at the disk's last sector, which is already the new table.
pub fn grow_table<F: Read + Write + Seek>(
    f: &mut F,
    disk: &Path,
    root: u32,
    barrier: &dyn Fn(&mut F) -> std::io::Result<()>,
) -> Result<(Growth, u64), GrowError> {
    let mut gpt = GPT::find_from(f).map_err(|source| GrowError::Gpt {
        disk: disk.to_path_buf(),
        source,
    })?;
    if !gpt.header.is_primary() {
        return Err(GrowError::PrimaryDamaged(disk.to_path_buf()));
    }
    let len = f.seek(SeekFrom::End(0)).map_err(io("measuring", disk))?;
    let growth = compute(&view(&gpt, len), root);
    let ss = gpt.sector_size;
    let old_backup = gpt.header.backup_lba;
    let move_backup = match &growth {
        Growth::Grow { move_backup, .. } | Growth::NotLast { move_backup, .. } => *move_backup,
        Growth::Nothing => false,
    };
    if let Growth::Grow {
        number, new_end, ..
    } = &growth
    {
        gpt[*number].ending_lba = *new_end;
    }
    if growth != Growth::Nothing {
        if move_backup {
            gpt.header
                .update_from(f, ss)
                .map_err(|source| GrowError::WriteGpt {
                    disk: disk.to_path_buf(),
                    source,
                })?;
        }
        let entries: Vec<gptman::GPTPartitionEntry> = gpt.iter().map(|(_, p)| p.clone()).collect();
        let write = |source| GrowError::WriteGpt {
            disk: disk.to_path_buf(),
            source,
        };
        let mut backup = gpt.header.clone();
        backup.primary_lba = gpt.header.backup_lba;
        backup.backup_lba = gpt.header.primary_lba;
        backup.partition_entry_lba = gpt.header.last_usable_lba + 1;
        backup.write_into(f, ss, &entries).map_err(write)?;
        barrier(f).map_err(io("syncing", disk))?;
        gpt.header.write_into(f, ss, &entries).map_err(write)?;
        barrier(f).map_err(io("syncing", disk))?;
        if move_backup {
            // The protective MBR's partition spans the disk too (its boot code, GRUB's
            // boot.img on BIOS images, is kept: only the table part is written).
            let mut mbr = [0u8; 512];
            f.seek(SeekFrom::Start(0))
                .and_then(|_| f.read_exact(&mut mbr))
                .map_err(io("reading the protective MBR of", disk))?;
            if mbr[450] == 0xee {
                let r = if mbr[446] == 0x80 {
                    GPT::write_bootable_protective_mbr_into(f, ss)
                } else {
                    GPT::write_protective_mbr_into(f, ss)
                };
                r.map_err(write)?;
            }
        }
        if move_backup && old_backup < gpt.header.backup_lba {
            // The old backup header, now inside the grown partition: no stale GPT.
            f.seek(SeekFrom::Start(old_backup * ss))
                .and_then(|_| f.write_all(&vec![0u8; usize::try_from(ss).unwrap_or(512)]))
                .map_err(io("wiping the old backup GPT header of", disk))?;
        }
        f.flush().map_err(io("writing", disk))?;
    }
    let p = &gpt[root];
    let sectors = if p.is_used() {
        p.ending_lba - p.starting_lba + 1
    } else {
        0
    };
    Ok((growth, sectors))
}

/// Where the root filesystem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootDevice {
    pub mountpoint: PathBuf,
    pub fstype: String,
    /// `/dev/vda3`.
    pub partition: PathBuf,
    /// Kernel name: `vda3`.
    pub name: String,
}

/// The filesystem mounted at `mountpoint` (the last mount there wins), from the text
/// of `/proc/self/mountinfo`: (source, fstype).
pub fn mount_source(mountinfo: &str, mountpoint: &Path) -> Option<(String, String)> {
    let want = mountpoint.to_string_lossy();
    mountinfo.lines().rev().find_map(|l| {
        let (left, right) = l.split_once(" - ")?;
        let mp = left.split(' ').nth(4)?;
        let mut r = right.split(' ');
        let fstype = r.next()?;
        let source = r.next()?;
        (unescape(mp) == want).then(|| (unescape(source), fstype.to_string()))
    })
}

/// mountinfo escapes space, tab, newline and backslash as octal.
fn unescape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 4])
                .ok()
                .and_then(|o| u8::from_str_radix(o, 8).ok())
        {
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the step did, for the log and the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// The partition (and filesystem) now span the disk.
    Grown {
        partition: PathBuf,
        from_bytes: u64,
        to_bytes: u64,
    },
    /// Nothing to grow: the root already fills the disk (its filesystem was checked).
    AlreadyFull { partition: PathBuf },
    /// Not attempted, and why (the system works as it is).
    Skipped(String),
}

/// The first-boot step: grows the partition holding the root of `sys` and its
/// filesystem. `sysfs` is `/sys` (a test may point elsewhere).
pub fn grow_root(sys: &System, sysfs: &Path) -> Result<Report, GrowError> {
    let mountpoint = fs::canonicalize(sys.root()).map_err(io("resolving", sys.root()))?;
    let info = fs::read_to_string("/proc/self/mountinfo")
        .map_err(io("reading", Path::new("/proc/self/mountinfo")))?;
    let Some((source, fstype)) = mount_source(&info, &mountpoint) else {
        return Ok(Report::Skipped(format!(
            "{} is not a mount point",
            mountpoint.display()
        )));
    };
    let Ok(partition) = fs::canonicalize(&source) else {
        return Ok(Report::Skipped(format!(
            "the root filesystem comes from {source}, not a block device"
        )));
    };
    let name = partition
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let class = sysfs.join("class/block").join(&name);
    if class.join("dm").exists() {
        return Ok(Report::Skipped(format!(
            "the root is on device-mapper ({}); growing it is not supported",
            partition.display()
        )));
    }
    let Ok(number) = fs::read_to_string(class.join("partition")) else {
        return Ok(Report::Skipped(format!(
            "the root {} is not a partition",
            partition.display()
        )));
    };
    let number: u32 = number.trim().parse().unwrap_or(0);
    // /sys/class/block/vda3 -> ../../devices/…/block/vda/vda3: the parent is the disk.
    let disk_name = fs::canonicalize(&class)
        .ok()
        .and_then(|p| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let disk = PathBuf::from("/dev").join(&disk_name);
    if disk_name.is_empty() || number == 0 || !disk.exists() {
        return Ok(Report::Skipped(format!(
            "cannot tell the disk of {}",
            partition.display()
        )));
    }
    if !matches!(fstype.as_str(), "ext4" | "xfs" | "btrfs") {
        return Ok(Report::Skipped(format!(
            "the root filesystem is {fstype}; only ext4, xfs and btrfs are grown"
        )));
    }
    let root = RootDevice {
        mountpoint,
        fstype,
        partition,
        name,
    };

    // The table. A GPT is needed; an MBR disk (not made by lainos-install) is left.
    sys.checkpoint()?;
    let mut f = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&disk)
        .map_err(io("opening", &disk))?;
    let before = kernel_sectors(sysfs, &root.name);
    let (growth, sectors) = match grow_table(&mut f, &disk, number, &|f: &mut fs::File| {
        f.flush()?;
        f.sync_all()
    }) {
        Ok(x) => x,
        Err(GrowError::Gpt { source, .. }) => {
            return Ok(Report::Skipped(format!(
                "{} has no readable GPT ({source})",
                disk.display()
            )));
        }
        Err(e) => return Err(e),
    };
    f.sync_all().map_err(io("syncing", &disk))?;
    drop(f);
    if let Growth::NotLast { .. } = growth {
        return Ok(Report::Skipped(format!(
            "{} is not the last partition of {}, so it cannot grow",
            root.partition.display(),
            disk.display()
        )));
    }
    tracing::info!(?growth, disk = %disk.display(), "partition table");

    // The kernel: BLKPG through partx (the mounted root cannot be re-read whole).
    let ss_factor = {
        let lss = fs::read_to_string(
            sysfs
                .join("class/block")
                .join(&disk_name)
                .join("queue/logical_block_size"),
        )
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(512);
        lss / 512
    };
    let want = sectors * ss_factor.max(1);
    if before != Some(want) {
        sys.run_host(
            Cmd::new("partx")
                .args(["--update", "--nr", &number.to_string()])
                .path_arg(&disk),
        )?;
        let have = kernel_sectors(sysfs, &root.name).unwrap_or(0);
        if have != want {
            return Err(GrowError::KernelSize {
                partition: root.partition,
                have,
                want,
            });
        }
    }

    // The filesystem, online.
    let cmd = match root.fstype.as_str() {
        "ext4" => Cmd::new("resize2fs").path_arg(&root.partition),
        "xfs" => Cmd::new("xfs_growfs").path_arg(&root.mountpoint),
        _ => Cmd::new("btrfs")
            .args(["filesystem", "resize", "max"])
            .path_arg(&root.mountpoint),
    };
    sys.run_host(cmd)?;
    let from_bytes = before.unwrap_or(0) * 512;
    let to_bytes = want * 512;
    Ok(if from_bytes == to_bytes {
        Report::AlreadyFull {
            partition: root.partition,
        }
    } else {
        Report::Grown {
            partition: root.partition,
            from_bytes,
            to_bytes,
        }
    })
}

/// The kernel's idea of a block device's size, in 512-byte sectors.
fn kernel_sectors(sysfs: &Path, name: &str) -> Option<u64> {
    fs::read_to_string(sysfs.join("class/block").join(name).join("size"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const GIB: u64 = 1 << 30;

    fn table(disk: u64, backup: u64, parts: &[(u32, u64, u64)]) -> TableView {
        TableView {
            sector_size: 512,
            disk_sectors: disk / 512,
            backup_lba: backup,
            array_sectors: 32,
            partitions: parts.to_vec(),
        }
    }

    /// An image of 4 GiB: bios-boot, ESP, root to the end (as lainos-install plans).
    fn image_parts() -> Vec<(u32, u64, u64)> {
        let end = 4 * GIB / 512 - 34; // last usable of the 4 GiB image
        let root_end = (end + 1) / 2048 * 2048 - 1;
        vec![(1, 2048, 4095), (2, 4096, 528_383), (3, 528_384, root_end)]
    }

    #[test]
    fn an_image_on_a_larger_disk_grows_to_the_last_aligned_sector() {
        let t = table(10 * GIB, 4 * GIB / 512 - 1, &image_parts());
        let g = compute(&t, 3);
        let last_usable = 10 * GIB / 512 - 1 - 33;
        match g {
            Growth::Grow {
                number,
                old_end,
                new_end,
                move_backup,
            } => {
                assert_eq!(number, 3);
                assert_eq!(old_end, image_parts()[2].2);
                assert!(move_backup);
                assert!(new_end <= last_usable);
                assert_eq!((new_end + 1) % 2048, 0, "the end is not 1 MiB aligned");
                assert!(last_usable - new_end < 2048);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_grown_table_needs_nothing() {
        let disk = 10 * GIB;
        let last_usable = disk / 512 - 1 - 33;
        let end = (last_usable + 1) / 2048 * 2048 - 1;
        let t = table(disk, disk / 512 - 1, &[(1, 2048, 4095), (3, 528_384, end)]);
        assert_eq!(compute(&t, 3), Growth::Nothing);
    }

    #[test]
    fn a_root_that_is_not_last_does_not_grow() {
        let t = table(
            10 * GIB,
            4 * GIB / 512 - 1,
            &[
                (1, 2048, 4095),
                (2, 4096, 1_000_000),
                (3, 1_000_001, 2_000_000),
            ],
        );
        assert_eq!(
            compute(&t, 2),
            Growth::NotLast {
                number: 2,
                move_backup: true
            }
        );
        // On a disk whose GPT already ends at the end: nothing.
        let t = TableView {
            backup_lba: 10 * GIB / 512 - 1,
            ..t
        };
        assert_eq!(compute(&t, 2), Growth::Nothing);
    }

    #[test]
    fn the_end_never_moves_backwards() {
        // A root ending on an unaligned sector right before the backup array.
        let disk = 4 * GIB;
        let last_usable = disk / 512 - 1 - 33;
        let t = table(disk, disk / 512 - 1, &[(1, 2048, last_usable)]);
        assert_eq!(compute(&t, 1), Growth::Nothing);
    }

    /// A real GPT in memory: written for 64 MiB, the "disk" then made 160 MiB.
    #[test]
    fn grow_table_moves_the_backup_and_grows_the_last_partition() {
        let small = 64 * MIB;
        let mut disk = Cursor::new(vec![0u8; usize::try_from(small).unwrap()]);
        let mut gpt = GPT::new_from(&mut disk, 512, [7u8; 16]).unwrap();
        let mk = |start: u64, end: u64, n: u8| gptman::GPTPartitionEntry {
            partition_type_guid: [1u8; 16],
            unique_partition_guid: [n; 16],
            starting_lba: start,
            ending_lba: end,
            attribute_bits: 0,
            partition_name: "p".into(),
        };
        gpt[1] = mk(2048, 4095, 1);
        gpt[2] = mk(4096, 32767, 2);
        let last = (gpt.header.last_usable_lba + 1) / 2048 * 2048 - 1;
        gpt[3] = mk(32768, last, 3);
        gpt.write_into(&mut disk).unwrap();
        GPT::write_protective_mbr_into(&mut disk, 512).unwrap();
        let old_backup = gpt.header.backup_lba;

        // Copied onto a larger disk.
        disk.get_mut()
            .resize(usize::try_from(160 * MIB).unwrap(), 0);
        let (g, sectors) = grow_table(&mut disk, Path::new("mem"), 3, &|_| Ok(())).unwrap();
        assert!(
            matches!(
                g,
                Growth::Grow {
                    move_backup: true,
                    ..
                }
            ),
            "{g:?}"
        );

        let again = GPT::read_from(&mut disk, 512).unwrap();
        assert_eq!(again.header.backup_lba, 160 * MIB / 512 - 1);
        assert_eq!(again[3].ending_lba, 160 * MIB / 512 - 2048 - 1);
        assert_eq!(sectors, again[3].ending_lba - 32768 + 1);
        assert_eq!(again[1].ending_lba, 4095);
        assert_eq!(again[2].ending_lba, 32767);
        // The backup copy at the new end is valid on its own.
        let mut tail = disk.clone();
        tail.seek(SeekFrom::Start((160 * MIB / 512 - 1) * 512))
            .unwrap();
        let backup = gptman::GPTHeader::read_from(&mut tail).unwrap();
        assert!(backup.is_backup());
        // The protective MBR spans the larger disk.
        let n = u32::from_le_bytes(disk.get_ref()[458..462].try_into().unwrap());
        assert_eq!(u64::from(n), 160 * MIB / 512 - 1);
        // The old backup header is gone.
        let b = &disk.get_ref()[usize::try_from(old_backup * 512).unwrap()..][..8];
        assert_ne!(b, b"EFI PART");

        // A second run changes nothing (a cut after the write, then the next boot).
        let before = disk.get_ref().clone();
        let (g, s2) = grow_table(&mut disk, Path::new("mem"), 3, &|_| Ok(())).unwrap();
        assert_eq!(g, Growth::Nothing);
        assert_eq!(s2, sectors);
        assert!(disk.get_ref() == &before, "a grown table was rewritten");
    }

    /// A cut after the new backup was written, before the primary: the old primary is
    /// still valid, and the next run finishes the same table.
    #[test]
    fn a_cut_after_the_backup_is_finished_by_the_next_run() {
        let small = 64 * MIB;
        let mut disk = Cursor::new(vec![0u8; usize::try_from(small).unwrap()]);
        let mut gpt = GPT::new_from(&mut disk, 512, [7u8; 16]).unwrap();
        let last = (gpt.header.last_usable_lba + 1) / 2048 * 2048 - 1;
        gpt[1] = gptman::GPTPartitionEntry {
            partition_type_guid: [1u8; 16],
            unique_partition_guid: [1u8; 16],
            starting_lba: 2048,
            ending_lba: last,
            attribute_bits: 0,
            partition_name: "root".into(),
        };
        gpt.write_into(&mut disk).unwrap();
        disk.get_mut()
            .resize(usize::try_from(128 * MIB).unwrap(), 0);
        let calls = std::cell::Cell::new(0);
        let cut = |_: &mut Cursor<Vec<u8>>| {
            calls.set(calls.get() + 1);
            Err(std::io::Error::other("power cut"))
        };
        assert!(grow_table(&mut disk, Path::new("mem"), 1, &cut).is_err());
        assert_eq!(calls.get(), 1);
        // The primary is the old one, still valid.
        let old = GPT::read_from(&mut disk, 512).unwrap();
        assert!(old.header.is_primary());
        assert_eq!(old[1].ending_lba, last);
        let (g, _) = grow_table(&mut disk, Path::new("mem"), 1, &|_| Ok(())).unwrap();
        assert!(matches!(g, Growth::Grow { .. }), "{g:?}");
        let new = GPT::read_from(&mut disk, 512).unwrap();
        assert_eq!(new[1].ending_lba, 128 * MIB / 512 - 2048 - 1);
        assert_eq!(new.header.backup_lba, 128 * MIB / 512 - 1);
    }

    #[test]
    fn mountinfo_gives_the_last_mount_at_a_point() {
        let info = "22 1 253:3 / / rw,relatime shared:1 - ext4 /dev/vda3 rw\n\
                    30 22 0:5 / /dev rw - devtmpfs udev rw\n\
                    40 22 7:1 / /mnt/my\\040disk rw - xfs /dev/loop1p3 rw\n";
        assert_eq!(
            mount_source(info, Path::new("/")),
            Some(("/dev/vda3".into(), "ext4".into()))
        );
        assert_eq!(
            mount_source(info, Path::new("/mnt/my disk")),
            Some(("/dev/loop1p3".into(), "xfs".into()))
        );
        assert_eq!(mount_source(info, Path::new("/srv")), None);
    }
}
