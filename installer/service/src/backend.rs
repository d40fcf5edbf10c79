//! What the service drives: a [`Backend`] (the engine in production, [`crate::fake`]
//! in tests).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;

use lainos_dbus_api::{EventDto, IssueDto, PlanDto, ProbeDto};

/// Why a backend call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BackendError {
    /// The answers (or the answers on this machine) have errors, each with its field.
    #[error("the answers have {} error(s)", .0.iter().filter(|i| i.is_error()).count())]
    Invalid(Vec<IssueDto>),
    /// The job stopped because the cancel flag was set.
    #[error("the installation was cancelled")]
    Cancelled,
    /// Anything else; the message is shown to the user and must hold no secret.
    #[error("{0}")]
    Failed(String),
}

/// The engine as the service sees it. Every method is synchronous and may block; the
/// service calls them on a blocking thread. Implementations must never put a password
/// or passphrase into a returned value, an event or a log line.
pub trait Backend: Send + Sync + 'static {
    /// Disks, firmware, RAM and the live medium.
    fn probe(&self) -> Result<ProbeDto, BackendError>;

    /// Checks of the answer document alone (errors and warnings, each with its field
    /// path). The default parses it with `lainos-config`.
    fn validate(&self, answer_yaml: &str) -> Vec<IssueDto> {
        crate::issues_of(&lainos_config::parse_answer_file(answer_yaml).issues)
    }

    /// Resolves the answers against this machine into a plan. `confirm_token` is
    /// filled in by the service; the backend leaves it empty.
    fn plan(&self, answer_yaml: &str) -> Result<PlanDto, BackendError>;

    /// Executes a plan previously returned by [`Backend::plan`] (its `plan` member),
    /// reporting on `events` and checking `cancel` between actions.
    fn install(
        &self,
        plan: &serde_json::Value,
        events: Sender<EventDto>,
        cancel: Arc<AtomicBool>,
    ) -> Result<(), BackendError>;
}
