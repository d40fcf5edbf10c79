//! The LainOS installer engine: probe the machine, resolve an answer file and a
//! distribution profile into an [`plan::InstallPlan`], execute it, verify the result.
//! The engine never imports a GUI toolkit, D-Bus or translations; it reports through
//! typed events and issues.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub mod cmd;
pub mod exec;
pub mod grubcfg;
pub mod image;
pub mod oem;
pub mod offer;
pub mod plan;
pub mod probe;
pub mod resolve;
pub mod source;

/// A cancellation token, checked between actions and while commands run.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Cancel::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    /// A token around an existing flag (a D-Bus service's cancel flag).
    pub fn from_flag(flag: Arc<AtomicBool>) -> Self {
        Cancel(flag)
    }
    /// The flag itself, for signal handlers.
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
    }
}
