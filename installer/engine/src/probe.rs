//! Probing the machine: firmware, RAM, disks, partitions, filesystems, mounts, swap and
//! the live medium.
//!
//! Everything is read from three roots named by a [`SystemRoot`] (`/sys`, `/proc`, `/dev`
//! on a real machine, a fixture tree in tests) and from a [`BlockIdentifier`] that reads
//! partition tables and superblocks (libblkid on a real machine, a map in tests). The
//! result, [`MachineInfo`], is plain data; its JSON form is the stable document printed by
//! `lainos-install probe --json`.
//!
//! Units: every size and offset is in bytes. sysfs reports `size` and `start` in 512-byte
//! units whatever the logical sector size of the device is.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

mod identify;
mod live;
mod mounts;
mod regions;
mod sysfs;

pub use identify::{
    BlkidIdentifier, BlockIdentifier, DeviceContent, FakeIdentifier, PartitionEntry,
};
pub use live::MEDIUM_MOUNTS as LIVE_MEDIUM_MOUNTS;
pub use regions::partition_path;

/// One mebibyte, the alignment unit of partitions created by the installer.
pub const MIB: u64 = 1024 * 1024;

/// What was probed about the whole machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineInfo {
    /// How the machine booted: UEFI iff `<sys>/firmware/efi` exists.
    pub firmware: Firmware,
    /// Total RAM in bytes (`MemTotal` of `<proc>/meminfo`).
    pub ram_bytes: u64,
    /// Candidate disks, sorted by name. RAM disks, zram, device-mapper, md, optical
    /// (`sr*`), floppies and loop devices without a backing file are left out.
    pub disks: Vec<DiskInfo>,
    /// The device node of the disk holding the live medium, if it was found. It may name a
    /// device that is not in [`disks`](Self::disks), for example `/dev/sr0`.
    pub live_medium: Option<PathBuf>,
}

/// The firmware interface the machine booted through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Firmware {
    /// Legacy BIOS (or UEFI CSM): `<sys>/firmware/efi` is absent.
    Bios,
    /// UEFI: `<sys>/firmware/efi` exists.
    Uefi,
}

/// How a disk is attached, derived from its sysfs device path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// NVMe (`/dev/nvme*n*`).
    Nvme,
    /// SATA/PATA through libata (`/ata` in the device path).
    Sata,
    /// Other SCSI hosts (SAS, virtio-scsi is reported as [`Virtio`](Self::Virtio)).
    Scsi,
    /// virtio-blk or virtio-scsi.
    Virtio,
    /// USB mass storage.
    Usb,
    /// SD/eMMC (`/dev/mmcblk*`).
    Mmc,
    /// A loop device (`/dev/loop*`) with a backing file.
    Loop,
    /// None of the above could be recognised.
    Unknown,
}

/// The partition table type found on a disk (blkid `PTTYPE`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// GUID partition table (`gpt`).
    Gpt,
    /// MS-DOS partition table (`dos`).
    Mbr,
    /// Any other table blkid knows (`atari`, `bsd`, `sun`, ...), by its blkid name. The disk
    /// is in use; the installer does not edit such tables.
    Other(String),
}

impl TableKind {
    /// Maps a blkid `PTTYPE` value to a table kind.
    #[must_use]
    pub fn from_blkid(pttype: &str) -> Self {
        match pttype {
            "gpt" => Self::Gpt,
            "dos" => Self::Mbr,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// One whole disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskInfo {
    /// Device node: `/dev/sda`, `/dev/nvme0n1`, `/dev/loop3` (under the `dev` root).
    pub path: PathBuf,
    /// Kernel name: `sda`.
    pub name: String,
    /// Size in bytes (`<sys>/block/X/size` × 512).
    pub size_bytes: u64,
    /// `queue/logical_block_size` (512 if unreadable).
    pub logical_sector_size: u64,
    /// `queue/physical_block_size` (the logical size if unreadable).
    pub physical_sector_size: u64,
    /// `device/model`, trimmed; `None` if absent or empty.
    pub model: Option<String>,
    /// `device/serial` (or `serial` for NVMe namespaces), trimmed; `None` if absent or empty.
    pub serial: Option<String>,
    /// How the disk is attached.
    pub transport: Transport,
    /// `removable` is 1 (USB sticks usually, not USB disks).
    pub removable: bool,
    /// `ro` is 1.
    pub read_only: bool,
    /// `queue/rotational` is 1.
    pub rotational: bool,
    /// The partition table on the disk, if any.
    pub table: Option<TableKind>,
    /// A filesystem (or other signature such as `iso9660`, `crypto_LUKS`, `LVM2_member`) on
    /// the whole disk, e.g. the iso9660 of a live USB stick.
    pub filesystem: Option<FsInfo>,
    /// Partitions the kernel knows, sorted by number.
    pub partitions: Vec<PartitionInfo>,
    /// Mount points of the disk or any of its partitions.
    pub mounted: Vec<PathBuf>,
    /// The disk or one of its partitions is active swap (`<proc>/swaps`).
    pub swap_active: bool,
    /// Kernel names of the holders of the disk and of its partitions (`dm-0`, `md127`).
    pub holders: Vec<String>,
    /// This disk holds the live medium the installer runs from; never a valid target.
    pub is_live_medium: bool,
    /// Loop devices: `<sys>/block/loopN/loop/backing_file`.
    pub backing_file: Option<PathBuf>,
    /// Why the partition table and superblocks could not be read, if they could not
    /// ([`probe`] keeps going; `table`, `filesystem` and the partitions' `fs` are then
    /// unknown, not empty, and the disk must not be treated as blank).
    pub identify_error: Option<String>,
}

/// One partition of a disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionInfo {
    /// Device node: `/dev/sda2`, `/dev/nvme0n1p2`.
    pub path: PathBuf,
    /// Partition number (`<sys>/block/X/Xn/partition`).
    pub number: u32,
    /// Offset from the start of the disk in bytes (`start` × 512).
    pub start_bytes: u64,
    /// Size in bytes (`size` × 512).
    pub size_bytes: u64,
    /// The filesystem or other signature inside the partition.
    pub fs: Option<FsInfo>,
    /// GPT type GUID (lower case) or MBR type (`0x83`).
    pub part_type: Option<String>,
    /// GPT partition GUID (lower case) or MBR `PARTUUID` (`1234abcd-02`).
    pub part_uuid: Option<String>,
    /// GPT partition name.
    pub part_label: Option<String>,
    /// Where the partition is mounted (several for btrfs subvolumes or bind mounts).
    pub mountpoints: Vec<PathBuf>,
    /// The partition is active swap.
    pub swap_active: bool,
}

/// A filesystem or other signature found by its superblock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FsInfo {
    /// blkid `TYPE`: `ext4`, `vfat`, `btrfs`, `swap`, `iso9660`, `crypto_LUKS`, ...
    pub fstype: String,
    /// blkid `LABEL`.
    pub label: Option<String>,
    /// blkid `UUID`.
    pub uuid: Option<String>,
    /// blkid `VERSION`.
    pub version: Option<String>,
}

/// Why probing failed. Every variant names the path it failed on.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// A file under `/sys`, `/proc` or `/dev` could not be read.
    #[error("failed to read `{}`", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file had content that could not be understood.
    #[error("unexpected content in `{}`: {detail}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// The partition table or superblocks of a device could not be read.
    #[error("failed to identify the contents of `{}`", device.display())]
    Identify {
        /// The device node or image file.
        device: PathBuf,
        /// The underlying error (libblkid or I/O).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A path given to [`probe_disk`] does not name a block device the kernel knows.
    #[error("`{}` is not a block device (no `{}`)", path.display(), sys_entry.display())]
    NotABlockDevice {
        /// The path asked for.
        path: PathBuf,
        /// The sysfs entry that was looked for.
        sys_entry: PathBuf,
    },
    /// A path given to [`probe_disk`] names a partition, not a whole disk.
    #[error("`{}` is a partition of `{}`, not a whole disk", path.display(), disk.display())]
    NotADisk {
        /// The path asked for.
        path: PathBuf,
        /// The disk holding that partition.
        disk: PathBuf,
    },
}

/// The roots of `/sys`, `/proc` and `/dev` to probe, and the [`BlockIdentifier`] that
/// reads device contents.
///
/// Device paths reported in [`DiskInfo`] and [`PartitionInfo`] are built under `dev`;
/// tests that use a [`FakeIdentifier`] can leave `dev` at `/dev`, since nothing is opened.
#[derive(Clone)]
pub struct SystemRoot {
    /// Root of sysfs, `/sys` on a real machine.
    pub sys: PathBuf,
    /// Root of procfs, `/proc` on a real machine.
    pub proc: PathBuf,
    /// Root of devtmpfs, `/dev` on a real machine.
    pub dev: PathBuf,
    /// An iso9660 filesystem whose label starts with this prefix marks the live medium
    /// (from the distribution profile, e.g. `LAINOS_`). Labels named on the kernel command
    /// line (`root=live:LABEL=`, `root=live:CDLABEL=`, `archisolabel=`) are always used.
    pub live_label_prefix: Option<String>,
    identifier: Arc<dyn BlockIdentifier>,
}

impl fmt::Debug for SystemRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SystemRoot")
            .field("sys", &self.sys)
            .field("proc", &self.proc)
            .field("dev", &self.dev)
            .field("live_label_prefix", &self.live_label_prefix)
            .finish_non_exhaustive()
    }
}

impl SystemRoot {
    /// The running system: `/sys`, `/proc`, `/dev`, identified with libblkid.
    #[must_use]
    pub fn real() -> Self {
        Self::new("/sys", "/proc", "/dev", Arc::new(BlkidIdentifier))
    }

    /// Explicit roots and identifier.
    pub fn new(
        sys: impl Into<PathBuf>,
        proc: impl Into<PathBuf>,
        dev: impl Into<PathBuf>,
        identifier: Arc<dyn BlockIdentifier>,
    ) -> Self {
        Self {
            sys: sys.into(),
            proc: proc.into(),
            dev: dev.into(),
            live_label_prefix: None,
            identifier,
        }
    }

    /// A fixture tree with `sys/` and `proc/` under `root`, device paths under `/dev`, and
    /// the given identifier (normally a [`FakeIdentifier`]).
    pub fn fixture(root: &Path, identifier: Arc<dyn BlockIdentifier>) -> Self {
        Self::new(root.join("sys"), root.join("proc"), "/dev", identifier)
    }

    /// Replaces the identifier.
    #[must_use]
    pub fn with_identifier(mut self, identifier: Arc<dyn BlockIdentifier>) -> Self {
        self.identifier = identifier;
        self
    }

    /// Sets [`live_label_prefix`](Self::live_label_prefix).
    #[must_use]
    pub fn with_live_label_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.live_label_prefix = Some(prefix.into());
        self
    }

    /// The identifier used to read device contents.
    #[must_use]
    pub fn identifier(&self) -> &dyn BlockIdentifier {
        &*self.identifier
    }
}

/// Probes the whole machine.
///
/// # Errors
///
/// Fails if `<sys>/block`, `<proc>/meminfo`, `<proc>/self/mountinfo` or a disk's sysfs
/// attributes cannot be read. A disk whose contents cannot be identified does not fail
/// the probe; see [`DiskInfo::identify_error`].
pub fn probe(sys: &SystemRoot) -> Result<MachineInfo, ProbeError> {
    sysfs::probe_machine(sys)
}

/// Probes one disk, given its device node or any symlink to it (`/dev/disk/by-id/...`).
///
/// # Errors
///
/// Fails if the path is not a whole disk known to the kernel, if its sysfs attributes
/// cannot be read, or if its contents cannot be identified.
pub fn probe_disk(sys: &SystemRoot, path: &Path) -> Result<DiskInfo, ProbeError> {
    sysfs::probe_one_disk(sys, path)
}

impl DiskInfo {
    /// Unpartitioned space where the installer may create partitions, as
    /// `(start_bytes, size_bytes)` pairs, each aligned to 1 MiB and at least 1 MiB long.
    ///
    /// The first MiB (protective MBR, primary GPT, alignment) and at least the last MiB
    /// (backup GPT) are never free. A disk with a filesystem on the whole device has no free
    /// regions; a blank disk has one region covering it.
    #[must_use]
    pub fn free_regions(&self) -> Vec<(u64, u64)> {
        regions::free_regions(self)
    }

    /// The disk or any of its partitions is mounted or active swap.
    #[must_use]
    pub fn in_use(&self) -> bool {
        !self.mounted.is_empty() || self.swap_active
    }
}
