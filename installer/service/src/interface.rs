//! The exported object: a thin adapter that authorizes the caller, calls the backend on
//! a blocking thread, and turns job events into signals.

// The `Progress` signal has eight arguments; the code zbus generates for it is flagged.
#![allow(clippy::too_many_arguments)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use lainos_dbus_api::{
    API_VERSION, EventDto, IssuesDto, OBJECT_PATH, PlanDto, StatusDto, confirm_token,
    overall_fraction, sha256_hex,
};
use zbus::message::Header;
use zbus::object_server::SignalEmitter;

use crate::auth::Policy;
use crate::backend::{Backend, BackendError};
use crate::error::ServiceError;

/// How many confirmed-able plans are remembered (one per distinct answer document).
const KEPT_PLANS: usize = 8;

struct StoredPlan {
    token: String,
    answers_sha: String,
    plan: serde_json::Value,
}

#[derive(Default)]
struct Job {
    status: StatusDto,
    cancel: Option<Arc<AtomicBool>>,
}

impl Job {
    fn running(&self) -> bool {
        matches!(self.status.state.as_str(), "running" | "cancelling")
    }
}

/// The `org.lainos.Installer1` object.
pub struct Installer {
    backend: Arc<dyn Backend>,
    policy: Policy,
    plans: Arc<Mutex<VecDeque<StoredPlan>>>,
    job: Arc<Mutex<Job>>,
    next_job: AtomicU64,
}

impl Installer {
    pub fn new(backend: Arc<dyn Backend>, policy: Policy) -> Self {
        Installer {
            backend,
            policy,
            plans: Arc::default(),
            job: Arc::new(Mutex::new(Job {
                status: StatusDto {
                    state: "idle".into(),
                    ..StatusDto::default()
                },
                cancel: None,
            })),
            next_job: AtomicU64::new(1),
        }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(Arc<dyn Backend>) -> T + Send + 'static,
    ) -> Result<T, ServiceError> {
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || f(backend))
            .await
            .map_err(|e| ServiceError::Failed(format!("the backend panicked: {e}")))
    }
}

fn invalid(issues: Vec<lainos_dbus_api::IssueDto>) -> ServiceError {
    let doc = IssuesDto { issues };
    ServiceError::Invalid(serde_json::to_string(&doc).unwrap_or_default())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v)
        .map_err(|e| ServiceError::Failed(format!("cannot encode the reply: {e}")))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[zbus::interface(name = "org.lainos.Installer1")]
impl Installer {
    /// Disks, firmware, RAM and the live medium, as a `ProbeDto` JSON document.
    async fn probe(
        &self,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> Result<String, ServiceError> {
        let uid = self.policy.check(conn, &hdr).await?;
        tracing::info!(uid, "probe");
        match self.blocking(|b| b.probe()).await? {
            Ok(p) => to_json(&p),
            Err(e) => Err(ServiceError::Failed(e.to_string())),
        }
    }

    /// Checks of the answer document alone, as an `IssuesDto` JSON document.
    async fn validate(
        &self,
        answer_yaml: String,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> Result<String, ServiceError> {
        let uid = self.policy.check(conn, &hdr).await?;
        tracing::info!(uid, bytes = answer_yaml.len(), "validate");
        let issues = self.blocking(move |b| b.validate(&answer_yaml)).await?;
        to_json(&IssuesDto { issues })
    }

    /// The plan for these answers on this machine, as a `PlanDto` JSON document whose
    /// `confirm_token` `Install` wants back.
    async fn plan(
        &self,
        answer_yaml: String,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> Result<String, ServiceError> {
        let uid = self.policy.check(conn, &hdr).await?;
        let answers_sha = sha256_hex(answer_yaml.as_bytes());
        tracing::info!(uid, answers = %&answers_sha[..12], "plan");
        let yaml = answer_yaml.clone();
        let mut dto: PlanDto = match self.blocking(move |b| b.plan(&yaml)).await? {
            Ok(p) => p,
            Err(BackendError::Invalid(issues)) => return Err(invalid(issues)),
            Err(e) => return Err(ServiceError::Failed(e.to_string())),
        };
        if dto.issues.iter().any(|i| i.is_error()) {
            return Err(invalid(dto.issues));
        }
        dto.confirm_token = confirm_token(&answer_yaml, &dto.plan);
        {
            let mut plans = lock(&self.plans);
            plans.retain(|p| p.answers_sha != answers_sha);
            plans.push_back(StoredPlan {
                token: dto.confirm_token.clone(),
                answers_sha,
                plan: dto.plan.clone(),
            });
            while plans.len() > KEPT_PLANS {
                plans.pop_front();
            }
        }
        to_json(&dto)
    }

    /// Starts the plan that `Plan` made for exactly these answers; returns the job id.
    async fn install(
        &self,
        answer_yaml: String,
        confirm_token: String,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> Result<u64, ServiceError> {
        let uid = self.policy.check(conn, &hdr).await?;
        let answers_sha = sha256_hex(answer_yaml.as_bytes());
        let plan = {
            let plans = lock(&self.plans);
            plans
                .iter()
                .find(|p| p.token == confirm_token && p.answers_sha == answers_sha)
                .map(|p| p.plan.clone())
        };
        let Some(plan) = plan else {
            tracing::warn!(
                uid,
                "install refused: no plan was confirmed for these answers"
            );
            return Err(ServiceError::PlanRequired(
                "call Plan with these answers and pass its confirm_token".into(),
            ));
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let id = {
            let mut job = lock(&self.job);
            if job.running() {
                return Err(ServiceError::Busy(format!(
                    "job {} is still running",
                    job.status.job
                )));
            }
            let id = self.next_job.fetch_add(1, Ordering::SeqCst);
            *job = Job {
                status: StatusDto {
                    job: id,
                    state: "running".into(),
                    ..StatusDto::default()
                },
                cancel: Some(cancel.clone()),
            };
            id
        };
        tracing::info!(uid, job = id, "install started");
        let emitter = SignalEmitter::new(conn, OBJECT_PATH)?.into_owned();
        tokio::spawn(run_job(
            self.backend.clone(),
            self.job.clone(),
            emitter,
            id,
            plan,
            cancel,
        ));
        Ok(id)
    }

    /// Asks the running job to stop between actions.
    async fn cancel(
        &self,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> Result<(), ServiceError> {
        let uid = self.policy.check(conn, &hdr).await?;
        let mut job = lock(&self.job);
        match (&job.cancel, job.running()) {
            (Some(flag), true) => {
                flag.store(true, Ordering::SeqCst);
                job.status.state = "cancelling".into();
                tracing::info!(uid, job = job.status.job, "cancel requested");
                Ok(())
            }
            _ => Err(ServiceError::NoJob("no installation is running".into())),
        }
    }

    /// The running or last job, as a `StatusDto` JSON document.
    async fn status(
        &self,
        #[zbus(header)] hdr: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
    ) -> Result<String, ServiceError> {
        self.policy.check(conn, &hdr).await?;
        let status = lock(&self.job).status.clone();
        to_json(&status)
    }

    /// The interface version.
    #[zbus(property)]
    fn version(&self) -> u32 {
        API_VERSION
    }

    /// `fraction` is the whole job's progress, 0.0–1.0; `index` counts steps from 0.
    #[zbus(signal)]
    #[allow(clippy::too_many_arguments)]
    async fn progress(
        emitter: &SignalEmitter<'_>,
        job: u64,
        step: &str,
        index: u32,
        total: u32,
        fraction: f64,
        bytes_done: u64,
        bytes_total: u64,
        message: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn log(
        emitter: &SignalEmitter<'_>,
        job: u64,
        level: &str,
        message: &str,
    ) -> zbus::Result<()>;

    /// `error` is empty on success and `cancelled` after a cancellation.
    #[zbus(signal)]
    async fn finished(
        emitter: &SignalEmitter<'_>,
        job: u64,
        ok: bool,
        error: &str,
    ) -> zbus::Result<()>;
}

async fn run_job(
    backend: Arc<dyn Backend>,
    job: Arc<Mutex<Job>>,
    emitter: SignalEmitter<'static>,
    id: u64,
    plan: serde_json::Value,
    cancel: Arc<AtomicBool>,
) {
    let (tx, rx) = std::sync::mpsc::channel::<EventDto>();
    let (atx, mut arx) = tokio::sync::mpsc::unbounded_channel::<EventDto>();
    let worker = tokio::task::spawn_blocking(move || backend.install(&plan, tx, cancel));
    let pump = tokio::task::spawn_blocking(move || {
        while let Ok(ev) = rx.recv() {
            if atx.send(ev).is_err() {
                break;
            }
        }
    });
    while let Some(ev) = arx.recv().await {
        if let Err(e) = emit(&emitter, &job, id, ev).await {
            tracing::warn!(job = id, error = %e, "cannot emit a signal");
        }
    }
    let _ = pump.await;
    let result = worker.await.unwrap_or_else(|e| {
        Err(BackendError::Failed(format!(
            "the installation panicked: {e}"
        )))
    });
    let (ok, error, state) = match &result {
        Ok(()) => (true, String::new(), "succeeded"),
        Err(BackendError::Cancelled) => (false, "cancelled".to_string(), "cancelled"),
        Err(e) => (false, e.to_string(), "failed"),
    };
    {
        let mut j = lock(&job);
        j.status.state = state.into();
        j.status.error = (!ok).then(|| error.clone());
        if ok {
            j.status.fraction = 1.0;
        }
        j.cancel = None;
    }
    tracing::info!(job = id, ok, state, "install finished");
    if let Err(e) = Installer::finished(&emitter, id, ok, &error).await {
        tracing::warn!(job = id, error = %e, "cannot emit Finished");
    }
}

async fn emit(
    emitter: &SignalEmitter<'_>,
    job: &Mutex<Job>,
    id: u64,
    ev: EventDto,
) -> zbus::Result<()> {
    let update = |step: &str, fraction: f64| {
        let mut j = lock(job);
        j.status.step = step.to_string();
        j.status.fraction = fraction;
    };
    match ev {
        EventDto::StepStarted {
            index,
            total,
            step,
            message,
        } => {
            let f = overall_fraction(index, total, 0.0);
            update(&step, f);
            Installer::progress(emitter, id, &step, index, total, f, 0, 0, &message).await?;
            Installer::log(emitter, id, "info", &message).await
        }
        EventDto::StepProgress {
            index,
            total,
            step,
            fraction,
            bytes_done,
            bytes_total,
        } => {
            let f = overall_fraction(index, total, fraction);
            update(&step, f);
            Installer::progress(
                emitter,
                id,
                &step,
                index,
                total,
                f,
                bytes_done,
                bytes_total,
                "",
            )
            .await
        }
        EventDto::StepFinished { index, total, step } => {
            let f = overall_fraction(index + 1, total, 0.0);
            update(&step, f);
            Installer::progress(emitter, id, &step, index, total, f, 0, 0, "").await
        }
        EventDto::Log { level, message } => Installer::log(emitter, id, &level, &message).await,
    }
}
