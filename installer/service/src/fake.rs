//! `FakeBackend`: a stand-in for the engine, for tests and GUI screenshots only (feature
//! `fake-backend`). It touches no disk: probe returns fixed disks, plan describes what
//! an erase install would do, install sleeps through named steps.
//!
//! Test hooks are in the answers: the hostname `fail-at-unpack` makes the install fail
//! in its `unpack` step.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use lainos_config::answer::{Layout, ManualPartition};
use lainos_dbus_api::{DiskDto, EventDto, IssueDto, PartitionDto, PlanDto, ProbeDto};

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

/// The machine FakeBackend pretends to be on.
pub fn fixture_probe() -> ProbeDto {
    ProbeDto {
        firmware: "uefi".into(),
        ram_bytes: 4 * GIB,
        live_medium: Some("/dev/sr0".into()),
        on_battery: Some(false),
        disks: vec![
            DiskDto {
                path: "/dev/vda".into(),
                model: "QEMU HARDDISK".into(),
                size_bytes: 32 * GIB,
                removable: false,
                in_use: false,
                partitions: vec![
                    PartitionDto {
                        path: "/dev/vda1".into(),
                        size_bytes: GIB / 2,
                        filesystem: Some("vfat".into()),
                        label: Some("EFI".into()),
                    },
                    // 4.5 GiB stay free for new partitions of a manual layout.
                    PartitionDto {
                        path: "/dev/vda2".into(),
                        size_bytes: 27 * GIB,
                        filesystem: Some("ext4".into()),
                        label: Some("old-root".into()),
                    },
                ],
            },
            DiskDto {
                path: "/dev/vdb".into(),
                model: "Virtio Block Device".into(),
                size_bytes: 8 * GIB,
                ..DiskDto::default()
            },
            DiskDto {
                path: "/dev/sr0".into(),
                model: "QEMU DVD-ROM".into(),
                size_bytes: GIB,
                removable: true,
                in_use: true,
                partitions: vec![],
            },
        ],
    }
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
        match self.probe.disks.iter().find(|d| d.path == disk_path) {
            None => issues.push(IssueDto::error(
                "storage.disk",
                format!("`{disk_path}` is not a disk on this machine"),
            )),
            Some(d) if d.in_use => issues.push(IssueDto::error(
                "storage.disk",
                format!("`{disk_path}` is in use (the live medium) and cannot be a target"),
            )),
            Some(_) => {}
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
                vec![
                    format!("Add partitions to the GPT of {disk_path}"),
                    format!("Format the new root partition as {fs}"),
                ],
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
        let plan = serde_json::json!({
            "fake": true,
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
    }
}
