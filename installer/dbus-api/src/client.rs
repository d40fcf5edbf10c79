//! The client side: the generated proxy and a typed wrapper that decodes the JSON
//! documents and the service's error names.

use serde::de::DeserializeOwned;

use crate::{BusChoice, IssuesDto, PlanDto, ProbeDto, StatusDto, error_names};

/// The raw proxy of `org.lainos.Installer1`.
#[zbus::proxy(
    interface = "org.lainos.Installer1",
    default_service = "org.lainos.Installer1",
    default_path = "/org/lainos/Installer1"
)]
pub trait Installer1 {
    fn probe(&self) -> zbus::Result<String>;
    fn validate(&self, answer_yaml: &str) -> zbus::Result<String>;
    fn plan(&self, answer_yaml: &str) -> zbus::Result<String>;
    fn install(&self, answer_yaml: &str, confirm_token: &str) -> zbus::Result<u64>;
    fn cancel(&self) -> zbus::Result<()>;
    fn status(&self) -> zbus::Result<String>;

    #[zbus(property)]
    fn version(&self) -> zbus::Result<u32>;

    #[zbus(signal)]
    #[allow(clippy::too_many_arguments)]
    fn progress(
        &self,
        job: u64,
        step: String,
        index: u32,
        total: u32,
        fraction: f64,
        bytes_done: u64,
        bytes_total: u64,
        message: String,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    fn log(&self, job: u64, level: String, message: String) -> zbus::Result<()>;

    #[zbus(signal)]
    fn finished(&self, job: u64, ok: bool, error: String) -> zbus::Result<()>;
}

/// What went wrong talking to the service.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the installer service on the {bus}: {message}")]
    Connect { bus: String, message: String },
    #[error("the installer service refused the request: {0}")]
    AccessDenied(String),
    #[error("the answers have errors")]
    Invalid(IssuesDto),
    #[error("the plan must be shown and confirmed again before installing")]
    PlanRequired,
    #[error("an installation is already running")]
    Busy,
    #[error("no installation is running")]
    NoJob,
    #[error("the installer service failed: {0}")]
    Failed(String),
    #[error("D-Bus call failed: {0}")]
    DBus(String),
    #[error("the installer service sent a malformed reply: {0}")]
    Decode(String),
}

impl From<zbus::Error> for ClientError {
    fn from(e: zbus::Error) -> Self {
        match &e {
            zbus::Error::MethodError(name, msg, _) => {
                let msg = msg.clone().unwrap_or_default();
                match name.as_str() {
                    error_names::ACCESS_DENIED | "org.freedesktop.DBus.Error.AccessDenied" => {
                        ClientError::AccessDenied(msg)
                    }
                    error_names::INVALID => match serde_json::from_str::<IssuesDto>(&msg) {
                        Ok(issues) => ClientError::Invalid(issues),
                        Err(_) => ClientError::Failed(msg),
                    },
                    error_names::PLAN_REQUIRED => ClientError::PlanRequired,
                    error_names::BUSY => ClientError::Busy,
                    error_names::NO_JOB => ClientError::NoJob,
                    error_names::FAILED => ClientError::Failed(msg),
                    _ => ClientError::DBus(format!("{name}: {msg}")),
                }
            }
            _ => ClientError::DBus(e.to_string()),
        }
    }
}

fn decode<T: DeserializeOwned>(s: &str) -> Result<T, ClientError> {
    serde_json::from_str(s).map_err(|e| ClientError::Decode(e.to_string()))
}

/// A typed client of the installer service. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    proxy: Installer1Proxy<'static>,
}

impl Client {
    /// Connects to `bus` and checks that the service speaks a known interface version
    /// (this also starts it through D-Bus activation where that is set up).
    pub async fn connect(bus: &BusChoice) -> Result<Self, ClientError> {
        let connect_err = |e: zbus::Error| ClientError::Connect {
            bus: bus.to_string(),
            message: e.to_string(),
        };
        let conn = bus
            .builder()
            .map_err(connect_err)?
            .build()
            .await
            .map_err(connect_err)?;
        let proxy = Installer1Proxy::new(&conn).await.map_err(connect_err)?;
        Ok(Client { proxy })
    }

    pub fn proxy(&self) -> &Installer1Proxy<'static> {
        &self.proxy
    }

    pub async fn version(&self) -> Result<u32, ClientError> {
        Ok(self.proxy.version().await?)
    }

    pub async fn probe(&self) -> Result<ProbeDto, ClientError> {
        decode(&self.proxy.probe().await?)
    }

    pub async fn validate(&self, answer_yaml: &str) -> Result<IssuesDto, ClientError> {
        decode(&self.proxy.validate(answer_yaml).await?)
    }

    pub async fn plan(&self, answer_yaml: &str) -> Result<PlanDto, ClientError> {
        decode(&self.proxy.plan(answer_yaml).await?)
    }

    pub async fn install(
        &self,
        answer_yaml: &str,
        confirm_token: &str,
    ) -> Result<u64, ClientError> {
        Ok(self.proxy.install(answer_yaml, confirm_token).await?)
    }

    pub async fn cancel(&self) -> Result<(), ClientError> {
        Ok(self.proxy.cancel().await?)
    }

    pub async fn status(&self) -> Result<StatusDto, ClientError> {
        decode(&self.proxy.status().await?)
    }
}
