//! Reading partition tables and superblocks: the [`BlockIdentifier`] trait, the libblkid
//! implementation and a fake for tests.

use std::collections::HashMap;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use libblkid_rs::{BlkidProbe, BlkidSafeprobeRet, BlkidSublks, BlkidSublksFlags};
use serde::{Deserialize, Serialize};
use tracing::debug;

use super::{FsInfo, ProbeError, TableKind};

/// What a device (or image file) holds: a partition table and its entries, and a
/// filesystem or other superblock signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceContent {
    /// The partition table, if any (blkid `PTTYPE`).
    pub table: Option<TableKind>,
    /// The table's identifier: disk GUID for GPT, `1234abcd` disk signature for MBR.
    pub table_id: Option<String>,
    /// A superblock found on the device itself.
    pub filesystem: Option<FsInfo>,
    /// The entries of the partition table, as written on disk.
    pub partitions: Vec<PartitionEntry>,
}

/// One entry of a partition table as written on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionEntry {
    /// Partition number (1-based).
    pub number: u32,
    /// Offset from the start of the device in bytes.
    pub start_bytes: u64,
    /// Size in bytes.
    pub size_bytes: u64,
    /// GPT type GUID (lower case) or MBR type (`0x83`).
    pub part_type: Option<String>,
    /// GPT partition GUID or MBR `PARTUUID` (`1234abcd-02`).
    pub part_uuid: Option<String>,
    /// GPT partition name.
    pub part_label: Option<String>,
}

/// Reads what a block device or image file holds.
///
/// The real implementation is [`BlkidIdentifier`]; tests use [`FakeIdentifier`].
pub trait BlockIdentifier: Send + Sync {
    /// Identifies the partition table and the superblock of `device`.
    ///
    /// A device holding nothing recognisable yields an empty [`DeviceContent`], not an
    /// error.
    ///
    /// # Errors
    ///
    /// [`ProbeError::Identify`] when the device cannot be opened or read.
    fn identify(&self, device: &Path) -> Result<DeviceContent, ProbeError>;
}

/// A [`BlockIdentifier`] answering from a map; devices not in the map are blank.
#[derive(Debug, Clone, Default)]
pub struct FakeIdentifier {
    contents: HashMap<PathBuf, DeviceContent>,
    failing: HashMap<PathBuf, String>,
}

impl FakeIdentifier {
    /// An identifier for which every device is blank.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares what `device` holds.
    #[must_use]
    pub fn with(mut self, device: impl Into<PathBuf>, content: DeviceContent) -> Self {
        self.contents.insert(device.into(), content);
        self
    }

    /// Declares a filesystem on `device` (and nothing else).
    #[must_use]
    pub fn with_fs(self, device: impl Into<PathBuf>, fs: FsInfo) -> Self {
        self.with(
            device,
            DeviceContent {
                filesystem: Some(fs),
                ..DeviceContent::default()
            },
        )
    }

    /// Makes identifying `device` fail with `message`.
    #[must_use]
    pub fn failing(mut self, device: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        self.failing.insert(device.into(), message.into());
        self
    }
}

impl BlockIdentifier for FakeIdentifier {
    fn identify(&self, device: &Path) -> Result<DeviceContent, ProbeError> {
        if let Some(message) = self.failing.get(device) {
            return Err(ProbeError::Identify {
                device: device.to_owned(),
                source: message.clone().into(),
            });
        }
        Ok(self.contents.get(device).cloned().unwrap_or_default())
    }
}

/// The real [`BlockIdentifier`]: libblkid's low-level probe, reading the partition table
/// and superblocks of the device node (or image file) itself. No cache, no udev.
#[derive(Debug, Clone, Copy, Default)]
pub struct BlkidIdentifier;

impl BlockIdentifier for BlkidIdentifier {
    fn identify(&self, device: &Path) -> Result<DeviceContent, ProbeError> {
        let file = File::open(device).map_err(|e| identify_error(device, e))?;
        let len = file_len(&file).map_err(|e| identify_error(device, e))?;
        self.identify_range(device, &file, 0, len)
    }
}

impl BlkidIdentifier {
    /// Identifies the `size` bytes at `offset` of `path`, e.g. one partition inside a disk
    /// image file.
    ///
    /// # Errors
    ///
    /// [`ProbeError::Identify`] when the file cannot be opened or read.
    pub fn identify_at(
        &self,
        path: &Path,
        offset: u64,
        size: u64,
    ) -> Result<DeviceContent, ProbeError> {
        let file = File::open(path).map_err(|e| identify_error(path, e))?;
        self.identify_range(path, &file, offset, size)
    }

    #[allow(clippy::unused_self)]
    fn identify_range(
        &self,
        device: &Path,
        file: &File,
        offset: u64,
        size: u64,
    ) -> Result<DeviceContent, ProbeError> {
        let err = |e: libblkid_rs::BlkidErr| identify_error(device, e);
        let offset_i = i64::try_from(offset).map_err(|e| identify_error(device, e))?;
        let size_i = i64::try_from(size).map_err(|e| identify_error(device, e))?;

        // Superblocks and the partition table type, as `blkid -p` does.
        let mut probe = BlkidProbe::new().map_err(err)?;
        probe
            .set_device(file.as_raw_fd(), offset_i, size_i)
            .map_err(err)?;
        probe.enable_superblocks(true).map_err(err)?;
        probe
            .set_superblock_flags(BlkidSublksFlags::new(vec![
                BlkidSublks::Label,
                BlkidSublks::Uuid,
                BlkidSublks::Type,
                BlkidSublks::Version,
            ]))
            .map_err(err)?;
        probe.enable_partitions(true).map_err(err)?;
        let mut content = DeviceContent::default();
        match probe.do_safeprobe().map_err(err)? {
            BlkidSafeprobeRet::Success => {
                let value = |name: &str| -> Option<String> {
                    probe.lookup_value(name).ok().filter(|v| !v.is_empty())
                };
                content.table = value("PTTYPE").map(|t| TableKind::from_blkid(&t));
                content.table_id = value("PTUUID");
                content.filesystem = value("TYPE").map(|fstype| FsInfo {
                    fstype,
                    label: value("LABEL"),
                    uuid: value("UUID"),
                    version: value("VERSION"),
                });
            }
            BlkidSafeprobeRet::None => {}
            BlkidSafeprobeRet::Ambiguous => {
                // Several superblocks claim the device: report it as unknown rather
                // than pick one (the planner must not mistake it for blank space).
                debug!(device = %device.display(), "ambiguous superblocks");
                content.filesystem = Some(FsInfo {
                    fstype: "ambivalent".to_owned(),
                    label: None,
                    uuid: None,
                    version: None,
                });
            }
        }
        drop(probe);

        if content.table.is_some() {
            content.partitions = read_partitions(device, file, offset_i, size_i)?;
        }
        Ok(content)
    }
}

/// Reads the entries of the partition table with a second probe in binary mode.
fn read_partitions(
    device: &Path,
    file: &File,
    offset: i64,
    size: i64,
) -> Result<Vec<PartitionEntry>, ProbeError> {
    let err = |e: libblkid_rs::BlkidErr| identify_error(device, e);
    let mut probe = BlkidProbe::new().map_err(err)?;
    probe
        .set_device(file.as_raw_fd(), offset, size)
        .map_err(err)?;
    probe.enable_superblocks(false).map_err(err)?;
    probe.enable_partitions(true).map_err(err)?;
    let mut list = probe.get_partitions().map_err(err)?;
    let table = list.get_table().map_err(err)?;
    let table_type = table.get_type().map_err(err)?;
    let table_id = table.get_id().ok();
    let count = list.number_of_partitions().map_err(err)?;
    let mut entries = Vec::new();
    for index in 0..count {
        let part = list.get_partition(index).map_err(err)?;
        let number = part.get_partno().map_err(err)?;
        let start = *part.get_start().bytes().as_ref();
        let len = *part.get_size().bytes().as_ref();
        let (part_type, part_uuid) = if table_type == "gpt" {
            (
                part.get_type_string().ok().map(|s| s.to_lowercase()),
                part.get_uuid()
                    .ok()
                    .flatten()
                    .map(|u| u.hyphenated().to_string()),
            )
        } else {
            // libblkid formats MBR PARTUUIDs as `<disk signature>-<number, 2 hex digits>`,
            // which `get_uuid` cannot parse as a UUID.
            (
                Some(format!("0x{:x}", part.get_type())),
                table_id.as_ref().map(|id| format!("{id}-{number:02x}")),
            )
        };
        entries.push(PartitionEntry {
            number,
            start_bytes: u64::try_from(start).unwrap_or(0),
            size_bytes: u64::try_from(len).unwrap_or(0),
            part_type,
            part_uuid,
            part_label: part.get_name().ok().flatten().filter(|n| !n.is_empty()),
        });
    }
    entries.sort_by_key(|e| e.number);
    Ok(entries)
}

fn identify_error(
    device: &Path,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> ProbeError {
    ProbeError::Identify {
        device: device.to_owned(),
        source: source.into(),
    }
}

/// Size of a regular file or block device (`metadata().len()` is 0 for block devices).
fn file_len(file: &File) -> std::io::Result<u64> {
    use std::io::{Seek, SeekFrom};
    let mut f = file;
    let len = f.seek(SeekFrom::End(0))?;
    f.seek(SeekFrom::Start(0))?;
    Ok(len)
}
