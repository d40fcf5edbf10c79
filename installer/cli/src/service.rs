//! `lainos-install service`: the privileged D-Bus service `org.lainos.Installer1`,
//! driving the engine. The GUI talks to it as an unprivileged client.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use lainos_dbus_api::{DiskDto, EventDto, FreeRegionDto, PartitionDto, PlanDto, ProbeDto};
use lainos_engine::Cancel;
use lainos_engine::cmd::RealRunner;
use lainos_engine::exec::{Event, ExecOptions, execute};
use lainos_engine::plan::{InstallPlan, describe};
use lainos_engine::probe::{self, DiskInfo, Firmware, SystemRoot, TableKind};
use lainos_engine::resolve::largest_free_region;
use lainos_service::{Backend, BackendError, issues_of};

/// The engine behind the D-Bus service.
pub struct EngineBackend {
    profile: Option<PathBuf>,
    /// Plans handed out by `plan`, by their JSON: a plan holding a clear-text password
    /// cannot be read back from JSON, so `install` runs the plan kept here.
    plans: Mutex<HashMap<String, InstallPlan>>,
}

impl EngineBackend {
    pub fn new(profile: Option<PathBuf>) -> Self {
        EngineBackend {
            profile,
            plans: Mutex::new(HashMap::new()),
        }
    }
}

/// A probed disk as the D-Bus API describes it: with its partition table and the
/// free region `layout: alongside` would fill (the engine's own computation).
fn disk_dto(d: &DiskInfo) -> DiskDto {
    DiskDto {
        path: d.path.display().to_string(),
        model: d.model.clone().unwrap_or_default(),
        size_bytes: d.size_bytes,
        removable: d.removable,
        in_use: d.is_live_medium || !d.mounted.is_empty() || d.swap_active,
        partitions: d
            .partitions
            .iter()
            .map(|p| PartitionDto {
                path: p.path.display().to_string(),
                size_bytes: p.size_bytes,
                filesystem: p.fs.as_ref().map(|f| f.fstype.clone()),
                label: p.fs.as_ref().and_then(|f| f.label.clone()),
            })
            .collect(),
        partition_table: d.table.as_ref().map(|t| match t {
            TableKind::Gpt => "gpt".to_string(),
            TableKind::Mbr => "dos".to_string(),
            TableKind::Other(name) => name.clone(),
        }),
        largest_free: largest_free_region(d).map(|(start_bytes, size_bytes)| FreeRegionDto {
            start_bytes,
            size_bytes,
        }),
    }
}

fn failed(e: impl std::fmt::Display) -> BackendError {
    BackendError::Failed(e.to_string())
}

impl Backend for EngineBackend {
    fn probe(&self) -> Result<ProbeDto, BackendError> {
        let m = probe::probe(&SystemRoot::real()).map_err(failed)?;
        Ok(ProbeDto {
            firmware: match m.firmware {
                Firmware::Bios => "bios".into(),
                Firmware::Uefi => "uefi".into(),
            },
            ram_bytes: m.ram_bytes,
            live_medium: m.live_medium.as_ref().map(|p| p.display().to_string()),
            on_battery: None,
            disks: m.disks.iter().map(disk_dto).collect(),
        })
    }

    fn plan(&self, answer_yaml: &str) -> Result<PlanDto, BackendError> {
        let parsed = lainos_config::parse_answer_file(answer_yaml);
        if parsed.has_errors() || parsed.value.is_none() {
            return Err(BackendError::Invalid(issues_of(&parsed.issues)));
        }
        let answers = parsed.value.as_ref().expect("checked");
        let profile =
            crate::load_profile(self.profile.as_deref()).map_err(|e| failed(format!("{e:#}")))?;
        match crate::plan_on_this_machine(answers, &profile, None)
            .map_err(|e| failed(format!("{e:#}")))?
        {
            Err(mut issues) => {
                parsed.positions.locate(&mut issues);
                Err(BackendError::Invalid(issues_of(&issues)))
            }
            Ok((plan, mut warnings)) => {
                parsed.positions.locate(&mut warnings);
                let json = serde_json::to_value(&plan).map_err(failed)?;
                let dto = PlanDto {
                    summary: plan.actions.iter().map(describe).collect(),
                    destructive: plan.destructive().map(describe).collect(),
                    issues: issues_of(&warnings),
                    plan: json.clone(),
                    confirm_token: String::new(),
                };
                self.plans
                    .lock()
                    .map_err(|_| failed("the plan store is poisoned"))?
                    .insert(json.to_string(), plan);
                Ok(dto)
            }
        }
    }

    fn install(
        &self,
        plan: &serde_json::Value,
        events: Sender<EventDto>,
        cancel: Arc<AtomicBool>,
    ) -> Result<(), BackendError> {
        let plan = self
            .plans
            .lock()
            .map_err(|_| failed("the plan store is poisoned"))?
            .get(&plan.to_string())
            .cloned()
            .ok_or_else(|| failed("this plan was not made by this service: call Plan first"))?;
        let cancel = Cancel::from_flag(cancel);
        let runner = RealRunner::with_cancel(cancel.clone());
        let mut opts = ExecOptions::default();
        // As for `install`: where the target is mounted, and the log.
        if let Some(t) = std::env::var_os("LAINOS_TARGET_DIR") {
            opts.target = t.into();
        }
        if let Some(l) = std::env::var_os("LAINOS_INSTALL_LOG") {
            opts.log = l.into();
        }
        let mut current = (0u32, 0u32, String::new());
        let result = execute(&plan, &runner, &cancel, &opts, &mut |e| {
            let dto = match e {
                Event::Step {
                    index,
                    total,
                    title,
                } => {
                    current = (*index as u32 - 1, *total as u32, title.clone());
                    EventDto::StepStarted {
                        index: current.0,
                        total: current.1,
                        step: title.clone(),
                        message: title.clone(),
                    }
                }
                Event::Progress {
                    fraction,
                    done_bytes,
                    total_bytes,
                    ..
                } => EventDto::StepProgress {
                    index: current.0,
                    total: current.1,
                    step: current.2.clone(),
                    fraction: *fraction,
                    bytes_done: *done_bytes,
                    bytes_total: *total_bytes,
                },
                Event::StepDone { .. } => EventDto::StepFinished {
                    index: current.0,
                    total: current.1,
                    step: current.2.clone(),
                },
                Event::Warning { message } => EventDto::Log {
                    level: "warning".into(),
                    message: message.clone(),
                },
                Event::Finished { .. } => return,
            };
            let _ = events.send(dto);
        });
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.cancelled() => Err(BackendError::Cancelled),
            Err(e) => Err(failed(e)),
        }
    }
}

/// Runs the service until SIGTERM or SIGINT.
pub fn run(profile: Option<PathBuf>, args: &lainos_service::ServiceArgs) -> anyhow::Result<()> {
    let backend: Arc<dyn Backend> = Arc::new(EngineBackend::new(profile));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(lainos_service::run_with(
        backend,
        args.bus(),
        args.options(),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use super::*;

    const MIB: u64 = 1 << 20;

    fn sh(cmd: &str) -> String {
        let out = Command::new("sh").arg("-c").arg(cmd).output().unwrap();
        assert!(
            out.status.success(),
            "`{cmd}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Detaches the loop device when the test ends, passed or not.
    struct Detach(String);

    impl Drop for Detach {
        fn drop(&mut self) {
            let _ = Command::new("losetup").args(["-d", &self.0]).status();
        }
    }

    /// The real probe of a loop disk with a GPT, an ext4 partition, a gap and free
    /// space at the end, through the service's conversion: the table and the largest
    /// free region (the one `layout: alongside` fills) reach the D-Bus document.
    #[test]
    fn the_probe_of_a_loop_disk_names_its_table_and_largest_free_region() {
        assert!(
            std::fs::read_to_string("/proc/self/status")
                .unwrap()
                .lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")),
            "this test needs root: it attaches a loop device (run the suite as root)"
        );
        let t = tempfile::tempdir().unwrap();
        let img = t.path().join("disk.img");
        std::fs::File::create(&img)
            .unwrap()
            .set_len(2048 * MIB)
            .unwrap();
        let dev = sh(&format!("losetup -fP --show {}", img.display()));
        let _guard = Detach(dev.clone());
        // p1 1–257 MiB, a 256 MiB gap, p2 513–1025 MiB, then ~1 GiB free.
        sh(&format!(
            "printf 'label: gpt\\nstart=1MiB, size=256MiB, type=linux\\nstart=513MiB, size=512MiB, type=linux, name=data\\n' | sfdisk -q {dev} && partx -u {dev}"
        ));
        let p2 = format!("{dev}p2");
        for _ in 0..200 {
            if Path::new(&p2).exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        sh(&format!("mkfs.ext4 -q -F -L kept-data {p2}"));
        let d = probe::probe_disk(&SystemRoot::real(), Path::new(&dev)).unwrap();
        let dto = disk_dto(&d);
        assert_eq!(dto.partition_table.as_deref(), Some("gpt"));
        let free = dto.largest_free.expect("free space");
        assert_eq!(free.start_bytes, 1025 * MIB);
        // The last MiB (and the backup GPT) is never free.
        assert_eq!(free.size_bytes, 2048 * MIB - MIB - 1025 * MIB);
        assert_eq!(dto.partitions.len(), 2);
        assert_eq!(dto.partitions[1].filesystem.as_deref(), Some("ext4"));
        assert_eq!(dto.partitions[1].label.as_deref(), Some("kept-data"));
        // The same disk after its table is wiped: no table, one region over it all.
        sh(&format!("wipefs -q -a {dev} && partx -d {dev} || true"));
        let d = probe::probe_disk(&SystemRoot::real(), Path::new(&dev)).unwrap();
        let dto = disk_dto(&d);
        assert_eq!(dto.partition_table, None);
        assert_eq!(
            dto.largest_free,
            Some(FreeRegionDto {
                start_bytes: MIB,
                size_bytes: 2048 * MIB - 2 * MIB
            })
        );
    }
}
