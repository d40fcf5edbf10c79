//! `FakeBackend`: a stand-in for the engine, for tests and GUI screenshots only (feature
//! `fake-backend`). It touches no disk: probe returns fixed disks, plan describes what
//! an erase install would do, install sleeps through named steps.
//!
//! Test hooks are in the answers: the hostname `fail-at-unpack` makes the install fail
//! in its `unpack` step.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use lainos_config::answer::{Layout, ManualPartition, Mountpoint, PartitionFilesystem};
use lainos_dbus_api::{
    DiskDto, EventDto, FreeRegionDto, IssueDto, PartitionDto, PlanDto, ProbeDto,
};

use crate::backend::{Backend, BackendError};

const GIB: u64 = 1024 * 1024 * 1024;

/// The fake engine. Not for production: it installs nothing.
#[derive(Debug, Clone)]
pub struct FakeBackend {
    /// Time each fake step takes, split into four progress events.
    pub step_time: Duration,
    pub probe: ProbeDto,
}

impl Default for FakeBackend {
    fn default() -> Self {
        FakeBackend {
            step_time: Duration::from_millis(40),
            probe: fixture_probe(),
        }
    }
}

impl FakeBackend {
    pub fn with_step_time(mut self, d: Duration) -> Self {
        self.step_time = d;
        self
    }
}

const MIB: u64 = 1024 * 1024;

/// The machine FakeBackend pretends to be on: a 40 GiB GPT disk with an EFI system
/// partition, an old Linux root and an encrypted (LUKS) partition, and 8.5 GiB free at
/// its end (enough to install alongside); a blank 8 GiB disk without a partition table;
/// the live DVD.
pub fn fixture_probe() -> ProbeDto {
    // vda1 at 1 MiB (512 MiB), vda2 after it (27 GiB), vda3 after that (4 GiB); the
    // backup GPT keeps the last MiB.
    let vda_free_start = MIB + GIB / 2 + 27 * GIB + 4 * GIB;
    ProbeDto {
        firmware: "uefi".into(),
        ram_bytes: 4 * GIB,
        live_medium: Some("/dev/sr0".into()),
        on_battery: Some(false),
        disks: vec![
            DiskDto {
                path: "/dev/vda".into(),
                model: "QEMU HARDDISK".into(),
                size_bytes: 40 * GIB,
                removable: false,
                in_use: false,
                partitions: vec![
                    PartitionDto {
                        path: "/dev/vda1".into(),
                        size_bytes: GIB / 2,
                        filesystem: Some("vfat".into()),
                        label: Some("EFI".into()),
                    },
                    PartitionDto {
                        path: "/dev/vda2".into(),
                        size_bytes: 27 * GIB,
                        filesystem: Some("ext4".into()),
                        label: Some("old-root".into()),
                    },
                    PartitionDto {
                        path: "/dev/vda3".into(),
                        size_bytes: 4 * GIB,
                        filesystem: Some("crypto_LUKS".into()),
                        label: None,
                    },
                ],
                partition_table: Some("gpt".into()),
                largest_free: Some(FreeRegionDto {
                    start_bytes: vda_free_start,
                    size_bytes: 40 * GIB - MIB - vda_free_start,
                }),
            },
            DiskDto {
                path: "/dev/vdb".into(),
                model: "Virtio Block Device".into(),
                size_bytes: 8 * GIB,
                largest_free: Some(FreeRegionDto {
                    start_bytes: MIB,
                    size_bytes: 8 * GIB - 2 * MIB,
                }),
                ..DiskDto::default()
            },
            DiskDto {
                path: "/dev/sr0".into(),
                model: "QEMU DVD-ROM".into(),
                size_bytes: GIB,
                removable: true,
                in_use: true,
                ..DiskDto::default()
            },
        ],
    }
}

/// What the engine's plan says of the partitions that stay (`kept_details`), as it
/// would for these answers on the fixture machine.
fn kept_details(
    disk: &DiskDto,
    uefi: bool,
    layout: Layout,
    parts: &[ManualPartition],
) -> Vec<serde_json::Value> {
    disk.partitions
        .iter()
        .filter_map(|p| {
            let listed = parts
                .iter()
                .find(|m| m.device.as_deref() == Some(std::path::Path::new(&p.path)));
            let role = match (layout, listed) {
                (Layout::Erase, _) => return None,
                (Layout::Manual, Some(m)) if m.format => return None,
                (Layout::Alongside, _) if uefi && p.filesystem.as_deref() == Some("vfat") => {
                    serde_json::json!("esp_files_added")
                }
                (Layout::Manual, Some(m)) => match &m.mountpoint {
                    Mountpoint::Swap => serde_json::json!("swap"),
                    Mountpoint::Path(_) if m.filesystem == PartitionFilesystem::Vfat => {
                        serde_json::json!("esp_files_added")
                    }
                    Mountpoint::Path(mp) => serde_json::json!({ "mounted": mp }),
                },
                _ => serde_json::json!("unused"),
            };
            Some(serde_json::json!({
                "device": p.path,
                "size_bytes": p.size_bytes,
                "filesystem": p.filesystem,
                "label": p.label,
                "role": role,
            }))
        })
        .collect()
}

/// What a manual layout would do, as (summary, destructive) lines.
fn manual_lines(disk: &str, parts: &[ManualPartition]) -> (Vec<String>, Vec<String>) {
    let mut summary = vec![];
    let mut destructive = vec![];
    for p in parts {
        let fs = p.filesystem.as_str();
        let mp = &p.mountpoint;
        match (&p.device, p.size) {
            (Some(dev), _) if p.format => {
                let line = format!("Format {} as {fs} for {mp}", dev.display());
                summary.push(line.clone());
                destructive.push(line);
            }
            (Some(dev), _) => summary.push(format!("Use {} ({fs}) as {mp}", dev.display())),
            (None, size) => {
                let size = size.map(|s| s.to_string()).unwrap_or_default();
                summary.push(format!(
                    "Add a {size} partition to {disk} for {mp}, formatted as {fs}"
                ));
                destructive.push(format!("Add a partition of {size} to {disk}"));
            }
        }
    }
    (summary, destructive)
}

const STEPS: [&str; 7] = [
    "partition",
    "format",
    "unpack",
    "configure",
    "users",
    "bootloader",
    "verify",
];

impl Backend for FakeBackend {
    fn probe(&self) -> Result<ProbeDto, BackendError> {
        Ok(self.probe.clone())
    }

    fn plan(&self, answer_yaml: &str) -> Result<PlanDto, BackendError> {
        let parsed = lainos_config::parse_answer_file(answer_yaml);
        let mut issues = crate::issues_of(&parsed.issues);
        let Some(a) = parsed.value else {
            return Err(BackendError::Invalid(issues));
        };
        let disk_path = a.storage.disk.display().to_string();
        let disk = self.probe.disks.iter().find(|d| d.path == disk_path);
        match disk {
            None => issues.push(IssueDto::error(
                "storage.disk",
                format!("`{disk_path}` is not a disk on this machine"),
            )),
            Some(d) if d.in_use => issues.push(IssueDto::error(
                "storage.disk",
                format!("`{disk_path}` is in use (the live medium) and cannot be a target"),
            )),
            Some(d)
                if a.storage.layout == Layout::Alongside
                    && d.partition_table.as_deref() != Some("gpt") =>
            {
                issues.push(IssueDto::error(
                    "storage.layout",
                    format!(
                        "{disk_path} has no partition table, so there is nothing to install alongside: use `layout: erase`"
                    ),
                ));
            }
            Some(_) => {}
        }
        // As the engine: an existing LUKS volume needs `unlock`, and only it takes one.
        for (i, p) in a.storage.partitions.iter().enumerate() {
            let Some(dev) = &p.device else { continue };
            let luks = disk
                .and_then(|d| d.partitions.iter().find(|q| Path::new(&q.path) == dev))
                .is_some_and(|q| q.filesystem.as_deref() == Some("crypto_LUKS"));
            match (luks, p.unlock.is_some()) {
                (true, false) => issues.push(IssueDto::error(
                    format!("storage.partitions[{i}].unlock"),
                    format!(
                        "{} is a LUKS volume: add `unlock: {{ passphrase_file: … }}` to open it",
                        dev.display()
                    ),
                )),
                (false, true) => issues.push(IssueDto::error(
                    format!("storage.partitions[{i}].unlock"),
                    format!("{} is not a LUKS volume", dev.display()),
                )),
                _ => {}
            }
        }
        if issues.iter().any(IssueDto::is_error) {
            return Err(BackendError::Invalid(issues));
        }
        let fs = a.storage.filesystem.map_or("ext4", |f| f.as_str());
        let hostname = a.system.hostname.to_string();
        let users: Vec<String> = a.users.iter().map(|u| u.name.to_string()).collect();
        let (mut summary, destructive) = match a.storage.layout {
            Layout::Manual => manual_lines(&disk_path, &a.storage.partitions),
            Layout::Alongside => (
                vec![format!(
                    "Partition the largest free space of {disk_path}: root ({fs}); keep every other partition"
                )],
                // As the engine: partitions added to the table that is there destroy
                // nothing; formatting the new root is still listed.
                vec![format!("Format the new root partition as {fs}")],
            ),
            Layout::Erase => (
                vec![format!(
                    "Partition {disk_path}: EFI system partition, root ({fs})"
                )],
                vec![
                    format!("Erase every partition on {disk_path} and write a new GPT"),
                    format!("Format the new root partition as {fs}"),
                ],
            ),
        };
        summary.extend([
            "Unpack the live system onto the new root".to_string(),
            format!("Set the host name to {hostname}"),
        ]);
        if let Some(tz) = &a.locale.timezone {
            summary.push(format!("Set the time zone to {tz}"));
        }
        for u in &users {
            summary.push(format!("Create the user {u}"));
        }
        summary.push("Install GRUB and build the initramfs with dracut".to_string());
        let kept = disk.map_or_else(Vec::new, |d| {
            kept_details(
                d,
                self.probe.firmware == "uefi",
                a.storage.layout,
                &a.storage.partitions,
            )
        });
        let plan = serde_json::json!({
            "fake": true,
            "kept_details": kept,
            "disk": disk_path,
            "filesystem": fs,
            "hostname": hostname,
            "users": users,
            "steps": STEPS,
        });
        Ok(PlanDto {
            plan,
            summary,
            destructive,
            issues,
            confirm_token: String::new(),
        })
    }

    fn install(
        &self,
        plan: &serde_json::Value,
        events: Sender<EventDto>,
        cancel: Arc<AtomicBool>,
    ) -> Result<(), BackendError> {
        let fail_at = (plan["hostname"] == "fail-at-unpack").then_some("unpack");
        let total = STEPS.len() as u32;
        let send = |e: EventDto| {
            let _ = events.send(e);
        };
        for (i, step) in STEPS.iter().enumerate() {
            let index = i as u32;
            send(EventDto::StepStarted {
                index,
                total,
                step: (*step).into(),
                message: format!("fake step {step}"),
            });
            for quarter in 1..=4u32 {
                if cancel.load(Ordering::SeqCst) {
                    send(EventDto::Log {
                        level: "warning".into(),
                        message: format!("cancelled during {step}"),
                    });
                    return Err(BackendError::Cancelled);
                }
                std::thread::sleep(self.step_time / 4);
                send(EventDto::StepProgress {
                    index,
                    total,
                    step: (*step).into(),
                    fraction: f64::from(quarter) / 4.0,
                    bytes_done: u64::from(quarter) * 256,
                    bytes_total: 1024,
                });
                if fail_at == Some(*step) && quarter == 2 {
                    send(EventDto::Log {
                        level: "error".into(),
                        message: "unsquashfs exited with status 1".into(),
                    });
                    return Err(BackendError::Failed(format!(
                        "step {step} failed: unsquashfs exited with status 1"
                    )));
                }
            }
            send(EventDto::StepFinished {
                index,
                total,
                step: (*step).into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_layout_is_described_without_erasing_the_disk() {
        let yaml = "version: 1
storage:
  disk: /dev/vda
  layout: manual
  partitions:
  - { device: /dev/vda1, mountpoint: /boot/efi, filesystem: vfat, format: false }
  - { device: /dev/vda2, mountpoint: /, filesystem: ext4, format: true }
  - { size: 2GiB, mountpoint: swap, filesystem: swap, format: true }
system: { hostname: wired-01 }
users: [{ name: lain, password_hash: \"$6$lainsalt$PCEusZwnVDcpMzQbe0TSXh4lGbnGvYKxO8QnHQFbhQ2GfYkOdNUu0dFGnxdwvl2ePKPR5p8HNzFbQkvmO6Jvn0\" }]
";
        let plan = FakeBackend::default().plan(yaml).expect("a plan");
        assert!(
            plan.destructive.iter().all(|l| !l.contains("Erase")),
            "{:?}",
            plan.destructive
        );
        assert_eq!(
            plan.destructive,
            [
                "Format /dev/vda2 as ext4 for /",
                "Add a partition of 2GiB to /dev/vda"
            ]
        );
        assert!(
            plan.summary
                .contains(&"Use /dev/vda1 (vfat) as /boot/efi".to_string())
        );
        // The LUKS partition is not listed: it stays, as the EFI partition does.
        assert_eq!(
            kept_roles(&plan),
            [
                ("/dev/vda1", serde_json::json!("esp_files_added")),
                ("/dev/vda3", serde_json::json!("unused"))
            ]
        );
    }

    /// The plan's kept partitions as (device, role).
    fn kept_roles(plan: &PlanDto) -> Vec<(&str, serde_json::Value)> {
        plan.plan["kept_details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| (k["device"].as_str().unwrap(), k["role"].clone()))
            .collect()
    }

    const USERS: &str = "system: { hostname: wired-01 }
users: [{ name: lain, password_hash: \"$6$lainsalt$PCEusZwnVDcpMzQbe0TSXh4lGbnGvYKxO8QnHQFbhQ2GfYkOdNUu0dFGnxdwvl2ePKPR5p8HNzFbQkvmO6Jvn0\" }]
";

    #[test]
    fn the_fixture_disks_say_where_alongside_can_go() {
        let p = fixture_probe();
        let vda = &p.disks[0];
        assert_eq!(vda.partition_table.as_deref(), Some("gpt"));
        let free = vda.largest_free.expect("free space on vda");
        let used: u64 = vda.partitions.iter().map(|q| q.size_bytes).sum();
        assert_eq!(free.start_bytes, MIB + used);
        assert_eq!(free.start_bytes + free.size_bytes, vda.size_bytes - MIB);
        assert_eq!(free.size_bytes, 8 * GIB + GIB / 2 - 2 * MIB);
        assert_eq!(p.disks[1].partition_table, None);
        assert_eq!(p.disks[2].largest_free, None);
    }

    #[test]
    fn alongside_keeps_every_partition_and_needs_a_table() {
        let b = FakeBackend::default();
        let plan = b
            .plan(&format!(
                "version: 1\nstorage: {{ disk: /dev/vda, layout: alongside }}\n{USERS}"
            ))
            .expect("a plan");
        assert_eq!(
            kept_roles(&plan),
            [
                ("/dev/vda1", serde_json::json!("esp_files_added")),
                ("/dev/vda2", serde_json::json!("unused")),
                ("/dev/vda3", serde_json::json!("unused")),
            ]
        );
        assert_eq!(plan.plan["kept_details"][1]["label"], "old-root");
        let Err(BackendError::Invalid(issues)) = b.plan(&format!(
            "version: 1\nstorage: {{ disk: /dev/vdb, layout: alongside }}\n{USERS}"
        )) else {
            panic!("alongside on a disk without a table was accepted")
        };
        assert!(
            issues
                .iter()
                .any(|i| i.is_error() && i.path == "storage.layout"),
            "{issues:?}"
        );
    }

    #[test]
    fn a_luks_partition_is_kept_only_when_unlocked() {
        let b = FakeBackend::default();
        let doc = |unlock: &str| {
            format!(
                "version: 1
storage:
  disk: /dev/vda
  layout: manual
  partitions:
  - {{ device: /dev/vda1, mountpoint: /boot/efi, filesystem: vfat, format: false }}
  - {{ device: /dev/vda2, mountpoint: /, filesystem: ext4, format: true }}
  - {{ device: /dev/vda3, mountpoint: /home, filesystem: ext4, format: false{unlock} }}
{USERS}"
            )
        };
        let Err(BackendError::Invalid(issues)) = b.plan(&doc("")) else {
            panic!("a LUKS partition without unlock was accepted")
        };
        assert!(
            issues
                .iter()
                .any(|i| i.path == "storage.partitions[2].unlock"),
            "{issues:?}"
        );
        let plan = b
            .plan(&doc(", unlock: { passphrase: wired-home-7 }"))
            .expect("a plan");
        assert_eq!(
            plan.plan["kept_details"][1]["role"],
            serde_json::json!({"mounted": "/home"})
        );
        assert!(!plan.plan.to_string().contains("wired-home-7"));
    }
}
