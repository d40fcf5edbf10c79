//! The `org.lainos.Installer1` D-Bus interface, version 1: its names, the JSON
//! documents its methods exchange, the error names it replies with, and a client.
//!
//! # The interface
//!
//! Object `/org/lainos/Installer1`, interface `org.lainos.Installer1`, owned by the
//! privileged `lainos-install service` on the system bus. Structured values travel as
//! JSON strings (the DTOs below), so the interface can grow fields without changing
//! its D-Bus signature.
//!
//! | Member | Signature | Meaning |
//! |---|---|---|
//! | `Probe() → s` | `ProbeDto` | disks, firmware, RAM, the live medium |
//! | `Validate(s answer_yaml) → s` | `ValidationDto` | checks of the file alone |
//! | `Plan(s answer_yaml) → s` | `PlanDto` | every action the install would take, and the confirm token |
//! | `Install(s answer_yaml, s confirm_token) → t` | job id | runs the plan made by `Plan` for the same answers |
//! | `Cancel()` | | asks the running job to stop between actions |
//! | `Status() → s` | `StatusDto` | the running or last job |
//! | property `Version` | `u` | [`API_VERSION`] |
//! | signal `Progress(t job, s step, u index, u total, d fraction, t bytes_done, t bytes_total, s message)` | | |
//! | signal `Log(t job, s level, s message)` | | |
//! | signal `Finished(t job, b ok, s error)` | | |
//!
//! Errors are D-Bus errors named `org.lainos.Installer1.Error.*` ([`error_names`]);
//! `Invalid` carries an [`IssuesDto`] JSON document whose issues name the answer-file
//! field (`storage.disk`).
//!
//! Secrets: an answer document may hold a clear-text password. It travels only in the
//! `Validate`, `Plan` and `Install` arguments; the service never logs it, and no DTO or
//! signal carries it back.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod client;

pub use client::{Client, ClientError, Installer1Proxy};

/// The well-known bus name.
pub const BUS_NAME: &str = "org.lainos.Installer1";
/// The object path.
pub const OBJECT_PATH: &str = "/org/lainos/Installer1";
/// The interface name.
pub const INTERFACE: &str = "org.lainos.Installer1";
/// The interface version, exposed as the `Version` property.
pub const API_VERSION: u32 = 1;

/// The D-Bus error names the service replies with.
pub mod error_names {
    /// The caller is neither root nor a member of the allowed group.
    pub const ACCESS_DENIED: &str = "org.lainos.Installer1.Error.AccessDenied";
    /// The answer document has errors; the message is an `IssuesDto` JSON document.
    pub const INVALID: &str = "org.lainos.Installer1.Error.Invalid";
    /// `Install` without a matching `Plan` for the same answers.
    pub const PLAN_REQUIRED: &str = "org.lainos.Installer1.Error.PlanRequired";
    /// A job is already running.
    pub const BUSY: &str = "org.lainos.Installer1.Error.Busy";
    /// `Cancel` while no job runs.
    pub const NO_JOB: &str = "org.lainos.Installer1.Error.NoJob";
    /// The backend failed (probe or plan could not be made).
    pub const FAILED: &str = "org.lainos.Installer1.Error.Failed";
}

/// Which bus to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusChoice {
    System,
    Session,
    /// A D-Bus address such as `unix:path=/tmp/x/bus` (tests, private buses).
    Address(String),
}

impl fmt::Display for BusChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BusChoice::System => f.write_str("system bus"),
            BusChoice::Session => f.write_str("session bus"),
            BusChoice::Address(a) => write!(f, "bus at `{a}`"),
        }
    }
}

impl BusChoice {
    /// A connection builder for this bus.
    pub fn builder(&self) -> zbus::Result<zbus::connection::Builder<'static>> {
        match self {
            BusChoice::System => zbus::connection::Builder::system(),
            BusChoice::Session => zbus::connection::Builder::session(),
            BusChoice::Address(a) => zbus::connection::Builder::address(a.as_str()),
        }
    }
}

/// What `Probe` found on the machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ProbeDto {
    /// `uefi` or `bios`.
    pub firmware: String,
    pub ram_bytes: u64,
    pub disks: Vec<DiskDto>,
    /// The device the live system runs from, never a valid target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_medium: Option<String>,
    /// `Some(true)` when running on battery, `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_battery: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DiskDto {
    /// `/dev/vda`.
    pub path: String,
    #[serde(default)]
    pub model: String,
    pub size_bytes: u64,
    #[serde(default)]
    pub removable: bool,
    /// The live medium, or a disk with something mounted: not a valid target.
    #[serde(default)]
    pub in_use: bool,
    #[serde(default)]
    pub partitions: Vec<PartitionDto>,
    /// The partition table, by its blkid name: `gpt`, `dos` (MBR) or another; `None`
    /// for a disk without one. Added after the first release of version 1: a service
    /// that does not send it leaves it `None`, and a client that does not know it
    /// ignores it (the JSON documents are read leniently).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_table: Option<String>,
    /// The largest free (unpartitioned) region, aligned to 1 MiB, where `layout:
    /// alongside` puts its new partitions; the engine's own computation. `None` when the
    /// disk has no free region. Added with `partition_table`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub largest_free: Option<FreeRegionDto>,
}

/// A free region of a disk, in bytes from the start of the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FreeRegionDto {
    pub start_bytes: u64,
    pub size_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PartitionDto {
    pub path: String,
    pub size_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filesystem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// One problem, with the answer-file field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueDto {
    /// `error` or `warning`.
    pub severity: String,
    /// The field path, as in `users[0].name`; empty for the whole document.
    pub path: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl IssueDto {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        IssueDto {
            severity: "error".into(),
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
        }
    }
    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

impl fmt::Display for IssueDto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The reply of `Validate`, and the message of an `Invalid` error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IssuesDto {
    pub issues: Vec<IssueDto>,
}

impl IssuesDto {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(IssueDto::is_error)
    }
}

/// The reply of `Plan`: the engine's plan (opaque here), its description in plain words,
/// and the token `Install` wants back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlanDto {
    /// The engine's `InstallPlan` as JSON. Clients read two members of it and must
    /// treat the rest as opaque: `actions` (one object per action, tagged by `type`),
    /// and `kept_details` (the partitions that stay: `device`, `size_bytes`,
    /// `filesystem`, `label`, and `role`, one of `unused`, `{"mounted": "/home"}`,
    /// `swap`, `esp_files_added`, `bios_boot_rewritten`).
    pub plan: serde_json::Value,
    /// One line per action, in plain words.
    #[serde(default)]
    pub summary: Vec<String>,
    /// The actions that destroy data, set apart for the confirmation.
    #[serde(default)]
    pub destructive: Vec<String>,
    /// Warnings (a plan with errors is an `Invalid` error instead).
    #[serde(default)]
    pub issues: Vec<IssueDto>,
    /// Filled in by the service: pass it to `Install` to confirm this plan.
    #[serde(default)]
    pub confirm_token: String,
}

/// One event of a running install, as a backend reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventDto {
    /// A step began. `index` counts from 0.
    StepStarted {
        index: u32,
        total: u32,
        step: String,
        message: String,
    },
    /// Progress inside the current step; `fraction` is 0.0–1.0 of the step.
    StepProgress {
        index: u32,
        total: u32,
        step: String,
        fraction: f64,
        #[serde(default)]
        bytes_done: u64,
        #[serde(default)]
        bytes_total: u64,
    },
    StepFinished {
        index: u32,
        total: u32,
        step: String,
    },
    /// A log line (`debug`, `info`, `warning`, `error`). Never a secret.
    Log { level: String, message: String },
}

/// The state of a job, as `Status` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StatusDto {
    /// 0 when no job ran yet.
    pub job: u64,
    /// `idle`, `running`, `cancelling`, `succeeded`, `failed`.
    pub state: String,
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub fraction: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Overall progress of a job from a step index, its total and the fraction of the step.
pub fn overall_fraction(index: u32, total: u32, step_fraction: f64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    ((f64::from(index) + step_fraction.clamp(0.0, 1.0)) / f64::from(total)).clamp(0.0, 1.0)
}

/// The confirm token of a plan for an answer document: SHA-256 over both, hex.
pub fn confirm_token(answer_yaml: &str, plan: &serde_json::Value) -> String {
    let mut h = Sha256::new();
    h.update(b"lainos-installer1-plan\0");
    h.update(sha256_hex(answer_yaml.as_bytes()).as_bytes());
    h.update(b"\0");
    h.update(plan.to_string().as_bytes());
    hex(&h.finalize())
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_depends_on_answers_and_plan() {
        let p1 = serde_json::json!({"actions": [1, 2]});
        let p2 = serde_json::json!({"actions": [1, 3]});
        let a = confirm_token("a", &p1);
        assert_eq!(a.len(), 64);
        assert_eq!(a, confirm_token("a", &p1));
        assert_ne!(a, confirm_token("b", &p1));
        assert_ne!(a, confirm_token("a", &p2));
    }

    #[test]
    fn events_round_trip_as_tagged_json() {
        let e = EventDto::StepProgress {
            index: 2,
            total: 5,
            step: "unpack".into(),
            fraction: 0.5,
            bytes_done: 10,
            bytes_total: 20,
        };
        let j = serde_json::to_string(&e).unwrap();
        assert!(j.contains(r#""kind":"step_progress""#), "{j}");
        assert_eq!(serde_json::from_str::<EventDto>(&j).unwrap(), e);
    }

    #[test]
    fn disks_carry_their_table_and_largest_free_region() {
        let d = DiskDto {
            path: "/dev/vda".into(),
            size_bytes: 32 << 30,
            partition_table: Some("gpt".into()),
            largest_free: Some(FreeRegionDto {
                start_bytes: 27 << 30,
                size_bytes: 4 << 30,
            }),
            ..DiskDto::default()
        };
        let j = serde_json::to_value(&d).unwrap();
        assert_eq!(j["partition_table"], "gpt");
        assert_eq!(j["largest_free"]["start_bytes"], 27u64 << 30);
        assert_eq!(j["largest_free"]["size_bytes"], 4u64 << 30);
        assert_eq!(serde_json::from_value::<DiskDto>(j).unwrap(), d);
        // A service from before these fields: the disk still reads, without them.
        let old: DiskDto =
            serde_json::from_str(r#"{"path": "/dev/vdb", "size_bytes": 8589934592}"#).unwrap();
        assert_eq!(old.partition_table, None);
        assert_eq!(old.largest_free, None);
        // A disk without a table or free space sends neither field.
        let blank = serde_json::to_string(&DiskDto::default()).unwrap();
        assert!(!blank.contains("partition_table") && !blank.contains("largest_free"));
    }

    #[test]
    fn overall_fraction_is_clamped() {
        assert!((overall_fraction(1, 4, 0.5) - 0.375).abs() < 1e-9);
        assert_eq!(overall_fraction(0, 0, 0.5), 0.0);
        assert_eq!(overall_fraction(4, 4, 3.0), 1.0);
    }
}
