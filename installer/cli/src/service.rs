//! `lainos-install service`: the privileged D-Bus service `org.lainos.Installer1`,
//! driving the engine. The GUI talks to it as an unprivileged client.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use lainos_dbus_api::{DiskDto, EventDto, PartitionDto, PlanDto, ProbeDto};
use lainos_engine::Cancel;
use lainos_engine::cmd::RealRunner;
use lainos_engine::exec::{Event, ExecOptions, execute};
use lainos_engine::plan::{InstallPlan, describe};
use lainos_engine::probe::{self, Firmware, SystemRoot};
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
            disks: m
                .disks
                .iter()
                .map(|d| DiskDto {
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
                })
                .collect(),
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
