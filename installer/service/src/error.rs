//! The errors the service replies with, as D-Bus error names
//! (`org.lainos.Installer1.Error.*`, see `lainos_dbus_api::error_names`).

/// A D-Bus error reply of the installer service.
#[derive(Debug, zbus::DBusError)]
#[zbus(prefix = "org.lainos.Installer1.Error")]
pub enum ServiceError {
    #[zbus(error)]
    ZBus(zbus::Error),
    /// The caller is not allowed.
    AccessDenied(String),
    /// The answers have errors; the message is an `IssuesDto` JSON document.
    Invalid(String),
    /// No matching plan for these answers and token.
    PlanRequired(String),
    /// A job already runs.
    Busy(String),
    /// Nothing to cancel.
    NoJob(String),
    /// The backend failed.
    Failed(String),
}

impl From<zbus::fdo::Error> for ServiceError {
    fn from(e: zbus::fdo::Error) -> Self {
        ServiceError::ZBus(e.into())
    }
}
