//! Free space and partition device names.

use std::path::{Path, PathBuf};

use super::{DiskInfo, MIB};

/// The device node of partition `n` of `disk`: `/dev/sda` → `/dev/sda2`,
/// `/dev/nvme0n1` → `/dev/nvme0n1p2`, `/dev/loop0` → `/dev/loop0p2`,
/// `/dev/mmcblk0` → `/dev/mmcblk0p2` (a `p` when the disk name ends in a digit).
#[must_use]
pub fn partition_path(disk: &Path, n: u32) -> PathBuf {
    let mut s = disk.as_os_str().to_owned();
    let ends_in_digit = disk
        .as_os_str()
        .as_encoded_bytes()
        .last()
        .is_some_and(u8::is_ascii_digit);
    if ends_in_digit {
        s.push("p");
    }
    s.push(n.to_string());
    PathBuf::from(s)
}

const fn align_up(x: u64) -> u64 {
    x.div_ceil(MIB) * MIB
}

const fn align_down(x: u64) -> u64 {
    x / MIB * MIB
}

pub(super) fn free_regions(disk: &DiskInfo) -> Vec<(u64, u64)> {
    if disk.filesystem.is_some() && disk.partitions.is_empty() {
        return Vec::new();
    }
    // Keep at least 1 MiB at the end for the backup GPT.
    let end = align_down(disk.size_bytes.saturating_sub(MIB));
    let mut used: Vec<(u64, u64)> = disk
        .partitions
        .iter()
        .map(|p| (p.start_bytes, p.start_bytes.saturating_add(p.size_bytes)))
        .collect();
    used.sort_unstable();

    let mut regions = Vec::new();
    let mut cursor = MIB;
    let mut push_gap = |from: u64, to: u64| {
        let (from, to) = (align_up(from), align_down(to.min(end)));
        if to > from && to - from >= MIB {
            regions.push((from, to - from));
        }
    };
    for (start, stop) in used {
        push_gap(cursor, start);
        cursor = cursor.max(stop);
    }
    push_gap(cursor, end);
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{PartitionInfo, Transport};

    fn disk(size_bytes: u64, parts: &[(u64, u64)]) -> DiskInfo {
        DiskInfo {
            path: "/dev/vda".into(),
            name: "vda".into(),
            size_bytes,
            logical_sector_size: 512,
            physical_sector_size: 512,
            model: None,
            serial: None,
            transport: Transport::Virtio,
            removable: false,
            read_only: false,
            rotational: false,
            table: None,
            filesystem: None,
            partitions: parts
                .iter()
                .enumerate()
                .map(|(i, &(start_bytes, size_bytes))| PartitionInfo {
                    path: format!("/dev/vda{}", i + 1).into(),
                    number: u32::try_from(i + 1).unwrap(),
                    start_bytes,
                    size_bytes,
                    fs: None,
                    part_type: None,
                    part_uuid: None,
                    part_label: None,
                    mountpoints: Vec::new(),
                    swap_active: false,
                })
                .collect(),
            mounted: Vec::new(),
            swap_active: false,
            holders: Vec::new(),
            is_live_medium: false,
            backing_file: None,
            identify_error: None,
        }
    }

    #[test]
    fn partition_paths() {
        let cases = [
            ("/dev/sda", "/dev/sda2"),
            ("/dev/vdb", "/dev/vdb2"),
            ("/dev/nvme0n1", "/dev/nvme0n1p2"),
            ("/dev/loop0", "/dev/loop0p2"),
            ("/dev/mmcblk0", "/dev/mmcblk0p2"),
        ];
        for (disk, want) in cases {
            assert_eq!(partition_path(Path::new(disk), 2), PathBuf::from(want));
        }
    }

    #[test]
    fn blank_disk_is_one_region_without_first_and_last_mib() {
        let d = disk(2048 * MIB, &[]);
        assert_eq!(d.free_regions(), vec![(MIB, 2046 * MIB)]);
    }

    #[test]
    fn unaligned_disk_end_keeps_more_than_a_mib() {
        // 100 MiB + 4 KiB: the end is aligned down after removing one MiB.
        let d = disk(100 * MIB + 4096, &[]);
        assert_eq!(d.free_regions(), vec![(MIB, 98 * MIB)]);
    }

    #[test]
    fn gaps_between_partitions_are_aligned() {
        let d = disk(
            1024 * MIB,
            &[
                (MIB, 100 * MIB),
                // 512 KiB gap after p1 only: too small once aligned.
                (101 * MIB + 512 * 1024, 100 * MIB - 512 * 1024),
                // 300 MiB gap, start unaligned by one sector.
                (500 * MIB + 512, 100 * MIB),
            ],
        );
        assert_eq!(
            d.free_regions(),
            vec![(201 * MIB, 299 * MIB), (601 * MIB, 422 * MIB)]
        );
    }

    #[test]
    fn full_disk_has_no_regions() {
        let d = disk(64 * MIB, &[(MIB, 62 * MIB)]);
        assert_eq!(d.free_regions(), Vec::<(u64, u64)>::new());
    }

    #[test]
    fn whole_disk_filesystem_has_no_regions() {
        let mut d = disk(64 * MIB, &[]);
        d.filesystem = Some(crate::probe::FsInfo {
            fstype: "iso9660".into(),
            label: None,
            uuid: None,
            version: None,
        });
        assert!(d.free_regions().is_empty());
    }

    #[test]
    fn overlapping_and_unsorted_partitions() {
        let d = disk(
            256 * MIB,
            &[
                (100 * MIB, 50 * MIB),
                (MIB, 120 * MIB),
                (200 * MIB, 10 * MIB),
            ],
        );
        assert_eq!(
            d.free_regions(),
            vec![(150 * MIB, 50 * MIB), (210 * MIB, 45 * MIB)]
        );
    }
}
